"""Training and cross-validation of the claim scorer (``threadkb.extract.claim_model``) from gold files.

``train(gold_paths, seed) -> params``: deterministic (files in sorted order, fixed seed, lbfgs). Examples are
the sentences of the messages the gold annotates (messages paired as ``threadkb eval`` pairs them): a
sentence containing a gold claim's snippet is a claim of that kind; the other sentences are negatives, but
the gold keeps *key* claims only, so a negative weighs ``NEG_WEIGHT`` of a positive (and the pipeline ranks
by probability within a message, under a budget).

Cross-validation of this scorer alone is ``threadkb.learn.claims_cross_validate``: K folds grouped by file (or by
source kind); each fold's model is trained on the other folds and ``threadkb.evaluate`` scores the rest.

Needs scikit-learn (``pip install scikit-learn``), which the pipeline itself never imports.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from threadkb.extract import claim_model

NEG_WEIGHT = 0.5  # a sentence the gold does not keep may still be a claim (gold keeps key claims)
C_CLAIM = 0.5  # inverse regularisation of the claim / no claim regression
C_KIND = 1.0  # and of the kind regression
MIN_COUNT = 2  # a word feature seen in fewer training sentences is dropped
KIND_BALANCED = False  # weigh the kinds inversely to their frequency (few requests, denials, admissions)
# feature name prefixes the claim regression does not read (absent weight = 0): its words. Words memorise the files
# they were seen in; without them cross-validated recall rose 0.899 -> 0.930 (random folds) and 0.807 -> 0.853
# (trained on one source kind, scored on the other), kind accuracy unchanged (notes2/claims.md)
DROP_CLAIM: tuple[str, ...] = ("w=", "b=", "first=")
DROP_KIND: tuple[str, ...] = ()  # and the kind regression


@dataclass
class Example:
    file: str
    features: dict[str, float]
    kind: str | None  # the gold kind, None: not a gold claim


def examples(gold_path: str | Path) -> list[Example]:
    """The labelled sentences of one gold file (running parse and extract on its source); computed once
    per process for a file's content (cross-validation asks again for each fold)."""
    path = Path(gold_path)
    return list(_examples(str(path.resolve()), path.stat().st_mtime_ns))


@lru_cache(maxsize=None)
def _examples(gold_path: str, _mtime: int) -> tuple[Example, ...]:
    from threadkb import pipeline
    from threadkb.evaluate import _pred_messages, load_gold, normalize, pair_messages
    from threadkb.extract import claims
    from threadkb.extract.docs import make_docs
    from threadkb.extract.nlp import get_nlp

    gold = load_gold(Path(gold_path))
    if gold.claims is None:
        return ()
    threads = list(pipeline.parse_paths([gold.source]))
    messages = {m.key: m for t in threads for m in t.messages}
    preds = _pred_messages({"messages": [{"key": m.key, "text": m.text} for m in messages.values()]})
    pairing = pair_messages(gold.messages, preds)
    snippets: dict[str, list[tuple[str, str]]] = {}
    for g in gold.claims:
        snippets.setdefault(g.message, []).append((normalize(g.text), g.kind))
    by_pred = {preds[pi].key: gold.messages[gi].key for gi, pi in pairing.items()}
    nlp = get_nlp()
    out = []
    name = Path(gold_path).name
    seen: set[str] = set()
    for doc in nlp.pipe(make_docs(nlp, threads, cache={})):
        msg = doc.user_data["message"]
        if doc.user_data["document_quote"] is not None or msg.key not in by_pred or msg.key in seen:
            continue
        seen.add(msg.key)
        wanted = snippets.get(by_pred[msg.key], [])
        for c in claims.candidates(doc):
            if c.features is None or c.quote is not None:
                continue
            text = normalize(c.unit.text)
            kinds = [k for s, k in wanted if s and s in text]
            out.append(Example(name, c.features, kinds[0] if kinds else None))
    return tuple(out)


def data_hash(gold_paths: Sequence[str | Path]) -> str:
    """sha256 of the gold files and the sources they score (sorted by name)."""
    from threadkb.evaluate import load_gold

    h = hashlib.sha256()
    for p in sorted(Path(x) for x in gold_paths):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
        src = Path(load_gold(p).source)
        if src.is_file():
            h.update(src.read_bytes())
    return h.hexdigest()


def _fit(rows: list[dict[str, float]], labels: list, weights: list[float], c: float, seed: int,
         balanced: bool = False):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows)
    lr = LogisticRegression(C=c, max_iter=5000, random_state=seed, solver="lbfgs",
                            class_weight="balanced" if balanced else None)
    lr.fit(x, labels, sample_weight=weights)
    return vec.get_feature_names_out(), lr


def _prune(rows: list[dict[str, float]], drop: tuple[str, ...] = ()) -> list[dict[str, float]]:
    """Word and bigram features seen in fewer than MIN_COUNT sentences are dropped (noise, file-specific names),
    and the features whose names start with one of ``drop``."""
    counts: dict[str, int] = {}
    for r in rows:
        for k in r:
            counts[k] = counts.get(k, 0) + 1
    lexical = ("w=", "b=", "first=")
    return [{k: v for k, v in r.items() if not (drop and k.startswith(drop))
             and (not k.startswith(lexical) or counts[k] >= MIN_COUNT)} for r in rows]


def _r(x: float) -> float:
    return round(float(x), 6)


def train(gold_paths: Sequence[str | Path], seed: int = 0) -> dict:
    """Model parameters (the JSON of ``claim_model``) learned from the gold files."""
    paths = sorted(str(p) for p in gold_paths)
    data = [e for p in paths for e in examples(p)]
    rows = _prune([e.features for e in data], DROP_CLAIM)
    labels = [int(e.kind is not None) for e in data]
    names, lr = _fit(rows, labels, [1.0 if y else NEG_WEIGHT for y in labels], C_CLAIM, seed)
    claim = {"intercept": _r(lr.intercept_[0]),
             "weights": {n: _r(w) for n, w in zip(names, lr.coef_[0], strict=True) if abs(w) >= 1e-6}}
    pos = [(r, e.kind) for r, e in zip(_prune([e.features for e in data], DROP_KIND), data, strict=True) if e.kind is not None]
    names_k, lk = _fit([r for r, _ in pos], [k for _, k in pos], [1.0] * len(pos), C_KIND, seed,
                          KIND_BALANCED)
    classes = [str(c) for c in lk.classes_]
    if len(classes) == 2:  # sklearn keeps one row for two classes: make it two rows
        coef, icpt = [[-w for w in lk.coef_[0]], list(lk.coef_[0])], [-lk.intercept_[0], lk.intercept_[0]]
    else:
        coef, icpt = [list(r) for r in lk.coef_], list(lk.intercept_)
    kind = {"classes": classes, "intercept": [_r(x) for x in icpt],
            "weights": {n: [_r(coef[i][j]) for i in range(len(classes))] for j, n in enumerate(names_k)
                        if any(abs(coef[i][j]) >= 1e-6 for i in range(len(classes)))}}
    return {"format": claim_model.FORMAT, "trained": date.today().isoformat(), "seed": seed,
            "data_hash": data_hash(paths), "files": [Path(p).name for p in paths],
            "examples": {"sentences": len(data), "claims": sum(labels)},
            "settings": {"neg_weight": NEG_WEIGHT, "c_claim": C_CLAIM, "c_kind": C_KIND, "min_count": MIN_COUNT,
                         "kind_balanced": KIND_BALANCED, "drop_claim": list(DROP_CLAIM),
                         "drop_kind": list(DROP_KIND)},
            "claim": claim, "kind": kind}
