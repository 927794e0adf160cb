"""Run the stages in order over paths; the prediction (GOLD-FORMAT shape) of what they find.

    ingest(path) -> [Source] ; parse(Source) -> Thread ; extract([Thread]) -> [Extraction] ; link(Extraction)

``Predictor`` runs them on one source for ``threadkb eval`` (the evaluate stage scores what it is given and
never runs the pipeline itself).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from threadkb.ingest import iter_sources
from threadkb.models import Extraction, IngestError, Message, PredictError, Source, Thread
from threadkb.parse import parse

log = logging.getLogger(__name__)


def sources(paths: Iterable[str], errors: list[tuple[str, str]] | None = None) -> Iterator[Source]:
    """Ingest every path (files or folders), one Source at a time (a big mbox is streamed).
    Unreadable inputs go to ``errors`` (path, reason); without ``errors`` they raise IngestError."""
    for path in paths:
        try:
            yield from iter_sources(path)
        except IngestError as exc:
            if errors is None:
                raise
            errors.append((path, str(exc)))


def parse_paths(paths: Iterable[str], errors: list[tuple[str, str]] | None = None) -> Iterator[Thread]:
    """Ingest and parse every path (see ``sources``)."""
    return (parse(src) for src in sources(paths, errors))


def extract_threads(threads: list[Thread]) -> list[Extraction]:
    """Extract and link parsed threads (one spaCy batch over all of them)."""
    from threadkb.extract import extract
    from threadkb.link import link

    return [link(ex) for ex in extract(threads)]


def extract_paths(paths: Iterable[str], errors: list[tuple[str, str]] | None = None) -> list[Extraction]:
    """The whole pipeline up to linked claims, for every thread in ``paths``."""
    return extract_threads(list(parse_paths(paths, errors)))


def _iso(d: datetime | date | None) -> str | None:
    return d.isoformat() if d is not None else None


def addressee_fields(m: Message) -> dict[str, list[dict]]:
    """An e-mail's To and Cc as the JSON export writes them: ``{"to": [{"name", "address"}], "cc": [...]}`` (empty
    lists for a message no header addressed)."""
    return {h: [{"name": a.name, "address": a.address} for a in m.addressees if a.header == h] for h in ("to", "cc")}


def prediction(item: Thread | Extraction) -> dict:
    """The GOLD-FORMAT prediction shape (with extra fields) of a parsed or extracted thread."""
    ex = item if isinstance(item, Extraction) else None
    thread = item.thread if isinstance(item, Extraction) else item
    out: dict = {
        "source": thread.source,
        "subject": thread.subject,
        "warnings": thread.warnings,
        "messages": [
            {
                "key": m.key,
                "author": m.author,
                "email": m.email,
                "on_behalf_of": m.on_behalf_of,
                **addressee_fields(m),
                "date": _iso(m.date),
                "date_text": m.date_text,
                "in_reply_to": m.in_reply_to,
                "depth": m.depth,
                "partial": m.partial,
                "origin": m.origin,
                "span": str(m.span) if m.span else None,
                "text": m.text,
                "quotes": [
                    {"message": q.message, "lines": [q.lines[0] + 1, q.lines[1]],
                     "answered_by": [q.answered_by[0] + 1, q.answered_by[1]] if q.answered_by else None}
                    for q in m.quotes
                ],
                "document_quotes": [
                    {"document": d.document, "section": d.section, "text": d.text,
                     "lines": [d.lines[0] + 1, d.lines[1]]}
                    for d in m.document_quotes
                ],
            }
            for m in thread.messages
        ],
    }
    if ex is None:
        return out
    out["citations"] = [
        {"message": c.message, "document": c.document, "section": c.section, "item": c.item,
         "text": c.text, "title": c.title, "version": c.version, "item_text": c.item_text,
         "flags": c.flags, "in_document_quote": c.in_document_quote, "span": str(c.span) if c.span else None}
        for c in ex.citations
    ]
    out["apis"] = [{"message": a.message, "path": a.path, "span": str(a.span) if a.span else None} for a in ex.apis]
    out["entities"] = [{"message": e.message, "label": e.label, "text": e.text, "norm": e.norm,
                        "span": str(e.span) if e.span else None} for e in ex.entities]
    out["claims"] = [
        {"id": c.id, "message": c.message, "speaker": c.speaker, "kind": c.kind.value, "text": c.text,
         "on_behalf_of": c.on_behalf_of, "deadline": _iso(c.deadline), "deadline_text": c.deadline_text,
         "deadline_rule": c.deadline_rule, "deadline_span": list(c.deadline_span) if c.deadline_span else None,
         "cue": c.cue, "reported": c.reported, "citations": c.citations, "span": str(c.span) if c.span else None}
        for c in ex.claims
    ]
    out["relations"] = [
        {"from": r.source, "to": r.target, "kind": r.kind.value, "evidence": r.evidence, "score": r.score}
        for r in ex.relations
    ]
    return out


def exit_code(errors: list, done: list) -> int:
    """0: every input read; 1: some inputs failed; 2: all failed (nothing read)."""
    if not errors:
        return 0
    return 1 if done else 2


def merge_predictions(predictions: list[dict]) -> dict:
    """One prediction for a file that produced several threads: the lists are concatenated."""
    if len(predictions) == 1:
        return predictions[0]
    merged: dict = {"source": predictions[0].get("source")}
    for p in predictions:
        for k, v in p.items():
            if isinstance(v, list):
                merged.setdefault(k, []).extend(v)
    return merged


@dataclass
class Predictor:
    """Runs the project on a source for ``threadkb eval``: extract + link when that stage exists, else parse
    only. ``runner``: the pipeline with other parameters (``threadkb.learn.run`` with the models of a fold);
    None: the shipped ones."""

    extract_missing: str | None = None  # why the extract stage is unavailable, once known
    runner: Callable[[str], list[Extraction]] | None = None

    def predict(self, source: str) -> tuple[dict, str, str, str | None]:
        """The prediction dict for ``source``, the stage reached, a note, and an error (extract failed:
        the file is then scored parse-only and the failure is reported)."""
        if self.runner is not None:
            return merge_predictions([prediction(x) for x in self.runner(source)]), "extract", "", None
        errors: list[tuple[str, str]] = []
        threads = list(parse_paths([source], errors))
        if errors:
            raise PredictError(errors[0][1])
        if not threads:
            raise PredictError("the parser returned no thread")
        items: list = threads
        stage, error = "parse", None
        if self.extract_missing is None:
            try:
                items = extract_threads(threads)
                stage = "extract"
            except ImportError as exc:
                self.extract_missing = f"extract stage unavailable ({exc}); scored parse-only"
                log.warning("%s", self.extract_missing)
            except Exception as exc:  # noqa: BLE001 - reported, and the messages are still scored
                log.warning("%s: extract failed, scored parse-only", source, exc_info=True)
                error = "extract failed, scored parse-only: " + (
                    f"{type(exc).__name__}: {' '.join(str(exc).split())}" if str(exc).strip() else type(exc).__name__)
        predictions = [prediction(x) for x in items]
        note = self.extract_missing if stage == "parse" and error is None else ""
        return merge_predictions(predictions), stage, note or "", error
