"""Running `parley` commands and workers as real processes against the test broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, TopicPartition

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


@contextmanager
def worker(settings: Settings, log: Path, **extra: str) -> Iterator[subprocess.Popen[bytes]]:
    """A `parley worker` process, stopped (SIGTERM) when the block ends."""
    with open(log, "ab") as fh:
        proc = subprocess.Popen(
            [*PARLEY, "worker"], env=env_of(settings, **extra), stdout=fh, stderr=subprocess.STDOUT
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


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
