"""The kind of a reply to a proposal the claim scorer typed an assertion, and to a wording offered in reply.

Class of input 1: a proposal worded as an assertion ("Consider setting a date ...", "Suggest updating this
language ...", "Maybe you could also disable ...", "I would like to revive this proposal"). The gold types
these requests; the claim scorer often calls them assertions, and a reply that takes them up (a question, a
commitment, a report of the work) was then named "supports" instead of "answers". The kind of a reply now
reads what the target asks (``link_cues.json`` ``proposal_shape``, ``threadkb.link.stance.is_proposal``); the
claim's kind (and so the choice of pairs) is unchanged.

Class of input 2: a reply that offers a wording: a proposal cue ("What about:", "Suggest", "replaced with") and
a quoted text of several words (``offered_wording``, ``threadkb.link.stance.offers_wording``). It answers the
proposal that asked for new wording, and rebuts another offered wording (a competing one).

Corpus text (pkipolicy 143, 107; servercert 150; x509lint 121) and constructed variants, exact values.
"""
from __future__ import annotations

import pytest

from threadkb.link.features import Candidate
from threadkb.link.stance import is_proposal, offers_wording, relation_kind, rule_name
from threadkb.models import Claim, ClaimKind, RelationKind


class _Thread:
    messages: list = []


def _claim(text: str, kind: ClaimKind = ClaimKind.ASSERTION, cid: str = "T1", message: str = "m1",
           speaker: str = "alice") -> Claim:
    return Claim(cid, message, speaker, kind, text, 0, len(text))


def _kind(text: str, target: Claim, kind: ClaimKind = ClaimKind.ASSERTION) -> tuple[RelationKind, str]:
    src = _claim(text, kind, "S1", "m2", "bob")
    return relation_kind(src, target, Candidate(target), _Thread())


@pytest.mark.parametrize("text, expected", [
    # corpus: requests in the gold that the claim scorer typed assertions
    ("Consider setting a date after which SHA-1 S/MIME certificates may no longer be issued.", True),
    ("Suggest updating this language to remove the word \"reused\" from the sentence, which should more clearly "
     "state the original intention of this requirement.", True),
    ("Maybe you could also disable linting for non-SSL/TLS certificates.", True),
    ("In the light of the discussion on the mailing list about the 46 misissued certificates by Krajowa Izba "
     "Rozliczeniowa S.A. and their used CA software I would like to revive this proposal.", True),
    # constructed variants
    ("@bob please consider adding a test for the empty SAN.", True),
    ("Perhaps we could drop the second sentence of 4.9.1.1.", True),
    ("You might want to mention the CPS section as well.", True),
    ("We propose moving this requirement to section 4.9.", True),
    ("I'd like to propose a shorter reuse period.", True),
    # not a proposal: a statement about a duty, a wish to see something happen (gold: assertion), a past
    # consideration, a hedge about facts, a request for information worded as an assertion
    ("The CA should revoke the certificate within 24 hours.", False),
    ("I'd like to see that happen before we consider adding it to the list.", False),
    ("I considered this earlier but dropped it.", False),
    ("Maybe the date is wrong.", False),
    ("I suggest you confirm whether the audit covers the subCA.", False),
])
def test_an_assertion_worded_as_a_proposal_is_a_proposal(text, expected):
    assert is_proposal(_claim(text)) is expected


def test_typed_requests_are_read_as_before():
    assert is_proposal(_claim("Set a norm in policy for the expected actions.", ClaimKind.REQUEST)) is True
    assert is_proposal(_claim("Please confirm whether the audit covers the subCA.", ClaimKind.REQUEST)) is False
    assert is_proposal(_claim("Consider setting a date.", ClaimKind.QUESTION)) is False


CONSIDER = _claim("Consider setting a date after which SHA-1 S/MIME certificates may no longer be issued.")
MAYBE = _claim("Maybe you could also disable linting for non-SSL/TLS certificates.")
PLAIN = _claim("SHA-1 S/MIME certificates are still issued by two CAs.")

TAKES_UP = (RelationKind.ANSWERS, "kind: a question takes up a request (it offers a way, or a hand)")
RESPONDS = (RelationKind.ANSWERS, "kind: responds to a request")
SIDES = "kind: takes the side of a request (a proposal); "
WORK = "kind: reports the work a request (a proposal) asked for "


