"""The CLI around the command handlers: export formats come from the exporters' registry, --debug shows the
traceback of an internal error (one line without it), logging is set up once, and no broad except hides an
error without a log line."""
from __future__ import annotations

import ast
import json
import logging
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from threadkb import cli, export
from threadkb.export import EXPORTERS, Exporter

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"


def _graph_format_action():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, cli.argparse._SubParsersAction))
    return next(a for a in sub.choices["graph"]._actions if "--format" in a.option_strings)


# --------------------------------------------------------------------------- the exporters' registry


def test_graph_format_choices_are_the_registry():
    action = _graph_format_action()
    assert list(action.choices) == list(EXPORTERS) == ["json", "graphml", "gexf", "cyjs", "aif"]
    assert action.default == "json"


def test_a_new_exporter_is_one_entry_and_the_cli_offers_it():
    def write_claims(extraction, path):
        path.write_text("\n".join(c.text for c in extraction.claims), encoding="utf-8")

    try:
        assert export.exporter("claims-txt", "claims.txt", "one claim per line")(write_claims) is write_claims
        assert EXPORTERS["claims-txt"] == Exporter("claims-txt", "claims.txt", "one claim per line", write_claims)
        assert "claims-txt" in _graph_format_action().choices
        assert export.default_path("corpora/x.txt", "claims-txt") == Path("output/x.claims.txt")
        with pytest.raises(ValueError, match="registered twice"):
            export.exporter("claims-txt", "txt", "again")(write_claims)
    finally:
        EXPORTERS.pop("claims-txt", None)
    assert "claims-txt" not in _graph_format_action().choices


def test_an_unknown_format_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match=r"unknown format 'dot' \(one of json, graphml, gexf, cyjs, aif\)"):
        export.write(None, "dot", tmp_path / "x.dot")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reference_extraction():
    from threadkb.pipeline import extract_paths

    (ex,) = extract_paths([str(REFERENCE)])
    return ex


def _read_back(name: str, path: Path):
    """The written file, read by the reader of its format; its number of claim nodes."""
    if name == "graphml":
        return sum(1 for _, d in nx.read_graphml(path).nodes(data=True) if d.get("kind") == "claim")
    if name == "gexf":
        return sum(1 for _, d in nx.read_gexf(path).nodes(data=True) if d.get("kind") == "claim")
    data = json.loads(path.read_text(encoding="utf-8"))
    if name == "json":
        return sum(1 for n in data["nodes"] if n.get("kind") == "claim")
    if name == "cyjs":
        return sum(1 for n in data["elements"]["nodes"] if n["data"].get("kind") == "claim")
    if name == "aif":
        assert export.check_aif(data) == []
        return sum(1 for n in data["nodes"] if n["type"] == "I")
    raise AssertionError(f"no reader for {name}: add one here")


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_every_exporter_writes_the_reference_thread(name, reference_extraction, tmp_path):
    ex = reference_extraction
    out = export.write(ex, name, tmp_path / f"ref.{EXPORTERS[name].suffix}")
    assert out.is_file() and out.stat().st_size > 0
    assert _read_back(name, out) == len(ex.claims) > 0
    assert export.default_path(ex.thread.source, name).name == f"{REFERENCE.stem}.{EXPORTERS[name].suffix}"


# --------------------------------------------------------------------------- --debug and logging


def _forced_error(monkeypatch):
    """``threadkb fetch`` whose work raises an internal error (no request is made)."""
    from threadkb.commands import fetch

    def broken(args):
        raise RuntimeError("forced internal error")

    monkeypatch.setattr(fetch, "_bad_targets", broken)


