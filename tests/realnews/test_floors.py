"""Real-news figures stay at or above their floors (tests/realnews/floors.toml).

The extractor and dedup run offline over ../shared/corpus/real-1..4, as `parley eval
--corpus` does, and every scope's figures are held to the floors kept in one file, set
just under the figures of the day they were raised.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from parley.evaluation.events import FIGURES
from parley.evaluation.realnews import ScopeResult

FLOORS_FILE = Path(__file__).resolve().parent / "floors.toml"
FLOORS: dict[str, dict[str, float]] = tomllib.loads(FLOORS_FILE.read_text(encoding="utf-8"))
# Figures where fewer is better: the floor file gives their ceiling.
CEILINGS = {"negatives_with_events"}


def test_the_floor_file_names_real_scopes_and_figures() -> None:
    """Every scope is one `parley eval --corpus` prints and every figure one of score.py's."""
    assert set(FLOORS) == {"all", "real-1", "real-2", "real-3", "real-4", "tune", "set-aside"}
    for floors in FLOORS.values():
        assert set(floors) <= set(FIGURES)
        assert {"event_F1", "participant_F1", "date_exact", "dedup_bcubed_F1"} <= set(floors)


@pytest.mark.parametrize("scope", sorted(FLOORS))
def test_no_figure_drops_below_its_floor(scope: str, scope_results: list[ScopeResult]) -> None:
    """Each figure of the scope at or above its floor (negatives with events at or under)."""
    [result] = [r for r in scope_results if r.name == scope]
    figures = result.scores.figures
    fallen = []
    for name, bound in FLOORS[scope].items():
        value = figures[name]
        below = value > bound if name in CEILINGS else value is None or value < bound
        if below:
            fallen.append(f"{name} {value} (floor {bound})")
    assert not fallen, f"{scope}: " + "; ".join(fallen)
