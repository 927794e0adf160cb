"""Sequences of updates give the base a fresh ingest of the files as they are now gives (review17c of kb17).

Class: a base is updated file by file over several steps (a file changed twice while two others share its messages;
a file renamed, then its old path emptied; the same bytes ingested twice; an archive that gains messages and loses them
again). After every step the base equals a fresh ingest of the current files, in both orders (messages, claims,
relations with their evidence and score, thread keys, people, claim sections, citations, copy rows), the readings kept
per copy are those the copies give, and a thread's ``--thread KEY`` stays the same while its opening does.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from test_kb_copy_reading import _content, _corpus, _ingest, _rows
from test_kb_emptied_file import EXTRA, _run
from threadkb.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import make_archive  # noqa: E402

KEYS = "SELECT thread_key, shown FROM thread_keys"
COPIES = ("SELECT f.path, c.message_key, c.line_start, c.line_end, c.text_sha, c.text FROM message_copies c"
          " JOIN source_files f ON f.id = c.source_file_id")
# a copy's reading with the people and organisation it names by name (their row ids depend on the order of ingest)
SOURCES = ("SELECT r.tbl, f.path, r.content_hash, json_remove(r.reading, '$.speaker_id', '$.on_behalf_of_id'),"
           " (SELECT name_key FROM people WHERE id = json_extract(r.reading, '$.speaker_id')),"
           " (SELECT name FROM organisations WHERE id = json_extract(r.reading, '$.on_behalf_of_id'))"
           " FROM row_sources r JOIN source_files f ON f.id = r.source_file_id")


def _whole(db: Path) -> dict[str, list]:
    """What a base holds, independent of row ids and of the order its files came in."""
    out: dict[str, list] = dict(_content(db))
    for name, sql in (("keys", KEYS), ("copies", COPIES), ("sources", SOURCES), *enumerate(EXTRA)):
        out[str(name)] = _rows(db, sql)
    return out


def _fresh(tmp: Path, files: list[Path], tag: str) -> list[dict[str, list]]:
    """Fresh ingests of ``files`` (those not empty) in their order and reversed."""
    out = []
    live = [f for f in files if f.stat().st_size]
    for i, order in enumerate((live, live[::-1])):
        db = tmp / f"fresh-{tag}-{i}.sqlite"
        if order:
            _ingest(db, *order)
        out.append(_whole(db))
    return out


def _step(tmp: Path, db: Path, files: list[Path], tag: str, *changed: Path) -> dict[str, list]:
    for f in changed:
        _run(db, f)
    got = _whole(db)
    a, b = _fresh(tmp, files, tag)
    assert a == b, f"{tag}: a fresh ingest depends on the order of the files"
    for name in got:
        assert got[name] == a[name], f"{tag}: {name}"
    return got


def _lines(prefix: str) -> list[str]:
    return _corpus(prefix).read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize("middle, edits", [
    ("028", [("del", -30), ("del", 40)]),  # its last 30 lines cut, then the cut lines back and its first 40 cut
    ("mdsp-2025-10", [("del", -25), ("keep", 0)]),  # cut, then restored to its original bytes
    ("027", [("del", -1), ("keep", 0)]),  # the flattened page's last line (the quoted chain) cut, then back
    ("028", [("del", -60), ("del", -10)]),  # its last 60 lines cut, then only its last 10
])
def test_three_files_sharing_messages_the_middle_one_changed_twice(tmp_path, middle, edits):
    names = ["027", "mdsp-2025-10", "028"]
    files = [tmp_path / _corpus(p).name for p in names]
    for p, f in zip(names, files, strict=True):
        f.write_bytes(_corpus(p).read_bytes())
    db = tmp_path / "kb.sqlite"
    _ingest(db, *files)
    page = files[names.index(middle)]
    lines = _lines(middle)
    before = _whole(db)
    for i, (op, n) in enumerate(edits):
        new = (lines[:n] if n < 0 else lines[n:]) if op == "del" else lines[:n] + lines[:n] + lines[n:] if op == "dup" \
            else lines
        page.write_text("".join(new), encoding="utf-8")
        _step(tmp_path, db, files, f"edit{i}", page)
    if edits[-1][0] == "keep":  # back to the bytes it had: the base it had
        assert _whole(db) == before


@pytest.mark.parametrize("prefix, other", [("013", "014"), ("044", "045"), ("027", "mdsp-2025-10")])
def test_a_renamed_file_then_its_old_path_emptied(tmp_path, prefix, other):
    """The same bytes under a new path (the old path kept, then emptied, as a move leaves the inputs): each step is a
    fresh ingest of the files there are; the thread keys do not change, as the openings do not."""
    old, new, rest = tmp_path / "a" / _corpus(prefix).name, tmp_path / "z" / _corpus(prefix).name, \
        tmp_path / _corpus(other).name
    for f, p in ((old, prefix), (new, prefix), (rest, other)):
        f.parent.mkdir(exist_ok=True)
        f.write_bytes(_corpus(p).read_bytes())
    db = tmp_path / "kb.sqlite"
    _ingest(db, old, rest)
    keys = _rows(db, KEYS)
    _step(tmp_path, db, [old, new, rest], "renamed", new)
    assert _rows(db, KEYS) == keys
    old.write_bytes(b"")
    _step(tmp_path, db, [new, rest], "old-emptied", old)
    assert _rows(db, KEYS) == keys


@pytest.mark.parametrize("prefixes", [("013", "014"), ("027", "028", "mdsp-2025-10"), ("004",)], ids="+".join)
def test_the_same_files_ingested_twice_change_nothing(tmp_path, prefixes):
    files = [_corpus(p) for p in prefixes]
    db = tmp_path / "kb.sqlite"
    _ingest(db, *files)
    once = _whole(db)
    with KnowledgeBase(db) as kb:
        counts = kb.db.execute("SELECT (SELECT count(*) FROM row_sources), (SELECT count(*) FROM message_copies),"
                               " (SELECT count(*) FROM thread_keys)").fetchone()
    _ingest(db, *files[::-1])
    assert _whole(db) == once
    with KnowledgeBase(db) as kb:
        assert kb.db.execute("SELECT (SELECT count(*) FROM row_sources), (SELECT count(*) FROM message_copies),"
                             " (SELECT count(*) FROM thread_keys)").fetchone() == counts


def _archive(tmp: Path, n: int) -> list[str]:
    """The e-mails of a generated archive (real corpus paragraphs, real headers), each with its "From " line."""
    out = tmp / "gen.mbox"
    make_archive.generate(str(out), messages=n, seed=3)
    text = out.read_text(encoding="utf-8")
    parts = text.split("\nFrom ")
    return [parts[0] + "\n"] + ["From " + p + "\n" for p in parts[1:-1]] + ["From " + parts[-1]]


@pytest.mark.parametrize("sizes", [(12, 30, 12), (30, 12, 30), (5, 30, 0, 30)], ids=str)
def test_an_archive_that_grows_and_shrinks(tmp_path, sizes):
    mails = _archive(tmp_path, max(sizes))
    assert len(mails) == max(sizes)
    box = tmp_path / "list.mbox"
    other = tmp_path / "copy.mbox"  # another archive holding its first 8 mails (shared copies)
    other.write_text("".join(mails[:8]), encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    _ingest(db, other)
    keys: dict[int, list] = {}
    for i, n in enumerate(sizes):
        box.write_text("".join(mails[:n]), encoding="utf-8")
        got = _step(tmp_path, db, [box, other], f"{i}-{n}", box)
        if n in keys:  # the same bytes again: the same threads and keys
            assert got["keys"] == keys[n]
        keys[n] = got["keys"]
    # mails are appended in date order: a thread's opening, so its key, is the same in the longer archive
    lengths = sorted(keys)
    for short, long in itertools.pairwise(lengths):
        assert {k[0] for k in keys[short]} <= {k[0] for k in keys[long]}


def _held_twice(prefix: str, how: str) -> str:
    """Corpus file ``prefix`` holding its thread, or part of it, twice: the page pasted twice; its quoted mail (028's
    lines from the attribution on) once more at its end; the page twice, the second copy with a phrase of one dated
    message changed ("changed") or that message's attribution an hour later ("redated")."""
    text = _corpus(prefix).read_text(encoding="utf-8").rstrip("\n") + "\n"
    second = {"page": text, "quote": "".join(_lines(prefix)[11:]),
              "changed": text.replace("attaches great importance to it", "attaches much importance to it")
              .replace("compliace if SHECA", "compliant if SHECA"),
              "redated": text.replace("7:38:41 PM", "8:38:41 PM")}[how]
    assert second != text or how == "page"
    return text + second


