"""Issue #17, offsets after rebalances: two workers through kills, restarts and a graceful
leave end with the group's committed offsets at the end of every input and candidates
partition, and with the events of `parley extract` over the same articles."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import orjson
import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from parley.offline import OfflinePipeline
from parley.settings import Settings
from tests.integration.isolation import unique_settings
from tests.integration.workers import (
    assert_versions_gapless,
    by_reports,
    corpus_lines,
    dedup_order,
    latest_per_event,
    read_topic,
    run_cli,
    start_member,
    values,
    wait_caught_up,
)

pytestmark = pytest.mark.integration

#: Copies of the development corpus under new ids: 370 articles in all.
COPIES = 2

#: After each chunk fed: which worker goes, the one holding the dedup (candidates)
#: partition or the other, and how: a kill leaves its member to expire after the session
#: timeout, a SIGTERM leaves the group at once.
STEPS = [
    ("dedup", signal.SIGKILL),
    ("other", signal.SIGTERM),
    ("dedup", signal.SIGTERM),
    ("dedup", signal.SIGKILL),
]


def _stop(proc: subprocess.Popen[bytes], how: signal.Signals) -> None:
    proc.send_signal(how)
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _dedup_holder(ports: dict[str, int], candidates: str, timeout: float = 90.0) -> str:
    """Block until every worker's /readyz answers 200 (a member holding partitions, not
    rebalancing) and one of them holds the dedup partition, in one reading; its name."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held: dict[str, list[str]] = {}
        for name, port in ports.items():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    body = orjson.loads(r.read())
                    if r.status == 200 and not body["rebalancing"]:
                        held[name] = body["partitions"]
            except (urllib.error.URLError, OSError):
                pass
        holders = [name for name, parts in held.items() if f"{candidates}/0" in parts]
        if len(held) == len(ports) and len(holders) == 1:
            return holders[0]
        time.sleep(0.5)
    raise AssertionError("the workers never settled with one holding the dedup partition")


def _lagging(settings: Settings, topics: list[str]) -> dict[str, int]:
    """Partitions whose committed offset is short of their end: "topic/p" -> messages behind."""
    cfg = settings.kafka_python_config()
    admin, consumer = KafkaAdminClient(**cfg), KafkaConsumer(group_id=None, **cfg)
    try:
        tps = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or []]
        end = consumer.end_offsets(tps)
        committed = admin.list_group_offsets({settings.app_id: None}).get(settings.app_id, {})
        behind = {
            f"{tp.topic}/{tp.partition}": end[tp] - (committed[tp].offset if tp in committed else 0)
            for tp in tps
        }
    finally:
        consumer.close()
        admin.close()
    return {k: v for k, v in behind.items() if v}


def test_committed_offsets_reach_the_end_through_kills_restarts_and_a_graceful_leave(
    bootstrap: str, tmp_path: Path
) -> None:
    """Every input and candidates partition is committed to its end after four
    rebalancing stops, and the events equal `parley extract`'s without version gaps."""
    settings = unique_settings(
        bootstrap,
        tmp_path / "worker",
        PARLEY_INPUT_PARTITIONS="4",
        # `parley extract` over the corpus (2010-2026) must expire nothing either.
        PARLEY_DEDUP_WINDOW_DAYS="36500",
        # A killed member is expelled this long after its last heartbeat.
        PARLEY_SESSION_TIMEOUT_S="6",
    )
    base = [orjson.loads(line) for line in corpus_lines()]
    lines = [orjson.dumps({**a, "id": f"{a['id']}~{n}"}) for n in range(COPIES) for a in base]
    chunks = [lines[i :: len(STEPS)] for i in range(len(STEPS))]
    run_cli(settings, "topics", "create")
    names = ["w1", "w2"]
    logs = {name: tmp_path / f"{name}.log" for name in names}
    procs = {name: start_member(settings, logs[name], name, n) for n, name in enumerate(names)}
    topics = [settings.input_topic, f"{settings.app_id}-candidates"]
    ports = {name: settings.web_port + n for n, name in enumerate(names)}
    try:
        for n, ((which, how), chunk) in enumerate(zip(STEPS, chunks, strict=True)):
            # Both members hold partitions, so each stop moves some between them.
            dedup = _dedup_holder(ports, topics[1])
            victim = dedup if which == "dedup" else next(x for x in names if x != dedup)
            path = tmp_path / f"chunk{n}.jsonl"
            path.write_bytes(b"\n".join(chunk) + b"\n")
            run_cli(settings, "feed", str(path), "--no-progress")
            # Stopped while candidates of this chunk still wait for dedup.
            time.sleep(1.0 + n)
            _stop(procs[victim], how)
            time.sleep(1.0)
            procs[victim] = start_member(settings, logs[victim], victim, names.index(victim))
        try:
            wait_caught_up(settings, topics, timeout=150)
        except AssertionError:
            tails = "\n".join(
                f"--- {name}\n{logs[name].read_text(errors='replace')[-1500:]}" for name in names
            )
            pytest.fail(f"behind: {_lagging(settings, topics)}\n{tails}")
        assert _lagging(settings, topics) == {}
        exits = {name: p.poll() for name, p in procs.items()}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                _stop(proc, signal.SIGTERM)
    assert exits == {"w1": None, "w2": None}, "a worker exited (stalled?)"
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    assert_versions_gapless(records)
    by_id = {orjson.loads(line)["id"]: line for line in lines}
    order = dedup_order(settings, by_id)
    offline: list[dict[str, Any]] = [
        r for r in OfflinePipeline(settings).run(order) if isinstance(r, dict)
    ]
    stream, expected = latest_per_event(records), latest_per_event(offline)
    assert stream, "no events published"
    assert by_reports(stream) == by_reports(expected)
