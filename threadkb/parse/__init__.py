"""Parse stage: Source -> Thread. Every input line ends up in exactly one place.

    lines.py        physical lines -> VLines (quote depth, flattened renderings, lost markers)
    boilerplate.py  list footers and archive chrome (data/boilerplate.json)
    pages.py        page renderings -> posts (Bugzilla, GitHub, Google Groups, archives, mbox parts)
    attribution.py  "On … X wrote:" and header blocks (data/attributions.json), dates.py their dates
    quotes.py       own text vs quoted messages vs document quotes, interleaved answers
    people.py       names, signatures, greetings
    threading.py    Message-ID threading and joining quoted copies (mail input)
"""
from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from datetime import datetime, timedelta, timezone
from functools import cache

from threadkb.identity import organisation_name
from threadkb.mailthreads import subject_rules, thread_messages
from threadkb.models import MAIL_ORIGIN, LineAssignment, LineRole, Message, QuotedSpan, Source, TextLine, Thread
from threadkb.parse.attribution import split_glued
from threadkb.parse.boilerplate import mark_boilerplate
from threadkb.parse.dates import message_id_time
from threadkb.parse.lines import VLine, repair_lost_markers, split_lines, split_sign_offs
from threadkb.parse.pages import Post, list_name, segment
from threadkb.parse.people import (
    CLOSING_WORDS,
    dash_signature_start,
    expand_name,
    greeting_name,
    image_placeholder,
    on_behalf,
    predicate_words,
    same_person,
    signature_name,
    word_not_name,
)
from threadkb.parse.quotes import Draft, QuoteBuilder
from threadkb.parse.threading import join_copies, utc_clock

__all__ = ["parse"]


def parse(source: Source) -> Thread:
    """Split one Source into its messages (see the module docstring for the steps)."""
    warnings = list(source.warnings)
    vlines, notes = split_lines(source.lines)
    vlines = split_sign_offs(split_glued(vlines))
    warnings.extend(notes)
    mark_boilerplate(vlines, source.html_hints)
    posts, subject = segment(vlines, source)
    repair_lost_markers(vlines)
    builder = QuoteBuilder(vlines, source.path, warnings)
    builder.set_page([(post.start, post.end) for post in posts])
    tops: list[tuple[Post, Draft]] = []
    by_id: dict[str, Draft] = {}
    for post in posts:
        d = builder.new_draft(0, post.origin)
        _apply_post(d, post)
        d.header_parent = _header_parent(post, by_id)
        if d.header_parent is not None:  # the mail answers this one: its quote is read against it first
            d.msg.in_reply_to = d.header_parent.msg.key
        if post.message_id:
            by_id.setdefault(post.message_id, d)
        tops.append((post, d))
        _headers_only(post, d, vlines, len(posts), warnings)
        _bodiless_mail(post, d, vlines)
        builder.build(post.start, post.end, 0, d)
        builder.pasted_parent(post.start, post.end, d)
        parent_id = post.in_reply_to_id or (post.references[-1] if post.references else None)  # else References'
        if d.header_parent is None and parent_id:  # last entry, the parent (a client that wrote only References)
            _date_from_parent_id(d, parent_id, builder.drafts[d.order + 1:])  # this post's quotes
        if d.header_parent is None and post.addressee is not None:
            _author_from_addressee(post.addressee, builder.drafts[d.order + 1:])
        builder.register_post(post.start, post.end, d)
    for v in vlines:  # anything no walk reached (e.g. header lines left between posts)
        if v.role is None:
            v.role, v.rule = (LineRole.BOILERPLATE, "between-posts") if v.blank else (LineRole.HEADER, "unclaimed")
    drafts = builder.drafts
    _signatures(drafts, vlines)
    _infer_authors(drafts)
    _link_posts(tops)
    drafts = _drop_empty(drafts, vlines)
    _assign_keys(drafts, vlines)
    messages = [d.msg for d in drafts]
    _order_pasted_mails(messages)
    if len(posts) > 1:  # several posts: a quoted copy of one post is that post
        ranges = [(vlines[p.start].index, d.msg.key) for p, d in tops if p.start < min(p.end, len(vlines))]
        messages = _thread_and_join(messages, vlines, ranges, {d.msg.key for _, d in tops}, warnings)
    # every line has a role since the 'unclaimed' pass above (HEADER only satisfies the type)
    assignments = [LineAssignment(v.index, v.role or LineRole.HEADER, v.message, v.rule, v.col) for v in vlines]
    return Thread(source.path, messages, assignments, subject=subject, list_name=list_name(vlines),
                  warnings=warnings, lines=source.lines)


