"""The Deduplicator over plain dicts: idempotency, merging, lifecycle, order, expiry."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, MutableMapping
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from parley.dedup import Deduplicator, DedupSettings, make_event_id, record_content
from parley.model import Candidate, Location, Participant, SourceRef

NOW = "2022-03-01T12:00:00+00:00"
LATER = "2022-03-05T08:00:00+00:00"
SCHEMA_PATH = Path(__file__).parents[2] / "services/parley/schemas/meeting_event.v1.json"
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))

# The leaders of the NATO call of 28 February 2022, as the full report names them.
BIDEN = Participant("Joe Biden", "President", "US")
STOLTENBERG = Participant("Jens Stoltenberg", "Secretary-General", None, "NATO")
SCHOLZ = Participant("Olaf Scholz", "Chancellor", "DE")
MACRON = Participant("Emmanuel Macron", "President", "FR")
CALL_LEADERS = (
    BIDEN,
    STOLTENBERG,
    Participant("Boris Johnson", "Prime Minister", "GB"),
    Participant("Justin Trudeau", "Prime Minister", "CA"),
    MACRON,
    SCHOLZ,
    Participant("Mario Draghi", "Prime Minister", "IT"),
    Participant("Andrzej Duda", "President", "PL"),
    Participant("Klaus Iohannis", "President", "RO"),
    Participant("Ursula von der Leyen", "President of the European Commission", None, "EU"),
    Participant("Charles Michel", "President of the European Council", None, "EU"),
    Participant("Fumio Kishida", "Prime Minister", "JP"),
)
MODI = Participant("Narendra Modi", "Prime Minister", "IN")
PUTIN = Participant("Vladimir Putin", "President", "RU")
ZELENSKY = Participant("Volodymyr Zelensky", "President", "UA")
XI = Participant("Xi Jinping", "President", "CN")


def stated(location: dict[str, Any]) -> dict[str, Any]:
    """The location's fields as reports state them, without the gazetteer's (test_gazetteer)."""
    return {k: location[k] for k in ("city", "country", "venue")}


def report(
    article_id: str,
    *people: Participant,
    kind: str = "meeting",
    mode: str = "in_person",
    status: str = "occurred",
    date: str | None = "2022-02-28",
    precision: str | None = "day",
    city: str | None = None,
    country: str | None = None,
    published_at: str | None = "2022-02-28T18:00:00Z",
    source: str | None = None,
    url: str | None = None,
    topics: tuple[str, ...] = (),
    organizer: str | None = None,
    confidence: float = 0.6,
) -> Candidate:
    return Candidate(
        kind=kind,  # type: ignore[arg-type]
        mode=mode,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        date=date,
        date_precision=precision if date else None,  # type: ignore[arg-type]
        location=Location(city, country) if city or country else None,
        participants=people,
        organizer=organizer,
        topics=topics,
        source=SourceRef(
            article_id,
            url,
            source or f"outlet-{article_id}",
            published_at,
            f"Evidence sentence of {article_id}.",
        ),
        confidence=confidence,
    )


def fresh(**settings: Any) -> tuple[Deduplicator, dict[str, Any], dict[str, Any], dict[str, Any]]:
    events: dict[str, Any] = {}
    index: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    return Deduplicator(events, index, seen, DedupSettings(**settings)), events, index, seen


def feed(dedup: Deduplicator, *cands: Candidate, now: str = NOW) -> list[dict[str, Any]]:
    """Process one article holding `cands` (its id and fingerprint taken from the first)."""
    article_id = cands[0].source.article_id
    records = dedup.process(article_id, f"fp-{article_id}", cands, now)
    for record in records:
        VALIDATOR.validate(record)
        json.dumps(record)
    return records


def latest(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in records:
        if r["event_id"] not in out or r["version"] > out[r["event_id"]]["version"]:
            out[r["event_id"]] = r
    return out


def twelve_leader_call() -> list[Candidate]:
    return [
        report(
            "n1",
            *CALL_LEADERS,
            kind="call",
            mode="video",
            organizer="Joe Biden",
            topics=("ukraine", "sanctions"),
        ),
        report(
            "n2",
            BIDEN,
            SCHOLZ,
            kind="call",
            mode="unknown",
            topics=("ukraine",),
            published_at="2022-02-28T21:00:00Z",
        ),
        # Written in Asia the next day: "Monday (local time)" became Tuesday.
        report(
            "n3",
            Participant(None, "Chancellor", "DE"),
            Participant(None, "President", "US"),
            Participant(None, "President", "FR"),
            kind="call",
            mode="remote",
            date="2022-03-01",
            published_at="2022-03-01T09:00:00+09:00",
            topics=("security",),
        ),
    ]


# -- idempotency ------------------------------------------------------------------------


def test_an_article_id_seen_before_is_not_processed_again() -> None:
    """Redelivery of an article id publishes nothing and changes no state."""
    dedup, events, index, seen = fresh()
    assert len(feed(dedup, report("a1", SCHOLZ, MACRON))) == 1
    before = json.dumps([events, index, seen], sort_keys=True)
    again = dedup.process("a1", "another-fingerprint", [report("a1", SCHOLZ, MACRON)], NOW)
    assert again == []
    assert json.dumps([events, index, seen], sort_keys=True) == before


def test_a_copy_with_a_new_id_but_the_same_fingerprint_is_not_processed() -> None:
    """A re-sent copy (new id, same text) publishes nothing and joins no event."""
    dedup, events, _, seen = fresh()
    dedup.process("a1", "same-text", [report("a1", SCHOLZ, MACRON)], NOW)
    assert dedup.process("b7", "same-text", [report("b7", SCHOLZ, MACRON)], NOW) == []
    (state,) = events.values()
    assert [m["article_id"] for m in state["members"]] == ["a1"]
    assert "id:b7" in seen


def test_replaying_an_article_whose_seen_entry_was_lost_resends_the_current_record() -> None:
    """A report already held by an event is not applied twice; its event's record is re-sent."""
    dedup, events, _, seen = fresh()
    feed(dedup, report("a1", SCHOLZ, MACRON))
    (sent,) = feed(dedup, report("a2", SCHOLZ, MACRON, city="Paris"))
    before = json.dumps(events, sort_keys=True)
    seen.clear()
    assert feed(dedup, report("a2", SCHOLZ, MACRON, city="Paris"), now=LATER) == [sent]
    assert feed(dedup, report("a1", SCHOLZ, MACRON), now=LATER) == [sent]
    assert json.dumps(events, sort_keys=True) == before


