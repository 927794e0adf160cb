"""Where a page becomes posts: archive and tracker renderings cut into one post per message.

Each segmenter recognises one kind of page by its content (data/page_formats.json), marks its
header and chrome lines, and returns ``Post`` records; the quote walk then runs inside each post.
Kinds: e-mail parts (mbox/.eml), Bugzilla bug and comment-revision pages, GitHub issues and pull
requests, Google Groups thread views, mail-archive search results, pipermail and IETF archive
headers, RFC 822 header blocks; any page: posts separated by list footers.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
import datetime as dt
from functools import lru_cache
from importlib import resources

from threadkb.models import LineRole, Source
from threadkb.parse.dates import parse_date
from threadkb.parse.lines import VLine
from threadkb.parse.people import clean_name


@dataclass
class Post:
    """One message's stretch of lines on a page (positions in the VLine list), with header facts."""

    start: int
    end: int
    origin: str
    author: str | None = None
    email: str | None = None
    date: dt.datetime | dt.date | None = None
    date_text: str | None = None
    subject: str | None = None
    bug_comment: int | None = None
    mentions: tuple[str, ...] = ()
    header_lines: tuple[int, int] | None = None  # physical line range of its header
    message_id: str | None = None
    in_reply_to_id: str | None = None
    references: tuple[str, ...] = ()
    on_behalf_of: str | None = None  # a Bugzilla compliance bug's CA (its title's "CA: …") for the CA's comments


def _compile(obj):
    if isinstance(obj, dict) and "format" in obj:
        return {"pattern": re.compile(obj["pattern"]), "format": obj["format"]}
    if isinstance(obj, str):
        return re.compile(obj)
    if isinstance(obj, list):
        return [_compile(o) for o in obj]
    if isinstance(obj, dict):
        return {k: _compile(v) if k not in ("labels",) and not k.startswith("_") else v for k, v in obj.items()}
    return obj


@lru_cache(maxsize=1)
def _formats() -> dict:
    data = json.loads(resources.files("threadkb.data").joinpath("page_formats.json").read_text("utf-8"))
    return {k: _compile(v) for k, v in data.items() if not k.startswith("_")}


def _mark(v: VLine, role: LineRole, rule: str) -> None:
    if v.role is None:
        v.role, v.rule = role, rule


def _content(vlines: list[VLine], start: int, end: int) -> list[int]:
    return [p for p in range(start, end) if vlines[p].role is None and not vlines[p].blank]


def segment(vlines: list[VLine], source: Source) -> tuple[list[Post], str | None]:
    """Cut the page into posts; returns (posts, subject)."""
    for seg in (_mail_parts, _bugzilla, _github, _google_groups, _search_results, _archive_header):
        found = seg(vlines, source)
        if found is not None:
            posts, subject = found
            return _split_at_footers(vlines, posts), subject
    _rfc822_headers(vlines, 0)
    posts = _forum_posts(vlines) or [Post(0, len(vlines), "page")]
    return _split_at_footers(vlines, posts), None


# ---------------------------------------------------------------- e-mail containers
def _mail_parts(vlines: list[VLine], source: Source):
    if not source.parts:
        return None
    posts = []
    starts = [v.index for v in vlines]  # sorted: VLines follow the physical lines
    for (lo, hi), h in zip(source.parts, source.mail):
        ps = range(bisect_left(starts, lo), bisect_left(starts, hi))
        if not ps:
            continue
        api = source.kind in API_KINDS  # a tracker's API: the author is exact, @mentions are reply cues
        name, email = (h.from_name, h.from_address) if api else clean_name(h.from_name or "", h.from_address)
        if not api and email and (not name or "@" in (h.from_name or "")):  # the From shows only an address: it is the author
            name = email
        posts.append(Post(ps[0], ps[-1] + 1, f"{source.kind}-api" if api else "mail", name, email, h.date,
                          h.date_text, h.subject, bug_comment=h.comment,
                          mentions=_mentions(vlines, ps[0], ps[-1] + 1) if api else (),
                          message_id=h.message_id, in_reply_to_id=h.in_reply_to, references=tuple(h.references),
                          on_behalf_of=h.on_behalf_of))
    return posts, (source.mail[0].subject if source.mail else None)


API_KINDS = ("bugzilla", "github")  # Source.kind of the posts of an API response (ingest.api)


