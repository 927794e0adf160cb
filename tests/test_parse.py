"""Parser tests on real corpus text: messages, authors, dates, reply links, quote structure, line accounting."""
from __future__ import annotations

import glob
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from threadkb.ingest import ingest
from threadkb.models import LineRole
from threadkb.parse import parse
from threadkb.parse.attribution import match_attribution, match_header_block
from threadkb.parse.dates import parse_date
from threadkb.parse.lines import split_lines

HERE = os.path.dirname(__file__)
CORPORA = os.path.join(HERE, "..", "corpora")
REF = os.path.join(CORPORA, "mdsp-2025-10-sheca-api-keys.txt")


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def thread_of(path: str):
    (src,) = ingest(path)
    return parse(src)


# ----------------------------------------------------------------------------- the reference thread
REFERENCE = [  # author, date, parent (author, date) — in document order (outermost first)
    ("Alvin Wang", None, ("Arabella Barks", datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8)))),
    ("Arabella Barks", datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8)), ("Alvin Wang", datetime(2025, 10, 10, 20, 13, 1, tzinfo=tz(8)))),
    ("Alvin Wang", datetime(2025, 10, 10, 20, 13, 1, tzinfo=tz(8)), ("Alvin Wang", datetime(2025, 10, 10, 19, 38, 41, tzinfo=tz(8)))),
    ("Alvin Wang", datetime(2025, 10, 10, 19, 38, 41, tzinfo=tz(8)), ("Linh Bach Quang", datetime(2025, 10, 9, 1, 34, 40, tzinfo=tz(8)))),
    ("Linh Bach Quang", datetime(2025, 10, 9, 1, 34, 40, tzinfo=tz(8)), ("Alvin Wang", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)))),
    ("Alvin Wang", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), ("Matt Palmer", datetime(2025, 10, 8, 7, 19, 54, tzinfo=tz(8)))),
    ("Matt Palmer", datetime(2025, 10, 8, 7, 19, 54, tzinfo=tz(8)), ("Alvin Wang", datetime(2025, 10, 7, 4, 52, 56, tzinfo=tz(-7)))),
    ("Alvin Wang", datetime(2025, 10, 7, 4, 52, 56, tzinfo=tz(-7)), None),
]


def test_reference_thread_messages_authors_dates_parents():
    t = thread_of(REF)
    by_key = {m.key: m for m in t.messages}
    got = []
    for m in t.messages:
        p = by_key.get(m.in_reply_to) if m.in_reply_to else None
        got.append((m.author, m.date, (p.author, p.date) if p else None))
    assert got == REFERENCE
    assert [m.depth for m in t.messages] == [0, 1, 2, 3, 4, 5, 6, 7]


def test_reference_thread_own_text_excludes_quotes_and_footer():
    t = thread_of(REF)
    matt = next(m for m in t.messages if m.author == "Matt Palmer")
    assert "That seems like a terrible idea" in matt.text
    assert "SHECA provides partners" not in matt.text
    assert "- Matt" not in matt.text  # his sign-off is a signature line
    top = t.messages[0]
    assert top.text.split("\n")[:2] == ["Hi, Arabella",
                                        "Thank you for your professional reply. SHECA will rigorously verify the two "]
    assert all("You received this message" not in m.text for m in t.messages)
    assert all("Reply via email to" not in m.text for m in t.messages)


def test_reference_thread_inline_answers_are_paired_with_fragments():
    t = thread_of(REF)
    lines = open(REF, encoding="utf-8").read().split("\n")
    matt = next(m for m in t.messages if m.author == "Matt Palmer")
    alvin07 = t.messages[-1]

    def text(a, b):
        return " ".join(x.lstrip("> ").strip() for x in lines[a:b] if x.lstrip("> ").strip())

    pairs = [(q.message, text(*q.lines)[:40], text(*q.answered_by)[:40]) for q in matt.quotes if q.answered_by]
    assert pairs == [
        (alvin07.key, "SHECA provides partners with public and ", "That seems like a terrible idea, but wou"),
        (alvin07.key, "/open-api/v2/order/download-zip Function", "... again, doesn't appear to be a BR vio"),
        (alvin07.key, "/open-api/v2/tools/gen-csr Function: Gen", "If that CSR contains the public key corr"),
    ]
    # the quoted BR 6.1.1.3 text is a document quote of Matt's, not a fragment of Alvin's message
    assert len(matt.document_quotes) == 1
    assert "the CA SHALL NOT generate a Key Pair" in " ".join(matt.document_quotes[0].text.split())
    assert "SHALL NOT generate" not in alvin07.text


def test_lost_marker_lines_stay_with_their_quote():
    t = thread_of(REF)
    alvin07 = t.messages[-1]
    assert "SHECA provides partners with public and private keys for \nauthenticating \ntheir API requests." in alvin07.text


