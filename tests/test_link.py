"""Relations on the reference thread (real pipeline): exact expected edges with the rule that found them."""
import re
from pathlib import Path

import pytest

from threadkb.models import Claim, ClaimKind, RelationKind

REF = Path(__file__).resolve().parents[1] / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"


@pytest.fixture(scope="module")
def ref():
    """The reference thread with the cue table's claims (these tests pin the link rules on known claims; the
    learned claim scorer is measured by threadkb eval --cv)."""
    try:
        from threadkb.extract import claim_model
        from threadkb.pipeline import extract_paths
        with claim_model.use(None):
            return extract_paths([str(REF.relative_to(REF.parents[1]))] if Path("corpora").exists() else [str(REF)])[0]
    except ImportError as exc:  # another stage not in place yet
        pytest.skip(f"pipeline not available: {exc}")


def _claim(ex, author, snippet):
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    found = [c for c in ex.claims if c.speaker == author and not c.reported and snippet in norm(c.text)]
    assert found, f"no claim of {author} containing {snippet!r}"
    return found[0]


# (from speaker, from snippet, kind, to speaker, to snippet, an evidence rule that must be named)
EXPECTED = [
    ("Alvin Wang", "SHECA believes that 4.9.1.1 point 4 is not applicable", "rebuts",
     "Matt Palmer", "This violation requires revocation within 24 hours", "answers quoted passage"),
    ("Alvin Wang", "the most appropriate revocation reason for this case is per 4.9.1.1, point 16", "rebuts",
     "Matt Palmer", "This violation requires revocation within 24 hours", "same section"),
    ("Alvin Wang", "SHECA acknowledges that the aforementioned two interfaces do violate", "supports",
     "Matt Palmer", "that _would_ appear to be a BR violation", "kind: an admission concedes the point"),
    ("Linh Bach Quang", "There was not any Subscriber Agreement", "rebuts",
     "Alvin Wang", "signed corresponding subscriber agreements", "precedes quote"),
    ("Alvin Wang", "this does not violate the BR regulations", "rebuts",
     "Linh Bach Quang", "a tool guiding customers to upload their private keys", "numbered question"),
    ("Alvin Wang", "SHECA has never recorded any subscribers' private keys", "answers",
     "Linh Bach Quang", "How does SHECA ensure that these private keys", "numbered question"),
    ("Arabella Barks", "I believe reissuing without additional DCV", "answers",
     "Alvin Wang", "does this practice comply with BR requirements?", "kind: responds to a question"),
    ("Alvin Wang", "SHECA will rigorously verify the two points you mentioned!", "supports",
     "Arabella Barks", "I believe reissuing without additional DCV", "refers back"),
]


@pytest.mark.parametrize("src_who,src,kind,tgt_who,tgt,rule", EXPECTED)
def test_reference_relations(ref, src_who, src, kind, tgt_who, tgt, rule):
    a, b = _claim(ref, src_who, src), _claim(ref, tgt_who, tgt)
    rels = [r for r in ref.relations if r.source == a.id and r.target == b.id]
    assert [r.kind for r in rels] == [RelationKind(kind)]
    assert any(e.startswith(rule) for e in rels[0].evidence), rels[0].evidence


def test_relations_point_back_in_time(ref):
    order = {m.key: i for i, m in enumerate(ref.thread.messages)}  # newest first in this e-mail
    by_id = {c.id: c for c in ref.claims}
    for r in ref.relations:
        s, t = by_id[r.source], by_id[r.target]
        if s.message == t.message:  # only a third party's words the speaker quotes in prose
            assert t.reported and not s.reported and t.start < s.start
        else:
            assert order[s.message] < order[t.message], (r.source, r.target)


def test_graph_has_every_node_kind_and_evidence(ref):
    from threadkb.link import build_graph

    g = build_graph(ref)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"message", "speaker", "claim", "section", "api", "organisation"}
    edge_kinds = {d["kind"] for *_, d in g.edges(data=True)}
    assert {"authored", "replies_to", "quotes", "cites", "mentions", "rebuts", "supports", "answers"} <= edge_kinds
    assert all(d["evidence"] for *_, d in g.edges(data=True))
    assert g.number_of_edges("message:alvin-wang", "message:arabella-barks-20251010-2100") >= 1


