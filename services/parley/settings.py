"""One frozen settings object, read from environment variables.

Every setting has a documented default so that `parley worker` runs against a
local broker with no configuration at all. Tests pass their own mapping as the
environment instead of patching os.environ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Settings", "SettingsError", "load_settings"]


class SettingsError(ValueError):
    """A configuration value is malformed; retrying cannot help."""

    retriable = False


def _env(name: str, default: Any, doc: str, *, secret: bool = False) -> Any:
    return field(default=default, metadata={"env": name, "doc": doc, "secret": secret})


@dataclass(frozen=True, slots=True, repr=False)
class Settings:
    bootstrap_servers: str = _env(
        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "Comma-separated broker addresses."
    )
    input_topic: str = _env("PARLEY_INPUT_TOPIC", "news.articles", "NewsArticle v1 input topic.")
    output_topic: str = _env(
        "PARLEY_OUTPUT_TOPIC", "diplomatic.meetings", "MeetingEvent v1 output topic (compacted)."
    )
    dlq_topic: str = _env("PARLEY_DLQ_TOPIC", "news.articles.dlq", "DeadLetter v1 topic.")
    mentions_topic: str = _env(
        "PARLEY_MENTIONS_TOPIC",
        "diplomatic.meetings.mentions",
        "MeetingMention v1 topic: one record per report merged into an event; empty = off.",
    )
    app_id: str = _env(
        "PARLEY_APP_ID",
        "parley",
        "faust application id: names the consumer group and the internal topics.",
    )
    input_partitions: int = _env(
        "PARLEY_INPUT_PARTITIONS", 4, "Partitions of the input topic when Parley creates it."
    )
    output_partitions: int = _env(
        "PARLEY_OUTPUT_PARTITIONS", 4, "Partitions of the output and dead-letter topics."
    )
    replication_factor: int = _env(
        "PARLEY_REPLICATION_FACTOR", 1, "Replication factor of every topic Parley creates."
    )
    min_insync_replicas: int = _env(
        "PARLEY_MIN_INSYNC_REPLICAS", 1, "min.insync.replicas of every topic Parley creates."
    )
    max_body_bytes: int = _env(
        "PARLEY_MAX_BODY_BYTES", 1_000_000, "Articles with a longer body go to the dead letters."
    )
    languages: str = _env(
        "PARLEY_LANGUAGES", "en", "Comma-separated ISO 639-1 languages the extractor accepts."
    )
    dedup_window_days: int = _env(
        "PARLEY_DEDUP_WINDOW_DAYS", 30, "Event-time window after which dedup state expires."
    )
    seen_days: int = _env(
        "PARLEY_SEEN_DAYS",
        400,
        "Days of processing time an article id or text stays known after it was last "
        "seen, so that a re-feed publishes nothing; also the length of an event-id "
        "epoch (docs/reliability.md).",
    )
    future_tolerance_hours: int = _env(
        "PARLEY_FUTURE_TOLERANCE_HOURS",
        36,
        "Articles published further ahead of the wall clock are dead letters.",
    )
    max_message_bytes: int = _env(
        "PARLEY_MAX_MESSAGE_BYTES",
        1_048_576,
        "Largest record Parley produces: the producer's max_request_size and the "
        "max.message.bytes of the topics it creates. Dead letters are cut to fit.",
    )
    stall_seconds: int = _env(
        "PARLEY_STALL_SECONDS",
        60,
        "A stage with input waiting and no committed progress for this long is stalled: "
        "/readyz 503, parley_stage_stalled 1.",
    )
    stall_exit_seconds: int = _env(
        "PARLEY_STALL_EXIT_SECONDS",
        300,
        "A stage of this worker stalled this long with the brokers reachable (an agent "
        "stopped, offsets not committed) makes the worker exit 1 for its supervisor to "
        "restart it; 0 never exits.",
    )
    store: str = _env(
        "PARLEY_STORE",
        "memory://",
        "faust table store: memory:// or rocksdb:// (needs the rocksdb extra).",
    )
    data_dir: str = _env(
        "PARLEY_DATA_DIR", ".parley/worker", "Where the worker keeps its local table state."
    )
    instance_id: str = _env(
        "PARLEY_INSTANCE_ID",
        "",
        "Static group membership id (KIP-345): a restarted worker with the same id takes "
        "its partitions back at once instead of waiting for a rebalance. Unique per worker.",
    )
    session_timeout_s: int = _env(
        "PARLEY_SESSION_TIMEOUT_S",
        30,
        "Seconds without heartbeats after which a crashed worker's partitions move.",
    )
    broker_wait_s: int = _env(
        "PARLEY_BROKER_WAIT_S",
        300,
        "Seconds the worker waits at start-up for an unreachable broker before it exits.",
    )
    web_port: int = _env(
        "PARLEY_WEB_PORT", 6066, "Port of the worker's web server (metrics, health, page)."
    )
    web_bind: str = _env(
        "PARLEY_WEB_BIND",
        "127.0.0.1",
        "Interface the web server listens on; 0.0.0.0 in containers so probes can reach it.",
    )
    security_protocol: str = _env(
        "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL."
    )
    sasl_mechanism: str = _env(
        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "SASL mechanism when a SASL protocol is used."
    )
    sasl_username: str = _env("KAFKA_SASL_USERNAME", "", "SASL user name.")
    sasl_password: str = _env("KAFKA_SASL_PASSWORD", "", "SASL password.", secret=True)
    ssl_cafile: str = _env(
        "KAFKA_SSL_CAFILE", "", "CA bundle that signs the brokers' certificates."
    )

    def masked(self) -> dict[str, Any]:
        """The settings as a dict that is safe to log: secrets are replaced by asterisks."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = "********" if f.metadata["secret"] and value else value
        return out

    def __repr__(self) -> str:
        # The default dataclass repr would print the SASL password into logs.
        inner = ", ".join(f"{k}={v!r}" for k, v in self.masked().items())
        return f"Settings({inner})"

    def to_env(self) -> dict[str, str]:
        """The settings as environment variables, for starting another Parley process."""
        return {f.metadata["env"]: str(getattr(self, f.name)) for f in fields(self)}

    @property
    def language_set(self) -> frozenset[str]:
        return frozenset(x.strip().lower() for x in self.languages.split(",") if x.strip())

    def kafka_python_config(self) -> dict[str, Any]:
        """Connection options for kafka-python clients, including security settings."""
        cfg: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers.split(","),
            "security_protocol": self.security_protocol,
        }
        if self.security_protocol.startswith("SASL"):
            cfg["sasl_mechanism"] = self.sasl_mechanism
            cfg["sasl_plain_username"] = self.sasl_username
            cfg["sasl_plain_password"] = self.sasl_password
        if self.security_protocol.endswith("SSL") and self.ssl_cafile:
            cfg["ssl_cafile"] = self.ssl_cafile
        return cfg


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (os.environ by default), converting each value to its type."""
    source = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = source.get(f.metadata["env"])
        if raw is None or raw == "":
            continue
        if isinstance(f.default, int):
            try:
                values[f.name] = int(raw)
            except ValueError:
                raise SettingsError(
                    f"{f.metadata['env']} must be an integer, got {raw!r}"
                ) from None
        else:
            values[f.name] = raw
    return Settings(**values)
