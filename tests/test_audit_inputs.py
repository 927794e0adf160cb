"""Hostile input found by the session-9 audit (notes9/audit9.md), each class with several variants.

- header bytes that are not ASCII (RFC 6532 UTF-8 headers, or 8-bit legacy headers): read as UTF-8, else cp1252
  with a warning — they were turned into U+FFFD with no warning;
- a charset name no codec can have (NUL byte, path, 1,000 characters): "unknown charset", decoded as UTF-8 — a NUL
  made the whole file fail ("ValueError: embedded null character");
- dates no calendar arithmetic can hold (a zone of ±99:99, years 0 and 9999, a year outside the plausible
  window): the date is unreadable, with a warning — they raised ValueError / OverflowError, or year 0000 was read
  as 2000;
- UTF-16 text without a byte order mark: read as UTF-16 with a warning — it was refused as binary;
- a path that is a symbolic link loop or a dangling link: said so, not "no such file or folder".
"""
from __future__ import annotations

import json
import os
from datetime import datetime

import pytest

from threadkb.cli import main
from threadkb.ingest.mail import read_mail_bytes
from threadkb.ingest.text import decode
from threadkb.parse.dates import parse_date


def _mail(frm: bytes = b"Ann Lee <ann@ca.example>", subject: bytes = b"Incident", date: bytes = b"Mon, 10 Jun 2024 "
          b"17:41:00 +0000", extra: bytes = b"", body: bytes = b"We will revoke the certificates within five days.\n"
          ) -> bytes:
    return (b"From: " + frm + b"\nTo: list@lists.example\nSubject: " + subject + b"\nDate: " + date
            + b"\nMessage-ID: <1@ca.example>\n" + extra + b"\n" + body)


