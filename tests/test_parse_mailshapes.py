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


# ---------------------------------------------------------------- the parent's Message-ID dates its quote
from threadkb.ingest.mail import read_eml  # noqa: E402
from threadkb.parse.dates import message_id_time  # noqa: E402

UTC = timezone.utc
STAMPS = [  # Message-ID, (instant, rule) or None
    ("<1277220228-3635-1-git-send-email-sjayaraman@suse.de>", (datetime(2010, 6, 22, 15, 23, 48, tzinfo=UTC),
                                                               "git-send-email")),
    ("<20190315134007.12345-1-jane@example.com>", (datetime(2019, 3, 15, 13, 40, 7, tzinfo=UTC),
                                                   "git-send-email-utc")),
    ("<20091118005829.GB25380@dottiness.seas.harvard.edu>", (datetime(2009, 11, 18, 0, 58, 29, tzinfo=UTC), "mutt")),
    ("<4CE0A1A5.3040807@example.com>", (datetime(2010, 11, 15, 2, 57, 41, tzinfo=UTC), "mozilla")),
    ("<4ce0a1a5.3040807@example.com>", (datetime(2010, 11, 15, 2, 57, 41, tzinfo=UTC), "mozilla")),
    # a mail server's id for a client that wrote none (session 10; real ids of the mbox yardstick's archives)
    *[(mid, (datetime.strptime(mid[1:15], "%Y%m%d%H%M%S").replace(tzinfo=UTC), rule)) for mid, rule in [
        ("<20011102182318.66182.qmail@web12606.mail.yahoo.com>", "qmail"),
        ("<20011127162705.40865.qmail@web12604.mail.yahoo.com>", "qmail"),
        ("<20230413210221.4BED44D905@mail.futurelabusa.com>", "postfix"),
        ("<20230408021338.994254D94B@mail.futurelabusa.com>", "postfix")]],
    ("<20230413210221.12345678@example.org>", None),  # no letter: not a Postfix queue id
    ("<20230413210221.4bed44d9@example.org>", None),  # lower-case hex: Sylpheed's local time
    # local-time stamps (Claws Mail, Sylpheed, Netscape 4) and ids with no stamp: nothing
    ("<20100622173742.448e1e94@corrin.poochiereds.net>", None),
    ("<20101116122102.86e7e0b9.rdunlap@xenotime.net>", None),
    ("<3bf102c6.8c651d9e@mecha.uni-stuttgart.de>", None),
    ("<CAHxyz+abc=def@mail.gmail.com>", None),
    ("<87k4x2abcd.fsf@example.org>", None),
    ("<20251313990000.GA1@bad.date>", None),  # no such day
    ("", None),
    ("<" + "1" * 400 + "-1-1-git-send-email-x@y>", None),
]


@pytest.mark.parametrize("mid,expected", STAMPS)
def test_message_id_time(mid, expected):
    assert message_id_time(mid) == expected


def eml(tmp_path, in_reply_to: str | None, body: str, date: str = "Mon, 14 Feb 2011 12:00:39 +0100",
        references: str | None = None):
    p = tmp_path / "reply.eml"
    replying = f"In-Reply-To: {in_reply_to}\n" if in_reply_to else ""
    p.write_text(f"From: Ingo Molnar <mingo@elte.hu>\nDate: {date}\nSubject: Re: [PATCH] x86: fix\n"
                 f"Message-ID: <20110214110039.GA1@elte.hu>\n{replying}"
                 f"References: {references or in_reply_to}\n\n{body}", "utf-8")
    t = parse(read_eml(str(p)))
    top = next(m for m in t.messages if m.depth == 0)
    return top, next((m for m in t.messages if m.key == top.in_reply_to), None)


