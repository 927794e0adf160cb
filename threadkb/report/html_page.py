"""The review report as one self-contained HTML page: inline CSS, no script, no request, all thread text escaped.

Safety: every thread-derived string goes through ``esc`` (``html.escape`` with quotes); the only
``href`` values are our own ``#anchors`` and http(s) URLs found by the entity stage (``safe_url``),
escaped. A Content-Security-Policy meta forbids everything but inline style, so even a mistake here
could not run a script or fetch anything.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from threadkb.models import Claim, Extraction, Message
from threadkb.report.model import (
    KIND_HEADINGS, UNKNOWN_SPEAKER, Edge, Report, TimelineEntry, build_report, citation_detail, citation_label,
    fmt_local, fmt_utc, one_line,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'"
DASH = "\u2014"  # shown for an empty cell
SEP = " \u00b7 "


def esc(text: object) -> str:
    """Escape for HTML text and attribute values (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL without control characters or white space, else None."""
    if not url or any(ord(ch) < 33 or ch in "\"'<>`\\" or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class Anchors:
    """Unique, attribute-safe element ids for message keys and claim ids (which come from the thread)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._used: set[str] = set()

    def __call__(self, prefix: str, key: str) -> str:
        if (prefix, key) not in self._ids:
            base = prefix + "-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")[:48] or "x")
            anchor, n = base, 1
            while anchor in self._used:
                n += 1
                anchor = f"{base}-{n}"
            self._used.add(anchor)
            self._ids[(prefix, key)] = anchor
        return self._ids[(prefix, key)]


@dataclass
class Mark:
    """A highlighted range of a message's text and how to open it."""

    start: int
    end: int
    order: int  # nesting preference for equal ranges: claims outside, citations, APIs, URLs inside
    tag: str
    attrs: dict[str, str]
    anchor: str | None = None


def _marks(report: Report, m: Message, text: str, anchors: Anchors) -> list[Mark]:
    ex = report.extraction
    marks: list[Mark] = []
    for c in ex.claims:
        if c.message == m.key:
            marks.append(Mark(c.start, c.end, 0, "mark",
                              {"class": f"claim k-{c.kind.value}", "title": f"{c.kind.value} {c.id} ({report.speaker(c)})"},
                              anchors("claim", c.id)))
    for c in ex.citations:
        if c.message == m.key and not c.in_document_quote:
            marks.append(Mark(c.start, c.end, 1, "span", {"class": "cite" + (" flagged" if c.flags else ""),
                                                         "title": f"{citation_label(c)}: {citation_detail(c)}"}))
    for a in ex.apis:
        if a.message == m.key:
            marks.append(Mark(a.start, a.end, 2, "code", {"class": "api", "title": "API " + a.path}))
    for e in ex.entities:
        if e.message == m.key and e.label == "URL":
            url = safe_url(e.norm) or safe_url(e.text)
            if url:
                marks.append(Mark(e.start, e.end, 3, "a", {"class": "url", "href": url,
                                                           "rel": "noopener noreferrer nofollow"}))
    n = len(text)
    return [mk for mk in marks if 0 <= mk.start < mk.end <= n]


def highlight(text: str, marks: list[Mark]) -> str:
    """Escaped ``text`` with ``marks`` as properly nested elements (a range crossing another is split;
    its id goes on its first piece)."""
    bounds = sorted({0, len(text)} | {b for mk in marks for b in (mk.start, mk.end)})
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[int] = set()
    for a, b in zip(bounds, bounds[1:]):
        active = sorted((mk for mk in marks if mk.start <= a and mk.end >= b),
                        key=lambda mk: (mk.start, -mk.end, mk.order))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        for mk in reversed(stack[keep:]):
            out.append(f"</{mk.tag}>")
        stack = stack[:keep]
        for mk in active[keep:]:
            attrs = dict(mk.attrs)
            if mk.anchor and id(mk) not in opened:
                attrs = {"id": mk.anchor, **attrs}
            opened.add(id(mk))
            out.append(f"<{mk.tag}" + "".join(f' {k}="{esc(v)}"' for k, v in attrs.items()) + ">")
            stack.append(mk)
        out.append(esc(text[a:b]))
    out.extend(f"</{mk.tag}>" for mk in reversed(stack))
    return "".join(out)


