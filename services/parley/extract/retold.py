"""One meeting told twice in one article: first by its states, then by its people.

A headline "Estavian, Moranian presidents meet in Tarsk" and a body "President Ana
Lind hosted President Tom Berg in Tarsk" tell one meeting (ANNOTATION.md: a later
mention of the same people and the same kind of meeting in the same article is the
same meeting). Read apart, the headline gives a meeting of two unnamed presidents,
which the body's meeting cannot join in the sentence-by-sentence reading: names are
what it compares. Here a meeting of unnamed sides only gives way to one of the same
article whose sides include all of them, of a compatible sort and status, on no
other day.
"""

from __future__ import annotations

from parley.extract.draft import COMPAT, Draft

__all__ = ["fold_retold"]


def fold_retold(drafts: list[Draft]) -> list[Draft]:
    """`drafts` without the meetings of unnamed sides that another meeting tells with
    its people named."""
    if len(drafts) < 2:
        return drafts
    kept: list[Draft] = []
    for d in drafts:
        teller = _told_by_name(d, drafts) if _unnamed_only(d) else None
        if teller is None:
            kept.append(d)
            continue
        teller.spans.extend(d.spans)
        teller.folded.extend(d.folded)
    return kept


def _unnamed_only(d: Draft) -> bool:
    return (
        not d.gathering and len(d.participants) >= 2 and all(p.name is None for p in d.participants)
    )


def _sides(d: Draft) -> set[str]:
    return {s for p in d.participants if (s := p.country or p.org) is not None}


def _told_by_name(d: Draft, drafts: list[Draft]) -> Draft | None:
    """A meeting with people named whose sides hold all of `d`'s."""
    sides = _sides(d)
    if len(sides) < 2:
        return None
    for e in drafts:
        if (
            e is not d
            and not e.gathering
            and any(p.name for p in e.participants)
            and e.trigger.status == d.trigger.status
            and d.kind in COMPAT[e.kind]
            and (d.day is None or e.day is None or d.day == e.day)
            and sides <= _sides(e)
        ):
            return e
    return None
