"""What the link stage knows of one claim and of a pair: the cue table, a claim's words, anchors (sections,
items, figures), the heading or greeting it stands under, and the primitives every part of the stage reads
(``Candidate``, ``same_side``, ``descends``, ``by_key``)."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import compress, count

from threadkb import tables
from threadkb.ingest.text import pieces_at_space
from threadkb.models import PROPOSAL_RULE, Claim, ClaimKind, Message
from threadkb.prefilter import FilteredRegex, prefiltered


@lru_cache(maxsize=1)
def cues() -> dict:
    """The linker's cue table (``threadkb/data/link_cues.json``)."""
    return tables.load("link_cues.json")


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern | FilteredRegex]:
    """Every pattern of the cue table as the loader compiled it (flags from the table's schema: most cues
    case-insensitive and multi-line, ``figure``, ``greeting_addressee`` and the normative wording as written),
    by its text; run only on texts holding a word every match holds, where it has such words (``prefiltered``)."""
    out: dict[str, re.Pattern | FilteredRegex] = {}
    todo: list = [tables.patterns("link_cues.json")]
    while todo:
        value = todo.pop()
        if isinstance(value, re.Pattern):
            if value.pattern not in out:
                out[value.pattern] = prefiltered(value)
        elif isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    return out


def cue_pattern(pattern: str) -> re.Pattern | FilteredRegex:
    """The compiled form of a pattern of the cue table (the text ``cues()`` gives), compiled once, by the loader
    (``FilteredRegex``: run only on a text holding one of the words every match holds)."""
    return _compiled()[pattern]


def scored_kind(claim: Claim) -> ClaimKind:
    """The kind the pair scorers read (``candidates``' rules, ``score.pair_features``, ``kind_model``): a request
    that a rule of the claim scorer made of the model's assertion (a proposal "Consider updating …", "s/a/b/"; a
    stated request; a suggestion: ``claim_features.json`` ``request_rules``; its cue holds ``PROPOSAL_RULE``) is
    read as that assertion. The scorers' request signals (``question_target``, ``question_answer``,
    ``tgt_request``) are learned on the requests the kind model finds ("Please confirm …", "Can you …"); a reply
    argues for or against a proposal as it does an assertion. Read as requests, the rule's proposals pulled replies
    away from their gold targets (CV relations F1, mean of seeds, .457 -> .437); read so, .461. Reading every
    proposal (``is_proposal``) as an assertion is worse (.443; by source .285): the model's own requests keep the
    signals. The relation's kind still reads the claim's kind (``relation_kind``: a reply to a proposal is typed by
    its stance)."""
    if claim.kind is ClaimKind.REQUEST and PROPOSAL_RULE in claim.cue:
        return ClaimKind.ASSERTION
    return claim.kind


@dataclass
class Features:
    """What the linker knows about one claim."""

    claim: Claim
    words: frozenset[str]  # the stems of its content words (``stem_set``; a list's head: with its items' words)
    context: frozenset[str]  # those of its paragraph and of the fragment it answers inline
    sections: set[str]  # "4.9.1.1"
    items: set[str]  # "4.9.1.1:4"
    figures: set[str]  # the figures written (counts, not years or identifiers: ``figure``)
    number: int | None  # the numbered question heading ("Question 4") / list item ("4.") it stands under
    question_heading: int | None  # the number of a "Question 4" heading it stands under
    addressee: str | None  # first name in a "Reply to Matt's comment" heading above it, or greeted ("Hi Ben,")
    lines: tuple[int, int] | None  # 0-based [first, last] source lines
    greeted: bool = False  # the addressee comes from the greeting, not from a heading
    context_text: str = field(default="", repr=False, compare=False)  # the text ``context`` is made of (evidence)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # what the pairs read of it, made once
    # what every pair compares, made once per claim (not per pair)
    speaker_key: str | None = field(init=False, repr=False, compare=False)  # speaker, stripped and lower-cased
    first_name: str | None = field(init=False, repr=False, compare=False)  # speaker's first word, lower-cased
    behalf_key: str | None = field(init=False, repr=False, compare=False)  # on_behalf_of, lower-cased
    entity_set: frozenset[str] = field(init=False, repr=False, compare=False)
    api_set: frozenset[str] = field(init=False, repr=False, compare=False)
    kind: ClaimKind = field(init=False, repr=False, compare=False)  # the kind the pair scorers read (``scored_kind``)
    # what each figure counts: measure stem -> {figure: the figure and its noun as written} (``figure_measures``)
    measures: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        c = self.claim
        self.kind = scored_kind(c)
        names = c.speaker.split() if c.speaker else None
        self.speaker_key = c.speaker.strip().lower() if c.speaker else None
        self.first_name = names[0].lower() if names else None
        self.behalf_key = c.on_behalf_of.lower() if c.on_behalf_of else None
        self.entity_set, self.api_set = frozenset(c.entities), frozenset(c.apis)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(cues()["stopwords"])


