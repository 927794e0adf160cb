"""A huge message (a 50 MB single-line input) is read without lists as long as its text (session-10 kb10).

Class of input: one line or one message of millions of words. Before: the ingest re-sliced the rest of a long
line once per 200,000-character piece (quadratic: 11 s on 50 MB) and held the text as lines and pieces and the
joined text at once; the store split the whole normalised text into a list of every word three times (opening
words of the row, the copy look-up's windows, the normalised text itself): ~600 MB each for 10 million words.
The results are the same as before (the old expressions are the oracles below); peak memory is in
benchmarks/README (not a test: no timing or memory assertions in tests)."""
from __future__ import annotations

import re

import pytest

from threadkb.ingest import text as ingest_text
from threadkb.store import OPENING_WORDS, normalise_text, opening_windows, opening_words

_WORD = re.compile(r"\w+")


def _old_normalise(text: str, width: int) -> tuple[str, bool]:
    """The ingest's normalisation as it was (split, re-slice, join, strip the final line end)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, cut = text.split("\n"), False
    if any(len(line) > width for line in lines):
        out = []
        for line in lines:
            while len(line) > width:
                out.append(line[:width])
                line = line[width:]
            out.append(line)
        text, cut = "\n".join(out), True
    return (text[:-1] if text.endswith("\n") else text), cut


LINES = [  # text, with MAX_LINE = 4
    "abcdefghij",  # one long line, no line end
    "abcdefghij\n",  # one long line, a final line end
    "ab\nabcdefghij\ncd",  # a long line in the middle
    "abcdefgh\r\nxy\rabcd",  # CRLF and CR; exactly two pieces, then a line of exactly MAX_LINE
    "\n\nabcde\n\n",  # blank lines around a line one character too long
    "abcd\nabcd",  # no line longer than MAX_LINE: unchanged
    "",
]


@pytest.mark.parametrize("text", LINES)
def test_long_lines_are_cut_as_before(monkeypatch, text):
    monkeypatch.setattr(ingest_text, "MAX_LINE", 4)
    warnings: list[str] = []
    assert (ingest_text._normalise(text, warnings), bool(warnings)) == _old_normalise(text, 4)


def test_a_50_mb_line_is_cut_into_pieces_of_max_line():
    warnings: list[str] = []
    text = ingest_text._normalise("Hello\n" + "word " * 100_000 + "\nbye\n", warnings)
    lines = text.split("\n")
    assert [len(x) for x in lines] == [5, 200_000, 200_000, 100_000, 3]
    assert "".join(lines[1:4]) == "word " * 100_000 and warnings == ["lines longer than 200000 characters were split"]


TEXTS = ["Hello, World!", "  --a_b  ", "a\u00a0b\u2028c  d\te", "Ĳssel İstanbul ß ǅ", "x\ufffdy", "", "...", "one two\nthree\tfour five six"
         " seven eight nine ten eleven twelve thirteen fourteen"]


@pytest.mark.parametrize("piece", [1, 3, 1 << 20])  # a long text is normalised piece by piece, cut at white space
@pytest.mark.parametrize("text", TEXTS)
def test_normalised_text_and_opening_words_as_before(monkeypatch, text, piece):
    monkeypatch.setattr(ingest_text, "TEXT_PIECE", piece)
    norm = normalise_text(text)
    assert norm == " ".join(_WORD.findall(text.casefold()))
    assert opening_words(norm) == " ".join(norm.split()[:OPENING_WORDS])


@pytest.mark.parametrize("words,first", [
    (3, None), (12, None), (13, None), (20, None), (20, {"w3", "w17"}), (5, {"w0"}), (5, {"w1"}), (0, None)])
def test_opening_windows_as_before(words, first):
    norm = " ".join(f"w{i % 9 if words > 12 else i}" for i in range(words))
    split = norm.split()
    old = {" ".join(split[i:i + OPENING_WORDS]) for i in range(max(1, len(split) - OPENING_WORDS + 1))
           if first is None or (split[i] if split else "") in first}
    assert opening_windows(norm, first) == old


PIECES = [  # text, size -> the pieces (each cut at the first white space at or after size characters)
    ("aaa bbb ccc", 4, ["aaa bbb", " ccc"]),
    ("aaa bbb ccc", 3, ["aaa", " bbb", " ccc"]),
    ("aaaaaaa", 3, ["aaaaaaa"]),  # no white space: one piece
    ("ab\ncd\tef", 1, ["ab", "\ncd", "\tef"]),
    ("short", 5, ["short"]),
    ("", 5, [""]),
]


@pytest.mark.parametrize("text,size,pieces", PIECES)
def test_pieces_at_space(text, size, pieces):
    assert list(ingest_text.pieces_at_space(text, size)) == pieces
    assert "".join(pieces) == text


STEM_TEXTS = ["We will revoke the certificates by Friday, see https://bugzilla.mozilla.org/show_bug.cgi?id=1 now",
              "Ĳssel İstanbul CERTIFICATES revocation revoked, re-issuance", "one two three four five six seven"]


@pytest.mark.parametrize("piece", [1, 7, 1 << 20])  # the link stage's stems of a long text read piece by piece
@pytest.mark.parametrize("text", STEM_TEXTS)
def test_link_stems_of_a_text_read_in_pieces_as_before(monkeypatch, text, piece):
    from threadkb.link import features

    monkeypatch.setattr(ingest_text, "TEXT_PIECE", piece)
    features.stem_set.cache_clear()
    stop, alias = features._stopwords(), features.cues()["stem_aliases"]
    old = {w[:5] for w in features.WORD.findall(features._LINK.sub(" ", text).lower()) if w not in stop}
    assert features.stem_set(text) == frozenset(alias.get(s, s) for s in old)
    features.stem_set.cache_clear()
