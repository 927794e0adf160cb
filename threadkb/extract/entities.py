"""API paths and other entities a reviewer looks for: URLs, bugs, crt.sh IDs, ballots, organisations, deadlines.

Tables are data: ``threadkb/data/entity_patterns.json`` (regex rows) and ``threadkb/data/orgs.json``
(known Web PKI organisations, aliases merged to one canonical name).

    find_apis("/open-api/v2/order/download-zip")  -> [ApiMatch(path="/open-api/v2/order/download-zip")]
    find_entities("within five days")              -> [EntityMatch(label="DEADLINE", norm="P5D")]
    ApiTagger / EntityTagger: spaCy components (factories "threadkb_apis", "threadkb_entities")
    collect_apis(doc) / collect(doc)               -> [ApiRef] / [Entity] with source spans
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Generic, TypeVar

from threadkb import tables
from threadkb.extract.citations import RangeSet
from threadkb.extract.docs import cached, doc_key, doc_text
from threadkb.models import ApiRef, Entity, SourceSpan
from threadkb.prefilter import FilteredRegex, LiteralGate, fold

API_KEY, ENTITY_KEY = "apis", "entities"
_SPACES = re.compile(r"\s+")


@dataclass
class ApiMatch:
    start: int
    end: int
    path: str
    rule: str = "api_path"


@dataclass
class EntityMatch:
    start: int
    end: int
    label: str
    text: str
    norm: str
    rule: str


@dataclass
class EntityTable:
    """The entity and API table ``threadkb/data/<name>`` (its patterns compiled by the loader, ``{MACRO}``s
    expanded) and the organisation table ``threadkb/data/<orgs>``."""

    name: str = "entity_patterns.json"
    orgs_name: str = "orgs.json"

    def __post_init__(self) -> None:
        d = tables.load(self.name)
        p = tables.patterns(self.name)
        self.data = d
        api = p["api"]
        self.api_path = FilteredRegex.of(api["path"])
        self.api_cue = api["cue"]
        self.api_min_segments = api["min_segments_without_cue"]
        self.api_file = api["file_extension"]  # case-insensitive (its schema's "x-flags")
        self.api_system = tuple(api["system_prefixes"])
        self.api_call = FilteredRegex.of(api["http_call"])  # "POST https://host/v2/order": a URL with its method
        self.rows = [(r["label"], f"{r['label'].lower()}_{i}", FilteredRegex.of(r["regex"]))
                     for i, r in enumerate(p["entities"])]
        self.url_rows = [(r["label"], r["regex"]) for r in p["entity_urls"]]
        self.url = next(rx.regex for label, _, rx in self.rows if label == "URL")
        self.number_words = d["number_words"]
        self.iso_units = d["iso_units"]
        self.org_suffix = FilteredRegex.of(p["org_suffix"])
        alias_to_name = {}
        self.orgs = tables.load(self.orgs_name)
        for org in self.orgs["orgs"]:
            for alias in org["aliases"]:
                alias_to_name[alias] = org["name"]
        self.alias_to_name = alias_to_name
        alts = "|".join(re.escape(a) for a in sorted(alias_to_name, key=len, reverse=True))
        self.org_alias = FilteredRegex.of(tables.compile(self.orgs_name, "orgs[].aliases",
                                                         rf"(?<![\w/.-])(?P<alias>{alts})(?:'s|’s)?(?![\w-])"))
        # the prefilters of the rows, org_alias and org_suffix, answered in one pass
        self.gate = LiteralGate([rx.prefilter for _, _, rx in self.rows] + [self.org_alias.prefilter,
                                                                             self.org_suffix.prefilter])


PATTERNS_FILE, ORGS_FILE = "entity_patterns.json", "orgs.json"


@lru_cache(maxsize=4)
def get_table(patterns: str = PATTERNS_FILE, orgs: str = ORGS_FILE) -> EntityTable:
    """The compiled entity and API table of ``threadkb/data/<patterns>`` and ``<orgs>`` (shipped by default)."""
    return EntityTable(patterns, orgs)


# --------------------------------------------------------------------------- APIs


def find_apis(text: str, table: EntityTable | None = None) -> list[ApiMatch]:
    """HTTP API paths named in ``text``: not URL paths, not file paths, not every slash-word."""
    table = table or get_table()
    urls = RangeSet(m.span() for m in table.url.finditer(text))
    folded = fold(text)
    out = [ApiMatch(m.start("path"), m.end("path"), m.group("path")) for m in table.api_call.finditer(text, folded=folded)]
    for m in table.api_path.finditer(text, folded=folded):
        path = m.group("path")
        if urls.contains(m.start()) or table.api_file.search(path):
            continue
        if path.startswith(table.api_system):
            continue
        segments = [s for s in path.split("/") if s]
        if not any(table.api_cue.match(s) for s in segments) and len(segments) < table.api_min_segments:
            continue
        out.append(ApiMatch(m.start("path"), m.end("path"), path))
    return out


# --------------------------------------------------------------------------- entities


def _number(table: EntityTable, token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return table.number_words.get(token.lower())


def _duration_norm(table: EntityTable, num: str, unit: str) -> str | None:
    n = _number(table, num)
    template = table.iso_units.get(unit.lower())
    return template.format(n=n) if n is not None and template else None


def _date_norm(text: str) -> str:
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(text, default=datetime(2000, 1, 1)).date().isoformat()
    except (ValueError, OverflowError):
        return text


def _entity(label: str, rule: str, m: re.Match, table: EntityTable) -> list[EntityMatch]:
    g = m.groupdict()
    text = m.group(0)
    if label == "URL":
        out = [EntityMatch(m.start(), m.end(), "URL", text, _url_norm(text), rule)]
        for sub_label, rx in table.url_rows:
            s = rx.search(text)
            if not s:
                continue
            sg = s.groupdict()
            if sub_label == "CRTSH":
                norm = f"{sg['key']}={sg['value']}"
            else:
                norm = sg["n"] + (f"#c{sg['comment']}" if sg.get("comment") else "")
            out.append(EntityMatch(m.start(), m.end(), sub_label, text, norm, f"{rule}:{sub_label.lower()}"))
        return out
    if label == "BUG":
        return [EntityMatch(m.start(), m.end(), label, text, g["n"], rule)]
    if label == "BALLOT":
        prefix = g.get("prefix")
        norm = f"{prefix}-{int(g['n']):03d}" if prefix else f"Ballot {int(g['n'])}"
        return [EntityMatch(m.start(), m.end(), label, text, norm, rule)]
    if label == "DEADLINE":
        if g.get("date"):
            norm = _date_norm(g["date"])
        else:
            norm = _duration_norm(table, g["num"], g["unit"]) or text
        return [EntityMatch(m.start(), m.end(), label, text, norm, rule)]
    if label == "DURATION":
        duration = _duration_norm(table, g["num"], g["unit"])
        return [EntityMatch(m.start(), m.end(), label, text, duration, rule)] if duration else []
    return [EntityMatch(m.start(), m.end(), label, text, text, rule)]


_SCHEME_HOST = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*")


def _url_norm(url: str) -> str:
    """A URL with its scheme and host in lower case (both are case-insensitive: "HTTPS://Crt.sh/?id=1" is
    "https://crt.sh/?id=1"); its path and query as written."""
    return _SCHEME_HOST.sub(lambda m: m.group(0).lower(), url, count=1)


def _disjoint(ranges) -> list[tuple[int, int]]:
    """Sorted ranges with those starting inside an earlier one dropped (RangeSet needs disjoint ranges)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if not out or lo >= out[-1][1]:
            out.append((lo, hi))
    return out


