"""Claims of copies of one message cut differently: the same rows whatever order the copies come in, and
storing a copy again adds nothing (h-review's cut-copy merge with h-mbox's order-free copy choice)."""
from __future__ import annotations

import pytest

from test_kb_identity import claim, msg, thread, words
from threadkb.kb import KnowledgeBase

PARTS = [("Delayed revocation incidents must be reported per version 2.1 of the incident reporting guidelines",
          "Repeated delayed revocation incidents will result in heightened scrutiny or sanctions"),
         ("The audit report was delivered late because the auditor changed its letter template twice",
          "we will publish the corrected report within seven days of this message")]


def _copies(first: str, second: str):
    whole = f"{first} - {second}."
    a = msg("a", "Ben Wilson", whole + "\n" + words(10, "tail"))
    b = msg("b", "Ben Wilson", whole + "\n" + words(10, "tail"))
    one = thread("one.txt", a, claims=[claim("a:c1", a, whole)])
    two = thread("two.txt", b, claims=[claim("b:c1", b, first), claim("b:c2", b, second)])
    return one, two


@pytest.mark.parametrize("first,second", PARTS)
def test_a_sentence_one_copy_cut_in_two_is_one_claim_in_either_order(tmp_path, first, second):
    one, two = _copies(first, second)
    rows = []
    for name, order in (("12", (one, two)), ("21", (two, one))):
        with KnowledgeBase(tmp_path / f"{name}.sqlite") as kb:
            for ex in order:
                kb.add(ex, ex.thread.source)
            assert kb.counts()["messages"] == 1
            rows.append(sorted(r.text for r in kb.claims()))
    assert rows[0] == rows[1] and len(rows[0]) == 1


@pytest.mark.parametrize("first,second", PARTS)
def test_storing_the_copies_again_adds_no_claim(tmp_path, first, second):
    one, two = _copies(first, second)
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        for ex in (two, one):
            kb.add(ex, ex.thread.source)
        counts = kb.counts()
        for ex in (two, one):
            kb.add(ex, ex.thread.source)
        assert kb.counts() == counts
