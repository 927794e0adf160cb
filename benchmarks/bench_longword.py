"""What one long word costs parse+extract (issue 17's target: a 40,000-character word costs extract at most
3x the time of the same text without it).

    .venv/bin/python benchmarks/bench_longword.py [PATH] [--length N] [--repeat R]

PATH: a thread (default: the reference thread corpora/mdsp-2025-10-sheca-api-keys.txt). Each run ingests it,
then parses and extracts (with link) two versions, best of R runs each, in CPU time of this process (other
processes on the machine do not count):

* plain:      the thread as it is;
* long word:  the same thread with one message line replaced by that line followed by a word of N
              characters ("Abcdefghij" repeated; a capitalised word is the shape that was quadratic), and
  variants: the word alone on a line, a run of one capital letter, of digits, of '>' and of spaces.

Prints the times and the ratio long / plain for each variant. A fresh extract cache each run (a text met
before is not analysed again, which would hide the cost).
"""
from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def variants(n: int) -> dict[str, str]:
    return {"capitalised word": ("Abcdefghij" * (n // 10 + 1))[:n], "one capital": "A" * n, "digits": "1" * n,
            "'>' run": ">" * n, "')' run": ")" * n, "'(' run": "(" * n, "'.' run": "." * n, "spaces": " " * (n - 1) + "x", "e-mail-like": ("a.b" * n)[:n // 2] + "@" + "c.d" * (n // 6)}


def run(src, repeat: int) -> float:
    from threadkb.extract import extract
    from threadkb.link import link
    from threadkb.parse import parse

    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for ex in extract([parse(src)], cache={}):
            link(ex)
        best = min(best, time.process_time() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"))
    ap.add_argument("--length", type=int, default=40_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from threadkb.extract.nlp import get_nlp
    from threadkb.ingest import ingest

    get_nlp()  # loaded once, outside the timing
    (src,) = ingest(args.path)[:1]
    # a line of own text in the first message (the top of the file is the newest message's own words)
    at = next(i for i, line in enumerate(src.lines) if len(line.split()) >= 6 and not line.startswith(">"))
    plain = run(src, args.repeat)
    print(f"{Path(args.path).name}: {len(src.lines)} lines; the word goes after line {at + 1}")
    print(f"{'variant':<28}{'CPU s':>9}{'x plain':>9}")
    print(f"{'plain':<28}{plain:>9.2f}{1.0:>9.2f}")
    for name, word in variants(args.length).items():
        for where, lines in (("end of line", src.lines[:at] + [src.lines[at] + " " + word] + src.lines[at + 1:]),
                             ("own line", src.lines[:at + 1] + [word] + src.lines[at + 1:])):
            t = run(replace(src, lines=lines), args.repeat)
            print(f"{name + ', ' + where:<28}{t:>9.2f}{t / plain:>9.2f}")


if __name__ == "__main__":
    main()
