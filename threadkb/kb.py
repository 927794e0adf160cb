"""The knowledge base: query API (``KnowledgeBase``), batch ingest, and the `run`/`ingest`/`query` commands.

    kb = KnowledgeBase("output/threadkb.sqlite")
    kb.add(extraction, "corpora/x.txt")                  # store (see threadkb.store)
    kb.claims(ClaimFilter(org="SHECA", section="BR 4.9.1.1"))
    kb.history(ClaimFilter(org="SHECA"))                 # claims over time + the rebuttals each received
    kb.commitments(ClaimFilter(), at=date(2025, 11, 1))  # deadline and whether a later message reports it done
    kb.unanswered(ClaimFilter())                         # questions/requests nobody answered
    kb.sections(ClaimFilter())                           # how often each section is cited, by whom, where

Every view takes the same ``ClaimFilter``; its fields combine (AND).

``ingest_paths(kb, paths, workers=N)`` is the `ingest`/`run` command: files are read as streams of Sources
(``threadkb.ingest``), parsed + extracted in batches of threads (in N processes), and each file is stored
batch by batch in one transaction, so memory holds a few batches whatever the size of the archive.
"""
from __future__ import annotations

import collections
import csv
import gc
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources

from threadkb.ingest import SourceRef
from threadkb.models import ClaimKind, Extraction, IngestError
from threadkb.store import AddResult, KBError, Store, file_hash, name_key, normalise_text

# --------------------------------------------------------------------------- filters and rows

_SECTION = re.compile(
    r"^\s*(?:(?P<doc>[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)\s*[:\s]\s*)?(?P<section>\d+(?:\.\d+)*)"
    r"(?:\s*(?:[:#(]|\b(?:item|point|no\.?|reason)\b)\s*(?P<item>[\w.]+)\)?)?\s*$", re.IGNORECASE)
