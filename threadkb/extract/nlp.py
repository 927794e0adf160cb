"""The threadkb spaCy pipeline: ``spacy.blank("en")`` + sentencizer + the registered threadkb components.

No statistical model is needed. Components follow spaCy's SpanRuler shape (``match`` then
``set_annotations``) and write ``doc.spans["citations"]``, ``["apis"]``, ``["entities"]``; the claims
component (``threadkb.extract.claims``, another module) is added when its factory is registered.
"""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Span

from threadkb.extract import citations, entities
from threadkb.extract.citations import CitationTagger
from threadkb.extract.entities import ApiTagger, EntityTagger

log = logging.getLogger(__name__)

for _ext in ("citation", "api", "entity"):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=None)


# As spaCy's own SpanRuler: each factory has a default_config naming what the component reads (here the
# data tables of threadkb/data, loaded and checked by threadkb.tables), so that ``nlp.config`` describes the
# whole pipeline and rebuilds it; ``initialize`` reads another table when [initialize.components] names one.
@Language.factory("threadkb_citations", default_config={"table": citations.PATTERNS_FILE,
                                                        "spans_key": citations.SPAN_KEY})
def make_citations(nlp: Language, name: str, table: str, spans_key: str) -> CitationTagger:
    return CitationTagger(nlp, name, table=table, spans_key=spans_key)


@Language.factory("threadkb_apis", default_config={"table": entities.PATTERNS_FILE, "orgs": entities.ORGS_FILE})
def make_apis(nlp: Language, name: str, table: str, orgs: str) -> ApiTagger:
    return ApiTagger(nlp, name, table=table, orgs=orgs)


@Language.factory("threadkb_entities", default_config={"table": entities.PATTERNS_FILE, "orgs": entities.ORGS_FILE})
def make_entities(nlp: Language, name: str, table: str, orgs: str) -> EntityTagger:
    return EntityTagger(nlp, name, table=table, orgs=orgs)


def _claims_registered() -> bool:
    """Import the claims module for its factory registration only; absent or broken -> no claims pipe."""
    try:
        importlib.import_module("threadkb.extract.claims")
    except Exception as exc:  # noqa: BLE001 - another engineer's module; the pipeline works without it
        log.warning("threadkb: warning: no claims are extracted: the claims component cannot be loaded (%s: %s)",
                    type(exc).__name__, exc, exc_info=True)
        return False
    return Language.has_factory("threadkb_claims")


# spaCy's tokenizer peels a long token one prefix or suffix at a time and searches the whole remaining token
# each time: a run of 40,000 '>' or ')' cost minutes (quadratic). Its prefix and suffix rules are anchored
# (``^…``, ``…$``) and short, so on a token longer than AFFIX_WINDOW only the first or last AFFIX_WINDOW
# characters are searched: the same affix wherever it is shorter than the window (every real one), linear
# time on a run of punctuation (which is then peeled in pieces of up to AFFIX_WINDOW characters).
AFFIX_WINDOW = 64


class _Windowed:
    """A tokenizer affix search that looks only at the first (prefix) or last (suffix) ``AFFIX_WINDOW``
    characters of a long token. Its ``search`` is a bound method whose object keeps the ``pattern``, as
    spaCy's serialisation of a tokenizer reads it (``nlp.to_disk`` keeps working)."""

    def __init__(self, search: Any, suffix: bool) -> None:
        self._search, self._suffix = search, suffix
        self.pattern = search.__self__.pattern

    def search(self, string: str) -> Any:
        if len(string) <= AFFIX_WINDOW:
            return self._search(string)
        return self._search(string[-AFFIX_WINDOW:] if self._suffix else string[:AFFIX_WINDOW])


def _windowed(search: Any, suffix: bool) -> Any:
    return _Windowed(search, suffix).search


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("en")
    tokenizer: Any = nlp.tokenizer  # spacy.blank's rule tokenizer (a compiled class without type information)
    tokenizer.prefix_search = _windowed(tokenizer.prefix_search, suffix=False)
    tokenizer.suffix_search = _windowed(tokenizer.suffix_search, suffix=True)
    nlp.add_pipe("sentencizer")
    for name in ("threadkb_citations", "threadkb_apis", "threadkb_entities"):
        nlp.add_pipe(name)
    if _claims_registered():
        nlp.add_pipe("threadkb_claims")
    return nlp

