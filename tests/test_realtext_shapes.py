"""Shapes of real public Web PKI text nobody here was scored on (session 6 probe set: GitHub threads of
cabforum/smime, zmap/zlint, digicert/pkilint, mozilla/www.ccadb.org, uspki/policies, mozilla/pkipolicy; CA/B Forum
pipermail attachments; dev-security-policy pages). Each class: the real snippet (its thread named) and constructed
variants, exact expected values.

Classes fixed here:
- a display name quoted together with its list ('"Ben Wilson via Public" <public@cabforum.org>', an Outlook or
  Coremail "原始邮件" header block): the closing quote went with " via <list>", and the name kept its opening quote;
- a section number whose document was only guessed (from the message at large, the thread, or a link's anchor the
  index matched by title) and which that document does not have on the message's day ("7.1.4.2.2 (h)" read as the
  BR's in 2023, when the BR numbers its profiles 7.1.2.x): the thread's home document (repository or list, then the
  subject's topic) takes it when it is not indexed or has the section that day;
- a Markdown link inside the document ("](#71422-subject-distinguished-name-fields)") in a review comment on a file
  ("SBR.md:2223"): that file's document, before the first indexed document whose heading fits.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from threadkb.pipeline import extract_paths
from threadkb.speakers import clean_name

NAMES = [
    # CA/B Forum public list, CFCA's vote on FORUM-019 (Coremail header block)
    ('"Ben Wilson via Public" <public@cabforum.org>', "Ben Wilson"),
    ('"Ben Wilson via Public"', "Ben Wilson"),
    ("'Ben Wilson via dev-security-policy' <dev-security-policy@mozilla.org>", "Ben Wilson"),
    ('"Sleevi, Ryan via Servercert-wg" <servercert-wg@cabforum.org>', "Ryan Sleevi"),
    # unchanged: quotes around the name only, the Google Groups form, an apostrophe inside the name
    ("'Ben Wilson' via dev-security-policy <dev-security-policy@mozilla.org>", "Ben Wilson"),
    ('"Ben Wilson" <bwilson@mozilla.com>', "Ben Wilson"),
    ("O'Brien Smith <o@example.com>", "O'Brien Smith"),
    ('Dimitris Zacharopoulos (HARICA) via Servercert-wg', "Dimitris Zacharopoulos (HARICA)"),
    # Outlook's bold kept as asterisks by a plain-text conversion (CA/B Forum public list, 2014-08, cabfpub 003744)
    ("public-bounces at cabforum.org [mailto:public-bounces at cabforum.org] *On Behalf Of *Ryan Sleevi", "Ryan Sleevi"),
    ("*Ryan Sleevi* [mailto:sleevi at google.com]", "Ryan Sleevi"),
    ("*Tim Hollebeek* <tim.hollebeek@digicert.com>", "Tim Hollebeek"),
    # a pipermail address alone is the author, written as an address
    ("kirk_hall at trendmicro.com", "kirk_hall@trendmicro.com"),
    ("kirk_hall at trendmicro.com <kirk_hall at trendmicro.com>", "kirk_hall@trendmicro.com"),
    ("Ben at Mozilla", "Ben at Mozilla"),  # no domain: a name
]


@pytest.mark.parametrize("raw,name", NAMES, ids=[r[0][:40] for r in NAMES])
def test_a_name_quoted_with_its_list_loses_both_quotes(raw, name):
    assert clean_name(raw, None)[0] == name


HEADER_BLOCKS = [
    ("-----Original Message-----\nFrom: \"Ben Wilson via Public\" <public@cabforum.org>\n"
     "Sent: Monday, November 27, 2023 11:44 PM\nTo: public@cabforum.org\nSubject: [cabfpub] Ballot FORUM-019\n"),
    ("-----原始邮件-----\n发件人: \"Ben Wilson via Public\" <public@cabforum.org>\n"
     "发送时间: 2023-11-27 23:44:17 (星期一)\n收件人: public@cabforum.org\n主题: [cabfpub] Ballot FORUM-019\n"),
]


@pytest.mark.parametrize("block", HEADER_BLOCKS, ids=["outlook-en", "coremail-zh"])
def test_header_block_author_quoted_with_its_list(tmp_path, block):
    path = tmp_path / "vote.txt"
    path.write_text("CFCA votes \"yes\" on Ballot FORUM-019 v.2.\n\n" + block
                    + "\nThe voting period for Ballot FORUM-019 v.2 starts today.\n", encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    quoted = [m for m in ex.thread.messages if m.date is not None]
    assert [(m.author, m.date.isoformat()[:16]) for m in quoted] == [("Ben Wilson", "2023-11-27T23:44")]


# (text, list name, subject, message day, expected {(document, section, item)})
GUESSED = [
    # zmap/zlint #753 (CBonnell, 2023-10-16): the message names both the TLS BRs and the SMIME BRs; the subject is S/MIME
    ("The full text of 7.1.4.2.2 (h) says so.\n\nThe TLS BRs do not prescribe an upper bound, and neither do the "
     "SMIME BRs.", "GitHub zmap/zlint", "Lint for CABF SMIME 7.1.4.2.h - the subject:emailAddress",
     datetime(2023, 10, 16), {("SMIME-BR", "7.1.4.2.2", "h")}),
    # the S/MIME working group's own repository, a link inside the document (cabforum/smime #218)
    ("include only the commonName as described in [Section 7.1.4.2.2(a)](#71422-subject-distinguished-name-fields).",
     "GitHub cabforum/smime", "Modified note 1 in 7.1.4.2.5", datetime(2023, 10, 24),
     {("SMIME-BR", "7.1.4.2.2", "a"), ("SMIME-BR", "7.1.4.2.2", None)}),  # the section and its anchor
    ("As 7.1.4.2.2 says, it is clear.\n\nThe BRs differ.", "smcwg-public@groups.cabforum.org", None,
     datetime(2024, 3, 1), {("SMIME-BR", "7.1.4.2.2", None)}),
    # the sentence names the BRs: kept (an S/MIME list's "the BRs" may be either)
    ("As 7.1.4.2.2 of the BRs says, it is clear.", "smcwg-public@groups.cabforum.org", None,
     datetime(2024, 3, 1), {("BR", "7.1.4.2.2", None)}),
    # the guess has the section that day: kept
    ("As 7.1.4.2.2 says, the BRs are clear.", "GitHub cabforum/smime", None, datetime(2019, 3, 1),
     {("BR", "7.1.4.2.2", None)}),
    # no home document: kept, flagged
    ("The full text of 7.1.4.2.2 (h) says so. The BRs are clear.", "GitHub zmap/zlint", "Lint for the subject DN",
     datetime(2023, 10, 16), {("BR", "7.1.4.2.2", "h")}),
    # the sentence names the document: kept though the section is not yet in force (cabforum/servercert #601)
    ("The same Chrome Root Program Policy has a requirement to disclose them (Section 6.2).",
     "GitHub cabforum/servercert", None, datetime(2025, 6, 24), {("CRP", "6.2", None)}),
    # named with the number: kept
    ("BR 7.1.4.2.2 (h) is gone.", "GitHub cabforum/smime", None, datetime(2023, 10, 16), {("BR", "7.1.4.2.2", "h")}),
]


@pytest.mark.parametrize("text,list_name,subject,day,expected", GUESSED, ids=[r[0][:40] for r in GUESSED])
def test_a_guessed_document_without_the_section_gives_way_to_the_home(text, list_name, subject, day, expected):
    from test_citations import _extract, _message

    ex = _extract([_message("m0", text, day)], subject=subject, list_name=list_name)
    assert {(c.document, c.section, c.item) for c in ex.citations} == expected


REVIEW = """cabforum/{repo} · pull request #218 · closed · Python
# Modified note 1 in 7.1.4.2.5

