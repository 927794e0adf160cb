"""`--org` meets an organisation row by the organisations its name names (orgs.json ``name_parts``).

Class: an organisation named with its owner or as a team of a known one: "Chrome/Google" (a root program and its
owner joined by "/"), "Chrome Root Program Team" (a known organisation and a team word). Before: such a row was
met only by its own spelling's prefix, so `query claims --org Google` missed Ryan Sleevi's 5 claims of 069 made
"Wearing a Chrome/Google hat".
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from threadkb import cli
from threadkb.identity import named_orgs, organisation_ids

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.mark.parametrize("name, expected", [
    ("Chrome/Google", {"Chrome Root Program", "Google"}),
    ("Chrome Root Program Team", {"Chrome Root Program"}),
    ("Mozilla/Foo", {"Mozilla"}),  # the known part only
    ("Sectigo Team", {"Sectigo"}),
    ("DigiCert, Inc. / Chrome", {"DigiCert", "Chrome Root Program"}),  # a company form in a part
    ("SHECA", {"SHECA"}),
    ("Foo Team", set()),
    ("Team", set()),
    ("/", set()),
])
def test_named_orgs(name, expected):
    assert named_orgs(name) == expected


ROWS = ["Chrome/Google", "Chrome Root Program Team", "Chrome Root Program", "Google Trust Services", "Mozilla",
        "Foo Team"]


@pytest.mark.parametrize("query, expected", [
    # "Google" is a prefix of the alias "Google Chrome" (as before); before, "Chrome/Google" was not met
    ("Google", ["Chrome/Google", "Chrome Root Program Team", "Chrome Root Program", "Google Trust Services"]),
    ("Chrome Root Program", ["Chrome/Google", "Chrome Root Program Team", "Chrome Root Program"]),
    ("Chrome", ["Chrome/Google", "Chrome Root Program Team", "Chrome Root Program"]),
    ("google chrome", ["Chrome/Google", "Chrome Root Program Team", "Chrome Root Program"]),  # an alias
    ("Mozilla", ["Mozilla"]),
    ("Foo", ["Foo Team"]),
])
def test_org_filter_meets_the_organisations_a_name_names(query, expected):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE organisations (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO organisations (name) VALUES (?)", [(n,) for n in ROWS])
    assert [ROWS[i - 1] for i in organisation_ids(db, query)] == expected


def test_corpus_069_org_google_finds_the_chrome_google_claims(tmp_path, capsys):
    db = str(tmp_path / "kb.sqlite")
    assert cli.main(["ingest", str(CORPORA / "069_mdsp-mailarchive-sleevi-symantec-hat-switching.txt"), "--db", db,
                     "--quiet"]) == 0
    capsys.readouterr()
    assert cli.main(["query", "claims", "--db", db, "--org", "Google", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()[1:]
    assert len(rows) == 5 and all("Chrome/Google" in r for r in rows)