def _mentions(vlines: list[VLine], start: int, end: int) -> tuple[str, ...]:
    """The @names of a post's first two lines of text (a reply cue on GitHub)."""
    return tuple(re.findall(r"@([\w-]+)", " ".join(vlines[k].clean for k in _content(vlines, start, end)[:2])))


# ---------------------------------------------------------------- Bugzilla
def _bugzilla(vlines: list[VLine], source: Source):
    f = _formats()["bugzilla"]
    head = [v.clean for v in vlines[:60]]
    if not any(rx.fullmatch(t) for t in head for rx in f["detect"]):
        return None
    # comment-revisions page: one comment, possibly shown in several revisions
    for p, v in enumerate(vlines):
        m = f["edit_history"].fullmatch(v.clean)
        if m:
            _mark(v, LineRole.BOILERPLATE, "bugzilla-edit-history")
            return [Post(0, len(vlines), "bugzilla-comment-revisions", bug_comment=int(m.group("comment")))], None
    reporter = assignee = None
    subject = None
    last_meta = -1
    for p, v in enumerate(vlines[:80]):
        t = v.clean
        if not t:
            continue
        m = f["people"].fullmatch(t)
        if m:
            reporter, assignee = m.group("reporter").strip(), m.group("assignee").strip()
        if f["page_title"].fullmatch(t) or t in f["labels"] or f["status"].fullmatch(t) or f["metadata"].fullmatch(t):
            last_meta = p
        elif subject is None and last_meta < p and p - max(last_meta, 0) <= 3 and v.role is None:
            subject = t
            last_meta = p
        elif p > last_meta + 1 and any(vlines[k].clean for k in range(last_meta + 1, p)):
            break
    for p in range(0, last_meta + 1):
        if vlines[p].clean == subject:
            _mark(vlines[p], LineRole.HEADER, "bugzilla-title")
        else:
            _mark(vlines[p], LineRole.BOILERPLATE, "bugzilla-metadata")
    ca = bug_ca(subject)
    posts: list[Post] = []
    cur = Post(last_meta + 1, len(vlines), "bugzilla-comment-0", author=reporter, bug_comment=0,
               on_behalf_of=speaks_for_ca(ca, reporter, assignee))  # a CA's self-report
    has_content = False
    p = last_meta + 1
    n_comment = 0

    def close(at: int) -> None:
        cur.end = at
        posts.append(cur)

    while p < len(vlines):
        v = vlines[p]
        t = v.clean
        if v.role is not None or not t:
            p += 1
            continue
        q, facts = _header_run(vlines, p, f)
        if facts is not None:
            named = _name_before(vlines, p, cur.start, f)
            if named:
                p -= 1
                facts.setdefault("name", named)
            for k in range(p, q):
                _mark(vlines[k], LineRole.HEADER, "bugzilla-comment-header")
            if has_content or posts or cur.start < p:
                close(p)
            comment = facts.get("comment")
            n_comment = int(comment) if comment is not None else n_comment + 1
            role = facts.get("role")
            author = clean_name(facts["name"], None)[0] if facts.get("name") else facts.get("nick") or (
                assignee if role == "Assignee" else reporter if role == "Reporter" or n_comment == 0 else None)
            cur = Post(q, len(vlines), f"bugzilla-comment-{n_comment}", author=author, bug_comment=n_comment,
                       header_lines=(vlines[p].index, vlines[q - 1].index + 1),
                       on_behalf_of=ca if ca and role == "Assignee" else speaks_for_ca(ca, author, assignee))
            has_content = False
            p = q
            continue
        if f["activity"].fullmatch(t):
            q = p
            while q < len(vlines) and (f["activity"].fullmatch(vlines[q].clean) or not vlines[q].clean):
                _mark(vlines[q], LineRole.BOILERPLATE, "bugzilla-activity")
                q += 1
            if has_content:
                close(p)
                n_comment += 1
                cur = Post(q, len(vlines), f"bugzilla-comment-{n_comment}", bug_comment=n_comment)
                has_content = False
            p = q
            continue
        starts_report = any(rx.fullmatch(t) for rx in f["report_start"])
        ca_reply = (ca and n_comment == 0 and reporter and assignee and reporter != assignee and has_content
                    and t.startswith(ca + " ") and not posts and not _speaks_as(vlines, cur.start, p, ca))
        if has_content and (starts_report or ca_reply) and v.depth == 0:
            close(p)
            n_comment += 1
            cur = Post(p, len(vlines), f"bugzilla-comment-{n_comment}", bug_comment=n_comment, on_behalf_of=ca)
        has_content = True
        p += 1
    close(len(vlines))
    return [x for x in posts if x.end > x.start], subject


