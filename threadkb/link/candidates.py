"""Candidate pairs: for every claim, the earlier claims it may answer (the messages it replies to, quotes or
follows in the reply chain, passages it quotes in prose, the claims of whom it names, and the earlier claims of
a flat thread within a window), each scored by the rules of ``link_cues.json`` with its evidence in words, and
described by the features the learned scorer reads (``threadkb.link.score``)."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise
from operator import attrgetter

from threadkb.link import score as linkscore
from threadkb.link.features import (
    Candidate,
    Features,
    by_key,
    comparable_dates,
    cue_pattern,
    cues,
    descends,
    features,
    first_places,
    index_of,
    listed,
    listed_words,
    message_text,
    not_prose,
    same_side,
    stem_set,
)
from threadkb.link.stance import DEFAULT_STANCE, corrects_itself, relation_kind
from threadkb.models import Claim, ClaimKind, Extraction, Message, RelationKind


def _source_lines(extraction: Extraction) -> list[str]:
    """The input lines (to read quoted fragments): the thread keeps them (``Thread.lines``); the input is never
    read again here. A thread built without them (a knowledge-base selection) has no quoted text to read."""
    return extraction.thread.lines


_QUOTE_MARKS = re.compile(r"^[\s>*]+")
# a numbered section starting on a line between a passage quoted in prose and the claim after it (a line's
# blanks do not run on into the next line: linear on a run of newlines)
_NEW_SECTION = re.compile(r"\n[^\S\n]*(?:\d+(?:\.\d+)*[.)]\s*|\d+(?:\.\d+)+\s+)[A-Za-z]")


def _quote_text(lines: list[str], span: tuple[int, int]) -> str:
    return " ".join(_QUOTE_MARKS.sub("", ln) for ln in lines[span[0]:span[1]])


def _related(thread, msg: Message) -> dict[str, str]:
    """Messages whose claims a claim of ``msg`` may answer: key -> how they are related."""
    known = by_key(thread)
    out: dict[str, str] = {}
    parent, depth = msg.in_reply_to, 1
    while parent and parent in known and depth <= cues()["max_ancestors"] and parent not in out:
        out[parent] = "in_reply_to" if depth == 1 else "ancestor"
        parent, depth = known[parent].in_reply_to, depth + 1
    for q in msg.quotes:
        if q.message and q.message in known and q.message != msg.key:
            out.setdefault(q.message, "quoted_message")
    if msg.in_reply_to is None and msg.depth == 0:  # a comment of a flat thread (Bugzilla, GitHub issue)
        for i, key in enumerate(_earlier_comments(thread, msg, cues()["thread_back"])):
            out.setdefault(key, "thread_order" if i == 0 else "thread_order_far")
    return out


def _earlier_comments(thread, msg: Message, limit: int) -> list[str]:
    """Up to ``limit`` top-level messages listed before ``msg`` (nearest first) that are not newer than
    it and do not reply to it: the comments a parentless comment of a flat thread may answer."""
    known = by_key(thread)
    out: list[str] = []
    for m in reversed(thread.messages[:index_of(thread, msg)]):
        if len(out) >= limit:
            break
        if m.depth != 0 or descends(known, m, msg.key) or (comparable_dates(m.date, msg.date) and m.date > msg.date):
            continue
        out.append(m.key)
    return out


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


@lru_cache(maxsize=None)
def _kind_fits(kind: str) -> dict[str, list[tuple[float, str | None, str]]]:
    """The ``kind_fit`` rules of a source kind by target kind, in table order: (weight, target pattern or None,
    evidence)."""
    out: dict[str, list[tuple[float, str | None, str]]] = {}
    for fit in cues()["kind_fit"]:
        if fit["source"] == kind:
            out.setdefault(fit["target"], []).append((fit["weight"], fit.get("target_pattern"), f"kind fit: {fit['why']}"))
    return out


def _target_matches(tgt: Features, pattern: str) -> bool:
    """Whether a cue pattern matches the claim's text (read once per claim, not once per pair)."""
    key = ("matches", pattern)
    found = tgt.memo.get(key)
    if found is None:
        found = tgt.memo[key] = bool(cue_pattern(pattern).search(tgt.claim.text))
    return found


