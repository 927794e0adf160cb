"""A cue class of the claim kinds that short GitHub and list comments use and the table missed: the speaker's
contracted future ("I'll hold on merging this …", "If you are sure … I'll be happy to accept your suggestion.",
"We’ll update the PR"). The commitment cue "will" wanted white space between the subject and "'ll", so a
contraction never fired and the scorer named these assertions (gold 164, 172: commitments; trained on mail and
scored on GitHub threads, and under random folds, both were kind errors). Another's future ("They'll", "You'll")
is none. Commitments are trusted over the model (``claim_features.json`` ``trust_cue_kinds``), so the cue decides.
"""
from __future__ import annotations

import math

import pytest

from threadkb.extract import claim_model, claims as C

CASES = [  # (shape, text, speaker orgs, kind, cue head)
    ("github 172", "I'll hold on merging this for a little while to give others a chance to review",
     (), "commitment", "commitment: will"),
    ("github 164", "If you are sure about CABEffectiveDate I'll be happy to accept your suggestion.",
     (), "commitment", "commitment: will"),
    ("github, curly apostrophe", "We’ll update the PR with the new effective date tomorrow.",
     (), "commitment", "commitment: will"),
    ("mail, lower case", "ok, i'll send the revised report to the list on Monday.", (), "commitment",
     "commitment: will"),
    ("bugzilla, organisation", "Sectigo'll publish the final incident report by 2025-07-25.", ("Sectigo",),
     "commitment", "commitment: will"),
    ("github, adverb between", "I'll probably merge this after the next ballot passes.", (), "commitment",
     "commitment: will"),
]

NOT = [  # (text, the kind the cue table gives): another's future, a refusal
    ("They'll update the PR with the new effective date tomorrow.", "assertion"),
    ("You'll see the change in the next release of the linter.", "assertion"),
    ("It'll take a few weeks before the lint is released.", "assertion"),
]


@pytest.mark.parametrize(("shape", "text", "orgs", "kind", "cue"), CASES, ids=[c[0] for c in CASES])
def test_contracted_future_is_a_commitment(shape, text, orgs, kind, cue):
    v = C.classify(text, orgs)
    assert (v.kind.value, v.cue.split(";")[0]) == (kind, cue)


@pytest.mark.parametrize(("text", "kind"), NOT)
def test_others_future_is_no_commitment(text, kind):
    v = C.classify(text)
    assert v.kind is not None and v.kind.value == kind


@pytest.mark.parametrize("text", ["I'll hold on merging this for a little while to give others a chance to review",
                                  "If you are sure about CABEffectiveDate I'll be happy to accept your suggestion."])
def test_the_cue_kind_stands_over_a_model_that_says_assertion(text):
    v = C.classify(text)
    ctx = claim_model.Context(index=0, count=1, message_words=len(text.split()))
    feats = claim_model.features(text, v.kind.value, v.cue, v.score, v.stance, ctx)
    params = {"claim": {"intercept": 0.0, "weights": {}},
              "kind": {"classes": ["assertion", v.kind.value], "intercept": [math.log(9.0), 0.0], "weights": {}}}
    with claim_model.use(params) as model:
        d = claim_model.decide(model, text, feats)
    assert (d.kind, d.rule) == (v.kind.value, f"rule: the cue table's {v.kind.value} cue")