def find_entities(text: str, table: EntityTable | None = None) -> list[EntityMatch]:
    """URLs (with crt.sh / Bugzilla IDs), bugs, ballots, organisations, deadlines and durations."""
    table = table or get_table()
    out: list[EntityMatch] = []
    folded = fold(text)  # once per text: the literal prefilters of the patterns read it
    urls = RangeSet(m.span() for m in table.url.finditer(text))
    *rows_ok, alias_ok, suffix_ok = table.gate.passes(text, folded)
    for (label, rule, rx), ok in zip(table.rows, rows_ok, strict=True):
        if not ok:
            continue
        found: RangeSet | None = None  # built at this row's first match
        for m in rx.regex.finditer(text):
            if label != "URL":  # "bug #1883843": one bug, two rows -> keep the first row's match
                if found is None:
                    found = RangeSet(_disjoint((e.start, e.end) for e in out if e.label == label))
                if urls.contains(m.start()) or found.contains(m.start()):
                    continue
            out.extend(_entity(label, rule, m, table))
    # a deadline contains its duration ("within five days"): keep only the deadline
    deadlines = RangeSet(_disjoint((e.start, e.end) for e in out if e.label == "DEADLINE"))
    out = [e for e in out if e.label != "DURATION" or not deadlines.contains(e.start)]
    orgs = []
    for m in table.org_alias.regex.finditer(text) if alias_ok else ():
        if not urls.contains(m.start()):
            orgs.append(EntityMatch(m.start(), m.end(), "ORG", m.group(0), table.alias_to_name[m.group("alias")],
                                    "org_alias"))
    known = RangeSet((o.start, o.end) for o in orgs)
    for m in table.org_suffix.regex.finditer(text) if suffix_ok else ():
        if urls.contains(m.start()) or known.contains(m.start()):
            continue
        orgs.append(EntityMatch(m.start(), m.end(), "ORG", m.group(0), _SPACES.sub(" ", m.group(0)).strip(),
                                "org_suffix"))
    return sorted(out + orgs, key=lambda e: e.start)  # stable: a URL before the IDs taken from it


