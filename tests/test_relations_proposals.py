"""The kind of a reply to a proposal: a request that asks for a change, not for information ("Consider setting a
date ...", "Change the "CA owners" to "CA" in the file", "s/a/b/"), now that imperative proposals are typed
requests (``claim_features.json`` ``rules.proposal``, tests/test_claims_proposal.py).

Class of input: the replies in review threads and policy issues. The gold names a reply to a proposal by its
stance, not by the target's kind: an objection or a negation rebuts it, an agreement or an argument for its aim
supports it, and a reply that takes it up (a question, a commitment) or reports the work it asked for answers
it. Before, every assertion that did not rebut a request "answered" it. A request for information
("Please confirm whether ...") is still answered by any reply. Corpus text (cabforum/smime 143, ccadb 129,
pkipolicy 147, zlint 121) and constructed variants, exact values (``threadkb.link.stance.relation_kind``).
"""
from __future__ import annotations

import pytest

from threadkb.link.features import Candidate
from threadkb.link.stance import relation_kind, rule_name
from threadkb.models import Claim, ClaimKind, RelationKind

CONSIDER = Claim("T1", "m1", "alice", ClaimKind.REQUEST,
                 "Consider setting a date after which SHA-1 S/MIME certificates may no longer be issued.")
CHANGE = Claim("T1", "m1", "alice", ClaimKind.REQUEST, "Change the \"CA owners\" to \"CA\" in the file")
CONFIRM = Claim("T1", "m1", "alice", ClaimKind.REQUEST, "Please confirm whether the audit covers the subCA.")

SIDES = "kind: takes the side of a request (a proposal); "
WORK = "kind: reports the work a request (a proposal) asked for "
AGAINST = "kind: argues against a request (a proposal); "


class _Thread:
    messages: list = []


def _kind(text: str, target: Claim, kind: ClaimKind = ClaimKind.ASSERTION) -> tuple[RelationKind, str]:
    src = Claim("S1", "m2", "bob", kind, text, 0, len(text))
    return relation_kind(src, target, Candidate(target), _Thread())


@pytest.mark.parametrize("text, expected", [
    # corpus (cabforum/smime 143, pkipolicy 147: supports in the gold)
    ("The entire section should probably be reworded.", (RelationKind.SUPPORTS, SIDES + "no rebut stance")),
    ("For ETSI/ACAB'c audits a CA with audit non-conformities are already treated exactly that way.",
     (RelationKind.SUPPORTS, SIDES + "stance: agreement «exactly»")),
    ("I think the smallest possible change is:", (RelationKind.SUPPORTS, SIDES + "no rebut stance")),
    # constructed: an agreement of any length, an argument for the proposal's aim
    ("Yes, that would make the policy clearer for CAs.", (RelationKind.SUPPORTS, SIDES + "stance: opens by agreeing «Yes»")),
    ("Agreed, this is long overdue and the date is reasonable.",
     (RelationKind.SUPPORTS, SIDES + "stance: opens by agreeing «Agreed»")),
    ("The added wording would help auditors.", (RelationKind.SUPPORTS, SIDES + "no rebut stance")),
    # corpus (zlint 121: answers in the gold) and constructed: a report of the work asked for answers
    ("The 2 others have been removed, the other 2 stayed.", (RelationKind.ANSWERS, WORK + "«have been removed»")),
    ("I updated the text in the latest commit.", (RelationKind.ANSWERS, WORK + "«I updated»")),
    ("We have now changed the wording in section 3.", (RelationKind.ANSWERS, WORK + "«have now changed»")),
    ("Done, see the new revision.", (RelationKind.ANSWERS, WORK + "«Done»")),
    ("Fixed in #231 along with the other typo.", (RelationKind.ANSWERS, WORK + "«Fixed»")),
    # corpus (ccadb 129: rebuts in the gold) and constructed: an objection or a negation rebuts it
    ("I don't think we want to change this.", (RelationKind.REBUTS, AGAINST + "stance: negation «don't»")),
    ("A straight-across search-and-replacement creates grammar issues.",
     (RelationKind.REBUTS, AGAINST + "stance: objection «creates grammar issues»")),
    ("That is not what the BRs require.", (RelationKind.REBUTS, AGAINST + "stance: negation «not»")),
])
@pytest.mark.parametrize("target", [CONSIDER, CHANGE], ids=["consider", "change"])
def test_a_reply_to_a_proposal_follows_its_stance(text, expected, target):
    assert _kind(text, target) == expected


@pytest.mark.parametrize("text, kind", [
    # a commitment takes the proposal up: answers, as before
    ("I will update the PR tomorrow.", ClaimKind.COMMITMENT),
    # a request for information is answered by any assertion, agreeing, reporting or not
    ("The audit covers the subCA as of 2023.", ClaimKind.ASSERTION),
    ("Yes, that would make the policy clearer for CAs.", ClaimKind.ASSERTION),
    ("We updated the CPS.", ClaimKind.ASSERTION),
    ("That is not what the BRs require.", ClaimKind.ASSERTION),
])
def test_what_still_answers(text, kind):
    target = CONSIDER if kind is ClaimKind.COMMITMENT else CONFIRM
    assert _kind(text, target, kind) == (RelationKind.ANSWERS, "kind: responds to a request")


@pytest.mark.parametrize("why, name", [
    (SIDES + "no rebut stance", "sides_with_proposal"),
    (WORK + "«Done»", "work_report"),
])
def test_the_kind_learner_reads_the_new_rules_by_name(why, name):
    assert rule_name(why) == name
