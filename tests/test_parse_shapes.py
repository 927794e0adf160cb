"""Reply shapes of real mail clients (issue 13, section 2): attribution lines in more forms, the old
message after an attribution or header block without '>' markers, header blocks, signatures and footers.
Every class is tested on several constructed variants (the corpus has few or none of them)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from threadkb.models import LineRole, Source
from threadkb.parse import parse
from threadkb.parse.attribution import match_attribution
from threadkb.parse.lines import split_lines


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def thread(text: str):
    lines = text.split("\n")
    return parse(Source(path="shape.txt", kind="text", lines=lines))


ATTRIBUTION_SHAPES = [  # lines, rule, name, email, date
    # wrapped over 2-3 lines: "<" then the address on the next line; "<address>wrote:" without a space
    (["On Tue, Sep 25, 2012 at 8:59 AM, Chris Wanstrath", "<notifications@github.com>wrote:"], "gmail-en",
     "Chris Wanstrath", "notifications@github.com", datetime(2012, 9, 25, 8, 59)),
    (["On Dec 16, 2011, at 12:47 PM, John Doe", "<reply@reply.github.com>", "wrote:"], "apple-mail", "John Doe",
     "reply@reply.github.com", datetime(2011, 12, 16, 12, 47)),
    (["Am So., 1. Jan. 2023 um 17:22 Uhr schrieb John Doe <", "noreply@github.com>:"], "gg-de", "John Doe",
     "noreply@github.com", datetime(2023, 1, 1, 17, 22)),
    # a German date with the English verb: the time ("um 17:22 Uhr") is the date's, not the name's
    (["On So., 1. Jan. 2023 um 17:22 Uhr John Doe <", "areply@reply.github.com> wrote:"], "generic-en", "John Doe",
     "areply@reply.github.com", datetime(2023, 1, 1, 17, 22)),
    # "p.m." / "a.m." times, day first (Spanish)
    (["El 11/07/2012 06:13 p.m., John Doe escribió:"], "gmail-es", "John Doe", None, datetime(2012, 7, 11, 18, 13)),
    (["El 03/02/2019 09:05 a.m., María López <maria@example.es> escribió:"], "gmail-es", "María López",
     "maria@example.es", datetime(2019, 2, 3, 9, 5)),
    # Gmail's older year/month/day form, with or without the colon
    (["2009/5/12 John Doe <john@doe.example>"], "gmail-ymd", "John Doe", "john@doe.example", date(2009, 5, 12)),
    (["2011/4/7 Jane Roe <jane@example.com>:"], "gmail-ymd", "Jane Roe", "jane@example.com", date(2011, 4, 7)),
    (["2011/04/07 10:15 Jane Roe <jane@example.com>:"], "gmail-ymd", "Jane Roe", "jane@example.com",
     datetime(2011, 4, 7, 10, 15)),
    # the address only: the author is the address
    (["On Fri, Feb 24, 2012 at 10:19 AM, <example@example.com> wrote:"], "gmail-en", "example@example.com",
     "example@example.com", datetime(2012, 2, 24, 10, 19)),
    (["On 26/04/2023 14:20, x@y.z wrote:"], "thunderbird", "x@y.z", "x@y.z", datetime(2023, 4, 26, 14, 20)),
    (["On Mon, 10 Jun 2024 10:00:00 +0200 <ops@example.org> wrote:"], "generic-en-address", "ops@example.org",
     "ops@example.org", datetime(2024, 6, 10, 10, 0, tzinfo=tz(2))),
    # the zone left before the name belongs to the date
    (["On 2023-04-07 09:36 +0600, Azamat Nassipkaliyev wrote:"], "thunderbird", "Azamat Nassipkaliyev", None,
     datetime(2023, 4, 7, 9, 36, tzinfo=tz(6))),
    # a date nobody can read: the author still is
    (["On 8 o'clock, John Doe wrote:"], "generic-en-undated", "John Doe", None, None),
    (["On Monday, Jane Roe sent:"], "generic-en-undated", "Jane Roe", None, None),
    # dashed mobile form
    (["---- John Doe wrote ----"], "dashed-wrote", "John Doe", None, None),
    (["---- On Mon, 10 Jun 2024 10:00 John Doe <j@d.com> wrote ----"], "dashed-wrote", "John Doe", "j@d.com",
     datetime(2024, 6, 10, 10, 0)),
    # names with commas, apostrophes, quotes
    (['On Nov 26, 2012, at 10:27 AM, "Watson, Dan" <user@host2.com> wrote:'], "apple-mail", "Dan Watson",
     "user@host2.com", datetime(2012, 11, 26, 10, 27)),
    (["On Mon, Jun 3, 2024 at 10:00 AM O'Brien, Pat <pat@example.com> wrote:"], "gmail-en", "Pat O'Brien",
     "pat@example.com", datetime(2024, 6, 3, 10, 0)),
    (['"Paul F. Dubois" schrieb:'], "name-wrote-intl", "Paul F. Dubois", None, None),
    (["'Anne-Marie Dupont' a écrit :"], "name-wrote-intl", "Anne-Marie Dupont", None, None),
    (["John Doe sent:"], "name-wrote", "John Doe", None, None),
    # Hungarian
    (["2015. jún. 25., csütörtök 10:55 időpontban Kovács János <k@example.hu> ezt írta:"], "gmail-hu",
     "Kovács János", "k@example.hu", datetime(2015, 6, 25, 10, 55)),
    (["2021. március 3. 8:15 Nagy Éva <eva@example.hu> írta:"], "gmail-hu", "Nagy Éva", "eva@example.hu",
     datetime(2021, 3, 3, 8, 15)),
    (["Kovács János írta:"], "name-wrote-intl", "Kovács János", None, None),
]


@pytest.mark.parametrize("lines,rule,name,email,when", ATTRIBUTION_SHAPES,
                         ids=[f"{r[1]}-{i}" for i, r in enumerate(ATTRIBUTION_SHAPES)])
def test_attribution_shapes(lines, rule, name, email, when):
    vlines, _ = split_lines(lines + ["", "> quoted"])
    att = match_attribution(vlines, 0, 0)
    assert att is not None
    assert (att.rule, att.name, att.email, att.date) == (rule, name, email, when)
    assert att.lines == list(range(len(lines)))


@pytest.mark.parametrize("line", [
    "On the other hand, I wrote:",
    "On reflection, this is what I wrote:",
    "On page 3, the BRs say:",
])
def test_prose_starting_with_on_is_no_attribution(line):
    vlines, _ = split_lines([line, "", "> quoted"])
    assert match_attribution(vlines, 0, 0) is None


def test_a_line_before_a_wrapped_attribution_is_not_part_of_it():
    vlines, _ = split_lines(["On this day", "On So., 1. Jan. 2023 um 17:22 Uhr John Doe <", "a@example.com> wrote:", "> q"])
    assert match_attribution(vlines, 0, 0) is None
    att = match_attribution(vlines, 1, 0)
    assert (att.name, att.lines) == ("John Doe", [1, 2])



UNMARKED = [  # attribution, old message (no '>' markers), expected author, date
    ("Am 25.06.2015 um 10:55 schrieb Hans Müller:", ["Hallo,", "", "wie besprochen, anbei die Liste."],
     "Hans Müller", datetime(2015, 6, 25, 10, 55)),
    ("Op 5 okt. 2020 om 10:00 schreef Jan de Vries <jan@example.com>:", ["Hoi,", "", "Het werkt nu."],
     "Jan de Vries", datetime(2020, 10, 5, 10, 0)),
    ("On Mon, Jun 3, 2024 at 1:15 PM Sonya Johnson <sonya@example.com> wrote:",
     ["Could we meet on Monday?", "The morning works best for me."], "Sonya Johnson", datetime(2024, 6, 3, 13, 15)),
    ("Le ven. 10 oct. 2025 à 21:00, Arabella Barks <a@example.com> a écrit :", ["Bonjour,", "Merci pour le retour."],
     "Arabella Barks", datetime(2025, 10, 10, 21, 0)),
    ("On 26/04/2023 14:20, x@y.z wrote:", ["The report is attached."], "x@y.z", datetime(2023, 4, 26, 14, 20)),
]


@pytest.mark.parametrize("att,old,author,when", UNMARKED, ids=[u[2] for u in UNMARKED])
def test_attribution_then_old_message_without_markers(att, old, author, when):
    t = thread("\n".join(["Thanks, that works for me.", "", att] + old + [""]))
    assert len(t.messages) == 2
    top, earlier = t.messages
    assert top.text.strip() == "Thanks, that works for me."
    assert (earlier.author, earlier.date, top.in_reply_to) == (author, when, earlier.key)
    assert [x.strip() for x in earlier.text.strip().split("\n")] == old
    roles = {a.index: a.role for a in t.assignments}
    assert roles[2] == LineRole.HEADER


def test_unmarked_old_message_keeps_its_own_quotes():
    """The old message after the attribution may itself quote with '>': one level deeper."""
    t = thread("\n".join(["Agreed.", "", "On Tue, Oct 7, 2025 at 4:52 AM Alvin Wang <alvin@example.com> wrote:",
                          "I think so too.", "", "On Mon, Oct 6, 2025 at 10:00 AM Ben Wilson <ben@example.com> wrote:",
                          "> Please report by Friday.", ""]))
    assert [(m.author, m.text.strip()) for m in t.messages] == [
        (None, "Agreed."), ("Alvin Wang", "I think so too."), ("Ben Wilson", "Please report by Friday.")]
    keys = [m.key for m in t.messages]
    assert [m.in_reply_to for m in t.messages] == [keys[1], keys[2], None]


# ----------------------------------------------------------------------------- header blocks
HEADER_SHAPES = [  # lines, rule, name, email, date, subject
    # French Outlook: a space before the colon, labels of its own
    (["De : Someone <someone@example.com>", "Envoyé le : mercredi 17 septembre 2014 16:24",
      "À : \"Someone Else\" <else@example.com>", "Objet : Re: test"], "header-block", "Someone", "someone@example.com",
     datetime(2014, 9, 17, 16, 24), "Re: test"),
    # Thunderbird's French forward: separator, then Sujet/Date/De/Pour in that order, tab-aligned
    (["-------- Message transféré --------", "Sujet :\tRe: Some subject", "Date :\tWed, 11 Nov 2015 12:31:25 +0100",
      "De :\tFoo Bar <from@example.com>", "Pour :\tHam Spam <to@example.com>"], "forwarded-message", "Foo Bar",
     "from@example.com", datetime(2015, 11, 11, 12, 31, 25, tzinfo=tz(1)), "Re: Some subject"),
    # bold labels (HTML mail as text)
    (["*From:* Some One <some@example.com>", "*To:* Other Person <other@example.com>",
      "*Date:* Wednesday, February 6, 2013 7:46:53 AM", "*Subject:* Fwd: Hottest Startups"], "header-block",
     "Some One", "some@example.com", datetime(2013, 2, 6, 7, 46, 53), "Fwd: Hottest Startups"),
    # blank lines between the fields
    (["-----Original Message-----", 'From: "Some One" <some.one@example.com>', "", "Date: Sat, 22 Mar 2008 12:16:06",
      "To:<to@example.com>", "", "", "Subject: Antw: FW: html"], "original-message", "Some One",
     "some.one@example.com", datetime(2008, 3, 22, 12, 16, 6), "Antw: FW: html"),
    # a subject wrapped onto the next line
    (["---------- Forwarded message ----------", "From: Someone <someone@example.com>",
      "Subject: The email has a very long and confusing subject with spans over", "multiple lines.",
      "To: Destination <to@example.com>"], "forwarded-message", "Someone", "someone@example.com", None,
     "The email has a very long and confusing subject with spans over multiple lines."),
    # a From whose address wraps onto the next line
    (["From: 'Ben Wilson' via dev-security-policy@mozilla.org", "<dev-security-policy@mozilla.org>",
      "Sent: Monday, June 10, 2024 4:16 PM", "Subject: Re: SHECA"], "header-block", "Ben Wilson",
     "dev-security-policy@mozilla.org", datetime(2024, 6, 10, 16, 16), "Re: SHECA"),
    # the list sends on behalf of the author: the author is the person
    (["From: dev-security-policy <dev-security-policy-bounces@lists.mozilla.org> on behalf of Ryan Sleevi <ryan@example.com>",
      "Date: Thursday, 30 August 2018 at 21:32", "To: Tim", "Subject: Re: Ballot"], "header-block", "Ryan Sleevi",
     "ryan@example.com", datetime(2018, 8, 30, 21, 32), "Re: Ballot"),
    (["From: dev-security-policy [mailto:dev-security-policy-bounces@lists.mozilla.org] On Behalf Of Ryan Sleevi",
      "Sent: Thursday, August 30, 2018 9:32 PM", "Subject: Re: Ballot"], "header-block", "Ryan Sleevi", None,
     datetime(2018, 8, 30, 21, 32), "Re: Ballot"),
    (["From: ext Jane Roe [mailto:jane@example.com]", "Sent: Monday, November 26, 2012 10:48 AM", "To: Dan",
      "Subject: Re: New Issue"], "header-block", "Jane Roe", "jane@example.com", datetime(2012, 11, 26, 10, 48),
     "Re: New Issue"),
    # Outlook for Mac: From / Reply-To / Date with "6. April 2021 at 19:50"
    (["From: Ben Wilson <bwilson@example.org>", "Reply-To: Ben Wilson <bwilson@example.org>",
      "Date: Tuesday, 6. April 2021 at 19:50", "To: MDSP <dev@example.org>", "Subject: Policy 2.8"], "header-block",
     "Ben Wilson", "bwilson@example.org", datetime(2021, 4, 6, 19, 50), "Policy 2.8"),
    # a block that starts with Date (three fields: any order)
    (["Date: Wed, 8 Oct 2025 19:25:33 +0700", "From: Alvin Wang <alvin@example.com>", "Subject: SHECA"],
     "header-block", "Alvin Wang", "alvin@example.com", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), "SHECA"),
    # the sender wrapped over three lines, the list sending on behalf of the author
    (["-----Original Message-----", "From: numpy-discussion-admin at lists.sourceforge.net",
      "[mailto:numpy-discussion-admin at lists.sourceforge.net] On Behalf Of Nils", "Wagner",
      "Sent: Sunday, November 11, 2001 8:34 AM", "Subject: [Numpy-discussion] RandomArray"], "original-message",
     "Nils Wagner", None, datetime(2001, 11, 11, 8, 34), "[Numpy-discussion] RandomArray"),
    # pipermail addresses, "x at y (Name)"
    (["From: dzacharo at harica.gr (Dimitris Zacharopoulos)", "Date: Thu Nov  1 11:19:12 2001", "Subject: Re: CAA"],
     "header-block", "Dimitris Zacharopoulos", "dzacharo@harica.gr", datetime(2001, 11, 1, 11, 19, 12), "Re: CAA"),
    # only From, after a separator; a dashed rule above the block; a separator of a language not in the table
    (["---------- Forwarded message ----------", "From: Someone <someone@example.com>"], "forwarded-message",
     "Someone", "someone@example.com", None, None),
    (["------------------------------", "*From:* Google Apps Sync Team [mailto:mail-noreply@google.com]",
      "*Sent:* Thursday, February 09, 2012 1:36 PM", "*Subject:* Google Apps Sync was updated!"], "rule-line",
     "Google Apps Sync Team", "mail-noreply@google.com", datetime(2012, 2, 9, 13, 36), "Google Apps Sync was updated!"),
    (["-----Eredeti levél-----", "Feladó: Kovács János <k@example.hu>", "Tárgy: Re: CAA"], "framed-separator",
     "Kovács János", "k@example.hu", None, "Re: CAA"),
]


@pytest.mark.parametrize("lines,rule,name,email,when,subject", HEADER_SHAPES,
                         ids=[f"{r[1]}-{i}" for i, r in enumerate(HEADER_SHAPES)])
def test_header_block_shapes(lines, rule, name, email, when, subject):
    from threadkb.parse.attribution import match_header_block
    vlines, _ = split_lines(lines + ["", "Old text."])
    att = match_header_block(vlines, 0, 0)
    assert att is not None and att.kind == "header"
    assert (att.rule, att.name, att.email, att.date, att.subject) == (rule, name, email, when, subject)
    assert att.lines[-1] == len(lines) - 1


@pytest.mark.parametrize("lines", [
    ["Phone: 12345", "Fax: 67890", "Skype: foobar"],  # fields, but no From
    ["From: the start of the incident", "we saw more errors."],  # prose, no second field, no address
    ["-------- Summary --------", "The incident started at 10:00."],  # a framed heading, no fields after it
])
def test_not_header_blocks(lines):
    from threadkb.parse.attribution import match_header_block
    vlines, _ = split_lines(lines + ["", "text"])
    assert match_header_block(vlines, 0, 0) is None


SEPARATOR_SHAPES = [  # text, expected own text of the top message, author of the old one, old text
    ("Hello\n\n---------- Forwarded message ----------\nFrom: Someone <noreply@example.com>\n"
     "Date: Fri, Apr 26, 2013 at 8:13 PM\nSubject: Weekend classes\nTo: r@example.com\n\nSpanish classes start soon.\n",
     "Hello", "Someone", "Spanish classes start soon."),
    ("Hello\n\nBegin forwarded message:\n\n> From: \"Some One\" <some.one@example.com>\n"
     "> Date: 1. August 2011 23:28:15 GMT-07:00\n> Subject: AW: Some subject\n>\n> Original text\n\nText bottom\n",
     "Hello\n\n\nText bottom", "Some One", "Original text"),
    ("Hello\n\nForwarded message:\n\n> From: Some One <some.one@example.com>\n> To: Other <o@example.com>\n"
     "> Date: Thursday, March 7, 2013 7:09:41 PM\n> Subject: Re: Syncing Up\n>\n> OHAI\n\nText bottom\n",
     "Hello\n\n\nText bottom", "Some One", "OHAI"),
    ("Svar.\n\n-----Ursprüngliche Nachricht-----\nDas ist der alte Text.\nZweite Zeile.\n",
     "Svar.", None, "Das ist der alte Text.\nZweite Zeile."),
    ("Voici.\n\n-------- Message transféré --------\nLe texte transféré.\n", "Voici.", None, "Le texte transféré."),
]


@pytest.mark.parametrize("text,own,author,old", SEPARATOR_SHAPES, ids=range(len(SEPARATOR_SHAPES)))
def test_separators_and_forwards(text, own, author, old):
    t = thread(text)
    top = t.messages[0]
    earlier = next(m for m in t.messages if m.key == top.in_reply_to)
    def words(s):
        return [x.strip() for x in s.strip().split("\n") if x.strip()]
    assert words(top.text) == words(own)
    assert (earlier.author, words(earlier.text)) == (author, words(old))


def test_separator_above_an_attribution():
    """Proton Mail: '------- Original Message -------' then 'On …, X wrote:' and the '>' block: X's message."""
    t = thread("Thanks.\n\n------- Original Message -------\n"
               "On Monday, April 17th, 2023 at 10:14, Marcus Müller <mm@example.com> wrote:\n\n> Hi Olo,\n")
    top, earlier = t.messages
    assert (top.text.strip(), top.in_reply_to, earlier.author, earlier.date) == (
        "Thanks.", earlier.key, "Marcus Müller", datetime(2023, 4, 17, 10, 14))
    assert [a.role for a in t.assignments if a.index == 2] == [LineRole.HEADER]


