"""Where a page becomes posts: archive and tracker renderings cut into one post per message.

Each segmenter recognises one kind of page by its content (data/page_formats.json), marks its
header and chrome lines, and returns ``Post`` records; the quote walk then runs inside each post.
Kinds: e-mail parts (mbox/.eml), Bugzilla bug and comment-revision pages, GitHub issues and pull
requests, Google Groups thread views, mail-archive search results, pipermail and IETF archive
headers, RFC 822 header blocks; any page: posts separated by list footers.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from threadkb import tables
from threadkb.models import Addressee, LineRole, MailHeaders, Source
from threadkb.parse.attribution import match_header_block
from threadkb.parse.dates import parse_date
from threadkb.parse.lines import VLine
from threadkb.speakers import bug_ca, clean_name, speaks_for_ca


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
    answers: Post | None = None  # the post it answers, when the page's structure says so (not its headers)
    addressee: tuple[str, str | None] | None = None  # a mail's one To addressee (name, address): "you" in "you wrote:"
    addressees: tuple[Addressee, ...] = ()  # a mail's To and Cc, as its headers name them (``Message.addressees``)


@lru_cache(maxsize=1)
def _formats() -> dict:
    """page_formats.json, its patterns compiled by the loader (``{{MACRO}}``s of ``_macros`` expanded)."""
    return {k: v for k, v in tables.patterns("page_formats.json").items() if not k.startswith("_")}


def _mark(v: VLine, role: LineRole, rule: str) -> None:
    if v.role is None:
        v.role, v.rule = role, rule


def _content(vlines: list[VLine], start: int, end: int) -> list[int]:
    return [p for p in range(start, end) if vlines[p].role is None and not vlines[p].blank]


def segment(vlines: list[VLine], source: Source) -> tuple[list[Post], str | None]:
    """Cut the page into posts; returns (posts, subject)."""
    for seg in (_mail_parts, _bugzilla, _github, _archive_thread, _google_groups, _forum, _search_results,
                _archive_header):
        found = seg(vlines, source)
        if found is not None:
            posts, subject = found
            return _split_at_footers(vlines, posts), subject
    _rfc822_headers(vlines, 0)
    posts = _forum_posts(vlines) or [Post(0, len(vlines), "page")]
    posts = _split_at_footers(vlines, posts)
    _sender_from_reply_link(vlines, posts)
    return posts, None


def _sender_from_reply_link(vlines: list[VLine], posts: list[Post]) -> None:
    """A mail-archive.com page without its header still names its sender in the link under the message
    ('Reply via email to Wayne Thayer'): that is the author of the page's first post."""
    rx = _formats()["mail_archive_page"]["reply_via"]
    for v in vlines:
        m = rx.fullmatch(v.clean) if not v.depth and v.clean.startswith("Reply via") else None
        if m and posts and posts[0].author is None:
            posts[0].author = clean_name(m.group("name"), None)[0]
            return


# ---------------------------------------------------------------- e-mail containers
def _mail_parts(vlines: list[VLine], source: Source):
    if not source.parts:
        return None
    posts = []
    starts = [v.index for v in vlines]  # sorted: VLines follow the physical lines
    prev_end = 0  # where the previous mail's body ended: this mail's header block starts after a blank line
    for (lo, hi), h in zip(source.parts, source.mail, strict=True):
        ps = range(bisect_left(starts, lo), bisect_left(starts, hi))
        api = source.kind in API_KINDS  # a tracker's API: the author is exact, @mentions are reply cues
        header_start, prev_end = prev_end, hi
        if not ps and (api or not (h.from_name or h.from_address or h.date or h.message_id)):
            continue  # a mail of no body is a post of no lines (parse._bodiless_mail keeps it), a comment of none is not
        name, email = (h.from_name, h.from_address) if api else clean_name(h.from_name or "", h.from_address)
        if not api and email and (not name or "@" in (h.from_name or "")):  # the From shows only an address: it is the author
            name = email
        posts.append(Post(ps.start, ps.stop, f"{source.kind}-api" if api else "mail", name, email, h.date,
                          h.date_text, h.subject, bug_comment=h.comment,
                          mentions=_mentions(vlines, ps.start, ps.stop) if api else (),
                          message_id=h.message_id, in_reply_to_id=h.in_reply_to, references=tuple(h.references),
                          on_behalf_of=h.on_behalf_of, addressee=None if api else _addressee(h),
                          addressees=() if api else tuple(Addressee(f, name, addr) for f, names in (("to", h.to), ("cc", h.cc))
                                                          for name, addr in names),
                          header_lines=None if ps else (header_start + 1 if header_start else 0, max(lo - 1, 0))))
    return posts, (source.mail[0].subject if source.mail else None)


