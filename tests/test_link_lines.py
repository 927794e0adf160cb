"""Issue 17, defect 5: the link stage reads quoted fragments from the lines the thread keeps, never from the
input file again (a thread of an mbox, ``x.mbox#N``, has no file of its own to re-read)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from threadkb.extract import extract
from threadkb.ingest import ingest
from threadkb.link import link
from threadkb.parse import parse

ROOT = Path(__file__).resolve().parents[1]
FILES = ["mdsp-2025-10-sheca-api-keys.txt", "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt",
         "063_bugzilla-1715672-letsencrypt-comment2-in-reply-to-quoting.txt"]


def _relations(ex) -> list[tuple]:
    return sorted((r.source, r.target, r.kind.value, tuple(r.evidence)) for r in link(ex).relations)


@pytest.mark.parametrize("name", FILES)
def test_thread_keeps_its_source_lines(tmp_path, name):
    path = tmp_path / name
    shutil.copy(ROOT / "corpora" / name, path)
    (source,) = list(ingest(str(path)))
    thread = parse(source)
    assert thread.lines == source.lines and len(thread.lines) > 10


@pytest.mark.parametrize("name", FILES)
def test_link_gives_the_same_relations_when_the_input_file_is_gone(tmp_path, name):
    path = tmp_path / name
    shutil.copy(ROOT / "corpora" / name, path)
    (source,) = list(ingest(str(path)))
    (ex,) = extract([parse(source)])
    before = _relations(ex)
    assert before  # each of these threads has relations drawn from its quotes
    path.unlink()  # the link stage must not need the file
    (ex2,) = extract([parse(source)])
    assert _relations(ex2) == before
