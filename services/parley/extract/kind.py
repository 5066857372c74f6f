"""A meeting's kind (meeting, talks, visit, summit, call), decided in one place.

The evidence is read where it shows and kept on the meeting's Draft: the kind its
words say (the trigger rule that matched, the call verb, the verb of a side clause:
`said_kind`, `verb_kind`, `noun_kind`), whether it is a gathering of many states
(`gatherings.py`), whether it is told as a traveller's (a visit cue in its sentences, or
the lead of a report of a trip) and, across the report's meetings, whether it is the
main meeting of a visit (`visits.visit_roles`). `decide_kind` weighs them, once, in the
final pass; while sentences are still being read, `working_kind` is the kind so far.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "KindEvidence",
    "decide_kind",
    "mode_of",
    "noun_kind",
    "verb_kind",
    "working_kind",
]

# The visit rule's outcomes (visits.visit_roles): the visitor's meeting with their
# counterpart is the visit; their other meetings on the trip are plain ones.
PRINCIPAL = "principal"
OTHER = "other"


@dataclass(frozen=True, slots=True)
class KindEvidence:
    """What a report says of one meeting that bears on its kind."""

    said: str  # the kind its words say: its trigger's, or its verb's
    gathering: bool  # a summit or ministerial meeting of many states
    on_trip: bool  # told as a traveller's: a visit cue in its sentences or the trip's lead
    says_talks: bool  # one of its sentences calls it talks
    visit_role: str | None  # PRINCIPAL, OTHER, or None where the visit rule does not apply


def working_kind(said: str, gathering: bool) -> str:
    """The kind while the report is still being read: a gathering is a summit."""
    return "summit" if gathering else said


def decide_kind(evidence: KindEvidence) -> str:
    """The meeting's kind, from all the evidence at once.

    A gathering is a summit. A traveller's meeting or talks are the visit. The visit
    rule then names the visitor's meeting with their counterpart the visit, and their
    other meetings talks (if told as talks) or meetings.
    """
    kind = working_kind(evidence.said, evidence.gathering)
    if kind in ("meeting", "talks") and evidence.on_trip:
        kind = "visit"
    if evidence.visit_role == PRINCIPAL:
        return "visit"
    if evidence.visit_role == OTHER:
        return "talks" if evidence.says_talks or kind == "talks" else "meeting"
    return kind


def verb_kind(verb: str) -> str:
    """The kind a verb phrase says: "held talks with" talks, "spoke to" a call, "met" a
    meeting."""
    if "talks" in verb:
        return "talks"
    if verb.startswith(("spoke", "speak", "talk")):
        return "call"
    return "meeting"


def mode_of(kind: str) -> str:
    """The mode a side clause's verb implies by its kind ("spoke to" a call is remote,
    "met" in person); a medium named later refines it (continuations.attach)."""
    return "remote" if kind == "call" else "in_person"


_NOUN_KINDS = {"summit": "summit", "talks": "talks", "visit": "visit"}


def noun_kind(noun: str) -> str:
    """The kind a meeting noun says: "summit", "talks", "visit"; any other is a meeting."""
    return _NOUN_KINDS.get(noun, "meeting")
