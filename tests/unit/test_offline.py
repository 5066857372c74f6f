"""The offline pipeline: what `keep_candidates` changes, and what it must not."""

from __future__ import annotations

from typing import Any

from parley.offline import OfflinePipeline
from parley.settings import load_settings
from tests.conftest import CORPUS

_ENVELOPE_TIMES = ("first_seen_at", "updated_at")


def _run(keep: bool) -> tuple[list[dict[str, Any]], OfflinePipeline]:
    lines = [
        line for line in (CORPUS / "a.articles.jsonl").read_bytes().splitlines() if line.strip()
    ]
    # The corpus spans years: no expiry, so that both runs see every report.
    pipeline = OfflinePipeline(
        load_settings({"PARLEY_DEDUP_WINDOW_DAYS": "36500"}), keep_candidates=keep
    )
    records = [
        {k: v for k, v in r.items() if k not in _ENVELOPE_TIMES}
        for r in pipeline.run(lines)
        if isinstance(r, dict)
    ]
    return records, pipeline


def test_without_kept_candidates_the_records_are_the_same_and_nothing_accumulates() -> None:
    kept, with_candidates = _run(True)
    dropped, without = _run(False)
    assert kept
    assert dropped == kept
    assert with_candidates.candidates_by_article
    assert without.candidates_by_article == {}
    assert without.events.keys() == with_candidates.events.keys()
