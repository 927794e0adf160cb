"""What a stored message and its claims say comes from the copies that hold them now, whatever order the files came in.

Classes (session 16, kb16):
(a) a changed file re-ingested: a field its new bytes no longer give (the From address, the subject, the name, "on
    behalf of") stayed the old bytes' (``_copy_fields`` kept a stored value no copy gave; a claim's speaker and
    organisation were ``COALESCE``d from the first copy ever read). Now the message row is what its copies say, and a
    claim read again from the file that gave its reading takes what the new bytes say.
(b) a mail pasted or forwarded inside another one, whose words another stored file also holds: dropping the mail that
    carried them retired every claim of the dropped message, though another file still gave the claim.
(c) a claim given by several copies, none of them the copy whose text the message row keeps: its reading (speaker,
    offsets, file and line, kind, cue, deadline) was the first copy's read, so it depended on the order of ingest
    (027, mdsp-2025-10 then 028 vs 027, 028 then mdsp-2025-10). Now the best copy that gives it (``_COPY_ORDER``).
Each test compares an update in place (or one order) with a fresh ingest (or the other order), by content.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import re
from pathlib import Path

import pytest

from test_kb_changed_file import M1, M2, M3, _mail
from threadkb.cli import main
from threadkb.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

MESSAGES = ("SELECT m.author, m.email, m.date_utc, m.date_offset, m.subject, m.message_id, m.text, f.path, m.line_start,"
            " m.line_end, p.name_key, o.name FROM messages m JOIN source_files f ON f.id = m.source_file_id"
            " LEFT JOIN people p ON p.id = m.author_id LEFT JOIN organisations o ON o.id = m.on_behalf_of_id")
CLAIMS = ("SELECT c.kind, c.text, c.cue, c.speaker, o.name, c.deadline, c.deadline_text, c.start_offset, c.end_offset,"
          " f.path, c.line_start, c.line_end, m.text_hash FROM claims c JOIN messages m ON m.id = c.message_id"
          " LEFT JOIN source_files f ON f.id = c.source_file_id LEFT JOIN organisations o ON o.id = c.on_behalf_of_id")
RELATIONS = ("SELECT r.kind, a.text, a.speaker, b.text, b.speaker, r.evidence, round(r.score, 6) FROM relations r JOIN claims a ON a.id = r.from_claim_id"
             " JOIN claims b ON b.id = r.to_claim_id")
THREADS = ("SELECT (SELECT substr(o.text_hash, 1, 12) FROM messages o WHERE o.thread_id = t.id"
           " ORDER BY o.date_utc IS NULL, o.date_utc, o.id LIMIT 1),"
           " (SELECT group_concat(h, ' ') FROM (SELECT text_hash AS h FROM messages WHERE thread_id = t.id"
           " ORDER BY text_hash)) FROM threads t")


def _ingest(db: Path, *paths: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["ingest", "--quiet", "--db", str(db), *map(str, paths)]) == 0


def _rows(db: Path, sql: str) -> list[tuple]:
    with KnowledgeBase(db) as kb:
        return sorted((tuple(map(repr, r)) for r in kb.db.execute(sql)))


def _content(db: Path) -> dict[str, list[tuple]]:
    return {name: _rows(db, sql) for name, sql in
            (("messages", MESSAGES), ("claims", CLAIMS), ("relations", RELATIONS), ("threads", THREADS))}


CC = M3.replace("Message-ID: <m5", "Cc: Dan Doe <dan@example.org>\nMessage-ID: <m5")
BEHALF = M3.replace("We will revoke", "On behalf of Example CA: we will revoke")


@pytest.mark.parametrize("name, before, after, field", [
    ("email", M1 + M2 + M3, M1 + M2 + M3.replace("From: Cid Poe <cid@example.org>", "From: Cid Poe"), "email"),
    ("author", M1 + M2 + M3, M1 + M2 + M3.replace("From: Cid Poe", "From: Cid P. Poe"), "speaker"),
    ("subject", M1 + M2 + M3, M1 + M2 + M3.replace("Subject: Re: Delayed revocation at Example CA\nMessage-ID: <m5",
                                                   "Message-ID: <m5"), "subject"),
    ("behalf", M1 + M2 + BEHALF, M1 + M2 + M3, "on behalf of"),
    ("cc", M1 + M2 + CC, M1 + M2 + M3, "Cc"),
])
def test_a_changed_file_gives_its_messages_new_fields(tmp_path, name, before, after, field):
    box = tmp_path / "a.mbox"
    box.write_text(before, encoding="utf-8")
    db, fresh = tmp_path / "kb.sqlite", tmp_path / "fresh.sqlite"
    _ingest(db, box)
    box.write_text(after, encoding="utf-8")
    _ingest(db, box)
    _ingest(fresh, box)
    assert _content(db) == _content(fresh), field
    cid = [r for r in _rows(db, MESSAGES) if "remaining certificates" in r[6]]
    assert len(cid) == 1
    expected = {"email": ("None", "'Re: Delayed revocation at Example CA'", "'Cid Poe'"),
                "author": ("'cid@example.org'", "'Re: Delayed revocation at Example CA'", "'Cid P. Poe'"),
                "subject": ("'cid@example.org'", "None", "'Cid Poe'"),
                "behalf": ("'cid@example.org'", "'Re: Delayed revocation at Example CA'", "'Cid Poe'"),
                "cc": ("'cid@example.org'", "'Re: Delayed revocation at Example CA'", "'Cid Poe'")}[name]
    assert (cid[0][1], cid[0][4], cid[0][0]) == expected
    speakers = [(r[3], r[4]) for r in _rows(db, CLAIMS) if "remaining certificates" in r[1]]
    assert speakers == [(expected[2], "None")]


BODY = "We did not revoke the 12 affected certificates within 5 days as BR 4.9.1.1 requires."
PASTED = {
    "forward": ("---------- Forwarded message ---------\nFrom: Ann Lee <ann@example.org>\n"
                "Date: Mon, 3 Jun 2024 10:00:00 +0000\nSubject: Delayed revocation at Example CA\n\n" + BODY),
    "quoted": "On Mon, 3 Jun 2024 at 10:00, Ann Lee <ann@example.org> wrote:\n> " + BODY,
    "outlook": ("-----Original Message-----\nFrom: Ann Lee <ann@example.org>\nSent: Monday, June 3, 2024 10:00 AM\n"
                "Subject: Delayed revocation at Example CA\n\n" + BODY),
}


def _forward(n: int, who: str, pasted: str) -> str:
    return _mail(n, who, "Forwarding Ann's mail for the record.\n\n" + pasted)


@pytest.mark.parametrize("style", sorted(PASTED))
def test_claims_another_file_still_gives_stay_when_the_mail_carrying_them_is_dropped(tmp_path, style):
    """a.mbox: Bob forwards Ann's mail; b.mbox: Dan forwards the same mail with the same words of his own. Bob's mail
    is dropped from a.mbox: Ann's admission and Dan's sentence (stored as one claim with Bob's, whose words it
    repeats) stay, Dan's now, with the relation between them; before, Dan's claim went with Bob's message."""
    a, b = tmp_path / "a.mbox", tmp_path / "b.mbox"
    a.write_text(_forward(6, "Bob Roe", PASTED[style]) + M3, encoding="utf-8")
    b.write_text(_forward(7, "Dan Doe", PASTED[style]), encoding="utf-8")
    db, fresh = tmp_path / "kb.sqlite", tmp_path / "fresh.sqlite"
    _ingest(db, a, b)
    a.write_text(M3, encoding="utf-8")
    _ingest(db, a)
    _ingest(fresh, b, a)
    claims = [(r[3], r[1], r[0]) for r in _rows(db, CLAIMS)]
    assert claims == [(r[3], r[1], r[0]) for r in _rows(fresh, CLAIMS)]
    assert ("'Dan Doe'", '"Forwarding Ann\'s mail for the record."', "'assertion'") in claims
    assert ("'Ann Lee'", repr(BODY), "'admission'") in claims
    # the relation, not its evidence: the merged reasons of both copies stay (what only Bob's copy gave is not known)
    assert [r[:5] for r in _rows(db, RELATIONS)] == [r[:5] for r in _rows(fresh, RELATIONS)] != []
    assert _rows(db, MESSAGES) == _rows(fresh, MESSAGES)


