"""The knowledge base's query API (``KnowledgeBase``) and the `query` command (filling it: ``threadkb.batches``).

    kb = KnowledgeBase("output/threadkb.sqlite")
    kb.add(extraction, "corpora/x.txt")                  # store (see threadkb.store)
    kb.claims(ClaimFilter(org="SHECA", section="BR 4.9.1.1"))
    kb.history(ClaimFilter(org="SHECA"))                 # claims over time + the rebuttals each received
    kb.commitments(ClaimFilter(), at=date(2025, 11, 1))  # deadline and whether a later message reports it done
    kb.unanswered(ClaimFilter())                         # questions/requests nobody answered
    kb.sections(ClaimFilter())                           # how often each section is cited, by whom, where

Every view takes the same ``ClaimFilter``; its fields combine (AND).

Rows print as a table, JSON Lines or CSV (``render``).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources

from threadkb.models import ClaimKind
from threadkb.store import SQL_BATCH, KBError, Store, name_key, normalise_text

# --------------------------------------------------------------------------- filters and rows

_SECTION = re.compile(
    r"^\s*(?:(?P<doc>[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)\s*[:\s]\s*)?(?P<section>\d+(?:\.\d+)*)"
    r"(?:\s*(?:[:#(]|\b(?:item|point|no\.?|reason)\b)\s*(?P<item>[\w.]+)\)?)?\s*$", re.IGNORECASE)
_DOC_ALIASES = {"tls br": "BR", "brs": "BR", "tls brs": "BR", "baseline requirements": "BR"}
_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?)?)?$")
MAX_FILTER = 1000  # characters of one filter (a longer one is an error, not a slow or failing query)
MAX_ROW_ID = 2**63 - 1  # SQLite's largest INTEGER: a bigger thread number matches nothing and cannot be bound
_LIKE_SPECIAL = re.compile(r"([\\%_])")


def like_part(text: str) -> str:
    """A LIKE pattern (used with ``ESCAPE '\\'``) matching text that contains ``text`` literally: a ``%`` or
    ``_`` typed in a filter is that character, not a wildcard."""
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", text) + "%"


@dataclass(frozen=True)
class SectionRef:
    """A section filter: "BR 4.9.1.1" (every item), "BR 4.9.1.1 item 4", "4.9.1.1" (any document)."""

    document: str | None
    section: str
    item: str | None = None

    @classmethod
    def parse(cls, text: str) -> SectionRef:
        m = _SECTION.match(text or "")
        if not m:
            raise KBError(f"cannot read section {text!r} (try \"BR 4.9.1.1\" or \"BR 4.9.1.1 item 4\")")
        doc = m["doc"]
        if doc:
            doc = _DOC_ALIASES.get(" ".join(doc.lower().split()), doc.upper())
        return cls(doc, m["section"], m["item"])


@dataclass
class ClaimFilter:
    """Filters that combine; None means "any". ``since``/``until`` compare the message date (UTC)."""

    speaker: str | None = None  # part of the speaker's name, any case
    org: str | None = None  # on whose behalf (the claim's, else the message's)
    section: str | None = None  # "BR 4.9.1.1" matches every item; "BR 4.9.1.1 item 4" one
    api: str | None = None  # part of an API path
    kind: str | None = None  # a ClaimKind value
    since: str | None = None  # YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time (inclusive)
    until: str | None = None  # same; inclusive at the precision given
    text: str | None = None  # words, all must occur (FTS5)
    thread: str | None = None  # thread number, or part of its subject

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > MAX_FILTER:
                raise KBError(f"--{name}: {len(value)} characters; a filter takes at most {MAX_FILTER}")
        if isinstance(self.thread, str) and self.thread.strip().isdigit() and int(self.thread) > MAX_ROW_ID:
            raise KBError(f"--thread: no thread has the number {self.thread.strip()} (at most {MAX_ROW_ID})")

    @classmethod
    def from_args(cls, args) -> ClaimFilter:
        return cls(**{k: getattr(args, k, None) for k in cls.__dataclass_fields__})


@dataclass
class ClaimRow:
    claim: int
    thread: int
    date: str | None
    speaker: str | None
    on_behalf_of: str | None
    kind: str
    text: str
    sections: list[str] = field(default_factory=list)
    file: str | None = None
    line: int | None = None


@dataclass
class UnansweredRow(ClaimRow):
    later_replies: int = 0  # later messages of the thread by someone other than the asker


@dataclass
class Rebuttal:
    claim: int
    date: str | None
    speaker: str | None
    text: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class HistoryRow(ClaimRow):
    rebuttals: list[Rebuttal] = field(default_factory=list)


@dataclass
class CommitmentRow(ClaimRow):
    deadline: str | None = None
    deadline_from: str | None = None  # "extracted", or how it was derived ("within 5 days of the message date")
    status: str = "open"  # done, overdue, open, no deadline
    done_by: str | None = None  # "claim 12" or "message 7": what reports it done
    done_text: str | None = None


@dataclass
class SectionRow:
    document: str
    section: str
    item: str
    title: str | None
    mentions: int
    messages: int
    people: list[str] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- the query API


class KnowledgeBase(Store):
    """An open knowledge base: ``add`` (from Store) and the query views."""

    def claims(self, flt: ClaimFilter | None = None, *, kinds: Iterable[str] | None = None) -> list[ClaimRow]:
        """Claims matching every filter, oldest first (undated last)."""
        where, params = self._where(flt or ClaimFilter())
        if kinds is not None:
            kinds = list(kinds)
            where.append(f"c.kind IN ({','.join('?' * len(kinds))})")
            params += kinds
        sql = (
            "SELECT c.id, m.thread_id, m.date_utc, COALESCE(c.speaker, m.author) AS speaker, o.name AS org,"
            " c.kind, c.text, f.path, c.line_start FROM claims c"
            " JOIN messages m ON m.id = c.message_id"
            " LEFT JOIN source_files f ON f.id = c.source_file_id"
            " LEFT JOIN organisations o ON o.id = COALESCE(c.on_behalf_of_id, m.on_behalf_of_id)"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY m.date_utc IS NULL, m.date_utc, c.message_id, c.start_offset, c.id")
        rows = [ClaimRow(claim=r[0], thread=r[1], date=r[2], speaker=r[3], on_behalf_of=r[4], kind=r[5], text=r[6],
                         file=r[7], line=r[8]) for r in self.db.execute(sql, params)]
        sections = self._claim_sections([row.claim for row in rows])
        for row in rows:
            row.sections = sections.get(row.claim, [])
        return rows

    def history(self, flt: ClaimFilter | None = None) -> list[HistoryRow]:
        """Claims (typically ``org=...``) over time, each with the rebuttals it received."""
        rows = self.claims(flt)
        rebuttals: dict[int, list[Rebuttal]] = {}
        for ids in _batches([row.claim for row in rows]):
            for r in self.db.execute(
                    "SELECT r.to_claim_id, a.id, m.date_utc, COALESCE(a.speaker, m.author), a.text, r.evidence"
                    " FROM relations r JOIN claims a ON a.id = r.from_claim_id JOIN messages m ON m.id = a.message_id"
                    f" WHERE r.to_claim_id IN ({','.join('?' * len(ids))}) AND r.kind = 'rebuts'"
                    " ORDER BY m.date_utc, a.id", ids):
                rebuttals.setdefault(r[0], []).append(Rebuttal(r[1], r[2], r[3], r[4], json.loads(r[5])))
        return [HistoryRow(**_fields(row), rebuttals=rebuttals.get(row.claim, [])) for row in rows]

    def unanswered(self, flt: ClaimFilter | None = None) -> list[UnansweredRow]:
        """Questions and requests that no claim ``answers``, each with how many later messages of its thread
        come from someone else (0: nobody wrote back; more: replies exist, none found to answer it)."""
        answered = {r[0] for r in self.db.execute("SELECT to_claim_id FROM relations WHERE kind = 'answers'")}
        rows = [row for row in self.claims(flt, kinds=["question", "request"]) if row.claim not in answered]
        askers: dict[int, tuple[int, int | None]] = {}
        for ids in _batches([row.claim for row in rows]):
            for cid, mid, asker in self.db.execute(
                    "SELECT c.id, c.message_id, COALESCE(c.speaker_id, m.author_id) FROM claims c JOIN messages m"
                    f" ON m.id = c.message_id WHERE c.id IN ({','.join('?' * len(ids))})", ids):
                askers[cid] = (mid, asker)
        orders: dict[int, _ThreadOrder] = {}
        out = []
        for row in rows:
            mid, asker = askers[row.claim]
            if row.thread not in orders:  # one reading of each thread's order
                orders[row.thread] = _ThreadOrder(self.db, row.thread)
            order = orders[row.thread]
            later = sum(1 for m, author, *_ in order.messages if order.is_later(m, mid) and (asker is None or author != asker))
            out.append(UnansweredRow(**_fields(row), later_replies=later))
        return out

    def commitments(self, flt: ClaimFilter | None = None, *, at: date | None = None,
                    overdue: bool = False) -> list[CommitmentRow]:
        """Commitments with their deadline and status as of ``at`` (default: today, UTC)."""
        at_text = (at or datetime.now(timezone.utc).date()).isoformat()
        out = []
        rows = self.claims(flt, kinds=["commitment"])
        cues = dict(self.db.execute("SELECT id, cue FROM claims WHERE kind = 'commitment'")) if rows else {}
        orders: dict[int, _ThreadOrder] = {}  # each thread's order read once, not once per commitment
        for row in rows:
            c = CommitmentRow(**_fields(row))
            c.deadline, c.deadline_from = self._deadline(row.claim)
            done = _status_done(cues.get(row.claim)) or self._done_report(row.claim, at_text, orders)
            if done is not None:
                c.status, (c.done_by, c.done_text) = "done", done
            elif c.deadline is None:
                c.status = "no deadline"
            else:
                c.status = "overdue" if c.deadline[:10] < at_text else "open"
            out.append(c)
        return [c for c in out if c.status == "overdue"] if overdue else out

    def sections(self, flt: ClaimFilter | None = None) -> list[SectionRow]:
        """Every cited (document, section, item): mentions, messages, people, threads; most cited first."""
        flt = flt or ClaimFilter()
        where, params = self._message_where(flt, "m")
        if flt.speaker:
            where.append("m.author_id IN (SELECT id FROM people WHERE name_key LIKE ? ESCAPE '\\')")
            params.append(like_part(name_key(flt.speaker) or flt.speaker))
        if flt.org:
            where.append("m.on_behalf_of_id IN (SELECT id FROM organisations WHERE name_key = ?)")
            params.append(name_key(flt.org))
        if flt.section:
            ref = SectionRef.parse(flt.section)
            where.append(self._section_sql("ci", ref, params))
        sql = ("SELECT ci.document, ci.section, ci.item, ci.title, ci.message_id, m.author, m.thread_id"
               " FROM citations ci JOIN messages m ON m.id = ci.message_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.date_utc, ci.id")
        groups: dict[tuple[str, str, str], SectionRow] = {}
        seen_messages: dict[tuple[str, str, str], set[int]] = {}
        for doc, sec, item, title, mid, author, thread in self.db.execute(sql, params):
            key = (doc, sec, item)
            g = groups.setdefault(key, SectionRow(doc, sec, item, title, 0, 0))
            g.title = g.title or title
            g.mentions += 1
            seen_messages.setdefault(key, set()).add(mid)
            if author and author not in g.people:
                g.people.append(author)
            if thread not in g.threads:
                g.threads.append(thread)
        for key, g in groups.items():
            g.messages = len(seen_messages[key])
        return sorted(groups.values(), key=lambda g: (-g.messages, -g.mentions, g.document, _section_key(g)))

    # ------------------------------------------------------------------ SQL pieces

    def _where(self, flt: ClaimFilter) -> tuple[list[str], list]:
        where, params = self._message_where(flt, "m")
        if flt.speaker:
            where.append("COALESCE(c.speaker_id, m.author_id) IN"
                         " (SELECT id FROM people WHERE name_key LIKE ? ESCAPE '\\')")
            params.append(like_part(name_key(flt.speaker) or flt.speaker))
        if flt.org:
            where.append("COALESCE(c.on_behalf_of_id, m.on_behalf_of_id) IN"
                         " (SELECT id FROM organisations WHERE name_key = ?)")
            params.append(name_key(flt.org))
        if flt.kind:
            kinds = {k.value for k in ClaimKind}
            if flt.kind not in kinds:
                raise KBError(f"unknown kind {flt.kind!r} (one of {', '.join(sorted(kinds))})")
            where.append("c.kind = ?")
            params.append(flt.kind)
        if flt.section:
            ref = SectionRef.parse(flt.section)
            sub: list = []
            cond = self._section_sql("ci", ref, sub)
            where.append("c.id IN (SELECT cc.claim_id FROM claim_citations cc JOIN citations ci"
                         f" ON ci.id = cc.citation_id WHERE {cond})")
            params += sub
        if flt.api:
            where.append("c.id IN (SELECT ca.claim_id FROM claim_apis ca JOIN apis a ON a.id = ca.api_id"
                         " WHERE a.path LIKE ? ESCAPE '\\')")
            params.append(like_part(flt.api))
        if flt.text:
            words = _WORD_RE.findall(flt.text)
            if not words:
                raise KBError(f"no words to search in {flt.text!r}")
            where.append("c.id IN (SELECT rowid FROM claim_search WHERE claim_search MATCH ?)")
            params.append(" ".join(f'"{w}"' for w in words))
        return where, params

    @staticmethod
    def _message_where(flt: ClaimFilter, m: str) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        for name in ("since", "until"):
            value = getattr(flt, name)
            if value is None:
                continue
            value = value.strip().replace(" ", "T")
            if not _WHEN.match(value):
                raise KBError(f"--{name}: not a date: {value!r} (YYYY, YYYY-MM, YYYY-MM-DD or ISO date-time)")
            if name == "since":
                where.append(f"{m}.date_utc >= ?")
                params.append(value)
            else:
                where.append(f"substr({m}.date_utc, 1, {len(value)}) <= ?")
                params.append(value)
        if flt.thread:
            if flt.thread.strip().isdigit():
                where.append(f"{m}.thread_id = ?")
                params.append(int(flt.thread))
            else:
                where.append(f"{m}.thread_id IN (SELECT id FROM threads WHERE subject LIKE ? ESCAPE '\\')")
                params.append(like_part(flt.thread))
        return where, params

    @staticmethod
    def _section_sql(alias: str, ref: SectionRef, params: list) -> str:
        cond = [f"{alias}.section = ?"]
        params.append(ref.section)
        if ref.document:
            cond.append(f"{alias}.document = ?")
            params.append(ref.document)
        if ref.item:
            cond.append(f"{alias}.item = ?")
            params.append(ref.item)
        return " AND ".join(cond)

    def _claim_sections(self, claim_ids: list[int]) -> dict[int, list[str]]:
        """claim id -> the sections it cites ("BR 4.9.1.1 item 4"), in citation order, each once."""
        out: dict[int, list[str]] = {}
        for ids in _batches(claim_ids):
            for cid, doc, sec, item in self.db.execute(
                    "SELECT cc.claim_id, ci.document, ci.section, ci.item FROM claim_citations cc"
                    f" JOIN citations ci ON ci.id = cc.citation_id WHERE cc.claim_id IN ({','.join('?' * len(ids))})"
                    " ORDER BY cc.claim_id, ci.id", ids):
                name = f"{doc} {sec}" + (f" item {item}" if item else "")
                if name not in (have := out.setdefault(cid, [])):
                    have.append(name)
        return out

    # ------------------------------------------------------------------ commitments: deadline, done?

    def _deadline(self, claim_id: int) -> tuple[str | None, str | None]:
        """The claim's extracted deadline, else one derived from a DEADLINE entity inside the claim's words:
        an absolute date, or a duration ("within five days" = P5D) counted from the message date."""
        deadline, text, mid, sent = self.db.execute(
            "SELECT c.deadline, c.text, c.message_id, m.date_utc FROM claims c JOIN messages m"
            " ON m.id = c.message_id WHERE c.id = ?", (claim_id,)).fetchone()
        if deadline:
            return deadline, "extracted"
        words = f" {normalise_text(text)} "
        for e_text, norm in self.db.execute("SELECT text, norm FROM entities WHERE message_id = ?"
                                            " AND label = 'DEADLINE' ORDER BY start_offset, id", (mid,)):
            if f" {normalise_text(e_text)} " not in words:
                continue
            if _ISO_DAY.match(norm):
                return norm, f"{' '.join(e_text.split())}"
            span = _duration(norm)
            if span is not None and sent and "T" in sent:
                start = datetime.fromisoformat(sent.rstrip("Z"))
                end = (start + span).strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if sent.endswith("Z") else "")
                return end, f"{' '.join(e_text.split())} of {sent}"
        return None, None


    def _done_report(self, claim_id: int, at_text: str,
                     orders: dict[int, _ThreadOrder] | None = None) -> tuple[str, str] | None:
        """(claim id, text) of a later claim or sentence of the same thread reporting the commitment done."""
        c = self.db.execute(
            "SELECT c.text, c.message_id, m.thread_id, COALESCE(c.speaker_id, m.author_id),"
            " COALESCE(c.on_behalf_of_id, m.on_behalf_of_id), o.name FROM claims c"
            " JOIN messages m ON m.id = c.message_id"
            " LEFT JOIN organisations o ON o.id = COALESCE(c.on_behalf_of_id, m.on_behalf_of_id)"
            " WHERE c.id = ?", (claim_id,)).fetchone()
        text, message_id, thread_id, speaker_id, org_id, org_name = c
        orders = {} if orders is None else orders
        order = orders.get(thread_id) or orders.setdefault(thread_id, _ThreadOrder(self.db, thread_id))
        for mid, author_id, m_org, m_text, when in order.later(message_id):
            if when and when[:10] > at_text:
                continue
            for cid, ctext, c_speaker, c_org in order.statements(mid):
                same = (speaker_id and (c_speaker or author_id) == speaker_id) or (org_id and (c_org or m_org) == org_id)
                if same and reports_done(text, ctext, org_name):
                    return f"claim {cid}", ctext
            if (speaker_id and author_id == speaker_id) or (org_id and m_org == org_id):
                for sentence in order.sentences(mid, m_text):
                    if reports_done(text, sentence, org_name):
                        return f"message {mid}", sentence.strip()
        return None


class _ThreadOrder:
    """Which messages of a thread come after which: by date, else by reply chain."""

    def __init__(self, db, thread_id: int):
        self.messages = db.execute(
            "SELECT id, author_id, on_behalf_of_id, text, date_utc FROM messages WHERE thread_id = ?"
            " ORDER BY date_utc IS NULL, date_utc, id", (thread_id,)).fetchall()
        self.parent = dict(db.execute("SELECT id, in_reply_to_id FROM messages WHERE thread_id = ?", (thread_id,)))
        self.date = {m[0]: m[4] for m in self.messages}
        self._db, self._thread = db, thread_id
        self._ancestors: dict[int, list[int]] = {}
        self._statements: dict[int, list[tuple]] | None = None
        self._later: dict[int, list[tuple]] = {}
        self._sentences: dict[int, list[str]] = {}

    def later(self, mid: int) -> list[tuple]:
        """The rows of ``messages`` that come after message ``mid``, in order (worked out once per message)."""
        if mid not in self._later:
            self._later[mid] = [m for m in self.messages if self.is_later(m[0], mid)]
        return self._later[mid]

    def sentences(self, mid: int, text: str) -> list[str]:
        """The sentences of message ``mid`` (its ``text``), split once."""
        if mid not in self._sentences:
            self._sentences[mid] = _SENTENCE.split(text)
        return self._sentences[mid]

    def ancestors(self, mid: int) -> list[int]:
        if mid in self._ancestors:
            return self._ancestors[mid]
        start, out, seen = mid, [], {mid}
        while (p := self.parent.get(mid)) is not None and p not in seen:
            out.append(p)
            seen.add(p)
            mid = p
        self._ancestors[start] = out
        return out

    def statements(self, mid: int) -> list[tuple]:
        """(id, text, speaker_id, on_behalf_of_id) of the claims of message ``mid`` that are not questions
        or requests, in text order (the whole thread's read in one query, on first use)."""
        if self._statements is None:
            self._statements = {}
            for row in self._db.execute(
                    "SELECT c.message_id, c.id, c.text, c.speaker_id, c.on_behalf_of_id FROM claims c"
                    " JOIN messages m ON m.id = c.message_id WHERE m.thread_id = ?"
                    " AND c.kind NOT IN ('question', 'request') ORDER BY c.message_id, c.start_offset, c.id",
                    (self._thread,)):
                self._statements.setdefault(row[0], []).append(tuple(row[1:]))
        return self._statements.get(mid, [])

    def effective_date(self, mid: int) -> str | None:
        """A message's date, or (undated) the latest date among the messages it replies to."""
        if self.date.get(mid):
            return self.date[mid]
        dates = [self.date[a] for a in self.ancestors(mid) if self.date.get(a)]
        return max(dates) if dates else None

    def is_later(self, b: int, a: int) -> bool:
        if a == b:
            return False
        if a in self.ancestors(b):
            return True
        if b in self.ancestors(a):
            return False
        da, db_ = self.effective_date(a), self.effective_date(b)
        return bool(da and db_ and db_ > da)


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?)?$")


