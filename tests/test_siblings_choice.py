"""Where the scorer's most probable candidate of a source claim stands (``scripts/relation_ceiling.py``
``top_pick``): the gold target, a sibling of it (another claim of the gold target's message) that the gold judges
or does not list, or a claim of another message. The ceiling script counts these to show where the choice of a
target is lost."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("relation_ceiling", ROOT / "scripts" / "relation_ceiling.py")
assert _spec is not None and _spec.loader is not None
relation_ceiling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(relation_ceiling)

# (target message, the gold judges the target, the pair is a gold relation, probability)
CASES = [
    ("no gold target among the candidates", [("m1", True, False, 0.9), ("m2", False, False, 0.4)], None),
    ("no candidates", [], None),
    ("the gold target is the most probable", [("m1", True, True, 0.8), ("m1", True, False, 0.5)], "gold"),
    ("a judged sibling wins", [("m1", True, True, 0.4), ("m1", True, False, 0.7)], "sibling_judged"),
    # 111 servercert-337: "+1" picks "Right now, the title of version 1.8 is ..." (not a gold claim) over the
    # gold target "The title of the Baseline Requirements ought to be changed to:" of the same comment
    ("a sibling the gold does not list wins", [("m1", False, False, 0.91), ("m1", True, True, 0.87),
                                               ("m1", True, False, 0.84)], "sibling_unjudged"),
    ("a judged claim of another message wins", [("m1", True, True, 0.3), ("m2", True, False, 0.6)], "other_judged"),
    ("an unlisted claim of another message wins", [("m2", False, False, 0.6), ("m1", True, True, 0.3)],
     "other_unjudged"),
    ("ties go to the first, as choose breaks them", [("m1", True, False, 0.5), ("m1", True, True, 0.5)],
     "sibling_judged"),
    ("ties go to the first: the gold one first", [("m1", True, True, 0.5), ("m1", True, False, 0.5)], "gold"),
    ("two gold messages: a claim of either is a sibling",
     [("m1", True, True, 0.2), ("m2", True, True, 0.1), ("m2", False, False, 0.6)], "sibling_unjudged"),
]


@pytest.mark.parametrize(("name", "candidates", "expected"), CASES, ids=[c[0] for c in CASES])
def test_top_pick(name: str, candidates: list, expected: str | None) -> None:
    assert relation_ceiling.top_pick(candidates) == expected


def test_every_pick_has_a_row_in_the_table() -> None:
    picks = {c[2] for c in CASES if c[2] is not None}
    assert picks == set(relation_ceiling.TOP_PICKS)
    counts = {"gold": 4, "both_ends": 3, "candidate": 2, "chosen": 1, "kind_right": 1, "top:gold": 2,
              "top:sibling_unjudged": 1}
    text = relation_ceiling.table({"seed": 0, "k": 5, "counts": counts, "kinds": {}})
    assert ("most probable candidate of source claims with a gold target: gold 2, sibling_judged 0, "
            "sibling_unjudged 1, other_judged 0, other_unjudged 0") in text


# (name, source text, rows (mark, probability, place, claims of the message, kind, text), expected listing)
LISTING_CASES = [
    # 111 servercert-337 (CV seed 0): "+1" picks the comment's background sentence over its proposal
    ("a pick the gold does not list", "111_github-cabforum-servercert-337-change-title-of-brs: ryancdickson-20230209:c1 "
     "(assertion)", "+1",
     [("gold", 0.871, 0, 3, "assertion", "The title of the Baseline Requirements ought to be changed to:"),
      ("pick", 0.909, 1, 3, "assertion", 'Right now, the title of version 1.8 is just "Baseline Requirements for '
                                         'the Issuance and Management of Publicly‐Trusted Certificates".'),
      ("listed", 0.823, 2, 3, "assertion", "Unless this is done, there will be ambiguity and confusion going forward.")],
     "111_github-cabforum-servercert-337-change-title-of-brs: ryancdickson-20230209:c1 (assertion): «+1»\n"
     "  gold     p=0.871 1/3 assertion  «The title of the Baseline Requirements ought to be changed to:»\n"
     "  pick     p=0.909 2/3 assertion  «Right now, the title of version 1.8 is just \"Baseline Requirements for the "
     "Issuance and Management of Publicl…»\n"
     "  listed   p=0.823 3/3 assertion  «Unless this is done, there will be ambiguity and confusion going forward.»"),
    # a source text over several lines is shown on one line
    ("lines joined", "f: m2:c1 (question)", "Is there\n  a newer version?",
     [("unlisted", 0.5, 0, 1, "question", "What\tnow?")],
     "f: m2:c1 (question): «Is there a newer version?»\n  unlisted p=0.500 1/1 question   «What now?»"),
]


@pytest.mark.parametrize(("name", "head", "source", "rows", "expected"), LISTING_CASES,
                         ids=[c[0] for c in LISTING_CASES])
def test_sibling_case(name: str, head: str, source: str, rows: list, expected: str) -> None:
    assert relation_ceiling.sibling_case(head, source, rows) == expected
