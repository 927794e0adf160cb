"""Citation forms of public PKI policy discussions nobody here was scored on (issue 14 item 5): GitHub threads of
cabforum/servercert, cabforum/smime, cabforum/netsec, mozilla/pkipolicy, mozilla/www.ccadb.org, zmap/zlint, and
Mozilla incident reports. Each class: constructed variants, and the real sentence where one exists (a short
snippet, its thread named in a comment). Exact (document, section, item); document None = the thread decides.

Classes fixed here:
- a list that names its document after its last number ("Sections 4.2.1.12 and 4.2.1.13 of RFC 5280",
  "sections 9.2.1 and 9.2.2 of the EVGs"): every number of the list is that document's (before: the RFC's
  numbers went to the BR, and an explicit citation earlier in the sentence gave the list its document);
- an item named in parentheses after the section ("BR 4.9.1.1 (reason #10)", "(item 4)", "(#4)"), a "#N" item before
  it ("#4 of BR 4.9.1.1"), a letter glued to a named section ("S/MIME BR 7.1.4.2.2a");
- a section followed by an item is no version ("Mozilla Policy 2.2(3)": 2.2 is also a version of the MRSP);
- whose copy of a document ("Section 4.2.1 of ISRG's CPS", "of their CP/CPS", "of our CPS");
- "CCADB section 3" (the CCADB named right before a section is its policy) and "EV SSL Certificate Guidelines";
- a report's own numbering ("see sections 4 and 5 below", "Section 5 of this report"): not a citation;
- version words count right before the number only ("Policy section 2.2(2)" is a section, "policy 2.2" a version);
- "CP 4.9.1.1" (a CA's CP, document CPS); "2.2 (3) of the Mozilla policy" (a number, no keyword, then its document);
- "the policy" ("Section 5.2 of the policy", "the policy, section 2.3") on a root program's own list or repository
  (dev-security-policy, mozilla/pkipolicy, the CCADB's, Chrome's): that program's policy;
- a section of another document ("Section 7.4 of the ACME spec", "Appendix A of RFC 5280"): no policy citation;
- a two-level number followed by its title in parentheses ("4.3 (Vulnerability Management)") is a section reference.
"""
from __future__ import annotations

import pytest

from threadkb.extract.citations import find_citations

