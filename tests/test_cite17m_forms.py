"""Citation forms a fresh mail batch MB showed (issue 14, session 17 "cite17m"; /work/notes17/cite17mb: 30 passages of
Mozilla dev-security-policy (mail-archive.com, Google Groups), CA/Browser Forum pipermail (public, servercert-wg,
validation, smcwg-public) and one Bugzilla bug, frozen by sha256 before threadkb ran on them). Each class: the real
rows (batch MB's, source in a comment, text as archived), constructed variants, and near misses that must stay as they
are. Exact (message, document, section, item) of a one-message thread in the list named.

Classes fixed here:
- a bare number whose title the writer gives, quoted or in parentheses, where nothing around it names a document
  (the thread would guess: 'section 5.3 "Intermediate Certificates"' on Mozilla's list, where "(S/MIME)" later in the
  message made the guess the S/MIME BR): the one indexed document that gives the number that title (document chooser
  signal ``index_title``, which before voted only against a document the context read); not a pasted heading line
  (any copy of the text has it), not where two documents share the title, not where the thread's home is a document
  the index lacks (the S/MIME BR's repository, a CA's CP/CPS). The same number repeated bare later in the text takes
  that document too (the context step for "the same number cited before with its document" reads such a number);
- a list of sections after an RFC that the chooser gave the RFC ("RFC 5322 (internet message format, sections 3.2.3
  and 3.4.1)"): every number of the list is that RFC's section (was 'RFC 3.4.1': the later numbers kept the document
  but not the RFC's number);
- an RFC's number followed by a number that opens a policy heading, the title the index gives that number after it
  (a flattened breadcrumb of BR headings: "… Application of RFC 5280 7.1.2.2 Subordinate CA Certificate"): the RFC is
  cited alone, the number is the policy's (row ``rfc``/``rfc_numbered_item``; not with a section keyword between, not
  where the words after are no such title);
- a passage pasted in quotation marks after a paragraph that introduces it with a colon ("Section 2.3 of the Bylaws
  pertains to … This section states:" then '"(c) As described in Section 2.2(d), …"', the quoted Outlook message of
  batch MB's MB28): a bare number inside it is the document that introduction names (a document that is no policy,
  the Bylaws, drops it; was the thread's guess, BR 2.2(d)); a document named as the owner of a part ("Section 5 of
  the CCADB Policy") otherwise decides only its own sentence and paragraph, as before;
- "Section 4.1 of the IPR Policy": a section of the Forum's IPR policy named after the number (table
  ``other_document_after``), no policy citation, as the project reads the IPR policy named before a number and "Section
  2.3 of the Bylaws" (test_cite11_forms); was BR 4.1.
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

MD, SW, SM = "dev-security-policy", "servercert-wg", "smcwg-public"
SMIME, LE = "GitHub cabforum/smime", "GitHub letsencrypt/cp-cps"

MB08 = (  # www.mail-archive.com/dev-security-policy@lists.mozilla.org/msg10276.html (Wayne Thayer; batch MB, MB08)
    "During a 2.6 policy discussion [1], we agreed to add the following language\nto section 5.3 \"Intermediate "
    "Certificates\":\n\n> Intermediate certificates created after January 1, 2019:\n>\n>\n> * MUST contain an EKU "
    "extension; and,\n> * MUST NOT include the anyExtendedKeyUsage KeyPurposeId; and,\n> * MUST NOT include both the "
    "id-kp-serverAuth and id-kp-emailProtection\n> KeyPurposeIds in the same certificate.\n>\n\nIt has been pointed "
    "out to me that the very next paragraph of section 5.3\nstates:\n\nThese requirements include all cross-certified "
    "certificates which chain to\n> a certificate that is included in Mozilla\u2019s CA Certificate Program.\n>\n\nThe "
    "term \"cross-certified certificates\" could refer to the actual\ncross-certificate, or it could refer to "
    "intermediate certificates that\nchain up to the cross certificate. In the case of a root that is being\n"
    "cross-certified, the former interpretation effectively means that distinct\ncross-certificates would be required "
    "for serverAuth and emailProtection, as\nfollows:\n\n1 - Root <-- Cross-certificate (EKU=emailProtection) <-- "
    "Intermediate\ncertificate (EKU=emailProtection) <-- leaf certificate (S/MIME)\n2 - Root <-- Cross-certificate "
    "(EKU=serverAuth) <-- Intermediate\ncertificate (EKU=serverAuth) <-- leaf certificate (SSL/TLS)\n\nShould our "
    "policy require cross-certificates to be constrained to either\nserverAuth or emailProtection via EKU, or should "
    "this requirement only\napply to [all other] intermediate certificates?\n\nWhat is the correct interpretation of "
    "section 5.3 of the policy as\ncurrently written?\n\nI would appreciate everyone's input on these questions.\n\n- "
    "Wayne")

MB19 = (  # lists.cabforum.org/pipermail/smcwg-public/2020-November/000051.html (Stephen Davidson; batch MB, MB19)
    "To date our discussion related to email addresses in S/MIME has been a general reference to rfc822Name along the "
    "lines of:\n\n\n\nExtension ID:                      subjectAlternateName\n\nPermitted Value(s):        MUST "
    "contain at least one rfc822Name value. Each rfc822Name and otherName value must be verified with publicly "
    "documented and audited measures in accordance with Section 3.2.2.\n\nReferences:                        RFC 5280, "
    "Section 4.2.1.6\n\n\n\nIf the latter, I believe the most relevant would include RFC 5322 (internet message "
    "format, sections 3.2.3 and 3.4.1), RFC 3696 (informational, checking of names), and RFC 8398 (internationalized "
    "email addresses).")

MB10 = (  # www.mail-archive.com/dev-security-policy@lists.mozilla.org/msg13728.html (batch MB, MB10; archived flattened,
    # the BR's headings run together on one line; cut to the breadcrumb's last two headings)
    "You could find the following requirement in the latest Baseline Requirement: 7.1.2 Certificate Content and "
    "Extensions; Application of RFC 5280 7.1.2.2 Subordinate CA Certificate ... g. extkeyUsage (optional/required) For "
    "Cross Certificates ...")

FORMS = [
    # --- a title set off after a bare number names its document
    (MB08, MD, {("m0", "MRSP", "5.3", None)}),
    ("We should revisit section 5.3 (\"Intermediate Certificates\") before the next version.", MD,
     {("m0", "MRSP", "5.3", None)}),
    ("Section 7.1 \"Inclusions\" says the CA must be audited.", MD, {("m0", "MRSP", "7.1", None)}),
    ("Section 4.9.1.1 (Reasons for Revoking a Subscriber Certificate) needs the same change.", MD,
     {("m0", "BR", "4.9.1.1", None)}),
    ("Section 5.3 (\u201cIntermediate Certificates\u201d) needs an EKU.", SW, {("m0", "MRSP", "5.3", None)}),
    # the same number repeated bare after it: the title's document (alone, "S/MIME" in its sentence made it the
    # S/MIME BR's; next row)
    ("Section 5.3 \"Intermediate Certificates\" reads well.\n\nBut the next paragraph of section 5.3 covers S/MIME "
     "certificates too.", MD, {("m0", "MRSP", "5.3", None)}),
    ("But the next paragraph of section 5.3 covers S/MIME certificates too.", MD, {("m0", "SMIME-BR", "5.3", None)}),
    # near misses: a title two documents share, no title known, no title, a home the index lacks, a CA's own CP/CPS
    ("Section 5.3 \"Personnel controls\" applies here.", MD, {("m0", "BR", "5.3", None)}),
    ("Section 5.3 \"Audit logging\" applies here.", MD, {("m0", "BR", "5.3", None)}),
    ("Section 5.3 applies here.", MD, {("m0", "BR", "5.3", None)}),
    ("Section 4.9.1.1 (\"Reasons for Revoking a Subscriber Certificate\") needs the same change.", SMIME,
     {("m0", "SMIME-BR", "4.9.1.1", None)}),
    ("Section 4.9.1.1 (\"Reasons for Revoking a Subscriber Certificate\") needs the same change.", LE,
     {("m0", "CPS", "4.9.1.1", None)}),
    # --- a list of sections after an RFC the chooser gave the RFC
    (MB19, SM, {("m0", "SMIME-BR", "3.2.2", None), ("m0", "RFC", "5280", "4.2.1.6"), ("m0", "RFC", "5322", None),
                ("m0", "RFC", "5322", "3.2.3"), ("m0", "RFC", "5322", "3.4.1"), ("m0", "RFC", "3696", None),
                ("m0", "RFC", "8398", None)}),
    ("RFC 6960 (OCSP, sections 4.2.2.2 and 4.2.2.3) says so.", MD,
     {("m0", "RFC", "6960", None), ("m0", "RFC", "6960", "4.2.2.2"), ("m0", "RFC", "6960", "4.2.2.3")}),
    ("RFC 5280 (see sections 4.2.1.6 and 4.2.1.10)", MD,
     {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.6"), ("m0", "RFC", "5280", "4.2.1.10")}),
    # near misses: a later list that names its own document, the RFC row's own list (read before)
    ("RFC 5280 (see section 4.2.1.6), and BR sections 7.1.2.3 and 7.1.2.4 too.", MD,
     {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.6"), ("m0", "BR", "7.1.2.3", None),
      ("m0", "BR", "7.1.2.4", None)}),
    ("Per RFC 5280, sections 4.2.1.6 and 4.2.1.10 apply.", MD,
     {("m0", "RFC", "5280", "4.2.1.6"), ("m0", "RFC", "5280", "4.2.1.10")}),
    # --- an RFC followed by the next policy heading
    (MB10, MD, {("m0", "BR", "7.1.2", None), ("m0", "RFC", "5280", None), ("m0", "BR", "7.1.2.2", None)}),
    ("The Baseline Requirements say: 7.1.2 Certificate Content and Extensions; Application of RFC 5280 7.1.2.3 "
     "Subscriber Certificate ... f. extKeyUsage (required)", SW,
     {("m0", "BR", "7.1.2", None), ("m0", "RFC", "5280", None), ("m0", "BR", "7.1.2.3", None)}),
    # near misses: the RFC's own section and its title, a section keyword, a title the number's policy heading lacks
    ("RFC 5280 4.2.1.10 Name Constraints is the one.", SW, {("m0", "RFC", "5280", "4.2.1.10")}),
    ("See RFC 5280 6.1.1 for the inputs of path validation.", SW, {("m0", "RFC", "5280", "6.1.1")}),
    ("RFC 5280 section 7.1.2.2 Subordinate CA Certificate", SW, {("m0", "RFC", "5280", "7.1.2.2")}),
    ("RFC 5280 7.1 Internationalized Names in Distinguished Names", SW, {("m0", "RFC", "5280", "7.1")}),
    # --- a quoted passage a colon introduces: the introduction's document. The quoted message of
    # www.mail-archive.com/public@cabforum.org/msg03937.html (Virginia Fournier; batch MB, MB28)
    ("Hello all,\n\n \n\nMany members have made good points on this conundrum.  My personal view (and \nnot "
     "Apple\u2019s corporate position) is as follows:\n\n \n\nSection 2.3 of the Bylaws pertains to Requirements for "
     "Draft Guideline Ballots. \n This section states:\n\n\"(c) As described in Section 2.2(d), upon completion of "
     "such discussion period, \nMembers shall have exactly seven calendar days to vote on a Draft Guideline \nBallot, "
     "with the deadline clearly communicated in the ballot sent via the \nPublic Mail List.", "public", set()),
    ("Section 5 of the CCADB Policy covers audits. It reads:\n\n\"Audit statements as described in Section 5.1 MUST "
     "be provided.\"", MD, {("m0", "CCADB", "5", None), ("m0", "CCADB", "5.1", None)}),
    ("Section 4.1 of the IPR Policy says:\n\n\u201cMembers agree to the terms in Section 8.2 below.\u201d", "public",
     set()),
    # near misses: no colon, no quotation mark (the owner decides its own paragraph only, as before)
    ("Section 5 of the CCADB Policy covers audits.\n\n\"Audit statements as described in Section 5.1 MUST be "
     "provided.\"", MD, {("m0", "CCADB", "5", None), ("m0", "BR", "5.1", None)}),
    ("Section 5 of the CCADB Policy covers audits. It reads:\n\nAudit statements as described in Section 5.1 MUST be "
     "provided.", MD, {("m0", "CCADB", "5", None), ("m0", "BR", "5.1", None)}),
    # --- a section of the IPR policy named after the number
    ("Section 4.1 of the IPR Policy applies.", "public", set()),
    ("Section 4.1 of the Intellectual Property Rights Policy applies.", "public", set()),
    # near misses: "the policy" on Mozilla's list, a policy named after the number
    ("Section 5.2 of the policy applies.", MD, {("m0", "MRSP", "5.2", None)}),
    ("Section 5.2 of the CCADB Policy applies.", "public", {("m0", "CCADB", "5.2", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite17m_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
