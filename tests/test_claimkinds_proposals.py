"""A proposal, a stated request or a suggestion to the reader is a request, and the linker scores it as the assertion
the kind model read.

Class of input: review comments and policy issues that ask for a change without "?": an imperative of editing or
policy at the start of the sentence ("Consider updating …", "Set a norm …", "Suggest updating …", "Require these
letters to be:", "Please add …", "@alice please update …"), or a substitution ("s/blacklist/reject/", "For clarity:
s/a/b/"); a request the speaker states ("we are requesting that Entrust produce …", "it is requested that …"); a
suggestion addressed to the reader ("Maybe you could also disable …", "You should NOT accept this Pull Request …").
Held out, the kind model took 19-24 gold requests per split for assertions (words of a few files decide it); the
rules ``claim_features.json`` ``request_rules`` correct those classes only. Discourse imperatives ("Note that
…", "Let's …", "See …", "Please note/refer …") and nouns that look like verbs ("Update: …", "Fix is deployed", "Use
of SHA-1 …") stay out.

The link stage's request signals (``question_target`` in the candidates' rules, ``question_answer``/``tgt_request``
in the pair scorer, ``tgt_request`` in the kind learner) were learned on the requests the kind model finds, which ask
for something; read as requests, the rule's proposals pulled replies away from their gold targets (CV relations F1
fell .457 -> .437). ``stance.scored_kind`` gives the scorers the assertion the model read for a request the rule
made; every other request, and the relation's kind (``relation_kind``, by stance), read the claim's kind.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from threadkb.extract import claim_model
from threadkb.extract.claim_model import Context, features
from threadkb.link import candidate_pairs
from threadkb.link.stance import scored_kind
from threadkb.models import PROPOSAL_RULE, Claim, ClaimKind
from threadkb.pipeline import extract_paths

CTX = Context(index=1, count=3, message_words=60)


def _model(kind: str):
    classes = ["assertion", "commitment", "question", "request"]
    bias = [5.0 if c == kind else 0.0 for c in classes]
    return claim_model.ClaimModel({"claim": {"intercept": 0.0, "weights": {}},
                                   "kind": {"classes": classes, "intercept": bias, "weights": {}}})


ASSERTS = _model("assertion")


def _kind(text: str, model=ASSERTS) -> str | None:
    return claim_model.decide(model, text, features(text, "assertion", "assertion", 0.0, [], CTX)).kind


PROPOSALS = [
    # corpus (gold requests: pkipolicy 101/143/147, servercert 109/150, ccadb)
    "Consider updating the policy to reflect these changes.",
    "Consider setting a date after which SHA-1 S/MIME certificates may no longer be issued.",
    "Set a norm in policy for the expected actions that will occur when Mozilla receives an audit",
    "Suggest updating this language to remove the word \"reused\" from the sentence.",
    "s/blacklist/reject/",
    "For clarity: s/certificates/Subscriber Certificates/",
    "In a future update to the CCADB policy, require these letters to be:",
    # constructed variants: other verbs, a leading address, "please" inside the sentence, a list item
    "Please add a test for the empty SAN case.",
    "Remove the second sentence of 4.9.1.1.",
    "Replace \"MUST\" with \"SHOULD\" in 7.1.2.3.",
    "Suggest: \"The CA SHALL revoke within 24 hours\".",
    "Propose adding a sunset date for SHA-1.",
    "I suggest: s/may/MUST/",
    "Clarify the definition of Reserved IP Address.",
    "Require all CAs to disclose these in the CCADB.",
    "* Rename the field to subjectAltName.",
    "@alice please update the effective date in the lint.",
    "Ben, please review the new wording of section 3.2.",
    "The table is out of date, please fix the second row.",
    "Revert the change to the OCSP lint until the ballot passes.",
    # a stated request (corpus: mdsp 034, 010, 033; constructed)
    "we are requesting that Entrust produce a detailed report of them",
    "We therefore require that Symantec arrange their new PKI and provide us with sufficient information in good time",
    "it is requested that comments and requests for clarification be collected into as few emails/posts as possible",
    "I would ask that the CA publish the full list of affected serial numbers.",
    "We urge that the ballot be withdrawn until the dates are fixed.",
    # a suggestion addressed to the reader (corpus: zlint 121, servercert 109; constructed)
    "Maybe you could also disable linting for non-SSL/TLS certificates.",
    "You should NOT accept this Pull Request unless/until Ballot 185 succeeds.",
    "@bob you might want to rebase on main first.",
    "Ben, you should update the CPS as well.",
    "Perhaps you may want to check section 4.9.1.1 again.",
]


STATEMENTS = [
    # corpus (gold assertions)
    "Note that a similar change needs to occur in the TLS BR.",
    "Let's not limit root/intermediate CA certificate validity periods to 398 days.",
    "See Bug 1715455.",
    # constructed: nouns that look like verbs, statements, pointers
    "Update: we revoked the certificates on Monday.",
    "Fix is deployed to production.",
    "Use of SHA-1 is prohibited.",
    "Change is good, but the date is too early.",
    "Set up was completed last week.",
    "Use case: a CA that issues only S/MIME certificates.",
    "State and locality are wrong in 12 certificates.",
    "The CA should consider updating its CPS.",
    "We updated the policy to reflect these changes.",
    "For details, please refer to the README.",
    "Please note that the audit period ended in March.",
    "The BRs require that CAs revoke within 24 hours.",
    "Mozilla asked that question in 2019.",
    "You could argue that the BRs are silent here.",
    "You should see the new lint in the next release.",
    "You should be able to reproduce it with the test file.",
    "If you want, you could also add a test.",
    "The CA could also disable linting.",
]


@pytest.mark.parametrize(("text", "expected"), [(t, "request") for t in PROPOSALS]
                         + [(t, "assertion") for t in STATEMENTS])
def test_proposals_are_requests_statements_stay_assertions(text, expected):
    assert _kind(text) == expected


@pytest.mark.parametrize("kind", ["question", "commitment"])
def test_only_an_assertion_becomes_a_request(kind):
    assert _kind("Consider updating the policy?", _model(kind)) == kind


def test_the_rule_says_why():
    text = "Consider updating the policy to reflect these changes."
    d = claim_model.decide(ASSERTS, text, features(text, "assertion", "assertion", 0.0, [], CTX))
    assert (d.kind, d.rule) == ("request", PROPOSAL_RULE + " (proposal)")
    assert d.rule in d.why and d.why.endswith("the model said assertion, now request")


@pytest.mark.parametrize(("text", "rule"), [
    ("Consider updating the policy to reflect these changes.", "proposal"),
    ("we are requesting that Entrust produce a detailed report of them", "stated request"),
    ("Maybe you could also disable linting for non-SSL/TLS certificates.", "suggestion"),
])
def test_the_rule_names_the_form(text, rule):
    d = claim_model.decide(ASSERTS, text, features(text, "assertion", "assertion", 0.0, [], CTX))
    assert d.rule == f"{PROPOSAL_RULE} ({rule})"


# --------------------------------------------------------------------------- what the linker reads


def _claim(kind: ClaimKind, text: str, cue: str) -> Claim:
    return Claim("m1:c1", "m1", "alice", kind, text, cue=cue)


RULED = ("assertion; model: assertion 0.81, claim 0.62; " + PROPOSAL_RULE + " (proposal); kind changed by the rule: "
         "the model said assertion, now request")


@pytest.mark.parametrize("claim, expected", [
    (_claim(ClaimKind.REQUEST, "Consider updating the policy to reflect these changes.", RULED), ClaimKind.ASSERTION),
    (_claim(ClaimKind.REQUEST, "s/blacklist/reject/", RULED), ClaimKind.ASSERTION),
    # requests the kind model found itself: read as requests
    (_claim(ClaimKind.REQUEST, "Please confirm whether the audit covers the subCA.", "assertion; model: request 0.71, "
            "claim 0.66"), ClaimKind.REQUEST),
    (_claim(ClaimKind.REQUEST, "Consider updating the policy to reflect these changes.", "request: please; model: "
            "request 0.90, claim 0.80"), ClaimKind.REQUEST),
    # other kinds: as they are
    (_claim(ClaimKind.QUESTION, "Should the policy require it?", "question: ?"), ClaimKind.QUESTION),
    (_claim(ClaimKind.ASSERTION, "Consider the case of a CA with no subCAs.", "assertion"), ClaimKind.ASSERTION),
    (_claim(ClaimKind.COMMITMENT, "We will update the policy.", "commitment: will; " + PROPOSAL_RULE),
     ClaimKind.COMMITMENT),
])
def test_scored_kind(claim, expected):
    assert scored_kind(claim) is expected


def _github(tmp_path: Path, comments: list[tuple[str, str]]) -> Path:
    """A GitHub issue as the issues-corpus renders it (login · comment · date blocks)."""
    blocks = [f"{who} · {'description' if i == 0 else 'comment'} · 2024-01-{10 + i:02d}\n{text}\n"
              for i, (who, text) in enumerate(comments)]
    path = tmp_path / "proposal.txt"
    path.write_text("example/policy · issue #7 · open · C\n# Sunset SHA-1 for S/MIME\n\n" + "\n".join(blocks),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("proposal_text", [
    "Set a sunset date for SHA-1 S/MIME issuance in the next policy version.",
    "Require CAs to stop issuing SHA-1 S/MIME certificates by a fixed date.",
    "Add a sunset date for SHA-1 S/MIME certificates to section 5.1.",
    "Suggest adding a sunset date for SHA-1 S/MIME certificates to section 5.1.",
])
def test_a_reply_to_a_ruled_proposal_is_scored_as_a_reply_to_an_assertion(tmp_path, proposal_text):
    """Pipeline with the shipped models on a constructed thread (the shape of pkipolicy 143): the proposal is a
    request by the rule; the pair from the reply carries the assertion's features and no request bonus; the
    same pair with the proposal as a model-found request carries them (the scorers are unchanged there)."""
    path = _github(tmp_path, [
        ("alice", "SHA-1 signatures on S/MIME certificates are still accepted by some clients.\n\n" + proposal_text),
        ("bob", "A date in 2025 would give CAs enough time to move their S/MIME issuance to SHA-256."),
    ])
    (ex,) = extract_paths([str(path)])
    proposal = next(c for c in ex.claims if c.text == proposal_text)
    assert (proposal.kind, PROPOSAL_RULE + " (proposal)" in proposal.cue) == (ClaimKind.REQUEST, True)

    def reply_pair():
        return next(p for p in candidate_pairs(ex) if p.target.id == proposal.id and "A date in 2025" in p.source.text)

    pair = reply_pair()
    assert [k for k in ("tgt_assertion", "tgt_request", "question_answer") if k in pair.features] == ["tgt_assertion"]
    assert not any(e.startswith("question target") for e in pair.candidate.evidence)
    ex.claims[ex.claims.index(proposal)] = proposal = dataclasses.replace(proposal, cue="request: please")
    pair = reply_pair()
    assert [k for k in ("tgt_assertion", "tgt_request", "question_answer") if k in pair.features] == [
        "tgt_request", "question_answer"]
    assert any(e.startswith("question target") for e in pair.candidate.evidence)
