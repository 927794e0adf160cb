"""A section number cited with its document and then repeated bare in the same message (issue 14, session 13
"cite13u"): class 4 of held-out batch T (/work/notes13/cite13t.md, bz-2007221: "a violation of Section 6.2 of the
CCADB Policy" then "we may still be in violation of Section 6.2" gave an extra BR 6.2 beside CCADB 6.2, even within
one paragraph). The bare repeat takes the document the text cited that exact number with last before it (the lookup
"see 4.9 above" uses, ``_CitedBefore``, of the explicit citations only; step "explicit_before"), before the
paragraph's, the message's and the thread's document, unless its own sentence names another document.
Near misses that must stay as they were: its sentence names another document; a different number; the number cited
before with no document; the number cited with its document only on a quoted line ('> …': another's words,
``quoted_line``). Exact (message, document, section, item) of a one-message thread in the list named.
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

BZ = "Bugzilla CA Program :: CA Certificate Compliance"
MDL = "dev-security-policy@lists.mozilla.org"
SW = "servercert-wg@lists.cabforum.org"

_MS = (  # Bugzilla 2007221 (batch T), Microsoft PKI Services: Improper Disclosure of CRL, trimmed
    "In September, we opened Bugzilla 1990801 \u2013 Microsoft: improper disclosure of CRL after identifying that the "
    "JSON Array of Partitioned CRL URLs for one of the newly created CAs had been incorrectly formatted, resulting in a "
    "violation of Section 6.2 of the CCADB Policy. To resolve that bug, we removed the JSON array.\n"
    "On 2025\u201112\u201118 at ~12:02 PM PST, Microsoft PKI Services received a Certificate Problem Reporting email "
    "indicating that we may still be in violation of Section 6.2. The reporter examined six recently issued "
    "certificates.\nFollowing investigation, we determined that the correct approach to comply with Section 6.2 is "
    "to disclose the JSON Array of Partitioned CRL URLs in CCADB for all twelve CAs.")

FORMS = [
    (_MS, BZ, {("m0", "CCADB", "6.2", None)}),
    # constructed: within one sentence's neighbour, one paragraph
    ("We were in violation of Section 6.2 of the CCADB Policy. We may still be in violation of Section 6.2 now.", BZ,
     {("m0", "CCADB", "6.2", None)}),
    # across a blank line
    ("We were in violation of Section 6.2 of the CCADB Policy.\n\nThe reporter says we may still be in violation of "
     "Section 6.2.", BZ, {("m0", "CCADB", "6.2", None)}),
    # the MRSP, repeated after a sentence that names the BRs
    ("Section 5.1 of the Mozilla Root Store Policy lists the allowed key sizes. The BRs allow more.\n\nSo section 5.1 "
     "is what we broke.", SW, {("m0", "MRSP", "5.1", None)}),
    # the EV Guidelines on the BR's list, repeated after a sentence that names the BRs
    ("Section 11.2 of the EV Guidelines covers this. The BRs allow more.\n\nOur process did not meet section 11.2 "
     "for two orders.", SW, {("m0", "EVG", "11.2", None)}),
    ("EVG section 11.2 covers this. Our process did not meet section 11.2 for two orders.", SW,
     {("m0", "EVG", "11.2", None)}),
    # near miss: its own sentence names another document after the number
    ("Section 6.2 of the CCADB Policy was broken. Section 6.2 is also different in the Baseline Requirements.", BZ,
     {("m0", "CCADB", "6.2", None), ("m0", "BR", "6.2", None)}),
    # near miss: its own sentence names another document before it
    ("EVG section 11.2 covers this. In the BRs, section 11.2 is not there.", SW,
     {("m0", "EVG", "11.2", None), ("m0", "BR", "11.2", None)}),
    # near miss: a different number keeps the paragraph's document
    ("Section 5.1 of the Mozilla Root Store Policy lists the key sizes. Section 5.2 is about something else.", MDL,
     {("m0", "MRSP", "5.1", None), ("m0", "MRSP", "5.2", None)}),
    # near miss: cited with its document only on a quoted line (another's words; servercert#466, batch I, trimmed)
    ("Currently:\n\n- Section 2.2 states\n> Section 4.2 of a CA's Certificate Policy and/or Certification Practice "
     "Statement SHALL state the CA's policy or practice on processing CAA Records.\n\n- And Section 4.2 has nothing "
     "to say about CAA, despite the fact that CAs are required to document their CAA-checking practices here.", SW,
     {("m0", "BR", "2.2", None), ("m0", "CPS", "4.2", None), ("m0", "BR", "4.2", None)}),
    # near miss: the number cited before with no document, then the document named later
    ("Section 6.2 was broken. Then Section 6.2 again, and the CCADB Policy.", BZ, {("m0", "BR", "6.2", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite13u_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
