"""The review report in Markdown, for pasting into Bugzilla or a wiki: the same sections as the HTML page.

Thread text is either escaped inline (``md``: one line, Markdown and HTML punctuation backslash-escaped)
or shown verbatim in a code fence longer than any backtick run it contains.
"""
from __future__ import annotations

import re
from datetime import date

from threadkb.models import Claim, Extraction
from threadkb.report.model import (
    KIND_HEADINGS, UNKNOWN_SPEAKER, Edge, Report, TimelineEntry, build_report, citation_detail, citation_label,
    fmt_local, fmt_utc, one_line,
)

DASH = "\u2014"  # shown for an empty cell


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def md(text: object) -> str:
    """Thread text for inline Markdown: one line, every character Markdown or HTML would act on escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line("" if text is None else str(text)))


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


class _Markdown:
    def __init__(self, report: Report) -> None:
        self.r = report

    def cites(self, c: Claim) -> str:
        found = self.r.citations_of(c)
        if not found:
            return ""
        return " \u2014 cites " + "; ".join(f"{md(citation_label(x))} ({md(citation_detail(x))})" for x in found)

    def claim(self, c: Claim, speaker: bool = True, where: bool = True) -> str:
        who = f"{md(self.r.speaker(c))} " if speaker else ""
        loc = f" (in {md(c.message)})" if where else ""
        return f"{who}\\[{md(c.id)}\\] {c.kind.value}{loc}: {md(c.text)}{self.cites(c)}"

    def header(self) -> list[str]:
        r, th = self.r, self.r.extraction.thread
        rng = r.date_range
        return [f"# {md(r.title)}", "",
                f"- List: {md(th.list_name or 'not stated')}",
                f"- Source: {md(th.source)}",
                f"- Messages: {len(th.messages)} ({len(r.timeline)} dated, {len(r.undated)} without a date)",
                f"- Date range: {fmt_utc(rng[0])} \u2013 {fmt_utc(rng[1])}" if rng else "- Date range: no dated messages",
                f"- Claims: {len(r.extraction.claims)} claims, {len(r.extraction.relations)} relations",
                f"- Deadlines as of: {r.as_of.isoformat()}", ""]

    def participants(self) -> list[str]:
        out = ["## Participants", "", "| Participant | Organisation | Messages |", "|---|---|---|"]
        out += [f"| {md(p.name)} | {md(', '.join(p.organisations)) or DASH} | "
                f"{len(p.messages)}: {md(', '.join(p.messages))} |" for p in self.r.participants]
        return out + [""]

    def timeline(self) -> list[str]:
        head = ["| # | UTC | Author's own time | Author | Message | Replies to |", "|---|---|---|---|---|---|"]

        def row(e: TimelineEntry, n: int | str) -> str:
            to = f"{md(e.reply_to.author or UNKNOWN_SPEAKER)} ({md(e.reply_to.key)})" if e.reply_to else "\u2014"
            m = e.message
            return (f"| {n} | {fmt_utc(m.date)} | {fmt_local(m.date)} | {md(m.author or UNKNOWN_SPEAKER)} "
                    f"| {md(m.key)} | {to} |")

        out = ["## Timeline", ""] + head + [row(e, i) for i, e in enumerate(self.r.timeline, 1)] + [""]
        if self.r.undated:
            out += ["### Messages without a date (thread order)", ""] + head
            out += [row(e, "\u2014") for e in self.r.undated] + [""]
        return out

    def speakers(self) -> list[str]:
        out = ["## Claims by speaker", ""]
        if not self.r.by_speaker:
            out += ["No claims found.", ""]
        for name, kinds in self.r.by_speaker.items():
            out += [f"### {md(name)}", ""]
            for kind, heading in KIND_HEADINGS.items():
                if kinds.get(kind):
                    out += [f"**{heading}**", ""]
                    out += [f"- \\[{md(c.id)}\\] {md(c.text)}{self.cites(c)} (in {md(c.message)})" for c in kinds[kind]]
                    out.append("")
        return out

    def edges(self, title: str, edges: list[Edge]) -> list[str]:
        if not edges:
            return [f"{title}: none", ""]
        out = [f"{title}:", ""]
        for e in edges:
            out.append(f"- {self.claim(e.claim)}")
            out += [f"  - evidence: {md(x)}" for x in e.relation.evidence] or ["  - evidence: none recorded"]
            out.append(f"  - score: {e.relation.score:.2f}")
        return out + [""]

    def disputes(self) -> list[str]:
        out = ["## Disputes", ""]
        if not self.r.disputes:
            out += ["No rebutted claims.", ""]
        for d in self.r.disputes:
            out += [f"### {self.claim(d.claim)}", ""]
            out += self.edges("Rebuttals", d.rebuttals) + self.edges("Supports", d.supports)
        out += ["### Still unanswered", ""]
        out += [f"- {self.claim(c)}" for c in self.r.unanswered] or ["Every question and request has an answer."]
        return out + [""]

    def commitments(self) -> list[str]:
        out = ["## Commitments and admissions", "", "### Commitments", ""]
        if self.r.commitments:
            out += [f"| Speaker | Commitment | Deadline as written | Due | Status on {self.r.as_of.isoformat()} |",
                    "|---|---|---|---|---|"]
            for cm in self.r.commitments:
                c = cm.claim
                due = f"{fmt_utc(cm.due)} ({md(cm.basis)})" if cm.due is not None else f"\u2014 ({md(cm.basis)})"
                out.append(f"| {md(self.r.speaker(c))} | \\[{md(c.id)}\\] {md(c.text)} (in {md(c.message)}) "
                           f"| {md(c.deadline_text) or DASH} | {due} | {cm.status} |")
        else:
            out.append("No commitments.")
        out += ["", "### Admissions", ""]
        out += [f"- {self.claim(c)}" for c in self.r.admissions] or ["No admissions."]
        return out + [""]

    def sections(self) -> list[str]:
        out = ["## Cited sections", ""]
        if not self.r.sections:
            return out + ["No citations.", ""]
        out += ["| Document | Section | Item | Title | Version in force | Cited by | Flags |",
                "|---|---|---|---|---|---|---|"]
        for s in self.r.sections:
            title = md(" / ".join(s.titles)) or "\u2014"
            if s.quoted_only:
                title += " (in quoted policy text only)"
            cited = ", ".join(f"{md(who)} ({md(k)})" for who, k in s.cited_by)
            flags = ", ".join(f"{md(f)} ({md(k)})" for f, k in s.flags) or "\u2014"
            out.append(f"| {md(s.document)} | {md(s.section)} | {md(s.item) or DASH} | {title} "
                       f"| {md(', '.join(s.versions)) or DASH} | {cited} | {flags} |")
        return out + [""]

    def messages(self) -> list[str]:
        out = ["## Messages", ""]
        ex = self.r.extraction
        for m in ex.thread.messages:
            reply = f", replies to {md(m.in_reply_to)}" if m.in_reply_to in self.r.messages else ""
            out += [f"### {md(m.key)} \u2014 {md(m.author or UNKNOWN_SPEAKER)}, {fmt_utc(m.date)}{reply}", ""]
            fence = _fence(m.text)
            out += [fence + "text", m.text, fence, ""]
            claims = [c for c in ex.claims if c.message == m.key]
            cites = sorted({citation_label(c) for c in ex.citations if c.message == m.key})
            apis = list(dict.fromkeys(a.path for a in ex.apis if a.message == m.key))
            out += [f"- Claim {self.claim(c, speaker=False, where=False)}" for c in claims]
            if cites:
                out.append("- Citations: " + ", ".join(md(x) for x in cites))
            if apis:
                out.append("- APIs: " + ", ".join(md(x) for x in apis))
            if claims or cites or apis:
                out.append("")
        return out

    def page(self) -> str:
        lines = (self.header() + self.participants() + self.timeline() + self.speakers() + self.disputes()
                 + self.commitments() + self.sections() + self.messages())
        return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(extraction: Extraction, as_of: date | None = None) -> str:
    """The review report in Markdown (GitHub-flavoured tables; thread text escaped or fenced)."""
    return _Markdown(build_report(extraction, as_of)).page()
