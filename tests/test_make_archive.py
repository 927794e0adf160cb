"""The benchmark archive generator: deterministic for a seed, and a valid mbox of real-looking threads.

No timings here: the figures come from ``benchmarks/run.py``.
"""
from __future__ import annotations

import email.header
import email.utils
import hashlib
import importlib.util
import mailbox
import os
import re
import sys

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..")
_spec = importlib.util.spec_from_file_location("make_archive", os.path.join(ROOT, "benchmarks", "make_archive.py"))
make_archive = importlib.util.module_from_spec(_spec)
sys.modules["make_archive"] = make_archive  # dataclasses look their module up
_spec.loader.exec_module(make_archive)

# One attribution (first line) per style, as the generator must write it for a parent sent by Ben Wilson
# on Tue 7 Oct 2025 04:52:56 -0700, read by a person in the given zone (the parent's zone for mutt).
ATTRIBUTION_CASES = [
    ("gmail", -420, "On Tue, Oct 7, 2025 at 4:52 AM Ben Wilson <bwilson@mozilla.com> wrote:"),
    ("gg", 480, "On Tuesday, October 7, 2025 at 7:52:56\u202fPM UTC+8 Ben Wilson wrote:"),
    ("mutt", 0, "On Tue, Oct 07, 2025 at 04:52:56AM -0700, Ben Wilson wrote:"),
    ("thunderbird-el", 120, "On 07/10/2025 1:52 μ.μ., Ben Wilson wrote:"),
    ("thunderbird-en", 60, "On 07/10/2025 12:52, Ben Wilson wrote:"),
    ("vi", 420, "Vào lúc 18:52:56 UTC+7 ngày Thứ Ba, 7 tháng 10, 2025, Ben Wilson đã viết:"),
    ("outlook", -420, "-----Original Message-----"),
]


def _digest(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c = (str(tmp_path / n) for n in ("a.mbox", "b.mbox", "c.mbox"))
    make_archive.generate(a, messages=60, seed=7)
    make_archive.generate(b, messages=60, seed=7)
    make_archive.generate(c, messages=60, seed=8)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_valid_mbox_with_resolvable_threading(tmp_path):
    path = str(tmp_path / "small.mbox")
    stats = make_archive.generate(path, messages=200, seed=3)
    assert stats.messages == 200
    assert stats.bytes == os.path.getsize(path)
    box = mailbox.mbox(path)
    seen: list[str] = []
    replies = 0
    for msg in box:
        mid = msg["Message-ID"]
        assert re.fullmatch(r"<[0-9a-f]{16}\.[0-9a-f]{6}@[\w.-]+>", mid)
        assert email.utils.parsedate_to_datetime(msg["Date"]).tzinfo is not None
        name, addr = email.utils.parseaddr(str(msg["From"]))
        assert name and "@" in addr
        parent = msg["In-Reply-To"]
        if parent:
            replies += 1
            assert parent in seen  # the archive is chronological: parents come first
            refs = msg["References"].split()
            assert refs[-1] == parent and all(r in seen for r in refs)
            subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
            assert subject.startswith(("Re: ", "RE: "))
        body = msg.get_payload(decode=True).decode("utf-8")
        assert body.rstrip().endswith(("listinfo/dev-security-policy", "listinfo/servercert-wg", "."))
        seen.append(mid)
    assert len(seen) == len(set(seen)) == 200
    assert replies == 200 - stats.threads


@pytest.mark.parametrize("style,reader_offset,expected", ATTRIBUTION_CASES)
def test_attribution_styles(style, reader_offset, expected):
    import random
    from datetime import datetime, timedelta, timezone

    ben = make_archive.Person("Ben Wilson", "bwilson@mozilla.com", "Mozilla", timezone(timedelta(hours=-7)), "gmail")
    reader = make_archive.Person("Reader", "r@example.org", "", timezone(timedelta(minutes=reader_offset)), style)
    parent = make_archive.Mail("<x@y>", ben, datetime(2025, 10, 7, 4, 52, 56, tzinfo=ben.tz), "Subj", "Body", "")
    lines = make_archive.attribution(style, parent, reader, random.Random(0), "dev-security-policy@mozilla.org")
    assert lines[0] == expected


def test_full_quote_nests_parent_and_depth_profile(tmp_path):
    path = str(tmp_path / "depth.mbox")
    stats = make_archive.generate(path, messages=20, seed=5, depth_profile=10)
    assert (stats.messages, stats.threads) == (20, 2)
    box = list(mailbox.mbox(path))
    bodies = [m.get_payload(decode=True).decode("utf-8") for m in box]
    # every reply of a chain contains the whole body of its parent (quoted or in an Outlook block)
    for parent, child in zip(bodies[:9], bodies[1:10], strict=True):
        own_parent = parent.split("\n\n_____")[0].split("\n\n-- \nYou received")[0]
        first = own_parent.strip().split("\n")[0]
        assert first in child
    assert box[9]["In-Reply-To"] == box[8]["Message-ID"]
    assert box[10]["In-Reply-To"] is None  # the second chain starts


def test_paragraphs_come_from_corpora_without_quote_markers_or_chrome():
    paras = make_archive.load_paragraphs()
    assert len(paras) > 200
    for p in paras:
        assert not p.startswith(">")
        assert "wrote:" not in p and "mailing list" not in p and "You received this" not in p
    sheca = "Thank you for your professional reply. SHECA will rigorously verify the two"
    assert any(sheca in p for p in paras)


def test_quote_lines_adds_one_level():
    assert make_archive.quote_lines("a\n\n> b\n>> c") == ["> a", ">", ">> b", ">>> c"]


def test_split_monthly_keeps_every_byte_in_month_files(tmp_path):
    path = str(tmp_path / "a.mbox")
    make_archive.generate(path, messages=40, seed=2)
    files = make_archive.split_monthly(path, str(tmp_path / "monthly"))
    names = [os.path.basename(f) for f in files]
    assert names == sorted(names) and all(re.fullmatch(r"20\d\d-\d\d-[A-Z][a-z]+\.mbox", n) for n in names)
    joined = b"".join(open(f, "rb").read() for f in files)
    assert joined == open(path, "rb").read()
    assert sum(len(mailbox.mbox(f)) for f in files) == 40
