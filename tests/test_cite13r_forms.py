"""Citation forms of mail and page text nobody here tuned for (issue 14, session 13 "cite13r"): batch R of
/work/notes13/cite13r-table (Bugzilla "CA Certificate Compliance" incident reports, dev-security-policy, CA/B Forum
pipermail; collected, deduped against every earlier table, frozen by sha256 and scored on main 23b4043 before these
changes). Each class: real snippets (source in a comment) and constructed variants, including near misses that must
stay as they were. Exact (message, document, section, item) of a one-message thread in the list named.

Classes fixed here:
- a CA's CP/CPS named with the CA's name and no possessive ("Section 1.5.2 of the HARICA CP/CPS"): the CA's own
  CP/CPS, as "of HARICA's CP/CPS" is ({OWNER} reads a capitalised name right before CP/CPS, CPS or CP);
- "the main policy" on a root program's list ("into section 4 of the main policy"): that program's policy, as
  "section 4 of the policy" is (``home_policy_after`` / ``home_policy_before`` read "main" between the determiner
  and "policy");
- the "Relevant policies" line of the CCADB incident-report template: a document, its version and effective date,
  then a section number without "Section" ("Baseline Requirements for the Issuance and Management of
  Publicly-Trusted TLS Server Certificates, Version 2.2.1, Effective 16-December-2025, 2.2"; "CCADB Policy Version
  2.0, Effective: July 15, 2025\\n6.2 Certificate Revocation List Disclosures"): that document's section
  (``doc_version_section`` reads the standard title after the name and an effective date after the version; with
  a date, the number needs no keyword but must have two levels).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

BZ = "Bugzilla CA Program :: CA Certificate Compliance"
MD, MDL = "dev-security-policy@mozilla.org", "dev-security-policy@lists.mozilla.org"
SW = "servercert-wg@lists.cabforum.org"

FORMS = [
    # --- a CA's CP/CPS named with the CA's name. Bugzilla 1963629 (HARICA, batch R)
    ("- Relevant policies: Section 1.5.2 of the HARICA CP/CPS (possibly, check below)\nThe TLS BRs have "
     "requirements in Section 4.9.3 that the CA must have procedures.", BZ,
     {("m0", "CPS", "1.5.2", None), ("m0", "BR", "4.9.3", None)}),
    ("The BRs require it, and section 4.9.3 of the Sectigo CPS describes how we do it.", BZ,
     {("m0", "CPS", "4.9.3", None)}),
    ("Per the BRs, see section 3.2.2.4 in the GTS CP/CPS for the methods we use.", BZ,
     {("m0", "CPS", "3.2.2.4", None)}),
    ("Under the TLS BRs, section 4.2.1 of the D-Trust CPS was updated.", BZ, {("m0", "CPS", "4.2.1", None)}),
    # near misses: a possessive (already read), a name before a policy that is no CP/CPS, a named policy
    ("Under the BRs, section 4.9.3 of HARICA's CP/CPS says so.", BZ, {("m0", "CPS", "4.9.3", None)}),
    ("Section 4.9.3 of the Baseline Requirements says so.", BZ, {("m0", "BR", "4.9.3", None)}),
    ("The BRs are clear, and section 4.9.3 of the HARICA website says the same.", BZ,
     {("m0", "BR", "4.9.3", None)}),
    # --- "the main policy" on a root program's list. dev-security-policy (batch R): Gerv Markham, Policy 2.5
    ("This would basically mean copy-pasting the contents of:\ninto section 4 of the main policy, with section "
     "numbers, removing the reference to that dead document from the existing text.", MDL,
     {("m0", "MRSP", "4", None)}),
    ("We should move that text into the main policy, section 5.3, and drop the CCADB copy.", MD,
     {("m0", "MRSP", "5.3", None)}),
    ("Section 2.3 of the main policy already says that the BRs apply.", MDL, {("m0", "MRSP", "2.3", None)}),
    # near misses: "their main policy" (someone else's), not a root program's list
    ("The BRs say one thing, but section 5.2 of their main policy says another.", MDL,
     {("m0", "BR", "5.2", None)}),
    ("Section 4.9.1 of the main policy is the one we follow.", SW, {("m0", "BR", "4.9.1", None)}),
    # --- "Relevant policies": document, version, effective date, section. Bugzilla 2009149, 2007116 (D-Trust)
    ("Preliminary Incident Report\n  \u2022 Relevant policies: Baseline Requirements for the Issuance and "
     "Management of Publicly-Trusted TLS Server Certificates, Version 2.2.1, Effective 16-December-2025, 2.2\n"
     "  \u2022 Source of incident disclosure: Third party reported", BZ, {("m0", "BR", "2.2", None)}),
    ("Relevant policies:\n-\nCCADB Policy Version 2.0, Effective: July 15, 2025\n6.2 Certificate Revocation List "
     "Disclosures -\nSource of incident disclosure:\n-\nThird party reported", BZ, {("m0", "CCADB", "6.2", None)}),
    ("- Relevant policies: TLS BRs v2.1.7, effective 2025-08-01, 4.9.5\n- Source of incident disclosure: Self",
     BZ, {("m0", "BR", "4.9.5", None)}),
    ("Relevant policies: Mozilla Root Store Policy version 3.0 (effective 2025-03-15), 6.1.1", BZ,
     {("m0", "MRSP", "6.1.1", None)}),
    # already read (a keyword after the version), kept
    ("Relevant policies: CA/Browser Forum TLS Baseline Requirements v2.2.2 (effective 2026-01-12), Section 2.2 "
     "in combination with Chrome Root Program Policy, Section 4.1.2", BZ,
     {("m0", "BR", "2.2", None), ("m0", "CRP", "4.1.2", None)}),
    # near misses: a count after the date, a version with no date before a number, a lone number
    ("Relevant policies: Baseline Requirements, Version 2.2.1, Effective 16-December-2025, 2 certificates.", BZ,
     set()),
    ("Relevant policies: Baseline Requirements, Version 2.2.1, 2.2 is what we missed.", BZ, set()),
    ("Relevant policies: CCADB Policy Version 2.0, Effective: July 15, 2025\n6 certificates were affected.", BZ,
     set()),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite13r_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
