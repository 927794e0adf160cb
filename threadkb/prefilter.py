"""Literal prefilters: skip a regular expression on text that cannot contain a match.

The pattern tables stay as they are; ``required_literals`` reads a pattern's parse tree (``re._parser``, what
``re.compile`` itself reads) and finds groups of literal strings such that every match contains one literal of
each group ("\\bshould have (?:been|done|\\w+ed)\\b" -> {"should have "} and {"been", "done", "ed"}). A regex
whose text lacks every literal of one group cannot match it, so ``Prefilter.may_match`` can skip the
search without changing any result; when no literal is required ("\\w+"), it always says "may match".
Known parts in a row make one run, their alternatives joined ("points? you (?:made|raised)" -> "point you made",
"points you made", ...; at most 32); look-arounds and anchors match no text and are passed over ("\\bx(?=y)" ->
"x"); a repeat of one known text is written out up to 8 times ("-{3,}" -> "---"); a class of a few characters
gives each ("[’']t" -> "'t", "’t"; "[Ss]" is "s" in either case); other classes, unknown repeats, back-references
end a run. A digit (``\\d``) is a place of a literal too (``DIGIT``:
"\\d{3,}" requires three digits in a row, "\\d\\.\\d" a digit, a dot, a digit): literals holding one are looked
for by a small pattern of their own.

Two ways to use it. The extract stage reads each text with many tables, and passes ``fold(text)`` along:
``FilteredRegex.search(text, folded=folded)``. The link stage uses ``prefiltered(rx)`` as a drop-in ``re.Pattern``
(``search``/``match``/``finditer``/``findall``/``sub`` taking the text only; ``fold`` is then computed, and cached
for the few texts read by many patterns in a row).

    pf = Prefilter.of(r"\\b(?:never|not)\\s+accused\\b", re.IGNORECASE)
    pf.literals                           -> [("accused",), ("never", "not")]
    pf.may_match(text, fold(text))        -> False when "accused" is not in the text (in any case)

Many regexes read the same text (the claim rules read each sentence): ``LiteralGate`` answers all their
prefilters with one pass of an Aho-Corasick automaton (pyahocorasick) over the text, instead of one
``in`` test per literal and regex.

    gate = LiteralGate([pf_a, pf_b])
    gate.passes(text, fold(text))          -> (pf_a.may_match(text, fold(text)), pf_b.may_match(...))
    gate.scan(text, fold(text))            -> the literal groups present, as bits (``needs[i]``: pf i's)

Case-insensitive literals are compared with ``fold(text)``: the text lower-cased, plus the four
non-ASCII letters that Python's ``re.IGNORECASE`` matches to ASCII letters (İ ı ſ K). Only literals
whose case-insensitive matches ``fold`` maps onto the literal are used (ASCII, or characters without
case); other parts of a pattern give no literal and make it less selective, never wrong.
"""
from __future__ import annotations

import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

# the regex parser (private modules of Python 3.11+; typeshed does not describe them)
from re import _constants as _sre_c, _parser as _sre_parse  # type: ignore[attr-defined]

import ahocorasick

log = logging.getLogger(__name__)

DIGIT = "\x00"  # a place of a literal that holds any digit (``\\d``); a pattern's literal NUL gives no literal
_MAX_REPEAT = 8  # a repeat of one known text is written out up to this many times ("\\d{3}": three digits)

# the non-ASCII characters that re.IGNORECASE matches to an ASCII letter (tested over all code points)
_TO_ASCII_CHARS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_TO_ASCII = str.maketrans(_TO_ASCII_CHARS)

Literals = frozenset[tuple[str, bool]]  # (string, case-insensitive)


def fold(text: str) -> str:
    """The text as case-insensitive literals are compared with it."""
    if not text.isascii() and any(ch in text for ch in _TO_ASCII_CHARS):
        text = text.translate(_TO_ASCII)
    return text.lower()


# the link stage reads one text with many patterns in a row (the extract stage passes ``fold(text)`` along)
_fold_cached = lru_cache(maxsize=256)(fold)


