"""``threadkb graph``: write the claim graph of threads, or of a knowledge base, in a registered format."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from threadkb.commands import print_errors, with_messages
from threadkb.export import default_path, write


def cli_graph(args) -> int:
    """``threadkb graph PATH… --format F [-o FILE]``: one file per thread (``-o`` only with one thread);
    ``threadkb graph --db KB [filters] --format F -o FILE``: one graph of everything the filters select."""
    if getattr(args, "db", None):
        return _graph_of_kb(args)
    if not args.paths:
        print("threadkb: graph needs PATHs or --db KB", file=sys.stderr)
        return 2
    from threadkb.pipeline import exit_code, extract_paths

    errors: list[tuple[str, str]] = []
    exs = with_messages(extract_paths(args.paths, errors), errors, "graph")
    print_errors(errors)
    if not exs:
        return 2
    if any(getattr(args, f, None) for f in ("speaker", "org", "section", "api", "kind", "since", "until", "text",
                                            "thread")):
        print("threadkb: the filters select from a knowledge base (--db); with PATHs every claim is written",
              file=sys.stderr)
    if args.output and len(exs) > 1:
        print("threadkb: -o takes one thread; several given, writing to output/", file=sys.stderr)
    for ex in exs:
        out = Path(args.output) if args.output and len(exs) == 1 else default_path(ex.thread.source, args.format)
        write(ex, args.format, out)
        print(f"{out}: {len(ex.claims)} claims, {len(ex.relations)} relations")
    return exit_code(errors, exs)


def _graph_of_kb(args) -> int:
    from threadkb.kb import ClaimFilter, KnowledgeBase, NoMatch

    if not os.path.exists(args.db):
        print(f"threadkb: no knowledge base at {args.db} (build one with `threadkb ingest PATH`)", file=sys.stderr)
        return 2
    with KnowledgeBase(args.db) as kb:
        try:
            ex = kb.selection(ClaimFilter.from_args(args))
        except NoMatch as exc:
            print(f"threadkb: {exc}", file=sys.stderr)
            return 1
    out = Path(args.output) if args.output else default_path(args.db, args.format)
    write(ex, args.format, out)
    threads = len({m.source for m in ex.thread.messages})
    print(f"{out}: {len(ex.claims)} claims, {len(ex.relations)} relations, {len(ex.thread.messages)} messages"
          f" in {threads} threads")
    return 0
