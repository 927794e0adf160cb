"""Link stage: relations between claims (rebuts / supports / answers) with readable evidence, and the graph.

``link(extraction)`` scores every pair (claim of a message -> claim of an earlier related message:
the messages it quotes, its parent and ancestors, and the original of any passage it quotes in prose).
The signals and their weights are data (``threadkb/data/link_cues.json``):

- reply structure: an inline answer right after the quoted fragment it answers (``QuotedSpan.answered_by``),
  a claim just before a quoted fragment, a claim right after a passage quoted in prose;
- shared anchors: same citation (section and item), same section, same API, entity, figure, words;
- question -> answer structure ("Question 4" -> item "4." of the asking message);
- who is addressed ("Reply to Matt's comment", "Hi Ben,", "the two points you mentioned");
- flat threads (Bugzilla, GitHub issues): a comment without a parent answers the comments before it;
- kind fit (a commitment takes up a request, an admission meets an allegation of fault).

Questions start no relation. A speaker (or the CA across its incident reports) only rebuts their own
claim when the message says it corrects itself; otherwise their later claim elaborates (supports).
A relation that no cue decides needs a clear margin over the threshold.

The best target(s) above the threshold become relations; the kind comes from the target's kind
(question/request -> answers), the source's kind (admission/commitment -> supports) and stance cues
(negation, contrast, correction -> rebuts; agreement -> supports). ``build_graph`` turns an Extraction
into a networkx ``MultiDiGraph`` whose every edge carries an ``evidence`` text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import pairwise

import networkx as nx

from threadkb import tables
from threadkb.models import Claim, ClaimKind, Extraction, Message, Relation, RelationKind


@lru_cache(maxsize=1)
def cues() -> dict:
    """The linker's cue table (``threadkb/data/link_cues.json``)."""
    return tables.load("link_cues.json")


@lru_cache(maxsize=None)  # the cue table's patterns: a few dozen
def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=None)
def _plain_re(pattern: str) -> re.Pattern:
    """A cue table's pattern compiled as written (no flags added)."""
    return re.compile(pattern)


# --------------------------------------------------------------------------- per-claim features


@dataclass
class Features:
    """What the linker knows about one claim."""

    claim: Claim
    words: set[str]
    context: set[str]
    sections: set[str]  # "4.9.1.1"
    items: set[str]  # "4.9.1.1:4"
    figures: set[str]
    number: int | None  # the numbered question heading ("Question 4") / list item ("4.") it stands under
    question_heading: int | None  # the number of a "Question 4" heading it stands under
    addressee: str | None  # first name in a "Reply to Matt's comment" heading above it, or greeted ("Hi Ben,")
    lines: tuple[int, int] | None  # 0-based [first, last] source lines
    greeted: bool = False  # the addressee comes from the greeting, not from a heading
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # what the pairs read of it, made once


def _rare(f: Features, common: frozenset[str]) -> tuple[set[str], set[str]]:
    """A claim's words and context words without the thread's ``common`` ones (once per claim, not per pair)."""
    rare = f.memo.get("rare")
    if rare is None or rare[0] is not common:
        rare = f.memo["rare"] = (common, f.words - common, f.context - common)
    return rare[1], rare[2]


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(cues()["stopwords"])


_LINK = re.compile(r"<?https?://\S+")
_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")


def _stems(text: str) -> set[str]:
    """The stems of a text's content words (a new set: callers add to it)."""
    return set(_stem_set(text))


@lru_cache(maxsize=4096)  # a paragraph is the context of each of its claims; a claim text is read twice
def _stem_set(text: str) -> frozenset[str]:
    stop = _stopwords()
    alias = cues()["stem_aliases"]
    text = _LINK.sub(" ", text)  # a link is an anchor of its own (entities), not words
    return frozenset(alias.get(w[:5], w[:5]) for w in _WORD.findall(text.lower()) if w not in stop)


_SECTION = re.compile(r"\b(\d+\.\d+(?:\.\d+)+)(?:[ ,]*(?:\(|point\s*|item\s*|#\s*)(\d+)\)?)?", re.IGNORECASE)


def _anchors(claim: Claim) -> tuple[set[str], set[str]]:
    sections, items = set(), set()
    for cid in claim.citations:
        parts = cid.split(":")
        if len(parts) >= 2:
            sections.add(parts[1])
            if len(parts) >= 3:
                items.add(f"{parts[1]}:{parts[2]}")
    for m in _SECTION.finditer(claim.text):
        sections.add(m.group(1))
        if m.group(2):
            items.add(f"{m.group(1)}:{m.group(2)}")
    return sections, items


def _paragraph(text: str, start: int, end: int) -> str:
    a = text.rfind("\n\n", 0, start)
    b = text.find("\n\n", end)
    return text[a + 1 if a >= 0 else 0: b if b >= 0 else len(text)]