def _caseless(ch: str) -> bool:
    return ch.lower() == ch == ch.upper() and unicodedata.category(ch)[0] in "PSZN"


def _usable(ch: str, ci: bool) -> bool:
    """Whether a literal character of the pattern can be looked for as is (after ``fold`` when ``ci``)."""
    return ch != DIGIT and (not ci or ch.isascii() or _caseless(ch))


_MAX_STRINGS = 32  # alternatives kept for one run ("(?:a|b|c) (?:d|e)": 6); more ends the run
_EMPTY: Literals = frozenset({("", False)})


def _score(group: Literals) -> tuple[int, bool, int, int]:
    """How selective a group is, for its cost: literals of five characters or more are rare enough, then groups
    without a digit place (a scan each, not a search), the fewest literals, the longest shortest literal."""
    shortest = min(len(x) for x, _ in group)
    return min(5, shortest), not _has_digit(group), -len(group), shortest


def _join(a: tuple[str, bool], b: tuple[str, bool]) -> tuple[str, bool] | None:
    """Two literals one after the other; a case-insensitive and an exact part make a case-insensitive literal
    when every character can be folded ("[Ss]" + "ection" -> "section"), else None."""
    if not a[0] or not b[0] or a[1] == b[1]:
        return a[0] + b[0], (a[1] if a[0] else b[1])
    joined = a[0] + b[0]
    return (joined.lower(), True) if all(ch.isascii() or _caseless(ch) for ch in joined) else None


def _sequence(items, ci: bool) -> tuple[Literals | None, list[Literals]]:
    """(every text the sequence matches, if few and known; groups found in it: each a set of literals one of
    which the match holds). Consecutive known parts make a run, their texts joined ("points? you" -> "point you",
    "points you")."""
    run: Literals | None = _EMPTY
    broken = False
    groups: list[Literals] = []
    for op, av in items:
        exact, inner = _node(op, av, ci)
        groups.extend(inner)
        if exact is not None and run is not None:
            if len(run) * len(exact) <= _MAX_STRINGS:
                joined = {_join(a, b) for a in run for b in exact}
                if None not in joined:
                    run = frozenset(joined)  # type: ignore[arg-type]
                    continue
            groups.append(run)  # too many alternatives (or cases that do not join): a new run starts here
            run, broken = exact, True
            continue
        if run is not None:
            groups.append(run)
        run, broken = (exact if exact is not None else _EMPTY), True
    if run is not None:
        groups.append(run)
    return (None if broken else run), groups


def _usable_group(group: Literals) -> bool:
    return bool(group) and all(x for x, _ in group)


def _best(groups: list[Literals]) -> Literals | None:
    return max((_minimal(g) for g in groups if _usable_group(g)), key=_score, default=None)


def _in(av, ci: bool) -> Literals | None:
    """The characters a class of a few literal characters matches (``[Ss]``: "s" case-insensitively)."""
    if av == [(_sre_c.CATEGORY, _sre_c.CATEGORY_DIGIT)]:
        return frozenset({(DIGIT, ci)})
    if not all(kind is _sre_c.LITERAL for kind, _ in av) or len(av) > _MAX_STRINGS:
        return None
    chars = [chr(code) for _, code in av]
    if len(chars) == 2 and chars[0] != chars[1] and all(ch.isascii() for ch in chars) and chars[0].lower() == chars[1].lower():
        return frozenset({(chars[0].lower(), True)})  # [Ss]: either case
    if not all(_usable(ch, ci) for ch in chars):
        return None
    return frozenset((ch.lower() if ci else ch, ci) for ch in chars)


