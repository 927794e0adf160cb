"""Every export format is written and read back (networkx readers; AIF checked for integrity)."""
import json
from datetime import datetime, timedelta, timezone

import networkx as nx
import pytest

from threadkb import export
from threadkb.link import build_graph
from threadkb.models import (
    Citation,
    Claim,
    ClaimKind,
    Extraction,
    Message,
    QuotedSpan,
    Relation,
    RelationKind,
    SourceSpan,
    TextLine,
    Thread,
)

TZ = timezone(timedelta(hours=8))


def _extraction() -> Extraction:
    """Two messages of the reference thread by hand: Matt's claim and Alvin's rebuttal."""
    src = "corpora/mdsp-2025-10-sheca-api-keys.txt"
    matt = Message(key="matt", source=src, author="Matt Palmer", date=datetime(2025, 10, 8, 7, 19, 54, tzinfo=TZ),
                   lines=[TextLine("This violation requires revocation within 24 hours, per 4.9.1.1,", 322, 9),
                          TextLine("point 4.", 323, 9)])
    alvin = Message(key="alvin", source=src, author="Alvin Wang", in_reply_to="matt", on_behalf_of="SHECA",
                    lines=[TextLine("SHECA believes that 4.9.1.1 point 4 is not applicable to this case.", 248, 6)],
                    quotes=[QuotedSpan("matt", (230, 247), None)])
    thread = Thread(source=src, messages=[alvin, matt], assignments=[])
    m4 = Claim("matt:c1", "matt", "Matt Palmer", ClaimKind.ASSERTION, matt.text.replace("\n", " "), 0, 73,
               SourceSpan(src, 323, 324, 9), citations=["BR:4.9.1.1:4"], cue="normative; citation")
    a3 = Claim("alvin:c1", "alvin", "Alvin Wang", ClaimKind.ASSERTION, alvin.text, 0, 66, SourceSpan(src, 249, 249, 6),
               on_behalf_of="SHECA", citations=["BR:4.9.1.1:4"], cue="belief verb; negation")
    cit = Citation("alvin", "BR", "4.9.1.1", 4, "4.9.1.1 point 4", start=20, end=35, title="Reasons for revoking")
    rel = Relation("alvin:c1", "matt:c1", RelationKind.REBUTS, ["same citation: 4.9.1.1:4", "stance: negation «not»"], 5.0)
    return Extraction(thread=thread, citations=[cit], claims=[a3, m4], relations=[rel])


@pytest.mark.parametrize("fmt,reader", [
    ("graphml", nx.read_graphml),
    ("gexf", nx.read_gexf),
    ("json", lambda p: nx.node_link_graph(json.loads(p.read_text()), edges="links")),
    ("cyjs", lambda p: nx.cytoscape_graph(json.loads(p.read_text()))),
])
def test_round_trip(tmp_path, fmt, reader):
    ex = _extraction()
    path = export.write(ex, fmt, tmp_path / f"g.{fmt}")
    g, h = build_graph(ex), reader(path)
    assert set(map(str, h.nodes)) == set(g.nodes)
    assert h.number_of_edges() == g.number_of_edges()
    rebuts = [d for a, b, d in h.edges(data=True) if d.get("kind") == "rebuts"]
    assert len(rebuts) == 1 and rebuts[0]["evidence"] == "same citation: 4.9.1.1:4; stance: negation «not»"
    assert h.nodes["claim:alvin:c1"]["citations"] in ("BR:4.9.1.1:4", ["BR:4.9.1.1:4"])


def test_aif_integrity(tmp_path):
    path = export.write(_extraction(), "aif", tmp_path / "g.aif.json")
    data = json.loads(path.read_text())
    assert export.check_aif(data) == []
    types = sorted(n["type"] for n in data["nodes"])
    assert types == ["CA", "I", "I", "L", "L", "TA", "YA", "YA", "YA"]
    (ca,) = [n["nodeID"] for n in data["nodes"] if n["type"] == "CA"]
    text = {n["nodeID"]: n["text"] for n in data["nodes"]}
    into = [text[e["fromID"]] for e in data["edges"] if e["toID"] == ca]
    out = [text[e["toID"]] for e in data["edges"] if e["fromID"] == ca]
    assert "SHECA believes that 4.9.1.1 point 4 is not applicable to this case." in into
    assert out == ["This violation requires revocation within 24 hours, per 4.9.1.1, point 4."]
    assert {p["firstname"] for p in data["participants"]} == {"Alvin", "Matt"}


