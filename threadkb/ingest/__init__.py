"""Ingest stage: a path -> Sources (decoded text lines), choosing the reader by content, not only by name.

    text.py      plain text as archived (mail-archive, Google Groups, NNTP, Bugzilla, GitHub page text)
    html.py      HTML archives and attachments (beautifulsoup4)
    mail.py      .eml (mail-parser) and mbox (two passes: header index, then one thread at a time); a
                 pipermail monthly archive (``2025-October.txt``) and a HyperKitty export are mboxes
    api.py       JSON: Bugzilla and GitHub REST responses (bugzilla.py, github.py), Perceval items (perceval.py)

A folder ingests every file in it (sorted). Unreadable input raises IngestError with a one-line reason.
Only regular files are read (``regular_file``): a named pipe, socket or device given as a path is an
IngestError (reading a FIFO would wait forever for a writer); inside a folder it is skipped with a warning
(logged; shown on stderr).
Every kind may be gzip-compressed (``.txt.gz``, ``.mbox.gz``, ``.json.gz``): it is decompressed once into a
temporary file (an mbox is read from it by byte ranges) and read as its content says; ``Source.path`` stays
the name of the compressed file.

Streaming: ``iter_sources(path)`` yields one Source at a time (an mbox of any size keeps only its header
index in memory); ``ingest(path)`` is the same as a list. Both go through ``SourceRef``: a small,
picklable description of where one Source comes from (a whole file, or the mails of one mbox thread),
so that a Source can be read in another process (``threadkb ingest --workers N``)::

    for ref in source_refs(path):      # cheap: sniffs each file; an mbox is indexed (first pass)
        src = load_source(ref)         # reads the file, or that thread's mails (second pass)
"""
from __future__ import annotations

import atexit
import dataclasses
import errno
import logging
import os
import shutil
import stat
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadkb.ingest.text import decode, read_input, sniff
from threadkb.models import IngestError, Source

if TYPE_CHECKING:
    from threadkb.ingest.mail import MboxThread

MAX_BYTES = 512 * 1024 * 1024
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceRef:
    """Where one Source comes from: ``file`` read whole as ``kind``, or (``thread``) one mbox thread."""

    file: str
    kind: str  # what sniffing found: "text", "html", "eml", "mbox", "json"
    size: int  # bytes of input this Source is read from (for progress)
    thread: MboxThread | None = None  # one thread of an mbox (kind "mbox")
    plain: str | None = None  # where the decompressed bytes of a gzip ``file`` are
    item: int = 0  # which Source of a JSON file (one per bug, issue or mail thread)
    notes: tuple[str, ...] = ()  # warnings found before reading (a truncated gzip stream)


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


def missing_reason(path: str) -> str:
    """Why a path that does not exist cannot be read, in words: absent, a link to nothing, or a link loop."""
    if not os.path.islink(path):
        return "no such file or folder"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops"
    return f"a symbolic link to a missing file ({os.readlink(path)})"


