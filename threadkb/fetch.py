"""`threadkb fetch`: download what the readers of ``threadkb.ingest`` read, politely and resumably.

    threadkb fetch bugzilla 1885568 2012274
    threadkb fetch bugzilla --whiteboard ca-compliance --since 2025-01-01
    threadkb fetch github mozilla/pkipolicy#276
    threadkb fetch github cabforum/servercert --since 2025-01-01
    threadkb fetch pipermail https://lists.cabforum.org/pipermail/servercert-wg/ --since 2024-01

Files go under ``--to`` (default ``corpora/``), one per API response, exactly as the server sent them:

    bugzilla/<host>/bug-<id>.json, bug-<id>.comments.json, bug-<id>.history.json
    github/<owner>/<repo>/<n>.issue.json, <n>.comments.json (<n>.comments-p2.json ...), for a pull request
        also <n>.pull.json, <n>.review-comments.json and <n>.reviews.json
    pipermail/<host>/<list>/2025-October.txt.gz (as the archive serves it)

``.threadkb-manifest.jsonl`` gets one line per file written (URL, file, time, HTTP status, sha256, bytes);
``.threadkb-state.jsonl`` (a journal, one line per file written) keeps each URL's ETag / Last-Modified, so a rerun sends conditional requests and the
server answers 304 for what did not change: nothing new is transferred or written. Both are dot files, which
``threadkb ingest DIR`` skips.

Polite and robust: a User-Agent naming threadkb; at most ``rate`` requests per second; retries with
exponential backoff on 429, 5xx, dropped connections and truncated or unreadable bodies, waiting what a
Retry-After header asks (seconds or an HTTP date, capped by ``max_wait``); every file written atomically
(a temporary file beside it, then renamed) and the state saved after each file, so a fetch killed midway
and run again ends with the same files as an uninterrupted one; a progress bar only on a terminal. API
tokens come only from the environment (``GITHUB_TOKEN``, ``BUGZILLA_API_KEY``) and are sent as headers,
never written to a file, the manifest or a message.

Retries are this module's own small loop (``Fetcher.get``) rather than tenacity or stamina: the wait must
come from the response (Retry-After), a 304 or 404 is an answer not a failure, and a 200 with a body that
does not parse must be retried too; the loop is 30 lines with no dependency. HTTP is httpx.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from urllib.parse import urljoin, urlsplit

import httpx

log = logging.getLogger(__name__)
USER_AGENT = "threadkb/0.1 (+https://github.com/threadkb/threadkb; Web PKI incident knowledge base)"
MANIFEST = ".threadkb-manifest.jsonl"
STATE = ".threadkb-state.jsonl"
TOKENS = {"github": "GITHUB_TOKEN", "bugzilla": "BUGZILLA_API_KEY"}  # environment variables, never stored
RETRY_STATUS = {429, 500, 502, 503, 504}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


class FetchError(Exception):
    """A request that failed for good (after retries): one line for the user."""


@dataclass
class Result:
    url: str
    status: int  # the last HTTP status (304: unchanged, 0: no answer)
    path: str | None  # the file written or kept
    data: bytes = b""
    changed: bool = False
    next: str | None = None  # the Link header's rel="next" (GitHub paging)


@dataclass
class Fetcher:
    """HTTP GETs into files under ``to``, with conditional requests, retries, a rate limit and a manifest."""

    to: str
    rate: float = 2.0  # requests per second at most
    retries: int = 5
    backoff: float = 1.0  # first retry wait in seconds (doubles each time, with jitter)
    max_wait: float = 120.0  # cap on one wait (Retry-After included)
    timeout: float = 60.0
    quiet: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    transport: httpx.BaseTransport | None = None
    on_file: Callable[[Result], None] | None = None  # called after each file is written or confirmed
    requests: int = 0
    transferred: int = 0  # body bytes received with status 200
    written: int = 0  # files written (new or changed)

    def __post_init__(self) -> None:
        os.makedirs(self.to, exist_ok=True)
        self.client = httpx.Client(headers={"User-Agent": USER_AGENT, **self.headers}, timeout=self.timeout,
                                   follow_redirects=True, transport=self.transport)
        self._last = 0.0
        self.state = self._load_state()

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ one request
    def get(self, url: str, dest: str | None = None, *, params: dict | None = None,
            check: Callable[[bytes], None] | None = None) -> Result:
        """GET ``url`` (retried), saving the body to ``dest`` (relative to ``to``) when it changed.
        ``check`` validates a body (raises ValueError: the body is retried as a failed transfer)."""
        full = str(httpx.URL(url, params=params)) if params else url
        known = self.state.get(full, {})
        path = os.path.join(self.to, dest) if dest else None
        headers = {}
        if path and os.path.exists(path) and known.get("sha256") == _sha256_file(path):
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        problem, wait = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(wait)  # set by the failed attempt before
            self._throttle()
            self.requests += 1
            try:
                with self.client.stream("GET", full, headers=headers) as resp:
                    raw = url.endswith(".gz") and resp.headers.get("content-encoding") == "gzip"
                    data = b"".join(resp.iter_raw()) if raw else resp.read()
            except httpx.HTTPError as exc:  # refused, reset, timed out, body shorter than Content-Length
                problem, wait = f"{type(exc).__name__}: {exc}", self._backoff(attempt, None)
                continue
            limited = resp.status_code in (403, 429) and resp.headers.get("x-ratelimit-remaining") == "0"
            if resp.status_code in RETRY_STATUS or limited:
                problem = f"HTTP {resp.status_code}"
                wait = self._backoff(attempt, resp.headers.get("retry-after"))
                if limited and not resp.headers.get("retry-after"):  # GitHub's primary rate limit
                    reset = _rate_limit_reset(resp.headers.get("x-ratelimit-reset"))
                    if reset is not None and reset > self.max_wait:
                        raise FetchError(f"rate limit exhausted for {reset / 60:.0f} more minutes at {full} "
                                         f"(an API token in {', '.join(TOKENS.values())} raises it)")
                    wait = self._backoff(attempt, str(int(reset)) if reset is not None else None)
                continue
            if resp.status_code == 304 and path:
                res = Result(full, 304, path, _read(path), next=known.get("next"))
                self._done(res)
                return res
            if resp.status_code != 200:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase} for {full}")
            try:
                if check:
                    check(data)
            except ValueError as exc:
                problem, wait = f"unreadable body ({exc})", self._backoff(attempt, None)
                continue
            self.transferred += len(data)
            res = Result(full, 200, path, data, next=_next_link(resp.headers.get("link")))
            if path:
                res.changed = self._write(path, data)
                self.state[full] = {"etag": resp.headers.get("etag"), "next": res.next,
                                    "last_modified": resp.headers.get("last-modified"),
                                    "file": os.path.relpath(path, self.to), "sha256": hashlib.sha256(data).hexdigest()}
                self._save_state(full)
                if res.changed or not known:  # a new or changed file (or one an interruption left unlisted)
                    self._manifest(full, path, 200, data)
            self._done(res)
            return res
        n = self.retries + 1
        raise FetchError(f"{problem} for {full} (gave up after {n} attempt{'s' if n > 1 else ''})")

    def get_json(self, url: str, dest: str | None = None, *, params: dict | None = None,
                 check: Callable[[bytes], None] | None = None) -> tuple[object, Result]:
        res = self.get(url, dest, params=params, check=check or _check_json)
        return json.loads(res.data), res

    def _done(self, res: Result) -> None:
        if self.on_file and res.path:
            self.on_file(res)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = _retry_after(retry_after)
        if wait is None:
            wait = self.backoff * (2 ** attempt) * (0.5 + random.random())
        return min(max(wait, 0.0), self.max_wait)

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _throttle(self) -> None:
        if self.rate > 0:
            gap = 1.0 / self.rate - (time.monotonic() - self._last)
            if gap > 0:
                time.sleep(gap)
        self._last = time.monotonic()

    # ------------------------------------------------------------------ files
    def _write(self, path: str, data: bytes) -> bool:
        """Write atomically (a temporary file, then rename); False when the file already holds these bytes."""
        if os.path.exists(path) and _read(path) == data:
            return False
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.part")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # a reader (or a rerun) sees the old file or the new one, never a part
        self.written += 1
        return True

    def _manifest(self, url: str, path: str, status: int, data: bytes) -> None:
        line = {"url": url, "file": os.path.relpath(path, self.to),
                "time": datetime.now(timezone.utc).isoformat(timespec="seconds"), "status": status,
                "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        with open(os.path.join(self.to, MANIFEST), "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line) + "\n")

    def _load_state(self) -> dict:
        """URL -> what its last 200 said (ETag, Last-Modified, next page, file, sha256): the journal's last
        line per URL wins; a line cut by an interruption is ignored."""
        state: dict = {}
        try:
            with open(os.path.join(self.to, STATE), encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                        state[entry.pop("url")] = entry
        except OSError:
            pass
        return state

    def _save_state(self, url: str) -> None:
        """Append the URL's entry to the journal (one line: O(1) per file, whatever the number of files)."""
        with open(os.path.join(self.to, STATE), "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"url": url, **self.state[url]}) + "\n")


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _sha256_file(path: str) -> str:
    return hashlib.sha256(_read(path)).hexdigest()


def _check_json(data: bytes) -> None:
    try:
        json.loads(data)
    except ValueError as exc:
        raise ValueError(f"invalid JSON: {exc}") from None


def _check_bugzilla(data: bytes) -> None:
    """JSON, and not Bugzilla's error object ({"error": true, "code": 101, "message": "Bug #… does not exist."},
    which some servers send with status 200): that is an answer, not retried, nothing written."""
    _check_json(data)
    doc = json.loads(data)
    if isinstance(doc, dict) and doc.get("error") is True:
        raise FetchError(f"Bugzilla error {doc.get('code')}: {doc.get('message')}")


def _check_gzip(data: bytes) -> None:
    if data[:2] != b"\x1f\x8b":
        return
    z = zlib.decompressobj(31)
    try:
        z.decompress(data)
    except zlib.error as exc:
        raise ValueError(f"corrupt gzip: {exc}") from None
    if not z.eof:
        raise ValueError("truncated gzip")


def _retry_after(value: str | None) -> float | None:
    """Retry-After: seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return (when - datetime.now(timezone.utc)).total_seconds()


def _rate_limit_reset(value: str | None) -> float | None:
    """Seconds until an ``x-ratelimit-reset`` epoch time."""
    try:
        return max(0.0, float(value) - time.time()) if value else None
    except ValueError:
        return None


def _next_link(link: str | None) -> str | None:
    """The rel="next" URL of a Link header (GitHub paging)."""
    for part in (link or "").split(","):
        m = re.search(r'<([^<>]+)>\s*;\s*rel="?next"?', part)  # a URI holds no '<': linear on a run of '<'
        if m:
            return m.group(1)
    return None


# --------------------------------------------------------------------------- sources


def bugzilla_ids(f: Fetcher, base: str, whiteboard: str | None, since: str | None, page: int = 100) -> Iterator[int]:
    """Bug ids of a search (GET /rest/bug?whiteboard=…&last_change_time=…), paged by limit/offset."""
    offset = 0
    while True:
        params = {"include_fields": "id", "limit": str(page), "offset": str(offset), "order": "bug_id"}
        if whiteboard:
            params["whiteboard"] = whiteboard
        if since:
            params["last_change_time"] = since
        doc, _ = f.get_json(f"{base}/rest/bug", params=params, check=_check_bugzilla)
        bugs = doc.get("bugs") if isinstance(doc, dict) else None
        if not isinstance(bugs, list):
            raise FetchError(f"unexpected search response from {base}/rest/bug (no 'bugs' list)")
        for b in bugs:
            if isinstance(b, dict) and b.get("id") is not None:
                yield int(b["id"])
        if len(bugs) < page:
            return
        offset += page


def fetch_bug(f: Fetcher, base: str, bug_id: int) -> str:
    """A bug, its comments and its history -> three files; returns the comments file (the one to ingest)."""
    host = urlsplit(base).netloc.replace(":", "_") or "bugzilla"
    folder = os.path.join("bugzilla", host)
    f.get_json(f"{base}/rest/bug/{bug_id}", os.path.join(folder, f"bug-{bug_id}.json"), check=_check_bugzilla)
    _, res = f.get_json(f"{base}/rest/bug/{bug_id}/comment", os.path.join(folder, f"bug-{bug_id}.comments.json"),
                        check=_check_bugzilla)
    try:
        f.get_json(f"{base}/rest/bug/{bug_id}/history", os.path.join(folder, f"bug-{bug_id}.history.json"),
                   check=_check_bugzilla)
    except FetchError as exc:  # the history is optional
        log.warning("threadkb: fetch: bug %s: history not fetched: %s", bug_id, exc)
    return res.path or ""


def _pages(f: Fetcher, url: str, folder: str, name: str) -> None:
    """A paged GitHub list (per_page=100, Link rel=next) -> name.json, name-p2.json ..."""
    page = 1
    params: dict[str, str] | None = {"per_page": "100"}
    next_url: str | None = url
    while next_url:
        dest = os.path.join(folder, f"{name}.json" if page == 1 else f"{name}-p{page}.json")
        doc, res = f.get_json(next_url, dest, params=params)
        next_url, params, page = res.next, None, page + 1
        if not isinstance(doc, list) or not doc:
            break


def fetch_issue(f: Fetcher, api: str, repo: str, number: int) -> str:
    """An issue or pull request with its comments (and review comments) -> files; returns the issue file."""
    folder = os.path.join("github", *repo.split("/"))
    issue, res = f.get_json(f"{api}/repos/{repo}/issues/{number}", os.path.join(folder, f"{number}.issue.json"))
    _pages(f, f"{api}/repos/{repo}/issues/{number}/comments", folder, f"{number}.comments")
    if isinstance(issue, dict) and issue.get("pull_request"):
        f.get_json(f"{api}/repos/{repo}/pulls/{number}", os.path.join(folder, f"{number}.pull.json"))
        _pages(f, f"{api}/repos/{repo}/pulls/{number}/comments", folder, f"{number}.review-comments")
        _pages(f, f"{api}/repos/{repo}/pulls/{number}/reviews", folder, f"{number}.reviews")
    return res.path or ""


def github_numbers(f: Fetcher, api: str, repo: str, since: str | None) -> Iterator[int]:
    """Issue and pull request numbers of a repository updated since a date (GET /repos/{o}/{r}/issues)."""
    url: str | None = f"{api}/repos/{repo}/issues"
    first = {"state": "all", "per_page": "100", "sort": "created", "direction": "asc"}
    if since:
        first["since"] = _iso_since(since)
    params: dict | None = first
    while url:
        doc, res = f.get_json(url, params=params)
        if not isinstance(doc, list):
            raise FetchError(f"unexpected response from {url} (not a list of issues)")
        for it in doc:
            if isinstance(it, dict) and isinstance(it.get("number"), int):
                yield it["number"]
        url, params = res.next, None


def pipermail_months(f: Fetcher, index_url: str, since: str | None) -> Iterator[str]:
    """The monthly archive files a pipermail index links to (``2025-October.txt.gz`` / ``.txt``), from
    ``since`` (YYYY-MM) on, oldest first."""
    res = f.get(index_url)
    html = res.data.decode("utf-8", "replace")
    found: dict[tuple[int, int], str] = {}
    for m in re.finditer(r'href="((\d{4})-([A-Z][a-z]+)\.txt(?:\.gz)?)"', html):
        if m.group(3) not in _MONTHS:
            continue
        key = (int(m.group(2)), _MONTHS.index(m.group(3)) + 1)
        if key not in found or found[key].endswith(".txt"):
            found[key] = m.group(1) if key not in found or m.group(1).endswith(".gz") else found[key]
    lo = tuple(int(x) for x in since.split("-")[:2]) if since else (0, 0)
    for key in sorted(found):
        if key >= lo:
            yield found[key]


def _iso_since(since: str) -> str:
    s = since.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s + "T00:00:00Z"
    if re.fullmatch(r"\d{4}-\d{2}", s):
        return s + "-01T00:00:00Z"
    return s


# --------------------------------------------------------------------------- what a command asks for


REPO_TARGET = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)(?:#(?P<n>\d+))?$")  # owner/repo or owner/repo#N


def _fetch_month(f: Fetcher, url: str, dest: str) -> str:
    """One gzipped month of a pipermail archive -> its file."""
    return f.get(url, dest, check=_check_gzip).path or ""


def jobs(f: Fetcher, args) -> Iterator[tuple[str, Callable[[], str]]]:
    """(label, job) for every thread to fetch; a job returns the file to ingest."""
    items: list[tuple[str, Callable[[], str]]] = []
    if args.source == "bugzilla":
        base = args.base or "https://bugzilla.mozilla.org"
        ids = [int(t) for t in args.targets]
        if args.whiteboard or (args.since and not ids):
            ids += [i for i in bugzilla_ids(f, base, args.whiteboard, args.since) if i not in ids]
        items = [(f"bug {i}", partial(fetch_bug, f, base, i)) for i in ids]
    elif args.source == "github":
        api = (args.base or "https://api.github.com").rstrip("/")
        for t in args.targets:
            m = REPO_TARGET.match(t)
            if m is None:  # refused before by threadkb.commands.fetch
                raise ValueError(f"not owner/repo or owner/repo#N: {t!r}")
            repo = m.group("repo")
            numbers = [int(m.group("n"))] if m.group("n") else list(github_numbers(f, api, repo, args.since))
            items += [(f"{repo}#{n}", partial(fetch_issue, f, api, repo, n)) for n in numbers]
    elif args.source == "pipermail":
        for t in args.targets:
            index = t if t.endswith("/") else t + "/"
            parts = urlsplit(index)
            folder = os.path.join("pipermail", parts.netloc.replace(":", "_"),
                                  *[p for p in parts.path.split("/") if p and p != "pipermail"])
            for name in pipermail_months(f, index, args.since):
                items.append((name, partial(_fetch_month, f, urljoin(index, name), os.path.join(folder, name))))
    bar = _bar(len(items), f.quiet)
    for label, job in items:
        yield label, job
        bar.update(1)
    bar.close()


def _bar(total: int, quiet: bool):
    from tqdm import tqdm
    return tqdm(total=total, unit="thread", disable=quiet or not sys.stderr.isatty(), file=sys.stderr, leave=False)
