"""Store stage: Extraction -> SQLite knowledge base.

The schema is data (``threadkb/data/schema.sql``, applied through the migrations listed in
``threadkb/data/kb_migrations.json``). ``Store.add`` merges one Extraction into the database:

* a message already stored (same author and instant, or the same words, or one copy's words contained in
  the other's) is the same row, also when the copy stored first is in the same thread of the same file (a page
  pasted twice); the fullest copy's text wins, and every copy is listed in ``message_copies``;
* the messages of a file that match stored ones join the stored thread (threads seen apart are merged);
* claims, citations, API mentions, entities and relations are keyed by what they are (message + text,
  message + section + item ...), so adding the same extraction twice changes nothing.

Each file is one transaction (``Store.add_file``, or ``Store.add_batches`` when its extractions arrive in
batches): an exception or Ctrl-C inside it rolls back to the state before the file.
"""
from __future__ import annotations

import bisect
import collections
import hashlib
import itertools
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

from threadkb import identity, tables
from threadkb.extract.resolve import resolve
from threadkb.ingest.text import pieces_at_space
from threadkb.mailthreads import is_reply_subject
from threadkb.models import MAIL_ORIGIN, Claim, ClaimKind, Entity, Extraction, Message, SourceSpan, TextLine, is_mail

OPENING_WORDS = 12  # words of a message's normalised text kept in ``opening_words``
SQL_BATCH = 500  # parameters per IN (...) query (SQLite allows 999 by default)
MIN_TEXT_MATCH = 40  # shorter normalised texts only merge by author + instant
MIN_CONTAINED = 80  # a copy must have this many normalised characters to match by containment
MIN_CLAIM_WORDS = 6  # a claim's words inside another claim of the same message make it that claim
SHINGLE = 5  # words per shingle when copies differ a little (a link dropped by one archive)
MIN_SHARED = 0.9  # share of the shorter copy's shingles that must occur in the longer one
_WORD = re.compile(r"\w+")
# The order of the copies of a message: which one's text and fields the row keeps (see kb_copy_fields.sql)
_COPY_ORDER = "c.is_mail DESC, c.text_length DESC, c.text_sha, f.path, c.message_key"
_COPY_COLUMNS = ("message_id", "source_file_id", "message_key", "depth", "line_start", "line_end", "is_mail",
                 "text_length", "text_sha", "author_id", "author", "email", "date_utc", "date_offset", "date_text",
                 "subject", "header_message_id", "on_behalf_of_id", "addressees", "text", "origin", "partial")
_COPY_INSERT = (f"INSERT INTO message_copies ({', '.join(_COPY_COLUMNS)}) VALUES ({', '.join('?' * len(_COPY_COLUMNS))})"
                " ON CONFLICT (source_file_id, message_key) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in ("message_id", *_COPY_COLUMNS[3:])))  # stored again: what it
# says now (and the message it is: a changed file's key may name another message, its mails' keys shifted)
_VIA = re.compile(r"(?<!\s)\s+via\s+\S+\s*$", re.IGNORECASE)
_RUN = re.compile(r"\S+")


def without_addresses(name: str) -> str:
    """``name`` with each address replaced by a space: an ``<...>`` span, or a run of non-blanks holding an "@"
    after its first character and before its last. The same text as ``re.sub(r"<[^>]*>|\\S+@\\S+", " ", name)``
    (``tests/test_regex_rewrites.py``), in one pass: that pattern tried every start of a long word again."""
    run_end = [0] * len(name)  # position -> the end of the run of non-blanks holding it
    last_at = [-1] * len(name)  # position -> the last "@" of its run with a character after it (-1: none)
    for m in _RUN.finditer(name):
        at = name.rfind("@", m.start(), m.end() - 1)
        run_end[m.start():m.end()] = [m.end()] * (m.end() - m.start())
        last_at[m.start():m.end()] = [at] * (m.end() - m.start())
    out: list[str] = []
    i = kept = 0
    no_close = False  # no ">" after some "<": none after any later one either
    while i < len(name):
        if name[i] == "<" and not no_close:
            close = name.find(">", i + 1)
            if close >= 0:  # "<...>" up to the first ">"
                out += [name[kept:i], " "]
                i = kept = close + 1
                continue
            no_close = True
        if last_at[i] > i:  # the rest of the run, from here, holds "x@y"
            out += [name[kept:i], " "]
            i = kept = run_end[i]
            continue
        i += 1
    return "".join(out) + name[kept:]


BUSY_TIMEOUT = 600.0  # seconds to wait for another process's write transaction (one file of its ingest)


class KBError(Exception):
    """A knowledge-base problem meant for the user (one line)."""


def open_failure(exc: sqlite3.DatabaseError) -> str:
    """Why a database could not be opened, in words that do not call a busy threadkb database foreign."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"the knowledge base is busy (another process is writing to it; waited {BUSY_TIMEOUT:.0f} s): {text}"
    if isinstance(exc, sqlite3.OperationalError) and ("unable to open" in text or "I/O error" in text):
        return f"cannot open the knowledge base ({text})"
    return f"not a threadkb database ({text})"


def _data(name: str) -> str:
    return resources.files("threadkb").joinpath("data", name).read_text(encoding="utf-8")


def migrations() -> list[dict]:
    """The migrations list (version, file, description), in order."""
    return tables.load("kb_migrations.json")["migrations"]


SCHEMA_VERSION = migrations()[-1]["version"]


def normalise_text(text: str) -> str:
    """Case-folded words joined by one space: what two copies of a message are compared on.

    Quote markers, punctuation, mojibake (U+FFFD) and line wrapping all disappear. A long text is read piece by
    piece (``pieces_at_space``): never a list of all its words at once.
    """
    return " ".join(part for piece in pieces_at_space(text) if (part := " ".join(_WORD.findall(piece.casefold()))))


_NON_SPACE = re.compile(r"[^ ]+")


def opening_words(norm: str) -> str:
    """The first OPENING_WORDS words of a normalised text (read from its start, not split whole)."""
    pos = -1
    for _ in range(OPENING_WORDS):
        pos = norm.find(" ", pos + 1)
        if pos < 0:
            return norm
    return norm[:pos]


def opening_windows(norm: str, first: set[str] | None) -> set[str]:
    """Every run of OPENING_WORDS words of a normalised text (the whole text when it has fewer) whose first word
    is in ``first`` (None: any): what a stored message's opening_words may be when it is inside ``norm``. Read
    word by word: the text is never split whole."""
    out: set[str] = set()
    spans: collections.deque[tuple[int, int]] = collections.deque(maxlen=OPENING_WORDS)
    full = False
    for m in _NON_SPACE.finditer(norm):
        spans.append(m.span())
        if len(spans) == OPENING_WORDS:
            full = True
            a, b = spans[0]
            if first is None or norm[a:b] in first:
                out.add(norm[a:spans[-1][1]])
    if not full and (first is None or norm.split(" ", 1)[0] in first):
        out.add(norm)
    return out


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def name_key(name: str | None) -> str | None:
    """Identity of a person or organisation name: no "via <list>", no address, case-folded words."""
    if not name:
        return None
    name = _VIA.sub("", without_addresses(name))
    key = normalise_text(identity.fold(name))  # a decomposed "Jo\u0308rg" is one word, as "Jörg" is
    return key or None


def person_name(name: str | None) -> tuple[str | None, str | None]:
    """(the name a people row keeps, its name key) of a name as written: no affiliation ("Ann Lee (HARICA)" is
    "Ann Lee"), no "via <list>"; (None, None) for no name."""
    if not name:
        return None, None
    if "(" in name:
        name = identity.split_affiliation(name)[0]
    return _VIA.sub("", name.strip()), name_key(name)


def date_columns(value: datetime | date | None) -> tuple[str | None, str | None]:
    """(date_utc, date_offset) for a message or deadline date (see the schema header)."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        off = value.utcoffset()
        if off is None:
            return value.replace(microsecond=0).isoformat(), None
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        utc = value.astimezone(timezone.utc).replace(microsecond=0)
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ"), offset
    return value.isoformat(), None


def file_hash(path: str) -> tuple[str, int]:
    """(sha256 hex, size) of a file's bytes."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


@dataclass
class AddResult:
    """What one ``add``/``add_file`` changed."""

    threads: int = 0  # extractions stored
    threads_new: int = 0  # ... that started a thread
    threads_joined: int = 0  # ... whose messages joined a stored thread
    messages_new: int = 0  # rows inserted
    messages_merged: int = 0  # copies that matched a row stored from another place
    messages_unchanged: int = 0  # copies stored before (same file, same key)
    messages_updated: int = 0  # a fuller copy replaced the stored text
    claims_new: int = 0
    citations_new: int = 0
    apis_new: int = 0
    entities_new: int = 0
    relations_new: int = 0
    threads_merged: int = 0  # stored threads found to be one (a file quoting both)
    threads_empty: int = 0  # extractions without messages: nothing stored (a warning says so)
    messages_retired: int = 0  # a changed file's old copy was their only one: gone with what they said
    claims_retired: int = 0  # claims only a changed file's old bytes gave (see Store.add_batches)
    rows_retired: int = 0  # citations, entities, API mentions and relations only those bytes gave
    notes: list[str] = field(default_factory=list)  # warnings the store added (also in source_files.warnings)

    def __iadd__(self, other: AddResult) -> AddResult:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


@dataclass
class _Stored:
    """A stored message row as the matcher needs it."""

    id: int
    thread_id: int
    author_key: str | None
    date_utc: str | None
    normalised_text: str
    message_id: str | None = None  # the Message-ID header of the e-mail it is, if known


class Store:
    """An open knowledge base: schema management and merging ingest. Use as a context manager."""

    def __init__(self, path: str | os.PathLike = "output/threadkb.sqlite"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self._in_transaction = False
            self._first_words: set[str] | None = None  # see opening_first_words
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise KBError(f"{self.path}: {open_failure(exc)}") from None

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls join the outer one. Any exception (also Ctrl-C) rolls back."""
        if self._in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._in_transaction = False

    def schema_version(self) -> int:
        has = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
        if not has:
            return 0
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]

    def migrate(self) -> None:
        """Apply the migrations this database lacks; refuse a database from a newer threadkb."""
        self._renumber()
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise KBError(f"{self.path} has schema version {current}; this threadkb knows up to {SCHEMA_VERSION}")
        applied = {r[0] for r in self.db.execute("SELECT version FROM schema_version")} if current else set()
        for mig in migrations():
            if mig["version"] in applied:  # a migration missing below the newest one is applied too
                continue
            # BEGIN IMMEDIATE takes the write lock; another process creating or upgrading the same database
            # at this moment has it first, so the version is read again under the lock (not the one read
            # above): a migration the other process applied meanwhile is skipped, never run twice.
            with self.transaction():
                if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone() and \
                        self.db.execute("SELECT 1 FROM schema_version WHERE version = ?", (mig["version"],)).fetchone():
                    continue
                for statement in _statements(_data(mig["file"])):
                    if not _column_there(self.db, statement):
                        self.db.execute(statement)
                self.db.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                (mig["version"], datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                 mig["description"]))
                if mig["file"] == "kb_identities.sql" and current:  # names stored before: link them now
                    identity.resolve(self.db)
                if "writable_schema" in _data(mig["file"]):  # a definition edited in place: every connection
                    version = self.db.execute("PRAGMA schema_version").fetchone()[0]  # must read it again
                    self.db.execute(f"PRAGMA schema_version = {int(version) + 1}")
                if mig["file"] == "kb_deadlines.sql" and current:  # claims stored before: their deadlines now
                    _stored_deadlines(self.db)
                if mig["file"] in ("kb_addressee_names.sql", "kb_name_forms.sql") and current:  # names stored
                    self.db.executemany(  # before: their keys now, in the form names are compared in
                        "UPDATE message_addressees SET name_key = ?, address_key = ? WHERE rowid = ?", [
                            (identity.fold(name) if name else None, identity.fold(address) if address else None, rowid)
                            for rowid, name, address in
                            self.db.execute("SELECT rowid, name, address FROM message_addressees")])
                if mig["file"] == "kb_thread_keys.sql" and current:  # threads stored before: their keys now
                    index_threads(self.db)
                if mig["file"] == "kb_row_sources.sql" and current:  # citations left on the latest version
                    dated_citations(self.db)  # by an older threadkb when a later copy gave the date

    def _renumber(self) -> None:
        """Versions recorded under other numbers: a base made by a threadkb whose migrations were numbered otherwise
        (two branches each adding "version 10", one renumbered when they were merged) recorded a migration of ours
        under another version. A recorded row whose description is that of one of our migrations at another version
        takes our number (unless a row of its own holds that number), so that what the base has is not applied again
        (it would fail: "table row_sources already exists") and what it lacks is applied."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone():
            return
        ours = {m["description"]: m["version"] for m in migrations()}

        def moves() -> dict[int, int]:
            rows = self.db.execute("SELECT version, description FROM schema_version").fetchall()
            moved = {v: ours[d] for v, d in rows if ours.get(d, v) != v}
            kept = {v for v, _ in rows if v not in moved}
            return {v: w for v, w in moved.items() if w not in kept}
        if not moves():  # the usual case: no write lock taken
            return
        with self.transaction():  # read again under the write lock: another process may have renumbered it
            pending = moves()
            self.db.executemany("UPDATE schema_version SET version = -version WHERE version = ?",
                                [(v,) for v in pending])
            self.db.executemany("UPDATE schema_version SET version = ? WHERE version = ?",
                                [(w, -v) for v, w in pending.items()])

    def counts(self) -> dict[str, int]:
        """Row count of every table (FTS shadow tables included): what idempotence is checked on."""
        names = [r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: self.db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}

    # ------------------------------------------------------------------ files

    def file_is_current(self, path: str, content_hash: str) -> bool:
        """True when ``path`` was stored with these very bytes, its quote blocks and its addressees (nothing to do):
        a file stored before schema 7 kept no quotes, before schema 8 no addressees, before schema 12 no readings of its
        copies (schema 14: readings_stored), and is read again (the merge fills them; a row reads as its best copy)."""
        row = self.db.execute("SELECT content_hash, quotes_stored, addressees_stored, readings_stored FROM source_files"
                              " WHERE path = ?", (path,)).fetchone()
        return row is not None and row[0] == content_hash and bool(row[1]) and bool(row[2]) and bool(row[3])

    def _source_file(self, path: str, content_hash: str | None, size: int | None) -> tuple[int, bool]:
        """The ``source_files`` row of ``path``: (id, True) when inserted or its bytes changed (the thread
        count and warnings are set at the end of ``add_batches``), (id, False) when stored before as is."""
        if content_hash is None:
            if os.path.isfile(path):
                content_hash, size = file_hash(path)
            else:
                content_hash, size = "", 0
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        row = self.db.execute("SELECT id, content_hash FROM source_files WHERE path = ?", (path,)).fetchone()
        if row is None:
            cur = self.db.execute(
                "INSERT INTO source_files (path, content_hash, size_bytes, ingested_at, threads, warnings)"
                " VALUES (?, ?, ?, ?, 0, '[]')", (path, content_hash, size or 0, now))
            return _row_id(cur), True
        if row["content_hash"] != content_hash:
            self.db.execute("UPDATE source_files SET content_hash = ?, size_bytes = ?, ingested_at = ? WHERE id = ?",
                            (content_hash, size or 0, now, row["id"]))
            return row["id"], True
        return row["id"], False

    def add(self, extraction: Extraction, source_path: str | None = None) -> AddResult:
        """Merge one Extraction (one parsed thread) into the database, in one transaction."""
        return self.add_file([extraction], source_path or extraction.thread.source)

    def add_file(self, extractions: list[Extraction], source_path: str, content_hash: str | None = None,
                 size: int | None = None, warnings: list[str] | None = None) -> AddResult:
        """Merge every Extraction of one input file, all or nothing."""
        return self.add_batches([extractions], source_path, content_hash, size, warnings)

    def add_batches(self, batches: Iterable[list[Extraction]], source_path: str, content_hash: str | None = None,
                    size: int | None = None, warnings: list[str] | None = None) -> AddResult:
        """Merge the Extractions of one input file as they arrive, batch by batch, all or nothing.

        ``batches`` may be a generator that extracts the next batch when asked: each batch is stored as
        soon as it comes and is not kept, so memory holds one batch. Everything happens in ONE
        transaction: an exception (also one raised by the generator, or Ctrl-C) rolls the file back.
        """
        result = AddResult()
        warnings = list(warnings or [])
        threads = 0
        with self.transaction():
            known = self.db.execute("SELECT 1 FROM source_files WHERE path = ?", (source_path,)).fetchone()
            file_id, fresh = self._source_file(source_path, content_hash, size)
            if fresh:  # its bytes changed: the quote blocks stored from it name lines it no longer has
                self.db.execute("DELETE FROM message_quotes WHERE source_file_id = ?", (file_id,))
            # changed bytes at a stored path replace what the old bytes said: what they gave is forgotten for the
            # file now (the new bytes give theirs again as they are merged), and retired after if nothing gives it
            old = _OldCopy.forget(self.db, file_id) if fresh and known else None
            written: set[str] = set()  # message_copies keys the new bytes gave
            touched: set[tuple[str, int]] = set()  # rows whose copies' readings changed (see row_readings)
            names: dict = {}  # people and organisations looked up in this transaction (see _Merger)
            first_words = self.opening_first_words()
            for batch in batches:
                for ex in batch:
                    warnings.extend(ex.thread.warnings)
                    if not ex.thread.messages:  # a thread of no messages is no thread: stored, it would be
                        result += _empty(ex)  # a row no later run finds again (one more on every run)
                        warnings.append(result.notes[-1])
                        continue
                    result += _Merger(self.db, file_id, ex, names, first_words, written, old is not None, touched).run()
                    threads += 1
            if old is None:
                row_readings(self.db, touched)  # each as its best copy reads it
            else:
                old.retire(written, result, touched)
                self._first_words = None  # a message may have taken another copy's text: its opening words
                if not threads:  # changed bytes of no messages: nothing of the file is left; the warning says so
                    result.notes.append(
                        "no messages in the changed bytes: what its earlier bytes gave is removed from the knowledge"
                        f" base (messages {result.messages_retired}, claims {result.claims_retired}, other rows"
                        f" {result.rows_retired} no other file gives)")
                    warnings.append(result.notes[-1])
            index_threads(self.db, self._threads_of(file_id) | (old.threads if old is not None else set()))
            if fresh:
                self.db.execute("UPDATE source_files SET threads = ?, warnings = ? WHERE id = ?",
                                (threads, json.dumps(warnings, ensure_ascii=False), file_id))
            self.db.execute("UPDATE source_files SET quotes_stored = 1, addressees_stored = 1, readings_stored = 1"
                            " WHERE id = ? AND (quotes_stored = 0 OR addressees_stored = 0 OR readings_stored = 0)",
                            (file_id,))
            identity.resolve(self.db)  # names of one person -> one identity; its organisation
        return result

    def forget_file(self, path: str) -> AddResult | None:
        """A stored file whose bytes changed into none a thread can be read from (emptied, blank, no longer an mbox,
        binary): what its old bytes gave goes as a change to bytes of no messages would take it (rows another file
        still gives stay, moved to that file's copy), and the file's row too, so the base is what a fresh ingest of
        the files left gives (that ingest stores nothing of such a file). None when ``path`` was never stored."""
        result = AddResult()
        with self.transaction():
            row = self.db.execute("SELECT id FROM source_files WHERE path = ?", (path,)).fetchone()
            if row is None:
                return None
            old = _OldCopy.forget(self.db, row[0])
            old.retire(set(), result, set())
            self._first_words = None
            index_threads(self.db, old.threads)
            self.db.execute("DELETE FROM message_quotes WHERE source_file_id = ?", (row[0],))
            self.db.execute("DELETE FROM source_files WHERE id = ?", (row[0],))
            identity.resolve(self.db)
        return result

    def _threads_of(self, file_id: int) -> set[int]:
        """The threads of the messages file ``file_id`` holds a copy of."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT m.thread_id FROM message_copies c JOIN messages m"
                                              " ON m.id = c.message_id WHERE c.source_file_id = ?", (file_id,))}

    def opening_first_words(self) -> set[str]:
        """The first word of every stored message's ``opening_words`` (read once per open database, then
        kept up to date by the merges: a copy look-up only asks for openings that start with one of them;
        after a rollback it may hold a word too many, which costs a query, never a copy)."""
        if self._first_words is None:
            self._first_words = {r[0] for r in self.db.execute(
                "SELECT DISTINCT substr(opening_words, 1, instr(opening_words || ' ', ' ') - 1) FROM messages")}
        return self._first_words

    # ------------------------------------------------------------------ look-ups shared by queries

    def person_id(self, name: str) -> int | None:
        row = self.db.execute("SELECT id FROM people WHERE name_key = ?", (name_key(name),)).fetchone()
        return row[0] if row else None


