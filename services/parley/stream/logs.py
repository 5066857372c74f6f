"""Structured logs: one JSON object per line, for log shippers rather than terminals.

Every line carries `time` (UTC, RFC 3339 with milliseconds), `level`, `logger` and
`message`. Whatever a call passes with `extra=` — by convention `topic`, `partition`,
`offset` and `event_id` — becomes a top-level key of its own, so a log query can find
everything that happened to one message or one event::

    log.info("published", extra={"topic": t, "partition": p, "offset": o, "event_id": e})
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

import orjson

__all__ = ["CONTEXT_FIELDS", "JsonFormatter", "configure_logging"]

#: The message and event coordinates the issue asks every relevant line to carry.
CONTEXT_FIELDS = ("topic", "partition", "offset", "event_id")

# The attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON; never raises on odd `extra` values."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # The known fields first, in a fixed order, then any other extras.
        for key in CONTEXT_FIELDS:
            if key in record.__dict__:
                out[key] = record.__dict__[key]
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in out and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        # default=str: a stray object in `extra` must cost a repr, not the log line.
        return orjson.dumps(out, default=str).decode()


def configure_logging(level: str | int = "info", stream: IO[str] | None = None) -> None:
    """Send every logger's records to `stream` (stderr by default) as JSON lines.

    Replaces the root handlers, so call it once at start-up and start faust's worker
    with `override_logging=False`, or faust installs its own coloured handler again.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    # Python warnings would otherwise reach stderr as plain text between the JSON lines.
    logging.captureWarnings(True)
    # kafka-python logs every connection attempt at INFO; the worker's own lines say
    # what matters about the brokers.
    logging.getLogger("kafka").setLevel(max(root.level, logging.WARNING))
