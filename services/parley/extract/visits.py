"""Which in-person meeting is the visit itself.

A bilateral visit has one main meeting: the visitor with their counterpart in the host
country (a president with the host's first leader, a foreign minister with the host's
foreign minister, the head of an international organisation with the host's leader).
That meeting is the `visit`, whatever verb the report uses ("held talks", "received");
the visitor's other meetings on the trip are meetings or talks. This module tells which
role each meeting plays; kind.decide_kind turns that into its kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parley.extract.gate import Gated
from parley.extract.kind import OTHER, PRINCIPAL
from parley.extract.lexicon import Hit
from parley.knowledge import KnowledgeBase
from parley.model import Participant

__all__ = ["Encounter", "destinations", "visit_roles"]

_FOREIGN = frozenset({"Foreign Minister", "Foreign Secretary", "Secretary of State"})
_DEFENCE = frozenset({"Defence Minister", "Defence Secretary", "Secretary of Defense"})
# Searched only in the few words before a place name, and only where they hold a
# travel word: gating on the whole article instead cost ten scans of it.
_TRAVEL = Gated(
    r"(?:\bvisit(?:s|ed|ing)?(?:\s+to)?|\barriv(?:ed|es|ing)\s+in|\btrip\s+to|\btour\s+of"
    r"|\btravel(?:l?ed|s|l?ing)?\s+to|\bfl(?:ew|ies|y)\s+to|\blanded\s+in|\bstop\s+in)"
    r"\s+(?:the\s+)?$",
    *("visit", "arriv", "trip", "tour", "travel", "flew", "flies", "fly", "landed", "stop"),
)


@dataclass(frozen=True, slots=True)
class Encounter:
    """What the rule needs to know of one extracted meeting."""

    kind: str  # its kind so far (Draft.kind)
    mode: str
    participants: Sequence[Participant]
    place: str | None  # country of the stated location, if any


def destinations(folded_text: str, hits: list[Hit]) -> set[str]:
    """Countries the article says someone travels to ("visit to Japan", "arrived in Hanoi")."""
    out: set[str] = set()
    for h in hits:
        if h.kind in ("country", "capital", "city") and _TRAVEL.search(
            folded_text, max(0, h.start - 30), h.start
        ):
            out.add(h.value)
    return out


def visit_roles(
    kb: KnowledgeBase, meetings: list[Encounter], trips: set[str], summit_trip: bool
) -> list[str | None]:
    """Each meeting's role in a visit: PRINCIPAL (the visit's main meeting), OTHER (a
    visitor's other meeting with the host side), or None (the rule says nothing).

    On a trip made for a summit (`summit_trip`) the host's meetings with the guests
    are meetings or talks, not visits; the words of the report decide.
    """
    if summit_trip:
        return [None for _ in meetings]
    principal_host: dict[tuple[str, str, str], str] = {}
    return [_role(kb, m, trips, principal_host) for m in meetings]


def _role(
    kb: KnowledgeBase,
    m: Encounter,
    trips: set[str],
    principal_host: dict[tuple[str, str, str], str],
) -> str | None:
    if m.mode != "in_person" or m.kind not in ("meeting", "talks", "visit"):
        return None
    sides: dict[str, list[Participant]] = {}
    for p in m.participants:
        side = p.country or p.org
        if side:
            sides.setdefault(side, []).append(p)
    if len(sides) != 2:
        return None
    states = [s for s in sides if s in kb.countries]
    host_side = next((s for s in states if s == m.place), None)
    if host_side is None:
        at = [s for s in states if s in trips]
        host_side = at[0] if len(at) == 1 else None
    if host_side is None:
        return None
    (visitor_side,) = (s for s in sides if s != host_side)
    visitor = _principal(kb, sides[visitor_side])
    host = _principal(kb, sides[host_side])
    if visitor is None or host is None or host.name is None:
        return None
    wanted = _counterpart_class(kb, visitor, visitor_side in kb.countries)
    if wanted is None or _class(kb, host.role) != wanted:
        return OTHER
    # Only the first host of that rank the visitor met is the principal host.
    key = (visitor_side, host_side, wanted)
    first = principal_host.setdefault(key, host.name)
    return PRINCIPAL if first == host.name else OTHER


def _principal(kb: KnowledgeBase, side: list[Participant]) -> Participant | None:
    ranked = [p for p in side if p.role in kb.roles]
    if not ranked:
        return None
    return min(ranked, key=lambda p: kb.roles[p.role or ""].rank)


def _class(kb: KnowledgeBase, role: str | None) -> str | None:
    if role is None or role not in kb.roles:
        return None
    if kb.roles[role].head:
        return "head"
    if role in _FOREIGN:
        return "foreign"
    if role in _DEFENCE:
        return "defence"
    return role


def _counterpart_class(kb: KnowledgeBase, visitor: Participant, state: bool) -> str | None:
    # The head of an international organisation is received by the host's leader.
    return _class(kb, visitor.role) if state else "head"
