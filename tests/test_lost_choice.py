"""Why a gold relation whose pair is a candidate is not chosen (``scripts/relation_ceiling.py`` ``lost_choice``),
told by the other candidates of its source claim: the source took another of its gold targets (the cap on targets
per claim, the second target's threshold), the gold target is its most probable candidate but under the
threshold, or another claim of the gold target's message (a sibling) or of another message is more probable;
and by which learned features a candidate outweighs the gold pair (``ahead_by``), as ``--lost`` lists them."""
from __future__ import annotations

import pytest

from test_siblings_choice import relation_ceiling  # the script, loaded once (pytest puts tests/ on the path)

# (gold target's message, its probability, the other candidates: (message, probability, chosen gold relation))
CASES = [
    # 166 zlint-923: "warn is probably a safer change." took "Would you be amenable to `warn` …?" (gold) and lost
    # "It certainly is something you `SHOULD NOT` do …" of the same comment (a second target under the threshold)
    ("another gold target taken, same message", ("h", 0.28, [("h", 0.86, True), ("h", 0.58, False)]),
     "another_gold_target_taken"),
    ("another gold target taken, less probable than the gold", ("h", 0.45, [("o", 0.40, True)]),
     "another_gold_target_taken"),
    # mdsp sheca: "3.There was not any Subscriber Agreement …" -> "… they also signed corresponding subscriber
    # agreements …": its best candidate, p .19
    ("gold first, under the threshold", ("a", 0.19, [("a", 0.08, False), ("a", 0.05, False)]),
     "gold_first_under_threshold"),
    ("gold tied with the first", ("a", 0.30, [("b", 0.30, False)]), "gold_first_under_threshold"),
    ("gold the only candidate", ("a", 0.30, []), "gold_first_under_threshold"),
    # 037 gts: the admission supports the report's opening allegation; its third claim is more probable
    ("a sibling ahead", ("agwa", 0.45, [("agwa", 0.64, False), ("agwa", 0.51, False)]), "sibling_ahead"),
    ("a sibling ahead, another message next", ("m", 0.45, [("m", 0.64, False), ("o", 0.51, False)]),
     "sibling_ahead"),
    # 169 ccadb-102: "Hey, can I take up this issue …?" -> the request; a later comment is more probable
    ("another message ahead", ("y", 0.11, [("r", 0.45, False), ("y", 0.40, False)]), "other_message_ahead"),
    ("another message ahead, chosen but no gold relation", ("y", 0.11, [("r", 0.85, False)]), "other_message_ahead"),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_lost_choice(name: str, args: tuple, expected: str) -> None:
    assert relation_ceiling.lost_choice(*args) == expected


def test_every_class_has_a_case_and_a_place_in_the_table() -> None:
    assert {c[2] for c in CASES} == set(relation_ceiling.LOST_CHOICES)
    counts = {"gold": 4, "both_ends": 3, "candidate": 3, "chosen": 1, "kind_right": 1,
              "lost_why:another_gold_target_taken": 1, "lost_why:sibling_ahead": 1}
    text = relation_ceiling.table({"seed": 0, "k": 5, "counts": counts, "kinds": {}})
    assert ("lost at the choice, by why: another_gold_target_taken 1, gold_first_under_threshold 0, sibling_ahead 1, "
            "other_message_ahead 0") in text


WEIGHT = {"rule_link": 0.94, "tgt_claim_score": 1.31, "same_speaker": -1.07, "overlap_tgt": 1.22, "near": 0.17}
AHEAD = [
    ("the rules link the pick; the gold is nearer and shares more words",
     ({"rule_link": 1.0, "tgt_claim_score": 0.9}, {"tgt_claim_score": 0.9, "overlap_tgt": 0.5, "near": 1.0}),
     "for the pick: rule_link +0.94; for the gold: overlap_tgt -0.61, near -0.17"),
    ("a negative weight the gold has counts for the pick",
     ({"tgt_claim_score": 0.5}, {"tgt_claim_score": 0.5, "same_speaker": 1.0}),
     "for the pick: same_speaker +1.07; for the gold: -"),
    ("features the model does not read are left out",
     ({"rel_in_reply_to": 1.0, "near": 1.0}, {"rel_thread_order": 1.0}),
     "for the pick: near +0.17; for the gold: -"),
    ("the same features: nothing either way", ({"near": 1.0}, {"near": 1.0}), "for the pick: -; for the gold: -"),
]


@pytest.mark.parametrize(("name", "args", "expected"), AHEAD, ids=[c[0] for c in AHEAD])
def test_ahead_by(name: str, args: tuple, expected: str) -> None:
    assert relation_ceiling.ahead_by(*args, WEIGHT) == expected


def test_ahead_by_keeps_the_largest() -> None:
    top = {"rule_link": 1.0, "tgt_claim_score": 1.0, "overlap_tgt": 1.0, "near": 1.0}
    assert relation_ceiling.ahead_by(top, {}, WEIGHT, n=2) == "for the pick: tgt_claim_score +1.31, overlap_tgt +1.22; for the gold: -"