def _addressee(h: MailHeaders) -> tuple[str, str | None] | None:
    """The one person a mail is addressed to, "you" in its own "On …, you wrote:", as (name, address): the name
    cleaned as an author's, else the address. The people of a header are its addressees that are neither the list
    (``MailHeaders.lists``: its list headers, or the archive's list address) nor the sender. To decides when it
    names anybody but the list and the sender: its one person, if that one has a mailbox; several people, or one
    with no mailbox ("postmaster", a display name alone, an encoded word the header left broken): nobody. Only
    when To names no one else (the list alone, "undisclosed-recipients:;", no To) does Cc decide, by the same
    rule: a reply to the list that copies the person it answers (a reply-all where the list's Reply-To took the
    To). None otherwise."""
    lists = set(h.lists)  # a To of thousands of list addresses: one look-up each (linear)
    for field_ in (h.to, h.cc):
        people = [(raw, addr) for raw, addr in field_
                  if not (addr and (addr.casefold() in lists
                                    or addr.casefold() == (h.from_address or "").casefold()))]
        if not people:
            continue
        if len(people) > 1 or people[0][1] is None:
            return None
        raw, addr = people[0]
        name, email = clean_name(raw or "", addr)
        who = name or email
        return (who, email) if who else None
    return None


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
    for v in vlines:
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
        if f["page_title"].fullmatch(t) or t in f["labels"] or f["status"].fullmatch(t) or (
                f["metadata"].fullmatch(t) and not f["in_reply_to"].fullmatch(t)) or (
                last_meta >= 0 and subject is not None and (f["field_values"].fullmatch(t)  # "task", "Not set"
                                                            or f["attachment_row"].fullmatch(t))):  # "250.80 KB,"
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
        reply = f["in_reply_to"].fullmatch(t) if has_content and v.depth == 0 else None
        if reply and _starts_comment(vlines, p, cur, posts, n_comment, reply, f):
            close(p)
            number = int(reply.group("comment"))
            if cur.header_lines is None and number <= n_comment and _quoted_words(vlines, p, cur.start, p):
                cur.bug_comment, cur.origin, n_comment = number, f"bugzilla-comment-{number}", number
            n_comment += 1
            cur = Post(p, len(vlines), f"bugzilla-comment-{n_comment}", bug_comment=n_comment)
            has_content = True
            p += 1
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
    posts = [x for x in posts if x.end > x.start]
    _authors_from_replies(vlines, posts, f)
    return posts, subject


def _authors_from_replies(vlines: list[VLine], posts: list[Post], f: dict) -> None:
    """"(In reply to X from comment #N)" names the author of the comment it answers: the earlier comment
    whose words it quotes, else comment N. A comment whose header did not name its author gets X."""
    for n, post in enumerate(posts):
        for p in range(post.start, post.end):
            v = vlines[p]
            m = f["in_reply_to"].fullmatch(v.clean) if not v.depth and v.clean.startswith("(") else None
            if not m:
                continue
            earlier = posts[max(0, n - LOOKBACK):n] + ([post] if p > post.start else [])
            target = next((x for x in reversed(earlier) if _quoted_words(vlines, p, x.start, min(x.end, p))), None)
            if target is None and not _quoted_lines(vlines, p):
                target = next((x for x in earlier if x.bug_comment == int(m.group("comment"))), None)
            if target is not None and target.author is None:
                target.author = clean_name(m.group("name"), None)[0]


LOOKBACK = 30  # earlier posts searched for the words a reply quotes (bounded: hostile pages stay linear)
MAX_SCAN = 300  # lines of a post searched for them (its last ones)


def _quoted_lines(vlines: list[VLine], p: int) -> list[str]:
    """The quoted lines right after the line at ``p`` (blank lines skipped)."""
    q = p + 1
    while q < len(vlines) and vlines[q].blank:
        q += 1
    quoted = []
    while q < len(vlines) and vlines[q].depth > 0:
        if not vlines[q].blank:
            quoted.append(vlines[q].clean)
        q += 1
    return quoted


def _quoted_words(vlines: list[VLine], p: int, lo: int, hi: int) -> bool:
    """Are the lines quoted after the line at ``p`` words written (unquoted) between ``lo`` and ``hi``?"""
    quoted = _quoted_lines(vlines, p)[:3]
    if not quoted or hi <= lo:
        return False
    own = " ".join(vlines[k].clean for k in _content(vlines, max(lo, hi - MAX_SCAN), hi) if vlines[k].depth == 0)
    return all(line in own for line in quoted)


def _starts_comment(vlines: list[VLine], p: int, cur: Post, posts: list[Post], n_comment: int, reply: re.Match,
                    f: dict) -> bool:
    """Does the "(In reply to X from comment #N)" line at ``p`` start the next comment of a page without
    comment headers? Bugzilla writes that line at the top of a reply, so: yes when the lines it quotes are
    the words of the comment being read; yes when they are the words of an earlier comment, unless the
    comment being read itself opened with such a line (one comment answering several); when it quotes
    nothing, yes when N is the number of the comment being read."""
    if not _quoted_lines(vlines, p):
        return int(reply.group("comment")) == n_comment
    if _quoted_words(vlines, p, cur.start, p):
        return True
    first = next((k for k in range(cur.start, p) if not vlines[k].blank and not vlines[k].depth), None)
    opened_with_reply = first is not None and bool(f["in_reply_to"].fullmatch(vlines[first].clean))
    return not opened_with_reply and any(_quoted_words(vlines, p, x.start, x.end) for x in posts[-LOOKBACK:])


