"""The learned scorer of the link stage: what each candidate pair looks like, and the decision.

``threadkb.link.candidate_pairs`` proposes, for every claim, the earlier claims it may answer: those of the
messages it replies to, quotes or follows in the reply chain (the rules of ``link_cues.json`` score them), the
claims of a person it @mentions or greets, and the earlier claims of the thread within a window (flat threads:
GitHub, Bugzilla, forums, top-posted mail). ``pair_features`` describes a pair as named numbers (the rules'
score and verdict, reply structure, distance, speakers, kinds, shared sections / APIs / entities / words) and
keeps, for each, a reason in words. ``decide`` applies the model (logistic regression: is the pair a relation?)
trained by ``scripts/train_models.py`` and shipped as ``threadkb/data/models/relations.json``; the kind (rebuts /
supports / answers) is the rules' (``threadkb.link._kind``). Every relation says why it was drawn and with what
probability.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources

from threadkb.link import Candidate, Features, _re, cues
from threadkb.models import Claim, ClaimKind, Message, Relation, RelationKind

MODEL_FORMAT = "threadkb-relations-model/1"


@lru_cache(maxsize=1)
def shipped_model() -> dict:
    """The shipped relations model (read once per process); ``{}`` when the package has none (rules only)."""
    try:
        text = resources.files("threadkb.data").joinpath("models/relations.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    model = json.loads(text)
    return model if model.get("format") == MODEL_FORMAT else {}


# --------------------------------------------------------------------------- the message a source claim is in


_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][\w.-]*[A-Za-z0-9_]|[A-Za-z0-9])")


@dataclass
class MessageContext:
    """What the pairs of one message share: whom it addresses, which earlier messages it may answer and how
    far back they are."""

    msg: Message
    addressed: set[str]  # lower-cased @logins and greeted first names
    window: dict[str, int]  # earlier message key -> distance (1: the nearest)
    first_claim: str | None
    firsts: dict[str, str | None]  # message key -> the id of its first own claim (the thread's)  # stance cue name -> the words that matched in the message's opening lines

    @classmethod
    def of(cls, msg: Message, text: str, own: list[Claim], thread, firsts: dict[str, str | None]) -> MessageContext:
        from threadkb.link import greeting_addressee

        table = cues()
        addressed = {m.lower() for m in _MENTION.findall(text)}
        greeted = greeting_addressee(text)
        if greeted:
            addressed.add(greeted.lower())
        window = earlier_messages(thread, msg, table["window"])
        if addressed:  # the claims of a person it names, further back than the window
            for key, d in earlier_messages(thread, msg, table["mention_window"]).items():
                author = _by_key(thread).get(key)
                if author is not None and addresses(addressed, author.author):
                    window.setdefault(key, d)
        return cls(msg, addressed, window, own[0].id if own else None, firsts)


def _by_key(thread) -> dict[str, Message]:
    cache = thread.__dict__.setdefault("_by_key_cache", {})
    if len(cache) != len(thread.messages):
        cache.clear()
        cache.update({m.key: m for m in thread.messages})
    return cache


def addresses(addressed: set[str], speaker: str | None) -> bool:
    """Whether a set of @logins / greeted names names ``speaker`` (login, first name, or the name run together)."""
    if not speaker or not addressed:
        return False
    low = speaker.strip().lower()
    return low in addressed or low.split()[0] in addressed or low.replace(" ", "") in addressed


def earlier_messages(thread, msg: Message, limit: int) -> dict[str, int]:
    """Messages ``msg`` may answer, nearest first with their distance: its reply chain (parent 1, grandparent 2
    ...) and the messages listed before it that are not replies to it and not newer than it (up to ``limit``)."""
    by_key = _by_key(thread)
    out: dict[str, int] = {}
    parent, d = msg.in_reply_to, 1
    while parent and parent in by_key and parent not in out and d <= limit:
        out[parent] = d
        parent, d = by_key[parent].in_reply_to, d + 1
    index = thread.messages.index(msg)
    d = 0
    for m in reversed(thread.messages[max(0, index - 4 * limit):index]):
        if d >= limit:
            break
        if m.key == msg.key or _descends(by_key, m, msg.key) or _newer(m.date, msg.date):
            continue
        d += 1
        out[m.key] = min(out.get(m.key, d), d)
    return out


def _descends(by_key: dict[str, Message], m: Message, ancestor: str) -> bool:
    seen, parent = set(), m.in_reply_to
    while parent and parent in by_key and parent not in seen:
        if parent == ancestor:
            return True
        seen.add(parent)
        parent = by_key[parent].in_reply_to
    return False


def _newer(a, b) -> bool:
    if a is None or b is None or type(a) is not type(b):
        return False
    if isinstance(a, datetime) and (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a > b


# --------------------------------------------------------------------------- the features of a pair


_STRUCTURE_WORDS = {"in_reply_to": "replies to {who}'s message", "ancestor": "replies further down {who}'s chain",
                    "quoted_message": "quotes {who}'s message", "thread_order": "is the next comment after {who}'s",
                    "thread_order_far": "comes a few comments after {who}'s"}


def _who(c: Claim) -> str:
    return c.speaker or "the earlier speaker"


def _cites(items: set[str], claim: Claim) -> str:
    docs = {cid.split(":")[1]: cid.split(":")[0] for cid in claim.citations if cid.count(":") >= 1}
    out = []
    for it in sorted(items):
        section, _, item = it.partition(":")
        doc = docs.get(section)
        out.append(" ".join(x for x in (doc, section, f"item {item}" if item else "") if x))
    return ", ".join(out)


def pair_features(src: Claim, tgt: Claim, fs: Features, ft: Features, cand: Candidate, ctx: MessageContext,
                  tmsg: Message, verdict: tuple[RelationKind, str] | None, kind_rule: tuple[RelationKind, str],
                  relation: str | None, side: str | None) -> tuple[dict[str, float], dict[str, str]]:
    """The named features of one (source claim, target claim) pair and, for each, why in words."""
    table = cues()
    f: dict[str, float] = {}
    why: dict[str, str] = {}
    who = _who(tgt)

    def put(name: str, value: float, reason: str = "") -> None:
        if value:
            f[name] = float(value)
            if reason:
                why[name] = reason

    put("rule_score", min(cand.score, 8.0))
    put("rule_link", verdict is not None, "the hand-written rules link it too")
    put("kind_rule_" + kind_rule[0].value, 1)
    distance = ctx.window.get(tgt.message, 1 if tgt.message == ctx.msg.in_reply_to else table["window"] + 1)
    structure = relation or ("quoted_message" if any(q.message == tgt.message for q in ctx.msg.quotes) else "window")
    put("rel_" + structure, 1, _STRUCTURE_WORDS.get(structure, "").format(who=who))
    put("distance", distance)
    put("near", 1 if distance == 1 else 0, f"follows {who}'s message directly" if structure == "window" else "")
    put("inverse_distance", 1 / max(distance, 1))
    same_speaker = bool(src.speaker and tgt.speaker and src.speaker.strip().lower() == tgt.speaker.strip().lower())
    put("same_speaker", same_speaker, "same speaker elaborates")
    put("same_side", bool(side) and not same_speaker, side or "")
    put("unknown_speaker", not (src.speaker and tgt.speaker))
    if addresses(ctx.addressed, tgt.speaker):
        put("addressed", 1, f"addresses {who} by name")
    if src.speaker and _MENTION.search(tmsg.text or "") and addresses(
            {m.lower() for m in _MENTION.findall(tmsg.text)}, src.speaker):
        put("named_back", 1, f"{who} had addressed {src.speaker}")
    put("src_" + src.kind.value, 1)
    put("tgt_" + tgt.kind.value, 1)
    asks = tgt.kind in (ClaimKind.QUESTION, ClaimKind.REQUEST)
    put("question_answer", asks and src.kind is not ClaimKind.QUESTION, f"answers {who}'s {tgt.kind.value}")
    put("request_commitment", tgt.kind is ClaimKind.REQUEST and src.kind is ClaimKind.COMMITMENT,
        f"commits to what {who} requested")
    put("question_question", tgt.kind is ClaimKind.QUESTION and src.kind is ClaimKind.QUESTION)
    items = fs.items & ft.items
    put("cite_item", len(items), f"both cite {_cites(items, src)}" if items else "")
    sections = (fs.sections & ft.sections) - {i.split(':')[0] for i in items}
    put("cite_section", len(sections), f"both cite {_cites(sections, src)}" if sections else "")
    apis = set(src.apis) & set(tgt.apis)
    put("same_api_path", len(apis), f"both name {', '.join(sorted(apis))}" if apis else "")
    shared = fs.words & ft.words
    put("overlap", len(shared), f"shared words: {', '.join(_words_of(src.text, shared)[:6])}" if shared else "")
    union = fs.words | ft.words
    put("jaccard", len(shared) / len(union) if union else 0)
    put("context_overlap", len((fs.context & ft.context) - shared))
    put("tgt_first", tgt.id == ctx.firsts.get(tgt.message))
    put("src_first", src.id == ctx.first_claim)
    put("short_source", len(src.text) < 60)
    return f, why


def _words_of(text: str, stems: set[str]) -> list[str]:
    """The words of ``text`` behind a set of stems (evidence shows "private", not "priva")."""
    from threadkb.link import _WORD

    alias = cues()["stem_aliases"]
    out: list[str] = []
    for w in _WORD.findall(text.lower()):
        if alias.get(w[:5], w[:5]) in stems and w not in out:
            out.append(w)
    return out


def relative(pairs: list) -> None:
    """Features of a pair against the other candidates of the same source claim (the best overlap, the
    nearest message, the rules' best)."""
    if not pairs:
        return
    top_overlap = max(p.features.get("overlap", 0) for p in pairs)
    top_score = max(p.features.get("rule_score", 0) for p in pairs)
    nearest = min(p.features.get("distance", 99) for p in pairs)
    for p in pairs:
        f = p.features
        if top_overlap and f.get("overlap", 0) == top_overlap:
            f["best_overlap"] = 1.0
        if top_overlap:
            f["overlap_share"] = f.get("overlap", 0) / top_overlap
        if top_score and f.get("rule_score", 0) == top_score:
            f["best_rule_score"] = 1.0
        if f.get("distance", 99) == nearest:
            f["nearest"] = 1.0
        f["candidates"] = math.log1p(len(pairs))


# --------------------------------------------------------------------------- the decision


def probability(features: dict[str, float], model: dict) -> float:
    """P(relation) of one pair: the logistic function of ``intercept + coef · features``."""
    index = model.get("_index") or _index(model)
    z = model["intercept"]
    coef = model["coef"]
    for name, value in features.items():
        i = index.get(name)
        if i is not None:
            z += coef[i] * value
    return 1 / (1 + math.exp(-z)) if z > -500 else 0.0


def _index(model: dict) -> dict[str, int]:
    model["_index"] = {name: i for i, name in enumerate(model["features"])}
    return model["_index"]


def choose(scored: list[tuple[object, float]], threshold: float, max_targets: int) -> list[tuple[object, float]]:
    """The pairs of one source claim that become relations: up to ``max_targets`` with P(relation) at least
    ``threshold``, most probable first (ties: the order given)."""
    ranked = sorted(enumerate(scored), key=lambda t: (-t[1][1], t[0]))
    return [(x, p) for _, (x, p) in ranked[:max_targets] if p >= threshold]


def decide(pairs: list, model: dict) -> list[Relation]:
    """Relations from the candidate pairs: per source claim, the targets the model links; the kind is the
    rules' (``threadkb.link._kind``: cross-validated, they name it better than a learner on this little data).
    The evidence says in words why: the reasons that weigh most, the learner's probability, the rules' evidence."""
    by_source: dict[str, list] = {}
    for p in pairs:
        by_source.setdefault(p.source.id, []).append(p)
    out: list[Relation] = []
    index = model.get("_index") or _index(model)
    coef = model["coef"]
    for group in by_source.values():
        for p, prob in choose([(p, probability(p.features, model)) for p in group], model["threshold"],
                              model["max_targets"]):
            kind, why = p.kind
            weighed = sorted(((coef[index[n]] * v, n) for n, v in p.features.items() if n in index and n in p.reasons),
                             reverse=True)
            reasons = [p.reasons[n] for w, n in weighed if w > 0][:4]
            evidence = [f"learned scorer: {kind.value} (kind by rule, next line), related with P = {prob:.2f}"
                        + (f": {'; '.join(reasons)}" if reasons else ""), why]
            out.append(Relation(p.source.id, p.target.id, kind, evidence + p.candidate.evidence, round(prob, 3)))
    return out
