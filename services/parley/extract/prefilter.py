"""A cheap first look that turns away articles with no sign of a diplomatic meeting.

Most of a news stream is sport, business and crime. One compiled scan for meeting
words, then one for titles of office, decides in microseconds whether the full
extractor needs to run at all. It must never turn away a real meeting report, so
it looks for words, not structure.
"""

from __future__ import annotations

import re

__all__ = ["may_state_meeting"]

_MEETING = re.compile(
    r"\b(?:met|meet|meets|meeting|talks|call|called|phone|phoned|telephone|telephoned|video|"
    r"virtual|visit|visited|visiting|visits|summit|spoke|hosted|hosts|received|receives|"
    r"welcomed|sidelines|bilateral|audience|conversation|negotiations|consultations|trip|"
    r"arrived|travel|travelled|traveled)\b",
    re.I,
)
_OFFICE = re.compile(
    r"\b(?:president|prime minister|premier|chancellor|minister|secretary|king|queen|emir|"
    r"sultan|crown prince|counterpart|leader|leaders|envoy|ambassador|delegation|pope|"
    r"nato|united nations|european union|chief)\b",
    re.I,
)


def may_state_meeting(text: str) -> bool:
    """False when `text` surely states no diplomatic meeting; True when it might."""
    return _MEETING.search(text) is not None and _OFFICE.search(text) is not None