def _header_run(vlines: list[VLine], p: int, f: dict) -> tuple[int, dict | None]:
    """A Bugzilla comment header run at ``p``: (end, facts) or (p, None) when there is none."""
    facts: dict[str, str]
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
MAX_BADGES = 4  # role badges and edit notes under a browser post header ("Member", "Author", "edited")


@dataclass
class _Head:
    """A GitHub post header: its lines (avatar, login, verb + date, badges) and what they say."""

    first: int
    last: int  # position of its last header line
    name: str
    kind: str
    date_text: str | None
    bare: bool = False  # "login on DATE" (a browser review-thread turn): no verb


def _github(vlines: list[VLine], source: Source):
    f = _formats()["github"]
    browser = any(v.depth == 0 and f["detect"].fullmatch(v.clean) for v in vlines)
    heads = _github_heads(vlines, f, browser)
    if not heads:
        return None
    subject = None
    for p in range(0, heads[0].first):
        v = vlines[p]
        m = f["title"].fullmatch(v.clean) or (browser and v.role is None and f["browser_title"].fullmatch(v.clean))
        if m and subject is None:
            subject = v.clean[2:] if v.clean.startswith("# ") else m.group("title")
            _mark(v, LineRole.HEADER, "github-title")
        else:
            _mark(v, LineRole.BOILERPLATE, "github-page-header")
    tail = len(vlines)
    for p in range(heads[-1].last + 1, len(vlines)):
        if vlines[p].depth == 0 and f["sidebar_start"].fullmatch(vlines[p].clean):
            tail = p
            break
    for p in range(tail, len(vlines)):
        _mark(vlines[p], LineRole.BOILERPLATE, "github-sidebar")
    for p in range(heads[0].first, tail):  # timeline events (also quoted ones), reactions, buttons
        v = vlines[p]
        if v.role is None and not v.blank:
            if f["event"].fullmatch(v.clean):
                _mark(v, LineRole.BOILERPLATE, "github-event")
                login = v.clean.split()[0]
                if p > 0 and _free(vlines[p - 1]) and vlines[p - 1].clean in (login, "@" + login.lstrip("@")):
                    _mark(vlines[p - 1], LineRole.BOILERPLATE, "github-event")  # its avatar or login line
            elif f["reaction"].fullmatch(v.clean) or (browser and v.depth == 0 and f["chrome"].fullmatch(v.clean)):
                _mark(v, LineRole.BOILERPLATE, "github-chrome")
    posts: list[Post] = []
    turn_of: dict[int, int] = {}  # post position -> its turn number in a review thread (0 = the first)
    for n, h in enumerate(heads):
        for k in range(h.first, h.last + 1):
            _mark(vlines[k], LineRole.HEADER, "github-post-header")
        end = heads[n + 1].first if n + 1 < len(heads) else tail
        body = _content(vlines, h.last + 1, end)
        if body and h.kind in f["review_kinds"] and f["file_anchor"].fullmatch(vlines[body[0]].clean):
            _mark(vlines[body[0]], LineRole.HEADER, "github-file-anchor")
            if len(body) > 1 and f["file_anchor"].fullmatch(vlines[body[1]].clean):
                _mark(vlines[body[1]], LineRole.HEADER, "github-file-anchor")
        post = Post(h.last + 1, end, f"github-{h.kind.replace(' ', '-')}", author=h.name,
                    date=parse_date(h.date_text) if h.date_text else None, date_text=h.date_text,
                    header_lines=(vlines[h.first].index, vlines[h.last].index + 1))
        if h.bare and posts and (posts[-1].origin in ("github-turn", "github-reviewed") or len(posts) - 1 in turn_of):
            prev = posts[-1]
            if prev.origin == "github-reviewed" and not _prose(vlines, prev.start, prev.end, f):
                post.start = prev.start  # the review's file anchor and diff belong to its first turn
                posts.pop()
            else:
                turn_of.setdefault(len(posts) - 1, 0)
                turn_of[len(posts)] = turn_of[len(posts) - 1] + 1
        if h.bare:
            post.origin = "github-turn"
        posts.append(post)
    out: list[Post] = []
    for n, post in enumerate(posts):
        pieces = _review_turns(vlines, post, f) if post.origin.startswith("github-review") else [post]
        for k, piece in enumerate(pieces):
            if k or n in turn_of and turn_of[n]:
                _answer_previous(vlines, piece, out[-1] if out else None, f)
            out.append(piece)
    _addressed_answers(vlines, out)
    return out, subject


