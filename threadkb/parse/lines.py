"""Where an input line becomes a quoted or unquoted line: quote depth, markers, flattened renderings.

Every physical line of a Source becomes one or more ``VLine`` (more than one only when a
"flattened" archive rendering put a whole thread on one line with inline ``>`` tokens). Each
VLine carries its quote depth and its text without markers; later stages give it its role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from threadkb.models import LineRole
from threadkb.parse.people import inline_sign_off_at, signature_name

# Quote markers at a line start: ">", "> >", ">>", and the bold-markup artefact "*>*".
_MARKERS = re.compile(r"^[ \t]*((?:(?:\*>\*|>)[ \t]?)+)")
_MARKER_STARTS = frozenset(" \t*>")  # the first characters a marked line can have
# A flattened rendering: inline marker tokens ("... wrote: > Alvin, > > I believe ...").
_INLINE_MARK = re.compile(r"(?<=\s)>+(?=\s|$)")
# Inline starts of footers in flattened renderings.
_INLINE_FOOTER = re.compile(r"\s(?=_{10,}\s|--\s+You received this message|Reply via email to\s*$)")
FLATTENED_MIN_TOKENS = 3
FLATTENED_MIN_LENGTH = 200
_SENTENCE_END = ".!?:;\"”’)]>*…"
WRAP_MIN = 45  # a line at least this long that stops mid-sentence was wrapped by the sender's client


def collapse(text: str) -> str:
    """The text with white space (incl. U+00A0, U+202F) collapsed, for pattern matching."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@dataclass(slots=True)
class VLine:
    """One (virtual) line: physical line ``index``, starting at column ``col``. ``clean`` and ``blank``
    are computed with the text (every line's are read; computing them on demand cost the parse of
    5,000 e-mails a second in attribute look-ups)."""

    index: int
    col: int
    raw: str
    depth: int
    text: str  # without quote markers
    tcol: int  # column of ``text`` in the physical line
    role: LineRole | None = None
    message: str | None = None
    rule: str = ""
    sign_off: str | None = None  # a sign-off cut off the end of its line (``split_sign_offs``): the name it gives
    clean: str = field(init=False, default="")  # collapse(text)
    blank: bool = field(init=False, default=True)  # no text but white space

    def __post_init__(self) -> None:
        self.clean = collapse(self.text)
        self.blank = not self.clean

    def set_text(self, text: str, tcol: int) -> None:
        self.text, self.tcol = text, tcol
        self.clean = collapse(text)
        self.blank = not self.clean


def pieces(v: VLine, cuts: list[tuple[int, int]]) -> list[VLine]:
    """The pieces of ``v`` at ``cuts`` ((end of a piece's text, start of the next piece's text), in ``v.text``
    columns): each piece's raw text runs to the next piece's start, its text stops before the white space."""
    out: list[VLine] = []
    start = 0
    for stop, nxt in [*cuts, (len(v.text), None)]:
        off = v.tcol - v.col + start  # where the piece starts in v.raw
        raw_end = None if nxt is None else v.tcol - v.col + nxt
        piece = VLine(v.index, v.col + (off if start else 0), v.raw[(off if start else 0):raw_end], v.depth,
                      v.text[start:stop], v.tcol + start)
        out.append(piece)
        if nxt is None:
            break
        start = nxt
    return out


def unmarked(raw: str) -> tuple[int, int]:
    """(quote depth, column where the text starts) of a line by its leading quote markers ("> > ", "*>*"); (0, 0)
    for a line without markers. The parse reads every line so (``split_lines``); the store reads a quote's lines
    again with it (``threadkb.store``: the words of a quote block)."""
    m = _MARKERS.match(raw) if raw[:1] in _MARKER_STARTS else None
    if not m:
        return 0, 0
    markers = m.group(1)
    return markers.count("*>*") + markers.replace("*>*", "").count(">"), m.end()


def _marked(index: int, col: int, raw: str) -> VLine:
    depth, start = unmarked(raw)
    return VLine(index, col, raw, depth, raw[start:], col + start)


