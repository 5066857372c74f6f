"""TLS and SASL for the faust worker, built from the same settings as every other client.

The kafka-python commands (``topics``, ``feed``, ``tail``, the lag monitor) take
their options from ``Settings.kafka_python_config()``; faust (aiokafka underneath)
wants an ``ssl.SSLContext`` and a credentials object instead, which this module
builds.  Nothing here logs, and no message raised here contains the password.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import faust
from faust.types.auth import CredentialsT

from parley.settings import Settings, SettingsError

__all__ = [
    "PROTOCOLS",
    "SASL_MECHANISMS",
    "check",
    "describe",
    "faust_credentials",
    "ssl_context",
    "uses_sasl",
    "uses_tls",
]

PROTOCOLS = frozenset({"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"})
# The mechanisms that log in with a user name and password; GSSAPI and
# OAUTHBEARER need credentials that Parley has no settings for.
SASL_MECHANISMS = frozenset({"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})


def _protocol(settings: Settings) -> str:
    protocol = settings.security_protocol
    if protocol not in PROTOCOLS:
        raise SettingsError(
            f"KAFKA_SECURITY_PROTOCOL must be one of {', '.join(sorted(PROTOCOLS))}, "
            f"got {protocol!r}"
        )
    return protocol


def uses_tls(settings: Settings) -> bool:
    """Whether connections to the brokers are encrypted (SSL or SASL_SSL)."""
    return _protocol(settings) in {"SSL", "SASL_SSL"}


def uses_sasl(settings: Settings) -> bool:
    """Whether clients log in to the brokers (SASL_PLAINTEXT or SASL_SSL)."""
    return _protocol(settings).startswith("SASL_")


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The client TLS context for an SSL protocol, or None for a plaintext one.

    Certificates are verified, host names included: against ``KAFKA_SSL_CAFILE``
    alone when it is set (a private CA should not be mixed with the public ones),
    else against the system's trusted CAs.
    """
    if not uses_tls(settings):
        return None
    cafile = settings.ssl_cafile or None
    if cafile is not None and not Path(cafile).is_file():
        raise SettingsError(f"KAFKA_SSL_CAFILE {cafile} is not a readable file")
    try:
        return ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise SettingsError(f"KAFKA_SSL_CAFILE {cafile} holds no usable CA: {exc}") from exc


def faust_credentials(settings: Settings) -> CredentialsT | None:
    """What to pass as faust's ``broker_credentials``; None for PLAINTEXT.

    SASL protocols give ``faust.SASLCredentials`` (with the TLS context for
    SASL_SSL), SSL gives ``faust.SSLCredentials``.  faust passes the same
    credentials to its consumer, producer and topic-creating admin client.
    """
    context = ssl_context(settings)
    if not uses_sasl(settings):
        return None if context is None else faust.SSLCredentials(context)
    _check_login(settings)
    return faust.SASLCredentials(
        username=settings.sasl_username,
        password=settings.sasl_password,
        ssl_context=context,
        mechanism=settings.sasl_mechanism,
    )


def _check_login(settings: Settings) -> None:
    mechanism = settings.sasl_mechanism
    if mechanism not in SASL_MECHANISMS:
        raise SettingsError(
            f"KAFKA_SASL_MECHANISM must be one of {', '.join(sorted(SASL_MECHANISMS))}, "
            f"got {mechanism!r}"
        )
    if not settings.sasl_username or not settings.sasl_password:
        # Saying which one is missing helps; echoing either value would not.
        missing = [
            name
            for name, value in (
                ("KAFKA_SASL_USERNAME", settings.sasl_username),
                ("KAFKA_SASL_PASSWORD", settings.sasl_password),
            )
            if not value
        ]
        raise SettingsError(f"{settings.security_protocol} needs {' and '.join(missing)}")


def check(settings: Settings) -> None:
    """Raise SettingsError for security settings no broker could accept.

    kafka-python sends a SASL login without user name or password as an empty one
    and then times out half a minute later as if the brokers were down; checking
    first lets a command say what is wrong, at once.
    """
    ssl_context(settings)
    if uses_sasl(settings):
        _check_login(settings)


def describe(settings: Settings) -> str:
    """One line on how the brokers are reached, safe to log: never the password."""
    protocol = _protocol(settings)
    parts = [protocol]
    if uses_sasl(settings):
        parts.append(f"{settings.sasl_mechanism} as {settings.sasl_username or '(no user)'}")
    if uses_tls(settings):
        parts.append(f"CA {settings.ssl_cafile}" if settings.ssl_cafile else "system CAs")
    return ", ".join(parts)
