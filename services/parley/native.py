"""Whether the extraction core runs compiled, and a guard against stale compiled modules.

setup.py compiles the core with mypyc in place, beside its sources. Python imports an
extension module before a source of the same name, so a source edited after the
build would be ignored without a word and the old code would run. `check_fresh`, run
when the package is imported, refuses that instead.
"""

from __future__ import annotations

import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__all__ = ["check_fresh", "compiled", "core_build", "stale_modules"]

# The package folders setup.py compiles modules in.
_FOLDERS = ("", "extract", "knowledge")


def stale_modules(root: Path) -> list[Path]:
    """The sources under `root` changed after their compiled module was built."""
    stale = []
    for folder in _FOLDERS:
        for built in (root / folder).glob("*.so"):
            for suffix in EXTENSION_SUFFIXES:
                if built.name.endswith(suffix):
                    source = built.with_name(built.name.removesuffix(suffix) + ".py")
                    if source.exists() and source.stat().st_mtime > built.stat().st_mtime:
                        stale.append(source)
                    break
    return stale


def check_fresh(root: Path) -> None:
    """Raise ImportError when a compiled module under `root` is older than its source."""
    stale = stale_modules(root)
    if stale:
        names = ", ".join(str(p.relative_to(root.parent)) for p in stale)
        raise ImportError(
            f"{names} changed after the extraction core was compiled, and Python would "
            "run the old compiled code: run `make setup` (or `pip install -e .`) to "
            "compile it again, or delete the .so files to run the sources"
        )


def compiled(module: str) -> bool:
    """Whether `module`, already imported, runs from a compiled extension."""
    where = sys.modules[module].__file__
    return where is not None and not where.endswith(".py")


def core_build() -> str:
    """How this install runs the extraction core, for the benchmarks' headers."""
    import parley.extract.extractor  # noqa: F401  (imported to ask how it was loaded)

    if compiled("parley.extract.extractor"):
        return "extraction core compiled by mypyc"
    return "extraction core run from its Python sources"
