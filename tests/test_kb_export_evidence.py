"""Exports of a knowledge base show each relation's stated copy's evidence, as ``query`` does (review17c of kb17).

Class: a relation several files give reads as one copy (``store.relation_reading``: the file the source claim is read
from). ``graph --db`` (JSON, GraphML, AIF) and ``query history`` must show that copy's evidence and score, also after
the stated copy's file changed, in every order of ingest; none may show a union or another copy's.
"""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from test_kb_copy_reading import _corpus, _ingest
from threadkb import store
from threadkb.cli import main
from threadkb.kb import KnowledgeBase

NAMES = ["027", "mdsp-2025-10", "028"]


def _stated(db: Path) -> dict[tuple[str, str, str], tuple[list[str], float]]:
    """(from claim, to claim, kind) -> the stated copy's (evidence, score), read from row_sources, not relations."""
    out = {}
    with KnowledgeBase(db) as kb:
        for rid, a, b, kind, mid in kb.db.execute("SELECT r.id, r.from_claim_id, r.to_claim_id, r.kind, c.message_id"
                                                  " FROM relations r JOIN claims c ON c.id = r.from_claim_id"):
            reading = store._ranked_readings(kb.db, "relations", rid, mid)[0][1]
            out[(f"c{a}", f"c{b}", kind)] = (reading["evidence"], round(reading["score"], 3))
    return out


def _graph(db: Path, fmt: str, tmp: Path) -> Path:
    out = tmp / f"kb.{fmt}"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["graph", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
    return out


def _claim_edges(edges, claims: set[str]) -> dict[tuple[str, str, str], str]:
    return {(s.removeprefix("claim:"), t.removeprefix("claim:"), d["kind"]): d["evidence"]
            for s, t, d in edges if s in claims and t in claims}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)], ids=str)
@pytest.mark.parametrize("cut", [0, 30])  # mdsp-2025-10 (the copy most relations are read from) cut and read again
def test_exports_and_query_show_the_stated_copys_evidence(tmp_path, order, cut):
    files = [tmp_path / _corpus(p).name for p in NAMES]
    for p, f in zip(NAMES, files, strict=True):
        f.write_bytes(_corpus(p).read_bytes())
    db = tmp_path / "kb.sqlite"
    _ingest(db, *(files[i] for i in order))
    if cut:
        lines = _corpus("mdsp-2025-10").read_text(encoding="utf-8").splitlines(keepends=True)
        files[1].write_text("".join(lines[:-cut]), encoding="utf-8")
        _ingest(db, files[1])
    stated = _stated(db)
    assert len(stated) == (39 if not cut else 38)
    want = {k: "; ".join(ev) for k, (ev, _) in stated.items()}
    # JSON (node-link)
    data = json.loads(_graph(db, "json", tmp_path).read_text(encoding="utf-8"))
    claims = {n["id"] for n in data["nodes"] if n["id"].startswith("claim:")}
    links = [(e["source"], e["target"], e) for e in data["links"]]
    assert _claim_edges(links, claims) == want
    assert {(s.removeprefix("claim:"), t.removeprefix("claim:"), e["kind"]): round(e["score"], 3)
            for s, t, e in links if s in claims and t in claims} == {k: sc for k, (_, sc) in stated.items()}
    # GraphML
    g = nx.read_graphml(_graph(db, "graphml", tmp_path))
    assert _claim_edges(g.edges(data=True), claims) == want
    # AIF: a TA node (the relation's evidence) sits between the L nodes of its target and its source claims
    aif = json.loads(_graph(db, "aif", tmp_path).read_text(encoding="utf-8"))
    node = {n["nodeID"]: n for n in aif["nodes"]}
    into = {e["toID"]: e["fromID"] for e in aif["edges"] if node[e["fromID"]]["type"] == "L"}
    outof = {e["fromID"]: e["toID"] for e in aif["edges"] if node[e["toID"]]["type"] == "L"}
    after: dict[str, list[str]] = {}
    for e in aif["edges"]:
        after.setdefault(e["fromID"], []).append(e["toID"])
    scheme = {ta: node[s]["relation"] for ta in node if node[ta]["type"] == "TA"  # TA -> YA -> its scheme node
              for ya in after[ta] if node[ya]["type"] == "YA" for s in after[ya] if "relation" in node[s]}
    got = {(node[outof[ta]]["claimID"], node[into[ta]]["claimID"], scheme[ta]): node[ta]["evidence"]
           for ta in node if node[ta]["type"] == "TA"}
    assert got == want
    # query history: each claim's rebuttals with their evidence
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["query", "history", "--db", str(db), "--format", "jsonl"]) == 0
    rebuttals = {(f"c{r['claim']}", f"c{row['claim']}", "rebuts"): r["evidence"]
                 for row in map(json.loads, out.getvalue().splitlines()) for r in row["rebuttals"]}
    assert rebuttals == {k: ev for k, (ev, _) in stated.items() if k[2] == "rebuts"} != {}
