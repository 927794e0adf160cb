"""The stage boundaries, read from the import statements of every module (ast over threadkb/**/*.py, imports
inside functions included): what each stage may not import, where the command handlers live, and that no two
modules import each other (directly or around a loop)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "threadkb"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _known(name: str) -> str | None:
    """The module ``name`` is or is inside (``threadkb.parse.threading.join_copies``: ``threadkb.parse.threading``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """The threadkb modules ``module`` imports anywhere in its file (``from threadkb import x`` names module x)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_known(a.name) for a in node.names if a.name.split(".")[0] == "threadkb")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            if base.split(".")[0] != "threadkb":
                continue
            for a in node.names:
                full = f"{base}.{a.name}"
                found.add(full if full in MODULES else _known(base))
    found.discard(None)
    found.discard(module)
    return found  # type: ignore[return-value]


GRAPH = {m: imports_of(m) for m in MODULES}


def _in(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


# (modules the rule is about, modules they must not import, why)
RULES = [
    (["threadkb.report", "threadkb.export", "threadkb.evaluate"], ["threadkb.pipeline", "threadkb.commands"],
     "a writer or scorer is given what the pipeline found; the command handler runs the pipeline"),
    (["threadkb.ingest"], ["threadkb.parse"], "ingest reads inputs; threading and names are parse's or neutral"),
    (["threadkb.link"],
     ["threadkb.extract.claims", "threadkb.extract.claim_model", "threadkb.extract.claim_training"],
     "link reads the claims' data (Claim, Extraction.message_facts), not the claim detector's rules"),
    ([m for m in MODULES if m != "threadkb" and not _in(m, "threadkb.commands") and m != "threadkb.cli"],
     ["threadkb.commands"],
     "the command handlers are the top: only the CLI reaches them"),
]


@pytest.mark.parametrize("sources, banned, why", RULES, ids=["report-export-eval", "ingest", "link", "commands"])
def test_stage_rules(sources, banned, why):
    broken = sorted(f"{m} imports {d}" for m in MODULES if any(_in(m, s) for s in sources)
                    for d in GRAPH[m] if any(_in(d, b) for b in banned))
    assert broken == [], why


def test_the_checker_reads_every_form_of_import(tmp_path, monkeypatch):
    """Module-level, function-level, ``from threadkb import x``, ``import threadkb.x.y`` and relative imports."""
    report = MODULES["threadkb.report"]
    assert "threadkb.report.model" in GRAPH["threadkb.report"]  # from threadkb.report.model import ...
    assert "threadkb.kb" in GRAPH["threadkb.commands.export"]  # inside a function
    assert "threadkb.export" in GRAPH["threadkb.commands.export"]
    assert report.name == "__init__.py"
    assert GRAPH["threadkb"] == set()  # the package's __init__ (not among the commands rule's modules)
    fake = tmp_path / "fake.py"
    fake.write_text("import threadkb.parse.threading\nfrom threadkb import pipeline\n"
                    "def f():\n    from . import evaluate\n    from .extract.claims import prose_quotes\n",
                    encoding="utf-8")
    monkeypatch.setitem(MODULES, "threadkb.fake", fake)
    assert imports_of("threadkb.fake") == {"threadkb.parse.threading", "threadkb.pipeline", "threadkb.evaluate",
                                           "threadkb.extract.claims"}


# Import loops still there, each to be broken by the module's owner: the list may only shrink.
KNOWN_CYCLES: list[set[str]] = []


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(comp)
    return out


def test_no_import_cycle():
    cycles = _cycles(GRAPH)
    assert [c for c in cycles if c not in KNOWN_CYCLES] == []
    assert [c for c in KNOWN_CYCLES if c not in cycles] == [], "a known loop is gone: take it off KNOWN_CYCLES"


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, [{"a", "b"}]),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [{"a", "b", "c"}]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b", "c"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [{"c", "d"}, {"a", "b"}]),
])
def test_cycle_finder(graph, expected):
    assert sorted(map(sorted, _cycles(graph))) == sorted(map(sorted, expected))


def test_extract_citations_and_resolve_do_not_import_each_other():
    assert "threadkb.extract.citations" not in GRAPH["threadkb.extract.resolve"]


def test_command_handlers_live_in_the_commands_package():
    """Every ``cli_*`` function is a command handler in threadkb/commands; the CLI names each of them."""
    from threadkb.cli import COMMANDS

    handlers = {(m, node.name) for m, path in MODULES.items()
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.FunctionDef) and node.name.startswith("cli_")}
    assert {m for m, _ in handlers} <= {m for m in MODULES if _in(m, "threadkb.commands")}
    assert handlers == set(COMMANDS.values())
    cli_imports = GRAPH["threadkb.cli"]
    assert not any(_in(m, "threadkb.commands") or m == "threadkb.pipeline" for m in cli_imports)  # by name only
