"""The handlers of the ``threadkb`` commands: one module per command or family of commands.

Each handler takes the argparse namespace built by ``threadkb.cli`` and returns an exit code. A handler runs
the stages (``threadkb.pipeline``) and hands their results to the stage that writes them (report, export,
evaluate, the knowledge base), so those stages never import the pipeline or a command.

    parse, extract   commands.parse      print what the parser / the extractors find
    eval             commands.evaluate   score the project against gold files
    policy           commands.policy     policy index look-ups
    graph            commands.export     write the claim graph (formats: ``threadkb.export.EXPORTERS``)
    run, ingest      commands.ingest     store threads into the knowledge base (and write their reports)
    query            commands.query      ask the knowledge base
    report           commands.report     write the review report of a thread
    fetch            commands.fetch      download threads to read
"""
from __future__ import annotations

import sys


def print_errors(errors: list[tuple[str, str]]) -> None:
    """One line on stderr per input that could not be read: ``threadkb: PATH: reason``."""
    for path, reason in errors:
        print(f"threadkb: {path}: {reason}", file=sys.stderr)


def with_messages(extractions: list, errors: list[tuple[str, str]], written: str) -> list:
    """The extractions whose thread holds messages; each other one is an error line (nothing is written for a
    file cut inside its headers, a mail without a body, a page without posts)."""
    kept = []
    for ex in extractions:
        if ex.thread.messages:
            kept.append(ex)
        else:
            errors.append((ex.thread.source, f"no messages found: no {written} written"))
    return kept