# ----------------------------------------------------------------------------- attribution table
ATTRIBUTIONS = [  # lines (joined as wrapped), rule, name, date
    (["On Friday, October 10, 2025 at 9:00:56\u202fPM UTC+8 Arabella Barks wrote:"], "gg-en", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8))),
    (["On Tue, Oct 07, 2025 at 04:52:56AM -0700, Alvin Wang wrote: "], "mutt", "Alvin Wang",
     datetime(2025, 10, 7, 4, 52, 56, tzinfo=tz(-7))),
    (["Vào lúc 19:25:33 UTC+7 ngày Thứ Tư, 8 tháng 10, 2025, Alvin Wang đã ", "viết:"], "gg-vi", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7))),
    (["On 17/11/2022 5:46 μ.μ., Ben Wilson wrote:"], "thunderbird", "Ben Wilson", datetime(2022, 11, 17, 17, 46)),
    (["On Mon, Jun 10, 2024 at 4:16 PM 'Ben Wilson' via ", "[email protected] <[email protected]> ", "wrote:"],
     "gmail-en", "Ben Wilson", datetime(2024, 6, 10, 16, 16)),
    (["On Tue, Oct 9, 2018 at 3:43 AM Rob Stradling via dev-security-policy <",
      "dev-security-policy@lists.mozilla.org> wrote:"], "gmail-en", "Rob Stradling", datetime(2018, 10, 9, 3, 43)),
    (["On Sun, 24 Jan 2021 at 20:58, Ramiro Muñoz via dev-security-policy",
      "<dev-security-policy@lists.mozilla.org> wrote:"], "gmail-en", "Ramiro Muñoz", datetime(2021, 1, 24, 20, 58)),
    (["On Oct 7, 2025, at 4:52 AM, Alvin Wang <alvin@example.com> wrote:"], "apple-mail", "Alvin Wang",
     datetime(2025, 10, 7, 4, 52)),
    (["Am Freitag, 10. Oktober 2025 um 21:00:56 UTC+8 schrieb Arabella Barks:"], "gg-de", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8))),
    (["Le ven. 10 oct. 2025 à 21:00, Arabella Barks <a@example.com> a écrit :"], "gmail-fr", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0)),
    (["El vie, 10 oct 2025 a las 21:00, Arabella Barks (<a@example.com>) escribió:"], "gmail-es", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0)),
    (["2025年10月10日(金) 21:00 Arabella Barks <a@example.com>:"], "gmail-ja", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0)),
    (["Arabella Barks <a@example.com> 于2025年10月10日周五 21:00写道："], "gmail-zh", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0)),
    (["Στις Παρ 10 Οκτ 2025 στις 9:00 μ.μ., ο/η Arabella Barks <a@example.com> έγραψε:"], "gmail-el",
     "Arabella Barks", datetime(2025, 10, 10, 21, 0)),
    (["(In reply to Aaron Gable from comment #0)"], "bugzilla-reply", "Aaron Gable", None),
    (["在 2025年10月10日星期五 UTC+8 下午9:00:56<Arabella Barks> 写道："], "gg-zh", "Arabella Barks",
     datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8))),
    (["Quoting Alvin Wang <alvin@example.com>:"], "horde-quoting", "Alvin Wang", None),
    (["Am 08.10.2025 um 19:25 schrieb Alvin Wang:"], "gg-de", "Alvin Wang", datetime(2025, 10, 8, 19, 25)),
    (["On 10/8/25 7:25 PM, Alvin Wang wrote:"], "thunderbird", "Alvin Wang", datetime(2025, 10, 8, 19, 25)),
    # more languages (the formats of Gmail, Thunderbird and Apple Mail in those locales)
    (["2014-10-17 11:28 GMT+03:00 Ryan Sleevi <ryan@example.com>:"], "gmail-iso", "Ryan Sleevi",
     datetime(2014, 10, 17, 11, 28, tzinfo=tz(3))),
    (["Op ma 5 okt. 2020 om 10:00 schreef Jan de Vries <jan@example.com>:"], "nl-schreef", "Jan de Vries",
     datetime(2020, 10, 5, 10, 0)),
    (["Op 05-10-2020 om 10:00 schreef Jan de Vries:"], "nl-schreef", "Jan de Vries", datetime(2020, 10, 5, 10, 0)),
    (["Op 5 okt. 2020, om 10:00 heeft Jan de Vries <jan@example.com> het volgende", "geschreven:"], "nl-geschreven",
     "Jan de Vries", datetime(2020, 10, 5, 10, 0)),
    (["Il giorno lun 5 ott 2020 alle ore 10:00 Mario Rossi <mario@example.com> ha", "scritto:"], "it-ha-scritto",
     "Mario Rossi", datetime(2020, 10, 5, 10, 0)),
    (["Il 05/10/2020 10:00, Mario Rossi ha scritto:"], "it-ha-scritto", "Mario Rossi", datetime(2020, 10, 5, 10, 0)),
    (["Em seg., 5 de out. de 2020 às 10:00, João Silva <joao@example.com>", "escreveu:"], "pt-escreveu", "João Silva",
     datetime(2020, 10, 5, 10, 0)),
    (["Em 05/10/2020 10:00, João Silva escreveu:"], "pt-escreveu", "João Silva", datetime(2020, 10, 5, 10, 0)),
    (["pon., 5 paź 2020 o 10:00 Jan Kowalski <jan@example.com> napisał(a):"], "pl-napisal", "Jan Kowalski",
     datetime(2020, 10, 5, 10, 0)),
    (["W dniu 05.10.2020 o 10:00, Jan Kowalski pisze:"], "pl-napisal", "Jan Kowalski", datetime(2020, 10, 5, 10, 0)),
    (["Den mån 5 okt. 2020 kl 10:00 skrev Anna Andersson <anna@example.com>:"], "nordic-skrev", "Anna Andersson",
     datetime(2020, 10, 5, 10, 0)),
    (["Den man. 5. okt. 2020 kl. 10.00 skrev Hans Hansen <hans@example.com>:"], "nordic-skrev", "Hans Hansen",
     datetime(2020, 10, 5, 10, 0)),
    (["Den 2020-10-05 kl. 10:00, skrev Anna Andersson:"], "nordic-skrev", "Anna Andersson", datetime(2020, 10, 5, 10, 0)),
    (["05.10.2020 10:00, Иван Иванов пишет:"], "ru-pishet", "Иван Иванов", datetime(2020, 10, 5, 10, 0)),
    (["пн, 5 окт. 2020 г. в 10:00, Иван Иванов <ivan@example.com>:"], "gmail-ru", "Иван Иванов",
     datetime(2020, 10, 5, 10, 0)),
    (["Ahmet Yılmaz <ahmet@example.com>, 5 Eki 2020 Pzt, 10:00 tarihinde şunu", "yazdı:"], "gmail-tr", "Ahmet Yılmaz",
     datetime(2020, 10, 5, 10, 0)),
    (["2020년 10월 5일 (월) 오후 2:30, 홍길동 <hong@example.com>님이 작성:"], "gmail-ko", "홍길동",
     datetime(2020, 10, 5, 14, 30)),
    # other clients of technical participants
    (["On Wed, 8 Oct 2025 19:25:33 +0700 Alvin Wang <alvin@example.com> wrote:"], "generic-en", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7))),  # no comma before the name: the time is not the name
    (["Alvin Wang wrote on 10/8/2025 7:25 PM:"], "wrote-on", "Alvin Wang", datetime(2025, 10, 8, 19, 25)),
    (["Alvin Wang <alvin@example.com> wrote on 8 Oct 2025 19:25 +0700:"], "wrote-on", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25, tzinfo=tz(7))),
    (["* Alvin Wang <alvin@example.com> [2025-10-08 19:25]:"], "mutt-bracket", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25)),
    (["Excerpts from Alvin Wang's message of 2025-10-08 19:25:33 +0700:"], "excerpts-from", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7))),
    (["In message <abc@example.com>, Alvin Wang writes:"], "in-message-writes", "Alvin Wang", None),
    (["Quoting Alvin Wang (2025-10-08 19:25:33):"], "horde-quoting", "Alvin Wang", datetime(2025, 10, 8, 19, 25, 33)),
    # Yahoo Mail and K-9 Mail: the zone before the name is part of the date, not of the name
    (["On Wednesday, October 8, 2025, 07:25:33 PM GMT+7, Alvin Wang <alvin@example.com> wrote:"], "outlook-en",
     "Alvin Wang", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7))),
    (["On October 8, 2025 7:25:33 PM GMT+07:00, Alvin Wang <alvin@example.com> wrote:"], "outlook-en", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7))),
    (['"Alvin Wang" <alvin@example.com> wrote:'], "name-wrote", "Alvin Wang", None),
    (["Alvin Wang on Wednesday, October 8, 2025 at 7:25 PM wrote:"], "name-on-wrote", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25)),
    (["Hans Müller <hans@example.com> schrieb:"], "name-wrote-intl", "Hans Müller", None),
    (["Élodie Martin a écrit :"], "name-wrote-intl", "Élodie Martin", None),
    # Gmail's Vietnamese form (Google Groups' is gg-vi above), Apple Mail in Korean and Japanese, Finnish, Russian webmail
    (["Vào Th 4, 8 thg 10, 2025 vào lúc 19:25 Alvin Wang <alvin@example.com> đã viết:"], "gmail-vi", "Alvin Wang",
     datetime(2025, 10, 8, 19, 25)),
    (["2025. 10. 8. 오후 7:25, 홍길동 <hong@example.com> 작성:"], "apple-ko", "홍길동", datetime(2025, 10, 8, 19, 25)),
    (["2025/10/08 19:25、山田太郎 <taro@example.com>のメッセージ:"], "apple-ja", "山田太郎", datetime(2025, 10, 8, 19, 25)),
    (["pe 10.10.2025 klo 14.30 Matti Virtanen <matti@example.com> kirjoitti:"], "fi-kirjoitti", "Matti Virtanen",
     datetime(2025, 10, 10, 14, 30)),
    (["ke 8. lokak. 2025 klo 19.25 Matti Virtanen (matti@example.com) kirjoitti:"], "fi-kirjoitti", "Matti Virtanen",
     datetime(2025, 10, 8, 19, 25)),
    (["Matti Virtanen kirjoitti 8.10.2025 klo 19.25:"], "fi-kirjoitti-tb", "Matti Virtanen", datetime(2025, 10, 8, 19, 25)),
    (['08.10.2025, 19:25, "Иван Иванов" <ivan@example.com>:'], "yandex-ru", "Иван Иванов", datetime(2025, 10, 8, 19, 25)),
    (['19:25, 8 октября 2025 г., "Иван Иванов" <ivan@example.com>:'], "yandex-ru", "Иван Иванов",
     datetime(2025, 10, 8, 19, 25)),
    (["Среда, 8 октября 2025, 19:25 +03:00 от Иван Иванов <ivan@example.com>:"], "mailru-ot", "Иван Иванов",
     datetime(2025, 10, 8, 19, 25, tzinfo=tz(3))),
]


