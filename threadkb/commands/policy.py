"""``threadkb policy show``: what a citation resolves to, and where its full text is."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date

from threadkb.extract.resolve import (
    Resolution,
    as_date,
    document_code,
    known_documents,
    local_section_text,
    resolve,
    source_url,
)


def _readable(res: Resolution) -> str:
    when = res.at.isoformat() if res.at else "latest (no date)"
    head = f"{res.document} {res.section}" + (f" item {res.item}" if res.item is not None else "")
    out = [f"{head} at {when}"]
    if res.version:
        out.append(f"  version:   {res.version}" + (f" (effective {res.effective})" if res.effective else ""))
    out.append(f"  title:     {res.title or '—'}")
    if res.mapped_to:
        out.append(f"  legacy:    pre-2015 number, now {', '.join(res.mapped_to)}")
    if res.item is not None:
        out.append(f"  item:      {res.item_text or '—'}")
    out.append(f"  flags:     {', '.join(res.flags) or '—'}")
    if res.history:
        out.append("  history:")
        out.extend(f"    {h['from']}–{h['to']}: {h['title']}" for h in res.history)
    return "\n".join(out)


def cli_policy(args) -> int:
    """``threadkb policy show DOC SECTION [--item N] [--at DATE] [--json]``."""
    code = document_code(args.document)
    if code is None:
        print(f"threadkb: unknown document {args.document!r} (try {', '.join(known_documents())})", file=sys.stderr)
        return 2
    try:
        at = (args.at if isinstance(args.at, date) else as_date(args.at)) if args.at else date.today()
    except ValueError:
        print(f"threadkb: --at: not a date (YYYY-MM-DD): {args.at!r}", file=sys.stderr)
        return 2
    item: int | str | None = args.item
    if isinstance(item, str) and item.isdigit():
        item = int(item)
    res = resolve(code, args.section.strip().rstrip("."), item, at)
    url = source_url(res)
    text, missing = None, None
    if getattr(args, "policy_dir", None):
        text, missing = local_section_text(res, args.policy_dir)
    if getattr(args, "json", False):
        data = asdict(res)
        data["at"] = res.at.isoformat() if res.at else None
        data["url"] = url
        if getattr(args, "policy_dir", None):
            data["text"] = text
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_readable(res))
        print(f"  full text: {url or 'no published source known for this version'}")
        if text is not None:
            print("\n" + text.rstrip())
    if missing:
        print(f"threadkb: {missing}", file=sys.stderr)
        return 1
    return 0
