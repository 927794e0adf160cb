"""Why a predicted relation the gold judges but does not list is false, told by its source claim
(``scripts/relation_ceiling.py`` ``false_source``): the gold relates the source to another claim of the false
target's message (a sibling) or of another message, has the source only as a target, or relates it to nothing.
The ceiling script counts these, split by the number of targets the linker gave the source claim, to show which
false relations a change to the choice could remove."""
from __future__ import annotations

import pytest

from test_siblings_choice import relation_ceiling  # the script, loaded once (pytest puts tests/ on the path)

# (messages of the source's gold targets, the source is a gold target, the false target's message) -> class
CASES = [
    # 149 servercert-601: "Meaning that having non-disclosed SubCAs is not allowed." -> "What does "disclosed"
    # mean?"; the gold gives it another claim of the same comment
    ("gold target in the same message", ({"c1"}, False, "c1"), "other_target_sibling"),
    ("gold target in the same message, the source also a target", ({"c1"}, True, "c1"), "other_target_sibling"),
    ("gold targets in two messages, one of them the false one's", ({"c1", "c3"}, False, "c3"),
     "other_target_sibling"),
    # 141 pkipolicy-186: "Mozilla Policy already clarifies this ..." -> a question of another comment
    ("gold target in another message", ({"c2"}, False, "c1"), "other_target_elsewhere"),
    ("gold target in another message, the source also a target", ({"c2"}, True, "c1"), "other_target_elsewhere"),
    ("gold targets that no predicted claim matches", (set(), False, "c1"), "other_target_elsewhere"),
    ("gold targets that no predicted claim matches, the source also a target", (set(), True, "c1"),
     "other_target_elsewhere"),
    # 146 pkipolicy-229: "Does anyone have suggested language changes ...?" is answered, answers nothing
    ("only a target", (None, True, "c1"), "only_target"),
    # 170 pkilint-155: "See also https://github.com/cabforum/smime/issues/278"
    ("in no relation", (None, False, "c1"), "no_relation"),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_false_source(name: str, args: tuple, expected: str) -> None:
    assert relation_ceiling.false_source(*args) == expected


def test_every_class_has_a_place_in_the_table() -> None:
    assert {c[2] for c in CASES} == set(relation_ceiling.FALSE_SOURCES)
    counts = {"gold": 4, "both_ends": 3, "candidate": 2, "chosen": 1, "kind_right": 1,
              "false:other_target_sibling:2+": 3, "false:other_target_elsewhere:1": 1,
              "false:no_relation:1": 2, "false:no_relation:2+": 5}
    text = relation_ceiling.table({"seed": 0, "k": 5, "counts": counts, "kinds": {}})
    assert ("no gold relation, by source claim (targets it was given: 1 / 2+): other_target_sibling 0/3, "
            "other_target_elsewhere 1/0, only_target 0/0, no_relation 2/5") in text
