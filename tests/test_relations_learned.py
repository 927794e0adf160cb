"""The learned link stage: candidates without quoting, pair features (table-driven, constructed flat threads),
the decision, the folds of `eval --cv`, the shipped model (reproduced by the training script) and a pipeline
that runs without ../shared."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from threadkb import learn
from threadkb.link import candidate_pairs, score as linkscore
from threadkb.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = Path(os.environ.get("THREADKB_GOLD", SHARED / "gold"))  # a checkout without ../shared: point it there


def _github(tmp_path: Path, name: str, comments: list[tuple[str, str]]) -> Path:
    """A GitHub issue as the issues-corpus renders it (login · comment · date blocks, nobody quotes)."""
    blocks = [f"{who} · {'description' if i == 0 else 'comment'} · 2024-0{1 + i // 9}-{10 + i % 9:02d}\n{text}\n"
              for i, (who, text) in enumerate(comments)]
    path = tmp_path / f"{name}.txt"
    path.write_text(f"example/policy · issue #{len(name)} · open · C\n# Clarify the revocation deadline\n\n"
                    + "\n".join(blocks), encoding="utf-8")
    return path


def _pairs(path: Path):
    (ex,) = extract_paths([str(path)])
    return ex, candidate_pairs(ex)


def _pair(pairs, src_snippet: str, tgt_snippet: str):
    found = [p for p in pairs if src_snippet in p.source.text and tgt_snippet in p.target.text]
    assert found, f"no candidate pair {src_snippet!r} -> {tgt_snippet!r}"
    return found[0]


OPENING = ("alice", "CAs must revoke a certificate with a compromised key within 24 hours under BR 4.9.1.1 item 3. "
                    "Should the policy also require CAs to block the key for future certificates?")

# (variant, comments, source snippet, target snippet, {feature: expected value}, features that must be absent)
FEATURE_CASES = [
    ("mention", [OPENING, ("carol", "Unrelated: the CCADB form has moved to a new address."),
                 ("bob", "@alice I disagree, blocking keys would require a shared database that CAs do not have.")],
     "blocking keys would require", "block the key",
     # the parser makes the @mentioned author's comment the parent (GOLD-FORMAT: an explicit link)
     {"addressed": 1.0, "question_answer": 1.0, "distance": 1.0, "rel_in_reply_to": 1.0}, ["same_speaker", "rel_window"]),
    ("greeting", [OPENING, ("bob", "Hi Alice,\nYes, the policy should require blocking the compromised key for all "
                                   "future certificates.")],
     "policy should require blocking", "block the key",
     {"addressed": 1.0, "near": 1.0, "distance": 1.0, "question_answer": 1.0}, ["same_speaker"]),
    ("flat, no cue", [OPENING, ("bob", "Blocking the key for future certificates is already required by BR 6.1.1.3 "
                                       "item 4 for keys reported as compromised.")],
     "already required", "block the key",
     {"near": 1.0, "distance": 1.0, "rel_thread_order": 1.0, "tgt_first": 0.0}, ["addressed", "same_speaker"]),
    ("same citation", [OPENING, ("bob", "The deadline in BR 4.9.1.1 item 3 is 24 hours, but CAs have missed it "
                                        "many times.")],
     "CAs have missed it", "within 24 hours",
     {"cite_item": 1.0, "tgt_first": 1.0, "src_first": 1.0}, ["addressed"]),
    ("same speaker", [OPENING, ("bob", "I think blocking keys is hard to do well."),
                      ("alice", "I think blocking keys is possible with a shared list of compromised keys.")],
     "possible with a shared list", "block the key",
     {"same_speaker": 1.0, "distance": 2.0}, ["addressed"]),
]


@pytest.mark.parametrize("variant,comments,src,tgt,expected,absent", FEATURE_CASES, ids=[c[0] for c in FEATURE_CASES])
def test_pair_features(tmp_path, variant, comments, src, tgt, expected, absent):
    _, pairs = _pairs(_github(tmp_path, variant.replace(" ", "-").replace(",", ""), comments))
    p = _pair(pairs, src, tgt)
    got = {k: p.features.get(k, 0.0) for k in expected}
    assert got == expected, {k: v for k, v in p.features.items()}
    assert [k for k in absent if k in p.features] == []
    words = linkscore.explain(p)
    assert all(isinstance(v, str) and v for v in words.values()) and set(words) <= set(p.features)


def test_flat_thread_candidates_reach_back_a_window(tmp_path):
    """In a flat thread every earlier comment within the window is a candidate, the nearest at distance 1."""
    comments = [OPENING] + [(f"user{i}", f"Comment {i}: CAs must block the compromised key number {i}.") for i in range(6)]
    _, pairs = _pairs(_github(tmp_path, "window", comments))
    last = [p for p in pairs if "Comment 5" in p.source.text]
    distances = sorted(int(p.features["distance"]) for p in last)
    assert distances[0] == 1 and max(distances) <= 4
    assert not any("block the key" in p.target.text for p in last)  # the opening is 6 comments back


def test_evidence_says_why_in_words(tmp_path):
    comments = [OPENING, ("bob", "@alice No, blocking the key for future certificates would require a shared "
                                 "database that CAs do not have.")]
    (ex,) = extract_paths([str(_github(tmp_path, "evidence", comments))])
    rels = [r for r in ex.relations if "shared" in next(c.text for c in ex.claims if c.id == r.source)]
    assert rels, ex.relations
    first = rels[0].evidence[0]
    assert first.startswith("learned scorer: related, with probability ")
    assert first.endswith(f"(that it {rels[0].kind.value}: the next reason)")
    # the reasons the learner weighs most, in words (which ones: the model's)
    assert ", because " in first and "alice" in first.split(", because ")[1]
    assert 0 < rels[0].score <= 1


@pytest.mark.parametrize("addressed,speaker,expected", [
    ({"alice"}, "alice", True), ({"ben"}, "Ben Wilson", True), ({"benwilson"}, "Ben Wilson", True),
    ({"bob"}, "Ben Wilson", False), (set(), "alice", False), ({"alice"}, None, False),
])
def test_addresses(addressed, speaker, expected):
    assert linkscore.addresses(addressed, speaker) is expected


@pytest.mark.parametrize("probs,threshold,n,expected", [
    ([0.9, 0.2, 0.6], 0.5, 2, [0, 2]),
    ([0.9, 0.2, 0.6], 0.5, 1, [0]),
    ([0.4, 0.3], 0.5, 3, []),
    ([0.7, 0.7, 0.7], 0.5, 2, [0, 1]),  # ties: the order given
])
def test_choose(probs, threshold, n, expected):
    assert [x for x, _ in linkscore.choose(list(enumerate(probs)), threshold, n)] == expected


def test_probability_is_logistic_of_the_linear_score():
    model = {"features": ["a", "b"], "coef": [2.0, -1.0], "intercept": -1.0}
    assert linkscore.probability({}, model) == pytest.approx(1 / (1 + 2.718281828 ** 1))
    assert linkscore.probability({"a": 1.0, "b": 1.0, "unknown": 5.0}, model) == pytest.approx(0.5)


@pytest.mark.parametrize("n,k,seed", [(10, 5, 0), (11, 5, 1), (3, 5, 0), (58, 5, 7)])
def test_folds_partition_the_files(n, k, seed):
    paths = [Path(f"g{i}.json") for i in range(n)]
    folds = learn.folds(paths, k, seed)
    assert sorted(p for f in folds for p in f) == sorted(paths)
    assert len(folds) == min(k, n) and max(map(len, folds)) - min(map(len, folds)) <= 1
    assert folds == learn.folds(list(reversed(paths)), k, seed)  # fixed by the seed, not by the order given


def test_eval_cv_argument():
    from threadkb.cli import build_parser

    assert build_parser().parse_args(["eval", "g.json", "--cv"]).cv == 5
    assert build_parser().parse_args(["eval", "g.json", "--cv", "3", "--seed", "2"]).cv == 3
    assert build_parser().parse_args(["eval", "g.json"]).cv is None


def test_shipped_model_is_small_and_complete():
    path = ROOT / "threadkb" / "data" / "models" / "relations.json"
    assert path.stat().st_size < 30_000_000
    model = json.loads(path.read_text("utf-8"))
    assert model["format"] == linkscore.MODEL_FORMAT
    assert len(model["coef"]) == len(model["features"]) > 10
    for key in ("trained", "data_sha256", "seed", "threshold", "max_targets", "message_floor", "cv"):
        assert key in model


def test_pipeline_runs_without_shared_and_without_sklearn(tmp_path):
    """From a folder with no ../shared: the shipped model is read from the package; training code not loaded."""
    src = ROOT / "corpora" / "121_github-kroeckx-x509lint-29-dont-lint-non-tls-against-brs.txt"
    if not src.exists():
        src = SHARED / "corpora" / src.name
    if not src.exists():
        pytest.skip("no GitHub corpus file at hand")
    (tmp_path / "t.txt").write_bytes(src.read_bytes())
    code = ("import sys; from threadkb.pipeline import extract_paths; (ex,) = extract_paths(['t.txt']); "
            "print(len(ex.relations), any(e.startswith('learned scorer') for r in ex.relations for e in r.evidence), "
            "'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    n, learned, sklearn = out.stdout.split()
    assert int(n) > 0 and learned == "True" and sklearn == "False"


@lru_cache(maxsize=1)
def _trained() -> tuple[dict, dict]:
    """(the models scripts/train_models.py makes from ../shared now, the data hash of the gold and corpora)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_models

    paths, _ = __import__("threadkb.evaluate", fromlist=["gold_files"]).gold_files([str(GOLD)])
    return learn.train_all(paths, 0), {"data_sha256": train_models.data_hash(paths)}


