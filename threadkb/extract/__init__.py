"""Extract stage: Thread -> Extraction, through one spaCy pipeline run with ``nlp.pipe`` over a batch.

Each message's own text (and each document quote it makes) becomes a Doc; the registered threadkb
components (see ``threadkb.extract.nlp``) put their results on ``doc.spans``; the ``collect``
functions of each module turn those spans into dataclasses with source spans.

What a Doc carries: see ``threadkb.extract.docs``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from threadkb.models import Extraction, Thread

if TYPE_CHECKING:
    from spacy.language import Language


def extract(threads: list[Thread], cache: dict | None = None, nlp: Language | None = None) -> list[Extraction]:
    """Run the pipeline over every message of every thread (one ``nlp.pipe`` pass).

    ``cache``: content-addressed results (a text seen twice is analysed once); default: the process's
    cache, shared by the batches of an archive (``threadkb.extract.docs.shared_cache``). ``nlp``: the
    pipeline (default ``get_nlp()``); the thread-level steps read the tables its components were configured
    with."""
    from threadkb.extract import citations, claims, entities
    from threadkb.extract.docs import make_docs, shared_cache
    from threadkb.extract.nlp import get_nlp

    nlp = nlp or get_nlp()
    tagger = nlp.get_pipe("threadkb_citations") if "threadkb_citations" in nlp.pipe_names else None
    table = tagger.table if isinstance(tagger, citations.CitationTagger) else None
    results = [Extraction(thread=t) for t in threads]
    if cache is None:
        cache = shared_cache()

    for doc in nlp.pipe(make_docs(nlp, threads, cache), batch_size=64):
        ex = results[doc.user_data["owner"]]
        ex.citations.extend(citations.collect(doc))
        ex.apis.extend(entities.collect_apis(doc))
        ex.entities.extend(entities.collect(doc))
        if doc.user_data["document_quote"] is None:
            ex.claims.extend(claims.collect(doc))
    for ex in results:
        citations.resolve_context(ex, table)
        claims.finalize(ex)
        claims.message_facts(ex)
    return results
