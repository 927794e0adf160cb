"""A knowledge base of an older schema upgraded when opened, its file read again by the next ingest (what the newer
schema stores was not kept for it), nothing else moving: one check for every migration that adds per-file facts
(schema 7 quote blocks, tests/test_kb_quotes.py; schema 8 addressees, tests/test_kb_addressees.py)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from threadkb import store
from threadkb.cli import main
from threadkb.kb import KnowledgeBase


def upgraded_and_read_again(db: str, path: Path, table: str, downgrade: Callable[[str], None],
                            missing: Callable[[KnowledgeBase], list[str]],
                            between: Callable[[], None] = lambda: None) -> int:
    """Store ``path``; ``downgrade`` the base (drop what the newer schema added); opening it migrates it, ``missing``
    lists the file and it is not current; ``between`` runs then (the queries of the old base); the next ingest reads
    the file again although its bytes did not change and fills ``table`` with nothing else moving; the one after
    that has nothing to do. Returns the rows of ``table``."""
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    with KnowledgeBase(db) as kb:
        before = {k: v for k, v in kb.counts().items() if k not in (table, "schema_version")}
    downgrade(db)
    with KnowledgeBase(db) as kb:  # opening it applies the migration
        assert kb.schema_version() == store.SCHEMA_VERSION
        assert missing(kb) == [str(path)]
        assert not kb.file_is_current(str(path), store.file_hash(str(path))[0])
    between()
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0  # read again although its bytes did not change
    with KnowledgeBase(db) as kb:
        after = kb.counts()
        assert missing(kb) == []
    rows = after.pop(table)
    assert {k: v for k, v in after.items() if k != "schema_version"} == before  # nothing else moved
    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0  # now current: nothing to do
    with KnowledgeBase(db) as kb:
        assert kb.counts() == after | {table: rows}
    return rows


def refused_when_newer(db: str, path: Path, query: list[str], capsys) -> None:
    """A base with ``path`` stored and a schema version this threadkb does not know yet: the ``query`` command
    (``threadkb query …`` arguments, without --db) fails with one line naming both versions."""
    import sqlite3

    assert main(["ingest", "--quiet", "--db", db, str(path)]) == 0
    newer = store.SCHEMA_VERSION + 1
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (?, 'x', 'from the future')", (newer,))
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["query", *query, "--db", db]) != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"schema version {newer}; this threadkb knows up to {store.SCHEMA_VERSION}" in err
