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

import functools
import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from threadkb.models import Extraction

T = TypeVar("T")  # what ``folds`` deals: gold files, indices

if TYPE_CHECKING:
    from threadkb.evaluate import FileScore, Scores


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


SOURCE_KINDS = ("github", "mail")  # the source kinds of ``source_kind``, in fold order


def source_kind(path: Path | str) -> str:
    """The kind of source a gold file scores: ``github`` (issues and pull requests, named ``NNN_github-…``) or
    ``mail`` (mailing lists, Bugzilla, forums: every other file)."""
    stem = Path(path).name.split("_", 1)[-1]
    return "github" if stem.startswith("github") else "mail"


def folds_by(paths: list[Path], by: str, k: int, seed: int) -> list[list[Path]]:
    """The folds of ``threadkb eval --cv``: ``by="file"``, ``k`` random folds of files (``folds``);
    ``by="source"``, one fold per source kind (leave-one-source-kind-out: trained on mail and Bugzilla threads,
    scored on GitHub ones, and the other way round)."""
    if by == "file":
        return folds(paths, k, seed)
    if by != "source":
        raise ValueError(f"unknown fold grouping {by!r} (file or source)")
    groups = [sorted((p for p in paths if source_kind(p) == kind), key=str) for kind in SOURCE_KINDS]
    return [g for g in groups if g]


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
    from threadkb.link import kind_model, link

    with kind_model.use(models.get("kinds")):
        return [link(ex, models.get("relations", {})) for ex in extracted(source, models)]


def cross_validate(gold_paths: list[str], k: int = 5, seed: int = 0, by: str = "file",
                   subset: Callable[[int, list[Path]], list[Path]] | None = None) -> Scores:
    """K-fold cross-validation grouped by file: each fold's files are scored by models that every learned
    component (``TRAINERS``) trained on the other folds' gold files only. Same scores as
    ``threadkb.evaluate.evaluate``, micro-averaged over all folds. ``by="source"``: one fold per source kind
    instead (``folds_by``). ``subset(fold index, training files)``: the files to train on instead of all of them
    (the learning curve, ``scripts/learning_curve.py``)."""
    from threadkb.evaluate import gold_files, micro_average, score_paths
    from threadkb.pipeline import Predictor

    paths, errors = gold_files([str(p) for p in gold_paths])
    scored: list[FileScore] = []
    groups = folds_by(paths, by, k, seed)
    if len(groups) < 2:  # every model would train on nothing
        raise ValueError(f"cross-validation needs gold files in two folds or more; {len(paths)} gold file(s) "
                         f"make {len(groups)} fold(s) by {by}")
    for i, test in enumerate(groups):
        train = [p for p in paths if p not in test]
        if subset is not None:
            train = subset(i, train)
        models = train_all(train, seed)
        got, errors = score_paths(test, Predictor(runner=functools.partial(run, models=models)), errors)
        scored += got
    order = {p: i for i, p in enumerate(str(p) for p in paths)}
    return micro_average(sorted(scored, key=lambda f: order.get(f.file, 0)), errors)


# --------------------------------------------------------------------------- relations


@dataclass
class Example:
    source: str  # predicted claim id of the source (pairs are chosen per source claim)
    target: str
    features: dict[str, float]
    label: str  # "none", the gold relation kind, or UNJUDGED
    kind: str  # the kind the rules give the pair
    hits: tuple[tuple[str, str], ...] = ()  # the gold relations (from, to) this pair would find
    pair: Any = field(default=None, repr=False, compare=False)  # the candidate pair (``threadkb.link.Pair``)
    scored: bool = True  # the linker scores it (``threadkb.link.candidates.strongest``): it may be chosen
    message: str = ""  # the message of the source claim (the message floor of ``choose_thread`` is per message)

    @property
    def judged(self) -> bool:
        """Whether the gold judges the pair (its target matches a gold claim)."""
        return self.label != UNJUDGED

    @property
    def is_relation(self) -> bool:
        """Whether the pair is a gold relation."""
        return self.label not in ("none", UNJUDGED)


@dataclass
class FileExamples:
    path: str
    gold_relations: int
    examples: list[Example] = field(default_factory=list)


UNJUDGED = "unjudged"  # the label of a pair whose target matches no gold claim: the gold does not judge it