def split_lines(lines: list[str]) -> tuple[list[VLine], list[str]]:
    """Physical lines -> VLines (flattened lines are split at their inline tokens). Returns notes."""
    out: list[VLine] = []
    notes: list[str] = []
    for i, line in enumerate(lines):
        if len(line) < FLATTENED_MIN_LENGTH:  # most lines: too short to be a flattened rendering
            out.append(_marked(i, 0, line))
            continue
        tokens = list(_INLINE_MARK.finditer(line))
        if len(tokens) >= FLATTENED_MIN_TOKENS and len(line) >= FLATTENED_MIN_LENGTH:
            cuts = [0] + [t.start() for t in tokens]
            notes.append(f"line {i + 1}: flattened rendering split into {len(cuts)} lines at inline '>' tokens")
        else:
            cuts = [0]
        if len(line) >= FLATTENED_MIN_LENGTH:
            extra = [m.end() for m in _INLINE_FOOTER.finditer(line)]
            cuts = sorted(set(cuts + extra + (_reply_tails(line, cuts) if len(cuts) > 1 else [])))
        for a, b in zip(cuts, cuts[1:] + [len(line)], strict=True):
            piece = line[a:b]
            out.append(_marked(i, a, piece.rstrip(" ") if b != len(line) else piece))
    if '" == ' in "".join(v.text[:40] for v in out if v.depth >= SUPERCITE_BAR):
        named_citations(out)
    return out, notes


# Supercite / Gnus (Emacs): the attribution ">>>>> "HJL" == Hung Jung Lu <x@y> writes:" names a tag, and the
# quoted lines carry it as their marker ("    HJL> text"), with or without indent. The attribution's five
# '>' are decoration, not depth; a tag marks quoted lines only after an attribution declared it (a prompt
# such as "mysql> " is never a quote marker).
SUPERCITE_BAR = 5
_SUPERCITE_ATTRIBUTION = re.compile(r'"(?P<tag>[^\W\d_][\w.-]{0,11})" == \S')
_SUPERCITE_MARK = re.compile(r"[ \t]*(?P<tag>[^\W\d_][\w.-]{0,11})>(?: |$)")


def named_citations(vlines: list[VLine]) -> int:
    """Supercite quoting (see above): the attribution line goes back to the depth around its bar, and each
    later line marked with a declared tag is one level deeper than its own depth, the tag its marker
    (repeated tags, "HJL> AJR> text", are nested levels). Returns how many lines changed."""
    tags: set[str] = set()
    changed = 0
    for v in vlines:
        if v.depth >= SUPERCITE_BAR and v.raw.lstrip()[:SUPERCITE_BAR + 1] == ">" * SUPERCITE_BAR + " ":
            m = _SUPERCITE_ATTRIBUTION.match(v.text)
            if m:
                tags.add(m.group("tag"))
                v.depth -= SUPERCITE_BAR
                changed += 1
                continue
        if not tags:
            continue
        while (m := _SUPERCITE_MARK.match(v.text)) and m.group("tag") in tags:
            v.set_text(v.text[m.end():], v.tcol + m.end())
            v.depth += 1
            v.rule = "supercite-quote"
            changed += 1
    return changed


# Where the unquoted reply begins inside a flattened quoted piece: after a sign-off name that the quoted
# line held alone ("> Ben I have two comments"), or after a sentence end followed by a new sentence.
_SIGNOFF_TAIL = re.compile(r"^[>\s]*(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}) (?=[A-Z])")
_SENTENCE_TAIL = re.compile(r"[.!?][\"”’)]? (?=[A-Z])")
TAIL_MARGIN = 10  # a piece this much longer than the quote's wrap width holds more than one line
TAIL_MIN_LINES = 3  # pieces near the wrap width needed to know the width
MAX_WRAP = 100  # widest wrap width of a quoted line (longer pieces are unwrapped paragraphs or hold a reply)


