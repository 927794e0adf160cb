"""The learned kind of a relation (rebuts / supports / answers), over the rules of ``threadkb.link.stance``.

The rules (``stance.relation_kind``) name a kind and the rule that named it. A multinomial logistic regression
reads the pair as features: the rules' verdict and rule, the stance cues of the source (agreement, negation,
contrast, correction; negation only inside RFC 2119 capitals or quoted text), whether the target is negated
too, the kinds of both claims, question marks, and the sentence shapes of both claims (hedges, modal verbs,
requests, evaluations: the claim scorer's lexicon, ``claim_features.json``), speaker and reply structure. It
replaces the rules' kind only where it is confident: its probability for another kind beats the rules' kind by
at least ``margin`` (chosen by cross-validation in training). Trained by ``scripts/train_models.py``
(``train``), shipped as ``threadkb/data/models/kinds.json``; ``use(params)`` puts other parameters in force
(``threadkb eval --cv`` retrains per fold).
"""
from __future__ import annotations

import math
import re
from contextlib import contextmanager
from functools import lru_cache

from threadkb import tables
from threadkb.link import stance
from threadkb.models import RelationKind

FORMAT = "threadkb-kinds-model/1"
KINDS = ("answers", "rebuts", "supports")  # the classes, in sklearn's (sorted) order


@lru_cache(maxsize=1)
def shipped_model() -> dict:
    """The shipped kinds model (read once per process); ``{}`` when the package has none (the rules alone)."""
    return tables.model("kinds.json", FORMAT)


_IN_FORCE: list[dict] = []


@contextmanager
def use(params: dict | None):
    """Name kinds with ``params`` (from ``train``) inside the block; ``{}`` or None: the rules alone."""
    _IN_FORCE.append(params or {})
    try:
        yield params
    finally:
        _IN_FORCE.pop()


def in_force() -> dict:
    return _IN_FORCE[-1] if _IN_FORCE else shipped_model()


# --------------------------------------------------------------------------- features


@lru_cache(maxsize=1)
def _lexicon() -> list[tuple[str, re.Pattern]]:
    """The sentence shapes (hedge, modal, negation, request verb ...): the ``lexicon`` of the data table
    ``claim_features.json``, read as a shared vocabulary (the claim detector's code is not the link stage's)."""
    return list(tables.patterns("claim_features.json")["lexicon"].items())


@lru_cache(maxsize=4096)
def _shape(text: str) -> frozenset[str]:
    """The lexicon classes a claim's text shows, and its question mark."""
    out = {name for name, rx in _lexicon() if rx.search(text)}
    if text.rstrip().endswith("?"):
        out.add("ends_question")
    elif "?" in text:
        out.add("has_question")
    return frozenset(out)


def kind_features(pair, kind: RelationKind, why: str) -> dict[str, float]:
    """The named features of a chosen pair for the kind learner (zeros left out)."""
    src, tgt, pf = pair.source, pair.target, pair.features
    f: dict[str, float] = {"rule_" + kind.value: 1.0, "rulename_" + stance.rule_name(why): 1.0}
    f["src_" + stance.scored_kind(src).value] = 1.0
    f["tgt_" + stance.scored_kind(tgt).value] = 1.0
    for name in stance.cue_features(src, tgt):
        f["cue_" + name] = 1.0
    for name in _shape(src.text):
        f["s_" + name] = 1.0
    for name in _shape(tgt.text):
        f["t_" + name] = 1.0
    for name in ("same_speaker", "same_side", "addressed", "named_back", "near", "rel_in_reply_to", "rel_window",
                 "rel_quoted_message", "src_first", "tgt_first", "short_source"):
        if name in pf:
            f[name] = 1.0
    return f


# --------------------------------------------------------------------------- the decision


def probabilities(features: dict[str, float], model: dict) -> dict[str, float]:
    """P(kind) of one pair: softmax over ``intercept[k] + coef[k] · features``."""
    index = model.get("_index")
    if index is None:
        index = model["_index"] = {n: i for i, n in enumerate(model["features"])}
    z = []
    for s, row in zip(model["intercept"], model["coef"], strict=True):
        for name, value in features.items():
            i = index.get(name)
            if i is not None:
                s += row[i] * value
        z.append(s)
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return {kind: v / total for kind, v in zip(model["classes"], e, strict=True)}


def overrides(probs: dict[str, float], rule_kind: str, margin: float) -> str | None:
    """The kind the learner puts in place of the rules' one, or None: its most probable kind when that beats
    the rules' kind by at least ``margin``."""
    best = max(sorted(probs), key=lambda k: (probs[k], k == rule_kind))
    return best if best != rule_kind and probs[best] - probs.get(rule_kind, 0.0) >= margin else None


_PREFIX_WORDS = {"s_": "the reply: {}", "t_": "the earlier claim: {}", "cue_": "stance cue: {}", "src_": "the reply's kind: {}",
                 "tgt_": "the earlier claim's kind: {}", "rule_": "the rules say {}", "rulename_": "rule: {}"}
