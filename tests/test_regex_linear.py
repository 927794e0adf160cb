"""Every regular expression of every data table and every module runs in time linear in its input.

The patterns are found by mechanism (tests/regex_inventory.py: the data tables walked, the modules imported,
the ``re.*`` literals read with ``ast``, and every pattern compiled while the pipeline runs on corpus files),
so a new pattern is covered without touching this file.

Not a timing assert against a budget: each pattern runs on adversarial strings (one long word, long runs of
one character, of spaces, of punctuation, of ``>``, of digits, e-mail-like and URL-like text, mixed case,
newlines, a word then a run of blanks, a run of one short word "is is is"), alone, framed by the pattern's own
leading and trailing literals ("On " … " wrote:"), after a sample of what the pattern matches ("Section 1" + a run of spaces), and glued to a
word before such a sample ("-" * n + "x Section 1": a failing suffix makes a nested repeat try every split), at two
lengths 4× apart (5,000 and 20,000 characters); a linear pattern takes about 4× as long on the longer one, a
quadratic one 16×. Then on a mix of all the shapes, 25,000 and 100,000 characters. A pattern fails when the
ratio is far above linear *and* the longer run takes long enough to be measured (tiny times are noise).

Cheap by construction (all four sources: about 25 s of CPU): one run per shape at the first length under a
CPU budget (a timer interrupts a runaway regex: it costs the budget, not minutes); the longer run only where
the first is above a floor; one verdict per pattern, flags and use, whatever sources found it; CPU time, not
wall time (the other processes on the machine do not count).

How a pattern is applied matters, and is read, never assumed cheap: ``APPLIED`` (explicit, with the reason:
the attribution, boilerplate and page-metadata rows as parse applies them, link cues searched within one line
or in a claim's collapsed text); else the methods the recording run saw the code call on the compiled
pattern, those read with ``ast`` for a module-level pattern (``applied_as``) and for a table's key
(``table_uses``: ``f["people"].fullmatch``); the costliest of them; with none known, ``finditer`` (a search
tries every start position: the costliest use).
Exclusions, each with its reason: ``BOUNDED`` (quadratic rows only ever tried on a line of at most MAX_LINE
characters; run on that bounded class instead), ``KNOWN_QUADRATIC`` (input, and what bounds it today), a
table's macros (fragments filled into its rows; the filled rows are swept) and table strings with a
placeholder left in (their filled form is in the run).
Class of input: hostile or broken text (a 40,000-character word once cost 25 s of extract).
"""
from __future__ import annotations

import functools
import glob
import json
import re
import signal
import time
from collections.abc import Callable
from functools import lru_cache

import pytest

from regex_inventory import (
    DATA,
    ROOT,
    Found,
    Recorded,
    applied_as,
    costliest,
    literal_patterns,
    module_patterns,
    runtime_patterns,
    table_patterns,
    table_uses,
    walk_strings,
)

SHORT = 5_000  # the shapes run at 5,000 characters, judged against 20,000
MIX = 25_000  # the mix of all shapes at 25,000, judged against 100,000
MAX_RATIO = 10.0  # linear ≈ 4, quadratic ≈ 16
FLOOR = 0.02  # CPU seconds at the longer length below which growth is not judged
BUDGET = 0.1  # CPU seconds one run at the first length may take before the pair is tried a quarter as long

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

_LINK = json.loads((DATA / "link_cues.json").read_text("utf-8"))
APPLIED.update({_LINK[k]: ("line", f"link_cues.json {k}: threadkb.link._heading_before/_line_matches search it "
                                 "within one line of a message (the text split at newlines)")
                for k in ("numbered_heading", "numbered_item", "heading_line")})
APPLIED.update({_LINK[k]: ("collapsed", f"link_cues.json {k}: threadkb.link searches it in a claim's text, which "
                                      "extract collapses (threadkb.parse.lines.collapse: one line, single spaces)")
                for k in ("agree_opener",)})

