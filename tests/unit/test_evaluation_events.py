"""Event-level scoring (the real-news gold format): pairing, neutral events, error lists."""

from __future__ import annotations

from typing import Any

from parley.evaluation.events import final_events, participant_overlap, score_events
from parley.evaluation.report import error_lines

ODA = {"name": "Kemal Oda", "role": "Foreign Minister", "country": "TR", "org": None}
NILSEN = {"name": "Siri Nilsen", "role": "Foreign Minister", "country": "NO", "org": None}
ABARA = {"name": "Chidi Abara", "role": "President", "country": "NG", "org": None}
VEGA = {"name": "Lucia Vega", "role": "President", "country": "UY", "org": None}


def _gold(
    event_id: str, articles: list[str], *people: dict[str, Any], **more: Any
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "articles": articles,
        "status": "occurred",
        "kind": "talks",
        "mode": "in_person",
        "date": "2024-05-06",
        "location": None,
        "participants": list(people),
        "evidence": "made up",
        "salience": "primary",
        "mentions": {a: {"status": "occurred", "salience": "primary"} for a in articles},
        **more,
    }


def _record(
    event_id: str, articles: list[str], *people: dict[str, Any], **more: Any
) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "version": 1,
        "status": "occurred",
        "kind": "talks",
        "mode": "in_person",
        "date": "2024-05-06",
        "location": None,
        "participants": list(people),
        "sources": [{"article_id": a, "evidence": "made up"} for a in articles],
        **more,
    }


def test_the_latest_version_counts_and_merged_or_retracted_events_drop_out() -> None:
    """Only the last record of an event counts, and not when it was merged away or retracted."""
    stream = [
        _record("e1", ["a"], ODA),
        _record("e2", ["a"], ODA),
        _record("e1", ["a"], ODA, NILSEN, version=2),
        _record("e2", ["a"], ODA, version=2, merged_into="e1"),
        _record("e3", ["b"], ABARA, status="retracted"),
    ]
    final = final_events(stream)
    assert [(e["event_id"], e["version"]) for e in final] == [("e1", 2)]


def test_a_meeting_pairs_only_with_an_event_citing_one_of_its_articles() -> None:
    """The same people found in another article are a miss and a false alarm, not a hit."""
    s = score_events([_gold("g1", ["a"], ODA, NILSEN)], [], [_record("e1", ["b"], ODA, NILSEN)])
    assert s.figures["matched"] == 0
    assert [g["event_id"] for g in s.misses()] == ["g1"]
    assert [p["event_id"] for p in s.false_alarms()] == ["e1"]


def test_half_the_people_is_enough_to_pair_and_less_is_not() -> None:
    """Participant F1 0.5 pairs (one of two people, nobody extra); one right and one wrong
    of three people does not."""
    assert participant_overlap([ODA, NILSEN], [ODA]).f1 >= 0.5
    gold = [_gold("g1", ["a"], ODA, NILSEN, ABARA)]
    s = score_events(gold, [], [_record("e1", ["a"], ODA, VEGA)])
    assert s.figures["matched"] == 0


def test_optional_meetings_and_unmatched_cancellations_are_neutral() -> None:
    """An optional meeting found or not, and a cancellation nobody annotated, change no figure."""
    gold = [_gold("g1", ["a"], ODA, NILSEN), _gold("g2", ["a"], ABARA, ODA, salience="optional")]
    base = score_events(gold[:1], [], [_record("e1", ["a"], ODA, NILSEN)]).figures
    stream = [
        _record("e1", ["a"], ODA, NILSEN),
        _record("e2", ["a"], ABARA, ODA, date="2024-05-01"),
        _record("e3", ["a"], VEGA, status="cancelled"),
    ]
    s = score_events(gold, [], stream).figures
    assert (s["gold_events"], s["pred_events"], s["matched"]) == (1, 1, 1)
    assert s["event_F1"] == base["event_F1"] == 1.0


def test_a_cancellation_on_a_negative_article_is_no_false_event() -> None:
    """Negatives count events that are not cancellations."""
    stream = [_record("e1", ["n1"], ODA, status="cancelled"), _record("e2", ["n2"], ABARA)]
    s = score_events([], ["n1", "n2", "n3"], stream)
    assert (s.figures["negatives"], s.figures["negatives_with_events"]) == (3, 1)
    assert s.negative_hits == ["n2"]


def test_a_remote_event_is_right_about_a_phone_call() -> None:
    """Gold phone, predicted remote: the mode agrees; predicted in person: it does not."""
    gold = [
        _gold("g1", ["a"], ODA, NILSEN, mode="phone"),
        _gold("g2", ["b"], ABARA, ODA, mode="phone"),
    ]
    stream = [
        _record("e1", ["a"], ODA, NILSEN, mode="remote"),
        _record("e2", ["b"], ABARA, ODA, mode="in_person"),
    ]
    assert score_events(gold, [], stream).figures["mode_acc"] == 0.5


def test_an_event_holding_two_meetings_is_mixed_and_each_is_listed() -> None:
    """Two articles telling different meetings of the same people end in one event: B-cubed
    precision drops and the listing names the event and both meetings."""
    gold = [
        _gold("g1", ["a"], ODA, NILSEN),
        _gold("g2", ["b"], ODA, NILSEN, date="2024-09-01"),
        _gold("g3", ["a", "c"], ABARA, ODA),
    ]
    stream = [
        _record("e1", ["a", "b"], ODA, NILSEN),
        _record("e2", ["a"], ABARA, ODA),
        _record("e3", ["c"], ABARA, ODA),
    ]
    s = score_events(gold, [], stream)
    assert s.figures["dedup_bcubed_P"] < 1.0
    assert s.figures["fully_merged"] == 0
    [(event, meetings)] = s.mixed()
    assert event["event_id"] == "e1"
    assert meetings == {"g1": ["a"], "g2": ["b"]}
    [(meeting, events)] = s.split()
    assert meeting["event_id"] == "g3"
    assert events == {"e2": ["a"], "e3": ["c"]}
    lines = error_lines(s)
    assert any(line.startswith("MIXED  e1") for line in lines)
    assert any(line.startswith("SPLIT  g3") for line in lines)
    assert any(line.startswith("MISS   g2") for line in lines)


def test_paired_events_list_the_fields_they_get_wrong() -> None:
    """A found meeting with the wrong day and a missing person is listed as a DIFF."""
    gold = [_gold("g1", ["a"], ODA, NILSEN, ABARA, date="2024-05-07")]
    s = score_events(gold, [], [_record("e1", ["a"], ODA, NILSEN)])
    assert s.figures["matched"] == 1
    assert s.figures["date_exact"] == 0.0
    assert s.figures["date_within_1d"] == 1.0
    [line] = [ln for ln in error_lines(s) if ln.startswith("DIFF")]
    assert "date 2024-05-06 != gold 2024-05-07" in line
    assert "-1 missing" in line
