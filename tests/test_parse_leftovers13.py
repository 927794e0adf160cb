"""Parse left-overs of session 12 (notes12/parse12.md "What is left", the closing note): quoted copies whose mail
client rendered each link otherwise ("text <URL>", "text [URL]", "[text](URL)"), and a mail to a list with no list
headers whose list is known from its address alone. Each class test failed before its mechanism; the guards pass
before and after. Every input line is in exactly one place (tests/line_accounting.py).
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from line_accounting import parsed_accounted, problems
from threadkb.identity import is_list_address
from threadkb.ingest import ingest
from threadkb.models import Message, TextLine
from threadkb.parse import parse
from threadkb.parse.threading import PostText, join_copies, quotes_text, without_link_targets

# ---- 1. Link renderings. A mail client that turns an HTML mail into text writes each link's target after its text:
# Gmail and Outlook "the incident report <https://…>" (Outlook often with no blank: "report<https://…>"), Mailbird and
# some webmails "the incident report [https://…]"; a Markdown renderer "[the incident report](https://…)"; a link
# whose text is the URL itself becomes "https://… <https://…>". The original has the bare text (or another rendering),
# so the copy's words were no run of the original's: a quoted copy on a page was not joined with its post
# (``join_copies``: two messages, the claims read twice) and an unattributed quote of part of an earlier post was not
# attributed to it (``quotes_text``, ``post_quoted``). Now the words are compared with each link read as its text
# alone (``without_link_targets``, mail_subjects.json ``link_renderings``).
URL = "https://bugzilla.mozilla.org/show_bug.cgi?id=1993357"
CRT = "https://crt.sh/?id=12345678"
ORIGINAL = ("We published the incident report on the bug last night and it lists every affected certificate; "
            f"the query at {CRT} shows them all.")
RENDERED = [  # the original's text as a quoting client rendered its links
    ORIGINAL.replace("incident report", f"incident report <{URL}>"),  # Gmail
    ORIGINAL.replace("incident report", f"incident report<{URL}>"),  # Outlook
    ORIGINAL.replace("incident report", f"incident report [{URL}]"),  # Mailbird
    ORIGINAL.replace("incident report", f"[incident report]({URL})"),  # Markdown
    ORIGINAL.replace(CRT, f"{CRT} <{CRT}>"),  # a link whose text is the URL itself (Gmail)
    ORIGINAL.replace(CRT, f"{CRT}[{CRT}]"),  # the same, square brackets
    ORIGINAL.replace(CRT, f"[{CRT}]({CRT})"),  # the same, Markdown
    ORIGINAL.replace("incident report", f"incident report\n<{URL}>"),  # the target wrapped onto the next line
]


@pytest.mark.parametrize("text", RENDERED, ids=range(len(RENDERED)))
def test_a_rendered_link_reads_as_its_text(text):
    assert " ".join(without_link_targets(text).split()) == ORIGINAL


@pytest.mark.parametrize("text,expected", [
    (f"see <{URL}>", "see"),  # a target in brackets is dropped wherever it stands (both sides alike)
    ("write to bw@example.com<mailto:bw@example.com>.", "write to bw@example.com."),  # Outlook's mailto
    ("the [1] footnote and <b>bold</b> and [not a link](page.html)", None),  # no link target: as it is
    ("<https://x.example/a b>", None),  # a blank inside: no target
    (" " * 5000 + "<ftp", None),  # hostile: linear
])
def test_what_is_and_is_not_a_rendered_target(text, expected):
    assert without_link_targets(text) == (text if expected is None else expected)


def _page_post(key: str, text: str, depth: int = 0, origin: str = "page") -> Message:
    return Message(key=key, source="s", author="Alice Example", depth=depth, origin=origin,
                   lines=[TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))])


@pytest.mark.parametrize("copy", RENDERED, ids=range(len(RENDERED)))
def test_join_copies_joins_a_copy_whose_links_were_rendered_otherwise(copy):
    post = _page_post("alice", ORIGINAL)
    quoted = _page_post("alice-copy", copy, depth=1, origin="attribution:en")
    (out,) = join_copies([post, quoted])
    assert out.key == "alice" and out.copies == ["alice-copy"]
    # and the other way round: the post wrote the targets, the copy shows the bare text
    (out,) = join_copies([_page_post("alice", copy), _page_post("alice-copy", ORIGINAL, depth=1, origin="attribution:en")])
    assert out.copies == ["alice-copy"]


def test_join_copies_keeps_a_copy_with_other_words_apart():  # guard
    post = _page_post("alice", ORIGINAL)
    quoted = _page_post("alice-copy", RENDERED[0].replace("every affected", "no affected"), depth=1,
                        origin="attribution:en")
    assert [m.key for m in join_copies([post, quoted])] == ["alice", "alice-copy"]


@pytest.mark.parametrize("copy", RENDERED, ids=range(len(RENDERED)))
def test_a_block_with_rendered_links_quotes_the_post(copy):
    assert quotes_text(copy.split("\n"), PostText(ORIGINAL))
    assert not quotes_text(copy.replace("every affected", "no affected").split("\n"), PostText(ORIGINAL))  # guard


def _mbox(*mails: str) -> str:
    return "".join(f"From x Fri Jul 23 00:00:00 2010\n{m}\n" for m in mails)


def _mail(sender: str, mid: str, when: str, body: str, reply: str | None = None) -> str:
    return (f"From: {sender}\nTo: dev-security-policy@mozilla.org\nDate: Mon, 22 Jan 2024 {when}:00 +0000\n"
            f"Subject: {'Re: ' if reply else ''}Incident\nMessage-ID: <{mid}@example.com>\n"
            + (f"In-Reply-To: <{reply}@example.com>\n" if reply else "") + f"\n{body}\n")


@pytest.mark.parametrize("quoted", [*RENDERED[:7], ORIGINAL], ids=range(8))
def test_an_unattributed_quote_with_rendered_links_is_attributed_to_its_post(tmp_path, quoted):
    """Bob answers Carol's mail but quotes (no attribution) a sentence of Alice's earlier mail, its links rendered
    by his client: the quote is Alice's (before: an anonymous partial message; the last row, the same words, is the
    guard)."""
    text = _mbox(_mail("Alice Example <alice@example.com>", "a1", "10:00", ORIGINAL),
                 _mail("Carol Chen <carol@example.com>", "c1", "11:00",
                       "I have a different question about the timeline of the revocation.", "a1"),
                 _mail("Bob Builder <bob@example.com>", "b1", "12:00",
                       f"Carol, to your question:\n\n> {quoted}\n\nThat list is not complete yet.", "c1"))
    path = tmp_path / "t.mbox"
    path.write_text(text, "utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    assert problems(src, thread) == []
    alice, carol, bob = thread.messages
    assert [q.message for q in bob.quotes] == [alice.key]
    assert (bob.author, bob.in_reply_to) == ("Bob Builder", carol.key)


# ---- 2. A standalone mail to a list with no list headers (a mail saved from a folder, forwarded as an attachment,
# re-exported without List-Id/List-Post): no header and no archive says which addressee is the list, so the list's
# address was "you" in the mail's own "In message <…> you wrote:" (the quoted writer was the list). Now an address that
# is a list's by its domain or shape (email_domains.json ``lists`` and ``list_shapes``; ``identity.is_list_address``,
# one rule also used by the store's people) is the list: ingest adds it to ``MailHeaders.lists``.
LIST_ADDRESSES = [  # address, a list's
    ("dev-security-policy@lists.mozilla.org", True),
    ("dev-security-policy@mozilla.org", True),  # Mozilla's lists under mozilla.org (Google Groups)
    ("mozilla.dev.security.policy@googlegroups.com", True),
    ("public@cabforum.org", True), ("servercert-wg@cabforum.org", True), ("questions@lists.cabforum.org", True),
    ("usrp-users@lists.ettus.com", True), ("linux-kernel@vger.kernel.org", True),
    ("3GPP_TSG_SA_WG2_MTCE@LIST.ETSI.ORG", True), ("numpy-discussion@mailman.scipy.org", True),
    ("pkix@listserv.example.edu", True), ("numpy-discussion-request@scipy.org", True),
    ("dev-security-policy-bounces+ben=example.com@lists.example.org", True), ("mailman-bounce@python.org", True),
    ("owner-ietf-pkix@mail.imc.org", True), ("usrp-users-leave@lists.ettus.com", True), ("cabf@groups.io", True),
    # guards: people, also at a list organisation's domain or with a hyphen
    ("bwilson@mozilla.com", False), ("ben@mozilla.org", False), ("dev.random@mozilla.org", False),
    ("ab@idt.com", False), ("sys-admin@corp.example", False), ("jean-request@example.fr", True),
    ("chair@cabforum.org", False), ("listman@example.org", False), ("ann@list-example.org", False),
    (None, False), ("no-at-sign", False),
]


@pytest.mark.parametrize("address,listed", LIST_ADDRESSES, ids=range(len(LIST_ADDRESSES)))
def test_a_list_is_known_by_its_address(address, listed):
    assert is_list_address(address) is listed


QUOTED = "We should keep the maintenance routines in the core."
OWN = "I agree with that."
NMH = "In message <0CE8B6BE3C4AD74AB97D9D29BD24E55201096BEB@CORPEXCH1.na.ads.idt.com> you wrote:"


def _reply(to: str | None, cc: str | None = None) -> str:
    """A mail whose parent is not in the input, quoting it under a "you wrote:" line, with no list header."""
    return ("From: Matt Porter <mporter@example.com>\n" + (f"To: {to}\n" if to is not None else "")
            + (f"Cc: {cc}\n" if cc is not None else "") + "Date: Fri, 23 Jul 2010 10:00:00 -0700\n"
            "Subject: Re: maintenance routines\nMessage-ID: <b@example.com>\nIn-Reply-To: <gone-b@example.com>\n\n"
            f"{NMH}\n> {QUOTED}\n\n{OWN}\n")


STANDALONE = [  # To, Cc, the quoted writer (author, e-mail)
    ("dev-security-policy@mozilla.org", None, (None, None)),  # the list alone: nobody known
    ("mozilla.dev.security.policy@googlegroups.com", None, (None, None)),
    ("public@lists.cabforum.org", None, (None, None)),
    ("linux-kernel@vger.kernel.org", None, (None, None)),
    ("Linux Kernel <linux-kernel@vger.kernel.org>", "Alexandre Bounine <ab@idt.com>",
     ("Alexandre Bounine", "ab@idt.com")),  # the list To, the writer Cc: Cc decides
    ("public@cabforum.org, Alexandre Bounine <ab@idt.com>", None, ("Alexandre Bounine", "ab@idt.com")),  # beside him
    # guards: a person To (before and after), a list unknown by its address (the documented limit: still "you")
    ("Alexandre Bounine <ab@idt.com>", "dev-security-policy@mozilla.org", ("Alexandre Bounine", "ab@idt.com")),
    ("notmuch@notmuchmail.org", None, ("notmuch@notmuchmail.org", "notmuch@notmuchmail.org")),
]


@pytest.mark.parametrize("to,cc,writer", STANDALONE, ids=range(len(STANDALONE)))
def test_a_standalone_mail_to_a_known_list_does_not_take_the_list_for_you(tmp_path, to, cc, writer):
    top, quoted = parsed_accounted(tmp_path, _reply(to, cc), "reply.eml").messages
    assert (top.author, top.in_reply_to, quoted.text) == ("Matt Porter", quoted.key, QUOTED)
    assert (quoted.author, quoted.email) == writer


def test_ingest_names_the_known_list_among_the_mails_lists(tmp_path):
    path = tmp_path / "reply.eml"
    path.write_text(_reply("Linux Kernel <Linux-Kernel@VGER.kernel.org>", "Alexandre Bounine <ab@idt.com>"), "utf-8")
    (src,) = ingest(str(path))
    assert src.mail[0].lists == ["linux-kernel@vger.kernel.org"]
    assert src.mail[0].date == datetime(2010, 7, 23, 17, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- cost of a long address header
# A To/Cc header of thousands of list-shaped addresses (each one becomes one of the mail's list addresses): each
# membership test looked through the whole list of list addresses (pages._addressee, ingest.mail._headers), so the
# work grew as addresses x list addresses (20,000 addresses: 1.9 s in _addressee alone). Counted, not timed: the
# elements a membership test or a pass over ``MailHeaders.lists`` reads.


class _Counted(list):
    """A list that counts the elements its membership tests and passes read."""

    read = 0

    def __contains__(self, x) -> bool:
        _Counted.read += len(self)
        return super().__contains__(x)

    def __iter__(self):
        _Counted.read += len(self)
        return super().__iter__()


@pytest.mark.parametrize("n", [100, 1000, 4000])
def test_the_addressee_reads_the_list_addresses_a_bounded_number_of_times(n):
    from threadkb.models import MailHeaders
    from threadkb.parse.pages import _addressee

    to = [(f"P{i}", f"p{i}-request@example.com") for i in range(n)] + [("Ann", "ann@example.org")]
    h = MailHeaders(from_address="bo@example.com", to=to, lists=_Counted(a for _, a in to[:-1]))
    _Counted.read = 0
    assert _addressee(h) == ("Ann", "ann@example.org")
    assert _Counted.read <= 2 * n


@pytest.mark.parametrize("n", [100, 1000, 4000])
def test_a_mails_list_addresses_from_its_to_are_read_in_linear_work(monkeypatch, n):
    from threadkb.ingest import mail

    listed = [f"l{i}@lists.example.org" for i in range(n)]
    monkeypatch.setattr(mail, "_list_addresses", lambda *a: _Counted(listed))
    to = ", ".join([*(f"P{i} <p{i}-request@example.com>" for i in range(n)), *listed[: n // 2]])
    raw = (f"From: Bo <bo@example.com>\nTo: {to}\nDate: Mon, 22 Jan 2024 10:00:00 +0000\nSubject: x\n"
           "Message-ID: <c@example.com>\n\nWe will revoke the certificates.\n").encode()
    _Counted.read = 0
    m = mail.read_mail_bytes(raw, mail_parser=False)
    assert list(m.headers.lists) == listed + [f"p{i}-request@example.com" for i in range(n)]
    assert _Counted.read <= 4 * n
