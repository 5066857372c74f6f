"""A broker with a SASL_SSL listener and a CA made by the test: who gets in, and Parley working."""

from __future__ import annotations

import gc
import secrets
import signal
import socket
import ssl
import subprocess
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from parley.broker import local
from parley.broker.tls import generate_tls
from parley.kafka.security import ssl_context
from parley.offline import OfflinePipeline
from parley.settings import Settings
from tests.conftest import CORPUS
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import (
    PARLEY,
    by_reports,
    dedup_order,
    env_of,
    latest_per_event,
    read_topic,
    run_cli,
    values,
    wait_caught_up,
)

pytestmark = pytest.mark.integration

USER = "parley"


@dataclass(frozen=True)
class SecuredBroker:
    bootstrap: str
    ca_file: Path
    password: str
    home: Path
    port: int


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecuredBroker]:
    """A single-node broker whose only client listener is SASL_SSL, with one SCRAM user."""
    home = broker_home(tmp_path_factory.mktemp("secured-home"))
    tls = generate_tls(home / "tls")
    # Long and random, so finding it in a log cannot be a coincidence.
    password = secrets.token_urlsafe(24)
    port = free_port(3)
    t0 = time.monotonic()
    bootstrap = local.start(
        home,
        port,
        secured=local.SecuredConfig(keystore=tls.keystore, users={USER: password}),
    )
    print(f"secured broker up in {time.monotonic() - t0:.1f}s")
    try:
        yield SecuredBroker(bootstrap, tls.ca_file, password, home, port)
    finally:
        local.stop(home, port)


def _settings(broker: SecuredBroker, tmp_path: Path, **extra: str) -> Settings:
    secured = {
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": USER,
        "KAFKA_SASL_PASSWORD": broker.password,
        "KAFKA_SSL_CAFILE": str(broker.ca_file),
        # The corpus spans 2010-2026: keep expiry out of the comparison.
        "PARLEY_DEDUP_WINDOW_DAYS": "36500",
    }
    # A test may override any of these (a wrong password, another CA).
    return unique_settings(
        broker.bootstrap, tmp_path / "worker", app_prefix="parley-sec", **{**secured, **extra}
    )


def _list_topics(**config: Any) -> list[str]:
    """Topic names as seen by a kafka-python admin client; raises KafkaError if refused."""
    wanted = {
        **config,
        "client_id": "parley-security-test",
        "request_timeout_ms": 5000,
        # A refused client retries until this runs out; 4 s is plenty on loopback.
        "bootstrap_timeout_ms": 4000,
        "api_version_auto_timeout_ms": 4000,
        "reconnect_backoff_max_ms": 500,
    }
    known = KafkaAdminClient.DEFAULT_CONFIG
    admin = KafkaAdminClient(**{k: v for k, v in wanted.items() if k in known})
    try:
        return list(admin.list_topics())
    finally:
        admin.close()


class _BrokerLog:
    """The lines the broker logs from now on (it logs every failed login, with the reason)."""

    def __init__(self, broker: SecuredBroker) -> None:
        self.path = local.status(broker.home, broker.port).log_path
        self.offset = self.path.stat().st_size

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            with self.path.open("rb") as handle:
                handle.seek(self.offset)
                new = handle.read().decode(errors="replace")
            if text in new or time.monotonic() > deadline:
                return new
            time.sleep(0.2)


def _refused(**config: Any) -> None:
    """Assert that the broker turns away a kafka-python client with ``config``."""
    with pytest.raises(KafkaError):
        _list_topics(**config)
    # kafka-python leaves the sockets of refused connections to the garbage
    # collector, whose ResourceWarnings the suite makes fatal.  Collect them here,
    # quietly, now that the exception (whose traceback holds the client) is gone,
    # rather than in whichever test happens to run next.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_client_without_credentials_is_refused(broker: SecuredBroker) -> None:
    """A plaintext client and a TLS client that does not log in both get no answer."""
    bootstrap = broker.bootstrap.split(",")
    log = _BrokerLog(broker)
    _refused(bootstrap_servers=bootstrap)
    assert "Failed authentication" in log.wait_for("SSL handshake failed")
    # TLS without SASL: the handshake succeeds, the missing login is what fails.
    _refused(bootstrap_servers=bootstrap, security_protocol="SSL", ssl_cafile=str(broker.ca_file))


