"""A section cited on several dates is in force in several versions (session-9 audit): each `cites` edge holds the
version in force on its message's date; the section node lists the versions its citations fall under. The node held
the first citation's version alone: in a knowledge base, BR 4.9.1.1 cited on 7 Apr and 29 Sep 2025 (2.1.4, 2.1.7)
and by an undated comment (2.2.6, the latest) showed one version for all."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from threadkb import cli
from threadkb.extract import resolve
from threadkb.extract.resolve import LEGACY_BR_VERSION
from threadkb.link.graph import build_graph
from threadkb.models import Citation, Extraction, Thread

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


# --------------------------------------------------------------------------- the order of a node's versions

def _node_versions(document: str, versions: list[str]) -> str:
    thread = Thread(source="t.txt", messages=[], assignments=[])
    cites = [Citation(message=f"m{i}", document=document, section="4.9.1", item=None, text="4.9.1", version=v)
             for i, v in enumerate(versions)]
    return build_graph(Extraction(thread=thread, citations=cites)).nodes[f"section:{document}:4.9.1"]["version"]


ORDERS = [  # document, versions its citations fall under (in citation order) -> the node's list
    ("BR", ["2.2.6", "2.1.7", "1.8.7", "2.1.4"], "1.8.7; 2.1.4; 2.1.7; 2.2.6"),
    ("BR", ["2.0.0", "1.3.0", LEGACY_BR_VERSION], "1.2.x; 1.3.0; 2.0.0"),  # not listed: before the listed ones
    ("EVG", ["2.0.0", "1.8.1", "1.5.6"], "1.5.6; 1.8.1; 2.0.0"),
    ("MRSP", ["3.0", "2.10", "2.4.1"], "2.10; 2.4.1; 3.0"),  # "2.10" is no MRSP version: first, in text order
    ("RFC", ["b", "a"], "a; b"),  # a document not indexed: text order
]


@pytest.mark.parametrize("document,versions,listed", ORDERS)
def test_a_section_node_lists_its_versions_in_the_index_order(document, versions, listed):
    assert _node_versions(document, versions) == listed


def test_the_index_order_is_the_order_even_where_the_numbers_say_otherwise(monkeypatch):
    """A pre-release listed before its release ("2.0-beta", then "2.0"): the index order, not the numbers' (which
    put "2.0" first: the same numbers, then the shorter text); "1.10" after "1.9"."""
    index = {"documents": {"XP": {"versions": [["1.9", "2020-01-01"], ["1.10", "2020-06-01"],
                                               ["2.0-beta", "2021-01-01"], ["2.0", "2021-06-01"]], "sections": {}}}}
    monkeypatch.setattr(resolve, "load_index", lambda: index)
    resolve._version_places.cache_clear()
    try:
        assert _node_versions("XP", ["2.0", "1.10", "1.9", "2.0-beta"]) == "1.9; 1.10; 2.0-beta; 2.0"
        assert sorted(["2.0", "2.0-beta", "0.9", "1.9"], key=lambda v: resolve.version_order("XP", v)) == [
            "0.9", "1.9", "2.0-beta", "2.0"]  # "0.9" is not listed: first
    finally:
        resolve._version_places.cache_clear()
