"""A broker with a SASL_SSL listener and a CA made by the test: who gets in, and Parley working."""

from __future__ import annotations

import gc
import secrets
import socket
import ssl
import subprocess
import time
import warnings
from collections.abc import Iterator
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
    worker,
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
    with worker(settings, log, args=("--loglevel", "debug")):
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


def _start(settings: Settings, *args: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*PARLEY, *args],
        env=env_of(settings, **extra),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{proc.args!r} still ran after {timeout:.0f}s")
    return proc.returncode, err.decode(errors="replace")


def test_commands_turned_away_say_why_in_one_line(broker: SecuredBroker, tmp_path: Path) -> None:
    """A wrong password, no login at all, and nothing listening: `topics create`, `feed`
    and `tail` each print one line naming the servers and the login, never a traceback
    or the password, and exit 2 (settings) or 3 (unreachable)."""
    settings = _settings(broker, tmp_path)
    wrong = broker.password[::-1]
    article = tmp_path / "one.jsonl"
    article.write_bytes((CORPUS / "a.articles.jsonl").read_bytes().splitlines()[0] + b"\n")
    commands = {
        "topics": ("topics", "create"),
        "feed": ("feed", str(article), "--no-progress"),
        "tail": ("tail", "--limit", "1"),
    }
    nowhere = f"127.0.0.1:{free_port()}"
    cases = {
        # name -> (command, environment overrides, exit code, what the line must say)
        **{
            f"wrong password, {name}": (
                cmd,
                {"KAFKA_SASL_PASSWORD": wrong},
                2,
                "SCRAM-SHA-512 as parley",
            )
            for name, cmd in commands.items()
        },
        # kafka-python sees a TLS listener answer either as garbage or as a closed
        # socket, depending on timing; both lines name the cause
        "no login, plaintext": (
            commands["topics"],
            {"KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"},
            2,
            ("does not speak PLAINTEXT", "closed every connection"),
        ),
        "no user name": (commands["feed"], {"KAFKA_SASL_USERNAME": ""}, 2, "KAFKA_SASL_USERNAME"),
        "unreachable": (
            commands["tail"],
            {"KAFKA_BOOTSTRAP_SERVERS": nowhere},
            3,
            "no broker could be reached",
        ),
    }
    t0 = time.monotonic()
    # All at once: each waits out the client's 30 s bootstrap timeout.
    running = {name: _start(settings, *cmd, **env) for name, (cmd, env, _, _) in cases.items()}
    results = {name: _finish(proc, timeout=90) for name, proc in running.items()}
    print(f"{len(cases)} refused commands in {time.monotonic() - t0:.1f}s")
    for name, (code, err) in results.items():
        _, env, want_code, want_text = cases[name]
        assert code == want_code, f"{name}: exit {code}\n{err}"
        lines = err.splitlines()
        assert len(lines) == 1, f"{name}: {err}"
        assert lines[0].startswith("parley: "), name
        wanted = (want_text,) if isinstance(want_text, str) else want_text
        assert any(text in lines[0] for text in wanted), f"{name}: {lines[0]}"
        assert env.get("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrap) in lines[0], name
        assert broker.password not in err, name
        assert wrong not in err, name
    # The broker gave the reason for at least one of the wrong passwords, not just
    # a closed socket; either way the line points at the credentials.
    wrong_lines = [results[f"wrong password, {n}"][1] for n in commands]
    assert all("refused the login" in e or "closed every connection" in e for e in wrong_lines)
    assert any("refused the login" in e for e in wrong_lines)


def test_worker_start_up_stops_with_a_reason_and_on_time(
    broker: SecuredBroker, tmp_path: Path
) -> None:
    """A worker with a wrong password stops at once with exit 2; one with no broker to
    talk to retries, saying so, and stops with exit 3 once PARLEY_BROKER_WAIT_S is up.
    Both end on one CRITICAL JSON line, and neither log holds the password."""
    settings = _settings(broker, tmp_path)
    wrong = broker.password[::-1]
    wait_s = 15
    t0 = time.monotonic()
    refused = _start(
        settings,
        "worker",
        "--loglevel",
        "debug",
        KAFKA_SASL_PASSWORD=wrong,
        PARLEY_BROKER_WAIT_S="120",
    )
    lost = _start(
        settings,
        "worker",
        KAFKA_BOOTSTRAP_SERVERS=f"127.0.0.1:{free_port()}",
        PARLEY_BROKER_WAIT_S=str(wait_s),
    )
    lost_code, lost_err = _finish(lost, timeout=60)
    lost_s = time.monotonic() - t0
    refused_code, refused_err = _finish(refused, timeout=90)
    refused_s = time.monotonic() - t0
    print(f"unreachable: exit {lost_code} after {lost_s:.1f}s; refused: {refused_s:.1f}s")

    assert lost_code == 3, lost_err
    # Start-up (imports, settings) comes before the wait; the wait itself is bounded.
    assert wait_s <= lost_s < wait_s + 10, lost_s
    lost_log = [orjson.loads(line) for line in lost_err.splitlines()]
    assert sum("retrying in" in r["message"] for r in lost_log) >= 1
    assert lost_log[-1]["level"] == "CRITICAL"
    assert lost_log[-1]["message"].startswith("worker start-up failed: no broker could be reached")
    assert lost_log[-1]["exit_code"] == 3

    # It did not wait out its 120 s: a refused login is not worth retrying.
    assert refused_code == 2, refused_err[-3000:]
    assert refused_s < 60
    refused_log = [orjson.loads(line) for line in refused_err.splitlines()]
    last = refused_log[-1]
    assert last["level"] == "CRITICAL"
    assert "worker start-up failed:" in last["message"]
    assert "refused the login" in last["message"] or "closed every connection" in last["message"]
    assert f"bootstrap servers {broker.bootstrap}" in last["message"]
    assert "SCRAM-SHA-512 as parley" in last["message"]
    assert broker.password not in refused_err
    assert wrong not in refused_err
    assert "Traceback" not in refused_err + lost_err
