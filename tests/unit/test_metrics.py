"""Metrics, the latest-events list, consumer-lag arithmetic and the JSON log formatter."""

from __future__ import annotations

import io
import json
import logging
import sys
import time
from typing import Any

import pytest
from prometheus_client import generate_latest

from parley.settings import Settings
from parley.stream.lag import LagMonitor, compute_lag
from parley.stream.logs import JsonFormatter, configure_logging
from parley.stream.metrics import LatestEvents, Metrics, event_parties
from parley.stream.web import event_view


def _event(event_id: str = "evt_1", op: str = "created", version: int = 1, **over: Any) -> Any:
    record: dict[str, Any] = {
        "schema": "parley.meeting_event/1",
        "event_id": event_id,
        "version": version,
        "op": op,
        "status": "occurred",
        "kind": "call",
        "mode": "phone",
        "date": "2022-02-28",
        "date_precision": "day",
        "location": None,
        "participants": [
            {"name": "Joe Biden", "role": "President", "country": "US", "org": None},
            {
                "name": "Jens Stoltenberg",
                "role": "Secretary-General",
                "country": None,
                "org": "NATO",
            },
        ],
        "organizer": None,
        "topics": ["security"],
        "sources": [
            {
                "article_id": "a-1",
                "url": "https://example.test/a-1",
                "source": "ANI",
                "published_at": None,
                "evidence": "Biden spoke with Stoltenberg by phone.",
            }
        ],
        "confidence": 0.9,
        "first_seen_at": "2022-02-28T12:00:00Z",
        "updated_at": "2022-02-28T12:00:00Z",
    }
    record.update(over)
    return record


def _value(m: Metrics, name: str, **labels: str) -> float:
    value = m.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def _families(m: Metrics) -> dict[str, str]:
    return {f.name: f.type for f in m.registry.collect()}


def test_fresh_registry_exports_every_metric_by_prometheus_conventions() -> None:
    """A new Metrics object exposes every metric: counters as _total, durations in _seconds."""
    text = generate_latest(Metrics().registry).decode()
    for name, kind in {
        "parley_articles_consumed_total": "counter",
        "parley_articles_processed_total": "counter",
        "parley_dead_letters_total": "counter",
        "parley_events_published_total": "counter",
        "parley_events_by_party_total": "counter",
        "parley_processing_latency_seconds": "histogram",
        "parley_extraction_seconds": "histogram",
        "parley_consumer_lag_messages": "gauge",
        "parley_dedup_state_events": "gauge",
        "parley_broker_up": "gauge",
    }.items():
        assert f"# TYPE {name} {kind}" in text, name
    assert "_created" not in text, "the *_created series should be disabled"
    for family, kind in _families(Metrics()).items():
        assert family.startswith("parley_")
        if kind == "histogram":
            assert family.endswith("_seconds"), family


def test_each_metrics_object_has_its_own_registry() -> None:
    """Two Metrics objects count independently, so tests and apps in one process do not collide."""
    a, b = Metrics(), Metrics()
    a.consumed()
    assert _value(a, "parley_articles_consumed_total") == 1
    assert _value(b, "parley_articles_consumed_total") == 0


def test_counters_add_up_to_the_articles_consumed() -> None:
    """Consumed equals articles with events plus without events plus dead letters, by label."""
    m = Metrics()
    for _ in range(5):
        m.consumed()
    m.dead_letter("not_json")
    m.dead_letter("empty_body")
    m.article_done(True)
    m.article_done(True)
    m.article_done(False)
    consumed = _value(m, "parley_articles_consumed_total")
    processed = sum(
        _value(m, "parley_articles_processed_total", outcome=o)
        for o in ("with_events", "without_events")
    )
    dead = sum(_value(m, "parley_dead_letters_total", reason=r) for r in ("not_json", "empty_body"))
    assert consumed == processed + dead == 5
    assert _value(m, "parley_articles_processed_total", outcome="without_events") == 1
    summary = m.summary()
    assert summary["articles_consumed"] == 5
    assert summary["dead_letters"] == 2
    assert summary["dead_letters_by_reason"] == {"empty_body": 1, "not_json": 1}


def test_published_counts_by_op_and_kind_and_observes_latency() -> None:
    """published() counts by op and kind, and observes latency when the input had a timestamp."""
    m = Metrics()
    m.published(_event(), int((time.time() - 2.0) * 1000))
    m.published(_event(op="updated", version=2), None)
    assert _value(m, "parley_events_published_total", op="created", kind="call") == 1
    assert _value(m, "parley_events_published_total", op="updated", kind="call") == 1
    assert _value(m, "parley_processing_latency_seconds_count") == 1
    latency = _value(m, "parley_processing_latency_seconds_sum")
    assert 1.5 < latency < 30
    assert m.summary()["latency_p95_seconds"] == 2.5


