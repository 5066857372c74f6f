"""A cheap first look that turns away articles with no sign of a diplomatic meeting.

Most of a news stream is sport, business and crime. Two passes of one Aho-Corasick
automaton each (C speed, whatever the number of words) find the meeting cue words
and the words of office; an article with neither kind cannot state a diplomatic
meeting. `cue_positions` also tells the extractor which sentences to read at all.
It must never turn away a real meeting report, so it looks for words, not structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import ahocorasick

__all__ = ["cue_positions", "may_state_meeting"]

# Every word a meeting sentence, or a sentence adding to one, is built around.
_CUES = [
    "met",
    "meet",
    "meets",
    "meeting",
    "meetings",
    "talks",
    "talk",
    "call",
    "calls",
    "called",
    "calling",
    "phone",
    "phoned",
    "telephone",
    "telephoned",
    "telephonic",
    "video",
    "videoconference",
    "virtual",
    "virtually",
    "visit",
    "visited",
    "visiting",
    "visits",
    "summit",
    "summits",
    "spoke",
    "speaks",
    "hosted",
    "hosts",
    "hosting",
    "host",
    "received",
    "receives",
    "welcomed",
    "welcomes",
    "sidelines",
    "margins",
    "bilateral",
    "audience",
    "conversation",
    "negotiations",
    "consultations",
    "trip",
    "arrived",
    "arrives",
    "travel",
    "travelled",
    "traveled",
    "travels",
    "tour",
    "attended",
    "attend",
    "attending",
    "joined",
    "participated",
    "included",
    "present",
    "led",
    "headed",
    "represented",
    "accompanied",
    "postponed",
    "cancelled",
    "canceled",
    "took",
    "taking",
    "among",
    "alongside",
    "including",
    "along",
]
_OFFICE = [
    "president",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "minister",
    "secretary",
    "king",
    "queen",
    "emir",
    "sultan",
    "crown",
    "prince",
    "counterpart",
    "leader",
    "envoy",
    "ambassador",
    "delegation",
    "pope",
    "nato",
    "united",
    "nations",
    "european",
    "union",
    "sheikh",
    "diplomat",
    "officials",
]


def _automaton(words: list[str]) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for w in words:
        a.add_word(w, len(w))
    a.make_automaton()
    return a


@cache
def _cues() -> ahocorasick.Automaton:
    return _automaton(_CUES)


@cache
def _office() -> ahocorasick.Automaton:
    # Office words are matched as prefixes too ("ministers", "presidential").
    return _automaton(_OFFICE)


def _cues_in(low: str) -> Iterator[int]:
    n = len(low)
    for end, length in _cues().iter(low):
        start = end - length + 1
        if (start == 0 or not low[start - 1].isalnum()) and (
            end + 1 == n or not low[end + 1].isalnum()
        ):
            yield start


def cue_positions(low: str) -> list[int]:
    """Start offsets of whole-word meeting cues in lower-cased text."""
    return list(_cues_in(low))


def may_state_meeting(text: str, low: str | None = None) -> bool:
    """False when `text` surely states no diplomatic meeting; True when it might."""
    low = text.lower() if low is None else low
    if next(_office().iter(low), None) is None:
        return False
    return next(_cues_in(low), None) is not None