@pytest.mark.parametrize("kind, s_type, scheme, illocution", [
    (RelationKind.REBUTS, "CA", "Default Conflict", "Disagreeing"),
    (RelationKind.SUPPORTS, "RA", "Default Inference", "Agreeing"),
    (RelationKind.ANSWERS, "MA", "Default Rephrase", "Asserting"),  # before: no S-node, the YA pointed at the I-node
])
def test_aif_every_relation_has_its_s_node(tmp_path, kind, s_type, scheme, illocution):
    """Class: every relation kind. The export, loaded back, joins the source's I-node to the target's through one
    S-node of the kind's type (AIF: CA conflict, RA inference, MA rephrase for an answer), anchored by the YA of
    the transition between their locutions."""
    ex = _extraction()
    ex.relations[0].kind = kind
    data = json.loads(export.write(ex, "aif", tmp_path / "g.aif.json").read_text())
    assert export.check_aif(data) == []
    node = {n["nodeID"]: n for n in data["nodes"]}
    (s,) = [n for n in data["nodes"] if n["type"] in export.S_NODES]
    assert (s["type"], s["text"], s["relation"]) == (s_type, scheme, kind.value)
    into = [node[e["fromID"]] for e in data["edges"] if e["toID"] == s["nodeID"]]
    out = [node[e["toID"]] for e in data["edges"] if e["fromID"] == s["nodeID"]]
    assert sorted((n["type"], n.get("claimID"), n["text"] if n["type"] == "YA" else "") for n in into) == [
        ("I", "alvin:c1", ""), ("YA", None, illocution)]
    assert [(n["type"], n["claimID"]) for n in out] == [("I", "matt:c1")]
    # no relation edge reaches an I-node but through an S-node: an I-node's inputs are its own YA and S-nodes
    for e in data["edges"]:
        if node[e["toID"]]["type"] == "I" and node[e["fromID"]]["type"] == "YA":
            (loc,) = [f["fromID"] for f in data["edges"] if f["toID"] == e["fromID"]]
            assert node[loc]["type"] == "L" and node[loc]["claimID"] == node[e["toID"]]["claimID"]


def test_aif_check_finds_a_relation_without_s_node():
    """An export of the old shape (the answer's YA pointing at the I-node) is reported."""
    ex = _extraction()
    ex.relations[0].kind = RelationKind.ANSWERS
    data = export.aif(ex)
    (s,) = [n["nodeID"] for n in data["nodes"] if n["type"] == "MA"]
    i_target = next(e["toID"] for e in data["edges"] if e["fromID"] == s)
    data["edges"] = [e for e in data["edges"] if s not in (e["fromID"], e["toID"])]
    data["nodes"] = [n for n in data["nodes"] if n["nodeID"] != s]
    ya = next(n["nodeID"] for n in data["nodes"] if n["type"] == "YA" and n["text"] == "Asserting"
              and any(e["toID"] == n["nodeID"] and e["fromID"] in {t["nodeID"] for t in data["nodes"] if t["type"] == "TA"}
                      for e in data["edges"]))
    data["edges"].append({"edgeID": "x", "fromID": ya, "toID": i_target, "formEdgeID": None})
    assert export.check_aif(data) == [f"YA node {ya} of a transition anchors no S-node (a relation without one)"]


def test_aif_check_finds_dangling_edge():
    data = export.aif(_extraction())
    data["edges"].append({"edgeID": "x", "fromID": "1", "toID": "999", "formEdgeID": None})
    assert export.check_aif(data) == ["edge x points to a missing node"]


def test_cli_graph_default_path(tmp_path, monkeypatch):
    from pathlib import Path

    from threadkb.cli import main
    corpus = Path(__file__).resolve().parents[1] / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"
    monkeypatch.chdir(tmp_path)
    try:
        assert main(["graph", str(corpus), "--format", "graphml"]) == 0
    except ImportError as exc:
        pytest.skip(str(exc))
    g = nx.read_graphml(tmp_path / "output" / "mdsp-2025-10-sheca-api-keys.graphml")
    assert any(d.get("kind") == "rebuts" for *_, d in g.edges(data=True))
    assert main(["graph", str(tmp_path / "missing.txt")]) == 2
