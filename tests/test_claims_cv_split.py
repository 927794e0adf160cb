"""The folds of ``threadkb eval --cv`` grouped by source kind (``--cv-by source``), and the per-kind figures
of the claim scorer's cross-validation."""
from pathlib import Path

import pytest

from threadkb import learn
from threadkb.cli import build_parser

NAMES = ["101_github-mozilla-pkipolicy-116-domain-validation-methods.json",
         "047_github-issue-mozilla-pkipolicy-276-delayed-revocation.json",
         "049_github-pr-cabforum-servercert-405-revocation-reasons-review.json",
         "024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.json",
         "013_mdsp-mailarchive-mrsp3-delayed-revocation-wilson.json",
         "046_letsencrypt-community-caa-rechecking-bug-2020-forum.json",
         "mdsp-2025-10-sheca-api-keys.json",
         "gold/200_github-new-repo-issue.json",
         "300_mail-mentions-github-later.json"]


@pytest.mark.parametrize("name, kind", [
    (NAMES[0], "github"), (NAMES[1], "github"), (NAMES[2], "github"), (NAMES[3], "mail"), (NAMES[4], "mail"),
    (NAMES[5], "mail"), (NAMES[6], "mail"), (NAMES[7], "github"), (NAMES[8], "mail")])
def test_source_kind(name, kind):
    assert learn.source_kind(name) == kind


def test_folds_by_source_one_fold_per_kind():
    paths = [Path(n) for n in NAMES]
    got = learn.folds_by(paths, "source", 5, 0)
    assert [[p.name for p in f] for f in got] == [
        sorted(Path(n).name for n in NAMES if learn.source_kind(n) == "github"),
        sorted(Path(n).name for n in NAMES if learn.source_kind(n) == "mail")]
    assert learn.folds_by([Path(NAMES[3])], "source", 5, 0) == [[Path(NAMES[3])]]  # no empty fold


def test_folds_by_file_is_random_folds():
    paths = [Path(n) for n in NAMES]
    assert learn.folds_by(paths, "file", 3, 1) == learn.folds(paths, 3, 1)
    with pytest.raises(ValueError):
        learn.folds_by(paths, "speaker", 3, 1)


def test_eval_cli_accepts_cv_by():
    args = build_parser().parse_args(["eval", "g.json", "--cv-by", "source"])
    assert args.cv_by == "source"
    assert build_parser().parse_args(["eval", "g.json", "--cv", "5"]).cv_by == "file"


class _Score:
    def __init__(self, file, missed=(), wrong=()):
        self.file = file
        self.details = {"claims": {"missed": [{"gold": g} for g in missed],
                                   "wrong": [{"gold": g, "kind": k} for g, k in wrong]}}


def test_by_kind_counts(tmp_path):
    gold = tmp_path / "g.json"
    gold.write_text('{"format": "threadkb-gold/1", "source": "x.txt", "messages": [{"key": "m1", "contains": ["x"]}], "claims": ['
                    '{"id": "A", "message": "m1", "kind": "request", "text": "a"},'
                    '{"id": "B", "message": "m1", "kind": "request", "text": "b"},'
                    '{"id": "C", "message": "m1", "kind": "request", "text": "c"},'
                    '{"id": "D", "message": "m1", "kind": "assertion", "text": "d"}]}', encoding="utf-8")
    # A missed; B taken for an assertion; C right; D right kind, wrong speaker only
    got = learn.claims_by_kind([_Score(str(gold), ["A"], [("B", ["request", "assertion"]),
                                                             ("D", ["assertion", "assertion"])])])
    assert got == {"assertion": {"gold": 1, "matched": 1, "kind_correct": 1, "taken_for": {}, "recall": 1.0,
                                 "kind_accuracy": 1.0},
                   "request": {"gold": 3, "matched": 2, "kind_correct": 1, "taken_for": {"assertion": 1},
                               "recall": 0.6667, "kind_accuracy": 0.5}}
