"""What an event says, kept as running aggregates that one report updates in O(report).

An event used to keep every report ("member") and re-summarize all of them on each new
one, so the n-th report cost O(n) and the state grew without bound. The summary keeps
instead, as one JSON object:

    n        reports merged
    status   [timeline key, status] of the latest report
    kind, mode, organizer, topics       value -> count
    dates    "precision|YYYY-MM-DD" -> count
    cities   folded city -> {"n", "spell": {spelling: n}, "country": {...}, "venue": {...}}
    nocity   {"country": {...}, "venue": {...}} of places that name no city
    named    folded name -> person group; unnamed: "country|org|role" -> seat group
             (group = {"names", "roles", "countries", "orgs": value -> count, "r": reports})
    sources  the SOURCES_MAX earliest sources, one per URL, with their timeline keys
    marks    hashed publisher/URL/wording mark -> component; best: component -> confidence
    days, parts                         publication days and parts of day seen
    recent   "article_id#index" of the RECENT_MAX latest reports (replays, same article)

`content()` turns it into the record content, choosing every field by counts with the
same tie-breaks as before, so the result is a function of the multiset of reports: it
does not depend on arrival order. Below the caps (RECENT_MAX aside, which only serves
replay detection) it equals what summarizing the full list of reports gives, with one
documented difference: a person named twice in one report under spellings that later
turn out to be one person (a surname and the full name) counts as two mentions, where
the member list counted the report once. Past the caps the value tables keep their
most frequent entries, which is exact for everything a record shows as long as the
dropped values could not win.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import orjson

from parley.dedup.dates import instant_key
from parley.dedup.participants import PersonKey, person_key, unite_groups
from parley.dedup.settings import DedupSettings
from parley.dedup.text import fold
from parley.model import Participant

__all__ = [
    "GROUPS_MAX",
    "MARKS_MAX",
    "RECENT_MAX",
    "SOURCES_MAX",
    "VALUES_MAX",
    "add_report",
    "combine",
    "content",
    "copy_summary",
    "fit_summary",
    "new_summary",
    "timeline",
]

#: The record's `sources`: the earliest this many, one per URL.
SOURCES_MAX = 20
#: Distinct values kept per counted field (topics, spellings, ...); the least counted go.
VALUES_MAX = 32
#: Person and seat groups kept; the least reported go first.
GROUPS_MAX = 64
#: Confidence marks (publisher, URL, wording) remembered for the independence test.
MARKS_MAX = 256
#: Independent source components whose confidence is kept (only the best matter).
COMPONENTS_MAX = 64
#: Latest reports remembered by id, for replays and a multi-meeting article's own check.
RECENT_MAX = 64
#: Evidence sentences are cut to this many characters in the record.
EVIDENCE_MAX = 600
#: A summary encoding to more than this is thinned (see `fit_summary`): with the event's
#: view beside it, the events table's changelog values stay under 64 KiB.
SUMMARY_MAX_BYTES = 40 * 1024

# Among compatible kinds in equal numbers, the one that says more wins.
_KIND_SPECIFICITY = {"visit": 0, "talks": 1, "meeting": 2, "summit": 3, "call": 4}
# A stated medium beats "not in person", which beats nothing; equal-rank ties go in order.
_MODE_RANK = {"in_person": 2, "video": 2, "phone": 2, "remote": 1, "unknown": 0}
_MODE_TIE = {"in_person": 0, "video": 1, "phone": 2, "remote": 3, "unknown": 4}
_PRECISIONS = ("day", "week", "month")
_DEFAULT = DedupSettings()

Member = Mapping[str, Any]
Counts = dict[str, int]


def new_summary() -> dict[str, Any]:
    """The summary of no report at all (content() needs at least one)."""
    return {
        "n": 0,
        "status": None,
        "kind": {},
        "mode": {},
        "organizer": {},
        "topics": {},
        "dates": {},
        "cities": {},
        "nocity": {"country": {}, "venue": {}},
        "named": {},
        "unnamed": {},
        "sources": [],
        "marks": {},
        "best": {},
        "next": 0,
        "days": [],
        "parts": [],
        "recent": [],
    }


def copy_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy: stored values are never mutated (faust records assignments only)."""
    copied: dict[str, Any] = orjson.loads(orjson.dumps(summary))
    return copied


