"""E-mail input: ``.eml`` (mail-parser) and mbox (streamed: one mail in memory at a time).

The rendering of a mail in ``Source.lines`` is a short header block, a blank line, then the body::

    From: Arabella Barks <arabella.barks@example.com>
    Date: Fri, 10 Oct 2025 21:00:56 +0800
    Subject: Re: SHECA: API keys exposed

    Hi Alvin, ...
    > quoted text

The header lines are there to be read by a person (``threadkb parse --lines``); the parser takes the
mail's fields from ``Source.mail[i]`` (a ``MailHeaders``) and its body from ``Source.parts[i]``: the
body of mail *i* is ``lines[parts[i][0]:parts[i][1]]``. Lines outside every part are the header blocks
and the blank separators. The body is the text/plain part; a mail with only HTML is rendered by
``ingest.html.render_html`` (its hints are shifted into ``Source.html_hints``).

An mbox is read one mail at a time (``iter_mbox``: a streaming ``From ``-line scanner, stricter than
stdlib ``mailbox.mbox`` about what separates two mails) and gives ONE Source PER THREAD (mails linked
by Message-ID / In-Reply-To / References, see ``parse.threading``), in file order; a Source's ``path``
is the mbox path, followed by ``#N`` (1-based thread number) when the mbox holds more than one thread. A mail's line numbers are those of the
rendering, not of the mbox file.

An mbox is read in two passes, so that memory does not grow with its size:

1. ``index_mbox``: every mail's header fields that threading needs and its byte range (``MailRef``);
   the mails are grouped into threads (``MboxThread``: a name and the MailRefs of its mails);
2. ``read_thread``: one thread's mails read again from their byte ranges and rendered as one Source.

``iter_mbox_sources`` chains the two (one Source in memory at a time); ``read_mbox`` lists them.

Damage (truncated mbox, broken MIME, a charset that does not decode the body) gives a best-effort
Source with warnings; a file with no mail in it raises ``IngestError``.
"""
from __future__ import annotations

import binascii
import codecs
import email
import email.header
import email.parser
import email.utils
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import Message as EmailMessage
from typing import BinaryIO, TypeVar

from threadkb import identity
from threadkb.ingest.html import render_html
from threadkb.ingest.text import read_input
from threadkb.mailthreads import header_field_role, message_id_key, thread_messages
from threadkb.models import IngestError, MailHeaders, Source, date_problem

logging.getLogger("mailparser").setLevel(logging.CRITICAL)  # its defects are reported as our warnings
log = logging.getLogger(__name__)

_FROM_LINE = re.compile(rb"^From \S+.*\d{4}\s*$")
# the separator as mbox writers print it (ctime: "From alice@example.org Mon Mar  4 09:00:00 2024", maybe a zone
# before the year): a line of this form starts a mail even without a blank line before it (mboxo and sloppy exporters
# that do not end each mail with an empty line); pipermail writes the sender as "alice at example.org";
# not git format-patch's "From <commit hash> Mon Sep 17 00:00:00 2001", a patch pasted into a body
_CTIME_FROM_LINE = re.compile(rb"^From (?![0-9a-f]{40} )\S+(?: at \S+)? +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +"
                              rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +[A-Z]{2,5}| +[-+]\d{4})? +\d{4}\s*$")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_ESCAPED_FROM = re.compile(rb"^>+From ")
# mboxcl2 (and mboxcl) give each mail's body length: a "From " line inside that many bytes is body, not a separator
_CONTENT_LENGTH = re.compile(rb"(?i)^content-length:[ \t]*(\d{1,15})[ \t]*\r?$")
_MSGID = re.compile(r"<([^<>\s]+)>")
_PIPERMAIL_FROM = re.compile(r"^([^\s@<>()\"]+) at ((?=[^\s@<>()\"]+\.[^\s@<>()\"])[^\s@<>()\"]++)(?=\s*(?:\(.*\))?$)")
_UNKNOWN_ZONE = re.compile(r"(?<!\d)-0000\b")  # RFC 5322: the time is UTC, the sender's own zone unknown
_SINGLE_BYTE = {"ascii", "latin-1", "iso8859-1", "cp1252"} | {f"iso8859-{n}" for n in range(2, 17)} | {
    f"cp{n}" for n in range(1250, 1259)}
_TRUNCATION_DEFECTS = {"StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect",
                       "MissingHeaderBodySeparatorDefect", "InvalidBase64PaddingDefect",
                       "InvalidBase64LengthDefect"}
MAX_MAIL_BYTES = 64 * 1024 * 1024
LARGE_MAIL = 4 * 1024 * 1024  # a single-part text mail above this is read by _read_large_plain
MAX_BODY_CHARS = 16 * 1024 * 1024  # one mail's text beyond this is cut with a warning (see _plain_lines)


@dataclass
class MailText:
    """One mail, read: its header fields, its body as text lines, hints and what went wrong."""

    headers: MailHeaders
    body: list[str]
    hints: dict[int, str] = field(default_factory=dict)  # body line index -> html hint
    warnings: list[str] = field(default_factory=list)
    content: str = "text/plain"  # which part the body came from


# --------------------------------------------------------------------------- entry points


def read_eml(path: str) -> Source:
    """One ``.eml`` file -> a Source of kind "eml" holding that mail."""
    data = read_input(path, MAX_MAIL_BYTES + 1)  # a byte more than a mail may have: cut, with a warning
    mail = read_mail_bytes(data, strict=True)
    src = Source(path=path, kind="eml", lines=[], encoding="utf-8")
    _append(src, mail)
    return src