def _flat(coef) -> list[float]:
    return [x for row in coef for x in row] if coef and isinstance(coef[0], list) else list(coef)


# model file -> the settings that must come out the same, and features it must hold
SHIPPED = [
    ("relations", ("features", "threshold", "max_targets", "message_floor", "examples", "positives", "learner",
                   "inner_cv_f1"),
     # the features that compare a pair with the other candidates of its claim
     {"best_jaccard", "msg_best_jaccard", "tgt_claim_score", "src_place", "tgt_opener"}),
    ("kinds", ("features", "classes", "margin", "examples", "applies_to", "learner", "inner_cv_right"), set()),
]


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold not present")
@pytest.mark.parametrize("name, keys, features", SHIPPED, ids=[m[0] for m in SHIPPED])
def test_shipped_model_reproduces_from_the_training_script(name, keys, features):
    """scripts/train_models.py on ../shared gives the shipped models (coefficients to 1e-4; dates aside), trained
    once for all of them. Fails when the gold, the corpora or an upstream stage (claims) changed: retrain and
    commit the models."""
    shipped = json.loads((ROOT / "threadkb" / "data" / "models" / f"{name}.json").read_text("utf-8"))
    models, data = _trained()
    assert data["data_sha256"] == shipped["data_sha256"], "gold or corpora changed: retrain"
    assert shipped["seed"] == 0
    fresh = models[name]
    for key in keys:
        assert fresh[key] == shipped[key], key
    assert features <= set(shipped["features"])
    assert fresh["intercept"] == pytest.approx(shipped["intercept"], abs=1e-4)
    assert _flat(fresh["coef"]) == pytest.approx(_flat(shipped["coef"]), abs=1e-4)


