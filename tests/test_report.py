"""Tests of the review report (threadkb.report) on hand-built Extractions of real text.

``reference_extraction()`` is the reference thread (corpora/mdsp-2025-10-sheca-api-keys.txt) cut into
messages by line range and quote depth, with claims, citations, APIs and relations located by snippet
(so offsets are real), following gold/mdsp-2025-10-sheca-api-keys.json (a subset) plus two unanswered
questions of Linh's and a duration entity for the "within five days" commitment.
``hostile_extraction()`` is tests/fixtures/hostile_thread.txt, with markup in every thread-derived field.
The browser test imports both factories from here.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from threadkb.commands.report import cli_report
from threadkb.extract import claims
from threadkb.extract.deadlines import parse_duration
from threadkb.models import (
    ApiRef,
    Citation,
    Claim,
    ClaimKind,
    Entity,
    Extraction,
    Message,
    Relation,
    RelationKind,
    TextLine,
    Thread,
)
from threadkb.report import build_report, render_html, render_markdown, write_reports
from threadkb.report.html_page import CSS, Mark, highlight, kind_css, safe_url
from threadkb.report.model import due_date, fmt_local, fmt_utc

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile_thread.txt"
REFERENCE = "corpora/mdsp-2025-10-sheca-api-keys.txt"


def tz(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


# key, author, date, in_reply_to, first line, last line (1-based, inclusive), quote depth
MESSAGES = [
    ("alvin-top", "Alvin Wang", None, "arabella-10-10", 1, 4, 0),
    ("arabella-10-10", "Arabella Barks", datetime(2025, 10, 10, 21, 0, 56, tzinfo=tz(8)), "alvin-10-10b", 8, 24, 1),
    ("alvin-10-10b", "Alvin Wang", datetime(2025, 10, 10, 20, 13, 1, tzinfo=tz(8)), "alvin-10-10a", 27, 36, 2),
    ("alvin-10-10a", "Alvin Wang", datetime(2025, 10, 10, 19, 38, 41, tzinfo=tz(8)), "linh-10-09", 40, 132, 3),
    ("linh-10-09", "Linh Bach Quang", datetime(2025, 10, 9, 1, 34, 40, tzinfo=tz(8)), "alvin-10-08", 135, 204, 4),
    ("alvin-10-08", "Alvin Wang", datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)), "matt-10-08", 209, 283, 5),
    ("matt-10-08", "Matt Palmer", datetime(2025, 10, 8, 7, 19, 54, tzinfo=tz(8)), "alvin-10-07", 289, 326, 6),
    ("alvin-10-07", "Alvin Wang", datetime(2025, 10, 7, 4, 52, 56, tzinfo=tz(-7)), None, 287, 326, 7),
]

# id, message, kind, snippet, citation ids
CLAIMS = [
    ("M1", "matt-10-08", "assertion", "would appear to be outside the remit of the BRs", []),
    ("M3", "matt-10-08", "assertion", "that _would_ appear to be a BR violation", ["BR:6.1.1.3"]),
    ("M4", "matt-10-08", "assertion", "This violation requires revocation within 24 hours, per 4.9.1.1, point 4.",
     ["BR:4.9.1.1:4"]),
    ("A1", "alvin-10-08", "assertion", "This authentication solution is widely used by Internet companies", []),
    ("A2b", "alvin-10-08", "assertion", "signed corresponding subscriber agreements to obtain user authorization", []),
    ("A3", "alvin-10-08", "assertion", "SHECA believes that 4.9.1.1 point 4 is not applicable to this case.",
     ["BR:4.9.1.1:4"]),
    ("A4", "alvin-10-08", "admission", "SHECA acknowledges that the aforementioned two interfaces do violate",
     ["BR:6.1.1.3"]),
    ("A5", "alvin-10-08", "assertion", "the most appropriate revocation reason for this case is per 4.9.1.1, point 16.",
     ["BR:4.9.1.1:16"]),
    ("A6", "alvin-10-08", "commitment",
     "revoke all certificates applied for through the above two API interfaces within five days", []),
    ("A7", "alvin-10-08", "commitment", "SHECA will open a case on Bugzilla to report follow-ups.", []),
    ("L2", "linh-10-09", "assertion",
     "a tool guiding customers to upload their private keys for certificate format conversion", []),
    ("L4", "linh-10-09", "assertion", "the current observations indicate they all present this risk", []),
    ("L6", "linh-10-09", "assertion", "There was not any Subscriber Agreement during the ordering process.", []),
    ("L7", "linh-10-09", "question", "How does SHECA ensure that these private keys (CSRs) have not been used to "
     "request additional certificates beyond the intended scope?", []),
    ("L8", "linh-10-09", "question",
     "how will SHECA prevent any continued use of these private keys in the future?", []),
    ("L10", "linh-10-09", "request", "Please reconfirm the scope of affected certificates", []),
    ("A9", "alvin-10-10a", "assertion",
     "no other partners except Xinnet and China Mobile Cloud have been found to call the above APIs", []),
    ("A10", "alvin-10-10a", "assertion", "this does not violate the BR regulations", []),
    ("A11", "alvin-10-10a", "assertion", "SHECA has never recorded any subscribers' private keys in any form", []),
    ("A13", "alvin-10-10a", "commitment", "SHECA will revoke the affected certificates and contact customers for "
     "replacement according to the MRIP&TP.", []),
    ("Q1", "alvin-10-10b", "question", "does this practice comply with BR requirements?", ["BR:4.2.1"]),
    ("R1", "arabella-10-10", "assertion",
     "I believe reissuing without additional DCV is compliace if SHECA ensures", []),
    ("T1", "alvin-top", "commitment", "SHECA will rigorously verify the two points you mentioned!", []),
]

# from, to, kind, evidence
RELATIONS = [
    ("A1", "M1", "rebuts", ["reply-to: alvin-10-08 answers matt-10-08", "cue: 'That's why' defends the design"]),
    ("A3", "M4", "rebuts", ["shared citation BR:4.9.1.1:4", "negation cue: 'is not applicable'"]),
    ("A5", "M4", "rebuts", ["shared section BR:4.9.1.1, different item (16 vs 4)"]),
    ("A4", "M3", "supports", ["shared citation BR:6.1.1.3", "admission cue: 'acknowledges'"]),
    ("L6", "A2b", "rebuts", ["quotes A2b", "negation: 'There was not any Subscriber Agreement'"]),
    ("A9", "L4", "rebuts", ["reply-to: alvin-10-10a answers linh-10-09"]),
    ("A10", "L2", "rebuts", ["negation cue: 'does not violate'"]),
    ("A11", "L7", "answers", ["under the quoted 'Question 4'"]),
    ("R1", "Q1", "answers", ["reply-to: arabella-10-10 answers alvin-10-10b"]),
    ("T1", "R1", "supports", ["cue: 'Thank you for your professional reply'"]),
]

# message, document, section, item, snippet, version
CITATIONS = [
    ("matt-10-08", "BR", "6.1.1.3", None, "6.1.1.3", "2.1.7"),
    ("matt-10-08", "BR", "4.9.1.1", 4, "4.9.1.1, \npoint 4", "2.1.7"),
    ("alvin-10-08", "BR", "4.9.1.1", 4, "4.9.1.1 point 4", "2.1.7"),
    ("alvin-10-08", "BR", "4.9.1.1", 16, "4.9.1.1, point 16", "2.1.7"),
    ("alvin-10-08", "BR", "6.1.1.3", None, "BR 6.1.1.3", "2.1.7"),
    ("alvin-10-08", "BR", "9.6.3", None, "BR 9.6.3", "2.1.7"),
    ("alvin-10-10b", "BR", "4.2.1", None, "BR 4.2.1", "2.1.7"),
]
TITLES = {
    "4.9.1.1": "Reasons for Revoking a Subscriber Certificate",
    "6.1.1.3": "Subscriber Key Pair Generation",
    "9.6.3": "Subscriber representations and warranties",
    "4.2.1": "Performing identification and authentication functions",
}
APIS = [
    ("alvin-10-10a", "/open-api/v2/order/download-zip"),
    ("alvin-10-10a", "/open-api/v2/tools/gen-csr"),
    ("alvin-10-10a", "/openApi/v1/order/getCertInfo"),
    ("linh-10-09", "/open-api/v2/order/download-zip"),
]


def find(text: str, snippet: str) -> tuple[int, int]:
    """Offsets of ``snippet`` in ``text``, white space matching any run of white space."""
    pattern = r"\s+".join(re.escape(w) for w in snippet.split())
    m = re.search(pattern, text)
    if not m:
        raise AssertionError(f"snippet not found: {snippet!r}")
    return m.start(), m.end()


def _depth(line: str) -> int:
    marks = re.match(r"[> ]*", line).group(0)
    return marks.count(">")


def _own_lines(lines: list[str], first: int, last: int, depth: int) -> list[TextLine]:
    out = []
    for idx in range(first - 1, last):
        line = lines[idx]
        if _depth(line) != depth:
            continue
        col = 0
        if depth:
            col = len(re.match(r"(?:\s*>){%d} ?" % depth, line).group(0))
        out.append(TextLine(line[col:].rstrip(), idx, col))
    while out and not out[-1].text.strip():
        out.pop()
    return out


def reference_extraction(root: Path = ROOT) -> Extraction:
    """The reference thread, annotated by hand (see the module docstring)."""
    lines = (root / REFERENCE).read_text(encoding="utf-8").splitlines()
    messages = []
    for key, author, when, parent, first, last, depth in MESSAGES:
        messages.append(Message(key=key, source=REFERENCE, author=author, date=when,
                                date_text=when.isoformat() if when else None, in_reply_to=parent, depth=depth,
                                lines=_own_lines(lines, first, last, depth), partial=key == "alvin-10-07"))
    thread = Thread(source=REFERENCE, messages=messages, assignments=[],
                    subject="SHECA: API users, private keys and revocation",
                    list_name="dev-security-policy@mozilla.org")
    by_key = {m.key: m for m in messages}
    ex = Extraction(thread=thread)
    for key, doc, section, item, snippet, version in CITATIONS:
        s, e = find(by_key[key].text, snippet)
        ex.citations.append(Citation(key, doc, section, item, by_key[key].text[s:e], start=s, end=e,
                                     span=by_key[key].locate(s, e), title=TITLES[section], version=version,
                                     rule="hand"))
    for key, path in APIS:
        s, e = find(by_key[key].text, path)
        ex.apis.append(ApiRef(key, path, by_key[key].locate(s, e), s, e))
    for cid, key, kind, snippet, cites in CLAIMS:
        m = by_key[key]
        s, e = find(m.text, snippet)
        ex.claims.append(Claim(cid, key, m.author, ClaimKind(kind), m.text[s:e], s, e, m.locate(s, e),
                               on_behalf_of="SHECA" if m.author == "Alvin Wang" else None,
                               cue="hand", citations=list(cites)))
    s, e = find(by_key["alvin-10-08"].text, "within five days")
    ex.entities.append(Entity("alvin-10-08", "DURATION", "within five days", "P5D", start=s, end=e))
    for c in ex.claims:  # the deadline, as the extract stage sets it
        claims.set_deadline(c, by_key[c.message], [e for e in ex.entities if e.message == c.message])
    ex.relations = [Relation(a, b, RelationKind(k), list(ev), 0.9) for a, b, k, ev in RELATIONS]
    return ex


AS_OF = date(2025, 10, 20)


# --------------------------------------------------------------------------- hostile factory

EVIL_KEY = '"><img src=x onerror=alert(9)>'
EVIL_CLAIM = '"><script>alert(13)</script>'


def hostile_extraction() -> Extraction:
    """tests/fixtures/hostile_thread.txt with markup in subject, list, authors, keys, ids, titles, flags,
    evidence, API paths and URLs (``javascript:`` and a quote-breaking https URL among them)."""
    lines = HOSTILE.read_text(encoding="utf-8").splitlines()
    src = "tests/fixtures/hostile_thread.txt"
    spec = [("top", "<img src=x onerror=alert(1)> Mallory", None, "eve", 3, 7, 0),
            ("eve", "<script>alert(5)</script> Eve", datetime(2025, 10, 6, 10, 0, tzinfo=tz(8)), EVIL_KEY, 11, 13, 1),
            (EVIL_KEY, EVIL_KEY[2:], datetime(2025, 10, 5, 21, 0, tzinfo=tz(8)), None, 17, 19, 2)]
    msgs = [Message(key=k, source=src, author=a, date=d, in_reply_to=p, depth=dep,
                    lines=_own_lines(lines, first, last, dep)) for k, a, d, p, first, last, dep in spec]
    thread = Thread(source=src, messages=msgs, assignments=[], subject=lines[0][len("Subject: "):],
                    list_name="<script>alert('list')</script>")
    top, eve, evil = msgs
    ex = Extraction(thread=thread)

    def span(m: Message, snippet: str) -> tuple[int, int]:
        return find(m.text, snippet)

    s, e = span(eve, "BR 4.9.1.1 point 4")
    ex.citations.append(Citation("eve", "BR", "4.9.1.1", "<i>4</i>", eve.text[s:e], start=s, end=e,
                                 title="<b onmouseover=alert(15)>title</b>", version='2.1.7"><script>',
                                 flags=["unknown_section<script>alert(16)</script>"]))
    s, e = span(eve, "/open-api/v2/<script>alert(8)</script>")
    ex.apis.append(ApiRef("eve", eve.text[s:e], None, s, e))
    for url in ("javascript:alert(1)", 'https://example.com/"><script>alert(4)</script>',
                "https://example.com/ok?a=1&b=2"):
        s, e = span(top, url)
        ex.entities.append(Entity("top", "URL", url, url, start=s, end=e))
    s, e = span(top, "javascript:alert(3)")
    ex.entities.append(Entity("top", "URL", "javascript:alert(3)", "javascript:alert(3)", start=s, end=e))
    s, e = span(top, "within five days")
    ex.entities.append(Entity("top", "DURATION", "within five days", "P5D", start=s, end=e))
    claims = [("c1", top, "commitment", "SHECA will revoke the certificates within five days. See [click](javascript:alert(1))"),
              (EVIL_CLAIM, eve, "question", "Does SHECA agree? </textarea></pre><script>alert(7)</script>"),
              ("c3", evil, "assertion", 'is <iframe src="javascript:alert(10)"></iframe> allowed?'),
              ("c4", evil, "request", "<b onmouseover=alert(11)>")]
    for cid, m, kind, snippet in claims:
        s, e = span(m, snippet)
        ex.claims.append(Claim(cid, m.key, m.author, ClaimKind(kind), m.text[s:e], s, e,
                               on_behalf_of="<script>alert('org')</script>", citations=["BR:4.9.1.1:<i>4</i>"]
                               if m is eve else [], deadline_text="<script>alert(17)</script>" if cid == "c1" else None))
    # a claim whose offsets are out of range must not break the page
    ex.claims.append(Claim("c5", "eve", eve.author, ClaimKind.ASSERTION, "broken offsets", 500, 9000))
    ex.relations = [Relation("c1", EVIL_CLAIM, RelationKind.REBUTS, ["<script>alert(14)</script>"], 0.5),
                    Relation("c3", "c1", RelationKind.SUPPORTS, ["<img src=x onerror=alert(18)>"], 0.5),
                    Relation("c1", "missing-claim", RelationKind.ANSWERS, ["dangling"], 0.5)]
    return ex


# --------------------------------------------------------------------------- helpers


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.depth = 0
        self.max_depth = 0
        self.stack: list[str] = []
        self.errors: list[str] = []

    VOID = {"meta", "br", "img", "link", "input", "hr"}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


def md_section(page: str, heading: str) -> str:
    """The text of one '## ' section of a Markdown report, heading included."""
    start = page.index(f"\n## {heading}\n") + 1
    nxt = page.find("\n## ", start)
    return (page[start:] if nxt < 0 else page[start:nxt]).rstrip("\n") + "\n"


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "header", "dl", "dt", "dd", "nav", "ol",
                "li", "a", "section", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "ul",
                "span", "strong", "blockquote", "div", "article", "mark", "code", "details", "summary", "pre", "p"}


# --------------------------------------------------------------------------- exact Markdown sections

EXPECTED_DISPUTES = """\
## Disputes

