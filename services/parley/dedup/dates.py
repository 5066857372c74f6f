"""Calendar arithmetic on the date strings of candidates and records.

Dates are handled as proleptic ordinals (`date.toordinal`) so that gaps are plain
integer differences. Malformed strings count as unknown instead of raising: one bad
date from the extractor must not stop the stream.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from functools import lru_cache

__all__ = ["date_range", "day_key", "day_ordinal", "instant_key", "published_day"]


@lru_cache(maxsize=4096)
def day_ordinal(value: str | None) -> int | None:
    """The ordinal of a `YYYY-MM-DD` string, or None when absent or malformed."""
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def day_key(ordinal: int) -> str:
    """The `YYYY-MM-DD` string of an ordinal."""
    return date.fromordinal(ordinal).isoformat()


@lru_cache(maxsize=4096)
def date_range(value: str | None, precision: str | None) -> tuple[int, int] | None:
    """First and last day a dated report can mean: the day, its ISO week, or its month."""
    ordinal = day_ordinal(value)
    if ordinal is None:
        return None
    if precision == "week":
        # Whichever day of the week the extractor chose, the meeting is somewhere in it.
        start = ordinal - date.fromordinal(ordinal).weekday()
        return start, start + 6
    if precision == "month":
        day = date.fromordinal(ordinal)
        first = day.replace(day=1).toordinal()
        return first, first + calendar.monthrange(day.year, day.month)[1] - 1
    return ordinal, ordinal


def published_day(published_at: str | None) -> str | None:
    """The calendar day of a publication time as the publisher wrote it (local date)."""
    if not published_at:
        return None
    day = published_at[:10]
    return day if day_ordinal(day) is not None else None


@lru_cache(maxsize=4096)
def instant_key(published_at: str | None) -> str:
    """A sortable UTC form of a publication time; "" when absent or malformed.

    Plain string order is wrong across offsets (09:00+02:00 is before 08:00Z).
    """
    if not published_at:
        return ""
    try:
        moment = datetime.fromisoformat(published_at)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
