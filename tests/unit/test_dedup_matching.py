"""The match score, factor by factor, and the weighted sum that decides a merge."""

from __future__ import annotations

import dataclasses

import pytest

from parley.dedup import DedupSettings, EventState, match_score, score_factors
from parley.dedup.matching import (
    can_merge,
    date_factor,
    events_compatible,
    kind_factor,
    mode_factor,
    participant_factor,
    party_count,
    place_factor,
)
from parley.dedup.participants import person_key
from parley.model import Candidate, Location, Participant, SourceRef

S = DedupSettings()

MODI = Participant("Narendra Modi", "Prime Minister", "IN")
PUTIN = Participant("Vladimir Putin", "President", "RU")
ZELENSKY = Participant("Volodymyr Zelensky", "President", "UA")
SCHOLZ = Participant("Olaf Scholz", "Chancellor", "DE")
BIDEN = Participant("Joe Biden", "President", "US")
MACRON = Participant("Emmanuel Macron", "President", "FR")


def report(
    *people: Participant,
    article_id: str = "a1",
    kind: str = "meeting",
    mode: str = "in_person",
    date: str | None = "2022-02-28",
    precision: str | None = "day",
    location: Location | None = None,
    published_at: str | None = "2022-02-28T18:00:00Z",
    status: str = "occurred",
) -> Candidate:
    return Candidate(
        kind=kind,  # type: ignore[arg-type]
        mode=mode,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        date=date,
        date_precision=precision if date else None,  # type: ignore[arg-type]
        location=location,
        participants=people,
        organizer=None,
        topics=(),
        source=SourceRef(article_id, None, "outlet", published_at, "They met."),
    )


def event(*people: Participant, **fields: object) -> EventState:
    base = EventState.of_candidate(report(*people, article_id="e1"))
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def keys(*people: Participant) -> list:
    return [person_key(p) for p in people]


# -- kind -------------------------------------------------------------------------------


def test_kind_same_scores_full_and_meeting_talks_visit_are_compatible() -> None:
    """Same kind scores kind_same; meeting, talks and visit are compatible at kind_compatible."""
    assert kind_factor("call", "call", S) == S.kind_same
    assert kind_factor("meeting", "talks", S) == S.kind_compatible
    assert kind_factor("visit", "meeting", S) == S.kind_compatible


@pytest.mark.parametrize(("a", "b"), [("summit", "meeting"), ("call", "talks"), ("summit", "call")])
def test_kind_summit_and_call_match_only_themselves(a: str, b: str) -> None:
    """A summit matches only a summit and a call only a call."""
    assert kind_factor(a, b, S) is None
    assert kind_factor(b, a, S) is None


# -- mode -------------------------------------------------------------------------------


@pytest.mark.parametrize("remote", ["phone", "video", "remote"])
def test_mode_in_person_vetoes_every_remote_medium(remote: str) -> None:
    """An in-person report never matches a phone, video or unspecified remote one."""
    assert mode_factor("in_person", remote, S) is None
    assert mode_factor(remote, "in_person", S) is None


def test_mode_grades_agreement() -> None:
    """Same mode is full, remote against a medium is likely, unknown is weak, phone/video weaker."""
    assert mode_factor("phone", "phone", S) == S.mode_same
    assert mode_factor("remote", "video", S) == S.mode_remote
    assert mode_factor("unknown", "in_person", S) == S.mode_unknown
    assert mode_factor("unknown", "unknown", S) == S.mode_unknown
    assert mode_factor("phone", "video", S) == S.mode_medium_mismatch


# -- place ------------------------------------------------------------------------------


def test_place_different_known_cities_or_countries_veto() -> None:
    """Two known cities (or countries) that differ cannot be one meeting."""
    assert place_factor(Location("Paris", "FR"), Location("Berlin", "DE"), S) is None
    assert place_factor(Location("Paris"), Location("Berlin"), S) is None
    assert place_factor(Location(None, "FR"), Location(None, "DE"), S) is None


def test_place_same_city_outweighs_a_contradicting_country() -> None:
    """'Kyiv' in 'PL' (a dateline's country) and 'Kyiv' in 'UA' are one place, less surely."""
    kyiv_pl, kyiv_ua = Location("Kyiv", "PL"), Location("Kyiv", "UA")
    assert place_factor(kyiv_pl, kyiv_ua, S) == S.place_same_country
    assert place_factor(Location("Warsaw", "PL"), Location(None, "UA"), S) is None