def regular_file(path: str) -> os.stat_result:
    """``os.stat(path)`` of a regular file (a symlink to one is fine); IngestError for anything else. Never
    opens the file: opening a named pipe waits for a writer, reading a device may never end."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in _NOT_REGULAR if test(st.st_mode)), "not a file")
        raise IngestError(f"not a regular file ({what}): only regular files are read")
    return st


def iter_files(path: str) -> Iterator[str]:
    """``path`` itself, or the files of a folder (sorted; hidden and .md files left out; anything but a
    regular file skipped with a logged warning)."""
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith(".") and not f.endswith(".md"):
                    full = os.path.join(root, f)
                    try:
                        regular_file(full)
                    except IngestError as exc:
                        log.warning("threadkb: warning: %s: skipped: %s", full, exc)
                        continue
                    yield full
    else:
        yield path


def ingest(path: str) -> list[Source]:
    """All Sources in ``path`` (a file gives one, an mbox one per thread or mail, a folder all its files)."""
    return list(iter_sources(path))


def iter_sources(path: str) -> Iterator[Source]:
    """The Sources of ``path`` one at a time, in the order ``ingest`` lists them."""
    for ref in source_refs(path):
        yield load_source(ref)


def source_refs(path: str) -> Iterator[SourceRef]:
    """The SourceRefs of a file or folder, in order (IngestError for a path that does not exist)."""
    if not os.path.exists(path):
        raise IngestError(missing_reason(path))
    for f in iter_files(path):
        yield from file_refs(f)


def ingest_file(path: str) -> list[Source]:
    """The Sources of one file."""
    return [load_source(ref) for ref in file_refs(path)]


def file_refs(path: str) -> list[SourceRef]:
    """The SourceRefs of one file: one, or one per thread of an mbox (its first pass runs here)."""
    size = regular_file(path).st_size
    try:
        if size > MAX_BYTES:
            raise IngestError(f"file too large ({size} bytes; limit {MAX_BYTES})")
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    notes: tuple[str, ...]
    plain, notes = None, ()
    if head[:2] == GZIP_MAGIC:
        plain, notes = gunzip(path)
        with open(plain, "rb") as fh:
            head = fh.read(65536)
        size = os.path.getsize(plain)
    name = path[:-3] if path.lower().endswith(".gz") else path
    from threadkb.ingest.api import JSON_NAMES, is_secondary, json_sources, looks_like_json
    if looks_like_json(name, head):
        if is_secondary(path):
            return []  # read with the primary file of its bug or issue, beside it
        try:
            n = len(json_sources(path, plain))
        except IngestError:
            if name.lower().endswith(JSON_NAMES):
                raise
        else:
            return [SourceRef(path, "json", size // n, plain=plain, item=i, notes=notes) for i in range(n)]
    kind = sniff(name, head)
    if kind == "mbox":
        from threadkb.ingest.mail import index_mbox
        threads = index_mbox(plain or path)
        if plain:  # the threads are read from the decompressed copy, named after the compressed file
            threads = [dataclasses.replace(t, name=path + t.name[len(plain):]) for t in threads]
        return [SourceRef(path, kind, t.size, t, plain, notes=notes) for t in threads]
    return [SourceRef(path, kind, size, plain=plain, notes=notes)]


def load_source(ref: SourceRef) -> Source:
    """Read the Source a SourceRef describes (IngestError when it cannot be read)."""
    src = _load(ref)
    if ref.notes:
        src.warnings[:0] = list(ref.notes)
    return src


def _load(ref: SourceRef) -> Source:
    if ref.thread is not None:
        from threadkb.ingest.mail import read_thread
        return read_thread(ref.thread)
    if ref.kind == "json":
        from threadkb.ingest.api import json_sources
        src = json_sources(ref.file, ref.plain)[ref.item]
        return dataclasses.replace(src, warnings=list(src.warnings))
    path, kind, data_path = ref.file, ref.kind, ref.plain or ref.file
    if kind == "eml":
        from threadkb.ingest.mail import read_eml
        try:
            src = read_eml(data_path)
            src.path = path
            return src
        except IngestError as exc:
            if path.lower().endswith((".eml", ".msg")):
                raise
            fallback = f"read as plain text: {exc}"  # looked like headers, is a page
    else:
        fallback = None
    text, encoding, warnings = decode(read_input(data_path), path)
    if kind == "html":
        from threadkb.ingest.html import read_html
        return read_html(path, text, encoding, warnings)
    if fallback:
        warnings.append(fallback)
    return Source(path=path, kind="text", lines=text.split("\n"), encoding=encoding, warnings=warnings)


# --------------------------------------------------------------------------- gzip

GZIP_MAGIC = b"\x1f\x8b"
_GUNZIPPED: dict[tuple[str, float, int], tuple[str, tuple[str, ...]]] = {}
_TMPDIR: list[str] = []


def gunzip(path: str) -> tuple[str, tuple[str, ...]]:
    """Decompress a gzip file once (per process) into a temporary file: (its path, warnings). A truncated
    stream keeps what was decompressed, with a warning; a corrupt one with nothing in it is an IngestError;
    more than MAX_BYTES decompressed is refused (a gzip bomb)."""
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_mtime, st.st_size)
    if key in _GUNZIPPED and os.path.exists(_GUNZIPPED[key][0]):
        return _GUNZIPPED[key]
    if not _TMPDIR:
        _TMPDIR.append(tempfile.mkdtemp(prefix="threadkb-gunzip-"))
        atexit.register(shutil.rmtree, _TMPDIR[0], True)
    fd, out = tempfile.mkstemp(dir=_TMPDIR[0], suffix="-" + os.path.basename(path)[:-3 if path.endswith(".gz") else None])
    notes: list[str] = []
    total = 0
    with os.fdopen(fd, "wb") as dst, open(path, "rb") as raw:
        z = zlib.decompressobj(31)  # a gzip member; zlib streams, so a truncated file yields what it holds
        pending = False
        try:
            while block := raw.read(1 << 20):
                while block:
                    chunk = z.decompress(block, MAX_BYTES + 1 - total)
                    total += len(chunk)
                    if total > MAX_BYTES:
                        raise IngestError(f"gzip file expands beyond {MAX_BYTES} bytes")
                    dst.write(chunk)
                    pending = not z.eof
                    if z.eof:  # the next member of a multi-member file, if any
                        block, z = z.unused_data, zlib.decompressobj(31)
                    else:
                        block = z.unconsumed_tail
            if pending:
                raise EOFError("the compressed stream ends before its end marker")
        except (EOFError, zlib.error) as exc:
            if not total:
                raise IngestError(f"corrupt gzip file: {exc}") from None
            notes.append(f"gzip stream damaged after {total} bytes ({exc}): the rest was not read")
    _GUNZIPPED[key] = (out, tuple(notes))
    return _GUNZIPPED[key]
