"""The thread-level citation steps (the thread's document for a bare number, the subject's section) read the
pattern table the pipeline's citation component was configured with, not the shipped one."""
from __future__ import annotations

from datetime import datetime

import pytest
import spacy

from threadkb import tables
from threadkb.extract import extract
from threadkb.extract.nlp import get_nlp
from threadkb.models import Message, TextLine, Thread

SHIPPED = "citation_patterns.json"


def _swapped(table: dict, document: str) -> dict:
    """The table with every thread row (list name / subject) pointing at ``document`` and it as the default."""
    rows = table["thread_documents"]
    return {**table, "default_document": document,
            "thread_documents": {**rows, "rows": [{**r, "document": document} for r in rows["rows"]],
                                 "subject_rows": [{**r, "document": document} for r in rows["subject_rows"]]}}


@pytest.fixture
def csbr_table(monkeypatch) -> str:
    """A table named "csbr_home.json": the shipped one, but its thread rows and default say CSBR."""
    loaded = tables._loaded

    def patched(name: str) -> tables.Table:
        if name == "csbr_home.json":
            shipped = loaded(SHIPPED)
            return tables.Table(_swapped(shipped.data, "CSBR"), _swapped(shipped.patterns, "CSBR"))
        return loaded(name)

    monkeypatch.setattr(tables, "_loaded", patched)
    return "csbr_home.json"


def _pipeline(table: str):
    config = get_nlp().config.copy()
    config["components"]["threadkb_citations"]["table"] = table
    return spacy.util.load_model_from_config(config, auto_fill=True)


def _thread(text: str, list_name: str | None, subject: str | None = None) -> Thread:
    lines = [TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))]
    msg = Message(key="m1", source="f.txt", lines=lines, date=datetime(2025, 4, 7))
    return Thread(source="f.txt", messages=[msg], assignments=[], subject=subject, list_name=list_name)


@pytest.mark.parametrize("text,list_name,subject", [
    ("In 7.2.2, I might be able to edit the description.", "servercert-wg", None),  # the list's document
    ("In 7.2.2, I might be able to edit the description.", None, None),  # the default document
    ("I have a draft of subsection 2 that I'm working on.", None, "Update Section 4.9.1.1 on revocation"),
])
def test_the_configured_table_decides_the_thread_document(csbr_table, text, list_name, subject):
    thread = _thread(text, list_name, subject)
    shipped = extract([thread], cache={}, nlp=_pipeline(SHIPPED))[0]
    configured = extract([thread], cache={}, nlp=_pipeline(csbr_table))[0]
    assert [c.document for c in shipped.citations] == ["BR"]
    assert [c.document for c in configured.citations] == ["CSBR"]
    assert [c.section for c in configured.citations] == [c.section for c in shipped.citations]
