"""Attribution lines ("On … X wrote:") and header blocks ("From: / Sent: / To: / Subject:").

The patterns are a table per client and language (data/attributions.json): a new language is a
new row. Attribution lines may be wrapped over up to three lines.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
import datetime as dt
from functools import lru_cache
from importlib import resources

from threadkb.parse.dates import parse_date
from threadkb.parse.lines import VLine
from threadkb.parse.people import clean_name
from threadkb.prefilter import LiteralGate, Prefilter, fold

MAX_WRAP = 3
MAX_LINE = 400  # an attribution is short; longer lines are never tried


@dataclass(frozen=True)
class Pattern:
    id: str
    client: str
    lang: str
    kind: str  # quote | in-reply-to | separator
    regex: re.Pattern
    dayfirst: bool | None = None  # how the row's numeric dates read (None: threadkb.parse.dates decides)
    monthfirst_if: re.Pattern | None = None  # a date text this matches reads month first


@dataclass
class Attribution:
    """A recognised attribution or header: who, when, and which lines it took."""

    rule: str  # pattern id
    kind: str
    name: str | None
    email: str | None
    date: dt.datetime | dt.date | None
    date_text: str | None
    lines: list[int]  # positions in the VLine list
    comment: int | None = None  # Bugzilla "from comment #N"
    subject: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """The attribution rows, the header-field labels, and the gate answering the rows' literal prefilters
    in one pass per candidate line (most lines that end in ":" hold no row's "wrote", "schrieb", "napisał" …)."""

    patterns: list[Pattern]
    labels: dict[str, str]
    gate: LiteralGate


@lru_cache(maxsize=1)
def _table() -> Table:
    data = json.loads(resources.files("threadkb.data").joinpath("attributions.json").read_text("utf-8"))
    rows = data["attributions"]
    regexes = [re.compile(r["pattern"]) for r in rows]
    gate = LiteralGate([Prefilter.of(rx.pattern, rx.flags) for rx in regexes])
    pats = [Pattern(r["id"], r["client"], r["lang"], r["kind"], rx, r.get("dayfirst"),
                    re.compile(r["monthfirst_if"]) if r.get("monthfirst_if") else None)
            for r, rx in zip(rows, regexes)]
    labels: dict[str, str] = {}
    for role, names in data["header_fields"].items():
        if role.startswith("_"):
            continue
        for n in names:
            labels.setdefault(n.strip(), role)
    return Table(pats, labels, gate)


def _dayfirst(p: Pattern, date_text: str) -> bool | None:
    if p.monthfirst_if is not None and p.monthfirst_if.search(date_text):
        return False
    return p.dayfirst


_ENDINGS = (":", "：", ")")  # every attribution ends so ("wrote:", "写道：", "(In reply to … #N)")


def match_attribution(vlines: list[VLine], i: int, depth: int) -> Attribution | None:
    """Try line ``i`` alone, then joined with the next one or two lines of the same depth."""
    if not any(v.clean.endswith(_ENDINGS) for v in vlines[i:i + MAX_WRAP] if v.depth == depth and v.role is None):
        return None  # cheap test first: most lines end otherwise
    table = _table()
    joined: list[str] = []
    used: list[int] = []
    j = i
    while j < len(vlines) and len(used) < MAX_WRAP:
        v = vlines[j]
        if v.depth != depth or v.blank or v.role is not None or len(v.text) > MAX_LINE:
            break
        joined.append(v.clean)
        used.append(j)
        text = " ".join(joined)
        if len(text) > 400:
            break
        for p, ok in zip(table.patterns, table.gate.passes(text, fold(text))):
            if p.kind == "prose-quote" or not ok:
                continue
            m = p.regex.fullmatch(text)
            if m:
                return _build(p, m, list(used))
        j += 1
    return None


def _build(p: Pattern, m: re.Match, used: list[int]) -> Attribution | None:
    g = m.groupdict()
    raw_name = g.get("name")
    name, email = clean_name(raw_name or "", g.get("email"))
    if p.kind == "quote" and not name:
        return None
    if p.kind == "quote" and len(name.split()) > 8:  # prose that happens to end in "wrote:"
        return None
    date_text = g.get("date")
    when = parse_date(date_text, dayfirst=_dayfirst(p, date_text or "")) if date_text else None
    comment = int(g["comment"]) if g.get("comment") else None
    return Attribution(p.id, p.kind, name, email, when, date_text, used, comment)


_FIELD = re.compile(r"^\s*\*?(?P<label>[^\W\d_][\w .’'-]{0,20}?)\*?\s?[:：]\*?\s*(?P<value>.*)$")


# the rest of a From: field that holds no address yet, wrapped onto the next line: the address ("<x@y>",
# "[mailto:x@y]", "x at y"), maybe after the end of the name, or the end of an address cut after "@" ("digicert.com>")
_FROM_WRAP = re.compile(r"(?:[^:<>\[\]]{0,60} )?(?:<[^<>\s]+>|\[mailto:[^\]\s]+\]|<?[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+>?"
                        r"|<?\[email protected\]>?)|[\w-]+(?:\.[\w-]+)+>")
_ADDRESS = re.compile(r"[\w.+-](?:@| at )[\w-]+\.|\[email protected\]")  # a whole address (not one cut after "@")


def match_header_block(vlines: list[VLine], i: int, depth: int) -> Attribution | None:
    """An Outlook-style header block at line ``i``: optional separator line, then From/Sent/To/Subject.

    The block needs a from-field and a date- or subject-field; it ends at the first line that is
    neither a field nor the wrapped continuation of one.
    """
    if i >= len(vlines) or not any(c in vlines[i].clean[:40] for c in ":：-"):
        return None
    table = _table()
    pats, labels = table.patterns, table.labels
    used: list[int] = []
    j = i
    sep = None
    if j < len(vlines) and vlines[j].depth == depth:
        for p in pats:
            if p.kind == "separator" and p.regex.fullmatch(vlines[j].clean):
                sep = p.id
                used.append(j)
                j += 1
                while j < len(vlines) and vlines[j].blank and vlines[j].depth == depth:
                    used.append(j)
                    j += 1
                break
    fields: dict[str, str] = {}
    last_role = None
    while j < len(vlines) and vlines[j].depth == depth and vlines[j].role is None:
        v = vlines[j]
        if v.blank:
            break
        m = _FIELD.match(v.clean)
        role = labels.get(m.group("label").strip()) if m else None
        if role and role not in fields:
            fields[role] = m.group("value").strip()
            last_role = role
        elif last_role in ("to", "cc") and fields and not m or (
                last_role == "from" and not _ADDRESS.search(fields["from"]) and _FROM_WRAP.fullmatch(v.clean)):
            fields[last_role] += " " + v.clean  # wrapped recipient list, or the sender's address on its own line
        else:
            break
        used.append(j)
        j += 1
    if "from" not in fields or not ({"date", "subject", "to"} & fields.keys()):
        return None
    if not sep and list(fields)[0] != "from":
        return None
    name, email = clean_name(fields["from"], None)
    date_text = fields.get("date")
    when = parse_date(date_text) if date_text else None
    return Attribution(sep or "header-block", "header", name, email, when, date_text, used,
                       subject=fields.get("subject"), fields=fields)


_CLOSE = {"“": "”", '"': '"'}
MAX_PROSE_QUOTE_LINES = 40


def match_prose_quote(vlines: list[VLine], i: int, depth: int) -> tuple[Attribution, int, int] | None:
    """'Ryan argument number 1: “…”' -> (attribution, column where the quote starts in line i's text,
    position of the line that closes it). The passage must close at a line end within 40 lines."""
    pats = _table().patterns
    text = vlines[i].text
    for p in pats:
        if p.kind != "prose-quote":
            continue
        m = p.regex.match(text)
        if not m:
            continue
        close = _CLOSE[m.group("open")]
        for j in range(i, min(len(vlines), i + MAX_PROSE_QUOTE_LINES)):
            v = vlines[j]
            if v.depth != depth or v.role is not None or (j > i and v.blank):
                break
            body = v.text[m.end():] if j == i else v.text
            if body.rstrip().endswith(close) and (j > i or len(body.rstrip()) > 1):
                name, _ = clean_name(m.group("name"), None)
                return Attribution(p.id, p.kind, name, None, None, None, [i]), m.end(), j
    return None
