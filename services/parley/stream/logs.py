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
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, Any

import orjson

__all__ = ["CLIENT_LOGGERS", "CONTEXT_FIELDS", "JsonFormatter", "RepeatFilter", "configure_logging"]

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


#: Loggers of the Kafka client libraries. While a broker is down they report every
#: reconnect attempt (aiokafka about 75 lines a second), which buries everything else.
CLIENT_LOGGERS = ("aiokafka", "kafka", "faust.transport")


class RepeatFilter(logging.Filter):
    """Lets one of a run of identical client warnings through per `window_s` seconds.

    A line counts as a repeat when logger, level and formatted message are all the same,
    so two different errors never hide each other; only the exact same complaint about
    the same node is held back.  The line that opens the next window carries
    `suppressed_repeats`, how many copies were held back since the previous one.  Copies
    after the last line shown are never reported: a filter only runs when a record
    arrives, and the broker coming back is what ends the run.

    Records of other loggers (Parley's own, such as the worker's "retrying in" lines)
    and records below `min_level` always pass.
    """

    def __init__(
        self,
        window_s: float = 10.0,
        *,
        prefixes: tuple[str, ...] = CLIENT_LOGGERS,
        min_level: int = logging.WARNING,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 1000,
    ) -> None:
        super().__init__()
        self.window_s = window_s
        self.prefixes = prefixes
        self.min_level = min_level
        self._clock = clock
        self._max_keys = max_keys
        # key -> (time the last copy was let through, copies held back since)
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}
        # Records come from faust's event loop and from kafka-python's own threads.
        self._lock = threading.Lock()

    def _watched(self, name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in self.prefixes)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < self.min_level or not self._watched(record.name):
            return True
        key = (record.name, record.levelno, record.getMessage())
        now = self._clock()
        with self._lock:
            shown = self._seen.get(key)
            if shown is not None and now - shown[0] < self.window_s:
                self._seen[key] = (shown[0], shown[1] + 1)
                return False
            if len(self._seen) >= self._max_keys:
                self._forget_older_than(now - self.window_s)
            self._seen[key] = (now, 0)
        if shown is not None and shown[1]:
            record.suppressed_repeats = shown[1]
        return True

    def _forget_older_than(self, cutoff: float) -> None:
        # A message seen once, long ago (a node id, a port), must not hold memory for
        # the life of the worker.
        for key in [k for k, (t, _) in self._seen.items() if t < cutoff]:
            del self._seen[key]
        if len(self._seen) >= self._max_keys:
            self._seen.clear()


def configure_logging(level: str | int = "info", stream: IO[str] | None = None) -> None:
    """Send every logger's records to `stream` (stderr by default) as JSON lines.

    Replaces the root handlers, so call it once at start-up and start faust's worker
    with `override_logging=False`, or faust installs its own coloured handler again.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    # On the handler, not on a logger: a logger's filters never see its children's records.
    handler.addFilter(RepeatFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    # Python warnings would otherwise reach stderr as plain text between the JSON lines.
    logging.captureWarnings(True)
    # kafka-python logs every connection attempt at INFO, and at DEBUG each client's
    # whole configuration, SASL password included; the worker's own lines say what
    # matters about the brokers.  So WARNING even under --loglevel debug.
    logging.getLogger("kafka").setLevel(max(root.level, logging.WARNING))
