"""Shapes of real public mail and page text measured fresh in session 17 (batch P17: dev-security-policy on
mail-archive.com and Google Groups, CA/B Forum pipermail pages and attachments, Bugzilla pages, linux-kernel mails
of a public-inbox git copy). Each class: the real snippet (its source named) and constructed variants, exact
expected values, every line accounted for (``tests/line_accounting.py``); each row that names a fix failed before it.
"""
from __future__ import annotations

import pytest

from tests.line_accounting import parsed_accounted
from threadkb.identity import organisation_name, split_affiliation
from threadkb.ingest.mail import read_eml
from threadkb.parse.threading import PostText, copy_words, without_link_targets
from threadkb.speakers import clean_name

_thread = parsed_accounted  # the text read and parsed as one source, every line accounted for


def _holding(thread, words: str):
    """The message whose own text holds ``words``."""
    return next(m for m in thread.messages if any(words in t.text for t in m.lines))


def _own(thread, key: str) -> str:
    return "\n".join(t.text for t in next(m for m in thread.messages if m.key == key).lines)


# ---- a sign-off name right under the last sentence, its organisation's line below it ("Brett L" / "Google Trust
# Services": the organisation was read as the writer). Real: dev-security-policy, mail-archive.com
# dev-security-policy@mozilla.org msg00063 (2021-09); the others constructed.
BODY = "While preparing our incident report, we reviewed all previous\ncommunications and found a small typo."
ORG_LINE = [
    ("Brett L\nGoogle Trust Services", "Brett L"),  # real
    ("Ben Wilson\nMozilla", "Ben Wilson"),
    ("Jane Roe\nDigiCert, Inc.", "Jane Roe"),  # a company form
    ("Tomas Ruiz\nIzenpe S.A.", "Tomas Ruiz"),
    ("Anna Lee\nExample Trust Co., Ltd.", "Anna Lee"),  # an organisation the table does not know, by its form
    ("Dimitris\nHARICA", "Dimitris"),
    ("Ryan Dickson\nChrome Root Program Team", "Ryan Dickson"),
    ("\nBrett L\nGoogle Trust Services", "Brett L"),  # after a gap too (the organisation won as a longer name)
    # unchanged: an organisation's line alone under the text stays the only name
    ("Google Trust Services", "Google Trust Services"),
]


def _signed(tmp_path, sign_off: str):
    """The one message of a mail of ``BODY`` closed by ``sign_off``."""
    (m,) = _thread(tmp_path, f"Hi Andrew,\n\n{BODY}\n{sign_off}\n").messages
    return m


def test_a_name_above_its_organisations_line_is_the_writer(tmp_path, sign_off, author):
    """ORG_LINE, and UNKNOWN_ORG below (an organisation the table does not list, by its last word)."""
    m = _signed(tmp_path, sign_off)
    assert m.author == author
    assert m.signature[-1] == sign_off.strip().splitlines()[-1]


# ---- (review17b) a title line between the name and the organisation's line ("Ben Wilson" / "Root Store Manager" /
# "Mozilla"): the title, right above the organisation's line, was read as the writer, even where the name stood after
# a blank line (which gave "Ben Wilson" before the organisation rule). The shape is real (lkml-notmuch: "Joel Becker" /
# "Senior Development Manager" / "Oracle"); the rows are constructed.
TITLE_LINE = [
    ("Ben Wilson\nRoot Store Manager\nMozilla", "Ben Wilson"),
    ("\nBen Wilson\nRoot Store Manager\nMozilla", "Ben Wilson"),  # after a gap
    ("Joel Becker\nSenior Development Manager\nOracle Corporation", "Joel Becker"),
    ("Ben Wilson\nSenior Manager\nRoot Store\nMozilla", "Ben Wilson"),  # two title lines
    ("\nBen Wilson\nRoot Store Manager\nMozilla\nMozilla Corporation", "Ben Wilson"),  # two organisation lines
    ("Brett L\nSenior Engineer\nGoogle Trust Services", "Brett L"),
    # unchanged: a marked sign-off above its title; a name right above its organisation
    ("Thanks,\nBen Wilson\nRoot Store Manager\nMozilla", "Ben Wilson"),
    ("Best,\nBrett L\nSenior Engineer\nGoogle Trust Services", "Brett L"),
    ("Brett L\nGoogle Trust Services", "Brett L"),
]


