"""Ingest stage: a path -> Sources (decoded text lines), choosing the reader by content, not only by name.

    text.py   plain text as archived (mail-archive, Google Groups, NNTP, Bugzilla, GitHub page text)
    html.py   HTML archives and attachments (beautifulsoup4)
    mail.py   .eml (mail-parser) and mbox (stdlib mailbox, streamed)

A folder ingests every file in it (sorted). Unreadable input raises IngestError with a one-line reason.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

from threadkb.ingest.text import decode, sniff
from threadkb.models import IngestError, Source

MAX_BYTES = 512 * 1024 * 1024


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
    if not os.path.exists(path):
        raise IngestError("no such file or folder")
    out: list[Source] = []
    for f in iter_files(path):
        out.extend(ingest_file(f))
    return out


def ingest_file(path: str) -> list[Source]:
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
        from threadkb.ingest.mail import read_mbox
        return read_mbox(path)
    if kind == "eml":
        from threadkb.ingest.mail import read_eml
        try:
            return [read_eml(path)]
        except IngestError as exc:
            if path.lower().endswith((".eml", ".msg")):
                raise
            fallback = f"read as plain text: {exc}"  # looked like headers, is a page
    else:
        fallback = None
    with open(path, "rb") as fh:
        data = fh.read()
    text, encoding, warnings = decode(data, path)
    if kind == "html":
        from threadkb.ingest.html import read_html
        return [read_html(path, text, encoding, warnings)]
    if fallback:
        warnings.append(fallback)
    return [Source(path=path, kind="text", lines=text.split("\n"), encoding=encoding, warnings=warnings)]
