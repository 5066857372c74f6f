"""Unit checks of issue #17's pieces: dead letters that fit, error classes, real dates,
a clock one article cannot move, a long memory of seen articles, stall detection."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
import pytest
from aiokafka import errors as aerr

from parley.dedup import Deduplicator, DedupSettings, make_event_id
from parley.dedup.clock import WATERMARK_KEY, EventClock
from parley.dedup.seen import SeenArticles, identity_epoch
from parley.ingest.decode import Rejected, decode_article, parse_published_at
from parley.kafka.failures import retriable
from parley.publish.dead_letter import dead_letter
from parley.stream.progress import StallDetector
from tests.unit.calls import call_candidate

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_dead_letter_of_a_large_input_fits_and_names_the_original() -> None:
    """A 2 MB value gives a record under the limit with a prefix, the length and the hash."""
    value = b"x" * 2_000_000
    record = dead_letter("body_too_large", "big", key=b"k1", value=value, max_bytes=1_048_576)
    assert len(orjson.dumps(record)) <= 1_048_576 - 512
    prefix = base64.b64decode(record["value_b64"])
    assert value.startswith(prefix)
    assert len(prefix) > 700_000
    assert record["truncated"] is True
    assert record["value_bytes"] == 2_000_000
    assert record["value_sha256"] == hashlib.sha256(value).hexdigest()
    assert base64.b64decode(record["key_b64"]) == b"k1"


def test_dead_letter_that_fits_is_unchanged() -> None:
    """A small input keeps its whole bytes and no truncation fields."""
    record = dead_letter("not_json", "x", key=None, value=b"{", max_bytes=1_048_576)
    assert base64.b64decode(record["value_b64"]) == b"{"
    assert "truncated" not in record


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (aerr.MessageSizeTooLargeError("too big"), False),
        (aerr.TopicAuthorizationFailedError(), False),
        (aerr.CorruptRecordException(), False),
        (aerr.NotEnoughReplicasError(), True),
        (aerr.KafkaTimeoutError(), True),
        (aerr.KafkaConnectionError(), True),
        (RuntimeError("bug"), True),
    ],
)
def test_errors_say_whether_a_retry_helps(error: BaseException, expected: bool) -> None:
    """Size, authorization and invalid records are final; timeouts and the rest are not."""
    assert retriable(error) is expected


@pytest.mark.parametrize(
    "value", ["2024-13-45", "2023-02-29", "2024-01-02T24:00Z", "2024-01-02T10:61", "0000-00-00"]
)
def test_impossible_dates_are_schema_violations(value: str) -> None:
    """A published_at of the right shape naming no real instant is rejected."""
    result = decode_article(orjson.dumps({"id": "a", "body": "text", "published_at": value}))
    assert isinstance(result, Rejected)
    assert result.reason == "schema_violation"


def test_real_dates_of_every_shape_parse() -> None:
    """Dates, lower-case separators, offsets without colon and leap seconds are accepted."""
    assert parse_published_at("2024-02-29") == datetime(2024, 2, 29, tzinfo=UTC)
    assert parse_published_at("2024-01-02t10:00z") == datetime(2024, 1, 2, 10, tzinfo=UTC)
    assert parse_published_at("2024-01-02 10:00+0100") == datetime(2024, 1, 2, 9, tzinfo=UTC)
    assert parse_published_at("2016-12-31T23:59:60Z") is not None


def test_articles_from_the_future_are_dead_letters_within_a_tolerance() -> None:
    """Published 2099 is rejected; a few hours ahead (a time zone) is not."""
    tolerance = timedelta(hours=36)

    def decode(published: str) -> Any:
        raw = orjson.dumps({"id": "a", "body": "text", "published_at": published})
        return decode_article(raw, max_future=tolerance, now=NOW)

    far = decode("2099-01-01T00:00:00Z")
    assert isinstance(far, Rejected)
    assert far.reason == "published_in_future"
    assert not isinstance(decode("2026-12-08T09:00:00+09:00"), Rejected)


def test_clock_ignores_days_ahead_of_the_wall_clock_and_before_the_floor() -> None:
    """2099 and 1970 leave the watermark where the plausible articles put it."""
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, {}, DedupSettings(window_days=30))
    clock = EventClock(dedup, now=lambda: NOW)
    dedup.process("a1", "fp1", [call_candidate("a1", "2026-11-20")], "2026-11-20T10:00:00Z")
    clock.observe("2026-11-20T10:00:00Z")
    assert clock.observe("2099-01-01") == 0
    assert clock.observe("1970-01-01") == 0
    assert clock.watermark == date(2026, 11, 20)
    assert len(events) == 1


def test_clock_position_survives_a_restart_through_its_store() -> None:
    """A new clock over the same store resumes from the stored watermark."""
    store: dict[str, Any] = {}
    dedup = Deduplicator({}, {}, {}, DedupSettings(window_days=30))
    EventClock(dedup, store, now=lambda: NOW).observe("2026-10-01")
    again = EventClock(dedup, store, now=lambda: NOW)
    assert store[WATERMARK_KEY] == "2026-10-01"
    assert again.watermark == date(2026, 10, 1)
    assert again.observe("2026-09-01") == 0


def test_seen_articles_publish_nothing_after_the_dedup_window() -> None:
    """After its event expired, the same article id, or its text under a new id, publishes
    nothing; a new article still does."""
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, {}, DedupSettings(window_days=30))
    guard = SeenArticles(dedup, {}, days=400)
    clock = EventClock(guard, now=lambda: NOW)
    first = guard.process("a1", "fp1", [call_candidate("a1", "2024-01-01")], "2024-01-01T10:00:00Z")
    assert [r["version"] for r in first] == [1]
    clock.observe("2024-01-01")
    clock.observe("2024-06-01")
    assert events == {}
    assert (
        guard.process("a1", "fp1", [call_candidate("a1", "2024-01-01")], "2024-06-01T10:00:00Z")
        == []
    )
    assert (
        guard.process("a9", "fp1", [call_candidate("a9", "2024-01-01")], "2024-06-01T10:00:00Z")
        == []
    )
    assert guard.process("a2", "fp2", [call_candidate("a2", "2024-06-01")], "2024-06-01T10:00:00Z")


def test_seen_entries_expire_by_processing_time_not_event_time() -> None:
    """An archive article is remembered however far event time leaps; entries go once
    processing time is `days` past the day they were last seen."""
    store: dict[str, Any] = {}
    guard = SeenArticles(Deduplicator({}, {}, {}), store, days=400)
    guard.process("a1", "fp1", [], "2024-01-01T10:00:00Z")
    guard.expire(date(2099, 1, 1))
    assert store == {"id:a1": "2024-01-01", "fp:fp1": "2024-01-01"}
    guard.process("a2", "fp2", [], "2025-03-01T10:00:00Z")
    guard.expire(date(2024, 1, 1))
    assert "id:a1" not in store
    assert "id:a2" in store


def test_an_article_back_after_it_was_forgotten_takes_a_new_identity() -> None:
    """Re-fed after its seen entry expired, an article creates its event under a new id
    (never an old id at version 1); a replay within an epoch keeps the same id."""
    events: dict[str, Any] = {}
    store: dict[str, Any] = {}
    guard = SeenArticles(
        Deduplicator(events, {}, {}, DedupSettings(window_days=30)), store, days=400
    )
    clock = EventClock(guard, now=lambda: NOW)
    first = guard.process("a1", "fp1", [call_candidate("a1", "2026-03-01")], "2026-03-01T10:00:00Z")
    joined = guard.process(
        "a2", "fp2", [call_candidate("a2", "2026-03-01")], "2026-03-01T11:00:00Z"
    )
    old_id = first[0]["event_id"]
    # Epoch 0 keeps the ids of earlier versions.
    assert old_id == make_event_id("a1", 0)
    assert [(r["event_id"], r["version"]) for r in joined] == [(old_id, 2)]
    clock.observe("2026-03-01")
    clock.observe("2026-06-01")
    assert events == {}
    # 401 processing days later the article is forgotten; its entries go at expiry.
    guard.process("a3", "fp3", [], "2027-04-06T10:00:00Z")
    guard.expire(date(2026, 6, 1))
    assert "id:a1" not in store
    again = guard.process("a1", "fp1", [call_candidate("a1", "2026-03-01")], "2027-04-06T10:05:00Z")
    assert [r["version"] for r in again] == [1]
    assert again[0]["event_id"] != old_id
    # A replay on a state that never saw the article, later in the same epoch: same id.
    replay = SeenArticles(Deduplicator({}, {}, {}), {}, days=400).process(
        "a1", "fp1", [call_candidate("a1", "2026-03-01")], "2027-09-30T10:00:00Z"
    )
    assert replay[0]["event_id"] == again[0]["event_id"]
    assert identity_epoch("2026-01-01", 400) == 0
    assert identity_epoch("2027-02-04", 400) == 0
    assert identity_epoch("2027-02-05", 400) == 1


def test_the_stopped_dedup_shape_is_a_dedup_stall_that_reaches_the_exit_time() -> None:
    """Candidates waiting with dedup's committed offset still and the input caught up
    (lag 0): dedup alone is stalled, on the worker that holds the candidates partition,
    for as long as the wait lasts, so the exit after PARLEY_STALL_EXIT_SECONDS comes."""
    now = [0.0]
    detector = StallDetector({"in": "extract", "cand": "dedup"}, 60, clock=lambda: now[0])
    mine = [("in", 0), ("cand", 0)]
    for second in range(0, 301, 3):
        now[0] = second
        stalled = detector.update({("in", 0): (500, 500), ("cand", 0): (120, 405)}, mine)
    assert stalled == {"extract": False, "dedup": True}
    assert detector.partitions == [("cand", 0)]
    assert detector.stalled_for() >= 300
    # The other worker, holding only input partitions, reports nothing.
    other = StallDetector({"in": "extract", "cand": "dedup"}, 60, clock=lambda: now[0])
    for second in range(0, 301, 3):
        now[0] = second
        assert not other.update({("in", 1): (7, 7), ("cand", 0): (120, 405)}, [("in", 1)])["dedup"]


def test_stall_needs_input_waiting_and_no_progress_for_the_whole_time() -> None:
    """Waiting without movement for stall_seconds is stalled; a commit or an empty
    partition clears it at once; partitions of other workers do not count."""
    now = [0.0]
    detector = StallDetector({"in": "extract", "cand": "dedup"}, 60, clock=lambda: now[0])
    tp = ("cand", 0)
    assert detector.update({tp: (5, 9)}) == {"extract": False, "dedup": False}
    now[0] = 59
    assert not detector.update({tp: (5, 9)})["dedup"]
    now[0] = 61
    assert detector.update({tp: (5, 9)})["dedup"]
    assert not detector.update({tp: (5, 9)}, assigned=[("in", 0)])["dedup"]
    now[0] = 62
    assert not detector.update({tp: (6, 9)})["dedup"]
    now[0] = 200
    assert not detector.update({tp: (9, 9)})["dedup"]
    # Input arriving after a long idle spell is not a stall yet.
    now[0] = 201
    assert not detector.update({tp: (9, 12)})["dedup"]
