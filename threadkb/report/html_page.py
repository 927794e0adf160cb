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
from itertools import pairwise
from urllib.parse import urlsplit

from threadkb.kinds import claim_kinds, reading_order
from threadkb.models import Claim, Extraction, Message, by_message
from threadkb.report.model import (
    UNKNOWN_SPEAKER,
    Edge,
    Report,
    addressee_line,
    build_report,
    citation_detail,
    citation_label,
    clip,
    fmt_local,
    fmt_short,
    fmt_utc,
    kind_headings,
    one_line,
    section_label,
    shown,
    summary_commitments,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'"
DASH = "\u2014"  # shown for an empty cell
SEP = " \u00b7 "


def esc(text: object) -> str:
    """Escape for HTML text and attribute values (quotes included)."""
    return html.escape(shown("" if text is None else str(text)), quote=True)


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


def _marks(report: Report, m: Message, text: str, anchors: Anchors, of: dict[str, dict[str | None, list]]) -> list[Mark]:
    """The marks of message ``m``'s text; ``of``: the thread's claims, citations, apis and entities ``by_message``."""
    marks: list[Mark] = []
    for c in of["claims"].get(m.key, ()):
        marks.append(Mark(c.start, c.end, 0, "mark",
                          {"class": f"claim k-{c.kind.value}", "title": f"{c.kind.value} of {report.speaker(c)}"},
                          anchors("claim", c.id)))
    for ct in of["citations"].get(m.key, ()):
        if not ct.in_document_quote:
            marks.append(Mark(ct.start, ct.end, 1, "span", {"class": "cite" + (" flagged" if ct.flags else ""),
                                                           "title": f"{citation_label(ct)}: {citation_detail(ct)}"}))
    for a in of["apis"].get(m.key, ()):
        marks.append(Mark(a.start, a.end, 2, "code", {"class": "api", "title": "API " + a.path}))
    for e in of["entities"].get(m.key, ()):
        if e.label == "URL":
            url = safe_url(e.norm) or safe_url(e.text)
            if url:
                marks.append(Mark(e.start, e.end, 3, "a", {"class": "url", "href": url,
                                                           "rel": "noopener noreferrer nofollow"}))
    n = len(text)
    return [mk for mk in marks if 0 <= mk.start < mk.end <= n]


def highlight(text: str, marks: list[Mark]) -> str:
    """Escaped ``text`` with ``marks`` as properly nested elements (a range crossing another is split;
    its id goes on its first piece)."""
    return "".join(highlight_pieces(text, marks))


def highlight_pieces(text: str, marks: list[Mark]) -> list[str]:
    """``highlight`` as the pieces it joins (the page joins every piece once: a 50 MB message is not copied
    into its article, the articles, the section and the page in turn)."""
    bounds = sorted({0, len(text)} | {b for mk in marks for b in (mk.start, mk.end)})
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[int] = set()
    for a, b in pairwise(bounds):
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
    return out


CSS = """
:root { --fg:#1d232b; --muted:#5b6573; --line:#d8dde3; --bg:#fff; --soft:#f5f7f9; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0; }
main { max-width: 1360px; margin: 0 auto; padding: .8rem 1.5rem 4rem; }
header.top { border-bottom: 3px solid var(--accent); margin-bottom: .5rem; padding-bottom: .3rem; }
h1 { font-size: 1.45rem; margin: 0 0 .15rem; }
header.top h1 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.08rem; margin: 1.3rem 0 .4rem; }
h4 { font-size: .95rem; margin: .8rem 0 .3rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
p.meta { margin: 0; color: var(--muted); font-size: .9rem; }
nav.toc ol { display: flex; flex-wrap: wrap; gap: .1rem 1.1rem; list-style: none; padding: 0; margin: .15rem 0 0; font-size: .9rem; }
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
.badge.done { background: #1e7b3c; }
#summary h2 { margin-top: .6rem; }
.summary { display: grid; grid-template-columns: 1.5fr 1fr 1fr; gap: .7rem; font-size: .86rem; line-height: 1.35; }
.summary .card { border: 1px solid var(--line); border-radius: 6px; padding: .35rem .6rem; background: #fff; }
.summary h3 { font-size: .92rem; margin: 0 0 .25rem; }
.summary ol, .summary ul { margin: 0; padding-left: 1.1rem; }
.summary li { margin: 0 0 .35rem; }
.summary .rebuttal { padding-left: .2rem; }
.summary .gist { color: var(--muted); font-style: italic; }
.summary .more { color: var(--muted); margin: .1rem 0 0; }
.summary .col > .card + .card { margin-top: .6rem; }
.dispute { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; margin: .8rem 0; }
.dispute blockquote { margin: .3rem 0 .6rem; padding-left: .7rem; border-left: 4px solid #e0a800; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.sides.one { grid-template-columns: 1fr; }
.sides > div { background: var(--soft); border-radius: 4px; padding: .4rem .7rem; }
.sides h4 { margin-top: .2rem; }
.sides .rebut h4 { color: #a02a1d; }
.sides .support h4 { color: #1e7b3c; }
details.speaker { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .3rem .8rem; }
details.speaker > summary { cursor: pointer; font-weight: 600; }
.legend { font-size: .88rem; margin: .2rem 0 .6rem; }
.legend > * { margin-right: .8rem; }
article.message { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
article.message > header { background: var(--soft); padding: .4rem .8rem; border-bottom: 1px solid var(--line); }
article.message:target { outline: 3px solid var(--accent); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 13.5px/1.45 ui-monospace, "DejaVu Sans Mono", monospace;
        padding: .6rem .8rem; margin: 0; }
mark.claim { background: #fff3bf; border-bottom: 2px solid #e0a800; padding: 0 1px; }
mark.claim:target { outline: 2px solid var(--accent); }
.cite { font-weight: 600; text-decoration: underline dotted; }
.cite.flagged { color: #a02a1d; }
code.api { background: #e8e8f0; border-radius: 3px; font-weight: 600; }
details.docquote { margin: 0 .8rem .6rem; }
details.docquote pre { white-space: pre-wrap; background: var(--soft); padding: .4rem .6rem; }
@media (max-width: 1000px) { .summary { grid-template-columns: 1fr; } }
@media (max-width: 760px) { .sides { grid-template-columns: 1fr; } main { padding: 1rem; } }
@media print { nav.toc { display: none; } article.message { break-inside: avoid; } }
"""



def kind_css() -> str:
    """The highlight colour of each claim kind (claim_kinds.json)."""
    return "".join(f"mark.claim.k-{k.name} {{ background: {k.background}; border-color: {k.border}; }}\n"
                   for k in claim_kinds())


# the highlight colours of the messages, explained in the legend above them (after the claim kinds' entries)
LEGEND = [("span", "cite", "cited policy section"), ("span", "cite flagged", "citation that did not resolve"),
          ("code", "api", "API path")]


def legend() -> list[tuple[str, str, str]]:
    """(tag, class, words) of each entry of the legend: the claim kinds in reading order, then LEGEND."""
    return [("mark", f"claim k-{k.name}", k.legend) for k in reading_order() if k.legend] + LEGEND
SUMMARY_ITEMS = 4  # items per list in the summary (the rest: a link to the full section)
SUMMARY_POINTS = 5
CLIP = 110  # characters of a claim shown in the summary


class _Html:
    """Renders a Report to HTML; every thread-derived value goes through ``esc``."""

    def __init__(self, report: Report) -> None:
        self.r = report
        self.anchor = Anchors()
        ex = report.extraction
        self.of = {name: by_message((x.message, x) for x in getattr(ex, name))
                   for name in ("claims", "citations", "apis", "entities")}
        self.replies = by_message((x.in_reply_to, x) for x in report.order)

    # links --------------------------------------------------------------
    def msg_link(self, key: str | None, label: str | None = None) -> str:
        if not key or key not in self.r.messages:
            return esc(label or key or "?")
        return f'<a href="#{self.anchor("msg", key)}">{esc(label or self.r.label(key))}</a>'

    def claim_link(self, c: Claim, text: str | None = None) -> str:
        return f'<a class="claim-link" href="#{self.anchor("claim", c.id)}">{esc(text or one_line(c.text))}</a>'

    def chips(self, c: Claim) -> str:
        out = []
        for cit in self.r.citations_of(c):
            flagged = not isinstance(cit, str) and bool(cit.flags)
            out.append(f'<span class="chip{" flagged" if flagged else ""}" title="{esc(citation_detail(cit))}">'
                       f"{esc(citation_label(cit))}</span>")
        return "".join(out)

    def claim_item(self, c: Claim, speaker: bool = True, note: str = "") -> str:
        who = f"<strong>{esc(self.r.speaker(c))}</strong> " if speaker else ""
        return (f"<li>{who}{self.claim_link(c)}{self.chips(c)} "
                f"<span class=\"muted\">in {self.msg_link(c.message)}</span>{note}</li>")

    @staticmethod
    def aside(note: str) -> str:
        """A note of the report model (Report.reply_note, done_note) as a muted line; nothing for no note."""
        return f'<div class="muted">{esc(note)}</div>' if note else ""

    def short(self, c: Claim, speaker: bool = True) -> str:
        """A claim in the summary: speaker, message number, clipped text linked to the claim."""
        who = f"<strong>{esc(self.r.speaker(c))}</strong> " if speaker else ""
        num = self.msg_link(c.message, f"#{self.r.numbers.get(c.message, '?')}")
        return f"{who}{num}: {self.claim_link(c, clip(c.text, CLIP))}"

    # sections -----------------------------------------------------------
    def header(self) -> str:
        r, th = self.r, self.r.extraction.thread
        rng = r.date_range
        when = f"{esc(fmt_short(rng[0]))} \u2013 {esc(fmt_short(rng[1]))}" if rng else "no dated messages"
        meta = SEP.join([esc(th.list_name or "list not stated"),
                         f"{len(th.messages)} messages from {len(r.participants)} participants", when,
                         f"{len(r.extraction.claims)} claims, {len(r.extraction.relations)} relations",
                         f"deadlines judged as of {esc(self.as_of())}", esc(th.source)])
        toc = "".join(f'<li><a href="#{i}">{t}</a></li>' for i, t in (
            ("summary", "Summary"), ("disputes", "Disputes"), ("commitments", "Commitments &amp; admissions"),
            ("sections", "Cited sections"), ("participants", "Participants"), ("timeline", "Timeline"),
            ("speakers", "Claims by speaker"), ("messages", "Messages")))
        return (f'<header class="top"><h1 title="{esc(r.title)}">{esc(r.title)}</h1><p class="meta">{meta}</p>'
                f'<nav class="toc"><ol>{toc}</ol></nav></header>')

    def as_of(self) -> str:
        if self.r.as_of is None:
            return "no date (no dated message)"
        return f"{self.r.as_of.isoformat()} ({self.r.as_of_basis})"

    def _more(self, shown: int, total: int, anchor: str, what: str) -> str:
        if total <= shown:
            return ""
        return f'<p class="more">+{total - shown} more {what}: <a href="#{anchor}">see below</a></p>'

    def summary(self) -> str:
        r = self.r
        points = r.points()
        items = []
        for pt in points[:SUMMARY_POINTS]:
            reb = pt.rebuttal.claim
            more = f' <span class="muted">(+{pt.rebuttals - 1} more; {esc(pt.chosen)})</span>' if pt.rebuttals > 1 else ""
            gist = (f'<div class="gist">{esc(pt.gist)}</div>') if pt.reasons else ""
            items.append(f"<li>{self.short(pt.claim)}{self.chips(pt.claim)}"
                         f'<div class="rebuttal">\u21b3 rebutted by {self.short(reb)}{more}</div>{gist}</li>')
        disputes = (f"<ol>{''.join(items)}</ol>" if items else '<p class="muted">No rebutted claims.</p>')
        disputes += self._more(SUMMARY_POINTS, len(points), "disputes", "points in dispute")

        def short_list(claims: list[Claim], none: str, anchor: str, what: str) -> str:
            if not claims:
                return f'<p class="muted">{none}</p>'
            lis = "".join(f"<li>{self.short(c)}</li>" for c in claims[:SUMMARY_ITEMS])  # notes: in the sections below
            return f"<ul>{lis}</ul>" + self._more(SUMMARY_ITEMS, len(claims), anchor, what)

        cms = []
        for cm in summary_commitments(r.commitments)[:SUMMARY_ITEMS]:
            badge = f'<span class="badge{" overdue" if cm.overdue else ""}">{esc(cm.status)}</span>'
            due = f" due {esc(fmt_short(cm.due))}" if cm.due is not None else ""
            cms.append(f"<li>{self.short(cm.claim)}<div>{badge}{due}</div></li>")
        commitments = (f"<ul>{''.join(cms)}</ul>" if cms else '<p class="muted">No commitments.</p>')
        commitments += self._more(SUMMARY_ITEMS, len(r.commitments), "commitments", "commitments")
        rows = r.sections_at_issue()
        secs = "".join(
            f"<li><strong>{esc(section_label(s))}</strong> {esc(' / '.join(s.titles)) or ''}"
            f' <span class="muted">cited by {esc(", ".join(dict.fromkeys(w for w, _ in s.cited_by)))}</span></li>'
            for s in rows[:SUMMARY_ITEMS])
        sections = (f"<ul>{secs}</ul>" if secs else '<p class="muted">No policy section cited.</p>')
        sections += self._more(SUMMARY_ITEMS, len(rows), "sections", "sections")
        return (
            '<section id="summary"><h2>Summary</h2><div class="summary">'
            f'<div class="card"><h3>Points in dispute ({len(points)})</h3>{disputes}</div>'
            f'<div class="col"><div class="card"><h3>Admissions ({len(r.admissions)})</h3>'
            f'{short_list(r.admissions, "No admissions.", "commitments", "admissions")}</div>'
            f'<div class="card"><h3>Unanswered questions and requests ({len(r.unanswered)})</h3>'
            f'{short_list(r.unanswered, "Every question and request has an answer.", "disputes", "unanswered")}</div></div>'
            f'<div class="col"><div class="card"><h3>Commitments ({len(r.commitments)})</h3>{commitments}</div>'
            f'<div class="card"><h3>Policy sections at issue</h3>{sections}</div></div>'
            "</div></section>")

    def participants(self) -> str:
        rows = "".join(
            f"<tr><td>{esc(p.name)}</td><td>{esc(', '.join(p.organisations) or DASH)}</td>"
            f"<td>{len(p.messages)}: {', '.join(self.msg_link(k, f'#{self.r.numbers.get(k, chr(63))}') for k in sorted(p.messages, key=lambda k: self.r.numbers.get(k, 0)))}</td></tr>"
            for p in self.r.participants)
        return ('<section id="participants"><h2>Participants</h2><table><thead><tr><th>Participant</th>'
                f"<th>Organisation</th><th>Messages</th></tr></thead><tbody>{rows}</tbody></table></section>")

    def _timeline_row(self, m: Message) -> str:
        parent = self.r.messages.get(m.in_reply_to or "")
        to = self.msg_link(parent.key, self.r.short_label(parent.key)) if parent else DASH
        return (f"<tr><td>{self.msg_link(m.key, f'#{self.r.numbers[m.key]}')}</td><td>{esc(fmt_utc(m.date))}</td>"
                f"<td>{esc(fmt_local(m.date))}</td><td>{esc(m.author or UNKNOWN_SPEAKER)}</td><td>{to}</td></tr>")

    def timeline(self) -> str:
        head = ("<thead><tr><th>#</th><th>UTC</th><th>Author's own time</th><th>Author</th>"
                "<th>Replies to</th></tr></thead>")
        body = "".join(self._timeline_row(m) for m in self.r.order)
        note = ('<p class="muted">A message without a date is placed after the message it replies to.</p>'
                if self.r.undated else "")
        return f'<section id="timeline"><h2>Timeline</h2>{note}<table>{head}<tbody>{body}</tbody></table></section>'

    def speakers(self) -> str:
        parts = ['<section id="speakers"><h2>Claims by speaker</h2>']
        if not self.r.by_speaker:
            parts.append('<p class="muted">No claims found.</p>')
        for name, kinds in self.r.by_speaker.items():
            count = sum(len(v) for v in kinds.values())
            parts.append(f'<details class="speaker"><summary>{esc(name)} <span class="muted">({count} claims)</span>'
                         "</summary>")
            for kind, heading in kind_headings():
                if kinds.get(kind):
                    items = "".join(self.claim_item(c, speaker=False) for c in kinds[kind])
                    parts.append(f'<h4>{heading}</h4><ul class="claims">{items}</ul>')
            parts.append("</details>")
        return "".join(parts) + "</section>"

    def _edges(self, edges: list[Edge]) -> str:
        items = []
        for e in edges:
            ev = "".join(f"<li>{esc(x)}</li>" for x in self.r.reasons(e)) or "<li>no evidence recorded</li>"
            items.append(f"{self.claim_item(e.claim)[:-5]}<ul class=\"evidence\">{ev}</ul></li>")
        return f'<ul class="claims">{"".join(items)}</ul>'

    def disputes(self) -> str:
        parts = ['<section id="disputes"><h2>Disputes</h2>']
        if not self.r.disputes:
            parts.append('<p class="muted">No rebutted claims.</p>')
        for d in self.r.disputes:
            c = d.claim
            sides = f'<div class="rebut"><h4>Rebuttals</h4>{self._edges(d.rebuttals)}</div>'
            if d.supports:
                sides += f'<div class="support"><h4>Supports</h4>{self._edges(d.supports)}</div>'
            parts.append(
                f'<article class="dispute"><h3>{esc(self.r.speaker(c))} <span class="muted">'
                f"({esc(c.kind.value)} in {self.msg_link(c.message)})</span></h3>"
                f"<blockquote>{self.claim_link(c)}{self.chips(c)}</blockquote>"
                f'<div class="sides{"" if d.supports else " one"}">{sides}</div></article>')
        parts.append("<h3>Still unanswered (questions and requests without an answer)</h3>")
        if self.r.unanswered:
            parts.append('<ul class="claims">' + "".join(self.claim_item(c, note=self.aside(self.r.reply_note(c)))
                                                         for c in self.r.unanswered) + "</ul>")
        else:
            parts.append('<p class="muted">Every question and request has an answer.</p>')
        parts.append("<h3>Answered (each question or request with what answers it)</h3>")
        if not self.r.answered:
            parts.append('<p class="muted">No question or request has an answer.</p>')
        for a in self.r.answered:
            c = a.claim
            body = self._edges(a.answers) if a.answers else (
                '<ul class="evidence">' + "".join(f"<li>{esc(x)}</li>" for x in a.evidence) + "</ul>")
            parts.append(
                f'<article class="dispute answered"><h3>{esc(self.r.speaker(c))} <span class="muted">'
                f"({esc(c.kind.value)} in {self.msg_link(c.message)})</span></h3>"
                f"<blockquote>{self.claim_link(c)}{self.chips(c)}</blockquote>"
                f'<div class="sides one"><div class="support"><h4>Answered by</h4>{body}</div></div></article>')
        return "".join(parts) + "</section>"

    def commitments(self) -> str:
        rows = []
        for cm in self.r.commitments:
            c = cm.claim
            due = esc(fmt_utc(cm.due)) if cm.due is not None else DASH
            rows.append(f"<tr><td>{esc(self.r.speaker(c))}</td><td>{self.claim_link(c)}{self.chips(c)}"
                        f'<div class="muted">in {self.msg_link(c.message)}</div></td>'
                        f"<td>{esc(one_line(c.deadline_text or '')) or DASH}</td><td>{due}"
                        f'<div class="muted">{esc(cm.basis)}</div></td>'
                        f'<td><span class="badge{" overdue" if cm.overdue else ""}">{esc(cm.status)}</span>'
                        f"{self.aside(self.r.done_note(cm))}</td></tr>")
        as_of = esc(self.r.as_of.isoformat()) if self.r.as_of else "no date"
        table = ("<table><thead><tr><th>Speaker</th><th>Commitment</th><th>Deadline as written</th><th>Due</th>"
                 f"<th>Status on {as_of}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
                 if rows else '<p class="muted">No commitments.</p>')
        adm = ('<ul class="claims">' + "".join(self.claim_item(c) for c in self.r.admissions) + "</ul>"
               if self.r.admissions else '<p class="muted">No admissions.</p>')
        return (f'<section id="commitments"><h2>Commitments &amp; admissions</h2><h3>Commitments</h3>{table}'
                f"<h3>Admissions</h3>{adm}</section>")

    def sections(self) -> str:
        rows = []
        for s in self.r.sections:
            cited = ", ".join(self.msg_link(k, f"{who} (#{self.r.numbers.get(k, '?')})") for who, k in s.cited_by)
            flags = ", ".join(f'<span class="flag">{esc(f)}</span> ({self.msg_link(k, "#" + str(self.r.numbers.get(k, "?")))})'
                              for f, k in s.flags)
            note = ' <span class="muted">(in quoted policy text only)</span>' if s.quoted_only else ""
            rows.append(f"<tr><td>{esc(s.document)}</td><td>{esc(s.section)}</td><td>{esc(s.item) or DASH}</td>"
                        f"<td>{esc(' / '.join(s.titles)) or DASH}{note}</td><td>{esc(', '.join(s.versions)) or DASH}</td>"
                        f"<td>{cited}</td><td>{flags or DASH}</td></tr>")
        table = ("<table><thead><tr><th>Document</th><th>Section</th><th>Item</th><th>Title</th>"
                 "<th>Version in force</th><th>Cited by</th><th>Flags</th></tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>") if rows else '<p class="muted">No citations.</p>'
        return f'<section id="sections"><h2>Cited sections</h2>{table}</section>'

    def message(self, m: Message) -> list[str]:
        """The pieces of a message's article."""
        text = m.text
        meta = [f"<strong>{esc(self.r.label(m.key))}</strong>"]
        if isinstance(m.date, datetime) and m.date.tzinfo:
            meta.append(f'<span class="muted">{esc(fmt_utc(m.date))}</span>')
        if addressed := addressee_line(m):
            meta.append(f'<span class="muted">{esc(addressed)}</span>')
        parent = self.r.messages.get(m.in_reply_to or "")
        if parent:
            meta.append("replies to " + self.msg_link(parent.key, self.r.short_label(parent.key)))
        replies = self.replies.get(m.key, [])
        if replies:
            meta.append("answered by " + ", ".join(self.msg_link(x.key, self.r.short_label(x.key)) for x in replies))
        if m.span:
            meta.append(f'<span class="muted">{esc(m.span)}</span>')
        if m.partial:
            meta.append('<span class="muted">partial (only quoted fragments survive)</span>')
        quotes = "".join(
            f'<details class="docquote"><summary>Quoted policy text{esc(" " + (dq.document or "") + " " + (dq.section or "")).rstrip()}'
            f"</summary><pre>{esc(dq.text)}</pre></details>" for dq in m.document_quotes)
        return [f'<article class="message" id="{self.anchor("msg", m.key)}"><header>'
                f'{SEP.join(meta)}</header><div class="text">', *highlight_pieces(text, _marks(self.r, m, text, self.anchor, self.of)),
                f"</div>{quotes}</article>"]

    def messages(self) -> list[str]:
        """The pieces of the messages section."""
        entries = "".join(f'<{tag} class="{cls}">{esc(what)}</{tag}>' for tag, cls, what in legend())
        out = [f'<section id="messages"><h2>Messages</h2><p class="legend">Highlights: {entries}</p>']
        for m in self.r.order:
            out += self.message(m)
        return out + ["</section>"]

    def page(self) -> str:
        head = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
                '<meta name="referrer" content="no-referrer">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{esc(self.r.title)} \u2014 threadkb review report</title><style>{CSS}{kind_css()}</style></head>"
                "<body><main>")
        return "".join([head, self.header(), self.summary(), self.disputes(), self.commitments(), self.sections(),
                        self.participants(), self.timeline(), self.speakers(), *self.messages(),
                        "</main></body></html>\n"])


def render_html(extraction: Extraction, as_of: date | None = None) -> str:
    """The review report as one self-contained HTML page (deadlines judged on ``as_of``, default the day
    of the thread's last message)."""
    return _Html(build_report(extraction, as_of)).page()