def _addressed_answers(vlines: list[VLine], posts: list[Post]) -> None:
    """A flat thread's @mentions (in a post's first two lines) link it to the mentioned author's post; and a
    post answers the post right before it when that post opened by addressing its author ("@login: how
    about …", "Hi @login,"; a mention later in the text only refers to them) and it names nobody itself."""
    for post in posts:
        if not post.mentions:
            body = _content(vlines, post.start, post.end)
            post.mentions = tuple(re.findall(r"@([\w-]+)", " ".join(vlines[k].clean for k in body[:2])))
    for prev, post in pairwise(posts):
        body = _content(vlines, prev.start, prev.end)
        m = _formats()["flat_thread"]["addressed_opener"].match(vlines[body[0]].clean) if body else None
        if m and post.answers is None and not post.mentions and post.author and post.author.lower() == m.group(1).lower():
            post.answers = prev


def _github_heads(vlines: list[VLine], f: dict, browser: bool) -> list[_Head]:
    """The post headers of a GitHub page: one-line headers, and in a browser copy the header spread over
    an avatar line, the login, the verb and date, and badges."""
    heads: list[_Head] = []
    n = len(vlines)
    p = 0
    while p < n:
        v = vlines[p]
        if v.depth or v.role is not None or v.blank or (browser and f["chrome"].fullmatch(v.clean)):
            p += 1
            continue
        m = f["post"][0].fullmatch(v.clean) or (browser and f["post"][1].fullmatch(v.clean))
        head = None
        if m:
            head = _Head(p, p, m.group("name"), m.group("kind"), m.group("date"))
        elif browser:
            nxt = p + 1 if p + 1 < n and not vlines[p + 1].depth else None
            w = f["split_when"].fullmatch(vlines[nxt].clean) if nxt is not None else None
            login = f["avatar"].fullmatch("@" + v.clean)
            avatar = p > 0 and f["avatar"].fullmatch(vlines[p - 1].clean)
            if login and w and nxt is not None and (w.group("kind") or avatar or _badge_after(vlines, nxt, f)):
                head = _Head(p, nxt, v.clean, w.group("kind") or "comment", w.group("date"), bare=not w.group("kind"))
            else:
                b = f["bare_post"].fullmatch(v.clean)
                if b and (avatar and avatar.group("name") == b.group("name") or _badge_after(vlines, p, f)):
                    head = _Head(p, p, b.group("name"), "comment", b.group("date"), bare=True)
        if head is None:
            p += 1
            continue
        head.kind = post_kind(head.kind, f)
        if browser:  # badges and the avatar line may come before the login too
            k = head.first - 1
            while k >= 0 and head.first - k <= MAX_BADGES and _free(vlines[k]) and f["badge"].fullmatch(vlines[k].clean):
                k -= 1
            avatar = k >= 0 and _free(vlines[k]) and vlines[k].clean in (head.name, "@" + head.name) and k < head.first
            floor = heads[-1].last if heads else -1
            head.first = max(floor + 1, k if avatar else k + 1)
        q = head.last + 1
        while q < n and q - head.last <= MAX_BADGES and browser and not vlines[q].depth and (
                f["badge"].fullmatch(vlines[q].clean) and vlines[q].role is None):
            head.last = q
            q += 1
        # a one-line header may come between an avatar line and badges too
        heads.append(head)
        p = head.last + 1
    return heads


def _free(v: VLine) -> bool:
    return v.role is None and not v.depth and not v.blank


def post_kind(verb: str, f: dict) -> str:
    """The kind of a GitHub post from the verb of its header ("commented" -> "comment"): the first row of the
    table's ``post_kinds`` that fits (``starts``: the verb begins with one of them; ``is``: it is one), else the
    verb as written."""
    for row in f["post_kinds"]:
        if verb.startswith(tuple(row.get("starts", ()))) or verb in row.get("is", ()):
            return row["kind"]
    return verb


def _badge_after(vlines: list[VLine], p: int, f: dict) -> bool:
    return p + 1 < len(vlines) and not vlines[p + 1].depth and bool(f["badge"].fullmatch(vlines[p + 1].clean))


_FENCE = re.compile(r"```")
_DIFF_LINE = re.compile(r"^(?:@@ .* @@.*|[+ -].*)$")


def _prose(vlines: list[VLine], start: int, end: int, f: dict) -> bool:
    """Does the stretch hold words outside code fences, diff hunks and file anchors?"""
    fenced = hunk = False
    for k in _content(vlines, start, end):
        t = vlines[k].text.rstrip()
        if _FENCE.match(t.lstrip()):
            fenced = not fenced
            continue
        if t.startswith("@@ "):
            hunk = True
        if fenced or (hunk and _DIFF_LINE.match(t)) or f["file_anchor"].fullmatch(vlines[k].clean) or (
                f["file_path"].fullmatch(vlines[k].clean)):
            continue
        return True
    return False