_DOC_ALIASES = {"tls br": "BR", "brs": "BR", "tls brs": "BR", "baseline requirements": "BR"}
_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?)?)?$")


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
        for row in rows:
            row.sections = self._claim_sections(row.claim)
        return rows

    def history(self, flt: ClaimFilter | None = None) -> list[HistoryRow]:
        """Claims (typically ``org=...``) over time, each with the rebuttals it received."""
        out = []
        for row in self.claims(flt):
            h = HistoryRow(**asdict(row))
            h.rebuttals = [
                Rebuttal(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in self.db.execute(
                    "SELECT a.id, m.date_utc, COALESCE(a.speaker, m.author), a.text, r.evidence FROM relations r"
                    " JOIN claims a ON a.id = r.from_claim_id JOIN messages m ON m.id = a.message_id"
                    " WHERE r.to_claim_id = ? AND r.kind = 'rebuts' ORDER BY m.date_utc, a.id", (row.claim,))]
            out.append(h)
        return out

    def unanswered(self, flt: ClaimFilter | None = None) -> list[ClaimRow]:
        """Questions and requests that no claim ``answers``."""
        answered = {r[0] for r in self.db.execute("SELECT to_claim_id FROM relations WHERE kind = 'answers'")}
        return [r for r in self.claims(flt, kinds=["question", "request"]) if r.claim not in answered]

    def commitments(self, flt: ClaimFilter | None = None, *, at: date | None = None,
                    overdue: bool = False) -> list[CommitmentRow]:
        """Commitments with their deadline and status as of ``at`` (default: today, UTC)."""
        at_text = (at or datetime.now(timezone.utc).date()).isoformat()
        out = []
        for row in self.claims(flt, kinds=["commitment"]):
            c = CommitmentRow(**asdict(row))
            c.deadline, c.deadline_from = self._deadline(row.claim)
            done = self._done_report(row.claim, at_text)
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
            where.append("m.author_id IN (SELECT id FROM people WHERE name_key LIKE ?)")
            params.append(f"%{name_key(flt.speaker) or flt.speaker}%")
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
            where.append("COALESCE(c.speaker_id, m.author_id) IN (SELECT id FROM people WHERE name_key LIKE ?)")
            params.append(f"%{name_key(flt.speaker) or flt.speaker}%")
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
                         " WHERE a.path LIKE ?)")
            params.append(f"%{flt.api}%")
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
                where.append(f"{m}.thread_id IN (SELECT id FROM threads WHERE subject LIKE ?)")
                params.append(f"%{flt.thread}%")
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

    def _claim_sections(self, claim_id: int) -> list[str]:
        out = []
        for doc, sec, item in self.db.execute(
                "SELECT DISTINCT ci.document, ci.section, ci.item FROM claim_citations cc"
                " JOIN citations ci ON ci.id = cc.citation_id WHERE cc.claim_id = ? ORDER BY ci.id", (claim_id,)):
            out.append(f"{doc} {sec}" + (f" item {item}" if item else ""))
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


    def _done_report(self, claim_id: int, at_text: str) -> tuple[str, str] | None:
        """(claim id, text) of a later claim or sentence of the same thread reporting the commitment done."""
        c = self.db.execute(
            "SELECT c.text, c.message_id, m.thread_id, COALESCE(c.speaker_id, m.author_id),"
            " COALESCE(c.on_behalf_of_id, m.on_behalf_of_id), o.name FROM claims c"
            " JOIN messages m ON m.id = c.message_id"
            " LEFT JOIN organisations o ON o.id = COALESCE(c.on_behalf_of_id, m.on_behalf_of_id)"
            " WHERE c.id = ?", (claim_id,)).fetchone()
        text, message_id, thread_id, speaker_id, org_id, org_name = c
        order = _ThreadOrder(self.db, thread_id)
        for mid, author_id, m_org, m_text, when in order.messages:
            if not order.is_later(mid, message_id) or (when and when[:10] > at_text):
                continue
            claims = self.db.execute(
                "SELECT id, text, speaker_id, on_behalf_of_id FROM claims WHERE message_id = ?"
                " AND kind NOT IN ('question', 'request') ORDER BY start_offset, id", (mid,)).fetchall()
            for cid, ctext, c_speaker, c_org in claims:
                same = (speaker_id and (c_speaker or author_id) == speaker_id) or (org_id and (c_org or m_org) == org_id)
                if same and reports_done(text, ctext, org_name):
                    return f"claim {cid}", ctext
            if (speaker_id and author_id == speaker_id) or (org_id and m_org == org_id):
                for sentence in _SENTENCE.split(m_text):
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

    def ancestors(self, mid: int) -> list[int]:
        out, seen = [], {mid}
        while (p := self.parent.get(mid)) is not None and p not in seen:
            out.append(p)
            seen.add(p)
            mid = p
        return out

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


@lru_cache(maxsize=1)
def done_cues() -> dict:
    """The cue table (threadkb/data/kb_done_cues.json)."""
    return json.loads(resources.files("threadkb").joinpath("data", "kb_done_cues.json").read_text("utf-8"))


def _stem(word: str) -> str:
    return word[:5] if len(word) >= 5 else word


def reports_done(commitment: str, later: str, org: str | None = None) -> bool:
    """Does ``later`` report the action ``commitment`` promised as done? (rules in kb_done_cues.json)"""
    cues = done_cues()
    words = normalise_text(commitment).split()
    padded = f" {normalise_text(later)} "
    if any(f" {normalise_text(n)} " in padded for n in cues["negations"]):
        return False
    verb, forms = None, set()
    for name, spec in cues["verbs"].items():
        if any(w in spec["forms"] for w in words):
            verb, forms = spec, set(spec["forms"])
            break
    done_forms = (verb["done"] if verb else []) + cues["generic_done"]
    if not any(f" {normalise_text(d)} " in padded for d in done_forms):
        return False
    skip = set(cues["stopwords"]) | forms | set(normalise_text(org or "").split())
    objects = {_stem(w) for w in words if len(w) >= 4 and w not in skip and not w.isdigit()}
    if not objects:
        return True
    return bool(objects & {_stem(w) for w in padded.split()})


# --------------------------------------------------------------------------- batch ingest


