"""Parse steps that read a page once, not once per message (hostile: thousands of messages in one page):

- ``threading._opening_found_in`` looks a text's openings up by their first ``k`` words (was a comparison with every
  text opening with the same word: 20 s for a page of 400 posts quoting lines that all open with "quoted");
- ``parse._drop_empty`` gives the lines of every dropped draft back in one pass over the lines (was one per dropped
  draft: 6.7 s on that page).
Both give what the old definitions gave (oracle: the pairs; parse --lines of the corpus, yardsticks and fixtures is
unchanged), and read their input a bounded number of times.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

import threadkb.parse as P
from counting import CountingList
from test_quote_depths import _page
from threadkb.models import MAIL_ORIGIN, Message, TextLine
from threadkb.parse import parse, threading


def _pairs_by_scan(words: list[list[str]], k: int) -> set[tuple[int, int]]:
    """The definition before the index (the oracle)."""
    openings: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        if len(w) >= k:
            openings.setdefault(w[0], []).append(i)
    pairs = set()
    for j, w in enumerate(words):
        for s in range(len(w) - k + 1):
            for i in openings.get(w[s], ()):
                if i != j and w[s:s + k] == words[i][:k]:
                    pairs.add((i, j))
    return pairs


@pytest.mark.parametrize("seed", range(40))
def test_openings_found_as_the_scan_found_them(seed):
    rng = random.Random(seed)
    vocab = ["a", "b", "c", "d"][: rng.randint(1, 4)]  # few words: many texts open alike, copies inside others
    words = [[rng.choice(vocab) for _ in range(rng.randint(0, 9))] for _ in range(rng.randint(1, 12))]
    k = rng.randint(1, 4)
    assert threading._opening_found_in(words, k) == _pairs_by_scan(words, k)


class _CountingWords(list):
    slices = 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            _CountingWords.slices += 1
        return list.__getitem__(self, key)


@pytest.mark.parametrize("n", [300, 1200])
def test_openings_are_looked_up_not_compared_with_every_text(n):
    """``n`` texts opening with the same word, each holding its own opening and the next text's: the pairs are
    (i+1, i), read with a bounded number of slices (old: one per position and text opening with that word)."""
    words = [_CountingWords(["quoted", f"line{i}", "of", "quoted", f"line{i + 1}", "of"]) for i in range(n)]
    _CountingWords.slices = 0
    assert threading._opening_found_in(words, 3) == {(i + 1, i) for i in range(n - 1)}
    assert _CountingWords.slices <= 3 * sum(len(w) for w in words)


def test_dropped_drafts_give_their_lines_back_in_one_pass(monkeypatch):
    """A page of 150 posts (tests/test_quote_depths): 100 drafts of it have no words of their own (dropped)."""
    real = P._drop_empty
    seen = {}

    def counted(drafts, vlines):
        CountingList.reads = 0
        kept = real(drafts, CountingList(vlines))
        seen.update(lines=len(vlines), reads=CountingList.reads, dropped=len(drafts) - len(kept))
        return kept

    monkeypatch.setattr(P, "_drop_empty", counted)
    thread = parse(_page(150, 20))
    assert (len(thread.messages), seen["dropped"]) == (250, 100)
    assert seen["reads"] <= seen["lines"]


# --------------------------------------------------------------------------- many e-mails that open alike


@pytest.mark.parametrize("seed", range(40))
def test_openings_by_side_are_the_scan_s_pairs_join_copies_would_read(seed):
    """With sides (e-mail or not, author), the pairs are the scan's less those ``join_copies`` refuses: two e-mails,
    two authors."""
    rng = random.Random(seed)
    vocab = ["a", "b", "c", "d"][: rng.randint(1, 4)]
    words = [[rng.choice(vocab) for _ in range(rng.randint(0, 9))] for _ in range(rng.randint(1, 12))]
    sides = [(rng.random() < .5, rng.choice([None, "x", "y"])) for _ in words]
    k = rng.randint(1, 4)
    expected = {(i, j) for i, j in _pairs_by_scan(words, k) if not (sides[i][0] and sides[j][0])
                and not (sides[i][1] and sides[j][1] and sides[i][1] != sides[j][1])}
    assert threading._opening_found_in(words, k, sides) == expected


def _mail(i, author, text, date=None):
    return Message(key=f"m{i}", source="s", author=author, date=date, origin=MAIL_ORIGIN, message_id=f"<m{i}@x>",
                   lines=[TextLine(text, i, 0)])


def _copy(key, author, text, depth=1):
    return Message(key=key, source="s", author=author, origin="attribution:en", depth=depth, partial=True,
                   lines=[TextLine(text, 0, 0)])


def _form(i):
    return f"In my reading subsection 2 applies to batch {i}. Thanks for the quick answer."


def _many_mails(n, shape):
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    if shape == "authors":  # the sweep's many-subsections: 50 authors, a minute apart
        return [_mail(i, f"User {i % 50}", _form(i), t0 + timedelta(minutes=i)) for i in range(n)]
    if shape == "anonymous":  # no author, no date
        return [_mail(i, None, _form(i)) for i in range(n)]
    if shape == "copies":  # and quoted copies of every 100th mail: by its author, and one without author
        ms = [_mail(i, f"User {i % 50}", _form(i), t0 + timedelta(minutes=i)) for i in range(n)]
        ms += [_copy(f"q{i}", f"User {i % 50}", _form(i)) for i in range(0, n, 100)]
        return [*ms, _copy("anon", None, _form(7))]
    # one author in one minute, every other mail's Date without zone (a patch series; a zone-less Date header)
    return [_mail(i, "Bot", _form(i), datetime(2024, 1, 1, 9, 0) if i % 2 else t0.replace(hour=9)) for i in range(n)]


@pytest.mark.parametrize("n", [300, 1200])
@pytest.mark.parametrize("shape", ["authors", "anonymous", "copies", "one-minute"])
def test_many_mails_that_open_alike_make_no_pair_of_two_mails(monkeypatch, n, shape):
    """``n`` e-mails whose texts open with the same words (a form, a bot's comment): ``join_copies`` made every pair
    of them whose openings matched (n²) and dropped each (two e-mails are one only with the same words), and compared
    every zone-less mail of an author and minute with every zoned one (``_share``, n²/4) though no e-mail can join
    another. Now the pairs made are those of a quoted copy and a mail that can join; the copies still join."""
    real_pairs, real_share = threading._opening_found_in, threading._share
    seen = {"pairs": 0, "shares": 0}

    def pairs(*args):
        found = real_pairs(*args)
        seen["pairs"] += len(found)
        return found

    def share(a, b):
        seen["shares"] += 1
        return real_share(a, b)

    monkeypatch.setattr(threading, "_opening_found_in", pairs)
    monkeypatch.setattr(threading, "_share", share)
    out = threading.join_copies(_many_mails(n, shape))
    copies = {m.key: m.copies for m in out if m.copies}
    if shape == "copies":
        assert copies == {"m7": ["anon"], **{f"m{i}": [f"q{i}"] for i in range(0, n, 100)}}
        # c copies, all by User 0: each meets that author's n/50 mails and the other copies (both ways); the anonymous
        # one every mail and every copy (both ways)
        c = n // 100
        assert seen == {"pairs": 2 * c * (n // 50) + c * (c - 1) + 2 * n + 2 * c, "shares": 0}
    else:
        assert (len(out), copies, seen) == (n, {}, {"pairs": 0, "shares": 0})
