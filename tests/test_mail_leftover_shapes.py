"""Mail and page shapes left over by the session-7 probe on real threads kept aside (session 8): each class is
stated, tested on constructed variants of the shapes mail clients and archives produce (exact expected
messages, authors and own text), and every input line must still land in exactly one place
(tests/line_accounting.py). Each test failed before its mechanism.
"""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from line_accounting import parsed_accounted


def _parse(tmp_path, text: str, name: str = "thread.txt"):
    return parsed_accounted(tmp_path, text, name).messages


def _own(m) -> list[str]:
    return [t.text.strip() for t in m.lines if t.text.strip()]


BODY = ("I agree with Ben that the effective date should move to March 15, 2025. CAs need time to update\n"
        "their CRL profiles, and the ballot text already allows for that.\n")
BODY_LINES = ["I agree with Ben that the effective date should move to March 15, 2025. CAs need time to update",
              "their CRL profiles, and the ballot text already allows for that."]
QUOTE = "On 17/11/2022 5:46 μ.μ., Ben Wilson wrote:\n> All,\n> I propose that we fold the MRSP reason codes into the BRs.\n"


# ---- (c) a sign-off that is a bare first name closed by a full stop ("Dimitris.") before a quote or a signature
# block: it names the author of a header-less message and is not the message's words. Alone after the last
# paragraph (a blank line before it, a body above), under a closing ("Thanks,"), or above a "-- " block.
FULL_STOP = [  # text, author, signature lines, own text
    (BODY + "\nDimitris.\n\n" + QUOTE, "Dimitris", ["Dimitris."], BODY_LINES),
    (BODY + "Thanks,\nDimitris.\n\n" + QUOTE, "Dimitris", ["Dimitris."], BODY_LINES + ["Thanks,"]),
    (BODY + "\nBest,\nDimitris.\n", "Dimitris", ["Dimitris."], BODY_LINES + ["Best,"]),
    (BODY + "\nDimitris.\n\n--\nDimitris Zacharopoulos\nHARICA\n", "Dimitris Zacharopoulos",
     ["Dimitris.", "--", "Dimitris Zacharopoulos", "HARICA"], BODY_LINES),
    (BODY + "\nDimitris\n\n-- \nDimitris Zacharopoulos\nHARICA\n", "Dimitris Zacharopoulos",
     ["Dimitris", "--", "Dimitris Zacharopoulos", "HARICA"], BODY_LINES),
    (BODY + "\nAnna Maria.\n\n" + QUOTE, "Anna Maria", ["Anna Maria."], BODY_LINES),
]


@pytest.mark.parametrize("text,author,signature,own", FULL_STOP, ids=range(len(FULL_STOP)))
def test_a_first_name_with_a_full_stop_signs_off(tmp_path, text, author, signature, own):
    top = _parse(tmp_path, text)[0]
    assert (top.author, top.signature, _own(top)) == (author, signature, own)


STAYS_TEXT = [  # a one-word sentence is no sign-off: the whole reply, an answer word, a sign-off of someone else
    ("Hej,\n\nSvar.\n\n" + QUOTE, None, ["Hej,", "Svar."]),
    (BODY + "\nAgreed.\n\n" + QUOTE, None, BODY_LINES + ["Agreed."]),
    (BODY + "\nDone.\n", None, BODY_LINES + ["Done."]),
    (BODY + "Dimitris.\n\n" + QUOTE, None, BODY_LINES + ["Dimitris."]),  # no paragraph break: the sentence goes on
    (BODY + "\nDimitris.\n\n--\nJohn Smith\nExample CA\n", "John Smith", BODY_LINES + ["Dimitris."]),
]


@pytest.mark.parametrize("text,author,own", STAYS_TEXT, ids=range(len(STAYS_TEXT)))
def test_a_word_with_a_full_stop_stays_text_elsewhere(tmp_path, text, author, own):
    top = _parse(tmp_path, text)[0]
    assert (top.author, _own(top)) == (author, own)


def test_a_full_stop_sign_off_of_the_known_author(tmp_path):
    """A pipermail page (header names the sender): 'Dimitris.' is his sign-off, not his words."""
    text = ("[Servercert-wg] CRL reason codes\n"
            "Dimitris Zacharopoulos (HARICA) dzacharo at harica.gr\nThu Nov 17 16:20:00 UTC 2022\n\n"
            + BODY + "\nDimitris.\n\n" + QUOTE)
    top, quoted = _parse(tmp_path, text)
    assert (top.author, top.signature, _own(top)) == ("Dimitris Zacharopoulos (HARICA)", ["Dimitris."], BODY_LINES)
    assert (quoted.author, quoted.date) == ("Ben Wilson", datetime(2022, 11, 17, 17, 46))


