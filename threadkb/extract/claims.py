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

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from threadkb.models import Claim, ClaimKind, Extraction, Message
from threadkb.extract.docs import doc_text

SPAN_KEY = "claims"


@lru_cache(maxsize=1)
def cues() -> dict:
    """The cue table (``threadkb/data/claim_cues.json``)."""
    return json.loads(resources.files("threadkb.data").joinpath("claim_cues.json").read_text("utf-8"))


# --------------------------------------------------------------------------- patterns


def _flags(rule: dict) -> int:
    return 0 if rule.get("case_sensitive") else re.IGNORECASE


@lru_cache(maxsize=256)
def _self_re(orgs: tuple[str, ...]) -> str:
    alt = "|".join(re.escape(o) for o in sorted(orgs, key=len, reverse=True)) or r"(?!x)x"
    return cues()["self"].replace("{ORGS}", alt)


@lru_cache(maxsize=4096)
def _compile(pattern: str, flags: int, orgs: tuple[str, ...]) -> re.Pattern:
    return re.compile(pattern.replace("{SELF}", _self_re(orgs)), flags)


def _search(rule: dict, text: str, orgs: tuple[str, ...] = ()) -> re.Match | None:
    return _compile(rule["pattern"], _flags(rule), orgs).search(text)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


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
    text = _norm(text)
    words = len(text.split())
    for rule in table["skip"]:
        if _search(rule, text, orgs):
            return Verdict(None, f"skip: {rule['cue']}", float("-inf"))
    if words < table["min_words"] and not text.endswith("?") and not re.match(table["short_ok"], text, re.IGNORECASE):
        return Verdict(None, "skip: too short", float("-inf"))
    kind, kind_cue, score = ClaimKind.ASSERTION, "", 0.0
    full, text = text, unquoted(text)  # words the speaker quotes ("BR 4.9.1.1 (5) states: “…”") do not decide the kind
    fault = re.search(table["fault_words"], text, re.IGNORECASE)
    own = own_report or _compile(r"\b{SELF}\b", re.IGNORECASE, orgs).search(text)
    for name in table["kind_order"]:
        for rule in table["kinds"][name]:
            if rule.get("needs_fault") and not fault or rule.get("needs_own") and not own:
                continue
            if _search(rule, text, orgs):
                kind, kind_cue, score = ClaimKind(name), rule["cue"], rule["weight"]
                break
        if kind_cue:
            break
    stance = [r["cue"] for r in table["stance"] if _search(r, text, orgs)]
    score += sum(r["weight"] for r in table["stance"] if r["cue"] in stance)
    feat = table["features"]
    figure = bool(re.search(table["figure_pattern"], full, re.IGNORECASE))
    if not citations and re.search(table["section_pattern"], full):
        citations = 1
    score += feat["citation"] * min(citations, 1) + feat["figure"] * figure + feat["entity"] * min(entities, 1)
    score += feat["api"] * min(apis, 1) + feat["list_item"] * list_item
    if words > table["max_words"]:
        score += feat["long"]
    parts = [f"{kind.value}: {kind_cue}"] if kind_cue else []
    parts += stance + (["citation"] if citations else []) + (["figure"] if figure else [])
    return Verdict(kind, "; ".join(parts) or "assertion", round(score, 2), stance)


def unquoted(text: str) -> str:
    """The sentence with passages it quotes ("…" of at least ``reported.min_words`` words) replaced by “…”."""
    n = cues()["reported"]["min_words"]
    return re.sub(r"[\"“]([^\"“”]+)[\"”]", lambda m: "“…”" if len(m.group(1).split()) >= n else m.group(0), text)


# --------------------------------------------------------------------------- segment


@dataclass
class Unit:
    """A sentence-like piece of a message's own text: [start, end) character offsets."""

    start: int
    end: int
    text: str
    list_item: bool = False


_LIST = re.compile(r"^\s*(?:[-*•·]\s*|\d+(?:\.\d+)*[.)]\s*|\d+(?:\.\d+)+\s+|\(\w{1,3}\)\s+|[a-z][.)]\s+)(?=\S)")
_END = re.compile(r"[.!?:;]['\"”’)]*\s*$")


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
        para_start = bool(heading) or bool(re.search(r"[.!?]['\"”’)]*\s*$", s))
    return breaks, items


