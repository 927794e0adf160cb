"""The `threadkb` command. Argument parsing and dispatch only: each command calls its handler in
``threadkb.commands``, which runs the stages.

Every command turns an expected failure into one line on stderr and exit code 2, never a traceback
(``threadkb --debug COMMAND`` shows the traceback of an internal error instead, and the debug log lines).
Logging is configured here, once: the modules log to their ``logging.getLogger(__name__)``.
Each command is one ``_add_<command>`` function (its options, their help, its examples): a new command is a
new function and a row of ``COMMANDS``. Paths are checked here, before a stage module (and spaCy) is loaded.
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import math
import os
import re
import sys
import textwrap
from datetime import date

from threadkb import __version__
from threadkb.export import EXPORTERS
from threadkb.kinds import claim_kind_names

# command -> (module, function) in threadkb.commands. The function takes the argparse namespace and returns an
# exit code; its module is imported only when the command runs (so spaCy is loaded only by commands that need it).
COMMANDS = {
    "parse": ("threadkb.commands.parse", "cli_parse"),
    "extract": ("threadkb.commands.parse", "cli_extract"),
    "eval": ("threadkb.commands.evaluate", "cli_eval"),
    "policy": ("threadkb.commands.policy", "cli_policy"),
    "graph": ("threadkb.commands.export", "cli_graph"),
    "run": ("threadkb.commands.ingest", "cli_run"),
    "ingest": ("threadkb.commands.ingest", "cli_ingest"),
    "query": ("threadkb.commands.query", "cli_query"),
    "report": ("threadkb.commands.report", "cli_report"),
    "fetch": ("threadkb.commands.fetch", "cli_fetch"),
}
DB = "output/threadkb.sqlite"
QUERY_VIEWS = ["claims", "history", "commitments", "unanswered", "quotes", "sections", "people", "orgs", "threads"]
ARGV: list[str] = []  # the arguments main() parses (Parser's suggestions read them)


# --------------------------------------------------------------------------- help, values, suggestions


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its allowed values and its default (unless the help names them)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.help is argparse.SUPPRESS:
            return text
        if action.choices and "%(choices)" not in text and not isinstance(action, argparse._SubParsersAction):
            text += " (one of: " + ", ".join(map(str, action.choices)) + ")"
        default = action.default
        if action.option_strings and not any(default is x for x in (None, False, argparse.SUPPRESS)) \
                and "%(default)" not in text:  # by identity: a default of 0 is shown (0 == False)
            text += f" (default: {default})"
        return text


class Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for a misspelled command, view or option."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}{self._suggestion(message)}\n")

    def _suggestion(self, message: str) -> str:
        options = [o for a in self._all_actions() for o in a.option_strings if o.startswith("--")]
        for word in self.argv():  # a misspelled option may cause another error first
            name = word.split("=")[0]
            if name.startswith("--") and name not in options and not any(o.startswith(name) for o in options):
                near = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
                if near:
                    return f"; did you mean '{near[0]}' for '{name}'?"
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2))
            near = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.5)
            return f"; did you mean '{near[0]}'?" if near else ""
        return ""

    def _all_actions(self) -> list[argparse.Action]:
        """This parser's options and those of the subcommand given on the command line."""
        actions = list(self._actions)
        for a in self._actions:
            if isinstance(a, argparse._SubParsersAction):
                for name, sub in a.choices.items():
                    if name in self.argv():
                        actions += sub._all_actions()
        return actions

    @staticmethod
    def argv() -> list[str]:
        return ARGV or sys.argv[1:]


def day(text: str) -> date:
    """An argparse type: a calendar day YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (YYYY-MM-DD)") from None


def when(text: str) -> str:
    """An argparse type: YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time that exists on the calendar."""
    from threadkb.kb import check_when
    from threadkb.store import KBError

    try:
        return check_when(text)
    except KBError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def at_least(kind: type, low: int | float):
    """An argparse type: a finite number of ``kind`` (int, float), at least ``low``.
    ``--rate -1``, ``--retries -3``, ``--backoff nan``, ``--workers 0`` or ``--cv 1`` would otherwise be taken
    (a negative rate as no limit, a negative count as no attempt at all, NaN as an internal error)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {'a whole number' if kind is int else 'a number'}: {text!r}") \
                from None
        if not math.isfinite(value) or value < low:
            raise argparse.ArgumentTypeError(f"{text!r}: give a number of at least {low}")
        return value
    parse.__name__ = kind.__name__
    return parse


