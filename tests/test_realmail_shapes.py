"""Shapes of real public mail and page text nobody here tuned for (session 7 probe set: CA/B Forum pipermail
pages and HTML attachments, dev-security-policy on Google Groups and mail-archive.com, IETF archives, GitHub
threads of mozilla/pkipolicy and cabforum/servercert). Each class: the real snippet (its source named) and
constructed variants, exact expected values; each failed before its fix.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from threadkb.parse.dates import parse_date
from threadkb.pipeline import parse_paths


def _messages(tmp_path, text: str, name: str = "thread.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (thread,) = parse_paths([str(path)])
    return thread.messages


def _holding(msgs, words: str):
    """The message whose own text holds ``words``."""
    return next(m for m in msgs if any(words in t.text for t in m.lines))


# ---- a Google Groups post of the last days: its date line holds a relative note before the short date
# (dev-security-policy, "Results of 2025 Roundtable Discussion", groups.google.com …/c/TqTpdOtOxfs)
GG_DATES = [
    ("Jun 3, 2025, 1:58:31 AM (5 days ago) Jun 3", datetime(2025, 6, 3, 1, 58, 31)),
    ("Jun 3, 2025, 1:58:31 PM (5 days ago) 6/3/25", datetime(2025, 6, 3, 13, 58, 31)),
    ("Dec 1, 2024, 11:02:10 PM (2 days ago) Dec 1", datetime(2024, 12, 1, 23, 2, 10)),
    # unchanged: the glued short date, a note alone
    ("Aug 23, 2018, 6:59:15 PM8/23/18", datetime(2018, 8, 23, 18, 59, 15)),
    ("Oct 7, 2025, 9:01:02 AM (edited)", datetime(2025, 10, 7, 9, 1, 2)),
]


@pytest.mark.parametrize("text,when", GG_DATES, ids=[g[0] for g in GG_DATES])
def test_google_groups_date_with_a_relative_note(text, when):
    assert parse_date(text) == when


GG_POST = """Results of 2025 Roundtable Discussion

2,005 views
Skip to first unread message

Ben Wilson

unread,
{date}
to dev-secur...@mozilla.org
All,

Here are: (1) an executive summary of the roundtable discussion, (2) a list of action items.

