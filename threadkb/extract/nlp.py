"""The threadkb spaCy pipeline: ``spacy.blank("en")`` + sentencizer + the registered threadkb components.

No statistical model is needed. Components follow spaCy's SpanRuler shape (``match`` then
``set_annotations``) and write ``doc.spans["citations"]``, ``["apis"]``, ``["entities"]``; the claims
component (``threadkb.extract.claims``, another module) is added when its factory is registered.
"""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Span

from threadkb.extract.citations import CitationTagger
from threadkb.extract.entities import ApiTagger, EntityTagger

log = logging.getLogger(__name__)

for _ext in ("citation", "api", "entity"):
    if not Span.has_extension(_ext):
        Span.set_extension(_ext, default=None)


@Language.factory("threadkb_citations")
def make_citations(nlp: Language, name: str) -> CitationTagger:
    return CitationTagger(nlp, name)


@Language.factory("threadkb_apis")
def make_apis(nlp: Language, name: str) -> ApiTagger:
    return ApiTagger(nlp, name)


@Language.factory("threadkb_entities")
def make_entities(nlp: Language, name: str) -> EntityTagger:
    return EntityTagger(nlp, name)


def _claims_registered() -> bool:
    """Import the claims module for its factory registration only; absent or broken -> no claims pipe."""
    try:
        importlib.import_module("threadkb.extract.claims")
    except Exception as exc:  # noqa: BLE001 - another engineer's module; the pipeline works without it
        log.warning("threadkb: warning: no claims are extracted: the claims component cannot be loaded (%s: %s)",
                    type(exc).__name__, exc, exc_info=True)
        return False
    return Language.has_factory("threadkb_claims")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in ("threadkb_citations", "threadkb_apis", "threadkb_entities"):
        nlp.add_pipe(name)
    if _claims_registered():
        nlp.add_pipe("threadkb_claims")
    return nlp