def _headers_only(post: Post, d: Draft, vlines: list[VLine], n_posts: int, warnings: list[str]) -> None:
    """A one-message page whose excerpt ends in or after its headers (a mail archive page cut before the body):
    the message its headers name (author or date) is kept with no text, marked partial (``Draft.cut``), and
    a warning says the body is missing. Not an empty post among others (a search result's empty snippet)."""
    if n_posts != 1 or post.header_lines is None or not (post.author or post.date) or post.end < len(vlines):
        return
    if any(v.role is None and not v.blank for v in vlines[post.start:post.end]):
        return
    d.cut = True
    for v in vlines[post.start:post.end]:  # its blank lines are no words of it
        if v.role is None:
            v.role, v.rule = LineRole.BOILERPLATE, "empty-message"
    who = post.author or post.email or "?"
    when = f", {post.date_text}" if post.date_text else ""
    warnings.append(f"lines {post.header_lines[0] + 1}-{vlines[-1].index + 1 if vlines else 0}: the message of "
                    f"{who}{when} has its headers and no body (the input ends there): kept with no text")


def _bodiless_mail(post: Post, d: Draft, vlines: list[VLine]) -> None:
    """An e-mail of the input (an mbox's or .eml's mail, read from its own headers) whose body holds no words: it was
    sent, so it is a message with no text (a reply names it as its parent, a thread opens with it), as a saved page's
    post cut before its body (``_headers_only``); its header lines stay headers, its blank lines are no words."""
    if post.origin.partition("+")[0] != MAIL_ORIGIN or not (post.author or post.date or post.message_id):
        return
    body = vlines[post.start:post.end]
    if any(v.role is None and not v.blank for v in body):
        return
    d.bodiless = True
    for v in body:
        if v.role is None:
            v.role, v.rule = LineRole.BOILERPLATE, "empty-message"


def _apply_post(d: Draft, post: Post) -> None:
    m = d.msg
    m.author, m.email, m.date, m.date_text = post.author, post.email, post.date, post.date_text
    m.subject, m.message_id = post.subject, post.message_id
    m.references = list(post.references) or ([post.in_reply_to_id] if post.in_reply_to_id else [])
    m.header_lines = post.header_lines
    m.on_behalf_of = post.on_behalf_of
    m.addressees = list(post.addressees)
    d.bug_comment = post.bug_comment


# ------------------------------------------------------------------ signatures and authors
_CLOSING = re.compile(rf"^{CLOSING_WORDS}[,.!]*$", re.I)
MAX_SIGNATURE_LINES = 3
MAX_TITLE_LINES = 2  # more lines a marked sign-off ("-Name", after "Thanks,") may have under it (title, team, company)
_FOOTNOTE = re.compile(r"^\[\d+\]")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


