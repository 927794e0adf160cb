"""A citation resolved while its message had no date is resolved again when a copy gives the date.

Class: a message stored from a copy without a date (a mail-archive page that shows none, a mail without a Date
header) whose citations the extract stage resolved to the latest policy version (flag ``no_date``), merged with a
dated copy of it (another file), in either order. Before, the citation stayed on the latest version with the flag
(corpus 013 + 014: "section 4.9.1 of the TLS Baseline Requirements" stored as BR 2.2.6 on a message dated
2024-12-15, when 2.1.1 was in force). Now the store resolves it again on the message's date (``dated_citations``),
as the extract stage resolves the dated copy alone; an older base is fixed when opened (migration 11).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from threadkb.cli import main
from threadkb.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
C013 = ROOT / "corpora" / "013_mdsp-mailarchive-mrsp3-delayed-revocation-wilson.txt"
C014 = ROOT / "corpora" / "014_mdsp-googlegroups-mrsp3-delayed-revocation.txt"
CORPUS_ROWS = [  # what 014 (dated) alone stores
    ("MRSP", "6.1.3", "", "2.9", None, ["unknown_section", "not_yet_in_force"]),
    ("BR", "4.9.1", "", "2.1.1", "Circumstances for revocation", []),
]
BODY = "We could not revoke them in time: under BR section 4.9.1.1 item 4 the CA had 5 days, and we took 9 days.\n"
HEAD = "From: Ann Lee <ann@example.org>\nSubject: Late revocation at Example CA\nMessage-ID: <late1@example.org>\n\n"
# the undated copy is the fuller one (a line more): the stored row keeps its text, and its citation row
UNDATED = HEAD + BODY + "\nThe serial numbers are listed in the incident report attached to the bug.\n"


def _dated(day: str) -> str:
    return HEAD.replace("Subject:", f"Date: {day}\nSubject:") + BODY


def _rows(db: Path) -> list[tuple]:
    with KnowledgeBase(db) as kb:
        return [(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in kb.db.execute(
            "SELECT document, section, item, version, title, flags FROM citations ORDER BY id")]


def _ingest(db: Path, *paths: Path) -> None:
    assert main(["ingest", "--quiet", "--db", str(db), *map(str, paths)]) == 0


@pytest.mark.parametrize("order", [(C013, C014), (C014, C013)], ids=["undated-first", "dated-first"])
def test_corpus_013_and_014(tmp_path, order):
    db = tmp_path / "kb.sqlite"
    for path in order:
        _ingest(db, path)
    assert _rows(db) == CORPUS_ROWS


@pytest.mark.parametrize("day, version, item_words", [
    ("Mon, 3 Jun 2024 10:00:00 +0000", "2.0.4", "a demonstrated or proven method that can easily…"),
    ("Tue, 14 Mar 2017 08:00:00 -0700", "1.4.2", "the Certificate was misused"),
])
@pytest.mark.parametrize("undated_first", [True, False])
def test_a_mail_without_date_merged_with_its_dated_copy(tmp_path, day, version, item_words, undated_first):
    a, b = tmp_path / "undated.eml", tmp_path / "dated.eml"
    a.write_text(UNDATED, encoding="utf-8")
    b.write_text(_dated(day), encoding="utf-8")
    only = tmp_path / "dated-only.sqlite"
    _ingest(only, b)
    db = tmp_path / "kb.sqlite"
    _ingest(db, *((a, b) if undated_first else (b, a)))
    rows = _rows(db)
    assert rows == _rows(only)
    assert rows == [("BR", "4.9.1.1", "4", version, "Reasons for Revoking a Subscriber Certificate", [])]
    with KnowledgeBase(db) as kb:
        assert kb.db.execute("SELECT item_text FROM citations").fetchone()[0] == item_words


def test_an_undated_message_keeps_the_latest_version(tmp_path):
    a = tmp_path / "undated.eml"
    a.write_text(UNDATED, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, a)
    (row,) = _rows(db)
    assert row[5] == ["no_date"]


def test_an_older_base_is_fixed_when_opened(tmp_path):
    db = tmp_path / "kb.sqlite"
    _ingest(db, C014)
    con = sqlite3.connect(db)  # as an older threadkb left 013 + 014: the latest version, flagged no_date
    con.execute("""UPDATE citations SET version = '2.2.6', flags = '["no_date"]' WHERE document = 'BR'""")
    con.execute("DROP TABLE row_sources")
    con.execute("DELETE FROM schema_version WHERE version = 11")
    con.commit()
    assert con.execute("SELECT version, flags FROM citations WHERE document = 'BR'").fetchone() == ("2.2.6", '["no_date"]')
    con.close()
    assert _rows(db) == CORPUS_ROWS  # opening it applied migration 11: resolved again
