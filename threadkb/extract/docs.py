"""How message texts become spaCy Docs, and what a Doc made here carries.

``doc.user_data``: ``message`` (the Message), ``thread`` (the Thread), ``document_quote`` (the
DocumentQuote whose text this is, or None for the message's own text: citations count in both,
claims only in own text), ``owner`` (index of the thread in the batch), ``text`` (the text the
Doc was made from), ``cache`` (the ``extract`` run's, see ``cached`` and ``shared_cache``) and ``key`` (what the
components' results depend on: the text, the side the message speaks for (its "on behalf of", and the kind of
organisation its writer works for by their own evidence: ``side``), and for a document quote
the quoting message's text and the quote's document).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from threadkb import identity
from threadkb.models import Message, Thread

MAX_CHARS = 500_000  # longer texts (hostile input) are analysed in part, with a warning
SHARED_MAX = 20_000  # entries of the process-wide cache before it is emptied (bounds its memory)
_SHARED: dict = {}


def shared_cache() -> dict:
    """The content-addressed results shared by the ``extract`` runs of this process (a message quoted
    in later threads of an archive is analysed once); emptied when it holds ``SHARED_MAX`` entries."""
    if len(_SHARED) >= SHARED_MAX:
        _SHARED.clear()
    return _SHARED


T = TypeVar("T")


def make_docs(nlp: Language, threads: list[Thread], cache: dict | None = None) -> Iterator[Doc]:
    """One Doc per message text and per document quote, lazily (``nlp.pipe`` streams them).

    ``cache``: shared by the Docs of one run, so that a text seen twice is analysed once (``cached``).
    """
    for i, thread in enumerate(threads):
        for m in thread.messages:
            side = speaker_side(m)
            pieces = [(m.text, None)] + [(dq.text, dq) for dq in m.document_quotes]
            for text, dq in pieces:
                if len(text) > MAX_CHARS:
                    thread.warnings.append(f"message {m.key}: only the first {MAX_CHARS:,} of {len(text):,} "
                                           "characters were analysed")
                    text = text[:MAX_CHARS]
                doc = nlp.make_doc(text)
                key = (text, m.on_behalf_of, side) + ((m.text, dq.document) if dq is not None else ())
                doc.user_data.update({"message": m, "thread": thread, "document_quote": dq, "owner": i,
                                      "text": text, "cache": cache, "key": key, "side": side})
                yield doc


def speaker_side(m: Message) -> tuple[str, str] | None:
    """The kind of organisation a message's writer speaks for by their own evidence, and why (``identity.speaker_kind``)."""
    return identity.speaker_kind(m.author, m.email, m.signature, m.on_behalf_of)


def doc_text(doc: Doc) -> str:
    """The Doc's text without rebuilding it from its tokens (``Doc.text`` walks every token)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def cached(doc: Doc, name: str, key, compute: Callable[[], T]) -> T:
    """``compute()``, once per ``(name, key)`` among the Docs of one run (content-addressed: the same
    key gives the same result). Docs made elsewhere (no ``cache`` in ``user_data``) just compute."""
    cache = doc.user_data.get("cache")
    if cache is None:
        return compute()
    k = (name, key)
    if k not in cache:
        cache[k] = compute()
    return cache[k]


def doc_key(doc: Doc):
    """What every component's result on this Doc depends on (None for Docs made elsewhere)."""
    return doc.user_data.get("key")


def sentence_spans(doc: Doc) -> list[tuple[int, int]] | None:
    """(start, end) character offsets of the Doc's sentences, computed once per Doc; None without
    sentence boundaries (no sentencizer ran)."""
    if not doc.has_annotation("SENT_START"):
        return None
    spans = doc.user_data.get("sentences")
    if spans is None:
        spans = doc.user_data["sentences"] = [(s.start_char, s.end_char) for s in doc.sents]
    return spans