def _stored_deadlines(db: sqlite3.Connection) -> None:
    """Every stored claim's deadline worked out again by the claim stage's rule (threadkb.extract.deadlines),
    from its text, its message's date (in the message's zone) and the entities inside it: a database
    stored by an older threadkb (30-day months, no entity fallback) reads as a new one. A deadline that
    came from an action item's Due Date cell is kept."""
    from threadkb.extract.claims import ACTION_ITEM_DUE, DEADLINE_KINDS, set_deadline

    kinds = [k.value for k in DEADLINE_KINDS]
    rows = db.execute(
        "SELECT c.id, c.kind, c.text, c.cue, c.deadline_text, c.start_offset, c.end_offset, c.message_id,"
        " m.date_utc, m.date_offset, m.text FROM claims c JOIN messages m ON m.id = c.message_id"
        f" WHERE c.kind IN ({','.join('?' * len(kinds))}) ORDER BY c.message_id, c.id", kinds).fetchall()
    message: Message | None = None
    for cid, kind, text, cue, stated, start, end, mid, when_utc, offset, message_text in rows:
        if stated and "action item" in (cue or ""):
            db.execute("UPDATE claims SET deadline_rule = ? WHERE id = ?", (ACTION_ITEM_DUE, cid))
            continue
        if message is None or message.key != str(mid):
            message = Message(str(mid), "", date=stored_date(when_utc, offset),
                              lines=[TextLine(t, i, 0) for i, t in enumerate((message_text or "").split("\n"))])
            entities = [Entity(str(mid), *row) for row in db.execute(
                "SELECT label, text, norm, NULL, start_offset, end_offset FROM entities WHERE message_id = ?"
                " AND label IN ('DEADLINE', 'DURATION') ORDER BY start_offset, id", (mid,))]
        claim = Claim(str(cid), str(mid), None, ClaimKind(kind), " ".join(text.split()), start or 0, end or 0)
        set_deadline(claim, message, entities)
        db.execute("UPDATE claims SET deadline = ?, deadline_text = ?, deadline_rule = ?, deadline_start = ?,"
                   " deadline_end = ? WHERE id = ?",
                   (date_columns(claim.deadline)[0], claim.deadline_text, claim.deadline_rule,
                    *(claim.deadline_span or (None, None)), cid))


def thread_subject(subject: str | None, opening: tuple | None) -> str:
    """The thread's subject, else the first line of its opening message (never empty)."""
    if subject and subject.strip():
        return " ".join(subject.split())
    text = (opening[0] if opening else "") or ""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return (first[:77] + "\u2026" if len(first) > 78 else first) or "(no subject, no text)"


# a thread's opening message (thread_openings): its text hash's first 12 characters are the thread's key (query
# threads, --thread KEY), its first line the subject shown of a thread without one; both kept in table thread_keys
# (schema 13) by index_threads for the threads a file touched, so a query reads one row per thread
KEY_LENGTH = 12  # hex characters of a thread key


def _in_batches(db: sqlite3.Connection, sql: str, ids: list[int]) -> list[sqlite3.Row]:
    """``sql`` (holding one ``{}`` for an IN list) run over ``ids`` SQL_BATCH at a time."""
    out: list[sqlite3.Row] = []
    for i in range(0, len(ids), SQL_BATCH):
        chunk = ids[i:i + SQL_BATCH]
        out += db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return out


