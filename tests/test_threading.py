"""JWZ threading and joining of quoted copies, on hand-built Messages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from threadkb.mailthreads import is_reply_subject, normalise_subject, thread_messages
from threadkb.models import Message, QuotedSpan, TextLine
from threadkb.parse.threading import join_copies, same_instant

UTC = timezone.utc
PDT = timezone(timedelta(hours=-7))


def msg(key, mid=None, refs=(), subject=None, date=None, author=None, text="", depth=0, **kw) -> Message:
    lines = [TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))] if text else []
    return Message(key=key, source="s", message_id=mid, references=list(refs), subject=subject, date=date,
                   author=author, lines=lines, depth=depth, **kw)


def test_references_chain():
    ms = [msg("a", "<a@x>"), msg("b", "<b@x>", ["<a@x>"]), msg("c", "<c@x>", ["<a@x>", "<b@x>"]),
          msg("d", "<d@x>", ["<a@x>"])]
    assert thread_messages(ms) == {"a": None, "b": "a", "c": "b", "d": "a"}


def test_missing_parent_goes_to_nearest_present_ancestor():
    ms = [msg("a", "<a@x>"), msg("c", "<c@x>", ["<a@x>", "<gone@x>"])]
    assert thread_messages(ms) == {"a": None, "c": "a"}


def test_chain_from_later_message_links_earlier_ones():
    # b's own header lacks References, but c's chain tells that b answers a
    ms = [msg("a", "<a@x>"), msg("b", "<b@x>"), msg("c", "<c@x>", ["<a@x>", "<b@x>"])]
    assert thread_messages(ms) == {"a": None, "b": "a", "c": "b"}


def test_loops_are_refused():
    ms = [msg("a", "<a@x>", ["<b@x>"]), msg("b", "<b@x>", ["<a@x>"])]
    parents = thread_messages(ms)
    assert parents == {"a": "b", "b": None}


def test_subject_fallback_only_without_references():
    d = datetime(2024, 1, 1, tzinfo=UTC)
    ms = [msg("r2", "<r2@x>", subject="Re: [dev-security-policy] SHECA issues", date=d + timedelta(days=2)),
          msg("root", "<root@x>", subject="SHECA issues", date=d),
          msg("r1", "<r1@x>", subject="RE: SHECA issues", date=d + timedelta(days=1)),
          msg("own", "<own@x>", ["<elsewhere@x>"], subject="Re: SHECA issues", date=d + timedelta(days=3)),
          msg("new", "<new@x>", subject="SHECA issues", date=d + timedelta(days=4))]
    assert thread_messages(ms) == {"r2": "root", "root": None, "r1": "root", "own": None, "new": None}


def test_duplicate_message_ids_stay_distinct():
    ms = [msg("a", "<a@x>"), msg("a2", "<a@x>"), msg("b", "<b@x>", ["<a@x>"])]
    assert thread_messages(ms) == {"a": None, "a2": None, "b": "a"}


@pytest.mark.parametrize("subject,norm,reply", [
    ("Re: [Servercert-wg] [EXTERNAL] Re: SC-59 Weak Key Guidance", "sc-59 weak key guidance", True),
    ("AW: Fwd: Ballot SC-99", "ballot sc-99", True),
    ("回复：SHECA 问题", "sheca 问题", True),
    ("Fwd: Ballot SC-99", "ballot sc-99", False),
    ("Re[2]: Ballot", "ballot", True),
    ("Regarding the ballot", "regarding the ballot", False),
    (None, "", False),
])
def test_subjects(subject, norm, reply):
    assert normalise_subject(subject) == norm
    assert is_reply_subject(subject) is reply


@pytest.mark.parametrize("a,b,same", [
    (datetime(2023, 7, 6, 22, 37, 23, tzinfo=UTC), datetime(2023, 7, 6, 15, 37, tzinfo=PDT), True),
    # Gmail attribution without zone (local 3:37 PM) vs the archived UTC time: a whole zone offset apart
    (datetime(2023, 7, 6, 22, 37, 23, tzinfo=UTC), datetime(2023, 7, 6, 15, 37), True),
    (datetime(2023, 7, 6, 22, 37, 23, tzinfo=UTC), datetime(2023, 7, 6, 15, 38), False),
    (datetime(2023, 7, 6, 22, 37, tzinfo=UTC), datetime(2023, 7, 5, 15, 37), False),
    (datetime(2023, 7, 6, 15, 37), datetime(2023, 7, 6, 15, 37, 40), True),
    (None, datetime(2023, 7, 6, 15, 37), False),
])
def test_same_instant(a, b, same):
    assert same_instant(a, b) is same


CLINT = ("I may have missed something, but has there been a proposal to fully remove weak key checking "
         "requirements, or is this more in response to the question Ryan posed")


def test_join_by_author_and_instant_keeps_fullest_text():
    standalone = msg("clint", author="Clint Wilson", date=datetime(2023, 7, 6, 22, 37, 23, tzinfo=UTC),
                     text=CLINT + "\n\nMore text only the standalone copy has.", mid="<c@apple.com>")
    quoted = msg("q-clint", author="Clint Wilson via Servercert-wg", date=datetime(2023, 7, 6, 15, 37),
                 text="I may have missed something", depth=1, partial=True)
    reply = msg("aaron", author="Aaron", text="To be clear, I think this ballot does provide clarity",
                in_reply_to="q-clint", quotes=[QuotedSpan("q-clint", (8, 11))])
    out = join_copies([quoted, reply, standalone])
    assert [m.key for m in out] == ["aaron", "clint"]
    assert out[1].copies == ["q-clint"]
    assert out[1].date == datetime(2023, 7, 6, 22, 37, 23, tzinfo=UTC)
    assert out[1].partial is False
    assert out[0].in_reply_to == "clint"
    assert out[0].quotes[0].message == "clint"


def test_join_by_contained_text_fills_missing_fields():
    full = msg("top", author="Ben Wilson", text=CLINT + " and a longer tail", depth=0)
    quoted = msg("q", author=None, date=datetime(2023, 7, 6, 15, 37), date_text="Thu, Jul 6, 2023 at 3:37 PM",
                 text=CLINT, depth=2, partial=True, in_reply_to="x")
    out = join_copies([full, quoted])
    assert len(out) == 1
    assert out[0].key == "top" and out[0].copies == ["q"]
    assert out[0].date == datetime(2023, 7, 6, 15, 37)
    assert out[0].date_text == "Thu, Jul 6, 2023 at 3:37 PM"
    assert out[0].in_reply_to == "x"


def test_no_join_when_authors_differ_or_text_short():
    a = msg("a", author="Ben Wilson", text=CLINT)
    b = msg("b", author="Clint Wilson", text=CLINT + " tail")
    c = msg("c", author="Ben Wilson", text="Thanks, Ben")
    d = msg("d", author="Ben Wilson", text="Thanks, Ben")
    out = join_copies([a, b, c, d])
    assert [m.key for m in out] == ["a", "b", "c", "d"]
    assert all(m.copies == [] for m in out)


def test_join_copies_scales():
    ms = [msg(f"m{i}", author=f"P{i % 7}", text=" ".join(f"w{i}x{j}" for j in range(60)),
              date=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i)) for i in range(3000)]
    ms.append(msg("dup", author="P0", text=" ".join(f"w7x{j}" for j in range(10, 30)), depth=1))
    out = join_copies(ms)
    assert len(out) == 3000
    assert out[7].copies == ["dup"]


def _parents_by_walk(ms) -> dict:
    """The links of thread_messages' steps 1 and 2 (references chain, then each message's own parent) as they were
    made until session 11: a walk of the new parent's ancestors before each link (the oracle)."""
    from threadkb.mailthreads import message_id_key
    node_of, key_of = {}, {}
    for m in ms:
        mid = message_id_key(m.message_id)
        node = mid if mid and mid not in key_of else f"\0key:{m.key}"
        node_of[m.key], key_of[node] = node, m.key
    parent: dict = {}

    def ancestors(node):
        seen = set()
        while node is not None and node not in seen:
            seen.add(node)
            yield node
            node = parent.get(node)

    refs_of = {}
    for m in ms:
        refs = []
        for r in m.references:
            n = message_id_key(r)
            if n and n != node_of[m.key] and n not in refs:
                refs.append(n)
        refs_of[m.key] = refs
        for a, b in zip(refs, refs[1:], strict=False):
            if parent.get(b) is None and b not in ancestors(a):
                parent[b] = a
    for m in ms:
        if refs_of[m.key] and node_of[m.key] not in ancestors(refs_of[m.key][-1]):
            parent[node_of[m.key]] = refs_of[m.key][-1]
    result = {}
    for m in ms:
        result[m.key] = next((key_of[a] for a in ancestors(node_of[m.key]) if a != node_of[m.key] and a in key_of),
                             None)
    return result


