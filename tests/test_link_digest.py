"""The link stage gives the same relations and the same pair features on every corpus file: a guard for work
on its speed (caching, precomputation, lazy evidence), which must change nothing it outputs.

Each corpus file's relations (ends, kind, score, evidence text) and candidate pairs (ends, the rules' score,
evidence and verdict, the learner's features in order) are hashed; ``tests/fixtures/link_digest.json`` holds
the hashes. A change that is meant to change relations or features (new features, a retrained model, new cue
rules) regenerates them deliberately:

    .venv/bin/python tests/test_link_digest.py --write
"""
from __future__ import annotations

import copy
import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIGESTS = ROOT / "tests" / "fixtures" / "link_digest.json"
CORPUS = sorted(p for p in (ROOT / "corpora").iterdir() if p.suffix in (".txt", ".html", ".md"))


@lru_cache(maxsize=1)
def _extractions() -> dict[str, list]:
    """Every corpus file parsed and extracted once (one spaCy batch), before linking."""
    from threadkb import pipeline
    from threadkb.extract import extract

    threads = [(p.name, t) for p in CORPUS for t in pipeline.parse_paths([str(p)])]
    out: dict[str, list] = {}
    for (name, _), ex in zip(threads, extract([t for _, t in threads]), strict=True):
        out.setdefault(name, []).append(ex)
    return out


def digest(extractions: list) -> str:
    """The hash of what the link stage makes of a file's threads: relations and candidate pairs."""
    from threadkb.link import candidate_pairs, link

    h = hashlib.sha256()
    for ex in extractions:
        for p in candidate_pairs(copy.deepcopy(ex)):
            h.update(json.dumps([p.source.id, p.target.id, repr(p.rule), p.candidate.score, p.candidate.evidence,
                                 list(p.features.items())]).encode())
        linked = link(copy.deepcopy(ex))
        for r in linked.relations:
            h.update(json.dumps([r.source, r.target, r.kind.value, r.score, r.evidence]).encode())
    return h.hexdigest()


def test_every_corpus_file_has_a_digest():
    stored = json.loads(DIGESTS.read_text("utf-8"))
    assert sorted(stored) == [p.name for p in CORPUS]


@pytest.mark.parametrize("name", [p.name for p in CORPUS])
def test_relations_and_features_unchanged(name):
    stored = json.loads(DIGESTS.read_text("utf-8"))
    assert digest(_extractions().get(name, [])) == stored[name], (
        f"the link stage's output on corpora/{name} changed; if that is meant, regenerate: "
        ".venv/bin/python tests/test_link_digest.py --write")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    DIGESTS.write_text(json.dumps({p.name: digest(_extractions().get(p.name, [])) for p in CORPUS}, indent=1,
                                  sort_keys=True) + "\n", "utf-8")
    print(f"wrote {DIGESTS}")