@pytest.mark.parametrize("sign_off,author", TITLE_LINE, ids=[r[0].replace("\n", "/") for r in TITLE_LINE])
def test_a_title_line_between_the_name_and_its_organisation_is_no_writer(tmp_path, sign_off, author):
    m = _signed(tmp_path, sign_off)
    assert m.author == author
    lines = sign_off.strip().splitlines()
    assert list(m.signature) == lines[lines.index(author):]  # the name, its title and organisation lines


# ---- (review17b) a company form written with its own letters, which the fold keeps ("A.Ş." is not "A.S."): the
# organisation's line under the name was read as the writer. E-Tuğra's legal name is real; the rows constructed.
OWN_LETTER_FORMS = [
    ("E-Tuğra EBG Bilişim Teknolojileri ve Hizmetleri A.Ş.", True), ("Örnek Yazılım Ltd. Şti.", True),
    ("Przykład Sp. z o.o.", True), ("Příklad s.r.o.", True), ("Ayşe Yılmaz", False), ("Oğuz Aş", False),
]


@pytest.mark.parametrize("text,want", OWN_LETTER_FORMS)
def test_a_company_form_with_its_own_letters(tmp_path, text, want):
    assert organisation_name(text) is want
    if want:
        t = _thread(tmp_path, f"Hi Andrew,\n\n{BODY}\nAyşe Yılmaz\n{text}\n")
        assert [(m.author, list(m.signature)) for m in t.messages] == [("Ayşe Yılmaz", ["Ayşe Yılmaz", text])]


ORG_NAMES = [("Google Trust Services", True), ("Chrome Root Program Team", True), ("DigiCert, Inc.", True),
             ("Acme Widgets GmbH", True), ("Brett L", False), ("Ben Wilson", False), ("Kathleen", False),
             ("Inc.", False), ("", False)]


@pytest.mark.parametrize("text,want", ORG_NAMES)
def test_organisation_name(text, want):
    assert organisation_name(text) is want


# ---- footnotes right under the sign-off, a mark alone on its line and its URL on the next ("Gerv" / "[0]" /
# "http://…"): the sign-off was hidden. Real: dev-tech-crypto, mail-archive.com msg01334 (Gerv, regional CAs).
GERV = ("We are, at this time, uncertain as to where and how to draw the line.\n"
        "Please respect the Followup-To header.\n")
NOTES = [
    ("Gerv\n[0]\nhttp://www.mozilla.org/projects/security/pki/nss/ca-certificates/policy.html\n"
     "[1] https://bugzilla.mozilla.org/show_bug.cgi?id=295474\n", "Gerv"),  # real
    ("Kathleen\n[1] https://www.ccadb.org/cas/updates\n[2] https://wiki.mozilla.org/CA/Incident_Dashboard\n",
     "Kathleen"),
    ("- Ben\n[1]\n<https://github.com/mozilla/pkipolicy/issues/276>\n", "Ben"),  # unchanged (a dash sign-off)
    ("Ryan Sleevi\n[1] HTTPS://example.org/a\n[2]\nwww.example.org/b\n", "Ryan Sleevi"),
]


@pytest.mark.parametrize("tail,author", NOTES, ids=[r[1] for r in NOTES])
def test_footnotes_right_under_the_sign_off(tmp_path, tail, author):
    t = _thread(tmp_path, GERV + tail)
    assert [m.author for m in t.messages] == [author]


def test_a_bracketed_line_of_words_under_a_name_is_no_footnote_run(tmp_path):
    t = _thread(tmp_path, GERV + "Gerv\n[0] see the policy\nand more words after it\n")
    assert [m.author for m in t.messages] == [None]


