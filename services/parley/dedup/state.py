"""The JSON layout of an event in the `events` mapping, and what is derived from it.

    events[event_id] = {
        "event_id", "version", "first_seen_at", "updated_at",
        "digest":  hash of the last published content but its count (see the engine),
        "shown_count": source_count of the last published record,
        "summary": the running aggregates of its reports (see `summary`), bounded,
                   packed as one JSON string (see `pack_summary`),
        "view":    the facts matching reads (record fields, tokens, article ids, days),
        "keys":    the day_index keys that list this event (see `index_keys`),
        "horizon": "YYYY-MM-DD" after which, plus the window, the event may expire,
    }

The view repeats part of the summary in the form matching needs, so that scoring an
event never re-reads its aggregates. Every part has a fixed bound but `published_days`
(one entry per day the event was reported on) and `keys` (its days and tokens).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import orjson

from parley.dedup.dates import date_range, day_key, day_ordinal, published_day
from parley.dedup.matching import (
    EventState,
    gathering_tokens,
    is_undated_plan,
    party_count,
    topics_of_tokens,
)
from parley.dedup.participants import index_tokens, person_key
from parley.dedup.summary import add_report, copy_summary, new_summary
from parley.model import Location, Participant

__all__ = [
    "block_key",
    "day_list_key",
    "event_state",
    "event_summary",
    "event_view",
    "horizon",
    "index_days",
    "index_keys",
    "pack_summary",
    "plan_key",
    "week_starts",
]


def event_summary(state: Mapping[str, Any]) -> dict[str, Any]:
    """The summary of a stored event, as a fresh object the caller may change.

    Stored packed (a JSON string, see `pack_summary`); an event stored by an older
    version, with its reports as "members", is summarized from them.
    """
    summary = state.get("summary")
    if isinstance(summary, str):
        parsed: dict[str, Any] = orjson.loads(summary)
        return parsed
    if summary is not None:
        return copy_summary(summary)
    built = new_summary()
    members: Sequence[Mapping[str, Any]] = state["members"]
    for m in sorted(members, key=lambda m: (str(m["article_id"]), int(m["index"]))):
        built = add_report(built, m, published_day(m["source"].get("published_at")))
    return built


def pack_summary(summary: Mapping[str, Any]) -> str:
    """The stored form of a summary: one JSON string instead of a tree of small dicts.

    Tens of thousands of events sit in the table, and a summary is read only when a
    report joins its event: as one string it takes a fraction of the memory of the
    parsed tree (every small dict costs a few hundred bytes), and parsing it on a join
    is the copy a join needs anyway.
    """
    return orjson.dumps(summary).decode("utf-8")


def event_view(content: Mapping[str, Any], summary: Mapping[str, Any]) -> dict[str, Any]:
    """The matching view of an event from its record content and summary."""
    keys = [person_key(Participant(**p)) for p in content["participants"]]
    return {
        # A summit is also found by its topics, one of which may name its group.
        "tokens": sorted(index_tokens(keys) | gathering_tokens(content["kind"], content["topics"])),
        # The latest reports' articles: a second meeting of the same article must not
        # join this one (see match_score), and that article is always among the latest.
        "articles": sorted({r.rsplit("#", 1)[0] for r in summary["recent"]}),
        "kind": content["kind"],
        "mode": content["mode"],
        "status": content["status"],
        "date": content["date"],
        "date_precision": content["date_precision"],
        "location": content["location"],
        "participants": content["participants"],
        "parties": party_count(content["participants"]),
        "published_days": list(summary["days"]),
        "parts_of_day": list(summary["parts"]),
    }


def event_state(view: Mapping[str, Any], event_id: str) -> EventState:
    """The EventState of a stored view."""
    loc = view["location"]
    return EventState(
        kind=view["kind"],
        mode=view["mode"],
        status=view["status"],
        date=view["date"],
        date_precision=view["date_precision"],
        location=None if loc is None else Location(loc["city"], loc["country"], loc["venue"]),
        participants=tuple(Participant(**p) for p in view["participants"]),
        published_days=tuple(view["published_days"]),
        article_ids=frozenset(view["articles"]),
        event_id=event_id,
        gathering_topics=topics_of_tokens(view["tokens"]),
        parts_of_day=frozenset(view.get("parts_of_day", ())),
    )


def _plan_origins(view: Mapping[str, Any]) -> list[int]:
    # The publication days an undated announcement counts its horizon from.
    if not is_undated_plan(view["status"], view["date"]):
        return []
    return sorted(o for o in map(day_ordinal, view["published_days"]) if o is not None)


def index_days(view: Mapping[str, Any]) -> list[str]:
    """The day_index days of an event: every day its date may mean, else its reports' days.

    Empty for an event with neither: no report can ever be compared with it.
    """
    span = date_range(view["date"], view["date_precision"] or "day")
    if span is not None:
        return [day_key(o) for o in range(span[0], span[1] + 1)]
    return list(view["published_days"])


def week_starts(lo: int, hi: int) -> list[int]:
    """The Monday ordinals of the ISO weeks that days lo..hi touch."""
    first = lo - date.fromordinal(lo).weekday()
    return list(range(first, hi + 1, 7))


def block_key(day: str, token: str) -> str:
    """The day_index key of the events of `day` that carry participant token `token`."""
    return f"{day}|{token}"


def plan_key(week: str, token: str) -> str:
    """The day_index key of undated announcements whose horizon touches the ISO week
    starting `week` and that carry participant token `token`."""
    return f"{week}|~{token}"


#: The plain day list of events is split into this many lists (see `day_list_key`).
DAY_BUCKETS = 32


def day_list_key(day: str, event_id: str) -> str:
    """The key of the plain day list that names `event_id` among the events of `day`.

    One list per day was rewritten whole, to the changelog too, on every event created
    that day: with thousands of events a day each new one wrote tens of KB, and past
    ~45,000 a day the value would outgrow what the brokers accept. Split by event id,
    each list holds a 32nd of the day; expiry still finds them by their day prefix.
    """
    return f"{day}#{zlib.crc32(event_id.encode()) % DAY_BUCKETS:02d}"


def index_keys(
    view: Mapping[str, Any], planned_horizon_days: int, event_id: str | None = None
) -> list[str]:
    """Every day_index key that lists an event: "YYYY-MM-DD" and "YYYY-MM-DD|<token>",
    and for an undated announcement "<Monday>|~<token>" over its horizon.

    The plain day lists all events of that day; expiry reads it, so the last day of an
    event's horizon is always among them. The day-and-token lists are what matching
    reads: a report looks only at events of its days that share a participant token with
    it, a handful instead of the day's hundreds. An announcement's horizon is months
    long, so it is listed by week rather than by day.
    """
    out = []
    days = index_days(view)
    for day in days:
        out.append(day if event_id is None else day_list_key(day, event_id))
        out.extend(block_key(day, token) for token in view["tokens"])
    origins = _plan_origins(view)
    if origins:
        weeks: set[int] = set()
        for origin in origins:
            weeks.update(week_starts(origin, origin + planned_horizon_days))
        for week in sorted(weeks):
            out.extend(plan_key(day_key(week), token) for token in view["tokens"])
        last = day_key(origins[-1] + planned_horizon_days)
        if last not in days:
            out.append(last if event_id is None else day_list_key(last, event_id))
    return out


def horizon(view: Mapping[str, Any], planned_horizon_days: int) -> str | None:
    """The last event-time day an event is about: its date range's end, an undated
    announcement's horizon end, else its last report day."""
    span = date_range(view["date"], view["date_precision"] or "day")
    if span is not None:
        return day_key(span[1])
    origins = _plan_origins(view)
    if origins:
        return day_key(origins[-1] + planned_horizon_days)
    days = view["published_days"]
    return max(days) if days else None
