"""The kind of a relation (rebuts / supports / answers): the rules' classes added in session 3 (a negation inside
a proposed or cited rule's wording is no rebuttal; a concession followed by a contrast is one), what the kind
learner reads of a pair, its decision (it overrules only the cue-less default, above a margin), its evidence,
and the shipped model (reproduced by the training script). Figures: notes3/kinds.md."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from threadkb import learn
from threadkb.link import kind_model, stance
from threadkb.link.features import Candidate
from threadkb.link.stance import DEFAULT_STANCE, cue_features, negation_in_wording, relation_kind, rule_name, stance_of
from threadkb.models import Claim, ClaimKind, RelationKind

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"

TARGET = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, "Reuse of a validation should be limited to 398 days.")


def claim(text: str, kind: ClaimKind = ClaimKind.ASSERTION, speaker: str = "bob", cid: str = "S1") -> Claim:
    return Claim(cid, "m2", speaker, kind, text)


class _Thread:
    messages: list = []


# --------------------------------------------------------------------------- negation inside a rule's wording

@pytest.mark.parametrize("text, expected", [
    # corpus (cabforum/servercert 548, 430): a proposed rule, its negation is the rule's
    ("**To:** Effective November 1, 2024, Subscriber Certificates MUST NOT be issued that rely on WHOIS to identify "
     "Domain Contact information.", True),
    ('What about: "_For validation of Domain Names, any data, document, or completed validation MAY NOT be reused '
     'more than 398 days from the time this information was validated._"', True),
    # constructed variants: other RFC 2119 forms, curly quotes, back-quoted wording
    ("CAs SHALL NOT issue such certificates and SHOULD NOT rely on WHOIS.", True),
    ("Proposed text: “the CA shall not reuse any validation older than 398 days”.", True),
    ("The lint would read `certificates issued after the date must not contain the field`.", True),
    # a stance: lower-case negation, a short quote that is the speaker's words, a negation outside the wording
    ("CAs must not do that, it is clearly forbidden.", False),
    ('Closing as "won\'t fix"', False),
    ("It certainly is something you `SHOULD NOT` do, but it is otherwise not explicitly forbidden.", False),
    ("We do not agree that CAs MUST NOT reuse validations.", False),
    ("No negation here at all.", False),
])
def test_negation_in_wording(text, expected):
    assert negation_in_wording(text) is expected


def test_negation_in_wording_is_no_rebuttal_cue():
    src = claim("Subscriber Certificates MUST NOT be issued that rely on WHOIS.")
    assert stance_of(src, TARGET) is None
    assert relation_kind(src, TARGET, Candidate(TARGET), _Thread()) == (RelationKind.SUPPORTS, DEFAULT_STANCE)
    src = claim("Subscriber Certificates must not be issued that rely on WHOIS.")
    assert relation_kind(src, TARGET, Candidate(TARGET), _Thread()) == (RelationKind.REBUTS, "stance: negation «not»")


# --------------------------------------------------------------------------- concession, then contrast

@pytest.mark.parametrize("text, expected", [
    # corpus (mozilla/pkipolicy 116; a Bugzilla reply)
    ("Sure, but where do you draw the line?", ("rebut", "stance: concession, then contrast «Sure, but»")),
    ("Yes, but the BRs also require revocation if:", ("rebut", "stance: concession, then contrast «Yes, but»")),
    # constructed variants: other concessions, a few words between, "however", "though"
    ("I agree with you, but the deadline is what the BRs say.",
     ("rebut", "stance: concession, then contrast «I agree with you, but»")),
    ("Fair enough, however the CA has to disclose it.", ("rebut", "stance: contrast «however»")),  # named by the table's first cue
    ("True, in theory though the CCADB does the job.",
     ("rebut", "stance: concession, then contrast «True, in theory though»")),
    ("That's fair, but it changes the audit scope.", ("rebut", "stance: concession, then contrast «That's fair, but»")),
    # agreement without a contrast, or a contrast far from the opener: still agreement
    ("Sure, I will update the text.", ("agree", "stance: opens by agreeing «Sure»")),
    ("Yes, this is what the ballot says and what CAs have implemented for years, but it needs a note.",
     ("agree", "stance: opens by agreeing «Yes»")),
    ("But this is not what the ballot says.", ("rebut", "stance: negation «not»")),
])
def test_concession_then_contrast(text, expected):
    assert stance_of(claim(text), TARGET) == expected


def test_concession_names_the_kind():
    kind, why = relation_kind(claim("Yes, but the policy is silent on this."), TARGET, Candidate(TARGET), _Thread())
    assert (kind, why) == (RelationKind.REBUTS, "stance: concession, then contrast «Yes, but»")


# --------------------------------------------------------------------------- questions that propose, assertions that ask

Q = ClaimKind.QUESTION


@pytest.mark.parametrize("src, tgt, tgt_kind, expected", [
    # corpus (mozilla/pkipolicy 178): a reply with a rebut stance to a question that proposes a wording rebuts it
    ("So you don’t want the rule to be on end-entity, you want it to be based on the use of key.",
     'What if the language were deleted and replaced with "CAs SHALL NOT sign SHA-1 hashes over end-entity '
     'certificates"?', Q,
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: negation «n’t»")),
    # constructed: other proposing forms
    ("That would not work for S/MIME.", "How about a 90-day limit?", Q,
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: negation «not»")),
    ("That is incorrect, the method was removed.", "Wouldn't 3.2.2.4.11 allow such a validation method?", Q,
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: correction «incorrect»")),
    ("We cannot change the lint now.", "Could you change the lint to a warning?", Q,
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: negation «cannot»")),
    # a question that asks for information is answered, even by a negative reply
    ("No, we did not revoke them yet.", "Did you revoke the certificates?", Q,
     (RelationKind.ANSWERS, "kind: responds to a question")),
    ("It does not apply to S/MIME.", "What if the CA issued S/MIME certificates? Please clarify whether it applies.",
     Q, (RelationKind.ANSWERS, "kind: responds to a question")),
    # a proposal answered without a rebut stance
    ("A 90-day limit fits the ballot.", "How about a 90-day limit?", Q,
     (RelationKind.ANSWERS, "kind: responds to a question")),
    # corpus (zmap/zlint 632): assertions that ask without a question mark are answered
    ("ZLint is meant for linting certificates used in TLS communications.",
     "I am new to zlint, and want to know if zlint has linting checks for code sign certificates..",
     ClaimKind.ASSERTION, (RelationKind.ANSWERS, "kind: responds to an indirect question «want to know if»")),
    ("Please refer to the README's Command Line Usage.",
     "If yes, how can i test only code sign certificate lints using zlint.",
     ClaimKind.ASSERTION, (RelationKind.ANSWERS, "kind: responds to an indirect question «how can i»")),
    # constructed variants
    ("The CCADB keeps them.", "I wonder whether the CCADB keeps these letters.", ClaimKind.ASSERTION,
     (RelationKind.ANSWERS, "kind: responds to an indirect question «wonder whether»")),
    ("The CCADB keeps them.", "This is how we keep the letters.", ClaimKind.ASSERTION,
     (RelationKind.SUPPORTS, DEFAULT_STANCE)),
])
def test_proposal_questions_and_indirect_questions(src, tgt, tgt_kind, expected):
    target = Claim("T1", "m1", "alice", tgt_kind, tgt)
    assert relation_kind(claim(src), target, Candidate(target), _Thread()) == expected


# --------------------------------------------------------------------------- a question that objects (session 11)

CHALLENGE = "kind: argues against a question (a challenge «{}»); stance: {}"


@pytest.mark.parametrize("src, tgt, expected", [
    # corpus (mozilla/pkipolicy 116): the challenged speaker argues back
    ("@wthayer Perhaps this overlaps too much with #115, but I suppose my point was that the CA should disclose it.",
     "Sure, but where do you draw the line?",
     (RelationKind.REBUTS, CHALLENGE.format("Sure, but", "objection «overlaps too much with»"))),
    # constructed variants: the concession and the contrast in other words, an address before them
    ("That is not what the BRs require.", "But why would a CA ever do that?",
     (RelationKind.REBUTS, CHALLENGE.format("But", "negation «not»"))),
    ("No CA does that; it is redundant.", "Yes, I see, however who audits it?",
     (RelationKind.REBUTS, CHALLENGE.format("Yes, I see, however", "negation «No»"))),
    ("The audit already covers it.", "@bob Fair enough, but who checks the auditor?",
     (RelationKind.REBUTS, CHALLENGE.format("Fair enough, but", "objection «already covers»"))),
    # a challenge answered without a rebut stance is answered
    ("The auditor checks it.", "Sure, but who checks the auditor?", (RelationKind.ANSWERS, "kind: responds to a question")),
    # no challenge: a contrast inside the question, a plain question, an adjective "yet", a request for information
    ("That is not what the BRs require.", "Do you see 3.2.2.4.8 fitting, given 3.2.2.5 still allows it?",
     (RelationKind.ANSWERS, "kind: responds to a question")),
    ("That is not what the BRs require.", "Where do you draw the line?", (RelationKind.ANSWERS, "kind: responds to a question")),
    ("That is not what the BRs require.", "Yet another method?", (RelationKind.ANSWERS, "kind: responds to a question")),
    ("That is not what the BRs require.", "But could you confirm whether it applies?",
     (RelationKind.ANSWERS, "kind: responds to a question")),
])
def test_a_reply_that_argues_back_rebuts_a_challenge(src, tgt, expected):
    target = Claim("T1", "m1", "alice", Q, tgt)
    assert relation_kind(claim(src), target, Candidate(target), _Thread()) == expected


def test_only_a_question_challenges():
    """An assertion that opens with "But" is no challenge: its reply's kind comes from the stances."""
    assert stance.challenge(Claim("T1", "m1", "alice", ClaimKind.ASSERTION, "But the CA did not revoke.")) is None
    assert stance.challenge(Claim("T1", "m1", "alice", Q, "But did the CA revoke?")).group(0) == "But"


