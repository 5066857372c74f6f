"""`parley eval --show-dedup`: which gold meetings dedup split, which events it mixed."""

from __future__ import annotations

from typing import Any

from parley.cli.eval_cmd import _dedup_lines


def _record(event_id: str, *names: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "kind": "summit",
        "status": "occurred",
        "date": "2023-09-09",
        "date_precision": "day",
        "location": {"city": "New Delhi", "country": "IN", "venue": None},
        "participants": [{"name": n, "role": None, "country": None, "org": None} for n in names],
        "topics": ["g20"],
    }


def test_split_meetings_and_mixed_events_are_listed_with_their_facts() -> None:
    """A meeting over two events is SPLIT, an event over two meetings MIXED; whole ones
    are not listed."""
    latest = {
        "e1": _record("e1", "Li Qiang"),
        "e2": _record("e2", "Joe Biden"),
        "e3": _record("e3", "Modi"),
    }
    reports = [
        ("m1", "e1", "a-001"),
        ("m1", "e2", "a-105"),
        ("m2", "e3", "a-200"),
        ("m3", "e3", "a-201"),
        ("m4", "e2", "a-105"),
    ]
    lines = _dedup_lines(reports, latest)
    assert lines[0] == "SPLIT m1"
    facts = "[summit occurred 2023-09-09 day New Delhi/IN; Li Qiang; topics ['g20']]"
    assert lines[1] == f"    e1: a-001  {facts}"
    assert lines[2].startswith("    e2: a-105  [")
    assert "MIXED e3" in lines
    assert "MIXED e2" in lines
    assert not any(line.startswith("SPLIT m2") for line in lines)
    assert _dedup_lines([("m1", "e1", "a-001")], latest) == []
