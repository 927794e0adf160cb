"""Citation forms of public PKI threads nobody here tuned for (issue 14, session 9 "cite9"): GitHub issues of
cabforum/servercert, cabforum/smime, cabforum/code-signing, mozilla/pkipolicy, letsencrypt/cp-cps, uspki/policies.
Each class: real snippets (source in a comment) and constructed variants, including near misses that must stay
as they were. Exact (document, section, item); document None = the thread decides.

Classes fixed here:
- Markdown emphasis around a number or its keyword ("Item **1.12**:", "**Section:** 1.1 <br>", "Section
  **4.9.1.1**"): ``emphasis`` (the markers are read as blanks);
- a bare number of two levels after a preposition ("be in 1.5 or 9.12?", "Moved some to 9.12.", "state in 6.7
  that"): ``cued_number``, kept only where the context names a document that has the number (the thread's home,
  the sentence, a preceding citation), never from the default document, never a version of it, a decimal or an
  amount ("updated from version 2.3 to 2.5", "in 1.5 days");
- a document named inside a pasted quotation of policy text does not own the numbers outside it ('section 5.2
  says, "… as described in section 6.1.7 of the Baseline Requirements."' in the MRSP's repository: MRSP 5.2):
  ``pasted_quotation``;
- a document named as what the text is compared with ("to match the latest BRs", "with the style used in the TLS
  BR") is not the owner of the numbers: ``compared_document``;
- a link into a CA's own CP/CPS file ("…/letsencrypt/cp-cps/blob/master/CPS.md#49-…") names that CPS's section.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from test_citations import _triples


def _thread_citations(text: str, list_name: str | None, subject: str | None = None) -> set[tuple]:
    from test_citations import _extract, _message

    ex = _extract([_message("m0", text, datetime(2025, 6, 5))], subject=subject, list_name=list_name)
    return {(c.document, c.section, c.item) for c in ex.citations}


EMPHASIS = [
    # uspki/policies #96: "Item **1.12**: \n\n> Apply recommended security patches …"
    ("For example: \n\nItem **1.12**: \n\n> Apply recommended security patches\n\nItem **2.7**: \n\n> If an",
     [(None, "1.12", None), (None, "2.7", None)]),
    ("NSR Item **1.12** requires that.", [("NSR", "1.12", None)]),
    # uspki/policies #316: "**Organization / Program:** DoD <br>**Section:** 1.1 <br>**PDF Page:** 10"
    ("**Organization / Program:** DoD <br>**Section:** 1.1 <br>**PDF Page:** 10", [(None, "1.1", None)]),
    ("Section **4.9.1.1** of the BRs", [("BR", "4.9.1.1", None)]),
    ("see __BR 4.9.1.1__ for that", [("BR", "4.9.1.1", None)]),
    ("Section: 6.1.7", [(None, "6.1.7", None)]),
    ("**Version:** 1.1 <br>**Section:** 2 <br>", [(None, "2", None)]),  # uspki/policies #211: "**Section:** 2 <br>"
    # near misses: a version after its word, a number alone
    ("**Version:** 1.1 <br>", []),
    ("We scored **2.7** out of 5", []),
]


CUED_NUMBERS = [
    # uspki/policies #211: "**Comment:** Should the requirement to update with the CAB requirements be in 1.5 or 9.12?"
    ("**Comment:** Should the requirement to update with the CAB requirements be in 1.5 or 9.12?",
     "GitHub uspki/policies", {("CPS", "1.5", None), ("CPS", "9.12", None)}),
    # uspki/policies #211, the answer: "Moved some to 9.12."
    ("Partial acceptance.  Good catch (and duplicate with item in Issue #465)\n\nMoved some to 9.12.",
     "GitHub uspki/policies", {("CPS", "9.12", None)}),
    # cabforum/code-signing #12: "If explicitly state in 6.7 that Timestamp Authorities must also be audited …"
    ("If explicitly state in 6.7 that Timestamp Authorities must also be audited against NetSec, then we should be "
     "fine", "GitHub cabforum/code-signing", {("CSBR", "6.7", None)}),
    # cabforum/smime #200: "•\tClarification of ETSI audit requirements in 8.4"
    ("•\tClarification of LEI in 7.1.2.3 (l)\n•\tClarification of ETSI audit requirements in 8.4",
     "GitHub cabforum/smime", {("SMIME-BR", "7.1.2.3", "l"), ("SMIME-BR", "8.4", None)}),
    ("The CA's obligations in 9.6 apply here.", "GitHub cabforum/servercert", {("BR", "9.6", None)}),
    ("Per 5.2, CA operators must not do this.", "GitHub mozilla/pkipolicy", {("MRSP", "5.2", None)}),
    ("As the EVG puts it in 11.2, the CA verifies it", "servercert-wg", {("EVG", "11.2", None)}),
    # near misses: versions, amounts, decimals, no document in context, a number the document never had
    ("Should be updated from version 2.3 to 2.5", "GitHub cabforum/servercert", set()),
    ("We can extend it to 2.5 days, or to 1.5 hours.", "GitHub cabforum/servercert", set()),
    ("The ratio went from 0.5 to 1.5 in 2024.", "GitHub cabforum/servercert", set()),
    ("This was already fixed in 3.1.", "GitHub mozilla/pkipolicy", set()),  # MRSP 3.1 is also a version of it
    ("Upgrade to 1.5 when you can.", "GitHub zmap/zlint", set()),  # no document in context: never the default
    ("We moved it to 3.6 last week.", "GitHub cabforum/servercert", set()),  # no policy has a section 3.6
    ("zlint moved to 3.6 and TLS to 1.3", "GitHub cabforum/servercert", set()),
]


@pytest.mark.parametrize("text,list_name,expected", CUED_NUMBERS, ids=[r[0][:40] for r in CUED_NUMBERS])
def test_a_bare_two_level_number_after_a_preposition_takes_its_context(text, list_name, expected):
    assert _thread_citations(text, list_name) == expected


PASTED_QUOTATIONS = [
    # mozilla/pkipolicy #242: the number before the quotation is the MRSP's, the BR is named inside the quotation
    ('The second sentence in section 5.2 says, "CA operators MUST maintain a certificate hierarchy such that the '
     'included certificate does not directly issue end-entity certificates to customers, as described in section '
     '6.1.7 of the [Baseline Requirements](https://cabforum.org/baseline-requirements-documents/)."  However, section '
     '6.1.7 of the BRs is addressing self-signed "root certificates," not "included certificates".',
     "GitHub mozilla/pkipolicy", {("MRSP", "5.2", None), ("BR", "6.1.7", None)}),
    # mozilla/pkipolicy #100: "and section 5.3.2 says:" after a quotation naming the Baseline Requirements
    ("But section 5.3.1 of version 2.5 of Mozilla's Root Store Policy says:\n\"If the certificate includes the "
     "id-kp-emailProtection extended key usage, it MUST include the Name Constraints X.509v3 extension, each such "
     "name having its ownership validated according to section 3.2.2.4 of the Baseline Requirements.\"\nand section "
     "5.3.2 says:\n\"All certificates that are capable of being used to issue new certificates MUST be disclosed\"",
     "GitHub mozilla/pkipolicy", {("MRSP", "5.3.1", None), ("BR", "3.2.2.4", None), ("MRSP", "5.3.2", None)}),
    ('Section 4.9.1.1 reads "The CA SHALL revoke a Certificate within 24 hours, as the TLS BRs require."',
     "GitHub cabforum/smime", {("SMIME-BR", "4.9.1.1", None)}),
    # near misses: the document named outside the quotation; a quoted title is a mention; inside the quotation
    ('The BRs say in 4.9.1.1: "The CA SHALL revoke a Certificate within 24 hours."', "GitHub cabforum/smime",
     {("BR", "4.9.1.1", None)}),
    ('Section 1.1 of the "Baseline Requirements for the Issuance and Management of Publicly-Trusted Certificates"',
     "GitHub cabforum/smime", {("BR", "1.1", None)}),
    ('It says "CAs MUST follow section 6.1.7 of the Baseline Requirements."', "GitHub mozilla/pkipolicy",
     {("BR", "6.1.7", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", PASTED_QUOTATIONS, ids=[r[0][:40] for r in PASTED_QUOTATIONS])
def test_a_document_named_inside_a_pasted_quotation_owns_no_number_outside_it(text, list_name, expected):
    assert _thread_citations(text, list_name) == expected


COMPARED = [
    # letsencrypt/cp-cps #25: "I updated Sections 3.2.2.4 and 3.2.2.5 to match the latest BRs"
    ("I updated Sections 3.2.2.4 and 3.2.2.5 to match the latest BRs", "GitHub letsencrypt/cp-cps", None,
     {("CPS", "3.2.2.4", None), ("CPS", "3.2.2.5", None)}),
    # cabforum/smime #277, its title: "Alignment of Section 7 with the style used in the TLS BR"
    ("Alignment of Section 7 with the style used in the TLS BR", "GitHub cabforum/smime", None,
     {("SMIME-BR", "7", None)}),
    ("Update section 4.9.1.1 to be consistent with the TLS BRs.", "GitHub cabforum/smime", None,
     {("SMIME-BR", "4.9.1.1", None)}),
    ("Align 7.1.2.3 with the BR, please.", "GitHub cabforum/code-signing", None, {("CSBR", "7.1.2.3", None)}),
    # letsencrypt/cp-cps #188, its title: a version with dots between the words and the document
    ("Update Section 7 to reflect the structure of v2.0.0 of the BRs", "GitHub letsencrypt/cp-cps", None,
     {("CPS", "7", None)}),
    ("Rework 4.9.1.1 to follow the layout of v1.8.7 of the BRs.", "GitHub cabforum/smime", None,
     {("SMIME-BR", "4.9.1.1", None)}),
    # near misses: the compared document named with the number; the document named as the owner
    ("Update 4.9.1.1 of the TLS BRs to match the MRSP.", "GitHub cabforum/smime", None, {("BR", "4.9.1.1", None)}),
    ("The BRs in 4.9.1.1 require revocation within 24 hours.", "GitHub cabforum/smime", None,
     {("BR", "4.9.1.1", None)}),
    ("I'd like the BRs to change 4.9.1.1 here.", "GitHub cabforum/smime", None, {("BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,subject,expected", COMPARED, ids=[r[0][:40] for r in COMPARED])
def test_a_compared_document_owns_no_number(text, list_name, subject, expected):
    assert _thread_citations(text, list_name, subject) == expected


CP_NAMED = [
    # letsencrypt/cp-cps #50 (a Bugzilla comment quoted): "Section 7.1.4.2.1 of the CP (Subject alternative name …"
    ("Section 7.1.4.2.1 of the CP (Subject alternative name extension) contains unnecessary language copied from the "
     "Baseline requirements.", [("CPS", "7.1.4.2.1", None)]),
    ("see 4.9.3 in our CP for that", [("CPS", "4.9.3", None)]),
    ("Section 4.2 of the CP, and 4.9.3", [("CPS", "4.2", None), ("CPS", "4.9.3", None)]),
    # near misses: another word, no article, the CP team
    ("Section 4.2 of the CPU manual", [(None, "4.2", None)]),
    ("the CP team moved 4.9.3 to the BRs", [("BR", "4.9.3", None)]),
]


SUBJECT_IN_REPOSITORY = [
    # cabforum/servercert #590 "Remove CA-specific EV Policy OIDs from EV Guidelines": the EVG's numbers
    ("How about rewording section 7.1.6.1 like follows, and deleting section 7.1.6.4 entirely?",
     "GitHub cabforum/servercert", "Remove CA-specific EV Policy OIDs from EV Guidelines",
     {("EVG", "7.1.6.1", None), ("EVG", "7.1.6.4", None)}),
    ("Section 7.1.6.1 should say MUST.", "servercert-wg", "Re: [Servercert-wg] EVG: policy OIDs",
     {("EVG", "7.1.6.1", None)}),
    # near misses: the subject compares with the EVG; names none; the repository holds no EVG
    ("Section 7.1.6.1 should say MUST.", "GitHub cabforum/servercert", "Align 7.1.6.1 with the EV Guidelines",
     {("BR", "7.1.6.1", None)}),
    ("Section 7.1.6.1 should say MUST.", "GitHub cabforum/servercert", "Policy OIDs", {("BR", "7.1.6.1", None)}),
    ("Section 4.9.1.1 should say MUST.", "GitHub cabforum/smime", "EV Guidelines: revocation",
     {("SMIME-BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,subject,expected", SUBJECT_IN_REPOSITORY,
                         ids=[r[0][:30] + r[2][:20] for r in SUBJECT_IN_REPOSITORY])
def test_a_repository_holding_several_documents_takes_the_one_its_subject_names(text, list_name, subject, expected):
    assert _thread_citations(text, list_name, subject) == expected


CPS_LINKS = [
    # letsencrypt/cp-cps #77: a link to a heading of the CA's CPS
    ("https://github.com/letsencrypt/cp-cps/blob/master/CPS.md#49-certificate-revocation-and-suspension\n\nWe can "
     "probably remove this line:", "GitHub letsencrypt/cp-cps", {("CPS", "4.9", None)}),
    ("See https://github.com/letsencrypt/cp-cps/blob/main/CP-CPS.md#4912-circumstances-for-revocation-of-a-subordinate"
     "-ca-certificate for that.", "GitHub cabforum/servercert", {("CPS", "4.9.1.2", None)}),
    # letsencrypt/cp-cps #37: links to the CA's published CPS, dotted anchors
    ("- https://letsencrypt.org/documents/isrg-cps-v3.0/#6.1.5-key-sizes\n- https://letsencrypt.org/documents/"
     "isrg-cps-v3.0/#7.2-crl-profile", "GitHub letsencrypt/cp-cps", {("CPS", "6.1.5", None), ("CPS", "7.2", None)}),
    ("See https://pki.example.com/repository/cps/#4.9.1.1-reasons-for-revoking", "GitHub cabforum/servercert",
     {("CPS", "4.9.1.1", None)}),
    ("See https://example.com/blog/#4.9-release-notes", "GitHub cabforum/servercert", set()),
    # near misses: a README's heading; the BR's own file
    ("See https://github.com/zmap/zlint/blob/master/README.md#49-certificate-revocation-and-suspension", None, set()),
    ("See https://github.com/cabforum/servercert/blob/main/docs/BR.md#491-circumstances-for-revocation",
     "GitHub letsencrypt/cp-cps", {("BR", "4.9.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", CPS_LINKS, ids=[r[0][:40] for r in CPS_LINKS])
def test_a_link_into_a_ca_cps_file_names_its_section(text, list_name, expected):
    assert _thread_citations(text, list_name) == expected


CPS_HOME = [
    # uspki/policies #211 (the answer): the message names the BRs in another paragraph; the number is the CP's
    ("Partial acceptance.  Good catch (and duplicate with item in Issue #465)\n\nMoved some to 9.12.  \n\nThe general "
     "statement for CAB Baseline Requirements and trust store operators is based on policy language for Mozilla.",
     "GitHub uspki/policies", {("CPS", "9.12", None)}),
    ("We rewrote section 4.9.1.1 last week.\n\nThe BRs changed too, see the ballot.", "GitHub letsencrypt/cp-cps",
     {("CPS", "4.9.1.1", None)}),
    # near misses: the document named in the number's sentence or paragraph, or with the number
    ("The BRs require it in 9.12.", "GitHub uspki/policies", {("BR", "9.12", None)}),
    ("The BRs changed, so section 4.9.1.1 must change too.", "GitHub letsencrypt/cp-cps", {("BR", "4.9.1.1", None)}),
    ("Section 9.12 of the BRs says so.", "GitHub uspki/policies", {("BR", "9.12", None)}),
    ("We rewrote section 4.9.1.1 last week.\n\nThe BRs changed too.", "GitHub cabforum/smime",
     {("SMIME-BR", "4.9.1.1", None)}),  # a policy's repository whose document has the number: a document named only
    # later does not decide either (session 10, cite10: was BR; real cases mozilla/pkipolicy #159, #14)
]


@pytest.mark.parametrize("text,list_name,expected", CPS_HOME, ids=[r[0][:40] for r in CPS_HOME])
def test_in_a_ca_cps_repository_the_message_at_large_does_not_decide(text, list_name, expected):
    assert _thread_citations(text, list_name) == expected


ITEMS_OF_TWO_LEVELS = [
    # cabforum/smime #209: "8.4 (3) \n"ETSI EN 319 411-1 v1.3.1 or newer" …" and "8.6 (10)"
    ('should be considered to the following sections:\n\n8.4 (3) \n"ETSI EN 319 411-1 v1.3.1 or newer"\n\n8.6 (10)\n'
     "(For audits conducted in accordance with any of the ETSI standards)", [(None, "8.4", 3), (None, "8.6", 10)]),
    ("Possible text for 8.4 (3):  \n", [(None, "8.4", 3)]),
    ("MRSP 2.2 (3) says so", [("MRSP", "2.2", 3)]),  # as before
    ("see 4.9 (1) and 4.9 (2)", [(None, "4.9", 1), (None, "4.9", 2)]),
    # near misses: versions, amounts, a number no policy has, a letter
    ("TLS 1.2 (1) and version 2.1 (3)", []),
    ("It went up by 2.50 (2) percent", []),
    ("We use 8.8 (2) as resolver", []),
]


LINKED_OTHER_DOCUMENTS = [
    # mozilla/pkipolicy #81: "Per section 3.2 of\nhttp://www.etsi.org/deliver/etsi_en/…/en_31941101v010101p.pdf"
    ("Per section 3.2 of\nhttp://www.etsi.org/deliver/etsi_en/319400_319499/31941101/01.01.01_60/en_31941101v010101p.pdf"
     "\nBRG Baseline Requirements Guidelines", []),
    ("See section 5.1 of https://datatracker.ietf.org/doc/draft-ietf-acme-foo/ for the details.", []),
    # near misses: a link into a policy names its document; a link after a policy's name
    ("See section 4.9.1.1 of https://github.com/cabforum/servercert/blob/main/docs/BR.md for this.",
     [("BR", "4.9.1.1", None)]),
    ("Section 2.3 of MRSP - https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/policy/ says",
     [("MRSP", "2.3", None)]),
    ("See section 4.9.1.1 in the BRs (https://cabforum.org/baseline-requirements-documents/).", [("BR", "4.9.1.1", None)]),
]


# the forms read by find_citations alone (document None = the thread decides): emphasis, "of the CP", a two-level
# number with an item in parentheses, a section of a linked document that is no policy's
TEXT_FORMS = EMPHASIS + CP_NAMED + ITEMS_OF_TWO_LEVELS + LINKED_OTHER_DOCUMENTS


@pytest.mark.parametrize("text,expected", TEXT_FORMS, ids=[r[0][:40] for r in TEXT_FORMS])
def test_text_forms(text, expected):
    assert _triples(text) == expected