def test_a_forward_without_words_is_a_message():
    """'-------- Original Message --------' first: the top message forwards the old one and says nothing."""
    t = thread("-------- Original Message --------\nSubject: \tNews\nDate: \tFri, 19 Jun 2009 19:16:04 +0200\n"
               "From: \tfrom <from@example.com>\nReply-To: \treply <reply@example.com>\nTo: \tto@example.com\n\nOHAI\n")
    assert [(m.author, m.text.strip()) for m in t.messages] == [(None, ""), ("from", "OHAI")]
    assert t.messages[0].in_reply_to == t.messages[1].key


# ----------------------------------------------------------------------------- signatures and client footers
@pytest.mark.parametrize("line", [  # one general rule: sent-word + from-word + a product-ish name, any language
    "Sent from my iPhone", "Sent from my Verizon Wireless BlackBerry", "Gesendet von Outlook für Android",
    "Envoyé à partir de Outlook pour iOS", "Sent from TypeApp", "Sent from Yahoo Mail on Android",
    "Sent with ProtonMail Secure Email.", "Enviado desde mi iPhone", "Enviado do meu iPhone", "Sendt fra min iPhone",
    "Skickat från min iPhone", "Inviato dal mio iPhone", "Verzonden vanaf mijn iPad", "Wysłane z mojego iPhone'a",
    "Отправлено с iPhone", "Sent from Zoho Mail", "Sent from Outlook<https://aka.ms/x>", "Get Outlook for Android",
    "Sent from my Android phone with K-9 Mail. Please excuse my brevity.",
])
def test_device_and_app_footers(line):
    t = thread(f"The keys are revoked.\n\n{line}\n")
    (m,) = t.messages
    assert m.text.strip() == "The keys are revoked."
    (a,) = [a for a in t.assignments if a.index == 2]
    assert (a.role, a.rule) == (LineRole.BOILERPLATE, "client-tagline")


