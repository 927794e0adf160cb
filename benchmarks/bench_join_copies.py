"""CPU seconds of parsing one long thread of e-mails whose texts open with the same words (a form, a bot's comment),
and of ``join_copies`` inside it (threadkb.parse.threading: copies of one message), by shape:

  form      the hostile sweep's many-subsections thread: n mails "In my reading subsection 2 applies to batch i."
            by 50 authors, each replying to the one before (no quotes)
  quoting   the same, each reply quoting its parent under "On <date>, User k wrote:" (a quoted copy per mail)
  first     the same, each reply quoting the first mail (n - 1 quoted copies of one mail)
  one-id    n mails of one Message-ID and author, 60 words, one word changed in each (review12a: 2,000 took 9 s
            at 5cb66c6; not reproduced at b584b82 in nine variants, see notes13/hostile13.md)
  anonymous ``join_copies`` alone on n mails of the form by 50 authors and n quoted copies of them with no author
            (quotes under an attribution without a name): each copy's opening is in every mail and copy

    .venv/bin/python benchmarks/bench_join_copies.py --messages 1000 2000 4000 [--shapes form]

Prints one line per shape and size: parse and join_copies CPU seconds, and a digest of the parse (the prediction
JSON: equal before and after a change that keeps the output). A base version runs with its package first on
PYTHONPATH (the script's folder, not the worktree, is first on sys.path)."""
from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hostile_sweep import _mail

import threadkb.parse as P
from threadkb.models import MAIL_ORIGIN, Message, TextLine
from threadkb.pipeline import prediction, sources

SHAPES = ("form", "quoting", "first", "one-id", "anonymous")


def mbox(shape: str, n: int) -> str:
    if shape == "one-id":
        words = [f"word{i}" for i in range(60)]
        return "".join(f"From a@example.org Mon Jan  1 00:00:00 2024\nFrom: Ann <a@example.org>\nSubject: s\n"
                       f"Date: Mon, 1 Jan 2024 {i // 60 % 24:02d}:{i % 60:02d}:00 +0000\nMessage-ID: <same@example.org>"
                       f"\n\n{' '.join(words[:i % 60] + [f'changed{i}'] + words[i % 60 + 1:])}\n\n" for i in range(n))

    def body(i: int) -> str:
        own = f"In my reading subsection 2 applies to batch {i}."
        if shape != "form" and i:
            q = i - 1 if shape == "quoting" else 0
            return (f"{own}\n\nOn Mon, {1 + q // 1440 % 28} Jan 2024 at {q % 1440 // 60:02d}:{q % 60:02d},"
                    f" User {q % 50} <u{q % 50}@example.org> wrote:\n"
                    f"> In my reading subsection 2 applies to batch {q}.")
        return own

    return "".join(_mail(i, body(i), i - 1 if i else None, subject="Re: 4.9.1.1 deadline") for i in range(n))


def anonymous(n: int) -> tuple[float, float, str, int]:
    """``join_copies`` on n mails and n anonymous quoted copies of them (no parse: an mbox's quotes are spans)."""
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    form = "In my reading subsection 2 applies to batch {}."
    messages = [Message(key=f"m{i}", source="s", author=f"User {i % 50}", date=t0 + timedelta(minutes=i),
                        origin=MAIL_ORIGIN, message_id=f"<m{i}@x>", lines=[TextLine(form.format(i), i, 0)])
                for i in range(n)]
    messages += [Message(key=f"q{i}", source="s", origin="attribution:en", depth=1, partial=True,
                         lines=[TextLine(form.format(i), n + i, 0)]) for i in range(n)]
    start = time.process_time()
    out = P.join_copies(messages)
    spent = time.process_time() - start
    digest = hashlib.sha256(json.dumps([(m.key, m.author, str(m.date), m.copies) for m in out]).encode()).hexdigest()
    return spent, spent, digest[:16], len(out)


def run(shape: str, n: int) -> tuple[float, float, str, int]:
    if shape == "anonymous":
        return anonymous(n)
    spent = [0.0]
    real = P.join_copies

    def timed(messages):
        start = time.process_time()
        out = real(messages)
        spent[0] += time.process_time() - start
        return out

    P.join_copies = timed
    try:
        path = Path(tempfile.gettempdir()) / f"bench-join-copies-{shape}-{n}.mbox"  # one name: the digest reads it
        path.write_text(mbox(shape, n), encoding="utf-8")
        start = time.process_time()
        threads = [P.parse(src) for src in sources([str(path)])]
        total = time.process_time() - start
        digest = hashlib.sha256(json.dumps([prediction(t) for t in threads], sort_keys=True,
                                           ensure_ascii=False).encode()).hexdigest()[:16]
        path.unlink()
    finally:
        P.join_copies = real
    return total, spent[0], digest, sum(len(t.messages) for t in threads)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, nargs="+", default=[1000, 2000, 4000])
    ap.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    args = ap.parse_args()
    for shape in args.shapes:
        for n in args.messages:
            total, join, digest, messages = run(shape, n)
            print(f"{shape:8s} {n:6d} mails: parse {total:8.2f} s CPU, join_copies {join:8.2f} s; "
                  f"{messages} messages; digest {digest}", flush=True)


if __name__ == "__main__":
    main()
