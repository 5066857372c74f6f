"""A two-leader phone call as a Candidate, for the tests of dedup's clock and memory."""

from __future__ import annotations

from parley.model import Candidate, Participant, SourceRef

__all__ = ["call_candidate"]


def call_candidate(article: str, day: str) -> Candidate:
    """Biden's call with Scholz on `day`, as reported by `article` that day."""
    return Candidate(
        kind="call",
        mode="phone",
        status="occurred",
        date=day,
        date_precision="day",
        location=None,
        participants=(
            Participant("Joe Biden", "President", "US"),
            Participant("Olaf Scholz", "Chancellor", "DE"),
        ),
        organizer=None,
        topics=(),
        confidence=0.8,
        source=SourceRef(article, None, None, f"{day}T10:00:00Z", "Biden spoke to Scholz."),
    )
