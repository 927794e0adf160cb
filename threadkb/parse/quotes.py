"""Where quoted text is told apart from a message's own words.

``QuoteBuilder.build(start, end, depth, msg)`` walks the lines of one message (its own lines sit
at ``depth``; deeper runs are quoted blocks) and decides for every quoted block what it is:

1. the message named by the attribution line just before it ("On … X wrote:");
2. a document quote (policy, wiki or template text), told by the line that introduces it;
3. the message a Bugzilla "(In reply to X from comment #N)" names;
4. one more fragment of the message this one already answers inline (interleaved replies) —
   the own lines that follow a fragment are recorded as its answer (``QuotedSpan.answered_by``);
5. otherwise an earlier message whose author the text does not give.

Quoted messages are built recursively with the same walk, one level deeper.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, islice

from threadkb import tables
from threadkb.models import DocumentQuote, LineRole, Message, QuotedSpan, TextLine, is_mail
from threadkb.parse.attribution import (
    MAX_WRAP,
    Attribution,
    match_attribution,
    match_cut_attribution,
    match_header_block,
    match_prose_quote,
)
from threadkb.parse.lines import VLine
from threadkb.parse.people import greeting_name, same_person, signature_name
from threadkb.parse.threading import PostText, copied_lead, copy_words, pasted_post_start, quotes_text

_FIELD = re.compile(r"^\*?[^\W\d_][\w -]{0,24}\*?\s?:\s?\S")  # a header field line: "From: …", "Sent : …"
INDENT_QUOTE = 4  # Gmail/Thunderbird plain text renders a nested blockquote as this much indent
MAX_DEPTH = 100  # deeper quoting is read as text of the deepest message (with a warning)
MIN_QUOTED_WORDS = 3  # an unattributed quote this long found in one earlier post is a quote of that post
MIN_REPLY_WORDS = 4  # words of a line that make the text after a quote that lost its markers a reply
LOOKBACK = 30  # earlier posts compared with a quote that lost its markers (bounded: long pages stay linear)
_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _intros() -> dict:
    return tables.patterns("quote_intros.json")  # the lists case-insensitive, ``normative`` as written


FIRST_SENTENCE = 200  # characters of a paragraph's first line where it answers a quoted writer
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")


_NAME_PART = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=256)
def _naming(writer: str) -> re.Pattern | None:
    """How a reply's first sentence names ``writer``: addressed ("Ben, …", "Hi Ben, …") or after a word in a sentence
    ("I agree with Ben", "Thanks Ben for …"); not a line that opens with it otherwise (their signature "Abhay Samant,
    PhD", a Supercite tag "Herbert> …"). None when the writer has no capitalised name word."""
    names = "|".join(re.escape(w) for w in _NAME_PART.findall(writer) if w[0].isupper())
    return re.compile(rf"^(?:(?:hi|hello|dear|hey|thanks|thank you)[ ,]+)?(?:{names}),\s|"
                      rf"(?:\b[a-z][\w'’-]*|\b(?i:thanks|thank you)),?\s+(?:{names})\b") if names else None


def _answers_writer(line: str, writer: str | None) -> bool:
    """Does a paragraph whose first line is ``line`` answer ``writer`` (a quoted message's author), as a reply's
    first sentence does: naming them (``_naming``; a writer does not name themself) or opening as a reply
    (quote_intros.json ``reply_openings``: "I agree", "+1", "Thanks for the proposal", "your proposal", "as you
    said")? A line that is only a name (a sign-off: "Jan van der Berg") answers nobody."""
    if signature_name(line):
        return False
    stop = _SENTENCE_STOP.search(line, 0, FIRST_SENTENCE)
    first = line[:stop.end() if stop else FIRST_SENTENCE]
    naming = _naming(writer or "")
    if naming is not None and len(first.split()) >= MIN_REPLY_WORDS and naming.search(first):
        return True
    return any(rx.search(first) for rx in _intros()["reply_openings"])


def _takes_up(line: str) -> bool:
    """Does a paragraph whose first line is ``line`` take a point up with a question, as a reply may ("So how about
    …", "What about …": quote_intros.json ``reply_questions``)? A writer may ask so in their own text too: the caller
    asks for a sign-off of another person below it."""
    stop = _SENTENCE_STOP.search(line, 0, FIRST_SENTENCE)
    first = line[:stop.end() if stop else FIRST_SENTENCE]
    return any(rx.search(first) for rx in _intros().get("reply_questions", ()))


@dataclass
class Draft:
    """A message while it is being built, and what its walk has seen so far."""

    msg: Message
    order: int
    attribution: Attribution | None = None
    answering: Draft | None = None  # the message whose fragments this one quotes inline
    reply_ctx: Draft | None = None  # Bugzilla "(In reply to X from comment #N)"
    bug_comment: int | None = None
    signature: str | None = None  # the sign-off name, when the message ends with one
    forward: bool = False  # it starts with a forwarded message's separator: a message even without words
    header_parent: Draft | None = None  # mail input: the earlier post its In-Reply-To/References names
    cut: bool = False  # its walk ended on an attribution: the excerpt cut what it quoted (and what followed)
    bodiless: bool = False  # an e-mail read from its own headers whose body holds no words: a message with no text


@dataclass
class _Walk:
    """The state of one message's walk: what its own lines have said since the last quoted block."""

    msg: Draft
    depth: int
    end: int
    pending: Attribution | None = None  # an attribution waiting for its quoted block
    intro: str | None = None  # the last own line before the next quoted block
    first_content: bool = True
    last_block: QuotedSpan | None = None
    answer: list[int] = field(default_factory=list)  # own lines since the last quoted block
    chain: Draft | None = None  # the last message of a collapsed chain of attributions (``_stacked``)

    def close_answer(self, v: list[VLine]) -> None:
        """The own lines right after a quoted fragment are its inline answer."""
        if self.last_block is not None and self.answer:
            self.last_block.answered_by = (v[self.answer[0]].index, v[self.answer[-1]].index + 1)
        self.answer = []


class QuoteBuilder:
    """Builds the messages of one post from its VLines (see module docstring)."""

    def __init__(self, vlines: list[VLine], source: str, warnings: list[str]):
        self.v = vlines
        self.source = source
        self.warnings = warnings
        self.drafts: list[Draft] = []
        self.posts_by_print: dict[int, Draft] = {}
        self._by_comment: dict[tuple[str | None, int], Draft] = {}
        self._post_range: dict[int, tuple[int, int]] = {}  # Draft.order of a post read in full -> its lines
        self._post_text: dict[int, PostText] = {}
        self._copied_words: dict[int, tuple[list[TextLine] | None, int, str]] = {}
        # ``post_quoted``'s index: three words in a row -> the drafts whose own words held them when read; the drafts
        # given own lines since (``assign``, ``_prose_quote``: the only ways a draft's lines grow) are read again
        self._word_runs: dict[tuple[str, ...], set[int]] = {}
        self._grown: set[int] = set()
        self._own_text: dict[int, PostText] = {}
        self.page: list[tuple[int, int]] = []  # every post's lines on the page, in page order (``set_page``)
        self._marked: dict[tuple[int, int], PostText] = {}  # (page post, depth) -> the words it quotes at that depth
        self._depths: dict[int, list[int]] = {}  # page post -> its quote depths (``_quote_depths``)
        self._nesting = 0  # walks open now: a message quoted without markers is walked inside the one quoting it
        # the input's last line with words (where an excerpt's cut falls: ``match_cut_attribution``)
        self.last_words = next((k for k in range(len(vlines) - 1, -1, -1) if not vlines[k].blank), -1)

    # ------------------------------------------------------------------ copies of earlier posts
    def fingerprint(self, start: int, end: int, depth: int) -> int:
        """What a stretch of lines says, independent of its quote depth: non-blank, non-boilerplate lines
        as (depth relative to ``depth``, text)."""
        v = self.v
        return hash(tuple((v[k].depth - depth, v[k].clean) for k in range(start, end)
                          if not v[k].blank and v[k].role != LineRole.BOILERPLATE))

    def register_post(self, start: int, end: int, d: Draft) -> None:
        """Remember a post read in full, so that a later post quoting all of it is not parsed again
        (archives where every reply quotes the whole thread stay linear in the number of messages)."""
        self._post_range[d.order] = (start, end)
        if any(not self.v[k].blank for k in range(start, end)):
            self.posts_by_print.setdefault(self.fingerprint(start, end, 0), d)

    def set_page(self, posts: list[tuple[int, int]]) -> None:
        """The line ranges of the page's posts, in page order, before any is read: a lost-marker quote is read
        against what the other posts quote with markers (``_marked_quote_end``)."""
        self.page = posts

    def _marked_texts(self, at: int) -> list[PostText]:
        """What the page's other posts (nearest to line ``at`` first, ``LOOKBACK`` of them) quote with '>' markers,
        one text per post and depth (a reply's own words quoted one level above the message it quoted stay apart)."""
        here = bisect_right(self.page, (at, math.inf)) - 1  # the post holding line ``at`` (posts in page order)
        if here < 0 or not self.page[here][0] <= at < self.page[here][1]:
            return []
        near = sorted(range(max(0, here - LOOKBACK), min(len(self.page), here + LOOKBACK + 1)),
                      key=lambda i: abs(i - here))[1:LOOKBACK + 1]  # nearest first, itself left out
        texts = []
        for i in near:
            lo, hi = self.page[i]
            for depth in self._quote_depths(i):
                if (i, depth) not in self._marked:
                    self._marked[i, depth] = PostText(" ".join(self.v[k].clean for k in range(lo, hi)
                                                               if self.v[k].depth == depth))
                texts.append(self._marked[i, depth])
        return texts

    def _quote_depths(self, i: int) -> list[int]:
        """The quote depths of page post ``i``'s lines with words, ascending; read once per post (was once per
        lost-marker quote of each of its ``LOOKBACK`` neighbours) until a walk changes a depth in it
        (``_depth_changed``)."""
        depths = self._depths.get(i)
        if depths is None:
            lo, hi = self.page[i]
            depths = self._depths[i] = sorted({self.v[k].depth for k in range(lo, hi)
                                               if self.v[k].depth > 0 and not self.v[k].blank})
        return depths

    def _depth_changed(self, start: int, end: int) -> None:
        """Lines [start, end) changed depth: the posts holding them are read again when asked."""
        first = bisect_right(self.page, (start, math.inf)) - 1
        last = bisect_right(self.page, (end - 1, math.inf)) - 1
        for i in range(max(first, 0), last + 1):
            self._depths.pop(i, None)

    # ------------------------------------------------------------------ drafts
    def new_draft(self, depth: int, origin: str, att: Attribution | None = None) -> Draft:
        m = Message(key=f"d{len(self.drafts)}", source=self.source, depth=depth, origin=origin)
        d = Draft(m, len(self.drafts), attribution=att)
        if att is not None:
            self.apply_attribution(d, att)
        self.drafts.append(d)
        return d

    def apply_attribution(self, d: Draft, att: Attribution) -> None:
        m = d.msg
        m.author = m.author or att.name
        m.email = m.email or att.email
        if m.date is None and att.date is not None:
            m.date, m.date_text = att.date, att.date_text
        m.subject = m.subject or att.subject
        m.origin = m.origin or f"attribution:{att.rule}"
        if att.lines:
            lo, hi = self.v[att.lines[0]].index, self.v[att.lines[-1]].index + 1
            m.header_lines = (lo, hi) if m.header_lines is None else (min(lo, m.header_lines[0]), max(hi, m.header_lines[1]))
        for p in att.lines:
            self.assign(p, LineRole.HEADER, d, att.rule)

    def assign(self, pos: int, role: LineRole, d: Draft | None, rule: str = "") -> None:
        v = self.v[pos]
        v.role = role
        v.message = d.msg.key if d else None
        v.rule = rule or v.rule
        if role == LineRole.OWN and d is not None:
            d.msg.lines.append(TextLine(v.text, v.index, v.tcol))
            self._grown.add(d.order)

    # ------------------------------------------------------------------ walk
    def build(self, start: int, end: int, depth: int, d: Draft, first_content: bool = True) -> None:
        """Walk lines [start, end) of message ``d``: its own lines sit at ``depth``, deeper runs are quoted.
        ``first_content`` False: the lines go on a message read before (its start is elsewhere)."""
        v = self.v
        if depth >= MAX_DEPTH or self._nesting >= MAX_DEPTH:  # '>' markers, or messages quoted without them
            self.warnings.append(f"quoting deeper than {MAX_DEPTH} levels read as text of one message")
            for p in range(start, end):
                if v[p].role is None:
                    self.assign(p, LineRole.OWN, d, "too-deep")
            return
        w = _Walk(d, depth, end, first_content=first_content)
        p = start
        self._nesting += 1
        while p < end:
            if v[p].role is not None:  # boilerplate found earlier
                p += 1
            elif v[p].depth > depth:
                p = self._block(p, w)
            else:
                p = self._own(p, w)
        self._nesting -= 1
        w.close_answer(v)
        if w.pending is not None:  # attribution at the very end (the excerpt was cut)
            n = self.new_draft(depth + 1, f"attribution:{w.pending.rule}", w.pending)
            n.msg.partial = True
            self.link_reply(d, n)
            d.cut = True

    def _own(self, p: int, w: _Walk) -> int:
        """One line at the message's own depth; returns where the walk goes on."""
        v, d, depth = self.v, w.msg, w.depth
        line = v[p]
        if line.blank:
            self.assign(p, LineRole.OWN, d)
            return p + 1
        att = match_attribution(v, p, depth) if w.pending is None else self._stacked(p, w)
        if att is None:
            att = match_header_block(v, p, depth)
        if att is None and w.pending is None and p == self.last_words and \
                (att := match_cut_attribution(v, p, depth)) is not None:
            self.warnings.append(f"line {line.index + 1}: an attribution cut at the excerpt's end, read as one")
        if att is not None and att.kind == "header" and (is_mail(d.msg) or not w.first_content):
            nxt = self._next_content(att.lines[-1] + 1, w.end)
            if nxt is not None and v[nxt].depth > depth and (w.first_content or self._quote_ends_walk(nxt, w)):
                # an e-mail has its own headers: "From: X / Date: Y" above a quote introduces it; so does a
                # header block below the reply whose message is all quoted ("-----Original Message-----",
                # the fields, then '>' lines to the end)
                w.pending = att
                for q in att.lines:
                    v[q].role = LineRole.HEADER
                return att.lines[-1] + 1
        if att is not None and att.kind == "header" and w.first_content and (
                att.rule == "header-block" or (depth > 0 and d.msg.author is None)):
            # a header block at the top describes this message itself (in a quote whose author is not
            # known, even after a separator: the quote is of the forwarded message)
            self.apply_attribution(d, att)
            return att.lines[-1] + 1
        if att is not None and att.kind == "separator":
            nxt = self._next_content(att.lines[-1] + 1, w.end)
            if nxt is not None and v[nxt].depth > depth:  # "Begin forwarded message:" above a '>' block
                w.pending = att
                v[p].role = LineRole.HEADER  # provisional, until its block comes
                return p + 1
            if nxt is not None and match_attribution(v, nxt, depth) is not None:
                self.assign(p, LineRole.HEADER, d, att.rule)  # "--- Original Message ---" above "On … wrote:"
                return p + 1
        if att is not None and att.kind in ("header", "separator"):
            # "-----Original Message-----" / "Forwarded message" first: this message forwards that one
            d.forward = d.forward or (w.first_content and att.rule != "header-block")
            return self._unmarked_quote(att, w)
        if att is not None and att.kind == "in-reply-to":
            d.reply_ctx = self.comment_draft(att, depth + 1)
            self.link_reply(d, d.reply_ctx)
            for q in att.lines:
                self.assign(q, LineRole.HEADER, d, att.rule)
            w.first_content = False
            return att.lines[-1] + 1
        if att is not None:
            nxt = self._next_content(att.lines[-1] + 1, w.end)
            same_depth = nxt is not None and v[nxt].depth == depth
            nested = nxt is not None and same_depth and self._indented(nxt, depth)  # indented: a deeper quote
            end = self._lost_quote_end(att, w) if (w.first_content or att.bare) and same_depth and not nested else None
            if end is not None:  # the quote under a top attribution lost its '>' markers: give them back
                self._deepen(att.lines[-1] + 1, end, depth)
                w.pending = att
                for q in att.lines:
                    v[q].role = LineRole.HEADER  # provisional, until its block comes
                return att.lines[-1] + 1
            if w.first_content and d.msg.author is None and same_depth and not nested:
                self.apply_attribution(d, att)  # Apple Mail: the attribution inside the quote
                w.first_content = False
                return att.lines[-1] + 1
            if same_depth and not nested and att.kind == "quote" and (
                    not w.first_content or self._stacked_attribution(att, w)):
                # Outlook, phones, webmails: the old message follows without '>' markers, to the end; not
                # when the attribution opens the message (an archive e-mail, or a pasted parent under its
                # header block): the split would leave that message no words of its own
                return self._unmarked_quote(att, w)
            w.pending = att
            for q in att.lines:
                v[q].role = LineRole.HEADER  # provisional, until its block comes
            if nxt is not None and nested:
                self._indent_to_depth(nxt, w.end, depth)
            return att.lines[-1] + 1
        prose = match_prose_quote(v, p, depth) if w.pending is None else None
        if prose is not None:
            return self._prose_quote(p, w, *prose)
        if w.pending is not None:  # an attribution not followed by a quote: it was prose
            for q in w.pending.lines:
                v[q].role = None
                self.assign(q, LineRole.OWN, d)
            w.pending = None
        self.assign(p, LineRole.OWN, d)
        w.answer.append(p)
        w.intro = line.clean
        w.first_content = False
        return p + 1

    def _lost_quote_end(self, att: Attribution, w: _Walk) -> int | None:
        """A message that opens with another person's attribution ("On Mon, … X wrote:") followed by text at its
        own depth: the quote lost its '>' markers (an archive or a thread view rendered the blockquote as text)
        and the reply follows it. Where the quote ends, when the text says so: (1) after its lines that copy a
        post read before (``copied_lead``; X's own post first) or what another post of the page quotes with
        markers (``_marked_texts``: another reply quoted X's message as "> …"); else (2) after a sign-off that names X, or
        (3) before a greeting of X ("Hi Ben,"), or (4) before a paragraph that answers X (``_answers_writer``: its
        first sentence names X, or opens with a stance on X's words or speaks of X's proposal in the second person:
        quote_intros.json ``reply_openings``; not when a sign-off of another person stands above it), each after a
        paragraph break and with the reply's words after it (a sentence of ``MIN_REPLY_WORDS`` words or a greeting). Returns the position after the quote's last
        line (the walk goes on there), or None: the attribution reads as before."""
        d, v = w.msg, self.v
        m = d.msg
        if att.kind != "quote" or not att.name or (m.author and same_person(att.name, m.author, m.email)):
            return None
        rows = self._open_rows(att, w)
        if len(rows) < 2:
            return None
        texts = chain(((self.own_text(post), False) for post in self._earlier_posts(d, att)[:LOOKBACK]),
                      ((t, True) for t in self._marked_texts(att.lines[0])))  # the page's quotes read only if needed
        for text, marked in texts:
            cut = copied_lead([v[k].clean for k in rows], text, MIN_QUOTED_WORDS if att.bare else None)
            if cut is not None and cut < len(rows) - 1 and (not marked or self._reply_after(rows, cut)):
                return rows[cut] + 1  # the reply follows the copy
        if m.author is None and w.depth:
            return None  # Apple Mail puts the attribution inside the quote: its text is X's (below)
        # the last line that can open a reply (a sentence of MIN_REPLY_WORDS words or a greeting): a boundary after
        # it has no reply's words below; read once from the end, not once per boundary
        last_wordy = next((i for i in range(len(rows) - 1, -1, -1)
                           if len(v[rows[i]].clean.split()) >= MIN_REPLY_WORDS or greeting_name(v[rows[i]].clean)), -1)
        foreign: int | None = None  # the first line signed by another person (read when first needed)
        answer_below: int | None = None  # the last paragraph that answers X (read when a question is first met)
        for n in range(1, len(rows)):
            k, prev = rows[n], rows[n - 1]
            if not any(v[j].blank for j in range(prev + 1, k)):
                continue  # a boundary is a paragraph break
            if last_wordy < n:
                continue
            alone = signature_name(v[prev].clean) or signature_name(v[prev].clean, full_stop=True)
            said = alone if n >= 2 else None  # a sign-off line under the quote's words
            said = said or v[prev].sign_off  # or cut off a flattened line ("… in the MRSP. Thanks, Ben", "… -ben")
            if said and same_person(said, att.name, att.email):
                return prev + 1
            greeted = greeting_name(v[k].clean)
            if greeted and same_person(greeted, att.name, att.email):
                return prev + 1
            answers = _answers_writer(v[k].clean, att.name)
            if answers or _takes_up(v[k].clean):
                if foreign is None:
                    foreign = self._first_signed_by_another(rows, att)
                if not answers:  # a question: X's own when a paragraph below it answers X ("I disagree …")
                    if answer_below is None:
                        answer_below = self._last_answer(rows, att, foreign)
                    if answer_below > n:
                        continue
                if foreign >= n and (answers or foreign < len(rows)):
                    return prev + 1  # no line above the boundary is signed by another (and a question: one below)
        return None

    def _reply_after(self, rows: list[int], n: int) -> bool:
        """Does a reply open right after ``rows[n]``: a paragraph break, then a line of ``MIN_REPLY_WORDS`` words (what
        another post quotes may be rewrapped or cut short: a copy that stops inside a paragraph ends no quote)?"""
        v = self.v
        k = rows[n + 1]
        return any(v[j].blank for j in range(rows[n] + 1, k)) and len(v[k].clean.split()) >= MIN_REPLY_WORDS

    def _last_answer(self, rows: list[int], att: Attribution, end: int) -> int:
        """The index in ``rows[:end]`` of the last paragraph's first line that answers ``att``'s writer
        (``_answers_writer``), else -1: a question above it ("So how about …?") is the quoted writer's own."""
        v = self.v
        return next((n for n in range(min(end, len(rows)) - 1, 0, -1)
                     if any(v[j].blank for j in range(rows[n - 1] + 1, rows[n]))
                     and _answers_writer(v[rows[n]].clean, att.name)), -1)

    def _first_signed_by_another(self, rows: list[int], att: Attribution) -> int:
        """The index in ``rows`` (the text under ``att``) of the first line that is a sign-off naming someone other
        than its writer, else ``len(rows)``: text from there on is not (only) the quoted writer's, so no reply is cut
        off below it ("Thanks, / John" under Ben's attribution)."""
        v = self.v
        for i, k in enumerate(rows):
            name = signature_name(v[k].clean)
            if name and att.name and not same_person(name, att.name, att.email):
                return i
        return len(rows)

    def _open_rows(self, att: Attribution, w: _Walk) -> list[int]:
        """The lines under ``att`` to the walk's end that are text at the walk's depth and not yet placed."""
        v = self.v
        return [k for k in range(att.lines[-1] + 1, w.end)
                if v[k].depth == w.depth and not v[k].blank and v[k].role is None]

    def _deepen(self, start: int, end: int, depth: int) -> None:
        """Lines [start, end) are one level deeper than they read (their '>' markers were lost)."""
        for k in range(start, end):
            v = self.v[k]
            if v.depth >= depth:
                v.depth += 1
                v.rule = v.rule or "lost-marker-quote"
        self._depth_changed(start, end)

    def _stacked(self, p: int, w: _Walk) -> Attribution | None:
        """A collapsed quote chain ("On A, X wrote:" / "On B, Y wrote:" / "On C, Z wrote:" on consecutive lines,
        the words of the innermost only): when line ``p`` is another attribution right after the pending one,
        the pending one is an earlier message of the chain whose words are gone (a partial message with none,
        its lines a header); the new attribution is returned, and what follows is read as after any other."""
        pend = w.pending
        if pend is None or pend.kind != "quote":
            return None
        att = match_attribution(self.v, p, w.depth)
        if att is None or att.kind != "quote":
            return None
        n = self.new_draft(w.depth + 1, f"attribution:{pend.rule}", pend)
        n.msg.partial = True
        self.link_reply(w.chain or w.msg, n)  # each message of the chain quotes the next
        w.pending, w.first_content, w.chain = None, False, n
        return att

    def _stacked_attribution(self, att: Attribution, w: _Walk) -> bool:
        """An unmarked quote (under an Outlook header block or an attribution) that opens with another person's
        dated attribution ("From: A / Sent: …", then "On …, B wrote:" and B's words, no '>'): A answered inline
        or not at all, and the words below are B's message (a collapsed chain of an HTML thread read as text).
        Not when A signs the end of the walk ("Bob"): then A's reply follows B's pasted words."""
        m = w.msg.msg
        if not (m.origin.startswith(("header-block:", "unmarked-attribution:")) and att.name and m.author
                and att.date is not None and not same_person(att.name, m.author, m.email)):
            return False
        last = next((self.v[k].clean for k in range(w.end - 1, att.lines[-1], -1)
                     if self.v[k].depth == w.depth and not self.v[k].blank and self.v[k].role is None), None)
        name = signature_name(last) if last else None
        return not (name and same_person(name, m.author, m.email))

    @staticmethod
    def _fragments_of(att: Attribution, d: Draft) -> None:
        """An inline reply whose '>' fragments name nobody, above the header block of the message it answers
        ("> There is nothing preventing …" / answer / …, then "From: Dimitris … / Sent: …"): the fragments are
        that message's words; they take its sender and date (the block's own message may have been cut off)."""
        frag = d.answering
        if (att.kind != "header" or not att.name or frag is None or frag.msg.origin != "quote:unattributed"
                or frag.msg.author is not None or (d.msg.author and same_person(att.name, d.msg.author, d.msg.email))):
            return
        m = frag.msg
        m.author, m.email, m.origin = att.name, att.email, m.origin + "+header-block-below"
        if att.date is not None:
            m.date, m.date_text = att.date, att.date_text

    def _unmarked_quote(self, att: Attribution, w: _Walk) -> int:
        """Outlook style: the rest at this depth is the earlier message, after its header block or
        attribution line (no '>' markers); returns the end of the walk. When that rest is the post the
        mail's headers answer, it is left to ``pasted_parent`` (one reading of a pasted parent)."""
        if self._pastes_header_parent(att, w):
            for q in att.lines:
                self.assign(q, LineRole.OWN, w.msg)
            w.first_content = False
            return att.lines[-1] + 1
        copy = self._unmarked_copy(att, w)
        if copy is not None:
            return self._copy_of_post(att, w, *copy)
        kind = {"header": "header-block", "quote": "unmarked-attribution"}.get(att.kind, att.kind)
        self._fragments_of(att, w.msg)
        n = self.new_draft(w.depth, f"{kind}:{att.rule}", att)
        self.link_reply(w.msg, n)
        if w.chain is not None:
            self.link_reply(w.chain, n)
        self.build(att.lines[-1] + 1, w.end, w.depth, n)
        return w.end

    def _unmarked_copy(self, att: Attribution, w: _Walk) -> tuple[Draft, int] | None:
        """A top-level post's unmarked quote whose opening lines copy a post read before on the page (a thread
        view re-flowed or flattened the quote: "On …, X wrote:" then X's post on one long line): that post and
        the position after the copied lines. The attribution must name that post's author, when both are known."""
        d, v = w.msg, self.v
        if d.msg.depth or w.depth or not self._post_range or att.kind not in ("quote", "header"):
            return None
        rows = self._open_rows(att, w)
        for post in self._earlier_posts(d, att)[:LOOKBACK]:
            if att.name and post.msg.author and not same_person(att.name, post.msg.author, post.msg.email):
                continue
            cut = copied_lead([v[k].clean for k in rows], self.own_text(post))
            if cut is None:
                continue
            # the copy goes on to the post's own quote of an older message (its attribution), else to the end
            return post, next((k for k in rows[cut + 1:] if match_attribution(v, k, w.depth) is not None
                               or match_header_block(v, k, w.depth) is not None), w.end)
        return None

    def _copy_of_post(self, att: Attribution, w: _Walk, post: Draft, end: int) -> int:
        """The unmarked copy of ``post`` (its attribution and lines up to ``end``) is quoted, not read again; what
        follows it in the walk is the rest of that post's quoted matter (an older message it quoted), read as
        the post's. Returns the end of the walk."""
        d, v = w.msg, self.v
        for k in att.lines:
            self.assign(k, LineRole.QUOTE, d, "attribution-of-copy")
        for k in range(att.lines[-1] + 1, end):
            if v[k].role is None:
                self.assign(k, LineRole.QUOTE, d, "words-of-earlier-post")
        d.msg.quotes.append(QuotedSpan(post.msg.key, (v[att.lines[0]].index, v[end - 1].index + 1)))
        self.answer(d, post)
        if end < w.end:
            self.build(end, w.end, w.depth, post, first_content=False)
        return w.end

    def _block(self, p: int, w: _Walk) -> int:
        """A quoted block: the run of deeper lines (its blank quoted lines included) starting at ``p``."""
        v = self.v
        q = p
        while q < w.end and v[q].depth > w.depth:
            q += 1
            if q < w.end and v[q].depth <= w.depth and (after := self._attribution_across_blanks(p, q, w)):
                q = after  # its last line an attribution whose quote comes after unmarked blank lines: one block
        w.close_answer(v)
        w.last_block = self.quoted_block(p, q, w.depth, w.msg, w.pending, w.intro)
        w.pending, w.intro, w.first_content = None, None, False
        return q

    def _attribution_across_blanks(self, p: int, q: int, w: _Walk) -> int | None:
        """The quoted run [p, q) ends with an attribution ("> On Thu, … X wrote:") and the deeper lines it
        introduces come after unmarked blank lines (KNode, some webmails: '> … wrote:' / '' / '>> text'): where
        the run goes on, past the blanks; else None."""
        v = self.v
        last = next((k for k in range(q - 1, p - 1, -1) if not v[k].blank), None)
        if last is None or v[last].role is not None or not any(
                (att := match_attribution(v, k, v[last].depth)) is not None and att.lines[-1] == last
                for k in range(max(p, last - MAX_WRAP + 1), last + 1)):  # (wrapped over two or three lines)
            return None
        k = q
        while k < w.end and v[k].blank and v[k].depth <= w.depth and v[k].role is None:
            k += 1
        return k if k > q and k < w.end and v[k].depth > v[last].depth else None

    def _prose_quote(self, p: int, w: _Walk, att: Attribution, col: int, last: int) -> int:
        """'Ryan argument number 1: “…”': the quoted passage is a fragment of that person's message."""
        v, d = self.v, w.msg
        n = self.new_draft(w.depth + 1, f"prose-quote:{att.rule}")
        n.msg.author, n.msg.partial = att.name, True
        self.link_reply(d, n)
        for k in range(p, last + 1):
            cut = col if k == p else 0
            v[k].role, v[k].message, v[k].rule = LineRole.OWN, n.msg.key, "prose-quote"
            n.msg.lines.append(TextLine(v[k].text[cut:], v[k].index, v[k].tcol + cut))
            self._grown.add(n.order)
        d.msg.quotes.append(QuotedSpan(n.msg.key, (v[p].index, v[last].index + 1)))
        w.intro, w.first_content = None, False
        return last + 1

    def _next_content(self, p: int, end: int) -> int | None:
        while p < end:
            if self.v[p].role is None and not self.v[p].blank:
                return p
            p += 1
        return None

    def _quote_ends_walk(self, p: int, w: _Walk) -> bool:
        """The deeper run starting at ``p`` is followed by no content at the walk's depth."""
        v = self.v
        while p < w.end and (v[p].depth > w.depth or v[p].blank or v[p].role is not None):
            p += 1
        return p >= w.end

    def _indented(self, p: int, depth: int) -> bool:
        t = self.v[p].text
        return len(t) - len(t.lstrip(" ")) >= INDENT_QUOTE

    def _indent_to_depth(self, p: int, end: int, depth: int) -> None:
        """Lines indented as a nested quote (Thunderbird/Gmail plain text) become one level deeper."""
        v, start = self.v, p
        while p < end and (v[p].blank or v[p].depth > depth or self._indented(p, depth)):
            if v[p].role is None:
                if v[p].depth == depth and not v[p].blank:
                    v[p].set_text(v[p].text[INDENT_QUOTE:], v[p].tcol + INDENT_QUOTE)
                v[p].depth += 1
                v[p].rule = v[p].rule or "indent-quote"
            p += 1
        self._depth_changed(start, p)

    # ------------------------------------------------------------------ blocks
    def quoted_block(self, p: int, q: int, depth: int, d: Draft, pending: Attribution | None,
                     intro: str | None) -> QuotedSpan | None:
        v = self.v
        lines = (v[p].index, v[q - 1].index + 1)
        copied, rule = self.posts_by_print.get(self.fingerprint(p, q, depth + 1)), "copy-of-earlier-post"
        if copied is None or copied is d:
            copied, rule = self._parent_quoted(p, q, depth + 1, d), "quote-of-parent-mail"
        if copied is None:
            copied, rule = self._post_copied(p, q, depth + 1, d, pending), "words-of-earlier-post"
        if copied is not None and copied is not d:  # a copy of a post read before: not parsed again
            for k in range(p, q):
                if v[k].role is None:
                    self.assign(k, LineRole.QUOTE, d, rule)
            head = copied.msg.header_lines
            for k in pending.lines if pending else ():  # the attribution describes the copied post
                if head is None or head[0] <= v[k].index < head[1]:
                    self.assign(k, LineRole.HEADER, copied, "attribution-of-copy")
                else:  # the post has a header of its own elsewhere on the page: the line goes with the quote
                    self.assign(k, LineRole.QUOTE, d, "attribution-of-copy")
                    lines = (min(lines[0], v[k].index), lines[1])
            if pending is not None and copied.msg.author is None:
                self.apply_attribution(copied, replace(pending, lines=[]))
            self.answer(d, copied)
            span = QuotedSpan(copied.msg.key, lines)
            d.msg.quotes.append(span)
            return span
        if pending is not None:
            n = self.new_draft(depth + 1, f"attribution:{pending.rule}", pending)
            self.answer(d, n)
            span = QuotedSpan(n.msg.key, lines)
            d.msg.quotes.append(span)
            self.build(p, q, depth + 1, n)
            return span
        intros = _intros()
        text = " ".join(v[k].clean for k in range(p, q) if not v[k].blank)
        message_cue = bool(intro) and any(rx.search(intro) for rx in intros["message"])
        document_cue = bool(intro) and not message_cue and any(rx.search(intro) for rx in intros["document"])
        normative = intros["normative"].search(text) and d.answering is None and d.reply_ctx is None \
            and not self._has_attribution(p, q, depth + 1)
        if document_cue or normative:
            for k in range(p, q):
                if v[k].role is None:
                    self.assign(k, LineRole.DOCUMENT_QUOTE, d, "document-quote")
            body = "\n".join(v[k].text for k in range(p, q))
            d.msg.document_quotes.append(DocumentQuote(body, lines, intro=intro or ""))
            return None
        if message_cue and intro and any(rx.search(intro) for rx in intros["earlier"]) and d.answering is not None:
            n = self.new_draft(depth + 1, "quote:earlier-message")
            n.msg.author = d.answering.msg.author if re.search(r"\byou", intro, re.I) else None
            n.msg.partial = True
        elif d.reply_ctx is not None:
            n = d.reply_ctx
        elif d.answering is not None:
            n = d.answering
        elif depth == 0 and (post := self.post_quoted(text, d)) is not None:
            n = post  # words of exactly one earlier post (a GitHub "Quote reply" selection)
            self.answer(d, n)
        else:
            n = self.new_draft(depth + 1, "quote:unattributed")
            n.msg.partial = True
            self.answer(d, n)
        span = QuotedSpan(n.msg.key, lines)
        d.msg.quotes.append(span)
        if n.msg.depth == 0 and n is not d and n.order < d.order:  # a post already read in full
            for k in range(p, q):
                if v[k].role is None:
                    self.assign(k, LineRole.QUOTE, d, "quote-of-earlier-post")
            return span
        n.msg.partial = n.msg.partial or bool(n.msg.lines)
        self.build(p, q, depth + 1, n)
        return span

    def post_quoted(self, text: str, d: Draft) -> Draft | None:
        """The one earlier post of the page whose own words contain the quoted words (at least
        ``MIN_QUOTED_WORDS``), or None: an unattributed quote of part of a post read before."""
        words = copy_words(text)
        if len(words) < MIN_QUOTED_WORDS:
            return None
        needle = " " + " ".join(words) + " "
        for order in [o for o in self._grown if o < d.order]:  # posts given lines since they were indexed
            self._grown.discard(order)
            run = self.copied_words(self.drafts[order]).split()
            for at in range(len(run) - MIN_QUOTED_WORDS + 1):
                self._word_runs.setdefault(tuple(run[at:at + MIN_QUOTED_WORDS]), set()).add(order)
        # the posts holding the quote hold each of its runs of three words: those holding the rarest are read
        # (was: every earlier post read for each quote, posts x text)
        held = min((self._word_runs.get(tuple(words[at:at + MIN_QUOTED_WORDS]), set())
                    for at in range(len(words) - MIN_QUOTED_WORDS + 1)), key=len)
        found: list[Draft] = []
        for order in sorted(o for o in held if o < d.order):
            e = self.drafts[order]
            if e.msg.depth == 0 and e is not d and e.msg.lines and needle in self.copied_words(e):
                found.append(e)
                if len(found) > 1:
                    return None
        return found[0] if found else None

    def copied_words(self, e: Draft) -> str:
        """A draft's own words as ``post_quoted`` compares them (``copy_words``, joined and framed by blanks), read
        once per draft while its lines stay the same (a draft's lines are appended to or replaced by a new list):
        each quote of a page is compared with every earlier post, so reading each post per quote was posts² × text."""
        lines, count, joined = self._copied_words.get(e.order, (None, 0, ""))
        if lines is not e.msg.lines or count != len(e.msg.lines):
            joined = " " + " ".join(copy_words(e.msg.text)) + " "
            self._copied_words[e.order] = (e.msg.lines, len(e.msg.lines), joined)
        return joined

    def _post_copied(self, p: int, q: int, depth: int, d: Draft, pending: Attribution | None) -> Draft | None:
        """A page of several posts: the post read before whose words a top-level post's quoted block is (its
        own level, ``quotes_text``), whatever the wrapping (a thread view or archive that re-flowed or
        flattened the quote); not when the block's attribution names another person."""
        if d.msg.depth or not self._post_range:
            return None
        block = [self.v[k].clean for k in range(p, q) if self.v[k].depth == depth and not self.v[k].blank]
        if len(_WORDS.findall(" ".join(block))) < MIN_QUOTED_WORDS:
            return None  # too short to tell ("> the penalty")
        for post in self._earlier_posts(d, pending)[:LOOKBACK]:
            if pending is not None and pending.name and post.msg.author and \
                    not same_person(pending.name, post.msg.author, post.msg.email):
                continue
            if quotes_text(block, self.post_text(post)):
                return post
        return None

    def _earlier_posts(self, d: Draft, att: Attribution | None) -> list[Draft]:
        """The ``LOOKBACK`` posts read in full before ``d``, nearest first; those by the person ``att`` names before
        the rest. Without a name only those are looked at (was: every earlier draft, for each quote: posts²)."""
        posts = (self.drafts[o] for o in range(d.order - 1, -1, -1) if o in self._post_range)
        if att is None or not att.name:
            return list(islice(posts, LOOKBACK))
        name = att.name
        return sorted(posts, key=lambda x: not (x.msg.author and same_person(name, x.msg.author, x.msg.email)))[:LOOKBACK]

    def _parent_quoted(self, p: int, q: int, depth: int, d: Draft) -> Draft | None:
        """Mail input: the post that the mail's headers answer (``Draft.header_parent``, read before), when
        the block's own level (``depth``) is that post's text; the block is read against it first."""
        hp = d.header_parent
        if hp is None or d.answering is not None or hp.order not in self._post_range:
            return None
        block = [self.v[k].clean for k in range(p, q) if self.v[k].depth == depth and not self.v[k].blank]
        return hp if quotes_text(block, self.post_text(hp)) else None

    def post_text(self, post: Draft) -> PostText:
        """The words of a post read in full (its lines at depth 0, whatever their role)."""
        if post.order not in self._post_text:
            lo, hi = self._post_range[post.order]
            self._post_text[post.order] = PostText(" ".join(self.v[k].clean for k in range(lo, hi)
                                                            if self.v[k].depth == 0))
        return self._post_text[post.order]

    def own_text(self, post: Draft) -> PostText:
        """The post's own words (its own and signature lines): what a copy that lost its markers is read against,
        so that the copy ends where the post's own quote of an older message begins (its attribution line)."""
        if post.order not in self._own_text:
            lo, hi = self._post_range[post.order]
            self._own_text[post.order] = PostText(" ".join(
                self.v[k].clean for k in range(lo, hi) if self.v[k].depth == 0 and self.v[k].message == post.msg.key
                and self.v[k].role in (LineRole.OWN, LineRole.SIGNATURE)))
        return self._own_text[post.order]

    def _pastes_header_parent(self, att: Attribution, w: _Walk) -> bool:
        """Mail input: the lines after ``att`` at the walk's depth are the post the mail's headers answer,
        pasted (``pasted_post_start`` over the mail's own lines so far and those lines)."""
        d, v = w.msg, self.v
        hp = d.header_parent
        if w.depth or hp is None or d.answering is hp or hp.order not in self._post_range:
            return False
        before = [t.text for t in d.msg.lines if t.text.strip()]
        after = [v[k].clean for k in range(att.lines[-1] + 1, w.end) if v[k].depth == 0 and not v[k].blank]
        cut = pasted_post_start(before + after, self.post_text(hp))
        return cut is not None and cut >= len(before)

    def pasted_parent(self, start: int, end: int, d: Draft) -> None:
        """Mail input: the post the mail's headers answer, pasted below the reply without quote markers,
        is a copy of that post (role QUOTE), not the reply's words; the paragraph just above it, when it is
        a header block ("From: … / Sent: …") or one line ending with ':', is that post's header."""
        hp = d.header_parent
        if hp is None or d.answering is hp or hp.order not in self._post_range:
            return  # a reply that quoted that post with markers does not paste it as well
        v = self.v
        own = [k for k in range(start, end)
               if v[k].message == d.msg.key and v[k].role == LineRole.OWN and v[k].depth == 0 and not v[k].blank]
        cut = pasted_post_start([v[k].clean for k in own], self.post_text(hp))
        if cut is None:
            return
        first = own[cut]
        head = self._header_above(own[:cut], first)
        gone = set()
        for k in head:
            self.assign(k, LineRole.HEADER, hp, "header-of-pasted-parent")
            gone.add((v[k].index, v[k].tcol))
        for k in range(first, end):
            if v[k].message == d.msg.key and v[k].role == LineRole.OWN and v[k].depth == 0:
                v[k].role, v[k].rule = LineRole.QUOTE, "pasted-parent-text"
                gone.add((v[k].index, v[k].tcol))
        d.msg.lines = [t for t in d.msg.lines if (t.index, t.col) not in gone]
        d.msg.quotes.append(QuotedSpan(hp.msg.key, (v[first].index, v[end - 1].index + 1)))

    def _header_above(self, before: list[int], first: int) -> list[int]:
        """The paragraph of own lines (``before``) right above ``first`` when it is a header block (two
        field lines "Label: …" or more) or one line ending with ':' (an attribution no row reads)."""
        v, mine = self.v, set(before)
        k = first - 1
        while k >= 0 and v[k].blank:
            k -= 1
        para = []
        while k in mine:
            para.append(k)
            k -= 1
        para.reverse()
        fields = sum(bool(_FIELD.match(v[j].clean)) for j in para)
        if fields >= 2 or (len(para) == 1 and v[para[0]].clean.endswith(":")):
            return para
        return []

    def _has_attribution(self, p: int, q: int, depth: int) -> bool:
        return any(self.v[k].depth == depth and self.v[k].clean.endswith("wrote:") for k in range(p, q))

    def comment_draft(self, att: Attribution, depth: int) -> Draft:
        post = next((d for d in self.drafts if d.msg.depth == 0 and d.bug_comment == att.comment
                     and d.msg.lines), None)
        if post is not None:  # the comment it answers is on this page: quote it, don't copy it
            return post
        key = (att.name, att.comment or 0)
        if key not in self._by_comment:
            n = self.new_draft(depth, f"bugzilla-in-reply-to:comment-{att.comment}")
            n.msg.author = att.name
            n.bug_comment = att.comment
            n.msg.partial = True
            self._by_comment[key] = n
        return self._by_comment[key]

    @classmethod
    def answer(cls, d: Draft, n: Draft) -> None:
        """``d`` answers ``n``: the quotes ``d`` goes on to make without attribution are ``n``'s, and ``d`` replies
        to ``n`` (unless it replies to another message already)."""
        d.answering = n
        cls.link_reply(d, n)

    @staticmethod
    def link_reply(d: Draft, n: Draft) -> None:
        if d.msg.in_reply_to is None:
            d.msg.in_reply_to = n.msg.key
