"""Topic administration with kafka-python: the public topics and their configs."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from kafka.admin import KafkaAdminClient
from kafka.errors import TopicAlreadyExistsError

from parley.settings import Settings

__all__ = ["TopicSpec", "ensure_topics", "topic_specs"]


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    replication: int
    configs: dict[str, str]


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """The topics Parley owns, with partitions, replication and configs from settings."""
    # max.message.bytes equal to the producer's max_request_size: a record the worker
    # may send is one the topic takes, so a size refusal can only come from the client,
    # at once, instead of from the broker after the batch went out.
    isr = {
        "min.insync.replicas": str(settings.min_insync_replicas),
        "max.message.bytes": str(settings.max_message_bytes),
    }
    rf = settings.replication_factor
    return [
        TopicSpec(settings.input_topic, settings.input_partitions, rf, dict(isr)),
        # Compaction keeps the latest version of each event_id for consumers that join late.
        TopicSpec(
            settings.output_topic,
            settings.output_partitions,
            rf,
            {**isr, "cleanup.policy": "compact"},
        ),
        TopicSpec(settings.dlq_topic, settings.output_partitions, rf, dict(isr)),
        # Every report of every event, keyed by event_id: a log, not compacted.
        *(
            [TopicSpec(settings.mentions_topic, settings.output_partitions, rf, dict(isr))]
            if settings.mentions_topic
            else []
        ),
    ]


def ensure_topics(
    settings: Settings,
    specs: list[TopicSpec] | None = None,
    *,
    connect_timeout_s: float | None = None,
) -> list[str]:
    """Create whichever of the topics do not exist yet; returns the names it created.

    `connect_timeout_s` bounds the wait for a first broker (kafka-python's default is
    30 s); the client raises KafkaTimeoutError when it runs out.
    """
    specs = topic_specs(settings) if specs is None else specs
    config = settings.kafka_python_config()
    if connect_timeout_s is not None:
        config["bootstrap_timeout_ms"] = max(1, int(connect_timeout_s * 1000))
    admin = KafkaAdminClient(client_id="parley-admin", **config)
    try:
        existing = set(admin.list_topics())
        wanted: dict[str, Any] = {
            s.name: {
                "num_partitions": s.partitions,
                "replication_factor": s.replication,
                "configs": s.configs,
            }
            for s in specs
            if s.name not in existing
        }
        if not wanted:
            return []
        # Another worker may create one of them between our listing and our request.
        with contextlib.suppress(TopicAlreadyExistsError):
            admin.create_topics(wanted, timeout_ms=30_000, wait_for_metadata=True)
        return sorted(wanted)
    finally:
        admin.close()
