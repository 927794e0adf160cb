"""Citation forms of policy discussions (issue 14 item 5): items named by method/paragraph, parenthesised, hashed
and lettered items, appendices, Network Security Requirements labels, sections named only by a link, diff
headings, pasted list items; and the document a bare number belongs to from the repository or list of the thread.

Each class has rows from the corpora (marked "corpus NNN") and constructed variants.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from test_citations import FORMS as OLD_FORMS, _extract as _extract_messages, _message, _triples
from threadkb.extract.citations import find_citations, get_table
from threadkb.models import Extraction

# (text, expected [(document, section, item)]; document None = the thread decides)
FORMS = [
    ("as required in BR #7.1.4.2 (order)", [("BR", "7.1.4.2", None)]),  # hash_section (cite14c)
    ("#4 and #5 of BR 4.9.1.1 apply", [("BR", "4.9.1.1", 4), ("BR", "4.9.1.1", 5)]),  # an item by its number sign
    ("SMIME BRs 7.1.2.3e applies", [("SMIME-BR", "7.1.2.3", "e")]),  # a letter glued to the number: its item
    ("revisions to 4.3 (Vulnerability Management) and 4.4.", [(None, "4.3", None), (None, "4.4", None)]),  # titled
    ('Edit 3.3 Item 7 to Require "all" CPs', [(None, "3.3", 7)]),  # numbered_item (mozilla/pkipolicy #249)
    ("- [x] 2.1 CA Operations", [("MRSP", "2.1", None)]),  # titled_heading (uspki/policies #577)
    ("Moved some to 9.12.", [(None, "9.12", None)]),  # cued_number (uspki/policies #211): the context decides
    ("Table 1.2.2 in the TLS BRs says", [("BR", "1.2.2", None)]),  # table_section (cabforum/servercert #520)
    ('"made aware of a material change" (#6 in the 5 day range)', [(None, "4.9.1.1", 6)]),  # revocation_reason_item
    # (public@, Ballot SC6): an item of the revocation reasons by its list's time limit
    ("The changes to version 2.5 of the MRSP: added to the scope. (1.1)\n",  # closing_parenthesis_number (public@,
     [("MRSP", "1.1", None)]),  # MRSP 2.5): a section of the policy the text says it changes, no other's
    ("I have a draft of a new item 2 that I'm working on", [(None, None, 2)]),  # article_item (pkipolicy #261):
    # the section its sentence cited before it decides (resolve_context)
    ("- Change item 2 in a few places, enclosed by *:", [(None, None, 2)]),  # edited_item (pkipolicy #74, batch
    # Z): the section the message's own text cited before it decides (resolve_context)
    ("Issues:\n9.4 - Should it be 39 months?\n9.2.4 - Should we address it?",  # dash_list_section (cscwg, batch V)
     [(None, "9.4", None), (None, "9.2.4", None)]),
    # several items of one section, named "methods" / "paragraph"
    ("CAB Forum ballot 218 proposes deprecating BR 3.2.2.4 methods 1 and 5 and adding a new method.",  # corpus 101
     [("BR", "3.2.2.4", 1), ("BR", "3.2.2.4", 5)]),
    ("BR 3.2.2.4 methods 9 and 10 have known vulnerabilities and may also need to be retired.",  # corpus 101
     [("BR", "3.2.2.4", 9), ("BR", "3.2.2.4", 10)]),
    ("the BRs, section 3.2.2.4, methods 2, 3 and 4, rely on contacts", [("BR", "3.2.2.4", 2), ("BR", "3.2.2.4", 3),
                                                                       ("BR", "3.2.2.4", 4)]),
    ("BR 3.2.2.4 method 7 is the DNS change method", [("BR", "3.2.2.4", 7)]),
    ("The BRs allow methods 18 and 19 to follow redirects",  # bare_method: a text that names the BR
     [("BR", "3.2.2.4.18", None), ("BR", "3.2.2.4.19", None)]),
    # a section then the document ("chapter 5.3 MRSP"), "chapter" as a section word
    ("Based on the definition of chapter 5.3.1 MRSP paragraph 2 a CA would also be",  # corpus 146
     [("MRSP", "5.3.1", 2)]),
    ("In chapter 5.3 MRSP will state:", [("MRSP", "5.3", None)]),  # corpus 146
    ("every Bug Report, as defined in chapter 7.1, should disclose", [(None, "7.1", None)]),  # corpus 107
    ("Section 4.9.1.1 BR lists the reasons", [("BR", "4.9.1.1", None)]),
    ("see Chapter 6.1.1 of the MRSP", [("MRSP", "6.1.1", None)]),
    # parenthesised and hashed items, with or without an item word
    ('3.2.2.4.8 uses 3.2.2.5, and 3.2.2.5 (4) is "Any other method"',  # corpus 101
     [(None, "3.2.2.4.8", None), (None, "3.2.2.5", None), (None, "3.2.2.5", 4)]),
    ("I think the solution to Ryan's issue is to remove 3.2.2.5 (4).", [(None, "3.2.2.5", 4)]),  # corpus 101
    ("See 3.2.2.4.1 item (3) for that.", [(None, "3.2.2.4.1", 3)]),
    ("See 3.2.2.4.1 #3 for that.", [(None, "3.2.2.4.1", 3)]),
    ("BR 3.2.2.4.1 item #3 does not apply", [("BR", "3.2.2.4.1", 3)]),
    # lettered items
    ("SMIME-BR 7.1.4.2.2 (d) requires the pseudonym", [("SMIME-BR", "7.1.4.2.2", "d")]),
    ("Per S/MIME BR 7.1.4.2.2(d), the CA must", [("SMIME-BR", "7.1.4.2.2", "d")]),
    ("section 7.1.4.2.2 item (h) of the SBRs", [("SMIME-BR", "7.1.4.2.2", "h")]),
    ("see 7.1.4.2.2 (a) and the rest", [(None, "7.1.4.2.2", "a")]),
    ("Sections 4.9.1.1 (1) and (4) apply", [(None, "4.9.1.1", 1), (None, "4.9.1.1", 4)]),
    ("S/MIME BR 7.1.4.2.2 (a), (b) and (c)", [("SMIME-BR", "7.1.4.2.2", "a"), ("SMIME-BR", "7.1.4.2.2", "b"),
                                             ("SMIME-BR", "7.1.4.2.2", "c")]),
    ("the 4th item of BR section 4.9.1.1", [("BR", "4.9.1.1", 4)]),
    # document names
    ("we should consider requiring this audit within Section 8.4 of the SBRs.",  # corpus 127
     [("SMIME-BR", "8.4", None)]),
    ("the TBRs section 4.9.1.1 says", [("BR", "4.9.1.1", None)]),
    ("Don't LINT certificates against BRGs 7.1.2.3", [("BR", "7.1.2.3", None)]),
    ("CS BRs section 6.1.7 covers key storage", [("CSBR", "6.1.7", None)]),
    ("SMIME BR 4.9.1 says", [("SMIME-BR", "4.9.1", None)]),
    # appendices are sections
    ("This is covered in Appendix H of the EVGs.", [("EVG", "Appendix H", None)]),
    ("EVG Appendix D lists the registration agencies", [("EVG", "Appendix D", None)]),
    ("see BR APPENDIX A for the contact tag", [("BR", "Appendix A", None)]),
    ("Appendix A.1 of the BRs lists the methods", [("BR", "A.1", None)]),
    ("as Appendix B explains", [(None, "Appendix B", None)]),
    # Network Security Requirements labels
    ("NSR Item 1.12 requires that.", [("NSR", "1.12", None)]),
    ("Item 1.12 of the NCSSRs requires that.", [("NSR", "1.12", None)]),
    ("NCSSR 1.h needs a review", [("NSR", "1.h", None)]),
    ("the NCSSRs' item 2.g is about MFA", [("NSR", "2.g", None)]),
    ("Item 3.4 covers log integrity", [(None, "3.4", None)]),  # only an NSR thread keeps it (test below)
    # a section named only by a link's fragment
    ("https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/policy/"
     "#611-end-entity-tls-certificate-crlrevocation-reasons", [("MRSP", "6.1.1", None)]),
    ("https://github.com/cabforum/servercert/blob/main/docs/BR.md#4911-reasons-for-revoking-a-subscriber-certificate",
     [("BR", "4.9.1.1", None)]),
    ("see https://www.ccadb.org/policy#51-audit-statement-content for it", [("CCADB", "5.1", None)]),
    ("https://github.com/cabforum/smime/blob/main/SBR.md#71422-subject-distinguished-name-fields",
     [("SMIME-BR", "7.1.4.2.2", None)]),
    ("https://github.com/cabforum/netsec/blob/main/docs/NSR.md#122", [("NSR", "1.2.2", None)]),
    ("https://datatracker.ietf.org/doc/html/rfc5280#section-4.2.1.5", [("RFC", "5280", "4.2.1.5")]),  # corpus 166
    ("as described in [RFC 2119](https://www.rfc-editor.org/rfc/rfc2119)",  # corpus 166 (one link: one citation)
     [("RFC", "2119", None)]),
    ("see https://tools.ietf.org/html/rfc6962#section-3.3 for SCTs", [("RFC", "6962", "3.3")]),
    # the diff shown above a review comment: its headings name sections
    ("docs/BR.md\n```diff\n@@ -1,5 +1,6 @@\n ### 6.3 Other Aspects of Key Pair Management\n+The CA SHALL",
     [("BR", "6.3", None)]),
    ("docs/BR.md:88\n```diff\n@@ -80,7 +80,7 @@ ## 2.2 Publication of information\n-old\n+new",
     [("BR", "2.2", None)]),
    ("```diff\n+#### 4.9.1.1 Reasons for Revoking a Subscriber Certificate\n```", [(None, "4.9.1.1", None)]),
    # a linter's file path names the document its lints cite
    ("v2/lints/cabf_smime_br/lint_pseudonym.go:40\n```diff\n+\t\tCitation: \"7.1.4.2.2\",",
     [("SMIME-BR", "7.1.4.2.2", None)]),
    ("pkilint/cabf/serverauth/serverauth_name.py:12\nsee 7.1.2.7.10 for it", [("BR", "7.1.2.7.10", None)]),
    # a link inside the document edited: the file named above the diff decides, else the heading's title
    ("SBR.md:412\n```diff\n+as in [Section 7.1.4.2.2](#71422-subject-distinguished-name-fields) and more",
     [("SMIME-BR", "7.1.4.2.2", None), ("SMIME-BR", "7.1.4.2.2", None)]),
    ("docs/BR.md:1259\n```diff\n+see [Section 6.1.5](#615-key-sizes)", [("BR", "6.1.5", None), ("BR", "6.1.5", None)]),
    ("rootstore/policy.md\n```diff\n+[Section 4.9.1.1](#4911-reasons-for-revoking-a-subscriber-certificate)",
     [("BR", "4.9.1.1", None), ("BR", "4.9.1.1", None)]),
    # a pasted numbered item after "section X says:"
    ('Section 2.2 of Version 2.5 of Mozilla Root Store Policy says:\n"3. For a certificate capable of being used',
     [("MRSP", "2.2", 3)]),  # corpus 105
    ("BR section 4.9.1.1 states:\n> 4. The CA obtains evidence that", [("BR", "4.9.1.1", 4)]),
    ("MRSP section 7.1 reads as follows:\n\n> 5. Bug Reports are filed", [("MRSP", "7.1", 5)]),
    ("BR section 4.9.1.1 says: 3 of the reasons apply", [("BR", "4.9.1.1", None)]),
    # RFC sections written after the number, zlint's "BRs: 7.1.2.3" citations
    ("RFC 5280 4.2.1.9 says the path length", [("RFC", "5280", "4.2.1.9")]),
    ('Citation: "RFC 5280: 4.2.1.3",', [("RFC", "5280", "4.2.1.3")]),
    ('Citation: "BRs: 7.1.2.3",', [("BR", "7.1.2.3", None)]),
    ("RFC 5280 sections 4.2.1.12 and 4.2.1.13 apply", [("RFC", "5280", "4.2.1.12"), ("RFC", "5280", "4.2.1.13")]),
    ("RFC 5280, section 4.2.1.9, and BR 7.1.2.3", [("RFC", "5280", "4.2.1.9"), ("BR", "7.1.2.3", None)]),
    ("[RFC5280] and 4.9.1.1 of the BRs", [("RFC", "5280", None), ("BR", "4.9.1.1", None)]),
    # other standards are OTHER, never the thread's policy
    ("section 6.3 of ETSI EN 319 411-1 covers it", [("OTHER", "6.3", None)]),
    ("ETSI EN 319 411-1 section 6.3.1 requires", [("OTHER", "6.3.1", None)]),
]

# numbers that are versions, ballots, list numbering or other standards' clauses
NOT_CITATIONS = [
    "was trying to capture from (moz 2.4.1 effective date to BRs 1.7.1 effective date), Moz forbade it",  # corpus 172
    "Mozilla 2.7 requires it",
    "WebTrust for NetSec starts April 1, 2025 and the minimum version should be bumped up to NetSec 2.0",  # corpus 127
    "Comply with Network and Certificate System Security Requirements, Version 2.0",  # corpus 127
    "Ballot SC-063 v2 and SC62 and ballot 218",
    "## 1. Background\nWe propose",
    "BR item 1.12 is odd",
    "see the BR Appendix A.b text",
    "4.9.1.1 (e.g. key compromise) is not this",
    "in clause 6.3 of the audit report",  # ETSI's word: never the thread's policy
    "SBR 1.0.4 was published, then SMIME BR v1.0.2",  # a zero component: a version, never a section
]
ROWS = FORMS + [(text, []) for text in NOT_CITATIONS] + [("RFC 5280 1 time", [("RFC", "5280", None)])]


@pytest.mark.parametrize("text,expected", ROWS, ids=[f[0][:40] for f in ROWS])
def test_forms(text, expected):
    assert _triples(text) == expected


def test_lettered_item_does_not_take_a_number_apart():
    (c,) = find_citations("TLS BR 4.9.1.1 (5) states:")
    assert c.item == 5


def test_every_pattern_row_has_a_form():
    rules = {c.rule.split("+")[0] for text, _ in FORMS + OLD_FORMS for c in find_citations(text)}
    names = {row["name"] for row in get_table().data["patterns"]} | {"url_anchor", "relative_anchor", "rfc_url"}
    assert names <= rules, names - rules


# --------------------------------------------------------------------------- the thread's home document


def _extract(texts: list[str], list_name: str | None) -> Extraction:
    messages = [_message(f"m{i}", text, datetime(2024, 6, 5)) for i, text in enumerate(texts)]
    return _extract_messages(messages, list_name=list_name)


HOME = [
    # (list name, texts, expected {(document, section, item)})
    ("GitHub mozilla/pkipolicy", ["every Bug Report, as defined in chapter 7.1, should disclose"],  # corpus 107
     {("MRSP", "7.1", None)}),
    ("GitHub cabforum/smime", ["The TLS BR differ here.", "The subject DN rules of 7.1.4.2.2 are unclear."],
     {("SMIME-BR", "7.1.4.2.2", None)}),
    ("Smcwg-public", ["Regarding 7.1.4.2.2 (d), we think"], {("SMIME-BR", "7.1.4.2.2", "d")}),
    ("Servercert-wg", ["see 6.1.1 there"], {("BR", "6.1.1", None)}),
    ("GitHub someone/netsec-scanner", ["Item 1.12 should say HSM"], set()),  # not the NSR's repository
    # a number no indexed document has is kept only for a document the index lacks
    ("GitHub cabforum/netsec", ["Per 2.2.1.3, credentials must be revoked"], {("NSR", "2.2.1.3", None)}),
    ("GitHub cabforum/servercert", ["Per 2.2.1.3, credentials must be revoked"], set()),
    (None, ["The NCSSRs say it. Per 2.2.1.3, credentials must be revoked"], {("NSR", "2.2.1.3", None)}),
    ("GitHub cabforum/netsec", ["Received by 8.17.1.22 and 1.2.33.4"], set()),
    ("GitHub cabforum/servercert", ["see 4.9.1.1 and Appendix A"],
     {("BR", "4.9.1.1", None), ("BR", "Appendix A", None)}),
    ("GitHub cabforum/netsec", ["Item 1.12 should say HSM"], {("NSR", "1.12", None)}),
    ("GitHub cabforum/code-signing", ["section 6.2.7.4.1 needs work"], {("CSBR", "6.2.7.4.1", None)}),
    # the home document only takes numbers it has: 3.2.2.4.8 was never an MRSP section
    ("GitHub mozilla/pkipolicy", ["deprecating BR 3.2.2.4 methods 1 and 5", "Do you see 3.2.2.4.8 fitting into this?"],
     {("BR", "3.2.2.4", 1), ("BR", "3.2.2.4", 5), ("BR", "3.2.2.4.8", None)}),
    # no home: the documents the thread names, else the default; "Item N.M" only in an NSR context
    (None, ["see 4.9.1.1"], {("BR", "4.9.1.1", None)}),
    ("GitHub cabforum/servercert", ["Item 1.12 should say HSM"], set()),
    (None, ["The NCSSRs matter here.", "Item 1.12 should say HSM"], {("NSR", "1.12", None)}),
    ("GitHub zmap/zlint", ["Section 7.1.2.3 of the S/MIME BR", "and 4.9.1.1"],
     {("SMIME-BR", "7.1.2.3", None), ("SMIME-BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("list_name,texts,expected", HOME, ids=[f"{h[0]}:{h[1][-1][:30]}" for h in HOME])
def test_home_document_of_the_thread(list_name, texts, expected):
    ex = _extract(texts, list_name)
    assert {(c.document, c.section, c.item) for c in ex.citations} == expected


SUBJECT_HOME = [
    # (list name, subject, text, expected document of a bare "7.1.4.2.2 (d)")
    ("Bugzilla CA Program :: CA Certificate Compliance", "Sectigo: S/MIME certificates with a wrong pseudonym",
     "SMIME-BR"),
    (None, "Re: [EXTERNAL] SMIME ballot SMC-09 discussion", "SMIME-BR"),
    (None, "Code signing key storage", "CSBR"),
    ("GitHub mozilla/pkipolicy", "Sunset SHA-1 in S/MIME Certificates", "SMIME-BR"),  # MRSP never had 7.1.4.2.2
    (None, "CAA and DNSSEC", "BR"),
]


@pytest.mark.parametrize("list_name,subject,expected", SUBJECT_HOME, ids=[h[1][:30] for h in SUBJECT_HOME])
def test_home_document_from_the_subject(list_name, subject, expected):
    ex = _extract_messages([_message("m", "Regarding 7.1.4.2.2 (d), we think", datetime(2024, 6, 5))], subject=subject,
                 list_name=list_name)
    assert [(c.document, c.section, c.item) for c in ex.citations] == [(expected, "7.1.4.2.2", "d")]


def test_home_documents_are_data():
    rows = get_table().data["thread_documents"]["rows"]
    assert {r["document"] for r in rows} >= {"BR", "SMIME-BR", "CSBR", "NSR", "MRSP"}



def test_a_section_only_one_document_has():
    ex = _extract(["as Appendix H explains"], None)
    assert [(c.document, c.section) for c in ex.citations] == [("EVG", "Appendix H")]


def test_resolve_does_not_import_citations():
    """citations -> resolve, never back (issue 17): resolve reads the document names from the data file."""
    import subprocess
    import sys

    code = ("import sys, threadkb.extract.resolve as r; "
            "assert r.document_code('S/MIME BRs') == 'SMIME-BR' and r.document_code('TLS BR') == 'BR'; "
            "assert 'threadkb.extract.citations' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_repository_comes_before_the_subject():
    ex = _extract_messages([_message("m", "as defined in chapter 7.1, should", datetime(2024, 6, 5))],
                 subject="Sunset SHA-1 in S/MIME Certificates", list_name="GitHub mozilla/pkipolicy")
    assert [(c.document, c.section) for c in ex.citations] == [("MRSP", "7.1")]