def _heading_before(text: str, start: int, pattern: str) -> re.Match | None:
    """The last match of ``pattern`` in a line of ``text`` before ``start`` (the line holding ``start``
    read up to it)."""
    rx = _re(pattern)
    line_start = text.rfind("\n", 0, start) + 1
    m = rx.search(text[line_start:start])
    if m:
        return m
    starts, matches = _line_matches(text, pattern)
    i = bisect.bisect_left(starts, line_start) - 1  # full lines before the line holding ``start``
    return matches[i] if i >= 0 else None


@lru_cache(maxsize=64)
def _line_matches(text: str, pattern: str) -> tuple[list[int], list[re.Match]]:
    """(line starts, matches) of the lines of ``text`` that ``pattern`` matches: once per message and
    pattern, not once per claim."""
    rx = _re(pattern)
    starts, matches, pos = [], [], 0
    for line in text.split("\n"):
        m = rx.search(line)
        if m:
            starts.append(pos)
            matches.append(m)
        pos += len(line) + 1
    return starts, matches


def features(claim: Claim, msg: Message, extra_context: str = "", text: str | None = None) -> Features:
    """``text``: ``msg.text`` when the caller has it (it is joined from the message's lines on each read)."""
    table = cues()
    text = msg.text if text is None else text
    sections, items = _anchors(claim)
    number = heading_no = None
    m = _heading_before(text, claim.start + 1, table["numbered_heading"])
    if m:
        number = heading_no = int(m.group(1))
    else:
        m = _heading_before(text, claim.start + 1, table["numbered_item"])
        number = int(m.group(1)) if m else None
    head = _heading_before(text, claim.start, table["heading_line"])
    who = _re(table["addressee_heading"]).search(head.group(0)) if head else None
    greeted = None if who else greeting_addressee(text)
    addressee = who.group(1) if who else greeted
    lines = (claim.span.line - 1, claim.span.line_end - 1) if claim.span else None
    return Features(claim, _stems(claim.text), _stems(_paragraph(text, claim.start, claim.end) + " " + extra_context),
                    sections, items, set(_plain_re(table["figure"]).findall(claim.text)), number, heading_no,
                    addressee, lines, greeted is not None)


@lru_cache(maxsize=256)  # read for each claim of a message and for its context: once per message text
def greeting_addressee(text: str) -> str | None:
    """The first name a message greets in its opening line ("Hi Ben," -> "Ben"), else None."""
    first, start = "", 0
    while start <= len(text):  # the first line that is not blank (without splitting the whole message)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            first = text[start:end]
            break
        start = end + 1
    m = re.match(cues()["greeting_addressee"], first)
    return m.group(1) if m else None


# --------------------------------------------------------------------------- source text of quotes


def _source_lines(extraction: Extraction) -> list[str]:
    """The input lines (to read quoted fragments): the thread keeps them (``Thread.lines``); the input is never
    read again here. A thread built without them (a knowledge-base selection) has no quoted text to read."""
    return extraction.thread.lines


def _quote_text(lines: list[str], span: tuple[int, int]) -> str:
    return " ".join(re.sub(r"^[\s>*]+", "", ln) for ln in lines[span[0]:span[1]])


# --------------------------------------------------------------------------- scoring


@dataclass
class Candidate:
    target: Claim
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    side: str | None = field(default=None, repr=False, compare=False)  # ``same_side`` of the pair, read once

    def add(self, weight: float, rule: str, detail: str) -> None:
        self.score += weight
        self.evidence.append(f"{rule}: {detail}")


def _related(thread, msg: Message) -> dict[str, str]:
    """Messages whose claims a claim of ``msg`` may answer: key -> how they are related."""
    from threadkb.linkscore import _by_key

    by_key = _by_key(thread)
    out: dict[str, str] = {}
    parent, depth = msg.in_reply_to, 1
    while parent and parent in by_key and depth <= cues()["max_ancestors"] and parent not in out:
        out[parent] = "in_reply_to" if depth == 1 else "ancestor"
        parent, depth = by_key[parent].in_reply_to, depth + 1
    for q in msg.quotes:
        if q.message and q.message in by_key and q.message != msg.key:
            out.setdefault(q.message, "quoted_message")
    if msg.in_reply_to is None and msg.depth == 0:  # a comment of a flat thread (Bugzilla, GitHub issue)
        for i, key in enumerate(_earlier_comments(thread, msg, cues()["thread_back"])):
            out.setdefault(key, "thread_order" if i == 0 else "thread_order_far")
    return out


