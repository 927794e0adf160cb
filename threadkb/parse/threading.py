"""The joining of quoted copies of a message (mail threading itself, JWZ over the headers, is
``threadkb.mailthreads``: ingest splits an mbox into threads with it, and parse links the messages of a thread).

``join_copies(messages)`` merges copies of one message (a message quoted in another, or found in
several files) into one: same author and same instant, or the normalised text of one contained in
the other with no conflicting author. The copy with the fullest text survives, takes the fields the
others know and records their keys in ``Message.copies``; ``in_reply_to`` and quote links that named a
merged key are redirected to the survivor.

Subject prefixes and thresholds are data: ``threadkb/data/mail_subjects.json``.
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache

from threadkb import tables
from threadkb.mailthreads import message_id_key, subject_rules
from threadkb.models import Message, is_mail

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- copies


def _norm_author(a: str | None) -> str | None:
    if not a:
        return None
    a = re.sub(r"(?<!\s)\s+via\s+.*$", "", a.strip(), flags=re.I)
    return _WS.sub(" ", a).strip().strip('"\'').casefold() or None


_MAILTO = re.compile(r"(?i)mailto:")  # a mail link's scheme, in any case ("MAILTO:" of some clients' renderings)


def without_link_targets(text: str, footnotes: bool = False) -> str:
    """``text`` with each link written as its text alone (``mail_subjects.json`` ``link_renderings``): "the report
    <https://…>" (Gmail, Outlook), "the report [https://…]" (Mailbird), "[the report](https://…)" (Markdown) all read
    "the report", as the original's bare link text or bare URL does. What copies are compared on. With ``footnotes``,
    a footnote mark after a word ("the report [1]") and a footnote's line of its target ("[1] https://…") go too."""
    if "://" not in text and not _MAILTO.search(text) and "[url]" not in text and "<url>" not in text \
            and not (footnotes and "]" in text):
        return text
    for rx in _link_renderings(footnotes):
        text = rx.sub(lambda m: m.group("text") if "text" in m.re.groupindex else "", text)
    return text


@lru_cache(maxsize=2)
def _link_renderings(footnotes: bool = False) -> list[re.Pattern]:
    table = tables.patterns("mail_subjects.json")["link_renderings"]
    return table["patterns"] + (table["footnote_patterns"] if footnotes else [])


def copy_words(text: str) -> list[str]:
    """The words a line or text is compared on with a post's (``PostText``): casefolded ``\\w+`` runs, each link
    as its text alone (``without_link_targets``)."""
    return _WORD.findall(without_link_targets(text).casefold())


def _norm_words(text: str) -> list[str]:
    return [w.casefold() for w in without_link_targets(text).split()]


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


def utc_clock(d: datetime) -> datetime:
    """A time as a naive UTC wall clock (a naive time is taken as written): aware and naive times on one scale."""
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
    ia, ib = message_id_key(a.message_id), message_id_key(b.message_id)
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
    _join_same_id(messages, mails, authors, words, uf)

    # same author + same instant (as in same_instant: buckets by minute instead of comparing all pairs)
    aware: dict[tuple[str, datetime], list[int]] = {}
    naive: dict[tuple[str, datetime], list[int]] = {}
    for i, a in enumerate(authors):
        d = messages[i].date
        if a and isinstance(d, datetime):
            minute = utc_clock(d).replace(second=0, microsecond=0)
            (aware if d.tzinfo is not None else naive).setdefault((a, minute), []).append(i)
    for bucket in (*aware.values(), *naive.values()):
        _join_bucket(bucket, mails, words, uf)
    # an attribution without zone may show the same instant in another zone: only with shared words
    k = subject_rules().min_copy_words
    quarters = subject_rules().max_zone_offset_hours * 4
    for (a, minute), bucket in aware.items():
        only_mails = all(mails[i] for i in bucket)  # an e-mail joins none of them: not compared
        for quarter in range(-quarters, quarters + 1):
            for j in naive.get((a, minute + timedelta(minutes=15 * quarter)), ()):
                if only_mails and mails[j]:
                    continue
                hit = _best_match(bucket, j, words)
                if hit is not None:
                    uf.union(hit, j)

    # normalised text of one contained in another (one automaton over the texts' words finds them; a pair of two
    # e-mails, which are one only with the same words (above), or of two authors is never made)
    for i, j in sorted(_copies_inside(words, k, list(zip(mails, authors, strict=True)))):
        if len(joined[j]) < len(joined[i]) or (len(joined[j]) == len(joined[i]) and j > i):
            continue
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


