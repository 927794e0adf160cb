"""Thread keys and the subjects shown are kept at ingest (schema 13, table ``thread_keys``; ``store.index_threads``).

Class (review16b finding 7; kb17): ``query threads``, ``--thread KEY`` and ``--thread TEXT`` read every message of the
base on every query (``kb.thread_openings`` / ``thread_keys`` / ``thread_subjects``: linear in messages, and two
statements per thread). Now the store keeps one row per thread (opening, key, subject shown) for the threads a file
touches, and a query reads those rows. Tests count statements, never time; the kept rows must equal a full recompute
after every kind of change (files sharing a thread in any order, threads whose openings share words arriving apart,
a changed and an emptied file, undated openings), and a base written by 35a8d3c (schema 11) gets them when opened.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import sqlite3
from pathlib import Path

import pytest

from test_kb_copy_reading import _corpus, _ingest
from test_kb_emptied_file import _run
from test_kb_thread_key import BUG_077, REPOST, _key, _mail
from threadkb import store
from threadkb.cli import main
from threadkb.kb import ClaimFilter, KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "kb" / "schema11_35a8d3c.sql"  # 004, 013, 014 ingested by 35a8d3c (sqlite3 .dump)
KEPT = "SELECT thread_id, opening_id, opening_hash, thread_key, shown FROM thread_keys ORDER BY thread_id"


def _kept(db: Path) -> list[tuple]:
    with KnowledgeBase(db) as kb:
        return [tuple(r) for r in kb.db.execute(KEPT)]


def _kept_equals_full_recompute(db: Path) -> list[tuple]:
    """The rows the ingests kept equal those a recompute of every thread gives; returns them."""
    kept = _kept(db)
    with KnowledgeBase(db) as kb, kb.transaction():
        kb.db.execute("DELETE FROM thread_keys")
        store.index_threads(kb.db)
    assert _kept(db) == kept
    with KnowledgeBase(db) as kb:
        assert len(kept) == kb.db.execute("SELECT count(*) FROM threads").fetchone()[0]
    return kept


@pytest.mark.parametrize("prefixes", [("027", "028", "mdsp-2025-10"), ("013", "014", "004")], ids="+".join)
def test_kept_keys_are_a_full_recompute_in_every_order(tmp_path, prefixes):
    keys = []
    for i, order in enumerate(itertools.permutations(prefixes)):
        db = tmp_path / f"{i}.sqlite"
        for p in order:
            _ingest(db, _corpus(p))
        keys.append(sorted((r[3], r[4]) for r in _kept_equals_full_recompute(db)))
    assert all(k == keys[0] for k in keys)


def test_openings_with_the_same_words_arriving_apart_are_keyed_again(tmp_path):
    """Alice's announcement is keyed by its words; Bob's repost (another file) makes both take the hash of words, author,
    date and Message-ID; Bob's file emptied, Alice's thread has the key of its words again."""
    a, b = tmp_path / "a.mbox", tmp_path / "b.mbox"
    a.write_text(_mail(11, "Alice", "CCADB maintenance", 1, REPOST), encoding="utf-8")
    b.write_text(_mail(12, "Bob", "CCADB maintenance", 2, REPOST), encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, a)
    assert [r[3] for r in _kept_equals_full_recompute(db)] == [_key(REPOST)]
    _ingest(db, b)
    both = [r[3] for r in _kept_equals_full_recompute(db)]
    assert len(set(both)) == 2 and _key(REPOST) not in both
    b.write_bytes(b"")
    _run(db, b)
    assert [r[3] for r in _kept_equals_full_recompute(db)] == [_key(REPOST)]


@pytest.mark.parametrize("prefix, cut", [("004", (0, 25)), ("011", (0, 3)), ("077", (27, 60))])
def test_a_changed_file_keeps_its_threads_keys_as_a_fresh_ingest(tmp_path, prefix, cut):
    """The opening lines of a real page cut (its opening, the key and the subject shown change) or, for 077, the
    preliminary report cut and the page ingested again: the kept rows are what a fresh ingest of the new bytes keeps."""
    source = BUG_077 if prefix == "077" else _corpus(prefix)
    page = tmp_path / source.name
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    page.write_text("".join(lines), encoding="utf-8")
    db, fresh = tmp_path / "kb.sqlite", tmp_path / "fresh.sqlite"
    _ingest(db, page)
    before = _kept(db)
    page.write_text("".join(lines[:cut[0]] + lines[cut[1]:]), encoding="utf-8")
    _ingest(db, page)
    _ingest(fresh, page)
    after = _kept_equals_full_recompute(db)
    assert [r[3:] for r in after] == [r[3:] for r in _kept(fresh)]
    assert [r[3:] for r in after] != [r[3:] for r in before]


def _statements(kb: KnowledgeBase, step) -> list[str]:
    said: list[str] = []
    kb.db.set_trace_callback(said.append)
    try:
        step()
    finally:
        kb.db.set_trace_callback(None)
    return said


@pytest.mark.parametrize("flt", ["Camerfirma", "issue", "KEY"])
def test_a_thread_query_reads_one_row_per_thread_not_every_message(tmp_path, flt):
    """The same look-up on a base of 2 files and of 6: ``--thread TEXT``/``KEY`` run the same 4 statements (none reads
    the messages of threads it does not select), ``query threads`` one statement plus two per thread (its files, its
    claims). Before: a statement per thread more and one reading every message."""
    small, large = tmp_path / "small.sqlite", tmp_path / "large.sqlite"
    _ingest(small, _corpus("004"), _corpus("013"))
    _ingest(large, *(_corpus(p) for p in ("004", "013", "014", "027", "028", "mdsp-2025-10", "011", "012")))
    counts = []
    for db in (small, large):
        with KnowledgeBase(db) as kb:
            text = kb.db.execute("SELECT thread_key FROM thread_keys k JOIN messages m ON m.id = k.opening_id"
                                 " WHERE m.text LIKE '%Camerfirma%'").fetchone()[0] if flt == "KEY" else flt
            threads = kb.db.execute("SELECT count(*) FROM threads").fetchone()[0]
            selected = ClaimFilter(thread=text)
            claims = _statements(kb, lambda: kb.claims(selected))  # noqa: B023 (run here, in the loop)
            listed = _statements(kb, lambda: kb.threads())
            assert len(listed) == 1 + 2 * threads
            assert not [s for s in claims + listed if "FROM messages" in s and "thread_id" not in s and "JOIN" not in s]
            counts.append(len(claims))
            assert kb.claims(ClaimFilter(thread=text))
    assert counts == [4, 4]


def test_a_base_written_by_35a8d3c_gets_its_thread_keys_and_copy_readings_when_opened(tmp_path):
    """tests/fixtures/kb/schema11_35a8d3c.sql: 004, 013 and 014 ingested by commit 35a8d3c (schema 11). Opened, it is
    upgraded (12: copy readings, 13: thread keys); its threads, keys and claims read as a fresh ingest of the same
    files by this threadkb; a file ingested into it is merged and keyed."""
    old = tmp_path / "old.sqlite"
    con = sqlite3.connect(old)
    con.executescript(FIXTURE.read_text(encoding="utf-8"))
    con.close()
    fresh = tmp_path / "fresh.sqlite"
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(io.StringIO()):
        assert main(["ingest", "--quiet", "--db", str(fresh), "corpora/004_mdsp-googlegroups-camerfirma-compliance-summary.txt",
                     "corpora/013_mdsp-mailarchive-mrsp3-delayed-revocation-wilson.txt",
                     "corpora/014_mdsp-googlegroups-mrsp3-delayed-revocation.txt"]) == 0
    got = []
    for db in (old, fresh):
        with KnowledgeBase(db) as kb:
            assert kb.schema_version() == store.SCHEMA_VERSION == 14
            got.append(([(t.key, t.subject, t.messages, t.claims) for t in kb.threads()],
                        sorted((c.text, c.speaker or "", c.line) for c in kb.claims())))
            readings = kb.db.execute("SELECT count(DISTINCT row_id) FROM row_sources WHERE tbl = 'claims'"
                                     " AND reading IS NOT NULL").fetchone()[0]  # every claim: the file it is read from
            assert readings == kb.db.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert got[0] == got[1]
    assert [t[:2] for t in got[0][0]] == [("280da636d06a", "Summary of Camerfirma's Compliance Issues"),
                                         ("8a85c8052686", "MRSP 3.0: Issue #276: Delayed Revocation")]
    _ingest(old, _corpus("011"))
    assert len(_kept_equals_full_recompute(old)) == 3
