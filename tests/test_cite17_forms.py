"""Citation forms of batch AA (issue 14, session 17 "cite17"): 60 passages of GitHub issues, PRs and review comments
(cabforum servercert, smime, code-signing, netsec; mozilla/pkipolicy, www.ccadb.org; letsencrypt/cp-cps, boulder;
zmap/zlint, digicert/pkilint, kroeckx/x509lint, uspki/policies; ACME and RFC discussions), none used before, judged
by hand and frozen by sha256 (/work/notes17/cite17aa) before threadkb ran on them; 35a8d3c read them at F1 0.934.
Each class: the real rows of AA (source in a comment, text as written), constructed variants, and near misses that
must stay as they are. Exact (message, document, section, item) of a one-message thread in the list named.

Classes fixed here:
- a document named as what the text differs from ("Section 7.1.2.10.5 contains deviations from the TBRs", "received
  some updates compared to the TBRs", "differs from", "relative to", "vs."): the document compared with, not the
  number's own (``compared_before``);
- a document's name followed by its version and then a section ("Baseline Requirements 1.6.7, Section 7.1.4.3"):
  the version read by a bare row is no section and heads no list, so the section after it keeps the document of its
  sentence (``_candidate``: ``doc_before`` + ``_names_a_version``; "BR 4.9.1, section 4.9.1.1" stays two sections);
- a section number in parentheses right after the keyword ("This section (9.7) of the EVGs"; two levels or more:
  "this section (1) the CA must …" is an enumeration) (row ``keyword_section``);
- a section proposed anew in a CA's own CP/CPS repository whose sentence names no document ("we should … _add_ a
  4.3.1.1 documenting issuance from Root CAs", the BRs named in an earlier paragraph): that CA's CP/CPS (document
  chooser signal ``own_new_section``, weight 2: over a document read from the message at large only);
- Markdown emphasis with single underscores ("_add_ a 4.3.1.1", "_your_ Section 4.9.1.1") read as blanks like bold
  (``emphasis``, group ``italic``), so the cue words inside it count (snake_case identifiers stay as they are);
- an NSR requirement label written glued ("Item 2f"): the label 2.f (row ``nsr_item``); the NSR's earlier titles
  "Network Security Controls" (v1.1's file name, "Item 2f in [Network Security Controls](…)") and "Network Security
  Guidelines" (the CSBR's words) name the NSR, capitalised only.
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

SM, SC, PP = "GitHub cabforum/smime", "GitHub cabforum/servercert", "GitHub mozilla/pkipolicy"
LE, ZL = "GitHub letsencrypt/cp-cps", "GitHub zmap/zlint"
US, NS = "GitHub uspki/policies", "GitHub cabforum/netsec"
MD = "dev-security-policy@mozilla.org"

FORMS = [
    # --- a document the text differs from. cabforum/smime #292 (batch AA, AA16, AA17)
    ("Note: Section 7.1.2.10.5 contains deviations from the TBRs. Specifically, this allows for not just 1 but "
     "multiple Reserved Policy OIDs in policy restricted CAs", SM, {("m0", "SMIME-BR", "7.1.2.10.5", None)}),
    ("Note: Section 7.1.2.10.8 received some updates compared to the TBRs. Please perform a review before merging",
     SM, {("m0", "SMIME-BR", "7.1.2.10.8", None)}),
    ("Section 7.1.2.10.8 differs from the TBRs.", SM, {("m0", "SMIME-BR", "7.1.2.10.8", None)}),
    ("Section 4.9.3 vs. the TLS BRs: we keep our wording.", SM, {("m0", "SMIME-BR", "4.9.3", None)}),
    ("Section 7.1.2.3 diverges from the TLS BRs in two places.", SM, {("m0", "SMIME-BR", "7.1.2.3", None)}),
    ("Section 4.9.1.1 is stricter relative to the TLS BRs.", SM, {("m0", "SMIME-BR", "4.9.1.1", None)}),
    # near misses: the number is the named document's (its own words say so), or the document comes first
    ("Section 7.1.2.10.8 of the TBRs differs from ours.", SM, {("m0", "BR", "7.1.2.10.8", None)}),
    ("BR section 4.9.1.1 compared to MRSP 6.1.1", MD, {("m0", "BR", "4.9.1.1", None), ("m0", "MRSP", "6.1.1", None)}),
    ("The TBRs differ from us in section 4.9.1.1 here.", SM, {("m0", "BR", "4.9.1.1", None)}),
    # --- a version after the document's name, then a section. cabforum/servercert #154 (batch AA, AA09)
    ("This was originally raised on the [servercert mailing list](https://cabforum.org/pipermail/servercert-wg/"
     "2019-October/001154.html)\n\nBaseline Requirements 1.6.7, Section 7.1.4.3, sets the permitted fields and "
     "validation requirements.", SC, {("m0", "BR", "7.1.4.3", None)}),
    ("BR 1.6.7, Section 7.1.4.3, sets the permitted fields.", SC, {("m0", "BR", "7.1.4.3", None)}),
    ("EV Guidelines 1.7.3, section 9.2.4 says the field is optional.", SC, {("m0", "EVG", "9.2.4", None)}),
    ("Mozilla Root Store Policy 2.7.1, section 5.3.2 says so.", MD, {("m0", "MRSP", "5.3.2", None)}),
    # near misses: a number that is a section, not a version, heads its list; a version alone cites nothing
    ("BR 4.9.1, section 4.9.1.1 applies.", SC, {("m0", "BR", "4.9.1", None), ("m0", "BR", "4.9.1.1", None)}),
    ("Baseline Requirements 1.6.7 sets the permitted fields.", SC, set()),
    ("Baseline Requirements version 1.6.7, Section 7.1.4.3, sets the fields.", SC, {("m0", "BR", "7.1.4.3", None)}),
    # --- a section number in parentheses after the keyword. cabforum/servercert #490 (batch AA, AA12)
    ("@vanbroup: This section (9.7) of the EVGs begins with:\n*\"All provisions of the Baseline Requirements "
     "concerning Minimum Cryptographic Algorithms, Key\nSizes, and Certificate Extensions apply to EV Certificates "
     "with the following exceptions:\"*", SC, {("m0", "EVG", "9.7", None)}),
    ("See Section (4.9.1.1) for the reasons.", SC, {("m0", "BR", "4.9.1.1", None)}),
    ("This section (5.3.1) of the policy needs work.", PP, {("m0", "MRSP", "5.3.1", None)}),
    # near misses: one level (an enumeration), a letter, words
    ("Under this section (1) the CA must log, and (2) keep logs.", PP, set()),
    ("section (6) covers revocation", PP, set()),
    ("Section (a) of the EVG is unclear.", SC, set()),
    # --- a section proposed anew in a CA's own CP/CPS repository. letsencrypt/cp-cps #245 (batch AA, AA21)
    ("Is there any required content for this section? I think we could just delete this paragraph. BRs have:\n\n> 4.3 "
     "Certificate issuance\n> 4.3.1 CA actions during certificate issuance\n> 4.3.1.1 Manual authorization of "
     "certificate issuance for Root CAs\n> Certificate issuance by the Root CA SHALL require an individual authorized "
     "by the CA (i.e. the CA\nsystem operator, system officer, or PKI administrator) to deliberately issue a direct "
     "command in\norder for the Root CA to perform a certificate signing operation.\n> 4.3.1.2 Linting of "
     "to\u2011be\u2011signed Certificate content\nDue to the complexity involved in implementing Certificate Profiles "
     "that conform to these\nRequirements, it is considered best practice for the CA to implement a Linting process "
     "to test the\ntechnical conformity of each to\u2010be\u2010signed artifact prior to signing it.\n\nIt seems like "
     "we should delete the paragraph we have here, _add_ a 4.3.1.1 documenting issuance from Root CAs, and _add_ "
     "section discussing our linting process.", LE,
     {("m0", "BR", "4.3", None), ("m0", "BR", "4.3.1", None), ("m0", "BR", "4.3.1.1", None),
      ("m0", "BR", "4.3.1.2", None), ("m0", "CPS", "4.3.1.1", None)}),
    ("The BRs changed.\n\nWe should add a new section 4.3.1.1 documenting issuance from Root CAs.", LE,
     {("m0", "CPS", "4.3.1.1", None)}),
    ("The BRs changed last year.\n\nLet's add 4.3.1.2 on our linting.", LE, {("m0", "CPS", "4.3.1.2", None)}),
    # near misses: the sentence names the policy that adds it; a policy's own repository; no proposal
    ("The BRs added 4.3.1.2 on linting.", LE, {("m0", "BR", "4.3.1.2", None)}),
    ("The BRs changed.\n\nWe should add a new section 4.3.1.3 documenting issuance from Root CAs.", SC,
     {("m0", "BR", "4.3.1.3", None)}),
    ("The BRs have 4.3.1.2.\n\nWe comply with 4.3.1.2 already.", LE, {("m0", "BR", "4.3.1.2", None)}),
    # --- emphasis with single underscores read as blanks (own_copy then reads "_your_")
    ("Section 4.9.1.1 of the BRs requires 24 hours, and _your_ Section 4.9.1.1 says 5 days.", MD,
     {("m0", "BR", "4.9.1.1", None), ("m0", "CPS", "4.9.1.1", None)}),
    ("We think _our_ Section 7 needs the new tabular format of the BRs.", LE, {("m0", "CPS", "7", None)}),
    # near misses: identifiers with underscores stay; an underscore inside a word is no emphasis
    ("The e_sub_cert_eku_extra_values lint cites BR 7.1.2.3.", ZL, {("m0", "BR", "7.1.2.3", None)}),
    ("lint_sub_cert_4_9_1_1 checks section 4.9.1.1 of the BRs.", ZL, {("m0", "BR", "4.9.1.1", None)}),
    # --- an NSR requirement label written glued, and the NSR's earlier titles. uspki/policies #236 (batch AA, AA48;
    # judged (NSR, 2, f) at freezing, the project writes the old NSR's lettered requirements as the section "2.f")
    ("This is a baseline requirement under the network security controls: Item 2f in [Network Security Controls]"
     "(https://cabforum.org/wp-content/uploads/CABForum_Network_Security_Controls_v.1.1.pdf)", US,
     {("m0", "NSR", "2.f", None)}),
    ("Item 2f of the NCSSRs applies to us.", US, {("m0", "NSR", "2.f", None)}),
    ("Item 2f is unclear to me.", NS, {("m0", "NSR", "2.f", None)}),
    # cabforum/code-signing #12 (a CSBR diff): "in accordance with the CA/Browser Forum's Network Security Guidelines"
    ("The CA MUST protect its signing operations in accordance with the CA/Browser Forum's Network Security "
     "Guidelines, section 2.f", US, {("m0", "NSR", "2.f", None)}),
    # near misses: no NSR around it; "network security controls" in lower case is no title
    ("Item 2f of the list is done.", SC, set()),
    ("We implement network security controls as section 4.9.1.1 of the BRs says.", US, {("m0", "BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite17_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