@dataclass(frozen=True, slots=True)
class MailRef:
    """One mail of an mbox as the first pass found it: where its bytes are, to read them again."""

    number: int  # 1-based position in the mbox ("mail N" in warnings)
    start: int  # byte range [start, end) in the file, after the ``From `` separator line
    end: int
    line: int  # the line the mail starts at (its separator), for warnings
    unterminated: bool = False  # the mbox's last mail, and the file does not end with a line break


@dataclass(frozen=True)
class MboxThread:
    """One thread of an mbox: the Source name it gets and its mails in file order (picklable, small)."""

    path: str  # the mbox file
    name: str  # ``Source.path``: the mbox path, with ``#N`` when the mbox holds several threads
    mails: tuple[MailRef, ...]
    lists: tuple[str, ...] = ()  # ``ArchiveLists.found``: the archive's list addresses its To/Cc headers show

    @property
    def size(self) -> int:
        """Bytes of the mbox this thread's mails occupy."""
        return sum(m.end - m.start for m in self.mails)


def read_mbox(path: str) -> list[Source]:
    """An mbox -> one Source per thread (see the module docstring)."""
    return list(iter_mbox_sources(path))


def iter_mbox_sources(path: str) -> Iterator[Source]:
    """An mbox -> one Source per thread, one at a time (the first pass keeps only the header index)."""
    for thread in index_mbox(path):
        yield read_thread(thread)


def index_mbox(path: str) -> list[MboxThread]:
    """First pass: read the headers threading needs and where each mail is; group the mails by thread."""
    refs: list[MailRef] = []
    fields: list[ThreadingFields] = []
    shared: dict[str, str] = {}  # one copy of each Message-ID and subject (replies repeat their ancestors')
    any_mail = False
    lists = ArchiveLists()
    try:
        for n, (data, line, start, end) in enumerate(_scan_mbox(path), 1):
            headers = _index_headers(data)
            any_mail = any_mail or _has_headers(headers)
            lists.add(headers)
            refs.append(MailRef(n, start, end, line))
            fields.append(threading_fields(headers, shared))
    except OSError as exc:
        raise IngestError(f"cannot read mbox: {exc.strerror or exc}") from None
    if not any_mail:
        raise IngestError("not an mbox: no e-mail headers found")
    if not _ends_with_newline(path):
        last = refs[-1]
        refs[-1] = MailRef(last.number, last.start, last.end, last.line, unterminated=True)
    del shared
    groups = _thread_groups(fields)
    del fields
    found = lists.found()
    return [MboxThread(path, path if len(groups) == 1 else f"{path}#{i}", tuple(refs[j] for j in group), found)
            for i, group in enumerate(groups, 1)]


ARCHIVE_LIST_SHARE = 0.5  # an address the To/Cc of more than this share of an archive's mails name ...
ARCHIVE_LIST_SENDERS = 3  # ... written to by at least this many senders (not itself) is the archive's list
ARCHIVE_LIST_COUNTED = 16  # a mail's first distinct To/Cc addresses counted (a list is named among the first)
ARCHIVE_LIST_TABLE = 100_000  # distinct addresses counted at most (hostile archives: a new address each mail)


class ArchiveLists:
    """The list an mbox archive is of, when its mails' list headers were stripped (a saved folder, a re-exported
    archive): an address that the To or Cc of most mails name (over ``ARCHIVE_LIST_SHARE`` of them), written to
    by ``ARCHIVE_LIST_SENDERS`` senders or more (one correspondent mailed often by one or two others is a person,
    not a list). Read in the first pass, one mail's headers at a time. Memory is bounded: a mail's first
    ``ARCHIVE_LIST_COUNTED`` distinct addresses are counted, at most ``ARCHIVE_LIST_TABLE`` distinct addresses in all
    (an address first seen after that many others is not counted), each with at most ``ARCHIVE_LIST_SENDERS``
    senders. An address named only ever together with another such address named as often or more is no list of
    its own (the original poster of a thread whose replies go "To: Bob, Cc: the list": Bob is named in over half the
    mails, always beside the list; named in exactly the same mails, neither is taken): each address keeps the
    addresses named in every mail that names it (at most ``ARCHIVE_LIST_COUNTED``). The addresses go to every mail's
    ``MailHeaders.lists`` (``read_thread``), so "you wrote:" never takes the list for the quoted writer
    (``parse.pages._addressee``)."""

    def __init__(self) -> None:
        self.mails = 0
        self.named: dict[str, int] = {}  # address -> mails whose To/Cc name it
        self.senders: dict[str, set[int]] = {}  # address -> up to ARCHIVE_LIST_SENDERS of its senders (hashed)
        self.beside: dict[str, set[str]] = {}  # address -> the addresses named in every mail that names it

    def add(self, h: MailHeaders) -> None:
        self.mails += 1
        sender = (h.from_address or h.from_name or "").casefold()
        counted: dict[str, None] = {}
        for _, a in (*h.to, *h.cc):
            if len(counted) >= ARCHIVE_LIST_COUNTED:
                break
            if a:
                counted[a.casefold()] = None
        names = set(counted)
        for addr in counted:
            if addr not in self.named and len(self.named) >= ARCHIVE_LIST_TABLE:
                continue
            self.named[addr] = self.named.get(addr, 0) + 1
            # what it was named beside so far never holds the address itself: one set of the mail's addresses serves all
            self.beside[addr] = self.beside[addr] & names if addr in self.beside else names - {addr}
            who = self.senders.setdefault(addr, set())
            if sender and sender != addr and len(who) < ARCHIVE_LIST_SENDERS:
                who.add(hash(sender))

    def found(self) -> tuple[str, ...]:
        named = {a: n for a, n in self.named.items()
                 if n > ARCHIVE_LIST_SHARE * self.mails and len(self.senders[a]) >= ARCHIVE_LIST_SENDERS}
        return tuple(a for a, n in named.items() if not any(named.get(b, 0) >= n for b in self.beside[a]))