def _command(sub, name: str, help: str, examples: list[str], description: str | None = None) -> Parser:
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    return sub.add_parser(name, help=help, description=textwrap.fill(description or help, 100), epilog=epilog,
                          formatter_class=HelpFormatter)


def _paths(s: Parser, what: str = "thread files or folders (.txt, .html, .eml, .mbox ...)") -> None:
    s.add_argument("paths", nargs="+", metavar="PATH", help=what)


def _as_of(s: Parser) -> None:
    s.add_argument("--as-of", "--at", dest="as_of", type=day, metavar="DATE",
                   help="judge commitment deadlines on this day (YYYY-MM-DD); default: the day of each thread's "
                        "last message, so a report is the same whatever day it is written")


def _filters(s: Parser) -> None:
    """The knowledge-base filters (query, graph --db); they combine (AND)."""
    s.add_argument("--speaker", help="part of the speaker's name or any alias (any case)")
    s.add_argument("--org", help="organisation spoken for, or whose people speak: name, alias, former name or "
                                 "prefix, any case ('Google' finds Google Trust Services)")
    s.add_argument("--section", help='cited section: "BR 4.9.1.1" (every item) or "BR 4.9.1.1 item 4"')
    s.add_argument("--api", help="part of an API path")
    s.add_argument("--kind", choices=claim_kind_names(),
                   help="claim kind")
    s.add_argument("--since", type=when, metavar="WHEN", help="message date (UTC) on or after: 2025, 2025-10, 2025-10-08 or a date-time")
    s.add_argument("--until", type=when, metavar="WHEN", help="message date (UTC) on or before, at the precision given")
    s.add_argument("--text", help="words that must all occur in the claim (full-text search)")
    s.add_argument("--thread", help="thread id or key (query threads lists them), or part of its subject")
    s.add_argument("--to", metavar="ADDRESSEE", help="e-mails addressed (To or Cc) to this: part of an address or a "
                                                    "name, any case ('cabforum.org', 'Ben Wilson')")


# --------------------------------------------------------------------------- commands


def _add_parse(sub) -> None:
    s = _command(sub, "parse", "split threads into messages", [
        "threadkb parse corpora/mdsp-2025-10-sheca-api-keys.txt",
        "threadkb parse --lines corpora/030_bugzilla-1993357-sheca-online-keygen-api-br6113.txt",
        "threadkb parse --json thread.html > messages.json"])
    _paths(s)
    s.add_argument("--json", action="store_true", help="print the prediction JSON (GOLD-FORMAT shape)")
    s.add_argument("--jsonl", action="store_true", help="print one JSON object per thread and line")
    s.add_argument("--lines", action="store_true", help="show the role of every input line and the rule that decided")


def _add_extract(sub) -> None:
    s = _command(sub, "extract", "parse, then extract citations, APIs, entities, claims, relations", [
        "threadkb extract corpora/mdsp-2025-10-sheca-api-keys.txt",
        "threadkb extract --json corpora/ > extractions.json"])
    _paths(s)
    s.add_argument("--json", action="store_true", help="print JSON (messages, citations, claims, relations ...)")
    s.add_argument("--jsonl", action="store_true", help="print one JSON object per thread and line")