Ben
"""


@pytest.mark.parametrize("date,when", GG_DATES[:3], ids=["days-ago", "days-ago-numeric", "pm"])
def test_google_groups_post_header_with_a_relative_note(tmp_path, date, when):
    (m,) = _messages(tmp_path, GG_POST.format(date=date))
    assert (m.author, m.date) == ("Ben Wilson", when)
    assert m.lines[0].text == "All,"


# ---- Greek 12-hour markers written without dots (Thunderbird in Greek: "2/4/2017 11:26 μμ"), day first
# (CA/B Forum public list, HARICA's vote on ballot 194, attachment 20170413/8f63b534)
GREEK = [
    ("2/4/2017 11:26 μμ", datetime(2017, 4, 2, 23, 26)),
    ("2/4/2017 11:26 πμ", datetime(2017, 4, 2, 11, 26)),
    ("24/1/2023 11:47 π.μ.", datetime(2023, 1, 24, 11, 47)),
    ("17/11/2022 5:46 μ.μ.", datetime(2022, 11, 17, 17, 46)),
]


@pytest.mark.parametrize("text,when", GREEK, ids=[g[0] for g in GREEK])
def test_greek_am_pm_without_dots(text, when):
    assert parse_date(text) == when


# ---- a flattened page: the top message's last sentence, its sign-off and the attribution of the quoted
# message on one long line (mail-archive.com dev-security-policy msg00130, iTrusChina last call)
FLAT = ("As mentioned in my previous email, we were waiting for the CA to complete its work on a monitoring system "
        "for CA signing operations.\n"
        "Pursuant to Steps 9 and 10 of the inclusion process, I am hereby concluding public discussion and declaring "
        "that it is Mozilla's intent to approve the inclusion request. This begins a one-week last call for objections "
        "through 3-November-2021, after which, if there are no further questions or concerns, the request will be "
        "approved. {closing}, {name} {attribution} > *Summary of Discussion* > > Public discussion on the "
        "inclusion application began on April > 7, 2021.[1] The CA is seeking inclusion of an RSA root. > > "
        "Progress on this request has been tracked in Bugzilla.[2]\n")
FLAT_CASES = [
    ("Thanks", "Ben", "On Mon, Oct 4, 2021 at 3:00 PM Ben Wilson <[email protected]> wrote:",
     "Ben Wilson", "Ben Wilson", datetime(2021, 10, 4, 15, 0)),
    ("Regards", "Ben", "On Mon, Oct 4, 2021 at 3:00 PM Ben Wilson <bwilson@mozilla.com> wrote:",
     "Ben Wilson", "Ben Wilson", datetime(2021, 10, 4, 15, 0)),
    ("Best regards", "Kathleen Wilson", "Am Mo., 4. Okt. 2021 um 15:00 Uhr schrieb Ben Wilson <bwilson@mozilla.com>:",
     "Kathleen Wilson", "Ben Wilson", datetime(2021, 10, 4, 15, 0)),
]


@pytest.mark.parametrize("closing,name,attribution,top,quoted,when", FLAT_CASES, ids=["obfuscated", "plain", "de"])
def test_flattened_sign_off_and_attribution_on_a_long_line(tmp_path, closing, name, attribution, top, quoted, when):
    text = FLAT.format(closing=closing, name=name, attribution=attribution)
    assert len(text.splitlines()[1]) > 400
    first, second = _messages(tmp_path, text)
    assert (first.author, second.author, second.date) == (top, quoted, when)
    assert first.in_reply_to == second.key
    # session 9: the sign-off's name is cut off the line into the signature; the closing word stays text
    assert first.lines[-1].text.endswith(f"approved. {closing},") and first.signature == [name]


def test_an_inline_closing_without_a_sentence_before_names_nobody(tmp_path):
    text = "we could do that thanks Ben for the idea and the list\nmore words here to read\n"
    (m,) = _messages(tmp_path, text)
    assert m.author is None


# ---- a collapsed quote chain: attributions stacked on consecutive lines, the words of the innermost only
# (mail.mozilla.org tb-planning 2016-December/005118, "What happened to hiring an architect?")
CHAIN = """Jim squibblyflabbetydoo at gmail.com
Mon Dec 19 21:33:30 UTC 2016

On Mon, Dec 19, 2016 at 1:50 PM, Disaster Master <
disasterlistmanager at gmail.com> wrote:

{stack}> Postbox's new release is on Gecko 7.0.1, which is now over 5 years old.
> This supports my feeling that the security risks are actually much less
> for TB than they would be for, for example, Pale Moon.

The only way to mitigate the risks is to reduce the surface area for attack.
"""
STACKS = [
    ("> On 12/17/2016 7:10 AM, Magnus Melin <mkmelin+mozilla at iki.fi>\n> <mkmelin+mozilla at iki.fi> wrote:\n"
     "> On 16.12.2016 17:24, Disaster Master wrote:\n"
     "> On 12/15/2016 7:02 PM, R Kent James <kent at caspia.com> <kent at caspia.com>\n> wrote:\n"),
    "> On 16.12.2016 17:24, Disaster Master wrote:\n> On Thu, Dec 15, 2016 at 7:02 PM, R Kent James wrote:\n",
    "> Am 16.12.2016 um 17:24 schrieb Disaster Master:\n> Le 15/12/2016 à 19:02, R Kent James a écrit :\n",
]  # the innermost message of each: R Kent James, 15 December 2016 19:02


@pytest.mark.parametrize("stack", STACKS, ids=["three-tb", "two-en", "de-fr"])
def test_stacked_attributions_give_the_words_to_the_innermost(tmp_path, stack):
    msgs = _messages(tmp_path, CHAIN.format(stack=stack))
    inner = _holding(msgs, "Postbox")
    own = [t.text.rstrip() for m in msgs for t in m.lines]
    assert (inner.author, inner.date, msgs[0].author) == ("R Kent James", datetime(2016, 12, 15, 19, 2), "Jim")
    assert not [t for t in own if t.endswith(("wrote:", "schrieb Disaster Master:"))]  # no attribution is words
    assert msgs[0].lines[-1].text.startswith("The only way")
    assert msgs[0].in_reply_to == inner.key  # through the chain's messages that kept no words


# ---- an Outlook header block whose message opens with another person's attribution and that person's words,
# no '>' (the HTML thread read as text): those words are that person's (CA/B Forum cscwg-public 2023-January/000930)
OUTLOOK_THEN_ATTRIBUTION = """Martijn Katerbarg martijn.katerbarg at sectigo.com
Tue Jan 24 21:44:44 UTC 2023