def test_event_id_is_deterministic_from_the_creating_report() -> None:
    """Reprocessing the creating article on lost state recreates the same id and version 1."""
    first, *_ = fresh()
    second, *_ = fresh()
    cand = report("a1", SCHOLZ, MACRON)
    (r1,) = feed(first, cand)
    (r2,) = feed(second, cand)
    assert r1 == r2
    assert r1["event_id"] == make_event_id("a1", 0)
    assert r1["event_id"].startswith("evt_")
    assert len(r1["event_id"]) == 20


# -- matching ---------------------------------------------------------------------------


def test_twelve_leader_call_two_leader_report_and_titles_next_day_merge() -> None:
    """The full call, a two-leader report and a titles-only one a day later make one event."""
    dedup, events, *_ = fresh()
    records = [r for c in twelve_leader_call() for r in feed(dedup, c)]
    assert [r["version"] for r in records] == [1, 2, 3]
    assert [r["op"] for r in records] == ["created", "updated", "updated"]
    assert len({r["event_id"] for r in records}) == 1
    final = records[-1]
    assert len(final["participants"]) == 12
    assert all(p["name"] for p in final["participants"])
    assert [s["article_id"] for s in final["sources"]] == ["n1", "n2", "n3"]
    assert (final["kind"], final["mode"], final["location"]) == ("call", "video", None)
    assert (final["date"], final["date_precision"]) == ("2022-02-28", "day")
    assert final["organizer"] == "Joe Biden"
    assert final["topics"] == ["ukraine", "sanctions", "security"]
    assert (final["first_seen_at"], final["updated_at"]) == (NOW, NOW)
    assert len(events) == 1