def test_client_with_wrong_password_is_refused(broker: SecuredBroker) -> None:
    """SCRAM with a wrong password, or an unknown user, fails authentication, where the
    right password lists the topics."""
    login = {
        "bootstrap_servers": broker.bootstrap.split(","),
        "security_protocol": "SASL_SSL",
        "ssl_cafile": str(broker.ca_file),
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": USER,
    }
    invalid = "invalid credentials with SASL mechanism SCRAM-SHA-512"
    log = _BrokerLog(broker)
    _refused(**login, sasl_plain_password=broker.password[::-1])
    # The broker's own account of why; kafka-python often reports only a closed socket.
    assert invalid in log.wait_for(invalid)
    log = _BrokerLog(broker)
    _refused(**{**login, "sasl_plain_username": "mallory"}, sasl_plain_password="x")
    assert invalid in log.wait_for(invalid)
    assert isinstance(_list_topics(**login, sasl_plain_password=broker.password), list)


def _handshake(context: ssl.SSLContext, bootstrap: str) -> dict[str, Any]:
    """TLS-connect to the first broker and return the certificate it presented."""
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    with (
        socket.create_connection((host, int(port)), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        cert = tls.getpeercert()
    assert cert is not None
    return cert


def test_tls_context_verifies_the_broker_certificate(broker: SecuredBroker, tmp_path: Path) -> None:
    """The TLS context the worker gets from KAFKA_SSL_CAFILE accepts the broker's
    certificate for 127.0.0.1, and the context for another CA rejects it before any
    password is sent."""
    settings = _settings(broker, tmp_path)
    context = ssl_context(settings)
    assert context is not None
    cert = _handshake(context, broker.bootstrap)
    assert ("IP Address", "127.0.0.1") in cert["subjectAltName"]

    other = generate_tls(tmp_path / "other-ca")
    stranger = ssl_context(_settings(broker, tmp_path, KAFKA_SSL_CAFILE=str(other.ca_file)))
    assert stranger is not None
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(stranger, broker.bootstrap)


@contextmanager
def _debug_worker(settings: Settings, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A `parley worker --loglevel debug` process, stopped (SIGTERM) when the block ends."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [*PARLEY, "worker", "--loglevel", "debug"],
            env=env_of(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_parley_with_credentials_processes_articles_end_to_end(
    broker: SecuredBroker, tmp_path: Path
) -> None:
    """`parley topics create`, `parley feed` and a worker, all logging in with SCRAM over
    TLS, turn the corpus into the events `parley extract` finds, and no output or log
    holds the password."""
    settings = _settings(broker, tmp_path)
    corpus = CORPUS / "a.articles.jsonl"
    lines = [line for line in corpus.read_bytes().splitlines() if line.strip()]
    by_id = {orjson.loads(line)["id"]: line for line in lines}
    t0 = time.monotonic()
    created = run_cli(settings, "topics", "create")
    log = tmp_path / "worker.log"
    # At debug level every client library describes its connections and
    # configuration: the level where a leaked secret would show.
    with _debug_worker(settings, log):
        fed = run_cli(settings, "feed", str(corpus), "--no-progress")
        wait_caught_up(
            settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=150
        )
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    order = dedup_order(settings, by_id)
    print(f"{len(lines)} articles -> {len(records)} records in {time.monotonic() - t0:.1f}s")

    offline = OfflinePipeline(settings)
    for _ in offline.run(lines):
        pass
    # Every article in which the extractor finds a meeting reached dedup, once.
    assert sorted(orjson.loads(line)["id"] for line in order) == sorted(
        ident for ident, found in offline.candidates_by_article.items() if found
    )
    stream = latest_per_event(records)
    assert stream, "no events came out"
    expected = latest_per_event(
        [r for r in OfflinePipeline(settings).run(order) if isinstance(r, dict)]
    )
    assert by_reports(stream) == by_reports(expected)

    text = log.read_text(errors="replace")
    # The worker did log its settings, masked.
    assert '"sasl_password":"********"' in text
    outputs = [text, *(p.stdout.decode() + p.stderr.decode() for p in (created, fed))]
    assert all(broker.password not in out for out in outputs)
