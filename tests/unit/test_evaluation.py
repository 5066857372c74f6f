"""Scoring against gold: which final event holds a report when one sentence made two."""

from __future__ import annotations

from typing import Any

from parley.evaluation import evaluate
from parley.model import Candidate, Participant, SourceRef

SENTENCE = "Kishida held separate talks with Anwar and Marcos on Saturday."


def _people(*names: str) -> tuple[Participant, ...]:
    return tuple(Participant(name=n, role=None, country=None, org=None) for n in names)


def _candidate(*names: str) -> Candidate:
    return Candidate(
        kind="talks",
        mode="in_person",
        status="occurred",
        date="2023-12-16",
        date_precision="day",
        location=None,
        participants=_people(*names),
        organizer=None,
        topics=(),
        source=SourceRef(
            article_id="x-1", url=None, source=None, published_at=None, evidence=SENTENCE
        ),
    )


def _record(event_id: str, *names: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "status": "occurred",
        "participants": [{"name": n} for n in names],
        "sources": [{"article_id": "x-1", "evidence": SENTENCE}],
    }


def _gold(meeting: str, *names: str) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "kind": "talks",
        "mode": "in_person",
        "status": "occurred",
        "date": "2023-12-16",
        "participants": [{"name": n} for n in names],
        "evidence": SENTENCE,
    }


def test_two_events_from_one_sentence_are_told_apart_by_their_people() -> None:
    gold = {
        "x-1": [
            _gold("m1", "Fumio Kishida", "Anwar Ibrahim"),
            _gold("m2", "Fumio Kishida", "Ferdinand Marcos Jr."),
        ]
    }
    predicted = {
        "x-1": [
            _candidate("Fumio Kishida", "Anwar Ibrahim"),
            _candidate("Fumio Kishida", "Ferdinand Marcos Jr."),
        ]
    }
    records = [
        _record("e1", "Fumio Kishida", "Anwar Ibrahim"),
        _record("e2", "Fumio Kishida", "Ferdinand Marcos Jr."),
    ]
    scores = evaluate(gold, predicted, records)
    assert scores.bcubed[0] == 1.0  # each report in its own event: no event mixes meetings
    assert sorted(m for m, _, _ in scores.dedup_reports) == ["m1", "m2"]
    assert len({ev for _, ev, _ in scores.dedup_reports}) == 2


def test_the_dedup_states_own_word_on_which_event_holds_a_report_wins() -> None:
    """Two reports of one sentence with the same people: only the state can tell them."""
    gold = {
        "x-1": [
            _gold("m1", "Fumio Kishida", "Anwar Ibrahim"),
            _gold("m2", "Fumio Kishida", "Anwar Ibrahim"),
        ]
    }
    predicted = {"x-1": [_candidate("Fumio Kishida", "Anwar Ibrahim")] * 2}
    records = [
        _record("e1", "Fumio Kishida", "Anwar Ibrahim"),
        _record("e2", "Fumio Kishida", "Anwar Ibrahim"),
    ]
    held = {("x-1", 0): "e1", ("x-1", 1): "e2"}
    scores = evaluate(gold, predicted, records, held)
    assert scores.bcubed[0] == 1.0
    assert sorted(ev for _, ev, _ in scores.dedup_reports) == ["e1", "e2"]
    guessed = evaluate(gold, predicted, records)
    assert guessed.bcubed[0] < 1.0  # by evidence alone both land in one event
