"""Candidates as plain JSON-able dicts, for the internal topic between the stages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from parley.model import Candidate, Location, Participant, SourceRef

__all__ = ["candidate_from_dict", "candidate_to_dict"]


def candidate_to_dict(c: Candidate) -> dict[str, Any]:
    """A Candidate as nested dicts and lists only."""
    return asdict(c)


def candidate_from_dict(d: dict[str, Any]) -> Candidate:
    """The inverse of candidate_to_dict."""
    loc = d.get("location")
    return Candidate(
        kind=d["kind"],
        mode=d["mode"],
        status=d["status"],
        date=d["date"],
        date_precision=d["date_precision"],
        location=Location(**loc) if loc else None,
        participants=tuple(Participant(**p) for p in d["participants"]),
        organizer=d["organizer"],
        topics=tuple(d["topics"]),
        source=SourceRef(**d["source"]),
        confidence=float(d["confidence"]),
        part_of_day=d.get("part_of_day"),
    )
