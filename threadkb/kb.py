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

import builtins
import csv
import io
import json
import os
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, timezone
from functools import partial

from threadkb import followup, identity
from threadkb.extract.resolve import document_names, version_order
from threadkb.kinds import asking_kinds, claim_kind_names
from threadkb.models import (
    Addressee,
    ApiRef,
    Citation,
    Claim,
    ClaimKind,
    Entity,
    Extraction,
    Message,
    QuotedSpan,
    Relation,
    RelationKind,
    SourceSpan,
    Thread,
    citation_id,
)
from threadkb.store import SQL_BATCH, KBError, Store, stored_date, thread_subject  # noqa: F401 (thread_subject: kb's API)

# --------------------------------------------------------------------------- filters and rows

_SECTION = re.compile(
    r"^\s*(?:(?P<doc>[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)(?:\s++(?::\s*+)?|:\s*+))?(?P<section>\d+(?:\.\d+)*)"
    r"(?:\s*(?:[:#(]|\b(?:item|point|no\.?|reason)\b)\s*(?P<item>[\w.]+)\)?)?\s*$", re.IGNORECASE)
_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?)?)?$")
MAX_FILTER = 1000  # characters of one filter (a longer one is an error, not a slow or failing query)
MAX_ROW_ID = 2**63 - 1  # SQLite's largest INTEGER: a bigger thread number matches nothing and cannot be bound
_LIKE_SPECIAL = re.compile(r"([\\%_])")


def like_part(text: str) -> str:
    """A LIKE pattern (used with ``ESCAPE '\\'``) matching text that contains ``text`` literally: a ``%`` or
    ``_`` typed in a filter is that character, not a wildcard."""
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", text) + "%"


class NoMatch(KBError):
    """A filter that matches no person, organisation or thread of the knowledge base (with the nearest names)."""

    def __init__(self, option: str, value: str, nearest: list[str], known: str | None = None, hint: str = ""):
        hint = f"; nearest: {', '.join(nearest)}" if nearest else f"; {hint}" if hint else ""
        super().__init__(f"{option} {value!r}: {known} is a known organisation, but nothing in the knowledge base is"
                         " by it or its people" if known else
                         f"{option} {value!r} matches nothing in the knowledge base{hint}")
        self.nearest = nearest


def check_when(text: str) -> str:
    """``text`` as a date filter value ("2025", "2025-10", "2025-10-08", "2025-10-08T12:00:00Z"), checked
    against the calendar ("2025-13" and "2025-02-30" are errors); KBError otherwise."""
    value = (text or "").strip().replace(" ", "T")
    ok = bool(_WHEN.match(value))
    if ok:
        parts = value[:10].split("-") + ["01", "01"]
        try:
            date(int(parts[0]), int(parts[1]), int(parts[2]))
            if "T" in value:
                datetime.fromisoformat(value.rstrip("Z"))
        except ValueError:
            ok = False
    if not ok:
        raise KBError(f"not a date: {text!r} (YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time)")
    return value


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
            raise KBError(f"--section: cannot read section {text!r} (try \"BR 4.9.1.1\" or \"BR 4.9.1.1 item 4\")")
        doc = m["doc"]
        if doc:
            doc = document_names().get(" ".join(doc.lower().split()), doc.upper())
        return cls(doc, m["section"], m["item"])


# the text filters a blank value would turn into "any" (an empty LIKE pattern matches every row)
BLANK_REFUSED = ("speaker", "org", "section", "api", "text", "thread", "to")


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
    to: str | None = None  # part of an addressee's address or name (the message's To or Cc), any case

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > MAX_FILTER:
                raise KBError(f"--{name}: {len(value)} characters; a filter takes at most {MAX_FILTER}")
        if isinstance(self.thread, str) and self.thread.strip().isdigit() and int(self.thread) > MAX_ROW_ID:
            raise KBError(f"--thread: no thread has the number {self.thread.strip()} (at most {MAX_ROW_ID})")
        for name in BLANK_REFUSED:
            value = getattr(self, name)
            if isinstance(value, str) and not value.strip():  # "--org $CA" with CA unset: not "every organisation"
                raise KBError(f"--{name}: an empty value selects nothing; give one, or leave the option out")
        if self.since and self.until:
            try:
                since, until = check_when(self.since), check_when(self.until)
            except KBError:
                return  # said, with its option's name, where the filter is read
            if since[:len(until)] > until:  # every date on or after since is after until at until's precision
                raise KBError(f"--since {self.since} is after --until {self.until}: no date is in that range")

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
    # a third party's words quoted in prose ("2.2 Regarding Matt's Description: '…'"): who quotes them, in whose
    # message (its date and place are the quoting message's); None: the speaker's own words
    quoted_by: str | None = None


@dataclass
class UnansweredRow(ClaimRow):
    later_replies: int = 0  # later messages of the thread by someone other than the asker
    state: str = followup.NO_REPLY  # "replied, no answer found", "later messages, none a reply", "no reply"
    replies: list[str] = field(default_factory=list)  # "message 7": the later messages that reply to it
    evidence: list[str] = field(default_factory=list)


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
    deadline_from: str | None = None  # how the claim stage got it ("within 5 days of the message date", "stated")
    status: str = "open"  # done, overdue, announced (its day passed), open, no deadline
    done_by: str | None = None  # "claim 12" or "message 7": what reports it done
    done_text: str | None = None
    evidence: str | None = None  # the rule that decided done, overdue or announced, in words (threadkb.followup)
    done_where: str | None = None  # where ``done_by`` is: "file:line" (no view lists messages by their number)


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
    # the versions of the document in force on the citing messages' dates, oldest first: a section's claims across
    # versions (an undated message's citation, resolved to the latest version and flagged no_date, names none)
    versions: list[str] = field(default_factory=list)


@dataclass
class PersonRow:
    id: int
    person: str  # the name that stands for the person (a full name when one is known)
    aliases: list[str] = field(default_factory=list)  # the other names the texts give
    emails: list[str] = field(default_factory=list)
    organisation: str | None = None
    organisation_from: str | None = None  # the evidence: "e-mail domain (2 messages)", "login suffix" ...
    messages: int = 0
    claims: int = 0
    threads: int = 0
    first: str | None = None
    last: str | None = None
    alias_rules: list[str] = field(default_factory=list)  # why each alias is the person


