"""The link stage's cheaper bookkeeping gives what the plain computation gives (``rank_row`` against ``row_of`` of
the pair's features: ``test_link_cost_prune.test_rank_values_as_pair_features``): the relative
features written for the scored pairs of a claim do not depend on which of its other candidates are scored (they
only count); and a message's joined text (``features.message_text``) is read once per thread and remade when the
message's lines change. Corpus threads and constructed pairs; exact values."""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from test_relations_learned import _github
from threadkb.link import candidate_pairs, candidates, link, score as linkscore
from threadkb.link.features import _SECTION, _SECTION_HINT, anchors, features, message_text
from threadkb.link.stance import scored_kind
from threadkb.models import PROPOSAL_RULE, Claim, ClaimKind, Message, Thread
from threadkb.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]
FILES = ("mdsp-2025-10-sheca-api-keys.txt", "047_github-issue-mozilla-pkipolicy-276-delayed-revocation.txt",
         "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt")


@lru_cache(maxsize=1)
def _extractions() -> list:
    from threadkb import pipeline
    from threadkb.extract import extract

    return extract([t for name in FILES for t in pipeline.parse_paths([str(ROOT / "corpora" / name)])])


def _p(message: str, start: int, **features: float):
    return SimpleNamespace(target=SimpleNamespace(message=message, start=start), features=dict(features))


PAIRS = [("a", 40, {"jaccard": 0.1, "tgt_claim_score": 2.0, "rule_score": 3.0, "distance": 1.0, "overlap": 1.0}),
         ("b", 0, {"jaccard": 0.5, "rule_score": 1.0, "distance": 2.0, "overlap": 3.0, "context_overlap": 2.0}),
         ("a", 5, {"jaccard": 0.3, "overlap_min": 0.5, "distance": 1.0, "overlap": 2.0}),
         ("c", 7, {"rule_score": 3.0, "distance": 3.0, "tgt_claim_score": 4.0}),
         ("a", 5, {"jaccard": 0.3, "distance": 1.0, "overlap": 2.0, "context_overlap": 1.0})]


@pytest.mark.parametrize("scored", [(1, 1, 1, 1, 1), (1, 0, 0, 0, 0), (0, 0, 1, 0, 1), (0, 1, 0, 1, 0), (0, 0, 0, 0, 0)])
def test_relative_features_do_not_depend_on_which_others_are_scored(scored):
    every = [_p(m, s, **f) for m, s, f in PAIRS]
    linkscore.relative(every)
    some = [_p(m, s, **f) for m, s, f in PAIRS]
    linkscore.relative(some, [bool(x) for x in scored])
    for x, full, part in zip(scored, every, some, strict=True):
        assert list(part.features.items()) == (list(full.features.items()) if x else list(part.features.items()))
        if not x:
            assert part.features == dict(PAIRS[every.index(full)][2])  # an unscored pair is only read


def test_relative_on_the_constructed_pairs():
    pairs = [_p(m, s, **f) for m, s, f in PAIRS]
    linkscore.relative(pairs)
    got = {k: v for k, v in pairs[2].features.items() if k not in PAIRS[2][2]}
    assert got == {"overlap_share": 2 / 3, "nearest": 1.0, "candidates": pytest.approx(1.791759469228055),
                   "gap_jaccard": 0.4, "best_overlap_min": 1.0, "gap_rule_score": 1.0, "gap_context_overlap": 1.0,
                   "tgt_place": 0.0, "tgt_place_share": 0.0, "msg_best_jaccard": 1.0, "msg_best_overlap_min": 1.0,
                   "msg_gap_rule_score": 1.0, "msg_gap_context_overlap": 1.0, "msg_gap_tgt_claim_score": 1.0}
    assert pairs[4].features["tgt_place"] == 1.0 and pairs[0].features["tgt_place"] == 2.0  # ties at offset 5: in order
    assert "msg_best_tgt_claim_score" in pairs[0].features and "tgt_place_share" not in pairs[3].features


def test_message_text_read_once_and_remade_when_lines_change():
    ex = copy.deepcopy(_extractions()[0])
    thread: Thread = ex.thread
    msg: Message = thread.messages[-1]
    assert message_text(thread, msg) == msg.text
    assert message_text(thread, msg) is message_text(thread, msg)  # joined once
    msg.lines = msg.lines[:1]
    assert message_text(thread, msg) == msg.text
    msg.lines.append(copy.deepcopy(thread.messages[0].lines[0]))
    assert message_text(thread, msg) == msg.text


