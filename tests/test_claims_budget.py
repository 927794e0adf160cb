"""How many sentences of a message become claims: the budget (``claim_features.json`` ``density`` per word, at
least ``min_budget``), after the threshold.

Class of input: a comment of five or six short sentences (under about 110 words, so the density gives fewer than
five), most of them over the threshold: a GitHub reply that states the rule, concludes from it and asks back
(mozilla/pkipolicy #186: "Mozilla Policy already clarifies this … So yes, it would be required to be disclosed after
creation. … Is there a reason …?"), an issue description with a proposal, a plan and an invitation (cabforum/
servercert #590: "… please feel free to do so."). With a floor of four, the fifth sentence over the threshold was
cut although the gold keeps it and replies answer it (CV by file, seed 0: six lost relation ends were cut by the
budget). Mechanism: the floor of the budget (``min_budget``), chosen by cross-validation of the relations.
"""
from __future__ import annotations

import pytest

from test_claims_floor import _claims
from threadkb.extract import claim_model

# mozilla/pkipolicy #186 (corpora 141), sleevi's comment: five sentences, 61 words
MRSP_186 = ("Mozilla Policy already clarifies this: disclosure is tied to creation, not\n"
            "discoverability. So yes, it would be required to be disclosed after\ncreation.\n\n"
            "We want to have the graph that exists disclosed, including those that have\n"
            "been misissued or might not yet be in use, as they all represent risks to\nthe ecosystem.\n\n"
            "Is there a reason a CA should be able to cover up a certificate that it has\n"
            "created, temporarily or indefinitely? How would that help benefit users?")
# cabforum/servercert #590 (corpora 048), the description's closing paragraph and link
SERVERCERT_590 = ("The Chrome Root Program Team intends to include this clarification in a broader, upcoming proposal "
                  "related to certificate problem reporting. If another member of the community feels strongly about "
                  "this and wants to move it forward sooner, please feel free to do so.\n\n"
                  "Additional discussion: https://groups.google.com/a/ccadb.org/g/public/c/NORFvn1EGkk/m/ckNcmwp0BwAJ")
SHORT = ["The audit is late.", "The report says otherwise.", "We disagree.", "It was fixed in March.",
         "The CPS is wrong.", "Nobody objected.", "Thanks."]


def _sentences(text: str) -> int:
    return len(_claims(text, 0.99))  # every sentence over the threshold: the budget alone decides


def test_min_budget_is_five():
    assert claim_model.table()["min_budget"] == 5


@pytest.mark.parametrize("text,kept", [
    (MRSP_186, [" ".join(t.split()) for t in ["Mozilla Policy already clarifies this: disclosure is tied to creation, not\ndiscoverability.",
                "So yes, it would be required to be disclosed after\ncreation.",
                "We want to have the graph that exists disclosed, including those that have\nbeen misissued or might "
                "not yet be in use, as they all represent risks to\nthe ecosystem.",
                "Is there a reason a CA should be able to cover up a certificate that it has\ncreated, temporarily or "
                "indefinitely?", "How would that help benefit users?"]]),
    # a proposal of two list items, then the plan and the invitation: the invitation is the fifth
    ("TLS Baseline Requirements Section 4.9.1.1 should be updated to explicitly require revocation within 24 hours "
     "for certificates issued when:\n\n- CAA checks were not performed correctly, or\n- Certificate issuance took "
     "place in the presence of records which indicated the CA did not have permission to issue.\n\n"
     + SERVERCERT_590,
     ["TLS Baseline Requirements Section 4.9.1.1 should be updated to explicitly require revocation within 24 hours "
      "for certificates issued when:", "- CAA checks were not performed correctly, or",
      "- Certificate issuance took place in the presence of records which indicated the CA did not have permission "
      "to issue.", "The Chrome Root Program Team intends to include this clarification in a broader, upcoming "
      "proposal related to certificate problem reporting.", "If another member of the community feels strongly "
      "about this and wants to move it forward sooner, please feel free to do so."]),
    # constructed: seven short sentences keep the first five of equal probability; three keep three
    (" ".join(SHORT), SHORT[:5]),
    (" ".join(SHORT[:3]), SHORT[:3]),
])
def test_a_short_message_keeps_five_sentences_over_the_threshold(text, kept):
    assert [t for t, _ in _claims(text, 0.99)] == kept


def test_the_density_still_decides_a_long_message():
    # 40 sentences of 8 words (320 words), no word shared: 4.5 per 100 words is 14, over the floor of five
    words = ["".join("bcdfghjklmnpqrstvwxz"[(i // 20 ** k) % 20] + "aeiou"[(i + k) % 5] for k in range(3))
             for i in range(320)]
    text = " ".join(" ".join(words[i:i + 8]).capitalize() + "." for i in range(0, 320, 8))
    density = claim_model.table()["density"]
    assert _sentences(text) == int(len(text.split()) * density + 0.5) == 14
