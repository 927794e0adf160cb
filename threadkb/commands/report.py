"""``threadkb report``: write the review report of threads (the report stage renders, this runs the pipeline)."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from threadkb import report
from threadkb.commands import print_errors, with_messages
from threadkb.outfiles import write_text
from threadkb.pipeline import exit_code, extract_paths


def cli_report(args) -> int:
    """``threadkb report PATH... --format html|md [-o FILE] [--as-of YYYY-MM-DD]``."""
    as_of = getattr(args, "as_of", None)
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            print(f"threadkb: --as-of: not a date (YYYY-MM-DD): {as_of!r}", file=sys.stderr)
            return 2
    errors: list[tuple[str, str]] = []
    exs = with_messages(extract_paths(args.paths, errors), errors, "report")
    print_errors(errors)
    if not exs:
        if not errors:
            print("threadkb: no thread found in the input", file=sys.stderr)
        return 2
    if args.output:
        if len(exs) > 1:
            print(f"threadkb: -o names one file but the input holds {len(exs)} threads; omit -o", file=sys.stderr)
            return 2
        out = Path(args.output)
        write_text(out, report.RENDERERS[args.format](exs[0], as_of))
        paths = [out]
    else:
        paths = report.write_reports(exs, "output", (args.format,), as_of)
    for p in paths:
        print(p)
    return exit_code(errors, exs)