# (claim kind, cue, the kind the pair scorers read): read once per claim (``Features.kind``), not once per pair
KIND_CASES = [
    (ClaimKind.REQUEST, PROPOSAL_RULE, ClaimKind.ASSERTION),
    (ClaimKind.REQUEST, "please confirm", ClaimKind.REQUEST),
    (ClaimKind.QUESTION, "?", ClaimKind.QUESTION),
    (ClaimKind.ASSERTION, PROPOSAL_RULE, ClaimKind.ASSERTION),
    (ClaimKind.COMMITMENT, "we will", ClaimKind.COMMITMENT),
]


@pytest.mark.parametrize("kind, cue, read", KIND_CASES, ids=[f"{k.value}-{c[:6]}" for k, c, _ in KIND_CASES])
def test_features_hold_the_kind_the_scorers_read(kind, cue, read):
    msg = Message(key="m1", source="t.txt", author="Bob")
    claim = Claim("c1", "m1", "Bob", kind, "Consider updating the section.", 0, 30, cue=cue)
    assert features(claim, msg, "", "Consider updating the section.").kind is read is scored_kind(claim)


def test_the_pairs_of_one_source_claim_share_its_source_features():
    """The features that read the source claim alone are made once per claim: every pair of a source claim holds
    the same values, and they are those of a fresh context."""
    ex = copy.deepcopy(_extractions()[0])
    pairs = candidate_pairs(ex)
    by_source: dict[str, list] = {}
    for p in pairs:
        by_source.setdefault(p.source.id, []).append(p)
    names = ("src_first", "short_source", "src_place", "src_place_share", "src_asks", "src_addresses", "src_quotes")
    assert len(by_source) > 3
    for group in by_source.values():
        got = [{k: v for k, v in p.features.items() if k in names} for p in group]
        assert all(g == got[0] for g in got) and "src_place" in got[0]


# (variant, comments, reads of the self-correction cue, a relation says "self-correction"): the cue is read only
# for a message with a pair of one side (same speaker) or a rebuttal of another message
CORRECTION_CASES = [
    ("other speakers, no rebuttal", [("alice", "CAs must revoke a compromised key within 24 hours under BR 4.9.1.1."),
                                     ("bob", "Agreed, the 24 hours under BR 4.9.1.1 are the rule for compromised keys.")],
     0, False),
    ("same speaker corrects", [("alice", "CAs must revoke a compromised key within 24 hours under BR 4.9.1.1."),
                               ("alice", "Correction: CAs must not wait 24 hours, BR 4.9.1.1 says 5 days for that key.")],
     1, True),
    ("same speaker, no cue", [("alice", "CAs must revoke a compromised key within 24 hours under BR 4.9.1.1."),
                              ("alice", "CAs should also report the compromised key under BR 4.9.1.1 within 24 hours.")],
     1, False),
]


@pytest.mark.parametrize("variant, comments, reads, corrected", CORRECTION_CASES, ids=[c[0] for c in CORRECTION_CASES])
def test_the_self_correction_cue_is_read_only_where_it_counts(tmp_path, monkeypatch, variant, comments, reads, corrected):
    seen: list[str] = []
    real = candidates.corrects_itself
    monkeypatch.setattr(candidates, "corrects_itself", lambda text: seen.append(text) or real(text))
    (ex,) = extract_paths([str(_github(tmp_path, variant.replace(" ", "-").replace(",", ""), comments))])
    seen.clear()
    pairs = candidate_pairs(copy.deepcopy(ex))
    assert len(pairs) >= 1 and len(seen) == reads
    link(ex)
    assert any(e.startswith("self-correction") for r in ex.relations for e in r.evidence) is corrected


# (claim text, sections, items): a text without "digit.digit" is not searched for section numbers; the rest are
SECTION_CASES = [
    ("See BR 4.9.1.1 item 3 for the deadline.", {"4.9.1.1"}, {"4.9.1.1:3"}),
    ("Methods 3.2.2.4.1 (3) and 3.2.2.4.7.", {"3.2.2.4.1", "3.2.2.4.7"}, {"3.2.2.4.1:3"}),
    ("Version 1.2 only, no section.", set(), set()),
    ("Arabic-Indic ٤.٩.١ is a section too.", {"٤.٩.١"}, set()),
    ("No numbers at all.", set(), set()),
    ("Ends with 4.9.", set(), set()),
]


@pytest.mark.parametrize("text, sections, items", SECTION_CASES, ids=[c[0][:12] for c in SECTION_CASES])
def test_section_anchors_where_the_text_holds_a_section_number(text, sections, items):
    assert anchors(Claim("c1", "m1", None, ClaimKind.ASSERTION, text)) == (sections, items)


def test_section_anchors_equal_the_plain_search_on_corpus_claims():
    for ex in _extractions():
        for c in ex.claims:
            plain = {m.group(1) for m in _SECTION.finditer(c.text)}
            assert plain <= anchors(c)[0]
            assert bool(_SECTION_HINT.search(c.text)) or not plain
