"""Every input line accounted for, by its content: ``problems(src, thread)`` lists each line (or piece of a
flattened line) whose text is not where its role says it is.

The only normalisations are the documented ones of threadkb.parse.lines: a physical line may be cut into
pieces (a flattened rendering; a reply and the attributions glued into one line, ``split_glued``; a sign-off
at the end of a line of sentences, ``split_sign_offs``), each piece
loses its quote markers (``VLine.text``) and, when another piece follows, its trailing spaces; a signature line
is kept collapsed (``VLine.clean``). Then, for each piece:

* own text: its message holds a ``TextLine`` at that line whose text is the piece's text from the line's
  column on (a reply cut out of a quoted piece starts later), and is the source text at its column;
* document quote: one of its message's ``DocumentQuote``s spans the line, and the quote's text, split into
  lines, holds the piece's text at the line's place;
* signature: its message's ``signature`` lists the piece's collapsed text, in order;
* header (attribution, header block): its message's ``header_lines`` span the line;
* quote: one of its message's ``QuotedSpan``s spans the line;
* boilerplate: no message holds it;
* own or signature line of a post's second copy (rule ``duplicate-of:<key>``: the same post twice in the input):
  its message's ``duplicate_lines`` hold the piece's text at its line and column.

And each message's own lines, document quotes and signature come in the order of the input, each own line
once: a line swapped with another, rewritten, or held twice fails.
"""
from __future__ import annotations

from pathlib import Path

from threadkb.ingest import ingest
from threadkb.models import LineRole, Source, Thread
from threadkb.parse import parse
from threadkb.parse.attribution import split_glued
from threadkb.parse.lines import split_lines, split_sign_offs


def problems(src: Source, thread: Thread) -> list[str]:
    out: list[str] = []
    msgs = {m.key: m for m in thread.messages}
    roles = {(a.index, a.col): a for a in thread.assignments}
    vlines = split_sign_offs(split_glued(split_lines(src.lines)[0]))
    sig_seen: dict[str, int] = {}
    for v in vlines:
        a = roles.get((v.index, v.col))
        where = f"line {v.index + 1} col {v.col}"
        if a is None:
            out.append(f"{where}: no role")
            continue
        m = msgs.get(a.message) if a.message else None
        if a.role == LineRole.BOILERPLATE:
            continue
        if m is None:
            if a.role in (LineRole.OWN, LineRole.DOCUMENT_QUOTE, LineRole.SIGNATURE) and v.text.strip():
                out.append(f"{where}: {a.role.value} of no message")
            continue
        if a.rule.startswith("duplicate-of:") and a.role in (LineRole.OWN, LineRole.SIGNATURE):
            if not any(tl.index == v.index and tl.col == v.tcol and tl.text == v.text for tl in m.duplicate_lines):
                out.append(f"{where}: a second copy's line {v.text[:40]!r} not among {m.key}'s duplicate lines")
        elif a.role == LineRole.OWN:
            held = [tl for tl in m.lines if tl.index == v.index and v.tcol <= tl.col <= v.tcol + len(v.text)]
            if not held:
                if v.text.strip():
                    out.append(f"{where}: own text {v.text[:40]!r} not in message {m.key}")
                continue
            tl = held[0]
            if tl.text != v.text[tl.col - v.tcol:] and tl.text != v.text[tl.col - v.tcol:].rstrip(" "):
                out.append(f"{where}: message {m.key} holds {tl.text[:40]!r} for {v.text[:40]!r}")
        elif a.role == LineRole.DOCUMENT_QUOTE:
            spans = [d for d in m.document_quotes if d.lines[0] <= v.index < d.lines[1]]
            if not spans:
                out.append(f"{where}: document quote line outside every document quote of {m.key}")
                continue
            texts = spans[0].text.split("\n")
            k = v.index - spans[0].lines[0]
            if not (0 <= k < len(texts) and v.text in (texts[k], texts[k].rstrip(" "))) and v.text not in texts:
                out.append(f"{where}: document quote of {m.key} does not hold {v.text[:40]!r}")
        elif a.role == LineRole.SIGNATURE:
            if not v.clean:
                continue
            k = sig_seen.get(m.key, 0)
            if v.clean not in m.signature[k:]:
                out.append(f"{where}: signature of {m.key} does not hold {v.clean[:40]!r} (in order)")
            else:
                sig_seen[m.key] = m.signature.index(v.clean, k) + 1
        elif a.role == LineRole.HEADER:
            if m.header_lines and not (m.header_lines[0] <= v.index < m.header_lines[1]):
                out.append(f"{where}: header line outside the header lines {m.header_lines} of {m.key}")
        elif a.role == LineRole.QUOTE:
            if not any(q.lines[0] <= v.index < q.lines[1] for q in m.quotes):
                out.append(f"{where}: quoted line outside every quoted span of {m.key}")
    for m in thread.messages:
        places = [(tl.index, tl.col) for tl in m.lines]
        if places != sorted(places) or len(set(places)) != len(places):
            out.append(f"message {m.key}: own lines out of input order or held twice")
        for tl in m.lines:
            line = src.lines[tl.index] if tl.index < len(src.lines) else ""
            if line[tl.col:tl.col + len(tl.text)] != tl.text:
                out.append(f"message {m.key}: own line {tl.index + 1} holds {tl.text[:40]!r}, the input has "
                           f"{line[tl.col:tl.col + 40]!r}")
        starts = [d.lines for d in m.document_quotes]
        if starts != sorted(starts):
            out.append(f"message {m.key}: document quotes out of input order")
    return out


def parsed_accounted(folder: Path, text: str, name: str = "thread.txt") -> Thread:
    """``text`` written to ``folder/name``, read and parsed as one source; every line must be accounted for."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    assert problems(src, thread) == []
    return thread