def _review_turns(vlines: list[VLine], post: Post, f: dict) -> list[Post]:
    """A review-thread block of the issues-corpus rendering holds several turns ("**login** (author):"):
    each turn is a post; the file anchor and diff above the first turn stay with it when it is the
    block's author's (else they are the block author's own post)."""
    turns = []
    fenced = False
    for k in range(post.start, post.end):
        v = vlines[k]
        if v.depth or v.role is not None:
            continue
        if _FENCE.match(v.text.lstrip()):
            fenced = not fenced
            continue
        m = not fenced and f["turn"].fullmatch(v.clean)
        if m:
            turns.append((k, m.group("name")))
    if not turns:
        return [post]
    pieces = []
    first_k, first_name = turns[0]
    if first_name.lower() != (post.author or "").lower() and _prose(vlines, post.start, first_k, f):
        pieces.append(Post(post.start, first_k, post.origin, post.author, date=post.date, date_text=post.date_text,
                           header_lines=post.header_lines))
        start = first_k
    else:
        start = post.start
    for n, (k, name) in enumerate(turns):
        _mark(vlines[k], LineRole.HEADER, "github-review-turn")
        end = turns[n + 1][0] if n + 1 < len(turns) else post.end
        own_header = not (n == 0 and start == post.start)
        pieces.append(Post(start if n == 0 else k, end, "github-review-turn", author=name,
                           date=None if own_header else post.date, date_text=None if own_header else post.date_text,
                           header_lines=(vlines[k].index, vlines[k].index + 1) if own_header else post.header_lines))
    return pieces


def _answer_previous(vlines: list[VLine], turn: Post, prev: Post | None, f: dict) -> None:
    """A review-thread turn answers the turn before it when it speaks to it: it opens with an answer
    ("Yes, …", "Good catch.", "Done") or addresses its author ("you", "@login"); a turn that @mentions
    only other people answers none of the turns (the mentions link it)."""
    if prev is None or not prev.author:
        return
    body = _content(vlines, turn.start, turn.end)
    text = " ".join(vlines[k].clean for k in body)
    mentions = re.findall(r"@([\w-]+)", text)
    if mentions:
        turn.mentions = tuple(mentions)
        return
    first = vlines[body[0]].clean if body else ""
    if f["answer_opener"].fullmatch(first) or f["second_person"].fullmatch(text):
        turn.answers = prev


# ---------------------------------------------------------------- archive thread pages (narkive, public-inbox)
MAX_AROUND = 4  # chrome lines of an archive's post header before or after its post lines


@dataclass
class _ArchiveHead:
    first: int  # first header line (its 'before' chrome included)
    last: int  # last header line (its 'after' chrome included)
    name: str
    date_text: str


def _archive_thread(vlines: list[VLine], source: Source):
    """A page that wraps every message in the archive's chrome (``archive_threads`` in page_formats.json): the
    first archive whose post headers the page has (with their chrome) cuts it into posts."""
    for row in _formats()["archive_threads"]["archives"]:
        heads = _archive_heads(vlines, row)
        if heads:
            break
    else:
        return None
    for p in range(len(vlines)):
        v = vlines[p]
        if v.role is None and not v.depth and any(rx.fullmatch(v.clean) for rx in row.get("chrome", ())):
            _mark(v, LineRole.BOILERPLATE, f"{row['name']}-chrome")
    for p in range(heads[0].first):
        v = vlines[p]
        if v.role is None and any(rx.fullmatch(v.clean) for rx in row.get("head", ())):
            _mark(v, LineRole.BOILERPLATE, f"{row['name']}-chrome")
    subject = _page_title(vlines, heads[0].first, row["name"])
    posts = []
    for n, h in enumerate(heads):
        for k in range(h.first, h.last + 1):
            _mark(vlines[k], LineRole.HEADER, f"{row['name']}-post-header")
        end = heads[n + 1].first if n + 1 < len(heads) else len(vlines)
        name, email = clean_name(h.name, None)
        if email and not name:
            name = email
        posts.append(Post(h.last + 1, end, f"archive-thread:{row['name']}", author=name, email=email,
                          date=parse_date(h.date_text), date_text=h.date_text, subject=subject,
                          header_lines=(vlines[h.first].index, vlines[h.last].index + 1)))
    return posts, subject