# attribution rows that are only safe because their input is bounded: each is tried on one line, or up to
# three joined lines, of at most threadkb.parse.attribution.MAX_LINE (400) characters, and is quadratic
# beyond: a lazy date group ("[^<>]*?", ".+?") whose every end is tried against a lazy name group. A rewrite
# that keeps exactly the same matches is not known for them; they are left out of the sweep over long input
# and run on the bounded input class instead (test_bounded_rows_on_their_bounded_input, and
# test_the_bound_holds_in_parse: parse never hands them a longer line).
_ROWS = {r["id"]: r["pattern"] for r in json.loads((DATA / "attributions.json").read_text("utf-8"))["attributions"]}
BOUNDED: dict[str, str] = {
    _ROWS[k]: f"attributions.json {k}: bounded by MAX_LINE (lazy date x lazy name)"
    for k in ("generic-en-address", "gmail-vi", "gmail-fr", "cs-napsal", "pl-napisal",
              # found once the shapes also follow a sample of the row ("On 1111 a wrote:" + 5,000 spaces)
              "generic-en", "excerpts-from", "gg-de", "gmail-es", "gmail-el", "gmail-ja", "webmail-zh",
              "it-ha-scritto", "pt-escreveu")}

# quadratic on one adversarial shape and not rewritten yet (issue 17): each with the input that shows it and
# what bounds it today. Remove an entry when its pattern is rewritten; the sweep then guards it.
KNOWN_QUADRATIC: dict[str, str] = {}  # none left: the last two became one-pass functions (test_regex_rewrites.py)

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


def _class_sample(items) -> str:
    """One character a parsed character class likely holds (a guess for a negated class)."""
    from re import _constants as c

    for op, av in items:
        if op is c.LITERAL:
            return chr(av)
        if op is c.RANGE:
            return chr(av[0])
        if op is c.CATEGORY:
            return {c.CATEGORY_DIGIT: "1", c.CATEGORY_SPACE: " ", c.CATEGORY_WORD: "a"}.get(av, ".")
        if op is c.NEGATE:
            return "a"
    return "a"


def _sample(items) -> str:
    """A short string a parsed pattern matches, or nearly (assertions are ignored): each literal, one
    character of each class, the first alternative of each branch, each repeat its least number of times but a
    repeated single character at least once ("Section 1", not "Section1")."""
    from re import _constants as c

    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op in (c.ANY, c.NOT_LITERAL):
            out.append("a" if av != ord("a") else "b")
        elif op is c.IN:
            out.append(_class_sample(av))
        elif op is c.BRANCH:
            out.append(_sample(av[1][0]))
        elif op is c.SUBPATTERN:
            out.append(_sample(av[-1]))
        elif op is c.ATOMIC_GROUP:
            out.append(_sample(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):  # a single character: at least once
            single = len(av[2]) == 1 and av[2][0][0] in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN)
            out.append(_sample(av[2]) * max(av[0], 1 if single else 0))
    return "".join(out)


def sample(pattern: str, flags: int) -> str:
    """A short string the pattern matches (or nearly): what a match looks like before a hostile run follows it
    ("Section 1" + 5,000 spaces: each way of splitting the run between two optional separators is tried)."""
    from re import _parser

    try:
        return _sample(_parser.parse(pattern, flags))[:200]
    except (re.error, RecursionError):
        return ""


