"""A section cited on several dates is in force in several versions (session-9 audit): each `cites` edge holds the
version in force on its message's date; the section node lists the versions its citations fall under. The node held
the first citation's version alone: in a knowledge base, BR 4.9.1.1 cited on 7 Apr and 29 Sep 2025 (2.1.4, 2.1.7)
and by an undated comment (2.2.6, the latest) showed one version for all."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from threadkb import cli

ROOT = Path(__file__).resolve().parent.parent
FILES = ["048_github-issue-cabforum-servercert-580-caa-4911.txt",
         "024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt"]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("g")
    db = tmp / "kb.sqlite"
    assert cli.main(["ingest", "--quiet", "--db", str(db), *[str(ROOT / "corpora" / f) for f in FILES]]) == 0
    assert cli.main(["graph", "--db", str(db), "--format", "graphml", "-o", str(tmp / "kb.graphml")]) == 0
    assert cli.main(["graph", str(ROOT / "corpora" / FILES[0]), "--format", "graphml", "-o", str(tmp / "t.graphml")]) == 0
    return nx.read_graphml(tmp / "kb.graphml"), nx.read_graphml(tmp / "t.graphml")


def _cites(g, section):
    return sorted((g.nodes[a]["date"][:10], d["version"]) for a, b, d in g.edges(data=True)
                  if d["kind"] == "cites" and b == section and g.nodes[a]["kind"] == "message")


def test_each_citation_edge_holds_the_version_of_its_date(graphs):
    kb, thread = graphs
    assert _cites(kb, "section:BR:4.9.1.1") == [("", "2.2.6"), ("", "2.2.6"), ("2025-04-07", "2.1.4"),
                                                ("2025-09-29", "2.1.7")]  # undated (024): the latest, flagged
    assert _cites(thread, "section:BR:4.9.1.1") == [("2025-04-07", "2.1.4"), ("2025-09-29", "2.1.7")]


def test_the_section_node_lists_the_versions_its_citations_fall_under(graphs):
    kb, thread = graphs
    assert kb.nodes["section:BR:4.9.1.1"]["version"] == "2.1.4; 2.1.7; 2.2.6"
    assert thread.nodes["section:BR:4.9.1.1"]["version"] == "2.1.4; 2.1.7"
    assert thread.nodes["section:BR:3.2.2"]["version"] == "2.1.7"
