"""How a failure to reach or log in to the brokers is told to the user, without a broker."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from kafka import errors as kerr

from parley.cli.main import main
from parley.kafka import admin
from parley.kafka.failures import (
    EXIT_CONFIG,
    EXIT_UNREACHABLE,
    BrokerFailure,
    Evidence,
    explain,
    watch_connections,
)
from parley.settings import load_settings
from parley.stream.worker import wait_for_topics

PASSWORD = "pw-Zq8#not-in-messages"
SASL = {
    "KAFKA_BOOTSTRAP_SERVERS": "10.1.2.3:9093",
    "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
    "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
    "KAFKA_SASL_USERNAME": "parley",
    "KAFKA_SASL_PASSWORD": PASSWORD,
}
TIMEOUT = kerr.KafkaTimeoutError("Unable to bootstrap from ['10.1.2.3:9093']")


def _heard(*errors: BaseException, text: str = "Bootstrap connection to %s failed: %s") -> Evidence:
    evidence = Evidence()
    for err in errors:
        evidence.add(logging.LogRecord("kafka.net.manager", 30, "", 1, text, ("b-0", err), None))
    return evidence


def test_refused_login_is_a_config_error_naming_servers_and_user_not_password() -> None:
    settings = load_settings(SASL)
    refused = kerr.SaslAuthenticationFailedError("invalid credentials with SASL mechanism")
    failure = explain("feed", settings, _heard(kerr.KafkaConnectionError("x"), refused), TIMEOUT)
    assert failure.exit_code == EXIT_CONFIG
    assert failure.certain
    assert failure.message.startswith("feed failed: the broker refused the login:")
    assert "10.1.2.3:9093" in failure.message
    assert "SASL_SSL, SCRAM-SHA-512 as parley" in failure.message
    assert PASSWORD not in failure.message
    assert "\n" not in failure.message


@pytest.mark.parametrize(
    ("heard", "code", "certain", "words"),
    [
        ([kerr.KafkaConnectionError("111 ECONNREFUSED")], EXIT_UNREACHABLE, True, "ECONNREFUSED"),
        ([], EXIT_UNREACHABLE, True, "Unable to bootstrap"),
        ([kerr.InvalidReceiveError("Invalid frame length: 352518912")], EXIT_CONFIG, True, "speak"),
        (
            [kerr.KafkaConnectionError("Handshake failed: [SSL: CERTIFICATE_VERIFY_FAILED]")],
            EXIT_CONFIG,
            True,
            "KAFKA_SSL_CAFILE",
        ),
        ([kerr.KafkaConnectionError("socket disconnected")], EXIT_CONFIG, False, "closed"),
    ],
)
def test_each_cause_gets_its_reason_and_code(
    heard: list[BaseException], code: int, certain: bool, words: str
) -> None:
    failure = explain("tail", load_settings(SASL), _heard(*heard), TIMEOUT)
    assert (failure.exit_code, failure.certain) == (code, certain)
    assert words in failure.message


def test_broker_answers_are_not_taken_for_connection_trouble() -> None:
    settings = load_settings(SASL)
    denied = explain("feed", settings, Evidence(), kerr.TopicAuthorizationFailedError("t"))
    assert denied.exit_code == EXIT_CONFIG
    assert "did not allow" in denied.message
    other = explain("feed", settings, Evidence(), kerr.InvalidTopicError("t"))
    assert other.exit_code == 1


def test_watch_connections_hears_kafka_python_and_leaves_logging_as_it_was() -> None:
    logger = logging.getLogger("kafka")
    before = (logger.level, list(logger.handlers))
    with watch_connections() as evidence:
        logging.getLogger("kafka.net.manager").warning("failed: %s", TIMEOUT)
        logging.getLogger("kafka.net.manager").info("noise %s", kerr.KafkaConnectionError())
    assert evidence.errors == [TIMEOUT]
    assert (logger.level, list(logger.handlers)) == before


def _cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, **env: str) -> Any:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = main(["topics", "create"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("missing", ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"])
def test_cli_without_credentials_says_so_at_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    t0 = time.monotonic()
    code, err = _cli(capsys, monkeypatch, **{**SASL, missing: ""})
    assert code == EXIT_CONFIG
    assert time.monotonic() - t0 < 5, "it waited for a broker first"
    assert err.count("\n") == 1
    assert err.startswith("parley: topics create failed: SASL_SSL needs " + missing)
    assert "10.1.2.3:9093" in err
    assert PASSWORD not in err


def test_cli_reports_a_client_failure_as_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*args: object, **kwargs: object) -> list[str]:
        logging.getLogger("kafka.net.manager").warning(
            "Connection failed: %s", kerr.KafkaConnectionError("111 ECONNREFUSED")
        )
        raise TIMEOUT

    monkeypatch.setattr(admin, "ensure_topics", unreachable)
    code, err = _cli(capsys, monkeypatch, **{**SASL, "KAFKA_SSL_CAFILE": ""})
    assert code == EXIT_UNREACHABLE
    assert err.count("\n") == 1
    assert "no broker could be reached" in err
    assert "ECONNREFUSED" in err
    assert "Traceback" not in err


def test_start_up_wait_stops_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unreachable brokers: retries with backoff, gives up within the wait asked for,
    and the last pause is cut short rather than slept in full past the deadline."""
    attempts: list[float] = []

    def unreachable(*args: object, connect_timeout_s: float, **kwargs: object) -> list[str]:
        attempts.append(connect_timeout_s)
        raise TIMEOUT

    monkeypatch.setattr(admin, "ensure_topics", unreachable)
    settings = load_settings({"KAFKA_BOOTSTRAP_SERVERS": "10.1.2.3:9092"})
    t0 = time.monotonic()
    with pytest.raises(BrokerFailure) as info:
        wait_for_topics(settings, max_wait_s=2.0)
    elapsed = time.monotonic() - t0
    assert info.value.exit_code == EXIT_UNREACHABLE
    # Sleeps of 0.5 and 1.0 s, then 0.5 s of the 2.0 s pause, then the last attempt.
    assert 2.0 <= elapsed < 2.5
    assert len(attempts) == 4
    # No attempt may outlast the wait: each one's own timeout is what is left.
    assert all(t <= 2.0 for t in attempts)


def test_start_up_wait_gives_up_at_once_on_a_refused_login(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0

    def refused(*args: object, **kwargs: object) -> list[str]:
        nonlocal calls
        calls += 1
        logging.getLogger("kafka.net.manager").warning(
            "Bootstrap connection to %s failed: %s",
            "b-0",
            kerr.SaslAuthenticationFailedError("invalid credentials"),
        )
        raise TIMEOUT

    monkeypatch.setattr(admin, "ensure_topics", refused)
    with pytest.raises(BrokerFailure) as info:
        wait_for_topics(load_settings(SASL), max_wait_s=60.0)
    assert calls == 1
    assert info.value.exit_code == EXIT_CONFIG