def _join_same_id(messages: list[Message], mails: list[bool], authors: list[str | None], words: list[list[str]],
                  uf: _UnionFind) -> None:
    """E-mails of one Message-ID and author whose words differ in one short stretch (``one_stretch_apart``) are
    one mail read twice: a word an archive or a transport changed (a rewritten link, a charset's character), the
    same mail archived by two lists. Each later reading joins the first of its Message-ID. A mail re-sent under a
    new Message-ID with a word changed is another mail (``_same_mail``: two Message-IDs that differ)."""
    first: dict[str, int] = {}
    for i, m in enumerate(messages):
        key = message_id_key(m.message_id) if mails[i] else None
        if not key:
            continue
        j = first.setdefault(key, i)
        ri, rj = uf.find(i), uf.find(j)
        if ri != rj and (not authors[i] or not authors[j] or authors[i] == authors[j]) \
                and one_stretch_apart(words[j], words[i]):
            uf.up[ri] = rj


def one_stretch_apart(a: list[str], b: list[str]) -> bool:
    """Whether two texts' words are the same but for one stretch of at most ``resend_max_changed_words`` words on
    each side (a word changed, added or dropped), with ``min_copy_words`` words the same around it (linear: the
    common opening and ending)."""
    rules = subject_rules()
    n = min(len(a), len(b))
    opening = next((k for k in range(n) if a[k] != b[k]), n)
    ending = next((k for k in range(n - opening) if a[-1 - k] != b[-1 - k]), n - opening)
    return (opening + ending >= rules.min_copy_words and len(a) - opening - ending <= rules.resend_max_changed_words
            and len(b) - opening - ending <= rules.resend_max_changed_words)


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
        if s >= subject_rules().overlap_share and s > score:
            best, score = i, s
    return best


