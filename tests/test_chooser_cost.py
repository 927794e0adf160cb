"""Review16a: the document chooser's session-16 signals (``smime_words``, ``subject_copy``) read a text once, not once
per bare number. Before: every number read from the message at large searched the whole text for S/MIME words and
scanned every document named in it (a 280 kB message of 6,000 bare numbers naming both BRs: 238 s of CPU, 0.8 s at
494b455), and every number re-matched its sentence's opening. Work is counted (characters a pattern is asked to read,
Python lines run), never timed; the citations are the exact ones of the text."""
from __future__ import annotations

import pytest

from counting import lines_run
from threadkb.extract import citations
from threadkb.extract.citations import CitationTable, find_citations


class _Counted:
    """A compiled pattern with the characters its searches are asked to read and the positions its matches start at
    counted."""

    def __init__(self, pattern):
        self.pattern, self.read, self.starts = pattern, 0, []

    def search(self, text, pos=0, endpos=None):
        self.read += (len(text) if endpos is None else endpos) - pos
        return self.pattern.search(text, pos) if endpos is None else self.pattern.search(text, pos, endpos)

    def match(self, text, pos=0, endpos=None):
        self.starts.append(pos)
        return self.pattern.match(text, pos) if endpos is None else self.pattern.match(text, pos, endpos)


def _table(signal: str) -> tuple[CitationTable, _Counted]:
    table = CitationTable()
    counted = _Counted(table.chooser[signal])
    table.chooser = {**table.chooser, signal: counted}
    return table, counted


def _far(n: int) -> str:
    """A message naming the S/MIME BRs once and the TLS BRs most, then ``n`` paragraphs each holding one bare number
    (read from the message at large: the BR's), each followed by a paragraph naming the BRs again; no S/MIME word."""
    return ("The S/MIME BRs and the BRs apply, the BRs more.\n\n"
            + "".join(f"Para {i}: see section 4.9.1 about this case.\n\nThe BRs say so.\n\n" for i in range(n)))


@pytest.mark.parametrize("n", [50, 200])
def test_smime_words_read_once_per_text(n):
    text = _far(n)
    table, counted = _table("smime_words")
    found = [(c.document, c.section, c.doc_source) for c in find_citations(text, table=table)]
    assert found == [("BR", "4.9.1", "message")] * n
    assert counted.read <= len(text)  # before: n x len(text)


def _late_smime(n: int) -> str:
    """As ``_far``, the S/MIME BRs named last: whether the text names them is read past every BR named."""
    return "".join(f"Para {i}: see section 4.9.1 about this case.\n\nThe BRs say so.\n\n" for i in range(n)) \
        + "The S/MIME BRs too."


def _subjects(n: int) -> str:
    """``n`` sentences each opened by a CA's CPS and holding one bare number, each followed by one naming the BRs."""
    return "".join(f"The CPS of the CA says that section 4.9.{i % 9 + 1} holds. The BRs say so.\n" for i in range(n))


@pytest.mark.parametrize("text, document", [(_late_smime, "BR"), (_subjects, "CPS")])
def test_documents_named_looked_up_not_scanned(text, document):
    """The chooser's tests whether the text names the S/MIME BR (``smime_words``) and that no document is named
    between a sentence's CP/CPS and the number (``subject_copy``) look the named documents up: four times the text,
    at most ~four times the lines run (before: numbers x documents named)."""
    citations.find_citations("x")  # tables loaded outside the count
    found, small = lines_run(citations.__file__, lambda: [c.document for c in find_citations(text(100))])
    assert found == [document] * 100
    _, large = lines_run(citations.__file__, lambda: find_citations(text(400)))
    assert large <= 4.4 * small


@pytest.mark.parametrize("n", [20, 80])
def test_subject_copy_matched_once_per_sentence(n):
    """One sentence opened by a CA's CPS and holding ``n`` bare numbers (no list: each is read on its own): its
    opening is matched once, and every number is the CPS's (subject_copy)."""
    text = "The CPS of the CA says " + ", while ".join(f"section 4.9.{i % 9 + 1} holds" for i in range(n)) + ".\n"
    table, counted = _table("subject_copy")
    found = find_citations(text, table=table)
    assert [(c.document, c.doc_source) for c in found] == [("CPS", "subject_copy")] * n
    assert len(counted.starts) == 1
