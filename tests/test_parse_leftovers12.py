"""Parse left-overs of session 11 (notes11/parse11.md classes 3 and 5, review11a's findings, the closing note's
list): who "you" is in a mail's own "On …, you wrote:" (Cc, addressees that are no mailbox, an archive whose list
headers were stripped), a quoted copy whose last word was cut, and a mail re-sent with a word changed. Each class
test failed before its mechanism; the guards pass before and after. Every input line is in exactly one place
(tests/line_accounting.py).
"""
from __future__ import annotations

import pytest

from line_accounting import parsed_accounted, problems
from threadkb.ingest import ingest, mail
from threadkb.models import MailHeaders
from threadkb.parse import parse
from threadkb.parse.threading import PostText

QUOTED = "We should keep the maintenance routines in the core."
OWN = "I agree with that."
NMH = "In message <0CE8B6BE3C4AD74AB97D9D29BD24E55201096BEB@CORPEXCH1.na.ads.idt.com> you wrote:"
LKML = "List-Id: <linux-kernel.vger.kernel.org>\n"
DSP = "List-Post: <mailto:dev-security-policy@mozilla.org>\n"
AB = "Alexandre Bounine <ab@idt.com>"
BW = "Ben Wilson <bw@example.com>"


def _own(m) -> str:
    return " / ".join(t.text.strip() for t in m.lines if t.text.strip())


def _reply(to: str | None, cc: str | None = None, extra: str = "", attribution: str = NMH,
           sender: str = "Matt Porter <mporter@example.com>", mid: str = "b", subject: str = "maintenance routines",
           when: str = "Fri, 23 Jul 2010 10:00:00 -0700") -> str:
    """A mail whose parent is not in the input, quoting it under a "you wrote:" line."""
    return (f"From: {sender}\n" + (f"To: {to}\n" if to is not None else "") + (f"Cc: {cc}\n" if cc is not None else "")
            + f"Date: {when}\n{extra}Subject: Re: {subject}\nMessage-ID: <{mid}@example.com>\n"
            f"In-Reply-To: <gone-{mid}@example.com>\n\n{attribution}\n> {QUOTED}\n\n{OWN}\n")


def _quoted_writer(tmp_path, text: str) -> tuple[str | None, str | None]:
    top, quoted = parsed_accounted(tmp_path, text, "reply.eml").messages
    assert (top.author, _own(top), top.in_reply_to, _own(quoted)) == ("Matt Porter", OWN, quoted.key, QUOTED)
    return quoted.author, quoted.email


# ---- 1. Cc. Before, ingest kept To only, so a reply addressed to the list that copies the person it answers (a
# reply-all where the list's Reply-To took the To, or "undisclosed-recipients:;") left the quoted writer unknown.
# Rule (``pages._addressee``): the people of a header are its addressees that are neither the list nor the sender;
# To decides when it names anybody else (its one person, if that one has a mailbox; several: nobody); only when To
# names nobody else does Cc decide by the same rule. A To person is never overruled by Cc (mutt, Gmail and Outlook
# address a reply To the writer answered and Cc the rest). The list beside the one To person no longer counts as a
# second person (parse11's row "two addressees" left the writer unknown there).
CC = [  # To, Cc, other headers, the quoted writer (author, e-mail)
    ("dev-security-policy@mozilla.org", AB, DSP, ("Alexandre Bounine", "ab@idt.com")),  # the list To, the writer Cc
    ("linux-kernel@vger.kernel.org", "ab@idt.com", LKML, ("ab@idt.com", "ab@idt.com")),
    (None, AB, "", ("Alexandre Bounine", "ab@idt.com")),  # no To
    ("undisclosed-recipients:;", AB, "", ("Alexandre Bounine", "ab@idt.com")),  # an empty group
    ("Matt Porter <mporter@example.com>", AB, "", ("Alexandre Bounine", "ab@idt.com")),  # To only the sender
    (f"{AB}, linux-kernel@vger.kernel.org", None, LKML, ("Alexandre Bounine", "ab@idt.com")),  # the list beside him
    (f"linux-kernel@vger.kernel.org, {AB}", BW, LKML, ("Alexandre Bounine", "ab@idt.com")),  # To decides, not Cc
    # guards: they pass before and after
    (AB, BW, "", ("Alexandre Bounine", "ab@idt.com")),  # the To person; Cc does not change him
    ("dev-security-policy@mozilla.org", f"{AB}, {BW}", DSP, (None, None)),  # two people in Cc: nobody
    ("dev-security-policy@mozilla.org", "dev-security-policy@mozilla.org, mporter@example.com", DSP, (None, None)),
    (f"{AB}, {BW}", "linux-kernel@vger.kernel.org", LKML, (None, None)),  # two people in To
    ("Alexandre Bounine", BW, "", (None, None)),  # To names somebody with no mailbox: Cc does not decide
]


