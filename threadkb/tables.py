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
"""
from __future__ import annotations

import copy
import gzip
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import jsonschema

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
    return copy.deepcopy(_loaded(name))


@lru_cache(maxsize=None)
def _loaded(name: str) -> Any:
    return read(name, resources.files("threadkb.data"))


def read(name: str, root: Traversable) -> Any:
    """The table ``root/<name>`` checked against ``root/schemas/<its schema>`` (uncached; ``load`` caches)."""
    raw = _read(root.joinpath(name), name)
    schema = _read(root.joinpath(SCHEMA_DIR).joinpath(schema_name(name)), schema_name(name))
    check(name, raw, schema)
    return _strip_docs(raw)


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
    """Raise :class:`TableError` naming ``name`` and the path of the first place ``data`` breaks ``schema``."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not errors:
        return
    err = errors[0]
    where = path_text(err.absolute_path)
    what = err.message
    if err.validator == "format" and err.validator_value == "regex":
        try:
            re.compile(err.instance)
        except re.error as exc:
            what = f"bad regex: {exc}"
    raise TableError(f"{name}: {where}: {what}" if where else f"{name}: {what}")


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
