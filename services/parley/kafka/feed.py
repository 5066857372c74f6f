"""`parley feed`: produce NewsArticle JSONL to the input topic, with a progress bar.

Lines are sent as they are (bytes untouched), keyed by their `id` when the line is
JSON with a string id, so that malformed lines still reach the worker and its
dead-letter topic instead of being judged here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import orjson
from kafka import KafkaProducer
from tqdm import tqdm

from parley.settings import Settings

__all__ = ["feed", "key_of", "read_lines"]


def key_of(line: bytes) -> bytes | None:
    """The article id of a JSON line as the message key, or None if there is none."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(data, dict):
        ident = data.get("id")
        if isinstance(ident, str) and ident:
            return ident.encode("utf-8")
    return None


def read_lines(stream: BinaryIO) -> Iterator[bytes]:
    """Non-blank lines without their line ending."""
    for raw in stream:
        line = raw.rstrip(b"\r\n")
        if line.strip():
            yield line


def feed(
    settings: Settings,
    lines: Iterable[bytes],
    *,
    total: int | None = None,
    topic: str | None = None,
    progress: bool = True,
) -> int:
    """Send every line and wait until the broker has acknowledged all of them."""
    producer = KafkaProducer(
        acks="all",
        linger_ms=5,
        compression_type=None,
        client_id="parley-feed",
        **settings.kafka_python_config(),
    )
    target = topic or settings.input_topic
    sent = 0
    failures: list[BaseException] = []

    def _failed(exc: BaseException) -> None:
        failures.append(exc)

    try:
        bar = tqdm(total=total, unit="msg", disable=not progress, file=sys.stderr)
        for line in lines:
            producer.send(target, key=key_of(line), value=line).add_errback(_failed)
            sent += 1
            bar.update(1)
        producer.flush()
        bar.close()
    finally:
        producer.close()
    if failures:
        raise RuntimeError(
            f"{len(failures)} of {sent} messages were not delivered: {failures[0]!r}"
        )
    return sent
