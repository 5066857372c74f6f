"""Counterparts of different sides named in one list: one bilateral each.

"The minister held talks with his counterparts from A, B and C" tells three meetings,
the minister with each side (ANNOTATION.md, "How many events"); "talks with the
president and the foreign minister of A" is one, since both are of one side. Words
that join the list into one table ("trilateral", "together", "joint") keep one meeting.
"""

from __future__ import annotations

import re

from parley.extract.dates import DateFinding
from parley.extract.draft import COMPAT, Draft, same_day
from parley.extract.mention import Mention
from parley.extract.triggers import Trigger
from parley.model import Participant

__all__ = ["same_sides", "split_by_side"]

# A list read as one table, or a gathering rather than a run of bilaterals.
_ONE_TABLE = re.compile(
    r"\b(?:trilateral|tripartite|three-way|four-way|quadrilateral|multilateral|joint|jointly"
    r"|together|both|all\s+(?:three|four|five|of them)|the\s+(?:three|four|five)|summit|round\s?table"
    r"|forum|mediat\w*|dinner|lunch|luncheon|breakfast|banquet"
    r"|t(?:ake|ook|akes|aking)\s+part|participat\w*|(?:hosted|convened|chaired|organi[sz]ed)\s+by"
    # "with leaders including A and B": some of a gathering's members
    r"|(?:leaders|heads of state|presidents|ministers|officials)\s+(?:[\w-]+\s+){0,2}?including"
    # "hosted an emergency meeting with A and B": a meeting the host called, one table
    r"|(?:hosted|convened|chaired|called)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?meeting)\b"
)

_ALL_OF_THEM = re.compile(r"\s*(?:They|The (?:three|four|five|six) (?:\w+ )?(?:ministers|leaders|sides))\b")
# "Among the foreign ministers who paid a call on X were A and B", "Those who met X
# included A and B": the list after the copula, the one they met before it
_WHO_MET = re.compile(r"\W*(?:among\s+)?(?:those|the\s+(?:[\w-]+\s+){0,3}?\w+)\s+who\b")
_COPULA = re.compile(r"\b(?:were|are|included|include|includes)\b")
# "on the sidelines of the summit": the gathering the bilaterals were held beside
_BESIDE = re.compile(r"\b(?:sidelines|margins|fringes?)\s+of\s+[^,;]*")
# "was received by", "were welcomed at": the one named after the verb is the host
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:received|hosted|welcomed|met)\b"
)
_CALL_VERB = re.compile(r"(?:spoke|speaks|spoken|talked|talks|phoned|phones|called|calls)\b")
# What keeps a later name out of the list: it places the meeting ("at the residence
# of B's ambassador") or names who arranged it ("brokered by B's president").
_NOT_LISTED = re.compile(
    r"\b(?:at|by|between|meetings?|on behalf of|aide to|adviser to)\b|\b(?:residence|embassy|consulate|home|office)\b"
)


def _coordinated(
    in_sentence: list[Mention], listed: list[Participant], sentence_start: int, fs: str
) -> bool:
    """Whether the parties after the meeting word are counterparts: no mention is
    parted from the one before by words that place the meeting or name who arranged
    it ("at the residence of B's ambassador")."""
    spans = sorted(
        {(m.start, m.end) for m in in_sentence if m.participant in listed}, key=lambda se: se
    )
    reach = -1
    for start, end in spans:
        if reach >= 0 and start > reach:
            gap = fs[reach - sentence_start : start - sentence_start]
            if _NOT_LISTED.search(gap) is not None:
                return False
        reach = max(reach, end)
    return True


def _side(p: Participant) -> str | None:
    if p.country or p.org:
        return p.country or p.org
    if p.name and p.role and _ENVOY.search(p.role):
        # a list of envoys is a list of states, even where the state is not told
        return f"envoy:{p.name}"
    return None


_ENVOY = re.compile(r"\b(?:Ambassador|High Commissioner|Envoy|Nuncio|Charg)", re.I)


