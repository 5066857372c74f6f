"""How well a candidate report fits an existing event: the match score.

    score = w_participants*P + w_date*D + w_kind*K + w_mode*M + w_place*L    (0..1)

Each factor is 0..1 (values in `DedupSettings`) or a veto, which makes the score 0:

Merging: a candidate matching two or more events at merge_threshold or more merges
them when `can_merge` says it shows them to be one meeting.

P  participants: S = summed strength of a one-to-one pairing (named 1.0, titled 0.8,
   delegation 0.6); P = 0.75*S/min(|A|,|B|) + 0.25*S/(|A|+|B|-S). Veto: nothing shared,
   or fewer than 2 shared when both sides list 2 or more.
D  date: coarser precision of the two (day 1.0, week 0.7, month 0.5, undated report
   judged by its publication day 0.5) * (1 - 0.4*gap). An undated announcement
   ("planned", no date) covers the 90 days after its publication at 0.4, down to 0.2
   at their end. Veto: gap > max_day_gap days, or no date to compare.
K  kind: same 1.0, compatible 0.6 (meeting/talks/visit, and a two-party summit with
   either those or a larger summit; parties are sides: one country or organisation is
   one side, see `party_count`). Veto: call against any other kind, a summit of three
   or more sides against meeting/talks/visit.
M  mode: same 1.0, remote against phone/video 0.8, unknown 0.6, phone against video
   0.4. Veto: in person against phone/video/remote.
L  place: same city 1.0 (0.7 if their countries disagree), same country 0.7, nothing
   to compare 0.5. Veto: different known cities, or different countries with no city
   in common.

Named gatherings (`DedupSettings.gathering_labels`): two summit reports labelled with
the same group (topic "g20") are one gathering whoever they name, if both give the day
(at most max_day_gap apart) or both the same city: P is then at least
gathering_participants instead of a veto. With gathering_label_veto, a labelled summit
never matches a meeting/talks/visit (the bilaterals beside it), nor a summit labelled
with other groups only (a Quad meeting on the G7's margins).

Status is not scored: planned, occurred and cancelled reports are one lifecycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from parley.dedup.dates import date_range, day_ordinal, published_day
from parley.dedup.participants import PersonKey, match_participants, person_key
from parley.dedup.settings import DedupSettings
from parley.dedup.text import fold
from parley.model import Candidate, DatePrecision, Kind, Location, Mode, Participant, Status

__all__ = [
    "GATHERING_TOKEN",
    "EventState",
    "can_merge",
    "candidate_days",
    "date_factor",
    "events_compatible",
    "gathering_relation",
    "gathering_tokens",
    "is_undated_plan",
    "kind_factor",
    "kind_group",
    "kind_groups",
    "kind_groups_meet",
    "label_tokens",
    "match_score",
    "mode_factor",
    "other_part_of_day",
    "participant_factor",
    "party_count",
    "place_factor",
    "score_factors",
    "summit_topics",
    "topics_of_tokens",
]

_KIND_GROUP = {
    "summit": "summit",
    "call": "call",
    "meeting": "meeting",
    "talks": "meeting",
    "visit": "meeting",
}
_TWO_PARTY_SUMMIT = frozenset({"meeting", "summit"})
# Index token prefix of a summit's topics: a labelled gathering is found by its label.
GATHERING_TOKEN = "g:"


def summit_topics(kind: str, topics: Iterable[str]) -> frozenset[str]:
    """The folded topics of a summit, among which the label of its group may be; none for
    other kinds (a bilateral that discussed NATO is not a NATO gathering)."""
    if kind != "summit":
        return frozenset()
    return frozenset(f for t in topics if t and (f := fold(t)))


def gathering_tokens(kind: str, topics: Iterable[str]) -> set[str]:
    """The index tokens a summit is listed under besides its participants' tokens."""
    return {GATHERING_TOKEN + t for t in summit_topics(kind, topics)}


def label_tokens(kind: str, topics: Iterable[str], settings: DedupSettings) -> list[str]:
    """The tokens a summit report looks up the other reports of its group's gathering by."""
    labels = summit_topics(kind, topics) & settings.gathering_labels
    return [GATHERING_TOKEN + t for t in sorted(labels)]


