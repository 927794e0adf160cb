"""Citation forms of public PKI threads nobody here tuned for (issue 14 item 5, session 7 "citereal"): GitHub issues
and reviews of cabforum/servercert, cabforum/smime, cabforum/code-signing, mozilla/pkipolicy, zmap/zlint,
kroeckx/x509lint, globalsign/certlint, RFC links in TLS library issues. Each class: real snippets (source in a
comment) and constructed variants, including near misses that must stay as they were. Exact (document, section,
item); document None = the thread decides.

Classes fixed here:
- an item named "option N" ("section 3.2.4.1 option 4");
- a lettered item with a sub-number ("7.1.2.3.c.1") or at a sentence's end ("7.1.4.2.2.f.");
- a lettered item in parentheses with its name after a comma ("7.1.2.3(c, authorityInformationAccess)");
- a list of bare letters after the section ("7.1.4.2.2 e and f");
- an RFC's section after a dash ("RFC 2459 – Section 4.2.1.7");
- a two-level number followed by its item ("3.3 Item 7"); NSR labels written "1. e" and letter lists after
  them ("NCSSR sections 1. e (…), f (…), and g", "4. c., d. and e.");
- a two-level number opening a line with the title an indexed document gives it ("- [x] 2.1 CA Operations", an
  issue titled "1.1 Overview : …"); the one document with that title is its document;
- "Domain Verification Method 1 and 5", "DCV methods #7 and #19": validation methods (3.2.2.4.N);
- the thread's home: a CA's own CP/CPS repository makes bare numbers CPS; an in-document link ("](#615-key-sizes)")
  the text does not place is the home document's; an anchor's 0 ends a two-digit level ("#3210-…" = 3.2.10);
- list-marker runs before a number are read in one pass (they were exponential: "-" * 30 + "x 4.9.1.1" took 100 s);
- a Markdown link whose text and target both name an RFC is one citation, with the section either gives
  ("[RFC5280](…/rfc5280#section-4.2.1.6)", "[RFC 3280 4.2.1.7](…/rfc3280.txt)").
"""
from __future__ import annotations

import pytest

from threadkb.extract.citations import find_citations

ITEMS = [
    # cabforum/smime #109: "(section 3.2.4.1 option 4)"
    ("can be based on Enterprise RA records (section 3.2.4.1 option 4).", [(None, "3.2.4.1", 4)]),
    ("SMIME BR 3.2.4.1 options 2 and 7 apply", [("SMIME-BR", "3.2.4.1", 2), ("SMIME-BR", "3.2.4.1", 7)]),
    ("option 4 of section 3.2.4.1 says", [(None, "3.2.4.1", 4)]),
    ("the options we have in 3.2 are few", [(None, "3.2", None)]),  # no item: a bare number the context decides (cued_number)
    # zmap/zlint #712: "... SHALL have the URI scheme HTTP.\" (7.1.2.3.c.1)"
    ("every accessMethod SHALL have the URI scheme HTTP. (7.1.2.3.c.1)", [(None, "7.1.2.3", "c")]),
    ("SBR 7.1.2.3.c.2 says", [("SMIME-BR", "7.1.2.3", "c")]),
    # kroeckx/x509lint #17: "section 7.1.4.2.2.e and 7.1.4.2.2.f."
    ("See the BRs section 7.1.4.2.2.e and 7.1.4.2.2.f.", [("BR", "7.1.4.2.2", "e"), ("BR", "7.1.4.2.2", "f")]),
    ("BR 7.1.2.3.e.g. the EKU", [("BR", "7.1.2.3", None)]),  # "e.g." is no item
    # mozilla/pkipolicy #211: "May be added to section 7.1.2.3(c, authorityInformationAccess) of the BRs"
    ("May be added to section 7.1.2.3(c, authorityInformationAccess) of the BRs",
     [("BR", "7.1.2.3", "c")]),
    ("BR 7.1.2.3 (f, extKeyUsage) is required", [("BR", "7.1.2.3", "f")]),
    ("BR 7.1.2.3 (a, b) is a pair", [("BR", "7.1.2.3", None)]),  # a letter and a letter: no name after the comma
    # kroeckx/x509lint #17: "See 7.1.4.2.2 e and f. Those sections apply to all certificates."
    ("See BR 7.1.4.2.2 e and f. Those sections apply.", [("BR", "7.1.4.2.2", "e"), ("BR", "7.1.4.2.2", "f")]),
    ("BR 7.1.4.2.2 e, f or g", [("BR", "7.1.4.2.2", "e"), ("BR", "7.1.4.2.2", "f"), ("BR", "7.1.4.2.2", "g")]),
    ("section 4.2 a new one", [(None, "4.2", None)]),  # one letter alone is a word
    ("BR 4.9.1.1 a and the rest", [("BR", "4.9.1.1", None)]),
]

