"""Relations learned on threads of one kind and read on another (``threadkb eval --cv-by source``): the learner
leaves out the pair features whose scale is a property of the source kind (``learn.RELATION_SKIPPED``).

``rank_<x>`` / ``msg_rank_<x>`` count how many of a source claim's candidates score higher (at most 5). A claim of
a quoting mail thread has many candidates (parent, ancestors, quoted messages: 5 to 8 in the mail threads below),
a GitHub comment few (its window: 2 to 4), so the count says which kind the thread is, and a model trained on one
kind misreads it on the other. ``best_<x>`` / ``gap_<x>`` say how a pair stands against the best on the best's
scale, which both kinds share; they stay. The model has no weight for the counts, so the linker no longer computes
them (the learner still leaves them out of examples that hold them)."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_relations_learned import _pairs
from threadkb import learn
from threadkb.link import score as linkscore

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name, learned", [
    ("rank_jaccard", False),
    ("rank_rule_score", False),
    ("msg_rank_tgt_claim_score", False),
    ("msg_rank_context_overlap", False),
    ("best_jaccard", True),          # the best's own scale: kept
    ("gap_rule_score", True),
    ("msg_gap_overlap_min", True),
    ("msg_best_tgt_claim_score", True),
    ("src_place", True),
    ("tgt_place_share", True),
    ("candidates", True),
    ("rule_score", True),
    ("ranked", True),                # only the prefix is left out, not any name holding "rank"
])
def test_the_learner_leaves_out_the_candidate_counts(name, learned):
    assert learn.learned_feature(name) is learned


def _example(i: int, relation: bool, **features: float) -> learn.Example:
    return learn.Example(f"s{i}", f"t{i}", dict(features), "supports" if relation else "none", "supports")


def _examples(rank: float) -> list[learn.Example]:
    """Constructed pairs: a relation shares words (jaccard) and is the best; every pair has a rank count."""
    out = []
    for i in range(12):
        relation = i % 3 == 0
        out.append(_example(i, relation, jaccard=0.4 if relation else 0.1 + 0.01 * i,
                            best_jaccard=1.0 if relation else 0.0, rank_jaccard=rank * (i % 4),
                            msg_rank_rule_score=rank, near=float(i % 2)))
    return out


def test_rank_counts_have_no_weight_and_change_nothing():
    """The same pairs with other rank counts (a thread kind with more candidates) give the same model."""
    a, b = learn._fit(_examples(1.0), 0, learn.RELATION_C), learn._fit(_examples(5.0), 0, learn.RELATION_C)
    assert a["features"] == b["features"] == ["best_jaccard", "jaccard", "near"]
    assert a["coef"] == b["coef"] and a["intercept"] == b["intercept"]


# (corpus file, candidate pairs, source claims, most candidates of one claim, the features the learner does not
# read): a mail claim has many candidates, a GitHub comment few, and no pair holds a count of its better candidates;
# the features left out are the reply structures read by their reach (``read_as_reach``): a GitHub issue's comments
# by their order, a mail thread's by its replies
GITHUB_REACH = {"rel_thread_order"}
MAIL_REACH = {"rel_ancestor", "rel_in_reply_to"}
CORPUS = [
    ("047_github-issue-mozilla-pkipolicy-276-delayed-revocation.txt", 2, 1, 2, GITHUB_REACH),
    ("048_github-issue-cabforum-servercert-580-caa-4911.txt", 7, 2, 4, GITHUB_REACH | {"rel_thread_order_far"}),
    ("027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", 45, 9, 7, MAIL_REACH),
    ("033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt", 45, 9, 8, MAIL_REACH),
]


def test_the_features_read_by_their_reach_are_the_reply_structures():
    assert linkscore.read_as_reach() == GITHUB_REACH | MAIL_REACH | {"rel_thread_order_far"}


@pytest.mark.parametrize("name, n_pairs, n_sources, most, not_learned", CORPUS, ids=[c[0][:3] for c in CORPUS])
def test_no_pair_counts_its_better_candidates_and_the_model_reads_no_count(name, n_pairs, n_sources, most,
                                                                           not_learned):
    path = ROOT / "corpora" / name
    if not path.exists():
        pytest.skip(f"{name} not in corpora/")
    _, pairs = _pairs(path)
    per_source: dict[str, int] = {}
    for p in pairs:
        per_source[p.source.id] = per_source.get(p.source.id, 0) + 1
    assert (len(pairs), len(per_source), max(per_source.values())) == (n_pairs, n_sources, most)
    assert [k for p in pairs for k in p.features if k.startswith(learn.RELATION_SKIPPED)] == []
    # the only features the learner does not read are the reply structures it reads by their reach
    assert {k for p in pairs for k in p.features if not learn.learned_feature(k)} == not_learned
    assert any(k.startswith(("gap_", "msg_gap_")) for p in pairs for k in p.features) is (most > 1)
    model = linkscore.shipped_model()
    assert not [n for n in model["features"] if not learn.learned_feature(n)]
