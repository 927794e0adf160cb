"""`threadkb eval`: score the project's own output against hand-checked gold files.

The rules are those of ``GOLD-FORMAT.md`` (``threadkb-gold/1``):

* text is compared after :func:`normalize` on both sides (quote markers at line starts removed,
  every run of white space, U+00A0 and U+202F included, made one space, trimmed), by substring,
  case-sensitive;
* a predicted message pairs with a gold message when its own text contains every ``contains``
  snippet and no ``excludes`` snippet; the pairing is one-to-one and of maximum size (a bipartite
  matching, so the number of pairs does not depend on the order of the messages);
* author / date / parent accuracy are judged over the pairs; citations and APIs are sets keyed by
  the gold message key (an item of an unpaired predicted message is a false positive); claims and
  relations are matched through the paired messages.

A part is scored only over the files whose gold has that key, and only where the prediction has
it: a stage the project does not run yet is reported as absent (``None``), never as zero.

Conventions where the format leaves a choice (all in one place, :class:`Counts`):
precision with nothing predicted is 1.0 when there is nothing to find, else 0.0; recall with
nothing to find is 1.0 when nothing was predicted, else 0.0; an accuracy over no pairs is ``None``.
A gold date without seconds (``2024-06-10T17:41``) is compared at minute precision.
A gold claim may be matched by any predicted claim of the paired message that contains its
snippet (claims are not paired one-to-one); kind and speaker are judged on the shortest such claim.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from threadkb.models import PredictError

log = logging.getLogger(__name__)

GOLD_FORMAT = "threadkb-gold/1"
OPTIONAL_PARTS = ("boilerplate", "citations", "apis", "claims", "relations")


class GoldError(Exception):
    """A gold file that cannot be used; the message is one line meant for the user."""


# --------------------------------------------------------------------------- text rules

_LINE_BREAKS = re.compile(r"\r\n?")
_QUOTE_MARKERS = re.compile(r"^(?:[^\S\n]|>)+", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")  # str patterns: Unicode white space, U+00A0 and U+202F included


@functools.lru_cache(maxsize=8192)
def normalize(text: str | None) -> str:
    """The GOLD-FORMAT text normalisation: quote markers off line starts, white space collapsed, trimmed."""
    if not text:
        return ""
    text = _QUOTE_MARKERS.sub("", _LINE_BREAKS.sub("\n", text))
    return _WHITESPACE.sub(" ", text).strip()


def normalize_name(name: str | None) -> str | None:
    """Author / speaker comparison form: white space collapsed, case-folded; empty is ``None``."""
    if name is None:
        return None
    name = " ".join(str(name).split()).casefold()
    return name or None


def _precision_of(iso: str) -> str:
    """How precise the time of an ISO 8601 string is: "hour", "minute", "second" or "micro"."""
    m = re.search(r"T\d{2}(:?\d{2})?(:?\d{2})?([.,]\d+)?", iso)
    if not m or not m.group(1):
        return "hour"
    if not m.group(2):
        return "minute"
    return "micro" if m.group(3) else "second"


def _truncate(dt: datetime, precision: str) -> datetime:
    if precision == "hour":
        return dt.replace(minute=0, second=0, microsecond=0)
    if precision == "minute":
        return dt.replace(second=0, microsecond=0)
    if precision == "second":
        return dt.replace(microsecond=0)
    return dt


def _parse_iso(value: Any) -> datetime | date | None:
    """A datetime (aware or naive) or a date from an ISO 8601 string; ``None`` when it is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def same_date(gold: str | None, predicted: Any) -> bool:
    """GOLD-FORMAT date rule: same instant (gold has an offset), same local date-time (gold has none),
    same day (gold is date-only); null equals null. Compared at the precision the gold date shows."""
    if gold is None:
        return predicted is None or (isinstance(predicted, str) and not predicted.strip())
    g, p = _parse_iso(gold), _parse_iso(predicted)
    if g is None or p is None:
        return False
    if not isinstance(g, datetime):  # date-only gold: the predicted local day
        return (p.date() if isinstance(p, datetime) else p) == g
    if not isinstance(p, datetime):
        return False
    if g.tzinfo is not None:
        if p.tzinfo is None:
            return False
        p = p.astimezone(g.tzinfo)
    precision = _precision_of(gold)
    return _truncate(p.replace(tzinfo=None), precision) == _truncate(g.replace(tzinfo=None), precision)


