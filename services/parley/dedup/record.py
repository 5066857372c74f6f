"""MeetingEvent v1 records, and the plain-dict form in which reports are kept in state.

State lives in faust Tables with JSON values, so a report (Candidate) is kept as a
plain dict, a "member" of its event, and the record is rebuilt from members.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

from parley.dedup.dates import day_ordinal
from parley.dedup.text import fold
from parley.knowledge.gazetteer import on_map
from parley.model import Candidate

__all__ = [
    "CONTENT_FIELDS",
    "ENVELOPE_FIELDS",
    "SCHEMA",
    "build_record",
    "content_digest",
    "make_event_id",
    "member_from_candidate",
    "record_content",
]

SCHEMA = "parley.meeting_event/1"
# What identifies and sequences a record, as opposed to what it says about the meeting.
ENVELOPE_FIELDS = ("event_id", "version", "op", "first_seen_at", "updated_at")
CONTENT_FIELDS = (
    "status",
    "kind",
    "mode",
    "date",
    "date_precision",
    "location",
    "participants",
    "organizer",
    "topics",
    "sources",
    "confidence",
)


def make_event_id(article_id: str, index: int) -> str:
    """The id of the event a report creates: the same whenever that report is replayed."""
    digest = hashlib.blake2b(f"{article_id}:{index}".encode(), digest_size=8).hexdigest()
    return "evt_" + digest


def _country(code: str | None) -> str | None:
    # The record promises ISO 3166-1 alpha-2; anything else is as good as unknown.
    code = (code or "").strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def member_from_candidate(candidate: Candidate, article_id: str, index: int) -> dict[str, Any]:
    """The JSON-ready form of one report, as its event keeps it.

    A malformed date counts as no date, a date without precision as a day, and a
    country that is not two letters as unknown, so no record can break its schema.
    """
    loc = candidate.location
    src = candidate.source
    dated = day_ordinal(candidate.date) is not None
    return {
        "article_id": article_id,
        "index": index,
        "kind": candidate.kind,
        "mode": candidate.mode,
        "status": candidate.status,
        "date": candidate.date if dated else None,
        "date_precision": (candidate.date_precision or "day") if dated else None,
        "location": None
        if loc is None
        else {
            "city": loc.city or None,
            "country": _country(loc.country),
            "venue": loc.venue or None,
        },
        "participants": [
            {
                "name": p.name or None,
                "role": p.role or None,
                "country": _country(p.country),
                "org": p.org or None,
            }
            for p in candidate.participants
        ],
        "organizer": candidate.organizer,
        "topics": list(candidate.topics),
        "part_of_day": candidate.part_of_day,
        "source": {
            # The id the article arrived with is the one idempotency and sources use.
            "article_id": article_id,
            "url": src.url,
            "source": src.source,
            "published_at": src.published_at,
            "evidence": src.evidence,
        },
        "confidence": min(1.0, max(0.0, float(candidate.confidence))),
        # Computed once here: summarizing compares wording on every update of the event.
        "wording": _wording(src.evidence),
    }


def _wording(evidence: str) -> str | None:
    folded = fold(evidence or "")
    if not folded:
        return None
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


def content_digest(content: Mapping[str, Any]) -> str:
    """A short hash of record content, kept in state to tell whether a report added anything."""
    text = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def build_record(
    content: Mapping[str, Any],
    *,
    event_id: str,
    version: int,
    first_seen_at: str,
    updated_at: str,
    merged_into: str | None = None,
) -> dict[str, Any]:
    """The MeetingEvent v1 record, fields in CONTRACT.md order.

    `merged_into` (a contract extension) is present only on the last record of an event
    absorbed into another; every other record is exactly as CONTRACT.md lists it.
    """
    record: dict[str, Any] = {
        "schema": SCHEMA,
        "event_id": event_id,
        "version": version,
        "op": "created" if version == 1 else "updated",
    }
    for name in CONTENT_FIELDS:
        record[name] = content[name]
    record["location"] = on_map(record["location"])  # published only: state keeps none
    record["first_seen_at"] = first_seen_at
    record["updated_at"] = updated_at
    if merged_into is not None:
        record["merged_into"] = merged_into
    return record


def record_content(record: Mapping[str, Any]) -> dict[str, Any]:
    """What a record says about the meeting: everything but schema and envelope."""
    return {name: record[name] for name in CONTENT_FIELDS}