def test_two_calls_of_one_leader_on_one_day_with_different_counterparts_stay_apart() -> None:
    """{Modi, Putin} and {Modi, Zelensky} on the same day are two calls."""
    dedup, events, *_ = fresh()
    feed(dedup, report("a1", MODI, PUTIN, kind="call", mode="phone"))
    feed(dedup, report("a2", MODI, ZELENSKY, kind="call", mode="phone"))
    assert len(events) == 2


def test_summit_and_bilateral_on_its_sidelines_stay_apart() -> None:
    """A summit and a bilateral of two of its leaders, same day and city, are two events."""
    dedup, events, *_ = fresh()
    feed(dedup, report("g1", BIDEN, XI, MODI, SCHOLZ, kind="summit", city="Bali", country="ID"))
    feed(dedup, report("g2", BIDEN, XI, kind="meeting", city="Bali", country="ID"))
    assert len(events) == 2


@pytest.mark.parametrize("partial_first", [False, True])
def test_two_party_summit_report_joins_the_multilateral_summit(partial_first: bool) -> None:
    """'Albanese attends the G20 at Lula's invitation' joins the G20 event, in either order,
    while a bilateral of the same two on that day stays apart from both."""
    dedup, events, *_ = fresh()
    g20 = report("g1", BIDEN, XI, MODI, SCHOLZ, kind="summit")
    partial = report("g2", MODI, SCHOLZ, kind="summit", date=None)
    for cand in [partial, g20] if partial_first else [g20, partial]:
        feed(dedup, cand)
    assert len(events) == 1
    feed(dedup, report("g3", MODI, SCHOLZ, kind="talks", city="Bali", country="ID"))
    assert len(events) == 2


def test_same_people_three_days_apart_stay_apart() -> None:
    """Two meetings of the same leaders three days apart are two events."""
    dedup, events, *_ = fresh()
    feed(dedup, report("a1", SCHOLZ, MACRON, date="2022-02-28"))
    feed(
        dedup, report("a2", SCHOLZ, MACRON, date="2022-03-03", published_at="2022-03-03T18:00:00Z")
    )
    assert len(events) == 2


def test_two_meetings_in_one_article_are_never_merged() -> None:
    """Two candidates of one article make two events even when they look alike."""
    dedup, events, *_ = fresh()
    records = feed(dedup, report("a1", SCHOLZ, MACRON), report("a1", SCHOLZ, MACRON, city="Paris"))
    assert [r["event_id"] for r in records] == [make_event_id("a1", 0), make_event_id("a1", 1)]
    assert len(events) == 2


def test_undated_report_matches_by_its_publication_day() -> None:
    """A report with no meeting date joins the event dated within a day of its publication."""
    dedup, events, *_ = fresh()
    feed(dedup, report("a1", SCHOLZ, MACRON))
    (r,) = feed(
        dedup, report("a2", SCHOLZ, MACRON, date=None, published_at="2022-03-01T07:00:00+01:00")
    )
    assert (r["version"], r["date"]) == (2, "2022-02-28")
    assert len(events) == 1


def test_best_scoring_event_wins() -> None:
    """A report that two events would accept joins the one it agrees with most."""
    dedup, events, *_ = fresh()
    (paris,) = feed(dedup, report("a1", SCHOLZ, MACRON, city="Paris", country="FR"))
    (talks,) = feed(
        dedup,
        report(
            "a2",
            SCHOLZ,
            MACRON,
            kind="talks",
            date="2022-03-02",
            published_at="2022-03-02T18:00:00Z",
        ),
    )
    assert len(events) == 2
    # Between the two days: the city decides for one, the kind for the other.
    (r,) = feed(
        dedup,
        report(
            "a3",
            SCHOLZ,
            MACRON,
            date="2022-03-01",
            city="Paris",
            published_at="2022-03-01T18:00:00Z",
        ),
    )
    assert r["event_id"] == paris["event_id"]
    (r,) = feed(
        dedup,
        report(
            "a4",
            SCHOLZ,
            MACRON,
            date="2022-03-01",
            kind="talks",
            published_at="2022-03-01T18:00:00Z",
        ),
    )
    assert r["event_id"] == talks["event_id"]


