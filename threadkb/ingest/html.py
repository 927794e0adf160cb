"""HTML input -> the plain text lines the parser reads (quoting as ``> `` prefixes, one attribution line).

The rendering follows what a mail client shows, so that one text parser serves HTML and text alike:

* ``<head>``, ``<style>``, ``<script>``, comments (Word CSS, conditional comments) are markup: dropped;
* block elements (``<div>``, ``<p>``, ``<li>``, ``<tr>`` ...) start a new line, ``<br>`` ends one,
  ``<p>`` paragraphs are set off by one blank line (except Word's ``MsoNormal`` paragraphs, which
  write their blank lines explicitly); ``<li>`` becomes ``* item`` / ``1. item``; link text is kept,
  nothing is appended; white space collapses as in a browser, except in ``<pre>`` (lines as is);
* each ``<blockquote>`` level (Gmail ``gmail_quote``, Thunderbird ``type="cite"``, Outlook, Apple Mail)
  adds one ``> `` prefix to every line inside it;
* a Gmail ``gmail_attr`` / Thunderbird ``moz-cite-prefix`` element becomes ONE attribution line (its
  wrapped text joined) at its quoting level, recorded as ``Source.html_hints[i] = "attribution"``;
* an Outlook ``divRplyFwdMsg`` header block keeps one line per header, hinted ``"header"``;
* a pipermail message page keeps its subject / author / date lines (hinted ``"header"``) and its
  ``<pre>`` body line for line;
* archive navigation lines (pipermail "Previous message", "More information about the ... mailing
  list") are kept as lines — text is never dropped — and hinted ``"boilerplate"``;
* a document cut inside a tag (stored excerpts) loses only the partial tag, with a warning.

Hints (``Source.html_hints``, line index -> kind): ``attribution``, ``header``, ``boilerplate``.
The rules (tag classes, attribution classes, boilerplate prefixes) are data: ``threadkb/data/html_render.json``.
"""
from __future__ import annotations

import codecs
import re
import warnings as _warnings
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from threadkb import tables
from threadkb.models import Source

_WS = re.compile(r"[ \t\n\r\f]+")
_CUT_TAG = re.compile(r"<(?:[!/]?[A-Za-z][^<>]*)?\s*\Z")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class RenderRules:
    """The rendering table (see ``threadkb/data/html_render.json``)."""

    drop_tags: frozenset[str]
    block_tags: frozenset[str]
    paragraph_tags: frozenset[str]
    paragraph_gapless_classes: frozenset[str]
    cell_tags: frozenset[str]
    quote_tags: frozenset[str]
    pre_tags: frozenset[str]
    list_tags: dict[str, str]
    bullet: str
    list_indent: str
    attribution_classes: frozenset[str]
    header_block_ids: frozenset[str]
    max_quote_depth: int
    boilerplate_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> RenderRules:
    raw = tables.load("html_render.json")
    sets = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list) and k != "boilerplate_prefixes"}
    return RenderRules(
        **sets,
        list_tags=dict(raw["list_tags"]),
        bullet=raw["bullet"],
        list_indent=raw["list_indent"],
        max_quote_depth=int(raw["max_quote_depth"]),
        boilerplate_prefixes=tuple(raw["boilerplate_prefixes"]),
    )


@dataclass
class Rendering:
    """The text rendering of one HTML document."""

    lines: list[str]
    hints: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_html(path: str, text: str, encoding: str, warnings: list[str]) -> Source:
    """An HTML file (already decoded by ``ingest.text.decode``) -> Source of kind "html"."""
    text, encoding, warnings = _redecode(path, text, encoding, list(warnings))
    r = render_html(text)
    if not r.lines:
        r.warnings.append("the HTML holds no text")
    return Source(path=path, kind="html", lines=r.lines, encoding=encoding, warnings=warnings + r.warnings,
                  html_hints=r.hints)


def render_html(html: str) -> Rendering:
    """HTML text -> lines with ``> `` quote prefixes, attribution/header/boilerplate hints and warnings."""
    warns: list[str] = []
    cut = _CUT_TAG.search(html)
    if cut:
        warns.append(f"input ends inside an HTML tag (cut excerpt); the partial tag "
                     f"{_preview(cut.group())!r} was dropped")
        html = html[: cut.start()]
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # bs4's MarkupResemblesLocatorWarning etc.
        soup = BeautifulSoup(html, "html.parser")
    return _Renderer(rules(), warns).render(soup)


def _preview(s: str, n: int = 40) -> str:
    s = _WS.sub(" ", s)
    return s if len(s) <= n else s[:n] + "…"


def _redecode(path: str, text: str, encoding: str, warnings: list[str]) -> tuple[str, str, list[str]]:
    """Use the declared ``<meta charset>`` only when the UTF-8 decode failed.

    A file that decodes as UTF-8 is UTF-8, whatever it declares (archives re-encode attachments to UTF-8
    and keep ``charset=big5`` in the markup): decoding it again as big5 would make mojibake.
    """
    if encoding != "utf-8" or not any(w.startswith("invalid UTF-8") for w in warnings):
        return text, encoding, warnings
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return text, encoding, warnings
    m = _META_CHARSET.search(data[:16384])
    if not m:
        return text, encoding, warnings
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return text, encoding, warnings + [f"declared charset {name!r} is unknown; kept the UTF-8 decode"]
    if codec == "utf-8":
        return text, encoding, warnings
    decoded = data.decode(codec, errors="replace")
    bad = decoded.count("\ufffd")
    if bad > text.count("\ufffd"):
        return text, encoding, warnings + [f"declared charset {name!r} decodes worse than UTF-8; kept UTF-8"]
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    kept = [w for w in warnings if not w.startswith("invalid UTF-8")]
    note = f"not valid UTF-8; decoded with the declared charset {name!r}"
    return decoded, codec, kept + [note + (f" ({bad} undecodable bytes replaced)" if bad else "")]


@dataclass
class _Line:
    depth: int
    text: str
    hint: str | None = None


