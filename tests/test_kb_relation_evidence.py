"""A relation two files give (two copies of one thread: an archive page and a flattened copy) shows the evidence and
score of one stated copy, not a union over copies (schema 12, ``row_sources.reading``; ``store.relation_reading``).

Class (kb16 left 2): the store merged the evidence of every copy (``_merged_evidence``: the union, sorted) and kept the
highest score, so a relation read "precedes quote: …" (027's copy) beside "first claim of the reply: …"
(mdsp-2025-10's copy) with 027's probability, a combination no linker run gave, and the reasons of a copy whose file
was emptied or changed stayed. The rule now: the copy of the file whose copy of the relation's source claim's message
ranks first (``_COPY_ORDER``) among the files that give the relation (the file the source claim is read from, when
it gives the relation), whatever order the files came in; when that file goes, the next copy's.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from test_kb_copy_reading import _corpus, _ingest
from test_kb_emptied_file import _run
from threadkb.kb import KnowledgeBase

RELATION = ("SELECT r.kind, r.score, r.evidence FROM relations r JOIN claims a ON a.id = r.from_claim_id"
            " JOIN claims b ON b.id = r.to_claim_id WHERE a.text LIKE ? AND r.kind = ? AND b.text LIKE ?")
ANSWER = "I believe reissuing without additional DCV is%"
TARGETS = {ANSWER: "Regarding the certificates that SHECA needs to rev%"}
SUPPORT = "SHECA will rigorously verify the two points you mentioned%"
# (claim, kind, the file whose copy is stated, its score, a reason only that copy gives, a reason only the other (027)
# gives, the other's score)
ROWS = [
    (ANSWER, "answers", "mdsp-2025-10", 0.803, "first claim of the reply: opens the answer to alvin-wang-20251010-2013",
     "precedes quote: stands right before the quoted lines 2-2 of alvin-wang-20251010-2013", 0.869),
    (SUPPORT, "supports", "mdsp-2025-10", 0.661, "first claim of the reply: opens the answer to arabella-barks-20251010-2100",
     "precedes quote: stands right before the quoted lines 2-2 of arabella-barks-20251010-2100", 0.63),
]


def _relation(db: Path, text: str, kind: str) -> tuple[str, float, list[str]]:
    with KnowledgeBase(db) as kb:
        (row,) = kb.db.execute(RELATION, (text, kind, TARGETS.get(text, ANSWER))).fetchall()
    return row[0], round(row[1], 3), json.loads(row[2])


def _copies_agree(db: Path) -> int:
    """Every relation's evidence and score are exactly those of one of its copies, the first by the stated rule; returns
    how many relations more than one file gives."""
    shared = 0
    with KnowledgeBase(db) as kb:
        for rid, evidence, score, from_file in kb.db.execute(
                "SELECT r.id, r.evidence, r.score, a.source_file_id FROM relations r JOIN claims a ON a.id = r.from_claim_id"):
            readings = {f: json.loads(x) for f, x in kb.db.execute(
                "SELECT source_file_id, reading FROM row_sources WHERE tbl = 'relations' AND row_id = ?", (rid,))}
            shared += len(readings) > 1
            stated = readings.get(from_file) or next(iter(readings.values()))
            assert (json.loads(evidence), score) == (stated["evidence"], stated["score"])
    return shared


@pytest.mark.parametrize("claim, kind, stated, score, own, other, other_score", ROWS)
@pytest.mark.parametrize("prefixes", [("027", "mdsp-2025-10"), ("027", "028", "mdsp-2025-10")], ids="+".join)
def test_a_relation_two_files_give_shows_one_stated_copy_in_every_order(tmp_path, prefixes, claim, kind, stated, score,
                                                                       own, other, other_score):
    got = []
    for i, order in enumerate(itertools.permutations(prefixes)):
        db = tmp_path / f"{i}.sqlite"
        for p in order:
            _ingest(db, _corpus(p))
        got.append(_relation(db, claim, kind))
        assert _copies_agree(db) >= 2
    assert all(g == got[0] for g in got)
    assert got[0][1] == score and own in got[0][2] and other not in got[0][2]


@pytest.mark.parametrize("claim, kind, stated, score, own, other, other_score", ROWS)
def test_when_the_stated_copy_goes_the_next_copy_is_shown(tmp_path, claim, kind, stated, score, own, other, other_score):
    """mdsp-2025-10 emptied: the relation stays (027 gives it) with 027's evidence and score, as a fresh ingest of 027."""
    pages = []
    for p in ("027", "mdsp-2025-10"):
        pages.append(tmp_path / _corpus(p).name)
        pages[-1].write_bytes(_corpus(p).read_bytes())
    db, fresh = tmp_path / "kb.sqlite", tmp_path / "fresh.sqlite"
    assert _run(db, *pages)[0] == 0
    pages[1].write_bytes(b"")
    _run(db, pages[1])
    _run(fresh, pages[0])
    after = _relation(db, claim, kind)
    assert after == _relation(fresh, claim, kind)
    assert other in after[2] and after[1] == other_score
