"""Relations on the reference thread (real pipeline): exact expected edges with the rule that found them."""
import re
from pathlib import Path

import pytest

from threadkb.models import RelationKind

REF = Path(__file__).resolve().parents[1] / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"


@pytest.fixture(scope="module")
def ref():
    try:
        from threadkb.pipeline import extract_paths
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
