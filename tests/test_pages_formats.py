"""Page formats copied from a browser or rendered by archives, in variants built from the corpus by systematic
transformations (other users and dates, relative dates, avatar lines dropped, headers removed, lines wrapped):
each variant's messages, authors, dates and reply links against its hand-written gold file
(tests/fixtures/pages/gold, threadkb-gold/1), and every line accounted for."""
from __future__ import annotations

import glob
import os

import pytest

from threadkb import evaluate as ev
from threadkb.ingest import ingest
from threadkb.models import LineRole
from threadkb.parse import parse

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "pages")
GOLD = sorted(glob.glob(os.path.join(HERE, "gold", "*.json")))
CORPUS = sorted(glob.glob(os.path.join(HERE, "corpus", "*")))


@pytest.mark.parametrize("gold", GOLD, ids=[os.path.basename(g)[:-5] for g in GOLD])
def test_variant_messages_authors_dates_parents(gold):
    scores = ev.evaluate([gold])
    assert not scores.errors
    (fs,) = scores.files
    got = fs.as_json()
    m = got["messages"]
    details = got["details"]
    assert (m["f1"], m["author_accuracy"], m["date_accuracy"], m["parent_accuracy"]) == (1.0, 1.0, 1.0, 1.0), (
        details["unmatched_gold"], details["unmatched_predicted"], details["mismatches"])
    assert got["boilerplate"]["leaks"] in (0, None), details["leaked"]


@pytest.mark.parametrize("path", CORPUS, ids=[os.path.basename(p) for p in CORPUS])
def test_variant_every_line_accounted_for(path):
    for src in ingest(path):
        t = parse(src)
        seen = {(a.index, a.col) for a in t.assignments}
        assert len(seen) == len(t.assignments)
        assert {i for i, _ in seen} == set(range(len(src.lines)))
        assert all(isinstance(a.role, LineRole) for a in t.assignments)
