"""Citation classes of mail text the held-out batches showed (issue 14, session 14 "cite14a"): batch T's misses
(/work/notes13/cite13t.md) and those batches N and R left (cite13m.md, cite13r.md). Each class: the real row (its
source in a comment, trimmed) and constructed variants, including near misses that must stay as they were. Exact
(message, document, section, item) of a thread in the list named, with the subject given.

- the message's topic: a number its sentence and paragraph give no document takes the document the thread's subject
  names when the text names it most, before the one the text named last ("… update the Baseline Requirements first,
  and then update the EV Guidelines" in a ballot about the BR: step "subject_topic");
- a CA's CPS named with a version or several capitalised words before it ("Section 4.9.3.1 of v3.2.1 of the MS PKI
  Services Public TLS CPS": ``OWNER``);
- "Mozilla Root Store Requirements" names the MRSP; "Section 6.0" is section 6 (``zero_level_section``: only after a
  keyword, "BR 2.0" stays a version);
- "Table 1.2.2 in the TLS BRs": the section that holds the table, only where the context's document has the number
  (row ``table_section``, context only: the index has no tables, GOLD-FORMAT cites sections);
- "3.2.2.4.x": a family of sections, no item x and no citation (``section_placeholder_after``);
- a number cited with its document in an earlier message of the thread and repeated bare later keeps that document
  unless the thread's home has the number (``_Walk.explicit_before``);
- a summary's section numbers in parentheses after a sentence ("… added to the scope. (1.1)": row
  ``closing_parenthesis_number``, context only, versions kept), the policy a message says it changes read after
  "change … for version 2.5 of" (``amended_document_before``), "WebTrust BR audits" no mention of the BR
  (``audit_name_after``);
- 'CCADB Policy "5.2 Audit Statement Content"': a quoted heading after the document's name (``doc_section``) whose
  item is pasted later, after "as described below:" (``pasted_item``);
- "RFC 6960/5019": a slash after a digit joins another RFC (``bare_rfc_number``);
- a bare "BR" in a thread that says S/MIME and names the TLS BR nowhere ("as specified in the BR" in a zlint thread
  whose first post links SBR.md): the S/MIME BR (``_bare_br_for_smime``).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

PU = "public@lists.cabforum.org"
BZ = "Bugzilla CA Program :: CA Certificate Compliance"
MDL = "dev-security-policy@lists.mozilla.org"
SC = "GitHub cabforum/servercert"
US = "GitHub uspki/policies"
ZL = "GitHub zmap/zlint"
CC = "public@ccadb.org"
B188 = 'Ballot 188 - Clarify use of term "CA" in Baseline Requirements'

_B188 = (  # public@ 2017-02, Ben Wilson, ballot 188 as proposed (batch T, "(orig)"), trimmed
    "Background:\n\nThe Policy Review Working Group has completed its review of the Baseline Requirements for "
    "purposes of clarifying use of the term \"CA\" and related terminology. The term \"CA\" is used in the Baseline "
    "Requirements and other documents to refer to \"CA\" as an organization or \"CA\" as a CA Certificate. The Policy "
    "Review WG decided to update the Baseline Requirements first, and then update the EV Guidelines and other "
    "documents so that the updated terms are used consistently in all CA/B Forum documents.\n\nOne of the proposed "
    "changes is not related to \"CA\" terminology. That proposed change is in Section 4.9.10. Also, in section "
    "6.1.7, some legacy language related to 1024-bit RSA usage from Root CA, was removed.\n\nSome incorrect "
    "references (pointing to Section 3.3.1 instead of 4.2.1) are also corrected in Sections 3.2.2.4 and 4.1.2")

_MS = (  # Bugzilla 1970968 (batch T), Microsoft PKI Services: Incorrect Revocation Reason Code, trimmed
    "  \u2022 Relevant policies:\n\n    \u2022 Adherence to CPS definitions of Revocation Reasons - Section 4.9.3.1 of "
    "v3.2.1 of the MS PKI Services Public TLS CPS\n    \u2022 Mozilla Root Store Requirements \u2013 Section 6.0 "
    "Revocation\n  \u2022 Source of incident disclosure:")

_MARKHAM = (  # public@ 2017-06, Gerv Markham, MRSP 2.5 (batch N), trimmed
    "I've made the last change I currently intend to make for version 2.5 of\nMozilla's Root Store Policy.\n\n"
    "The CCADB Policy changes are trivial and can be ignored.\n\nHere is my summary of what's changed that's "
    "significant (with section\nnumbers in brackets):\n\n1) Certificates with anyEKU have been added to the scope. "
    "(1.1)\n\n2) CAs are required to \"follow industry best practice for securing their\nnetworks\". (2.1)\n\n"
    "5) CAs are required to use only the 10 Blessed Methods for domain\nvalidation. (2.2) This requirement has "
    "already had a deadline set.\n\n6) WebTrust BR audits must now use version 2.2 or later of the audit\n"
    "criteria. (3.1.1)")

_CYBERTRUST = (  # public@ccadb.org, Cybertrust Japan (batch N), trimmed
    "Could you please confirm if the \"auditor participation\" required for this field is satisfied by complying with "
    "the following new requirement under CCADB Policy \"5.2 Audit Statement Content\"? Specifically, we understand "
    "this to mean including the auditor's review of incident reports in the annual audit statement as described "
    "below: 13. All incidents disclosed by the CA Owner, or reported by a third party, and all findings reported by "
    "an auditor.")

FORMS = [
    # --- the message's topic: the subject's document, named most, over the last one named
    ([_B188], PU, B188, {("m0", "BR", s, None) for s in ("4.9.10", "6.1.7", "3.3.1", "4.2.1", "3.2.2.4", "4.1.2")}),
    (["The EV Guidelines need this fix, and the EV Guidelines need it soon. We will update the EV Guidelines first, "
      "then the Baseline Requirements.\n\nThe change is in Section 11.2."], PU, "Ballot 999 - Clean up the EV "
     "Guidelines", {("m0", "EVG", "11.2", None)}),
    (["This proposal changes the Mozilla Root Store Policy. The Mozilla Root Store Policy is the place for it; the "
      "CCADB Policy will follow.\n\nSection 5.2 gets a new paragraph."], MDL, "Changes to the Mozilla Root Store "
     "Policy", {("m0", "MRSP", "5.2", None)}),
    # near misses: no subject, or a subject naming no document: the one named last before it
    ([_B188], PU, None, {("m0", "EVG", s, None) for s in ("4.9.10", "6.1.7", "3.3.1", "4.2.1", "3.2.2.4", "4.1.2")}),
    # the subject's document is not the one the text names most
    (["We reviewed the EV Guidelines and the EV Guidelines again, and the Baseline Requirements.\n\nThe change is "
      "in Section 11.2."], PU, "Ballot 999 - Baseline Requirements", {("m0", "BR", "11.2", None)}),
    # the paragraph names the document
    (["The Baseline Requirements and the Baseline Requirements again; then update the EV Guidelines.\n\nIn the EV "
      "Guidelines, that change is in Section 11.2."], PU, B188, {("m0", "EVG", "11.2", None)}),
    # --- a CA's CPS with a version and a multi-word owner; "Mozilla Root Store Requirements", "Section 6.0"
    ([_MS], BZ, "Microsoft PKI Services: Incorrect Revocation Reason Code",
     {("m0", "CPS", "4.9.3.1", None), ("m0", "MRSP", "6", None)}),
    (["Relevant policies: Section 4.9.3.1 of the MS PKI Services CPS"], BZ, None, {("m0", "CPS", "4.9.3.1", None)}),
    (["Relevant policies: Section 4.9.3.1 of the Public TLS CPS"], BZ, None, {("m0", "CPS", "4.9.3.1", None)}),
    (["Relevant policies: Section 4.9.3.1 of v3.2.1 of our CPS"], BZ, None, {("m0", "CPS", "4.9.3.1", None)}),
    (["Relevant policies: Section 4.9.3.1 of Microsoft's Public TLS CPS"], BZ, None,
     {("m0", "CPS", "4.9.3.1", None)}),
    (["See section 4.9.3 of version 2.0.1 of the Baseline Requirements."], BZ, None, {("m0", "BR", "4.9.3", None)}),
    (["Mozilla's Root Store Requirements, section 2.1, apply."], BZ, None, {("m0", "MRSP", "2.1", None)}),
    (["See Section 4.0 of the BRs."], BZ, None, {("m0", "BR", "4", None)}),
    # near misses: another's website; a version with no keyword; a zero level below the top
    (["Relevant policies: Section 4.9.3 of the HARICA website"], BZ, None, {("m0", "BR", "4.9.3", None)}),
    (["BR 2.0 is out and MRSP 3.0 too."], BZ, None, set()),
    (["See Section 4.9.0 of the BRs."], BZ, None, set()),
    # --- "Table 1.2.2": the section that holds the table, where the document has that number
    (["Table 1.2.2 in the TLS BRs says so. But BR 7.2.2. is convoluted.\n\nSection 7.3 (OCSP profile) is a little "
      "more clear."], SC, "Clarify Revocation Codes for Intermediate CAs",  # cabforum/servercert #520, trimmed
     {("m0", "BR", "1.2.2", None), ("m0", "BR", "7.2.2", None), ("m0", "BR", "7.3", None)}),
    (["The dates in Table 1.2.2 are wrong."], SC, None, {("m0", "BR", "1.2.2", None)}),
    (["See Table 4.9.1.1 of the EV Guidelines."], MDL, None, set()),
    # near misses: a table no section numbers so; a figure
    (["Table 3 in the BRs lists them, and Table 2.9 in the BRs too."], SC, None, set()),
    (["Figure 1.2.2 in the BRs shows it."], SC, None, set()),
    # --- "3.2.2.4.x": a family of sections
    (["Disagree.\n\nMaintaining the 3.2.2.4.x structure allows the community to assess the policy.\n\nFor example:"
      "\n\n- Mozilla  Root Store Policy, v 2.5, Section 2.2: https://www.mozilla.org/en-US/about/governance/"
      "policies/security-group/certs/policy/"], US, "Section 3.2.2.4.1-3.2.2.4.4",  # uspki/policies #278
     {("m0", "MRSP", "2.2", None)}),
    (["The BR 7.1.2.x profiles and sections 4.9.1.X of the BRs."], SC, None, set()),
    # near misses: a lettered item; a closing emphasis mark
    (["See BR 7.1.2.3.c for it."], SC, None, {("m0", "BR", "7.1.2.3", "c")}),
    (["*It does not apply to the third point of 4.9.1.1.*"], MDL, None, {("m0", "BR", "4.9.1.1", 3)}),
    # --- a summary's numbers in parentheses; "WebTrust BR audits"
    ([_MARKHAM], PU, None, {("m0", "MRSP", s, None) for s in ("1.1", "2.1", "2.2", "3.1.1")}),
    (["These are the edits for version 3.0 of the CCADB Policy.\n\n- Audit statements must list incidents. (5.2)"],
     CC, None, {("m0", "CCADB", "5.2", None)}),
    (["The Mozilla Root Store Policy covers it.\n\nOur WebTrust BR audits cover section 3.1.1 too."], MDL, None,
     {("m0", "MRSP", "3.1.1", None)}),
    (["The Mozilla Root Store Policy covers it.\n\nOur TLS BR audit report covers section 3.1.1 too."], MDL, None,
     {("m0", "MRSP", "3.1.1", None)}),
    (["Changes in the Mozilla Root Store Policy:\n- Key sizes (6.1.1)\n- Removed the exception (5.3).\n- More (9.9)"],
     MDL, None, {("m0", "MRSP", "6.1.1", None), ("m0", "MRSP", "5.3", None)}),
    # near misses: not after a sentence's end nor ending a line; a number no document has; a protocol's version;
    # the BR with a section
    (["The draft (1.1) was sent. The draft was sent. (9.9)"], MDL, "Mozilla Root Store Policy", set()),
    (["The BRs require TLS (1.2)\nfor it."], MDL, None, set()),
    (["BR 8.1 requires annual audits. Our BR audit report is attached."], MDL, None, {("m0", "BR", "8.1", None)}),
    # --- a quoted heading after the document's name, its item pasted later
    ([_CYBERTRUST], CC, "Further Improving the CCADB Policy", {("m0", "CCADB", "5.2", 13)}),
    (["Is that what MRSP \"2.2 Validation Practices\" means? We read it as described below: 3. For a certificate "
      "capable of being used for TLS."], MDL, None, {("m0", "MRSP", "2.2", 3)}),
    # near misses: no pasted item; no quoted heading (the far item is not read); the item on the next line, no quote
    (["CCADB Policy \"5.2 Audit Statement Content\" is clear."], CC, None, {("m0", "CCADB", "5.2", None)}),
    (["Section 5.2 of the CCADB Policy requires more, and our statement is as described below: 13. All incidents."],
     CC, None, {("m0", "CCADB", "5.2", None)}),
    (["CCADB Policy 5.2 Audit Statement Content\n 1. All incidents disclosed by the CA Owner"], BZ, None,
     {("m0", "CCADB", "5.2", None)}),
    # --- "RFC 6960/5019"
    (["OCSP responses must follow the RFC 6960/5019 profiles."], SC, None,
     {("m0", "RFC", "6960", None), ("m0", "RFC", "5019", None)}),
    (["RFC 5280/6960/5019 all apply."], SC, None,
     {("m0", "RFC", "5280", None), ("m0", "RFC", "6960", None), ("m0", "RFC", "5019", None)}),
    # near misses: a date, a path
    (["On 12/5/2025 we read RFC 6960, and https://example.org/docs/5019 too."], SC, None,
     {("m0", "RFC", "6960", None)}),
]

THREAD_FORMS = [
    # --- a number cited with its document in an earlier message, repeated bare later (Bugzilla 2007221's form)
    (["We were in violation of Section 6.2 of the CCADB Policy.", "Are you still in violation of Section 6.2?"], BZ,
     "Improper Disclosure of CRL", {("m0", "CCADB", "6.2", None), ("m1", "CCADB", "6.2", None)}),
    (["The BRs allow it and the BRs say so. Section 5.1 of the Mozilla Root Store Policy lists the key sizes.",
      "We broke section 5.1 twice."], BZ, None, {("m0", "MRSP", "5.1", None), ("m1", "MRSP", "5.1", None)}),
    (["EVG section 11.13 covers this.", "Our process did not meet section 11.13."], SC, None,  # the home lacks it
     {("m0", "EVG", "11.13", None), ("m1", "EVG", "11.13", None)}),
    (["EVG section 11.2 covers this.", "Thanks.", "Our process did not meet section 11.2."], MDL, None,
     {("m0", "EVG", "11.2", None), ("m2", "EVG", "11.2", None)}),
    # near misses: the later message names another document; a different number; the earlier one was bare too
    (["Section 6.2 of the CCADB Policy was broken.", "Section 6.2 of the BRs is different."], BZ, None,
     {("m0", "CCADB", "6.2", None), ("m1", "BR", "6.2", None)}),
    (["Section 6.2 of the CCADB Policy was broken.", "Section 6.1 was not."], BZ, None,
     {("m0", "CCADB", "6.2", None), ("m1", "BR", "6.1", None)}),
    # the thread's home has the number: its own (a servercert thread's BR)
    (["Section 5.1 of the Mozilla Root Store Policy lists the key sizes.", "We broke section 5.1 twice."], SC, None,
     {("m0", "MRSP", "5.1", None), ("m1", "BR", "5.1", None)}),
    (["Section 5.2 was broken.", "Section 5.2 again."], MDL, None,
     {("m0", "BR", "5.2", None), ("m1", "BR", "5.2", None)}),
    # --- a bare "BR" in a thread that says S/MIME and never names the TLS BR (zmap/zlint #795, batch P)
    (["This lint checks 7.1.4.2.2 of https://github.com/cabforum/smime/blob/main/SBR.md", "You're right about the "
      "reference, it should be 7.1.4.2.2.h.\n\nYou're also right that the target of the current check is the SANs "
      "and not the subject as specified in the BR. I can work on a patch for that."], ZL,
     "lint_single_email_if_present.go Checks SANs instead of Subject",
     {("m0", "SMIME-BR", "7.1.4.2.2", None), ("m1", "SMIME-BR", "7.1.4.2.2", "h")}),
    (["A fix for the lint.", "It checks BR 7.1.4.2.2 (a) for now."], ZL, "S/MIME: mailbox address lint",
     {("m1", "SMIME-BR", "7.1.4.2.2", "a")}),
    # near misses: the thread names the TLS BR; the home is the TLS BR's; nothing says S/MIME
    (["S/MIME lints differ from the TLS BR ones.", "It checks BR 7.1.4.2.2 (a) for now."], ZL, None,
     {("m1", "BR", "7.1.4.2.2", "a")}),
    (["This is about S/MIME too.", "It checks BR 7.1.4.2.2 (a) for now."], SC, None,
     {("m1", "BR", "7.1.4.2.2", "a")}),
    (["A fix for the lint.", "It checks BR 7.1.4.2.2 (a) for now."], ZL, None, {("m1", "BR", "7.1.4.2.2", "a")}),
]


@pytest.mark.parametrize("texts,list_name,subject,expected", FORMS,
                         ids=[f"{i}:{r[0][0][:40]}" for i, r in enumerate(FORMS)])
def test_mail_citation_forms(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected


@pytest.mark.parametrize("texts,list_name,subject,expected", THREAD_FORMS,
                         ids=[f"{i}:{r[0][-1][:40]}" for i, r in enumerate(THREAD_FORMS)])
def test_cite14a_thread_forms(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected
