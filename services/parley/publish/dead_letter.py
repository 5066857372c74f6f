"""DeadLetter v1 records: the original bytes of a failed input and why it failed."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

__all__ = ["SCHEMA", "dead_letter", "utc_now"]

SCHEMA = "parley.dead_letter/1"


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
) -> dict[str, Any]:
    """A DeadLetter v1 record carrying the untruncated key and value bytes."""
    return {
        "schema": SCHEMA,
        "reason": reason,
        "detail": detail,
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "key_b64": _b64(key),
        "value_b64": _b64(value),
        "failed_at": failed_at or utc_now(),
    }
