"""DeadLetter v1 records: the original bytes of a failed input and why it failed.

A dead letter must itself fit on the dead-letter topic, or it would stall the
partition it was meant to unblock. Base64 makes the original a third larger, so an
input of about 786 KB already gives a record over 1 MiB. `dead_letter(max_bytes=...)`
keeps what fits: a prefix of the original, and beside it `truncated`, the original's
length and SHA-256, so that the full message can still be found and matched on the
input topic (topic, partition and offset are always there).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

import orjson

__all__ = ["MAX_DETAIL_CHARS", "SCHEMA", "dead_letter", "utc_now"]

SCHEMA = "parley.dead_letter/1"

#: A reason's detail is for people; validators can quote whole inputs in it.
MAX_DETAIL_CHARS = 2000

# Room for what a record costs on the wire beyond its value: the batch and record
# headers (about 70 bytes) and the key, with a margin for headers a client may add.
_WIRE_OVERHEAD = 512


def utc_now() -> str:
    """The current time as an RFC 3339 string with millisecond precision."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode("ascii")


def dead_letter(
    reason: str,
    detail: str,
    *,
    key: bytes | None,
    value: bytes | None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    failed_at: str | None = None,
    max_bytes: int | None = None,
) -> dict[str, Any]:
    """A DeadLetter v1 record carrying the key and value bytes.

    With `max_bytes`, a record whose JSON (plus the key it is sent with) would be
    larger keeps only the longest prefix of the key and value that fits, and says so.
    """
    record: dict[str, Any] = {
        "schema": SCHEMA,
        "reason": reason,
        "detail": detail if len(detail) <= MAX_DETAIL_CHARS else detail[:MAX_DETAIL_CHARS] + "…",
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "key_b64": _b64(key),
        "value_b64": _b64(value),
        "failed_at": failed_at or utc_now(),
    }
    if max_bytes is None:
        return record
    budget = max_bytes - _WIRE_OVERHEAD - len(key or b"")
    if len(orjson.dumps(record)) <= budget:
        return record
    record.update(truncated=True)
    if key is not None:
        record.update(key_bytes=len(key), key_sha256=hashlib.sha256(key).hexdigest())
        # A key that large cannot be an article id; a short prefix identifies it.
        key = key[:256]
        record["key_b64"] = _b64(key)
        budget = max_bytes - _WIRE_OVERHEAD - len(key)
    if value is not None:
        record.update(value_bytes=len(value), value_sha256=hashlib.sha256(value).hexdigest())
        record["value_b64"] = ""
        room = budget - len(orjson.dumps(record))
        # Every 3 bytes of the prefix take 4 characters of base64.
        record["value_b64"] = _b64(value[: max(0, room) // 4 * 3])
    return record
