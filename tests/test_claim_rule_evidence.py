"""A rule that changes the kind the claim model read says so in the claim's evidence, with what the model said.

Class of input: every rule after the claim model that changes a kind (the cue table's trusted kinds, the timestamped
timeline entry, the hedged admission, the request to the reader, the polite closing). The model's probability is the
probability of the kind the model read; before, the evidence printed the final kind beside it ("model: assertion 0.76"
where the model said commitment 0.76). Real corpus claims (036, 065, 043, the reference thread) and constructed ones.
"""
from __future__ import annotations

import pytest

from threadkb.extract import claim_model
from threadkb.extract.claim_model import Context, Decision, features
from threadkb.pipeline import extract_paths

CTX = Context(index=1, count=3, message_words=60)


def _model(kinds: dict[str, list[float]], classes: tuple[str, ...]) -> claim_model.ClaimModel:
    return claim_model.ClaimModel({"claim": {"intercept": 0.0, "weights": {}},
                                   "kind": {"classes": list(classes), "intercept": [0.0] * len(classes),
                                            "weights": kinds}})


PROMISES = _model({"bias_shape": [0.0, 0.0, 5.0]}, ("assertion", "request", "commitment"))
ADMITS = _model({"bias_shape": [0.0, 5.0, 0.0]}, ("assertion", "admission", "request"))
ASKS = _model({"bias_shape": [0.0, 0.0, 5.0]}, ("assertion", "admission", "request"))
ASSERTS = _model({"bias_shape": [5.0, 0.0, 0.0]}, ("assertion", "admission", "request"))


def _why(model, text: str, kind: str = "assertion", cue: str = "assertion") -> tuple[str | None, str]:
    d = claim_model.decide(model, text, features(text, kind, cue, 0.0, [], CTX))
    return d.kind, d.why


@pytest.mark.parametrize("model, text, cue_kind, cue, kind, said", [
    # corpus 036: the timeline rule
    (PROMISES, "July 29, 2024 22:36 \u2013 DigiCert identifies impacted certificates and lets them know we will be"
     " revoking within 24 hours.", "commitment", "commitment: will", "assertion", "commitment"),
    (PROMISES, "2025-10-08 09:30 UTC+8: SHECA received the report and we will revoke within five days.",
     "commitment", "commitment: will", "assertion", "commitment"),
    # the hedged admission
    (ADMITS, "I think we may have missed this in the review.", "assertion", "assertion", "assertion", "admission"),
    (ADMITS, "Perhaps the validation step was not applied to these orders.", "assertion", "assertion", "assertion",
     "admission"),
    # a request to the reader the model read as an assertion
    (ASSERTS, "Consider updating the policy to reflect these changes.", "assertion", "assertion", "request",
     "assertion"),
    # the cue table's trusted kind over the model's
    (ASSERTS, "We apologize: we failed to revoke within five days.", "admission", "admission: we apologize",
     "admission", "assertion"),
    (ASSERTS, "This was not a violation of the Baseline Requirements.", "denial", "denial: not a violation", "denial",
     "assertion"),
    # the polite closing: no claim
    (ASKS, "We kindly ask all parties to keep the discussion objective.", "assertion", "assertion", None, "request"),
])
def test_rule_evidence_names_the_model_kind(model, text, cue_kind, cue, kind, said):
    got, why = _why(model, text, cue_kind, cue)
    assert got == kind
    assert why.startswith(f"model: {said} ")
    assert why.endswith(claim_model.KIND_CHANGED.format(model=said, kind=kind or "no claim"))


@pytest.mark.parametrize("decision, why", [
    (Decision(0.62, "assertion", 0.76, claim_model.TIMELINE_RULE, "commitment"),
     "model: commitment 0.76, claim 0.620; " + claim_model.TIMELINE_RULE
     + "; kind changed by the rule: the model said commitment, now assertion"),
    # a rule that leaves the kind as the model read it (the cue table's admission undone by the hedge): no change told
    (Decision(0.9, "assertion", 0.95, "rule: the cue table's admission cue; rule: hedged opinion, not an admission",
              "assertion"),
     "model: assertion 0.95, claim 0.900; rule: the cue table's admission cue; rule: hedged opinion, not an admission"),
    # no rule: as before
    (Decision(0.62, "assertion", 0.9), "model: assertion 0.90, claim 0.620"),
    (Decision(0.5, None, 0.7, "rule: polite closing, not a request", "request"),
     "model: request 0.70, claim 0.500; rule: polite closing, not a request; kind changed by the rule: the model said"
     " request, now no claim"),
])
def test_why_wording(decision, why):
    assert decision.why == why


@pytest.mark.parametrize("path, start, kind, said", [
    ("corpora/036_bugzilla-1910805-digicert-delayed-revocation-tro.txt", "July 29, 2024 22:36", "assertion",
     "commitment"),
    ("corpora/065_bugzilla-1898848-entrust-delayed-revocation-jurisdiction.txt",
     "The affected certificates were revoked or had expired by May 21, 2024", "assertion", "admission"),
    ("corpora/043_bugzilla-1818073-sectigo-late-revocation-orgname.txt", "Three of our customers reach out",
     "admission", "assertion"),
    ("corpora/mdsp-2025-10-sheca-api-keys.txt", "Please reconfirm the scope", "request", "assertion"),
])
def test_corpus_claims_say_what_the_model_said(path, start, kind, said):
    (ex,) = extract_paths([path])
    (claim,) = [c for c in ex.claims if c.text.startswith(start)]
    assert claim.kind.value == kind
    assert f"model: {said} " in claim.cue
    assert claim_model.KIND_CHANGED.format(model=said, kind=kind) in claim.cue