# ---- a pipermail page copied from a browser: subject, the name, "x at y" and the date on lines of their own.
# Real: lists.cabforum.org/pipermail/public/2018-August/045531.html.
PIPERMAIL = [
    ("[cabfpub] [Servercert-wg] [EXTERNAL]Re: Ballot SC6 - Revocation Timeline Extension\nJeremy Rowley\n"
     "jeremy.rowley at digicert.com\nTue Aug 21 23:10:06 UTC 2018\n", "Jeremy Rowley", "jeremy.rowley@digicert.com",
     "2018-08-21T23:10:06+00:00"),
    ("[Servercert-wg] Voting period\n\nDimitris Zacharopoulos (HARICA)\ndzacharo at harica.gr\n"
     "Thu Jul 6 09:01:02 2023\n\n", "Dimitris Zacharopoulos (HARICA)", "dzacharo@harica.gr", "2023-07-06T09:01:02"),
    # unchanged: the one-line form
    ("[cabfpub] Ballot 108\n\nJeremy Rowley jeremy.rowley at digicert.com\nFri Aug 2 11:19:05 UTC 2013\n\n",
     "Jeremy Rowley", "jeremy.rowley@digicert.com", "2013-08-02T11:19:05+00:00"),
]


@pytest.mark.parametrize("head,author,email,date", PIPERMAIL, ids=["real", "naive", "one-line"])
def test_pipermail_name_and_address_on_their_own_lines(tmp_path, head, author, email, date):
    t = _thread(tmp_path, head + "Lack of evidence sometimes, to provide notice others. Here are the reasons.\n")
    (m,) = t.messages
    assert (m.author, m.email, m.date.isoformat()) == (author, email, date)
    assert "Lack of evidence" in _own(t, m.key) and "at digicert" not in _own(t, m.key)


def test_a_name_over_an_address_without_a_date_is_text(tmp_path):
    t = _thread(tmp_path, "Notes\nJeremy Rowley\njeremy.rowley at digicert.com\nsaid that the reasons differ.\n")
    (m,) = t.messages
    assert m.date is None and "Jeremy Rowley" in _own(t, m.key)


# ---- a Bugzilla page head's attachment table copied one cell a line ("|" / "250.80 KB," / "application/pdf" /
# "|" / "Details |"): the "|" lines were read as comment headers, the cells as a comment, comment 0 lost its author.
# Real: bugzilla.mozilla.org bug 1950144.
BZ_HEAD = ("DigiCert: Threat of legal action to stifle Bugzilla discourse\nCategories\n"
           "(CA Program :: CA Certificate Root Program, task)\nTracking\n(Not tracked)\nPeople\n"
           "(Reporter: brian.holland, Assigned: dcbugzillaresponse)\nDetails\nAttachments\n")
BZ_TABLES = [
    "(1 file)\n|\n250.80 KB,\napplication/pdf\n|\nDetails |\n",  # real
    "(2 files)\n|\n12.10 KB,\ntext/plain\n|\nDetails |\n|\n68.54 KB,\nimage/png\n|\nDetails |\n",
    "(1 file)\n|\n1.2 MB, application/vnd.ms-excel |\nDetails |\n",
]


@pytest.mark.parametrize("table", BZ_TABLES, ids=["real", "two-files", "one-line-cell"])
def test_bugzilla_attachment_table_is_page_head(tmp_path, table):
    t = _thread(tmp_path, BZ_HEAD + table + "In bug 1910322 comment 74 DigiCert wrote, we have not used lawyers.\n"
                "Contrary to this statement, I received a letter from DigiCert’s lawyers.\n")
    (m,) = t.messages
    assert m.author == "brian.holland"
    assert _own(t, m.key).startswith("In bug 1910322")


