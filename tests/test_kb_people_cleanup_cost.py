"""The people cleanup after a changed file's bytes replace its old copy (store.forget_unused_people) reads each table
once, not once per person: message_copies has no index on author_id, and a NOT EXISTS per person read it whole for
each (people x copies: 10,000 of each took ~10 s; a base of a few large archives, hours per changed file)."""
from __future__ import annotations

import time

import pytest

from threadkb.kb import KnowledgeBase
from threadkb.store import _UNUSED_PEOPLE, forget_unused_people

N = 10_000


def _base(tmp_path, n: int = N):
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    db = kb.db
    db.execute("PRAGMA foreign_keys = OFF")  # bare rows: the cost of the statements, not a whole ingest
    db.execute("PRAGMA synchronous = OFF")
    db.execute("INSERT INTO source_files (id, path, content_hash, size_bytes, ingested_at) VALUES (1, 'f', 'h', 1, 'now')")
    db.executemany("INSERT INTO people (id, name, name_key) VALUES (?, ?, ?)",
                   [(i, f"P {i}", f"p {i}") for i in range(1, n + 1)])
    # every second person is the author of a copy only (no message, claim or affiliation names them)
    db.executemany("INSERT INTO message_copies (message_id, source_file_id, message_key, author_id) VALUES (?, 1, ?, ?)",
                   [(i, str(i), i if i % 2 == 0 else None) for i in range(1, n + 1)])
    # an alias of a person nothing names links nobody afterwards
    db.execute("UPDATE people SET identity_id = 1 WHERE id = 2")
    return kb


def test_cleanup_keeps_the_people_named_and_forgets_the_others(tmp_path):
    with _base(tmp_path, 200) as kb:
        forget_unused_people(kb.db)
        ids = [r[0] for r in kb.db.execute("SELECT id FROM people ORDER BY id")]
        assert ids == list(range(2, 201, 2))
        assert kb.db.execute("SELECT identity_id FROM people WHERE id = 2").fetchone()[0] is None


@pytest.mark.parametrize("statement", [
    f"UPDATE people SET identity_id = NULL WHERE identity_id IN ({_UNUSED_PEOPLE})",
    f"DELETE FROM people WHERE id IN ({_UNUSED_PEOPLE})",
])
def test_no_table_is_read_once_per_person(tmp_path, statement):
    with _base(tmp_path, 10) as kb:
        plan = [r[-1] for r in kb.db.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert not any(step.startswith("CORRELATED") for step in plan), plan


def test_cleanup_time_is_linear(tmp_path):
    with _base(tmp_path) as kb:
        t = time.process_time()
        forget_unused_people(kb.db)
        assert time.process_time() - t < 1.0
        assert kb.db.execute("SELECT count(*) FROM people").fetchone()[0] == N // 2
