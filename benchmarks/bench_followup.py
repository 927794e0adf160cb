"""CPU seconds of the follow-up of one long thread (threadkb.followup: every message asks a question and makes a
commitment; ``question_state`` and ``commitment_state`` of each, judged on one day), by shape of the reply order:

  dated       a reply chain dated in order (the hostile sweep's many-messages thread)
  undated     a dated first message and an undated chain of replies under it (mbox without Date headers)
  skewed      the dated chain with one reply dated before its parent (clock skew)
  loop        the dated chain whose first message replies to the last (a loop of replies)
  page        undated comments of one page, each replying to none (the page's order)
  speaker     the dated chain written by one speaker, who reports each batch done later (one prolific speaker)
  two-pages   undated comments of two pages (two files of one thread in the knowledge base) interleaved, one speaker:
              the commitments on the first page, a report of each batch done on the second (none is later)

    .venv/bin/python benchmarks/bench_followup.py --messages 1000 10000 [--shapes dated undated]

Prints one line per shape and size; ``--check`` also prints a digest of the states (equal before and after a change
of the follow-up's index)."""
from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Hashable

from threadkb import followup

SHAPES = ("dated", "undated", "skewed", "loop", "page", "speaker", "two-pages")


def thread(shape: str, n: int) -> tuple[followup.ThreadOrder, list[followup.Question], list[followup.Promise]]:
    def stamp(i: int) -> str:
        return f"2024-01-{1 + i // 86400:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"

    posts: list[followup.Post] = []
    said: dict[Hashable, list[followup.Statement]] = {}
    one = shape in ("speaker", "two-pages")  # one speaker
    for i in range(n):
        author = "u0" if one else f"u{i % 50}"
        parent = None if shape in ("page", "two-pages") else (n - 1 if shape == "loop" and i == 0 else i - 1 if i else None)
        date = None if shape in ("page", "two-pages") or shape == "undated" and i else stamp(i)
        if shape == "skewed" and i == n // 2:
            date = "2023-12-31T00:00:00Z"
        place = ("page", i) if shape == "page" else (f"page{i % 2}", i // 2) if shape == "two-pages" else None
        posts.append(followup.Post(i, author, None, parent, date, place))
        said[i] = [followup.Statement(f"c{i}", f"We will revoke batch {i}.", author, None)]
        if shape == "two-pages" and i % 2:  # the second page reports the first page's batches done
            said[i] = [followup.Statement(f"d{i}", f"We have revoked batch {i - 1}.", author, None)]
        if shape == "speaker" and i % 10 == 9:
            said[i].append(followup.Statement(f"d{i}", "We have not revoked the remaining batch yet.", author, None))
    posts.sort(key=lambda p: (p.date is None, p.date or ""))
    order = followup.ThreadOrder(posts, lambda m: f"Can you confirm batch {m}? We will revoke batch {m}.",
                                 lambda: said)
    questions = [followup.Question(f"q{i}", i, posts[i].author) for i in range(n)]
    promises = [followup.Promise(f"c{i}", f"We will revoke batch {i}.", i, "u0" if one else f"u{i % 50}",
                                 None, deadline="2024-03-01") for i in range(0, n, 2 if shape == "two-pages" else 1)]
    return order, questions, promises


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES)
    ap.add_argument("--check", action="store_true", help="print a digest of the states")
    args = ap.parse_args()
    for shape in args.shapes:
        for n in args.messages:
            order, questions, promises = thread(shape, n)
            t = time.process_time()
            states = [followup.question_state(q, order, []) for q in questions]
            done = [followup.commitment_state(p, order, "2024-02-01") for p in promises]
            cpu = time.process_time() - t
            line = f"{shape:8} {n:6} messages: {cpu:8.2f} s CPU"
            if args.check:
                digest = hashlib.sha1(repr([(s.state, s.by, s.later_replies, s.evidence) for s in states]
                                           + [(d.state, d.by, d.text) for d in done]).encode()).hexdigest()[:12]
                line += f"  states {digest}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
