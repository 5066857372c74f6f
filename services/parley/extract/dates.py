"""When a meeting happened: explicit dates and dates relative to the article's anchor day.

The anchor is the day the article speaks from: its published_at, or failing that the
dateline or a date line near the top. Relative words are resolved against it, and
a tense decides the direction: "on Monday" in a report of a held meeting is the
latest Monday on or before the anchor; in an announcement it is the next one.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from parley.extract.gate import CaseBlind
from parley.translate import lower

__all__ = ["DateFinding", "anchor_date", "date_line", "dateline_day", "find_date", "parse_iso_day"]

_MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


def _month(g: str = "mon") -> str:
    return (
        rf"(?P<{g}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        rf"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    )


def _day(g: str = "day") -> str:
    return rf"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"


def _year(g: str = "year") -> str:
    return rf"(?:,?\s+(?P<{g}>(?:19|20)\d\d))?"


_MONTH = _month()
# The case-blind patterns read the sentence lower-cased when it is safe to (see
# _twin): re.I folds the case of every character the engine tries.
# A span of days before its month ("19 and 20 June", "10-11 April", "3 to 5 May") is
# dated by its first day, as one after the month ("April 10-11") already is.
_SPAN_END = r"(?:\s*(?:-|\u2013|and|to)\s*[0-3]?\d(?:st|nd|rd|th)?)?"
_EXPLICIT = CaseBlind(
    rf"\b(?:{_month()}\s+{_day()}{_year()}|{_day('day2')}{_SPAN_END}\s+(?:of\s+)?"
    rf"{_month('mon2')}{_year('year2')})\b"
)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_WEEKDAY = CaseBlind(
    r"\b(?P<last>last\s+|this\s+|next\s+|on\s+)?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = [
    (
        CaseBlind(
            r"\b(?:today|this (?:morning|afternoon|evening)|tonight|earlier today|later today)\b"
        ),
        0,
        "day",
    ),
    (CaseBlind(r"\b(?:yesterday|last night|overnight)\b"), -1, "day"),
    (CaseBlind(r"\b(?:tomorrow)\b"), 1, "day"),
    (CaseBlind(r"\b(?:day after tomorrow)\b"), 2, "day"),
]
# Time zones eight or more hours ahead of Greenwich, named after a weekday.
_EAST = (
    r"(?:Beijing|Tokyo|Japan|Japanese|Seoul|Korea|Korean|China|Chinese|Hong Kong|Taipei|Manila"
    r"|Singapore|Canberra|Sydney|Australian Eastern|Pyongyang)\s+time\b"
)
_EAST_AFTER = re.compile(rf"\s+\(?{_EAST}")
_EAST_EARLY = re.compile(rf"\s+(?:early\s+)?morning,?\s+\(?{_EAST}")
_WEEK = CaseBlind(r"\b(last|this|next|earlier this|later this)\s+week(?:end)?\b")
_MONTHREL = CaseBlind(r"\b(last|this|next|earlier this|later this)\s+month\b")
_MONTH_ONLY = CaseBlind(
    rf"(?<!since )\b(?:in|during|of|early|late|mid-?)\s+{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d))?\b"
)
_DATELINE = re.compile(
    rf"^[^\n]{{0,80}}?\b(?:{_MONTH}\s+{_day()}|{_day('day2')}\s+(?:of\s+)?{_month('mon2')})\b"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.I,
)
_DATE_LINE = re.compile(
    rf"^\s*(?:\w+day,?\s+)?(?:{_MONTH}\s+{_day()},?\s+(?P<year>(?:19|20)\d\d)"
    rf"|{_day('day2')}\s+{_month('mon2')},?\s+(?P<year2>(?:19|20)\d\d))"
    r"(?:,?\s+\d\d?:\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\s*$",
    re.I | re.M,
)


# A date that follows these words dates something else than a meeting: "their first
# talks since July", "who took office in January", "whom the bloc appointed in July".
_OTHER_EVENT = CaseBlind(
    r"\b(?:since|took office|taking office|takes office|take office|sworn in|was elected|were elected|appointed|named|"
    r"took power|came to power|born|died|invaded|annexed|stepped down|resigned|"
    r"hand(?:s|ing)? over (?:power|office)|leav(?:es|ing) office)\b[^,;.]{0,24}$"
)

_STATED = CaseBlind(
    r"\b(?:said|says|announced|confirmed|stated|told reporters|told journalists)\s+"
    r"(?:on\s+|late\s+|early\s+)?$"
)

# ... unless the meeting is dated by that other event: "took office on Tuesday and
# spoke to Biden that evening".
# what may stand between a day and the written date that glosses it
_GLOSS = re.compile(r"[\s(,]*(?:[A-Z][a-z]+day[\s,]*)?")
_THAT_DAY = CaseBlind(r"\bthat (?:day|evening|night|morning|afternoon)\b|\bthe same day\b")


# Most sentences hold no date at all, and each pattern below scans the whole sentence
# case-insensitively with no literal prefix for sre to jump to. Plain substring tests on
# the lower-cased sentence rule most of them out first; every gate is a word that each
# possible match of its pattern must contain.
_DIGIT = re.compile(r"\d")
# Under re.IGNORECASE these also match ASCII letters (dotted/dotless i, long s, the
# Kelvin sign) while their lower case is not that letter, so a sentence that holds one
# skips the gates. (Every such code point; a unit test checks the list.)
CASE_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _gate_text(sentence: str) -> str | None:
    """The sentence lower-cased for the substring gates, or None where they are unsafe."""
    if sentence.isascii() or not any(c in sentence for c in CASE_TRAPS):
        return lower(sentence)
    return None


def _may_name_month(low: str) -> bool:
    return (
        "jan" in low
        or "feb" in low
        or "mar" in low
        or "apr" in low
        or "may" in low
        or "jun" in low
        or "jul" in low
        or "aug" in low
        or "sep" in low
        or "oct" in low
        or "nov" in low
        or "dec" in low
    )


# Gates of the _RELATIVE patterns, in their order.
_RELATIVE_GATES: tuple[tuple[str, ...], ...] = (
    ("today", "tonight", "this "),
    ("yesterday", "last night", "overnight"),
    ("tomorrow",),
    ("tomorrow",),
)


@dataclass(frozen=True, slots=True)
class DateFinding:
    day: date
    precision: str  # "day", "week" or "month"
    start: int
    end: int


def parse_iso_day(value: str | None) -> date | None:
    """The calendar day of an RFC 3339 date-time or YYYY-MM-DD string."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _near_year(month: int, day: int, anchor: date, forward: bool | None) -> date | None:
    # A date without a year lies within a few months of the anchor; announcements
    # look forward, reports look back.
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        delta = (cand - anchor).days
        if forward is not None and ((forward and delta < -2) or (not forward and delta > 2)):
            continue
        if best is None or abs(delta) < abs((best - anchor).days):
            best = cand
    return best