class _Renderer:
    """Walks the parse tree iteratively (no recursion limit on deep nesting) and builds lines."""

    def __init__(self, r: RenderRules, warnings: list[str]) -> None:
        self.r = r
        self.warnings = warnings
        self.lines: list[_Line] = []
        self.buf: list[str] = []
        self.dirty = False  # the current line has content
        self.depth = 0  # blockquote nesting
        self.real_depth = 0
        self.pre = 0
        self.pending_gap = False
        self.lists: list[list] = []  # [kind, counter]
        self.hint: str | None = None  # hint for lines emitted inside a hinted block
        self.hint_owner: Tag | None = None  # the element that set ``hint``

    # ------------------------------------------------------------------ output
    def render(self, soup: BeautifulSoup) -> Rendering:
        stack: list[tuple[object, bool]] = [(soup, False)]
        while stack:
            node, closing = stack.pop()
            if closing:
                self._close(node)  # type: ignore[arg-type]
                continue
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:  # not Comment, Doctype, CData, Declaration ...
                    self._text(str(node))
                elif isinstance(node, Comment) and node.strip() == "beginarticle":
                    self._article_starts()
                continue
            if not isinstance(node, Tag):
                continue
            name = (node.name or "").lower()
            if name in self.r.drop_tags:
                continue
            classes = set(node.get("class") or ())
            if classes & self.r.attribution_classes:
                self._attribution(node)
                continue
            self._open(node, name, classes)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.contents))
        self._boundary()
        return self._finish()

    def _finish(self) -> Rendering:
        out: list[str] = []
        hints: dict[int, str] = {}
        while self.lines and not self.lines[-1].text:
            self.lines.pop()
        start = 0
        while start < len(self.lines) and not self.lines[start].text:
            start += 1
        for ln in self.lines[start:]:
            prefix = "> " * ln.depth
            text = (prefix + ln.text) if ln.text else prefix.rstrip()
            if ln.hint is None and ln.text.lstrip(" *").startswith(self.r.boilerplate_prefixes):
                ln.hint = "boilerplate"
            if ln.hint:
                hints[len(out)] = ln.hint
            out.append(text)
        return Rendering(out, hints, self.warnings)

    def _emit(self, text: str, hint: str | None = None) -> None:
        if self.pending_gap:
            self.pending_gap = False
            last = self.lines[-1] if self.lines else None
            if text and last is not None and last.text and last.depth == self.depth:
                self.lines.append(_Line(self.depth, ""))
        self.lines.append(_Line(self.depth, text, hint or self.hint))

    def _flush(self) -> None:
        text = "".join(self.buf)
        if not self.pre:
            text = text.rstrip(" ")
        if not text.strip():
            text = ""  # a line of white space only (e.g. Word's &nbsp; paragraphs) is a blank line
        self._emit(text)
        self.buf = []
        self.dirty = False

    def _boundary(self) -> None:
        if self.dirty:
            self._flush()
        else:
            self.buf = []

    def _gap(self) -> None:
        self._boundary()
        last = self.lines[-1] if self.lines else None
        if last is not None and last.text and last.depth == self.depth:
            self.lines.append(_Line(self.depth, "", self.hint))
        self.pending_gap = False

    # ------------------------------------------------------------------ events
    def _text(self, s: str) -> None:
        if self.pre:
            parts = s.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self._flush()
                if part:
                    self.buf.append(part.replace("\r", ""))
                    self.dirty = True
            return
        s = _WS.sub(" ", s)
        if not self.dirty or (self.buf and self.buf[-1].endswith(" ")):
            s = s.lstrip(" ")
        if not s:
            return
        self.buf.append(s)
        self.dirty = True

    def _open(self, node: Tag, name: str, classes: set[str]) -> None:
        r = self.r
        if name == "br":
            self._flush()
        elif name in r.quote_tags:
            self._boundary()
            self.real_depth += 1
            if self.depth < r.max_quote_depth:
                self.depth += 1
            elif self.real_depth == r.max_quote_depth + 1:
                self.warnings.append(f"blockquotes nested deeper than {r.max_quote_depth} levels: "
                                     f"deeper levels rendered at level {r.max_quote_depth}")
            self.pending_gap = False
        elif name in r.pre_tags:
            self._gap()
            self.pre += 1
            # HTML ignores one newline right after <pre>
            first = node.contents[0] if node.contents else None
            if isinstance(first, NavigableString) and type(first) is NavigableString and first.startswith("\n"):
                first.replace_with(NavigableString(first[1:]))
        elif name in r.paragraph_tags:
            if classes & r.paragraph_gapless_classes:
                self._boundary()
            else:
                self._gap()
        elif name in r.list_tags:
            self._boundary()
            start = node.get("start")
            try:
                counter = int(start) - 1 if isinstance(start, str) and start else 0
            except ValueError:
                counter = 0
            self.lists.append([r.list_tags[name], counter])
        elif name == "li":
            self._boundary()
            kind, n = self.lists[-1] if self.lists else ("bullet", 0)
            if self.lists:
                self.lists[-1][1] += 1
                n += 1
            marker = f"{n}. " if kind == "number" else f"{r.bullet} "
            self.buf = [r.list_indent * max(0, len(self.lists) - 1) + marker]
            self.dirty = True
        elif name in r.cell_tags:
            if self.dirty and self.buf and not self.buf[-1].endswith(" "):
                self.buf.append(" ")
        elif name in r.block_tags:
            self._boundary()
        if node.get("id") in r.header_block_ids and self.hint is None:
            self._boundary()
            self.hint = "header"
            self.hint_owner = node

    def _close(self, node: Tag) -> None:
        r = self.r
        name = (node.name or "").lower()
        if name in r.quote_tags:
            self._boundary()
            self.real_depth -= 1
            if self.real_depth < self.depth:
                self.depth = self.real_depth
            self.pending_gap = False
        elif name in r.pre_tags:
            self._boundary()
            self.pre -= 1
            self.pending_gap = True
        elif name in r.paragraph_tags:
            self._boundary()
            if not set(node.get("class") or ()) & r.paragraph_gapless_classes:
                self.pending_gap = True
        elif name in r.list_tags:
            self._boundary()
            if self.lists:
                self.lists.pop()
        elif name in r.block_tags:
            self._boundary()
        if node is self.hint_owner:
            self._boundary()
            self.hint = None
            self.hint_owner = None

    def _article_starts(self) -> None:
        """Pipermail's ``<!--beginarticle-->``: the lines before it are the page's message header."""
        self._boundary()
        for ln in self.lines:
            if ln.text and ln.hint is None and not ln.text.lstrip(" *").startswith(self.r.boilerplate_prefixes):
                ln.hint = "header"

    def _attribution(self, node: Tag) -> None:
        """One attribution line (the wrapped text of the element joined) at the current quote level.

        Thunderbird users may write their reply inside the ``moz-cite-prefix`` element, above the attribution
        ("HARICA votes … <br><br>Dimitris.<br><br>On 2/4/2017 11:26 μμ, X wrote:<br>", a ``moz-signature``
        <pre> too): when a blank line (two <br>, or a <pre>'s empty line) parts that text from a last line
        ending in ":", the text keeps its lines and only the last line is the attribution."""
        segments: list[list[str]] = [[]]
        for s in node.descendants:
            if isinstance(s, NavigableString) and type(s) is NavigableString:
                parents = {p.name for p in s.parents}
                if parents & self.r.drop_tags:
                    continue
                pieces = str(s).split("\n") if "pre" in parents else [str(s)]
                segments[-1].append(pieces[0])
                segments.extend([piece] for piece in pieces[1:])
            elif isinstance(s, Tag) and s.name == "br":
                segments.append([])
        lines = [_WS.sub(" ", "".join(seg)).strip(" ") for seg in segments]
        while lines and not lines[-1]:
            lines.pop()
        head = lines[:-1]
        self._boundary()
        if lines and lines[-1].endswith((":", "：")) and "" in head and any(head):
            while head and not head[-1]:
                head.pop()
            for text in head:
                self._emit(text)
            self._emit("")
            self._emit(lines[-1], "attribution")
            return
        text = " ".join(t for t in lines if t)
        if text:
            self._emit(text, "attribution")