# ---- (b) a quote that lost its '>' markers under a top attribution: the message opens with "On …, X wrote:"
# and X's words follow unmarked (an archive or thread view rendered the blockquote as text), then the reply.
# The quote ends where the text says so: after the words of X's post on the page, after X's sign-off, or
# before a greeting of X; its lines are given back their depth and read as a marked quote would be.
ARCHIVE_HEAD = "Re: Incident Reporting Updates\nRyan Dickson via dev-security-policy\nMon, 22 Jan 2024 07:41:12 -0800\n\n"
BEN = ("All,\nWe are proposing that CAs file incident reports within 72 hours of the\n"
       "discovery of an incident, and that they update those reports weekly.\n")
BEN_LINES = ["All,", "We are proposing that CAs file incident reports within 72 hours of the",
             "discovery of an incident, and that they update those reports weekly."]
REPLY = "We support the 72-hour deadline, but weekly updates seem excessive for\nincidents awaiting closure.\n"
REPLY_LINES = ["We support the 72-hour deadline, but weekly updates seem excessive for", "incidents awaiting closure."]
GMAIL = "On Fri, Jan 19, 2024 at 3:10 PM Ben Wilson <[email protected]> wrote:\n"
JAN19 = datetime(2024, 1, 19, 15, 10)
TOP_QUOTES = [  # text, reply's own text, quoted author, date, quoted own text, quoted signature
    (ARCHIVE_HEAD + GMAIL + BEN + "Thanks,\nBen\n\nHi Ben,\n\n" + REPLY + "\n- Ryan\n",
     ["Hi Ben,"] + REPLY_LINES, "Ben Wilson", JAN19, BEN_LINES + ["Thanks,"], ["Ben"]),
    (ARCHIVE_HEAD + GMAIL + BEN + "\nHi Ben,\n\n" + REPLY, ["Hi Ben,"] + REPLY_LINES, "Ben Wilson", JAN19, BEN_LINES, []),
    (ARCHIVE_HEAD + GMAIL + BEN + "Ben\n\n" + REPLY, REPLY_LINES, "Ben Wilson", JAN19, BEN_LINES, ["Ben"]),
    (ARCHIVE_HEAD + "Am 19.01.2024 um 15:10 schrieb Ben Wilson <bwilson@mozilla.com>:\n" + BEN + "Ben.\n\n" + REPLY,
     REPLY_LINES, "Ben Wilson", JAN19, BEN_LINES, ["Ben."]),
    (ARCHIVE_HEAD + "Le 19/01/2024 à 15:10, Ben Wilson a écrit :\n" + BEN + "-- Ben\n\n" + REPLY,
     REPLY_LINES, "Ben Wilson", JAN19, BEN_LINES, ["-- Ben"]),
]


@pytest.mark.parametrize("text,own,author,when,quoted_own,quoted_sig", TOP_QUOTES, ids=range(len(TOP_QUOTES)))
def test_a_quote_that_lost_its_markers_under_a_top_attribution(tmp_path, text, own, author, when, quoted_own,
                                                                quoted_sig):
    top, quoted = _parse(tmp_path, text)
    assert (top.author, _own(top), top.in_reply_to) == ("Ryan Dickson", own, quoted.key)
    assert (quoted.author, quoted.date, _own(quoted), quoted.signature) == (author, when, quoted_own, quoted_sig)


def test_the_lost_quote_keeps_its_own_marked_quote(tmp_path):
    """X's words lost their markers, X's own quote of Y kept one level: Y stays one level under X."""
    text = (ARCHIVE_HEAD + GMAIL + "Mike, thanks, but that is not what the policy says.\n"
            "> On Thu, Jan 18, 2024 at 1:00 PM Mike Shaver <[email protected]> wrote:\n> Weekly updates are a burden.\n"
            "Ben\n\n" + REPLY)
    top, ben, mike = _parse(tmp_path, text)
    assert (_own(top), ben.author, _own(ben), ben.signature) == (
        REPLY_LINES, "Ben Wilson", ["Mike, thanks, but that is not what the policy says."], ["Ben"])
    assert (mike.author, _own(mike), ben.in_reply_to, mike.depth) == (
        "Mike Shaver", ["Weekly updates are a burden."], mike.key, 2)