def _signatures(drafts: list[Draft], vlines: list[VLine]) -> None:
    """Trailing sign-off lines ("- Matt", "Ben", "Ben Wilson / Mozilla Root Program") -> SIGNATURE.

    The last content line may be a sign-off on its own; an earlier one (with an organisation line
    after it) needs a closing ("Thanks,") or a blank line before it. Footnotes after it are skipped.
    """
    own_by_message: dict[str, list[VLine]] = {}
    for v in vlines:
        if v.role == LineRole.OWN and v.message is not None and not v.blank:
            own_by_message.setdefault(v.message, []).append(v)
    position = {id(v): n for n, v in enumerate(vlines)}

    @cache
    def lower_words() -> frozenset[str]:  # the words the input writes in lower case (read once, when first asked)
        return frozenset(w for v in vlines for w in _LOWER_WORD.findall(v.clean))

    @cache
    def predicate_use(word: str) -> bool:  # does the input use ``word`` as a predicate ("is splendid")? (lines with it)
        return any(word in predicate_words(v.clean) for v in vlines if word in v.clean)

    for d in drafts:
        content = own_by_message.get(d.msg.key, [])
        notes = [k for k in range(max(0, len(content) - 12), len(content))
                 if _FOOTNOTE.match(content[k].clean) and (_gap_before(vlines, content[k], position)
                                                           or _notes_heading(vlines, content, k, position)
                                                           or (k > 0 and content[k - 1].sign_off is not None)
                                                           or _notes_under_name(content, k))]
        if notes:  # footnotes after the sign-off ("[0] AIUI, …"), with their heading ("References:")
            content = content[: notes[0] - int(_notes_heading(vlines, content, notes[0], position))]
        k = len(content)
        while k > 0 and image_placeholder(content[k - 1].clean):
            k -= 1
        # images under the block ("[cid:image001.png@…]", "[image: Logo]") are the signature's when a sign-off
        # stands above them; the line right above them then needs what a line further up needs (a gap, a closing, a
        # dash or its organisation's lines under it): it is not the message's last line
        content, images = content[:k], content[k:]
        if content and content[-1].sign_off:  # cut off the end of its line (lines.split_sign_offs)
            _mark_signature(d, content[-1:] + images, content[-1].sign_off)
            continue
        if len(content) < 2:
            continue
        dash = dash_signature_start([v.text for v in content])
        if dash is not None and dash > 0:  # "-- " then the signature block
            sig = content[dash:]
            block_name = next(filter(None, (signature_name(v.clean) for v in sig[1:])), None)
            sign_off = _sign_off_above(vlines, content, dash, position, block_name or d.msg.author)
            _mark_signature(d, (content[dash - 1:] if sign_off else sig) + images, block_name or sign_off)
            continue
        best = None
        for n in range(1, min(MAX_SIGNATURE_LINES + MAX_TITLE_LINES, len(content) - 1) + 1):
            cand = content[-n]
            name = signature_name(cand.clean)
            stop = None if name else signature_name(cand.clean, full_stop=True)
            if stop and (_stands_as_sign_off(vlines, content, n, position) or (
                    n == 1 and d.msg.author and same_person(stop, d.msg.author, d.msg.email))):
                name = stop  # "Dimitris." where a sign-off stands, or naming the known author on the last line
            if not name or word_not_name(name, lower_words, predicate_use):
                continue  # "Reassuring." where the thread writes "reassuring": a word
            if _introduced(vlines, content, n, position):
                continue  # "See the two documents:" / "Baseline Requirements": what a colon line introduces
            tail = content[len(content) - n + 1:]
            closing = bool(_CLOSING.match(content[-n - 1].clean))
            dashed = cand.clean.startswith(("-", "–", "—"))
            org = organisation_name(name)
            if n > MAX_SIGNATURE_LINES and not (dashed or closing or (best is not None and best[4])):
                continue  # further up, only a marked sign-off ("-Sheeri Cabral" above title and company lines), or
                # one above a line read only for the organisation's lines under it (a title: "Senior Manager")
            if best is not None and not best[3] and len(best[1].split()) == 1 and d.msg.author is None \
                    and (dashed or closing or len(name.split()) > 1):
                best = None  # a marked or full name beats a bare word on the last line ("Mozilla", "Google")
            under_orgs = n > 1 and not org and _above_organisation(tail)
            if (n > 1 or images) and not (closing or dashed or under_orgs or _gap_before(vlines, cand, position)):
                continue  # (a name right above its organisation's line, "Brett L" / "Google Trust Services", is one)
            if not (closing or dashed) and d.msg.author and not same_person(name, d.msg.author, d.msg.email):
                continue  # a short last line that is not the known author's name ("Learn Spanish")
            if any(len(t.clean) > 60 for t in tail):
                continue
            person = (len(name.split()) > 1 or closing or dashed or not name.isupper()) and not org
            if best is None or (person and not best[2]) or (person and best[4]):
                # (a sign-off further up beats a line read only for the organisation's line under it: that line
                # is a title: "[Thanks,] / Ben Wilson / Root Store Manager / Mozilla" is Ben Wilson, not his title)
                best = (n, name, person, closing or dashed, under_orgs and not (closing or dashed))
            if person and (closing or dashed):
                break
        if best is None:
            continue
        n, name = best[0], best[1]
        _mark_signature(d, content[len(content) - n:] + images, name)


_SENTENCE_END = (".", "!", "?", ":", ")", "]")
MIN_BODY_WORDS = 4  # words of a line above a sign-off that make it the message's body (not only "Hej,")


def _stands_as_sign_off(vlines: list[VLine], content: list[VLine], n: int, position: dict[int, int]) -> bool:
    """Does ``content[-n]`` stand where a sign-off stands: under a closing ("Thanks," / "Dimitris."), or alone
    after the message's last paragraph (a blank line before it, a sentence ended above it, and a body above:
    "Svar." under a greeting is the whole reply, not a name)? A name closed by a full stop is read only there."""
    above = content[-n - 1]
    if _CLOSING.match(above.clean):
        return True
    return (_gap_before(vlines, content[-n], position) and above.clean.endswith(_SENTENCE_END)
            and any(len(v.clean.split()) >= MIN_BODY_WORDS for v in content[:-n]))


