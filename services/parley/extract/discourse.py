"""How each sentence bears on the meetings read before it.

read_sentence decides, against the Discourse (the meetings read so far), whether a
sentence opens a gathering, tells who was at the meeting just reported, refers back to
it, tells the background of one, or states a meeting: the current one again, one
reported earlier, or a new one. Each of those rules is a named function below.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from parley.extract.attendance import background
from parley.extract.continuations import (
    THE_TWO,
    attach,
    held_off,
    meet_again,
    read_gathering,
    same_meeting,
    where_met,
)
from parley.extract.dates import DateFinding, find_date
from parley.extract.draft import (
    COMPAT,
    Discourse,
    Draft,
    Report,
    Sentence,
    add_participant,
    new_kind,
    new_people,
    overlap,
    redate,
    same_day,
)
from parley.extract.gatherings import is_gathering
from parley.extract.meeting_dates import meeting_date, part_of_day_told
from parley.extract.newcomers import dated_as, described_subject, with_someone_new
from parley.extract.parties import (
    at_the,
    enough_parties,
    grouping_of,
    host_state_leader,
    in_where_clause,
    last_named,
    last_two_named,
    organizer_of,
    pronoun_subject,
    sentence_participants,
    split_pairs,
    their_holders,
    visited_states,
)
from parley.extract.people import Mention
from parley.extract.sides import (
    counterparts_subject,
    same_sides,
    side_named_later,
    split_by_side,
)
from parley.extract.triggers import (
    Trigger,
    anaphoric_kind,
    refers_back,
)
from parley.model import Participant

__all__ = ["read_sentence"]


_PAIR = re.compile(
    r"\b(?:the two|both|the)\s+(?:leaders|sides|presidents|prime ministers|ministers|heads of state|"
    r"foreign ministers|counterparts|men|women|pair|officials)\b(?!')"
)
# "The leaders met at the base with their aides": a sentence whose subject points back
# at the people just reported tells more of their meeting, whoever else it names.
_PAIR_OPENS = re.compile(r"^\W*(?:" + _PAIR.pattern + ")")
# "a separate meeting", "Before the ceremony, X met Y": a meeting apart from another
_APART = re.compile(
    r"\bseparate(?:ly)?\b|\b(?:his|her|their) own\b|\bbilateral\b|\bone-on-one\b|\bsidelines\b|\bmargins\b"
    r"|^\W*(?:before|after|ahead of|following|prior to)\b"
)
_AFTER_THE = re.compile(
    r"^\W*(?:after|following)\s+(?:the|their|these|those)\s+(?:[\w-]+\s+)?"
    r"(?:talks|meeting|meetings|call|summit|ceremony)\b"
)


def read_sentence(report: Report, discourse: Discourse, sentence: Sentence) -> None:
    """One sentence against the meetings read so far: it opens a gathering, adds to the
    meeting just reported, tells the background of one, or states a new meeting."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    # mentions come sorted by start: the sentence's are one slice
    in_sentence = report.mentions[bisect_left(report.starts, s) : bisect_left(report.starts, e)]
    told_before = len(discourse.told)
    drafts = discourse.drafts
    last = drafts[-1] if drafts and drafts[-1].participants else None
    where_met(discourse.told, in_sentence, report.text, sentence, report.anchor, last)
    trig = report.triggers[(s, e)]
    ana = anaphoric_kind(fs)
    current = discourse.current
    if trig is not None and _opens_gathering(report, discourse, sentence, trig, in_sentence):
        discourse.first = False
        return
    if trig is not None and current is not None:
        if _adds_to_current(report, current, sentence, trig, in_sentence):
            return
        if with_someone_new(current, in_sentence, sentence, trig):
            # "during his meeting with X", X new: a meeting of its own, not a reference,
            # on the day of the one before unless it says otherwise
            n = len(drafts)
            _new_meeting(report, discourse, sentence, trig, in_sentence, None, told_before)
            dated_as(current, drafts[n:])
            return
        elif _refers_to_current(report, current, sentence, trig):
            # "the summit", "their meeting": more about the meeting already reported
            ana = current.kind if at_the(fs) else trig.kind
            trig = None
    if trig is None:
        background(report, discourse, sentence, in_sentence, ana)
        return
    _new_meeting(report, discourse, sentence, trig, in_sentence, ana, told_before)


