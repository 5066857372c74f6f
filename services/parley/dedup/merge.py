"""The content of an event's record as a pure function of the set of its reports.

Members are sorted by (article_id, index) first and every field is chosen by counts
with fixed tie-breaks, so feeding the same articles in any order ends in the same
content; only version, op and the timestamps tell the orders apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from parley.dedup.dates import instant_key
from parley.dedup.participants import unite
from parley.dedup.settings import DedupSettings
from parley.dedup.text import fold
from parley.dedup.votes import top, top_folded

__all__ = ["summarize"]

Member = Mapping[str, Any]

# Among compatible kinds in equal numbers, the one that says more wins.
_KIND_SPECIFICITY = {"visit": 0, "talks": 1, "meeting": 2, "summit": 3, "call": 4}
# A stated medium beats "not in person", which beats nothing; equal-rank ties go in order.
_MODE_RANK = {"in_person": 2, "video": 2, "phone": 2, "remote": 1, "unknown": 0}
_MODE_TIE = {"in_person": 0, "video": 1, "phone": 2, "remote": 3, "unknown": 4}
_PRECISIONS = ("day", "week", "month")
_DEFAULT = DedupSettings()


def _order(m: Member) -> tuple[str, int]:
    return str(m["article_id"]), int(m["index"])


def _timeline(m: Member) -> tuple[bool, str, str, int]:
    # Reports without a publication time sort before all that have one.
    instant = instant_key(m["source"].get("published_at"))
    return instant != "", instant, str(m["article_id"]), int(m["index"])


def _kind(ms: Sequence[Member]) -> str:
    counts = Counter(str(m["kind"]) for m in ms)
    return min(counts, key=lambda k: (-counts[k], _KIND_SPECIFICITY.get(k, 9), k))


def _mode(ms: Sequence[Member]) -> str:
    counts = Counter(str(m["mode"]) for m in ms)
    return min(counts, key=lambda k: (-_MODE_RANK.get(k, 0), -counts[k], _MODE_TIE.get(k, 9), k))


def _date(ms: Sequence[Member]) -> tuple[str | None, str | None]:
    # The most precise reports decide; among them the majority, ties to the earliest.
    for precision in _PRECISIONS:
        dates = Counter(
            str(m["date"]) for m in ms if m["date"] and (m["date_precision"] or "day") == precision
        )
        if dates:
            return min(dates, key=lambda d: (-dates[d], d)), precision
    return None, None


def _location(ms: Sequence[Member]) -> dict[str, Any] | None:
    places = [m["location"] for m in ms if m["location"]]
    city = top_folded(p.get("city") for p in places)
    if city is not None:
        # Country and venue come from the reports that agree on the city.
        places = [p for p in places if p.get("city") and fold(p["city"]) == fold(city)]
    country = top(str(p["country"]).strip().upper() for p in places if p.get("country"))
    venue = top_folded(p.get("venue") for p in places)
    if city is None and country is None and venue is None:
        return None
    return {"city": city, "country": country, "venue": venue}


def _topics(ms: Sequence[Member]) -> list[str]:
    counts: Counter[str] = Counter()
    for m in ms:
        counts.update({t.strip() for t in m["topics"] if t and t.strip()})
    return sorted(counts, key=lambda t: (-counts[t], t))


def _sources(ms: Sequence[Member]) -> list[dict[str, Any]]:
    # One entry per URL: an outlet re-publishing its own story under a new id is not a
    # new source, and keeping the earliest copy makes the choice order-independent.
    first: dict[str, Member] = {}
    for m in ms:
        url = m["source"].get("url")
        slot = f"url:{url}" if url else f"id:{m['article_id']}:{m['index']}"
        if slot not in first or _timeline(m) < _timeline(first[slot]):
            first[slot] = m
    chosen = sorted(first.values(), key=_timeline)
    return [
        {
            "article_id": m["source"]["article_id"],
            "url": m["source"].get("url"),
            "source": m["source"].get("source"),
            "published_at": m["source"].get("published_at"),
            "evidence": m["source"].get("evidence") or "",
        }
        for m in chosen
    ]


def _confidence(ms: Sequence[Member], cap: float) -> float:
    # Reports are independent only across publishers and wording: copies of one outlet,
    # one URL or one wire sentence form one component and count once, at their best.
    if len(ms) == 1:
        return round(min(cap, float(ms[0]["confidence"])), 3)
    parent = list(range(len(ms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, m in enumerate(ms):
        src = m["source"]
        marks = [
            "pub:" + fold(src.get("source") or ""),
            "url:" + (src.get("url") or ""),
            "ev:" + (m.get("wording") or ""),
        ]
        for mark in marks:
            if mark.endswith(":"):
                continue  # absent: links nothing
            if mark in owner:
                parent[root(i)] = root(owner[mark])
            else:
                owner[mark] = i
    best: dict[int, float] = {}
    for i, m in enumerate(ms):
        r = root(i)
        best[r] = max(best.get(r, 0.0), float(m["confidence"]))
    doubt = 1.0
    for c in sorted(best.values()):
        doubt *= 1.0 - c
    return round(min(cap, 1.0 - doubt), 3)


def summarize(members: Sequence[Member], settings: DedupSettings = _DEFAULT) -> dict[str, Any]:
    """The record content (all MeetingEvent fields but the envelope) of a set of reports.

    status follows the latest report (published_at, then article id); kind is the
    majority, ties to the more specific; mode the most specific stated; date the
    majority among the most precise reports, ties to the earliest; location (none for
    calls) the majority city with the country and venue its reports give; participants
    united; organizer the most common; topics by frequency then name; sources one per
    URL by published_at then article id; confidence 1 - prod(1 - c) over independent
    sources, capped.
    """
    if not members:
        raise ValueError("an event has at least one report")
    ms = sorted(members, key=_order)
    kind = _kind(ms)
    date, precision = _date(ms)
    return {
        "status": str(max(ms, key=_timeline)["status"]),
        "kind": kind,
        "mode": _mode(ms),
        "date": date,
        "date_precision": precision,
        "location": None if kind == "call" else _location(ms),
        "participants": unite([m["participants"] for m in ms]),
        "organizer": top_folded(m["organizer"] for m in ms),
        "topics": _topics(ms),
        "sources": _sources(ms),
        "confidence": _confidence(ms, settings.confidence_cap),
    }