def _corpus(prefix: str) -> Path:
    return next(CORPORA.glob(f"{prefix}*"))


# files of the corpus that share messages (the same mail archived twice, a thread quoted in another)
SHARING = [("013", "014"), ("016", "017"), ("044", "045"), ("027", "028", "mdsp-2025-10")]


@pytest.mark.parametrize("prefixes", SHARING, ids="+".join)
def test_files_sharing_messages_in_every_order_store_the_same(tmp_path, prefixes):
    """Every order of the files gives the same messages, claims (reading, place, speaker), relations and thread keys.
    027, mdsp-2025-10, 028 failed before (Alvin Wang's "SHECA has consistently upheld …" placed in 027, not 028)."""
    paths = [_corpus(p) for p in prefixes]
    dumps = []
    for i, order in enumerate(itertools.permutations(paths)):
        db = tmp_path / f"{i}.sqlite"
        for p in order:
            _ingest(db, p)
        dumps.append(_content(db))
    with KnowledgeBase(tmp_path / "0.sqlite") as kb:  # the files do share messages
        shared = kb.db.execute("SELECT count(*) FROM (SELECT message_id FROM message_copies GROUP BY message_id"
                               " HAVING count(DISTINCT source_file_id) > 1)").fetchone()[0]
    assert shared >= 1
    for d in dumps[1:]:
        assert d == dumps[0]



