"""The data tables of ``threadkb/data``: one loader that reads, validates and caches each of them.

Every table ``threadkb/data/NAME.json`` (or ``NAME.json.gz``) has a JSON Schema beside it,
``threadkb/data/schemas/NAME.schema.json``: the types of its rows and fields, the keys it may have, and
which strings are regular expressions (``"format": "regex"``: each is compiled when the table is loaded).
A table that breaks its schema stops the program with one line naming the table and the place in it
(``attributions.json: attributions[12].pattern: bad regex: missing ), unterminated subpattern ...``), never
later with a KeyError deep in a stage.

One documentation key for all tables: ``_doc`` (a string, or a list of strings), allowed in every object
of every table and dropped by the loader, so that code never meets documentation as data.

Modules read tables through :func:`load` only; each table is read, checked and parsed once per process,
and each call returns a fresh copy (modules may build on it without changing what the next one reads).

Patterns are compiled here, once, and nowhere else: :func:`patterns` gives a table with each regex place
an ``re.Pattern``. The schema says how: ``"x-flags"`` beside ``"format": "regex"`` gives the place's flags
(letters of Python's inline flags: ``"i"``, ``"im"``, ...), a row with ``"case_sensitive": true`` drops its
``i``; ``"x-macros"`` at the schema's top names the table's macro object and syntax (``{NAME}`` or
``{{NAME}}``), expanded in every regex place before it is compiled (and ``"alternations"``: the object
whose lists of aliases give the macros ``DOC`` and ``DOC_<KEY>``, a space in a name also matching a line
break of wrapped text: :func:`wrappable`); ``"x-placeholders": ["SELF"]`` makes
the place a :class:`Template` whose ``{SELF}`` the code fills per call site (:meth:`Template.fill`, the
speaker's own organisations), checked at load with the placeholder empty. A pattern a module builds from a
table's strings (a word list joined) is compiled by :func:`compile`, which names the table and the place
when it fails, as the loader does. tests/test_tables_compile.py checks that no module compiles a table's
pattern itself.
"""
from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

DOC_KEY = "_doc"
SCHEMA_DIR = "schemas"


class TableError(ValueError):
    """A data table that cannot be read or breaks its schema; the message names the table and the place."""


def table_names() -> list[str]:
    """The file names of every data table in ``threadkb/data`` (``*.json``, ``*.json.gz``)."""
    root = resources.files("threadkb.data")
    return sorted(p.name for p in root.iterdir()
                  if p.is_file() and (p.name.endswith(".json") or p.name.endswith(".json.gz")))


def schema_name(name: str) -> str:
    """``attributions.json`` -> ``attributions.schema.json``."""
    return re.sub(r"\.json(?:\.gz)?$", "", name) + ".schema.json"


def load(name: str) -> Any:
    """The table ``threadkb/data/<name>``, validated against its schema, ``_doc`` keys dropped (a copy)."""
    return _copy(_loaded(name).data)


def patterns(name: str) -> Any:
    """The table ``threadkb/data/<name>`` as :func:`load` gives it, but each regex place an ``re.Pattern``
    (macros expanded, compiled with the flags its schema declares); a copy of the containers, the patterns
    themselves are shared (compiled once per process)."""
    return _copy(_loaded(name).patterns)