def test_place_grades_agreement() -> None:
    """Same city (folded) is full, same country with a city missing less, nothing known neutral."""
    assert place_factor(Location("Kyiv", "UA"), Location("KYIV", "UA"), S) == S.place_same_city
    assert place_factor(Location("Kyiv", "UA"), Location(None, "UA"), S) == S.place_same_country
    assert place_factor(Location("Kyiv", "UA"), None, S) == S.place_unknown
    assert place_factor(None, None, S) == S.place_unknown


# -- date -------------------------------------------------------------------------------


def test_date_same_day_is_full_and_adjacent_day_is_penalized() -> None:
    """The same day scores date_day; a day apart (time zones) loses date_gap_penalty."""
    ev = event(SCHOLZ, MACRON)
    assert date_factor(report(SCHOLZ, MACRON), ev, S) == pytest.approx(1.0)
    next_day = report(SCHOLZ, MACRON, date="2022-03-01")
    assert date_factor(next_day, ev, S) == pytest.approx(1.0 - S.date_gap_penalty)


def test_date_beyond_max_day_gap_vetoes() -> None:
    """Reports more than max_day_gap days apart are different meetings."""
    ev = event(SCHOLZ, MACRON)
    assert date_factor(report(SCHOLZ, MACRON, date="2022-03-02"), ev, S) is None
    wide = DedupSettings(max_day_gap=2)
    assert date_factor(report(SCHOLZ, MACRON, date="2022-03-02"), ev, wide) is not None


def test_date_week_precision_covers_its_whole_week() -> None:
    """A plan for 'next week' matches a meeting on any day of that ISO week at date_week."""
    plan = event(SCHOLZ, MACRON, date="2022-03-07", date_precision="week")
    held = report(SCHOLZ, MACRON, date="2022-03-10")
    assert date_factor(held, plan, S) == pytest.approx(S.date_week)
    too_late = report(SCHOLZ, MACRON, date="2022-03-15")
    assert date_factor(too_late, plan, S) is None


def test_date_month_precision_scores_date_month() -> None:
    """A month-precision date covers the month and scores date_month."""
    plan = event(SCHOLZ, MACRON, date="2022-03-01", date_precision="month")
    assert date_factor(report(SCHOLZ, MACRON, date="2022-03-20"), plan, S) == S.date_month


def test_date_undated_candidate_uses_its_publication_day() -> None:
    """An undated report is compared by the day it was published, at date_published_day."""
    ev = event(SCHOLZ, MACRON)
    undated = report(SCHOLZ, MACRON, date=None, published_at="2022-03-01T08:00:00+01:00")
    assert date_factor(undated, ev, S) == pytest.approx(
        S.date_published_day * (1 - S.date_gap_penalty)
    )
    late = report(SCHOLZ, MACRON, date=None, published_at="2022-03-05T08:00:00Z")
    assert date_factor(late, ev, S) is None


def test_date_undated_event_uses_its_reports_publication_days() -> None:
    """An event with no date is compared by the publication days of its reports."""
    ev = event(SCHOLZ, MACRON, date=None, date_precision=None, published_days=("2022-02-28",))
    assert date_factor(report(SCHOLZ, MACRON), ev, S) == S.date_published_day


def test_date_undated_plan_covers_its_horizon_and_prefers_the_nearer_meeting() -> None:
    """'Expected to visit early next year' matches a meeting held within the horizon after
    publication, more weakly the later it is, and nothing beyond or before it."""
    plan = report(SCHOLZ, MACRON, date=None, status="planned", published_at="2022-01-10T09:00:00Z")
    soon, late = event(SCHOLZ, MACRON, date="2022-01-20"), event(SCHOLZ, MACRON, date="2022-03-30")
    near, far = date_factor(plan, soon, S), date_factor(plan, late, S)
    assert near is not None
    assert far is not None
    assert (
        S.date_planned_undated > near > far >= S.date_planned_undated * (1 - S.date_planned_decay)
    )
    assert date_factor(plan, event(SCHOLZ, MACRON, date="2022-04-30"), S) is None
    assert date_factor(plan, event(SCHOLZ, MACRON, date="2022-01-05"), S) is None
    # An undated report that announces nothing still stands on its publication day.
    held = report(SCHOLZ, MACRON, date=None, published_at="2022-01-10T09:00:00Z")
    assert date_factor(held, soon, S) is None
    # The same from the other side: the plan is the event, the held meeting the report.
    ev = event(
        SCHOLZ,
        MACRON,
        date=None,
        date_precision=None,
        status="planned",
        published_days=("2022-01-10",),
    )
    assert date_factor(report(SCHOLZ, MACRON, date="2022-01-20"), ev, S) == near
    assert score_factors(plan, late, S)["date"] == far


