"""The stance of a source claim (threadkb.link.stance_of): a claim that opens by agreeing agrees even when a
negation follows ("Right, ... we don't have ..."), unless a contrast follows the opener ("Sure, but ...") or the
opening word is no agreement ("Right now ..."). Chosen by `threadkb eval ../shared/gold --cv 5` (seeds 0-2:
relations F1 0.317 -> 0.337 on average; notes2/relations.md)."""
import pytest

from threadkb.link.features import Candidate
from threadkb.link.stance import relation_kind, stance_of
from threadkb.models import Claim, ClaimKind, RelationKind

TARGET = Claim("T1", "m1", "alice", ClaimKind.ASSERTION, "There are lints that apply equally to code signing certificates.")


def claim(text: str, kind: ClaimKind = ClaimKind.ASSERTION) -> Claim:
    return Claim("S1", "m2", "bob", kind, text)


@pytest.mark.parametrize("text, stance, cue", [
    # corpus (zlint issue): the opening agreement governs the negation that follows
    ("Right, you can pick and choose whatever lints may happen to apply, but as you pointed out we don't have any "
     "categories that are _explicitly_ for code signing", "agree", "stance: opens by agreeing «Right»"),
    ('I can agree that "Invalid type in SAN entry" should probably not be returned.', "agree",
     "stance: opens by agreeing «I can agree»"),
    ("Yes, that is not allowed by the BRs.", "agree", "stance: opens by agreeing «Yes»"),
    ("+1, there is no reason to keep it.", "agree", "stance: opens by agreeing «+1»"),
    ("Agreed. We do not need a new section for this.", "agree", "stance: opens by agreeing «Agreed»"),
    ("> Exactly, nobody checks that field.", "agree", "stance: opens by agreeing «> Exactly»"),
    # not an agreeing opener
    ("Right now we do not revoke these certificates.", "rebut", "stance: negation «not»"),
    ("Sure, but where do you draw the line?", "rebut", "stance: concession, then contrast «Sure, but»"),  # notes3/kinds
    ("Yes, however the CA did not disclose it.", "rebut", "stance: negation «not»"),
    ("I don't agree with this change.", "rebut", "stance: negation «don't»"),
    ("I disagree: the key is not compromised.", "rebut", "stance: negation «not»"),
    ("The CA did not disclose the certificate.", "rebut", "stance: negation «not»"),
    ("That is correct.", "agree", "stance: agreement «correct»"),
])
def test_opening_agreement(text, stance, cue):
    got = stance_of(claim(text), TARGET)
    assert (got[0] if got else None, got[1] if got else None) == (stance, cue)


def test_opening_agreement_names_the_kind():
    kind, why = relation_kind(claim("Right, but as you pointed out we don't have any categories for code signing."),
                      TARGET, Candidate(TARGET), _Thread())
    assert kind is RelationKind.REBUTS  # "Right, but" is a contrast: the negation counts
    kind, why = relation_kind(claim("Right, you can pick whatever lints apply, but we don't have categories for them."),
                      TARGET, Candidate(TARGET), _Thread())
    assert (kind, why) == (RelationKind.SUPPORTS, "stance: opens by agreeing «Right»")


class _Thread:
    messages: list = []
