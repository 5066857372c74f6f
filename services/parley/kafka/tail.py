"""`parley tail`: print records of the output topic (or any topic) as they arrive."""

from __future__ import annotations

import sys
import uuid
from typing import TextIO

from kafka import KafkaConsumer

from parley.settings import Settings

__all__ = ["tail"]


def tail(
    settings: Settings,
    *,
    topic: str | None = None,
    from_beginning: bool = True,
    idle_timeout_s: float | None = None,
    limit: int | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Print each record's value as one line; stop after `limit` records or when idle."""
    consumer = KafkaConsumer(
        topic or settings.output_topic,
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