@dataclass
class OrgRow:
    organisation: str
    kind: str | None = None  # CA, root_program, body ... (orgs.json)
    names: list[str] = field(default_factory=list)  # other names it was stored under
    people: list[str] = field(default_factory=list)
    messages: int = 0  # written on its behalf or by its people
    claims: int = 0


@dataclass
class ThreadRow:
    thread: int  # what --thread takes
    key: str  # the opening message's text hash: the same thread in any rebuild of the base
    subject: str
    list: str | None
    sources: builtins.list[str]  # (the field ``list`` hides the builtin in the class body)
    first: str | None
    last: str | None
    messages: int
    claims: int


@dataclass
class QuoteRow:
    """A quote block (``threadkb query quotes``): which message quotes which, whether the quoted message is the one
    it replies to, and where the block and the answer below it are."""

    message: int  # the quoting message
    thread: int
    date: str | None
    author: str | None
    quotes: int | None  # the message quoted (None: unknown, as the parse left it)
    quoted_author: str | None
    relation: str  # "its parent", "not its parent", "unknown message"
    depth: int
    file: str  # the file its lines count in ("path#3": an mbox's third thread, as every span names it)
    line: int  # 1-based, inclusive
    line_end: int
    col: int
    answer: str | None  # the quoting message's own lines right below the block ("21-22"), None when none
    text: str


# A people row's person (identity) and that person's name, as SQL around a column holding a people id.
PERSON = "(SELECT COALESCE(identity_id, id) FROM people WHERE id = {})"
# the file a quote block's lines count in, as every span names it: "path", or "path#3" for an mbox's third thread
# --to: an addressee whose address or name holds the text, all three in the form names are compared in (identity.fold;
# params: its LIKE part, twice; LIKE itself folds ASCII letters only: "JÖRG" would miss "Jörg")
ADDRESSEE_MATCH = "(address_key LIKE ? ESCAPE '\\' OR name_key LIKE ? ESCAPE '\\')"
QUOTE_FILE = "f.path || CASE q.thread_number WHEN '' THEN '' ELSE '#' || q.thread_number END"
PERSON_NAME = ("(SELECT h.name FROM people p JOIN people h ON h.id = COALESCE(p.identity_id, p.id)"
               " WHERE p.id = {})")
def thread_subjects(db) -> dict[int, str]:
    """Every thread's subject as ``query threads`` shows it (``thread_subject``): what ``--thread TEXT`` looks in, so
    a thread shown by its opening's first line ("SHECA provides partners with …") is found by the words shown. One row
    per thread (``thread_keys.shown``, kept at ingest), not every message of the base."""
    return dict(db.execute("SELECT thread_id, shown FROM thread_keys"))


def _stored_span(path: str | None, line: int | None, line_end: int | None) -> SourceSpan | None:
    """Where a stored row stands (file, its lines), as the parse named it; None when the base does not say."""
    if not path or line is None:
        return None
    return SourceSpan(path, line, line_end if line_end is not None else line)


# --------------------------------------------------------------------------- the query API