# --------------------------------------------------------------------------- spaCy components


M = TypeVar("M", "ApiMatch", "EntityMatch")


class _Tagger(Generic[M]):
    """What the API and entity taggers share: the tables they read, named by their spaCy config, and the
    component's call (its finder's matches on the Doc's text, once per Doc content, then set on the Doc)."""

    default_name = ""

    def __call__(self, doc):
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc) -> list[M]:
        return cached(doc, self.cache_name, doc_key(doc), lambda: self.find(doc_text(doc), self.table))

    def find(self, text: str, table: EntityTable) -> list[M]:
        raise NotImplementedError

    def set_annotations(self, doc, matches: list[M]) -> None:
        raise NotImplementedError

    def __init__(self, nlp=None, name: str | None = None, *, table: str = PATTERNS_FILE, orgs: str = ORGS_FILE):
        self.name = name or self.default_name
        self._read(table, orgs)

    def initialize(self, get_examples=None, *, nlp=None, table: str | None = None, orgs: str | None = None) -> None:
        """Read the pattern and organisation tables again when ``[initialize.components]`` names others."""
        if table is not None or orgs is not None:
            self._read(table or self.table_names[0], orgs or self.table_names[1])

    def _read(self, table: str, orgs: str) -> None:
        self.table_names = (table, orgs)
        self.table = get_table(table, orgs)
        self.cache_name = f"{self.name}:{table}:{orgs}"  # results of another table are other results


class ApiTagger(_Tagger[ApiMatch]):
    """spaCy component (factory ``threadkb_apis``): API paths -> ``doc.spans["apis"]`` (label "API")."""

    default_name = "threadkb_apis"

    def find(self, text: str, table: EntityTable) -> list[ApiMatch]:
        return find_apis(text, table)

    def set_annotations(self, doc, matches: list[ApiMatch]) -> None:
        spans = []
        for a in matches:
            span = doc.char_span(a.start, a.end, label="API", alignment_mode="expand")
            if span is not None:
                span.id_ = a.path
                span._.api = a
                spans.append(span)
        doc.spans[API_KEY] = spans


class EntityTagger(_Tagger[EntityMatch]):
    """spaCy component (factory ``threadkb_entities``): entities -> ``doc.spans["entities"]`` (label = kind)."""

    default_name = "threadkb_entities"

    def find(self, text: str, table: EntityTable) -> list[EntityMatch]:
        return find_entities(text, table)

    def set_annotations(self, doc, matches: list[EntityMatch]) -> None:
        spans = []
        for e in matches:
            span = doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
            if span is not None:
                span.id_ = f"{e.label}:{e.norm}"
                span._.entity = e  # several entities on one URL share offsets: keep the list in user_data
                spans.append(span)
        doc.spans[ENTITY_KEY] = spans
        doc.user_data["threadkb_entities"] = matches


# --------------------------------------------------------------------------- collect


def _where(doc, start: int, end: int) -> SourceSpan | None:
    msg, dq = doc.user_data.get("message"), doc.user_data.get("document_quote")
    if msg is None:
        return None
    if dq is not None:
        return SourceSpan(msg.source, dq.lines[0] + 1, max(dq.lines[0] + 1, dq.lines[1]))
    return msg.locate(start, end) if msg.lines else None


def collect_apis(doc) -> list[ApiRef]:
    """The API paths of one Doc as dataclasses (one per path and message)."""
    msg = doc.user_data.get("message")
    key = msg.key if msg is not None else ""
    seen, out = set(), []
    for span in doc.spans.get(API_KEY, []):
        a: ApiMatch = span._.api
        if a is None or a.path in seen:
            continue
        seen.add(a.path)
        out.append(ApiRef(message=key, path=a.path, span=_where(doc, a.start, a.end), start=a.start, end=a.end))
    return out


def collect(doc) -> list[Entity]:
    """The entities of one Doc as dataclasses, variants merged (one per label, norm and message)."""
    msg = doc.user_data.get("message")
    key = msg.key if msg is not None else ""
    matches = doc.user_data.get("threadkb_entities")
    if matches is None:
        matches = [s._.entity for s in doc.spans.get(ENTITY_KEY, []) if s._.entity is not None]
    seen, out = set(), []
    for e in matches:
        if (e.label, e.norm) in seen:
            continue
        seen.add((e.label, e.norm))
        out.append(Entity(message=key, label=e.label, text=e.text, norm=e.norm,
                          span=_where(doc, e.start, e.end), start=e.start, end=e.end))
    return out
