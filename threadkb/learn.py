"""The learned components of the pipeline: their trainers, their training data (the gold files), and the folds
of ``threadkb eval --cv``.

A learned component is a ``Trainer``: a name (its key in the ``models`` dict the pipeline takes) and
``train(gold_paths, seed, models) -> params``, where ``models`` holds the parameters of the components trained
before it (a downstream learner trains on the output of the upstream ones). ``TRAINERS`` lists them in pipeline
order; ``train_all`` trains them all, ``run`` runs the pipeline on a file with given parameters.
``scripts/train_models.py`` writes each component's parameters to ``threadkb/data/models/<name>.json``.

Only training needs scikit-learn; the pipeline applies the parameters (plain JSON numbers) itself.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from threadkb.models import Extraction

T = TypeVar("T")  # what ``folds`` deals: gold files, indices


@dataclass(frozen=True)
class Trainer:
    name: str  # key in the models dict and name of the shipped file (threadkb/data/models/<name>.json)
    train: Callable[[list[Path], int, dict], dict]  # (gold files, seed, upstream models) -> parameters


def folds(paths: list[T], k: int, seed: int) -> list[list[T]]:
    """``k`` folds of files (at most one per file), fixed by ``seed``: shuffled, then dealt in turn."""
    order = sorted(paths, key=str)
    random.Random(seed).shuffle(order)
    k = max(1, min(k, len(order)))
    return [order[i::k] for i in range(k)]


def train_all(gold_paths: list[Path], seed: int = 0) -> dict[str, dict]:
    """Every learned component trained on ``gold_paths``, in pipeline order."""
    models: dict[str, dict] = {}
    for t in TRAINERS:
        models[t.name] = t.train(list(gold_paths), seed, dict(models))
    return models


# --------------------------------------------------------------------------- running the pipeline with parameters

_EXTRACTED: dict[tuple[str, str], list[Extraction]] = {}


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def extracted(source: str, models: dict) -> list[Extraction]:
    """Parse and extract (not link) ``source``; kept per process for the same upstream parameters (training
    and cross-validation read each file many times)."""
    upstream = {k: v for k, v in models.items() if k != "relations"}
    key = (str(source), _digest(upstream))
    if key not in _EXTRACTED:
        from threadkb import pipeline
        from threadkb.extract import extract

        errors: list[tuple[str, str]] = []
        threads = list(pipeline.parse_paths([str(source)], errors))
        if errors:
            raise RuntimeError(errors[0][1])
        from threadkb.extract import claim_model

        if "claims" in models:  # the claim scorer trained with the others (eval --cv), else the shipped one
            with claim_model.use(models["claims"]):
                _EXTRACTED[key] = extract(threads)
        else:
            _EXTRACTED[key] = extract(threads)
    return _EXTRACTED[key]


def run(source: str, models: dict) -> list[Extraction]:
    """The pipeline up to linked claims on ``source`` with the given parameters."""
    from threadkb.link import link

    return [link(ex, models.get("relations", {})) for ex in extracted(source, models)]


# --------------------------------------------------------------------------- relations


@dataclass
class Example:
    source: str  # predicted claim id of the source (pairs are chosen per source claim)
    target: str
    features: dict[str, float]
    label: str  # "none" or the gold relation kind
    kind: str  # the kind the rules give the pair
    hits: tuple[tuple[str, str], ...] = ()  # the gold relations (from, to) this pair would find


@dataclass
class FileExamples:
    path: str
    gold_relations: int
    examples: list[Example] = field(default_factory=list)


def relation_examples(gold_paths: list[Path], models: dict) -> list[FileExamples]:
    """Training pairs from the gold files: a candidate pair whose two claims match gold claims (as
    ``threadkb eval`` matches them) is a positive of the gold relation's kind, or else a negative; a pair
    with an end no gold claim matches is not judged by the gold and left out."""
    from threadkb import evaluate, pipeline
    from threadkb.link import candidate_pairs

    out = []
    for path in gold_paths:
        gold = evaluate.load_gold(path)
        if gold.relations is None or gold.claims is None or not Path(gold.source).is_file():
            continue
        exs = extracted(gold.source, models)
        prediction = evaluate._merge([pipeline.prediction(ex) for ex in exs])
        gold_of: dict[str, set[str]] = {}
        for gid, found in evaluate.claim_matches(gold, prediction).items():
            for c in found:
                gold_of.setdefault(str(c.get("id")), set()).add(gid)
        kinds = {(r.source, r.target): r.kind for r in gold.relations}
        fe = FileExamples(str(path), len(gold.relations))
        for ex in exs:
            for p in candidate_pairs(ex):
                gs, gt = gold_of.get(p.source.id), gold_of.get(p.target.id)
                if not gs or not gt:
                    continue
                hits = tuple(sorted((a, b) for a in gs for b in gt if (a, b) in kinds))
                fe.examples.append(Example(p.source.id, p.target.id, p.features, kinds[hits[0]] if hits else "none",
                                           p.kind()[0].value, hits))
        out.append(fe)
    return out


def _fit(examples: list[Example], seed: int, c: float) -> dict:
    """Logistic regression (relation or not) on standardised features; the scaling is folded into the
    coefficients, so the pipeline computes ``intercept + coef · x`` on the raw features."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    names = sorted({n for e in examples for n in e.features})
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for row, e in enumerate(examples):
        for n, v in e.features.items():
            x[row, index[n]] = v
    y = np.array([e.label != "none" for e in examples])
    if y.all() or not y.any():  # one class only: a constant
        return {"features": [], "coef": [], "intercept": 30.0 if y.all() else -30.0}
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    clf.fit((x - mean) / scale, y)
    coef = clf.coef_[0] / scale
    intercept = clf.intercept_[0] - (clf.coef_[0] * mean / scale).sum()
    return {"features": names, "coef": [round(float(v), 6) for v in coef], "intercept": round(float(intercept), 6)}


