"""Numeric options are checked when read: a negative rate, count or wait, NaN, no worker, one fold.

Before, `fetch --rate -1` meant no limit, `--retries -3` made no attempt at all and reported "gave up after -2
attempt" with an empty reason, `--backoff nan` ended in "threadkb: error: ValueError: Invalid value NaN",
`ingest --workers 0` / `--workers -2` ran as if 1, `eval --cv -1` ended in a ValueError of the splitter; and
`fetch github … --whiteboard x` asked GitHub for everything, the Bugzilla-only tag ignored.
"""
from __future__ import annotations

import pytest

from threadkb.cli import build_parser, main

FETCH = ["fetch", "bugzilla", "1"]
REFUSED = [
    (FETCH + ["--rate", "-1"], "argument --rate: '-1': give a number of at least 0"),
    (FETCH + ["--rate", "nan"], "argument --rate: 'nan': give a number of at least 0"),
    (FETCH + ["--rate", "inf"], "argument --rate: 'inf': give a number of at least 0"),
    (FETCH + ["--rate", "fast"], "argument --rate: not a number: 'fast'"),
    (FETCH + ["--retries", "-3"], "argument --retries: '-3': give a number of at least 0"),
    (FETCH + ["--retries", "1.5"], "argument --retries: not a whole number: '1.5'"),
    (FETCH + ["--backoff", "-1"], "argument --backoff: '-1': give a number of at least 0"),
    (FETCH + ["--backoff", "nan"], "argument --backoff: 'nan': give a number of at least 0"),
    (["ingest", "x.txt", "--workers", "0"], "argument --workers: '0': give a number of at least 1"),
    (["run", "x.txt", "--workers", "-2"], "argument --workers: '-2': give a number of at least 1"),
    (["eval", "g.json", "--cv", "1"], "argument --cv: '1': give a number of at least 2"),
    (["eval", "g.json", "--cv", "-1"], "argument --cv: '-1': give a number of at least 2"),
]


@pytest.mark.parametrize("argv, message", REFUSED)
def test_refused_with_one_line(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"threadkb {argv[0]}: error: {message}"


@pytest.mark.parametrize("argv, field, value", [
    (FETCH + ["--rate", "0"], "rate", 0.0),  # no limit (the tests' recorded servers)
    (FETCH + ["--rate", "0.5"], "rate", 0.5),
    (FETCH + ["--retries", "0"], "retries", 0),
    (FETCH + ["--backoff", "0"], "backoff", 0.0),
    (FETCH, "rate", 2.0),
    (["ingest", "x.txt", "--workers", "1"], "workers", 1),
    (["eval", "g.json", "--cv", "2"], "cv", 2),
    (["eval", "g.json", "--cv"], "cv", 5),
])
def test_the_least_allowed_value_is_taken(argv, field, value):
    assert getattr(build_parser().parse_args(argv), field) == value


@pytest.mark.parametrize("source, target", [("github", "mozilla/pkipolicy#276"), ("github", "cabforum/servercert"),
                                            ("pipermail", "http://127.0.0.1:9/pipermail/l/")])
def test_whiteboard_is_bugzilla_only(source, target, tmp_path, capsys):
    # a refused port on this machine: before the check, the request was made (and failed there)
    assert main(["fetch", source, target, "--whiteboard", "ca-compliance", "--base", "http://127.0.0.1:9",
                 "--to", str(tmp_path / "c"), "--rate", "0", "--retries", "0", "--quiet"]) == 2
    assert capsys.readouterr().err == f"threadkb: fetch: --whiteboard selects Bugzilla bugs; {source} has no whiteboard\n"
    assert not (tmp_path / "c").exists()
