"""The data model of threadkb: every stage is a function from these dataclasses to these dataclasses.

Stages (one module or package each):

    ingest  : path            -> Source        (bytes decoded, HTML/e-mail turned into text lines)
    parse   : Source          -> Thread        (messages, quote structure, every line accounted for)
    extract : Thread          -> Extraction    (citations, APIs, entities, claims per message)
    link    : Extraction      -> Extraction    (relations between claims, with evidence) + networkx graph
    store   : Extraction      -> SQLite knowledge base
    report / export : Extraction -> HTML, Markdown, JSON, GraphML, AIF ...

Offsets: a Message's ``text`` is its own lines (quote markers stripped) joined by "\\n".
``Message.locate(offset)`` maps an offset in that text back to a ``SourceSpan`` in the input file.
"""
from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar, overload

from threadkb import kinds

T = TypeVar("T")

# --------------------------------------------------------------------------- dates of messages

MESSAGE_YEARS = (1970, 2199)  # a message dated outside these years is a broken clock or a typo ("0000", "9999")
MAX_ZONE = timedelta(hours=18)  # real UTC offsets run from -12:00 to +14:00; "+9999" is syntax, not a zone


# a year written with a leading zero ("0000", "099"); a signed number after anything but a digit is a zone
# offset ("+0000", "GMT-0000"), as parse.dates reads zones, while "10-06-0000" writes a year
_ZERO_YEAR = re.compile(r"(?<!\d)(?<![^\d][+-])(?<!^[+-])0\d{2,3}(?!\d)")


@overload
def date_problem(d: datetime, written: str | None = None) -> tuple[datetime | None, str | None]: ...
@overload
def date_problem(d: date, written: str | None = None) -> tuple[date | None, str | None]: ...
def date_problem(d: date, written: str | None = None) -> tuple[date | None, str | None]:
    """(the date to use, why it was changed) for a date read from a header, an API or an attribution; a
    datetime gives a datetime (or None), a date a date.

    Every date of a message is converted to UTC, compared, and moved by deadlines; a date whose year lies
    outside ``MESSAGE_YEARS`` cannot be true and overflows that arithmetic near year 1 or 9999: it is no date.
    So is a year the reader made up: given the text the date was read from (``written``), a year written there
    with a leading zero that the reader turned into a year of this era (email.utils and dateutil read "0000" as
    2000, "099" as 1999) while the year read is not written. A zone beyond ``MAX_ZONE`` ("+9999") is no UTC
    offset: the wall time is kept, its zone unknown. Any other zone becomes its fixed offset (dateutil gives
    ``tzlocal()`` where the offset written equals the machine's: the result must not depend on the machine)."""
    text = written or ""
    if (zero := _ZERO_YEAR.search(text)) and str(d.year) not in text:
        return None, f"year {zero.group()} is no calendar year of a message: read as no date"
    if not MESSAGE_YEARS[0] <= d.year <= MESSAGE_YEARS[1]:
        return None, f"year {d.year:04d} outside {MESSAGE_YEARS[0]}\u2013{MESSAGE_YEARS[1]}: read as no date"
    if isinstance(d, datetime) and d.tzinfo is not None:
        try:
            offset = d.utcoffset()
        except (ValueError, OverflowError):
            offset = None
        if offset is None or abs(offset) >= MAX_ZONE:
            return d.replace(tzinfo=None), "zone beyond \u00b118 hours is no UTC offset: time kept, zone unknown"
        if not isinstance(d.tzinfo, timezone):  # dateutil's tzlocal() for the machine's own offset: pin the offset
            return d.replace(tzinfo=timezone(offset) if offset else timezone.utc), None
    return d, None


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True)
class SourceSpan:
    """Where something stands in the input: file, 1-based line range, column range of the first line.

    ``line_end`` is inclusive. ``col``/``end_col`` are character columns in the ingested text line
    (for HTML input, in the text rendering the ingest stage made, see ``Source.lines``).
    """

    file: str
    line: int
    line_end: int
    col: int = 0
    end_col: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.line_end != self.line:
            where += f"-{self.line_end}"
        return where + (f":{self.col}" if self.col else "")


