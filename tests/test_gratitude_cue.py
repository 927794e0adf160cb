"""The link cue 'gratitude' (link_cues.json; threadkb.link.stance.relation_kind): a reply that thanks for what it
answers is no 'defends' rebuttal. 'Thanks to …' in the sense of 'owing to' and 'no thanks' thank nobody: a speaker
defending their message ('Thanks to this change, the certificates would be mis-issued') keeps the rebuttal."""
from __future__ import annotations

import pytest

from threadkb.link.stance import cue_search


@pytest.mark.parametrize("text, thanks", [
    # real thanks (027's SHECA reply; the forms the cue's doc names)
    ("Thank you for your professional reply.", True),
    ("Thanks for the explanation, we will update the CPS.", True),
    ("I appreciate the clarification.", True),
    ("We really appreciate the quick review.", True),
    ("We are grateful for the pointer.", True),
    ("Thanks, Ben.", True),
    ("We thank the reporter for the detailed analysis.", True),
    ("Thank you to everyone who commented.", True),
    # 'thanks to': owing to, no gratitude
    ("Thanks to the delay, the certificates were not revoked within 5 days.", False),
    ("That is only possible thanks to the exception in section 4.9.1.1.", False),
    ("thanks  to this change every subscriber would be affected", False),
    # a decline
    ("No thanks, the current wording is correct.", False),
    ("Without any sign of progress, this thread stalls.", False),
])
def test_gratitude(text, thanks):
    assert bool(cue_search("gratitude", text)) is thanks
