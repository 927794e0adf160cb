"""The data tables' loader (threadkb/tables.py): every table of threadkb/data loads through it and has a
schema; a broken copy of any table stops with one line naming the table and the place in it."""
from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from threadkb import tables

DATA = Path(tables.__file__).parent / "data"
NAMES = tables.table_names()  # the directory listing: a new table is covered without editing this test


def test_the_listing_finds_the_tables():
    assert {"attributions.json", "claim_kinds.json", "page_formats.json", "policy_index.json.gz"} <= set(NAMES)
    assert all(not n.startswith("schemas") for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_table_loads_through_its_schema(name):
    assert (DATA / tables.SCHEMA_DIR / tables.schema_name(name)).is_file(), f"{name} has no schema"
    data = tables.load(name)
    assert isinstance(data, dict) and data


def _keys(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", k
            yield from _keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _keys(v, f"{path}[{i}]")


def _raw(name: str):
    data = (DATA / name).read_bytes()
    return json.loads(gzip.decompress(data) if name.endswith(".gz") else data)


@pytest.mark.parametrize("name", NAMES)
def test_one_documentation_key(name):
    """Documentation is ``_doc`` in every table (not about/notes/comment), and the loader drops it."""
    raw = _raw(name)
    assert not [p for p, k in _keys(raw) if k in ("about", "notes", "comment", "_comment", "doc", "_notes")]
    assert isinstance(raw.get("_doc"), (str, list)) or name == "policy_index.json.gz"  # generated, no prose
    assert not [p for p, k in _keys(tables.load(name)) if k == tables.DOC_KEY]


def test_load_returns_a_copy():
    a = tables.load("mail_subjects.json")
    a["reply_prefixes"].append("XX")
    assert "XX" not in tables.load("mail_subjects.json")["reply_prefixes"]


def test_path_text():
    assert tables.path_text(["attributions", 12, "pattern"]) == "attributions[12].pattern"
    assert tables.path_text([]) == ""
    assert tables.path_text([3, "a"]) == "[3].a"


# --------------------------------------------------------------------------- broken copies


def _copy(tmp_path: Path, name: str, data) -> Path:
    root = tmp_path / "data"
    (root / tables.SCHEMA_DIR).mkdir(parents=True)
    shutil.copy(DATA / tables.SCHEMA_DIR / tables.schema_name(name), root / tables.SCHEMA_DIR)
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    (root / name).write_bytes(gzip.compress(text) if name.endswith(".gz") else text)
    return root


def _regex_places(schema: dict, data, path=()):
    """(path, value) of every string the schema says is a regular expression."""
    if schema.get("format") == "regex" and isinstance(data, str):
        yield path
    for sub in schema.get("anyOf", []):
        yield from _regex_places(sub, data, path)
    if isinstance(data, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for k, v in data.items():
            sub = props.get(k, extra if isinstance(extra, dict) else None)
            if sub:
                yield from _regex_places(sub, v, path + (k,))
    elif isinstance(data, list):
        prefix = schema.get("prefixItems", [])
        for i, v in enumerate(data):
            sub = prefix[i] if i < len(prefix) else schema.get("items")
            if isinstance(sub, dict):
                yield from _regex_places(sub, v, path + (i,))


def _set(data, path, value):
    for p in path[:-1]:
        data = data[p]
    data[path[-1]] = value


@pytest.mark.parametrize("name", NAMES)
def test_a_broken_copy_names_the_table_and_the_place(name, tmp_path):
    schema = json.loads((DATA / tables.SCHEMA_DIR / tables.schema_name(name)).read_text("utf-8"))
    data = _raw(name)
    places = list(_regex_places(schema, data))
    if places:  # a bad regular expression: its place and re's message
        path = places[len(places) // 2]
        _set(data, path, "(?P<unclosed>a")
        want = f"{name}: {tables.path_text(path)}: bad regex: missing ), unterminated subpattern"
    else:  # a field of the wrong type: the first required field of the top object gets a number... or a list
        key = schema["required"][0]
        data[key] = 12345 if not isinstance(data[key], (int, float)) or isinstance(data[key], bool) else ["x"]
        want = f"{name}: {key}: "
    root = _copy(tmp_path, name, data)
    with pytest.raises(tables.TableError) as err:
        tables.read(name, root)
    assert str(err.value).startswith(want), str(err.value)


@pytest.mark.parametrize("mutate,want", [
    (lambda d: d["attributions"][12].__setitem__("pattern", "[unclosed"),
     "attributions.json: attributions[12].pattern: bad regex: unterminated character set at position 0"),
    (lambda d: d["attributions"][3].pop("client"),
     "attributions.json: attributions[3]: 'client' is a required property"),
    (lambda d: d["attributions"][5].__setitem__("clinet", "typo"),
     "attributions.json: attributions[5]: Additional properties are not allowed ('clinet' was unexpected)"),
    (lambda d: d.__setitem__("attributions", {"id": "x"}),
     "attributions.json: attributions: {'id': 'x'} is not of type 'array'"),
])
def test_named_errors(mutate, want, tmp_path):
    data = _raw("attributions.json")
    mutate(data)
    with pytest.raises(tables.TableError, match="^" + re.escape(want) + "$"):
        tables.read("attributions.json", _copy(tmp_path, "attributions.json", data))


def test_not_json_names_the_line(tmp_path):
    root = _copy(tmp_path, "dates.json", {})
    (root / "dates.json").write_text('{\n  "_doc": "x",\n  "months": {,}\n}', encoding="utf-8")
    with pytest.raises(tables.TableError, match=r"^dates\.json: line 3 column 14: Expecting property name"):
        tables.read("dates.json", root)


def test_a_missing_schema_is_an_error(tmp_path):
    root = _copy(tmp_path, "dates.json", _raw("dates.json"))
    (root / tables.SCHEMA_DIR / "dates.schema.json").unlink()
    with pytest.raises(tables.TableError, match=r"^dates\.schema\.json: cannot read"):
        tables.read("dates.json", root)


def test_doc_is_allowed_in_any_object_and_dropped(tmp_path):
    data = _raw("attributions.json")
    data["attributions"][0]["_doc"] = "why this row"
    data["header_fields"]["_doc"] = ["two", "lines"]
    out = tables.read("attributions.json", _copy(tmp_path, "attributions.json", data))
    assert "_doc" not in out["attributions"][0] and "_doc" not in out["header_fields"] and "_doc" not in out


@pytest.mark.parametrize("name, fmt, found", [
    ("relations.json", "threadkb-relations-model/1", True),
    ("kinds.json", "threadkb-kinds-model/1", True),
    ("relations.json", "threadkb-kinds-model/1", False),  # another format: not this model
    ("nope.json", "threadkb-relations-model/1", False),  # the package has none: the rules alone
])
def test_one_reader_for_the_shipped_models(name, fmt, found):
    model = tables.model(name, fmt)
    assert (model.get("format") == fmt) is found and (model == {}) is (not found)
