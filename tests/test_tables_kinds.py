"""One table of claim and relation kinds (threadkb/data/claim_kinds.json): adding a kind is one row.

Before, the kinds were listed in nine places: a kind missing from the AIF exporter raised KeyError, one
missing from the report's headings vanished from the report, the SQLite CHECK refused it. Here a
hypothetical kind ("allegation") is added to the table only, and it must flow through the model, the
report (heading, colour, legend), the exports (AIF, GraphML, JSON), the knowledge base and the CLI.
"""
from __future__ import annotations

import io
import json
from dataclasses import replace

import networkx as nx
import pytest

from test_report import AS_OF, reference_extraction
from threadkb import cli, export, kinds, store, tables
from threadkb.kb import ClaimFilter, KnowledgeBase
from threadkb.link import build_graph
from threadkb.models import ClaimKind, RelationKind
from threadkb.report.html_page import kind_css, legend, render_html
from threadkb.report.markdown import render_markdown
from threadkb.report.model import kind_headings

NEW = {"name": "allegation", "heading": "Allegations", "order": 7, "asks": False,
       "colour": {"background": "#fde2c4", "border": "#b35900"}, "legend": "allegation", "aif": "Asserting",
       "description": "the speaker accuses someone of a fault (hypothetical kind of this test)"}


def _clear() -> None:
    kinds.claim_kinds.cache_clear()
    kinds.relation_kinds.cache_clear()
    ClaimKind._value2member_map_.pop(NEW["name"], None)


@pytest.fixture
def allegation(monkeypatch):
    """The table with one more row (nothing else changed)."""
    load = tables.load

    def patched(name: str):
        data = load(name)
        if name == kinds.TABLE:
            data["claims"].append(dict(NEW))
        return data

    monkeypatch.setattr(tables, "load", patched)
    _clear()
    yield ClaimKind(NEW["name"])
    monkeypatch.undo()
    _clear()


def test_the_table_and_the_model_agree():
    names = kinds.claim_kind_names()
    assert names == ["assertion", "admission", "commitment", "question", "request", "denial"]
    assert [k.value for k in ClaimKind] == names  # the members some rule names are rows, in the model's order
    assert [k.value for k in RelationKind] == [k.name for k in kinds.relation_kinds()]
    assert [h for _, h in kind_headings()] == ["Assertions", "Denials", "Admissions", "Commitments", "Questions",
                                              "Requests"]
    assert kinds.asking_kinds() == ["question", "request"]
    with pytest.raises(ValueError):
        ClaimKind("allegation")  # not a row: not a kind
    with pytest.raises(KeyError, match="unknown claim kind 'x' \\(one of assertion, admission"):
        kinds.claim_kind("x")


def test_the_report_colours_and_legend_come_from_the_table():
    css = kind_css()
    assert "mark.claim.k-admission { background: #ffd8d8; border-color: #c0392b; }" in css
    assert "mark.claim.k-request { background: #e2ecfb; border-color: #1f5fa8; }" in css
    assert [e[2] for e in legend()][:5] == ["assertion", "denial", "admission", "commitment", "question or request"]


def _with_allegation(kind: ClaimKind):
    ex = reference_extraction()
    target = next(c for c in ex.claims if c.kind is ClaimKind.ASSERTION and c.speaker == "Matt Palmer")
    ex.claims = [replace(c, kind=kind) if c is target else c for c in ex.claims]
    return ex, target


def test_a_new_row_is_a_kind(allegation):
    assert allegation.value == "allegation" and ClaimKind("allegation") is allegation
    assert "allegation" in kinds.claim_kind_names()
    assert [h for _, h in kind_headings()][-2:] == ["Requests", "Allegations"]  # its order: 7


def test_a_new_kind_flows_through_the_report(allegation):
    ex, target = _with_allegation(allegation)
    md = render_markdown(ex, AS_OF)
    assert "**Allegations**" in md
    section = md.split("**Allegations**", 1)[1]
    assert target.text.split("\n")[0][:40] in section.split("**", 1)[0].replace("\n", " ")
    page = render_html(ex, AS_OF)
    assert "<h4>Allegations</h4>" in page
    assert "mark.claim.k-allegation { background: #fde2c4; border-color: #b35900; }" in page
    assert '<mark class="claim k-allegation">allegation</mark>' in page
    assert 'class="claim k-allegation"' in page.split('<section id="messages">', 1)[1]


def test_a_new_kind_flows_through_the_exports(allegation):
    ex, target = _with_allegation(allegation)
    doc = export.aif(ex)
    assert not export.check_aif(doc)
    i_node = next(n for n in doc["nodes"] if n["type"] == "I" and n.get("claimID") == target.id)
    ya = {e["fromID"] for e in doc["edges"] if e["toID"] == i_node["nodeID"]}
    assert [n["text"] for n in doc["nodes"] if n["nodeID"] in ya and n["type"] == "YA"] == ["Asserting"]
    g = build_graph(ex)
    assert g.nodes[f"claim:{target.id}"]["claim_kind"] == "allegation"
    buf = io.BytesIO()
    nx.write_graphml(export.flatten(g), buf)
    assert b">allegation<" in buf.getvalue()
    assert json.loads(json.dumps(export.node_link(g), default=str))


def test_a_new_kind_flows_through_the_knowledge_base(allegation, tmp_path, capsys):
    ex, target = _with_allegation(allegation)
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase(db) as kb:
        kb.add(ex, "corpora/mdsp-2025-10-sheca-api-keys.txt")
        rows = kb.claims(ClaimFilter(kind="allegation"))
        assert [r.text for r in rows] == [target.text]
        back = kb.selection(ClaimFilter(kind="allegation"))
        assert [c.kind for c in back.claims if c.text == target.text] == [allegation]
    assert cli.main(["query", "claims", "--db", str(db), "--kind", "allegation", "--format", "jsonl"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["kind"] for o in out] == ["allegation"]


def test_an_old_database_accepts_a_new_kind(allegation, tmp_path):
    """A database created before schema version 5 had a CHECK list of the six kinds: migration 5 drops it."""
    import sqlite3
    db = tmp_path / "old.sqlite"
    with KnowledgeBase(db) as kb:
        kb.db.execute("DELETE FROM schema_version WHERE version = 5")
        kb.db.execute("PRAGMA writable_schema = ON")
        sql = kb.db.execute("SELECT sql FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
        old = sql.replace("kind            TEXT NOT NULL,", "kind            TEXT NOT NULL CHECK (kind IN\n"
                          "                        ('assertion', 'admission', 'commitment', 'question', 'request',"
                          " 'denial')),")
        assert old != sql
        kb.db.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'claims'", (old,))
        kb.db.execute("PRAGMA writable_schema = OFF")
    with sqlite3.connect(db) as raw:  # the old definition is back: the new kind is refused
        assert "CHECK (kind IN" in raw.execute("SELECT sql FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    ex, target = _with_allegation(allegation)
    with KnowledgeBase(db) as kb:  # opening it applies migrations 5 (kinds) and 6 (deadlines)
        assert kb.schema_version() == store.SCHEMA_VERSION
        kb.add(ex, "corpora/mdsp-2025-10-sheca-api-keys.txt")
        assert [r.text for r in kb.claims(ClaimFilter(kind="allegation"))] == [target.text]
        assert kb.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_unknown_kind_is_refused_by_the_query():
    from threadkb.kb import KBError
    with KnowledgeBase(":memory:") as kb:
        with pytest.raises(KBError, match="unknown kind 'allegation'"):
            kb.claims(ClaimFilter(kind="allegation"))