def _sign_off_above(vlines: list[VLine], content: list[VLine], dash: int, position: dict[int, int],
                    who: str | None) -> str | None:
    """The sign-off right above a "-- " signature block ("Dimitris." / "--" / "Dimitris Zacharopoulos"): its
    name, when it stands as a sign-off and can name the block's person (or the known author)."""
    if dash < 2:
        return None
    line = content[dash - 1].clean
    name = signature_name(line) or (signature_name(line, full_stop=True)
                                    if _stands_as_sign_off(vlines, content[:dash], 1, position) else None)
    if name is None or (who is not None and not same_person(name, who)):
        return None
    return name


MAX_LIST_LINES = 20  # name-shaped lines under a colon line that ``_introduced`` walks up (a list of names)


def _introduced(vlines: list[VLine], content: list[VLine], n: int, position: dict[int, int]) -> bool:
    """Is ``content[-n]`` among the name-shaped lines right under a line ending with a colon ("See the two
    documents:" / "Baseline Requirements"), no blank line or closing between? A colon line introduces what follows
    it: a list, a term, a quoted name, never the writer's sign-off ("Regards:" is a closing, not such a line)."""
    k = len(content) - n
    for _ in range(MAX_LIST_LINES):
        if k == 0 or _gap_before(vlines, content[k], position):
            return False
        above = content[k - 1].clean
        if above.endswith(":"):
            return not _CLOSING.match(above[:-1])
        if not (signature_name(above) or organisation_name(above)):
            return False  # a sentence between: the colon line introduced that, not the name
        k -= 1
    return False


def _above_organisation(tail: list[VLine]) -> bool:
    """Do the lines under a sign-off candidate end with its organisation's lines ("Google Trust Services"), at most
    ``MAX_TITLE_LINES`` lines of its title above them ("Root Store Manager" / "Mozilla")?"""
    orgs = next((k for k, t in enumerate(reversed(tail)) if not organisation_name(t.clean)), len(tail))
    return orgs > 0 and len(tail) - orgs <= MAX_TITLE_LINES


def _notes_under_name(content: list[VLine], k: int) -> bool:
    """Does footnote ``content[k]`` open the notes right under a sign-off name ("Gerv" / "[0]" / "http://…" /
    "[1] https://…"), every line from it to the end a footnote or a bare link?"""
    return k > 0 and signature_name(content[k - 1].clean) is not None and all(
        _FOOTNOTE.match(v.clean) or _BARE_LINK.match(v.clean) for v in content[k:])


_BARE_LINK = re.compile(r"^<?(?i:https?://|www\.)\S+>?$")
_NOTES_HEADING = re.compile(r"^[^\W\d_][\w ]{0,30}:$")  # "References:", "Links:", "Footnotes:"


def _notes_heading(vlines: list[VLine], content: list[VLine], k: int, position: dict[int, int]) -> bool:
    """Is the line before footnote ``content[k]`` a short heading of the notes after a blank line ("References:")?"""
    return k > 0 and bool(_NOTES_HEADING.match(content[k - 1].clean)) and _gap_before(vlines, content[k - 1], position)


def _mark_signature(d: Draft, sig: list[VLine], name: str | None) -> None:
    """The lines ``sig`` are the message's signature; ``name`` its sign-off name; "(on behalf of X)" in them the
    organisation the message speaks for (``Message.on_behalf_of``, unless the page gave one)."""
    for v in sig:
        v.role, v.rule = LineRole.SIGNATURE, "signature"
    d.signature = name
    d.msg.on_behalf_of = d.msg.on_behalf_of or next(filter(None, (on_behalf(v.clean) for v in sig)), None)
    d.msg.signature = [v.clean for v in sig]
    keep = {(v.index, v.tcol) for v in sig}
    d.msg.lines = [t for t in d.msg.lines if (t.index, t.col) not in keep]


def _gap_before(vlines: list[VLine], v: VLine, position: dict[int, int]) -> bool:
    i = position[id(v)]
    return i > 0 and vlines[i - 1].blank and vlines[i - 1].message == v.message


