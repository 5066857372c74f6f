"""Kafka faults: a broker that is not there yet, a broker restarted mid-run, and an output
topic that refuses the worker's records for a while.

The first two run a broker of their own (the project's local KRaft broker, state in the
test's tmp_path), so that stopping it disturbs no other test.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

from parley.broker import local
from parley.offline import OfflinePipeline
from parley.settings import Settings, load_settings
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import (
    by_reports,
    corpus_lines,
    latest_per_event,
    read_topic,
    run_cli,
    values,
    wait_caught_up,
    worker,
)

pytestmark = pytest.mark.integration

# One input partition keeps the order in which dedup sees the articles equal to the
# feed order, so the offline pipeline over the same lines is the undisturbed run. The
# window covers the corpus (2010-2026) so that expiry plays no part.
ONE_PARTITION = {"PARLEY_INPUT_PARTITIONS": "1", "PARLEY_DEDUP_WINDOW_DAYS": "36500"}
# Kafka's default max.message.bytes, what the output topic is given back.
KAFKA_MAX_MESSAGE_BYTES = "1048588"


def _settings(bootstrap: str, tmp_path: Path, **extra: str) -> Settings:
    """Settings with topics, group and web port of this test's own."""
    return unique_settings(
        bootstrap, tmp_path / "worker", app_prefix="parley-faults", **{**ONE_PARTITION, **extra}
    )


