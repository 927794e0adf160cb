"""Writing output files (reports, graphs) safely: the one place threadkb replaces a file the user can see.

``write_bytes(path, data)`` / ``write_text(path, text)``:

* write into a temporary file beside ``path`` and rename it over ``path``: a reader never sees half a report,
  and a crash leaves the old file whole;
* never follow a symbolic link: a link planted at ``path`` is itself replaced by the new file (``rename``
  does not follow links), its target is left as it was, and the note says so;
* never lose an edit: the folder's ``.threadkb-written.json`` keeps the SHA-256 of what threadkb last wrote
  to each name; an existing file that differs from it (edited by someone, or not threadkb's) is kept as
  ``NAME.~N~`` before it is replaced, and the note says so;
* a folder, pipe or device at ``path`` is never written to (OutputError).

What was replaced is returned (one line, or None) and logged as a warning (shown on stderr).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

MANIFEST = ".threadkb-written.json"
log = logging.getLogger(__name__)


class OutputError(OSError):
    """An output path threadkb will not write to (one line for the user)."""


def write_text(path: str | os.PathLike, text: str) -> str | None:
    """``write_bytes`` of ``text`` in UTF-8."""
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str | os.PathLike, data: bytes) -> str | None:
    """Replace ``path`` by ``data`` atomically, without following a link there; returns (and logs) what was
    replaced when that is worth saying: a symbolic link, or a file edited since threadkb wrote it."""
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot make its folder {folder}: {_why(exc)}") from None
    try:
        return _write(path, folder, data)
    except OutputError:
        raise
    except OSError as exc:  # a read-only or full file system, a folder without write permission
        raise OutputError(f"{path}: cannot write: {_why(exc)}") from None


def _why(exc: OSError) -> str:
    """The OS's reason in words ("Permission denied"), without the errno or the temporary file's name."""
    if isinstance(exc, FileExistsError):
        return "a file of that name is in the way"
    return exc.strerror or type(exc).__name__


def _write(path: Path, folder: Path, data: bytes) -> str | None:
    digest = hashlib.sha256(data).hexdigest()
    written = _manifest(folder)
    note = None
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        note = (f"{path}: was a symbolic link to {os.readlink(path)}; replaced by the new file"
                " (the link's target was not written to)")
    elif st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: exists and is not a regular file; not written")
    elif st is not None:
        with open(path, "rb") as fh:
            old = hashlib.file_digest(fh, "sha256").hexdigest()
        if old not in (written.get(path.name), digest):
            kept = _keep(path)
            why = "edited since threadkb wrote it" if path.name in written else "not written by threadkb"
            note = f"{path}: replaced a file {why}; the previous version is kept as {kept}"
    _replace(path, data, st)
    written[path.name] = digest
    _replace(folder / MANIFEST, json.dumps(written, indent=0, sort_keys=True).encode("utf-8"), None)
    if note:
        log.warning("threadkb: warning: %s", note)
    return note


def _replace(path: Path, data: bytes, old: os.stat_result | None) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mode = stat.S_IMODE(old.st_mode) if old is not None and stat.S_ISREG(old.st_mode) else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)  # atomic; replaces a symbolic link itself, never its target
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _keep(path: Path) -> Path:
    """Keep the file at ``path`` as ``path.~N~`` (the first N free), as a hard link (else a copy)."""
    n = 1
    while True:
        kept = path.with_name(f"{path.name}.~{n}~")
        try:
            os.link(path, kept, follow_symlinks=False)
            return kept
        except FileExistsError:
            n += 1
        except OSError:  # a file system without hard links
            if not os.path.lexists(kept):
                _replace(kept, path.read_bytes(), os.lstat(path))
                return kept
            n += 1


def _manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
