"""The learning curve (``scripts/learning_curve.py``): each fold of ``threadkb eval --cv`` trained on a random
subset of its training files. The subset is whole files, of the asked size, fixed by (seed, fold, fraction,
repeat); ``threadkb.learn.cross_validate`` hands its ``subset`` hook each fold's training files; the fitted curves
read back the figures they were made from."""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

from threadkb import evaluate, learn

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
_spec = importlib.util.spec_from_file_location("learning_curve", ROOT / "scripts" / "learning_curve.py")
assert _spec is not None and _spec.loader is not None
learning_curve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(learning_curve)


def _train(by: str, seed: int, fold: int) -> list[Path]:
    paths, _ = evaluate.gold_files([str(GOLD)])
    test = learn.folds_by(paths, by, 5, seed)[fold]
    return [p for p in paths if p not in test]


# (folds, seed, fold, fraction, training files, subset size): real folds of the gold
SIZES = [
    ("file", 0, 0, 0.25, 68, 17), ("file", 0, 0, 0.5, 68, 34), ("file", 0, 0, 0.75, 68, 51),
    ("file", 0, 1, 0.75, 69, 52), ("file", 3, 4, 0.25, 69, 17), ("file", 1, 2, 1.0, 69, 69),
    ("source", 0, 0, 0.25, 53, 13), ("source", 0, 1, 0.5, 33, 16), ("source", 2, 1, 0.75, 33, 25),
]


@pytest.mark.parametrize(("by", "seed", "fold", "fraction", "files", "size"), SIZES,
                         ids=[f"{s[0]}-s{s[1]}-f{s[2]}-{s[3]}" for s in SIZES])
def test_subset_size_and_files(by: str, seed: int, fold: int, fraction: float, files: int, size: int) -> None:
    train = _train(by, seed, fold)
    assert len(train) == files
    for repeat in (0, 1):
        got = learning_curve.subset(train, fraction, seed, fold, repeat)
        assert len(got) == size
        assert len(set(got)) == size  # whole files, each once
        assert set(got) <= set(train)
        assert got == [p for p in train if p in set(got)]  # in the order of the training files


def test_subset_is_fixed_by_its_seed() -> None:
    train = _train("file", 0, 0)
    first = learning_curve.subset(train, 0.25, 0, 0, 0)
    assert [p.name[:3] for p in first] == ["002", "004", "013", "015", "021", "025", "038", "055", "056", "076",
                                           "109", "131", "147", "150", "161", "166", "mds"]
    assert learning_curve.subset(list(reversed(train)), 0.25, 0, 0, 0) == list(reversed(first))
    others = [learning_curve.subset(train, 0.25, *key) for key in ((0, 0, 1), (0, 1, 0), (1, 0, 0))]
    assert all(o != first for o in others)  # another repeat, fold or seed draws other files
    assert learning_curve.subset(train, 1.0, 0, 0, 0) == train


class _Stop(Exception):
    pass


def test_cross_validate_hands_each_fold_its_training_files() -> None:
    seen: list[tuple[int, list[Path]]] = []

    def pick(fold: int, train: list[Path]) -> list[Path]:
        seen.append((fold, train))
        raise _Stop  # the hook's arguments are what is tested: no training

    with pytest.raises(_Stop):
        learn.cross_validate([str(GOLD)], 5, 1, "file", subset=pick)
    assert seen == [(0, _train("file", 1, 0))]


def test_fits_read_back_their_curve() -> None:
    ns = [30.0, 60.0, 90.0, 120.0]
    log = learning_curve.fit_log(ns, [0.3 + 0.05 * math.log(n) for n in ns], 0.6)
    assert log["a"] == pytest.approx(0.3) and log["b"] == pytest.approx(0.05)
    assert log["n_for_target"] == pytest.approx(math.exp(6))
    assert log["b_se"] == pytest.approx(0.0, abs=1e-9)  # the points lie on the line
    wobble = (0.01, -0.01, -0.01, 0.01)
    noisy = learning_curve.fit_log(ns, [0.3 + 0.05 * math.log(n) + d for n, d in zip(ns, wobble, strict=True)], 0.6)
    assert noisy["b_se"] > 0
    assert noisy["n_for_target_slope_plus_se"] < noisy["n_for_target"] < noisy["n_for_target_slope_minus_se"]
    power = learning_curve.fit_power(ns, [0.7 - 2.0 * n ** -0.5 for n in ns], 0.6)
    assert power["converged"]
    assert power["a"] == pytest.approx(0.7, abs=1e-4) and power["c"] == pytest.approx(0.5, abs=1e-3)
    assert power["n_for_target"] == pytest.approx(400, rel=1e-2)
    assert not power["at_bound"]
    assert learning_curve.fit_log(ns, [0.5 - 0.01 * math.log(n) for n in ns], 0.6)["n_for_target"] is None
