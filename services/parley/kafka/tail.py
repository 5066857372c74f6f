"""`parley tail`: print records of the output topic (or any topic) as they arrive.

Where it starts follows kafka-console-consumer and `tail -f`: at the end, so that it
shows what arrives from now on. `from_beginning` reads the whole topic first (kcat's
default), and `since` starts at the first record written at or after a time.
"""

from __future__ import annotations

import sys
import uuid
from datetime import datetime
from typing import Any, TextIO

from kafka import KafkaConsumer, TopicPartition

from parley.settings import Settings

__all__ = ["NoSuchTopic", "tail"]


class NoSuchTopic(Exception):
    """The topic to read from does not exist."""


def _seek_to_time(consumer: Any, topic: str, since: datetime) -> None:
    partitions = consumer.partitions_for_topic(topic)
    if not partitions:
        raise NoSuchTopic(topic)
    parts = [TopicPartition(topic, p) for p in sorted(partitions)]
    consumer.assign(parts)
    stamp_ms = int(since.timestamp() * 1000)
    found = consumer.offsets_for_times(dict.fromkeys(parts, stamp_ms))
    for part in parts:
        hit = found.get(part)
        if hit is None:
            # Nothing written since then yet: whatever comes next is new.
            consumer.seek_to_end(part)
        else:
            consumer.seek(part, hit.offset)


def tail(
    settings: Settings,
    *,
    topic: str | None = None,
    from_beginning: bool = False,
    since: datetime | None = None,
    idle_timeout_s: float | None = None,
    limit: int | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Print each record's value as one line; stop after `limit` records or when idle."""
    name = topic or settings.output_topic
    consumer = KafkaConsumer(
        # A throwaway group: tailing must never move a real consumer group's offsets.
        group_id=None,
        client_id=f"parley-tail-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
        consumer_timeout_ms=int(idle_timeout_s * 1000) if idle_timeout_s else float("inf"),
        **settings.kafka_python_config(),
    )
    count = 0
    try:
        if since is not None:
            _seek_to_time(consumer, name, since)
        else:
            consumer.subscribe([name])
        for record in consumer:
            out.write((record.value or b"").decode("utf-8", "replace") + "\n")
            out.flush()
            count += 1
            if limit is not None and count >= limit:
                break
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    return count
