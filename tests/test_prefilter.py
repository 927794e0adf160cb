"""Literal prefilters (threadkb.prefilter) and the per-run cache of the extract stage.

The literals every match holds, read from the pattern: exact groups for constructed patterns (each construct of
the reading: runs, alternatives, optional parts, classes, look-arounds, case switched inside, repeats, digit places,
back-references) and table rows; ``fold`` on every code point.

A prefilter may only skip a regex on text the regex cannot match: checked here on every pattern of the
citation, entity and claim tables against the texts and sentences of corpora/, and the extract results
are compared with the prefilters switched off. The literal gate (one automaton pass for the prefilters
of a whole table) must say exactly what each prefilter says.
"""
from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from threadkb.extract import citations, claims, entities
from threadkb.prefilter import DIGIT, FilteredRegex, LiteralGate, Prefilter, fold, prefiltered, required_literals

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module")
def threads():
    from threadkb.pipeline import parse_paths

    files = [str(f) for f in sorted(CORPORA.iterdir()) if f.is_file() and f.name != "INDEX.md"]
    return list(parse_paths(files, []))


@pytest.fixture(scope="module")
def texts(threads):
    return [m.text for t in threads for m in t.messages] + \
        [dq.text for t in threads for m in t.messages for dq in m.document_quotes]


# ---------------------------------------------------------------------------------------- literals

I = re.IGNORECASE
D = DIGIT  # a place of any digit
LITERAL_ROWS = [  # (pattern, flags, groups: each a tuple of literals, folded first, most selective group first)
    (r"\?\s*[\"'”)]*\s*$", I, [("?",)]),
    (r"\bshould have (?:been|done|\w+ed)\b", I, [("should have ",), ("been", "done", "ed")]),
    (r"\b(?:acknowledges?|we are aware)\b", I, [("acknowledge", "we are aware")]),
    (r"(?<!\w)[Ss]ubsection\s+(?P<ctx_item>\d{1,2})(?!\w|\.\d)", 0, [("subsection",), (D,)]),  # [Ss]: any case
    (r"[Ss]ections?\s+\d+", 0, [("section",), (D,)]),
    (r"\[?(?:RFC|rfc|Rfc)[ -]?(?P<rfc>\d{3,5})\]?(?!\w)", 0, [("RFC", "Rfc", "rfc"), (D + D + D,)]),
    (r"(?i:ab)?cd|ef", 0, [("abcd", "cd", "ef")]),  # an optional part: "abcd" (either case) or "cd"
    (r"\d+(?:\.\d+)+", 0, [(".",), (D,)]),  # "\d+": a digit at least, then a run anew
    (r"\d+|[a-z]+", 0, []),  # a branch without literal: nothing is required
    (r"(?!x)x", 0, [("x",)]),
    (r"don[’']t", I, [("don't", "don’t")]),  # a class of a few characters: each one's literal
    (r"n’t", I, [("n’t",)]),  # ’ has no case: usable as is
    (r"ÉTÉ", I, [("t",)]),  # letters with case outside ASCII: not used case-insensitively
    (r"ÉTÉ", 0, [("ÉTÉ",)]),
    (r"İstanbul", I, [("stanbul",)]),  # "İ" matches "i" too
    (r"\bfoo bar\b", I, [("foo bar",)]),
    (r"\bFoo Bar\b", I, [("foo bar",)]),  # lower-cased: looked for in the folded text
    (r"Foo Bar", 0, [("Foo Bar",)]),  # case-sensitive: as written
    (r"points? you (?:made|raised)", I, [("point you made", "point you raised", "points you made", "points you raised")]),
    (r"\b(?:not|never|no)\b", I, [("never", "no")]),  # "not" holds "no"
    (r"(?:the|your) (?:\w+ )?points? you mentioned", I, [("point you mentioned", "points you mentioned"),
                                                        ("the ", "your ")]),
    (r"<?https?://\S+", 0, [("http://", "https://")]),
    (r"[’']t\b", I, [("'t", "’t")]),  # "’" has no case
    (r"(?<!bug )(?<![\w-])x(?=y)", 0, [("x",)]),  # look-arounds match no text: passed over
    (r"(?i:hi)there", 0, [("hithere",)]),  # a case-insensitive part makes the run case-insensitive
    (r"(?-i:Hi)there", I, [("hithere",), ("Hi",)]),
    (r"(ab)+c", 0, [("ab",), ("c",)]),
    (r"(a)x\1", 0, [("ax",)]),  # a back-reference ends the run
    (r"(?>abc)d", 0, [("abcd",)]),
    (r"\d{3,}", 0, [(D + D + D,)]),  # three digits in a row (looked for by a pattern of its own)
    (r"\d{1,3}(?:,\d{3})+\+?|(?!19\d\d)\d{3,}", 0, [(D + D + D,)]),  # ",ddd" holds "ddd"
    (r"\b\d+\.\d", 0, [("." + D,), (".",)]),  # "one digit" is implied by ".d": no group of its own; "." is
    (r"\d\.\d", 0, [(D + "." + D,), (".",)]),  # kept (tested by ``in``, before the search)
    (r", \d{4} at ", 0, [(", " + D * 4 + " at ",), (" at ",)]),  # the longest part without digit places
    (r"\w{3,}", 0, []),  # no literal
    (r"x|\w+", 0, []),  # an alternative that requires none
    (r"a?", 0, []),  # matches the empty text
    (r"", 0, []),
    (r"[a-z]+ing", I, [("ing",)]),
    (r"(?:a|b)(?:c|d)(?:e|f)(?:g|h)(?:i|j)(?:k|l)", 0,  # 64 alternatives: the run is cut at 32
     [tuple(sorted(a + b + c + d + e for a in "ab" for b in "cd" for c in "ef" for d in "gh" for e in "ij")),
      ("k", "l")]),
]


