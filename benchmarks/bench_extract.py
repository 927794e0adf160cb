"""The extract stage against spaCy's floor, on one core: where its time goes beside the tokenizer.

    .venv/bin/python benchmarks/bench_extract.py [PATH ...] [--repeat N]

PATH: files or folders (an mbox too; default ``corpora/``). Ingest+parse is not counted. On the texts the
extract stage reads (each message's own text and document quotes), best of N runs each:

* bare tokenizer        ``spacy.blank("en").tokenizer`` (the floor issue 7 measures against);
* tokenizer+sentencizer ``nlp.pipe`` of ``spacy.blank("en")`` + sentencizer, no threadkb component;
* extract, shared       ``threadkb.extract.extract`` with a fresh cache per run: a sentence or text met
                        twice in the run is analysed once (as ``threadkb ingest`` does);
* extract, no repeats   nothing shared: every sentence and text analysed (text without repeats);
* rule tables at zero cost  (``--floor``, a diagnostic) nothing shared, and every function that applies a
                        rule table (claim cues, citation rows, entity and API rows, speaker sides, deadlines,
                        prose quotes) replaced by a constant: what the stage costs beside its rules
                        (spaCy, Docs and spans, sentence units, claim selection, collecting the results).

Ratios are bare-tokenizer time / time (issue 7's target for extract: at least 0.5). The garbage collector
runs with the thresholds of ``threadkb ingest`` (``threadkb.batches.batch_process_gc``).
"""
from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def rules_at_zero_cost():
    """Every rule-table function of the extract stage answers a constant (each sentence an assertion
    with the same score; no citation, entity, API, side, deadline or prose quote) while inside."""
    from threadkb.extract import citations, claims, entities
    from threadkb.models import ClaimKind

    verdict = claims.Verdict(ClaimKind.ASSERTION, "assertion", 1.0, [])
    stubs = [(claims, "classify", lambda *a, **k: verdict), (claims, "speaker_orgs", lambda text: ()),
             (claims, "deadline", lambda *a: (None, None)), (claims, "personas", lambda text: []),
             (claims, "on_behalf_of", lambda *a: (None, "")), (claims, "prose_quotes", lambda text: []),
             (claims, "is_incident_report", lambda text: False), (citations, "find_citations", lambda *a, **k: []),
             (entities, "find_entities", lambda *a, **k: []), (entities, "find_apis", lambda *a, **k: [])]
    saved = [(module, name, getattr(module, name)) for module, name, _ in stubs]
    try:
        for module, name, stub in stubs:
            setattr(module, name, stub)
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


class NothingShared(dict):
    """An extraction cache that never has an entry: every component analyses every text again."""

    def __contains__(self, key) -> bool:
        return False


def _best(repeat: int, run, setup=lambda: None) -> float:
    """The shortest of ``repeat`` timed ``run(setup())`` calls (``setup`` not timed)."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        arg = setup()
        t0 = time.perf_counter()
        run(arg)
        best = min(best, time.perf_counter() - t0)
    return best


def arguments(doc: str) -> argparse.ArgumentParser:
    """PATH ... and --repeat, as the extract-stage benchmarks take them."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "corpora")])
    ap.add_argument("--repeat", type=int, default=3)
    return ap


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def stage_inputs(paths: list[str]) -> tuple[list, list[str], int]:
    """The parsed threads of ``paths`` (files or folders), the texts the extract stage reads (each message's own
    text and document quotes) and the number of unreadable files (reported on stderr)."""
    from threadkb.pipeline import parse_paths

    errors: list[tuple[str, str]] = []
    files = [str(f) for p in map(Path, paths)
             for f in (sorted(p.iterdir()) if p.is_dir() else [p]) if f.is_file() and f.name != "INDEX.md"]
    threads = list(parse_paths(files, errors))
    for path, reason in errors:
        print(f"unreadable: {path}: {reason}", file=sys.stderr)
    texts = [t for th in threads for m in th.messages for t in [m.text] + [dq.text for dq in m.document_quotes]]
    return threads, texts, len(errors)


def main(argv: list[str] | None = None) -> int:
    ap = arguments(__doc__)
    ap.add_argument("--floor", action="store_true", help="also time the stage with its rule tables at zero cost")
    args = ap.parse_args(argv)
    one_core()

    import spacy

    from threadkb.batches import batch_process_gc
    from threadkb.extract import extract
    from threadkb.extract.nlp import get_nlp

    threads, texts, unreadable = stage_inputs(args.paths)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    frozen = pickle.dumps(threads)  # each extract run gets threads it has not seen (extract annotates them)
    batch_process_gc()
    get_nlp()
    extract(pickle.loads(frozen)[:5], cache={})  # warm: lazy tables and compiled patterns

    blank = spacy.blank("en")
    sentencizer = spacy.blank("en")
    sentencizer.add_pipe("sentencizer")
    counts: dict[str, int] = {}

    def run_extract(fresh: tuple[list, dict]) -> None:
        results = extract(*fresh)
        if not counts:  # the figures of the real stage, not of --floor's
            counts.update(claims=sum(len(r.claims) for r in results), citations=sum(len(r.citations) for r in results))

    rows = [
        ("bare tokenizer", _best(args.repeat, lambda _: [blank.tokenizer(t) for t in texts])),
        ("tokenizer+sentencizer", _best(args.repeat, lambda _: list(sentencizer.pipe(texts, batch_size=64)))),
        ("extract, shared", _best(args.repeat, run_extract, lambda: (pickle.loads(frozen), {}))),
        ("extract, no repeats", _best(args.repeat, run_extract, lambda: (pickle.loads(frozen), NothingShared()))),
    ]
    if args.floor:
        with rules_at_zero_cost():
            rows.append(("rule tables at zero cost",
                         _best(args.repeat, run_extract, lambda: (pickle.loads(frozen), NothingShared()))))
    floor = rows[0][1]
    print(f"inputs: {len(threads)} threads, {len(texts)} texts, {mb:.2f} MB ({unreadable} unreadable); "
          f"{counts['claims']} claims, {counts['citations']} citations; best of {args.repeat}, one core")
    for name, seconds in rows:
        print(f"{name:24s} {seconds:7.2f} s  {mb / seconds:6.2f} MB/s  ratio {floor / seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