def _gg_page(title: str, posts: list[tuple[str, str, str, str]]) -> str:
    """A Google Groups thread view as a browser copies it: title, chrome, then per post its name, 'unread,', date,
    'to' line and body."""
    return f"{title}\n\n212 views\nSkip to first unread message\n\n" + "\n".join(
        f"{name}\n\nunread,\n{date}\n{to}\n{body}" for name, date, to, body in posts)


GG_VIEW = _gg_page("Incident Reporting Updates", [
    ("Ben Wilson", "Jan 19, 2024, 3:10:12 PM1/19/24", "to dev-secur...@mozilla.org",
     "All,\n\nWe are proposing that CAs file incident reports within 72 hours of the discovery of an incident, and that "
     "they update those reports weekly until the bug is closed.\n\nBen\n"),
    ("Ryan Dickson", "Jan 22, 2024, 7:41:12 AM1/22/24", "to Ben Wilson, dev-secur...@mozilla.org",
     "{attribution}\n{quoted}\nWeekly updates seem excessive for incidents that are only awaiting a closure decision "
     "from the root programs.\n"),
])
GG_QUOTED = "We are proposing that CAs file incident reports within 72 hours of the discovery of an incident, " \
            "and that they update those reports weekly until the bug is closed."
GG_CASES = [  # the reply quotes the post above it without markers: the words of that post end the quote
    ("On Fri, Jan 19, 2024 at 3:10 PM Ben Wilson <bwi...@mozilla.com> wrote:", GG_QUOTED),
    ("On Friday, January 19, 2024 at 3:10:12 PM UTC-8 Ben Wilson wrote:", "All,\n\n" + GG_QUOTED),
    ("On Fri, Jan 19, 2024 at 3:10 PM Ben Wilson <bwi...@mozilla.com> wrote:",  # the quote wrapped otherwise
     "We are proposing that CAs file incident reports within 72 hours of the\ndiscovery of an incident, and that "
     "they update those reports weekly until the\nbug is closed."),
]


@pytest.mark.parametrize("attribution,quoted", GG_CASES, ids=range(len(GG_CASES)))
def test_a_top_quote_without_markers_of_a_post_on_the_page(tmp_path, attribution, quoted):
    ben, ryan = _parse(tmp_path, GG_VIEW.format(attribution=attribution, quoted=quoted))
    assert (ben.author, ryan.author, ryan.in_reply_to) == ("Ben Wilson", "Ryan Dickson", ben.key)
    assert _own(ryan) == ["Weekly updates seem excessive for incidents that are only awaiting a closure decision "
                          "from the root programs."]
    assert _own(ben) == ["All,", GG_QUOTED]  # the post keeps its own text (the quote is a copy of it)


def test_a_flattened_top_quote_ends_at_its_inline_sign_off(tmp_path):
    """(a) under (b): X's message flattened onto one line under a top attribution, its sign-off closing the line
    ("… in the MRSP. Thanks, Ben"), then the reply: the sign-off naming X ends the quote. (Session 9: the sign-off's
    name is cut off the line into X's signature; the closing word stays X's text, as in a block sign-off.)"""
    flat = ("All, the purpose of this email is to start the discussion of issue 276. We would like to collect comments "
            "and feedback on the proposed new section 6.1.3 in the MRSP. Thanks, Ben")
    text = ARCHIVE_HEAD + GMAIL + flat + "\n\n" + REPLY
    top, quoted = _parse(tmp_path, text)
    assert (_own(top), top.in_reply_to, quoted.author, quoted.date, _own(quoted), quoted.signature) == (
        REPLY_LINES, quoted.key, "Ben Wilson", JAN19, [flat.removesuffix(" Ben")], ["Ben"])


NO_END = [  # nothing says where the quote ends: read as before (the attribution and the rest are the reply's words)
    ARCHIVE_HEAD + GMAIL + BEN + REPLY,
    ARCHIVE_HEAD + GMAIL + BEN + "\nThanks,\nJohn\n\n" + REPLY,  # someone else's sign-off
    ARCHIVE_HEAD + GMAIL + BEN + "\nBen\n\nACME CA\n",  # X's sign-off, then only a company line
]


@pytest.mark.parametrize("text", NO_END, ids=range(len(NO_END)))
def test_a_top_attribution_with_no_end_of_quote_in_sight(tmp_path, text):
    (top,) = _parse(tmp_path, text)
    assert top.author == "Ryan Dickson" and _own(top)[0] == GMAIL.strip()