def _duration(norm: str) -> timedelta | None:
    """An ISO 8601 duration of weeks/days/hours/minutes ("P5D", "PT24H"), else None."""
    m = _DURATION.match(norm or "")
    if not m or not any(m.groups()):
        return None
    w, d, h, mi = (int(x or 0) for x in m.groups())
    return timedelta(weeks=w, days=d, hours=h, minutes=mi)


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_WORD_RE = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _status_done(cue: str | None) -> tuple[str, str] | None:
    """("its action-item row", status) when the claim is an action item whose Status cell says done."""
    table = done_cues()["action_item_status"]
    m = re.search(table["cue"], cue or "")
    if m and re.match(table["done"], m.group("status").strip(), re.IGNORECASE):
        return "its action-item row", f"Status: {m.group('status').strip()}"
    return None


@lru_cache(maxsize=1)
def done_cues() -> dict:
    """The cue table (threadkb/data/kb_done_cues.json), read once per process (do not modify it)."""
    return json.loads(resources.files("threadkb").joinpath("data", "kb_done_cues.json").read_text("utf-8"))


def _stem(word: str) -> str:
    return word[:5] if len(word) >= 5 else word


def reports_done(commitment: str, later: str, org: str | None = None) -> bool:
    """Does ``later`` report the action ``commitment`` promised as done? (rules in kb_done_cues.json)"""
    done_forms, objects = _promise(commitment, org)
    padded = _padded(later)
    if any(n in padded for n in _negations()):
        return False
    if not any(d in padded for d in done_forms):
        return False
    if not objects:
        return True
    return bool(objects & {_stem(w) for w in padded.split()})


