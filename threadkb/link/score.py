"""The learned scorer of the link stage: what each candidate pair looks like, and the decision.

``threadkb.link.candidates.candidate_pairs`` proposes, for every claim, the earlier claims it may answer: those of the
messages it replies to, quotes or follows in the reply chain (the rules of ``link_cues.json`` score them), the
claims of a person it @mentions or greets, and the earlier claims of the thread within a window (flat threads:
GitHub, Bugzilla, forums, top-posted mail). ``pair_features`` describes a pair as named numbers (the rules'
score and verdict, reply structure, distance, speakers, kinds, shared sections / APIs / entities / words) and
keeps, for each, a reason in words. ``decide`` applies the model (logistic regression: is the pair a relation?)
trained by ``scripts/train_models.py`` and shipped as ``threadkb/data/models/relations.json``; the kind (rebuts /
supports / answers) is the rules' (``threadkb.link.stance``). Every relation says why it was drawn and with what
probability.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import TypeVar

from threadkb import tables
from threadkb.link import kind_model
from threadkb.link.features import (
    WORD,
    Candidate,
    Features,
    anchors,
    by_key,
    comparable_dates,
    cues,
    descends,
    greeting_addressee,
    index_of,
    message_text,
    same_side,
    stem_set,
)
from threadkb.models import Claim, ClaimKind, Message, Relation, RelationKind

T = TypeVar("T")  # what ``choose`` ranks: a pair, an example

MODEL_FORMAT = "threadkb-relations-model/1"


@lru_cache(maxsize=1)
def shipped_model() -> dict:
    """The shipped relations model (read once per process); ``{}`` when the package has none (rules only)."""
    return tables.model("relations.json", MODEL_FORMAT)


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
    firsts: dict[str, str | None]  # message key -> the id of its first own claim (the thread's)
    mentions: dict[str, set[str]]  # message key -> its @logins (the thread's, filled as read)
    order: dict[str, int] = field(default_factory=dict)  # own claim id -> its place in the message (0: first)
    opener: str | None = None  # key of the thread's first message
    sources: dict[str, dict[str, float]] = field(default_factory=dict)  # own claim id -> ``source_features``
    thread: object = field(default=None, repr=False)  # the thread (its messages' texts, joined once: ``message_text``)
    quoted: frozenset[str] = field(init=False, repr=False)  # the keys of the messages it quotes

    def __post_init__(self) -> None:
        self.quoted = frozenset(q.message for q in self.msg.quotes if q.message is not None)

    def source_features(self, src: Claim) -> dict[str, float]:
        """The pair features that read the source claim and its message alone (made once per source claim, in
        the order ``pair_features`` writes them)."""
        f = self.sources.get(src.id)
        if f is not None:
            return f
        f = self.sources[src.id] = {}
        if src.id == self.first_claim:
            f["src_first"] = 1.0
        if len(src.text) < 60:
            f["short_source"] = 1.0
        # does the source claim answer anything: its place in its message, whether it asks, whom the message addresses
        place = self.order.get(src.id, 0)
        f["src_place"] = float(min(place, 5))
        if len(self.order) > 1:
            f["src_place_share"] = place / (len(self.order) - 1)
        if "?" in src.text:
            f["src_asks"] = 1.0
        if self.addressed:
            f["src_addresses"] = 1.0
        if self.quoted:
            f["src_quotes"] = 1.0
        return f

    def mentions_of(self, m: Message) -> set[str]:
        if m.key not in self.mentions:
            text = (m.text if self.thread is None else message_text(self.thread, m)) or ""
            self.mentions[m.key] = {x.lower() for x in _MENTION.findall(text)} if "@" in text else set()
        return self.mentions[m.key]

    @classmethod
    def of(cls, msg: Message, text: str, own: list[Claim], thread, firsts: dict[str, str | None],
           mentions: dict[str, set[str]]) -> MessageContext:
        table = cues()
        addressed = {m.lower() for m in _MENTION.findall(text)} if "@" in text else set()
        greeted = greeting_addressee(text)
        if greeted:
            addressed.add(greeted.lower())
        # the window: earlier messages listed before this one, where its parent is unknown (flat threads,
        # top-posted mail without headers); a reply whose parent is known answers its reply chain
        window = earlier_messages(thread, msg, table["window"], msg.in_reply_to is None or table["window_with_parent"])
        if addressed:  # the claims of a person it names, further back than the window
            for key, d in earlier_messages(thread, msg, table["mention_window"]).items():
                author = by_key(thread).get(key)
                if author is not None and addresses(addressed, author.author):
                    window.setdefault(key, d)
        return cls(msg, addressed, window, own[0].id if own else None, firsts, mentions,
                   {c.id: i for i, c in enumerate(own)}, thread.messages[0].key if thread.messages else None,
                   thread=thread)


def addresses(addressed: set[str], speaker: str | None) -> bool:
    """Whether a set of @logins / greeted names names ``speaker`` (login, first name, or the name run together)."""
    if not speaker or not addressed:
        return False
    low = speaker.strip().lower()
    return low in addressed or low.split()[0] in addressed or low.replace(" ", "") in addressed


def earlier_messages(thread, msg: Message, limit: int, listed: bool = True) -> dict[str, int]:
    """Messages ``msg`` may answer, nearest first with their distance: its reply chain (parent 1, grandparent 2
    ...) and (``listed``) the messages listed before it that are not replies to it and not newer than it (up to
    ``limit``)."""
    known = by_key(thread)
    out: dict[str, int] = {}
    parent, d = msg.in_reply_to, 1
    while parent and parent in known and parent not in out and d <= limit:
        out[parent] = d
        parent, d = known[parent].in_reply_to, d + 1
    if not listed:
        return out
    index = index_of(thread, msg)
    d = 0
    for m in reversed(thread.messages[max(0, index - 4 * limit):index]):
        if d >= limit:
            break
        if m.key == msg.key or descends(known, m, msg.key) or (comparable_dates(m.date, msg.date) and m.date > msg.date):
            continue
        d += 1
        out[m.key] = min(out.get(m.key, d), d)
    return out


# --------------------------------------------------------------------------- the features of a pair


@lru_cache(maxsize=1)
def reaches() -> dict[str, str]:
    """Reply structure -> the feature the learner reads of it (``reach`` in ``link_cues.json``'s
    ``structure_words``): ``reach_direct`` for the message answered right before (mail: the parent by the headers;
    a flat thread: the comment listed right before), ``reach_chain`` for one further back in the conversation.
    One name across source kinds, so a model trained on mail reads a GitHub thread's comment order as it reads
    a mail's headers (``--cv-by source`` relations F1 .365 -> .42 in the harness of notes10/relations10)."""
    return {name: "reach_" + words["reach"] for name, words in cues()["structure_words"].items()
            if isinstance(words, dict) and "reach" in words}


