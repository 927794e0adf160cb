"""Which rebuttal the summary shows for a point in dispute: the most direct, not the most probable
(``report.model.rebuttal_directness``; words in ``report_evidence.json`` ``rebuttal_choice``). A direct reply that
shares something with the claim (a cited section or a content word) first, then the citation it shares (the same
item before the same section), then the probability."""
from __future__ import annotations

import pytest

from test_report import AS_OF, REFERENCE, ROOT
from threadkb.models import Claim, ClaimKind, Message, Relation, RelationKind
from threadkb.pipeline import extract_paths
from threadkb.report import build_report, render_html, render_markdown
from threadkb.report.model import Edge, choice_words, rebuttal_directness

CLAIM = Claim("m:c1", "m", "Matt", ClaimKind.ASSERTION, "This violation requires revocation within 24 hours, per"
              " 4.9.1.1, point 4.", citations=["BR:4.9.1.1:4"])
MESSAGES = {"m": Message("m", "f"), "r": Message("r", "f", in_reply_to="m"), "x": Message("x", "f"),
            "n": Message("n", "f", in_reply_to="other")}


def _edge(text: str, score: float, message: str = "r", citations: tuple[str, ...] = ()) -> Edge:
    claim = Claim(f"{message}:{score}", message, "Alvin", ClaimKind.ASSERTION, text, citations=list(citations))
    return Edge(claim, Relation(claim.id, CLAIM.id, RelationKind.REBUTS, [], score))


@pytest.mark.parametrize("text, score, message, citations, key, grounds", [
    # the reference thread's two rebuttals of Matt's claim: the same item beats a more probable same section
    ("SHECA believes that 4.9.1.1 point 4 is not applicable to this case.", 0.482, "r", ("BR:4.9.1.1:4",),
     (1, 2, 0.482), ["reply", "same_item"]),
    ('As well as BR 9.6.3: "The Applicant is obligated …"', 0.517, "r", ("BR:4.9.1.1:16", "BR:9.6.3"),
     (1, 1, 0.517), ["reply", "same_section"]),
    # the item written in the text (no citation id) counts as well
    ("4.9.1.1 (4) does not apply here.", 0.3, "r", (), (1, 2, 0.3), ["reply", "same_item"]),
    # a reply sharing only a word
    ("No revocation is needed.", 0.4, "r", (), (1, 0, 0.4), ["reply", "shared_words"]),
    # a reply sharing nothing is not direct
    ("That is not how we read it.", 0.9, "r", (), (0, 0, 0.9), []),
    # the same item, but its message replies to another one (or to none): not a direct reply
    ("4.9.1.1 point 4 is not applicable.", 0.6, "x", ("BR:4.9.1.1:4",), (0, 2, 0.6), ["same_item"]),
    ("4.9.1.1 point 4 is not applicable.", 0.6, "n", ("BR:4.9.1.1:4",), (0, 2, 0.6), ["same_item"]),
])
def test_directness(text, score, message, citations, key, grounds):
    assert rebuttal_directness(CLAIM, _edge(text, score, message, citations), MESSAGES) == (key, grounds)


@pytest.mark.parametrize("grounds, tied, words", [
    (["reply", "same_item"], False, "the most direct: replies to it, cites the same item"),
    (["reply", "shared_words"], True, "the most direct: replies to it, uses its words; of those, the most probable"),
    (["same_section"], False, "the most direct: cites the same section"),
    ([], False, "the most probable"),
])
def test_choice_words(grounds, tied, words):
    assert choice_words(grounds, tied) == words


def _pipeline_reference():
    (ex,) = extract_paths([str(ROOT / REFERENCE)])
    return ex


def _point(report, start: str):
    return next(p for p in report.points() if p.claim.text.startswith(start))


@pytest.mark.parametrize("claim, rebuttal, chosen", [
    # usertest13: the BR 9.6.3 quote (probability .52) was shown, the direct answer (.48) listed as "+1 more"
    ("This violation requires revocation within 24 hours", "SHECA believes that 4.9.1.1 point 4 is not applicable",
     "the most direct: replies to it, cites the same item"),
    ("If that CSR contains the public key", "This is because the generation method",
     "the most direct: replies to it, cites the same section"),
    ("SHECA provides partners with public and private keys", "... again, doesn't appear to be a BR violation",
     ""),  # one rebuttal since shared_entity (the CSR claim's edge to it went)
    ("That seems like a terrible idea", "This authentication solution is widely used", "the most probable"),
    ("Furthermore, when partners provided", "3.There was not any Subscriber Agreement", ""),  # one rebuttal
])
def test_reference_thread_points(claim, rebuttal, chosen):
    point = _point(build_report(_pipeline_reference(), AS_OF), claim)
    assert point.rebuttal.claim.text.startswith(rebuttal)
    assert point.chosen == chosen


def test_summaries_name_the_choice():
    ex = _pipeline_reference()
    md = render_markdown(ex, AS_OF)
    assert ("rebutted by **Alvin Wang** #3: SHECA believes that 4.9.1.1 point 4 is not applicable to this case. (+1 more;"
            " the most direct: replies to it, cites the same item)") in md
    html = render_html(ex, AS_OF)
    assert "(+1 more; the most direct: replies to it, cites the same item)</span>" in html


def test_choice_words_are_escaped(monkeypatch):
    """The words come from a data table: the renderers escape them like any text."""
    from threadkb.report import evidence
    table = dict(evidence.table(), rebuttal_choice=dict(evidence.table()["rebuttal_choice"], lead="<b>*direct*</b>"))
    monkeypatch.setattr(evidence, "table", lambda: table)
    ex = _pipeline_reference()
    assert "&lt;b&gt;*direct*&lt;/b&gt;: replies to it" in render_html(ex, AS_OF)
    assert "(+1 more; \\<b\\>\\*direct\\*\\</b\\>: replies to it, cites the same item)" in render_markdown(ex, AS_OF)
