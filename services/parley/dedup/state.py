"""The JSON layout of an event in the `events` mapping, and what is derived from it.

    events[event_id] = {
        "event_id", "version", "first_seen_at", "updated_at",
        "digest":  hash of the last published content (nothing new -> nothing published),
        "members": [report dicts, sorted by (article_id, index)],
        "view":    the facts matching reads (record fields, tokens, article ids, days),
        "keys":    the day_index keys that list this event (see `index_keys`),
        "horizon": "YYYY-MM-DD" after which, plus the window, the event may expire,
    }

The view repeats part of the members in the form matching needs, so that scoring an
event never re-summarizes its reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from parley.dedup.dates import date_range, day_key, published_day
from parley.dedup.matching import EventState
from parley.dedup.participants import index_tokens, person_key
from parley.model import Location, Participant

__all__ = ["block_key", "event_state", "event_view", "horizon", "index_days", "index_keys"]


def event_view(content: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The matching view of an event from its record content and reports."""
    keys = [person_key(Participant(**p)) for p in content["participants"]]
    days = {published_day(m["source"].get("published_at")) for m in members}
    return {
        "tokens": sorted(index_tokens(keys)),
        "articles": sorted({str(m["article_id"]) for m in members}),
        "kind": content["kind"],
        "mode": content["mode"],
        "status": content["status"],
        "date": content["date"],
        "date_precision": content["date_precision"],
        "location": content["location"],
        "participants": content["participants"],
        "published_days": sorted(d for d in days if d),
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
    )


def index_days(view: Mapping[str, Any]) -> list[str]:
    """The day_index keys of an event: every day its date may mean, else its reports' days.

    Empty for an event with neither: no report can ever be compared with it.
    """
    span = date_range(view["date"], view["date_precision"] or "day")
    if span is not None:
        return [day_key(o) for o in range(span[0], span[1] + 1)]
    return list(view["published_days"])


def block_key(day: str, token: str) -> str:
    """The day_index key of the events of `day` that carry participant token `token`."""
    return f"{day}|{token}"


def index_keys(view: Mapping[str, Any]) -> list[str]:
    """Every day_index key that lists an event: "YYYY-MM-DD" and "YYYY-MM-DD|<token>".

    The plain day lists all events of that day. The day-and-token lists are what matching
    reads: a report looks only at events of its days that share a participant token with
    it, a handful instead of the day's hundreds.
    """
    out = []
    for day in index_days(view):
        out.append(day)
        out.extend(block_key(day, token) for token in view["tokens"])
    return out


def horizon(view: Mapping[str, Any]) -> str | None:
    """The last event-time day an event is about: its date range's end, else its last report day."""
    span = date_range(view["date"], view["date_precision"] or "day")
    if span is not None:
        return day_key(span[1])
    days = view["published_days"]
    return max(days) if days else None
