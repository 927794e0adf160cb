#!/usr/bin/env python3
"""Why the cross-validated claim stage misses gold claims or gives them the wrong kind, claim by claim.

    python scripts/claims_missed.py [--gold ../shared/gold] [--cv 5] [--seed 0 [1 ...]] [--by file|source] [--json]

Cross-validated as ``threadkb eval --cv K --seed N`` does for claims (the claim scorer retrained on the other
folds; claims do not depend on the linker). For each gold claim that no predicted claim matches it names the
stage that lost it (``STAGES``): the message was not paired; the snippet runs over several of the message's
sentences (``split``); its sentence is another's words (``prose quote``), hard-skipped by the cue table
(``hard skip``), ruled out by a rule after the model, under the floor, under the threshold (while the message
kept other sentences, or the floor took another), over the threshold but cut by the budget or as the same
point as a kept one. For each matched gold claim of the wrong kind it gives the gold and predicted kinds and the
rule that named it. Every row has the source kind (GitHub or mail), the sentence's place in its message (only,
first, middle, last) and its shape (question mark, colon at the end, words, the cue table's skip cue).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import relation_ceiling  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from threadkb import evaluate, learn, pipeline  # noqa: E402
from threadkb.evaluate import normalize  # noqa: E402
from threadkb.extract import (  # noqa: E402
    claim_model,
    claim_training,
    claims as C,  # noqa: E402
)
from threadkb.extract.docs import make_docs  # noqa: E402
from threadkb.extract.nlp import get_nlp  # noqa: E402

STAGES = ("unpaired", "split", "not found", "prose quote", "hard skip", "ruled out", "under floor",
          "under threshold, message kept others", "under threshold, floor took another", "budget", "same point",
          "chosen")


def place(i: int, n: int) -> str:
    """The place of the ``i``-th of ``n`` sentences: only, first, middle or last."""
    return "only" if n == 1 else "first" if i == 0 else "last" if i == n - 1 else "middle"


def shape(text: str, cue: str) -> str:
    """A few words on a sentence's form: question, colon at the end, length, the cue table's skip cue."""
    t = text.rstrip()
    words = len(t.split())
    parts = ["?" if t.endswith("?") else ":" if t.endswith(":") else "."]
    parts.append("<=3w" if words <= 3 else "<=10w" if words <= 10 else ">10w")
    if cue.startswith(claim_model.SKIP_PREFIX):
        parts.append(cue.split(";")[0])
    return " ".join(parts)


def stage(snippet: str, found: list[C.Candidate], chosen: set[int], model: claim_model.ClaimModel) -> dict:
    """Where the claim stage lost the sentence holding ``snippet`` (normalised) among a message's candidates."""
    units = [c for c in found if snippet in normalize(c.unit.text)]
    if not units:  # over several sentences, or in none of them
        return {"stage": "split" if snippet in normalize(" ".join(c.unit.text for c in found)) else "not found"}
    c = units[0]
    own = [x for x in found if x.quote is None]  # the message's own sentences, hard-skipped ones too
    row: dict[str, object] = {"place": place(own.index(c), len(own)) if c in own else None,
                              "shape": shape(c.unit.text, c.verdict.cue), "sentences": len(own),
                              "text": c.unit.text[:100]}
    if c.quote is not None:
        return {**row, "stage": "prose quote"}
    if c.features is None:
        return {**row, "stage": "hard skip", "why": c.verdict.cue}
    d = claim_model.decide(model, C._norm(c.unit.text), c.features)
    row["p"] = p = claim_model.shown(d.p)
    if d.kind is None:
        return {**row, "stage": "ruled out", "why": d.rule}
    if found.index(c) in chosen:
        return {**row, "stage": "chosen"}
    if p < claim_model.table()["floor"]:
        return {**row, "stage": "under floor"}
    kept = [j for j in chosen if found[j].quote is None]
    if p < claim_model.table()["threshold"]:
        floor_took = any("most probable sentence" in (x[1].cue or "") for x in C._model_claims(model, [
            x for x in found if x.quote is None]))
        return {**row, "stage": "under threshold, floor took another" if floor_took or not kept
                else "under threshold, message kept others"}
    same = any(C._same_words(C._words(c.unit.text), C._words(found[j].unit.text)) for j in kept)
    return {**row, "stage": "same point" if same else "budget"}


