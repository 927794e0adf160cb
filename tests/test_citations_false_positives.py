"""Review of session 14's citation rules (review14b): false positives the new rules made on ordinary text, and
the cost of one on long input. Each class: constructed near misses (exact citations of a thread in the list
named) next to the forms the rules were made for, which must stay as they were.

- an issue list's two-level lines ("9.4 - Should the …", row ``dash_list_section``) are kept only where another
  line of the text has three levels (``section_list_line``): that is asked once per text, not once per line (a text
  of n such lines searched whole n times is quadratic: 50,000 characters of "1.1 - A" lines took 18 s);
- a number in parentheses closing a sentence or a list line ("… added to the scope. (1.1)", "- Key sizes (6.1.1)",
  row ``closing_parenthesis_number``) is a section of the policy the text says it changes (a summary of a policy's
  changes), no other document's: an incident report's template lines ("2. Timeline (1.2)", "- Impact (2.1)") and a
  product's release ("Firefox shipped the change. (4.9)") in a message that names the BRs are no BR citations (two
  levels; one of three or more, "(4.9.1.1)", is a section by its shape, as bare_section read it before the row). A
  heading "Changes in/to <policy>" opening a line says the text changes that policy (``amended_document_before``);
- "an item 5", "a new item 7" (row ``article_item``) is an item of the section cited before it in its own sentence
  ("… item 5.1 in Section 2.1 of MRSP and just have an item 5"), not of a section cited in another sentence or after
  it, nor of the thread's first (an agenda's "a new item 7"); "subsection 2" still walks back as before;
- words after a number about the versions before or after it ("BR 1.4.2, not any earlier or later version",
  ``version_range_after``) make it a version only where its document has such a version: "BR 4.9.1.1 and later
  versions of the text" is the section (no BR version has four levels);
- "Section 6.0" is section 6 (``zero_level_section``) only where its document is named with it, in its sentence or
  before it on its line ("Mozilla Root Store Requirements – Section 6.0 Revocation"): a report's own outline
  ("Section 1.0 Introduction") in a message that names the BRs elsewhere is no citation (it was none before the rule);
- "Appendix B 2.F" names the appendix's point 2.F, but "Appendix A 3.x" no point (``section_placeholder_after``, as
  "3.2.2.4.x" names no section);
- "Table 1.2.2 in the TLS BRs" is the section that holds the table (row ``table_section``), but "Table 6.1.1 below"
  or "Table 4.9.1 above" is the text's own table (``self_reference_after``, read for tables of any levels).
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


_MARKHAM_LIKE = ("I've made the last change I intend to make for version 2.5 of\nMozilla's Root Store Policy.\n\n"
                 "1) Certificates with anyEKU have been added to the scope. (1.1)\n\n2) CAs are required to follow "
                 "industry best practice. (2.1)")


@pytest.mark.parametrize("texts, list_name, subject, expected", [
    # the forms the row was made for: a summary of a policy's changes
    ([_MARKHAM_LIKE], PU, None, {("m0", "MRSP", "1.1", None), ("m0", "MRSP", "2.1", None)}),
    (["Changes in the Mozilla Root Store Policy:\n- Key sizes (6.1.1)\n- Removed the exception (5.3)."], MDL, None,
     {("m0", "MRSP", "6.1.1", None), ("m0", "MRSP", "5.3", None)}),
    (["Changes to the CCADB Policy\n\n- Audit statements must list incidents. (5.2)"], MDL, None,  # a heading
     {("m0", "CCADB", "5.2", None)}),
    # the changed policy said in a sentence
    (["These are the proposed changes to the BRs.\n- Shorter reuse periods (4.2.1)"], MDL, None,
     {("m0", "BR", "4.2.1", None)}),
    # near misses: an incident report's template numbering, a summary's own list, a product's release
    (["Incident report for the BR 4.9.1.1 delay.\n\n1. How we first became aware of the problem. (1.1)\n"
      "2. Timeline (1.2)\n3. Whether the CA has stopped (1.3)\n"], BZ, "Delayed revocation",
     {("m0", "BR", "4.9.1.1", None)}),
    (["We violated BR 4.9.1.1.\n\n- Summary (1.1)\n- Impact (2.1)\n- Timeline (3.1)\n- Root cause analysis (4.2)\n"],
     BZ, None, {("m0", "BR", "4.9.1.1", None)}),
    (["Per the Baseline Requirements we revoked.\n- Number of certs affected (1.2)\n- Timeline for revocation (4.5)\n"],
     MDL, None, set()),
    (["The BRs require this. Firefox shipped the change. (4.9)\n"], MDL, None, set()),
    (["Changes in our system since the BR 4.9.1.1 incident:\n- New alerting (1.2)\n- More staff (5.3)"], BZ, None,
     {("m0", "BR", "4.9.1.1", None)}),
])
def test_closing_parenthesis_numbers_of_a_changed_policy(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected


@pytest.mark.parametrize("text, expected", [
    ("The changes to version 2.5 of the MRSP: added to the scope. (1.1)\n", [("MRSP", "1.1")]),
    ("added to the scope. (1.1)\n", []),  # no policy the text changes: the thread does not decide it either
    ("Fixed the OCSP responder. (4.9)\n", []),
    # three levels or more: a section by its shape, whatever the text changes (as bare_section read it before the row)
    ("Per the BRs we fixed it. (4.9.1.1)\n", [("BR", "4.9.1.1")]),
    ("The BRs require this. Deployed the patched build. (3.2.1)\n", [("BR", "3.2.1")]),
])
def test_closing_parenthesis_number_in_one_text(text, expected):
    assert [(c.document, c.section) for c in cit.find_citations(text)] == expected


PK = "GitHub mozilla/pkipolicy"


@pytest.mark.parametrize("texts, list_name, subject, expected", [
    # the form the row was made for (mozilla/pkipolicy#261, trimmed) and variants in one sentence
    (["We can probably remove the effective date from item 5.1 in Section 2.1 of MRSP and just have an item 5 that "
      "reads something like, \n\"5. verify each dNSName\""], PK, "Merge 5 and 5.1 in Section 2.1",
     {("m0", "MRSP", "2.1", "5.1"), ("m0", "MRSP", "2.1", 5)}),
    (["Section 4.9.1.1 of the BRs should get a new item 17 for this."], MDL, None,
     {("m0", "BR", "4.9.1.1", None), ("m0", "BR", "4.9.1.1", 17)}),
    # near misses: the section in another sentence, after it, or only in the thread
    (["We approved a new item 7 for the meeting. The BRs section 4.9.1.1 apply."], PU, None,
     {("m0", "BR", "4.9.1.1", None)}),
    (["Section 4.9.1.1 of the BRs applies. We added an item 3 to the agenda."], PU, None,
     {("m0", "BR", "4.9.1.1", None)}),
    (["BR 4.9.1.1 is late.", "Thanks. As an item 2 for the next call: the timeline."], BZ, None,
     {("m0", "BR", "4.9.1.1", None)}),
    # "subsection N" walks back as before: the section its message cited last, else the thread's first
    (["BR 4.9.1.1 is late.", "Thanks. subsection 2 is about it."], BZ, None,
     {("m0", "BR", "4.9.1.1", None), ("m1", "BR", "4.9.1.1", 2)}),
])
def test_article_item_of_its_sentence_section(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected


@pytest.mark.parametrize("text, expected", [
    # the forms the words were read for: a version of the BR
    ("BR 1.4.2, not any earlier or later version", []),
    ("BR 1.6.1 and later versions apply", []),
    # a section no document has as a version stays a section
    ("BR 4.9.1.1 and later versions of the text apply", [("BR", "4.9.1.1")]),
    ("see BR 4.9.1.1 and earlier versions of 4.9.1.2", [("BR", "4.9.1.1"), ("BR", "4.9.1.2")]),
    ("Section 7.1.2.3 of the BRs, and later versions of it, say so", [("BR", "7.1.2.3")]),
])
def test_version_range_words_after_a_section(text, expected):
    assert [(c.document, c.section) for c in cit.find_citations(text)] == expected


@pytest.mark.parametrize("texts, list_name, expected", [
    # the forms the rule was made for: the document named with the number, in its sentence, or on its line
    (["See Section 4.0 of the BRs."], BZ, {("m0", "BR", "4", None)}),
    (["In the BRs, Section 4.0 covers it."], BZ, {("m0", "BR", "4", None)}),
    (["Relevant policies:\n\n- Mozilla Root Store Requirements \u2013 Section 6.0 Revocation\n"], BZ,
     {("m0", "MRSP", "6", None)}),
    # near misses: a report's own outline; a product's sections; the document named only in another sentence
    (["Per the BRs we report.\n\nSection 1.0 Introduction\nSection 2.0 Scope"], BZ, set()),
    (["We use version 6.0 of our software. Section 6.0 of it is fine. The BRs apply."], BZ, set()),
    (["The BRs apply.", "Section 4.0 of our report has the timeline."], BZ, set()),
])
def test_zero_level_section_named_close(texts, list_name, expected):
    assert _thread_citations(texts, list_name, None) == expected


@pytest.mark.parametrize("text, expected", [
    ("See Appendix B 3.F of the CSBR.", [("CSBR", "Appendix B", "3.F")]),
    ("See Appendix B 3.x of the CSBR.", [("CSBR", "Appendix B", None)]),
    ("see Appendix A 2.X of the BRs", [("BR", "Appendix A", None)]),
])
def test_appendix_point_placeholder(text, expected):
    assert [(c.document, c.section, c.item) for c in cit.find_citations(text)] == expected


@pytest.mark.parametrize("texts, list_name, expected", [
    (["Table 1.2.2 in the TLS BRs says so."], BZ, {("m0", "BR", "1.2.2", None)}),
    (["Per the BRs, see Table 1.2.2 for the dates."], BZ, {("m0", "BR", "1.2.2", None)}),
    (["See Table 6.1.1 below for the affected certificates, per the BRs."], BZ, set()),
    (["Per the BRs we revoked them all (see Table 4.9.1 above)."], BZ, set()),
    (["Per the BRs we revoked, as Table 4.9.1 of this report shows."], BZ, set()),
])
def test_table_section_not_the_texts_own_table(texts, list_name, expected):
    assert _thread_citations(texts, list_name, None) == expected