@pytest.mark.parametrize("pattern,flags,groups", LITERAL_ROWS, ids=[r[0][:30] for r in LITERAL_ROWS])
def test_required_literals(pattern, flags, groups):
    assert Prefilter.of(pattern, flags).literals == groups


def test_table_rows_get_selective_literals():
    rows = {r.name: r.prefilter.literals for r in citations.get_table().rows}
    assert rows["rfc"] == [("RFC", "Rfc", "rfc"), (D + D + D,)]
    assert rows["keyword_section"] == [("chapter", "sec", "§"), (D,)]  # "sec" covers "sec.", "sect", "SECTION"
    assert rows["item_of_section"] == [("bullet", "item", "method", "no.", "number", "option", "paragraph", "point",
                                        "provision", "reason", "subsection"), ("from", "in", "of"), (D,)]
    rule = next(r for r in claims.patterns()["kinds"]["denial"] if r["cue"] == "never accused")
    assert claims._prefilter(rule["pattern"]).literals[0] == ("accused", "alleged", "found to")
    rule = next(r for r in claims.patterns()["kinds"]["commitment"] if r["cue"] == "will")  # {SELF} gives none
    assert claims._prefilter(rule["pattern"]).literals == [("'ll", "shall", "will", "’ll")]


@pytest.mark.parametrize(("text", "expected"), [
    ("I Agree", "i agree"),
    ("\u0130 agree", "i agree"),  # "İ": re matches it to "i"; str.lower makes it "i̇"
    ("\u0131 agree", "i agree"),  # "ı"
    ("\u017founds good", "sounds good"),  # "ſ"
    ("\u212a", "k"),  # the Kelvin sign
    ("It’s WRONG", "it’s wrong"),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_matches_re_ignorecase_on_every_code_point():
    """fold() maps exactly the non-ASCII characters that re.IGNORECASE equates with an ASCII letter."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    special = []
    for cp in range(128, 0x110000):
        ch = chr(cp)
        folded = fold(ch)
        if letter.fullmatch(ch):
            special.append(ch)
            assert re.fullmatch(folded, ch, re.IGNORECASE) and folded.isascii()
        else:
            assert not any(c.isascii() for c in folded), hex(cp)
    assert special == ["\u0130", "\u0131", "\u017f", "\u212a"]


@pytest.mark.parametrize("pattern,text", [
    (r"\bthis\b", "THİS is it"), (r"\bshall\b", "we ſhall see"), (r"\bkindly\b", "\u212aindly reply"),
    (r"\bwill\b", "wıll do"), (r"(?i:ballot)\s+\d+", "BALLOT 12"), (r"\d{3,}", "٣٤٥ certificates"),
    (r"\bq\d\b", "Q٤"),
])
def test_non_ascii_case_variants_pass(pattern, text):
    rx = FilteredRegex.compile(pattern, re.IGNORECASE)
    assert rx.regex.search(text) and rx.search(text, folded=fold(text)) and rx.search(text)


def test_no_literal_means_always():
    assert Prefilter.of(r"\w+").may_match("no digits", "no digits")
    assert required_literals(r"[A-Z]{2,}") == []
    assert not Prefilter.of(r"\d+").may_match("no digits", "no digits")  # a digit place
    rx = re.compile(r"\w+")
    assert prefiltered(rx) is rx  # nothing to test first: the pattern itself
    assert isinstance(prefiltered(re.compile("ab")), FilteredRegex)


def _link_texts() -> list[str]:
    texts: set[str] = set()
    for path in sorted(CORPORA.iterdir()):
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
    """Every link cue pattern with required literals gives, on every corpus paragraph and line and constructed texts
    (case, "İ" / "ı" / "ſ", non-ASCII text, digits of other scripts), what the pattern gives (search, match,
    finditer, findall, sub: the text only, as ``re.Pattern``'s); most texts are not searched."""
    from threadkb.link import features as lf

    texts = _link_texts()
    prefiltered_patterns = skipped = 0
    for pattern, cp in lf._compiled().items():
        if not isinstance(cp, FilteredRegex):
            continue
        prefiltered_patterns += 1
        rx = cp.regex
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
    """Another Python's parser (a private module) that fails: no literal, the pattern itself, a debug line."""
    from threadkb import prefilter

    def broken(*args):
        raise TypeError("another parser")

    rx = re.compile(r"\bfoo bar\b", I)
    monkeypatch.setattr(prefilter._sre_parse, "parse", broken)
    with caplog.at_level("DEBUG", logger="threadkb.prefilter"):
        assert required_literals(rx.pattern, rx.flags) == [] and prefiltered(rx) is rx
    assert "used as it is" in caplog.text


# ---------------------------------------------------------------------------------------- gate

GATE_ROWS = [  # (text, which of GATE_PATTERNS may match)
    ("We should have done it.", [True, False, True, False, False]),
    ("SHOULD HAVE BEEN acknowledged", [True, True, False, False, False]),
    ("See Sections 4 and RFC 5280", [False, False, False, True, True]),
    ("nothing relevant", [False, False, False, False, False]),
    ("İt ſhould have been", [True, False, False, False, False]),  # ſ and İ fold to ASCII, as re.IGNORECASE matches
    ("٣٤٥ certificates, 12 sections", [False, False, False, True, True]),  # digits of another script; "may match"
]
GATE_PATTERNS = [(r"\bshould have (?:been|done|\w+ed)\b", re.IGNORECASE), (r"\backnowledged?\b", re.IGNORECASE),
                 (r"\bit\.", re.IGNORECASE), (r"[Ss]ections?\s+\d+", 0), (r"\d{3,}", 0)]


@pytest.mark.parametrize("text,expected", GATE_ROWS, ids=[r[0][:20] for r in GATE_ROWS])
def test_gate_answers_each_prefilter(text, expected):
    prefilters = [Prefilter.of(p, f) for p, f in GATE_PATTERNS]
    gate = LiteralGate(prefilters)
    assert list(gate.passes(text, fold(text))) == expected
    assert [pf.may_match(text, fold(text)) for pf in prefilters] == expected


def test_gate_without_literals_always_passes():
    gate = LiteralGate([Prefilter.of(r"\w+"), Prefilter.of(r"[A-Z]{2,}")])
    assert gate.needs == (0, 0)
    assert gate.scan("no digits", "no digits") == 0


def _gated_tables() -> list[tuple[str, LiteralGate, list[Prefilter]]]:
    ct, et = citations.get_table(), entities.get_table()
    claim_prefilters = [claims._prefilter(rx) for _, rx in claims._sentence_rules()]
    from threadkb.parse.attribution import _table as attribution_table

    at = attribution_table()
    return [("attributions", at.gate, [Prefilter.of(p.regex.pattern, p.regex.flags) for p in at.patterns]),
            ("citations", ct.gate, [r.prefilter for r in ct.rows]),
            ("entities", et.gate, [rx.prefilter for _, _, rx in et.rows] + [et.org_alias.prefilter,
                                                                              et.org_suffix.prefilter]),
            ("claims", claims._gate(), claim_prefilters)]


def test_table_gates_agree_with_prefilters_on_corpora(texts):
    """On every corpus text and sentence, each table's gate says what each of its prefilters says."""
    pieces = texts + [claims._norm(s) for t in texts[:80] for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", t)]
    passed = 0
    for name, gate, prefilters in _gated_tables():
        assert len(gate.needs) == len(prefilters), name
        for text in pieces:
            low = fold(text)
            said = list(gate.passes(text, low))
            assert said == [pf.may_match(text, low) for pf in prefilters], (name, text[:80])
            passed += sum(said)
    assert passed > 1000


# ---------------------------------------------------------------------------------------- soundness


def _table_patterns() -> list[re.Pattern]:
    ct, et = citations.get_table(), entities.get_table()
    out = [r.regex for r in ct.rows] + [ct.doc_mention.regex, ct.double_quote.regex, ct.relative_anchor.regex]
    out += [rx.regex for _, rx in ct.file_documents + ct.url_documents]
    out += [rx.regex for _, _, rx in et.rows] + [et.org_alias.regex, et.org_suffix.regex, et.api_path.regex]
    return out


def test_prefilters_never_skip_a_match_in_corpora(texts):
    patterns = _table_patterns()
    checked = 0
    for text in texts:
        low = fold(text)
        for rx in patterns:
            if rx.search(text):
                checked += 1
                assert Prefilter.of(rx.pattern, rx.flags).may_match(text, low), (rx.pattern[:60], text[:80])
    assert checked > 300


def test_attribution_rows_never_skip_a_match_in_corpus_lines():
    """Every corpus line (and pair of lines) that an attribution row matches passes that row's gate bits."""
    from threadkb.parse.attribution import _table as attribution_table

    table = attribution_table()
    checked = 0
    for f in sorted(CORPORA.iterdir()):
        if f.name == "INDEX.md":
            continue
        lines = [" ".join(ln.lstrip("> ").split()) for ln in f.read_text("utf-8", errors="replace").splitlines()]
        for text in lines + [a + " " + b for a, b in pairwise(lines)]:
            passes = table.gate.passes(text, fold(text))
            for p, ok in zip(table.patterns, passes, strict=True):
                if p.kind != "prose-quote" and p.regex.fullmatch(text):
                    checked += 1
                    assert ok, (p.id, text[:80])
    assert checked >= 40  # attribution lines of the corpus (41 when written)


def test_claim_rules_never_skip_a_match_in_corpus_sentences(texts):
    table = claims.patterns()
    rules = table["skip"] + [r for k in table["kind_order"] for r in table["kinds"][k]] + table["stance"]
    rules += table["on_behalf_of"]["sentence"] + table["on_behalf_of"]["persona"]
    checked = 0
    for text in texts[:60]:
        orgs = claims.speaker_orgs(text) or ("SHECA",)
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", text):
            s = claims._norm(sentence)
            for rule in rules:
                if claims._compile(rule["pattern"], orgs).search(s):
                    checked += 1
                    assert claims._prefilter(rule["pattern"]).may_match(s, fold(s)), (rule["cue"], s[:80])
    assert checked > 500


def test_results_identical_without_prefilters(threads, monkeypatch):
    """The extract stage gives the same citations, entities, APIs and claims with every prefilter off."""
    from threadkb.extract import extract
    from threadkb.extract.nlp import get_nlp

    get_nlp()

    def summary(results):
        return [([(c.message, c.document, c.section, c.item, c.start, c.rule) for c in ex.citations],
                 [(e.message, e.label, e.norm, e.start) for e in ex.entities],
                 [(a.message, a.path, a.start) for a in ex.apis],
                 [(c.id, c.kind, c.text, c.cue, c.score, c.on_behalf_of, c.deadline) for c in ex.claims])
                for ex in results]

    fast = summary(extract(threads, cache={}))
    monkeypatch.setattr(Prefilter, "may_match", lambda self, text, folded: True)
    monkeypatch.setattr(LiteralGate, "scan", lambda self, text, folded: -1)  # every bit: every group present
    assert summary(extract(threads, cache={})) == fast


# ---------------------------------------------------------------------------------------- per-run cache


def test_later_runs_reuse_the_process_cache(threads, monkeypatch):
    """Batches of an archive share results: a thread extracted again analyses nothing again, and the
    cache is emptied (not grown) past its bound."""
    from threadkb.extract import docs, extract

    thread = next(t for t in threads if any(c for c in extract([t], cache={})[0].citations))
    monkeypatch.setattr(docs, "_SHARED", {})
    calls = []
    real = citations.CitationTagger._match
    monkeypatch.setattr(citations.CitationTagger, "_match", lambda self, *args: calls.append(1) or real(self, *args))
    first = extract([thread])[0]
    n_first = len(calls)
    assert n_first > 0
    again = extract([thread])[0]
    assert len(calls) == n_first  # nothing analysed again
    assert [c.id for c in again.citations] == [c.id for c in first.citations]
    monkeypatch.setattr(docs, "SHARED_MAX", 1)
    extract([thread])
    assert len(calls) == 2 * n_first  # the full cache was emptied first


def test_repeated_text_is_analysed_once(threads, monkeypatch):
    """Two messages with the same text (and side) get the same results; each component runs once."""
    from dataclasses import replace

    from threadkb.extract import extract
    from threadkb.models import Thread

    thread = next(t for t in threads if any(c for c in extract([t])[0].citations))
    twice = Thread(source=thread.source, messages=thread.messages + [replace(m, key=m.key + "-again")
                                                                     for m in thread.messages],
                   assignments=[], subject=thread.subject)
    calls = []
    real = citations.CitationTagger._match
    monkeypatch.setattr(citations.CitationTagger, "_match", lambda self, *args: calls.append(1) or real(self, *args))
    (once,) = extract([thread], cache={})
    n_once = len(calls)
    calls.clear()
    (ex,) = extract([twice], cache={})
    assert len(calls) == n_once
    first = [(c.document, c.section, c.item, c.start) for c in once.citations]
    assert [(c.document, c.section, c.item, c.start) for c in ex.citations if not c.message.endswith("-again")] == first
    claims_of = {k: [(c.kind, c.text) for c in ex.claims if c.message == k] for k in {c.message for c in ex.claims}}
    for m in thread.messages:
        assert claims_of.get(m.key, []) == claims_of.get(m.key + "-again", [])


@pytest.mark.parametrize("pattern, text, args, span", [
    (r"ab", "ab xx AB", (1,), (6, 8)),       # pos: the search starts there
    (r"ab", "ab xx AB", (0, 5), (0, 2)),     # endpos
    (r"\bab", "xx ab", (3,), (3, 5)),
])
def test_a_filtered_regex_reads_positional_arguments_as_re_pattern_does(pattern, text, args, span):
    """``prefiltered(rx)`` stands in for ``rx``: its second positional argument is ``pos`` (the folded text is
    keyword-only), so ``cue_pattern(p).search(text, a)`` means the same whichever of the two it returns."""
    rx = re.compile(pattern, re.IGNORECASE)
    cp = prefiltered(rx)
    assert isinstance(cp, FilteredRegex)
    assert cp.search(text, *args).span() == rx.search(text, *args).span() == span
    assert (cp.match(text, *args) is None) == (rx.match(text, *args) is None)
