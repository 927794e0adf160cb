"""Mail threading (JWZ-style) and the joining of quoted copies of a message.

``thread_messages(messages)`` links messages by Message-ID / References (a caller that has an
In-Reply-To header appends it to ``references``: see ``ingest.mail.reference_chain``), following
https://www.jwz.org/doc/threading.html:

1. every References chain links its ids in order, without overriding a link already made and without
   making a loop; then each message's own last reference sets its parent (overriding);
2. a message whose parent is missing from the input replies to its nearest ancestor that is present;
3. a message with NO references whose subject is a reply ("Re: X") is attached to the first message
   of subject X that does not itself start with a reply prefix, else to the earliest earlier message
   of subject X (JWZ's subject grouping, without dummy containers).

``join_copies(messages)`` merges copies of one message (a message quoted in another, or found in
several files) into one: same author and same instant, or the normalised text of one contained in
the other with no conflicting author. The copy with the fullest text survives, takes the fields the
others know and records their keys in ``Message.copies``; ``in_reply_to`` and quote links that named a
merged key are redirected to the survivor.

Subject prefixes and thresholds are data: ``threadkb/data/mail_subjects.json``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Protocol

from threadkb.models import Message, is_mail

_WS = re.compile(r"\s+")
QUOTE_MIN_WORDS, QUOTE_SHARE = 3, 0.5  # quotes_text: lines counted, the share of their words that must be the post's
PASTED_SHARE, PASTED_MIN_WORDS = 0.8, 12  # pasted_post_start: the post's share of the words after the cut
_WORD = re.compile(r"\w+")
OVERLAP_SHARE = 0.6  # copies in one minute with no zone in common: share of words that makes them one


@dataclass(frozen=True)
class SubjectRules:
    prefix: re.Pattern[str]  # one leading reply/forward prefix or [tag]
    reply: re.Pattern[str]  # a leading reply prefix
    min_copy_words: int
    max_zone_offset_hours: int


@lru_cache(maxsize=1)
def subject_rules() -> SubjectRules:
    raw = json.loads(resources.files("threadkb.data").joinpath("mail_subjects.json").read_text("utf-8"))

    def alt(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    count = r"(?:\s*\[\d+\]|\s*\(\d+\))?"
    reply = rf"(?:{alt(raw['reply_prefixes'])}){count}\s*[:：]"
    anyp = rf"(?:{alt(raw['reply_prefixes'] + raw['forward_prefixes'])}){count}\s*[:：]"
    return SubjectRules(
        prefix=re.compile(rf"^\s*(?:{anyp}|\[[^\]]*\])\s*", re.I),
        reply=re.compile(rf"^\s*(?:\[[^\]]*\]\s*)*{reply}", re.I),
        min_copy_words=int(raw["min_copy_words"]),
        max_zone_offset_hours=int(raw["max_zone_offset_hours"]),
    )


def normalise_subject(subject: str | None) -> str:
    """The subject without reply/forward prefixes and [list tags], case-folded, white space collapsed."""
    s = subject or ""
    rx = subject_rules().prefix
    for _ in range(50):
        t = rx.sub("", s, count=1)
        if t == s:
            break
        s = t
    return _WS.sub(" ", s).strip().casefold()


def is_reply_subject(subject: str | None) -> bool:
    """True when the subject starts (after [list tags]) with a reply prefix such as "Re:"."""
    return bool(subject and subject_rules().reply.match(subject))


def _norm_id(mid: str | None) -> str | None:
    if not mid:
        return None
    mid = mid.strip().strip("<>").strip()
    return mid or None


# --------------------------------------------------------------------------- threading


class Threadable(Protocol):
    """What JWZ threading reads of a message (a ``Message``, or ``ingest.mail``'s lighter index node)."""

    @property
    def key(self) -> str: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def message_id(self) -> str | None: ...
    @property
    def references(self) -> list[str]: ...
    @property
    def date(self) -> datetime | date | None: ...


def thread_messages(messages: Sequence[Threadable]) -> dict[str, str | None]:
    """key -> key of the parent message (or None), for every message."""
    node_of: dict[str, str] = {}  # message key -> node name
    key_of: dict[str, str] = {}  # node name -> message key (nodes that are messages present)
    for m in messages:
        mid = _norm_id(m.message_id)
        node = mid if mid and mid not in key_of else f"\0key:{m.key}"  # duplicate ids get their own node
        node_of[m.key] = node
        key_of[node] = m.key
    parent: dict[str, str | None] = {}

    def ancestors(node: str) -> Iterable[str]:
        seen = set()
        while node is not None and node not in seen:
            seen.add(node)
            yield node
            node = parent.get(node)  # type: ignore[assignment]

    def would_loop(child: str, new_parent: str) -> bool:
        return child in ancestors(new_parent)

    refs_of: dict[str, list[str]] = {}
    for m in messages:
        node = node_of[m.key]
        refs: list[str] = []
        for r in m.references:
            n = _norm_id(r)
            if n and n != node and n not in refs:
                refs.append(n)
        refs_of[m.key] = refs
        for a, b in pairwise(refs):  # 1. the chain, without overriding
            if parent.get(b) is None and not would_loop(b, a):
                parent[b] = a
    for m in messages:  # ... then each message's own parent, overriding
        refs = refs_of[m.key]
        node = node_of[m.key]
        if refs and not would_loop(node, refs[-1]):
            parent[node] = refs[-1]

    result: dict[str, str | None] = {}
    for m in messages:  # 2. nearest present ancestor
        found = None
        for anc in ancestors(node_of[m.key]):
            if anc != node_of[m.key] and anc in key_of:
                found = key_of[anc]
                break
        result[m.key] = found

    _subject_fallback(messages, refs_of, result)
    return result


def _subject_fallback(messages: Sequence[Threadable], refs_of: dict[str, list[str]],
                      result: dict[str, str | None]) -> None:
    """3. "Re: X" without references -> the message that opened subject X."""
    by_subject: dict[str, list[int]] = {}
    for i, m in enumerate(messages):
        s = normalise_subject(m.subject)
        if s:
            by_subject.setdefault(s, []).append(i)
    for i, m in enumerate(messages):
        if result[m.key] is not None or refs_of[m.key] or not is_reply_subject(m.subject):
            continue
        group = [j for j in by_subject.get(normalise_subject(m.subject), []) if j != i]
        earlier = [j for j in group if _before(messages[j], j, m, i)]
        starters = [j for j in earlier if not is_reply_subject(messages[j].subject)]
        pick = starters or earlier
        for j in sorted(pick, key=lambda j: _order_key(messages[j], j)):
            cand = messages[j].key
            if not _is_descendant(cand, m.key, result):
                result[m.key] = cand
                break


def _order_key(m: Threadable, index: int) -> tuple:
    d = m.date
    if isinstance(d, datetime) and d.tzinfo is not None:
        return (0, d.timestamp(), index)
    return (1, 0.0, index)


def _before(a: Threadable, ia: int, b: Threadable, ib: int) -> bool:
    da, db = a.date, b.date
    if isinstance(da, datetime) and isinstance(db, datetime) and (da.tzinfo is None) == (db.tzinfo is None):
        if da != db:
            return da < db
    return ia < ib


def _is_descendant(key: str, of: str, parent: dict[str, str | None]) -> bool:
    seen = set()
    k: str | None = key
    while k is not None and k not in seen:
        if k == of:
            return True
        seen.add(k)
        k = parent.get(k)
    return False


# --------------------------------------------------------------------------- copies


def _norm_author(a: str | None) -> str | None:
    if not a:
        return None
    a = re.sub(r"\s+via\s+.*$", "", a.strip(), flags=re.I)
    return _WS.sub(" ", a).strip().strip('"\'').casefold() or None


def _norm_words(text: str) -> list[str]:
    return [w.casefold() for w in text.split()]


def same_instant(a: datetime | date | None, b: datetime | date | None) -> bool:
    """Could be the same instant: same minute; an aware and a naive time (an attribution without zone)
    when their wall clocks differ by a whole time-zone offset (quarter hours, at most
    ``max_zone_offset_hours``). On its own this is weak evidence: ``join_copies`` also asks that the two
    texts share most of their words before it merges an aware and a naive copy."""
    if not isinstance(a, datetime) or not isinstance(b, datetime):
        return False
    a, b = a.replace(second=0, microsecond=0), b.replace(second=0, microsecond=0)  # attributions lack seconds
    if (a.tzinfo is None) == (b.tzinfo is None):
        return a == b
    aware, naive = (a, b) if a.tzinfo is not None else (b, a)
    utc = (aware - aware.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    diff = (naive - utc).total_seconds()
    return abs(diff) <= subject_rules().max_zone_offset_hours * 3600 and diff % 900 == 0  # whole quarter hours


def _clock(d: datetime) -> datetime:
    return (d - d.utcoffset()).replace(tzinfo=None) if d.tzinfo is not None else d  # type: ignore[operator]


class _UnionFind:
    """Groups of copies; a group holds at most one e-mail (``is_mail``), so that a union that would put
    two e-mails in one group is refused (two e-mails are one only when ``_same_mail`` says so, and those
    are joined first)."""

    def __init__(self, mails: list[bool]) -> None:
        self.up = list(range(len(mails)))
        self.mail = [i if m else -1 for i, m in enumerate(mails)]  # root -> the e-mail of its group

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self.mail[ra], self.mail[rb]
        if ma >= 0 and mb >= 0:
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.up[hi] = lo
        self.mail[lo] = max(ma, mb)
        return True


def _same_mail(a: Message, b: Message, text_a: str, text_b: str) -> bool:
    """Two e-mails are one only when their text says so: the same words, and no two Message-IDs that differ
    (the same author in the same minute is a patch series, not a copy)."""
    ia, ib = _norm_id(a.message_id), _norm_id(b.message_id)
    return text_a == text_b and not (ia and ib and ia != ib)


def join_copies(messages: list[Message]) -> list[Message]:
    """Merge copies of the same message; returns the survivors in input order (see module docstring)."""
    n = len(messages)
    if n < 2:
        return list(messages)
    authors = [_norm_author(m.author) for m in messages]
    mails = [is_mail(m) for m in messages]
    words = [_norm_words(m.text) for m in messages]
    joined = [" ".join(w) for w in words]
    uf = _UnionFind(mails)
    first: dict[str, int] = {}  # e-mails with the same words (a mail twice in an archive)
    for i in (i for i in range(n) if mails[i]):
        j = first.setdefault(joined[i], i)
        if j != i and _same_mail(messages[j], messages[i], joined[j], joined[i]):
            uf.up[i] = uf.find(j)

    # same author + same instant (as in same_instant: buckets by minute instead of comparing all pairs)
    aware: dict[tuple[str, datetime], list[int]] = {}
    naive: dict[tuple[str, datetime], list[int]] = {}
    for i, a in enumerate(authors):
        d = messages[i].date
        if a and isinstance(d, datetime):
            minute = _clock(d).replace(second=0, microsecond=0)
            (aware if d.tzinfo is not None else naive).setdefault((a, minute), []).append(i)
    for bucket in (*aware.values(), *naive.values()):
        _join_bucket(bucket, mails, words, uf)
    # an attribution without zone may show the same instant in another zone: only with shared words
    k = subject_rules().min_copy_words
    quarters = subject_rules().max_zone_offset_hours * 4
    for (a, minute), bucket in aware.items():
        for quarter in range(-quarters, quarters + 1):
            for j in naive.get((a, minute + timedelta(minutes=15 * quarter)), ()):
                hit = _best_match(bucket, j, words)
                if hit is not None:
                    uf.union(hit, j)

    # normalised text of one contained in another (word shingles narrow the candidates)
    for i, j in sorted(_opening_found_in(words, k)):
        if len(joined[j]) < len(joined[i]) or (len(joined[j]) == len(joined[i]) and j > i):
            continue
        if authors[i] and authors[j] and authors[i] != authors[j]:
            continue
        if mails[i] and mails[j]:
            continue  # two e-mails: only the same words (above)
        if joined[i] in joined[j]:
            uf.union(i, j)

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    if all(len(g) == 1 for g in groups.values()):
        return list(messages)

    rename: dict[str, str] = {}
    survivors: set[int] = set()
    for g in groups.values():
        best = max(g, key=lambda i: (mails[i], len(joined[i]), -messages[i].depth, -i))
        survivors.add(best)
        keep = messages[best]
        for i in sorted(g):
            if i == best:
                continue
            _absorb(keep, messages[i], authoritative=mails[best])
            rename[messages[i].key] = keep.key
    out = [m for i, m in enumerate(messages) if i in survivors]
    for m in out:
        if m.in_reply_to in rename:
            m.in_reply_to = rename[m.in_reply_to]
        if m.in_reply_to == m.key:
            m.in_reply_to = None
        for q in m.quotes:
            if q.message in rename:
                q.message = rename[q.message]
    return out


def _join_bucket(bucket: list[int], mails: list[bool], words: list[list[str]], uf: _UnionFind) -> None:
    """Copies with the same author and minute. With at most one e-mail among them they are one message;
    with several (a patch series sent in one minute) each other copy joins the e-mail whose words it
    shares, if any."""
    own = [i for i in bucket if mails[i]]
    if len(own) <= 1:
        for j in bucket[1:]:
            uf.union(bucket[0], j)
        return
    for j in bucket:
        if not mails[j]:
            i = _best_match(own, j, words)
            if i is not None:
                uf.union(i, j)


def _best_match(candidates: list[int], j: int, words: list[list[str]]) -> int | None:
    """The candidate whose words ``j`` shares most (``_share``), or None; ties: the first."""
    best, score = None, -1.0
    for i in candidates:
        s = _share(words[i], words[j])
        if s >= OVERLAP_SHARE and s > score:
            best, score = i, s
    return best


class PostText:
    """The words of a post read in full: what a reply's lines are compared with. A line of the post, quoted
    or pasted, is a run of its words whatever the wrapping, so one substring search tells it."""

    def __init__(self, text: str) -> None:
        self.joined = f" {' '.join(_WORD.findall(text.casefold()))} "

    def has(self, words: list[str]) -> bool:
        """Whether ``words`` occur in the post, in this order and next to each other."""
        return f" {' '.join(words)} " in self.joined


def quotes_text(lines: list[str], post: PostText) -> bool:
    """Whether a quoted block is (an excerpt of) a post's text: its lines of ``QUOTE_MIN_WORDS`` words or more
    that are runs of the post's words hold ``QUOTE_SHARE`` of the words of such lines; a block with no such
    line: its words are a run of the post's."""
    words = [_WORD.findall(t.casefold()) for t in lines]
    counted = [w for w in words if len(w) >= QUOTE_MIN_WORDS]
    if not counted:
        every = [x for w in words for x in w]
        return bool(every) and post.has(every)
    inside = sum(len(w) for w in counted if post.has(w))
    return inside >= QUOTE_SHARE * sum(len(w) for w in counted)


def pasted_post_start(lines: list[str], post: PostText) -> int | None:
    """Where, in a reply's own lines, the rest is the post it answers pasted without quote markers (an
    Outlook reply whose header block was not read, a client that quotes by copying): the first line from
    which the lines of ``QUOTE_MIN_WORDS`` words or more that are runs of the post's words make
    ``PASTED_SHARE`` of the words (of such lines) to the end, at least ``PASTED_MIN_WORDS`` of them, with own words before
    it. None when there is no such line."""
    words = [_WORD.findall(t.casefold()) for t in lines]
    hit = [None if len(w) < QUOTE_MIN_WORDS else post.has(w) for w in words]
    best = None
    inside = total = 0
    for i in range(len(lines) - 1, -1, -1):
        if hit[i] is None:
            continue
        total += len(words[i])
        inside += len(words[i]) if hit[i] else 0
        if hit[i] and inside >= PASTED_MIN_WORDS and inside >= PASTED_SHARE * total:
            best = i
    if best is None or not any(hit[k] is False for k in range(best)):
        return None
    return best


def _opening_found_in(words: list[list[str]], k: int) -> set[tuple[int, int]]:
    """Pairs (i, j), i != j: the first ``k`` words of text i occur in text j (candidates for "i is a copy
    inside j"). Only positions of j whose word opens some text are compared, so no shingle of every
    position is built."""
    openings: dict[str, list[int]] = {}  # first word -> texts of at least k words that open with it
    for i, w in enumerate(words):
        if len(w) >= k:
            openings.setdefault(w[0], []).append(i)
    pairs: set[tuple[int, int]] = set()
    for j, w in enumerate(words):
        for s in range(len(w) - k + 1):
            for i in openings.get(w[s], ()):
                if i != j and w[s:s + k] == words[i][:k]:
                    pairs.add((i, j))
    return pairs


def _share(a: list[str], b: list[str]) -> float:
    """The share of the shorter text's words that occur in the longer one (0 for an empty text)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0
    vocab = set(long_)
    return sum(w in vocab for w in short) / len(short)


def _absorb(keep: Message, copy: Message, authoritative: bool = False) -> None:
    """``keep`` takes what ``copy`` knows and it lacks, and records the copy. An ``authoritative`` keep (an
    e-mail) keeps its own date: a copy's date (an attribution's, without zone or rounded) never replaces it."""
    for name in ("author", "email", "date_text", "subject", "message_id", "on_behalf_of", "in_reply_to"):
        if getattr(keep, name) is None and getattr(copy, name) is not None:
            setattr(keep, name, getattr(copy, name))
    if keep.date is None or (not authoritative and isinstance(copy.date, datetime) and copy.date.tzinfo is not None
                             and not (isinstance(keep.date, datetime) and keep.date.tzinfo is not None)):
        if copy.date is not None:
            keep.date = copy.date
            if copy.date_text:
                keep.date_text = copy.date_text
    if not keep.references and copy.references:
        keep.references = list(copy.references)
    if not copy.partial:
        keep.partial = keep.partial and len(keep.text) < len(copy.text)
    for k in [copy.key, *copy.copies]:
        if k not in keep.copies and k != keep.key:
            keep.copies.append(k)