def test_date_nothing_to_compare_vetoes() -> None:
    """With no date and no publication day there is no evidence of the same meeting."""
    ev = event(SCHOLZ, MACRON)
    assert date_factor(report(SCHOLZ, MACRON, date=None, published_at=None), ev, S) is None


# -- participants ------------------------------------------------------------------------


def test_participants_two_of_twelve_overlap_fully() -> None:
    """A report naming 2 of 12 leaders gets the full overlap term, plus a small closeness term."""
    others = [Participant(f"Leader {i}", "President", c) for i, c in enumerate("ABCDEFGHIJ")]
    twelve = keys(BIDEN, SCHOLZ, *others)
    p = participant_factor(keys(BIDEN, SCHOLZ), twelve, S)
    share = S.participant_overlap_share
    assert p == pytest.approx(share * 1.0 + (1 - share) * 2 / 12)


def test_participants_one_shared_leader_of_two_pairs_vetoes() -> None:
    """{Modi, Putin} and {Modi, Zelensky} share one principal only: two different calls."""
    assert participant_factor(keys(MODI, PUTIN), keys(MODI, ZELENSKY), S) is None


def test_participants_single_named_side_needs_one_match() -> None:
    """A report naming only one side's leader matches a pair containing that leader."""
    assert participant_factor(keys(MODI), keys(MODI, PUTIN), S) == pytest.approx(
        S.participant_overlap_share + (1 - S.participant_overlap_share) / 2
    )


def test_participants_nothing_shared_vetoes() -> None:
    """Disjoint participant sets never match."""
    assert participant_factor(keys(SCHOLZ), keys(MACRON), S) is None
    assert participant_factor((), keys(MACRON), S) is None


def test_participants_title_matches_named_of_same_country_and_role() -> None:
    """{"name": null, "country": "DE", "role": "Chancellor"} is Olaf Scholz, at titled_match."""
    titles = keys(Participant(None, "chancellor", "DE"), Participant(None, "President", "FR"))
    shared = 2 * S.titled_match
    expected = S.participant_overlap_share * shared / 2 + (
        1 - S.participant_overlap_share
    ) * shared / (4 - shared)
    assert participant_factor(titles, keys(SCHOLZ, MACRON), S) == pytest.approx(expected)


def test_participants_delegation_matches_anyone_of_its_country() -> None:
    """A delegation {"name": null, "country": "US"} matches any US participant, weakly."""
    us = keys(Participant(None, None, "US"))
    p = participant_factor(us, keys(BIDEN), S)
    share = S.participant_overlap_share
    d = S.delegation_match
    assert p == pytest.approx(share * d + (1 - share) * d / (2 - d))


def test_participants_conflicting_role_or_country_does_not_match() -> None:
    """An unnamed US Secretary of State is not the US President; a name never crosses countries."""
    sec = keys(Participant(None, "Secretary of State", "US"))
    assert participant_factor(sec, keys(BIDEN), S) is None
    impostor = keys(Participant("Joe Biden", None, "GB"))
    assert participant_factor(impostor, keys(BIDEN), S) is None


def test_participants_surname_matches_full_name() -> None:
    """A report saying only 'Scholz' names Olaf Scholz."""
    assert participant_factor(keys(Participant("Scholz")), keys(SCHOLZ), S) is not None
    assert participant_factor(keys(Participant("Hunter Biden")), keys(BIDEN), S) is None


# -- the weighted score ------------------------------------------------------------------


