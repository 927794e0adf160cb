"""Parse left-overs of session 11 (notes11/parse11.md classes 3 and 5, review11a's findings, the closing note's
list): who "you" is in a mail's own "On …, you wrote:" (Cc, addressees that are no mailbox, an archive whose list
headers were stripped), a quoted copy whose last word was cut, and a mail re-sent with a word changed. Each class
test failed before its mechanism; the guards pass before and after. Every input line is in exactly one place
(tests/line_accounting.py).
"""
from __future__ import annotations

import pytest

from line_accounting import parsed_accounted, problems
from threadkb.ingest import ingest
from threadkb.parse import parse

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
    ([(SENDERS[0], LIST, None), (SENDERS[1], "x@example.com", None), (SENDERS[2], "x@example.com", None)], LIST, None,
     (LIST, LIST)),
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
