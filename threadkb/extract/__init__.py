"""Extract stage: Thread -> Extraction, through one spaCy pipeline run with ``nlp.pipe`` over a batch.

Each message's own text (and each document quote it makes) becomes a Doc; the registered threadkb
components (see ``threadkb.extract.nlp``) put their results on ``doc.spans``; the ``collect``
functions of each module turn those spans into dataclasses with source spans.

Contract of a Doc made here: ``doc.user_data["message"]`` is the Message, ``["thread"]`` the Thread,
``["document_quote"]`` the DocumentQuote or None (text quoted from a policy: citations count, claims don't).
"""
from __future__ import annotations

from threadkb.models import Extraction, Thread

MAX_CHARS = 500_000  # longer texts (hostile input) are analysed in part, with a warning


def extract(threads: list[Thread]) -> list[Extraction]:
    """Run the pipeline over every message of every thread (one ``nlp.pipe`` pass)."""
    from threadkb.extract import citations, claims, entities
    from threadkb.extract.nlp import get_nlp

    nlp = get_nlp()
    results = [Extraction(thread=t) for t in threads]

    def docs():
        for i, thread in enumerate(threads):
            for m in thread.messages:
                pieces = [(m.text, None)] + [(dq.text, dq) for dq in m.document_quotes]
                for text, dq in pieces:
                    if len(text) > MAX_CHARS:
                        thread.warnings.append(f"message {m.key}: only the first {MAX_CHARS:,} of {len(text):,} "
                                               "characters were analysed")
                        text = text[:MAX_CHARS]
                    doc = nlp.make_doc(text)
                    doc.user_data.update({"message": m, "thread": thread, "document_quote": dq, "owner": i})
                    yield doc

    for doc in nlp.pipe(docs(), batch_size=64):
        ex = results[doc.user_data["owner"]]
        ex.citations.extend(citations.collect(doc))
        ex.apis.extend(entities.collect_apis(doc))
        ex.entities.extend(entities.collect(doc))
        if doc.user_data["document_quote"] is None:
            ex.claims.extend(claims.collect(doc))
    for ex in results:
        citations.resolve_context(ex)
        claims.finalize(ex)
    return results
