"""The shortcuts the link stage takes for speed give what the plain code gives (its whole output is guarded by
``tests/test_link_digest.py``; these check each shortcut on the inputs the corpus lacks):

- heading lines: ``_line_matches`` (all lines searched in one C loop, starts counted for the matching lines) is
  the plain per-line scan, for each heading pattern of the cue table, on corpus text and constructed lines;
- the place of a message: ``index_of`` is ``list.index`` (the first message EQUAL to it), duplicates included;
- evidence: a candidate's shared words and rule evidence, kept as what writes them until read, are written as the
  eager text was;
- the cycle collector: ``link`` pauses it and leaves it as it was; linking makes no reference cycles.
"""
from __future__ import annotations

import copy
import gc
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from threadkb.link import features as lf, link
from threadkb.models import Claim, ClaimKind, Message, Thread

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = ("numbered_heading", "numbered_item", "heading_line")


@lru_cache(maxsize=1)
def _extractions() -> list:
    from threadkb import pipeline
    from threadkb.extract import extract

    paths = [ROOT / "corpora" / name for name in ("mdsp-2025-10-sheca-api-keys.txt",
                                                  "047_github-issue-mozilla-pkipolicy-276-delayed-revocation.txt")]
    return extract([t for p in paths for t in pipeline.parse_paths([str(p)])])


def _plain(text: str, pattern: str) -> tuple[list[int], list[re.Match]]:
    """The per-line scan the shortcut replaces."""
    rx = lf.cue_pattern(pattern)
    starts, matches, pos = [], [], 0
    for line in text.split("\n"):
        m = rx.search(line)
        if m:
            starts.append(pos)
            matches.append(m)
        pos += len(line) + 1
    return starts, matches


CONSTRUCTED = [
    "",
    "\n",
    "\n\n\n",
    "Question 4\nWe do.\n\nQuestion 5: and then?\n1. first\n2) second\n   3. third",
    "Re: Matt's comment\nAgreed.\nReply to Ben's point\n\n4.9.1.1 Revocation\ntext",
    "no heading at all\njust lines\n",
    "1. a\n\n\n\n2. b\n",  # blank lines between items
    "Q3\n  Q 4 #5\nitem #6.\n",
    "trailing line without break\n7. last",
    "Question ٤\n٣. Arabic-Indic digits\nno digit here",  # \d holds the digits of other scripts
]


@pytest.mark.parametrize("name", HEADINGS)
def test_heading_lines_as_the_plain_scan(name):
    pattern = lf.cues()[name]
    texts = CONSTRUCTED + [m.text for ex in _extractions() for m in ex.thread.messages]
    found = 0
    for text in texts:
        got, want = lf._line_matches.__wrapped__(text, pattern), _plain(text, pattern)
        assert got[0] == want[0], (name, text[:80])
        assert [(m.span(), m.group(0), m.string) for m in got[1]] == [(m.span(), m.group(0), m.string) for m in want[1]]
        found += len(want[0])
    assert found  # the texts hold headings of each kind


def _message(key: str) -> Message:
    return Message(key=key, source="t")


def test_index_of_is_list_index():
    a, b, c = _message("a"), _message("b"), _message("c")
    twin = copy.deepcopy(b)  # equal to b, another object: list.index finds b's place
    other = replace(_message("b"), author="someone else")  # same key, not equal
    thread = Thread(source="t", messages=[a, b, c, twin, other], assignments=[])
    for m in thread.messages:
        assert lf.index_of(thread, m) == thread.messages.index(m)
    assert lf.index_of(thread, twin) == 1
    assert lf.index_of(thread, other) == 4
    stranger = copy.deepcopy(c)  # not one of the thread's objects: compared as list.index does
    assert lf.index_of(thread, stranger) == 2
    thread.messages.insert(0, _message("z"))  # the map is remade when the messages change
    assert [lf.index_of(thread, m) for m in thread.messages] == [0, 1, 2, 3, 2, 5]


def _claim(cid: str, text: str) -> Claim:
    return Claim(id=cid, message="m1", speaker="Ann", kind=ClaimKind.ASSERTION, text=text)


@pytest.mark.parametrize("words, context, expected", [
    ({"revoc", "delay"}, None, ["same entity: X", "shared words: delay, revoc", "reply structure: r"]),
    (None, {"b", "a", "c", "d", "e", "f", "g"}, ["same entity: X", "shared context words: a, b, c, d, e, f",
                                                 "reply structure: r"]),
    ({"z"}, {"y"}, ["same entity: X", "shared words: z", "shared context words: y", "reply structure: r"]),
])
def test_shared_words_written_when_read(words, context, expected):
    cand = lf.Candidate(_claim("c1", "t"))
    cand.add(1.0, "same entity", "X")
    cand._evidence.extend((lf.listed, rule, kept, 6) for rule, kept in (("shared words", words),
                                                                       ("shared context words", context)) if kept)
    cand.add(1.0, "reply structure", "r")
    assert cand.evidence == expected
    assert cand.evidence == expected  # read twice: the same
    assert cand == lf.Candidate(cand.target, 2.0, list(expected))
    assert "shared" in repr(cand) or "reply" in repr(cand)