def bug_ca(title: str | None) -> str | None:
    """The CA a compliance bug's title names: "Sectigo: late revocation" -> "Sectigo"."""
    return title.split(":", 1)[0].strip() or None if title and ":" in title else None


def speaks_for_ca(ca: str | None, author: str | None, assignee: str | None) -> str | None:
    """``ca`` when a comment of its compliance bug speaks for it: the assignee's comments (the report too,
    when the CA filed it itself); else None."""
    return ca if ca and author and author == assignee else None


def _header_run(vlines: list[VLine], p: int, f: dict) -> tuple[int, dict | None]:
    """A Bugzilla comment header run at ``p``: (end, facts) or (p, None) when there is none."""
    q, facts, anchored, label, when = p, {}, False, False, False
    while q < len(vlines) and vlines[q].depth == 0:
        t = vlines[q].clean
        if t:
            m = next((m for rx in f["comment_header"] if (m := rx.fullmatch(t))), None)
            if m is None:
                break
            for k, val in m.groupdict().items():
                if val:
                    facts.setdefault(k.rstrip("0123456789"), val.strip())
            anchored = anchored or any(rx.fullmatch(t) for rx in f["comment_anchor"])
            label = label or bool(f["split_anchor"]["label"].fullmatch(t))
            when = when or bool(f["split_anchor"]["time"].fullmatch(t))
        q += 1
    while q > p and not vlines[q - 1].clean:
        q -= 1
    if "description" in facts:  # the bug's description is comment 0
        facts.setdefault("comment", "0")
    return (q, facts) if (anchored or (label and when)) and q > p else (p, None)


def _name_before(vlines: list[VLine], p: int, start: int, f: dict) -> str | None:
    """The commenter's name on the line right before a header run, when the line before it ends a sentence
    (so that a sign-off such as "Regards, / John" is not taken for the next commenter)."""
    k = p - 1
    if k <= start or vlines[k].blank or vlines[k].role is not None or vlines[k].depth:
        return None
    m = f["name_line"].fullmatch(vlines[k].clean)
    prev = vlines[k - 1]
    if not m or not (prev.blank or prev.role is not None or prev.clean.endswith((".", "?", "!", ":", ")"))):
        return None
    return m.group("name")


_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.I)


def _speaks_as(vlines: list[VLine], start: int, end: int, ca: str) -> bool:
    """Does the text so far already speak for the CA (names it, or says we/our)?"""
    text = " ".join(vlines[k].clean for k in _content(vlines, start, end))
    return ca.lower() in text.lower() or bool(_FIRST_PERSON.search(text))


# ---------------------------------------------------------------- GitHub
def _github(vlines: list[VLine], source: Source):
    f = _formats()["github"]
    heads = [(p, next((m for rx in f["post"] if (m := rx.fullmatch(v.clean))), None))
             for p, v in enumerate(vlines) if v.depth == 0 and v.role is None]
    heads = [(p, m) for p, m in heads if m]
    if not heads:
        return None
    subject = None
    for p in range(0, heads[0][0]):
        v = vlines[p]
        if f["title"].fullmatch(v.clean):
            subject = v.clean[2:]
            _mark(v, LineRole.HEADER, "github-title")
        else:
            _mark(v, LineRole.BOILERPLATE, "github-page-header")
    posts = []
    for n, (p, m) in enumerate(heads):
        _mark(vlines[p], LineRole.HEADER, "github-post-header")
        end = heads[n + 1][0] if n + 1 < len(heads) else len(vlines)
        start = p + 1
        body = _content(vlines, start, end)
        if body and m.group("kind") in ("review thread", "review comment", "reviewed") and f["file_anchor"].fullmatch(vlines[body[0]].clean):
            _mark(vlines[body[0]], LineRole.HEADER, "github-file-anchor")
        mentions = _mentions(vlines, start, end)
        posts.append(Post(start, end, f"github-{m.group('kind').replace(' ', '-')}", author=m.group("name"),
                          date=parse_date(m.group("date")), date_text=m.group("date"), mentions=mentions,
                          header_lines=(vlines[p].index, vlines[p].index + 1)))
    return posts, subject


