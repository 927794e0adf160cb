"""Robustness of input: only regular files are read (issue 17, defect 2); a UTF-16 byte order mark is
believed only when the bytes decode to text (defect 7c).

A named pipe, a socket or a device given as a path is one line on stderr and exit 2, at once (opening a FIFO
for reading waits for a writer, so a command that opens it hangs forever); inside a folder it is skipped with
a warning and the regular files beside it are read.
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys

import pytest

from threadkb.cli import main
from threadkb.ingest import file_refs, iter_files, regular_file
from threadkb.ingest.text import decode
from threadkb.models import IngestError

MAIL = b"From: A <a@example.org>\nSubject: hi\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <1@x>\n\nHello there.\n"


def _fifo(path):
    os.mkfifo(path)
    return str(path)


def _socket(path):
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    return str(path), s


@pytest.fixture
def specials(tmp_path):
    """(kind, path) of every non-regular file this system lets a test make, and the sockets to close."""
    made = [("a named pipe", _fifo(tmp_path / "pipe.txt"))]
    sock_path, sock = _socket(tmp_path / "sock.mbox")
    made.append(("a socket", sock_path))
    if os.path.exists("/dev/null"):
        made.append(("a character device", "/dev/null"))
    os.symlink(tmp_path / "pipe.txt", tmp_path / "link-to-pipe.eml")
    made.append(("a named pipe", str(tmp_path / "link-to-pipe.eml")))
    yield made
    sock.close()


def test_non_regular_files_are_refused_by_name(specials):
    for kind, path in specials:
        with pytest.raises(IngestError) as exc:
            file_refs(path)
        assert str(exc.value) == f"not a regular file ({kind}): only regular files are read", path
        with pytest.raises(IngestError):
            regular_file(path)


def test_folder_skips_non_regular_files_with_a_warning(tmp_path, caplog):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(MAIL)
    _fifo(folder / "b.txt")
    _, sock = _socket(folder / "c.mbox")
    (folder / "d.txt").write_text("Hello\n")
    try:
        with caplog.at_level(logging.WARNING):
            files = list(iter_files(str(folder)))
    finally:
        sock.close()
    assert [os.path.basename(f) for f in files] == ["a.eml", "d.txt"]
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2
    assert "b.txt: skipped: not a regular file (a named pipe)" in warned[0]
    assert "c.mbox: skipped: not a regular file (a socket)" in warned[1]


@pytest.mark.parametrize("argv", [["parse"], ["parse", "--json"], ["report"]])
def test_fifo_in_process_commands_exit_2_with_one_line(tmp_path, capsys, argv):
    path = _fifo(tmp_path / "thread.txt")
    assert main([*argv, path]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"threadkb: {path}: not a regular file (a named pipe): only regular files are read"]


def _threadkb() -> list[str]:
    exe = shutil.which("threadkb", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "threadkb.cli"]


@pytest.mark.parametrize("argv", [
    ["parse", "{fifo}"],
    ["ingest", "{fifo}", "--db", "{tmp}/kb.sqlite", "--quiet"],
    ["graph", "{fifo}", "-o", "{tmp}/g.json"],
])
def test_fifo_never_hangs_a_command(tmp_path, argv):
    """The real command in a subprocess: before, it waited forever for a writer. The timeout is generous
    (a hang is what fails; speed is not asserted)."""
    fifo = _fifo(tmp_path / "thread.txt")
    args = [a.format(fifo=fifo, tmp=tmp_path) for a in argv]
    proc = subprocess.run(_threadkb() + args, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"{fifo}: not a regular file (a named pipe)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_fifo_inside_a_folder_is_skipped_and_the_rest_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(MAIL)
    _fifo(folder / "b.eml")
    proc = subprocess.run(_threadkb() + ["ingest", str(folder), "--db", str(tmp_path / "kb.sqlite"), "--quiet"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "b.eml: skipped: not a regular file (a named pipe)" in proc.stderr
    assert "files: 1 (1 stored" in proc.stdout


# --------------------------------------------------------------------------- UTF-16 byte order marks (7c)

TEXT = "From: Ann Lee <ann@example.org>\nSubject: Delayed revocation\n\nWe will revoke them — all 42 — by Friday.\n"
CJK = "差出人: 山田\n件名: 失効の遅延\n\n証明書は金曜日までに失効させます。\n"

UTF16 = [  # bytes, text expected (first line), warned?
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), TEXT.splitlines()[0], False),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), TEXT.splitlines()[0], False),
    (b"\xff\xfe" + CJK.encode("utf-16-le"), CJK.splitlines()[0], False),
    (b"\xff\xfe" + TEXT.encode("utf-8"), TEXT.splitlines()[0], True),  # UTF-8 after stray FF FE
    (b"\xfe\xff" + TEXT.encode("utf-8"), TEXT.splitlines()[0], True),
    (b"\xff\xfe" + TEXT.encode("utf-8") + b"x", TEXT.splitlines()[0], True),  # odd length
    (b"\xff\xfe" + ("caf\u00e9 " * 40).encode("latin-1"), "caf", True),  # 8-bit text: read as UTF-8, replaced
]


@pytest.mark.parametrize("data,first,warned", UTF16, ids=[f"utf16-{i}" for i in range(len(UTF16))])
def test_utf16_only_when_it_decodes_to_text(data, first, warned):
    text, encoding, warnings = decode(data, "x.txt")
    assert text.splitlines()[0].startswith(first)
    assert (encoding == "utf-8") is warned
    assert any("byte order mark" in w for w in warnings) is warned
