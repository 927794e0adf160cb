"""Claims: the positions a speaker takes in their own text, with kind, cue, speaker and on_behalf_of.

A claim is picked by cues, not by taking every sentence. The cue table is data
(``threadkb/data/claim_cues.json``); this module reads it and applies it:

1. ``segment``: the message's own text is cut into sentences (spaCy sentencizer boundaries, plus the
   hard breaks of mail text: blank lines, list items, headings).
2. ``classify``: one sentence -> kind (question, denial, admission, commitment, request, or assertion),
   the cue that decided it, and a score (kind weight + stance cues + features such as citations).
   Greetings, thanks, sign-offs and logistics are skipped.
3. The ``threadkb_claims`` component keeps, per message, the sentences that reach the threshold, at
   most ``density`` per word (the best ones), and puts them on ``doc.spans["claims"]`` (label = kind,
   ``span._.claim`` = cue, score, reported speaker ...). Text quoted in prose ("Regarding Bastian's
   Description: '…'") is never the speaker's claim; when the intro names a person its best sentence
   becomes a *reported* claim of that person.
4. ``collect(doc)`` turns the spans into ``Claim`` objects (speaker, on_behalf_of, deadline, span);
   ``finalize(extraction)`` gives stable ids and attaches citations / entities / APIs by offset.
"""
from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from threadkb import kinds, tables
from threadkb.extract import claim_model, deadlines
from threadkb.extract.citations import RangeSet
from threadkb.extract.docs import cached, doc_key, doc_text, sentence_spans, speaker_side
from threadkb.models import Claim, ClaimKind, Entity, Extraction, Message, MessageFacts, ProseQuote, by_message
from threadkb.parse.attribution import is_attribution_line
from threadkb.parse.dates import parse_date
from threadkb.parse.lines import collapse
from threadkb.prefilter import FilteredRegex, LiteralGate, Prefilter, fold

# the skip cue of an attribution line the parse left in own text (``parse.attribution.is_attribution_line``): a hard
# skip (claim_features.json ``hard_skip``), never scored
ATTRIBUTION_SKIP = "attribution line"

SPAN_KEY = "claims"


@lru_cache(maxsize=1)
def cues() -> dict:
    """The cue table (``threadkb/data/claim_cues.json``)."""
    return tables.load("claim_cues.json")


# --------------------------------------------------------------------------- patterns


TABLE = "claim_cues.json"


@lru_cache(maxsize=1)
def patterns() -> dict:
    """The cue table with its patterns compiled by the loader (flags: the schema's, ``case_sensitive`` rows)."""
    return tables.patterns(TABLE)


@lru_cache(maxsize=256)
def _self_re(orgs: tuple[str, ...]) -> str:
    alt = "|".join(re.escape(o) for o in sorted(orgs, key=len, reverse=True)) or r"(?!x)x"
    return cues()["self"].replace("{ORGS}", alt)


def _compile(rule: tables.Template | re.Pattern, orgs: tuple[str, ...]) -> re.Pattern:
    """A rule for the speaker side ``orgs``: its ``{SELF}`` placeholder filled (compiled by the loader)."""
    return rule.fill(SELF=_self_re(orgs)) if isinstance(rule, tables.Template) else rule


@lru_cache(maxsize=None)
def _prefilter(rx: re.Pattern | tables.Template) -> Prefilter:
    """The rule's literal prefilter (``threadkb.prefilter``), the same for every speaker side:
    {SELF} stands in as any one character, so the speaker's own words are never a required literal."""
    if isinstance(rx, tables.Template):
        return Prefilter.of(rx.stand_in("(?s:.)"), rx.flags)
    return Prefilter.of(rx.pattern, rx.flags)


@lru_cache(maxsize=None)
def _filtered(rx: re.Pattern) -> FilteredRegex:
    """A rule without ``{SELF}`` (the on-behalf-of rules), with its literal prefilter."""
    return FilteredRegex(rx, _prefilter(rx))


Rule = tuple[dict, re.Pattern, int]  # a table row, its regex for one speaker side, its position in the gate


@dataclass(frozen=True)
class CueRules:
    """The sentence rules of the cue table compiled for one speaker side (``orgs``), in table order.
    A rule can match a sentence only when ``gate.passes(sentence)[position]``."""

    gate: LiteralGate
    skip: list[Rule]
    kinds: list[tuple[str, list[Rule]]]  # in ``kind_order``
    stance: list[Rule]
    fault: Rule  # ``fault_words`` (``needs_fault`` rules)
    own_side: re.Pattern  # the speaker's side named in the sentence (``needs_own`` rules)