def _earlier_comments(thread, msg: Message, limit: int) -> list[str]:
    """Up to ``limit`` top-level messages listed before ``msg`` (nearest first) that are not newer than
    it and do not reply to it: the comments a parentless comment of a flat thread may answer."""
    from threadkb.linkscore import _by_key

    by_key = _by_key(thread)
    out: list[str] = []
    for m in reversed(thread.messages[:thread.messages.index(msg)]):
        if len(out) >= limit:
            break
        if m.depth != 0 or descends(by_key, m, msg.key) or (_comparable(m.date, msg.date) and m.date > msg.date):
            continue
        out.append(m.key)
    return out


def descends(by_key: dict[str, Message], m: Message, ancestor: str) -> bool:
    """Whether ``m`` is a reply (at any depth) to the message keyed ``ancestor``."""
    seen, parent = set(), m.in_reply_to
    while parent and parent in by_key and parent not in seen:
        if parent == ancestor:
            return True
        seen.add(parent)
        parent = by_key[parent].in_reply_to
    return False


def _comparable(a, b) -> bool:
    """Both dates known and comparable (both aware datetimes, or both dates)."""
    if a is None or b is None or type(a) is not type(b):
        return False
    return not isinstance(a, datetime) or ((a.tzinfo is None) == (b.tzinfo is None))


def same_side(a: Claim, b: Claim, reports: frozenset[str] = frozenset()) -> str | None:
    """Why two claims come from the same side (same speaker, same organisation, or both in incident
    reports of the thread: ``reports`` holds the keys of those messages), else None."""
    if a.speaker and b.speaker and a.speaker.strip().lower() == b.speaker.strip().lower():
        return f"both said by {a.speaker}"
    if a.on_behalf_of and b.on_behalf_of and a.on_behalf_of.lower() == b.on_behalf_of.lower():
        return f"both on behalf of {a.on_behalf_of}"
    if a.message in reports and b.message in reports and a.message != b.message:
        return "both in incident reports of the CA"
    return None


def _originals(passage: str, claims: list[Claim], speaker: str | None) -> list[Claim]:
    """Claims of other messages that a passage quoted in prose reproduces."""
    norm = re.sub(r"[^a-z0-9]+", " ", passage.lower())
    out = []
    for c in claims:
        if c.reported:
            continue
        words = re.sub(r"[^a-z0-9]+", " ", c.text.lower()).split()
        if len(words) >= 4 and " ".join(words[-min(len(words), 8):]) in norm:
            if not speaker or not c.speaker or c.speaker.split()[0].lower() == speaker.split()[0].lower():
                out.append(c)
    return out


def _self_correction(text: str) -> re.Match | None:
    """The cue by which a message corrects its own side's earlier words (``self_correction``), or None."""
    return _re(cues()["self_correction"]).search(text)


@lru_cache(maxsize=1)
def _kind_fits() -> dict[tuple[str, str], list[dict]]:
    """The ``kind_fit`` rules by (source kind, target kind), in table order."""
    out: dict[tuple[str, str], list[dict]] = {}
    for fit in cues()["kind_fit"]:
        out.setdefault((fit["source"], fit["target"]), []).append(fit)
    return out


def _target_matches(tgt: Features, pattern: str) -> bool:
    """Whether a cue pattern matches the claim's text (read once per claim, not once per pair)."""
    key = ("matches", pattern)
    found = tgt.memo.get(key)
    if found is None:
        found = tgt.memo[key] = bool(_re(pattern).search(tgt.claim.text))
    return found