@lru_cache(maxsize=1)
def _negations() -> tuple[str, ...]:
    return tuple(f" {normalise_text(n)} " for n in done_cues()["negations"])


@lru_cache(maxsize=4096)
def _promise(commitment: str, org: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """What a later text must say to report ``commitment`` done: (its done forms, padded; the stems of the
    promised action's object words). The first verb of the cue table the commitment uses decides."""
    cues = done_cues()
    words = normalise_text(commitment).split()
    verb, forms = None, set()
    for spec in cues["verbs"].values():
        if any(w in spec["forms"] for w in words):
            verb, forms = spec, set(spec["forms"])
            break
    done_forms = tuple(f" {normalise_text(d)} " for d in (verb["done"] if verb else []) + cues["generic_done"])
    skip = set(cues["stopwords"]) | forms | set(normalise_text(org or "").split())
    return done_forms, frozenset(_stem(w) for w in words if len(w) >= 4 and w not in skip and not w.isdigit())


@lru_cache(maxsize=1 << 16)
def _padded(text: str) -> str:
    return f" {normalise_text(text)} "


# --------------------------------------------------------------------------- output


def records(rows: list) -> list[dict]:
    """Rows as dicts (as ``dataclasses.asdict``, without its deep copies: 50,000 rows in well under a second)."""
    return [_record(r) for r in rows]


def _record(row) -> dict:
    out = dict(vars(row))  # a dataclass's fields, in order
    for name, value in out.items():
        if isinstance(value, list) and value and is_dataclass(value[0]):
            out[name] = [_record(v) for v in value]
    return out


def _fields(row) -> dict:
    """A row's fields, shallow (to build a subclass row from a ClaimRow)."""
    return {f.name: getattr(row, f.name) for f in fields(row)}


def _batches(ids: list[int]) -> Iterable[list[int]]:
    """``ids`` in pieces of SQL_BATCH (the parameters one ``IN (...)`` may take)."""
    return (ids[i:i + SQL_BATCH] for i in range(0, len(ids), SQL_BATCH))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) if not isinstance(v, dict) else _rebuttal_cell(v) for v in value)
    return str(value)