def relation_counts(files: list[FileExamples], probs: list[list[float]], threshold: float,
                    max_targets: int) -> tuple[int, int, int, int]:
    """(right predicted, predicted, gold found, gold) as ``threadkb eval`` counts relations, of choosing with
    ``threshold`` and ``max_targets`` on the given pair probabilities (one list per file, in example order)."""
    from threadkb.linkscore import choose

    tp_pred = predicted = tp_gold = gold = 0
    for fe, file_probs in zip(files, probs, strict=True):
        gold += fe.gold_relations
        groups: dict[str, list] = {}
        for e, p in zip(fe.examples, file_probs, strict=True):
            groups.setdefault(e.source, []).append((e, p))
        found: set = set()
        for group in groups.values():
            for e, _ in choose(group, threshold, max_targets):
                predicted += 1
                if e.label == e.kind:
                    tp_pred += 1
                    found.update(e.hits)
        tp_gold += len(found)
    return tp_pred, predicted, tp_gold, gold


def f1(counts: tuple[int, int, int, int]) -> float:
    tp_pred, predicted, tp_gold, gold = counts
    p = tp_pred / predicted if predicted else (1.0 if not gold else 0.0)
    r = tp_gold / gold if gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


RELATION_C = 0.03  # chosen by `threadkb eval --cv` (notes: /work/notes/relations.md)
THRESHOLDS = [round(0.1 + 0.05 * i, 2) for i in range(15)]  # 0.10 .. 0.80
MAX_TARGETS = (1, 2, 3)


def fit_relations(files: list[FileExamples], seed: int, inner_k: int = 5) -> dict:
    """The relations model: coefficients fitted on all ``files``; threshold and targets per claim chosen by
    cross-validation over those files only (grouped by file), for the F1 that ``threadkb eval`` reports."""
    from threadkb.linkscore import MODEL_FORMAT, probability

    files = [f for f in files if f.examples]
    oof: list[list[float]] = [[] for _ in files]
    for test in folds(list(range(len(files))), inner_k, seed):
        train = [e for i, f in enumerate(files) if i not in test for e in f.examples]
        if not train:
            continue
        m = _fit(train, seed, RELATION_C)
        for i in test:
            oof[i] = [probability(e.features, m) for e in files[i].examples]
    best = max((f1(relation_counts(files, oof, t, n)), -n, -t) for t in THRESHOLDS for n in MAX_TARGETS)
    model = {"format": MODEL_FORMAT, "learner": f"sklearn LogisticRegression(C={RELATION_C}), standardised features",
             "predicts": "P(the pair is a relation); the kind is the rules'",
             "threshold": -best[2], "max_targets": -best[1], "inner_cv_f1": round(best[0], 4),
             "examples": sum(len(f.examples) for f in files),
             "positives": sum(e.label != "none" for f in files for e in f.examples)}
    model.update(_fit([e for f in files for e in f.examples], seed, RELATION_C))
    return model


def train_relations(gold_paths: list[Path], seed: int, models: dict) -> dict:
    return fit_relations(relation_examples(gold_paths, models), seed)


def train_claims(gold_paths: list[Path], seed: int, models: dict) -> dict:
    """The claim scorer (``threadkb.extract.claim_training``): sentence -> claim or not, and its kind."""
    from threadkb.extract import claim_training

    return claim_training.train([str(p) for p in gold_paths], seed)


TRAINERS: list[Trainer] = [Trainer("claims", train_claims), Trainer("relations", train_relations)]
