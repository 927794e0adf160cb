"""Review of session 14's citation rules (review14b): false positives the new rules made on ordinary text, and
the cost of one on long input. Each class: constructed near misses (exact citations of a thread in the list
named) next to the forms the rules were made for, which must stay as they were.

- an issue list's two-level lines ("9.4 - Should the …", row ``dash_list_section``) are kept only where another
  line of the text has three levels (``section_list_line``): that is asked once per text, not once per line (a text
  of n such lines searched whole n times is quadratic: 50,000 characters of "1.1 - A" lines took 18 s).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations
from threadkb.extract import citations as cit

PU = "public@lists.cabforum.org"
BZ = "Bugzilla CA Program :: CA Certificate Compliance"
MDL = "dev-security-policy@lists.mozilla.org"
CS = "cscwg-public@lists.cabforum.org"


class _Counting:
    """A compiled pattern's stand-in that counts its searches."""

    def __init__(self, rx):
        self.rx, self.searches = rx, 0

    def search(self, *args):
        self.searches += 1
        return self.rx.search(*args)


@pytest.mark.parametrize("lines", [
    "1.1 - A\n" * 200,  # no three-level line: every line dropped
    "9.4 - Should the period be 39 months?\n" * 100 + "9.2.4 - Should we address givenName?\n",
])
def test_issue_list_three_levels_asked_once_per_text(monkeypatch, lines):
    table = cit.get_table()
    counting = _Counting(table.section_list_line)
    monkeypatch.setattr(table, "section_list_line", counting)
    cit.find_citations(lines, table=table)
    assert counting.searches <= 1


@pytest.mark.parametrize("texts, list_name, subject, expected", [
    # the issue list the row was made for (cscwg-public 2020-04, trimmed): two-level lines kept next to a three-level
    (["Issues:\n9.4 - Should the Signing Service Certificate maximum validity period be 39 months?\n\nParking Lot "
      "Items:\n9.2.4 - Should we address including givenName?\n11.2 - Should it be addressed?"], CS,
     "[Cscwg-public] Code Signing Guidelines update v3",
     {("m0", "CSBR", "9.4", None), ("m0", "CSBR", "9.2.4", None), ("m0", "CSBR", "11.2", None)}),
    # no three-level line: the two-level lines are no issue list of a document
    (["Agenda:\n9.4 - Should the period be 39 months?\n11.2 - Should it be addressed?"], CS,
     "[Cscwg-public] Code Signing Guidelines update v3", set()),
])
def test_issue_list_lines(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected
