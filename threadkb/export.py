"""Export the claim graph: node-link JSON, GraphML, GEXF, Cytoscape JSON and AIF-JSON.

Each format is one ``Exporter`` in ``EXPORTERS`` (name, file suffix, description, writer), registered by the
``@exporter`` decorator on its writer; ``threadkb graph --format`` offers exactly these. Adding a format is
one decorated function. networkx is imported by the writers that use it (the CLI reads the registry at start).

GraphML and GEXF writers of networkx reject list / dict / None attribute values: ``flatten`` turns
them into strings first. AIF-JSON follows the AIFdb / OVA layout: I-nodes (claims as propositions),
L-nodes (locutions "Speaker : text") anchored to their I-node by a YA node (illocutionary force),
CA nodes for rebuttals, RA nodes for support, MA nodes ("Default Rephrase": Inference Anchoring Theory's
answer to a question, which rephrases the question's content) for answers, and TA nodes (transitions) from the
locution that is answered to the locution answering it, anchoring the YA of that S-node. Every relation is one
S-node (CA, RA, MA: the ``aif`` column of claim_kinds.json's relations) from the source's I-node to the target's.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from threadkb import kinds
from threadkb.models import Extraction
from threadkb.outfiles import write_bytes, write_text

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class Exporter:
    """One graph file format: ``write(extraction, path)`` writes the graph of one extraction to ``path``."""

    name: str  # the value of --format
    suffix: str  # file suffix of the default output path, without the dot
    description: str
    write: Callable[[Extraction, Path], None]


EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str, suffix: str, description: str) -> Callable:
    """Register the decorated ``write(extraction, path)`` as the exporter of format ``name``."""

    def register(write: Callable[[Extraction, Path], None]) -> Callable[[Extraction, Path], None]:
        if name in EXPORTERS:
            raise ValueError(f"export format {name!r} registered twice")
        EXPORTERS[name] = Exporter(name, suffix, description, write)
        return write

    return register


# what XML 1.0 cannot hold (its production Char): C0 controls but tab and line breaks, surrogates, U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold written as "⟨U+XXXX⟩" (as the report shows invisible ones): a
    sender's or addressee's name with a control character leaves GraphML and GEXF well-formed."""
    return _NOT_XML.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", text)


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are all str / int / float / bool (lists joined by "; "), its strings such as
    XML holds (``xml_text``)."""
    import networkx as nx

    def plain(v):
        if v is None:
            return ""
        if isinstance(v, (list, tuple, set)):
            return xml_text("; ".join(str(x) for x in v))
        if isinstance(v, dict):
            return xml_text(json.dumps(v, ensure_ascii=False, default=str))
        if isinstance(v, str):
            return xml_text(v)
        if isinstance(v, (int, float, bool)):
            return v
        return xml_text(str(v))

    h: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    h.graph.update({k: plain(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        h.add_node(plain(n), **{k: plain(v) for k, v in d.items()})  # an id holds a name: "speaker:…"
    for a, b, k, d in g.edges(keys=True, data=True):
        h.add_edge(plain(a), plain(b), key=plain(k), **{kk: plain(v) for kk, v in d.items()})
    return h


def node_link(g: nx.MultiDiGraph) -> dict:
    import networkx as nx

    return nx.node_link_data(g, edges="links")


def cytoscape(g: nx.MultiDiGraph) -> dict:
    import networkx as nx

    data = nx.cytoscape_data(g)
    for el in data["elements"]["edges"]:  # keep the multigraph key so the edge round-trips
        el["data"].setdefault("key", el["data"].get("key"))
    return data


# --------------------------------------------------------------------------- AIF

# The illocution of each claim kind and the scheme of each relation kind: columns of claim_kinds.json.


def aif(extraction: Extraction) -> dict:
    """AIF-JSON (AIFdb / OVA layout) of the claims and relations of one thread."""
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    people: dict[str, int] = {}
    dates = {m.key: aif_time(m.date) for m in extraction.thread.messages}

    def add(kind: str, text: str, **extra) -> str:
        nid = str(len(nodes) + 1)
        nodes.append({"nodeID": nid, "text": text, "type": kind, **extra})
        return nid

    def link(a: str, b: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": a, "toID": b, "formEdgeID": None})

    i_node, l_node = {}, {}
    for c in extraction.claims:
        who = c.speaker or "unknown"
        pid = people.setdefault(who, len(people) + 1)
        when = dates.get(c.message, {})
        i_node[c.id] = add("I", c.text, claimID=c.id)
        l_node[c.id] = add("L", f"{who} : {c.text}", **{k: v for k, v in when.items() if k == "timestamp"},
                           claimID=c.id)
        locutions.append({"nodeID": l_node[c.id], "personID": pid, **when,
                          "start": None, "end": None, "source": str(c.span or c.message)})
        ya = add("YA", "Asserting" if c.reported else kinds.claim_kind(c.kind.value).aif)
        link(l_node[c.id], ya)
        link(ya, i_node[c.id])
    for r in extraction.relations:
        if r.source not in i_node or r.target not in i_node:
            continue
        ta = add("TA", "Default Transition", evidence="; ".join(r.evidence))
        link(l_node[r.target], ta)
        link(ta, l_node[r.source])
        rel = kinds.relation_kind(r.kind.value)
        scheme_type, scheme = rel.aif_node, rel.aif_scheme
        ya = add("YA", rel.aif_illocution)
        link(ta, ya)
        s = add(scheme_type, scheme, relation=r.kind.value)
        link(i_node[r.source], s)
        link(s, i_node[r.target])
        link(ya, s)
    participants = [{"participantID": pid, "firstname": (name.split(" ", 1) + [""])[0],
                     "surname": (name.split(" ", 1) + [""])[1]} for name, pid in people.items()]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants,
            "schemefulfillments": [], "descriptorfulfillments": [], "cqdescriptorfulfillments": [],
            "edgesCQ": [], "AIF": {"source": extraction.thread.source}}


AIF_TIME = "%Y-%m-%d %H:%M:%S"  # AIFdb's timestamps ("2016-10-27 16:32:51"), what AIF readers parse


def aif_time(when: date | datetime | None) -> dict[str, str]:
    """The AIF time fields of a message date. ``timestamp`` in AIFdb's form, in UTC when the zone is known (then
    ``utcOffset`` keeps the author's offset, "+08:00"), as written when it is not; a day without a time only as
    ``day``; nothing when unknown (AIF readers take a missing timestamp as unknown; "" or an ISO string with a "T"
    and an offset is not their form)."""
    if isinstance(when, datetime):
        if when.tzinfo is None or when.utcoffset() is None:
            return {"timestamp": when.strftime(AIF_TIME)}
        offset = when.strftime("%z")
        return {"timestamp": when.astimezone(timezone.utc).strftime(AIF_TIME), "utcOffset": f"{offset[:3]}:{offset[3:5]}"}
    if isinstance(when, date):
        return {"day": when.isoformat()}
    return {}


S_NODES = ("CA", "RA", "MA")  # AIF's scheme nodes: conflict, inference, rephrase


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
        if n["type"] in S_NODES:
            ins = [e for e in data["edges"] if e["toID"] == n["nodeID"] and types[e["fromID"]] == "I"]
            outs = [e for e in data["edges"] if e["fromID"] == n["nodeID"] and types[e["toID"]] == "I"]
            if not ins or not outs:
                problems.append(f"{n['type']} node {n['nodeID']} does not join two I-nodes")
    for e in data.get("edges", []):  # a transition's illocution anchors a relation: an S-node, never an I-node alone
        if types.get(e["fromID"]) == "TA" and types.get(e["toID"]) == "YA":
            anchored = [types.get(f["toID"]) for f in data["edges"] if f["fromID"] == e["toID"]]
            if not anchored or any(t not in S_NODES for t in anchored):
                problems.append(f"YA node {e['toID']} of a transition anchors no S-node (a relation without one)")
    return problems


# --------------------------------------------------------------------------- writers


def _json(path: Path, data: dict) -> None:
    write_text(path, json.dumps(data, ensure_ascii=False, indent=1, default=str))


def _graph(extraction: Extraction) -> nx.MultiDiGraph:
    from threadkb.link import build_graph

    return build_graph(extraction)


def _xml(extraction: Extraction, path: Path, writer: str) -> None:
    """GraphML / GEXF through networkx's writer of that name (they take no list attributes: ``flatten``)."""
    import networkx as nx

    buf = io.BytesIO()
    getattr(nx, writer)(flatten(_graph(extraction)), buf)
    write_bytes(path, buf.getvalue())