def _archive_heads(vlines: list[VLine], row: dict) -> list[_ArchiveHead]:
    """The post headers of one archive's rendering: its ``post`` lines in a row, with ``before``/``after`` chrome
    (at least one such line: the chrome is what tells the archive)."""
    post, n = row["post"], len(vlines)
    heads: list[_ArchiveHead] = []
    p = 0
    while p + len(post) <= n:
        found: dict[str, str] = {}
        for k, rx in enumerate(post):
            v = vlines[p + k]
            m = rx.fullmatch(v.clean) if _free(v) else None
            if m is None:
                break
            found.update({g: x for g, x in m.groupdict().items() if x})
        else:
            last = p + len(post) - 1
            while last + 1 < n and last - p < len(post) + MAX_AROUND and _free(vlines[last + 1]) and any(
                    rx.fullmatch(vlines[last + 1].clean) for rx in row["after"]):
                last += 1
            first = p
            floor = heads[-1].last + 1 if heads else 0
            while first - 1 >= floor and p - first < MAX_AROUND and _free(vlines[first - 1]) and any(
                    rx.fullmatch(vlines[first - 1].clean) for rx in row.get("before", ())):
                first -= 1
            if (last > p + len(post) - 1 or first < p) and "name" in found and "date" in found \
                    and parse_date(found["date"]) is not None:
                heads.append(_ArchiveHead(first, last, found["name"], found["date"]))
                p = last + 1
                continue
        p += 1
    return heads


# ---------------------------------------------------------------- Google Groups thread view
def _google_groups(vlines: list[VLine], source: Source):
    f = _formats()["google_groups"]
    rules = {rx.pattern for rx in f["chrome_rules"]}
    chrome = any(v.rule in rules and v.depth == 0 for v in vlines)
    heads: list[tuple[int, int, int, int | None]] = []  # (first header line, name line, date line, To: line)
    for d, v in enumerate(vlines):
        if v.depth or v.role is not None or not f["date"].fullmatch(v.clean):
            continue
        a, gap = d - 1, 0
        while a >= 0 and (vlines[a].blank or vlines[a].rule == f["post_marker"].pattern) and gap < f["max_gap"]:
            a, gap = a - 1, gap + 1
        if a < 0 or vlines[a].depth or vlines[a].role is not None or not f["name"].fullmatch(vlines[a].clean):
            continue
        if heads and a <= heads[-1][2]:
            continue
        to = d + 1 if d + 1 < len(vlines) and f["to_line"].fullmatch(vlines[d + 1].clean) else None
        if to is None and not chrome:
            continue
        first = a
        k = a - 1
        while k >= 0 and vlines[k].blank and a - k <= 2:
            k -= 1
        if k >= 0 and vlines[k].role is None and f["profile_photo"].fullmatch(vlines[k].clean):
            first = k
        heads.append((first, a, d, to))
    if not heads:
        return None
    subject = _page_title(vlines, heads[0][0], "gg")
    posts = []
    last_by_author: dict[str, Post] = {}
    for n, (first, a, d, to) in enumerate(heads):
        last = to if to is not None else d
        for k in range(first, last + 1):
            _mark(vlines[k], LineRole.HEADER, "gg-post-header")
        end = heads[n + 1][0] if n + 1 < len(heads) else len(vlines)
        name, email = clean_name(vlines[a].clean, None)
        if "@" in vlines[a].clean and " " not in vlines[a].clean:  # a sender shown as a shortened address
            name, email = vlines[a].clean, None
        posts.append(Post(last + 1, end, "google-groups-post", author=name, email=email,
                          date=parse_date(vlines[d].clean), date_text=vlines[d].clean, subject=subject,
                          header_lines=(vlines[first].index, vlines[last].index + 1)))
        if to is not None:
            posts[-1].answers = _addressed_poster(vlines[to].clean, last_by_author, name)
        if name:
            last_by_author[name.casefold()] = posts[-1]
    return posts, subject


def _addressed_poster(to_line: str, last_by_author: dict[str, Post], author: str | None) -> Post | None:
    """The post a Google Groups post answers by its 'to' line: Groups puts the writer of the post replied to
    before the list ("to Benjamin Kerensa, gover...@lists.mozilla.org"). When the line names exactly one person
    (no address: the list is shown as one) who wrote an earlier post on the page (``last_by_author``: each writer's
    last post so far, by case-folded name), and not the post's own writer, that person's last post; else None."""
    names = {" ".join(n.split()).casefold() for n in to_line[3:].split(",")
             if n.strip() and "@" not in n and "…" not in n and "..." not in n}
    names.discard((author or "").casefold())
    return last_by_author.get(names.pop()) if len(names) == 1 else None


def _page_title(vlines: list[VLine], end: int, kind: str) -> str | None:
    """The lines above a page's first post: its first free line is the title, the rest chrome."""
    subject = None
    for p in range(0, end):
        v = vlines[p]
        if v.role is None and not v.blank and subject is None:
            subject = v.clean
            _mark(v, LineRole.HEADER, f"{kind}-title")
        else:
            _mark(v, LineRole.BOILERPLATE, f"{kind}-chrome")
    return subject


