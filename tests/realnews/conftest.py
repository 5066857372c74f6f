"""The real-news corpus, read at run time from ../shared/corpus (never copied here).

CI lays ../shared beside the clone; a run there without it is a broken set-up, not a
reason to skip, so with CI=true its absence fails the tests that need it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.evaluation.corpus import GoldSet, load_folder
from parley.evaluation.realnews import ScopeResult, run_scopes
from parley.evaluation.setaside import read_list

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("PARLEY_REAL_CORPUS", ROOT.parent / "shared" / "corpus"))
SETS = ("real-1", "real-2", "real-3", "real-4")
SETASIDE = Path(__file__).resolve().parent / "setaside.txt"


def need_corpus() -> Path:
    """The corpus folder; fails on CI and skips elsewhere when it is not there."""
    if all((CORPUS / s / "gold.jsonl").exists() for s in SETS) and (CORPUS / "score.py").exists():
        return CORPUS
    why = f"the real-news corpus is not at {CORPUS} (sets {', '.join(SETS)} and score.py)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{why}: CI must lay ../shared beside the clone", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The corpus folder (see need_corpus)."""
    return need_corpus()


@pytest.fixture(scope="session")
def real_sets(corpus_dir: Path) -> list[GoldSet]:
    """real-1..real-4, loaded once."""
    return [load_folder(corpus_dir / s) for s in SETS]


@pytest.fixture(scope="session")
def scope_results(real_sets: list[GoldSet]) -> list[ScopeResult]:
    """Every scope of the real corpus (all, each set, tune, set-aside), run and scored once."""
    return run_scopes(real_sets, read_list(SETASIDE))