FORMS = [
    # lists with their document after the last number
    ("Sections 4.2.1.12 and 4.2.1.13 of RFC 5280 apply.", [("RFC", "5280", "4.2.1.12"), ("RFC", "5280", "4.2.1.13")]),
    ("sections 4.1.2.5, 4.1.2.6 and 4.2.1.9 in RFC5280 say", [("RFC", "5280", "4.1.2.5"), ("RFC", "5280", "4.1.2.6"),
                                                             ("RFC", "5280", "4.2.1.9")]),
    ("Per BR 4.9.1.1, see also sections 9.2.1 and 9.2.2 of the EVGs.",
     [("BR", "4.9.1.1", None), ("EVG", "9.2.1", None), ("EVG", "9.2.2", None)]),
    ("See sections 2.2 and 2.3 of the CCADB Policy.", [("CCADB", "2.2", None), ("CCADB", "2.3", None)]),
    ("Sections 4.9.1.1 to 4.9.1.2 (revocation) of the BRs apply", [("BR", "4.9.1.1", None), ("BR", "4.9.1.2", None)]),
    # cabforum/servercert PR #235 review (EVG.md): "each of Sections 11.2 through 11.14 (which usually include ..."
    ("set forth in each of Sections 11.2 through 11.14 of the EVGs", [("EVG", "11.2", None), ("EVG", "11.14", None)]),
    # SSL.com incident (Bugzilla 1750631): "the validation methods 3.2.2.4.6, 3.2.2.4.18, and 3.2.2.4.19 of the
    # Baseline Requirements MUST NOT be used"
    ("the validation methods 3.2.2.4.6, 3.2.2.4.18, and 3.2.2.4.19 of the Baseline Requirements MUST NOT be used",
     [("BR", "3.2.2.4.6", None), ("BR", "3.2.2.4.18", None), ("BR", "3.2.2.4.19", None)]),
    ("sections 4.9.1.1 and 4.9.1.2 apply", [(None, "4.9.1.1", None), (None, "4.9.1.2", None)]),  # none named: unchanged
    # items in parentheses after the section, and "#N of"
    ("This falls under BR 4.9.1.1 (reason #10), I think.", [("BR", "4.9.1.1", 10)]),
    ("This is BR 4.9.1.1 (item 4), not 4.9.1.2.", [("BR", "4.9.1.1", 4), ("BR", "4.9.1.2", None)]),
    ("MRSP 6.1.1 ( point 3 ) says", [("MRSP", "6.1.1", 3)]),
    ("That is #4 of BR 4.9.1.1 in my reading.", [("BR", "4.9.1.1", 4)]),
    ("#4 of section 4.9.1.1 says", [(None, "4.9.1.1", 4)]),
    # cabforum/servercert PR #405: "(CRLReason #4, superseded)" after a section is a reason code, not its item
    ("the requirements of BR Section 6.1.6 (CRLReason #4, superseded);", [("BR", "6.1.6", None)]),
    ("BR 4.9.1.1 (CRLReason #4) applies", [("BR", "4.9.1.1", None)]),
    ("BR 4.9.1.1 (#4) applies", [("BR", "4.9.1.1", 4)]),
    # a letter glued to the number is its lettered item; zmap/zlint #806: "Add lint for BR 7.1.4.2.2a mailbox-validated"
    # ("BR" there is the S/MIME BR: a certificate type only it has is named in the sentence; cite12's batch L, cite13g)
    ("Add lint for BR 7.1.4.2.2a mailbox-validated", [("SMIME-BR", "7.1.4.2.2", "a")]),
    ("Add lint for BR 7.1.4.2.2a", [("BR", "7.1.4.2.2", "a")]),
    ("Add lint for S/MIME BR 7.1.4.2.2a mailbox-validated", [("SMIME-BR", "7.1.4.2.2", "a")]),
    ("section 7.1.2.3f says", [(None, "7.1.2.3", "f")]),
    ("SBR §7.1.2.3j, ", [("SMIME-BR", "7.1.2.3", "j")]),
    ("see 7.1.2.3f and v1.2.3a and BR 1.2.3a-b", []),  # no document or keyword, a version, a range of letters
    # a section with an item is no version of the document
    ("Mozilla Policy 2.2(3) says so.", [("MRSP", "2.2", 3)]),
    ("Mozilla policy 2.2 (3) and (4) say so.", [("MRSP", "2.2", 3), ("MRSP", "2.2", 4)]),
    ("Mozilla policy 2.8 is out.", []),  # a version still
    # the version words stand right before the number: before its keyword they do not ("Policy section 2.2(2)")
    # mozilla/pkipolicy #114: "Policy section 2.2(2) requires validation of email addresses"
    ("Policy section 2.2(2) requires validation of email addresses", [(None, "2.2", 2)]),
    ("the Mozilla policy section 5.1 says", [("MRSP", "5.1", None)]),
    ("zlint section 3.6.1 and zlint 3.6.1", [(None, "3.6.1", None)]),  # "zlint 3.6.1" stays a version
    # whose copy: a CA's CP/CPS
    ("Section 4.2.1 of ISRG's CPS says so.", [("CPS", "4.2.1", None)]),
    ("Section 4.9.3 of their CP/CPS is incomplete.", [("CPS", "4.9.3", None)]),
    ("No, Section 3 of our CPS.", [("CPS", "3", None)]),
    # letsencrypt/cp-cps #72: "Update CPS 4.9.5 to abide by timeframe set forth in CP 4.9.1.1"
    ("Update CPS 4.9.5 to abide by timeframe set forth in CP 4.9.1.1", [("CPS", "4.9.5", None), ("CPS", "4.9.1.1", None)]),
    ("The language in CP section 4.9.5 is looser", [("CPS", "4.9.5", None)]),
    ("the CP and the CPS differ; CP 2 is", []),  # "CP" names its document only right before a section number
    ("section 4.9.1.1 of Mozilla's Root Store Policy", [("MRSP", "4.9.1.1", None)]),
    ("section 3.2 of Chrome's policy", [("CRP", "3.2", None)]),
    # mozilla/pkipolicy #62: "how to edit CCADB section 3 to say the right thing?"
    ("how to edit CCADB section 3 to say the right thing?", [("CCADB", "3", None)]),
    ("the CCADB § 5.1 requires it", [("CCADB", "5.1", None)]),
    ("The EV SSL Certificate Guidelines section 11.2 say so.", [("EVG", "11.2", None)]),
    ("EV Certificate Guidelines 9.2.1 say so.", [("EVG", "9.2.1", None)]),
]

NOT_CITATIONS = [
    # SSL.com incident report (Bugzilla 1750631): "(see sections 4 and 5 below)" = the report's own questions
    "this triggered an investigation to discover the entire population (see sections 4 and 5 below).",
    "The timeline is in section 2 below, and the root cause in Section 5 of this report.",
    # "As said in Section 3 above, …": a back-reference now (the thread gives it the document of an earlier message's
    # Section 3, else drops it): tests/test_cite10_forms.py
    "the CCADB holds the audit; the CCADB 5 days later",  # the database, not its policy
    "BR line 1619 has the text.",
]

