"""The review report in Markdown, for pasting into Bugzilla or a wiki: the same sections as the HTML page.

Thread text is either escaped inline (``md``: one line, Markdown and HTML punctuation backslash-escaped)
or shown verbatim in a code fence longer than any backtick run it contains.
"""
from __future__ import annotations

import re
from datetime import date

from threadkb.models import Claim, Extraction, by_message
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

DASH = "\u2014"  # shown for an empty cell


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!&])")  # "&": "&amp;" in a message is shown as written


def md(text: object) -> str:
    """Thread text for inline Markdown: one line, every character Markdown or HTML would act on escaped."""
    return _MD_SPECIAL.sub(r"\\\1", shown(one_line("" if text is None else str(text))))


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


SUMMARY_ITEMS = 4  # items per list in the summary (the rest: "see below")
SUMMARY_POINTS = 5
CLIP = 110


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
        loc = f" (in {md(self.r.label(c.message))})" if where else ""
        return f"{who}{c.kind.value}{loc}: {md(c.text)}{self.cites(c)}"

    @staticmethod
    def aside(note: str, dash: bool = True) -> str:
        """A note of the report model (Report.reply_note, done_note) after an item: " \u2014 note", or " (note)"
        when not ``dash``; nothing for no note."""
        return "" if not note else f" \u2014 {md(note)}" if dash else f" ({md(note)})"

    def short(self, c: Claim) -> str:
        return f"**{md(self.r.speaker(c))}** #{self.r.numbers.get(c.message, '?')}: {md(clip(c.text, CLIP))}"

    def as_of(self) -> str:
        if self.r.as_of is None:
            return "no date (no dated message)"
        return f"{self.r.as_of.isoformat()} ({self.r.as_of_basis})"

    def header(self) -> list[str]:
        r, th = self.r, self.r.extraction.thread
        rng = r.date_range
        when = f"{fmt_short(rng[0])} \u2013 {fmt_short(rng[1])}" if rng else "no dated messages"
        return [f"# {md(r.title)}", "",
                f"{md(th.list_name or 'list not stated')} \u00b7 {len(th.messages)} messages from "
                f"{len(r.participants)} participants \u00b7 {md(when)} \u00b7 {len(r.extraction.claims)} claims, "
                f"{len(r.extraction.relations)} relations \u00b7 deadlines judged as of {md(self.as_of())} \u00b7 "
                f"{md(th.source)}", ""]

    @staticmethod
    def _more(shown: int, total: int, what: str) -> list[str]:
        return [f"- \u2026 and {total - shown} more {what} (below)"] if total > shown else []

    def summary(self) -> list[str]:
        r = self.r
        out = ["## Summary", ""]
        points = r.points()
        out += [f"### Points in dispute ({len(points)})", ""]
        for i, pt in enumerate(points[:SUMMARY_POINTS], 1):
            more = f" (+{pt.rebuttals - 1} more; {md(pt.chosen)})" if pt.rebuttals > 1 else ""
            out.append(f"{i}. {self.short(pt.claim)}")
            out.append(f"   - rebutted by {self.short(pt.rebuttal.claim)}{more}")
            if pt.reasons:
                out.append(f"   - why: {md(pt.gist)}")
        out += self._more(SUMMARY_POINTS, len(points), "points in dispute")
        if not points:
            out.append("No rebutted claims.")
        out.append("")
        for title, claims, none in (("Admissions", r.admissions, "No admissions."),
                                    ("Unanswered questions and requests", r.unanswered,
                                     "Every question and request has an answer.")):
            out += [f"### {title} ({len(claims)})", ""]
            out += [f"- {self.short(c)}{self.aside(self.r.reply_note(c))}" for c in claims[:SUMMARY_ITEMS]] or [none]
            out += self._more(SUMMARY_ITEMS, len(claims), title.lower()) + [""]
        out += [f"### Commitments ({len(r.commitments)})", ""]
        for cm in summary_commitments(r.commitments)[:SUMMARY_ITEMS]:
            due = f", due {fmt_short(cm.due)}" if cm.due is not None else ""
            out.append(f"- {self.short(cm.claim)} \u2014 **{cm.status}**{due}{self.aside(self.r.done_note(cm), dash=False)}")
        out += self._more(SUMMARY_ITEMS, len(r.commitments), "commitments") or ([] if r.commitments else ["No commitments."])
        rows = r.sections_at_issue()
        out += ["", "### Policy sections at issue", ""]
        out += [f"- **{md(section_label(s))}** {md(' / '.join(s.titles))} \u2014 cited by "
                f"{md(', '.join(dict.fromkeys(w for w, _ in s.cited_by)))}" for s in rows[:SUMMARY_ITEMS]]
        out += self._more(SUMMARY_ITEMS, len(rows), "sections") or ([] if rows else ["No policy section cited."])
        return out + [""]

    def participants(self) -> list[str]:
        out = ["## Participants", "", "| Participant | Organisation | Messages |", "|---|---|---|"]
        for p in self.r.participants:
            nums = sorted(self.r.numbers.get(k, 0) for k in p.messages)
            out.append(f"| {md(p.name)} | {md(', '.join(p.organisations)) or DASH} | "
                       f"{len(p.messages)}: {', '.join(f'#{n}' for n in nums)} |")
        return out + [""]

    def timeline(self) -> list[str]:
        out = ["## Timeline", ""]
        if self.r.undated:
            out += ["A message without a date is placed after the message it replies to.", ""]
        out += ["| # | UTC | Author's own time | Author | Replies to |", "|---|---|---|---|---|"]
        for m in self.r.order:
            parent = self.r.messages.get(m.in_reply_to or "")
            to = md(self.r.short_label(parent.key)) if parent else DASH
            out.append(f"| {self.r.numbers[m.key]} | {fmt_utc(m.date)} | {fmt_local(m.date)} "
                       f"| {md(m.author or UNKNOWN_SPEAKER)} | {to} |")
        return out + [""]

    def speakers(self) -> list[str]:
        out = ["## Claims by speaker", ""]
        if not self.r.by_speaker:
            out += ["No claims found.", ""]
        for name, kinds in self.r.by_speaker.items():
            count = sum(len(v) for v in kinds.values())
            out += [f"### {md(name)} ({count} claims)", ""]
            for kind, heading in kind_headings():
                if kinds.get(kind):
                    out += [f"**{heading}**", ""]
                    out += [f"- {md(c.text)}{self.cites(c)} (in {md(self.r.label(c.message))})" for c in kinds[kind]]
                    out.append("")
        return out

    def edges(self, title: str, edges: list[Edge]) -> list[str]:
        out = [f"{title}:", ""]
        for e in edges:
            out.append(f"- {self.claim(e.claim)}")
            out += [f"  - {md(x)}" for x in self.r.reasons(e)] or ["  - no evidence recorded"]
        return out + [""]

    def disputes(self) -> list[str]:
        out = ["## Disputes", ""]
        if not self.r.disputes:
            out += ["No rebutted claims.", ""]
        for d in self.r.disputes:
            out += [f"### {self.claim(d.claim)}", ""]
            out += self.edges("Rebuttals", d.rebuttals)
            if d.supports:
                out += self.edges("Supports", d.supports)
        out += ["### Still unanswered", ""]
        out += [f"- {self.claim(c)}{self.aside(self.r.reply_note(c))}" for c in self.r.unanswered] or [
            "Every question and request has an answer."]
        out += ["", "### Answered", ""]
        if not self.r.answered:
            out += ["No question or request has an answer.", ""]
        for a in self.r.answered:
            out += [f"#### {self.claim(a.claim)}", ""]
            out += self.edges("Answered by", a.answers) if a.answers else [f"- {md(x)}" for x in a.evidence] + [""]
        return out

    def commitments(self) -> list[str]:
        out = ["## Commitments and admissions", "", "### Commitments", ""]
        as_of = self.r.as_of.isoformat() if self.r.as_of else "no date"
        if self.r.commitments:
            out += [f"| Speaker | Commitment | Deadline as written | Due | Status on {as_of} |",
                    "|---|---|---|---|---|"]
            for cm in self.r.commitments:
                c = cm.claim
                due = f"{fmt_utc(cm.due)} ({md(cm.basis)})" if cm.due is not None else f"\u2014 ({md(cm.basis)})"
                out.append(f"| {md(self.r.speaker(c))} | {md(c.text)} (in {md(self.r.label(c.message))}) "
                           f"| {md(c.deadline_text) or DASH} | {due} | {cm.status}{self.aside(self.r.done_note(cm), dash=False)} |")
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
            cited = ", ".join(f"{md(who)} (#{self.r.numbers.get(k, '?')})" for who, k in s.cited_by)
            flags = ", ".join(f"{md(f)} (#{self.r.numbers.get(k, '?')})" for f, k in s.flags) or "\u2014"
            out.append(f"| {md(s.document)} | {md(s.section)} | {md(s.item) or DASH} | {title} "
                       f"| {md(', '.join(s.versions)) or DASH} | {cited} | {flags} |")
        return out + [""]

    def messages(self) -> list[str]:
        out = ["## Messages", ""]
        ex = self.r.extraction
        of = {name: by_message((x.message, x) for x in getattr(ex, name)) for name in ("claims", "citations", "apis")}
        for m in self.r.order:
            parent = self.r.messages.get(m.in_reply_to or "")
            reply = f", replies to {md(self.r.short_label(parent.key))}" if parent else ""
            out += [f"### {md(self.r.label(m.key))}{reply}", ""]
            if addressed := addressee_line(m):
                out += [md(addressed), ""]
            fence = _fence(m.text)
            out += [fence + "text", shown(m.text), fence, ""]
            claims = of["claims"].get(m.key, [])
            cites = sorted({citation_label(c) for c in of["citations"].get(m.key, ())})
            apis = list(dict.fromkeys(a.path for a in of["apis"].get(m.key, ())))
            out += [f"- Claim {self.claim(c, speaker=False, where=False)}" for c in claims]
            if cites:
                out.append("- Citations: " + ", ".join(md(x) for x in cites))
            if apis:
                out.append("- APIs: " + ", ".join(md(x) for x in apis))
            if claims or cites or apis:
                out.append("")
        return out

    def page(self) -> str:
        lines = (self.header() + self.summary() + self.disputes() + self.commitments() + self.sections()
                 + self.participants() + self.timeline() + self.speakers() + self.messages())
        return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(extraction: Extraction, as_of: date | None = None) -> str:
    """The review report in Markdown (GitHub-flavoured tables; thread text escaped or fenced)."""
    return _Markdown(build_report(extraction, as_of)).page()
