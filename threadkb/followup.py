"""What became of a thread's questions and commitments: one decision for every surface.

    question_state(question, order, answers) -> QuestionState   answered / replied / later / no reply, with evidence
    most_neglected_first(questions, state)   -> list             the order both surfaces list unanswered ones in
    commitment_state(promise, order, at)     -> CommitmentState  done / overdue / open / no deadline, with evidence

Both read a thread through ``ThreadOrder`` (its messages as ``Post`` rows, their texts and their statements),
which the knowledge base fills from SQLite (``threadkb.kb``) and the review report from an Extraction
(``from_extraction``): ``threadkb query unanswered|commitments`` and the report's sections call the same
functions on the same facts, so they cannot disagree. People are one person under all their names on both
(``thread_people``: the knowledge base's identity rules). The facts are the same for a thread stored from one file:
the report reads one file, while the knowledge base joins the copies of a thread that several files hold (an
answer another file's copy holds answers the question in ``query``, not in that file's report).

A question or request is
  * **answered** when a claim ``answers`` it (the link stage's edge; its evidence is the edge's), or when a message
    by someone else quotes the question and writes below the quote: a quote block of the question's message that
    holds the question's words (all of them, in order, as ``normalise_text`` reads them), followed by the quoting
    message's own lines (the parse stage's ``QuotedSpan.answered_by``, an interleaved answer). The message may
    reply to the question's message or to another one (a reply that quotes a message earlier in the thread than
    its parent: "In one of your previous replies you stated: > … / But …");
  * **replied to, no answer found** when neither holds but a later message by someone else replies to the
    question's message by the thread's reply structure (the parse stage's ``in_reply_to``: mail headers, the
    quote of the message, a post naming the asker or greeting them: "Hi, Linh") or quotes the question's message
    (a quote block of it, its parent or not: a quote that leaves the question out, or with nothing written below);
  * **later messages, none a reply** when others wrote after it but no message replies to its message (on a
    flat page of comments the structure may not say whom a comment answers: read them);
  * **no reply** when nobody else wrote after it.
A commitment is **done** when its own action-item row says so, or a later message of the same speaker or
organisation (not after the day it is judged on; an undated one is as late as the messages it replies to) reports
the promised action done (``reports_done``) or is headed by the promised document's title (``is_title_of``), or a
later message naming no writer and no organisation (a Bugzilla comment whose header the saved page lost) is headed
so; else, past its deadline, **announced, its day passed** when it is an announcement (``announcement``: it speaks
for a root program or a body, or it is a service event planned on a day, "system upgrades … on Monday, October 15")
and **overdue** otherwise; **open** before it, **no deadline**.
The cue words are the table ``threadkb/data/kb_done_cues.json``.
"""
from __future__ import annotations

import bisect
import calendar
import heapq
import itertools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from threadkb import identity, tables
from threadkb.extract import deadlines
from threadkb.kinds import asking_kinds
from threadkb.models import Extraction, Message, RelationKind
from threadkb.store import date_columns, name_key, normalise_text, person_name, quote_blocks

ANSWERED, REPLIED, LATER, NO_REPLY = "answered", "replied, no answer found", "later messages, none a reply", "no reply"
DONE, OVERDUE, OPEN, NO_DEADLINE = "done", "overdue", "open", "no deadline"
ANNOUNCED = "announced, its day passed"  # an announcement whose day passed: no promise a party owes (``announcement``)
PAGE_ORIGINS = ("bugzilla-comment", "github-")  # comments of one page, listed oldest first by the page
NEGLECTED_FIRST = (NO_REPLY, LATER, REPLIED)  # the states of an unanswered question, the most neglected first
T = TypeVar("T")


@dataclass(frozen=True)
class Post:
    """A message as the follow-up reads it. ``author`` and ``org`` are keys that name one person or organisation
    (people rows / name keys); ``date`` is the UTC text the store keeps ("2025-10-10T11:38:41Z"); ``place`` is
    (file, line) for a comment of a Bugzilla or GitHub page, whose order the page gives when it has no date."""

    id: Hashable
    author: Hashable | None
    org: Hashable | None
    parent: Hashable | None
    date: str | None
    place: tuple | None = None


@dataclass(frozen=True)
class Statement:
    """A claim of a message that is no question or request (what can report a commitment done)."""

    claim: Hashable
    text: str
    speaker: Hashable | None
    org: Hashable | None


@dataclass(frozen=True)
class Question:
    claim: Hashable
    message: Hashable
    asker: Hashable | None
    text: str = ""  # the question's words (what a quote of its message must hold to be answered below)


@dataclass(frozen=True)
class Quote:
    """A quote block of a message as the follow-up reads it (the store's ``message_quotes`` row, or
    ``store.quote_blocks`` of an Extraction): the message it quotes, its words, where it is ("file:15-19") and where
    the quoting message's own lines right below it are (an interleaved answer; None when nothing follows it)."""

    message: Hashable
    text: str
    where: str
    answer: str | None = None


@dataclass(frozen=True)
class Promise:
    """A commitment: its text, message, speaker and organisation (keys), the organisation's name (its words are
    no object words), the claim's cue (an action item's status cell) and deadline (UTC text or None)."""

    claim: Hashable
    text: str
    message: Hashable
    speaker: Hashable | None
    org: Hashable | None
    org_name: str | None = None
    cue: str | None = None
    deadline: str | None = None
    # whom the speaker works for by their own evidence (identity.own_affiliations: organisation, rule, its words)
    own: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Answer:
    """An ``answers`` edge into a question: the answering claim and the edge's evidence."""

    claim: Hashable
    evidence: tuple[str, ...] = ()


@dataclass
class QuestionState:
    state: str  # ANSWERED, REPLIED, LATER, NO_REPLY
    by: list[Hashable] = field(default_factory=list)  # the answering claims (or messages), else the replying messages
    evidence: list[str] = field(default_factory=list)
    later_replies: int = 0  # later messages of the thread by someone other than the asker
    quoted: list[Hashable] = field(default_factory=list)  # of ``by`` (REPLIED): those that quote its message, no reply


@dataclass
class CommitmentState:
    state: str  # DONE, OVERDUE, OPEN, NO_DEADLINE
    by: Hashable | None = None  # the claim or message that reports it done
    by_kind: str | None = None  # "claim" or "message" (None: the commitment's own action-item row says so)
    text: str | None = None  # what it says
    evidence: str | None = None  # the rule, in words


