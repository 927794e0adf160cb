"""Near misses of the session-13 citation rules of cite13r and cite13s (review13d), exact (message, document,
section, item) of a one-message thread in the list named; each class with constructed variants and the shapes that
must stay as they were.

- the policy a message says it changes (``changed_document`` step) said in an earlier paragraph gives way to a
  document the number's own paragraph names before it ('I want to update the EV Guidelines.\\n\\nThe CCADB Policy
  says more. Section 5.2 covers it.': the CCADB Policy's, as before cite13s); in the change statement's own paragraph,
  or where the number's paragraph names none, it still decides (tests/test_cite13s_forms.py: the MRSP 2.9 edit list).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

MD, CCP = "dev-security-policy@mozilla.org", "public@ccadb.org"

FORMS = [
    # --- a change statement in an earlier paragraph, another document named before the number in its own paragraph
    ("I want to update the EV Guidelines.\n\nThe CCADB Policy says more. Section 5.2 covers it.", MD,
     {("m0", "CCADB", "5.2", None)}),
    ("Here are the proposed changes to the MRSP.\n\nSeparately, the EV Guidelines were discussed. Section 3.2 "
     "covers it.", CCP, {("m0", "EVG", "3.2", None)}),
    ("The draft of the MRSP is ready.\n\nThe EVG has it. Section 3.2 covers it.", CCP, {("m0", "EVG", "3.2", None)}),
    ("We propose to update the Chrome Root Program Policy.\n\nThe TLS BRs were updated too, and Section 4.9.1.1 "
     "now has a new reason.", MD, {("m0", "BR", "4.9.1.1", None)}),
    # near misses: the statement's own paragraph (the designed trade-off), a paragraph that names no document
    ("Here are the proposed changes to the MRSP. The EV Guidelines were discussed. Section 3.2 covers it.", CCP,
     {("m0", "MRSP", "3.2", None)}),
    ("Here are the proposed changes to the MRSP, after the EV Guidelines update.\n\nSection 3.2: add the criteria.",
     CCP, {("m0", "MRSP", "3.2", None)}),
    ("We propose to update the Chrome Root Program Policy.\n\nSection 3.2 now requires it.", MD,
     {("m0", "CRP", "3.2", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_review13d_changed_policy_other_paragraph(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected


# a number written right after its document ("BR 4.9.1.1", no comma, no keyword) is that document's even when "of/in"
# and another document follow (cite13r's doc_section lookahead made "BR 4.9.1.1 in the MRSP" MRSP 4.9.1.1); the
# lookahead stays for a number the document is parted from by a comma or a keyword ("the BRs, section 4.9.3 of the
# Sectigo CPS": the CPS's, tests/test_cite13r_forms.py)
ADJACENT_FORMS = [
    ("Compliance with BR 4.9.1.1 in the MRSP is required.", MD, {("m0", "BR", "4.9.1.1", None)}),
    ("The rule of EVG 3.2 in the CCADB Policy is the same.", MD, {("m0", "EVG", "3.2", None)}),
    ("We follow BR 4.9.3 of the Sectigo CPS template.", MD, {("m0", "BR", "4.9.3", None)}),
    # near misses: a keyword or a comma between: the document after decides
    ("The BRs, section 4.9.3 of the Sectigo CPS, say it.", MD, {("m0", "CPS", "4.9.3", None)}),
    ("The BRs section 4.9.3 in the GTS CP/CPS says it.", MD, {("m0", "CPS", "4.9.3", None)}),
    ("See BR 4.9.1.1 for the reasons.", MD, {("m0", "BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", ADJACENT_FORMS,
                         ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(ADJACENT_FORMS)])
def test_review13d_number_right_after_document(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected


# "following" names the changes a text makes only as "the following changes to X"; "Following the changes to the BRs,
# we ..." (after them) says no change of the BRs: the document named later in the paragraph decides, as before cite13s
FOLLOWING_FORMS = [
    ("Following the changes to the BRs, we updated our CPS. The EV Guidelines also matter. Section 3.2 is next.", MD,
     {("m0", "EVG", "3.2", None)}),
    ("Following recent updates to the CCADB Policy we checked our audits. The EVG also matters. Section 3.2 "
     "covers it.", MD, {("m0", "EVG", "3.2", None)}),
    ("following the amendments to the MRSP, the EV Guidelines were read again; section 3.2 was fine.", CCP,
     {("m0", "EVG", "3.2", None)}),
    # near misses: "the following changes to X" still names the policy changed
    ("We publish the following changes to the CCADB Policy. The EVG was consulted. Section 5.2 requires the letter.",
     MD, {("m0", "CCADB", "5.2", None)}),
    ("The following changes to the MRSP, after the EV Guidelines update. Section 3.2: add criteria.", CCP,
     {("m0", "MRSP", "3.2", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FOLLOWING_FORMS,
                         ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FOLLOWING_FORMS)])
def test_review13d_following_as_preposition(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