def segment(doc: Doc) -> list[Unit]:
    """Sentences of the doc, also cut at the hard breaks of mail text (blank lines, list items, headings)."""
    text = doc_text(doc)
    breaks, items = _line_breaks(text)
    cuts = set(breaks)
    if doc.has_annotation("SENT_START"):
        cuts.update(s.start_char for s in doc.sents)
    else:
        cuts.update(m.end() for m in re.finditer(r"[.!?]['\"”’)]*\s+(?=[A-Z\"“(])", text))
    cuts.update((0, len(text)))
    ordered = sorted(c for c in cuts if 0 <= c <= len(text))
    units = []
    for a, b in zip(ordered, ordered[1:]):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        s, e = a + lead, a + len(piece.rstrip())
        if e > s:
            line_start = text.rfind("\n", 0, s) + 1
            units.append(Unit(s, e, text[s:e], list_item=line_start in items and not text[line_start:s].strip()))
    return units


# --------------------------------------------------------------------------- prose quotes


@dataclass
class ProseQuote:
    """A passage the speaker quotes in their own text between quotation marks, and whose words it is."""

    start: int
    end: int
    speaker: str | None  # the third party the intro names, or None (policy text, unnamed)
    intro: str


_OPEN = "\"“”"


def prose_quotes(text: str) -> list[ProseQuote]:
    """Quoted passages that start a line: "…" spanning at least ``reported.min_words`` words, or a
    paragraph kept in own text behind a quote marker ("*>These API were authorized…*")."""
    out: list[ProseQuote] = []
    intro_re = re.compile(cues()["reported"]["intro"])
    pos = 0
    for m in re.finditer(r"(?m)^[ \t]*([\"“])", text):
        start = m.start(1)
        if start < pos:
            continue
        close = None
        for c in re.finditer(r"[\"”](?=\s|$|[.,;:)])", text[start + 1:]):
            if c.start() > 0 and not text[start + c.start()].isspace():
                close = start + 1 + c.end()
                break
        if close is None:
            continue
        body = text[start:close]
        if len(body.split()) < cues()["reported"]["min_words"]:
            continue
        before = text[:start].rstrip("\n ")
        intro = before[before.rfind("\n") + 1:].strip()
        who = intro_re.search(intro)
        speaker = next((g for g in who.groups() if g), None) if who else None
        out.append(ProseQuote(start, close, speaker, intro))
        pos = close
    for m in re.finditer(r"(?m)^[ \t]*\*?>[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*", text):  # "*>quoted*" kept in own text
        if not any(q.start <= m.start() < q.end for q in out):
            out.append(ProseQuote(m.start(), m.end(), None, "quote marker in own text"))
    return sorted(out, key=lambda q: q.start)


# --------------------------------------------------------------------------- speaker side


def is_incident_report(text: str) -> bool:
    """Whether a message is an incident report ("Full Incident Report" heading, or the old template's
    "1. How your CA first became aware …"): the CA writing about itself."""
    return bool(re.search(cues()["own_report"], text, re.IGNORECASE | re.MULTILINE))


def speaker_orgs(text: str) -> tuple[str, ...]:
    """Organisations the text speaks for: "SHECA believes", "we at Entrust", "on behalf of Mozilla"."""
    found: list[str] = []
    for rule in cues()["on_behalf_of"]["sentence"]:
        for m in _compile(rule["pattern"], _flags(rule), ()).finditer(text):
            org = re.sub(r"^the\s+", "", m.group(rule["group"]), flags=re.IGNORECASE).strip()
            if org and org not in found:
                found.append(org)
    return tuple(found)


def personas(text: str) -> list[tuple[int, str | None, str]]:
    """Persona switches in a text: (offset, organisation or None for "personally speaking", cue)."""
    out = []
    for rule in cues()["on_behalf_of"]["persona"]:
        for m in _compile(rule["pattern"], _flags(rule), ()).finditer(text):
            org = m.group(rule["group"]).strip() if rule["group"] else None
            out.append((m.start(), org, rule["cue"]))
    return sorted(out, key=lambda t: t[0])


