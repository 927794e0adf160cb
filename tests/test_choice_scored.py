"""The choice the relations model is tuned for is the one the linker makes: ``threadkb.link.link`` scores only the
``max_candidates`` strongest candidates of a source claim by the rules (and those the rules link,
``candidates.strongest``), while the learner trains on all of them. ``learn.scored_pairs`` marks the pairs the
linker scores (``Example.scored``) and ``learn.relation_counts`` (the inner cross-validation of ``fit_relations``
choosing threshold and targets per claim) chooses among those only. Corpus threads (mail, GitHub) and a
constructed flat thread where the limit bites."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_relations_learned import OPENING, _github, _pairs
from threadkb import learn
from threadkb.link import candidate_pairs
from threadkb.link.features import cues

ROOT = Path(__file__).resolve().parents[1]

# (corpus file, candidate pairs, pairs the linker scores)
CORPUS_CASES = [
    ("047_github-issue-mozilla-pkipolicy-276-delayed-revocation.txt", 2, 2),
    ("027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt", 45, 27),
    ("033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt", 45, 26),
]


def _linked(ex) -> set[tuple[str, str]]:
    return {(p.source.id, p.target.id) for p in candidate_pairs(ex, cues()["max_candidates"])}


@pytest.mark.parametrize("name,n_pairs,n_scored", CORPUS_CASES, ids=[c[0][:3] for c in CORPUS_CASES])
def test_scored_pairs_are_the_pairs_the_linker_scores(name, n_pairs, n_scored):
    path = ROOT / "corpora" / name
    if not path.exists():
        pytest.skip(f"{name} not in corpora/")
    ex, pairs = _pairs(path)
    got = learn.scored_pairs(pairs, ex.thread)
    assert (len(pairs), len(got)) == (n_pairs, n_scored)
    assert got == _linked(ex)


def test_scored_pairs_in_a_flat_thread_with_many_candidates(tmp_path):
    """Four earlier comments in the window of the last one: each claim of it has more than max_candidates
    candidates, of which the linker scores the strongest."""
    path = _github(tmp_path, "window", [
        OPENING,
        ("carol", "Blocking a compromised key needs a shared database of keys that CAs do not have today."),
        ("dave", "The CCADB could host such a database of compromised keys for all CAs."),
        ("erin", "Revocation within 24 hours is already hard for many CAs under BR 4.9.1.1."),
        ("bob", "I agree that CAs should block compromised keys, and the CCADB database of keys would help them."),
    ])
    ex, pairs = _pairs(path)
    got = learn.scored_pairs(pairs, ex.thread)
    assert got == _linked(ex)
    per_source: dict[str, int] = {}
    for s, _ in got:
        per_source[s] = per_source.get(s, 0) + 1
    assert len(got) < len(pairs)
    assert max(per_source.values()) == cues()["max_candidates"]


def _ex(target: str, label: str, scored: bool = True) -> learn.Example:
    hits = (("s", target),) if label not in ("none", learn.UNJUDGED) else ()
    return learn.Example("s:c1", target, {}, label, "supports", hits, None, scored)


# (variant, [(label, scored, probability)] of one source claim's pairs, max_targets, expected counts)
SCORED_CASES = [
    ("unscored top pair takes no place", [("none", False, 0.9), ("supports", True, 0.8)], 1, (1, 1, 1, 1)),
    ("as before when all are scored", [("none", True, 0.9), ("supports", True, 0.8)], 1, (0, 1, 0, 1)),
    ("an unscored relation is never found", [("supports", False, 0.9), ("none", True, 0.8)], 2, (0, 1, 0, 1)),
    ("unscored unjudged pair takes no place", [(learn.UNJUDGED, False, 0.9), ("none", True, 0.7),
                                               ("supports", True, 0.6)], 2, (1, 2, 1, 1)),
]


@pytest.mark.parametrize("variant,pairs,n,expected", SCORED_CASES, ids=[c[0] for c in SCORED_CASES])
def test_relation_counts_chooses_among_scored_pairs(variant, pairs, n, expected):
    fe = learn.FileExamples("f.json", 1, [_ex(f"t:c{i}", lab, sc) for i, (lab, sc, _) in enumerate(pairs)])
    assert learn.relation_counts([fe], [[p for _, _, p in pairs]], 0.5, n) == expected