def read_thread(thread: MboxThread) -> Source:
    """Second pass: read one thread's mails from their byte ranges -> a Source of kind "mbox"."""
    src = Source(path=thread.name, kind="mbox", lines=[], encoding="utf-8")
    try:
        with open(thread.path, "rb") as fh:
            for ref in thread.mails:
                fh.seek(ref.start)
                mail = _read_mbox_mail(fh.read(ref.end - ref.start), ref)
                mail.headers.lists += [a for a in thread.lists if a not in mail.headers.lists]
                _append(src, mail)
    except OSError as exc:
        raise IngestError(f"cannot read mbox: {exc.strerror or exc}") from None
    return src


def _read_mbox_mail(raw: bytes, ref: MailRef) -> MailText:
    """The bytes of one mail as the first pass delimited them -> MailText with numbered warnings."""
    if b">From " in raw:  # mboxrd: unescape, line by line as the scanner does
        raw = b"".join(ln[1:] if ln.startswith(b">") and _ESCAPED_FROM.match(ln) else ln
                       for ln in io.BytesIO(raw))
    mail = read_mail_bytes(raw, strict=False, mail_parser=False)
    if not _is_mail(mail):
        mail.warnings.insert(0, f"line {ref.line}: no mail headers; kept as a mail without headers")
    mail.warnings = [f"mail {ref.number}: {w}" for w in mail.warnings]
    if ref.unterminated:
        mail.warnings.append(f"mail {ref.number}: the mbox does not end with a line break: "
                             "this last mail may be truncated")
    return mail


def _index_headers(data: bytes) -> MailHeaders:
    """The header fields of one mail, without reading its MIME body (the first pass)."""
    cuts = [i + n for i, n in ((data.find(b"\n\n"), 1), (data.find(b"\r\n\r\n"), 2)) if i >= 0]
    end = min(cuts, default=len(data))  # the header block, with its last line's line break
    try:  # the header block only: the body would be read (not parsed) for nothing
        msg = email.parser.BytesParser().parsebytes(data[:min(end, MAX_MAIL_BYTES)], headersonly=True)
    except Exception:  # noqa: BLE001 - hostile input: a mail without headers
        log.debug("header block unreadable: indexed without headers", exc_info=True)
        return MailHeaders()
    return _headers(msg, [])


def iter_mbox(path: str) -> Iterator[tuple[bytes, str]]:
    """Stream the mails of an mbox: (raw bytes without the ``From `` line, "line N") one at a time.

    A separator is a ``From `` line that ends with a year, stands at the start of the file or after a
    blank line (or, without the blank line, has the whole ctime form mbox writers print: ``_CTIME_FROM_LINE``), and
    is followed by a header line. (stdlib ``mailbox.mbox`` splits at every line that
    starts with ``From ``, so an unescaped "From the logs, ..." in a body would cut that mail in two and
    lose its tail.) A mail whose headers give a ``Content-Length`` that ends where the mbox goes on (mboxcl2, which
    does not escape ``From `` lines in bodies) has that many bytes of body: no ``From `` line inside them is a
    separator. ``>From `` lines are unescaped (mboxrd). Text before the first separator is kept
    as one headerless chunk.
    """
    for data, line, _, _ in _scan_mbox(path):
        yield data, f"line {line}"


def _scan_mbox(path: str) -> Iterator[tuple[bytes, int, int, int]]:
    """``iter_mbox`` with positions: (bytes, first line, start byte, end byte) of each mail.

    The byte range covers the mail's lines as they are in the file (escaped), without its separator.
    """
    chunk: list[bytes] = []
    start, start_at = 1, 0
    prev_blank = True
    pending: bytes | None = None  # a candidate separator waiting for the next line
    pending_no = pending_at = 0
    pos = 0
    in_headers = False  # in the header block of a mail that a separator started
    length: int | None = None  # its Content-Length
    body_end = 0  # the byte its Content-Length ends its body at (0: none): no separator before it
    with open(path, "rb") as fh, open(path, "rb") as probe:
        for no, line in enumerate(fh, 1):
            size = len(line)
            if pending is not None:
                if _HEADER_LINE.match(line):
                    if any(x.strip() for x in chunk):
                        yield _join(chunk), start, start_at, pending_at
                    chunk, start, start_at = [], pending_no, pos
                    in_headers, length, body_end = True, None, 0
                else:
                    chunk.append(pending)
                pending = None
            if in_headers:
                if not line.strip():
                    in_headers = False
                    if length is not None and _separator_at(probe, pos + size + length):
                        body_end = pos + size + length
                elif line[:15].lower() == b"content-length:" and (m := _CONTENT_LENGTH.match(line)):
                    length = int(m.group(1))
            if pos >= body_end and (
                    (prev_blank and _FROM_LINE.match(line)) or (line.startswith(b"From ") and _CTIME_FROM_LINE.match(line))):
                pending, pending_no, pending_at = line, no, pos
                prev_blank = False
                pos += size
                continue
            prev_blank = not line.strip()
            if line.startswith(b">") and _ESCAPED_FROM.match(line):
                line = line[1:]
            chunk.append(line)
            pos += size
    if pending is not None:
        chunk.append(pending)
    if any(x.strip() for x in chunk):
        yield _join(chunk), start, start_at, pos