@lru_cache(maxsize=1)
def read_as_reach() -> frozenset[str]:
    """The ``rel_`` features the learner does not read: their structure has a reach (``reaches``), read instead
    (the ``rel_`` name stays, for the evidence and the kinds learner). Made once: ``learn.learned_feature`` asks
    for every feature of every example."""
    return frozenset("rel_" + name for name in reaches())


_SRC_KIND = {k: "src_" + k.value for k in ClaimKind}  # feature names, made once
_TGT_KIND = {k: "tgt_" + k.value for k in ClaimKind}


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
                  tmsg: Message, verdict: tuple[RelationKind, str] | None, relation: str | None,
                  side: str | None) -> dict[str, float]:
    """The named features of one (source claim, target claim) pair (zeros left out); ``explain`` says them in words."""
    f: dict[str, float] = {"rule_score": min(cand.score, 8.0)} if cand.score else {}
    if verdict is not None:
        f["rule_link"] = 1.0
    distance = ctx.window.get(tgt.message)
    if distance is None:
        distance = 1 if tgt.message == ctx.msg.in_reply_to else cues()["window"] + 1
    structure = relation or ("quoted_message" if tgt.message in ctx.quoted else "window")
    f["rel_" + structure] = 1.0
    reach = reaches().get(structure)
    if reach is not None:  # what the learner reads of it (``read_as_reach``: not the rel_ name)
        f[reach] = 1.0
    f["distance"] = float(distance)
    f["inverse_distance"] = 1 / max(distance, 1)
    if distance == 1:
        f["near"] = 1.0
    speaker, tgt_speaker = src.speaker, tgt.speaker
    if fs.speaker_key is not None and fs.speaker_key == ft.speaker_key:
        f["same_speaker"] = 1.0
    elif side:
        f["same_side"] = 1.0
    if not (speaker and tgt_speaker):
        f["unknown_speaker"] = 1.0
    if ctx.addressed and addresses(ctx.addressed, tgt_speaker):
        f["addressed"] = 1.0
    if speaker and addresses(ctx.mentions_of(tmsg), speaker):
        f["named_back"] = 1.0
    kind, tgt_kind = fs.kind, ft.kind
    f[_SRC_KIND[kind]] = 1.0
    f[_TGT_KIND[tgt_kind]] = 1.0
    if kind is ClaimKind.QUESTION:
        if tgt_kind is ClaimKind.QUESTION:
            f["question_question"] = 1.0
    elif tgt_kind in (ClaimKind.QUESTION, ClaimKind.REQUEST):
        f["question_answer"] = 1.0
        if tgt_kind is ClaimKind.REQUEST and kind is ClaimKind.COMMITMENT:
            f["request_commitment"] = 1.0
    items = fs.items & ft.items if fs.items and ft.items else ()
    if items:
        f["cite_item"] = float(len(items))
    sections = (fs.sections & ft.sections) - {i.split(":")[0] for i in items} if fs.sections and ft.sections else ()
    if sections:
        f["cite_section"] = float(len(sections))
    if fs.api_set and ft.api_set and fs.api_set & ft.api_set:
        f["same_api_path"] = float(len(fs.api_set & ft.api_set))
    if fs.entity_set and ft.entity_set:
        named = shared_entities(fs.entity_set, ft.entity_set, src.on_behalf_of)
        if named:
            f["shared_entity"] = float(len(named))
    words = cand.overlap  # the words the rules' score found shared (``Scoring.score``: the one place they are read)
    assert words is not None, "a candidate the rules scored"
    shared, context_only = words
    if shared:
        f["overlap"] = float(len(shared))
        f["jaccard"] = len(shared) / (len(fs.words) + len(ft.words) - len(shared))  # the union's size
    context = len(context_only)
    if context:
        f["context_overlap"] = float(context)
    if tgt.id == ctx.firsts.get(tgt.message):
        f["tgt_first"] = 1.0
    f.update(ctx.source_features(src))
    # is the target what people answer: the thread's opening message, and how strongly each end is a claim
    if tgt.message == ctx.opener:
        f["tgt_opener"] = 1.0
    if tgt.score:
        f["tgt_claim_score"] = min(tgt.score, 10.0)
    if src.score:
        f["src_claim_score"] = min(src.score, 10.0)
    if shared:  # the shared words against the shorter claim and against the target (a long claim shares more)
        f["overlap_min"] = len(shared) / min(len(fs.words), len(ft.words))
        f["overlap_tgt"] = len(shared) / len(ft.words)
    return f