def on_behalf_of(text: str, offset: int, message_text: str) -> tuple[str | None, str]:
    """Who a sentence speaks for: its own "SHECA believes…" / "we at X", else the persona in force."""
    for rule in cues()["on_behalf_of"]["sentence"]:
        m = _compile(rule["pattern"], _flags(rule), ()).search(text)
        if m:
            return re.sub(r"^the\s+", "", m.group(rule["group"]), flags=re.IGNORECASE).strip(), rule["cue"]
    current: tuple[str | None, str] = (None, "")
    for pos, org, cue in personas(message_text):
        if pos <= offset:
            current = (org, cue)
    return current


# --------------------------------------------------------------------------- deadline


def deadline(text: str, when: datetime | date | None) -> tuple[datetime | date | None, str | None]:
    """The deadline a sentence gives, computed from the message date: "within five days", "by March 29, 2024"."""
    table = cues()["deadline"]
    m = re.search(table["within"], text, re.IGNORECASE)
    if m:
        n_text, unit = m.group(1).lower(), m.group(2).lower()
        n = int(n_text) if n_text.isdigit() else table["numbers"].get(n_text, 1)
        if when is None:
            return None, m.group(0)
        if unit.startswith("hour"):
            if not isinstance(when, datetime):
                return when + timedelta(days=math.ceil(n / 24)), m.group(0)
            return when + timedelta(hours=n), m.group(0)
        days = {"d": n, "w": 7 * n, "m": 30 * n}[unit.split()[-1][0]]
        if unit.startswith(("business", "working")):
            d, left = when, n
            while left:
                d += timedelta(days=1)
                if d.weekday() < 5:
                    left -= 1
            return d, m.group(0)
        return when + timedelta(days=days), m.group(0)
    m = re.search(table["by_date"], text, re.IGNORECASE)
    if m:
        from dateutil import parser as dparser
        default = datetime(when.year, when.month, when.day) if when else datetime(2000, 1, 1)
        try:
            d = dparser.parse(m.group(1), default=default, fuzzy=True).date()
        except (ValueError, OverflowError):
            return None, m.group(0)
        return d, m.group(0)
    for word, days in table["relative"].items():
        m = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        if m:
            if when is None:
                return None, m.group(0)
            base = when.date() if isinstance(when, datetime) else when
            return base + timedelta(days=days), m.group(0)
    return None, None


# --------------------------------------------------------------------------- the component


def _same_point(a: str, b: str) -> bool:
    """Two sentences of one message that say the same thing ("will publish the list …" twice)."""
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= cues()["same_point"]


if not Span.has_extension("claim"):
    Span.set_extension("claim", default=None)


def _span_count(doc: Doc, key: str, start: int, end: int) -> int:
    if key not in doc.spans:
        return 0
    return sum(1 for s in doc.spans[key] if s.start_char >= start and s.end_char <= end)


