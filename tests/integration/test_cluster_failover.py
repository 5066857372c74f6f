"""A 3-node KRaft cluster loses a broker mid-run: with replication 3, min.insync.replicas=2
and acks=all, no article and no event is lost, and nothing is duplicated differently."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

from parley.broker import local
from parley.offline import OfflinePipeline
from parley.settings import Settings, load_settings
from tests.conftest import CORPUS
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import (
    assert_versions_gapless,
    by_reports,
    latest_per_event,
    read_topic,
    run_cli,
    values,
    wait_caught_up,
    worker,
)

pytestmark = pytest.mark.integration

SPAN = 2 * local.NODE_PORT_STRIDE + 2  # node ports and controller ports of three nodes


@pytest.fixture
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, str]]:
    """A fresh 3-node cluster in its own home: (home, port, bootstrap); stopped afterwards."""
    home = broker_home(tmp_path_factory.mktemp("cluster-home"))
    port = free_port(SPAN)
    t0 = time.monotonic()
    try:
        bootstrap = local.start(home, port, nodes=3, timeout=180)
        print(f"3-node cluster up in {time.monotonic() - t0:.1f}s")
        yield home, port, bootstrap
    finally:
        local.stop(home, port)


def _settings(bootstrap: str, tmp_path: Path) -> Settings:
    return unique_settings(
        bootstrap,
        tmp_path / "worker",
        app_prefix="parley-ha",
        PARLEY_INPUT_PARTITIONS="4",
        # Every topic Parley or faust creates: three copies, two needed for a write.
        PARLEY_REPLICATION_FACTOR="3",
        PARLEY_MIN_INSYNC_REPLICAS="2",
        # The corpus spans 2010-2026: keep expiry out of the comparison.
        PARLEY_DEDUP_WINDOW_DAYS="36500",
    )


def _describe(settings: Settings, topics: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each topic's partitions as {"partition", "leader", "replicas"}."""
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        described = admin.describe_topics(topics)
    finally:
        admin.close()
    # kafka-python 3 uses the protocol's field names, 2.x its own shorter ones.
    return {
        t.get("name", t.get("topic")): [
            {
                "partition": p.get("partition_index", p.get("partition")),
                "leader": p.get("leader_id", p.get("leader")),
                "replicas": p.get("replica_nodes", p.get("replicas")),
            }
            for p in t["partitions"]
        ]
        for t in described
    }


def _min_insync(settings: Settings, topic: str) -> str:
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        response = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    finally:
        admin.close()
    # kafka-python 3 answers {"topic": {name: {config: {"value": ...}}}}, 2.x with
    # the raw responses.
    if isinstance(response, dict):
        return str(response["topic"][topic]["min.insync.replicas"]["value"])
    for resource in response[0].resources:
        for entry in resource[4]:
            if entry[0] == "min.insync.replicas":
                return str(entry[1])
    raise AssertionError(f"no min.insync.replicas for {topic}")


def _end_offsets(settings: Settings, topic: str) -> int:
    """How many records ``topic`` holds over all its partitions."""
    consumer = KafkaConsumer(group_id=None, **settings.kafka_python_config())
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        ends = consumer.end_offsets([TopicPartition(topic, p) for p in parts])
    finally:
        consumer.close()
    return sum(ends.values())


def _wait_fenced(home: Path, port: int, settings: Settings, dead: int) -> None:
    """Block until the cluster has fenced node ``dead`` and moved its leaderships away."""
    admin = KafkaAdminClient(**settings.kafka_python_config())
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            brokers = admin.describe_cluster().get("brokers") or []
            live = {b.get("broker_id", b.get("node_id")) for b in brokers if not b.get("is_fenced")}
            if dead not in live:
                return
            time.sleep(0.5)
    finally:
        admin.close()
    raise AssertionError(f"node {dead} still listed 90 s after it was killed")


def test_broker_killed_mid_run_loses_nothing(
    cluster: tuple[Path, int, str], tmp_path: Path
) -> None:
    """SIGKILL of the broker leading the dedup partition while the worker processes the
    corpus, with the rest fed while the cluster runs on two nodes, ends in exactly the
    events `parley extract` finds, every article accounted for."""
    home, port, bootstrap = cluster
    settings = _settings(bootstrap, tmp_path)
    lines = [line for line in (CORPUS / "a.articles.jsonl").read_bytes().splitlines() if line]
    by_id = {orjson.loads(line)["id"]: line for line in lines}
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_bytes(b"\n".join(lines[: len(lines) // 2]) + b"\n")
    rest.write_bytes(b"\n".join(lines[len(lines) // 2 :]) + b"\n")
    candidates = f"{settings.app_id}-candidates"

    t0 = time.monotonic()
    run_cli(settings, "topics", "create")
    with worker(settings, tmp_path / "worker.log"):
        run_cli(settings, "feed", str(first), "--no-progress")
        # Mid-run: the worker has started publishing and has more of the feed to do.
        early = read_topic(settings, settings.output_topic, until=lambda r: len(r) > 0, timeout=120)
        (dedup_partition,) = _describe(settings, [candidates])[candidates]
        victim = dedup_partition["leader"]
        (node,) = [n for n in local.status(home, port).nodes if n.node_id == victim]
        assert node.pid is not None
        os.kill(node.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        run_cli(settings, "feed", str(rest), "--no-progress")
        fed = time.monotonic() - killed_at
        # The test's own clients then talk to the survivors only.
        survivors = ",".join(
            f"127.0.0.1:{n.port}" for n in local.status(home, port).nodes if n.node_id != victim
        )
        settings = load_settings({**settings.to_env(), "KAFKA_BOOTSTRAP_SERVERS": survivors})
        _wait_fenced(home, port, settings, victim)
        wait_caught_up(settings, [settings.input_topic, candidates], timeout=240)
    print(
        f"killed node {victim} with {len(early)} records published; rest fed {fed:.1f}s "
        f"after the kill; caught up after {time.monotonic() - t0:.1f}s"
    )

    # Every topic, faust's internal ones included, keeps three replicas.
    changelogs = [f"{settings.app_id}-{t}-changelog" for t in ("events", "day-index", "seen")]
    owned = [settings.input_topic, settings.output_topic, settings.dlq_topic]
    for topic, partitions in _describe(settings, [*owned, candidates, *changelogs]).items():
        assert partitions, f"{topic} has no partitions"
        assert all(len(p["replicas"]) == 3 for p in partitions), topic
    assert all(_min_insync(settings, topic) == "2" for topic in owned)

    # Articles in: every line once at least; none went to the dead letters.
    fed_ids = [
        r.key.decode()
        for r in read_topic(
            settings, settings.input_topic, until=lambda r: len(r) >= len(lines), timeout=60
        )
    ]
    assert set(fed_ids) == set(by_id)
    assert _end_offsets(settings, settings.dlq_topic) == 0

    # Every article with a meeting reached dedup (replays allowed, each a no-op).
    received = values(read_topic(settings, candidates, until=lambda r: False, timeout=8))
    order = [by_id[p["article_id"]] for p in received]
    offline = OfflinePipeline(settings)
    for _ in offline.run(lines):
        pass
    with_meetings = {i for i, found in offline.candidates_by_article.items() if found}
    assert {p["article_id"] for p in received} == with_meetings

    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    assert_versions_gapless(records)
    stream = latest_per_event(records)
    expected = latest_per_event(
        [r for r in OfflinePipeline(settings).run(order) if isinstance(r, dict)]
    )
    assert stream
    assert by_reports(stream) == by_reports(expected)