def shared_entities(own: frozenset[str], other: frozenset[str], behalf_of: str | None) -> frozenset[str]:
    """The entities two claims both name (``Claim.entities``: an organisation, a link, a bug, a ballot, a crt.sh id,
    a deadline, a duration, a figure), but the organisation the source claim speaks for (``on_behalf_of``: its own
    name answers nothing). The pair feature ``shared_entity`` counts them: the rules' score gives any shared entity
    one fixed weight among its other signals; read as a count of its own, CV relations F1 rose on every seed 0-4
    and by source (notes14/rel14a.md)."""
    return (own & other) - {behalf_of}


def rank_values(tgt: Claim, fs: Features, ft: Features, cand: Candidate, ctx: MessageContext) -> dict[str, float]:
    """The features ``relative`` reads (``RELATIVE_READS``) of a pair the learner does not score, as
    ``pair_features`` gives them (a test compares): the pairs it scores have the relative features they have
    among all the candidates of their source claim."""
    return {name: v for name, v in zip(ROW, rank_row(tgt, fs, ft, cand, ctx), strict=True) if v}


def rank_row(tgt: Claim, fs: Features, ft: Features, cand: Candidate, ctx: MessageContext) -> tuple:
    """``rank_values`` as a row of ``ROW`` (absent: 0; no dict made): what an unscored pair gives ``relative``."""
    distance = ctx.window.get(tgt.message)
    if distance is None:
        distance = 1 if tgt.message == ctx.msg.in_reply_to else cues()["window"] + 1
    words = cand.overlap  # the words the rules' score found shared (``Scoring.score``: the one place they are read)
    assert words is not None, "a candidate the rules scored"
    shared, context_only = words
    if shared:
        n, a, b = len(shared), len(fs.words), len(ft.words)
        overlap, jaccard, overlap_min = float(n), n / (a + b - n), n / min(a, b)
    else:
        overlap = jaccard = overlap_min = 0.0
    return (overlap, float(distance), jaccard, overlap_min, min(cand.score, 8.0) if cand.score else 0.0,
            float(len(context_only)), min(tgt.score, 10.0) if tgt.score else 0.0)


