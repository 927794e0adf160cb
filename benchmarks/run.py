"""Time threadkb stage by stage on a generated archive, next to the peers' quote splitters.

    python benchmarks/run.py --messages 2000 --workers 2          # a quick run (about a minute)
    python benchmarks/run.py                                       # the 50,000-message archive

What it measures, each in its own subprocess (so that the peak RSS is that measurement's own, read from
``os.wait4``'s ``ru_maxrss``, which on Linux covers the child and the processes it waited for):

* ingest+parse  ``threadkb.ingest.ingest(path)`` then ``threadkb.parse.parse(source)`` for each Source;
* extract       ``threadkb.extract.extract(threads)`` in batches of ``BATCH`` threads;
* link          ``threadkb.link.link(extraction)``;
* store         ``threadkb.kb.KnowledgeBase`` (or ``threadkb.store.Store``) ``.add(extraction)``;
* pipeline      ``threadkb ingest --workers N`` end to end (1 and N workers), as a user runs it, on the
                archive as one mbox and split into monthly mbox files (as pipermail publishes a list);
* spaCy floor   a bare ``spacy.blank("en")`` tokenizer pass (and one regex pass) over the text the
                extract stage reads, in the same run;
* peers         quotequail's ``unwrap`` applied recursively, mail-parser-reply, email-reply-parser over
                the body of every e-mail of the same archive (install: ``pip install -e '.[bench]'``);
* growth        ingest+parse, extract and quotequail on chains of quote depth 1, 10 and 50.

A stage whose module cannot be imported is reported as "not available"; one that raises is reported
with its one-line error. Stages hand their results to the next through a pickle stream in the work
folder (one object per thread, read back one at a time), so a stage's time and memory are its own;
the time spent unpickling is not counted. Results go to ``benchmarks/RESULTS.md`` (``--results``).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

BATCH = 256  # threads per extract() call
DEPTHS = (1, 10, 50)


# ---------------------------------------------------------------------------------------- results


@dataclass
class Measure:
    """One measurement: a stage over one input, as its subprocess reported it."""

    name: str
    status: str = "ok"  # ok | not available | failed
    reason: str = ""
    seconds: float = 0.0  # time inside the measured calls only
    wall: float = 0.0  # the subprocess from start to exit (imports, unpickling included)
    peak_rss_mb: float = 0.0
    counts: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def _peak_rss_self_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------- child side


def _dump_stream(path: str, items) -> int:
    n = 0
    with open(path, "wb") as fh:
        for it in items:
            pickle.dump(it, fh, protocol=pickle.HIGHEST_PROTOCOL)
            n += 1
    return n


def _load_stream(path: str) -> Iterator:
    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Clock:
    """Accumulates the time spent inside measured calls."""

    def __init__(self):
        self.seconds = 0.0

    def __enter__(self):
        self._t = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds += time.perf_counter() - self._t


def _iter_sources(path: str) -> Iterator:
    """Sources of the archive, streamed when the ingest stage offers a generator."""
    import threadkb.ingest as ing
    for name in ("iter_sources", "iter_ingest"):
        fn = getattr(ing, name, None)
        if fn is not None:
            yield from fn(path)
            return
    yield from ing.ingest(path)


def stage_parse(args) -> Measure:
    from threadkb.parse import parse  # noqa: F401  (ImportError -> not available)
    m = Measure("ingest+parse")
    ingest_clock, parse_clock = _Clock(), _Clock()
    counts = {"sources": 0, "emails": 0, "threads": 0, "messages": 0, "with_author": 0, "with_date": 0,
              "text_bytes": 0}
    out = os.path.join(args.work, "threads.pkl")

    def threads():
        it = _iter_sources(args.archive)
        while True:
            with ingest_clock:
                src = next(it, None)
            if src is None:
                return
            counts["sources"] += 1
            counts["emails"] += max(len(src.mail), 1)
            with parse_clock:
                th = parse(src)
            counts["threads"] += 1
            for msg in th.messages:
                counts["messages"] += 1
                counts["with_author"] += msg.author is not None
                counts["with_date"] += msg.date is not None
                counts["text_bytes"] += len(msg.text.encode("utf-8"))
            yield th

    try:
        _dump_stream(out, threads())
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        if os.path.exists(out):
            os.remove(out)
        m.extra["pickle"] = f"threads not picklable ({type(exc).__name__}); later stages re-parse untimed"
    m.seconds = ingest_clock.seconds + parse_clock.seconds
    m.extra.update(ingest_seconds=ingest_clock.seconds, parse_seconds=parse_clock.seconds)
    m.counts = counts
    return m


def _threads(args) -> Iterator:
    path = os.path.join(args.work, "threads.pkl")
    if os.path.exists(path):
        yield from _load_stream(path)
        return
    from threadkb.parse import parse
    for src in _iter_sources(args.archive):
        yield parse(src)


def _texts(thread) -> list[str]:
    """The texts the extract stage reads for one thread: each message's own text and document quotes."""
    out = []
    for msg in thread.messages:
        out.append(msg.text)
        out.extend(dq.text for dq in msg.document_quotes)
    return out