# --------------------------------------------------------------------------- gold model


@dataclass(frozen=True)
class GoldMessage:
    key: str
    author: str | None
    date: str | None
    in_reply_to: str | None
    contains: tuple[str, ...]
    excludes: tuple[str, ...] = ()
    partial: bool | None = None
    document_quotes: tuple[dict, ...] = ()


@dataclass(frozen=True)
class GoldCitation:
    message: str
    document: str
    section: str
    item: str | None


@dataclass(frozen=True)
class GoldApi:
    message: str
    path: str


@dataclass(frozen=True)
class GoldClaim:
    id: str
    message: str
    speaker: str | None
    kind: str
    text: str


@dataclass(frozen=True)
class GoldRelation:
    source: str  # "from" claim id
    target: str  # "to" claim id
    kind: str


@dataclass
class GoldFile:
    """One gold file. A list that is ``None`` was not annotated (nothing is scored for it)."""

    path: str
    source: str  # resolved path of the corpus file
    messages: list[GoldMessage]
    notes: str = ""
    boilerplate: list[str] | None = None
    citations: list[GoldCitation] | None = None
    apis: list[GoldApi] | None = None
    claims: list[GoldClaim] | None = None
    relations: list[GoldRelation] | None = None


def _as_str(value: Any) -> str | None:
    """Section / item comparison form: strings compare as strings (``4`` equals ``"4"``)."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _need(obj: Any, key: str, where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise GoldError(f"{where}: missing key {key!r}")
    return obj[key]


def _snippets(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise GoldError(f"{where}: expected a list of strings")
    return tuple(value)


def load_gold(path: str | Path) -> GoldFile:
    """Read a gold file. Its ``source`` is resolved relative to the gold folder's parent."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(f"cannot read gold file: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"not a JSON gold file: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError("not a gold file: the top level is not a JSON object")
    if data.get("format") != GOLD_FORMAT:
        raise GoldError(f"unknown gold format {data.get('format')!r} (expected {GOLD_FORMAT!r})")
    source = _need(data, "source", "gold")
    if not isinstance(source, str) or not source:
        raise GoldError("gold: 'source' is not a path")
    source_path = Path(source) if Path(source).is_absolute() else path.resolve().parent.parent / source
    raw_messages = _need(data, "messages", "gold")
    if not isinstance(raw_messages, list):
        raise GoldError("gold: 'messages' is not a list")
    messages = []
    for i, m in enumerate(raw_messages):
        where = f"messages[{i}]"
        messages.append(GoldMessage(
            key=str(_need(m, "key", where)), author=m.get("author"), date=m.get("date"),
            in_reply_to=m.get("in_reply_to"), contains=_snippets(_need(m, "contains", where), where),
            excludes=_snippets(m.get("excludes"), where), partial=m.get("partial"),
            document_quotes=tuple(m.get("document_quotes") or ())))
    keys = [m.key for m in messages]
    if len(set(keys)) != len(keys):
        raise GoldError(f"gold: duplicate message key {next(k for k in keys if keys.count(k) > 1)!r}")
    empty = [m.key for m in messages if not any(normalize(s) for s in m.contains)]
    if empty:
        raise GoldError(f"gold: message {empty[0]!r} has no 'contains' snippet")
    gold = GoldFile(path=str(path), source=str(source_path), messages=messages, notes=data.get("notes") or "")
    if "boilerplate" in data:
        gold.boilerplate = list(_snippets(data["boilerplate"], "boilerplate"))
    if "citations" in data:
        gold.citations = [GoldCitation(str(_need(c, "message", "citation")), str(_need(c, "document", "citation")),
                                       _as_str(_need(c, "section", "citation")) or "", _as_str(c.get("item")))
                          for c in data["citations"] or []]
    if "apis" in data:
        gold.apis = [GoldApi(str(_need(a, "message", "api")), str(_need(a, "path", "api"))) for a in data["apis"] or []]
    if "claims" in data:
        gold.claims = [GoldClaim(str(_need(c, "id", "claim")), str(_need(c, "message", "claim")), c.get("speaker"),
                                 str(_need(c, "kind", "claim")), str(_need(c, "text", "claim")))
                       for c in data["claims"] or []]
    if "relations" in data:
        gold.relations = [GoldRelation(str(_need(r, "from", "relation")), str(_need(r, "to", "relation")),
                                       str(_need(r, "kind", "relation")))
                          for r in data["relations"] or []]
    return gold


