"""A lettered item named before its section ("add an item (d) in section 7.1.5", "point (c) of BR 7.1.2.3"): the
item of that section, as a numbered one ("item 4 of section 4.9.1.1") already was (``item_of_section`` of
citation_patterns.json: ``{ITEMW} (x)`` beside ``{ITEMW} N``). Before, the letter was dropped and only the section
cited. Constructed rows after a real S/MIME ballot comment's shape; guards: numbered items, a letter after the
section, a parenthesis that is no item label."""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

MDL = "dev-security-policy@lists.mozilla.org"

ROWS = [  # (text, the (document, section, item) it cites)
    ("We should add an item (d) in section 7.1.5 of the BRs.", [("BR", "7.1.5", "d")]),
    ("Per point (c) of BR 7.1.2.3, this is allowed.", [("BR", "7.1.2.3", "c")]),
    ("Paragraph (b) of section 4.9.1.1 of the BRs covers key compromise.", [("BR", "4.9.1.1", "b")]),
    ("Bullet (a) in EVG 9.2.1 says the same.", [("EVG", "9.2.1", "a")]),
    ("Item (e) from SMIME-BR 7.1.4.2.2 is the one.", [("SMIME-BR", "7.1.4.2.2", "e")]),
    # guards: numbered items and a letter after the section read as before
    ("See item 4 of section 4.9.1.1 of the BRs.", [("BR", "4.9.1.1", 4)]),
    ("BR 7.1.4.2.2 (d) is the subject field.", [("BR", "7.1.4.2.2", "d")]),
    ("The option (a) we discussed is in section 7.1.5 of the BRs.", [("BR", "7.1.5", None)]),
]


@pytest.mark.parametrize("text, expected", ROWS, ids=[r[0][:50] for r in ROWS])
def test_a_lettered_item_before_its_section(text, expected):
    assert [(d, s, i) for _, d, s, i in _thread_citations([text], MDL)] == expected