# -- lifecycle ----------------------------------------------------------------------------


def test_planned_meeting_becomes_occurred_when_reported_held() -> None:
    """A plan for 'next week' and the meeting held that week are one event, now occurred."""
    dedup, *_ = fresh()
    (planned,) = feed(
        dedup,
        report(
            "p1",
            SCHOLZ,
            MACRON,
            status="planned",
            date="2022-03-07",
            precision="week",
            published_at="2022-03-01T10:00:00Z",
        ),
    )
    assert (planned["status"], planned["date_precision"]) == ("planned", "week")
    (held,) = feed(
        dedup,
        report(
            "p2",
            SCHOLZ,
            MACRON,
            date="2022-03-10",
            city="Paris",
            country="FR",
            published_at="2022-03-10T19:00:00Z",
        ),
    )
    assert (held["event_id"], held["version"]) == (planned["event_id"], 2)
    assert held["status"] == "occurred"
    assert (held["date"], held["date_precision"]) == ("2022-03-10", "day")
    assert stated(held["location"]) == {"city": "Paris", "country": "FR", "venue": None}


@pytest.mark.parametrize("plan_first", [True, False])
def test_undated_announcement_joins_the_meeting_held_within_its_horizon(plan_first: bool) -> None:
    """'Xi is expected to visit Moscow next spring' and the visit held 80 days later are one
    event, whichever arrives first; a visit past the horizon is another event."""
    dedup, events, *_ = fresh()
    plan = report(
        "p1",
        XI,
        PUTIN,
        kind="visit",
        status="planned",
        date=None,
        city="Moscow",
        published_at="2022-12-30T13:00:00Z",
    )
    held = report(
        "h1",
        XI,
        PUTIN,
        kind="visit",
        date="2023-03-20",
        city="Moscow",
        published_at="2023-03-20T21:00:00Z",
    )
    records = [r for c in ([plan, held] if plan_first else [held, plan]) for r in feed(dedup, c)]
    assert len(events) == 1
    assert (records[-1]["status"], records[-1]["date"]) == ("occurred", "2023-03-20")
    feed(
        dedup,
        report(
            "h2",
            XI,
            PUTIN,
            kind="visit",
            date="2023-07-04",
            city="Moscow",
            published_at="2023-07-04T21:00:00Z",
        ),
    )
    assert len(events) == 2


def test_undated_announcement_expires_after_its_horizon() -> None:
    """An announcement is kept for its horizon plus the window, then every key goes."""
    dedup, events, index, seen = fresh(window_days=10, planned_horizon_days=30)
    feed(dedup, report("p1", XI, PUTIN, status="planned", date=None))
    assert any("|~" in k for k in index)
    assert dedup.expire(date(2022, 4, 9)) == 0
    assert len(events) == 1
    assert dedup.expire(date(2022, 4, 10)) == 1
    assert (events, index, seen) == ({}, {}, {})


def test_cancellation_updates_the_status() -> None:
    """A later report that the planned meeting was called off makes the event cancelled."""
    dedup, *_ = fresh()
    (planned,) = feed(
        dedup,
        report(
            "c1",
            SCHOLZ,
            MACRON,
            status="planned",
            date="2022-03-10",
            published_at="2022-03-05T10:00:00Z",
        ),
    )
    (cancelled,) = feed(
        dedup,
        report(
            "c2",
            SCHOLZ,
            MACRON,
            status="cancelled",
            date="2022-03-10",
            published_at="2022-03-08T10:00:00Z",
        ),
    )
    assert (cancelled["event_id"], cancelled["version"]) == (planned["event_id"], 2)
    assert cancelled["status"] == "cancelled"


