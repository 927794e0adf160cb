"""Training and cross-validation on small gold folders (a reviewer's own few files, a learning curve's smallest
subset): ``learn.fit_relations`` with files that no inner fold can score, ``learn.cross_validate`` with fewer than
two folds, and ``threadkb eval --cv`` on them — a model or a one-line error, never a traceback (session 17: a fold
whose inner training set was empty left its file unscored and ``relation_counts`` failed on ``zip``)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from threadkb import evaluate, learn

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold"
THREADKB = str(Path(sys.executable).with_name("threadkb"))
ONE = "002_mdsp-mailarchive-entrust-report-critique-star-quotes.json"
TWO = "004_mdsp-googlegroups-camerfirma-compliance-summary.json"

pytestmark = pytest.mark.skipif(not (GOLD / ONE).is_file(), reason="needs ../shared/gold")


def _folder(tmp_path: Path, names: list[str]) -> Path:
    """A gold folder of ``names`` beside a ``corpora`` link, as the gold's relative sources expect."""
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpora").symlink_to(SHARED / "corpora")
    for n in names:
        shutil.copy(GOLD / n, tmp_path / "gold" / n)
    return tmp_path / "gold"


# (gold files, inner folds k, expected max_targets, expected inner_cv_f1 is 0.0)
FIT_CASES = [
    ("one file: no inner fold has training files", [ONE], 5, 1, True),
    ("two files, k=1: the one fold holds both", [ONE, TWO], 1, 1, True),
]


@pytest.mark.parametrize(("case", "names", "k", "targets", "zero"), FIT_CASES, ids=[c[0] for c in FIT_CASES])
def test_fit_relations_with_unscorable_files(tmp_path: Path, case: str, names: list[str], k: int, targets: int,
                                             zero: bool) -> None:
    paths, errors = evaluate.gold_files([str(_folder(tmp_path, names))])
    assert errors == [] and len(paths) == len(names)
    models = {"claims": learn.train_claims(paths, 0, {})}
    examples = learn.relation_examples(paths, models)
    assert sum(len(f.examples) for f in examples) > 0
    model = learn.fit_relations(examples, 0, inner_k=k)
    assert model["max_targets"] == targets
    assert (model["inner_cv_f1"] == 0.0) is zero
    assert model["positives"] > 0 and len(model["coef"]) == len(model["features"]) > 0


# (gold files, grouping, expected message)
CV_ERRORS = [
    ([ONE], "file", "cross-validation needs gold files in two folds or more; 1 gold file(s) make 1 fold(s) by file"),
    ([ONE, TWO], "source",
     "cross-validation needs gold files in two folds or more; 2 gold file(s) make 1 fold(s) by source"),
]


@pytest.mark.parametrize(("names", "by", "message"), CV_ERRORS, ids=["one-file", "one-source-kind"])
def test_cross_validate_needs_two_folds(tmp_path: Path, names: list[str], by: str, message: str) -> None:
    folder = _folder(tmp_path, names)
    with pytest.raises(ValueError) as err:
        learn.cross_validate([str(folder)], 5, 0, by=by)
    assert str(err.value) == message


def test_eval_cv_on_small_folders(tmp_path: Path) -> None:
    """The CLI: one file gives the one-line error (exit 2, no traceback); two files give scores."""
    folder = _folder(tmp_path, [ONE])
    one = subprocess.run([THREADKB, "eval", str(folder), "--cv", "2"], capture_output=True,
                         text=True, cwd=ROOT)
    assert one.returncode == 2 and "Traceback" not in one.stderr
    assert one.stderr.strip().splitlines() == [
        "threadkb: error: ValueError: cross-validation needs gold files in two folds or more; 1 gold file(s) make "
        "1 fold(s) by file"]
    shutil.copy(GOLD / TWO, folder / TWO)
    two = subprocess.run([THREADKB, "eval", str(folder), "--cv", "2", "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert two.returncode == 0, two.stderr
    assert "Traceback" not in two.stderr
    assert '"relations"' in two.stdout
