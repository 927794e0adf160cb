"""Parse steps that read a page once, not once per message (hostile: thousands of messages in one page):

- ``threading._copies_inside`` finds the texts inside each text by one automaton over the texts' words (first a
  comparison with every text opening with the same word: 20 s for a page of 400 posts quoting lines that all open with
  "quoted"; then a look-up of the openings and a substring test per text holding one: n² for n anonymous copies);
- ``parse._drop_empty`` gives the lines of every dropped draft back in one pass over the lines (was one per dropped
  draft: 6.7 s on that page).
Both give what the old definitions gave (oracle: the pairs whose text is inside; parse --lines of the corpus, yardsticks and fixtures is
unchanged), and read their input a bounded number of times.
"""
from __future__ import annotations

import dataclasses
import random
import sys
from datetime import datetime, timedelta, timezone

import pytest

import threadkb.parse as P
from counting import CountingList, lines_run
from test_quote_depths import _page
from threadkb import mailthreads
from threadkb.ingest import ingest
from threadkb.models import MAIL_ORIGIN, Message, TextLine
from threadkb.parse import parse, quotes as Q, threading


def _pairs_by_scan(words: list[list[str]], k: int) -> set[tuple[int, int]]:
    """The definition before the index (the oracle)."""
    openings: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        if len(w) >= k:
            openings.setdefault(w[0], []).append(i)
    pairs = set()
    for j, w in enumerate(words):
        for s in range(len(w) - k + 1):
            for i in openings.get(w[s], ()):
                if i != j and w[s:s + k] == words[i][:k]:
                    pairs.add((i, j))
    return pairs


def _inside_by_scan(words: list[list[str]], k: int, sides) -> set[tuple[int, int]]:
    """The pairs ``join_copies`` tested before the automaton (the oracle): the scan's, less two e-mails and two
    authors, whose text is a substring of the other's (words joined by blanks)."""
    joined = [" ".join(w) for w in words]
    return {(i, j) for i, j in _pairs_by_scan(words, k) if not (sides[i][0] and sides[j][0])
            and not (sides[i][1] and sides[j][1] and sides[i][1] != sides[j][1]) and joined[i] in joined[j]}


@pytest.mark.parametrize("seed", range(200))
def test_copies_inside_are_the_scan_s_pairs_whose_text_is_inside(seed):
    """Random texts of few words, some the start or end of others ("ab" ends "aab" and starts "abb": a text may stand
    inside another with its first word cut at the front and its last at the end), with sides (e-mail or not,
    author): the automaton's pairs are exactly the oracle's."""
    rng = random.Random(seed)
    vocab = ["a", "b", "ab", "aab", "abb", "ba"][: rng.randint(2, 6)]
    words = [[rng.choice(vocab) for _ in range(rng.randint(0, 10))] for _ in range(rng.randint(1, 14))]
    words += [w[rng.randint(0, 2):len(w) - rng.randint(0, 2)] for w in words[:4]]  # pieces of texts: many inside
    sides = [(rng.random() < .5, rng.choice([None, "x", "y"])) for _ in words]
    k = rng.randint(2, 4)
    assert threading._copies_inside(words, k, sides) == _inside_by_scan(words, k, sides)
    assert threading._copies_inside(words, k) == _inside_by_scan(words, k, [(False, None)] * len(words))
    # on both sides of the limit of words one automaton holds: several automata, and texts longer than it tested alone
    limit = rng.randint(0, 12)
    assert threading._copies_inside(words, k, sides, limit) == _inside_by_scan(words, k, sides)
    assert threading._copies_inside(words, k, None, limit) == _inside_by_scan(words, k, [(False, None)] * len(words))