def test_status_follows_the_latest_published_report_not_arrival_order() -> None:
    """An older 'planned' report arriving late does not undo a newer cancellation."""
    dedup, *_ = fresh()
    feed(
        dedup,
        report(
            "c2",
            SCHOLZ,
            MACRON,
            status="cancelled",
            date="2022-03-10",
            published_at="2022-03-08T10:00:00Z",
        ),
    )
    (r,) = feed(
        dedup,
        report(
            "c1",
            SCHOLZ,
            MACRON,
            status="planned",
            date="2022-03-10",
            published_at="2022-03-05T10:00:00Z",
        ),
    )
    assert r["status"] == "cancelled"


def test_report_adding_nothing_new_publishes_nothing() -> None:
    """An outlet re-publishing its story (new id, same URL) with no new fact publishes nothing."""
    dedup, events, *_ = fresh()
    feed(dedup, report("a1", SCHOLZ, MACRON, url="https://x.example/scholz-macron", source="X"))
    feed(dedup, report("b1", SCHOLZ, MACRON, source="Y"))
    republished = report(
        "a1-v2",
        SCHOLZ,
        MACRON,
        url="https://x.example/scholz-macron",
        source="X",
        published_at="2022-02-28T19:00:00Z",
    )
    assert feed(dedup, republished) == []
    (state,) = events.values()
    assert state["version"] == 2
    assert len(state["members"]) == 3


def test_merge_prefers_specific_values_and_unites_participants() -> None:
    """Named absorbs unnamed, a surname joins its full name, known city and mode win."""
    dedup, *_ = fresh()
    feed(
        dedup,
        report("a1", Participant(None, "Chancellor", "DE"), Participant("Macron"), mode="unknown"),
    )
    (r,) = feed(dedup, report("a2", SCHOLZ, MACRON, mode="in_person", city="Paris", country="FR"))
    assert r["participants"] == [
        {"name": "Emmanuel Macron", "role": "President", "country": "FR", "org": None},
        {"name": "Olaf Scholz", "role": "Chancellor", "country": "DE", "org": None},
    ]
    assert r["mode"] == "in_person"
    assert stated(r["location"]) == {"city": "Paris", "country": "FR", "venue": None}


def test_confidence_rises_with_independent_sources_only() -> None:
    """Confidence is 1 - prod(1 - c) over independent sources; one outlet counts once."""
    dedup, *_ = fresh()
    (r1,) = feed(dedup, report("a1", SCHOLZ, MACRON, source="Reuters", confidence=0.6))
    (r2,) = feed(dedup, report("a2", SCHOLZ, MACRON, source="AFP", confidence=0.5))
    assert r1["confidence"] == 0.6
    assert r2["confidence"] == 0.8
    (r3,) = feed(dedup, report("a3", SCHOLZ, MACRON, source="AFP", city="Paris", confidence=0.5))
    assert r3["confidence"] == 0.8
    many = [feed(dedup, report(f"z{i}", SCHOLZ, MACRON, confidence=0.9)) for i in range(5)]
    assert many[-1][0]["confidence"] == 0.99


def test_events_are_listed_by_day_and_by_participant_token() -> None:
    """day_index lists an event under its meeting day and under day|token for each participant."""
    dedup, _, index, _ = fresh()
    (r,) = feed(dedup, report("a1", SCHOLZ, MACRON))
    eid = r["event_id"]
    assert index["2022-02-28"] == [eid]
    assert index["2022-02-28|n:scholz"] == [eid]
    assert index["2022-02-28|c:FR"] == [eid]
    assert all(key.startswith("2022-02-28") for key in index)


