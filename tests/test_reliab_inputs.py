

# --------------------------------------------------------------------------- one huge e-mail (7a)

import threadkb.ingest.mail as mail  # noqa: E402

LINE = "The certificates were revoked within five days — café, naïve, 4.9.1.1 — as we said.\n"


def _big(cte: str, charset: str) -> bytes:
    body = (LINE * (mail.LARGE_MAIL // len(LINE) + 50)).encode(charset, errors="replace")
    if cte == "quoted-printable":
        import quopri
        body = quopri.encodestring(body)
    elif cte == "base64":
        import base64
        body = base64.encodebytes(body)
    head = (f"From: Ann Lee <ann@example.org>\r\nSubject: big\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
            f"Message-ID: <big@x>\r\nContent-Type: text/plain; charset={charset}\r\n"
            f"Content-Transfer-Encoding: {cte}\r\n\r\n").encode()
    return head + body


@pytest.mark.parametrize("cte,charset", [("8bit", "utf-8"), ("7bit", "us-ascii"), ("quoted-printable", "utf-8"),
                                         ("base64", "utf-8"), ("8bit", "iso-8859-1"), ("base64", "windows-1252")])
def test_big_single_part_mail_reads_as_the_email_package_reads_it(monkeypatch, cte, charset):
    """The one-pass reader of a big text/plain mail gives the lines, headers and warnings of the usual path."""
    data = _big(cte, charset)
    assert len(data) > mail.LARGE_MAIL
    fast = mail.read_mail_bytes(data, strict=True, mail_parser=False)
    monkeypatch.setattr(mail, "LARGE_MAIL", 1 << 40)
    usual = mail.read_mail_bytes(data, strict=True, mail_parser=False)
    assert fast.body == usual.body and len(fast.body) > 40_000
    assert fast.headers == usual.headers and fast.headers.author == "Ann Lee"
    assert fast.warnings == usual.warnings
    assert fast.content == usual.content == "text/plain"


def test_big_multipart_mail_takes_the_usual_path():
    data = (b"From: a@x\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            b"Content-Type: text/plain\r\n\r\n" + b"hello world\r\n" * 400_000 + b"--b--\r\n")
    assert mail._read_large_plain(data, []) is None
    assert mail.read_mail_bytes(data).body[0] == "hello world"
