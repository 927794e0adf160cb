"""Export the claim graph: node-link JSON, GraphML, GEXF, Cytoscape JSON and AIF-JSON, and ``threadkb graph``.

GraphML and GEXF writers of networkx reject list / dict / None attribute values: ``flatten`` turns
them into strings first. AIF-JSON follows the AIFdb / OVA layout: I-nodes (claims as propositions),
L-nodes (locutions "Speaker : text") anchored to their I-node by a YA node (illocutionary force),
CA nodes for rebuttals, RA nodes for support, and TA nodes (transitions) from the locution that is
answered to the locution answering it, anchoring the YA of the CA/RA or of the answer.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import networkx as nx

from threadkb.models import ClaimKind, Extraction, RelationKind
from threadkb.outfiles import write_bytes, write_text

FORMATS = {"json": "json", "graphml": "graphml", "gexf": "gexf", "cyjs": "cyjs", "aif": "aif.json"}


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are all str / int / float / bool (lists joined by "; ")."""

    def plain(v):
        if v is None:
            return ""
        if isinstance(v, (list, tuple, set)):
            return "; ".join(str(x) for x in v)
        if isinstance(v, dict):
            return json.dumps(v, ensure_ascii=False, default=str)
        if isinstance(v, (str, int, float, bool)):
            return v
        return str(v)

    h: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    h.graph.update({k: plain(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: plain(v) for k, v in d.items()})
    for a, b, k, d in g.edges(keys=True, data=True):
        h.add_edge(a, b, key=k, **{kk: plain(v) for kk, v in d.items()})
    return h


def node_link(g: nx.MultiDiGraph) -> dict:
    return nx.node_link_data(g, edges="links")


def cytoscape(g: nx.MultiDiGraph) -> dict:
    data = nx.cytoscape_data(g)
    for el in data["elements"]["edges"]:  # keep the multigraph key so the edge round-trips
        el["data"].setdefault("key", el["data"].get("key"))
    return data


# --------------------------------------------------------------------------- AIF

_YA = {ClaimKind.ASSERTION: "Asserting", ClaimKind.ADMISSION: "Agreeing", ClaimKind.COMMITMENT: "Asserting",
       ClaimKind.QUESTION: "Pure Questioning", ClaimKind.REQUEST: "Pure Questioning",
       ClaimKind.DENIAL: "Disagreeing"}
_REL = {RelationKind.REBUTS: ("CA", "Default Conflict", "Disagreeing"),
        RelationKind.SUPPORTS: ("RA", "Default Inference", "Agreeing"),
        RelationKind.ANSWERS: (None, None, "Asserting")}


def aif(extraction: Extraction) -> dict:
    """AIF-JSON (AIFdb / OVA layout) of the claims and relations of one thread."""
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    people: dict[str, int] = {}
    dates = {m.key: (m.date.isoformat() if m.date else "") for m in extraction.thread.messages}

    def add(kind: str, text: str, **extra) -> str:
        nid = str(len(nodes) + 1)
        nodes.append({"nodeID": nid, "text": text, "type": kind, "timestamp": extra.pop("timestamp", ""), **extra})
        return nid

    def link(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b, "formEdgeID": None})

    i_node, l_node = {}, {}
    for c in extraction.claims:
        who = c.speaker or "unknown"
        pid = people.setdefault(who, len(people) + 1)
        when = dates.get(c.message, "")
        i_node[c.id] = add("I", c.text, claimID=c.id)
        l_node[c.id] = add("L", f"{who} : {c.text}", timestamp=when, claimID=c.id)
        locutions.append({"nodeID": l_node[c.id], "personID": pid, "timestamp": when,
                          "start": None, "end": None, "source": str(c.span or c.message)})
        ya = add("YA", "Asserting" if c.reported else _YA[c.kind])
        link(l_node[c.id], ya)
        link(ya, i_node[c.id])
    for r in extraction.relations:
        if r.source not in i_node or r.target not in i_node:
            continue
        ta = add("TA", "Default Transition", evidence="; ".join(r.evidence))
        link(l_node[r.target], ta)
        link(ta, l_node[r.source])
        scheme_type, scheme, force = _REL[r.kind]
        ya = add("YA", force)
        link(ta, ya)
        if scheme_type and scheme:
            s = add(scheme_type, scheme, relation=r.kind.value)
            link(i_node[r.source], s)
            link(s, i_node[r.target])
            link(ya, s)
        else:
            link(ya, i_node[r.source])
    participants = [{"participantID": pid, "firstname": (name.split(" ", 1) + [""])[0],
                     "surname": (name.split(" ", 1) + [""])[1]} for name, pid in people.items()]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants,
            "schemefulfillments": [], "descriptorfulfillments": [], "cqdescriptorfulfillments": [],
            "edgesCQ": [], "AIF": {"source": extraction.thread.source}}


