"""A real Kafka broker for the integration tests, and per-test topic names.

The broker comes from, in order: KAFKA_BOOTSTRAP_SERVERS; testcontainers' Kafka
module when a Docker engine answers; otherwise the project's own local KRaft
broker (`parley broker`), started once for the session on a free port.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.settings import Settings
from tests.integration.isolation import broker_home, free_port, unique_settings


def _docker_answers() -> bool:
    """Whether a Docker engine answers on its socket (the docker SDK would leak one)."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return True  # a remote engine: let testcontainers find out
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(3)
        try:
            sock.connect(host.removeprefix("unix://"))
            sock.sendall(b"GET /_ping HTTP/1.0\r\n\r\n")
            return sock.recv(64).startswith(b"HTTP/1.")
        except OSError:
            return False


@pytest.fixture(scope="session")
def bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bootstrap address of a real broker for this test session."""
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    if _docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as kafka:
            yield kafka.get_bootstrap_server()
        return
    from parley.broker import local

    home = broker_home(tmp_path_factory.mktemp("session-broker"))
    port = free_port(2)
    address = local.start(home, port=port)
    try:
        yield address
    finally:
        local.stop(home, port=port)


@pytest.fixture
def settings(bootstrap: str, tmp_path: Path) -> Settings:
    """Settings with topic names and a consumer group unique to this test."""
    return unique_settings(bootstrap, tmp_path / "worker")