def thread_openings(db: sqlite3.Connection, threads: list[int]) -> dict[int, int]:
    """The opening message of each of ``threads``: of its earliest dated messages (else, of a thread with no date, of
    all), the one no other of them precedes in any file that holds both (by their lines); then by text hash. What every
    order of ingest agrees on, not the row stored first: a page of a bug's later comments ingested before the whole page
    made the first comment it holds the opening, and the thread's key another one. Reads those threads' messages only."""
    candidates: dict[int, list[tuple[int, str]]] = collections.defaultdict(list)
    earliest: dict[int, str | None] = {}
    for mid, tid, when, digest in _in_batches(
            db, "SELECT id, thread_id, date_utc, text_hash FROM messages WHERE thread_id IN ({}) ORDER BY id", threads):
        best = earliest.get(tid, "")
        if tid not in earliest or (when is not None and (best is None or when < best)):
            earliest[tid], candidates[tid] = when, [(mid, digest)]
        elif when == best:
            candidates[tid].append((mid, digest))
    out = {tid: c[0][0] for tid, c in candidates.items() if len(c) == 1}
    tied = {mid: tid for tid, c in candidates.items() if len(c) > 1 for mid, _ in c}
    if tied:
        by_file: dict[int, list[tuple[int, int]]] = collections.defaultdict(list)
        for mid, fid, line in _in_batches(db, "SELECT message_id, source_file_id, line_start FROM message_copies"
                                              " WHERE message_id IN ({})", sorted(tied)):
            if line is not None:
                by_file[fid].append((line, mid))
        preceded: set[int] = set()
        for copies in by_file.values():  # in one file, a tied message after the first of its thread's is preceded
            first: dict[int, int] = {}
            for _, mid in sorted(copies):
                if first.setdefault(tied[mid], mid) != mid:
                    preceded.add(mid)
        for tid, c in candidates.items():
            if len(c) > 1:
                heads = [(digest, mid) for mid, digest in c if mid not in preceded] or [(d, m) for m, d in c]
                out[tid] = min(heads)[1]
    return out


def index_threads(db: sqlite3.Connection, threads: Iterable[int] | None = None) -> None:
    """Table ``thread_keys`` for ``threads`` (None: every thread), after their messages changed: each thread's opening
    (``thread_openings``), the subject shown (``thread_subject``) and its key, the first KEY_LENGTH hex digits of the
    opening's text hash (a later message of another thread with the same words, "+1", does not make that thread one of
    them). Threads whose openings have the same words (a post cross-posted to two lists, two body-less openings) would
    share it: theirs is the hash of the opening's words, author, date and Message-ID instead, so no two threads have one
    key; every thread sharing an opening hash with one of ``threads``, before or after, is keyed again."""
    # the rows of threads gone since (merged into another, their last file gone): their twins are keyed again
    gone = db.execute("SELECT thread_id, opening_hash FROM thread_keys WHERE thread_id NOT IN (SELECT id FROM threads)"
                      ).fetchall()
    db.executemany("DELETE FROM thread_keys WHERE thread_id = ?", [(r[0],) for r in gone])
    if threads is None:
        wanted = [r[0] for r in db.execute("SELECT id FROM threads ORDER BY id")]
    else:
        wanted = [r[0] for r in _in_batches(db, "SELECT id FROM threads WHERE id IN ({}) ORDER BY id",
                                            sorted(set(threads)))]
    hashes = {r[1] for r in gone} | {r[0] for r in _in_batches(
        db, "SELECT opening_hash FROM thread_keys WHERE thread_id IN ({})", wanted)}
    openings = thread_openings(db, wanted)
    rows: list[tuple[int, int | None, str, str]] = []  # (thread, opening, its text hash, the subject shown)
    for tid in wanted:
        mid = openings.get(tid)
        subject = db.execute("SELECT subject FROM threads WHERE id = ?", (tid,)).fetchone()[0]
        opening = db.execute("SELECT text, text_hash FROM messages WHERE id = ?", (mid,)).fetchone()
        digest = opening[1] if opening else ""
        hashes.add(digest)
        rows.append((tid, mid, digest, thread_subject(subject, opening)))
    db.executemany("INSERT INTO thread_keys (thread_id, opening_id, opening_hash, thread_key, shown) VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (thread_id) DO UPDATE SET opening_id = excluded.opening_id,"
                   " opening_hash = excluded.opening_hash, shown = excluded.shown",
                   [(tid, mid, digest, digest[:KEY_LENGTH], shown) for tid, mid, digest, shown in rows])
    for digest in sorted(hashes):
        same = db.execute("SELECT k.thread_id, p.name_key, o.date_utc, o.message_id FROM thread_keys k"
                          " LEFT JOIN messages o ON o.id = k.opening_id LEFT JOIN people p ON p.id = o.author_id"
                          " WHERE k.opening_hash = ?", (digest,)).fetchall()
        for tid, author, when, message_id in same:
            who = "\n".join(x or "" for x in (digest, author, when, message_id))
            key = digest[:KEY_LENGTH] if len(same) == 1 else hashlib.sha256(who.encode("utf-8")).hexdigest()[:KEY_LENGTH]
            db.execute("UPDATE thread_keys SET thread_key = ? WHERE thread_id = ?", (key, tid))


@dataclass(frozen=True)
class QuoteBlock:
    """One quote block of a message as the store keeps it (table ``message_quotes``): the key of the message it
    quotes (None: unknown), its depth (the quoting message's + 1), where its lines are (``span``: 1-based lines,
    the column of the quoted text in the first line), the quoting message's own lines right below it (``answer``:
    an interleaved answer, None when none) and its words with the quote markers removed."""

    quoted: str | None
    depth: int
    span: SourceSpan
    answer: SourceSpan | None
    text: str


def quote_blocks(m: Message, lines: list[str], messages: dict[str, Message]) -> list[QuoteBlock]:
    """The quote blocks of ``m`` (``Message.quotes``, the parse stage's QuotedSpans) with their words read from the
    input's ``lines`` (``Thread.lines``; a block whose lines are not there has no words). ``messages``: the thread's
    messages by key. A block holds whole lines; its words are those lines, quote markers removed
    (``parse.lines.unmarked``), but for the lines of the quoted message's own quote blocks nested inside it (what
    it quoted in turn: kept once, as that message's blocks, however deep a chain of quotes)."""
    # imported here: whoever stores or reports a thread has parsed it; `threadkb query` does not load the parser
    from threadkb.parse.lines import unmarked

    out = []
    nested: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}  # quoted key -> its blocks by start (and starts)
    for q in m.quotes:
        start, end = q.lines
        quoted = messages.get(q.message) if q.message is not None else None
        if quoted is not None and quoted.key not in nested:
            spans = sorted(n.lines for n in quoted.quotes)
            nested[quoted.key] = ([a for a, _ in spans], spans)
        starts, spans = nested[quoted.key] if quoted is not None else ([], [])
        inner = [(a, b) for a, b in spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)] if b <= end]
        kept: list[int] = []
        i = start  # the block's lines outside the nested blocks (each line looked at once)
        for a, b in inner:
            kept.extend(range(i, min(a, end, len(lines))))
            i = max(i, b)
        kept.extend(range(i, min(end, len(lines))))
        rows = [lines[i] for i in kept] if 0 <= start < end <= len(lines) else []
        marks = [unmarked(r) for r in rows]
        first = lines[start] if rows else ""
        after = first[unmarked(first)[1]:]
        col = unmarked(first)[1] + len(after) - len(after.lstrip()) if rows else 0  # where the first line's words start
        text = "\n".join(r[k:].rstrip() for r, (_, k) in zip(rows, marks, strict=True)).strip("\n")
        answer = SourceSpan(m.source, q.answered_by[0] + 1, q.answered_by[1]) if q.answered_by else None
        out.append(QuoteBlock(q.message, m.depth + 1, SourceSpan(m.source, start + 1, end, col), answer, text))
    return out


