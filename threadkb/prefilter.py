"""Literal prefilters: skip a regular expression on text that cannot contain a match.

The pattern tables stay as they are; ``required_literals`` reads a pattern's parse tree and finds
groups of literal strings such that every match contains one literal of each group
("\\bshould have (?:been|done|\\w+ed)\\b" -> {"should have "} and {"been", "done", "ed"}). A regex
whose text lacks every literal of one group cannot match it, so ``Prefilter.may_match`` can skip the
search without changing any result; when no literal is required ("\\d+"), it always says "may match".

    pf = Prefilter.of(r"\\b(?:never|not)\\s+accused\\b", re.IGNORECASE)
    pf.literals                           -> [("accused",), ("ever", "ot"), ("n",)]
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

import re
import unicodedata
from dataclasses import dataclass

# the regex parser (private modules of Python 3.11+; typeshed does not describe them)
from re import _constants as _sre_c, _parser as _sre_parse  # type: ignore[attr-defined]

import ahocorasick

# the non-ASCII characters that re.IGNORECASE matches to an ASCII letter (tested over all code points)
_TO_ASCII_CHARS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_TO_ASCII = str.maketrans(_TO_ASCII_CHARS)

Literals = frozenset[tuple[str, bool]]  # (string, case-insensitive)


def fold(text: str) -> str:
    """The text as case-insensitive literals are compared with it."""
    if not text.isascii() and any(ch in text for ch in _TO_ASCII_CHARS):
        text = text.translate(_TO_ASCII)
    return text.lower()


def _caseless(ch: str) -> bool:
    return ch.lower() == ch == ch.upper() and unicodedata.category(ch)[0] in "PSZN"


def _usable(ch: str, ci: bool) -> bool:
    """Whether a literal character of the pattern can be looked for as is (after ``fold`` when ``ci``)."""
    return not ci or ch.isascii() or _caseless(ch)


def _score(group: Literals) -> tuple[int, int]:
    """How selective a group is: its shortest literal is long, it has few literals."""
    return min(len(x) for x, _ in group), -len(group)


def _case_pair(op, av) -> str | None:
    """The letter of a class like ``[Ss]`` (its two cases), else None."""
    if op is _sre_c.IN and len(av) == 2 and all(o is _sre_c.LITERAL for o, _ in av):
        a, b = (chr(c) for _, c in av)
        if a != b and a.isascii() and b.isascii() and a.lower() == b.lower():
            return a.lower()
    return None


def _sequence(items, ci: bool) -> list[Literals]:
    """Every element of a sequence must match: the groups of each element, and runs of literal characters."""
    groups: list[Literals] = []
    run: list[tuple[str, bool]] = []  # (character, case-insensitive)

    def flush() -> None:
        if run:
            if all(c for _, c in run) or not any(c for _, c in run):
                groups.append(frozenset({("".join(ch for ch, _ in run), run[0][1])}))
            elif all(ch.isascii() for ch, _ in run):  # "[Ss]ection": a case-insensitive literal is weaker, still required
                groups.append(frozenset({("".join(ch for ch, _ in run).lower(), True)}))
            run.clear()

    for op, av in items:
        if op is _sre_c.LITERAL and _usable(chr(av), ci):
            run.append((chr(av).lower() if ci else chr(av), ci))
            continue
        if (letter := _case_pair(op, av)) is not None:
            run.append((letter, True))
            continue
        flush()
        groups.extend(_node(op, av, ci))
    flush()
    return groups


def _best(groups: list[Literals]) -> Literals | None:
    return max(groups, key=_score, default=None)


def _node(op, av, ci: bool) -> list[Literals]:
    """The literal groups an element requires (each group: one of its literals is in every match)."""
    if op is _sre_c.SUBPATTERN:
        _group, add, remove, sub = av
        return _sequence(sub, (ci or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE)
    if op is getattr(_sre_c, "ATOMIC_GROUP", None):
        return _sequence(av, ci)
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(sub, ci) if low >= 1 else []
    if op is _sre_c.BRANCH:  # one of the branches matches: the union of each branch's best group
        out: set = set()
        for branch in av[1]:
            best = _best(_sequence(branch, ci))
            if best is None:
                return []
            out |= best
        return [frozenset(out)]
    return []  # other character classes, anchors, look-arounds, back-references: no literal


def _minimal(group: Literals) -> Literals:
    """"thank" makes "thank you" redundant."""
    return frozenset(x for x in group if not any(y != x and y[1] == x[1] and y[0] in x[0] for y in group))


def required_literals(pattern: str, flags: int = 0, most: int = 3) -> list[Literals]:
    """Groups of literals (string, case-insensitive): every match of ``pattern`` contains one literal
    of each group. The ``most`` most selective groups, most selective first; [] when none."""
    tree = _sre_parse.parse(pattern, flags)
    groups = {_minimal(g) for g in _sequence(tree, bool((flags | tree.state.flags) & re.IGNORECASE))}
    return sorted(groups, key=lambda g: (_score(g), sorted(g)), reverse=True)[:most]


@dataclass(frozen=True)
class Prefilter:
    """Literal test run before a regex: each group needs one of its literals in the text
    (``folded`` literals in ``fold(text)``, ``exact`` ones in the text). No group: always run the regex."""

    groups: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (folded, exact) per group

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
        for lower, exact in self.groups:  # plain loops: cheaper than any(map(...)) for a few literals
            for literal in lower:
                if literal in folded:
                    break
            else:
                for literal in exact:
                    if literal in text:
                        break
                else:
                    return False
        return True


@dataclass(frozen=True)
class FilteredRegex:
    """A compiled regex with its prefilter: ``search``/``finditer`` give exactly what the regex gives."""

    regex: re.Pattern
    prefilter: Prefilter

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> "FilteredRegex":
        return cls(re.compile(pattern, flags), Prefilter.of(pattern, flags))

    @classmethod
    def of(cls, regex: re.Pattern) -> "FilteredRegex":
        """A regex compiled already (a data table's pattern, compiled by ``threadkb.tables``)."""
        return cls(regex, Prefilter.of(regex.pattern, regex.flags))

    def search(self, text: str, folded: str) -> re.Match | None:
        return self.regex.search(text) if self.prefilter.may_match(text, folded) else None

    def finditer(self, text: str, folded: str):
        return self.regex.finditer(text) if self.prefilter.may_match(text, folded) else iter(())


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
    at the first, instead of being reported by the automaton at each occurrence."""

    def __init__(self, prefilters: list[Prefilter]):
        masks: tuple[dict[str, int], dict[str, int]] = ({}, {})  # folded, exact
        needs, bit = [], 0
        for pf in prefilters:
            need = 0
            for group in pf.groups:
                need |= 1 << bit
                for masks_of, literals in zip(masks, group, strict=True):
                    for x in literals:
                        masks_of[x] = masks_of.get(x, 0) | 1 << bit
                bit += 1
            needs.append(need)
        self.needs: tuple[int, ...] = tuple(needs)
        self._chars = tuple(tuple((x, m) for x, m in side.items() if len(x) == 1) for side in masks)
        self._automata = tuple(_automaton({x: m for x, m in side.items() if len(x) > 1}) for side in masks)

    def scan(self, text: str, folded: str) -> int:
        """The groups whose literals occur (``folded`` = ``fold(text)``), as bits."""
        found = 0
        for subject, chars, automaton in zip((folded, text), self._chars, self._automata, strict=True):
            for ch, mask in chars:
                if ch in subject:
                    found |= mask
            if automaton is not None:
                for _end, mask in automaton.iter(subject):
                    found |= mask
        return found

    def passes(self, text: str, folded: str) -> list[bool]:
        """Per prefilter, in order: whether its regex may match ``text`` (``folded`` = ``fold(text)``)."""
        found = self.scan(text, folded)
        return [need & found == need for need in self.needs]