class ThreadOrder:
    """Which messages of a thread come after which: by date, else by reply chain, else (undated comments of one
    page) by the page. ``text_of(id)`` reads a message's own text and ``statements_of()`` every statement of the
    thread (message id -> [Statement]); both are called on demand, once."""

    def __init__(self, posts: list[Post], text_of: Callable[[Hashable], str],
                 statements_of: Callable[[], dict[Hashable, list[Statement]]],
                 quotes_of: Callable[[], dict[Hashable, list[Quote]]] | None = None):
        self.posts = posts  # in date order, undated last
        self.by_id = {p.id: p for p in posts}
        if len(self.by_id) != len(posts):
            raise ValueError("a thread's posts need unique ids")
        self.places = {p.id: i for i, p in enumerate(posts)}  # message -> its place in ``posts``
        self._text_of, self._statements_of = text_of, statements_of
        self._dates: dict[Hashable, str | None] = {}  # message -> the latest date of what it replies to
        self._statements: dict[Hashable, list[Statement]] | None = None
        self._reply_index: _ReplyIndex | None = None  # made when first asked (``_index``)
        self.done_index: _DoneIndex | None = None  # made when a commitment is first judged (``_DoneIndex.of``)
        self._days: list[str] | None = None  # the dated posts' days, when in date order (``dated_after``)
        self._sentences: dict[Hashable, list[str]] = {}
        self._texts: dict[Hashable, str] = {}
        self._quotes_of = quotes_of  # () -> quoting message -> its quote blocks of messages of the thread
        self._quoted: dict[Hashable, list[tuple[Post, Quote]]] | None = None
        self._quote_words: dict[Quote, str] = {}  # a block -> its words as " w1 w2 … " (``quote_words``)

    def quoting(self, mid: Hashable) -> list[tuple[Post, Quote]]:
        """The quote blocks of message ``mid`` in other messages of the thread, with the post holding each, in the
        posts' order (read on demand, once: ``quotes_of``)."""
        if self._quoted is None:
            self._quoted = {}
            held = self._quotes_of() if self._quotes_of is not None else {}
            for p in self.posts:
                for qb in held.get(p.id, ()):
                    if qb.message != p.id:
                        self._quoted.setdefault(qb.message, []).append((p, qb))
        return self._quoted.get(mid, [])

    def quote_words(self, qb: Quote) -> str:
        """A quote block's words as ``normalise_text`` reads them, framed by blanks (worked out once per block: every
        question of the quoted message is looked for in it)."""
        if qb not in self._quote_words:
            self._quote_words[qb] = f" {normalise_text(qb.text)} "
        return self._quote_words[qb]

    def is_later(self, post: Post, mid: Hashable) -> bool:
        """Is ``post`` after message ``mid``? Yes when it replies to it at any depth; else no when ``mid`` replies to it;
        else when it is dated after it (by ``effective_date``), else (undated comments of one page) listed after it by
        the page. O(1) with the thread's reply index (``_ReplyIndex``)."""
        ix = self._index()
        m, b = ix.node.get(mid), ix.node[post.id]
        if post.id == mid or m is None:
            return False
        if ix.tin[m] <= ix.tin[b] <= ix.tout[m]:
            return True  # it replies to mid (or is another message of mid's loop of replies)
        if ix.tin[b] <= ix.tin[m] <= ix.tout[b]:
            return False  # mid replies to it
        return ix.after(self.places[post.id], mid)

    def later_count(self, mid: Hashable, but: Hashable | None = None) -> int:
        """How many posts after ``mid`` (``is_later``) are by someone other than ``but`` (all of them when None):
        counted by the reply index, not by a pass over the posts."""
        ix = self._index()
        return ix.count(mid, _ALL) - (ix.count(mid, but) if but is not None else 0)

    def later_replies(self, mid: Hashable, but: Hashable | None = None) -> list[Post]:
        """The posts replying to ``mid`` itself (all after it), by someone other than ``but``, in order."""
        return [p for p in self._index().children.get(mid, ()) if but is None or p.author != but]

    def later_among(self, mid: Hashable, runs: Iterable[tuple[tuple, list[int]]],
                    skip: tuple[int, int] = (0, 0)) -> Iterator[Post]:
        """The posts after ``mid`` among those at the places of ``runs`` ((group, places): the places sorted, all of
        one ``_ReplyIndex.group``), in order, each once, but for the places of ``skip`` (a range): read from the first
        place any post after ``mid`` can have (``_ReplyIndex.first_place``) on, in the groups that can hold one
        (``_ReplyIndex.may_follow``: the comments of another page are not read, which was quadratic when two pages'
        undated comments interleave), each checked by ``is_later``."""
        ix = self._index()
        start, (lo, hi) = ix.first_place(mid), skip
        pieces = []
        for run in (run for group, run in runs if ix.may_follow(mid, group)):
            a, b, c = (bisect.bisect_left(run, x) for x in (start, lo, hi))
            pieces += [run[a:b], run[max(a, c):]] if lo < hi else [run[a:]]
        for i in dict.fromkeys(heapq.merge(*pieces)):
            if self.is_later(self.posts[i], mid):
                yield self.posts[i]

    def dated_after(self, day: str) -> tuple[int, int]:
        """The places of the posts dated on a day after ``day`` (YYYY-MM-DD), a range of ``posts`` when they are in
        date order (undated last; else an empty range): what a commitment judged on ``day`` skips in one step (one by
        one it was quadratic in a prolific speaker's thread judged on a day before most of it)."""
        if self._days is None:
            dates = [p.date for p in self.posts if p.date]
            ordered = all(p.date for p in self.posts[:len(dates)]) and all(
                a <= b for a, b in zip(dates, dates[1:], strict=False))
            self._days = [d[:10] for d in dates] if ordered else []
        return (bisect.bisect_right(self._days, day), len(self._days)) if self._days else (0, 0)

    def _index(self) -> _ReplyIndex:
        if self._reply_index is None:
            self._reply_index = _ReplyIndex(self)
        return self._reply_index

    def text(self, mid: Hashable) -> str:
        if mid not in self._texts:
            self._texts[mid] = self._text_of(mid) or ""
        return self._texts[mid]

    def first_line(self, mid: Hashable) -> str:
        """The first non-blank line of message ``mid`` (a heading, when the message is a document)."""
        return next((line.strip() for line in self.text(mid).splitlines() if line.strip()), "")

    def sentences(self, mid: Hashable) -> list[str]:
        """The sentences of message ``mid``, split once."""
        if mid not in self._sentences:
            self._sentences[mid] = _SENTENCE.split(self.text(mid))
        return self._sentences[mid]

    def statements(self, mid: Hashable) -> list[Statement]:
        if self._statements is None:
            self._statements = self._statements_of()
        return self._statements.get(mid, [])

    def effective_date(self, mid: Hashable) -> str | None:
        """A message's date, or (undated) the latest date among the messages it replies to (``_latest_before``)."""
        post = self.by_id.get(mid)
        return post.date if post is not None and post.date else self._latest_before(mid)

    def _latest_before(self, mid: Hashable) -> str | None:
        """The latest date among the messages ``mid`` replies to at any depth, worked out once per message along
        the chain: a message's is the later of its parent's date and its parent's own (was a walk of the whole
        chain for each message: quadratic in a long undated chain). In a loop of replies each member replies to
        the loop's others (as ``_ReplyIndex`` reads a loop: one node)."""
        dates = self._dates
        path: list[Hashable] = []  # from mid up the chain to the first message worked out, or the chain's top
        on_path: dict[Hashable, int] = {}
        at: Hashable | None = mid
        while at is not None and at not in dates and at not in on_path:
            on_path[at] = len(path)
            path.append(at)
            post = self.by_id.get(at)
            at = post.parent if post is not None else None
        if at is not None and at in on_path:  # the chain came back to ``at``: path[i:] is a loop
            i = on_path[at]
            loop, path = path[i:], path[:i]
            own = [self._date(m) for m in loop]
            ranked = sorted((d for d in own if d), reverse=True)
            for m, d in zip(loop, own, strict=True):  # the latest of the others': the second when it holds the first
                dates[m] = (ranked[1] if len(ranked) > 1 else None) if ranked and d == ranked[0] else \
                    (ranked[0] if ranked else None)
        for m in reversed(path):
            parent = self.by_id[m].parent if m in self.by_id else None
            dates[m] = None if parent is None else max((d for d in (self._date(parent), dates[parent]) if d),
                                                        default=None)
        return dates[mid]

    def _date(self, mid: Hashable) -> str | None:
        post = self.by_id.get(mid)
        return post.date if post is not None else None


_ALL = object()  # ``_ReplyIndex.count``: the posts of every author
_END = float("inf")


class _ReplyIndex:
    """``ThreadOrder``'s index of what comes after what, for any thread: dated in order or not, undated chains,
    replies dated before their parent, loops of replies, parents outside the thread, undated page comments.

    The reply structure is a forest of nodes: a message is a node, a loop of replies one node (its members reply to
    one another: each is after the others), a parent that is no post of the thread a node of its own. One walk
    numbers them (``tin``; ``tout`` the last number under a node), so "replies to ``mid`` at any depth" is a range
    of numbers and "``mid`` replies to it" the nodes whose range holds ``mid``'s. The posts after ``mid`` are then
    ``S - {mid} + After - (After & P) - (After & S)``: S the posts of ``mid``'s node and under it, P those of the nodes
    above it, After those dated after it (by effective date) or listed after it on its page (the parts of ``_parts``).
    Each term is a count of points (number, key) in a range, by author (``_Dominance``): a few bisections per
    question instead of a pass over the posts (quadratic in a thread where each of thousands of messages asks)."""

    def __init__(self, order: ThreadOrder):
        posts, parent_of = order.posts, {p.id: p.parent for p in order.posts}
        self.order, self.posts = order, posts
        self.node: dict[Hashable, int] = {}
        state: dict[Hashable, int] = {}  # 1: on the path walked now, 2: done
        for first in parent_of:  # loops of replies first: each loop one node
            path, at = [], first
            while at in parent_of and at not in state:
                state[at] = 1
                path.append(at)
                at = parent_of[at]
            if at in state and state[at] == 1:
                loop = len(self.node)
                for m in path[path.index(at):]:
                    self.node[m] = loop
            for m in path:
                state[m] = 2
                self.node.setdefault(m, len(self.node))
        up: dict[int, int] = {}
        for p in posts:
            if p.parent is not None and (p.parent not in parent_of or self.node[p.parent] != self.node[p.id]):
                up[self.node[p.id]] = self.node.setdefault(p.parent, len(self.node))  # the loop's own: no parent
        below: dict[int, list[int]] = {}
        for child, parent in up.items():
            below.setdefault(parent, []).append(child)
        self.tin, self.tout = [0] * len(self.node), [0] * len(self.node)
        number = 0
        for root in sorted(set(self.node.values()) - set(up)):
            todo = [(root, False)]
            while todo:
                n, done = todo.pop()
                if done:
                    self.tout[n] = number - 1
                    continue
                self.tin[n] = number
                number += 1
                todo.append((n, True))
                todo.extend((c, False) for c in below.get(n, ()))
        self.x: list[int] = []  # each post's number (its node's)
        self.date: list[str | None] = []  # each post's effective date
        self.page: list[tuple[int, object] | None] = []  # (its page's number, its line) for a page comment
        self.pages: dict[Hashable, int] = {}
        self.children: dict[Hashable, list[Post]] = {}
        self.by_author: dict[Hashable, list[int]] = {}
        self.group: list[tuple] = []  # each post's (page number or None, has an effective date): ``may_follow``
        self.group_x: dict[tuple, list[int]] = {}  # a group -> its posts' numbers, sorted
        self.first_under = [len(posts)] * len(self.tin)  # the least place of the posts of a node and under it
        for i, p in enumerate(posts):
            n = self.node[p.id]
            self.x.append(self.tin[n])
            self.date.append(order.effective_date(p.id) or None)
            self.page.append((self.pages.setdefault(p.place[0], len(self.pages)), p.place[1])
                             if p.place and p.place[1] is not None else None)
            if p.parent is not None and p.parent != p.id:
                self.children.setdefault(p.parent, []).append(p)
            self.by_author.setdefault(p.author, []).append(i)
            at_page = self.page[i]
            self.group.append((at_page[0] if at_page else None, bool(self.date[i])))
            self.group_x.setdefault(self.group[i], []).append(self.x[i])
            self.first_under[n] = min(self.first_under[n], i)
        for xs in self.group_x.values():
            xs.sort()
        for n in sorted(up, key=lambda n: -self.tin[n]):  # the deepest first
            self.first_under[up[n]] = min(self.first_under[up[n]], self.first_under[n])
        self._counts: dict[tuple, _Dominance] = {}
        self._first: dict[str, tuple[list, list[int]]] = {}  # ``first_place``
        self._after_parts: dict[Hashable, list[tuple[str, Any, Any]]] = {}

    def first_place(self, mid: Hashable) -> int:
        """A place in ``posts`` no post after ``mid`` comes before: the least place under ``mid``'s node and of each
        part of After (for a page: of the keys after its own, on any page)."""
        n = self.node.get(mid)
        if n is None:
            return len(self.posts)
        first = self.first_under[n]
        for kind, low, _high in self._parts(mid):
            if kind not in self._first:
                ranked = sorted((k, i) for i in range(len(self.posts)) if (k := self._key(kind, i)) is not None)
                least = list(itertools.accumulate(reversed([i for _, i in ranked]), min))[::-1]
                self._first[kind] = ([k for k, _ in ranked], least)
            keys, least = self._first[kind]
            at = bisect.bisect_right(keys, low)
            if at < len(least):
                first = min(first, least[at])
        return first

    def may_follow(self, mid: Hashable, group: tuple) -> bool:
        """Can a post of ``group`` (``self.group``) be after ``mid``? Yes when the group is in a part of After (dated,
        for the date part; of ``mid``'s page, for its page parts), else only when one of its posts replies to ``mid``
        at any depth (a number in ``mid``'s range)."""
        n = self.node.get(mid)
        if n is None:
            return False
        page, dated = group
        for kind, low, _high in self._parts(mid):
            if (kind == "date" and dated) or (kind != "date" and page == low[0] and (kind == "page" or not dated)):
                return True
        xs = self.group_x.get(group, [])
        at = bisect.bisect_left(xs, self.tin[n])
        return at < len(xs) and xs[at] <= self.tout[n]

    def after(self, i: int, mid: Hashable) -> bool:
        """Is post ``i`` after ``mid`` by date, else by its page (in a part of ``_parts``)?"""
        return any((key := self._key(kind, i)) is not None and key > low and (high is None or key <= high)
                   for kind, low, high in self._parts(mid))

    def _parts(self, mid: Hashable) -> list[tuple[str, Any, Any]]:
        """After ``mid``, as (kind, lower key (open), upper key (closed; None: none)): the posts dated after its
        effective date; when both have no date, those of its page listed after it (the undated ones when it is
        dated, all when it is not)."""
        if mid in self._after_parts:
            return self._after_parts[mid]
        order = self.order
        parts: list[tuple[str, Any, Any]] = []
        when = order.effective_date(mid) or None
        if when:
            parts.append(("date", when, None))
        post = order.by_id.get(mid)
        if post is not None and post.place and post.place[1] is not None:
            page = self.pages[post.place[0]]
            parts.append(("undated page" if when else "page", (page, post.place[1]), (page, _END)))
        self._after_parts[mid] = parts
        return parts

    def _key(self, kind: str, i: int) -> Any:
        """Post ``i``'s key of a kind (None: not of that kind)."""
        if kind == "any":
            return 0
        if kind == "date":
            return self.date[i]
        if kind == "undated page" and self.date[i]:
            return None
        return self.page[i]

    def _points(self, group: object, kind: str, events: bool) -> _Dominance:
        """The posts of ``group`` (an author, or _ALL) with a key of ``kind``: at their number (``events`` False), or
        +1 at their number and -1 past their node's last (a count up to a number reads the posts of the nodes above it)."""
        if (group, kind, events) not in self._counts:
            places = range(len(self.posts)) if group is _ALL else self.by_author.get(group, [])
            points: list[tuple[int, object, int]] = []
            for i in places:
                key = self._key(kind, i)
                if key is not None:
                    points.append((self.x[i], key, 1))
                    if events:
                        points.append((self.tout[self.node[self.posts[i].id]] + 1, key, -1))
            self._counts[group, kind, events] = _Dominance(points)
        return self._counts[group, kind, events]

    def count(self, mid: Hashable, group: object) -> int:
        """How many posts of ``group`` (an author, or _ALL) are after ``mid``."""
        n = self.node.get(mid)
        if n is None:
            return 0
        lo, hi = self.tin[n], self.tout[n]
        total = self._points(group, "any", False).within(lo, hi, None, None)
        post = self.order.by_id.get(mid)
        total -= post is not None and (group is _ALL or post.author == group)
        for kind, low, high in self._parts(mid):
            points = self._points(group, kind, False)
            above = self._points(group, kind, True).upto(lo, low, high) - points.within(lo, lo, low, high)
            total += points.upto(len(self.tin), low, high) - points.within(lo, hi, low, high) - above
        return total


