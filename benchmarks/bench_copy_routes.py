"""CPU seconds of ``threading._copies_inside`` on quoted copies of a form cut at many lengths (review14a): n copies
of the form's first L words (L random, 3..F) and a word of their own, and n/10 texts holding the whole form, with
automata of at most MAX words; the base is a copy of another version's threading.py (``--base FILE``).
``--shape`` zeros / cycle / log (session 15, the router's worst case): n copies of a run of one word ("00", a hex dump),
of a cycle of three words, or of one 8-word log line repeated, each cut at a length of its own (8..F words) after the
same first word, and three texts holding F words of it: a middle of every length stands at each word of a longer one.

    .venv/bin/python benchmarks/bench_copy_routes.py 300 2000 3000 --base /tmp/old_threading.py
    .venv/bin/python benchmarks/bench_copy_routes.py 800 1000 2000 --shape zeros --base /tmp/old_threading.py
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
ap.add_argument("--shape", choices=("forms", "zeros", "cycle", "log"), default="forms")
a = ap.parse_args()
rng = random.Random(0)
if a.shape == "forms":
    form = [f"f{t}" for t in range(a.form)]
    words = [form[:rng.randint(3, a.form)] + [f"u{i}"] for i in range(a.n)]
    words += [["x"] + form + [f"v{i}", "y"] for i in range(a.n // 10)]
else:
    unit = {"zeros": ["00"], "cycle": ["ab", "cd", "ef"], "log": "ocsp responder returned 503 for serial 00 at".split()}[a.shape]
    words = [["serial"] + [unit[t % len(unit)] for t in range(m)] + [f"u{i}"]
             for i, m in enumerate(rng.randint(8, a.form) for _ in range(a.n))]
    words += [["serial"] + [unit[t % len(unit)] for t in range(a.form)] + ["end"] for _ in range(3)]
print(a.shape, sum(map(len, words)), "words")
versions = [("this", N)]
if a.base:
    spec = importlib.util.spec_from_file_location("base_threading", a.base)
    assert spec and spec.loader
    base = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(base)
    versions.append(("base", base))
for name, mod in versions:
    t = time.process_time()
    r = mod._copies_inside(words, 2 if a.shape == "forms" else 8, None, max_words=a.max_words)
    print(name, round(time.process_time() - t, 2), "s CPU;", len(r), "pairs")
