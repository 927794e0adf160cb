"""GitHub REST responses -> one Source per issue or pull request.

Shapes read (GitHub's REST documentation, "Issues", "Issue comments", "Pulls", "Pull request review comments"):

    GET /repos/{o}/{r}/issues/{n}            {"number", "title", "user": {"login"}, "body", "created_at",
                                              "html_url", "state", "labels": [{"name"}], "pull_request"?}
    GET /repos/{o}/{r}/pulls/{n}             the same fields, with "head" and "base"
    GET /repos/{o}/{r}/issues/{n}/comments   [{"id", "html_url", "user": {"login"}, "created_at", "body"}]
    GET /repos/{o}/{r}/pulls/{n}/comments    [{"id", "html_url", "user", "created_at", "body", "path",
                                              "diff_hunk", "in_reply_to_id", "pull_request_review_id"}]
    GET /repos/{o}/{r}/pulls/{n}/reviews     [{"id", "user", "body", "state", "submitted_at", "html_url"}]

The issue (or pull request) body is the first post; comments and review comments follow in time order, each
with the author's login and exact time. Bodies are Markdown, read as text: the parse stage reads their ``>``
quotes (a quote of an earlier comment joins it and becomes the reply link) and their @mentions. A review
comment's ``in_reply_to_id`` and a link to an earlier comment (``#issuecomment-N``, ``#discussion_rN``) are
reply links here. A review comment's file and diff hunk, and the HTML comments of a body (an issue template's
instructions, which GitHub does not show), are header lines before the post, not its words.
"""
from __future__ import annotations

import re

from threadkb.ingest.bugzilla import iso_time
from threadkb.ingest.posts import render, thread_name
from threadkb.models import MailHeaders, Source

_COMMENT_LINK = re.compile(r"#(issuecomment-\d+|discussion_r\d+|pullrequestreview-\d+)\b")


def github_sources(path: str, parts: dict[str, list]) -> list[Source]:
    """An issue / pull request response with its comments and review comments (companions) -> one Source."""
    issue = next(iter(parts.get("github-issue", [])), None)
    pull = next(iter(parts.get("github-pull", [])), None)
    comments = [c for page in parts.get("github-comments", []) for c in page]
    reviews = [c for page in parts.get("github-review-comments", []) for c in page]
    reviews += as_review_comments([r for page in parts.get("github-reviews", []) for r in page])
    listing = [i for page in parts.get("github-issues", []) for i in page]
    if listing and not (issue or pull or comments or reviews):
        return [issue_thread(thread_name(path, len(listing), f"issue-{i.get('number')}"), i, [], []) for i in listing]
    return [issue_thread(path, issue or pull, comments, reviews)]


def as_review_comments(reviews: list) -> list[dict]:
    """Pull request reviews that have a text, as review comments: their time is ``submitted_at``, their
    state (APPROVED, CHANGES_REQUESTED, COMMENTED) a header line."""
    return [dict(r, created_at=r.get("submitted_at"), review_state=r.get("state"))
            for r in reviews if isinstance(r, dict) and r.get("body")]


def issue_thread(name: str, issue: dict | None, comments: list[dict], review_comments: list[dict]) -> Source:
    """An issue or pull request (None: comments alone) and its comments -> a Source of kind "github"."""
    issue = issue if isinstance(issue, dict) else {}
    comments = [c for c in comments if isinstance(c, dict)] if isinstance(comments, list) else []
    review_comments = [c for c in review_comments if isinstance(c, dict)] if isinstance(review_comments, list) else []
    title = issue.get("title")
    where = _from_url(comments + review_comments)
    subject = title or (f"{where[0]}#{where[1]}" if where else None)
    entries: list[tuple[str, str, dict, list[str]]] = []  # (time, message-id key, record, context lines)
    if issue.get("user") is not None or issue.get("body"):
        entries.append((str(issue.get("created_at") or ""), f"issue-{issue.get('number')}", issue, []))
    for c in comments:
        entries.append((str(c.get("created_at") or ""), f"issuecomment-{c.get('id')}", c, []))
    for c in review_comments:
        context = [f"File: {c['path']}"] if c.get("path") else []
        context += [f"Review: {c['review_state']}"] if c.get("review_state") else []
        context += [f"    {line}" for line in str(c.get("diff_hunk") or "").split("\n") if line]
        key = f"pullrequestreview-{c.get('id')}" if c.get("review_state") else f"discussion_r{c.get('id')}"
        entries.append((str(c.get("created_at") or ""), key, c, context))
    head = entries[:1] if issue.get("user") is not None or issue.get("body") else []
    entries = head + sorted(entries[len(head):], key=lambda e: e[0])
    seen: set[str] = set()
    posts = []
    for when, key, rec, context in entries:
        user = rec.get("user") or rec.get("user_data") or {}
        login = user.get("login") if isinstance(user, dict) else None
        body, hidden = _hidden_comments(str(rec.get("body") or ""))
        context = context + [f"Hidden in the Markdown: {h}" for h in hidden]
        parent = None
        if rec.get("in_reply_to_id") and f"discussion_r{rec['in_reply_to_id']}" in seen:
            parent = f"discussion_r{rec['in_reply_to_id']}"
        else:
            parent = next((m for m in reversed(_COMMENT_LINK.findall(body)) if m in seen), None)
        h = MailHeaders(from_name=str(login) if login else None, date=iso_time(when or None), date_text=when or None,
                        subject=subject, message_id=f"<{key}@github>",
                        in_reply_to=f"<{parent}@github>" if parent else None)
        posts.append((h, body, context))
        seen.add(key)
    preamble = _preamble(issue) if issue else [f"{where[0]} · {where[2]} #{where[1]}", ""] if where else []
    return render(name, "github", posts, preamble)


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _hidden_comments(body: str) -> tuple[str, list[str]]:
    """Markdown without its HTML comments (an issue template's instructions: GitHub does not show them, they
    are not the author's words), and the comments, each on one line, to keep as header lines."""
    hidden = [" ".join(m.group(0).split()) for m in _HTML_COMMENT.finditer(body)]
    return (_HTML_COMMENT.sub("", body), hidden) if hidden else (body, [])


def _preamble(issue: dict) -> list[str]:
    m = re.search(r"github\.com/([^/]+/[^/]+)/", str(issue.get("html_url") or ""))
    kind = "pull request" if "head" in issue or issue.get("pull_request") else "issue"
    lines = [f"{m.group(1) if m else 'GitHub'} · {kind} #{issue.get('number')}",  # as the page shows it
             str(issue.get("title") or "")]
    if issue.get("state"):
        lines.append(f"State: {issue['state']}")
    labels = [lb.get("name") if isinstance(lb, dict) else str(lb) for lb in issue.get("labels") or []]
    if labels:
        lines.append("Labels: " + ", ".join(str(lb) for lb in labels))
    return lines + [""]


def _from_url(records: list[dict]) -> tuple[str, str, str] | None:
    """For comments alone: (owner/repo, number, "issue" or "pull request") from their URLs."""
    for c in records:
        m = re.search(r"github\.com/([^/]+/[^/]+)/(issues|pull)/(\d+)", str(c.get("html_url") or ""))
        if m:
            return m.group(1), m.group(3), "issue" if m.group(2) == "issues" else "pull request"
    return None