# --------------------------------------------------------------------------- what the learner reads

@pytest.mark.parametrize("why, name", [
    (DEFAULT_STANCE, "default"),
    ("stance: negation «not»", "negation"),
    ("stance: concession, then contrast «Sure, but»", "concession_then_contrast"),
    ("stance: opens by agreeing «Right»", "opens_by_agreeing"),
    ("stance: agreement «yes»", "agreement"),
    ("kind: responds to a question", "responds"),
    ("kind: responds to an indirect question «how can i»", "indirect_question"),
    ("kind: an admission concedes the point", "admission"),
    ("kind: a commitment takes the point up", "commitment"),
    ("kind: argues against a request (a proposal); stance: negation «not»", "against_request"),
    ("kind: argues against a question (a proposal); stance: negation «not»", "against_request"),
    ("kind: a denial rejects the point", "denial"),
    ("same side: both said by sleevi, who elaborates (no self-correction in the message)", "same_side"),
    ("self-correction «we were wrong»; stance: negation «not»", "self_correction"),
    ("stance: Alvin Wang defends against a reply to their own message", "defends"),
    ("stance: a different figure for the same count", "figure"),
    ("something else", "other"),
])
def test_rule_name(why, name):
    assert rule_name(why) == name


@pytest.mark.parametrize("src, tgt, expected", [
    ("Agreed, this is needed.", "We should require it.", {"agree_opener"}),
    ("That is correct.", "The CA did not disclose it.", {"agree", "target_negated"}),
    ("The CA did not disclose it either.", "They did not disclose the intermediate.", {"negation", "target_negated",
                                                                                     "same_denial"}),
    ("CAs MUST NOT reuse it.", "Please clarify whether reuse is allowed.", {"negation", "negation_in_wording",
                                                                         "target_asks_information"}),
    ("Sure, but where do you draw the line?", "Yes, exactly.", {"concession_then_contrast", "target_agrees"}),
    ("This is wrong.", "The deadline is 24 hours.", {"correction"}),
])
def test_cue_features(src, tgt, expected):
    assert cue_features(claim(src), Claim("T1", "m1", "alice", ClaimKind.ASSERTION, tgt)) == expected