def _separator_at(fh: BinaryIO, offset: int) -> bool:
    """Does a mail's Content-Length end it where the mbox goes on (the file's end, or a ``From `` line, maybe after
    one empty line)? A length that ends elsewhere (the body was changed after it was counted) is not trusted."""
    size = os.fstat(fh.fileno()).st_size
    if offset > size:
        return False
    fh.seek(offset)
    head = fh.read(7)
    for newline in (b"", b"\n", b"\r\n"):
        if head.startswith(newline):
            rest = head[len(newline):]
            if (not rest and offset + len(newline) == size) or rest.startswith(b"From "):
                return True
    return False


def _join(chunk: list[bytes]) -> bytes:
    return b"".join(chunk)


def _ends_with_newline(path: str) -> bool:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            fh.seek(max(0, size - 1))
            return fh.read(1) in (b"\n", b"")
    except OSError:
        return True


def reference_chain(h: MailHeaders) -> list[str]:
    """References then In-Reply-To (when not already last): the ancestry a reply declares, oldest first."""
    refs = list(h.references)
    if h.in_reply_to and (not refs or refs[-1] != h.in_reply_to):
        refs = [r for r in refs if r != h.in_reply_to] + [h.in_reply_to]
    return refs


# --------------------------------------------------------------------------- one mail


def read_mail_bytes(data: bytes, strict: bool = False, mail_parser: bool = True) -> MailText:
    """Raw RFC 5322 bytes -> MailText. ``strict``: raise IngestError when it is not a mail at all.
    ``mail_parser``: parse with mail-parser (.eml/.msg files); False for the mails of an mbox, read
    with the stdlib parser alone (mail-parser decodes every part and attachment again, which tripled
    the time of an archive's ingest; what it adds is a warning on undecodable attachment names)."""
    warnings: list[str] = []
    if len(data) > LARGE_MAIL and (large := _read_large_plain(data, warnings)) is not None:
        return large
    msg = _parse(data, warnings, mail_parser)
    if strict and (msg is None or not _looks_like_mail(msg)):
        raise IngestError("not an e-mail: no From/Date/Subject/Message-ID header")
    if msg is None:
        return MailText(MailHeaders(), [], warnings=warnings)
    headers = _headers(msg, warnings)
    body, hints, content = _body(msg, warnings)
    if _has_headers(headers) and not any(line.strip() for line in body):
        warnings.append("the mail has no body" if _HEAD_END.search(data) else
                        "the header block does not end: the mail is cut inside its headers and has no body")
    for w in _defects(msg):
        if w not in warnings:
            warnings.append(w)
    return MailText(headers, body, hints, warnings, content)


_HEAD_END = re.compile(rb"\r?\n\r?\n")
_IDENTITY = ("7bit", "8bit", "binary")


