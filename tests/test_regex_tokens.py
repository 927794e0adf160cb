"""Long runs of punctuation cost the tokenizer linear time (issue 17: a 40,000-character '>' run at the end of
a line cost 147 s of extract: spaCy peels one affix at a time and searched the whole token each time).

threadkb.extract.nlp searches a token's prefix and suffix rules in a window of AFFIX_WINDOW characters. Tested:
the tokens are the same as spaCy's own tokenizer's on real text (every line of several corpus files, and
constructed tokens with real affixes), and the time grows linearly on runs of each punctuation character.
"""
from __future__ import annotations

import glob
import os
import time

import pytest
import spacy

from threadkb.extract.nlp import AFFIX_WINDOW, get_nlp
from threadkb.ingest import ingest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHORT, LONG = 5_000, 20_000
MAX_RATIO = 10.0  # linear ≈ 4, quadratic ≈ 16
FLOOR = 0.02  # CPU seconds below which growth is not judged


def _tokens(tokenizer, text: str) -> list[str]:
    return [t.text for t in tokenizer(text)]


@pytest.mark.parametrize("prefix", ["mdsp-2025-10-sheca", "027_", "030_", "055_", "063_", "017_"])
def test_same_tokens_as_spacy_on_corpus_text(prefix):
    plain = spacy.blank("en").tokenizer
    ours = get_nlp().tokenizer
    (path,) = glob.glob(os.path.join(ROOT, "corpora", prefix + "*"))
    lines = [line for src in ingest(path) for line in src.lines if line.strip()]
    assert lines
    assert [_tokens(ours, x) for x in lines] == [_tokens(plain, x) for x in lines]


@pytest.mark.parametrize("text", [
    "(see https://bugzilla.mozilla.org/show_bug.cgi?id=1993357&product=NSS&component=CA%20Certificate).",
    '("' + "a" * 200 + '")...',  # a token longer than the window with real affixes at both ends
    "[" + "x" * 100 + "]," + " 5km.",
    "«" + "Abcdefghij" * 20 + "»!?",
    "$" + "1" * 120 + "%",
])
def test_same_tokens_on_long_tokens_with_real_affixes(text):
    assert len(text) > AFFIX_WINDOW
    assert _tokens(get_nlp().tokenizer, text) == _tokens(spacy.blank("en").tokenizer, text)


def test_a_run_of_punctuation_keeps_every_character():
    text = "We revoked them " + ">" * 1000 + " today."
    doc = get_nlp().tokenizer(text)
    assert "".join(t.text_with_ws for t in doc) == text


@pytest.mark.slow
@pytest.mark.parametrize("char", list(">)(.]!?,-\"'*"))
def test_punctuation_runs_cost_linear_time(char):
    tok = get_nlp().tokenizer
    times = []
    for n in (SHORT, LONG):
        text = "We will revoke them " + char * n + " by Friday."
        t = time.process_time()
        tok(text)
        times.append(time.process_time() - t)
    assert times[1] < FLOOR or times[1] / max(times[0], 1e-6) < MAX_RATIO
