"""JSON input: the responses of the Bugzilla and GitHub REST APIs and Perceval (GrimoireLab) items.

Each post of a response (a Bugzilla comment, a GitHub issue body, comment or review comment, a mail of a
Perceval mail backend) is rendered like a mail of an mbox (``ingest.mail``): a short header block, a blank
line, its text; ``Source.mail[i]`` holds its exact author, time, ids and reply link (``MailHeaders``),
``Source.parts[i]`` where its text is. The parse stage reads the text as it reads any mail body (quotes,
attributions such as "(In reply to X from comment #N)", signatures), and takes the facts from the headers.

What a file holds is told by its content (``classify``), not its name:

    bugzilla-comments   {"bugs": {"ID": {"comments": [...]}}}       GET /rest/bug/{id}/comment
    bugzilla-bugs       {"bugs": [{"id", "summary", ...}]}           GET /rest/bug/{id}, /rest/bug?id=…
    bugzilla-history    {"bugs": [{"id", "history": [...]}]}        GET /rest/bug/{id}/history
    github-issue        {"number", "title", "user", "body", ...}     GET /repos/{o}/{r}/issues/{n}
    github-pull         the same with "head" and "base"              GET /repos/{o}/{r}/pulls/{n}
    github-comments     [{"user", "body", "created_at", ...}]        GET …/issues/{n}/comments
    github-issues       [{"number", "title", "user", "body", ...}]   GET /repos/{o}/{r}/issues (a listing)
    github-review-comments  the same with "diff_hunk", "path"         GET …/pulls/{n}/comments
    github-reviews      [{"user", "body", "state", "submitted_at"}]  GET …/pulls/{n}/reviews
    perceval            {"backend_name", "category", "data", ...} one item per line (or concatenated)

A response is read together with its companions: the files ``threadkb fetch`` writes beside it for the
same bug or issue (``bug-1885568.json``, ``bug-1885568.comments.json``, ``bug-1885568.history.json``;
``276.issue.json``, ``276.comments.json``, ``276.comments-p2.json`` ...). The comments file (GitHub: the
issue or pull file) is the one that gives the Source; its companions give none when it is there, so that a
folder ingests each thread once. A comments response alone is a valid input.
"""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache

from threadkb.ingest.text import read_input
from threadkb.models import IngestError, Source

JSON_NAMES = (".json", ".jsonl", ".ndjson")
# the files ``threadkb fetch`` writes for one bug / issue: <stem>[.<part>[-pN]].json
_COMPANION = re.compile(r"^(?P<stem>.+?)(?:\.(?P<part>comments|history|issue|pull|reviews|review-comments)(?P<page>-p\d+)?)?"
                        r"\.json$")
_PRIMARY = ("issue", "pull", "comments")  # the first of these present gives the group's Source


_JSON_START = re.compile(rb'^(?:\xef\xbb\xbf)?\s*(?:\{\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d|true|false|null))')


def looks_like_json(path: str, head: bytes) -> bool:
    """Could this file be a JSON response (by its first tokens, or its name)? ("[Servercert-wg] …" is not.)"""
    return bool(_JSON_START.match(head)) or path.lower().endswith(JSON_NAMES)


def decode_json(data: bytes) -> tuple[list, list[str]]:
    """Bytes -> the JSON documents in them (one document, JSON Lines, or documents one after another), and
    warnings. Text that is not JSON at all raises IngestError; a damaged tail after good documents (a
    truncated download) is a warning."""
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        warnings.append(f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced by U+FFFD")
    docs: list = []
    dec = json.JSONDecoder()
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos] in " \t\r\n":
            pos += 1
        if pos >= end:
            break
        try:
            doc, pos = dec.raw_decode(text, pos)
        except RecursionError:
            raise IngestError("JSON nested too deeply") from None
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            if not docs:
                raise IngestError(f"invalid JSON at {where}: {exc.msg}") from None
            warnings.append(f"invalid JSON at {where} ({exc.msg}): the rest of the file was not read "
                            f"(truncated download?); {len(docs)} JSON documents read before it")
            break
        docs.append(doc)
    if not docs:
        raise IngestError("empty file")
    return docs, warnings