@pytest.mark.parametrize("raw,expected", [
    ("'Ben Wilson' via dev-security-policy <dev-security-policy@mozilla.org>",
     ("Ben Wilson", "dev-security-policy@mozilla.org")),
    ("Sleevi, Ryan <ryan@example.com>", ("Ryan Sleevi", "ryan@example.com")),  # Outlook's "Last, First"
    ("van Brouwershaven, Paul", ("Paul van Brouwershaven", None)),
    ("Müller, Hans-Peter", ("Hans-Peter Müller", None)),
    ("Acme, Inc.", ("Acme, Inc.", None)),  # a company, not a person's name turned round
    ("Smith, Jr.", ("Smith, Jr.", None)),
])
def test_clean_name(raw, expected):
    from threadkb.speakers import clean_name
    assert clean_name(raw, None) == expected


NOT_ATTRIBUTIONS = [  # prose lines that end like an attribution
    "As Ryan wrote on the list in 2019 about this:",
    "In my message of 2025-10-08 I wrote:",
    "Quoting the BRs, section 4.9.1.1 (2023-09-15 version):",
    "Quoting Mozilla policy:",
    "As Ryan said on Oct 8, 2025 at the meeting, he wrote:",
    "The findings of 8.10.2025 are in the report:",
]


@pytest.mark.parametrize("line", NOT_ATTRIBUTIONS)
def test_prose_is_not_an_attribution(line):
    vlines, _ = split_lines([line, "", "> quoted"])
    assert match_attribution(vlines, 0, 0) is None