def relation_examples(gold_paths: list[Path], models: dict) -> list[FileExamples]:
    """Training pairs from the gold files: a candidate pair whose two claims match gold claims (as
    ``threadkb eval`` matches them) is a positive of the gold relation's kind, or else a negative. A pair whose
    target no gold claim matches is ``UNJUDGED``: ``threadkb eval`` does not count it, but it competes with the
    judged pairs of its source claim for the ``max_targets`` places, so the choice is measured with it. A pair
    whose source no gold claim matches is left out."""
    from threadkb import evaluate, pipeline
    from threadkb.link import candidate_pairs

    out = []
    for path in gold_paths:
        gold = evaluate.load_gold(path)
        if gold.relations is None or gold.claims is None or not Path(gold.source).is_file():
            continue
        exs = extracted(gold.source, models)
        prediction = pipeline.merge_predictions([pipeline.prediction(ex) for ex in exs])
        gold_of: dict[str, set[str]] = {}
        for gid, found in evaluate.claim_matches(gold, prediction).items():
            for c in found:
                gold_of.setdefault(str(c.get("id")), set()).add(gid)
        kinds = {(r.source, r.target): r.kind for r in gold.relations}
        fe = FileExamples(str(path), len(gold.relations))
        for ex in exs:
            pairs = candidate_pairs(ex)
            scored = scored_pairs(pairs, ex.thread)
            for p in pairs:
                gs, gt = gold_of.get(p.source.id), gold_of.get(p.target.id)
                if not gs:
                    continue
                chosen = (p.source.id, p.target.id) in scored
                if not gt:
                    fe.examples.append(Example(p.source.id, p.target.id, p.features, UNJUDGED, "", (), p, chosen,
                                               p.source.message))
                    continue
                hits = tuple(sorted((a, b) for a in gs for b in gt if (a, b) in kinds))
                fe.examples.append(Example(p.source.id, p.target.id, p.features, kinds[hits[0]] if hits else "none",
                                           p.kind()[0].value, hits, p, chosen, p.source.message))
        out.append(fe)
    return out


def scored_pairs(pairs: list, thread) -> set[tuple[str, str]]:
    """The (source id, target id) of the ``pairs`` (all the candidates, ``candidate_pairs(ex)``) that
    ``threadkb.link.link`` scores: of each source claim's candidates the ``max_candidates`` strongest by the rules
    and those the rules link (``candidates.strongest``). The learner trains on all the pairs; the choice it is
    tuned for (``fit_relations``) is among these, as the linker makes it."""
    from threadkb.link.candidates import strongest
    from threadkb.link.features import cues, first_places

    limit = cues()["max_candidates"]
    position = first_places(thread)
    groups: dict[str, list] = {}
    for p in pairs:
        groups.setdefault(p.source.id, []).append(p)
    out: set[tuple[str, str]] = set()
    for source, group in groups.items():
        kept = strongest({p.target.id: p.candidate for p in group}, {p.target.id for p in group if p.rule},
                         position, limit)
        out.update((source, c.target.id) for c in kept)
    return out


def _fit(examples: list[Example], seed: int, c: float) -> dict:
    """Logistic regression (relation or not) on standardised features; the scaling is folded into the
    coefficients, so the pipeline computes ``intercept + coef · x`` on the raw features."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    examples = [e for e in examples if e.judged]  # as negatives they cost CV F1 (.349 -> .339)
    names = sorted({n for e in examples for n in e.features if learned_feature(n)})
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for row, e in enumerate(examples):
        for n, v in e.features.items():
            if n in index:
                x[row, index[n]] = v
    y = np.array([e.is_relation for e in examples])
    if y.all() or not y.any():  # one class only: a constant
        return {"features": [], "coef": [], "intercept": 30.0 if y.all() else -30.0}
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed, class_weight=RELATION_CLASS_WEIGHT)
    clf.fit((x - mean) / scale, y)
    coef = clf.coef_[0] / scale
    intercept = clf.intercept_[0] - (clf.coef_[0] * mean / scale).sum()
    # balanced classes move the log-odds by log(negatives / positives): the shown probability undoes it
    prior = float(np.log(y.sum() / (len(y) - y.sum()))) if RELATION_CLASS_WEIGHT == "balanced" else 0.0
    return {"features": names, "coef": [round(float(v), 6) for v in coef], "intercept": round(float(intercept), 6),
            "prior_log_odds": round(prior, 6)}


def relation_counts(files: list[FileExamples], probs: list[list[float]], threshold: float,
                    max_targets: int, floor: float | None = None) -> tuple[int, int, int, int]:
    """(right predicted, predicted, gold found, gold) as ``threadkb eval`` counts relations, of choosing with
    ``threshold``, ``max_targets`` and the message ``floor`` (``threadkb.link.score.choose_thread``) on the given
    pair probabilities (one list per file, in example order), among the pairs the linker scores
    (``Example.scored``)."""
    from threadkb.link.score import choose_thread, floor_answerable

    tp_pred = predicted = tp_gold = gold = 0
    for fe, file_probs in zip(files, probs, strict=True):
        gold += fe.gold_relations
        groups: dict[str, list] = {}
        message_of: dict[str, str] = {}
        for e, p in zip(fe.examples, file_probs, strict=True):
            if e.scored:  # the linker chooses among the pairs it scores
                groups.setdefault(e.source, []).append((e, p))
                message_of[e.source] = e.message
        found: set = set()
        for e, _, _ in choose_thread(groups, message_of, threshold, max_targets, floor,
                                     lambda e: e.pair is None or floor_answerable(e.pair)):
            if not e.judged:  # takes a place, and eval does not count it
                continue
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


def learned_feature(name: str) -> bool:
    """Whether the relations learner reads a pair feature: not the counts of ``RELATION_SKIPPED`` nor the reply
    structures read as their reach (``threadkb.link.score.read_as_reach``): the model has no weight for them, so
    the linker's probability ignores them."""
    from threadkb.link.score import read_as_reach

    return not name.startswith(RELATION_SKIPPED) and name not in read_as_reach()