_NAME_WORDS = {"near": "follows the earlier message directly", "same_speaker": "same speaker",
               "same_side": "same side", "addressed": "addresses the earlier speaker",
               "named_back": "the earlier speaker had addressed this one", "rel_in_reply_to": "replies to the message",
               "rel_window": "a later comment, no reply link", "rel_quoted_message": "quotes the message",
               "src_first": "the reply's first claim", "tgt_first": "the earlier message's first claim",
               "short_source": "a short reply", "rulename_default": "no stance cue"}


def feature_words(name: str) -> str:
    """A feature of ``kind_features`` in words (evidence)."""
    if name in _NAME_WORDS:
        return _NAME_WORDS[name]
    for prefix, words in _PREFIX_WORDS.items():
        if name.startswith(prefix):
            return words.format(name[len(prefix):].replace("_", " "))
    return name.replace("_", " ")


def refine(pair, kind: RelationKind, why: str, model: dict | None = None) -> tuple[RelationKind, str]:
    """The kind of a chosen pair and why. Where the rule that named it is one the learner may overrule
    (``applies_to``: the rules without a cue of their own) and the learner names another kind with a
    probability at least ``margin`` above the rules' kind, the learner's kind, with its probability, the
    features that weigh most for it, and the rule it overrode. A margin above 1 can never be reached by two
    probabilities (the training chose "never overrule"): then no features are computed at all."""
    model = in_force() if model is None else model
    if (not model or not model.get("features") or model["margin"] > 1.0
            or stance.rule_name(why) not in model["applies_to"]):
        return kind, why
    features = kind_features(pair, kind, why)
    probs = probabilities(features, model)
    best = overrides(probs, kind.value, model["margin"])
    if best is None:
        return kind, why
    row, index = model["coef"][model["classes"].index(best)], model["_index"]
    weighed = sorted(((row[index[n]] * v, n) for n, v in features.items() if n in index), reverse=True)
    reasons = ", ".join(feature_words(n) for w, n in weighed[:3] if w > 0)
    return RelationKind(best), (f"learned kind: {best}, with probability {probs[best]:.2f}"
                                + (f" ({reasons})" if reasons else "")
                                + f"; the rules said {kind.value}, with probability {probs.get(kind.value, 0.0):.2f}: {why}")


# --------------------------------------------------------------------------- training (scikit-learn)

APPLIES_TO = ("default",)  # the rules the learner may overrule: "no contrast cue" (cross-validated: notes3/kinds.md)
C = 0.3
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.01)  # 1.01: never overrule


def fit(examples: list[tuple[dict[str, float], str]], seed: int) -> dict:
    """Multinomial logistic regression over (features, gold kind) examples."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    names = sorted({n for f, _ in examples for n in f})
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for row, (f, _) in enumerate(examples):
        for n, v in f.items():
            x[row, index[n]] = v
    y = [label for _, label in examples]
    if len(set(y)) < 2:  # nothing to learn
        return {"features": [], "classes": sorted(set(y)), "coef": [], "intercept": []}
    clf = LogisticRegression(C=C, max_iter=5000, random_state=seed)
    clf.fit(x, y)
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # one row for the second class against the first: as a softmax, the first's is 0
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return {"features": names, "classes": [str(c) for c in clf.classes_],
            "coef": [[round(float(v), 6) for v in row] for row in coef],
            "intercept": [round(float(v), 6) for v in intercept]}


def train(files: list[list[tuple[dict[str, float], str, str, str]]], seed: int, inner: list[list[int]]) -> dict:
    """The kinds model from the gold-related candidate pairs of the training files (one list per file of
    (features, gold kind, rules' kind, rule name)): coefficients on all of them (every rule's pairs teach it);
    ``margin`` chosen by cross-validation over the files (``inner``: folds of indices into ``files``, from
    ``threadkb.learn.folds``) for the most kinds right among the pairs of the rules it may overrule
    (``APPLIES_TO``)."""
    right = dict.fromkeys(MARGINS, 0)
    for test in inner:
        train_on = [(row[0], row[1]) for i, rows in enumerate(files) if i not in test for row in rows]
        m = fit(train_on, seed)
        for i in test:
            for f, label, rule, name in files[i]:
                if name not in APPLIES_TO:
                    continue
                probs = probabilities(f, m) if m["features"] else {rule: 1.0}
                for margin in MARGINS:
                    right[margin] += (overrides(probs, rule, margin) or rule) == label
    margin = max(MARGINS, key=lambda mg: (right[mg], mg))  # ties: the larger margin (the rules stand)
    model = {"format": FORMAT, "learner": f"sklearn LogisticRegression(C={C}), multinomial, raw 0/1 features",
             "predicts": "P(rebuts / supports / answers) of a chosen relation whose kind a rule in applies_to named",
             "applies_to": list(APPLIES_TO), "margin": margin,
             "inner_cv_right": {str(k): v for k, v in right.items()},
             "examples": sum(len(f) for f in files)}
    model.update(fit([(row[0], row[1]) for rows in files for row in rows], seed))
    return model