@pytest.mark.parametrize("text, kind, expected", [
    # corpus (x509lint 121: answers in the gold) and constructed: a report of the work asked for
    ("The 2 others have been removed, the other 2 stayed", ClaimKind.ASSERTION,
     (RelationKind.ANSWERS, WORK + "«have been removed»")),
    ("I updated the lint to skip S/MIME certificates.", ClaimKind.ASSERTION, (RelationKind.ANSWERS, WORK + "«I updated»")),
    # constructed: a question or a commitment takes the proposal up
    ("Hey, can I take up this issue and try to fix it?", ClaimKind.QUESTION, TAKES_UP),
    ("Should the date apply to intermediate certificates too?", ClaimKind.QUESTION, TAKES_UP),
    # corpus (pkipolicy 143: answers in the gold): a question that offers a wording takes the proposal up
    ("What if the language were deleted and replaced with \"CAs SHALL NOT sign SHA-1 hashes over end-entity "
     "certificates\"?", ClaimKind.QUESTION, TAKES_UP),
    ("I will prepare a pull request next week.", ClaimKind.COMMITMENT, RESPONDS),
    # an assertion with no stance, or agreeing, supports it; a negation argues against it
    ("The entire section should probably be reworded.", ClaimKind.ASSERTION, (RelationKind.SUPPORTS, SIDES + "no rebut stance")),
    ("That is not what the BRs require.", ClaimKind.ASSERTION,
     (RelationKind.REBUTS, "kind: argues against a request (a proposal); stance: negation «not»")),
])
@pytest.mark.parametrize("target", [CONSIDER, MAYBE], ids=["consider", "maybe"])
def test_a_reply_to_a_proposal_worded_as_an_assertion(text, kind, expected, target):
    assert _kind(text, target, kind) == expected


@pytest.mark.parametrize("text, kind, expected", [
    # the same replies to a plain assertion keep the kinds of the assertion rules
    ("The 2 others have been removed, the other 2 stayed", ClaimKind.ASSERTION,
     (RelationKind.SUPPORTS, "stance: no contrast cue, same line of argument")),
    ("I will prepare a pull request next week.", ClaimKind.COMMITMENT,
     (RelationKind.SUPPORTS, "kind: a commitment takes the point up")),
    ("That is not what the BRs require.", ClaimKind.ASSERTION, (RelationKind.REBUTS, "stance: negation «not»")),
])
def test_a_reply_to_a_plain_assertion_is_unchanged(text, kind, expected):
    assert _kind(text, PLAIN, kind) == expected


WHAT_ABOUT = ("What about: \"_For validation of Domain Names and IP Addresses according to Section 3.2.2.4 and "
              "3.2.2.5, any data, document, or completed validation MAY NOT be reused more than 398 days from the "
              "time this information was validated._\"")
SUGGEST = ("Suggest \" ... 3.2.2.5, any data, document, or completed validation SHALL NOT be used more than 398 days "
           "after it was obtained\" to be discussed further")
REPLACED = ("What if the language were deleted and replaced with \"CAs SHALL NOT sign SHA-1 hashes over end-entity "
            "certificates that chain up to roots in Mozilla's program\"?")


@pytest.mark.parametrize("text, expected", [
    # corpus (servercert 150, pkipolicy 143)
    (WHAT_ABOUT, "\"_For validation of Domain Names and"),
    (SUGGEST, "\" ... 3.2.2.5, any data, document,"),
    (REPLACED, "\"CAs SHALL NOT sign SHA-1 hashes"),
    # constructed: other cues, a leading address, typographic quotes
    ("@alice How about “the CA SHALL verify the domain before issuance” instead?",
     "“the CA SHALL verify the domain"),
    ("I propose to change it to \"within five days of the report\".", "\"within five days of the report\""),
    # no offer: a short quote, a quote without a proposal cue, a cue without a quote
    ("What about \"TLS Server\"?", None),
    ("I borrowed the same language from line 110/111 (the 39 \"except\" requirement).", None),
    ("The BRs say \"any data, document, or completed validation\" in 4.2.1.", None),
    ("What about the other two methods?", None),
])
def test_offers_wording(text, expected):
    assert offers_wording(text) == expected


