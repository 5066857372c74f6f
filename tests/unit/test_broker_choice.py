"""The integration tests' broker choice: testcontainers only with an engine that holds the image.

A small HTTP server on a Unix socket stands in for the Docker engine's API, answering
the two requests the choice makes (`/_ping`, `/images/NAME/json`).
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.integration.conftest import KAFKA_IMAGE, broker_choice


class _Engine(socketserver.StreamRequestHandler):
    has_image = False

    def handle(self) -> None:
        path = self.rfile.readline().split()[1].decode()
        ok = path == "/_ping" or (path == f"/images/{KAFKA_IMAGE}/json" and self.has_image)
        self.wfile.write(b"HTTP/1.0 200 OK\r\n\r\nOK" if ok else b"HTTP/1.0 404 Not Found\r\n\r\n")


@contextmanager
def _serve(sock: Path, has_image: bool) -> Iterator[None]:
    handler = type("Engine", (_Engine,), {"has_image": has_image})
    server = socketserver.ThreadingUnixStreamServer(str(sock), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def no_bootstrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)


@pytest.mark.usefixtures("no_bootstrap")
def test_engine_without_the_kafka_image_means_the_local_broker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine that answers but lacks the Kafka image (no registry to pull it) is passed over."""
    sock = tmp_path / "docker.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{sock}")
    with _serve(sock, has_image=False):
        kind, why = broker_choice()
        assert kind == "local"
        assert KAFKA_IMAGE in why


@pytest.mark.usefixtures("no_bootstrap")
def test_engine_with_the_kafka_image_means_testcontainers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine that holds the Kafka image is used through testcontainers."""
    sock = tmp_path / "docker.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{sock}")
    with _serve(sock, has_image=True):
        assert broker_choice()[0] == "testcontainers"


@pytest.mark.usefixtures("no_bootstrap")
def test_no_engine_means_the_local_broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A socket nobody listens on means the local broker, and a given address wins over all."""
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'none.sock'}")
    assert broker_choice() == ("local", f"no Docker engine answers on unix://{tmp_path}/none.sock")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")
    assert broker_choice()[0] == "given"
