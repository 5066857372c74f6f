"""The extraction core stays readable: no module of extract/ over 500 lines, no function
over 80 (issue #14). Measured from the sources' parse, so it cannot drift."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import parley.extract

_FOLDER = Path(parley.extract.__file__).parent
_MODULES = sorted(_FOLDER.glob("*.py"))
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80


def function_spans(source: str) -> dict[str, int]:
    """Each function's (and method's) line span in `source`, its decorators excluded."""
    spans: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            spans[f"{node.name}:{node.lineno}"] = node.end_lineno - node.lineno + 1
    return spans


def test_the_measure_counts_a_functions_lines() -> None:
    """The span of a three-line function is three, and nested ones are measured too."""
    spans = function_spans("def f():\n    def g():\n        pass\n    return g\n")
    assert spans == {"f:1": 4, "g:2": 2}


def test_the_core_has_modules_to_measure() -> None:
    """The glob finds the core's modules (an empty list would pass every test below)."""
    assert len(_MODULES) > 10


@pytest.mark.parametrize("path", _MODULES, ids=lambda p: p.name)
def test_no_module_is_over_the_limit(path: Path) -> None:
    """A module of extract/ holds at most MAX_FILE_LINES lines: split it by what it does."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FILE_LINES, f"{path.name}: {lines} lines"


@pytest.mark.parametrize("path", _MODULES, ids=lambda p: p.name)
def test_no_function_is_over_the_limit(path: Path) -> None:
    """A function of extract/ spans at most MAX_FUNCTION_LINES lines: name its steps."""
    spans = function_spans(path.read_text(encoding="utf-8"))
    long = {name: n for name, n in spans.items() if n > MAX_FUNCTION_LINES}
    assert not long, f"{path.name}: {long}"
