"""The decision of the relations model (``threadkb.link.score.choose_thread``): per source claim, the targets whose
probability reaches the threshold (``choose``); and each message none of whose claims took a relation gives its best
pair when that reaches the message floor (every reply answers something). The same function decides in the linker
(``decide``) and in the inner cross-validation of ``learn.fit_relations`` (``relation_counts``); a relation drawn by
the floor says so in its evidence. Constructed threads of several messages and claims, and a GitHub-shaped thread."""
from __future__ import annotations

import pytest

from test_relations_learned import OPENING, _github, _pairs
from threadkb import learn
from threadkb.link import score as linkscore

# (variant, {source claim: (its message, [(target, probability)])}, threshold, max_targets, floor,
#  expected [(target, drawn by the floor)])
THREAD_CASES = [
    ("a pair reaches the threshold: no floor pair",
     {"m1:c1": ("m1", [("a", 0.9), ("b", 0.3)]), "m1:c2": ("m1", [("c", 0.2)])}, 0.5, 1, 0.0, [("a", False)]),
    ("none reaches: the message's best pair over its claims",
     {"m1:c1": ("m1", [("a", 0.3), ("b", 0.1)]), "m1:c2": ("m1", [("c", 0.4)])}, 0.5, 2, 0.0, [("c", True)]),
    ("the best pair below the floor: nothing", {"m1:c1": ("m1", [("a", 0.3)]), "m1:c2": ("m1", [("c", 0.4)])},
     0.5, 1, 0.45, []),
    ("the best pair on the floor", {"m1:c1": ("m1", [("a", 0.3)]), "m1:c2": ("m1", [("c", 0.45)])},
     0.5, 1, 0.45, [("c", True)]),
    ("no floor: the choice of each claim alone", {"m1:c1": ("m1", [("a", 0.3)]), "m1:c2": ("m1", [("c", 0.4)])},
     0.5, 1, None, []),
    ("per message: one reaches, the other gets its best",
     {"m1:c1": ("m1", [("a", 0.7), ("b", 0.6)]), "m2:c1": ("m2", [("c", 0.2), ("d", 0.35)])}, 0.5, 2, 0.0,
     [("a", False), ("b", False), ("d", True)]),
    ("a later claim of the message takes a relation: no floor pair",
     {"m1:c1": ("m1", [("a", 0.45)]), "m1:c2": ("m1", [("b", 0.6)])}, 0.5, 1, 0.0, [("b", False)]),
    ("ties across the message's claims: the first given",
     {"m1:c1": ("m1", [("a", 0.3)]), "m1:c2": ("m1", [("b", 0.3)])}, 0.5, 1, 0.0, [("a", True)]),
    ("a claim without pairs", {"m1:c1": ("m1", []), "m1:c2": ("m1", [("b", 0.1)])}, 0.5, 1, 0.0, [("b", True)]),
]


@pytest.mark.parametrize("variant,claims,threshold,n,floor,expected", THREAD_CASES, ids=[c[0] for c in THREAD_CASES])
def test_choose_thread(variant, claims, threshold, n, floor, expected):
    groups = {source: pairs for source, (_, pairs) in claims.items()}
    message_of = {source: message for source, (message, _) in claims.items()}
    got = linkscore.choose_thread(groups, message_of, threshold, n, floor)
    assert [(x, by_floor) for x, _, by_floor in got] == expected


def _ex(source: str, message: str, target: str, label: str) -> learn.Example:
    hits = ((source, target),) if label not in ("none", learn.UNJUDGED) else ()
    return learn.Example(source, target, {}, label, "supports", hits, None, True, message)


# (variant, [(source, message, label, probability)], floor, expected (right, predicted, found, gold))
COUNT_CASES = [
    ("no floor: nothing reaches 0.5", [("m1:c1", "m1", "supports", 0.4), ("m2:c1", "m2", "none", 0.3)], None,
     (0, 0, 0, 1)),
    ("floor: each message's best pair", [("m1:c1", "m1", "supports", 0.4), ("m2:c1", "m2", "none", 0.3)], 0.0,
     (1, 2, 1, 1)),
    ("floor: one per message, not per claim", [("m1:c1", "m1", "supports", 0.4), ("m1:c2", "m1", "none", 0.3)], 0.0,
     (1, 1, 1, 1)),
    ("floor: an unjudged best pair counts nothing", [("m1:c1", "m1", learn.UNJUDGED, 0.4),
                                                     ("m1:c2", "m1", "supports", 0.3)], 0.0, (0, 0, 0, 1)),
]


@pytest.mark.parametrize("variant,pairs,floor,expected", COUNT_CASES, ids=[c[0] for c in COUNT_CASES])
def test_relation_counts_with_the_message_floor(variant, pairs, floor, expected):
    fe = learn.FileExamples("f.json", 1, [_ex(s, m, f"t:c{i}", lab) for i, (s, m, lab, _) in enumerate(pairs)])
    assert learn.relation_counts([fe], [[p for *_, p in pairs]], 0.5, 2, floor) == expected


def test_floor_relations_say_so_in_their_evidence(tmp_path):
    """A threshold nothing reaches: each reply with candidates gets exactly one relation, its best pair, and the
    evidence says it was drawn as the message's best; without the floor none."""
    path = _github(tmp_path, "floor", [
        OPENING,
        ("bob", "I disagree, blocking keys would require a shared database that CAs do not have."),
        ("carol", "A shared database of compromised keys exists already; CAs could query it before issuance."),
        ("alice", "@carol which database do you mean? The policy should name it."),
    ])
    ex, pairs = _pairs(path)
    model = dict(linkscore.shipped_model(), threshold=1.01, message_floor=0.0)
    relations = linkscore.decide(pairs, model)
    messages = {p.source.message for p in pairs}
    claim_message = {c.id: c.message for c in ex.claims}
    assert sorted(claim_message[r.source] for r in relations) == sorted(messages)
    assert all(linkscore.MESSAGE_BEST in r.evidence[0] for r in relations)
    assert linkscore.decide(pairs, dict(model, message_floor=None)) == []
