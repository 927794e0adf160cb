"""How message texts become spaCy Docs, and what a Doc made here carries.

``doc.user_data``: ``message`` (the Message), ``thread`` (the Thread), ``document_quote`` (the
DocumentQuote whose text this is, or None for the message's own text: citations count in both,
claims only in own text), ``owner`` (index of the thread in the batch) and ``text`` (the text the
Doc was made from).
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from threadkb.models import Thread

MAX_CHARS = 500_000  # longer texts (hostile input) are analysed in part, with a warning


def make_docs(nlp: Language, threads: list[Thread]) -> Iterator[Doc]:
    """One Doc per message text and per document quote, lazily (``nlp.pipe`` streams them)."""
    for i, thread in enumerate(threads):
        for m in thread.messages:
            pieces = [(m.text, None)] + [(dq.text, dq) for dq in m.document_quotes]
            for text, dq in pieces:
                if len(text) > MAX_CHARS:
                    thread.warnings.append(f"message {m.key}: only the first {MAX_CHARS:,} of {len(text):,} "
                                           "characters were analysed")
                    text = text[:MAX_CHARS]
                doc = nlp.make_doc(text)
                doc.user_data.update({"message": m, "thread": thread, "document_quote": dq, "owner": i,
                                      "text": text})
                yield doc


def doc_text(doc: Doc) -> str:
    """The Doc's text without rebuilding it from its tokens (``Doc.text`` walks every token)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text
