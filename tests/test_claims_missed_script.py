"""``scripts/claims_missed.py``: where the claim stage lost a gold claim, named stage by stage on constructed messages
(a model whose claim probability is the same for every sentence, raised for some by a feature's weight)."""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

from test_claims_floor import _nlp
from threadkb.evaluate import normalize
from threadkb.extract import claim_model, claims as C
from threadkb.models import Message, TextLine

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("claims_missed", ROOT / "scripts" / "claims_missed.py")
assert _spec is not None and _spec.loader is not None
claims_missed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(claims_missed)


@pytest.mark.parametrize("i,n,expected", [(0, 1, "only"), (0, 3, "first"), (1, 3, "middle"), (2, 3, "last")])
def test_place(i, n, expected):
    assert claims_missed.place(i, n) == expected


@pytest.mark.parametrize("text,cue,expected", [
    ("Thoughts?", "question: question mark", "? <=3w"),
    ("The subject DNs contain clearly bogus values, such as:", "assertion", ": <=10w"),
    ("Fair enough.", "skip: too short", ". <=3w skip: too short"),
    ("We will revoke every affected certificate within five days of the report.", "commitment: will", ". >10w"),
])
def test_shape(text, cue, expected):
    assert claims_missed.shape(text, cue) == expected


FOUR = "The audit is late. The report says otherwise. We disagree with the report. It was fixed in March."


def _stage(text: str, snippet: str, p: float, weights: dict[str, float] | None = None) -> dict:
    msg = Message(key="m", source="corpora/x.txt", author="Ann Example",
                  lines=[TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))])
    nlp = _nlp()
    doc = nlp.make_doc(msg.text)
    doc.user_data.update({"message": msg, "thread": None, "document_quote": None})
    params = {"claim": {"intercept": math.log(p / (1 - p)), "weights": weights or {}},
              "kind": {"classes": ["assertion"], "intercept": [0.0], "weights": {}}}
    with claim_model.use(params) as model:
        doc = nlp(doc)
        cands = C.candidates(doc)
        starts = {s._.claim["start"] for s in doc.spans[C.SPAN_KEY]}
        chosen = {i for i, c in enumerate(cands) if c.unit.start in starts}
        return claims_missed.stage(normalize(snippet), cands, chosen, model)


def _lift(p: float, to: float) -> float:
    return math.log(to / (1 - to)) - math.log(p / (1 - p))


@pytest.mark.parametrize("text,snippet,p,weights,expected", [
    (FOUR, "The report says otherwise.", 0.6, None, ("chosen", "middle")),
    (FOUR, "The report says otherwise.", 0.05, None, ("under floor", "middle")),
    # the third sentence over the threshold, the second under it
    (FOUR, "The report says otherwise.", 0.3, {"w=disagree": _lift(0.3, 0.6)},
     ("under threshold, message kept others", "middle")),
    # none over the threshold: the floor keeps the most probable (the third), the second is lost to it
    (FOUR, "The report says otherwise.", 0.3, {"w=disagree": _lift(0.3, 0.35)},
     ("under threshold, floor took another", "middle")),
    (FOUR, "otherwise. We disagree", 0.6, None, ("split", None)),
    (FOUR, "It was never fixed.", 0.6, None, ("not found", None)),
    ("Hi all,\n\nThe audit is late.", "Hi all", 0.6, None, ("hard skip", "first")),
])
def test_stage(text, snippet, p, weights, expected):
    found = _stage(text, snippet, p, weights)
    assert (found["stage"], found.get("place")) == expected
