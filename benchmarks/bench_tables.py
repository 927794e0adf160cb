"""Start-up cost of the data tables: fresh interpreters, each timing

* ``import jsonschema`` (the validator the loader uses),
* ``tables.check`` of every table (the JSON Schema validation alone, the files read before; its own process),
* the first ``tables.load`` of every table (read, validate, and, since the loader compiles them, the patterns),
* "tables ready": every module that reads a table has built what it builds from it (its patterns compiled,
  its gates made): the tables' share of what a cold ``threadkb`` process pays before it reads its first
  line (timed after spaCy and the other libraries are imported, whose cost does not depend on the tables).

CPU time of the process (``time.process_time``: the machine may be busy), median of ``--runs`` processes. Compare two checkouts with PYTHONPATH::

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
t0 = time.process_time()
import jsonschema
t1 = time.process_time()
import ahocorasick, dateutil.parser, dateutil.relativedelta, spacy, spacy.language, spacy.tokens  # the libraries
t2 = time.process_time()
from threadkb import tables
for name in tables.table_names():
    tables.load(name)
t3 = time.process_time()
from threadkb.extract import citations, claim_model, claims, deadlines, entities
from threadkb.parse import attribution, boilerplate, dates, pages, quotes
from threadkb import kb, mailthreads
from threadkb.report import evidence
try:
    from threadkb.followup import _status_done
except ImportError:  # a base before threadkb.followup
    from threadkb.kb import _status_done
citations.get_table(); entities.get_table(); claims.cue_rules(()); claims.cues(); claim_model._lexicon()
deadlines.find("within five days by March 3, 2025 in Q3", None)
pages._formats(); boilerplate._any(); attribution._table(); quotes._intros(); dates._tables()
_status_done("action item; status: done"); mailthreads.subject_rules(); evidence.table()
claims.is_incident_report("x"); claims.action_items("| Item | Due |"); claims.speaker_orgs("SHECA believes")
t4 = time.process_time()
print(json.dumps({"import jsonschema": t1 - t0, "first load of every table": t3 - t2,
                  "tables ready (libraries imported)": t4 - t2, "threadkb": tables.__file__}))
"""

# in a process of its own (the base's check compiles every pattern, which would warm re's cache for the run)
_CHECK_RUN = r"""
import json, time
from importlib import resources
import jsonschema
from threadkb import tables
root = resources.files("threadkb.data")
raw = [(n, tables._read(root.joinpath(n), n),
        tables._read(root.joinpath("schemas").joinpath(tables.schema_name(n)), tables.schema_name(n)))
       for n in tables.table_names()]
c0 = time.process_time()
for name, data, schema in raw:
    tables.check(name, data, schema)
print(json.dumps({"schema check of every table": time.process_time() - c0}))
"""


def _median_runs(script: str, runs: int) -> None:
    out = [json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                     check=True).stdout) for _ in range(runs)]
    if "threadkb" in out[0]:
        print(f"threadkb: {out[0]['threadkb']}")
    for key in (k for k in out[0] if k != "threadkb"):
        print(f"{key:36s} median {statistics.median(r[key] for r in out):.3f} s  (min {min(r[key] for r in out):.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    _median_runs(_ONE_RUN, args.runs)
    _median_runs(_CHECK_RUN, args.runs)


if __name__ == "__main__":
    main()