@pytest.mark.parametrize("seed", range(60))
def test_links_are_those_of_the_ancestor_walk(seed):
    """References in any order (loops, repeats, missing messages, duplicate ids): the same links as when every link
    walked the new parent's ancestors (a node nobody has as parent is nobody's ancestor: no walk)."""
    import random
    rng = random.Random(seed)
    ids = [f"<{i}@x>" for i in range(rng.randint(1, 9))] + ["<gone@x>"]
    ms = [msg(f"k{i}", rng.choice(ids[:-1] + [None]), rng.sample(ids, rng.randint(0, min(4, len(ids)))))
          for i in range(rng.randint(1, 9))]
    assert thread_messages(ms) == _parents_by_walk(ms)  # no subjects: no fallback by subject


@pytest.mark.parametrize("n", [200, 800])
def test_a_long_chain_of_replies_is_linked_without_walking_it(n):
    """Each mail replies to the one before (In-Reply-To only): linked in steps linear in n (n²/2 walk steps before)."""
    import sys
    ms = [msg(f"m{i}", f"<m{i}@x>", [f"<m{i - 1}@x>"] if i else []) for i in range(n)]
    steps = 0

    def count(frame, event, arg):
        nonlocal steps
        if event == "call" and frame.f_code.co_name == "ancestors":
            steps += 1
        return None

    sys.settrace(count)
    try:
        got = thread_messages(ms)
    finally:
        sys.settrace(None)
    assert got == {f"m{i}": f"m{i - 1}" if i else None for i in range(n)}
    assert steps <= 4 * n


