"""``threadkb query VIEW``: ask the knowledge base; rows as a table, JSON Lines or CSV."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date

from threadkb.kb import ClaimFilter, KnowledgeBase, NoMatch, render
from threadkb.store import KBError


def cli_query(args) -> int:
    """`threadkb query [claims|history|commitments|unanswered|quotes|sections|...] --filters... --format ...`."""
    if not os.path.exists(args.db):
        raise KBError(f"no knowledge base at {args.db} (build one with `threadkb ingest PATH`)")
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
    sys.stdout.write(render(rows, args.format))
    return 0


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
