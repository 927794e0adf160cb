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


def _profile(verdict: str, **over) -> dict:
    base = {"file": "170_github-x", "source": "a:c1", "target": "b:c1", "verdict": verdict, "source_kind": "github",
            "kind": "supports", "probability": 0.55, "rank": 1, "targets": 1, "sibling_right": False,
            "floor": False, "same_speaker": False, "same_side": False, "same_message_as_first": False,
            "source_text": "See also https://github.com/cabforum/smime/issues/278",
            "target_text": "Can you help me or change the check?"}
    return {**base, **over}


# (aspect, profile changes) -> the value ``--false`` groups the predicted relation under
KEY_CASES = [
    ("place", {"rank": 1, "targets": 1}, "1 of 1"),
    ("place", {"rank": 2, "targets": 2}, "2 of 2"),
    ("place", {"rank": 3, "targets": 4}, "3 of 3"),  # more than 3 targets: counted with 3
    ("place_first_right", {"rank": 1, "sibling_right": True}, "first"),
    ("place_first_right", {"rank": 2, "sibling_right": True}, "later, first right"),
    ("place_first_right", {"rank": 2, "sibling_right": False}, "later, first not right"),
    ("probability", {"probability": 0.95}, ">= 0.9"),
    ("probability", {"probability": 0.5}, ">= 0.5"),
    ("probability", {"probability": 0.02}, ">= 0.0"),  # a floor relation
    ("speakers", {"same_speaker": True, "same_side": True}, "same speaker"),
    ("speakers", {"same_side": True}, "same side"),
    ("speakers", {}, "other"),
    ("floor", {"floor": True}, "True"),
    ("source_kind", {"source_kind": "mail"}, "mail"),
]


@pytest.mark.parametrize(("aspect", "over", "expected"), KEY_CASES, ids=[f"{c[0]}={c[2]}" for c in KEY_CASES])
def test_profile_key(aspect: str, over: dict, expected: str) -> None:
    assert relation_ceiling.profile_key(_profile("right", **over), aspect) == expected


def test_profile_table_counts_and_lists_the_false_ones() -> None:
    profiles = [_profile("right"), _profile("right", rank=2, targets=2, sibling_right=True),
                _profile("false:no_relation", probability=0.383, rank=1, targets=2),
                _profile("wrong_kind", source_kind="mail")]
    lines = relation_ceiling.profile_table(profiles).splitlines()
    assert "| source_kind | github | 2 | 0 | 0 | 0 | 0 | 1 | 0.67 (3) |" in lines
    assert "| source_kind | mail | 0 | 1 | 0 | 0 | 0 | 0 | 0.00 (1) |" in lines
    assert "| place_first_right | later, first right | 1 | 0 | 0 | 0 | 0 | 0 | 1.00 (1) |" in lines
    assert lines[-3:] == ["170_github-x: a:c1 -supports-> b:c1 no_relation p=0.383 1/2",
                          "  «See also https://github.com/cabforum/smime/issues/278»",
                          "  -> «Can you help me or change the check?»"]


def test_false_argument_collects_profiles(monkeypatch, capsys) -> None:
    seen = []

    def fake(gold, k, seed, misses, siblings, profiles, lost=None):
        seen.append(profiles)
        profiles.append(_profile("false:only_target"))
        return {"seed": seed, "k": k, "counts": {"gold": 1}, "kinds": {}}

    monkeypatch.setattr(relation_ceiling, "decompose", fake)
    assert relation_ceiling.main(["--gold", "g", "--false"]) == 0
    assert seen == [[_profile("false:only_target")]]
    assert "a:c1 -supports-> b:c1 only_target p=0.550 1/1" in capsys.readouterr().out