# ---- an attribution at the end of a quoted run whose quote comes after an unmarked blank line (KNode's
# "Name <addr> wrote:" over a mutt quote: '> On …, X wrote:' / '' / '>> text'): the inner quote lost its writer and
# date. Real: linux-kernel, Bodo Eggert, 26 Aug 2005 ("Re: Initramfs and TMPFS!").
KNODE = """From: Bodo Eggert <harvested.in.lkml@posting.7eggert.dyndns.org>
Subject: Re: Initramfs and TMPFS!
Date: Fri, 26 Aug 2005 17:49:36 +0200
Message-Id: <E1E8gSX-0001S6-O9@be1.lrz>

Erik Mouw <erik@harddisk-recovery.com> wrote:
> On Thu, Aug 25, 2005 at 02:15:13PM -0400, robotti@godmail.com wrote:
{gap}
>> For one, if you do "dd if=/dev/zero of=foo" on a ramfs the system
>> will lock up.
>{space}
> "Doctor, it hurts when I do this!" "Well, then don't do that."

It's a case of going into the mountains wearing sandals and carrying the
mountain boots in your backpack knowing you should wear them.
"""


@pytest.mark.parametrize("gap", ["", "\n", " "], ids=["one-blank", "two-blanks", "space-line"])
def test_an_inner_attribution_across_an_unmarked_blank_line(tmp_path, gap):
    t = _thread(tmp_path, KNODE.format(gap=gap, space=" "), "m.eml")
    inner = _holding(t, "will lock up.")
    erik = _holding(t, "Doctor, it hurts")
    assert (inner.author, inner.date.isoformat()) == ("robotti@godmail.com", "2005-08-25T14:15:13-04:00")
    assert erik.author == "Erik Mouw" and erik.in_reply_to == inner.key
    assert _holding(t, "It's a case of going").in_reply_to == erik.key


def test_an_inner_attribution_wrapped_over_two_lines_across_a_blank_line(tmp_path):
    text = KNODE.format(gap="", space=" ").replace(
        "> On Thu, Aug 25, 2005 at 02:15:13PM -0400, robotti@godmail.com wrote:",
        "> On Thu, Aug 25, 2005 at 02:15:13PM -0400, Kent Robotti <\n> robotti@godmail.com> wrote:")
    t = _thread(tmp_path, text, "m.eml")
    inner = _holding(t, "will lock up.")
    assert (inner.author, inner.date.isoformat()) == ("Kent Robotti", "2005-08-25T14:15:13-04:00")
    assert _holding(t, "Doctor, it hurts").in_reply_to == inner.key


def test_two_quoted_runs_apart_stay_two_when_the_first_ends_with_no_attribution(tmp_path):
    text = ("On Mon, Jan 2, 2023 at 10:00 AM Ann Lee <ann@example.org> wrote:\n> First point of Ann.\n\n"
            "I agree with the first point here.\n\n> Second point of Ann.\n\nAnd I disagree with the second one.\n")
    t = _thread(tmp_path, text)
    ann = _holding(t, "First point of Ann.")
    assert _holding(t, "Second point of Ann.") is ann and len(t.messages) == 2


# ---- a Google Groups thread view: the 'to' line of a reply names the writer it answers before the list ("to
# Benjamin Kerensa, gover...@lists.mozilla.org"). Real: groups.google.com mozilla.governance, "@mozilla.org email
# addresses for Mozilla Reps" (2013).
GG = """@mozilla.org email addresses for Mozilla Reps

533 views
Skip to first unread message

Benjamin Kerensa

unread,
Oct 25, 2013, 12:31:44 AM10/25/13
to gover...@lists.mozilla.org
Let's start a discussion on this and see where it goes!

Ann Lee

unread,
Oct 25, 2013, 1:02:09 AM10/25/13
to gover...@lists.mozilla.org
I have a separate question about the wiki page itself.

Majken Connor

unread,
Oct 25, 2013, 1:44:09 AM10/25/13
{to}
I am not comfortable with the idea that there would be a screening process.
"""
GG_TO = [
    ("to Benjamin Kerensa, gover...@lists.mozilla.org", "Benjamin Kerensa"),  # real
    ("to Ann Lee, gover...@lists.mozilla.org", "Ann Lee"),
    ("to gover...@lists.mozilla.org", None),  # the list alone: no link from the header
    ("to Benjamin Kerensa, Ann Lee, gover...@lists.mozilla.org", None),  # two people: which is not said
    ("to Majken Connor, gover...@lists.mozilla.org", None),  # the writer herself
    ("to Bob Roe, gover...@lists.mozilla.org", None),  # nobody who posted here
]


