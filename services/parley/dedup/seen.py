"""Idempotence beyond the dedup window: an article seen before publishes nothing.

The dedup state expires with its event-time window (30 days by default), and with it
the engine's own memory of which article ids it has seen. Without more, a re-feed of
older news would create its events again from version 1, under the ids they had
before: a consumer of the compacted topic would see versions go backwards.

`SeenArticles` keeps every article id and content fingerprint that reached dedup in a
keyed store of its own and answers a known one with nothing before the engine runs.
Entries are kept for `days` (400 by default, PARLEY_SEEN_DAYS) of **processing** time
after the article was last seen, not event time: a re-feed is something an operator
does today, whatever the articles' dates, and a stream whose event time leaps years
ahead (a backfill of an archive in mixed order) must not forget what it read an hour
ago. Exact keys, not a probabilistic filter: no new article is ever taken for a seen
one. Memory is bounded by the articles with candidates processed in `days` days.

Beyond `days` an article is forgotten, and its events expired long before (the dedup
window is shorter). Fed again then, it would create its events once more under the
ids they had, from version 1: versions would go backwards for a consumer of the
compacted topic. So a returning article takes a new identity instead. Processing time
is cut into identity epochs of `days` days counted from `EPOCH_ORIGIN`, and the epoch
goes into the ids of the events an article creates (`make_event_id`). An article can
only be processed again once its entry is more than `days` days old, so always in a
later epoch, under new ids. A replay (at-least-once delivery) within an epoch lands on
the same ids as before. Epoch 0 (the first `days` days from the origin) keeps the ids
of earlier versions. Changing `days` re-cuts the epochs: ids created under the old
length may then come back once.

It wraps the engine: the worker and `parley extract` call `process` and `expire` on
it where they called the engine's.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from datetime import date, timedelta
from typing import Any

from parley.dedup.dates import published_day
from parley.dedup.engine import Deduplicator, Outcome
from parley.model import Candidate

__all__ = ["EPOCH_ORIGIN", "SeenArticles", "identity_epoch"]

#: Day 0 of the first identity epoch.
EPOCH_ORIGIN = date(2026, 1, 1)


def identity_epoch(day: str, days: int) -> int:
    """The identity epoch of processing day `day` (YYYY-MM-DD) for epochs of `days` days."""
    return (date.fromisoformat(day).toordinal() - EPOCH_ORIGIN.toordinal()) // max(days, 1)


class SeenArticles:
    """The engine behind a long memory of seen article ids and texts."""

    def __init__(self, dedup: Deduplicator, store: MutableMapping[str, Any], *, days: int) -> None:
        self._dedup = dedup
        self._store = store
        self._days = days
        #: Articles answered from this memory since start, for the metrics.
        self.repeats = 0
        self._today: str | None = None

    def process(
        self, article_id: str, fingerprint: str, candidates: Sequence[Candidate], now: str
    ) -> list[dict[str, Any]]:
        """The records of `outcome`."""
        return self.outcome(article_id, fingerprint, candidates, now).records

    def outcome(
        self, article_id: str, fingerprint: str, candidates: Sequence[Candidate], now: str
    ) -> Outcome:
        """The engine's `outcome`, or nothing for an article id or text seen before.

        `now` (RFC 3339, the processing time) dates the entries.
        """
        keys = [f"id:{article_id}"] + ([f"fp:{fingerprint}"] if fingerprint else [])
        day = published_day(now)
        if day is not None and (self._today is None or day > self._today):
            self._today = day
        if any(k in self._store for k in keys):
            self.repeats += 1
            # Seen again: it stays known for another `days` from today.
            for key in keys:
                old = self._store.get(key)
                if day and (not isinstance(old, str) or old < day):
                    self._store[key] = day
            return Outcome([], [])
        epoch = identity_epoch(day, self._days) if day is not None else 0
        outcome = self._dedup.outcome(article_id, fingerprint, candidates, now, epoch=epoch)
        for key in keys:
            self._store[key] = day
        return outcome

    def expire(self, watermark: date) -> int:
        """Expire the engine's state at the event-time `watermark`, and the entries last
        seen more than `days` before the latest processing day."""
        if self._today is not None:
            cutoff = (date.fromisoformat(self._today) - timedelta(days=self._days)).isoformat()
            for key, day in list(self._store.items()):
                if not isinstance(day, str) or day < cutoff:
                    del self._store[key]
        return self._dedup.expire(watermark)
