"""The whole pipeline without Kafka: the same decode, extract and dedup as the worker.

`parley extract` and `parley eval` run on this, so the offline output's final state
is what the stream would publish for the same articles in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from parley.dedup import Deduplicator, DedupSettings, content_fingerprint
from parley.dedup.clock import EventClock
from parley.dedup.seen import SeenArticles
from parley.extract import extract
from parley.ingest.decode import Rejected, decode_article
from parley.model import Candidate
from parley.publish.dead_letter import utc_now
from parley.settings import Settings

__all__ = ["LineError", "OfflinePipeline"]


@dataclass(frozen=True, slots=True)
class LineError:
    line_no: int
    reason: str
    detail: str


class OfflinePipeline:
    """Decode, extract and deduplicate a sequence of NewsArticle JSON lines."""

    def __init__(self, settings: Settings | None = None, *, keep_candidates: bool = True) -> None:
        """`keep_candidates=False` leaves `candidates_by_article` empty: only `parley eval`
        reads it, and on a long input it grows by one entry per article."""
        self.settings = settings or Settings()
        self._keep_candidates = keep_candidates
        self.events: dict[str, Any] = {}
        self.day_index: dict[str, Any] = {}
        self.seen: dict[str, Any] = {}
        self.dedup = Deduplicator(
            self.events,
            self.day_index,
            self.seen,
            DedupSettings(window_days=self.settings.dedup_window_days),
        )
        self.seen_long: dict[str, Any] = {}
        self.guard = SeenArticles(self.dedup, self.seen_long, days=self.settings.seen_days)
        self.tolerance = timedelta(hours=self.settings.future_tolerance_hours)
        self.clock = EventClock(self.guard, {}, tolerance=self.tolerance)
        self.candidates_by_article: dict[str, list[Candidate]] = {}

    def run(self, lines: Iterable[bytes]) -> Iterator[dict[str, Any] | LineError]:
        """MeetingEvent records in publication order, and a LineError for each bad line."""
        for line_no, line in enumerate(lines, start=1):
            article = decode_article(
                line,
                max_body_bytes=self.settings.max_body_bytes,
                languages=self.settings.language_set,
                max_future=self.tolerance,
            )
            if isinstance(article, Rejected):
                yield LineError(line_no, article.reason, article.detail)
                continue
            found = extract(article)
            if self._keep_candidates:
                self.candidates_by_article[article.id] = found
            if not found:
                continue  # as in the worker, only articles with candidates reach dedup
            yield from self.guard.process(
                article.id,
                content_fingerprint(article),
                found,
                utc_now(),
            )
            self.clock.observe(article.published_at)
