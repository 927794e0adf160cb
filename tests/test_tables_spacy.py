"""The threadkb spaCy components take their tables through the config, as spaCy's SpanRuler takes its
patterns: ``nlp.config`` describes the pipeline and rebuilds it, and a component reads the table its
config names (threadkb/extract/nlp.py)."""
from __future__ import annotations

import spacy

from threadkb import tables
from threadkb.extract.nlp import get_nlp

TEXT = ("SHECA will revoke the certificates at https://example.com/x within five days, as BR 4.9.1.1 item 4 "
        "requires. Please publish the /api/v1/order endpoint list.")
EXPECTED = {
    "citations": [("BR 4.9.1.1 item 4", "BR")],
    "apis": [("/api/v1/order", "API")],
    "entities": [("SHECA", "ORG"), ("https://example.com/x", "URL"), ("within five days", "DEADLINE")],
    "claims": [(TEXT.split(" Please")[0], "commitment"), ("Please publish the /api/v1/order endpoint list.",
                                                          "request")],  # claim_features.json request_rules
}


def spans(doc) -> dict:
    return {k: [(s.text, s.label_) for s in doc.spans[k]] for k in doc.spans}


def test_the_config_names_each_components_tables():
    cfg = get_nlp().config
    assert cfg["nlp"]["pipeline"] == ["sentencizer", "threadkb_citations", "threadkb_apis", "threadkb_entities",
                                      "threadkb_claims"]
    assert cfg["components"]["threadkb_citations"] == {"factory": "threadkb_citations",
                                                       "table": "citation_patterns.json", "spans_key": "citations"}
    for name in ("threadkb_apis", "threadkb_entities"):
        assert cfg["components"][name] == {"factory": name, "table": "entity_patterns.json", "orgs": "orgs.json"}


def test_the_pipeline_is_rebuilt_from_its_config():
    nlp = get_nlp()
    again = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    assert again.pipe_names == nlp.pipe_names
    assert again.config == nlp.config
    assert spans(nlp(TEXT)) == spans(again(TEXT)) == EXPECTED


def test_the_pipeline_round_trips_through_disk(tmp_path):
    get_nlp().to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.config == get_nlp().config
    assert spans(loaded(TEXT)) == EXPECTED


def _urls_only(monkeypatch) -> list[str]:
    """A table named "urls_only.json": the shipped entity table with its URL rows only (organisations come from
    orgs.json, deadlines and durations from rows this table lacks)."""
    loaded, asked = tables._loaded, []

    def urls_only(table):
        return {**table, "entities": [r for r in table["entities"] if r["label"] == "URL"]}

    def patched(name: str) -> tables.Table:
        asked.append(name)
        if name == "urls_only.json":
            shipped = loaded("entity_patterns.json")
            return tables.Table(urls_only(shipped.data), urls_only(shipped.patterns))
        return loaded(name)

    monkeypatch.setattr(tables, "_loaded", patched)
    return asked


def test_a_component_reads_the_table_its_config_names(monkeypatch):
    asked = _urls_only(monkeypatch)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("threadkb_entities", config={"table": "urls_only.json"})
    assert "urls_only.json" in asked
    assert nlp.config["components"]["threadkb_entities"]["table"] == "urls_only.json"
    assert spans(nlp(TEXT))["entities"] == [("SHECA", "ORG"), ("https://example.com/x", "URL")]
    rebuilt = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    assert spans(rebuilt(TEXT))["entities"] == [("SHECA", "ORG"), ("https://example.com/x", "URL")]


def test_initialize_reads_another_table(monkeypatch):
    _urls_only(monkeypatch)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    tagger = nlp.add_pipe("threadkb_entities")
    assert spans(nlp(TEXT))["entities"] == EXPECTED["entities"]
    tagger.initialize(table="urls_only.json")
    assert tagger.table_names == ("urls_only.json", "orgs.json")
    assert spans(nlp(TEXT))["entities"] == [("SHECA", "ORG"), ("https://example.com/x", "URL")]