@pytest.mark.parametrize("lines,rule,name,when", ATTRIBUTIONS, ids=[r[1] + "-" + str(i) for i, r in enumerate(ATTRIBUTIONS)])
def test_attribution_table(lines, rule, name, when):
    vlines, _ = split_lines(lines + ["", "> quoted"])
    att = match_attribution(vlines, 0, 0)
    assert att is not None
    assert (att.rule, att.name, att.date) == (rule, name, when)
    assert att.lines == list(range(len(lines)))


HEADER_BLOCKS = [  # lines, name, date, subject
    (["From: Ryan Sleevi <sleevi at google.com> ", "Sent: Thursday, August 30, 2018 9:32 PM",
      "To: Tim Hollebeek <tim.hollebeek at digicert.com>", "Subject: Re: [Servercert-wg] Ballot SC4"],
     "Ryan Sleevi", datetime(2018, 8, 30, 21, 32), "Re: [Servercert-wg] Ballot SC4"),
    (["-----Original Message-----", "From: Alvin Wang [mailto:alvin@example.com]", "Sent: Wednesday, October 8, 2025 7:25 PM",
      "Subject: RE: SHECA"], "Alvin Wang", datetime(2025, 10, 8, 19, 25), "RE: SHECA"),
    (["------------------ 原始邮件 ------------------", "发件人: \"Alvin Wang\"<alvin@example.com>",
      "发送时间: 2025年10月8日(星期三) 19:25", "收件人: \"Linh\"<linh@example.com>", "主题: Re: SHECA"],
     "Alvin Wang", datetime(2025, 10, 8, 19, 25), "Re: SHECA"),
    (["Von: Alvin Wang <alvin@example.com>", "Gesendet: Mittwoch, 8. Oktober 2025 19:25", "An: Linh",
      "Betreff: AW: SHECA"], "Alvin Wang", datetime(2025, 10, 8, 19, 25), "AW: SHECA"),
    (["De: Alvin Wang <alvin@example.com>", "Enviado el: miércoles, 8 de octubre de 2025 19:25", "Para: Linh",
      "Asunto: RE: SHECA"], "Alvin Wang", datetime(2025, 10, 8, 19, 25), "RE: SHECA"),
    # Outlook in more languages (the labels are data: attributions.json header_fields)
    (["Od: Jan Kowalski <jan@example.com>", "Wysłano: środa, 8 października 2025 19:25", "Do: Linh",
      "Temat: RE: SHECA"], "Jan Kowalski", datetime(2025, 10, 8, 19, 25), "RE: SHECA"),
    (["От: Иван Иванов <ivan@example.com>", "Отправлено: 8 октября 2025 г. 19:25", "Кому: Linh",
      "Тема: RE: SHECA"], "Иван Иванов", datetime(2025, 10, 8, 19, 25), "RE: SHECA"),
    (["Kimden: Ahmet Yılmaz <ahmet@example.com>", "Gönderildi: 8 Ekim 2025 Çarşamba 19:25", "Kime: Linh",
      "Konu: RE: SHECA"], "Ahmet Yılmaz", datetime(2025, 10, 8, 19, 25), "RE: SHECA"),
    (["Från: Anna Andersson <anna@example.com>", "Skickat: den 8 oktober 2025 19:25", "Till: Linh",
      "Ämne: SV: SHECA"], "Anna Andersson", datetime(2025, 10, 8, 19, 25), "SV: SHECA"),
    (["보낸 사람: 홍길동 <hong@example.com>", "보낸 날짜: 2025년 10월 8일 수요일 오후 7:25", "받는 사람: Linh",
      "제목: RE: SHECA"], "홍길동", datetime(2025, 10, 8, 19, 25), "RE: SHECA"),
    (["Da: Mario Rossi <mario@example.com>", "Inviato: mercoledì 8 ottobre 2025 19:25", "A: Linh",
      "Oggetto: R: SHECA"], "Mario Rossi", datetime(2025, 10, 8, 19, 25), "R: SHECA"),
    (["-----Alkuperäinen viesti-----", "Lähettäjä: Matti Virtanen <matti@example.com>",
      "Lähetetty: keskiviikko 8. lokakuuta 2025 19.25", "Vastaanottaja: Linh", "Aihe: VS: SHECA"],
     "Matti Virtanen", datetime(2025, 10, 8, 19, 25), "VS: SHECA"),
    (["-------- Forwarded Message --------", "Subject: SHECA", "Date: Wed, 8 Oct 2025 19:25:33 +0700",
      "From: Alvin Wang <alvin@example.com>"], "Alvin Wang", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), "SHECA"),
    (["-----Ursprüngliche Nachricht-----", "Von: Alvin Wang <alvin@example.com>", "Gesendet: Mittwoch, 8. Oktober 2025 19:25",
      "Betreff: AW: SHECA"], "Alvin Wang", datetime(2025, 10, 8, 19, 25), "AW: SHECA"),
    (["Begin forwarded message:", "", "From: Alvin Wang <alvin@example.com>", "Subject: Re: SHECA",
      "Date: October 8, 2025 at 7:25:33 PM GMT+7", "To: Linh"], "Alvin Wang",
     datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), "Re: SHECA"),  # Apple Mail
]


