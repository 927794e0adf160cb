"""The learned claim scorer: features, the rules after it, the shipped model file, training reproducibility.

Classes of input: sentences of every kind on real corpus text and constructed variants; polite closings
addressed to everyone (not a request); hedged opinions (not an admission); a pipeline run without ../shared.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from threadkb.extract import claim_model
from threadkb.extract.claim_model import Context, features

CTX = Context(index=1, count=3, message_words=60)


def feats(text: str, kind: str | None = "assertion", cue: str = "assertion", ctx: Context = CTX) -> dict:
    return features(text, kind, cue, 0.0, [], ctx)


@pytest.mark.parametrize("text,present,absent", [
    ("Could you please publish the incident report?", ["q_end", "lex=please", "lex=second_person", "lex=wh_word",
                                                       "modal=could", "first=could"], ["lex=first_person"]),
    ("We will revoke the affected certificates by March 29, 2024.", ["lex=first_person_subject", "lex=future",
                                                                     "modal=will"], ["q_end", "lex=negation"]),
    ("I think we may have missed this in the review.", ["lex=hedge", "lex=first_person", "modal=may",
                                                        "lex=fault"], ["lex=future"]),
    ("This is not a violation of BR 4.9.1.1.", ["lex=negation", "lex=fault"], ["lex=first_person"]),
    ("+1, agree with @BenWilson-Mozilla", ["lex=agreement", "lex=mention"], ["q_end"]),
    ("See https://github.com/cabforum/servercert/pull/537", ["lex=link"], ["lex=agreement"]),
    ("Fixes #143", ["lex=link"], ["lex=negation"]),
    ("The CA must disclose the sub-CA within one week.", ["lex=normative", "modal=must", "lex=third_party_subject"],
     ["lex=first_person"]),
])
def test_shape_features(text, present, absent):
    f = feats(text)
    assert [p for p in present if p not in f] == []
    assert [a for a in absent if a in f] == []


def test_cue_table_verdict_is_a_feature_not_a_decision():
    f = features("We will publish the report.", "commitment", "commitment: will; citation", 1.6, ["self subject"], CTX)
    assert f["cue_kind=commitment"] == 1.0 and f["cue=commitment: will"] == 1.0
    assert f["stance=self subject"] == 1.0 and f["cue_score"] == pytest.approx(1.6 / 3)
    skipped = features("Thanks!", None, "skip: thanks", float("-inf"), [], CTX)
    assert skipped["skip=thanks"] == 1.0 and "cue_score" not in skipped


@pytest.mark.parametrize("ctx,pos,units", [
    (Context(0, 1, 10), "pos=only", "units=<=1"),
    (Context(0, 5, 100), "pos=first", "units=<=8"),
    (Context(4, 5, 100), "pos=last", "units=<=8"),
    (Context(2, 20, 700), "pos=middle", "units=>16"),
])
def test_position_features(ctx, pos, units):
    f = feats("The certificates were revoked on time.", ctx=ctx)
    assert f[pos] == 1.0 and f[units] == 1.0


def _model(claim: dict[str, float], kinds: dict[str, list[float]], classes=("assertion", "admission", "request")):
    return claim_model.ClaimModel({"claim": {"intercept": 0.0, "weights": claim},
                                   "kind": {"classes": list(classes), "intercept": [0.0] * len(classes),
                                            "weights": kinds}})


def test_model_scores_are_a_sum_of_weights():
    m = _model({"q_end": 2.0}, {"q_end": [0.0, 0.0, 3.0]})
    assert m.p_claim({"q_end": 1.0}) == pytest.approx(0.8808, abs=1e-4)
    assert m.p_claim({}) == 0.5
    assert m.kind({"q_end": 1.0})[0] == "request"
    assert m.kind({})[0] == "assertion"


# a model that calls everything an admission or a request: the rules after it must correct these classes
ADMITS = _model({}, {"bias_shape": [0.0, 5.0, 0.0]})
ASKS = _model({}, {"bias_shape": [0.0, 0.0, 5.0]})


@pytest.mark.parametrize("text", [
    "SHECA kindly asks that all participants maintain an objective stance.",
    "I will appreciate everyone's input.",
    "We would appreciate any feedback from the community on this proposal.",
    "Everyone, please remain respectful and constructive in this thread.",
    "We kindly ask all parties to keep the discussion objective.",
])
def test_polite_closing_is_not_a_request(text):
    d = claim_model.decide(ASKS, text, feats(text))
    assert d.kind is None and "polite closing" in d.rule


@pytest.mark.parametrize("text", [
    "I think we may have missed this in the review.",
    "Perhaps the validation step was not applied to these orders.",
    "It seems the CA might have mis-issued a few of them.",
    "In my opinion we probably should have caught this earlier.",
])
def test_hedged_opinion_is_not_an_admission(text):
    d = claim_model.decide(ADMITS, text, feats(text))
    assert d.kind == "assertion" and "hedged" in d.rule


@pytest.mark.parametrize("model,text,kind", [
    (ASKS, "Please publish the incident report by Friday.", "request"),
    (ASKS, "We ask that the CA revoke the certificates within 24 hours.", "request"),
    (ASKS, "Could you share the audit letter?", "request"),
    (ADMITS, "We apologize: we failed to revoke within five days.", "admission"),
    (ADMITS, "This was our mistake, and we may need more time to fix it.", "admission"),
    (ADMITS, "We incorrectly issued 20 certificates.", "admission"),
])
def test_real_requests_and_admissions_stay(model, text, kind):
    assert claim_model.decide(model, text, feats(text)).kind == kind


# a model that calls everything a commitment: the timeline rule must correct timestamped entries, and only those
PROMISES = _model({}, {"bias_shape": [0.0, 0.0, 5.0]}, classes=("assertion", "request", "commitment"))


@pytest.mark.parametrize("text, kind", [
    # corpus 036 (Bugzilla 1910805, DigiCert's timeline): the reported "we will be revoking" made it a commitment
    ("July 29, 2024 22:36 \u2013 DigiCert identifies impacted certificates and lets them know we will be revoking"
     " within 24 hours.", "assertion"),
    ("July 30 2024 11:33 - DigiCert receives notice customer has filed for a Temporary Restraining Order (TRO)"
     " against revocations.", "assertion"),
    ("July 30 2024 2:10 \u2013 12:56 UTC DC talked to multiple root programs and customers.", "assertion"),
    ("July 29. 2024 02:17\u2013 DigiCert files the preliminary incident report.", "assertion"),
    # corpus 038 (Bugzilla 1729097, GTS): an ISO date and a zone, no dash
    ("2021-05-13 20:58 UTC Change submitted to remove DNS Operator Exception from our systems.", "assertion"),
    # constructed: other date forms, zones, separators; the future only in a later clause
    ("2025-10-08 09:30 UTC+8: SHECA received the report and we will revoke within five days.", "assertion"),
    ("8 October 2025 14:00 UTC - SHECA confirmed the issue, and will revoke the certificates within 5 days.", "assertion"),
    ("- 2024/07/29 10:15 GMT: We notify the subscribers that we will revoke.", "assertion"),
    ("Oct 8, 2025 at 9:15 am PST \u2014 We will notify affected subscribers.", "commitment"),  # a plan: "We will"
    # a plan or a promise keeps its kind
    ("2025-11-15 10:00 UTC \u2013 SHECA will complete the revocation of all affected certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 DigiCert plans to revoke all certificates.", "commitment"),
    ("2025-11-15: complete revocation of all certificates.", "commitment"),  # no clock time: no timestamp
    # the future in other words of the first clause (review14a): a contraction, a negated will, a verb of intent, a
    # plan's participle
    ("2025-11-15 10:00 UTC \u2013 We'll revoke all remaining certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 We\u2019ll revoke all remaining certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 SHECA won't issue from the API again.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 SHECA commits to revoking all remaining certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 We promise to revoke all remaining certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 We aim to revoke all remaining certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 Planned: revoke the remaining certificates.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 Expected completion of the revocation.", "commitment"),
    ("2025-11-15 10:00 UTC \u2013 Scheduled revocation of the remaining certificates.", "commitment"),
    ("2024-07-29 10:00 UTC \u2013 DigiCert committed the fix and revoked them.", "assertion"),  # past, no intent
    ("On July 29, 2024 at 22:36 we will revoke them.", "commitment"),
    ("All certificates impacted by this incident will be revoked no later than Saturday, August 3rd 2024, 19:30 UTC.",
     "commitment"),
    ("We will be doing system upgrades to the CCADB on Monday, October 15, 8am-6pm Pacific Time.", "commitment"),
])
def test_timestamped_timeline_entry_is_no_commitment(text, kind):
    d = claim_model.decide(PROMISES, text, feats(text))
    assert d.kind == kind
    assert (d.rule == claim_model.TIMELINE_RULE) == (kind == "assertion")


def test_use_puts_parameters_in_force_and_restores():
    before = claim_model.current()
    with claim_model.use(ADMITS.params) as m:
        assert claim_model.current() is m
        with claim_model.use(None):
            assert claim_model.current() is None
    assert claim_model.current() is before


# --------------------------------------------------------------------------- the shipped model


def _shipped_params() -> dict | None:
    path = resources.files("threadkb.data").joinpath("models").joinpath("claims.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def test_shipped_model_file_is_plain_json_with_its_provenance():
    params = _shipped_params()
    if params is None:
        pytest.skip("no model shipped")
    assert params["format"] == claim_model.FORMAT
    assert len(params["data_hash"]) == 64 and params["trained"][:2] == "20"
    assert set(params["kind"]["classes"]) <= set(claim_model.KINDS)
    assert params["cv"]["claims_recall"] > 0 and params["cv"]["k"] >= 2
    assert claim_model.shipped() is not None


GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"


@pytest.mark.skipif(not GOLD.is_dir(), reason="needs ../shared/gold")
def test_shipped_model_reproduces_from_the_training_script():
    pytest.importorskip("sklearn")
    from threadkb.extract import claim_training

    params = _shipped_params()
    if params is None:
        pytest.skip("no model shipped")
    paths = sorted(str(p) for p in GOLD.glob("*.json") if not p.name.startswith("GOLD-FORMAT"))
    if claim_training.data_hash(paths) != params["data_hash"]:
        pytest.skip("the gold files changed since the model was trained: retrain (scripts/train_models.py)")
    again = claim_training.train(paths, params["seed"])
    assert again["examples"] == params["examples"]
    assert again["kind"]["classes"] == params["kind"]["classes"]
    assert set(again["claim"]["weights"]) == set(params["claim"]["weights"])
    worst = max(abs(again["claim"]["weights"][k] - w) for k, w in params["claim"]["weights"].items())
    assert worst < 1e-3
    assert abs(again["claim"]["intercept"] - params["claim"]["intercept"]) < 1e-3


REFERENCE = Path(__file__).resolve().parent.parent / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"


@pytest.mark.parametrize("snippet,kind", [  # real sentences of the reference thread, kinds as the gold has them
    ("SHECA will revoke the affected certificates and contact customers", "commitment"),
    ("SHECA acknowledges that the aforementioned two interfaces do violate", "admission"),
    ("And does this practice comply with BR requirements?", "question"),
    ("This violation requires revocation within 24 hours, per 4.9.1.1, point 4.", "assertion"),
    ("SHECA believes that 4.9.1.1 point 4 is not applicable to this case.", "assertion"),
])
def test_pipeline_scores_with_the_shipped_model_without_shared(snippet, kind):
    """The shipped model file alone (no ../shared, no scikit-learn at run time) scores the reference thread."""
    from threadkb import pipeline

    model = claim_model.shipped()
    if model is None:
        pytest.skip("no model shipped")
    with claim_model.use(model.params):
        (ex,) = pipeline.extract_paths([str(REFERENCE)])
    found = [c for c in ex.claims if snippet in c.text]
    assert found and found[0].kind.value == kind
    assert all("model:" in c.cue for c in ex.claims if not c.reported and "action item" not in c.cue)