def _score(src: Features, tgt: Features, msg: Message, relation: str, w: dict,
           common: frozenset[str] = frozenset(), opening: str | None = None,
           reports: frozenset[str] = frozenset(), corrects: bool = False) -> Candidate:
    """The signals of one (source claim, target claim) pair; ``common``: words too frequent in the thread to
    count; ``opening``: key of the thread's opening comment; ``reports``: keys of its incident reports;
    ``corrects``: the message corrects its own side's earlier words (``self_correction`` cue)."""
    cand = Candidate(tgt.claim)
    t = tgt.claim
    common_items = src.items & tgt.items if src.items and tgt.items else ()
    if common_items:
        cand.add(w["same_citation"], "same citation", ", ".join(sorted(common_items)))
    elif src.sections and tgt.sections and src.sections & tgt.sections:
        cand.add(w["same_section"], "same section", ", ".join(sorted(src.sections & tgt.sections)))
    if src.claim.apis and t.apis and set(src.claim.apis) & set(t.apis):
        cand.add(w["same_api"], "same API", ", ".join(sorted(set(src.claim.apis) & set(t.apis))))
    ents = (set(src.claim.entities) & set(t.entities)) - {src.claim.on_behalf_of} if src.claim.entities and t.entities else ()
    if ents:
        cand.add(w["same_entity"], "same entity", ", ".join(sorted(ents)))
    if src.figures and tgt.figures:
        if src.figures & tgt.figures:
            cand.add(w["same_figure"], "same figure", ", ".join(sorted(src.figures & tgt.figures)))
        else:
            cand.add(w["competing_figure"], "competing figure",
                     f"{', '.join(sorted(src.figures))} vs {', '.join(sorted(tgt.figures))}")
    (src_words, src_context), (tgt_words, tgt_context) = _rare(src, common), _rare(tgt, common)
    shared = src_words & tgt_words
    if shared:
        cand.add(min(w["shared_word_cap"], w["shared_word"] * len(shared)), "shared words",
                 ", ".join(sorted(shared)[:6]))
    ctx = (src_context & tgt_context) - shared
    if ctx:
        cand.add(min(w["shared_context_cap"], w["shared_context_word"] * len(ctx)), "shared context words",
                 ", ".join(sorted(ctx)[:6]))
    if src.question_heading is not None and src.question_heading == tgt.number:
        cand.add(w["numbered_question"], "numbered question", f"under {src.number} -> item {tgt.number}")
    if relation in w:
        cand.add(w[relation], "reply structure", f"{msg.key} {RELATION_TEXT[relation]} {t.message}")
        if relation.startswith("thread_order") and opening == t.message:
            cand.add(w["thread_opening"], "reply structure", f"{t.message} opens the thread")
    side = cand.side = same_side(src.claim, t, reports)
    if side and not corrects:  # a correction aims at its own side
        cand.add(w["same_side"], "same side", side)
    if src.addressee and t.speaker and t.speaker.split()[0].lower() == src.addressee.lower():
        if src.greeted:
            cand.add(w["greeting_addressee"], "addressee", f"the reply greets {src.addressee}")
        else:
            cand.add(w["named_addressee"], "addressee", f"under a heading answering {src.addressee}")
    if t.kind in (ClaimKind.QUESTION, ClaimKind.REQUEST):
        cand.add(w["question_target"], "question target", f"{t.id} is a {t.kind.value}")
    for fit in _kind_fits().get((src.claim.kind.value, t.kind.value), ()):
        if "target_pattern" not in fit or _target_matches(tgt, fit["target_pattern"]):
            cand.add(fit["weight"], "kind fit", fit["why"])
            break
    return cand


RELATION_TEXT = {"in_reply_to": "replies to", "ancestor": "is a later reply in the chain of",
                 "quoted_message": "quotes", "thread_order": "is the next comment after",
                 "thread_order_far": "is a later comment than"}


def _common_words(claims: list[Claim], share: float) -> frozenset[str]:
    """Stems found in more than ``share`` of the thread's claims (and in at least ``common_word_min``):
    no anchor value."""
    df: dict[str, int] = {}
    for c in claims:
        for x in _stem_set(c.text):
            df[x] = df.get(x, 0) + 1
    return frozenset(x for x, n in df.items() if n >= cues()["common_word_min"] and n > share * len(claims))


@lru_cache(maxsize=4096)  # a claim is the source of several pairs and the target of others: read once
def _negated_words(text: str) -> frozenset[str]:
    """The words right after a negation ("did not find" -> "find"): what a sentence denies."""
    return frozenset(m.group(1).lower()[:5] for m in re.finditer(r"(?:\b(?:not|never|no)|n[’']t)\s+(\w+)", text, re.IGNORECASE))


@lru_cache(maxsize=4096)
def _stance_cues(text: str) -> tuple[tuple[str, str] | None, tuple[tuple[str, str], ...]]:
    """The stance cues of a text, read once per text: the agreement it states (unless it also negates), and
    every rebuttal cue it holds, in table order (cue, matched words)."""
    table = cues()
    agree = None
    opener = _re(table["agree_opener"]).search(text)  # "Right, ... we don't": the opening agreement governs
    if opener and not _re(table["rebut"][1]["pattern"]).search(text):
        agree = ("opens by agreeing", opener.group(0).strip())
    for rule in table["agree"] if agree is None else ():
        m = _re(rule["pattern"]).search(text)
        if m and not _re(table["rebut"][0]["pattern"]).search(text):
            agree = (rule["cue"], m.group(0))
            break
    rebut = []
    for rule in table["rebut"]:
        m = _re(rule["pattern"]).search(text)
        if m:
            rebut.append((rule["cue"], m.group(0)))
    return agree, tuple(rebut)


def _stance(src: Claim, tgt: Claim) -> tuple[str, str] | None:
    """("agree" | "rebut", evidence) from the stance cues of the source claim, or None."""
    agree, rebut = _stance_cues(src.text)
    if agree:
        return "agree", f"stance: {agree[0]} «{agree[1]}»"
    for cue, words in rebut:
        denied = _negated_words(src.text)
        if cue == "negation" and denied and denied <= _negated_words(tgt.text):
            continue  # "did not find this problem" restated: the target denies the same thing
        return "rebut", f"stance: {cue} «{words}»"
    return None