class PostText:
    """The words of a post read in full: what a reply's lines are compared with. A line of the post, quoted
    or pasted, is a run of its words whatever the wrapping, so one substring search tells it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.joined = f" {' '.join(_WORD.findall(text.casefold()))} "
        self._linked: PostText | None = None

    @property
    def linked(self) -> PostText:
        """The post's words with each link read as its text alone (``copy_words``): what a block quoted by a
        client that rendered the links otherwise is compared with (``quotes_text``)."""
        if self._linked is None:
            self._linked = PostText("")
            self._linked.joined = f" {' '.join(copy_words(self.text))} "
        return self._linked

    def has(self, words: list[str]) -> bool:
        """Whether ``words`` occur in the post, in this order and next to each other."""
        return f" {' '.join(words)} " in self.joined

    def has_rendered(self, line: str) -> bool:
        """Whether a line that renders a link otherwise than the post (its target after its text in brackets, a
        footnote mark, a footnote's target line: ``without_link_targets``) is a run of the post's words with each link
        read as its text, in both: a quote that lost its markers under its attribution, copied by a client that
        rendered the links (``copied_lead``). A line that renders no link is compared as written only. Not used for a
        parent pasted with no attribution (``pasted_post_start``): there, a signature's "explorescu.org<http://…>" read
        alike moved the start of an Outlook chain's pasted parent and leaked a post into its reply (usrp-users)."""
        if _MAILTO.search(line):  # an address rendered "x@y<mailto:x@y>": Outlook's pasted chains, whose lines are
            return False  # read as written (a copy's end moved by them leaked a post into its reply: usrp-users)
        alike = without_link_targets(line, footnotes=True)
        if alike == line:
            return False
        words = _WORD.findall(alike.casefold())
        return not words or self.linked.has(words)  # a line of targets alone (a footnote's) copies what it renders

    def has_cut(self, words: list[str]) -> bool:
        """``has``, or the words but a cut first or last one do, and the cut one (``cut_word_min_chars`` long at
        least) is the end of the post's word before them or the start of the one after them, the rest of that word
        holding a letter or digit next to the cut (a piece "_several" of an "_several_" emphasis is no cut): a line
        of a quoted copy whose client clipped a long word (a URL) at the line's width, or wrapped it onto the next
        line."""
        if self.has(words):
            return True
        if len(words) < 2:
            return False
        least = subject_rules().cut_word_min_chars
        head, tail = len(words[0]) >= least, len(words[-1]) >= least
        if not (head or tail):
            return False
        run, joined = " ".join(words), self.joined  # joined opens and ends with a blank: a hit has a character
        at = joined.find(run)  # on each side
        while at >= 0:
            before, after = joined[at - 1], joined[at + len(run)]
            if (before == " " or (head and before.isalnum())) and (after == " " or (tail and after.isalnum())):
                return True
            at = joined.find(run, at + 1)
        return False


def quotes_text(lines: list[str], post: PostText) -> bool:
    """Whether a quoted block is (an excerpt of) a post's text: its lines of ``quote_min_words`` words or more
    that are runs of the post's words hold ``quote_share`` of the words of such lines; a block with no such
    line: its words are a run of the post's (thresholds: mail_subjects.json)."""
    rules = subject_rules()
    words = [copy_words(t) for t in lines]
    post = post.linked
    counted = [w for w in words if len(w) >= rules.quote_min_words]
    if not counted:
        every = [x for w in words for x in w]
        return bool(every) and post.has(every)
    inside = sum(len(w) for w in counted if post.has(w))
    return inside >= rules.quote_share * sum(len(w) for w in counted)


def pasted_post_start(lines: list[str], post: PostText) -> int | None:
    """Where, in a reply's own lines, the rest is the post it answers pasted without quote markers (an
    Outlook reply whose header block was not read, a client that quotes by copying): the first line from
    which the lines of ``quote_min_words`` words or more that are runs of the post's words make
    ``pasted_share`` of the words (of such lines) to the end, at least ``pasted_min_words`` of them, with own words before
    it. None when there is no such line."""
    rules = subject_rules()
    words = [_WORD.findall(t.casefold()) for t in lines]
    hit = [None if len(w) < rules.quote_min_words else post.has(w) for w in words]
    best = None
    inside = total = 0
    for i in range(len(lines) - 1, -1, -1):
        if hit[i] is None:
            continue
        total += len(words[i])
        inside += len(words[i]) if hit[i] else 0
        if hit[i] and inside >= rules.pasted_min_words and inside >= rules.pasted_share * total:
            best = i
    if best is None or not any(hit[k] is False for k in range(best)):
        return None
    return best


def copied_lead(lines: list[str], post: PostText, min_words: int | None = None) -> int | None:
    """How far the opening lines of a stretch copy a post (a quote that lost its markers, under its attribution):
    the position of the last line of the leading run whose lines of ``quote_min_words`` words or more are runs
    of the post's words (shorter lines neither break nor make the run), when the run holds ``min_words`` such words
    at least (default ``pasted_min_words``: a quote header that says a quote follows needs fewer). A line whose
    first or last word the quoting client cut (``PostText.has_cut``: a URL clipped or wrapped) still copies the post.
    None otherwise."""
    rules = subject_rules()
    last, inside = None, 0
    for i, t in enumerate(lines):
        w = _WORD.findall(t.casefold())
        if len(w) < rules.quote_min_words:
            continue
        if not post.has_cut(w) and not post.has_rendered(t):
            break
        last, inside = i, inside + len(w)
    return last if last is not None and inside >= (rules.pasted_min_words if min_words is None else min_words) else None


def _copies_inside(words: list[list[str]], k: int, sides: list[tuple[bool, str | None]] | None = None,
                   max_words: int | None = None) -> set[tuple[int, int]]:
    """Pairs (i, j), i != j: text i, of ``k`` words or more (``k`` >= 2), stands inside text j — its words joined by
    blanks are a substring of j's — and its first ``k`` words occur as words in j. With ``sides`` (per text: whether it
    is an e-mail, its author or None), only pairs that can be copies: not two e-mails, not two authors.

    Inside j, text i's words but its first and last (its middle) are words of j in a row; its first word ends the
    word before them, its last starts the word after them. The middles are found by one automaton over words (Aho–
    Corasick, ``_Middles``) in one pass over each text; the first and last words are looked up by their lengths. So
    the work is the texts' words plus the occurrences found, not a test per pair of texts that open alike (was:
    every text holding an opening met every text opening so, each pair a substring test: n² for n anonymous quoted
    copies of a form). Only texts whose opening a text at least as long holds (not an e-mail for an e-mail) enter
    the automaton, and only texts holding such an opening are read by it (most texts of a thread are copies of none;
    an mbox's are all e-mails).

    Its memory is bounded (about 350 bytes a node): the texts enter automata of at most ``max_words`` nodes each
    (default ``copy_automaton_max_words``; ``_chunks``: in the order of their middles, so texts that start alike
    share their nodes), built one after the other, each reading the texts that hold one of its openings from where one
    of its middles can start (``_Routes``: each text is read about once, not once per automaton); a text longer than
    that alone is tested against each text holding its opening by a substring test (C, no memory; at most one such
    text per ``max_words`` words of input)."""
    sides = sides if sides is not None else [(False, None)] * len(words)
    openings = {tuple(w[:k]) for w in words if len(w) >= k}
    first = {opening[0] for opening in openings}
    held = [{tuple(w[s:s + k]) for s in range(len(w) - k + 1) if w[s] in first} & openings for w in words]
    size = [len(" ".join(w)) for w in words]
    longest: dict[tuple, list[tuple[int, int]]] = {}  # (opening, held by an e-mail) -> the two longest texts holding it
    for j, openings_held in enumerate(held):
        for opening in openings_held:
            top = longest.setdefault((opening, sides[j][0]), [])
            top.append((size[j], j))
            top.sort(reverse=True)
            del top[2:]
    inner = [i for i, w in enumerate(words) if len(w) >= k
             and any(j != i and n >= size[i] for mail in (False, not sides[i][0]) for n, j in longest.get((tuple(w[:k]), mail), ()))]
    limit = subject_rules().copy_automaton_max_words if max_words is None else max_words

    def copies(i: int, j: int) -> bool:  # the opening and sides: the pairs that can be copies
        return (i != j and tuple(words[i][:k]) in held[j] and not (sides[i][0] and sides[j][0])
                and not (sides[i][1] and sides[j][1] and sides[i][1] != sides[j][1]))

    pairs: set[tuple[int, int]] = set()
    long_ = [i for i in inner if len(words[i]) - 2 > limit]
    if long_:
        joined = [" ".join(w) for w in words]
        pairs.update((i, j) for i in long_ for j in range(len(words)) if copies(i, j) and joined[i] in joined[j])
    chunks = _chunks([i for i in inner if len(words[i]) - 2 <= limit], words, limit)
    reads = _Routes(chunks, words).windows((j for j in range(len(words)) if held[j]), words) if len(chunks) > 1 else None
    for c, chunk in enumerate(chunks):
        middles = _Middles((i, words[i]) for i in chunk)
        wanted = [{tuple(words[i][:k]) for i in chunk if not (mail and sides[i][0])} for mail in (False, True)]
        for j, lo, hi in _stretches(reads[c]) if reads else ((j, 0, len(w)) for j, w in enumerate(words) if held[j]):
            if held[j] & wanted[sides[j][0]]:
                pairs.update((i, j) for i in middles.inside(words[j], lo, hi) if copies(i, j))
        del middles  # before the next is built: one automaton at a time
    return pairs


def _stretches(flat: array) -> Iterator[tuple[int, int, int]]:
    """The (text, from, to) triples of ``_Routes.windows``' flat array."""
    return zip(flat[::3], flat[1::3], flat[2::3], strict=True)


def _chunks(texts: list[int], words: list[list[str]], limit: int) -> list[list[int]]:
    """The texts cut into runs whose automaton has at most ``limit`` nodes, in the order of their middles (their
    words but the first and last): a text then adds the words of its middle after the longest start it shares with
    the one before, which its automaton shares, and an entry for its middle (``_END_NODES``; none when the one
    before has the same middle): copies of a form share their nodes, so they fill one automaton."""
    order = sorted(texts, key=lambda i: words[i][1:-1])
    chunks: list[list[int]] = [[]]
    filled = 0
    before: list[str] | None = None
    for i in order:
        middle = words[i][1:-1]
        shared = 0
        for a, b in zip(before or (), middle, strict=False):
            if a != b:
                break
            shared += 1
        new = len(middle) - shared + (_END_NODES if middle != before else 0)
        if chunks[-1] and filled + new > limit:
            chunks.append([])
            filled, new = 0, len(middle) + _END_NODES
        chunks[-1].append(i)
        filled += new
        before = middle
    return [c for c in chunks if c]


_END_NODES = 5  # ``_chunks``: a node costs about 155 bytes, a middle's own entry of texts about 680 (tracemalloc): an
# automaton holds no more than one of ``limit`` distinct words did. A text of the same middle as the one before adds
# only itself to that entry (at most 170 bytes, less than its words: counted with the input, not the automaton)


class _Routes:
    """Where in a text a middle of each automaton can start. The automata hold runs of middles in their order, so a
    middle of automaton ``c`` shares with a middle of another at most the start its run shares with the runs beside
    it: its first ``keep[c]`` words (one more than that; all its words when it has fewer) are the start of no other
    run's middles but its own prefixes. A text is read by an automaton only from the places where one of its starts
    stands, for as many words as its longest middle. The starts are found by one Aho–Corasick automaton over words
    (each node knowing, of the automata whose starts end on its chain of suffixes, the deepest and the shallowest such
    start), so a text costs its words plus, per word, the automata whose starts end there — whatever the starts'
    lengths and however often they overlap (a hash rolled per length cost words x lengths, review14a; a trie walked
    from each word cost words x the depth matched, which is the starts' length along a repeated run of words: a dump
    of zeros, a log of the same line, quoted at many lengths, session 15). So each text is read about once, not once
    per automaton (was: once per automaton whose openings it held, words² / ``copy_automaton_max_words`` on a thread
    of many texts opening alike)."""

    def __init__(self, chunks: list[list[int]], words: list[list[str]]) -> None:
        self.goto: dict[tuple[int, str], int] = {}  # (node, next word) -> node; the root is 0
        depth, children = [0], [[]]  # type: ignore[var-annotated]
        own: dict[int, set[int]] = {}  # node -> the automata a start ending there belongs to
        self.longest = [max(len(words[i]) - 2 for i in chunk) for chunk in chunks]
        self.everywhere: set[int] = set()
        edges = [0]
        for a, b in zip(chunks, chunks[1:], strict=False):
            x, y = words[a[-1]][1:-1], words[b[0]][1:-1]
            edges.append(next((n for n, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))))
        edges.append(0)
        for c, chunk in enumerate(chunks):
            keep = max(edges[c], edges[c + 1]) + 1
            for i in chunk:
                start = words[i][1:-1][:keep]
                if not start:
                    self.everywhere.add(c)
                    continue
                node = 0
                for word in start:
                    nxt = self.goto.get((node, word))
                    if nxt is None:
                        nxt = self.goto[(node, word)] = len(depth)
                        depth.append(depth[node] + 1)
                        children.append([])
                        children[node].append((word, nxt))
                    node = nxt
                own.setdefault(node, set()).add(c)
        # per node, automaton -> (deepest, shallowest) start of it ending on the node's chain of suffixes; breadth
        # first, so a node's failure is known before its children's (a node with no start of its own shares its
        # failure's map)
        self.fail = [0] * len(depth)
        empty: dict[int, tuple[int, int]] = {}
        self.chain: list[dict[int, tuple[int, int]]] = [empty] * len(depth)
        queue = [0]
        for node in queue:
            for word, child in children[node]:
                f = self.fail[node]
                while f and (f, word) not in self.goto:
                    f = self.fail[f]
                self.fail[child] = self.goto.get((f, word), 0) if node else 0
                below = self.chain[self.fail[child]]
                mine = own.get(child)
                if mine:
                    d = depth[child]
                    merged = dict(below)
                    for c in mine:
                        merged[c] = (d, below[c][1] if c in below else d)
                    self.chain[child] = merged
                else:
                    self.chain[child] = below
                queue.append(child)

    def windows(self, texts: Iterable[int], words: list[list[str]]) -> list[array]:
        """Per automaton, the stretches (text, from, to) it reads, flat: from each place where one of its starts
        stands, as many words as its longest middle, stretches that overlap joined. The starts of one automaton ending
        at one word stand at most its longest start apart, less than its reach: their stretches make one."""
        out = [array("q") for _ in self.longest]
        goto, fail, chain, longest = self.goto, self.fail, self.chain, self.longest
        for j in texts:
            w = words[j]
            n = len(w)
            places: dict[int, list[tuple[int, int]]] = {c: [(0, n)] for c in self.everywhere}
            state = 0
            for e, word in enumerate(w):
                while state and (state, word) not in goto:
                    state = fail[state]
                state = goto.get((state, word), 0)
                ends = chain[state]
                if ends:
                    for c, (deepest, shallowest) in ends.items():
                        hi = e - shallowest + 1 + longest[c]
                        places.setdefault(c, []).append((e - deepest + 1, hi if hi < n else n))
            for c, spans in places.items():
                lo = hi = -1
                for s, t in sorted(spans):
                    if s > hi:
                        if hi > lo:
                            out[c].extend((j, lo, hi))
                        lo = s
                    if t > hi:
                        hi = t
                if hi > lo:
                    out[c].extend((j, lo, hi))
        return out


