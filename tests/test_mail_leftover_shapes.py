"""Mail and page shapes left over by the session-7 probe on real threads kept aside (session 8): each class is
stated, tested on constructed variants of the shapes mail clients and archives produce (exact expected
messages, authors and own text), and every input line must still land in exactly one place
(tests/line_accounting.py). Each test failed before its mechanism.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from line_accounting import problems

from threadkb.ingest import ingest
from threadkb.parse import parse


def _parse(tmp_path, text: str, name: str = "thread.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (src,) = ingest(str(path))
    thread = parse(src)
    assert problems(src, thread) == []
    return thread.messages


def _own(m) -> list[str]:
    return [t.text.strip() for t in m.lines if t.text.strip()]


BODY = ("I agree with Ben that the effective date should move to March 15, 2025. CAs need time to update\n"
        "their CRL profiles, and the ballot text already allows for that.\n")
BODY_LINES = ["I agree with Ben that the effective date should move to March 15, 2025. CAs need time to update",
              "their CRL profiles, and the ballot text already allows for that."]
QUOTE = "On 17/11/2022 5:46 μ.μ., Ben Wilson wrote:\n> All,\n> I propose that we fold the MRSP reason codes into the BRs.\n"


# ---- (c) a sign-off that is a bare first name closed by a full stop ("Dimitris.") before a quote or a signature
# block: it names the author of a header-less message and is not the message's words. Alone after the last
# paragraph (a blank line before it, a body above), under a closing ("Thanks,"), or above a "-- " block.
FULL_STOP = [  # text, author, signature lines, own text
    (BODY + "\nDimitris.\n\n" + QUOTE, "Dimitris", ["Dimitris."], BODY_LINES),
    (BODY + "Thanks,\nDimitris.\n\n" + QUOTE, "Dimitris", ["Dimitris."], BODY_LINES + ["Thanks,"]),
    (BODY + "\nBest,\nDimitris.\n", "Dimitris", ["Dimitris."], BODY_LINES + ["Best,"]),
    (BODY + "\nDimitris.\n\n--\nDimitris Zacharopoulos\nHARICA\n", "Dimitris Zacharopoulos",
     ["Dimitris.", "--", "Dimitris Zacharopoulos", "HARICA"], BODY_LINES),
    (BODY + "\nDimitris\n\n-- \nDimitris Zacharopoulos\nHARICA\n", "Dimitris Zacharopoulos",
     ["Dimitris", "--", "Dimitris Zacharopoulos", "HARICA"], BODY_LINES),
    (BODY + "\nAnna Maria.\n\n" + QUOTE, "Anna Maria", ["Anna Maria."], BODY_LINES),
]


@pytest.mark.parametrize("text,author,signature,own", FULL_STOP, ids=range(len(FULL_STOP)))
def test_a_first_name_with_a_full_stop_signs_off(tmp_path, text, author, signature, own):
    top = _parse(tmp_path, text)[0]
    assert (top.author, top.signature, _own(top)) == (author, signature, own)


STAYS_TEXT = [  # a one-word sentence is no sign-off: the whole reply, an answer word, a sign-off of someone else
    ("Hej,\n\nSvar.\n\n" + QUOTE, None, ["Hej,", "Svar."]),
    (BODY + "\nAgreed.\n\n" + QUOTE, None, BODY_LINES + ["Agreed."]),
    (BODY + "\nDone.\n", None, BODY_LINES + ["Done."]),
    (BODY + "Dimitris.\n\n" + QUOTE, None, BODY_LINES + ["Dimitris."]),  # no paragraph break: the sentence goes on
    (BODY + "\nDimitris.\n\n--\nJohn Smith\nExample CA\n", "John Smith", BODY_LINES + ["Dimitris."]),
]


@pytest.mark.parametrize("text,author,own", STAYS_TEXT, ids=range(len(STAYS_TEXT)))
def test_a_word_with_a_full_stop_stays_text_elsewhere(tmp_path, text, author, own):
    top = _parse(tmp_path, text)[0]
    assert (top.author, _own(top)) == (author, own)


def test_a_full_stop_sign_off_of_the_known_author(tmp_path):
    """A pipermail page (header names the sender): 'Dimitris.' is his sign-off, not his words."""
    text = ("[Servercert-wg] CRL reason codes\n"
            "Dimitris Zacharopoulos (HARICA) dzacharo at harica.gr\nThu Nov 17 16:20:00 UTC 2022\n\n"
            + BODY + "\nDimitris.\n\n" + QUOTE)
    top, quoted = _parse(tmp_path, text)
    assert (top.author, top.signature, _own(top)) == ("Dimitris Zacharopoulos (HARICA)", ["Dimitris."], BODY_LINES)
    assert (quoted.author, quoted.date) == ("Ben Wilson", datetime(2022, 11, 17, 17, 46))
