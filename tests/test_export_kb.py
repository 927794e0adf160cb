"""`threadkb graph --db KB [filters]`: one graph of everything selected, in every format."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from threadkb import cli
from threadkb.export import check_aif
from threadkb.kb import ClaimFilter, KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SHECA_FILES = ["mdsp-2025-10-sheca-api-keys.txt", "027_mdsp-mailarchive-sheca-reissue-dcv-arabella-FLATTENED.txt",
               "028_mdsp-mailarchive-sheca-api-users-inspection-alvin.txt",
               "030_bugzilla-1993357-sheca-online-keygen-api-br6113.txt", "044_mdsp-mailarchive-letsencrypt-caa-2015-boulder.txt"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("kbg") / "kb.sqlite"
    assert cli.main(["ingest", *[str(ROOT / "corpora" / f) for f in SHECA_FILES], "--db", str(path), "--quiet"]) == 0
    return path


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cyjs", "aif"])
def test_one_graph_of_the_whole_base_in_every_format(db, tmp_path, fmt, capsys):
    out = tmp_path / f"kb.{fmt}"
    assert cli.main(["graph", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"{out}: ")
    with KnowledgeBase(db) as kb:
        claims = kb.counts()["claims"]
        relations = kb.counts()["relations"]
    if fmt == "graphml":
        g = nx.read_graphml(out)
    elif fmt == "gexf":
        g = nx.read_gexf(out)
    elif fmt == "json":
        g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    elif fmt == "cyjs":
        g = nx.cytoscape_graph(json.loads(out.read_text(encoding="utf-8")))
    else:
        data = json.loads(out.read_text(encoding="utf-8"))
        assert check_aif(data) == []
        assert sum(n["type"] == "I" for n in data["nodes"]) == claims
        return
    kinds = [d.get("kind") for _, d in g.nodes(data=True)]
    assert kinds.count("claim") == claims
    assert sum(d.get("kind") in ("rebuts", "supports", "answers") for *_, d in g.edges(data=True)) == relations
    assert kinds.count("message") >= 2 and "speaker" in kinds and "section" in kinds


def test_filters_select_and_keep_the_other_end_of_each_relation(db, tmp_path):
    with KnowledgeBase(db) as kb:
        ex = kb.selection(ClaimFilter(org="SHECA"))
        chosen = set(ex.meta["selected"])
        assert chosen and {c.id for c in ex.claims} >= {f"c{i}" for i in chosen}
        ends = {r.source for r in ex.relations} | {r.target for r in ex.relations}
        assert ends <= {c.id for c in ex.claims}
        assert all(any(f"c{i}" in (r.source, r.target) for i in chosen) for r in ex.relations)
        assert {m.key for m in ex.thread.messages} == {c.message for c in ex.claims}


def test_graph_needs_paths_or_a_base(tmp_path, capsys):
    assert cli.main(["graph", "--format", "json"]) == 2
    assert "graph needs PATHs or --db" in capsys.readouterr().err
    assert cli.main(["graph", "--db", str(tmp_path / "none.sqlite")]) == 2