GSE = "<1297677612-12405-5-git-send-email-henne@nachtwindheim.de>"  # 2011-02-14 10:00:12 UTC
QUOTE = "> arch_disable_smp_config() is an IO-APIC related function on x86,\n> and should be ifdef'd.\n\nWhy?\n"
ATTRIBUTED = [  # attribution, In-Reply-To, expected date and origin suffix of the quoted message
    # the real lkml shape: Ingo Molnar's bulleted attribution, no date, answering a git send-email patch
    ("* Henrik Kretzschmar <henne@nachtwindheim.de> wrote:", GSE, datetime(2011, 2, 14, 10, 0, 12, tzinfo=UTC),
     "+date-from-message-id:git-send-email"),
    ("Henrik Kretzschmar wrote:", GSE, datetime(2011, 2, 14, 10, 0, 12, tzinfo=UTC),
     "+date-from-message-id:git-send-email"),
    ("Henrik Kretzschmar schrieb:", "<20110214095512.GA7@host.example>", datetime(2011, 2, 14, 9, 55, 12, tzinfo=UTC),
     "+date-from-message-id:mutt"),
    ("Henrik Kretzschmar <henne@nachtwindheim.de> writes:", "<4D58FCC0.1020304@nachtwindheim.de>",
     datetime(2011, 2, 14, 9, 58, 24, tzinfo=UTC), "+date-from-message-id:mozilla"),
    # the real numpy-discussion shape (Hung Jung Lu's Yahoo webmail, qmail's id), and a Postfix-written id
    ("Henrik Kretzschmar wrote:", "<20110214095512.66182.qmail@web12606.mail.yahoo.com>",
     datetime(2011, 2, 14, 9, 55, 12, tzinfo=UTC), "+date-from-message-id:qmail"),
    ("Henrik Kretzschmar writes:", "<20110214095512.4BED44D905@mail.example.com>",
     datetime(2011, 2, 14, 9, 55, 12, tzinfo=UTC), "+date-from-message-id:postfix"),
    # the attribution's own date wins
    ("On Mon, 14 Feb 2011 11:00:12 +0100, Henrik Kretzschmar wrote:", GSE,
     datetime(2011, 2, 14, 11, 0, 12, tzinfo=timezone(timedelta(hours=1))), ""),
    # an id stamped after the reply, or more than a year before it: not the parent's time
    ("Henrik Kretzschmar wrote:", "<1397677612-12405-5-git-send-email-henne@nachtwindheim.de>", None, ""),
    ("Henrik Kretzschmar wrote:", "<1197677612-12405-5-git-send-email-henne@nachtwindheim.de>", None, ""),
    # an id with no stamp
    ("Henrik Kretzschmar wrote:", "<AANLkTinpwYnyc1oN1VbtBgUF6bk6E@mail.gmail.com>", None, ""),
]


@pytest.mark.parametrize("attribution,parent,when,suffix", ATTRIBUTED)
def test_parent_message_id_dates_the_attributed_quote(tmp_path, attribution, parent, when, suffix):
    top, q = eml(tmp_path, parent, f"{attribution}\n\n{QUOTE}")
    assert q is not None and q.author == "Henrik Kretzschmar"
    assert q.date == when and q.origin.endswith(suffix)
    assert top.text.strip() == "Why?"


@pytest.mark.parametrize("references,when", [
    ("<20011102182318.66182.qmail@web12606.mail.yahoo.com>", datetime(2001, 11, 2, 18, 23, 18, tzinfo=UTC)),
    ("<3BE1C5E0.1@example.org> <20011102182318.66182.qmail@web12606.mail.yahoo.com>",
     datetime(2001, 11, 2, 18, 23, 18, tzinfo=UTC)),  # the last entry is the parent
    ("<20011102182318.66182.qmail@web12606.mail.yahoo.com> <3BE1C5E0.1@example.org>", None),
])
def test_a_reply_with_references_only_dates_its_quote_from_the_last_entry(tmp_path, references, when):
    """A client that wrote References and no In-Reply-To (numpy-discussion 2001, Netscape 4: Chris Barker
    answering Hung Jung Lu's Yahoo mail): the last References entry is the parent (RFC 5322). Failed before."""
    top, q = eml(tmp_path, None, f"Hung Jung Lu wrote:\n\n{QUOTE}", "Fri, 02 Nov 2001 11:40:07 -0800", references)
    assert q is not None and (q.author, q.date, top.text.strip()) == ("Hung Jung Lu", when, "Why?")


def test_an_unattributed_quote_is_not_dated_by_the_parent_id(tmp_path):
    """A bare '>' quote may be of any earlier message (pasted, trimmed): only a client's attribution says it
    is the message In-Reply-To names."""
    top, q = eml(tmp_path, GSE, QUOTE)
    assert q is not None and q.date is None


def test_the_parent_in_the_same_file_keeps_its_own_date(tmp_path):
    """mbox input: the parent read in full dates the quote (its Date header), not its Message-ID."""
    p = tmp_path / "two.mbox"
    p.write_text("From henne Mon Feb 14 10:00:11 2011\nFrom: Henrik Kretzschmar <henne@nachtwindheim.de>\n"
                 "Date: Mon, 14 Feb 2011 11:00:11 +0100\nSubject: [PATCH] x86: fix\n"
                 f"Message-ID: {GSE}\n\narch_disable_smp_config() is an IO-APIC related function on x86,\n"
                 "and should be ifdef'd.\n\nFrom mingo Mon Feb 14 11:00:39 2011\nFrom: Ingo Molnar <mingo@elte.hu>\n"
                 "Date: Mon, 14 Feb 2011 12:00:39 +0100\nSubject: Re: [PATCH] x86: fix\n"
                 f"Message-ID: <20110214110039.GA1@elte.hu>\nIn-Reply-To: {GSE}\n\n"
                 f"* Henrik Kretzschmar <henne@nachtwindheim.de> wrote:\n\n{QUOTE}", "utf-8")
    from threadkb.ingest import ingest

    t = parse(ingest(str(p))[0])
    assert not any("date-from-message-id" in m.origin for m in t.messages)
    henrik = [m for m in t.messages if m.author == "Henrik Kretzschmar"]
    assert [m.date for m in henrik] == [datetime(2011, 2, 14, 11, 0, 11, tzinfo=timezone(timedelta(hours=1)))]