class _Pair:
    def __init__(self, src: Claim, tgt: Claim, features: dict[str, float]):
        self.source, self.target, self.features = src, tgt, features


def test_kind_features_of_a_pair():
    src = claim("I think this one would fit better in #140.")  # no stance cue ("would clash with" is an objection)
    tgt = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, "Should we also cover S/MIME?")
    f = kind_model.kind_features(_Pair(src, tgt, {"near": 1.0, "distance": 1.0, "overlap": 2.0}),
                                 RelationKind.SUPPORTS, DEFAULT_STANCE)
    assert {k for k in f if not k.startswith(("s_", "t_"))} == {
        "rule_supports", "rulename_default", "src_assertion", "tgt_assertion", "near"}
    assert {"s_hedge", "s_modal", "s_first_person", "s_link", "t_ends_question", "t_modal"} <= set(f)
    assert set(f.values()) == {1.0}


# --------------------------------------------------------------------------- the decision

MODEL = {"format": kind_model.FORMAT, "classes": ["answers", "rebuts", "supports"], "applies_to": ["default"],
         "features": ["near", "t_first_person"], "margin": 0.2,
         "coef": [[0.0, 0.0], [2.0, -1.0], [0.0, 1.0]], "intercept": [-2.0, 0.0, 0.0]}