# ---------------------------------------------------------------- forum topics (Discourse) copied from a browser
def _forum(vlines: list[VLine], source: Source):
    f = _formats()["forum"]
    heads: list[tuple[int, int]] = []  # (first header line, date line)
    for d, v in enumerate(vlines):
        if v.depth or v.role is not None or not f["date"].fullmatch(v.clean):
            continue
        floor = heads[-1][1] + 1 if heads else 0
        spans = [first for first in range(d - 1, max(floor, d - 1 - f["max_name_lines"]) - 1, -1)
                 if _forum_header(vlines, first, d, f)]
        after_break = [k for k in spans if k == 0 or _forum_break(vlines, k - 1, f)]
        if after_break:
            heads.append((after_break[0], d))
        elif spans and not heads:  # the first post may follow the title and category lines directly
            heads.append((spans[0], d))
    evidence = any(not v.depth and f["evidence"].fullmatch(v.clean) for v in vlines)
    if not heads or not (evidence or len(heads) > 1):
        return None
    tail = len(vlines)
    for p in range(heads[-1][1] + 1, len(vlines)):
        if not vlines[p].depth and f["tail_start"].fullmatch(vlines[p].clean):
            tail = p
            break
    for p in range(tail, len(vlines)):
        _mark(vlines[p], LineRole.BOILERPLATE, "forum-tail")
    subject = _page_title(vlines, heads[0][0], "forum")
    posts = []
    for n, (first, d) in enumerate(heads):
        for k in range(first, d + 1):
            _mark(vlines[k], LineRole.HEADER, "forum-post-header")
        end = heads[n + 1][0] if n + 1 < len(heads) else tail
        for k in range(d + 1, end):
            if not vlines[k].depth and f["chrome"].fullmatch(vlines[k].clean):
                _mark(vlines[k], LineRole.BOILERPLATE, "forum-chrome")
        when = parse_date(vlines[d].clean) if re.search(r"\d{4}", vlines[d].clean) else None
        posts.append(Post(d + 1, end, "forum-post", author=vlines[first].clean, date=when, date_text=vlines[d].clean,
                          subject=subject, header_lines=(vlines[first].index, vlines[d].index + 1)))
    _forum_quotes(vlines, posts, f)
    _addressed_answers(vlines, posts)
    return posts, subject


def _forum_header(vlines: list[VLine], first: int, d: int, f: dict) -> bool:
    """Are the lines from ``first`` to the date line ``d`` a post header: a login, then short name lines?"""
    t = vlines[first].clean
    if not _free(vlines[first]) or not f["login"].fullmatch(t) or f["tail_start"].fullmatch(t) or _forum_break(
            vlines, first, f):
        return False
    return all(_free(vlines[k]) and len(vlines[k].clean) <= 40 and f["name_line"].fullmatch(vlines[k].clean)
               for k in range(first + 1, d))


def _forum_break(vlines: list[VLine], p: int, f: dict) -> bool:
    """Can a post header start after the line at ``p`` (a blank line, page chrome, a header)?"""
    v = vlines[p]
    return v.blank or v.role is not None or bool(f["chrome"].fullmatch(v.clean)) or bool(f["evidence"].fullmatch(v.clean))


def _forum_quotes(vlines: list[VLine], posts: list[Post], f: dict) -> None:
    """A forum quote copied as text lost its markup: 'login:' then the quoted paragraph. When the login is an
    earlier poster's and the paragraph is that poster's words, the paragraph is quoted (depth 1) and the
    'login:' line its header."""
    for n, post in enumerate(posts):
        for p in _content(vlines, post.start, post.end):
            m = f["quote_header"].fullmatch(vlines[p].clean)
            if not m or vlines[p].depth:
                continue
            earlier = [x for x in posts[max(0, n - LOOKBACK):n] if x.author == m.group("login")]
            q = p + 1
            while q < post.end and vlines[q].blank:
                q += 1
            para = []
            while q < post.end and not vlines[q].blank and not vlines[q].depth:
                para.append(q)
                q += 1
            said = " ".join(vlines[k].clean for x in earlier for k in _content(vlines, max(x.start, x.end - MAX_SCAN), x.end))
            if para and all(vlines[k].clean in said for k in para):
                _mark(vlines[p], LineRole.HEADER, "forum-quote-header")
                for k in para:
                    vlines[k].depth = 1
                post.mentions = post.mentions + (m.group("login"),)


