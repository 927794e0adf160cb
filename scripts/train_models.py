#!/usr/bin/env python3
"""Train every learned component of threadkb on the gold files and write the model files the package ships.

    python scripts/train_models.py [--gold ../shared/gold] [--out threadkb/data/models] [--seed 0] [--cv 5] [--check]

Deterministic: the same gold files, corpora and seed give the same parameters (the training date aside).
Each model file records its training date, the sha256 of the data it was trained on (gold files and the
corpus files they name), the seed, and the cross-validated scores of ``threadkb eval --cv`` on that data.
``--check`` writes nothing and exits 1 when a shipped model differs from a fresh training (date and CV scores aside;
use it with ``--cv 0``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadkb import evaluate, learn  # noqa: E402

VOLATILE = ("trained", "cv")  # keys --check ignores: the date, and the CV scores (derived, and slow to recompute)


def data_hash(paths: list[Path]) -> str:
    """sha256 over the gold files and the corpus files they name, in path order."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda x: x.name):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
        source = Path(evaluate.load_gold(p).source)
        if source.is_file():
            h.update(source.name.encode() + b"\0" + source.read_bytes())
    return h.hexdigest()


def cv_scores(gold: str, k: int, seed: int) -> dict:
    s = learn.cross_validate([gold], k, seed)
    rel = s.relations
    return {"k": k, "seed": seed, "grouped_by": "file",
            "relations": {"precision": round(rel.precision, 4), "recall": round(rel.recall, 4), "f1": round(rel.f1, 4),
                          "gold": rel.gold} if rel else None,
            "claims_recall": round(s.claims.recall, 4) if s.claims and s.claims.recall is not None else None,
            "claims_kind_accuracy": round(s.claims.kind_accuracy, 4)
            if s.claims and s.claims.kind_accuracy is not None else None}


def comparable(model: dict) -> dict:
    return {k: v for k, v in model.items() if k not in VOLATILE}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--out", default=str(ROOT / "threadkb" / "data" / "models"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cv", type=int, default=5, help="folds of the cross-validated scores recorded (0: none)")
    ap.add_argument("--check", action="store_true", help="compare with the shipped models, write nothing")
    args = ap.parse_args(argv)
    paths, errors = evaluate.gold_files([args.gold])
    if errors or not paths:
        print(f"train_models: no gold files in {args.gold}", file=sys.stderr)
        return 2
    models = learn.train_all(paths, args.seed)
    digest = data_hash(paths)
    cv = cv_scores(args.gold, args.cv, args.seed) if args.cv else None
    out = Path(args.out)
    status = 0
    for name, params in models.items():
        params = {**params, "trained": date.today().isoformat(), "data_sha256": digest, "gold_files": len(paths),
                  "seed": args.seed, "cv": cv}
        path = out / f"{name}.json"
        if args.check:
            shipped = json.loads(path.read_text("utf-8")) if path.is_file() else {}
            same = comparable(shipped) == comparable(json.loads(json.dumps(params)))
            print(f"{path}: {'reproduced' if same else 'DIFFERS from a fresh training'}")
            status |= not same
            continue
        out.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(params, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{path}: {len(params.get('features', []))} features; cv {json.dumps(cv)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
