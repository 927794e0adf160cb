"""An mbox whose ``From `` separator line is not preceded by a blank line (mboxo and sloppy exporters that do not end
each mail with an empty line) still splits into its mails: a separator of the whole ctime form mbox writers print
starts a mail after any line (``ingest.mail._CTIME_FROM_LINE``); a looser ``From `` line still needs the blank. A
mail whose Content-Length ends where the mbox goes on keeps every ``From `` line inside its body (mboxcl2)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from threadkb.ingest.mail import index_mbox, iter_mbox

HERE = Path(__file__).resolve().parent
REAL = [HERE / "fixtures" / "mail" / "thread3.mbox",
        HERE.parents[1] / "shared" / "yardsticks" / "mbox" / "data" / "numpy-discussion-2001-11.mbox",
        HERE.parents[1] / "shared" / "yardsticks" / "mbox" / "data" / "notmuch-list-2009.mbox"]
_BLANK_BEFORE_SEPARATOR = re.compile(rb"\n(?:\r?\n)+(?=From \S+(?: at \S+)? +\w{3} +\w{3} +\d)")


def _subjects(path: Path) -> list[bytes]:
    return [re.search(rb"(?mi)^subject:.*$", data).group(0).rstrip() if re.search(rb"(?mi)^subject:", data) else b""
            for data, _ in iter_mbox(str(path))]


@pytest.mark.parametrize("real", REAL, ids=lambda p: p.name)
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_real_mbox_without_blank_lines_before_separators_splits_the_same(tmp_path, real, newline):
    if not real.exists():
        pytest.skip(f"{real} is not here")
    data = real.read_bytes()
    sloppy = _BLANK_BEFORE_SEPARATOR.sub(b"\n", data)
    assert sloppy.count(b"\n") < data.count(b"\n")  # blank lines were taken out
    if newline != b"\n":
        sloppy = sloppy.replace(b"\n", newline)
    p = tmp_path / "sloppy.mbox"
    p.write_bytes(sloppy)
    assert _subjects(p) == _subjects(real)
    assert sum(len(t.mails) for t in index_mbox(str(p))) == sum(len(t.mails) for t in index_mbox(str(real)))


@pytest.mark.parametrize("separator", [
    b"From alice@example.org Mon Mar  4 09:00:00 2024",  # ctime, as mutt and procmail write it
    b"From - Mon Mar 04 09:00:00 2024",  # Thunderbird
    b"From MAILER-DAEMON Mon Mar  4 09:00 2024",  # without seconds
    b"From alice@example.org Mon Mar  4 09:00:00 +0000 2024",  # a zone before the year
    b"From alice@example.org Mon Mar  4 09:00:00 UTC 2024",
    b"From alice at example.org  Mon Mar  4 09:00:00 2024",  # pipermail
])
def test_ctime_separator_right_after_a_body_line(tmp_path, separator):
    p = tmp_path / "m.mbox"
    p.write_bytes(b"From bob@example.org Sun Mar  3 08:00:00 2024\nFrom: Bob <bob@example.org>\nSubject: one\n\n"
                  b"first body, no blank line after it\n" + separator + b"\nFrom: Alice <alice@example.org>\n"
                  b"Subject: two\n\nsecond body\n")
    assert [d for d, _ in iter_mbox(str(p))] == [
        b"From: Bob <bob@example.org>\nSubject: one\n\nfirst body, no blank line after it\n",
        b"From: Alice <alice@example.org>\nSubject: two\n\nsecond body\n"]


@pytest.mark.parametrize("line", [
    b"From Monday on, the CA revokes within 24 hours, as of March 2024",  # prose that ends with a year
    b"From alice@example.org sometime in 2024",  # not the ctime form
    b"From alice@example.org Mon Mar  4 09:00:00 2024",  # the ctime form, but no header line after it
    b"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001",  # git format-patch, pasted
])
def test_body_line_starting_with_from_does_not_split(tmp_path, line):
    after = b"the body goes on here\n" if b"Mon Mar" in line else b"From: Ann <ann@example.org>\n"
    body = b"first line of the body\n" + line + b"\n" + after
    p = tmp_path / "m.mbox"
    p.write_bytes(b"From bob@example.org Sun Mar  3 08:00:00 2024\nFrom: Bob <bob@example.org>\nSubject: one\n\n"
                  + body)
    assert [d for d, _ in iter_mbox(str(p))] == [b"From: Bob <bob@example.org>\nSubject: one\n\n" + body]


# mboxcl2 does not escape "From " lines in bodies: it gives each mail's body length in Content-Length. A "From " line
# inside that many bytes is body, even in the ctime form right after a body line and with a header-like line after it
# (a raw mail pasted into a body). Without the header, or with a length that does not end where the mbox goes on (a
# body changed after it was counted), the separator rules stay as they are.
_FIRST_HEADERS = b"From alice@example.org Mon Mar  4 09:00:00 2024\nFrom: Alice <alice@example.org>\nSubject: raw\n"
_SECOND = b"From carol@example.org Tue Mar  5 10:00:00 2024\nFrom: Carol <carol@example.org>\nSubject: next\n\nhi\n"
_PASTED = [
    b"Here is the raw mail as our MTA logged it:\nFrom bob@example.org Mon Mar  4 08:00:00 2024\n"
    b"Received: from mx by mail\n\nend of paste\n",  # right after a body line (the ctime rule)
    b"Here is the raw mail as our MTA logged it:\n\nFrom bob@example.org Mon Mar  4 08:00:00 2024\n"
    b"Received: from mx by mail\n\nend of paste\n",  # after a blank line (the older rule)
    b"From bob@example.org Mon Mar  4 08:00:00 2024\nReceived: from mx by mail\n\nend of paste\n",  # first body line
]


def _mbox(tmp_path, body: bytes, length: int | None, then: bytes, newline: bytes = b"\n"):
    cl = b"" if length is None else b"Content-Length: %d\n" % length
    data = (_FIRST_HEADERS + cl + b"\n" + body + then).replace(b"\n", newline)
    p = tmp_path / "cl.mbox"
    p.write_bytes(data)
    return [d for d, _ in iter_mbox(str(p))]


@pytest.mark.parametrize("body", _PASTED, ids=["after-body-line", "after-blank", "first-line"])
@pytest.mark.parametrize("then", [b"", b"\n" + _SECOND, _SECOND], ids=["last", "blank-then-next", "next"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"], ids=["lf", "crlf"])
def test_content_length_keeps_a_from_line_in_the_body(tmp_path, body, then, newline):
    length = len(body.replace(b"\n", newline))
    mails = _mbox(tmp_path, body, length, then, newline)
    first = (_FIRST_HEADERS[_FIRST_HEADERS.index(b"\n") + 1:] + b"Content-Length: %d\n\n" % len(
        body.replace(b"\n", newline)) + body).replace(b"\n", newline)
    assert mails[0] == first + (newline if then.startswith(b"\n") else b"")
    assert [re.search(rb"Subject: (\w+)", m).group(1) for m in mails] == [b"raw"] + ([b"next"] if then else [])


@pytest.mark.parametrize("body", _PASTED[:2], ids=["after-body-line", "after-blank"])
@pytest.mark.parametrize("length", [None, 10, -5, 10_000], ids=["none", "short", "long-by-5", "beyond-the-file"])
def test_without_a_fitting_content_length_the_from_line_splits(tmp_path, body, length):
    if length is not None and length < 0:
        length = len(body) - length
    mails = _mbox(tmp_path, body, length, b"\n" + _SECOND)
    assert [re.search(rb"(?:Subject|Received): (\w+)", m).group(1) for m in mails] == [b"raw", b"from", b"next"]


def _mboxcl2(data: bytes, pasted: bytes = b"") -> bytes:
    """A real mbox rewritten as mboxcl2: each mail gets the Content-Length of its body (to the next separator), its
    body opening with ``pasted`` (unescaped, as mboxcl2 leaves it)."""
    starts = [m.start() for m in re.finditer(rb"(?m)(?:\A|(?<=\n\n))From \S+(?: at \S+)? +\w{3} +\w{3} +\d", data)]
    out = [data[:starts[0]]]
    for a, b in zip(starts, starts[1:] + [len(data)], strict=True):
        mail = data[a:b]
        cut = mail.index(b"\n\n") + 1
        body = pasted + mail[cut + 1:]
        out.append(mail[:cut] + b"Content-Length: %d\n\n" % len(body) + body)
    return b"".join(out)


@pytest.mark.parametrize("real", REAL, ids=lambda p: p.name)
@pytest.mark.parametrize("pasted", [b"", _PASTED[0], _PASTED[2]], ids=["plain", "pasted-after-line", "pasted-first"])
def test_real_mbox_with_content_lengths_splits_the_same(tmp_path, real, pasted):
    if not real.exists():
        pytest.skip(f"{real} is not here")
    p = tmp_path / "cl2.mbox"
    p.write_bytes(_mboxcl2(real.read_bytes(), pasted))
    assert _subjects(p) == _subjects(real)
    assert sum(len(t.mails) for t in index_mbox(str(p))) == sum(len(t.mails) for t in index_mbox(str(real)))
    if pasted:  # the same without the lengths splits at every pasted line
        bare = tmp_path / "bare.mbox"
        bare.write_bytes(re.sub(rb"(?m)^Content-Length: \d+\n", b"", p.read_bytes()))
        assert len(_subjects(bare)) == 2 * len(_subjects(real))
