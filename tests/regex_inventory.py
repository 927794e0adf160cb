"""Every regular expression threadkb uses, found by mechanism (so a new pattern is covered without a new line here).

Four sources, each a list of ``Found(origin, pattern, flags)``:

* ``table_patterns()``: every string of every data table (threadkb/data/*.json) that compiles as a regular
  expression, except under keys whose strings are prose or names (``PROSE_KEYS``), compiled as they are and
  case-folded (a case-folded pattern matches wherever the case-sensitive one does, so it does at least as
  much work). Placeholders ({SELF}, {SEC} …) stay literal here; the run below sees them filled in.
* ``module_patterns()``: the ``re.Pattern`` objects at module level of every threadkb module (alone or in a
  tuple, list, dict or frozen dataclass), after importing them all.
* ``literal_patterns()``: the string literals handed to ``re.compile / search / match / fullmatch / sub / subn
  / split / findall / finditer`` anywhere in threadkb/**/*.py (read with ``ast``), with their literal flags.
* ``runtime_patterns()``: every pattern threadkb code hands to ``re`` while a fresh interpreter imports all
  modules and runs ingest → parse → extract → link → report on corpus files, recorded by wrapping
  ``re._compile``: table rows with their placeholders and macros filled the way the code fills them, with the
  flags the code gives, and the methods the code calls on each (how it applies the pattern: search, match,
  fullmatch …).
"""
from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import subprocess
import sys
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "threadkb"
DATA = PACKAGE / "data"

# keys of the data tables whose strings are prose, names, ids, words or templates, never a regular expression
PROSE_KEYS = {"_doc", "doc", "why", "cue", "id", "client", "lang", "kind", "kind_order", "name", "title", "label",
              "heading", "colour", "color", "note", "example", "examples", "description", "rule"}

RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
FLAG_NAMES = {"I": re.I, "IGNORECASE": re.I, "M": re.M, "MULTILINE": re.M, "S": re.S, "DOTALL": re.S,
              "X": re.X, "VERBOSE": re.X, "A": re.A, "ASCII": re.A, "U": re.U, "UNICODE": re.U}


@dataclass(frozen=True)
class Found:
    origin: str  # where it was found: "attributions.json.attributions[11].pattern", "threadkb/parse/lines.py:40"
    pattern: str
    flags: int

    def compiled(self) -> re.Pattern:
        return re.compile(self.pattern, self.flags)