def _infer_authors(drafts: list[Draft]) -> None:
    """Fill missing authors from sign-offs and greetings; expand first names to known full names."""
    known = [d.msg.author for d in drafts if d.msg.author]
    for d in drafts:
        if d.msg.author is None and d.signature:
            d.msg.author = expand_name(d.signature, known)
            d.msg.origin += "+author-from-signature"
    by_key = {d.msg.key: d for d in drafts}
    for d in drafts:
        if d.msg.author is not None or d.msg.in_reply_to is None:
            continue
        parent = by_key.get(d.msg.in_reply_to)
        first = next((t.text for t in parent.msg.lines if t.text.strip()), None) if parent else None
        name = greeting_name(first) if first else None
        if name:
            full = expand_name(name, known)
            if full != name:  # only when the greeting names a known participant
                d.msg.author = full
                d.msg.origin += "+author-from-parent-greeting"


def _first_line(m: Message) -> int | None:
    return m.header_lines[0] if m.header_lines else (m.lines[0].index if m.lines else None)


def _later(a: datetime, b: datetime) -> bool:
    """Is ``a`` surely later than ``b``? Two aware times compare as they are. A time without zone (a "Sent:" line) is
    its writer's wall clock, in a zone the text does not give: only a difference beyond the widest time-zone offset
    (once per naive time) is sure."""
    offset = timedelta(hours=subject_rules().max_zone_offset_hours)
    if a.tzinfo is not None and b.tzinfo is not None:
        return a > b
    return utc_clock(a) - utc_clock(b) > offset * ((a.tzinfo is None) + (b.tzinfo is None))


def _sure_order(chain: list[Message], dates: list[datetime]) -> list[Message] | None:
    """The chain's mails oldest first, by what ``_later`` can say surely, or None when nothing it says contradicts
    the newest-first reading (no mail is surely later than one pasted above it). A mail is placed only after every
    mail surely earlier than it; among mails it cannot order (a zoneless time within the zone allowance of another)
    the paste order stays, top first. ``_later`` is a strict order (a difference beyond the allowance of a and b and
    of b and c exceeds that of a and c), so this always places every mail."""
    n = len(chain)
    before: list[list[int]] = [[] for _ in range(n)]  # i -> the mails surely later than i
    waiting = [0] * n  # i -> how many mails surely earlier than i are not placed yet
    contradicted = False
    for i in range(n):
        for j in range(n):
            if i != j and _later(dates[j], dates[i]):
                before[i].append(j)
                waiting[j] += 1
                contradicted = contradicted or j > i
    if not contradicted:
        return None
    ready = [i for i in range(n) if not waiting[i]]
    heapq.heapify(ready)
    ordered: list[Message] = []
    while ready:
        i = heapq.heappop(ready)
        ordered.append(chain[i])
        for j in before[i]:
            waiting[j] -= 1
            if not waiting[j]:
                heapq.heappush(ready, j)
    return ordered


def _order_pasted_mails(messages: list[Message]) -> None:
    """Mails pasted one after another into one text, each under its own header block ("From: / Sent: / To: /
    Subject:") and none quoted with markers, are read newest first (Outlook's order: each block below a reply is its
    parent). When their dates say otherwise (a block's mail is surely older than one it would answer: pasted oldest
    first, or in no order), the chain follows the dates (``_sure_order``): each mail answers the one placed before it,
    the first keeps the chain's outer parent. Only a chain whose every mail is dated, and that the dates contradict, is changed; each
    re-linked message records it in its origin ("+ordered-by-date")."""
    by_key = {m.key: m for m in messages}
    below: dict[str, Message] = {}  # a mail -> the pasted block right below it that it was read to answer
    for m in messages:
        p = by_key.get(m.in_reply_to) if m.in_reply_to else None
        if p is None or not p.origin.startswith("header-block") or p.depth != m.depth:
            continue
        top, under = _first_line(m), _first_line(p)
        if top is not None and under is not None and under > top:
            below[m.key] = p
    heads = set(below) - {p.key for p in below.values()}
    for key in [m.key for m in messages if m.key in heads]:
        chain = [by_key[key]]
        while chain[-1].key in below and len(chain) <= len(messages):
            chain.append(below[chain[-1].key])
        dates = [m.date for m in chain]
        if not all(isinstance(d, datetime) for d in dates):
            continue
        ordered = _sure_order(chain, dates)  # type: ignore[arg-type]
        if ordered is None:
            continue  # newest first, as read
        outer = chain[-1].in_reply_to
        for n, m in enumerate(ordered):
            parent = outer if n == 0 else ordered[n - 1].key
            if m.in_reply_to != parent:
                m.in_reply_to = parent
                m.origin += "+ordered-by-date"