def _reply_tails(line: str, cuts: list[int]) -> list[int]:
    """In a flattened rendering the reply written under a quoted line lost its line break and follows
    the last quoted piece on the same line. The quote was wrapped at a width W (read from its other
    pieces); a quoted piece much longer than W holds the quoted line and the reply: cut after a sign-off
    name, else after the last question within W (the reply answers it), else right after its marker when the
    quoted piece before it ended its paragraph (``_paragraph_end``: the marker was the empty quoted line under it)
    and it starts as a sentence does (not in lower case: a quoted sentence going on), else at the first sentence end within W. Returns the columns where replies start."""
    bounds = list(zip(cuts, cuts[1:] + [len(line)], strict=True))[1:]
    lengths = [len(line[a:b].rstrip()) for a, b in bounds]
    wrapped = sorted((x for x in lengths if x <= MAX_WRAP), reverse=True)
    out = []
    for n, ((a, b), length) in enumerate(zip(bounds, lengths, strict=True)):
        # the wrap width: the widest other piece that can be one wrapped line (the piece itself left out)
        skip = 1 if wrapped and length == wrapped[0] else 0
        if len(wrapped) - skip < TAIL_MIN_LINES:
            continue
        width = wrapped[skip]
        near = wrapped[skip:skip + TAIL_MIN_LINES]
        if length <= width + TAIL_MARGIN or sum(1 for x in near if x >= 0.75 * width) < TAIL_MIN_LINES:
            continue
        piece = line[a:b]
        m = _SIGNOFF_TAIL.match(piece)
        if m and 0 < len(piece[:m.end()].lstrip("> ").strip()) <= 30 \
                and signature_name(piece[:m.end()].lstrip("> ").strip()):  # a name, not "Yes." before "The …"
            out.append(a + m.end())
            continue
        ends = [m for m in _SENTENCE_TAIL.finditer(piece) if m.end() <= width]
        questions = [m for m in ends if m.group().startswith("?")]
        if questions:  # a quoted question is what the reply answers
            out.append(a + questions[-1].end())
        elif n and not piece.lstrip("> ")[:1].islower() and _paragraph_end(line[bounds[n - 1][0]:bounds[n - 1][1]], width):
            out.append(a + len(piece) - len(piece.lstrip("> ")))  # the '>' was the empty line after the paragraph
        elif ends:  # else the quoted paragraph's first sentence end
            out.append(a + ends[0].end())
    return out


PARAGRAPH_END_SHARE = 0.75  # a quoted line ending a sentence this much shorter than the wrap width ends its paragraph
_PARAGRAPH_END = ".!?\"”’)…"


def _paragraph_end(piece: str, width: int) -> bool:
    """A quoted piece that ends a sentence well short of the wrap width is the last line of its paragraph: the one
    '>' after it is the empty quoted line between paragraphs, and an unmarked reply follows that line ("… for
    Mozilla.” > I think what you've quoted …"); a quote going on would show "> >" (an empty piece) instead."""
    text = piece.strip("> ")
    return bool(text) and text[-1] in _PARAGRAPH_END and len(text) < PARAGRAPH_END_SHARE * width


def _mid_sentence(v: VLine) -> bool:
    t = v.text.rstrip()
    return bool(t) and len(t) >= WRAP_MIN and t[-1] not in _SENTENCE_END


def repair_lost_markers(vlines: list[VLine]) -> int:
    """Give back their quote depth to lines an archive re-wrapped without their '>' marker.

    Two cases, both only between non-blank lines: (1) a line right after a deeper quoted line that
    stops mid-sentence continues that quote; (2) a line that stops mid-sentence right before a
    deeper quoted line starting in lower case begins that quote. A quoted footer line (boilerplate) is
    never continued. Returns how many lines changed.
    """
    changed = 0
    for i in range(1, len(vlines)):
        prev, cur = vlines[i - 1], vlines[i]
        if cur.blank or prev.blank or cur.depth >= prev.depth or cur.role is not None:
            continue
        if prev.role == LineRole.BOILERPLATE:  # a quoted list footer ends the quote: nothing continues it
            continue
        if _mid_sentence(prev) and not _looks_structural(cur) and _could_be_its_tail(prev, cur):
            cur.depth = prev.depth
            cur.rule = "rewrap-continuation"
            changed += 1
    for i in range(len(vlines) - 2, -1, -1):
        cur, nxt = vlines[i], vlines[i + 1]
        if cur.blank or nxt.blank or nxt.depth <= cur.depth or cur.role is not None:
            continue
        first = nxt.text.lstrip()[:1]
        if first.islower() and _mid_sentence(cur) and not _looks_structural(cur):
            cur.depth = nxt.depth
            cur.rule = "rewrap-lead"
            changed += 1
    return changed