def diagnose(paths: list[Path], k: int, seed: int, by: str) -> list[dict]:
    """One row per gold claim missed or of the wrong kind, over the folds of ``by`` (file or source)."""
    nlp = get_nlp()
    rows = []
    for fold in learn.folds_by(paths, by, k, seed):
        params = claim_training.train([p for p in paths if p not in fold], seed)
        with claim_model.use(params):
            model = claim_model.current()
            assert model is not None
            for path in fold:
                rows.extend(_file_rows(nlp, path, model))
    return rows


def _file_rows(nlp, path: Path, model: claim_model.ClaimModel) -> list[dict]:
    gold = evaluate.load_gold(path)
    if not gold.claims:
        return []
    threads = list(pipeline.parse_paths([gold.source]))
    prediction = pipeline.Predictor().predict(gold.source)[0]
    pairs = evaluate.message_pairs(gold, prediction)
    matches = evaluate.claim_matches(gold, prediction, pairs)
    docs: dict[str, Doc] = {}
    for doc in nlp.pipe(make_docs(nlp, threads, cache={})):
        if doc.user_data["document_quote"] is None:
            docs.setdefault(doc.user_data["message"].key, doc)
    src = learn.source_kind(path)
    out = []
    for g in gold.claims:
        base = {"file": Path(path).stem, "source": src, "gold": g.id, "gold_kind": g.kind, "snippet": g.text[:100]}
        found = matches.get(g.id) or []
        if found:
            best = min(found, key=lambda c: len(c.get("text") or ""))
            if str(best.get("kind")) != g.kind:
                doc = docs.get(pairs.get(g.message, ""))
                cands = C.candidates(doc) if doc is not None else []
                info = stage(normalize(g.text), cands, set(), model) if cands else {}
                out.append({**base, "error": "kind", "kind": best.get("kind"), "cue": best.get("cue", ""),
                            "place": info.get("place"), "shape": info.get("shape"), "text": best.get("text", "")[:100]})
            continue
        pk = pairs.get(g.message)
        if pk is None or pk not in docs:
            out.append({**base, "error": "missed", "stage": "unpaired"})
            continue
        doc = docs[pk]
        cands = C.candidates(doc)
        starts = {s._.claim["start"] for s in doc.spans[C.SPAN_KEY]}
        chosen = {i for i, c in enumerate(cands) if c.unit.start in starts}
        out.append({**base, "error": "missed", **stage(normalize(g.text), cands, chosen, model)})
    return out


def summary(rows: list[dict]) -> str:
    lines = []
    missed = [r for r in rows if r["error"] == "missed"]
    lines.append(f"missed {len(missed)}: by stage (github / mail)")
    for s in STAGES:
        by_source = Counter(r["source"] for r in missed if r["stage"] == s)
        if by_source:
            lines.append(f"  {s:<40} {by_source['github']:>3} / {by_source['mail']:<3}")
    kind = [r for r in rows if r["error"] == "kind"]
    lines.append(f"wrong kind {len(kind)}: gold -> predicted (github / mail)")
    for (g, p), n in Counter((r["gold_kind"], r["kind"]) for r in kind).most_common():
        by = Counter(r["source"] for r in kind if (r["gold_kind"], r["kind"]) == (g, p))
        lines.append(f"  {g:>10} -> {p:<10} {n:>3}  ({by['github']} / {by['mail']})")
    for name in ("place", "shape"):
        lines.append(f"by {name}: missed | wrong kind")
        lines.append("  " + ", ".join(f"{k}: {n}" for k, n in Counter(str(r.get(name)) for r in missed).most_common())
                     + " | " + ", ".join(f"{k}: {n}" for k, n in Counter(str(r.get(name)) for r in kind).most_common()))
    lines.append("rows:")
    for r in rows:
        what = r.get("stage") if r["error"] == "missed" else f"{r['gold_kind']} -> {r['kind']}"
        lines.append(f"  {r['file'][:28]:<28} {r['source']:<6} {what:<36} {r.get('place') or '-':<6} "
                     f"p={r.get('p', '-')!s:<5} {r.get('shape') or '-':<22} {r['snippet'][:70]!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = relation_ceiling.cv_arguments(__doc__.splitlines()[0]).parse_args(argv)
    paths, errors = evaluate.gold_files([args.gold])
    if errors or not paths:
        sys.exit(f"claims_missed: no gold files in {args.gold}")
    for seed in args.seed:
        rows = diagnose(paths, args.cv, seed, args.by)
        print(json.dumps(rows, indent=1) if args.json else f"== {args.by} seed {seed}\n{summary(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