def stage_extract(args) -> Measure:
    import threadkb.extract.nlp  # noqa: F401  (the spaCy pipeline of the extract stage)
    from threadkb.extract import extract
    m = Measure("extract")
    clock = _Clock()
    counts = {"threads": 0, "messages": 0, "text_bytes": 0, "claims": 0, "citations": 0, "entities": 0}
    with clock:  # loading the pipeline (spaCy import, components) is part of the stage
        threadkb.extract.nlp.get_nlp()
    m.extra["load_seconds"] = clock.seconds

    def extractions():
        for batch in _batches(_threads(args), BATCH):
            with clock:
                exs = extract(batch)
            for th, ex in zip(batch, exs, strict=True):
                counts["threads"] += 1
                counts["messages"] += len(th.messages)
                counts["text_bytes"] += sum(len(t.encode("utf-8")) for t in _texts(th))
                counts["claims"] += len(ex.claims)
                counts["citations"] += len(ex.citations)
                counts["entities"] += len(ex.entities)
                yield ex

    _dump_stream(os.path.join(args.work, "extracted.pkl"), extractions())
    m.seconds, m.counts = clock.seconds, counts
    return m


class NoInput(Exception):
    """The previous stage did not run, so this one has nothing to measure."""


def _extractions(args, name: str) -> Iterator:
    path = os.path.join(args.work, name)
    if not os.path.exists(path):
        raise NoInput(f"no input: the previous stage did not produce {name}")
    yield from _load_stream(path)


def stage_link(args) -> Measure:
    from threadkb.link import link
    m = Measure("link")
    clock = _Clock()
    counts = {"extractions": 0, "relations": 0}

    def linked():
        for ex in _extractions(args, "extracted.pkl"):
            with clock:
                ex = link(ex) or ex
            counts["extractions"] += 1
            counts["relations"] += len(ex.relations)
            yield ex

    _dump_stream(os.path.join(args.work, "linked.pkl"), linked())
    m.seconds, m.counts = clock.seconds, counts
    return m


def _open_store(path: str):
    """The knowledge base writer: ``threadkb.kb.KnowledgeBase`` when present, else ``threadkb.store.Store``."""
    kb: object
    try:
        from threadkb.kb import KnowledgeBase
        kb = KnowledgeBase(path)
    except ImportError:
        from threadkb.store import Store
        kb = Store(path)
    for name in ("add", "add_extraction", "store"):
        if callable(getattr(kb, name, None)):
            return kb, getattr(kb, name)
    raise ImportError(f"{type(kb).__name__} has no add() method")


