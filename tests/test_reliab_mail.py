"""One huge e-mail (issue 17, defect 7a): a big single-part text/plain mail is read in one pass over its bytes
(about 4x its size in memory, not 9x), with the same lines, headers and warnings as the email package gives."""
from __future__ import annotations

import base64
import quopri

import pytest

import threadkb.ingest.mail as mail

LINE = "The certificates were revoked within five days — café, naïve, 4.9.1.1 — as we said.\n"


def _big(cte: str, charset: str, extra: bytes = b"") -> bytes:
    body = (LINE * (mail.LARGE_MAIL // len(LINE) + 50)).encode(charset, errors="replace") + extra
    if cte == "quoted-printable":
        body = quopri.encodestring(body)
    elif cte == "base64":
        body = base64.encodebytes(body)
    head = (f"From: Ann Lee <ann@example.org>\r\nSubject: big\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
            f"Message-ID: <big@x>\r\nContent-Type: text/plain; charset={charset}\r\n"
            f"Content-Transfer-Encoding: {cte}\r\n\r\n").encode()
    return head + body


CASES = [  # transfer encoding, charset, bytes added to the body
    ("8bit", "utf-8", b""),
    ("7bit", "us-ascii", b""),
    ("quoted-printable", "utf-8", b""),
    ("base64", "utf-8", b""),
    ("8bit", "iso-8859-1", b""),
    ("base64", "windows-1252", b""),
    ("8bit", "utf-8", b"\xff\xfe bad bytes\r\n\r\n\r\n"),  # not UTF-8 after all: cp1252 with a warning
]


@pytest.mark.parametrize("cte,charset,extra", CASES, ids=[f"{c}-{s}-{len(e)}" for c, s, e in CASES])
def test_big_single_part_mail_reads_as_the_email_package_reads_it(monkeypatch, cte, charset, extra):
    data = _big(cte, charset, extra)
    assert len(data) > mail.LARGE_MAIL
    assert mail._read_large_plain(data, []) is not None  # the one-pass reader takes it
    fast = mail.read_mail_bytes(data, strict=True, mail_parser=False)
    monkeypatch.setattr(mail, "LARGE_MAIL", 1 << 40)
    usual = mail.read_mail_bytes(data, strict=True, mail_parser=False)
    assert fast.body == usual.body and len(fast.body) > 40_000
    assert fast.headers == usual.headers and fast.headers.from_name == "Ann Lee"
    assert fast.warnings == usual.warnings
    assert fast.content == usual.content == "text/plain"


@pytest.mark.parametrize("data", [
    b"From: a@x\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
    b"Content-Type: text/plain\r\n\r\n" + b"hello world\r\n" * 400_000 + b"--b--\r\n",
    b"From: a@x\r\nSubject: s\r\nContent-Type: text/html\r\n\r\n" + b"<p>hello world</p>\r\n" * 300_000,
    b"From: a@x\r\nSubject: s\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n" + b"hello world\r\n" * 400_000,
    b"hello world\r\n" * 400_000,  # no header block at all
], ids=["multipart", "html", "uuencode", "no-headers"])
def test_other_big_mails_take_the_usual_path(data):
    assert mail._read_large_plain(data, []) is None
    assert "hello world" in " ".join(mail.read_mail_bytes(data).body[:3])


@pytest.mark.parametrize("cte", ["8bit", "base64"])
def test_a_body_past_the_cap_is_cut_at_a_line_end_with_a_warning(monkeypatch, cte):
    monkeypatch.setattr(mail, "MAX_BODY_CHARS", 1_000_000)
    data = _big(cte, "utf-8")
    m = mail.read_mail_bytes(data, strict=True)
    kept = sum(len(line) + 1 for line in m.body)
    assert 1_000_000 - len(LINE) < kept <= 1_000_000
    assert m.body[-1] == LINE.rstrip("\n")
    assert [w for w in m.warnings if w.startswith("body of ")] == [f"body of {len(LINE) * (mail.LARGE_MAIL // len(LINE) + 50)} characters: only the first {kept} read"]
