"""`query sections`: each cited section with the versions in force on the citing messages' dates.

A researcher follows a section's claims across versions ("what was said about BR 4.9.1.1 under 1.6.5, under
2.1.7"); the view gave title, mentions, people and threads but no version (only the graph's cites edges had it).
A citation of an undated message is resolved to the latest version and flagged no_date: it names no version.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadkb import cli

ROOT = Path(__file__).resolve().parent.parent


def _mail(n: int, date: str, body: str) -> str:
    return (f"From a{n}@ca.example Mon Jan  1 00:00:00 2024\nFrom: Person {n} <p{n}@ca.example>\n"
            f"Subject: Revocation question {n}\nDate: {date}\nMessage-ID: <v{n}@ca.example>\n\n{body}\n\n")


MBOX = (_mail(1, "Thu, 20 Nov 2025 10:00:00 +0100", "We believe BR 4.9.1.1 requires revocation within 5 days here.")
        + _mail(2, "Sat, 01 Jun 2019 08:00:00 -0700", "Our reading is that BR 4.9.1.1 allows 5 days for this case.")
        + _mail(3, "Wed, 08 Oct 2025 19:25:33 +0700", "We think BR 4.9.1.1 does not apply to these certificates."))


@pytest.fixture(scope="module")
def sections(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("versions")
    (tmp / "v.mbox").write_text(MBOX, encoding="utf-8")
    db = str(tmp / "kb.sqlite")
    files = [str(tmp / "v.mbox"), str(ROOT / "corpora/048_github-issue-cabforum-servercert-580-caa-4911.txt"),
             str(ROOT / "corpora/024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt")]
    assert cli.main(["ingest", *files, "--db", db, "--quiet"]) == 0
    return db


def _rows(capsys, db: str) -> dict:
    assert cli.main(["query", "sections", "--db", db, "--format", "jsonl", "--section", "BR 4.9.1.1"]) == 0
    return {(r["document"], r["section"], r["item"]): r
            for r in map(json.loads, capsys.readouterr().out.splitlines())}


@pytest.mark.parametrize("key, versions, mentions", [
    # 2019-06-01, 2025-04-07 (048), 2025-10-08, 2025-11-20; 024's undated "Section 4.9.1.1" names none
    (("BR", "4.9.1.1", ""), ["1.6.5", "2.1.4", "2.1.7", "2.1.9"], 5),
    (("BR", "4.9.1.1", "12"), [], 1),  # 024 only: undated
])
def test_versions_of_a_section(sections, capsys, key, versions, mentions):
    rows = _rows(capsys, sections)
    assert (rows[key]["versions"], rows[key]["mentions"]) == (versions, mentions)


def test_the_table_and_csv_show_them(sections, capsys):
    assert cli.main(["query", "sections", "--db", sections, "--format", "csv", "--section", "BR 4.9.1.1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",")[-1] == "versions"
    assert lines[1].endswith(",1.6.5; 2.1.4; 2.1.7; 2.1.9") or lines[1].endswith(',"1.6.5; 2.1.4; 2.1.7; 2.1.9"')
