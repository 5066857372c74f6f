"""`parley feed`: produce NewsArticle JSONL to the input topic, with a progress bar.

Lines are sent as they are (bytes untouched), keyed by their `id` when the line is
JSON with a string id, so that malformed lines still reach the worker and its
dead-letter topic instead of being judged here. Two things are judged here all the
same: a line larger than the producer may send (the client refuses it before any
broker sees it), and whether any line is JSON at all (a binary file fed by mistake).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import orjson
from kafka import KafkaProducer
from kafka.errors import MessageSizeTooLargeError
from tqdm import tqdm

from parley.settings import Settings

__all__ = [
    "DeliveryFailed",
    "FeedReport",
    "OversizedLine",
    "feed",
    "is_json",
    "key_of",
    "read_lines",
]

#: kafka-python's default, and the size of a request the producer may send.
MAX_REQUEST_BYTES = 1_048_576


@dataclass
class FeedReport:
    """What a feed did: lines sent, oversized lines skipped, lines that are not JSON."""

    sent: int = 0
    not_json: int = 0
    skipped: list[int] = field(default_factory=list)  # line numbers of oversized lines


class DeliveryFailed(Exception):
    """The brokers acknowledged some messages with an error."""


class OversizedLine(Exception):
    """A line too large to send stopped the feed; `report` counts what went before it."""

    def __init__(self, line_no: int, size: int, report: FeedReport) -> None:
        super().__init__(f"line {line_no} is {size} bytes")
        self.line_no = line_no
        self.size = size
        self.report = report


def key_of(line: bytes) -> bytes | None:
    """The article id of a JSON line as the message key, or None if there is none."""
    data = _json(line)
    if isinstance(data, dict):
        ident = data.get("id")
        if isinstance(ident, str) and ident:
            return ident.encode("utf-8")
    return None


_NOT_JSON = object()


def _json(line: bytes) -> object:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return _NOT_JSON


def is_json(line: bytes) -> bool:
    """Whether the line parses as JSON (of any shape: the worker judges the rest)."""
    return _json(line) is not _NOT_JSON


def read_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(line number, line without its ending) for every non-blank line."""
    for line_no, raw in enumerate(stream, start=1):
        line = raw.rstrip(b"\r\n")
        if line.strip():
            yield line_no, line


def feed(
    settings: Settings,
    lines: Iterable[tuple[int, bytes]],
    *,
    total: int | None = None,
    topic: str | None = None,
    progress: bool = True,
    skip_oversized: bool = False,
) -> FeedReport:
    """Send every line and wait until the broker has acknowledged all of them.

    A line over the producer's request size raises `OversizedLine` (after the lines
    before it are acknowledged), or with `skip_oversized` is counted and left out.
    """
    producer = KafkaProducer(
        acks="all",
        linger_ms=5,
        compression_type=None,
        client_id="parley-feed",
        max_request_size=MAX_REQUEST_BYTES,
        **settings.kafka_python_config(),
    )
    target = topic or settings.input_topic
    report = FeedReport()
    failures: list[BaseException] = []

    def _failed(exc: BaseException) -> None:
        failures.append(exc)

    try:
        bar = tqdm(total=total, unit="msg", disable=not progress, file=sys.stderr)
        for line_no, line in lines:
            key = key_of(line)
            try:
                future = producer.send(target, key=key, value=line)
            except MessageSizeTooLargeError:
                # The client's own limit, checked before anything goes on the wire.
                if not skip_oversized:
                    producer.flush()
                    bar.close()
                    raise OversizedLine(line_no, len(line), report) from None
                report.skipped.append(line_no)
                bar.update(1)
                continue
            future.add_errback(_failed)
            report.sent += 1
            if key is None and not is_json(line):
                report.not_json += 1
            bar.update(1)
        producer.flush()
        bar.close()
    finally:
        producer.close()
    if failures:
        raise DeliveryFailed(
            f"{len(failures)} of {report.sent} messages were not delivered: {failures[0]}"
        )
    return report
