"""Who leads a state at summit level, for 'the leaders of Britain and Germany'.

Many states have both a president and a head of government in the knowledge base; the
one who speaks for the state among leaders (Germany's chancellor, France's president,
Saudi Arabia's crown prince) is a fact of each constitution, kept in leaders.tsv. A
state not in the table is led by its only head in office, if it has just one.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from parley.knowledge.base import KnowledgeBase, Person, _read_table

__all__ = ["leader_of"]

_HEAD_ROLES = ("President", "Prime Minister", "Chancellor", "King", "Queen", "Emir", "Sultan")


@cache
def _offices() -> dict[str, str]:
    return {r["country"]: r["office"] for r in _read_table("leaders.tsv", ("country", "office"))}


def leader_of(kb: KnowledgeBase, country: str, on: date) -> Person | None:
    """The person who led `country` among leaders on `on`, if the knowledge base knows."""
    office = _offices().get(country)
    if office is not None:
        holders = kb.holders(office, country=country, on=on)
        return holders[0] if len({p.name for p in holders}) == 1 else None
    heads = {p.name: p for role in _HEAD_ROLES for p in kb.holders(role, country=country, on=on)}
    return next(iter(heads.values())) if len(heads) == 1 else None
