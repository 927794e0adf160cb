"""AIF times in AIFdb's form, and a knowledge base's graph dates on the author's clock.

Class 1: the time fields of an AIF export. AIFdb's JSON writes a node's and a locution's ``timestamp`` as
"2016-10-27 16:32:51" and AIF readers parse that form (arguebuf: "YYYY-MM-DD HH:mm:ss", a missing timestamp is
unknown). Before, an undated claim had ``"timestamp": ""`` and a dated one an ISO string with "T" and an offset
("2025-10-10T13:00:56+00:00"), neither of which such a reader takes. Now: UTC in AIFdb's form when the zone is known
(``utcOffset`` keeps the author's "+08:00"), as written when it is not, a day alone as ``day``, nothing when unknown.
Class 2: ``graph --db`` gave every message date in UTC ("+00:00"), losing the author's offset the one-thread graph
keeps (``messages.date_offset``); now both give the same dates.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from threadkb.cli import main
from threadkb.export import AIF_TIME, aif_time

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"


@pytest.mark.parametrize("when, fields", [
    (datetime(2025, 10, 10, 21, 0, 56, tzinfo=timezone(timedelta(hours=8))),
     {"timestamp": "2025-10-10 13:00:56", "utcOffset": "+08:00"}),
    (datetime(2025, 10, 6, 9, 0, tzinfo=timezone(-timedelta(hours=9, minutes=30))),
     {"timestamp": "2025-10-06 18:30:00", "utcOffset": "-09:30"}),
    (datetime(2025, 10, 8, 12, 25, 33, tzinfo=timezone.utc), {"timestamp": "2025-10-08 12:25:33", "utcOffset": "+00:00"}),
    (datetime(2011, 8, 2, 19, 14, 17), {"timestamp": "2011-08-02 19:14:17"}),  # zone unknown: as written
    (date(2025, 7, 25), {"day": "2025-07-25"}),
    (None, {}),
])
def test_aif_time(when, fields):
    assert aif_time(when) == fields


def _aif(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "g.aif"
    assert main(["graph", *args, "--format", "aif", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_reference_thread_aif_times(tmp_path):
    data = _aif(tmp_path, str(REF))
    stamps = [n.get("timestamp") for n in data["nodes"]] + [loc.get("timestamp") for loc in data["locutions"]]
    assert "" not in stamps
    for s in filter(None, stamps):
        datetime.strptime(s, AIF_TIME)  # the form AIF readers parse
    located = [(loc.get("timestamp"), loc.get("utcOffset")) for loc in data["locutions"]]
    assert (sum(s is not None for s, _ in located), len(located)) == (50, 51)
    assert sorted({o for _, o in located if o}) == ["+07:00", "+08:00", "-07:00"]
    l_nodes = {n["nodeID"]: n.get("timestamp") for n in data["nodes"] if n["type"] == "L"}
    assert all(l_nodes[loc["nodeID"]] == loc.get("timestamp") for loc in data["locutions"])
    assert not [n for n in data["nodes"] if n["type"] != "L" and "timestamp" in n]


def _message_dates(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted(n.get("date") or "" for n in data["nodes"] if n.get("kind") == "message")


def test_kb_graph_dates_keep_the_authors_offset(tmp_path):
    db = tmp_path / "kb.sqlite"
    assert main(["ingest", "--quiet", "--db", str(db), str(REF)]) == 0
    kb_json, one_json = tmp_path / "kb.json", tmp_path / "one.json"
    assert main(["graph", "--db", str(db), "--format", "json", "-o", str(kb_json)]) == 0
    assert main(["graph", str(REF), "--format", "json", "-o", str(one_json)]) == 0
    assert _message_dates(kb_json) == _message_dates(one_json) == [
        "", "2025-10-07T04:52:56-07:00", "2025-10-08T07:19:54+08:00", "2025-10-08T19:25:33+07:00",
        "2025-10-09T01:34:40+08:00", "2025-10-10T19:38:41+08:00", "2025-10-10T20:13:01+08:00",
        "2025-10-10T21:00:56+08:00"]
    kb_aif = _aif(tmp_path, "--db", str(db))
    assert sorted({loc.get("utcOffset") or "" for loc in kb_aif["locutions"]}) == ["", "+07:00", "+08:00", "-07:00"]