@pytest.mark.parametrize("features, expected", [
    ({}, [math.exp(-2) / (math.exp(-2) + 2), 1 / (math.exp(-2) + 2), 1 / (math.exp(-2) + 2)]),
    ({"near": 1.0}, [math.exp(-2) / (math.exp(-2) + math.exp(2) + 1), math.exp(2) / (math.exp(-2) + math.exp(2) + 1),
                     1 / (math.exp(-2) + math.exp(2) + 1)]),
    ({"unknown": 5.0}, [math.exp(-2) / (math.exp(-2) + 2), 1 / (math.exp(-2) + 2), 1 / (math.exp(-2) + 2)]),
])
def test_probabilities_are_a_softmax(features, expected):
    got = kind_model.probabilities(features, dict(MODEL))
    assert [got[k] for k in MODEL["classes"]] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("probs, rule, margin, expected", [
    ({"answers": 0.1, "rebuts": 0.6, "supports": 0.3}, "supports", 0.2, "rebuts"),
    ({"answers": 0.1, "rebuts": 0.6, "supports": 0.3}, "supports", 0.4, None),     # not clear enough
    ({"answers": 0.1, "rebuts": 0.45, "supports": 0.45}, "supports", 0.0, None),   # a tie keeps the rules' kind
    ({"answers": 0.1, "rebuts": 0.3, "supports": 0.6}, "supports", 0.0, None),     # the learner agrees
    ({"answers": 0.7, "rebuts": 0.1, "supports": 0.2}, "rebuts", 0.5, "answers"),
])
def test_overrides_only_above_the_margin(probs, rule, margin, expected):
    assert kind_model.overrides(probs, rule, margin) == expected


def test_refine_overrules_only_the_cue_less_default_and_says_why():
    src = claim("The new key has been disclosed by way of the cross-certificate.")
    pair = _Pair(src, TARGET, {"near": 1.0})
    kind, why = kind_model.refine(pair, RelationKind.SUPPORTS, DEFAULT_STANCE, dict(MODEL))
    assert kind is RelationKind.REBUTS
    assert why.startswith("learned kind: rebuts, with probability 0.")
    assert "(follows the earlier message directly)" in why and why.endswith(f"; the rules said supports, with probability 0.12: {DEFAULT_STANCE}")
    # a rule with a cue of its own stands, whatever the learner says
    assert kind_model.refine(pair, RelationKind.SUPPORTS, "stance: agreement «yes»", dict(MODEL)) == (
        RelationKind.SUPPORTS, "stance: agreement «yes»")
    # no model: the rules alone
    assert kind_model.refine(pair, RelationKind.SUPPORTS, DEFAULT_STANCE, {}) == (RelationKind.SUPPORTS, DEFAULT_STANCE)
    with kind_model.use({}):
        assert kind_model.refine(pair, RelationKind.SUPPORTS, DEFAULT_STANCE) == (RelationKind.SUPPORTS, DEFAULT_STANCE)