# "rank_" / "msg_rank_": how many of the source claim's candidates score higher, capped at 5. The count grows with
# the candidates a claim has, a property of the source kind (mail claims: 10 candidates, GitHub: 3.6): a model
# trained on one kind misreads it on the other. ``best_`` / ``gap_`` say the same on a scale of the best.
RELATION_SKIPPED = ("rank_", "msg_rank_")
RELATION_C = 0.03  # chosen by `threadkb eval --cv` (notes: /work/notes/relations.md)
RELATION_CLASS_WEIGHT = "balanced"  # relations are 1 pair in 6: weighed up, CV F1 seeds 0-2 0.337 -> 0.355 (notes2)
# The threshold is the balanced learner's own cut (P 0.5: a relation missed and a pair drawn wrongly weigh the same).
# Chosen by inner CV over 0.04 .. 0.80 it drifted .36 .. .58 across the folds of one seed on a flat, noisy curve
# (notes8/choice.md); fixed, with the message floor: CV F1 seeds 0-2 .4800 -> .4817, --cv-by source .3620 -> .3621.
RELATION_THRESHOLD = 0.5
MESSAGE_FLOOR = 0.0  # each message's best pair is a relation (``choose_thread``): every reply answers something
MAX_TARGETS = (1, 2, 3)  # targets per claim, chosen by inner CV


def fit_relations(files: list[FileExamples], seed: int, inner_k: int = 5) -> dict:
    """The relations model: coefficients fitted on all ``files``; the targets per claim chosen by cross-validation
    over those files only (grouped by file), for the F1 that ``threadkb eval`` reports; the threshold and the message
    floor are fixed (``RELATION_THRESHOLD``, ``MESSAGE_FLOOR``)."""
    from threadkb.link.score import MODEL_FORMAT, probability

    files = [f for f in files if f.examples]
    oof: list[list[float]] = [[] for _ in files]
    for test in folds(list(range(len(files))), inner_k, seed):
        train = [e for i, f in enumerate(files) if i not in test for e in f.examples]
        if not train:
            continue
        m = _fit(train, seed, RELATION_C)
        for i in test:
            oof[i] = [probability(e.features, m) for e in files[i].examples]
    # a file no inner fold could score (its fold held every file: one file only, or k > files) chooses nothing
    scored = [i for i, p in enumerate(oof) if p]
    held, probs = [files[i] for i in scored], [oof[i] for i in scored]
    best = (max((f1(relation_counts(held, probs, RELATION_THRESHOLD, n, MESSAGE_FLOOR)), -n) for n in MAX_TARGETS)
            if held else (0.0, -MAX_TARGETS[0]))
    model = {"format": MODEL_FORMAT,
             "learner": f"sklearn LogisticRegression(C={RELATION_C}, class_weight={RELATION_CLASS_WEIGHT}), standardised features",
             "predicts": "P(the pair is a relation); the kind is the rules'",
             "threshold": RELATION_THRESHOLD, "max_targets": -best[1], "message_floor": MESSAGE_FLOOR,
             "inner_cv_f1": round(best[0], 4),
             "examples": sum(e.judged for f in files for e in f.examples),
             "positives": sum(e.is_relation for f in files for e in f.examples)}
    model.update(_fit([e for f in files for e in f.examples], seed, RELATION_C))
    return model


def train_relations(gold_paths: list[Path], seed: int, models: dict) -> dict:
    return fit_relations(relation_examples(gold_paths, models), seed)


def train_claims(gold_paths: list[Path], seed: int, models: dict) -> dict:
    """The claim scorer (``threadkb.extract.claim_training``): sentence -> claim or not, and its kind."""
    from threadkb.extract import claim_training

    return claim_training.train([str(p) for p in gold_paths], seed)