def _header_parent(post: Post, earlier: dict[str, Draft]) -> Draft | None:
    """The earlier post that a mail's In-Reply-To (else its nearest References entry) names."""
    if post.in_reply_to_id in earlier:
        return earlier[post.in_reply_to_id]
    return next((earlier[r] for r in reversed(post.references) if r in earlier), None)


MAX_REPLY_DELAY = timedelta(days=365)  # a parent stamped longer before its reply is not trusted
CLOCK_SLACK = timedelta(minutes=2)  # clocks of two senders disagree this much
NAIVE_SLACK = timedelta(hours=14)  # a reply dated without zone: any zone


def _date_from_parent_id(d: Draft, parent_id: str, drafts: list[Draft]) -> None:
    """A mail whose parent is not in the input (a standalone .eml): the quoted message its attribution
    introduces is the message its In-Reply-To names (the client that wrote "X wrote:" answered that one).
    When the attribution gives no date, the time the parent's own client stamped into its Message-ID
    (``message_id_time``: git send-email, mutt, Mozilla) dates it, if it falls before the reply, within a
    year. The message's origin names the rule. ``drafts``: the drafts made after ``d`` (its quotes)."""
    n = next((x for x in drafts if x.msg.key == d.msg.in_reply_to), None)
    mine = d.msg.date
    if n is None or n.msg.depth != 1 or n.msg.date is not None or not n.msg.origin.startswith("attribution:") \
            or not isinstance(mine, datetime):
        return
    got = message_id_time(parent_id)
    if got is None:
        return
    when, rule = got
    slack = CLOCK_SLACK if mine.tzinfo else NAIVE_SLACK
    ref = mine if mine.tzinfo else mine.replace(tzinfo=timezone.utc)
    if ref - MAX_REPLY_DELAY - slack <= when <= ref + slack:
        n.msg.date = when
        n.msg.origin += f"+date-from-message-id:{rule}"


def _author_from_addressee(addressee: tuple[str, str | None], drafts: list[Draft]) -> None:
    """A mail whose parent is not in the input: the message its own "On …, you wrote:" / "In message <id> you
    wrote:" quotes (an attribution at the mail's top level naming the reader, not a writer) is by the one person the
    mail is addressed to (``Post.addressee``). ``drafts``: the drafts made after the mail's (its quotes)."""
    for n in drafts:
        att = n.attribution
        if n.msg.depth == 1 and att is not None and att.addressee and n.msg.author is None:
            n.msg.author, n.msg.email = addressee
            n.msg.origin += "+author-from-to"


def _link_posts(tops: list[tuple[Post, Draft]]) -> None:
    """Reply links between top-level posts: Message-ID headers, @mentions, the post the page's structure
    says it answers (``Post.answers``), a greeting that names the author of an earlier post ("Hi Ben,"
    after Ben Wilson's post)."""
    by_id = {p.message_id: d for p, d in tops if p.message_id}
    by_post = {id(p): d for p, d in tops}
    for n, (post, d) in enumerate(tops):
        if d.msg.in_reply_to is not None:
            continue
        parent = by_id.get(post.in_reply_to_id) if post.in_reply_to_id else None
        if parent is None and post.references:
            parent = next((by_id[r] for r in reversed(post.references) if r in by_id), None)
        if parent is None and post.mentions:
            for _, earlier in reversed(tops[:n]):
                if earlier.msg.author and earlier.msg.author.lower() in {m.lower() for m in post.mentions}:
                    parent = earlier
                    break
        if parent is None and post.answers is not None:
            parent = by_post.get(id(post.answers))
        if parent is None and n > 0:
            first = next((t.text for t in d.msg.lines if t.text.strip()), "")
            name = greeting_name(first)
            for _, earlier in reversed(tops[:n]) if name else ():
                if name and earlier.msg.author and earlier.msg.author.split()[0].lower() == name.lower():
                    parent = earlier
                    break
        if parent is not None and parent is not d:
            d.msg.in_reply_to = parent.msg.key


