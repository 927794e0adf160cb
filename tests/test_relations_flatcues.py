"""The kind of a relation in flat threads (GitHub issues and PRs, top-posted mail), where replies do not quote and
the stance is in the words: the cue classes of session 4 (``link_cues.json``), each with corpus text and
constructed variants, exact values.

- objection (rebut row "objection"): a reply that names a problem with the point ("would clash with #140",
  "creates grammar issues", "already handled", "redundant", "Closing as WONTFIX", "isn't actually a duplicate");
- acceptance (agree row "accepts"): "+1", "LGTM", "Looks good to me", "Thanks, fixed in ...", "Merged";
  a few words of acceptance to a request (a proposal) support it rather than answer it;
- additive negation ("not only when the key is lost"): adds a case, denies nothing;
- the reply's opening sentence ("I disagree.", "No.", "Agreed.", "Sure, but ...?"): a later claim of the same
  message without a stance cue of its own argues that stance (``stance.opening_stance``).
Figures: /work/notes4/kinds.md."""
from __future__ import annotations

import pytest

from threadkb.link.features import Candidate
from threadkb.link.stance import (
    DEFAULT_STANCE,
    additive_negation,
    opening_sentence,
    opening_stance,
    relation_kind,
    rule_name,
    stance_of,
)
from threadkb.models import Claim, ClaimKind, Message, RelationKind, TextLine
from threadkb.report.evidence import plain_reasons

TARGET = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, "Reuse of a validation should be limited to 398 days.")
REQUEST = Claim("T1", "m1", "alice", ClaimKind.REQUEST, "I think something like that should be added.")


def claim(text: str, kind: ClaimKind = ClaimKind.ASSERTION, start: int = 0) -> Claim:
    return Claim("S1", "m2", "bob", kind, text, start, start + len(text))


class _Thread:
    def __init__(self, *messages: Message):
        self.messages = list(messages)


def _message(key: str, text: str) -> Message:
    return Message(key, "x.txt", author="bob",
                   lines=[TextLine(line, i, 0) for i, line in enumerate(text.split("\n"))])


# --------------------------------------------------------------------------- objection

@pytest.mark.parametrize("text, words", [
    # corpus (cabforum/smime 144, ccadb 134, pkipolicy 95, 116, 162)
    ("I think this one would clash with #140.", "would clash"),
    ("Also, a straight-across search-and-replacement creates grammar issues.", "creates grammar issues"),
    ("SC35 already handled this case for server authentication certificates.", "already handled"),
    ("Given this, this issue may be redundant, depending on whether we want this handled at the Mozilla level.",
     "redundant"),
    ("3.2.2.4.6 is also underspecified.", "underspecified"),
    ("Closing as WONTFIX based on discussion at the list.", "WONTFIX"),
    # constructed variants of the class
    ("That would break existing clients.", "would break"),
    ("This change breaks backward compatibility for older CAs.", "breaks backward compatibility"),
    ("It conflicts with section 4.9.1.1.", "conflicts with"),
    ("The new field is unnecessary.", "unnecessary"),
    ("Mozilla Policy already covers this.", "already covers"),
    ("The proposal overlaps too much with #115.", "overlaps too much with"),
])
def test_objection_is_a_rebuttal_cue(text, words):
    assert stance_of(claim(text), TARGET) == ("rebut", f"stance: objection «{words}»")


@pytest.mark.parametrize("text, expected", [
    # an objection that also negates, or says "wrong": a rebuttal, named by the table's first cue
    ("This isn't actually a duplicate of #12.", ("rebut", "stance: negation «isn't»")),
    ("This is the wrong venue for further discussion of CAA.", ("rebut", "stance: correction «wrong»")),
])
def test_objection_named_by_an_earlier_cue(text, expected):
    assert stance_of(claim(text), TARGET) == expected


@pytest.mark.parametrize("text", [
    "The issue was reported on 2024-05-01.",  # "issue" alone names no problem with the point
    "This creates a new certificate profile.",
    "We will break the work into two ballots.",
    "It would break down into three steps.",
    "The CA already revoked the certificates.",
])
def test_no_objection_without_its_words(text):
    """Words of the class in another sense: no stance."""
    assert stance_of(claim(text), TARGET) is None


# --------------------------------------------------------------------------- acceptance