def _kind(src: Claim, tgt: Claim, cand: Candidate, thread, correction: re.Match | None = None,
          reports: frozenset[str] = frozenset()) -> tuple[RelationKind, str]:
    """The relation kind and the rule that chose it. ``correction``: the self-correction cue of the
    source message ("There are some errors in the title description"), if any."""
    side = same_side(src, tgt, reports)
    stance = _stance(src, tgt)
    if correction is not None and stance and stance[0] == "rebut" and tgt.message != src.message:
        return RelationKind.REBUTS, f"self-correction «{correction.group(0)}»; {stance[1]}"
    if src.kind is ClaimKind.ADMISSION:
        return RelationKind.SUPPORTS, "kind: an admission concedes the point"
    if tgt.kind in (ClaimKind.QUESTION, ClaimKind.REQUEST) and src.kind is not ClaimKind.QUESTION:
        if (tgt.kind is ClaimKind.REQUEST and src.kind is not ClaimKind.COMMITMENT and stance and stance[0] == "rebut"
                and not _re(cues()["information_request"]).search(tgt.text)):
            return RelationKind.REBUTS, f"kind: argues against a request (a proposal); {stance[1]}"
        return RelationKind.ANSWERS, f"kind: responds to a {tgt.kind.value}"
    if src.kind is ClaimKind.COMMITMENT:
        return RelationKind.SUPPORTS, "kind: a commitment takes the point up"
    if side:
        return RelationKind.SUPPORTS, f"same side: {side}, who elaborates (no self-correction in the message)"
    if src.kind is ClaimKind.DENIAL and not (stance and stance[0] == "agree"):
        return RelationKind.REBUTS, "kind: a denial rejects the point"
    if stance:
        return (RelationKind.SUPPORTS if stance[0] == "agree" else RelationKind.REBUTS), stance[1]
    if any(e.startswith("competing figure") for e in cand.evidence):
        return RelationKind.REBUTS, "stance: a different figure for the same count"
    from threadkb.linkscore import _by_key

    by_key = _by_key(thread)
    tmsg = by_key.get(tgt.message)
    parent = by_key.get(tmsg.in_reply_to) if tmsg and tmsg.in_reply_to else None
    agreeing = (_stance(tgt, src) or ("",))[0] == "agree"
    if parent is not None and src.speaker and parent.author == src.speaker and tgt.speaker != src.speaker and not agreeing:
        return RelationKind.REBUTS, f"stance: {src.speaker} defends against a reply to their own message"
    return RelationKind.SUPPORTS, DEFAULT_STANCE


DEFAULT_STANCE = "stance: no contrast cue, same line of argument"