@dataclass(slots=True)
class Source:
    """What every pair of one source claim reads of it besides its ``Features`` (``Scoring.source``), made once per
    source claim; ``Scoring.score`` reads each field by its name."""

    features: Features
    key: str  # the key of its message
    behalf_of: set[str | None]  # the organisation it speaks for (an entity it shares with that is not an anchor)
    reported: bool  # its message is one of the thread's incident reports
    addressee: str | None  # lower-cased: whom its heading or greeting addresses
    greets: str | None  # the evidence of an addressee greeted ("Hi Ben,")
    named: str | None  # the evidence of an addressee named in a heading
    fits: dict[str, list[tuple[float, str | None, str]]]  # ``_kind_fits`` of its kind
    correction: Correction | None  # its message's self-correction cue, read when asked


@dataclass
class Scoring:
    """What the rules' score of a thread's pairs reads besides the two claims: the weights, the words too frequent
    in the thread to count (``common``), the key of its opening comment (``opening``), the keys of its incident
    reports (``reports``)."""

    w: dict
    common: frozenset[str] = frozenset()
    opening: str | None = None
    reports: frozenset[str] = frozenset()
    # (context, target's context) -> the words both hold: made once per pair of paragraphs
    shared_context: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = field(default_factory=dict, repr=False)

    def source(self, src: Features, msg: Message, correction: Correction | None = None) -> Source:
        """What every pair of the source claim ``src`` (of message ``msg``) reads of it, read once: the argument
        of ``score``. ``correction``: the cue by which the message corrects its own side's earlier words
        (``self_correction``), read only for a pair of one side (None: none)."""
        c = src.claim
        addressee = src.addressee
        return Source(
            features=src,
            key=msg.key,
            behalf_of={c.on_behalf_of},
            reported=bool(self.reports) and c.message in self.reports,
            addressee=addressee.lower() if addressee else None,
            greets=f"addressee: the reply greets {addressee}" if addressee and src.greeted else None,
            named=f"addressee: under a heading answering {addressee}" if addressee and not src.greeted else None,
            fits=_kind_fits(src.kind),
            correction=correction,
        )

    def score(self, source: Source, groups: Iterable[tuple[Iterable[Features], str]], cands: dict[str, Candidate]) -> None:
        """The rules' signals of each pair (source claim -> a target) whose target is not yet in ``cands``, added to
        ``cands`` (target id -> Candidate). ``groups``: (targets, relation): the Features of the claims of one
        message and how it is related to the source's (``_related``; "" for none). The evidence is kept as what
        writes it (``Candidate``)."""
        fs = source.features  # each read by its name (``Source``), once per call
        key = source.key
        items = fs.items
        sections = fs.sections
        apis = fs.api_set
        entities = fs.entity_set
        behalf_of = source.behalf_of
        figures, measures = fs.figures, fs.measures
        words = fs.words
        context = fs.context
        claim_text, context_text = fs.claim.text, fs.context_text  # what the shared words' evidence names them by
        heading = fs.question_heading
        speaker = fs.speaker_key
        behalf = fs.behalf_key
        reported = source.reported
        addressee = source.addressee
        greets = source.greets
        named = source.named
        fits_of = source.fits
        correction = source.correction
        w, common, opening, reports = self.w, self.common, self.opening, self.reports
        shared_context = self.shared_context
        for targets, relation in groups:
            structure = w.get(relation) if relation else None
            rule = cues()["structure_words"][relation]["rule"] if structure is not None else ""
            flat = relation.startswith("thread_order")
            for ft in targets:
                t = ft.claim
                if t.id in cands:
                    continue
                score = 0.0
                evidence: list = []
                both = items & ft.items if items and ft.items else None
                if both:
                    score = _anchor(score, evidence, w["same_citation"], "same citation", both)
                elif sections and ft.sections:
                    score = _anchor(score, evidence, w["same_section"], "same section", sections & ft.sections)
                if apis and ft.api_set:
                    score = _anchor(score, evidence, w["same_api"], "same API", apis & ft.api_set)
                if entities and ft.entity_set:
                    score = _anchor(score, evidence, w["same_entity"], "same entity", (entities & ft.entity_set) - behalf_of)
                if figures and ft.figures:
                    both = figures & ft.figures
                    if both:
                        score = _anchor(score, evidence, w["same_figure"], "same figure", both)
                    else:  # different figures compete only when they count the same thing (``figure_measures``)
                        counted = measures.keys() & ft.measures.keys() if measures else None
                        if counted:
                            score += w["competing_figure"]
                            evidence.append((_competing, measures, ft.measures, counted))
                # the words shared, then the context words shared besides them, without the thread's common words
                shared = words & ft.words
                in_both = shared_context.get((context, ft.context))  # claims of one paragraph share a context
                if in_both is None:
                    in_both = shared_context[context, ft.context] = context & ft.context
                ctx = in_both - shared
                if shared:
                    kept = shared - common
                    if kept:
                        score += min(w["shared_word_cap"], w["shared_word"] * len(kept))
                        evidence.append((listed_words, "shared words", kept, 6, claim_text, context_text))
                if ctx:
                    kept = ctx - common
                    if kept:
                        score += min(w["shared_context_cap"], w["shared_context_word"] * len(kept))
                        evidence.append((listed_words, "shared context words", kept, 6, context_text))
                if heading is not None and heading == ft.number:
                    score += w["numbered_question"]
                    evidence.append(("numbered question: under {} -> item {}".format, fs.number, ft.number))
                if structure is not None:
                    score += structure
                    evidence.append(("reply structure: {} {} {}".format, key, rule, t.message))
                    if flat and opening == t.message:
                        score += w["thread_opening"]
                        evidence.append(("reply structure: {} opens the thread".format, t.message))
                # only claims with the same speaker, the same organisation or in incident reports can be on one side
                side = None
                if (speaker is not None and speaker == ft.speaker_key) or (behalf is not None and behalf == ft.behalf_key) or reported:
                    side = same_side(fs.claim, t, reports)
                    if side and (correction is None or correction() is None):  # a correction aims at its own side
                        score += w["same_side"]
                        evidence.append("same side: " + side)
                if addressee is not None and ft.first_name is not None and ft.first_name == addressee:
                    if greets:
                        score += w["greeting_addressee"]
                        evidence.append(greets)
                    else:
                        score += w["named_addressee"]
                        evidence.append(named)
                t_kind = ft.kind
                if t_kind in _ASKS:
                    score += w["question_target"]
                    evidence.append(("question target: {} is a {}".format, t.id, t.kind.value))
                fits = fits_of.get(t_kind)  # a ClaimKind is a str: it finds the table's names
                if fits:
                    for weight, pattern, why in fits:
                        if pattern is None or _target_matches(ft, pattern):
                            score += weight
                            evidence.append(why)
                            break
                cands[t.id] = Candidate(t, score, evidence, side, (shared, ctx))