def _add_eval(sub) -> None:
    s = _command(sub, "eval", "score the project against gold files", [
        "threadkb eval ../shared/gold/*.json --json",
        "threadkb eval ../shared/gold --cv 5 --seed 0", "threadkb eval ../shared/gold --cv-by source"])
    s.add_argument("gold", nargs="+", metavar="GOLD", help="gold JSON files or folders (GOLD-FORMAT.md)")
    s.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    s.add_argument("--cv", type=at_least(int, 2), nargs="?", const=5, metavar="K",
                   help="K-fold cross-validation by file (K=5 when given without a number): every learned "
                        "component is retrained on the other folds and scored on the fold it never saw")
    s.add_argument("--seed", type=int, default=0, help="seed of the folds and of the learners (with --cv)")
    s.add_argument("--cv-by", choices=("file", "source"), default="file",
                   help="how --cv makes folds: 'file', K random folds of files; 'source', one fold per source kind "
                        "(GitHub threads vs mail, Bugzilla and forum threads: trained on one kind, scored on the "
                        "other); implies --cv")


def _add_policy(sub) -> None:
    s = _command(sub, "policy", "policy index look-ups", ["threadkb policy show BR 4.9.1.1 --item 4 --at 2025-10-08",
                                                          "threadkb policy show MRSP 6.1.1 --policy-dir ~/policy"])
    psub = s.add_subparsers(dest="policy_command", required=True, metavar="{show}", parser_class=Parser,
                            help="show: what a citation resolves to")
    ps = _command(psub, "show", "what a citation resolves to: title and version in force, where its full text is", [
        "threadkb policy show BR 4.9.1.1 --item 4 --at 2025-10-08",
        "threadkb policy show MRSP 6.1.1 --json",
        "threadkb policy show BR 6.1.1.3 --at 2025-10-08 --policy-dir ~/policy"])
    ps.add_argument("document", help="document: BR, EVG, MRSP, CCADB, CRP, SMIME-BR, CSBR, NSR, CPS, RFC")
    ps.add_argument("section", help="section number, e.g. 4.9.1.1")
    ps.add_argument("--item", help="item (reason) number inside the section, e.g. 4")
    ps.add_argument("--at", type=day, metavar="DATE", help="the date the citation was made (YYYY-MM-DD); default: today")
    ps.add_argument("--json", action="store_true", help="print JSON")
    ps.add_argument("--policy-dir", metavar="DIR",
                    help="a local copy of the policy documents (Markdown per version, as published): print the "
                         "section's full text from it")


def _add_graph(sub) -> None:
    s = _command(sub, "graph", "write the claim graph of threads, or of a whole knowledge base", [
        "threadkb graph corpora/mdsp-2025-10-sheca-api-keys.txt --format graphml",
        "threadkb graph --db output/threadkb.sqlite --format graphml -o kb.graphml",
        "threadkb graph --db output/threadkb.sqlite --org SHECA --format json -o sheca.json"],
        description="Write the claim graph. With PATHs: one file per thread. With --db and no PATH: one graph of "
                    "everything the filters select in the knowledge base (node and edge attributes: README).")
    s.add_argument("paths", nargs="*", metavar="PATH", help="thread files or folders (omit with --db)")
    s.add_argument("--format", choices=list(EXPORTERS), default="json", help="graph file format")
    s.add_argument("-o", "--output", metavar="FILE", help="output file (default: output/<name>.<format>)")
    s.add_argument("--db", help="knowledge base to export instead of PATHs (e.g. output/threadkb.sqlite)")
    _filters(s)


def _add_ingest_and_run(sub) -> None:
    for name, helptext, examples in (
            ("run", "store threads into the knowledge base and write their review reports",
             ["threadkb run corpora/mdsp-2025-10-sheca-api-keys.txt", "threadkb run corpora/ --output-dir reports",
              "threadkb run thread.txt --as-of 2025-11-01"]),
            ("ingest", "store threads into the knowledge base (files stored before unchanged are skipped)",
             ["threadkb ingest corpora/", "threadkb ingest archive.mbox --workers 4 --db kb.sqlite"])):
        s = _command(sub, name, helptext, examples)
        _paths(s)
        s.add_argument("--db", default=DB, help="knowledge base (SQLite) to create or add to")
        s.add_argument("--quiet", action="store_true", help="no progress bar (it is shown only on a terminal)")
        s.add_argument("--workers", type=at_least(int, 1), default=1, help="processes that parse and extract")
        if name == "run":
            s.add_argument("--output-dir", default="output", help="folder for the reports")
            _as_of(s)