def _roots_by_walk(parent: dict) -> dict:
    """The mbox's thread roots as they were found until session 11: a walk up per message (the oracle)."""
    root = {}
    for key in parent:
        k, seen = key, set()
        while parent.get(k) is not None and k not in seen:
            seen.add(k)
            k = parent[k]
        root[key] = k
    return root


@pytest.mark.parametrize("seed", range(60))
def test_mbox_thread_roots_are_those_of_the_walk(seed):
    """Random parent maps (chains, trees, loops, a message leading into a loop, self-parents), asked in any order."""
    import random

    from threadkb.ingest.mail import _roots
    rng = random.Random(seed)
    keys = [str(i) for i in range(rng.randint(1, 12))]
    rng.shuffle(keys)
    parent = {k: rng.choice([None, None, *keys]) for k in keys}
    assert _roots(parent) == _roots_by_walk(parent)


@pytest.mark.parametrize("n", [500, 2000])
def test_mbox_thread_roots_of_a_long_chain_read_each_parent_once(monkeypatch, n):
    """An mbox whose n mails reply each to the one before (the parents JWZ gives): one group; the parents are read
    a bounded number of times (n²/2 before: a walk up per mail)."""
    from types import SimpleNamespace

    from threadkb.ingest import mail

    class CountingParents(dict):
        reads = 0

        def __getitem__(self, k):
            CountingParents.reads += 1
            return super().__getitem__(k)

        def get(self, k, default=None):
            CountingParents.reads += 1
            return super().get(k, default)

    parents = CountingParents({str(i): str(i - 1) if i else None for i in range(n - 1, -1, -1)})
    monkeypatch.setattr(mail, "thread_messages", lambda msgs: parents)
    mails = [SimpleNamespace(subject=None, message_id=None, references=[], date=None) for _ in range(n)]
    assert mail._thread_groups(mails) == [list(range(n))]
    assert CountingParents.reads <= 4 * n


def _groups_by_components(mails) -> list[list[int]]:
    """The mbox's thread groups (the oracle): the connected parts of the mails, two mails joined when their roots
    (by the walk up) are one or their Message-IDs are one; each group in mail order, groups by their first mail."""
    from threadkb.ingest.mail import _ThreadNode
    from threadkb.mailthreads import message_id_key
    msgs = [_ThreadNode(str(i), f.subject, f.message_id, list(f.references), f.date) for i, f in enumerate(mails)]
    root = _roots_by_walk(thread_messages(msgs))
    keys = [(("root", root[m.key]), ("id", message_id_key(m.message_id))) for m in msgs]
    part = [-1] * len(msgs)
    for start in range(len(msgs)):
        if part[start] < 0:
            part[start], todo = start, [start]
            while todo:
                i = todo.pop()
                for j in range(len(msgs)):
                    if part[j] < 0 and any(k in keys[i] for k in keys[j] if k[1] is not None):
                        part[j] = start
                        todo.append(j)
    return [[i for i in range(len(msgs)) if part[i] == g] for g in sorted(set(part))]


def _joined_chain(k: int) -> list:
    """k threads, each joined to the next by a copy of its successor's first mail replying into it: every join
    makes the chain of joins one longer (P_i, then a copy of P_i's Message-ID replying to P_(i-1))."""
    from threadkb.ingest.mail import ThreadingFields
    mails = []
    for i in range(k):
        mails.append(ThreadingFields(f"s{i}", f"<p{i}@x>", (), None))
        if i:
            mails.append(ThreadingFields(f"Re: s{i - 1}", f"<p{i}@x>", (f"<p{i - 1}@x>",), None))
    return mails