def _anchor(score: float, evidence: list, weight: float, rule: str, shared: set[str] | frozenset[str]) -> float:
    """``score`` with an anchor both claims hold (its evidence kept), if they share any."""
    if shared:
        evidence.append((listed, rule, shared))
        return score + weight
    return score


def _competing(mine: dict[str, dict[str, str]], theirs: dict[str, dict[str, str]], counted: set[str]) -> str:
    """The figures of each claim that count the same thing, as written ("400 certificates vs 500 certificates")."""
    def written(measures: dict[str, dict[str, str]]) -> str:
        return ", ".join(sorted(v for m in counted for v in measures[m].values()))
    return f"competing figure: {written(mine)} vs {written(theirs)}"


_ASKS = (ClaimKind.QUESTION, ClaimKind.REQUEST)
Correction = Callable[[], "re.Match | None"]  # a message's self-correction cue (``stance.corrects_itself``), read when asked


class _SelfCorrection:
    """A message's self-correction cue (``stance.corrects_itself`` of its text), searched when first asked, then
    kept: a ``Correction`` (was ``functools.cache(partial(...))``, whose making cost more than most messages' use)."""

    __slots__ = ("text", "read", "found")

    def __init__(self, text: str):
        self.text = text
        self.read = False
        self.found: re.Match | None = None

    def __call__(self) -> re.Match | None:
        if not self.read:
            self.found, self.read = corrects_itself(self.text), True
        return self.found