def candidate_pairs(extraction: Extraction) -> list[Pair]:
    """Every (claim, earlier claim it may answer) pair of the thread with the rules' score, evidence and verdict,
    and the features the learned scorer reads (``threadkb.linkscore``)."""
    from threadkb import linkscore

    table = cues()
    w = table["weights"]
    thread = extraction.thread
    by_msg: dict[str, list[Claim]] = {}
    for c in extraction.claims:
        by_msg.setdefault(c.message, []).append(c)
    messages = {m.key: m for m in thread.messages}
    texts = {m.key: m.text for m in thread.messages}  # Message.text joins its lines on each read: once here
    lines = None
    quoted: dict[tuple[int, int], str] = {}  # quoted lines -> their text (read once, not once per claim answering them)
    feats: dict[str, Features] = {}
    head_of = list_heads(by_msg, messages)
    items: dict[str, list[Claim]] = {}
    for item_id, head in head_of.items():
        items.setdefault(head.id, []).append(next(c for c in extraction.claims if c.id == item_id))

    def feat(c: Claim) -> Features:
        if c.id not in feats:
            msg = messages[c.message]
            extra = ""
            if c.span and msg.quotes:  # the fragment a claim answers inline is part of its context
                nonlocal lines
                lines = _source_lines(extraction) if lines is None else lines
                for q in msg.quotes:
                    if q.answered_by and q.answered_by[0] <= c.span.line - 1 < q.answered_by[1]:
                        span = (q.lines[0], q.lines[1])
                        if span not in quoted:
                            quoted[span] = _quote_text(lines, q.lines)
                        extra += " " + quoted[span]
            feats[c.id] = features(c, msg, extra, texts[c.message])
            for item in items.get(c.id, []):  # a head speaks with the words of its list
                feats[c.id].words |= _stems(item.text)
        return feats[c.id]

    common = _common_words(extraction.claims, table["common_word_share"])
    opening = next((m.key for m in thread.messages if m.depth == 0 and m.in_reply_to is None), None)
    skip_kinds = {ClaimKind(k) for k in table["skip_source_kinds"]}
    facts = extraction.message_facts  # set by extract
    reports = frozenset(k for k, f in facts.items() if f.incident_report)
    corrections = {k: _self_correction(text) for k, text in texts.items()}
    position: dict[str, int] = {}  # message key -> its (first) place in the thread: ties go to the earlier claim
    for i, m in enumerate(thread.messages):
        position.setdefault(m.key, i)

    def score(fs: Features, ft: Features, msg: Message, relation: str = "") -> Candidate:
        return _score(fs, ft, msg, relation, w, common, opening, reports, corrections[msg.key] is not None)

    firsts = {key: next((c.id for c in claims if not c.reported), None) for key, claims in by_msg.items()}
    mentions: dict[str, set[str]] = {}
    pairs: list[Pair] = []
    for msg in thread.messages:
        own = [c for c in by_msg.get(msg.key, []) if not c.reported]
        if not own:
            continue
        related = _related(thread, msg)
        text = texts[msg.key]
        correction = corrections[msg.key]
        linked: dict[str, str] = {}  # target id -> id of the claim of this message that first linked to it
        previous: list[str] = []  # targets of the previous claim of this message
        passages = []  # (start, end, originals or same-message reported claims, label)
        for pq in facts[msg.key].prose_quotes if msg.key in facts else ():
            others = [c for k in related for c in by_msg.get(k, [])]
            origin = _originals(text[pq.start:pq.end], others, pq.speaker)
            local = [c for c in by_msg.get(msg.key, []) if c.reported and pq.start <= c.start < pq.end]
            if origin or local:
                passages.append((pq.start, pq.end, origin or local, pq.speaker or "unnamed"))
        context = linkscore.MessageContext.of(msg, text, own, thread, firsts, mentions)
        for src in own:
            fs = feat(src)
            ruled = src.kind not in skip_kinds  # the rules start no relation from a question; the learner may
            cands: dict[str, Candidate] = {}
            for key, relation in related.items():
                for tgt in by_msg.get(key, []):
                    if tgt.reported or tgt.id in head_of:
                        continue
                    cands[tgt.id] = score(fs, feat(tgt), msg, relation)
            # inline answers and claims next to a quoted fragment
            for q in msg.quotes:
                if not q.message or q.message not in messages or fs.lines is None:
                    continue
                inline = q.answered_by and q.answered_by[0] <= fs.lines[0] < q.answered_by[1]
                before = 0 <= q.lines[0] - fs.lines[1] <= 2
                if not (inline or before):
                    continue
                for tgt in by_msg.get(q.message, []):
                    if tgt.id in head_of:
                        continue
                    ft = feat(tgt)
                    if tgt.id not in cands:
                        cands[tgt.id] = score(fs, ft, msg)
                    cand = cands[tgt.id]
                    inside = ft.lines and q.lines[0] <= ft.lines[0] < q.lines[1]
                    if inline and inside:
                        cand.add(w["inline_answer"], "inline answer",
                                 f"answers the quoted lines {q.lines[0] + 1}-{q.lines[1]} of {q.message}")
                    elif inline:
                        cand.add(w["inline_answer_message"], "inline answer",
                                 f"answers a fragment of {q.message}")
                    elif before:
                        cand.add(w["precedes_fragment"], "precedes quote",
                                 f"stands right before the quoted lines {q.lines[0] + 1}-{q.lines[1]} of {q.message}")
            # passages quoted in prose just above the claim
            above = [p for p in passages if p[1] <= src.start]
            if above:
                start, end, targets, who = above[-1]
                new_section = re.search(r"\n\s*(?:\d+(?:\.\d+)*[.)]\s*|\d+(?:\.\d+)+\s+)[A-Za-z]", text[end:src.start])
                weight = w["reported_passage_near"] if new_section else w["reported_passage_first"]
                for tgt in targets:
                    if tgt.id not in cands:
                        cands[tgt.id] = score(fs, feat(tgt), msg)
                    cand = cands[tgt.id]
                    cand.add(weight, "answers quoted passage", f"after the passage of {who} quoted in prose")
            below = [p for p in passages if p[0] >= src.end and not text[src.end:p[0]].strip()]
            if below:  # the claim stands right before a passage it answers ("3. There was not any …" *>…*)
                for tgt in below[0][2]:
                    if tgt.id not in cands:
                        cands[tgt.id] = score(fs, feat(tgt), msg)
                    cand = cands[tgt.id]
                    cand.add(w["precedes_quote"], "precedes quote", f"stands right before a passage of {tgt.message} it quotes")
            continuation = previous and _re(table["continuation"]).search(src.text)  # read only when it can apply
            if continuation:
                for tid in previous:
                    if tid in cands:
                        cands[tid].add(w["continues"], "continues",
                                       f"«{continuation.group(0)}» carries on the previous claim, which answers {tid}")
            previous = []
            if src is own[0]:  # a reply opens with its answer to the message it replies to (flat thread: any earlier comment)
                for cand in cands.values():
                    if cand.target.message == msg.in_reply_to or related.get(cand.target.message, "").startswith("thread"):
                        cand.add(w["first_claim_of_reply"], "first claim of the reply", f"opens the answer to {cand.target.message}")
            if msg.in_reply_to in by_msg and _re(table["refers_back"]).search(src.text):
                main_claim = next((c for c in by_msg[msg.in_reply_to] if not c.reported), None)
                if main_claim is not None and main_claim.id in cands:
                    cands[main_claim.id].add(w["refers_back"], "refers back", "to the main claim of the replied message")
            verdicts: dict[str, tuple[RelationKind, str]] = {}
            ranked = ruled and sorted(cands.values(), key=lambda c: (-c.score, position.get(c.target.message, 0), c.target.start))
            if ruled and ranked and round(ranked[0].score, 2) >= table["threshold"]:
                best = ranked[0]
                chosen = [best] + [c for c in ranked[1:2] if c.score >= best.score * table["second_target_ratio"]
                                   and c.target.message == best.target.message and c.target.kind == best.target.kind
                                   and c.target.kind is ClaimKind.QUESTION]
                for cand in chosen:
                    kind, why = _kind(src, cand.target, cand, thread, correction, reports)
                    if why == DEFAULT_STANCE and (cand.target.id in linked
                                                  or round(cand.score, 2) < table["threshold"] + table["default_stance_margin"]):
                        continue  # no cue of its own: kept only when the structure is clearly stronger
                    linked.setdefault(cand.target.id, src.id)
                    previous.append(cand.target.id)
                    verdicts[cand.target.id] = (kind, why)
            # the window: earlier claims of the thread nobody quotes (flat threads, top-posted mail)
            for key in context.window:
                for tgt in by_msg.get(key, []):
                    if tgt.id not in cands and not tgt.reported and tgt.id not in head_of:
                        cands[tgt.id] = score(fs, feat(tgt), msg)
            if not cands:
                continue
            first = len(pairs)
            rules = (thread, correction, reports)
            for cand in cands.values():
                tgt = cand.target
                verdict = verdicts.get(tgt.id)
                pairs.append(Pair(src, tgt, cand, verdict, rules,
                                  linkscore.pair_features(src, tgt, fs, feats[tgt.id], cand, context,
                                                             messages[tgt.message], verdict,
                                                             related.get(tgt.message), cand.side)))
            linkscore.relative(pairs[first:])
    return pairs