def split_by_side(
    parts: list[Participant],
    in_sentence: list[Mention],
    sentence_start: int,
    trig: Trigger,
    fs: str,
    after: str = "",
) -> list[list[Participant]]:
    """The meetings a sentence's parties make: one per side named after the meeting
    word when its subject is one side and the list names two or more others.

    Parties not named in the sentence (a pronoun's subject carried over) count as the
    subject. Any party after the meeting word with no country or organisation keeps
    the sentence one meeting: its side cannot be told.
    """
    if trig.kind not in ("meeting", "talks", "call") or len(parts) < 3:
        return [parts]
    if _ONE_TABLE.search(_BESIDE.sub("", fs)) or _PASSIVE.search(fs, 0, trig.end + 1):
        return [parts]
    if _ALL_OF_THEM.match(after):
        # "X met his counterparts from A, B and C. They reaffirmed ...": what the next
        # sentence tells of them all, they did at one table
        return [parts]
    if trig.kind == "call" and _CALL_VERB.match(fs, trig.start) is None:
        # "held a call with the leaders of A, B and C": a conference call, one meeting;
        # "spoke with the prime ministers of A and B": one call each
        return [parts]
    at = sentence_start + trig.start
    if _WHO_MET.match(fs) and (copula := _COPULA.search(fs, trig.end)) is not None:
        # "Among the ministers who called on X were A and B": X is the one side, the
        # list follows the copula
        at = sentence_start + copula.start()
    first_seen: dict[Participant, int] = {}
    for m in in_sentence:
        first_seen.setdefault(m.participant, m.start)
    subject = [p for p in parts if first_seen.get(p, -1) < at]
    listed = [p for p in parts if first_seen.get(p, -1) >= at]
    subject_sides = {_side(p) for p in subject}
    if len(subject_sides) != 1 or None in subject_sides:
        return [parts]
    if any(_side(p) is None for p in listed):
        return [parts]
    if not _coordinated(in_sentence, listed, sentence_start, fs):
        return [parts]
    (own,) = subject_sides
    # "met A and B, accompanied by his foreign minister": the subject's own side
    # joins every meeting
    companions = [p for p in listed if _side(p) == own]
    by_side: dict[str, list[Participant]] = {}
    for p in listed:
        side = _side(p)
        if side is not None and side != own:
            by_side.setdefault(side, []).append(p)
    if len(by_side) < 2:
        return [parts]
    return [[*subject, *companions, *group] for group in by_side.values()]


# "held meetings with his counterparts from A and B": the counterparts of one person
_OWN_COUNTERPARTS = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+)?counterparts\b")


def counterparts_subject(
    parts: list[Participant],
    in_sentence: list[Mention],
    sentence_start: int,
    trig: Trigger,
    fs: str,
    subject: Participant | None,
) -> list[Participant]:
    """'The Iranian FM held meetings with his counterparts from A and B', its subject
    named by no title the reader knows: the person the story is about (`subject`, the
    lead of the meeting just reported, else the last person named) heads the list."""
    if subject is None or subject.name is None or _OWN_COUNTERPARTS.search(fs, trig.start) is None:
        return parts
    at = sentence_start + trig.start
    if any(m.start < at and m.participant.name for m in in_sentence):
        return parts
    if any(p.name == subject.name for p in parts):
        return parts
    return [subject, *parts]


def side_named_later(
    drafts: list[Draft], parts: list[Participant], trig: Trigger, found: DateFinding | None
) -> Draft | None:
    """An earlier meeting of a list whose side is now named: "held talks with the
    leaders of A, B and C. ... Meanwhile, he held talks with B's president, X".

    The earlier meeting has the same named people but one, and for that one an
    unnamed side of the same state; that side gives way to the person.
    """
    named = [p for p in parts if p.name]
    if len(named) < 2:
        return None
    names = {p.name for p in named}
    for d in reversed(drafts):
        if (
            d.gathering
            or d.trigger.status != trig.status
            or trig.kind not in COMPAT[d.kind]
        ):
            continue
        if not same_day(found, d):
            continue
        before = {p.name for p in d.participants if p.name}
        newcomers = [p for p in named if p.name not in before]
        if len(newcomers) != 1 or not before < names:
            continue
        person = newcomers[0]
        unnamed = [
            p
            for p in d.participants
            if p.name is None and p.country and p.country == person.country
        ]
        if len(unnamed) == 1:
            d.participants.remove(unnamed[0])
            return d
    return None


def _sides_of(parts: list[Participant]) -> frozenset[str]:
    """Who a meeting is between: each named person, and each side with no name."""
    return frozenset(p.name if p.name else f"@{p.country or p.org}" for p in parts)


def same_sides(
    drafts: list[Draft], group: list[Participant], trig: Trigger, found: DateFinding | None
) -> Draft | None:
    """An earlier meeting between exactly these sides, of a compatible sort, on no
    other day: a list told twice in one article ("X received the new ambassadors of A
    and B" in the lead and again under the date line) is one meeting per side, not two
    (ANNOTATION.md: a later mention of the same people and the same kind of meeting in
    the same article is the same meeting)."""
    sides = _sides_of(group)
    for d in reversed(drafts):
        if (
            not d.gathering
            and d.trigger.status == trig.status
            and trig.kind in COMPAT[d.kind]
            and same_day(found, d)
            and _sides_of(d.participants) == sides
        ):
            return d
    return None
