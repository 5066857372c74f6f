"""The final pass over an article's meetings: attendees, places, kinds, Candidates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from parley.extract.draft import Draft, Report, add_participant, domestic
from parley.extract.gate import Gated
from parley.extract.kind import KindEvidence, decide_kind
from parley.extract.lexicon import Hit
from parley.extract.places import location_of
from parley.extract.topics import topics_of
from parley.extract.visits import Encounter, destinations, visit_roles
from parley.knowledge import KnowledgeBase
from parley.knowledge.leaders import leader_of
from parley.model import Article, Candidate, Location, Participant, SourceRef
from parley.translate import lower

__all__ = [
    "VISITING",
    "candidate_of",
    "city_of",
    "finish",
    "on_trip",
    "place_of",
    "ranker",
    "with_attendees",
]


_BESIDE = re.compile(r"\b(?:sidelines|margins|fringes)\b")


def ranker(kb: KnowledgeBase) -> Callable[[Participant], int]:
    def rank(p: Participant) -> int:
        role = kb.roles.get(p.role or "")
        return role.rank if role is not None else 9

    return rank


def with_attendees(
    drafts: list[Draft],
    where: Callable[[Draft], Location | None],
    rank: Callable[[Participant], int],
) -> list[Draft]:
    """Gatherings count who met beside them; gatherings with nobody known are dropped.

    Leaders who held talks on a summit's sidelines, or on its days, attended it, and
    reports often name them only there, unless they met in another city. Their
    ministers at those talks did not sit at a leaders' summit; at a ministers'
    meeting (a minister among its own people) they did.
    """
    out: list[Draft] = []
    for d in drafts:
        if d.gathering:
            city = city_of(where(d))
            ceiling = 3 if any(p.name and rank(p) == 3 for p in d.participants) else 2
            for o in drafts:
                if o.gathering or o.trigger.mode != "in_person" or d.trigger.status == "cancelled":
                    continue
                # on its sidelines, whether the summit is told as opening or as held, and
                # even when the talks beside it were called off: both came for it
                beside = any(_BESIDE.search(f) for f in o.folded)
                if o.trigger.status == "cancelled" and not beside:
                    continue
                # on its days, or on its eve by someone who came for it ("hours after
                # Biden landed for the summit")
                first = -1 if any("summit" in f for f in o.folded) else 0
                same_days = (
                    (o.trigger.status == d.trigger.status or first < 0)
                    and d.day is not None
                    and o.day is not None
                    and first <= (o.day - d.day).days <= 1
                )
                elsewhere = city is not None and city_of(where(o)) not in (None, city)
                if (beside or same_days) and not elsewhere:
                    for p in o.participants:
                        if p.name and rank(p) <= ceiling:
                            add_participant(d.participants, p)
            if not d.participants:
                continue
        out.append(d)
    return out


def city_of(place: Location | None) -> str | None:
    return place.city if place is not None else None


# Talks held by a visitor with the host are the visit itself.
VISITING = Gated(
    r"\b(?:visit|visits|visited|visiting|arrived in|arrives in|trip to|tour of)\b",
    "visit",
    "arrive",
    "trip",
    "tour",
)


def on_trip(d: Draft, lead_of_trip: bool) -> bool:
    """Whether a meeting is told as a traveller's: the lead meeting of a report of a trip
    (`lead_of_trip`), or one whose own sentences hold a visit cue."""
    return lead_of_trip or bool(VISITING.search(" ".join(d.folded)))


def place_of(kb: KnowledgeBase, d: Draft, text: str, hits: list[Hit]) -> Location | None:
    if d.trigger.mode != "in_person":
        return None
    # a visit to a state named only as the host: "will visit France, Serbia and Hungary"
    hosts = [p.country for p in d.participants if not p.name and p.country]
    host = hosts[0] if d.kind == "visit" and len(hosts) == 1 else None
    for s, e in d.spans:
        location = location_of(kb, text, hits, s, e)
        if location:
            if host is not None and location.country != host:
                return Location(city=None, country=host, venue=None)
            return location
    return None


def candidate_of(article: Article, d: Draft, kind: str, location: Location | None) -> Candidate:
    trig = replace(d.trigger, kind=kind)
    named = sum(1 for p in d.participants if p.name)
    confidence = min(0.95, 0.4 + 0.3 * trig.strength + 0.1 * min(named, 2) + (0.05 if d.day else 0))
    return Candidate(
        kind=trig.kind,  # type: ignore[arg-type]
        mode=trig.mode,  # type: ignore[arg-type]
        status=trig.status,  # type: ignore[arg-type]
        date=d.day.isoformat() if d.day else None,
        date_precision=d.precision if d.day else None,  # type: ignore[arg-type]
        location=location,
        participants=tuple(d.participants),
        organizer=d.organizer,
        # the grouping's name labels its gathering, so reports of it find each other
        topics=((lower(d.group),) if d.group else ()) + topics_of(d.folded),
        source=SourceRef(
            article_id=article.id,
            url=article.url,
            source=article.source,
            published_at=article.published_at,
            evidence=d.evidence,
        ),
        confidence=round(confidence, 3),
        part_of_day=d.part_of_day,
    )


def finish(report: Report, drafts: list[Draft]) -> list[Candidate]:
    """The Candidates of an article's meetings: attendees added, meetings of no state
    dropped, places read, kinds decided between visit, meeting, talks and summit."""
    kb, text, hits, folded = report.kb, report.text, report.hits, report.folded
    # Each draft's place is read once: summits compare theirs with every other draft's.
    placed: dict[int, Location | None] = {}

    def where(d: Draft) -> Location | None:
        if id(d) not in placed:
            placed[id(d)] = place_of(kb, d, text, hits)
        return placed[id(d)]

    drafts = [
        d
        for d in with_attendees(drafts, where, ranker(kb))
        # a summit is a gathering of states even when only its host is named
        if d.gathering or d.kind == "summit" or not domestic(d.participants)
        # people no state or organisation is known for cannot show a diplomatic meeting
        if any(p.country or p.org for p in d.participants)
    ]
    visiting = bool(VISITING.search(folded[:400]))
    places = [where(d) for d in drafts]
    elsewhere = {p.name for d in drafts if not d.gathering for p in d.participants}
    for d in drafts:
        if d.gathering and d.group:
            # "a communique read by ECOWAS Commission President Omar Touray": the
            # grouping's own officers named in a report of its summit, and at no other
            # meeting of it, were at the summit
            for m in report.mentions:
                p = m.participant
                if p.name and p.org == d.group and not m.former and p.name not in elsewhere:
                    add_participant(d.participants, p)
    for d, place in zip(drafts, places, strict=True):
        if d.gathering and place is not None and place.country and d.day is not None:
            # a summit held in a state has that state's leader at the table, as host
            head = leader_of(kb, place.country, d.day)
            if head is not None and all(p.name != head.name for p in d.participants):
                d.participants.append(Participant(head.name, head.role, head.country, None))
    encounters = [
        Encounter(
            kind=d.kind,
            mode=d.trigger.mode,
            participants=d.participants,
            place=place.country if place else None,
        )
        for d, place in zip(drafts, places, strict=True)
    ]
    summit_trip = any(d.gathering for d in drafts) or "summit" in folded
    roles = visit_roles(kb, encounters, destinations(folded, hits), summit_trip)
    # each meeting's kind, decided once from the evidence of its words and of the trip
    decided = [
        decide_kind(
            KindEvidence(
                said=d.trigger.kind,
                gathering=d.gathering,
                on_trip=d.kind in ("meeting", "talks") and on_trip(d, i == 0 and visiting),
                says_talks=any("talks" in f for f in d.folded),
                visit_role=role,
            )
        )
        for i, (d, role) in enumerate(zip(drafts, roles, strict=True))
    ]
    return [
        candidate_of(report.article, d, kind, place)
        for d, kind, place in zip(drafts, decided, places, strict=True)
    ]