def walk_strings(node, path: str = "", skip: frozenset[str] | set[str] = frozenset(PROSE_KEYS)):
    """(path, string) for every string of a JSON table, except under the keys ``skip``."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in skip:
                yield from walk_strings(v, f"{path}.{k}", skip)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_strings(v, f"{path}[{i}]", skip)
    elif isinstance(node, str):
        yield path, node


def table_patterns() -> list[Found]:
    out = []
    for f in sorted(DATA.glob("*.json")):
        for path, text in walk_strings(json.loads(f.read_text("utf-8")), f.name):
            try:
                re.compile(text, re.IGNORECASE)
            except re.error:
                continue  # not a regular expression (prose with a bracket, a template)
            out.append(Found(path, text, re.IGNORECASE))
    return out


def _modules():
    for info in pkgutil.walk_packages([str(PACKAGE)], "threadkb."):
        yield importlib.import_module(info.name)


def _patterns_in(value, depth: int = 0):
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (tuple, list, set, frozenset)):
        for v in value:
            yield from _patterns_in(v, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for v in value.values():
            yield from _patterns_in(v, depth + 1)
    elif depth < 3 and is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _patterns_in(getattr(value, f.name, None), depth + 1)


def module_patterns() -> list[Found]:
    out = []
    for mod in _modules():
        for name, value in vars(mod).items():
            for rx in _patterns_in(value):
                if isinstance(rx.pattern, str):
                    out.append(Found(f"{mod.__name__}.{name}", rx.pattern, rx.flags))
    return out


SEARCHING = {"search", "finditer", "findall", "sub", "subn", "split"}


def applied_as() -> dict[str, str]:
    """How the code applies each module-level pattern, read with ``ast``: every ``NAME.method(...)`` call in
    threadkb/**/*.py: the calls in the module that defines the pattern, else (a pattern imported elsewhere)
    every call through its name. "finditer" when one
    use searches (search, finditer, findall, sub, subn, split: every start position is tried), else "match"
    when one use matches at the start, else "fullmatch". A pattern whose uses are not read here (held in a
    tuple, passed on) gets "finditer", the costliest."""
    uses: dict[str, set[str]] = {}  # name -> methods, over all files
    local: dict[tuple[str, str], set[str]] = {}  # (module, name) -> methods in the module that defines it
    for f in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.attr in SEARCHING | {"match", "fullmatch"}:
                uses.setdefault(node.func.value.id, set()).add(node.func.attr)
                local.setdefault((module, node.func.value.id), set()).add(node.func.attr)
    out = {}
    for found in module_patterns():
        module, name = found.origin.rsplit(".", 1)
        methods = local.get((module, name)) or uses.get(name, {"finditer"})
        how = "finditer" if methods & SEARCHING else "match" if "match" in methods else "fullmatch"
        if out.get(found.pattern, how) != how:  # the same text applied two ways: the costlier
            how = "finditer" if "finditer" in (how, out[found.pattern]) else "match"
        out[found.pattern] = how
    return out


def _literal_flags(node: ast.expr | None) -> int | None:
    """``re.I | re.S`` -> the flags; None when the flags are not literal."""
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return FLAG_NAMES.get(node.attr)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        a, b = _literal_flags(node.left), _literal_flags(node.right)
        return None if a is None or b is None else a | b
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    return None


def literal_patterns() -> tuple[list[Found], list[str]]:
    """The literal patterns of ``re.<func>(...)`` calls, and where a call's pattern is not a literal (those are
    built from tables or other patterns, and the run in ``runtime_patterns`` sees them)."""
    found, built = [], []
    for f in sorted(PACKAGE.rglob("*.py")):
        rel = f.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(f.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCS and node.args):
                continue
            arg = node.args[0]
            kw = {k.arg: k.value for k in node.keywords}
            flag_pos = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                        "split": 3, "sub": 4, "subn": 4}[node.func.attr]
            flags = _literal_flags(node.args[flag_pos] if len(node.args) > flag_pos else kw.get("flags"))
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append(Found(f"{rel}:{node.lineno}", arg.value, flags if flags is not None else re.I))
            else:
                built.append(f"{rel}:{node.lineno}")
    return found, built


# the start of a script run in a fresh interpreter (argv[1]: the threadkb package folder): records in ``seen``
# every pattern string threadkb code hands to re (wrapping re._compile), with where: {(pattern, flags):
# "threadkb/parse/x.py:40"} (the first place), and {(pattern, flags, "threadkb/parse/x.py")} in ``callers``; each
# pattern so compiled is handed back wrapped, so that the run also records in ``used`` which methods the code
# calls on it (search, match, fullmatch, sub …): how the code applies it, whatever object holds it
RECORD_HOOK = r"""
import json, re, sys
seen, used, callers = {}, {}, set()
_orig = re._compile
pkg = sys.argv[1]
RE_DIR = re.__file__.rsplit('/', 1)[0]
METHODS = {"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner"}

class Recorded:
    __slots__ = ("_rx", "_key")
    def __init__(self, rx, key):
        object.__setattr__(self, "_rx", rx)
        object.__setattr__(self, "_key", key)
    @property
    def __class__(self):  # isinstance(x, re.Pattern) holds, as for the pattern it wraps
        return re.Pattern
    def __getattr__(self, name):
        if name in METHODS:
            used.setdefault(self._key, set()).add(name)
        return getattr(self._rx, name)
    def __hash__(self):
        return hash(self._rx)
    def __eq__(self, other):
        return self._rx == getattr(other, "_rx", other)
    def __repr__(self):
        return repr(self._rx)
    def __copy__(self):
        return self
    def __deepcopy__(self, memo):
        return self
    def __reduce__(self):
        return (re.compile, (self._rx.pattern, self._rx.flags))

def _compile(pattern, flags):
    if isinstance(pattern, Recorded):  # re.sub(compiled, ...): the re function is the use
        used.setdefault(pattern._key, set()).add(sys._getframe(1).f_code.co_name)
        return pattern._rx
    rx = _orig(pattern, flags)
    if isinstance(pattern, str):
        f = sys._getframe(1)
        while f is not None and f.f_code.co_filename.startswith(RE_DIR):
            f = f.f_back
        if f is not None and f.f_code.co_filename.startswith(pkg):
            where = f.f_code.co_filename[len(pkg) - 8:]
            key = (pattern, int(rx.flags))
            seen.setdefault(key, f"{where}:{f.f_lineno}")
            callers.add((pattern, int(rx.flags), where))
            return Recorded(rx, key)
    return rx
re._compile = _compile
"""

# run in a fresh interpreter: every re._compile called from threadkb code, while the pipeline runs
_RECORDER = RECORD_HOOK + r"""
import importlib, pkgutil, tempfile
for info in pkgutil.walk_packages([pkg], "threadkb."):
    importlib.import_module(info.name)
