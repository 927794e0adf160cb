"""The bound of ``benchmarks/bound_prune.py`` is sound: for the shipped relations model, no pair's left-out features
add more to its log-odds than the bound's slack, so the bound never rules out a pair the full scorer draws (above
the threshold, or its message's best). Checked on the pairs of corpus files of each source kind (mail, Bugzilla,
GitHub) and on constructed pairs that take every left-out feature at its most.

No timings here: the figures come from running the script on the benchmark archive.
"""
from __future__ import annotations

import copy
import importlib.util
import math
import os
import sys
from functools import lru_cache

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..")
_spec = importlib.util.spec_from_file_location("bound_prune", os.path.join(ROOT, "benchmarks", "bound_prune.py"))
assert _spec is not None and _spec.loader is not None
bound_prune = importlib.util.module_from_spec(_spec)
sys.modules["bound_prune"] = bound_prune
_spec.loader.exec_module(bound_prune)

FILES = ["027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt",  # mail, flattened quotes
         "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt",  # mail, quoted replies five levels deep
         "031_bugzilla-1978186-sheca-chongqing-dn-chinese.txt",  # Bugzilla comments (a flat thread)
         "049_github-pr-cabforum-servercert-405-revocation-reasons-review.txt"]  # a GitHub pull request


@lru_cache(maxsize=1)
def _model():
    from threadkb.link import score as linkscore

    model = linkscore.shipped_model()
    weights = dict(zip(model["features"], model["coef"], strict=True))
    return model, weights.get


def _w(name: str) -> float:
    return _model()[1](name, 0.0)


def _log_odds(f: dict[str, float]) -> float:
    model, _ = _model()
    return model["intercept"] + sum(_w(n) * v for n, v in f.items())


@lru_cache(maxsize=None)
def _file(name: str):
    """(the pairs' features by source message, the (source, target) of the relations ``link`` draws)."""
    from threadkb import pipeline
    from threadkb.extract import extract
    from threadkb.link import candidate_pairs, link
    from threadkb.link.features import cues

    by_message: dict[tuple[int, str], list] = {}
    drawn = set()
    for i, ex in enumerate(extract(list(pipeline.parse_paths([os.path.join(ROOT, "corpora", name)])))):
        for p in candidate_pairs(copy.deepcopy(ex), cues()["max_candidates"]):
            by_message.setdefault((i, p.source.message), []).append((p.source.id, p.target.id, p.features))
        drawn |= {(i, r.source, r.target) for r in link(copy.deepcopy(ex)).relations}
    return by_message, drawn


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("group", ["relative features", "speakers, kind pairs, anchors", "both"])
def test_the_bound_keeps_every_pair_the_scorer_draws(name, group):
    deferred, slack = bound_prune.groups(_w)[group]
    model, _ = _model()
    cut = math.log(model["threshold"] / (1 - model["threshold"]))
    by_message, drawn = _file(name)
    assert drawn, "the file draws relations"
    kept = set()
    for (i, _), pairs in by_message.items():
        zs = [_log_odds(f) for _, _, f in pairs]
        for (src, tgt, f), z in zip(pairs, zs, strict=True):
            added = sum(_w(n) * x for n, x in f.items() if n in deferred)
            assert added <= slack + 1e-9, (src, tgt, added, slack)
            bound = bound_prune.upper_bound(f, z, deferred, slack, _w)
            assert bound >= z - 1e-9
            if bound >= cut - 1e-6 or (max(zs) < cut and bound >= max(zs) - 1e-6):
                kept.add((i, src, tgt))
    assert drawn <= kept


def _extreme(group: str) -> dict[str, float]:
    """A pair whose left-out features of ``group`` are each at the value that adds most (exclusive ones: the best)."""
    deferred, _ = bound_prune.groups(_w)[group]
    f: dict[str, float] = {}
    for n in sorted(deferred):
        top = 5.0 if n == "tgt_place" else 1.0
        if _w(n) > 0:
            f[n] = top
    if "request_commitment" in f:  # a commitment answering a request: question_answer too, never question_question
        f["question_answer"] = 1.0
        if _w("question_question") < _w("question_answer") + _w("request_commitment"):
            f.pop("question_question", None)
        else:
            del f["request_commitment"], f["question_answer"]
    # exclusive pairs: keep the one that adds more
    for a, b in [("same_speaker", "same_side")] + [
            (p + "best_" + c, p + "gap_" + c) for p, cols in (("", bound_prune.COLUMNS), ("msg_", bound_prune.MSG_COLUMNS))
            for c in cols]:
        if a in f and b in f:
            del f[b if _w(a) >= _w(b) else a]
    return f


@pytest.mark.parametrize("group", ["relative features", "speakers, kind pairs, anchors", "both"])
def test_the_slack_is_what_the_left_out_features_add_at_most(group):
    deferred, slack = bound_prune.groups(_w)[group]
    f = _extreme(group)
    added = sum(_w(n) * x for n, x in f.items() if n in deferred)
    assert added <= slack + 1e-9
    assert added == pytest.approx(slack, abs=1e-9)  # the bound is reached: no smaller slack is sound