def test_malformed_dates_and_countries_never_reach_a_record() -> None:
    """A malformed date counts as none and a non-alpha-2 country as unknown: records stay valid."""
    dedup, *_ = fresh()
    (r,) = feed(
        dedup,
        report(
            "a1",
            Participant("Olaf Scholz", None, "deu"),
            Participant("Emmanuel Macron", None, "fr"),
            date="28/02/2022",
            city="Paris",
            country="France",
        ),
    )
    assert (r["date"], r["date_precision"]) == (None, None)
    assert [p["country"] for p in r["participants"]] == ["FR", None]
    assert stated(r["location"]) == {"city": "Paris", "country": None, "venue": None}


# -- order independence -----------------------------------------------------------------


def corpus() -> list[Candidate]:
    return [
        *twelve_leader_call(),
        report(
            "p1",
            SCHOLZ,
            MACRON,
            status="planned",
            date="2022-03-07",
            precision="week",
            published_at="2022-03-01T10:00:00Z",
            topics=("energy",),
        ),
        report(
            "p2",
            SCHOLZ,
            MACRON,
            date="2022-03-10",
            city="Paris",
            country="FR",
            published_at="2022-03-10T19:00:00Z",
            topics=("energy", "ukraine"),
            organizer="Emmanuel Macron",
        ),
        report(
            "p3",
            Participant("Scholz"),
            Participant(None, "President", "FR"),
            date="2022-03-10",
            mode="unknown",
            kind="talks",
            city="paris",
            published_at="2022-03-11T07:00:00+01:00",
            topics=("defence",),
        ),
        report(
            "p4",
            SCHOLZ,
            MACRON,
            date=None,
            kind="visit",
            published_at="2022-03-10T22:00:00Z",
            url="https://x.example/p",
        ),
        report(
            "p5",
            SCHOLZ,
            MACRON,
            date="2022-03-10",
            url="https://x.example/p",
            published_at="2022-03-11T08:00:00Z",
        ),
        report(
            "m1",
            MODI,
            PUTIN,
            kind="call",
            mode="phone",
            date="2022-03-02",
            published_at="2022-03-02T12:00:00Z",
        ),
        report(
            "m2",
            MODI,
            ZELENSKY,
            kind="call",
            mode="phone",
            date="2022-03-02",
            published_at="2022-03-02T13:00:00Z",
        ),
        report(
            "m3",
            Participant("Modi"),
            Participant(None, None, "RU"),
            kind="call",
            mode="remote",
            date=None,
            published_at="2022-03-02T15:00:00Z",
        ),
    ]


def final_contents(cands: list[Candidate]) -> list[str]:
    dedup, *_ = fresh()
    records = [r for c in cands for r in feed(dedup, c)]
    return sorted(json.dumps(record_content(r), sort_keys=True) for r in latest(records).values())


@pytest.mark.parametrize("seed", range(25))
def test_final_content_does_not_depend_on_arrival_order(seed: int) -> None:
    """Feeding the same articles in any order ends in the same events with the same content."""
    expected = final_contents(corpus())
    shuffled = corpus()
    random.Random(seed).shuffle(shuffled)
    assert final_contents(shuffled) == expected
    assert len(expected) == 4


class JsonStore(MutableMapping[str, Any]):
    """Holds values as JSON text like a RocksDB-backed table: every read is a fresh copy."""

    def __init__(self) -> None:
        self._data: dict[str, str] = {}

    def __getitem__(self, key: str) -> Any:
        return json.loads(self._data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self._data[key] = json.dumps(value, allow_nan=False)

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)


def test_state_is_plain_json_and_written_back_not_mutated() -> None:
    """Over stores that serialize every value, results equal those over plain dicts."""
    shuffled = corpus()
    random.Random(3).shuffle(shuffled)
    plain, *_ = fresh()
    stores = JsonStore(), JsonStore(), JsonStore()
    stored = Deduplicator(*stores)
    for c in shuffled:
        assert feed(stored, c) == feed(plain, c)
    assert stored.expire(date(2022, 4, 5)) == plain.expire(date(2022, 4, 5)) == 3
    assert stored.expire(date(2022, 4, 30)) == 1
    assert [len(s) for s in stores] == [0, 0, 0]


# -- expiry -----------------------------------------------------------------------------


def test_expiry_empties_all_state_past_the_window() -> None:
    """After expire() with a watermark past every event's window, all three mappings are empty."""
    dedup, events, index, seen = fresh(window_days=30)
    for c in corpus():
        feed(dedup, c)
    assert all((events, index, seen))
    held = len(events)
    assert dedup.expire(date(2022, 4, 30)) == held == 4
    assert (events, index, seen) == ({}, {}, {})


def test_expiry_keeps_what_is_inside_the_window_and_only_that() -> None:
    """expire() drops exactly the events, index days and seen entries older than the cutoff."""
    dedup, events, index, seen = fresh(window_days=5)
    feed(
        dedup, report("old", SCHOLZ, MACRON, date="2022-02-01", published_at="2022-02-01T10:00:00Z")
    )
    feed(
        dedup, report("new", SCHOLZ, MACRON, date="2022-02-20", published_at="2022-02-20T10:00:00Z")
    )
    feed(
        dedup,
        report(
            "plan",
            MODI,
            PUTIN,
            status="planned",
            date="2022-02-01",
            precision="month",
            published_at="2022-01-20T10:00:00Z",
        ),
    )
    assert dedup.expire(date(2022, 2, 12)) == 1
    cutoff = "2022-02-07"
    assert {s["members"][0]["article_id"] for s in events.values()} == {"new", "plan"}
    assert all(day >= cutoff for day in index)
    assert all(day >= cutoff for day in seen.values())
    assert set(seen) == {"id:new", "fp:fp-new"}
    # The month-long plan stays findable on its remaining days.
    (r,) = feed(
        dedup, report("held", MODI, PUTIN, date="2022-02-24", published_at="2022-02-24T10:00:00Z")
    )
    assert r["version"] == 2


# -- merging events a later report shows to be one meeting -------------------------------

KISHIDA = CALL_LEADERS[-1]


def _bridge_reports() -> list[Candidate]:
    """Two partial reports of the allied call that cannot match each other, then the full one."""
    return [
        report("b1", BIDEN, STOLTENBERG, kind="call", mode="video"),
        report("b2", BIDEN, KISHIDA, kind="call", mode="video", published_at="2022-02-28T20:00Z"),
        report("b3", *CALL_LEADERS, kind="call", mode="video", published_at="2022-03-01T01:00Z"),
    ]


def _final(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in latest(records).items() if "merged_into" not in r}


def _reports_of(events: dict[str, dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(s["article_id"] for s in r["sources"]) for r in events.values()}


def test_a_report_bridging_two_events_merges_them_into_the_smaller_id() -> None:
    """The survivor (smaller id) gets the union and version + 1; the other one last record
    with merged_into, and leaves the state so that later reports find the survivor."""
    dedup, events, index, _ = fresh()
    first, second, bridge = _bridge_reports()
    (r1,) = feed(dedup, first)
    (r2,) = feed(dedup, second)
    assert r1["event_id"] != r2["event_id"]
    survivor, absorbed = sorted([r1["event_id"], r2["event_id"]])
    merged = feed(dedup, bridge)
    assert [(r["event_id"], r["version"], r["op"]) for r in merged] == [
        (survivor, 2, "updated"),
        (absorbed, 2, "updated"),
    ]
    assert "merged_into" not in merged[0]
    assert merged[1]["merged_into"] == survivor
    assert [s["article_id"] for s in merged[0]["sources"]] == ["b1", "b2", "b3"]
    assert len(merged[0]["participants"]) == 12
    assert list(events) == [survivor]
    assert not any(absorbed in ids for ids in index.values())
    (later,) = feed(
        dedup, report("b4", STOLTENBERG, KISHIDA, kind="call", mode="remote", date="2022-03-01")
    )
    assert (later["event_id"], later["version"]) == (survivor, 3)


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2), (2, 0, 1), (0, 2, 1)])
def test_bridged_reports_end_in_one_event_in_any_order(order: tuple[int, int, int]) -> None:
    """Whether the bridge comes last (merge) or first (plain joins), one event holds all."""
    dedup, events, *_ = fresh()
    reports = _bridge_reports()
    records = [r for i in order for r in feed(dedup, reports[i])]
    assert len(events) == 1
    assert _reports_of(_final(records)) == {frozenset({"b1", "b2", "b3"})}
    versions: dict[str, list[int]] = {}
    for r in records:
        versions.setdefault(r["event_id"], []).append(r["version"])
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())


