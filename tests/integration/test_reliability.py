"""Issue #17 on the real broker: no record stalls a partition, one date cannot wipe the
state, a re-feed publishes nothing, and /readyz follows progress."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from kafka import KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient
from kafka.errors import KafkaError

from parley.broker import local
from parley.settings import Settings, load_settings
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import (
    corpus_lines,
    latest_per_event,
    read_topic,
    run_cli,
    values,
    wait_caught_up,
    worker,
)

pytestmark = pytest.mark.integration

ONE_PARTITION = {"PARLEY_INPUT_PARTITIONS": "1", "PARLEY_OUTPUT_PARTITIONS": "1"}
EIGHT_MIB = 8 * 1024 * 1024


def _with(settings: Settings, **extra: str) -> Settings:
    return load_settings({**settings.to_env(), **extra})


def _corpus(article_id: str) -> dict[str, Any]:
    return next(a for a in (orjson.loads(line) for line in corpus_lines()) if a["id"] == article_id)


def _produce(settings: Settings, articles: list[dict[str, Any]]) -> list[bytes]:
    """Send the articles in order to the input topic; returns the bytes sent."""
    producer = KafkaProducer(
        max_request_size=EIGHT_MIB, acks="all", **settings.kafka_python_config()
    )
    sent = []
    try:
        for art in articles:
            raw = orjson.dumps(art)
            producer.send(settings.input_topic, key=art["id"].encode(), value=raw)
            sent.append(raw)
        producer.flush(60)
    finally:
        producer.close()
    return sent


def _alter(settings: Settings, topic: str, configs: dict[str, str]) -> None:
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        resource = ConfigResource(ConfigResourceType.TOPIC, topic, configs=configs)
        admin.alter_configs([resource])
    finally:
        admin.close()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except OSError:
        return 0


def _metric(settings: Settings, sample: str) -> float | None:
    url = f"http://127.0.0.1:{settings.web_port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            for line in resp.read().decode().splitlines():
                if line.startswith(sample + " "):
                    return float(line.rpartition(" ")[2])
    except OSError:
        return None
    return None


def _until(what: str, check: Callable[[], bool], timeout: float, log: Path) -> float:
    """Seconds until `check()` held; fails with the log's tail after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{tail}")


def _filler(size: int) -> str:
    sentence = "The committee met again to review the harbour budget. "
    return (sentence * (size // len(sentence) + 1))[:size]


def test_oversized_rejects_are_dead_lettered_and_the_partition_moves_on(
    settings: Settings, tmp_path: Path
) -> None:
    """Rejected inputs of 0.9, 1.01 and 2 MB (input topic allowing 8 MB) become dead
    letters holding a prefix, the length and the SHA-256 of the original, and the valid
    articles after them are processed within a minute."""
    settings = _with(settings, **ONE_PARTITION)
    run_cli(settings, "topics", "create")
    _alter(settings, settings.input_topic, {"max.message.bytes": str(EIGHT_MIB)})
    base = _corpus("a-036")
    bad = [
        {**base, "id": "fr-900k", "language": "fr", "body": _filler(900_000)},
        {**base, "id": "big-1010k", "body": _filler(1_010_000)},
        {**base, "id": "big-2m", "body": _filler(2_000_000)},
    ]
    good = [_corpus(i) for i in ("a-035", "a-001", "a-004")]
    log = tmp_path / "worker.log"
    with worker(settings, log):
        sent = _produce(settings, [*bad, *good])
        wait_caught_up(
            settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=90
        )
    letters = values(read_topic(settings, settings.dlq_topic, until=lambda r: len(r) >= 3))
    assert sorted(d["reason"] for d in letters) == [
        "body_too_large",
        "body_too_large",
        "unsupported_language",
    ]
    for letter in letters:
        original = sent[letter["offset"]]
        prefix = base64.b64decode(letter["value_b64"])
        assert letter["truncated"] is True
        assert letter["value_bytes"] == len(original)
        assert letter["value_sha256"] == hashlib.sha256(original).hexdigest()
        assert original.startswith(prefix)
        assert len(prefix) > 500_000


def test_far_future_and_impossible_dates_do_not_move_the_clock(
    settings: Settings, tmp_path: Path
) -> None:
    """An article dated 2099 between two reports of one meeting is a dead letter and does
    not expire the meeting, so both reports end in one event; 2024-13-45 is rejected."""
    settings = _with(settings, **ONE_PARTITION)
    run_cli(settings, "topics", "create")
    future = {**_corpus("a-001"), "id": "future-1", "published_at": "2099-01-01T00:00:00Z"}
    impossible = {**_corpus("a-004"), "id": "impossible-1", "published_at": "2024-13-45"}
    feed = [_corpus("a-036"), future, impossible, _corpus("a-035")]
    log = tmp_path / "worker.log"
    with worker(settings, log):
        _produce(settings, feed)
        wait_caught_up(
            settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=90
        )
    letters = values(read_topic(settings, settings.dlq_topic, until=lambda r: len(r) >= 2))
    assert {(d["reason"], d["offset"]) for d in letters} == {
        ("published_in_future", 1),
        ("schema_violation", 2),
    }
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    events = latest_per_event(records)
    together = [
        e for e in events.values() if {"a-035", "a-036"} <= {s["article_id"] for s in e["sources"]}
    ]
    assert len(together) == 1, sorted((e["event_id"], e["date"]) for e in events.values())


def test_refeed_after_the_window_publishes_nothing(settings: Settings, tmp_path: Path) -> None:
    """The corpus (2010-2026) fed twice to a worker with the default 30-day window: the
    second feed publishes no record, so no event's version goes back to 1."""
    settings = _with(settings, **ONE_PARTITION)
    feed = tmp_path / "corpus.jsonl"
    feed.write_bytes(b"\n".join(corpus_lines()) + b"\n")
    run_cli(settings, "topics", "create")
    topics = [settings.input_topic, f"{settings.app_id}-candidates"]
    log = tmp_path / "worker.log"
    with worker(settings, log):
        run_cli(settings, "feed", str(feed), "--no-progress")
        wait_caught_up(settings, topics, timeout=180)
        first = values(
            read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8)
        )
        run_cli(settings, "feed", str(feed), "--no-progress")
        wait_caught_up(settings, topics, timeout=180)
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    assert first, "the first feed published nothing"
    again = records[len(first) :]
    assert again == [], [(r["event_id"], r["version"], r["op"]) for r in again[:10]]


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _committed_total(settings: Settings, topic: str) -> int:
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        offsets = admin.list_group_offsets({settings.app_id: None}).get(settings.app_id, {})
    finally:
        admin.close()
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic)