def _read_large_plain(data: bytes, warnings: list[str]) -> MailText | None:
    """A big single-part text/plain mail, read with about 4x its size in memory instead of 9x: the email
    package parses the header block alone, and the body is decoded from the bytes in one pass (the email
    parser holds the body as text, as lines, joined, and decoded again). None for anything else (MIME
    parts, another type or transfer encoding): the usual path reads those."""
    end = _HEAD_END.search(data, 0, 1 << 20)
    if end is None:
        return None
    msg = email.message_from_bytes(data[:end.end()])
    cte = (msg.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if not _looks_like_mail(msg) or msg.is_multipart() or msg.get_content_type() != "text/plain" or \
            cte not in (*_IDENTITY, "quoted-printable", "base64"):
        return None
    if len(data) > MAX_MAIL_BYTES:
        warnings.append(f"mail larger than {MAX_MAIL_BYTES} bytes: cut")
    body = memoryview(data)[end.end():MAX_MAIL_BYTES]
    payload = bytes(body) if cte in _IDENTITY else binascii.a2b_qp(body) if cte == "quoted-printable" \
        else binascii.a2b_base64(body)
    del body
    text = _decode_part(msg, warnings, payload)
    del payload
    return MailText(_headers(msg, warnings), _plain_lines(text, warnings), {}, warnings + _defects(msg), "text/plain")


def _parse(data: bytes, warnings: list[str], mail_parser: bool = True) -> EmailMessage | None:
    """mail-parser first (it records charset recoveries as defects); the stdlib parser as fallback
    (and alone when not ``mail_parser``)."""
    if len(data) > MAX_MAIL_BYTES:
        warnings.append(f"mail larger than {MAX_MAIL_BYTES} bytes: cut")
        data = data[:MAX_MAIL_BYTES]
    if mail_parser:
        try:
            import mailparser

            mp = mailparser.MailParser.from_bytes(data)
            for d in mp.defects or []:
                for kind, items in (d.items() if isinstance(d, dict) else []):
                    for item in items if isinstance(items, list) else [items]:
                        if "MimeHeaderDefect" in str(item):  # charsets: see _decode_part
                            warnings.append(f"{kind}: {str(item).split('. Original')[0]}")
            return mp.message
        except Exception as exc:  # mail-parser raises its own errors and RecursionError wrappers
            log.debug("mail-parser failed: read with the stdlib parser", exc_info=True)
            warnings.append(f"mail-parser failed ({type(exc).__name__}); read with the stdlib parser")
    try:
        return email.message_from_bytes(data)
    except RecursionError:  # MIME parts nested thousands deep: the headers, and the body as raw text
        log.debug("MIME nesting too deep", exc_info=True)
        warnings.append("MIME parts nested too deep to read: the body is kept as raw text")
        msg = email.parser.BytesParser().parsebytes(data, headersonly=True)
        msg.replace_header("Content-Type", "text/plain")  # only a multipart can nest
        return msg
    except Exception as exc:  # noqa: BLE001 - hostile input must not escape as a traceback
        log.debug("unparseable mail", exc_info=True)
        warnings.append(f"unparseable mail ({type(exc).__name__}: {exc})")
        return None


def _looks_like_mail(msg: EmailMessage) -> bool:
    return any(msg.get(h) is not None for h in ("From", "Date", "Subject", "Message-ID"))


def _is_mail(m: MailText) -> bool:
    return _has_headers(m.headers)


def _has_headers(h: MailHeaders) -> bool:
    return any((h.from_address, h.from_name, h.date_text, h.subject, h.message_id))


def _header_text(msg: EmailMessage, name: str, warnings: list[str], *, words: bool = True) -> str | None:
    """A header's text on one line; its encoded words (RFC 2047) decoded unless ``words`` is False (an address
    header is split into its addressees first: a decoded name may hold "<", "," or '"', ``_recipients``)."""
    raw = msg.get(name)
    if raw is None:
        return None
    text = _decoded(raw, name, warnings) if isinstance(raw, email.header.Header) else str(raw)
    text = _encoded_words(text, name, warnings) if words else text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(r"(?<!\s)\s*\n\s*", " ", text).strip()


def _encoded_words(text: str, name: str, warnings: list[str]) -> str:
    """``text`` with its encoded words (RFC 2047) decoded; kept as is, with a warning, when one is undecodable."""
    if "=?" in text:  # without encoded words decoding gives the text back (checked on 52,765 headers)
        found: list[str] = []
        try:
            text = _decoded(text, name, found)
            warnings += found
        except Exception:  # noqa: BLE001 - unknown charset or broken encoded-word
            log.debug("header %s: undecodable encoded-word", name, exc_info=True)
            warnings.append(f"header {name}: undecodable encoded-word kept as is")
    return text


def _decoded(value: str | email.header.Header, name: str, warnings: list[str]) -> str:
    """A header value's text, chunk by chunk as ``email.header.decode_header`` splits it; read twice per header:

    - a ``Header`` (what the email package gives for bytes outside ASCII written as they are: RFC 6532's UTF-8
      headers, or an old client's 8-bit charset) has ``unknown-8bit`` chunks: read as UTF-8 when they are, else as
      cp1252 with a warning (``str()`` of that Header turns each byte into U+FFFD);
    - a text with encoded words has a chunk per word in its charset (an unknown one raises), and the text between
      them in the codec decode_header wrote it in, raw-unicode-escape: Latin-1 bytes, ``\\uXXXX`` beyond Latin-1.
      Where the text has no character beyond Latin-1, Latin-1 reads those chunks back exactly (a backslash written
      in the text, "C:\\Users", is no escape). Chunks are joined as they stand: no space is put where the header
      has none."""
    plain = "raw-unicode-escape" if isinstance(value, str) and max(value, default="") > "\xff" else "latin-1"
    out = []
    for chunk, charset in email.header.decode_header(value):
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:
            out.append(chunk.decode(plain))
        elif charset == "unknown-8bit" and not _is_utf8(chunk):
            out.append(chunk.decode("cp1252", errors="replace"))
            warnings.append(f"header {name}: 8-bit bytes are not UTF-8; decoded as cp1252")
        else:
            out.append(chunk.decode("utf-8" if charset == "unknown-8bit" else charset))
    return "".join(out)


_QUOTED_PHRASE = re.compile(r'^"([^"]*)"(?=\s*\()')  # '"Cid Poe" (Example CA)': the phrase's quotes go


def _headers(msg: EmailMessage, warnings: list[str]) -> MailHeaders:
    h = MailHeaders()
    # read before its encoded words are decoded (as To/Cc, ``_recipients``): a decoded "Lee, Ann" is one name
    frm = _header_text(msg, "From", warnings, words=False)
    if frm and " at " in frm:  # pipermail's "alice at example.com (Alice Example)"
        frm = _PIPERMAIL_FROM.sub(r"\1@\2", frm)
    if frm and (read := _addresses(email.utils.parseaddr, frm, "From", warnings)) is not None:
        name, addr = read
        if not name and not addr:
            name = frm.strip().strip('"')  # unparsed: its own quotes go (parseaddr unquotes a name it reads, and
            # keeps the quotes the header escaped: "Evil \"CA\"" is Evil "CA")
        h.from_name = _encoded_words(name.strip(), "From", warnings).strip() or None
        h.from_address = addr.strip() or None
        if h.from_address and "@" not in h.from_address and " at " not in h.from_address:
            bare = _QUOTED_PHRASE.sub(r"\1", frm.strip()).strip('"') if "<" not in frm else ""
            # a name and a comment ("Cid Poe (Example CA)", "Maulik Vaidya (mauvaidy)"): RFC 5322's phrase with a
            # comment, kept whole as parseaddr keeps it before an address ("Cid Poe (Example CA) <cid@x>"); one
            # word before the comment is the old form's address and the comment its name ("x (Alice)")
            words = _encoded_words(bare, "From", warnings).strip() if bare else ""
            before = words.split("(", 1)[0].split()
            # (one capitalised word is a name too, "Dimitris (HARICA)"; the old form's address is a local part: "x")
            commented = "(" in words and (len(before) > 1 or (len(before) == 1 and before[0].istitle()
                                                                and before[0].isalpha()))
            if not h.from_name or commented:  # or a bare name ("From: Cid Poe"): parseaddr read its first word
                h.from_name = words or h.from_address  # as an address
            h.from_address = None
    h.date_text = _header_text(msg, "Date", warnings) or _labelled_date(msg, warnings)
    if h.date_text:
        h.date, problem = _parse_date(h.date_text)
        if problem:
            warnings.append(f"Date header {h.date_text!r}: {problem}")
        elif h.date is None:
            warnings.append(f"unreadable Date header {h.date_text!r}")
    h.subject = _header_text(msg, "Subject", warnings)
    h.message_id = _first_id(_header_text(msg, "Message-ID", warnings))
    h.in_reply_to = _first_id(_header_text(msg, "In-Reply-To", warnings))
    h.references = _all_ids(_header_text(msg, "References", warnings))
    h.list_id = _header_text(msg, "List-Id", warnings)
    h.lists = _list_addresses(msg, h.list_id, warnings)
    h.to = _recipients(msg, "To", warnings)
    h.cc = _recipients(msg, "Cc", warnings)
    # a To/Cc address that is a list's by its domain or shape (identity.is_list_address: lists.example.org,
    # googlegroups.com, NAME-request@, …) is the list too: a mail saved without its list headers still names it
    named = set(h.lists)  # one look-up per addressee (a To of thousands of addresses: linear)
    h.lists += list(dict.fromkeys(a.casefold() for _, a in (*h.to, *h.cc)
                                  if a and a.casefold() not in named and identity.is_list_address(a)))
    return h


def _labelled_date(msg: EmailMessage, warnings: list[str]) -> str | None:
    """A text that opens with a pasted client header block (Outlook's "From: / Sent: / To: / Subject:") is read as a
    mail whose headers have no Date: its date is the field a header block dates a mail with (attributions.json
    ``header_fields`` "date": "Sent", "Gesendet", "Envoyé", …)."""
    name = next((k for k in msg.keys() if header_field_role(k) == "date"), None)
    return _header_text(msg, name, warnings) if name else None


# a mailbox a mail can be sent to: one "@" between a local part and a domain, neither with blanks, quotes, brackets
# or the separators of an address list; at most 254 characters (RFC 5321's path limit)
_MAILBOX = re.compile(r"[^@\s<>()\[\]\",;:]+@[^@\s<>()\[\]\",;:]+")
MAX_ADDRESS_CHARS = 254


def _recipients(msg: EmailMessage, header: str, warnings: list[str]) -> list[tuple[str | None, str | None]]:
    """The addressees of a To or Cc header, each (display name, address) (``MailHeaders.to``/``cc``). What the
    address parser returns as an address but is none (no "@": "postmaster", a display name alone, an unreadable
    encoded word "=?utf-8?q?broken", an unterminated quote; over 254 characters) is kept as a name with no address;
    an empty group ("undisclosed-recipients:;") names nobody. A header nested too deep to read keeps nothing
    (``_addresses``' warning). The header is split into addressees before each display name's encoded words are
    decoded: "=?utf-8?q?M=C3=BCller=2C_J=C3=B6rg?= <jm@x>" is one addressee "Müller, Jörg" (decoded first, its comma
    split it in two; a decoded "<" made a second address)."""
    text = _header_text(msg, header, warnings, words=False)
    listed = _addresses(lambda t: email.utils.getaddresses([t]), text, header, warnings) if text else None
    out: list[tuple[str | None, str | None]] = []
    for raw_name, raw_addr in listed or ():
        name, addr = _encoded_words(raw_name.strip().strip('"'), header, warnings).strip() or None, raw_addr.strip() or None
        if addr and not (len(addr) <= MAX_ADDRESS_CHARS and _MAILBOX.fullmatch(addr)):
            name, addr = name or addr, None
        if name or addr:
            out.append((name, addr))
    return out


_T = TypeVar("_T")

# list managers' headers that name the list's own address (RFC 2369 List-Post; Mailman's X-BeenThere; ezmlm's
# Mailing-List; X-Mailing-List of majordomo and others); List-Id (RFC 2919) names it as "<name.host>"
_LIST_HEADERS = ("List-Post", "X-BeenThere", "X-Mailing-List", "Mailing-List")
_LIST_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # from a word's start: linear on a long word
_LIST_ID = re.compile(r"<([^<>@\s.]+)\.([^<>@\s]+)>")


def _list_addresses(msg: EmailMessage, list_id: str | None, warnings: list[str]) -> list[str]:
    """The list's addresses the mail's list headers name, casefolded, in order, each once (``MailHeaders.lists``):
    "<dev-security-policy.mozilla.org>" is dev-security-policy@mozilla.org."""
    out = [f"{m.group(1)}@{m.group(2)}" for m in _LIST_ID.finditer(list_id or "")]
    for name in _LIST_HEADERS:
        out += _LIST_ADDRESS.findall(_header_text(msg, name, warnings) or "")
    return list(dict.fromkeys(a.casefold() for a in out))


def _addresses(read: Callable[[str], _T], text: str, header: str, warnings: list[str]) -> _T | None:
    """``read`` (the stdlib's address parser) of a header's text, or None with a warning when the parser cannot
    read it: comments nested thousands deep ("To: ((((…") recurse past Python's limit (RecursionError), and one
    such header made the whole input fail."""
    try:
        return read(text)
    except RecursionError:
        log.debug("%s header nested too deep", header, exc_info=True)
        warnings.append(f"{header} header nested too deep to read ({len(text)} characters): no address kept")
        return None


def _parse_date(text: str) -> tuple[datetime | None, str | None]:
    """RFC 5322 date -> (datetime, why it was changed or dropped): aware when the header gives a zone
    (``-0000``, "UTC but the sender's zone unknown", is UTC); naive, the wall time as written, when it gives
    none (pipermail's "Thu Nov  1 11:19:12 2001"). ``date_problem`` drops impossible years ("0000", which the email
    package takes for 2000) and zones."""
    try:
        d = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        d = None
    if d is None:
        try:
            from dateutil import parser as du

            d = du.parse(without_trailing_comment(text), fuzzy=True)
        except (ValueError, OverflowError, TypeError):
            return None, None
    d = d if d.tzinfo is not None or not _UNKNOWN_ZONE.search(text) else d.replace(tzinfo=timezone.utc)
    return date_problem(d, without_trailing_comment(text))  # the year is written before a comment


def without_trailing_comment(text: str) -> str:
    """A Date: header without its trailing comment ("Tue, 20 Nov 2001 12:29:13 -0800 (PST)" -> "... -0800"): the
    same text as ``re.sub(r"(?<!\\s)\\s*\\([^)]*\\)\\s*$", "", text)`` (``tests/test_regex_rewrites.py``), found
    from the end (that pattern tried every "(" of a long run against the rest of the header)."""
    body = text.rstrip()
    if not body.endswith(")"):
        return text
    close = len(body) - 1
    opening = body.find("(", body.rfind(")", 0, close) + 1, close)  # the first "(" after the ")" before the last
    if opening < 0:
        return text
    while opening > 0 and text[opening - 1].isspace():  # the blanks before it go too
        opening -= 1
    return text[:opening]


def _first_id(text: str | None) -> str | None:
    """The first Message-ID of a header, as ``<id@host>``; an id written without its angle brackets
    ("In-Reply-To: CAxyz@mail.gmail.com") gets them, so that it names the mail whose Message-ID has them."""
    if not text:
        return None
    ids = _all_ids(text)
    if ids:
        return ids[0]
    token = text.split()[0] if text.split() else None
    return f"<{token.strip('<>')}>" if token and "@" in token else token


def _all_ids(text: str | None) -> list[str]:
    """Message-IDs as written, with their angle brackets (``<id@host>``), in order, without repeats."""
    if not text:
        return []
    out: list[str] = []
    for m in _MSGID.finditer(text):
        mid = f"<{m.group(1)}>"
        if mid not in out:
            out.append(mid)
    return out


# --------------------------------------------------------------------------- body


def _body(msg: EmailMessage, warnings: list[str]) -> tuple[list[str], dict[int, str], str]:
    """The text/plain part (else the HTML part rendered) as lines."""
    plain = html = None
    more = 0  # further inline text/plain parts (a list footer, a body split around an attachment)
    try:
        parts = list(msg.walk())
    except Exception as exc:  # noqa: BLE001 - deeply nested or broken MIME
        log.debug("MIME structure unreadable", exc_info=True)
        warnings.append(f"MIME structure unreadable ({type(exc).__name__}); body taken as one part")
        parts = [msg]
    for part in parts:
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment" or part.get_filename():
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html is None:
            html = part
        elif ctype == "text/plain":
            more += 1
    if more and plain is not None:
        warnings.append(f"{more} more inline text/plain part{'s' if more > 1 else ''} not read: the first is the body")
    if plain is None and html is None:
        if not msg.is_multipart() and msg.get_content_maintype() in ("text", ""):
            plain = msg
        else:
            warnings.append("no text/plain or text/html part: empty body")
            return [], {}, "none"
    if plain is not None:
        return _plain_lines(_decode_part(plain, warnings), warnings), {}, "text/plain"
    assert html is not None  # a mail with neither part returned above
    r = render_html(_decode_part(html, warnings))
    warnings.extend(r.warnings)
    return r.lines, r.hints, "text/html"


def _plain_lines(text: str, warnings: list[str]) -> list[str]:
    """The lines of a text/plain body; past MAX_BODY_CHARS cut (parse and extract hold several times the
    text of one message: a 70 MB body took 1.5 GB), with a warning."""
    if len(text) > MAX_BODY_CHARS:
        cut = text.rfind("\n", 0, MAX_BODY_CHARS) + 1 or MAX_BODY_CHARS
        warnings.append(f"body of {len(text)} characters: only the first {cut} read")
        text = text[:cut]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()  # trailing blank lines (and the blank line before the next mbox separator)
    return lines


def _decode_part(part: EmailMessage, warnings: list[str], payload: bytes | None = None) -> str:
    """Decode a text part (or ``payload``, its body already undone of its transfer encoding): the declared
    charset when it works, else UTF-8, else cp1252 (with a warning)."""
    if payload is None:
        try:
            raw = part.get_payload(decode=True)  # bytes, or None for a multipart
        except Exception:  # noqa: BLE001 - a broken transfer encoding: the raw payload is read below
            log.debug("part payload undecodable: raw payload read", exc_info=True)
            raw = None
        payload = raw if isinstance(raw, bytes) else None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    declared = part.get_content_charset()
    problem = ""
    codec = None
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except (LookupError, ValueError):  # ValueError: a NUL byte in the name
            problem = f"unknown charset {declared!r}"
    if codec:
        try:
            text = payload.decode(codec)
        except UnicodeError:
            problem = f"body is not valid {declared!r} (the declared charset)"
        else:
            if codec in _SINGLE_BYTE and not payload.isascii() and _is_utf8(payload):
                warnings.append(f"body declared {declared!r} is valid UTF-8; decoded as UTF-8")
                return payload.decode("utf-8")
            return text
    if _is_utf8(payload):
        if problem:
            warnings.append(f"{problem}; decoded as UTF-8")
        return payload.decode("utf-8")
    text = payload.decode("cp1252", errors="replace")
    bad = " (undecodable bytes replaced by U+FFFD)" if "\ufffd" in text else ""
    warnings.append(f"{problem + '; ' if problem else 'body is not UTF-8; '}decoded as cp1252{bad}")
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _defects(msg: EmailMessage) -> list[str]:
    out = []
    try:
        for part in msg.walk():
            for d in getattr(part, "defects", []):
                name = type(d).__name__
                note = " (the mail may be truncated)" if name in _TRUNCATION_DEFECTS else ""
                w = f"MIME defect: {name}{note}"
                if w not in out:
                    out.append(w)
    except Exception:  # noqa: BLE001 - the defect is reported as a warning
        log.debug("MIME structure could not be walked", exc_info=True)
        out.append("MIME defect: structure could not be walked")
    return out


# --------------------------------------------------------------------------- rendering


def header_block(h: MailHeaders) -> list[str]:
    """The readable header lines written before a mail's body."""
    lines = []
    if h.from_name or h.from_address:
        who = h.from_name or ""
        if h.from_address:
            who = f"{who} <{h.from_address}>".strip()
        lines.append(f"From: {who}")
    if h.date_text:
        lines.append(f"Date: {h.date_text}")
    if h.subject:
        lines.append(f"Subject: {h.subject}")
    return lines


def _append(src: Source, mail: MailText) -> None:
    """Add one mail (header block, blank line, body) to a Source."""
    if src.lines:
        src.lines.append("")
    src.lines.extend(header_block(mail.headers))
    src.lines.append("")
    start = len(src.lines)
    src.lines.extend(mail.body)
    for i, hint in mail.hints.items():
        src.html_hints[start + i] = hint
    src.mail.append(mail.headers)
    src.parts.append((start, len(src.lines)))
    src.warnings.extend(mail.warnings)


# --------------------------------------------------------------------------- threads of an mbox


@dataclass(frozen=True, slots=True)
class ThreadingFields:
    """What threading reads of a mail's headers: all the first pass keeps of them."""

    subject: str | None
    message_id: str | None
    references: tuple[str, ...]  # ``reference_chain``: the ancestry the mail declares, oldest first
    date: datetime | None


def threading_fields(h: MailHeaders, shared: dict[str, str] | None = None) -> ThreadingFields:
    """The threading fields of ``h``; strings seen before are taken from ``shared`` (one copy each)."""
    if shared is None:
        shared = {}

    def one(text: str | None) -> str | None:
        return None if text is None else shared.setdefault(text, text)

    return ThreadingFields(one(h.subject), one(h.message_id), tuple(shared.setdefault(r, r) for r in reference_chain(h)),
                           h.date)


@dataclass(slots=True)
class _ThreadNode:
    """What JWZ threading (``thread_messages``) reads of a message: a full Message per mail of the index
    cost the first pass of a 500 MB mbox over 100 MB."""

    key: str
    subject: str | None
    message_id: str | None
    references: list[str]
    date: datetime | None


def _roots(parent: dict[str, str | None]) -> dict[str, str]:
    """Each message's root: where the walk up its parents ends (at a message with no parent; in a loop of parents,
    at the first message met again: a loop's member is its own root, a message leading into it has the one it meets
    first). Worked out once per message along the chain (a walk per message was n²/2 steps for a chain of n)."""
    root: dict[str, str] = {}
    for key in parent:
        path: list[str] = []
        on_path: dict[str, int] = {}
        k = key
        while k not in root and k not in on_path and parent.get(k) is not None:
            on_path[k] = len(path)
            path.append(k)
            k = parent[k]  # type: ignore[assignment]
        if k in on_path:  # a loop: path[i:]; each member is its own root, those before it reach path[i] first
            i = on_path[k]
            for m in path[i:]:
                root[m] = m
            top, path = k, path[:i]
        else:
            top = root.get(k, k)
        for m in path:
            root[m] = top
        root.setdefault(key, top)
    return root


def _thread_groups(mails: list[ThreadingFields]) -> list[list[int]]:
    """Indexes of the mails grouped by thread (JWZ over the headers), groups in order of first mail."""
    msgs = [_ThreadNode(str(i), f.subject, f.message_id, list(f.references), f.date) for i, f in enumerate(mails)]
    parent = thread_messages(msgs)
    root = _roots(parent)
    # a mail twice in the archive (sent twice, cross-posted) is one thread even when the parent both copies name is
    # not in it (two roots): the roots of one Message-ID's mails are one group
    joined: dict[str, str] = {}  # a root -> the root its group joined (after a look-up: the group's root)

    def group_of(r: str) -> str:
        """The root ``r``'s group joined at last; the roots passed on the way are pointed straight at it (a chain of
        joins was walked from its start for every mail: n²/2 steps when each join made the chain longer)."""
        top = r
        while top in joined:
            top = joined[top]
        while r != top:
            joined[r], r = top, joined[r]
        return top

    first: dict[str, str] = {}  # a Message-ID -> the root of its first mail
    for m in msgs:
        mid = message_id_key(m.message_id)
        if mid:
            a, b = group_of(first.setdefault(mid, root[m.key])), group_of(root[m.key])
            if a != b:
                joined[b] = a
    groups: dict[str, list[int]] = {}
    for m in msgs:
        groups.setdefault(group_of(root[m.key]), []).append(int(m.key))
    return sorted(groups.values(), key=lambda g: g[0])
