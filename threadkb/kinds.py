"""The kinds of claims and relations (``threadkb/data/claim_kinds.json``) as typed rows.

Everything that lists or describes kinds reads these rows: the model's ``ClaimKind`` accepts every
name of the table, the knowledge base checks ``--kind`` against it and finds the kinds that expect an
answer in it, the report takes its headings, order, colours and legend from it, the AIF export its
illocutions and schemes. Rules about one particular kind (an admission concedes the point, a
commitment has a deadline) stay with the stage that applies them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from threadkb import tables

TABLE = "claim_kinds.json"


@dataclass(frozen=True)
class ClaimKindRow:
    name: str  # the value stored (Claim.kind, claims.kind in SQLite, spaCy span label)
    heading: str  # plural heading of the report
    order: int  # position in the report's reading order
    asks: bool  # expects an answer (unanswered questions and requests)
    background: str  # highlight colour in the HTML report
    border: str
    legend: str | None  # its entry in the report's legend (None: shares another kind's entry)
    aif: str  # AIF illocution of its YA node
    description: str
    deadline: bool = False  # its claims may carry a deadline ("within five days", an action item's due date)


@dataclass(frozen=True)
class RelationKindRow:
    name: str
    aif_node: str  # AIF scheme node type (CA, RA, MA)
    aif_scheme: str
    aif_illocution: str
    description: str


@lru_cache(maxsize=1)
def claim_kinds() -> tuple[ClaimKindRow, ...]:
    """Every claim kind, in table order (the order of the learned model's classes)."""
    return tuple(ClaimKindRow(r["name"], r["heading"], r["order"], r["asks"], r["colour"]["background"],
                              r["colour"]["border"], r["legend"], r["aif"], r["description"], r.get("deadline", False))
                 for r in tables.load(TABLE)["claims"])


@lru_cache(maxsize=1)
def relation_kinds() -> tuple[RelationKindRow, ...]:
    return tuple(RelationKindRow(r["name"], r["aif"]["node"], r["aif"]["scheme"], r["aif"]["illocution"],
                                 r["description"])
                 for r in tables.load(TABLE)["relations"])


def claim_kind_names() -> list[str]:
    return [k.name for k in claim_kinds()]


def deadline_kind_names() -> list[str]:
    """The kinds whose claims may carry a deadline (``"deadline": true`` rows), in table order."""
    return [k.name for k in claim_kinds() if k.deadline]


def claim_kind(name: str) -> ClaimKindRow:
    """The row of one claim kind (``KeyError`` names the kinds known)."""
    for k in claim_kinds():
        if k.name == name:
            return k
    raise KeyError(f"unknown claim kind {name!r} (one of {', '.join(claim_kind_names())})")


def relation_kind(name: str) -> RelationKindRow:
    for k in relation_kinds():
        if k.name == name:
            return k
    raise KeyError(f"unknown relation kind {name!r}")


def reading_order() -> list[ClaimKindRow]:
    """The claim kinds in the order a reviewer reads them (the report's sections)."""
    return sorted(claim_kinds(), key=lambda k: k.order)


def asking_kinds() -> list[str]:
    """The kinds that expect an answer (questions, requests)."""
    return [k.name for k in claim_kinds() if k.asks]