@pytest.mark.parametrize("to,cc,extra,writer", CC, ids=range(len(CC)))
def test_you_wrote_reads_cc_when_to_names_nobody_else(tmp_path, to, cc, extra, writer):
    assert _quoted_writer(tmp_path, _reply(to, cc, extra)) == writer


# ---- 2. An addressee that is no mailbox. Before, whatever the address parser returned as an address was "you":
# "postmaster", the first word of a display name written alone ("To: Alexandre Bounine" gave "Alexandre"), an
# unreadable encoded word, an unterminated quote, a 300-character word. Now ingest keeps only a mailbox (one "@"
# between a local part and a domain, no blanks, quotes or brackets, at most 254 characters) as an address, the rest
# as a name with no address, and a To person with no mailbox is nobody.
NO_MAILBOX = [  # To, the quoted writer
    ("postmaster", (None, None)),
    ("Alexandre Bounine", (None, None)),
    ("=?utf-8?q?broken", (None, None)),
    ('"unterminated <ab@idt.com>', (None, None)),
    ("Bob <bob>", (None, None)),
    ("@idt.com", (None, None)),
    ("x" * 300 + "@example.com", (None, None)),
    # guards: a mailbox, alone or as a group's one member, is still the writer; an empty group names nobody
    ("ab@idt.com", ("ab@idt.com", "ab@idt.com")),
    (f"RapidIO maintainers: {AB};", ("Alexandre Bounine", "ab@idt.com")),
    ("RapidIO maintainers: ab@idt.com, bw@example.com;", (None, None)),
    ("undisclosed-recipients:;", (None, None)),
]


@pytest.mark.parametrize("to,writer", NO_MAILBOX, ids=range(len(NO_MAILBOX)))
def test_an_addressee_with_no_mailbox_is_not_you(tmp_path, to, writer):
    assert _quoted_writer(tmp_path, _reply(to)) == writer


@pytest.mark.parametrize("header,to", [
    ("To: postmaster\nCc: Ben Wilson <bw@example.com>", ([("postmaster", None)], [("Ben Wilson", "bw@example.com")])),
    ("To: Alexandre Bounine\nCc: a@x.com, undisclosed-recipients:;", ([("Alexandre", None)], [(None, "a@x.com")])),
    ('To: "unterminated <a@b.c>', ([("unterminated <a@b.c>", None)], [])),
    ("To: a@x.com\nCc: " + "(" * 5000 + "a@b.c", ([(None, "a@x.com")], [])),  # nested too deep: nothing, a warning
])
def test_ingest_keeps_to_and_cc_mailboxes_as_addresses(tmp_path, header, to):
    path = tmp_path / "m.eml"
    path.write_text(f"From: a@b.c\n{header}\nSubject: x\n\nHello.\n", encoding="utf-8")
    (src,) = ingest(str(path))
    assert (src.mail[0].to, src.mail[0].cc) == to
    assert [w for w in src.warnings if "nested too deep" in w] == (
        ["Cc header nested too deep to read (5005 characters): no address kept"] if "((" in header else [])