That latter case is indeed the one I'd like to address.

From: Dimitris Zacharopoulos (HARICA) <dzacharo at harica.gr>
Sent: Tuesday, 24 January 2023 16:25
To: Martijn Katerbarg <martijn.katerbarg at sectigo.com>; cscwg-public at cabforum.org
Subject: Re: [Cscwg-public] Proposal to make changes to revocation based on malware

{attribution}

Thanks for the proposal Dimitris.

I have a few remarks on this:
"""
ATTRIBUTIONS = ["On 24/1/2023 11:47 π.μ., Martijn Katerbarg wrote:",
                "On Tue, Jan 24, 2023 at 11:47 AM Martijn Katerbarg <martijn.katerbarg@sectigo.com> wrote:",
                "Am Di., 24. Jan. 2023 um 11:47 Uhr schrieb Martijn Katerbarg <martijn.katerbarg@sectigo.com>:"]


@pytest.mark.parametrize("attribution", ATTRIBUTIONS, ids=["el", "gmail-en", "gmail-de"])
def test_header_block_then_another_persons_attribution(tmp_path, attribution):
    thanks = _holding(_messages(tmp_path, OUTLOOK_THEN_ATTRIBUTION.format(attribution=attribution)), "Thanks for")
    assert (thanks.author, thanks.date) == ("Martijn Katerbarg", datetime(2023, 1, 24, 11, 47))
    assert not any("wrote:" in t.text or "schrieb" in t.text for t in thanks.lines)


def test_header_block_with_words_of_its_own_keeps_them(tmp_path):
    text = OUTLOOK_THEN_ATTRIBUTION.format(attribution="I agree with the direction.\n\n" + ATTRIBUTIONS[1])
    msgs = _messages(tmp_path, text)
    assert _holding(msgs, "I agree").author == "Dimitris Zacharopoulos (HARICA)"
    assert _holding(msgs, "Thanks for the proposal").author == "Martijn Katerbarg"


# ---- Thunderbird: the reply written inside the "moz-cite-prefix" element, above the attribution (CA/B Forum
# public list attachments 20121120/c4498406, French, and 20170413/8f63b534, Greek)
MOZ_PREFIX = """<html><body bgcolor="#FFFFFF" text="#000000">
    <div class="moz-cite-prefix">{reply}
      {attribution}<br>
    </div>
    <blockquote cite="mid:1@example.org" type="cite">
      <p>{quoted}</p>
    </blockquote>
