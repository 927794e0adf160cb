"""Start-up cost of the data tables: fresh interpreters, each timing

* ``import jsonschema`` (the validator the loader uses),
* the first ``tables.load`` of every table (read, validate, and, since the loader compiles them, the patterns),
* "tables ready": every module that reads a table has built what it builds from it (its patterns compiled,
  its gates made): the tables' share of what a cold ``threadkb`` process pays before it reads its first
  line (timed after spaCy and the other libraries are imported, whose cost does not depend on the tables).

Median of ``--runs`` processes. Compare two checkouts with PYTHONPATH::

    .venv/bin/python benchmarks/bench_tables.py --runs 7
    cd /tmp && PYTHONPATH=/tmp/base $OLDPWD/.venv/bin/python $OLDPWD/benchmarks/bench_tables.py --runs 7
    # /tmp/base: git archive BASE threadkb | tar -x -C /tmp/base; run outside the checkout (else '' in
    # sys.path finds its threadkb first)
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_ONE_RUN = r"""
import json, time
t0 = time.perf_counter()
import jsonschema
t1 = time.perf_counter()
import ahocorasick, dateutil.parser, dateutil.relativedelta, spacy, spacy.language, spacy.tokens  # the libraries
t2 = time.perf_counter()
from threadkb import tables
for name in tables.table_names():
    tables.load(name)
t3 = time.perf_counter()
from threadkb.extract import citations, claim_model, claims, deadlines, entities
from threadkb.parse import attribution, boilerplate, dates, pages, quotes
from threadkb import kb, mailthreads
from threadkb.report import evidence
citations.get_table(); entities.get_table(); claims.cue_rules(()); claims.cues(); claim_model._lexicon()
deadlines.find("within five days by March 3, 2025 in Q3", None)
pages._formats(); boilerplate._any(); attribution._table(); quotes._intros(); dates._tables()
kb._status_done("action item; status: done"); mailthreads.subject_rules(); evidence.table()
claims.is_incident_report("x"); claims.action_items("| Item | Due |"); claims.speaker_orgs("SHECA believes")
t4 = time.perf_counter()
print(json.dumps({"import jsonschema": t1 - t0, "first load of every table": t3 - t2,
                  "tables ready (libraries imported)": t4 - t2, "threadkb": tables.__file__}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    runs = [json.loads(subprocess.run([sys.executable, "-c", _ONE_RUN], capture_output=True, text=True,
                                      check=True).stdout) for _ in range(args.runs)]
    print(f"threadkb: {runs[0].pop('threadkb')}")
    for key in runs[0]:
        print(f"{key:28s} median {statistics.median(r[key] for r in runs):.3f} s  "
              f"(min {min(r[key] for r in runs):.3f})")


if __name__ == "__main__":
    main()
