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


# (variant, {source claim: (its message, [(target, probability)])}, targets the floor may draw, expected)
ANSWERABLE_CASES = [
    ("the best pair is the speaker's own: the next best answerable one",
     {"m1:c1": ("m1", [("own", 0.4), ("other", 0.3)])}, {"other"}, [("other", True)]),
    ("only the speaker's own claims: nothing", {"m1:c1": ("m1", [("own", 0.4)]), "m1:c2": ("m1", [("own2", 0.2)])},
     {"other"}, []),
    ("across the message's claims: the best answerable", {"m1:c1": ("m1", [("own", 0.4)]),
                                                          "m1:c2": ("m1", [("other", 0.1)])}, {"other"},
     [("other", True)]),
    ("the threshold is not the floor's: an own pair over it stays", {"m1:c1": ("m1", [("own", 0.7)])}, {"other"},
     [("own", False)]),
]


@pytest.mark.parametrize("variant,claims,answerable,expected", ANSWERABLE_CASES, ids=[c[0] for c in ANSWERABLE_CASES])
def test_the_floor_draws_only_answerable_pairs(variant, claims, answerable, expected):
    groups = {source: pairs for source, (_, pairs) in claims.items()}
    message_of = {source: message for source, (message, _) in claims.items()}
    got = linkscore.choose_thread(groups, message_of, 0.5, 1, 0.0, lambda t: t in answerable)
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


def test_a_follow_up_question_under_ones_own_comment_answers_nobody(tmp_path):
    """A speaker who follows up their own comment with a question (no one has replied yet) draws no relation by the
    floor: the only earlier claims are their own. The same thread with another speaker's comment in between draws
    one, to it."""
    follow = ("alice", "Also, which date should the new rule take effect from?")
    alone = _github(tmp_path, "alone", [OPENING, follow])
    ex, pairs = _pairs(alone)
    model = dict(linkscore.shipped_model(), threshold=1.01, message_floor=0.0)
    assert linkscore.decide(pairs, model) == []
    other = _github(tmp_path, "other", [OPENING, ("bob", "Blocking the key would need a shared database."), follow])
    ex, pairs = _pairs(other)
    speaker = {c.id: c.speaker for c in ex.claims}
    drawn = [(speaker[r.source], speaker[r.target]) for r in linkscore.decide(pairs, model)
             if linkscore.MESSAGE_BEST in r.evidence[0]]
    assert ("alice", "bob") in drawn and ("alice", "alice") not in drawn


@pytest.mark.parametrize("name, source, target, kinds", [
    # SHECA's follow-up question under its own message (12:13 under 11:38) asks: it was drawn by the floor as a
    # support of SHECA's own earlier sentence
    ("mdsp-2025-10-sheca-api-keys.txt", "Regarding the certificates that SHECA needs to revoke",
     "SHECA would like to know through which platform", set()),
    ("027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", "Regarding the certificates that SHECA needs",
     "SHECA recognizes that the forum discussions", set()),
    # SHECA thanks Arabella Barks for her reply: no 'defends' rebuttal of her claims (gratitude), the default stance
    ("027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", "Thank you for your professional reply",
     "I believe", {"supports"}),
    # guards: a CA's incident update that follows up its own comment still supports it (gold 024); the answers
    # drawn in 027 stay
    ("024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt", "Our reissuance and revocation process was initially",
     "we will not achieve the 5-day timeline", {"supports"}),
    ("027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", "I believe reissuing without additional DCV",
     "Regarding the certificates that SHECA needs to revoke", {"answers"}),
    ("027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", "SHECA will rigorously verify",
     "I believe reissuing without additional DCV", {"supports"}),
])
def test_real_threads(name, source, target, kinds):
    from test_relations_learned import ROOT as REPO  # the checkout's root
    from threadkb.link import link
    from threadkb.pipeline import extract_paths

    (ex,) = extract_paths([str(REPO / "corpora" / name)])
    linked = link(ex)
    text = {c.id: c.text for c in linked.claims}
    got = {r.kind.value for r in linked.relations if source in text[r.source] and target in text[r.target]}
    assert got == kinds