</body></html>
"""
ERWANN = ("The new 9.2.2 clause prohibits this.\n      You can't choose to follow either 9.2.1 or 9.2.2.<br>\n      <br>\n"
          "      And I personally approve all the proposed changes.<br>\n      <br>\n"
          '      <pre class="moz-signature" cols="72">-- \nErwann ABALEA\n\n</pre>')
MOZ_CASES = [
    (ERWANN, "Le 20/11/2012 11:47, Janssen, M.A. (Mark) - Logius a écrit :", "Erwann ABALEA",
     "And I personally approve all the proposed changes.", "Janssen, M.A. (Mark) - Logius", datetime(2012, 11, 20, 11, 47)),
    ('<br>\nHARICA votes "abstain" to ballot 194.<br>\n<br>\n<br>\n-- <br>\nDimitris Zacharopoulos<br>\n<br>\n',
     "On 2/4/2017 11:26 μμ, Chris Bailey via Public wrote:", "Dimitris Zacharopoulos",
     'HARICA votes "abstain" to ballot 194.', "Chris Bailey", datetime(2017, 4, 2, 23, 26)),
    ("I agree with Ryan here.<br>\n<br>\nThanks,<br>\nBen Wilson<br>\n<br>\n",
     "On 5/3/2021 4:05 PM, Ryan Sleevi wrote:", "Ben Wilson", "I agree with Ryan here.", "Ryan Sleevi",
     datetime(2021, 5, 3, 16, 5)),
]


@pytest.mark.parametrize("reply,attribution,author,words,quoted_author,when", MOZ_CASES, ids=["fr", "el", "en"])
def test_reply_inside_the_moz_cite_prefix(tmp_path, reply, attribution, author, words, quoted_author, when):
    html = MOZ_PREFIX.format(reply=reply, attribution=attribution, quoted="The ballot text is below.")
    top, quoted = _messages(tmp_path, html, "reply.html")
    assert top.author == author
    assert any(t.text.strip() == words for t in top.lines)
    assert not any("wrote:" in t.text or "écrit" in t.text for t in top.lines)
    assert (quoted.author, quoted.date) == (quoted_author, when)
    assert top.in_reply_to == quoted.key


def test_an_attribution_wrapped_by_br_stays_one_line(tmp_path):
    html = MOZ_PREFIX.format(reply="", attribution="On 5/3/2021 4:05 PM, Ryan Sleevi<br>\nwrote:",
                             quoted="The ballot text is below.")
    (quoted,) = _messages(tmp_path, html, "wrapped.html")
    assert (quoted.author, quoted.date) == ("Ryan Sleevi", datetime(2021, 5, 3, 16, 5))


# ---- an mbox whose stored copy opens with blank lines before the first "From " separator (the IETF mail
# archive's monthly files as a page store renders them: ietf-mail-archive/spasm/2019-01.mail)
MBOX = ("From alice@example.org Wed Jan  2 10:26:17 2019\nFrom: Alice <alice@example.org>\n"
        "Date: Wed, 02 Jan 2019 10:26:05 -0800\nSubject: Re: [lamps] Last Call\nMessage-ID: <a@example.org>\n\n"
        "I agree with the plan.\n\nFrom bob@example.org Wed Jan  2 11:26:17 2019\nFrom: Bob <bob@example.org>\n"
        "Date: Wed, 02 Jan 2019 11:26:05 -0800\nSubject: Re: [lamps] Last Call\nMessage-ID: <b@example.org>\n"
        "In-Reply-To: <a@example.org>\n\nMe too.\n")


@pytest.mark.parametrize("lead", ["", "\n", "\n\n", "\r\n"], ids=["none", "one", "two", "crlf"])
def test_mbox_with_leading_blank_lines(tmp_path, lead):
    alice, bob = _messages(tmp_path, lead + MBOX, "2019-01.mail")
    assert (alice.author, bob.author, bob.in_reply_to) == ("Alice", "Bob", alice.key)
    assert [t.text for t in alice.lines if t.text.strip()] == ["I agree with the plan."]
    assert str(alice.date) == "2019-01-02 10:26:05-08:00"


# ---- a short quoted heading that stops without a full stop, then the answer on a much longer line: not a
# re-wrapped quote's tail (mozilla/pkipolicy#46, "> 2.2 Whole-Population Audit of Intermediate Certs")
HEADING_THEN_ANSWER = """mozilla/pkipolicy · issue #46 · closed
# See if parts of wiki page CA:BaselineRequirements need to be directly in CA Policy

WilsonKathleen · description · 2016-12-13
Need to check to see if there are parts of the wiki page that should be directly in the CA Policy.

WilsonKathleen · comment · 2017-05-01
> {heading}
{answer}
"""
ANSWERS = [
    ("2.2 Whole-Population Audit of Intermediate Certs",
     "Perhaps it could be further clarified in section 3.1 of the Mozilla Root Store Policy by changing the first "
     "paragraph to:"),
    ("2.3 WebTrust BR Audit Statement for the intermediates",
     "I believe that compliance with this is checked by the auditors as part of the WebTrust and ETSI audits, so "
     "no change is needed here."),
]


@pytest.mark.parametrize("heading,answer", ANSWERS, ids=["pkipolicy-46", "constructed"])
def test_a_short_quoted_heading_is_not_continued_by_a_long_answer(tmp_path, heading, answer):
    msgs = _messages(tmp_path, HEADING_THEN_ANSWER.format(heading=heading, answer=answer))
    reply = next(m for m in msgs if m.date is not None and str(m.date) == "2017-05-01")
    assert [t.text for t in reply.lines if t.text.strip()] == [answer]


REWRAPPED = """From: Ann <ann@example.org>
Date: Mon, 1 May 2017 10:00:00 +0000
Subject: Re: audits

