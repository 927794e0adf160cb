"""The forms reviewers write (issue 14 item 5), each with exact (document, section, item); document None = the
thread decides. Constructed variants of the forms of the brief: section signs and paragraph marks, possessives,
lists and ranges, RFC sections, ballots, versions, dates, addresses."""
from __future__ import annotations

import pytest

from threadkb.extract.citations import find_citations

FORMS = [
    ("section 7.1.2.7.6 of the BRs says", [("BR", "7.1.2.7.6", None)]),
    ("BRs §7.1.2.7.6 says", [("BR", "7.1.2.7.6", None)]),
    ("TLS BR 7.1.2.10.3 says", [("BR", "7.1.2.10.3", None)]),
    ("the BRs' §4.9.1.1(1) requires", [("BR", "4.9.1.1", 1)]),
    ("BR §4.9.1.1 ¶3 requires", [("BR", "4.9.1.1", 3)]),
    ("BR § 4.9.1.1 ¶ 3 requires", [("BR", "4.9.1.1", 3)]),
    ("MRSP section 2.2 paragraph 3 says", [("MRSP", "2.2", 3)]),
    ("BR 4.9.1.1, #4 says", [("BR", "4.9.1.1", 4)]),
    ("Sections 4.9.1.1 and 4.9.1.2 apply", [(None, "4.9.1.1", None), (None, "4.9.1.2", None)]),
    ("§§ 4.9.1.1 and 4.9.1.2 apply", [(None, "4.9.1.1", None), (None, "4.9.1.2", None)]),
    ("Sections 4.9.1.1, 4.9.1.2, and 4.9.3 apply", [(None, "4.9.1.1", None), (None, "4.9.1.2", None),
                                                   (None, "4.9.3", None)]),
    ("BR 4.9.1.1–4.9.1.2 apply", [("BR", "4.9.1.1", None), ("BR", "4.9.1.2", None)]),  # a range: its ends
    ("sections 4.9.1.1 through 4.9.1.2 apply", [(None, "4.9.1.1", None), (None, "4.9.1.2", None)]),
    ("RFC 5280 §4.2.1.9 says", [("RFC", "5280", "4.2.1.9")]),
    ("RFC5280, Section 6.1 says", [("RFC", "5280", "6.1")]),
    ("[RFC 5280, Section 4.2.1.9] says", [("RFC", "5280", "4.2.1.9")]),
    ("RFC 6962 (Section 3.3) says", [("RFC", "6962", "3.3")]),
    ("RFC 5280's section 4.2.1.9 says", [("RFC", "5280", "4.2.1.9")]),
    ("RFC 5280 (§ 4.2.1.9) says", [("RFC", "5280", "4.2.1.9")]),
    ("section 6.1 of RFC5280 says", [("RFC", "5280", "6.1")]),
    ("EVG 11.2.1 says", [("EVG", "11.2.1", None)]),
    ("EVGs §11.13 says", [("EVG", "11.13", None)]),
    ("SMIME-BR 7.1.4.2.2 (d) says", [("SMIME-BR", "7.1.4.2.2", "d")]),
    ("3.2.2.4.1 item (3) and 3.2.2.4.1 #3", [(None, "3.2.2.4.1", 3), (None, "3.2.2.4.1", 3)]),
    ("Per NSR 1.12 we must", [("NSR", "1.12", None)]),
    ("Code Signing BRs section 6.2.7.4.1 says", [("CSBR", "6.2.7.4.1", None)]),
    ("Chrome policy section 6.2.1 says", [("CRP", "6.2.1", None)]),
    ("the CCADB Policy section 5.1 says", [("CCADB", "5.1", None)]),
    ("BR v2.1.2 section 4.9.1.1", [("BR", "4.9.1.1", None)]),
    ("reason #4 in BR 4.9.1.1 says", [("BR", "4.9.1.1", 4)]),
    ("Baseline Requirement 4.9.1.1 says", [("BR", "4.9.1.1", None)]),
    ("CA/Browser Forum Baseline Requirements section 4.9.1.1 says", [("BR", "4.9.1.1", None)]),
    ("Mozilla Root Store Policy (MRSP) section 6.1.1 says", [("MRSP", "6.1.1", None)]),
    ("Chrome Root Program Policy v1.5 §3.2 says", [("CRP", "3.2", None)]),
    ("BR [4.9.1.1] says", [("BR", "4.9.1.1", None)]),
    # other root programs and standards are OTHER, never the thread's policy; "clause" only after one of them
    ("Apple's Root Certificate Program section 4.1 says", [("OTHER", "4.1", None)]),
    ("the Apple policy, section 2.1.1 says", [("OTHER", "2.1.1", None)]),
    ("Microsoft's Trusted Root Program requirements section 3.14 says", [("OTHER", "3.14", None)]),
    ("the ETSI EN 319 411-1 clause 6.3.1 says", [("OTHER", "6.3.1", None)]),
    ("clause 6.3.1 of ETSI EN 319 411-1 says", [("OTHER", "6.3.1", None)]),
    # Markdown emphasis by underscores (GitHub): "_" next to a citation is no part of a word
    ("see _BR 4.9.1.1_ here", [("BR", "4.9.1.1", None)]),
    ("see _4.9.1.1_ here", [(None, "4.9.1.1", None)]),
    ("__Section 4.9.1.1__ says", [(None, "4.9.1.1", None)]),
    ("_Section 4.9.1.1 of the BRs_", [("BR", "4.9.1.1", None)]),
    ("_see BR 4.9.1.1, items 4 and 5_", [("BR", "4.9.1.1", 4), ("BR", "4.9.1.1", 5)]),
    # a linter's citation strings and the source it names (zlint: Citation / Source lines of a lint)
    ('Citation: "CABF S/MIME BRs 7.1.2.3.e",', [("SMIME-BR", "7.1.2.3", "e")]),
    ('Citation:     "7.1.4.2.2",\n\t\tSource:        lint.CABFSMIMEBaselineRequirements,',
     [("SMIME-BR", "7.1.4.2.2", None)]),
    ('Source: lint.CABFBaselineRequirements,\n\t\tCitation: "7.1.2.7.6",', [("BR", "7.1.2.7.6", None)]),
    ('Citation: "CABF EV Guidelines 9.2.3",', [("EVG", "9.2.3", None)]),
    ('Citation: "BRs: 6.1.5 & 6.1.6",', [("BR", "6.1.5", None), ("BR", "6.1.6", None)]),
    ("see 4.9.1.1 and > 3.2.2.4 quoting", [(None, "4.9.1.1", None), (None, "3.2.2.4", None)]),  # ">" is a quote mark
]

