"""CPU seconds of ``threading._copies_inside`` on quoted copies of a form cut at many lengths (review14a): n copies
of the form's first L words (L random, 3..F) and a word of their own, and n/10 texts holding the whole form, with
automata of at most MAX words; the base is a copy of another version's threading.py (``--base FILE``).

    .venv/bin/python benchmarks/bench_copy_routes.py 300 2000 3000 --base /tmp/old_threading.py
"""
import argparse
import importlib.util
import random
import time

from threadkb.parse import threading as N

ap = argparse.ArgumentParser()
ap.add_argument("form", type=int)
ap.add_argument("n", type=int)
ap.add_argument("max_words", type=int)
ap.add_argument("--base")
a = ap.parse_args()
rng = random.Random(0)
form = [f"f{t}" for t in range(a.form)]
words = [form[:rng.randint(3, a.form)] + [f"u{i}"] for i in range(a.n)]
words += [["x"] + form + [f"v{i}", "y"] for i in range(a.n // 10)]
versions = [("this", N)]
if a.base:
    spec = importlib.util.spec_from_file_location("base_threading", a.base)
    assert spec and spec.loader
    base = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(base)
    versions.append(("base", base))
for name, mod in versions:
    t = time.process_time()
    r = mod._copies_inside(words, 2, None, max_words=a.max_words)
    print(name, round(time.process_time() - t, 2), "s CPU;", len(r), "pairs")
