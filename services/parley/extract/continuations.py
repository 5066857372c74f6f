"""Sentences that add to a meeting already read, or tell another in a side clause."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from parley.extract.dates import DateFinding, find_date
from parley.extract.draft import (
    COMPAT,
    Draft,
    Sentence,
    add_participant,
    already_reported,
    domestic,
    near_days,
    same_day,
)
from parley.extract.gate import Gated
from parley.extract.gatherings import opening_day
from parley.extract.kind import mode_of, noun_kind, verb_kind
from parley.extract.meeting_dates import SAME_OCCASION, meeting_date, part_of_day_told
from parley.extract.parties import (
    CLAUSE_END,
    PRONOUN,
    clause_end_at,
    organizer_of,
    sentence_participants,
)
from parley.extract.people import Mention
from parley.extract.triggers import (
    Trigger,
)
from parley.model import Participant

__all__ = [
    "THE_TWO",
    "attach",
    "held_off",
    "meet_again",
    "read_gathering",
    "same_meeting",
    "where_hosted",
    "where_met",
]
_INCLUDES = Gated(
    r"\b(?:included|includes|including|attended|attending|joined|took part|participated|were present|were among|led by|headed by|represented by|part of|"
    r"was present|along with|together with|accompanied by|also present)\b",
    "includ",
    "attend",
    "joined",
    "part",
    "present",
    "among",
    " by",
    "with",
)
# Where a sentence about the meeting just reported turns to something else: "The call,
# described as candid, came as Yellen prepares to travel to China".
_ASIDE = re.compile(
    r"\s+(?:came|comes)\s+(?:as|amid|after|ahead of|before|days|weeks|a day|hours|just)\b"
    # "The call followed a visit to Moscow by Witkoff": another meeting, told for context
    r"|\s+(?:followed|follows|preceded|precedes)\s+(?:a|an|the|his|her|their)\b"
)


_NOT_POSSESSIVE = re.compile(r"\bsummit\b(?!')")


def read_gathering(
    drafts: list[Draft],
    trig: Trigger,
    mentions: list[Mention],
    text: str,
    sentence: Sentence,
    anchor: date | None,
    head_day: date | None,
    group: str | None = None,
) -> None:
    """A sentence about a summit of many states: the gathering's own event, new or known."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    opens = _OPENS.search(fs)
    found = None
    if opens is not None:
        # "... for the G7 summit, which opens Friday": the day it opens
        found = find_date(text[s + opens.end() : e], anchor, future=trig.forward)
    hosting = _WHICH_HOSTS.search(fs, trig.end) if "which" in fs else None
    if found is None and hosting is not None:
        # "the APEC leaders' meeting, which Biden will host on Thursday and Friday"
        found = find_date(text[s + hosting.end() : e], anchor, future=True)
    if found is None:
        found = meeting_date(text, sentence, trig, anchor, None)
    day = opening_day(fs, found.day if found else None)
    for d in reversed(drafts):
        if d.gathering and d.trigger.status == trig.status and near_days(d.day, day):
            # "Trump has cast doubt on the summit's priorities": about it, not at it
            about = fs.startswith("'", trig.end) and not _NOT_POSSESSIVE.search(fs, trig.end)
            attach(d, [] if about else mentions, text, sentence, found=found)
            d.group = d.group or group
            host = organizer_of(mentions, text, s, e)
            if host is not None:
                for m in mentions:
                    if m.participant.name == host:
                        add_participant(d.participants, m.participant)
            return
    precision = found.precision if found and day else None
    if day is None and head_day is not None and trig.status == "occurred":
        day, precision = head_day, "day"
    parts = sentence_participants(mentions, text, s, e, trig, fs)
    if hosting is not None:
        for m in mentions:
            if s + hosting.start() <= m.start < s + hosting.end() and m.participant.name:
                add_participant(parts, m.participant)  # its host sits at it
    if drafts and THE_TWO.search(fs):
        # "the two will be joined by Trudeau for the summit": the two just reported
        for p in drafts[-1].participants:
            add_participant(parts, p)
    drafts.append(
        Draft.told(
            text,
            sentence,
            trig,
            parts,
            organizer=organizer_of(mentions, text, s, e),
            day=day,
            precision=precision,
            gathering=True,
            group=group,
        )
    )


THE_TWO = re.compile(r"\b(?:the two|both)\b(?!-|\s+(?:countries|nations|states|sides)\b)")
_WHICH_HOSTS = re.compile(
    r",\s+which\s+[^,;]{2,60}?\s+(?:will\s+|is\s+to\s+|is\s+due\s+to\s+)?(?:host|hosts|chair|chairs)\b"
)
_OPENS = re.compile(
    r"\b(?:opens|opened|open|begins|began|begin|starts|started|start|kicks off|kicked off"
    r"|gets under way|got under way)\s+(?:on\s+)?(?=\w+day\b|\w+ \d|\d|today|tomorrow|next)"
)


