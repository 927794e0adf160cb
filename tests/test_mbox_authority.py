"""Archives: an e-mail of the archive is authoritative for itself (issue 13, section 1).

Each test builds a small mbox (constructed variants of the real archive shapes: patch series, bare `>`
quotes, davem-style "From:/Date:" quote headers, Outlook replies whose old text has no markers, list
footers) and checks the messages the parser makes of it.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from threadkb.ingest import ingest
from threadkb.ingest.mail import _parse_date
from threadkb.models import LineRole, Message
from threadkb.parse import parse
from threadkb.parse.threading import PostText, join_copies, pasted_post_start, quotes_text

UTC = timezone.utc
PST = timezone(timedelta(hours=-8))

ASK = ["I tried to produce a random matrix with the new release and the shape of the result is wrong",
       "whenever the second dimension is larger than the first one. Is this expected behaviour?"]
ANSWER = ["No, that is a bug in the reshaping code and it was fixed in the current development tree",
          "last week; please try the nightly build and tell us whether it works for you."]


def mbox(tmp_path, mails, name="list.mbox"):
    """mails: (message_id, in_reply_to, from, date, body lines) -> path of an mbox holding them."""
    out = []
    for mid, parent, sender, when, body in mails:
        out += ["From x@x Mon Oct  6 10:00:00 2025", f"From: {sender}", f"Date: {when}", "Subject: Re: matrix",
                f"Message-ID: {mid}"] + ([f"In-Reply-To: {parent}"] if parent else []) + [""] + body + [""]
    path = tmp_path / name
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return str(path)


def parse_one(path):
    (src,) = ingest(path)
    return parse(src)


def by_author(t, author):
    return [m for m in t.messages if m.author == author]


def roles(t, key=None):
    return [(a.role, a.rule) for a in t.assignments if key is None or a.message == key]


# ------------------------------------------------------------------ patch series: never one on author + minute
@pytest.mark.parametrize("n,seconds", [(3, [1, 20, 40]), (5, [0, 0, 10, 30, 59])])
def test_patch_series_in_one_minute_stays_distinct(tmp_path, n, seconds):
    mails = [(f"<p{i}@x>", "<p0@x>" if i else None, "Joe Perches <joe@x>",
              f"Sun, 14 Nov 2010 19:04:{s:02d} -0800", [f"Remove unnecessary semicolons in driver number {i}.",
                                                         "", "Signed-off-by: Joe Perches <joe@x>"])
             for i, s in enumerate(seconds)]
    t = parse_one(mbox(tmp_path, mails))
    assert len(t.messages) == n
    assert [m.date for m in t.messages] == [datetime(2010, 11, 14, 19, 4, s, tzinfo=PST) for s in seconds]
    assert all(m.origin == "mail" and m.copies == [] for m in t.messages)


def test_the_same_mail_twice_is_one_message(tmp_path):
    mail = ("<a@x>", None, "Ann <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK)
    t = parse_one(mbox(tmp_path, [mail, mail]))
    assert len(t.messages) == 1 and len(t.messages[0].copies) == 1


def test_two_mails_same_author_minute_and_text_but_other_ids_stay_two(tmp_path):
    mails = [(f"<{c}@x>", None, "Ann <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK) for c in "ab"]
    assert len(parse_one(mbox(tmp_path, mails)).messages) == 2


# ------------------------------------------------------------------ a quoted copy never replaces the e-mail
@pytest.mark.parametrize("attribution", [
    "On 06/10/2025 03:00, Ann Lee wrote:",  # zone-less attribution, another zone's wall time
    "On Mon, Oct 6, 2025 at 10:00 AM Ann Lee <ann@x> wrote:",
    "Ann Lee <ann@x> wrote:",
])
def test_quoted_copy_merges_into_the_mail_never_replaces_it(tmp_path, attribution):
    quoted = [f"> {x}" for x in ASK + ["", "Ann", "", "_______________________________________________",
                                       "Numpy-discussion mailing list -- numpy@x.org"]]
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK + ["", "Ann"]),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 12:00:00 +0200", [attribution] + quoted + ANSWER)]
    t = parse_one(mbox(tmp_path, mails))
    ann, bob = t.messages
    assert (ann.author, ann.date, ann.origin) == ("Ann Lee", datetime(2025, 10, 6, 10, 0, tzinfo=UTC), "mail")
    assert ann.text.split("\n")[:2] == ASK
    assert (bob.author, bob.in_reply_to) == ("Bob Roe", ann.key)
    assert bob.text.split("\n")[0] == ANSWER[0] and ASK[0] not in bob.text


# ------------------------------------------------------------------ the quote is read against the header parent
@pytest.mark.parametrize("intro", [
    [],  # a bare '>' quote
    ["Someone wrote:"],  # an attribution that names nobody known
    ["From: Ann Lee <ann@x>", "Date: Mon, 06 Oct 2025 10:00:00 +0000", ""],  # davem's "From:/Date:" quote header
])
def test_quote_without_a_usable_attribution_is_the_header_parent(tmp_path, intro):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              intro + [f"> {x}" for x in ASK] + [""] + ANSWER)]
    t = parse_one(mbox(tmp_path, mails))
    assert [m.author for m in t.messages] == ["Ann Lee", "Bob Roe"]
    ann, bob = t.messages
    assert bob.in_reply_to == ann.key and bob.text.strip().split("\n") == ANSWER
    assert {r for r in roles(t) if r[0] == LineRole.QUOTE} == {(LineRole.QUOTE, "copy-of-earlier-post")}


@pytest.mark.parametrize("excerpt", [ASK[:1], ASK[1:], ["the shape of the result is wrong"]])
def test_bare_quote_of_an_excerpt_of_the_header_parent(tmp_path, excerpt):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK + ["", "Ann"]),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              [f"> {x}" for x in excerpt] + [""] + ANSWER)]
    t = parse_one(mbox(tmp_path, mails))
    ann, bob = t.messages
    assert len(t.messages) == 2 and bob.in_reply_to == ann.key and bob.text.strip().split("\n") == ANSWER
    assert {r for r in roles(t) if r[0] == LineRole.QUOTE} == {(LineRole.QUOTE, "quote-of-parent-mail")}


def test_interleaved_fragments_are_all_the_header_parent(tmp_path):
    body = [f"> {ASK[0]}", "", "Which release?", "", f"> {ASK[1]}", "", "Yes, it is expected."]
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000", body)]
    t = parse_one(mbox(tmp_path, mails))
    ann, bob = t.messages
    assert len(t.messages) == 2 and bob.in_reply_to == ann.key
    assert [q.message for q in bob.quotes] == [ann.key, ann.key]
    assert bob.text.split() == "Which release? Yes, it is expected.".split()


def test_quote_goes_to_the_mail_in_reply_to_names_not_an_earlier_one_of_the_same_author(tmp_path):
    mails = [("<a1@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ANSWER),
             ("<a2@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:30:00 +0000", ASK),
             ("<b@x>", "<a2@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              ["Ann Lee wrote:"] + [f"> {x}" for x in ASK] + ["", "Thanks, I will look into it tomorrow."])]
    t = parse_one(mbox(tmp_path, mails))
    a1, a2, bob = t.messages
    assert bob.in_reply_to == a2.key and a2.date == datetime(2025, 10, 6, 10, 30, tzinfo=UTC)


def test_header_parent_later_in_the_file_still_links(tmp_path):
    mails = [("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000", ["Thanks, I will try it."]),
             ("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK)]
    bob, ann = parse_one(mbox(tmp_path, mails)).messages
    assert bob.in_reply_to == ann.key


# ------------------------------------------------------------------ the parent pasted without markers
OUTLOOK = ["-----Original Message-----", "From: numpy-discussion-admin at lists.x.net",
           "[mailto:numpy-discussion-admin at lists.x.net] On Behalf Of Ann", "Lee",
           "Sent: Monday, October 6, 2025 10:00 AM", "To: numpy-discussion at lists.x.net",
           "Subject: [Numpy-discussion] matrix", ""]


@pytest.mark.parametrize("separator,header_lines", [
    (OUTLOOK, 7),  # a wrapped Outlook block no row reads
    (["Ann Lee spoke thus:"], 1),  # one line ending with ':'
    ([], 0),  # nothing at all between the reply and the pasted text
])
def test_parent_pasted_without_markers_is_a_copy_not_own_words(tmp_path, separator, header_lines):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK + ["", "Ann"]),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              ANSWER + [""] + separator + [""] + ASK + ["", "Ann"])]
    t = parse_one(mbox(tmp_path, mails))
    ann, bob = t.messages
    assert bob.text.strip().split("\n") == ANSWER and bob.in_reply_to == ann.key
    assert sum(r == (LineRole.HEADER, "header-of-pasted-parent") for r in roles(t, ann.key)) == header_lines
    assert [q.message for q in bob.quotes] == [ann.key]


def test_reply_that_only_repeats_a_phrase_of_the_parent_keeps_its_words(tmp_path):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              ANSWER + ["", "You said the shape of the result is wrong; I cannot reproduce that here at all."])]
    bob = parse_one(mbox(tmp_path, mails)).messages[1]
    assert "I cannot reproduce" in bob.text


@pytest.mark.parametrize("lines,expected", [
    (["Thanks, see below.", ASK[0], ASK[1]], 1),
    (["Thanks, that helps.", "See the answer below.", ASK[0], "Ann"], 2),  # a short last line does not count
    (["Thanks.", "See below.", ASK[0], ASK[1]], None),  # no line of three words of the reply's own
    ([ASK[0], ASK[1]], None),  # no words of the reply's own before the pasted text
    (["Thanks, see below.", "short"], None),
    ([ANSWER[0], ASK[0], ANSWER[1]], None),  # the reply's words after it: not a paste
])
def test_pasted_post_start(lines, expected):
    assert pasted_post_start(lines, PostText(" ".join(ASK))) == expected


@pytest.mark.parametrize("block,expected", [
    (ASK, True), ([" ".join(ASK)], True), (["the shape of the result"], True), (["Applied."], True), ([], False),
    (["Rejected."], False), (["the result of the shape"], False), (["shape", "of the"], True),
    (ANSWER, False), ([ASK[0], "Thanks"], True),  # lines under three words are not counted
    ([ASK[0], ANSWER[0]], True), ([ASK[0], ANSWER[0], ANSWER[1]], False),  # half the words at least
    (["I tried to produce a random matrix", "with the new release and the shape"], True),  # re-wrapped
    (["I tried to produce a square matrix"], False),  # edited
])
def test_quotes_text(block, expected):
    assert quotes_text(block, PostText(" ".join(ASK) + " Applied")) is expected


# ------------------------------------------------------------------ headers and footers of the e-mail itself
@pytest.mark.parametrize("text,expected", [
    ("Thu Nov  1 11:19:12 2001", datetime(2001, 11, 1, 11, 19, 12)),  # pipermail: no zone, stays naive
    ("Thu, 1 Nov 2001 11:19:12 -0000", datetime(2001, 11, 1, 11, 19, 12, tzinfo=UTC)),
    ("Thu, 1 Nov 2001 11:19:12 GMT", datetime(2001, 11, 1, 11, 19, 12, tzinfo=UTC)),
    ("Mon, 15 Nov 2010 11:07:32 -0800 (PST)", datetime(2010, 11, 15, 11, 7, 32, tzinfo=PST)),
])
def test_header_dates_keep_their_zone_or_stay_naive(text, expected):
    d, _ = _parse_date(text)
    assert d == expected and (d.tzinfo is None) == (expected.tzinfo is None)


def test_naive_header_date_is_never_replaced_by_a_quoted_copys(tmp_path):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Thu Nov  1 11:19:12 2001", ASK),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Thu Nov  1 12:00:00 2001",
              ["On Thu, Nov 1, 2001 at 11:19 AM +0100, Ann Lee wrote:"] + [f"> {x}" for x in ASK] + [""] + ANSWER)]
    ann, bob = parse_one(mbox(tmp_path, mails)).messages
    assert ann.date == datetime(2001, 11, 1, 11, 19, 12) and ann.date.tzinfo is None


@pytest.mark.parametrize("header,author", [
    ("<ann@x.org>", "ann@x.org"), ("ann@x.org", "ann@x.org"), ('"ann@x.org" <ann@x.org>', "ann@x.org"),
    ("Ann Lee <ann@x.org>", "Ann Lee"), ("ann at x.org (Ann Lee)", "Ann Lee"),
])
def test_from_with_only_an_address_makes_it_the_author(tmp_path, header, author):
    t = parse_one(mbox(tmp_path, [("<a@x>", None, header, "Mon, 06 Oct 2025 10:00:00 +0000", ASK + ["", "Ann"]),
                                  ("<b@x>", "<a@x>", "Bob <b@x>", "Mon, 06 Oct 2025 11:00:00 +0000", ANSWER)]))
    assert t.messages[0].author == author and t.messages[0].origin == "mail"


def test_in_reply_to_without_angle_brackets_names_the_mail(tmp_path):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK),
             ("<b@x>", "a@x", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              [f"> {x}" for x in ASK] + [""] + ANSWER)]
    ann, bob = parse_one(mbox(tmp_path, mails)).messages
    assert bob.in_reply_to == ann.key and ASK[0] not in bob.text


@pytest.mark.parametrize("footer", [
    ["_______________________________________________", "USRP-users mailing list -- usrp-users@lists.x.com",
     "To unsubscribe send an email to usrp-users-leave@lists.x.com"],  # Mailman 3
    ["_______________________________________________", "USRP-users mailing list --usrp-users@lists.x.com",
     "To unsubscribe send an email tousrp-users-leave@lists.x.com"],  # spaces lost by an HTML rendering
    ["_______________________________________________", "Numpy-discussion mailing list Numpy-discussion at lists.x.net",
     "https://lists.x.net/lists/listinfo/numpy-discussion"],  # pipermail, re-wrapped
])
def test_quoted_list_footer_ends_the_quote_and_the_mail_stays_one_message(tmp_path, footer):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ASK + [""] + footer),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Mon, 06 Oct 2025 11:00:00 +0000",
              ["On 06/10/2025 10:00, Ann Lee wrote:"] + [f"> {x}" for x in ASK + [""] + footer]
              + ANSWER + [""] + footer + ["To learn more about this list, visit our pages."])]
    t = parse_one(mbox(tmp_path, mails))
    ann, bob = t.messages
    assert len(t.messages) == 2 and bob.in_reply_to == ann.key
    assert bob.text.strip().split("\n")[:2] == ANSWER
    assert [a.rule for a in t.assignments if a.message is None and a.role == LineRole.BOILERPLATE
            and a.rule.startswith("mailman")].count("mailman-footer") >= 2 * len(footer)


# ------------------------------------------------------------------ join_copies on its own
def msg(key, author, text, date=None, depth=0, origin="mail", mid=None):
    m = Message(key=key, source="s", author=author, date=date, depth=depth, origin=origin, message_id=mid)
    from threadkb.models import TextLine
    m.lines = [TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))]
    return m


def test_join_copies_a_copy_between_two_mails_joins_the_one_whose_words_it_shares():
    when = datetime(2010, 11, 14, 19, 4, tzinfo=PST)
    a = msg("a", "Joe", "Remove unnecessary semicolons in the e1000e driver code paths", when, mid="<a@x>")
    b = msg("b", "Joe", "Fix the typo in the comment of the ixgbe driver header file", when, mid="<b@x>")
    q = msg("q", "Joe", "Fix the typo in the comment of the ixgbe driver", when, depth=1, origin="attribution:x")
    out = join_copies([a, b, q])
    assert [m.key for m in out] == ["a", "b"] and out[1].copies == ["q"] and out[0].copies == []


def test_join_copies_the_mail_survives_a_fuller_quoted_copy():
    when = datetime(2025, 10, 6, 10, tzinfo=UTC)
    mail = msg("m", "Ann Lee", " ".join(ASK), when)
    copy = msg("c", "Ann Lee", " ".join(ASK) + " Ann Lee, Numerical Python team", datetime(2025, 10, 6, 3),
               depth=1, origin="attribution:x")
    (out,) = join_copies([copy, mail])
    assert out.key == "m" and out.date == when and out.copies == ["c"]


# ------------------------------------------------------------------ attributions read on the real archives
@pytest.mark.parametrize("line,name,email,when", [
    ("On Tue, Apr 4, 2023 at 1:43\u202fPM <h57jafari@gmail.com> wrote:", "h57jafari@gmail.com", "h57jafari@gmail.com",
     datetime(2023, 4, 4, 13, 43)),  # Gmail, the sender has no display name
    ("On 26/04/2023 14:20, david.fernandes@viveris.fr wrote:", "david.fernandes@viveris.fr",
     "david.fernandes@viveris.fr", datetime(2023, 4, 26, 14, 20)),  # Thunderbird, address only
    ("On 2023-04-07 09:36 +0600, Azamat Nassipkaliyev wrote:", "Azamat Nassipkaliyev", None,
     datetime(2023, 4, 7, 9, 36, tzinfo=timezone(timedelta(hours=6)))),  # ISO date with its zone
    ("On 2023-04-21 13:09 -0100, Ian Chodera <ian@x.org> wrote:", "Ian Chodera", "ian@x.org",
     datetime(2023, 4, 21, 13, 9, tzinfo=timezone(timedelta(hours=-1)))),
    ("On Tue, Apr 4, 2023 at 1:43 PM Rob Kossler <rob@x.com> wrote:", "Rob Kossler", "rob@x.com",
     datetime(2023, 4, 4, 13, 43)),  # a name: unchanged
    ("On Aug 22, 2011, at 7:37 PM, defunkt<reply@reply.github.com> wrote:", "defunkt", "reply@reply.github.com",
     datetime(2011, 8, 22, 19, 37)),  # a name written against its address
])
def test_attribution_address_only_and_iso_zone(line, name, email, when):
    from threadkb.parse.attribution import match_attribution
    from threadkb.parse.lines import split_lines
    v, _ = split_lines([line, "> quoted text"])
    a = match_attribution(v, 0, 0)
    assert (a.name, a.email, a.date) == (name, email, when)
    assert (a.date.tzinfo is None) == (when.tzinfo is None)


@pytest.mark.parametrize("block,name,when", [
    (["From: Joe Perches <joe@x>", "Date: Sun, 14 Nov 2010 19:04:58 -0800"], "Joe Perches",
     datetime(2010, 11, 14, 19, 4, 58, tzinfo=PST)),  # davem's client
    (["From: Ann Lee [mailto:ann@x]", "Sent: Monday, October 6, 2025 10:00 AM", "To: list@x", "Subject: matrix"],
     "Ann Lee", datetime(2025, 10, 6, 10, 0)),  # an Outlook block above a '>' quote
])
def test_header_block_above_a_quote_in_a_mail_introduces_the_quote(tmp_path, block, name, when):
    """An e-mail has its own headers: a "From:/Date:" block at its top that a quote follows is the quote's."""
    path = mbox(tmp_path, [("<b@x>", "<gone@x>", "David Miller <davem@x>", "Mon, 15 Nov 2010 11:07:32 -0800",
                            block + [""] + [f"> {x}" for x in ASK] + ["", "Applied."])], name="one.mbox")
    t = parse_one(path)
    top, quoted = t.messages
    assert (top.author, top.date, top.text.strip()) == ("David Miller", datetime(2010, 11, 15, 11, 7, 32, tzinfo=PST),
                                                        "Applied.")
    assert (quoted.author, quoted.date, top.in_reply_to) == (name, when, quoted.key)