### Matt Palmer assertion (in \\#2 · Matt Palmer · 8 Oct 2025 07:19 UTC+8): would appear to be outside the remit of the BRs

Rebuttals:

- Alvin Wang assertion (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7): This authentication solution is widely used by Internet companies
  - reply-to: \\#3 Alvin Wang answers \\#2 Matt Palmer
  - cue: 'That's why' defends the design

### Matt Palmer assertion (in \\#2 · Matt Palmer · 8 Oct 2025 07:19 UTC+8): This violation requires revocation within 24 hours, per 4.9.1.1, point 4. — cites BR 4.9.1.1 item 4 (“Reasons for Revoking a Subscriber Certificate”, version 2.1.7)

Rebuttals:

- Alvin Wang assertion (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7): SHECA believes that 4.9.1.1 point 4 is not applicable to this case. — cites BR 4.9.1.1 item 4 (“Reasons for Revoking a Subscriber Certificate”, version 2.1.7)
  - shared citation BR 4.9.1.1 item 4
  - negation cue: 'is not applicable'
- Alvin Wang assertion (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7): the most appropriate revocation reason for this case is per 4.9.1.1, point 16. — cites BR 4.9.1.1 item 16 (“Reasons for Revoking a Subscriber Certificate”, version 2.1.7)
  - shared section BR 4.9.1.1, different item (16 vs 4)

