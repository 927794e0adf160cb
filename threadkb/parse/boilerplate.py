"""List footers, archive chrome and UI text: found by the table in data/boilerplate.json."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from threadkb import tables
from threadkb.models import LineRole
from threadkb.parse.lines import VLine


@dataclass(frozen=True)
class _Block:
    id: str
    start: re.Pattern
    before: re.Pattern | None
    cont: tuple[re.Pattern, ...]
    max: int
    min: int


TABLE = "boilerplate.json"


@lru_cache(maxsize=1)
def _any() -> re.Pattern:
    """One alternation of every single-line pattern and block start: a cheap first test per line."""
    singles, blocks = _table()
    return tables.compile(TABLE, "lines, blocks[].start", "|".join(f"(?:{rx.pattern})" for _, rx in singles) + "|" +
                          "|".join(f"(?:{b.start.pattern})" for b in blocks))


@lru_cache(maxsize=1)
def _table() -> tuple[list[tuple[str, re.Pattern]], list[_Block]]:
    data = tables.patterns(TABLE)
    lines = [(row["id"], row["pattern"] if "pattern" in row else tables.compile(TABLE, f"lines[{i}]", _composed(row)))
             for i, row in enumerate(data["lines"])]
    blocks = [_Block(row["id"], row["start"], row.get("before"), tuple(row["continue"]), row["max"], row.get("min", 1))
              for row in data["blocks"]]
    return lines, blocks


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _composed(row: dict) -> str:
    """The one regex of a composed row (the device/app footer): sent-word, from-word, product-ish name."""
    n = row["max_words"]
    # a word that starts with a capital or a digit, or is camel-cased ("iPhone", "iOS")
    cap = r"(?:[A-Z0-9\u00C0-\u00DE\u0391-\u03A9\u0410-\u042F]|[a-z](?=[A-Z]))[\w.+&'’-]*"
    word = r"[^\W_][\w.+&'’-]*"
    conn = rf"(?:{_alt(row['connectors'])})"
    product = rf"{cap}(?: (?:{conn} )?{cap}){{0,{n - 1}}}"
    mine = rf"(?:{_alt(row['possessive'])}) {word}(?: {word}){{0,{n - 2}}}"
    tail = r"(?:\.(?: [^.!?<>]{1,60}[.!?]?)?)?(?: ?<\S+>)?"  # "… K-9 Mail. Please excuse my brevity."
    sent = rf"(?:{_alt(row['sent'])}) (?i:{_alt(row['from'])}) ?(?:(?i:{mine})|{product}){tail}"
    get = rf"(?:{_alt(row['get'])}) {cap}(?: {cap}){{0,2}} {conn} {cap}(?: {cap})?\S*"
    return f"(?:{sent}|{get})"


def _mark(v: VLine, rule: str) -> None:
    v.role = LineRole.BOILERPLATE
    v.rule = rule


def _cut_inside(vlines: list[VLine], j: int) -> bool:
    """Whether line ``j``, right after a footer's lines, is where the input stops mid-footer: the last non-blank
    line, one token and no pattern's whole line (a stored page cut at ~2,000 characters: ".../listinf")."""
    if j >= len(vlines) or vlines[j].blank or vlines[j].role is not None or " " in vlines[j].clean:
        return False
    return all(v.blank for v in vlines[j + 1:])


def mark_boilerplate(vlines: list[VLine], hints: dict[int, str] | None = None) -> int:
    """Set role BOILERPLATE on footer and chrome lines (at any quote depth). Returns the count.

    ``hints`` are the ingest stage's notes per physical line (HTML navigation links: "boilerplate").
    """
    singles, blocks = _table()
    count = 0
    for v in vlines:
        if hints and hints.get(v.index) == "boilerplate" and v.role is None:
            _mark(v, "html-navigation")
            count += 1
    i = 0
    while i < len(vlines):
        v = vlines[i]
        if v.role is not None or v.blank:
            i += 1
            continue
        text = v.clean
        if not _any().fullmatch(text):
            i += 1
            continue
        hit = next((rid for rid, rx in singles if rx.fullmatch(text)), None)
        if hit:
            _mark(v, hit)
            count += 1
            i += 1
            continue
        for b in blocks:
            if not b.start.fullmatch(text):
                continue
            j = i + 1
            while j < len(vlines) and j - i < b.max and not vlines[j].blank and \
                    any(c.fullmatch(vlines[j].clean) for c in b.cont):
                j += 1
            if j - i < b.min:
                continue
            if _cut_inside(vlines, j):  # the stored excerpt stops inside the footer: its cut last line is the footer's
                j += 1
            for k in range(i, j):
                _mark(vlines[k], b.id)
            count += j - i
            if b.before and i > 0 and b.before.fullmatch(vlines[i - 1].text.strip() or "-") \
                    and vlines[i - 1].text.strip().startswith("--"):
                _mark(vlines[i - 1], b.id)
                count += 1
            i = j - 1
            break
        i += 1
    return count
