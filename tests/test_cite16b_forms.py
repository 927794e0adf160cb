"""Citation forms batch Z left (issue 14, session 16 "cite16b"), measured beside a fresh mail batch M
(/work/notes16/cite16m: 25 CA/Browser Forum pipermail, mail-archive.com, Google-group and OASIS list passages, frozen
by sha256 before threadkb ran on them). Each class: the real rows (batch Z's, source in a comment, text as written),
constructed variants, and near misses that must stay as they are. Exact (message, document, section, item) of a
one-message thread in the list named.

Classes fixed here:
- a list of an RFC's sections in parentheses right after its number ("RFC 5280 (4.2.1.10, 4.2.1.11)"): each is that
  RFC's section (row ``rfc``: the parenthesis may hold dotted numbers joined by commas or "and"; anything else in it
  leaves the RFC with no section);
- a policy's requirement on a CA's CP/CPS that says where in it something goes ("a Participant's CP or combined
  CP/CPS MUST explicitly state adherence … This attestation SHOULD be made in Section 1.1 ("Overview")", pasted from
  the Chrome policy): the CA's CP/CPS's section, not the quoted policy's (document chooser signal
  ``copy_requirement``: the CP/CPS the subject of a MUST/SHALL/SHOULD earlier in the number's paragraph, the number
  right after "MUST/SHOULD be made/stated/documented … in (Section)");
- a point number, an optional capital sub-point and the point's quoted title after a section number that ends with a
  full stop ('11.4.1. 2 B "Place of Business not in the Country of Incorporation or Registration"'): that point is
  the item (``item_later``, group ``item_titled``; a count or a one-word quotation after the number stays no item);
- an item a reviewer asks to edit under a section a line of the same message cited before ("Section 1.1" alone on a
  line, then "- Change item 2 in a few places", or "- Change" then a quoted point '"1. CA certificates …"'): item N
  of that section (row ``edited_item``; the section from the message's own text only, in the same paragraph, on a
  short line of its own, or the one an edited item before took; "item 2 of the agenda", "item 2 in section 4.9.1.1"
  (the explicit rows'), a count in quotes, or a section a long sentence cited paragraphs before give no such item).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

SM, LE = "GitHub cabforum/smime", "GitHub letsencrypt/cp-cps"
WB, CR = "GitHub webcompat/web-bugs", "GitHub GoogleChrome/chromerootprogram"
SW, MD = "servercert-wg", "dev-security-policy@mozilla.org"

FORMS = [
    # --- a list of an RFC's sections in parentheses after its number (batch Z's left class; constructed: Z37's
    # single section is in test_cite16_forms)
    ("Non-critical Name Constraints are an exception to RFC 5280 (4.2.1.10, 4.2.1.11).", MD,
     {("m0", "RFC", "5280", "4.2.1.10"), ("m0", "RFC", "5280", "4.2.1.11")}),
    ("See RFC 5280 (4.2.1.10 and 4.2.1.11) for both.", MD,
     {("m0", "RFC", "5280", "4.2.1.10"), ("m0", "RFC", "5280", "4.2.1.11")}),
    ("RFC 5280 (4.2.1.10, 4.2.1.11, and 4.2.1.12) says so.", MD,
     {("m0", "RFC", "5280", "4.2.1.10"), ("m0", "RFC", "5280", "4.2.1.11"), ("m0", "RFC", "5280", "4.2.1.12")}),
    ("The responder follows RFC 6960 (4.2.2.2, 4.2.2.3) as written.", MD,
     {("m0", "RFC", "6960", "4.2.2.2"), ("m0", "RFC", "6960", "4.2.2.3")}),
    # near misses: years, words in the list, a single section (read before)
    ("RFC 5280 (2008, 2013) says so.", MD, {("m0", "RFC", "5280", None)}),
    ("RFC 5280 (4.2.1.10, see below) says so.", MD, {("m0", "RFC", "5280", None)}),
    ("RFC 5280 (4.2.1.10) says so.", MD, {("m0", "RFC", "5280", "4.2.1.10")}),
    # --- a policy's requirement on a CA's CP/CPS placing something in it. webcompat/web-bugs #229478 (batch Z, Z27)
    ("**Description**: Google Trust Services: TLS CP/CPS (v6.6) does not state adherence to the Chrome Root Program "
     "Policy and CCADB Policy (CRP \u00a71.1.3)\n**Steps to Reproduce**:\nGoogle is not compliant to chrome root "
     "policy: Chrome Root Program Policy, Version 1.8 (https://googlechrome.github.io/chromerootprogram/)\n1.1.3. "
     "Chrome Root Program Participant Policies\nEffective June 15, 2026, a Chrome Root Program Participant's CP or "
     "combined CP/CPS MUST explicitly state adherence to the latest published version of this policy and the CCADB "
     "Policy. This attestation SHOULD be made in Section 1.1 (\"Overview\").", WB,
     {("m0", "CRP", "1.1.3", None), ("m0", "CPS", "1.1", None)}),
    # letsencrypt/cp-cps #330 (batch Z, Z28)
    ("Per an update to the Chrome Root Program policy (see [diff](https://github.com/GoogleChrome/chromerootprogram/"
     "pull/12/changes)):\n\n> Effective June 15, 2026, a Chrome Root Program Participant's CP or combined CP/CPS MUST "
     "explicitly state adherence to the latest published version of this policy and the CCADB Policy. This "
     "attestation SHOULD be made in Section 1.1 (\"Overview\").", LE, {("m0", "CPS", "1.1", None)}),
    ("A Participant's CP or combined CP/CPS MUST explicitly state adherence to this policy. This attestation SHOULD "
     "be made in Section 1.1 (\"Overview\").", CR, {("m0", "CPS", "1.1", None)}),
    ("> The CPS SHALL name a contact. The contact details MUST be stated in section 1.5.2.", MD,
     {("m0", "CPS", "1.5.2", None)}),
    ("Each CP MUST describe the checks; they SHOULD be documented in 4.2.", SW, {("m0", "CPS", "4.2", None)}),
    # near misses: no CP/CPS as the requirement's subject, the policy named after the number, another paragraph,
    # no placing verb before the number
    ("The CPS team SHOULD review it. The fix SHOULD be made in Section 4.2.", SW, {("m0", "BR", "4.2", None)}),
    ("A CA's CP/CPS MUST state adherence; the Forum SHOULD be told as described in Section 4.2.", SW,
     {("m0", "BR", "4.2", None)}),
    ("The CP/CPS MUST state it. Nothing else SHOULD be made in Section 1.1 of the BRs.", SW,
     {("m0", "BR", "1.1", None)}),
    ("A Participant's CP/CPS MUST state adherence.\n\nThis attestation SHOULD be made in Section 1.1.", CR,
     {("m0", "CRP", "1.1", None)}),
    ("Policy text: the CPS MUST be public. Section 1.1 says so.", CR, {("m0", "CRP", "1.1", None)}),
    # --- a point number and its quoted title after a section number ending with a full stop. cabforum/smime #230
    # (batch Z, Z22)
    ("The EV Guidelines actually have a provision for when the physical location is different from the jurisdiction "
     "of incorporation in 11.4.1. 2 B \u201cPlace of Business not in the Country of Incorporation or "
     "Registration\u201d.\n\nA similar country match requirement exists in the EV Guidelines: \"The information "
     "carried in this field shall be the same as held in Subject Registration Number Field as specified in Section "
     "9.2.5 and the country code used in the Registration Scheme identifier shall match that of the subject\u2019s "
     "jurisdiction.\"", SM, {("m0", "EVG", "11.4.1", 2), ("m0", "EVG", "9.2.5", None)}),
    ("The EVGs cover it in 11.4.1. 2 \u201cPlace of Business not in the Country\u201d.", SW,
     {("m0", "EVG", "11.4.1", 2)}),
    ("Per BR 4.9.1.1. 3 \"The CA obtains evidence\" applies.", SW, {("m0", "BR", "4.9.1.1", 3)}),
    # near misses: a count after the number, a one-word quotation
    ("Per BR 4.9.1.1. 2 CAs did this.", SW, {("m0", "BR", "4.9.1.1", None)}),
    ("See BR 4.9.1.1. 2 of them said \"Yes\".", SW, {("m0", "BR", "4.9.1.1", None)}),
    ("We discussed BR 4.9.1.1. 12 \"Yes\" votes were cast.", SW, {("m0", "BR", "4.9.1.1", None)}),
    # --- an item a reviewer asks to edit under a section cited before. mozilla/pkipolicy #74 (batch Z, Z53; the
    # bare heading's citation stays: batch Z's judge counted the items only)
    ("Section 1.1\n\n- Change\n\u201c1. CA certificates applying for inclusion in, or included in, the Mozilla root "
     "store.\u201d\nto\n\u201cCA certificates included in, or under consideration for inclusion in, the Mozilla Root "
     "Store.\u201d\n\n- Change item 2 in a few places, enclosed by *:", "GitHub mozilla/pkipolicy",
     {("m0", "MRSP", "1.1", 1), ("m0", "MRSP", "1.1", 2), ("m0", "MRSP", "1.1", None)}),
    ("Section 5.2\n\n- Change item 3 in a few places, enclosed by *:", "GitHub mozilla/pkipolicy",
     {("m0", "MRSP", "5.2", 3), ("m0", "MRSP", "5.2", None)}),
    ("Section 6.1.1.3\n\n- Delete item 4, it is obsolete.", SW,
     {("m0", "BR", "6.1.1.3", 4), ("m0", "BR", "6.1.1.3", None)}),
    ("Section 7.1.2.3 Subscriber Certificates\n\nReplace\n> \"2. The CA MUST do X.\"\nwith nothing.", SW,
     {("m0", "BR", "7.1.2.3", 2), ("m0", "BR", "7.1.2.3", None)}),
    ("In section 4.9.1.1 we should change item 2 everywhere.", SW,
     {("m0", "BR", "4.9.1.1", 2), ("m0", "BR", "4.9.1.1", None)}),
    ("Section 4.9.1.1\n\n- Change \"3. The CA\" to \"3. A CA\"", SW,
     {("m0", "BR", "4.9.1.1", 3), ("m0", "BR", "4.9.1.1", None)}),
    # near misses: no section before, another list, the explicit rows' "item N in section", a count in quotes, a
    # section a long sentence cited paragraphs before
    ("Change item 2 in a few places.", SW, set()),
    ("Section 4.9.1.1 is fine. Also, change item 2 of the agenda.", SW, {("m0", "BR", "4.9.1.1", None)}),
    ("Please change item 2 in section 4.9.1.1 of the BRs.", SW, {("m0", "BR", "4.9.1.1", 2)}),
    ("Section 4.9.1.1 is fine.\n\nChange \"3 CAs\" to \"three CAs\".", SW, {("m0", "BR", "4.9.1.1", None)}),
    ("BR 4.9.1.1 was discussed at length today.\n\nIn the PR template, change item 2.", SW,
     {("m0", "BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite16b_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