On Mon, May 1, 2017 at 9:00 AM, Bob <bob@example.org> wrote:
> The audit statements we received this year do not cover the period between
the two audits.

I disagree: they do.
"""


def test_a_rewrapped_quote_tail_still_joins_its_quote(tmp_path):
    msgs = _messages(tmp_path, REWRAPPED, "mail.eml")
    ann = msgs[0]
    assert [t.text for t in ann.lines if t.text.strip()] == ["I disagree: they do."]


# a quoted sentence's tail that is wider than the line it continues, because it holds a Markdown link's target or
# goes on in lower case, is still the quote's (zmap/zlint#923 quotes RFC 2119's boilerplate: 166 in the corpus)
RFC2119_QUOTE = """zmap/zlint · issue #923 · closed
# Policy Mappings extension should be blocked on end-entity certificates

christopher-henderson · comment · 2025-03-08
Would you be amenable to `warn` rather than `error`?

> The key words "MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT",
{tail}

And map it accordingly.
"""
WIDE_TAILS = [
    '   document are to be interpreted as described in [RFC 2119](https://www.rfc-editor.org/rfc/rfc2119) '
    '[[RFC2119](https://www.rfc-editor.org/rfc/rfc2119)].',
    "and OPTIONAL in this document are to be interpreted as described in RFC 2119 when they appear in capitals.",
    "In this document: [RFC 2119](https://www.rfc-editor.org/rfc/rfc2119#section-1-and-a-long-fragment-here).",
]


@pytest.mark.parametrize("tail", WIDE_TAILS, ids=["zlint-923", "lower-case", "link-target"])
def test_a_wide_tail_of_a_quoted_sentence_stays_quoted(tmp_path, tail):
    msgs = _messages(tmp_path, RFC2119_QUOTE.format(tail=tail))
    reply = next(m for m in msgs if str(m.date) == "2025-03-08")
    assert [t.text for t in reply.lines if t.text.strip()] == [
        "Would you be amenable to `warn` rather than `error`?", "And map it accordingly."]


# ---- an inline reply whose '>' fragments name nobody, above the Outlook header block of the message it answers:
# the fragments are that message's words (cscwg-public 2023-January/000930; CA/B Forum attachment, Outlook mobile)
INLINE_ABOVE_BLOCK = """Martijn Katerbarg martijn.katerbarg at sectigo.com
Tue Jan 24 21:44:44 UTC 2023

> There is nothing preventing the CA to revoke a certificate right away.

That latter case is indeed the one I'd like to address.

> Yes. 7 days seem reasonable to pause the revocation process.

No objection from my end with that approach.