@dataclass
class MailHeaders:
    """Header fields of one e-mail as ingested from .eml or mbox (mail-parser / stdlib mailbox), or of one
    post of a tracker's API response (a Bugzilla comment, a GitHub comment), which is rendered like a mail
    (``ingest.api``): then ``comment`` is the Bugzilla comment number and ``on_behalf_of`` the CA the post
    speaks for, and the author name is exact (not cleaned again by the parser)."""

    from_name: str | None = None
    from_address: str | None = None
    date: datetime | None = None
    date_text: str | None = None
    subject: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    list_id: str | None = None
    # the mailing list's addresses the list headers name (List-Id's "<name.host>" read as name@host, List-Post's
    # mailto:, X-BeenThere, X-Mailing-List, Mailing-List), casefolded, and in an mbox the address most of the
    # archive's mails go to (``ingest.mail.ArchiveLists``): a To/Cc addressee among them is the list
    lists: list[str] = field(default_factory=list)
    # the To and Cc addressees, each (display name, address), either may be None (the address is None when the
    # header's value is no mailbox: "postmaster", a display name alone): who "you" is in the mail's own "On …,
    # you wrote:" (``parse.pages._addressee``: the one person To names, else the one Cc names, not the list)
    to: list[tuple[str | None, str | None]] = field(default_factory=list)
    cc: list[tuple[str | None, str | None]] = field(default_factory=list)
    comment: int | None = None  # Bugzilla comment number ("count"; 0 is the report)
    on_behalf_of: str | None = None  # the CA a compliance bug's title names, for the CA's comments


@dataclass
class Source:
    """One input after ingest: text lines the parser reads, plus what the container told us.

    ``kind`` names the rendering the text came from ("text", "html", "eml", "mbox"); the parser
    chooses its page segmenter from the content, ``kind`` is a hint.
    ``mail`` holds one entry per e-mail for .eml/mbox input (``parts[i]`` are that mail's line
    ranges: the body of mail i is ``lines[parts[i][0]:parts[i][1]]``), else it is empty.
    """

    path: str
    kind: str
    lines: list[str]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    mail: list[MailHeaders] = field(default_factory=list)
    parts: list[tuple[int, int]] = field(default_factory=list)
    html_hints: dict[int, str] = field(default_factory=dict)  # line index -> "attribution" etc.


class IngestError(Exception):
    """Input that cannot be read at all; the message is one line meant for the user."""


class PredictError(Exception):
    """The project could not produce a prediction for a source; one line meant for the user."""


# --------------------------------------------------------------------------- parse


class LineRole(str, enum.Enum):
    """The one place every input line ends up in."""

    OWN = "own"  # a message's own words (also its blank lines)
    HEADER = "header"  # attribution line, header block, Bugzilla comment header ...
    QUOTE = "quote"  # quoted text kept with the quoting message (its source is read in full elsewhere)
    DOCUMENT_QUOTE = "document_quote"  # policy/wiki/template text quoted by a message
    SIGNATURE = "signature"  # sign-off / signature block of a message
    BOILERPLATE = "boilerplate"  # list footers, archive chrome, UI text


@dataclass(slots=True)
class LineAssignment:
    """Where input line ``index`` (0-based) went: which message (or none) and in which role."""

    index: int
    role: LineRole
    message: str | None
    rule: str = ""  # the rule that decided, for explanations
    col: int = 0  # where the piece starts (a flattened line is cut into several pieces)


@dataclass(slots=True)
class TextLine:
    """One line of a message's own text: its content without quote markers and where it came from."""

    text: str
    index: int  # 0-based line index in Source.lines
    col: int  # column in the source line where ``text`` starts


@dataclass
class QuotedSpan:
    """A quoted fragment inside a message, and which earlier message it came from.

    ``answered_by`` is the own-text range (line indexes in Source.lines) of the quoting message that
    directly follows the fragment: an interleaved answer to it. ``file`` names the file the lines are in when it is
    not the quoting message's ``source`` (a knowledge base's selection, whose messages come from many files).
    """

    message: str | None  # key of the quoted message (None: unknown source)
    lines: tuple[int, int]  # [start, end) Source line indexes
    answered_by: tuple[int, int] | None = None
    file: str | None = None


@dataclass
class DocumentQuote:
    """Policy / wiki / template text a message quotes (not a message, not the speaker's claim)."""

    text: str
    lines: tuple[int, int]  # [start, end) Source line indexes
    document: str | None = None  # "BR", "MRSP", ... when known from context
    section: str | None = None
    intro: str = ""  # the own-text line that introduced the quote


@dataclass(frozen=True)
class Addressee:
    """One addressee of an e-mail as its To or Cc header names it (``MailHeaders.to``/``cc``): ``header`` "to" or
    "cc"; the display name and the address as written, either may be None (the address is None when the header's
    value is no mailbox: "postmaster", a display name alone). The list's own address is an addressee too."""

    header: str
    name: str | None
    address: str | None

    def __str__(self) -> str:
        if self.name and self.address:
            return f"{self.name} <{self.address}>"
        return self.name or self.address or ""