@pytest.mark.parametrize("lines,name,when,subject", HEADER_BLOCKS)
def test_header_block_table(lines, name, when, subject):
    vlines, _ = split_lines(lines + ["", "text"])
    att = match_header_block(vlines, 0, 0)
    assert att is not None
    assert (att.name, att.date, att.subject) == (name, when, subject)


DATES = [
    ("Dec 3, 2020, 1:01:55 PM12/3/20", datetime(2020, 12, 3, 13, 1, 55)),
    ("May 7, 2024, 10:59:30 AMMay 7", datetime(2024, 5, 7, 10, 59, 30)),
    ("Tue Nov 22 08:12:34 UTC 2022", datetime(2022, 11, 22, 8, 12, 34, tzinfo=tz(0))),
    ("27 Apr 2019 08:14:09 Hong Kong Time", datetime(2019, 4, 27, 8, 14, 9, tzinfo=tz(8))),
    ("Monday, June 10, 2024 at 5:46:23\u202fPM UTC-6", datetime(2024, 6, 10, 17, 46, 23, tzinfo=tz(-6))),
    ("10/10/2024 5:42 μ.μ.", datetime(2024, 10, 10, 17, 42)),
    ("2018-10-09", datetime(2018, 10, 9).date()),
    ("not a date", None),
    ("Oct 10, 2025, 9:00:56 PM (2 days ago)", datetime(2025, 10, 10, 21, 0, 56)),  # what a page adds after the date
    ("Oct 10, 2025, 9:00 PM (edited)", datetime(2025, 10, 10, 21, 0)),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [  # forms read without dateutil: the same value as dateutil gives
    "5 Oct 2025 10:00:00", "8 Oct 2025 19:25", "7 October 2025 11:19:54", "2025-10-08 12:25:33", "2025-10-08 9:05",
    "1 Sept 2020 08:00", "29 Feb 2024", "2018-10-09", "November 5 2014 8:20:53", "Apr 18 2014 4:02",
    "27/02/2025 11:43", "08/01/2014 4:41", "10.10.2024 5:42", "2/27/2025",
])
@pytest.mark.parametrize("dayfirst", [False, True])
def test_direct_date_forms_agree_with_dateutil(text, dayfirst):
    from dateutil import parser as du

    from threadkb.parse.dates import _direct
    expected = du.parse(text, dayfirst=dayfirst, default=datetime(1900, 1, 1), fuzzy=True)
    got = _direct(text, dayfirst)
    assert got == expected or got is None  # None: dateutil reads it
    if not dayfirst and text != "27/02/2025 11:43":  # read directly (a month over 12 goes to dateutil)
        assert got == expected


