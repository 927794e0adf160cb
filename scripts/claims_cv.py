#!/usr/bin/env python3
"""Cross-validate the claim scorer the honest ways: random folds by file with several seeds, and the
cross-source split (trained on mail/Bugzilla/forum threads, scored on GitHub ones, and the other way round);
recall and kind accuracy per gold kind of claim.

    python scripts/claims_cv.py [--gold ../shared/gold] [--k 5] [--seeds 0 1 2] [--baseline] [--json]

Only the claim scorer is retrained per fold (``threadkb.learn.claims_cross_validate``); the
relation linker is the shipped one. ``threadkb eval GOLD --cv K --cv-by file|source`` retrains everything.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadkb import (
    evaluate,  # noqa: E402
    learn,  # noqa: E402
)


def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def table(runs: list[tuple[str, dict]]) -> str:
    kinds = sorted({k for _, r in runs for k in r["by_kind"]})
    head = f"{'split':<22} {'recall':>6} {'kind':>6} {'/100w':>6}  " + "  ".join(f"{k[:10]:>13}" for k in kinds)
    lines = [head, f"{'':<22} {'':>6} {'':>6} {'':>6}  " + "  ".join(f"{'R/K gold':>13}" for _ in kinds)]
    for name, r in runs:
        cells = []
        for k in kinds:
            row = r["by_kind"].get(k)
            cells.append(f"{_pct(row['recall'])[:4]}/{_pct(row['kind_accuracy'])[:4]} {row['gold']}".rjust(13)
                         if row else " " * 13)
        lines.append(f"{name:<22} {_pct(r['recall']):>6} {_pct(r['kind_accuracy']):>6} "
                     f"{(r['per_100_words'] or 0):6.2f}  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--baseline", action="store_true", help="the cue table alone, no learned scorer")
    ap.add_argument("--no-source", action="store_true", help="skip the cross-source split")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    paths, errors = evaluate.gold_files([args.gold])
    if errors or not paths:
        print(f"claims_cv: no gold files in {args.gold}", file=sys.stderr)
        return 2
    runs = [(f"files k={args.k} seed={s}", learn.claims_cross_validate(paths, args.k, s, args.baseline))
            for s in args.seeds]
    if not args.no_source:
        src = learn.claims_cross_validate(paths, 2, args.seeds[0], args.baseline, by="source")
        runs.append(("source: both ways", src))
        for f in src["folds"]:
            runs.append((f"source: test {'+'.join(f['sources'])}", f))
    if args.json:
        print(json.dumps(dict(runs), indent=1))
    else:
        print(table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