# ---------------------------------------------------------------- mail-archive search results
def _search_results(vlines: list[VLine], source: Source):
    rx = _formats()["mail_archive_search"]["post"]
    heads = [(p, rx.fullmatch(v.clean)) for p, v in enumerate(vlines) if v.depth == 0 and v.role is None]
    heads = [(p, m) for p, m in heads if m and parse_date(m.group("date"))]
    if not heads:
        return None
    posts: list[Post] = []
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
    found = _mail_archive_page(vlines)
    if found is not None:
        return found
    top = _content(vlines, 0, min(len(vlines), 12))[:4]
    for n, p in enumerate(top):
        m = ietf.fullmatch(vlines[p].clean)
        if m:
            name, email = clean_name(m.group("name"), m.group("email"))
            when, dtext = parse_date(m.group("date")), m.group("date")
            last = p
        else:
            m = pm["author"].fullmatch(vlines[p].clean)
            name_line = None
            if not m and n + 2 < len(top):  # the name, then "x at y" on a line of its own (a browser's copy)
                m = pm["address"].fullmatch(vlines[top[n + 1]].clean)
                name_line, n = (vlines[p].clean, n + 1) if m else (None, n)
            if not m or n + 1 >= len(top) or not pm["date"].fullmatch(vlines[top[n + 1]].clean):
                continue
            name, email = clean_name(name_line or m.group("name"), m.group("email").replace(" at ", "@"))
            last = top[n + 1]
            when, dtext = parse_date(vlines[last].clean), vlines[last].clean
            after_chrome = False
            for k in range(last + 1, len(vlines)):
                v = vlines[k]
                if v.blank:
                    continue
                if not v.depth and (pm["chrome"].fullmatch(v.clean) or after_chrome and pm["scrub_field"].fullmatch(v.clean)):
                    _mark(v, LineRole.BOILERPLATE, "pipermail-chrome")
                after_chrome = v.rule in ("pipermail-chrome", "pipermail-nav")
        subject = None
        for k in range(0, last + 1):
            if not vlines[k].blank and k < p and subject is None:
                subject = vlines[k].clean
            _mark(vlines[k], LineRole.HEADER, "archive-header")
        _rfc822_headers(vlines, last + 1)
        return [Post(last + 1, len(vlines), "archive-page", author=name, email=email, date=when, date_text=dtext,
                     subject=subject, header_lines=(vlines[0].index, vlines[last].index + 1))], subject
    return None


def _mail_archive_page(vlines: list[VLine]):
    """A mail-archive.com message page with its header: [list, navigation,] subject, sender, date."""
    f = _formats()["mail_archive_page"]
    top = [p for p in range(min(len(vlines), 40)) if not vlines[p].blank and not vlines[p].depth][: f["top_lines"]]
    for n, d in enumerate(top):
        if n == 0 or vlines[d].role is not None or not f["date"].fullmatch(vlines[d].clean):
            continue
        a = top[n - 1]
        if vlines[a].role is not None or not f["sender"].fullmatch(vlines[a].clean) or f["nav"].fullmatch(vlines[a].clean):
            return None
        s = top[n - 2] if n >= 2 and vlines[top[n - 2]].role is None and not f["nav"].fullmatch(vlines[top[n - 2]].clean) else None
        if any(vlines[k].role is None and not f["nav"].fullmatch(vlines[k].clean) for k in top[: max(n - 2, 0)]):
            return None  # text before the header: not a page header
        subject = vlines[s].clean if s is not None else None
        for k in range(0, d + 1):
            if k in (s, a, d):
                _mark(vlines[k], LineRole.HEADER, "mail-archive-header")
            else:
                _mark(vlines[k], LineRole.BOILERPLATE, "mail-archive-nav")
        name, email = clean_name(vlines[a].clean, None)
        end = next((k for k in range(d + 1, len(vlines)) if not vlines[k].depth and f["tail_start"].fullmatch(vlines[k].clean)),
                   len(vlines))
        for k in range(end, len(vlines)):
            _mark(vlines[k], LineRole.BOILERPLATE, "mail-archive-chrome")
        return [Post(d + 1, len(vlines), "mail-archive-page", author=name, email=email, date=parse_date(vlines[d].clean),
                     date_text=vlines[d].clean, subject=subject,
                     header_lines=(vlines[top[0]].index, vlines[d].index + 1))], subject
    return None


def _rfc822_headers(vlines: list[VLine], start: int) -> None:
    """Raw RFC 822 header fields (Received:, DKIM-Signature: …) at the top of a body are headers. A mail client's
    header block of the mail itself ("Von: / Gesendet: / An: / Betreff:", any language of attributions.json
    ``header_fields``: ``attribution.match_header_block`` reads every line of it) is left to be read as one: its
    sender and date are the text's."""
    f = _formats()["rfc822"]
    p = start
    while p < len(vlines) and vlines[p].blank:
        p += 1
    q, fields = p, 0
    while q < len(vlines) and not vlines[q].blank:
        if f["field"].fullmatch(vlines[q].text):
            fields += 1
        elif not (fields and (f["continuation"].fullmatch(vlines[q].text) or f["empty_field"].fullmatch(vlines[q].text))):
            break
        q += 1
    if fields >= f["min_fields"] and (q >= len(vlines) or vlines[q].blank):
        block = match_header_block(vlines, p, vlines[p].depth)
        if block is not None and block.kind == "header" and set(range(p, q)) <= set(block.lines):
            return
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
    for a, b in pairwise(content):
        if b - a - 1 >= FORUM_GAP and not _FORUM_BLOCKERS.search(vlines[b].clean) and len(vlines[b].clean) > 40:
            cuts.append(b)
    if not cuts:
        return None
    bounds = [0] + cuts + [len(vlines)]
    return [Post(lo, hi, "forum-post") for lo, hi in pairwise(bounds)]


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