class _Middles:
    """An Aho–Corasick automaton over words: the middles of the given texts (their words but the first and the last),
    each middle's node holding its texts by (length of the first word, length of the last) and by those words."""

    def __init__(self, texts: Iterable[tuple[int, list[str]]]) -> None:
        self.goto: dict[tuple[int, str], int] = {}
        self.depth, self.fail, self.out = [0], [0], [-1]
        self.ends: dict[int, dict[tuple[int, int], dict[tuple[str, str], list[int]]]] = {}
        children: list[list[tuple[str, int]]] = [[]]
        for i, w in texts:
            node = 0
            for word in w[1:-1]:
                nxt = self.goto.get((node, word))
                if nxt is None:
                    nxt = self.goto[(node, word)] = len(self.depth)
                    self.depth.append(self.depth[node] + 1)
                    self.fail.append(0)
                    self.out.append(-1)
                    children.append([])
                    children[node].append((word, nxt))
                node = nxt
            by_length = self.ends.setdefault(node, {})
            by_length.setdefault((len(w[0]), len(w[-1])), {}).setdefault((w[0], w[-1]), []).append(i)
        for node in self.ends:
            self.out[node] = node
        queue = [0]
        for node in queue:  # breadth first: a node's failure is known before its children's
            for word, child in children[node]:
                f = self.fail[node]
                while f and (f, word) not in self.goto:
                    f = self.fail[f]
                self.fail[child] = self.goto.get((f, word), 0) if node else 0
                if self.out[child] < 0:
                    self.out[child] = self.out[self.fail[child]]
                queue.append(child)

    def inside(self, w: list[str], lo: int = 0, hi: int | None = None) -> set[int]:
        """The texts whose words joined by blanks are a substring of ``w``'s, their middle among ``w[lo:hi]``."""
        hits: set[int] = set()
        seen: set[tuple[int, str]] = set()  # (middle, next word) met before in this stretch
        state = 0
        end = len(w) if hi is None else hi
        # e: the last word of a middle (of an empty one: the word before the gap); after: the word after it, "" at the end
        for e, word, after in zip(range(lo, end), w[lo:end], [*w[lo + 1:end + 1], ""], strict=False):
            while state and (state, word) not in self.goto:
                state = self.fail[state]
            state = self.goto.get((state, word), 0)
            node = self.out[state]
            while node >= 0:
                s = e - self.depth[node] + 1  # the middle is w[s..e]: the first word ends w[s - 1], the last
                if s >= 1 and after:  # starts w[e + 1]
                    for (lf, ll), texts in self.ends[node].items():
                        hits.update(texts.get((w[s - 1][-lf:], after[:ll]), ()))
                # the middles below this one (its suffixes) stand inside it: with the same word after it, each has
                # the same words around it as when it was met before, so they were read then (a run of one word
                # repeated met every shorter middle of it at each word: words x lengths)
                if (node, after) in seen or seen.add((node, after)):  # type: ignore[func-returns-value]
                    break
                node = self.out[self.fail[node]] if node else -1
        return hits


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
    if not keep.addressees and copy.addressees:
        keep.addressees = list(copy.addressees)
    if not copy.partial:
        keep.partial = keep.partial and len(keep.text) < len(copy.text)
    for k in [copy.key, *copy.copies]:
        if k not in keep.copies and k != keep.key:
            keep.copies.append(k)
