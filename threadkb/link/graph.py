"""The graph a reviewer reads: messages, speakers, organisations, claims, policy sections and APIs, with the
evidence of every edge in words."""
from __future__ import annotations

from functools import partial

import networkx as nx

from threadkb.extract.resolve import version_order
from threadkb.models import Extraction, SourceSpan


def build_graph(extraction: Extraction) -> nx.MultiDiGraph:
    """Messages, speakers, organisations, claims, policy sections and APIs, with evidence on every edge."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph(source=extraction.thread.source, subject=extraction.thread.subject or "")
    thread = extraction.thread

    def node(nid: str, kind: str, label: str, **attrs) -> str:
        if nid not in g:
            g.add_node(nid, kind=kind, label=label, **attrs)
        return nid

    def edge(a: str, b: str, kind: str, evidence: str, **attrs) -> None:
        g.add_edge(a, b, key=f"{kind}:{g.number_of_edges(a, b)}", kind=kind, evidence=evidence, **attrs)

    def speaks(nid: str, speaker: str | None, org: str | None, said: str, behalf: str) -> None:
        """The speaker who authored a message or claim, and the organisation it speaks for."""
        if speaker:
            edge(node(f"speaker:{speaker}", "speaker", speaker), nid, "authored", said)
        if org:
            edge(nid, node(f"org:{org}", "organisation", org), "mentions", behalf)

    for m in thread.messages:
        mid = node(f"message:{m.key}", "message", m.key, author=m.author or "",
                   date=m.date.isoformat() if m.date else "", span=str(m.span or ""),
                   **{h: [str(a) for a in m.addressees if a.header == h] for h in ("to", "cc")})
        speaks(mid, m.author, m.on_behalf_of, f"author of {m.key} per {m.origin or 'the parser'}",
               f"{m.key} speaks on behalf of {m.on_behalf_of}")
    for m in thread.messages:
        if m.in_reply_to and f"message:{m.in_reply_to}" in g:
            edge(f"message:{m.key}", f"message:{m.in_reply_to}", "replies_to", f"{m.key} replies to {m.in_reply_to}")
        for q in m.quotes:
            if q.message and f"message:{q.message}" in g:
                where = SourceSpan(q.file or m.source, q.lines[0] + 1, q.lines[1])
                edge(f"message:{m.key}", f"message:{q.message}", "quotes",
                     f"{m.key} quotes {where if q.file else f'lines {where.line}-{where.line_end}'} of {q.message}"
                     + (f", answered by lines {q.answered_by[0] + 1}-{q.answered_by[1]}" if q.answered_by else ""),
                     span=str(where), of_parent=q.message == m.in_reply_to)
    in_force: dict[tuple[str, str], str] = {}  # (message, section node) -> the version in force on its date
    documents: dict[str, str] = {}  # section node -> its document
    for ct in extraction.citations:
        sid = node(f"section:{ct.document}:{ct.section}", "section", f"{ct.document} {ct.section}",
                   title=ct.title or "", version="")
        documents[sid] = ct.document
        in_force.setdefault((ct.message, sid), ct.version or "")
        edge(f"message:{ct.message}", sid, "cites",
             f"«{ct.text}» at {ct.span or ct.message}" + (f" (item {ct.item})" if ct.item is not None else "")
             + (f" rule {ct.rule}" if ct.rule else ""), item="" if ct.item is None else str(ct.item),
             version=ct.version or "")
    versions: dict[str, set[str]] = {}  # section node -> every version its citations fall under (several dates)
    for (_, sid), v in in_force.items():
        versions.setdefault(sid, set()).update((v,) if v else ())
    for sid, vs in versions.items():
        g.nodes[sid]["version"] = "; ".join(sorted(vs, key=partial(version_order, documents[sid])))
    for api in extraction.apis:
        edge(f"message:{api.message}", node(f"api:{api.path}", "api", api.path), "mentions",
             f"API path named at {api.span or api.message}")
    for e in extraction.entities:
        if e.label == "ORG":
            edge(f"message:{e.message}", node(f"org:{e.norm}", "organisation", e.norm), "mentions",
                 f"«{e.text}» at {e.span or e.message}")
    for c in extraction.claims:
        cid = node(f"claim:{c.id}", "claim", c.text, claim_kind=c.kind.value, speaker=c.speaker or "",
                   message=c.message, cue=c.cue, on_behalf_of=c.on_behalf_of or "",
                   deadline=c.deadline.isoformat() if c.deadline else "", reported=c.reported,
                   span=str(c.span or ""), citations=list(c.citations))
        edge(f"message:{c.message}", cid, "contains", f"claim at {c.span or c.message}")
        speaks(cid, c.speaker, c.on_behalf_of,
               f"{'reported speech of' if c.reported else 'said by'} {c.speaker}; cue: {c.cue}",
               f"on behalf of {c.on_behalf_of}; cue: {c.cue}")
        for cit in c.citations:
            parts = cit.split(":")
            if len(parts) > 1:
                sid = node(f"section:{parts[0]}:{parts[1]}", "section", f"{parts[0]} {parts[1]}")
                edge(cid, sid, "cites", f"claim cites {cit}", item=parts[2] if len(parts) > 2 else "",
                     version=in_force.get((c.message, sid), ""))
        for path in c.apis:
            edge(cid, node(f"api:{path}", "api", path), "mentions", "API path inside the claim")
    for r in extraction.relations:
        a, b = f"claim:{r.source}", f"claim:{r.target}"
        if a in g and b in g:
            edge(a, b, r.kind.value, "; ".join(r.evidence) or r.kind.value, score=r.score)
    return g

