"""What the rules' scoring reads of a source claim once (``candidates.Source``, by field name), the words two
contexts share made once per pair of contexts (``Scoring.shared_context``), and a message's self-correction cue
searched once when first asked (``candidates._SelfCorrection``): exact values on constructed claims (the whole
output of the stage is guarded by ``tests/test_link_digest.py``)."""
from __future__ import annotations

import pytest

from threadkb.link import candidates, features as lf
from threadkb.link.candidates import Scoring, Source, _kind_fits, _SelfCorrection
from threadkb.models import Claim, ClaimKind, Message


def _features(key: str, text: str, claim_text: str, speaker: str, kind: ClaimKind = ClaimKind.ASSERTION,
              behalf: str | None = None, reply_to: str | None = None) -> tuple[lf.Features, Message]:
    msg = Message(key=key, source="t", author=speaker, in_reply_to=reply_to)
    start = text.index(claim_text)
    claim = Claim(id=key + "c", message=key, speaker=speaker, kind=kind, text=claim_text, start=start,
                  end=start + len(claim_text), on_behalf_of=behalf)
    return lf.features(claim, msg, "", text), msg


# (variant, message text, the claim in it, kind, on behalf of, report messages, expected fields besides features/key)
SOURCE_CASES = [
    ("plain", "The revocation was delayed by the outage.", "The revocation was delayed by the outage.",
     ClaimKind.ASSERTION, None, frozenset(),
     {"behalf_of": {None}, "reported": False, "addressee": None, "greets": None, "named": None}),
    ("greeted", "Hi Ben,\n\nThe revocation was delayed by the outage.", "The revocation was delayed by the outage.",
     ClaimKind.ASSERTION, None, frozenset(),
     {"behalf_of": {None}, "reported": False, "addressee": "ben", "greets": "addressee: the reply greets Ben",
      "named": None}),
    ("heading", "Reply to Matt's comment:\nWe will revoke the certificates today.",
     "We will revoke the certificates today.", ClaimKind.COMMITMENT, "Example CA", frozenset(),
     {"behalf_of": {"Example CA"}, "reported": False, "addressee": "matt", "greets": None,
      "named": "addressee: under a heading answering Matt"}),
    ("incident report", "We found 12 certificates with a wrong field.", "We found 12 certificates with a wrong field.",
     ClaimKind.ADMISSION, "Example CA", frozenset({"m2"}),
     {"behalf_of": {"Example CA"}, "reported": True, "addressee": None, "greets": None, "named": None}),
    ("report elsewhere", "We found 12 certificates with a wrong field.", "We found 12 certificates with a wrong field.",
     ClaimKind.QUESTION, None, frozenset({"m1"}),
     {"behalf_of": {None}, "reported": False, "addressee": None, "greets": None, "named": None}),
]


@pytest.mark.parametrize("variant, text, claim_text, kind, behalf, reports, expected", SOURCE_CASES,
                         ids=[c[0] for c in SOURCE_CASES])
def test_source_reads_of_a_claim(variant, text, claim_text, kind, behalf, reports, expected):
    fs, msg = _features("m2", text, claim_text, "Ann", kind, behalf, "m1")
    correction = _SelfCorrection(text)
    source = Scoring(lf.cues()["weights"], reports=reports).source(fs, msg, correction)
    assert isinstance(source, Source)
    got = {name: getattr(source, name) for name in expected}
    assert got == expected
    assert source.features is fs and source.key == "m2" and source.correction is correction
    assert source.fits == _kind_fits(fs.kind) and source.fits is _kind_fits(fs.kind)
    assert not hasattr(source, "__dict__")  # slots: a misspelt field cannot be set or read


# (variant, target paragraphs: the target claims' texts per paragraph) — the source claim's paragraph is fixed
CONTEXT_CASES = [
    ("one paragraph, two claims", [["The revocation of the certificates was delayed.", "The audit found it late."]]),
    ("two paragraphs", [["The revocation was delayed by the outage."], ["An audit of the keys is due next week."]]),
    ("no shared words", [["Completely unrelated remark here."]]),
]


@pytest.mark.parametrize("variant, paragraphs", CONTEXT_CASES, ids=[c[0] for c in CONTEXT_CASES])
def test_shared_context_made_once_per_pair_of_contexts(variant, paragraphs):
    """Each candidate's overlap is the plain (words shared, context words shared besides them); the context
    intersection is made once per (source context, target context)."""
    src_text = "We delayed the revocation because of the outage. The audit of the keys follows."
    fs, msg = _features("m2", src_text, "We delayed the revocation because of the outage.", "Ann", reply_to="m1")
    tgt_text = "\n\n".join(" ".join(p) for p in paragraphs)
    targets = []
    for i, claim_text in enumerate(c for p in paragraphs for c in p):
        t, _ = _features("m1", tgt_text, claim_text, "Ben")
        t.claim.id = f"t{i}"
        targets.append(t)
    scoring = Scoring(lf.cues()["weights"])
    cands: dict = {}
    scoring.score(scoring.source(fs, msg), [(targets, "in_reply_to")], cands)
    assert list(cands) == [t.claim.id for t in targets]
    for t in targets:
        shared = fs.words & t.words
        assert cands[t.claim.id].overlap == (shared, (fs.context & t.context) - shared)
    assert scoring.shared_context == {(fs.context, p): fs.context & p for p in {t.context for t in targets}}
    assert len(scoring.shared_context) == len(paragraphs)


# (message text, the cue found or None)
CORRECTION_CASES = [
    ("Correction: the key was revoked on Monday.", "Correction:"),
    ("We misspoke earlier; the audit is due in May.", "We misspoke"),
    ("The audit is due in May.", None),
]


@pytest.mark.parametrize("text, cue", CORRECTION_CASES, ids=[c[0][:16] for c in CORRECTION_CASES])
def test_self_correction_searched_once_when_asked(monkeypatch, text, cue):
    searched: list[str] = []
    real = candidates.corrects_itself
    monkeypatch.setattr(candidates, "corrects_itself", lambda t: searched.append(t) or real(t))
    reader = _SelfCorrection(text)
    assert searched == []  # made, not searched
    found = [reader() for _ in range(3)]
    assert searched == [text]
    assert [m and m.group(0) for m in found] == [cue] * 3
    assert all(m is found[0] for m in found)