def test_broker_outage_with_work_in_flight_stalls_visibly_backs_off_and_recovers(
    tmp_path: Path,
) -> None:
    """With work in flight when the broker stops, the worker uses a few per cent of a core,
    parley_stage_stalled says 1 and /readyz 503; once the broker is back and committed
    offsets move again, /readyz says 200 within seconds and the gauge 0."""
    home, port = broker_home(tmp_path / "kafka-home"), free_port(2)
    try:
        bootstrap = local.start(home, port=port)
        settings = unique_settings(
            bootstrap, tmp_path / "worker", PARLEY_STALL_SECONDS="5", **ONE_PARTITION
        )
        articles = [orjson.loads(line) for line in corpus_lines()]
        # About 11,000 articles: several seconds of work still in flight at the stop.
        feed = [{**a, "id": f"{a['id']}~{n}"} for n in range(60) for a in articles]
        run_cli(settings, "topics", "create")
        log = tmp_path / "worker.log"
        ready = f"http://127.0.0.1:{settings.web_port}/readyz"
        stalled = 'parley_stage_stalled{stage="extract"}'
        with worker(settings, log) as proc:
            _until("/readyz 200", lambda: _status(ready) == 200, 180, log)
            _produce(settings, feed)
            read_topic(settings, settings.output_topic, until=lambda r: len(r) > 0, timeout=90)
            assert local.stop(home, port=port)
            time.sleep(3)
            cpu0, t0 = _cpu_seconds(proc.pid), time.monotonic()
            time.sleep(15)
            share = (_cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - t0)
            _until("/readyz 503", lambda: _status(ready) == 503, 30, log)
            assert _metric(settings, stalled) == 1
            assert proc.poll() is None

            print(f"CPU while the broker was away: {share:.1%}")
            local.start(home, port=port)
            # Progress resumed once both stages commit again: the dedup stage's first
            # commits can trail the input's by the flush of faust's changelog backlog.
            topics = [settings.input_topic, f"{settings.app_id}-candidates"]
            readings: list[tuple[int, ...]] = []

            def moved() -> bool:
                # A broker just started answers "not coordinator" for a moment.
                with contextlib.suppress(KafkaError):
                    readings.append(tuple(_committed_total(settings, t) for t in topics))
                return len(readings) > 1 and all(
                    now > first for now, first in zip(readings[-1], readings[0], strict=True)
                )

            _until("committed offsets of both stages to move", moved, 180, log)
            recovered = _until("/readyz 200 again", lambda: _status(ready) == 200, 60, log)
            assert _metric(settings, stalled) == 0
            wait_caught_up(
                settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=240
            )
    finally:
        local.stop(home, port=port)
    print(f"CPU while the broker was away: {share:.1%}; /readyz followed in {recovered:.1f}s")
    assert share < 0.10, f"the worker used {share:.0%} of a core while the broker was away"
    assert recovered < 8, f"/readyz took {recovered:.1f}s to follow progress"


def test_a_malformed_candidates_record_does_not_stop_dedup(
    settings: Settings, tmp_path: Path
) -> None:
    """A record on the internal candidates topic that dedup cannot read (another version
    wrote it) is a dedup_error dead letter, and the articles after it are published with
    the partition's committed offset at its end."""
    settings = _with(settings, **ONE_PARTITION)
    candidates = f"{settings.app_id}-candidates"
    run_cli(settings, "topics", "create")
    log = tmp_path / "worker.log"
    ready = f"http://127.0.0.1:{settings.web_port}/readyz"
    with worker(settings, log):
        _until("/readyz 200", lambda: _status(ready) == 200, 180, log)
        producer = KafkaProducer(acks="all", **settings.kafka_python_config())
        try:
            producer.send(candidates, key=b"dedup", value=b'{"article_id": "x"}')
            producer.flush(30)
        finally:
            producer.close()
        _produce(settings, [_corpus("a-036"), _corpus("a-035")])
        wait_caught_up(settings, [settings.input_topic, candidates], timeout=90)
    letters = values(read_topic(settings, settings.dlq_topic, until=lambda r: len(r) >= 1))
    assert [(d["reason"], d["topic"]) for d in letters] == [("dedup_error", candidates)]
    records = values(read_topic(settings, settings.output_topic, until=lambda r: len(r) > 0))
    assert {s["article_id"] for r in records for s in r["sources"]} >= {"a-035", "a-036"}