@dataclass
class Message:
    """One message of a thread: its own text separated from everything it quotes."""

    key: str
    source: str
    author: str | None = None
    email: str | None = None
    date: datetime | date | None = None  # aware datetime when the text gives a zone
    date_text: str | None = None
    in_reply_to: str | None = None
    depth: int = 0  # quote depth at which the message was found (0 = top level)
    lines: list[TextLine] = field(default_factory=list)
    quotes: list[QuotedSpan] = field(default_factory=list)
    document_quotes: list[DocumentQuote] = field(default_factory=list)
    subject: str | None = None
    message_id: str | None = None
    references: list[str] = field(default_factory=list)
    partial: bool = False
    on_behalf_of: str | None = None
    header_lines: tuple[int, int] | None = None  # attribution/header line range
    origin: str = ""  # how the message was found ("attribution:gg-en", "bugzilla-comment", ...)
    copies: list[str] = field(default_factory=list)  # keys of duplicates merged into this one
    signature: list[str] = field(default_factory=list)  # the sign-off lines ("Ben Wilson", "Mozilla Root Program")
    # the own and signature lines of its second copies in the input (the same post twice: a mail sent or archived
    # twice, rule "duplicate-of:<key>"): where those lines went, not part of its text
    duplicate_lines: list[TextLine] = field(default_factory=list)
    # an e-mail's To and Cc addressees, in header order (To first); empty for a quoted copy, a page's post, an API post
    addressees: list[Addressee] = field(default_factory=list)
    # where the knowledge base says it stands, for a message read back from it (``KnowledgeBase.selection``: it has
    # no lines); its span when it has no lines of its own
    stored_span: SourceSpan | None = None

    @property
    def text(self) -> str:
        return "\n".join(t.text for t in self.lines)

    @property
    def span(self) -> SourceSpan | None:
        idx = [t.index for t in self.lines]
        if self.header_lines:
            idx += [self.header_lines[0], self.header_lines[1] - 1]
        if not idx:
            return self.stored_span
        return SourceSpan(self.source, min(idx) + 1, max(idx) + 1)

    def locate(self, start: int, end: int | None = None) -> SourceSpan:
        """Map [start, end) offsets in ``self.text`` to a span in the input file."""
        pos = 0
        first = last = None
        end = start if end is None else end
        for tl in self.lines:
            nxt = pos + len(tl.text) + 1
            if first is None and start < nxt:
                first = (tl.index, tl.col + max(0, start - pos))
            if end <= nxt:
                last = (tl.index, tl.col + max(0, end - pos))
                break
            pos = nxt
        if first is None:
            tl = self.lines[-1] if self.lines else TextLine("", 0, 0)
            first = (tl.index, tl.col)
        if last is None:
            last = first
        return SourceSpan(self.source, first[0] + 1, last[0] + 1, first[1], last[1])


MAIL_ORIGIN = "mail"  # Message.origin of an e-mail read from its own headers (parse.pages: mail parts)


def is_mail(m: Message) -> bool:
    """An e-mail of the input (an mbox's or .eml's mail, read from its own headers), not a quoted copy:
    its From, Date and Message-ID are the truth for it, and no other message replaces it."""
    return m.depth == 0 and m.origin.partition("+")[0] == MAIL_ORIGIN


@dataclass
class Thread:
    """The parse result of one Source: its messages and the fate of every input line."""

    source: str
    messages: list[Message]
    assignments: list[LineAssignment]
    subject: str | None = None
    list_name: str | None = None
    warnings: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list, repr=False)  # the decoded input lines (Source.lines) spans index

    def message(self, key: str) -> Message:
        for m in self.messages:
            if m.key == key:
                return m
        raise KeyError(key)


# --------------------------------------------------------------------------- extract


@dataclass
class Citation:
    """A reference to a policy section, resolved against the version in force on the message date."""

    message: str
    document: str  # BR, EVG, MRSP, CCADB, CRP, SMIME-BR, CSBR, NSR, RFC, CPS, OTHER
    section: str
    item: int | str | None
    text: str  # the matched surface text
    span: SourceSpan | None = None
    start: int = 0  # offsets in the message's own text
    end: int = 0
    title: str | None = None  # resolved section title
    version: str | None = None  # version in force on the message date
    item_text: str | None = None  # e.g. the BR 4.9.1.1 reason at that version
    flags: list[str] = field(default_factory=list)  # "unknown_section", "ambiguous_item", ...
    in_document_quote: bool = False
    rule: str = ""  # which pattern matched

    @property
    def id(self) -> str:
        return citation_id(self.document, self.section, self.item)


def citation_id(document: str | None, section: str | None, item: int | str | None) -> str:
    """The canonical id of a cited section and item: "BR:4.9.1.1:4" (also the spaCy ``Span.id_``)."""
    base = f"{document or '?'}:{section or '?'}"
    return base + (f":{item}" if item is not None else "")


@dataclass
class ApiRef:
    message: str
    path: str
    span: SourceSpan | None = None
    start: int = 0
    end: int = 0