defacto64 · description · 2023-10-19
Modified note 1 in 7.1.4.2.5 to ensure that an SV certificate always contain attributes.

dzacharo · review thread · 2023-10-24
{file}:2223
```diff
- 1. Legacy Generation profiles MAY omit the `subject:givenName`.
+ 1. Legacy Generation profiles MAY omit the `subject:givenName` (see Section 3.1.2).
```
**dzacharo**:
Include only the `subject:commonName` as described in [Section 7.1.4.2.2(a)](#71422-subject-distinguished-name-fields).
"""


@pytest.mark.parametrize("repo,file,expected", [
    ("smime", "SBR.md", {("SMIME-BR", "7.1.4.2.2", "a"), ("SMIME-BR", "7.1.4.2.2", None), ("SMIME-BR", "3.1.2", None)}),
    ("servercert", "docs/BR.md", {("BR", "7.1.4.2.2", "a"), ("BR", "7.1.4.2.2", None), ("BR", "3.1.2", None)}),
])
def test_a_link_inside_the_reviewed_file_is_that_files(tmp_path, repo, file, expected):
    path = tmp_path / "review.txt"
    path.write_text(REVIEW.format(repo=repo, file=file), encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    turn = [m for m in ex.thread.messages if m.author == "dzacharo"][-1]
    assert {(c.document, c.section, c.item) for c in ex.citations if c.message == turn.key} == expected


# Bugzilla bug pages as stored. The head of an older rendering shows the type, priority and severity fields as bare
# values ("task" / "Not set" / "normal"); they ended the metadata, so the head's Tracking/People/Reporter lines
# became the description's own text and the description lost its author (bug 1563579, Sectigo, 2019).
BUG_HEAD = """Closed Bug 1563579 Opened 5 years ago Closed 3 years ago

Sectigo: Failure to provide timely incident reports

Categories

(CA Program :: CA Certificate Compliance, task)

{values}

Tracking

(Not tracked)

RESOLVED FIXED

People

(Reporter: ryan.sleevi, Assigned: rob)

References

Details

(Whiteboard: [ca-compliance] [disclosure-failure])

Robin,

Given the pattern in the following issues, I felt it best to spin this into a dedicated issue. Sectigo has begun \
demonstrating a worrying trend of not providing timely response to incident reports.
"""


@pytest.mark.parametrize("values", ["task\nNot set\nnormal", "defect\nP2\nS3", "enhancement\n--\n--", "task"])
def test_bugzilla_head_field_values_are_metadata(tmp_path, values):
    path = tmp_path / "bug.txt"
    path.write_text(BUG_HEAD.format(values=values), encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [(m.author, m.text.strip().split("\n")[0]) for m in ex.thread.messages] == [("ryan.sleevi", "Robin,")]


# A newer rendering (bug 1994454, Sectigo, 2025): an "Updated" entry that kept no text, then the next comment's
# role label with the table's leading "| " ("| Assignee | ||"). Before: a message of its own whose only words were
# "| Assignee | ||" (a claim), and the comment after it lost its author.
UPDATED = """Sectigo: Failure to reply to Certificate Problem Reports within 24 hours
Categories
(CA Program :: CA Certificate Compliance, task)
Tracking
(Not tracked)
People
(Reporter: martijn.katerbarg, Assigned: martijn.katerbarg)
Details
(Whiteboard: [ca-compliance] [policy-failure])
Preliminary Incident Report
On October 13th we became aware of a problem with our Certificate Problem Report email queue.
Updated•4 months ago
|
{role}
Comment 1•3 months ago
|
||
Full Incident Report
The incident affected all certificate problem reports filed between 2025-09-18 and 2025-10-13.
"""


@pytest.mark.parametrize("role,author", [("| Assignee | ||", "martijn.katerbarg"), ("Assignee | ||", "martijn.katerbarg"),
                                         ("| Reporter | ||", "martijn.katerbarg")])
def test_bugzilla_updated_entry_without_text_joins_the_next_header(tmp_path, role, author):
    path = tmp_path / "bug.txt"
    path.write_text(UPDATED.format(role=role), encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [(m.key.rsplit("-", 1)[-1], m.author, m.text.strip().split("\n")[0]) for m in ex.thread.messages] == [
        ("c0", "martijn.katerbarg", "Preliminary Incident Report"), ("c1", author, "Full Incident Report")]
    assert not any("Assignee" in c.text or "Reporter" in c.text for c in ex.claims)


# A plain-text pipermail copy of an Outlook reply chain: "*From:*" blocks with "*On\n> Behalf Of *Name"
# (cabfpub 2014-August 003744). Before: the quoted message's author was the whole "public-bounces at … *On Behalf Of
# *Ryan Sleevi" string, and the Gmail attribution's author "kirk_hall at trendmicro.com".
BOLD_BLOCKS = """[cabfpub] Google decision to impose a negative UI for SHA-1 certificates

Ryan Sleevi sleevi at google.com
Mon Aug 25 16:04:07 MST 2014

Indeed, in which I was reiterating the correct venue for discussing this.

On Mon, Aug 25, 2014 at 4:02 PM, kirk_hall at trendmicro.com <
kirk_hall at trendmicro.com> wrote:

>  Ryan, I was responding to your message below on the Public list.
> *From:* public-bounces at cabforum.org [mailto:public-bounces at cabforum.org] *On
> Behalf Of *Ryan Sleevi
> *Sent:* Monday, August 25, 2014 8:51 AM
> *To:* Dean Coclin
> *Subject:* Re: [cabfpub] Agenda for Beijing F2F 16-18 September 2014
> I'm not sure that there is much to discuss, however, at least not within the Forum.
"""


def test_outlook_bold_header_block_names_the_sender(tmp_path):
    path = tmp_path / "003744.txt"
    path.write_text(BOLD_BLOCKS, encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [(m.author, m.depth, m.date.isoformat()[:16]) for m in ex.thread.messages] == [
        ("Ryan Sleevi", 0, "2014-08-25T16:04"), ("kirk_hall@trendmicro.com", 1, "2014-08-25T16:02"),
        ("Ryan Sleevi", 1, "2014-08-25T08:51")]


# A mail-archive page without headers (dev-security-policy msg13025, Kathleen Wilson, 2020): the sign-off names
# the author, then a footnote list under its own heading. Footnotes right after a blank line were skipped before;
# under a heading ("References:") they hid the sign-off, and the message had no author.
NOTES = """All,

Mozilla will file CA incident bugs [1] in Bugzilla when audit statements are past due.

Thanks,
Kathleen
{gap}{heading}
[1] https://wiki.mozilla.org/CA/Incident_Dashboard
[2] https://wiki.mozilla.org/CA/Responding_To_An_Incident#Incident_Report
"""


@pytest.mark.parametrize("gap,heading,author", [
    ("\n", "References:", "Kathleen"), ("\n", "Links:", "Kathleen"), ("\n", "Footnotes:", "Kathleen"),
    ("\n", "", "Kathleen"),  # no heading: as before
    ("", "References:", None),  # no blank line before the heading: not a notes heading
    ("\n", "We also considered the following:", None),  # a sentence, not a heading
])
def test_footnotes_under_a_heading_after_the_sign_off(tmp_path, gap, heading, author):
    path = tmp_path / "msg.txt"
    path.write_text(NOTES.format(gap=gap, heading=heading), encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [m.author for m in ex.thread.messages] == [author]


# A reply's last line with the attribution glued after a sign-off, not after a sentence end: flattened
# mail-archive pages (public@ccadb.org msg00414, 2025: "… updates. - Ryan (on behalf of the CCADB Steering
# Committee) On Thu, Feb 6, 2025 at 10:38 AM Ryan Dickson <…> wrote: > Hi everyone, …") and plain mail alike.
# Before: the quoted message lost its author and date (the quote took the sign-off name inside it, "Ryan").
# A cut that does not follow a sentence end needs an attribution with a date: prose ending in "wrote:" has none.
FLAT = ("Thank you to all those who collaborated and offered review and feedback on the set of proposed updates. "
        "- Ryan (on behalf of the CCADB Steering Committee) On Thu, Feb 6, 2025 at 10:38 AM Ryan Dickson "
        "<[email protected]> wrote: > Hi everyone, > > Thanks again for your continued collaboration and feedback on "
        "the set of > proposed updates to the CCADB Incident Reporting Guidelines. > > Please let us know if there "
        "are any questions.\n")


@pytest.mark.parametrize("text,expected", [
    # the reply's dash sign-off "- Ryan (on behalf of …)" names its author too (tests/test_dash_sign_off.py)
    (FLAT, [("Ryan Dickson", None), ("Ryan Dickson", "2025-02-06T10:38")]),
    ("We agree with the plan.\n\nThanks, Ryan On Thu, Feb 6, 2025 at 10:38 AM Ryan Dickson <rd@example.com> wrote:\n"
     "> Please let us know if there are any questions.\n",
     [(None, None), ("Ryan Dickson", "2025-02-06T10:38")]),
    # session 10: a dash sign-off with an affiliation ("- Ben (Mozilla)") names the author like the one above
    ("Danke für die Rückmeldung. - Ben (Mozilla) Am 06.02.2025 um 10:38 schrieb Ryan Dickson:\n"
     "> Please let us know if there are any questions.\n",
     [("Ben", None), ("Ryan Dickson", "2025-02-06T10:38")]),
    # no date: prose that ends in "wrote:" stays the reply's text, the quote unattributed
    ("I fully agree with what Ryan Sleevi wrote:\n> Please let us know if there are any questions.\n",
     [(None, None), (None, None)]),
])
def test_attribution_glued_after_a_sign_off(tmp_path, text, expected):
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [(m.author, m.date.isoformat()[:16] if m.date else None) for m in ex.thread.messages] == expected