_LINK = prefiltered(re.compile(r"<?https?://\S+", re.IGNORECASE))  # HTTPS://… too, as the entity table reads it


WORD = re.compile(r"[a-z][a-z0-9-]{2,}")


def _word_pieces(text: str) -> Iterator[str]:
    """The pieces of a text whose ``WORD`` matches are its content words (with the stopwords): links left out."""
    return pieces_at_space(_LINK.sub(" ", text))  # a link is an anchor of its own (entities), not words


@lru_cache(maxsize=4096)  # a paragraph is the context of each of its claims; a claim text is read twice
def stem_set(text: str) -> frozenset[str]:
    """The stems of a text's content words (shared: not copied for each claim)."""
    stop = _stopwords()
    alias = cues()["stem_aliases"]
    stems = {w[:5] for piece in _word_pieces(text) for w in WORD.findall(piece.lower()) if w not in stop}
    return frozenset(map(alias.get, stems, stems))  # a stem's alias, else the stem


# ``WORD`` as written: the same words for ASCII text (what ``WORD`` reads of the lower-cased text), found in C
_WRITTEN = re.compile(r"[A-Za-z][A-Za-z0-9-]{2,}")


@lru_cache(maxsize=4096)  # read only when a pair's evidence is read, once per claim text or paragraph
def surface_forms(text: str) -> dict[str, str]:
    """Each stem of ``stem_set(text)`` -> the first word of the text it stands for, as written ("downl" ->
    "download", "api" -> "API"). A stem whose word is written with a letter that lower-cases to ASCII (the Kelvin
    sign) has none: the evidence names the stem."""
    stop = _stopwords()
    alias = cues()["stem_aliases"]
    out: dict[str, str] = {}
    for piece in _word_pieces(text):
        for written in _WRITTEN.findall(piece):
            w = written.lower()
            if w not in stop:
                out.setdefault(alias.get(w[:5], w[:5]), written)
    return out


def listed_words(rule: str, stems: set[str] | frozenset[str], most: int, text: str, more: str = "") -> str:
    """Evidence naming shared stems as ``text`` writes them (the first ``most`` stems in sorted order, each as its
    first word in the text, else in ``more``: a list head's words hold its items'): "shared words: download,
    format", not "downl, forma"."""
    shown = sorted(stems)[:most]
    words = surface_forms(text)
    if more and not all(s in words for s in shown):
        words = {**surface_forms(more), **words}
    return f"{rule}: {', '.join(words.get(s, s) for s in shown)}"


_SECTION = re.compile(r"\b(\d+\.\d+(?:\.\d+)+)(?:[ ,]*(?:\(|point\s*|item\s*|#\s*)(\d+)\)?)?", re.IGNORECASE)
# what every section number holds ("4.9.1" holds "9.1"): a text without it has none. A pattern that opens with a
# character class is scanned for that class in C; ``_SECTION`` opens with ``\b`` and is tried at every place
_SECTION_HINT = re.compile(r"\d\.\d")


