"""CI keeps its static checks: .ci/run runs ruff and mypy before pytest, and pyproject.toml configures both."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _commands() -> list[str]:
    """The commands .ci/run executes, in order (comments and blank lines left out)."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _first(pattern: str) -> int:
    hits = [i for i, line in enumerate(_commands()) if re.search(pattern, line)]
    assert hits, f".ci/run has no command matching {pattern!r}"
    return hits[0]


def test_ci_runs_ruff_then_mypy_then_pytest():
    ruff, mypy, tests = _first(r"\bruff check\b"), _first(r"\bmypy\b"), _first(r"\bpytest\b")
    assert ruff < tests and mypy < tests
    assert "--exit-zero" not in _commands()[ruff]
    assert "|| true" not in _commands()[ruff] and "|| true" not in _commands()[mypy]


def test_ci_ruff_checks_every_python_tree():
    ruff = _commands()[_first(r"\bruff check\b")].split()
    for tree in ("threadkb", "tests", "scripts", "benchmarks"):
        assert tree in ruff


def test_ci_stops_on_the_first_failing_check():
    assert "set -euo pipefail" in _commands()


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_test_extra_installs_the_checkers(tool):
    extra = _pyproject()["project"]["optional-dependencies"]["test"]
    assert any(re.match(rf"{tool}\s*>=", req) for req in extra)


def test_ruff_selects_pyflakes_bugbear_and_import_order():
    lint = _pyproject()["tool"]["ruff"]["lint"]
    assert {"F", "B", "I"} <= set(lint["select"])
    assert not set(lint.get("ignore", [])) & {"F", "B", "I"}


def test_mypy_checks_the_package_with_reasonable_strictness():
    mypy = _pyproject()["tool"]["mypy"]
    assert "threadkb" in mypy["files"]
    for option in ("check_untyped_defs", "warn_unused_ignores", "no_implicit_optional"):
        assert mypy[option] is True
    assert not mypy.get("ignore_missing_imports", False)
    assert not mypy.get("ignore_errors", False)


def test_mypy_ignores_missing_imports_only_per_third_party_module():
    for override in _pyproject()["tool"]["mypy"].get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        assert not any(m == "threadkb" or m.startswith("threadkb.") for m in modules)
        assert not any(m in ("*", "") for m in modules)
        assert not override.get("ignore_errors", False)