def stage_store(args) -> Measure:
    """As ``threadkb ingest`` stores a file: ``add_batches`` (one transaction, batches of 64 threads) when
    the writer has it, else one ``add`` per extraction. Unpickling the input is not counted."""
    db = os.path.join(args.work, "store.sqlite")
    if os.path.exists(db):
        os.remove(db)
    kb, add = _open_store(db)
    m = Measure("store", extra={"writer": f"{type(kb).__module__}.{type(kb).__name__}"})
    clock = _Clock()
    n = 0
    unpickling = 0.0

    def batches(size: int = 64):
        nonlocal n, unpickling
        batch, stream = [], _extractions(args, "linked.pkl")
        while True:
            t = time.perf_counter()
            ex = next(stream, None)
            unpickling += time.perf_counter() - t
            if ex is None:
                break
            batch.append(ex)
            n += 1
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    if callable(getattr(kb, "add_batches", None)):
        with clock:
            kb.add_batches(batches(), args.archive)
        clock.seconds -= unpickling
    else:
        for batch in batches():
            for ex in batch:
                with clock:
                    add(ex)
    with clock:
        close = getattr(kb, "close", None)
        if close:
            close()
    m.seconds, m.counts = clock.seconds, {"extractions": n, "db_bytes": os.path.getsize(db)}
    return m


def _mail_bodies(archive: str) -> Iterator[str]:
    """The decoded text body of every e-mail of the archive (stdlib mailbox, streamed)."""
    import mailbox
    for msg in mailbox.mbox(archive):
        raw = msg.get_payload(decode=True)
        yield (raw if isinstance(raw, bytes) else b"").decode(msg.get_content_charset() or "utf-8", errors="replace")


def stage_spacy(args) -> Measure:
    m = Measure("spaCy blank tokenizer")
    t = time.perf_counter()
    import spacy
    m.extra["import_seconds"] = time.perf_counter() - t
    t = time.perf_counter()
    nlp = spacy.blank("en")
    m.extra["blank_seconds"] = time.perf_counter() - t
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, spacy.tokenizer.Tokenizer):  # spaCy types it as a plain callable
        raise TypeError(f"not a spaCy Tokenizer: {type(tokenizer).__name__}")
    texts: Iterator[str]
    if os.path.exists(os.path.join(args.work, "threads.pkl")):
        texts = (x for th in _load_stream(os.path.join(args.work, "threads.pkl")) for x in _texts(th))
        m.extra["text"] = "message texts the extract stage reads (threadkb parse output)"
    else:
        texts = _mail_bodies(args.archive)
        m.extra["text"] = "decoded e-mail bodies (parse output not available)"
    tok_clock, re_clock, distinct_clock = _Clock(), _Clock(), _Clock()
    word = re.compile(r"\w+|[^\w\s]")
    seen: set[int] = set()
    counts = {"texts": 0, "bytes": 0, "tokens": 0, "regex_tokens": 0, "distinct_texts": 0, "distinct_bytes": 0}
    for batch in _batches(texts, 512):
        with tok_clock:
            docs = list(tokenizer.pipe(batch))
        counts["texts"] += len(batch)
        counts["tokens"] += sum(len(d) for d in docs)
        counts["bytes"] += sum(len(x.encode("utf-8")) for x in batch)
        with re_clock:
            counts["regex_tokens"] += sum(len(word.findall(x)) for x in batch)
        fresh = [x for x in batch if hash(x) not in seen]
        seen.update(hash(x) for x in fresh)
        with distinct_clock:
            for _ in tokenizer.pipe(fresh):
                pass
        counts["distinct_texts"] += len(fresh)
        counts["distinct_bytes"] += sum(len(x.encode("utf-8")) for x in fresh)
    m.seconds, m.counts = tok_clock.seconds, counts
    m.extra.update(regex_seconds=re_clock.seconds, distinct_seconds=distinct_clock.seconds)
    return m


def _qq_recursive(text: str, quotequail) -> list[dict]:
    levels: list[dict] = []
    while len(levels) < 500:
        r = quotequail.unwrap(text)
        if not r or not r.get("text"):
            break
        levels.append(r)
        text = r["text"]
    return levels


