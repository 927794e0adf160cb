"""`--thread KEY` selects the thread whose OPENING message has that key (as `query threads` shows it).

Before, the filter took every thread holding ANY message whose text hash starts with the key: a reply with the
same words as another thread's opening post ("Thanks, everyone. We will revoke …" posted twice, a "+1") put
its thread under the other's key, and the hash of a reply (a key `query threads` never shows) was taken as a key.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from threadkb import cli
from threadkb.store import normalise_text

SAME = "We will revoke the affected certificates within five days and report back here."


def _mail(n: int, author: str, subject: str, day: int, body: str, parent: int | None = None) -> str:
    reply = f"In-Reply-To: <m{parent}@x.example>\n" if parent else ""
    return (f"From {author.lower()}@x.example Mon Oct  {day} 09:00:00 2025\nFrom: {author} <{author.lower()}@x.example>\n"
            f"Subject: {subject}\nDate: Mon, 0{day} Oct 2025 09:00:00 +0000\nMessage-ID: <m{n}@x.example>\n{reply}\n"
            f"{body}\n\n")


A = _mail(1, "Alice", "Incident one", 1, SAME)  # opens thread one with SAME
B = (_mail(2, "Carol", "Incident two", 2, "Please confirm how many certificates are affected by this problem.")
     + _mail(3, "Dave", "Re: Incident two", 3, SAME, parent=2))  # thread two: SAME is a reply
C = _mail(4, "Erin", "Incident three", 4, "Can you say when the revocation will be complete for all of them?")


def _key(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:12]


def _rows(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = cli.main(["query", *argv, "--format", "jsonl"])
    out, err = capsys.readouterr()
    return code, [json.loads(x) for x in out.splitlines() if x.strip()], err


@pytest.mark.parametrize("files", [
    [A + B + C],            # one mbox, the opening first
    [B + C + A],            # one mbox, the reply first
    [A, B, C],              # one file per thread
    [B, A, C],              # the reply's thread stored first
])
def test_a_key_selects_the_thread_it_opens(tmp_path, capsys, files):
    paths = []
    for i, text in enumerate(files):
        p = tmp_path / f"t{i}.mbox"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    db = str(tmp_path / "kb.sqlite")
    assert cli.main(["ingest", *paths, "--db", db, "--quiet"]) == 0
    capsys.readouterr()
    _, threads, _ = _rows(capsys, "threads", "--db", db)
    by_subject = {t["subject"]: t for t in threads}
    assert sorted(by_subject) == ["Incident one", "Incident three", "Incident two"]
    one, two = by_subject["Incident one"], by_subject["Incident two"]
    assert one["key"] == _key(SAME) != two["key"]
    for t in threads:  # each key selects its own thread, only
        code, rows, _ = _rows(capsys, "claims", "--db", db, "--thread", t["key"])
        assert code == 0 and {r["thread"] for r in rows} == {t["thread"]}
    code, rows, _ = _rows(capsys, "threads", "--db", db, "--thread", one["key"])
    assert [r["subject"] for r in rows] == ["Incident one"]
    assert two["key"] == _key("Please confirm how many certificates are affected by this problem.")
    code, rows, _ = _rows(capsys, "claims", "--db", db, "--thread", _key(SAME + " "))  # the same normalised text
    assert {r["thread"] for r in rows} == {one["thread"]}


def test_a_reply_hash_is_not_a_key(tmp_path, capsys):
    p = tmp_path / "t.mbox"
    p.write_text(B, encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    assert cli.main(["ingest", str(p), "--db", db, "--quiet"]) == 0
    capsys.readouterr()
    code, rows, err = _rows(capsys, "claims", "--db", db, "--thread", _key(SAME))
    assert (code, rows) == (1, [])
    assert err == (f"threadkb: --thread '{_key(SAME)}' matches nothing in the knowledge base; no thread has that key"
                   " (query threads lists them)\n")


REPOST = ("The CCADB will be unavailable for scheduled maintenance this weekend; please plan your "
          "audit submissions accordingly.")


@pytest.mark.parametrize("first, second", [
    (_mail(11, "Alice", "CCADB maintenance", 1, REPOST), _mail(12, "Bob", "CCADB maintenance", 2, REPOST)),  # two senders
    (_mail(13, "Alice", "CCADB maintenance", 1, REPOST), _mail(14, "Alice", "Reminder: CCADB maintenance", 8, REPOST)),
    (_mail(15, "Alice", "Attachment only", 1, ""), _mail(16, "Bob", "Another attachment", 2, "")),  # body-less openings
])
def test_threads_opening_with_the_same_words_get_different_keys(tmp_path, capsys, first, second):
    """Class (d): two threads whose opening messages have the same words (an announcement posted again or by two
    people, two body-less openings): both had the key of those words, and `--thread KEY` selected both. Now each has
    its own key (the hash of the opening's words, author, date and Message-ID) and selects its own thread; a thread
    whose opening words are its own keeps the key of its words."""
    box = tmp_path / "t.mbox"
    box.write_text(first + second + C, encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    assert cli.main(["ingest", str(box), "--db", db, "--quiet"]) == 0
    capsys.readouterr()
    _, threads, _ = _rows(capsys, "threads", "--db", db)
    assert len(threads) == 3
    keys = [t["key"] for t in threads]
    assert len(set(keys)) == 3 and all(len(k) == 12 for k in keys)
    assert _key("Can you say when the revocation will be complete for all of them?") in keys
    for t in threads:
        code, rows, _ = _rows(capsys, "threads", "--db", db, "--thread", t["key"])
        assert code == 0 and [r["thread"] for r in rows] == [t["thread"]]


BUG_077 = Path(__file__).resolve().parent.parent / "corpora" / "077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt"


@pytest.mark.parametrize("cut", [(27, 47), (27, 60)])  # the preliminary report gone; and the full report's start too
@pytest.mark.parametrize("part_first", [True, False])
def test_an_undated_thread_has_one_key_whatever_file_came_first(tmp_path, capsys, cut, part_first):
    """Class (c)/(d): a thread of undated messages (a Bugzilla page saved with "7 months ago") held by two files, one
    with its first comments cut. Its opening was the row stored first: the cut page ingested first made its first
    comment the opening, and the key another one. Now the message no file shows after another of the thread: the
    whole page's first comment, in both orders (the key of its text, bc64368266fa). Before: the cut-first row of (27, 47)
    failed (key 4447852f1c03); the others are guards."""
    lines = BUG_077.read_text(encoding="utf-8").splitlines(keepends=True)
    part, full = tmp_path / "part.txt", tmp_path / "full.txt"
    part.write_text("".join(lines[:cut[0] - 1] + lines[cut[1] - 1:]), encoding="utf-8")
    full.write_text("".join(lines), encoding="utf-8")
    db = str(tmp_path / "kb.sqlite")
    for p in ((part, full) if part_first else (full, part)):
        assert cli.main(["ingest", str(p), "--db", db, "--quiet"]) == 0
    capsys.readouterr()
    _, threads, _ = _rows(capsys, "threads", "--db", db)
    assert [(t["key"], t["subject"]) for t in threads] == [
        ("bc64368266fa", "Chunghwa Telecom: Delayed revocation for bug 1951415")]


SHOWN = ["mdsp-2025-10-sheca-api-keys.txt", "002_mdsp-mailarchive-entrust-report-critique-star-quotes.txt",
         "053_mdsp-mailarchive-trustcor-response-mcpherson.txt", "014_mdsp-googlegroups-mrsp3-delayed-revocation.txt"]


def test_a_thread_is_found_by_the_subject_query_threads_shows(tmp_path, capsys):
    """Class: a thread with no subject is shown by its opening's first line ("SHECA provides partners with public and
    private keys for"), but `--thread TEXT` looked in the stored subject only: the words shown selected nothing
    ("matches nothing", with a list of other subjects as the nearest). Now it looks in what `query threads` shows,
    in any case; a thread with a subject (014) is found by it as before."""
    root = Path(__file__).resolve().parent.parent / "corpora"
    db = str(tmp_path / "kb.sqlite")
    assert cli.main(["ingest", *(str(root / f) for f in SHOWN), "--db", db, "--quiet"]) == 0
    capsys.readouterr()
    _, threads, _ = _rows(capsys, "threads", "--db", db)
    assert sorted(t["subject"] for t in threads) == [
        "Kathleen, Ryan, Clint and the rest of the community:", "MRSP 3.0: Issue #276: Delayed Revocation",
        "Okay for my approach I will first note selective parts of this report that",
        "SHECA provides partners with public and private keys for"]
    for t in threads:
        words = t["subject"][:25].upper()
        code, rows, err = _rows(capsys, "threads", "--db", db, "--thread", words)
        assert (code, [r["thread"] for r in rows]) == (0, [t["thread"]]), err