RFCS = [
    # davefx/gnoMint #17: "RFC 2459 – Section 4.2.1.7 Subject Alternative Name"
    ("RFC 2459 – Section 4.2.1.7 Subject Alternative Name", [("RFC", "2459", "4.2.1.7")]),
    ("RFC 3280 - Section 4.2.1.7 Subject Alternative Name", [("RFC", "3280", "4.2.1.7")]),
    ("RFC 5280 — section 4.2.1.9", [("RFC", "5280", "4.2.1.9")]),
    ("RFC 5280 - the profile", [("RFC", "5280", None)]),
    # Mbed-TLS/mbedtls #1008: "According to [RFC5280](https://tools.ietf.org/html/rfc5280#section-4.2.1.6)"
    ("According to [RFC5280](https://tools.ietf.org/html/rfc5280#section-4.2.1.6)", [("RFC", "5280", "4.2.1.6")]),
    ("in [RFC6125](https://tools.ietf.org/html/rfc6125#section-6.4.4):", [("RFC", "6125", "6.4.4")]),
    # crate/crate #5829: "([RFC 3280 4.2.1.7](https://www.ietf.org/rfc/rfc3280.txt), 1. paragraph)"
    ("must always be used ([RFC 3280 4.2.1.7](https://www.ietf.org/rfc/rfc3280.txt), 1. paragraph)",
     [("RFC", "3280", "4.2.1.7")]),
    # the RFC named outside the link is cited on its own; another RFC inside a link stays
    ("Per RFC 6960 this is valid. Per https://datatracker.ietf.org/doc/html/rfc6960#section-4.2.2.1:",
     [("RFC", "6960", None), ("RFC", "6960", "4.2.2.1")]),
    ("[RFC 5280 and RFC 6960](https://tools.ietf.org/html/rfc6960#section-2.2)",
     [("RFC", "5280", None), ("RFC", "6960", "2.2")]),
    ("[RFC 5280](https://www.ietf.org/rfc/rfc5280.txt)", [("RFC", "5280", None)]),
]

ROWS = ITEMS + RFCS


@pytest.mark.parametrize("text,expected", ROWS, ids=[r[0][:40] for r in ROWS])
def test_real_forms(text, expected):
    got = [(c.document, c.section, c.item) for c in find_citations(text)]
    assert got == expected


