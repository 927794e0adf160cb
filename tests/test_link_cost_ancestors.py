"""Fewer candidates up the reply chain (``ancestors_share_words`` in ``link_cues.json``): a claim of an ancestor
(a message above the reply's parent, up to ``max_ancestors``, or reached by the window through the reply chain) is a
candidate only when the two claims share a content word or their paragraphs share a word
(``candidates.no_words_shared``). The parent's claims, and claims the reply quotes or answers inline, stay candidates.
Checked on constructed claims (exact values) and on a constructed four-message reply chain (which pairs are made,
with the rule on and off).
"""
from __future__ import annotations

import copy
from functools import lru_cache

import pytest

from threadkb.link import candidate_pairs
from threadkb.link.candidates import no_words_shared
from threadkb.link.features import Features, cues
from threadkb.models import Claim, ClaimKind


def _features(words: set[str], context: set[str]) -> Features:
    claim = Claim(id="c", text="x", kind=ClaimKind.ASSERTION, speaker=None, message="m", start=0, end=1)
    return Features(claim, set(words), set(context), set(), set(), set(), None, None, None, None)


@pytest.mark.parametrize(("src", "tgt", "expected"), [
    (({"revok", "certi"}, {"revok", "certi", "late"}), ({"revok"}, {"revok", "audit"}), False),  # a shared word
    (({"revok"}, {"revok", "audit"}), ({"certi"}, {"certi", "audit"}), False),  # only the paragraphs share one
    (({"revok"}, {"revok", "late"}), ({"audit"}, {"audit", "march"}), True),  # nothing shared
    ((set(), set()), ({"audit"}, {"audit"}), True),  # a claim without content words
    ((set(), {"audit"}), (set(), {"audit"}), False),
])
def test_no_words_shared(src, tgt, expected):
    assert no_words_shared(_features(*src), _features(*tgt)) is expected


_HEADER = """From {addr} Mon Jan  6 10:0{n}:00 2025
From: {name} <{addr}>
To: dev-security-policy@lists.mozilla.org
Subject: {subject}Delayed revocation at Example CA
Date: Mon, 6 Jan 2025 10:0{n}:00 +0000
Message-ID: <m{n}@example.org>
{reply}MIME-Version: 1.0
Content-Type: text/plain; charset="UTF-8"

"""
_BODIES = (
    "Example CA revoked the misissued certificates nine days after the report.\n\n"
    "Our auditors examined the quarterly sampling procedure in March.\n",
    "Could the incident report list every affected serial number?\n",
    "We published the complete list of affected serial numbers yesterday.\n",
    "Revoking those misissued certificates nine days late breaks the five-day rule.\n",
)
_PEOPLE = (("Alice Example", "alice@example-ca.org"), ("Bob Reviewer", "bob@example.net"),
           ("Alice Example", "alice@example-ca.org"), ("Carol Browser", "carol@example.com"))


@lru_cache(maxsize=1)
def _chain(tmp: str) -> list:
    """A reply chain m1 <- m2 <- m3 <- m4 (each message replies to the one before), parsed and extracted."""
    from pathlib import Path

    from threadkb import pipeline
    from threadkb.extract import extract

    text = ""
    for n, (body, (name, addr)) in enumerate(zip(_BODIES, _PEOPLE, strict=True), start=1):
        reply = f"In-Reply-To: <m{n - 1}@example.org>\nReferences: <m{n - 1}@example.org>\n" if n > 1 else ""
        text += _HEADER.format(n=n, name=name, addr=addr, subject="Re: " if n > 1 else "", reply=reply) + body + "\n"
    path = Path(tmp) / "chain.mbox"
    path.write_text(text, "utf-8")
    return extract(list(pipeline.parse_paths([str(path)])))


@pytest.fixture
def chain(tmp_path_factory) -> list:
    return copy.deepcopy(_chain(str(tmp_path_factory.getbasetemp())))


def _targets(extractions: list, source_start: str) -> dict[str, str]:
    """The candidate targets (their text's first words) of the claim starting with ``source_start`` -> the
    structure feature of the pair."""
    out = {}
    for ex in extractions:
        for p in candidate_pairs(ex):
            if p.source.text.startswith(source_start):
                out[" ".join(p.target.text.split()[:2])] = next(k for k in p.features if k.startswith("rel_"))
    return out


def test_chain_is_what_the_test_means(chain):
    [ex] = chain
    keys = [m.key for m in ex.thread.messages]
    assert [m.in_reply_to for m in ex.thread.messages] == [None, *keys[:-1]]
    assert [c.text.split()[0] for c in ex.claims] == ["Example", "Our", "Could", "We", "Revoking"]


def test_an_ancestor_claim_sharing_no_word_is_no_candidate(chain):
    # m4's claim: its parent's claim stays (no shared word: it is the parent); of the grandparent m2 and the
    # great-grandparent m1 only the claims sharing a word ("misissued", "certificates", "nine", "days") stay
    assert _targets(chain, "Revoking") == {"We published": "rel_in_reply_to", "Example CA": "rel_ancestor"}


def test_without_the_rule_every_ancestor_claim_is_a_candidate(chain, monkeypatch):
    monkeypatch.setitem(cues(), "ancestors_share_words", False)
    assert _targets(chain, "Revoking") == {"We published": "rel_in_reply_to", "Could the": "rel_ancestor",
                                           "Example CA": "rel_ancestor", "Our auditors": "rel_ancestor"}
