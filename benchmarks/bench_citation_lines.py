"""CPU seconds of ``find_citations`` on numbers that share one long line or open many lines (hostile: the line before
each number was searched from every position, the rest of the text copied per number), by shape:

  rfc       "RFC 5280 section 4.2.1.9 " n times on one line (review12a: 8,000 took 10 s)
  titled    "see 4.9.1.1 Reasons for Revoking a Subscriber Certificate. " n times on one line
  list      "1.1 There was a problem" on n lines (list numbering)
  heading   "4.9.1.1 Reasons for Revoking a Subscriber Certificate" on n lines (a pasted heading)
  spaces    " " n times (one line of blanks; n = 1,000,000 is 1 MB: a name's space also matches a line break)
  newlines  "\n" n times; blankwrap " \n> " n times (blanks, breaks and quote markers only)
  fragment  "Mozilla Root \n> Store " n times (a wrapped name's words, never its last: 10,000 fragments)
  wrapped   "section 6.1.1 of the Mozilla\n> Root Store Policy. " n times (a wrapped name per citation)

    .venv/bin/python benchmarks/bench_citation_lines.py --times 4000 16000 [--shapes rfc titled]

Prints one line per shape and size: CPU seconds, citations found and a digest of them (equal before and after a
change that keeps the output). A base version runs with its package first on PYTHONPATH."""
from __future__ import annotations

import argparse
import hashlib
import time

from threadkb.extract.citations import find_citations

SHAPES = {
    "rfc": "RFC 5280 section 4.2.1.9 ",
    "titled": "see 4.9.1.1 Reasons for Revoking a Subscriber Certificate. ",
    "list": "1.1 There was a problem\n",
    "heading": "4.9.1.1 Reasons for Revoking a Subscriber Certificate\n",
    "spaces": " ",
    "newlines": "\n",
    "blankwrap": " \n> ",
    "fragment": "Mozilla Root \n> Store ",
    "wrapped": "section 6.1.1 of the Mozilla\n> Root Store Policy. ",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times", type=int, nargs="+", default=[4000, 16000])
    ap.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES)[:4])
    args = ap.parse_args()
    find_citations("x")  # the tables loaded outside the count
    for shape in args.shapes:
        for n in args.times:
            text = SHAPES[shape] * n
            start = time.process_time()
            found = find_citations(text)
            cpu = time.process_time() - start
            digest = hashlib.sha256(repr([(c.start, c.end, c.rule, c.document, c.section, c.item)
                                          for c in found]).encode()).hexdigest()[:16]
            print(f"{shape:9s} {n:7d} x {len(text):9d} chars: {cpu:8.2f} s CPU; {len(found)} citations; "
                  f"digest {digest}", flush=True)


if __name__ == "__main__":
    main()