def test_parties_are_counted_once_per_event_across_updates() -> None:
    """An update counts only countries and organisations its event did not have before."""
    m = Metrics()
    m.published(_event(), None)
    m.published(_event(op="updated", version=2), None)
    joined = _event(op="updated", version=3)
    joined["participants"].append(
        {"name": "Olaf Scholz", "role": "Chancellor", "country": "DE", "org": None}
    )
    m.published(joined, None)
    m.published(_event("evt_2"), None)

    def count(party_type: str, party: str) -> float:
        return _value(m, "parley_events_by_party_total", party_type=party_type, party=party)

    assert count("country", "US") == 2
    assert count("org", "NATO") == 2
    assert count("country", "DE") == 1


def test_party_labels_are_bounded_to_codes_and_acronyms() -> None:
    """A participant field that is not a code or an acronym becomes the label value 'other'."""
    record = _event(
        participants=[
            {"name": "X", "role": None, "country": "United States", "org": None},
            {"name": "Y", "role": None, "country": None, "org": "a" * 40},
            {"name": "Z", "role": None, "country": "FR", "org": "AU"},
        ]
    )
    assert event_parties(record) == {
        ("country", "other"),
        ("org", "other"),
        ("country", "FR"),
        ("org", "AU"),
    }


def test_latest_events_are_bounded_and_an_update_moves_to_the_top() -> None:
    """The list keeps the newest `maxlen` events, newest first, one entry per event id."""
    latest = LatestEvents(maxlen=3)
    for i in range(5):
        latest.add(_event(f"evt_{i}"))
    assert [e["event_id"] for e in latest.snapshot()] == ["evt_4", "evt_3", "evt_2"]
    seq = latest.seq
    latest.add(_event("evt_2", op="updated", version=2))
    assert latest.seq == seq + 1
    top = latest.snapshot()
    assert [e["event_id"] for e in top] == ["evt_2", "evt_4", "evt_3"]
    assert top[0]["version"] == 2
    assert len(latest) == 3
    assert latest.snapshot(limit=1)[0]["event_id"] == "evt_2"


def test_metrics_published_feeds_the_latest_events() -> None:
    """Metrics.published puts the record on the live page's list, so no second hook is needed."""
    m = Metrics(latest_events=10)
    m.published(_event(), None)
    (only,) = m.latest.snapshot()
    assert only["event_id"] == "evt_1"
    assert only["seq"] == 1


def test_an_absorbed_event_leaves_the_page_and_is_counted_as_merged() -> None:
    """An event merged into another disappears from the live list and is no update."""
    m = Metrics(latest_events=10)
    m.published(_event("evt_a"), None)
    m.published(_event("evt_b"), None)
    m.published(_event("evt_b", op="updated", version=2, merged_into="evt_a"), None)
    m.published(_event("evt_a", op="updated", version=2), None)
    assert [e["event_id"] for e in m.latest.snapshot()] == ["evt_a"]
    assert _value(m, "parley_events_published_total", op="merged", kind="call") == 1
    assert _value(m, "parley_events_published_total", op="updated", kind="call") == 1


def test_event_view_keeps_what_the_page_shows() -> None:
    """The page's view of an event keeps participants and the last source's evidence only."""
    record = _event()
    record["sources"].append(
        {
            "article_id": "a-2",
            "url": None,
            "source": "Reuters",
            "published_at": None,
            "evidence": "Second sentence.",
        }
    )
    view = event_view(record)
    assert view["participants"] == record["participants"]
    assert view["source_count"] == 2
    assert view["source"]["evidence"] == "Second sentence."
    assert "sources" not in view


def test_set_lag_replaces_series_and_marks_the_broker_up() -> None:
    """A lag refresh sets one gauge per partition and removes partitions no longer reported."""
    m = Metrics()
    m.set_lag({("news", 0): 5, ("news", 1): 0})
    assert _value(m, "parley_consumer_lag_messages", topic="news", partition="0") == 5
    assert _value(m, "parley_broker_up") == 1
    m.set_lag({("news", 1): 3})
    assert (
        m.registry.get_sample_value(
            "parley_consumer_lag_messages", {"topic": "news", "partition": "0"}
        )
        is None
    )
    assert m.summary()["consumer_lag"] == 3
    m.broker_unreachable()
    assert _value(m, "parley_broker_up") == 0


def test_compute_lag_from_committed_end_and_earliest_offsets() -> None:
    """Lag is end minus committed; no commit or a commit below the earliest counts from earliest."""
    end = {("t", 0): 10, ("t", 1): 10, ("t", 2): 10, ("t", 3): 0}
    committed: dict[tuple[str, int], int | None] = {("t", 0): 7, ("t", 1): -1, ("t", 2): 2}
    earliest = {("t", 0): 0, ("t", 1): 4, ("t", 2): 5, ("t", 3): 0}
    assert compute_lag(end, committed, earliest) == {
        ("t", 0): 3,
        ("t", 1): 6,
        ("t", 2): 5,
        ("t", 3): 0,
    }
    assert compute_lag({("t", 0): 4}, {}) == {("t", 0): 4}