@pytest.mark.parametrize("limit,shape", [(50, "many"), (50, "long"), (50, "both"), (1000, "both")])
def test_an_automaton_holds_at_most_the_table_s_words(monkeypatch, limit, shape):
    """The automaton of texts found inside others takes about 350 bytes a word (review13c: 15 million words of
    copies, 5 GB): with ``copy_automaton_max_words`` set to ``limit``, no automaton has more nodes than that (+1, its
    root), and the pairs are the oracle's. Texts: 40 copies of 12 words of a mail of 600 words ("many": 400 words of
    middles enter the automaton), the mail and its second half ("long": its 298 enter), or both. Before: one automaton of
    every text (401, 299 and 689 nodes: the first three fail; the last is under its limit, a guard)."""
    mail = [f"w{i}" for i in range(600)]
    words = {"many": [], "long": [mail[300:]], "both": [mail[300:]]}[shape] + [mail]
    if shape != "long":
        words += [mail[s:s + 12] for s in range(0, 600, 15)]
    monkeypatch.setattr(threading, "subject_rules",
                        lambda: dataclasses.replace(mailthreads.subject_rules(), copy_automaton_max_words=limit))
    real, nodes = threading._Middles, []

    def counted(texts):
        middles = real(texts)
        nodes.append(len(middles.depth))
        return middles

    monkeypatch.setattr(threading, "_Middles", counted)
    assert threading._copies_inside(words, 8) == _inside_by_scan(words, 8, [(False, None)] * len(words))
    assert max(nodes, default=1) <= limit + 1  # none when every text is longer than the limit (a substring test each)


def _form_copies(shape: str, n: int) -> tuple[list[list[str]], list]:
    """n mails by 10 authors and n quoted copies of them with no author, all opening with the same 8 words: "last" a
    form whose last word differs, "middle" a form of 12 words whose ninth differs, "letters" 30 words, 10 alike, the
    rest the mail's own."""
    def text(i):
        if shape == "last":
            return f"in my reading subsection 2 applies to batch {i}."
        if shape == "middle":
            return f"in my reading subsection 2 applies to batch {i} of the list."
        return "dear members of the forum, please note the following: " + " ".join(f"w{i}x{t}" for t in range(20))
    words = [text(i).split() for i in range(n)] * 2
    return words, [(True, f"u{i % 10}") for i in range(n)] + [(False, None)] * n


@pytest.mark.parametrize("shape,n", [("last", 100), ("last", 300), ("middle", 100), ("middle", 300),
                                     ("letters", 40), ("letters", 120)])
def test_texts_are_read_about_once_whatever_the_number_of_automata(monkeypatch, shape, n):
    """With ``copy_automaton_max_words`` at 60, many texts opening alike fill several automata (capmem13): each read
    every text holding one of its openings, so the words read grew as words² / 60. Now the automata hold the middles
    in their order (copies of a form share their nodes: one automaton for "last") and each reads a text only from where
    one of its middles can start: the words read are at most the texts' words, and the pairs are the oracle's. Before
    (all six fail), words read of the texts' words: "last" 34,200 of 1,800 and 305,100 of 5,400; "middle" 62,400 of 2,400
    and 540,000 of 7,200; "letters" 69,600 of 2,320 and 626,400 of 6,960."""
    words, sides = _form_copies(shape, n)
    monkeypatch.setattr(threading, "subject_rules",
                        lambda: dataclasses.replace(mailthreads.subject_rules(), copy_automaton_max_words=60))
    real, read = threading._Middles.inside, [0]

    def counted(self, w, *stretch):
        read[0] += (stretch[1] if len(stretch) > 1 and stretch[1] is not None else len(w)) - (stretch[0] if stretch else 0)
        return real(self, w, *stretch)

    monkeypatch.setattr(threading._Middles, "inside", counted)
    assert threading._copies_inside(words, 8, sides) == _inside_by_scan(words, 8, sides)
    assert read[0] <= sum(len(w) for w in words), read[0]


