#!/usr/bin/env python3
"""Train the shipped models from the gold files and write them into threadkb/data/models/.

    scripts/train_models.py claims [--gold ../shared/gold] [--seed 0] [--cv 5] [--baseline] [--no-write]

claims: the claim scorer (threadkb/extract/claim_training.py) -> threadkb/data/models/claims.json, with its
training date, data hash and cross-validated scores (--cv K: K folds grouped by file, fixed by --seed; scored
by threadkb.evaluate on the held-out files). --baseline: cross-validate the cue table alone on the same folds.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "threadkb" / "data" / "models"


def gold_paths(folder: str) -> list[str]:
    return sorted(str(p) for p in Path(folder).glob("*.json") if not p.name.startswith("GOLD-FORMAT"))


def claims(args) -> int:
    from threadkb.extract import claim_training

    paths = gold_paths(args.gold)
    if not paths:
        print(f"train_models: no gold files in {args.gold}", file=sys.stderr)
        return 2
    cv = None
    if args.cv:
        cv = claim_training.cross_validate(paths, args.cv, args.seed, baseline=args.baseline)
        print(f"claims {'cue table' if args.baseline else 'model'}, {args.cv}-fold CV by file (seed {args.seed}): "
              f"recall {cv['recall']:.3f}, kind accuracy {cv['kind_accuracy']:.3f}, "
              f"{cv['per_100_words']:.2f} per 100 words ({cv['matched']}/{cv['gold']})")
    if args.baseline or args.no_write:
        return 0
    params = claim_training.train(paths, args.seed)
    if cv is not None:
        params["cv"] = {k: cv[k] for k in ("k", "seed", "recall", "kind_accuracy", "per_100_words")}
    MODELS.mkdir(parents=True, exist_ok=True)
    out = MODELS / "claims.json"
    out.write_text(json.dumps(params, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB, {params['examples']['sentences']} "
          f"sentences, {params['examples']['claims']} claims)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=["claims"], help="which model to train")
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"), help="folder of gold files")
    ap.add_argument("--seed", type=int, default=0, help="fold assignment and learner seed (default 0)")
    ap.add_argument("--cv", type=int, default=0, metavar="K", help="report K-fold cross-validation by file")
    ap.add_argument("--baseline", action="store_true", help="with --cv: the cue table alone, nothing written")
    ap.add_argument("--no-write", action="store_true", help="do not write the model file")
    args = ap.parse_args(argv)
    return {"claims": claims}[args.model](args)


if __name__ == "__main__":
    sys.exit(main())
