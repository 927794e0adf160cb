"""--org as users type it (session-9 audit): an organisation's legal form ("Chunghwa Telecom Co., Ltd.",
"DigiCert, Inc.") names the organisation; a known organisation with nothing in the knowledge base is said to be
known and absent, instead of "matches nothing; nearest: <the same name>"."""
from __future__ import annotations

import pytest

from threadkb.cli import main

CORPUS = "corpora/077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    db = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    assert main(["ingest", "--quiet", "--db", str(db), CORPUS]) == 0
    return str(db)


@pytest.mark.parametrize("org", ["Chunghwa Telecom", "Chunghwa Telecom Co., Ltd.", "Chunghwa Telecom Co Ltd",
                                 "CHUNGHWA TELECOM CO., LTD", "Chunghwa Telecom Inc.", "CHT", "chunghwa telecom, ltd"])
def test_legal_forms_name_the_organisation(kb, capsys, org):
    assert main(["query", "claims", "--db", kb, "--org", org, "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 7 and all(",Chunghwa Telecom," in line for line in out[1:])


@pytest.mark.parametrize("org,message", [
    ("Sectigo", "--org 'Sectigo': Sectigo is a known organisation, but nothing in the knowledge base is by it or its"
                " people"),
    ("Comodo CA", "--org 'Comodo CA': Sectigo is a known organisation, but nothing in the knowledge base is by it or"
                  " its people"),
    ("DigiCert, Inc.", "--org 'DigiCert, Inc.': DigiCert is a known organisation, but nothing in the knowledge base"
                       " is by it or its people"),
    ("Chunghwa Telekom", "--org 'Chunghwa Telekom' matches nothing in the knowledge base; nearest: Chunghwa Telecom"),
])
def test_known_but_absent_organisations_are_said_so(kb, capsys, org, message):
    assert main(["query", "claims", "--db", kb, "--org", org]) == 1
    assert capsys.readouterr().err.strip() == f"threadkb: {message}"
