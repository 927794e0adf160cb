#!/usr/bin/env python3
"""Learn the corpus' predicate words (``people.predicate_words``: the lower-case words it writes after "is", "very",
"sounds" …) and write threadkb/data/models/predicate_words.json, which the parser reads to tell a one-word answer
("Reasonable.", "Helpful.") from a one-word sign-off name.

    python scripts/learn_predicate_words.py [--corpora corpora ../shared/corpora] [--check]

Deterministic: the same corpus files give the same words (the date aside). A word is kept when no corpus file names
a person with it (a word of a parsed message's author: such a word may be a name). ``--check`` writes nothing and
exits 1 when the shipped file differs from a fresh run (date aside).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadkb.ingest import ingest  # noqa: E402
from threadkb.parse import parse  # noqa: E402
from threadkb.parse.people import PREDICATE_WORDS_FORMAT, predicate_words  # noqa: E402

OUT = ROOT / "threadkb" / "data" / "models" / "predicate_words.json"


def corpus_files(folders: list[str]) -> list[Path]:
    """The corpus files (every file of the folders but their Markdown notes), by name."""
    files = [p for f in folders for p in Path(f).iterdir() if p.is_file() and p.suffix != ".md"]
    return sorted(files, key=lambda p: (p.name, str(p)))


def learn(files: list[Path]) -> dict:
    """The model: the predicate words of the files' text, less the words of the authors their messages name."""
    found: set[str] = set()
    names: set[str] = set()
    h = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        h.update(path.name.encode() + b"\0" + data)
        found |= predicate_words(data.decode("utf-8", "replace"))
        for src in ingest(str(path)):
            for m in parse(src).messages:
                names |= {w.lower() for w in re.findall(r"[^\W\d_]+", m.author or "")}
    return {"format": PREDICATE_WORDS_FORMAT, "trained": date.today().isoformat(), "data_sha256": h.hexdigest(),
            "files": len(files), "words": sorted(found - names)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", nargs="+", default=[str(ROOT / "corpora"), str(ROOT.parent / "shared" / "corpora")])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    model = learn(corpus_files([f for f in args.corpora if Path(f).is_dir()]))
    if args.check:
        shipped = json.loads(OUT.read_text(encoding="utf-8"))
        same = {k: v for k, v in shipped.items() if k != "trained"} == {k: v for k, v in model.items() if k != "trained"}
        print("predicate words: " + ("same as shipped" if same else "DIFFER from the shipped file"))
        return 0 if same else 1
    OUT.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"predicate words: {len(model['words'])} from {model['files']} files -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