def _add_query(sub) -> None:
    s = _command(sub, "query", "ask the knowledge base", [
        'threadkb query claims --org Mozilla --section "BR 4.9.1.1"',
        "threadkb query commitments --org SHECA --overdue --at 2025-11-01",
        "threadkb query quotes --not-parent --format csv"],
        description="Ask the knowledge base. Views: claims, history (claims + the rebuttals each received), "
                    "commitments (deadline, status: done / overdue / announced, its day passed / open / no deadline), unanswered (questions/requests "
                    "no claim answers, the most neglected first: no reply, later messages but none a reply, replied "
                    "to or quoted with no answer found), quotes (the quote blocks of the messages: which message "
                    "quotes which, its parent or not, where, and the answer below), sections "
                    "(cited sections), people, orgs, threads. The filters combine.")
    s.add_argument("view", nargs="?", choices=QUERY_VIEWS, default="claims", metavar="VIEW",
                   help="what to list (default: claims)")
    s.add_argument("--db", default=DB, help="knowledge base to read")
    _filters(s)
    s.add_argument("--overdue", action="store_true", help="commitments: only those overdue at --at (promises; not an announcement whose day passed)")
    s.add_argument("--no-reply", action="store_true", help="unanswered: only those no message replies to (later messages but none a reply, or no reply)")
    s.add_argument("--at", type=day, metavar="DATE", help="commitments: judge deadlines on this day (YYYY-MM-DD); default: today")
    s.add_argument("--of", type=int, metavar="MESSAGE", help="quotes: only the quotes of this message (who quoted it)")
    s.add_argument("--not-parent", action="store_true",
                   help="quotes: only quotes of a message other than the one the quoting message replies to")
    s.add_argument("--format", choices=["table", "jsonl", "csv"], default="table", help="output format")


def _add_report(sub) -> None:
    s = _command(sub, "report", "write the review report of a thread", [
        "threadkb report corpora/mdsp-2025-10-sheca-api-keys.txt",
        "threadkb report thread.txt --format md -o review.md",
        "threadkb report thread.txt --as-of 2025-11-01"])
    _paths(s)
    s.add_argument("--format", choices=["html", "md"], default="html", help="report format")
    s.add_argument("-o", "--output", metavar="FILE", help="output file (one thread); default: output/<name>.report.<format>")
    _as_of(s)


def _add_fetch(sub) -> None:
    s = _command(sub, "fetch", "download Bugzilla bugs, GitHub issues or pipermail archives to read", [
        "threadkb fetch bugzilla 1885568 2012274 --ingest",
        "threadkb fetch github mozilla/pkipolicy#276",
        "threadkb fetch pipermail https://lists.cabforum.org/pipermail/servercert-wg/ --since 2024-01"],
        description="Download exactly what the readers read into --to, with a manifest line per file (URL, time, "
                    "HTTP status, sha256). A rerun asks only for what changed. Tokens come only from the "
                    "environment (GITHUB_TOKEN, BUGZILLA_API_KEY).")
    s.add_argument("source", choices=["bugzilla", "github", "pipermail"], help="where to fetch from")
    s.add_argument("targets", nargs="*", help="bug numbers; owner/repo#N or owner/repo; a pipermail list URL")
    s.add_argument("--since", help="changed since (YYYY-MM-DD; pipermail: YYYY-MM)")
    s.add_argument("--whiteboard", help="bugzilla: bugs whose whiteboard contains this tag")
    s.add_argument("--to", default="corpora", help="download folder")
    s.add_argument("--base", help="server: Bugzilla base URL or GitHub API URL (defaults: bugzilla.mozilla.org, "
                                  "api.github.com)")
    s.add_argument("--ingest", action="store_true", help="store each thread into the knowledge base as it comes")
    s.add_argument("--db", default=DB, help="knowledge base for --ingest")
    s.add_argument("--rate", type=at_least(float, 0), default=2.0, help="requests per second at most (0: no limit)")
    s.add_argument("--retries", type=at_least(int, 0), default=5, help="retries of a request on 429/5xx or a broken body")
    s.add_argument("--backoff", type=at_least(float, 0), default=1.0, help="first retry wait in seconds (doubles)")
    s.add_argument("--quiet", action="store_true", help="no progress bar (it is shown only on a terminal)")


