"""A base written before schema 12 answers as a fresh ingest once its files are ingested again; migrations are atomic.

Class (review17c of kb17): a base stored before schema 12 holds no reading of its copies (row_sources.reading,
message_copies.text). Its relations two files gave kept the union of their copies' reasons and the highest score; a
fresh ingest of the same files shows one copy's. Before, ingesting the same files again changed nothing (their bytes
had not changed: "unchanged"), so the base never answered as a fresh ingest. Now (schema 14, readings_stored) such a
file is read again by the next ingest, and the base equals a fresh ingest of its files.

Also: a migration that fails between its statements (an error, or the process killed) leaves the base at the version
before it, usable, and the next open completes it; an open of a current base changes nothing.
"""
from __future__ import annotations

import contextlib
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_kb_update_sequences import _whole
from threadkb import store
from threadkb.cli import main
from threadkb.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "kb"
# (fixture: a sqlite3 .dump of a base schema 11 wrote, the files it holds, relations whose evidence differs from a
# fresh ingest's before the files are read again)
BASES = [
    ("schema11_35a8d3c.sql", ["corpora/004_mdsp-googlegroups-camerfirma-compliance-summary.txt",
                              "corpora/013_mdsp-mailarchive-mrsp3-delayed-revocation-wilson.txt",
                              "corpora/014_mdsp-googlegroups-mrsp3-delayed-revocation.txt"], 0),
    ("schema11_6c1e951_sheca.sql", ["corpora/027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt",
                                    "corpora/mdsp-2025-10-sheca-api-keys.txt",
                                    "corpora/028_mdsp-mailarchive-sheca-api-users-inspection-alvin.txt"], 4),
]
EVIDENCE = "SELECT r.kind, a.text, b.text, r.evidence, round(r.score, 6) FROM relations r JOIN claims a" \
           " ON a.id = r.from_claim_id JOIN claims b ON b.id = r.to_claim_id"


def _load(fixture: str, db: Path) -> None:
    con = sqlite3.connect(db)
    con.executescript((FIXTURES / fixture).read_text(encoding="utf-8"))
    con.close()


def _ingest(db: Path, files: list[str]) -> str:
    out = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["ingest", "--db", str(db), *files]) == 0
    return next(line for line in out.getvalue().splitlines() if line.startswith("files:"))


def _evidence(db: Path) -> set[tuple]:
    with KnowledgeBase(db) as kb:
        return {tuple(r) for r in kb.db.execute(EVIDENCE)}


def _dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [line for line in con.iterdump() if "schema_version" not in line or "INSERT" not in line] + \
            [repr(r) for r in con.execute("SELECT version, description FROM schema_version ORDER BY version")]
    finally:
        con.close()


@pytest.mark.parametrize("fixture, files, differing", BASES, ids=[b[0] for b in BASES])
def test_a_base_stored_before_schema_12_answers_as_a_fresh_ingest_once_its_files_are_read_again(
        tmp_path, fixture, files, differing):
    old, fresh = tmp_path / "old.sqlite", tmp_path / "fresh.sqlite"
    _load(fixture, old)
    _ingest(fresh, files)
    assert len(_evidence(old) - _evidence(fresh)) == differing  # the union of two copies' reasons, before
    assert _ingest(old, files) == "files: 3 (3 stored, 0 unchanged, 0 failed)"  # read again, not skipped
    assert _evidence(old) == _evidence(fresh)
    got, want = _whole(old), _whole(fresh)
    for name in want:
        assert got[name] == want[name], name
    assert _ingest(old, files) == "files: 3 (0 stored, 3 unchanged, 0 failed)"  # once is enough
    for db in (old, fresh):
        with KnowledgeBase(db) as kb:
            assert kb.schema_version() == store.SCHEMA_VERSION == 14
            assert kb.db.execute("SELECT count(*) FROM source_files WHERE readings_stored = 0").fetchone()[0] == 0


def test_the_files_read_again_are_those_stored_before_schema_12(tmp_path):
    db = tmp_path / "old.sqlite"
    _load("schema11_6c1e951_sheca.sql", db)
    with KnowledgeBase(db) as kb:
        _ingest(db, ["corpora/045_mdsp-googlegroups-dmsg-letsencrypt-caa-2015.txt"])  # stored now: has its readings
        stale = [r[0] for r in kb.db.execute("SELECT path FROM source_files WHERE readings_stored = 0 ORDER BY path")]
    assert stale == sorted(BASES[1][1])


@pytest.mark.parametrize("fixture", [b[0] for b in BASES])
def test_a_second_open_of_an_upgraded_base_changes_nothing(tmp_path, fixture):
    db = tmp_path / "old.sqlite"
    _load(fixture, db)
    with KnowledgeBase(db):
        pass
    first = _dump(db)
    with KnowledgeBase(db):
        pass
    assert _dump(db) == first


def _columns(db: Path, table: str) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
    finally:
        con.close()


def _version(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    finally:
        con.close()


# the statement of kb_copy_readings.sql (version 12) the failure comes at: after its first ALTER, after its UPDATE
@pytest.mark.parametrize("at", [2, 3])
@pytest.mark.parametrize("how", ["error", "killed"])
def test_a_migration_failing_between_its_statements_leaves_the_version_before(tmp_path, at, how):
    db = tmp_path / "old.sqlite"
    _load("schema11_6c1e951_sheca.sql", db)
    before = _dump(db)
    fail = "raise RuntimeError('disk gone midway')" if how == "error" else "os._exit(9)"
    script = (f"import os, sys\nfrom threadkb import store\nseen = []\nkeep = store._column_there\n"
              f"def there(db, statement):\n    seen.append(statement)\n"
              f"    if 'reading' in ''.join(seen) and len([s for s in seen if 'row_sources' in s or 'message_copies' in s])"
              f" == {at}:\n        {fail}\n    return keep(db, statement)\n"
              f"store._column_there = there\nfrom threadkb.cli import main\n"
              f"sys.exit(main(['query', 'threads', '--db', {str(db)!r}]))\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    if how == "error":  # one line, no traceback
        assert (run.returncode, run.stderr) == (2, "threadkb: error: RuntimeError: disk gone midway\n")
    else:
        assert run.returncode == 9
    assert _version(db) == 11 and "reading" not in _columns(db, "row_sources")
    assert _dump(db) == before  # nothing of version 12 is left half done
    with KnowledgeBase(db) as kb:  # the next open completes the upgrade
        assert kb.schema_version() == store.SCHEMA_VERSION
        assert [t.key for t in kb.threads()] == ["7136697507c3"]