@pytest.mark.parametrize("text, expected", [
    # corpus (acme.sh 47: "+1"; a reaction at the end of a comment)
    ("+1", ("agree", "stance: opens by agreeing «+1»")),
    ("Would be cool to be able to revoke it :+1:", ("agree", "stance: accepts «:+1:»")),
    # constructed variants: review and merge words
    ("LGTM", ("agree", "stance: accepts «LGTM»")),
    ("Looks good to me.", ("agree", "stance: accepts «Looks good to me»")),
    ("Thanks, fixed in #231.", ("agree", "stance: accepts «Thanks, fixed»")),
    ("Merged into main.", ("agree", "stance: accepts «Merged into»")),
    ("That makes sense to me.", ("agree", "stance: accepts «makes sense»")),
    ("Good catch, I will update the PR.", ("agree", "stance: accepts «Good catch»")),
    # not acceptance: a sum, a negated acceptance
    ("The period is 398+1 days.", None),
    ("That doesn't make sense.", ("rebut", "stance: negation «doesn't»")),
])
def test_acceptance_is_agreement(text, expected):
    assert stance_of(claim(text), TARGET) == expected


@pytest.mark.parametrize("text, kind, expected", [
    # a few words of acceptance support a proposal (corpus: acme.sh 47 "+1" supports "... should be added.")
    ("+1", ClaimKind.ASSERTION, (RelationKind.SUPPORTS,
                                 "kind: accepts a request (a proposal) in a few words; stance: opens by agreeing «+1»")),
    ("LGTM, thanks!", ClaimKind.ASSERTION, (RelationKind.SUPPORTS,
                                           "kind: accepts a request (a proposal) in a few words; stance: accepts «LGTM»")),
    ("Agreed.", ClaimKind.ASSERTION, (RelationKind.SUPPORTS,
                                      "kind: accepts a request (a proposal) in a few words; stance: opens by agreeing «Agreed»")),
    # a longer agreement takes the proposal's side too (tests/test_relations_proposals.py); a commitment answers it
    ("I can agree that the SAN error should probably not be returned here.", ClaimKind.ASSERTION,
     (RelationKind.SUPPORTS, "kind: takes the side of a request (a proposal); stance: opens by agreeing «I can agree»")),
    ("Sure, I will add it.", ClaimKind.COMMITMENT, (RelationKind.ANSWERS, "kind: responds to a request")),
])
def test_acceptance_of_a_request(text, kind, expected):
    assert relation_kind(claim(text, kind), REQUEST, Candidate(REQUEST), _Thread()) == expected


def test_acceptance_of_a_request_for_information_answers_it():
    asks = Claim("T1", "m1", "alice", ClaimKind.REQUEST, "Please confirm whether the CA revoked them.")
    assert relation_kind(claim("+1"), asks, Candidate(asks), _Thread()) == (RelationKind.ANSWERS,
                                                                             "kind: responds to a request")


# --------------------------------------------------------------------------- additive negation

@pytest.mark.parametrize("text, additive, stance", [
    # corpus (acme.sh 47)
    ("According to the subscriber agreement you are obliged to revoke certificate not only when the private key is "
     "lost or stolen", True, None),
    # constructed variants
    ("This is not just a lint question, it is a policy question.", True, None),
    ("CAs must disclose not merely the root but every intermediate.", True, None),
    ("Not only is it late, it is not complete.", False, ("rebut", "stance: negation «Not»")),  # a real denial too
    ("The CA did not revoke.", False, ("rebut", "stance: negation «not»")),
    ("No negation.", False, ("rebut", "stance: negation «No»")),
])
def test_additive_negation(text, additive, stance):
    assert additive_negation(text) is additive
    assert stance_of(claim(text), TARGET) == stance


# --------------------------------------------------------------------------- the reply's opening sentence

@pytest.mark.parametrize("text, expected", [
    ("I disagree. The draft would cover S/MIME.", ("I disagree.", 11)),
    ("Hi Ben,\n\nNo. The deadline is 24 hours.", ("No.", 12)),
    ("@wthayer\nThis is incorrect: the BRs say 5 days.", ("This is incorrect: the BRs say 5 days.", 47)),
    ("Alvin,\n\nI believe reissuing is fine\nif the CA checks.", ("I believe reissuing is fine if the CA checks.", 53)),
    ("Sure, but where do you draw the line? 3.2.2.4.6 is also underspecified.",
     ("Sure, but where do you draw the line?", 37)),
    ("The effective date was BRs 1.0, so the lint is right. Next.", ("The effective date was BRs 1.0, so the lint is right.", 53)),
    ("First paragraph without a stop\n\nSecond paragraph.", ("First paragraph without a stop", 32)),
    ("", ("", 0)),
])
def test_opening_sentence(text, expected):
    assert opening_sentence(text) == expected


def _reply(body: str, claim_text: str, kind: ClaimKind = ClaimKind.ASSERTION) -> tuple[Claim, _Thread]:
    return claim(claim_text, kind, body.index(claim_text)), _Thread(_message("m2", body))


