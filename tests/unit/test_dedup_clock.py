"""The event-time clock: expiry follows the latest publication day, never goes back."""

from __future__ import annotations

from typing import Any

from parley.dedup import Deduplicator, DedupSettings
from parley.dedup.clock import EventClock
from tests.unit.calls import call_candidate


def test_old_events_expire_when_the_watermark_passes_the_window() -> None:
    """An event 40 days behind the newest publication day is dropped with a 30-day window."""
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, {}, DedupSettings(window_days=30))
    clock = EventClock(dedup)
    dedup.process("a1", "fp1", [call_candidate("a1", "2024-01-01")], "2024-01-01T10:00:00Z")
    assert clock.observe("2024-01-01T10:00:00Z") == 0
    assert len(events) == 1
    assert clock.observe("2024-02-10") == 1
    assert events == {}


def test_a_late_article_does_not_move_the_clock_back() -> None:
    """A report published before the watermark leaves the watermark where it was."""
    dedup = Deduplicator({}, {}, {}, DedupSettings(window_days=30))
    clock = EventClock(dedup)
    clock.observe("2024-03-01")
    clock.observe("2023-12-01T08:00:00+01:00")
    assert str(clock.watermark) == "2024-03-01"
    assert clock.observe(None) == 0