from datetime import date
from threadkb.pipeline import extract_paths
from threadkb.report import render_html, render_markdown
for ex in extract_paths(sys.argv[2:]):
    render_markdown(ex, date(2026, 1, 1))
    render_html(ex, date(2026, 1, 1))
json.dump([[p, f, o, sorted(used.get((p, f), ()))] for (p, f), o in seen.items()], sys.stdout)
"""


@dataclass(frozen=True)
class Recorded:
    """A pattern the run compiled: where, and the methods the code called on it there (empty: never applied)."""
    found: Found
    methods: frozenset[str]


def runtime_patterns(paths: list[str]) -> list[Recorded]:
    out = subprocess.run([sys.executable, "-c", _RECORDER, str(PACKAGE), *paths], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    return [Recorded(Found(o, p, f), frozenset(m)) for p, f, o, m in json.loads(out)]


def costliest(methods: set[str] | frozenset[str]) -> str | None:
    """The costliest way among ``methods`` a pattern is applied: "finditer" for any search (every start position
    is tried), else "match", else "fullmatch"; None when there is none."""
    if methods & (SEARCHING | {"scanner"}):
        return "finditer"
    return "match" if "match" in methods else "fullmatch" if "fullmatch" in methods else None


def _string_key(node: ast.AST) -> str | None:
    """The outermost string key of a subscript chain (``f["post"][0]`` -> "post", ``t["a"]["b"]`` -> "b")."""
    while isinstance(node, (ast.Subscript, ast.Call, ast.Attribute)):
        if isinstance(node, ast.Subscript):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                return node.slice.value
            node = node.value
        elif isinstance(node, ast.Call):  # re.compile(d["key"]), self._compile(d["key"])
            keys = [k for a in node.args if (k := _string_key(a))]
            return keys[0] if keys else None
        else:
            return None
    return None


def _bound_name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def key_uses(table: str) -> dict[str, set[str]]:
    """How the code applies the strings under each key of a data table, read with ``ast`` from the modules that
    name the table ("page_formats.json"): a call ``X.method(...)`` where ``X`` is a subscript with the key
    (``f["people"].fullmatch(t)``, ``f["post"][0].fullmatch``), or a name or attribute bound from one
    (``self.chain_single = re.compile(d["chain_single_number_followed_by"])`` … ``table.chain_single.match``;
    ``for rx in f["detect"]`` … ``rx.fullmatch``). key -> the methods called. A name bound from two keys
    counts for both."""
    out: dict[str, set[str]] = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        source = f.read_text("utf-8")
        if table not in source:
            continue
        tree = ast.parse(source)
        bound: dict[str, set[str]] = {}  # name or attribute -> keys
        for node in ast.walk(tree):
            pairs = []
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, (ast.comprehension, ast.For)):
                pairs = [(node.target, node.iter)]
            for target, value in pairs:
                name, key = _bound_name(target), _string_key(value)
                if name and key:
                    bound.setdefault(name, set()).add(key)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in SEARCHING | {"match", "fullmatch"}:
                held = node.func.value
                key = _string_key(held)
                for k in {key} if key else bound.get(_bound_name(held) or "", set()):
                    out.setdefault(k, set()).add(node.func.attr)
    return out


def table_uses() -> dict[str, tuple[str, str]]:
    """pattern text -> (how, where it was read) for every table string whose key ``key_uses`` finds applied in
    the code: each table string under its last key (``bugzilla.comment_header[6]`` -> "comment_header"), also
    with the table's ``{{NAME}}`` macros filled from its ``_macros`` (the form the code compiles). A text under
    two keys gets the costlier use."""
    out: dict[str, tuple[str, str]] = {}
    for f in sorted(DATA.glob("*.json")):
        uses = key_uses(f.name)
        if not uses:
            continue
        data = json.loads(f.read_text("utf-8"))
        macros = data.get("_macros", {}) if isinstance(data, dict) else {}
        for path, text in walk_strings(data, f.name):
            key = re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]
            how = costliest(uses.get(key, set()))
            if how is None:
                continue
            filled = re.sub(r"\{\{(\w+)\}\}", lambda m, fill=macros: fill.get(m.group(1), m.group(0)), text)
            for t in {text, filled}:
                if t in out and out[t][0] != how:
                    how = costliest({how, out[t][0]}) or how
                out[t] = (how, f"{path}: '{key}' is applied with {how} in the modules that read {f.name}")
    return out
