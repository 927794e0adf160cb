"""CPU seconds of ``parse`` on a thread of n mails, each quoting without attribution a sentence of the mail 40 before
it (``QuoteBuilder.post_quoted``: the one earlier post holding the quoted words; tests/test_parse_linear.py
``far_quotes_mbox``). A base version runs with its package first on ``PYTHONPATH`` (``python -P``).

    .venv/bin/python benchmarks/bench_post_quoted.py 1250 2500 5000
"""
import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from test_parse_linear import far_quotes_mbox  # type: ignore[import-not-found]  # noqa: E402
from threadkb.ingest import ingest  # noqa: E402
from threadkb.parse import parse  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int, nargs="+")
for n in ap.parse_args().n:
    fd, path = tempfile.mkstemp(suffix=".mbox")
    with os.fdopen(fd, "w") as f:
        f.write(far_quotes_mbox(n))
    (src,) = ingest(path)
    os.unlink(path)
    t = time.process_time()
    thread = parse(src)
    print(n, "mails:", round(time.process_time() - t, 2), "s CPU;", sum(len(m.quotes) for m in thread.messages), "quotes")
