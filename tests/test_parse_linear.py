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

import pytest

import threadkb.parse as P
from counting import CountingList
from test_quote_depths import _page
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