def _node(op, av, ci: bool) -> tuple[Literals | None, list[Literals]]:
    """(the texts one element of a parse matches, if few and known; groups inside it)."""
    if op is _sre_c.LITERAL:
        ch = chr(av)
        return (frozenset({(ch.lower() if ci else ch, ci)}) if _usable(ch, ci) else None), []
    if op is _sre_c.AT or op is _sre_c.ASSERT or op is _sre_c.ASSERT_NOT:
        return _EMPTY, []  # matches no text (what a look-around looks at is not required of the match)
    if op is _sre_c.IN:
        return _in(av, ci), []
    if op is _sre_c.BRANCH:  # one of the alternatives matches: the union of each one's best group
        alternatives = [_sequence(alt, ci) for alt in av[1]]
        exacts = [e for e, _ in alternatives if e is not None]
        exact = frozenset().union(*exacts) if len(exacts) == len(alternatives) else None
        if exact is not None and len(exact) > _MAX_STRINGS:
            exact = None
        bests = [_best(groups + ([e] if e is not None else [])) for e, groups in alternatives]
        return exact, ([frozenset().union(*bests)] if all(bests) else [])  # type: ignore[arg-type]
    if op is _sre_c.SUBPATTERN:
        _group, add, remove, sub = av
        return _sequence(sub, (ci or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
    if op is getattr(_sre_c, "ATOMIC_GROUP", None):
        return _sequence(av, ci)
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        exact, groups = _sequence(sub, ci)
        if low == 0:  # optional: "s?" is "s" or ""; nothing inside is required
            return ((exact | _EMPTY) if exact is not None and high == 1 else None), []
        if exact is not None and len(exact) == 1 and low <= _MAX_REPEAT:
            ((one, one_ci),) = exact
            exact = frozenset({(one * low, one_ci)})  # what it matches at least, and always holds ("\d{3,}")
            return (exact if low == high else None), [*groups, exact]
        if exact is not None:
            groups = [*groups, exact]
        return (exact if low == high == 1 else None), groups
    return None, []  # other classes, any character, back-references: text not read here


@lru_cache(maxsize=4096)  # nested alternatives reduce the same groups again (at table load only)
def _minimal(group: Literals) -> Literals:
    """"thank" makes "thank you" redundant."""
    return frozenset(x for x in group if not any(y != x and _holds(x, y) for y in group))


def required_literals(pattern: str, flags: int = 0, most: int = 3) -> list[Literals]:
    """Groups of literals (string, case-insensitive): every match of ``pattern`` contains one literal
    of each group. The ``most`` most selective groups, most selective first; [] when none (or when the
    parser, a private module, cannot read the pattern: it is then always run)."""
    try:
        tree = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001  (a parser of another Python: the pattern is used as it is)
        log.debug("pattern %r not read for required literals; used as it is", pattern, exc_info=True)
        return []
    exact, groups = _sequence(tree, bool((flags | tree.state.flags) & re.IGNORECASE))
    if exact is not None:
        groups.append(exact)
    groups += [p for g in groups if (p := _pieces(g)) is not None]
    ranked = sorted({_minimal(g) for g in groups if _usable_group(g)}, key=lambda g: (_score(g), sorted(g)), reverse=True)
    kept: list[Literals] = []
    for g in ranked:  # a group that a kept one implies adds no test ("\\d{3,}": three digits, so one digit) ...
        if not any(all(any(_holds(x, y) for y in g) for x in h) and (_has_digit(g) or not _has_digit(h)) for h in kept):
            kept.append(g)  # ... but one without digit places is kept: it is tested first, by ``in`` alone
    return kept[:most]


def _has_digit(group: Literals) -> bool:
    return any(DIGIT in x for x, _ in group)


def _pieces(group: Literals) -> Literals | None:
    """Of a group whose literals hold digit places, a group without: each literal's longest part between digit
    places (", \\d{4} at " -> " at "), when each has one. A text without any of them is rejected by an ``in`` test,
    not a search."""
    if not _has_digit(group):
        return None
    parts = [(max(x.split(DIGIT), key=len), ci) for x, ci in group]
    return frozenset(parts) if all(x for x, _ in parts) else None


def _holds(x: tuple[str, bool], y: tuple[str, bool]) -> bool:
    """Whether a text holding literal ``x`` holds literal ``y``."""
    return y[0] in (x[0].lower() if y[1] else x[0]) if y[1] or not x[1] else False


def _digit_search(literals: tuple[str, ...]):
    """A search for literals holding a digit place (``DIGIT``: any digit), or None when there are none."""
    with_digits = [x for x in literals if DIGIT in x]
    return re.compile("|".join(re.escape(x).replace(DIGIT, r"\d") for x in with_digits)).search if with_digits else None


@dataclass(frozen=True)
class Prefilter:
    """Literal test run before a regex: each group needs one of its literals in the text
    (``folded`` literals in ``fold(text)``, ``exact`` ones in the text). No group: always run the regex."""

    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (folded, exact) per group
    # per group: (folded, exact) literals without a digit place, then the searches for those with one
    _tests: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tests = [(tuple(x for x in folded if DIGIT not in x), tuple(x for x in exact if DIGIT not in x),
                  _digit_search(folded), _digit_search(exact)) for folded, exact in self.groups]
        # groups with a digit place (a search) after those tested by ``in`` alone
        object.__setattr__(self, "_tests", tuple(sorted(tests, key=lambda t: t[2] is not None or t[3] is not None)))

    @classmethod
    def of(cls, pattern: str, flags: int = 0) -> "Prefilter":
        return cls(tuple((tuple(sorted(s for s, ci in g if ci)), tuple(sorted(s for s, ci in g if not ci)))
                         for g in required_literals(pattern, flags)))

    @property
    def literals(self) -> list[tuple[str, ...]]:
        """Each group's literals (folded ones first)."""
        return [folded + exact for folded, exact in self.groups]

    def may_match(self, text: str, folded: str) -> bool:
        """False only when the regex cannot match ``text`` (``folded`` = ``fold(text)``)."""
        for lower, exact, lower_digits, exact_digits in self._tests:  # plain loops: cheaper than any(map(...))
            for literal in lower:
                if literal in folded:
                    break
            else:
                for literal in exact:
                    if literal in text:
                        break
                else:
                    if not ((lower_digits is not None and lower_digits(folded) is not None)
                            or (exact_digits is not None and exact_digits(text) is not None)):
                        return False
        return True


@dataclass(frozen=True)
class FilteredRegex:
    """A compiled regex with its prefilter: each method gives exactly what the regex gives. The extract stage
    passes ``fold(text)`` along (``search(text, folded)``); without it, ``fold`` is computed when a literal needs
    it, and the object stands in for the ``re.Pattern`` (``prefiltered``)."""

    regex: re.Pattern
    prefilter: Prefilter
    # whether a literal is looked for in ``fold(text)``; the prefilter's test (one call less per use)
    _folds: bool = field(init=False, repr=False, compare=False)
    _may: Callable[[str, str], bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_folds", any(folded for folded, _ in self.prefilter.groups))
        object.__setattr__(self, "_may", self.prefilter.may_match)

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> "FilteredRegex":
        return cls(re.compile(pattern, flags), Prefilter.of(pattern, flags))

    @classmethod
    def of(cls, regex: re.Pattern) -> "FilteredRegex":
        """A regex compiled already (a data table's pattern, compiled by ``threadkb.tables``)."""
        return cls(regex, Prefilter.of(regex.pattern, regex.flags))

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    @property
    def flags(self) -> int:
        return self.regex.flags

    def may_match(self, text: str, folded: str | None = None) -> bool:
        """False only when the regex cannot match ``text`` (``folded``: ``fold(text)``, computed if not given)."""
        if folded is None:
            folded = _fold_cached(text) if self._folds else text
        return self._may(text, folded)

    # each method tests the literals itself (no call of ``may_match``): the link stage calls them per claim and pair
    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, folded: str | None = None) -> re.Match | None:
        if folded is None:
            folded = _fold_cached(text) if self._folds else text
        return self.regex.search(text, pos, endpos) if self._may(text, folded) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, folded: str | None = None) -> re.Match | None:
        if folded is None:
            folded = _fold_cached(text) if self._folds else text
        return self.regex.match(text, pos, endpos) if self._may(text, folded) else None

    def finditer(self, text: str, *, folded: str | None = None) -> Iterator[re.Match]:
        if folded is None:
            folded = _fold_cached(text) if self._folds else text
        return self.regex.finditer(text) if self._may(text, folded) else iter(())

    def findall(self, text: str, *, folded: str | None = None) -> list:
        return self.regex.findall(text) if self.may_match(text, folded) else []

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self.regex.sub(repl, text, count) if self.may_match(text) else text


def prefiltered(regex: re.Pattern) -> re.Pattern | FilteredRegex:
    """``regex`` with its prefilter, or ``regex`` itself when no literal is required (nothing to test first)."""
    if not isinstance(regex.pattern, str):
        return regex
    filtered = FilteredRegex.of(regex)
    return filtered if filtered.prefilter.groups else regex


def _automaton(masks: dict[str, int]):
    if not masks:
        return None
    automaton = ahocorasick.Automaton()
    for literal, mask in masks.items():
        automaton.add_word(literal, mask)
    automaton.make_automaton()
    return automaton


class LiteralGate:
    """The prefilters of many regexes, answered together: every literal group of every prefilter gets a
    bit; ``scan`` finds all literals in one automaton pass and returns the bits of the groups present;
    prefilter ``i`` may match when all of ``needs[i]`` is present (``needs[i] == 0``: no literal, always).
    Single characters (" ", "e") occur many times in every text: they are tested with ``in``, which stops
    at the first, instead of being reported by the automaton at each occurrence. Literals with a digit place
    are looked for by their group's own search, when no other literal of the group was found and the
    prefilter's other groups are present."""

    def __init__(self, prefilters: list[Prefilter]):
        masks: tuple[dict[str, int], dict[str, int]] = ({}, {})  # folded, exact
        needs, digits, bit = [], [], 0
        for pf in prefilters:
            need, searched = 0, []
            for lower, exact, lower_digits, exact_digits in pf._tests:
                need |= 1 << bit
                for masks_of, literals in zip(masks, (lower, exact), strict=True):
                    for x in literals:
                        masks_of[x] = masks_of.get(x, 0) | 1 << bit
                if lower_digits is not None or exact_digits is not None:
                    searched.append((1 << bit, lower_digits, exact_digits))
                bit += 1
            needs.append(need)
            digit_bits = sum(mask for mask, _, _ in searched)
            digits += [(mask, need & ~digit_bits, lower_digits, exact_digits) for mask, lower_digits, exact_digits in searched]
        # a bit each digit group's other groups need (the lowest): no such bit found, no search to consider
        self._digit_keys = 0 if any(others == 0 for _, others, _, _ in digits) else \
            sum({others & -others for _, others, _, _ in digits})
        self.needs: tuple[int, ...] = tuple(needs)
        self._digits = tuple(digits)
        self._chars = tuple(tuple((x, m) for x, m in side.items() if len(x) == 1) for side in masks)
        self._automata = tuple(_automaton({x: m for x, m in side.items() if len(x) > 1}) for side in masks)

    def scan(self, text: str, folded: str) -> int:
        """The groups whose literals occur (``folded`` = ``fold(text)``), as bits; a group with digit places is
        searched only where its prefilter's groups without are all present (else its bit may stay unset)."""
        found = 0
        for subject, chars, automaton in zip((folded, text), self._chars, self._automata, strict=True):
            for ch, mask in chars:
                if ch in subject:
                    found |= mask
            if automaton is not None:
                for _end, mask in automaton.iter(subject):
                    found |= mask
        if self._digit_keys and not found & self._digit_keys:
            return found
        for mask, others, lower_digits, exact_digits in self._digits:  # searched where the rest is present
            if found & others == others and not found & mask and (
                    (lower_digits is not None and lower_digits(folded) is not None)
                    or (exact_digits is not None and exact_digits(text) is not None)):
                found |= mask
        return found

    def passes(self, text: str, folded: str) -> list[bool]:
        """Per prefilter, in order: whether its regex may match ``text`` (``folded`` = ``fold(text)``)."""
        found = self.scan(text, folded)
        return [need & found == need for need in self.needs]