def dated_citations(db: sqlite3.Connection, message_ids: list[int] | None = None) -> int:
    """Citations resolved while their message had no date (flag ``no_date``: the latest version) on a message
    dated since (another copy gave the date, in either order): resolved again on that date with the policy index
    (version, title, item words, flags), as the extract stage resolves a dated one. ``message_ids``: those messages
    only (None: every one). Returns how many changed."""
    query = ("SELECT ci.id, ci.document, ci.section, ci.item, m.date_utc, m.date_offset FROM citations ci"
             " JOIN messages m ON m.id = ci.message_id WHERE m.date_utc IS NOT NULL AND ci.flags LIKE '%\"no_date\"%'")
    rows: list[sqlite3.Row] = []
    if message_ids is None:
        rows = db.execute(query).fetchall()
    for i in range(0, len(message_ids or []), SQL_BATCH):
        chunk = (message_ids or [])[i:i + SQL_BATCH]
        rows += db.execute(f"{query} AND m.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
    for r in rows:
        res = resolve(r["document"], r["section"], r["item"] or None, stored_date(r["date_utc"], r["date_offset"]))
        db.execute("UPDATE citations SET version = ?, title = ?, item_text = ?, flags = ? WHERE id = ?",
                   (res.version, res.title, res.item_text,
                    json.dumps([f for f in res.flags if f != "not_indexed"], ensure_ascii=False), r["id"]))
    return len(rows)


def stored_date(utc: str | None, offset: str | None = None) -> date | datetime | None:
    """A stored ISO date or date-time read back (``date_columns`` reversed); with ``offset`` ("+08:00") the
    instant on that clock."""
    if not utc:
        return None
    try:
        if "T" not in utc:
            return date.fromisoformat(utc)
        value = datetime.fromisoformat(utc.replace("Z", "+00:00"))
        if offset and value.tzinfo is not None:
            sign = -1 if offset.startswith("-") else 1
            hours, minutes = offset.lstrip("+-").split(":")
            value = value.astimezone(timezone(sign * timedelta(hours=int(hours), minutes=int(minutes))))
        return value
    except ValueError:
        return None


def _addressee_json(m: Message) -> str | None:
    """What a copy says of its message's addressees (``message_copies.addressees``): a JSON array of
    [header, name, address], None when it names none."""
    return json.dumps([[a.header, a.name, a.address] for a in m.addressees], ensure_ascii=False) if m.addressees else None


def _empty(ex: Extraction) -> AddResult:
    """What storing an extraction without messages does: nothing, and a warning that says so."""
    about = f" (subject: {ex.thread.subject})" if ex.thread.subject else ""
    return AddResult(threads_empty=1, notes=[f"no messages found{about}: no thread stored"])


def _row_id(cur: sqlite3.Cursor) -> int:
    """The id of the row an INSERT made."""
    if cur.lastrowid is None:
        raise sqlite3.DatabaseError("the INSERT made no row")
    return cur.lastrowid


_ADD_COLUMN = re.compile(r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)", re.IGNORECASE)


def _column_there(db: sqlite3.Connection, statement: str) -> bool:
    """``statement`` adds a column the table has already: a base whose recorded versions do not say all it has (a
    build that numbered its migrations otherwise, a version row lost) is upgraded without "duplicate column name"."""
    m = _ADD_COLUMN.match("\n".join(x for x in statement.splitlines() if not x.strip().startswith("--")).strip())
    return m is not None and any(r[1] == m.group(2) for r in db.execute(f"PRAGMA table_info({m.group(1)})"))


def _statements(sql: str) -> list[str]:
    """Split a migration file into statements (triggers hold ';' inside BEGIN ... END)."""
    out: list[str] = []
    buf: list[str] = []
    for line in sql.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        candidate = "\n".join(buf)
        if sqlite3.complete_statement(candidate):
            if candidate.strip():
                out.append(candidate.strip())
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


class _Merger:
    """Merges one Extraction into an open transaction."""

    def __init__(self, db: sqlite3.Connection, file_id: int, ex: Extraction, names: dict | None = None,
                 first_words: set[str] | None = None, written: set[str] | None = None, replacing: bool = False,
                 touched: set[tuple[str, int]] | None = None):
        self.db = db
        # (table, row id) of the claims and relations a copy of this file gave or moved: read again (row_readings) when
        # the file is merged and its old copies retired
        self.touched: set[tuple[str, int]] = set() if touched is None else touched
        self.replacing = replacing  # the file's changed bytes replace its old ones (Store.add_batches)
        self.written = set() if written is None else written  # message_copies keys of this file stored (Store.add_batches)
        self.content_hash = db.execute("SELECT content_hash FROM source_files WHERE id = ?", (file_id,)).fetchone()[0]
        self.first_words = first_words  # Store.opening_first_words (None: every window is asked for)
        # (table, name key) -> [row id, has an e-mail address]: rows of people/organisations this
        # transaction has read or written (dropped with it: a rollback cannot leave stale ids behind)
        self.names = {} if names is None else names
        self.file_id = file_id
        self.ex = ex
        self.result = AddResult(threads=1)
        self.message_ids: dict[str, int] = {}  # message key -> messages.id
        self.by_key: dict[str, Message] = {m.key: m for m in ex.thread.messages}  # what quote_blocks reads
        self.fuller: set[str] = set()  # keys whose copy is now the stored text
        self.claim_ids: dict[str, int] = {}  # Claim.id -> claims.id
        self.prior_claims: dict[int, list[tuple[int, str]]] = {}  # message id -> claims stored before this extraction
        self.refreshed_claims: set[int] = set()  # claims this extraction gave (a changed file's: the links it gives)
        self.affiliated: set[int] = set()  # messages whose affiliations this extraction gave
        self.key_only: set[str] = set()  # keys of changed bytes found by their file key alone (not compatible)
        # rows this extraction gave a copy so far (what a later copy in it may be): those dated to the second in UTC
        # by their minute, the others apart (``_may_repeat`` reads the few minutes an instant agrees with)
        self.held_minutes: dict[str, list[_Stored]] = collections.defaultdict(list)
        self.held_loose: list[_Stored] = []

    # -------------------------------------------------------------- entry

    def run(self) -> AddResult:
        thread = self.ex.thread
        norms = {m.key: normalise_text(m.text) for m in thread.messages}  # once per message: both steps read it
        matches = {m.key: self._find(m, norms[m.key]) for m in thread.messages}
        for key in self.key_only:  # a row another copy of these bytes is by its words is not also a shifted key's
            keyed = matches[key]
            if keyed is not None and any(k not in self.key_only and s is not None and s.id == keyed.id
                                         for k, s in matches.items()):
                matches[key] = None
        thread_id = self._thread([s.thread_id for s in matches.values() if s is not None])
        for m in thread.messages:
            found = matches[m.key]
            if found is None and self._may_repeat(m):  # a message this thread holds twice (a page pasted twice): a
                found = self._find_by_words(m, norms[m.key])  # copy of the row its first copy gave, as in two files
            self._message(m, norms[m.key], found, thread_id)
            if found is not None:
                self._hold(found)
        for m in thread.messages:
            self._reply_link(m)
        for m in thread.messages:
            self._quotes(m)
        self._citations()
        self._apis()
        self._entities()
        for c in self.ex.claims:
            self._claim(c)
        self._relations()
        return self.result

    # -------------------------------------------------------------- people, organisations

    def _person(self, name: str | None, email: str | None = None) -> int | None:
        """The people row of a name as written (its affiliation taken off: "Ann Lee (HARICA)" is "Ann Lee");
        a mailing list's address is nobody's."""
        if email and identity.is_list_address(email):
            email = None
        name, key = person_name(name)
        if name is None or key is None:
            return None
        known = self.names.get(("people", key))
        if known is None:
            row = self.db.execute("SELECT id, email FROM people WHERE name_key = ?", (key,)).fetchone()
            if row is None:
                pid = _row_id(self.db.execute("INSERT INTO people (name, name_key, email) VALUES (?, ?, ?)",
                                              (name, key, email)))
                row = (pid, email)
            known = self.names[("people", key)] = [row[0], bool(row[1])]
        if email and not known[1]:
            self.db.execute("UPDATE people SET email = ? WHERE id = ?", (email, known[0]))
            known[1] = True
        return known[0]

    def _organisation(self, name: str | None) -> int | None:
        key = name_key(name)
        if name is None or key is None:
            return None
        known = self.names.get(("organisations", key))
        if known is None:
            row = self.db.execute("SELECT id FROM organisations WHERE name_key = ?", (key,)).fetchone()
            oid = row[0] if row is not None else _row_id(self.db.execute(
                "INSERT INTO organisations (name, name_key) VALUES (?, ?)", (name.strip(), key)))
            known = self.names[("organisations", key)] = [oid, False]
        return known[0]

    def _affiliations(self, m: Message, on_behalf_of_id: int | None) -> list[tuple[int, str]]:
        """What the message says about whom its author works for: (organisation row, rule)."""
        if not m.author:
            return []
        found: list[tuple[str, str]] = []
        domain_org = identity.email_organisation(m.email)
        if domain_org and m.email:
            found.append((domain_org, f"e-mail domain {m.email.rsplit('@', 1)[1].lower()}"))
        _, named = identity.split_affiliation(m.author)
        if named:
            found.append((named, "login suffix" if "(" not in m.author else "name (organisation)"))
        signed = identity.signature_organisation(m.signature)
        if signed:
            found.append((signed, "signature line"))
        ids = [(self._organisation(identity.canonical_org(name) or name), rule) for name, rule in found]
        out = [(oid, rule) for oid, rule in ids if oid is not None]  # a name of no words names no organisation
        if on_behalf_of_id is not None:
            out.append((on_behalf_of_id, "writes on its behalf"))
        return out

    # -------------------------------------------------------------- messages and threads

    def _find(self, m: Message, norm: str) -> _Stored | None:
        """The stored row this message is a copy of, or None."""
        copy = self.db.execute(
            "SELECT message_id FROM message_copies WHERE source_file_id = ? AND message_key = ?",
            (self.file_id, self._copy_key(m))).fetchone()
        keyed = self._stored(copy[0]) if copy is not None else None
        # changed bytes: the copy of that key is the stored message if it may be (an edit); else the message its words
        # find, and only then the key's (see run: a key another copy of the new bytes is the message of is not its)
        if keyed is not None and (not self.replacing or _compatible(keyed, name_key(m.author), date_columns(m.date)[0],
                                                                      norm)):
            return keyed
        found = self._find_by_words(m, norm)
        if found is None and keyed is not None:
            self.key_only.add(m.key)
            return keyed
        return found

    def _may_repeat(self, m: Message) -> bool:
        """Whether ``m``, which no stored row was a copy of before this extraction, may be a copy of a row this
        extraction gave a copy so far: one of them agrees with its author and date (``_find_by_words`` asks that of
        every row it finds). Only then is the look-up run again for ``m``, with the rows stored by now: copies of one
        message inside one thread (a page pasted twice) join as copies in two files do, whatever the order."""
        author, (when, _) = name_key(m.author), date_columns(m.date)
        if when is not None and _minute(when) is not None:  # an instant agrees to the minute with an instant: three
            # minutes to read
            instant = _instant(when)[0]
            near: Iterable[list[_Stored]] = (self.held_minutes.get(_minute_of(instant + timedelta(seconds=d)), [])
                                             for d in (-60, 0, 60))
        else:  # no instant: any held row may agree (undated threads; ``any`` stops at the first)
            near = self.held_minutes.values()
        rows = itertools.chain(itertools.chain.from_iterable(near), self.held_loose)
        return any(_same_person(author, r.author_key) and _same_time(when, r.date_utc) for r in rows)

    def _hold(self, row: _Stored) -> None:
        minute = _minute(row.date_utc)
        (self.held_minutes[minute] if minute is not None else self.held_loose).append(row)

    def _find_by_words(self, m: Message, norm: str) -> _Stored | None:
        """The stored row this message is a copy of by author and instant or by its words, or None."""
        author = name_key(m.author)
        when, _ = date_columns(m.date)
        if author and when and "T" in when:
            for row in self.db.execute(
                    "SELECT m.id, m.message_id FROM messages m JOIN people p ON p.id = m.author_id"
                    " WHERE p.name_key = ? AND m.date_utc = ? ORDER BY m.id", (author, when)).fetchall():
                if _same_id(m.message_id, row[1]):  # two e-mails in one second: one only with one Message-ID
                    return self._stored(row[0])
        if len(norm) < MIN_TEXT_MATCH:
            return None
        digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()
        ids = [r[0] for r in self.db.execute("SELECT id FROM messages WHERE text_hash = ? ORDER BY id", (digest,))]
        if len(norm) >= MIN_CONTAINED:
            ids += self._containing(norm, author, when) + self._contained(norm, when)
        rows = self._stored_many(self._agreeing(ids, author, when))
        for mid in ids:
            if mid in rows and _same_id(m.message_id, rows[mid].message_id) and \
                    _compatible(rows[mid], author, when, norm):
                return rows[mid]
        return None

    def _agreeing(self, ids: list[int], author: str | None, when: str | None) -> list[int]:
        """The candidates whose author and date do not conflict with ``author``/``when``, read without
        their texts (an archive whose messages open alike yields many candidates; few agree)."""
        unique = sorted(set(ids))
        out: list[int] = []
        for i in range(0, len(unique), SQL_BATCH):
            chunk = unique[i:i + SQL_BATCH]
            out += [r[0] for r in self.db.execute(
                "SELECT m.id, p.name_key, m.date_utc FROM messages m LEFT JOIN people p ON p.id = m.author_id"
                f" WHERE m.id IN ({','.join('?' * len(chunk))})", chunk)
                if _same_person(author, r[1]) and _same_time(when, r[2])]
        return out

    def _containing(self, norm: str, author: str | None, when: str | None) -> list[int]:
        """Stored messages that may be a copy of ``norm`` and contain its opening words (checked by the caller).

        Only a stored message dated near ``when`` (or undated) can be a copy: those come from the date
        index and ``undated_search``, so the look-up does not grow with the archive. An undated incoming
        message may be a copy of anything: it searches every stored message (``message_search``)."""
        opening = opening_words(norm)
        if when is None:
            return self._phrase("message_search", opening)
        ids = self._phrase("undated_search", opening)
        lo, hi = _date_window(when)
        near = [r[0] for r in self.db.execute(
            "SELECT m.id, p.name_key, m.date_utc FROM messages m LEFT JOIN people p ON p.id = m.author_id"
            " WHERE m.date_utc BETWEEN ? AND ?", (lo, hi))
            if _same_person(author, r[1]) and _same_time(when, r[2])]
        rows = self._stored_many(near)
        ids += [i for i in near if f" {opening} " in f" {rows[i].normalised_text} "]
        return sorted(set(ids))

    def _phrase(self, table: str, words: str) -> list[int]:
        """Rows of an FTS table (``message_search``, ``undated_search``) holding the phrase ``words``."""
        try:
            rows = self.db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid",
                                   (f'"{words}"',)).fetchall()
        except sqlite3.OperationalError:  # a token FTS cannot take: no candidates
            return []
        return [r[0] for r in rows]

    def _contained(self, norm: str, when: str | None) -> list[int]:
        """Stored messages whose text may be inside ``norm``: their opening words occur in it (and, when
        ``when`` is known, they are undated or dated near it; see ``_containing``)."""
        openings = sorted(opening_windows(norm, self.first_words))
        cond, bounds = ("", ()) if when is None else \
            (" AND (date_utc IS NULL OR date_utc BETWEEN ? AND ?)", _date_window(when))
        out: list[int] = []
        for i in range(0, len(openings), SQL_BATCH):  # one query per SQL_BATCH windows, not one per word
            chunk = openings[i:i + SQL_BATCH]
            out += [r[0] for r in self.db.execute(
                f"SELECT id FROM messages WHERE opening_words IN ({','.join('?' * len(chunk))}){cond}",
                (*chunk, *bounds))]
        return sorted(set(out))

    def _stored_many(self, ids: list[int]) -> dict[int, _Stored]:
        """Several stored rows in one query per SQL_BATCH ids (candidates of a copy look-up)."""
        out: dict[int, _Stored] = {}
        unique = sorted(set(ids))
        for i in range(0, len(unique), SQL_BATCH):
            chunk = unique[i:i + SQL_BATCH]
            for row in self.db.execute(
                    "SELECT m.id, m.thread_id, p.name_key, m.date_utc, m.normalised_text, m.message_id FROM messages m"
                    f" LEFT JOIN people p ON p.id = m.author_id WHERE m.id IN ({','.join('?' * len(chunk))})", chunk):
                out[row[0]] = _Stored(*row)
        return out

    def _stored(self, message_id: int) -> _Stored:
        row = self.db.execute(
            "SELECT m.id, m.thread_id, p.name_key, m.date_utc, m.normalised_text, m.message_id FROM messages m"
            " LEFT JOIN people p ON p.id = m.author_id WHERE m.id = ?", (message_id,)).fetchone()
        return _Stored(*row)

    def _thread(self, matched: list[int]) -> int:
        """The thread this extraction belongs to: the stored one its messages join, else a new one."""
        t = self.ex.thread
        if not matched:
            self.result.threads_new += 1
            return _row_id(self.db.execute("INSERT INTO threads (subject, list_name) VALUES (?, ?)",
                                           (t.subject, t.list_name)))
        self.result.threads_joined += 1
        keep, others = min(matched), sorted(set(matched) - {min(matched)})
        ids = sorted(set(matched))
        named = self.db.execute(f"SELECT subject, list_name FROM threads WHERE id IN ({','.join('?' * len(ids))})",
                                ids).fetchall()
        if others:  # this file links threads seen apart so far: they are one thread
            marks = ",".join("?" * len(others))
            self.db.execute(f"UPDATE messages SET thread_id = ? WHERE thread_id IN ({marks})", (keep, *others))
            self.db.execute(f"DELETE FROM threads WHERE id IN ({marks})", others)
            self.result.threads_merged += len(others)
        # each of the merged threads and this file may name a subject and a list: the thread keeps the best of them
        # (``_thread_subject``), not the first stored, so the order the files came in changes nothing
        if self.replacing and not self.db.execute(
                "SELECT 1 FROM message_copies c JOIN messages m ON m.id = c.message_id WHERE c.source_file_id != ?"
                f" AND m.thread_id IN ({','.join('?' * len(ids))}) LIMIT 1", (self.file_id, *ids)).fetchone():
            named = []  # a changed file no other file shares the thread with: what its new bytes name, even nothing
        subject = min((x for x in [t.subject, *(r[0] for r in named)] if x), key=_thread_subject, default=None)
        list_name = min((x for x in [t.list_name, *(r[1] for r in named)] if x), default=None)
        self.db.execute("UPDATE threads SET subject = ?, list_name = ? WHERE id = ?", (subject, list_name, keep))
        return keep

    def _message(self, m: Message, norm: str, stored: _Stored | None, thread_id: int) -> None:
        """Store one copy: a new row, or a copy of a stored row. Which copy's text the row keeps, and which
        copy each field comes from, does not depend on the order copies arrive in (``_COPY_ORDER``)."""
        digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()
        date_utc, offset = date_columns(m.date)
        span = m.span
        line_start, line_end = (span.line, span.line_end) if span else (None, None)
        author_id = self._person(m.author, m.email)
        org_id = self._organisation(m.on_behalf_of)
        affiliations = self._affiliations(m, org_id)
        if stored is None:
            mid = _row_id(self.db.execute(
                "INSERT INTO messages (thread_id, author_id, author, email, date_utc, date_offset, date_text,"
                " subject, message_id, on_behalf_of_id, partial, text, text_hash, normalised_text,"
                " opening_words, source_file_id, line_start, line_end, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (thread_id, author_id, m.author, m.email, date_utc, offset, m.date_text, m.subject,
                 m.message_id, org_id, int(m.partial), m.text, digest, norm,
                 opening_words(norm), self.file_id, line_start, line_end, m.origin)))
            self._opened_with(norm)
            self.result.messages_new += 1
            self.fuller.add(m.key)
            self._hold(_Stored(mid, thread_id, name_key(m.author), date_utc, norm, m.message_id))
        else:
            mid = stored.id
            seen = self.db.execute("SELECT 1 FROM message_copies WHERE source_file_id = ? AND message_key = ?",
                                   (self.file_id, self._copy_key(m))).fetchone()
            if seen:
                self.result.messages_unchanged += 1
            else:
                self.result.messages_merged += 1
        self.message_ids[m.key] = mid
        if self.replacing and mid not in self.affiliated and not self.db.execute(
                "SELECT 1 FROM message_copies WHERE message_id = ? AND source_file_id != ?", (mid, self.file_id)).fetchone():
            self.db.execute("DELETE FROM affiliations WHERE message_id = ?", (mid,))  # what the changed bytes say now
        self.affiliated.add(mid)
        for oid, rule in affiliations:
            self.db.execute("INSERT OR IGNORE INTO affiliations (person_id, organisation_id, rule, message_id)"
                            " VALUES (?, ?, ?, ?)", (author_id, oid, rule, mid))
        for key in m.copies:
            self.message_ids.setdefault(key, mid)
        self.written.add(self._copy_key(m))
        self.db.execute(_COPY_INSERT, (mid, self.file_id, self._copy_key(m), m.depth, line_start, line_end, int(is_mail(m)),
                                       len(norm), hashlib.sha256(m.text.encode("utf-8")).hexdigest(), author_id,
                                       m.author, m.email, date_utc, offset, m.date_text, m.subject, m.message_id,
                                       org_id, _addressee_json(m), m.text, m.origin, int(m.partial)))
        if stored is not None:
            self._choose_copy(m, mid, norm, digest, (line_start, line_end), thread_id)
        if stored is None:  # a new row: its one copy's addressees
            self._insert_addressees(mid, [(a.header, a.name, a.address) for a in m.addressees])
        elif m.addressees or seen:  # a copy naming none changes nothing, unless it named some before
            self._addressees(mid)

    def _choose_copy(self, m: Message, mid: int, norm: str, digest: str, lines: tuple[int | None, int | None],
                     thread_id: int) -> None:
        """The stored row after copy ``m`` came: its text is the best copy's (``_COPY_ORDER``), each field the
        best copy's that knows it (a row stored by an older threadkb keeps what no ranked copy knows)."""
        copies = [c for c in self.db.execute(_COPIES, (mid,)).fetchall() if not (
            self.replacing and c["source_file_id"] == self.file_id and c["message_key"] not in self.written)]
        # (a changed file's old copies its new bytes have not given again are gone: they rank nothing)
        row = self.db.execute("SELECT text, normalised_text, origin, source_file_id, line_start, line_end, partial"
                              " FROM messages WHERE id = ?", (mid,)).fetchone()
        best = copies[0]
        ahead = (is_mail(m), len(norm)) >= (_mail_origin(row["origin"]), len(row["normalised_text"])) or (
            self.replacing and row["source_file_id"] == self.file_id)  # the text the old bytes gave: theirs no more
        if (best[0], best[1]) == (self.file_id, self._copy_key(m)) and ahead:  # this copy is the row's text (and place)
            self.fuller.add(m.key)
            if (m.text, self.file_id, *lines, int(m.partial), m.origin) == tuple(row[k] for k in (
                    "text", "source_file_id", "line_start", "line_end", "partial", "origin")):
                return _copy_fields(self.db, copies, mid, thread_id)
            self.db.execute(
                "UPDATE messages SET text = ?, text_hash = ?, normalised_text = ?, opening_words = ?,"
                " source_file_id = ?, line_start = ?, line_end = ?, partial = ?, origin = ? WHERE id = ?",
                (m.text, digest, norm, opening_words(norm), self.file_id, *lines,
                 int(m.partial), m.origin, mid))
            self._opened_with(norm)
            self.result.messages_updated += m.text != row["text"]
        elif self.replacing and row["source_file_id"] == self.file_id and best["source_file_id"] != self.file_id:
            _copy_text(self.db, mid, best)  # the text the old bytes gave, now below another file's copy: that copy's
            self._opened_with(normalise_text(best["text"] or ""))
        _copy_fields(self.db, copies, mid, thread_id)

    def _addressees(self, mid: int) -> None:

        """The ``message_addressees`` rows of message ``mid``: those of its best copy (``_COPY_ORDER``: an e-mail
        read from its own headers first) that names any, whatever order the copies came in."""
        best = self.db.execute(
            "SELECT c.addressees FROM message_copies c JOIN source_files f ON f.id = c.source_file_id"
            f" WHERE c.message_id = ? AND c.addressees IS NOT NULL ORDER BY {_COPY_ORDER} LIMIT 1", (mid,)).fetchone()
        self.db.execute("DELETE FROM message_addressees WHERE message_id = ?", (mid,))
        self._insert_addressees(mid, json.loads(best[0]) if best else [])

    def _insert_addressees(self, mid: int, addressees: list) -> None:
        """The ``message_addressees`` rows of message ``mid``: ``addressees`` [(header, name, address)], in order."""
        if addressees:
            self.db.executemany(
                "INSERT INTO message_addressees (message_id, position, header, name, address, address_key, name_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(mid, i, header, name, address, identity.fold(address) if address else None,
                  identity.fold(name) if name else None) for i, (header, name, address) in enumerate(addressees)])

    def _copy_key(self, m: Message) -> str:
        """The key of a copy in ``message_copies``: the parser's key, after the thread number of an mbox's
        thread ("3#joe-perches-20101114-1904"): keys are unique in a thread, not in a file of many threads."""
        number = self._thread_number()
        return f"{number}#{m.key}" if number else m.key

    def _thread_number(self) -> str | None:
        """The number of this thread in a file of many (an mbox's threads: "path#3"), None for a file of one."""
        head, _, number = self.ex.thread.source.rpartition("#")
        return number if head and number.isdigit() else None

    def _opened_with(self, norm: str) -> None:
        """Keep ``first_words`` up to date with a message stored with normalised text ``norm``."""
        if self.first_words is not None:
            self.first_words.add(norm.split(" ", 1)[0])

    def _reply_link(self, m: Message) -> None:
        parent = self.message_ids.get(m.in_reply_to or "")
        mid = self.message_ids[m.key]
        if self.replacing and not self.db.execute("SELECT 1 FROM message_copies WHERE message_id = ? AND"
                                                  " source_file_id != ?", (mid, self.file_id)).fetchone():
            # a message of a changed file only: it replies to what the new bytes say (also nothing: a link removed)
            self.db.execute("UPDATE messages SET in_reply_to_id = ? WHERE id = ?",
                            (parent if parent != mid else None, mid))
            return
        if parent is not None and parent != mid:
            self.db.execute("UPDATE messages SET in_reply_to_id = COALESCE(in_reply_to_id, ?) WHERE id = ?",
                            (parent, mid))

    def _quotes(self, m: Message) -> None:
        """Store the quote blocks of message ``m`` (``quote_blocks``), each with the stored message it quotes."""
        mid = self.message_ids[m.key]
        for b in quote_blocks(m, self.ex.thread.lines, self.by_key):
            quoted = self.message_ids.get(b.quoted) if b.quoted is not None else None
            self.db.execute(
                "INSERT INTO message_quotes (message_id, quoted_message_id, quoted_key, depth, source_file_id,"
                " thread_number, line_start, line_end, col, answer_line_start, answer_line_end, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source_file_id, thread_number, message_id, line_start, line_end)"
                " DO UPDATE SET quoted_message_id = excluded.quoted_message_id, quoted_key = excluded.quoted_key,"
                " depth = excluded.depth, col = excluded.col, answer_line_start = excluded.answer_line_start,"
                " answer_line_end = excluded.answer_line_end, text = excluded.text",
                (mid, quoted, b.quoted, b.depth, self.file_id, self._thread_number() or "", b.span.line, b.span.line_end,
                 b.span.col,
                 b.answer.line if b.answer else None, b.answer.line_end if b.answer else None, b.text))

    # -------------------------------------------------------------- what the messages say

    def _lines(self, key: str, span, start: int, end: int) -> tuple[int | None, int | None]:
        if span is not None:
            return span.line, span.line_end
        try:
            s = self.ex.thread.message(key).locate(start, end)
            return s.line, s.line_end
        except (KeyError, IndexError):
            return None, None

    def _supplied(self, table: str, row_id: int, reading: dict | None = None) -> None:
        """Row ``row_id`` of ``table`` is given by this copy of the file (``row_sources``), which reads it as
        ``reading`` (a claim's or relation's, see ``row_readings``; None: says nothing of it, a quote of a claim)."""
        self.db.execute("INSERT INTO row_sources (tbl, row_id, source_file_id, content_hash, reading) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT DO UPDATE SET content_hash = excluded.content_hash,"
                        " reading = COALESCE(excluded.reading, reading)",
                        (table, row_id, self.file_id, self.content_hash,
                         None if reading is None else json.dumps(reading, ensure_ascii=False)))
        self.touched.add((table, row_id))

    def _insert(self, table: str, unique: dict, values: dict, refresh: bool = False) -> tuple[int, bool]:
        """Insert a row unless one with the ``unique`` columns (the table's UNIQUE constraint) exists;
        (row id, inserted?). One statement for a new row: the insert that does nothing on a conflict.
        ``refresh``: an existing row takes ``values`` (it was read from the copy the message row keeps)."""
        cols = {**unique, **values}
        marks = ", ".join("?" * len(cols))
        row = self.db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})"
                              " ON CONFLICT DO NOTHING RETURNING id", tuple(cols.values())).fetchone()
        if row is not None:
            return row[0], True
        where = " AND ".join(f"{k} = ?" for k in unique)
        rid = self.db.execute(f"SELECT id FROM {table} WHERE {where}", tuple(unique.values())).fetchone()[0]
        if refresh and values:
            changed = " OR ".join(f"{k} IS NOT ?" for k in values)
            self.db.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ? AND ({changed})",
                            (*values.values(), rid, *values.values()))
        return rid, False

    def _citations(self) -> None:
        # (message key, Citation.id, start, end, row); start/end None for a citation inside a document quote: its
        # offsets count in the quoted document's text, not in the message's, so no claim's span can hold it
        self.citation_rows: list[tuple[str, str, int | None, int | None, int]] = []
        for c in self.ex.citations:
            mid = self.message_ids.get(c.message)
            if mid is None:
                continue
            line, line_end = self._lines(c.message, c.span, c.start, c.end)
            item = "" if c.item is None else str(c.item)
            reading = {"title": c.title, "version": c.version, "item_text": c.item_text,
                       "flags": json.dumps(c.flags, ensure_ascii=False), "in_document_quote": int(c.in_document_quote),
                       "rule": c.rule, "start_offset": c.start, "end_offset": c.end, "line_start": line,
                       "line_end": line_end}
            cid, new = self._insert(
                "citations",
                {"message_id": mid, "document": c.document, "section": c.section, "item": item, "surface_text": c.text},
                reading, refresh=c.message in self.fuller)
            self.result.citations_new += new
            self._supplied("citations", cid, reading)
            self.citation_rows.append((c.message, c.id, None if c.in_document_quote else c.start,
                                       None if c.in_document_quote else c.end, cid))
        dated_citations(self.db, sorted(set(self.message_ids.values())))

    def _apis(self) -> None:
        self.api_rows: list[tuple[str, str, int, int, int]] = []  # (message key, path, start, end, api id)
        for a in self.ex.apis:
            mid = self.message_ids.get(a.message)
            if mid is None:
                continue
            api_id, new = self._insert("apis", {"path": a.path}, {})
            self.result.apis_new += new
            line, line_end = self._lines(a.message, a.span, a.start, a.end)
            reading = {"start_offset": a.start, "end_offset": a.end, "line_start": line, "line_end": line_end}
            mention, _ = self._insert("api_mentions", {"message_id": mid, "api_id": api_id}, reading,
                                      refresh=a.message in self.fuller)
            self._supplied("api_mentions", mention, reading)
            self.api_rows.append((a.message, a.path, a.start, a.end, api_id))

    def _entities(self) -> None:
        for e in self.ex.entities:
            mid = self.message_ids.get(e.message)
            if mid is None:
                continue
            line, line_end = self._lines(e.message, e.span, e.start, e.end)
            reading = {"text": e.text, "start_offset": e.start, "end_offset": e.end, "line_start": line,
                       "line_end": line_end}
            eid, new = self._insert("entities", {"message_id": mid, "label": e.label, "norm": e.norm}, reading,
                                    refresh=e.message in self.fuller)
            self.result.entities_new += new
            self._supplied("entities", eid, reading)
            if e.label == "ORG":
                self._organisation(e.norm)

    def _claim(self, c: Claim) -> None:
        mid = self.message_ids.get(c.message)
        if mid is None:
            return
        line, line_end = self._lines(c.message, c.span, c.start, c.end)
        deadline, _ = date_columns(c.deadline)
        values = {"claim_key": c.id, "kind": c.kind.value if hasattr(c.kind, "value") else str(c.kind),
                  "speaker_id": self._person(c.speaker), "speaker": c.speaker,
                  "on_behalf_of_id": self._organisation(c.on_behalf_of), "text": c.text, "deadline": deadline,
                  "deadline_text": c.deadline_text, "deadline_rule": c.deadline_rule,
                  "deadline_start": c.deadline_span[0] if c.deadline_span else None,
                  "deadline_end": c.deadline_span[1] if c.deadline_span else None,
                  "cue": c.cue, "reported": int(c.reported),
                  "start_offset": c.start, "end_offset": c.end, "source_file_id": self.file_id,
                  "line_start": line, "line_end": line_end}
        same = self._stored_claim(mid, c)
        own = same is None and self.db.execute("SELECT 1 FROM claims WHERE message_id = ? AND text_hash = ?",
                                               (mid, text_hash(c.text))).fetchone() is not None
        # a claim the message holds in these very words is that row (_insert finds it), whoever else said them
        quoted = self._quoted_elsewhere(mid, c) if same is None and not own else None
        if quoted is not None and quoted[1]:  # the stored row quotes this claim: the claim moves to its speaker
            self.db.execute(f"UPDATE claims SET message_id = ?, {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                            (mid, *values.values(), quoted[0]))
            cid, new = quoted[0], False
        elif quoted is not None:  # a later quote of a stored claim by someone else: the claim keeps its speaker
            self.claim_ids[c.id] = quoted[0]
            self._supplied("claims", quoted[0])
            return
        elif same is not None:
            cid, new = same, False
            for other in self._also_inside(mid, c, same):
                self._fold_claim(other, cid)
        else:
            cid, new = self._insert("claims", {"message_id": mid, "text_hash": text_hash(c.text)}, values)
        self.result.claims_new += new
        self.claim_ids[c.id] = cid
        if self.replacing and cid not in self.refreshed_claims and not self.db.execute(
                "SELECT 1 FROM row_sources WHERE tbl = 'claims' AND row_id = ? AND source_file_id != ?",
                (cid, self.file_id)).fetchone():  # only the changed bytes give it: the sections and APIs they link
            self.db.execute("DELETE FROM claim_citations WHERE claim_id = ?", (cid,))
            self.db.execute("DELETE FROM claim_apis WHERE claim_id = ?", (cid,))
        self.refreshed_claims.add(cid)
        # what this copy reads the claim as; the row reads as the best copy that gives it (claim_reading), whatever
        # order the copies came in, and the next one's when that copy's file changes or goes
        self._supplied("claims", cid, {k: values[k] for k in CLAIM_READING})
        claim_reading(self.db, cid)
        def inside(s: int | None, e: int | None) -> bool:
            return s is not None and e is not None and c.start <= s and e <= c.end and c.end > c.start
        for key, cit_id, s, e, row in self.citation_rows:
            if key == c.message and (cit_id in c.citations or inside(s, e)):
                self.db.execute("INSERT OR IGNORE INTO claim_citations VALUES (?, ?)", (cid, row))
        for key, path, s, e, api_id in self.api_rows:
            if key == c.message and (path in c.apis or inside(s, e)):
                self.db.execute("INSERT OR IGNORE INTO claim_apis VALUES (?, ?)", (cid, api_id))

    def _quoted_elsewhere(self, mid: int, c: Claim) -> tuple[int, bool] | None:
        """The same words (at least ``MIN_CLAIM_WORDS``) stored as a claim of another message of the thread by
        someone else: a quotation the parse stage did not see as one. (claim id, True when the stored message is
        the later one: then this message is the original and the claim moves to it), or None."""
        if c.reported or len(normalise_text(c.text).split()) < MIN_CLAIM_WORDS:
            return None
        rows = self.db.execute(
            "SELECT o.id, om.date_utc, m.date_utc, om.id FROM messages m JOIN claims o ON o.text_hash = ?"
            " JOIN messages om ON om.id = o.message_id WHERE m.id = ? AND om.thread_id = m.thread_id"
            " AND om.id != m.id AND o.reported = 0"
            " AND COALESCE(om.author_id, -1) != COALESCE(m.author_id, -2)"
            # the stored message still holds the words (a changed file's old bytes may have given them to it)
            " AND instr(' ' || om.normalised_text || ' ', ?) > 0 ORDER BY o.id",
            (text_hash(c.text), mid, f" {normalise_text(c.text)} ")).fetchall()
        # (a message only a changed file's old bytes held, which its new bytes have not given again, is going)
        row = next((r for r in rows if not self.replacing or self._still_held(r[3])), None)
        if row is None:
            return None
        stored_date, this_date = row[1], row[2]
        return row[0], bool(stored_date and this_date and stored_date > this_date)

    def _still_held(self, mid: int) -> bool:
        """Message ``mid`` has a copy another file holds, or one the changed bytes being merged gave again."""
        return any(f != self.file_id or key in self.written for f, key in self.db.execute(
            "SELECT source_file_id, message_key FROM message_copies WHERE message_id = ?", (mid,)))

    def _stored_claim(self, mid: int, c: Claim) -> int | None:
        """The claim a copy of a stored message already holds in other words: another copy cut the sentence
        differently ("1.The delivered materials ..." / "The delivered materials ..."), or an excerpt cut it
        mid-word: one normalised text inside the other (the shorter may end in part of a word), at least
        ``MIN_CLAIM_WORDS`` words. Only claims stored before this extraction count."""
        if mid not in self.prior_claims:
            self.prior_claims[mid] = [(cid, f" {normalise_text(t)} ") for cid, t in self.db.execute(
                "SELECT id, text FROM claims WHERE message_id = ?", (mid,))]
        words = f" {normalise_text(c.text)} "
        if len(words.split()) < MIN_CLAIM_WORDS:
            return None
        if any(words == other for _, other in self.prior_claims[mid]):
            return None  # the same text (whatever other claim of the message holds it or lies inside it): _insert
            # finds it by its hash; else a copy read again would give this claim's words to that other claim
        for cid, other in self.prior_claims[mid]:
            short, long = sorted((words, other), key=len)
            if len(short.split()) >= MIN_CLAIM_WORDS and short.rstrip() in long:  # a cut copy may end mid-word
                return cid
        return None

    def _also_inside(self, mid: int, c: Claim, same: int) -> list[int]:
        """The other stored claims of message ``mid`` that claim ``c`` holds whole, besides ``same``: a copy
        that cut ``c``'s sentence in two. Stored first, ``c`` would have taken both pieces (each is inside it),
        so here too they are one claim, whatever order the copies came in."""
        words = f" {normalise_text(c.text)} "
        return [cid for cid, other in self.prior_claims.get(mid, []) if cid != same and other != words
                and len(other.split()) >= MIN_CLAIM_WORDS and len(other) < len(words) and other.rstrip() in words]

    def _fold_claim(self, old: int, into: int) -> None:
        """Claim row ``old`` is claim ``into``: its citations, APIs and relations move there (relation evidence
        merged as ``_relations`` merges it), and the row goes."""
        for table in ("claim_citations", "claim_apis"):
            self.db.execute(f"UPDATE OR IGNORE {table} SET claim_id = ? WHERE claim_id = ?", (into, old))
            self.db.execute(f"DELETE FROM {table} WHERE claim_id = ?", (old,))
        _move_sources(self.db, "claims", old, into)
        for rel in self.db.execute("SELECT id, from_claim_id, to_claim_id, kind, score, evidence FROM relations"
                                   " WHERE from_claim_id = ? OR to_claim_id = ?", (old, old)).fetchall():
            a, b = (into if x == old else x for x in (rel["from_claim_id"], rel["to_claim_id"]))
            row = self.db.execute("SELECT id, evidence, score FROM relations WHERE from_claim_id = ? AND"
                                  " to_claim_id = ? AND kind = ?", (a, b, rel["kind"])).fetchone()
            if row is None:
                self.db.execute("UPDATE relations SET from_claim_id = ?, to_claim_id = ? WHERE id = ?", (a, b, rel["id"]))
                continue
            _move_sources(self.db, "relations", rel["id"], row["id"])  # its copies' readings: one is the row's
            self.touched.add(("relations", row["id"]))
            self.db.execute("DELETE FROM relations WHERE id = ?", (rel["id"],))
        self.db.execute("DELETE FROM claims WHERE id = ?", (old,))
        for mid, rows in self.prior_claims.items():
            self.prior_claims[mid] = [r for r in rows if r[0] != old]
        for key, cid in self.claim_ids.items():
            if cid == old:
                self.claim_ids[key] = into

    def _relations(self) -> None:
        for r in self.ex.relations:
            a, b = self.claim_ids.get(r.source), self.claim_ids.get(r.target)
            if a is None or b is None:
                continue
            kind = r.kind.value if hasattr(r.kind, "value") else str(r.kind)
            row = self.db.execute("SELECT id, evidence, score FROM relations WHERE from_claim_id = ? AND"
                                  " to_claim_id = ? AND kind = ?", (a, b, kind)).fetchone()
            reading = {"evidence": r.evidence, "score": r.score}
            if row is None:
                rid = _row_id(self.db.execute(
                    "INSERT INTO relations (from_claim_id, to_claim_id, kind, score, evidence) VALUES (?, ?, ?, ?, ?)",
                    (a, b, kind, r.score, json.dumps(r.evidence, ensure_ascii=False))))
                self._supplied("relations", rid, reading)
                self.result.relations_new += 1
                continue
            self._supplied("relations", row["id"], reading)  # the evidence of one copy (relation_reading), not a union
            relation_reading(self.db, row["id"])


_COPIES = ("SELECT c.source_file_id, c.message_key, c.author_id, c.author, c.email, c.date_utc, c.date_offset,"
           " c.date_text, c.subject, c.header_message_id, c.on_behalf_of_id, c.line_start, c.line_end, c.text, c.origin,"
           " c.partial FROM message_copies c JOIN source_files f ON f.id = c.source_file_id"
           f" WHERE c.message_id = ? AND c.text_length IS NOT NULL ORDER BY {_COPY_ORDER}")


def _copy_text(db: sqlite3.Connection, mid: int, best: sqlite3.Row) -> None:
    """Row ``mid`` takes the text (and place, origin, partial flag) of its copy ``best`` (a ``_COPIES`` row): the copy
    its text came from is gone or ranks below. A copy stored before schema 12 kept no text: the row keeps its own
    and takes the copy's place only."""
    if best["text"] is None:
        db.execute("UPDATE messages SET source_file_id = ?, line_start = ?, line_end = ? WHERE id = ?",
                   (best["source_file_id"], best["line_start"], best["line_end"], mid))
        return
    norm = normalise_text(best["text"])
    db.execute("UPDATE messages SET text = ?, text_hash = ?, normalised_text = ?, opening_words = ?, origin = ?,"
               " partial = ?, source_file_id = ?, line_start = ?, line_end = ? WHERE id = ?",
               (best["text"], hashlib.sha256(norm.encode("utf-8")).hexdigest(), norm, opening_words(norm), best["origin"],
                best["partial"] or 0, best["source_file_id"], best["line_start"], best["line_end"], mid))


def _copy_fields(db: sqlite3.Connection, copies: list[sqlite3.Row], mid: int, thread_id: int) -> None:
    """Each field of row ``mid`` from the best copy that knows it (``copies`` in ``_COPY_ORDER``)."""
    pick = {}
    # every copy ranked: the row is what they say (a field no copy knows any more is unknown: a changed file's
    # new bytes dropped it); a copy stored by an older threadkb (unranked): the row keeps what no ranked copy knows
    keep = "COALESCE(?, {0})" if db.execute("SELECT 1 FROM message_copies WHERE message_id = ? AND text_length IS NULL",
                                            (mid,)).fetchone() else "?"
    for group in (("author_id", "author"), ("email",), ("date_utc", "date_offset", "date_text"), ("subject",),
                  ("header_message_id",), ("on_behalf_of_id",)):
        known = next((c for c in copies if c[group[0]] is not None), None)
        for name in group:
            pick[name] = known[name] if known is not None else None
    k = keep.format
    db.execute(
        f"UPDATE messages SET author_id = {k('author_id')}, author = {k('author')},"
        f" email = {k('email')}, date_utc = {k('date_utc')},"
        # the date is one field: a known date comes with its copy's offset, even none (a zone-less header
        # date stays naive, whatever zone a quoted copy's attribution showed)
        f" date_offset = CASE WHEN ? IS NULL THEN {'date_offset' if keep != '?' else 'NULL'} ELSE ? END,"
        f" date_text = {k('date_text')}, subject = {k('subject')},"
        f" message_id = {k('message_id')}, on_behalf_of_id = {k('on_behalf_of_id')},"
        " thread_id = ? WHERE id = ?",
        (pick["author_id"], pick["author"], pick["email"], pick["date_utc"], pick["date_utc"],
         pick["date_offset"], pick["date_text"], pick["subject"], pick["header_message_id"],
         pick["on_behalf_of_id"], thread_id, mid))


# the people rows no stored message, copy, claim or affiliation names: one list of the ids in use, read once (a
# NOT EXISTS per person read message_copies whole for each, which has no index on author_id: people x copies)
_UNUSED_PEOPLE = ("SELECT id FROM people WHERE id NOT IN (SELECT author_id FROM messages WHERE author_id IS NOT NULL"
                  " UNION SELECT author_id FROM message_copies WHERE author_id IS NOT NULL"
                  " UNION SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL"
                  " UNION SELECT json_extract(reading, '$.speaker_id') FROM row_sources WHERE tbl = 'claims'"
                  " AND json_extract(reading, '$.speaker_id') IS NOT NULL"
                  " UNION SELECT person_id FROM affiliations)")


def forget_unused_people(db: sqlite3.Connection) -> None:
    """People nothing stored is by or about any more go, and link no alias (``identity.resolve`` would link others to
    them); in time linear in the stored rows (``_UNUSED_PEOPLE`` is read once, not once per person)."""
    db.execute(f"UPDATE people SET identity_id = NULL WHERE identity_id IN ({_UNUSED_PEOPLE})")
    db.execute(f"DELETE FROM people WHERE id IN ({_UNUSED_PEOPLE})")


_RETIRED_WITH = {"claims": ("claim_citations", "claim_apis"), "citations": ("claim_citations",)}  # rows that name them
_OWN_COLUMN = {"claims": "claim_id", "citations": "citation_id"}


@dataclass
class _OldCopy:
    """What a stored file's old bytes gave, forgotten for the file when its changed bytes are ingested
    (``Store.add_batches``): the rows no copy gives any more after the new bytes are merged are retired."""

    db: sqlite3.Connection
    file_id: int
    rows: list[tuple[str, int]]  # (table, row id) the old bytes gave (row_sources)
    copies: list[tuple[str, int]]  # (message_copies key, message id) of the old bytes
    threads: set[int]  # the threads of their messages (index_threads: keyed again after)

    @classmethod
    def forget(cls, db: sqlite3.Connection, file_id: int) -> _OldCopy:
        rows = [(r[0], r[1]) for r in db.execute(
            "SELECT tbl, row_id FROM row_sources WHERE source_file_id = ? ORDER BY tbl, row_id", (file_id,))]
        db.execute("DELETE FROM row_sources WHERE source_file_id = ?", (file_id,))
        copies = [(r[0], r[1]) for r in db.execute(
            "SELECT message_key, message_id FROM message_copies WHERE source_file_id = ? ORDER BY message_key",
            (file_id,))]
        threads = {r[0] for r in db.execute("SELECT DISTINCT m.thread_id FROM message_copies c JOIN messages m"
                                            " ON m.id = c.message_id WHERE c.source_file_id = ?", (file_id,))}
        return cls(db, file_id, rows, copies, threads)

    def retire(self, written: set[str], result: AddResult, touched: set[tuple[str, int]]) -> None:
        """After the new bytes are merged (``written``: the copy keys they gave): a copy they no longer hold goes; a
        message with no copy left goes with everything it said; a row no copy gives any more goes; the claims and
        relations left that the old or new bytes gave (``touched``) read as their best copy left (``row_readings``)."""
        gone = [(key, mid) for key, mid in self.copies if key not in written]
        self.db.executemany("DELETE FROM message_copies WHERE source_file_id = ? AND message_key = ?",
                            [(self.file_id, key) for key, _ in gone])
        now = dict(self.db.execute("SELECT message_key, message_id FROM message_copies WHERE source_file_id = ?",
                                   (self.file_id,)).fetchall())
        moved = [(key, mid) for key, mid in self.copies if key in written and now.get(key) != mid]  # key, another mail
        for mid in sorted({mid for _, mid in gone + moved}):
            copies = self.db.execute(_COPIES, (mid,)).fetchall()
            if copies:  # another file still holds it: its place and fields come from the best copy left
                best = copies[0]
                thread = self.db.execute("SELECT thread_id FROM messages WHERE id = ?", (mid,)).fetchone()[0]
                if self.db.execute("SELECT 1 FROM messages WHERE id = ? AND source_file_id = ?",
                                   (mid, self.file_id)).fetchone():  # its text was the gone copy's: the best left's
                    _copy_text(self.db, mid, best)
                _copy_fields(self.db, copies, mid, thread)
            elif not self.db.execute("SELECT 1 FROM message_copies WHERE message_id = ?", (mid,)).fetchone():
                self._message(mid, result)
        for table, rid in self.rows:
            if not self.db.execute("SELECT 1 FROM row_sources WHERE tbl = ? AND row_id = ?", (table, rid)).fetchone():
                self._row(table, rid, result)
            elif table == "claims":
                self._replace_claim(rid)
        row_readings(self.db, touched | set(self.rows))
        self.db.execute("DELETE FROM threads WHERE id NOT IN (SELECT thread_id FROM messages)")
        # a name nothing stored is by or about any more is nobody's alias: identity.resolve would link others to it
        forget_unused_people(self.db)

    def _replace_claim(self, cid: int) -> None:
        """Claim ``cid``, which another file still gives, read from a copy of the old bytes that is gone (its message's
        copy, or the whole message, which carried words another stored message also holds: a mail pasted or quoted in
        it): it stays, placed on the earliest message of a file that gives it and holds its words (the message a fresh
        ingest of the files left would give it to), spoken by that message's author when its own message is gone."""
        claim = self.db.execute(
            "SELECT c.message_id, c.text, c.source_file_id, m.thread_id, m.id IS NOT NULL AS kept FROM claims c"
            " LEFT JOIN messages m ON m.id = c.message_id WHERE c.id = ?", (cid,)).fetchone()
        if claim is None:
            return
        held = self.db.execute("SELECT 1 FROM message_copies WHERE message_id = ? AND source_file_id = ?",
                               (claim["message_id"], claim["source_file_id"])).fetchone()
        if claim["kept"] and held:
            return  # its message and the copy that placed it are still stored
        words = f" {normalise_text(claim['text'])} "
        candidates = self.db.execute(
            "SELECT DISTINCT m.id, m.author_id, m.author, m.normalised_text, m.text, m.source_file_id, m.line_start,"
            " m.line_end, m.on_behalf_of_id FROM row_sources r JOIN message_copies c ON c.source_file_id = r.source_file_id"
            " JOIN messages m ON m.id = c.message_id WHERE r.tbl = 'claims' AND r.row_id = ?"
            " ORDER BY m.id = ? DESC, m.date_utc IS NULL, m.date_utc, m.id", (cid, claim["message_id"])).fetchall()
        home = next((m for m in candidates if words in f" {m['normalised_text']} "), None)
        if home is None:
            return
        start = home["text"].find(claim["text"])
        offsets = (start, start + len(claim["text"])) if start >= 0 else (None, None)
        if home["id"] == claim["message_id"]:  # its message stays: its place is the copy the row keeps
            self.db.execute("UPDATE claims SET source_file_id = ?, line_start = ?, line_end = ?, start_offset = ?,"
                            " end_offset = ? WHERE id = ?",
                            (home["source_file_id"], home["line_start"], home["line_end"], *offsets, cid))
            return
        self.db.execute("UPDATE claims SET message_id = ?, speaker_id = ?, speaker = ?, on_behalf_of_id = ?,"
                        " source_file_id = ?, line_start = ?, line_end = ?, start_offset = ?, end_offset = ? WHERE id = ?",
                        (home["id"], home["author_id"], home["author"], home["on_behalf_of_id"], home["source_file_id"],
                         home["line_start"], home["line_end"], *offsets, cid))

    def _row(self, table: str, rid: int, result: AddResult) -> None:
        if not self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (rid,)).fetchone():
            return  # gone with its message or folded into another claim
        if table == "claims":
            for (rel,) in self.db.execute("SELECT id FROM relations WHERE from_claim_id = ? OR to_claim_id = ?",
                                          (rid, rid)).fetchall():
                self._row("relations", rel, result)
        for linked in _RETIRED_WITH.get(table, ()):
            self.db.execute(f"DELETE FROM {linked} WHERE {_OWN_COLUMN[table]} = ?", (rid,))
        self.db.execute("DELETE FROM row_sources WHERE tbl = ? AND row_id = ?", (table, rid))
        self.db.execute(f"DELETE FROM {table} WHERE id = ?", (rid,))
        if table == "claims":
            result.claims_retired += 1
        else:
            result.rows_retired += 1

    def _message(self, mid: int, result: AddResult) -> None:
        """Message ``mid`` had no copy but the old bytes': it goes, with what it said; a reply to it or a quote of
        it stays, its parent or quoted message unknown."""
        for table in ("claims", "citations", "entities", "api_mentions"):
            for (rid,) in self.db.execute(f"SELECT id FROM {table} WHERE message_id = ?", (mid,)).fetchall():
                if table == "claims" and self.db.execute(
                        "SELECT 1 FROM row_sources WHERE tbl = 'claims' AND row_id = ?", (rid,)).fetchone():
                    self._replace_claim(rid)  # another file gives it: it moves to a message that holds its words
                    if self.db.execute("SELECT 1 FROM claims WHERE id = ? AND message_id != ?", (rid, mid)).fetchone():
                        continue
                self._row(table, rid, result)
        self.db.execute("DELETE FROM affiliations WHERE message_id = ?", (mid,))
        self.db.execute("UPDATE message_quotes SET quoted_message_id = NULL WHERE quoted_message_id = ?", (mid,))
        self.db.execute("UPDATE messages SET in_reply_to_id = NULL WHERE in_reply_to_id = ?", (mid,))
        self.db.execute("DELETE FROM messages WHERE id = ?", (mid,))
        result.messages_retired += 1


