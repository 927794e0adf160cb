"""Mail threading (JWZ-style) over the headers of mails: which mail answers which.

Used by ingest (the threads of an mbox: one Source per thread) and by parse (the parents of the messages of
a thread); it reads only Message-ID, References, subject and date, never a body.

``thread_messages(messages)`` links messages by Message-ID / References (a caller that has an
In-Reply-To header appends it to ``references``: see ``ingest.mail.reference_chain``), following
https://www.jwz.org/doc/threading.html:

1. every References chain links its ids in order, without overriding a link already made and without
   making a loop; then each message's own last reference sets its parent (overriding);
2. a message whose parent is missing from the input replies to its nearest ancestor that is present;
3. a message with NO references whose subject is a reply ("Re: X") is attached to the first message
   of subject X that does not itself start with a reply prefix, else to the earliest earlier message
   of subject X (JWZ's subject grouping, without dummy containers).

Subject prefixes and thresholds are data: ``threadkb/data/mail_subjects.json``.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

from threadkb import tables

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class SubjectRules:
    prefix: re.Pattern[str]  # one leading reply/forward prefix or [tag]
    reply: re.Pattern[str]  # a leading reply prefix
    min_copy_words: int
    max_zone_offset_hours: int
    overlap_share: float  # the thresholds of threadkb.parse.threading (see the table's _doc)
    quote_min_words: int
    quote_share: float
    pasted_share: float
    pasted_min_words: int
    resend_max_changed_words: int
    cut_word_min_chars: int
    copy_automaton_max_words: int


TABLE = "mail_subjects.json"


@lru_cache(maxsize=1)
def subject_rules() -> SubjectRules:
    raw = tables.load(TABLE)

    def alt(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

    count = r"(?:\s*\[\d+\]|\s*\(\d+\))?"
    reply = rf"(?:{alt(raw['reply_prefixes'])}){count}\s*[:：]"
    anyp = rf"(?:{alt(raw['reply_prefixes'] + raw['forward_prefixes'])}){count}\s*[:：]"
    return SubjectRules(
        prefix=tables.compile(TABLE, "reply_prefixes, forward_prefixes", rf"^\s*(?:{anyp}|\[[^\]]*\])\s*", re.I),
        reply=tables.compile(TABLE, "reply_prefixes", rf"^\s*(?:\[[^\]]*\]\s*)*{reply}", re.I),
        min_copy_words=int(raw["min_copy_words"]),
        max_zone_offset_hours=int(raw["max_zone_offset_hours"]),
        overlap_share=raw["overlap_share"], quote_min_words=raw["quote_min_words"], quote_share=raw["quote_share"],
        pasted_share=raw["pasted_share"], pasted_min_words=raw["pasted_min_words"],
        resend_max_changed_words=int(raw["resend_max_changed_words"]), cut_word_min_chars=int(raw["cut_word_min_chars"]),
        copy_automaton_max_words=int(raw["copy_automaton_max_words"]),
    )


@lru_cache(maxsize=1)
def header_field_roles() -> dict[str, str]:
    """Casefolded field label of a pasted client header block -> the role it plays ("Sent", "Gesendet" -> "date";
    attributions.json ``header_fields``; a label listed under two roles keeps the first). Read by parse (pasted
    header blocks) and by ingest (a text that opens with one, dated by its "Sent:"): one reading for both."""
    labels: dict[str, str] = {}
    for role, names in tables.load("attributions.json")["header_fields"].items():
        if role.startswith("_"):
            continue
        for n in names:
            labels.setdefault(n.strip().casefold(), role)
    return labels


def header_field_role(label: str) -> str | None:
    """The role of one field label (``header_field_roles``), or None."""
    return header_field_roles().get(label.strip().casefold())


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


def message_id_key(mid: str | None) -> str | None:
    """A Message-ID as threading compares it: without angle brackets and surrounding white space."""
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
        mid = message_id_key(m.message_id)
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

    parents: set[str] = set()  # every node some node's parent was set to: no other node is anyone's ancestor

    def would_loop(child: str, new_parent: str) -> bool:
        """Is ``child`` an ancestor of ``new_parent`` (never the same node)? Only a node that is a parent can be:
        the others need no walk (a chain of n replies was n²/2 steps)."""
        return child in parents and child in ancestors(new_parent)

    refs_of: dict[str, list[str]] = {}
    for m in messages:
        node = node_of[m.key]
        refs: list[str] = []
        for r in m.references:
            n = message_id_key(r)
            if n and n != node and n not in refs:
                refs.append(n)
        refs_of[m.key] = refs
        for a, b in zip(refs, refs[1:], strict=False):  # 1. the chain, without overriding
            if parent.get(b) is None and not would_loop(b, a):
                parent[b] = a
                parents.add(a)
    for m in messages:  # ... then each message's own parent, overriding
        refs = refs_of[m.key]
        node = node_of[m.key]
        if refs and not would_loop(node, refs[-1]):
            parent[node] = refs[-1]
            parents.add(refs[-1])

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
    """3. "Re: X" without references -> the message that opened subject X: of the earlier messages of the subject
    that do not reply by their subject ("starters"), else of all its earlier ones, the first (by date, else by
    place) that is not a descendant of it. Each subject's messages are sorted once, starters apart, and read in
    that order until one is found (was a pass over the subject's messages per reply: quadratic in a thread of
    thousands of "Re:" without references)."""
    by_subject: dict[str, tuple[list[int], list[int]]] = {}  # subject -> (its messages, its starters) by _order_key
    subject_of: list[str] = []
    for i, m in enumerate(messages):
        s = normalise_subject(m.subject)
        subject_of.append(s)
        if s:
            every, starters = by_subject.setdefault(s, ([], []))
            every.append(i)
            if not is_reply_subject(m.subject):
                starters.append(i)
    for every, starters in by_subject.values():
        every.sort(key=lambda j: _order_key(messages[j], j))
        starters.sort(key=lambda j: _order_key(messages[j], j))
    for i, m in enumerate(messages):
        if result[m.key] is not None or refs_of[m.key] or not is_reply_subject(m.subject):
            continue
        every, starters = by_subject.get(subject_of[i], ([], []))
        earlier = (j for j in starters if j != i and _before(messages[j], j, m, i))
        first = next(earlier, None)
        if first is None:  # no earlier starter: any earlier message of the subject
            earlier = (j for j in every if j != i and _before(messages[j], j, m, i))
            first = next(earlier, None)
        for j in itertools.chain(() if first is None else (first,), earlier):
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
