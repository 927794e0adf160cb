#!/usr/bin/env python3
"""A fixed-seed sample of the cross-validated relation errors, to read by hand: predicted relations whose two ends
match gold claims that the gold relates in no way (``relation_ceiling.py --false``: verdict ``false:*``), and gold
relations the CV run misses, each with the gold claims and relations around it.

    nice python scripts/relation_sample.py --eval CV.json [--seed 0] [--false 60] [--missed 30] [--draw 17]

``--eval``: the output of ``threadkb eval GOLD --cv 5 --seed S --json`` (its per-file ``details`` name the missed
gold relations and claims). The predicted side is ``relation_ceiling.decompose`` on the same folds. Each missed
gold relation is told where it was lost: ``claim`` (an end matches no predicted claim), ``candidate`` (no
candidate pair), ``choice`` (a candidate, not chosen), ``kind`` (chosen with another kind).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from relation_ceiling import decompose  # noqa: E402

from threadkb import evaluate  # noqa: E402


def _gold_context(gold: evaluate.GoldFile, text: str) -> list[str]:
    """The gold claims a predicted claim's ``text`` contains (as eval matches, less the message check), each with
    the gold relations it is in."""
    own = evaluate.normalize(text)
    out = []
    for c in gold.claims or []:
        if evaluate.normalize(c.text) in own:
            rels = [f"{r.source} -{r.kind}-> {r.target}" for r in gold.relations or [] if c.id in (r.source, r.target)]
            out.append(f"{c.id} [{c.message}, {c.kind}] «{c.text}» rels: {', '.join(rels) or '-'}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--eval", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--false", type=int, default=60, dest="n_false")
    ap.add_argument("--missed", type=int, default=30)
    ap.add_argument("--draw", type=int, default=17, help="seed of the samples")
    args = ap.parse_args(argv)

    misses: list[str] = []
    lost: list[str] = []
    profiles: list[dict] = []
    result = decompose(args.gold, 5, args.seed, misses, None, profiles, lost)
    golds = {Path(p).stem: evaluate.load_gold(p) for p in evaluate.gold_files([args.gold])[0]}

    false = sorted((p for p in profiles if p["verdict"].startswith("false:")),
                   key=lambda p: (p["file"], p["source"], p["target"]))
    print(f"# seed {args.seed}: predicted judged {result['counts'].get('predicted_judged')}, no gold relation "
          f"{len(false)}; sample {args.n_false} (draw {args.draw})\n")
    for i, p in enumerate(sorted(random.Random(args.draw).sample(false, min(args.n_false, len(false))),
                                 key=lambda p: (p["file"], p["source"])), 1):
        gold = golds[p["file"]]
        print(f"F{i:02} {p['file']}: {p['source']}@{p['source_message']} -{p['kind']}-> "
              f"{p['target']}@{p['target_message']} ({p['verdict'][6:]}, p={p['probability']:.3f}, "
              f"{p['rank']}/{p['targets']})")
        print(f"  from «{' '.join(p['source_text'].split())}»")
        for line in _gold_context(gold, p["source_text"]):
            print("     = " + line)
        print(f"  to   «{' '.join(p['target_text'].split())}»")
        for line in _gold_context(gold, p["target_text"]):
            print("     = " + line)
        print()

    where: dict[str, str] = {}
    for line in misses:
        key, _, why = line.partition(": ")[2].partition(": ")
        where[f"{line.split(': ')[0]}: {key}"] = "kind" if why.startswith("named ") else "candidate:" + why
    for block in lost:
        head = block.splitlines()[0]
        stem, rel, why = head.split(": ")[:3]
        where[f"{stem}: {rel}"] = "choice:" + why
    report = json.loads(Path(args.eval).read_text())
    missed = []
    for f in report["files"]:
        stem = Path(f["file"]).stem
        for rel in (f["details"].get("relations") or {}).get("missed", []):
            missed.append((stem, rel, where.get(f"{stem}: {rel}", "claim")))
    print(f"# missed gold relations {len(missed)}; by where: "
          + ", ".join(f"{k} {sum(w.split(':')[0] == k for _, _, w in missed)}"
                      for k in ("claim", "candidate", "choice", "kind")))
    print(f"# sample {args.missed} (draw {args.draw})\n")
    for i, (stem, rel, why) in enumerate(sorted(random.Random(args.draw).sample(missed, min(args.missed, len(missed)))), 1):
        gold = golds[stem]
        src, tgt = rel.split(" ")[0], rel.split(" ")[2]
        claims = {c.id: c for c in gold.claims or []}
        claim_missed = {m["gold"] for f in report["files"] if Path(f["file"]).stem == stem
                        for m in (f["details"].get("claims") or {}).get("missed", [])}
        print(f"M{i:02} {stem}: {rel} [{why}]")
        for cid in (src, tgt):
            c = claims[cid]
            print(f"  {cid} [{c.message}, {c.kind}{', claim missed' if cid in claim_missed else ''}] «{c.text}»")
        print()
    for block in lost:
        print(block)
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
