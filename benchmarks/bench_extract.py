"""Time the extract stage (citations, APIs, entities; claims when registered) over every file in corpora/.

    .venv/bin/python benchmarks/bench_extract.py [PATH ...] [--repeat N]

Prints the time of ingest+parse (not counted), of building the spaCy pipeline (not counted), and of
``threadkb.extract.extract`` over all threads, best of N runs, on one core. Target: < 2 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "corpora")])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    t0 = time.perf_counter()
    import spacy  # noqa: F401  (import time excluded from the figure)

    from threadkb.extract import extract
    from threadkb.extract.nlp import get_nlp
    from threadkb.pipeline import parse_paths

    t_import = time.perf_counter() - t0
    errors: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    files = [str(f) for p in map(Path, args.paths)
             for f in (sorted(p.iterdir()) if p.is_dir() else [p]) if f.is_file() and f.name != "INDEX.md"]
    threads = list(parse_paths(files, errors))
    for path, reason in errors:
        print(f"unreadable: {path}: {reason}", file=sys.stderr)
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    get_nlp()
    t_nlp = time.perf_counter() - t0

    best = None
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        results = extract(threads)
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    n_msgs = sum(len(t.messages) for t in threads)
    n_chars = sum(len(m.text) for t in threads for m in t.messages)
    print(f"inputs: {len(threads)} threads, {n_msgs} messages, {n_chars} characters ({len(errors)} unreadable)")
    print(f"import spacy+threadkb: {t_import:.2f} s   ingest+parse: {t_parse:.2f} s   build pipeline: {t_nlp:.2f} s")
    print(f"citations {sum(len(r.citations) for r in results)}, apis {sum(len(r.apis) for r in results)}, "
          f"entities {sum(len(r.entities) for r in results)}, claims {sum(len(r.claims) for r in results)}")
    print(f"extract (best of {args.repeat}): {best:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