class _Dominance:
    """Points (number, key, weight), fixed once made: the sum of the weights of those up to a number with a key in a
    range, in O(log² n) (a Fenwick tree over the numbers, each cell the keys of its run, sorted, with running sums)."""

    def __init__(self, points: list[tuple[int, object, int]]):
        self.xs = sorted({x for x, _, _ in points})
        cells: list[list[tuple[object, int]]] = [[] for _ in range(len(self.xs) + 1)]
        for x, key, weight in points:
            i = bisect.bisect_left(self.xs, x) + 1
            while i < len(cells):
                cells[i].append((key, weight))
                i += i & -i
        self.keys: list[list] = []
        self.sums: list[list[int]] = []
        for cell in cells:
            cell.sort(key=lambda kw: kw[0])  # type: ignore[arg-type,return-value]
            self.keys.append([k for k, _ in cell])
            self.sums.append(list(itertools.accumulate((w for _, w in cell), initial=0)))

    def upto(self, x: int, low: object, high: object) -> int:
        """The weights of the points numbered up to ``x`` whose key is above ``low`` and at most ``high`` (None: no
        bound)."""
        i, total = bisect.bisect_right(self.xs, x), 0
        while i:
            keys = self.keys[i]
            a = 0 if low is None else bisect.bisect_right(keys, low)
            b = len(keys) if high is None else bisect.bisect_right(keys, high)
            if b > a:
                total += self.sums[i][b] - self.sums[i][a]
            i -= i & -i
        return total

    def within(self, lo: int, hi: int, low: object, high: object) -> int:
        """The weights of the points numbered ``lo`` to ``hi`` with a key in the range."""
        return self.upto(hi, low, high) - self.upto(lo - 1, low, high)


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


