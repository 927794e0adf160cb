"""Output files are replaced safely (issue 17, defect 7d): through a temporary file and a rename, never through
a symbolic link planted at the path, and a file edited since threadkb wrote it is kept and named."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from threadkb.cli import main
from threadkb.outfiles import MANIFEST, OutputError, write_text

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hostile_thread.txt"


def _setup(tmp_path: Path, before: str) -> tuple[Path, Path]:
    """The state of ``out/r.html`` before threadkb writes it; returns (path, victim)."""
    out, victim = tmp_path / "out" / "r.html", tmp_path / "victim.txt"
    victim.write_text("precious")
    out.parent.mkdir()
    if before == "threadkb wrote it":
        write_text(out, "old report")
    elif before == "edited by the user":
        write_text(out, "old report")
        out.write_text("old report + my notes")
    elif before == "someone else's file":
        out.write_text("not ours")
    elif before == "the same bytes, not ours":
        out.write_text("new report")
    elif before == "a link to a file":
        out.symlink_to(victim)
    elif before == "a dangling link":
        out.symlink_to(tmp_path / "nowhere")
    return out, victim


CASES = [  # state before, note expected (part of it) or None, the previous version kept as r.html.~1~
    ("nothing", None, None),
    ("threadkb wrote it", None, None),
    ("the same bytes, not ours", None, None),
    ("edited by the user", "replaced a file edited since threadkb wrote it", "old report + my notes"),
    ("someone else's file", "replaced a file not written by threadkb", "not ours"),
    ("a link to a file", "was a symbolic link to", None),
    ("a dangling link", "was a symbolic link to", None),
]


@pytest.mark.parametrize("before,note,kept", CASES, ids=[c[0] for c in CASES])
def test_replacing_an_output_file(tmp_path, caplog, before, note, kept):
    out, victim = _setup(tmp_path, before)
    with caplog.at_level(logging.WARNING):
        said = write_text(out, "new report")
    assert out.read_text() == "new report" and not out.is_symlink()
    assert victim.read_text() == "precious"  # a link's target is never written
    if note is None:
        assert said is None and not caplog.records
    else:
        assert note in said and said in caplog.records[0].getMessage()
    backup = out.with_name("r.html.~1~")
    assert (backup.read_text() if backup.exists() else None) == kept
    assert sorted(p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")) == []  # no temporary left
    assert MANIFEST in os.listdir(out.parent)


def test_second_edit_is_kept_beside_the_first(tmp_path):
    out, _ = _setup(tmp_path, "edited by the user")
    write_text(out, "v2")
    out.write_text("v2 + more notes")
    write_text(out, "v3")
    assert out.with_name("r.html.~1~").read_text() == "old report + my notes"
    assert out.with_name("r.html.~2~").read_text() == "v2 + more notes"


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_never_writes_into_a_folder_or_pipe(tmp_path, kind):
    out = tmp_path / "r.html"
    out.mkdir() if kind == "folder" else os.mkfifo(out)
    with pytest.raises(OutputError, match="exists and is not a regular file"):
        write_text(out, "x")


@pytest.mark.parametrize("argv", [["report", "--format", "md"], ["graph", "--format", "graphml"]])
def test_commands_do_not_write_through_a_planted_link(tmp_path, caplog, argv):
    """(The note is a logged warning: on the command line Python's last-resort handler prints it on stderr.)"""
    victim, link = tmp_path / "victim.txt", tmp_path / "out.file"
    victim.write_text("precious")
    link.symlink_to(victim)
    assert main([*argv, str(FIXTURE), "-o", str(link)]) == 0
    assert victim.read_text() == "precious"
    assert not link.is_symlink() and link.stat().st_size > 0
    assert "was a symbolic link to" in caplog.text
