"""README's knowledge-base examples, run as a reader runs them: the main job (`threadkb run` of the reference
thread), then `threadkb ingest corpora/`, then each example; the output the README prints is the output they get.

Class: an example whose printed output went stale when the data moved (the orgs table's fourth row was HARICA, 10
claims, after the "sent on behalf of" persona gave the Chrome Root Program 11) or that answers nothing on the
README's own base (`query quotes --of 12`: "(no rows)")."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from threadkb import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("readme") / "kb.sqlite")
    assert cli.main(["ingest", "--quiet", "--db", path, str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt")]) == 0
    assert cli.main(["ingest", "--quiet", "--db", path, str(ROOT / "corpora")]) == 0
    return path


def printed(command: str) -> list[str]:
    """The lines README prints under ``$ threadkb COMMAND`` (up to the next blank line or fence)."""
    m = re.search(r"^\$ threadkb " + re.escape(command) + r"[^\n]*\n((?:[^\n]+\n)+?)(?=\n|```)", README, re.M)
    assert m, command
    return m.group(1).splitlines()


EXAMPLES = [("query people --org HARICA --format csv", None), ("query orgs", 6), ("query claims --org Mozila", None)]


@pytest.mark.parametrize("command, first", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_the_printed_output_is_the_output(db, command, first, capsys):
    cli.main(["query", "--db", db, *command.split()[1:]])
    out = capsys.readouterr()
    got = (out.out + out.err).splitlines()
    assert got[:first] == printed(command)


def test_the_quotes_example_names_a_quoted_message(db, capsys):
    m = re.search(r"^threadkb query quotes --of (\d+) +# the messages quoting message \1", README, re.M)
    assert m
    assert cli.main(["query", "--db", db, "quotes", "--of", m.group(1), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["author"], r["quoted_author"], r["line"], r["answer"]) for r in rows] == [
        ("Matt Palmer", "Alvin Wang", "287", "291-292"), ("Matt Palmer", "Alvin Wang", "294", "298-299"),
        ("Matt Palmer", "Alvin Wang", "301", "306-313")]