### Alvin Wang assertion (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7): signed corresponding subscriber agreements to obtain user authorization

Rebuttals:

- Linh Bach Quang assertion (in \\#4 · Linh Bach Quang · 9 Oct 2025 01:34 UTC+8): There was not any Subscriber Agreement during the ordering process.
  - quotes the claim of \\#3 Alvin Wang
  - negation: 'There was not any Subscriber Agreement'

### Linh Bach Quang assertion (in \\#4 · Linh Bach Quang · 9 Oct 2025 01:34 UTC+8): a tool guiding customers to upload their private keys for certificate format conversion

Rebuttals:

- Alvin Wang assertion (in \\#5 · Alvin Wang · 10 Oct 2025 19:38 UTC+8): this does not violate the BR regulations
  - negation cue: 'does not violate'

### Linh Bach Quang assertion (in \\#4 · Linh Bach Quang · 9 Oct 2025 01:34 UTC+8): the current observations indicate they all present this risk

Rebuttals:

- Alvin Wang assertion (in \\#5 · Alvin Wang · 10 Oct 2025 19:38 UTC+8): no other partners except Xinnet and China Mobile Cloud have been found to call the above APIs
  - reply-to: \\#5 Alvin Wang answers \\#4 Linh Bach Quang

### Still unanswered

- Linh Bach Quang request (in \\#4 · Linh Bach Quang · 9 Oct 2025 01:34 UTC+8): Please reconfirm the scope of affected certificates — replied to by \\#5 Alvin Wang; no answer found in the reply
- Linh Bach Quang question (in \\#4 · Linh Bach Quang · 9 Oct 2025 01:34 UTC+8): how will SHECA prevent any continued use of these private keys in the future? — replied to by \\#5 Alvin Wang; no answer found in the reply

### Answered

#### Linh Bach Quang question (in \\#4 · Linh Bach Quang · 9 Oct 2025 01:34 UTC+8): How does SHECA ensure that these private keys (CSRs) have not been used to request additional certificates beyond the intended scope?

Answered by:

- Alvin Wang assertion (in \\#5 · Alvin Wang · 10 Oct 2025 19:38 UTC+8): SHECA has never recorded any subscribers' private keys in any form
  - under the quoted 'Question 4'

#### Alvin Wang question (in \\#6 · Alvin Wang · 10 Oct 2025 20:13 UTC+8): does this practice comply with BR requirements? — cites BR 4.2.1 (“Performing identification and authentication functions”, version 2.1.7)

Answered by:

- Arabella Barks assertion (in \\#7 · Arabella Barks · 10 Oct 2025 21:00 UTC+8): I believe reissuing without additional DCV is compliace if SHECA ensures
  - reply-to: \\#7 Arabella Barks answers \\#6 Alvin Wang
"""

EXPECTED_COMMITMENTS = """\
## Commitments and admissions

### Commitments

| Speaker | Commitment | Deadline as written | Due | Status on 2025-10-20 |
|---|---|---|---|---|
| Alvin Wang | revoke all certificates applied for through the above two API interfaces within five days (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7) | within five days | 2025-10-13 12:25:33 UTC (within five days of the message date) | overdue by 7 days |
| Alvin Wang | SHECA will open a case on Bugzilla to report follow-ups. (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7) | — | — (no deadline stated) | no deadline stated |
| Alvin Wang | SHECA will revoke the affected certificates and contact customers for replacement according to the MRIP\\&TP. (in \\#5 · Alvin Wang · 10 Oct 2025 19:38 UTC+8) | — | — (no deadline stated) | no deadline stated |
| Alvin Wang | SHECA will rigorously verify the two points you mentioned\\! (in \\#8 · Alvin Wang · no date) | — | — (no deadline stated) | no deadline stated |

### Admissions

- Alvin Wang admission (in \\#3 · Alvin Wang · 8 Oct 2025 19:25 UTC+7): SHECA acknowledges that the aforementioned two interfaces do violate — cites BR 6.1.1.3 (“Subscriber Key Pair Generation”, version 2.1.7)
"""


def test_markdown_disputes_section_of_reference_thread_is_exact():
    page = render_markdown(reference_extraction(), AS_OF)
    assert md_section(page, "Disputes") == EXPECTED_DISPUTES


def test_markdown_commitments_section_of_reference_thread_is_exact():
    page = render_markdown(reference_extraction(), AS_OF)
    assert md_section(page, "Commitments and admissions") == EXPECTED_COMMITMENTS


# --------------------------------------------------------------------------- sections as data


def test_timeline_orders_instants_and_shows_both_clocks():
    report = build_report(reference_extraction(), AS_OF)
    got = [(e.message.key, fmt_utc(e.message.date), fmt_local(e.message.date),
            e.reply_to.key if e.reply_to else None) for e in report.timeline]
    assert got == [
        ("alvin-10-07", "2025-10-07 11:52:56 UTC", "2025-10-07 04:52:56 UTC-07:00", None),
        ("matt-10-08", "2025-10-07 23:19:54 UTC", "2025-10-08 07:19:54 UTC+08:00", "alvin-10-07"),
        ("alvin-10-08", "2025-10-08 12:25:33 UTC", "2025-10-08 19:25:33 UTC+07:00", "matt-10-08"),
        ("linh-10-09", "2025-10-08 17:34:40 UTC", "2025-10-09 01:34:40 UTC+08:00", "alvin-10-08"),
        ("alvin-10-10a", "2025-10-10 11:38:41 UTC", "2025-10-10 19:38:41 UTC+08:00", "linh-10-09"),
        ("alvin-10-10b", "2025-10-10 12:13:01 UTC", "2025-10-10 20:13:01 UTC+08:00", "alvin-10-10a"),
        ("arabella-10-10", "2025-10-10 13:00:56 UTC", "2025-10-10 21:00:56 UTC+08:00", "alvin-10-10b"),
    ]
    assert [(e.message.key, e.reply_to.key) for e in report.undated] == [("alvin-top", "arabella-10-10")]


def test_participants_organisations_and_counts():
    report = build_report(reference_extraction(), AS_OF)
    assert [(p.name, p.organisations, len(p.messages)) for p in report.participants] == [
        ("Alvin Wang", ["SHECA"], 5), ("Arabella Barks", [], 1), ("Linh Bach Quang", [], 1), ("Matt Palmer", [], 1)]


def test_unanswered_and_disputed_claims():
    report = build_report(reference_extraction(), AS_OF)
    assert [c.id for c in report.unanswered] == ["L10", "L8"]  # one state: by place in the message (L8 is listed
    # first in this hand-built extraction, but its words come after L10's), as `query unanswered` lists them
    assert [(d.claim.id, [e.claim.id for e in d.rebuttals], [e.claim.id for e in d.supports])
            for d in report.disputes] == [("M1", ["A1"], []), ("M4", ["A3", "A5"], []), ("A2b", ["L6"], []),
                                          ("L2", ["A10"], []), ("L4", ["A9"], [])]


def test_cited_sections_rows():
    report = build_report(reference_extraction(), AS_OF)
    assert [(s.document, s.section, s.item, s.titles, s.versions, s.cited_by) for s in report.sections] == [
        ("BR", "4.2.1", "", ["Performing identification and authentication functions"], ["2.1.7"],
         [("Alvin Wang", "alvin-10-10b")]),
        ("BR", "4.9.1.1", "4", ["Reasons for Revoking a Subscriber Certificate"], ["2.1.7"],
         [("Matt Palmer", "matt-10-08"), ("Alvin Wang", "alvin-10-08")]),
        ("BR", "4.9.1.1", "16", ["Reasons for Revoking a Subscriber Certificate"], ["2.1.7"],
         [("Alvin Wang", "alvin-10-08")]),
        ("BR", "6.1.1.3", "", ["Subscriber Key Pair Generation"], ["2.1.7"],
         [("Matt Palmer", "matt-10-08"), ("Alvin Wang", "alvin-10-08")]),
        ("BR", "9.6.3", "", ["Subscriber representations and warranties"], ["2.1.7"], [("Alvin Wang", "alvin-10-08")]),
    ]


def test_flagged_citation_is_shown_in_sections_table():
    ex = reference_extraction()
    cite = next(c for c in ex.citations if c.section == "9.6.3")
    cite.flags.append("unknown_section")
    page = render_markdown(ex, AS_OF)
    assert ("| BR | 9.6.3 | \u2014 | Subscriber representations and warranties | 2.1.7 | Alvin Wang (#3) "
            "| unknown\\_section (#3) |") in page.splitlines()
    assert '<span class="flag">unknown_section</span>' in render_html(ex, AS_OF)


@pytest.mark.parametrize("norm, expected", [
    ("P5D", {"days": 5}), ("PT24H", {"hours": 24}), ("P2W", {"weeks": 2}), ("P1M", {"months": 1}),
    ("P1Y2M3D", {"years": 1, "months": 2, "days": 3}), ("P", None), ("5 days", None), ("", None),
])
def test_parse_duration(norm, expected):
    from dateutil.relativedelta import relativedelta
    assert parse_duration(norm) == (relativedelta(**expected) if expected else None)


MSG = Message(key="m", source="s", author="A", date=datetime(2025, 10, 8, 19, 25, 33, tzinfo=tz(7)),
              lines=[TextLine("we will revoke in less than 5 days, prior to 2025-10-15", 0, 0)])


@pytest.mark.parametrize("deadline, entity, as_of, due, basis, status", [
    (None, ("DURATION", "in less than 5 days", "P5D"), date(2025, 10, 20),
     "2025-10-13 12:25:33 UTC", "5 days after the message date", "overdue by 7 days"),
    (None, ("DURATION", "in less than 5 days", "P5D"), date(2025, 10, 13), "2025-10-13 12:25:33 UTC",
     "5 days after the message date", "due today"),
    (None, ("DURATION", "in less than 5 days", "PT24H"), date(2025, 10, 8), "2025-10-09 12:25:33 UTC",
     "1 day after the message date", "due in 1 day"),
    (None, ("DEADLINE", "2025-10-15", "2025-10-15"), date(2025, 10, 16), "2025-10-15",
     "date \u201c2025-10-15\u201d", "overdue by 1 day"),
    (date(2025, 11, 1), None, date(2025, 10, 20), "2025-11-01", "stated", "due in 12 days"),
    (None, None, date(2025, 10, 20), "no date", "no deadline stated", "no deadline stated"),
])
def test_commitment_due_date_and_status(deadline, entity, as_of, due, basis, status):
    text = MSG.text
    ex = Extraction(thread=Thread("s", [MSG], []))
    ex.claims.append(Claim("c", "m", "A", ClaimKind.COMMITMENT, text, 0, len(text), deadline=deadline))
    if entity:
        s, e = find(text, entity[1])
        ex.entities.append(Entity("m", entity[0], entity[1], entity[2], start=s, end=e))
    claims.finalize(ex)  # as the extract stage does: a date or duration entity inside the claim is its deadline
    (cm,) = build_report(ex, as_of).commitments
    assert (fmt_utc(cm.due), cm.basis, cm.status) == (due, basis, status)
    assert due_date(ex.claims[0]) == (cm.due, basis)


# --------------------------------------------------------------------------- HTML


def test_html_sections_anchors_and_links():
    page = render_html(reference_extraction(), AS_OF)
    p = parse_html(page)
    assert p.errors == [] and p.stack == []
    ids = [a["id"] for _, a in p.tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not i.startswith(("msg-", "claim-"))] == [
        "summary", "disputes", "commitments", "sections", "participants", "timeline", "speakers", "messages"]
    assert len([i for i in ids if i.startswith("msg-")]) == 8
    assert len([i for i in ids if i.startswith("claim-")]) == 23  # every claim is highlighted in its message
    hrefs = {a["href"] for _, a in p.tags if "href" in a}
    assert {h for h in hrefs if not h.startswith("#")} == set()
    assert {h[1:] for h in hrefs} <= set(ids)  # every link lands
    # a claim's anchor is inside its message's article
    art = page.index('<article class="message" id="msg-alvin-10-08">')
    assert art < page.index('id="claim-A6"') < page.index("</article>", art)


def test_html_highlights_claims_citations_and_apis_by_offset():
    page = render_html(reference_extraction(), AS_OF)
    assert ('<mark id="claim-A3" class="claim k-assertion" title="assertion of Alvin Wang">SHECA believes that '
            '<span class="cite" title="BR 4.9.1.1 item 4: \u201cReasons for Revoking a Subscriber Certificate\u201d, '
            'version 2.1.7">4.9.1.1 point 4</span> is not applicable to this case.</mark>') in page
    assert '<code class="api" title="API /openApi/v1/order/getCertInfo">/openApi/v1/order/getCertInfo</code>' in page
    assert '<span class="badge overdue">overdue by 7 days</span>' in page


def test_html_is_self_contained():
    page = render_html(reference_extraction(), AS_OF)
    head = page[:page.index("<style>")]
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">" in head
    assert f"<style>{CSS}{kind_css()}</style>" in head + page[len(head):page.index("</head>")]
    tags = {t for t, _ in parse_html(page).tags}
    assert tags <= ALLOWED_TAGS
    assert not re.search(r"(?i)\b(src|srcset|action|formaction)=|url\(|@import|https?://", page.split("</style>")[0])


def test_highlight_nests_crossing_ranges():
    text = "alpha beta gamma delta"
    marks = [Mark(0, 16, 0, "mark", {"class": "claim"}, "claim-x"), Mark(6, 22, 1, "span", {"class": "cite"})]
    out = highlight(text, marks)
    assert out == ('<mark id="claim-x" class="claim">alpha <span class="cite">beta gamma</span></mark>'
                   '<span class="cite"> delta</span>')
    assert unescape(re.sub(r"<[^>]+>", "", highlight("a<b>&\"c'", [Mark(1, 4, 0, "mark", {})]))) == "a<b>&\"c'"


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
    ("http://bugzil.la/1993357", "http://bugzil.la/1993357"),
    ("javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None), (" javascript:alert(1)", None),
    ("data:text/html,<script>", None), ("https://example.com/\"><script>", None), ("//evil.example/x", None),
    ("https:alert(1)", None), ("vbscript:x", None), ("https://exa mple.com", None), ("", None), (None, None),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_hostile_thread_html_escapes_everything():
    ex = hostile_extraction()
    page = render_html(ex, AS_OF)
    p = parse_html(page)
    assert p.errors == [] and p.stack == []
    assert {t for t, _ in p.tags} <= ALLOWED_TAGS
    assert [t for t, _ in p.tags].count("style") == 1
    for _, attrs in p.tags:
        assert not [k for k in attrs if k.startswith("on") or k in ("src", "srcset", "style", "action")]
    hrefs = [a["href"] for _, a in p.tags if "href" in a]
    assert [h for h in hrefs if not h.startswith("#")] == ["https://example.com/ok?a=1&b=2"]
    assert 'href="https://example.com/ok?a=1&amp;b=2"' in page
    assert all(re.fullmatch(r"#[A-Za-z0-9_-]+", h) for h in hrefs if h.startswith("#"))
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<iframe" not in page.lower()
    text = "".join(p.text)
    assert EVIL_KEY not in page  # message keys are never shown (labels are); the anchors made of them are safe
    for needle in ("<script>alert(5)</script> Eve", "</textarea></pre><script>",
                   "<style>body{display:none}</style>", "[click](javascript:alert(1))"):
        assert needle in text


def test_hostile_thread_markdown_escapes_outside_fences():
    page = render_markdown(hostile_extraction(), AS_OF)
    outside, inside, fence = [], [], None
    for line in page.splitlines():
        m = re.match(r"^(`{3,})", line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None and line == fence:
            fence = None
        else:
            (inside if fence else outside).append(line)
    assert fence is None
    assert "```` `<b onmouseover=alert(11)>` ]]> --> <!-- <svg onload=alert(12)>" in inside
    body = "\n".join(outside)
    assert not re.search(r"(?<!\\)[<>]", body)
    assert not re.search(r"(?<!\\)\]\(javascript", body) and "\\[click\\](javascript:alert(1))" in body


# --------------------------------------------------------------------------- files and command


def test_write_reports(tmp_path):
    ex = reference_extraction()
    paths = write_reports([ex, hostile_extraction(), ex], tmp_path, as_of=AS_OF)
    assert [p.name for p in paths] == [
        "mdsp-2025-10-sheca-api-keys-1.report.html", "mdsp-2025-10-sheca-api-keys-1.report.md",
        "hostile_thread.report.html", "hostile_thread.report.md",
        "mdsp-2025-10-sheca-api-keys-2.report.html", "mdsp-2025-10-sheca-api-keys-2.report.md"]
    assert paths[1].read_text(encoding="utf-8") == render_markdown(ex, AS_OF)


def test_cli_report(tmp_path, monkeypatch, capsys):
    from threadkb.commands import report as report_command
    monkeypatch.setattr(report_command, "extract_paths", lambda paths, errors: [reference_extraction()])
    out = tmp_path / "r.md"
    args = SimpleNamespace(paths=[REFERENCE], format="md", output=str(out), as_of="2025-10-20")
    assert cli_report(args) == 0
    assert out.read_text(encoding="utf-8") == render_markdown(reference_extraction(), AS_OF)
    monkeypatch.chdir(tmp_path)
    assert cli_report(SimpleNamespace(paths=[REFERENCE], format="html", output=None, as_of=None)) == 0
    assert (tmp_path / "output" / "mdsp-2025-10-sheca-api-keys.report.html").exists()
    assert cli_report(SimpleNamespace(paths=[REFERENCE], format="md", output=None, as_of="20 Oct")) == 2
    assert capsys.readouterr().err == "threadkb: --as-of: not a date (YYYY-MM-DD): '20 Oct'\n"
    monkeypatch.setattr(report_command, "extract_paths", lambda paths, errors: errors.append(("x", "unreadable")) or [])
    assert cli_report(SimpleNamespace(paths=["x"], format="md", output=None, as_of=None)) == 2
    assert capsys.readouterr().err == "threadkb: x: unreadable\n"


def test_organisation_needs_a_share_of_the_speakers_own_claims():
    ex = reference_extraction()
    linh = next(c for c in ex.claims if c.id == "L6")
    linh.on_behalf_of = "SHECA"  # one claim of Linh's six
    report = build_report(ex, AS_OF)
    assert [(p.name, p.organisations) for p in report.participants][:3] == [
        ("Alvin Wang", ["SHECA"]), ("Arabella Barks", []), ("Linh Bach Quang", [])]
    for c in ex.claims:
        if c.speaker == "Linh Bach Quang" and c.id in ("L2", "L4"):
            c.on_behalf_of = "SHECA"  # now three of six
    assert build_report(ex, AS_OF).participants[2].organisations == ["SHECA"]


def test_real_pipeline_report_of_reference_thread():
    """The whole pipeline's report: the five-day commitment gets its due date and status (ids may change)."""
    try:
        from threadkb.pipeline import extract_paths
        (ex,) = extract_paths([str(ROOT / REFERENCE)])
    except ImportError as exc:  # a stage not written yet
        pytest.skip(f"pipeline not available: {exc}")
    page = render_markdown(ex, AS_OF)
    rows = [r for r in md_section(page, "Commitments and admissions").splitlines() if "within five days" in r]
    assert len(rows) == 1
    assert rows[0].endswith("| 2025-10-13 12:25:33 UTC (within five days of the message date) | overdue by 7 days |")
    assert parse_html(render_html(ex, AS_OF)).errors == []


# What a retrain of the learned models changes in a report, and what the golden files therefore do not pin:
# the learned scorer's probability and the reasons it weighs most ("learned scorer: related, with probability
# 0.51, because the hand-written rules link it too (…)"), and the word lists expanded from the stems two claims
# share ("share the words “API”, “key” and “public”"). Everything else (structure, headings, claims, who answers
# whom, the rules' evidence, deadlines) is compared as it is.
LEARNED = [
    (re.compile(r"with probability \d+(?:\.\d+)?"), "with probability <p>"),
    (re.compile(r"(learned scorer: [^,\n]*, with probability <p>), because [^\n]*?(?= \(that it |$)", re.M),
     r"\1, because <learned reasons>"),
    (re.compile(r"\b(words?) “[^”\n]*”(?:(?:, | and )“[^”\n]*”)*"), r"\1 <words>"),
]


def mask_learned(text: str) -> str:
    """The report text with the figures and word lists of ``LEARNED`` replaced by placeholders."""
    for rx, repl in LEARNED:
        text = rx.sub(repl, text)
    return text


@pytest.mark.parametrize("text,masked", [
    ("  - learned scorer: related, with probability 0.51, because the hand-written rules link it too (that it "
     "rebuts: the next reason)",
     "  - learned scorer: related, with probability <p>, because <learned reasons> (that it rebuts: the next reason)"),
    ("  - learned scorer: related, with probability 0.34 (that it rebuts: the next reason)",
     "  - learned scorer: related, with probability <p> (that it rebuts: the next reason)"),
    ("  - learned scorer: related, with probability 1, because both cite it",
     "  - learned scorer: related, with probability <p>, because <learned reasons>"),
    ("  - the sentences around them share the words “API”, “authentication” and “public”",
     "  - the sentences around them share the words <words>"),
    ("  - both use the word “key”", "  - both use the word <words>"),
    ("  - it disagrees: it says “not”", "  - it disagrees: it says “not”"),  # a cue, not a stem list: kept
    ("cites BR 4.9.1.1 item 4 (version 2.1.7)", "cites BR 4.9.1.1 item 4 (version 2.1.7)"),  # not a score
])
def test_mask_learned(text, masked):
    assert mask_learned(text) == masked


def test_golden_report_files_hold_no_learned_figures():
    for f in sorted((ROOT / "tests" / "fixtures" / "report").glob("*.md")):
        text = f.read_text(encoding="utf-8")
        assert mask_learned(text) == text, f"{f.name} pins a learned figure: write it through mask_learned"


@pytest.mark.parametrize("name,section", [("disputes", "Disputes"), ("commitments", "Commitments and admissions")])
def test_real_pipeline_report_sections_exact(name, section):
    """The reference thread's disputes and commitments, as the whole pipeline writes them, line for line.

    The expected files were read and checked by hand; when a stage changes on purpose, regenerate them with
    ``mask_learned(md_section(render_markdown(ex, AS_OF), section))`` and read the diff before committing it.
    Learned figures and stem word lists are masked on both sides (``mask_learned``): a retrain does not
    change the golden files."""
    from threadkb.pipeline import extract_paths

    (ex,) = extract_paths([str(ROOT / REFERENCE)])
    expected = (ROOT / "tests" / "fixtures" / "report" / f"reference.{name}.md").read_text(encoding="utf-8")
    assert mask_learned(md_section(render_markdown(ex, AS_OF), section)) == mask_learned(expected)