# what a copy reads a claim as (row_sources.reading): the claims columns a copy gives (see claim_reading)
CLAIM_READING = ("text", "kind", "cue", "speaker", "speaker_id", "on_behalf_of_id", "deadline", "deadline_text",
                 "deadline_rule", "deadline_start", "deadline_end", "start_offset", "end_offset", "line_start", "line_end")


def _ranked_readings(db: sqlite3.Connection, table: str, rid: int, mid: int) -> list[tuple[int, dict | None]]:
    """(file, reading) of every copy that gives row ``rid`` of ``table``, best first: by the rank of the file's best
    copy of message ``mid`` (``_COPY_ORDER``; a file holding none ranks last), then by path. A total order on the
    files: the first does not depend on the order they came in."""
    order = [r[0] for r in db.execute(
        "SELECT c.source_file_id FROM message_copies c JOIN source_files f ON f.id = c.source_file_id"
        f" WHERE c.message_id = ? ORDER BY {_COPY_ORDER}", (mid,))]
    rank = {f: i for i, f in reversed(list(enumerate(order)))}
    rows = db.execute("SELECT r.source_file_id, r.reading, f.path FROM row_sources r JOIN source_files f"
                      " ON f.id = r.source_file_id WHERE r.tbl = ? AND r.row_id = ?", (table, rid)).fetchall()
    rows.sort(key=lambda r: (rank.get(r[0], len(order)), r[2]))
    return [(r[0], None if r[1] is None else json.loads(r[1])) for r in rows]


