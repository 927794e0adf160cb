"""The report's quoted copies (``report.model.quoted_copies``): a claim that repeats the words of an earlier claim by
someone else. The earlier claims compared are looked up by runs of words, not all of them (40 s for a thread of
2,500 messages); the result is the scan's (oracle: the definition before the index), on constructed threads with
copies inside and around each other, short claims, one author under two messages, one message's own repeats.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from threadkb.models import Claim, ClaimKind, Extraction, Message, TextLine, Thread
from threadkb.report import evidence
from threadkb.report.model import chronological, quoted_copies
from threadkb.store import normalise_text


def _copies_by_scan(ex: Extraction, order: list[Message]) -> dict[str, str]:
    rank = {m.key: i for i, m in enumerate(order)}
    authors = {m.key: (m.author or "").casefold() for m in ex.thread.messages}
    claims = sorted(ex.claims, key=lambda c: (rank.get(c.message, len(rank)), c.start))
    norms = {c.id: f" {normalise_text(c.text)} " for c in claims}
    least = evidence.table()["quoted_copy"]["min_words"]
    out: dict[str, str] = {}
    for i, c in enumerate(claims):
        words = norms[c.id]
        if len(words.split()) < least:
            continue
        for d in claims[:i]:
            if (d.message != c.message and d.id not in out and authors.get(d.message) != authors.get(c.message)
                    and (words in norms[d.id] or (len(norms[d.id].split()) >= least and norms[d.id] in words))):
                out[c.id] = d.id
                break
    return out


class _CountedClaim(Claim):
    """A claim that counts how often a comparison reads its message."""

    reads = 0

    def __getattribute__(self, name):
        if name == "message":
            _CountedClaim.reads += 1
        return super().__getattribute__(name)


def _thread(texts: list[tuple[str, str, list[str]]], claim=Claim) -> Extraction:
    """(message key, author, its claims' texts) in date order."""
    messages, claims = [], []
    for n, (key, author, said) in enumerate(texts):
        text = " ".join(said)
        when = datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(hours=n)
        messages.append(Message(key, "t.txt", author=author, date=when, lines=[TextLine(text, n, 0)]))
        pos = 0
        for k, t in enumerate(said):
            claims.append(claim(f"{key}:c{k}", key, author, ClaimKind.ASSERTION, t, pos, pos + len(t)))
            pos += len(t) + 1
    return Extraction(Thread("t.txt", messages, []), [], [], [], claims, [])


def _random_thread(seed: int) -> Extraction:
    """1-9 messages of 1-3 claims of 1-14 words from a vocabulary of 1-3 words (copies inside each other abound)."""
    rng = random.Random(seed)
    vocab = ["we", "will", "revoke"][: rng.randint(1, 3)]
    return _thread([(f"m{n}", rng.choice(["Ann", "Bob", "ann", "Cy"]),
                     [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 14))) for _ in range(rng.randint(1, 3))])
                    for n in range(rng.randint(1, 9))])


@pytest.mark.parametrize("seed", range(80))
def test_quoted_copies_are_those_of_the_scan(seed):
    ex = _random_thread(seed)
    order = chronological(ex)
    assert quoted_copies(ex, order) == _copies_by_scan(ex, order)


def test_the_constructed_threads_hold_copies_both_ways():
    found = {"copy inside": 0, "original inside": 0}
    for seed in range(80):
        ex = _random_thread(seed)
        claims = {c.id: c for c in ex.claims}
        for copy, original in quoted_copies(ex, chronological(ex)).items():
            a, b = normalise_text(claims[copy].text), normalise_text(claims[original].text)
            found["copy inside" if f" {a} " in f" {b} " else "original inside"] += 1
    assert min(found.values()) >= 10, found


@pytest.mark.parametrize("n", [200, 800])
def test_claims_are_compared_with_the_claims_sharing_their_words(n):
    """A thread of ``n`` messages by two people, each claim of its own words and the previous message's claim
    quoted in full: each quote is the copy of the claim before it; comparisons stay linear (n²/2 before)."""
    texts = [(f"m{i}", "Ann" if i % 2 else "Bob",
              [f"batch {i} number {i} was revoked on day {i} of the incident"]
              + ([f"batch {i - 1} number {i - 1} was revoked on day {i - 1} of the incident"] if i else []))
             for i in range(n)]
    ex = _thread(texts, claim=_CountedClaim)
    _CountedClaim.reads = 0
    got = quoted_copies(ex, chronological(ex))
    assert got == {f"m{i}:c1": f"m{i - 1}:c0" for i in range(1, n)}
    assert _CountedClaim.reads <= 10 * n
