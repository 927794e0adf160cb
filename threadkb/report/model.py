"""The review report as plain data: ``build_report(Extraction, as_of) -> Report``, one field per section.

No formatting here; ``html_page`` and ``markdown`` render a Report. Dates: every message date is shown
as an instant (UTC) and as the author's own clock; commitments get a due date (stated, or a duration in
the claim counted from its message date) and a status relative to ``as_of``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from dateutil.relativedelta import relativedelta

from threadkb.models import Citation, Claim, ClaimKind, Extraction, Message, Relation, RelationKind

UNKNOWN_SPEAKER = "(unknown speaker)"
# A speaker speaks for an organisation when at least this share of their own claims does ("SHECA believes").
ORG_CLAIM_SHARE = 0.25
# Claim kinds in the order a reviewer reads them, with their plural headings.
KIND_HEADINGS = {
    ClaimKind.ASSERTION: "Assertions",
    ClaimKind.DENIAL: "Denials",
    ClaimKind.ADMISSION: "Admissions",
    ClaimKind.COMMITMENT: "Commitments",
    ClaimKind.QUESTION: "Questions",
    ClaimKind.REQUEST: "Requests",
}
# ISO 8601 durations as the entity stage normalises them ("P5D", "PT24H", "P2W", "P1M").
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------------------- dates


def instant(d: datetime | date | None) -> datetime | None:
    """A sortable UTC instant: aware datetimes converted, naive ones taken as UTC, days at 00:00 UTC."""
    if d is None:
        return None
    if isinstance(d, datetime):
        return d.astimezone(timezone.utc) if d.tzinfo else d.replace(tzinfo=timezone.utc)
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)


def _offset(dt: datetime) -> str:
    off = dt.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(int(off.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def fmt_utc(d: datetime | date | None) -> str:
    """The instant in UTC ("2025-10-07 23:19:54 UTC"); a day stays a day; no zone is said so."""
    if d is None:
        return "no date"
    if isinstance(d, datetime):
        if d.tzinfo is None:
            return d.strftime("%Y-%m-%d %H:%M:%S") + " (zone unknown)"
        return d.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S") + " UTC"
    return d.isoformat()


def fmt_local(d: datetime | date | None) -> str:
    """The time as the author's own clock showed it ("2025-10-08 07:19:54 UTC+08:00")."""
    if d is None:
        return "no date"
    if isinstance(d, datetime):
        if d.tzinfo is None:
            return d.strftime("%Y-%m-%d %H:%M:%S") + " (zone unknown)"
        return d.strftime("%Y-%m-%d %H:%M:%S") + " " + _offset(d)
    return d.isoformat()


def parse_duration(norm: str) -> relativedelta | None:
    """An ISO 8601 duration ("P5D", "PT24H") as a relativedelta, or None."""
    m = _DURATION.match(norm or "")
    if not m or not any(m.groups()):
        return None
    y, mo, w, d, h, mi = (int(g) if g else 0 for g in m.groups())
    return relativedelta(years=y, months=mo, weeks=w, days=d, hours=h, minutes=mi)


# --------------------------------------------------------------------------- report model


@dataclass
class Participant:
    name: str
    organisations: list[str]
    messages: list[str]  # message keys, thread order


@dataclass
class TimelineEntry:
    message: Message
    reply_to: Message | None
    replies: list[Message]


@dataclass
class Edge:
    """One relation seen from the claim it points to: the other claim and the edge's evidence."""

    claim: Claim
    relation: Relation


@dataclass
class Dispute:
    claim: Claim
    rebuttals: list[Edge]
    supports: list[Edge]


@dataclass
class Commitment:
    claim: Claim
    due: datetime | date | None
    basis: str  # how the due date was obtained
    status: str  # "overdue by 3 days", "due in 2 days", "no deadline stated", ...
    overdue: bool = False


@dataclass
class SectionRow:
    """One cited (document, section, item) with everything the citations of it say."""

    document: str
    section: str
    item: str
    titles: list[str]
    versions: list[str]
    cited_by: list[tuple[str, str]]  # (speaker, message key), first-citation order
    flags: list[tuple[str, str]]  # (flag, message key)
    quoted_only: bool  # every citation of it is inside quoted policy text


