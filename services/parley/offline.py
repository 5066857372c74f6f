"""The whole pipeline without Kafka: the same decode, extract and dedup as the worker.

`parley extract` and `parley eval` run on this, so the offline output's final state
is what the stream would publish for the same articles in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        keep_candidates: bool = True,
        on_mention: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        """`keep_candidates=False` leaves `candidates_by_article` and `holders()` empty:
        only `parley eval` reads them, and on a long input they grow by one entry per
        article. `on_mention` receives each MeetingMention v1 record (see the mentions
        topic), in the order the worker would produce them."""
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
        self._on_mention = on_mention
        # (article_id, candidate index) -> the event it went into, and absorbed -> survivor.
        self._held: dict[tuple[str, int], str] = {}
        self._merged: dict[str, str] = {}

    def holders(self) -> dict[tuple[str, int], str]:
        """Which event holds each report now, merges followed (empty without
        keep_candidates)."""

        def final(event_id: str) -> str:
            while event_id in self._merged:
                event_id = self._merged[event_id]
            return event_id

        return {report: final(event_id) for report, event_id in self._held.items()}

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
            outcome = self.guard.outcome(article.id, content_fingerprint(article), found, utc_now())
            for mention in outcome.mentions:
                if self._keep_candidates:
                    key = (str(mention["article_id"]), int(mention["candidate_index"]))
                    self._held[key] = str(mention["event_id"])
                if self._on_mention is not None:
                    self._on_mention(mention)
            if self._keep_candidates:
                for record in outcome.records:
                    if record.get("merged_into"):
                        self._merged[record["event_id"]] = record["merged_into"]
            yield from outcome.records
            self.clock.observe(article.published_at)