def explain(pair) -> dict[str, str]:
    """The features of a pair that have words, in words (for the evidence of the relations chosen)."""
    src, tgt, f = pair.source, pair.target, pair.features
    who = _who(tgt)
    out: dict[str, str] = {}
    if "rule_link" in f:
        out["rule_link"] = "the hand-written rules link it too"
    for name, words in cues()["structure_words"].items():
        if "rel_" + name in f:
            out["rel_" + name] = words["reason"].format(who=who)
            if "reach" in words and "reach_" + words["reach"] in f:  # the learner weighs the reach: same words
                out["reach_" + words["reach"]] = out["rel_" + name]
    if "near" in f and "rel_window" in f:
        out["near"] = f"follows {who}'s message directly"
    if "same_speaker" in f:
        out["same_speaker"] = "same speaker elaborates"
    if "same_side" in f:
        out["same_side"] = same_side(src, tgt) or "same side"
    if "addressed" in f:
        out["addressed"] = f"addresses {who} by name"
    if "named_back" in f:
        out["named_back"] = f"{who} had addressed {src.speaker}"
    if "question_answer" in f:
        out["question_answer"] = f"answers {who}'s {tgt.kind.value}"
    if "tgt_opener" in f:
        out["tgt_opener"] = f"{who} opened the thread"
    if "best_jaccard" in f:
        out["best_jaccard"] = "the closest in words of the claims it may answer"
    if "msg_best_jaccard" in f:
        out["msg_best_jaccard"] = f"the closest in words of the claims of {who}'s message"
    if "request_commitment" in f:
        out["request_commitment"] = f"commits to what {who} requested"
    if "cite_item" in f or "cite_section" in f:
        (s_sections, s_items), (t_sections, t_items) = anchors(src), anchors(tgt)
        if "cite_item" in f and s_items & t_items:
            out["cite_item"] = f"both cite {_cites(s_items & t_items, src)}"
        if "cite_section" in f and s_sections & t_sections:
            out["cite_section"] = f"both cite {_cites(s_sections & t_sections, src)}"
    if "same_api_path" in f:
        out["same_api_path"] = f"both name {', '.join(sorted(set(src.apis) & set(tgt.apis)))}"
    if "shared_entity" in f:
        named = shared_entities(frozenset(src.entities), frozenset(tgt.entities), src.on_behalf_of)
        out["shared_entity"] = "both name " + ", ".join(sorted(named)[:4])
    if "overlap" in f:
        shared = _words_of(src.text, stem_set(src.text) & stem_set(tgt.text))
        if shared:
            out["overlap"] = f"shared words: {', '.join(shared[:6])}"
    return out


