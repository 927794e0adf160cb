"""Ingest order does not change what is stored (issue 17, defect 4).

The same files ingested in another order give the same messages (text, fields, place of the copy kept),
claims (text, reading, offsets, place), relations (evidence), citations, entities and copies: the copy
kept is chosen by a total order (an e-mail first, then the fullest text, then a stable key), and each
field comes from the best copy that knows it. Rows are compared by content, not by id.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from threadkb.batches import ingest_paths
from threadkb.ingest import iter_files
from threadkb.kb import KnowledgeBase

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

CONTENT = {
    "messages": "SELECT m.author, m.email, m.date_utc, m.date_offset, m.date_text, m.subject, m.message_id, m.text,"
                " m.partial, m.origin, f.path, m.line_start, m.line_end, p.name_key, o.name_key,"
                " (SELECT text_hash FROM messages r WHERE r.id = m.in_reply_to_id)"
                " FROM messages m JOIN source_files f ON f.id = m.source_file_id"
                " LEFT JOIN people p ON p.id = m.author_id LEFT JOIN organisations o ON o.id = m.on_behalf_of_id",
    "claims": "SELECT c.kind, c.text, c.cue, c.deadline, c.start_offset, c.end_offset, c.line_start, c.line_end,"
              " f.path, c.speaker, m.text_hash FROM claims c JOIN messages m ON m.id = c.message_id"
              " JOIN source_files f ON f.id = c.source_file_id",
    "relations": "SELECT r.kind, a.text, b.text, r.evidence, r.score FROM relations r"
                 " JOIN claims a ON a.id = r.from_claim_id JOIN claims b ON b.id = r.to_claim_id",
    "citations": "SELECT c.document, c.section, c.item, c.version, m.text_hash FROM citations c"
                 " JOIN messages m ON m.id = c.message_id",
    "entities": "SELECT e.label, e.text, m.text_hash FROM entities e JOIN messages m ON m.id = e.message_id",
    "copies": "SELECT f.path, c.message_key, c.depth, c.line_start, m.text_hash FROM message_copies c"
              " JOIN messages m ON m.id = c.message_id JOIN source_files f ON f.id = c.source_file_id",
    "threads": "SELECT (SELECT group_concat(h, ' ') FROM (SELECT text_hash AS h FROM messages WHERE thread_id = t.id"
               " ORDER BY text_hash)) FROM threads t",
}


def content(kb: KnowledgeBase) -> dict[str, list[tuple]]:
    return {name: sorted((tuple(map(repr, r)) for r in kb.db.execute(sql)))
            for name, sql in CONTENT.items()}


@pytest.fixture(scope="module")
def corpus_files() -> list[str]:
    return sorted(iter_files(str(CORPORA)))


def test_corpus_in_reverse_order_stores_the_same(tmp_path, corpus_files):
    dumps = []
    for name, files in (("forward", corpus_files), ("reverse", corpus_files[::-1])):
        with KnowledgeBase(tmp_path / f"{name}.sqlite") as kb:
            ingest_paths(kb, files, quiet=True)
            dumps.append(content(kb))
    assert dumps[0]["messages"] and dumps[0]["claims"]
    for table in CONTENT:
        assert dumps[0][table] == dumps[1][table], table


def test_an_email_and_its_quoted_copy_in_either_order(tmp_path):
    """The e-mail is kept (its text, header date and place) whether the file quoting it comes first or last."""
    ask = ("I tried to produce a random matrix with the new release and the shape of the result is wrong "
           "whenever the second dimension is larger than the first one. Is this expected behaviour?")
    mail = ["From x@x Mon Oct  6 10:00:00 2025", "From: Ann Lee <ann@x>", "Date: Thu Nov  1 11:19:12 2001",
            "Subject: matrix", "Message-ID: <a@x>", "", ask, "", "Ann", ""]
    reply = ["From x@x Mon Oct  6 10:00:00 2025", "From: Bob Roe <bob@x>", "Date: Thu, 1 Nov 2001 12:00:00 +0000",
             "Subject: Re: matrix", "Message-ID: <b@x>", "", "On Thu, Nov 1, 2001 at 11:19 AM +0000, Ann Lee wrote:",
             f"> {ask}", "> Ann Lee, Numerical Python team, Lawrence Livermore National Laboratory", "",
             "No, that is a bug in the reshaping code; try the nightly build.", ""]
    (tmp_path / "a.mbox").write_text("\n".join(mail) + "\n", encoding="utf-8")
    (tmp_path / "b.mbox").write_text("\n".join(reply) + "\n", encoding="utf-8")
    rows = []
    for name, order in (("ab", ["a.mbox", "b.mbox"]), ("ba", ["b.mbox", "a.mbox"])):
        with KnowledgeBase(tmp_path / f"{name}.sqlite") as kb:
            ingest_paths(kb, [str(tmp_path / f) for f in order], quiet=True)
            rows.append(kb.db.execute(
                "SELECT m.text, m.date_utc, m.date_offset, m.origin, f.path FROM messages m"
                " JOIN source_files f ON f.id = m.source_file_id WHERE m.author = 'Ann Lee'").fetchall())
    assert [tuple(r) for r in rows[0]] == [tuple(r) for r in rows[1]]
    (text, date_utc, offset, origin, path), = rows[0]
    assert (date_utc, offset, origin, Path(path).name) == ("2001-11-01T11:19:12", None, "mail", "a.mbox")
    assert text.startswith("I tried") and "Livermore" not in text


@pytest.mark.parametrize("ids,rows", [(("<a@x>", "<a@x>"), 1), (("<a@x>", "<b@x>"), 2), (("<a@x>", None), 1)])
def test_two_files_same_author_second_and_text_are_one_row_only_with_one_message_id(tmp_path, ids, rows):
    text = ("Remove unnecessary semicolons in the e1000e driver code paths; no functional change intended "
            "by this patch of the series.")
    for n, mid in enumerate(ids):
        head = ["From x@x Mon Oct  6 10:00:00 2025", "From: Joe Perches <joe@x>",
                "Date: Sun, 14 Nov 2010 19:04:58 -0800", "Subject: [PATCH] e1000e"]
        (tmp_path / f"{n}.mbox").write_text("\n".join(head + ([f"Message-ID: {mid}"] if mid else []) + ["", text, ""])
                                            + "\n", encoding="utf-8")
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        ingest_paths(kb, [str(tmp_path / "0.mbox"), str(tmp_path / "1.mbox")], quiet=True)
        assert kb.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == rows
        assert kb.db.execute("SELECT COUNT(*) FROM message_copies").fetchone()[0] == 2


def test_same_author_same_minute_in_two_threads_of_one_mbox_are_two_rows(tmp_path):
    """Message keys are unique in a thread only: two threads of one mbox may both have 'joe-perches-…-1904'."""
    out = []
    for n, text in enumerate(["Remove unnecessary semicolons in the e1000e driver, no functional change.",
                              "Fix a typo in the comment of the ixgbe driver header file, nothing else."]):
        out += ["From x@x Mon Oct  6 10:00:00 2025", "From: Joe Perches <joe@x>",
                f"Date: Sun, 14 Nov 2010 19:04:{20 + n} -0800", f"Subject: [PATCH] driver {n}",
                f"Message-ID: <p{n}@x>", "", text, ""]
    (tmp_path / "series.mbox").write_text("\n".join(out) + "\n", encoding="utf-8")
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        ingest_paths(kb, [str(tmp_path / "series.mbox")], quiet=True)
        assert kb.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 2
        assert kb.db.execute("SELECT COUNT(*) FROM threads").fetchone()[0] == 2