def test_one_leaders_two_calls_are_not_merged_by_a_report_naming_both() -> None:
    """'Modi spoke with Putin and Zelensky': it joins one of the two calls, merges nothing."""
    dedup, events, *_ = fresh()
    feed(dedup, report("c1", MODI, PUTIN, kind="call", mode="phone"))
    feed(dedup, report("c2", MODI, ZELENSKY, kind="call", mode="phone"))
    records = feed(dedup, report("c3", MODI, PUTIN, ZELENSKY, kind="call", mode="phone"))
    assert len(records) == 1
    assert "merged_into" not in records[0]
    assert len(events) == 2


def test_meetings_on_different_days_or_beside_a_summit_are_not_merged() -> None:
    """A report that could be either of two meetings two days apart, or either a summit
    or the bilateral beside it, joins one and merges nothing."""
    dedup, events, *_ = fresh()
    feed(dedup, report("d1", SCHOLZ, MACRON, BIDEN, date="2022-02-27", published_at=None))
    feed(dedup, report("d2", SCHOLZ, MACRON, BIDEN, date="2022-03-01", published_at=None))
    feed(dedup, report("d3", SCHOLZ, MACRON, BIDEN, MODI, date=None))
    assert len(events) == 2
    dedup, events, *_ = fresh()
    feed(dedup, report("s1", BIDEN, XI, MODI, SCHOLZ, kind="summit", date="2022-11-15"))
    feed(dedup, report("s2", BIDEN, XI, kind="meeting", date="2022-11-15"))
    records = feed(dedup, report("s3", BIDEN, XI, kind="summit", date="2022-11-15"))
    assert len(records) == 1
    assert len(events) == 2


def test_replaying_a_bridging_article_publishes_no_new_version() -> None:
    """The same article again (same id, or a copy under a new id) publishes nothing; with
    its seen entry lost it re-sends the survivor's current record, same version."""
    dedup, events, _, seen = fresh()
    first, second, bridge = _bridge_reports()
    feed(dedup, first)
    feed(dedup, second)
    survivor_record = feed(dedup, bridge)[0]
    before = json.dumps(events, sort_keys=True)
    assert feed(dedup, bridge, now=LATER) == []
    assert dedup.process("copy", "fp-b3", [bridge], LATER) == []
    seen.clear()
    assert feed(dedup, bridge, now=LATER) == [survivor_record]
    assert feed(dedup, first, now=LATER) == [survivor_record]
    assert json.dumps(events, sort_keys=True) == before


def test_a_merge_replayed_on_uncommitted_state_repeats_the_same_records() -> None:
    """At-least-once: a crash before the state is committed replays the bridging article
    on the old state, which must publish the same versions with the same content."""
    dedup, events, index, seen = fresh()
    first, second, bridge = _bridge_reports()
    feed(dedup, first)
    feed(dedup, second)
    snapshot = json.loads(json.dumps([events, index, seen]))
    once = feed(dedup, bridge)
    replayed = Deduplicator(*snapshot, DedupSettings())
    twice = feed(replayed, bridge, now=LATER)
    assert [record_content(r) for r in once] == [record_content(r) for r in twice]
    assert [(r["event_id"], r["version"], r.get("merged_into")) for r in once] == [
        (r["event_id"], r["version"], r.get("merged_into")) for r in twice
    ]
