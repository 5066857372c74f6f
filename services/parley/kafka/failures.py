"""Why a Kafka client could not get through, as one line a person can act on.

kafka-python gives up on unreachable brokers, refused logins and TLS mismatches
alike with ``KafkaTimeoutError: Unable to bootstrap``; the actual cause only shows
in the warnings it logs on the way.  `watch_connections` listens to those while a
command runs, and `explain` turns what it heard into a `BrokerFailure`: a message
naming the bootstrap servers and how the client logged in (never the password),
and the exit code the CLI uses.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from parley.settings import Settings, SettingsError

__all__ = [
    "EXIT_CONFIG",
    "EXIT_FAILED",
    "EXIT_UNREACHABLE",
    "BrokerFailure",
    "Evidence",
    "explain",
    "settings_failure",
    "watch_connections",
]

#: Exit code for a request the brokers answered with an error.
EXIT_FAILED = 1
#: Exit code for settings the brokers cannot accept: credentials, CA, protocol.
EXIT_CONFIG = 2
#: Exit code for brokers that could not be reached at all.
EXIT_UNREACHABLE = 3


class BrokerFailure(Exception):
    """A Kafka command failed for a reason stated in `message`; exit with `exit_code`.

    `certain` is False when the evidence only suggests the cause (connections closed
    without a reason given), which a start-up wait should not treat as final.
    """

    def __init__(self, message: str, exit_code: int, *, certain: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.certain = certain


@dataclass
class Evidence:
    """What kafka-python reported while a command tried to reach the brokers."""

    errors: list[BaseException] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        self.errors.extend(a for a in args if isinstance(a, BaseException))
        if record.exc_info and record.exc_info[1] is not None:
            self.errors.append(record.exc_info[1])
        # Some of its lines are pre-formatted f-strings with the error inside.
        self.texts.append(record.getMessage())


class _Collector(logging.Handler):
    def __init__(self, evidence: Evidence) -> None:
        super().__init__(logging.WARNING)
        self.evidence = evidence

    def emit(self, record: logging.LogRecord) -> None:
        self.evidence.add(record)


@contextmanager
def watch_connections() -> Iterator[Evidence]:
    """Collect kafka-python's connection warnings while the block runs.

    Works whatever logging the caller set up: kafka-python's loggers are read, not
    reconfigured, apart from lowering `kafka` to WARNING if it was quieter still.
    """
    evidence = Evidence()
    collector = _Collector(evidence)
    logger = logging.getLogger("kafka")
    old_level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    try:
        yield evidence
    finally:
        logger.removeHandler(collector)
        logger.setLevel(old_level)


def _any(evidence: Evidence, kinds: tuple[type[BaseException], ...], *needles: str) -> bool:
    if any(isinstance(e, kinds) for e in evidence.errors):
        return True
    text = "\n".join([*evidence.texts, *map(str, evidence.errors)]).lower()
    return any(n.lower() in text for n in needles)


def _reason(
    evidence: Evidence, settings: Settings, error: BaseException | None
) -> tuple[str, int, bool]:
    """(what went wrong, exit code, whether the evidence is conclusive)."""
    from kafka import errors as kerr

    if isinstance(error, kerr.AuthorizationError):
        # Logged in, but the user's ACLs do not allow the request.
        return f"the broker did not allow it for this user [{error}]", EXIT_CONFIG, True
    if isinstance(error, kerr.BrokerResponseError) and not isinstance(
        error, kerr.SaslAuthenticationFailedError
    ):
        return f"the broker answered with an error [{error}]", EXIT_FAILED, True
    auth_errors = (kerr.SaslAuthenticationFailedError,)
    if _any(evidence, auth_errors, "SaslAuthenticationFailed", "invalid credentials"):
        return "the broker refused the login: user name or password not accepted", EXIT_CONFIG, True
    if _any(evidence, (ssl.SSLCertVerificationError,), "CERTIFICATE_VERIFY_FAILED"):
        return (
            "the broker's TLS certificate is not signed by a CA the client trusts "
            "(KAFKA_SSL_CAFILE?)",
            EXIT_CONFIG,
            True,
        )
    if _any(evidence, (kerr.InvalidReceiveError,), "WRONG_VERSION_NUMBER", "wrong version number"):
        return (
            f"the broker does not speak {settings.security_protocol} on that port "
            "(KAFKA_SECURITY_PROTOCOL?)",
            EXIT_CONFIG,
            True,
        )
    refused = _any(evidence, (ConnectionRefusedError,), "ECONNREFUSED", "Connect call failed")
    if not refused and _any(evidence, (), "socket disconnected", "connection reset"):
        # Something listens and hangs up on us.  A refused SCRAM login often looks
        # like this: the broker closes the socket before its answer is read, so which
        # of the two lines a wrong password gets is down to timing; both name the login.
        if settings.security_protocol.startswith("SASL"):
            return (
                "the broker closed every connection before answering: most likely it "
                "refused the login (user name or password) or KAFKA_SECURITY_PROTOCOL is wrong",
                EXIT_CONFIG,
                False,
            )
        return (
            "the broker closed every connection before answering "
            "(wrong credentials or security protocol?)",
            EXIT_CONFIG,
            False,
        )
    return "no broker could be reached", EXIT_UNREACHABLE, True


def explain(
    action: str, settings: Settings, evidence: Evidence, error: BaseException | None = None
) -> BrokerFailure:
    """The failure of `action` (e.g. "topics create") as one line with its exit code."""
    from kafka import errors as kerr

    reason, code, certain = _reason(evidence, settings, error)
    message = f"{action} failed: {reason}; {_where(settings)}"
    # The bootstrap timeout itself says nothing new; the error under it does
    # (refused, no such host, timed out), or else whatever was raised.
    causes = [e for e in evidence.errors if not isinstance(e, kerr.KafkaTimeoutError)]
    if code == EXIT_UNREACHABLE and causes:
        message += f" [{causes[-1]}]"
    elif code == EXIT_UNREACHABLE and error is not None:
        message += f" [{type(error).__name__}: {error}]"
    if settings.sasl_password:
        # Nothing above should hold it; a library message one day might.
        message = message.replace(settings.sasl_password, "********")
    return BrokerFailure(message, code, certain=certain)


def _where(settings: Settings) -> str:
    # Imported here so that every `parley` command can catch BrokerFailure without
    # loading faust and kafka-python first.
    from parley.kafka.security import describe

    try:
        how = describe(settings)
    except SettingsError:
        how = f"security protocol {settings.security_protocol!r}"
    return f"bootstrap servers {settings.bootstrap_servers}, {how}"


def settings_failure(action: str, settings: Settings, error: SettingsError) -> BrokerFailure:
    """A settings problem found before connecting, in the same one-line form."""
    return BrokerFailure(f"{action} failed: {error}; {_where(settings)}", EXIT_CONFIG)