@dataclass
class IngestSummary:
    """What an ingest run did (printed at the end)."""

    files: int = 0
    stored: int = 0  # files whose extractions were stored
    unchanged: int = 0  # files skipped: stored before with the same bytes
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    warnings: int = 0
    added: AddResult = field(default_factory=AddResult)

    def text(self) -> str:
        a = self.added
        lines = [
            f"files: {self.files} ({self.stored} stored, {self.unchanged} unchanged, {len(self.failed)} failed)",
            f"messages: {a.messages_new} new, {a.messages_merged} merged with stored copies"
            f" ({a.messages_updated} replaced by a fuller copy), {a.messages_unchanged} already stored",
            f"threads: {a.threads_new} new, {a.threads_joined} joined a stored thread,"
            f" {a.threads_merged} stored threads merged",
            f"claims: {a.claims_new} new; citations: {a.citations_new}; relations: {a.relations_new};"
            f" entities: {a.entities_new}; APIs: {a.apis_new}",
            f"warnings: {self.warnings}",
        ]
        return "\n".join(lines)


BATCH_SIZE = 64  # Sources parsed + extracted together (one nlp.pipe pass) and stored together
IN_FLIGHT = 2  # batches in flight per worker process: bounds memory, keeps the workers busy
REPORT_MAX_THREADS = 64  # `threadkb run` writes the reports of files with at most this many threads


@dataclass
class Batch:
    """A unit of work: some Sources of one file, as SourceRefs a worker process reads itself."""

    file: int  # position of the file in this run
    path: str
    refs: list[SourceRef]
    last: bool = True  # the file's last batch
    failure: str | None = None  # the file could not be opened or indexed: nothing to extract

    @property
    def size(self) -> int:
        return sum(r.size for r in self.refs)


@dataclass
class BatchResult:
    """The linked extractions of a batch's Sources, in order, or why the batch failed (one line)."""

    extractions: list[Extraction] = field(default_factory=list)
    failure: str | None = None


def extract_batch(batch: Batch) -> BatchResult:
    """Read, parse, extract and link the Sources of a batch (one ``nlp.pipe`` pass; run in a worker)."""
    from threadkb.ingest import load_source
    from threadkb.parse import parse
    from threadkb.pipeline import extract_threads

    try:
        return BatchResult(extract_threads([parse(load_source(ref)) for ref in batch.refs]))
    except IngestError as exc:
        return BatchResult(failure=str(exc))
    except Exception as exc:  # a bug in a stage must not stop the run: the file is reported, not stored
        return BatchResult(failure=f"{type(exc).__name__}: {exc}")


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to ingest (folders expanded, sorted, as the ingest stage does) and missing paths."""
    from threadkb.ingest import iter_files

    files, missing = [], []
    for p in paths:
        if not os.path.exists(p):
            missing.append((p, "no such file or folder"))
        else:
            files.extend(os.path.normpath(f) for f in iter_files(p))  # "./corpora/x" is "corpora/x"
    return files, missing


def plan_batches(files: list[str], batch_size: int = BATCH_SIZE) -> Iterator[Batch]:
    """The batches of every file, in order (lazily: an mbox is indexed when its turn comes)."""
    from threadkb.ingest import file_refs

    for no, path in enumerate(files):
        try:
            refs = file_refs(path)
        except IngestError as exc:
            yield Batch(no, path, [], failure=str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - reported, never a traceback
            yield Batch(no, path, [], failure=f"{type(exc).__name__}: {exc}")
            continue
        for i in range(0, max(1, len(refs)), batch_size):
            yield Batch(no, path, refs[i:i + batch_size], last=i + batch_size >= len(refs))


FileCallback = Callable[[str, "list[Extraction] | None", int], None]


def ingest_paths(kb: Store, paths: Iterable[str], *, workers: int = 1, quiet: bool = False,
                 skip_unchanged: bool = True, on_file: FileCallback | None = None,
                 keep_max: int = REPORT_MAX_THREADS, batch_size: int = BATCH_SIZE,
                 extractor: Callable[[Batch], BatchResult] = extract_batch) -> IngestSummary:
    """Extract every file in batches (in ``workers`` processes) and store them in input order.

    Each file is ONE transaction however many batches it has: a batch is stored as soon as it is ready
    and then dropped, so memory holds a few batches, not a file. A file that cannot be read or processed
    is reported in ``summary.failed`` and is not stored; KeyboardInterrupt rolls back the file being
    stored and propagates. ``on_file(path, extractions, threads)`` is called after each stored file,
    with its extractions when it has at most ``keep_max`` threads, else None.
    """
    files, missing = expand_paths(paths)
    summary = IngestSummary(files=len(files) + len(missing), failed=list(missing))
    todo: list[tuple[str, str, int]] = []
    for f in files:
        try:
            digest, size = file_hash(f)
        except OSError as exc:
            summary.failed.append((f, f"cannot read: {exc.strerror or exc}"))
            continue
        if skip_unchanged and kb.file_is_current(f, digest):
            summary.unchanged += 1
            continue
        todo.append((f, digest, size))
    bar = _progress(sum(t[2] for t in todo), quiet)
    results = _ordered(extractor, plan_batches([t[0] for t in todo], batch_size), workers)
    try:
        for batch, res in results:
            path, digest, size = todo[batch.file]
            bar.set_postfix_str(os.path.basename(path)[:40], refresh=False)
            _FileIngest(kb, summary, bar, on_file, keep_max).run(batch, res, results, digest, size)
    finally:
        results.close()
        bar.close()
    return summary


class _NotStored(Exception):
    """A batch of the file failed: the file's transaction is rolled back (the message is the reason)."""


