"""resolve_context's walk over a thread's citations: the numbers that look back ("see 4.9 above" in a later message,
"subsection 2") read what the walk decided through an index (``citations._Walk``), not a scan of the thread's
citations per number.

- the index gives, at every step, what the scan gave (the scan definitions are kept below as the oracle), on
  constructed threads of every shape the walk meets: numbers of several messages, a message outside the thread,
  document quotes, ties of position, RFC numbers, "subsection N" with and without an earlier section;
- the walk reads the thread's citations a bounded number of times (was once per such number: quadratic);
- a list given in another order is walked in message order (``_Walk.order``).
"""
from __future__ import annotations

import random
from collections import Counter

import pytest

from counting import CountingList
from threadkb.extract import citations as cit
from threadkb.models import Citation, Extraction, Message, TextLine, Thread

SECTIONS = ["4.9", "4.9.1", "4.9.1.1", "7.1", "2"]
DOCUMENTS = ["", "", "BR", "EVG", "RFC", "MRSP"]


# --------------------------------------------------------------------------- the scans, as they were (oracle)


def _scan_context_section(ex: Extraction, c: Citation, table) -> tuple[tuple[str, str] | None, str]:
    """(what ``_context_section`` gave, where it came from)."""
    same = [d for d in ex.citations if d.message == c.message and d.section and d.document != "RFC"
            and d.start < c.start and not d.in_document_quote]
    if same:
        return (same[-1].document, same[-1].section), "own text"
    if ex.thread.subject:
        subj = [(d.document, d.section) for d in cit.find_citations(ex.thread.subject, table=table)
                if d.section and d.document != "RFC"]
        if subj:
            return (subj[0][0] or cit._thread_documents(ex, table)[0], subj[0][1]), "subject"
    order = {m.key: i for i, m in enumerate(ex.thread.messages)}
    rest = sorted((d for d in ex.citations if d.section and d.document != "RFC"),
                  key=lambda d: (order.get(d.message, 0), d.start))
    if not rest:
        return None, "none"
    walked = ex.citations.index(rest[0]) < ex.citations.index(c)
    return (rest[0].document, rest[0].section), "thread, walked" if walked else "thread, not walked yet"


def _scan_back_reference(ex: Extraction, c: Citation) -> tuple[str | None, bool]:
    """(the document it takes, or None; what ``_thread_back_reference`` returned)."""
    order = {m.key: i for i, m in enumerate(ex.thread.messages)}
    here = order.get(c.message, 0)
    earlier = [d for d in ex.citations if d.section == c.section and d.document and order.get(d.message, 0) < here]
    if earlier:
        return max(earlier, key=lambda d: (order.get(d.message, 0), d.start)).document, True
    return None, not c.document and c.section.count(".") < 2


# --------------------------------------------------------------------------- constructed threads


def _thread(keys: list[str], subject: str | None = None) -> Thread:
    messages = [Message(key=k, source="f.txt", lines=[TextLine(f"text of {k}", i, 0)]) for i, k in enumerate(keys)]
    return Thread(source="f.txt", messages=messages, assignments=[], subject=subject)


def _citation(rng: random.Random, message: str, start: int, in_quote: bool, subsections: float) -> Citation:
    if rng.random() < subsections:
        return Citation(message, "", "", rng.choice([2, 3]), "subsection 2", start=start, end=start + 12,
                        in_document_quote=in_quote, rule="subsection")
    rule = "bare_section+back_reference" if rng.random() < .5 else "bare_section"
    return Citation(message, rng.choice(DOCUMENTS), rng.choice(SECTIONS), None, "4.9", start=start, end=start + 3,
                    in_document_quote=in_quote, rule=rule)


def _random_extraction(seed: int) -> Extraction:
    """A thread of 1-5 messages (and citations of one message it does not hold), each message's own text's
    citations by position (ties included), then its document quotes' (positions of their own)."""
    rng = random.Random(seed)
    keys = [f"m{i}" for i in range(rng.randint(1, 5))]
    subject = rng.choice([None, None, "Re: the revocation", "Re: BR 4.9.1 and subsection 2"])
    ex = Extraction(thread=_thread(keys, subject))
    subsections = rng.choice([.2, .5, .9])
    for key in ([*keys, "stray"] if rng.random() < .3 else keys):
        start = 0
        for _ in range(rng.randint(0, 8)):
            start += rng.choice([0, 5, 20])
            ex.citations.append(_citation(rng, key, start, False, subsections))
        for _ in range(rng.randint(0, 3)):
            ex.citations.append(_citation(rng, key, rng.randint(0, 40), True, subsections))
    cit._Walk.order(ex)  # "stray" (order 0) joins the first message
    return ex