# ---- (a) a flattened Google Groups quote: the quoted earlier message (and what it quoted) on one or a few long
# lines without '>' markers, under "On …, X wrote:" on its own line or glued after the reply's last words. Each
# dated attribution inside a long line starts a new piece (``split_glued``); a quote whose opening copies a post
# on the page is that post (quoted, not a second message), and what follows the copy is that post's quoted matter.
GG_THREAD = _gg_page("MRSP 3.0: Issue #276: Delayed Revocation", [
    ("Ben Wilson", "Dec 15, 2024, 3:51:43 PM12/15/24", "to dev-secur...@mozilla.org",
     'All,\n\nThe purpose of this email is to start discussion of Mozilla GitHub Issue #276 ("Address Delayed '
     'Revocation"). We would like to collect comments and feedback on the proposed new section 6.1.3 in the MRSP.'
     "\n\nThanks,\n\nBen\n"),
    ("Mike Shaver", "Dec 16, 2024, 9:12:05 AM12/16/24", "to Ben Wilson, dev-secur...@mozilla.org",
     "I think the mass revocation testing requirement is a good idea, but 30 certificates is too few to find the "
     "problems that matter.\n\n{tail}\n--\nYou received this message because you are subscribed to the Google Groups "
     '"dev-secur...@mozilla.org" group.\n'),
])
BEN_FLAT = ('All, The purpose of this email is to start discussion of Mozilla GitHub Issue #276 ("Address Delayed '
            'Revocation"). We would like to collect comments and feedback on the proposed new section 6.1.3 in the MRSP. '
            'Thanks, Ben')
GG_ATT = "On Sun, Dec 15, 2024 at 3:51 PM Ben Wilson <bwi...@mozilla.com> wrote:"
AARON = ("On Fri, Dec 13, 2024 at 10:02 AM Aaron Gable <aa...@letsencrypt.org> wrote: We would like to see the mass "
         "revocation plans tested on real certificates, not on a sample of thirty.")
MIKE_OWN = ["I think the mass revocation testing requirement is a good idea, but 30 certificates is too few to find the "
            "problems that matter."]
FLAT_COPIES = [  # the tail of Mike's post, the older message it holds (author, date, text) or None
    ("Mike\n\n" + GG_ATT + "\n" + BEN_FLAT, None),
    ("Mike " + GG_ATT + " " + BEN_FLAT, None),  # sign-off, attribution and quote on one line
    ("Mike\n\n" + GG_ATT + "\n" + BEN_FLAT + " " + AARON,
     ("Aaron Gable", datetime(2024, 12, 13, 10, 2), ["We would like to see the mass revocation plans tested on real "
                                                      "certificates, not on a sample of thirty."])),
    ("Mike\n\nAm So., 15. Dez. 2024 um 15:51 Uhr schrieb Ben Wilson <bwi...@mozilla.com>:\n" + BEN_FLAT, None),
]


@pytest.mark.parametrize("tail,older", FLAT_COPIES, ids=range(len(FLAT_COPIES)))
def test_a_flattened_quote_of_a_post_on_the_page(tmp_path, tail, older):
    msgs = _parse(tmp_path, GG_THREAD.format(tail=tail))
    ben, mike = msgs[:2]
    assert (ben.author, ben.date, _own(ben), ben.signature) == (
        "Ben Wilson", datetime(2024, 12, 15, 15, 51, 43), ["All,", BEN_FLAT[5:-12], "Thanks,"], ["Ben"])
    assert (mike.author, _own(mike), mike.in_reply_to, [q.message for q in mike.quotes]) == (
        "Mike Shaver", MIKE_OWN, ben.key, [ben.key])
    if older is None:
        assert len(msgs) == 2
    else:
        (aaron,) = msgs[2:]
        assert (aaron.author, aaron.date, _own(aaron), ben.in_reply_to) == (*older, aaron.key)


GG_FOOTER = (' -- You received this message because you are subscribed to the Google Groups "dev-security-policy@mozilla.org"'
             ' group. To unsubscribe from this group and stop receiving emails from it, send an email to '
             'dev-security-po...@mozilla.org. To view this discussion visit '
             'https://groups.google.com/a/mozilla.org/d/msgid/dev-security-policy/abc123%40mozilla.org.')
ARCHIVE_REPLY = ("Re: Delayed revocation\nRyan Dickson via dev-security-policy\nMon, 16 Dec 2024 09:12:05 -0800\n\n"
                 "We support the proposal, with one change: the sample should be drawn by the root program.\n\n")
