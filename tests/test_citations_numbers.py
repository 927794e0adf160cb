"""Dotted numbers that are not policy sections, on threads whose home document the index lacks (S/MIME BR, code
signing BR, Network Security Requirements), where a bare number no indexed document has may still be a section:
object identifiers, IP addresses, software versions. The S/MIME and code signing BRs follow the RFC 3647 outline of
the TLS BR and EVG: their numbers' first levels are sections of those. Constructed variants, exact values."""
from __future__ import annotations

from datetime import datetime

import pytest

from test_citations import _extract, _message

ROWS = [
    # (list name, text, expected {(document, section)})
    ("GitHub cabforum/smime", "a. __Certificate Field:__ `subject:commonName` (OID 2.5.4.3)", set()),
    ("GitHub cabforum/smime", "the surname attribute 2.5.4.4 and givenName", set()),
    ("GitHub cabforum/smime", "We use zlint 3.6.1 and pkilint 5.3.1 here", set()),
    ("GitHub cabforum/smime", "Our resolvers are 8.8.8.8 and 1.1.1.1", set()),
    ("Smcwg-public", "certbot 2.11.1 and Go 1.21.5 fixed it", set()),
    ("GitHub cabforum/code-signing", "signtool 10.0.22621.1 and OpenSSL 3.2.1", set()),
    # the sections of those documents are kept
    ("GitHub cabforum/smime", "Regarding 7.1.4.2.3, the rules differ", {("SMIME-BR", "7.1.4.2.3")}),
    ("GitHub cabforum/smime", "see 3.2.4.1 for individual validation", {("SMIME-BR", "3.2.4.1")}),
    ("GitHub cabforum/code-signing", "Per 6.2.7.4.1, the key must be on a token", {("CSBR", "6.2.7.4.1")}),
    ("GitHub cabforum/netsec", "Per 2.2.1.3, credentials must be revoked", {("NSR", "2.2.1.3")}),
    # in a TLS thread the same numbers are no section either
    ("GitHub cabforum/servercert", "OID 2.5.4.3 and 8.8.8.8 and zlint 3.6.1", set()),
]


@pytest.mark.parametrize("list_name,text,expected", ROWS, ids=[r[1][:40] for r in ROWS])
def test_numbers_that_are_not_sections(list_name, text, expected):
    ex = _extract([_message("m", text, datetime(2024, 6, 5))], list_name=list_name)
    assert {(c.document, c.section) for c in ex.citations} == expected


SUBJECT_TAGS = [
    # (subject, text, expected document): a mail without its list's name keeps the list's tag in the subject
    ("[Smcwg-public] Re: pseudonym rules", "Regarding 7.1.4.2.3, the rules differ", "SMIME-BR"),
    ("RE: [Smcwg-public] [EXTERNAL] Re: ballot SMC-09", "Per 7.1.4.2.2 (d), fine", "SMIME-BR"),
    ("[Servercert-wg] S/MIME and TLS overlap", "see 7.1.4.2.2 for it", "BR"),  # the list before the topic
    ("[Cscwg-public] Key storage", "Per 6.2.7.4.1, the key must be on a token", "CSBR"),
    ("[Netsec] Re: credentials", "Per 2.2.1.3, credentials must be revoked", "NSR"),
]


@pytest.mark.parametrize("subject,text,expected", SUBJECT_TAGS, ids=[r[0][:30] for r in SUBJECT_TAGS])
def test_the_list_tag_of_the_subject_is_the_home(subject, text, expected):
    ex = _extract([_message("m", text, datetime(2024, 6, 5))], subject=subject)
    assert {c.document for c in ex.citations} == {expected}


HEADINGS = [
    # a number opening a line is list numbering, unless the words after it are that section's title in a policy
    ("### 4.9.1.1 Reasons for Revoking a Subscriber Certificate\nThe CA SHALL revoke", [(None, "4.9.1.1")]),
    ("4.9.1.1 Reasons for Revoking a Subscriber Certificate", [(None, "4.9.1.1")]),
    ("#### 7.1.2.7.6 Subscriber Certificate Extensions", [(None, "7.1.2.7.6")]),
    ("- 3.2.2.4.7 DNS Change", [(None, "3.2.2.4.7")]),
    ("## 3.2.1 Timeline of the incident", []),
    ("3.2.1 Timeline of events", []),
    ("1.1 There was an issue\n1.2 Timeline", []),
    ("4.9.1.1 Reasons\nwe list", []),  # too short a title to tell
]


@pytest.mark.parametrize("text,expected", HEADINGS, ids=[r[0][:40] for r in HEADINGS])
def test_pasted_headings_are_citations_list_numbers_are_not(text, expected):
    from threadkb.extract.citations import find_citations

    assert [(c.document, c.section) for c in find_citations(text)] == expected


CCADB_LIST = [
    # the CCADB's public list: its policy's numbers are CCADB's, the others go to the documents that have them
    ("public@ccadb.org", "Per 5.1.2, the audit letter must be posted", ("CCADB", "5.1.2")),
    ("ccadb-public", "Section 5.2 needs a change", ("CCADB", "5.2")),
    ("public@ccadb.org", "revocation under 4.9.1.1 is late", ("BR", "4.9.1.1")),
]


@pytest.mark.parametrize("list_name,text,expected", CCADB_LIST, ids=[r[1][:30] for r in CCADB_LIST])
def test_the_ccadb_list_is_the_ccadb_policy_home(list_name, text, expected):
    ex = _extract([_message("m", text, datetime(2024, 6, 5))], list_name=list_name)
    assert [(c.document, c.section) for c in ex.citations] == [expected]
