"""Reads MeetingEvent (and DeadLetter) JSON lines on stdin, prints one readable line each.

`make run` pipes `parley tail` through it. A created event shows the event id, day,
kind, place, people and topics; an update shows only what changed since the version
printed before it; a dead letter shows where the bad input was and why.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

import orjson

__all__ = ["HEADER", "Printer", "describe", "main"]

HEADER = f"{'op':<8}{'event':<22}{'ver':<5}{'date':<11}what, where | who | topics"


def _who(p: dict[str, Any]) -> str:
    side = p.get("country") or p.get("org") or "?"
    return f"{p.get('name') or 'a delegation'} ({p.get('role') or '-'}, {side})"


def _key(p: dict[str, Any]) -> str:
    # A person is their name; an unnamed delegation is its side.
    return str(p.get("name") or p.get("country") or p.get("org"))


def _where(event: dict[str, Any]) -> str:
    loc = event.get("location") or {}
    return ", ".join(x for x in (loc.get("venue"), loc.get("city"), loc.get("country")) if x)


def _date(event: dict[str, Any]) -> str:
    date = event.get("date")
    if not date:
        return "undated"
    precision = event.get("date_precision")
    # A week or a month is given as its first day; say so rather than imply the day.
    return f"{date[:7]} (month)" if precision == "month" else date


def _what(event: dict[str, Any]) -> str:
    mode = str(event.get("mode", "unknown")).replace("_", " ")
    status = "" if event.get("status") == "occurred" else f" ({event.get('status')})"
    return f"{event.get('kind')}, {mode}{status}"


def _prefix(op: str, event: dict[str, Any]) -> str:
    return f"{op:<8}{event['event_id']:<22}v{event['version']:<4}"


def describe(event: dict[str, Any]) -> str:
    """The whole event on one line: when, what, where, who."""
    if event.get("merged_into"):
        # an absorbed event's last record: the reader should follow the survivor
        return _prefix("merged", event) + f"the same meeting as {event['merged_into']}"
    who = "; ".join(_who(p) for p in event["participants"])
    return (
        _prefix(event["op"], event)
        + f"{_date(event):<11}{_what(event)}, {_where(event) or 'place unknown'} | {who} | "
        + (", ".join(event["topics"]) or "no topics")
    )


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two versions of an event, in words."""
    out: list[str] = []
    if _date(old) != _date(new):
        out.append(f"date {_date(old)} -> {_date(new)}")
    if _what(old) != _what(new):
        out.append(f"{_what(old)} -> {_what(new)}")
    if _where(old) != _where(new):
        out.append(f"place {_where(old) or 'unknown'} -> {_where(new) or 'unknown'}")
    before = {_key(p): _who(p) for p in old["participants"]}
    after = {_key(p): _who(p) for p in new["participants"]}
    for key, who in after.items():
        if key not in before:
            out.append(f"+ {who}")
        elif before[key] != who:
            out.append(f"{before[key]} -> {who}")
    out += [f"- {who}" for key, who in before.items() if key not in after]
    topics = [t for t in new["topics"] if t not in old["topics"]]
    if topics:
        out.append("+ topics " + ", ".join(topics))
    seen = {s.get("article_id") for s in old.get("sources", [])}
    added = [s for s in new.get("sources", []) if s.get("article_id") not in seen]
    if added:
        outlets = ", ".join(sorted({s.get("source") or "?" for s in added}))
        out.append(f"+ {len(added)} report(s) ({outlets})")
    return out


def dead_letter_line(record: dict[str, Any]) -> str:
    """Where a bad input was and why it was set aside."""
    where = (
        f"{record.get('topic')} partition {record.get('partition')} offset {record.get('offset')}"
    )
    return f"{'dead':<8}{where}: {record.get('reason')}: {record.get('detail')}"


class Printer:
    """Turns records into lines, remembering each event's last version to show changes."""

    def __init__(self) -> None:
        self.last: dict[str, dict[str, Any]] = {}

    def line(self, record: dict[str, Any]) -> str:
        if str(record.get("schema", "")).startswith("parley.dead_letter/"):
            return dead_letter_line(record)
        event_id = record["event_id"]
        old = self.last.get(event_id)
        self.last[event_id] = record
        if old is None or record.get("merged_into") or record["op"] == "created":
            return describe(record)
        changes = _changes(old, record)
        return _prefix(record["op"], record) + ("; ".join(changes) or "no visible change")


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    printer = Printer()
    header = False
    for line in stdin:
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
            text = printer.line(record)
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            text = line.rstrip("\n")
        else:
            # The columns are the events'; dead-letter lines name their own parts.
            if not header and "event_id" in record:
                stdout.write(HEADER + "\n")
                header = True
        stdout.write(text + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