def classify(doc) -> str | None:
    """The kind of one JSON document (see the module docstring), or None."""
    if isinstance(doc, dict):
        if "backend_name" in doc and "data" in doc:
            return "perceval"
        bugs = doc.get("bugs")
        if isinstance(bugs, dict) and all(isinstance(b, dict) and "comments" in b for b in bugs.values()):
            return "bugzilla-comments"
        if isinstance(bugs, list) and bugs and all(isinstance(b, dict) for b in bugs):
            return "bugzilla-history" if all("history" in b for b in bugs) else "bugzilla-bugs"
        if "number" in doc and "title" in doc and isinstance(doc.get("user"), dict):
            return "github-pull" if "head" in doc and "base" in doc else "github-issue"
    if isinstance(doc, list) and doc and all(isinstance(c, dict) and "number" in c and "title" in c for c in doc):
        return "github-issues"  # a listing (GET /repos/{o}/{r}/issues): each issue's own text, without comments
    if isinstance(doc, list) and doc and all(isinstance(c, dict) and "submitted_at" in c and "state" in c for c in doc):
        return "github-reviews"  # GET …/pulls/{n}/reviews: a review's own text (APPROVED, CHANGES_REQUESTED …)
    if isinstance(doc, list) and doc and all(isinstance(c, dict) and "body" in c and "user" in c for c in doc):
        return "github-review-comments" if any("diff_hunk" in c for c in doc) else "github-comments"
    if isinstance(doc, list) and not doc:
        return "empty-list"  # an issue without comments: a companion that adds nothing
    return None


@lru_cache(maxsize=4)
def _read_cached(path: str, plain: str, stamp: tuple) -> tuple[Source, ...]:
    return tuple(_read(path, plain))


def json_sources(path: str, plain: str | None = None) -> list[Source]:
    """The Sources of a JSON file (one per bug, issue or mail thread); ``plain``: where its bytes are when
    ``path`` is compressed. Cached while the file and its companions are unchanged: a file of many threads
    is parsed once for all its SourceRefs."""
    try:
        stamp = tuple((f, st.st_mtime_ns, st.st_size) for f in read_together(path) for st in [os.stat(f)])
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    return list(_read_cached(path, plain or path, stamp))


def is_secondary(path: str) -> bool:
    """A companion file (bug, history, comments of an issue ...) whose group's primary file is beside it:
    the primary reads it, so it gives no Source of its own."""
    m = _COMPANION.match(os.path.basename(path))
    if not m:
        return False
    part = m.group("part")
    rank = _PRIMARY.index(part) if part in _PRIMARY and not m.group("page") else len(_PRIMARY)
    folder = os.path.dirname(path)
    return any(os.path.exists(os.path.join(folder, f"{m.group('stem')}.{p}.json")) for p in _PRIMARY[:rank])


def read_together(path: str) -> list[str]:
    """The files a Source of ``path`` is read from: the file, and when it is the primary file of a bug or
    issue, its companions beside it (so that a new comments page makes the primary file's input new)."""
    if not path.lower().endswith(".json") or is_secondary(path):
        return [path]
    return [path] + _companions(path)


def _companions(path: str) -> list[str]:
    m = _COMPANION.match(os.path.basename(path))
    if not m:
        return []
    folder = os.path.dirname(path) or "."
    stem = m.group("stem")
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    out = []
    for name in names:
        c = _COMPANION.match(name)
        full = os.path.join(os.path.dirname(path), name)
        if c and c.group("stem") == stem and full != path and (c.group("part") or name == f"{stem}.json"):
            out.append(full)
    return out


def _load(path: str) -> tuple[list, list[str]]:
    return decode_json(read_input(path))


def _read(path: str, plain: str) -> list[Source]:
    docs, warnings = _load(plain)
    kinds = [classify(d) for d in docs]
    if "perceval" in kinds:
        from threadkb.ingest.perceval import perceval_sources
        items = [d for d, k in zip(docs, kinds, strict=True) if k == "perceval"]
        if len(items) < len(docs):
            warnings.append(f"{len(docs) - len(items)} JSON documents that are not Perceval items were left out")
        return _finish(perceval_sources(path, items), warnings)
    if len(docs) != 1 or kinds[0] is None:
        raise IngestError("JSON of an unknown shape: not a Bugzilla or GitHub REST response, nor Perceval items")
    parts = {kinds[0]: [docs[0]]}
    for comp in _companions(path) if plain == path else ():
        try:
            cdocs, cwarn = _load(comp)
        except IngestError as exc:
            warnings.append(f"{os.path.basename(comp)}: {exc}")
            continue
        for d in cdocs:
            k = classify(d)
            if k is not None:
                parts.setdefault(k, []).append(d)
        warnings.extend(f"{os.path.basename(comp)}: {w}" for w in cwarn)
    if kinds[0].startswith("bugzilla"):
        from threadkb.ingest.bugzilla import bugzilla_sources
        return _finish(bugzilla_sources(path, parts), warnings)
    if kinds[0].startswith("github"):
        from threadkb.ingest.github import github_sources
        return _finish(github_sources(path, parts), warnings)
    raise IngestError("an empty JSON list: no comments")


def _finish(sources: list[Source], warnings: list[str]) -> list[Source]:
    if not sources:
        raise IngestError("no posts in this response (no comments, issue body or mails)")
    for s in sources:
        s.warnings[:0] = warnings
    return sources
