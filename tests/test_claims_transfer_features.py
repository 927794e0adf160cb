"""Features of the claim scorer meant to transfer across source kinds (mail, Bugzilla, GitHub): sentence shape
classes (imperative opening, asking for something, a sed-style substitution, dates and durations, concession
openers).

Rows are real gold sentences (marked "corpus NNN") and constructed variants; each says which features fire and
which must not."""
from __future__ import annotations

import pytest

from threadkb.extract.claim_model import Context, features

CTX = Context(index=1, count=3, message_words=60)


@pytest.mark.parametrize("text,present,absent", [
    ("Consider updating the policy to reflect these changes.", ["lex=imperative"], ["lex=ask_for"]),  # corpus 101
    ("Set a norm in policy for the expected actions.", ["lex=imperative"], ["q_end"]),  # corpus 147
    ("Please clarify whether this applies to S/MIME.", ["lex=imperative", "lex=please"], []),
    ("- Add a lint for the OCSP responder.", ["lex=imperative"], []),
    ("The CA will consider updating it.", [], ["lex=imperative"]),  # a verb later is no imperative
    ("Can I get some more context on it?", ["q_end"], ["lex=imperative"]),  # corpus 169
    ("I would like to revive this proposal.", ["lex=ask_for"], ["lex=imperative"]),  # corpus 107
    ("Maybe you could also disable linting for non-TLS certificates.", ["lex=ask_for", "lex=hedge"], []),  # 121
    ("Would it be possible to add the date to the report?", ["lex=ask_for", "q_end"], []),
    ("Please let me know if and when anything needs changing", ["lex=ask_for", "lex=please"], []),  # corpus 172
    ("We should align this with the TLS BRs.", ["lex=ask_for"], []),
    ("For clarity: s/certificates/Subscriber Certificates/", ["lex=substitution"], []),  # corpus 109
    ("s/blacklist/reject/", ["lex=substitution"], []),  # corpus 103
    ("Use the s/MIME BRs for this.", [], ["lex=substitution"]),
    ("We will revoke them within 5 days.", ["lex=date_or_duration"], []),
    ("The fix ships by the end of March.", ["lex=date_or_duration"], []),
    ("We plan to deploy on Jan 15 and report on 2024-02-01.", ["lex=date_or_duration"], []),
    ("We revoked the five certificates.", [], ["lex=date_or_duration"]),
    ("Fair enough.", ["lex=concession"], []),  # corpus 109
    ("You're right, the BRs do not allow it.", ["lex=concession"], []),
    ("My mistake, I read the wrong section.", ["lex=concession"], []),
    ("It is not fair to say that.", [], ["lex=concession"]),
])
def test_shape_classes(text, present, absent):
    f = features(text, "assertion", "assertion", 0.0, [], CTX)
    assert [p for p in present if p not in f] == []
    assert [a for a in absent if a in f] == []


def test_claim_regression_reads_no_words():
    """The claim / no claim regression is trained without word features (they memorise files); the kind
    regression keeps them (counted as before: MIN_COUNT)."""
    from threadkb.extract import claim_training

    rows = [{"w=revoke": 1.0, "b=we revoke": 1.0, "first=we": 1.0, "q_end": 1.0, "lex=modal": 1.0}] * 3
    assert claim_training._prune(rows, claim_training.DROP_CLAIM) == [{"q_end": 1.0, "lex=modal": 1.0}] * 3
    assert claim_training._prune(rows + [{"w=once": 1.0}], claim_training.DROP_KIND) == rows + [{}]