# ---- 3. An archive whose list headers were stripped (a saved folder, a re-exported archive): before, an mbox mail
# addressed to the list alone took the list's address for the "you wrote:" writer. Now the first pass of an mbox
# counts the addresses To/Cc name (``ingest.mail.ArchiveLists``): one that over half the mails name, written to by
# three senders or more, is the archive's list, added to every mail's ``MailHeaders.lists``.
def _mbox(*mails: str) -> str:
    return "".join(f"From x Fri Jul 23 00:00:00 2010\n{m}\n" for m in mails)


LIST = "dev-security-policy@mozilla.org"
TALK = "talk@example.org"  # a list address no rule knows by its shape or domain
SENDERS = ["Ben Wilson <bw@example.com>", "Ryan Sleevi <rs@example.com>", "Aaron Gable <ag@example.com>",
           "Tim Hollebeek <th@example.com>"]


def _post(sender: str, to: str, n: int, cc: str | None = None) -> str:
    return (f"From: {sender}\nTo: {to}\n" + (f"Cc: {cc}\n" if cc else "")
            + f"Date: Thu, 22 Jul 2010 1{n}:00:00 -0700\nSubject: Topic {n}\nMessage-ID: <p{n}@example.com>\n\n"
            f"Posting number {n} of the archive, with its own words.\n")


ARCHIVE = [  # the mbox's other posts (sender, To, Cc), the reply's To and Cc, the quoted writer
    ([(s, LIST, None) for s in SENDERS[:3]], LIST, None, (None, None)),  # the list To of every mail
    ([(s, "other@example.com", LIST) for s in SENDERS[:3]], LIST, None, (None, None)),  # the list Cc of most
    ([(s, LIST, None) for s in SENDERS[:3]], LIST, AB, ("Alexandre Bounine", "ab@idt.com")),  # the writer copied
    # guards: a person every mail goes to is a person when fewer than three senders write to him (Ben Wilson and
    # the reply's sender); a list that no more than half the mails name is not inferred (two of four)
    ([(SENDERS[0], AB, None), (SENDERS[0], AB, None), (SENDERS[0], AB, None)], AB, None,
     ("Alexandre Bounine", "ab@idt.com")),
    # (that row's list is one no address rule knows: since parse13 dev-security-policy@mozilla.org is a list by its
    # address, identity.is_list_address, so the archive count is not what decides for it)
    ([(SENDERS[0], TALK, None), (SENDERS[1], "x@example.com", None), (SENDERS[2], "x@example.com", None)], TALK, None,
     (TALK, TALK)),
]


@pytest.mark.parametrize("posts,to,cc,writer", ARCHIVE, ids=range(len(ARCHIVE)))
def test_the_archive_list_is_the_address_most_mails_go_to(tmp_path, posts, to, cc, writer):
    path = tmp_path / "archive.mbox"
    path.write_text(_mbox(*(_post(s, t, n, c) for n, (s, t, c) in enumerate(posts)), _reply(to, cc)), encoding="utf-8")
    sources = ingest(str(path))
    threads = [parse(src) for src in sources]
    assert [problems(src, t) for src, t in zip(sources, threads, strict=True)] == [[]] * len(sources)
    top, quoted = threads[-1].messages
    assert (top.author, _own(top), _own(quoted)) == ("Matt Porter", OWN, QUOTED)
    assert (quoted.author, quoted.email) == writer


# ---- 4a. A quoted copy whose client cut a word: a reply whose quote lost its markers ("On …, Alice wrote:" then
# Alice's post as plain text, then the reply) is ended after the lines that copy a post read before
# (``threading.copied_lead``). Before, a line of the copy whose long word (a URL) the quoting client clipped at the
# line's width, or wrapped onto the next line, was no copy: the run stopped there, no rule ended the quote, and the
# reply's own words stayed inside it (the attribution, the copy and the reply all read as the replier's text). Now a
# line may end with the start of the post's next word, or open with the end of the word before
# (``PostText.has_cut``), when that cut piece has ``cut_word_min_chars`` (4) characters or more.
URL = "https://crt.sh/?q=example.com&exclude=expired&deduplicate=Y&match=ILIKE&group=none&sort=notBefore"
ALICE = ["We found the misissued certificates with this query:", "", URL, "",
         "They will be revoked within five days of the report, as the policy requires."]
BOB = "Five days is too long for this many certificates."


