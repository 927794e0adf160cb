"""Attribution lines ("On … X wrote:") and header blocks ("From: / Sent: / To: / Subject:").

The patterns are a table per client and language (data/attributions.json): a new language is a
new row. Attribution lines may be wrapped over up to three lines.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from threadkb import tables
from threadkb.mailthreads import header_field_roles
from threadkb.parse.dates import parse_date
from threadkb.parse.lines import VLine, collapse, pieces
from threadkb.prefilter import LiteralGate, Prefilter, fold
from threadkb.speakers import clean_name

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
    lead: str | None = None  # an archive's quote header: its lines start so, and its quote has no markers


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
    bare: bool = False  # an archive's quote header: the quote below it never has '>' markers
    addressee: bool = False  # "On …, you wrote:": the quoted writer is the one the mail is addressed to


@dataclass(frozen=True)
class Table:
    """The attribution rows, the header-field labels, and the gate answering the rows' literal prefilters
    in one pass per candidate line (most lines that end in ":" hold no row's "wrote", "schrieb", "napisał" …)."""

    patterns: list[Pattern]
    labels: dict[str, str]  # casefolded label -> role
    addressee: frozenset[str]  # "you wrote:": the name is the reader's, not an author's
    gate: LiteralGate
    separators: list[Pattern]
    leads: tuple[str, ...]  # how the lines of quote headers that end like no attribution start ("Post by ")
    completions: tuple[str, ...] = ()  # endings tried after an attribution the excerpt cut (``match_cut_attribution``)
    verbs: tuple[str, ...] = ()  # the completions' verbs, bare ("wrote", "a écrit")
    time_words: frozenset[str] = frozenset()  # the words a date may hold after its year ("at", "um", "PM", "UTC")
    markup_hint: re.Pattern | None = None  # a line that may hold markup around the name (``markup``)
    markup: tuple[tuple[re.Pattern, str], ...] = ()  # the rewrites that read past it, in order


@lru_cache(maxsize=1)
def _table() -> Table:
    data = tables.patterns("attributions.json")
    rows = data["attributions"]
    gate = LiteralGate([Prefilter.of(r["pattern"].pattern, r["pattern"].flags) for r in rows])
    pats = [Pattern(r["id"], r["client"], r["lang"], r["kind"], r["pattern"], r.get("dayfirst"),
                    r.get("monthfirst_if"), r.get("lead")) for r in rows]
    return Table(pats, header_field_roles(), frozenset(data.get("addressee_names", ())), gate,
                 [p for p in pats if p.kind == "separator"], tuple(p.lead for p in pats if p.lead),
                 tuple(f + v for f in data["cut_completions"]["fills"] for v in data["cut_completions"]["verbs"]),
                 tuple(v.strip(" :") for v in data["cut_completions"]["verbs"] if v.strip(" :")),
                 frozenset(data["cut_completions"]["time_words"]), data["markup"]["hint"],
                 tuple((r["pattern"], r["replace"]) for r in data["markup"]["rewrites"]))


def unmarkup(table: Table, text: str) -> str:
    """``text`` as a reader sees it (``markup``: HTML entities decoded, tags, Markdown emphasis and links read past:
    "**Alice Smith** &lt;x@y&gt; wrote:" -> "Alice Smith <x@y> wrote:"); ``text`` when it holds no markup hint."""
    if table.markup_hint is None or not table.markup_hint.search(text):
        return text
    if "&" in text:
        text = html.unescape(text)
    for rx, rep in table.markup:
        text = rx.sub(rep, text)
    return collapse(text)


def _dayfirst(p: Pattern, date_text: str) -> bool | None:
    if p.monthfirst_if is not None and p.monthfirst_if.search(date_text):
        return False
    return p.dayfirst


# every attribution ends so ("wrote:", "写道：", "(In reply to … #N)"), or in an address ("2011/4/7 Name <x@y>")
# or dashes ("---- X wrote ----")
_ENDINGS = (":", "：", ")")

# a wrapped attribution joined again: Outlook's "x@y<mailto:x@y>" inside the brackets, "<" + newline + address, "<address>wrote:" (no space before a
# Latin-script verb; CJK forms glue theirs: "<x@y>님이 작성:")
_TIDY = ((re.compile(r"<(?i:mailto:)[^<>]*>"), ""), (re.compile(r"<\s+"), "<"), (re.compile(r"(?<!\s)\s+>"), ">"), (re.compile(r">(?=[A-Za-zÀ-ÿ])"), "> "))
# a time the date group left to the name ("El 11/07/2012 06:13 p.m., John Doe escribió:")
# or a zone ("On 2023-04-07 09:36 +0600, Azamat N. wrote:")
_LEADING_TIME = re.compile(r"^((?:(?:(?:at|um|à|a las|alle|om|kl\.?|klo|o)\s)?\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?"
                           r"(?:\s?(?:[ap]\.\s?m\.|[AaPp][Mm]\b|Uhr\b))?(?:\s(?:[+-]\d{4}|UTC|GMT)\b)?)"
                           r"|(?:[+-]\d{4}|UTC|GMT)\b),?\s+(?=\S)")


def _tidy(text: str) -> str:
    for rx, rep in _TIDY:
        text = rx.sub(rep, text)
    return text
_BARE_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")  # a name that is only an address


def match_attribution(vlines: list[VLine], i: int, depth: int) -> Attribution | None:
    """Try line ``i`` alone, then joined with the next one or two lines of the same depth."""
    table = _table()
    for v in vlines[i:i + MAX_WRAP]:  # cheap test first: most lines end otherwise
        if v.depth == depth and v.role is None:
            t = v.clean.rstrip("*_")  # "**Alice wrote:**": the emphasis around a whole line (``markup``)
            if t.endswith(_ENDINGS) or (t[-1:] == ">" and "@" in t) or (t[-2:] == "--" and t[:2] == "--") \
                    or t.startswith(table.leads):
                break
    else:
        return None
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
        if "=" in text:
            text = _unquote_printable(joined)
        text = unmarkup(table, text)
        if "<" in text or ">" in text:
            text = _tidy(text)
        if len(text) > 400:
            break
        hit = _row_match(table, text)
        if hit is not None:
            att = _build(hit[0], hit[1], list(used))
            later = match_attribution(vlines, used[1], depth) if len(used) > 1 else None
            if later is not None and (later.date_text or att is None or not att.date_text):
                # the attribution starts on the next line: this one is text ("On this day"); but a
                # date on this line that the next one lacks makes them one wrapped attribution
                # ("On Wed, …, X via" / "List <list at host> wrote:")
                return None
            return att
        j += 1
    return None


def is_attribution_line(text: str) -> bool:
    """Whether ``text`` alone is a quote attribution of the table ("On …, Alice wrote:", "**Alice Smith** <x@y>
    wrote:", "@alice wrote:"; markup read past as ``match_attribution`` reads it): the claim stage's test of a line
    the parse left in own text (an attribution with no quote below it), never a claim."""
    table = _table()
    text = collapse(text)
    if not text.rstrip("*_").endswith(_ENDINGS) or len(text) > MAX_LINE:
        return False
    text = unmarkup(table, text)
    if "<" in text or ">" in text:
        text = _tidy(text)
    hit = _row_match(table, text)
    return hit is not None and hit[0].kind == "quote" and _build(hit[0], hit[1], []) is not None


MIN_CUT_ATTRIBUTION = 15  # characters of a cut attribution: shorter openings ("On Tue,") say too little
_PLACEHOLDER = re.compile(r"(?<!\w)(?:\d?,? ?X\b|<?x@example\.org>?)")  # what a completion put in: not the writer's
MAX_CUT_LEAD = 12  # characters of an attribution's lead before its date ("On ", "W dniu ", "Il giorno ")
MAX_CUT_VERB = 20  # characters at the line's end a verb the cut stopped in may take ("a écr", "hat geschr")
_CUT_YEAR = re.compile(r"\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
_WORD = re.compile(r"[^\W\d_]+")
_CUT_VERB = re.compile(r"(?<![^ ])(?: ?[a-zà-ÿ]{1,12}){1,3}$")  # lower-case words ending the line: a verb the cut stopped in
_NAME_WORD = re.compile(r"(?<![\w.'’+-])(?:[\w.+-]+@[\w.-]+|[^\W\d_][\w.'’-]*)")


def match_cut_attribution(vlines: list[VLine], i: int, depth: int) -> Attribution | None:
    """Line ``i``, the input's last line with words, as a quote attribution the stored excerpt cut ("On Tue, 3 Oct
    2023 at 10:02, Jane Doe <", "On Mon, Apr 07, 2025 at 11:13:0"): an ending of the table's ``cut_completions``
    (one per way a line stops: inside the address, after or inside the name, inside the time) makes a quote row
    match with a date whose year the line gives, and the line's part of the name is empty or a name (capitalised
    words or an address; prose "On Tuesday, October 3, 2023 we revoked the" is not). The rule is "cut:<row>"; the
    name is the line's part of it, the date only when the line gives all of it."""
    v = vlines[i]
    text = v.clean
    if v.depth != depth or v.role is not None or len(text) < MIN_CUT_ATTRIBUTION or len(text) > MAX_LINE \
            or text.endswith(_ENDINGS) or any(not vlines[k].blank for k in range(i + 1, len(vlines))):
        return None  # (the scan stops at the first line with words: no copy of the rest)
    if not _CUT_YEAR.search(text):
        return None  # no date's year in the line: nothing to complete (most last lines: a name, a footer)
    table = _table()
    # the line may stop inside the verb ("Jane Doe wr", "Jane Doe a écr"): also tried without those words
    verb = _CUT_VERB.search(text, max(0, len(text) - MAX_CUT_VERB))
    said = verb.group().strip() if verb else ""
    heads = (text, text[:verb.start()]) if verb and any(word.startswith(said) for word in table.verbs) else (text,)
    for head, ending in ((h, e) for h in heads for e in table.completions):
        joined = _tidy(head + ending)
        hit = _row_match(table, joined)
        if hit is None or hit[0].kind != "quote":
            continue
        p, m = hit
        if "date" not in p.regex.groupindex:
            continue  # an undated row ("X wrote:") cannot tell a cut attribution from prose
        cut = len(_tidy(head))
        if m.start("date") < 0 or not (0 < m.start("date") <= MAX_CUT_LEAD or joined[:1].isdigit()):
            continue  # the line opens as an attribution does: a lead word ("On ", "Am ", "W dniu ") or the date
        year = _CUT_YEAR.search(joined, m.start("date"), min(m.end("date"), cut))
        if year is None or any(w.casefold() not in table.time_words
                               for w in _WORD.findall(joined, year.end(), min(m.end("date"), cut))):
            continue  # the line gives the date (its year at least) and, after the year, only a time ("at 11:13:0")
        start, end = m.span("name") if "name" in p.regex.groupindex and m.start("name") >= 0 else (cut, cut)
        name = _PLACEHOLDER.sub(" ", joined[start:max(start, min(end, cut))]).strip(" ,<")
        words = _NAME_WORD.findall(name)
        if name and (not words or not all(w[0].isupper() or "@" in w for w in words)):
            continue  # the line's words where the name stands are prose
        if not name and not (head[-1:].isdigit() or head.rsplit(" ", 1)[-1].casefold() in table.time_words):
            continue  # no name: the cut stopped inside the date or time ("at 11:13:0", "2023 at")
        whole = m.end("date") <= cut
        date_text = m.group("date") if whole else None
        when = parse_date(date_text, dayfirst=_dayfirst(p, date_text)) if date_text else None
        return Attribution(f"cut:{p.id}", "quote", name or None, None, when, date_text, [i])
    return None


# quoted-printable left undecoded (a body pasted raw): "=E2=80=AF" escapes, "w=" + newline + "rote:" soft breaks
_QP_ESCAPES = re.compile(r"(?:=[0-9A-F]{2})+")


def _unquote_printable(parts: list[str]) -> str:
    """Lines joined as ``match_attribution`` joins them, but a line ending in a quoted-printable soft break
    ("=") runs on into the next without a space, and "=XX" escapes that spell UTF-8 are decoded."""
    text = parts[0]
    for part in parts[1:]:
        text = text[:-1] + part if text.endswith("=") else f"{text} {part}"

    def decode(m: re.Match) -> str:
        try:
            return bytes.fromhex(m.group(0).replace("=", "")).decode("utf-8")
        except UnicodeDecodeError:
            return m.group(0)

    return collapse(_QP_ESCAPES.sub(decode, text))


# a bullet some writers set before their attribution ("* Name <x@y> wrote:", mutt's attribution format)
_BULLET = re.compile(r"[*•] (?=\S)")


def _row_match(table: Table, text: str, bullet: bool = True) -> tuple[Pattern, re.Match] | None:
    """The first attribution row (not a separator, not a prose quote) that fullmatches ``text`` and its match;
    when none does and ``text`` starts with one bullet ("* "), the first that fullmatches the text after it."""
    for p, ok in zip(table.patterns, table.gate.passes(text, fold(text)), strict=True):
        if p.kind in ("prose-quote", "separator") or not ok:  # separators: match_header_block
            continue
        m = p.regex.fullmatch(text)
        if m:
            return p, m
    lead = _BULLET.match(text) if bullet else None
    return _row_match(table, text[lead.end():], bullet=False) if lead else None


# where an attribution ("On …", "Am …", "Le …") may start after the reply's last sentence (2+ words before it)
_GLUED_AT = re.compile(r"(?<=\w\w[.!?])\s+(?=[A-ZÀ-ÖØ-Þ])")
# anywhere else before a capital ("… - Ryan (on behalf of X) On Thu, Feb 6, 2025 at 10:38 AM Y wrote:", a flattened
# page's sign-off then attribution): only an attribution that gives a date, which prose ending in "wrote:" does not
_GLUED_ANY = re.compile(r"(?<=\S)\s+(?=[A-ZÀ-ÖØ-Þ])")
_HEAD_WORDS = re.compile(r"[^\W\d_]{2}")


def split_glued(vlines: list[VLine]) -> list[VLine]:
    """The reply written on the attribution's line ("Thanks, will do. On Mon, … X wrote:"): the line is
    cut where its tail is a whole attribution; the head stays the reply's text. A long line of a flattened
    rendering may also hold dated attributions followed by the quoted words ("… Thanks, Ben On Sun, Dec 15, 2024
    at 3:51 PM X wrote: All, The purpose …", a thread view that put the blockquote on one line without '>'):
    it is cut before and after each (``_inline_cuts``). Returns the new list."""
    # a flattened page's line may be long: only its tail (an attribution is at most MAX_LINE) is tried
    candidates = [k for k, v in enumerate(vlines)
                  if (v.clean[-1:] in ":：" and 20 <= len(v.clean)) or (len(v.text) >= INLINE_MIN and ":" in v.text)]
    if not candidates:
        return vlines
    table = _table()
    out: list[VLine] = []
    done = 0
    changed = False
    for k in candidates:
        v = vlines[k]
        out.extend(vlines[done:k])
        done = k + 1
        if v.role is not None or not _GLUED_ANY.search(v.text):
            out.append(v)
            continue
        cuts: list[tuple[int, int]] = []  # (end of a piece's text, start of the next piece's)
        if v.clean[-1:] in ":：":
            cut = _glued_cut(table, v.text, _GLUED_AT, dated=False) or _glued_cut(table, v.text, _GLUED_ANY, dated=True)
            if cut is not None:
                cuts.append((cut.start(), cut.end()))
        if not cuts and len(v.text) >= INLINE_MIN:
            cuts = _inline_cuts(table, v.text)
        if not cuts:
            out.append(v)
            continue
        out += pieces(v, cuts)
        changed = True
    if not changed:
        return vlines
    out.extend(vlines[done:])
    return out


INLINE_MIN = 200  # a line this long may be a flattened rendering holding attributions inside it
MAX_INLINE_ENDS = 40  # colons of one line tried as the end of an attribution (a hostile line stays cheap)
_COLON = re.compile(r"[:：](?=\s+\S)")


def _inline_cuts(table: Table, text: str) -> list[tuple[int, int]]:
    """The cuts around each dated attribution inside a long line with words after it: for each, the end of the
    text before it and its start, then its end and the start of the quoted words. Left to right, without
    overlap; only colons whose last MAX_LINE characters hold a quote row's literals are tried."""
    quote_rows = [n for n, p in enumerate(table.patterns) if p.kind == "quote"]
    cuts: list[tuple[int, int]] = []
    floor = 0
    tried = 0
    for c in _COLON.finditer(text):
        if tried >= MAX_INLINE_ENDS:
            break
        end = c.end()
        window = text[max(floor, end - MAX_LINE):end]
        passes = table.gate.passes(window, fold(window))
        if not any(passes[n] for n in quote_rows):
            continue
        tried += 1
        lo = max(floor, end - MAX_LINE)
        start = _attribution_start(table, text, lo, end)
        if start is None:
            continue
        after = len(text) - len(text[end:].lstrip())  # the quoted words start after the white space
        head = text[:start].rstrip()
        if head and len(head) > floor:
            cuts.append((len(head), start))
        cuts.append((end, after))
        floor = after
    return cuts


def _attribution_start(table: Table, text: str, lo: int, end: int) -> int | None:
    """Where a quote attribution dated to the minute ending at ``end`` starts (at ``lo`` or after white space, before a
    capital or a digit), the longest first; None when none does."""
    starts = [lo] if lo == 0 or text[lo - 1].isspace() else []
    starts += [m.end() for m in _INLINE_START.finditer(text, lo, end)]
    for s in starts:
        tail = collapse(text[s:end])
        if len(tail) < 15:
            break
        tail = _tidy(tail)
        for p, ok in zip(table.patterns, table.gate.passes(tail, fold(tail)), strict=True):
            if ok and p.kind == "quote" and (full := p.regex.fullmatch(tail)) is not None:
                a = _build(p, full, [])
                if a is not None and a.date is not None and _CLOCK.search(a.date_text or ""):
                    return s
    return None


_CLOCK = re.compile(r"\d[:.h]\d\d")  # a time of day: a client's attribution has one, prose quoting a date rarely


_INLINE_START = re.compile(r"(?<=\s)(?=[A-ZÀ-ÖØ-Þ0-9])")  # a word start after white space


def _glued_cut(table: Table, text: str, at: re.Pattern, dated: bool) -> re.Match | None:
    """The first place ``at`` finds in ``text`` whose tail is a whole quote attribution (a dated one if ``dated``)."""
    for m in at.finditer(text, max(0, len(text) - MAX_LINE)):
        if len(text) - m.end() < 15:
            break
        if not _HEAD_WORDS.search(text, 0, m.start()):  # "* On …, X wrote:": a bullet, no reply before it
            continue
        tail = collapse(text[m.end():])
        tail = _tidy(tail)
        for p, ok in zip(table.patterns, table.gate.passes(tail, fold(tail)), strict=True):
            if not (ok and p.kind == "quote"):
                continue
            full = p.regex.fullmatch(tail)
            if full and (not dated or ((a := _build(p, full, [])) is not None and a.date is not None)):
                return m
    return None


def _build(p: Pattern, m: re.Match, used: list[int]) -> Attribution | None:
    g = m.groupdict()
    raw_name = g.get("name") or ""
    date_text = g.get("date")
    lead = _LEADING_TIME.match(raw_name) if date_text else None
    if lead:  # the time belongs to the date, not to the name
        date_text, raw_name = f"{date_text} {lead.group(1)}", raw_name[lead.end():]
    name, email = clean_name(raw_name, g.get("email"))
    if email and (not name or _BARE_ADDRESS.fullmatch(raw_name.strip())):
        name = email  # the attribution shows only an address ("On … <x@y.z> wrote:"): the author is the address
    addressee = raw_name.strip() in _table().addressee
    if addressee:  # "On …, you wrote:": the one the mail is addressed to, whom the line does not name
        name = None
    if p.kind == "quote" and not name and not addressee:
        return None
    if p.kind == "quote" and name and len(name.split()) > 8:  # prose that happens to end in "wrote:"
        return None
    when = parse_date(date_text, dayfirst=_dayfirst(p, date_text or "")) if date_text else None
    comment = int(g["comment"]) if g.get("comment") else None
    return Attribution(p.id, p.kind, name, email, when, date_text, used, comment, bare=p.lead is not None,
                       addressee=addressee)


_FIELD = re.compile(r"^\s*\*?(?P<label>[^\W\d_][\w .’'-]{0,20}?)\*?\s?[:：]\*?\s*(?P<value>.*)$")
# a rule line drawn above a header block ("________________________________", " -----------------")
_RULE = re.compile(r"[-_=—–]{8,}")
# any short phrase framed by dashes ("-----Oprindelig meddelelse-----"): a separator when fields follow
_FRAMED = re.compile(r"-{2,} ?[^\W\d_][^-<>:]{2,40}? ?-{2,}")
_ADDRESS_ONLY = re.compile(r"[<\[(]?(?:(?i:mailto:))?[^\s<>@]+(?:@| at )[^\s<>@]+[>\])]?")
MAX_BLANKS_IN_BLOCK = 2


def _field_role(labels: dict[str, str], text: str) -> tuple[str, str] | None:
    """(role, value) of a header-field line with a known label, else None."""
    m = _FIELD.match(text)
    if not m:
        return None
    role = labels.get(m.group("label").strip().casefold())
    return (role, m.group("value").strip()) if role else None


def _separator(table: Table, text: str) -> tuple[str, bool] | None:
    """(rule id, valid alone) of a separator line: a table row (valid alone), a rule or a framed
    phrase (valid only above header fields)."""
    for p in table.separators:
        if p.regex.fullmatch(text):
            return p.id, True
    if _RULE.fullmatch(text):
        return "rule-line", False
    if _FRAMED.fullmatch(text):
        return "framed-separator", False
    return None




WRAPPED_FIELD = 60  # a field line at least this long may have been wrapped by the archive (pipermail: ~72)


def _wrapped_subject(vlines: list[VLine], j: int, last_role: str | None, used: list[int]) -> bool:
    """The block's last field, a long Subject line, wrapped onto line ``j`` ("… the scope of the baseline" /
    "requirements"): a short line right under it that ends the block (a blank line or the input's end follows)."""
    if last_role != "subject" or not used or used[-1] != j - 1 or len(vlines[j - 1].clean) < WRAPPED_FIELD:
        return False
    nxt = vlines[j + 1] if j + 1 < len(vlines) else None
    return len(vlines[j].clean) < WRAPPED_FIELD and (nxt is None or nxt.blank or nxt.depth != vlines[j].depth)


def match_header_block(vlines: list[VLine], i: int, depth: int) -> Attribution | None:
    """An Outlook-style header block at line ``i``: optional separator line, then From/Sent/To/Subject.

    The fields may come in any order, with other fields (Reply-To, Importance) among them, blank lines
    between them and values wrapped onto the next line. The block needs a from-field and, without a
    separator, a date-, subject- or to-field (or an address in From), and from first unless three fields
    are given. A separator of the table alone (no fields after it) is returned as kind "separator".
    """
    if i >= len(vlines) or not any(c in vlines[i].clean[:40] for c in ":：-_="):
        return None
    table = _table()
    labels = table.labels
    n = len(vlines)

    def same(k: int) -> bool:
        return k < n and vlines[k].depth == depth and vlines[k].role is None

    used: list[int] = []
    j = i
    sep = _separator(table, vlines[i].clean) if same(i) else None
    if sep:
        used.append(j)
        j += 1
        while same(j) and vlines[j].blank:
            j += 1
    fields: dict[str, str] = {}
    last_role = None
    while same(j):
        v = vlines[j]
        if v.blank:  # blank lines between fields (some clients), when another new field follows
            k = j
            while same(k) and vlines[k].blank and k - j < MAX_BLANKS_IN_BLOCK:
                k += 1
            f = _field_role(labels, vlines[k].clean) if same(k) and fields else None
            if f is None or f[0] in fields or f[0] == "other":
                break
            used.extend(range(j, k))
            j = k
            continue
        f = _field_role(labels, v.clean)
        if f and f[0] not in fields:
            fields[f[0]] = f[1]
            last_role = f[0]
        elif f and f[0] == "other":
            pass
        elif last_role is None or f:
            break
        elif (last_role in ("to", "cc") and not _FIELD.match(v.clean)) \
                or (last_role == "from" and _ADDRESS_ONLY.fullmatch(v.clean)) \
                or (same(j + 1) and _field_role(labels, vlines[j + 1].clean)) \
                or (same(j + 2) and not vlines[j + 1].blank and _field_role(labels, vlines[j + 2].clean)
                    and not _FIELD.match(vlines[j + 1].clean)) \
                or _wrapped_subject(vlines, j, last_role, used):
            fields[last_role] += " " + v.clean  # a value wrapped onto the next line
        else:
            break
        used.append(j)
        j += 1
    fields.pop("other", None)
    if "from" not in fields:
        if sep and sep[1] and not fields:
            return Attribution(sep[0], "separator", None, None, None, None, [i])
        return None
    if not sep:
        if not ({"date", "subject", "to"} & fields.keys() or _has_address(fields["from"])):
            return None
        if list(fields)[0] != "from" and len(fields) < 3:
            return None
    name, email = clean_name(fields["from"], None)
    date_text = fields.get("date")
    when = parse_date(date_text) if date_text else None
    return Attribution(sep[0] if sep else "header-block", "header", name, email, when, date_text, used,
                       subject=fields.get("subject"), fields=fields)


def _has_address(value: str) -> bool:
    return "@" in value or " at " in value


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