@pytest.mark.parametrize("margin, computes", [(1.01, False), (1.0, True), (0.4, True)])
def test_refine_computes_no_features_when_the_margin_cannot_be_reached(monkeypatch, margin, computes):
    calls: list[str] = []
    real = kind_model.kind_features

    def counted(pair, kind, why):
        calls.append(why)
        return real(pair, kind, why)

    monkeypatch.setattr(kind_model, "kind_features", counted)
    pair = _Pair(claim("The new key has been disclosed by way of the cross-certificate."), TARGET, {"near": 1.0})
    kind, why = kind_model.refine(pair, RelationKind.SUPPORTS, DEFAULT_STANCE, {**MODEL, "margin": margin})
    assert calls == ([DEFAULT_STANCE] if computes else [])
    if not computes:  # two probabilities differ by less than 1: the rules' kind always stands
        assert (kind, why) == (RelationKind.SUPPORTS, DEFAULT_STANCE)


@pytest.mark.parametrize("name, words", [
    ("near", "follows the earlier message directly"),
    ("t_past_action", "the earlier claim: past action"),
    ("s_ends_question", "the reply: ends question"),
    ("cue_target_negated", "stance cue: target negated"),
    ("tgt_request", "the earlier claim's kind: request"),
    ("src_assertion", "the reply's kind: assertion"),
    ("rulename_default", "no stance cue"),
    ("rulename_negation", "rule: negation"),
    ("something_new", "something new"),
])
def test_kind_features_in_words(name, words):
    assert kind_model.feature_words(name) == words


def test_training_picks_the_margin_by_cross_validation():
    """Constructed rows: the learner can tell rebuttals (near) from supports; the margin that gets most kinds
    right on held-out files is chosen, and the coefficients name the classes."""
    files = [[({"rule_supports": 1.0, "near": 1.0}, "rebuts", "supports", "default"),
              ({"rule_supports": 1.0, "t_future": 1.0}, "supports", "supports", "default"),
              ({"rule_answers": 1.0}, "answers", "answers", "responds")] for _ in range(6)]
    model = kind_model.train(files, seed=0, inner=learn.folds(list(range(len(files))), 3, 0))
    assert model["classes"] == ["answers", "rebuts", "supports"] and model["margin"] < 1.0
    assert model["examples"] == 18 and model["applies_to"] == ["default"]
    assert sum(model["inner_cv_right"].values()) <= 12 * len(kind_model.MARGINS)  # scored on the default's pairs
    assert kind_model.probabilities({"rule_supports": 1.0, "near": 1.0}, model)["rebuts"] > 0.5