@dataclass
class Pair:
    """A candidate relation: the rules' score and verdict, the learner's features and their reasons in words."""

    source: Claim
    target: Claim
    candidate: Candidate
    rule: tuple[RelationKind, str] | None  # what the hand-written rules decide (None: no relation)
    context: tuple  # (thread, self-correction cue of the source message, incident-report message keys)
    features: dict[str, float]

    def kind(self) -> tuple[RelationKind, str]:
        """The kind the rules give the pair if it is a relation, and why (read only for the pairs chosen)."""
        return self.rule or _kind(self.source, self.target, self.candidate, *self.context)


def link(extraction: Extraction, model: dict | None = None) -> Extraction:
    """Fill ``extraction.relations``: the candidate pairs, decided by the learned scorer ``model`` (default: the
    one shipped in ``threadkb/data/models/relations.json``; ``{}``: the rules alone)."""
    from threadkb import linkscore

    pairs = candidate_pairs(extraction)
    model = linkscore.shipped_model() if model is None else model
    if not model:
        extraction.relations = [Relation(p.source.id, p.target.id, p.rule[0], p.candidate.evidence + [p.rule[1]],
                                         round(p.candidate.score, 2)) for p in pairs if p.rule]
    else:
        extraction.relations = linkscore.decide(pairs, model)
    return extraction


_ITEM = re.compile(r"^\s*(?:[-*•·]|\d+[.)]|\(?[a-z]\))\s")


def list_heads(by_msg: dict[str, list[Claim]], messages: dict[str, Message]) -> dict[str, Claim]:
    """List items that complete the claim before them ("… revocation within 24 hours when:" + "- CAA
    checks were not performed …"): item claim id -> the head claim. The head stands for the whole list."""
    out: dict[str, Claim] = {}
    for key, claims in by_msg.items():
        text = messages[key].text if key in messages else ""
        head = None
        for prev, c in pairwise(claims):
            if prev.text.rstrip().endswith(":"):
                head = prev
            elif prev.id not in out:
                head = None
            between = text[prev.end:c.start].split("\n")
            if head is not None and _ITEM.match(c.text) and all(not b.strip() or _ITEM.match(b) for b in between[1:]):
                out[c.id] = head
            else:
                head = None
    return out