def anchors(claim: Claim) -> tuple[set[str], set[str]]:
    sections, items = set(), set()
    for cid in claim.citations:
        parts = cid.split(":")
        if len(parts) >= 2:
            sections.add(parts[1])
            if len(parts) >= 3:
                items.add(f"{parts[1]}:{parts[2]}")
    for m in _SECTION.finditer(claim.text) if _SECTION_HINT.search(claim.text) else ():
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
    rx = line_pattern(pattern)
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
    pattern, not once per claim (the lines searched in one C loop; starts counted for the matching lines only)."""
    rx = cue_pattern(pattern)
    if isinstance(rx, FilteredRegex) and not rx.may_match(text):
        return [], []  # the text holds no word (or digit) every match holds: no line does
    lines = _lines(text)
    found = list(map(line_pattern(pattern).search, lines))
    at = list(compress(count(), found))
    if not at:
        return [], []
    starts, pos, done = [], 0, 0
    for i in at:
        pos += sum(map(len, lines[done:i])) + i - done  # each line and its line break
        done = i
        starts.append(pos)
    return starts, [m for m in (found[i] for i in at) if m is not None]  # (all are: ``at`` holds the matches)


@lru_cache(maxsize=None)
def line_pattern(pattern: str) -> re.Pattern:
    """A cue pattern as it is read on one line (a string without a line break: ``_heading_before``,
    ``_line_matches``): compiled without ``re.MULTILINE``. On such a string that flag changes nothing (``^`` and
    ``$`` match at its ends only either way), but without it ``re`` tries a pattern that opens with ``^`` at the
    start of the line only, not at every place of it (then fails at each)."""
    rx = cue_pattern(pattern)
    return tables.compile("link_cues.json", "a heading pattern read line by line", rx.pattern, rx.flags & ~re.MULTILINE)


@lru_cache(maxsize=4)  # the three heading patterns read the same message text
def _lines(text: str) -> list[str]:
    return text.split("\n")


def features(claim: Claim, msg: Message, extra_context: str = "", text: str | None = None) -> Features:
    """``text``: ``msg.text`` when the caller has it (it is joined from the message's lines on each read)."""
    table = cues()
    text = msg.text if text is None else text
    sections, items = anchors(claim)
    number = heading_no = None
    m = _heading_before(text, claim.start + 1, table["numbered_heading"])
    if m:
        number = heading_no = int(m.group(1))
    else:
        m = _heading_before(text, claim.start + 1, table["numbered_item"])
        number = int(m.group(1)) if m else None
    head = _heading_before(text, claim.start, table["heading_line"])
    who = cue_pattern(table["addressee_heading"]).search(head.group(0)) if head else None
    greeted = None if who else greeting_addressee(text)
    addressee = who.group(1) if who else greeted
    lines = (claim.span.line - 1, claim.span.line_end - 1) if claim.span else None
    context = _paragraph(text, claim.start, claim.end) + " " + extra_context
    figures = list(cue_pattern(table["figure"]).finditer(claim.text))
    return Features(claim, stem_set(claim.text), stem_set(context),
                    sections, items, {m.group(0) for m in figures}, number, heading_no,
                    addressee, lines, greeted is not None, context_text=context,
                    measures=figure_measures(claim.text, figures) if figures else {})


@lru_cache(maxsize=1)
def _measure_table() -> dict:
    """``figure_measure`` of the cue table, its patterns compiled (by the loader), read once per process."""
    return tables.patterns("link_cues.json")["figure_measure"]


# how far past a figure its noun is looked for: a sum of a few terms and three modifiers ("1963 + 6 certs", "1,000 of
# the affected certificates") stand well within it
MEASURE_REACH = 120


def figure_measures(text: str, figures: list[re.Match]) -> dict[str, dict[str, str]]:
    """What each figure of ``text`` counts (``figure_measure``): the stem of the noun written after it -> {figure:
    "figure noun" as written}. A figure after an identifier's label ("Ballot 185", "line 119"), with no noun after
    it, or whose next word is a stopword counts nothing (left out): two figures compete only when they measure the
    same thing ("400 certificates" vs "500 certificates", not "398 days" vs "Ballot 185")."""
    table = _measure_table()
    stop = _stopwords()
    out: dict[str, dict[str, str]] = {}
    for m in figures:
        if table["label_before"].search(text, max(0, m.start() - 40), m.start()):
            continue
        # read at most MEASURE_REACH characters past the figure: a sum ("400 + 400 + … certificates") is read from
        # each of its figures, so an unbounded read is quadratic in a long one (10,000 figures: 29 s)
        end = min(len(text), m.end() + MEASURE_REACH)
        after = table["after"].match(text, m.end(), end)
        if after is None or (after.end() == end < len(text) and text[end].isalpha()):  # a noun the reach cut
            continue
        noun = after.group("noun")
        word = noun.lower()
        if word in stop:
            continue
        stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
        stem = table["aliases"].get(stem[:5], stem[:5])
        out.setdefault(stem, {})[m.group(0)] = " ".join(text[m.start():after.end()].split())  # as written
    return out


@lru_cache(maxsize=1)
def _not_prose_table() -> dict:
    """``not_prose`` of the cue table with its patterns compiled (by the loader); the line patterns with their
    literal prefilter (most messages hold no fence, no '|', no link: not scanned)."""
    table = tables.patterns("link_cues.json")["not_prose"]
    table["fence"] = FilteredRegex.of(table["fence"])
    for row in table["lines"]:
        row["pattern"] = FilteredRegex.of(row["pattern"])
    return table


@lru_cache(maxsize=64)  # read for each claim of a message: once per message text
def not_prose_lines(text: str) -> tuple[tuple[int, int, str], ...]:
    """[start, end) of each line of a message's text that is not the writer's prose, with its shape
    (``cues()["not_prose"]``, patterns read at line starts): the lines of a fenced block ("code block"; a fence never
    closed stands for its own line only, what follows stays prose; the lines of a suggested change are the
    writer's), table rows, footnote link lists."""
    rx = _not_prose_table()
    found: dict[int, str] = {}  # line start -> shape (the patterns scan the whole text: they match at line starts)
    fences = [m.start() for m in rx["fence"].finditer(text)]
    for a, b in zip(fences[::2], fences[1::2], strict=False):  # opening and closing fence; one never closed: alone
        found[a] = found[b] = "code block"
        if not rx["own_words_fence"].match(text, a):
            start = text.find("\n", a) + 1
            while start < b:
                found[start] = "code block"
                start = text.find("\n", start) + 1
    if len(fences) % 2:
        found[fences[-1]] = "code block"
    for row in rx["lines"]:
        for m in row["pattern"].finditer(text):
            found.setdefault(m.start(), row["shape"])
    out = []
    for start in sorted(found):
        end = text.find("\n", start)
        out.append((start, len(text) if end < 0 else end, found[start]))
    return tuple(out)


def not_prose(claim: Claim, text: str) -> str | None:
    """Whether ``claim`` holds none of its writer's prose: the shape of the first line that is not prose
    (``not_prose_lines`` of its message's ``text``) when what the claim holds outside such lines has no letter
    ("no letters" when it stands in no such line: "---", "2024-09-16"; "+1" is prose), else None. A claim that
    runs from a code line into the writer's sentence is prose."""
    rx = _not_prose_table()
    shape, pos, rest = None, claim.start, []
    for s, e, line_shape in not_prose_lines(text):
        if e < claim.start or s >= claim.end:
            continue
        rest.append(text[pos:s])
        pos, shape = max(pos, e), shape or line_shape
    if shape is None:  # in no such line: its own text
        return None if rx["letter"].search(claim.text) or rx["letterless_ok"].match(claim.text) else "no letters"
    rest.append(text[pos:claim.end])
    return None if any(map(rx["letter"].search, rest)) else shape


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
    m = cue_pattern(cues()["greeting_addressee"]).match(first)
    return m.group(1) if m else None


class Candidate:
    """A target claim of a source claim: the rules' score and its evidence in words. Most candidate pairs are
    never shown: a part of the evidence may be kept as what writes it, ``(function, *arguments)`` (the shared
    words as a set, a rule's template and its values), and is written out when the evidence is first read;
    formatting and sorting every pair's words was much of what a pair cost."""

    __slots__ = ("target", "score", "side", "overlap", "_evidence")

    def __init__(self, target: Claim, score: float = 0.0, evidence: list | None = None, side: str | None = None,
                 overlap: tuple[frozenset[str], frozenset[str]] | None = None):
        self.target = target
        self.score = score
        self._evidence: list = [] if evidence is None else evidence
        self.side = side  # ``same_side`` of the pair, read once
        # the content words the two claims share, and the words their contexts share besides those (``Scoring.score``
        # finds them; the learner's features read them while the pair is described)
        self.overlap = overlap

    @property
    def evidence(self) -> list[str]:
        parts = self._evidence
        for i, part in enumerate(parts):
            if part.__class__ is tuple:  # kept as what writes it: written now, once
                parts[i] = part[0](*part[1:])
        return parts

    def add(self, weight: float, rule: str, detail: str) -> None:
        self.score += weight
        self._evidence.append(f"{rule}: {detail}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Candidate)
        return (self.target, self.score, self.evidence) == (other.target, other.score, other.evidence)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value (as the dataclass it was)

    def __repr__(self) -> str:
        return f"Candidate(target={self.target!r}, score={self.score!r}, evidence={self.evidence!r})"


def listed(rule: str, words: set[str] | frozenset[str], most: int | None = None) -> str:
    """A part of a candidate's evidence naming a set (sorted; the first ``most``): "shared words: delay, revoc"."""
    return f"{rule}: {', '.join(sorted(words)[:most])}"


def descends(by_key: dict[str, Message], m: Message, ancestor: str) -> bool:
    """Whether ``m`` is a reply (at any depth) to the message keyed ``ancestor``."""
    seen, parent = set(), m.in_reply_to
    while parent and parent in by_key and parent not in seen:
        if parent == ancestor:
            return True
        seen.add(parent)
        parent = by_key[parent].in_reply_to
    return False


def comparable_dates(a, b) -> bool:
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


def by_key(thread) -> dict[str, Message]:
    """The thread's messages by key (made once per thread, remade when its messages change)."""
    cache = thread.__dict__.setdefault("_by_key_cache", {})
    if len(cache) != len(thread.messages):
        cache.clear()
        cache.update({m.key: m for m in thread.messages})
    return cache


def first_places(thread) -> dict[str, int]:
    """Message key -> the place of its first message in the thread (on a tie the earlier message wins)."""
    out: dict[str, int] = {}
    for i, m in enumerate(thread.messages):
        out.setdefault(m.key, i)
    return out


def message_text(thread, msg: Message) -> str:
    """``msg.text`` (joined from its lines on each read) once per message of the thread: remade when the message's
    list of lines is another or has another length."""
    cache = thread.__dict__.setdefault("_text_cache", {})
    hit = cache.get(id(msg))
    if hit is None or hit[0] is not msg or hit[1] is not msg.lines or hit[2] != len(msg.lines):
        hit = cache[id(msg)] = (msg, msg.lines, len(msg.lines), msg.text)
    return hit[3]


def index_of(thread, msg: Message) -> int:
    """``thread.messages.index(msg)`` from a map made once per thread (``list.index`` compares the messages
    before it field by field): the place of the first message equal to ``msg``."""
    messages = thread.messages
    cache = thread.__dict__.get("_index_cache")
    hit = cache.get(id(msg)) if cache is not None else None
    if hit is None or hit[0] >= len(messages) or messages[hit[0]] is not msg:
        cache = thread.__dict__["_index_cache"] = _first_equal(messages)
        hit = cache.get(id(msg))
        if hit is None:  # not one of the thread's message objects: compared as list.index does
            return messages.index(msg)
    return hit[1]


def _first_equal(messages: list[Message]) -> dict[int, tuple[int, int]]:
    """id of each message -> (its place, the place of the first message equal to it: same key at least)."""
    out: dict[int, tuple[int, int]] = {}
    seen: dict[str, list[int]] = {}
    for i, m in enumerate(messages):
        same = seen.setdefault(m.key, [])
        out[id(m)] = (i, next((j for j in same if messages[j] == m), i))
        same.append(i)
    return out

