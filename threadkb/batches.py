"""Batch ingest: files -> batches of Sources -> parse, extract, link (in N processes) -> the knowledge base;
and the `ingest` / `run` commands.

``ingest_paths(kb, paths, workers=N)``: files are read as streams of Sources (``threadkb.ingest``), parsed +
extracted in batches of threads (``BATCH_SIZE``; in N processes, at most ``IN_FLIGHT`` batches each), and
each file is stored batch by batch in one transaction, in input order (the database is the same for every
N), so memory holds a few batches whatever the size of the archive.
"""
from __future__ import annotations

import collections
import gc
import hashlib
import itertools
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field

from threadkb.ingest import SourceRef
from threadkb.models import Extraction, IngestError
from threadkb.store import AddResult, Store, file_hash

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What an ingest run did (printed at the end)."""

    files: int = 0
    stored: int = 0  # files whose extractions were stored
    unchanged: int = 0  # files skipped: stored before with the same bytes
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    warnings: int = 0
    added: AddResult = field(default_factory=AddResult)
    warning_texts: list[tuple[str, str]] = field(default_factory=list)  # (path, warning), every stored file's

    def text(self, db: str | None = None) -> str:
        a = self.added
        lines = [
            f"files: {self.files} ({self.stored} stored, {self.unchanged} unchanged, {len(self.failed)} failed)",
            f"messages: {a.messages_new} new, {a.messages_merged} merged with stored copies"
            f" ({a.messages_updated} replaced by a fuller copy), {a.messages_unchanged} already stored",
            f"threads: {a.threads_new} new, {a.threads_joined} joined a stored thread,"
            f" {a.threads_merged} stored threads merged"
            + (f", {a.threads_empty} without messages not stored" if a.threads_empty else ""),
            f"claims: {a.claims_new} new; citations: {a.citations_new}; relations: {a.relations_new};"
            f" entities: {a.entities_new}; APIs: {a.apis_new}",
            f"warnings: {self.warnings}",
        ]
        if a.messages_retired or a.claims_retired or a.rows_retired:
            lines.insert(-1, f"replaced by changed files: messages {a.messages_retired}, claims {a.claims_retired}, other rows"
                             f" {a.rows_retired} (citations, entities, API mentions, relations) only the old bytes gave")
        for path, text in self.warning_texts[:WARNINGS_SHOWN]:
            lines.append(f"  {path}: {text}")
        if len(self.warning_texts) > WARNINGS_SHOWN:
            where = (f"sqlite3 {db} \"SELECT path, warnings FROM source_files WHERE warnings != '[]'\""
                     if db else "`threadkb parse PATH` prints each file's warnings")
            lines.append(f"  ... {len(self.warning_texts) - WARNINGS_SHOWN} more: {where}")
        return "\n".join(lines)

    def exit_code(self) -> int:
        """0: every input stored or unchanged; 1: some failed; 2: all failed (or nothing to read)."""
        if not self.failed:
            return 0
        return 1 if (self.stored or self.unchanged) else 2


WARNINGS_SHOWN = 5  # warnings printed in the summary; the rest are in the database


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
    refused: bool = False  # ... because its bytes hold no thread (IngestError: empty, binary, no e-mail headers)

    @property
    def size(self) -> int:
        return sum(r.size for r in self.refs)


@dataclass
class BatchResult:
    """The linked extractions of a batch's Sources, in order, or why the batch failed (one line)."""

    extractions: list[Extraction] = field(default_factory=list)
    failure: str | None = None
    refused: bool = False  # the failure is the input's bytes holding no thread (IngestError: empty, binary ...)


def extract_batch(batch: Batch) -> BatchResult:
    """Read, parse, extract and link the Sources of a batch (one ``nlp.pipe`` pass; run in a worker)."""
    from threadkb.ingest import load_source
    from threadkb.parse import parse
    from threadkb.pipeline import extract_threads

    try:
        return BatchResult(extract_threads([parse(load_source(ref)) for ref in batch.refs]))
    except IngestError as exc:
        return BatchResult(failure=str(exc), refused=True)
    except Exception as exc:  # a bug in a stage must not stop the run: the file is reported, not stored
        log.debug("%s: parse or extract failed", batch.path, exc_info=True)
        return BatchResult(failure=f"{type(exc).__name__}: {exc}")