@pytest.mark.parametrize("to,parent", GG_TO, ids=["real", "second-poster", "list", "two", "self", "absent"])
def test_google_groups_to_line_names_the_post_answered(tmp_path, to, parent):
    t = _thread(tmp_path, GG.format(to=to))
    by_key = {m.key: m for m in t.messages}
    majken = _holding(t, "I am not comfortable")
    assert (by_key[majken.in_reply_to].author if majken.in_reply_to else None) == parent


# ---- a quote that lost its '>' markers under "On …, X wrote:", the reply (signed by another) taking X's point up
# with a question ("So how about …"). Real: dev-security, mail-archive.com msg02159 (Kyle H to Gervase Markham).
LOST = """On Wed, Jan 11, 2012 at 9:36 AM, Gervase Markham <g...@mozilla.org> wrote:
Mozilla needs a space in between "public" and "security group" (or
"employees"). We've needed one for a long time; this is just another
manifestation of the issue.

{opening} representation of the users' interests within the "security group" or
"employees" via an elected or appointed position?

Right now, the security group seems to be a place where the end users have no voice at all.

-Kyle H
"""


@pytest.mark.parametrize("opening", ["So how about", "What about", "But how about", "Okay, what about"])
def test_a_reply_that_takes_the_point_up_with_a_question_ends_the_lost_quote(tmp_path, opening):
    t = _thread(tmp_path, LOST.format(opening=opening))
    gerv = _holding(t, "Mozilla needs a space")
    kyle = _holding(t, "representation of the users")
    assert (gerv.author, gerv.date.isoformat(timespec="minutes")) == ("Gervase Markham", "2012-01-11T09:36")
    assert kyle is not gerv and kyle.author == "Kyle H" and kyle.in_reply_to == gerv.key
    assert "needs a space" not in _own(t, kyle.key)


@pytest.mark.parametrize("sign_off", ["-Gervase Markham", ""], ids=["signed-by-the-writer", "unsigned"])
def test_a_question_inside_the_quoted_writers_own_text_stays_theirs(tmp_path, sign_off):
    t = _thread(tmp_path, LOST.format(opening="How about").replace("-Kyle H", sign_off))
    assert [m.author for m in t.messages] == ["Gervase Markham"]


# ---- (review17b) the quoted writer's own question ("So how about …?") above a reply that opens with a stance on
# their words ("I disagree …"): the question ended the lost quote, and the reply took it (the stance was the boundary
# before the question row). Constructed on the real Kyle H / Gervase Markham text above.
QUESTION_IN_QUOTE = """On Wed, Jan 11, 2012 at 9:36 AM, Gervase Markham <g...@mozilla.org> wrote:
Mozilla needs a space in between "public" and "security group" (or
"employees"). We've needed one for a long time; this is just another
manifestation of the issue.

So how about an elected position within the "security group" for the users?

{reply} The users have a voice already.

-Kyle H
"""


@pytest.mark.parametrize("reply", ["I disagree with this proposal.", "I agree with your proposal.",
                                   "Thanks for the suggestion.", "Sounds good to me."])
def test_a_question_of_the_quoted_writer_above_a_stance_stays_in_the_quote(tmp_path, reply):
    t = _thread(tmp_path, QUESTION_IN_QUOTE.format(reply=reply))
    gerv, kyle = _holding(t, "Mozilla needs a space"), _holding(t, "voice already")
    assert (gerv.author, kyle.author, kyle.in_reply_to) == ("Gervase Markham", "Kyle H", gerv.key)
    assert "So how about an elected position" in _own(t, gerv.key)
    assert _own(t, kyle.key).strip().splitlines()[0] == f"{reply} The users have a voice already."