def stage_peer(args) -> Measure:
    name = args.peer
    counts = {"emails": 0, "messages": 0, "with_author": 0, "with_date": 0}
    read_clock, clock = _Clock(), _Clock()
    if name == "quotequail":
        import quotequail

        def split(text):
            levels = _qq_recursive(text, quotequail)
            counts["messages"] += 1 + len(levels)
            counts["with_author"] += sum(1 for lv in levels if lv.get("from"))
            counts["with_date"] += sum(1 for lv in levels if lv.get("date"))
    elif name == "mail-parser-reply":
        from mailparser_reply import EmailReplyParser
        parser = EmailReplyParser(languages=["en"])

        def split(text):
            replies = parser.read(text).replies
            counts["messages"] += len(replies)
            counts["with_author"] += sum(1 for r in replies if r.headers)  # an attribution/header was found
    elif name == "email-reply-parser":
        from email_reply_parser import EmailReplyParser as ERP

        def split(text):
            ERP.parse_reply(text)
            counts["messages"] += 1
    else:
        raise ValueError(f"unknown peer {name}")
    m = Measure(name)
    bodies = _mail_bodies(args.archive)
    while True:
        with read_clock:
            text = next(bodies, None)
        if text is None:
            break
        counts["emails"] += 1
        with clock:
            split(text)
    m.seconds, m.counts = clock.seconds, counts
    m.extra["read_seconds"] = read_clock.seconds
    return m


STAGES = {"parse": stage_parse, "extract": stage_extract, "link": stage_link, "store": stage_store,
          "spacy": stage_spacy, "peer": stage_peer}


def child_main(args) -> int:
    """Run one stage and print its Measure as one JSON line (never a traceback). threadkb's own stages
    run with the collector settings ``threadkb ingest`` uses for its batches."""
    try:
        if args._stage in ("parse", "extract", "link", "store"):
            from threadkb.batches import batch_process_gc
            batch_process_gc()
        m = STAGES[args._stage](args)
    except ImportError as exc:
        m = Measure(args._stage, status="not available", reason=f"{type(exc).__name__}: {exc}")
    except NoInput as exc:
        m = Measure(args._stage, status="not available", reason=str(exc))
    except Exception as exc:  # a stage that fails is reported, the benchmark goes on
        m = Measure(args._stage, status="failed", reason=f"{type(exc).__name__}: {exc}"[:300])
    m.extra["child_peak_rss_mb"] = _peak_rss_self_mb()
    print("BENCH-RESULT " + json.dumps(asdict(m), default=str))
    return 0


# ---------------------------------------------------------------------------------------- parent side


