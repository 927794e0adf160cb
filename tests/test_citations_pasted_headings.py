"""Batch W's citation families (session 14, cite14c), each with constructed variants in other wordings: a section
number after '#'; a full stop ending the number before "of <document>"; roman-numbered items ("subsections i. and
ii.", "(i) and (ii)"); a pasted policy heading recognised by the index's titles (nearly matching, a new section
proposed under a known parent); the numbered point under such a heading (past a ballot's edit instructions).
Exact (message, document, section, item) per text; the near misses that must stay as they are follow each group."""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

BZ = "Bugzilla CA Program :: CA Certificate Compliance"
SW = "servercert-wg@lists.cabforum.org"

FORMS = [
    # --- '#' before a section number. Bugzilla 1965807 (certSIGN, batch W)
    ('The test certificate did not respect the relative order of the Subject attributes as required in BR #7.1.4.2 '
     '(CA/Browser Forum v2.1.2 #7.1.4.2).', BZ, {("m0", "BR", "7.1.4.2", None)}),
    ("Relevant policies: CA/Browser Forum v2.1.2 #7.1.4.2.", BZ, {("m0", "BR", "7.1.4.2", None)}),
    ("The order is required by section #7.1.4.2 of the BRs.", BZ, {("m0", "BR", "7.1.4.2", None)}),
    ("This violates EVG #9.2.4 and the TLS BRs #4.9.1.1.", BZ,
     {("m0", "EVG", "9.2.4", None), ("m0", "BR", "4.9.1.1", None)}),
    ("We missed the deadline of Section #4.9.1.1 by two hours.", BZ, {("m0", "BR", "4.9.1.1", None)}),
    # near misses: issue and item numbers with '#', no dots
    ("See issue #12 and #7 of the list.", BZ, set()),
    ("This is finding #4.", BZ, set()),
    # --- a full stop ending the number before "of <document>". servercert-wg SC42 draft (batch W)
    ("This ballot changes validation reuse periods for FQDN and IP Address validation in the Baseline\nRequirements "
     "and for all purposes in the EV Guidelines.\nThe ballot does not change the 825-day reuse period in section "
     "4.2.1. of\n the Baseline Requirements for Organizational Validation (OV)\ninformation.", SW,
     {("m0", "BR", "4.2.1", None)}),
    ("The EV Guidelines are out of scope. We only touch Section 3.2.2.4.7. in\nthe BRs here.", SW,
     {("m0", "BR", "3.2.2.4.7", None)}),
    ("The BRs are out of scope. We only touch section 11.14.3. of the\nEV Guidelines here.", SW,
     {("m0", "EVG", "11.14.3", None)}),
    ("The BRs are out of scope; the change is to 9.2.4. of the EVGs.", SW, {("m0", "EVG", "9.2.4", None)}),
    # near miss: a sentence ends after the number ("In" opens the next one): the paragraph's document decides
    ("The EV Guidelines set the period in section 11.14.3. In the BRs it is different.", SW,
     {("m0", "EVG", "11.14.3", None)}),
    # --- roman-numbered items. SC42 draft (batch W): "replace subsections i. and ii."
    ("* It modifies BR section 3.2.2.4.7 to replace subsections i. and ii. with a 30-day limit on reuse of the "
     "Random Value.", SW, {("m0", "BR", "3.2.2.4.7", "i"), ("m0", "BR", "3.2.2.4.7", "ii")}),
    ("* It modifies BR section 3.2.2.4.7 to replace items i and ii with a 30-day limit.", SW,
     {("m0", "BR", "3.2.2.4.7", "i"), ("m0", "BR", "3.2.2.4.7", "ii")}),
    ("It amends BR section 4.9.1.1 by deleting subsections iii. and iv.", SW,
     {("m0", "BR", "4.9.1.1", "iii"), ("m0", "BR", "4.9.1.1", "iv")}),
    ("* It replaces BR 3.2.2.4.7 (i) and (ii) with a 30-day limit.", SW,
     {("m0", "BR", "3.2.2.4.7", "i"), ("m0", "BR", "3.2.2.4.7", "ii")}),
    ("EVG 11.14.3 (ii), (iii) and (iv) are removed.", SW,
     {("m0", "EVG", "11.14.3", "ii"), ("m0", "EVG", "11.14.3", "iii"), ("m0", "EVG", "11.14.3", "iv")}),
    # --- a pasted heading read by the index's titles. SCXX Debian weak keys threads (batch W)
    ("Is there a missing \"and\" in the following list?\n\n6.1.1.4 Subscriber Key Pair Parameters\n\nThe CA SHALL "
     "reject keys (per 6.1.1.3(b)) if the following parameters apply:\n\ni) Big-endian 32-bit;\n\nii) Process ID of 0 "
     "to 32767, inclusive;", SW, {("m0", "BR", "6.1.1.4", None), ("m0", "BR", "6.1.1.3", "b")}),
    ("Is this clear?\n\n6.1.1.4 Subscriber Key Pair Parameters\n\nThe CA SHALL reject keys if the following apply:",
     SW, {("m0", "BR", "6.1.1.4", None)}),
    # an indexed number under a title that nearly matches the index's ("Subscriber Key Pair Generation")
    ("Is this clear?\n\n6.1.1.3 Subscriber Key Pair Parameters\n\nThe CA SHALL reject keys if the following apply:",
     SW, {("m0", "BR", "6.1.1.3", None)}),
    ("Proposed:\n\n6.1.1.5 Subscriber Key Pair Checks\n\nThe CA SHALL check ...", SW,
     {("m0", "BR", "6.1.1.5", None)}),
    # near misses: a plan's or timeline's own numbering with titles no document gives those numbers
    ("Our plan:\n\n1.2.3 Send the first draft\n\nthen wait.", SW, set()),
    ("Timeline:\n\n2.1.1 Kickoff Meeting Notes\n\nWe met.", SW, set()),
    # --- the numbered point under a pasted heading. SCXX Debian weak keys proposal (batch W)
    ("Proposed ballot language:\n\n4.9.1.1 Reasons for Revoking a Subscriber Certificate\n\nREPLACE:\n\n4. The CA is "
     "made aware of a demonstrated or proven method that can easily compute the Subscriber's Private Key\n\nWith:\n\n"
     "4. The CA is made aware of a demonstrated or proven method (such as those identified in 6.1.1.3(4)).", SW,
     {("m0", "BR", "4.9.1.1", 4), ("m0", "BR", "6.1.1.3", 4)}),
    ("Proposed ballot language:\n\n4.9.1.1 Reasons for Revoking a Subscriber Certificate\n\n4. The CA is made aware "
     "of a demonstrated or proven method that can easily compute the Subscriber's Private Key", SW,
     {("m0", "BR", "4.9.1.1", 4)}),
    ("Amend as follows:\n\n4.9.1.1 Reasons for Revoking a Subscriber Certificate\n\nInsert after item 5:\n\n6. The CA "
     "is made aware that the key was compromised;", SW, {("m0", "BR", "4.9.1.1", 6)}),
    ("4.9.1.2 Reasons for Revoking a Subordinate CA Certificate\n\nDELETE:\n\n3. The Issuing CA obtains evidence "
     "that the Certificate was misused;", SW, {("m0", "BR", "4.9.1.2", 3)}),
    ("4.9.1.1. Reasons for revoking a subscriber certificate\nCurrent text:\n7. The CA is made aware that the "
     "Certificate was not issued in accordance with these Requirements;", SW, {("m0", "BR", "4.9.1.1", 7)}),
    # near miss: the message's own list after the heading (no edit instruction between): the heading alone
    ("4.9.1.1 Reasons for Revoking a Subscriber Certificate\n\nWe think this needs three changes:\n\n1. Make it "
     "shorter.\n2. Drop the debian text.", SW, {("m0", "BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS)
def test_pasted_heading_and_document_forms(text, list_name, expected):
    assert _thread_citations([text], list_name, subject="[Servercert-wg] Ballot proposal") == expected
