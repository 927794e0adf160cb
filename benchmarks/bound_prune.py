#!/usr/bin/env python3
"""How many scored pairs an exact bound could leave undescribed (Session 12, issue 14's link cost).

The relations scorer is linear (logistic regression: P = σ(intercept + Σ coef·feature)), so with a group D of a pair's
features left out, the log-odds is at most ``z − contribution(D) + slack(D)``, where ``slack(D)`` is the most D can
add: ``max(coef, 0)`` for a feature in [0, 1] (binary features, shares, the gaps of the ranks); ``max(5·coef, 0)`` for
``tgt_place`` (0..5); the best of an exclusive group (``best_X`` / ``gap_X`` of one column; ``same_speaker`` /
``same_side``; ``question_question`` / ``question_answer`` (+ ``request_commitment``)); 0 for an unbounded count with
a negative weight (``candidates``, ``cite_item``, ``cite_section``). A pair could be skipped (D never described, no
probability) when that bound is below the threshold's log-odds and the pair cannot be its message's best either
(``score.choose_thread``: the shipped model's ``message_floor`` is 0, so a message none of whose pairs reaches the
threshold draws its most probable pair): some pair of the message reaches the threshold, or the bound is below the
message's best log-odds.

    .venv/bin/python benchmarks/bound_prune.py /tmp/a2k.mbox

Prints the number of scored pairs, those an oracle could skip (neither above the threshold nor a message's best), and
those each bound could skip. (Session 12 on the 2,000-message archive: 14,940 pairs, oracle 11,259; deferring the
relative features (slack 2.35) 1,245, deferring speakers / kind pairs / anchors (slack 1.40) 5,117, both 77.)
"""
from __future__ import annotations

import argparse
import math
from collections import defaultdict

COLUMNS = ("jaccard", "overlap_min", "rule_score", "context_overlap")  # ``score.RANKED``
MSG_COLUMNS = (*COLUMNS, "tgt_claim_score")


def relative_slack(w) -> tuple[set[str], float]:
    """The relative features (``score.relative_rows``) and the most they add to the log-odds."""
    names = {"best_overlap", "overlap_share", "best_rule_score", "nearest", "candidates", "tgt_place", "tgt_place_share"}
    # (``best_rule_score`` is also the rank of the ``rule_score`` column: counted there, once)
    slack = sum(max(w(n), 0.0) for n in ("best_overlap", "overlap_share", "nearest", "tgt_place_share"))
    slack += max(5 * w("tgt_place"), 0.0)
    assert w("candidates") <= 0, "log1p(candidates) is unbounded: a positive weight has no bound"
    for prefix, columns in (("", COLUMNS), ("msg_", MSG_COLUMNS)):
        for c in columns:
            names |= {prefix + "best_" + c, prefix + "gap_" + c}
            slack += max(w(prefix + "best_" + c), w(prefix + "gap_" + c), 0.0)  # one or the other; a gap is in (0, 1]
    return names, slack


def pairwise_slack(w) -> tuple[set[str], float]:
    """Who speaks to whom, the pair of kinds, the shared anchors (``score.pair_features``) and the most they add."""
    names = {"same_speaker", "same_side", "unknown_speaker", "addressed", "named_back", "question_answer",
             "request_commitment", "question_question", "cite_item", "cite_section", "same_api_path"}
    for n in ("cite_item", "cite_section", "same_api_path"):
        assert w(n) <= 0, f"{n} is an unbounded count: a positive weight has no bound"
    slack = (max(w("same_speaker"), w("same_side"), 0.0) + max(w("unknown_speaker"), 0.0) + max(w("addressed"), 0.0)
             + max(w("named_back"), 0.0)
             + max(w("question_question"), w("question_answer") + max(w("request_commitment"), 0.0), 0.0))
    return names, slack


def groups(w) -> dict[str, tuple[set[str], float]]:
    """The groups of features a bound may leave out, with their slack: each alone and both."""
    rel, rel_slack = relative_slack(w)
    pw, pw_slack = pairwise_slack(w)
    return {"relative features": (rel, rel_slack), "speakers, kind pairs, anchors": (pw, pw_slack),
            "both": (rel | pw, rel_slack + pw_slack)}


def upper_bound(f: dict[str, float], z: float, deferred: set[str], slack: float, w) -> float:
    """The most a pair of log-odds ``z`` (features ``f``) could have, its ``deferred`` features not described."""
    return z - sum(w(n) * x for n, x in f.items() if n in deferred) + slack


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("archive")
    args = ap.parse_args()

    from threadkb import pipeline
    from threadkb.extract import extract
    from threadkb.link import candidate_pairs, score as linkscore
    from threadkb.link.features import cues

    model = linkscore.shipped_model()
    weights = dict(zip(model["features"], model["coef"], strict=True))

    def w(name: str) -> float:
        return weights.get(name, 0.0)

    cut = math.log(model["threshold"] / (1 - model["threshold"]))
    by_message: dict[tuple[int, str], list[dict[str, float]]] = defaultdict(list)
    for i, ex in enumerate(extract(list(pipeline.parse_paths([args.archive])))):
        for p in candidate_pairs(ex, cues()["max_candidates"]):
            by_message[i, p.source.message].append(p.features)

    def log_odds(f: dict[str, float]) -> float:
        return model["intercept"] + sum(w(n) * v for n, v in f.items())

    z = {key: [log_odds(f) for f in feats] for key, feats in by_message.items()}
    pairs = sum(map(len, z.values()))
    above = sum(1 for zs in z.values() for v in zs if v >= cut)
    floor = sum(1 for zs in z.values() if max(zs) < cut)
    oracle = sum(1 for zs in z.values() for v in zs if v < cut and (max(zs) >= cut or v < max(zs)))
    print(f"scored pairs {pairs}; messages {len(z)}; pairs at or above the threshold {above}; messages drawing by the "
          f"floor {floor}; an oracle could skip {oracle} ({100 * oracle / pairs:.1f} %)")
    for name, (deferred, slack) in groups(w).items():
        skipped = 0
        for key, feats in by_message.items():
            best = max(z[key])
            for f, v in zip(feats, z[key], strict=True):
                bound = upper_bound(f, v, deferred, slack, w)
                if bound < cut - 1e-6 and (best >= cut or bound < best - 1e-6):
                    skipped += 1
        print(f"deferring {name}: slack {slack:.3f}; the bound could skip {skipped} ({100 * skipped / pairs:.1f} %)")


if __name__ == "__main__":
    main()
