"""Citation forms of a message that proposes edits to a named policy (issue 14, session 13 "cite13s"): the largest
miss of held-out batch R (/work/notes13/cite13r-table, Ben Wilson's MRSP 2.9 S/MIME proposal on
dev-security-policy: 8 false positives and 8 misses on main 0da5065, all the edit list's numbers read as BR). Each
class: the real text (source in a comment) and constructed variants (MRSP, CCADB Policy, Chrome policy, a BR
ballot), with near misses that must stay as they were. Exact (message, document, section, item) of a one-message
thread in the list named.

Classes fixed here:
- a document name written in quotes as a term being edited ('Change \u201cBaseline Requirements\u201d to \u201cTLS
  Baseline Requirements\u201d', "replace 'EV Guidelines' with ..."): a word being changed, not the document of the
  numbers near it (``edited_term`` after an ``edited_term_before`` verb: no mention);
- a dash that opens a list item ("... of the S/MIME BRs - Section 2.3", "as follows. - Section 2.2"): no range or
  chain across it (``chain`` takes no dash followed by a blank and a capital), and it ends the part of the sentence
  a number's document is read from (``list_item_dash``);
- the policy a message says it changes ("proposed changes to version 2.9 of the MRSP", "the following changes to
  the CCADB Policy", "a draft of MRSP v3.0", "This ballot modifies the Baseline Requirements"): the document of the
  bare numbers after it that their sentence gives none, before the paragraph's, the message's and the default
  document (``amended_document_before`` now reads these too; step "changed_document");
- "the CCADB section of the main policy (section 4)" on a root program's list: the number in parentheses right
  after "the (main) policy" is that program's policy (``home_policy_before`` reads "(" as it reads ",").
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

MD, MDL = "dev-security-policy@mozilla.org", "dev-security-policy@lists.mozilla.org"
_MERGE = "Policy 2.5 Proposal: Merge Mozilla CCADB policy into main Root Store policy"
CCP = "public@ccadb.org"
SW = "servercert-wg@lists.cabforum.org"

_WILSON = (  # dev-security-policy, Ben Wilson, MRSP 2.9 S/MIME proposal (batch R, md-msg01314), trimmed
    "We plan to add requirements to version 2.9 of the Mozilla Root Store Policy regarding the CA/Browser Forum\u2019s "
    "S/MIME Baseline Requirements. We propose to update Mozilla\u2019s Root Store Policy to require annual S/MIME BR "
    "audits as follows. - Section 2.2, modified to directly reference that email verification must be in accordance "
    "with section 3.2.2 of the S/MIME BRs - Section 2.3, - First paragraph \u2013 add the following sentence: "
    "Certificates MUST conform to the latest version of the CA/Browser Forum Baseline Requirements for the Issuance "
    "and Management of Publicly-Trusted S/MIME Certificates. - Change the remaining references of \u201cBaseline "
    "Requirements\u201d in this section to \u201cS/MIME and TLS Baseline Requirements\u201d. To indicate that the "
    "statements apply to both. - Section 3.1.2 - Add ETSI TS 119 411-6 as audit criteria - Sections 3.2, 3.3, 5.2, "
    "7.1 - Change \u201cBaseline Requirements\u201d to \u201cS/MIME and TLS Baseline Requirements\u201d. To indicate "
    "that the statements apply to both. - Section 5.1 add a statement.")

FORMS = [
    # --- the whole real message: every edit is MRSP's, the explicit S/MIME BR section stays
    (_WILSON, MD, {("m0", "MRSP", "2.2", None), ("m0", "SMIME-BR", "3.2.2", None), ("m0", "MRSP", "2.3", None),
                   ("m0", "MRSP", "3.1.2", None), ("m0", "MRSP", "3.2", None), ("m0", "MRSP", "3.3", None),
                   ("m0", "MRSP", "5.2", None), ("m0", "MRSP", "7.1", None), ("m0", "MRSP", "5.1", None)}),
    # --- 1. a quoted name being edited is no context (constructed): the policy named before decides
    ("The MRSP needs two edits. In sections 3.2 and 3.3, change \u201cEV Guidelines\u201d to \u201cTLS Baseline "
     "Requirements\u201d.", MD, {("m0", "MRSP", "3.2", None), ("m0", "MRSP", "3.3", None)}),
    ("The MRSP needs an edit. Section 5.2: replace 'EV Guidelines' with 'TLS Baseline Requirements'.", MD,
     {("m0", "MRSP", "5.2", None)}),
    ('The CCADB Policy needs an edit. In Section 5.2, rename "EV Guidelines" to "EV Guidelines for TLS".', MD,
     {("m0", "CCADB", "5.2", None)}),
    # near misses: a quoted name with no edit verb still names the document; an unquoted name being changed too
    ("The MRSP needs an edit. As \u201cEV Guidelines\u201d section 3.2 says, it applies.", MD,
     {("m0", "EVG", "3.2", None)}),
    ("The MRSP needs an edit. Section 3.2 of the EV Guidelines was changed last year.", MD,
     {("m0", "EVG", "3.2", None)}),
    # --- 2. a dash opening a list item is no range (real: 'of the S/MIME BRs - Section 2.3' above; constructed)
    ("Proposed changes to the MRSP: - Section 3.2.2 of the S/MIME BRs - Section 2.3", MD,
     {("m0", "SMIME-BR", "3.2.2", None), ("m0", "MRSP", "2.3", None)}),
    ("We propose these changes to the CCADB Policy:\n- Section 4.9.3 of the TLS BRs\n- Section 5.2", MD,
     {("m0", "BR", "4.9.3", None), ("m0", "CCADB", "5.2", None)}),
    # near misses: real ranges with a dash stay ranges
    ("See BR sections 4.9.1.1 - 4.9.1.2 for the reasons.", SW,
     {("m0", "BR", "4.9.1.1", None), ("m0", "BR", "4.9.1.2", None)}),
    ("See BR 4.9.1.1-4.9.1.2 for the reasons.", SW, {("m0", "BR", "4.9.1.1", None), ("m0", "BR", "4.9.1.2", None)}),
    # --- 3. the policy the message says it changes decides the edit list (constructed variants)
    ("Here are the proposed changes to version 2.9 of the MRSP, following discussion of the S/MIME BRs.\n\n"
     "Section 3.2: add the new audit criteria.\nSection 5.1: add the curves.", CCP,
     {("m0", "MRSP", "3.2", None), ("m0", "MRSP", "5.1", None)}),
    ("We are proposing the following changes to the CCADB Policy, to align with the TLS BRs.\n"
     "Section 5.2: require the audit letter.\nSection 6.2: CRL disclosure.", MD,
     {("m0", "CCADB", "5.2", None), ("m0", "CCADB", "6.2", None)}),
    ("Here is a draft of MRSP v3.0, aligned with the Baseline Requirements. Section 7.1 adds the new rule.", SW,
     {("m0", "MRSP", "7.1", None)}),
    ("We propose to update the Chrome Root Program Policy after the BR changes. Section 3.2 now requires it.", MD,
     {("m0", "CRP", "3.2", None)}),
    ("This ballot modifies the Baseline Requirements as follows, after the EV Guidelines update. "
     "Section 4.9.1.1: add reason 17.", MD, {("m0", "BR", "4.9.1.1", None)}),
    # a document named in the number's own sentence still decides
    ("Here are the proposed changes to the MRSP. Section 4.9.3 of the TLS BRs is already clear.", CCP,
     {("m0", "BR", "4.9.3", None)}),
    # near misses: no change statement (the document named before decides, as before)
    ("The MRSP was discussed, then the EV Guidelines. Section 3.2 covers it.", CCP,
     {("m0", "EVG", "3.2", None)}),
    ("We read the changes in the MRSP. The CCADB Policy is also relevant. Section 5.2 covers it.", CCP,
     {("m0", "CCADB", "5.2", None)}),
]

# "the X section of the main policy (section 4)": the number in parentheses right after "the (main) policy" on a root
# program's list is that program's policy (home_policy_before reads "(" as it reads ","), whatever the X and the subject
SUBJECT_FORMS = [
    # dev-security-policy, Gerv Markham, Policy 2.5 proposal (batch R, mdl-codeverge), trimmed
    ("We should consider whether we can just put that stuff into the CCADB section of the main policy (section 4), "
     "and reduce the number of documents people have to juggle.", MDL, _MERGE, {("m0", "MRSP", "4", None)}),
    ("Move it into the audit section of our policy (section 3) instead.", MDL, _MERGE, {("m0", "MRSP", "3", None)}),
    ("The current policy (section 5.2) already says so.", MDL, None, {("m0", "MRSP", "5.2", None)}),
    # near misses: someone else's policy, a named policy, no root program's list
    ("Their main policy (section 4) differs.", MDL, _MERGE, {("m0", "CCADB", "4", None)}),
    ("Look at the CCADB policy (section 4) first.", MDL, _MERGE, {("m0", "CCADB", "4", None)}),
    ("We can put that into the main policy (section 4).", SW, None, {("m0", "BR", "4", None)}),
]


@pytest.mark.parametrize("text,list_name,subject,expected", SUBJECT_FORMS,
                         ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(SUBJECT_FORMS)])
def test_cite13s_home_policy_in_parentheses(text, list_name, subject, expected):
    assert _thread_citations([text], list_name, subject) == expected


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite13s_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