class ClaimDetector:
    """spaCy component: marks claim sentences on ``doc.spans["claims"]`` (detection, then annotation)."""

    def __init__(self, nlp: Language, name: str = "threadkb_claims"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[tuple[Unit, Verdict, str | None]]:
        """The chosen claims of the doc: (unit, verdict, reported speaker or None)."""
        text = doc_text(doc)
        msg: Message | None = doc.user_data.get("message") if doc.user_data else None
        orgs = speaker_orgs(text) + ((msg.on_behalf_of,) if msg is not None and msg.on_behalf_of else ())
        quotes = prose_quotes(text)
        own, reported = [], []
        table = cues()
        premise = table["premise_bonus"]
        units = segment(doc)
        report = is_incident_report(text)
        verdicts = [classify(u.text, orgs, citations=_span_count(doc, "citations", u.start, u.end),
                             entities=_span_count(doc, "entities", u.start, u.end),
                             apis=_span_count(doc, "apis", u.start, u.end), list_item=u.list_item,
                             own_report=report)
                    for u in units]
        for i, v in enumerate(verdicts[:-1]):  # the sentence a "Therefore, …" concludes from
            if v.kind is not None and re.search(premise["pattern"], units[i + 1].text, re.IGNORECASE):
                v.score += premise["weight"]
                v.cue += f"; {premise['cue']}"
        for u, v in zip(units, verdicts):
            q = next((q for q in quotes if q.start <= u.start < q.end), None)
            if q is None:
                own.append((u, v, None))
            elif q.speaker and v.is_claim:
                reported.append((q, u, v))
        words = len(text.split())
        budget = max(table["min_budget"], int(words * table["density"] + 0.5))
        chosen: list[tuple[Unit, Verdict, None]] = []
        for c in sorted((c for c in own if c[1].is_claim), key=lambda c: -c[1].score):
            if len(chosen) < budget and not any(_same_point(c[0].text, d[0].text) for d in chosen):
                chosen.append(c)
        best: dict[int, tuple] = {}
        for q, u, v in reported:  # one reported claim per quoted passage: its best sentence
            if q.start not in best or v.score > best[q.start][1].score:
                best[q.start] = (u, v, q.speaker)
        return sorted(chosen + list(best.values()), key=lambda c: c[0].start)

    def set_annotations(self, doc: Doc, found: list[tuple[Unit, Verdict, str | None]]) -> Doc:
        spans = []
        for unit, verdict, reported_by in found:
            span = doc.char_span(unit.start, unit.end, label=verdict.kind.value, alignment_mode="expand")
            if span is None:
                continue
            span._.claim = {"cue": verdict.cue, "score": verdict.score, "reported": reported_by,
                            "start": unit.start, "end": unit.end}
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("threadkb_claims")
def make_claim_detector(nlp: Language, name: str) -> ClaimDetector:
    return ClaimDetector(nlp, name)


# --------------------------------------------------------------------------- collect / finalize


def collect(doc: Doc) -> list[Claim]:
    """The claims of one message doc as ``Claim`` objects (ids are provisional until ``finalize``)."""
    msg: Message | None = doc.user_data.get("message")
    if msg is None or SPAN_KEY not in doc.spans:
        return []
    out = []
    full = doc_text(doc)  # Doc.text joins every token: once per Doc, not per claim
    for i, span in enumerate(doc.spans[SPAN_KEY]):
        info = span._.claim or {}
        start, end = info.get("start", span.start_char), info.get("end", span.end_char)
        text = full[start:end]
        kind = ClaimKind(span.label_)
        reported_by = info.get("reported")
        org, org_cue = on_behalf_of(text, start, full) if not reported_by else (None, "")
        cue = info.get("cue", "")
        if org_cue:
            cue += f"; on behalf of: {org_cue}"
        when, when_text = (None, None)
        if kind in (ClaimKind.COMMITMENT, ClaimKind.REQUEST, ClaimKind.ADMISSION):
            when, when_text = deadline(_norm(text), msg.date)  # a phrase may wrap over lines
        out.append(Claim(
            id=f"{msg.key}:c{i + 1}", message=msg.key, speaker=reported_by or msg.author, kind=kind,
            text=_norm(text), start=start, end=end, span=msg.locate(start, end) if msg.lines else None,
            on_behalf_of=org, deadline=when, deadline_text=when_text,
            cue=(f"reported speech of {reported_by}; " if reported_by else "") + cue,
            reported=bool(reported_by), score=info.get("score", 0.0)))
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
    for c in extraction.claims:
        counts[c.message] = counts.get(c.message, 0) + 1
        c.id = f"{c.message}:c{counts[c.message]}"
        if c.reported and c.speaker:
            full = [a for a in authors if _first_name(a) == _first_name(c.speaker)]
            if len(full) == 1:
                c.speaker = full[0]
        c.citations = sorted({x.id for x in extraction.citations
                              if x.message == c.message and not x.in_document_quote
                              and c.start <= x.start and x.end <= c.end})
        c.entities = sorted({e.norm for e in extraction.entities
                             if e.message == c.message and c.start <= e.start and e.end <= c.end})
        c.apis = sorted({a.path for a in extraction.apis
                         if a.message == c.message and c.start <= a.start and a.end <= c.end})
