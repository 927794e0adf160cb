"""NSR requirement labels after "Item"/"Requirement" (row ``nsr_item``, session 17 "cite17p"). Table-driven, exact
(message, document, section, item) of a one-message thread in the list named.

Classes fixed here (the rows marked "fails at c37da84" read less there):
- a label ending a sentence ("Item 2f.", "Item 1.12.", "Requirement 1.j."): ``nsr_item`` refused any period after the
  label (``(?![\\w.]|\\.\\w)``), so the sentence's full stop dropped it; now only a further level ("Item 1.12.3",
  "Item 2f.x") is refused, as in ``nsr_lettered``; the chain's label likewise ("Items 1h and 1j.").
- a list of labels ("Items 1h and 1j", "Requirements 1h, 1j, and 2a", "Items 1.12, 1.13 and 2.f"): only the first
  was read. The chain (``_chain``, pattern ``chain``) took dotted labels only ("NCSSR 1.h and 1.j") and only after a
  label ending in a letter; it now takes glued ones too (each as its section, "1h" = 1.h), also ending a sentence,
  and after any head of an NSR label row (so "1.12, 1.13 and 2.f" keeps 2.f). Each chained label keeps its own span
  and the rule ``nsr_item+chain``.
No corpus text has either form (grep of corpora/, ../shared/corpora and batches Z, AA, M, MB); the rows are
variants of batch AA's AA48 (uspki/policies #236, "Item 2f in [Network Security Controls](…)") and constructed.
Near misses: no NSR around the label (cabforum/servercert, the mailing list without an NSR name), capitals, a
further level, a list item that is no label ("and 2 more"), a section of another document after "and".
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

NS, US, SC, MD = "GitHub cabforum/netsec", "GitHub uspki/policies", "GitHub cabforum/servercert", \
    "dev-security-policy@mozilla.org"
NETSEC_LINK = "[Network Security Controls](https://cabforum.org/wp-content/uploads/CABForum_Network_Security_Controls_v.1.1.pdf)"

FORMS = [
    # --- a label ending a sentence: all fail at c37da84 (nothing read)
    ("Item 2f.", NS, {("m0", "NSR", "2.f", None)}),
    ("Item 1.12.", NS, {("m0", "NSR", "1.12", None)}),
    ("Item 2.f.", NS, {("m0", "NSR", "2.f", None)}),
    ("Requirement 1.j.", NS, {("m0", "NSR", "1.j", None)}),
    ("We still fail Item 2f. The rest is done.", NS, {("m0", "NSR", "2.f", None)}),
    # AA48 (uspki/policies #236) with the link before the label: the NSR is named, the label ends the sentence
    (f"This is a baseline requirement under the {NETSEC_LINK}: Item 2f.", US, {("m0", "NSR", "2.f", None)}),
    ("The NCSSRs cover this in Item 1.12.", MD, {("m0", "NSR", "1.12", None)}),
    # inside a sentence, or before another mark than the full stop, it read before and still does
    ("Does this meet Item 1.12?\n\nThanks", NS, {("m0", "NSR", "1.12", None)}),
    ("Item 2f is unclear to me.", NS, {("m0", "NSR", "2.f", None)}),
    ("Item 1.12 should say HSM", NS, {("m0", "NSR", "1.12", None)}),
    # near misses: a further level is no label, no NSR around it, capitals, a bare number
    ("Item 2f.x is unclear.", NS, set()),
    ("Item 2f.", SC, set()),
    ("Item 1.12.", MD, set()),
    ("Item 2F.", NS, set()),
    ("item 12.", NS, set()),
    # --- a list of labels: all fail at c37da84 (the first label only)
    ("Items 1h and 1j need work.", NS, {("m0", "NSR", "1.h", None), ("m0", "NSR", "1.j", None)}),
    ("Items 1h and 1j.", NS, {("m0", "NSR", "1.h", None), ("m0", "NSR", "1.j", None)}),
    ("Items 1h or 1j apply.", NS, {("m0", "NSR", "1.h", None), ("m0", "NSR", "1.j", None)}),
    ("Requirements 1h, 1j, and 2a apply.", NS,
     {("m0", "NSR", "1.h", None), ("m0", "NSR", "1.j", None), ("m0", "NSR", "2.a", None)}),
    ("Items 1.12, 1.13 and 2.f apply.", NS,
     {("m0", "NSR", "1.12", None), ("m0", "NSR", "1.13", None), ("m0", "NSR", "2.f", None)}),
    ("Items 1h and 1j of the NCSSRs apply.", MD, {("m0", "NSR", "1.h", None), ("m0", "NSR", "1.j", None)}),
    (f"This is a baseline requirement under the network security controls: Items 2f and 2g in {NETSEC_LINK}", US,
     {("m0", "NSR", "2.f", None), ("m0", "NSR", "2.g", None)}),
    # near misses: the list's next word is no label, a capital, a longer word; no NSR around it; another document
    ("Items 1h and 2 more need work.", NS, {("m0", "NSR", "1.h", None)}),
    ("Items 1h and 1J need work.", NS, {("m0", "NSR", "1.h", None)}),
    ("Items 1h and 1jx need work.", NS, {("m0", "NSR", "1.h", None)}),
    ("Items 1h and 1j need work.", SC, set()),
    ("Item 1h applies, and section 4.9.1.1 of the BRs too.", NS,
     {("m0", "NSR", "1.h", None), ("m0", "BR", "4.9.1.1", None)}),
    # --- (mine, after cite17p's note) a label beside a section of another document: the list after a label of a
    # one-document row stops at a number whose own words name another document ("Item 1h and section 4.9.1.1 of the
    # BRs" gave nothing: the BR section was chained to the label, then both dropped); a label takes no other document
    # from the words around it ("The BRs apply. Item 1h applies.": the BR read from the message dropped the label)
    ("Item 1h and section 4.9.1.1 of the BRs apply.", NS, {("m0", "NSR", "1.h", None), ("m0", "BR", "4.9.1.1", None)}),
    ("Item 1.12 and section 4.9.1.1 of the BRs apply.", NS,
     {("m0", "NSR", "1.12", None), ("m0", "BR", "4.9.1.1", None)}),
    ("Section 4.9.1.1 of the BRs and Item 1h apply.", NS, {("m0", "BR", "4.9.1.1", None), ("m0", "NSR", "1.h", None)}),
    ("BR 4.9.1.1 and Item 1h apply.", NS, {("m0", "BR", "4.9.1.1", None), ("m0", "NSR", "1.h", None)}),
    ("The BRs apply. Item 1h applies.", NS, {("m0", "NSR", "1.h", None)}),
    ("The BRs and Item 1h apply.", NS, {("m0", "NSR", "1.h", None)}),
    # unchanged: where no document the thread has allows the label, it stays nothing; a named NCSSR beside the BRs
    ("The BRs apply. Item 1h applies.", SC, set()),
    ("BR 4.9.1.1 and NCSSR 1.h apply.", NS, {("m0", "BR", "4.9.1.1", None), ("m0", "NSR", "1.h", None)}),
    # the letter tail of one number ("NCSSR 1.h and j", row nsr_lettered) is unchanged
    ("NCSSR 1.h and j apply.", MD, {("m0", "NSR", "1.h", None), ("m0", "NSR", "1.j", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", FORMS, ids=[f"{i}:{r[0][:40]}" for i, r in enumerate(FORMS)])
def test_cite17p_forms(text, list_name, expected):
    assert _thread_citations([text], list_name) == expected