REWRAP_SLACK = 15  # characters a wrapped line's tail may exceed the line it continues (a word that did not fit)


_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")  # a Markdown link's target: not part of the wrapped width


def _could_be_its_tail(prev: VLine, cur: VLine) -> bool:
    """A wrapped line is as long as the wrap width allows: a next line much longer than it was not cut off it
    ("> 2.2 Whole-Population Audit of Intermediate Certs" above a 130-character answer on GitHub). Widths are
    of the visible text (a Markdown link's target does not count), and a line going on in lower case continues
    the sentence whatever its width (RFC 2119's boilerplate quoted in zmap/zlint#923: '… in this' / 'document
    are to be interpreted as described in [RFC 2119](https://…)')."""
    tail = cur.raw.strip()
    if tail[:1].islower():
        return True
    width = len(_LINK_TARGET.sub("]", cur.raw.rstrip()))
    return width <= len(_LINK_TARGET.sub("]", prev.raw.rstrip())) + REWRAP_SLACK


_STRUCTURAL = re.compile(r"^\s*(?:[-*•]\s|\d+[.)]\s|On .* wrote:|\(In reply to)")


def _looks_structural(v: VLine) -> bool:
    """Lines that start something of their own (bullets, attributions) never continue a quote."""
    return bool(_STRUCTURAL.match(v.text)) or v.text.rstrip().endswith("wrote:")


# a line that may end in a sign-off after its last sentence: a dash or a closing word right after a sentence end
_CLOSING_HINT = r"(?i:thank|regard|best|cheers|sincerely|kind|many|yours|warm|all the)"
_SIGN_OFF_HINT = re.compile(rf"[.!?]\s+(?:[-–—~]|{_CLOSING_HINT})|^\s*{_CLOSING_HINT}")  # (a closing may open the line)
SIGN_OFF_TAIL = 1000  # characters at a line's end where the hint is looked for (the footnotes after a sign-off are long)


def split_sign_offs(vlines: list[VLine]) -> list[VLine]:
    """A sign-off kept at the end of a line of sentences (a flattened page: "… these updates. - Ryan (on behalf of
    X)", "… into the open. -selena [1] https://…", "… be approved. Thanks, Ben"; ``people.inline_sign_off_at``) is
    cut off its line where a sign-off stands: the line ends its paragraph (a blank line, a line of another depth,
    another piece of the same input line, such as a glued attribution or a footer, or the input's end follows).
    The sign-off becomes a piece of its own (``VLine.sign_off`` holds its name), the footnote references after it
    another; the sentences (and a closing word: "Thanks,") stay the line's. Returns the new list."""
    out: list[VLine] = []
    changed = False
    for k, v in enumerate(vlines):
        nxt = vlines[k + 1] if k + 1 < len(vlines) else None
        ends = nxt is None or nxt.blank or nxt.depth != v.depth or nxt.index == v.index
        so = inline_sign_off_at(v.text) if ends and not v.blank and v.role is None \
            and _SIGN_OFF_HINT.search(v.text, max(0, len(v.text) - SIGN_OFF_TAIL)) else None
        if so is not None and nxt is not None and nxt.index == v.index and not any(c in ".!?" for c in v.text[:so.start]):
            so = None  # "Thanks, Ryan" alone before a glued attribution of Ryan's: thanks to him, not a sign-off
        if so is None:
            out.append(v)
            continue
        cuts = [(len(v.text[:so.start].rstrip()), so.start)]
        if so.notes is not None:
            cuts.append((so.end, len(v.text) - len(v.text[so.notes:].lstrip())))
        parts = pieces(v, cuts)
        parts[1].sign_off = so.name
        out += parts
        changed = True
    return out if changed else vlines