def claim_reading(db: sqlite3.Connection, cid: int) -> None:
    """Claim ``cid`` as the best copy that gives it reads it (``_ranked_readings`` over its message's copies): its
    words, kind, cue, offsets, file and lines that copy's; its speaker, organisation and deadline those of the best
    copy that names them (a copy naming none says nothing of them). A claim whose best copy was given before schema 12
    (no reading) keeps what it has."""
    row = db.execute("SELECT message_id FROM claims WHERE id = ?", (cid,)).fetchone()
    readings = _ranked_readings(db, "claims", cid, row[0]) if row is not None else []
    if not readings or readings[0][1] is None:
        return
    known = [(f, r) for f, r in readings if r is not None]
    fid, best = known[0]
    said = next((r for _, r in known if r["speaker"] is not None), {"speaker": None, "speaker_id": None})
    behalf = next((r["on_behalf_of_id"] for _, r in known if r["on_behalf_of_id"] is not None), None)
    due = next((r for _, r in known if r["deadline_text"] is not None), best)
    db.execute("UPDATE claims SET kind = ?, cue = ?, start_offset = ?, end_offset = ?, source_file_id = ?, line_start = ?,"
               " line_end = ?, speaker_id = ?, speaker = ?, on_behalf_of_id = ?, deadline = ?, deadline_text = ?,"
               " deadline_rule = ?, deadline_start = ?, deadline_end = ? WHERE id = ?",
               (best["kind"], best["cue"], best["start_offset"], best["end_offset"], fid, best["line_start"],
                best["line_end"], said["speaker_id"], said["speaker"], behalf, due["deadline"], due["deadline_text"],
                due["deadline_rule"], due["deadline_start"], due["deadline_end"], cid))
    # a cut copy's claim (_stored_claim) has other words: its hash follows them, so that the next copy with these
    # words finds the row (unless another claim of the message has them already)
    db.execute("UPDATE OR IGNORE claims SET text = ?, text_hash = ? WHERE id = ? AND text IS NOT ?",
               (best["text"], text_hash(best["text"]), cid, best["text"]))


