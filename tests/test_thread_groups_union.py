"""The mails of one Message-ID are one thread (``ingest.mail._thread_groups``): the union of the roots of their
groups walks each chain of joined roots once.

Class of input: an mbox in which many Message-IDs are each found twice, once in a mail of its own and once in a
reply to one mail (reposts, a hostile or broken archive). Each such Message-ID joined the big group to a new root
(``joined[big] = new``), so the chain of joined roots grew by one per Message-ID and every later look-up walked it
whole: 8,000 pairs took 4 s, 16,000 four times that. Measured here by the steps of the look-up (``sys.settrace``),
never by time.
"""
from __future__ import annotations

import sys

import pytest

from threadkb.ingest.mail import ThreadingFields, _thread_groups


def reposts(n: int) -> list[ThreadingFields]:
    """Mail 0 (<p@x>), then n pairs: a mail <xK@x> of its own, and a reply to <p@x> with the same Message-ID."""
    mails = [ThreadingFields("p", "<p@x>", (), None)]
    for k in range(n):
        mails += [ThreadingFields(f"s{k}", f"<x{k}@x>", (), None),
                  ThreadingFields(f"r{k}", f"<x{k}@x>", ("<p@x>",), None)]
    return mails


def lookup_steps(mails: list[ThreadingFields]) -> tuple[list[list[int]], int]:
    """The groups, and how many lines the look-up of a group's root (``group_of``) ran."""
    steps = 0

    def local(frame, event, arg):
        nonlocal steps
        if event == "line":
            steps += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_name == "group_of" else None

    sys.settrace(calls)
    try:
        groups = _thread_groups(mails)
    finally:
        sys.settrace(None)
    return groups, steps


@pytest.mark.parametrize("n", [200, 800])
def test_one_message_id_twice_many_times_is_linear(n):
    groups, steps = lookup_steps(reposts(n))
    assert groups == [list(range(2 * n + 1))]  # one thread: every pair joins the reply's group
    # before: 162,406 steps for 200 pairs, 2,569,606 for 800 (the chain walked whole per look-up)
    assert steps <= 60 * n  # after: 8,796 and 35,196 (44 per pair)


@pytest.mark.parametrize("mails, groups", [
    # two copies of a reply whose parent is not in the mbox: one thread
    ([ThreadingFields("a", "<a@x>", ("<gone@x>",), None), ThreadingFields("b", "<b@x>", (), None),
      ThreadingFields("a", "<a@x>", ("<gone@x>",), None)], [[0, 2], [1]]),
    # two Message-IDs twice, apart: two threads, and a fifth mail of its own
    ([ThreadingFields("m", "<m@x>", (), None), ThreadingFields("n", "<n@x>", (), None),
      ThreadingFields("m", "<m@x>", ("<q@x>",), None), ThreadingFields("n", "<n@x>", ("<m2@x>",), None),
      ThreadingFields("z", "<z@x>", (), None)], [[0, 2], [1, 3], [4]]),
    # joined through a reply: the second <n@x> answers <m@x>, so its group and both <n@x> are one
    ([ThreadingFields("m", "<m@x>", (), None), ThreadingFields("n", "<n@x>", (), None),
      ThreadingFields("m", "<m@x>", ("<q@x>",), None), ThreadingFields("n", "<n@x>", ("<m@x>",), None),
      ThreadingFields("z", "<z@x>", (), None)], [[0, 1, 2, 3], [4]]),
    # no Message-ID twice: JWZ's groups as they are
    ([ThreadingFields("u", "<u@x>", (), None), ThreadingFields("v", "<v@x>", ("<u@x>",), None),
      ThreadingFields("w", "<w@x>", (), None)], [[0, 1], [2]]),
])
def test_groups_of_one_message_id(mails, groups):
    assert _thread_groups(mails) == groups