@pytest.mark.parametrize("form,n", [(60, 200), (120, 400)])
def test_routes_cost_no_more_per_word_however_many_lengths_the_starts_have(monkeypatch, form, n):
    """Quoted copies of a form cut at n different lengths (each reply quoting as much of it as it likes) and a few
    texts holding it all: the automata's starts (``_Routes``) are prefixes of the form of as many lengths. The router
    rolled one hash per length along every word (words x lengths built-in calls: 3x slower than reading every text
    once per automaton on 300 words x 2,000 copies, review14a); a trie of the starts walked from each word costs the
    words plus the words matched, at most 5 built-in calls a word. Before: 213,466 and 1,442,088 calls for 7,826 and
    30,049 words (both fail); after: 30,713 and 111,459."""
    rng = random.Random(form)
    words = [[f"f{t}" for t in range(rng.randint(3, form))] + [f"u{i}"] for i in range(n)]
    words += [["x"] + [f"f{t}" for t in range(form)] + [f"v{i}", "y"] for i in range(n // 10)]
    monkeypatch.setattr(threading, "subject_rules",
                        lambda: dataclasses.replace(mailthreads.subject_rules(), copy_automaton_max_words=form * 4))
    real, calls = threading._Routes.windows, [0]

    def counted(self, texts, w):
        def tracer(frame, event, arg):
            calls[0] += event == "c_call"
        sys.setprofile(tracer)
        try:
            return real(self, texts, w)
        finally:
            sys.setprofile(None)

    monkeypatch.setattr(threading._Routes, "windows", counted)
    assert threading._copies_inside(words, 2) == _inside_by_scan(words, 2, [(False, None)] * len(words))
    assert 0 < calls[0] <= 5 * sum(len(w) for w in words), (calls[0], sum(len(w) for w in words))


def _repeated_run_copies(unit: list[str], n: int, longest: int) -> list[list[str]]:
    """n quoted copies of a run of ``unit`` repeated (a dump of zeros, a cycle of words, a log of one line), each cut at
    a length of its own (8 to ``longest`` words) after the same first word, and three texts holding the whole run."""
    rng = random.Random(len(unit))
    def run(m):
        return [unit[t % len(unit)] for t in range(m)]
    return ([["serial", *run(rng.randint(8, longest)), f"u{i}"] for i in range(n)]
            + [["serial", *run(longest), "end"] for _ in range(3)])


@pytest.mark.parametrize("unit", [["00"], ["ab", "cd", "ef"], "ocsp responder returned 503 for serial 00 at".split()])
@pytest.mark.parametrize("limit", [300, 200_000])
def test_a_repeated_run_quoted_at_many_lengths_costs_no_more_per_word(monkeypatch, unit, limit):
    """A run of words repeated (zeros of a hex dump, a cycle, the same log line) quoted at many lengths: every shorter
    copy's middle stands at each word of a longer one. The automaton of middles met each of them at each word (the
    chain of its suffixes: words x lengths), and the router walked its trie of starts from each word as deep as the run
    (words x the starts' length, session 15's worst case of the router); now a middle met before with the same word
    after it stops the chain (its suffixes were read then), and the starts are found by one automaton. Pairs the
    oracle's; built-in calls per word at most 10 with one automaton, 30 at limit 300 (three automata, each reading
    every text: all their words are the run). After: 19.4 / 19.6 / 17.1 and 6.1 / 5.7 / 5.3. Before (all six fail),
    at limit 300 / 200,000: zeros 518 / 145, cycle 185 / 50, log 74 / 21."""
    words = _repeated_run_copies(unit, 120, 800)
    monkeypatch.setattr(threading, "subject_rules",
                        lambda: dataclasses.replace(mailthreads.subject_rules(), copy_automaton_max_words=limit))
    calls = [0]

    def tracer(frame, event, arg):
        calls[0] += event == "c_call"

    sys.setprofile(tracer)
    try:
        pairs = threading._copies_inside(words, 8)
    finally:
        sys.setprofile(None)
    assert pairs == _inside_by_scan(words, 8, [(False, None)] * len(words))
    assert calls[0] <= {300: 30, 200_000: 10}[limit] * sum(len(w) for w in words), (calls[0], sum(len(w) for w in words))


class _CountingWords(list):
    slices = 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            _CountingWords.slices += 1
        return list.__getitem__(self, key)


@pytest.mark.parametrize("n", [300, 1200])
def test_openings_are_looked_up_not_compared_with_every_text(n):
    """``n`` texts opening with the same word, each holding its own opening and the next text's, and once in ten a
    piece of three words that stands in two of them: the pairs are those pieces in their texts, read with a bounded
    number of slices (first: one per position and text opening with that word)."""
    words = [_CountingWords(["quoted", f"line{i}", "of", "quoted", f"line{i + 1}", "of"]) for i in range(n)]
    words += [_CountingWords(["quoted", f"line{i + 1}", "of"]) for i in range(0, n, 10)]
    _CountingWords.slices = 0
    pieces = {(n + p, i) for p, i in enumerate(range(0, n, 10))}
    assert threading._copies_inside(words, 3) == pieces | {(n + p, i + 1) for p, i in enumerate(range(0, n, 10))}
    assert _CountingWords.slices <= 3 * sum(len(w) for w in words)


def far_quotes_mbox(n: int, back: int = 40) -> str:
    """n mails, each answering the one before and quoting, with no attribution, a sentence of the mail ``back``
    before it (beyond the posts a quote is compared with by ``quotes_text``: ``post_quoted`` finds it)."""
    def mail(i):
        b = max(0, i - back)
        own = f"Mail {i} says the batch {i} of certificates was revoked on day {i} after the audit of site {i}."
        quote = f"> Mail {b} says the batch {b} of certificates was revoked on day {b} after the audit\n\n" if i else ""
        return (f"From x Fri Jul 23 00:00:00 2010\nFrom: User {i % 7} <u{i % 7}@example.com>\n"
                f"Date: Mon, 22 Jan 2024 {i // 60 % 24:02d}:{i % 60:02d}:00 +0000\nSubject: Re: Incident\n"
                f"Message-ID: <m{i}@example.com>\n" + (f"In-Reply-To: <m{i - 1}@example.com>\n" if i else "")
                + f"\nThanks.\n\n{quote}{own}\n\n")
    return "".join(mail(i) for i in range(n))


@pytest.mark.parametrize("n", [100, 400])
def test_a_quote_of_an_earlier_post_reads_each_post_once(monkeypatch, tmp_path, n):
    """``QuoteBuilder.post_quoted`` (an unattributed quote of an earlier post of the page) compared each quote with
    every earlier post read again (``copy_words`` of its text: posts² × text, review13b). Each post's words are now
    read once while its lines stay the same: two ``copy_words`` a mail (its quote's and its own), and every quote is
    the mail 40 before's. Before: 4,554 and 79,704 calls (both fail)."""
    path = tmp_path / "far.mbox"
    path.write_text(far_quotes_mbox(n), "utf-8")
    (src,) = ingest(str(path))
    real, calls = Q.copy_words, [0]

    def counted(text):
        calls[0] += 1
        return real(text)

    monkeypatch.setattr(Q, "copy_words", counted)
    thread = parse(src)
    keys = [m.key for m in thread.messages]
    assert len(keys) == n
    assert [[keys.index(q.message) for q in m.quotes] for m in thread.messages] == \
        [[]] + [[max(0, i - 40)] for i in range(1, n)]
    assert calls[0] <= 2 * n


@pytest.mark.parametrize("n", [100, 400])
def test_a_quote_of_an_earlier_post_is_looked_up_not_searched_in_every_post(monkeypatch, tmp_path, n):
    """``post_quoted`` then searched the quote's words in every earlier post (one substring search per post and quote:
    posts²), and ``_earlier_posts`` listed every earlier draft for each quote before 30 were taken. Now the posts are
    indexed by their runs of three words (read again only when given lines) and only those holding the quote's rarest
    run are searched; the earlier posts are listed until 30 are found. ``copied_words`` calls at most 2n and the lines
    run in quotes.py at most 35 a word (after: 168 / 768 calls, 26 / 28 lines a word). Before: 4,485 / 79,335 calls,
    34 / 81 lines a word (the first fails on its calls, the second on both)."""
    path = tmp_path / "far.mbox"
    path.write_text(far_quotes_mbox(n), "utf-8")
    (src,) = ingest(str(path))
    real, calls = Q.QuoteBuilder.copied_words, [0]

    def counted(self, e):
        calls[0] += 1
        return real(self, e)

    monkeypatch.setattr(Q.QuoteBuilder, "copied_words", counted)
    thread, lines = lines_run(Q.__file__, lambda: parse(src))
    keys = [m.key for m in thread.messages]
    assert [[keys.index(q.message) for q in m.quotes] for m in thread.messages] == \
        [[]] + [[max(0, i - 40)] for i in range(1, n)]
    assert calls[0] <= 2 * n
    assert lines <= 35 * sum(len(m.text.split()) for m in thread.messages)


POSTS = [f"From x Fri Jul 23 00:00:00 2010\nFrom: User {i} <u{i}@example.com>\nDate: Mon, 22 Jan 2024 10:{i:02d}:00 "
         f"+0000\nSubject: Re: x\nMessage-ID: <p{i}@example.com>\n\n{text}\n\n" for i, text in enumerate([
             "The audit letter lists the sites of batch one and of batch two.",
             "We revoked batch one on Monday and batch two on Tuesday.",
             "We revoked batch one on Monday, then the audit letter came."])] + [
    f"From x Fri Jul 23 00:00:00 2010\nFrom: User {i} <u{i}@example.com>\nDate: Mon, 22 Jan 2024 10:{i:02d}:00 +0000\n"
    f"Subject: Re: x\nMessage-ID: <p{i}@example.com>\n\nFiller {i} says nothing in particular.\n\n" for i in range(3, 40)]


@pytest.mark.parametrize("quote,post", [
    ("batch two on Tuesday", 1),  # the words of one post only
    ("the sites of batch one", 0),
    ("We revoked batch one on Monday", None),  # in two posts: no one post
    ("batch one on Monday and", 1),  # its rarest run is in one post, its first in two
    ("the audit letter", None),  # in posts 0 and 2
    ("batch two on Monday", None),  # each run is in some post, the whole in none
    ("Monday batch", None),  # too short
])
def test_an_unattributed_quote_is_the_one_earlier_post_holding_its_words(tmp_path, quote, post):
    """The index gives what the search in every post gave: the one earlier post holding the quoted words, none when
    two or none hold them; the posts are beyond the 30 a quote's block is compared with (``_post_copied``), so only
    ``post_quoted`` finds them (guards of the index: they pass before)."""
    path = tmp_path / "posts.mbox"
    path.write_text("".join(POSTS) + "From x Fri Jul 23 00:00:00 2010\nFrom: Q <q@example.com>\nDate: Mon, 22 Jan 2024 "
                    f"11:00:00 +0000\nSubject: Re: x\nMessage-ID: <q@example.com>\n\nThanks.\n\n> {quote}\n\nNoted.\n",
                    "utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    keys = [m.key for m in thread.messages][:3]
    assert [keys.index(q.message) for q in thread.messages[-1].quotes if q.message in keys] == ([] if post is None else [post])


def test_dropped_drafts_give_their_lines_back_in_one_pass(monkeypatch):
    """A page of 150 posts (tests/test_quote_depths): 100 drafts of it have no words of their own (dropped)."""
    real = P._drop_empty
    seen = {}

    def counted(drafts, vlines):
        CountingList.reads = 0
        kept = real(drafts, CountingList(vlines))
        seen.update(lines=len(vlines), reads=CountingList.reads, dropped=len(drafts) - len(kept))
        return kept

    monkeypatch.setattr(P, "_drop_empty", counted)
    thread = parse(_page(150, 20))
    assert (len(thread.messages), seen["dropped"]) == (250, 100)
    assert seen["reads"] <= seen["lines"]


# --------------------------------------------------------------------------- many e-mails that open alike


def _mail(i, author, text, date=None):
    return Message(key=f"m{i}", source="s", author=author, date=date, origin=MAIL_ORIGIN, message_id=f"<m{i}@x>",
                   lines=[TextLine(text, i, 0)])


def _copy(key, author, text, depth=1):
    return Message(key=key, source="s", author=author, origin="attribution:en", depth=depth, partial=True,
                   lines=[TextLine(text, 0, 0)])


def _form(i):
    return f"In my reading subsection 2 applies to batch {i}. Thanks for the quick answer."


def _many_mails(n, shape):
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    if shape == "authors":  # the sweep's many-subsections: 50 authors, a minute apart
        return [_mail(i, f"User {i % 50}", _form(i), t0 + timedelta(minutes=i)) for i in range(n)]
    if shape == "anonymous":  # no author, no date
        return [_mail(i, None, _form(i)) for i in range(n)]
    if shape == "copies":  # and quoted copies of every 100th mail: by its author, and one without author
        ms = [_mail(i, f"User {i % 50}", _form(i), t0 + timedelta(minutes=i)) for i in range(n)]
        ms += [_copy(f"q{i}", f"User {i % 50}", _form(i)) for i in range(0, n, 100)]
        return [*ms, _copy("anon", None, _form(7))]
    # one author in one minute, every other mail's Date without zone (a patch series; a zone-less Date header)
    return [_mail(i, "Bot", _form(i), datetime(2024, 1, 1, 9, 0) if i % 2 else t0.replace(hour=9)) for i in range(n)]


@pytest.mark.parametrize("n", [300, 1200])
@pytest.mark.parametrize("shape", ["authors", "anonymous", "copies", "one-minute"])
def test_many_mails_that_open_alike_make_no_pair_of_two_mails(monkeypatch, n, shape):
    """``n`` e-mails whose texts open with the same words (a form, a bot's comment): ``join_copies`` made every pair
    of them whose openings matched (n²) and dropped each (two e-mails are one only with the same words), and compared
    every zone-less mail of an author and minute with every zoned one (``_share``, n²/4) though no e-mail can join
    another. Now the pairs made are those of a quoted copy and a mail that can join; the copies still join."""
    real_pairs, real_share = threading._copies_inside, threading._share
    seen = {"pairs": 0, "shares": 0}

    def pairs(*args):
        found = real_pairs(*args)
        seen["pairs"] += len(found)
        return found

    def share(a, b):
        seen["shares"] += 1
        return real_share(a, b)

    monkeypatch.setattr(threading, "_copies_inside", pairs)
    monkeypatch.setattr(threading, "_share", share)
    out = threading.join_copies(_many_mails(n, shape))
    copies = {m.key: m.copies for m in out if m.copies}
    if shape == "copies":
        assert copies == {"m7": ["anon"], **{f"m{i}": [f"q{i}"] for i in range(0, n, 100)}}
        # the pairs made are the copies found inside: each copy and its mail (the same words), both ways
        assert seen == {"pairs": 2 * (n // 100) + 2, "shares": 0}
    else:
        assert (len(out), copies, seen) == (n, {}, {"pairs": 0, "shares": 0})


@pytest.mark.parametrize("n", [200, 800])
@pytest.mark.parametrize("form", ["In my reading subsection 2 applies to batch {}.",  # last word: the only difference
                                  "{} In my reading subsection 2 applies to batch x.",  # first word
                                  "In my reading subsection 2 applies to batch {} and to its logs too."])
def test_many_anonymous_copies_of_a_form_join_their_mails_in_linear_work(n, form):
    """``n`` e-mails of a form by 50 authors and ``n`` quoted copies of them with no author (quotes under an attribution
    without a name): each copy's opening is in every mail and every copy, so each copy was tested against all of them
    (a substring test per pair: n², 32 s at 2,000). Now each copy joins its mail, and the lines run stay within a
    bound per word (about 30 after; before 593,448 = 165 per word at 200, 8,133,648 at 800 for the first form, 601,448 /
    8,165,648 for the third: those four fail before; the second form's openings differ, it passes before and pins the
    joins). "batch 1." is not inside "batch 10." though its words start there: the last word is cut only in the
    text that holds it."""
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    messages = [_mail(i, f"User {i % 50}", form.format(i), t0 + timedelta(minutes=i)) for i in range(n)]
    messages += [_copy(f"q{i}", None, form.format(i)) for i in range(n)]
    out, lines = lines_run(threading.__file__, lambda: threading.join_copies(messages))
    assert {m.key: m.copies for m in out} == {f"m{i}": [f"q{i}"] for i in range(n)}
    assert lines <= 40 * sum(len(m.text.split()) for m in messages)