# ---------------------------------------------------------------- Supercite / Gnus named citations
SUPERCITE = [  # text, quoted author, email, the quoted words, the reply's words
    # the real numpy-discussion shape: indented tags, two quoted paragraphs, the answer below
    ('>>>>> "HJL" == Hung Jung Lu <hungjunglu at yahoo.com> writes:\n\n'
     "    HJL> Again, I have a tangential question. I am hitting the\n    HJL> physical limit of the CPU.\n\n"
     "    HJL> Is there any recommendation for fast machines?\n\nThe usual way is to build some blackboxes.\n",
     "Hung Jung Lu", "hungjunglu@yahoo.com", "Is there any recommendation", "The usual way is to build"),
    # tags at the line start, answers between the quoted paragraphs (inline replies)
    ('>>>>> "John" == John Doe <john@example.org> writes:\n\nJohn> Should we revoke now?\n\nYes.\n\n'
     "John> And the CRL?\nJohn> It is stale.\n\nUpdated tonight.\n",
     "John Doe", "john@example.org", "It is stale.", "Updated tonight."),
    # a tag with a dot and no address
    ('>>>>> "R.M" == Richard Miller wrote:\n\n  R.M> The log shows otherwise.\n\nWhich log?\n',
     "Richard Miller", None, "The log shows otherwise.", "Which log?"),
]


@pytest.mark.parametrize("body,name,email,quoted_words,own_words", SUPERCITE)
def test_supercite_named_citations(body, name, email, quoted_words, own_words):
    t = thread("Reply below.\n\n" + body)
    top = t.messages[0]
    q = next(m for m in t.messages if m.key == top.in_reply_to)
    assert (q.author, q.email, q.origin) == (name, email, "attribution:supercite")
    assert quoted_words in q.text and quoted_words not in top.text
    assert own_words in top.text and "> " not in top.text
    assert not any(">" in ln for ln in q.text.split("\n"))  # the tags are markers, not words


@pytest.mark.parametrize("text", [
    # a prompt repeated on every line is not a quote marker: no attribution declared it
    "Here is the session:\n\nmysql> select 1;\nmysql> select 2;\n\nBoth fail.\n",
    # a declared tag does not make other prompts quotes
    '>>>>> "HJL" == Hung Jung Lu <h@y.com> writes:\n\n    HJL> It fails.\n\nmysql> select 1;\nmysql> select 2;\n',
])
def test_prompts_are_not_supercite_quotes(text):
    t = thread(text)
    top = t.messages[0]
    assert "mysql> select 1;" in top.text


def test_an_undeclared_tag_inside_a_supercite_quote_stays_text():
    t = thread('Reply.\n\n>>>>> "AJR" == A. J. Rossini <r@b.net> writes:\n\n'
               "    AJR> HJL> Is there any recommendation?\n    AJR> Build blackboxes.\n\nAgreed.\n")
    # "HJL" was not declared in this mail: only AJR is a marker
    rossini = next(m for m in t.messages if m.author == "A. J. Rossini")
    assert "HJL> Is there any recommendation?" in rossini.text and "Build blackboxes." in rossini.text


# ---------------------------------------------------------------- quoted-printable left undecoded
QP_ATTRIBUTIONS = [  # attribution lines as a raw QP body shows them, rule, name, email, date
    # the real alfonsrv shape: Gmail's U+202F before AM as "=E2=80=AF", the verb cut by a soft break
    (["On Mon, Jun 3, 2024 at 12:53=E2=80=AFAM Cody Hart <omerritt@example.com> w=", "rote:"], "gmail-en",
     "Cody Hart", "omerritt@example.com", datetime(2024, 6, 3, 0, 53)),
    (["Am Mo., 3. Juni 2024 um 12:53 Uhr schrieb Cody Hart <omerritt@exa=", "mple.com>:"], "gg-de", "Cody Hart",
     "omerritt@example.com", datetime(2024, 6, 3, 12, 53)),
    (["Le lun. 3 juin 2024 =C3=A0 12:53, Ren=C3=A9 Dupont <rene@example.fr> a =C3=A9crit :"], "gmail-fr",
     "René Dupont", "rene@example.fr", datetime(2024, 6, 3, 12, 53)),
    (["El lun, 3 jun 2024 a las 12:53, Mar=C3=ADa L=C3=B3pez (<maria@example.es>) escribi=C3=B3:"], "gmail-es",
     "María López", "maria@example.es", datetime(2024, 6, 3, 12, 53)),
]


