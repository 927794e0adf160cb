"""``threadkb parse`` and ``threadkb extract``: print what the parser / the extractors find in threads."""
from __future__ import annotations

import json

from threadkb.commands import print_errors
from threadkb.models import Extraction, Thread
from threadkb.parse import parse
from threadkb.pipeline import exit_code, extract_paths, prediction, sources


def _emit(objs: list[dict], args) -> None:
    if getattr(args, "jsonl", False):
        for o in objs:
            print(json.dumps(o, ensure_ascii=False))
    else:
        print(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2))


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
            for cit in ex.citations:
                if cit.message == m.key:
                    flags = f" [{', '.join(cit.flags)}]" if cit.flags else ""
                    out.append(f"   § {cit.id} — {cit.title or '?'} ({cit.version or '?'}){flags}  «{cit.text}»"
                               + (f"  @{cit.span}" if cit.span else ""))
            for a in ex.apis:
                if a.message == m.key:
                    out.append(f"   API {a.path}" + (f"  @{a.span}" if a.span else ""))
            for e in ex.entities:
                if e.message == m.key:
                    out.append(f"   ⊙ {e.label} {e.norm}  «{e.text}»" + (f"  @{e.span}" if e.span else ""))
            for c in ex.claims:
                if c.message == m.key:
                    extra = "".join(f" {k}={v}" for k, v in (("on_behalf_of", c.on_behalf_of),
                                    ("deadline", c.deadline.isoformat() if c.deadline else None)) if v)
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
    print_errors(errors)
    if args.json or args.jsonl:
        if threads:
            _emit([prediction(t) for t in threads], args)
    elif not args.lines:
        print("\n\n".join(_readable_thread(t) for t in threads))
    return exit_code(errors, threads)


def cli_extract(args) -> int:
    errors: list[tuple[str, str]] = []
    exs = extract_paths(args.paths, errors)
    print_errors(errors)
    if args.json or args.jsonl:
        if exs:
            _emit([prediction(e) for e in exs], args)
    else:
        print("\n\n".join(_readable_thread(e.thread, e) for e in exs))
    return exit_code(errors, exs)
