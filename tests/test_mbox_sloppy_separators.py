"""An mbox whose ``From `` separator line is not preceded by a blank line (mboxo and sloppy exporters that do not end
each mail with an empty line) still splits into its mails: a separator of the whole ctime form mbox writers print
starts a mail after any line (``ingest.mail._CTIME_FROM_LINE``); a looser ``From `` line still needs the blank."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from threadkb.ingest.mail import index_mbox, iter_mbox

HERE = Path(__file__).resolve().parent
REAL = [HERE / "fixtures" / "mail" / "thread3.mbox",
        HERE.parents[1].parent / "shared" / "yardsticks" / "mbox" / "data" / "numpy-discussion-2001-11.mbox",
        HERE.parents[1].parent / "shared" / "yardsticks" / "mbox" / "data" / "notmuch-list-2009.mbox"]
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