def test_the_walk_index_answers_as_the_scan_at_every_step(monkeypatch):
    context_section, back_reference = cit._Walk.context_section, cit._Walk.back_reference
    seen: Counter = Counter()

    def checked_context_section(walk, c, own_sentence=False, own_text=False):  # (own_sentence: "an item 5",
        assert not own_text  # own_text: "Change item 2"; none in these threads)
        expected, where = _scan_context_section(walk.ex, c, walk.table)
        got = context_section(walk, c, own_sentence, own_text)
        assert got == expected
        seen[where] += 1
        return got

    def checked_back_reference(walk, c):
        document, decided = _scan_back_reference(walk.ex, c)
        before = c.document
        got = back_reference(walk, c)
        assert got == decided
        assert c.document == (document or before)
        seen["earlier message" if document else "no earlier"] += 1
        return got

    monkeypatch.setattr(cit._Walk, "context_section", checked_context_section)
    monkeypatch.setattr(cit._Walk, "back_reference", checked_back_reference)
    for seed in range(400):
        cit.resolve_context(_random_extraction(seed))
    assert len(seen) == 7 and min(seen.values()) >= 20, seen  # every outcome is met often


@pytest.mark.parametrize("n", [500, 2000])
def test_the_walk_reads_the_citations_a_bounded_number_of_times(n):
    """A thread of many "see 4.9 above" and "subsection 2" (hostile: one message of 8,000 took 7 s in the scans)."""
    keys = ["a", "b", "c"]
    ex = Extraction(thread=_thread(keys))
    ex.citations.append(Citation("a", "BR", "4.9", None, "BR 4.9", start=0, end=6, rule="explicit_section"))
    for key in keys[1:]:
        for i in range(n // 2):
            ex.citations.append(Citation(key, "", "4.9", None, "4.9", start=10 + 20 * i, end=13 + 20 * i,
                                         rule="bare_section+back_reference"))
            ex.citations.append(Citation(key, "", "", 2, "subsection 2", start=20 + 20 * i, end=32 + 20 * i,
                                         rule="subsection"))
    ex.citations = CountingList(ex.citations)
    CountingList.reads = 0
    cit.resolve_context(ex)
    assert CountingList.reads <= 6 * (2 * n + 1)
    # what they decided: each back-reference takes the earlier message's BR 4.9 ("b"'s from "a", "c"'s from "a"
    # and "b"), each "subsection 2" the 4.9 before it in its message; deduplicated per message
    assert [(c.message, c.document, c.section, c.item, c.rule) for c in ex.citations] == [
        ("a", "BR", "4.9", None, "explicit_section"),
        ("b", "BR", "4.9", None, "bare_section+back_reference+ctx:back_reference"),
        ("b", "BR", "4.9", 2, "subsection+ctx:section"),
        ("c", "BR", "4.9", None, "bare_section+back_reference+ctx:back_reference"),
        ("c", "BR", "4.9", 2, "subsection+ctx:section"),
    ]


def test_a_list_in_another_order_is_walked_in_message_order():
    """The back-reference of the third message takes the document the thread gave the second message's number,
    whichever order the list is given in (the scan read whatever the walk had reached: when the third message's
    number came first, the second's had no document yet, and the thread decided it as a bare number)."""
    def extraction(order: list[int]) -> Extraction:
        ex = Extraction(thread=_thread(["a", "b", "c"]))
        made = [Citation("a", "EVG", "11.1", None, "EVG 11.1", start=0, end=8, rule="explicit_section"),
                Citation("b", "", "4.9.1.1", None, "4.9.1.1", start=5, end=12, rule="bare_section"),
                Citation("c", "", "4.9.1.1", None, "4.9.1.1", start=3, end=10, rule="bare_section+back_reference")]
        ex.citations = [made[i] for i in order]
        return ex

    results = set()
    for order in ([0, 1, 2], [2, 0, 1], [2, 1, 0], [1, 2, 0]):
        ex = extraction(order)
        cit.resolve_context(ex)
        results.add(tuple((c.message, c.document, c.section, c.rule) for c in ex.citations))
    assert results == {(("a", "EVG", "11.1", "explicit_section"),
                        ("b", "BR", "4.9.1.1", "bare_section+ctx:thread"),
                        ("c", "BR", "4.9.1.1", "bare_section+back_reference+ctx:back_reference"))}


@pytest.mark.parametrize("n", [200, 800])
@pytest.mark.parametrize("subject", ["Re: 4.9.1.1 and the deadline", "Re: section 4.9.1.1 timing"])
def test_subsections_under_a_subject_s_bare_number_read_the_thread_s_texts_once(monkeypatch, subject, n):
    """n messages, each "subsection 2" with no number before it, under a subject whose number names no document:
    each takes the subject's number and the thread's first document (the default BR here), and the thread's texts
    are read for its documents once per walk (once per "subsection N" before: n passes over n texts)."""
    keys = [f"m{i}" for i in range(n)]
    ex = Extraction(thread=_thread(keys, subject))
    ex.citations = [Citation(k, "", "", 2, "subsection 2", start=0, end=12, rule="subsection") for k in keys]
    read = Counter()
    mentions = cit._mentions

    def counted(text, *args, **kw):
        read[text] += 1
        return mentions(text, *args, **kw)

    monkeypatch.setattr(cit, "_mentions", counted)
    cit.resolve_context(ex)
    assert [(c.message, c.document, c.section, c.item, c.rule) for c in ex.citations] == [
        (k, "BR", "4.9.1.1", 2, "subsection+ctx:section") for k in keys]
    assert read[ex.thread.messages[0].text] <= 2, read.most_common(2)
    assert sum(read.values()) <= 2 * (n + 1) + 10, sum(read.values())