# The thread's home decides a number or an in-document link the words do not place. (text, list name, subject,
# expected {(document, section, item)}); the message is dated 2024-06-05.
HOMES = [
    # uspki/policies (a government PKI's CP, comments by section): "**Section:** 4.9.10 ... If the CRL has ..."
    ("**Section:** 4.9.10\n**Comment:** If the CRL has a nextUpdate of 7 days, why is the OCSP response good for 10 days?",
     "GitHub uspki/policies", "Section 4.9.10", {("CPS", "4.9.10", None)}),
    ("It would make more sense to address the policy on processing CAA records in section 4.2.2.",
     "GitHub uspki/policies", "Section 2.2", {("CPS", "4.2.2", None)}),
    ("individual CA practice and audit results per Section 8 of this CP.", "GitHub uspki/policies", None,
     {("CPS", "8", None)}),
    ("Update section 4.9.5 to abide by the timeframe", "GitHub letsencrypt/cp-cps", None, {("CPS", "4.9.5", None)}),
    ("Section 4.9.5 is looser than BR 4.9.1.1 here.", "GitHub digicert/cp-cps-docs", None,
     {("CPS", "4.9.5", None), ("BR", "4.9.1.1", None)}),  # a document named with the number stays
    ("Section 4.9.5 needs a change", "GitHub some/policies-engine", None, {("BR", "4.9.5", None)}),  # no CP repo
    ("Section 4.9.5 needs a change", "GitHub mozilla/pkipolicy", None, {("BR", "4.9.5", None)}),
    # cabforum/code-signing #34: "MUST meet the requirements in [Section 6.1.5](#615-key-sizes)" is the CSBR's
    ("The Timestamp Certificate MUST meet the requirements in [Section 6.1.5](#615-key-sizes) for the period.",
     "GitHub cabforum/code-signing", None, {("CSBR", "6.1.5", None)}),
    ("See [the sizes](#615-key-sizes).", "GitHub cabforum/smime", None, {("SMIME-BR", "6.1.5", None)}),
    ("See [the sizes](#615-key-sizes).", "GitHub cabforum/servercert", None, {("BR", "6.1.5", None)}),
    ("See [the sizes](#615-key-sizes) of the BRs.", "GitHub cabforum/code-signing", None, {("BR", "6.1.5", None)}),
    ("See [the sizes](#615-key-sizes).", None, "CSBR key sizes", {("BR", "6.1.5", None)}),  # no home, index guess
    # cabforum/code-signing #38: "as described in [Section 3.2.10](#3210-disclosure-of-verification-sources)": a 0
    # ends a two-digit level of an anchor the index lacks (3.2.10, not 3.2.1.0)
    ("as described in [this section](#3210-disclosure-of-verification-sources).", "GitHub cabforum/code-signing",
     None, {("CSBR", "3.2.10", None)}),
    # zmap/zlint #1054: the CA/Browser Forum Code Signing Requirements name the document of a later bare number
    ("defined by the CA/Browser Forum Code Signing Requirements.\n\nthe requirements of Section 4.2.1 apply",
     "GitHub zmap/zlint", "Add lint for ev subject org length", {("CSBR", "4.2.1", None)}),
]


@pytest.mark.parametrize("text,list_name,subject,expected", HOMES, ids=[r[0][:40] for r in HOMES])
def test_the_threads_home_places_what_the_words_do_not(text, list_name, subject, expected):
    from datetime import datetime

    from test_citations import _extract, _message

    ex = _extract([_message("m0", text, datetime(2024, 6, 5))], subject=subject, list_name=list_name)
    assert {(c.document, c.section, c.item) for c in ex.citations} == expected


MORE_FORMS = [
    # mozilla/pkipolicy #249: "Edit 3.3 Item 7 to Require "all" CPs and CPSes" — a two-level number with its item
    ('Edit 3.3 Item 7 to Require "all" CPs and CPSes', [(None, "3.3", 7)]),
    ("see 2.2 item 3 and 4", [(None, "2.2", 3), (None, "2.2", 4)]),
    ("MRSP 2.2 paragraph 3 says", [("MRSP", "2.2", 3)]),
    ("TLS 1.3 point 4, version 2.3 item 4, 2.50 item 4, 12.34 item 1", []),  # versions, prices, no such number
    # cabforum/netsec #11: "NCSSR sections 1. e (Security Support Systems), f (network boundary controls), and g
    # (Issuing Systems, …) require CAs to securely configure their systems."
    ("NCSSR sections 1. e (Security Support Systems), f (network boundary controls), and g (Issuing Systems, "
     "Certificate Management Systems) require CAs", [("NSR", "1.e", None), ("NSR", "1.f", None), ("NSR", "1.g", None)]),
    ("NCSSR sections 4. c., d. and e.", [("NSR", "4.c", None), ("NSR", "4.d", None), ("NSR", "4.e", None)]),
    ("NSR 3.e, f and the rest", [("NSR", "3.e", None), ("NSR", "3.f", None)]),
    ("NCSSR 1. h", [("NSR", "1.h", None)]),
    ("NCSSR 2. a new requirement", [("NSR", "2", None)]),  # "a" begins a phrase: no label
    ("NCSSR 1.j and also NSR 2.c for the logs.", [("NSR", "1.j", None), ("NSR", "2.c", None)]),
]