def _drop_empty(drafts: list[Draft], vlines: list[VLine]) -> list[Draft]:
    """Drafts with no words of their own (an empty reply around a quote, an attribution whose quote
    the excerpt cut off, a page header) are not messages: their lines become boilerplate/header. Kept: a post
    that its page or mail headers name (author or date) whose walk ended on an attribution (``Draft.cut``): it was
    written, the excerpt cut its words (partial)."""
    keep, dropped = [], {}
    for d in drafts:
        if any(t.text.strip() for t in d.msg.lines) or d.msg.document_quotes or d.forward or d.bodiless:
            keep.append(d)
            continue
        if d.cut and d.msg.depth == 0 and (d.msg.author or d.msg.date):
            d.msg.partial = True  # a post its page or headers name, whose words the excerpt cut after an attribution
            keep.append(d)
            continue
        dropped[d.msg.key] = d.msg.in_reply_to  # a reply to it answers what it answered (a collapsed chain)
    for v in vlines if dropped else ():  # one pass for all the dropped (was one per dropped draft: quadratic)
        if v.message in dropped:
            v.message = None
            if v.role == LineRole.OWN:
                v.role, v.rule = LineRole.BOILERPLATE, "empty-message"
    for d in keep:
        seen = set()
        while d.msg.in_reply_to in dropped and d.msg.in_reply_to not in seen:
            seen.add(d.msg.in_reply_to)
            d.msg.in_reply_to = dropped[d.msg.in_reply_to]
        if d.msg.in_reply_to in dropped:
            d.msg.in_reply_to = None
        for q in d.msg.quotes:
            if q.message in dropped:
                q.message = None
    return keep


def _thread_and_join(messages: list[Message], vlines: list[VLine], posts: list[tuple[int, str]], top: set[str],
                     warnings: list[str]) -> list[Message]:
    """Message-ID threading and one message for the copies of a message (mail input). ``posts``: the first input
    line and the key of each post that has lines, in page order; ``top``: the keys of all posts. The lines of a
    dropped copy go where they are, never to the survivor's text (which does not hold them):
    - in a post that is in the input twice (the same mail sent or archived twice; the first reading is kept), the
      second copy's own and signature lines are the survivor's, held apart in ``Message.duplicate_lines``, and
      the rest (what it quotes, its attributions, a quote found only there: ``_drop_found_only_in_copies``) is
      boilerplate; rule ``duplicate-of:<key>``, and a warning;
    - a copy quoted in a post is a quote of the message quoting it (``_quote_of_copy``): the first message that
      quotes it with markers, else the post holding it (quoted without markers: an Outlook reply above it)."""
    if any(m.message_id for m in messages):
        keyed = {m.key: m for m in reversed(messages)}  # the first of a key (keys are unique: ``_assign_keys``)
        for key, parent in thread_messages(messages).items():
            m = keyed[key]
            if m.in_reply_to is None and parent and parent != key:
                m.in_reply_to = parent
    quoter: dict[str, Message] = {}  # a quoted message's key -> the first message that quotes it
    quoted = {m.key for m in messages if m.depth}  # found in a quote (a post sent twice is no quote of itself)
    for m in messages:
        for q in m.quotes:
            if q.message in quoted:
                quoter.setdefault(q.message, m)
    survivors = join_copies(messages)
    if len(survivors) == len(messages):
        return survivors
    alias = {c: m.key for m in survivors for c in m.copies}
    by_key = {m.key: m for m in survivors}
    starts = [first for first, _ in posts]
    duplicate: dict[str, list[int]] = {}  # a post read twice (its dropped key) -> the lines of that copy
    for v in vlines:
        if v.message not in alias:
            continue
        post = _post_holding(posts, starts, v.index)
        if post in alias:  # in the second copy of a post: its own words are the survivor's second copy
            duplicate.setdefault(post, []).append(v.index)
            if v.message == post and v.role in (LineRole.OWN, LineRole.SIGNATURE):
                v.message, v.rule = alias[post], f"duplicate-of:{alias[post]}"
                by_key[alias[post]].duplicate_lines.append(TextLine(v.text, v.index, v.tcol))
            else:  # what it quotes, its attributions: read in the first copy
                v.role, v.rule, v.message = LineRole.BOILERPLATE, f"duplicate-of:{alias[v.message]}", None
            continue
        by = quoter.get(v.message)
        seen = {v.message}
        while by is not None and by.key in alias and by.key not in seen:  # a copy inside a dropped copy:
            seen.add(by.key)  # the message quoting the outer one holds both
            by = quoter.get(by.key)
        if (by is None or by.key in alias) and post is not None and v.message not in top:
            by = by_key.get(post)  # a copy found in the post without markers (an Outlook reply above its parent)
        if by is not None and by.key not in alias and v.role in _COPY_ROLES:
            _quote_of_copy(by, alias[v.message], v)
        else:
            v.message = alias[v.message]
    if duplicate:
        survivors = _drop_found_only_in_copies(survivors, vlines, posts, starts, top, alias, duplicate)
    for key, lines in duplicate.items():
        warnings.append(f"lines {min(lines) + 1}-{max(lines) + 1}: a second copy of message {alias[key]} "
                        f"(the same post twice in the input), read as a duplicate")
    return survivors


