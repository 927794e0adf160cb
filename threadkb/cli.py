"""The `threadkb` command. Argument parsing only: each command calls the stage module that does the work.

Every command turns an expected failure into one line on stderr and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module, function). The function takes the argparse namespace and returns an exit code.
COMMANDS = {
    "parse": ("threadkb.pipeline", "cli_parse"),
    "extract": ("threadkb.pipeline", "cli_extract"),
    "eval": ("threadkb.evaluate", "cli_eval"),
    "policy": ("threadkb.extract.resolve", "cli_policy"),
    "graph": ("threadkb.export", "cli_graph"),
    "run": ("threadkb.batches", "cli_run"),
    "ingest": ("threadkb.batches", "cli_ingest"),
    "query": ("threadkb.kb", "cli_query"),
    "report": ("threadkb.report", "cli_report"),
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="threadkb", description="Web PKI incident discussions -> knowledge base")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("parse", help="split threads into messages")
    s.add_argument("paths", nargs="+")
    s.add_argument("--json", action="store_true", help="prediction JSON (GOLD-FORMAT shape)")
    s.add_argument("--jsonl", action="store_true", help="one JSON object per line")
    s.add_argument("--lines", action="store_true", help="show the role of every input line")

    s = sub.add_parser("extract", help="parse, then extract citations, APIs, entities, claims, relations")
    s.add_argument("paths", nargs="+")
    s.add_argument("--json", action="store_true")
    s.add_argument("--jsonl", action="store_true")

    s = sub.add_parser("eval", help="score the project against gold files")
    s.add_argument("gold", nargs="+", help="gold JSON files or folders")
    s.add_argument("--json", action="store_true")
    s.add_argument("--cv", type=int, nargs="?", const=5, metavar="K",
                   help="K-fold cross-validation by file (default K=5): learned components retrained on the other folds")
    s.add_argument("--seed", type=int, default=0, help="seed of the folds and of the learners (with --cv)")

    s = sub.add_parser("policy", help="policy index look-ups")
    psub = s.add_subparsers(dest="policy_command", required=True)
    ps = psub.add_parser("show", help="what a citation resolves to")
    ps.add_argument("document")
    ps.add_argument("section")
    ps.add_argument("--item")
    ps.add_argument("--at", help="date (YYYY-MM-DD); default today")
    ps.add_argument("--json", action="store_true")

    s = sub.add_parser("graph", help="write the claim graph")
    s.add_argument("paths", nargs="+")
    s.add_argument("--format", choices=["json", "graphml", "gexf", "cyjs", "aif"], default="json")
    s.add_argument("-o", "--output", help="output file (default: output/<name>.<ext>)")

    for name, helptext in (("run", "ingest into the knowledge base and write reports"),
                           ("ingest", "ingest files into the knowledge base")):
        s = sub.add_parser(name, help=helptext)
        s.add_argument("paths", nargs="+")
        s.add_argument("--db", default="output/threadkb.sqlite")
        s.add_argument("--quiet", action="store_true")
        s.add_argument("--workers", type=int, default=1)
        if name == "run":
            s.add_argument("--output-dir", default="output")

    s = sub.add_parser("query", help="query the knowledge base")
    s.add_argument("view", nargs="?", choices=["claims", "history", "commitments", "unanswered", "sections"],
                   default="claims")
    s.add_argument("--db", default="output/threadkb.sqlite")
    s.add_argument("--speaker")
    s.add_argument("--org")
    s.add_argument("--section")
    s.add_argument("--api")
    s.add_argument("--kind")
    s.add_argument("--since")
    s.add_argument("--until")
    s.add_argument("--text")
    s.add_argument("--thread")
    s.add_argument("--overdue", action="store_true")
    s.add_argument("--at")
    s.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")

    s = sub.add_parser("report", help="write the review report of a thread")
    s.add_argument("paths", nargs="+")
    s.add_argument("--format", choices=["html", "md"], default="html")
    s.add_argument("-o", "--output")
    s.add_argument("--at", help="judge commitment deadlines on this date (YYYY-MM-DD); default today")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module, func = COMMANDS[args.command]
    try:
        handler = getattr(importlib.import_module(module), func)
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("threadkb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the promise: one line, never a traceback
        print(f"threadkb: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