def _lost_marker_reply(copy: list[str]) -> str:
    return _mbox(
        "From: Alice Example <alice@example.com>\nTo: dev-security-policy@mozilla.org\nDate: Mon, 22 Jan 2024 "
        "10:00:00 +0000\nSubject: Misissued certificates\nMessage-ID: <a1@example.com>\n\n" + "\n".join(ALICE) + "\n",
        "From: Bob Builder <bob@example.com>\nTo: dev-security-policy@mozilla.org\nDate: Mon, 22 Jan 2024 12:00:00 "
        "+0000\nSubject: Re: Misissued certificates\nMessage-ID: <b1@example.com>\n\nOn Mon, 22 Jan 2024 at 10:00, "
        "Alice Example <alice@example.com> wrote:\n" + "\n".join(copy) + f"\n\n{BOB}\n")


CUT_COPIES = [  # the copy's lines under the attribution
    [ALICE[0], "", URL[:50], "", ALICE[4]],  # the URL clipped inside "deduplicate"
    [ALICE[0], "", URL[:50], URL[50:], "", ALICE[4]],  # the URL wrapped there onto the next line
    [ALICE[0], "", URL[:URL.index("notBefore") + 4], URL[URL.index("notBefore") + 4:], "", ALICE[4]],  # wrapped
    # inside the URL's last word, a piece of 4 characters or more each side ("notB" / "efore")
    [ALICE[0], "", URL[:50], "", ALICE[4][:60]],  # the URL and the last sentence clipped ("the rep")
    ALICE,  # guard: the copy whole
]