TITLED = [  # a two-level number with its title in parentheses (cabforum/netsec #9: "handled by revisions to 4.3
    # (Vulnerability Management) and 4.4"); versions, tables, list numbering and numbers no policy has stay out
    ("Closing, as handled by revisions to 4.3 (Vulnerability Management) and 4.4.", [(None, "4.3", None),
                                                                                   (None, "4.4", None)]),
    ("as a new subsection of 7.3 (Removals) of the MRSP", [("MRSP", "7.3", None)]),
    ("TLS 1.3 (Final) and Python 3.11 (Latest Release)", []),
    ("see Table 4.2 (Certificate Fields) and Figure 2.1 (Overview)", []),
    ("2.1 (Overview)\nsome text", []),
    ("costs 2.50 (Two Fifty), version 2.1 (Draft), 8.8 (Google DNS), 12.34 (Test)", []),
    ("see 4.3 (vulnerability management)", [(None, "4.3", None)]),  # no title (it opens with a capital): a number
    # after "see", the context decides (cued_number)
]

OTHER_DOCUMENTS = [  # a section of another document: no policy citation (the RFC named is still cited)
    ("Section 7.4 of the ACME spec says", []),
    ("section 3.3 of the CT RFC says", []),
    ("Section 6 of the WebTrust criteria says", []),
    ("section 2 of the paper by Smith", []),
    ("section 5.1 of the Subscriber Agreement says", []),
    ("Section 8 of the ETSI standard says", []),
    ("see Appendix A of RFC 5280 for the ASN.1", [("RFC", "5280", None)]),
    ("Section 4.2.1.9 of RFC 5280", [("RFC", "5280", "4.2.1.9")]),
    ("Section 3.2.2.4 of the current draft", [(None, "3.2.2.4", None)]),  # a draft of the policy is the policy
    ("section 4.9.1.1 of the BRs", [("BR", "4.9.1.1", None)]),
    ("Appendix A of the EVGs", [("EVG", "Appendix A", None)]),
]

STILL_CITATIONS = [  # a number of three levels "below" is a policy section (the pasted text follows)
    ("the text of section 4.9.1.1 below", [(None, "4.9.1.1", None)]),
    ("see BR section 4 below", [("BR", "4", None)]),  # a named document is cited
]

ROWS = FORMS + [(t, []) for t in NOT_CITATIONS] + TITLED + OTHER_DOCUMENTS + STILL_CITATIONS


@pytest.mark.parametrize("text,expected", ROWS, ids=[r[0][:40] for r in ROWS])
def test_real_forms(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected


# "the policy" names the policy of the root program the thread lives with (its list or repository); elsewhere the
# number is a bare number as before. (text, list name, expected {(document, section, item)})
HOME_POLICY = [
    ("Section 5.2 of the policy forbids it.", "dev-security-policy@lists.mozilla.org", {("MRSP", "5.2", None)}),
    ("Per the policy, section 2.3, the CA must comply.", "dev-security-policy@mozilla.org", {("MRSP", "2.3", None)}),
    ("The BRs are clear. But section 5.2 of the policy forbids it.", "dev-security-policy@lists.mozilla.org",
     {("MRSP", "5.2", None)}),  # "the policy" beats the document the message names
    ("sections 5.2 and 5.3 of our policy", "GitHub mozilla/pkipolicy", {("MRSP", "5.2", None), ("MRSP", "5.3", None)}),
    # mozilla/pkipolicy #114: "Policy section 2.2(2) requires validation of email addresses for S/MIME certificates"
    ("Policy section 2.2(2) requires validation of email addresses.", "GitHub mozilla/pkipolicy", {("MRSP", "2.2", 2)}),
    ("Section 5.1 of the policy says so.", "GitHub mozilla/www.ccadb.org", {("CCADB", "5.1", None)}),
    ("Section 3.2 of the policy says so.", "GitHub GoogleChrome/chromerootprogram", {("CRP", "3.2", None)}),
    # no program's home: the thread decides as for any number (its repository's document, else BR)
    ("Section 4.9.1.1 of the policy says so.", "GitHub cabforum/servercert", {("BR", "4.9.1.1", None)}),
    ("Section 5.2 of the policy says so.", None, {("BR", "5.2", None)}),
    # the document named with the number still wins
    ("Section 5.2 of the BRs, not of the policy.", "dev-security-policy@lists.mozilla.org", {("BR", "5.2", None)}),
    # a number with its item before "of the <document>" names no keyword ("2.2 (3) of the Mozilla policy")
    ("That is in 2.2 (3) of the Mozilla policy.", None, {("MRSP", "2.2", 3)}),
    ("7.1 of the BRs requires it; 1.7.1 of the BRs is a version.", None, {("BR", "7.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", HOME_POLICY, ids=[r[0][:40] for r in HOME_POLICY])
def test_the_policy_is_the_home_programs(text, list_name, expected):
    from datetime import datetime

    from test_citations import _extract, _message

    ex = _extract([_message("m0", text, datetime(2024, 6, 5))], list_name=list_name)
    assert {(c.document, c.section, c.item) for c in ex.citations} == expected
