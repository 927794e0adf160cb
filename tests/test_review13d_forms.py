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
