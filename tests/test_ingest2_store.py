"""An input that parses to no messages stores no thread, says so, and running it again does not grow the base.

Class: files whose text holds no message words of their own (an IETF archive page cut inside its raw RFC 822
headers, a mail of headers only, a header block above a blank body). Before: the store inserted a ``threads``
row for each such extraction, on every run (the knowledge base grew by one empty thread per run).
"""
from __future__ import annotations

import json

import pytest

from test_ingest2_rfc822 import IETF_PAGE
from threadkb import cli
from threadkb.batches import ingest_paths
from threadkb.kb import KnowledgeBase
from threadkb.models import Extraction, Thread

# real text: the IETF tls archive page (test_ingest2_rfc822), cut inside its transport headers: no words of its own
IETF_CUT = IETF_PAGE.format(empty="X-Spam-Level:", rest="DKIM-Signature: v=1; a=rsa-sha256; h=from:from:reply-to:subjec\n")
HEADERS_ONLY = "From: Ann Lee <ann@example.com>\nDate: Mon, 3 Jun 2024 10:00:00 +0000\nSubject: Re: x\n\n"
HEADERS_THEN_BLANKS = "From: Bob Roe <bob@example.org>\nSubject: Re: [dev-security-policy] y\n\n\n   \n\n"
REPLY = ("From: Ann Lee <ann@example.com>\nDate: Mon, 3 Jun 2024 10:00:00 +0000\nSubject: Re: x\n\n"
         "I think the CA must revoke within 5 days under BR 4.9.1.1.\n\nAnn\n")
# IETF_CUT names its message: one partial message (below); HEADERS_ONLY is a mail of no body: one message with no
# text (test_mail_no_body.py)
EMPTY_INPUTS = [HEADERS_THEN_BLANKS]
IDS = ["headers-blanks"]


def _counts(db) -> dict[str, int]:
    with KnowledgeBase(db) as kb:
        return kb.counts()


@pytest.mark.parametrize("text", EMPTY_INPUTS, ids=IDS)
def test_no_messages_no_thread_and_a_warning(tmp_path, text):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase(db) as kb:
        summary = ingest_paths(kb, [str(path)], quiet=True)
        assert kb.counts()["threads"] == 0
        assert kb.counts()["messages"] == 0
        (warnings,) = kb.db.execute("SELECT warnings FROM source_files").fetchone()
        (threads,) = kb.db.execute("SELECT threads FROM source_files").fetchone()
    assert threads == 0
    assert [w for w in json.loads(warnings) if "no thread stored" in w] == [
        w for _, w in summary.warning_texts if "no thread stored" in w]
    assert len(json.loads(warnings)) >= 1 and summary.added.threads_empty == 1
    assert summary.added.threads_new == 0 and summary.added.threads == 0
    text_out = summary.text()
    assert "1 without messages not stored" in text_out
    assert "no messages found" in text_out and "no thread stored" in text_out


@pytest.mark.parametrize("text", EMPTY_INPUTS, ids=IDS)
def test_storing_again_does_not_grow_the_base(tmp_path, text):
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    (tmp_path / "reply.txt").write_text(REPLY, encoding="utf-8")
    files = [str(tmp_path / "page.txt"), str(tmp_path / "reply.txt")]
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase(db) as kb:
        ingest_paths(kb, files, quiet=True)
        first = kb.counts()
        ingest_paths(kb, files, quiet=True, skip_unchanged=False)  # extract and store again
        assert kb.counts() == first
    assert first["threads"] == 1 and first["messages"] == 1  # the reply's thread only


def test_run_command_twice_on_a_file_of_no_messages(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    for name, text in zip(IDS, EMPTY_INPUTS, strict=True):
        (tmp_path / "in" / f"{name}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    args = ["run", str(tmp_path / "in"), "--db", db, "--quiet", "--output-dir", str(tmp_path / "out")]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "threads: 0 new, 0 joined a stored thread, 0 stored threads merged, 1 without messages not stored" in out
    assert _counts(db)["threads"] == 0
    counts = _counts(db)
    assert cli.main(args) == 0
    assert _counts(db) == counts and counts["threads"] == 0


def test_store_add_of_an_extraction_without_messages(tmp_path):
    ex = Extraction(Thread("x.txt", [], [], subject="Re: nothing here"))
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        for _ in range(2):
            res = kb.add(ex)
            assert (res.threads, res.threads_new, res.threads_empty) == (0, 0, 1)
            assert res.notes == ["no messages found (subject: Re: nothing here): no thread stored"]
        assert kb.counts()["threads"] == 0


def test_a_page_cut_before_its_body_stores_its_one_message(tmp_path):
    """The IETF page cut inside its raw headers names its writer and date: one thread, one message with no text
    (partial), the warning that its body is missing kept with the file; a second run adds nothing."""
    (tmp_path / "page.txt").write_text(IETF_CUT, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase(db) as kb:
        summary = ingest_paths(kb, [str(tmp_path / "page.txt")], quiet=True)
        first = kb.counts()
        (warnings,) = kb.db.execute("SELECT warnings FROM source_files").fetchone()
        ingest_paths(kb, [str(tmp_path / "page.txt")], quiet=True, skip_unchanged=False)
        assert kb.counts() == first
    assert (first["threads"], first["messages"], summary.added.threads_empty) == (1, 1, 0)
    assert [w for w in json.loads(warnings) if "no body" in w] == [
        "lines 1-14: the message of Mohit Sethi, Sun, 14 April 2024 19:29 UTC has its headers and no body "
        "(the input ends there): kept with no text"]
