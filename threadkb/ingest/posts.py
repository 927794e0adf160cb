"""The posts of a tracker's API response (``ingest.api``: Bugzilla, GitHub, Perceval) rendered like the mails
of an mbox thread (``ingest.mail``): what every reader of a response builds its Source with."""
from __future__ import annotations

from collections.abc import Sequence

from threadkb.ingest.mail import MailText, _append
from threadkb.models import MailHeaders, Source


def render(path: str, kind: str, posts: list[tuple[MailHeaders, str, list[str]]], preamble: Sequence[str] = ()) -> Source:
    """Posts (header facts, text, context lines) -> one Source rendered like an mbox thread. ``preamble``:
    lines about the whole thread (bug status, whiteboard, labels) before the first post; a post's context
    lines (a review comment's file and diff hunk) stand before its header block. Neither is a post's text."""
    src = Source(path=path, kind=kind, lines=list(preamble), encoding="utf-8")
    for headers, text, context in posts:
        body = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while body and not body[-1].strip():
            body.pop()
        src.lines.extend(context)
        _append(src, MailText(headers, body))
    return src


def thread_name(path: str, total: int, label: str) -> str:
    """``Source.path`` of thread ``n`` of a file: the file itself when it holds one, else ``path#label``."""
    return path if total == 1 else f"{path}#{label}"