def _words_of(text: str, stems: set[str] | frozenset[str]) -> list[str]:
    """The words of ``text`` behind a set of stems (evidence shows "private", not "priva")."""
    alias = cues()["stem_aliases"]
    out: list[str] = []
    for w in WORD.findall(text.lower()):
        if alias.get(w[:5], w[:5]) in stems and w not in out:
            out.append(w)
    return out


def relative(pairs: list, scored: list[bool] | None = None) -> None:
    """Features of a pair against the other candidates of the same source claim (the best overlap, the
    nearest message, the rules' best). ``scored``: which pairs get them (all by default); the others only count
    (the candidates the learner does not score: ``candidates.strongest``)."""
    if not pairs:
        return
    feats = [p.features for p in pairs]
    rows = [row_of(f) for f in feats]
    relative_rows(rows, [p.target for p in pairs], feats if scored is None else
                  [f if s else None for f, s in zip(feats, scored, strict=True)])


def row_of(features: dict[str, float]) -> tuple:
    """The row of ``ROW`` that ``relative`` reads of a pair's features."""
    return tuple(map(features.get, ROW, _ROW_DEFAULTS))


def relative_rows(rows: list[tuple], targets: list[Claim], out: list[dict | None]) -> None:
    """``relative`` on the candidates of one source claim given as rows of ``ROW`` (``rank_row``) and their
    targets: the features are written to the dicts of ``out`` (None: the pair only counts)."""
    cols = list(zip(*rows, strict=True))
    overlaps, scores, distances = cols[0], cols[4], cols[1]
    top_overlap, top_score, nearest = max(0, *overlaps), max(0, *scores), min(99, *distances)
    n = len(rows)
    candidates = math.log1p(n)
    ranked = _tops(_RANKED_NAMES, [cols[i] for i in _RANKED_COLS])
    scored = [i for i, f in enumerate(out) if f is not None]
    for i in scored:
        f = out[i]
        assert f is not None
        overlap = overlaps[i]
        if top_overlap:
            if overlap == top_overlap:
                f["best_overlap"] = 1.0
            f["overlap_share"] = overlap / top_overlap
        if top_score and scores[i] == top_score:
            f["best_rule_score"] = 1.0
        if distances[i] == nearest:
            f["nearest"] = 1.0
        f["candidates"] = candidates
        _write_ranks(f, ranked, i)
    # which claim of the target message: its place, and against its siblings (in the messages of the scored pairs)
    messages = {targets[i].message for i in scored}
    by_message: dict[str, list] = {key: [] for key in messages}
    for i, t in enumerate(targets):
        if t.message in messages:
            by_message[t.message].append((t.start, i))
    for same in by_message.values():
        if len(same) == 1:
            f = out[same[0][1]]
            assert f is not None
            f["tgt_place"] = 0.0
            continue
        same.sort(key=_first)  # by offset (ties: in their order)
        last = len(same) - 1
        index = [i for _, i in same]
        pick = itemgetter(*index)  # (two or more: a tuple)
        msg_ranked = _tops(_MSG_RANKED_NAMES, [pick(cols[i]) for i in _MSG_RANKED_COLS])
        for place, i in enumerate(index):
            f = out[i]
            if f is None:
                continue
            f["tgt_place"] = float(min(place, 5))
            f["tgt_place_share"] = place / last
            _write_ranks(f, msg_ranked, place)


def _write_ranks(f: dict[str, float], ranked: list[tuple], i: int) -> None:
    """The ``best_`` / ``gap_`` features of the ``i``-th pair (``_tops`` gives ``ranked``)."""
    for best, gap, values, top in ranked:
        v = values[i]
        if v == top:
            f[best] = 1.0
        else:
            f[gap] = (top - v) / top


def _tops(names: tuple[tuple[str, str], ...], columns: list) -> list[tuple]:
    """Of the features some pair has (a highest value above 0): the names of their ``best_`` / ``gap_`` features
    (``names``: ``_rank_names`` of each column), the values and the highest. (No count of the pairs ranked higher: such a count follows the number of
    candidates, a property of the thread's kind, and the learner has no weight for it: ``learn.RELATION_SKIPPED``.)"""
    out = []
    for (best, gap), values in zip(names, columns, strict=True):
        top = max(values)
        if top > 0:
            out.append((best, gap, values, top))
    return out