def expand_paths(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to ingest (folders expanded, sorted, as the ingest stage does) and missing paths."""
    from threadkb.ingest import iter_files, missing_reason

    files: list[str] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        if not os.path.exists(p):
            missing.append((p, missing_reason(p)))
        else:
            files.extend(os.path.normpath(f) for f in iter_files(p))  # "./corpora/x" is "corpora/x"
    return files, missing


def input_hash(path: str) -> tuple[str, int]:
    """``file_hash`` of a file; of a REST response read with its companion files (``ingest.api``), a hash
    of them all, so that the response is read again when one of them changes (a new page of comments)."""
    from threadkb.ingest import regular_file
    from threadkb.ingest.api import read_together

    files = read_together(path)
    for f in files:
        regular_file(f)  # IngestError for a named pipe (hashing it would wait forever), a device ...
    if len(files) == 1:
        return file_hash(path)
    parts = [(os.path.basename(p), *file_hash(p)) for p in files]
    joined = "".join(f"{name}:{digest}\n" for name, digest, _ in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest(), sum(size for _, _, size in parts)


def plan_batches(files: list[str], batch_size: int = BATCH_SIZE) -> Iterator[Batch]:
    """The batches of every file, in order (lazily: an mbox is indexed when its turn comes)."""
    from threadkb.ingest import file_refs

    for no, path in enumerate(files):
        try:
            refs = file_refs(path)
        except IngestError as exc:
            yield Batch(no, path, [], failure=str(exc), refused=True)
            continue
        except Exception as exc:  # noqa: BLE001 - reported, never a traceback
            log.debug("%s: unreadable", path, exc_info=True)
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
            digest, size = input_hash(f)
        except OSError as exc:
            summary.failed.append((f, f"cannot read: {exc.strerror or exc}"))
            continue
        except IngestError as exc:
            summary.failed.append((f, str(exc)))
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
        self.warning_list: list[str] = []
        self.counted = 0  # bytes of the file the progress bar has counted
        self.done = False  # the file's last batch has been taken from the results

    def run(self, batch: Batch, res: BatchResult, results: Iterator[tuple[Batch, BatchResult]],
            digest: str, size: int) -> None:
        path = batch.path
        if batch.failure:  # not even opened: nothing to roll back
            self.bar.update(size)
            self.summary.failed.append((path, batch.failure + self._forgotten(path) if batch.refused else batch.failure))
            return
        self.done = batch.last  # the store may fail before it reads the first batch (a read-only database)
        try:
            added = self.kb.add_batches(self._stream(batch, res, results), path, digest, size)
        except _NotStored as exc:  # a file read as one source whose bytes hold no thread: as if refused when planned
            whole = res.refused and len(batch.refs) == 1 and batch.last
            self.summary.failed.append((path, str(exc) + (self._forgotten(path) if whole else "")))
        except sqlite3.Error as exc:  # the knowledge base refused the write (read-only, locked, full, damaged)
            log.debug("%s: not stored", path, exc_info=True)
            self.summary.failed.append((path, f"not stored: the knowledge base refused it ({exc})"))
        except Exception as exc:  # rolled back: the file is as if never seen
            log.debug("%s: not stored", path, exc_info=True)
            self.summary.failed.append((path, f"not stored: {type(exc).__name__}: {exc}"))
        else:
            self.summary.added += added
            self.summary.stored += 1
            self.summary.warnings += self.warnings + len(added.notes)
            self.summary.warning_texts.extend((path, w) for w in self.warning_list + added.notes)
            if self.on_file is not None:
                self.on_file(path, self.kept, self.threads)
        while not self.done:  # a failed file: take (and drop) its remaining batches
            b, _ = next(results)
            self._advance(b.size)
            self.done = b.last
        self._advance(size - self.counted)  # mbox separator lines are in no batch

    def _forgotten(self, path: str) -> str:
        """A stored file whose changed bytes hold no thread: what its old bytes gave is removed (``Store.forget_file``),
        as a fresh ingest of the inputs would not have it; the words the failure line ends with (nothing for a file
        never stored)."""
        gone = self.kb.forget_file(path)
        if gone is None:
            return ""
        self.summary.added += gone
        return (f"; stored before: what its earlier bytes gave is removed from the knowledge base (messages"
                f" {gone.messages_retired}, claims {gone.claims_retired}, other rows {gone.rows_retired} no other file"
                " gives)")

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
            self.warning_list.extend(w for ex in res.extractions for w in ex.thread.warnings)
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

    shown = not quiet and total > 0 and sys.stderr.isatty()  # a bar only on a terminal, never in a log
    return tqdm(total=total, unit="B", unit_scale=True, disable=not shown, file=sys.stderr, leave=False)


class ReportWriter:
    """`threadkb run`: the review reports of each file, written as soon as the file is stored.

    Only files of at most ``max_threads`` threads (default ``REPORT_MAX_THREADS``) get reports: a big
    mbox would give thousands of pages, and keeping its extractions would hold the whole archive in
    memory. The others are noted on stderr; their threads are in the knowledge base. A report name
    (the file's stem) written for one file of the run is not overwritten by another file of that name.
    """

    def __init__(self, output_dir: str, max_threads: int = REPORT_MAX_THREADS, as_of=None):
        self.output_dir = output_dir
        self.max_threads = max_threads
        self.as_of = as_of  # None: each report is judged as of its thread's last message
        self.written: list = []  # paths of the reports written
        self.owner: dict[str, str] = {}  # report stem -> the file it was written for
        self.notes: list[str] = []

    def __call__(self, path: str, extractions: list[Extraction] | None, threads: int) -> None:
        from threadkb.report import report_stem, write_reports

        if extractions is None:
            self.notes.append(f"{path}: {threads} threads: no report written (reports are written for files"
                              f" of at most {self.max_threads} threads; use `threadkb query`)")
            return
        extractions = [ex for ex in extractions if ex.thread.messages]  # nothing stored: no report either
        if not extractions:
            return
        stems = {report_stem(ex) for ex in extractions}
        taken = sorted(s for s in stems if self.owner.get(s, path) != path)
        if taken:
            self.notes.append(f"{path}: no report written: {taken[0]}.report.* was written for"
                              f" {self.owner[taken[0]]} in this run")
            return
        try:
            self.written += write_reports(extractions, self.output_dir, as_of=self.as_of)
        except Exception as exc:  # noqa: BLE001 - the file is stored; the report is reported missing
            log.debug("%s: no report written", path, exc_info=True)
            self.notes.append(f"{path}: no report written: {type(exc).__name__}: {exc}")
            return
        self.owner.update({s: path for s in stems})