# ---------------------------------------------------------------- other threads: flat threads, corrections, greetings

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
OTHER = {
    "037": "037_bugzilla-1708516-gts-timely-updates-via-outlook-safelinks.txt",
    "031": "031_bugzilla-1978186-sheca-chongqing-dn-chinese.txt",
    "015": "015_cabf-servercert-pipermail-crl-reason-codes-greek-attrib.txt",
    "033": "033_mdsp-mailarchive-entrust-june7-five-level-nesting.txt",
    "048": "048_github-issue-cabforum-servercert-580-caa-4911.txt",
    "024": "024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt",
}


@pytest.fixture(scope="module")
def others():
    from threadkb.extract import claim_model
    from threadkb.pipeline import extract_paths
    with claim_model.use(None):  # the cue table's claims, as for ref
        return {k: extract_paths([str(CORPORA / name)])[0] for k, name in OTHER.items()}


# (thread, from speaker, from snippet, kind, to speaker, to snippet, an evidence rule that must be named)
OTHER_EXPECTED = [
    # Bugzilla comments have no parent: the next comment answers the opening one
    ("037", None, "An incident report is being prepared with full details.", "answers",
     "agwa-bugs", "This incident report should explain the root cause", "kind fit"),
    ("037", None, "this is unfortunately an issue we are aware of", "supports",
     "agwa-bugs", "has repeatedly failed to provide timely responses", "kind: an admission concedes the point"),
    # the CA corrects its own earlier report ("There are some errors in the title description.")
    ("031", None, "The stateOrProvinceName and localityName of the certificate are issued incorrectly", "rebuts",
     "wangjiatai", "streetAddress of a certificate DN item were issued incorrectly", "self-correction"),
    ("015", "Dimitris Zacharopoulos (HARICA)", "I don't see it as \"superseding\"", "rebuts",
     "Ben Wilson", "would still supersede that section", "inline answer"),
    ("015", "Ben Wilson", "Sounds good.", "supports",
     "Dimitris Zacharopoulos (HARICA)", "I don't see it as \"superseding\"", "stance: agreement"),
    # "Hi Mike," aims the reply at Mike's question
    ("033", "Ben Wilson", "Requests for clarification will be posted here.", "answers",
     "Mike Shaver", "will Mozilla’s requests for clarification from Entrust be posted", "addressee: the reply greets Mike"),
    # the head of a list stands for its items ("… within 24 hours for certificates issued when:" + "- CAA checks …")
    ("048", "BenWilson-Mozilla", "I have a draft of subsection 2", "supports",
     "ryancdickson", "should be updated to explicitly require revocation within 24 hours", "same section"),
]


@pytest.mark.parametrize("thread,src_who,src,kind,tgt_who,tgt,rule", OTHER_EXPECTED)
def test_other_relations(others, thread, src_who, src, kind, tgt_who, tgt, rule):
    ex = others[thread]
    a, b = _claim(ex, src_who, src), _claim(ex, tgt_who, tgt)
    rels = [r for r in ex.relations if r.source == a.id and r.target == b.id]
    assert [r.kind for r in rels] == [RelationKind(kind)]
    assert any(e.startswith(rule) for e in rels[0].evidence), rels[0].evidence


# claims that must NOT start a relation, and why
OTHER_NONE = [
    pytest.param("024", None, "why are they trusted?",  # a question asks, it does not rebut
                 marks=pytest.mark.xfail(strict=True, reason="the scorer with the features that compare a pair with "
                                         "its claim's other candidates (model of 2026-12-03, s3-choice) links the "
                                         "question to the admission before it (gold: none); CV F1 seeds 0-2 "
                                         ".348 -> .362")),
]


@pytest.mark.parametrize("thread,who,snippet", OTHER_NONE)
def test_no_relation_from(others, thread, who, snippet):
    ex = others[thread]
    a = _claim(ex, who, snippet)
    assert [r.target for r in ex.relations if r.source == a.id] == []


