"""When the meeting a sentence states took place: its day, and its part of the day."""

from __future__ import annotations

import re
from datetime import date, timedelta

from parley.extract.dates import DateFinding, find_date
from parley.extract.draft import Draft, Sentence
from parley.extract.parties import clause_end_at
from parley.extract.triggers import (
    Trigger,
    cancelling_at,
)

__all__ = ["SAME_OCCASION", "cancel_day", "meeting_date", "part_of_day_told", "relative_to"]
# Words that place a meeting on the occasion just reported ("He also met ...").
SAME_OCCASION = re.compile(
    r"\b(?:also|earlier in the day|later in the day|on the same day|the same day|earlier|later|"
    r"then|separately|meanwhile|likewise|similarly|in addition|additionally|during the visit|during his visit|during her visit|on the sidelines|"
    r"in the morning|in the afternoon|in the evening|on the margins|came as|comes as|"
    # "Before heading to the White House, Modi met Waltz": the same day's programme
    r"(?:before|just before|shortly before)\s+(?:heading|going|driving|walking)\s+to|"
    # "Before the ceremony, X met Y": the ceremony just reported dates it
    r"(?:before|after|prior to|ahead of|following)\s+the\s+(?:[\w-]+\s+){0,2}?(?:ceremony|signing|"
    r"summit|talks|meeting|session|dinner|lunch|luncheon|banquet|reception))\b"
)


# The part of the day a meeting is placed in: two calls of one pair on one day differ by it.
_PART_OF_DAY = re.compile(
    r"\b(?P<morning>morning|a\.m\.)|\b(?P<afternoon>afternoon|noon)\b|\b(?P<evening>evening|tonight|night)\b"
    r"|\bat\s+(?P<hour>\d{1,2})(?::\d\d)?\s*(?P<half>a\.?m|p\.?m)"
)
_DAY_PART_WORDS = ("morning", "a.m.", "afternoon", "noon", "evening", "tonight", "night", "m.")
_ZONE_AFTER = re.compile(r"\s*\(?(?:[a-z]+\s+)?time\b")


def part_of_day_told(
    fs: str,
    start: int,
    end: int | None,
    s: int = 0,
    e: int = 0,
    trig: Trigger | None = None,
) -> str | None:
    """The part of the day named from the meeting word on, else anywhere in its clause
    (up to `end`, or the end of the clause of `trig` in the sentence at s..e)."""
    if not any(w in fs for w in _DAY_PART_WORDS):
        return None  # a substring test spares the patterns on most sentences
    if end is None:
        end = clause_end_at(Sentence(s, e, fs), trig) - s
    m = _PART_OF_DAY.search(fs, start, end) or _PART_OF_DAY.search(fs, 0, end)
    if m is None or _ZONE_AFTER.match(fs, m.end()):
        return None  # "Tuesday morning Beijing time" is Monday evening elsewhere
    if m.group("hour"):
        hour = int(m.group("hour")) % 12 + (12 if m.group("half").startswith("p") else 0)
        return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    return next(k for k in ("morning", "afternoon", "evening") if m.group(k))


_BEGAN = re.compile(r",\s+which\s+began\s+")
_TOLD_DURING = re.compile(
    r"\b(?:told|telling)\s+(?:reporters|journalists)\s+(?:during|at|before|after)\s+"
    r"(?:a|an|his|her|the|their)\s+(?:[\w-]+\s+)?meeting\b"
)
_DAY_BEFORE = re.compile(
    r"\b(?:a day earlier|the (?:previous|preceding) day|the day before|a day before|"
    r"(?:came|comes|come)\s+a day after)\b"
)
_DAY_APART = re.compile(r"\b(?:a|one) day (after|before)\s+(?:\w+ing\s+)?$")
_DAY_AFTER = re.compile(r"\b(?:a day later|the (?:next|following) day|the day after)\b")


_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|where)\b[^,;]*")
_SAME_DAY = re.compile(
    r"\b(?:earlier in the day|later in the day|(?:on )?the same day|in the (?:morning|afternoon|evening))\b"
)


# ", the White House said Wednesday": the day of the statement, not of the meeting
_SAID_TAIL = re.compile(r",\s+(?:[\w.'-]+\s+){0,5}?(?:said|says|told|announced|reported)\b")