_SCORE = attrgetter("score")  # a candidate's rules' score
_TEXT = attrgetter("text")  # a claim's text


def _common_words(claims: list[Claim], share: float) -> frozenset[str]:
    """Stems found in more than ``share`` of the thread's claims (and in at least ``common_word_min``):
    no anchor value."""
    df: Counter[str] = Counter(chain.from_iterable(map(stem_set, map(_TEXT, claims))))  # counted in one C loop
    least, above = cues()["common_word_min"], share * len(claims)
    return frozenset(x for x, n in df.items() if n >= least and n > above)


def candidate_pairs(extraction: Extraction, limit: int = 0) -> list[Pair]:
    """Every (claim, earlier claim it may answer) pair of the thread with the rules' score, evidence and verdict,
    and the features the learned scorer reads (``threadkb.link.score``). ``limit`` (``link`` passes
    ``max_candidates``): of each claim's candidates only the ``limit`` strongest by the rules (``strongest``) and
    those the rules link, with the features they have among all the candidates (the learner is trained on all)."""
    table = cues()
    w = table["weights"]
    thread = extraction.thread
    by_msg: dict[str, list[Claim]] = {}
    for c in extraction.claims:
        by_msg.setdefault(c.message, []).append(c)
    messages = {m.key: m for m in thread.messages}
    texts = {m.key: message_text(thread, m) for m in thread.messages}  # Message.text joins its lines on each read: once per thread
    # the claims of each message that can take part in a pair, as source or target: those that hold some of their
    # writer's prose (not code or diff lines, table rows, footnote links: ``features.not_prose``)
    taking_part = {key: [c for c in claims if not not_prose(c, texts[key])] for key, claims in by_msg.items()}
    lines = None
    quoted: dict[tuple[int, int], str] = {}  # quoted lines -> their text (read once, not once per claim answering them)
    feats: dict[str, Features] = {}
    head_of = list_heads(by_msg, messages, texts)
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
                feats[c.id].words |= stem_set(item.text)
        return feats[c.id]

    common = _common_words(extraction.claims, table["common_word_share"])
    opening = next((m.key for m in thread.messages if m.depth == 0 and m.in_reply_to is None), None)
    skip_kinds = {ClaimKind(k) for k in table["skip_source_kinds"]}
    facts = extraction.message_facts  # set by extract
    reports = frozenset(k for k, f in facts.items() if f.incident_report)
    position = first_places(thread)  # message key -> its (first) place in the thread: ties go to the earlier claim

    scoring = Scoring(w, common, opening, reports)
    firsts = {key: next((c.id for c in claims if not c.reported), None) for key, claims in by_msg.items()}
    # the claims of a message a claim may answer (not reported speech, not list items: their head stands for them)
    answerable = {key: [c for c in claims if not c.reported and c.id not in head_of] for key, claims in taking_part.items()}
    answer_feats: dict[str, list[Features]] = {}  # message key -> the Features of its answerable claims (made when first read)

    def targets_of(key: str) -> list[Features]:
        found = answer_feats.get(key)
        if found is None:
            found = answer_feats[key] = [feats.get(c.id) or feat(c) for c in answerable.get(key, ())]
        return found

    mentions: dict[str, set[str]] = {}
    pairs: list[Pair] = []
    for msg in thread.messages:
        own = [c for c in taking_part.get(msg.key, ()) if not c.reported]
        if not own:
            continue
        related = _related(thread, msg)
        text = texts[msg.key]
        # the self-correction cue is read only where it can count: a pair of one side, or a rebuttal (most
        # messages have neither)
        correction = _SelfCorrection(text)
        linked: dict[str, str] = {}  # target id -> id of the claim of this message that first linked to it
        previous: list[str] = []  # targets of the previous claim of this message
        passages = []  # (start, end, originals or same-message reported claims, label)
        prose_quotes = facts[msg.key].prose_quotes if msg.key in facts else ()
        others = [c for k in related for c in taking_part.get(k, ())] if prose_quotes else []
        for pq in prose_quotes:
            origin = _originals(text[pq.start:pq.end], others, pq.speaker)
            local = [c for c in by_msg.get(msg.key, []) if c.reported and pq.start <= c.start < pq.end]
            if origin or local:
                passages.append((pq.start, pq.end, origin or local, pq.speaker or "unnamed"))
        context = linkscore.MessageContext.of(msg, text, own, thread, firsts, mentions)
        for src in own:
            fs = feat(src)
            ruled = src.kind not in skip_kinds  # the rules start no relation from a question; the learner may
            cands: dict[str, Candidate] = {}
            source = scoring.source(fs, msg, correction)
            scoring.score(source, [(targets_of(key), relation) for key, relation in related.items()], cands)
            # inline answers and claims next to a quoted fragment
            for q in msg.quotes:
                if not q.message or q.message not in messages or fs.lines is None:
                    continue
                inline = q.answered_by and q.answered_by[0] <= fs.lines[0] < q.answered_by[1]
                before = 0 <= q.lines[0] - fs.lines[1] <= 2
                if not (inline or before):
                    continue
                for tgt in taking_part.get(q.message, ()):
                    if tgt.id in head_of:
                        continue
                    ft = feat(tgt)
                    if tgt.id not in cands:
                        scoring.score(source, (((ft,), ""),), cands)
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
                new_section = _NEW_SECTION.search(text, end, src.start)
                weight = w["reported_passage_near"] if new_section else w["reported_passage_first"]
                for tgt in targets:
                    if tgt.id not in cands:
                        scoring.score(source, (((feat(tgt),), ""),), cands)
                    cand = cands[tgt.id]
                    cand.add(weight, "answers quoted passage", f"after the passage of {who} quoted in prose")
            below = [p for p in passages if p[0] >= src.end and not text[src.end:p[0]].strip()]
            if below:  # the claim stands right before a passage it answers ("3. There was not any …" *>…*)
                for tgt in below[0][2]:
                    if tgt.id not in cands:
                        scoring.score(source, (((feat(tgt),), ""),), cands)
                    cand = cands[tgt.id]
                    cand.add(w["precedes_quote"], "precedes quote", f"stands right before a passage of {tgt.message} it quotes")
            continuation = previous and cue_pattern(table["continuation"]).search(src.text)  # read only when it can apply
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
            main_claim = firsts.get(msg.in_reply_to) if msg.in_reply_to else None  # read the cue only when it can apply
            if main_claim in cands and cue_pattern(table["refers_back"]).search(src.text):
                cands[main_claim].add(w["refers_back"], "refers back", "to the main claim of the replied message")
            verdicts: dict[str, tuple[RelationKind, str]] = {}
            # ranked only when the best reaches the threshold (most claims' best does not: no sort)
            ranked = (ruled and cands and round(max(map(_SCORE, cands.values())), 2) >= table["threshold"]
                      and sorted(cands.values(), key=lambda c: (-c.score, position.get(c.target.message, 0), c.target.start)))
            if ranked:
                best = ranked[0]
                chosen = [best] + [c for c in ranked[1:2] if c.score >= best.score * table["second_target_ratio"]
                                   and c.target.message == best.target.message and c.target.kind == best.target.kind
                                   and c.target.kind is ClaimKind.QUESTION]
                for cand in chosen:
                    kind, why = relation_kind(src, cand.target, cand, thread, correction, reports)
                    if why == DEFAULT_STANCE and (cand.target.id in linked
                                                  or round(cand.score, 2) < table["threshold"] + table["default_stance_margin"]):
                        continue  # no cue of its own: kept only when the structure is clearly stronger
                    linked.setdefault(cand.target.id, src.id)
                    previous.append(cand.target.id)
                    verdicts[cand.target.id] = (kind, why)
            # the window: earlier claims of the thread nobody quotes (flat threads, top-posted mail)
            scoring.score(source, [(targets_of(key), "") for key in context.window], cands)
            if not cands:
                continue
            rules = (thread, correction, reports)
            kept = strongest(cands, verdicts, position, limit)
            scored = {id(c) for c in kept} if len(kept) < len(cands) else None  # None: every candidate
            # the candidates of this source claim as ``relative`` reads them (``score.rank_row``), and where it
            # writes (the scored pairs' features; None: an unscored candidate only counts)
            rows: list[tuple] = []
            ends: list[Claim] = []
            out: list[dict[str, float] | None] = []
            for cand in cands.values():
                tgt = cand.target
                ends.append(tgt)
                if scored is not None and id(cand) not in scored:
                    rows.append(linkscore.rank_row(tgt, fs, feats[tgt.id], cand, context))
                    out.append(None)
                    continue
                verdict = verdicts.get(tgt.id)
                f = linkscore.pair_features(src, tgt, fs, feats[tgt.id], cand, context, messages[tgt.message], verdict,
                                            related.get(tgt.message), cand.side)
                rows.append(linkscore.row_of(f))
                out.append(f)
                pairs.append(Pair(src, tgt, cand, verdict, rules, f))
                cand.overlap = None  # read: not kept with the pair
            linkscore.relative_rows(rows, ends, out)
    return pairs


