"""Hostile or broken input: a clear one-line error (exit 2) or a best-effort parse with a warning."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadkb.cli import main
from threadkb.ingest import load_source, source_refs
from threadkb.models import IngestError


def _write(path, data):
    path.write_bytes(data)
    return str(path)


_UNMARKED = (b"On Mon, Jan 1, 2024 at 10:00 AM Ben Wilson <ben@example.org> wrote:\n"  # a message quoted without
             b"We will revoke the certificates soon enough.\nThe timeline is in the bug.\n\n"  # markers, quoting
             b"I think this is not right at all for the subscribers here.\n\n")  # the next (review10a's RecursionError)

CASES = [  # name, bytes, expected exit code, text expected on stderr (rc 2) or in the warnings (rc 0)
    ("empty.txt", b"", 2, "empty file"),
    ("blank.txt", b"\n\n   \n", 2, "empty file"),
    ("binary.bin", bytes(range(256)) * 40, 2, "binary file"),
    ("bad-utf8.txt", b"Hello \xff\xfe world\nOn Mon, Jun 10, 2024 at 5:41 PM Mike <m@x> wrote:\n> caf\xe9\n", 0,
     "invalid UTF-8"),
    ("huge-line.txt", b"x" * 50_000_000 + b"\n", 0, "lines longer than"),
    ("deep.txt", b"Top text\n" + b"".join(b">" * i + b" level %d\n" % i for i in range(1, 10001)), 0,
     "quoting deeper than"),
    ("nested-unmarked.txt", b"Top text of the reply.\n\n" + _UNMARKED * 1000, 0, "quoting deeper than"),  # no '>'
    ("truncated.mbox", b"From a@b Mon Jan  1 00:00:00 2024\nFrom: A <a@b>\nSubject: x\nMessage-ID: <1@b>\n\nbody\n\n"
     b"From c@d Mon Jan  1 00:00:00 2024\nFrom: C <c@d>\nSubj", 0, "truncat"),
    ("not-mail.eml", b"\x00\x01\x02garbage", 2, "not an e-mail"),
    ("cut.html", b"<html><body><div>Hello <b>world</b><blockquote type=cite><p>quoted te", 0, ""),
    # address comments nested thousands deep: the stdlib's address parser recurses past the limit (session 11 reads
    # To: the input failed whole; From failed before that too)
    ("to-nested.eml", b"From: A <a@b>\nTo: " + b"(" * 3000 + b"\nSubject: x\nMessage-ID: <1@b>\n\nbody\n", 0,
     "To header nested too deep to read (3000 characters)"),
    ("from-nested.eml", b"From: " + b"(" * 3000 + b"\nTo: C <c@d>\nSubject: x\nMessage-ID: <1@b>\n\nbody\n", 0,
     "From header nested too deep to read (3000 characters)"),
]


@pytest.mark.parametrize("name,data,rc,expect", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_never_tracebacks(tmp_path, capsys, name, data, rc, expect):
    path = _write(tmp_path / name, data)
    code = main(["parse", "--json", path])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code == rc
    if rc == 2:
        assert len(err.strip().splitlines()) == 1
        assert expect in err
    else:
        preds = json.loads(out)
        preds = preds if isinstance(preds, list) else [preds]
        assert all(p["messages"] for p in preds)
        assert expect in " ".join(w for p in preds for w in p["warnings"])


def test_missing_file_is_one_line_error(capsys):
    assert main(["parse", "/nonexistent/file.txt"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "threadkb: /nonexistent/file.txt: no such file or folder"


GONE = ["corpora/mdsp-2025-10-sheca-api-keys.txt", "corpora/018_cabf-servercert-attachment-direct-contact-moz-cite-greek.html",
        "tests/fixtures/mail/reply-quoted.eml", "tests/fixtures/mail/thread3.mbox", "GITHUB"]


@pytest.mark.parametrize("name", GONE, ids=["text", "html", "eml", "mbox", "json"])
def test_a_file_gone_between_listing_and_reading_cannot_be_read(tmp_path, name):
    """Every reader says the same when the system refuses a file's bytes (ingest.text.read_input)."""
    root = Path(__file__).resolve().parent.parent
    src = next((root / "tests/fixtures/api/github").glob("*.json")) if name == "GITHUB" else root / name
    path = tmp_path / src.name
    path.write_bytes(src.read_bytes())
    refs = list(source_refs(str(path)))
    path.unlink()
    with pytest.raises(IngestError, match=r"^cannot read( mbox)?: No such file or directory$"):
        load_source(refs[0])


def test_an_address_header_nested_too_deep_loses_only_its_addresses(tmp_path):
    """One mail of an mbox with a To header of comments nested 3,000 deep: both mails are read, the other's
    addressee too; only the hostile header's addresses are lost (with a warning)."""
    mbox = (b"From a@b Mon Jan  1 00:00:00 2024\nFrom: Ann Lee <a@b>\nTo: " + b"(" * 3000 + b"\nSubject: x\n"
            b"Message-ID: <1@b>\n\nThe audit is late.\n\n"
            b"From c@d Mon Jan  1 00:00:00 2024\nFrom: Cy Ode <c@d>\nTo: Ben Wilson <ben@example.org>\nSubject: y\n"
            b"Message-ID: <2@d>\n\nThe CPS is wrong.\n")
    sources = source_refs(_write(tmp_path / "two.mbox", mbox))
    read = [load_source(ref) for ref in sources]
    assert [[(h.from_name, h.to) for h in s.mail] for s in read] == [
        [("Ann Lee", [])], [("Cy Ode", [("Ben Wilson", "ben@example.org")])]]
    assert [w for s in read for w in s.warnings if "nested too deep" in w] == [
        "mail 1: To header nested too deep to read (3000 characters): no address kept"]