CSS = """
:root { --fg:#1d232b; --muted:#5b6573; --line:#d8dde3; --bg:#fff; --soft:#f5f7f9; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
header.top { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.08rem; margin: 1.3rem 0 .4rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav.toc ol { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; list-style: none; padding: 0; margin: .3rem 0 0; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
ul.claims { padding-left: 1.2rem; margin: .2rem 0 .6rem; }
ul.claims li { margin: .2rem 0; }
.muted, .evidence { color: var(--muted); font-size: .88rem; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem;
        margin: 0 .2rem; font-size: .82rem; background: var(--soft); }
.chip.flagged, .flag { border-color: #c0392b; color: #a02a1d; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .35rem; font-size: .8rem; color: #fff; background: #6b7785; }
.badge.overdue { background: #b03a2e; }
.dispute { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; margin: .8rem 0; }
.dispute blockquote { margin: .3rem 0 .6rem; padding-left: .7rem; border-left: 4px solid #e0a800; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.sides > div { background: var(--soft); border-radius: 4px; padding: .4rem .7rem; }
.sides h4 { margin-top: .2rem; }
.sides .rebut h4 { color: #a02a1d; }
.sides .support h4 { color: #1e7b3c; }
article.message { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
article.message > header { background: var(--soft); padding: .4rem .8rem; border-bottom: 1px solid var(--line); }
article.message:target { outline: 3px solid var(--accent); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 13.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace;
        padding: .6rem .8rem; margin: 0; }
mark.claim { background: #fff3bf; border-bottom: 2px solid #e0a800; padding: 0 1px; }
mark.claim.k-admission { background: #ffd8d8; border-color: #c0392b; }
mark.claim.k-commitment { background: #d9f2e1; border-color: #1e7b3c; }
mark.claim.k-question, mark.claim.k-request { background: #e2ecfb; border-color: #1f5fa8; }
mark.claim.k-denial { background: #efe2fb; border-color: #7a3db8; }
mark.claim:target { outline: 2px solid var(--accent); }
.cite { font-weight: 600; text-decoration: underline dotted; }
.cite.flagged { color: #a02a1d; }
code.api { background: #e8e8f0; border-radius: 3px; font-weight: 600; }
details.docquote { margin: 0 .8rem .6rem; }
details.docquote pre { white-space: pre-wrap; background: var(--soft); padding: .4rem .6rem; }
@media (max-width: 760px) { .sides { grid-template-columns: 1fr; } main { padding: 1rem; } }
@media print { nav.toc { display: none; } article.message { break-inside: avoid; } }
"""


