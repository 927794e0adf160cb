"""Bugzilla REST responses (bugzilla.mozilla.org, Bugzilla 5) -> one Source per bug.

Shapes read (Bugzilla's REST documentation, "Bugs", "Comments", "Bug History"):

    GET /rest/bug/{id}/comment   {"bugs": {"{id}": {"comments": [{"id", "bug_id", "count", "creator",
                                  "creation_time", "time", "text", "is_private", "tags", "attachment_id"}]}},
                                  "comments": {}}
    GET /rest/bug/{id}           {"bugs": [{"id", "summary", "status", "resolution", "whiteboard", "creator",
                                  "assigned_to", "creation_time", "creator_detail", "assigned_to_detail", ...}]}
    GET /rest/bug/{id}/history   {"bugs": [{"id", "history": [{"when", "who", "changes": [{"field_name",
                                  "removed", "added"}]}]}]}

Each comment is a post with its exact author (the creator's real name when the bug's ``*_detail`` fields give
it, else the login) and time; comment 0 is the report; its ``count`` is the comment number the parse stage
resolves "(In reply to X from comment #N)" with. The summary names the CA of a compliance bug ("Sectigo: …"):
the assignee's comments speak for it (``speakers.speaks_for_ca``, the rule parse applies to Bugzilla page text too). The bug's
status, whiteboard tags, people and history are written as header lines before the first comment.
"""
from __future__ import annotations

from datetime import datetime

from threadkb.ingest.posts import render, thread_name
from threadkb.models import MailHeaders, Source, date_problem
from threadkb.speakers import bug_ca, clean_name, speaks_for_ca


def bugzilla_sources(path: str, parts: dict[str, list]) -> list[Source]:
    """Comments, bug and history responses of the same bugs -> one Source per bug with comments."""
    comments: dict[str, list[dict]] = {}
    for doc in parts.get("bugzilla-comments", []):
        for bug_id, entry in doc["bugs"].items():
            comments.setdefault(str(bug_id), []).extend(c for c in entry.get("comments") or [] if isinstance(c, dict))
    bugs = {str(b.get("id")): b for doc in parts.get("bugzilla-bugs", []) for b in doc["bugs"]}
    history = {str(b.get("id")): b.get("history") or [] for doc in parts.get("bugzilla-history", []) for b in doc["bugs"]}
    if not comments and bugs:
        for bug_id, bug in bugs.items():  # Perceval-like: the comments inside the bug
            if isinstance(bug.get("comments"), list):
                comments[bug_id] = bug["comments"]
    ids = list(comments)
    return [bug_thread(thread_name(path, len(ids), f"bug-{bug_id}"), bugs.get(bug_id, {"id": bug_id}),
                       comments[bug_id], history.get(bug_id, []))
            for bug_id in ids]


def bug_thread(name: str, bug: dict, comments: list[dict], history: list[dict]) -> Source:
    """One bug (its fields, comments and history) -> a Source of kind "bugzilla"."""
    comments = [c for c in comments if isinstance(c, dict)] if isinstance(comments, list) else []
    history = [e for e in history if isinstance(e, dict)] if isinstance(history, list) else []
    bug_id = bug.get("id") or next((c.get("bug_id") for c in comments if c.get("bug_id")), None)
    summary = bug.get("summary")
    subject = summary or (f"Bug {bug_id}" if bug_id else None)
    assignee = bug.get("assigned_to")
    ca = bug_ca(summary)
    names = _real_names(bug)
    ordered = sorted(comments, key=lambda c: (c.get("count") if isinstance(c.get("count"), int) else 1 << 30,
                                              str(c.get("creation_time") or "")))
    posts: list[tuple[MailHeaders, str, list[str]]] = []
    for n, c in enumerate(ordered):
        login = c.get("creator") or c.get("author")
        login = str(login) if login else None
        count = c.get("count") if isinstance(c.get("count"), int) else n
        when = str(c.get("creation_time") or c.get("time") or "") or None
        h = MailHeaders(from_name=names.get(login, login) if login else None,
                        from_address=login if login and "@" in login else None,
                        date=iso_time(when), date_text=when, subject=subject,
                        message_id=f"<bug-{bug_id}-comment-{count}@bugzilla>", comment=count,
                        on_behalf_of=speaks_for_ca(ca, login, assignee))
        posts.append((h, str(c.get("text") or c.get("raw_text") or ""), []))
    return render(name, "bugzilla", posts, _preamble(bug_id, bug, history))


def _real_names(bug: dict) -> dict[str, str]:
    """login -> real name, from the bug's ``creator_detail``, ``assigned_to_detail``, ``cc_detail`` ...
    (a real name's "[:nick]" is dropped)."""
    out: dict[str, str] = {}
    for key, val in bug.items():
        if not key.endswith("_detail"):
            continue
        for d in val if isinstance(val, list) else [val]:
            if isinstance(d, dict) and d.get("real_name") and (d.get("email") or d.get("name")):
                name = clean_name(str(d["real_name"]), None)[0]
                if name:
                    out[str(d.get("email") or d.get("name"))] = name
                    out.setdefault(str(d.get("name") or d.get("email")), name)
    return out


def _preamble(bug_id, bug: dict, history: list[dict]) -> list[str]:
    """Header lines about the bug: title, status, whiteboard tags, people, and its history."""
    lines = [f"Bug {bug_id} - {bug.get('summary') or ''}".rstrip(" -")] if bug_id else []
    status = " ".join(str(bug[k]) for k in ("status", "resolution") if bug.get(k))
    if bug.get("product") and bug.get("component"):  # as the bug page shows it (its list name)
        lines.append(f"({bug['product']} :: {bug['component']}, {bug.get('type') or 'bug'})")
    for label, value in (("Status", status), ("Whiteboard", bug.get("whiteboard")),
                         ("Keywords", ", ".join(map(str, bug.get("keywords") or []))),
                         ("Reporter", bug.get("creator")), ("Assignee", bug.get("assigned_to")),
                         ("Opened", bug.get("creation_time"))):
        if value:
            lines.append(f"{label}: {value}")
    for event in history:
        for ch in [c for c in event.get("changes") or [] if isinstance(c, dict)]:
            lines.append(f"History: {event.get('when')} {event.get('who')}: {ch.get('field_name')}: "
                         f"{ch.get('removed') or ''!s} -> {ch.get('added') or ''!s}")
    return lines + ([""] if lines else [])


def iso_time(text: str | None) -> datetime | None:
    """An API timestamp ("2024-03-14T17:05:33Z") -> aware datetime, None when unreadable."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return date_problem(when)[0]
