"""Two messages of one stored thread holding a claim in the same words, each as its own row, and a copy of one read.

Class: the same sentence said by two people in two threads stored apart (two files, two subjects), then a file that
links the threads (a copy of the later mail replying to the earlier one): the stored threads merge with both claim
rows in them. Reading a copy of the earlier message then found the later row as "a quote of this claim stored
first" and moved it onto the earlier message, which already held a row in these words: UNIQUE(message_id,
text_hash) failed and the whole file was refused ("not stored: the knowledge base refused it"; 9369e61 and main
alike; found by random edits of a 1,000-mail archive of benchmarks/make_archive.py). Now a claim the message holds
in these very words is that row, whoever else said them: the file is stored, each speaker keeps their claim.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from threadkb.cli import main

SENTENCES = [
    "We will revoke the affected certificates by Friday and file an incident report.",
    "The CA did not disclose the intermediate certificates in the CCADB within a week.",
    "Our CPS says the affected certificates must be revoked within five days.",
]


def _eml(who: str, day: int, subject: str, text: str, reply_to: str | None = None) -> str:
    login = who.split()[0].lower()
    head = (f"From: {who} <{login}@example.org>\nDate: Mon, {day} Jun 2024 10:00:00 +0000\nSubject: {subject}\n"
            f"Message-ID: <{login}{day}@example.org>\n")
    if reply_to:
        head += f"In-Reply-To: <{reply_to}>\n"
    return head + "\n" + text + "\n"


def _ingest(db: Path, path: Path) -> None:
    assert main(["ingest", "--quiet", "--db", str(db), str(path)]) == 0


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("first", ["earlier", "later"])
def test_a_file_linking_two_threads_that_hold_the_same_words_is_stored(tmp_path, sentence, first):
    ann = _eml("Ann Lee", 3, "Revocation plan at Example CA", sentence)
    bob = _eml("Bob Roe", 5, "Status of the revocations", sentence)
    files = {"earlier": tmp_path / "ann.eml", "later": tmp_path / "bob.eml"}
    files["earlier"].write_text(ann, encoding="utf-8")
    files["later"].write_text(bob, encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    for which in (first, {"earlier": "later", "later": "earlier"}[first]):
        _ingest(db, files[which])
    box = tmp_path / "both.mbox"
    box.write_text("From ann@example.org Mon Jun  3 10:00:00 2024\n" + ann + "\nFrom bob@example.org Mon Jun  5 10:00:00 2024\n"
                   + _eml("Bob Roe", 5, "Re: Revocation plan at Example CA", sentence, reply_to="ann3@example.org") + "\n",
                   encoding="utf-8")
    _ingest(db, box)  # refused before: UNIQUE constraint failed: claims.message_id, claims.text_hash
    con = sqlite3.connect(db)
    rows = con.execute("SELECT m.author, c.speaker, c.text FROM claims c JOIN messages m ON m.id = c.message_id"
                       " ORDER BY m.date_utc").fetchall()
    threads = con.execute("SELECT COUNT(DISTINCT thread_id) FROM messages").fetchone()[0]
    con.close()
    assert rows == [("Ann Lee", "Ann Lee", sentence), ("Bob Roe", "Bob Roe", sentence)]
    assert threads == 1