def relation_reading(db: sqlite3.Connection, rid: int) -> None:
    """Relation ``rid``'s evidence and score: those of one copy, the file whose copy of its source claim's message
    ranks first among the files that give it (``_ranked_readings``: the file its source claim is read from when that
    file gives the relation), not a union over copies; a relation whose best copy was given before schema 12 keeps
    what it has."""
    row = db.execute("SELECT a.message_id FROM relations r JOIN claims a ON a.id = r.from_claim_id WHERE r.id = ?",
                     (rid,)).fetchone()
    readings = _ranked_readings(db, "relations", rid, row[0]) if row is not None else []
    if not readings or readings[0][1] is None:
        return
    best = readings[0][1]
    db.execute("UPDATE relations SET evidence = ?, score = ? WHERE id = ?",
               (json.dumps(best["evidence"], ensure_ascii=False), best["score"], rid))


def _mention_reading(db: sqlite3.Connection, table: str, rid: int) -> int | None:
    """A citation, entity or API mention ``rid`` as the best copy that gives it reads it (its offsets, lines and, for
    a citation, resolution: the columns its reading holds); returns its message (None: not read again)."""
    row = db.execute(f"SELECT message_id FROM {table} WHERE id = ?", (rid,)).fetchone()
    readings = _ranked_readings(db, table, rid, row[0]) if row is not None else []
    if not readings or readings[0][1] is None:
        return None
    best = readings[0][1]
    db.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in best)} WHERE id = ?", (*best.values(), rid))
    return row[0]