# "after a trip to Moscow, where he met Putin", "Witkoff, who met Putin last week": a
# meeting told inside a clause of a sentence about something else.
_WHERE_MET = re.compile(
    r",?\s+(?:where|during which|at which|who|when)\s+(?:he|she|they)?\s*(?:also\s+)?"
    r"(?P<verb>met(?:\s+with)?|held talks with|held a meeting with|spoke with|spoke to)\s+"
)


_TRIP_BEFORE = re.compile(r"\b(?:visit|trip)\b")
# "He then flies to Doha, where the Emir will receive him": the host is the clause's subject
_WHERE_HOSTED = re.compile(
    r",\s+where\s+(?P<host>[^,;]{3,90}?)\s+(?:will|is to|is due to|is expected to|is set to)\s+"
    r"(?P<verb>receive|meet|host|welcome|hold talks with)\s+(?:him|her|them)\b"
)


# "Trudeau spoke with Trump on Monday and the two were due to speak again at 3 p.m."
_AGAIN = re.compile(
    r"\b(?:to|will|would|agreed to|plan to|planned to|are due to|were due to|is due to)\s+"
    r"(?P<verb>meet|speak|talk|hold talks)\s+again\b"
)
_CLOCK = re.compile(r"\bat\s+\d{1,2}(?::\d\d)?\s*(?:a\.?m|p\.?m)")


def meet_again(
    drafts: list[Draft],
    held: Draft,
    text: str,
    sentence: Sentence,
    trig: Trigger,
    anchor: date | None,
) -> None:
    """A meeting the people just reported agreed to hold again: its own planned event."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    if "again" not in fs:
        return
    m = _AGAIN.search(fs, trig.end)
    if m is None:
        return
    verb = m.group("verb")
    kind = verb_kind(verb)
    mode = mode_of(kind)
    found = find_date(text[s + m.end() : e], anchor, future=True)
    day, precision = (found.day, found.precision) if found else (None, None)
    if day is None and _CLOCK.search(fs, m.end()):
        day, precision = held.day, held.precision  # "again at 3 p.m.": later that day
    drafts.append(
        Draft.told(
            text,
            sentence,
            Trigger(kind, mode, "planned", m.start("verb"), m.end("verb"), 0.75, True),
            list(held.participants),
            part_of_day=part_of_day_told(fs, m.end(), len(fs)),  # "again at 3 p.m."
            day=day,
            precision=precision,
        )
    )


# "A preparatory meeting between Rubio and Lavrov was put on hold after the two spoke
# by phone": the meeting called off is an event besides the call
_HELD_OFF = re.compile(
    r"\b(?P<noun>meeting|summit|talks|visit)\b[^.;]{0,120}?\b(?:put on hold|called off|cancell?ed"
    r"|postponed|shelved|scrapped)\s+(?:\w+\s+)?after\b"
)


def held_off(drafts: list[Draft], call: Draft, text: str, sentence: Sentence) -> None:
    _s, _e, fs = sentence.start, sentence.end, sentence.folded
    m = _HELD_OFF.search(fs)
    if m is None or m.start() > call.trigger.start:
        return
    kind = noun_kind(m.group("noun"))
    drafts.append(
        Draft.told(
            text,
            sentence,
            Trigger(kind, "in_person", "cancelled", m.start("noun"), m.end("noun"), 0.75),
            list(call.participants),
        )
    )


def where_hosted(
    drafts: list[Draft],
    mentions: list[Mention],
    text: str,
    sentence: Sentence,
    anchor: date | None,
    last: Draft | None,
) -> None:
    """'Zelensky flies to London, where Starmer will receive him on Saturday': a visit."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    if "where " not in fs or not ("him" in fs or "her" in fs or "them" in fs):
        return  # a substring test spares the pattern on most sentences
    m = _WHERE_HOSTED.search(fs)
    if m is None:
        return
    hosts = [
        x.participant
        for x in mentions
        if s + m.start("host") <= x.start < s + m.end("host") and x.participant.name
    ]
    before = [x for x in mentions if x.start < s + m.start() and x.participant.name]
    # "He then flies to Doha, where ...": he is who the story follows
    subject = last.participants[0] if last is not None else None
    visitor = before[0].participant if before else subject if PRONOUN.match(fs) else None
    if not hosts or visitor is None:
        return
    parts = [visitor]
    for p in hosts:
        add_participant(parts, p)
    if len(parts) < 2 or domestic(parts) or already_reported(drafts, parts):
        return
    found = find_date(text[s + m.end() : e], anchor, future=True) or find_date(
        text[s : s + m.start()], anchor, future=True
    )
    if found is None and last is not None and last.day and SAME_OCCASION.search(fs):
        # "He then flies to Doha, where ...": later the same day
        found = DateFinding(last.day, last.precision or "day", s, e)
    drafts.append(
        Draft.told(
            text,
            sentence,
            Trigger("visit", "in_person", "planned", m.start("verb"), m.end("verb"), 0.7),
            parts,
            found,
            organizer=hosts[0].name,
        )
    )