@pytest.mark.parametrize("prob, shift, shown", [
    (0.5, 0.0, 0.5),                 # no class weighting: shown as learned
    (0.5, math.log(1 / 5), 1 / 6),   # balanced on 1 relation in 6 pairs: even odds are the base rate
    (0.84, math.log(1 / 5), 0.84 * 1 / (0.84 * 1 + 0.16 * 5)),
    (0.0, -1.6, 0.0),                # the ends stay where they are
    (1.0, -1.6, 1.0),
])
def test_shown_probability_undoes_the_class_weighting(prob, shift, shown):
    assert linkscore.calibrated(prob, {"prior_log_odds": shift}) == pytest.approx(shown, abs=1e-9)


def test_shown_probability_keeps_the_order_of_the_learner():
    model = {"prior_log_odds": math.log(115 / 595)}
    probs = [0.05, 0.2, 0.5, 0.51, 0.84, 0.99]
    shown = [linkscore.calibrated(p, model) for p in probs]
    assert shown == sorted(shown) and all(s < p for s, p in zip(shown, probs, strict=True))


def _mail(tmp_path: Path, name: str, messages: list[tuple[str, str, str, str | None]]) -> Path:
    """A mail thread as an mbox: (message id, sender, body, the id it replies to)."""
    blocks = []
    for i, (mid, who, body, parent) in enumerate(messages):
        head = [f"From {who.lower()}@example.org Mon Jan {10 + i} 10:00:00 2024", f"From: {who} <{who.lower()}@example.org>",
                f"Date: Mon, {10 + i} Jan 2024 10:00:00 +0000", f"Subject: {'Re: ' if parent else ''}Revocation deadline",
                f"Message-ID: <{mid}@example.org>"]
        if parent:
            head.append(f"In-Reply-To: <{parent}@example.org>")
        blocks.append("\n".join(head) + "\n\n" + body + "\n")
    path = tmp_path / f"{name}.mbox"
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


