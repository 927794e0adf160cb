"""CPU seconds and peak RSS of ``join_copies`` (threadkb.parse.threading: copies of one message) on huge threads
whose texts open alike, where the texts found inside others fill several of ``_copies_inside``'s word automata
(``copy_automaton_max_words`` = 200,000 words each, capmem13), by shape:

  last     n mails of a 9-word form by 50 authors and n quoted copies of them with no author, the form's last word
           differing (bench_join_copies' ``anonymous``): every copy is a copy of the same middle
  middle   the same with a form of 12 words, the ninth differing (a middle of its own per mail, all opening alike)
  letters  n mails of 62 words by 50 authors opening with the same 10 words, then words of their own (a form letter
           with its own body), and n quoted copies of them with no author
  quoted   n mails of 60 words of their own (no common opening) and n quoted copies (the control: every text was
           read only by the automaton holding its opening already)

    .venv/bin/python benchmarks/bench_copy_automata.py --messages 25000 50000 100000 [--shapes last letters]
    .venv/bin/python benchmarks/bench_copy_automata.py --messages 2500 5000 10000 --max-words 20000

``--max-words`` sets ``copy_automaton_max_words`` for the run: the words² / limit of several automata shows at a
tenth of the size with a tenth of the limit.

Each size runs in a child process (its peak RSS is its own). Prints per shape and size: the words of the texts, the
CPU seconds of ``join_copies``, the peak RSS before it (the texts: the floor) and after it, and a digest of its
output (equal before and after a change that keeps the output). A base version runs with its package first on
``PYTHONPATH``."""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

SHAPES = ("last", "middle", "letters", "quoted")


def text(shape: str, i: int) -> str:
    if shape == "last":
        return f"In my reading subsection 2 applies to batch {i}."
    if shape == "middle":
        return f"In my reading subsection 2 applies to batch {i} of the list."
    body = " ".join(f"w{(i * 61 + t) % 1_000_003}" for t in range(52 if shape == "letters" else 60))
    return f"Dear members of the forum, please note the following: {body}" if shape == "letters" else body


def one(shape: str, n: int, max_words: int | None) -> None:
    import dataclasses

    from threadkb import mailthreads
    from threadkb.models import MAIL_ORIGIN, Message, TextLine
    from threadkb.parse import join_copies, threading
    if max_words:  # the same mechanism at a smaller scale: automata of fewer words each
        rules = dataclasses.replace(mailthreads.subject_rules(), copy_automaton_max_words=max_words)
        threading.subject_rules = lambda: rules  # type: ignore[assignment]
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    messages = [Message(key=f"m{i}", source="s", author=f"User {i % 50}", date=t0 + timedelta(minutes=i),
                        origin=MAIL_ORIGIN, message_id=f"<m{i}@x>", lines=[TextLine(text(shape, i), i, 0)])
                for i in range(n)]
    messages += [Message(key=f"q{i}", source="s", origin="attribution:en", depth=1, partial=True,
                         lines=[TextLine(text(shape, i), n + i, 0)]) for i in range(n)]
    words = sum(len(m.text.split()) for m in messages)
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    out = join_copies(messages)
    spent = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest = hashlib.sha256(json.dumps([(m.key, m.copies) for m in out]).encode()).hexdigest()[:16]
    print(f"{shape:8s} {n:7d} mails, {words:9d} words: join_copies {spent:8.2f} s CPU; peak RSS {floor / 1024:6.0f} MB"
          f" before, {peak / 1024:6.0f} MB after; {len(out)} messages; digest {digest}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, nargs="+", default=[25000, 50000, 100000])
    ap.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    ap.add_argument("--max-words", type=int, default=0,
                    help="copy_automaton_max_words for the run (default: the table's, 200,000)")
    ap.add_argument("--one", nargs=2, metavar=("SHAPE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args.one[0], int(args.one[1]), args.max_words)
        return
    for shape in args.shapes:
        for n in args.messages:
            subprocess.run([sys.executable, __file__, "--one", shape, str(n), "--max-words", str(args.max_words)],
                           check=True)


if __name__ == "__main__":
    main()