def _first(t: tuple):
    return t[0]


RANKED = ("jaccard", "overlap_min", "rule_score", "context_overlap")  # features ranked among a claim's candidates
_MSG_RANKED = (*RANKED, "tgt_claim_score")  # and among those in one target message
RELATIVE_READS = frozenset({"overlap", "distance", *_MSG_RANKED})  # the features of a pair ``relative`` reads
ROW = ("overlap", "distance", *_MSG_RANKED)  # those features as a row (``rank_row``, ``relative_rows``)
_ROW_DEFAULTS = tuple(99 if name == "distance" else 0.0 for name in ROW)  # what ``relative`` reads when absent
_COL = {name: i for i, name in enumerate(ROW)}
_RANKED_COLS, _MSG_RANKED_COLS = tuple(_COL[name] for name in RANKED), tuple(_COL[name] for name in _MSG_RANKED)


def ranks(pairs: list, name: str, prefix: str = "") -> None:
    """Feature ``name`` of each pair against the other ``pairs`` (the candidates of one source claim, or those of
    them in one target message: ``prefix`` "msg_"): ``best_<name>`` for the highest (ties: all), else
    ``gap_<name>``, how far below the best (a share of the best). Nothing when no pair has it."""
    feats = [p.features for p in pairs]
    ranked = _tops((_rank_names(prefix, name),), [[f.get(name, 0.0) for f in feats]])
    for i, f in enumerate(feats):
        _write_ranks(f, ranked, i)


def _rank_names(prefix: str, name: str) -> tuple[str, str]:
    """The names of the best / gap features of ``name``."""
    return prefix + "best_" + name, prefix + "gap_" + name


# the names of the features ranked among a claim's candidates, and among those of one target message (made once)
_RANKED_NAMES = tuple(_rank_names("", name) for name in RANKED)
_MSG_RANKED_NAMES = tuple(_rank_names("msg_", name) for name in _MSG_RANKED)


# --------------------------------------------------------------------------- the decision


def probability(features: dict[str, float], model: dict) -> float:
    """P(relation) of one pair: the logistic function of ``intercept + coef · features``."""
    weight = (model.get("_weight") or _weight(model)).get
    z = model["intercept"]
    for c, value in zip(map(weight, features), features.values(), strict=True):  # in the features' order: the same sum to the last bit
        if c is not None:
            z += c * value
    return 1 / (1 + math.exp(-z)) if z > -500 else 0.0


def calibrated(prob: float, model: dict) -> float:
    """The probability a reader is shown: the learner weighs the rare relations up (balanced classes), which
    moves its log-odds by ``prior_log_odds`` (log of relations / non-relations among the training pairs);
    undone here, so "probability 0.6" means about 6 in 10 such pairs are relations. Same order as ``prob``."""
    shift = model.get("prior_log_odds", 0.0)
    if not shift or prob <= 0.0 or prob >= 1.0:
        return prob
    return 1 / (1 + math.exp(-(math.log(prob / (1 - prob)) + shift)))


def _weight(model: dict) -> dict[str, float]:
    model["_weight"] = {name: model["coef"][i] for i, name in enumerate(model["features"])}
    return model["_weight"]


def _index(model: dict) -> dict[str, int]:
    model["_index"] = {name: i for i, name in enumerate(model["features"])}
    return model["_index"]


def choose(scored: list[tuple[T, float]], threshold: float, max_targets: int) -> list[tuple[T, float]]:
    """The pairs of one source claim that become relations: up to ``max_targets`` with P(relation) at least
    ``threshold``, most probable first (ties: the order given)."""
    ranked = sorted(scored, key=_PROBABILITY, reverse=True)  # stable: equal keys keep their order
    return [(x, p) for x, p in ranked[:max_targets] if p >= threshold]


_PROBABILITY = itemgetter(1)  # of a (pair, P(relation)) tuple