def meeting_date(
    text: str,
    sentence: Sentence,
    trig: Trigger,
    anchor: date | None,
    current: Draft | None,
    drafts: list[Draft] | None = None,
) -> DateFinding | None:
    """The date of the meeting a sentence states, looked for where it is most likely.

    First in the clause that states the meeting, then on the occasion just reported
    ("earlier in the day", "a day later", "He also met ..."), and last in the rest of
    the sentence without its relative clauses ("X, who took office last month, ...").
    """
    s, e, fs = sentence.start, sentence.end, sentence.folded
    # only the clause end: the reference spans clause_scope also finds are not needed here
    clause_end = clause_end_at(sentence, trig)
    cancelled = trig.status == "cancelled"
    found, clause = _clause_date(text, sentence, trig, anchor, clause_end)
    if found is not None and not (current and _SAME_DAY.search(fs)):
        shift = _DAY_APART.search(text, s, s + trig.start) if "day " in fs else None
        if shift is not None and found.start < trig.start:
            own = find_date(text[s + trig.end : clause_end], anchor, future=False)
            if own is not None:
                return own  # "a day after meeting Austin on Friday"
            # "said on Sunday, a day after meeting Austin": the day before the saying
            days = 1 if shift.group(1) == "before" else -1
            return DateFinding(found.day + timedelta(days=days), found.precision, s, e)
        return found
    if current is None and anchor is not None and _SAME_DAY.search(fs) and found is None:
        return DateFinding(anchor, "day", s, e)  # the report's own day
    if current is not None and current.day is not None:
        if _SAME_DAY.search(fs):
            return DateFinding(current.day, current.precision or "day", s, e)
        near = relative_to(current.day, sentence)
        if near is not None:
            return near
    if (
        current is not None
        and found is None
        and SAME_OCCASION.search(fs)
        and not _LATER_DATE.search(fs)
    ):
        # "Modi also met Pezeshkian on the margins": the occasion last reported as this
        # one is, past or planned (a plan told in between is not it)
        occasion = next(
            (d for d in reversed(drafts or [current]) if d.trigger.status == trig.status),
            None,
        )
        if occasion is not None and occasion.day is not None:
            return DateFinding(occasion.day, occasion.precision or "day", s, e)
    if found is not None:
        return found
    if (
        anchor is not None
        and trig.status == "occurred"
        and "told" in fs
        and _TOLD_DURING.search(fs)
    ):
        # "Trump told reporters during a meeting with Rutte": the statement this report
        # carries was made at the meeting, on the report's day
        return DateFinding(anchor, "day", s, e)
    told = text[s:e]
    said = _SAID_TAIL.search(told) if trig.forward and not cancelled else None
    told = told[: said.start()] if said is not None else told
    rest = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group()), told)
    if not cancelled and rest == clause:
        return None  # the same call as the clause's above, which found nothing
    found = find_date(rest, anchor, future=trig.forward)
    return None if cancelled and cancel_day(found, fs, trig) else found


def _clause_date(
    text: str, sentence: Sentence, trig: Trigger, anchor: date | None, clause_end: int
) -> tuple[DateFinding | None, str | None]:
    """The date the clause stating the meeting gives it (for a cancelled meeting, the day
    it was set for), and the clause as read without its relative clauses (None if it
    was not read)."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    cancelled = trig.status == "cancelled"
    found = None
    clause = None
    if cancelled:
        # "called off on Thursday a meeting planned for Saturday": a cancelled meeting
        # keeps the day it was set for, which follows the meeting word.
        after = text[s + trig.end : e]
        said = _SAID_TAIL.search(after)
        after = after[: said.start()] if said else after
        found = find_date(after, anchor, future=True, calendar_first=True)
    began = _BEGAN.search(fs, trig.end) if found is None and "began" in fs else None
    if began is not None:
        # "Talks between ... in Minsk, which began on Wednesday evening, ended on
        # Thursday": a meeting over two days is dated by the day it began
        found = find_date(text[s + began.end() : s + began.end() + 40], anchor, future=False)
    if found is None:
        # "Trudeau, who arrived Monday, is to meet X on Wednesday": the relative
        # clause dates something else
        whole = text[s:clause_end]
        said = _SAID_TAIL.search(whole) if trig.forward and not cancelled else None
        if said is not None:
            # "X will meet Y on the sidelines, an aide said on Tuesday": the day of the
            # saying, never of a meeting still to come
            whole = whole[: said.start()]
        clause = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group()), whole)
        found = find_date(clause, anchor, future=trig.forward, calendar_first=cancelled)
        # find_date is pure: with no relative clause blanked, asking again is the same call
        if found is None and clause != whole:
            found = find_date(whole, anchor, future=trig.forward, calendar_first=cancelled)
        if cancelled and cancel_day(found, fs, trig):
            found = None
    return found, clause


# "invited Albanese for a state visit at a later date": a plan with no day yet
_LATER_DATE = re.compile(
    r"\b(?:at a later date|at a (?:mutually )?convenient time|in the future|at some point)\b"
)


def cancel_day(found: DateFinding | None, fs: str, trig: Trigger) -> bool:
    """'Trump on Tuesday called off a visit': the day of calling off, not of the visit."""
    verb = cancelling_at(fs)
    return found is not None and verb is not None and found.start < verb < trig.start


def relative_to(day: date, sentence: Sentence) -> DateFinding | None:
    """'A day earlier' and 'the next day' count from the meeting stated just before."""
    s, e, fs = sentence.start, sentence.end, sentence.folded
    if _DAY_BEFORE.search(fs):
        return DateFinding(day - timedelta(days=1), "day", s, e)
    if _DAY_AFTER.search(fs):
        return DateFinding(day + timedelta(days=1), "day", s, e)
    apart = _DAYS_APART.search(fs) if "days" in fs or "week" in fs else None
    if apart is not None:
        # "four days later, he received ...": counted from the meeting just reported
        n = _COUNTS.get(apart.group("n")) or int(apart.group("n"))
        n *= 7 if apart.group("unit").startswith("week") else 1
        sign = 1 if apart.group("dir") in ("later", "after") else -1
        return DateFinding(day + timedelta(days=sign * n), "day", s, e)
    return None


_COUNTS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# "two days later", "a week earlier" (not "a day": _DAY_BEFORE and _DAY_AFTER read it),
# never "days after the election", which counts from something else
_DAYS_APART = re.compile(
    r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|a|one)\s+"
    r"(?P<unit>days|weeks?)\s+(?P<dir>later|earlier)\b"
)
