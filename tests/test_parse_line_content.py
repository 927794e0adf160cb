"""The "every line accounted for" check compares the lines themselves, not only their number.

Class of defect: a parse that puts the right number of lines in each role but the wrong text (a line swapped
with another, rewritten, held twice, or taken from another place) passed a count-only check. Each case below
tampers with a real parse of a corpus file in one such way: the count-only conditions of
test_parse.test_every_line_accounted_for_exactly_once still hold, and ``line_accounting.problems`` fails.
"""
from __future__ import annotations

import copy
import glob
import os

import pytest

from line_accounting import problems
from threadkb.ingest import ingest
from threadkb.models import LineRole
from threadkb.parse import parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _thread(prefix: str):
    (path,) = glob.glob(os.path.join(ROOT, "corpora", prefix + "*"))
    src = ingest(path)[0]
    return src, parse(src)


def count_only(src, t) -> bool:
    """The conditions the test checked before: one role per piece, every line has one, own lines by place."""
    seen = {(a.index, a.col) for a in t.assignments}
    if len(seen) != len(t.assignments) or {i for i, _ in seen} != set(range(len(src.lines))):
        return False
    for m in t.messages:
        own = [(a.index, a.col) for a in t.assignments if a.message == m.key and a.role == LineRole.OWN]
        if not (sorted((tl.index, tl.col) for tl in m.lines) == sorted(own) or len(m.lines) == len(own)):
            return False
    return True


def _own(t, min_lines=2):
    return next(m for m in t.messages if sum(1 for tl in m.lines if tl.text.strip()) >= min_lines)


def swap_two_own_lines(t):
    m = _own(t)
    a, b = [tl for tl in m.lines if tl.text.strip()][:2]
    a.text, b.text = b.text, a.text


def rewrite_own_line(t):
    tl = next(tl for tl in _own(t).lines if tl.text.strip())
    tl.text = tl.text.replace(tl.text.strip()[0], "X", 1) if tl.text.strip()[0] != "X" else "Y" + tl.text[1:]


def hold_another_line(t):  # a role holds a line of another message, at the place of its own
    m1, m2 = [m for m in t.messages if any(tl.text.strip() for tl in m.lines)][:2]
    tl1 = next(tl for tl in m1.lines if tl.text.strip())
    tl2 = next(tl for tl in m2.lines if tl.text.strip() and tl.text != tl1.text)
    tl1.text = tl2.text


def reorder_own_lines(t):
    m = _own(t)
    m.lines.reverse()


def rewrite_document_quote(t):
    m = next(m for m in t.messages if m.document_quotes)
    d = m.document_quotes[0]
    m.document_quotes[0] = copy.replace(d, text=d.text.replace(d.text.strip()[:5], "ZZZZZ", 1)) \
        if hasattr(copy, "replace") else type(d)(d.text.replace(d.text.strip()[:5], "ZZZZZ", 1), d.lines,
                                                  d.document, d.section, d.intro)


def move_header_lines(t):  # a message's header points at other lines than its attribution
    key = next(a.message for a in t.assignments if a.role == LineRole.HEADER and a.message)
    m = next(m for m in t.messages if m.key == key)
    m.header_lines = (m.header_lines[1] + 1000, m.header_lines[1] + 1001)


def rewrite_signature(t):
    key = next(a.message for a in t.assignments if a.role == LineRole.SIGNATURE and a.message)
    m = next(m for m in t.messages if m.key == key)
    m.signature = [s.upper() + "x" for s in m.signature]


@pytest.mark.parametrize("prefix,tamper", [
    ("mdsp-2025-10-sheca", swap_two_own_lines), ("mdsp-2025-10-sheca", rewrite_own_line),
    ("mdsp-2025-10-sheca", hold_another_line), ("mdsp-2025-10-sheca", reorder_own_lines),
    ("030_", swap_two_own_lines), ("027_", hold_another_line), ("063_", rewrite_document_quote),
    ("033_", move_header_lines), ("050_", move_header_lines), ("033_", rewrite_signature),
    ("004_", rewrite_signature),
])
def test_a_tampered_parse_passes_the_count_and_fails_the_content_check(prefix, tamper):
    src, t = _thread(prefix)
    assert problems(src, t) == []  # the real parse: every line where its role says
    tamper(t)
    assert count_only(src, t)  # the old check does not see it
    assert problems(src, t) != []