def _opens_gathering(
    report: Report,
    discourse: Discourse,
    sentence: Sentence,
    trig: Trigger,
    in_sentence: list[Mention],
) -> bool:
    """A summit or ministerial meeting of many states, read as one gathering."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    drafts = discourse.drafts
    if not is_gathering(
        fs,
        trig,
        [h for h in report.tagged if s <= h.start < e],
        s,
        any(d.gathering for d in drafts) or any(h.start < s for h in report.named_summits),
    ):
        return False
    read_gathering(
        drafts,
        trig,
        in_sentence,
        report.text,
        sentence,
        report.anchor,
        report.head_day if discourse.first and s < _LEAD else None,
        grouping_of(report.tagged, report.named_summits, s, s + trig.start),
    )
    return True


def _adds_to_current(
    report: Report, current: Draft, sentence: Sentence, trig: Trigger, in_sentence: list[Mention]
) -> bool:
    """Whether a sentence with a meeting word tells who was at the meeting just
    reported (and if so adds them)."""
    _s, _e, fs = sentence.start, sentence.end, sentence.folded
    if not current.gathering and at_the(fs) is not None and not _APART.search(fs):
        # "MBS attended the 30-minute meeting, and Erdogan joined by phone": who took
        # part in the meeting just reported, however they joined
        attach(current, in_sentence, report.text, sentence, trig=trig)
        return True
    if _HOSTED_THE.search(fs) and not new_kind(trig, current):
        # "X hosted the meeting": the host of the meeting just reported
        attach(current, in_sentence, report.text, sentence, trig=trig)
        if current.organizer is None and in_sentence and in_sentence[0].participant.name:
            current.organizer = in_sentence[0].participant.name
        return True
    return False


def _refers_to_current(report: Report, current: Draft, sentence: Sentence, trig: Trigger) -> bool:
    """Whether the sentence's meeting word refers back to the meeting just reported."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    return (
        refers_back(fs, trig)
        and (
            trig.kind == current.kind
            # "present at the meeting" after a virtual meeting: who attended it
            or at_the(fs) is not None
            or (
                trig.kind in COMPAT[current.kind]
                and same_day(
                    find_date(report.text[s:e], report.anchor, future=trig.forward), current
                )
            )
        )
    )


