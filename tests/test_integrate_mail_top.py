"""An e-mail that opens with an attribution and goes on without '>' markers (supercite 'Name>' prefixes,
plain pasted lines) keeps its own author and words: h-shapes' unmarked-quote split never leaves an archive
e-mail (h-mbox: authoritative for itself) without words of its own."""
from __future__ import annotations

import pytest

from test_mbox_authority import ASK, mbox, parse_one
from threadkb.models import is_mail

OWN = "Is that not the one in the scientific package, the one with the sparse matrix module in it?"


@pytest.mark.parametrize("opening,old", [
    ("On Tue, 6 Nov 2001 15:01:18 -1000 Ann Lee wrote:", [f"Ann> {x}" for x in ASK]),  # supercite
    ("On Tue, 6 Nov 2001 15:01:18 -1000 Ann Lee wrote:", ASK),  # no marker at all
    ("Ann Lee wrote:", [f"Ann> {x}" for x in ASK]),  # undated
])
def test_mail_opening_with_an_attribution_keeps_its_author_and_words(tmp_path, opening, old):
    mails = [("<a@x>", None, "Ann Lee <ann@x>", "Tue, 06 Nov 2001 15:01:18 -1000", ASK),
             ("<b@x>", "<a@x>", "Bob Roe <bob@x>", "Tue, 06 Nov 2001 18:57:02 +0100",
              [opening, ""] + old + ["", OWN, "", "Bob"])]
    t = parse_one(mbox(tmp_path, mails))
    mails_out = [m for m in t.messages if is_mail(m)]
    assert [m.author for m in mails_out] == ["Ann Lee", "Bob Roe"]
    assert OWN in mails_out[1].text


REPLY = "Have you considered the other receiver board, the one with the wider band and no balun?"


@pytest.mark.parametrize("attribution", [
    "On Tue, Mar 21, 2023 at 6:12 PM Ann Lee <ann@x> wrote:",
    "On Tue, 21 Mar 2023 18:12:00 +0000, Ann Lee wrote:",
    "Ann Lee <ann@x> wrote:",
])
def test_quoted_message_opening_with_an_attribution_keeps_its_words(tmp_path, attribution):
    """Outlook pastes the parent under its header block; the parent opened with its own unmarked quote: the
    parent (author from the header block) keeps its words, the grandparent is not given them."""
    body = (["Yes, as the first post said, that board cuts off the low band.", "", "From: Bob Roe <bob@x>",
             "Sent: Tuesday, March 21, 2023 3:18 PM", "To: Ann Lee <ann@x>", "Subject: Re: boards", "",
             attribution] + ASK + ["", REPLY, "", "Bob"])
    mails = [("<c@x>", None, "Ann Lee <ann@x>", "Tue, 21 Mar 2023 23:12:22 +0000", body)]
    t = parse_one(mbox(tmp_path, mails))
    bob = [m for m in t.messages if m.author == "Bob Roe"]
    assert len(bob) == 1 and REPLY in bob[0].text
