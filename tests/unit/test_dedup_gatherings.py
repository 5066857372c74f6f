"""Named gatherings: reports of one group's summit that name different attendees.

A G20 summit reported once through the host's guests and once through the US president
shares nobody between the two reports, yet it is one meeting. The group's label (a
topic such as "g20") says so, where the day or the city pins both to one sitting.
"""

from __future__ import annotations

import dataclasses

from parley.dedup import Deduplicator, DedupSettings, EventState, match_score, score_factors
from parley.dedup.matching import can_merge, events_compatible, gathering_relation
from parley.model import Candidate, Location, Participant, SourceRef

S = DedupSettings()

LI = Participant("Li Qiang", "Premier", "CN")
LAVROV = Participant("Sergei Lavrov", "Foreign Minister", "RU")
MODI = Participant("Narendra Modi", "Prime Minister", "IN")
BIDEN = Participant("Joe Biden", "President", "US")
KISHIDA = Participant("Fumio Kishida", "Prime Minister", "JP")
ALBANESE = Participant("Anthony Albanese", "Prime Minister", "AU")
YOON = Participant("Yoon Suk Yeol", "President", "KR")
SUNAK = Participant("Rishi Sunak", "Prime Minister", "GB")


def summit(
    *people: Participant,
    article_id: str = "a1",
    topics: tuple[str, ...] = ("g20",),
    kind: str = "summit",
    date: str | None = "2023-09-09",
    precision: str | None = "day",
    city: str | None = None,
    country: str | None = None,
    published_at: str = "2023-09-08T18:00:00Z",
) -> Candidate:
    return Candidate(
        kind=kind,  # type: ignore[arg-type]
        mode="in_person",
        status="planned",
        date=date,
        date_precision=precision if date else None,  # type: ignore[arg-type]
        location=Location(city, country) if city or country else None,
        participants=people,
        organizer=None,
        topics=topics,
        source=SourceRef(article_id, None, f"outlet-{article_id}", published_at, "The summit."),
    )


def as_event(candidate: Candidate, article_id: str = "e1") -> EventState:
    own = dataclasses.replace(
        candidate, source=dataclasses.replace(candidate.source, article_id=article_id)
    )
    return EventState.of_candidate(own)


# -- matching ----------------------------------------------------------------------------


def test_one_groups_summit_on_one_day_matches_whoever_the_reports_name() -> None:
    """Two G20 summit reports of the same day with disjoint attendees are one gathering."""
    guests = as_event(summit(LI, LAVROV, MODI))
    f = score_factors(summit(BIDEN, article_id="a2"), guests, S)
    assert f["participants"] == S.gathering_participants
    assert match_score(summit(BIDEN, article_id="a2"), guests, S) >= S.threshold
    # Labels are compared folded: "G20" and "g20" name one group.
    assert match_score(summit(BIDEN, topics=("G20",)), guests, S) >= S.threshold
    # A day apart (time zones) is still the sitting; two days apart is not.
    assert match_score(summit(BIDEN, date="2023-09-10"), guests, S) >= S.threshold
    assert match_score(summit(BIDEN, date="2023-09-11"), guests, S) == 0.0


def test_without_a_shared_label_disjoint_attendees_stay_apart() -> None:
    """Two summits of one day naming nobody in common, one unlabelled, are not matched:
    nothing says they are the same gathering."""
    guests = as_event(summit(LI, LAVROV, MODI))
    assert match_score(summit(BIDEN, topics=()), guests, S) == 0.0
    assert match_score(summit(BIDEN, topics=("trade",)), guests, S) == 0.0
    # A label the settings do not know is no label.
    assert (
        match_score(
            summit(BIDEN, topics=("g20",)), guests, DedupSettings(gathering_labels=frozenset())
        )
        == 0.0
    )


def test_a_coarse_date_needs_the_same_city() -> None:
    """'The G7 summit later this month' pins no sitting by itself: the group's ministers
    meet in other cities that month. With the same city named on both sides it does."""
    hiroshima = as_event(
        summit(BIDEN, KISHIDA, ALBANESE, topics=("g7",), date="2023-05-19", city="Hiroshima")
    )
    vague = summit(YOON, topics=("g7",), date="2023-05-01", precision="month")
    assert match_score(vague, hiroshima, S) == 0.0
    there = summit(YOON, topics=("g7",), date="2023-05-01", precision="month", city="Hiroshima")
    assert match_score(there, hiroshima, S) >= S.threshold