class _Html:
    """Renders a Report to HTML; every thread-derived value goes through ``esc``."""

    def __init__(self, report: Report) -> None:
        self.r = report
        self.anchor = Anchors()

    # links --------------------------------------------------------------
    def msg_link(self, key: str | None, label: str | None = None) -> str:
        if not key or key not in self.r.messages:
            return esc(label or key or "?")
        return f'<a href="#{self.anchor("msg", key)}">{esc(label or key)}</a>'

    def claim_link(self, c: Claim, text: str | None = None) -> str:
        return f'<a class="claim-link" href="#{self.anchor("claim", c.id)}">{esc(text or one_line(c.text))}</a>'

    def chips(self, c: Claim) -> str:
        out = []
        for cit in self.r.citations_of(c):
            flagged = not isinstance(cit, str) and bool(cit.flags)
            out.append(f'<span class="chip{" flagged" if flagged else ""}" title="{esc(citation_detail(cit))}">'
                       f"{esc(citation_label(cit))}</span>")
        return "".join(out)

    def claim_item(self, c: Claim, speaker: bool = True) -> str:
        who = f"<strong>{esc(self.r.speaker(c))}</strong> " if speaker else ""
        return (f"<li>{who}<span class=\"muted\">[{esc(c.id)}]</span> {self.claim_link(c)}{self.chips(c)} "
                f"<span class=\"muted\">in {self.msg_link(c.message)}</span></li>")

    # sections -----------------------------------------------------------
    def header(self) -> str:
        r, th = self.r, self.r.extraction.thread
        rng = r.date_range
        when = f"{esc(fmt_utc(rng[0]))} \u2013 {esc(fmt_utc(rng[1]))}" if rng else "no dated messages"
        rows = [("List", esc(th.list_name or "not stated")), ("Source", esc(th.source)),
                ("Messages", f"{len(th.messages)} ({len(r.timeline)} dated, {len(r.undated)} without a date)"),
                ("Date range", when), ("Claims", f"{len(r.extraction.claims)} claims, "
                                                 f"{len(r.extraction.relations)} relations"),
                ("Deadlines as of", esc(r.as_of.isoformat()))]
        meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
        toc = "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in (
            ("participants", "Participants"), ("timeline", "Timeline"), ("speakers", "Claims by speaker"),
            ("disputes", "Disputes"), ("commitments", "Commitments &amp; admissions"),
            ("sections", "Cited sections"), ("messages", "Messages")))
        return (f'<header class="top"><h1>{esc(r.title)}</h1><dl class="meta">{meta}</dl>'
                f'<nav class="toc"><ol>{toc}</ol></nav></header>')

    def participants(self) -> str:
        rows = "".join(
            f"<tr><td>{esc(p.name)}</td><td>{esc(', '.join(p.organisations) or DASH)}</td>"
            f"<td>{len(p.messages)}: {', '.join(self.msg_link(k) for k in p.messages)}</td></tr>"
            for p in self.r.participants)
        return ('<section id="participants"><h2>Participants</h2><table><thead><tr><th>Participant</th>'
                f"<th>Organisation</th><th>Messages</th></tr></thead><tbody>{rows}</tbody></table></section>")

    def _timeline_row(self, e: TimelineEntry, n: int | str) -> str:
        m = e.message
        to = (f"{self.msg_link(e.reply_to.key, e.reply_to.author or e.reply_to.key)}" if e.reply_to else "\u2014")
        return (f"<tr><td>{n}</td><td>{esc(fmt_utc(m.date))}</td><td>{esc(fmt_local(m.date))}</td>"
                f"<td>{self.msg_link(m.key, m.author or UNKNOWN_SPEAKER)}</td><td>{to}</td></tr>")

    def timeline(self) -> str:
        head = ("<thead><tr><th>#</th><th>UTC</th><th>Author's own time</th><th>Author</th>"
                "<th>Replies to</th></tr></thead>")
        body = "".join(self._timeline_row(e, i) for i, e in enumerate(self.r.timeline, 1))
        out = f'<section id="timeline"><h2>Timeline</h2><table>{head}<tbody>{body}</tbody></table>'
        if self.r.undated:
            rows = "".join(self._timeline_row(e, "\u2014") for e in self.r.undated)
            out += (f"<h3>Messages without a date (thread order)</h3><table>{head}<tbody>{rows}</tbody></table>")
        return out + "</section>"

    def speakers(self) -> str:
        parts = ['<section id="speakers"><h2>Claims by speaker</h2>']
        if not self.r.by_speaker:
            parts.append('<p class="muted">No claims found.</p>')
        for name, kinds in self.r.by_speaker.items():
            parts.append(f"<h3>{esc(name)}</h3>")
            for kind, heading in KIND_HEADINGS.items():
                if kinds.get(kind):
                    items = "".join(self.claim_item(c, speaker=False) for c in kinds[kind])
                    parts.append(f'<h4>{heading}</h4><ul class="claims">{items}</ul>')
        return "".join(parts) + "</section>"

    def _edges(self, edges: list[Edge], none: str) -> str:
        if not edges:
            return f'<p class="muted">{none}</p>'
        items = []
        for e in edges:
            ev = "".join(f"<li>{esc(x)}</li>" for x in e.relation.evidence) or "<li>no evidence recorded</li>"
            items.append(f"{self.claim_item(e.claim)[:-5]}<ul class=\"evidence\">{ev}"
                         f"<li>score {e.relation.score:.2f}</li></ul></li>")
        return f'<ul class="claims">{"".join(items)}</ul>'

    def disputes(self) -> str:
        parts = ['<section id="disputes"><h2>Disputes</h2>']
        if not self.r.disputes:
            parts.append('<p class="muted">No rebutted claims.</p>')
        for d in self.r.disputes:
            c = d.claim
            parts.append(
                f'<article class="dispute"><h3>{esc(self.r.speaker(c))} <span class="muted">'
                f"({esc(c.kind.value)} [{esc(c.id)}] in {self.msg_link(c.message)})</span></h3>"
                f"<blockquote>{self.claim_link(c)}{self.chips(c)}</blockquote><div class=\"sides\">"
                f'<div class="rebut"><h4>Rebuttals</h4>{self._edges(d.rebuttals, "none")}</div>'
                f'<div class="support"><h4>Supports</h4>{self._edges(d.supports, "none")}</div>'
                "</div></article>")
        parts.append("<h3>Still unanswered (questions and requests without an answer)</h3>")
        if self.r.unanswered:
            parts.append('<ul class="claims">' + "".join(self.claim_item(c) for c in self.r.unanswered) + "</ul>")
        else:
            parts.append('<p class="muted">Every question and request has an answer.</p>')
        return "".join(parts) + "</section>"

    def commitments(self) -> str:
        rows = []
        for cm in self.r.commitments:
            c = cm.claim
            due = esc(fmt_utc(cm.due)) if cm.due is not None else "\u2014"
            rows.append(f"<tr><td>{esc(self.r.speaker(c))}</td><td>{self.claim_link(c)}{self.chips(c)}</td>"
                        f"<td>{esc(one_line(c.deadline_text or '')) or DASH}</td><td>{due}"
                        f'<div class="muted">{esc(cm.basis)}</div></td>'
                        f'<td><span class="badge{" overdue" if cm.overdue else ""}">{esc(cm.status)}</span></td></tr>')
        table = ("<table><thead><tr><th>Speaker</th><th>Commitment</th><th>Deadline as written</th><th>Due</th>"
                 f"<th>Status on {esc(self.r.as_of.isoformat())}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
                 if rows else '<p class="muted">No commitments.</p>')
        adm = ('<ul class="claims">' + "".join(self.claim_item(c) for c in self.r.admissions) + "</ul>"
               if self.r.admissions else '<p class="muted">No admissions.</p>')
        return (f'<section id="commitments"><h2>Commitments &amp; admissions</h2><h3>Commitments</h3>{table}'
                f"<h3>Admissions</h3>{adm}</section>")

    def sections(self) -> str:
        rows = []
        for s in self.r.sections:
            cited = ", ".join(self.msg_link(k, f"{who} ({k})") for who, k in s.cited_by)
            flags = ", ".join(f'<span class="flag">{esc(f)}</span> ({self.msg_link(k)})' for f, k in s.flags)
            note = ' <span class="muted">(in quoted policy text only)</span>' if s.quoted_only else ""
            rows.append(f"<tr><td>{esc(s.document)}</td><td>{esc(s.section)}</td><td>{esc(s.item) or DASH}</td>"
                        f"<td>{esc(' / '.join(s.titles)) or DASH}{note}</td><td>{esc(', '.join(s.versions)) or DASH}</td>"
                        f"<td>{cited}</td><td>{flags or DASH}</td></tr>")
        table = ("<table><thead><tr><th>Document</th><th>Section</th><th>Item</th><th>Title</th>"
                 "<th>Version in force</th><th>Cited by</th><th>Flags</th></tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>") if rows else '<p class="muted">No citations.</p>'
        return f'<section id="sections"><h2>Cited sections</h2>{table}</section>'

    def message(self, m: Message, entry: TimelineEntry) -> str:
        text = m.text
        meta = [f"<strong>{esc(m.author or UNKNOWN_SPEAKER)}</strong>",
                esc(fmt_utc(m.date)) + (f' <span class="muted">({esc(fmt_local(m.date))})</span>'
                                        if isinstance(m.date, datetime) and m.date.tzinfo else "")]
        if entry.reply_to:
            meta.append("replies to " + self.msg_link(entry.reply_to.key,
                                                      f"{entry.reply_to.author or UNKNOWN_SPEAKER} ({entry.reply_to.key})"))
        if entry.replies:
            meta.append("answered by " + ", ".join(self.msg_link(x.key) for x in entry.replies))
        if m.span:
            meta.append(f'<span class="muted">{esc(m.span)}</span>')
        if m.partial:
            meta.append('<span class="muted">partial (only quoted fragments survive)</span>')
        quotes = "".join(
            f'<details class="docquote"><summary>Quoted policy text{esc(" " + (dq.document or "") + " " + (dq.section or "")).rstrip()}'
            f"</summary><pre>{esc(dq.text)}</pre></details>" for dq in m.document_quotes)
        body = highlight(text, _marks(self.r, m, text, self.anchor))
        return (f'<article class="message" id="{self.anchor("msg", m.key)}"><header>'
                f'<span class="muted">[{esc(m.key)}]</span> {SEP.join(meta)}</header>'
                f'<div class="text">{body}</div>{quotes}</article>')

    def messages(self) -> str:
        entries = {e.message.key: e for e in self.r.timeline + self.r.undated}
        arts = "".join(self.message(m, entries[m.key]) for m in self.r.extraction.thread.messages)
        return f'<section id="messages"><h2>Messages</h2>{arts}</section>'

    def page(self) -> str:
        body = "".join((self.header(), self.participants(), self.timeline(), self.speakers(), self.disputes(),
                        self.commitments(), self.sections(), self.messages()))
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
                '<meta name="referrer" content="no-referrer">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{esc(self.r.title)} \u2014 threadkb review report</title><style>{CSS}</style></head>"
                f"<body><main>{body}</main></body></html>\n")


def render_html(extraction: Extraction, as_of: date | None = None) -> str:
    """The review report as one self-contained HTML page (deadlines judged on ``as_of``, default today)."""
    return _Html(build_report(extraction, as_of)).page()