# ---------------------------------------------------------------- Google Groups thread view
def _google_groups(vlines: list[VLine], source: Source):
    f = _formats()["google_groups"]
    marks = [p for p, v in enumerate(vlines) if v.rule == f["post_marker"].pattern and v.depth == 0]
    if not marks:
        return None
    heads = []
    for p in marks:
        a = p - 1
        while a >= 0 and (vlines[a].blank or vlines[a].role is not None):
            a -= 1
        d = p + 1
        while d < len(vlines) and vlines[d].blank:
            d += 1
        if a < 0 or d >= len(vlines):
            continue
        to = d + 1 if d + 1 < len(vlines) and f["to_line"].fullmatch(vlines[d + 1].clean) else None
        heads.append((a, p, d, to))
    if not heads:
        return None
    subject = None
    for p in range(0, heads[0][0]):
        v = vlines[p]
        if v.role is None and not v.blank and subject is None:
            subject = v.clean
            _mark(v, LineRole.HEADER, "gg-title")
        else:
            _mark(v, LineRole.BOILERPLATE, "gg-chrome")
    posts = []
    for n, (a, p, d, to) in enumerate(heads):
        last = to if to is not None else d
        for k in range(a, last + 1):
            _mark(vlines[k], LineRole.HEADER, "gg-post-header")
        end = heads[n + 1][0] if n + 1 < len(heads) else len(vlines)
        name, email = clean_name(vlines[a].clean, None)
        posts.append(Post(last + 1, end, "google-groups-post", author=name, email=email,
                          date=parse_date(vlines[d].clean), date_text=vlines[d].clean, subject=subject,
                          header_lines=(vlines[a].index, vlines[last].index + 1)))
    return posts, subject


# ---------------------------------------------------------------- mail-archive search results
def _search_results(vlines: list[VLine], source: Source):
    rx = _formats()["mail_archive_search"]["post"]
    heads = [(p, rx.fullmatch(v.clean)) for p, v in enumerate(vlines) if v.depth == 0 and v.role is None]
    heads = [(p, m) for p, m in heads if m and parse_date(m.group("date"))]
    if not heads:
        return None
    posts = []
    starts = []
    for p, m in heads:
        s = p - 1
        while s >= 0 and vlines[s].blank:
            s -= 1
        subj = s if s >= 0 and vlines[s].role is None and (not posts or s > posts[-1].start) else None
        starts.append(subj if subj is not None else p)
        posts.append(Post(p + 1, len(vlines), "mail-archive-search-result",
                          subject=vlines[subj].clean if subj is not None else None))
        name, email = clean_name(m.group("name"), None)
        posts[-1].author, posts[-1].email = name, email
        posts[-1].date, posts[-1].date_text = parse_date(m.group("date")), m.group("date")
        if subj is not None:
            _mark(vlines[subj], LineRole.HEADER, "search-result-subject")
        _mark(vlines[p], LineRole.HEADER, "search-result-header")
        posts[-1].header_lines = (vlines[starts[-1]].index, vlines[p].index + 1)
    for n in range(len(posts) - 1):
        posts[n].end = starts[n + 1]
    for p in range(0, starts[0]):
        _mark(vlines[p], LineRole.BOILERPLATE, "search-page-chrome")
    return posts, posts[0].subject


# ---------------------------------------------------------------- pipermail / IETF archive header
def _archive_header(vlines: list[VLine], source: Source):
    pm = _formats()["pipermail"]
    ietf = _formats()["ietf_mailarchive"]["author_date"]
    top = _content(vlines, 0, min(len(vlines), 12))[:4]
    for n, p in enumerate(top):
        m = ietf.fullmatch(vlines[p].clean)
        if m:
            name, email = clean_name(m.group("name"), m.group("email"))
            when, dtext = parse_date(m.group("date")), m.group("date")
            last = p
        else:
            m = pm["author"].fullmatch(vlines[p].clean)
            if not m or n + 1 >= len(top) or not pm["date"].fullmatch(vlines[top[n + 1]].clean):
                continue
            name, email = clean_name(m.group("name"), m.group("email").replace(" at ", "@"))
            last = top[n + 1]
            when, dtext = parse_date(vlines[last].clean), vlines[last].clean
        subject = None
        for k in range(0, last + 1):
            if not vlines[k].blank and k < p and subject is None:
                subject = vlines[k].clean
            _mark(vlines[k], LineRole.HEADER, "archive-header")
        _rfc822_headers(vlines, last + 1)
        return [Post(last + 1, len(vlines), "archive-page", author=name, email=email, date=when, date_text=dtext,
                     subject=subject, header_lines=(vlines[0].index, vlines[last].index + 1))], subject
    return None


