"""Robustness of the store: processes that create one new database at once (issue 17, defect 3).

Before, each process read "schema version 0" outside any transaction and then ran the schema; the second
failed with "not a threadkb database (table source_files already exists)" and stored nothing. The version
is now read again under the write lock (BEGIN IMMEDIATE), and a busy database is never called foreign.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from threadkb.store import SCHEMA_VERSION, KBError, Store, open_failure


def _open(path: str, barrier) -> str:
    barrier.wait()  # every process opens the new database at the same moment
    try:
        with Store(path) as st:
            return f"ok {st.schema_version()}"
    except KBError as exc:
        return f"error {exc}"


@pytest.mark.parametrize("processes", [2, 4])
def test_processes_creating_one_new_database_all_succeed(tmp_path, processes):
    ctx = mp.get_context("spawn")
    for round_no in range(4):
        path = str(tmp_path / f"new-{round_no}.sqlite")
        with ctx.Manager() as manager:
            barrier = manager.Barrier(processes)
            with ctx.Pool(processes) as pool:
                results = pool.starmap(_open, [(path, barrier)] * processes)
        assert results == [f"ok {SCHEMA_VERSION}"] * processes
        db = sqlite3.connect(path)
        versions = [r[0] for r in db.execute("SELECT version FROM schema_version ORDER BY version")]
        db.close()
        assert versions == list(range(1, SCHEMA_VERSION + 1))  # each migration applied once


MAIL = ("From: {who} <{who}@example.org>\nSubject: thread {n}\nDate: Mon, 1 Jan 2024 1{n}:00:00 +0000\n"
        "Message-ID: <{n}.{who}@x>\n\nWe will revoke the affected certificates within five days.\n")


def _threadkb() -> list[str]:
    exe = shutil.which("threadkb", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "threadkb.cli"]


def test_four_pairs_of_concurrent_ingests_into_new_databases(tmp_path):
    """The issue's target: `threadkb ingest` twice at once into a database that does not exist yet, four
    times; every run succeeds and both files are stored."""
    for pair in range(4):
        db = str(tmp_path / f"kb-{pair}.sqlite")
        procs = []
        for who in ("alice", "bob"):
            f = tmp_path / f"{who}-{pair}.eml"
            f.write_text(MAIL.format(who=who, n=pair))
            procs.append(subprocess.Popen(_threadkb() + ["ingest", str(f), "--db", db, "--quiet"],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            assert "files: 1 (1 stored" in out
            assert "not a threadkb database" not in err
        with Store(db) as st:
            assert st.counts()["source_files"] == 2


@pytest.mark.parametrize("error,expect", [
    (sqlite3.OperationalError("database is locked"), "the knowledge base is busy"),
    (sqlite3.OperationalError("unable to open database file"), "cannot open the knowledge base"),
    (sqlite3.DatabaseError("file is not a database"), "not a threadkb database (file is not a database)"),
])
def test_open_failures_are_named_for_what_they_are(error, expect):
    assert open_failure(error).startswith(expect)


def test_a_foreign_file_is_still_called_foreign(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is not SQLite at all\n" * 100)
    with pytest.raises(KBError, match="not a threadkb database"):
        Store(str(path))