def _subject(mail: str, subject: str) -> str:
    return re.sub(r"(?m)^Subject: .*$", f"Subject: {subject}", mail, count=1)


# a thread in two files: the reply SHARED in both, its opener (as a list archived it, with its tag, or not) in some
OPENER = _subject(_mail(1, "Eve Ray", "Example CA issued 12 certificates with an invalid organisation name field."),
                  "Example CA incident")
TAGGED = OPENER.replace("Subject: Example", "Subject: [dev-security-policy] Example")
SHARED = _subject(_mail(3, "Ann Lee", "We did not revoke the 12 affected certificates within 5 days.", reply_to=1),
                  "Re: Example CA incident")


@pytest.mark.parametrize("first, second, subject", [
    (SHARED, OPENER + SHARED, "Example CA incident"),  # a reply's "Re:" vs the opener's subject
    (OPENER + SHARED, TAGGED + SHARED, "Example CA incident"),  # the list's tag: the shorter
    (TAGGED + SHARED, SHARED, "[dev-security-policy] Example CA incident"),  # a tagged subject vs a reply's
])
def test_the_subject_of_a_thread_two_files_share_does_not_depend_on_their_order(tmp_path, first, second, subject):
    """Class (c): two files holding one thread (a mail in both), each naming a subject (its first mail's): the thread kept
    the subject of the file stored first (``COALESCE``). Now the least of them by (a reply's "Re:", length, text)."""
    got = []
    for order in ((first, second), (second, first)):
        db = tmp_path / f"{len(got)}.sqlite"
        for i, text in enumerate(order):
            box = tmp_path / f"{len(got)}-{i}.mbox"
            box.write_text(text, encoding="utf-8")
            _ingest(db, box)
        with KnowledgeBase(db) as kb:
            got.append(sorted(r[0] or "" for r in kb.db.execute("SELECT subject FROM threads")))
    assert got[0] == got[1] == [subject]


def _edited(lines: list[str], op: str, at: int, n: int) -> list[str]:
    return lines[:at] + lines[at + n:] if op == "del" else lines[:at] + lines[at:at + n] + lines[at:]


REPLY_OF = ("SELECT m.author, (SELECT p.author FROM messages p WHERE p.id = m.in_reply_to_id) FROM messages m"
            " WHERE m.author = ?")
CITED = ("SELECT count(*) FROM claim_citations cc JOIN claims c ON c.id = cc.claim_id WHERE c.text LIKE ?")
HOME = "SELECT substr(m.text, 1, 30) FROM claims c JOIN messages m ON m.id = c.message_id WHERE c.text LIKE ?"
ORIGIN = "SELECT origin FROM messages WHERE text LIKE ?"
AFFILIATED = "SELECT o.name FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.name = ?"
EVIDENCE = ("SELECT count(*) FROM relations r JOIN claims a ON a.id = r.from_claim_id WHERE a.text LIKE ?"
            " AND r.evidence LIKE '%\"reply structure: msg-2 is the next comment after msg\"%'")
AUTHORS = "SELECT count(*) FROM messages WHERE author = ?"


