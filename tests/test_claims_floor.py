"""A message none of whose sentences reaches the claim threshold still gives its most probable sentence.

Class of input: short comments of flat threads (GitHub issues and pull requests, Bugzilla, terse replies on a
list) that take a position in a few words: "+1", "Fair enough.", "Agree with @name.", "Looks great to me, thank
you @name !", "Use "TLS Server".". Their sentences score low (short, no cue), yet the gold keeps them, and
relations need them as ends (cross-source CV lost 76 relation ends on such claims). Mechanism:
``claim_features.json`` ``floor`` (``claims._model_claims``); the threshold and the floor are chosen by CV.
"""
from __future__ import annotations

import math

import pytest
import spacy

from threadkb.extract import claim_model, claims as C
from threadkb.models import Claim, Message, TextLine


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("threadkb_claims")
    return nlp


def _claims(text: str, p: float, weights: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """(text, score) of the claims of a one-message doc under a model whose claim probability is ``p`` for a
    sentence without any of ``weights``' features (every sentence an assertion)."""
    return [(c.text, c.score) for c in _collect(text, p, weights)]


def _collect(text: str, p: float, weights: dict[str, float] | None = None) -> list[Claim]:
    """The claims of a one-message doc under that model (``_claims``)."""
    params = {"claim": {"intercept": math.log(p / (1 - p)), "weights": weights or {}},
              "kind": {"classes": ["assertion"], "intercept": [0.0], "weights": {}}}
    msg = Message(key="m", source="corpora/x.txt", author="Ann Example",
                  lines=[TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))])
    nlp = _nlp()
    doc = nlp.make_doc(msg.text)
    doc.user_data.update({"message": msg, "thread": None, "document_quote": None})
    with claim_model.use(params):
        return C.collect(nlp(doc))


def test_table_orders_floor_below_threshold():
    t = claim_model.table()
    assert 0.0 < t["floor"] < t["threshold"] <= 0.5


SHORT = ["+1", "Fair enough.", "Agree with @BenWilson-Mozilla.", "Looks great to me, thank you @robplee !",
         'Use "TLS Server".', "ups, yes, Ben, agreed.", "Two lints :)", "Too many open items, sorry."]


@pytest.mark.parametrize("text", SHORT)
def test_a_lone_low_scoring_sentence_is_kept(text):
    floor, threshold = claim_model.table()["floor"], claim_model.table()["threshold"]
    p = (floor + threshold) / 2  # between the floor and the threshold
    assert [t for t, _ in _claims(text, p)] == [text]


@pytest.mark.parametrize("text", SHORT[:3])
def test_under_the_floor_nothing_is_kept(text):
    assert _claims(text, claim_model.table()["floor"] / 2) == []


def test_only_the_most_probable_sentence_of_a_low_message_is_kept():
    floor, threshold = claim_model.table()["floor"], claim_model.table()["threshold"]
    p = floor * 1.2
    # "?" raises one sentence's probability (still under the threshold): that one alone is kept
    lift = math.log(((threshold + floor) / 2) / (1 - (threshold + floor) / 2)) - math.log(p / (1 - p))
    found = _claims("Fair enough, the table is fine.\nBut is the date right?\nThanks for the update on this.",
                    p, {"q_end": lift})
    assert [t for t, _ in found] == ["But is the date right?"]


def test_a_message_with_a_sentence_over_the_threshold_keeps_no_low_one():
    threshold = claim_model.table()["threshold"]
    above = (threshold + 1) / 2
    found = _claims("Fair enough, the table is fine.\nBut is the date right?", threshold / 2,
                    {"q_end": math.log(above / (1 - above)) - math.log((threshold / 2) / (1 - threshold / 2))})
    assert [t for t, _ in found] == ["But is the date right?"]


def test_the_kept_sentence_says_why():
    floor = claim_model.table()["floor"]
    msg = Message(key="m", source="corpora/x.txt", author="Ann Example", lines=[TextLine("+1", 0, 0)])
    nlp = _nlp()
    doc = nlp.make_doc(msg.text)
    doc.user_data.update({"message": msg, "thread": None, "document_quote": None})
    p = (floor + claim_model.table()["short_message"]["threshold"]) / 2  # under a short message's threshold too
    params = {"claim": {"intercept": math.log(p / (1 - p)), "weights": {}},
              "kind": {"classes": ["assertion"], "intercept": [0.0], "weights": {}}}
    with claim_model.use(params):
        (claim,) = C.collect(nlp(doc))
    assert claim.cue.endswith("the message's most probable sentence (none reaches the threshold)")
    assert claim.score == pytest.approx(p, abs=1e-3)
