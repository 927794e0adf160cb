"""``threadkb ingest`` and ``threadkb run``: store threads into the knowledge base (run also writes reports)."""
from __future__ import annotations

import sys

from threadkb.batches import REPORT_MAX_THREADS, ReportWriter, ingest_paths
from threadkb.commands import print_errors
from threadkb.kb import KnowledgeBase


def cli_ingest(args) -> int:
    """`threadkb ingest PATH...`: store new and changed files (unchanged files are skipped)."""
    return _ingest_command(args, reports=False)


def cli_run(args) -> int:
    """`threadkb run PATH...`: extract every file, store it, write the reports, print the summary."""
    return _ingest_command(args, reports=True)


def _ingest_command(args, reports: bool) -> int:
    writer = ReportWriter(args.output_dir, as_of=getattr(args, "as_of", None)) if reports else None
    with KnowledgeBase(args.db) as kb:
        summary = ingest_paths(kb, args.paths, workers=max(1, args.workers), quiet=args.quiet,
                               skip_unchanged=not reports, on_file=writer,
                               keep_max=writer.max_threads if writer else REPORT_MAX_THREADS)
    print_errors(summary.failed)
    for note in writer.notes if writer else []:
        print(f"threadkb: {note}", file=sys.stderr)
    print(summary.text(args.db))
    print(f"database: {args.db}")
    if writer is not None:
        print(f"reports: {len(writer.written)} files" + ("" if writer.written else " (none written)"))
        for p in writer.written:
            print(f"  {p}")
    return summary.exit_code()