# --------------------------------------------------------------------------- score model


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Counts:
    """Counts for precision / recall / F1, summable for micro-averaging.

    ``tp_predicted`` counts the predicted items that are right, ``tp_gold`` the gold items found
    (the same number for sets; they differ for relations, see GOLD-FORMAT).
    """

    tp_predicted: int = 0
    predicted: int = 0
    tp_gold: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp_predicted + other.tp_predicted, self.predicted + other.predicted,
                      self.tp_gold + other.tp_gold, self.gold + other.gold)

    @property
    def precision(self) -> float:
        if self.predicted:
            return self.tp_predicted / self.predicted
        return 1.0 if self.gold == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.gold:
            return self.tp_gold / self.gold
        return 1.0 if self.predicted == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp_predicted": self.tp_predicted, "predicted": self.predicted,
                "tp_gold": self.tp_gold, "gold": self.gold}


@dataclass
class MessageCounts(Counts):
    """Pairing counts plus the field checks over the pairs."""

    author_correct: int = 0
    date_correct: int = 0
    parent_correct: int = 0

    def __add__(self, other: Counts) -> MessageCounts:
        base = Counts.__add__(self, other)
        more = other if isinstance(other, MessageCounts) else MessageCounts()  # plain counts: no field checks
        return MessageCounts(base.tp_predicted, base.predicted, base.tp_gold, base.gold,
                             self.author_correct + more.author_correct, self.date_correct + more.date_correct,
                             self.parent_correct + more.parent_correct)

    @property
    def pairs(self) -> int:
        return self.tp_gold

    @property
    def author_accuracy(self) -> float | None:
        return _ratio(self.author_correct, self.pairs)

    @property
    def date_accuracy(self) -> float | None:
        return _ratio(self.date_correct, self.pairs)

    @property
    def parent_accuracy(self) -> float | None:
        return _ratio(self.parent_correct, self.pairs)

    def as_json(self) -> dict:
        return {**Counts.as_json(self), "pairs": self.pairs, "author_accuracy": self.author_accuracy,
                "date_accuracy": self.date_accuracy, "parent_accuracy": self.parent_accuracy}


@dataclass
class ClaimCounts:
    gold: int = 0
    matched: int = 0
    kind_correct: int = 0
    speaker_correct: int = 0
    predicted: int = 0
    words: int = 0  # words of predicted own text

    def __add__(self, other: ClaimCounts) -> ClaimCounts:
        return ClaimCounts(self.gold + other.gold, self.matched + other.matched,
                           self.kind_correct + other.kind_correct, self.speaker_correct + other.speaker_correct,
                           self.predicted + other.predicted, self.words + other.words)

    @property
    def recall(self) -> float | None:
        return _ratio(self.matched, self.gold)

    @property
    def kind_accuracy(self) -> float | None:
        return _ratio(self.kind_correct, self.matched)

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speaker_correct, self.matched)

    @property
    def per_100_words(self) -> float | None:
        return 100 * self.predicted / self.words if self.words else None

    def as_json(self) -> dict:
        return {"recall": self.recall, "kind_accuracy": self.kind_accuracy, "speaker_accuracy": self.speaker_accuracy,
                "per_100_words": self.per_100_words, "gold": self.gold, "matched": self.matched,
                "predicted": self.predicted, "words": self.words}


@dataclass
class FileScore:
    """The score of one gold file, and what a developer needs to see why."""

    file: str  # gold file
    source: str
    stage: str = ""  # "extract" or "parse": how far the pipeline ran
    note: str = ""
    messages: MessageCounts = field(default_factory=MessageCounts)
    leaks: int | None = None
    citations: Counts | None = None
    apis: Counts | None = None
    claims: ClaimCounts | None = None
    relations: Counts | None = None
    details: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"file": self.file, "source": self.source, "stage": self.stage, "note": self.note,
                **_parts_json(self.messages, self.leaks, self.citations, self.apis, self.claims, self.relations),
                "details": self.details}


@dataclass
class EvalError:
    file: str
    reason: str


