"""The citation tagger's steps added in session 13 read hostile text a bounded number of times (issue 14,
review13a): counted, never timed (benchmarks/bench_citation_forms.py times them).

- ``_smime_br``: one sentence holding thousands of "BR 7.1.2.3" citations is searched for an S/MIME certificate
  type once, not once per citation (was: the sentence per citation, quadratic in a long line);
- ``_one_section_per_link`` / ``_one_rfc_per_link`` (``_by_link``): the citations are read a bounded number of times,
  not once per Markdown link;
- the RFCs of earlier messages of a thread given to each message: those of its own bare numbers, not every RFC the
  thread cited before it.
"""
from __future__ import annotations

import copy

import pytest

from counting import CountingList
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



LINK = "Section [3.2.4.1 (3)](https://github.com/cabforum/smime/blob/main/SBR.md#3241-a) "


@pytest.mark.parametrize("links,same_section", [(400, True), (400, False), (1, True)])
def test_one_section_per_link_reads_the_citations_a_bounded_number_of_times(links, same_section):
    """``_one_section_per_link`` (and ``_one_rfc_per_link``, through ``_by_link``) reads the citations a bounded
    number of times, not once per Markdown link (was: 400 links x the citations), and drops each anchor that names
    its link's item's section (exact)."""
    text = LINK * links
    cites = []
    for k in range(links):
        lo = k * len(LINK)
        cites.append(cit.CitationMatch(lo, lo + 20, "numbered_item", "3.2.4.1", 3, None, "context"))
        url = lo + LINK.index("https")
        cites.append(cit.CitationMatch(url, lo + len(LINK) - 2, "url_anchor", "3.2.4.1" if same_section else "3.2.4.2",
                                       None, "SMIME-BR", "explicit"))
    counted = CountingList(cites)
    CountingList.reads = 0
    out = cit._one_section_per_link(counted, text, cit.get_table(), cit.fold(text))
    assert CountingList.reads <= 4 * len(cites)
    assert [c.rule for c in out] == ["numbered_item", "url_anchor"][:1 if same_section else 2] * links


def test_thread_rfcs_passed_per_message_are_bounded_by_its_own_numbers(monkeypatch):
    """The RFCs of earlier messages handed to ``find_citations`` for a message are those written bare in it, not
    every RFC the thread cited before it (was: message i got the i RFCs before it, quadratic in a long thread, each
    a new set and a longer cache key); the result is the same (tests/test_cite13g_forms.py THREADS)."""
    from test_cite10_forms import _thread_citations

    handed: list[frozenset[str]] = []
    real = cit.find_citations

    def recording(*args, **kwargs):
        handed.append(kwargs.get("thread_rfcs", frozenset()))
        return real(*args, **kwargs)

    monkeypatch.setattr(cit, "find_citations", recording)
    texts = [f"RFC {1000 + i} applies." for i in range(20)] + ["So 1003 and 1015 both presuppose it."]
    found = _thread_citations(texts, "GitHub letsencrypt/boulder")
    assert {(m, s) for m, d, s, _ in found if m == "m20"} == {("m20", "1003"), ("m20", "1015")}
    assert sum(map(len, handed)) == 2 and frozenset({"1003", "1015"}) in handed


@pytest.mark.parametrize("unit,row", [
    ("proposed changes to the MRSP. Section 2.1 ", "amended_document_before"),  # the policy a text changes (cite13s)
    ("Change \u201cEVG\u201d to \u201cy\u201d. Section 1.1 ", "edited_term_before"),  # a quoted term being edited
])
def test_cite13s_lookbacks_read_a_bounded_window(unit, row):
    """The look-backs of cite13s (the policy a text says it changes, before each document named; the edit verb,
    before each quoted phrase) read a bounded window before each match, not the text before it (review13d): on a
    line of thousands of them, at most 100 characters per match."""
    text = unit * 2000
    table = copy.copy(cit.get_table())
    counting = _CountingPattern(getattr(table, row))
    setattr(table, row, counting)
    found = cit.find_citations(text, table=table)
    assert len(found) >= 2000
    assert 0 < counting.chars <= 100 * 2 * 2000