@pytest.mark.parametrize("enabled", [True, False])
def test_link_leaves_the_collector_as_it_was(enabled):
    ex = copy.deepcopy(_extractions()[0])
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        link(ex)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert ex.relations


def test_linking_makes_no_reference_cycles():
    batch = copy.deepcopy(_extractions())
    for ex in copy.deepcopy(batch):  # caches and compiled patterns made once
        link(ex)
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for ex in batch:
            link(ex)
        relations = sum(len(ex.relations) for ex in batch)
        del batch, ex
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
    assert relations


LINE_ENDS = ["", "\r", "\x0b", "\x0c", "\x85", "\u2028", " \t "]


@pytest.mark.parametrize("name", HEADINGS)
def test_line_pattern_reads_a_line_as_the_table_pattern(name):
    """``line_pattern`` (the heading pattern without ``re.MULTILINE``, so that ``re`` tries it at the start of the
    line only) finds on every line what the table's pattern finds: corpus lines, constructed headings, and lines
    ending or opening with the separators that ``str.split("\\n")`` leaves in a line ("\\r", "\\x0b", "\\u2028")."""
    pattern = lf.cues()[name]
    plain, line = lf.cue_pattern(pattern), lf.line_pattern(pattern)
    assert plain.flags & re.MULTILINE and not line.flags & re.MULTILINE
    texts = CONSTRUCTED + [m.text for ex in _extractions() for m in ex.thread.messages]
    lines = {ln for text in texts for ln in text.split("\n")}
    lines |= {a + ln + b for ln in ("Question 4", "4.9.1 Revocation", "Re: Ben's reply", "2) second", "Q 7 #8")
              for a in LINE_ENDS for b in LINE_ENDS}
    found = 0
    for ln in lines:
        got, want = line.search(ln), plain.search(ln)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (name, ln)
        found += want is not None
        for cut in range(0, len(ln), 7):  # a claim's line read up to where it starts (``_heading_before``)
            got, want = line.search(ln[:cut]), plain.search(ln[:cut])
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (name, ln[:cut])
    assert found > 5


def _pair_features(src_text: str, tgt_text: str, tgt_kind: ClaimKind, src_speaker: str, tgt_speaker: str):
    from threadkb.link.features import features

    m1 = Message(key="m1", source="t", author=tgt_speaker)
    m2 = Message(key="m2", source="t", author=src_speaker, in_reply_to="m1")
    tgt = Claim(id="t1", message="m1", speaker=tgt_speaker, kind=tgt_kind, text=tgt_text, start=0, end=len(tgt_text))
    src = Claim(id="s1", message="m2", speaker=src_speaker, kind=ClaimKind.ASSERTION, text=src_text, start=0,
                end=len(src_text))
    return features(src, m2, "", src_text), features(tgt, m1, "", tgt_text), m2


@pytest.mark.parametrize("src_text, tgt_text, tgt_kind, tgt_speaker, relation, expected", [
    ("The revocation was delayed by the outage.", "Why was the revocation delayed?", ClaimKind.QUESTION, "Ben",
     "in_reply_to", ["shared words: delayed, revocation", "reply structure: m2 replies to m1",
                     "question target: t1 is a question"]),
    ("We revoked 400 certificates under section 4.9.1.1.", "Section 4.9.1.1 requires revocation of 500 certificates.",
     ClaimKind.ASSERTION, "Ben", "",
     ["same section: 4.9.1.1", "competing figure: 400 certificates vs 500 certificates", "shared words: certificates, revoked, section"]),
    ("I meant the 2024 audit, not 2023.", "The 2023 audit was fine.", ClaimKind.ASSERTION, "Ann", "in_reply_to",
     ["shared words: audit", "reply structure: m2 replies to m1", "same side: both said by Ann"]),
])
def test_rule_evidence_written_when_read(src_text, tgt_text, tgt_kind, tgt_speaker, relation, expected):
    """A pair's rule evidence is kept as what writes it (``Candidate``) and read as the eager text was: anchors
    (sorted), a competing figure, shared words (as the source claim writes them, in the order of their stems), the reply structure, one side, a question target."""
    from threadkb.link.candidates import Scoring

    fs, ft, msg = _pair_features(src_text, tgt_text, tgt_kind, "Ann", tgt_speaker)
    scoring = Scoring(lf.cues()["weights"])
    cands: dict = {}
    scoring.score(scoring.source(fs, msg), [([ft], relation)], cands)
    cand = cands["t1"]
    assert any(part.__class__ is tuple for part in cand._evidence)  # not written yet
    assert cand.evidence == expected
    assert cand.evidence == expected  # read twice: the same
    assert all(isinstance(part, str) for part in cand._evidence)