# ---- a mail link's scheme in upper case ("<MAILTO:jane@example.org>", Outlook's "[MAILTO:…]"): a quoted copy
# rendering it was compared with its post as written (no match), and a sender's bracket stayed in the name.
@pytest.mark.parametrize("rendered", ["write to Jane Doe <MAILTO:jane@example.org> today",
                                      "write to Jane Doe <Mailto:jane@example.org> today",
                                      "write to Jane Doe [MAILTO:jane@example.org] today",
                                      "write to [Jane Doe](MAILTO:jane@example.org) today"])
def test_upper_case_mailto_renderings_read_as_their_text(rendered):
    assert copy_words(rendered) == copy_words("write to Jane Doe today")
    assert without_link_targets(rendered) == "write to Jane Doe today"


def test_an_outlook_mailto_line_is_still_compared_as_written():
    post = PostText("Please write to Jane Doe jane@example.org before Friday.")
    assert not post.has_rendered("jane@example.org<MAILTO:jane@example.org> before Friday.")


@pytest.mark.parametrize("header,name", [("Jane Doe [MAILTO:jane@example.org]", "Jane Doe"),
                                         ("Jane Doe [mailto:jane@example.org]", "Jane Doe")])
def test_outlook_sender_with_upper_case_mailto(header, name):
    assert clean_name(header, None)[0] == name


# ---- a From header of a name with a comment and no address ("Cid Poe (Example CA)"): RFC 5322 reads a phrase
# and a comment (as parseaddr does before an address), not the old "address (Name)" form whose comment is the name.
# Real: "From: Maulik Vaidya (mauvaidy)" in the 3gpp-sa2-mtce archive of the mbox yardstick.
FROM_COMMENT = [
    ("Cid Poe (Example CA)", "Cid Poe (Example CA)"),
    ("Maulik Vaidya (mauvaidy)", "Maulik Vaidya (mauvaidy)"),  # real
    ('"Cid Poe" (Example CA)', "Cid Poe (Example CA)"),
    ("=?utf-8?q?Ren=C3=A9_Poe?= (Example CA)", "René Poe (Example CA)"),
    # unchanged: the old form (one token, then the name in a comment), and a name with an address and a comment
    ("x (Alice)", "Alice"),
    ("cid (Cid Poe)", "Cid Poe"),
    ("cid at example.org (Cid Poe)", "Cid Poe"),
    ("Cid Poe (Example CA) <cid@example.org>", "Cid Poe (Example CA)"),
    # (review17b) one capitalised word before the comment is a name, not the old form's local part: the comment, an
    # organisation, was read as the writer ("HARICA"); the store splits the whole as "Cid Poe (Example CA)"
    ("Dimitris (HARICA)", "Dimitris (HARICA)"),
    ("Jörg (DigiCert)", "Jörg (DigiCert)"),
    ("=?utf-8?q?J=C3=B6rg?= (DigiCert)", "Jörg (DigiCert)"),
    ("cid.poe (Cid Poe)", "Cid Poe"),  # unchanged: a local part
    ("CID (Cid Poe)", "Cid Poe"),  # unchanged: upper case, not a name's form
]


@pytest.mark.parametrize("header,name", FROM_COMMENT, ids=[r[0] for r in FROM_COMMENT])
def test_from_header_name_with_a_comment(tmp_path, header, name):
    p = tmp_path / "m.eml"
    p.write_bytes(f"From: {header}\nDate: Mon, 1 Feb 2021 10:00:00 +0100\nSubject: t\nMessage-ID: <1@x>\n\nhi\n"
                  .encode())
    assert read_eml(str(p)).mail[0].from_name == name