{block}
"""
BLOCKS = [
    ("From: Dimitris Zacharopoulos (HARICA) <dzacharo at harica.gr>\nSent: Tuesday, 24 January 2023 16:25\n"
     "To: Martijn Katerbarg <martijn.katerbarg at sectigo.com>\nSubject: Re: [Cscwg-public] Proposal\n",
     "Dimitris Zacharopoulos (HARICA)", datetime(2023, 1, 24, 16, 25)),
    ("Von: Dimitris Zacharopoulos <dzacharo@harica.gr>\nGesendet: Dienstag, 24. Januar 2023 16:25\n"
     "An: Martijn Katerbarg <martijn.katerbarg@sectigo.com>\nBetreff: Re: [Cscwg-public] Proposal\n",
     "Dimitris Zacharopoulos", datetime(2023, 1, 24, 16, 25)),
    ("-----Original Message-----\nFrom: Dimitris Zacharopoulos <dzacharo@harica.gr>\n"
     "Sent: Tuesday, January 24, 2023 4:25 PM\nTo: Martijn Katerbarg\nSubject: Re: Proposal\n\n"
     "Here is my proposal for the revocation section.\n",
     "Dimitris Zacharopoulos", datetime(2023, 1, 24, 16, 25)),
]


@pytest.mark.parametrize("block,author,when", BLOCKS, ids=["outlook-en-cut", "outlook-de-cut", "with-body"])
def test_unattributed_fragments_take_the_header_block_below(tmp_path, block, author, when):
    msgs = _messages(tmp_path, INLINE_ABOVE_BLOCK.format(block=block))
    top = msgs[0]
    frag = _holding(msgs, "7 days seem reasonable")
    assert (frag.author, frag.date) == (author, when)
    assert top.in_reply_to == frag.key and top.author == "Martijn Katerbarg"


def test_fragments_above_the_authors_own_header_block_stay_unattributed(tmp_path):
    block = ("From: Martijn Katerbarg <martijn.katerbarg at sectigo.com>\nSent: Tuesday, 24 January 2023 10:25\n"
             "To: cscwg-public at cabforum.org\nSubject: Proposal\n\nFirst draft of the proposal.\n")
    msgs = _messages(tmp_path, INLINE_ABOVE_BLOCK.format(block=block))
    assert _holding(msgs, "7 days seem reasonable").author is None


# ---- a marked sign-off ("-Name", or a name after "Thanks,") with title and company lines under it: the name, not
# the company on the last line (mid.mail-archive.com governance@lists.mozilla.org msg00497)
SIGNED = "We cannot know what everyone is doing with the data they gather in addons.\n\n{sig}\n"
SIGNATURES = [
    ("-Sheeri Cabral\nManager, Systems DB Team\nSenior DB Admin/Architect\nMozilla", "Sheeri Cabral"),
    ("Thanks,\nBen Wilson\nRoot Store Manager\nMozilla Corporation\nMozilla", "Ben Wilson"),
    ("— Kathleen Wilson\nCA Program\nMozilla", "Kathleen Wilson"),
    ("Thanks,\nBen\nMozilla", "Ben"),
    ("Ryan Sleevi\nGoogle", "Ryan Sleevi"),
    # unchanged: a name on the last line, a title block without a marked name
    ("Thanks,\nBen", "Ben"),
    ("Ryan Sleevi", "Ryan Sleevi"),
]


@pytest.mark.parametrize("sig,author", SIGNATURES, ids=["dash-4", "thanks-4", "emdash-3", "thanks-org", "name-org", "thanks-1", "name"])
def test_marked_sign_off_above_title_lines_names_the_author(tmp_path, sig, author):
    (m,) = _messages(tmp_path, SIGNED.format(sig=sig))
    assert m.author == author


# ---- an Outlook header block whose long Subject the archive wrapped onto the next line (CA/B Forum public list
# 2013-August/033621: "Subject: Re: [cabfpub] Ballot 108: Clarifying the scope of the baseline" / "requirements")
WRAPPED = """Jeremy Rowley jeremy.rowley at digicert.com
Fri Aug 2 11:19:05 UTC 2013

If no clients fail, I propose we move forward with this ballot.

Jeremy

-----Original Message-----
From: Ryan Sleevi [mailto:sleevi at google.com]
Sent: Thursday, August 01, 2013 6:47 PM
To: Moudrick M. Dadashov
Cc: jeremy rowley; CABFPub
Subject: Re: [cabfpub] Ballot 108: Clarifying the scope of the baseline
{tail}"""


@pytest.mark.parametrize("tail,body", [
    ("requirements\n\nThe EKU question is separate from the scope question.\n",
     ["The EKU question is separate from the scope question."]),
    ("req", None),  # the excerpt ends in the wrapped subject: no words, no message
    ("requirements\n", None),
], ids=["with-body", "cut-in-word", "cut-after"])
def test_wrapped_subject_is_part_of_the_header_block(tmp_path, tail, body):
    msgs = _messages(tmp_path, WRAPPED.format(tail=tail))
    assert msgs[0].author == "Jeremy Rowley"
    rest = [[t.text for t in m.lines if t.text.strip()] for m in msgs[1:]]
    assert rest == ([body] if body else [])
    if body:
        assert (msgs[1].author, msgs[0].in_reply_to) == ("Ryan Sleevi", msgs[1].key)