@dataclass
class Scores:
    """Micro-averaged figures over the scored files; a part is ``None`` where no file scored it."""

    messages: MessageCounts | None  # None when no file was scored
    leaks: int | None = None
    citations: Counts | None = None
    apis: Counts | None = None
    claims: ClaimCounts | None = None
    relations: Counts | None = None
    files: list[FileScore] = field(default_factory=list)
    errors: list[EvalError] = field(default_factory=list)

    def as_json(self) -> dict:
        return {**_parts_json(self.messages, self.leaks, self.citations, self.apis, self.claims, self.relations),
                "errors": [{"file": e.file, "reason": e.reason} for e in self.errors],
                "files": [f.as_json() for f in self.files]}


def _parts_json(messages, leaks, citations, apis, claims, relations) -> dict:
    absent_messages = dict.fromkeys(("precision", "recall", "f1", "author_accuracy", "date_accuracy",
                                     "parent_accuracy"))
    return {"messages": messages.as_json() if messages else absent_messages,
            "boilerplate": {"leaks": leaks},
            "citations": citations.as_json() if citations else {"precision": None, "recall": None, "f1": None},
            "apis": apis.as_json() if apis else {"precision": None, "recall": None, "f1": None},
            "claims": claims.as_json() if claims else {"recall": None, "kind_accuracy": None,
                                                       "speaker_accuracy": None, "per_100_words": None},
            "relations": relations.as_json() if relations else {"precision": None, "recall": None, "f1": None}}


# --------------------------------------------------------------------------- scoring


@dataclass
class _PredMessage:
    key: str
    author: Any
    date: Any
    in_reply_to: Any
    text: str  # normalised own text


def _pred_messages(prediction: dict) -> list[_PredMessage]:
    out = []
    for i, m in enumerate(prediction.get("messages") or []):
        if not isinstance(m, dict):
            continue
        raw = m.get("text") if isinstance(m.get("text"), str) else ""
        key = m.get("key")
        out.append(_PredMessage(str(key) if key is not None else f"#{i}", m.get("author"), m.get("date"),
                                m.get("in_reply_to"), normalize(raw)))
    return out


def _fits(pred: _PredMessage, gold: GoldMessage) -> bool:
    return all(normalize(s) in pred.text for s in gold.contains) and not any(
        normalize(s) in pred.text for s in gold.excludes if normalize(s))


def max_bipartite_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum matching of left nodes to right nodes (augmenting paths, Kuhn); returns left -> right."""
    left_of: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges.get(u, ()):
            if v in seen:
                continue
            seen.add(v)
            if v not in left_of or augment(left_of[v], seen):
                left_of[v] = u
                return True
        return False

    for u in sorted(edges):
        augment(u, set())
    return {u: v for v, u in left_of.items()}


def pair_messages(gold: list[GoldMessage], preds: list[_PredMessage]) -> dict[int, int]:
    """Gold index -> predicted index, one-to-one, of maximum size."""
    edges = {gi: [pi for pi, p in enumerate(preds) if _fits(p, g)] for gi, g in enumerate(gold)}
    return max_bipartite_matching(edges)


def _why_unmatched(g: GoldMessage, preds: list[_PredMessage], taken: dict[int, str]) -> dict:
    """The closest predicted message to an unpaired gold message, and what kept them apart."""
    best = None
    for pi, p in enumerate(preds):
        missing = [s for s in g.contains if normalize(s) not in p.text]
        present = [s for s in g.excludes if normalize(s) and normalize(s) in p.text]
        rank = (len(missing) + len(present), len(missing))
        if best is None or rank < best[0]:
            best = (rank, pi, missing, present)
    if best is None:
        return {"gold": g.key, "reason": "no predicted message"}
    _, pi, missing, present = best
    info: dict = {"gold": g.key, "closest": preds[pi].key, "missing": missing, "excluded_present": present}
    if not missing and not present:
        info["reason"] = f"fits {preds[pi].key}, which is paired with {taken.get(pi, '?')}"
    elif missing and len(missing) == len(g.contains):
        info["reason"] = "no predicted message contains any snippet"
    else:
        info["reason"] = "; ".join([f"missing {s!r}" for s in missing] + [f"contains excluded {s!r}" for s in present])
    return info


def _citation_key(c: dict, key_map: dict[str, str]) -> tuple:
    """(gold message key, document, section, item); an unpaired message's key is ("unpaired", key)."""
    pk = str(c.get("message"))
    msg = key_map.get(pk, ("unpaired", pk))
    return (msg, str(c.get("document")), _as_str(c.get("section")) or "", _as_str(c.get("item")))


def _set_counts(gold: set, predicted: set) -> Counts:
    tp = len(gold & predicted)
    return Counts(tp, len(predicted), tp, len(gold))


