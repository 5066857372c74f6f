"""A real Kafka broker started by parley.broker.local: lifecycle, produce and consume."""

from __future__ import annotations

import argparse
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.broker import local
from parley.cli import broker_cmd
from tests.integration.isolation import broker_home, free_port

pytestmark = [
    pytest.mark.integration,
    # kafka-python 3.0 loads its protocol schemas through importlib.resources'
    # deprecated read_text (which warns again from inside, as open_text), and the
    # project turns warnings into errors.
    pytest.mark.filterwarnings("ignore:(read|open)_text is deprecated:DeprecationWarning"),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh PARLEY_HOME sharing the user's jar cache, so tests do not refetch jars."""
    return broker_home(tmp_path_factory.mktemp("parley-home"))


@pytest.fixture
def port(home: Path) -> Iterator[int]:
    """A free port for one test, whose broker is stopped afterwards whatever happens."""
    chosen = free_port(2)
    yield chosen
    local.stop(home, chosen)


def _round_trip(bootstrap: str, topic: str, payload: bytes) -> list[bytes]:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=bootstrap.split(","), acks="all")
    try:
        producer.send(topic, payload).get(timeout=30)
    finally:
        producer.close()
    return _consume(bootstrap, topic, 1)


def _consume(bootstrap: str, topic: str, count: int, timeout: float = 60.0) -> list[bytes]:
    """The first ``count`` records of ``topic``, read by a fresh consumer group."""
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap.split(","),
        group_id=f"test-{uuid.uuid4().hex}",
        auto_offset_reset="earliest",
    )
    values: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while len(values) < count and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=1000).values():
                values.extend(record.value for record in records)
    finally:
        consumer.close()
    return values


def test_start_status_produce_consume_stop(home: Path, port: int) -> None:
    """A started broker answers, carries a record end to end, and stops cleanly."""
    t0 = time.monotonic()
    bootstrap = local.start(home, port)
    started = time.monotonic() - t0
    assert bootstrap == f"127.0.0.1:{port}"

    state = local.status(home, port)
    assert state.running
    assert state.answering
    assert state.pid is not None
    assert state.log_path.is_file()
    assert "Kafka Server started" in state.log_path.read_text()

    # Already running: returns at once without launching a second JVM.
    t1 = time.monotonic()
    assert local.start(home, port) == bootstrap
    assert time.monotonic() - t1 < 10
    assert local.status(home, port).pids == state.pids

    assert _round_trip(bootstrap, "parley-smoke", b"hello parley") == [b"hello parley"]

    t2 = time.monotonic()
    assert local.stop(home, port) is True
    stopped = time.monotonic() - t2
    assert not local.status(home, port).running
    assert local.stop(home, port) is False
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))  # the port is free again
    print(f"start {started:.1f}s, stop {stopped:.1f}s")


def test_restart_keeps_data(home: Path, port: int) -> None:
    """Stopping and starting again reuses the formatted storage, so records survive."""
    bootstrap = local.start(home, port)
    assert _round_trip(bootstrap, "parley-durable", b"before") == [b"before"]
    cluster_id = local.status(home, port).cluster_id
    local.stop(home, port)

    assert local.start(home, port) == bootstrap
    assert local.status(home, port).cluster_id == cluster_id
    assert _consume(bootstrap, "parley-durable", 1) == [b"before"]


def test_cli_lifecycle(home: Path, port: int, capsys: pytest.CaptureFixture[str]) -> None:
    """`parley broker start|status|stop` print the bootstrap, the log path, and exit 0/1."""
    parser = argparse.ArgumentParser(prog="parley")
    broker_cmd.register(parser.add_subparsers(dest="command", required=True))

    def run(*argv: str) -> int:
        args = parser.parse_args(["broker", *argv, "--home", str(home), "--port", str(port)])
        code: int = args.func(args)
        return code

    assert run("start") == 0
    out, err = capsys.readouterr()
    assert out.strip() == f"127.0.0.1:{port}"
    assert "broker.log" in err

    assert run("status") == 0
    out, _ = capsys.readouterr()
    assert out.startswith("running")
    assert "broker.log" in out

    assert run("stop") == 0
    assert "stopped broker" in capsys.readouterr().out
    assert run("status") == 1


def test_three_node_cluster(home: Path) -> None:
    """Three broker+controller nodes form one quorum and keep a replication-factor-3 topic."""
    from kafka.admin import KafkaAdminClient, NewTopic

    port = free_port(2 * local.NODE_PORT_STRIDE + 2)
    try:
        bootstrap = local.start(home, port, nodes=3)
        state = local.status(home, port)
        assert state.running
        assert len(state.pids) == 3

        admin = KafkaAdminClient(bootstrap_servers=bootstrap.split(","))
        try:
            admin.create_topics([NewTopic("parley-rf3", 1, 3)])
            # the new topic's partitions reach every broker's metadata a moment later
            deadline = time.monotonic() + 30
            while True:
                (topic,) = admin.describe_topics(["parley-rf3"])
                if topic["partitions"] or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        finally:
            admin.close()
        assert sorted(topic["partitions"][0]["replica_nodes"]) == [1, 2, 3]
        assert _round_trip(bootstrap, "parley-rf3", b"replicated") == [b"replicated"]
    finally:
        local.stop(home, port)
    assert not local.status(home, port).pids