@lru_cache(maxsize=1)
def _sentence_rules() -> list[tuple[dict, tables.Template]]:
    """(row, rule) of every rule ``classify`` reads, in the order the gate numbers them."""
    table, rx = cues(), patterns()
    rows = rx["skip"] + [r for name in table["kind_order"] for r in rx["kinds"][name]] + rx["stance"]
    return [(r, r["pattern"]) for r in rows] + [({}, rx["fault_words"])]


@lru_cache(maxsize=1)
def _gate() -> LiteralGate:
    """One automaton for the literal prefilters of all sentence rules (they do not depend on the side)."""
    return LiteralGate([_prefilter(rx) for _, rx in _sentence_rules()])


@lru_cache(maxsize=256)
def cue_rules(orgs: tuple[str, ...] = ()) -> CueRules:
    table, gate = cues(), _gate()
    compiled = iter([(row, _compile(rx, orgs), i) for i, (row, rx) in enumerate(_sentence_rules())])
    skip = [next(compiled) for _ in table["skip"]]
    kinds = [(name, [next(compiled) for _ in table["kinds"][name]]) for name in table["kind_order"]]
    stance = [next(compiled) for _ in table["stance"]]
    own = tables.compile(TABLE, "self", rf"\b{_self_re(orgs)}\b", re.IGNORECASE)
    return CueRules(gate=gate, skip=skip, kinds=kinds, stance=stance, fault=next(compiled), own_side=own)


_norm = collapse  # white space (U+00A0, U+202F included) collapsed: a phrase may wrap over lines


# --------------------------------------------------------------------------- classify


@dataclass
class Verdict:
    """What the cue table says about one sentence."""

    kind: ClaimKind | None  # None: skipped (greeting, thanks ...)
    cue: str  # the rule(s) that decided: "commitment: will; negation"
    score: float
    stance: list[str] = field(default_factory=list)  # names of the stance cues found

    @property
    def is_claim(self) -> bool:
        return self.kind is not None and self.score >= cues()["threshold"]


def classify(text: str, orgs: tuple[str, ...] = (), *, citations: int = 0, entities: int = 0,
             apis: int = 0, list_item: bool = False, own_report: bool = False) -> Verdict:
    """Kind, cue and score of one sentence. ``orgs``: the organisations the speaker speaks for;
    ``own_report``: the sentence stands in an incident report, where the CA speaks about itself."""
    table = cues()
    rules = cue_rules(orgs)
    text = _norm(text)
    ok = rules.gate.passes(text, fold(text))  # once per sentence: the literal prefilters of all rules
    words = len(text.split())
    for rule, rx, i in rules.skip:
        if ok[i] and rx.search(text):
            return Verdict(None, f"{claim_model.SKIP_PREFIX}{rule['cue']}", float("-inf"))
    if is_attribution_line(text):  # "**Alice Smith** wrote:" the parse left in own text: whose words follow
        return Verdict(None, f"{claim_model.SKIP_PREFIX}{ATTRIBUTION_SKIP}", float("-inf"))
    if words < table["min_words"] and not text.endswith("?") and not patterns()["short_ok"].match(text):
        return Verdict(None, f"{claim_model.SKIP_PREFIX}too short", float("-inf"))
    kind, kind_cue, score = ClaimKind.ASSERTION, "", 0.0
    full, text = text, unquoted(text)  # words the speaker quotes ("BR 4.9.1.1 (5) states: “…”") do not decide the kind
    if text != full:
        ok = rules.gate.passes(text, fold(text))
    fault = own = None  # looked up when a rule needs them
    for name, kind_rules in rules.kinds:
        for rule, rx, i in kind_rules:
            if not ok[i]:
                continue
            if rule.get("needs_fault"):
                if fault is None:
                    _, fault_rx, fault_i = rules.fault
                    fault = ok[fault_i] and bool(fault_rx.search(text))
                if not fault:
                    continue
            if rule.get("needs_own"):
                own = (own_report or bool(rules.own_side.search(text))) if own is None else own
                if not own:
                    continue
            if rx.search(text):
                kind, kind_cue, score = ClaimKind(name), rule["cue"], rule["weight"]
                break
        if kind_cue:
            break
    stance = [r["cue"] for r, rx, i in rules.stance if ok[i] and rx.search(text)]
    score += sum(r["weight"] for r in table["stance"] if r["cue"] in stance)
    feat = table["features"]
    figure = bool(patterns()["figure_pattern"].search(full))
    if not citations and patterns()["section_pattern"].search(full):
        citations = 1
    score += feat["citation"] * min(citations, 1) + feat["figure"] * figure + feat["entity"] * min(entities, 1)
    score += feat["api"] * min(apis, 1) + feat["list_item"] * list_item
    if words > table["max_words"]:
        score += feat["long"]
    parts = [f"{kind.value}: {kind_cue}"] if kind_cue else []
    parts += stance + (["citation"] if citations else []) + (["figure"] if figure else [])
    return Verdict(kind, "; ".join(parts) or "assertion", claim_model.shown(score), stance)