def run_child(argv: list[str], name: str, timeout: float | None = None) -> Measure:
    """Run ``argv`` as a subprocess; its wall time and peak RSS (``wait4``) are filled in."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    line = next((ln for ln in text.splitlines() if ln.startswith("BENCH-RESULT ")), None)
    if line is not None:
        m = Measure(**json.loads(line[len("BENCH-RESULT "):]))
    elif proc.returncode == 0:
        m = Measure(name, seconds=wall)
    else:
        last = (errors.strip().splitlines() or ["exit code %d" % proc.returncode])[-1]
        m = Measure(name, status="failed", reason=last[:300])
    m.name = name
    m.wall = wall
    m.peak_rss_mb = usage.ru_maxrss / 1024
    return m


def stage_cmd(stage: str, archive: str, work: str, **extra) -> list[str]:
    argv = [sys.executable, os.path.abspath(__file__), "--_stage", stage, "--archive", archive, "--work", work]
    for k, v in extra.items():
        argv += [f"--{k}", str(v)]
    return argv


def run_pipeline(archive: str, work: str, workers: int, label: str = "") -> Measure:
    """``threadkb ingest --workers N`` end to end, as a user runs it (``archive`` a file or a folder)."""
    name = f"pipeline --workers {workers}" + (f" ({label})" if label else "")
    try:
        import threadkb.batches  # noqa: F401
    except ImportError as exc:
        return Measure(name, status="not available", reason=f"threadkb.batches: {type(exc).__name__}: {exc}")
    db = os.path.join(work, f"pipeline-{workers}-{len(label)}.sqlite")
    if os.path.exists(db):
        os.remove(db)
    exe = os.path.join(os.path.dirname(sys.executable), "threadkb")
    argv = [exe] if os.path.exists(exe) else [sys.executable, "-m", "threadkb.cli"]
    argv += ["ingest", archive, "--db", db, "--quiet", "--workers", str(workers)]
    m = run_child(argv, name)
    if m.status == "ok":
        m.seconds = m.wall
        m.extra["command"] = shlex.join(["threadkb"] + argv[1 if os.path.exists(exe) else 3:])
        m.counts["db_bytes"] = os.path.getsize(db) if os.path.exists(db) else 0
    return m


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    ram = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(next(ln for ln in fh if ln.startswith("MemTotal")).split()[1])
            ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    versions = {}
    for mod in ("spacy", "quotequail", "mailparser_reply", "email_reply_parser"):
        try:
            from importlib.metadata import version
            dist = {"mailparser_reply": "mail-parser-reply", "email_reply_parser": "email-reply-parser"}.get(mod, mod)
            versions[dist] = version(dist)
        except Exception:
            versions[mod] = "not installed"
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions}


def _rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds > 0 else "-"


def _mbs(nbytes: float, seconds: float) -> str:
    return f"{nbytes / 1e6 / seconds:.2f}" if seconds > 0 else "-"


def stage_table(rows: list[Measure], emails: int, nbytes: int) -> list[str]:
    out = ["| measurement | status | time (s) | e-mails/s | MB/s of raw input | peak RSS (MB) | notes |",
           "|---|---|---:|---:|---:|---:|---|"]
    for m in rows:
        if m.status != "ok":
            out.append(f"| {m.name} | {m.status} | | | | {m.peak_rss_mb:.0f} | {m.reason} |")
            continue
        out.append(f"| {m.name} | ok | {m.seconds:.2f} | {_rate(emails, m.seconds)} | {_mbs(nbytes, m.seconds)} "
                   f"| {m.peak_rss_mb:.0f} | {_notes(m)} |")
    return out


def _notes(m: Measure) -> str:
    c, e = m.counts, m.extra
    if m.name == "ingest+parse":
        return (f"ingest {e.get('ingest_seconds', 0):.2f} s + parse {e.get('parse_seconds', 0):.2f} s; "
                f"{c.get('sources', 0)} sources → {c.get('messages', 0)} messages "
                f"({c.get('with_author', 0)} with author, {c.get('with_date', 0)} with date)"
                + (f"; {e['pickle']}" if "pickle" in e else ""))
    if m.name == "extract":
        return (f"pipeline load {e.get('load_seconds', 0):.2f} s (included); {c.get('text_bytes', 0) / 1e6:.1f} MB "
                f"of message text at {_mbs(c.get('text_bytes', 0), m.seconds)} MB/s; {c.get('claims', 0)} claims, "
                f"{c.get('citations', 0)} citations")
    if m.name == "link":
        return f"{c.get('relations', 0)} relations"
    if m.name == "store":
        return f"{e.get('writer', '')}; database {c.get('db_bytes', 0) / 1e6:.1f} MB"
    if m.name.startswith("pipeline"):
        return f"`{e.get('command', '')}`"
    return ""


def write_results(path: str, info: dict, command: str, archive: dict, rows: list[Measure], spacy_m: Measure | None,
                  peers: list[Measure], growth: list[dict], started: str) -> str:
    emails, nbytes = archive["messages"], archive["bytes"]
    L = ["# threadkb benchmark results", "",
         f"Measured {started} by `benchmarks/run.py` (figures from this run only; re-run to refresh).", "",
         "## Machine", "",
         f"- {info['nproc']} CPUs: {info['cpu']}; RAM {info['ram']}",
         f"- Python {info['python']} on {info['platform']}",
         "- " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()), "",
         "## Command", "", "```", command, "```", "",
         "## Archive", "",
         f"`{archive['path']}`: {emails:,} e-mails in {archive['threads']:,} threads, "
         f"{nbytes / 1e6:.1f} MB, deepest quote nesting {archive['max_depth']} (seed {archive['seed']}; "
         f"generated in {archive['seconds']:.1f} s by `benchmarks/make_archive.py`).", "",
         "## Stages", "",
         "Time is spent inside the stage calls (unpickling the previous stage's output is not counted). "
         "e-mails/s and MB/s are over the whole raw archive. Peak RSS is the subprocess's (`wait4` ru_maxrss: "
         "for `--workers N`, the largest single process).", ""]
    L += stage_table(rows, emails, nbytes)
    L += ["", "## spaCy floor (same text, same run)", ""]
    if spacy_m is None or spacy_m.status != "ok":
        L.append(f"not measured: {spacy_m.reason if spacy_m else 'skipped'}")
    else:
        c, e = spacy_m.counts, spacy_m.extra
        L += [f"Text: {e.get('text')} — {c['texts']:,} texts, {c['bytes'] / 1e6:.1f} MB, "
              f"{c['distinct_texts']:,} distinct ({c['distinct_bytes'] / 1e6:.1f} MB).", "",
              "| pass | time (s) | MB/s | tokens/s |", "|---|---:|---:|---:|",
              f"| `import spacy` | {e['import_seconds']:.2f} | | |",
              f"| `spacy.blank(\"en\")` | {e['blank_seconds']:.2f} | | |",
              f"| bare tokenizer, all texts | {spacy_m.seconds:.2f} | {_mbs(c['bytes'], spacy_m.seconds)} "
              f"| {_rate(c['tokens'], spacy_m.seconds)} |",
              f"| bare tokenizer, distinct texts | {e['distinct_seconds']:.2f} | "
              f"{_mbs(c['distinct_bytes'], e['distinct_seconds'])} | |",
              f"| one regex pass (`\\w+|[^\\w\\s]`) | {e['regex_seconds']:.2f} | {_mbs(c['bytes'], e['regex_seconds'])} "
              f"| {_rate(c['regex_tokens'], e['regex_seconds'])} |"]
        ext = next((m for m in rows if m.name == "extract" and m.status == "ok"), None)
        if ext and spacy_m.seconds > 0:
            ext_rate = ext.counts.get("text_bytes", 0) / ext.seconds if ext.seconds else 0
            tok_rate = c["bytes"] / spacy_m.seconds
            L += ["", f"extract stage / bare tokenizer on the same text: {ext_rate / 1e6:.2f} / {tok_rate / 1e6:.2f} MB/s "
                  f"= {ext_rate / tok_rate:.2f} (target ≥ 0.5)."]
    L += ["", "## Peers: quote splitting on the same archive", "",
          "Each peer gets the decoded body of every e-mail (reading and decoding the mbox with the stdlib is "
          "timed apart as 'read'). threadkb's parse time excludes its mbox ingest; 'ingest+parse' includes it.",
          "", "| splitter | status | split time (s) | read (s) | messages found | with author | with date "
          "| threadkb parse / peer | threadkb ingest+parse / (peer read+split) | peak RSS (MB) |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    parse_m = next((m for m in rows if m.name == "ingest+parse" and m.status == "ok"), None)
    if parse_m:
        c = parse_m.counts
        L.append(f"| threadkb | ok | {parse_m.extra['parse_seconds']:.2f} | {parse_m.extra['ingest_seconds']:.2f} "
                 f"| {c['messages']:,} | {c['with_author']:,} | {c['with_date']:,} | 1 | 1 | {parse_m.peak_rss_mb:.0f} |")
    for p in peers:
        if p.status != "ok":
            L.append(f"| {p.name} | {p.status}: {p.reason} | | | | | | | | |")
            continue
        c = p.counts
        r1 = f"{parse_m.extra['parse_seconds'] / p.seconds:.2f}" if parse_m and p.seconds else "-"
        tot = p.seconds + p.extra.get("read_seconds", 0)
        r2 = f"{parse_m.seconds / tot:.2f}" if parse_m and tot else "-"
        author = f"{c['with_author']:,}" + (" (header found)" if p.name == "mail-parser-reply" else "")
        date = f"{c['with_date']:,}" if p.name == "quotequail" else "-"
        L.append(f"| {p.name} | ok | {p.seconds:.2f} | {p.extra.get('read_seconds', 0):.2f} | {c['messages']:,} "
                 f"| {author} | {date} | {r1} | {r2} | {p.peak_rss_mb:.0f} |")
    L += ["", "Ratios below 1 mean threadkb is faster. email-reply-parser only cuts the top reply; "
          "quotequail's count is 1 + the levels recursive `unwrap` recovered per e-mail (copies of the same "
          "message in later e-mails count each time); threadkb's count is after its own de-duplication.", ""]
    L += ["## Time vs thread quote depth", "",
          "Chains of D e-mails, each quoting its parent in full (D = 1, 10, 50); the same number of e-mails at "
          "each depth, so the raw size grows with D while the distinct messages do not.", "",
          "| depth | e-mails | raw MB | ingest+parse (s) | ms / e-mail | s / raw MB | extract (s) | ms / e-mail "
          "| quotequail recursive (s) | ms / e-mail | peak RSS parse (MB) |",
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for g in growth:
        def cell(m: Measure | None, g: dict = g) -> tuple[str, str]:
            if m is None or m.status != "ok":
                return (m.status if m else "skipped"), ""
            return f"{m.seconds:.2f}", f"{1000 * m.seconds / g['messages']:.2f}"
        p_t, p_ms = cell(g["parse"])
        e_t, e_ms = cell(g["extract"])
        q_t, q_ms = cell(g["quotequail"])
        spm = f"{g['parse'].seconds / (g['bytes'] / 1e6):.2f}" if g["parse"] and g["parse"].status == "ok" else ""
        rss = f"{g['parse'].peak_rss_mb:.0f}" if g["parse"] else ""
        L.append(f"| {g['depth']} | {g['messages']:,} | {g['bytes'] / 1e6:.1f} | {p_t} | {p_ms} | {spm} | {e_t} | {e_ms} "
                 f"| {q_t} | {q_ms} | {rss} |")
    L += ["", "## Raw measurements", "", "<details><summary>JSON</summary>", "", "```json",
          json.dumps({"archive": archive, "machine": info, "stages": [asdict(m) for m in rows],
                      "spacy": asdict(spacy_m) if spacy_m else None, "peers": [asdict(p) for p in peers],
                      "growth": [{k: (asdict(v) if isinstance(v, Measure) else v) for k, v in g.items()}
                                 for g in growth]}, indent=1, default=str),
          "```", "", "</details>", ""]
    text = "\n".join(L)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return text


def _generate(path: str, messages: int, seed: int, depth: int | None = None) -> dict:
    from make_archive import generate
    t = time.perf_counter()
    st = generate(path, messages=messages, seed=seed, depth_profile=depth)
    return {"path": path, "messages": st.messages, "threads": st.threads, "bytes": st.bytes,
            "max_depth": st.max_depth, "seed": seed, "depth_profile": depth,
            "seconds": time.perf_counter() - t}


def _say(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def parent_main(args) -> int:
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    command = "python benchmarks/run.py " + shlex.join(sys.argv[1:])
    work = args.work or tempfile.mkdtemp(prefix="threadkb-bench-")
    os.makedirs(work, exist_ok=True)
    info = machine()
    try:
        if args.archive:
            size = os.path.getsize(args.archive)
            with open(args.archive, "rb") as fh:
                n = sum(1 for ln in fh if ln.startswith(b"From "))
            archive = {"path": args.archive, "messages": n, "threads": 0, "bytes": size, "max_depth": 0,
                       "seed": None, "seconds": 0.0}
        else:
            path = os.path.join(work, f"archive-{args.messages}-{args.seed}.mbox")
            _say(args.quiet, f"generating {args.messages} e-mails -> {path}")
            archive = _generate(path, args.messages, args.seed)
        path = archive["path"]
        rows: list[Measure] = []
        for stage in ("parse", "extract", "link", "store"):
            _say(args.quiet, f"stage {stage} ...")
            rows.append(run_child(stage_cmd(stage, path, work), {"parse": "ingest+parse"}.get(stage, stage)))
            _say(args.quiet, f"  {rows[-1].status} {rows[-1].seconds:.2f} s {rows[-1].reason}")
        targets = [(path, "one mbox")]
        if not args.no_monthly:
            from make_archive import split_monthly
            monthly = os.path.join(work, "monthly")
            n = len(split_monthly(path, monthly))
            targets.append((monthly, f"{n} monthly mbox files"))
        for target, label in targets:
            for w in sorted({1, args.workers}):
                _say(args.quiet, f"pipeline --workers {w} ({label}) ...")
                rows.append(run_pipeline(target, work, w, label))
                _say(args.quiet, f"  {rows[-1].status} {rows[-1].seconds:.2f} s {rows[-1].reason}")
        _say(args.quiet, "spaCy floor ...")
        spacy_m = run_child(stage_cmd("spacy", path, work), "spaCy blank tokenizer")
        peers = []
        if not args.skip_peers:
            for peer in ("quotequail", "mail-parser-reply", "email-reply-parser"):
                _say(args.quiet, f"peer {peer} ...")
                peers.append(run_child(stage_cmd("peer", path, work, peer=peer), peer))
                _say(args.quiet, f"  {peers[-1].status} {peers[-1].seconds:.2f} s {peers[-1].reason}")
        growth = []
        if not args.skip_depth:
            for depth in DEPTHS:
                sub = os.path.join(work, f"depth{depth}")
                os.makedirs(sub, exist_ok=True)
                g = _generate(os.path.join(sub, f"depth{depth}.mbox"), args.depth_messages, args.seed, depth)
                _say(args.quiet, f"depth {depth}: {g['bytes'] / 1e6:.1f} MB ...")
                g["parse"] = run_child(stage_cmd("parse", g["path"], sub), "ingest+parse")
                g["extract"] = run_child(stage_cmd("extract", g["path"], sub), "extract")
                g["quotequail"] = None if args.skip_peers else run_child(
                    stage_cmd("peer", g["path"], sub, peer="quotequail"), "quotequail")
                g["depth"] = depth
                growth.append(g)
        text = write_results(args.results, info, command, archive, rows, spacy_m, peers, growth, started)
        _say(args.quiet, f"wrote {args.results}")
        if not args.quiet:
            print(text.split("## Raw measurements")[0])
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="threadkb benchmarks (see the module docstring)")
    p.add_argument("--messages", type=int, default=50_000, help="e-mails in the generated archive")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--archive", help="use this mbox instead of generating one")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N for `threadkb ingest --workers N`")
    p.add_argument("--depth-messages", type=int, default=500, help="e-mails per quote-depth archive")
    p.add_argument("--no-monthly", action="store_true",
                   help="do not also run the pipeline on the archive split into monthly mbox files")
    p.add_argument("--skip-peers", action="store_true")
    p.add_argument("--skip-depth", action="store_true")
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--work", help="work folder (kept); default a temporary one, removed at the end")
    p.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--_stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    p.add_argument("--peer", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args._stage:
        if not args.work or not args.archive:
            print("run.py: error: --_stage needs --work and --archive", file=sys.stderr)
            return 2
        return child_main(args)
    if args.messages < 1 or args.workers < 1 or args.depth_messages < 1:
        print("run.py: error: --messages, --workers and --depth-messages must be positive", file=sys.stderr)
        return 2
    if args.archive and not os.path.isfile(args.archive):
        print(f"run.py: error: no such archive: {args.archive}", file=sys.stderr)
        return 2
    return parent_main(args)


if __name__ == "__main__":
    sys.exit(main())