class _FileIngest:
    """Stores one file's batches as they come from the ordered results, in one transaction."""

    def __init__(self, kb: Store, summary: IngestSummary, bar, on_file: FileCallback | None, keep_max: int):
        self.kb, self.summary, self.bar = kb, summary, bar
        self.on_file, self.keep_max = on_file, keep_max
        self.kept: list[Extraction] | None = [] if on_file else None
        self.threads = self.warnings = 0
        self.counted = 0  # bytes of the file the progress bar has counted
        self.done = False  # the file's last batch has been taken from the results

    def run(self, batch: Batch, res: BatchResult, results: Iterator[tuple[Batch, BatchResult]],
            digest: str, size: int) -> None:
        path = batch.path
        if batch.failure:  # not even opened: nothing to roll back
            self.bar.update(size)
            self.summary.failed.append((path, batch.failure))
            return
        try:
            added = self.kb.add_batches(self._stream(batch, res, results), path, digest, size)
        except _NotStored as exc:
            self.summary.failed.append((path, str(exc)))
        except Exception as exc:  # rolled back: the file is as if never seen
            self.summary.failed.append((path, f"not stored: {type(exc).__name__}: {exc}"))
        else:
            self.summary.added += added
            self.summary.stored += 1
            self.summary.warnings += self.warnings
            if self.on_file is not None:
                self.on_file(path, self.kept, self.threads)
        while not self.done:  # a failed file: take (and drop) its remaining batches
            b, _ = next(results)
            self._advance(b.size)
            self.done = b.last
        self._advance(size - self.counted)  # mbox separator lines are in no batch

    def _advance(self, nbytes: int) -> None:
        self.counted += nbytes
        self.bar.update(nbytes)

    def _stream(self, batch: Batch, res: BatchResult,
                results: Iterator[tuple[Batch, BatchResult]]) -> Iterator[list[Extraction]]:
        while True:
            self.done = batch.last
            self._advance(batch.size)
            if res.failure:
                raise _NotStored(res.failure)
            self.threads += len(res.extractions)
            self.warnings += sum(len(ex.thread.warnings) for ex in res.extractions)
            if self.kept is not None:
                self.kept.extend(res.extractions)
                if len(self.kept) > self.keep_max:
                    self.kept = None
            yield res.extractions
            if batch.last:
                return
            batch, res = next(results)


GC_THRESHOLDS = (50_000, 20, 20)  # (gen0, gen1, gen2) while batches run; Python's default is (700, 10, 10)


def batch_process_gc() -> None:
    """Garbage collection for a process that runs batches: collect cycles less often. With the default
    thresholds the collector walked the live heap (the spaCy vocabulary, the policy index, an mbox's
    index) about 2,000 times per 5,000 e-mails, 11 % of the pipeline's time; peak memory did not change
    (benchmarks/RESULTS.md). Batches make few reference cycles; refcounting frees the rest."""
    gc.set_threshold(*GC_THRESHOLDS)