def kind_examples(gold_paths: list[Path], models: dict) -> list[list[tuple[dict[str, float], str, str, str]]]:
    """Training rows of the kinds learner (``threadkb.link.kind_model``), one list per gold file: the candidate
    pairs that are gold relations (``relation_examples``), as (kind features, gold kind, the rules' kind, the
    name of the rule that named it)."""
    from threadkb.link import kind_model, stance

    out = []
    for fe in relation_examples(gold_paths, models):
        rows = []
        for e in fe.examples:
            if e.is_relation:
                kind, why = e.pair.kind()
                rows.append((kind_model.kind_features(e.pair, kind, why), e.label, kind.value, stance.rule_name(why)))
        out.append(rows)
    return out


def train_kinds(gold_paths: list[Path], seed: int, models: dict) -> dict:
    """The kinds learner over the rules' kind of a relation (``threadkb.link.kind_model``)."""
    from threadkb.link import kind_model

    files = [rows for rows in kind_examples(gold_paths, models) if rows]
    return kind_model.train(files, seed, folds(list(range(len(files))), 5, seed))


TRAINERS: list[Trainer] = [Trainer("claims", train_claims), Trainer("relations", train_relations),
                           Trainer("kinds", train_kinds)]


def claims_by_kind(files: list) -> dict[str, dict]:
    """Per gold kind of claim, over scored files (``threadkb.evaluate.FileScore``): gold claims, matched ones,
    recall, and kind accuracy over the matched ones (what fails, where)."""
    from threadkb.evaluate import load_gold

    out: dict[str, dict] = {}
    for f in files:
        gold = load_gold(f.file)
        details = f.details.get("claims") or {}
        missed = {m["gold"] for m in details.get("missed", [])}
        wrong = {w["gold"]: w["kind"][1] for w in details.get("wrong", []) if w["kind"][0] != w["kind"][1]}
        for g in gold.claims or []:
            row = out.setdefault(g.kind, {"gold": 0, "matched": 0, "kind_correct": 0, "taken_for": {}})
            row["gold"] += 1
            if g.id in missed:
                continue
            row["matched"] += 1
            if g.id in wrong:
                row["taken_for"][wrong[g.id]] = row["taken_for"].get(wrong[g.id], 0) + 1
            else:
                row["kind_correct"] += 1
    for row in out.values():
        row["recall"] = round(row["matched"] / row["gold"], 4) if row["gold"] else None
        row["kind_accuracy"] = round(row["kind_correct"] / row["matched"], 4) if row["matched"] else None
    return dict(sorted(out.items()))


def claims_cross_validate(gold_paths: Sequence[str | Path], k: int = 5, seed: int = 0, baseline: bool = False,
                          by: str = "file") -> dict:
    """The claim scorer alone (``threadkb.extract.claim_training``) retrained per fold: claims recall and kind
    accuracy on held-out files (micro-averaged over folds, scored by
    ``threadkb.evaluate``), overall and per gold kind. ``baseline``: score the cue table alone (no model) on
    the same folds. ``by``: the folds (``folds_by``: random folds of files, or by source kind)."""
    from threadkb.evaluate import evaluate, micro_average
    from threadkb.extract import claim_model, claim_training
    from threadkb.pipeline import Predictor

    paths = sorted(str(p) for p in gold_paths)
    per_fold, files = [], []
    for i, fold in enumerate(folds_by([Path(p) for p in paths], by, k, seed)):
        held = sorted(str(p) for p in fold)
        train_on: list[str | Path] = [p for p in paths if p not in held]
        params = None if baseline else claim_training.train(train_on, seed)
        with claim_model.use(params):
            scores = evaluate(list(held), Predictor())
        c = scores.claims
        per_fold.append({"fold": i, "files": len(held), "sources": sorted({source_kind(p) for p in held}),
                         "recall": c.recall if c else None, "kind_accuracy": c.kind_accuracy if c else None,
                         "per_100_words": c.per_100_words if c else None, "by_kind": claims_by_kind(scores.files)})
        files.extend(scores.files)

    total = micro_average(files).claims
    if total is None:  # no held-out file had claims to score
        return {"k": len(per_fold), "seed": seed, "by": by, "recall": None, "kind_accuracy": None,
                "per_100_words": None, "gold": 0, "matched": 0, "by_kind": {}, "folds": per_fold}
    return {"k": len(per_fold), "seed": seed, "by": by, "recall": total.recall,
            "kind_accuracy": total.kind_accuracy, "per_100_words": total.per_100_words, "gold": total.gold,
            "matched": total.matched, "by_kind": claims_by_kind(files), "folds": per_fold}