# --------------------------------------------------------------------------- graph


def build_graph(extraction: Extraction) -> nx.MultiDiGraph:
    """Messages, speakers, organisations, claims, policy sections and APIs, with evidence on every edge."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph(source=extraction.thread.source, subject=extraction.thread.subject or "")
    thread = extraction.thread

    def node(nid: str, kind: str, label: str, **attrs) -> str:
        if nid not in g:
            g.add_node(nid, kind=kind, label=label, **attrs)
        return nid

    def edge(a: str, b: str, kind: str, evidence: str, **attrs) -> None:
        g.add_edge(a, b, key=f"{kind}:{g.number_of_edges(a, b)}", kind=kind, evidence=evidence, **attrs)

    for m in thread.messages:
        mid = node(f"message:{m.key}", "message", m.key, author=m.author or "",
                   date=m.date.isoformat() if m.date else "", span=str(m.span or ""))
        if m.author:
            edge(node(f"speaker:{m.author}", "speaker", m.author), mid, "authored",
                 f"author of {m.key} per {m.origin or 'the parser'}")
        if m.on_behalf_of:
            edge(mid, node(f"org:{m.on_behalf_of}", "organisation", m.on_behalf_of), "mentions",
                 f"{m.key} speaks on behalf of {m.on_behalf_of}")
    for m in thread.messages:
        if m.in_reply_to and f"message:{m.in_reply_to}" in g:
            edge(f"message:{m.key}", f"message:{m.in_reply_to}", "replies_to", f"{m.key} replies to {m.in_reply_to}")
        for q in m.quotes:
            if q.message and f"message:{q.message}" in g:
                edge(f"message:{m.key}", f"message:{q.message}", "quotes",
                     f"{m.key} quotes lines {q.lines[0] + 1}-{q.lines[1]} of {q.message}"
                     + (f", answered by lines {q.answered_by[0] + 1}-{q.answered_by[1]}" if q.answered_by else ""))
    for ct in extraction.citations:
        sid = node(f"section:{ct.document}:{ct.section}", "section", f"{ct.document} {ct.section}",
                   title=ct.title or "", version=ct.version or "")
        edge(f"message:{ct.message}", sid, "cites",
             f"«{ct.text}» at {ct.span or ct.message}" + (f" (item {ct.item})" if ct.item is not None else "")
             + (f" rule {ct.rule}" if ct.rule else ""), item="" if ct.item is None else str(ct.item))
    for api in extraction.apis:
        edge(f"message:{api.message}", node(f"api:{api.path}", "api", api.path), "mentions",
             f"API path named at {api.span or api.message}")
    for e in extraction.entities:
        if e.label == "ORG":
            edge(f"message:{e.message}", node(f"org:{e.norm}", "organisation", e.norm), "mentions",
                 f"«{e.text}» at {e.span or e.message}")
    for c in extraction.claims:
        cid = node(f"claim:{c.id}", "claim", c.text, claim_kind=c.kind.value, speaker=c.speaker or "",
                   message=c.message, cue=c.cue, on_behalf_of=c.on_behalf_of or "",
                   deadline=c.deadline.isoformat() if c.deadline else "", reported=c.reported,
                   span=str(c.span or ""), citations=list(c.citations))
        edge(f"message:{c.message}", cid, "contains", f"claim at {c.span or c.message}")
        if c.speaker:
            edge(node(f"speaker:{c.speaker}", "speaker", c.speaker), cid, "authored",
                 f"{'reported speech of' if c.reported else 'said by'} {c.speaker}; cue: {c.cue}")
        if c.on_behalf_of:
            edge(cid, node(f"org:{c.on_behalf_of}", "organisation", c.on_behalf_of), "mentions",
                 f"on behalf of {c.on_behalf_of}; cue: {c.cue}")
        for cit in c.citations:
            parts = cit.split(":")
            if len(parts) > 1:
                edge(cid, node(f"section:{parts[0]}:{parts[1]}", "section", f"{parts[0]} {parts[1]}"), "cites",
                     f"claim cites {cit}", item=parts[2] if len(parts) > 2 else "")
        for path in c.apis:
            edge(cid, node(f"api:{path}", "api", path), "mentions", "API path inside the claim")
    for r in extraction.relations:
        a, b = f"claim:{r.source}", f"claim:{r.target}"
        if a in g and b in g:
            edge(a, b, r.kind.value, "; ".join(r.evidence) or r.kind.value, score=r.score)
    return g
