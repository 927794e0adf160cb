"""The learned scorer reads the entities two claims both name (an organisation, a link, a bug, a ballot, a crt.sh
id, a deadline, a duration, a figure: ``Claim.entities``) as a pair feature of its own, ``shared_entity`` (their
count), with its evidence in words ("both name 1993357, SHECA"). Before, only the rules' score held them (one fixed
weight, whatever the count, mixed with every other rule). The organisation the source speaks for is no shared
entity (its own name answers nothing). Constructed flat threads (GitHub comments) and mail, and a corpus pair."""
from __future__ import annotations

from pathlib import Path

import pytest

from threadkb.link import candidate_pairs, score as linkscore
from threadkb.pipeline import extract_paths

ROOT = Path(__file__).resolve().parents[1]


def _github(tmp_path: Path, name: str, comments: list[tuple[str, str]]) -> Path:
    blocks = [f"{who} · {'description' if i == 0 else 'comment'} · 2024-01-{10 + i:02d}\n{text}\n"
              for i, (who, text) in enumerate(comments)]
    path = tmp_path / f"{name}.txt"
    path.write_text("example/policy · issue #7 · open · C\n# Clarify the revocation deadline\n\n" + "\n".join(blocks),
                    encoding="utf-8")
    return path


def _mail(tmp_path: Path, name: str, first: str, reply: str) -> Path:
    path = tmp_path / f"{name}.mbox"
    path.write_text(
        "From alice@example.org Mon Jan  8 10:00:00 2024\nFrom: Alice <alice@example.org>\n"
        "Date: Mon, 8 Jan 2024 10:00:00 +0000\nMessage-ID: <a@x>\nSubject: Revocation deadline\n\n"
        f"{first}\n\n"
        "From bob@example.org Tue Jan  9 10:00:00 2024\nFrom: Bob <bob@example.org>\n"
        "Date: Tue, 9 Jan 2024 10:00:00 +0000\nMessage-ID: <b@x>\nIn-Reply-To: <a@x>\n"
        "Subject: Re: Revocation deadline\n\n"
        f"{reply}\n", encoding="utf-8")
    return path


OPENING = "SHECA did not revoke the certificates of bug 1993357 within 5 days. Should the policy say more?"

# (variant, source kind, opening, reply, source snippet, target snippet, expected shared_entity, evidence or None)
CASES = [
    ("org and bug", "github", OPENING,
     "SHECA has now revoked them, see bug 1993357 for the timeline.", "has now revoked", "did not revoke",
     2.0, "both name 1993357, SHECA"),
    ("org bug and duration", "github", OPENING,
     "SHECA again failed to revoke within 5 days in bug 1993357.", "failed to revoke", "did not revoke",
     3.0, "both name 1993357, P5D, SHECA"),
    ("org only", "github", OPENING,
     "SHECA has now revoked them all.", "has now revoked", "did not revoke", 1.0, "both name SHECA"),
    ("other entities", "github", OPENING,
     "Entrust revoked theirs within 24 hours, see bug 1800000.", "revoked theirs", "did not revoke", 0.0, None),
    ("no entity", "github", OPENING,
     "The certificates should have been revoked sooner.", "revoked sooner", "did not revoke", 0.0, None),
    ("mail reply", "mail", OPENING,
     "SHECA has now revoked them, see bug 1993357 for the timeline.", "has now revoked", "did not revoke",
     2.0, "both name 1993357, SHECA"),
]


def _pair(pairs, src: str, tgt: str):
    found = [p for p in pairs if src in p.source.text and tgt in p.target.text]
    assert found, [(p.source.text, p.target.text) for p in pairs]
    return found[0]


@pytest.mark.parametrize("variant,kind,first,reply,src,tgt,expected,words", CASES, ids=[c[0] for c in CASES])
def test_shared_entity_feature(tmp_path, variant, kind, first, reply, src, tgt, expected, words):
    name = variant.replace(" ", "-")
    path = (_github(tmp_path, name, [("alice", first), ("bob", reply)]) if kind == "github"
            else _mail(tmp_path, name, first, reply))
    (ex,) = extract_paths([str(path)])
    p = _pair(candidate_pairs(ex), src, tgt)
    assert p.features.get("shared_entity", 0.0) == expected
    assert linkscore.explain(p).get("shared_entity") == words


@pytest.mark.parametrize("own,other,behalf,expected", [
    ({"SHECA", "1993357"}, {"SHECA", "1993357"}, None, {"SHECA", "1993357"}),
    ({"SHECA", "1993357"}, {"SHECA", "1993357"}, "SHECA", {"1993357"}),  # the source's own organisation
    ({"SHECA"}, {"SHECA"}, "SHECA", set()),
    ({"P5D"}, {"P1D"}, None, set()),  # two deadlines: no shared entity
    (set(), {"SHECA"}, None, set()),
])
def test_shared_entities_leave_out_the_source_organisation(own, other, behalf, expected):
    assert linkscore.shared_entities(frozenset(own), frozenset(other), behalf) == expected


def test_corpus_pair_names_its_shared_entities():
    """The reference thread: Alvin Wang (SHECA) answers Matt Palmer; a pair whose claims both name an outside
    entity has the feature and its words, and no pair counts SHECA, which Alvin speaks for, when he does."""
    (ex,) = extract_paths([str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt")])
    pairs = candidate_pairs(ex)
    with_it = [p for p in pairs if "shared_entity" in p.features]
    assert with_it
    for p in with_it:
        named = linkscore.shared_entities(frozenset(p.source.entities), frozenset(p.target.entities),
                                          p.source.on_behalf_of)
        assert p.features["shared_entity"] == float(len(named))
        assert linkscore.explain(p)["shared_entity"] == "both name " + ", ".join(sorted(named)[:4])
        assert p.source.on_behalf_of not in named