def _parse_json(tmp_path, name, data, capsys):
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["parse", "--json", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "error:" not in err, err
    got = json.loads(out)
    return code, got if isinstance(got, list) else [got]


# --------------------------------------------------------------------------- 8-bit header bytes

HEADERS = [  # From bytes, Subject bytes, author read, subject read, warning expected (or None)
    ("Jos\u00e9 M\u00fcller".encode() + b" <jose@ca.example>", "Caf\u00e9 incident".encode(), "Jos\u00e9 M\u00fcller",
     "Caf\u00e9 incident", None),
    ("\u738b\u5c0f\u660e".encode() + b" <w@ca.example>", "\u5173\u4e8e\u540a\u9500".encode(), "\u738b\u5c0f\u660e",
     "\u5173\u4e8e\u540a\u9500", None),
    ("Jos\u00e9 M\u00fcller".encode("latin-1") + b" <jose@ca.example>", b"Caf\xe9", "Jos\u00e9 M\u00fcller",
     "Caf\u00e9", "header From: 8-bit bytes are not UTF-8; decoded as cp1252"),
    (b"=?utf-8?Q?Jos=C3=A9?= " + "M\u00fcller".encode() + b" <jose@ca.example>", b"plain",
     "Jos\u00e9 M\u00fcller", "plain", None),
    (b"Ann Lee <ann@ca.example>", b"=?utf-8?B?SW5jaWRlbnQ=?= " + "r\u00e9sum\u00e9".encode(), "Ann Lee",
     "Incident r\u00e9sum\u00e9", None),
]


@pytest.mark.parametrize("frm,subject,author,subject_read,warning", HEADERS, ids=[f"hdr{i}" for i in range(len(HEADERS))])
@pytest.mark.parametrize("mail_parser", [True, False], ids=["eml", "mbox"])
def test_8bit_header_bytes_are_read_as_utf8_else_cp1252(frm, subject, author, subject_read, warning, mail_parser):
    m = read_mail_bytes(_mail(frm=frm, subject=subject), mail_parser=mail_parser)
    assert m.headers.from_name == author
    assert m.headers.subject == subject_read
    assert (warning in m.warnings) if warning else not [w for w in m.warnings if "header" in w]


# --------------------------------------------------------------------------- charset names no codec has

@pytest.mark.parametrize("charset", [b"utf-8\x00evil", b"../../etc/passwd", b"x" * 1000, b"utf-8\x00"])
def test_impossible_charset_names_are_unknown_charsets(tmp_path, capsys, charset):
    data = _mail(extra=b'MIME-Version: 1.0\nContent-Type: text/plain; charset="' + charset + b'"\n'
                 b"Content-Transfer-Encoding: 8bit\n", body="Caf\u00e9: we will revoke within five days.\n".encode())
    code, got = _parse_json(tmp_path, "x.eml", data, capsys)
    assert code == 0
    assert got[0]["messages"][0]["text"] == "Caf\u00e9: we will revoke within five days."
    assert any(w.startswith("unknown charset") and w.endswith("decoded as UTF-8") for w in got[0]["warnings"])


# --------------------------------------------------------------------------- dates no arithmetic can hold

BAD_DATES = [  # Date header -> the warning's words
    (b"Mon, 10 Jun 2024 17:41:00 +9999", "zone"),
    (b"Mon, 10 Jun 2024 17:41:00 -9999", "zone"),
    (b"Mon, 10 Jun 2024 17:41:00 +2500", "zone"),
    (b"Fri, 31 Dec 9999 23:59:59 -1200", "year 9999"),
    (b"Fri, 31 Dec 9999 23:59:59 +0000", "year 9999"),
    (b"Mon, 10 Jun 0000 17:41:00 +0000", "year 0000"),
    (b"Mon, 1 Jan 0001 00:00:00 +0100", "year 0001"),
    (b"Mon, 10 Jun 1066 17:41:00 +0000", "year 1066"),
]


@pytest.mark.parametrize("date,words", BAD_DATES, ids=[d.decode() for d, _ in BAD_DATES])
@pytest.mark.parametrize("container", ["eml", "mbox"])
def test_dates_out_of_range_are_unreadable_with_a_warning(tmp_path, capsys, date, words, container):
    data = _mail(date=date)
    if container == "mbox":
        reply = _mail(frm=b"Bob <bob@ca.example>", date=b"Tue, 11 Jun 2024 10:00:00 +0000",
                      extra=b"In-Reply-To: <1@ca.example>\n").replace(b"<1@ca", b"<2@ca", 1)
        data = b"From a@b Mon Jan  1 00:00:00 2024\n" + data + b"\nFrom c@d Mon Jan  1 00:00:00 2024\n" + reply
    code, got = _parse_json(tmp_path, f"x.{container}", data, capsys)
    assert code == 0
    first = next(m for t in got for m in t["messages"] if m["author"] == "Ann Lee")
    assert first["date"] == ("2024-06-10T17:41:00" if words == "zone" else None)
    warnings = [w for t in got for w in t["warnings"]]
    assert any("Date header" in w and words in w for w in warnings), warnings
    for argv in (["report", "--format", "md"], ["graph", "--format", "aif"]):
        path = tmp_path / f"x.{container}"
        assert main([*argv, str(path), "-o", str(tmp_path / "out")]) in (0, 2)
        assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("text,expected", [
    ("Fri, Dec 31, 9999 at 11:59 PM", None), ("Mon, Jun 10, 0000 at 5:41 PM", None),
    ("Jan 1, 0001 12:00 AM +0100", None), ("Mon, 10 Jun 2024 17:41:00 +9999", "2024-06-10T17:41:00"),
    ("Mon, 10 Jun 2024 17:41:00 +2500", "2024-06-10T17:41:00")])
def test_attribution_dates_out_of_range(text, expected):
    got = parse_date(text)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize("text,expected", [
    ("Mon, 10 Jun 2024 17:41:00 +1400", "2024-06-10T17:41:00+14:00"),
    ("Mon, 10 Jun 2024 17:41:00 -1200", "2024-06-10T17:41:00-12:00"),
    ("Thu, 1 Jan 1998 00:00:00 +0000", "1998-01-01T00:00:00+00:00"),
])
def test_real_zones_and_years_still_read(text, expected):
    got = parse_date(text)
    assert isinstance(got, datetime) and got.isoformat() == expected
    m = read_mail_bytes(_mail(date=text.encode()))
    assert m.headers.date is not None and m.headers.date.isoformat() == expected


# --------------------------------------------------------------------------- UTF-16 without byte order mark

TEXT = "Hello all,\nWe will revoke the certificates within five days per BR 4.9.1.1.\n\nAnn\n"
CJK = "\u5404\u4f4d\uff0c\n\u6211\u4eec\u5c06\u5728\u4e94\u5929\u5185\u540a\u9500\u8bc1\u4e66\u3002 BR 4.9.1.1\n"


@pytest.mark.parametrize("data,first", [
    (TEXT.encode("utf-16-le"), "Hello all,"),
    (TEXT.encode("utf-16-be"), "Hello all,"),
    (("From: Ann <a@x>\nSubject: s\n\n" + TEXT).encode("utf-16-le"), "From: Ann <a@x>"),
    ((TEXT + CJK).encode("utf-16-le"), "Hello all,"),
], ids=["le", "be", "le-headers", "le-mixed"])
def test_utf16_without_bom_is_read_with_a_warning(data, first):
    text, encoding, warnings = decode(data, "x.txt")
    assert text.splitlines()[0] == first
    assert encoding in ("utf-16-le", "utf-16-be")
    assert any("no byte order mark" in w for w in warnings)


@pytest.mark.parametrize("data", [bytes(range(256)) * 40, b"\x00\x01\x02garbage" * 100, TEXT.encode("utf-32-le"),
                                  b"text\x00with a NUL\nand more text here\n"])
def test_binary_is_still_binary(data):
    with pytest.raises(Exception, match="binary file"):
        decode(data, "x.txt")


# --------------------------------------------------------------------------- paths that are broken links

def test_link_loops_and_dangling_links_are_named(tmp_path, capsys):
    os.symlink("loop2", tmp_path / "loop1")
    os.symlink("loop1", tmp_path / "loop2")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    for name, reason in (("loop1", "a symbolic link that loops"),
                         ("dangling.txt", "a symbolic link to a missing file (nowhere.txt)"),
                         ("absent.txt", "no such file or folder")):
        assert main(["parse", str(tmp_path / name)]) == 2
        assert capsys.readouterr().err.strip() == f"threadkb: {tmp_path / name}: {reason}"


# --------------------------------------------------------------------------- inputs that hold no message

EMPTY_MAILS = [  # bytes, warning expected from the parse
    (_mail()[:90], "the header block does not end"),  # cut inside the headers
    (_mail(body=b""), "the mail has no body"),
    (_mail(body=b"\n\n\n"), "the mail has no body"),
]


@pytest.mark.parametrize("data,warning", EMPTY_MAILS, ids=["cut-in-headers", "no-body", "blank-body"])
def test_a_mail_without_words_is_said_so_and_kept_with_no_text(tmp_path, capsys, data, warning):
    """A mail whose headers name it but whose body holds no words was sent: one message with no text (its author
    and date from the headers), the warning says the body is missing, the report and graph are written."""
    code, got = _parse_json(tmp_path, "m.eml", data, capsys)
    assert code == 0 and [(m["author"], m["text"]) for m in got[0]["messages"]] == [("Ann Lee", "")]
    assert any(warning in w for w in got[0]["warnings"]), got[0]["warnings"]
    path = str(tmp_path / "m.eml")
    for argv, what in ((["report", "--format", "md"], "report"), (["graph", "--format", "aif"], "graph")):
        out = tmp_path / f"out.{what}"
        assert main([*argv, path, "-o", str(out)]) == 0
        assert out.exists()


def test_run_writes_no_report_for_a_file_without_messages(tmp_path, capsys):
    empty, good = tmp_path / "empty.txt", tmp_path / "good.eml"
    empty.write_text("From: Bob Roe <bob@example.org>\nSubject: Re: [dev-security-policy] y\n\n\n   \n\n", encoding="utf-8")
    good.write_bytes(_mail())
    out = tmp_path / "out"
    assert main(["run", "--quiet", "--db", str(tmp_path / "kb.sqlite"), "--output-dir", str(out), str(empty), str(good)]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["good.report.html", "good.report.md"]
    assert "1 without messages not stored" in capsys.readouterr().out


# --------------------------------------------------------------------------- MIME structures

def _parts(n: int) -> bytes:
    return b"".join(b"--B\nContent-Type: text/plain\n\nPart %d: we will revoke.\n" % i for i in range(n)) + b"--B--\n"


@pytest.mark.parametrize("n,warning", [(1, None), (2, "1 more inline text/plain part not read: the first is the body"),
                                       (5000, "4999 more inline text/plain parts not read: the first is the body")])
def test_further_inline_text_parts_are_not_lost_silently(n, warning):
    m = read_mail_bytes(_mail(extra=b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n", body=_parts(n)))
    assert m.body[0] == "Part 0: we will revoke."
    assert [w for w in m.warnings if "inline text/plain" in w] == ([warning] if warning else [])


@pytest.mark.parametrize("depth", [1500, 3000])
def test_mime_nested_too_deep_keeps_the_headers_and_the_body_as_text(depth):
    nest = b"".join(b"--B%d\nContent-Type: multipart/mixed; boundary=B%d\n\n" % (i, i + 1) for i in range(depth))
    data = _mail(extra=b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B0\n",
                 body=nest + b"--B%d\nContent-Type: text/plain\n\nDeep part.\n" % depth)
    m = read_mail_bytes(data, strict=True)
    assert m.headers.from_name == "Ann Lee" and m.headers.subject == "Incident"
    assert m.body[0] == "--B0" and "Deep part." in m.body
    assert "MIME parts nested too deep to read: the body is kept as raw text" in m.warnings