def _rebuttal_cell(d: dict) -> str:
    return f"#{d['claim']} {d.get('speaker') or '?'}: {d['text']}"


def render(rows: list, fmt: str = "table", width: int = 60) -> str:
    """Rows (dataclasses) as a readable table, JSON Lines or CSV."""
    recs = records(rows)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    if not recs:
        return "" if fmt == "csv" else "(no rows)\n"
    if fmt == "table" and "file" in recs[0]:  # one short column: "file.txt:123"
        recs = [{**{k: v for k, v in r.items() if k not in ("file", "line")},
                 "where": f"{os.path.basename(r['file'] or '?')}:{r['line'] or '?'}"} for r in recs]
    cols = list(recs[0])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in recs:
            w.writerow([_cell(r[c]) for c in cols])
        return buf.getvalue()
    cells = [[_clip(_cell(r[c]), width) for c in cols] for r in recs]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(cols), line(["-" * w for w in widths])] + [line(row) for row in cells]
    return "\n".join(out) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- commands


def cli_query(args) -> int:
    """`threadkb query [claims|history|commitments|unanswered|sections] --filters... --format ...`."""
    if not os.path.exists(args.db):
        raise KBError(f"no knowledge base at {args.db} (build one with `threadkb ingest PATH`)")
    flt = ClaimFilter.from_args(args)
    with KnowledgeBase(args.db) as kb:
        if args.view == "history":
            rows = kb.history(flt)
        elif args.view == "commitments":
            rows = kb.commitments(flt, at=_parse_day(args.at), overdue=args.overdue)
        elif args.view == "unanswered":
            rows = kb.unanswered(flt)
        elif args.view == "sections":
            rows = kb.sections(flt)
        else:
            rows = kb.claims(flt)
    sys.stdout.write(render(rows, args.format))
    return 0


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise KBError(f"--at: not a date: {text!r} (YYYY-MM-DD)") from None


def _section_key(row: SectionRow) -> tuple:
    item = (int(row.item), "") if row.item.isdigit() else (-1 if not row.item else 10**9, row.item)
    return tuple(int(p) if p.isdigit() else 0 for p in row.section.split(".")), item
