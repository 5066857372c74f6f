"""A real Kafka broker for the integration tests, and per-test topic names.

The broker comes from, in order: KAFKA_BOOTSTRAP_SERVERS; testcontainers' Kafka
module when a Docker engine answers and already holds its Kafka image
(PARLEY_KAFKA_IMAGE, default testcontainers' own); otherwise the project's own local
KRaft broker (`parley broker`), started once for the session on a free port. An
engine alone is not enough: with no image registry in reach, pulling the image
fails. The choice and its reason are printed in the report header and summary.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.settings import Settings
from tests.integration.isolation import broker_home, free_port, unique_settings

# The image testcontainers' KafkaContainer runs unless told otherwise.
KAFKA_IMAGE = os.environ.get("PARLEY_KAFKA_IMAGE", "confluentinc/cp-kafka:7.6.0")


def _docker_status(path: str) -> int | None:
    """The HTTP status of a GET on the local Docker engine's API, or None if none answers.

    A raw request on the socket: the docker SDK would leak a connection per call.
    """
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(3)
        try:
            sock.connect(host.removeprefix("unix://"))
            sock.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
            status = sock.recv(64).split(b" ", 2)
        except OSError:
            return None
    if len(status) < 2 or not status[0].startswith(b"HTTP/1.") or not status[1].isdigit():
        return None
    return int(status[1])


def broker_choice() -> tuple[str, str]:
    """Which broker the session uses ('given', 'testcontainers' or 'local') and why."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return "given", "KAFKA_BOOTSTRAP_SERVERS is set"
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return "testcontainers", f"remote Docker engine {host}"
    if _docker_status("/_ping") != 200:
        return "local", f"no Docker engine answers on {host}"
    if _docker_status(f"/images/{KAFKA_IMAGE}/json") != 200:
        return "local", f"the Docker engine on {host} has no {KAFKA_IMAGE} image to run"
    return "testcontainers", f"the Docker engine on {host} holds {KAFKA_IMAGE}"


def pytest_report_header(config: pytest.Config) -> str:
    kind, why = broker_choice()
    return f"parley integration broker: {kind} ({why})"


_CHOSEN = pytest.StashKey[str]()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    # The header hook runs only when this folder is named on the command line; the
    # summary also covers a whole-suite run.
    chosen = config.stash.get(_CHOSEN, None)
    if chosen:
        terminalreporter.write_line(f"parley integration broker: {chosen}")


@pytest.fixture(scope="session")
def bootstrap(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The bootstrap address of a real broker for this test session."""
    kind, why = broker_choice()
    request.config.stash[_CHOSEN] = f"{kind} ({why})"
    if kind == "given":
        yield os.environ["KAFKA_BOOTSTRAP_SERVERS"]
        return
    if kind == "testcontainers":
        from testcontainers.community.kafka import KafkaContainer

        with KafkaContainer(KAFKA_IMAGE).with_kraft() as kafka:
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
