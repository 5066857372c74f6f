"""The extraction core as built: compiled by mypyc unless told not to, never stale.

setup.py compiles the modules it lists; these tests read that list, so CI checks that
the code it tests is the code that runs in the worker.
"""

from __future__ import annotations

import ast
import importlib
import os
from pathlib import Path

import pytest

from parley import native
from parley.native import check_fresh, compiled, stale_modules

ROOT = Path(__file__).resolve().parents[2]


def _compiled_sources() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "COMPILED":
            listed: list[str] = ast.literal_eval(node.value)
            return listed
    raise AssertionError("setup.py lists no COMPILED modules")


_SOURCES = _compiled_sources()


def _module(source: str) -> str:
    return source.removeprefix("services/").removesuffix(".py").replace("/", ".")


def test_the_listed_modules_run_compiled_unless_built_pure() -> None:
    pure = os.environ.get("PARLEY_PURE_PYTHON") == "1"
    assert len(_SOURCES) >= 10
    for source in _SOURCES:
        name = _module(source)
        importlib.import_module(name)
        assert compiled(name) is not pure, f"{name}: compiled={compiled(name)}, pure build={pure}"


def test_the_stale_check_looks_in_every_folder_setup_compiles_in() -> None:
    """check_fresh lists the folders rather than walk the package at every import."""
    for source in _SOURCES:
        folder = str(Path(source).parent.relative_to("services/parley")).replace(".", "")
        assert folder in native._FOLDERS, source


@pytest.mark.parametrize("source", _SOURCES)
def test_compiled_modules_lower_case_through_translate(source: str) -> None:
    """mypyc's own str.lower lowers a final capital sigma as a medial one."""
    calls = [
        node.lineno
        for node in ast.walk(ast.parse((ROOT / source).read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "lower"
        and not node.args
    ]
    assert calls == [], f"{source}: .lower() on lines {calls}; use parley.translate.lower"


def _build(tmp_path: Path, source_age: float, built_age: float) -> Path:
    root = tmp_path / "parley"
    (root / "extract").mkdir(parents=True)
    source = root / "extract" / "triggers.py"
    built = root / "extract" / "triggers.cpython-311-x86_64-linux-gnu.so"
    source.write_text("x = 1\n")
    built.write_bytes(b"")
    now = source.stat().st_mtime
    os.utime(source, (now - source_age, now - source_age))
    os.utime(built, (now - built_age, now - built_age))
    return root


def test_a_source_edited_after_the_build_is_stale(tmp_path: Path) -> None:
    root = _build(tmp_path, source_age=10, built_age=60)
    assert stale_modules(root) == [root / "extract" / "triggers.py"]
    with pytest.raises(ImportError, match=r"parley/extract/triggers\.py changed after"):
        check_fresh(root)


def test_a_build_newer_than_its_source_is_fresh(tmp_path: Path) -> None:
    root = _build(tmp_path, source_age=60, built_age=10)
    assert stale_modules(root) == []
    check_fresh(root)
