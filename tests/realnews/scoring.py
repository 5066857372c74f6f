"""The corpus's own scorer, run in-process on files, for comparison with parley's."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson

_loaded: dict[Path, ModuleType] = {}


def reference(corpus: Path) -> ModuleType:
    """score.py of the corpus as a module (loaded once)."""
    path = corpus / "score.py"
    if path not in _loaded:
        spec = importlib.util.spec_from_file_location("shared_corpus_score", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _loaded[path] = module
    return _loaded[path]


def reference_figures(
    corpus: Path,
    folder: Path,
    gold: Iterable[Mapping[str, Any]],
    negatives: Iterable[str],
    records: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """What score.py --json says for these gold meetings, negatives and records."""
    paths = [folder / "gold.jsonl", folder / "negatives.txt", folder / "pred.jsonl"]
    paths[0].write_bytes(b"".join(orjson.dumps(g) + b"\n" for g in gold))
    paths[1].write_text("".join(f"{n}\tnegative\n" for n in negatives), encoding="utf-8")
    paths[2].write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    # score.py leaves its negatives file to the garbage collector; not our warning to raise.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        figures: dict[str, Any] = reference(corpus).main(
            ["score.py", *(str(p) for p in paths), "--json"]
        )
    return figures
