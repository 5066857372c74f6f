"""A local Apache Kafka broker (KRaft mode) for development and tests; see ``local``."""

from __future__ import annotations

from parley.broker.local import (
    DEFAULT_PORT,
    KAFKA_VERSION,
    BrokerError,
    BrokerStatus,
    SecuredConfig,
    default_home,
    ensure_jars,
    start,
    status,
    stop,
)

__all__ = [
    "DEFAULT_PORT",
    "KAFKA_VERSION",
    "BrokerError",
    "BrokerStatus",
    "SecuredConfig",
    "default_home",
    "ensure_jars",
    "start",
    "status",
    "stop",
]
