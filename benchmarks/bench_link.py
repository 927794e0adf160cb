#!/usr/bin/env python3
"""Time the link stage alone: parse + extract an archive once, then link every thread (best of N).

    python benchmarks/make_archive.py --messages 2000 --out /tmp/a2k.mbox
    python benchmarks/bench_link.py /tmp/a2k.mbox [--repeat 3] [--rules-only]

Prints the model load time and the link time per message. To compare with an older threadkb, run the same
command with that checkout first on PYTHONPATH (``--rules-only`` does not exist there: it links by the rules).
"""
from __future__ import annotations

import argparse
import copy
import inspect
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("archive")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rules-only", action="store_true", help="link by the hand-written rules alone")
    args = ap.parse_args()

    from threadkb import pipeline
    from threadkb.extract import extract
    from threadkb.link import link

    extractions = extract(list(pipeline.parse_paths([args.archive])))
    messages = sum(len(ex.thread.messages) for ex in extractions)
    kwargs: dict[str, dict] = {}
    if "model" in inspect.signature(link).parameters:
        from threadkb.link import score as linkscore

        start = time.perf_counter()
        linkscore.shipped_model()
        print(f"model load: {time.perf_counter() - start:.3f} s")
        kwargs = {"model": {}} if args.rules_only else {}
    best, best_cpu, first_cpu, relations = float("inf"), float("inf"), None, 0
    for _ in range(args.repeat):
        batch = copy.deepcopy(extractions)
        start, start_cpu = time.perf_counter(), time.process_time()
        for ex in batch:
            link(ex, **kwargs)
        best = min(best, time.perf_counter() - start)
        cpu = time.process_time() - start_cpu
        best_cpu, first_cpu = min(best_cpu, cpu), cpu if first_cpu is None else first_cpu
        relations = sum(len(ex.relations) for ex in batch)
    print(f"link: {best:.3f} s for {messages} messages ({1000 * best / messages:.3f} ms/message), "
          f"{relations} relations (best of {args.repeat})")
    # CPU time of this process (steadier than the wall clock on a shared machine); the first run alone has
    # every per-process cache cold
    assert first_cpu is not None
    print(f"link CPU: {1000 * best_cpu / messages:.3f} ms/message (best of {args.repeat}), "
          f"{1000 * first_cpu / messages:.3f} ms/message (first run)")


if __name__ == "__main__":
    main()