def timeline(m: Member) -> list[Any]:
    """A report's place in publication order; reports without a time sort first."""
    instant = instant_key(m["source"].get("published_at"))
    return [instant != "", instant, str(m["article_id"]), int(m["index"])]


# -- counting --------------------------------------------------------------------------


def _bump(counts: Counts, value: str, by: int = 1) -> None:
    counts[value] = counts.get(value, 0) + by
    if len(counts) > VALUES_MAX:
        # Keep the most counted; the dropped value is the one least able to win.
        loser = min(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        del counts[loser]


def _merge_counts(into: Counts, other: Mapping[str, int]) -> None:
    for value, n in sorted(other.items()):
        _bump(into, value, n)


def _top(counts: Mapping[str, int]) -> str | None:
    """The most common value, ties to the smallest (votes.top over counts)."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _top_folded(counts: Mapping[str, int]) -> str | None:
    """Spellings that fold alike vote together; the winner in its most common spelling."""
    if not counts:
        return None
    if len(counts) == 1:
        return next(iter(counts))
    folded: dict[str, int] = {}
    for value, n in counts.items():
        f = fold(value)
        folded[f] = folded.get(f, 0) + n
    winner = min(folded.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return min(
        ((v, n) for v, n in counts.items() if fold(v) == winner), key=lambda kv: (-kv[1], kv[0])
    )[0]


def _full_name(names: Mapping[str, int]) -> str | None:
    # "Olaf Scholz" is shown even where more reports said only "Scholz".
    if not names:
        return None
    return min(names.items(), key=lambda kv: (-len(fold(kv[0]).split()), -kv[1], kv[0]))[0]


def _mark(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


# -- one report ------------------------------------------------------------------------


def _new_group() -> dict[str, Any]:
    return {"names": {}, "roles": {}, "countries": {}, "orgs": {}, "r": 0}


def _add_person(group: dict[str, Any], p: Mapping[str, Any]) -> None:
    if p.get("name"):
        _bump(group["names"], p["name"])
    if p.get("role"):
        _bump(group["roles"], p["role"])
    if p.get("country"):
        _bump(group["countries"], str(p["country"]).strip().upper())
    if p.get("org"):
        _bump(group["orgs"], p["org"])


def _prune_groups(s: dict[str, Any], keep: int = GROUPS_MAX) -> None:
    total = len(s["named"]) + len(s["unnamed"])
    if total <= keep:
        return
    ranked = sorted(
        [("named", k, g["r"]) for k, g in s["named"].items()]
        + [("unnamed", k, g["r"]) for k, g in s["unnamed"].items()],
        key=lambda t: (t[2], t[0] == "named", t[1]),
    )
    for table, key, _ in ranked[: total - keep]:
        del s[table][key]


@lru_cache(maxsize=1 << 15)
def _slot(
    name: str | None, role: str | None, country: str | None, org: str | None
) -> tuple[str, str]:
    # Which group a participant counts in: its folded name, or its unnamed seat.
    k = person_key(Participant(name, role, country, org))
    if k.name:
        return "named", k.name
    return "unnamed", f"{k.country or ''}|{k.org or ''}|{k.role or ''}"


def _add_participants(s: dict[str, Any], participants: Iterable[Mapping[str, Any]]) -> None:
    touched: set[tuple[str, str]] = set()
    for p in participants:
        where = _slot(p.get("name"), p.get("role"), p.get("country"), p.get("org"))
        table, slot = where
        group = s[table].get(slot)
        if group is None:
            group = s[table][slot] = _new_group()
        _add_person(group, p)
        if where not in touched:
            # A report counts once per person, however often it names them.
            touched.add(where)
            group["r"] += 1
    _prune_groups(s)


def _add_place(s: dict[str, Any], loc: Mapping[str, Any] | None) -> None:
    if not loc:
        return
    city = loc.get("city")
    if city:
        slot = s["cities"].setdefault(fold(city), {"n": 0, "spell": {}, "country": {}, "venue": {}})
        slot["n"] += 1
        _bump(slot["spell"], city)
        where = slot
    else:
        where = s["nocity"]
    if loc.get("country"):
        _bump(where["country"], str(loc["country"]).strip().upper())
    if loc.get("venue"):
        _bump(where["venue"], loc["venue"])
    if len(s["cities"]) > VALUES_MAX:
        loser = min(s["cities"].items(), key=lambda kv: (kv[1]["n"], kv[0]))[0]
        del s["cities"][loser]


def _source_entry(m: Member) -> dict[str, Any]:
    src = m["source"]
    url = src.get("url")
    evidence = src.get("evidence") or ""
    return {
        "slot": f"url:{url}" if url else f"id:{m['article_id']}:{m['index']}",
        "t": timeline(m),
        "source": {
            "article_id": src["article_id"],
            "url": url,
            "source": src.get("source"),
            "published_at": src.get("published_at"),
            "evidence": evidence[:EVIDENCE_MAX],
        },
    }


def _add_source(sources: list[dict[str, Any]], entry: dict[str, Any]) -> list[dict[str, Any]]:
    # The SOURCES_MAX earliest slots by their earliest copy: a slot dropped once was later
    # than all kept ones, and anything arriving later can only raise that bar for it, so
    # the kept set is the same in every arrival order.
    for i, kept in enumerate(sources):
        if kept["slot"] == entry["slot"]:
            if entry["t"] < kept["t"]:
                sources = [*sources[:i], *sources[i + 1 :]]
                break
            return sources
    if len(sources) >= SOURCES_MAX and entry["t"] >= sources[-1]["t"]:
        return sources
    out = sorted([*sources, entry], key=lambda e: e["t"])
    return out[:SOURCES_MAX]


def _link(s: dict[str, Any], marks: list[str], confidence: float) -> None:
    # Union-find over publisher, URL and wording marks, flattened: every mark names its
    # component directly, so a union relabels the absorbed component's marks.
    known = sorted(
        {s["marks"][m] for m in marks if m in s["marks"] and str(s["marks"][m]) in s["best"]}
    )
    if known:
        comp = known[0]
        best = max([confidence, *(s["best"][str(c)] for c in known)])
        for other in known[1:]:
            del s["best"][str(other)]
        if len(known) > 1:
            gone = set(known[1:])
            for mark, c in s["marks"].items():
                if c in gone:
                    s["marks"][mark] = comp
    else:
        comp = s["next"]
        s["next"] += 1
        best = confidence
    s["best"][str(comp)] = best
    for mark in marks:
        if len(s["marks"]) < MARKS_MAX or mark in s["marks"]:
            s["marks"][mark] = comp
    if len(s["best"]) > COMPONENTS_MAX:
        # Only the most confident components can move 1 - prod(1 - c) below the cap.
        loser = min(s["best"].items(), key=lambda kv: (kv[1], int(kv[0])))[0]
        del s["best"][loser]


def _confidence_marks(m: Member) -> list[str]:
    src = m["source"]
    marks = [
        "pub:" + fold(src.get("source") or ""),
        "url:" + (src.get("url") or ""),
        "ev:" + (m.get("wording") or ""),
    ]
    return [_mark(x) for x in marks if not x.endswith(":")]


def _insert_sorted(values: list[str], value: str | None) -> list[str]:
    if not value or value in values:
        return values
    return sorted([*values, value])


def add_report(
    summary: Mapping[str, Any] | None, m: Member, published_day: str | None, *, copy: bool = True
) -> dict[str, Any]:
    """`summary` plus report `m` (a member dict): a new summary, `summary` left as it is,
    unless `copy` is False, which updates and returns `summary` itself (a fresh object
    the caller owns). None starts a new event.

    `published_day` is the report's publication day, which matching compares.
    """
    if summary is None:
        s = new_summary()
    elif copy:
        s = copy_summary(summary)
    else:
        s = summary  # type: ignore[assignment]
    s["n"] += 1
    t = timeline(m)
    if s["status"] is None or t > s["status"][0]:
        s["status"] = [t, str(m["status"])]
    _bump(s["kind"], str(m["kind"]))
    _bump(s["mode"], str(m["mode"]))
    if m["date"]:
        _bump(s["dates"], f"{m['date_precision'] or 'day'}|{m['date']}")
    _add_place(s, m["location"])
    _add_participants(s, m["participants"])
    if m.get("organizer"):
        _bump(s["organizer"], m["organizer"])
    for topic in {t.strip() for t in m["topics"] if t and t.strip()}:
        _bump(s["topics"], topic)
    s["sources"] = _add_source(s["sources"], _source_entry(m))
    _link(s, _confidence_marks(m), float(m["confidence"]))
    s["days"] = _insert_sorted(s["days"], published_day)
    s["parts"] = _insert_sorted(s["parts"], m.get("part_of_day"))
    s["recent"] = [*s["recent"], f"{m['article_id']}#{m['index']}"][-RECENT_MAX:]
    return fit_summary(s)


def _thin(counts: Counts, keep: int) -> None:
    for value, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[keep:]:
        del counts[value]


def fit_summary(s: dict[str, Any], max_bytes: int = SUMMARY_MAX_BYTES) -> dict[str, Any]:
    """`s`, thinned in place until it encodes to at most `max_bytes`.

    The caps bound a summary, but a pathological event (long names in many spellings)
    could still outgrow a changelog record. Each round halves what the record least
    needs: the spellings kept per person, the people, the value tables, the evidence.
    Typical hot meetings stay far below (about 10 KiB at 10,000 reports) and never get
    here, so this costs one size check per update.
    """
    keep = VALUES_MAX
    while len(orjson.dumps(s)) > max_bytes and keep > 1:
        keep //= 2
        for table in ("named", "unnamed"):
            for group in s[table].values():
                for field in ("names", "roles", "countries", "orgs"):
                    _thin(group[field], keep)
        _prune_groups(s, max(8, keep * 2))
        for field in ("kind", "mode", "organizer", "topics", "dates"):
            _thin(s[field], keep)
        for slot in s["cities"].values():
            for field in ("spell", "country", "venue"):
                _thin(slot[field], keep)
        s["marks"] = dict(sorted(s["marks"].items())[: keep * 8])
        s["sources"] = [
            {**e, "source": {**e["source"], "evidence": e["source"]["evidence"][: keep * 16]}}
            for e in s["sources"]
        ]
    return s


def combine(summaries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One summary of the reports of several events (a merge)."""
    parts = list(summaries)
    s = copy_summary(parts[0])
    for other in parts[1:]:
        s["n"] += other["n"]
        if other["status"] is not None and (
            s["status"] is None or other["status"][0] > s["status"][0]
        ):
            s["status"] = other["status"]
        for field in ("kind", "mode", "organizer", "topics", "dates"):
            _merge_counts(s[field], other[field])
        for city, slot in sorted(other["cities"].items()):
            mine = s["cities"].setdefault(city, {"n": 0, "spell": {}, "country": {}, "venue": {}})
            mine["n"] += slot["n"]
            for field in ("spell", "country", "venue"):
                _merge_counts(mine[field], slot[field])
        for field in ("country", "venue"):
            _merge_counts(s["nocity"][field], other["nocity"][field])
        for table in ("named", "unnamed"):
            for key, group in sorted(other[table].items()):
                mine = s[table].setdefault(key, _new_group())
                mine["r"] += group["r"]
                for field in ("names", "roles", "countries", "orgs"):
                    _merge_counts(mine[field], group[field])
        _prune_groups(s)
        for entry in other["sources"]:
            s["sources"] = _add_source(s["sources"], entry)
        # Each component of the other event joins whichever of ours shares a mark with
        # it, or becomes a new one: the partition is the union-find's over both.
        for comp, best in sorted(other["best"].items(), key=lambda kv: int(kv[0])):
            marks = sorted(mk for mk, c in other["marks"].items() if c == int(comp))
            _link(s, marks, best)
        for day in other["days"]:
            s["days"] = _insert_sorted(s["days"], day)
        for part in other["parts"]:
            s["parts"] = _insert_sorted(s["parts"], part)
        s["recent"] = [*s["recent"], *other["recent"]][-RECENT_MAX:]
    return fit_summary(s)


# -- the record content ----------------------------------------------------------------


def _kind(counts: Mapping[str, int]) -> str:
    return min(counts, key=lambda k: (-counts[k], _KIND_SPECIFICITY.get(k, 9), k))


def _mode(counts: Mapping[str, int]) -> str:
    return min(counts, key=lambda k: (-_MODE_RANK.get(k, 0), -counts[k], _MODE_TIE.get(k, 9), k))


def _date(counts: Mapping[str, int]) -> tuple[str | None, str | None]:
    # The most precise reports decide; among them the majority, ties to the earliest.
    for precision in _PRECISIONS:
        dates = {
            k.split("|", 1)[1]: n for k, n in counts.items() if k.split("|", 1)[0] == precision
        }
        if dates:
            return min(dates, key=lambda d: (-dates[d], d)), precision
    return None, None


def _location(s: Mapping[str, Any]) -> dict[str, Any] | None:
    cities = s["cities"]
    if cities:
        # Folded cities vote, then the winner's own most common spelling is shown; its
        # country and venue come from the reports that agree on the city.
        folded = min(cities.items(), key=lambda kv: (-kv[1]["n"], kv[0]))[0]
        slot = cities[folded]
        city = _top(slot["spell"])
    else:
        city, slot = None, s["nocity"]
    country = _top(slot["country"])
    venue = _top_folded(slot["venue"])
    if city is None and country is None and venue is None:
        return None
    return {"city": city, "country": country, "venue": venue}


class _Group:
    """A person or seat while uniting: counts of what reports said, and reports."""

    __slots__ = ("countries", "names", "orgs", "report_count", "roles")

    def __init__(self, g: Mapping[str, Any]) -> None:
        self.names: Counts = dict(g["names"])
        self.roles: Counts = dict(g["roles"])
        self.countries: Counts = dict(g["countries"])
        self.orgs: Counts = dict(g["orgs"])
        self.report_count: int = int(g["r"])

    def absorb(self, other: _Group) -> None:
        for mine, theirs in (
            (self.names, other.names),
            (self.roles, other.roles),
            (self.countries, other.countries),
            (self.orgs, other.orgs),
        ):
            for value, n in theirs.items():
                mine[value] = mine.get(value, 0) + n
        self.report_count += other.report_count

    def drop_roles(self) -> None:
        self.roles.clear()

    def row(self) -> dict[str, Any]:
        return {
            "name": _full_name(self.names),
            "role": _top_folded(self.roles),
            "country": _top(self.countries),
            "org": _top_folded(self.orgs),
        }

    def key(self) -> PersonKey:
        row = self.row()
        return person_key(Participant(row["name"], row["role"], row["country"], row["org"]))


def _participants(s: Mapping[str, Any]) -> list[dict[str, Any]]:
    # participants.unite's rules over the kept groups instead of mentions: the work
    # grows with the people an event names, not with its reports.
    named = {k: _Group(g) for k, g in s["named"].items()}
    unnamed = {tuple(k.split("|")): _Group(g) for k, g in s["unnamed"].items()}
    return unite_groups(named, unnamed)


def _confidence(s: Mapping[str, Any], cap: float) -> float:
    doubt = 1.0
    for c in sorted(s["best"].values()):
        doubt *= 1.0 - c
    return round(min(cap, 1.0 - doubt), 3)


def content(s: Mapping[str, Any], settings: DedupSettings = _DEFAULT) -> dict[str, Any]:
    """The record content (all MeetingEvent fields but the envelope) of a summary.

    status follows the latest report (published_at, then article id); kind is the
    majority, ties to the more specific; mode the most specific stated; date the
    majority among the most precise reports, ties to the earliest; location (none for
    calls) the majority city with the country and venue its reports give; participants
    united, most reported first; organizer the most common; topics by frequency then
    name; sources the earliest SOURCES_MAX, one per URL, by published_at then article
    id; source_count the reports merged; confidence 1 - prod(1 - c) over independent
    sources, capped.
    """
    if not s["n"]:
        raise ValueError("an event has at least one report")
    kind = _kind(s["kind"])
    date, precision = _date(s["dates"])
    topics = s["topics"]
    return {
        "status": s["status"][1],
        "kind": kind,
        "mode": _mode(s["mode"]),
        "date": date,
        "date_precision": precision,
        "location": None if kind == "call" else _location(s),
        "participants": _participants(s),
        "organizer": _top_folded(s["organizer"]),
        "topics": sorted(topics, key=lambda t: (-topics[t], t)),
        "sources": [e["source"] for e in s["sources"]],
        "confidence": _confidence(s, settings.confidence_cap),
        "source_count": int(s["n"]),
    }