@exporter("json", "json", "node-link JSON (networkx), list attributes kept as lists")
def write_json(extraction: Extraction, path: Path) -> None:
    _json(path, node_link(_graph(extraction)))


@exporter("graphml", "graphml", "GraphML (Gephi, yEd, Cytoscape), list attributes joined by '; '")
def write_graphml(extraction: Extraction, path: Path) -> None:
    _xml(extraction, path, "write_graphml")


@exporter("gexf", "gexf", "GEXF (Gephi), list attributes joined by '; '")
def write_gexf(extraction: Extraction, path: Path) -> None:
    _xml(extraction, path, "write_gexf")


@exporter("cyjs", "cyjs", "Cytoscape.js JSON")
def write_cytoscape(extraction: Extraction, path: Path) -> None:
    _json(path, cytoscape(_graph(extraction)))


@exporter("aif", "aif.json", "AIF-JSON (AIFdb / OVA argument interchange format)")
def write_aif(extraction: Extraction, path: Path) -> None:
    write_text(path, json.dumps(aif(extraction), ensure_ascii=False, indent=1))


def write(extraction: Extraction, fmt: str, path: str | Path) -> Path:
    """Write the graph of one extraction in format ``fmt`` (a key of ``EXPORTERS``) to ``path``."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(EXPORTERS)})")
    path = Path(path)
    EXPORTERS[fmt].write(extraction, path)
    return path


def default_path(source: str, fmt: str) -> Path:
    """output/<stem>.<suffix> for the input ``source``."""
    stem = Path(source).name.rsplit(".", 1)[0]
    return Path("output") / f"{stem}.{EXPORTERS[fmt].suffix}"
