"""Prometheus metrics of the worker, named by Prometheus conventions, and the latest events.

A registry of its own per Metrics object keeps tests that build several apps in one
process from colliding in the global registry.

The accounting the operators rely on holds at any instant after a message is fully
handled::

    parley_articles_consumed_total
        == sum(parley_articles_processed_total) + sum(parley_dead_letters_total)

`Metrics.published` also feeds `LatestEvents`, the bounded in-memory list the live page
shows, so the topology needs no second hook for the page.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics

__all__ = ["LatestEvents", "Metrics", "event_parties"]

# prometheus_client adds a `*_created` series beside every counter and histogram; the
# dashboards never query them and Prometheus would store them all. The switch is
# process-wide, which is what the worker wants anyway.
disable_created_metrics()  # type: ignore[no-untyped-call]

# Input timestamp to published: a healthy worker answers in well under a second, a
# lagging one in minutes, so the buckets reach far enough to show a backlog draining.
_LATENCY_BUCKETS = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
)  # fmt: skip
_EXTRACT_BUCKETS = (0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0)

# Label values come from extracted data; only values shaped like an ISO alpha-2 code
# or an organisation acronym become labels, so a bad record cannot blow up the series
# count of the 'events by country' panel.
_COUNTRY = re.compile(r"[A-Z]{2}")
_ORG = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.\- ]{0,15}")

# How many event ids remember which parties were already counted. An update arriving
# after its event fell out of this window counts its parties again; at the rate news
# reports a meeting that is rare and only inflates the panel slightly.
_PARTY_MEMORY = 10_000


def event_parties(record: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The (party_type, party) pairs of a MeetingEvent: countries and organisations."""
    parties: set[tuple[str, str]] = set()
    for p in record.get("participants") or ():
        country, org = p.get("country"), p.get("org")
        if isinstance(country, str) and country:
            parties.add(("country", country if _COUNTRY.fullmatch(country) else "other"))
        if isinstance(org, str) and org:
            parties.add(("org", org if _ORG.fullmatch(org) else "other"))
    return parties


