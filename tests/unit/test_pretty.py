"""The readable event lines `make run` prints."""

from __future__ import annotations

from parley.cli.pretty import describe


def _record(**over: object) -> dict[str, object]:
    record: dict[str, object] = {
        "event_id": "evt_b",
        "version": 2,
        "op": "updated",
        "status": "occurred",
        "kind": "call",
        "mode": "phone",
        "date": "2022-02-28",
        "location": None,
        "participants": [{"name": "Joe Biden", "role": "President", "country": "US", "org": None}],
        "topics": ["sanctions"],
    }
    record.update(over)
    return record


def test_an_event_line_says_when_what_who() -> None:
    """One line with op, version, date, kind and the participants."""
    line = describe(_record())
    assert line.startswith("updated v2")
    assert "2022-02-28" in line
    assert "Joe Biden (President, US)" in line


def test_an_absorbed_event_points_to_its_survivor() -> None:
    """A record with merged_into says which event it now is."""
    line = describe(_record(merged_into="evt_a"))
    assert line.startswith("merged")
    assert "evt_b is the same meeting as evt_a" in line
