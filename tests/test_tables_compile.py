"""Patterns of the data tables are compiled in one place, the loader (threadkb/tables.py), once per process,
with the flags, macros and placeholders the table's schema declares; modules get ``re.Pattern`` objects
(``tables.patterns``) and never compile a table's pattern string themselves."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from regex_inventory import RECORD_HOOK
from threadkb import tables

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "threadkb"
RUN_FILES = ["027_", "014_", "030_", "031_", "017_", "047_", "046_", "015_", "050_", "063_", "024_", "004_"]
# modules not moved to the loader yet (the lead moves the link stage into a package and adopts tables.patterns)


def _pattern_strings(value) -> set[str]:
    """The pattern text of every regex place of a compiled table (templates: their text)."""
    if isinstance(value, re.Pattern):
        return {value.pattern}
    if isinstance(value, tables.Template):
        return {value.text}
    if isinstance(value, dict):
        return set().union(*map(_pattern_strings, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_pattern_strings, value)) if value else set()
    return set()


# every pattern string handed to re by threadkb code, with the file that handed it (regex_inventory's hook),
# while `threadkb run` ingests, parses, extracts, links, stores and reports corpus files
_RECORDER = RECORD_HOOK + r"""
from threadkb.cli import main
out = sys.argv[2]
try:
    main(["run", "--quiet", "--db", out + "/kb.sqlite", "--output-dir", out, *sys.argv[3:]])
except SystemExit:
    pass
sys.stdout.write("\n@@RECORD@@" + json.dumps(sorted({(p, where) for p, _, where in callers})))
"""


@pytest.fixture(scope="module")
def compiled_during_a_run(tmp_path_factory) -> list[tuple[str, str]]:
    files = sorted(str(p) for prefix in RUN_FILES for p in (ROOT / "corpora").glob(f"{prefix}*"))
    assert len(files) >= 10
    out = subprocess.run([sys.executable, "-c", _RECORDER, str(PACKAGE), str(tmp_path_factory.mktemp("run")),
                          *files], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return [tuple(x) for x in json.loads(out.rsplit("@@RECORD@@", 1)[1])]


def test_no_module_compiles_a_table_pattern(compiled_during_a_run):
    """Every pattern string that holds a table's pattern (as it is, or joined into a bigger one, or with its
    placeholders filled) was handed to ``re`` by the loader, not by the module that uses it."""
    table_strings = {s for name in tables.table_names() for s in _pattern_strings(tables.patterns(name))}
    table_strings |= {t.stand_in("") for name in tables.table_names()
                      for t in _templates(tables.patterns(name))}
    long_ones = {s for s in table_strings if len(s) >= 12}  # shorter ones ("\\s+") are also code's own
    assert len(long_ones) > 400
    by_module = [(p, where) for p, where in compiled_during_a_run
                 if where != "threadkb/tables.py"]
    assert len(by_module) > 50  # the modules' own patterns are seen
    offending = sorted({where for p, where in by_module if any(s in p for s in long_ones)})
    assert offending == []
    from_tables = {p for p, where in compiled_during_a_run if where == "threadkb/tables.py"}
    assert len(from_tables) > 400


def _templates(value):
    if isinstance(value, tables.Template):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _templates(v)
    elif isinstance(value, list):
        for v in value:
            yield from _templates(v)


def test_a_pattern_is_compiled_once_and_shared():
    """The modules hold the loader's Pattern objects themselves (not a second compile of the same text)."""
    from threadkb.extract import citations, entities
    from threadkb.parse import pages

    shipped = tables.patterns("citation_patterns.json")
    assert citations.get_table().chain is shipped["chain"]
    assert citations.get_table().rows[0].regex is shipped["patterns"][0]["regex"]
    assert entities.get_table().api_cue is tables.patterns("entity_patterns.json")["api"]["cue"]
    assert pages._formats()["github"]["post"][0] is tables.patterns("page_formats.json")["github"]["post"][0]
    assert tables.patterns("dates.json") is not tables.patterns("dates.json")  # the containers are copies