@pytest.mark.parametrize("lines,rule,name,email,when", QP_ATTRIBUTIONS)
def test_quoted_printable_attributions(lines, rule, name, email, when):
    t, top, q = quoted("\n".join(["Regards,", "", *lines, "", BODY]))
    assert (q.origin, q.author, q.email, q.date) == (f"attribution:{rule}", name, email, when)
    assert top.text.strip() == "Regards,"


def test_a_line_ending_in_equals_is_not_joined_into_an_attribution():
    t = thread("Set it so:\nx =\nJane Roe wrote:\n> old text\n")
    top = t.messages[0]
    assert "x =" in top.text
    assert next(m for m in t.messages if m.key == top.in_reply_to).author == "Jane Roe"


# ---------------------------------------------------------------- Outlook's rule line is not a list footer
RULE = "________________________________"
RULED_HEADERS = [  # header block under Outlook's rule line, author, date
    (["From: Jane Roe [mailto:jane@example.com]", "Sent: Tuesday, November 06, 2001 11:03 AM", "To: list@example.com",
      "Subject: question"], "Jane Roe", datetime(2001, 11, 6, 11, 3)),
    (["Von: Hans Müller <hans@example.de>", "Gesendet: Dienstag, 6. November 2001 11:03", "An: liste@example.de",
      "Betreff: Frage"], "Hans Müller", datetime(2001, 11, 6, 11, 3)),
    (["De : Jean Dupont <jean@example.fr>", "Envoyé : mardi 6 novembre 2001 11:03", "À : liste@example.fr",
      "Objet : question"], "Jean Dupont", datetime(2001, 11, 6, 11, 3)),
    (["From: Jane Roe <jane@example.com>", "Sent: Tuesday, November 06, 2001 11:03 AM"], "Jane Roe",
     datetime(2001, 11, 6, 11, 3)),
]


@pytest.mark.parametrize("marked", [False, True])
@pytest.mark.parametrize("header,name,when", RULED_HEADERS)
def test_outlook_rule_line_above_a_header_block(header, name, when, marked):
    old = "> The old message.\n> Its second line.\n" if marked else "The old message.\nIts second line.\n"
    t = thread("\n".join(["Agreed, thanks.", "", RULE, *header, "", old]))
    top = t.messages[0]
    assert top.text.strip() == "Agreed, thanks."
    q = next(m for m in t.messages if m.key == top.in_reply_to)
    assert (q.author, q.date, q.text.strip()) == (name, when, "The old message.\nIts second line.")
    assert [a.role for a in t.assignments if a.index == 2] == [LineRole.HEADER]


def test_a_mailman_footer_is_still_boilerplate():
    t = thread("Agreed.\n\n_______________________________________________\ndev-security-policy mailing list\n"
               "dev-security-policy@lists.mozilla.org\nhttps://lists.mozilla.org/listinfo/dev-security-policy\n")
    assert [a.role for a in t.assignments[2:6]] == [LineRole.BOILERPLATE] * 4
    assert t.messages[0].text.strip() == "Agreed."


def test_a_lone_rule_line_stays_in_its_message():
    t = thread("Agreed.\n\n" + RULE + "\nMore words after the rule.\n")
    assert len(t.messages) == 1 and "More words after the rule." in t.messages[0].text


# ---------------------------------------------------------------- "you wrote:": the addressee is nobody's name
@pytest.mark.parametrize("line,when", [
    ("You wrote:", None),
    ("At 08:22 AM 4/25/2023, you wrote:", datetime(2023, 4, 25, 8, 22)),
    ("On Mon, 10 Jun 2024 10:00:00 +0200, you wrote:", datetime(2024, 6, 10, 10, 0, tzinfo=tz(2))),
    ("Am 10.06.2024 um 10:00 schrieb Du:", datetime(2024, 6, 10, 10, 0)),
])
def test_a_second_person_attribution_names_no_author(line, when):
    t, top, q = quoted(f"Reply.\n\n{line}\n{BODY}\nAnswer.\n")
    assert (q.author, q.date) == (None, when)
    assert q.text.strip().startswith("The old message's first line")
    assert "Answer." in top.text and "old message" not in top.text
    assert all(m.author not in ("You", "you", "Du") for m in t.messages)


def test_only_one_bullet_is_taken_off():
    t = thread("Reply.\n\n" + "* " * 150 + "Jane Roe wrote:\n" + BODY)
    assert not any(m.author == "Jane Roe" for m in t.messages)