@pytest.mark.parametrize("text,expected", [  # a day-first locale (the attribution row says so)
    ("05-10-2020 om 10:00", datetime(2020, 10, 5, 10, 0)),
    ("2020-10-05 10:00", datetime(2020, 10, 5, 10, 0)),  # year first: never read day-first
    ("man. 5. okt. 2020 kl. 10.00", datetime(2020, 10, 5, 10, 0)),  # a time written 10.00 after the year
    ("pon., 5 paź 2020 o 10:00", datetime(2020, 10, 5, 10, 0)),
    ("5 października 2020", datetime(2020, 10, 5).date()),
    ("mar, 10 oct 2025 a las 10:00", datetime(2025, 10, 10, 10, 0)),  # Spanish "mar" opening: Tuesday
    ("mar 10 mar 2020 alle ore 10:00", datetime(2020, 3, 10, 10, 0)),  # Italian: Tuesday 10 March
    ("Mar 10, 2020", datetime(2020, 3, 10).date()),  # no other month follows: "Mar" is March
])
def test_dates_of_day_first_locales(text, expected):
    assert parse_date(text, dayfirst=True) == expected


def test_english_month_table_is_the_one_dateutil_reads():
    """data/dates.json ``english_months`` (the direct reading's month names) are dateutil's, in order."""
    from dateutil import parser as du

    from threadkb.parse.dates import _tables
    assert _tables()["english_months"] == [[n.lower() for n in dict.fromkeys(names)] for names in du.parserinfo.MONTHS]
    assert _tables()["_month_numbers"]["sept"] == 9 and _tables()["_month_numbers"]["may"] == 5


@pytest.mark.parametrize("text", ["31 Sep 2020 10:00", "2025-13-01 10:00", "5 Foo 2025 10:00", "5 Oct 25 10:00"])
def test_direct_date_forms_leave_the_rest_to_dateutil(text):
    from threadkb.parse.dates import _direct
    assert _direct(text) is None


# ----------------------------------------------------------------------------- other corpus files
CORPUS_CASES = [  # file prefix, [(author, date ISO or None, parent index or None)]
    ("004_", [("Ben Wilson", "2020-12-03T13:01:55", None), ("Ryan Sleevi", "2020-12-10T15:44:12", 0)]),
    ("009_", [("Kathleen Wilson", "2018-10-09", None), ("Wayne Thayer", "2018-10-09", 2),
              ("Rob Stradling", "2018-10-09T03:43:00", None)]),
    ("015_", [("Dimitris Zacharopoulos (HARICA)", "2022-11-22T08:12:34+00:00", 1), ("Ben Wilson", "2022-11-17T17:46:00", 2),
              ("Dimitris Zacharopoulos (HARICA)", "2022-11-16T23:23:00", 3), ("Ben Wilson", "2022-11-15T18:11:00", None)]),
    ("024_", [("andreaholland", None, None), (None, None, None), ("andreaholland", None, None), ("andreaholland", None, None)]),
    ("030_", [("charter77", None, None), (None, None, None), (None, None, None)]),
    ("033_", [("Ben Wilson", None, 1), ("Ben Wilson", "2024-06-10T17:46:23-06:00", 2), ("Mike Shaver", "2024-06-10T17:41:00", 3),
              ("Ben Wilson", "2024-06-10T19:28:00", 4), ("Mike Shaver", None, 5), ("Ben Wilson", "2024-06-10T16:16:00", None)]),
    ("050_", [("Tim Hollebeek", "2018-08-31T15:09:58+00:00", 1), ("Ryan Sleevi", "2018-08-30T21:32:00", None)]),
    ("063_", [(None, None, 1), ("Aaron Gable", None, None)]),
    ("046_", [(None, None, None), (None, None, None), (None, None, None)]),  # forum posts without headers
    ("076_", [("cb2206", "2020-03-04", None), ("FernandoMiguel", "2020-03-04", 0), ("FernandoMiguel", "2020-03-04", None),
              ("cb2206", "2020-03-04", None)]),
]


@pytest.mark.parametrize("prefix,expected", CORPUS_CASES, ids=[c[0] for c in CORPUS_CASES])
def test_corpus_messages(prefix, expected):
    (path,) = glob.glob(os.path.join(CORPORA, prefix + "*"))
    t = thread_of(path)
    keys = [m.key for m in t.messages]
    got = [(m.author, m.date.isoformat() if m.date else None,
            keys.index(m.in_reply_to) if m.in_reply_to else None) for m in t.messages]
    assert got == expected


def test_document_quotes_and_unattributed_quotes():
    t = thread_of(glob.glob(os.path.join(CORPORA, "063_*"))[0])
    c2, aaron = t.messages
    assert [" ".join(d.text.split())[:30].strip() for d in c2.document_quotes] == [
        "The recommended way to provide", "The rationale must include an", "7. The CA"]
    assert "in this case we do not believe that revoking" in " ".join(aaron.text.split())


# ----------------------------------------------------------------------------- every line accounted for
from line_accounting import problems as line_problems  # noqa: E402