BUILDERS = [_add_parse, _add_extract, _add_eval, _add_policy, _add_graph, _add_ingest_and_run, _add_query,
            _add_report, _add_fetch]


def build_parser() -> Parser:
    p = Parser(prog="threadkb", description="Web PKI incident discussions -> knowledge base",
               formatter_class=HelpFormatter,
               epilog="examples:\n  threadkb run corpora/mdsp-2025-10-sheca-api-keys.txt\n"
                      "  threadkb ingest corpora/ && threadkb query claims --org Mozilla\n"
                      "  threadkb COMMAND --help")
    p.add_argument("--version", action="version", version=f"threadkb {__version__}")
    p.add_argument("--debug", action="store_true",
                   help="show debug log lines, and the traceback of an internal error instead of one line")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser,
                           help="the job to do (threadkb COMMAND --help tells more)")
    for add in BUILDERS:
        add(sub)
    return p


def missing_paths(args) -> list[str]:
    """The PATH arguments that do not exist (checked before any stage module is imported)."""
    return [p for p in getattr(args, "paths", None) or [] if not os.path.exists(p)]


class LogFormat(logging.Formatter):
    """A warning is its own line ("threadkb: warning: ..."); a debug or info line names its module; the
    traceback of a logged exception is shown only with --debug."""

    def __init__(self, tracebacks: bool = False) -> None:
        super().__init__()
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.levelno < logging.WARNING:
            text = f"threadkb: {record.levelname.lower()}: {record.name}: {text}"
        if record.exc_info and self.tracebacks:
            text += "\n" + self.formatException(record.exc_info).rstrip()
        return text


class StderrHandler(logging.StreamHandler):
    """Writes to the sys.stderr of the moment (a test may have replaced it since the handler was made)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


_HANDLER = StderrHandler()


def configure_logging(debug: bool = False) -> None:
    """The one logging set-up of the command: the ``threadkb`` loggers write to stderr, warnings and above
    (debug lines and tracebacks too with ``--debug``). Calling it again replaces the earlier set-up."""
    logger = logging.getLogger("threadkb")
    _HANDLER.setFormatter(LogFormat(tracebacks=debug))
    if _HANDLER not in logger.handlers:
        logger.addHandler(_HANDLER)
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    ARGV[:] = list(sys.argv[1:] if argv is None else argv)  # what "did you mean" looks at
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version (0) or a usage error (2, one line on stderr)
        return int(exc.code or 0)
    debug = bool(getattr(args, "debug", False))
    configure_logging(debug)
    missing = missing_paths(args)
    if missing:
        from threadkb.ingest import missing_reason
    for path in missing:
        print(f"threadkb: {path}: {missing_reason(path)}", file=sys.stderr)
    if missing:
        if len(missing) == len(args.paths):
            return 2
        args.paths = [p for p in args.paths if p not in missing]
    module, func = COMMANDS[args.command]
    try:
        handler = getattr(importlib.import_module(module), func)
        code = int(handler(args) or 0)
        return max(code, 1) if missing else code
    except KeyboardInterrupt:
        print("threadkb: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the promise: one line, never a traceback (unless --debug asks for it)
        if _said_as_is(exc):
            print(f"threadkb: {exc}", file=sys.stderr)
            return 2
        if debug:
            raise
        print(f"threadkb: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def _said_as_is(exc: Exception) -> bool:
    """A failure the user acts on, whose message says all (a knowledge base missing, unreadable or newer than this
    threadkb, a filter it cannot read, an output path that cannot be written): one line without the internal class
    name, with or without --debug; any other exception is an internal error."""
    from threadkb.outfiles import OutputError
    from threadkb.store import KBError

    return isinstance(exc, (KBError, OutputError))


if __name__ == "__main__":
    sys.exit(main())