@pytest.mark.parametrize("body, claim_text, expected", [
    # corpus (ccadb 134; pkipolicy 105 "411-1 is not ...", 116 "Sure, but ...?")
    ('I don\'t think we want to change "CA Owners" to "CA".  Also, a straight-across search-and-replacement '
     "leaves the text odd.", "Also, a straight-across search-and-replacement leaves the text odd.",
     (RelationKind.REBUTS, "stance: negation in the opening of the reply «I don't think we want to change \"CA Owners\" "
                           "to \"CA\".»")),
    ("411-1 is not an auditor's qualification scheme, 403 is. 401, 411-1, 411-2, 421 are certification schemes "
     "for TSPs.", "401, 411-1, 411-2, 421 are certification schemes for TSPs.",
     (RelationKind.REBUTS, "stance: negation in the opening of the reply «411-1 is not an auditor's qualification scheme, "
                           "403 is.»")),
    ("Sure, but where do you draw the line? 3.2.2.4.6 is also vague.", "3.2.2.4.6 is also vague.",
     (RelationKind.REBUTS, "stance: concession, then contrast in the opening of the reply «Sure, but where do you draw "
                           "the line?»")),
    # constructed variants: flat-thread openers, after a greeting
    ("Hi Alice,\n\nI disagree. The draft would cover S/MIME as well.", "The draft would cover S/MIME as well.",
     (RelationKind.REBUTS, "stance: correction in the opening of the reply «I disagree.»")),
    ("This is incorrect. The BRs give five days.", "The BRs give five days.",
     (RelationKind.REBUTS, "stance: correction in the opening of the reply «This is incorrect.»")),
    ("Agreed. The BRs give five days.", "The BRs give five days.",
     (RelationKind.SUPPORTS, "stance: opens by agreeing in the opening of the reply «Agreed.»")),
    ("Yes, that is how we read it. The BRs give five days.", "The BRs give five days.",
     (RelationKind.SUPPORTS, "stance: opens by agreeing in the opening of the reply «Yes, that is how we read it.»")),
    # no stance in the opening, or the claim is the opening: its own cues or the default
    ("Some context first. The BRs give five days.", "The BRs give five days.", (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    ("The BRs give five days. I disagree with the rest.", "The BRs give five days.",
     (RelationKind.SUPPORTS, DEFAULT_STANCE)),
    ("I disagree. That is fine for TLS.", "That is fine for TLS.",
     (RelationKind.REBUTS, "stance: correction in the opening of the reply «I disagree.»")),
    ("Agreed. But this is not what the ballot says.", "But this is not what the ballot says.",
     (RelationKind.REBUTS, "stance: negation «not»")),  # its own cue governs
])
def test_opening_sentence_gives_its_stance(body, claim_text, expected):
    src, thread = _reply(body, claim_text)
    assert relation_kind(src, TARGET, Candidate(TARGET), thread) == expected


def test_opening_stance_without_the_message():
    src = claim("The BRs give five days.", start=12)
    assert opening_stance(src, TARGET, _Thread()) is None
    assert opening_stance(src, TARGET, None) is None


@pytest.mark.parametrize("why, name", [
    ("stance: correction in the opening of the reply «I disagree.»", "opening_correction"),
    ("stance: concession, then contrast in the opening of the reply «Sure, but why?»", "opening_concession_then_contrast"),
    ("stance: negation in the opening of the reply «No.»", "opening_negation"),
    ("stance: opens by agreeing in the opening of the reply «Agreed.»", "opening_opens_by_agreeing"),
    ("stance: objection «redundant»", "objection"),
    ("stance: accepts «LGTM»", "accepts"),
    ("kind: accepts a request (a proposal) in a few words; stance: accepts «LGTM»", "accepts_request"),
    ("kind: a question takes up a request (it offers a way, or a hand)", "question_takes_request"),
])
def test_rule_names_of_the_new_reasons(why, name):
    assert rule_name(why) == name


@pytest.mark.parametrize("why, words", [
    # how the review report words the new reasons (report_evidence.json rewrites: "it says ... (rule)")
    ("stance: correction in the opening of the reply «I disagree.»", "it says “I disagree.” (correction in the opening of the reply)"),
    ("stance: objection «redundant»", "it says “redundant” (objection)"),
    ("stance: accepts «LGTM»", "it says “LGTM” (accepts)"),
])
def test_the_report_words_the_new_reasons(why, words):
    assert plain_reasons([why]) == [words]


# --------------------------------------------------------------------------- requests: a question takes one up

@pytest.mark.parametrize("text, expected", [
    # corpus (pkipolicy 178, servercert 430, ccadb 102): a counter-proposal or an offer, asked
    ('What if the language were deleted and replaced with "CAs SHALL NOT sign SHA-1 hashes"?',
     (RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)")),
    ("Hey, can I take up this issue and try to fix it?",
     (RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)")),
    # constructed variants
    ("Would a date in 2026 work for everyone?",
     (RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)")),
    ("Should I open a pull request for this?",
     (RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)")),
    # a question that argues against it still rebuts
    ("Why would we add this when the BRs do not require it?", (RelationKind.REBUTS, "stance: negation «not»")),
])
def test_a_question_takes_up_a_request(text, expected):
    assert relation_kind(claim(text, ClaimKind.QUESTION), REQUEST, Candidate(REQUEST), _Thread()) == expected


# --------------------------------------------------------------------------- assertions that ask

@pytest.mark.parametrize("target, words", [
    # corpus (pkipolicy 229, servercert 548)
    ("I'm only trying to understand the intend of Mozilla.", "trying to understand"),
    ("The language needs to state whether reuse of previous validation is allowed or not.", "needs to state whether"),
    # constructed variants
    ("We would like to understand the timeline for the fix.", "like to understand"),
    ("I need to find out which CAs are affected.", "need to find out"),
    ("The policy needs to clarify what counts as disclosure.", "needs to clarify what"),
])
def test_an_assertion_that_asks_is_answered(target, words):
    tgt = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, target)
    assert relation_kind(claim("The intent is to disclose them."), tgt, Candidate(tgt), _Thread()) == (
        RelationKind.ANSWERS, f"kind: responds to an indirect question «{words}»")


@pytest.mark.parametrize("target", [
    "The CA needs to state the reason in the report.",  # a duty, no question word
    "We understand the timeline.",
])
def test_an_assertion_that_does_not_ask(target):
    tgt = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, target)
    assert relation_kind(claim("The intent is to disclose them."), tgt, Candidate(tgt), _Thread()) == (
        RelationKind.SUPPORTS, DEFAULT_STANCE)


# --------------------------------------------------------------------------- a question that proposes, a few words on

@pytest.mark.parametrize("question, expected", [
    # corpus (pkilint 155): a denial of the premise rebuts the proposal
    ("Can you help me or change the check?",
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: negation «don't»")),
    # constructed variants: words between "you" and the verb
    ("Could you please update the lint?",
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: negation «don't»")),
    ("Would you maybe also add a test?",
     (RelationKind.REBUTS, "kind: argues against a question (a proposal); stance: negation «don't»")),
    # a question for information is answered even by a negative reply
    ("Can you tell me when the check was added?", (RelationKind.ANSWERS, "kind: responds to a question")),
])
def test_a_denial_of_a_proposal_question(question, expected):
    tgt = Claim("T1", "m1", "alice", ClaimKind.QUESTION, question)
    src = claim("Hi Roman, I don't see any provision in the SMBRs to allow such a prefix.", ClaimKind.DENIAL)
    assert relation_kind(src, tgt, Candidate(tgt), _Thread()) == expected


# --------------------------------------------------------------------------- a leading address, closing posts

@pytest.mark.parametrize("text, expected", [
    # corpus (pkipolicy 116: "@wthayer Perhaps this overlaps too much with #115, but ...")
    ("@wthayer Perhaps this overlaps too much with #115, but I suppose my point was that the CA should say so.",
     ("rebut", "stance: objection «overlaps too much with»")),
    # constructed variants: the address is read past, so openers anchored at the start still read
    ("@alice Agreed, the BRs say so.", ("agree", "stance: opens by agreeing «Agreed»")),
    ("@bob @carol Sure, but the deadline passed.", ("rebut", "stance: concession, then contrast «Sure, but»")),
    ("@bob: yes, that is how we read it.", ("agree", "stance: opens by agreeing «yes»")),
    ("Hi Ben, yes, that is right.", ("agree", "stance: opens by agreeing «yes»")),
    ("@alice I disagree.", ("rebut", "stance: correction «disagree»")),
    ("@alice the BRs give five days.", None),
])
def test_a_leading_address_is_read_past(text, expected):
    assert stance_of(claim(text), TARGET) == expected


@pytest.mark.parametrize("text, expected", [
    # corpus (pkipolicy 162, ccadb 134): a closing post that declines rebuts
    ("Closing as WONTFIX based on discussion at https://groups.google.com/d/msg/x",
     ("rebut", "stance: objection «WONTFIX»")),
    ('Closing as "won\'t fix"', ("rebut", "stance: negation «n't»")),
    # constructed variants: a closing or merging post that accepts supports
    ("Closing as completed.", ("agree", "stance: accepts «Closing as completed»")),
    ("Closed by #45", ("agree", "stance: accepts «Closed by #45»")),
    ("Fixed by #12.", ("agree", "stance: accepts «Fixed by»")),
    ("Resolved in the 2.9 release.", ("agree", "stance: accepts «Resolved in»")),
    ("Merged as part of ballot SC-081.", ("agree", "stance: accepts «Merged as»")),
    # a closing post that only moves the discussion: no stance
    ("Closed - moved to ServerCert Issue 519", None),
])
def test_closing_posts(text, expected):
    assert stance_of(claim(text), TARGET) == expected