def row_readings(db: sqlite3.Connection, rows: Iterable[tuple[str, int]]) -> None:
    """The rows of ``rows`` (table, id) read again from their copies: each as the best copy still stored reads it
    (claims before relations: a relation ranks its copies by its source claim's message). A citation read again on a
    message dated since is resolved again on that date (``dated_citations``)."""
    dated: set[int] = set()
    for table, rid in sorted(set(rows)):
        if table == "claims":
            claim_reading(db, rid)
        elif table == "relations":
            relation_reading(db, rid)
        elif (mid := _mention_reading(db, table, rid)) is not None and table == "citations":
            dated.add(mid)
    if dated:
        dated_citations(db, sorted(dated))


def _move_sources(db: sqlite3.Connection, table: str, old: int, into: int) -> None:
    """Row ``old`` of ``table`` is folded into row ``into``: what gave it gives ``into``."""
    db.execute("UPDATE OR IGNORE row_sources SET row_id = ? WHERE tbl = ? AND row_id = ?", (into, table, old))
    db.execute("DELETE FROM row_sources WHERE tbl = ? AND row_id = ?", (table, old))


def _thread_subject(subject: str) -> tuple[bool, int, str]:
    """The order of the subjects the files of one thread give it (the least is kept): one that is no reply ("Re: …")
    first, then the shortest, then by text; a total order, so the kept subject does not depend on ingest order."""
    return is_reply_subject(subject), len(subject), subject


def _same_id(a: str | None, b: str | None) -> bool:
    """Two Message-IDs that may name one e-mail: equal, or one unknown (a quoted copy has none)."""
    return not a or not b or a.strip().strip("<>") == b.strip().strip("<>")


def _mail_origin(origin: str | None) -> bool:
    """Whether a stored row's text is an e-mail's (``parse.threading.is_mail`` of the copy it came from)."""
    return (origin or "").partition("+")[0] == MAIL_ORIGIN


def _compatible(stored: _Stored, author: str | None, when: str | None, norm: str) -> bool:
    """May a stored row and an incoming copy be the same message? (no conflicting author/date; words agree)"""
    if not (_same_person(author, stored.author_key) and _same_time(when, stored.date_utc)):
        return False
    a, b = f" {norm} ", f" {stored.normalised_text} "
    if a == b or a in b or b in a:
        return True
    for x, y in ((norm, stored.normalised_text), (stored.normalised_text, norm)):  # an excerpt cut mid-word
        cut = x.rsplit(" ", 1)[0]
        if len(cut) >= MIN_CONTAINED and f" {cut} " in f" {y} ":
            return True
    return _shared_shingles(norm, stored.normalised_text) >= MIN_SHARED


def _same_person(a: str | None, b: str | None) -> bool:
    """Unknown matches anyone; "aaron" matches "aaron gable" (one name's words inside the other's)."""
    if not a or not b:
        return True
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def _instant(text: str) -> tuple[datetime, bool]:
    """(datetime, aware?) of a date_utc value."""
    if text.endswith("Z"):
        return datetime.fromisoformat(text[:-1]), True
    if "T" in text:
        return datetime.fromisoformat(text), False
    return datetime.fromisoformat(text + "T12:00:00"), False


def _minute(date_utc: str | None) -> str | None:
    """The minute of a date_utc that is an instant in UTC ("2024-01-01T09:05:00Z" -> "2024-01-01T09:05"), else None
    (no date, a local time of unknown zone, a bare day)."""
    return _minute_of(_instant(date_utc)[0]) if date_utc and date_utc.endswith("Z") and "T" in date_utc else None


def _minute_of(instant: datetime) -> str:
    return instant.isoformat()[:16]


def _same_time(a: str | None, b: str | None) -> bool:
    """Unknown matches any time. Two instants agree to the minute (attributions drop seconds); a local
    time of unknown zone agrees with an instant within 14 hours; a bare day within a day and a half."""
    if not a or not b:
        return True
    (da, aware_a), (db, aware_b) = _instant(a), _instant(b)
    gap = abs((da - db).total_seconds())
    if "T" not in a or "T" not in b:
        return gap <= 36 * 3600
    if aware_a and aware_b:
        return gap < 60
    return gap <= 14 * 3600 + 60


def _date_window(when: str) -> tuple[str, str]:
    """Bounds of ``date_utc`` values that ``_same_time`` may accept for ``when`` (a wider, cheap range of
    days: every stored form, bare day, local time or instant, starts with its day and sorts inside it)."""
    day = _instant(when)[0].date()
    return (day - timedelta(days=2)).isoformat(), (day + timedelta(days=2)).isoformat() + "U"  # "T…" < "U"


def _shared_shingles(a: str, b: str) -> float:
    """Share of the shorter text's 5-word shingles found in the longer one (a dropped link, a re-wrap)."""
    short, long_ = sorted((a.split(), b.split()), key=len)
    if len(" ".join(short)) < MIN_CONTAINED or len(short) < SHINGLE:
        return 0.0
    grams = {tuple(short[i:i + SHINGLE]) for i in range(len(short) - SHINGLE + 1)}
    other = {tuple(long_[i:i + SHINGLE]) for i in range(len(long_) - SHINGLE + 1)}
    return len(grams & other) / len(grams)