# (file, how it holds its thread twice, messages of a fresh ingest of it alone, rows holding two of its copies,
#  messages with mdsp-2025-10 and the third sheca file)
TWICE = [
    ("027", "page", 4, 3, 8),  # a flattened page: its 3 quoted mails twice (its own words read as one message)
    ("028", "page", 2, 1, 8),
    ("mdsp-2025-10", "page", 8, 0, 8),  # two posts: the parser joins them (``join_copies``) before the store
    ("028", "quote", 2, 1, 8),
    ("028", "changed", 2, 1, 8),  # same author and instant, a phrase changed: one message, as in two files
    ("027", "changed", 4, 3, 8),
    ("028", "redated", 3, 0, 9),  # the same words an hour later: another message, as in two files
]


@pytest.mark.parametrize("prefix, how, alone, doubled, together", TWICE, ids=lambda v: str(v))
def test_a_file_holding_its_thread_twice_stores_the_same_in_every_order(tmp_path, prefix, how, alone, doubled,
                                                                         together):
    """Class: a thread (or a message of it) held twice in one file. A copy of a message inside one thread is matched
    as a copy in another file is (``_Merger._find_by_words``: same author and instant, or the same words): one row
    holding both copies. Before, copies inside one file never joined each other but both joined a row another file
    stored first, so the base depended on the order (027 twice + mdsp-2025-10: 11 vs 8 messages)."""
    third = "028" if prefix != "028" else "027"
    x = tmp_path / ("x_" + _corpus(prefix).name)
    x.write_text(_held_twice(prefix, how), encoding="utf-8")
    others = [tmp_path / _corpus(p).name for p in dict.fromkeys(["mdsp-2025-10", third]) if p != prefix]
    for f in others:
        f.write_bytes(_corpus(f.name[:3] if f.name[0].isdigit() else "mdsp-2025-10").read_bytes())
    db = tmp_path / "alone.sqlite"
    _ingest(db, x)
    assert len(_rows(db, "SELECT id FROM messages")) == alone
    assert len(_rows(db, "SELECT message_id FROM message_copies GROUP BY message_id HAVING count(*) = 2")) == doubled
    for n, files in ((2, [x, others[0]]), (3, [x, *others])):
        bases = []
        for i, order in enumerate(itertools.permutations(files)):
            db = tmp_path / f"{n}-{i}.sqlite"
            _ingest(db, *order)
            bases.append(_whole(db))
        assert all(b == bases[0] for b in bases[1:]), f"{n} files: the base depends on the order"
    assert len(bases[0]["messages"]) == together