@pytest.mark.parametrize("prefix, op, at, n, sql, arg, expected", [
    # a relation's evidence and score: the new bytes' (the old bytes' reasons were kept beside them)
    ("056", "dup", 3, 8, EVIDENCE, "We understand that changes like this%", [(1,)]),
    # a reply link the new bytes no longer give ("@FernandoMiguel" edited away): no parent, not the old one
    ("076", "del", 11, 1, REPLY_OF, "FernandoMiguel", [("FernandoMiguel", None), ("FernandoMiguel", None)]),
    # a claim's sections: those the new bytes link (the old bytes' stayed beside them)
    ("049", "dup", 12, 8, CITED, "The Certificate no longer complies%", [(0,)]),
    # a claim the old bytes gave to another message, whose new text no longer holds its words: it moves back
    ("046", "del", 7, 3, HOME, "Please continue to renew%", [("2020.02.29 CAA Rechecking Bug\n",)]),
    # keys shifted by a mail added before them: "…-2" names another mail now (two mails were stored as one)
    ("049", "dup", 0, 8, AUTHORS, "BenWilson-Mozilla", [(3,)]),
    # an old copy of the file its new bytes no longer hold ranks nothing: the row's origin is the new copy's
    ("038", "dup", 20, 8, ORIGIN, "1. How your CA first became aware%", [("bugzilla-comment-2",)]),
    # a thread's subject the new bytes no longer name (the Google Groups page's title lines cut)
    ("059", "del", 0, 8, "SELECT subject FROM threads WHERE ? IS NULL", None, [(None,)]),
    # a person only the cut lines named ("Wayne Thayer"): gone, and no alias of "Wayne" any more
    ("012", "del", 0, 1, "SELECT name, alias_rule FROM people WHERE name LIKE ?", "Wayne%", [("Wayne", None)]),
    # an affiliation the new bytes no longer show (the sign-off "Sincerely yours," / "Ben Wilson" / "Mozilla Root
    # Program" cut). (parse17b) The row cut lines 26-28 before ("… please send an email to …", the blank line and
    # "Sincerely yours,"), which left "Ben Wilson" / "Mozilla Root Program" right under the text: that is a sign-off
    # over its organisation's line (an unlisted organisation by its last word), so the new bytes do show it; the
    # cut now takes the sign-off, as the comment says, and the old cut is the next row
    ("004", "del", 27, 3, AFFILIATED, "Ben Wilson", [(None,)]),
    ("004", "del", 25, 3, AFFILIATED, "Ben Wilson", [("Mozilla",)]),
])
def test_a_changed_real_file_stores_what_a_fresh_ingest_stores(tmp_path, prefix, op, at, n, sql, arg, expected):
    """Class (a) on real pages: a corpus file ingested, then changed (lines cut or repeated) and ingested again, gives
    the base a fresh ingest of the new bytes gives (messages, claims, relations, thread keys, claim sections,
    affiliations); each row also checks the field that was kept from the old bytes before (the first 9 failed before)."""
    source = _corpus(prefix)
    page = tmp_path / source.name
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    page.write_text("".join(lines), encoding="utf-8")
    db, fresh = tmp_path / "kb.sqlite", tmp_path / "fresh.sqlite"
    _ingest(db, page)
    page.write_text("".join(_edited(lines, op, at, n)), encoding="utf-8")
    _ingest(db, page)
    _ingest(fresh, page)
    assert _content(db) == _content(fresh)
    for extra in (CITED.replace("WHERE c.text LIKE ?", ""), "SELECT p.name, p.email, p.alias_rule, o.name FROM people p"
                  " LEFT JOIN organisations o ON o.id = p.organisation_id"):
        assert _rows(db, extra) == _rows(fresh, extra)
    with KnowledgeBase(db) as kb:
        assert [tuple(r) for r in kb.db.execute(sql, (arg,))] == expected


@pytest.mark.parametrize("prefix, cut", [("004", 20), ("011", 20), ("012", 20)])
def test_a_file_cut_below_another_files_copy_hands_it_the_claims_reading(tmp_path, prefix, cut):
    """Two files hold the same real page (a/, b/; a's copy ranks first by path); a's bytes lose their last lines (and
    one line is edited): b's copy is now the fuller one (_COPY_ORDER), and a fresh ingest of both reads the claims
    from b, at their own lines."""
    source = _corpus(prefix)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / source.name, tmp_path / "b" / source.name
    a.write_text("".join(lines), encoding="utf-8")
    b.write_text("".join(lines), encoding="utf-8")
    db, fresh = tmp_path / "kb.sqlite", tmp_path / "fresh.sqlite"
    _ingest(db, a, b)
    edited = lines[:-cut]
    edited[len(edited) // 2] = edited[len(edited) // 2].rstrip("\n") + " (edited)\n"
    a.write_text("".join(edited), encoding="utf-8")
    _ingest(db, a, b)
    _ingest(fresh, a, b)
    assert _rows(db, CLAIMS) == _rows(fresh, CLAIMS)
