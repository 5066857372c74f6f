"""Runs the offline pipeline over event-level gold sets and scores each scope.

A scope is a group of articles scored on its own: all the sets together, each set,
and the tune and set-aside halves. Each scope is a separate run of the pipeline over
its articles in file order, as `parley extract` over the concatenated files would be,
so a scope's figures are those of `score.py` on that run's output, and one half's
reports cannot end up in an event of the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parley.evaluation.corpus import GoldSet, join
from parley.evaluation.events import EventScores, score_events
from parley.offline import LineError, OfflinePipeline
from parley.settings import Settings, load_settings

__all__ = ["NO_EXPIRY_DAYS", "ScopeResult", "predict", "run_scopes", "scopes"]

# A corpus gathers meetings of many years in no particular order; the live stream's
# event-time expiry would part reports of one meeting that arrive years apart here.
NO_EXPIRY_DAYS = 365 * 100

TUNE = "tune"
SET_ASIDE = "set-aside"


@dataclass
class ScopeResult:
    """One scope's gold, the records the pipeline published for it, and their scores."""

    gold: GoldSet
    records: list[dict[str, Any]]
    bad_lines: list[LineError]
    scores: EventScores

    @property
    def name(self) -> str:
        return self.gold.name


def eval_settings() -> Settings:
    """The environment's settings, with a dedup window that never expires."""
    return dataclasses.replace(load_settings(), dedup_window_days=NO_EXPIRY_DAYS)


def predict(
    lines: Sequence[bytes], settings: Settings | None = None
) -> tuple[list[dict[str, Any]], list[LineError]]:
    """The MeetingEvent records the offline pipeline publishes for these article lines."""
    pipeline = OfflinePipeline(settings or eval_settings(), keep_candidates=False)
    records: list[dict[str, Any]] = []
    bad: list[LineError] = []
    for item in pipeline.run(lines):
        if isinstance(item, LineError):
            bad.append(item)
        else:
            records.append(item)
    return records, bad


def scopes(
    sets: Sequence[GoldSet], aside: set[str] | None, whole_name: str = "all"
) -> list[GoldSet]:
    """All sets together (when more than one), each set, then the tune and set-aside
    halves when a set-aside list is given."""
    whole = sets[0] if len(sets) == 1 else join(whole_name, sets)
    out = [whole] + (list(sets) if len(sets) > 1 else [])
    if aside is not None:
        out.append(whole.only(TUNE, (a for a in whole.article_ids if a not in aside)))
        out.append(whole.only(SET_ASIDE, (a for a in whole.article_ids if a in aside)))
    return out


def run_scopes(
    sets: Sequence[GoldSet],
    aside: set[str] | None,
    settings: Settings | None = None,
    whole_name: str = "all",
) -> list[ScopeResult]:
    """Each scope run through the pipeline and scored."""
    settings = settings or eval_settings()
    results = []
    for scope in scopes(sets, aside, whole_name):
        records, bad = predict(scope.lines, settings)
        scores = score_events(scope.gold, scope.negatives, records)
        results.append(ScopeResult(scope, records, bad, scores))
    return results
