"""Running `parley` commands and workers as real processes against the test broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from parley.settings import Settings

PARLEY = [sys.executable, "-m", "parley.cli.main"]


def env_of(settings: Settings, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(settings.to_env())
    env.update(extra)
    return env


def run_cli(
    settings: Settings, *args: str, stdin: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*PARLEY, *args],
        env=env_of(settings),
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=True,
    )


def start_worker(
    settings: Settings, log: Path, *, args: Sequence[str] = (), **extra: str
) -> subprocess.Popen[bytes]:
    """A `parley worker [args]` process writing to `log`; `extra` settings override."""
    with open(log, "ab") as fh:
        return subprocess.Popen(
            [*PARLEY, "worker", *args],
            env=env_of(settings, **extra),
            stdout=fh,
            stderr=subprocess.STDOUT,
        )


def start_member(settings: Settings, log: Path, name: str, n: int) -> subprocess.Popen[bytes]:
    """Worker `n` of a group sharing `settings`: a web port and data directory of its own."""
    return start_worker(
        settings,
        log,
        PARLEY_WEB_PORT=str(settings.web_port + n),
        PARLEY_DATA_DIR=f"{settings.data_dir}-{name}",
    )


def stop_worker(proc: subprocess.Popen[bytes]) -> None:
    """Stops a worker still running: SIGTERM, then a kill after 30 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def worker(
    settings: Settings, log: Path, *, args: Sequence[str] = (), **extra: str
) -> Iterator[subprocess.Popen[bytes]]:
    """A `parley worker [args]` process, stopped (SIGTERM) when the block ends."""
    proc = start_worker(settings, log, args=args, **extra)
    try:
        yield proc
    finally:
        stop_worker(proc)


def read_topic(
    settings: Settings, topic: str, *, until: Callable[[list[Any]], bool], timeout: float = 60.0
) -> list[Any]:
    """All records of `topic` from the beginning, polling until `until(records)` holds."""
    consumer = KafkaConsumer(
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **settings.kafka_python_config(),
    )
    deadline = time.monotonic() + timeout
    records: list[Any] = []
    try:
        while time.monotonic() < deadline:
            parts = consumer.partitions_for_topic(topic)
            if parts:
                break
            time.sleep(0.5)
        consumer.assign([TopicPartition(topic, p) for p in sorted(parts or [])])
        consumer.seek_to_beginning()
        while time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
            if until(records):
                break
    finally:
        consumer.close()
    return records


def values(records: list[Any]) -> list[dict[str, Any]]:
    return [orjson.loads(r.value) for r in records if r.value is not None]


def wait_caught_up(
    settings: Settings, topics: list[str], *, timeout: float = 300.0, settle: int = 3
) -> None:
    """Block until the app's consumer group has committed the end of every partition."""
    from kafka.admin import KafkaAdminClient

    cfg = settings.kafka_python_config()
    admin = KafkaAdminClient(**cfg)
    consumer = KafkaConsumer(group_id=None, **cfg)
    deadline = time.monotonic() + timeout
    calm, lag = 0, -1
    try:
        while time.monotonic() < deadline:
            tps = [
                TopicPartition(t, p)
                for t in topics
                for p in (consumer.partitions_for_topic(t) or [])
            ]
            try:
                end = consumer.end_offsets(tps) if tps else {}
                offsets = admin.list_group_offsets({settings.app_id: None})
            except KafkaError as exc:
                # A new broker creates __consumer_offsets on first use and answers
                # "coordinator not available" meanwhile; that passes.
                if not exc.retriable:
                    raise
                time.sleep(1.0)
                continue
            committed = offsets.get(settings.app_id, {})
            lag = sum(end[tp] - (committed[tp].offset if tp in committed else 0) for tp in tps)
            calm = calm + 1 if tps and lag == 0 else 0
            if calm >= settle:
                return
            time.sleep(1.0)
    finally:
        consumer.close()
        admin.close()
    raise AssertionError(f"consumer group {settings.app_id} still {lag} messages behind")


def latest_per_event(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The final events: each event's highest version, less events merged into another
    (their last record carries `merged_into`)."""
    latest: dict[str, dict[str, Any]] = {}
    for r in records:
        if r["event_id"] not in latest or r["version"] > latest[r["event_id"]]["version"]:
            latest[r["event_id"]] = r
    return {k: r for k, r in latest.items() if not r.get("merged_into")}


_VOLATILE = ("event_id", "version", "op", "first_seen_at", "updated_at")


def by_reports(
    events: dict[str, dict[str, Any]],
) -> dict[frozenset[tuple[str, str]], list[bytes]]:
    """Events keyed by the set of reports they merged, without ids, versions and times.

    Two meetings of one article may share their evidence sentence, so one key can name
    several single-report events: each key holds the sorted list of their contents.
    """
    out: dict[frozenset[tuple[str, str]], list[bytes]] = {}
    for r in events.values():
        key = frozenset((s["article_id"], s["evidence"]) for s in r["sources"])
        body = {k: v for k, v in r.items() if k not in _VOLATILE}
        out.setdefault(key, []).append(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    return {k: sorted(v) for k, v in out.items()}


def wait_for_reports(
    settings: Settings, article_ids: set[str], *, timeout: float = 240.0, quiet_s: float = 5.0
) -> None:
    """Block until the output names every given article as a source and then goes quiet.

    With two workers, faust was seen to stop committing offsets after a rebalance
    while processing went on; waiting on what was published does not depend on that.
    """
    consumer = KafkaConsumer(
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **settings.kafka_python_config(),
    )
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    last_new = time.monotonic()
    try:
        consumer.subscribe([settings.output_topic])
        while time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                for record in batch:
                    if record.value:
                        seen.update(s["article_id"] for s in orjson.loads(record.value)["sources"])
                        last_new = time.monotonic()
            if article_ids <= seen and time.monotonic() - last_new >= quiet_s:
                return
    finally:
        consumer.close()
    raise AssertionError(f"{len(article_ids - seen)} articles never reached the output")


def corpus_lines() -> list[bytes]:
    """Every development-corpus article as one NewsArticle JSON line."""
    from tests.conftest import CORPUS

    return [
        line
        for name in ("a.articles.jsonl", "b.articles.jsonl")
        for line in (CORPUS / name).read_bytes().splitlines()
        if line.strip()
    ]


def dedup_order(settings: Settings, by_id: dict[str, bytes]) -> list[bytes]:
    """The input lines in the order the single dedup partition received them."""
    topic = f"{settings.app_id}-candidates"
    payloads = values(read_topic(settings, topic, until=lambda r: False, timeout=8))
    order = [by_id[p["article_id"]] for p in payloads]
    assert order, "the dedup partition received nothing"
    return order


def assert_versions_gapless(records: list[dict[str, Any]]) -> None:
    """Each event's versions run 1..n; a repeated version must repeat the same record."""
    seen: dict[tuple[str, int], bytes] = {}
    versions: dict[str, set[int]] = {}
    for r in records:
        body = orjson.dumps(
            {k: v for k, v in r.items() if k not in ("first_seen_at", "updated_at")},
            option=orjson.OPT_SORT_KEYS,
        )
        key = (r["event_id"], r["version"])
        assert seen.setdefault(key, body) == body, f"two different records for {key}"
        versions.setdefault(r["event_id"], set()).add(r["version"])
    for event_id, found in versions.items():
        assert found == set(range(1, max(found) + 1)), f"{event_id} has versions {sorted(found)}"