BEN_SHORT = "All, the purpose of this email is to start the discussion of issue 276. Please comment on section 6.1.3."
FLAT_CHAINS = [  # a flattened chain of messages not on the page: one message per dated attribution
    (GG_ATT + " " + BEN_SHORT + " " + AARON + GG_FOOTER, "gmail-en"),
    ("Am So., 15. Dez. 2024 um 15:51 Uhr schrieb Ben Wilson <bwi...@mozilla.com>: " + BEN_SHORT + " " + AARON
     + GG_FOOTER, "gg-de"),
    ("Thanks for the proposal. " + GG_ATT + " " + BEN_SHORT + " " + AARON, "gmail-en"),
]


@pytest.mark.parametrize("flat,rule", FLAT_CHAINS, ids=range(len(FLAT_CHAINS)))
def test_a_flattened_chain_of_quotes(tmp_path, flat, rule):
    ryan, ben, aaron = _parse(tmp_path, ARCHIVE_REPLY + flat + "\n")
    reply = ["We support the proposal, with one change: the sample should be drawn by the root program."]
    assert (ryan.author, _own(ryan)[:1], ryan.in_reply_to) == ("Ryan Dickson", reply, ben.key)
    assert (ben.author, ben.date, _own(ben), ben.origin, ben.in_reply_to) == (
        "Ben Wilson", datetime(2024, 12, 15, 15, 51), [BEN_SHORT], f"unmarked-attribution:{rule}", aaron.key)
    assert (aaron.author, aaron.date, _own(aaron)) == (
        "Aaron Gable", datetime(2024, 12, 13, 10, 2),
        ["We would like to see the mass revocation plans tested on real certificates, not on a sample of thirty."])


PROSE_QUOTES = [  # prose that names writers: no attribution of a client (none dated to the minute) is cut out
    "We support the proposal. As Ben wrote: the purpose of this discussion is to collect comments on the proposed "
    "section 6.1.3, and Aaron Gable wrote: we would like to see mass revocation plans tested on real certificates. "
    "Both points stand, and we agree with them.",
    "In our report we referred to the earlier statement of the CA. On 2024-03-03, Entrust wrote: we will revoke all "
    "affected certificates within five days. This did not happen, and the bug stayed open for another month.",
]


@pytest.mark.parametrize("text", PROSE_QUOTES, ids=range(len(PROSE_QUOTES)))
def test_prose_that_names_writers_in_a_long_line_stays_one_message(tmp_path, text):
    (m,) = _parse(tmp_path, text + "\n")
    assert _own(m) == [text]


# ---- (d) archive pages that wrap every message in the archive's chrome (narkive; public-inbox's thread view):
# each message's header (name, date) with the chrome around it ('Permalink', 'Raw Message'; the thread-tree lines,
# '(permalink / raw)', '^ permalink raw reply …') cuts the page into posts (page_formats.json archive_threads); a
# narkive quote is 'Post by X' above X's words without markers (an attribution row with a lead), read as a
# quote that lost its markers, at the top of a post or between inline answers.
NARKIVE = """Discussion:
Policy 2.5 Proposal: Clarify requirement for multi-factor auth
(too old to reply)
Gervase Markham
2017-05-01 13:05:51 UTC
Permalink
Raw Message
Our policy says that CAs must enforce multi-factor authentication for all accounts capable of directly causing certificate issuance.

I propose we make clear that this includes accounts of RAs and resellers.

Gerv
Ryan Sleevi
2017-05-01 14:00:03 UTC
Permalink
Raw Message
{ryan}
Kathleen Wilson
2017-05-02 16:20:44 UTC
Permalink
Raw Message
Agreed, I will update the draft with the term delegated third parties.
"""
GERV = ["Our policy says that CAs must enforce multi-factor authentication for all accounts capable of directly causing "
        "certificate issuance.", "I propose we make clear that this includes accounts of RAs and resellers."]
SUPPORT = "That would cover the cases we saw last year, so I support it."
NARKIVE_REPLIES = [  # Ryan's post, his own text, how many fragments of Gerv's post he quotes
    ("Post by Gervase Markham\nI propose we make clear that this includes accounts of RAs and resellers.\n" + SUPPORT,
     [SUPPORT], 1),
    ("Thanks for starting this.\nPost by Gervase Markham\n" + GERV[0] + "\nOnly issuance? Approving validation matters "
     "as much.\nPost by Gervase Markham\nRAs and resellers.\n" + SUPPORT,
     ["Thanks for starting this.", "Only issuance? Approving validation matters as much.", SUPPORT], 2),
    (SUPPORT, [SUPPORT], 0),  # no quote
]