@pytest.mark.parametrize("line", [
    "Sent from the conference, so brief.", "Sent from my phone, sorry for typos.", "Sent to the CA on Monday.",
    "Sent via the web form at the CA's site.",
])
def test_sentences_about_sending_stay_text(line):
    t = thread(f"The keys are revoked.\n\n{line}\n")
    assert line in t.messages[0].text


@pytest.mark.parametrize("text,own,signature", [
    ("this is an email with a correct -- signature.\n\n-- \nrick\n", "this is an email with a correct -- signature.",
     ["-- ", "rick"]),
    ("I will reply under this one.\n\n--\nHey there, this is my signature\nExample Corp | example.com\n",
     "I will reply under this one.", ["--", "Hey there, this is my signature", "Example Corp | example.com"]),
    ("Fixed in the next release.\n\n-- \nJane Roe\nPKI Operations, Example CA\n+1 555 0100\n",
     "Fixed in the next release.", ["-- ", "Jane Roe", "PKI Operations, Example CA", "+1 555 0100"]),
])
def test_dash_signature_blocks(text, own, signature):
    t = thread(text)
    (m,) = t.messages
    assert m.text.strip() == own
    lines = text.split("\n")
    assert [lines[a.index] for a in t.assignments if a.role == LineRole.SIGNATURE] == signature


