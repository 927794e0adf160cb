"""The literal words every match of a cue pattern holds, read from the pattern itself (``required``), and the
pattern that first looks for them (``Prefiltered``): a text that holds none of them cannot match, and ``re`` is
not run on it. ``re`` tries a pattern that opens with ``\\b`` or a look-behind, or a case-insensitive one, at
every place of the text; looking for a few words (``str.__contains__``) is many times cheaper, and most claim
texts hold none of a cue's words ("you mentioned", "i agree", "correction:").

The words are read from the pattern's parse (``re._parser``, what ``re.compile`` itself reads): a literal run
("you mentioned"), alternatives of runs ("sounds good|i agree"), optional parts ("points?" -> "point",
"points"). What the reading does not know (a character class, a repeat of unknown length, a group that switches
case-sensitivity on or off, a back-reference) ends a run and asks nothing; look-arounds and anchors match no
text and are passed over. A digit (``\\d``) is a place of a word too ("\\d{3,}" requires three digits in a row):
words holding one are looked for by a small pattern of their own. When no word is required (or the parser is not
there), the pattern is used as it is.

Case: a case-insensitive pattern's words are lower-cased and looked for in the lower-cased text (``folded``). Of
its literal characters only those are kept whose every case-insensitive match ``str.lower`` maps onto them:
ASCII characters (the text's "İ", "ı" and "ſ", which ``re`` matches to "i" and "s", are mapped so first) and
characters without case ("’", "«"); any other character ends a run."""
from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import product
from types import ModuleType

log = logging.getLogger(__name__)

_sre: ModuleType | None
try:
    _sre = importlib.import_module("re._parser")  # the parser ``re.compile`` reads a pattern with
except ImportError:  # pragma: no cover  (another Python: the patterns are used as they are)
    _sre = None

_MAX_STRINGS = 32  # alternatives kept for one run ("(?:a|b|c) (?:d|e)": 6); more ends the run
_MAX_REPEAT = 8  # a repeat of one known text is written out up to this many times ("\\d{3}": three digits)
DIGIT = "\x00"  # a place of a word that holds any digit (``\\d``); a pattern's literal NUL ends a run
_UNKNOWN: tuple[None, None] = (None, None)


@lru_cache(maxsize=256)
def folded(text: str) -> str:
    """``text`` lower-cased as a case-insensitive pattern compares it to ASCII letters: "İ" and "ı" are "i",
    "ſ" is "s" (``re`` matches them so; ``str.lower`` does not map them onto one ASCII letter)."""
    if not text.isascii():
        text = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s")
    return text.lower()


