"""The event-time clock of the dedup stage: when it moves forward, old state expires.

Event time is the articles' publication day. The watermark only moves forward, so a
late article never brings back expired state. The worker and `parley extract` both
drive expiry through this one clock, which keeps their outputs equal for equal input.
"""

from __future__ import annotations

from datetime import date

from parley.dedup.dates import published_day
from parley.dedup.engine import Deduplicator

__all__ = ["EventClock"]


class EventClock:
    def __init__(self, dedup: Deduplicator) -> None:
        self._dedup = dedup
        self.watermark: date | None = None

    def observe(self, published_at: str | None) -> int:
        """Advance the watermark to this article's day; returns how many events expired."""
        key = published_day(published_at)
        day = date.fromisoformat(key) if key else None
        if day is None or (self.watermark is not None and day <= self.watermark):
            return 0
        self.watermark = day
        return self._dedup.expire(day)