def test_score_is_the_weighted_sum_of_the_factors() -> None:
    """match_score equals the documented weighted sum when no factor vetoes."""
    cand = report(SCHOLZ, MACRON, date="2022-03-01", location=Location("Paris", "FR"))
    ev = event(SCHOLZ, MACRON, location=Location(None, "FR"), kind="talks")
    f = score_factors(cand, ev, S)
    expected = (
        S.weight_participants * f["participants"]  # type: ignore[operator]
        + S.weight_date * f["date"]  # type: ignore[operator]
        + S.weight_kind * f["kind"]  # type: ignore[operator]
        + S.weight_mode * f["mode"]  # type: ignore[operator]
        + S.weight_place * f["place"]  # type: ignore[operator]
    )
    assert match_score(cand, ev, S) == pytest.approx(expected)
    assert 0.0 < expected <= 1.0
    assert f == pytest.approx(
        {
            "kind": S.kind_compatible,
            "mode": 1.0,
            "place": S.place_same_country,
            "date": 1.0 - S.date_gap_penalty,
            "participants": 1.0,
        }
    )


def test_identical_reports_score_one() -> None:
    """Two reports agreeing on every fact (and place) score 1."""
    loc = Location("Paris", "FR")
    cand = report(SCHOLZ, MACRON, location=loc)
    assert match_score(cand, event(SCHOLZ, MACRON, location=loc), S) == pytest.approx(1.0)


def test_any_veto_makes_the_score_zero() -> None:
    """One vetoing factor makes the whole score 0, however well the rest agree."""
    ev = event(SCHOLZ, MACRON)
    assert match_score(report(SCHOLZ, MACRON, BIDEN, kind="summit"), ev, S) == 0.0
    assert match_score(report(SCHOLZ, MACRON, mode="phone"), ev, S) == 0.0
    assert match_score(report(SCHOLZ, MACRON, date="2022-03-04"), ev, S) == 0.0


def test_a_two_party_summit_is_their_meeting() -> None:
    """A 'summit' of two leaders matches their meeting; a summit of three does not."""
    ev = event(SCHOLZ, MACRON)
    assert match_score(report(SCHOLZ, MACRON, kind="summit"), ev, S) > S.threshold
    assert kind_factor("summit", "meeting", S, 3, 2) is None


def test_a_two_party_summit_report_matches_a_larger_summit_but_not_a_call() -> None:
    """Two named leaders of a multilateral summit are a partial report of it."""
    g20 = event(BIDEN, MODI, SCHOLZ, MACRON, kind="summit")
    partial = report(MODI, SCHOLZ, kind="summit")
    assert kind_factor("summit", "summit", S, 2, 4) == S.kind_same
    assert match_score(partial, g20, S) > S.threshold
    assert kind_factor("summit", "call", S, 2, 2) is None
    # A bilateral meeting beside the summit is still kept away from it.
    assert match_score(report(MODI, SCHOLZ), g20, S) == 0.0


def test_candidate_never_matches_an_event_holding_its_own_article() -> None:
    """Two meetings stated by one article are never merged with each other."""
    ev = event(SCHOLZ, MACRON, article_ids=frozenset({"a1"}))
    assert match_score(report(SCHOLZ, MACRON, article_id="a1"), ev, S) == 0.0


def test_weights_are_tunable() -> None:
    """Changing a weight changes the score as the formula says."""
    cand = report(SCHOLZ, MACRON, date="2022-03-01")
    ev = event(SCHOLZ, MACRON)
    heavy_date = DedupSettings(weight_participants=0.25, weight_date=0.45)
    assert match_score(cand, ev, heavy_date) < match_score(cand, ev, S)


def test_settings_reject_weights_not_summing_to_one() -> None:
    """Weights that do not sum to 1 are refused when the settings are built."""
    with pytest.raises(ValueError, match="sum to 1"):
        DedupSettings(weight_participants=0.9)
    with pytest.raises(ValueError, match=r"within 0\.\.1"):
        DedupSettings(threshold=1.5)


# -- merging events ----------------------------------------------------------------------

STOLTENBERG = Participant("Jens Stoltenberg", "Secretary-General", None, "NATO")
KISHIDA = Participant("Fumio Kishida", "Prime Minister", "JP")