@pytest.mark.parametrize("text,kept", [
    # a short last line that is a sentence, or not the known author's name, is the message's text
    ("Hej,\n\nSvar.\n\nDen 24. nov. 2025 kl. 10.00 skrev Peter Petersen <peter@example.com>:\n> Hej\n", "Svar."),
    ("Hello\n\n---------- Forwarded message ----------\nFrom: Someone <noreply@example.com>\n"
     "Date: Fri, Apr 26, 2013 at 8:13 PM\n\nSpanish Classes\nLearn Spanish\n", "Learn Spanish"),
    ("Ok.\n\nOn Mon, Jun 3, 2024 at 1:15 PM Sonya Johnson <sonya@example.com> wrote:\n"
     "Please see the list below.\nAll Done\n", "All Done"),
])
def test_last_line_is_a_sign_off_only_when_a_name(text, kept):
    t = thread(text)
    assert any(kept in m.text for m in t.messages)


@pytest.mark.parametrize("text,author", [  # sign-offs that name the known author still are sign-offs
    ("Ok.\n\nOn Mon, Jun 3, 2024 at 1:15 PM Sonya Johnson <sonya@example.com> wrote:\nPlease see the list.\n\nSonya\n",
     "Sonya"),
    ("Ok.\n\nOn Mon, Jun 3, 2024 at 1:15 PM Matthew Hardeman <mh@example.com> wrote:\nAgreed.\n\n- Matt\n", "Matt"),
    ("Ok.\n\nOn Mon, Jun 3, 2024 at 1:15 PM John Doe <jd@example.com> wrote:\nAgreed.\n\n/John\n", "John"),
])
def test_sign_off_of_the_known_author(text, author):
    t = thread(text)
    earlier = t.messages[1]
    assert author not in earlier.text and earlier.text.strip().endswith(".")


