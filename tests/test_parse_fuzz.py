"""Broken variants of every corpus file (cut, re-quoted, flattened, shuffled, stray headers): the parser never
raises and still accounts for every line exactly once. Deterministic (seeded)."""
from __future__ import annotations

import glob
import os
import random

import pytest

from threadkb.models import Source
from threadkb.parse import parse

CORPORA = os.path.join(os.path.dirname(__file__), "..", "corpora")
FILES = sorted(f for f in glob.glob(os.path.join(CORPORA, "*")) if not f.endswith(".md"))
STRAY = ["On Mon, Jun 10, 2024 at 5:41 PM X wrote:", "-----Original Message-----", "From: A <a@b>",
         "Comment 3•1 year ago", "unread,", "(In reply to Z from comment #9)", "> > >", "*>*", "--",
         "You received this message because you are subscribed to the Google Groups", "Ryan argument 2: “x"]


def mutate(lines: list[str], rng: random.Random) -> list[str]:
    op = rng.randrange(6)
    lines = list(lines)
    if op == 0:
        return lines[: rng.randrange(1, len(lines) + 1)]
    if op == 1:
        for _ in range(5):
            i = rng.randrange(len(lines))
            lines[i] = ">" * rng.randrange(0, 12) + " " + lines[i]
    elif op == 2:
        i = rng.randrange(len(lines))
        lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    elif op == 3:
        return [" ".join(lines)]
    elif op == 4:
        rng.shuffle(lines)
    else:
        for _ in range(3):
            lines.insert(rng.randrange(len(lines)), rng.choice(STRAY))
    return lines


@pytest.mark.parametrize("seed", range(8))
def test_mutated_corpora_parse_and_account_for_every_line(seed):
    rng = random.Random(seed)
    for path in FILES:
        lines = mutate(open(path, encoding="utf-8").read().split("\n"), rng)
        thread = parse(Source(path=path, kind="text", lines=lines))
        seen = [(a.index, a.col) for a in thread.assignments]
        assert len(seen) == len(set(seen))
        assert {i for i, _ in seen} == set(range(len(lines)))
