"""Plain text input: decode bytes safely and tell what kind of container a file is."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from threadkb.models import IngestError

_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|div|p|blockquote|table|br)\b", re.I)
_HTML_DOCUMENT = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.I)
HTML_LINE_SHARE = 0.5  # share of the non-blank lines holding a tag from which a file without <html> is HTML
_MBOX_FROM = re.compile(rb"^From \S+.*\d{4}\s*$", re.M)
_HEADER = re.compile(rb"^(?:Return-Path|Received|Message-ID|From|Date|Subject|MIME-Version|Delivered-To|To|Cc|Sent):", re.I | re.M)

MAX_LINE = 200_000  # characters; longer lines are cut into pieces (with a warning), never dropped
TEXT_PIECE = 1 << 20  # characters of a long text read at a time by ``pieces_at_space``
_SPACE = re.compile(r"\s")


def pieces_at_space(text: str, size: int | None = None) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters (default TEXT_PIECE), each cut at white space, so that no
    word spans two: what reads a huge message word by word without a list of all its words at once (the store's
    normalised text, the link stage's stems). A text no longer than ``size`` is one piece: itself."""
    size = TEXT_PIECE if size is None else size
    if len(text) <= size:
        yield text
        return
    pos = 0
    while pos < len(text):
        m = _SPACE.search(text, pos + size)
        end = m.start() if m else len(text)
        yield text[pos:end]
        pos = end


def sniff(path: str, head: bytes) -> str:
    """'mbox', 'eml', 'html' or 'text', from the first bytes (the file name only breaks ties)."""
    lower = path.lower()
    first = head.lstrip(b"\r\n")  # a stored copy may open with blank lines before the first separator
    if first.startswith(b"From ") and _MBOX_FROM.match(first):
        return "mbox"
    if lower.endswith(".mbox"):
        return "mbox"
    if lower.endswith((".eml", ".msg")):
        return "eml"
    start = head[:4096]
    if len(_HEADER.findall(start[:2048])) >= 3 and _HEADER.match(start):
        return "eml"
    if lower.endswith((".html", ".htm")) or _looks_like_html(start):
        return "html"
    return "text"


def _looks_like_html(start: bytes) -> bool:
    """An HTML document (<html>, <body>, a doctype), a fragment that opens with a tag (a Gmail or Outlook
    attachment: '<div dir="ltr">'), or text whose lines are mostly tagged. A GitHub, Bugzilla or mail page
    with a few inline tags ('NSA <br>**Section:** 4.9.10') is text: flattening it would lose its page lines."""
    if _HTML_DOCUMENT.search(start) or _HTML.match(start.lstrip()):
        return True
    lines = [line for line in start.splitlines() if line.strip()]
    return bool(lines) and sum(1 for line in lines if _HTML.search(line)) >= HTML_LINE_SHARE * len(lines)


def read_input(path: str, limit: int = -1) -> bytes:
    """The bytes of an input file (its first ``limit`` bytes when given); IngestError when the system does not give
    them ("cannot read: Permission denied") or they are all blank ("empty file")."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None
    if not data or data.isspace():  # (not data.strip(): a copy of the whole input)
        raise IngestError("empty file")
    return data


def decode(data: bytes, path: str = "") -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding, warnings). Binary input raises IngestError; bad bytes are replaced."""
    warnings: list[str] = []
    if not data or data.isspace():  # (not data.strip(): a copy of the whole input)
        raise IngestError("empty file")
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        encoding = _utf16_without_bom(sample)
        utf16 = _utf16_text(data, encoding) if encoding else None
        if encoding is None or utf16 is None:
            raise IngestError("binary file (NUL bytes): not a text, HTML or e-mail archive")
        warnings.append(f"UTF-16 text with no byte order mark: read as {encoding.upper()}")
        return _normalise(utf16, warnings), encoding, warnings
    if data.startswith(b"\xef\xbb\xbf"):
        return _normalise(data.decode("utf-8-sig", errors="replace"), warnings), "utf-8-sig", warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        utf16 = _utf16_text(data)
        if utf16 is not None:
            return _normalise(utf16, warnings), "utf-16", warnings
        warnings.append(f"starts with the UTF-16 byte order mark {data[:2].hex(' ').upper()} but is not UTF-16 text:"
                        " read as UTF-8 without those two bytes")
        data = data[2:]
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = sum(1 for _ in re.finditer(rb"[\x80-\xff]", data))
        text, enc = data.decode("utf-8", errors="replace"), "utf-8"
        warnings.append(f"invalid UTF-8 at byte {exc.start} ({bad} non-ASCII bytes); undecodable bytes replaced by U+FFFD")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > 0.1 * min(len(text), 8192):
        raise IngestError("binary file (control characters): not a text, HTML or e-mail archive")
    return _normalise(text, warnings), enc, warnings


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``sample`` has the NUL bytes of UTF-16 text of mostly Latin letters
    (text saved by Windows tools without a byte order mark): the high byte of most characters is 00, so
    NULs fill one byte position of the pairs and next to none the other. None for anything else."""
    pairs = len(sample) // 2
    if pairs < 8 or len(sample) % 2 and len(sample) < 8192:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.01 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.01 * pairs:
        return "utf-16-be"
    return None


def _utf16_text(data: bytes, encoding: str = "utf-16") -> str | None:
    """The text of ``data`` (with a UTF-16 byte order mark) when it really is UTF-16 text, else None.

    Any bytes after FF FE decode as *something* in UTF-16: ASCII read two bytes at a time becomes CJK
    ideographs. Real UTF-16 text decodes without error (an even length, surrogates paired), has spaces or
    line breaks (U+0020, U+000A: bytes 20 00 / 0A 00, which byte pairs of 8-bit text never form), and
    next to no control, unassigned or private-use characters."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:8192]
    if not sample.strip():
        return None
    breaks = sum(1 for c in sample if c in " \n\t")
    odd = sum(1 for c in sample if c not in "\t\n\r\f\v" and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    if odd > 0.01 * len(sample) or (len(sample) >= 80 and breaks == 0):
        return None
    return text


def _normalise(text: str, warnings: list[str]) -> str:
    """Line ends as "\\n", no final line end, every line cut into pieces of at most MAX_LINE characters.
    The text is read by offsets: a long line is cut by index, not re-sliced from its rest (that copied the
    rest once per piece), and the text is never held as a list of lines beside itself (a 50 MB input held
    five copies at once)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    ends = _long_lines(text)
    if not ends:
        return text
    pieces, pos = [], 0
    for start, end in ends:
        pieces.append(text[pos:start])  # the lines before, with their line ends
        for i in range(start, end, MAX_LINE):
            pieces += ["\n", text[i:min(i + MAX_LINE, end)]] if i > start else [text[i:min(i + MAX_LINE, end)]]
        pos = end
    pieces.append(text[pos:])
    warnings.append(f"lines longer than {MAX_LINE} characters were split")
    return "".join(pieces)


def _long_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the lines of ``text`` longer than MAX_LINE characters."""
    out, pos, size = [], 0, len(text)
    while pos <= size:
        end = text.find("\n", pos)
        end = size if end < 0 else end
        if end - pos > MAX_LINE:
            out.append((pos, end))
        pos = end + 1
    return out
