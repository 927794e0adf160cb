"""Defects the type checker found (issue 17, checks in CI): each fixed, each guarded here."""
from __future__ import annotations

from threadkb import learn
from threadkb.evaluate import Counts, MessageCounts


def test_claims_cross_validation_without_any_scored_claims_reports_none(tmp_path):
    # no held-out file yields claim counts (here: the gold files cannot be read): the totals are None/0,
    # not an AttributeError on a missing total
    paths = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    out = learn.claims_cross_validate(paths, k=2, seed=0, baseline=True)
    assert (out["recall"], out["kind_accuracy"], out["per_100_words"], out["gold"], out["matched"]) == \
        (None, None, None, 0, 0)
    assert [f["recall"] for f in out["folds"]] == [None, None]


def test_message_counts_plus_plain_counts_adds_no_field_checks():
    m = MessageCounts(2, 3, 2, 4, author_correct=1, date_correct=2, parent_correct=1)
    total = m + Counts(1, 1, 1, 1)
    assert total == MessageCounts(3, 4, 3, 5, author_correct=1, date_correct=2, parent_correct=1)
    assert m + m == MessageCounts(4, 6, 4, 8, author_correct=2, date_correct=4, parent_correct=2)
