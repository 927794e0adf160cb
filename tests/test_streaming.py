"""Streaming ingest: ``iter_sources`` reads an mbox in two passes (header index, then one thread at a time)
and gives exactly the Sources the one-pass reader gave, in the same order, with the same names.

The one-pass reader (``one_pass_mbox`` below) is the former ``read_mbox``: read every mail, group, render.
It is the oracle on the mail fixtures, on every corpus file and on a generated archive of 300 e-mails
(``benchmarks/make_archive.py --messages 300``, seed 1: 51 threads).
"""
from __future__ import annotations

import importlib.util
import os
import pickle
import sys
from pathlib import Path

import pytest

from threadkb.ingest import file_refs, ingest, iter_sources, load_source, mail as mailmod, source_refs
from threadkb.ingest.mail import (
    ArchiveLists,
    MailText,
    _append,
    _is_mail,
    _thread_groups,
    index_mbox,
    iter_mbox,
    read_mail_bytes,
    read_mbox,
    threading_fields,
)
from threadkb.models import IngestError, Source

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
CORPORA = ROOT / "corpora"


def make_archive(out: Path, messages: int) -> str:
    """``benchmarks/make_archive.py --messages N --out OUT`` (seed 1: the same bytes every time)."""
    spec = importlib.util.spec_from_file_location("make_archive", ROOT / "benchmarks" / "make_archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_archive"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.main(["--messages", str(messages), "--out", str(out)]) in (0, None)
    return str(out)


@pytest.fixture(scope="module")
def archive300(tmp_path_factory) -> str:
    return make_archive(tmp_path_factory.mktemp("archive") / "a300.mbox", 300)


def one_pass_mbox(path: str) -> list[Source]:
    """The former reader: every mail read and kept, then grouped into threads (the oracle)."""
    mails: list[MailText] = []
    for n, (data, where) in enumerate(iter_mbox(path), 1):
        mail = read_mail_bytes(data, strict=False)
        if not _is_mail(mail):
            mail.warnings.insert(0, f"{where}: no mail headers; kept as a mail without headers")
        mail.warnings = [f"mail {n}: {w}" for w in mail.warnings]
        mails.append(mail)
    if not any(_is_mail(m) for m in mails):
        raise IngestError("not an mbox: no e-mail headers found")
    with open(path, "rb") as fh:
        data = fh.read()
    if data and not data.endswith(b"\n"):
        mails[-1].warnings.append(f"mail {len(mails)}: the mbox does not end with a line break: "
                                  "this last mail may be truncated")
    groups = _thread_groups([threading_fields(m.headers) for m in mails])
    lists = ArchiveLists()  # the archive's list, from every mail's To/Cc (session 12)
    for m in mails:
        lists.add(m.headers)
    for m in mails:
        m.headers.lists += [a for a in lists.found() if a not in m.headers.lists]
    out = []
    for i, group in enumerate(groups, 1):
        src = Source(path=path if len(groups) == 1 else f"{path}#{i}", kind="mbox", lines=[], encoding="utf-8")
        for j in group:
            _append(src, mails[j])
        out.append(src)
    return out


# --------------------------------------------------------------------------- same Sources as the one-pass reader


@pytest.mark.parametrize("name, threads, mails", [
    ("thread3.mbox", 1, [3]),
    ("truncated.mbox", 2, [1, 1]),
])
def test_fixture_mboxes_equal_the_one_pass_reader(name, threads, mails):
    path = str(FIX / "mail" / name)
    sources = list(iter_sources(path))
    assert sources == one_pass_mbox(path) == read_mbox(path) == ingest(path)
    assert [len(s.mail) for s in sources] == mails and len(sources) == threads


def test_generated_archive_equals_the_one_pass_reader(archive300):
    sources = list(iter_sources(archive300))
    assert sources == one_pass_mbox(archive300)
    assert len(sources) == 51 and sum(len(s.mail) for s in sources) == 300
    assert [s.path for s in sources] == [f"{archive300}#{i}" for i in range(1, 52)]
    assert [len(s.mail) for s in sources][:8] == [22, 11, 2, 8, 2, 25, 20, 5]


def test_every_corpus_file_and_fixture_streams_the_same_sources():
    """Files that are not mboxes give one Source each, read as before (the folder in sorted order)."""
    streamed = list(iter_sources(str(CORPORA)))
    assert streamed == ingest(str(CORPORA))
    assert len(streamed) == len(list(source_refs(str(CORPORA))))
    for p in sorted((FIX / "mail").iterdir()):
        assert list(iter_sources(str(p))) == ingest(str(p))


@pytest.mark.parametrize("content, chunks, warnings", [
    # mboxrd escapes, a "From " body line that is not a separator, no final line break
    (b"From a@x Mon Jan  1 00:00:00 2024\nSubject: one\nMessage-ID: <1@x>\n\n>From here\n>>From there\nbody\n\n"
     b"From the logs, 2024\nstill one\n\nFrom b@x Mon Jan  1 00:00:01 2024\nSubject: two\nMessage-ID: <2@x>\n\nsecond",
     [b"Subject: one\nMessage-ID: <1@x>\n\nFrom here\n>From there\nbody\n\nFrom the logs, 2024\nstill one\n\n",
      b"Subject: two\nMessage-ID: <2@x>\n\nsecond"],
     [[], ["mail 2: the mbox does not end with a line break: this last mail may be truncated"]]),
    # text before the first separator is a mail without headers; CRLF line ends
    (b"preamble\r\n\r\nFrom a@x Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n",
     [b"preamble\r\n\r\n", b"Subject: one\r\n\r\nbody\r\n"],
     [["mail 1: line 1: no mail headers; kept as a mail without headers",
       "mail 1: MIME defect: MissingHeaderBodySeparatorDefect (the mail may be truncated)"], []]),
])
def test_byte_ranges_give_the_scanned_bytes(tmp_path, content, chunks, warnings):
    """The second pass re-reads each mail from its byte range: same bytes as the scanner, same warnings."""
    p = tmp_path / "m.mbox"
    p.write_bytes(content)
    assert [c for c, _ in iter_mbox(str(p))] == chunks
    sources = list(iter_sources(str(p)))
    assert sources == one_pass_mbox(str(p))
    assert [s.warnings for s in sources] == warnings


def test_not_an_mbox_fails_before_any_source(tmp_path):
    p = tmp_path / "x.mbox"
    p.write_bytes(b"From a@x Mon Jan  1 00:00:00 2024\nhello\nworld\n")
    with pytest.raises(IngestError, match="^not an mbox: no e-mail headers found$"):
        next(iter_sources(str(p)))


# --------------------------------------------------------------------------- streamed: one thread read at a time


def test_second_pass_reads_one_thread_at_a_time(archive300, monkeypatch):
    """The first pass parses headers only; each Source then reads just its own mails' bodies."""
    bodies: list[bytes] = []
    original = mailmod.read_mail_bytes

    def counting(data, strict=False, mail_parser=True):
        assert not mail_parser  # an mbox's mails are read with the stdlib parser
        bodies.append(data)
        return original(data, strict, mail_parser)

    monkeypatch.setattr(mailmod, "read_mail_bytes", counting)
    stream = iter_sources(archive300)
    first = next(stream)
    assert (len(first.mail), len(bodies)) == (22, 22)
    second = next(stream)
    assert (len(second.mail), len(bodies)) == (11, 33)
    assert sum(1 for _ in stream) == 49 and len(bodies) == 300


def test_source_refs_are_small_and_picklable(archive300):
    """What a worker process receives: byte ranges, not text (about 40 bytes per mail)."""
    refs = file_refs(archive300)
    assert len(refs) == 51 and [r.thread.name for r in refs[:2]] == [f"{archive300}#1", f"{archive300}#2"]
    assert sum(r.size for r in refs) <= os.path.getsize(archive300)
    payload = pickle.dumps(refs)
    assert len(payload) < 60 * 300
    assert [load_source(r) for r in pickle.loads(payload)[:3]] == one_pass_mbox(archive300)[:3]
    assert index_mbox(archive300) == [r.thread for r in refs]