def anchor_date(published_at: str | None, text: str) -> date | None:
    """The day the article speaks from: published_at, else a date line near the top."""
    day = parse_iso_day(published_at)
    if day:
        return day
    return date_line(text)


def date_line(text: str) -> date | None:
    """A line near the top that holds only a date, as readouts and some wires print."""
    head = text[:400]
    m = _DATE_LINE.search(head)
    if m:
        mon = _MONTHS[lower(m.group("mon") or m.group("mon2")).rstrip(".")]
        year = int(m.group("year") or m.group("year2"))
        try:
            return date(year, mon, int(m.group("day") or m.group("day2")))
        except ValueError:
            return None
    return None


def dateline_day(text: str, anchor: date | None) -> date | None:
    """The date in a wire dateline ("BRUSSELS, March 1 (Reuters) -"), if any."""
    m = _DATELINE.search(text[:200])
    if not m or anchor is None:
        return None
    mon = _MONTHS[lower(m.group("mon") or m.group("mon2")).rstrip(".")]
    day = int(m.group("day") or m.group("day2"))
    if m.group("year"):
        try:
            return date(int(m.group("year")), mon, day)
        except ValueError:
            return None
    return _near_year(mon, day, anchor, forward=False)


def _twin(sentence: str, low: str | None) -> str | None:
    """The lower-cased sentence for the case-blind patterns, if it keeps every offset
    (`low` is the gate text, None when the sentence holds a CASE_TRAPS character)."""
    return low if low is not None and len(low) == len(sentence) else None


def find_date(
    sentence: str, anchor: date | None, *, future: bool, calendar_first: bool = False
) -> DateFinding | None:
    """The first date expression of `sentence`, resolved against `anchor`.

    `calendar_first` prefers a written calendar date over a weekday: "called off on
    Thursday the June 12 summit" is about June 12.
    """
    # lower-cased once: the gates test it, the case-blind patterns read it
    low = _gate_text(sentence)
    twin = _twin(sentence, low)
    # ISO and written calendar dates both need a digit.
    found = (
        _calendar_dates(sentence, twin, anchor, future, calendar_first)
        if _DIGIT.search(sentence) is not None
        else []
    )
    if calendar_first and found:
        return min(found, key=lambda f: f.start)
    if anchor is not None:
        calendar = len(found)
        _weekday_dates(found, sentence, low, twin, anchor, future)
        _relative_dates(found, sentence, low, twin, anchor, future)
        if 0 < calendar < len(found):
            found = _unglossed(found, calendar, sentence)
    return _meeting_date_of(found, sentence, twin)


def _unglossed(found: list[DateFinding], calendar: int, sentence: str) -> list[DateFinding]:
    """`found` (its first `calendar` the written dates) without the relative days and
    weekdays a written date glosses: "today (Tuesday 22 November)" is the 22nd."""
    written = found[:calendar]
    return written + [
        f
        for f in found[calendar:]
        if not any(_GLOSS.fullmatch(sentence, f.end, c.start) for c in written)
    ]


