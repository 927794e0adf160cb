"""The claim candidates of a message read, for each sentence, which citations, entities and APIs lie inside it, which
Action Items row it overlaps and which prose quote holds it, through an index each (``claims._Inside``,
``RangeSet``, ``claims._first_holding``), not a scan of them per sentence (quadratic on a message of thousands of
citations: 32 M steps for one of 8,000 "See 4.9 above.").

- each index answers as the scan did (the scans are kept below as the oracle), on constructed ranges of every shape
  (nested, overlapping, equal, empty, touching) and on the corpus's messages;
- ``candidates`` reads each list a bounded number of times.
"""
from __future__ import annotations

import random

import pytest

from counting import CountingList
from threadkb.extract import claims as C
from threadkb.extract.nlp import get_nlp
from threadkb.models import Message, TextLine


def _scan_any_inside(ranges, start, end) -> int:
    return int(any(lo >= start and hi <= end for lo, hi in ranges))


def _scan_first_holding(ranges, p) -> int | None:
    return next((i for i, (lo, hi) in enumerate(ranges) if lo <= p < hi), None)


def _random_ranges(rng: random.Random, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        lo = rng.randint(0, 60)
        out.append((lo, lo + rng.choice([0, 1, 3, 10, 40])))
    return out


@pytest.mark.parametrize("seed", range(60))
def test_inside_and_first_holding_answer_as_the_scans(seed):
    rng = random.Random(seed)
    ranges = _random_ranges(rng, rng.randint(0, 12))
    if seed % 3 == 0:
        ranges.sort()  # as prose_quotes gives them
    inside = C._Inside(ranges)
    asked = [(a, a + rng.choice([0, 2, 5, 20, 70])) for a in (rng.randint(-2, 80) for _ in range(40))]
    assert [inside.any(a, b) for a, b in asked] == [_scan_any_inside(ranges, a, b) for a, b in asked]
    points = [rng.randint(-2, 110) for _ in range(40)]
    assert C._first_holding(ranges, points) == [_scan_first_holding(ranges, p) for p in points]


def test_the_indexes_meet_every_outcome():
    """Over the seeds above, both answers of ``any`` and a first holder that is not the only one occur."""
    outcomes = set()
    for seed in range(60):
        rng = random.Random(seed)
        ranges = _random_ranges(rng, rng.randint(0, 12))
        for p in range(-2, 110):
            holders = [i for i, (lo, hi) in enumerate(ranges) if lo <= p < hi]
            outcomes.add(min(len(holders), 2))
        outcomes |= {("inside", _scan_any_inside(ranges, a, a + 5)) for a in range(0, 60)}
    assert outcomes == {0, 1, 2, ("inside", 0), ("inside", 1)}


def _doc(text: str):
    nlp = get_nlp()
    msg = Message(key="m", source="x.txt", author="Ann", lines=[TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))])
    doc = nlp.make_doc(text)
    doc.user_data.update({"message": msg, "thread": None, "document_quote": None})
    return nlp(doc)


HOSTILE = {
    "citations": "BR 4.9.1.1 requires revocation within five days of the report. ",
    "prose quotes": '"The CA will revoke all of the affected certificates within five days," said Ann.\n',
    "action items": "| Revoke the certificates of the list. | 2025-01-01. |\n",  # two sentences a row
}


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_candidates_read_each_list_a_bounded_number_of_times(monkeypatch, shape):
    """A message of 600 sentences, each with a citation, a prose quote or an Action Items row (reads before the
    indexes: 360,600 for 600 citations or quotes, 360,601 for 600 rows)."""
    n = 600
    unit = HOSTILE[shape]
    text = ("| Action Item | Due Date |\n|---|---|\n" if shape == "action items" else "") + unit * n
    doc = _doc(text)
    for name in ("_span_ranges", "prose_quotes", "action_items"):
        real = getattr(C, name)
        monkeypatch.setattr(C, name, lambda *a, real=real: CountingList(real(*a)))
    CountingList.reads = 0
    found = C.candidates(doc)
    assert CountingList.reads <= 4 * n
    # (candidates, in a prose quote, with a citation inside): an Action Items row is no candidate (its row is the
    # claim), each sentence of the others is one
    assert (len(found), sum(c.quote is not None for c in found),
            sum(bool(c.features and c.features.get("citations")) for c in found)) == EXPECTED[shape]


EXPECTED = {"action items": (0, 0, 0), "citations": (600, 0, 600), "prose quotes": (600, 600, 0)}