def test_one_groups_meetings_in_other_cities_or_weeks_stay_apart() -> None:
    """G7 finance ministers in Niigata and the G7 summit in Hiroshima: different cities
    veto even on the same day; different days veto in the same city."""
    leaders = as_event(summit(BIDEN, KISHIDA, topics=("g7",), date="2023-05-19", city="Hiroshima"))
    ministers = summit(SUNAK, topics=("g7",), date="2023-05-19", city="Niigata")
    assert match_score(ministers, leaders, S) == 0.0
    week_before = summit(SUNAK, topics=("g7",), date="2023-05-12", city="Hiroshima")
    assert match_score(week_before, leaders, S) == 0.0


def test_summits_of_different_groups_are_different_gatherings() -> None:
    """The Quad leaders meeting on the G7's margins shares four leaders with the G7
    summit, but the labels tell them apart; with the veto off, people decide again."""
    g7 = as_event(summit(BIDEN, KISHIDA, MODI, ALBANESE, topics=("g7",), date="2023-05-20"))
    quad = summit(BIDEN, KISHIDA, MODI, ALBANESE, topics=("quad",), date="2023-05-20")
    assert match_score(quad, g7, S) == 0.0
    assert gathering_relation("summit", frozenset({"quad"}), "summit", frozenset({"g7"}), S) is None
    lax = DedupSettings(gathering_label_veto=False)
    assert match_score(quad, g7, lax) >= lax.threshold
    # A report labelled with both groups belongs with either.
    both = summit(BIDEN, KISHIDA, topics=("g7", "quad"), date="2023-05-20")
    assert match_score(both, g7, S) >= S.threshold


def test_a_labelled_summit_never_matches_a_bilateral_beside_it() -> None:
    """'Biden and Modi at the G20 summit' names two sides, but the label makes it the
    gathering, not their bilateral of that day."""
    bilateral = as_event(summit(BIDEN, MODI, kind="meeting", topics=()))
    assert match_score(summit(BIDEN, MODI), bilateral, S) == 0.0
    assert (
        match_score(summit(BIDEN, MODI), bilateral, DedupSettings(gathering_label_veto=False)) > 0
    )
    # An unlabelled two-party summit is still their meeting under a grander name.
    assert match_score(summit(BIDEN, MODI, topics=()), bilateral, S) >= S.threshold
    # A meeting's topics are never a group label: NATO discussed is no NATO summit.
    talks = as_event(summit(BIDEN, MODI, kind="talks", topics=("nato",)))
    assert talks.gathering_topics == frozenset()


def test_events_of_one_gathering_merge_and_of_two_groups_do_not() -> None:
    """Merging asks the same of two events as matching asks of a report and an event."""
    guests = as_event(summit(LI, LAVROV, MODI), article_id="a")
    biden = as_event(summit(BIDEN), article_id="b")
    assert can_merge(summit(BIDEN, MODI, article_id="c"), guests, biden, S)
    quad = as_event(summit(BIDEN, MODI, topics=("quad",)), article_id="d")
    assert not events_compatible(guests, quad, S)


# -- the engine --------------------------------------------------------------------------


def run(*candidates: Candidate, settings: DedupSettings = S) -> dict[str, object]:
    events: dict[str, object] = {}
    dedup = Deduplicator(events, {}, {}, settings)
    for c in candidates:
        dedup.process(c.source.article_id, c.source.article_id, [c], "2023-09-09T00:00:00Z")
    return events


def test_the_engine_finds_a_gathering_by_its_label_alone() -> None:
    """The second report shares no participant token with the event; its label finds it."""
    events = run(summit(LI, LAVROV, MODI, article_id="a-001"), summit(BIDEN, article_id="a-105"))
    assert len(events) == 1
    apart = run(
        summit(LI, LAVROV, MODI, article_id="a-001"),
        summit(BIDEN, article_id="a-105", topics=()),
    )
    assert len(apart) == 2


def test_the_engine_keeps_a_groups_two_sittings_apart() -> None:
    """Leaders on Saturday, foreign ministers on Monday: two events."""
    events = run(
        summit(LI, MODI, article_id="a", date="2023-09-09"),
        summit(LAVROV, article_id="b", date="2023-09-11"),
    )
    assert len(events) == 2
