"""The event-time clock of the dedup stage: when it moves forward, old state expires.

Event time is the articles' publication day. The watermark only moves forward, so a
late article never brings back expired state. The worker and `parley extract` both
drive expiry through this one clock, which keeps their outputs equal for equal input.

One article must not be able to move it far: a date ahead of the wall clock (beyond
`tolerance`, for time zones and clock skew) or before `FLOOR` leaves it where it is.
Ingest already turns such future dates into dead letters (ingest/decode.py); the
clock checks again so that no other path can take it to 2099 and expire everything.

The position is kept in `store` (a faust table in the worker), so that a restarted
worker expires from where the last one stopped instead of from the first article.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from parley.dedup.dates import published_day

__all__ = ["FLOOR", "WATERMARK_KEY", "EventClock", "Expiring"]

#: Publication days before this never move the clock (nor set its first position).
FLOOR = date(1990, 1, 1)
#: The key of the clock's position in its store.
WATERMARK_KEY = "watermark"


class Expiring(Protocol):
    def expire(self, watermark: date) -> int: ...


class EventClock:
    def __init__(
        self,
        dedup: Expiring,
        store: MutableMapping[str, Any] | None = None,
        *,
        tolerance: timedelta = timedelta(hours=36),
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """`now` is the wall clock (UTC by default); tests pass a fixed one."""
        self._dedup = dedup
        self._store: MutableMapping[str, Any] = {} if store is None else store
        self._tolerance = tolerance
        self._now = now or (lambda: datetime.now(UTC))

    @property
    def watermark(self) -> date | None:
        # Read from the store each time: in the worker the table is filled from its
        # changelog after the agent that holds this clock has started.
        value = self._store.get(WATERMARK_KEY)
        return date.fromisoformat(value) if isinstance(value, str) else None

    def ceiling(self) -> date:
        """The latest day the clock may move to now."""
        return (self._now() + self._tolerance).date()

    def observe(self, published_at: str | None) -> int:
        """Advance the watermark to this article's day; returns how many events expired."""
        key = published_day(published_at)
        day = date.fromisoformat(key) if key else None
        watermark = self.watermark
        if day is None or (watermark is not None and day <= watermark):
            return 0
        if day < FLOOR or day > self.ceiling():
            return 0
        self._store[WATERMARK_KEY] = day.isoformat()
        return self._dedup.expire(day)