_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def unquoted(text: str) -> str:
    """The sentence with passages it quotes ("…" of at least ``reported.min_words`` words) replaced by “…”."""
    n = cues()["reported"]["min_words"]
    return _QUOTED.sub(lambda m: "“…”" if len(m.group(1).split()) >= n else m.group(0), text)


# --------------------------------------------------------------------------- segment


@dataclass
class Unit:
    """A sentence-like piece of a message's own text: [start, end) character offsets."""

    start: int
    end: int
    text: str
    list_item: bool = False
    due: str | None = None  # a deadline given beside the words (an action item's Due Date cell)


_LIST = re.compile(r"^\s*(?:[-*•·]\s*|\d+(?:\.\d+)*[.)]\s*|\d+(?:\.\d+)+\s+|\(\w{1,3}\)\s+|[a-z][.)]\s+)(?=\S)")
_END = re.compile(r"[.!?:;]['\"”’)]*\s*$")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?]['\"”’)]*\s+(?=[A-Z\"“(])")


_ABBREVIATION_END = re.compile(r"\w\.[ \t]*\n?[ \t]*$")  # a period right after a word, then white space


def _after_abbreviation(text: str, start: int) -> bool:
    """A sentence boundary that is none: a word in lower case (not a link) right after "word." ("in m.d.s.p. with")."""
    return (text[start:start + 1].islower() and not text.startswith(("http", "www."), start)
            and _ABBREVIATION_END.search(text, max(0, start - 64), start) is not None)


def _line_breaks(text: str) -> tuple[set[int], set[int]]:
    """Offsets where a hard break starts a new unit, and offsets of list-item starts."""
    lines = text.split("\n")
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    breaks, items = set(), set()
    width = max((len(ln.rstrip()) for ln in lines), default=0) or 1
    para_start = True
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            breaks.add(starts[i])
            para_start = True
            continue
        if _LIST.match(ln):
            breaks.add(starts[i])
            items.add(starts[i])
            para_start = True
        if para_start:
            breaks.add(starts[i])
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        # a heading: short line that starts a paragraph, no final punctuation, next starts a new thought
        heading = (para_start and not _END.search(s) and not s.endswith(",") and len(s) < 0.6 * width
                   and (not nxt or nxt[:1].isupper() or nxt[:1] in "\"“-*>" or _LIST.match(nxt)))
        if heading or _END.search(s) and (not nxt or _LIST.match(nxt)):
            if i + 1 < len(lines):
                breaks.add(starts[i + 1])
        para_start = bool(heading) or bool(_SENTENCE_END.search(s))
    return breaks, items


def segment(doc: Doc) -> list[Unit]:
    """Sentences of the doc, also cut at the hard breaks of mail text (blank lines, list items, headings)."""
    text = doc_text(doc)
    breaks, items = _line_breaks(text)
    cuts = set(breaks)
    sentences = sentence_spans(doc)
    if sentences is not None:  # not after an abbreviation: "… respond directly in m.d.s.p. with any comments"
        cuts.update(start for start, _ in sentences if not _after_abbreviation(text, start))
    else:
        cuts.update(m.end() for m in _SENTENCE_BREAK.finditer(text))
    cuts.update((0, len(text)))
    ordered = sorted(c for c in cuts if 0 <= c <= len(text))
    units = []
    for a, b in pairwise(ordered):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        s, e = a + lead, a + len(piece.rstrip())
        if e > s:
            line_start = text.rfind("\n", 0, s) + 1
            units.append(Unit(s, e, text[s:e], list_item=line_start in items and not text[line_start:s].strip()))
    return units


# --------------------------------------------------------------------------- action items


@dataclass
class ActionItem:
    """One row of an incident report's Action Items table (``cues()["action_items"]``)."""

    start: int  # the item cell's words: [start, end) in the text
    end: int
    row: tuple[int, int]  # [start, end) of the whole row
    due: str | None  # the Due Date cell, None when the table has none or it is empty
    status: str | None


_SEPARATOR_ROW = re.compile(r"^[\s|:+-]+$")  # "|---|:--:|" under a Markdown header


def _cells(line: str, offset: int) -> list[tuple[int, int]] | None:
    """[start, end) of each cell's words in a table row ('|' or tab separated); None when not a row."""
    sep = "|" if line.count("|") >= 2 else "\t" if "\t" in line.strip() else None
    if sep is None:
        return None
    cells, pos = [], offset
    for part in line.split(sep):
        words = part.strip()
        start = pos + (part.index(words) if words else 0)
        cells.append((start, start + len(words)))
        pos += len(part) + 1
    if sep == "|":  # "| a | b |": the outer pipes leave an empty cell at each end
        row = line.strip()
        cells = cells[row.startswith("|"):len(cells) - row.endswith("|")]
    return cells


def action_items(text: str) -> list[ActionItem]:
    """The rows of the Action Items tables in a text: under a header row with an item cell and a due cell."""
    if "|" not in text and "\t" not in text:
        return []
    item_rx, due_rx, status_rx = (patterns()["action_items"][k] for k in ("item", "due", "status"))
    out: list[ActionItem] = []
    columns: tuple[int, int, int | None] | None = None  # item, due, status column of the table being read
    pos = 0
    for line in text.split("\n"):
        cells = _cells(line, pos)
        words = [text[a:b] for a, b in cells] if cells is not None else []
        if cells is None:
            columns = None  # a line that is not a row ends the table
        elif columns is None:
            item = next((i for i, w in enumerate(words) if item_rx.fullmatch(w)), None)
            due = next((i for i, w in enumerate(words) if due_rx.fullmatch(w)), None)
            if item is not None and due is not None:
                columns = (item, due, next((i for i, w in enumerate(words) if status_rx.fullmatch(w)), None))
        elif not _SEPARATOR_ROW.match(line) and columns[0] < len(words) and words[columns[0]]:
            _, due_cell, status = (words[i] or None if i is not None and i < len(words) else None for i in columns)
            out.append(ActionItem(*cells[columns[0]], (pos, pos + len(line)), due_cell, status))
        pos += len(line) + 1
    return out


def _action_verdict(item: ActionItem) -> Verdict:
    table = cues()["action_items"]
    cue = "commitment: action item" + (f"; status: {item.status}" if item.status else "")
    return Verdict(ClaimKind.COMMITMENT, cue, table["weight"])


# --------------------------------------------------------------------------- prose quotes


_QUOTE_OPENS = re.compile(r"(?m)^[ \t]*([\"“])")
_QUOTE_CLOSE = {  # by opening mark: a straight quote is closed by a straight one, not by the ” of a “…” inside
    "\"": re.compile(r"\"(?=\s|$|[.,;:)])"),
    "“": re.compile(r"[\"”](?=\s|$|[.,;:)])"),
}
_QUOTE_MARKER = re.compile(r"(?m)^[ \t]*\*?>[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*")


def prose_quotes(text: str) -> list[ProseQuote]:
    """Quoted passages that start a line: "…" spanning at least ``reported.min_words`` words, or a
    paragraph kept in own text behind a quote marker ("*>These API were authorized…*")."""
    out: list[ProseQuote] = []
    intro_re = patterns()["reported"]["intro"]
    pos = 0
    for m in _QUOTE_OPENS.finditer(text):
        start = m.start(1)
        if start < pos:
            continue
        close = None
        for c in _QUOTE_CLOSE[m.group(1)].finditer(text[start + 1:]):
            if c.start() > 0 and not text[start + c.start()].isspace():
                close = start + 1 + c.end()
                break
        if close is None:
            continue
        body = text[start:close]
        if len(body.split()) < cues()["reported"]["min_words"]:
            continue
        if not text[:start].strip() and not text[close:].strip():
            continue  # the whole message between quotation marks (as some excerpts give it): its own words
        before = text[:start].rstrip("\n ")
        intro = before[before.rfind("\n") + 1:].strip()
        who = intro_re.search(intro)
        speaker = next((g.strip("_") for g in who.groups() if g), None) if who else None  # "_Ryan_ wrote:"
        out.append(ProseQuote(start, close, speaker, intro))
        pos = close
    for m in _QUOTE_MARKER.finditer(text):  # "*>quoted*" kept in own text
        if not any(q.start <= m.start() < q.end for q in out):
            out.append(ProseQuote(m.start(), m.end(), None, "quote marker in own text"))
    return sorted(out, key=lambda q: q.start)


# --------------------------------------------------------------------------- speaker side


@lru_cache(maxsize=1024)  # asked by the claims component, then by the linker, of the same texts
def is_incident_report(text: str) -> bool:
    """Whether a message is an incident report ("Full Incident Report" heading, or the old template's
    "1. How your CA first became aware …"): the CA writing about itself."""
    return bool(patterns()["own_report"].search(text))


def message_facts(ex: Extraction) -> None:
    """Record on ``ex`` what the link stage reads of each message's own text as a whole (it never runs the
    claim detector's rules itself): its prose quotes and whether it is an incident report."""
    for m in ex.thread.messages:
        text = m.text  # the whole own text (a Doc may hold only the first MAX_CHARS of it)
        ex.message_facts[m.key] = MessageFacts(prose_quotes(text), is_incident_report(text))


_THE = re.compile(r"^the\s+", re.IGNORECASE)


def speaker_orgs(text: str) -> tuple[str, ...]:
    """Organisations the text speaks for: "SHECA believes", "we at Entrust", "on behalf of Mozilla"."""
    found: list[str] = []
    folded = fold(text)
    for rule in patterns()["on_behalf_of"]["sentence"]:
        for m in _filtered(rule["pattern"]).finditer(text, folded=folded):
            org = _THE.sub("", m.group(rule["group"])).strip()
            if org and org not in found:
                found.append(org)
    return tuple(found)


def personas(text: str) -> list[tuple[int, str | None, str]]:
    """Persona switches in a text: (offset, organisation or None for "personally speaking", cue)."""
    out = []
    folded = fold(text)
    for rule in patterns()["on_behalf_of"]["persona"]:
        for m in _filtered(rule["pattern"]).finditer(text, folded=folded):
            # the name, not the full stop that ends its sentence ("I am writing on behalf of Mozilla.")
            org = m.group(rule["group"]).strip().rstrip(".") or None if rule["group"] else None
            out.append((m.start(), org, rule["cue"]))
    return sorted(out, key=lambda t: t[0])


def on_behalf_of(text: str, offset: int, message_text: str,
                 switches: list[tuple[int, str | None, str]] | None = None) -> tuple[str | None, str]:
    """Who a sentence speaks for: its own "SHECA believes…" / "we at X", else the persona in force.
    ``switches``: ``personas(message_text)`` when the caller has it already."""
    folded = fold(text)
    for rule in patterns()["on_behalf_of"]["sentence"]:
        m = _filtered(rule["pattern"]).search(text, folded=folded)
        if m:
            return _THE.sub("", m.group(rule["group"])).strip(), rule["cue"]
    current: tuple[str | None, str] = (None, "")
    for pos, org, cue in personas(message_text) if switches is None else switches:
        if pos <= offset:
            current = (org, cue)
    return current


# --------------------------------------------------------------------------- the component


_WORD = re.compile(r"\w+")


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _same_point(a: str, b: str) -> bool:
    """Two sentences of one message that say the same thing ("will publish the list …" twice)."""
    return _same_words(_words(a), _words(b))


def _same_words(wa: frozenset[str], wb: frozenset[str]) -> bool:
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= cues()["same_point"]


if not Span.has_extension("claim"):
    Span.set_extension("claim", default=None)


def _span_ranges(doc: Doc, key: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.spans[key]] if key in doc.spans else []


class _Inside:
    """Character ranges, asked whether one of them lies inside [start, end) (the feature counts presence, not
    number): their starts sorted, with the least end from each on, so each question is a bisection (was a scan of
    every range per sentence: quadratic on a message of thousands of citations)."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges = sorted(ranges)
        self.starts = [lo for lo, _ in ranges]
        self.least_end = list(accumulate(reversed([hi for _, hi in ranges]), min))[::-1]

    def any(self, start: int, end: int) -> int:
        i = bisect.bisect_left(self.starts, start)
        return int(i < len(self.starts) and self.least_end[i] <= end)


def _first_holding(ranges: list[tuple[int, int]], points: list[int]) -> list[int | None]:
    """For each point, the index of the first range [lo, hi) (in list order) that holds it, else None; one sweep
    over the points by position (was a scan of the ranges per point)."""
    found: list[int | None] = [None] * len(points)
    by_start = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    open_: list[int] = []  # indexes of the ranges begun at or before the point (a heap: the first listed on top)
    k = 0
    for j in sorted(range(len(points)), key=points.__getitem__):
        p = points[j]
        while k < len(by_start) and ranges[by_start[k]][0] <= p:
            heapq.heappush(open_, by_start[k])
            k += 1
        while open_ and ranges[open_[0]][1] <= p:  # ended before the point: before every later point too
            heapq.heappop(open_)
        found[j] = open_[0] if open_ else None
    return found


def _verdict(doc: Doc, text: str, orgs: tuple[str, ...], citations: int, entities: int, apis: int,
             list_item: bool, own_report: bool) -> Verdict:
    """``classify``, once per distinct sentence, side and features in a run; a copy (callers add to it)."""
    key = (text, orgs, citations, entities, apis, list_item, own_report)
    v = cached(doc, "classify", key, lambda: classify(text, orgs, citations=citations, entities=entities,
                                                      apis=apis, list_item=list_item, own_report=own_report))
    return Verdict(v.kind, v.cue, v.score, list(v.stance))


@dataclass
class Candidate:
    """One sentence of a message's own text that may be a claim: the cue table's verdict and the model's
    features (``claim_model.features``). ``quote``: the prose quote it stands in (another's words)."""

    unit: Unit
    verdict: Verdict
    features: dict[str, float] | None  # None: a hard skip (``claim_features.json`` ``hard_skip``)
    quote: ProseQuote | None = None
    side: tuple[str, str] | None = None  # the kind of organisation its writer speaks for, and why (identity.speaker_kind)


def candidates(doc: Doc) -> list[Candidate]:
    """The sentences of a message doc that may be claims (not the rows of an Action Items table)."""
    text = doc_text(doc)
    msg: Message | None = doc.user_data.get("message") if doc.user_data else None
    orgs = speaker_orgs(text) + ((msg.on_behalf_of,) if msg is not None and msg.on_behalf_of else ())
    side = doc.user_data.get("side") if "side" in doc.user_data else speaker_side(msg) if msg is not None else None
    quotes = prose_quotes(text)
    premise = cues()["premise_bonus"]
    units = segment(doc)
    report = is_incident_report(text)
    cit, ent, api = (_Inside(_span_ranges(doc, key)) for key in ("citations", "entities", "apis"))
    flags = [(cit.any(u.start, u.end), ent.any(u.start, u.end), api.any(u.start, u.end)) for u in units]
    verdicts = [_verdict(doc, u.text, orgs, citations=c, entities=e, apis=a, list_item=u.list_item,
                         own_report=report) for u, (c, e, a) in zip(units, flags, strict=True)]
    for i, v in enumerate(verdicts[:-1]):  # the sentence a "Therefore, …" concludes from
        if v.kind is not None and patterns()["premise_bonus"]["pattern"].search(units[i + 1].text):
            v.score = claim_model.shown(v.score + premise["weight"])
            v.cue += f"; {premise['cue']}"
    rows = RangeSet(it.row for it in action_items(text))  # lines of the text: sorted, apart
    in_quote = _first_holding([(q.start, q.end) for q in quotes], [u.start for u in units])
    hard = set(claim_model.table()["hard_skip"])
    words = len(text.split())
    out = []
    for i, (u, v, (c, e, a)) in enumerate(zip(units, verdicts, flags, strict=True)):
        if rows.overlaps(u.start, u.end):
            continue  # rows of an Action Items table: one commitment per row (``action_items``)
        q = quotes[k] if (k := in_quote[i]) is not None else None
        feats = None
        if not (v.kind is None and v.cue.removeprefix(claim_model.SKIP_PREFIX) in hard):
            norm = _norm(u.text)
            ctx = claim_model.Context(index=i, count=len(units), message_words=words, list_item=u.list_item,
                                      citations=c, entities=e, apis=a, own_report=report,
                                      deadline=deadlines.find(norm, None) is not None)
            feats = claim_model.features(norm, v.kind.value if v.kind else None, v.cue, v.score, v.stance, ctx)
        out.append(Candidate(u, v, feats, q, side))
    return out


def _model_claims(model: claim_model.ClaimModel, own: list[Candidate]) -> list[tuple[Unit, Verdict, None]]:
    """The sentences the model takes for claims, with its kind; the score is its probability as the claim shows it
    (``claim_model.shown``), which every comparison here reads. A message none of whose sentences reaches
    ``threshold`` still gives its most probable one when that reaches ``floor``: in a flat thread a short comment
    ("+1", "Fair enough.", "Looks great to me") takes a position all the same. A message of at most
    ``short_message["sentences"]`` scored sentences (not hard-skipped, not ruled out) keeps those reaching
    ``short_message["threshold"]``, lower than ``threshold``: the short comments of a kind of source the scorer was
    not trained on score under it (the message's shape decides, not its source's name). A sentence the cue table
    skips ("skip: thanks", "skip: title-case heading", "skip: too short") keeps ``threshold``, and the floor takes
    it only when the message has no other sentence over the floor (``_floor_choice``)."""
    threshold, floor = claim_model.table()["threshold"], claim_model.table()["floor"]
    short = claim_model.table().get("short_message")
    scored = []
    for c in own:
        if c.features is None:
            continue
        d = claim_model.decide(model, _norm(c.unit.text), c.features, c.side)
        if d.kind is not None:
            scored.append((c, d))
    lower, lower_why = None, ""
    if short is not None and len(scored) <= short["sentences"]:
        lower = short["threshold"]
        lower_why = f"; over the threshold of a short message ({lower}: at most {short['sentences']} scored sentences)"
    out: list[tuple[Unit, Verdict, None]] = []
    formula: list[bool] = []  # a sentence the cue table skips
    kept: list[int] = []
    for c, d in scored:
        score = claim_model.shown(d.p)
        if score < floor:
            continue
        why, skipped = f"{c.verdict.cue}; {d.why}", c.verdict.cue.startswith(claim_model.SKIP_PREFIX)
        # the lower threshold is for prose the cue table took for a possible claim, not for a formula it skips
        # ("Thanks,", a title-case heading, a fragment too short): those keep the message's ordinary threshold
        if lower is not None and not skipped and lower <= score < threshold:
            why += lower_why
            kept.append(len(out))
        elif score >= threshold:
            kept.append(len(out))
        out.append((c.unit, Verdict(ClaimKind(d.kind), why, score, c.verdict.stance), None))
        formula.append(skipped)
    if kept:
        return [out[i] for i in kept]
    best = _floor_choice(out, formula)
    if best is None:
        return []
    best[1].cue += "; the message's most probable sentence (none reaches the threshold)"
    return [best]


def _floor_choice(out: list[tuple[Unit, Verdict, None]], formula: list[bool]) -> tuple[Unit, Verdict, None] | None:
    """The floor's sentence of a message none of whose sentences reaches the threshold (``out``: those over the floor,
    in order; ``formula``: which of them the cue table skips): the most probable one (the first of equals) among those
    the cue table does not skip; a skipped one ("Thanks,", a title-case heading, a fragment too short) only when the
    message has nothing else over the floor (a lone "Two lints :)", "s/blacklist/reject/" is a position a reply may
    take up: never keeping it lost gold claims by source, CV session 13)."""
    prose = [o for o, f in zip(out, formula, strict=True) if not f]
    return max(prose or out, key=lambda c: c[1].score) if out else None


class ClaimDetector:
    """spaCy component: marks claim sentences on ``doc.spans["claims"]`` (detection, then annotation)."""

    def __init__(self, nlp: Language, name: str = "threadkb_claims"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[tuple[Unit, Verdict, str | None]]:
        """The chosen claims of the doc: (unit, verdict, reported speaker or None)."""
        model = claim_model.current()
        name = f"{self.name}:{model.digest}" if model is not None else self.name
        return cached(doc, name, doc_key(doc), lambda: self._match(doc, model))

    def _match(self, doc: Doc, model: claim_model.ClaimModel | None) -> list[tuple[Unit, Verdict, str | None]]:
        text = doc_text(doc)
        table = cues()
        found = candidates(doc)
        own = [c for c in found if c.quote is None]
        if model is None:  # the cue table alone
            ranked = sorted(((c.unit, c.verdict, None) for c in own if c.verdict.is_claim), key=lambda c: -c[1].score)
            density, min_budget = table["density"], table["min_budget"]
        else:
            ranked = sorted(_model_claims(model, own), key=lambda c: -c[1].score)
            density, min_budget = claim_model.table()["density"], claim_model.table()["min_budget"]
        words = len(text.split())
        budget = max(min_budget, int(words * density + 0.5))
        chosen: list[tuple[Unit, Verdict, None]] = []
        chosen_words: list[frozenset[str]] = []
        for c in ranked:
            if len(chosen) >= budget:
                break
            said = _words(c[0].text)
            if not any(_same_words(said, w) for w in chosen_words):
                chosen.append(c)
                chosen_words.append(said)
        best: dict[int, tuple] = {}
        for cand in found:  # one reported claim per quoted passage: its best sentence
            q, u, v = cand.quote, cand.unit, cand.verdict
            if q is None or not q.speaker or not v.is_claim:
                continue
            if q.start not in best or v.score > best[q.start][1].score:
                best[q.start] = (u, v, q.speaker)
        listed = [(Unit(i.start, i.end, text[i.start:i.end], due=i.due), _action_verdict(i), None)
                  for i in action_items(text)]
        return sorted(chosen + list(best.values()) + listed, key=lambda c: c[0].start)

    def set_annotations(self, doc: Doc, found: list[tuple[Unit, Verdict, str | None]]) -> Doc:
        spans = []
        for unit, verdict, reported_by in found:
            if verdict.kind is None:  # not a claim (every chosen verdict has a kind)
                continue
            span = doc.char_span(unit.start, unit.end, label=verdict.kind.value, alignment_mode="expand")
            if span is None:
                continue
            span._.claim = {"cue": verdict.cue, "score": verdict.score, "reported": reported_by,
                            "start": unit.start, "end": unit.end, "due": unit.due}
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


# No default_config, no initialize: this component only runs the module's detection functions in the pipeline.
# The cue table (claim_cues.json) and the learned model (claim_features.json, models/claims.json) are read by
# those functions (candidates, verdicts, deadlines, on_behalf_of), which the link stage (prose_quotes,
# is_incident_report), the trainer (claim_training) and ``eval --cv`` (claim_model.use) call without a
# pipeline; a table given through this component's config would not reach them, so there would be two
# readings of one table. Both tables are loaded and checked through threadkb.tables.
@Language.factory("threadkb_claims")
def make_claim_detector(nlp: Language, name: str) -> ClaimDetector:
    return ClaimDetector(nlp, name)


# --------------------------------------------------------------------------- collect / finalize


# The kinds whose sentence may set a deadline ("we will revoke within five days", "please reply by Friday").
DEADLINE_KINDS = tuple(ClaimKind(name) for name in kinds.deadline_kind_names())  # claim_kinds.json "deadline"


ACTION_ITEM_DUE = "the Due Date cell of its action-item row"


def set_deadline(claim: Claim, message: Message | None, entities: list[Entity], text: str | None = None) -> None:
    """The claim's deadline, computed once here (report and knowledge base read it): a phrase of its sentence
    counted from the message date (``deadlines.find``), else a date or duration entity inside the claim
    (``deadlines.from_entities``: "prior to 2025-10-15", "a 5-day window"). Kinds outside DEADLINE_KINDS get
    none; a deadline set before (an action item's Due Date cell, or ``collect``'s phrase) is kept. ``text``: the
    message's own text when the caller has it."""
    if claim.kind not in DEADLINE_KINDS or claim.deadline_text is not None:
        return
    when = message.date if message is not None else None
    found = deadlines.find(" ".join(claim.text.split()), when, commitment=claim.kind is ClaimKind.COMMITMENT)
    if found is not None:
        text = text if text is not None else message.text if message is not None else None
        where = deadlines.locate(found.text, text[claim.start:claim.end]) if text is not None else None
        span = (claim.start + where[0], claim.start + where[1]) if where else None
    else:
        found = deadlines.from_entities(entities, claim.start, claim.end, when)
        span = (found.start, found.end) if found is not None else None
    if found is not None:
        claim.deadline, claim.deadline_text, claim.deadline_rule = found.due, found.text, found.rule
        claim.deadline_span = span


def collect(doc: Doc) -> list[Claim]:
    """The claims of one message doc as ``Claim`` objects (ids are provisional until ``finalize``)."""
    msg: Message | None = doc.user_data.get("message")
    if msg is None or SPAN_KEY not in doc.spans:
        return []
    out = []
    full = doc_text(doc)  # Doc.text joins every token: once per Doc, not per claim
    switches = personas(full) if doc.spans[SPAN_KEY] else []  # once per Doc, not per claim
    for i, span in enumerate(doc.spans[SPAN_KEY]):
        info = span._.claim or {}
        start, end = info.get("start", span.start_char), info.get("end", span.end_char)
        text = full[start:end]
        kind = ClaimKind(span.label_)
        reported_by = info.get("reported")
        org, org_cue = on_behalf_of(text, start, full, switches) if not reported_by else (None, "")
        cue = info.get("cue", "")
        if org_cue:
            cue += f"; on behalf of: {org_cue}"
        norm = _norm(text)  # a phrase may wrap over lines
        due = info.get("due")  # an action item's Due Date cell (other deadlines: ``set_deadline``)
        where = deadlines.locate(due, text) if due else None
        out.append(Claim(
            id=f"{msg.key}:c{i + 1}", message=msg.key, speaker=reported_by or msg.author, kind=kind,
            text=norm, start=start, end=end, span=msg.locate(start, end) if msg.lines else None,
            on_behalf_of=org, deadline=parse_date(due, dayfirst=None) if due else None, deadline_text=due or None,
            deadline_rule=ACTION_ITEM_DUE if due else None,
            deadline_span=(start + where[0], start + where[1]) if where else None,
            cue=(f"reported speech of {reported_by}; " if reported_by else "") + cue,
            reported=bool(reported_by), score=info.get("score", 0.0)))
        set_deadline(out[-1], msg, [], full)  # its phrase now; a date or duration entity in ``finalize``
    return out


def _first_name(name: str) -> str:
    return name.split()[0].lower() if name and name.split() else ""


def finalize(extraction: Extraction) -> None:
    """Thread-level work: stable ids in thread order, reported speakers resolved to full names,
    citations / entities / APIs inside each claim attached by offset."""
    thread = extraction.thread
    order = {m.key: i for i, m in enumerate(thread.messages)}
    authors = {a for a in (m.author for m in thread.messages) if a}
    extraction.claims.sort(key=lambda c: (order.get(c.message, 1 << 30), c.start))
    counts: dict[str, int] = {}
    messages = {m.key: m for m in thread.messages}
    cites = by_message((x.message, x) for x in extraction.citations)  # each message's, gathered once
    entities = by_message((e.message, e) for e in extraction.entities)
    apis = by_message((a.message, a) for a in extraction.apis)
    for c in extraction.claims:
        counts[c.message] = counts.get(c.message, 0) + 1
        c.id = f"{c.message}:c{counts[c.message]}"
        if c.reported and c.speaker:
            full = [a for a in authors if _first_name(a) == _first_name(c.speaker)]
            if len(full) == 1:
                c.speaker = full[0]
        c.citations = sorted({x.id for x in cites.get(c.message, ())
                              if not x.in_document_quote and c.start <= x.start and x.end <= c.end})
        c.entities = sorted({e.norm for e in entities.get(c.message, ()) if c.start <= e.start and e.end <= c.end})
        c.apis = sorted({a.path for a in apis.get(c.message, ()) if c.start <= a.start and a.end <= c.end})
        set_deadline(c, messages.get(c.message), entities.get(c.message, []))
