"""The readable event lines `make run` prints."""

from __future__ import annotations

import io

import orjson

from parley.cli.pretty import HEADER, Printer, describe, main


def _record(**over: object) -> dict[str, object]:
    record: dict[str, object] = {
        "event_id": "evt_b",
        "version": 1,
        "op": "created",
        "status": "occurred",
        "kind": "call",
        "mode": "phone",
        "date": "2022-02-28",
        "date_precision": "day",
        "location": None,
        "participants": [{"name": "Joe Biden", "role": "President", "country": "US", "org": None}],
        "topics": ["sanctions"],
        "sources": [{"article_id": "a1", "source": "Wire One"}],
    }
    record.update(over)
    return record


def test_an_event_line_says_which_event_when_what_who() -> None:
    """One line with op, event id, version, date, kind and the participants."""
    line = describe(_record())
    assert line.startswith("created evt_b")
    assert "v1" in line
    assert "2022-02-28" in line
    assert "Joe Biden (President, US)" in line


def test_an_unknown_date_reads_as_undated() -> None:
    """A null date prints as a word, not as question marks."""
    line = describe(_record(date=None, date_precision=None))
    assert "undated" in line
    assert "?" not in line


def test_an_update_shows_only_what_changed() -> None:
    """The second version prints the new participant, the new report and the mode change."""
    printer = Printer()
    printer.line(_record())
    kishida = {"name": "Fumio Kishida", "role": "Prime Minister", "country": "JP", "org": None}
    line = printer.line(
        _record(
            version=2,
            op="updated",
            mode="video",
            participants=[*_record()["participants"], kishida],  # type: ignore[misc]
            sources=[
                {"article_id": "a1", "source": "Wire One"},
                {"article_id": "a2", "source": "Wire Two"},
            ],
        )
    )
    assert line.startswith("updated evt_b")
    assert "+ Fumio Kishida (Prime Minister, JP)" in line
    assert "call, phone -> call, video" in line
    assert "+ 1 report(s) (Wire Two)" in line
    assert "Joe Biden" not in line


def test_an_absorbed_event_points_to_its_survivor() -> None:
    """A record with merged_into says which event it now is."""
    line = describe(_record(version=3, op="updated", merged_into="evt_a"))
    assert line.startswith("merged  evt_b")
    assert "the same meeting as evt_a" in line


def test_a_dead_letter_shows_where_and_why() -> None:
    """A DeadLetter record prints its topic position, reason and detail."""
    dead = {
        "schema": "parley.dead_letter/1",
        "reason": "not_json",
        "detail": "not JSON: it stops being JSON at character 1, near 'oops'",
        "topic": "news.articles",
        "partition": 2,
        "offset": 7,
    }
    line = Printer().line(dead)
    assert line.startswith("dead")
    assert "news.articles partition 2 offset 7" in line
    assert "not_json: not JSON" in line


def test_the_output_opens_with_a_header() -> None:
    """The first line printed names the columns."""
    out = io.StringIO()
    main(io.StringIO(orjson.dumps(_record()).decode() + "\n"), out)
    assert out.getvalue().splitlines()[0] == HEADER
