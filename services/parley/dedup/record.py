"""MeetingEvent v1 and MeetingMention v1 records, and the plain-dict form of a report.

A report (Candidate) becomes a plain JSON dict, a "member" of its event, which updates
the event's summary (see `summary`) and becomes one MeetingMention record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import orjson

from parley.dedup.dates import day_ordinal
from parley.dedup.text import fold
from parley.knowledge.gazetteer import on_map
from parley.model import Candidate

__all__ = [
    "CONTENT_FIELDS",
    "ENVELOPE_FIELDS",
    "MENTION_SCHEMA",
    "RECORD_MAX_BYTES",
    "SCHEMA",
    "bounded_candidate",
    "build_mention",
    "build_record",
    "content_digest",
    "fit_record",
    "make_event_id",
    "member_from_candidate",
    "record_content",
]

SCHEMA = "parley.meeting_event/1"
MENTION_SCHEMA = "parley.meeting_mention/1"
#: No record is published larger than this (Kafka's default max.message.bytes is 1 MB;
#: a compacted topic's consumers read every record, so they stay far below it).
RECORD_MAX_BYTES = 64 * 1024
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
# A mention is one sentence; a longer "sentence" is an extraction slip, not provenance.
MENTION_EVIDENCE_MAX = 2000
# Contract extensions (optional in MeetingEvent v1): always written by this version.
EXTENSION_FIELDS = ("source_count",)


def make_event_id(article_id: str, index: int, epoch: int = 0) -> str:
    """The id of the event a report creates: the same whenever that report is replayed
    within one identity epoch (dedup/seen.py); epoch 0 keeps the ids of earlier versions."""
    name = f"{article_id}:{index}" if epoch == 0 else f"{article_id}:{index}:{epoch}"
    digest = hashlib.blake2b(name.encode(), digest_size=8).hexdigest()
    return "evt_" + digest


def _country(code: str | None) -> str | None:
    # The record promises ISO 3166-1 alpha-2; anything else is as good as unknown.
    code = (code or "").strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def bounded_candidate(candidate: Candidate) -> Candidate:
    """`candidate` with its evidence cut to MENTION_EVIDENCE_MAX characters.

    The worker sends candidates through a topic: a "sentence" as long as a 1 MB body
    without full stops would make a record the brokers refuse. Dedup cuts evidence the
    same way (member_from_candidate), so cutting before the topic changes nothing.
    """
    src = candidate.source
    if len(src.evidence or "") <= MENTION_EVIDENCE_MAX:
        return candidate
    return replace(candidate, source=replace(src, evidence=src.evidence[:MENTION_EVIDENCE_MAX]))


def member_from_candidate(candidate: Candidate, article_id: str, index: int) -> dict[str, Any]:
    """The JSON-ready form of one report, as its event keeps it.

    A malformed date counts as no date, a date without precision as a day, and a
    country that is not two letters as unknown, so no record can break its schema.
    """
    loc = candidate.location
    src = bounded_candidate(candidate).source
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
    """A short hash of what a record shows but its count, kept in state to tell whether a
    report changed anything besides `source_count` (see the engine's coalescing)."""
    shown = {k: v for k, v in content.items() if k not in EXTENSION_FIELDS}
    text = orjson.dumps(shown, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def build_record(
    content: Mapping[str, Any],
    *,
    event_id: str,
    version: int,
    first_seen_at: str,
    updated_at: str,
    merged_into: str | None = None,
    max_bytes: int = RECORD_MAX_BYTES,
) -> dict[str, Any]:
    """The MeetingEvent v1 record, fields in CONTRACT.md order, then the extensions.

    `source_count` (a contract extension) is the number of reports merged into the
    event, of which `sources` lists the earliest 20. `merged_into` is present only on
    the last record of an event absorbed into another. A record that would encode to
    more than `max_bytes` is cut to fit (see `fit_record`) and says `truncated: true`.
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
    for name in EXTENSION_FIELDS:
        if name in content:
            record[name] = content[name]
    if merged_into is not None:
        record["merged_into"] = merged_into
    return fit_record(record, max_bytes)


def _size(record: Mapping[str, Any]) -> int:
    return len(orjson.dumps(record))


def fit_record(record: dict[str, Any], max_bytes: int = RECORD_MAX_BYTES) -> dict[str, Any]:
    """`record` if it encodes to at most `max_bytes`, else a copy cut to fit.

    Cuts, in order, until it fits: evidence sentences to 200 characters, then the
    latest sources, then the least reported participants and the rarest topics, then
    every evidence; the cut record carries `"truncated": true`. The summaries keep
    every list bounded, so this is a last guard that a broker never refuses a record
    for its size (a refused record would stall the single dedup partition).
    """
    if _size(record) <= max_bytes:
        return record
    cut: dict[str, Any] = {**record, "truncated": True}
    cut["sources"] = [{**s, "evidence": (s.get("evidence") or "")[:200]} for s in record["sources"]]
    for name in ("sources", "participants", "topics"):
        while len(cut[name]) > 1 and _size(cut) > max_bytes:
            cut[name] = cut[name][: len(cut[name]) // 2]
    if _size(cut) > max_bytes:
        cut["sources"] = [{**s, "evidence": ""} for s in cut["sources"]]
        cut["participants"], cut["topics"] = cut["participants"][:1], cut["topics"][:1]
    return cut


def build_mention(
    member: Mapping[str, Any], *, event_id: str, event_version: int, mentioned_at: str
) -> dict[str, Any]:
    """The MeetingMention v1 record of one report: which event it went into, as of which
    version, with its source and evidence (cut as in the event's `sources`)."""
    src = member["source"]
    return {
        "schema": MENTION_SCHEMA,
        "event_id": event_id,
        "event_version": event_version,
        "article_id": src["article_id"],
        "candidate_index": int(member["index"]),
        "url": src.get("url"),
        "source": src.get("source"),
        "published_at": src.get("published_at"),
        "evidence": (src.get("evidence") or "")[:MENTION_EVIDENCE_MAX],
        "confidence": round(float(member["confidence"]), 3),
        "mentioned_at": mentioned_at,
    }


def record_content(record: Mapping[str, Any]) -> dict[str, Any]:
    """What a record says about the meeting: everything but schema and envelope."""
    return {name: record[name] for name in CONTENT_FIELDS}
