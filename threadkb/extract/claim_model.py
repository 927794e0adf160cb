"""The learned claim scorer: one sentence of a message's own text -> claim or not, and which kind.

The cue table (``threadkb/data/claim_cues.json``) no longer decides: what it says about a sentence (the kind
cue that fired, the stance cues, a skip cue, its score) is read as features, beside the sentence's shape
(question mark, modal verbs, first-person subject, imperative/please, negation, hedges, future and deadline
expressions, citations, position in the message, length) and its words. Two logistic regressions read them:

- ``claim``: the probability that the sentence is a key claim;
- ``kind``: assertion, admission, commitment, question, request or denial.

The model is JSON (``threadkb/data/models/claims.json``: feature weights, training date, data hash,
cross-validated scores), written by ``scripts/train_models.py`` (``threadkb.extract.claim_training``),
loaded once per process; scoring is a sum of weights, scikit-learn is needed only to train.
``use(params)`` puts other parameters in force (cross-validation trains one model per fold).
A few precise rules stay after the model (``claim_features.json`` ``rules``): a polite closing addressed to
everyone is no claim, a hedged opinion is no admission, a request to the reader that the model reads as an
assertion (a proposal "Consider updating …", "s/a/b/"; a stated request "we are requesting that …"; a suggestion
"Maybe you could also …") is a request; a timestamped timeline entry ("July 29, 2024 22:36 – DigiCert identifies
… and lets them know we will be revoking …") is no commitment.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from threadkb import identity, kinds, tables
from threadkb.models import PROPOSAL_RULE, ClaimKind

SKIP_PREFIX = "skip: "  # the cue of a verdict the cue table skips ("skip: thanks", "skip: too short"), read as a feature
SCORE_PLACES = 3  # the decimal places of the score a claim shows (``shown``)
MODEL_FILE = "claims.json"  # in threadkb/data/models/
FORMAT = "threadkb-claim-model/1"
KINDS = kinds.claim_kind_names()  # the classes of the kind model, in table order


@lru_cache(maxsize=1)
def table() -> dict:
    """The feature table (``threadkb/data/claim_features.json``)."""
    return tables.load("claim_features.json")


@lru_cache(maxsize=1)
def _lexicon() -> list[tuple[str, re.Pattern]]:
    return list(_patterns()["lexicon"].items())


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """The feature table with its lexicon and rules compiled (case-insensitive: its schema's "x-flags")."""
    return tables.patterns("claim_features.json")


def _rule(name: str) -> re.Pattern:
    return _patterns()["rules"][name]


# --------------------------------------------------------------------------- features

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+|[?!@#]")


@dataclass(frozen=True)
class Context:
    """Where a sentence stands and what the other stages found in it."""

    index: int  # position among the message's sentences
    count: int  # sentences in the message
    message_words: int
    list_item: bool = False
    citations: int = 0
    entities: int = 0
    apis: int = 0
    own_report: bool = False
    deadline: bool = False  # ``claims.deadline`` finds one


def _bucket(n: float, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def features(text: str, kind: str | None, cue: str, score: float, stance: list[str], ctx: Context) -> dict[str, float]:
    """The features of one sentence: ``kind``/``cue``/``score``/``stance`` are the cue table's verdict
    (``kind`` None: a skip cue fired)."""
    f: dict[str, float] = {"bias_shape": 1.0}
    low = text.lower()
    if kind is None:
        f["skip=" + cue.removeprefix(SKIP_PREFIX)] = 1.0
    else:
        head = cue.split(";")[0].strip()
        f["cue_kind=" + kind] = 1.0
        if ":" in head:
            f["cue=" + head] = 1.0
        f["cue_score"] = max(-1.0, min(3.0, score)) / 3.0
    for s in stance:
        f["stance=" + s] = 1.0
    for name, rx in _lexicon():
        m = rx.search(low)
        if m:
            f["lex=" + name] = 1.0
            if name == "modal":
                f["modal=" + m.group(1).replace("’", "'")] = 1.0
    stripped = text.rstrip()
    words = len(text.split())
    f["q_end"] = float(stripped.endswith("?"))
    f["q_in"] = float("?" in stripped[:-1])
    f["excl_end"] = float(stripped.endswith("!"))
    f["colon_end"] = float(stripped.endswith(":"))
    f["starts_lower"] = float(stripped[:1].islower())
    f["len=" + _bucket(words, (3, 6, 10, 18, 30, 50))] = 1.0
    f["pos=" + ("only" if ctx.count == 1 else "first" if ctx.index == 0
                else "last" if ctx.index == ctx.count - 1 else "middle")] = 1.0
    f["units=" + _bucket(ctx.count, (1, 2, 4, 8, 16))] = 1.0
    f["msg_words=" + _bucket(ctx.message_words, (15, 40, 100, 250, 600))] = 1.0
    f["rel_pos"] = ctx.index / max(1, ctx.count - 1)
    for name in ("list_item", "own_report", "deadline"):
        if getattr(ctx, name):
            f[name] = 1.0
    for name in ("citations", "entities", "apis"):
        if getattr(ctx, name):
            f[name] = 1.0
    tokens = [("0" if t.isdigit() else t) for t in _TOKEN.findall(low)]
    for t in tokens:
        f["w=" + t] = 1.0
    for a, b in pairwise(tokens):
        f[f"b={a} {b}"] = 1.0
    if tokens:
        f["first=" + tokens[0]] = 1.0
    return {k: v for k, v in f.items() if v}


# --------------------------------------------------------------------------- the model


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


@dataclass
class ClaimModel:
    """Weights read from the model file (or from ``train``)."""

    params: dict

    @property
    def digest(self) -> str:
        """What the results of this model depend on (caches key on it)."""
        return self.params.get("digest") or digest(self.params)

    def p_claim(self, feats: dict[str, float]) -> float:
        m = self.params["claim"]
        w = m["weights"]
        return _sigmoid(m["intercept"] + sum(w.get(k, 0.0) * v for k, v in feats.items()))

    def kind(self, feats: dict[str, float]) -> tuple[str, float]:
        """The most probable kind and its probability."""
        m = self.params["kind"]
        classes, w = m["classes"], m["weights"]
        z = list(m["intercept"])
        for k, v in feats.items():
            row = w.get(k)
            if row is not None:
                for i, x in enumerate(row):
                    z[i] += x * v
        top = max(z)
        e = [math.exp(x - top) for x in z]
        i = max(range(len(z)), key=z.__getitem__)
        return classes[i], e[i] / sum(e)


def digest(params: dict) -> str:
    body = json.dumps([{k: params[k] for k in ("claim", "kind") if k in params}, table()], sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()[:16]


_IN_FORCE: list[ClaimModel | None] = []  # set by ``use``


@lru_cache(maxsize=1)
def shipped() -> ClaimModel | None:
    """The model shipped in the package, read once per process; None when there is none."""
    params = tables.model(MODEL_FILE, FORMAT)
    if not params:
        return None
    params["digest"] = digest(params)
    return ClaimModel(params)


def current() -> ClaimModel | None:
    """The model in force: the one given to ``use``, else the shipped one when ``model_in_pipeline`` is on."""
    if _IN_FORCE:
        return _IN_FORCE[-1]
    return shipped() if table().get("model_in_pipeline") else None


@contextmanager
def use(params: dict | None):
    """Score claims with ``params`` (from ``train``) inside the block; None: the cue table alone."""
    model = None
    if params is not None:
        model = ClaimModel(dict(params, digest=digest(params)))
    _IN_FORCE.append(model)
    try:
        yield model
    finally:
        _IN_FORCE.pop()


# --------------------------------------------------------------------------- decisions


def shown(score: float) -> float:
    """The score a claim shows (``Claim.score``), rounded to ``SCORE_PLACES``: the one score every comparison of the
    claim stage reads (the model's probability against the floor and the thresholds, the cue table's score against
    its threshold, the order of a message's budget, the most probable sentence of a message), so a sentence shown
    at 0.4 is over the threshold of 0.4 and one shown at 0.1 over the floor of 0.1."""
    return round(score, SCORE_PLACES)



@dataclass
class Decision:
    """What the model (and the rules after it) say about one sentence."""

    p: float  # probability of being a key claim
    kind: str | None  # None: no claim whatever ``p`` says (a rule)
    kind_p: float
    rule: str = ""  # the rule that changed the model's answer
    model_kind: str | None = None  # the kind the model read (``kind_p`` is its probability); None: ``kind``

    @property
    def why(self) -> str:
        # the claim score as the comparisons read it (``shown``), not the probability at 2 places ("claim 0.40"
        # beside a score of 0.395 under the threshold of 0.4); the probability is the model's, of the kind the model
        # read: a rule that changed the kind says so and from what ("…; rule: …; kind changed: commitment → assertion")
        said = self.model_kind or self.kind
        text = f"model: {said or 'no claim'} {self.kind_p:.2f}, claim {shown(self.p):.{SCORE_PLACES}f}"
        if self.rule:
            text += f"; {self.rule}"
        if said != self.kind:
            text += f"; {KIND_CHANGED.format(model=said, kind=self.kind or 'no claim')}"
        return text


# a timestamped timeline entry ("July 29, 2024 22:36 – DigiCert identifies … we will be revoking …") tells what
# happened: no commitment, whatever "will" a reported clause of it holds (``rules`` ``timeline_entry``)
TIMELINE_RULE = "rule: a timestamped timeline entry (a past event), not a commitment"
# a change of trust a root store makes ("… will no longer be trusted by default", "will be distrusted", "will be removed
# from the root store") announces a root program's decision, whoever reports it: no commitment (``rules`` ``trust_change``)
TRUST_CHANGE_RULE = "rule: an announced change of trust (a root store's decision), not a commitment"
# the words a rule's evidence adds when it changed the model's kind: what the model said, what the claim is
KIND_CHANGED = "kind changed by the rule: the model said {model}, now {kind}"


# a CA's own process change ("requests … will no longer be accepted after …", "subscribers will not be affected by this
# change") said by a writer who speaks for a CA by their own evidence: not a root store's decision (``trust_decision``)
OWN_PROCESS_RULE = "rule: a change of the speaker's own process ({side}), not a root store's decision"


def _own_process(text: str, side: tuple[str, str] | None) -> bool:
    """Is a sentence's change of trust ("… will no longer be accepted", "… will not be affected by this change") the
    speaker's own process change: the speaker speaks for an organisation of ``process_change_sides`` (a CA) by their
    own evidence, the sentence has none of the forms only a root store's decision takes (``trust_decision``) and
    names no organisation of ``trust_deciders`` (a root program: "… will no longer be accepted by Chrome")?"""
    if side is None or side[0] not in table()["process_change_sides"] or _rule("trust_decision").search(text):
        return False
    return not any(identity.org_kind(o, (text,)) in table()["trust_deciders"] for o in identity.orgs_named(text))


def decide(model: ClaimModel, text: str, feats: dict[str, float], side: tuple[str, str] | None = None) -> Decision:
    """The model's answer for one sentence and the rules after it. ``side``: the kind of organisation the speaker
    speaks for by their own evidence, and that evidence in words (``identity.speaker_kind``)."""
    p = model.p_claim(feats)
    said, kind_p = model.kind(feats)
    kind = said
    if _rule("courtesy_closing").search(text):
        return Decision(p, None, kind_p, "rule: polite closing, not a request", said)
    cue_kind = next((k for k in table()["trust_cue_kinds"] if feats.get("cue_kind=" + k)), None)
    rules: list[str] = []
    if cue_kind is not None and cue_kind != kind:
        kind = cue_kind
        rules.append(f"rule: the cue table's {cue_kind} cue")
    if kind == ClaimKind.COMMITMENT.value and _rule("timeline_entry").search(text):
        kind = ClaimKind.ASSERTION.value
        rules.append(TIMELINE_RULE)
    elif kind == ClaimKind.COMMITMENT.value and _rule("trust_change").search(text) \
            and not _rule("trust_change_own").search(text):  # the speaker's own promise besides it: a commitment
        if side is not None and _own_process(text, side):
            rules.append(OWN_PROCESS_RULE.format(side=side[1]))  # a CA's process: the model's kind stands
        else:
            kind = ClaimKind.ASSERTION.value
            rules.append(TRUST_CHANGE_RULE)
    elif kind == ClaimKind.ADMISSION.value and _rule("hedge").search(text) and not _rule("explicit_admission").search(text):
        kind = ClaimKind.ASSERTION.value
        rules.append("rule: hedged opinion, not an admission")
    elif kind == ClaimKind.ASSERTION.value:
        found = next((n for n in table()["request_rules"] if _rule(n).search(text)), None)
        if found is not None:
            kind = ClaimKind.REQUEST.value
            rules.append(f"{PROPOSAL_RULE} ({found.replace('_', ' ')})")
    return Decision(p, kind, kind_p, "; ".join(rules), said)