REPLY_ONE = "Blocking the key for future certificates is already required by BR 6.1.1.3 for keys reported as compromised."
REPLY_TWO = "No, the requirement in BR 6.1.1.3 covers only keys the CA was told about, not every leaked key."
REACH_CASES = [  # (variant, source kind, source snippet, target snippet, the structure, the reach the learner reads)
    ("mail parent", "mail", "covers only keys", "already required", "rel_in_reply_to", "reach_direct"),
    ("mail grandparent", "mail", "covers only keys", "block the key", "rel_ancestor", "reach_chain"),
    ("flat comment right before", "github", "covers only keys", "already required", "rel_thread_order", "reach_direct"),
    ("flat comment two before", "github", "covers only keys", "block the key", "rel_thread_order_far", "reach_chain"),
]


@pytest.mark.parametrize("variant,source,src,tgt,structure,reach", REACH_CASES, ids=[c[0] for c in REACH_CASES])
def test_reply_structure_reads_the_same_in_mail_and_flat_threads(tmp_path, variant, source, src, tgt, structure, reach):
    """The learner reads the reply structure by its reach, one name in every kind of source: a mail's parent by
    the headers and a flat thread's comment listed right before are ``reach_direct``; a mail's grandparent and a
    comment two before are ``reach_chain``. The ``rel_`` feature stays (evidence, kinds learner), unread by the
    relations learner."""
    name = variant.replace(" ", "-")
    if source == "mail":
        path = _mail(tmp_path, name, [("m1", "Alice", OPENING[1], None), ("m2", "Bob", REPLY_ONE, "m1"),
                                      ("m3", "Carol", REPLY_TWO, "m2")])
    else:
        path = _github(tmp_path, name, [OPENING, ("bob", REPLY_ONE), ("carol", REPLY_TWO)])
    _, pairs = _pairs(path)
    p = _pair(pairs, src, tgt)
    assert [k for k in p.features if k.startswith(("rel_", "reach_"))] == [structure, reach]
    assert not learn.learned_feature(structure) and learn.learned_feature(reach)
    assert linkscore.explain(p)[reach] == linkscore.explain(p)[structure]
