"""Review report: the page a policy reviewer reads instead of the thread (HTML and Markdown).

    model.build_report(Extraction, as_of) -> Report  (the sections as plain data)
    render_html(Extraction)               -> str     (html_page: one self-contained file, no script, no requests)
    render_markdown(Extraction)           -> str     (markdown: the same sections, for Bugzilla or a wiki)
    write_reports(extractions, dir)       -> [paths] (used by ``threadkb run``)
    cli_report(args)                                 (``threadkb report PATH --format html|md [-o FILE] [--as-of DATE]``)
"""
from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

from threadkb.models import Extraction
from threadkb.outfiles import write_text
from threadkb.report.html_page import render_html
from threadkb.report.markdown import render_markdown
from threadkb.report.model import Report, build_report

__all__ = ["Report", "build_report", "render_html", "render_markdown", "write_reports", "cli_report"]

RENDERERS = {"html": render_html, "md": render_markdown}


def report_stem(extraction: Extraction) -> str:
    return Path(extraction.thread.source).stem or "thread"


def write_reports(extractions: list[Extraction], output_dir: str | Path, formats: tuple[str, ...] = ("html", "md"),
                  as_of: date | None = None) -> list[Path]:
    """Write ``<stem>.report.html`` and ``.md`` for every extraction into ``output_dir``; return the paths."""
    out_dir = Path(output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stems = Counter(report_stem(ex) for ex in extractions)
    seen: Counter[str] = Counter()
    paths = []
    for ex in extractions:
        stem = report_stem(ex)
        seen[stem] += 1
        if stems[stem] > 1:  # an mbox or folder giving several threads of one name
            stem = f"{stem}-{seen[stem]}"
        for fmt in formats:
            path = out_dir / f"{stem}.report.{fmt}"
            write_text(path, RENDERERS[fmt](ex, as_of))
            paths.append(path)
    return paths


def cli_report(args) -> int:
    """``threadkb report PATH... --format html|md [-o FILE] [--as-of YYYY-MM-DD]``."""
    from threadkb.pipeline import exit_code, extract_paths

    as_of = getattr(args, "as_of", None)
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            print(f"threadkb: --as-of: not a date (YYYY-MM-DD): {as_of!r}", file=sys.stderr)
            return 2
    errors: list[tuple[str, str]] = []
    exs = extract_paths(args.paths, errors)
    for path, reason in errors:
        print(f"threadkb: {path}: {reason}", file=sys.stderr)
    if not exs:
        if not errors:
            print("threadkb: no thread found in the input", file=sys.stderr)
        return 2
    if args.output:
        if len(exs) > 1:
            print(f"threadkb: -o names one file but the input holds {len(exs)} threads; omit -o", file=sys.stderr)
            return 2
        out = Path(args.output)
        write_text(out, RENDERERS[args.format](exs[0], as_of))
        paths = [out]
    else:
        paths = write_reports(exs, "output", (args.format,), as_of)
    for p in paths:
        print(p)
    return exit_code(errors, exs)