@contextmanager
def _own_broker_port(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A home and a free port for a broker of this test's own, stopped at the end."""
    home, port = broker_home(tmp_path / "kafka-home"), free_port(2)
    try:
        yield home, port
    finally:
        local.stop(home, port=port)


def _http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def _log_lines(log: Path) -> list[dict[str, Any]]:
    out = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line the worker wrote outside its logger (none expected)
    return out


def _wait(what: str, check: Callable[[], Any], log: Path, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


def _feed(settings: Settings, tmp_path: Path, name: str, lines: list[bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    run_cli(settings, "feed", str(path), "--no-progress")


def _all_records(settings: Settings) -> list[dict[str, Any]]:
    return values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))


def _assert_same_as_undisturbed(settings: Settings, records: list[dict[str, Any]]) -> None:
    """The stream's final events equal `parley extract` over the corpus in feed order."""
    offline = [r for r in OfflinePipeline(settings).run(corpus_lines()) if isinstance(r, dict)]
    expected = latest_per_event(offline)
    stream = latest_per_event(records)
    assert len(stream) == len(expected)
    assert by_reports(stream) == by_reports(expected)


def _committed(settings: Settings, topic: str) -> dict[int, int]:
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        offsets = admin.list_group_offsets({settings.app_id: None}).get(settings.app_id, {})
    finally:
        admin.close()
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic}


def _end_offsets(settings: Settings, topic: str) -> dict[int, int]:
    consumer = KafkaConsumer(group_id=None, **settings.kafka_python_config())
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        return {tp.partition: off for tp, off in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()


def _metric(settings: Settings, sample: str) -> float:
    url = f"http://127.0.0.1:{settings.web_port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as resp:
        for line in resp.read().decode().splitlines():
            if line.startswith(sample + " "):
                return float(line.rpartition(" ")[2])
    return 0.0


def test_worker_started_before_the_broker_waits_then_processes(tmp_path: Path) -> None:
    """A worker started while nothing listens on its broker port logs that it is retrying,
    keeps waiting, and processes the corpus as an undisturbed run once the broker is up."""
    log = tmp_path / "worker.log"
    with _own_broker_port(tmp_path) as (home, port):
        settings = _settings(f"127.0.0.1:{port}", tmp_path)
        with worker(settings, log) as proc:
            started = time.monotonic()

            def retrying() -> list[dict[str, Any]]:
                assert proc.poll() is None, f"the worker exited\n{_tail(log)}"
                return [
                    r
                    for r in _log_lines(log)
                    if r.get("logger") == "parley.worker"
                    and r.get("level") == "WARNING"
                    and "not reachable" in r.get("message", "")
                    and "retrying" in r.get("message", "")
                ]

            # Each attempt lasts as long as the Kafka client's own bootstrap timeout.
            warnings = _wait("the worker to log that it retries", retrying, log, timeout=120)
            assert f"127.0.0.1:{port}" in warnings[0]["message"]
            assert time.monotonic() - started >= 5
            assert proc.poll() is None

            local.start(home, port=port)
            status = local.status(home, port=port)
            assert status.running
            assert status.bootstrap == settings.bootstrap_servers
            base = f"http://127.0.0.1:{settings.web_port}"
            _wait("/readyz", lambda: _http_status(f"{base}/readyz") == 200, log, timeout=180)

            _feed(settings, tmp_path, "corpus.jsonl", corpus_lines())
            wait_caught_up(
                settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=180
            )
            assert proc.poll() is None, "the worker restarted or died"
            records = _all_records(settings)
        _assert_same_as_undisturbed(settings, records)


def test_broker_restarted_mid_run_loses_nothing(tmp_path: Path) -> None:
    """Stopping and restarting the broker (same port, data kept) right after half the corpus
    was fed leaves the same worker process with the events of an undisturbed run."""
    log = tmp_path / "worker.log"
    corpus = corpus_lines()
    half = len(corpus) // 2
    with _own_broker_port(tmp_path) as (home, port):
        bootstrap = local.start(home, port=port)
        settings = _settings(bootstrap, tmp_path)
        run_cli(settings, "topics", "create")
        with worker(settings, log) as proc:
            started = time.monotonic()
            base = f"http://127.0.0.1:{settings.web_port}"
            _wait("/readyz", lambda: _http_status(f"{base}/readyz") == 200, log, timeout=180)
            _feed(settings, tmp_path, "first.jsonl", corpus[:half])
            # Wait until the worker is publishing, then pull the broker from under it.
            read_topic(settings, settings.output_topic, until=lambda r: len(r) > 0, timeout=90)
            assert local.stop(home, port=port)
            time.sleep(3)
            assert proc.poll() is None, f"the worker died with the broker\n{_tail(log)}"
            local.start(home, port=port)
            _feed(settings, tmp_path, "rest.jsonl", corpus[half:])
            wait_caught_up(
                settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=240
            )
            assert proc.poll() is None, "the worker restarted or died"
            consumed = _metric(settings, "parley_articles_consumed_total")
            records = _all_records(settings)
            ran_s = time.monotonic() - started
        _assert_client_errors_collapsed(log, ran_s)
        # Replays after the restart may count an article twice, never skip one.
        assert consumed >= len(corpus)
        assert _end_offsets(settings, settings.input_topic) == {0: len(corpus)}
        assert sum(_end_offsets(settings, settings.dlq_topic).values()) == 0
        _assert_same_as_undisturbed(settings, records)


def _assert_client_errors_collapsed(log: Path, ran_s: float) -> None:
    """While the broker was down the Kafka clients repeated each connection error
    dozens of times a second; the log shows each one at most once per 10 s."""
    client = [
        r
        for r in _log_lines(log)
        if r.get("logger", "").split(".")[0] in {"aiokafka", "kafka"}
        and r.get("level") in {"WARNING", "ERROR"}
    ]
    copies = Counter((r["logger"], r["message"]) for r in client)
    assert copies, "the broker went away and no client said so"
    assert max(copies.values()) <= ran_s / 10 + 1, copies.most_common(3)


def _too_large(record: dict[str, Any]) -> bool:
    text = json.dumps(record).lower().replace(" ", "").replace("_", "")
    return "toolarge" in text


def _set_output_limit(settings: Settings, limit: str) -> None:
    """Set max.message.bytes of the output topic, keeping its other settings."""
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        configs = {
            "cleanup.policy": "compact",
            "min.insync.replicas": str(settings.min_insync_replicas),
            "max.message.bytes": limit,
        }
        resource = ConfigResource(ConfigResourceType.TOPIC, settings.output_topic, configs=configs)
        admin.alter_configs([resource])
    finally:
        admin.close()


def test_refused_output_record_is_dead_lettered_and_the_partition_moves_on(
    settings: Settings, tmp_path: Path
) -> None:
    """An output record the topic refuses for good (max.message.bytes too small) is not
    retried forever: its candidates message becomes an `output_rejected` dead letter, the
    refusal is counted, the candidates offset moves on, and once the topic accepts records
    again the next article is published."""
    settings = load_settings({**settings.to_env(), **ONE_PARTITION})
    lines = {orjson.loads(line)["id"]: line for line in corpus_lines()}
    candidates = f"{settings.app_id}-candidates"
    log = tmp_path / "worker.log"
    run_cli(settings, "topics", "create")
    _set_output_limit(settings, "64")
    with worker(settings, log) as proc:
        base = f"http://127.0.0.1:{settings.web_port}"
        _wait("/readyz", lambda: _http_status(f"{base}/readyz") == 200, log, timeout=180)
        _feed(settings, tmp_path, "one.jsonl", [lines["a-001"]])
        letters = values(
            read_topic(settings, settings.dlq_topic, until=lambda r: len(r) == 1, timeout=60)
        )
        assert [d["reason"] for d in letters] == ["output_rejected"]
        assert letters[0]["topic"] == candidates
        assert "toolarge" in letters[0]["detail"].lower().replace("_", "")
        wait_caught_up(settings, [settings.input_topic, candidates], timeout=60)
        assert _committed(settings, candidates) == {0: 1}
        assert _end_offsets(settings, settings.output_topic) == {0: 0, 1: 0}
        assert _metric(settings, 'parley_dead_letters_total{reason="output_rejected"}') == 1
        refused = f'parley_delivery_refused_total{{topic="{settings.output_topic}"}}'
        assert _metric(settings, refused) >= 1

        _set_output_limit(settings, KAFKA_MAX_MESSAGE_BYTES)
        _feed(settings, tmp_path, "two.jsonl", [lines["a-004"]])
        records = values(
            read_topic(settings, settings.output_topic, until=lambda r: len(r) > 0, timeout=90)
        )
        assert records, f"the next event never appeared\n{_tail(log)}"
        assert {s["article_id"] for r in records for s in r["sources"]} == {"a-004"}
        assert proc.poll() is None
