#!/usr/bin/env python3
"""The learning curve of the learned components: cross-validated scores against the amount of training gold.

    nice python scripts/learning_curve.py run [--gold ../shared/gold] [--by file|source] [--seeds 0 1 2 3 4]
                                              [--fractions 0.25 0.5 0.75 1.0] [--repeats 2] [--out FILE.jsonl]
    python scripts/learning_curve.py summary FILE.jsonl [FILE.jsonl ...] [--target 0.60] [--json]

``run``: for each seed S, the folds of ``threadkb eval GOLD --cv 5 --seed S`` (or ``--cv-by source``), and each
fold's training files cut to a random subset of a fraction f of them (``subset``; whole files, drawn with a
fixed seed from (S, fold, f, repeat); ``--repeats`` draws for f < 1, one for f = 1, which is eval's own run).
Every learned component is retrained on the subset and the held-out fold is scored, both exactly as eval does
(``threadkb.learn.cross_validate`` with its ``subset`` hook). One JSON line per (S, f, repeat) is appended to
``--out``; a line already there is not run again, so an interrupted run resumes.

``summary``: per fraction, the relations F1 / P / R (mean, min, max over seeds and repeats), claims recall and
kind accuracy, the mean training files and gold relations per fold; and two curves fitted to the mean relations
F1 against the mean training gold relations per fold n: F1 = a + b·ln n, and F1 = a − b·n^(−c) when it
converges, with the n each would need for ``--target``.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadkb import evaluate, learn  # noqa: E402

FRACTIONS = (0.25, 0.5, 0.75, 1.0)


def subset(train: list[Path], fraction: float, seed: int, fold: int, repeat: int) -> list[Path]:
    """A random subset of ``round(fraction · len(train))`` of the training files (at least one), whole files,
    drawn with a generator seeded by (seed, fold, fraction, repeat); in the order of ``train``. ``fraction`` 1:
    ``train`` itself."""
    if fraction >= 1.0:
        return list(train)
    n = max(1, round(fraction * len(train)))
    rng = random.Random(f"learning-curve {seed} {fold} {fraction} {repeat}")
    keep = set(rng.sample(sorted(str(p) for p in train), n))
    return [p for p in train if str(p) in keep]


def gold_relations(path: Path) -> int:
    return len(evaluate.load_gold(path).relations or [])


def run_one(gold: list[str], by: str, seed: int, fraction: float, repeat: int) -> dict:
    """One cross-validation with each fold trained on a ``fraction`` of its training files."""
    trained: list[dict] = []

    def pick(fold: int, train: list[Path]) -> list[Path]:
        chosen = subset(train, fraction, seed, fold, repeat)
        trained.append({"fold": fold, "files": len(chosen), "of": len(train),
                        "gold_relations": sum(gold_relations(p) for p in chosen)})
        return chosen

    start = time.monotonic()
    scores = learn.cross_validate(gold, 5, seed, by, subset=pick)
    seconds = time.monotonic() - start
    learn._EXTRACTED.clear()  # each run's claim models are new: their extractions are not read again
    rel, claims = scores.relations, scores.claims
    return {"by": by, "seed": seed, "fraction": fraction, "repeat": repeat, "seconds": round(seconds, 1),
            "relations": rel.as_json() if rel else None,
            "claims": {"recall": claims.recall, "kind_accuracy": claims.kind_accuracy} if claims else None,
            "folds": trained, "errors": len(scores.errors)}


def cmd_run(args) -> int:
    out = Path(args.out)
    done = set()
    if out.exists():
        for line in out.read_text().splitlines():
            r = json.loads(line)
            done.add((r["by"], r["seed"], r["fraction"], r["repeat"]))
    # the whole curve once (every seed and fraction), then the further draws: an interrupted run has the curve
    runs = [(seed, fraction, repeat) for repeat in range(max(1, args.repeats)) for seed in args.seeds
            for fraction in sorted(args.fractions, reverse=True) if repeat == 0 or fraction < 1.0]
    for seed, fraction, repeat in runs:
        if (args.by, seed, fraction, repeat) in done:
            continue
        try:
            r = run_one(args.gold, args.by, seed, fraction, repeat)
        except ValueError as exc:  # a learner that cannot train on so few files: no line, the next run
            print(f"{args.by} seed {seed} f {fraction} rep {repeat}: not trained ({exc})", flush=True)
            continue
        with out.open("a") as fh:
            fh.write(json.dumps(r) + "\n")
        rel = r["relations"]
        print(f"{args.by} seed {seed} f {fraction} rep {repeat}: relations F1 {rel['f1']:.4f} "
              f"P {rel['precision']:.4f} R {rel['recall']:.4f}; claims {r['claims']['recall']:.3f}/"
              f"{r['claims']['kind_accuracy']:.3f}; {r['seconds']} s", flush=True)
    return 0


# --------------------------------------------------------------------------- summary


def _spread(values: list[float]) -> dict:
    return {"mean": statistics.fmean(values), "min": min(values), "max": max(values),
            "sd": statistics.stdev(values) if len(values) > 1 else 0.0, "runs": len(values)}


def per_fraction(rows: list[dict]) -> list[dict]:
    out = []
    for fraction in sorted({r["fraction"] for r in rows}):
        group = [r for r in rows if r["fraction"] == fraction]
        out.append({
            "fraction": fraction,
            "f1": _spread([r["relations"]["f1"] for r in group]),
            "precision": _spread([r["relations"]["precision"] for r in group]),
            "recall": _spread([r["relations"]["recall"] for r in group]),
            "claims_recall": _spread([r["claims"]["recall"] for r in group]),
            "kind_accuracy": _spread([r["claims"]["kind_accuracy"] for r in group]),
            "train_files": statistics.fmean(f["files"] for r in group for f in r["folds"]),
            "train_relations": statistics.fmean(f["gold_relations"] for r in group for f in r["folds"]),
            "seconds": statistics.fmean(r["seconds"] for r in group)})
    return out


def fit_log(ns: list[float], f1s: list[float], target: float) -> dict:
    """F1 = a + b·ln n by least squares; the n where it reaches ``target``; the standard error of the slope ``b``
    (meaningful when the points are single runs, not means) and the n the line reaches ``target`` at with the
    slope one standard error higher and lower (the intercept moved to keep the line through the mean point)."""
    xs = [math.log(n) for n in ns]
    mx, my = statistics.fmean(xs), statistics.fmean(f1s)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, f1s, strict=True)) / sxx
    a = my - b * mx
    resid = sum((y - a - b * x) ** 2 for x, y in zip(xs, f1s, strict=True))
    se = math.sqrt(resid / (len(xs) - 2) / sxx) if len(xs) > 2 else None

    def need(slope: float) -> float | None:
        return math.exp(mx + (target - my) / slope) if slope > 0 else None

    return {"a": a, "b": b, "per_doubling": b * math.log(2), "n_for_target": need(b), "b_se": se,
            "n_for_target_slope_plus_se": need(b + se) if se is not None else None,
            "n_for_target_slope_minus_se": need(b - se) if se is not None else None}


def fit_power(ns: list[float], f1s: list[float], target: float) -> dict:
    """F1 = a − b·n^(−c) (a: the asymptote); ``None`` when the fit does not converge."""
    import numpy as np
    from scipy.optimize import curve_fit  # type: ignore[import-untyped]

    def f(n, a, b, c):
        return a - b * np.power(n, -c)

    try:
        (a, b, c), _ = curve_fit(f, np.array(ns), np.array(f1s), p0=(0.6, 1.0, 0.5), maxfev=20000,
                                 bounds=([0.0, 0.0, 0.0], [1.0, 100.0, 5.0]))
    except (RuntimeError, ValueError):
        return {"converged": False}
    need = (b / (a - target)) ** (1 / c) if a > target and c > 0 else None
    # an asymptote at the bound (F1 1.0): the points show no levelling off, the fit is the log line's
    return {"converged": True, "a": float(a), "b": float(b), "c": float(c), "n_for_target": need,
            "at_bound": bool(a > 0.999)}


def summary(rows: list[dict], target: float) -> dict:
    out = {}
    for by in sorted({r["by"] for r in rows}):
        table = per_fraction([r for r in rows if r["by"] == by])
        ns = [t["train_relations"] for t in table]
        f1s = [t["f1"]["mean"] for t in table]
        fits = {"log": fit_log(ns, f1s, target), "power": fit_power(ns, f1s, target)} if len(table) >= 3 else {}
        runs = [r for r in rows if r["by"] == by]
        if len(table) >= 2:  # the line through every run (not the means): its slope's standard error
            fits["log_runs"] = fit_log([statistics.fmean(f["gold_relations"] for f in r["folds"]) for r in runs],
                                       [r["relations"]["f1"] for r in runs], target)
        out[by] = {"table": table, "fits": fits,
                   "relations_per_file": sum(t["train_relations"] for t in table) / sum(t["train_files"] for t in table)}
    return out


def show(result: dict, target: float) -> str:
    lines = []
    for by, r in result.items():
        lines.append(f"folds by {by}")
        lines.append(f"{'f':>5} {'runs':>4} {'files':>6} {'gold rel':>8}  {'rel F1 mean [min max] sd':>28}  "
                     f"{'P':>6} {'R':>6}  {'claims R':>8} {'kind':>6} {'s/run':>6}")
        for t in r["table"]:
            f1 = t["f1"]
            lines.append(f"{t['fraction']:>5.2f} {f1['runs']:>4} {t['train_files']:>6.1f} {t['train_relations']:>8.1f}  "
                         f"{f1['mean']:.4f} [{f1['min']:.4f} {f1['max']:.4f}] {f1['sd']:.4f}  "
                         f"{t['precision']['mean']:.4f} {t['recall']['mean']:.4f}  "
                         f"{t['claims_recall']['mean']:>8.4f} {t['kind_accuracy']['mean']:.4f} {t['seconds']:>6.1f}")
        fits = r["fits"]
        if fits:
            lg = fits["log"]
            need = f"{lg['n_for_target']:.0f}" if lg["n_for_target"] else "never"
            lines.append(f"  F1 = {lg['a']:.4f} + {lg['b']:.4f}·ln n  (+{lg['per_doubling']:.4f} per doubling); "
                         f"n for {target}: {need} gold relations per fold")
            lr = fits["log_runs"]
            span = " … ".join(f"{v:.0f}" if v else "never" for v in (lr["n_for_target_slope_plus_se"],
                                                                       lr["n_for_target_slope_minus_se"]))
            lines.append(f"  through every run: slope {lr['b']:.4f} ± {lr['b_se']:.4f} (s.e.), "
                         f"+{lr['per_doubling']:.4f} per doubling; n for {target}: "
                         f"{lr['n_for_target'] or float('inf'):.0f} (slope ± 1 s.e.: {span}); "
                         f"{r['relations_per_file']:.2f} gold relations per training file")
            pw = fits["power"]
            if pw.get("converged"):
                need = f"{pw['n_for_target']:.0f}" if pw["n_for_target"] else f"never (asymptote {pw['a']:.4f})"
                bound = " (asymptote at the bound 1.0: no levelling off in the points)" if pw["at_bound"] else ""
                lines.append(f"  F1 = {pw['a']:.4f} − {pw['b']:.4f}·n^−{pw['c']:.4f}; n for {target}: {need}{bound}")
            else:
                lines.append("  F1 = a − b·n^−c: did not converge")
        lines.append("")
    return "\n".join(lines)


def cmd_summary(args) -> int:
    rows = [json.loads(line) for path in args.files for line in Path(path).read_text().splitlines() if line.strip()]
    rows = [r for r in rows if (args.repeats is None or r["repeat"] < args.repeats)
            and (not args.fractions or r["fraction"] in args.fractions)]
    result = summary(rows, args.target)
    print(json.dumps(result, indent=2) if args.json else show(result, args.target))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--gold", nargs="+", default=[str(ROOT.parent / "shared" / "gold")])
    r.add_argument("--by", choices=("file", "source"), default="file")
    r.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    r.add_argument("--fractions", type=float, nargs="+", default=list(FRACTIONS))
    r.add_argument("--repeats", type=int, default=2)
    r.add_argument("--out", default="learning_curve.jsonl")
    s = sub.add_parser("summary")
    s.add_argument("files", nargs="+")
    s.add_argument("--target", type=float, default=0.60)
    s.add_argument("--json", action="store_true")
    s.add_argument("--repeats", type=int, help="only the first REPEATS draws of each fraction")
    s.add_argument("--fractions", type=float, nargs="+", help="only these fractions")
    args = ap.parse_args(argv)
    return cmd_run(args) if args.command == "run" else cmd_summary(args)


if __name__ == "__main__":
    sys.exit(main())