def _post_holding(posts: list[tuple[int, str]], starts: list[int], index: int) -> str | None:
    """The key of the post whose lines hold input line ``index`` (``posts``: first line and key, in page order;
    ``starts``: their first lines)."""
    at = bisect_right(starts, index) - 1
    return posts[at][1] if at >= 0 else None


def _drop_found_only_in_copies(survivors: list[Message], vlines: list[VLine], posts: list[tuple[int, str]],
                               starts: list[int], top: set[str], alias: dict[str, str],
                               duplicate: dict[str, list[int]]) -> list[Message]:
    """A message found only inside second copies of posts (a quote too short for ``join_copies`` to match with its
    twin in the first copy: "What is the current status of Numeric2?") is that twin's copy: its lines are the copy's
    (boilerplate, rule ``duplicate-of:<post>``) and it is no message. Returns the survivors without them."""
    inside: dict[str, bool] = {}
    for v in vlines:
        if v.message is not None and v.message not in top:
            inside[v.message] = inside.get(v.message, True) and _post_holding(posts, starts, v.index) in duplicate
    stray = {key for key, only in inside.items() if only}
    if not stray:
        return survivors
    for v in vlines:
        if v.message in stray:
            post = _post_holding(posts, starts, v.index) or ""  # a post read twice (``inside``)
            duplicate.setdefault(post, []).append(v.index)
            v.role, v.rule, v.message = LineRole.BOILERPLATE, f"duplicate-of:{alias.get(post, post)}", None
    kept = [m for m in survivors if m.key not in stray]
    for m in kept:
        m.in_reply_to = None if m.in_reply_to in stray else m.in_reply_to
        for q in m.quotes:
            q.message = None if q.message in stray else q.message
    return kept


_COPY_ROLES = (LineRole.OWN, LineRole.SIGNATURE, LineRole.HEADER)


def _quote_of_copy(quoter: Message, survivor: str, v: VLine) -> None:
    """A line of a dropped copy of a message (``join_copies``: the same message quoted in two posts) is a line that
    ``quoter`` quotes from the survivor, not one the survivor holds: a QUOTE line of ``quoter`` with a quoted span."""
    v.role, v.rule, v.message = LineRole.QUOTE, f"copy-of:{survivor}", quoter.key
    if any(q.lines[0] <= v.index < q.lines[1] for q in quoter.quotes):
        return  # inside a quote ``quoter`` holds already (of the copy, or of a message that quoted it)
    span = next((q for q in quoter.quotes if q.message == survivor and q.lines[0] - 1 <= v.index <= q.lines[1]), None)
    if span is not None:  # the span the walk gave the copy's words, widened by its attribution (or a line more)
        span.lines = (min(span.lines[0], v.index), max(span.lines[1], v.index + 1))
    else:
        quoter.quotes.append(QuotedSpan(survivor, (v.index, v.index + 1)))


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:24] or "anon"


def _assign_keys(drafts: list[Draft], vlines: list[VLine]) -> None:
    """Readable, unique keys: author-slug + date (or comment number / position)."""
    rename: dict[str, str] = {}
    used: set[str] = set()
    next_n: dict[str, int] = {}
    for d in drafts:
        m = d.msg
        base = _slug(m.author) if m.author else "msg"
        if isinstance(m.date, datetime):
            base += m.date.strftime("-%Y%m%d-%H%M")
        elif m.date is not None:
            base += m.date.strftime("-%Y%m%d")
        elif d.bug_comment is not None:
            base += f"-c{d.bug_comment}"
        key, n = base, next_n.get(base, 2)
        while key in used:
            key, n = f"{base}-{n}", n + 1
        next_n[base] = n  # the next free number of this base (a page of many same-key posts stays linear)
        used.add(key)
        rename[m.key] = key
    for d in drafts:
        m = d.msg
        m.key = rename[m.key]
        m.in_reply_to = rename.get(m.in_reply_to) if m.in_reply_to else None
        for q in m.quotes:
            q.message = rename.get(q.message) if q.message else None
    for v in vlines:
        if v.message is not None:
            v.message = rename.get(v.message)
