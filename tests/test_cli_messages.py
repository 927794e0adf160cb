"""Every message of the `threadkb` command: help, version, suggestions, dates, paths, exit codes, summaries."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from threadkb import __version__, cli

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt")


def run(argv, capsys):
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def subcommands(parser):
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield [name], sub
                for more, subsub in subcommands(sub):
                    yield [name] + more, subsub


def test_version(capsys):
    assert run(["--version"], capsys)[:2] == (0, f"threadkb {__version__}\n")


@pytest.mark.parametrize("words, sub", list(subcommands(cli.build_parser())), ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_every_option_has_help_and_every_command_ends_with_examples(words, sub, capsys):
    text = sub.format_help()
    examples = text.split("examples:\n")[-1].strip().splitlines()
    assert "examples:" in text and 1 <= len(examples) <= 3 and all(e.strip().startswith("threadkb ") for e in examples)
    for action in sub._actions:
        assert action.help, f"{words} {action.dest} has no help"
        if action.option_strings and not any(action.default is x for x in (None, False)) and action.dest != "help":
            assert f"(default: {action.default})" in sub.formatter_class("x")._get_help_string(action) or "default" in action.help
        if action.choices and not isinstance(action.choices, dict):
            assert "one of:" in sub.formatter_class("x")._get_help_string(action)


@pytest.mark.parametrize("argv, expected", [
    (["qeury"], "did you mean 'query'?"),
    (["reprot", "x"], "did you mean 'report'?"),
    (["query", "clams"], "did you mean 'claims'?"),
    (["query", "claims", "--speakr", "Ben"], "did you mean '--speaker' for '--speakr'?"),
    (["query", "--formt", "csv"], "did you mean '--format' for '--formt'?"),
    (["report", "--fromat", "md", "x.txt"], "did you mean '--format' for '--fromat'?"),
])
def test_misspelled_command_view_or_option_gets_did_you_mean(argv, expected, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.rstrip().endswith(expected)


@pytest.mark.parametrize("argv", [
    ["query", "--since", "2025-13"], ["query", "--until", "2025-02-30"], ["query", "--since", "last week"],
    ["query", "commitments", "--at", "2025-11-31"], ["report", "x.txt", "--as-of", "tomorrow"],
    ["run", "x.txt", "--as-of", "2025-1-1"], ["policy", "show", "BR", "4.9.1.1", "--at", "2025-13-01"],
    ["query", "--since", "2025-10-08T25:00"],
])
def test_a_bad_date_is_an_error(argv, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2 and err.count("\n") == 1 and "not a date" in err


@pytest.mark.parametrize("value", ["2025", "2025-10", "2025-10-08", "2025-10-08T12:25:33Z", "2025-10-08 12:25"])
def test_good_dates_pass(value):
    from threadkb.kb import check_when
    assert check_when(value) == value.replace(" ", "T")


def test_paths_are_checked_before_spacy_is_loaded():
    code = ("import sys; from threadkb import cli; rc = cli.main(['report', 'no/such/file.txt']); "
            "print(rc, 'spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.strip() == "2 False"
    assert done.stderr == "threadkb: no/such/file.txt: no such file or folder\n"


def test_ingest_exit_codes_and_warnings_text(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")
    bad = tmp_path / "empty.eml"
    bad.write_bytes(b"")
    warn = tmp_path / "long.txt"
    warn.write_text("From: A <a@example.com>\nDate: Mon, 6 Oct 2025 10:00:00 +0000\n\n" + "x" * 200_100 + "\n",
                    encoding="utf-8")
    code, out, err = run(["ingest", str(bad), "--db", db], capsys)
    assert code == 2 and "empty.eml" in err  # every input failed
    code, out, err = run(["ingest", str(bad), str(warn), "--db", db, "--quiet"], capsys)
    assert code == 1  # some failed
    lines = out.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("warnings: "))
    assert lines[i] != "warnings: 0" and lines[i + 1].startswith(f"  {warn}: ")
    code, out, err = run(["ingest", str(warn), "--db", db], capsys)
    assert code == 0  # unchanged: nothing failed
    code, out, err = run(["ingest", str(tmp_path / "missing.txt"), str(warn), "--db", db], capsys)
    assert code == 1 and err.startswith(f"threadkb: {tmp_path / 'missing.txt'}: no such file or folder")


def test_summary_points_to_the_rest_of_the_warnings():
    from threadkb.batches import WARNINGS_SHOWN, IngestSummary

    s = IngestSummary(warnings=8, warning_texts=[("a.txt", f"w{i}") for i in range(8)])
    text = s.text("kb.sqlite").splitlines()
    assert text[-WARNINGS_SHOWN - 1:] == [f"  a.txt: w{i}" for i in range(WARNINGS_SHOWN)] + [
        "  ... 3 more: sqlite3 kb.sqlite \"SELECT path, warnings FROM source_files WHERE warnings != '[]'\""]


def test_run_lists_the_reports_it_wrote(tmp_path, capsys):
    code, out, err = run(["run", REFERENCE, "--db", str(tmp_path / "kb.sqlite"), "--output-dir", str(tmp_path),
                          "--quiet"], capsys)
    assert code == 0
    listed = out.split("reports: 2 files\n")[1].splitlines()
    assert listed == [f"  {tmp_path / 'mdsp-2025-10-sheca-api-keys.report.html'}",
                      f"  {tmp_path / 'mdsp-2025-10-sheca-api-keys.report.md'}"]


def test_progress_bar_only_on_a_terminal(capsys):
    from threadkb.batches import _progress

    assert _progress(100, quiet=False).disable  # pytest's stderr is not a terminal


@pytest.mark.parametrize("command", ["parse", "report"])
def test_some_inputs_failed_is_1_all_failed_is_2(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "empty.eml"
    bad.write_bytes(b"")
    assert cli.main([command, str(bad)]) == 2
    assert cli.main([command, str(bad), REFERENCE]) == 1
    assert "empty.eml" in capsys.readouterr().err


@pytest.mark.parametrize("errors, done, code", [([], [], 0), ([], [1], 0), ([("a", "x")], [1], 1), ([("a", "x")], [], 2)])
def test_exit_code(errors, done, code):
    from threadkb.pipeline import exit_code
    assert exit_code(errors, done) == code