def test_the_comment_of_a_from_name_reads_as_its_affiliation():
    assert split_affiliation("Cid Poe (Example CA)") == ("Cid Poe", "Example CA")
    assert split_affiliation("Dimitris (HARICA)") == ("Dimitris", "HARICA")  # (review17b)


# ---- (parse17b) image placeholders under an unmarked name and organisation block ("Ben Wilson" / "Mozilla" /
# "[cid:image001.png@…]"): the placeholder, read as the message's last line, hid the sign-off. They are the signature
# block's. Constructed (the corpora hold no inline-image mail); the placeholder forms are Outlook's, Gmail's and a
# plain-text client's.
IMAGES = [
    ("Ben Wilson\nMozilla\n[cid:image001.png@01D9A1B2.C3D4E5F0]", "Ben Wilson"),
    ("Ben Wilson\nMozilla\n[image: Logo]", "Ben Wilson"),
    ("Ben Wilson\nMozilla\n<image001.png>", "Ben Wilson"),
    ("Brett L\nGoogle Trust Services\n[image: Google Trust Services logo]", "Brett L"),
    ("Ben Wilson\nMozilla\n[cid:image001.png@01D9A1B2.C3D4E5F0]\n[cid:image002.jpg@01D9A1B2.C3D4E5F0]", "Ben Wilson"),
    ("Ben Wilson\nRoot Store Manager\nMozilla\n[image: Logo]", "Ben Wilson"),  # a title line too
    # unchanged: a gap or a closing above the name, which worked before
    ("\nBen Wilson\nMozilla\n[cid:image001.png@01D9A1B2.C3D4E5F0]", "Ben Wilson"),
    ("Thanks,\nBen Wilson\nMozilla\n[image: Logo]", "Ben Wilson"),
    ("\nBen Wilson\n<image001.png>", "Ben Wilson"),
]


@pytest.mark.parametrize("sign_off,author", IMAGES, ids=[r[0].replace("\n", "/") for r in IMAGES])
def test_image_placeholders_under_the_sign_off_are_the_signatures(tmp_path, sign_off, author):
    m = _signed(tmp_path, sign_off)
    assert (m.author, m.signature) == (author, [x for x in sign_off.strip().splitlines() if x != "Thanks,"])


# near misses: an image under a sentence is the writer's text, and the line right above it is no longer the last
# line, so a name-shaped line there needs a gap or a closing as one further up does
IMAGE_NEAR = [
    ("The chart is below.\n[image: chart]", None, []),
    ("Ben Wilson\n[image: Logo]", None, []),  # no gap, no closing, no organisation line under it
]


@pytest.mark.parametrize("tail,author,signature", IMAGE_NEAR, ids=[r[0].replace("\n", "/") for r in IMAGE_NEAR])
def test_an_image_under_text_stays_text(tmp_path, tail, author, signature):
    t = _thread(tmp_path, f"Hi Andrew,\n\n{BODY}\n{tail}\n")
    (m,) = t.messages
    assert (m.author, m.signature) == (author, signature)
    assert _own(t, m.key).splitlines()[-1] == tail.splitlines()[-1]


# ---- (parse17b) a line ending with a colon introduces what follows ("See the two documents:" / "Baseline
# Requirements"): the name-shaped lines right under it are no sign-off. The review17b shape (with and without the
# footnotes under it) and constructed variants.
COLON = [
    "See the two documents:\nBaseline Requirements",
    "\nSee the two documents:\nBaseline Requirements",
    "\nSee the two documents:\nBaseline Requirements\n[1] https://a.example/br\n[2] https://a.example/ev",
    "See the two documents:\nBaseline Requirements\nEV Guidelines",  # a list of two
    "Please ask the right person:\nBen Wilson",
]


@pytest.mark.parametrize("tail", COLON, ids=[r.replace("\n", "/") for r in COLON])
def test_what_a_colon_line_introduces_is_no_sign_off(tmp_path, tail):
    t = _thread(tmp_path, f"Hi Andrew,\n\n{BODY}\n{tail}\n")
    (m,) = t.messages
    assert (m.author, m.signature) == (None, [])