def where_met(
    drafts: list[Draft],
    mentions: list[Mention],
    text: str,
    sentence: Sentence,
    anchor: date | None,
    last: Draft | None = None,
) -> None:
    """Add the meeting a relative clause tells, if it is not one reported already.

    `last` is the meeting reported last: its first person is who "he" may be.
    """
    s, e, fs = sentence.start, sentence.end, sentence.folded
    if not ("where " in fs or "which " in fs or "who " in fs or "when " in fs):
        return  # substring tests spare the pattern on most sentences
    m = _WHERE_MET.search(fs)
    if m is None:
        where_hosted(drafts, mentions, text, sentence, anchor, last)
        return
    before = [x for x in mentions if x.start < s + m.start() and x.participant.name]
    stop = CLAUSE_END.search(fs, m.end())
    clause_end = s + stop.start() if stop else e
    met = [
        x.participant
        for x in mentions
        if s + m.end() <= x.start < clause_end and x.participant.name
    ]
    if not before or not met:
        return
    # "he" is the sentence's subject; "who" is the person named just before
    subject = (
        before[-1].participant
        if fs[m.start() : m.end()].lstrip(", ").startswith("who")
        else before[0].participant
    )
    parts = [subject]
    for p in met:
        add_participant(parts, p)
    if len(parts) < 2 or domestic(parts):
        return
    if already_reported(drafts, parts):
        return
    verb = m.group("verb")
    kind = verb_kind(verb)
    mode = mode_of(kind)
    found = find_date(text[s + m.end() : clause_end], anchor, future=False)
    opener = fs[m.start() : m.end()].lstrip(", ")
    if found is None and (
        opener.startswith("where")
        or (opener.startswith("who") and _TRIP_BEFORE.search(fs, max(0, m.start() - 80), m.start()))
    ):
        # "Orban visited Kyiv on Tuesday, where he met Zelensky", "a visit to Moscow last
        # Thursday by Witkoff, who met Putin": the stay's day
        found = find_date(text[s + max(0, m.start() - 80) : s + m.start()], anchor, future=False)
    drafts.append(
        Draft.told(
            text,
            sentence,
            Trigger(kind, mode, "occurred", m.start("verb"), m.end("verb"), 0.7),
            parts,
            found,
        )
    )


def same_meeting(
    drafts: list[Draft], parts: list[Participant], trig: Trigger, found: DateFinding | None
) -> Draft | None:
    """An earlier meeting of exactly these people, of a compatible sort, on no other day."""
    names = {p.name for p in parts if p.name}
    if len(names) < 2:
        return None
    for d in reversed(drafts):
        if (
            not d.gathering
            and {p.name for p in d.participants if p.name} == names
            and d.trigger.status == trig.status
            and trig.kind in COMPAT[d.kind]
            and same_day(found, d)
        ):
            return d
    return None


def attach(
    d: Draft,
    mentions: list[Mention],
    text: str,
    sentence: Sentence,
    trig: Trigger | None = None,
    found: DateFinding | None = None,
) -> None:
    s, e, fs = sentence.start, sentence.end, sentence.folded
    d.folded.append(fs)
    d.spans.append((s, e))
    if _INCLUDES.search(fs) or trig is not None:
        aside = (
            _ASIDE.search(fs)
            if "came " in fs or "comes " in fs or "follow" in fs or "preced" in fs
            else None
        )
        end = s + aside.start() if aside else e
        if trig is not None:
            # "Zarif met Macron for hours, and also briefed British officials": the
            # meeting's clause names its people
            end = min(end, clause_end_at(sentence, trig))
        for p in sentence_participants(mentions, text, s, end):
            add_participant(d.participants, p)
        named = {p.country or p.org for p in d.participants if p.name}
        d.participants[:] = [
            p for p in d.participants if p.name or (p.country or p.org) not in named
        ]
    if d.day is None or (d.assumed and found is not None):
        f = find_date(text[s:e], None, future=False) if found is None else found
        if f is not None:
            d.day = f.day
            d.precision = f.precision
            d.assumed = False
    if d.organizer is None:
        d.organizer = organizer_of(mentions, text, s, e)
    if (
        trig is not None
        and d.trigger.mode in ("remote", "unknown")
        and trig.mode in ("phone", "video")
    ):
        d.trigger = replace(d.trigger, mode=trig.mode)