MESSAGE_BEST = ("the message's best-scored pair: every reply answers something (no pair of the message reaches "
                "the threshold)")  # the evidence of a relation ``choose_thread`` draws by the message floor


def choose_thread(groups: dict[str, list[tuple[T, float]]], message_of: dict[str, str], threshold: float,
                  max_targets: int, floor: float | None,
                  answerable: Callable[[T], bool] = lambda _: True) -> list[tuple[T, float, bool]]:
    """The pairs of one thread that become relations, as (pair, P(relation), drawn by the message floor): per source
    claim (``groups``: source claim id -> its scored pairs) ``choose``; then each message (``message_of``: source
    claim id -> its message) none of whose claims took a relation gives its most probable ``answerable`` pair when
    that reaches ``floor`` (None: no floor; ties: the first given). A reply answers something, and how probable its
    best pair looks varies with the kind of thread, so the floor is lower than the threshold; the floor draws only the
    pairs ``answerable`` allows (the linker's: ``floor_answerable``, no question put under its own speaker's claim)."""
    out: list[tuple[T, float, bool]] = []
    best: dict[str, tuple[T, float] | None] = {}
    for source, group in groups.items():
        message = message_of[source]
        picked = choose(group, threshold, max_targets)
        out.extend((x, p, False) for x, p in picked)
        if picked:
            best[message] = None
        elif floor is not None and group and best.get(message, ()) is not None:
            top = choose([(x, p) for x, p in group if answerable(x)], floor, 1)
            held = best.get(message)
            if top and (held is None or top[0][1] > held[1]):
                best[message] = top[0]
    out.extend((x, p, True) for x, p in (b for b in best.values() if b is not None))
    return out


def floor_answerable(pair) -> bool:
    """May the message floor draw this pair: not a question or request put under its own speaker's claim. A speaker
    who follows up their own message with a new question ("Regarding the certificates …, is it allowed …?" under
    their own statement) asks; it neither answers nor argues with what they said before. (A statement that follows
    up the speaker's own may elaborate it: the gold has such supports, 024's incident updates.)"""
    src, tgt = pair.source, pair.target
    return not (src.speaker and src.speaker == tgt.speaker and src.kind in _ASKING)


_ASKING = (ClaimKind.QUESTION, ClaimKind.REQUEST)


def decide(pairs: list, model: dict) -> list[Relation]:
    """Relations from the candidate pairs: per source claim, the targets the model links, and the best pair of a
    message none of whose claims reaches the threshold (``choose_thread``); the kind is the
    rules' (``threadkb.link.stance``), or the kind learner's where no cue decides (``threadkb.link.kind_model``).
    The evidence says in words why: the reasons that weigh most, the learner's probability, the rules' evidence."""
    by_source: dict[str, list] = {}
    for p in pairs:
        by_source.setdefault(p.source.id, []).append(p)
    out: list[Relation] = []
    index = model.get("_index") or _index(model)
    coef = model["coef"]
    groups = {source: [(p, probability(p.features, model)) for p in group] for source, group in by_source.items()}
    message_of = {source: group[0].source.message for source, group in by_source.items()}
    for p, prob, by_floor in choose_thread(groups, message_of, model["threshold"], model["max_targets"],
                                           model.get("message_floor"), floor_answerable):
        kind, why = kind_model.refine(p, *p.kind())
        words = explain(p)
        f = p.features  # every feature ``explain`` words is one the pair has
        weighed = sorted(((coef[index[n]] * f[n], n) for n in words if n in index), reverse=True)
        reasons = [words[n] for w, n in weighed if w > 0][:4]
        if by_floor:
            reasons = [MESSAGE_BEST, *reasons]
        prob = calibrated(prob, model)
        evidence = [f"learned scorer: related, with probability {prob:.2f}"
                    + (f", because {'; '.join(reasons)}" if reasons else "")
                    + f" (that it {kind.value}: the next reason)", why]
        out.append(Relation(p.source.id, p.target.id, kind, evidence + p.candidate.evidence, round(prob, 3)))
    return out