@pytest.mark.parametrize("copy", CUT_COPIES, ids=range(len(CUT_COPIES)))
def test_a_quoted_copy_with_a_cut_word_still_ends_the_lost_marker_quote(tmp_path, copy):
    path = tmp_path / "cut.mbox"
    path.write_text(_lost_marker_reply(copy), encoding="utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    assert problems(src, thread) == []
    assert [(m.author, _own(m)) for m in thread.messages] == [
        ("Alice Example", " / ".join(t for t in ALICE if t)), ("Bob Builder", BOB)]


POST = PostText("We found the misissued certificates with this query: " + URL)
HAS_CUT = [  # a line's words, whether they copy the post (exact or with a cut first/last word)
    ("with this query", True),
    ("exclude expired dedu", True),  # the last word's start, 4 characters
    ("exclude expired ded", False),  # 3 characters: too short to tell a cut from another word
    ("plicate y match ilike", True),  # the first word's end
    ("icate y match il", False),  # the last piece too short
    ("plicate y match ilik", True),  # both cut
    ("exclude expired duplicate", False),  # no word of the post starts so after "expired"
    ("with that query", False),  # a word in the middle differs
    ("dedu", False),  # one word alone is no run
]


@pytest.mark.parametrize("line,copies", HAS_CUT, ids=range(len(HAS_CUT)))
def test_a_line_with_a_cut_word_copies_the_post(line, copies):
    assert POST.has_cut(line.split()) is copies


# ---- 4b. A mail in the input twice under one Message-ID with a word changed (an archive or a transport rewrote a
# word, the same mail archived by two lists): before, the two readings were two messages (``_same_mail`` wanted the
# same words) and the claims of the one mail were read twice. Now the readings of one Message-ID and author whose
# words differ in one stretch of at most ``resend_max_changed_words`` (3) words on each side, with ``min_copy_words``
# (8) the same around it, are one mail: the fuller reading is kept (the module's rule for copies), the other's
# own lines are its ``duplicate_lines``, with a warning. A mail re-sent under a new Message-ID with a word changed
# (a correction) is another mail: both stay, and a reply answers the one its headers name.
PROPOSAL = ("We propose that CAs revoke misissued certificates within five days of the report.\n"
            "Comments are welcome until the end of the month.")


def _ben(mid: str, when: str, body: str, sender: str = "Ben Wilson <bw@example.com>") -> str:
    return (f"From: {sender}\nTo: {LIST}\nDate: Mon, 22 Jan 2024 {when} +0000\nSubject: Revocation timelines\n"
            f"Message-ID: <{mid}@example.com>\n\n{body}\n")


def _words(text: str) -> str:
    return " / ".join(t for t in text.split("\n") if t)


CHANGED = PROPOSAL.replace("five", "seven")
ONE_ID = [  # the second reading's text and sender, the messages (author, own text), duplicate lines, warnings
    (CHANGED, None, [("Ben Wilson", _words(CHANGED))], 2, 1),  # one word changed: the fuller reading kept
    (PROPOSAL.replace("five", "5 calendar"), None, [("Ben Wilson", _words(PROPOSAL.replace("five", "5 calendar")))],
     2, 1),
    (PROPOSAL.replace("the report", "the report (see https://example.com/r)"), None,
     [("Ben Wilson", _words(PROPOSAL.replace("the report", "the report (see https://example.com/r)")))], 2, 1),
    # guards: a stretch of more than 3 words, two stretches, another sender: two messages as before
    (PROPOSAL.replace("within five days of the report", "at once"), None,
     [("Ben Wilson", _words(PROPOSAL)), ("Ben Wilson", _words(PROPOSAL.replace("within five days of the report",
                                                                               "at once")))], 0, 0),
    (PROPOSAL.replace("five", "seven").replace("end", "middle"), None,
     [("Ben Wilson", _words(PROPOSAL)), ("Ben Wilson", _words(PROPOSAL.replace("five", "seven")
                                                              .replace("end", "middle")))], 0, 0),
    (CHANGED, "Ryan Sleevi <rs@example.com>", [("Ben Wilson", _words(PROPOSAL)), ("Ryan Sleevi", _words(CHANGED))],
     0, 0),
]


@pytest.mark.parametrize("second,sender,messages,dup_lines,warned", ONE_ID, ids=range(len(ONE_ID)))
def test_one_message_id_with_a_word_changed_is_one_mail(tmp_path, second, sender, messages, dup_lines, warned):
    path = tmp_path / "twice.mbox"
    path.write_text(_mbox(_ben("m1", "10:00:00", PROPOSAL),
                          _ben("m1", "10:00:00", second, *([sender] if sender else []))), encoding="utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    assert problems(src, thread) == []
    assert [(m.author, _own(m)) for m in thread.messages] == messages
    assert sum(len(m.duplicate_lines) for m in thread.messages) == dup_lines
    assert len([w for w in thread.warnings if "a second copy of message" in w]) == warned


def test_a_mail_re_sent_under_a_new_message_id_is_another_mail(tmp_path):
    # guard: passes before and after (two Message-IDs are two mails; the reply answers the re-sent one)
    reply = ("From: Ryan Sleevi <rs@example.com>\nTo: dev-security-policy@mozilla.org\nDate: Mon, 22 Jan 2024 "
             "11:00:00 +0000\nSubject: Re: Revocation timelines\nMessage-ID: <r1@example.com>\n"
             "In-Reply-To: <m2@example.com>\n\nSeven days is too long.\n\nOn Mon, 22 Jan 2024, Ben Wilson wrote:\n> "
             + CHANGED.replace("\n", "\n> ") + "\n")
    path = tmp_path / "resent.mbox"
    path.write_text(_mbox(_ben("m1", "10:00:00", PROPOSAL), _ben("m2", "10:07:00", CHANGED), reply), encoding="utf-8")
    sources = ingest(str(path))
    threads = [parse(src) for src in sources]
    assert [problems(src, t) for src, t in zip(sources, threads, strict=True)] == [[], []]
    assert [[(m.author, _own(m), m.in_reply_to) for m in t.messages] for t in threads] == [
        [("Ben Wilson", _words(PROPOSAL), None)],
        [("Ben Wilson", _words(CHANGED), None),
         ("Ryan Sleevi", "Seven days is too long.", threads[1].messages[0].key)]]


@pytest.mark.parametrize("line,copies", [
    ("several questions after thinking about it", False),  # the post's "_several" is emphasis, not a cut word
    ("questions after thinking about", True),  # the words inside the emphasis still copy it
])
def test_emphasis_marks_are_no_cut_word(line, copies):
    # real text: the usrp-users archive (March 2023) renders a Gmail mail's italics as "_Several … it_"; its
    # quoted copy ("*Several questions after thinking about it:*") is no copy of that line
    post = PostText("Hey, Thanks a lot. _Several questions after thinking about it:_ 1. Do you mean R&D of Ettus or "
                    "GNURadio?")
    assert post.has_cut(line.split()) is copies


def test_the_archive_list_count_keeps_bounded_memory(monkeypatch):
    # a hostile archive naming new addresses in every mail: a mail's first 16 distinct addresses are counted, and
    # at most ARCHIVE_LIST_TABLE addresses in all; the list every mail names first is still found. Failed before
    # (every address of every mail was counted: 30 mails of 20 new addresses gave 601 entries)
    monkeypatch.setattr(mail, "ARCHIVE_LIST_TABLE", 100)
    lists = mail.ArchiveLists()
    for n in range(30):
        lists.add(MailHeaders(from_address=f"s{n}@example.com", to=[(None, LIST)],
                              cc=[(None, f"p{n}-{k}@example.com") for k in range(20)]))
    assert (len(lists.named), lists.named[LIST], lists.found()) == (100, 30, (LIST,))
    assert sum(1 for a in lists.named if a.startswith("p0-")) == 15  # the list and 15 of the first mail's 20


# ---- 3b. The original poster is no list (review12a, finding 6): in a thread whose replies go "To: Bob, Cc: the
# list", Bob is named in over half the mails by three senders or more, but always beside the list. An address named
# only ever together with one named as often or more is no list of its own; named in exactly the same mails,
# neither is taken (the To person stays "you"). Rows: (mails as (sender, To, Cc) addresses, lists found).
OP = "bob@ca.example"
SUB = "sub-list@lists.example.org"
R = ["alice@a.example", "carol@c.example", "dave@d.example", "erin@e.example"]


@pytest.mark.parametrize("mails,found", [
    # replies to an absent original poster, To: Bob, Cc: the list: named in the same mails, neither is a list
    ([(s, [OP], [LIST]) for s in R[:3]], ()),
    # the same with Bob's post to the list in the archive: the list is named in one mail more
    ([(OP, [LIST], [])] + [(s, [OP], [LIST]) for s in R[:3]], (LIST,)),
    # lkml's shape: "To: a maintainer, Cc: the list", never the list alone: the list, no maintainer
    ([(s, [R[(i + 1) % 4]], [LIST]) for i, s in enumerate(R)], (LIST,)),
    # a sub-list always cross-posted with the main list, named less: the main list only
    ([(s, [LIST], [SUB]) for s in R[:3]] + [(R[3], [LIST], [])], (LIST,)),
    # two lists named apart too: both
    ([(s, [LIST], [SUB]) for s in R[:3]] + [(R[3], [LIST], []), (R[0], [SUB], [])], (LIST, SUB)),
    # the list named in every mail, Bob in some with it: the list only
    ([(s, [OP], [LIST]) for s in R[:3]] + [(s, [LIST], []) for s in R], (LIST,)),
])
def test_an_address_always_beside_a_more_named_one_is_no_list(mails, found):
    lists = mail.ArchiveLists()
    for sender, to, cc in mails:
        lists.add(MailHeaders(from_address=sender, to=[(None, a) for a in to], cc=[(None, a) for a in cc]))
    assert lists.found() == found


def test_replies_to_an_absent_original_poster_keep_their_writer(tmp_path):
    # end to end (review12a's reproducer): "On …, you wrote:" in replies "To: Bob, Cc: the list" quote Bob; before,
    # Bob was taken for a list too and the quoted writer was lost (in_reply_to a message of no author)
    p = tmp_path / "a.mbox"
    p.write_text(_mbox(*(
        f"From: {s}\nTo: Bob <{OP}>\nCc: {LIST}\nSubject: Re: Incident report\nMessage-ID: <m{n}@x>\n"
        f"In-Reply-To: <m0@x>\nDate: Mon, 1 Jan 2024 1{n}:00:00 +0000\n\n"
        f"On Mon, 1 Jan 2024 at 10:00, you wrote:\n> We had an incident. When should we file the report?\n\n"
        f"File it within 24 hours, point {n}.\n" for n, s in enumerate(R[:3], 1))))
    found = []
    for src in ingest(str(p)):
        thread = parse(src)
        assert problems(src, thread) == []
        found += [(m.author, m.in_reply_to) for m in thread.messages]
    assert found == [pair for a in ("alice", "carol", "dave")  # each reply, then the quoted post it answers
                     for pair in ((f"{a}@{a[0]}.example", "bob-20240101-1000"), ("Bob", None))]


# ---- Session 15: a quote that lost its markers, copied by a client that rendered the post's links otherwise. The
# original (an HTML mail read as text) shows a link as its text; the copy adds its target after it in angle or round
# brackets, a footnote mark "[1]" with the footnote's line "[1] https://…" below, or Google Groups' "[url]". Before,
# ``copied_lead`` compared such a line as written: the copy was no copy, the run stopped at it, and the attribution,
# the copy and the reply all read as the replier's text. Now a line that renders a link is compared with each link
# read as its text, in the post too (``PostText.has_rendered``); a line that renders none is compared as written.
LINKED = ["We published the incident report{} for the misissued certificates today.", "",
          "The revocation of all of them will be finished within five days of the report."]
LINK = "https://example.com/incidents/2024-01/report.html"


def _linked_reply(rendering: str, footnote: bool = False) -> str:
    copy = [LINKED[0].format(rendering), *LINKED[1:]] + (["", f"[1] {LINK}"] if footnote else [])
    return _mbox(
        "From: Alice Example <alice@example.com>\nTo: dev-security-policy@mozilla.org\nDate: Mon, 22 Jan 2024 "
        "10:00:00 +0000\nSubject: Incident report\nMessage-ID: <a1@example.com>\n\n"
        + "\n".join([LINKED[0].format(""), *LINKED[1:]]) + "\n",
        "From: Bob Builder <bob@example.com>\nTo: dev-security-policy@mozilla.org\nDate: Mon, 22 Jan 2024 12:00:00 "
        "+0000\nSubject: Re: Incident report\nMessage-ID: <b1@example.com>\n\nOn Mon, 22 Jan 2024 at 10:00, "
        "Alice Example <alice@example.com> wrote:\n" + "\n".join(copy) + f"\n\n{BOB}\n")


@pytest.mark.parametrize("rendering,footnote", [
    (f" <{LINK}>", False),  # Gmail, Outlook (fails before)
    (f"<{LINK}>", False),  # glued (fails before)
    (f" ({LINK})", False),  # round brackets (fails before)
    (" [1]", True),  # a footnote mark and the footnote's line (fails before)
    ("[1]", True),  # glued mark (fails before)
    (" [url]", False),  # Google Groups' placeholder (fails before)
    ("", False),  # guard: the link as its text, as the original
])
def test_a_lost_marker_quote_whose_client_rendered_the_links_still_ends_where_the_copy_does(tmp_path, rendering,
                                                                                            footnote):
    path = tmp_path / "linked.mbox"
    path.write_text(_linked_reply(rendering, footnote), encoding="utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    assert problems(src, thread) == []
    assert [(m.author, _own(m)) for m in thread.messages] == [
        ("Alice Example", " / ".join(t.format("") for t in LINKED if t)), ("Bob Builder", BOB)]


RENDERED = [  # a line of a copy, whether it is a run of the post's words with its links read as their text
    (f"the incident report <{LINK}> for the misissued", True),
    (f"the incident report ({LINK}) for the misissued", True),
    ("the incident report [1] for the misissued", True),
    ("the incident report [url] for the misissued", True),
    (f"the incident memo <{LINK}> for the misissued", False),  # another word
    ("the incident report for the misissued", False),  # renders no link: compared as written only (has)
]


@pytest.mark.parametrize("line,held", RENDERED)
def test_has_rendered(line, held):
    assert PostText(LINKED[0].format("")).has_rendered(line) is held