def _ordered(fn: Callable[[Batch], BatchResult], batches: Iterator[Batch],
             workers: int) -> Generator[tuple[Batch, BatchResult], None, None]:
    """(batch, fn(batch)) in input order: here, or in a pool of ``workers`` processes with at most
    ``IN_FLIGHT * workers`` batches submitted and not yet taken (memory stays flat). The collector runs
    with ``GC_THRESHOLDS`` meanwhile (here and in the workers)."""
    before = gc.get_threshold()
    batch_process_gc()
    try:
        yield from _ordered_batches(fn, batches, workers)
    finally:
        gc.set_threshold(*before)


def _ordered_batches(fn: Callable[[Batch], BatchResult], batches: Iterator[Batch],
                     workers: int) -> Generator[tuple[Batch, BatchResult], None, None]:
    first = list(itertools.islice(batches, 2))
    if workers <= 1 or len(first) < 2:
        for b in itertools.chain(first, batches):
            yield b, (BatchResult(failure=b.failure) if b.failure else fn(b))
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, initializer=batch_process_gc)
    window: collections.deque = collections.deque()
    try:
        for b in itertools.chain(first, batches):
            window.append((b, None if b.failure else pool.submit(fn, b)))
            while len(window) > IN_FLIGHT * workers:
                yield _taken(window.popleft())
        while window:
            yield _taken(window.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _taken(item: tuple[Batch, Future | None]) -> tuple[Batch, BatchResult]:
    b, fut = item
    return b, (BatchResult(failure=b.failure) if fut is None else fut.result())


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, disable=quiet or total == 0, file=sys.stderr,
                leave=False)


# --------------------------------------------------------------------------- output


def records(rows: list) -> list[dict]:
    return [asdict(r) for r in rows]


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


def _ingest_command(args, reports: bool) -> int:
    writer = ReportWriter(args.output_dir) if reports else None
    with KnowledgeBase(args.db) as kb:
        summary = ingest_paths(kb, args.paths, workers=max(1, args.workers), quiet=args.quiet,
                               skip_unchanged=not reports, on_file=writer,
                               keep_max=writer.max_threads if writer else REPORT_MAX_THREADS)
    for path, reason in summary.failed:
        print(f"threadkb: {path}: {reason}", file=sys.stderr)
    for note in writer.notes if writer else []:
        print(f"threadkb: {note}", file=sys.stderr)
    print(summary.text())
    print(f"database: {args.db}")
    return 2 if summary.failed and not (summary.stored or summary.unchanged) else 0


class ReportWriter:
    """`threadkb run`: the review reports of each file, written as soon as the file is stored.

    Only files of at most ``max_threads`` threads (default ``REPORT_MAX_THREADS``) get reports: a big
    mbox would give thousands of pages, and keeping its extractions would hold the whole archive in
    memory. The others are noted on stderr; their threads are in the knowledge base. A report name
    (the file's stem) written for one file of the run is not overwritten by another file of that name.
    """

    def __init__(self, output_dir: str, max_threads: int = REPORT_MAX_THREADS):
        self.output_dir = output_dir
        self.max_threads = max_threads
        self.owner: dict[str, str] = {}  # report stem -> the file it was written for
        self.notes: list[str] = []

    def __call__(self, path: str, extractions: list[Extraction] | None, threads: int) -> None:
        from threadkb.report import report_stem, write_reports

        if extractions is None:
            self.notes.append(f"{path}: {threads} threads: no report written (reports are written for files"
                              f" of at most {self.max_threads} threads; use `threadkb query`)")
            return
        if not extractions:
            return
        stems = {report_stem(ex) for ex in extractions}
        taken = sorted(s for s in stems if self.owner.get(s, path) != path)
        if taken:
            self.notes.append(f"{path}: no report written: {taken[0]}.report.* was written for"
                              f" {self.owner[taken[0]]} in this run")
            return
        try:
            write_reports(extractions, self.output_dir)
        except Exception as exc:  # noqa: BLE001 - the file is stored; the report is reported missing
            self.notes.append(f"{path}: no report written: {type(exc).__name__}: {exc}")
            return
        self.owner.update({s: path for s in stems})


def cli_ingest(args) -> int:
    """`threadkb ingest PATH...`: store new and changed files (unchanged files are skipped)."""
    return _ingest_command(args, reports=False)


def cli_run(args) -> int:
    """`threadkb run PATH...`: extract every file, store it, write the reports, print the summary."""
    return _ingest_command(args, reports=True)


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