def _show(t: tuple) -> str:
    msg = t[0] if isinstance(t[0], str) else f"{t[0][1]}(unpaired)"
    return " ".join([msg] + [str(x) for x in t[1:] if x is not None])


def score_file(gold: GoldFile, prediction: dict) -> FileScore:
    """Score one prediction (GOLD-FORMAT prediction shape) against its gold file."""
    score = FileScore(file=gold.path, source=gold.source)
    details = score.details
    preds = _pred_messages(prediction)
    pairing = pair_messages(gold.messages, preds)
    gold_to_pred = {gold.messages[gi].key: preds[pi].key for gi, pi in pairing.items()}
    pred_to_gold = {v: k for k, v in gold_to_pred.items()}
    taken = {pi: gold.messages[gi].key for gi, pi in pairing.items()}

    # messages
    mc = MessageCounts(tp_predicted=len(pairing), predicted=len(preds), tp_gold=len(pairing), gold=len(gold.messages))
    mismatches = []
    for gi, pi in sorted(pairing.items()):
        g, p = gold.messages[gi], preds[pi]
        checks = {
            "author": (normalize_name(g.author) == normalize_name(p.author), g.author, p.author),
            "date": (same_date(g.date, p.date), g.date, p.date),
            "in_reply_to": (
                (p.in_reply_to in (None, "")) if g.in_reply_to is None
                else (g.in_reply_to in gold_to_pred and p.in_reply_to == gold_to_pred[g.in_reply_to]),
                g.in_reply_to, p.in_reply_to),
        }
        mc.author_correct += checks["author"][0]
        mc.date_correct += checks["date"][0]
        mc.parent_correct += checks["in_reply_to"][0]
        for name, (ok, want, got) in checks.items():
            if not ok:
                entry = {"gold": g.key, "predicted": p.key, "field": name, "expected": want, "got": got}
                if name == "in_reply_to":
                    entry["expected_predicted_key"] = gold_to_pred.get(g.in_reply_to) if g.in_reply_to else None
                mismatches.append(entry)
    score.messages = mc
    details["pairs"] = gold_to_pred
    details["unmatched_gold"] = [_why_unmatched(g, preds, taken) for gi, g in enumerate(gold.messages)
                                 if gi not in pairing]
    details["unmatched_predicted"] = [{"predicted": p.key, "author": p.author, "date": p.date,
                                       "text": p.text[:120]} for pi, p in enumerate(preds) if pi not in taken]
    details["mismatches"] = mismatches

    # boilerplate
    if gold.boilerplate is not None:
        leaked = [s for s in gold.boilerplate if normalize(s) and any(normalize(s) in p.text for p in preds)]
        score.leaks = len(leaked)
        details["leaked"] = [{"snippet": s, "in": [p.key for p in preds if normalize(s) in p.text]} for s in leaked]

    # citations and APIs: sets keyed by gold message key
    if gold.citations is not None and "citations" in prediction:
        g_set = {(c.message, c.document, c.section, c.item) for c in gold.citations}
        p_set = {_citation_key(c, pred_to_gold) for c in prediction["citations"] or [] if isinstance(c, dict)}
        score.citations = _set_counts(g_set, p_set)
        details["citations"] = {"missed": sorted(map(_show, g_set - p_set)), "false": sorted(map(_show, p_set - g_set))}
    if gold.apis is not None and "apis" in prediction:
        g_apis = {(a.message, a.path) for a in gold.apis}
        p_apis = {(pred_to_gold.get(str(a.get("message")), ("unpaired", str(a.get("message")))), str(a.get("path")))
                  for a in prediction["apis"] or [] if isinstance(a, dict)}
        score.apis = _set_counts(g_apis, p_apis)
        details["apis"] = {"missed": sorted(map(_show, g_apis - p_apis)), "false": sorted(map(_show, p_apis - g_apis))}

    # claims and relations
    if gold.claims is not None and "claims" in prediction:
        _score_claims(gold, prediction, preds, gold_to_pred, score)
    return score


def message_pairs(gold: GoldFile, prediction: dict) -> dict[str, str]:
    """Gold message key -> the key of the predicted message paired with it (see ``pair_messages``)."""
    preds = _pred_messages(prediction)
    return {gold.messages[gi].key: preds[pi].key for gi, pi in pair_messages(gold.messages, preds).items()}


