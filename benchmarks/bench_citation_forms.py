"""What the citation forms of session 13 cost ``find_citations`` on one long hostile line (issue 14, review13a).

    .venv/bin/python benchmarks/bench_citation_forms.py [FORM ...] [--lengths 20000,40000,80000]

Each form is a line of one citation shape repeated to N characters (the forms cite13g and cite13m added, and
their near relatives): the CPU time of one ``find_citations`` call at each length and the number of citations.
A linear step doubles its time with the length, a quadratic one quadruples it. Not a test (tests count
operations: tests/test_citation_cost.py).
"""
from __future__ import annotations

import argparse
import time

from threadkb.extract.citations import find_citations, get_table

LINK = "[BR 4.9.1.1 (7)](https://github.com/cabforum/servercert/blob/main/docs/BR.md#4912-x) "
FORMS = {
    "rfcs list": "RFCs 5280" + ", 5280" * 20_000,
    "rfc dash": "RFC6960 - 4.2.2.2 ",
    "method from": 'Method 11 ("x") from 3.2.2.4 ',
    "existing policy": "section 1.1 of our existing policy ",
    "markdown item links": LINK,
    "BR, S/MIME type": "BR 7.1.2.3 ",
    "the RFC, numbers": "the RFC 1234 ",
    "new sentence in": "a new sentence in section 2.1 ",
    "edited terms": "Change \u201cx\u201d to \u201cy\u201d section 1.1 ",
    "list item dashes": "- Section 2.3 ",
    "changes to the MRSP": "changes to the MRSP 2.1 ",
    "changes, bare numbers": "proposed changes to the MRSP. Section 2.1 ",
    "edited terms, bare": "Change \u201cEVG\u201d to \u201cy\u201d. Section 1.1 ",
    "dated version": "CCADB Policy Version 2.0, Effective: July 15, 2025 ",
    "CA-named CPS": "section 4.9 of the Sectigo CPS ",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("forms", nargs="*", default=list(FORMS))
    ap.add_argument("--lengths", default="20000,40000,80000")
    args = ap.parse_args()
    table = get_table()
    for name in args.forms:
        row = []
        for n in map(int, args.lengths.split(",")):
            unit = FORMS[name]
            text = (unit * (n // len(unit) + 1))[:n]
            if name == "BR, S/MIME type":
                text += " mailbox-validated"
            c0 = time.process_time()
            found = find_citations(text, table=table)
            row.append(f"{n}: {time.process_time() - c0:.2f} s ({len(found)})")
        print(f"{name:22}", " | ".join(row), flush=True)


if __name__ == "__main__":
    main()
