"""``threadkb fetch``: download Bugzilla bugs, GitHub issues or pipermail archives (``threadkb.fetch``), and
store each thread as it comes with ``--ingest``."""
from __future__ import annotations

import os
import re
import sys
from urllib.parse import urlsplit

from threadkb import fetch
from threadkb.kb import check_when
from threadkb.store import KBError


def cli_fetch(args, fetcher: fetch.Fetcher | None = None) -> int:
    """``threadkb fetch SOURCE TARGET...`` (see ``threadkb.fetch``). Exit 2 when a target failed."""
    source = args.source
    env = fetch.TOKENS.get(source)
    headers = {}
    token = os.environ.get(env) if env else None
    if token and source == "github":
        headers["Authorization"] = f"Bearer {token}"
    elif token and source == "bugzilla":
        headers["X-BUGZILLA-API-KEY"] = token
    if source == "github":
        headers["Accept"] = "application/vnd.github+json"
        headers["X-GitHub-Api-Version"] = "2022-11-28"
    problem = _bad_targets(args)
    if problem:
        print(f"threadkb: fetch: {problem}", file=sys.stderr)
        return 2
    f = fetcher or fetch.Fetcher(args.to, rate=args.rate, retries=args.retries, backoff=args.backoff,
                                 headers=headers, quiet=args.quiet)
    kb = None
    if args.ingest:
        from threadkb.kb import KnowledgeBase
        kb = KnowledgeBase(args.db).__enter__()
    failures = 0
    try:
        for label, job in fetch.jobs(f, args):
            try:
                primary = job()
            except fetch.FetchError as exc:
                failures += 1
                print(f"threadkb: fetch: {label}: {exc}", file=sys.stderr)
                continue
            if kb is not None and primary:
                from threadkb.batches import ingest_paths
                for path, reason in ingest_paths(kb, [primary], quiet=True).failed:
                    failures += 1
                    print(f"threadkb: fetch: {label}: not stored: {path}: {reason}", file=sys.stderr)
    except fetch.FetchError as exc:  # the listing itself failed (search, index page)
        print(f"threadkb: fetch: {exc}", file=sys.stderr)
        failures += 1
    finally:
        if kb is not None:
            kb.__exit__(None, None, None)
        f.close()
    print(f"requests: {f.requests}; files written: {f.written}; bytes received: {f.transferred}; "
          f"failed: {failures}; folder: {args.to}", file=sys.stderr)
    return 2 if failures else 0


def _bad_targets(args) -> str | None:
    """What is wrong with the command's targets (before any request), or None."""
    if args.whiteboard is not None and args.source != "bugzilla":
        return f"--whiteboard selects Bugzilla bugs; {args.source} has no whiteboard"
    if args.source == "bugzilla":
        bad = [t for t in args.targets if not t.isdigit()]
        if bad:
            return f"not a bug number: {bad[0]!r}"
        if not args.targets and not (args.whiteboard or args.since):
            return "give bug numbers, or --whiteboard TAG and/or --since DATE"
    elif args.source == "github":
        bad = [t for t in args.targets if not fetch.REPO_TARGET.match(t)]
        if bad or not args.targets:
            return f"not owner/repo or owner/repo#N: {bad[0]!r}" if bad else "give owner/repo#N or owner/repo"
    elif not args.targets or any(urlsplit(t).scheme not in ("http", "https") for t in args.targets):
        return "give the URL of a pipermail list (https://…/pipermail/LIST/)"
    if args.since and not (re.fullmatch(r"\d{4}-\d{2}(?:-\d{2}(?:T[\d:]+Z?)?)?", args.since)
                           and _on_the_calendar(args.since)):
        return f"--since: not a date (YYYY-MM or YYYY-MM-DD): {args.since!r}"
    return None


def _on_the_calendar(when: str) -> bool:
    """"2025-13-01" or "2025-02-30" has the shape of a date but is none: asked of the server, it cost every retry."""
    try:
        check_when(when)
    except KBError:
        return False
    return True
