"""Every regular expression of every data table and every module runs in time linear in its input.

The patterns are found by mechanism (tests/regex_inventory.py: the data tables walked, the modules imported,
the ``re.*`` literals read with ``ast``, and every pattern compiled while the pipeline runs on corpus files),
so a new pattern is covered without touching this file.

Not a timing assert against a budget: each pattern runs on adversarial strings (one long word, long runs of
one character, of spaces, of punctuation, of ``>``, of digits, e-mail-like and URL-like text, mixed case,
newlines), alone and framed by the pattern's own leading and trailing literals ("On " … " wrote:"), at two
lengths 4× apart; a linear pattern takes about 4× as long on the longer one, a quadratic one 16×. A pattern
fails when the ratio is far above linear *and* the longer run takes long enough to be measured (tiny times
are noise, not growth). A second pass runs every pattern on a 100,000-character mix of all the shapes.

How a pattern is applied matters: a module-level pattern is run the way the code applies it (read from the
code with ``ast``: only ``match``/``fullmatch`` calls -> run so; any search, sub, split… -> ``finditer``); the
attribution rows the way threadkb.parse.attribution applies them (``APPLIED``, with the reason); everything
else with ``finditer``, the costliest use (a search tries every start position).
Class of input: hostile or broken text (a 40,000-character word once cost 25 s of extract).
"""
from __future__ import annotations

import glob
import json
import os
import re
import time
from functools import lru_cache

import pytest

from regex_inventory import (
    DATA,
    ROOT,
    Found,
    applied_as,
    file_applies,
    literal_patterns,
    module_patterns,
    runtime_patterns,
    table_patterns,
    walk_strings,
)

SHORT, LONG = 5_000, 20_000
MIX_SHORT, MIX_LONG = 25_000, 100_000
MAX_RATIO = 10.0  # linear ≈ 4, quadratic ≈ 16
FLOOR = 0.02  # CPU seconds on the longer string below which growth is not judged

# corpus files the recording run reads (one per source kind: mail archive, Google Groups, Bugzilla, HTML,
# GitHub, forum, flattened thread, Chinese, Greek)
RUN_FILES = ["027_", "014_", "030_", "031_", "017_", "047_", "046_", "015_", "050_", "063_"]


def _attribution_rows() -> dict[str, str]:
    """pattern -> how threadkb.parse.attribution applies it."""
    rows = json.loads((DATA / "attributions.json").read_text("utf-8"))["attributions"]
    return {r["pattern"]: ("match" if r["kind"] == "prose-quote" else "fullmatch") for r in rows}


def _boilerplate_rows() -> dict[str, str]:
    data = json.loads((DATA / "boilerplate.json").read_text("utf-8"))
    out = {r["pattern"]: "fullmatch" for r in data["lines"] if "pattern" in r}
    for b in data["blocks"]:
        for p in [b["start"], *b["continue"], *([b["before"]] if b.get("before") else [])]:
            out[p] = "fullmatch"
    return out


def _page_metadata() -> list[str]:
    return [p for path, p in walk_strings(json.loads((DATA / "page_formats.json").read_text("utf-8")))
            if path.endswith(".metadata")]


# how a table's pattern is applied when it is not with search/finditer: pattern text -> (method, reason)
APPLIED: dict[str, tuple[str, str]] = {
    **{p: (how, "attributions.json rows: threadkb.parse.attribution fullmatches them against one line or up to "
                "three joined lines (prose-quote rows: match at the line start)")
       for p, how in _attribution_rows().items()},
    **{p: (how, "boilerplate.json rows: threadkb.parse.boilerplate fullmatches them against one line")
       for p, how in _boilerplate_rows().items()},
    **{p: ("fullmatch", "page_formats.json 'metadata' rows: threadkb.parse.pages fullmatches them against one line")
       for p in _page_metadata()}}

# attribution rows that are only safe because their input is bounded: each is tried on one line, or up to
# three joined lines, of at most threadkb.parse.attribution.MAX_LINE (400) characters, and is quadratic
# beyond: a lazy date group ("[^<>]*?", ".+?") whose every end is tried against a lazy name group. A rewrite
# that keeps exactly the same matches is not known for them; they are left out of the sweep over long input
# and run on the bounded input class instead (test_bounded_rows_on_their_bounded_input, and
# test_the_bound_holds_in_parse: parse never hands them a longer line).
_ROWS = {r["id"]: r["pattern"] for r in json.loads((DATA / "attributions.json").read_text("utf-8"))["attributions"]}
BOUNDED: dict[str, str] = {
    _ROWS[k]: f"attributions.json {k}: bounded by MAX_LINE (lazy date x lazy name)"
    for k in ("generic-en-address", "gmail-vi", "gmail-fr", "cs-napsal", "pl-napisal")}