def claim_matches(gold: GoldFile, prediction: dict, gold_to_pred: dict[str, str] | None = None) -> dict[str, list[dict]]:
    """Gold claim id -> the predicted claims (dicts) that match it: same paired message, snippet inside."""
    gold_to_pred = message_pairs(gold, prediction) if gold_to_pred is None else gold_to_pred
    pred_claims = [c for c in prediction.get("claims") or [] if isinstance(c, dict)]
    out: dict[str, list[dict]] = {}
    for g in gold.claims or []:
        pk = gold_to_pred.get(g.message)
        snippet = normalize(g.text)
        out[g.id] = [c for c in pred_claims if pk is not None and str(c.get("message")) == pk
                     and snippet in normalize(c.get("text") if isinstance(c.get("text"), str) else "")]
    return out


def _score_claims(gold: GoldFile, prediction: dict, preds: list[_PredMessage],
                  gold_to_pred: dict[str, str], score: FileScore) -> None:
    gold_claims = gold.claims or []  # (scored only for a gold file that lists claims)
    pred_claims = [c for c in prediction.get("claims") or [] if isinstance(c, dict)]
    # gold claim id -> ids of the predicted claims that match it
    matches: dict[str, list[str]] = {}
    cc = ClaimCounts(gold=len(gold_claims), predicted=len(pred_claims),
                     words=sum(len(p.text.split()) for p in preds))
    missed, wrong = [], []
    found_by_gold = claim_matches(gold, prediction, gold_to_pred)
    for g in gold_claims:
        pk = gold_to_pred.get(g.message)
        found = found_by_gold[g.id]
        matches[g.id] = [str(c.get("id")) for c in found]
        if not found:
            missed.append({"gold": g.id, "reason": "message unpaired" if pk is None else "no predicted claim has it",
                           "text": g.text})
            continue
        best = min(found, key=lambda c: len(c.get("text") or ""))
        cc.matched += 1
        kind_ok = str(best.get("kind")) == g.kind
        speaker_ok = normalize_name(best.get("speaker")) == normalize_name(g.speaker)
        cc.kind_correct += kind_ok
        cc.speaker_correct += speaker_ok
        if not (kind_ok and speaker_ok):
            wrong.append({"gold": g.id, "predicted": best.get("id"), "kind": [g.kind, best.get("kind")],
                          "speaker": [g.speaker, best.get("speaker")]})
    score.claims = cc
    score.details["claims"] = {"missed": missed, "wrong": wrong}
    if gold.relations is None or "relations" not in prediction:
        return
    judged_ids = {pid for ids in matches.values() for pid in ids}
    pred_rel = [r for r in prediction.get("relations") or [] if isinstance(r, dict)]
    judged = [r for r in pred_rel if str(r.get("from")) in judged_ids and str(r.get("to")) in judged_ids]

    def hits(r: dict, g: GoldRelation) -> bool:
        return (str(r.get("kind")) == g.kind and str(r.get("from")) in matches.get(g.source, ())
                and str(r.get("to")) in matches.get(g.target, ()))

    found_gold = [g for g in gold.relations if any(hits(r, g) for r in judged)]
    right_pred = [r for r in judged if any(hits(r, g) for g in gold.relations)]
    score.relations = Counts(len(right_pred), len(judged), len(found_gold), len(gold.relations))
    score.details["relations"] = {
        "missed": [f"{g.source} -{g.kind}-> {g.target}" for g in gold.relations if g not in found_gold],
        "false": [f"{r.get('from')} -{r.get('kind')}-> {r.get('to')}" for r in judged if r not in right_pred]}


def micro_average(files: list[FileScore], errors: list[EvalError] | None = None) -> Scores:
    """Sum the counts of every file; a part with no scored file stays ``None``."""

    def total(values: list):
        values = [v for v in values if v is not None]
        if not values:
            return None
        out = values[0]
        for v in values[1:]:
            out = out + v
        return out

    return Scores(messages=total([f.messages for f in files]),
                  leaks=total([f.leaks for f in files]), citations=total([f.citations for f in files]),
                  apis=total([f.apis for f in files]), claims=total([f.claims for f in files]),
                  relations=total([f.relations for f in files]), files=list(files), errors=list(errors or []))


# --------------------------------------------------------------------------- the project under test