# --------------------------------------------------------------------------- questions


def question_state(q: Question, order: ThreadOrder, answers: list[Answer]) -> QuestionState:
    """Answered (an ``answers`` edge), replied to with no answer found (a later message by someone else replies
    to the question's message), later messages by others but none a reply, or no reply; with the claims or
    messages that say so and the evidence."""
    later = order.later_count(q.message, q.asker)
    if answers:
        evidence = [f"claim {a.claim} answers it" + (f" ({'; '.join(a.evidence)})" if a.evidence else "")
                    for a in answers]
        return QuestionState(ANSWERED, [a.claim for a in answers], evidence, later)
    quoting = [(p, qb) for p, qb in order.quoting(q.message) if q.asker is None or p.author != q.asker]
    below: dict[Hashable, str] = {}  # message -> the evidence: it quotes the question and writes below it
    words = f" {normalise_text(q.text)} "  # the question's words, all of them in order, as a quote must hold them
    for p, qb in quoting:
        if qb.answer and p.id not in below and words.strip() and words in order.quote_words(qb):
            below[p.id] = f"message {p.id} quotes the question ({qb.where}) and writes below it ({qb.answer})"
    if below:
        return QuestionState(ANSWERED, list(below), list(below.values()), later)
    replies = order.later_replies(q.message, q.asker)
    said = {p.id: f"message {p.id} replies to the question's message" for p in replies}
    for p, qb in quoting:
        said.setdefault(p.id, f"message {p.id} quotes the question's message ({qb.where})")
    if said:
        ranked = sorted(said, key=lambda m: order.places.get(m, len(order.places)))
        replying = {p.id for p in replies}
        return QuestionState(REPLIED, ranked, [f"{said[m]}; no claim of it was found to answer the question"
                                               for m in ranked], later, [m for m in ranked if m not in replying])
    if later:
        return QuestionState(LATER, [], [f"{later} later message{'s' if later > 1 else ''} by others,"
                                         " none a reply to the question's message"], later)
    return QuestionState(NO_REPLY, [], ["no later message by someone else"], 0)


def most_neglected_first(questions: Iterable[T], state: Callable[[T], str]) -> list[T]:
    """Unanswered questions and requests in the order every surface lists them (the report's "Still unanswered",
    ``threadkb query unanswered``): the most neglected first (no reply, then later messages none a reply, then
    replied to with no answer found), each state in the order given. Both give their questions in the thread's date
    order: ``ThreadOrder.posts`` (undated last, else the thread's order), in a message by position."""
    return sorted(questions, key=lambda q: NEGLECTED_FIRST.index(state(q)))


# --------------------------------------------------------------------------- commitments


def commitment_state(p: Promise, order: ThreadOrder, at: str | None) -> CommitmentState:
    """Done (with what reports it and how), else overdue / open by the deadline on day ``at`` (YYYY-MM-DD; None:
    not judged, open), else no deadline. Messages written after ``at`` (by ThreadOrder.effective_date) do not count."""
    found = _status_done(p.cue)
    if found is not None:
        return CommitmentState(DONE, None, None, found[1], found[0])
    done = _done_report(p, order, at)
    if done is not None:
        return done
    if p.deadline is None:
        return CommitmentState(NO_DEADLINE)
    if at is not None and p.deadline[:10] < at:
        why = announcement(p, order)
        if why is not None:
            return CommitmentState(ANNOUNCED, evidence=f"{why}; its day {p.deadline[:10]} passed before {at}")
        return CommitmentState(OVERDUE, evidence=f"deadline {p.deadline[:10]} before {at}; nothing reports it done")
    return CommitmentState(OPEN)


def announcement(p: Promise, order: ThreadOrder | None = None) -> str | None:
    """Why a commitment whose day passed is an announcement, no promise a party under review owes (``kb_done_cues.json``
    ``announcements``), in words; None: it is a promise (overdue when nothing reports it done). (1) It speaks for an
    organisation of an announcing kind (a root program, a body: orgs.json), by its own "on behalf of" or its
    message's: a distrust notice "certificates … will no longer be trusted", a policy's effective date. (2) A
    scheduled service event: its date is the day it is planned for ("on Monday, October 15", ``deadlines.planned_day``),
    not a deadline, it names a service event ("system upgrades", "maintenance", "a call") and the announcing
    organisation whose service it is ("… to the CCADB"), and its speaker speaks for no other organisation (a CA's
    "we will complete the migration on 2025-03-03" is a promise)."""
    table = done_cues()["announcements"]
    # an organisation that is a root program and a CA (Microsoft, Apple, Google: orgs.json ``roles``) takes the role
    # of the product named: its name as written, the speaker's own evidence (their sign-off line, their address), the
    # sentence, then its message ("Microsoft PKI Services" is a CA): what the speaker says of themself comes before an
    # organisation the text merely names ("as the Chrome Root Program asked, …")
    own_words = tuple(words for _, _, words in p.own)
    context = (p.org_name, *own_words, p.text, order.text(p.message) if order is not None else None)
    kinds = {o: identity.org_kind(o, context) for o in identity.named_orgs(p.org_name)} if p.org_name else {}
    found = sorted(o for o, kind in kinds.items() if kind in table["kinds"])
    if found:
        kind = (kinds[found[0]] or "").replace("_", " ")
        return f"an announcement of {p.org_name} (a {kind}), no promise of a party under review"
    # the service is one an announcing organisation runs, named in the sentence ("upgrades to the CCADB"), and the
    # speaker speaks for no organisation under review: a CA's "we will deploy the linter upgrade on …" is its promise
    # … by the "on behalf of" it was said with, or by the speaker's own evidence (e-mail domain, sign-off, "Name (Org)")
    speaks_for = [*kinds, *(o for o, _, words in p.own
                            if identity.org_kind(o, (words, *own_words)) not in table["kinds"])]
    services = any(identity.org_kind(o, (p.text,)) in table["kinds"] for o in identity.orgs_named(p.text))
    day = deadlines.planned_day(" ".join(p.text.split())) if services and not speaks_for else None
    if day is not None:
        event = next((w for w in normalise_text(p.text).split() if w in table["service_events"]), None)
        if event is not None:
            return f"an announced service event (“{event}”) on a day (“{day}”), not a deadline"
    return None