# quadratic on one adversarial shape and not rewritten yet (issue 17): each with the input that shows it and
# what bounds it today. Remove an entry when its pattern is rewritten; the sweep then guards it.
KNOWN_QUADRATIC: dict[str, str] = {
    r"<[^>]*>|\S+@\S+": "threadkb/store.py _ADDRESS: a long word without '@' (each start scans the word); "
                        "applied to one author name (a From: display name or an attribution's name group)",
    r"(?<!\s)\s*\([^)]*\)\s*$": "threadkb/ingest/mail.py: a long run of '(' (each '(' scans to the end); applied to "
                                 "one Date: header's text",
    r"\n\s*(?:\d+(?:\.\d+)*[.)]\s*|\d+(?:\.\d+)+\s+)[A-Za-z]": "threadkb/link/candidates.py: a long run of newlines (each "
                                 "newline scans the run); applied to the text between two claims of one message",
}

# patterns not run here at all, each with the reason
EXCLUDED: dict[str, str] = {**BOUNDED, **KNOWN_QUADRATIC}


def _literal_end(items, reverse: bool) -> tuple[str, bool]:
    """The literal text a parsed pattern must start (or end) with, as far as it is plain literals (the first
    alternative of a branch), and whether the whole of ``items`` was literal."""
    from re import _constants as c

    out = []
    for op, av in (list(items)[::-1] if reverse else list(items)):
        if op is c.LITERAL:
            out.append(chr(av))
            continue
        if op is c.SUBPATTERN:
            text, whole = _literal_end(av[-1], reverse)
        elif op is c.BRANCH:
            text, whole = _literal_end(av[1][0], reverse)
        else:
            text, whole = "", False
        out.append(text)
        if not whole:
            return "".join(out[::-1] if reverse else out), False
    return "".join(out[::-1] if reverse else out), True


def frame(pattern: str, flags: int) -> tuple[str, str]:
    from re import _parser

    try:
        tree = _parser.parse(pattern, flags)
    except re.error:
        return "", ""
    return _literal_end(tree, False)[0], _literal_end(tree, True)[0]