def test_an_internal_error_is_one_line_and_exit_2(monkeypatch, capsys):
    _forced_error(monkeypatch)
    assert cli.main(["fetch", "bugzilla", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "threadkb: error: RuntimeError: forced internal error\n"
    assert captured.out == ""


def test_debug_re_raises_the_internal_error(monkeypatch, capsys):
    _forced_error(monkeypatch)
    with pytest.raises(RuntimeError, match="forced internal error"):
        cli.main(["--debug", "fetch", "bugzilla", "1"])
    assert capsys.readouterr().err == ""  # not the one-line message: the traceback is Python's


@pytest.mark.parametrize("debug, code, expected", [
    (True, 1, ["Traceback (most recent call last):", "RuntimeError: forced internal error"]),
    (False, 2, ["threadkb: error: RuntimeError: forced internal error"]),
])
def test_debug_prints_the_traceback_in_a_real_process(tmp_path, debug, code, expected):
    script = ("import sys; from threadkb import cli; from threadkb.commands import fetch\n"
              "def broken(args):\n    raise RuntimeError('forced internal error')\n"
              "fetch._bad_targets = broken\n"
              f"sys.exit(cli.main({['--debug'] if debug else []} + ['fetch', 'bugzilla', '1']))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == code
    lines = done.stderr.splitlines()
    if debug:
        assert lines[0] == expected[0] and lines[-1] == expected[1]
        assert any("threadkb/cli.py" in line for line in lines)  # where it came from
    else:
        assert lines == expected


def test_logging_is_configured_once_and_follows_debug(capsys):
    logger = logging.getLogger("threadkb.test_commands_cli")
    try:
        for debug in (False, True, False):
            cli.configure_logging(debug)
            assert logging.getLogger("threadkb").handlers.count(cli._HANDLER) == 1
            logger.debug("a detail")
            logger.warning("threadkb: warning: something")
            try:
                raise ValueError("why")
            except ValueError:
                logger.warning("threadkb: warning: with a cause", exc_info=True)
            err = capsys.readouterr().err.splitlines()
            if debug:
                assert err[0] == "threadkb: debug: threadkb.test_commands_cli: a detail"
                assert err[1:3] == ["threadkb: warning: something", "threadkb: warning: with a cause"]
                assert err[3] == "Traceback (most recent call last):" and err[-1] == "ValueError: why"
            else:  # warnings as one line each, as before: no debug line, no traceback
                assert err == ["threadkb: warning: something", "threadkb: warning: with a cause"]
    finally:
        cli.configure_logging(False)


# --------------------------------------------------------------------------- no silent broad except

_BROAD = {"Exception", "BaseException"}
_LOGGERS = {"log", "logger", "logging"}
_LEVELS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _is_broad(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in _BROAD for n in names)


def _logs_or_raises(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(ast.Module(body=handler.body, type_ignores=[])):
        if isinstance(node, ast.Raise):
            return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LEVELS
                and isinstance(node.func.value, ast.Name) and node.func.value.id in _LOGGERS):
            return True
    return False


def silent_broad_excepts(source: str) -> list[int]:
    """Lines of ``except Exception`` / ``except BaseException`` / bare ``except`` whose body neither logs
    nor raises."""
    return [n.lineno for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.ExceptHandler) and _is_broad(n) and not _logs_or_raises(n)]


@pytest.mark.parametrize("source, expected", [
    ("try:\n    f()\nexcept Exception:\n    pass\n", [3]),
    ("try:\n    f()\nexcept:\n    x = 1\n", [3]),
    ("try:\n    f()\nexcept (ValueError, BaseException) as e:\n    print(e)\n", [3]),
    ("try:\n    f()\nexcept Exception:\n    log.debug('x', exc_info=True)\n    return None\n", []),
    ("try:\n    f()\nexcept Exception:\n    if debug:\n        raise\n    print('one line')\n", []),
    ("try:\n    f()\nexcept BaseException:\n    cleanup()\n    raise\n", []),
    ("try:\n    f()\nexcept ValueError:\n    pass\n", []),
    ("try:\n    f()\nexcept Exception:\n    logger.warning('w')\n", []),
    ("try:\n    f()\nexcept Exception:\n    warnings.append('w')\n", [3]),
])
def test_the_scan_finds_silent_broad_excepts(source, expected):
    assert silent_broad_excepts(source) == expected


def test_no_broad_except_without_a_log_line_or_a_raise():
    found = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / "threadkb").rglob("*.py"))
             for line in silent_broad_excepts(path.read_text(encoding="utf-8"))]
    assert found == []


def test_every_module_that_logs_has_its_own_logger():
    """``log = logging.getLogger(__name__)`` in each module that logs; nothing logs through the root logger."""
    for path in sorted((ROOT / "threadkb").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                 and n.func.attr in _LEVELS and isinstance(n.func.value, ast.Name)]
        assert not [n for n in calls if n.func.value.id == "logging"], path  # root logger
        if any(n.func.value.id == "log" for n in calls):
            assert "log = logging.getLogger(__name__)" in text, path
