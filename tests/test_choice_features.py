"""Which pairs become relations: the features that compare a pair with the other candidates of its source claim
(``threadkb.link.score.ranks`` / ``relative``: best and gap to the best, no count of the better ones), the features of the source claim (does it answer anything) and of
the target (the thread's opener, how strongly it is a claim), and the training pairs the gold does not judge
(``threadkb.learn.UNJUDGED``: they take a place among a claim's targets, and eval does not count them).
Table-driven: constructed pairs and threads, and real corpus text."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from test_relations_learned import OPENING, _github, _pair, _pairs
from threadkb import learn
from threadkb.link import score as linkscore

ROOT = Path(__file__).resolve().parents[1]


def _p(message: str, start: int, **features: float):
    return SimpleNamespace(target=SimpleNamespace(message=message, start=start), features=dict(features))


# (values of the feature among the candidates, prefix, expected added features per pair)
RANK_CASES = [
    ("one best", [0.5, 0.25, 0.0], "",
     [{"best_jaccard": 1.0}, {"gap_jaccard": 0.5}, {"gap_jaccard": 1.0}]),
    ("ties are all best", [0.5, 0.5, 0.125], "",
     [{"best_jaccard": 1.0}, {"best_jaccard": 1.0}, {"gap_jaccard": 0.75}]),
    ("nobody has it", [0.0, 0.0], "", [{}, {}]),
    ("many below the best: a gap each, no count of those above", [0.9, 0.8, 0.8, 0.7, 0.6, 0.5, 0.1], "msg_",
     [{"msg_best_jaccard": 1.0}] + [{"msg_gap_jaccard": pytest.approx((0.9 - v) / 0.9)}
                                    for v in (0.8, 0.8, 0.7, 0.6, 0.5, 0.1)]),
    ("alone", [0.3], "", [{"best_jaccard": 1.0}]),
]


@pytest.mark.parametrize("variant,values,prefix,expected", RANK_CASES, ids=[c[0] for c in RANK_CASES])
def test_ranks(variant, values, prefix, expected):
    pairs = [_p("m", i, **({"jaccard": v} if v else {})) for i, v in enumerate(values)]
    linkscore.ranks(pairs, "jaccard", prefix)
    assert [{k: v for k, v in p.features.items() if k != "jaccard"} for p in pairs] == expected


def test_relative_places_a_target_among_the_claims_of_its_message():
    """Two claims of message a (listed out of order) and one of b: the place in the message by offset, and the
    siblings ranked against each other only (b's claim is alone in its message: no msg_ features)."""
    pairs = [_p("a", 40, jaccard=0.1, tgt_claim_score=2.0), _p("b", 0, jaccard=0.5), _p("a", 5, jaccard=0.3)]
    linkscore.relative(pairs)
    got = [{k: v for k, v in p.features.items() if k.startswith(("tgt_place", "msg_"))} for p in pairs]
    assert got == [
        {"tgt_place": 1.0, "tgt_place_share": 1.0, "msg_gap_jaccard": pytest.approx(2 / 3),
         "msg_best_tgt_claim_score": 1.0},
        {"tgt_place": 0.0},
        {"tgt_place": 0.0, "tgt_place_share": 0.0, "msg_best_jaccard": 1.0, "msg_gap_tgt_claim_score": 1.0},
    ]
    assert pairs[1].features["best_jaccard"] == 1.0 and pairs[0].features["gap_jaccard"] == pytest.approx(0.8)


# (variant, comments, source snippet, target snippet, {feature: expected value}, features that must be absent)
SOURCE_CASES = [
    ("second claim asks", [OPENING, ("bob", "Blocking keys needs a shared database of compromised keys. "
                                            "Who would run the database of compromised keys?")],
     "Who would run", "block the key",
     {"src_place": 1.0, "src_place_share": 1.0, "src_asks": 1.0, "tgt_opener": 1.0}, ["src_addresses", "src_quotes"]),
    ("first claim, addressed", [OPENING, ("carol", "The CCADB form for key compromise reports has moved."),
                                ("bob", "Hi Carol,\nThe CCADB form is already required for CAs to report a key compromise.")],
     "already required", "The CCADB form",
     {"src_place": 0.0, "src_addresses": 1.0}, ["src_asks", "src_place_share", "tgt_opener"]),
]


@pytest.mark.parametrize("variant,comments,src,tgt,expected,absent", SOURCE_CASES, ids=[c[0] for c in SOURCE_CASES])
def test_source_and_target_features(tmp_path, variant, comments, src, tgt, expected, absent):
    _, pairs = _pairs(_github(tmp_path, variant.replace(" ", "-").replace(",", ""), comments))
    p = _pair(pairs, src, tgt)
    assert {k: p.features.get(k, 0.0) for k in expected} == expected, p.features
    assert [k for k in absent if k in p.features] == []
    shared = p.features.get("overlap", 0.0)
    if shared:  # the shared words against the shorter claim and against the target
        assert 0 < p.features["overlap_tgt"] <= p.features["overlap_min"] <= 1
    assert p.features.get("tgt_claim_score", 0.0) == min(p.target.score, 10.0)


@pytest.mark.parametrize("name", ["047_github-issue-mozilla-pkipolicy-276-delayed-revocation.txt",
                                  "mdsp-2025-10-sheca-api-keys.txt"])
def test_group_features_on_corpus_text(name):
    """Real threads: per source claim exactly the candidates with the most words in common are best_jaccard,
    the opener's claims are tgt_opener, and a claim's place is its place among its message's own claims."""
    path = ROOT / "corpora" / name
    if not path.exists():
        pytest.skip(f"{name} not in corpora/")
    ex, pairs = _pairs(path)
    assert pairs
    opener = ex.thread.messages[0].key
    own: dict[str, list[str]] = {}
    for c in ex.claims:
        if not c.reported:
            own.setdefault(c.message, []).append(c.id)
    groups: dict[str, list] = {}
    for p in pairs:
        groups.setdefault(p.source.id, []).append(p)
        assert ("tgt_opener" in p.features) == (p.target.message == opener)
        assert p.features["src_place"] == min(own[p.source.message].index(p.source.id), 5)
    for group in groups.values():
        top = max(p.features.get("jaccard", 0.0) for p in group)
        assert [p for p in group if "best_jaccard" in p.features] == ([p for p in group if p.features.get("jaccard") == top]
                                                                      if top else [])


def _ex(source: str, target: str, label: str, kind: str = "supports") -> learn.Example:
    return learn.Example(source, target, {}, label, kind, ((source, target),) if label not in ("none", learn.UNJUDGED) else ())


# (probabilities of one source claim's pairs, labels, max_targets, expected (right, predicted, found, gold))
UNJUDGED_CASES = [
    ("unjudged takes the only place", [0.9, 0.8], [learn.UNJUDGED, "supports"], 1, (0, 0, 0, 1)),
    ("two places: the judged one counts", [0.9, 0.8], [learn.UNJUDGED, "supports"], 2, (1, 1, 1, 1)),
    ("judged first", [0.7, 0.8], [learn.UNJUDGED, "supports"], 1, (1, 1, 1, 1)),
    ("wrong pair counted, unjudged not", [0.9, 0.8, 0.6], ["none", learn.UNJUDGED, "supports"], 3, (1, 2, 1, 1)),
]


@pytest.mark.parametrize("variant,probs,labels,n,expected", UNJUDGED_CASES, ids=[c[0] for c in UNJUDGED_CASES])
def test_relation_counts_with_unjudged_pairs(variant, probs, labels, n, expected):
    fe = learn.FileExamples("f.json", 1, [_ex("s:c1", f"t:c{i}", lab) for i, lab in enumerate(labels)])
    assert learn.relation_counts([fe], [probs], 0.5, n) == expected


def test_unjudged_pairs_are_not_training_examples():
    """The learner fits on judged pairs only: adding unjudged ones leaves the coefficients as they were."""
    judged = [learn.Example("s:c1", "t:c1", {"a": 1.0}, "supports", "supports"),
              learn.Example("s:c1", "t:c2", {"b": 1.0}, "none", "supports"),
              learn.Example("s:c2", "t:c1", {"a": 1.0, "b": 1.0}, "none", "supports"),
              learn.Example("s:c3", "t:c3", {"a": 2.0}, "rebuts", "rebuts")]
    unjudged = [learn.Example("s:c1", "t:c9", {"a": 1.0, "c": 3.0}, learn.UNJUDGED, "")]
    assert learn._fit(judged + unjudged, 0, 1.0) == learn._fit(judged, 0, 1.0)