@dataclass
class Report:
    extraction: Extraction
    as_of: date
    title: str
    participants: list[Participant]
    timeline: list[TimelineEntry]  # dated messages, by instant
    undated: list[TimelineEntry]  # thread order
    by_speaker: dict[str, dict[ClaimKind, list[Claim]]]
    disputes: list[Dispute]
    unanswered: list[Claim]
    commitments: list[Commitment]
    admissions: list[Claim]
    sections: list[SectionRow]
    messages: dict[str, Message] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)

    @property
    def date_range(self) -> tuple[datetime | date, datetime | date] | None:
        if not self.timeline:
            return None
        return self.timeline[0].message.date, self.timeline[-1].message.date

    def speaker(self, claim: Claim) -> str:
        return claim.speaker or UNKNOWN_SPEAKER

    def author(self, key: str | None) -> str:
        m = self.messages.get(key or "")
        return (m.author or UNKNOWN_SPEAKER) if m else UNKNOWN_SPEAKER

    def citations_of(self, claim: Claim) -> list[Citation | str]:
        """The Citation objects a claim relies on (its message's, by id); an id alone when not found."""
        found: list[Citation | str] = []
        own = [c for c in self.extraction.citations if c.message == claim.message]
        for cid in claim.citations:
            match = next((c for c in own if c.id == cid and not c.in_document_quote), None)
            match = match or next((c for c in own if c.id == cid), None)
            found.append(match or cid)
        return found


def _organisations(ex: Extraction) -> dict[str, list[str]]:
    orgs: dict[str, list[str]] = defaultdict(list)
    for m in ex.thread.messages:
        if m.author and m.on_behalf_of and m.on_behalf_of not in orgs[m.author]:
            orgs[m.author].append(m.on_behalf_of)
    own = [c for c in ex.claims if c.speaker and not c.reported]
    total = Counter(c.speaker for c in own)
    speaks_for = Counter((c.speaker, c.on_behalf_of) for c in own if c.on_behalf_of)
    for (speaker, org), n in speaks_for.items():
        # one stray "SHECA believes" quoted by a critic does not make the critic speak for SHECA
        if n / total[speaker] >= ORG_CLAIM_SHARE and org not in orgs[speaker]:
            orgs[speaker].append(org)
    return orgs


def _participants(ex: Extraction) -> list[Participant]:
    orgs = _organisations(ex)
    keys: dict[str, list[str]] = defaultdict(list)
    for m in ex.thread.messages:
        keys[m.author or UNKNOWN_SPEAKER].append(m.key)
    people = [Participant(name, orgs.get(name, []), ks) for name, ks in keys.items()]
    return sorted(people, key=lambda p: (-len(p.messages), p.name.casefold()))


def _timeline(ex: Extraction) -> tuple[list[TimelineEntry], list[TimelineEntry]]:
    by_key = {m.key: m for m in ex.thread.messages}
    replies: dict[str, list[Message]] = defaultdict(list)
    for m in ex.thread.messages:
        if m.in_reply_to in by_key:
            replies[m.in_reply_to].append(m)
    entries = [TimelineEntry(m, by_key.get(m.in_reply_to or ""), replies.get(m.key, [])) for m in ex.thread.messages]
    dated = [e for e in entries if e.message.date is not None]
    dated.sort(key=lambda e: instant(e.message.date))  # stable: ties keep thread order
    return dated, [e for e in entries if e.message.date is None]


def _disputes(ex: Extraction, claims: dict[str, Claim]) -> tuple[list[Dispute], list[Claim]]:
    incoming: dict[str, dict[RelationKind, list[Edge]]] = defaultdict(lambda: defaultdict(list))
    for r in ex.relations:
        if r.source in claims and r.target in claims:
            incoming[r.target][r.kind].append(Edge(claims[r.source], r))
    disputes = [
        Dispute(c, incoming[c.id][RelationKind.REBUTS], incoming[c.id][RelationKind.SUPPORTS])
        for c in ex.claims
        if incoming.get(c.id, {}).get(RelationKind.REBUTS)
    ]
    unanswered = [
        c for c in ex.claims
        if c.kind in (ClaimKind.QUESTION, ClaimKind.REQUEST) and not incoming.get(c.id, {}).get(RelationKind.ANSWERS)
    ]
    return disputes, unanswered


_RELATIVE = re.compile(r"(?i)(?:within|in|after)\s+\S+\s+(?:business\s+|calendar\s+|working\s+)?"
                       r"(?:hours?|days?|weeks?|months?)\b")


def due_date(claim: Claim, ex: Extraction, message: Message | None) -> tuple[datetime | date | None, str]:
    """When a commitment is due, and how we know: stated by the claim stage, a date or a duration
    entity inside the claim (durations count from the message date)."""
    if claim.deadline is not None:
        text = claim.deadline_text or ""
        if _RELATIVE.match(text):  # "within five days": computed by the claim stage from the message date
            return claim.deadline, f"{text} of the message date"
        return claim.deadline, "stated"
    inside = [e for e in ex.entities
              if e.message == claim.message and e.start >= claim.start and e.end <= claim.end]
    for e in inside:
        if e.label == "DEADLINE" and _ISO_DATE.match(e.norm or ""):
            try:
                return date.fromisoformat(e.norm[:10]), f"date \u201c{e.text}\u201d"
            except ValueError:
                continue
    for e in inside:
        delta = parse_duration(e.norm) if e.label in ("DURATION", "DEADLINE") else None
        if delta is not None:
            if message is None or message.date is None:
                return None, f"{e.norm} from an undated message"
            return message.date + delta, f"message date + {e.norm}"
    return None, "no deadline stated"


def _status(due: datetime | date | None, basis: str, as_of: date) -> tuple[str, bool]:
    if due is None:
        return ("due date unknown" if basis != "no deadline stated" else "no deadline stated"), False
    day = instant(due).date() if isinstance(due, datetime) else due
    days = (day - as_of).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}", True
    if days == 0:
        return "due today", False
    return f"due in {days} day{'s' if days != 1 else ''}", False


def _commitments(ex: Extraction, messages: dict[str, Message], as_of: date) -> list[Commitment]:
    out = []
    for c in ex.claims:
        if c.kind is ClaimKind.COMMITMENT:
            due, basis = due_date(c, ex, messages.get(c.message))
            status, overdue = _status(due, basis, as_of)
            out.append(Commitment(c, due, basis, status, overdue))
    return out


def _natural(s: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s))


def _sections(ex: Extraction, messages: dict[str, Message]) -> list[SectionRow]:
    rows: dict[tuple[str, str, str], SectionRow] = {}
    for c in ex.citations:
        item = "" if c.item is None else str(c.item)
        row = rows.get((c.document, c.section, item))
        if row is None:
            row = rows[(c.document, c.section, item)] = SectionRow(c.document, c.section, item, [], [], [], [], True)
        if c.title and c.title not in row.titles:
            row.titles.append(c.title)
        if c.version and c.version not in row.versions:
            row.versions.append(c.version)
        m = messages.get(c.message)
        who = ((m.author if m else None) or UNKNOWN_SPEAKER, c.message)
        if who not in row.cited_by:
            row.cited_by.append(who)
        for f in c.flags:
            if (f, c.message) not in row.flags:
                row.flags.append((f, c.message))
        row.quoted_only = row.quoted_only and c.in_document_quote
    return sorted(rows.values(), key=lambda r: (r.document, _natural(r.section), _natural(r.item)))


def build_report(ex: Extraction, as_of: date | None = None) -> Report:
    """Compute every section of the report from an Extraction (pure data, no formatting)."""
    as_of = as_of or date.today()
    messages = {m.key: m for m in ex.thread.messages}
    claims = {c.id: c for c in ex.claims}
    by_speaker: dict[str, dict[ClaimKind, list[Claim]]] = {}
    for c in ex.claims:
        by_speaker.setdefault(c.speaker or UNKNOWN_SPEAKER, {}).setdefault(c.kind, []).append(c)
    timeline, undated = _timeline(ex)
    disputes, unanswered = _disputes(ex, claims)
    return Report(
        extraction=ex,
        as_of=as_of,
        title=ex.thread.subject or Path(ex.thread.source).name,
        participants=_participants(ex),
        timeline=timeline,
        undated=undated,
        by_speaker=by_speaker,
        disputes=disputes,
        unanswered=unanswered,
        commitments=_commitments(ex, messages, as_of),
        admissions=[c for c in ex.claims if c.kind is ClaimKind.ADMISSION],
        sections=_sections(ex, messages),
        messages=messages,
        claims=claims,
    )


def one_line(text: str) -> str:
    """Thread text as one line: every run of white space becomes one space."""
    return " ".join((text or "").split())


def citation_label(c: Citation | str) -> str:
    """'BR 4.9.1.1 item 4' (the citation's own id when the Citation object is unknown)."""
    if isinstance(c, str):
        return c
    return f"{c.document} {c.section}" + (f" item {c.item}" if c.item is not None else "")


def citation_detail(c: Citation | str) -> str:
    """What the citation resolved to: '"Reasons for Revoking", version 2.1.7, flags: unknown_section'."""
    if isinstance(c, str):
        return "not resolved"
    parts = [f"\u201c{one_line(c.title)}\u201d" if c.title else "title unknown"]
    if c.version:
        parts.append(f"version {c.version}")
    if c.flags:
        parts.append("flags: " + ", ".join(c.flags))
    return ", ".join(parts)
