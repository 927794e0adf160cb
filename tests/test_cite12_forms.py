"""Citation forms of GitHub review comments, CA/B Forum pipermail and list mail nobody here tuned for (issue 14,
session 12 "cite12"): batch L of /work/notes12/cite12-table (collected, frozen by sha256 and scored before these
changes), plus classes the earlier batches left (J, K of /work/notes11/cite11-table). Each class: real snippets
(source in a comment) and constructed variants, including near misses that must stay as they were. Exact (message,
document, section, item) of a one-message thread in the list or repository named.

Classes fixed here:
- a document named at the end of one line and a list number opening the next ("… aligned with the Baseline
  Requirements\\n2. Replaced …"): list numbering, not the document's section (``_opens_list_line``);
- a document named after a number in a comparison ("The text in 4.9.5 (as is done in the TLS BR) deals …") is
  compared with, not the number's own (``compared_before``: "as is done in", "as is the case with");
- a number the text cites as an RFC's section, repeated bare ("Per RFC 5280, section 4.2.1.9 … section 4.2.1.9
  supersedes …"): that RFC's section (the ``rfc_section_before`` document step);
- an RFC written without "RFC" (``bare_rfc_number``): a number the text names as an RFC elsewhere, one joined to an
  RFC citation ("RFC 6960 and 5280", ``rfc_list_joint``), a Web PKI RFC (``rfc_titles``) with a section after it
  ("5280 section 4.2.1.9", "For 6960, Section 2.2") or in a text that cites an RFC; with the section after it;
- an RFC section in a Markdown link's text ("RFC 5280 §[4.2.1.9]"): the ``rfc`` and ``keyword_section`` rows;
- a motion that names the document it amends when that is no policy ("This ballot modifies the CAB Forum Bylaws.
  \\n\\nIn Section 2.3(c), replace …"): the numbers after it, with no policy named between, are the Bylaws' sections
  (``amended_document_before``; the message-wide document step);
- more appendix letters after "Appendix X" ("Appendix F and G", "Appendices F and G of the EVG"): the ``appendix``
  row's ``more_appendices`` (not "and I think", "and A new");
- a method number with no document and no "validation" word ("changes to methods 18 and 19") in a thread whose home
  is the BR, or a text that names the BR: a domain validation method, 3.2.2.4.N as "validation method N"
  (``bare_method``).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

SM, SC, NS = "GitHub cabforum/smime", "GitHub cabforum/servercert", "GitHub cabforum/netsec"
ZL, VA, PU = "GitHub zmap/zlint", "validation@lists.cabforum.org", "public@lists.cabforum.org"
MDL, SMP = "dev-security-policy@lists.mozilla.org", "smcwg-public@lists.cabforum.org"

FORMS = [
    # --- list numbering after a document named at a line's end. cabforum/servercert #64 (batch L): ballot 210's list
    ("1. Updated ETSI audit criteria to be aligned with the Baseline Requirements\n2. Replaced \"strict\" time "
     "durations (for example, the text \"90 days\" was replaced with \"3 months\")\n3. Replaced the \"virus detection\" "
     "and \"anti-virus\" with intrusion detection.", SC, set()),
    ("The ballot aligns it with the EV Guidelines\n2. Replaced the text", SC, set()),
    ("- aligned with the BRs\n- 3. Removed the old dates", SC, set()),
    # near misses: a heading the document gives the number, the number on the document's line
    ("This ballot modifies the Baseline Requirements\n4.9.1.1 Reasons for Revoking a Subscriber Certificate", SC,
     {("m0", "BR", "4.9.1.1", None)}),
    ("see the Baseline Requirements 4.9.1.1 for that", SC, {("m0", "BR", "4.9.1.1", None)}),
    # --- a comparison after the number. cabforum/smime #130 (batch L)
    ("For an authenticated request from the Subscriber 4.9.1.1 applies. The text in 4.9.5 (as is done in the TLS BR) "
     "deals more with third-party problem reports about certs.", SM,
     {("m0", "SMIME-BR", "4.9.1.1", None), ("m0", "SMIME-BR", "4.9.5", None)}),
    ("Section 4.9.5 (as was done in the BRs) applies.", SM, {("m0", "SMIME-BR", "4.9.5", None)}),
    ("Section 4.9.5, as is the case with the TLS BRs, covers problem reports.", SM,
     {("m0", "SMIME-BR", "4.9.5", None)}),
    # near misses: the document named as the number's own
    ("The text in 4.9.5 (see the TLS BR) deals with it.", SM, {("m0", "BR", "4.9.5", None)}),
    ("Section 4.9.5 of the TLS BR applies.", SM, {("m0", "BR", "4.9.5", None)}),
    # --- a number cited as an RFC's section, repeated bare. spiffe/spiffe #127 (batch L)
    ("Per RFC 5280, section 4.2.1.9, leaf certificates MUST NOT have a pathLenConstraint. This PR removes erroneous "
     "text for pathLenConstaint, adjusts `CA` -> `cA` for consistency with RFC 5280, and adds text to explicitly "
     "state that (at present) section 4.2.1.9 supersedes any text in this section of the spec.", "GitHub spiffe/spiffe",
     {("m0", "RFC", "5280", "4.2.1.9"), ("m0", "RFC", "5280", None)}),
    ("See RFC 5280 section 4.2.1.9. Section 4.2.1.9 also says so.", ZL, {("m0", "RFC", "5280", "4.2.1.9")}),
    ("RFC 6960, Section 2.2 allows it, and 2.2 is clear.", ZL, {("m0", "RFC", "6960", "2.2")}),
    # near miss: another number stays the thread's
    ("RFC 5280 section 4.2.1.9 applies; section 7.1.2.3 too.", SC,
     {("m0", "RFC", "5280", "4.2.1.9"), ("m0", "BR", "7.1.2.3", None)}),
    # --- an RFC written without "RFC". dev-security-policy 2019-09-20, Ryan Sleevi (batch J)
    ("I'm not sure I understand where the \"ONLY\" clause comes from? 6960 and 5280 both presuppose the existence of "
     "other sources of revocation, beyond those enumerated within the AIA. For 6960, Section 2.2 leaves this a bit up "
     "in the air. As it relates specifically to the (precert || cert) case, the BRs treat the responder as a singular "
     "\"the\", so I don't think the ONLY applies... and is met by \"unauthorized\", as well as possible transport-layer "
     "options (RFC 5019 is somewhat silent, AFAICT, on this)", MDL,
     {("m0", "RFC", "5019", None), ("m0", "RFC", "6960", "2.2"), ("m0", "RFC", "6960", None),
      ("m0", "RFC", "5280", None)}),
    # golang/go #79745 (batch L): also the Markdown link's text "§[4.2.1.9]"
    ("RFC 5280 \u00a7[4.2.1.9] when spec'ing Basic Constraints and the `pathLenConstraint` for the 5280 profile says "
     "(emphasis mine):", "GitHub golang/go", {("m0", "RFC", "5280", "4.2.1.9"), ("m0", "RFC", "5280", None)}),
    ("The 5280 section 4.2.1.9 says pathLen is only for CAs.", ZL, {("m0", "RFC", "5280", "4.2.1.9")}),
    ("For 6960, Section 2.2 says it.", MDL, {("m0", "RFC", "6960", "2.2")}),
    ("RFC 6960 and 5280 both say so.", MDL, {("m0", "RFC", "6960", None), ("m0", "RFC", "5280", None)}),
    ("Per RFC 5280 the field is optional; 5280 \u00a7 4.2.1.9 says so.", ZL,
     {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.9")}),
    # near misses: a count, a year, a bug number, an unknown number, a policy section
    ("We issued 5280 certificates last year.", MDL, set()),
    ("RFC 5280 and 2026 was a busy year.", MDL, {("m0", "RFC", "5280", None)}),
    ("see bug 1652581 and RFC 6962", MDL, {("m0", "RFC", "6962", None)}),
    ("We found 4711 certificates, see RFC 5280.", MDL, {("m0", "RFC", "5280", None)}),
    ("Per RFC 5280 the profile is fine; section 4.9.1.1 of the BRs needs it.", MDL,
     {("m0", "RFC", "5280", None), ("m0", "BR", "4.9.1.1", None)}),
    # --- a motion amending a document that is no policy. public@ 2017-10-11, Gerv Markham (batch K)
    ("[Here's a motion proposing the fix I suggested after the ballot 214 incident. Comments? -- Gerv]\n\nBallot XXX: "
     "Update Discussion Period Process\n\n-- MOTION BEGINS --\n\nThis ballot modifies the CAB Forum Bylaws.\n\nIn "
     "Section 2.3(c), replace the text:\n\n\"The discussion period then shall take place for at least seven but no "
     "more than 14 calendar days before votes are cast.\"", PU, set()),
    ("This ballot amends the Forum Bylaws as follows.\n\nIn Section 5.2, strike the last sentence.", PU, set()),
    ("The motion updates the SCWG charter.\n\nSection 3.1: replace \"six\" by \"seven\".", SC, set()),
    # near misses: a policy amended, a policy named after the Bylaws, the Bylaws only mentioned
    ("This ballot modifies the Baseline Requirements.\n\nIn Section 4.9.1.1, replace the text:", PU,
     {("m0", "BR", "4.9.1.1", None)}),
    ("This ballot modifies the Bylaws.\n\nIt also modifies the EV Guidelines:\n\nIn Section 11.2, replace the text",
     PU, {("m0", "EVG", "11.2", None)}),
    ("We need to look at the Bylaws.\n\nAlso, section 4.9.1.1 needs work.", SC, {("m0", "BR", "4.9.1.1", None)}),
    # --- more appendix letters after "Appendix X". cabforum/servercert #132 (batch L): ballot SC16's PR; the EV
    # Guidelines have the appendices F and G (the BR none of that letter)
    ("This merge request incorporates the changes of ballot SC16 and includes some formatting fixes in Appendix F and "
     "G.", SC, {("m0", "EVG", "Appendix F", None), ("m0", "EVG", "Appendix G", None)}),
    ("EVG Appendix F and G", SC, {("m0", "EVG", "Appendix F", None), ("m0", "EVG", "Appendix G", None)}),
    ("Appendices F and G of the EVG", SC, {("m0", "EVG", "Appendix F", None), ("m0", "EVG", "Appendix G", None)}),
    ("The BRs' Appendix A or B", SC, {("m0", "BR", "Appendix A", None), ("m0", "BR", "Appendix B", None)}),
    # near misses: a pronoun, an article after "and"
    ("See BR Appendix A and I think it is fine.", SC, {("m0", "BR", "Appendix A", None)}),
    ("BR Appendix B and A new section follow.", SC, {("m0", "BR", "Appendix B", None)}),
    # --- a method number alone where the BR is at home. validation@ 2020-06-22 (batch J)
    ("I made some changes to methods 18 and 19 regarding following redirects, and wanted to get everyone's thoughts "
     "before putting them into a ballot.\n\nHere is the current text:", VA,
     {("m0", "BR", "3.2.2.4.18", None), ("m0", "BR", "3.2.2.4.19", None)}),
    ("Method 7 is used by most CAs.", SC, {("m0", "BR", "3.2.2.4.7", None)}),
    ("The BRs allow methods 18 and 19 to follow redirects.", ZL,
     {("m0", "BR", "3.2.2.4.18", None), ("m0", "BR", "3.2.2.4.19", None)}),
    # near misses: no BR home, a section written with its methods (items), a validation method (unchanged)
    ("Method 7 is used by most CAs.", ZL, set()),
    ("I made some changes to methods 18 and 19.", SMP, set()),
    ("BR 3.2.2.4 methods 1 and 5 are gone.", SC, {("m0", "BR", "3.2.2.4", 1), ("m0", "BR", "3.2.2.4", 5)}),
    ("Removal of Domain Verification Method 1 and 5", ZL,
     {("m0", "BR", "3.2.2.4.1", None), ("m0", "BR", "3.2.2.4.5", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite12_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected


class _Reads:
    """``rfc_list_joint`` with the characters each ``fullmatch`` is asked to read counted."""

    def __init__(self, pattern):
        self.pattern, self.read = pattern, 0

    def fullmatch(self, text, pos, endpos):
        self.read += endpos - pos
        return self.pattern.fullmatch(text, pos, endpos)


# (text, the RFC citations expected: (section, item)). A long line of blanks and numbers after an RFC citation
# (hostile input: every number once read the joint from the citation again, 19 s for an 80,000-character line);
# the lists of RFCs the joint exists for read as before
JOINT_READS = [
    ("RFC 5280 section 4.2" + " " * 4000 + " 123" * 1000, [("5280", "4.2")]),
    ("RFC 5280" + "\t" * 4000 + " 12345" * 700, [("5280", None)]),
    ("See RFC 6960 and 5280, 6962 / 8555 or 9162 for this.",
     [("6960", None), ("5280", None), ("6962", None), ("8555", None), ("9162", None)]),
    ("RFC 6960 (see 1234) and 5280", [("6960", None), ("5280", None)]),  # 5280: a Web PKI RFC (rfc_titles)
    ("RFC 6960 (see 1234) and 7777", [("6960", None)]),  # not joined: a number between
]


@pytest.mark.parametrize("text, expected", JOINT_READS)
def test_rfc_list_joint_read_once(text, expected):
    """Review12a: the joint between an RFC citation and a number is read only up to the first number after the
    citation (a joint holds no number), so the characters read stay within the text's length (linear); before, each
    later number read the whole stretch again (read ~ numbers × line length). Exact citations, same as before."""
    from threadkb.extract.citations import CitationTable, find_citations

    table = CitationTable()
    reads = _Reads(table.rfc_list_joint)
    table.rfc_list_joint = reads  # type: ignore[assignment]
    got = [(c.section, c.item) for c in find_citations(text, table=table) if c.document == "RFC"]
    assert got == expected
    assert reads.read <= len(text)


def _work(text: str, monkeypatch) -> tuple[int, int, list]:
    """find_citations on ``text`` with its work counted, no timing: the elements the citations module sorts and
    the Python lines it runs; and the citations (document, section, item)."""
    import builtins

    from counting import lines_run
    from threadkb.extract import citations

    citations.find_citations("x")  # the tables loaded outside the count
    elements = 0

    def counting(items, *args, **kwargs):
        nonlocal elements
        out = builtins.sorted(items, *args, **kwargs)
        elements += len(out)
        return out

    monkeypatch.setattr(citations, "sorted", counting, raising=False)
    found, lines = lines_run(citations.__file__, lambda: citations.find_citations(text))
    return elements, lines, [(c.document, c.section, c.item) for c in found]


AMENDS = "This ballot modifies the CAB Forum Bylaws. In Section 2.3(c), replace "


@pytest.mark.parametrize("times", [100, 400])
def test_amended_documents_merged_once(monkeypatch, times):
    """Review12a. A motion's amended document (``amended_document_before``) joins the documents named once per
    text, not once per number (before: the named and amended documents sorted again for every number: 161,600
    elements for 400 numbers). Exact output kept: no citation (the Bylaws are no policy)."""
    elements, _, found = _work(AMENDS * times, monkeypatch)
    assert found == []
    assert elements <= len(AMENDS * times) // 5


def test_rfc_section_cited_before_found_without_reading_every_rfc_section(monkeypatch):
    """Review12a. The RFC whose section a bare number repeats (``rfc_section_before``) is looked up by the section,
    not by reading every RFC section the text cites for every number: four times the text, at most ~four times the
    work (before: 5.7 times, numbers x RFC sections). Exact citations kept."""
    def text(n: int) -> str:
        return "RFC 5280, section 4.2.1.9.\n" * n + "Section 7.1.2.3 says so.\n" * n

    _, small, found = _work(text(100), monkeypatch)
    assert found == [("RFC", "5280", "4.2.1.9")] * 100 + [(None, "7.1.2.3", None)] * 100
    _, large, _ = _work(text(400), monkeypatch)
    assert large <= 4.4 * small


class _Tried:
    """A ``(?:^|\\n)…\\Z`` line pattern with the start positions it is asked to try counted: a search tries every
    position of its string (or of pos..endpos), a match one."""

    def __init__(self, pattern):
        self.pattern, self.tried = pattern, 0

    def search(self, text, pos=0, endpos=None):
        self.tried += len(text[pos:endpos]) + 1
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def match(self, text, pos=0, endpos=None):
        self.tried += 1
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)


class _Given:
    """A ``\\A…`` pattern with the characters of the strings it is given counted."""

    def __init__(self, pattern):
        self.pattern, self.given = pattern, 0

    def match(self, text, *args):
        self.given += len(text)
        return self.pattern.match(text, *args)


# (text, the citations of one repetition: (document, section, item, rule)), repeated 300 times: numbers on one long
# line (hostile: the line before each number was searched from every position, "RFC 5280 section 4.2.1.9 " x 8,000
# took 10 s) and numbers opening many lines (the rest of the whole text was copied for each)
LINE_READS = [
    ("RFC 5280 section 4.2.1.9 ", [("RFC", "5280", "4.2.1.9", "rfc")]),
    ("see 4.9.1.1 Reasons for Revoking a Subscriber Certificate. ", [(None, "4.9.1.1", None, "bare_section")]),
    ("see 2.1 CA Operations ", [(None, "2.1", None, "cued_number")]),
    ("- [x] 2.1 CA Operations\n", [("MRSP", "2.1", None, "titled_heading")]),
    ("* 4.9.1.1 Reasons for Revoking a Subscriber Certificate\n", [(None, "4.9.1.1", None, "bare_section")]),
    ("see the BR\n2. Replaced\n", []),
    ("1.1 There was a problem\n", []),
]


@pytest.mark.parametrize("unit, expected", LINE_READS)
def test_line_patterns_read_the_line_once(unit, expected):
    """The line before a number (list numbering, a heading's bullets) is matched from its newline, one position, and
    the rest of the line after it is what "list_number_after" reads: the positions tried and the characters given
    stay within the text's length (before: every position of the line before each number, the rest of the text after
    each: ~n² for n numbers on one line or n list lines; rows 1–3, 5 and 6 fail before). Exact citations."""
    from threadkb.extract.citations import CitationTable, find_citations

    table = CitationTable()
    tried = {name: _Tried(getattr(table, name)) for name in ("list_line", "heading_line_before")}
    after = _Given(table.list_after)
    for name, counter in tried.items():
        setattr(table, name, counter)
    table.list_after = after  # type: ignore[assignment]
    text = unit * 300
    got = [(c.document, c.section, c.item, c.rule) for c in find_citations(text, table=table)]
    assert got == expected * 300
    assert sum(t.tried for t in tried.values()) <= len(text)
    assert after.given <= len(text)