@pytest.mark.parametrize("labels", [("rebuts", "supports"), ("answers", "rebuts", "supports")])
def test_fitted_model_gives_sklearns_probabilities(labels):
    """Two classes (sklearn fits one row) and three: ``probabilities`` equals ``predict_proba``."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows = [({"near": 1.0, "s_hedge": float(i % 2)}, labels[i % len(labels)]) for i in range(12)]
    rows += [({"t_future": 1.0}, labels[-1]), ({"near": 1.0}, labels[0])]
    model = kind_model.fit(rows, seed=0)
    assert model["classes"] == list(labels) and len(model["coef"]) == len(labels)
    x = np.array([[f.get(n, 0.0) for n in model["features"]] for f, _ in rows])
    clf = LogisticRegression(C=kind_model.C, max_iter=5000, random_state=0).fit(x, [y for _, y in rows])
    for (f, _), want in zip(rows, clf.predict_proba(x), strict=True):
        got = kind_model.probabilities(f, model)
        assert [got[k] for k in labels] == pytest.approx(list(want), abs=1e-4)


# --------------------------------------------------------------------------- the shipped model

def test_shipped_kinds_model_is_small_and_complete():
    path = ROOT / "threadkb" / "data" / "models" / "kinds.json"
    assert path.stat().st_size < 1_000_000
    model = json.loads(path.read_text("utf-8"))
    assert model["format"] == kind_model.FORMAT and model["applies_to"] == list(kind_model.APPLIES_TO)
    assert len(model["coef"]) == len(model["classes"]) == len(model["intercept"])
    assert all(len(row) == len(model["features"]) for row in model["coef"])
    for key in ("trained", "data_sha256", "seed", "margin", "examples", "cv"):
        assert key in model


def test_stance_module_names_every_rule_it_writes():
    """Each reason ``relation_kind`` can give opens with words ``rule_name`` knows (no "other")."""
    src = claim("The deadline is 24 hours.")
    reasons = {
        relation_kind(src, TARGET, Candidate(TARGET), _Thread())[1],
        relation_kind(claim("We made a mistake.", ClaimKind.ADMISSION), TARGET, Candidate(TARGET), _Thread())[1],
        relation_kind(claim("We will fix it.", ClaimKind.COMMITMENT), TARGET, Candidate(TARGET), _Thread())[1],
        relation_kind(claim("We never did that.", ClaimKind.DENIAL), TARGET, Candidate(TARGET), _Thread())[1],
        relation_kind(src, Claim("Q1", "m1", "alice", ClaimKind.QUESTION, "Why?"), Candidate(TARGET), _Thread())[1],
        relation_kind(claim("It is 24 hours.", speaker="alice"), TARGET, Candidate(TARGET), _Thread())[1],
    }
    assert "other" not in {stance.rule_name(w) for w in reasons}, reasons


@pytest.mark.parametrize("text, words", [  # every concession of ``challenge_question``, then the contrast
    ("Yeah, but who pays?", "Yeah, but"), ("Yep, however who audits it?", "Yep, however"),
    ("Right, but why now?", "Right, but"), ("True, but is it required?", "True, but"),
    ("OK, but what is the deadline?", "OK, but"), ("Okay, but where is the report?", "Okay, but"),
    ("Granted, but why wait?", "Granted, but"), ("Agreed, but who decides?", "Agreed, but"),
    ("Yes - but why?", "Yes - but"), ("Sure thing, but why?", "Sure thing, but"),
    ("However, is that allowed?", "However"),
    # no challenge: the contrast more than three words after the concession, a word that only starts with "but"
    ("Right, we all know the CA revoked, but why so late?", None), ("Butterfly keys: are they allowed?", None),
])
def test_each_concession_of_the_challenge_table(text, words):
    found = stance.challenge(Claim("T1", "m1", "alice", Q, text))
    assert (found.group(0) if found else None) == words


# --------------------------------------------------------------------------- a question put to a statement

QUESTIONS = "kind: a question put to a statement questions it «{}»"


@pytest.mark.parametrize("src, tgt, expected", [
    # corpus (acme.sh 47): the reply's question doubts that revocation is needed (gold: rebuts)
    ("Is there any strong requirements to revoke a cert ?", "I think something like that should be added.",
     (RelationKind.REBUTS, QUESTIONS.format("Is"))),
    # corpus (boulder 1452, zlint 923): gold rebuttals that are questions with a rebut cue of their own keep its words
    ("Wouldn't 3.2.2.4.11 allow such a validation method?",
     "Such a validation mechanism is not permitted under Baseline Requirements.",
     (RelationKind.REBUTS, "stance: negation «n't»")),
    ("Would you be amenable to `warn` rather than `error`?", "This extension is used in CA certificates.",
     (RelationKind.REBUTS, "stance: contrast «rather than»")),
    # constructed variants: other asking words, an address before the question, curly apostrophe
    ("Why should a CA disclose a certificate it has only created?", "Every certificate must be disclosed.",
     (RelationKind.REBUTS, QUESTIONS.format("Why"))),
    ("@alice How does that square with section 4.9.1.1?", "Revocation within five days is enough.",
     (RelationKind.REBUTS, QUESTIONS.format("How"))),
    ("Does the audit cover that as well?", "The CA needs a separate audit for it.",
     (RelationKind.REBUTS, QUESTIONS.format("Does"))),
    ("Can’t the CA reuse the old validation?", "The CA needs a new validation for it.",
     (RelationKind.REBUTS, "stance: negation «n’t»")),
    # no such question: a fragment that offers, a question that agrees in its own words, the same speaker
    # elaborating, a statement that proposes, a question with a rebut stance of its own
    ("Something like this?", "The CA needs a separate audit for it.", (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    ("Agreed, is that in the BRs too?", "The CA needs a separate audit for it.",
     (RelationKind.SUPPORTS, "stance: opens by agreeing «Agreed»")),
    ("Is that in the BRs too?", Claim("T1", "m1", "bob", ClaimKind.ASSERTION, "The CA needs a separate audit for it."),
     (RelationKind.SUPPORTS, "same side: both said by bob, who elaborates (no self-correction in the message)")),
    ("Is that in the BRs too?", "Maybe you could also disable linting for non-TLS certificates.",
     (RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)")),
    ("Isn't that wrong?", "The CA needs a separate audit for it.", (RelationKind.REBUTS, "stance: negation «Isn't»")),
])
def test_a_question_put_to_a_statement_questions_it(src, tgt, expected):
    target = tgt if isinstance(tgt, Claim) else Claim("T1", "m1", "alice", ClaimKind.ASSERTION, tgt)
    assert relation_kind(claim(src, Q), target, Candidate(target), _Thread()) == expected


def test_only_a_question_put_to_a_statement_questions_it():
    """A statement is no question; a question put to a question is answered or argued, not questioned."""
    assert stance.questions(claim("Is is the first word.", ClaimKind.ASSERTION)) is None
    assert stance.questions(claim("Is it?", Q)).group(0) == "Is"
    src, target = claim("Why would it?", Q), Claim("T1", "m1", "alice", Q, "Does the CA need an audit?")
    assert relation_kind(src, target, Candidate(target), _Thread())[1] == DEFAULT_STANCE
    assert rule_name(QUESTIONS.format("Why")) == "question_to_statement"


@pytest.mark.parametrize("body, question, expected", [
    # corpus (acme.sh 47): the comment opens by agreeing, then asks; the agreement does not carry to the question
    ("yes, no revoking yet.\nIs there any strong requirements to revoke a cert ?",
     "Is there any strong requirements to revoke a cert ?",
     (RelationKind.REBUTS, QUESTIONS.format("Is") + "; not the agreement of its message's opening "
                                                     "(opens by agreeing in the opening of the reply «yes, no revoking yet.»)")),
    # constructed: another opening agreement, then a why-question
    ("Sure, that is one reading.\n\nWhy would a CA wait that long?", "Why would a CA wait that long?",
     (RelationKind.REBUTS, QUESTIONS.format("Why") + "; not the agreement of its message's opening "
                                                      "(opens by agreeing in the opening of the reply «Sure, that is one reading.»)")),
    # the opening's rebuttal is the question's stance (the rule keeps it)
    ("No, that is wrong.\nWhy would a CA wait that long?", "Why would a CA wait that long?",
     (RelationKind.REBUTS, "stance: negation in the opening of the reply «No, that is wrong.»")),
])
def test_an_opening_agreement_does_not_carry_to_a_question(body, question, expected):
    from threadkb.models import Message, TextLine

    start = body.index(question)
    src = Claim("S1", "m2", "bob", Q, question, start, start + len(question))
    msg = Message("m2", "x.txt", author="bob", lines=[TextLine(line, i, 0) for i, line in enumerate(body.split("\n"))])
    thread = _Thread()
    thread.messages = [msg]
    assert relation_kind(src, TARGET, Candidate(TARGET), thread) == expected


def _defence_thread():
    """bob's message m0, alice's reply m1 to it, bob's answer m2 to alice: the shape of the 'defends' stance."""
    from threadkb.models import Message

    thread = _Thread()
    thread.messages = [Message("m0", "x.txt", author="bob"), Message("m1", "x.txt", author="alice", in_reply_to="m0"),
                       Message("m2", "x.txt", author="bob", in_reply_to="m1")]
    return thread


DEFENDS = (RelationKind.REBUTS, "stance: bob defends against a reply to their own message")


@pytest.mark.parametrize("text, expected", [
    # corpus (027, SHECA's answer to Arabella Barks): thanks for the reply it answers; was a rebuttal of her claims
    ("Hi, Arabella Thank you for your professional reply.", (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    # constructed variants of thanks and appreciation
    ("Thanks for the explanation of the timeline.", (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    ("I really appreciate the clarification on the audit scope.", (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    ("We are grateful for the detailed review.", (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    # no thanks: the speaker holds to their message against the reply
    ("The certificates were issued under the old procedure.", DEFENDS),
    ("Thanksgiving delayed the revocation of the certificates.", DEFENDS),
])
def test_thanks_for_a_reply_is_no_defence(text, expected):
    target = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, "The certificates should have been revoked in 5 days.")
    src = Claim("S1", "m2", "bob", ClaimKind.ASSERTION, text)
    assert relation_kind(src, target, Candidate(target), _defence_thread()) == expected