@lru_cache(maxsize=None)
def compile(name: str, where: str, pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 (re.compile's name)
    """A pattern a module builds from the strings of table ``name`` (a word list joined, a name put in),
    compiled once; when it fails the error names the table and ``where`` the strings came from."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise TableError(f"{name}: {where}: bad regex: {exc}") from None


def model(name: str, fmt: str) -> dict:
    """The learned model ``threadkb/data/models/<name>`` (parameters as JSON), read uncached (its module keeps it
    for the process); ``{}`` when the package has none or it has another format than ``fmt``."""
    try:
        data = json.loads(resources.files("threadkb.data").joinpath("models").joinpath(name).read_text("utf-8"))
    except (FileNotFoundError, OSError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == fmt else {}


def _copy(value: Any) -> Any:
    """A copy of a table's objects and lists; the rest (strings, numbers, patterns) is immutable and shared.
    (copy.deepcopy does the same with a memo of every object: several times slower on these tables.)"""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@dataclass(frozen=True)
class Template:
    """A regex place whose schema names placeholders (``"x-placeholders": ["SELF"]``): the code puts text in
    for each ``{NAME}`` (the speaker's own organisations ...) and gets the pattern from :meth:`fill`. Checked
    at load with every placeholder empty; a row without placeholders is that pattern, compiled once."""

    table: str
    where: str
    text: str
    flags: int
    names: tuple[str, ...]
    empty: re.Pattern  # the text with every placeholder empty

    def stand_in(self, value: str) -> str:
        """The text with every placeholder ``value`` (e.g. ``(?s:.)`` for a literal prefilter)."""
        text = self.text
        for name in self.names:
            text = text.replace("{" + name + "}", value)
        return text

    @property
    def filled(self) -> bool:
        """Whether the text has a placeholder (else :meth:`fill` gives ``empty`` whatever the values)."""
        return any("{" + name + "}" in self.text for name in self.names)

    def fill(self, **values: str) -> re.Pattern:
        if not self.filled:
            return self.empty
        text = self.text
        for name in self.names:
            text = text.replace("{" + name + "}", values[name])
        return compile(self.table, self.where, text, self.flags)


@dataclass(frozen=True)
class Table:
    """One table read and checked: its data and the same data with each regex place compiled."""

    data: Any
    patterns: Any


@lru_cache(maxsize=None)
def _loaded(name: str) -> Table:
    return read_table(name, resources.files("threadkb.data"))


def read(name: str, root: Traversable) -> Any:
    """The table ``root/<name>`` checked against ``root/schemas/<its schema>`` (uncached; ``load`` caches)."""
    return read_table(name, root).data


def read_table(name: str, root: Traversable) -> Table:
    """The table ``root/<name>`` checked against its schema, with its patterns compiled (uncached)."""
    raw = _read(root.joinpath(name), name)
    schema = _read(root.joinpath(SCHEMA_DIR).joinpath(schema_name(name)), schema_name(name))
    check(name, raw, schema)
    data = _strip_docs(raw)
    return Table(data, _Compiler(name, schema, data).table())

def _read(path: Traversable, name: str) -> Any:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise TableError(f"{name}: cannot read: {exc}") from None
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise TableError(f"{name}: not UTF-8: {exc}") from None
    except json.JSONDecodeError as exc:
        raise TableError(f"{name}: line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def check(name: str, data: Any, schema: dict) -> None:
    """Raise :class:`TableError` naming ``name`` and the path of the first place ``data`` breaks ``schema``
    (its structure; the regex places are checked by compiling them, :class:`_Compiler`)."""
    import jsonschema  # 0.1-0.2 s: imported by the first process that reads a table, not by every import

    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data),
                    key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        err = errors[0]
        where = path_text(err.absolute_path)
        raise TableError(f"{name}: {where}: {err.message}" if where else f"{name}: {err.message}")


# A space between the words of a name in an alternation also matches a line break of hard-wrapped mail: the
# blanks around it and the quote markers ("> ", "> > ") opening the next line; each part bounded (linear).
LINE_WRAP = r"(?: |[ \t]{0,16}\r?\n(?:[ \t]{0,4}>){0,8}[ \t]{0,16})"
HYPHEN_WRAP = r"-(?:[ \t]{0,16}\r?\n(?:[ \t]{0,4}>){0,8}[ \t]{0,16})?"  # a hyphen of a name, a line break after it


def wrappable(pattern: str) -> str:
    """``pattern`` (a name in an ``"alternations"`` object) with each literal space :data:`LINE_WRAP` and each
    literal hyphen :data:`HYPHEN_WRAP` (the line may end after it: "S/MIME-\\nBRs", "Code-\\nSigning"); spaces and
    hyphens in a character class (``[- ]``), escaped (``\\ ``) or in a lookbehind (fixed width) are left as they are."""
    out: list[str] = []
    behind: list[bool] = []  # per open group: whether it is (in) a lookbehind
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            skip = 2 if pattern.startswith("[^", i) else 1
            if pattern.startswith("]", i + skip):  # a "]" first in the class is literal
                skip += 1
            out.append(pattern[i:i + skip])
            i += skip
            continue
        elif ch == "(":
            behind.append(bool(behind and behind[-1]) or pattern.startswith(("(?<=", "(?<!"), i))
        elif ch == ")":
            if behind:
                behind.pop()
        elif ch == " " and not (behind and behind[-1]):
            out.append(LINE_WRAP)
            i += 1
            continue
        elif ch == "-" and not (behind and behind[-1]):  # "S/MIME-\nBRs", "Publicly-\nTrusted": a hyphen ending a line
            out.append(HYPHEN_WRAP)
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


FLAGS_KEY, MACROS_KEY, PLACEHOLDERS_KEY, CASE_KEY = "x-flags", "x-macros", "x-placeholders", "case_sensitive"
_NOTHING = re.compile("")
_FLAGS = {"a": re.ASCII, "i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_MACRO_SYNTAX = {"{NAME}": r"\{([A-Z0-9_]+)\}", "{{NAME}}": r"\{\{(\w+)\}\}"}
_MACRO_ROUNDS = 16  # macros may use macros, this deep at most


class _Compiler:
    """Walks a table beside its schema and compiles every regex place, in data order, the macro object
    first (so that a bad macro is named, not the first row using it)."""

    def __init__(self, name: str, schema: dict, data: Any) -> None:
        self.name, self.schema = name, schema
        self.macros: dict[str, str] = {}
        spec = schema.get(MACROS_KEY)
        self.macro_key = spec["object"] if spec else None
        self.macro_rx = re.compile(_MACRO_SYNTAX[spec["syntax"]]) if spec else None
        if spec:
            self.macros = dict(data[self.macro_key])
            names = {key: [wrappable(a) for a in aliases]
                     for key, aliases in (data.get(spec["alternations"], {}) if spec.get("alternations") else {}).items()}
            for key, aliases in names.items():
                self.macros["DOC_" + key.replace("-", "_")] = "(?:" + "|".join(aliases) + ")"
            if spec.get("alternations"):
                self.macros["DOC"] = "(?:" + "|".join(a for al in names.values() for a in al) + ")"
        self.data = data

    def table(self) -> Any:
        props = self.schema.get("properties", {})
        if self.macro_key is None:
            return self.walk(self.schema, self.data, (), False)
        macros = self.walk(props[self.macro_key], self.data[self.macro_key], (self.macro_key,), False)
        return {k: macros if k == self.macro_key else self.walk(props.get(k) or {}, v, (k,), False)
                for k, v in self.data.items()}

    def expand(self, pattern: str, path: tuple) -> str:
        if self.macro_rx is None:
            return pattern
        for _ in range(_MACRO_ROUNDS):
            done = self.macro_rx.sub(lambda m: self.macros.get(m.group(1), m.group(0)), pattern)
            if done == pattern:
                return done
            pattern = done
        raise TableError(f"{self.name}: {path_text(path)}: macros nested deeper than {_MACRO_ROUNDS}")

    def walk(self, schema: dict, value: Any, path: tuple, case_sensitive: bool) -> Any:
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            schema = self.schema["$defs"][ref.removeprefix("#/$defs/")]
        if isinstance(value, str) and schema.get("format") == "regex":
            flags = sum(_FLAGS[c] for c in schema.get(FLAGS_KEY, "") if not (c == "i" and case_sensitive))
            names = tuple(schema.get(PLACEHOLDERS_KEY, ()))
            text = self.expand(value, path)
            try:
                rx = re.compile(Template(self.name, "", text, flags, names, _NOTHING).stand_in(""), flags)
            except re.error as exc:
                raise TableError(f"{self.name}: {path_text(path)}: bad regex: {exc}") from None
            return Template(self.name, path_text(path), text, flags, names, rx) if names else rx
        if isinstance(value, dict):
            props, extra = schema.get("properties", {}), schema.get("additionalProperties")
            case_sensitive = bool(value.get(CASE_KEY, case_sensitive))
            return {k: self.walk(props.get(k) or (extra if isinstance(extra, dict) else {}), v, path + (k,),
                                 case_sensitive) for k, v in value.items()}
        if isinstance(value, list):
            prefix, items = schema.get("prefixItems", []), schema.get("items")
            return [self.walk(prefix[i] if i < len(prefix) else (items if isinstance(items, dict) else {}), v,
                              path + (i,), case_sensitive) for i, v in enumerate(value)]
        return value


def path_text(path: Iterable[str | int]) -> str:
    """``['attributions', 12, 'pattern']`` -> ``attributions[12].pattern``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _strip_docs(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_docs(v) for k, v in value.items() if k != DOC_KEY}
    if isinstance(value, list):
        return [_strip_docs(v) for v in value]
    return value


def people_words(key: str) -> frozenset[str]:
    """A word list of threadkb/data/people_words.json (closings, not-names, surname particles, …)."""
    return frozenset(load("people_words.json")[key]["words"])