def test_same_speaker_rebuts_only_when_correcting(ref, others):
    """Alvin never rebuts Alvin; a speaker's own side is only rebutted under a self-correction cue. (A question
    may start a relation: the learned scorer decides, since rhetorical questions rebut.)"""
    from threadkb.link import same_side
    for ex in [ref, *others.values()]:
        by_id = {c.id: c for c in ex.claims}
        for r in ex.relations:
            s, t = by_id[r.source], by_id[r.target]
            if r.kind is RelationKind.REBUTS and same_side(s, t):
                assert any(e.startswith("self-correction") for e in r.evidence), (r.source, r.target)
    alvin = [r for r in ref.relations if r.kind is RelationKind.REBUTS
             and {c.speaker for c in ref.claims if c.id in (r.source, r.target)} == {"Alvin Wang"}]
    assert alvin == []


GREETINGS = [
    ("Hi Mike,\nRequests for clarification will be posted here.", "Mike"),
    ("\nHello Ben,\n\nthanks", "Ben"),
    ("Hi,everyone!\nSHECA will comply", None),
    ("Hi, Arabella\nThank you", "Arabella"),
    ("All,\n\nSo far, we have received", None),
]


@pytest.mark.parametrize("text,name", GREETINGS)
def test_greeting_addressee(text, name):
    from threadkb.link import greeting_addressee
    assert greeting_addressee(text) == name


def test_list_heads(others):
    from threadkb.link import list_heads
    ex = others["048"]
    by_msg = {}
    for c in ex.claims:
        by_msg.setdefault(c.message, []).append(c)
    heads = list_heads(by_msg, {m.key: m for m in ex.thread.messages})
    text = {c.id: c.text for c in ex.claims}
    assert [(text[item][:30], head.text[:30]) for item, head in heads.items()] == [
        ("- Certification Authority Auth", "TLS Baseline Requirements [Sec")]


def test_a_denial_rebuts_unless_it_agrees(ref):
    """A denial rejects the point it answers, even without a contrast word; one that agrees supports."""
    from dataclasses import replace

    from threadkb.link.features import Candidate
    from threadkb.link.stance import relation_kind
    tgt = _claim(ref, "Matt Palmer", "This violation requires revocation within 24 hours")
    src = replace(_claim(ref, "Alvin Wang", "SHECA believes that 4.9.1.1 point 4 is not applicable"),
                  kind=ClaimKind.DENIAL, text="SHECA takes the position that this assessment goes too far.")
    assert relation_kind(src, tgt, Candidate(tgt), ref.thread) == (RelationKind.REBUTS, "kind: a denial rejects the point")
    agreeing = replace(src, text="We agree with Matt on this point entirely.")
    assert relation_kind(agreeing, tgt, Candidate(tgt), ref.thread)[0] is RelationKind.SUPPORTS


STRUCTURE_WORDS = [  # structure -> (the rules' evidence between two message keys, the learner's reason)
    ("in_reply_to", "m2 replies to m1", "replies to Ann's message"),
    ("ancestor", "m2 is a later reply in the chain of m1", "replies further down Ann's chain"),
    ("quoted_message", "m2 quotes m1", "quotes Ann's message"),
    ("thread_order", "m2 is the next comment after m1", "is the next comment after Ann's"),
    ("thread_order_far", "m2 is a later comment than m1", "comes a few comments after Ann's"),
]


@pytest.mark.parametrize("structure, rule, reason", STRUCTURE_WORDS, ids=[s[0] for s in STRUCTURE_WORDS])
def test_structure_words_come_from_the_cue_table(structure, rule, reason):
    """Each reply structure the candidates name has its words in ``link_cues.json`` (``structure_words``): the
    rules' evidence and the learned scorer's reason read them there, and the rules weigh each structure."""
    from types import SimpleNamespace

    from threadkb.link import score
    from threadkb.link.features import cues

    words = cues()["structure_words"][structure]
    assert f"m2 {words['rule']} m1" == rule
    assert structure in cues()["weights"]
    src = Claim("m2:c1", "m2", "Bob", ClaimKind.ASSERTION, "We agree.")
    tgt = Claim("m1:c1", "m1", "Ann", ClaimKind.ASSERTION, "Keys leak.")
    pair = SimpleNamespace(source=src, target=tgt, features={f"rel_{structure}": 1.0})
    assert score.explain(pair)[f"rel_{structure}"] == reason


def test_structure_words_name_every_structure_and_no_other():
    from threadkb.link.features import cues

    assert sorted(cues()["structure_words"]) == sorted(s[0] for s in STRUCTURE_WORDS)
