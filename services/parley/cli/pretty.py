"""Reads MeetingEvent JSON lines on stdin and prints one readable line per record."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import orjson

__all__ = ["describe", "main"]


def describe(event: dict[str, Any]) -> str:
    """One line a person can scan: when, what, who, where."""
    if event.get("merged_into"):
        # an absorbed event's last record: the reader should follow the survivor
        return (
            f"merged  v{event['version']:<2} {event['event_id']} is the same meeting as "
            f"{event['merged_into']}"
        )
    who = ", ".join(
        f"{p['name'] or 'delegation'} ({p['role'] or '-'}, {p['country'] or p['org'] or '?'})"
        for p in event["participants"]
    )
    loc = event.get("location") or {}
    where = ", ".join(x for x in (loc.get("venue"), loc.get("city"), loc.get("country")) if x)
    return (
        f"{event['op']:<7} v{event['version']:<2} {event['date'] or '????-??-??'} "
        f"{event['status']:<9} {event['kind']:<7} {event['mode']:<9} "
        f"{where or '-'} | {who} | topics: {', '.join(event['topics']) or '-'}"
    )


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    for line in stdin:
        if line.strip():
            try:
                stdout.write(describe(orjson.loads(line)) + "\n")
            except (orjson.JSONDecodeError, KeyError, TypeError):
                stdout.write(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