def required(rx: re.Pattern) -> tuple[str, ...] | None:
    """Words one of which every match of ``rx`` holds (lower-cased when ``rx`` ignores case: look for them in
    ``folded(text)``), or None when the pattern requires none that can be read (or would match the empty text)."""
    if _sre is None or not isinstance(rx.pattern, str):
        return None
    try:
        exact, reqs = _sequence(list(_sre.parse(rx.pattern, rx.flags)), bool(rx.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001  (a parser of another Python: the pattern is used as it is)
        log.debug("pattern %r not read for required words; used as it is", rx.pattern, exc_info=True)
        return None
    if exact is not None:
        reqs.append(exact)
    best = _best(reqs)
    return tuple(sorted(best)) if best else None


def _best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several requirements (each: one of these words), the one that rejects most texts at least cost: words of
    five characters or more are rare enough, then the fewest words (each is one scan of the text); each reduced to
    the words that hold no other of its words."""
    usable = [_reduced(r) for r in reqs if r and "" not in r]
    if not usable:
        return None
    return max(usable, key=lambda r: (min(5, *map(len, r)), -len(r)))


def _reduced(words: frozenset[str]) -> frozenset[str]:
    """``words`` without those holding another of them ("not" holds "no": a text with "not" has "no")."""
    return frozenset(w for w in words if not any(o != w and o in w for o in words))


def _safe_char(code: int, ignore_case: bool) -> str | None:
    """The character to look for in the text for a literal of the pattern, or None when it cannot be one."""
    ch = chr(code)
    if ch == DIGIT:
        return None
    if not ignore_case:
        return ch
    if ch.isascii():
        return ch.lower()
    return ch if ch.lower() == ch and ch.upper() == ch else None  # no case: matched as written


def _sequence(items: list, ignore_case: bool) -> tuple[frozenset[str] | None, list[frozenset[str]]]:
    """(every text the sequence matches, if few and known; requirements found in it: each a set of words one of
    which the match holds)."""
    run: frozenset[str] | None = frozenset({""})
    broken = False
    reqs: list[frozenset[str]] = []
    for op, av in items:
        exact, inner = _node(op, av, ignore_case)
        reqs.extend(inner)
        if exact is not None and run is not None:
            joined = frozenset(a + b for a, b in product(run, exact)) if len(run) * len(exact) <= _MAX_STRINGS else None
            if joined is not None:
                run = joined
                continue
            reqs.append(run)  # too many alternatives: the run so far is required, a new one starts here
            run, broken = exact, True
            continue
        if run is not None:
            reqs.append(run)
        run, broken = (exact if exact is not None else frozenset({""})), True
    if run is not None:
        reqs.append(run)
    return (None if broken else run), reqs


def _node(op, av, ignore_case: bool) -> tuple[frozenset[str] | None, list[frozenset[str]]]:
    """(the texts one item of a parse matches, if few and known; requirements inside it)."""
    c = _sre
    assert c is not None
    if op is c.LITERAL:
        ch = _safe_char(av, ignore_case)
        return (frozenset({ch}) if ch is not None else None), []
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:
        return frozenset({""}), []  # matches no text (what it looks at is not required of the match)
    if op is c.IN and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
        return frozenset({DIGIT}), []
    if op is c.IN:
        chars = set()
        for kind, value in av:
            ch = _safe_char(value, ignore_case) if kind is c.LITERAL else None
            if ch is None:
                return None, []
            chars.add(ch)
        return (frozenset(chars) if len(chars) <= _MAX_STRINGS else None), []
    if op is c.BRANCH:
        alternatives = [_sequence(list(alt), ignore_case) for alt in av[1]]
        exacts = [e for e, _ in alternatives if e is not None]
        exact = frozenset().union(*exacts) if len(exacts) == len(alternatives) else None
        if exact is not None and len(exact) > _MAX_STRINGS:
            exact = None
        # the branch requires one of the words each alternative requires (its best), when each requires some
        bests = [_best(reqs + ([e] if e is not None else [])) for e, reqs in alternatives]
        reqs = [frozenset().union(*bests)] if all(bests) else []  # type: ignore[arg-type]
        return exact, reqs
    if op is c.SUBPATTERN:
        _group, add, remove, sub = av
        if (add | remove) & re.IGNORECASE:
            return _UNKNOWN[0], []  # case switched inside: not read
        return _sequence(list(sub), ignore_case)
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av), ignore_case)
    if op is c.MAX_REPEAT or op is c.MIN_REPEAT or op is c.POSSESSIVE_REPEAT:
        low, high, sub = av
        exact, reqs = _sequence(list(sub), ignore_case)
        if low == 0:
            return ((exact | {""}) if exact is not None and high == 1 else None), []
        if exact is not None and len(exact) == 1 and low <= _MAX_REPEAT:
            (one,) = exact
            exact = frozenset({one * low})  # what it matches at least, and always holds
            return (exact if low == high else None), [*reqs, exact]
        if exact is not None:
            reqs = [*reqs, exact]
        return (exact if low == high == 1 else None), reqs
    return None, []  # a class, any character, a back-reference ...: matches text not read here


class Prefiltered:
    """A compiled pattern that is run only on a text holding one of the words every match holds (``required``);
    the methods the link stage calls, with ``re.Pattern``'s results (no match: None, no matches, the text)."""

    __slots__ = ("rx", "words", "digits", "fold", "pattern", "flags", "groups")

    def __init__(self, rx: re.Pattern, words: tuple[str, ...]):
        self.rx, self.fold = rx, bool(rx.flags & re.IGNORECASE)
        self.words = tuple(w for w in words if DIGIT not in w)
        with_digits = [w for w in words if DIGIT in w]
        self.digits = re.compile("|".join(re.escape(w).replace(DIGIT, r"\d") for w in with_digits)).search if with_digits else None
        self.pattern, self.flags, self.groups = rx.pattern, rx.flags, rx.groups

    def may_match(self, text: str) -> bool:
        """Whether ``text`` holds one of the required words (False: no match)."""
        hay = folded(text) if self.fold else text
        return any(map(hay.__contains__, self.words)) or (self.digits is not None and self.digits(hay) is not None)

    def search(self, text: str, *args) -> re.Match | None:
        return self.rx.search(text, *args) if self.may_match(text) else None

    def match(self, text: str, *args) -> re.Match | None:
        return self.rx.match(text, *args) if self.may_match(text) else None

    def finditer(self, text: str, *args) -> Iterator[re.Match]:
        return self.rx.finditer(text, *args) if self.may_match(text) else iter(())

    def findall(self, text: str, *args) -> list:
        return self.rx.findall(text, *args) if self.may_match(text) else []

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self.rx.sub(repl, text, count) if self.may_match(text) else text

    def __repr__(self) -> str:
        return f"Prefiltered({self.rx!r}, {self.words!r})"


def prefiltered(rx: re.Pattern) -> re.Pattern | Prefiltered:
    """``rx`` with its prefilter, or ``rx`` itself when it requires no word that can be read."""
    words = required(rx)
    return Prefiltered(rx, words) if words else rx