class KnowledgeBase(Store):
    """An open knowledge base: ``add`` (from Store) and the query views."""

    def claims(self, flt: ClaimFilter | None = None, *, kinds: Iterable[str] | None = None,
               row: type[ClaimRow] = ClaimRow) -> list:
        """Claims matching every filter, oldest first (undated last), as ``row`` objects (ClaimRow or a view's
        subclass of it, whose own fields keep their defaults)."""
        where, params = self._where(flt or ClaimFilter())
        if kinds is not None:
            kinds = list(kinds)
            where.append(f"c.kind IN ({','.join('?' * len(kinds))})")
            params += kinds
        sql = (
            "SELECT c.id, m.thread_id, m.date_utc, COALESCE(h.name, c.speaker, m.author) AS speaker,"
            " COALESCE(o.name, ho.name) AS org, c.kind, c.text, f.path, c.line_start,"
            f" CASE WHEN c.reported THEN COALESCE({PERSON_NAME.format('m.author_id')}, m.author, '?') END FROM claims c"
            " JOIN messages m ON m.id = c.message_id"
            " LEFT JOIN source_files f ON f.id = c.source_file_id"
            " LEFT JOIN organisations o ON o.id = COALESCE(c.on_behalf_of_id, m.on_behalf_of_id)"
            " LEFT JOIN people p ON p.id = COALESCE(c.speaker_id, m.author_id)"
            " LEFT JOIN people h ON h.id = COALESCE(p.identity_id, p.id)"
            " LEFT JOIN organisations ho ON ho.id = h.organisation_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY m.date_utc IS NULL, m.date_utc, c.message_id, c.start_offset, c.id")
        found = self.db.execute(sql, params).fetchall()
        sections = self._claim_sections([r[0] for r in found])
        # positional (claim, thread, date, speaker, on_behalf_of, kind, text, sections, file, line, quoted_by):
        # 50,000 rows
        return [row(r[0], r[1], r[2], r[3], r[4], r[5], r[6], sections.get(r[0], []), r[7], r[8], r[9])
                for r in found]

    def history(self, flt: ClaimFilter | None = None) -> list[HistoryRow]:
        """Claims (typically ``org=...``) over time, each with the rebuttals it received."""
        rows = self.claims(flt, row=HistoryRow)
        rebuttals: dict[int, list[Rebuttal]] = {}
        wanted = {row.claim for row in rows}
        sql = ("SELECT r.to_claim_id, a.id, m.date_utc, COALESCE(" + PERSON_NAME.format("COALESCE(a.speaker_id, m.author_id)")
               + ", a.speaker, m.author), a.text, r.evidence FROM relations r JOIN claims a ON a.id = r.from_claim_id"
               " JOIN messages m ON m.id = a.message_id WHERE r.kind = 'rebuts' {} ORDER BY m.date_utc, a.id")
        # a few claims: looked up by id; many: every rebuttal read in one pass and kept when it answers one of them
        ids = sorted(wanted) if len(wanted) <= SQL_BATCH else []
        for r in self.db.execute(sql.format(f"AND r.to_claim_id IN ({','.join('?' * len(ids))})" if ids else ""),
                                 ids) if wanted else ():
            if r[0] in wanted:
                rebuttals.setdefault(r[0], []).append(Rebuttal(r[1], r[2], r[3], r[4], json.loads(r[5])))
        for row in rows:
            row.rebuttals = rebuttals.get(row.claim, row.rebuttals)
        return rows

    def unanswered(self, flt: ClaimFilter | None = None, *, no_reply: bool = False) -> list[UnansweredRow]:
        """Questions and requests that no claim ``answers`` and no message answers below a quote of them (those are
        answered: threadkb.followup), each with its state: replied to (a later message by someone else replies to
        or quotes its message; no answer found), later messages by others but
        none a reply, or no reply; how many later messages of its thread come from someone else. The most
        neglected first, as the report lists them (``followup.most_neglected_first``; each state in claim order:
        by date, undated last). ``no_reply``: only those no message replies to (the last two states)."""
        answered = {r[0] for r in self.db.execute("SELECT to_claim_id FROM relations WHERE kind = 'answers'")}
        rows = [row for row in self.claims(flt, kinds=asking_kinds(), row=UnansweredRow)
                if row.claim not in answered]
        states = self.question_states([row.claim for row in rows], answers=False)
        rows = [row for row in rows if states[row.claim].state != followup.ANSWERED]  # answered below a quote
        for row in rows:
            st = states[row.claim]
            row.state, row.later_replies, row.evidence = st.state, st.later_replies, st.evidence
            row.replies = [f"message {m}" for m in st.by]
        rows = followup.most_neglected_first(rows, lambda row: row.state)
        return [row for row in rows if row.state != followup.REPLIED] if no_reply else rows

    def question_states(self, claim_ids: list[int], *, answers: bool = True) -> dict[int, followup.QuestionState]:
        """claim id -> what became of that question (threadkb.followup.question_state); an id that names no
        claim is left out; ``answers=False``: the claims are known to have no ``answers`` edge (the edges are not
        read)."""
        edges: dict[int, list[followup.Answer]] = {}
        asked: dict[int, tuple[int, int, int | None, str]] = {}
        for ids in _batches(claim_ids):
            marks = ",".join("?" * len(ids))
            for cid, mid, thread, asker, text in self.db.execute(
                    "SELECT c.id, c.message_id, m.thread_id, " + PERSON.format("COALESCE(c.speaker_id, m.author_id)")
                    + f", c.text FROM claims c JOIN messages m ON m.id = c.message_id WHERE c.id IN ({marks})", ids):
                asked[cid] = (mid, thread, asker, text)
            for source, target, ev in self.db.execute(
                    "SELECT from_claim_id, to_claim_id, evidence FROM relations WHERE kind = 'answers'"
                    f" AND to_claim_id IN ({marks}) ORDER BY id", ids) if answers else ():
                edges.setdefault(target, []).append(followup.Answer(source, tuple(json.loads(ev or "[]"))))
        orders: dict[int, followup.ThreadOrder] = {}  # each thread's order read once
        out = {}
        for cid in claim_ids:
            if cid not in asked:  # no such claim (deleted, or not a claim id): nothing became of it
                continue
            mid, thread, asker, text = asked[cid]
            order = orders.get(thread) or orders.setdefault(thread, self._thread_order(thread))
            out[cid] = followup.question_state(followup.Question(cid, mid, asker, text), order, edges.get(cid, []))
        return out

    def commitments(self, flt: ClaimFilter | None = None, *, at: date | None = None,
                    overdue: bool = False) -> list[CommitmentRow]:
        """Commitments with their deadline and status as of ``at`` (default: today, UTC): done (with what
        reports it), overdue, announced (an announcement whose day passed), open, no deadline
        (threadkb.followup.commitment_state)."""
        at_text = (at or datetime.now(timezone.utc).date()).isoformat()
        rows = self.claims(flt, kinds=[ClaimKind.COMMITMENT.value], row=CommitmentRow)
        # the claim stage's deadline as stored, and what telling it done takes: one indexed query (claims_kind)
        stored = {r[0]: r[1:] for r in self.db.execute(
            "SELECT c.id, c.cue, c.deadline, c.deadline_rule, c.text, c.message_id, m.thread_id, "
            + PERSON.format("COALESCE(c.speaker_id, m.author_id)") + ", COALESCE(c.on_behalf_of_id, m.on_behalf_of_id),"
            " o.name, m.author, m.email, c.speaker_id IS NULL OR c.speaker_id = m.author_id"
            " FROM claims c JOIN messages m ON m.id = c.message_id"
            " LEFT JOIN organisations o ON o.id = COALESCE(c.on_behalf_of_id, m.on_behalf_of_id)"
            " WHERE c.kind = ?", (ClaimKind.COMMITMENT.value,))} if rows else {}
        orders: dict[int, followup.ThreadOrder] = {}  # each thread's order read once, not once per commitment
        for c in rows:
            cue, c.deadline, c.deadline_from, text, mid, thread, speaker, org, org_name, author, email, own = stored[c.claim]
            order = orders.get(thread) or orders.setdefault(thread, self._thread_order(thread))
            mine = tuple(identity.own_affiliations(author, email)) if own else ()  # the message's writer is the speaker
            st = followup.commitment_state(
                followup.Promise(c.claim, text, mid, speaker, org, org_name, cue, c.deadline, mine), order, at_text)
            c.status, c.evidence = st.state, st.evidence
            if st.state == followup.DONE:
                c.done_by, c.done_text = f"{st.by_kind} {st.by}" if st.by_kind else st.evidence, st.text
                c.done_where = self._place(st.by_kind, st.by)
        return [c for c in rows if c.status == followup.OVERDUE] if overdue else rows

    def _place(self, kind: str | None, row_id: Hashable | None) -> str | None:
        """"file:line" of a stored claim or message (kind "claim" / "message"), else None."""
        table = {"claim": "claims", "message": "messages"}.get(kind or "")
        if table is None or row_id is None:
            return None
        found = self.db.execute(f"SELECT f.path, t.line_start FROM {table} t JOIN source_files f"
                                " ON f.id = t.source_file_id WHERE t.id = ?", (row_id,)).fetchone()
        return f"{found[0]}:{found[1]}" if found else None

    def quotes(self, flt: ClaimFilter | None = None, *, of: int | None = None,
               not_parent: bool = False) -> list[QuoteRow]:
        """Every stored quote block of the messages the filters select (dates, thread, author and organisation of
        the quoting message), in thread and date order: ``of`` keeps the quotes of that message (who quoted it);
        ``not_parent`` those of a message other than the one the quoting message replies to (known or not)."""
        flt = flt or ClaimFilter()
        where, params = self._message_filter(flt)
        if of is not None:
            if not 0 <= of <= MAX_ROW_ID or not self.db.execute("SELECT 1 FROM messages WHERE id = ?", (of,)).fetchone():
                raise NoMatch("--of", str(of), [], hint="no message has that number (query quotes lists them)")
            where.append("q.quoted_message_id = ?")
            params.append(of)
        if not_parent:
            where.append("q.quoted_message_id IS NOT m.in_reply_to_id")
        out = []
        for row in self.db.execute(
                f"SELECT q.message_id, m.thread_id, m.date_utc, COALESCE({PERSON_NAME.format('m.author_id')}, m.author),"
                f" q.quoted_message_id, COALESCE({PERSON_NAME.format('o.author_id')}, o.author), m.in_reply_to_id,"
                f" q.depth, {QUOTE_FILE}, q.line_start, q.line_end, q.col, q.answer_line_start, q.answer_line_end, q.text"
                " FROM message_quotes q JOIN messages m ON m.id = q.message_id"
                " JOIN source_files f ON f.id = q.source_file_id LEFT JOIN messages o ON o.id = q.quoted_message_id"
                + (" WHERE " + " AND ".join(where) if where else "")
                + " ORDER BY m.thread_id, m.date_utc IS NULL, m.date_utc, m.id, f.path, q.line_start", params):
            (mid, thread, when, author, quoted, quoted_author, parent, depth, path, line, line_end, col, a_start, a_end,
             text) = row
            relation = "unknown message" if quoted is None else "its parent" if quoted == parent else "not its parent"
            answer = None if a_start is None else f"{a_start}-{a_end}" if a_end != a_start else str(a_start)
            out.append(QuoteRow(mid, thread, when, author, quoted, quoted_author, relation, depth, path, line, line_end,
                                col, answer, text))
        return out

    def files_without_addressees(self) -> list[str]:
        """The files stored before addressees were kept (schema 8): ``--to`` does not see their mails until they are
        ingested again (``Store.file_is_current`` then reads them again)."""
        return [r[0] for r in self.db.execute("SELECT path FROM source_files WHERE addressees_stored = 0 ORDER BY path")]

    def files_without_quotes(self) -> list[str]:
        """The files stored before quote blocks were kept (schema 7): their quotes are not known until they are
        ingested again (``Store.file_is_current`` then reads them again)."""
        return [r[0] for r in self.db.execute("SELECT path FROM source_files WHERE quotes_stored = 0 ORDER BY path")]

    def sections(self, flt: ClaimFilter | None = None) -> list[SectionRow]:
        """Every cited (document, section, item): mentions, messages, people, threads; most cited first."""
        flt = flt or ClaimFilter()
        where, params = self._message_filter(flt)
        if flt.section:
            ref = SectionRef.parse(flt.section)
            where.append(self._section_sql("ci", ref, params))
        sql = ("SELECT ci.document, ci.section, ci.item, ci.title, ci.message_id,"
               f" COALESCE({PERSON_NAME.format('m.author_id')}, m.author), m.thread_id,"
               " CASE WHEN ci.flags LIKE '%\"no_date\"%' THEN NULL ELSE ci.version END"
               " FROM citations ci JOIN messages m ON m.id = ci.message_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.date_utc, ci.id")
        groups: dict[tuple[str, str, str], SectionRow] = {}
        seen_messages: dict[tuple[str, str, str], set[int]] = {}
        for doc, sec, item, title, mid, author, thread, version in self.db.execute(sql, params):
            key = (doc, sec, item)
            g = groups.setdefault(key, SectionRow(doc, sec, item, title, 0, 0))
            g.title = g.title or title
            g.mentions += 1
            seen_messages.setdefault(key, set()).add(mid)
            if author and author not in g.people:
                g.people.append(author)
            if thread not in g.threads:
                g.threads.append(thread)
            if version and version not in g.versions:
                g.versions.append(version)
        for key, g in groups.items():
            g.messages = len(seen_messages[key])
            g.versions.sort(key=partial(version_order, g.document))
        return sorted(groups.values(), key=lambda g: (-g.messages, -g.mentions, g.document, _section_key(g)))

    def selection(self, flt: ClaimFilter | None = None) -> Extraction:
        """The claims ``flt`` selects as ONE Extraction (for ``threadkb graph --db``): their messages, the
        relations that touch them (with the claim at the other end), citations, APIs and organisations named.
        Keys are row ids ("m12" a message, "c34" a claim); people are shown as the person (identity)."""
        chosen = {r.claim for r in self.claims(flt)}
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS selected (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM selected")
        self.db.executemany("INSERT INTO selected VALUES (?)", [(i,) for i in chosen])
        relations = self.db.execute(
            "SELECT from_claim_id, to_claim_id, kind, evidence, score FROM relations WHERE from_claim_id IN"
            " (SELECT id FROM selected) OR to_claim_id IN (SELECT id FROM selected) ORDER BY id").fetchall()
        self.db.executemany("INSERT OR IGNORE INTO selected VALUES (?)", [(r[i],) for r in relations for i in (0, 1)])
        claims = []
        for (cid, mid, speaker, kind, text, start, end, org, deadline, cue, reported, path, line, line_end) in \
                self.db.execute(
                f"SELECT c.id, c.message_id, COALESCE({PERSON_NAME.format('c.speaker_id')}, c.speaker), c.kind, c.text,"
                " c.start_offset, c.end_offset, o.name, c.deadline, c.cue, c.reported, f.path, c.line_start,"
                " c.line_end FROM claims c LEFT JOIN organisations o ON o.id = c.on_behalf_of_id"
                " LEFT JOIN source_files f ON f.id = c.source_file_id WHERE c.id IN (SELECT id FROM selected)"
                " ORDER BY c.id"):
            cites = [citation_id(d, sec, item or None) for d, sec, item in self.db.execute(
                "SELECT ci.document, ci.section, ci.item FROM claim_citations cc JOIN citations ci"
                " ON ci.id = cc.citation_id WHERE cc.claim_id = ?", (cid,))]
            apis = [r[0] for r in self.db.execute(
                "SELECT a.path FROM claim_apis ca JOIN apis a ON a.id = ca.api_id WHERE ca.claim_id = ?", (cid,))]
            claims.append(Claim(f"c{cid}", f"m{mid}", speaker, ClaimKind(kind), text, start or 0, end or 0,
                                on_behalf_of=org, deadline=stored_date(deadline), cue=cue or "",
                                reported=bool(reported), citations=cites, apis=apis,
                                span=_stored_span(path, line, line_end)))
        message_ids = sorted({int(c.message[1:]) for c in claims})
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS selected_messages (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM selected_messages")
        self.db.executemany("INSERT INTO selected_messages VALUES (?)", [(i,) for i in message_ids])
        inside = "IN (SELECT id FROM selected_messages)"
        messages = [
            Message(f"m{mid}", f"thread {tid}", author=author, date=stored_date(when, offset),  # on the author's clock
                    in_reply_to=f"m{parent}" if parent in message_ids else None, subject=subject, on_behalf_of=org,
                    origin=f"knowledge base, thread {tid}", stored_span=_stored_span(path, line, line_end))
            for mid, tid, author, when, offset, parent, subject, org, path, line, line_end in self.db.execute(
                f"SELECT m.id, m.thread_id, COALESCE({PERSON_NAME.format('m.author_id')}, m.author), m.date_utc, m.date_offset,"
                " m.in_reply_to_id, COALESCE(m.subject, t.subject), o.name, f.path, m.line_start, m.line_end"
                " FROM messages m JOIN threads t ON t.id = m.thread_id"
                " LEFT JOIN organisations o ON o.id = m.on_behalf_of_id LEFT JOIN source_files f ON f.id = m.source_file_id"
                f" WHERE m.id {inside} ORDER BY m.date_utc IS NULL, m.date_utc, m.id")]
        by_key = {int(m.key[1:]): m for m in messages}
        # a citation's, API's or entity's lines count in the file of the copy the message row keeps
        def at(mid: int, line: int | None, line_end: int | None) -> SourceSpan | None:
            where = by_key[mid].stored_span
            return _stored_span(where.file if where else None, line, line_end)
        for mid, header, name, address in self.db.execute(
                f"SELECT message_id, header, name, address FROM message_addressees WHERE message_id {inside}"
                " ORDER BY message_id, position"):
            by_key[mid].addressees.append(Addressee(header, name, address))
        for mid, quoted, path, line, line_end, a_start, a_end in self.db.execute(
                f"SELECT q.message_id, q.quoted_message_id, {QUOTE_FILE}, q.line_start, q.line_end, q.answer_line_start,"
                " q.answer_line_end FROM message_quotes q JOIN source_files f ON f.id = q.source_file_id"
                f" WHERE q.message_id {inside} ORDER BY q.message_id, f.path, q.line_start"):
            by_key[mid].quotes.append(QuotedSpan(f"m{quoted}" if quoted in by_key else None, (line - 1, line_end),
                                                 (a_start - 1, a_end) if a_start is not None else None, path))
        citations = [
            Citation(f"m{mid}", doc, sec, item or None, text, at(mid, line, line_end), start or 0, end or 0, title,
                     version, item_text, json.loads(flags or "[]"), bool(quoted), rule or "")
            for mid, doc, sec, item, text, title, version, item_text, flags, quoted, rule, start, end, line, line_end
            in self.db.execute(
                "SELECT message_id, document, section, item, surface_text, title, version, item_text, flags,"
                " in_document_quote, rule, start_offset, end_offset, line_start, line_end FROM citations"
                f" WHERE message_id {inside} ORDER BY id")]
        apis = [ApiRef(f"m{mid}", path, at(mid, line, line_end), start or 0, end or 0)
                for mid, path, start, end, line, line_end in self.db.execute(
                    "SELECT am.message_id, a.path, am.start_offset, am.end_offset, am.line_start, am.line_end"
                    f" FROM api_mentions am JOIN apis a ON a.id = am.api_id WHERE am.message_id {inside} ORDER BY am.id")]
        entities = [Entity(f"m{mid}", label, text, norm, at(mid, line, line_end), start or 0, end or 0)
                    for mid, label, text, norm, start, end, line, line_end in self.db.execute(
                        "SELECT message_id, label, text, norm, start_offset, end_offset, line_start, line_end"
                        f" FROM entities WHERE message_id {inside} AND label = 'ORG' ORDER BY id")]
        rels = [Relation(f"c{a}", f"c{b}", RelationKind(kind), json.loads(ev or "[]"), score)
                for a, b, kind, ev, score in relations]
        threads = {m.source for m in messages}
        thread = Thread(str(self.path), messages, [], subject=f"knowledge base: {len(claims)} claims in"
                        f" {len(threads)} threads")
        return Extraction(thread, citations, apis, entities, claims, rels, meta={"selected": sorted(chosen)})

    # ------------------------------------------------------------------ SQL pieces

    def _where(self, flt: ClaimFilter) -> tuple[list[str], list]:
        self._check_names(flt)
        where, params = self._message_where(flt, "m")
        self._who(flt, "COALESCE(c.speaker_id, m.author_id)", "COALESCE(c.on_behalf_of_id, m.on_behalf_of_id)",
                  where, params)
        if flt.kind:
            known = claim_kind_names()
            if flt.kind not in known:
                raise KBError(f"unknown kind {flt.kind!r} (one of {', '.join(sorted(known))})")
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

    # ------------------------------------------------------------------ people, organisations, threads

    def _people(self, text: str) -> list[int]:
        """The people rows of every person one of whose names contains ``text``; NoMatch when none does."""
        ids = identity.person_ids(self.db, text)
        if not ids:
            names = [r[0] for r in self.db.execute("SELECT name FROM people")]
            raise NoMatch("--speaker", text, identity.nearest(text, names))
        return ids

    def _orgs(self, text: str) -> list[int]:
        """The organisation rows ``--org text`` means (identity.organisation_ids); NoMatch when none."""
        ids = identity.organisation_ids(self.db, text)
        known = identity.canonical_org(text) or identity.canonical_org(identity.without_legal_form(text))
        if not ids and known:
            raise NoMatch("--org", text, [], known)
        if not ids:
            names = [r[0] for r in self.db.execute("SELECT name FROM organisations")]
            names += [o["name"] for o in identity.org_table()]
            raise NoMatch("--org", text, identity.nearest(text, sorted(set(names))))
        return ids

    def _members(self, org_ids: list[int]) -> list[int]:
        """The people rows (every name) of the persons whose organisation is one of ``org_ids``."""
        if not org_ids:
            return []
        marks = ",".join("?" * len(org_ids))
        return [r[0] for r in self.db.execute(
            "SELECT p.id FROM people p JOIN people h ON h.id = COALESCE(p.identity_id, p.id)"
            f" WHERE h.organisation_id IN ({marks})", org_ids)]

    def _message_filter(self, flt: ClaimFilter) -> tuple[list[str], list]:
        """The filters that apply to messages (alias ``m``): dates, thread, author (any name of the person),
        organisation (written on its behalf or by one of its people)."""
        self._check_names(flt)
        where, params = self._message_where(flt, "m")
        self._who(flt, "m.author_id", "m.on_behalf_of_id", where, params)
        return where, params

    def _check_names(self, flt: ClaimFilter) -> None:
        """NoMatch, with the nearest names, for a --thread subject, --api or --section that nothing stored has
        (--speaker and --org are checked where they are resolved)."""
        thread = (flt.thread or "").strip()
        if thread.isdigit() and not self.db.execute("SELECT 1 FROM threads WHERE id = ?", (int(thread),)).fetchone():
            raise NoMatch("--thread", thread, [], hint="no thread has that number (query threads lists them)")
        if re.fullmatch(r"[0-9a-f]{12}", thread) and not self.db.execute(
                "SELECT 1 FROM thread_keys WHERE thread_key = ?", (thread,)).fetchone():
            raise NoMatch("--thread", thread, [], hint="no thread has that key (query threads lists them)")
        if thread and not thread.isdigit() and not re.fullmatch(r"[0-9a-f]{12}", thread):
            subjects = list(dict.fromkeys(v for _, v in sorted(thread_subjects(self.db).items())))  # threads' order
            if not any(identity.fold(thread) in identity.fold(x) for x in subjects):
                words = sorted({w for x in subjects for w in re.findall(r"[^\W\d_][\w'-]+", x)})
                near = identity.nearest(thread, words, 1)
                hits = [x for x in subjects if near and near[0] in x][:3]
                raise NoMatch("--thread", thread, hits or identity.nearest(thread, subjects))
        if flt.to and not self.db.execute(f"SELECT 1 FROM message_addressees WHERE {ADDRESSEE_MATCH} LIMIT 1",
                                          (like_part(identity.fold(flt.to)),) * 2).fetchone():
            known = [str(Addressee(h, n, a)) for h, n, a in self.db.execute(
                "SELECT DISTINCT header, name, address FROM message_addressees LIMIT 10000")]
            raise NoMatch("--to", flt.to, identity.nearest(flt.to, sorted(set(known))))
        if flt.api:
            paths = [r[0] for r in self.db.execute("SELECT path FROM apis")]
            if not any(flt.api.casefold() in x.casefold() for x in paths):
                raise NoMatch("--api", flt.api, identity.nearest(flt.api, paths))
        if flt.section:
            ref = SectionRef.parse(flt.section)
            params: list = []
            cond = self._section_sql("ci", ref, params)
            if not self.db.execute(f"SELECT 1 FROM citations ci WHERE {cond} LIMIT 1", params).fetchone():
                cited = [f"{d} {sec}" + (f" item {i}" if i else "") for d, sec, i in self.db.execute(
                    "SELECT DISTINCT document, section, item FROM citations")]
                raise NoMatch("--section", flt.section, identity.nearest(flt.section, cited))

    def _who(self, flt: ClaimFilter, person: str, org: str, where: list[str], params: list) -> None:
        """--speaker (any name of the person in column ``person``) and --org (column ``org`` on its behalf,
        or ``person`` one of its people)."""
        if flt.speaker:
            where.append(self._in(person, self._people(flt.speaker), params))
        if flt.org:
            oids = self._orgs(flt.org)
            where.append("(" + self._in(org, oids, params) + " OR " + self._in(person, self._members(oids), params) + ")")

    @staticmethod
    def _in(column: str, ids: list[int], params: list) -> str:
        if not ids:
            return "0"
        params += ids
        return f"{column} IN ({','.join('?' * len(ids))})"

    def people(self, flt: ClaimFilter | None = None) -> list[PersonRow]:
        """One row per person (all their names merged): names, e-mail, organisation and how it is known,
        messages, claims, threads, first and last message date; most messages first."""
        flt = flt or ClaimFilter()
        where, params = self._message_filter(flt)
        cond = (" AND " + " AND ".join(where)) if where else ""
        rows: dict[int, PersonRow] = {}
        for head, name, oid_name, rule in self.db.execute(
                "SELECT h.id, h.name, o.name, h.organisation_rule FROM people h"
                " LEFT JOIN organisations o ON o.id = h.organisation_id WHERE h.identity_id IS NULL"):
            rows[head] = PersonRow(head, name, organisation=oid_name, organisation_from=rule)
        for pid, head, name, email, rule in self.db.execute(
                "SELECT id, COALESCE(identity_id, id), name, email, alias_rule FROM people ORDER BY id"):
            r = rows[head]
            if pid != head:
                r.aliases.append(name)
                r.alias_rules.append(f"{name}: {rule}")
            if email and email not in r.emails:
                r.emails.append(email)
        seen: set[int] = set()
        for head, n, threads, first, last in self.db.execute(
                "SELECT COALESCE(p.identity_id, p.id), count(*), count(DISTINCT m.thread_id), min(m.date_utc),"
                " max(m.date_utc) FROM messages m JOIN people p ON p.id = m.author_id"
                f" WHERE 1 {cond} GROUP BY 1", params):
            r = rows[head]
            r.messages, r.threads, r.first, r.last = n, threads, first, last
            seen.add(head)
        for head, n in self.db.execute(
                "SELECT COALESCE(p.identity_id, p.id), count(*) FROM claims c JOIN messages m ON m.id = c.message_id"
                f" JOIN people p ON p.id = COALESCE(c.speaker_id, m.author_id) WHERE 1 {cond} GROUP BY 1", params):
            rows[head].claims = n
            seen.add(head) if not where else None
        out = [r for h, r in rows.items() if h in seen]
        return sorted(out, key=lambda r: (-r.messages, -r.claims, r.person.casefold()))

    def organisations(self, flt: ClaimFilter | None = None) -> list[OrgRow]:
        """One row per organisation (rows of one organisation's names merged: "Comodo CA" is Sectigo): kind,
        names, people working for it, messages and claims on its behalf; most claims first."""
        flt = flt or ClaimFilter()
        groups: dict[str, OrgRow] = {}
        ids: dict[str, list[int]] = {}
        wanted = set(self._orgs(flt.org)) if flt.org else None
        # an organisation with roles shows each ("root_program/CA": Microsoft, Apple, Google; orgs.json ``roles``)
        kinds = {o["name"]: "/".join(identity.org_kinds(o["name"])) for o in identity.org_table()}
        for oid, name in self.db.execute("SELECT id, name FROM organisations ORDER BY id"):
            if wanted is not None and oid not in wanted:
                continue
            canonical = identity.canonical_org(name) or name
            row = groups.setdefault(canonical, OrgRow(canonical, kinds.get(canonical)))
            if name != canonical and name not in row.names:
                row.names.append(name)
            ids.setdefault(canonical, []).append(oid)
        where, params = self._message_filter(flt)  # as every view: a name that matches nothing is NoMatch
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        org_of = {oid: canonical for canonical, oids in ids.items() for oid in oids}
        member_of = {}  # people row -> the organisation its person works for (every name of the person)
        for pid, oid in self.db.execute("SELECT p.id, h.organisation_id FROM people p JOIN people h"
                                        " ON h.id = COALESCE(p.identity_id, p.id) WHERE h.organisation_id IS NOT NULL"):
            if oid in org_of:
                member_of[pid] = org_of[oid]
        for canonical, oids in ids.items():
            groups[canonical].people = [r[0] for r in self.db.execute(
                f"SELECT name FROM people WHERE identity_id IS NULL AND organisation_id IN ({','.join('?' * len(oids))})"
                " ORDER BY name", oids)]
        # one pass over the messages and one over the claims: each counts once for every organisation it is
        # written on behalf of or by one of its people
        for counted, sql in (("messages", f"SELECT m.on_behalf_of_id, m.author_id FROM messages m{cond}"),
                             ("claims", "SELECT COALESCE(c.on_behalf_of_id, m.on_behalf_of_id),"
                                        " COALESCE(c.speaker_id, m.author_id) FROM claims c JOIN messages m"
                                        f" ON m.id = c.message_id{cond}")):
            tally: dict[str, int] = {}
            for behalf, person in self.db.execute(sql, params):
                a, b = org_of.get(behalf), member_of.get(person)
                if a is not None:
                    tally[a] = tally.get(a, 0) + 1
                if b is not None and b != a:
                    tally[b] = tally.get(b, 0) + 1
            for canonical, n in tally.items():
                setattr(groups[canonical], counted, n)
        out = [g for g in groups.values() if g.claims or g.messages or g.people]
        return sorted(out, key=lambda g: (-g.claims, -g.messages, g.organisation.casefold()))

    def threads(self, flt: ClaimFilter | None = None) -> list[ThreadRow]:
        """One row per thread: id (for --thread), a key that survives rebuilding the base, subject (the first
        line of the first message when the thread has none), list, source files, dates, messages, claims."""
        flt = flt or ClaimFilter()
        where, params = self._message_filter(flt)
        cond = (" WHERE " + " AND ".join(where)) if where else ""
        out = []
        for tid, key, shown, list_name, n, first, last in self.db.execute(
                "SELECT t.id, k.thread_key, k.shown, t.list_name, count(m.id), min(m.date_utc), max(m.date_utc) FROM threads t"
                f" JOIN thread_keys k ON k.thread_id = t.id JOIN messages m ON m.thread_id = t.id{cond} GROUP BY t.id"
                " ORDER BY min(m.date_utc) IS NULL, min(m.date_utc), t.id", params):
            files = [r[0] for r in self.db.execute(
                "SELECT DISTINCT f.path FROM message_copies c JOIN messages m ON m.id = c.message_id"
                " JOIN source_files f ON f.id = c.source_file_id WHERE m.thread_id = ? ORDER BY f.path", (tid,))]
            claims = self.db.execute("SELECT count(*) FROM claims c JOIN messages m ON m.id = c.message_id"
                                     " WHERE m.thread_id = ?", (tid,)).fetchone()[0]
            out.append(ThreadRow(tid, key, shown, list_name, files, first, last, n, claims))
        return out

    def _message_where(self, flt: ClaimFilter, m: str) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        for name in ("since", "until"):
            value = getattr(flt, name)
            if value is None:
                continue
            try:
                value = check_when(value)
            except KBError as exc:
                raise KBError(f"--{name}: {exc}") from None
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
            elif re.fullmatch(r"[0-9a-f]{12}", flt.thread.strip()):  # a thread key (query threads)
                ids = [r[0] for r in self.db.execute("SELECT thread_id FROM thread_keys WHERE thread_key = ? ORDER BY"
                                                     " thread_id", (flt.thread.strip(),))]
                where.append(f"{m}.thread_id IN ({','.join('?' * len(ids)) or 'NULL'})")
                params += ids
            else:
                text = identity.fold(flt.thread)
                ids = [tid for tid, shown in thread_subjects(self.db).items() if text in identity.fold(shown)]
                where.append(f"{m}.thread_id IN ({','.join('?' * len(ids)) or 'NULL'})")
                params += ids
        if flt.to:
            where.append(f"{m}.id IN (SELECT message_id FROM message_addressees WHERE {ADDRESSEE_MATCH})")
            params += [like_part(identity.fold(flt.to))] * 2
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

    # ------------------------------------------------------------------ a thread as threadkb.followup reads it

    def _thread_order(self, thread_id: int) -> followup.ThreadOrder:
        """A stored thread's messages (one query; texts and statements read on demand) as a followup.ThreadOrder."""
        posts = [followup.Post(mid, author, org, parent, when,
                               (file, line) if followup.is_page_comment(origin) else None)
                 for mid, author, org, parent, when, file, line, origin in self.db.execute(
                     "SELECT id, " + PERSON.format("author_id") + ", on_behalf_of_id, in_reply_to_id, date_utc,"
                     " source_file_id, line_start, origin FROM messages WHERE thread_id = ?"
                     " ORDER BY date_utc IS NULL, date_utc, id", (thread_id,))]

        def text_of(mid) -> str:
            row = self.db.execute("SELECT text FROM messages WHERE id = ?", (mid,)).fetchone()
            return row[0] if row else ""

        def statements_of() -> dict:
            out: dict = {}
            asking = asking_kinds()
            for mid, cid, text, speaker, org in self.db.execute(
                    "SELECT c.message_id, c.id, c.text, " + PERSON.format("c.speaker_id") + ", c.on_behalf_of_id FROM claims c"
                    " JOIN messages m ON m.id = c.message_id WHERE m.thread_id = ?"
                    f" AND c.kind NOT IN ({','.join('?' * len(asking))}) ORDER BY c.message_id, c.start_offset, c.id",
                    (thread_id, *asking)):
                out.setdefault(mid, []).append(followup.Statement(cid, text, speaker, org))
            return out

        def quotes_of() -> dict:
            out: dict = {}
            for mid, quoted, text, path, line, line_end, col, a_start, a_end in self.db.execute(
                    "SELECT q.message_id, q.quoted_message_id, q.text, " + QUOTE_FILE + ", q.line_start, q.line_end, q.col,"
                    " q.answer_line_start, q.answer_line_end FROM message_quotes q JOIN messages m ON m.id = q.message_id"
                    " JOIN source_files f ON f.id = q.source_file_id WHERE m.thread_id = ?"
                    " AND q.quoted_message_id IS NOT NULL ORDER BY q.message_id, q.source_file_id, q.line_start",
                    (thread_id,)):
                answer = str(SourceSpan(path, a_start, a_end)) if a_start is not None else None
                out.setdefault(mid, []).append(
                    followup.Quote(quoted, text, str(SourceSpan(path, line, line_end, col)), answer))
            return out

        return followup.ThreadOrder(posts, text_of, statements_of, quotes_of)


_WORD_RE = re.compile(r"\w+")


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


def _batches(ids: list[int]) -> Iterable[list[int]]:
    """``ids`` in pieces of SQL_BATCH (the parameters one ``IN (...)`` may take)."""
    return (ids[i:i + SQL_BATCH] for i in range(0, len(ids), SQL_BATCH))


def render(rows: list, fmt: str = "table", width: int = 60) -> str:
    """Rows (dataclasses) as a readable table, JSON Lines or CSV."""
    if fmt == "table":
        return _table(rows, width)
    recs = records(rows)
    if fmt == "jsonl":
        return "".join(_JSON.encode(r) + "\n" for r in recs)
    if not recs:
        return ""
    cols = list(recs[0])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in recs:
        w.writerow([_csv_cell(r[c]) for c in cols])
    return buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def _csv_cell(value) -> str:
    """A CSV cell: ``_cell``, and thread text that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1",
    "- CSR noncompliance …", "@alice") behind a leading apostrophe, which spreadsheets show as text. Numbers stay as
    they are; JSON Lines (``--format jsonl``) keeps every text as written."""
    cell = _cell(value)
    if isinstance(value, (int, float)) or not cell.startswith(_FORMULA_START):
        return cell
    return "'" + cell


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder (json.dumps with options builds one per call)


def _table(rows: list, width: int) -> str:
    """The rows as a table: one column per field (``file`` and ``line`` as one short column "file.txt:123"),
    each cell on one line and clipped to ``width``. Built column by column (50,000 rows: a fraction of a second)."""
    if not rows:
        return "(no rows)\n"
    names = [f.name for f in fields(rows[0])]
    columns = {name: [getattr(r, name) for r in rows] for name in names}
    if "file" in columns:  # one short column: "file.txt:123"
        base: dict[str | None, str] = {}
        for f in columns["file"]:
            if f not in base:
                base[f] = os.path.basename(f or "?")
        columns["where"] = [f"{base[f]}:{line or '?'}" for f, line in zip(columns.pop("file"), columns.pop("line"), strict=True)]
    cells, widths = [], []
    for name, values in columns.items():
        col = _column(values, width)
        cells.append(col)
        widths.append(max(len(name), max(map(len, col))))
    fmt = "  ".join(f"%-{w}s" for w in widths)
    out = [(fmt % tuple(columns)).rstrip(), (fmt % tuple("-" * w for w in widths)).rstrip()]
    out += [(fmt % row).rstrip() for row in zip(*cells, strict=True)]
    return "\n".join(out) + "\n"


def _column(values: list, width: int) -> list[str]:
    """One column's cells: on one line (runs of white space as one space), clipped to ``width`` with "…"."""
    if all(v is None or v.__class__ is int for v in values):  # numbers: no white space to fold
        col = ["" if v is None else str(v) for v in values]
        return [t if len(t) <= width else t[: width - 1] + "\u2026" for t in col]
    texts = ["" if v is None else v if v.__class__ is str else _cell(v) for v in values]
    # folding a long text's first 2 * width characters is enough to know its first width - 1 (folding a prefix
    # gives a prefix of the folded text)
    cut = 2 * width
    out = []
    for t in texts:
        folded = " ".join((t[:cut] if len(t) > cut else t).split())
        if len(folded) > width:
            out.append(folded[: width - 1] + "\u2026")
        elif len(t) > cut:
            folded = " ".join(t.split())
            out.append(folded if len(folded) <= width else folded[: width - 1] + "\u2026")
        else:
            out.append(folded)
    return out


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_rebuttal_cell(v) if isinstance(v, dict) else _rebuttal_cell(vars(v)) if is_dataclass(v)
                         else _cell(v) for v in value)
    return str(value)


def _rebuttal_cell(d: dict) -> str:
    return f"#{d['claim']} {d.get('speaker') or '?'}: {d['text']}"




def _section_key(row: SectionRow) -> tuple:
    item = (int(row.item), "") if row.item.isdigit() else (-1 if not row.item else 10**9, row.item)
    return tuple(int(p) if p.isdigit() else 0 for p in row.section.split(".")), item