NOT_CITATIONS = [
    "Ballot SC-081 is the one",
    "Ballot SC-081v3 and SC81v3 and SMC-09 and CSC-13 and NS-003",
    "version 2.0.1 of the BRs",
    "MRSP 3.0 is out",
    "Mozilla Root Store Policy v3.0 is out",
    "BRs version 1.8.7 says",
    "the BRs (v2.0.1) say",
    "On 2024.06.05 we met",
    "On 05.06.2024 we met, and on 5.6.2024, 12.3.24 and 1.2.2025",
    "from 192.168.1.10 and 10.1.1.1",
    "Go 1.21.5 and Python 3.11.4 and NSS 3.98",
    "Firefox 120.0.1 and Chrome 117.0.5938.62",
    "zlint 3.6.1 and pkilint 5.3.1",
    "1.1 Background\n1.2 Timeline\n2.1.1 Details",
    "WebTrust for CAs 2.2.2 principle 2 says",  # a version of the WebTrust criteria
    "in clause 6.3.1 of the audit report",
    "openssl_1.1.1 and lint_4.9.1.1 and 4.9.1.1_notes and BR_4.9.1.1",  # identifiers
    "Previously, Ubuntu 9.10, gcc 4.4.1 was getting",  # non-PKI mbox yardstick (notmuch list)
    "requires zlint >= 3.6.1, or if x <= 4.9.1.1",  # compared numbers are versions or quantities
]



LINKS = [
    # a link to a published copy names the document of the bare numbers near it (PDFs, the old Chrome page)
    ("See https://cabforum.org/wp-content/uploads/CA-Browser-Forum-BR-1.8.7.pdf and 4.9.1.1 there",
     [("BR", "4.9.1.1", None)]),
    ("See https://cabforum.org/wp-content/uploads/CA-Browser-Forum-TLS-BR-2.0.2.pdf and 7.1.2.7.6",
     [("BR", "7.1.2.7.6", None)]),
    ("See https://cabforum.org/wp-content/uploads/CA-Browser-Forum-EV-Guidelines-v1.8.0.pdf and 11.2.1 there",
     [("EVG", "11.2.1", None)]),
    ("See https://cabforum.org/wp-content/uploads/CA-Browser-Forum-SMIMEBR-1.0.3.pdf and 7.1.4.2.3 there",
     [("SMIME-BR", "7.1.4.2.3", None)]),
    ("See https://cabforum.org/uploads/Baseline-Requirements-for-the-Issuance-and-Management-of-Code-Signing.v3.7.pdf"
     " and 6.2.7.4.1 there", [("CSBR", "6.2.7.4.1", None)]),
    ("See https://www.chromium.org/Home/chromium-security/root-ca-policy/ and section 5.1.2 there",
     [("CRP", "5.1.2", None)]),
    ("https://github.com/cabforum/servercert/blob/main/docs/BR.md#L1259 says 6.1.1.3", [("BR", "6.1.1.3", None)]),
    ("https://github.com/cabforum/servercert/blob/5e1b2c3/docs/BR.md#71276-subscriber-certificate-extensions",
     [("BR", "7.1.2.7.6", None)]),
    ("https://cabforum.org/working-groups/smime/requirements/#71422-subject-distinguished-name-fields",
     [("SMIME-BR", "7.1.4.2.2", None)]),
    ("https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/policy/#521-ecdsa",
     [("MRSP", "5.2.1", None)]),
]


NSR_FORMS = [
    # requirement labels of the Network Security Requirements ("1.j", "1.12"), named as requirements or items
    ("NetSec requirement 1.j says", [("NSR", "1.j", None)]),
    ("NSR requirement 1.12 says", [("NSR", "1.12", None)]),
    ("Network Security Requirement 2.g says", [("NSR", "2.g", None)]),
    ("NCSSR 1.h and 1.j", [("NSR", "1.h", None), ("NSR", "1.j", None)]),  # a list of labels: no section "1"
    ("NSR Items 1.12 and 1.13", [("NSR", "1.12", None), ("NSR", "1.13", None)]),
    ("Section 1.2.2 of the NSRs says", [("NSR", "1.2.2", None)]),
    ("BR 4.9.1.1 and 1.j", [("BR", "4.9.1.1", None)]),  # a label never continues a list of sections
]


ROWS = FORMS + LINKS + NSR_FORMS + [(t, []) for t in NOT_CITATIONS]


@pytest.mark.parametrize("text,expected", ROWS, ids=[r[0][:40] for r in ROWS])
def test_reviewer_forms(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected
