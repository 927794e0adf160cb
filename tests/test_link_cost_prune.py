"""The learner scores only the strongest candidates of each claim (``candidates.strongest``, ``max_candidates`` in
``link_cues.json``, passed by ``link``): the rules' ``limit`` best by their score, nearest message first on a tie,
and every pair the rules link; the other candidates still count in the relative features of those it scores
(``score.rank_values``). Checked on constructed candidates (exact lists) and on corpus threads against the plain
code (no limit, what the learner is trained on): the pairs kept are the plain pairs' strongest with the SAME
features (in order), rules' score, evidence and verdict; ``rank_values`` gives what ``pair_features`` gives; and
``link`` decides on exactly those pairs.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import pytest

from threadkb.link import candidate_pairs, link, score as linkscore
from threadkb.link.candidates import strongest
from threadkb.link.features import Candidate, cues
from threadkb.models import Claim, ClaimKind

ROOT = Path(__file__).resolve().parents[1]
FILES = ("mdsp-2025-10-sheca-api-keys.txt", "047_github-issue-mozilla-pkipolicy-276-delayed-revocation.txt",
         "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt",
         "036_bugzilla-1910805-digicert-delayed-revocation-tro.txt")


def _claim(cid: str, message: str, start: int) -> Claim:
    return Claim(id=cid, text=cid, kind=ClaimKind.ASSERTION, speaker=None, message=message, start=start, end=start + 1)


def _cands(*rows: tuple[str, str, int, float]) -> dict[str, Candidate]:
    return {cid: Candidate(_claim(cid, msg, start), score) for cid, msg, start, score in rows}


POSITION = {"m1": 0, "m2": 1, "m3": 2}
ROWS = (("a", "m1", 0, 1.0), ("b", "m1", 9, 3.0), ("c", "m2", 5, 1.0), ("d", "m3", 2, 0.5), ("e", "m3", 1, 1.0))


@pytest.mark.parametrize(("limit", "keep", "expected"), [
    (0, (), ["a", "b", "c", "d", "e"]),  # no limit
    (5, (), ["a", "b", "c", "d", "e"]),  # limit not reached
    (9, (), ["a", "b", "c", "d", "e"]),
    (1, (), ["b"]),  # the rules' best
    (2, (), ["b", "e"]),  # a tie at 1.0: the nearest message (m3) first
    (3, (), ["b", "c", "e"]),  # then m2
    (4, (), ["a", "b", "c", "e"]),
    (1, ("d",), ["b", "d"]),  # a pair the rules link is kept, in its place
    (2, ("a", "b"), ["a", "b", "e"]),
])
def test_strongest_constructed(limit, keep, expected):
    got = strongest(_cands(*ROWS), set(keep), POSITION, limit)
    assert [c.target.id for c in got] == expected


def test_strongest_same_message_tie_earlier_claim_first():
    cands = _cands(("x", "m1", 30, 2.0), ("y", "m1", 10, 2.0), ("z", "m1", 20, 2.0))
    assert [c.target.id for c in strongest(cands, set(), POSITION, 2)] == ["y", "z"]


@lru_cache(maxsize=1)
def _extractions() -> list:
    from threadkb import pipeline
    from threadkb.extract import extract

    return extract([t for name in FILES for t in pipeline.parse_paths([str(ROOT / "corpora" / name)])])


def _pairs(limit: int) -> list:
    return [p for ex in copy.deepcopy(_extractions()) for p in candidate_pairs(ex, limit)]


def _row(p) -> tuple:
    return (p.source.id, p.target.id, p.candidate.score, p.candidate.evidence, p.rule, list(p.features.items()))


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_kept_pairs_are_the_plain_pairs_strongest(limit):
    plain = _pairs(0)
    kept = _pairs(limit)
    position = {}  # (thread, message key) -> its first place in the thread
    for ex in _extractions():
        for i, m in enumerate(ex.thread.messages):
            position.setdefault((id(ex.thread), m.key), i)
    thread_of = {c.id: id(ex.thread) for ex in _extractions() for c in ex.claims}
    groups: dict[str, list] = {}
    for p in plain:
        groups.setdefault(p.source.id, []).append(p)
    assert max(len(g) for g in groups.values()) > limit  # the corpus has claims with more candidates
    expected = []
    for source, g in groups.items():
        order = sorted(g, key=lambda p: (-p.candidate.score, -position[(thread_of[source], p.target.message)],
                                         p.target.start))
        top = {id(p) for p in order[:limit]}
        expected += [_row(p) for p in g if id(p) in top or p.rule]
    assert len(kept) < len(plain)
    assert [_row(p) for p in kept] == expected  # the same features: relative to all the candidates


def test_rank_values_as_pair_features(monkeypatch):
    """``rank_values`` (the unscored pairs) gives the features ``relative`` reads as ``pair_features`` does."""
    seen: list[tuple[dict, dict]] = []
    plain_features = linkscore.pair_features

    rows: list[tuple[tuple, tuple]] = []  # and ``rank_row`` (what the unscored hand ``relative_rows``) as its row

    def both(src, tgt, fs, ft, cand, ctx, *rest):
        light = linkscore.rank_values(tgt, fs, ft, cand, ctx)
        full = plain_features(src, tgt, fs, ft, cand, ctx, *rest)
        seen.append((light, full))
        rows.append((linkscore.rank_row(tgt, fs, ft, cand, ctx), linkscore.row_of(full)))
        return full

    monkeypatch.setattr(linkscore, "pair_features", both)
    _pairs(0)
    assert len(seen) > 100
    assert set(linkscore.RELATIVE_READS) >= {"overlap", "distance", *linkscore.RANKED}
    for light, full in seen:
        assert light == {k: v for k, v in full.items() if k in linkscore.RELATIVE_READS}
    assert {k for light, _ in seen for k in light} == set(linkscore.RELATIVE_READS)  # each read, each made
    assert all(row == full for row, full in rows)


def test_link_decides_on_the_kept_pairs():
    model = linkscore.shipped_model()
    assert model and cues()["max_candidates"] > 0
    for ex in _extractions():
        kept = candidate_pairs(copy.deepcopy(ex), cues()["max_candidates"])
        assert link(copy.deepcopy(ex)).relations == linkscore.decide(kept, model)


def test_rules_alone_see_every_pair():
    for ex in _extractions():
        rules = [(p.source.id, p.target.id) for p in candidate_pairs(copy.deepcopy(ex)) if p.rule]
        assert [(r.source, r.target) for r in link(copy.deepcopy(ex), {}).relations] == rules