@pytest.mark.parametrize("line,author,reply", [  # the reply written on the attribution's line
    ("Thanks, will do. On Mon, Jun 3, 2024 at 1:15 PM Sonya Johnson <sonya@example.com> wrote:", "Sonya Johnson",
     "Thanks, will do."),
    ("Danke! Am 25.06.2015 um 10:55 schrieb Hans Müller:", "Hans Müller", "Danke!"),
    ("Merci. Le ven. 10 oct. 2025 à 21:00, Arabella Barks <a@example.com> a écrit :", "Arabella Barks", "Merci."),
])
def test_reply_on_the_attribution_line(line, author, reply):
    t = thread(f"{line}\n> Could you send the list?\n")
    top, earlier = t.messages
    assert (top.text.strip(), earlier.author, earlier.text.strip()) == (reply, author, "Could you send the list?")
    assert sorted((a.index, a.col) for a in t.assignments)[:2] == [(0, 0), (0, len(reply) + 1)]


@pytest.mark.parametrize("line,name,when", [  # more languages: the verb after the name
    ("Le 23 janv. 2015 à 22:03, Brendan Roe <brendan.roe@example.com<mailto:brendan.roe@example.com>> a écrit:",
     "Brendan Roe", datetime(2015, 1, 23, 22, 3)),  # Outlook's <mailto:> inside the brackets
    ("18 Kas 2019 Pzt, saat 10:41 tarihinde Ahmet Yılmaz <a@example.com> şunu yazdı:", "Ahmet Yılmaz",
     datetime(2019, 11, 18, 10, 41)),
    ("Kovács János <k@example.hu> ezt írta (időpont: 2019. nov. 18., H, 10:41):", "Kovács János",
     datetime(2019, 11, 18, 10, 41)),
    ("Ion Popescu <ion@example.ro> a scris:", "Ion Popescu", None),
    # Gmail in Swedish/Danish/Norwegian: the name after the date, the time glued to it
    ("Den fre 28 feb. 2025 10:15Anna Andersson <anna.andersson@acme.com> skrev:", "Anna Andersson",
     datetime(2025, 2, 28, 10, 15)),
    ("Den tor. 6. nov. 2025 kl. 09.30 Hans Hansen <hans@example.dk> skrev:", "Hans Hansen", datetime(2025, 11, 6, 9, 30)),
    ("Dne po 18. 11. 2019 10:41 uživatel Jan Novák <jan@example.cz> napsal:", "Jan Novák",
     datetime(2019, 11, 18, 10, 41)),
    ("Dne 18. 11. 2019 10:41 Jan Novák <jan@example.cz> napsal(a):", "Jan Novák", datetime(2019, 11, 18, 10, 41)),
    ("Dňa 18. 11. 2019 o 10:41 Ján Novák <jan@example.sk> napísal(a):", "Ján Novák", datetime(2019, 11, 18, 10, 41)),
    ("18. 11. 2019 10:41 Ivan Horvat <ivan@example.hr> napisao je:", "Ivan Horvat", datetime(2019, 11, 18, 10, 41)),
])
def test_more_languages(line, name, when):
    vlines, _ = split_lines([line, "", "> quoted"])
    att = match_attribution(vlines, 0, 0)
    assert (att.name, att.date) == (name, when)


def test_dash_before_a_footer_is_signature():
    t = thread("A reply\n\n--\nSent from my iPhone\n")
    roles = [(a.index, a.role) for a in t.assignments]
    assert roles[:4] == [(0, LineRole.OWN), (1, LineRole.OWN), (2, LineRole.SIGNATURE), (3, LineRole.BOILERPLATE)]