@pytest.mark.parametrize("prefix, how", [("028", "page"), ("027", "page"), ("028", "changed")])
def test_a_stored_file_changed_to_hold_its_thread_twice_and_back(tmp_path, prefix, how):
    """Updated in place (once → twice → once), the base is a fresh ingest of the files as they are at every step."""
    names = [prefix, "mdsp-2025-10"]
    files = [tmp_path / _corpus(p).name for p in names]
    for p, f in zip(names, files, strict=True):
        f.write_bytes(_corpus(p).read_bytes())
    db = tmp_path / "kb.sqlite"
    _ingest(db, *files)
    before = _whole(db)
    files[0].write_text(_held_twice(prefix, how), encoding="utf-8")
    _step(tmp_path, db, files, "twice", files[0])
    files[0].write_bytes(_corpus(prefix).read_bytes())
    _step(tmp_path, db, files, "once", files[0])
    assert _whole(db) == before


def _reingest_cost(tmp: Path, prefix: str, n: int) -> tuple[int, int]:
    """(statements, SQLite VM steps / 100) of storing again one changed file of ``n`` files holding the same page."""
    from threadkb.pipeline import extract_paths
    from threadkb.store import Store
    lines = _lines(prefix)
    files = []
    for i in range(n):
        (tmp / f"{n}-{i}").mkdir()
        files.append(tmp / f"{n}-{i}" / _corpus(prefix).name)
        files[-1].write_text("".join(lines), encoding="utf-8")
    db = tmp / f"{n}.sqlite"
    _ingest(db, *files)
    files[0].write_text("".join(lines[:-len(lines) // 4]), encoding="utf-8")
    extractions = extract_paths([str(files[0])])
    said: list[str] = []
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0
    with Store(db) as s:
        s.db.set_trace_callback(said.append)
        s.db.set_progress_handler(tick, 100)
        s.add_file(extractions, str(files[0]))
        s.db.set_trace_callback(None)
        s.db.set_progress_handler(None, 0)
    return len(said), steps[0]


@pytest.mark.parametrize("prefix", ["mdsp-2025-10", "004"])
def test_storing_a_changed_file_again_is_linear_in_the_copies_stored(tmp_path, prefix):
    """One file of 2, 4, 8 holding the same page loses its last quarter: the same statements whatever the number of
    copies, and the work (SQLite VM steps) grows by about as much again at each doubling (linear: each row ranks its
    copies), not four times as much (quadratic)."""
    costs = [_reingest_cost(tmp_path, prefix, n) for n in (2, 4, 8)]
    assert costs[0][0] == costs[1][0] == costs[2][0]
    first, second = costs[1][1] - costs[0][1], costs[2][1] - costs[1][1]
    assert 0 < first and second < 3 * first, costs


def _one_thread(n: int, dated: bool) -> str:
    """``n`` mails of one thread, each a reply to the one before, one minute apart (or undated after the first)."""
    out = []
    for i in range(n):
        refs = f"In-Reply-To: <m{i - 1}@example.org>\n" if i else ""
        date = f"Date: Mon, 1 Jan 2024 {i // 60 % 24:02d}:{i % 60:02d}:00 +0000\n" if dated or not i else ""
        out.append(f"From u{i}@example.org Mon Jan  1 00:00:00 2024\nFrom: User {i} <u{i}@example.org>\n"
                   f"Subject: Re: incident\n{date}Message-ID: <m{i}@example.org>\n{refs}\n"
                   f"Batch {i} of the certificates was revoked on schedule.\n\n")
    return "".join(out)


@pytest.mark.parametrize(("n", "dated", "most"), [(120, True, 3), (480, True, 3)], ids=["120 dated", "480 dated"])
def test_a_thread_of_new_messages_reads_few_held_rows_per_message(tmp_path, monkeypatch, n, dated, most):
    """Whether a new message repeats one this file stored already (``_Merger._may_repeat``) reads the held rows of
    the three minutes its instant agrees with, not every row stored so far: on one thread of distinct dated mails
    the rows read per message stay under ``most`` at any length (kb17b's first version read them all: quadratic,
    the hostile sweep's many-messages case at 10,000 mails took 79.8 s of CPU against 41.8 s)."""
    from threadkb import store

    read = []
    real = store._same_person

    def counting(a, b):
        read.append(1)
        return real(a, b)

    monkeypatch.setattr(store, "_same_person", counting)
    path = tmp_path / "thread.mbox"
    path.write_text(_one_thread(n, dated), encoding="utf-8")
    _ingest(tmp_path / "kb.sqlite", path)
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        assert kb.db.execute("SELECT count(*) FROM messages").fetchone()[0] == n
    assert len(read) <= most * n