@pytest.mark.parametrize("text, target, expected", [
    # corpus (servercert 150: B1 rebuts V2, answers X2; V2 answers X2) and constructed variants
    (SUGGEST, _claim(WHAT_ABOUT), (RelationKind.REBUTS, "kind: offers a competing wording «\" ... 3.2.2.5, any data, document,»")),
    (SUGGEST, _claim("Suggest updating this language to remove the word \"reused\" from the sentence."),
     (RelationKind.ANSWERS, "kind: offers the wording a proposal asks for «\" ... 3.2.2.5, any data, document,»")),
    (WHAT_ABOUT, _claim("Suggest updating this language to remove the word \"reused\" from the sentence."),
     (RelationKind.ANSWERS, "kind: offers the wording a proposal asks for «\"_For validation of Domain Names and»")),
    ("Then replace it with \"CAs SHALL NOT sign SHA-1 hashes over end-entity certificates\".", CONSIDER,
     (RelationKind.ANSWERS, "kind: offers the wording a proposal asks for «\"CAs SHALL NOT sign SHA-1 hashes»")),
    ("Then replace it with \"CAs SHALL NOT sign SHA-1 hashes over end-entity certificates\".",
     _claim("Consider setting a date.", ClaimKind.REQUEST),
     (RelationKind.ANSWERS, "kind: offers the wording a proposal asks for «\"CAs SHALL NOT sign SHA-1 hashes»")),
    (REPLACED, CONSIDER, (RelationKind.ANSWERS, "kind: offers the wording a proposal asks for «\"CAs SHALL NOT sign SHA-1 hashes»")),
    # an offer that agrees with an offered wording is no competitor; an offer to a plain assertion: the old rules
    ("Yes, what about \"any data or document SHALL NOT be reused\" then?", _claim(WHAT_ABOUT),
     (RelationKind.SUPPORTS, "stance: opens by agreeing «Yes»")),
    (SUGGEST, PLAIN, (RelationKind.SUPPORTS, "stance: no contrast cue, same line of argument")),
])
def test_a_reply_that_offers_a_wording(text, target, expected):
    assert _kind(text, target) == expected


def test_rule_names():
    assert rule_name("kind: offers a competing wording «\"a b c d e»") == "competing_wording"
    assert rule_name("kind: offers the wording a proposal asks for «\"a b c d e»") == "offers_wording"


# Class of input 3: an assertion that asks for help or demands an explanation (``indirect_question``): any reply
# that is no question answers it, whatever its stance ("I don't know of historical cases ..." answers "I would
# need help finding cases ..."; zlint 166, gts 037: answers in the gold).
@pytest.mark.parametrize("target, reply, kind, words", [
    ("For this one, I would need help finding cases where it could, or has, caused serious issues.",
     "I don't know of historical cases of this having caused problems.", ClaimKind.ASSERTION, "need help finding"),
    ("This incident report should explain the root cause of the non-response/delays and what steps Google Trust "
     "Services is taking to prevent this in the future.", "An incident report is being prepared with full details.",
     ClaimKind.COMMITMENT, "should explain the root cause"),
    # constructed variants
    ("We need some help identifying the affected certificates.", "The affected serials are listed in the CSV.",
     ClaimKind.ASSERTION, "need some help identifying"),
    ("The report must explain why the CA missed the deadline.", "The deadline was missed because of a staffing gap.",
     ClaimKind.ASSERTION, "must explain why"),
    ("Your response needs to also explain how the key was protected.", "We will post the details on Friday.",
     ClaimKind.COMMITMENT, "needs to also explain how"),
])
def test_an_assertion_that_asks_for_help_or_an_explanation_is_answered(target, reply, kind, words):
    assert _kind(reply, _claim(target), kind) == (RelationKind.ANSWERS, f"kind: responds to an indirect question «{words}»")


@pytest.mark.parametrize("target", [
    "The NCSSRs should perhaps describe the security requirements for the HSMs themselves.",  # servercert 163
    "I need help with my certificate.",
    "This explains the root cause of the delay.",
])
def test_no_help_or_explanation_asked(target):
    assert _kind("I don't think that is right.", _claim(target)) == (RelationKind.REBUTS, "stance: negation «don't»")
