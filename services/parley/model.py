"""Plain data shared by every stage: the article in, the candidate meeting out.

Nothing here knows about Kafka or faust; the stream, the offline command and the
tests all pass these same frozen objects between the pure stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Article",
    "Candidate",
    "DatePrecision",
    "Kind",
    "Location",
    "Mode",
    "Participant",
    "SourceRef",
    "Status",
]

Kind = Literal["meeting", "talks", "call", "visit", "summit"]
Mode = Literal["in_person", "phone", "video", "remote", "unknown"]
Status = Literal["occurred", "planned", "cancelled"]
DatePrecision = Literal["day", "week", "month"]


@dataclass(frozen=True, slots=True)
class Article:
    """A NewsArticle v1 that passed validation."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    """One side of a meeting: a named person, or a delegation with no name."""

    name: str | None
    role: str | None = None
    country: str | None = None
    org: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    city: str | None = None
    country: str | None = None
    venue: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a candidate came from; becomes one entry of MeetingEvent.sources."""

    article_id: str
    url: str | None
    source: str | None
    published_at: str | None
    evidence: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """One meeting as one article states it, before it is matched to an event."""

    kind: Kind
    mode: Mode
    status: Status
    date: str | None
    date_precision: DatePrecision | None
    location: Location | None
    participants: tuple[Participant, ...]
    organizer: str | None
    topics: tuple[str, ...]
    source: SourceRef
    confidence: float = 0.5
    # "morning", "afternoon" or "evening" when the report says so: two calls of the same
    # people on one day are told apart by it. Internal to the stages, not published.
    part_of_day: str | None = None
