"""Run the stages in order over paths, and the `parse` / `extract` commands.

    ingest(path) -> [Source] ; parse(Source) -> Thread ; extract([Thread]) -> [Extraction] ; link(Extraction)
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from threadkb.ingest import iter_sources
from threadkb.models import Extraction, IngestError, Source, Thread
from threadkb.parse import parse


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
         "cue": c.cue, "reported": c.reported, "citations": c.citations, "span": str(c.span) if c.span else None}
        for c in ex.claims
    ]
    out["relations"] = [
        {"from": r.source, "to": r.target, "kind": r.kind.value, "evidence": r.evidence, "score": r.score}
        for r in ex.relations
    ]
    return out


def _emit(objs: list[dict], args) -> None:
    if getattr(args, "jsonl", False):
        for o in objs:
            print(json.dumps(o, ensure_ascii=False))
    else:
        print(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2))


def exit_code(errors: list, done: list) -> int:
    """0: every input read; 1: some inputs failed; 2: all failed (nothing read)."""
    if not errors:
        return 0
    return 1 if done else 2


def _print_errors(errors: list[tuple[str, str]]) -> None:
    for path, reason in errors:
        print(f"threadkb: {path}: {reason}", file=sys.stderr)


def _readable_thread(thread: Thread, ex: Extraction | None = None) -> str:
    out = [f"# {thread.source}" + (f" — {thread.subject}" if thread.subject else "")]
    for w in thread.warnings:
        out.append(f"warning: {w}")
    for m in thread.messages:
        when = m.date.isoformat() if m.date else "?"
        out.append(f"\n## [{m.key}] {m.author or '?'} · {when} · depth {m.depth}"
                   + (f" · replies to {m.in_reply_to}" if m.in_reply_to else "") + f" · {m.span}")
        out.extend("   " + t.text for t in m.lines)
        for q in m.quotes:
            if q.answered_by:
                out.append(f"   ↳ answers quoted lines {q.lines[0] + 1}-{q.lines[1]} of {q.message or '?'}"
                           f" with lines {q.answered_by[0] + 1}-{q.answered_by[1]}")
        for d in m.document_quotes:
            out.append(f"   ⟦document quote {d.document or '?'} {d.section or ''}: {d.text[:70]}…⟧")
        if ex is not None:
            for ct in ex.citations:
                if ct.message == m.key:
                    flags = f" [{', '.join(ct.flags)}]" if ct.flags else ""
                    out.append(f"   § {ct.id} — {ct.title or '?'} ({ct.version or '?'}){flags}  «{ct.text}»"
                               + (f"  @{ct.span}" if ct.span else ""))
            for a in ex.apis:
                if a.message == m.key:
                    out.append(f"   API {a.path}" + (f"  @{a.span}" if a.span else ""))
            for e in ex.entities:
                if e.message == m.key:
                    out.append(f"   ⊙ {e.label} {e.norm}  «{e.text}»" + (f"  @{e.span}" if e.span else ""))
            for c in ex.claims:
                if c.message == m.key:
                    extra = "".join(f" {k}={v}" for k, v in (("on_behalf_of", c.on_behalf_of),
                                    ("deadline", _iso(c.deadline))) if v)
                    out.append(f"   ◆ {c.id} {c.kind.value}{extra} (cue: {c.cue}): {c.text}")
    if ex is not None and ex.relations:
        out.append("\n## relations")
        for r in ex.relations:
            out.append(f"   {r.source} —{r.kind.value}→ {r.target}: {'; '.join(r.evidence)}")
    return "\n".join(out)


def _show_lines(thread: Thread, lines: list[str]) -> str:
    return "\n".join(f"{a.index + 1:5d} {a.role.value:15s} {a.message or '-':14s} {a.rule:22s} | {lines[a.index]}"
                     for a in thread.assignments)


def cli_parse(args) -> int:
    errors: list[tuple[str, str]] = []
    threads = []
    for src in sources(args.paths, errors):
        th = parse(src)
        threads.append(th)
        if args.lines:
            print(_show_lines(th, src.lines))
    _print_errors(errors)
    if args.json or args.jsonl:
        if threads:
            _emit([prediction(t) for t in threads], args)
    elif not args.lines:
        print("\n\n".join(_readable_thread(t) for t in threads))
    return exit_code(errors, threads)


def cli_extract(args) -> int:
    errors: list[tuple[str, str]] = []
    exs = extract_paths(args.paths, errors)
    _print_errors(errors)
    if args.json or args.jsonl:
        if exs:
            _emit([prediction(e) for e in exs], args)
    else:
        print("\n\n".join(_readable_thread(e.thread, e) for e in exs))
    return exit_code(errors, exs)
