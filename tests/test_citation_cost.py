"""The citation tagger's steps added in session 13 read hostile text a bounded number of times (issue 14,
review13a): counted, never timed (benchmarks/bench_citation_forms.py times them).

- ``_smime_br``: one sentence holding thousands of "BR 7.1.2.3" citations is searched for an S/MIME certificate
  type once, not once per citation (was: the sentence per citation, quadratic in a long line).
"""
from __future__ import annotations

import copy

import pytest

from threadkb.extract import citations as cit


class _CountingPattern:
    """A compiled pattern whose searches count the characters they were given."""

    def __init__(self, pattern) -> None:
        self.pattern, self.chars = pattern, 0

    def search(self, text, pos=0, endpos=None):
        self.chars += (len(text) if endpos is None else endpos) - pos
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)


@pytest.mark.parametrize("text", [
    "BR 7.1.2.3 " * 2000,  # one sentence, no type
    "BR 7.1.2.3 " * 2000 + "mailbox-validated",  # one sentence, the type at its end
    ("BR 7.1.2.3 " * 200 + ". ") * 10,  # ten sentences
])
def test_smime_br_reads_each_sentence_once(text):
    table = copy.copy(cit.get_table())
    table.smime_type_words = counting = _CountingPattern(table.smime_type_words)
    found = cit.find_citations(text, table=table)
    assert len(found) >= 2000
    assert counting.chars <= len(text)