def adversarial(n: int) -> dict[str, str]:
    """Strings of about ``n`` characters, each one shape of hostile text."""
    return {"word": "Abcdefghij" * (n // 10), "caps": "A" * n, "lower": "a" * n, "mixed": "aBcD" * (n // 4),
            "spaces": " " * n, "dots": "." * n, "dashes": "-" * n, "gt": ">" * n, "gt-space": "> " * (n // 2),
            "digits": "1" * n, "numbering": "1." * (n // 2), "thousands": "111," * (n // 4),
            "newlines": "\n" * n, "words": "word " * (n // 5), "capwords": "Word " * (n // 5),
            "email": "a.b" * (n // 6) + "@" + "c.d" * (n // 6), "emails": "a@b.c " * (n // 6),
            "url": "https://" + "a/b." * (n // 4), "parens": "(" * n, "quotes": '"' * n, "colons": ":" * n,
            "commas": ", " * (n // 2), "tabs": "\t" * n, "lines": "Ab cd\n" * (n // 6), "at": "@" * n,
            "lt": "<" * n, "fields": "Ab: " * (n // 4), "year-words": "2025 Ab " * (n // 8)}


def mix(n: int) -> str:
    """All the shapes of ``adversarial`` one after another, ``n`` characters in all."""
    shapes = adversarial(n // 28)
    return "".join(shapes.values())


def _apply(rx: re.Pattern, how: str, text: str) -> None:
    if how == "fullmatch":
        rx.fullmatch(text)
    elif how == "match":
        rx.match(text)
    else:
        for _m in rx.finditer(text):
            pass


def _time(rx: re.Pattern, how: str, text: str, repeat: int = 1) -> float:
    """CPU time of the process (not wall time: other processes on the machine do not count)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        _apply(rx, how, text)
        best = min(best, time.process_time() - t)
    return best


def _grows(rx: re.Pattern, how: str, short: str, long_: str) -> tuple[float, float] | None:
    """(short, long) CPU times when the longer input costs far more than linear growth, else None."""
    t_short = _time(rx, how, short)
    if t_short * 64 < FLOOR:  # even cubic growth would stay under the floor: nothing to judge
        return None
    t_long = _time(rx, how, long_)
    if t_long < FLOOR:
        return None
    t_short = max(_time(rx, how, short, 3), 1e-6)
    if t_long / t_short > MAX_RATIO:  # measured again, best of three: a pause is not growth
        t_long = _time(rx, how, long_, 3)
    return (t_short, t_long) if t_long >= FLOOR and t_long / t_short > MAX_RATIO else None


def framed(found: Found, n: int) -> dict[str, str]:
    lead, tail = frame(found.pattern, found.flags)
    out = {}
    for k, s in adversarial(n).items():
        out[k] = s
        if lead or tail:
            out[f"{lead!r}+{k}+{tail!r}"] = lead + s + tail
    return out


def superlinear(patterns: list[Found]) -> list[str]:
    bad = []
    for f in patterns:
        rx = f.compiled()
        how = APPLIED[f.pattern][0] if f.pattern in APPLIED else module_use().get(f.pattern) or (
            file_applies(f.origin.split(":")[0]) if f.origin.startswith("threadkb/") else "finditer")
        short, long_ = framed(f, SHORT), framed(f, LONG)
        for k in short:
            grew = _grows(rx, how, short[k], long_[k])
            if grew:
                bad.append(f"{f.origin} ({how}) on {k}: {grew[0]:.3f}s at {SHORT}, {grew[1]:.3f}s at {LONG}: "
                           f"{f.pattern[:120]}")
                break  # one input shows it: the others would only cost time
        grew = _grows(rx, how, mix(MIX_SHORT), mix(MIX_LONG))
        if grew:
            bad.append(f"{f.origin} ({how}) on the mix: {grew[0]:.3f}s at {MIX_SHORT}, {grew[1]:.3f}s at "
                       f"{MIX_LONG}: {f.pattern[:120]}")
    return bad


@lru_cache(maxsize=1)
def module_use() -> dict[str, str]:
    """How each module-level pattern is applied (regex_inventory.applied_as, read from the code)."""
    return applied_as()


@lru_cache(maxsize=1)
def inventory() -> dict[str, list[Found]]:
    files = [g for prefix in RUN_FILES for g in glob.glob(str(ROOT / "corpora" / f"{prefix}*"))]
    return {"tables": table_patterns(), "modules": module_patterns(), "literals": literal_patterns()[0],
            "run": runtime_patterns(files)}


def unique(found: list[Found]) -> list[Found]:
    seen: dict[tuple[str, int], Found] = {}
    for f in found:
        if f.pattern not in EXCLUDED:
            seen.setdefault((f.pattern, f.flags), f)
    return list(seen.values())


def test_the_inventory_finds_the_patterns_of_every_source():
    """The mechanisms find what they should: a known row of each source is in its list."""
    inv = inventory()
    tables = {f.origin for f in inv["tables"]}
    assert "attributions.json.attributions[13].pattern" in tables
    assert {f.origin.split(".json")[0] for f in inv["tables"]} >= {
        "attributions", "boilerplate", "citation_patterns", "claim_cues", "dates", "entity_patterns", "link_cues",
        "page_formats"}
    assert any(f.origin == "threadkb.parse.attribution._LEADING_TIME" for f in inv["modules"])
    assert any(f.origin.startswith("threadkb/parse/attribution.py:") for f in inv["literals"])
    # the run sees the table rows with their placeholders filled ({SELF} in the claim cues)
    assert any("{SELF}" not in f.pattern and "believes" in f.pattern for f in inv["run"])
    assert all("{SELF}" not in f.pattern for f in inv["run"])
    assert len(unique([f for fs in inv.values() for f in fs])) > 1000


def test_frame_reads_the_literals_around_a_pattern():
    assert frame(r"On (?P<date>\d{4}), (?P<name>.+?) wrote:", 0) == ("On ", " wrote:")
    assert frame(r"(?P<name>[^<>]+?) (?:schrieb|a écrit):", 0) == ("", " schrieb:")
    assert frame(r"\bfoo", 0) == ("", "foo")


def test_applied_as_reads_how_the_code_uses_a_pattern():
    use = module_use()
    from threadkb.identity import _PAREN_ORG
    from threadkb.parse.attribution import _BARE_ADDRESS, _LEADING_TIME, _TIDY

    assert use[_PAREN_ORG.pattern] == "match"  # identity.py: _PAREN_ORG.match(s)
    assert use[_BARE_ADDRESS.pattern] == "fullmatch"
    assert use[_LEADING_TIME.pattern] == "match"
    assert use[_TIDY[0][0].pattern] == "finditer"  # held in a tuple, applied with rx.sub: the costliest
    assert file_applies("threadkb/parse/boilerplate.py") == "fullmatch"  # the composed rows of the run
    assert file_applies("threadkb/parse/attribution.py") == "finditer"


_PLACEHOLDER = re.compile(r"\{[A-Z_]+\}")

# the sweep over the tables and the run is not yet clean: the citation rows' separators ("\s*,?\s*" splits a
# run of spaces two ways: quadratic, cubic under search) and rows not yet reached by a complete run on this
# machine; xfail (not strict) keeps them running and reporting until they are rewritten and listed
_NOT_CLEAN = pytest.mark.xfail(strict=False, reason="issue 17: citation separators and unswept table rows")
# ... and they cost more than the whole suite's budget (over 10 minutes of CPU each, measured 2026-12-03): run
# on purpose with THREADKB_REGEX_SWEEP=1 until they are clean and fast
_SWEEP = pytest.mark.skipif(not os.environ.get("THREADKB_REGEX_SWEEP"),
                            reason="the table and run sweeps: THREADKB_REGEX_SWEEP=1 (over 10 min each, not clean)")


@pytest.mark.slow
@pytest.mark.parametrize("source", [pytest.param("tables", marks=[_NOT_CLEAN, _SWEEP]), "modules", "literals",
                                    pytest.param("run", marks=[_NOT_CLEAN, _SWEEP])])
def test_every_pattern_is_linear(source):
    # a table string with a placeholder left in ({SEC}, {SELF}) is not what the code runs: its filled form
    # is in the run source
    found = [f for f in inventory()[source] if not (source == "tables" and _PLACEHOLDER.search(f.pattern))]
    assert superlinear(unique(found)) == []


@pytest.mark.slow
def test_bounded_rows_on_their_bounded_input():
    """The rows of ``BOUNDED`` on the input class they get: lines of a quarter of MAX_LINE and of MAX_LINE,
    each run many times. On that class they may be quadratic (≈16× for 4× the length), never worse: one line
    costs at most a bounded number of steps."""
    from threadkb.parse.attribution import MAX_LINE

    bad = []
    for pattern, why in BOUNDED.items():
        rx = re.compile(pattern)
        lead, tail = frame(pattern, 0)
        for k in adversarial(MAX_LINE):
            lines = [(lead + adversarial(n)[k])[:n - len(tail)] + tail for n in (MAX_LINE // 4, MAX_LINE)]
            times = []
            for line in lines:
                best = float("inf")
                for _ in range(3):
                    t = time.process_time()
                    for _i in range(200):
                        rx.fullmatch(line)
                    best = min(best, time.process_time() - t)
                times.append(best)
            if times[1] >= FLOOR and times[1] / max(times[0], 1e-6) > 40:  # quadratic ≈ 16, cubic ≈ 64
                bad.append(f"{why} on {k}: {times[0]:.3f}s / {times[1]:.3f}s")
    assert bad == []


@pytest.mark.slow
@pytest.mark.parametrize("pattern", list(BOUNDED), ids=[BOUNDED[p].split()[1].rstrip(":") for p in BOUNDED])
def test_the_bound_holds_in_parse(pattern):
    """parse on a line shaped like the row's attribution but far longer than MAX_LINE: linear, because parse
    never tries the rows on such a line (the bound ``BOUNDED`` relies on)."""
    from threadkb.models import Source
    from threadkb.parse import parse

    lead, tail = frame(pattern, 0)
    times = []
    for n in (SHORT, LONG):
        src = Source(path="long.txt", kind="text", lines=[lead + "2025 Ab " * (n // 8) + tail, "> quoted", "own"])
        t = time.process_time()
        parse(src)
        times.append(time.process_time() - t)
    assert times[1] < FLOOR or times[1] / max(times[0], 1e-6) < MAX_RATIO
