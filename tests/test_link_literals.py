"""The words every match of a cue pattern holds (``threadkb.link.literals.required``), read from the pattern, and the
prefilter built on them: exact words for constructed patterns (each construct of the reading: runs, alternatives,
optional parts, classes, look-arounds, case switched inside, repeats, back-references), and, for every pattern of
``link_cues.json`` that has such words, the same results as the pattern itself on every paragraph and line of the
corpus and on constructed texts (case, "İ" / "ı" / "ſ", which ``re`` matches to "i" / "s", non-ASCII text, digits
of other scripts)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from threadkb.link import features as lf
from threadkb.link.literals import DIGIT, Prefiltered, folded, prefiltered, required

ROOT = Path(__file__).resolve().parents[1]
I = re.IGNORECASE


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"\bfoo bar\b", I, ("foo bar",)),
    (r"\bFoo Bar\b", I, ("foo bar",)),  # lower-cased: looked for in the lower-cased text
    (r"Foo Bar", 0, ("Foo Bar",)),  # case-sensitive: as written
    (r"points? you (?:made|raised)", I, ("point you made", "point you raised", "points you made", "points you raised")),
    (r"\b(?:not|never|no)\b", I, ("never", "no")),  # "not" holds "no"
    (r"(?:the|your) (?:\w+ )?points? you mentioned", I, ("point you mentioned", "points you mentioned")),
    (r"<?https?://\S+", 0, ("http://", "https://")),
    (r"[’']t\b", I, ("'t", "’t")),  # a class of a few characters; "’" has no case
    (r"(?<!bug )(?<![\w-])x(?=y)", 0, ("x",)),  # look-arounds match no text: passed over
    (r"(?i:hi)there", 0, ("there",)),  # case switched inside: not read
    (r"(?-i:Hi)there", I, ("there",)),
    (r"İstanbul", I, ("stanbul",)),  # a cased non-ASCII letter ends a run ("İ" matches "i" too)
    (r"(ab)+c", 0, ("ab",)),
    (r"(a)x\1", 0, ("ax",)),
    (r"(?>abc)d", 0, ("abcd",)),
    (r"\d{3,}", 0, (DIGIT * 3,)),  # three digits in a row (looked for by a pattern of its own)
    (r"\d{1,3}(?:,\d{3})+\+?|(?!19\d\d)\d{3,}", 0, (DIGIT * 3,)),  # ",ddd" holds "ddd"
    (r"\b\d+\.\d", 0, ("." + DIGIT,)),  # "\d+": a digit at least, then a run anew
    (r"\d\.\d", 0, (DIGIT + "." + DIGIT,)),
    (r"\w{3,}", 0, None),  # no literal
    (r"x|\w+", 0, None),  # an alternative that requires none
    (r"a?", 0, None),  # matches the empty text
    (r"", 0, None),
    (r"[a-z]+ing", I, ("ing",)),
    (r"(?:a|b)(?:c|d)(?:e|f)(?:g|h)(?:i|j)(?:k|l)", 0,  # 64 alternatives: the run is cut at 32
     tuple(sorted(a + b + c + d + e for a in "ab" for b in "cd" for c in "ef" for d in "gh" for e in "ij"))),
])
def test_required_words(pattern, flags, expected):
    assert required(re.compile(pattern, flags)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I Agree", "i agree"),
    ("\u0130 agree", "i agree"),  # "İ": re matches it to "i"; str.lower makes it "i̇"
    ("\u0131 agree", "i agree"),  # "ı"
    ("\u017founds good", "sounds good"),  # "ſ"
    ("\u212a", "k"),  # the Kelvin sign: str.lower makes it "k" (as re matches it)
    ("It’s WRONG", "it’s wrong"),
])
def test_folded(text, expected):
    assert folded(text) == expected


def test_prefiltered_without_words_is_the_pattern():
    rx = re.compile(r"\w+")
    assert prefiltered(rx) is rx
    assert isinstance(prefiltered(re.compile("ab")), Prefiltered)


@lru_cache(maxsize=1)
def _texts() -> list[str]:
    texts: set[str] = set()
    for path in sorted((ROOT / "corpora").iterdir()):
        if path.suffix in (".txt", ".html", ".md"):
            raw = path.read_text(errors="replace")
            texts.update(p for p in re.split(r"\n\s*\n", raw) if p.strip())
            texts.update(raw.split("\n"))
    constructed = ["I AGREE with that.", "\u0130 agree.", "\u0131 agree, \u017founds good", "You’re right",
                   "YOUR POINT is CORRECT", "won't fix", "wontfix", "Correction: the date", "ERRATUM",
                   "there were some errors in the report", "Ｉ agree", "i\u0307 agree", "+1", "👍 lgtm", "",
                   "1,000 certificates", "12 of 34", "in 2024", "bug 12345", "٣٤٥ certificates (Arabic-Indic)",
                   "Question ٤", "4. item", "Ｑuestion 12", "1,23 and 123,4567"]
    return sorted(texts) + constructed


def _same(a, b) -> bool:
    return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_cue_patterns_prefiltered_as_the_patterns():
    """Every cue pattern with required words gives, on every text, what the pattern gives (search, match,
    finditer, findall, sub); most texts are not searched."""
    texts = _texts()
    prefiltered_patterns = skipped = 0
    for pattern, cp in lf._compiled().items():
        if not isinstance(cp, Prefiltered):
            continue
        prefiltered_patterns += 1
        rx = cp.rx
        for text in texts:
            assert _same(cp.search(text), rx.search(text)), (pattern, text)
            assert _same(cp.match(text), rx.match(text)), (pattern, text)
            assert [m.span() for m in cp.finditer(text)] == [m.span() for m in rx.finditer(text)], (pattern, text)
            assert cp.findall(text) == rx.findall(text), (pattern, text)
            assert cp.sub("", text, 1) == rx.sub("", text, 1), (pattern, text)
            skipped += not cp.may_match(text)
    assert prefiltered_patterns >= 25
    assert skipped > 0.5 * prefiltered_patterns * len(texts)


def test_a_pattern_the_parser_cannot_read_is_used_as_it_is(monkeypatch, caplog):
    """Another Python's parser (a private module) that fails: no words, the pattern itself, a debug line."""
    from threadkb.link import literals

    def broken(*args):
        raise TypeError("another parser")

    monkeypatch.setattr(literals._sre, "parse", broken)
    rx = re.compile(r"\bfoo bar\b", I)
    with caplog.at_level("DEBUG", logger="threadkb.link.literals"):
        assert required(rx) is None and prefiltered(rx) is rx
    assert "used as it is" in caplog.text