def test_a_larger_report_bridges_two_parts_of_one_call() -> None:
    """{Biden, Stoltenberg} and {Biden, Kishida} do not match each other, but a report
    naming them and more shows both to be one call."""
    a = event(BIDEN, STOLTENBERG, kind="call", mode="video", article_ids=frozenset({"a"}))
    b = event(BIDEN, KISHIDA, kind="call", mode="video", article_ids=frozenset({"b"}))
    full = report(BIDEN, STOLTENBERG, KISHIDA, SCHOLZ, MACRON, kind="call", mode="video")
    assert match_score(report(BIDEN, KISHIDA, kind="call", mode="video"), a, S) == 0.0
    assert events_compatible(a, b, S)
    assert can_merge(full, a, b, S)
    # Naming only the two parts together is Biden's two separate calls run together.
    assert not can_merge(report(BIDEN, STOLTENBERG, KISHIDA, kind="call", mode="video"), a, b, S)


def test_events_that_veto_each_other_are_never_merged() -> None:
    """Different days, a summit and a bilateral beside it, two meetings of one article."""
    big = report(SCHOLZ, MACRON, BIDEN, MODI, PUTIN, date=None, published_at="2022-03-01T06:00Z")
    monday = event(SCHOLZ, MACRON, date="2022-02-28", article_ids=frozenset({"a"}))
    wednesday = event(SCHOLZ, MACRON, date="2022-03-02", article_ids=frozenset({"b"}))
    assert not can_merge(big, monday, wednesday, S)
    summit = event(SCHOLZ, MACRON, BIDEN, kind="summit", article_ids=frozenset({"c"}))
    assert not can_merge(big, monday, summit, S)
    same_article = event(SCHOLZ, MACRON, location=Location("Paris"), article_ids=frozenset({"a"}))
    assert not events_compatible(monday, same_article, S)


# -- sides ------------------------------------------------------------------------------

POMPEO = Participant("Mike Pompeo", "Secretary of State", "US")
KIM = Participant("Kim Jong Un", "Supreme Leader", "KP")


def test_party_count_counts_sides_not_heads() -> None:
    """A president and his secretary of state are one side; an organisation is one side
    whatever country its officer has; someone with neither is a side of their own."""
    assert party_count([BIDEN, POMPEO, KIM]) == 2
    assert (
        party_count([STOLTENBERG, Participant("Mark Rutte", "Secretary-General", "NL", "NATO")])
        == 1
    )
    assert party_count([Participant("A"), Participant("B"), BIDEN]) == 3
    assert (
        party_count([{"name": "Joe Biden", "country": "us"}, {"name": "X", "country": "US"}]) == 1
    )


def test_a_two_state_summit_with_aides_is_still_their_meeting() -> None:
    """The Trump-Kim summit reported with Pompeo at the table still matches the planned
    'meeting between Kim and Trump'; a summit of three states still does not."""
    summit = event(BIDEN, KIM, POMPEO, kind="summit", date="2018-06-12")
    plan = report(KIM, BIDEN, date=None, status="planned", published_at="2018-04-27T12:00:00Z")
    assert match_score(plan, summit, S) >= S.threshold
    moon = Participant("Moon Jae-in", "President", "KR")
    three = event(BIDEN, KIM, moon, kind="summit")
    assert kind_factor("summit", "meeting", S, party_count(three.participants), 2) is None
    assert match_score(report(BIDEN, moon), three, S) == 0.0
    # Merging compares events by sides too.
    held = event(BIDEN, KIM, POMPEO, kind="summit", article_ids=frozenset({"b"}))
    assert events_compatible(event(BIDEN, KIM, article_ids=frozenset({"c"})), held, S)


def test_a_report_of_another_part_of_the_same_day_is_another_meeting() -> None:
    """Trudeau's call with Trump on Monday morning, and the one that afternoon."""
    trudeau = Participant("Justin Trudeau", "Prime Minister", "CA")

    def call(article: str, part: str | None, date: str = "2025-02-03") -> Candidate:
        base = report(trudeau, BIDEN, article_id=article, kind="call", mode="remote", date=date)
        return dataclasses.replace(base, part_of_day=part)

    morning = EventState.of_candidate(call("a", "morning"))
    assert match_score(call("b", "afternoon"), morning, S) == 0.0
    assert match_score(call("b", "morning"), morning, S) > 0.5
    assert match_score(call("b", None), morning, S) > 0.5
    # across a day boundary time zones shift the part of the day: not compared
    assert match_score(call("b", "afternoon", "2025-02-04"), morning, S) > 0.5