def _new_meeting(
    report: Report,
    discourse: Discourse,
    sentence: Sentence,
    trig: Trigger,
    in_sentence: list[Mention],
    ana: str | None,
    told_before: int,
) -> None:
    """A sentence stating a meeting: more of the current one, one reported earlier, or
    a new one (or one per pair of sides it names)."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    text = report.text
    current = discourse.current
    parts = sentence_participants(in_sentence, text, s, e, trig, fs)
    aside = bool(current and _stands_apart(current, parts, fs))
    parts = _sentence_parties(report, current, sentence, trig, parts)
    parts = counterparts_subject(
        parts,
        in_sentence,
        s,
        trig,
        fs,
        current.participants[0]
        if current and current.participants
        else last_named(report.mentions, s, parts),
    )
    # Before any meeting is reported nothing below needs the date until the sentence
    # proves to name enough people, which few sentences with a meeting word do.
    found = (
        meeting_date(text, sentence, trig, report.anchor, current, discourse.drafts)
        if current
        else None
    )
    if current and not aside and _continues(current, parts, fs, trig, ana, found):
        attach(current, in_sentence, text, sentence, trig=trig, found=found)
        return
    if trig.kind == "visit" and len(discourse.told) == told_before:
        # "visited Kyiv, where he met Zelensky" names the host already
        parts = _with_visit_host(report, sentence, trig, in_sentence, parts)
    if not enough_parties(parts, trig, fs):
        parts = in_where_clause(in_sentence, text, sentence, trig, parts)
    if trig.kind == "summit" and not any(p.name for p in parts) and report.anchor is not None:
        # "A South Asian summit that Pakistan was due to host": its host's leader
        parts = [*parts, *host_state_leader(report.kb, text, report.hits, s, e, report.anchor)]
    if not enough_parties(parts, trig, fs):
        return
    if not current:
        found = meeting_date(text, sentence, trig, report.anchor, current, discourse.drafts)
    earlier = same_meeting(discourse.drafts, parts, trig, found) or side_named_later(
        discourse.drafts, parts, trig, found
    )
    if earlier is not None:
        # "As Rutte met Zelensky, ...": the visit reported two paragraphs up
        attach(earlier, in_sentence, text, sentence, trig=trig, found=found)
        return
    _add_meetings(report, discourse, sentence, trig, in_sentence, parts, found)


def _stands_apart(current: Draft, parts: list[Participant], fs: str) -> bool:
    """Two people named meeting beside a gathering, or apart from a larger meeting ("a
    separate meeting", "Before the ceremony, X met Y"), hold their own."""
    named = sum(1 for p in parts if p.name)
    return named >= 2 and (
        current.gathering
        or (
            sum(1 for p in current.participants if p.name) > named and _APART.search(fs) is not None
        )
        # "After the talks, Xi attended a trilateral meeting with ...": a meeting placed
        # after the one reported is another
        or (_AFTER_THE.match(fs) is not None and new_people(current, parts, 1))
    )


def _sentence_parties(
    report: Report,
    current: Draft | None,
    sentence: Sentence,
    trig: Trigger,
    parts: list[Participant],
) -> list[Participant]:
    """The parties a sentence names, completed from the meetings read before it when it
    speaks of them ("their foreign ministers", "the two leaders", "he")."""
    s, _, fs = sentence.start, sentence.end, sentence.folded
    theirs = (
        their_holders(report.kb, current, _THEIR_OFFICE.search(fs), report.anchor)
        if current
        and "their " in fs
        # named only as who said it: "..., Mr Sharif said"
        and {p.name for p in parts if p.name} <= {p.name for p in current.participants}
        else []
    )
    if theirs:
        # "The two leaders agreed that their foreign secretaries would meet": each
        # side's holder of that office on the day
        return theirs
    if current and len([p for p in parts if p.name]) < 2 and _PAIR.search(fs):
        merged = list(current.participants)
        for p in parts:
            add_participant(merged, p)
        return merged
    if current and not any(p.name for p in parts) and "same format" in fs:
        # "A summit in the same format was called off": the same people
        return [*current.participants, *parts]
    if not current and not any(p.name for p in parts) and THE_TWO.search(fs):
        # "the two presidents met privately" before any meeting was reported: the last
        # two people named
        return last_two_named(report.mentions, s)
    if any(p.name for p in parts) and (
        pronoun_subject(fs, trig)
        or described_subject(fs, trig, report.mentions, report.starts, s)
    ):
        # "He also met X": the subject is whoever led the meeting just reported;
        # "Pezeshkian addressed the assembly. Later he met Macron": with no meeting
        # reported yet, the person the story was about so far
        subject = current.participants[0] if current else last_named(report.mentions, s, parts)
        if subject is not None and all(p.name != subject.name for p in parts):
            return [subject, *parts]
    return parts


def _continues(
    current: Draft,
    parts: list[Participant],
    fs: str,
    trig: Trigger,
    ana: str | None,
    found: DateFinding | None,
) -> bool:
    """Whether a sentence stating a meeting tells more of the current one: it names it
    back, opens with its people ("The two leaders ..."), or names its people again on
    its day."""
    compatible = trig.kind in COMPAT[current.kind]
    return bool(
        (ana and ana in COMPAT[current.kind] and not new_people(current, parts))
        or (
            _PAIR_OPENS.match(fs) is not None
            and trig.status == current.trigger.status
            and compatible
            and same_day(found, current)
        )
        or (
            parts
            and not new_people(current, parts, 1)
            and overlap(current.participants, parts) >= 1
            and compatible
            and same_day(found, current)
        )
    )


def _with_visit_host(
    report: Report,
    sentence: Sentence,
    trig: Trigger,
    in_sentence: list[Mention],
    parts: list[Participant],
) -> list[Participant]:
    """A visit naming one person: the host state is the other side ("Blinken is expected
    to travel to China"); an arrival alone, or "It was Putin's first visit", reports no
    visit event."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    if (
        sum(1 for p in parts if p.name) != 1
        or fs.startswith("arriv", trig.start)
        or _COMMENT.match(fs)
    ):
        return parts
    for host in visited_states(report.hits, report.text, s + trig.start, min(e, s + trig.end + 25)):
        if any(host in (p.country, p.org) for p in parts):
            continue
        # "his visit to South Korea, which was to include talks with President Yoon":
        # the host named later in the sentence
        hosts_named = [
            m.participant
            for m in in_sentence
            if m.participant.name and m.participant.country == host and not m.former
        ]
        side = hosts_named[0] if hosts_named else Participant(None, None, host, None)
        parts = [*parts, side]
    return parts


def _add_meetings(
    report: Report,
    discourse: Discourse,
    sentence: Sentence,
    trig: Trigger,
    in_sentence: list[Mention],
    parts: list[Participant],
    found: DateFinding | None,
) -> None:
    """The new meeting a sentence states, one Draft per pair of sides it names."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    text = report.text
    drafts = discourse.drafts
    day, precision = (found.day, found.precision) if found else (None, None)
    if (
        day is None
        and discourse.first
        and s < _LEAD
        and report.head_day is not None
        and trig.status == "occurred"
    ):
        # A readout's own date line dates the meeting its first sentence reports,
        # unless the lead names the day.
        day, precision = _lead_day(report), "day"
    if day is None and report.beside and trig.status == "occurred":
        day, precision = _sideline_day(report, drafts)
    organizer = organizer_of(in_sentence, text, s, e)
    groups = split_pairs(parts, trig, fs, report.beside)
    if len(groups) == 1:
        groups = split_by_side(parts, in_sentence, s, trig, fs, report.text[e : e + 60])
    for group in groups:
        named_now = side_named_later(drafts, group, trig, found) if len(groups) > 1 else None
        if named_now is not None:
            # "Likewise, he met A's president X, ...": a side of an earlier list, named
            for p in group:
                add_participant(named_now.participants, p)
            redate(named_now, found)
            continue
        told = same_sides(drafts, group, trig, found) if len(groups) > 1 else None
        if told is not None:
            # the same list told again: its meetings are read already, and a day it
            # names dates them if theirs was only the report's own
            redate(told, found)
            continue
        drafts.append(
            Draft.told(
                text,
                sentence,
                trig,
                group,
                organizer=organizer,
                day=day,
                precision=precision,
                assumed=found is None and day is not None,
                part_of_day=part_of_day_told(fs, trig.start, None, s, e, trig),
            )
        )
    if trig.status == "occurred":
        meet_again(drafts, drafts[-1], text, sentence, trig, report.anchor)
        if trig.kind == "call" and "after" in fs:
            held_off(drafts, drafts[-1], text, sentence)
    discourse.first = False


def _sideline_day(report: Report, drafts: list[Draft]) -> tuple[date | None, str | None]:
    """An undated meeting in a report of a gathering's sidelines: the day of the last
    meeting held there that has one, else the report's lead day."""
    held = next((d for d in reversed(drafts) if d.trigger.status == "occurred" and d.day), None)
    if held is not None:
        return held.day, held.precision or "day"
    lead = _lead_day(report)
    return lead, "day" if lead else None


def _lead_day(report: Report) -> date | None:
    """The day the report's first sentence telling a held meeting names ("X on
    Thursday met diplomats from several countries", filed on Friday), else the day
    the report speaks from."""
    lead = next(
        ((s, e) for (s, e), trig in report.triggers.items() if trig and trig.status == "occurred"),
        None,
    )
    if lead is not None and lead[0] < _LEAD:
        told = find_date(report.text[lead[0] : lead[1]], report.anchor, future=False)
        if told is not None and told.precision == "day":
            return told.day
    return report.head_day


_COMMENT = re.compile(r"^\W*(?:it|this|that)\s+(?:was|is|will be|would be|marks|marked)\b")


_LEAD = 400  # characters: how far into the text the lead sentence may start

_HOSTED_THE = re.compile(
    r"\b(?:hosted|chaired|mediated|facilitated|organi[sz]ed|convened|brokered)\s+the\s+"
    r"(?:[\w-]+\s+)?(?:meeting|talks|summit|call|negotiations|session)\b"
    # "Erdogan welcomed the delegations and addressed them before the talks began"
    r"|\b(?:welcomed|greeted|received)\s+(?:the|both)\s+(?:two\s+)?"
    r"(?:delegations|leaders|participants|sides|negotiators)\b"
)
_THEIR_OFFICE = re.compile(
    r"\btheir\s+(foreign secretaries|foreign ministers|defen[cs]e ministers"
    r"|national security advisers|trade ministers|finance ministers)\b"
)