def _calendar_dates(
    sentence: str, twin: str | None, anchor: date | None, future: bool, calendar_first: bool
) -> list[DateFinding]:
    """The ISO and written calendar dates of `sentence` ("2024-06-12", "June 12")."""
    found: list[DateFinding] = []
    for m in _ISO.finditer(sentence):
        with contextlib.suppress(ValueError):
            found.append(DateFinding(date(int(m[1]), int(m[2]), int(m[3])), "day", *m.span()))
    for m in _EXPLICIT.finditer(sentence, twin):
        mon = _MONTHS[lower(m.group("mon") or m.group("mon2")).rstrip(".")]
        day_s = m.group("day") or m.group("day2")
        year_s = m.group("year") or m.group("year2")
        try:
            day_n = int(day_s)
            if year_s:
                day = date(int(year_s), mon, day_n)
            elif anchor is not None:
                # A cancelled meeting's written date may lie on either side of the report.
                near = _near_year(mon, day_n, anchor, forward=None if calendar_first else future)
                if near is None:
                    continue
                day = near
            else:
                continue
        except ValueError:
            continue
        found.append(DateFinding(day, "day", *m.span()))
    return found


def _weekday_dates(
    found: list[DateFinding],
    sentence: str,
    low: str | None,
    twin: str | None,
    anchor: date,
    future: bool,
) -> None:
    """Adds to `found` the days that the sentence's weekdays name ("on Monday")."""
    if low is not None and not any(name in low for name in _WEEKDAY_NAMES):
        return
    for m in _WEEKDAY.finditer(sentence, twin):
        wd = _WEEKDAYS[lower(m.group("wd"))]
        qualifier = lower((m.group("last") or "").strip())
        if qualifier == "next":
            delta = (wd - anchor.weekday()) % 7 or 7
        elif future and qualifier != "last":
            # "the summit begins on Saturday" in Saturday's paper is that day
            delta = (wd - anchor.weekday()) % 7
        else:
            delta = -((anchor.weekday() - wd) % 7)
            if qualifier == "last" and delta == 0:
                delta = -7
        if _EAST_EARLY.match(sentence, m.end()) or (
            _EAST_AFTER.match(sentence, m.end())
            and lower(sentence[max(0, m.start() - 6) : m.start()]).endswith("early ")
        ):
            # "early Tuesday Japan time" is still Monday in Europe and America,
            # the day the rest of the world reports
            delta -= 1
        found.append(DateFinding(anchor + timedelta(days=delta), "day", *m.span()))


def _relative_dates(
    found: list[DateFinding],
    sentence: str,
    low: str | None,
    twin: str | None,
    anchor: date,
    future: bool,
) -> None:
    """Adds to `found` the days, weeks and months the sentence names relative to
    `anchor` ("yesterday", "last week", "next month"), and months named alone."""
    for (rx, offset, precision), gates in zip(_RELATIVE, _RELATIVE_GATES, strict=True):
        if low is not None and not any(g in low for g in gates):
            continue
        for m in rx.finditer(sentence, twin):
            found.append(DateFinding(anchor + timedelta(days=offset), precision, *m.span()))
    if low is None or "week" in low:
        for m in _WEEK.finditer(sentence, twin):
            which = lower(m.group(1))
            shift = {"last": -7, "next": 7}.get(which, 0)
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=shift)
            found.append(DateFinding(monday, "week", *m.span()))
    if low is None or "month" in low:
        for m in _MONTHREL.finditer(sentence, twin):
            which = lower(m.group(1))
            first = anchor.replace(day=1)
            if which == "last":
                first = (first - timedelta(days=1)).replace(day=1)
            elif which == "next":
                first = (first + timedelta(days=32)).replace(day=1)
            found.append(DateFinding(first, "month", *m.span()))
    if low is None or _may_name_month(low):
        for m in _MONTH_ONLY.finditer(sentence, twin):
            if any(f.start <= m.start("mon") < f.end for f in found):
                continue
            mon = _MONTHS[lower(m.group("mon")).rstrip(".")]
            year = int(m.group("year")) if m.group("year") else anchor.year
            if not m.group("year") and not future and mon > anchor.month:
                year -= 1
            found.append(DateFinding(date(year, mon, 1), "month", *m.span()))


def _meeting_date_of(
    found: list[DateFinding], sentence: str, twin: str | None
) -> DateFinding | None:
    """Of the date expressions found, the one that dates the meeting, not another event
    or the statement."""
    if found and not _THAT_DAY.search(sentence, twin):
        found = [
            f
            for f in found
            if not _OTHER_EVENT.search(sentence, twin, max(0, f.start - 48), f.start)
        ]
    if len(found) > 1:
        # "will travel next week, the government said on Monday": Monday dates the
        # statement; another expression in the sentence dates the meeting
        kept = [
            f for f in found if not _STATED.search(sentence, twin, max(0, f.start - 30), f.start)
        ]
        found = kept or found
    if not found:
        return None
    # The most precise expression wins; "met on Monday, their first talks since July"
    # is about Monday.
    found.sort(key=lambda f: ({"day": 0, "week": 1, "month": 2}[f.precision], f.start))
    return found[0]