def topics_of_tokens(tokens: Iterable[str]) -> frozenset[str]:
    """The summit topics an event's index tokens list (the inverse of `gathering_tokens`)."""
    n = len(GATHERING_TOKEN)
    return frozenset(t[n:] for t in tokens if t.startswith(GATHERING_TOKEN))


@dataclass(frozen=True, slots=True)
class EventState:
    """What matching needs to know about an event: its record's facts and its reports."""

    kind: Kind
    mode: Mode
    status: Status = "occurred"
    date: str | None = None
    date_precision: DatePrecision | None = None
    location: Location | None = None
    participants: tuple[Participant, ...] = ()
    # Publication days of the reports: what an undated event is dated by.
    published_days: tuple[str, ...] = ()
    article_ids: frozenset[str] = frozenset()
    event_id: str = ""
    # Folded topics of a summit event (see `summit_topics`); empty for other kinds.
    gathering_topics: frozenset[str] = frozenset()
    # The parts of the day its reports name ("morning"): a same-day report naming
    # another part of the day is another meeting.
    parts_of_day: frozenset[str] = frozenset()
    # Folded once here rather than on every comparison.
    participant_keys: tuple[PersonKey, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = tuple(person_key(p) for p in self.participants)
        object.__setattr__(self, "participant_keys", keys)

    @classmethod
    def of_candidate(cls, candidate: Candidate, event_id: str = "") -> EventState:
        """The event a single report would create (for tools and tests)."""
        day = published_day(candidate.source.published_at)
        return cls(
            kind=candidate.kind,
            mode=candidate.mode,
            status=candidate.status,
            date=candidate.date,
            date_precision=candidate.date_precision,
            location=None if candidate.kind == "call" else candidate.location,
            participants=candidate.participants,
            published_days=(day,) if day else (),
            article_ids=frozenset({candidate.source.article_id}),
            event_id=event_id,
            gathering_topics=summit_topics(candidate.kind, candidate.topics),
            parts_of_day=frozenset({candidate.part_of_day} if candidate.part_of_day else ()),
        )


def other_part_of_day(part: str | None, day: str | None, event: EventState) -> bool:
    """Whether a report of a given day and part of it names another part than the event."""
    return bool(
        part and day and event.date == day and event.parts_of_day and part not in event.parts_of_day
    )


def party_count(participants: Iterable[Participant | Mapping[str, Any]]) -> int:
    """How many sides a participant list makes: the people of one organisation or one
    country are one side (a president and his secretary of state at a two-state summit),
    anyone with neither is a side of their own. Kinds compare by sides, not heads."""
    sides: set[object] = set()
    for i, p in enumerate(participants):
        if isinstance(p, Participant):
            org, country = p.org, p.country
        else:
            org, country = p.get("org"), p.get("country")
        if org:
            sides.add(("o", fold(org)))
        elif country:
            sides.add(("c", country.strip().upper()))
        else:
            sides.add(i)
    return len(sides)


def kind_group(kind: str, parties: int = 0) -> str:
    """The group a kind with this many parties belongs to first (see `kind_groups`)."""
    if kind == "summit" and 0 < parties <= 2:
        return "meeting"
    return _KIND_GROUP.get(kind, kind)


@lru_cache(maxsize=256)
def kind_groups(kind: str, parties: int = 0) -> frozenset[str]:
    """Every group a report of this kind and size may belong to; across groups never.

    Parties are sides (`party_count`). A "summit" of two parties is ambiguous: their
    meeting under a grander name (the Trump-Kim summit, aides included) or a report of a
    multilateral summit that names only two of its leaders ("Albanese attends the G20 at
    Lula's invitation"), so it belongs to both groups. A summit of three or more sides
    stays apart from the bilaterals on its sidelines.
    """
    if kind == "summit" and 0 < parties <= 2:
        return _TWO_PARTY_SUMMIT
    return frozenset({_KIND_GROUP.get(kind, kind)})


def kind_groups_meet(a: str, parties_a: int, b: str, parties_b: int) -> bool:
    """Whether two kinds, with their party counts, can describe the same meeting."""
    return not kind_groups(a, parties_a).isdisjoint(kind_groups(b, parties_b))


def kind_factor(
    a: str, b: str, settings: DedupSettings, parties_a: int = 0, parties_b: int = 0
) -> float | None:
    """K: 1 for the same kind, less for compatible kinds, None (veto) across groups."""
    if a == b:
        return settings.kind_same
    if not kind_groups_meet(a, parties_a, b, parties_b):
        return None
    return settings.kind_compatible


def mode_factor(a: str, b: str, settings: DedupSettings) -> float | None:
    """M: in person never matches a remote medium; unknown matches everything, weakly."""
    if a == b:
        return settings.mode_unknown if a == "unknown" else settings.mode_same
    if "unknown" in (a, b):
        return settings.mode_unknown
    if "in_person" in (a, b):
        return None
    if "remote" in (a, b):
        return settings.mode_remote
    return settings.mode_medium_mismatch


def place_factor(a: Location | None, b: Location | None, settings: DedupSettings) -> float | None:
    """L: two known places must agree; a known city against none is merely unconfirmed."""
    city_a = fold(a.city) if a and a.city else ""
    city_b = fold(b.city) if b and b.city else ""
    land_a = a.country.upper() if a and a.country else ""
    land_b = b.country.upper() if b and b.country else ""
    if city_a and city_a == city_b:
        # The city is the finer fact; a country that contradicts it is the weaker one
        # (read from a dateline or a neighbouring sentence), so it only lowers the match.
        if land_a and land_b and land_a != land_b:
            return settings.place_same_country
        return settings.place_same_city
    if (city_a and city_b) or (land_a and land_b and land_a != land_b):
        return None
    if land_a and land_a == land_b:
        return settings.place_same_country
    return settings.place_unknown


def _precision_factor(precision: str | None, settings: DedupSettings) -> float:
    if precision == "week":
        return settings.date_week
    if precision == "month":
        return settings.date_month
    return settings.date_day


def is_undated_plan(status: str, date: str | None) -> bool:
    """An announcement without a date: the meeting lies somewhere after its publication."""
    return status == "planned" and day_ordinal(date) is None


def candidate_days(candidate: Candidate, settings: DedupSettings) -> tuple[int, int] | None:
    """The days a report's meeting may fall on: its date's range, an undated plan's
    horizon after publication, or an undated report's publication day."""
    span = date_range(candidate.date, candidate.date_precision or "day")
    if span is not None:
        return span
    day = day_ordinal(published_day(candidate.source.published_at))
    if day is None:
        return None
    if is_undated_plan(candidate.status, candidate.date):
        return day, day + settings.planned_horizon_days
    return day, day


def _candidate_factor(candidate: Candidate, settings: DedupSettings) -> float:
    if day_ordinal(candidate.date) is not None:
        return _precision_factor(candidate.date_precision, settings)
    if is_undated_plan(candidate.status, candidate.date):
        return settings.date_planned_undated
    return settings.date_published_day


def _event_spans(event: EventState, settings: DedupSettings) -> tuple[list[tuple[int, int]], float]:
    span = date_range(event.date, event.date_precision or "day")
    if span is not None:
        return [span], _precision_factor(event.date_precision, settings)
    days = [o for o in map(day_ordinal, event.published_days) if o is not None]
    if is_undated_plan(event.status, event.date):
        horizon = settings.planned_horizon_days
        return [(o, o + horizon) for o in days], settings.date_planned_undated
    return [(o, o) for o in days], settings.date_published_day


def date_factor(candidate: Candidate, event: EventState, settings: DedupSettings) -> float | None:
    """D: the coarser precision's value, less date_gap_penalty per day apart.

    Ranges are compared, not points: a week-precision plan covers its whole ISO week, so
    the meeting held on its Thursday is 0 days away. An undated side stands on the
    publication day of its report(s), or, if it announces a meeting, on the horizon
    after it; the further into that horizon the other side lies, the weaker the match.
    """
    mine = candidate_days(candidate, settings)
    spans, theirs = _event_spans(event, settings)
    if mine is None or not spans:
        return None
    lo, hi = mine
    base = min(_candidate_factor(candidate, settings), theirs)
    my_plan = is_undated_plan(candidate.status, candidate.date)
    their_plan = is_undated_plan(event.status, event.date)
    horizon = max(settings.planned_horizon_days, 1)
    best: float | None = None
    for s_lo, s_hi in spans:
        gap = max(0, s_lo - hi, lo - s_hi)
        if gap > settings.max_day_gap:
            continue
        # How far past the announcement the other side's meeting lies.
        lead = max(s_lo - lo if my_plan else 0, lo - s_lo if their_plan else 0, 0)
        value = base * max(0.0, 1.0 - settings.date_gap_penalty * gap)
        value *= 1.0 - settings.date_planned_decay * min(lead, horizon) / horizon
        if best is None or value > best:
            best = value
    return best


def participant_factor(
    a: Sequence[PersonKey], b: Sequence[PersonKey], settings: DedupSettings
) -> float | None:
    """P: overlap of two participant lists, or None when they cannot be one meeting."""
    if not a or not b:
        return None
    shared, count = match_participants(a, b, settings)
    plural = settings.min_shared_when_both_plural
    need = plural if len(a) >= plural and len(b) >= plural else 1
    if count < need:
        return None
    overlap = shared / min(len(a), len(b))
    closeness = shared / (len(a) + len(b) - shared)
    share = settings.participant_overlap_share
    return min(1.0, share * overlap + (1.0 - share) * closeness)


def gathering_relation(
    kind_a: str,
    topics_a: frozenset[str],
    kind_b: str,
    topics_b: frozenset[str],
    settings: DedupSettings,
) -> bool | None:
    """What the group labels of two reports say: True when both are summits of one
    labelled group; None (a veto, when `gathering_label_veto` is on) when one is a
    labelled gathering and the other no summit at all (a bilateral on its sidelines,
    however few sides the summit report names), or both are summits labelled with
    different groups only; False when they tell nothing. `topics_*` are folded."""
    labels_a = topics_a & settings.gathering_labels if kind_a == "summit" else frozenset()
    labels_b = topics_b & settings.gathering_labels if kind_b == "summit" else frozenset()
    if labels_a & labels_b:
        return True
    if not settings.gathering_label_veto or not (labels_a or labels_b):
        return False
    if labels_a and labels_b:
        return None
    if (labels_a and kind_b != "summit") or (labels_b and kind_a != "summit"):
        return None
    return False


def _day_of(date: str | None, precision: str | None) -> int | None:
    # The ordinal of a date known to the day; None for a week, a month or no date.
    return day_ordinal(date) if (precision or "day") == "day" else None


def _one_sitting(
    a: tuple[str | None, str | None, Location | None],
    b: tuple[str | None, str | None, Location | None],
    settings: DedupSettings,
) -> bool:
    """Whether two reports of one group's gathering are pinned to the same sitting: both
    give the day (at most max_day_gap apart), or both the same city. A group meets often
    (ministers in one city, leaders in another, the same week), so "some day this month"
    with no place is not enough to call two attendance lists one gathering."""
    day_a, day_b = _day_of(a[0], a[1]), _day_of(b[0], b[1])
    if day_a is not None and day_b is not None and abs(day_a - day_b) <= settings.max_day_gap:
        return True
    city_a = fold(a[2].city) if a[2] and a[2].city else ""
    city_b = fold(b[2].city) if b[2] and b[2].city else ""
    return bool(city_a) and city_a == city_b


def _same_gathering(a: EventState, b: EventState, settings: DedupSettings) -> bool:
    relation = gathering_relation(a.kind, a.gathering_topics, b.kind, b.gathering_topics, settings)
    return bool(relation) and (
        _one_sitting(
            (a.date, a.date_precision, a.location), (b.date, b.date_precision, b.location), settings
        )
    )


def score_factors(
    candidate: Candidate, event: EventState, settings: DedupSettings
) -> dict[str, float | None]:
    """Each factor of the score (None = veto), cheapest first, stopping at the first veto."""
    out: dict[str, float | None] = {}
    out["kind"] = kind_factor(
        candidate.kind,
        event.kind,
        settings,
        party_count(candidate.participants),
        party_count(event.participants),
    )
    if out["kind"] is None:
        return out
    gathering = gathering_relation(
        candidate.kind,
        summit_topics(candidate.kind, candidate.topics),
        event.kind,
        event.gathering_topics,
        settings,
    )
    if gathering is None:
        # A G7 summit and a Quad meeting on its margins, or a bilateral beside it.
        out["kind"] = None
        return out
    out["mode"] = mode_factor(candidate.mode, event.mode, settings)
    if out["mode"] is None:
        return out
    place = None if candidate.kind == "call" else candidate.location
    out["place"] = place_factor(place, event.location, settings)
    if out["place"] is None:
        return out
    out["date"] = date_factor(candidate, event, settings)
    if out["date"] is None:
        return out
    if other_part_of_day(candidate.part_of_day, candidate.date, event):
        # Trudeau's call on Monday morning and the one that afternoon
        out["date"] = None
        return out
    people = participant_factor(
        [person_key(p) for p in candidate.participants], event.participant_keys, settings
    )
    if gathering and _one_sitting(
        (candidate.date, candidate.date_precision, place),
        (event.date, event.date_precision, event.location),
        settings,
    ):
        # One group's gathering, whichever of its attendees each report names.
        people = max(people or 0.0, settings.gathering_participants)
    out["participants"] = people
    return out


def match_score(candidate: Candidate, event: EventState, settings: DedupSettings) -> float:
    """The weighted score 0..1 of `candidate` reporting the same meeting as `event`.

    0 when any factor vetoes, or when the event already holds a report of the
    candidate's article: two meetings in one article are two meetings.
    """
    if candidate.source.article_id in event.article_ids:
        return 0.0
    f = score_factors(candidate, event, settings)
    if len(f) < 5 or any(v is None for v in f.values()):
        return 0.0
    return (
        settings.weight_participants * (f["participants"] or 0.0)
        + settings.weight_date * (f["date"] or 0.0)
        + settings.weight_kind * (f["kind"] or 0.0)
        + settings.weight_mode * (f["mode"] or 0.0)
        + settings.weight_place * (f["place"] or 0.0)
    )


def events_compatible(a: EventState, b: EventState, settings: DedupSettings) -> bool:
    """Whether two events could be one meeting by everything but whom they name: no
    report of one article in both, and no veto of kind, mode, place or date between them."""
    if not a.article_ids.isdisjoint(b.article_ids):
        return False
    sides_a, sides_b = party_count(a.participants), party_count(b.participants)
    if not kind_groups_meet(a.kind, sides_a, b.kind, sides_b):
        return False
    if gathering_relation(a.kind, a.gathering_topics, b.kind, b.gathering_topics, settings) is None:
        return False
    if mode_factor(a.mode, b.mode, settings) is None:
        return False
    if place_factor(a.location, b.location, settings) is None:
        return False
    if a.date == b.date and a.parts_of_day and b.parts_of_day and a.parts_of_day.isdisjoint(
        b.parts_of_day
    ):
        return False
    spans_a, _ = _event_spans(a, settings)
    spans_b, _ = _event_spans(b, settings)
    return any(
        max(0, lo_b - hi_a, lo_a - hi_b) <= settings.max_day_gap
        for lo_a, hi_a in spans_a
        for lo_b, hi_b in spans_b
    )


def can_merge(candidate: Candidate, a: EventState, b: EventState, settings: DedupSettings) -> bool:
    """Whether `candidate`, matching both events, shows them to be one meeting.

    The events must be compatible with each other (`events_compatible`). Their people
    must either match each other too, or the candidate must name more people than both
    together: {Biden, Stoltenberg} and {Biden, Kishida} are parts of the twelve-leader
    call a report lists in full, but a report naming just {Modi, Putin, Zelensky} is as
    likely Modi's two separate calls run together, and those stay apart. Two reports of
    one named gathering's sitting (see `score_factors`) are one meeting whoever they name.
    """
    if not events_compatible(a, b, settings):
        return False
    if _same_gathering(a, b, settings):
        return True
    if participant_factor(a.participant_keys, b.participant_keys, settings) is not None:
        return True
    _, shared = match_participants(a.participant_keys, b.participant_keys, settings)
    return len(candidate.participants) > len(a.participants) + len(b.participants) - shared
