"""Citation forms of mail and page text nobody here tuned for (issue 14, session 13 "cite13m"): batch N of
/work/notes13/cite13m-table (Bugzilla incident pages, dev-security-policy, CA/B Forum pipermail and Google Groups,
CCADB public; collected, frozen by sha256 and scored before these changes). Each class: real snippets (source in a
comment) and constructed variants, including near misses that must stay as they were. Exact (message, document,
section, item) of a one-message thread in the list named.

Classes fixed here:
- a thing added *in* or *to* an existing section ("A new sentence in section 2.1 provides …", "add a footnote to
  section 4.9.3"): no section proposed anew, so a context document that lacks the number gives way to one named
  that has it (``new_section_before`` no longer fires when a preposition leads to the number);
- the singular "EV Guideline" ("1.  EV Guideline 8.4 is deleted."): a name of the EV Guidelines (``documents.EVG``);
- a method or item named with its title in parentheses, or taken *from* a section ("Method 11 (\"Any Other Method\")
  from 3.2.2.4"): the item of that section, as "methods 1 and 5 of 3.2.2.4" is (``item_of_section``), not the
  method's own section 3.2.2.4.11 beside the section;
- "the policy" with a word between ("section 1.1 of our existing policy", "the current draft policy, section 5.2") on
  a root program's own list: that program's policy, as "section 5.2 of the policy" is (``home_policy_after``,
  ``home_policy_before``). Found in batch O (collected after the first three, so not held out for this one).
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

SW, PU, MD = "servercert-wg@lists.cabforum.org", "public@lists.cabforum.org", "dev-security-policy@mozilla.org"
MDL, SM = "dev-security-policy@lists.mozilla.org", "smcwg-public@lists.cabforum.org"

FORMS = [
    # --- a thing added in or to an existing section. dev-security-policy (batch N): proposed MRSP v3.1
    ("Section 7.3 (Removals) is updated to replace the existing reference.\n2. Policy Alignment and Order of "
     "Precedence - #293\nClarifications are added to address how the MRSP interacts with other applicable "
     "requirements, including the CCADB Policy and CA/Browser Forum guidelines.\nA new sentence in section 2.1 "
     "provides an order of precedence.", MD, {("m0", "MRSP", "7.3", None), ("m0", "MRSP", "2.1", None)}),
    ("This changes the MRSP and the CCADB Policy. We add a footnote to section 2.1 for that.", MD,
     {("m0", "MRSP", "2.1", None)}),
    ("The update touches the MRSP and the CCADB Policy: a new paragraph in the existing section 2.1 says so.", MD,
     {("m0", "MRSP", "2.1", None)}),
    ("Both the MRSP and the CCADB Policy change; we propose changes to section 2.1.", MD,
     {("m0", "MRSP", "2.1", None)}),
    # near misses: a section proposed anew stays with the document named, though it lacks the number
    ("The CCADB Policy should get a new section 2.1 for this.", MD, {("m0", "CCADB", "2.1", None)}),
    ("The CCADB Policy will add a section 2.1 to cover it.", MD, {("m0", "CCADB", "2.1", None)}),
    ("The CCADB Policy: we propose to add section 2.1 on delays.", MD, {("m0", "CCADB", "2.1", None)}),
    # --- the singular "EV Guideline". public@ (batch N): ballot 142
    ("The following motion has been proposed by Gervase Markham of Mozilla and\nendorsed by Ryan Sleevi of Google "
     "and Moudrick Dadashov of SSC.\n\n\n1.  EV Guideline 8.4 is deleted.\n\n\nThe review period for this ballot "
     "shall commence at 2200 UTC on Monday,\n1 December 2014.", PU, {("m0", "EVG", "8.4", None)}),
    ("EV Guideline 11.2 says otherwise.", PU, {("m0", "EVG", "11.2", None)}),
    ("See the Extended Validation Guideline section 9.2.1 for the subject.", PU, {("m0", "EVG", "9.2.1", None)}),
    ("This violates EV Guideline section 9.2.4 on the jurisdiction.", MDL, {("m0", "EVG", "9.2.4", None)}),
    # near misses: a guideline with no section, the plural
    ("This violates EV Guideline \"Jurisdiction of Incorporation or Registration Field\".", MDL, set()),
    ("EV Guidelines 11.2 say otherwise.", PU, {("m0", "EVG", "11.2", None)}),
    # --- a method or item with its title in parentheses, or taken from a section. servercert-wg (batch N): SC7
    ("Ballot 169 removed Method 11 (\"Any Other Method\") from 3.2.2.4 and replaced it with explicit validation "
     "methods, but it's sibling in 3.2.2.5 item 4 is still in the Baseline Requirements.", SW,
     {("m0", "BR", "3.2.2.4", 11), ("m0", "BR", "3.2.2.5", 4)}),
    ("We removed method 11 from 3.2.2.4 of the Baseline Requirements.", SW, {("m0", "BR", "3.2.2.4", 11)}),
    ("Drop item 4 (Any Other Method) of section 3.2.2.5 in the BRs.", SW, {("m0", "BR", "3.2.2.5", 4)}),
    ("Reason #3 (\"key compromise\") in BR 4.9.1.1 applies here.", SW, {("m0", "BR", "4.9.1.1", 3)}),
    ("Methods 1 and 5 (email and phone) from 3.2.2.4 of the BRs go away.", SW,
     {("m0", "BR", "3.2.2.4", 1), ("m0", "BR", "3.2.2.4", 5)}),
    # near misses: the method's own section (no section named), a method of another section read as before
    ("The BRs no longer allow method 11 (Any Other Method).", SW, {("m0", "BR", "3.2.2.4.11", None)}),
    ("Method 7 of 3.2.2.4 in the BRs is DNS.", SW, {("m0", "BR", "3.2.2.4", 7)}),
    # --- "the policy" with a word between. dev-security-policy (batch O): Wayne Thayer, EKUs in all certificates
    ("The BRs require EKUs in leaf TLS certs, but there is no equivalent\nrequirement for S/MIME certificates.\n\n"
     "Alternately, we could easily argue that section 1.1 of our existing policy\nalready makes it clear that CAs must "
     "include EKUs.", MDL, {("m0", "MRSP", "1.1", None)}),
    ("The BRs say one thing, but section 5.2 of the current policy says another.", MDL, {("m0", "MRSP", "5.2", None)}),
    ("The BRs say one thing; the proposed policy, section 5.2, says another.", MDL, {("m0", "MRSP", "5.2", None)}),
    ("Per section 3.3 of our updated policy, CAs must update their CPS.", "GitHub mozilla/pkipolicy",
     {("m0", "MRSP", "3.3", None)}),
    # near misses: a policy of someone else, one word too many
    ("The BRs say one thing, but section 5.2 of their existing policy says another.", MDL,
     {("m0", "BR", "5.2", None)}),
    ("Section 5.2 of the policy forbids it.", MDL, {("m0", "MRSP", "5.2", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite13m_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected


def test_home_policy_words_are_one_macro():
    """The words naming "the policy" (with its qualifier: "our existing policy", "the proposed policy") are one macro
    read by both home_policy_before and home_policy_after (review13a: the qualifier list was written twice), so a
    qualifier added for one side reads on the other."""
    from threadkb.extract.citations import get_table

    raw = get_table().data
    assert "{HOME_POLICY}" in raw["home_policy_before"] and "{HOME_POLICY}" in raw["home_policy_after"]
    assert "existing" in raw["macros"]["HOME_POLICY"]