@dataclass
class Entity:
    """Other things a reviewer looks for: organisations, URLs, bugs, ballots, deadlines, figures."""

    message: str
    label: str  # ORG, URL, BUG, BALLOT, CRTSH, DEADLINE, DURATION, FIGURE
    text: str
    norm: str  # canonical form ("SHECA", "1993357", "SC-063", "P5D" ...)
    span: SourceSpan | None = None
    start: int = 0
    end: int = 0


class _TableKind(str, enum.Enum):
    """A kind whose names are the rows of a table (``threadkb/data/claim_kinds.json``).

    The members spelled out below are the kinds some stage has a rule for; every other name of the
    table is a kind as well (``ClaimKind("allegation")`` once the table has that row): adding a kind is
    one row of the table, not a new member here. List every kind from the table, not from this class.
    """

    @classmethod
    def _table_names(cls) -> list[str]:
        raise NotImplementedError

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str) or value not in cls._table_names():
            return None
        member = str.__new__(cls, value)
        member._name_, member._value_ = value.upper(), value
        return cls._value2member_map_.setdefault(value, member)


class ClaimKind(_TableKind):
    ASSERTION = "assertion"
    ADMISSION = "admission"
    COMMITMENT = "commitment"
    QUESTION = "question"
    REQUEST = "request"
    DENIAL = "denial"

    @classmethod
    def _table_names(cls) -> list[str]:
        return kinds.claim_kind_names()


# The words ``Claim.cue`` holds when a rule of the claim scorer made a request of the kind model's assertion (a proposal
# to the reader, "Consider updating …", "s/a/b/"; a stated request; a suggestion: ``claim_features.json``
# ``request_rules``): the link stage's pair scorers read such a claim as the assertion (``link.stance.scored_kind``)
PROPOSAL_RULE = "rule: a request to the reader the model read as an assertion"


@dataclass
class Claim:
    id: str
    message: str
    speaker: str | None
    kind: ClaimKind
    text: str
    start: int = 0  # offsets in the message's own text
    end: int = 0
    span: SourceSpan | None = None
    on_behalf_of: str | None = None
    # When it is due, computed once by the claim stage (threadkb.extract.deadlines; report and knowledge base
    # read it): the date (None: a phrase that cannot be counted, e.g. in an undated message), the phrase as
    # written, how the date was obtained, and the phrase's offsets in the message's own text.
    deadline: datetime | date | None = None
    deadline_text: str | None = None
    deadline_rule: str | None = None
    deadline_span: tuple[int, int] | None = None
    cue: str = ""  # the word(s)/rule that made it a claim of this kind
    reported: bool = False  # a third party's words quoted in prose
    citations: list[str] = field(default_factory=list)  # Citation.id values
    entities: list[str] = field(default_factory=list)  # Entity.norm values
    apis: list[str] = field(default_factory=list)
    score: float = 0.0  # how strongly the cues make it a claim (ranks claims against the density cap)


@dataclass(frozen=True)
class ProseQuote:
    """A passage the speaker quotes in their own text between quotation marks, and whose words it is
    (offsets in the message's own text)."""

    start: int
    end: int
    speaker: str | None  # the third party the intro names, or None (policy text, unnamed)
    intro: str


@dataclass(frozen=True)
class MessageFacts:
    """What extract found in a message's own text as a whole, for the link stage."""

    prose_quotes: list[ProseQuote] = field(default_factory=list)  # passages it quotes in prose, in text order
    incident_report: bool = False  # an incident report: the CA writing about itself


class RelationKind(_TableKind):
    REBUTS = "rebuts"
    SUPPORTS = "supports"
    ANSWERS = "answers"

    @classmethod
    def _table_names(cls) -> list[str]:
        return [k.name for k in kinds.relation_kinds()]


@dataclass
class Relation:
    source: str  # claim id (from)
    target: str  # claim id (to)
    kind: RelationKind
    evidence: list[str] = field(default_factory=list)  # readable reasons, each names its rule
    score: float = 0.0


@dataclass
class Extraction:
    """Everything threadkb knows about one thread."""

    thread: Thread
    citations: list[Citation] = field(default_factory=list)
    apis: list[ApiRef] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    message_facts: dict[str, MessageFacts] = field(default_factory=dict)  # message key -> (set by extract)


def by_message(items: Iterable[tuple[str | None, T]]) -> dict[str | None, list[T]]:
    """(message key, item) pairs gathered per message, in their order: a thread's claims, citations, APIs or
    entities by their message, its messages by the one they reply to; made once per thread by the steps that read
    them message by message (a scan of the thread's items per message was quadratic in a thread of thousands)."""
    out: dict[str | None, list[T]] = {}
    for key, x in items:
        out.setdefault(key, []).append(x)
    return out
