"""A header's encoded words (RFC 2047) and raw 8-bit bytes are read by one chunk decoder (``ingest.mail._decoded``),
whether the header is all ASCII or also holds raw non-ASCII words (review9a item 1: there were two walks, one through
``email.header.make_header``, which put a space where an encoded word touches other text, and one that decoded the
text between encoded words as raw-unicode-escape, which made a backslash in it an escape or an error)."""
from __future__ import annotations

import pytest

from threadkb.ingest.mail import read_mail_bytes

CAFE = b"=?utf-8?q?Caf=C3=A9?="
SUBJECTS = [  # Subject bytes -> subject read, warning about the Subject header (or None)
    (CAFE + b" menu", "Caf\u00e9 menu", None),
    (CAFE + b",menu", "Caf\u00e9,menu", None),  # the word touches a comma: nothing put between them
    (CAFE + ",men\u00fc".encode(), "Caf\u00e9,men\u00fc", None),  # the same beside a raw UTF-8 word
    (CAFE + b"(menu)", "Caf\u00e9(menu)", None),
    (CAFE + b" C:\\Users\\ann", "Caf\u00e9 C:\\Users\\ann", None),  # a backslash is no escape
    (CAFE + " C:\\Users\\ann\u00e9".encode(), "Caf\u00e9 C:\\Users\\ann\u00e9", None),  # ... beside raw UTF-8 too
    (CAFE + " \u5173\u4e8e menu".encode(), "Caf\u00e9 \u5173\u4e8e menu", None),  # beyond Latin-1
    (CAFE + b" =?iso-8859-1?q?men=FC?=", "Caf\u00e9men\u00fc", None),  # blanks between two encoded words go
    (CAFE + b" men\xfc", "Caf\u00e9 men\u00fc", "header Subject: 8-bit bytes are not UTF-8; decoded as cp1252"),
    (b"=?x-no-such?q?abc?= d", "=?x-no-such?q?abc?= d", "header Subject: undecodable encoded-word kept as is"),
    (b"=?utf-8?q?abc?= =?x-no-such?q?d?=", "=?utf-8?q?abc?= =?x-no-such?q?d?=",
     "header Subject: undecodable encoded-word kept as is"),
]


@pytest.mark.parametrize("subject,read,warning", SUBJECTS, ids=[f"s{i}" for i in range(len(SUBJECTS))])
@pytest.mark.parametrize("mail_parser", [True, False], ids=["eml", "mbox"])
def test_encoded_words_are_read_alike_beside_ascii_and_raw_words(subject, read, warning, mail_parser):
    data = (b"From: Ann Lee <ann@ca.example>\nSubject: " + subject + b"\nDate: Mon, 10 Jun 2024 17:41:00 +0000\n"
            b"Message-ID: <1@ca.example>\n\nWe will revoke the certificates.\n")
    m = read_mail_bytes(data, mail_parser=mail_parser)
    assert m.headers.subject == read
    assert [w for w in m.warnings if "header" in w] == ([warning] if warning else [])
