"""A mail of no body is a message with no text, in an mbox as in an .eml (and a mail-shaped text file).

Class: an e-mail whose headers name it (From, Date, Message-ID) and whose body holds no words (empty, or blank
lines only) — an announcement whose text was an attachment, a "subject says it all" mail, a mail cut in its headers.
Before, an mbox dropped it (warning "the mail has no body"): its reply lost its parent and the thread its opener,
while a saved page already kept such a post "with no text". Now it is kept: a message of its header fields and
no text, its header lines headers and its blank lines boilerplate (every input line in one place), the warning kept.
"""
from __future__ import annotations

import pytest

from line_accounting import parsed_accounted
from test_ingest2_store import HEADERS_ONLY
from threadkb.cli import main
from threadkb.kb import KnowledgeBase


def _mail(n: int, who: str, body: str, reply_to: int | None = None, sep: bool = True) -> str:
    login = who.split()[0].lower()
    out = f"From {login}@example.org Mon Jun  {n} 10:00:00 2024\n" if sep else ""
    out += (f"From: {who} <{login}@example.org>\nDate: Mon, {n} Jun 2024 10:00:00 +0000\n"
            f"Subject: {'Re: ' if reply_to else ''}Certificates issued with a bad OCSP URL\nMessage-ID: <k{n}@example.org>\n")
    if reply_to:
        out += f"In-Reply-To: <k{reply_to}@example.org>\n"
    return out + "\n" + body + ("\n" if body else "")


REPLY = "We will revoke the affected certificates by Friday and file an incident report."
OTHER = "Our CPS says the same: the affected certificates must be revoked within five days."


@pytest.mark.parametrize("body", ["", "\n\n", "   \n"], ids=["empty", "blank-lines", "spaces"])
@pytest.mark.parametrize("where", ["opener", "middle", "last"])
def test_an_mbox_keeps_its_mail_of_no_body(tmp_path, body, where):
    mails = {"opener": [_mail(3, "Ann Lee", body), _mail(4, "Bob Roe", REPLY, 3), _mail(5, "Cid Poe", OTHER, 4)],
             "middle": [_mail(3, "Cid Poe", OTHER), _mail(4, "Ann Lee", body, 3), _mail(5, "Bob Roe", REPLY, 4)],
             "last": [_mail(3, "Bob Roe", REPLY), _mail(4, "Cid Poe", OTHER, 3), _mail(5, "Ann Lee", body, 4)]}[where]
    thread = parsed_accounted(tmp_path, "\n".join(mails), "a.mbox")
    by_author = {m.author: m for m in thread.messages}
    assert sorted(by_author) == ["Ann Lee", "Bob Roe", "Cid Poe"]
    ann = by_author["Ann Lee"]
    assert (ann.text, ann.partial, ann.message_id, ann.span is not None) == ("", False, "<k" + str(
        {"opener": 3, "middle": 4, "last": 5}[where]) + "@example.org>", True)
    parents = {m.author: thread.message(m.in_reply_to).author if m.in_reply_to else None for m in thread.messages}
    assert parents == {"opener": {"Ann Lee": None, "Bob Roe": "Ann Lee", "Cid Poe": "Bob Roe"},
                       "middle": {"Cid Poe": None, "Ann Lee": "Cid Poe", "Bob Roe": "Ann Lee"},
                       "last": {"Bob Roe": None, "Cid Poe": "Bob Roe", "Ann Lee": "Cid Poe"}}[where]
    assert any("the mail has no body" in w for w in thread.warnings)


@pytest.mark.parametrize("name, text", [
    ("opener.eml", _mail(3, "Ann Lee", "", sep=False)),
    ("blank.eml", _mail(3, "Ann Lee", "\n\n", sep=False)),
    ("headers.txt", HEADERS_ONLY),  # a mail saved as text (test_ingest2_store)
])
def test_one_mail_of_no_body_is_one_message(tmp_path, name, text):
    thread = parsed_accounted(tmp_path, text, name)
    assert [(m.author, m.text) for m in thread.messages] == [("Ann Lee", "")]


def test_the_base_stores_the_opener_and_its_reply_under_it(tmp_path):
    box = tmp_path / "a.mbox"
    box.write_text("\n".join([_mail(3, "Ann Lee", ""), _mail(4, "Bob Roe", REPLY, 3)]), encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    assert main(["ingest", "--quiet", "--db", str(db), str(box)]) == 0
    with KnowledgeBase(db) as kb:
        rows = [tuple(r) for r in kb.db.execute(
            "SELECT m.author, m.text, p.author, m.line_start, m.line_end FROM messages m"
            " LEFT JOIN messages p ON p.id = m.in_reply_to_id ORDER BY m.date_utc")]
        assert kb.counts()["threads"] == 1
    assert rows == [("Ann Lee", "", None, 1, 3), ("Bob Roe", REPLY, "Ann Lee", 10, 10)]  # lines of the thread's text
