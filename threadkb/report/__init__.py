"""Review report: the page a policy reviewer reads instead of the thread (HTML and Markdown).

    model.build_report(Extraction, as_of) -> Report  (the sections as plain data)
    render_html(Extraction)               -> str     (html_page: one self-contained file, no script, no requests)
    render_markdown(Extraction)           -> str     (markdown: the same sections, for Bugzilla or a wiki)
    write_reports(extractions, dir)       -> [paths] (used by ``threadkb run``)
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from threadkb.models import Extraction
from threadkb.outfiles import write_text
from threadkb.report.html_page import render_html
from threadkb.report.markdown import render_markdown
from threadkb.report.model import Report, build_report

__all__ = ["Report", "build_report", "render_html", "render_markdown", "write_reports"]

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