def strongest(cands: dict[str, Candidate], keep: Container[str], position: dict[str, int], limit: int) -> list[Candidate]:
    """The candidates of one source claim the learner describes and scores, in their order: the ``limit``
    strongest by the rules' score (on a tie the nearer message, then the earlier claim in it), and every one
    whose target id is in ``keep`` (the pairs the rules link); all of them when ``limit`` is 0 or not reached.
    The rules' score holds the reply structure, the shared words and anchors, whom the reply addresses: the
    learner seldom chooses a pair weak on all of them (``max_candidates`` in ``link_cues.json``)."""
    values = list(cands.values())
    if not limit or len(values) <= limit:
        return values
    # the ``limit`` strongest: every one above the ``limit``-th best score, and of those at that score the ones the
    # tie-break ranks first (the rest are not sorted)
    cut = sorted(map(_SCORE, values), reverse=True)[limit - 1]
    chosen = {id(c) for c in values if c.score > cut}
    ties = [c for c in values if c.score == cut]
    if len(ties) > limit - len(chosen):
        ties = sorted(ties, key=lambda c: (-position.get(c.target.message, 0), c.target.start))[:limit - len(chosen)]
    chosen.update(map(id, ties))
    return [c for c in values if id(c) in chosen or c.target.id in keep]


