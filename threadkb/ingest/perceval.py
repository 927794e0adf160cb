"""Perceval (GrimoireLab) output -> Sources, so that data collected with GrimoireLab needs no conversion.

Perceval writes one JSON item per line (``--json-line``) or items one after another; every item has the
envelope ``{"backend_name", "backend_version", "category", "data", "origin", "perceval_version",
"search_fields", "tag", "timestamp", "updated_on", "uuid"}`` and ``data`` is what the backend fetched:

    bugzillarest  category "bug": the REST bug with its "comments", "history" (and "attachments") inside
    github        category "issue": the REST issue with "comments_data" (and "user_data", "reactions_data");
                  category "pull_request": the REST pull with "review_comments_data" ("reviews_data" ...)
    mbox, pipermail, hyperkitty (and other mail backends)
                  category "message": the mail's header fields as keys ("From", "Date", "Subject",
                  "Message-ID", "In-Reply-To", "References" ...), "body": {"plain", "html"}, "unixfrom"

Bugs and issues are read by ``ingest.bugzilla`` / ``ingest.github`` as their REST responses are; mails are
grouped into threads by their Message-ID / References (as the mails of an mbox) and rendered as mails.
Items of other backends or categories are left out with a warning.
"""
from __future__ import annotations

import email.message

from threadkb.ingest.bugzilla import bug_thread
from threadkb.ingest.github import as_review_comments, issue_thread
from threadkb.ingest.html import render_html
from threadkb.ingest.mail import MailText, _append, _headers, _thread_groups, threading_fields
from threadkb.ingest.posts import thread_name
from threadkb.models import Source

MAIL_BACKENDS = {"mbox", "pipermail", "hyperkitty", "groupsio", "nntp"}


def perceval_sources(path: str, items: list[dict]) -> list[Source]:
    """Perceval items -> one Source per bug, issue, pull request or mail thread, in the order first seen."""
    threads: list[tuple[str, tuple[str, dict]]] = []  # (label, (what, data)) in item order
    mails: list[dict] = []
    skipped: dict[str, int] = {}
    for item in items:
        backend = str(item.get("backend_name") or "").lower()
        category = str(item.get("category") or "")
        data = item.get("data")
        if not isinstance(data, dict):
            skipped[f"{backend} (no data)"] = skipped.get(f"{backend} (no data)", 0) + 1
        elif backend == "bugzillarest" and category in ("bug", ""):
            threads.append((f"bug-{data.get('id')}", ("bug", data)))
        elif backend == "github" and category in ("issue", "pull_request"):
            threads.append((f"{category}-{data.get('number')}", (category, data)))
        elif backend in MAIL_BACKENDS or category == "message":
            if not mails:
                threads.append(("mails", ("mails", {})))  # the mails are grouped into threads below
            mails.append(data)
        else:
            skipped[f"{backend}/{category}"] = skipped.get(f"{backend}/{category}", 0) + 1
    out: list[Source] = []
    labels: list[str] = []
    for label, (what, data) in threads:
        if what == "mails":
            groups = _mail_threads(mails)
            labels += [f"thread-{n}" for n in range(1, len(groups) + 1)]
            out += [_mail_source(g) for g in groups]
        elif what == "bug":
            labels.append(label)
            out.append(bug_thread(path, data, data.get("comments") or [], data.get("history") or []))
        else:
            labels.append(label)
            comments = data.get("comments_data") or []
            reviews = [c for c in data.get("review_comments_data") or [] if isinstance(c, dict)]
            reviews += as_review_comments(data.get("reviews_data") or [])
            out.append(issue_thread(path, data, comments, reviews))
    for src, label in zip(out, labels, strict=True):
        src.path = thread_name(path, len(out), label)
    if skipped and out:
        out[0].warnings.append("Perceval items left out (not a bug, issue, pull request or mail): "
                               + ", ".join(f"{k} x{v}" for k, v in sorted(skipped.items())))
    return out


def _mail_threads(mails: list[dict]) -> list[list[MailText]]:
    read = [_mail(d) for d in mails]
    shared: dict[str, str] = {}
    groups = _thread_groups([threading_fields(m.headers, shared) for m in read])
    return [[read[i] for i in g] for g in groups]


def _mail(data: dict) -> MailText:
    """One mail item's ``data`` -> MailText: header fields through the mail reader's own header parsing."""
    msg = email.message.Message()
    for key, value in data.items():
        if isinstance(value, str) and key not in ("unixfrom",) and not key.startswith("body"):
            try:
                msg[key] = value
            except (ValueError, TypeError):
                continue
    warnings: list[str] = []
    headers = _headers(msg, warnings)
    raw = data.get("body")
    body = raw if isinstance(raw, dict) else {"plain": raw}
    plain, html = body.get("plain"), body.get("html")
    if isinstance(plain, str) and plain.strip() or not isinstance(html, str):
        lines = str(plain or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        return MailText(headers, lines, warnings=warnings)
    r = render_html(html)
    return MailText(headers, r.lines, r.hints, warnings + r.warnings, "text/html")


def _mail_source(group: list[MailText]) -> Source:
    src = Source(path="", kind="mbox", lines=[], encoding="utf-8")
    for mail in group:
        _append(src, mail)
    return src
