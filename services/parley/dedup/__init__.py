"""Deduplication: merges the many reports of one real meeting into one MeetingEvent.

Pure Python with no Kafka or faust imports: the `dedup` agent of the stream runs it over
faust Tables (`<app>-candidates` in, `diplomatic.meetings` out) and `parley extract`
runs it over plain dicts.
"""

from __future__ import annotations

from parley.dedup.engine import Deduplicator
from parley.dedup.fingerprint import content_fingerprint
from parley.dedup.matching import EventState, kind_group, match_score, score_factors
from parley.dedup.merge import summarize
from parley.dedup.record import SCHEMA, build_record, make_event_id, record_content
from parley.dedup.settings import DedupSettings

__all__ = [
    "SCHEMA",
    "DedupSettings",
    "Deduplicator",
    "EventState",
    "build_record",
    "content_fingerprint",
    "kind_group",
    "make_event_id",
    "match_score",
    "record_content",
    "score_factors",
    "summarize",
]
