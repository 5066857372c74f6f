"""Prometheus metrics of the worker, named by Prometheus conventions.

A registry of its own per Metrics object keeps tests that build several apps in one
process from colliding in the global registry.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["Metrics"]

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_EXTRACT_BUCKETS = (0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.articles_consumed = Counter(
            "parley_articles_consumed_total", "Input messages consumed.", registry=r
        )
        self.articles_processed = Counter(
            "parley_articles_processed_total",
            "Valid articles through dedup, by whether they stated any meeting.",
            ["outcome"],
            registry=r,
        )
        self.dead_letters = Counter(
            "parley_dead_letters_total",
            "Inputs sent to the dead-letter topic.",
            ["reason"],
            registry=r,
        )
        self.events_published = Counter(
            "parley_events_published_total",
            "MeetingEvent records published.",
            ["op", "kind"],
            registry=r,
        )
        self.latency = Histogram(
            "parley_processing_latency_seconds",
            "Input record timestamp to output record published.",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.extraction = Histogram(
            "parley_extraction_seconds",
            "Time to extract one article.",
            buckets=_EXTRACT_BUCKETS,
            registry=r,
        )
        self.dedup_events = Gauge(
            "parley_dedup_state_events", "Events held in the dedup state.", registry=r
        )
        self.consumer_lag = Gauge(
            "parley_consumer_lag_messages",
            "End offset minus committed offset.",
            ["topic", "partition"],
            registry=r,
        )
        for outcome in ("with_events", "without_events"):
            self.articles_processed.labels(outcome)

    def consumed(self) -> None:
        self.articles_consumed.inc()

    def dead_letter(self, reason: str) -> None:
        self.dead_letters.labels(reason).inc()

    def article_done(self, had_events: bool) -> None:
        self.articles_processed.labels("with_events" if had_events else "without_events").inc()

    def published(self, record: dict[str, Any], input_timestamp_ms: int | None) -> None:
        self.events_published.labels(record["op"], record["kind"]).inc()
        if input_timestamp_ms:
            self.latency.observe(max(0.0, time.time() - input_timestamp_ms / 1000))

    def state_size(self, events: int) -> None:
        self.dedup_events.set(events)

    @contextmanager
    def extraction_timer(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.extraction.observe(time.perf_counter() - start)