def _done_report(p: Promise, order: ThreadOrder, at: str | None) -> CommitmentState | None:
    """A later claim or sentence of the same speaker or organisation reporting the commitment done, or a later
    message of theirs that is the promised document. Reads only the later posts ``_DoneIndex`` finds holding what
    would say so (each commitment read every later post of its speaker: quadratic in one prolific speaker)."""
    skip = order.dated_after(at) if at is not None else (0, 0)  # the posts dated after the day judged
    for post in _DoneIndex.of(order).candidates(p, skip):
        if at is not None and (when := order.effective_date(post.id)) and when[:10] > at:
            continue  # written after the day judged (undated: replying to a message that was)
        for s in order.statements(post.id):
            same = (p.speaker and (s.speaker or post.author) == p.speaker) or (p.org and (s.org or post.org) == p.org)
            if same and reports_done(p.text, s.text, p.org_name):
                return CommitmentState(DONE, s.claim, "claim", s.text, "a later claim of the same speaker or"
                                       " organisation reports the promised action done")
        if (p.speaker and post.author == p.speaker) or (p.org and post.org == p.org):
            for sentence in order.sentences(post.id):
                if reports_done(p.text, sentence, p.org_name):
                    return CommitmentState(DONE, post.id, "message", sentence.strip(), "a later sentence of the"
                                           " same speaker or organisation reports the promised action done")
            heading = order.first_line(post.id)
            if is_title_of(p.text, heading, p.org_name):
                return CommitmentState(DONE, post.id, "message", heading, "a later message of the same speaker or"
                                       " organisation is the promised document (its heading)")
        elif _unknown_writer(post) and is_title_of(p.text, heading := order.first_line(post.id), p.org_name):
            return CommitmentState(DONE, post.id, "message", heading, "a later message whose writer the input does"
                                   " not name is the promised document (its heading)")
    return None


def _unknown_writer(post: Post) -> bool:
    """A post that names no writer and speaks for no organisation (a Bugzilla comment whose header the saved page
    lost): it may be the promised document's, so its heading counts; its sentences do not (whose report it is)."""
    return post.author is None and post.org is None


@lru_cache(maxsize=4096)
def _status_done(cue: str | None) -> tuple[str, str] | None:
    """("its action-item row", status) when the claim is an action item whose Status cell says done."""
    table = _done_patterns()["action_item_status"]
    m = table["cue"].search(cue or "")
    if m and table["done"].match(m.group("status").strip()):
        return "its action-item row", f"Status: {m.group('status').strip()}"
    return None


@lru_cache(maxsize=1)
def done_cues() -> dict:
    """The cue table (threadkb/data/kb_done_cues.json), read once per process (do not modify it)."""
    return tables.load("kb_done_cues.json")


@lru_cache(maxsize=1)
def _done_patterns() -> dict:
    """``done_cues()`` with its patterns compiled (by the loader)."""
    return tables.patterns("kb_done_cues.json")


def _stem(word: str) -> str:
    return word[:5]


def reports_done(commitment: str, later: str, org: str | None = None) -> bool:
    """Does ``later`` report the action ``commitment`` promised as done? (rules in kb_done_cues.json: one of its
    done forms, no negation, and one of its object words when it has any)"""
    done_forms, objects = _promise(commitment, org)
    forms, stems = _done_terms(later)
    return any(d in forms for d in done_forms) and (not objects or bool(objects & stems))