@pytest.mark.parametrize("text,expected", MORE_FORMS, ids=[r[0][:40] for r in MORE_FORMS])
def test_more_forms(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected


def test_a_two_level_number_with_an_item_in_the_policys_repository():
    from datetime import datetime

    from test_citations import _extract, _message

    ex = _extract([_message("m0", 'Edit 3.3 Item 7 to Require "all" CPs and CPSes', datetime(2022, 6, 1))],
                  list_name="GitHub mozilla/pkipolicy")
    assert [(c.document, c.section, c.item) for c in ex.citations] == [("MRSP", "3.3", 7)]


HEADINGS = [
    # uspki/policies #577: a checklist of the MRSP's sections, each with its title
    ("Final review against each section of the Mozilla Root Store Policy (v2.6.1 and draft 2.7).\n\n"
     "- [x] 2.1 CA Operations\n- [x] 3.1.3 Audit Parameters\n- [ ] 5.3.2 Publicly Disclosed and Audited",
     [("MRSP", "2.1", None), ("MRSP", "3.1.3", None), ("MRSP", "5.3.2", None)]),
    ("* [ ] 5.1 Algorithms", [("MRSP", "5.1", None)]),  # only the MRSP titles its 5.1 so
    # cabforum/smime #138, an issue titled "1.1 Overview : Definations to be elobarated more for better clarity"
    ("1.1 Overview : Definations to be elobarated more", [(None, "1.1", None)]),  # BR and EVG both: the thread decides
    ("## 2.1 Repositories", [(None, "2.1", None)]),
    ("1.1 Overview of the incident", []),  # the title goes on: the text's own numbering
    ("see 1.1 Overview", [(None, "1.1", None)]),  # not opening its line: no heading, a number after "see" (cued_number)
    ("1.1 There was a problem", []),
]


@pytest.mark.parametrize("text,expected", HEADINGS, ids=[r[0][:40] for r in HEADINGS])
def test_a_two_level_number_with_its_policy_title_opening_a_line(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected


METHODS = [
    # cabforum/servercert #78: "Removal of Domain Verification Method 1 and 5"
    ("Removal of Domain Verification Method 1 and 5", [("BR", "3.2.2.4.1", None), ("BR", "3.2.2.4.5", None)]),
    ("DCV methods #7 and #19 rely on DNS", [("BR", "3.2.2.4.7", None), ("BR", "3.2.2.4.19", None)]),
    ("BR methods 1 and 5 are gone", [("BR", "3.2.2.4.1", None), ("BR", "3.2.2.4.5", None)]),
    ("BR 3.2.2.4 methods 1 and 5", [("BR", "3.2.2.4", 1), ("BR", "3.2.2.4", 5)]),  # items of the section named
    ("the payment method 2 failed", []),
]


@pytest.mark.parametrize("text,expected", METHODS, ids=[r[0][:40] for r in METHODS])
def test_validation_methods(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected


def test_a_long_run_of_list_markers_before_a_number_is_read_in_one_pass():
    """A flattened page's separator run glued to text before a section number ("-----…-x 4.9.1.1"): the list
    marker patterns once tried every split of the run (2^n); now they read it once, and the number is cited."""
    for run in ("-" * 2000, "*" * 2000, "- " * 1000):
        assert [(c.document, c.section) for c in find_citations(run + "x 4.9.1.1 says")] == [(None, "4.9.1.1")]
        assert find_citations(run + "x 2.1 CA Operations") == []