# near misses that stay sign-offs: a sentence, a blank line or a closing between the colon line and the name
COLON_KEPT = [
    ("We agree with the following:\nThe report is late.\nBen Wilson", "Ben Wilson", ["Ben Wilson"]),
    ("See the two documents:\nBaseline Requirements\n\nBen Wilson", "Ben Wilson", ["Ben Wilson"]),
    ("See the two documents:\nBaseline Requirements\nThanks,\nBen Wilson", "Ben Wilson", ["Ben Wilson"]),
    ("Regards:\nBen Wilson", "Ben Wilson", ["Ben Wilson"]),  # a closing with a colon
]


@pytest.mark.parametrize("tail,author,signature", COLON_KEPT, ids=[r[0].replace("\n", "/") for r in COLON_KEPT])
def test_a_sign_off_apart_from_a_colon_line_stays(tmp_path, tail, author, signature):
    t = _thread(tmp_path, f"Hi Andrew,\n\n{BODY}\n{tail}\n")
    (m,) = t.messages
    assert (m.author, m.signature[-len(signature):]) == (author, signature)


# ---- (parse17b) an organisation the table does not list, named by a word that ends known organisations' names
# ("Apple Root Program", "Acme Trust Services", "Example CA"), under or above a name: it was read as the writer.
# Real: "Sincerely yours, / Ben Wilson / Mozilla Root Program" (shared corpora 004, Camerfirma compliance summary,
# where the page's header names the writer; without it the organisation's line, read as a longer name, beat the
# marked sign-off above it); the rest constructed.
UNKNOWN_ORG = [
    ("Sincerely yours,\nBen Wilson\nMozilla Root Program", "Ben Wilson"),  # real
    ("Ben Wilson\nMozilla Root Program", "Ben Wilson"),
    ("\nBen Wilson\nMozilla Root Program", "Ben Wilson"),
    ("Ben Wilson\nApple Root Program", "Ben Wilson"),
    ("Jane Roe\nAcme Trust Services", "Jane Roe"),
    ("Jane Roe\nExample CA", "Jane Roe"),
    ("Jane Roe\nSenior Engineer\nAcme Certification Authority", "Jane Roe"),
    ("\nAcme Trust Services\nJane Roe", "Jane Roe"),  # above the name (unchanged)
    # near misses: "Jordan Trust" may be a person's name (two words, the last not in capitals)
    ("Jordan Trust\nDigiCert", "Jordan Trust"),
    ("Thanks,\nJordan Trust", "Jordan Trust"),
]


test_a_name_above_its_organisations_line_is_the_writer = pytest.mark.parametrize(
    "sign_off,author", ORG_LINE + UNKNOWN_ORG, ids=[r[0].replace("\n", "/") for r in ORG_LINE + UNKNOWN_ORG])(
    test_a_name_above_its_organisations_line_is_the_writer)


ORG_WORD_NAMES = [("Apple Root Program", True), ("Acme Trust Services", True), ("Example CA", True),
                  ("Acme Certification Authority", True), ("SECOM Trust Systems", True),
                  ("Jordan Trust", False), ("Ben Wilson", False), ("Root Store Manager", False),
                  ("the root program", False), ("Acme trust services", False), ("Ca", False)]


@pytest.mark.parametrize("text,want", ORG_WORD_NAMES)
def test_organisation_name_by_its_last_word(text, want):
    assert organisation_name(text) is want


def test_each_organisation_word_ends_or_stands_in_a_known_organisations_name():
    import json
    from pathlib import Path

    import threadkb
    table = json.loads((Path(threadkb.__file__).parent / "data" / "orgs.json").read_text(encoding="utf-8"))
    aliases = {w.casefold() for o in table["orgs"] for a in o["aliases"] for w in a.replace("/", " ").split()}
    assert set(table["name_parts"]["org_words"]["words"]) <= aliases