@lru_cache(maxsize=1 << 16)
def _done_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What ``text`` offers to report any commitment done: (the done forms of the cue table it holds, padded; the
    stems of its words). Nothing when it holds a negation ("not yet", "will "): it reports nothing done."""
    padded = _padded(text)
    forms = frozenset(d for d in _all_done_forms() if d in padded)
    if not forms or any(n in padded for n in _negations()):
        return frozenset(), frozenset()
    return forms, frozenset(_stem(w) for w in padded.split())


@lru_cache(maxsize=1)
def _all_done_forms() -> tuple[str, ...]:
    """The done forms of every verb of the cue table and the generic ones, padded (those of ``_promise``)."""
    cues = done_cues()
    return tuple(dict.fromkeys(f" {normalise_text(d)} " for d in [*cues["generic_done"],
                                                                  *(d for v in cues["verbs"].values() for d in v["done"])]))


def is_title_of(commitment: str, heading: str, org: str | None = None) -> bool:
    """Is ``heading`` the title of the document ``commitment`` promised, so that a later message headed so is that
    document (one of the same speaker or organisation, or one whose writer the input does not name)? A heading
    (``_heading_stems``) whose every word is a ``title_words`` word or one of the commitment's document words
    (``_deliverable``), its last word (the title's noun) a document word that can name the document
    (``_document_nouns``). One shared word was not enough: "Where is the incident report", "Bug report", "Incident
    report overdue", and for the speaker's own messages "Later update", "Posted", "Weekly update 2024" would be."""
    document = _deliverable(commitment, org)
    stems = [_stem(w) for w in normalise_text(heading).split()] if _heading_stems(heading) else []
    return bool(stems) and stems[-1] in _document_nouns(commitment, org) \
        and all(s in document or s in _title_stems() for s in stems)


@lru_cache(maxsize=4096)
def _document_nouns(commitment: str, org: str | None) -> frozenset[str]:
    """The document words of a commitment (``_deliverable``) that can end the document's title: not a word of its
    deadline (``deadlines.find``: "no later than March 29, 2024"), no word saying when (``_time_stems``), no number,
    no form of a delivery verb that is no title word ("posted", "released": the action, not the document; "report"
    stays), no word of an organisation it names."""
    document = _deliverable(commitment, org)
    if not document:
        return document
    found = deadlines.find(" ".join(commitment.split()), None, commitment=True)
    drop = {_stem(w) for w in normalise_text(found.text).split()} if found is not None else set()
    # whom it is for is no title either ("submit the audit report to Mozilla": a later "Mozilla" line)
    drop |= {_stem(w) for org in identity.orgs_named(commitment) for w in normalise_text(org).split()}
    return frozenset(s for s in document - drop - _time_stems() - _delivery_stems() if not s.isdigit())


@lru_cache(maxsize=1)
def _time_stems() -> frozenset[str]:
    """The words that say when: those the deadline table is written in (its keywords, units, numbers, relative
    days: "no later than", "next week", "days") and the names of the months and weekdays."""
    tab = deadlines.table()
    words = " ".join([tab["by_date"]["keywords"], *tab["numbers"], *tab["relative"],
                      *tab["units"], *tab["units"].values(), *calendar.month_name, *calendar.day_name])
    return frozenset(_stem(w) for w in normalise_text(words.replace("|", " ")).split())


@lru_cache(maxsize=1)
def _delivery_stems() -> frozenset[str]:
    """The forms of the delivery verbs (``deliverable_headings`` ``verbs``) but the title words ("report")."""
    cues = done_cues()
    return frozenset(_stem(w) for name in cues["deliverable_headings"]["verbs"]
                     for form in (*cues["verbs"][name]["forms"], *cues["verbs"][name]["done"])
                     for w in normalise_text(form).split()) - _title_stems()


@lru_cache(maxsize=1)
def _title_stems() -> frozenset[str]:
    return frozenset(_stem(normalise_text(w)) for w in done_cues()["deliverable_headings"]["title_words"])


@lru_cache(maxsize=4096)
def _heading_stems(heading: str) -> frozenset[str]:
    """The stems of the words of a line that can be a document's heading: short (``deliverable_headings``
    ``max_words``), not ending like a sentence. Empty for any other line."""
    words = normalise_text(heading).split()
    if not words or len(words) > done_cues()["deliverable_headings"]["max_words"] or \
            heading.rstrip().endswith((".", "!", "?", ":", ",")):  # a comma: a salutation ("Ryan,"), no title
        return frozenset()
    return frozenset(_stem(w) for w in words)  # "report" counts here: the noun, not the verb


_WIDE = 1000  # ``_DoneIndex``: a text offering more (done form, word stem) pairs is indexed once, as "wide"


class _DoneIndex:
    """The posts of a thread by what they could report done, for each speaker and organisation: (who, term) ->
    the places of the posts holding it. A statement counts for its speaker (else the post's author) and its
    organisation (else the post's); a post's sentences and heading for its author and organisation. Terms: a done
    form, a (done form, object stem) pair (``_done_terms``), a heading's stem (``_heading_stems``); a text offering
    more than ``_WIDE`` pairs (a wall of words holding many done forms: its pairs were ~49 per word, a 320 KB line
    1 GB) is "wide" instead, a candidate of every commitment. A commitment's ``candidates`` are the later posts
    holding one of its terms: every post that can report it done, few others."""

    def __init__(self, order: ThreadOrder):
        self.order = order
        self.places: dict[tuple, dict[tuple, list[int]]] = {}  # (who, term) -> group -> places
        for i, post in enumerate(order.posts):
            own = [("speaker", post.author), ("org", post.org)]
            for st in order.statements(post.id):
                self._add(i, [("speaker", st.speaker or post.author), ("org", st.org or post.org)],
                          self._terms(st.text))
            for sentence in order.sentences(post.id):
                self._add(i, own, self._terms(sentence))
            self._add(i, [("unknown", True)] if _unknown_writer(post) else own,
                      [("heading", stem) for stem in _heading_stems(order.first_line(post.id))])

    @staticmethod
    def of(order: ThreadOrder) -> _DoneIndex:
        if order.done_index is None:
            order.done_index = _DoneIndex(order)
        return order.done_index

    @staticmethod
    def _terms(text: str) -> list[tuple]:
        forms, stems = _done_terms(text)
        if len(forms) * len(stems) > _WIDE:  # a wall of words holding many done forms: read by every commitment
            return [("form", f) for f in forms] + [("wide",)]
        return [("form", f) for f in forms] + [("pair", f, s) for f in forms for s in stems]

    def _add(self, place: int, keys: list[tuple[str, Hashable | None]], terms: list[tuple]) -> None:
        for key in keys:
            if key[1] is not None:
                for term in terms:
                    run = self.places.setdefault((*key, *term), {}).setdefault(self.order._index().group[place], [])
                    if not run or run[-1] != place:
                        run.append(place)

    def candidates(self, p: Promise, skip: tuple[int, int] = (0, 0)) -> Iterator[Post]:
        """The posts after ``p``'s message, in order, that hold a term of ``p`` for its speaker or organisation (but
        for the places of ``skip``)."""
        done_forms, objects = _promise(p.text, p.org_name)
        terms: list[tuple] = [("pair", f, s) for f in done_forms for s in objects] if objects else [("form", f) for f in done_forms]
        terms += [("heading", stem) for stem in _deliverable(p.text, p.org_name)] + [("wide",)]
        runs = [run for key in (("speaker", p.speaker), ("org", p.org)) if key[1]
                for term in terms for run in self.places.get((*key, *term), {}).items()]
        runs += [run for stem in _deliverable(p.text, p.org_name)
                 for run in self.places.get(("unknown", True, "heading", stem), {}).items()]
        return self.order.later_among(p.message, runs, skip)


@lru_cache(maxsize=4096)
def _deliverable(commitment: str, org: str | None) -> frozenset[str]:
    """The stems of the document words of a commitment to deliver a document (empty: it promises none). Unlike
    ``_promise``'s object words, the verb's own forms stay ("report" is the noun) and so do digits, and a word of two
    or three capitals is one ("CPS", "CP", "CRL": shorter than an object word)."""
    if _promised_verb(commitment) not in done_cues()["deliverable_headings"]["verbs"]:
        return frozenset()
    drop = set(done_cues()["stopwords"]) | set(normalise_text(org or "").split())
    acronyms = {w for w in normalise_text(" ".join(_ACRONYM.findall(commitment))).split() if w not in drop}
    return _object_stems(commitment, org) | {_stem(w) for w in acronyms}


_ACRONYM = re.compile(r"\b[A-Z]{2,3}s?\b")  # a document named by its capitals ("an updated CPS"): a document word


def _object_stems(commitment: str, org: str | None, skip: frozenset[str] = frozenset(),
                  digits: bool = True) -> frozenset[str]:
    """The stems of a commitment's words of 4+ letters that are no stop word, no word of its organisation's name
    and not in ``skip``; ``digits`` False: no number either."""
    drop = set(done_cues()["stopwords"]) | skip | set(normalise_text(org or "").split())
    return frozenset(_stem(w) for w in normalise_text(commitment).split()
                     if len(w) >= 4 and w not in drop and (digits or not w.isdigit()))


@lru_cache(maxsize=4096)
def _promised_verb(commitment: str) -> str | None:
    """The first verb of the cue table ``commitment`` uses (the key of ``verbs``), as ``_promise`` reads it."""
    words = normalise_text(commitment).split()
    return next((name for name, spec in done_cues()["verbs"].items() if any(w in spec["forms"] for w in words)), None)


@lru_cache(maxsize=1)
def _negations() -> tuple[str, ...]:
    return tuple(f" {normalise_text(n)} " for n in done_cues()["negations"])


@lru_cache(maxsize=4096)
def _promise(commitment: str, org: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """What a later text must say to report ``commitment`` done: (its done forms, padded; the stems of the
    promised action's object words). The first verb of the cue table the commitment uses decides."""
    cues = done_cues()
    name = _promised_verb(commitment)
    verb = cues["verbs"][name] if name else None
    done_forms = tuple(f" {normalise_text(d)} " for d in (verb["done"] if verb else []) + cues["generic_done"])
    return done_forms, _object_stems(commitment, org, frozenset(verb["forms"]) if verb else frozenset(), digits=False)


@lru_cache(maxsize=1 << 16)
def _padded(text: str) -> str:
    return f" {normalise_text(text)} "


# --------------------------------------------------------------------------- from an Extraction (the report)


def thread_people(ex: Extraction) -> dict[str, str]:
    """The name key of each author and speaker of one thread -> the key of the person it names: the knowledge
    base's people rows (threadkb.store: one per name key, with its first address) read by the same identity rules
    (``identity.identities``: one address, a login spelling the name, a participant's first name), so that
    "Ann Lee", "annlee" and "A. Lee <ann@x.org>" are one person in the report as in ``threadkb query``."""
    ids: dict[str, int] = {}
    names: dict[int, str] = {}
    emails: dict[int, str] = {}
    messages: Counter[int] = Counter()
    for name, email, wrote in [(m.author, m.email, True) for m in ex.thread.messages] + [
            (c.speaker, None, False) for c in ex.claims]:
        shown, key = person_name(name)
        if shown is None or key is None:
            continue
        pid = ids.setdefault(key, len(ids))
        names.setdefault(pid, shown)
        if email and not identity.is_list_address(email):
            emails.setdefault(pid, email.casefold())
        messages[pid] += wrote
    person, _ = identity.identities(names, emails, {pid: {0} for pid in names}, messages)
    key_of = {pid: key for key, pid in ids.items()}
    return {key: key_of[person[pid]] for key, pid in ids.items()}


def _person(people: dict[str, str], name: str | None) -> str | None:
    """The key of the person ``name`` names among ``people`` (thread_people)."""
    key = person_name(name)[1]
    return people.get(key, key) if key else None


def is_page_comment(origin: str | None) -> bool:
    """A comment of a Bugzilla or GitHub page (the page lists them oldest first)."""
    return (origin or "").startswith(PAGE_ORIGINS)


@dataclass
class ExtractionFollowUp:
    """An Extraction read as the knowledge base reads a stored thread: ``order`` and the questions' answers."""

    order: ThreadOrder
    answers: dict[str, list[Answer]]
    messages: dict[str, Message]
    people: dict[str, str]  # name key -> the key of the person it names (thread_people)

    def person(self, name: str | None) -> str | None:
        """The key of the person ``name`` names (thread_people)."""
        return _person(self.people, name)

    def question(self, claim) -> QuestionState:
        m = self.messages.get(claim.message)
        q = Question(claim.id, claim.message, self.person(claim.speaker or (m.author if m else None)), claim.text)
        return question_state(q, self.order, self.answers.get(claim.id, []))

    def commitment(self, claim, at: str | None) -> CommitmentState:
        m = self.messages.get(claim.message)
        org = claim.on_behalf_of or (m.on_behalf_of if m else None)
        deadline, _ = date_columns(claim.deadline)
        own = identity.own_affiliations(m.author, m.email, m.signature) if m and claim.speaker in (None, m.author) else []
        p = Promise(claim.id, claim.text, claim.message, self.person(claim.speaker or (m.author if m else None)),
                    name_key(org), org, claim.cue, deadline, tuple(own))
        return commitment_state(p, self.order, at)


def from_extraction(ex: Extraction) -> ExtractionFollowUp:
    """The follow-up view of one thread's Extraction (the review report's)."""
    messages = {m.key: m for m in ex.thread.messages}
    rank = {m.key: i for i, m in enumerate(ex.thread.messages)}
    people = thread_people(ex)
    posts = []
    for m in ex.thread.messages:
        span = m.span
        posts.append(Post(m.key, _person(people, m.author), name_key(m.on_behalf_of),
                          m.in_reply_to if m.in_reply_to in messages else None, date_columns(m.date)[0],
                          (m.source, span.line if span else None) if is_page_comment(m.origin) else None))
    posts.sort(key=lambda p: (p.date is None, p.date or ""))  # stable: thread order among equal dates
    asking = set(asking_kinds())

    def statements() -> dict[Hashable, list[Statement]]:
        out: dict[Hashable, list[Statement]] = {}
        for c in sorted(ex.claims, key=lambda c: (rank.get(c.message, len(rank)), c.start)):
            if c.kind.value not in asking:
                out.setdefault(c.message, []).append(
                    Statement(c.id, c.text, _person(people, c.speaker), name_key(c.on_behalf_of)))
        return out

    answers: dict[str, list[Answer]] = {}
    for r in ex.relations:
        if r.kind is RelationKind.ANSWERS:
            answers.setdefault(r.target, []).append(Answer(r.source, tuple(r.evidence)))

    def quotes() -> dict[Hashable, list[Quote]]:  # the blocks the store keeps, read from this thread's lines
        return {m.key: [Quote(b.quoted, b.text, str(b.span), str(b.answer) if b.answer else None)
                        for b in quote_blocks(m, ex.thread.lines, messages) if b.quoted in messages]
                for m in ex.thread.messages}

    order = ThreadOrder(posts, lambda mid: messages[mid].text if mid in messages else "", statements, quotes)
    return ExtractionFollowUp(order, answers, messages, people)