@pytest.mark.parametrize("ryan,own,fragments", NARKIVE_REPLIES, ids=range(len(NARKIVE_REPLIES)))
def test_a_narkive_thread(tmp_path, ryan, own, fragments):
    gerv, sleevi, kathleen = _parse(tmp_path, NARKIVE.format(ryan=ryan))
    assert [(m.author, m.date) for m in (gerv, sleevi, kathleen)] == [
        ("Gervase Markham", datetime(2017, 5, 1, 13, 5, 51, tzinfo=UTC)),
        ("Ryan Sleevi", datetime(2017, 5, 1, 14, 0, 3, tzinfo=UTC)),
        ("Kathleen Wilson", datetime(2017, 5, 2, 16, 20, 44, tzinfo=UTC))]
    assert (_own(gerv), gerv.signature, _own(kathleen)) == (
        GERV, ["Gerv"], ["Agreed, I will update the draft with the term delegated third parties."])
    assert (_own(sleevi), [q.message for q in sleevi.quotes]) == (own, [gerv.key] * fragments)
    assert sleevi.in_reply_to == (gerv.key if fragments else None)


def test_a_narkive_quote_of_a_message_not_on_the_page(tmp_path):
    """'Post by X' of a message the page does not hold: X's sign-off ends the quote."""
    ryan = "Post by Wayne Thayer\nWe plan to remove the root in Firefox 60.\nWayne\n\n" + SUPPORT
    msgs = _parse(tmp_path, NARKIVE.format(ryan=ryan))
    sleevi = next(m for m in msgs if m.author == "Ryan Sleevi")
    wayne = next(m for m in msgs if m.author == "Wayne Thayer")
    assert (_own(sleevi), sleevi.in_reply_to) == ([SUPPORT], wayne.key)
    assert (_own(wayne), wayne.signature, wayne.date) == (["We plan to remove the root in Firefox 60."], ["Wayne"], None)


PUBLIC_INBOX = """* Re: [dev-security-policy] Policy 2.5 Proposal: multi-factor auth
@ 2017-05-01 13:05 Gervase Markham
  0 siblings, 1 reply; 2+ messages in thread
From: Gervase Markham @ 2017-05-01 13:05 UTC (permalink / raw)
  To: dev-security-policy

Our policy says that CAs must enforce multi-factor authentication for all accounts capable of directly causing certificate issuance.

Gerv

^ permalink raw reply	[flat|nested] 2+ messages in thread

* Re: [dev-security-policy] Policy 2.5 Proposal: multi-factor auth
  2017-05-01 13:05 Gervase Markham
@ 2017-05-01 14:00 ` Ryan Sleevi
  0 siblings, 0 replies; 2+ messages in thread
From: Ryan Sleevi @ 2017-05-01 14:00 UTC (permalink / raw)
  To: Gervase Markham; +Cc: dev-security-policy

On Mon, May 1, 2017 at 9:05 AM, Gervase Markham <gerv@mozilla.org> wrote:
> Our policy says that CAs must enforce multi-factor authentication for all
> accounts capable of directly causing certificate issuance.

That would cover the cases we saw last year, so I support it.

^ permalink raw reply	[flat|nested] 2+ messages in thread
"""


def test_a_public_inbox_thread_view(tmp_path):
    gerv, ryan = _parse(tmp_path, PUBLIC_INBOX)
    assert [(m.author, m.date) for m in (gerv, ryan)] == [
        ("Gervase Markham", datetime(2017, 5, 1, 13, 5, tzinfo=UTC)), ("Ryan Sleevi", datetime(2017, 5, 1, 14, 0, tzinfo=UTC))]
    assert (_own(gerv), gerv.signature, _own(ryan), ryan.in_reply_to) == (GERV[:1], ["Gerv"], [SUPPORT], gerv.key)


def test_a_name_over_an_iso_date_without_archive_chrome_is_no_post_header(tmp_path):
    """Without the archive's chrome next to it, a name line above a timestamp is the message's text."""
    text = "Status update\nGervase Markham\n2017-05-01 13:05:51 UTC\nThe root was removed.\n"
    (m,) = _parse(tmp_path, text)
    assert _own(m) == ["Status update", "Gervase Markham", "2017-05-01 13:05:51 UTC", "The root was removed."]