def check_aif(data: dict) -> list[str]:
    """Integrity problems of an AIF-JSON document (empty list: fine)."""
    problems = []
    ids = [n["nodeID"] for n in data.get("nodes", [])]
    if len(ids) != len(set(ids)):
        problems.append("duplicate nodeID")
    known = set(ids)
    types = {n["nodeID"]: n["type"] for n in data.get("nodes", [])}
    for e in data.get("edges", []):
        if e["fromID"] not in known or e["toID"] not in known:
            problems.append(f"edge {e['edgeID']} points to a missing node")
    for loc in data.get("locutions", []):
        if types.get(loc["nodeID"]) != "L":
            problems.append(f"locution {loc['nodeID']} is not an L-node")
    pids = {p["participantID"] for p in data.get("participants", [])}
    problems += [f"locution {loc['nodeID']} has an unknown person" for loc in data.get("locutions", [])
                 if loc["personID"] not in pids]
    for n in data.get("nodes", []):
        if n["type"] in ("CA", "RA"):
            ins = [e for e in data["edges"] if e["toID"] == n["nodeID"] and types[e["fromID"]] == "I"]
            outs = [e for e in data["edges"] if e["fromID"] == n["nodeID"] and types[e["toID"]] == "I"]
            if not ins or not outs:
                problems.append(f"{n['type']} node {n['nodeID']} does not join two I-nodes")
    return problems


# --------------------------------------------------------------------------- writers


def write(extraction: Extraction, fmt: str, path: str | Path) -> Path:
    """Write the graph of one extraction in ``fmt`` to ``path``."""
    from threadkb.link import build_graph

    path = Path(path)
    if fmt == "aif":
        write_text(path, json.dumps(aif(extraction), ensure_ascii=False, indent=1))
        return path
    g = build_graph(extraction)
    if fmt == "json":
        write_text(path, json.dumps(node_link(g), ensure_ascii=False, indent=1, default=str))
    elif fmt == "cyjs":
        write_text(path, json.dumps(cytoscape(g), ensure_ascii=False, indent=1, default=str))
    elif fmt in ("graphml", "gexf"):
        buf = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(flatten(g), buf)
        write_bytes(path, buf.getvalue())
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return path


def default_path(source: str, fmt: str) -> Path:
    """output/<stem>.<ext> for the input ``source``."""
    stem = Path(source).name.rsplit(".", 1)[0]
    return Path("output") / f"{stem}.{FORMATS[fmt]}"


def cli_graph(args) -> int:
    """``threadkb graph PATH… --format F [-o FILE]``: one file per thread (``-o`` only with one thread);
    ``threadkb graph --db KB [filters] --format F -o FILE``: one graph of everything the filters select."""
    if getattr(args, "db", None):
        return _graph_of_kb(args)
    if not args.paths:
        print("threadkb: graph needs PATHs or --db KB", file=sys.stderr)
        return 2
    from threadkb.pipeline import exit_code, extract_paths

    errors: list[tuple[str, str]] = []
    exs = extract_paths(args.paths, errors)
    for path, reason in errors:
        print(f"threadkb: {path}: {reason}", file=sys.stderr)
    if not exs:
        return 2
    if any(getattr(args, f, None) for f in ("speaker", "org", "section", "api", "kind", "since", "until", "text",
                                            "thread")):
        print("threadkb: the filters select from a knowledge base (--db); with PATHs every claim is written",
              file=sys.stderr)
    if args.output and len(exs) > 1:
        print("threadkb: -o takes one thread; several given, writing to output/", file=sys.stderr)
    for ex in exs:
        out = Path(args.output) if args.output and len(exs) == 1 else default_path(ex.thread.source, args.format)
        write(ex, args.format, out)
        print(f"{out}: {len(ex.claims)} claims, {len(ex.relations)} relations")
    return exit_code(errors, exs)


def _graph_of_kb(args) -> int:
    import os

    from threadkb.kb import ClaimFilter, KnowledgeBase, NoMatch

    if not os.path.exists(args.db):
        print(f"threadkb: no knowledge base at {args.db} (build one with `threadkb ingest PATH`)", file=sys.stderr)
        return 2
    with KnowledgeBase(args.db) as kb:
        try:
            ex = kb.selection(ClaimFilter.from_args(args))
        except NoMatch as exc:
            print(f"threadkb: {exc}", file=sys.stderr)
            return 1
    out = Path(args.output) if args.output else default_path(args.db, args.format)
    write(ex, args.format, out)
    threads = len({m.source for m in ex.thread.messages})
    print(f"{out}: {len(ex.claims)} claims, {len(ex.relations)} relations, {len(ex.thread.messages)} messages"
          f" in {threads} threads")
    return 0
