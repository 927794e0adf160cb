"""Ingest stage: a path -> Sources (decoded text lines), choosing the reader by content, not only by name.

    text.py   plain text as archived (mail-archive, Google Groups, NNTP, Bugzilla, GitHub page text)
    html.py   HTML archives and attachments (beautifulsoup4)
    mail.py   .eml (mail-parser) and mbox (two passes: header index, then one thread at a time)

A folder ingests every file in it (sorted). Unreadable input raises IngestError with a one-line reason.

Streaming: ``iter_sources(path)`` yields one Source at a time (an mbox of any size keeps only its header
index in memory); ``ingest(path)`` is the same as a list. Both go through ``SourceRef``: a small,
picklable description of where one Source comes from (a whole file, or the mails of one mbox thread),
so that a Source can be read in another process (``threadkb ingest --workers N``)::

    for ref in source_refs(path):      # cheap: sniffs each file; an mbox is indexed (first pass)
        src = load_source(ref)         # reads the file, or that thread's mails (second pass)
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadkb.ingest.text import decode, sniff
from threadkb.models import IngestError, Source

if TYPE_CHECKING:
    from threadkb.ingest.mail import MboxThread

MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class SourceRef:
    """Where one Source comes from: ``file`` read whole as ``kind``, or (``thread``) one mbox thread."""

    file: str
    kind: str  # what sniffing found: "text", "html", "eml", "mbox"
    size: int  # bytes of input this Source is read from (for progress)
    thread: MboxThread | None = None  # one thread of an mbox (kind "mbox")


def iter_files(path: str) -> Iterator[str]:
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith(".") and not f.endswith((".md", ".json")):
                    yield os.path.join(root, f)
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
        raise IngestError("no such file or folder")
    for f in iter_files(path):
        yield from file_refs(f)


def ingest_file(path: str) -> list[Source]:
    """The Sources of one file."""
    return [load_source(ref) for ref in file_refs(path)]


def file_refs(path: str) -> list[SourceRef]:
    """The SourceRefs of one file: one, or one per thread of an mbox (its first pass runs here)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise IngestError(f"file too large ({size} bytes; limit {MAX_BYTES})")
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    kind = sniff(path, head)
    if kind == "mbox":
        from threadkb.ingest.mail import index_mbox
        return [SourceRef(path, kind, t.size, t) for t in index_mbox(path)]
    return [SourceRef(path, kind, size)]


def load_source(ref: SourceRef) -> Source:
    """Read the Source a SourceRef describes (IngestError when it cannot be read)."""
    if ref.thread is not None:
        from threadkb.ingest.mail import read_thread
        return read_thread(ref.thread)
    path, kind = ref.file, ref.kind
    if kind == "eml":
        from threadkb.ingest.mail import read_eml
        try:
            return read_eml(path)
        except IngestError as exc:
            if path.lower().endswith((".eml", ".msg")):
                raise
            fallback = f"read as plain text: {exc}"  # looked like headers, is a page
    else:
        fallback = None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    text, encoding, warnings = decode(data, path)
    if kind == "html":
        from threadkb.ingest.html import read_html
        return read_html(path, text, encoding, warnings)
    if fallback:
        warnings.append(fallback)
    return Source(path=path, kind="text", lines=text.split("\n"), encoding=encoding, warnings=warnings)
