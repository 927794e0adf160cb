"""Citation classes of batch V (issue 14, session 14 "cite14b": /work/notes14/cite14v.md): pasted ballot and policy
text, issue lists that walk a document, item labels that are no "(x)", and names and ids the tables did not read.
Each class: the real row (its source in a comment, trimmed) and constructed variants, including near misses that
must stay as they were. Exact (message, document, section, item) of a thread in the list named, with the subject.

- a document named only as the owner of a part cited with it ("Appendix F of the EV Guidelines" in ballot text that
  amends the BR) decides the numbers of its own sentence and paragraph, not the message's other numbers nor the
  thread's document
  (``owner_before``; ``CitationMatch.owner``);
- a pasted heading of a new subsection at a line start ("7.1.4.2.1.1. dNSName"): kept where the document has its
  parent section (``subsection_heading_after``, rule ``subsection_heading``);
- an issue list's lines "9.4 - Should the …" (row ``dash_list_section``: two levels only where another line of the
  text has three, ``section_list_line``; the thread's document, not another line's);
- items: "Appendix B 2.F" (the appendix's point), "11.1.1 - Discuss item 4" (``item_later``), "item 5.1 in Section
  2.1" (a dotted item), "an item 5" after a section (an item of the section cited before, as "subsection N");
- "the SMC BR" names the S/MIME BR; the NCSSR by its full name with a version before a lettered requirement
  ("… Requirements Version 1.7, Section 2.l."); "BR 1.4.2, not any earlier or later version" is a version
  (``version_after``); an ETSI requirement id "§5-04" is no section (``SEC``: no "-0N" after a number).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

PU = "public@lists.cabforum.org"
BZ = "Bugzilla CA Program :: CA Certificate Compliance"
CS = "cscwg-public@lists.cabforum.org"
SMC = "smcwg-public@lists.cabforum.org"
PK = "GitHub mozilla/pkipolicy"
MDL = "dev-security-policy@lists.mozilla.org"

_B184 = (  # public@ 2017, Jeremy Rowley, ballot 184 text (batch V, "(orig)"), trimmed
    "Ballot 184 - SRVNames\n\nAmend Section 7.1.4.2.1 as follows:\n\n7.1.4.2.1. Subject Alternative Name Extension\n\n"
    "Contents: This extension MUST contain at least one entry.\n\n\n\n7.1.4.2.1.1. dNSName\n\nThe CA MUST confirm "
    "the Applicant's ownership or control over each \nFully-Qualified Domain Name in accordance with \nSection "
    "3.2.2.4. Except where the entry is an Internal Name with onion as the \nright-most label in accordance with "
    "Appendix F of the EV Guidelines, CAs MUST NOT include \nan Internal Name in a dNSName entry.\n\n\n\n"
    "7.1.4.2.1.2. iPAddress\n\nThe subjectAltName MAY include one or more iPAddress entries provided the CA \nhas "
    "confirmed control over each IP address entry \nin accordance with Section 3.2.2.5.")
B184 = {("m0", "BR", s, None) for s in ("7.1.4.2.1", "7.1.4.2.1.1", "7.1.4.2.1.2", "3.2.2.4", "3.2.2.5")} \
    | {("m0", "EVG", "Appendix F", None)}

_CS = (  # cscwg-public 2020-04, Bruce Morton, Code Signing Guidelines issue list (batch V), trimmed
    "Issues:\n9.4 - Should the Signing Service Certificate maximum validity period be 39 months?\nAppendix B 2.F - "
    "May EV Subordinate CA Certificates have EKUs?\n\nParking Lot Items:\n8.2 - For discussion, \"Subsequent "
    "signature validation MAY ignore revocation.\"\n9.2.4 - Should we address including givenName?\n11.1.1 - "
    "Discuss item 4, \"If the Subject's date of formation was less than three years prior.\"\n11.2 - Should EV "
    "Guidelines section 11.5 regarding Verified Method of Communication be addressed?\n11.5 - High risk "
    "certificate requests should be removed.")
CS_SUBJECT = "[Cscwg-public] Code Signing Guidelines update v3"

FORMS = [
    # --- the owner of a part cited with it is no context for the message's other numbers
    ([_B184], PU, "[cabfpub] Ballot 184 - SRVnames", B184),
    (["Amend Section 4.9.1.1 as follows. Revoke as Appendix F of the EV Guidelines says.\n\nThen Section 4.9.3 "
      "too."], PU, None, {("m0", "BR", "4.9.1.1", None), ("m0", "EVG", "Appendix F", None),
                          ("m0", "BR", "4.9.3", None)}),
    (["We follow Section 11.2 of the EV Guidelines.\n\nSection 3.2.2.4 applies as well."], PU, None,
     {("m0", "EVG", "11.2", None), ("m0", "BR", "3.2.2.4", None)}),
    # near misses: the owner's own sentence and paragraph; a document named before its number decides later ones
    (["Per Appendix F of the EV Guidelines, onion names are allowed. Section 11.2 says more."], PU, None,
     {("m0", "EVG", "Appendix F", None), ("m0", "EVG", "11.2", None)}),
    (["Per Appendix F of the EV Guidelines and section 11.2, onion names are allowed."], PU, None,
     {("m0", "EVG", "Appendix F", None), ("m0", "EVG", "11.2", None)}),
    (["The EV Guidelines section 11.2 covers it.\n\nSection 11.3 too."], PU, None,
     {("m0", "EVG", "11.2", None), ("m0", "EVG", "11.3", None)}),
    # --- a pasted heading of a new subsection
    (["Amend it as follows:\n\n7.1.4.2.1.1. dNSName\n\nThe entry MUST be a FQDN."], PU, None,
     {("m0", "BR", "7.1.4.2.1.1", None)}),
    (["The SBR gets a new heading:\n\n7.1.4.2.2.1. rfc822Name\n\nText."], SMC, None,
     {("m0", "SMIME-BR", "7.1.4.2.2.1", None)}),
    # near misses: the parent is no section; not at a line start; a sentence, no heading
    (["Amend it as follows:\n\n9.9.9.9.1. dNSName\n\nThe entry MUST be a FQDN."], PU, None, set()),
    (["Amend the BRs: see 7.1.4.2.1.1 dNSName for it."], PU, None, set()),
    # --- an issue list's lines
    ([_CS], CS, CS_SUBJECT, {("m0", "CSBR", "9.4", None), ("m0", "CSBR", "Appendix B", "2.F"),
                             ("m0", "CSBR", "8.2", None), ("m0", "CSBR", "9.2.4", None),
                             ("m0", "CSBR", "11.1.1", 4), ("m0", "CSBR", "11.2", None),
                             ("m0", "EVG", "11.5", None), ("m0", "CSBR", "11.5", None)}),
    (["Open points:\n4.9.1.1 - Should we shorten it?\n6.1 - Key sizes need a review."], "servercert-wg@lists.cabforum.org",
     None, {("m0", "BR", "4.9.1.1", None), ("m0", "BR", "6.1", None)}),
    # near misses: no line of three levels (an outline of the message's own); a number no document has
    (["Agenda:\n1.1 - Welcome\n2.1 - Minutes of the last call"], "servercert-wg@lists.cabforum.org", None, set()),
    (["Open points:\n4.9.1.1 - Should we shorten it?\n19.19 - Later."], "servercert-wg@lists.cabforum.org", None,
     {("m0", "BR", "4.9.1.1", None)}),
    # --- items
    (["We can probably remove the effective date from item 5.1 in Section 2.1 of MRSP and just have an item 5 that "
      "reads something like, \n\"5. verify each dNSName\""], PK, "Merge 5 and 5.1 in Section 2.1",  # pkipolicy#261
     {("m0", "MRSP", "2.1", "5.1"), ("m0", "MRSP", "2.1", 5)}),
    (["Item 3.2 of section 4.9.1.1 of the BRs is unclear."], MDL, None, {("m0", "BR", "4.9.1.1", "3.2")}),
    (["See Appendix B 3.F of the CSBR."], CS, None, {("m0", "CSBR", "Appendix B", "3.F")}),
    (["Open BR points:\n4.9.1.1 - Discuss point 2, the timing.\n4.9.1.2 - Fine."], MDL, None,
     {("m0", "BR", "4.9.1.1", 2), ("m0", "BR", "4.9.1.2", None)}),
    # near misses: a version after an appendix; an item far in the clause with no dash stays unread
    (["Appendix B 2.0 is out."], CS, None, {("m0", "CSBR", "Appendix B", None)}),
    (["Section 4.9.1.1 covers it, see the item 3 list."], MDL, None, {("m0", "BR", "4.9.1.1", None)}),
    # --- names and ids: "the SMC BR", the NCSSR's full name with a version, a version after, an ETSI id
    (["since the SMC BR are about to be put to the vote, I re-read them.\n\nUnder \"3.2.4.2 Validation of "
      "individual identity\" we have this. Not from the TLS BR nor from EVGL."], SMC, "[Smcwg-public] SMC BR ballot",
     {("m0", "SMIME-BR", "3.2.4.2", None)}),
    (["Relevant policies: Network and Certificate System Security Requirements Version 1.7, Section 2.l. states "
      "this."], BZ, None, {("m0", "NSR", "2.l", None)}),  # the project's NCSSR labels: section "2.l"
    (["Relevant policies: NCSSR v2.0, Section 1.h applies."], BZ, None, {("m0", "NSR", "1.h", None)}),
    (["The criteria reference BR 1.4.2, not any earlier or later version."], PU, None, set()),
    (["Audits use BR 1.6.1 and later versions only."], PU, None, set()),
    (["Relevant policies: ETSI EN319 401, REQ 5-04 and ETSI EN 319 401 §5-04 ."], BZ, None, set()),
    # near misses: a section with a later word; a range of sections
    (["BR 4.9.1.1, not the later sections, applies."], PU, None, {("m0", "BR", "4.9.1.1", None)}),
    (["See BR sections 4.9.1-4.9.3."], PU, None, {("m0", "BR", "4.9.1", None), ("m0", "BR", "4.9.3", None)}),
]


@pytest.mark.parametrize("texts,list_name,subject,expected", FORMS,
                         ids=[f"{i}:{r[0][0][:40]}" for i, r in enumerate(FORMS)])
def test_list_citation_forms(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected
