"""The review report as plain data: ``build_report(Extraction, as_of) -> Report``, one field per section.

No formatting here; ``html_page`` and ``markdown`` render a Report. Dates: every message date is shown
as an instant (UTC) and as the author's own clock; commitments get a due date (stated, or a duration in
the claim counted from its message date) and a status relative to ``as_of``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import overload

from threadkb import followup, identity, kinds
from threadkb.extract import resolve
from threadkb.link.features import anchors, stem_set
from threadkb.models import Citation, Claim, ClaimKind, Extraction, Message, Relation, RelationKind, by_message
from threadkb.report import evidence
from threadkb.report.evidence import plain_reasons
from threadkb.store import normalise_text

UNKNOWN_SPEAKER = "(unknown speaker)"
GIST_WIDTH = 160  # characters of a point's reasons in the summary
# A speaker speaks for an organisation when at least this share of their own claims does ("SHECA believes").
ORG_CLAIM_SHARE = identity.CLAIM_SHARE


def kind_headings() -> list[tuple[ClaimKind, str]]:
    """Claim kinds in the order a reviewer reads them, with their plural headings (claim_kinds.json)."""
    return [(ClaimKind(k.name), k.heading) for k in kinds.reading_order()]


NO_DEADLINE = "no deadline stated"


# --------------------------------------------------------------------------- dates


@overload
def instant(d: datetime | date) -> datetime: ...
@overload
def instant(d: None) -> None: ...
@overload
def instant(d: datetime | date | None) -> datetime | None: ...
def instant(d: datetime | date | None) -> datetime | None:
    """A sortable UTC instant: aware datetimes converted, naive ones taken as UTC, days at 00:00 UTC."""
    if d is None:
        return None
    if isinstance(d, datetime):
        return d.astimezone(timezone.utc) if d.tzinfo else d.replace(tzinfo=timezone.utc)
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)


def _dated_instant(m: Message) -> datetime:
    """The instant of a message known to be dated (a sort key)."""
    if m.date is None:
        raise ValueError(f"message {m.key} has no date")
    return instant(m.date)


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


def fmt_short(d: datetime | date | None) -> str:
    """A date as a reader says it: "8 Oct 2025 19:25 UTC+7" (the author's own clock and offset)."""
    if d is None:
        return "no date"
    day = f"{d.day} {d.strftime('%b %Y')}"
    if not isinstance(d, datetime):
        return day
    if d.tzinfo is None:
        return f"{day} {d:%H:%M} (zone unknown)"
    off = d.utcoffset() or timedelta(0)
    minutes = int(off.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    h, mi = divmod(abs(minutes), 60)
    return f"{day} {d:%H:%M} UTC" + ("" if not minutes else f"{sign}{h}" + (f":{mi:02d}" if mi else ""))


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

    def relation_target_text(self, report: Report) -> str:
        target = report.claims.get(self.relation.target)
        return target.text if target else ""


@dataclass
class Point:
    """A point in dispute for the summary: the claim, its most direct rebuttal (``rebuttal_directness``), why they
    are linked and, when it has several rebuttals, why this one was chosen (``chosen``)."""

    claim: Claim
    rebuttal: Edge
    rebuttals: int
    reasons: list[str]
    chosen: str = ""

    @property
    def gist(self) -> str:
        """The first two reasons, one line of at most ``GIST_WIDTH`` characters (the summary's "why")."""
        return clip("; ".join(self.reasons[:2]), GIST_WIDTH)


@dataclass
class Dispute:
    claim: Claim
    rebuttals: list[Edge]
    supports: list[Edge]


@dataclass
class Answered:
    """A question or request that threadkb.followup finds answered, and what answers it: the claims whose
    ``answers`` edge it counted (each with the edge's evidence), else, answered below a quote of it, the rule's
    evidence in words. The report lists them so that a reader can check every "answered" it did not list as
    unanswered."""

    claim: Claim
    answers: list[Edge]
    evidence: list[str] = field(default_factory=list)


@dataclass
class Commitment:
    claim: Claim
    due: datetime | date | None
    basis: str  # how the due date was obtained
    status: str  # "done", "overdue by 3 days", "due in 2 days", "no deadline stated", ...
    overdue: bool = False
    # what reports it done (threadkb.followup), when done; why it is an announcement, when its day passed
    done: followup.CommitmentState | None = None


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
    as_of: date | None  # deadlines are judged on this day: --as-of, else the day of the last message
    title: str
    participants: list[Participant]
    timeline: list[TimelineEntry]  # dated messages, by instant
    undated: list[TimelineEntry]  # thread order
    by_speaker: dict[str, dict[ClaimKind, list[Claim]]]
    disputes: list[Dispute]
    unanswered: list[Claim]  # questions and requests no claim answers: nobody wrote back, others wrote later, replied
    commitments: list[Commitment]
    admissions: list[Claim]
    sections: list[SectionRow]
    messages: dict[str, Message] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    order: list[Message] = field(default_factory=list)  # chronological; an undated message after its parent
    quoted_copies: dict[str, str] = field(default_factory=dict)  # claim id -> id of the claim it repeats
    as_of_basis: str = ""  # "the date of the last message", "given (--as-of)"
    questions: dict[str, followup.QuestionState] = field(default_factory=dict)  # claim id -> its state (unanswered)
    answered: list[Answered] = field(default_factory=list)  # the others, thread order

    def reply_note(self, claim: Claim) -> str:
        """What became of an unanswered question, in words: "replied to by #5 Alvin Wang; no answer found in
        the reply" (a later message by someone else replies to its message), "quoted by #3 Ryan Sleevi; no answer
        found in the reply" (it quotes the question's message, its parent or not, with no answer below), "no reply to its message; 2 later
        messages by others", "" when nobody else wrote after it."""
        st = self.questions.get(claim.id)
        if st is not None and st.state == followup.LATER:
            return f"no reply to its message; {st.later_replies} later message{'s' if st.later_replies > 1 else ''} by others"
        if st is None or st.state != followup.REPLIED:
            return ""
        replied = [self.short_label(str(k)) for k in st.by if k not in st.quoted]
        quoted = [self.short_label(str(k)) for k in st.quoted]
        who = "; ".join(([f"replied to by {', '.join(replied)}"] if replied else [])
                        + ([f"quoted by {', '.join(quoted)}"] if quoted else []))
        return f"{who}; no answer found in the repl{'ies' if len(st.by) > 1 else 'y'}"

    def done_note(self, cm: Commitment) -> str:
        """What reports a done commitment done: 'by #5 Alvin Wang: "the report has been posted"'; why one whose day
        passed is an announcement (threadkb.followup.announcement)."""
        st = cm.done
        if st is None:
            return ""
        if st.state == followup.ANNOUNCED:
            return st.evidence or ""
        if st.by_kind is None:
            return f"{st.evidence}: {one_line(st.text or '')}"
        return f"by {self.short_label_any(str(st.by))}: \u201c{clip(st.text or '', 120)}\u201d"

    @cached_property
    def numbers(self) -> dict[str, int]:
        return {m.key: i for i, m in enumerate(self.order, 1)}

    def label(self, key: str | None) -> str:
        """A message's human label: "#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7"; a claim id gets its
        message's label and the claim's place; anything else is returned unchanged."""
        if key in self.messages:
            m = self.messages[key]
            return f"#{self.numbers.get(key, '?')} \u00b7 {m.author or UNKNOWN_SPEAKER} \u00b7 {fmt_short(m.date)}"
        if key in self.claims:
            c = self.claims[key]
            return f"the claim of {self.label(c.message)}"
        return key or ""

    def short_label_any(self, key: str) -> str:
        """``short_label`` for a message key, "the claim of #3 Alvin Wang" for a claim id, else ``key``."""
        if key in self.messages:
            return self.short_label(key)
        if key in self.claims:
            return f"the claim of {self.short_label(self.claims[key].message)}"
        return key

    def short_label(self, key: str | None) -> str:
        """"#3 Alvin Wang" (no date)."""
        m = self.messages.get(key or "")
        return f"#{self.numbers.get(m.key, '?')} {m.author or UNKNOWN_SPEAKER}" if m else (key or "?")

    @property
    def date_range(self) -> tuple[datetime | date, datetime | date] | None:
        if not self.timeline:
            return None
        first, last = self.timeline[0].message.date, self.timeline[-1].message.date
        return (first, last) if first is not None and last is not None else None  # the timeline: dated messages

    def speaker(self, claim: Claim) -> str:
        return claim.speaker or UNKNOWN_SPEAKER

    def author(self, key: str | None) -> str:
        m = self.messages.get(key or "")
        return (m.author or UNKNOWN_SPEAKER) if m else UNKNOWN_SPEAKER

    def reasons(self, edge: Edge, gist: bool = False) -> list[str]:
        """The evidence of an edge in plain words (stems expanded, keys replaced by short labels);
        ``gist``: only the reasons the summary shows."""
        texts = [edge.claim.text, edge.relation_target_text(self)]
        for key in (edge.claim.message, self.claims[edge.relation.target].message
                    if edge.relation.target in self.claims else None):
            if key in self.messages:
                texts.append(self.messages[key].text)
        return plain_reasons(edge.relation.evidence, texts, self.short_label_any, gist)

    def points(self) -> list[Point]:
        """The points in dispute, each with its most direct rebuttal (``rebuttal_directness``; the first of equals
        in the thread's order), that rebuttal's reasons and the grounds of the choice."""
        out = []
        for d in self.disputes:
            ranked = [(rebuttal_directness(d.claim, e, self.messages), e) for e in d.rebuttals]
            (rank, grounds), best = max(ranked, key=lambda x: x[0][0])  # the first of equals as listed
            tied = sum(r[:2] == rank[:2] for (r, _), _ in ranked) > 1  # as direct as another: the probability decides
            chosen = choice_words(grounds, tied) if len(d.rebuttals) > 1 else ""
            out.append(Point(d.claim, best, len(d.rebuttals), self.reasons(best, gist=True), chosen))
        return out

    def sections_at_issue(self) -> list[SectionRow]:
        """Cited sections a disputed claim, a rebuttal or an admission relies on, then the others cited in
        the speakers' own words; most citers first."""
        ids = {cid for d in self.disputes for c in [d.claim] + [e.claim for e in d.rebuttals] for cid in c.citations}
        ids |= {cid for c in self.admissions for cid in c.citations}

        def row_ids(s: SectionRow) -> set[str]:
            base = f"{s.document}:{s.section}"
            return {base, f"{base}:{s.item}"} if s.item else {base}

        rows = [s for s in self.sections if not s.quoted_only]
        return sorted(rows, key=lambda s: (not (row_ids(s) & ids), -len({w for w, _ in s.cited_by})))

    @cached_property
    def _citations_by_message(self) -> dict[str | None, list[Citation]]:
        return by_message((c.message, c) for c in self.extraction.citations)

    def citations_of(self, claim: Claim) -> list[Citation | str]:
        """The Citation objects a claim relies on (its message's, by id); an id alone when not found."""
        found: list[Citation | str] = []
        own = self._citations_by_message.get(claim.message, [])
        for cid in claim.citations:
            match = next((c for c in own if c.id == cid and not c.in_document_quote), None)
            match = match or next((c for c in own if c.id == cid), None)
            found.append(match or cid)
        return found


def _organisations(ex: Extraction) -> dict[str, list[str]]:
    """Whom each author works for, from what the thread gives: the message's side (a Bugzilla assignee speaks
    for the CA), "Name (HARICA)", the e-mail domain, a login suffix, the sign-off, then their own claims."""
    orgs: dict[str, list[str]] = defaultdict(list)
    for m in ex.thread.messages:
        if not m.author:
            continue
        for org, _, _ in identity.own_affiliations(m.author, m.email, m.signature, m.on_behalf_of):
            if org not in orgs[participant_name(m.author)]:
                orgs[participant_name(m.author)].append(org)
    own = [c for c in ex.claims if c.speaker and not c.reported]
    total = Counter(c.speaker for c in own)
    speaks_for = Counter((c.speaker, c.on_behalf_of) for c in own if c.on_behalf_of)
    for (speaker, org), n in speaks_for.items():
        # one stray "SHECA believes" quoted by a critic does not make the critic speak for SHECA
        if n / total[speaker] >= ORG_CLAIM_SHARE and org not in orgs[participant_name(speaker)]:
            orgs[participant_name(speaker)].append(org)
    return orgs


def participant_name(author: str | None) -> str:
    """An author as the report names them: "Dimitris Zacharopoulos (HARICA)" -> "Dimitris Zacharopoulos"."""
    return identity.split_affiliation(author)[0] if author else UNKNOWN_SPEAKER


def _participants(ex: Extraction) -> list[Participant]:
    orgs = _organisations(ex)
    keys: dict[str, list[str]] = defaultdict(list)
    for m in ex.thread.messages:
        keys[participant_name(m.author)].append(m.key)
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
    dated.sort(key=lambda e: _dated_instant(e.message))  # stable: ties keep thread order
    return dated, [e for e in entries if e.message.date is None]


def _disputes(ex: Extraction, claims: dict[str, Claim]) -> list[Dispute]:
    incoming: dict[str, dict[RelationKind, list[Edge]]] = defaultdict(lambda: defaultdict(list))
    for r in ex.relations:
        if r.source in claims and r.target in claims:
            incoming[r.target][r.kind].append(Edge(claims[r.source], r))
    disputes = [
        Dispute(c, incoming[c.id][RelationKind.REBUTS], incoming[c.id][RelationKind.SUPPORTS])
        for c in ex.claims
        if incoming.get(c.id, {}).get(RelationKind.REBUTS)
    ]
    return disputes


def rebuttal_directness(claim: Claim, edge: Edge, messages: dict[str, Message]) -> tuple[tuple[int, int, float], list[str]]:
    """How directly ``edge``'s claim rebuts ``claim``, as a sort key, with its grounds (``report_evidence.json``
    ``rebuttal_choice`` keys): (1) a direct reply that shares something: its message replies to the claim's
    message and it cites a section the claim cites or uses one of the claim's content words; (2) the citation it
    shares: 2 the same item ("4.9.1.1 point 4"), 1 the same section only, 0 none (``link.features.anchors``: its
    citations and the section numbers it writes); (3) the learned probability. "SHECA believes that 4.9.1.1 point 4
    is not applicable" answers "requires revocation …, per 4.9.1.1, point 4" more directly than a more probable
    "As well as BR 9.6.3: …" that cites another item of 4.9.1.1."""
    other = edge.claim
    sections, items = anchors(claim)
    their_sections, their_items = anchors(other)
    shared = 2 if items & their_items else 1 if sections & their_sections else 0
    words = bool(stem_set(claim.text) & stem_set(other.text))
    msg = messages.get(other.message)
    reply = msg is not None and msg.in_reply_to is not None and msg.in_reply_to == claim.message
    direct = reply and (shared > 0 or words)
    grounds = (["reply"] if direct else []) + ([("same_section", "same_item")[shared - 1]] if shared else [])
    grounds += ["shared_words"] if direct and not shared else []
    return (int(direct), shared, edge.relation.score), grounds


def choice_words(grounds: list[str], tied: bool = False) -> str:
    """The grounds of a rebuttal's choice in words: "the most direct: replies to it, cites the same item"; none:
    "the most probable"; ``tied`` (another rebuttal is as direct): "…; of those, the most probable"."""
    words = evidence.table()["rebuttal_choice"]
    if not grounds:
        return words["probability"]
    lead = f"{words['lead']}: " + ", ".join(words[g] for g in grounds)
    return lead + (f"; {words['tied']}" if tied else "")


def _answered(ex: Extraction, claims: dict[str, Claim], states: dict[str, followup.QuestionState],
              places: Mapping[Hashable, int]) -> list[Answered]:
    """The answered questions and requests (``states``: threadkb.followup's reading), each with the ``answers``
    edges from the claims that reading counted, in the thread's order."""
    edges: dict[str, list[Edge]] = defaultdict(list)
    for r in ex.relations:
        if r.kind is RelationKind.ANSWERS and r.source in claims and r.target in claims:
            edges[r.target].append(Edge(claims[r.source], r))
    out = []
    for key, st in states.items():
        if st.state != followup.ANSWERED:
            continue
        counted = [e for e in edges.get(key, []) if e.claim.id in st.by]
        out.append(Answered(claims[key], counted, [] if counted else list(st.evidence)))
    out.sort(key=lambda a: (places.get(a.claim.message, len(places)), a.claim.start))
    return out


def _questions(ex: Extraction, view: followup.ExtractionFollowUp) -> dict[str, followup.QuestionState]:
    """Every question or request of the thread with what became of it (threadkb.followup.question_state)."""
    asking = kinds.asking_kinds()
    return {c.id: view.question(c) for c in ex.claims if c.kind.value in asking}


def due_date(claim: Claim) -> tuple[datetime | date | None, str]:
    """When a commitment is due, and how we know: what the claim stage found (threadkb.extract.deadlines)."""
    return claim.deadline, claim.deadline_rule or ("stated" if claim.deadline is not None else NO_DEADLINE)


def _status(due: datetime | date | None, basis: str, as_of: date | None,
            state: followup.CommitmentState) -> tuple[str, bool]:
    """The status as the report words it; done, overdue or not as ``state`` (threadkb.followup) decided."""
    if state.state == followup.DONE:
        return "done", False
    if due is None:
        return ("due date unknown" if basis != NO_DEADLINE else NO_DEADLINE), False
    if as_of is None:
        return "not judged (no dated message)", False
    day = instant(due).date() if isinstance(due, datetime) else due
    days = (day - as_of).days
    if state.state == followup.OVERDUE:
        return f"overdue by {-days} day{'s' if days != -1 else ''}", True
    if state.state == followup.ANNOUNCED:
        return f"announced, its day passed {-days} day{'s' if days != -1 else ''} ago", False
    if days == 0:
        return "due today", False
    return f"due in {days} day{'s' if days != 1 else ''}", False


def _commitments(ex: Extraction, as_of: date | None, view: followup.ExtractionFollowUp) -> list[Commitment]:
    out = []
    at = as_of.isoformat() if as_of else None
    for c in ex.claims:
        if c.kind is ClaimKind.COMMITMENT:
            due, basis = due_date(c)
            state = view.commitment(c, at)
            status, overdue = _status(due, basis, as_of, state)
            noted = state.state in (followup.DONE, followup.ANNOUNCED)
            out.append(Commitment(c, due, basis, status, overdue, state if noted else None))
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


def last_day(ex: Extraction) -> date | None:
    """The UTC day of the thread's last dated message (what "as of" defaults to), or None."""
    instants = [instant(m.date) for m in ex.thread.messages if m.date is not None]
    return max(instants).date() if instants else None


def chronological(ex: Extraction) -> list[Message]:
    """Messages by instant; an undated message right after the message it replies to (else at the end,
    in thread order)."""
    dated = sorted((m for m in ex.thread.messages if m.date is not None), key=_dated_instant)
    undated = [m for m in ex.thread.messages if m.date is None]
    order = list(dated)
    pending = list(undated)
    while pending:  # an undated reply to an undated message waits for its parent
        placed = False
        for m in list(pending):
            keys = [x.key for x in order]
            if m.in_reply_to in keys:
                order.insert(keys.index(m.in_reply_to) + 1, m)
                pending.remove(m)
                placed = True
        if not placed:
            order.extend(pending)
            break
    return order


def quoted_copies(ex: Extraction, order: list[Message]) -> dict[str, str]:
    """Claims that repeat the words of a claim in an earlier message by someone else (a quotation the parse
    stage did not see as one): claim id -> the id of the original, which keeps the credit. The earlier claims a
    claim is compared with are looked up by runs of ``min_words`` words (a claim inside another holds the other's
    run of its first words; one holding another holds that one's first run), not all of them (quadratic: 40 s for
    a thread of 2,500 messages)."""
    rank = {m.key: i for i, m in enumerate(order)}
    authors = {m.key: (m.author or "").casefold() for m in ex.thread.messages}
    claims = sorted(ex.claims, key=lambda c: (rank.get(c.message, len(rank)), c.start))
    words = [normalise_text(c.text).split() for c in claims]
    norms = [f" {' '.join(w)} " for w in words]  # padded: one text inside another at word bounds
    least = evidence.table()["quoted_copy"]["min_words"]  # words a claim needs to count as a copy or an original
    opening: dict[tuple[str, ...], list[int]] = {}  # the first `least` words of an earlier claim -> those claims
    holding: dict[tuple[str, ...], list[int]] = {}  # any run of `least` words -> the earlier claims holding it
    out: dict[str, str] = {}
    for i, c in enumerate(claims):
        if len(words[i]) < least:
            continue
        runs = list(dict.fromkeys(tuple(words[i][s:s + least]) for s in range(len(words[i]) - least + 1)))
        maybe = set(holding.get(runs[0], ())).union(*(opening.get(r, ()) for r in runs))
        for j in sorted(maybe):
            d = claims[j]
            if (d.message != c.message and d.id not in out and authors.get(d.message) != authors.get(c.message)
                    and (norms[i] in norms[j] or norms[j] in norms[i])):
                out[c.id] = d.id
                break
        opening.setdefault(runs[0], []).append(i)
        for r in runs:
            holding.setdefault(r, []).append(i)
    return out


def build_report(ex: Extraction, as_of: date | None = None) -> Report:
    """Compute every section of the report from an Extraction (pure data, no formatting).

    ``as_of`` (the day deadlines are judged on) defaults to the day of the thread's last message, so the
    same thread gives the same report on any day."""
    basis = "given"
    if as_of is None:
        as_of, basis = last_day(ex), "the day of the last message"
    messages = {m.key: m for m in ex.thread.messages}
    claims = {c.id: c for c in ex.claims}
    order = chronological(ex)
    copies = quoted_copies(ex, order)
    rank = {m.key: i for i, m in enumerate(order)}
    by_speaker: dict[str, dict[ClaimKind, list[Claim]]] = {}
    for c in sorted(ex.claims, key=lambda c: (rank.get(c.message, len(rank)), c.start)):
        if c.id not in copies:  # a quoted copy is credited to its original speaker only
            by_speaker.setdefault(c.speaker or UNKNOWN_SPEAKER, {}).setdefault(c.kind, []).append(c)
    timeline, undated = _timeline(ex)
    view = followup.from_extraction(ex)
    disputes = [d for d in _disputes(ex, claims) if d.claim.id not in copies]
    states = {k: st for k, st in _questions(ex, view).items() if k not in copies}
    questions = {k: st for k, st in states.items() if st.state != followup.ANSWERED}
    places = view.order.places
    asked = sorted((claims[k] for k in questions), key=lambda c: (places.get(c.message, len(places)), c.start))
    unanswered = followup.most_neglected_first(asked, lambda c: questions[c.id].state)
    disputes.sort(key=lambda d: (rank.get(d.claim.message, len(rank)), d.claim.start))
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
        commitments=[cm for cm in _commitments(ex, as_of, view) if cm.claim.id not in copies],
        admissions=[c for c in ex.claims if c.kind is ClaimKind.ADMISSION and c.id not in copies],
        sections=_sections(ex, messages),
        messages=messages,
        claims=claims,
        order=order,
        quoted_copies=copies,
        as_of_basis=basis,
        questions=questions,
        answered=_answered(ex, claims, states, places),
    )


_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def shown(text: str) -> str:
    """Thread text with each character that changes how other text reads but shows nothing made visible as
    "⟨U+202E⟩": bidirectional embeddings, overrides and isolates (a name "Ann<U+202E>elpmaxE" reads "AnnExample"),
    zero-width space, word joiner, a BOM inside text. The joiners scripts need (ZWJ, ZWNJ) and the marks LRM/RLM
    stay as they are."""
    return _INVISIBLE.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", text)


ADDRESSEES_SHOWN = 6  # addressees of one header shown in a message's header line; the rest counted ("+3 more")


def addressee_line(m: Message) -> str:
    """The message's To and Cc as its header line shows them: "to Ann Lee <ann@example.com>, list@example.org; cc
    Bob <bob@example.net>" (at most ``ADDRESSEES_SHOWN`` of a header, then "+N more"); "" when it has none. Plain
    text: the renderer escapes it (the names are the sender's words)."""
    parts = []
    for header in ("to", "cc"):
        names = [one_line(shown(str(a))) for a in m.addressees if a.header == header]
        if names:
            more = f", +{len(names) - ADDRESSEES_SHOWN} more" if len(names) > ADDRESSEES_SHOWN else ""
            parts.append(f"{header} {', '.join(names[:ADDRESSEES_SHOWN])}{more}")
    return "; ".join(parts)


def one_line(text: str) -> str:
    """Thread text as one line: every run of white space becomes one space."""
    return " ".join((text or "").split())


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word with an ellipsis."""
    t = one_line(text)
    if len(t) <= width:
        return t
    cut = t[: width - 1].rsplit(" ", 1)[0] if " " in t[: width - 1] else t[: width - 1]
    return cut.rstrip(",;:") + "\u2026"


def citation_label(c: Citation | str) -> str:
    """'BR 4.9.1.1 item 4' (the citation's own id when the Citation object is unknown)."""
    if isinstance(c, str):
        return c
    return f"{c.document} {c.section}" + (f" item {c.item}" if c.item is not None else "")


def section_label(row: SectionRow) -> str:
    """'BR 4.9.1.1 item 4' for a cited-sections row."""
    return f"{row.document} {row.section}" + (f" item {row.item}" if row.item else "")


def summary_commitments(commitments: list[Commitment]) -> list[Commitment]:
    """Commitments as the summary lists them: overdue first, then the others with a due date, then those
    without one (thread order kept within each group)."""
    return sorted(commitments, key=lambda cm: (not cm.overdue, cm.due is None))


def citation_detail(c: Citation | str) -> str:
    """What the citation resolved to: '"Reasons for Revoking", version 2.1.7, flags: unknown_section'."""
    if isinstance(c, str):
        return "not resolved"
    parts = [f"\u201c{one_line(c.title)}\u201d" if c.title else "title unknown"]
    if c.version:
        parts.append(f"version {c.version}")
    if c.flags:
        parts.append("flags: " + ", ".join(c.flags))
    outside = resolve.section_outside(c.document, c.section, c.version) if c.title is None else None
    if outside is not None:
        title, version, effective = outside
        when = f" (effective {effective})" if effective else ""
        verb = "added in" if "not_yet_in_force" in c.flags else "last in"
        parts.append(f"{verb} version {version}{when} as \u201c{one_line(title)}\u201d")
    return ", ".join(parts)
