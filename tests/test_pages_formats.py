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
from threadkb.pipeline import Predictor

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "pages")
GOLD = sorted(glob.glob(os.path.join(HERE, "gold", "*.json")))
CORPUS = sorted(glob.glob(os.path.join(HERE, "corpus", "*")))


@pytest.mark.parametrize("gold", GOLD, ids=[os.path.basename(g)[:-5] for g in GOLD])
def test_variant_messages_authors_dates_parents(gold):
    scores = ev.evaluate([gold], Predictor())
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


# ----------------------------------------------------------------------------- flattened lines: where a reply starts
from threadkb.parse.lines import split_lines  # noqa: E402

_QUOTE = ("> Mozilla proposes that CAs report a delayed revocation in Bugzilla within "
          "> 72 hours of deciding to delay, with the list of affected certificates and "
          "> the reason for the delay. Please comment on the draft in this thread by "
          "> March 15, so that we can fold the comments into the next version, which "
          "> we will publish for a second round of comments. ")


@pytest.mark.parametrize("tail, reply", [
    ("> Thanks, > Ben I have two comments. First, the 72 hours should count from discovery, not decision.",
     "I have two comments. First, the 72 hours should count from discovery, not decision."),
    ("> Will you publish the list? Yes, the list will be attached to the bug as a CSV file within a week.",
     "Yes, the list will be attached to the bug as a CSV file within a week."),
    ("> the affected certificates. We agree with the proposal and will update our process accordingly today.",
     "We agree with the proposal and will update our process accordingly today."),
    ("> the affected certificates.", None),  # a quoted line alone: nothing to cut
])
def test_flattened_reply_tail_is_cut_from_the_quote(tail, reply):
    vlines, _ = split_lines(["On Tue, Mar 5, 2024 at 10:12 AM Ben Wilson wrote: " + _QUOTE + tail])
    unquoted = [v.text for v in vlines[1:] if v.depth == 0]
    assert unquoted == ([reply] if reply else [])
