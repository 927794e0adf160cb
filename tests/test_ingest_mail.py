"""E-mail ingest: .eml (mail-parser) and mbox (streamed), on small fixtures modelled on real clients."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest

from threadkb.ingest import ingest
from threadkb.ingest.mail import iter_mbox, read_eml, read_mbox, reference_chain
from threadkb.models import IngestError

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "mail")
UTC8 = timezone(timedelta(hours=8))


def fx(name: str) -> str:
    return os.path.join(FIX, name)


def test_eml_with_quoted_reply():
    [src] = ingest(fx("reply-quoted.eml"))
    assert src.kind == "eml"
    assert src.warnings == []
    [h] = src.mail
    assert (h.from_name, h.from_address) == ("Arabella Barks", "arabella.barks@example.com")
    assert h.date == datetime(2025, 10, 10, 21, 0, 56, tzinfo=UTC8)
    assert h.date.utcoffset() == timedelta(hours=8)
    assert h.date_text == "Fri, 10 Oct 2025 21:00:56 +0800"
    assert h.subject == "Re: SHECA: API keys exposed"
    assert h.message_id == "<CAF3xYz9=reply2@mail.gmail.com>"
    assert h.in_reply_to == "<f3a1b2c4-5566-4d77-8899-aabbccddeeff@mozilla.org>"
    assert h.references == ["<0a1b2c3d-sheca-root@mozilla.org>", "<f3a1b2c4-5566-4d77-8899-aabbccddeeff@mozilla.org>"]
    assert h.list_id == "<dev-security-policy.mozilla.org>"
    assert src.parts == [(4, 14)]
    assert src.lines[:4] == ["From: Arabella Barks <arabella.barks@example.com>",
                             "Date: Fri, 10 Oct 2025 21:00:56 +0800",
                             "Subject: Re: SHECA: API keys exposed", ""]
    # text/plain preferred over the HTML alternative; quoted-printable decoded (U+202F before PM)
    assert src.lines[4:] == [
        "Hi Alvin,", "",
        "Thanks for the update. Could you confirm which endpoints were affected?", "",
        "On Thursday, October 9, 2025 at 7:25:33\u202fPM UTC+8 Alvin Wang wrote:", "",
        "> We have disabled the /open-api/v2/tools/gen-csr endpoint.", ">", "> Regards,", "> Alvin",
    ]


def test_mbox_thread_of_three():
    [src] = read_mbox(fx("thread3.mbox"))
    assert src.kind == "mbox" and src.path == fx("thread3.mbox")
    assert src.warnings == []
    assert [(h.from_name, h.message_id) for h in src.mail] == [
        ("Ben Wilson", "<root-001@example.org>"),
        ("Alvin Wang via dev-security-policy", "<reply-002@example.cn>"),
        ("Arabella Barks", "<reply-003@example.com>"),  # RFC 2047 base64 name decoded
    ]
    assert [reference_chain(h) for h in src.mail] == [
        [], ["<root-001@example.org>"], ["<root-001@example.org>", "<reply-002@example.cn>"]]
    assert [h.date.isoformat() for h in src.mail] == [
        "2025-10-07T04:52:56-07:00", "2025-10-09T19:25:33+08:00", "2025-10-10T21:00:56+08:00"]
    bodies = [src.lines[a:b] for a, b in src.parts]
    # an unescaped "From the logs" line inside a body does not split the mail
    assert bodies[0] == ["Alvin,", "Please explain how the API keys were exposed.", "",
                         "From the logs, this began in September.", "Ben"]
    # the HTML-only mail goes through the HTML renderer (Thunderbird attribution joined, Greek π.μ.)
    assert bodies[1] == ["We have disabled the endpoint.", "", "On 07/10/2025 7:52 π.μ., Ben Wilson wrote:",
                         "> Alvin,", "> Please explain how the API keys were exposed."]
    assert src.html_hints == {src.parts[1][0] + 2: "attribution"}
    assert bodies[2] == ["Which endpoints? “disabled” is vague.", "",
                         "On Thursday, October 9, 2025 at 7:25:33\u202fPM UTC+8 Alvin Wang wrote:",
                         "> We have disabled the endpoint."]
    # every line is either in a body or in a header block / separator
    inside = {i for a, b in src.parts for i in range(a, b)}
    outside = [src.lines[i] for i in range(len(src.lines)) if i not in inside]
    assert all(ln == "" or ln.split(":")[0] in ("From", "Date", "Subject") for ln in outside)


def test_truncated_mbox_best_effort_one_source_per_thread():
    srcs = read_mbox(fx("truncated.mbox"))
    assert [s.path for s in srcs] == [fx("truncated.mbox") + "#1", fx("truncated.mbox") + "#2"]
    assert srcs[0].warnings == []
    assert srcs[0].lines[4:] == ["The ballot changes that frequency to 24 hours."]
    assert srcs[1].mail[0].subject == "Ballot SC-99"
    assert srcs[1].lines[srcs[1].parts[0][0]:] == ["I support the ballot, with one change to sec"]
    assert srcs[1].warnings == [
        "mail 2: MIME defect: CloseBoundaryNotFoundDefect (the mail may be truncated)",
        "mail 2: the mbox does not end with a line break: this last mail may be truncated"]


def test_eml_whose_declared_charset_is_wrong():
    src = read_eml(fx("wrong-charset.eml"))
    assert src.mail[0].from_name == "Ramiro Muñoz"
    assert src.lines[4:] == ["El plan de remediación está listo."]
    assert src.warnings == ["body is not valid 'utf-8' (the declared charset); decoded as cp1252"]


@pytest.mark.parametrize("charset,body,text,warnings", [
    ("iso-8859-1", "μ.μ. — déjà".encode(), "μ.μ. — déjà", ["body declared 'iso-8859-1' is valid UTF-8; decoded as UTF-8"]),
    ("x-no-such-charset", "déjà".encode(), "déjà", ["unknown charset 'x-no-such-charset'; decoded as UTF-8"]),
    ("big5", "中華電信".encode("big5"), "中華電信", []),
    ("us-ascii", b"plain", "plain", []),
])
def test_body_charsets(tmp_path, charset, body, text, warnings):
    raw = (b"From: A <a@x.org>\nDate: Mon, 1 Feb 2021 10:00:00 +0100\nSubject: t\nMessage-ID: <1@x>\n"
           b"Content-Type: text/plain; charset=" + charset.encode() + b"\nContent-Transfer-Encoding: 8bit\n\n" + body)
    p = tmp_path / "m.eml"
    p.write_bytes(raw)
    src = read_eml(str(p))
    assert src.lines[4:] == [text]
    assert src.warnings == warnings


@pytest.mark.parametrize("content,reason", [
    (b"just some text\nwith lines\n", "not an e-mail: no From/Date/Subject/Message-ID header"),
    (b"   \n", "empty file"),
])
def test_eml_not_mail(tmp_path, content, reason):
    p = tmp_path / "x.eml"
    p.write_bytes(content)
    with pytest.raises(IngestError) as e:
        read_eml(str(p))
    assert str(e.value) == reason


def test_mbox_not_mail(tmp_path):
    p = tmp_path / "x.mbox"
    p.write_bytes(b"hello\nworld\n")
    with pytest.raises(IngestError) as e:
        read_mbox(str(p))
    assert str(e.value) == "not an mbox: no e-mail headers found"


def test_broken_mime_and_headers_never_raise(tmp_path):
    raw = (b"From: =?x-bad?Q?=FF?= <a@x.org>\nDate: not a date\nSubject: =?utf-8?B?!!!?=\n"
           b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain; charset=utf-8\n"
           b"Content-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQ\n")
    p = tmp_path / "b.eml"
    p.write_bytes(raw)
    src = read_eml(str(p))
    assert src.mail[0].date is None
    assert src.mail[0].date_text == "not a date"
    assert "unreadable Date header 'not a date'" in src.warnings
    assert any("CloseBoundaryNotFoundDefect" in w for w in src.warnings)


def test_iter_mbox_streams_and_unescapes(tmp_path):
    p = tmp_path / "s.mbox"
    p.write_bytes(b"From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\nbody\n\n"
                  b"From b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\nsecond\n")
    chunks = list(iter_mbox(str(p)))
    assert chunks == [(b"Subject: one\n\nFrom here\nbody\n\n", "line 1"), (b"Subject: two\n\nsecond\n", "line 7")]


@pytest.mark.parametrize("header,name", [
    # a quoted-string the From header escapes keeps its inner quotes, at either end too (failed before: the
    # unquoted name's end quotes were stripped again, "Evil \"CA\"" -> 'Evil "CA')
    ('"Evil \\"CA\\"" <e@x.org>', 'Evil "CA"'),
    ('"\\"Quoted\\" Name" <q@x.org>', '"Quoted" Name'),
    ('"\\"Both\\"" <b@x.org>', '"Both"'),
    # plain forms are unchanged
    ('"Alice Example" <a@x.org>', "Alice Example"),
    ("Alice Example <a@x.org>", "Alice Example"),
    ('"=?utf-8?q?J=C3=B6rg?=" <j@x.de>', "Jörg"),
])
def test_from_name_keeps_escaped_quotes(tmp_path, header, name):
    p = tmp_path / "m.eml"
    p.write_bytes(f"From: {header}\nDate: Mon, 1 Feb 2021 10:00:00 +0100\nSubject: t\nMessage-ID: <1@x>\n\nhi\n"
                  .encode())
    assert read_eml(str(p)).mail[0].from_name == name


@pytest.mark.parametrize("header,name,address", [
    # a From header holding only a name: parseaddr reads its first word as an address, and the name was that word
    # ("Cid Poe" -> "Cid", kb16); the whole header is the name
    ("Cid Poe", "Cid Poe", None),
    ('"Cid Poe"', "Cid Poe", None),
    ("=?utf-8?q?Ren=C3=A9_Poe?=", "René Poe", None),
    # unchanged: one word, a local part in angle brackets, a name with an address, pipermail's form, a comment after
    # one word (the old form's name: test_sources_readers)
    ("Cid", "Cid", None),
    ("<cid>", "cid", None),
    ("Cid Poe <cid@example.org>", "Cid Poe", "cid@example.org"),
    ("cid at example.org (Cid Poe)", "Cid Poe", "cid@example.org"),
    ("x (Alice)", "Alice", None),
    # a name of two words and a comment is RFC 5322's phrase with a comment, kept whole as before an address (session
    # 17 decided the defect session 16 left: the comment "Example CA" was read as the name; test_realmail17)
    ("Cid Poe (Example CA)", "Cid Poe (Example CA)", None),
])
def test_a_from_header_of_a_bare_name_is_that_name(tmp_path, header, name, address):
    p = tmp_path / "m.eml"
    p.write_bytes(f"From: {header}\nDate: Mon, 1 Feb 2021 10:00:00 +0100\nSubject: t\nMessage-ID: <1@x>\n\nhi\n"
                  .encode())
    h = read_eml(str(p)).mail[0]
    assert (h.from_name, h.from_address) == (name, address)