class LatestEvents:
    """The newest version of the most recently published events, newest first.

    A bounded ordered map, not a plain deque: an update replaces the older version of
    the same event and moves it to the top, which is what a person watching the page
    expects. `seq` grows with every change so that pollers can skip unchanged lists.
    """

    def __init__(self, maxlen: int = 200) -> None:
        self.maxlen = maxlen
        self._events: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._seq = 0
        # Written from the event loop, read by the web handlers on the same loop, but
        # also by tests and any thread that scrapes; a lock keeps snapshots whole.
        self._lock = threading.Lock()

    def add(self, record: Mapping[str, Any]) -> None:
        event_id = str(record.get("event_id", ""))
        with self._lock:
            self._seq += 1
            self._events.pop(event_id, None)
            if record.get("merged_into"):
                return  # absorbed into another event: it is no longer a meeting of its own
            self._events[event_id] = {**record, "seen_at": time.time(), "seq": self._seq}
            while len(self._events) > self.maxlen:
                self._events.popitem(last=False)

    @property
    def seq(self) -> int:
        return self._seq

    def snapshot(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Copies of the stored records, newest first."""
        with self._lock:
            items = list(reversed(self._events.values()))
        return [dict(r) for r in items[:limit]]

    def __len__(self) -> int:
        return len(self._events)


class Metrics:
    """Every metric the worker exports, in one registry, plus the latest events."""

    def __init__(self, latest_events: int = 200) -> None:
        self.registry = CollectorRegistry()
        self.latest = LatestEvents(latest_events)
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
            "Inputs sent to the dead-letter topic, by reason code.",
            ["reason"],
            registry=r,
        )
        self.events_published = Counter(
            "parley_events_published_total",
            "MeetingEvent records published, by op (created, updated; merged for an event"
            " absorbed into another) and kind.",
            ["op", "kind"],
            registry=r,
        )
        self.events_by_party = Counter(
            "parley_events_by_party_total",
            "Events involving a country or organisation, counted once per event.",
            ["party_type", "party"],
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
            "Time to extract the meetings of one article.",
            buckets=_EXTRACT_BUCKETS,
            registry=r,
        )
        self.dedup_events = Gauge(
            "parley_dedup_state_events", "Events held in the dedup state.", registry=r
        )
        self.consumer_lag = Gauge(
            "parley_consumer_lag_messages",
            "End offset minus committed offset of the worker's consumer group.",
            ["topic", "partition"],
            registry=r,
        )
        self.broker_up = Gauge(
            "parley_broker_up",
            "1 if the last lag refresh reached the brokers, else 0.",
            registry=r,
        )
        self.lag_refreshed = Gauge(
            "parley_consumer_lag_refresh_timestamp_seconds",
            "Unix time of the last successful consumer-lag refresh.",
            registry=r,
        )
        self.delivery_refused_total = Counter(
            "parley_delivery_refused_total",
            "Records a topic refused for good (size, authorization, invalid): their input"
            " went to the dead letters instead of being retried forever.",
            ["topic"],
            registry=r,
        )
        self.stage_stalled = Gauge(
            "parley_stage_stalled",
            "1 while a stage has input waiting and its committed offsets have not moved"
            " for PARLEY_STALL_SECONDS, else 0.",
            ["stage"],
            registry=r,
        )
        for stage in ("extract", "dedup"):
            self.stage_stalled.labels(stage).set(0)
        # Zero series exist from the start so that rate() and the accounting identity
        # work before the first article of each outcome arrives. Every article counts
        # in one of them, so both are kept rather than looked up under a lock each time.
        self._with_events = self.articles_processed.labels("with_events")
        self._without_events = self.articles_processed.labels("without_events")
        self._counted_parties: OrderedDict[str, frozenset[tuple[str, str]]] = OrderedDict()
        self._lag_series: set[tuple[str, str]] = set()

    # -- called by the topology (app.py) -------------------------------------------

    def consumed(self) -> None:
        self.articles_consumed.inc()

    def dead_letter(self, reason: str) -> None:
        self.dead_letters.labels(reason).inc()

    def delivery_refused(self, topic: str) -> None:
        self.delivery_refused_total.labels(topic).inc()

    def set_stalled(self, stalled: Mapping[str, bool]) -> None:
        for stage, value in stalled.items():
            self.stage_stalled.labels(stage).set(1 if value else 0)

    def article_done(self, had_events: bool) -> None:
        (self._with_events if had_events else self._without_events).inc()

    def published(self, record: dict[str, Any], input_timestamp_ms: int | None) -> None:
        # An absorbed event's last record is counted apart: it neither creates nor updates
        # a meeting, and its parties were counted when it was created.
        absorbed = bool(record.get("merged_into"))
        self.events_published.labels("merged" if absorbed else record["op"], record["kind"]).inc()
        if input_timestamp_ms:
            self.latency.observe(max(0.0, time.time() - input_timestamp_ms / 1000))
        if absorbed:
            self._counted_parties.pop(str(record.get("event_id", "")), None)
        else:
            self._count_parties(record)
        self.latest.add(record)

    def state_size(self, events: int) -> None:
        self.dedup_events.set(events)

    @contextmanager
    def extraction_timer(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.extraction.observe(time.perf_counter() - start)

    # -- called by the lag monitor (lag.py) ------------------------------------------

    def set_lag(self, lags: Mapping[tuple[str, int], int]) -> None:
        """Replace the lag series; partitions no longer reported are removed."""
        current = {(topic, str(partition)) for topic, partition in lags}
        for stale in self._lag_series - current:
            self.consumer_lag.remove(*stale)
        for (topic, partition), lag in lags.items():
            self.consumer_lag.labels(topic, str(partition)).set(lag)
        self._lag_series = current
        self.broker_up.set(1)
        self.lag_refreshed.set(time.time())

    def broker_unreachable(self) -> None:
        self.broker_up.set(0)

    # -- read by the live page -------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """The counters a person watching the live page wants, as plain numbers."""

        def total(name: str, **labels: str) -> float:
            return _sum_samples(self.registry, name, labels)

        by_reason = _by_label(self.registry, "parley_dead_letters_total", "reason")
        by_kind = _by_label(self.registry, "parley_events_published_total", "kind", op="created")
        parties: list[dict[str, Any]] = [
            {"party_type": s.labels["party_type"], "party": s.labels["party"], "count": s.value}
            for family in self.registry.collect()
            for s in family.samples
            if s.name == "parley_events_by_party_total" and s.value > 0
        ]
        # Country codes and organisation acronyms can coincide (AU: Australia, African
        # Union), so the page gets the type with each party.
        parties.sort(key=lambda p: (-p["count"], p["party"]))
        lag = _by_label(self.registry, "parley_consumer_lag_messages", "topic")
        count = total("parley_processing_latency_seconds_count")
        return {
            "articles_consumed": total("parley_articles_consumed_total"),
            "articles_with_events": total("parley_articles_processed_total", outcome="with_events"),
            "articles_without_events": total(
                "parley_articles_processed_total", outcome="without_events"
            ),
            "dead_letters": sum(by_reason.values()),
            "dead_letters_by_reason": by_reason,
            "events_created": total("parley_events_published_total", op="created"),
            "events_updated": total("parley_events_published_total", op="updated"),
            "events_merged": total("parley_events_published_total", op="merged"),
            "created_by_kind": by_kind,
            "events_by_party": parties,
            "consumer_lag": sum(lag.values()),
            "consumer_lag_by_topic": lag,
            "broker_up": total("parley_broker_up") == 1,
            "stalled_stages": sorted(
                k for k, v in _by_label(self.registry, "parley_stage_stalled", "stage").items() if v
            ),
            "dedup_state_events": total("parley_dedup_state_events"),
            "latency_mean_seconds": (
                total("parley_processing_latency_seconds_sum") / count if count else None
            ),
            "latency_p95_seconds": _histogram_quantile(
                self.registry, "parley_processing_latency_seconds", 0.95
            ),
        }

    def _count_parties(self, record: Mapping[str, Any]) -> None:
        event_id = str(record.get("event_id", ""))
        parties = event_parties(record)
        already = self._counted_parties.pop(event_id, frozenset())
        for party_type, party in parties - already:
            self.events_by_party.labels(party_type, party).inc()
        self._counted_parties[event_id] = already | parties
        while len(self._counted_parties) > _PARTY_MEMORY:
            self._counted_parties.popitem(last=False)


def _sum_samples(registry: CollectorRegistry, sample: str, labels: Mapping[str, str]) -> float:
    total = 0.0
    for family in registry.collect():
        for s in family.samples:
            if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def _by_label(
    registry: CollectorRegistry, sample: str, label: str, **match: str
) -> dict[str, float]:
    out: dict[str, float] = {}
    for family in registry.collect():
        for s in family.samples:
            if s.name != sample or any(s.labels.get(k) != v for k, v in match.items()):
                continue
            key = s.labels.get(label, "")
            out[key] = out.get(key, 0.0) + s.value
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _histogram_quantile(registry: CollectorRegistry, name: str, q: float) -> float | None:
    """The upper bound of the bucket holding quantile `q`, as a rough live estimate."""
    buckets: list[tuple[float, float]] = []
    for family in registry.collect():
        for s in family.samples:
            if s.name == f"{name}_bucket":
                buckets.append((float(s.labels["le"]), s.value))
    buckets.sort()
    if not buckets or buckets[-1][1] == 0:
        return None
    rank = q * buckets[-1][1]
    finite = [b for b, _ in buckets if b != float("inf")]
    for bound, cumulative in buckets:
        if cumulative >= rank:
            # Past the last finite bucket the honest answer is "more than that", and
            # JSON has no infinity; the page prints it as a lower bound.
            return bound if bound != float("inf") else (finite[-1] if finite else None)
    return None
