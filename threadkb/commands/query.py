"""``threadkb query VIEW``: ask the knowledge base; rows as a table, JSON Lines or CSV."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from threadkb.kb import ClaimFilter, KnowledgeBase, NoMatch, render
from threadkb.store import KBError

# the views whose rows have a message date (what --since/--until compare), with the word for a row
DATED_VIEWS = {"claims": ("claim", "claims"), "history": ("claim", "claims"),
               "commitments": ("commitment", "commitments"),
               "unanswered": ("question or request", "questions or requests"), "quotes": ("quote block", "quote blocks")}
# the options of one view (or a few): given with another view they would do nothing, so they are an error
VIEW_OPTIONS = {"--overdue": ("commitments",), "--at": ("commitments",), "--no-reply": ("unanswered",),
                "--of": ("quotes",), "--not-parent": ("quotes",)}


def cli_query(args) -> int:
    """`threadkb query [claims|history|commitments|unanswered|quotes|sections|...] --filters... --format ...`."""
    if not os.path.exists(args.db):
        raise KBError(f"no knowledge base at {args.db} (build one with `threadkb ingest PATH`)")
    for option, views in VIEW_OPTIONS.items():
        given = getattr(args, option.lstrip("-").replace("-", "_"), None)
        if given is not None and given is not False and args.view not in views:  # by identity: --of 0 is given
            raise KBError(f"{option} applies to the {' and '.join(views)} view{'s' if len(views) > 1 else ''},"
                          f" not to {args.view}")
    flt = ClaimFilter.from_args(args)
    with KnowledgeBase(args.db) as kb:
        if flt.to and (missing := kb.files_without_addressees()):
            print(f"threadkb: {len(missing)} file{'s' if len(missing) > 1 else ''} stored before addressees were kept"
                  f" (first: {missing[0]}): --to does not see {'their' if len(missing) > 1 else 'its'} mails until"
                  f" {'they are' if len(missing) > 1 else 'it is'} ingested again", file=sys.stderr)
        try:
            rows = _view(kb, args, flt)
        except NoMatch as exc:
            print(f"threadkb: {exc}", file=sys.stderr)
            return 1
        if flt.since or flt.until:
            _say_undated(kb, args, flt)
    sys.stdout.write(render(rows, args.format))
    return 0


def _say_undated(kb: KnowledgeBase, args, flt: ClaimFilter) -> None:
    """--since/--until keep dated rows only: a row of a message with no date (a Bugzilla or GitHub page saved
    with relative dates, "Opened 7 months ago"; an archive excerpt without headers) cannot be placed in the range.
    The rows the other filters select but the dates leave out for that reason are counted on stderr, so "what has
    this CA claimed since 2024" does not pass over them in silence."""
    if args.view not in DATED_VIEWS:
        return
    undated = [r for r in _view(kb, args, replace(flt, since=None, until=None)) if not r.date]
    if undated:
        files = sorted({Path(r.file).name for r in undated if r.file})
        names = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        print(f"threadkb: {len(undated)} {DATED_VIEWS[args.view][len(undated) > 1]} with no date left out by"
              f" --since/--until (in {names})", file=sys.stderr)


def _view(kb: KnowledgeBase, args, flt: ClaimFilter) -> list:
    """The rows of the view the command names."""
    if args.view == "commitments":
        at = args.at if isinstance(args.at, date) else _parse_day(args.at)
        return kb.commitments(flt, at=at, overdue=args.overdue)
    if args.view == "unanswered":
        return kb.unanswered(flt, no_reply=bool(getattr(args, "no_reply", False)))
    if args.view == "quotes":
        if missing := kb.files_without_quotes():
            print(f"threadkb: {len(missing)} file{'s' if len(missing) > 1 else ''} stored before quote blocks were"
                  f" kept (first: {missing[0]}): ingest {'them' if len(missing) > 1 else 'it'} again to list"
                  f" {'their' if len(missing) > 1 else 'its'} quotes", file=sys.stderr)
        return kb.quotes(flt, of=getattr(args, "of", None), not_parent=bool(getattr(args, "not_parent", False)))
    views: dict[str, Callable[[ClaimFilter], list]] = {
        "claims": kb.claims, "history": kb.history, "sections": kb.sections,
        "people": kb.people, "orgs": kb.organisations, "threads": kb.threads}
    return views[args.view](flt)


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise KBError(f"--at: not a date: {text!r} (YYYY-MM-DD)") from None
