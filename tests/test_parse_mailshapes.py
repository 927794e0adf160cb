"""Reply shapes of real list mail that no row read (the mbox yardstick's standalone failures, session 5):
attributions led by "At <date>," (Wanderlust/Mew/SEMI, Eudora) or by a bullet ("* Name <x@y> wrote:"), and a
header block below the reply whose message is all '>'-quoted (Outlook Express). Each class on constructed
variants in several clients and languages, and the real shape (lkml, usrp-users, numpy-discussion)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from threadkb.models import LineRole, Source
from threadkb.parse import parse


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def thread(text: str):
    return parse(Source(path="shape.txt", kind="text", lines=text.split("\n")))


def quoted(text: str):
    """(reply, the message it quotes) of a two-message thread."""
    t = thread(text)
    top = next(m for m in t.messages if m.depth == 0)
    return t, top, next(m for m in t.messages if m.key == top.in_reply_to)


REPLY = "Applied now.  Thanks.\n\n"
BODY = "> The old message's first line, quoted.\n> And its second line.\n"

AT_DATE = [  # attribution lines, rule, name, email, date
    # Wanderlust / SEMI: RFC 822 date, the name on the next line (the real lkml shape)
    (["At Sun, 14 Nov 2010 19:05:02 -0800,", "Joe Perches wrote:"], "at-date-wrote", "Joe Perches", None,
     datetime(2010, 11, 14, 19, 5, 2, tzinfo=tz(-8))),
    (["At Mon, 22 Nov 2010 07:44:21 +0100, Takashi Iwai <tiwai@suse.de> wrote:"], "at-date-wrote", "Takashi Iwai",
     "tiwai@suse.de", datetime(2010, 11, 22, 7, 44, 21, tzinfo=tz(1))),
    (["At 3 Feb 2011 09:00 JST,", "Yamada Taro wrote:"], "at-date-wrote", "Yamada Taro", None,
     datetime(2011, 2, 3, 9, 0, tzinfo=tz(9))),
    # Eudora: the time first, the numeric date after it (US order), the address as the name (usrp-users)
    (["At 08:22 AM 4/25/2023, h57jafari@gmail.com wrote:"], "at-date-wrote", "h57jafari@gmail.com",
     "h57jafari@gmail.com",
     datetime(2023, 4, 25, 8, 22)),
    (["At 10:22 PM 4/5/2001 -0600, Jim Smith <jim@example.org> wrote:"], "at-date-wrote", "Jim Smith",
     "jim@example.org", datetime(2001, 4, 5, 22, 22, tzinfo=tz(-6))),
    (["At 12:03 11/6/2001, Jane Roe writes:"], "at-date-wrote", "Jane Roe", None, datetime(2001, 11, 6, 12, 3)),
]


@pytest.mark.parametrize("lines,rule,name,email,when", AT_DATE)
def test_at_date_attributions(lines, rule, name, email, when):
    t, top, q = quoted("\n".join([REPLY.strip(), "", *lines, BODY]))
    assert (q.origin, q.author, q.email, q.date) == (f"attribution:{rule}", name, email, when)
    assert top.text.strip() == "Applied now.  Thanks."
    assert {a.index for a in t.assignments if a.rule == rule} == set(range(2, 2 + len(lines)))


@pytest.mark.parametrize("line", [
    "At the 2019 meeting, Ben wrote:",  # no date a client writes: prose
    "At 5:00, Ben wrote:",  # a time without a date
    "At last, the CA wrote:",
])
def test_at_prose_is_not_a_dated_attribution(line):
    t = thread(f"Some reply.\n\n{line}\n{BODY}")
    assert not any(m.origin == "attribution:at-date-wrote" for m in t.messages)


BULLETED = [  # attribution line, author, email, date
    # Ingo Molnar's mutt: "* %n <%a> wrote:" (the real lkml shape), no date
    ("* Henrik Kretzschmar <henne@nachtwindheim.de> wrote:", "Henrik Kretzschmar", "henne@nachtwindheim.de", None),
    ("* Jane Roe wrote:", "Jane Roe", None, None),
    ("• Jane Roe <jane@example.com> wrote:", "Jane Roe", "jane@example.com", None),
    # a bullet before a dated form and before other languages' verbs
    ("* On Mon, 10 Jun 2024 10:00:00 +0200, Jane Roe wrote:", "Jane Roe", None,
     datetime(2024, 6, 10, 10, 0, tzinfo=tz(2))),
    ("* Hans Müller <hans@example.de> schrieb:", "Hans Müller", "hans@example.de", None),
    ("* Jean Dupont a écrit :", "Jean Dupont", None, None),
    # mutt's bracketed form keeps its own row (the bullet is part of it)
    ("* Jane Roe <jane@example.com> [2024-06-10 10:00]:", "Jane Roe", "jane@example.com", datetime(2024, 6, 10, 10, 0)),
]


@pytest.mark.parametrize("line,name,email,when", BULLETED)
def test_bulleted_attributions(line, name, email, when):
    t, top, q = quoted(f"\n{line}\n\n{BODY}\nWhy not make it generic?\n\nThanks,\n\n\tIngo")
    assert (q.author, q.email, q.date) == (name, email, when)
    assert q.text.strip().startswith("The old message's first line")
    assert [a.role for a in t.assignments if a.index == 1] == [LineRole.HEADER]


def test_a_bullet_list_item_stays_text():
    t = thread("Points:\n* the CA wrote a report\n* nobody answered\n")
    assert len(t.messages) == 1 and "* the CA wrote a report" in t.messages[0].text


HEADER_THEN_QUOTE = [  # the header block's lines, author, date
    # Outlook Express (the real numpy-discussion shape): separator, fields, blank lines, then '>' lines
    (["----- Original Message -----", 'From: "R.M.Everson" <R.M.Everson at exeter.ac.uk>',
      "To: <numpy-discussion at lists.sourceforge.net>", "Sent: Tuesday, November 06, 2001 11:03 AM",
      "Subject: [Numpy-discussion] Sparse matrices", "", ""], "R.M.Everson", datetime(2001, 11, 6, 11, 3)),
    (["-----Ursprüngliche Nachricht-----", "Von: Hans Müller [mailto:hans@example.de]",
      "Gesendet: Dienstag, 6. November 2001 11:03", "An: liste@example.de", "Betreff: Frage", ""], "Hans Müller",
     datetime(2001, 11, 6, 11, 3)),
    (["De : Jean Dupont <jean@example.fr>", "Envoyé : mardi 6 novembre 2001 11:03", "À : liste@example.fr",
      "Objet : question"], "Jean Dupont", datetime(2001, 11, 6, 11, 3)),
    # no separator (Outlook 2003+ without its rule line), Spanish
    (["De: María López [mailto:maria@example.es]", "Enviado el: martes, 6 de noviembre de 2001 11:03",
      "Para: lista@example.es", "Asunto: pregunta"], "María López", datetime(2001, 11, 6, 11, 3)),
    (["From: Jane Roe [mailto:jane@example.com]",
      "Sent: Tuesday, November 06, 2001 11:03 AM", "To: list@example.com", "Subject: question", ""], "Jane Roe",
     datetime(2001, 11, 6, 11, 3)),
]


@pytest.mark.parametrize("header,name,when", HEADER_THEN_QUOTE)
def test_header_block_above_a_quote_below_the_reply(header, name, when):
    text = "\n".join(["Travis Oliphant has one.", "H.", *header, BODY, "", ""])
    t, top, q = quoted(text)
    assert (q.author, q.date) == (name, when)
    assert q.text.strip().startswith("The old message's first line")
    assert top.text.strip() == "Travis Oliphant has one."
    fields = {2 + k for k, h in enumerate(header) if h}
    assert {a.index for a in t.assignments if a.role == LineRole.HEADER} == fields


def test_header_block_above_a_quote_then_more_text_is_the_old_message():
    """The old message begins with a quote of an even older one and goes on without markers: the header
    block introduces all of it (as before), not only the '>' lines."""
    text = "\n".join(["Agreed.", "", "-----Original Message-----", "From: Jane Roe <jane@example.com>",
                      "Sent: Tuesday, November 06, 2001 11:03 AM", "Subject: question", "", BODY,
                      "Jane's own answer to that, without markers.", ""])
    t = thread(text)
    top = next(m for m in t.messages if m.depth == 0)
    assert top.text.strip() == "Agreed."
    jane = next(m for m in t.messages if m.author == "Jane Roe")
    assert "Jane's own answer" in jane.text