@pytest.mark.parametrize("table,path,flags", [
    ("quote_intros.json", ("message", 0), re.I),  # "x-flags": "i"
    ("quote_intros.json", ("normative",), 0),
    ("claim_cues.json", ("own_report",), re.I | re.M),  # "im"
    ("citation_patterns.json", ("thread_documents", "rows", 0, "regex"), re.I),
    ("entity_patterns.json", ("api", "file_extension"), re.I),
    ("entity_patterns.json", ("api", "cue"), 0),
    ("kb_done_cues.json", ("action_item_status", "done"), re.I),
    ("link_cues.json", ("refers_back",), re.I | re.M),
    ("link_cues.json", ("figure",), 0),
])
def test_the_schema_gives_the_flags(table, path, flags):
    value = tables.patterns(table)
    for p in path:
        value = value[p]
    assert value.flags & (re.I | re.M | re.S | re.X) == flags


def test_a_case_sensitive_row_drops_the_i_flag():
    rows = [r for kind in tables.patterns("claim_cues.json")["kinds"].values() for r in kind]
    sensitive = [r for r in rows if r.get("case_sensitive")]
    assert sensitive and all(not r["pattern"].flags & re.I for r in sensitive)
    assert all(r["pattern"].flags & re.I for r in rows if not r.get("case_sensitive"))


def test_macros_are_expanded_before_compiling():
    cit = tables.patterns("citation_patterns.json")
    raw = tables.load("citation_patterns.json")
    assert "{KW}" in raw["chain"] and "{KW}" not in cit["chain"].pattern
    assert "{DOC}" in json.dumps(raw) and "{DOC}" not in json.dumps(sorted(_pattern_strings(cit)))
    assert "[Ss]ections?" in cit["macros"]["KW"].pattern
    assert "{{" not in json.dumps(sorted(_pattern_strings(tables.patterns("page_formats.json"))))
    ent = tables.patterns("entity_patterns.json")
    assert not any("{DATE}" in r["regex"].pattern or "{UNIT}" in r["regex"].pattern for r in ent["entities"])


def test_a_template_is_filled_by_the_loader():
    rows = tables.patterns("claim_cues.json")["kinds"]["commitment"]
    will = next(r["pattern"] for r in rows if r["cue"] == "will")
    assert isinstance(will, tables.Template) and will.filled and "{SELF}" in will.text
    assert will.where == "kinds.commitment[0].pattern"
    rx = will.fill(SELF="(?:SHECA)")
    assert "{SELF}" not in rx.pattern and rx is will.fill(SELF="(?:SHECA)")  # compiled once per filling
    plain = next(r["pattern"] for kind in tables.patterns("claim_cues.json")["kinds"].values() for r in kind
                 if isinstance(r["pattern"], tables.Template) and not r["pattern"].filled)
    assert plain.fill(SELF="x") is plain.empty
    with pytest.raises(tables.TableError, match=r"^claim_cues\.json: kinds\.commitment\[0\]\.pattern: bad regex: "):
        will.fill(SELF="(unclosed")


def test_a_built_pattern_names_its_table():
    with pytest.raises(tables.TableError, match=r"^mail_subjects\.json: reply_prefixes: bad regex: "):
        tables.compile("mail_subjects.json", "reply_prefixes", "(?:Re|[)")


def _schema_copy(tmp_path: Path, name: str, data: dict) -> Path:
    root = tmp_path / "data"
    (root / tables.SCHEMA_DIR).mkdir(parents=True)
    src = Path(tables.__file__).parent / "data" / tables.SCHEMA_DIR / tables.schema_name(name)
    (root / tables.SCHEMA_DIR / src.name).write_bytes(src.read_bytes())
    (root / name).write_text(json.dumps(data), encoding="utf-8")
    return root


@pytest.mark.parametrize("mutate,want", [
    # a bad macro is named, not the first row that uses it
    (lambda d: d["macros"].__setitem__("KW", "(?:sections"),
     "citation_patterns.json: macros.KW: bad regex: missing ), unterminated subpattern at position 0"),
    # a row bad only once its macros are expanded
    (lambda d: d["patterns"][2].__setitem__("regex", "{KW}{2,1}"),
     "citation_patterns.json: patterns[2].regex: bad regex: min repeat greater than max repeat"),
    # a macro that uses itself
    (lambda d: d["macros"].__setitem__("KW", "a{KW}"),
     "citation_patterns.json: macros.KW: macros nested deeper than 16"),
])
def test_macro_errors_name_the_place(mutate, want, tmp_path):
    data = json.loads((Path(tables.__file__).parent / "data" / "citation_patterns.json").read_text("utf-8"))
    mutate(data)
    with pytest.raises(tables.TableError) as err:
        tables.read_table("citation_patterns.json", _schema_copy(tmp_path, "citation_patterns.json", data))
    assert str(err.value).startswith(want), str(err.value)
