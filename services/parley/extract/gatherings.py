"""Gatherings: summits and ministerial meetings of many states, told apart from bilaterals.

A report of a G20 summit usually also reports the meetings held on its sidelines.
The summit is one event and each bilateral beside it another; "the summit" later in
the article means the gathering, not the bilateral reported just before it. Two
leaders' own summit ("the Russian-US summit") is not a gathering.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from parley.extract.lexicon import Hit
from parley.extract.triggers import Trigger

__all__ = ["group_subject", "is_gathering", "opening_day"]

# Words that show many parties: "leaders of the G20", "member economies", "dozens of
# heads of state", "allies".
_MANY = re.compile(
    r"\b(?:(?<!two )(?<!both )leaders|heads of (?:state|government)|member (?:states|countries|economies|nations)"
    r"|\d+ (?:nations|countries|economies|members)|allies|regional|multilateral|dozens of|bloc)\b"
)
_OWN_SUMMIT = re.compile(
    r"\b(?:bilateral|annual|their|two leaders'|trilateral)\s+(?:[\w-]+\s+)?summit\b"
)
_BODY = (
    r"(?:leaders|heads of (?:state|government)|foreign ministers|defen[cs]e ministers|ministers)"
)
# "West African heads of state met in Abuja", "Southeast Asian foreign ministers opened
# their annual meeting": a body of office-holders, not named people, gathers.
_GROUP_SUBJECT = re.compile(
    r"^(?:\W*(?:on|in|at)\s+\w+day,?\s+)?(?:"
    # a qualified body: "West African heads of state", "EU foreign ministers" ("the
    # leaders" or "the two leaders" are people already named)
    r"(?:(?!the\b|two\b|both\b|their\b|its\b)[\w'-]+\s+){1,3}" + _BODY + r"|"
    # "Leaders of the Group of 20 major economies"
    r"(?:the\s+)?" + _BODY + r"\s+of\s+(?:the\s+)?[^,]{2,40}?"
    r")\s+(?:\w+\s+)?(?:met|meet|meeting|opened|open|gathered|gather|convened|"
    r"began|begin|held|hold|wrapped up|ended)\b"
)
_REGION_SUMMIT = re.compile(
    r"-(?:africa|african|arab|asean|central asia|latin america|latin american|pacific|caribbean"
    r"|gulf|nordic|baltic|celac|africa-)\s+(?:[\w-]+\s+)?$"
)
_BODIES_BEFORE = re.compile(r"\b(?:leaders|ministers|heads of state)'\s+$")
_SPAN = re.compile(r"\b(two|three|four)-day\b")
_CLOSING = re.compile(r"\b(?:wrapped up|wraps up|ended|ends|closed|closes|concluded|concludes)\b")
_DAYS = {"two": 1, "three": 2, "four": 3}


def group_subject(folded_sentence: str) -> bool:
    """Whether the sentence's subject is a body of leaders or ministers meeting together."""
    return bool(_GROUP_SUBJECT.search(folded_sentence))


def is_gathering(
    folded_sentence: str, trig: Trigger, hits: list[Hit], s: int, earlier: bool
) -> bool:
    """Whether a summit sentence states a gathering of many states.

    `hits` are the lexicon hits of the sentence (absolute offsets; the sentence starts
    at `s`), and `earlier` whether the article already reported a gathering, which
    "the summit" then means.
    """
    fs = folded_sentence
    if trig.kind != "summit":
        if trig.kind not in ("meeting", "talks"):
            return False
        # "the APEC leaders' meeting", "a G20 foreign ministers' meeting"
        at = s + trig.start
        bodies = _BODIES_BEFORE.search(fs, max(0, trig.start - 30), trig.start)
        if bodies is not None and any(
            h.kind == "org" and at - 50 <= h.start < at for h in hits
        ):
            return True
        return group_subject(fs)
    if _OWN_SUMMIT.search(fs) or _pair_summit(fs, hits, s):
        return False
    if _REGION_SUMMIT.search(fs, max(0, trig.start - 30), trig.start):
        return True  # "the Russia-Africa summit": one state and a whole region
    orgs = [h for h in hits if h.kind == "org"]
    at = s + trig.start
    if any(at - 60 <= h.start <= at + 40 for h in orgs):
        return True
    return bool(_MANY.search(fs)) or earlier


def _pair_summit(fs: str, hits: list[Hit], s: int) -> bool:
    """'The Russian-US summit', 'a US-China summit': two states' own summit."""
    places = {h.start: h for h in hits if h.kind in ("country", "adjective")}
    for h in places.values():
        if fs[h.end - s : h.end - s + 1] == "-" and h.end + 1 in places:
            tail = fs[places[h.end + 1].end - s :]
            if re.match(r"\s+(?:[\w-]+\s+){0,2}?summit\b", tail):
                return True
    return False


def opening_day(folded_sentence: str, day: date | None) -> date | None:
    """'The two-day summit wrapped up Sunday': the gathering opened on Saturday."""
    m = _SPAN.search(folded_sentence)
    if day is None or m is None or not _CLOSING.search(folded_sentence):
        return day
    return day - timedelta(days=_DAYS[m.group(1)])