CORPUS_FILES = sorted(f for f in glob.glob(os.path.join(CORPORA, "*")) if not f.endswith(".md"))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[os.path.basename(f)[:40] for f in CORPUS_FILES])
def test_every_line_accounted_for_exactly_once(path):
    for src in ingest(path):
        t = parse(src)
        seen = {}
        for a in t.assignments:
            assert (a.index, a.col) not in seen, f"line {a.index + 1} col {a.col} assigned twice"
            seen[(a.index, a.col)] = a
            assert isinstance(a.role, LineRole)
            if a.role in (LineRole.OWN, LineRole.DOCUMENT_QUOTE, LineRole.SIGNATURE) and src.lines[a.index][a.col:].strip():
                assert a.message is not None, f"line {a.index + 1} ({a.role}) belongs to no message"
        assert {i for i, _ in seen} == set(range(len(src.lines)))
        assert all((i, 0) in seen for i in range(len(src.lines)))
        keys = {m.key for m in t.messages}
        assert {a.message for a in t.assignments if a.message} <= keys
        # own text is exactly the OWN lines
        for m in t.messages:
            own = [(a.index, a.col) for a in t.assignments if a.message == m.key and a.role == LineRole.OWN]
            assert sorted((tl.index, tl.col) for tl in m.lines) == sorted(
                (i, c) for i, c in own) or len(m.lines) == len(own)
        # and by content: each line's text is where its role says, in order (tests/line_accounting.py)
        assert line_problems(src, t) == []


# ----------------------------------------------------------------------------- client formats outside the corpora
FIXTURES = os.path.join(HERE, "fixtures", "parse")
CLIENT_CASES = [  # fixture, [(author, date ISO, parent index, first own line)]
    ("outlook.txt", [("Alvin Wang", None, 1, "Hi Ben,"),  # signature "Alvin Wang / SHECA" gives the author
                     ("Ben Wilson", "2025-10-08T19:25:00", 2, "Alvin,"),  # "-----Original Message-----" block
                     ("Linh", "2025-10-07T08:00:00", None, "The keys were generated server-side.")]),  # 原始邮件
    ("apple.txt", [(None, None, 1, "I agree with Ryan here."),
                   ("Ryan Dickson", "2025-10-07T04:52:00", None, "CAs must not generate keys for subscribers.")]),
    ("bugzilla-named-headers.txt", [("Andrea Holland", None, None, "This is a preliminary report."),
                                    ("Ben Wilson", None, None, "Can you confirm the count?"),
                                    ("Andrea Holland", None, 1, "Yes.")]),  # "(In reply to … from comment #1)"
    ("bugzilla-split-headers.txt", [("Andrea Holland", None, None, "This is a preliminary report."),
                                    ("Ben Wilson", None, None, "Can you confirm the count?"),
                                    ("andreaholland", None, None, "Yes.")]),  # after "Regards, / Ben": role label
    ("tb.txt", [(None, None, 1, "Thanks for clarifying."),
                ("Ryan Dickson", "2024-10-09T17:42:00", 2, "Direct contact is a phone call."),  # en-US M/D/Y + PM
                ("Dimitris Zacharopoulos", "2024-10-09T09:00:00", None, "What is direct contact?")]),
]


@pytest.mark.parametrize("name,expected", CLIENT_CASES, ids=[c[0] for c in CLIENT_CASES])
def test_client_formats(name, expected):
    t = thread_of(os.path.join(FIXTURES, name))
    keys = [m.key for m in t.messages]
    got = [(m.author, m.date.isoformat() if m.date else None, keys.index(m.in_reply_to) if m.in_reply_to else None,
            next(x.text.strip() for x in m.lines if x.text.strip())) for m in t.messages]
    assert got == expected


def test_full_copy_of_an_earlier_mail_is_not_parsed_again(tmp_path):
    """Each reply quotes the whole thread: the quoted copies are linked to the mails they copy, not re-read."""
    mails = [
        ("<1@x>", None, "Ben Wilson <ben@x>", "Mon, 06 Oct 2025 10:00:00 +0000", ["Please report by Friday."]),
        ("<2@x>", "<1@x>", "Alvin Wang <alvin@x>", "Tue, 07 Oct 2025 10:00:00 +0000",
         ["We will report by Friday.", "", "On Mon, Oct 6, 2025 at 10:00 AM Ben Wilson <ben@x> wrote:",
          "> Please report by Friday."]),
        ("<3@x>", "<2@x>", "Ben Wilson <ben@x>", "Wed, 08 Oct 2025 10:00:00 +0000",
         ["Thanks.", "", "On Tue, Oct 7, 2025 at 10:00 AM Alvin Wang <alvin@x> wrote:",
          "> We will report by Friday.", ">", "> On Mon, Oct 6, 2025 at 10:00 AM Ben Wilson <ben@x> wrote:",
          ">> Please report by Friday."]),
    ]
    out = []
    for mid, parent, sender, when, body in mails:
        out += ["From x@x Mon Oct  6 10:00:00 2025", f"From: {sender}", f"Date: {when}", "Subject: Re: report",
                f"Message-ID: {mid}"] + ([f"In-Reply-To: {parent}"] if parent else []) + [""] + body + [""]
    path = tmp_path / "chain.mbox"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    (src,) = ingest(str(path))
    t = parse(src)
    assert [(m.author, m.text.strip().split("\n")[0]) for m in t.messages] == [
        ("Ben Wilson", "Please report by Friday."), ("Alvin Wang", "We will report by Friday."), ("Ben Wilson", "Thanks.")]
    keys = [m.key for m in t.messages]
    assert [keys.index(m.in_reply_to) if m.in_reply_to else None for m in t.messages] == [None, 0, 1]
    copies = [a for a in t.assignments if a.rule == "copy-of-earlier-post"]
    assert {a.message for a in copies} == {keys[1], keys[2]} and len(copies) == 1 + 4