@lru_cache(maxsize=16)
def adversarial(n: int) -> dict[str, str]:
    """Strings of about ``n`` characters, each one shape of hostile text."""
    return {"word": "Abcdefghij" * (n // 10), "caps": "A" * n, "lower": "a" * n, "mixed": "aBcD" * (n // 4),
            "spaces": " " * n, "dots": "." * n, "dashes": "-" * n, "gt": ">" * n, "gt-space": "> " * (n // 2),
            "digits": "1" * n, "numbering": "1." * (n // 2), "thousands": "111," * (n // 4),
            "newlines": "\n" * n, "words": "word " * (n // 5), "capwords": "Word " * (n // 5),
            "email": "a.b" * (n // 6) + "@" + "c.d" * (n // 6), "emails": "a@b.c " * (n // 6),
            "url": "https://" + "a/b." * (n // 4), "parens": "(" * n, "quotes": '"' * n, "colons": ":" * n,
            "commas": ", " * (n // 2), "tabs": "\t" * n, "lines": "Ab cd\n" * (n // 6), "at": "@" * n,
            "lt": "<" * n, "fields": "Ab: " * (n // 4), "year-words": "2025 Ab " * (n // 8),
            "word-spaces": "Ab" + " " * n, "word-tabs": "Ab 1" + "\t" * n,
            "short-words": "is " * (n // 3)}


SHAPES = list(adversarial(28))


@lru_cache(maxsize=4)
def mix(n: int) -> str:
    """All the shapes of ``adversarial`` one after another, ``n`` characters in all."""
    shapes = adversarial(n // 28)
    return "".join(shapes.values())


def _apply(rx: re.Pattern, how: str, text: str) -> None:
    if how == "fullmatch":
        rx.fullmatch(text)
    elif how == "match":
        rx.match(text)
    elif how == "collapsed":  # searched in text whose white space is collapsed
        for _m in rx.finditer(" ".join(text.split())):
            pass
    elif how == "line":  # searched within each line of the text
        for line in text.split("\n"):
            for _m in rx.finditer(line):
                pass
    else:
        for _m in rx.finditer(text):
            pass


class _OverBudget(Exception):
    pass


_ARMED = [False]


def _on_timer(_signum, _frame) -> None:
    if _ARMED[0]:  # a late tick after the run ended is ignored
        raise _OverBudget


def cpu(rx: re.Pattern, how: str, text: str, budget: float) -> float | None:
    """CPU seconds of one application (process time: other processes on the machine do not count), or None when
    it would take more than ``budget``: a CPU timer interrupts it (the regex engine checks for signals as it
    runs), so a runaway pattern costs the budget, not minutes."""
    old = signal.signal(signal.SIGPROF, _on_timer)
    t = time.process_time()
    try:
        _ARMED[0] = True
        signal.setitimer(signal.ITIMER_PROF, budget)
        _apply(rx, how, text)
        _ARMED[0] = False
    except _OverBudget:
        return None
    finally:
        _ARMED[0] = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
    return time.process_time() - t


def growth(rx: re.Pattern, how: str, make: Callable[[int], str], n: int, least: int = 300) -> str | None:
    """Why ``rx`` grows faster than linearly on the inputs ``make(n)`` and ``make(4 * n)``, or None.

    A cheap first pass: one run at ``n`` under ``BUDGET``; below ``FLOOR / 64`` even cubic growth could not reach
    the floor at ``4 * n``, so nothing is judged (most patterns and shapes stop here). Over the budget, the pair
    is judged a quarter as long (down to ``least`` characters; over the budget there too: super-linear). Else
    the run at ``4 * n`` gets ``MAX_RATIO`` times the first one's time (at least ``FLOOR``): finishing within it
    is linear enough; over it, the first is measured again (best of three: a pause is not growth) and the
    second gets its budget again."""
    t1 = cpu(rx, how, make(n), BUDGET)
    if t1 is None:
        if n // 4 < least:
            return f"over {BUDGET}s of CPU at {n} characters"
        return growth(rx, how, make, n // 4, least) or f"over {BUDGET}s of CPU at {n} characters"
    if t1 * 64 < FLOOR:
        return None
    if cpu(rx, how, make(4 * n), max(MAX_RATIO * t1, FLOOR)) is not None:
        return None
    t1 = min(cpu(rx, how, make(n), BUDGET) or BUDGET for _ in range(3))
    if cpu(rx, how, make(4 * n), max(MAX_RATIO * t1, FLOOR)) is not None:
        return None
    return f"{t1:.4f}s at {n} characters, over {max(MAX_RATIO * t1, FLOOR):.3f}s at {4 * n}"


def shapes(pattern: str, flags: int) -> dict[str, Callable[[int], str]]:
    """Each adversarial shape as a function of its length: alone, framed by the pattern's own literals, and
    after a sample of what the pattern matches."""
    lead, tail = frame(pattern, flags)
    like = sample(pattern, flags)
    out: dict[str, Callable[[int], str]] = {}
    for k in SHAPES:
        out[k] = functools.partial(_shape, k, "", "")
        if lead or tail:
            out[f"{lead!r}+{k}+{tail!r}"] = functools.partial(_shape, k, lead, tail)
        if like and like != lead:
            out[f"{like!r}+{k}"] = functools.partial(_shape, k, like, "")
        # the run glued to a word, then what a match looks like: a pattern that can take the run in many ways
        # tries them all when what follows fails it ("-" * 30 + "x 4.9.1.1" once cost 98 s)
        out[f"{k}+{'x ' + like!r}"] = functools.partial(_shape, k, "", "x " + like)
    return out


def _shape(k: str, lead: str, tail: str, n: int) -> str:
    return lead + adversarial(n)[k] + tail


@lru_cache(maxsize=None)
def verdict(pattern: str, flags: int, how: str) -> str | None:
    """Why the pattern, applied ``how``, grows faster than linearly on one adversarial shape or on the mix of
    all of them (``MIX``, 100,000 characters at the longer run), or None. Once per pattern, flags and use,
    whatever source found it."""
    rx = re.compile(pattern, flags)
    for k, make in shapes(pattern, flags).items():
        why = growth(rx, how, make, SHORT)
        if why:
            return f"on {k}: {why}"  # one shape shows it: the others would only cost time
    why = growth(rx, how, mix, MIX)
    return f"on the mix: {why}" if why else None


def how_applied(found: Found) -> str:
    """How the code applies a pattern: ``APPLIED`` (read from the code, with the reason), else the costliest of
    the methods the recording run saw called on it, those read from the code for a module-level pattern
    (``applied_as``) and for a table's key (``table_uses``), else ``finditer`` (a search tries every start
    position: the costliest use)."""
    if found.pattern in APPLIED:
        return APPLIED[found.pattern][0]
    methods = set(recorded_use().get(found.pattern, ()))
    for known in (module_use(), {p: how for p, (how, _why) in table_use().items()}):
        if found.pattern in known:
            methods.add(known[found.pattern])
    return costliest(methods) or "finditer"


def superlinear(patterns: list[Found]) -> list[str]:
    bad = []
    for f in patterns:
        how = how_applied(f)
        why = verdict(f.pattern, f.flags, how)
        if why:
            bad.append(f"{f.origin} ({how}) {why}: {f.pattern[:120]}")
    return bad


@lru_cache(maxsize=1)
def module_use() -> dict[str, str]:
    """How each module-level pattern is applied (regex_inventory.applied_as, read from the code)."""
    return applied_as()


@lru_cache(maxsize=1)
def table_use() -> dict[str, tuple[str, str]]:
    """How the code applies each table string, read from the code by key (regex_inventory.table_uses)."""
    return table_uses()


@lru_cache(maxsize=1)
def recording() -> list[Recorded]:
    files = [g for prefix in RUN_FILES for g in glob.glob(str(ROOT / "corpora" / f"{prefix}*"))]
    return runtime_patterns(files)


@lru_cache(maxsize=1)
def recorded_use() -> dict[str, frozenset[str]]:
    """pattern text -> every method the recording run saw the code call on it (under any flags)."""
    out: dict[str, frozenset[str]] = {}
    for r in recording():
        out[r.found.pattern] = out.get(r.found.pattern, frozenset()) | r.methods
    return out


@lru_cache(maxsize=1)
def inventory() -> dict[str, list[Found]]:
    return {"tables": table_patterns(), "modules": module_patterns(), "literals": literal_patterns()[0],
            "run": [r.found for r in recording()]}


def unique(found: list[Found]) -> list[Found]:
    seen: dict[tuple[str, int], Found] = {}
    for f in found:
        if f.pattern not in EXCLUDED:
            seen.setdefault((f.pattern, f.flags), f)
    return list(seen.values())


def swept(source: str) -> list[Found]:
    """The patterns of one source the sweep runs: without the exclusions; a table string with a placeholder
    left in ({SEC}, {SELF}, {{GH_DATE}}) is not what the code runs (its filled form is in the run), and a table
    string the run compiled is judged there, with the flags the code gives."""
    found = inventory()[source]
    if source == "run":  # a fragment the loader compiles alone to check it (a table's macro, filled out) and the
        # code never applies alone: the patterns it is filled into are swept
        use = recorded_use()
        applied = [f.pattern for f in found if use.get(f.pattern)]
        found = [f for f in found if use.get(f.pattern) or not any(f.pattern in p for p in applied)]
    if source == "tables":
        ran = {f.pattern for f in inventory()["run"]}
        found = [f for f in found if not _PLACEHOLDER.search(f.pattern) and f.pattern not in ran
                 and not _MACRO.search(f.origin)]
    return unique(found)


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


def test_sample_reads_what_a_match_looks_like():
    assert sample(r"[Ss]ections?\s*(?<!\w)\d{1,2}(?:,\s*\d)?", 0) == "Sections 1"
    assert sample(r"On (?P<date>[^<>]*?\d{4}),? (?P<name>.+?) wrote:", 0) == "On a1111, a wrote:"
    assert sample(r"(?:a|b)+c{2}", 0) == "acc"


def test_the_sweep_finds_a_nested_repeat_failed_by_a_glued_word():
    """``list_number_line`` as it was before it became possessive: exponential on a run of dashes glued to a
    word (found by hand, 98 s on 30 dashes); only the glued shape shows it, the run alone matches at once."""
    was = r"(?:^|\n)[ \t]*(?:[*>#•+\-]+[ \t]*)*\Z"
    assert verdict(was, 0, "search") == "on dashes+'x  ': over 0.1s of CPU at 312 characters"
    assert verdict(was.replace("]+", "]++").replace(")*", ")*+"), 0, "search") is None


@pytest.mark.slow
def test_the_sweep_finds_the_separators_it_was_built_for():
    """The sweep can fail: the citation rows with the macros as they were (a run of spaces split two ways
    after "Section 1") are super-linear to it; as they are now, linear."""
    from test_regex_rewrites import _citation_tables

    old, new = _citation_tables()
    row = {r.name: r for r in old.rows}["keyword_section"].regex
    assert verdict(row.pattern, row.flags, "finditer")
    row = {r.name: r for r in new.rows}["keyword_section"].regex
    assert verdict(row.pattern, row.flags, "finditer") is None


def test_applied_as_reads_how_the_code_uses_a_pattern():
    use = module_use()
    from threadkb.identity import _PAREN_ORG
    from threadkb.parse.attribution import _BARE_ADDRESS, _LEADING_TIME, _TIDY

    assert use[_PAREN_ORG.pattern] == "match"  # identity.py: _PAREN_ORG.match(s)
    assert use[_BARE_ADDRESS.pattern] == "fullmatch"
    assert use[_LEADING_TIME.pattern] == "match"
    assert use[_TIDY[0][0].pattern] == "finditer"  # held in a tuple, applied with rx.sub: the costliest

    # the run records how the code applies a table's row, whatever holds it: the attribution rows fullmatched
    attribution = json.loads((DATA / "attributions.json").read_text("utf-8"))["attributions"]
    generic = next(r["pattern"] for r in attribution if r["id"] == "generic-en")
    assert recorded_use()[generic] == {"fullmatch"}


_PLACEHOLDER = re.compile(r"\{[A-Z_]+\}")
# a table's macros (citation_patterns.json "macros", page_formats.json "_macros"): fragments the code fills into
# the table's rows and never applies alone; the filled rows are swept (the run compiles them)
_MACRO = re.compile(r"\.(?:_?macros)\.")


def test_every_exclusion_is_still_found():
    """An exclusion whose pattern the inventory no longer finds (rewritten, removed) is stale: drop it, so the
    list says what is left out today."""
    found = {f.pattern for fs in inventory().values() for f in fs}
    assert [why for p, why in EXCLUDED.items() if p not in found] == []
    assert [why for p, (_how, why) in APPLIED.items() if p not in found] == []
    # a macro is left out of the tables' sweep because the rows it is filled into are swept: the run compiled
    # at least one pattern holding its text (with its own macros filled in)
    run = [f.pattern for f in inventory()["run"]]
    macros = [f for f in inventory()["tables"] if _MACRO.search(f.origin)]
    assert macros
    assert [m.origin for m in macros if not any(_filled_part(m.pattern) in p for p in run)] == []


def _filled_part(macro: str) -> str:
    """The longest stretch of a macro's text without a placeholder in it (which the run sees filled)."""
    return max(re.split(r"\{+[A-Z_]+\}+", macro), key=len)


@pytest.mark.slow
@pytest.mark.parametrize("source", ["tables", "modules", "literals", "run"])
def test_every_pattern_is_linear(source):
    assert superlinear(swept(source)) == []


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
    for n in (SHORT, 4 * SHORT):
        src = Source(path="long.txt", kind="text", lines=[lead + "2025 Ab " * (n // 8) + tail, "> quoted", "own"])
        t = time.process_time()
        parse(src)
        times.append(time.process_time() - t)
    assert times[1] < FLOOR or times[1] / max(times[0], 1e-6) < MAX_RATIO