class _Offset:
    def __init__(self, offset: int) -> None:
        self.offset = offset


class _FakeAdmin:
    """Answers like kafka-python's KafkaAdminClient for one two-partition topic."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.closed = False

    def describe_topics(self, topics: list[str]) -> list[dict[str, Any]]:
        if self.fail:
            raise OSError("connection refused")
        return [
            {
                "name": "in",
                "error_code": 0,
                "partitions": [{"partition_index": 0}, {"partition_index": 1}],
            },
            {"name": "missing", "error_code": 3, "partitions": []},
        ]

    def list_group_offsets(self, specs: dict[str, Any]) -> dict[str, Any]:
        ((group, tps),) = specs.items()
        return {group: {tp: _Offset(8 if tp.partition == 0 else -1) for tp in tps}}

    def list_partition_offsets(self, specs: dict[Any, Any]) -> dict[Any, Any]:
        latest = all(int(s) == -1 for s in specs.values())
        return {tp: _Offset(10 if latest else 0) for tp in specs}

    def close(self) -> None:
        self.closed = True


def test_lag_monitor_refresh_sets_gauges_and_tracks_reachability() -> None:
    """A refresh sets the lag gauges; a failed one marks the brokers unreachable until one works."""
    m = Metrics()
    admins = [_FakeAdmin(), _FakeAdmin(fail=True), _FakeAdmin()]
    made: list[_FakeAdmin] = []

    def factory() -> _FakeAdmin:
        made.append(admins[len(made)])
        return made[-1]

    monitor = LagMonitor(
        Settings(), m, topics=["in", "missing"], group_id="g", interval=1.0, admin_factory=factory
    )
    assert not monitor.reachable
    assert monitor.refresh()
    assert monitor.reachable
    assert _value(m, "parley_consumer_lag_messages", topic="in", partition="0") == 2
    assert _value(m, "parley_consumer_lag_messages", topic="in", partition="1") == 10

    made[0].fail = True
    assert not monitor.refresh()
    assert made[0].closed, "a failed client is closed and rebuilt on the next round"
    assert _value(m, "parley_broker_up") == 0
    assert not monitor.refresh()
    assert monitor.refresh()
    assert len(made) == 3
    assert _value(m, "parley_broker_up") == 1


def test_lag_monitor_thread_starts_and_stops() -> None:
    """The background thread refreshes at once after start and ends on stop."""
    m = Metrics()
    monitor = LagMonitor(
        Settings(), m, topics=["in"], group_id="g", interval=30.0, admin_factory=_FakeAdmin
    )
    monitor.start()
    deadline = time.monotonic() + 5
    while not monitor.reachable and time.monotonic() < deadline:
        time.sleep(0.01)
    monitor.stop()
    assert monitor.reachable
    assert _value(m, "parley_consumer_lag_messages", topic="in", partition="0") == 2


def _record(**extra: Any) -> logging.LogRecord:
    logger = logging.getLogger("parley.test")
    return logger.makeRecord(
        "parley.test",
        logging.WARNING,
        __file__,
        1,
        "dead letter: %s",
        ("not_json",),
        None,
        extra=extra,
    )


def test_json_formatter_writes_one_object_with_the_message_coordinates() -> None:
    """A log line is one JSON object with time, level, logger, message and the extra fields."""
    line = JsonFormatter().format(
        _record(topic="news", partition=3, offset=42, event_id="evt_1", reason="not_json")
    )
    assert "\n" not in line
    doc = json.loads(line)
    assert doc["level"] == "WARNING"
    assert doc["logger"] == "parley.test"
    assert doc["message"] == "dead letter: not_json"
    assert (doc["topic"], doc["partition"], doc["offset"], doc["event_id"]) == (
        "news",
        3,
        42,
        "evt_1",
    )
    assert doc["reason"] == "not_json"
    assert doc["time"].endswith("+00:00")
    assert list(doc)[:4] == ["time", "level", "logger", "message"]


def test_json_formatter_survives_exceptions_and_odd_extras() -> None:
    """Exceptions become a field on the same line and unserialisable extras become strings."""
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = _record(payload=object())
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    doc = json.loads(line)
    assert "ValueError: bad" in doc["exception"]
    assert doc["payload"].startswith("<object object")


@pytest.mark.usefixtures("restore_logging")
def test_configure_logging_sends_json_lines_to_the_stream() -> None:
    """configure_logging replaces the root handlers with one that writes JSON lines."""
    stream = io.StringIO()
    configure_logging("debug", stream=stream)
    logging.getLogger("parley.x").info("hello %s", "world", extra={"event_id": "evt_9"})
    logging.getLogger("kafka.conn").info("noise")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["message"] == "hello world"
    assert doc["event_id"] == "evt_9"


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize("level", ["info", logging.INFO])
def test_configure_logging_accepts_names_and_numbers(level: str | int) -> None:
    """The level may be given as faust's lower-case name or as a logging constant."""
    configure_logging(level, stream=io.StringIO())
    assert logging.getLogger().level == logging.INFO