def _rfc822_headers(vlines: list[VLine], start: int) -> None:
    """Raw RFC 822 header fields (Received:, DKIM-Signature: …) at the top of a body are headers."""
    f = _formats()["rfc822"]
    p = start
    while p < len(vlines) and vlines[p].blank:
        p += 1
    q, fields = p, 0
    while q < len(vlines) and not vlines[q].blank:
        if f["field"].fullmatch(vlines[q].text):
            fields += 1
        elif not (fields and f["continuation"].fullmatch(vlines[q].text)):
            break
        q += 1
    if fields >= f["min_fields"] and (q >= len(vlines) or vlines[q].blank):
        for k in range(p, q):
            _mark(vlines[k], LineRole.HEADER, "rfc822-header")


# ---------------------------------------------------------------- forum pages (Discourse as text)
FORUM_GAP = 2  # blank lines between two posts of a forum page rendered without post headers
_FORUM_BLOCKERS = re.compile(r"^(?:\[\d+\]|[-–—]{1,2}\s|>|\w[\w-]*: )|wrote:$")


def _forum_posts(vlines: list[VLine]) -> list[Post] | None:
    """A page with no quoting, no headers and no attributions whose paragraphs are separated by two or
    more blank lines: each such stretch is a post (forum renderings that lost their post headers). A
    footnote, signature or field line after a gap stays with the post before it."""
    if any(v.depth > 0 or v.role is not None for v in vlines):
        return None
    content = [p for p, v in enumerate(vlines) if not v.blank]
    if not content or any(_FORUM_BLOCKERS.search(vlines[p].clean) for p in content[:1]):
        return None
    cuts = []
    for a, b in zip(content, content[1:]):
        if b - a - 1 >= FORUM_GAP and not _FORUM_BLOCKERS.search(vlines[b].clean) and len(vlines[b].clean) > 40:
            cuts.append(b)
    if not cuts:
        return None
    bounds = [0] + cuts + [len(vlines)]
    return [Post(lo, hi, "forum-post") for lo, hi in zip(bounds, bounds[1:])]


# ---------------------------------------------------------------- posts separated by list footers
def _split_at_footers(vlines: list[VLine], posts: list[Post]) -> list[Post]:
    """A list footer followed by more text at depth 0 ends one message and starts the next (on a page;
    an e-mail read from its own headers is one message, whatever its list appended)."""
    out: list[Post] = []
    for post in posts:
        if post.origin == "mail":
            out.append(post)
            continue
        cur = post
        p = post.start
        while p < cur.end:
            v = vlines[p]
            if v.role == LineRole.BOILERPLATE and v.depth == 0 and v.rule in ("gg-footer", "mailman-footer",
                                                                               "mailman-footer-bare", "gg-footer-flattened",
                                                                               "mailman-footer-flattened"):
                q = p
                while q < cur.end and (vlines[q].role == LineRole.BOILERPLATE or vlines[q].blank):
                    q += 1
                before = _content(vlines, cur.start, p)
                after = _content(vlines, q, cur.end)
                if before and after and vlines[after[0]].depth == 0:
                    out.append(replace(cur, end=q))  # the post keeps every header fact (Message-ID too)
                    cur = Post(q, cur.end, "after-list-footer")
                p = q
                continue
            p += 1
        out.append(cur)
    return out


def list_name(vlines: list[VLine]) -> str | None:
    """The list, tracker or repository the page names in its headers and footers."""
    rows = _formats()["lists"]["patterns"]
    texts = [v.clean for v in vlines if v.role in (LineRole.HEADER, LineRole.BOILERPLATE) and v.clean]
    for row in rows:
        for t in texts:
            m = row["pattern"].search(t)
            if m:
                return row["format"].format(**m.groupdict())
    return None