@pytest.mark.parametrize("seed", range(60))
def test_mbox_thread_groups_are_those_of_the_walk(seed):
    """Random archives of duplicate Message-IDs (sent twice, copies replying elsewhere), references to present,
    missing and duplicated ids, loops: the groups are the connected parts (and the chain of joins, reversed too)."""
    import random

    from threadkb.ingest.mail import ThreadingFields, _thread_groups
    rng = random.Random(seed)
    ids = [f"<i{j}@x>" for j in range(rng.randint(1, 8))] + [None]
    mails = [ThreadingFields(rng.choice(["a", "Re: a", "b", None]), rng.choice(ids),
                             tuple(rng.choice(ids[:-1]) for _ in range(rng.randint(0, 3))), None)
             for _ in range(rng.randint(1, 14))]
    assert _thread_groups(mails) == _groups_by_components(mails)
    chain = _joined_chain(rng.randint(2, 9))
    for case in (chain, chain[::-1]):
        assert _thread_groups(case) == _groups_by_components(case)


@pytest.mark.parametrize("k", [500, 2000])
def test_mbox_thread_groups_of_a_long_chain_of_joins_walk_each_join_a_bounded_number_of_times(k):
    """k threads joined one after the other by duplicate Message-IDs (``_joined_chain``): one group; the steps of
    ``group_of`` (lines traced) are bounded by 20 a mail (a walk from the chain's start per mail before: 504,994 /
    8,019,994 lines for 500 / 2,000 threads)."""
    import sys

    from threadkb.ingest import mail as mail_module
    mails = _joined_chain(k)
    steps = 0

    def tracer(frame, event, arg):
        nonlocal steps
        if frame.f_code.co_name != "group_of":
            return None
        if event == "line":
            steps += 1
        return tracer

    sys.settrace(tracer)
    try:
        groups = mail_module._thread_groups(mails)
    finally:
        sys.settrace(None)
    assert groups == [list(range(len(mails)))]
    assert steps <= 20 * len(mails), steps


def _subject_fallback_by_scan(messages, refs_of, result) -> None:
    """mailthreads._subject_fallback as it was until session 11 (a pass over the subject's messages per reply; the
    oracle)."""
    from threadkb import mailthreads as mt
    by_subject: dict = {}
    for i, m in enumerate(messages):
        s = normalise_subject(m.subject)
        if s:
            by_subject.setdefault(s, []).append(i)
    for i, m in enumerate(messages):
        if result[m.key] is not None or refs_of[m.key] or not is_reply_subject(m.subject):
            continue
        group = [j for j in by_subject.get(normalise_subject(m.subject), []) if j != i]
        earlier = [j for j in group if mt._before(messages[j], j, m, i)]
        starters = [j for j in earlier if not is_reply_subject(messages[j].subject)]
        for j in sorted(starters or earlier, key=lambda j: mt._order_key(messages[j], j)):
            if not mt._is_descendant(messages[j].key, m.key, result):
                result[m.key] = messages[j].key
                break


@pytest.mark.parametrize("seed", range(80))
def test_subject_fallback_is_that_of_the_scan(seed, monkeypatch):
    """Random mails of few subjects ("X", "Re: X", "[list] Re: X", "Re:", none), dates aware, naive, equal or
    missing, some with references or Message-IDs: the parents are those of the scan per reply."""
    import random

    from threadkb import mailthreads as mt
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    dates = [None, t0, t0 + timedelta(hours=1), t0 - timedelta(hours=2), datetime(2024, 1, 1, 3), t0.astimezone(PDT)]
    msgs = [msg(f"k{i}", rng.choice([None, f"<i{i}@x>"]), rng.choice([(), (), (f"<i{rng.randrange(20)}@x>",)]),
                subject=rng.choice(["X", "Re: X", "[list] Re: X", "Re: Y", "Y", "Re:", None]), date=rng.choice(dates))
            for i in range(rng.randint(1, 20))]
    got = thread_messages(msgs)
    monkeypatch.setattr(mt, "_subject_fallback", _subject_fallback_by_scan)
    assert got == thread_messages(msgs)


@pytest.mark.parametrize("n", [500, 2000])
def test_subject_fallback_of_a_long_thread_without_references_reads_each_reply_a_bounded_number_of_times(n, monkeypatch):
    """n mails "Re: incident" without references after the one that opened "incident" (and the same without the
    opening mail): each replies to the opening one (else to the first); the order tests (_before) are bounded by 4 a
    mail (a pass over the subject per reply before: 249,001 / 3,996,001 for 500 / 2,000 mails)."""
    from threadkb import mailthreads as mt
    calls = 0
    before = mt._before

    def counting(*args):
        nonlocal calls
        calls += 1
        return before(*args)

    monkeypatch.setattr(mt, "_before", counting)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    for opened in (True, False):
        msgs = [msg(f"k{i}", f"<m{i}@x>", subject="incident" if opened and not i else "Re: incident",
                    date=t0 + timedelta(minutes=i)) for i in range(n)]
        calls = 0
        assert thread_messages(msgs) == {f"k{i}": "k0" if i else None for i in range(n)}
        assert calls <= 4 * n, calls