@dataclass
class Pair:
    """A candidate relation: the rules' score and verdict, the learner's features and their reasons in words."""

    source: Claim
    target: Claim
    candidate: Candidate
    rule: tuple[RelationKind, str] | None  # what the hand-written rules decide (None: no relation)
    context: tuple  # (thread, self-correction cue of the source message (``Correction``), incident-report message keys)
    features: dict[str, float]

    def kind(self) -> tuple[RelationKind, str]:
        """The kind the rules give the pair if it is a relation, and why (read only for the pairs chosen)."""
        return self.rule or relation_kind(self.source, self.target, self.candidate, *self.context)


_ITEM = re.compile(r"^\s*(?:[-*•·]|\d+[.)]|\(?[a-z]\))\s")


def list_heads(by_msg: dict[str, list[Claim]], messages: dict[str, Message],
               texts: dict[str, str] | None = None) -> dict[str, Claim]:
    """List items that complete the claim before them ("… revocation within 24 hours when:" + "- CAA
    checks were not performed …"): item claim id -> the head claim. The head stands for the whole list.
    ``texts``: the messages' texts by key, where the caller has them."""
    out: dict[str, Claim] = {}
    for key, claims in by_msg.items():
        text = (texts[key] if texts is not None else messages[key].text) if key in messages else ""
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