class Predictor(Protocol):
    """Runs the project on a source (``threadkb.pipeline.Predictor``; a test gives a fixed answer)."""

    def predict(self, source: str) -> tuple[dict, str, str, str | None]:
        """The prediction dict for ``source``, the stage reached, a note, and an error (or None)."""
        ...


def gold_files(paths: list[str]) -> tuple[list[Path], list[EvalError]]:
    """Gold files named by ``paths``: files as given, folders -> their ``*.json`` (sorted)."""
    files, errors = [], []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.glob("*.json") if not f.name.startswith("GOLD-FORMAT") and f.is_file())
            if not found:
                errors.append(EvalError(p, "no gold files (*.json) in this folder"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a named pipe, socket or device: reading it could wait forever
            errors.append(EvalError(p, "not a regular file: only regular files are read"))
        else:
            from threadkb.ingest import missing_reason

            errors.append(EvalError(p, missing_reason(p)))
    return files, errors


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, (GoldError, PredictError)):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def evaluate(gold_paths: list[str], predictor: Predictor) -> Scores:
    """Score ``predictor`` on every gold file (or folder of them). Failures become ``errors``."""
    paths, errors = gold_files([str(p) for p in gold_paths])
    return micro_average(*score_paths(paths, predictor, errors))


def score_paths(paths: list[Path], predictor: Predictor,
                errors: list[EvalError]) -> tuple[list[FileScore], list[EvalError]]:
    """Score ``predictor`` on each gold file of ``paths``; a file's failure is added to ``errors``."""
    scored = []
    for path in paths:
        try:
            gold = load_gold(path)
            if not Path(gold.source).is_file():
                raise PredictError(f"source not found: {gold.source}")
            prediction, stage, note, error = predictor.predict(gold.source)
            fs = score_file(gold, prediction)
            fs.stage, fs.note = stage, note
            scored.append(fs)
            if error:
                errors.append(EvalError(str(path), error))
        except Exception as exc:  # one file's failure is a line in the report, never a crash
            log.debug("%s: not scored", path, exc_info=True)
            errors.append(EvalError(str(path), _one_line(exc)))
    return scored, errors


# --------------------------------------------------------------------------- the command


def _fmt(value: float | int | None, width: int = 5) -> str:
    if value is None:
        return "-".rjust(width)
    if isinstance(value, int):
        return str(value).rjust(width)
    return f"{value:.3f}".rjust(width)


_COLUMNS = ("msg P", "msg R", "msg F1", "auth", "date", "parent", "leaks", "cit F1", "api F1", "clm R", "rel F1")


def _row(name: str, messages: MessageCounts | None, leaks, citations, apis, claims, relations) -> str:
    m = messages
    cells = [m.precision if m else None, m.recall if m else None, m.f1 if m else None,
             m.author_accuracy if m else None, m.date_accuracy if m else None, m.parent_accuracy if m else None, leaks, citations.f1 if citations else None, apis.f1 if apis else None,
             claims.recall if claims else None, relations.f1 if relations else None]
    return f"{name:<44.44} " + " ".join(_fmt(c, max(6, len(h))) for c, h in zip(cells, _COLUMNS, strict=True))


def format_table(scores: Scores) -> str:
    """The readable report: one row per file, the micro-averaged total, notes and errors."""
    header = f"{'file':<44} " + " ".join(h.rjust(max(6, len(h))) for h in _COLUMNS)
    lines = [header, "-" * len(header)]
    for f in scores.files:
        lines.append(_row(Path(f.file).stem, f.messages, f.leaks, f.citations, f.apis, f.claims, f.relations))
    lines.append("-" * len(header))
    m = scores.messages
    counted = f", {m.pairs}/{m.gold} messages" if m else ""
    lines.append(_row(f"TOTAL ({len(scores.files)} files{counted})", m, scores.leaks,
                      scores.citations, scores.apis, scores.claims, scores.relations))
    notes = sorted({f.note for f in scores.files if f.note})
    for note in notes:
        lines.append(f"note: {note}")
    if scores.claims is not None:
        lines.append(f"claims: kind accuracy {_fmt(scores.claims.kind_accuracy).strip()}, speaker accuracy "
                     f"{_fmt(scores.claims.speaker_accuracy).strip()}, "
                     f"{_fmt(scores.claims.per_100_words).strip()} per 100 words")
    if scores.errors:
        lines.append(f"errors ({len(scores.errors)}):")
        lines.extend(f"  {e.file}: {e.reason}" for e in scores.errors)
    return "\n".join(lines)
