"""`threadkb graph --db`: every message and claim says where it stands, as the graph of the thread's file does.

The base keeps each message's, claim's and citation's file and lines; the graph of a selection read them back
as nothing: every message and claim node had `span` "", and the evidence of every `contains`, `cites` and
`mentions` edge named a row id ("claim at c12", "«4.9.1.1, point 4» at m7") instead of a place. The graph of
one thread (`threadkb graph FILE`) is the oracle: the same spans (the base keeps lines, not columns).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from threadkb import cli

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    "corpora/mdsp-2025-10-sheca-api-keys.txt",  # Google Groups page, 8 messages
    "corpora/024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt",  # Bugzilla page
    "corpora/048_github-issue-cabforum-servercert-580-caa-4911.txt",  # GitHub issue page
    "corpora/050_cabf-public-pipermail-sc4-caa-contact-outlook-header-block.txt",  # pipermail mail
]
COLUMN = re.compile(r"(:\d+(?:-\d+)?):\d+\b")  # "file:323-324:63" -> "file:323-324"


def _graph(args: list[str], out: Path) -> dict:
    assert cli.main(["graph", *args, "--format", "json", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graphs(tmp_path_factory, monkeypatch_module):
    tmp = tmp_path_factory.mktemp("places")
    monkeypatch_module.chdir(ROOT)  # relative paths, as a user types them
    db = tmp / "kb.sqlite"
    assert cli.main(["ingest", *FILES, "--db", str(db), "--quiet"]) == 0
    return {f: _graph([f], tmp / f"{i}.json") for i, f in enumerate(FILES)}, _graph(["--db", str(db)], tmp / "kb.json")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def _lines(span: str) -> str:
    return COLUMN.sub(r"\1", span)


def test_every_message_and_claim_of_the_base_has_its_place(graphs):
    _, kb = graphs
    nodes = [n for n in kb["nodes"] if n["kind"] in ("message", "claim")]
    assert len(nodes) > 80
    assert [n["id"] for n in nodes if not n["span"]] == []
    assert [e["evidence"] for e in kb["links"] if re.search(r" at [mc]\d+\b", e["evidence"])] == []


@pytest.mark.parametrize("path", FILES)
def test_the_base_gives_the_spans_the_thread_graph_gives(graphs, path):
    one, kb = graphs
    thread = one[path]

    def spans(g: dict, kind: str) -> list[str]:
        return sorted(_lines(n["span"]) for n in g["nodes"] if n["kind"] == kind and n["span"].startswith(path + ":"))

    assert spans(kb, "message") == spans(thread, "message") != []
    assert spans(kb, "claim") == spans(thread, "claim") != []
    ev = sorted(_lines(e["evidence"]) for e in thread["links"] if e["kind"] == "cites" and "»" in e["evidence"])
    assert sorted(e["evidence"] for e in kb["links"] if e["kind"] == "cites" and f"» at {path}:" in e["evidence"]) == ev


@pytest.mark.parametrize("text, span", [
    ("This violation requires revocation within 24 hours, per 4.9.1.1, point 4.",
     "corpora/mdsp-2025-10-sheca-api-keys.txt:323-324"),
    ("According to TLS BR Section 4.9.1.1 #12, the affected certificates should have been revoked within 5 days.",
     "corpora/024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt:35"),
])
def test_claim_rows(graphs, text, span):
    _, kb = graphs
    assert [n["span"] for n in kb["nodes"] if n["kind"] == "claim" and n["label"] == text] == [span]
    node = next(n["id"] for n in kb["nodes"] if n["kind"] == "claim" and n["label"] == text)
    assert [e["evidence"] for e in kb["links"] if e["kind"] == "contains" and e["target"] == node] == [
        f"claim at {span}"]


def test_citation_evidence_row(graphs):
    _, kb = graphs
    assert "«4.9.1.1, \npoint 4» at corpora/mdsp-2025-10-sheca-api-keys.txt:323-324 (item 4) rule " \
           "bare_section+ctx:message" in [e["evidence"] for e in kb["links"] if e["kind"] == "cites"]