def test_forum_page_without_post_headers_is_cut_at_double_blank_lines():
    t = thread_of(glob.glob(os.path.join(CORPORA, "046_*"))[0])
    assert [next(x.text for x in m.lines if x.text.strip())[:40] for m in t.messages] == [
        "2020.02.29 CAA Rechecking Bug", "Per the FAQ at Revoking certain certific", "After learning about and remediating a b"]


@pytest.mark.parametrize("prefix,expected", [
    # the assignee of a CA compliance bug speaks for the CA its title names; so does a CA's self-report
    ("043_", [("martijn.katerbarg", "Sectigo")]),  # reporter = assignee
    ("077_", [("tmkuo", "Chunghwa Telecom"), (None, None)]),  # the unsigned report after it: not known to be the CA's
    ("024_", [("andreaholland", "VikingCloud"), (None, None), ("andreaholland", "VikingCloud"),
              ("andreaholland", "VikingCloud")]),
    ("030_", [("charter77", None), (None, "SHECA"), (None, "SHECA")]),  # a third party's report; the CA's replies
])
def test_bugzilla_ca_side(prefix, expected):
    t = thread_of(glob.glob(os.path.join(CORPORA, prefix + "*"))[0])
    assert [(m.author, m.on_behalf_of) for m in t.messages] == expected


@pytest.mark.parametrize("line,rule", [  # what mail clients append to a message: never the author's words
    ("Sent from my iPhone", "client-tagline"), ("Get Outlook for iOS<https://aka.ms/o0ukef>", "client-tagline"),
    ("Sent from Mail for Windows", "client-tagline"), ("Von meinem iPhone gesendet", "client-tagline-intl"),
    ("Envoyé de mon iPad", "client-tagline"), ("发自我的iPhone", "client-tagline-intl"),
    ("Sent from the conference, so brief.", None),  # a sentence of the author's
])
def test_client_taglines_are_boilerplate(tmp_path, line, rule):
    """050's first message (Tim Hollebeek's) with a line after his "-Tim" sign-off."""
    text = Path(glob.glob(os.path.join(CORPORA, "050_*"))[0]).read_text("utf-8")
    assert "\n-Tim\n" in text
    path = tmp_path / "050x.txt"
    path.write_text(text.replace("\n-Tim\n", f"\n-Tim\n\n{line}\n", 1), "utf-8")
    t = thread_of(str(path))
    index = path.read_text("utf-8").split("\n").index(line)
    (a,) = [a for a in t.assignments if a.index == index]
    tim = t.messages[0]
    if rule is None:  # stays the author's: part of his signature block, after "-Tim"
        assert (a.role, a.message) == (LineRole.SIGNATURE, tim.key)
    else:
        assert (a.role, a.rule, a.message, line in tim.text) == (LineRole.BOILERPLATE, rule, None, False)
    assert tim.author == "Tim Hollebeek" and "Hopefully we can get this wrapped up soon." in tim.text


@pytest.mark.parametrize("line", [  # Bugzilla's change-history lines inside a comment: page chrome, never words
    "Status: ASSIGNED → RESOLVED", "Closed: 5 months ago", "Resolution: --- → FIXED", "Flags: needinfo?(tmkuo)",
    "Keywords: leave-open", "Depends on: 1951415", "QA Contact: nobody → tmkuo",
    "Whiteboard: [ca-compliance] [leaf-revocation-delay] → [ca-compliance] [leaf-revocation-delay] Next update 2025-06-01",
])
def test_bugzilla_history_lines_are_boilerplate(tmp_path, line):
    """077's page with one more history line after its first activity block: the line is boilerplate."""
    text = Path(glob.glob(os.path.join(CORPORA, "077_*"))[0]).read_text("utf-8")
    assert "Ever confirmed: true\n" in text
    changed = text.replace("Ever confirmed: true\n", f"Ever confirmed: true\n{line}\n", 1)
    path = tmp_path / "077x.txt"
    path.write_text(changed, "utf-8")
    t = thread_of(str(path))
    assert all(line not in m.text for m in t.messages)
    index = changed.split("\n").index(line)
    assert {(a.role, a.rule) for a in t.assignments if a.index == index} == {(LineRole.BOILERPLATE, "bugzilla-activity")}
