"""A cheap first look that turns away articles with no sign of a diplomatic meeting.

Most of a news stream is sport, business and crime. One pass of one Aho-Corasick
automaton (native speed, whatever the number of words) finds the meeting cue words
and the words of office; an article that lacks either kind cannot state a diplomatic
meeting. `cue_positions` also tells the extractor which sentences to read at all.
It must never turn away a real meeting report, so it looks for words, not structure.
"""

from __future__ import annotations

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

from parley.extract.text import tokens_only
from parley.translate import lower

__all__ = ["cue_positions", "may_state_meeting", "stating_cue_positions"]

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
    # meetings told by their setting: "sat down with", "a working lunch", "on the
    # fringes of", "paid a courtesy call", "postpone the summit"
    "sat",
    "sit",
    "sits",
    "lunch",
    "luncheon",
    "dinner",
    "breakfast",
    "banquet",
    "fringes",
    "paid",
    "pays",
    "postpone",
    "cancel",
    "talked",
    "discussions",
    "dialogue",
    # found missing by a rule's example (tests/unit/extract/test_rules.py)
    "credentials",
    "credence",
    "dialled",
    "dialed",
]
# Words that only add sentences to read in an article another cue already let in:
# common in all political news, they would let much of it past the prefilter.
_SECONDARY = [
    "receive",  # "where Starmer will receive him"
    "receiving",
    "welcome",
    "welcoming",
    "council",  # "The SCO Council of Foreign Ministers was held in Moscow"
    # These two never make a sentence state a meeting of its own: they only tell who
    # was at one reported already, so their sentences need no trigger search.
    # Meeting words found missing by rules' examples (tests/unit/extract/test_rules.py):
    # "a ministerial conference", "a conference of defence ministers", "a tete-a-tete".
    "conference",
    "ministerial",
    "tete",
    # "also discussed with the Ghanaian president" (rules: discussed-with-an-official)
    "discussed",
    "conferred",
    "exchanged",
    "leaders",  # "Kishida and leaders including Widodo ... agreed": at the summit
    "delegation",  # "Dmitriev, who was also part of the Russian delegation"
]
_ATTENDANCE = frozenset({"leaders", "delegation"})

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


def _patterns() -> tuple[list[str], int, int]:
    """The patterns of the three kinds of word, and where the cues and the secondary
    cues begin among them.

    They are matched in the text with punctuation as spaces, padded with a space at each end:
    office words are matched anywhere (as prefixes too: "ministers", "presidential",
    and inside other words, as before), cues padded with spaces so that only whole
    words match. Office words are letters only, so blanking punctuation cannot make
    or break one of their matches.
    """
    office = sorted(set(_OFFICE))
    cues = [f" {w} " for w in sorted(set(_CUES))]
    secondary = sorted(set(_SECONDARY) - set(_CUES), key=lambda w: (w in _ATTENDANCE, w))
    return (
        [*office, *cues, *(f" {w} " for w in secondary)],
        len(office),
        len(office) + len(cues),
    )


_PATTERNS, _FIRST_CUE, _FIRST_SECONDARY = _patterns()
_FIRST_ATTENDANCE = len(_PATTERNS) - len(_ATTENDANCE - set(_CUES))
_SCANNER = AhoCorasick(_PATTERNS)
# Most text is ASCII, where byte and character offsets agree; the byte automaton as a
# DFA scans it about a quarter faster than the str one (10 against 13 us for 4,600
# characters) and, for these hundred words, costs next to no memory.
_BYTE_SCANNER = BytesAhoCorasick([p.encode() for p in _PATTERNS], implementation=Implementation.DFA)

# The extractor asks may_state_meeting and then cue_positions about the same text; the
# one scan answers both, so the last answer is kept for the text it was made from.
_last: tuple[str, bool, list[int], list[int]] | None = None


def _scan(low: str) -> tuple[bool, list[int], list[int]]:
    """Whether an office word and a (primary) cue occur, every cue's position, and the
    positions of the cues that may state a meeting (all but the attendance words)."""
    global _last
    last = _last  # one read, in case a thread swaps it meanwhile
    if last is not None and last[0] is low:
        return last[1], last[2], last[3]
    padded = f" {tokens_only(low)} "
    office = primary = False
    cues: list[int] = []
    stating: list[int] = []
    # Overlapping, because a padded cue shares its closing space with the next one's
    # opening space ("met met"), and office words may sit inside cues or each other.
    if padded.isascii():
        found = _BYTE_SCANNER.find_matches_as_indexes(padded.encode(), overlapping=True)
    else:
        found = _SCANNER.find_matches_as_indexes(padded, overlapping=True)
    for pattern, start, _ in found:
        if pattern < _FIRST_CUE:
            office = True
        else:
            primary = primary or pattern < _FIRST_SECONDARY
            # The cue's word starts one place after its pad, which the text lacks.
            cues.append(start)
            if pattern < _FIRST_ATTENDANCE:
                stating.append(start)
    _last = (low, office and primary, cues, stating)
    return office and primary, cues, stating


def cue_positions(low: str) -> list[int]:
    """Start offsets of whole-word meeting cues in lower-cased text."""
    return list(_scan(low)[1])


def stating_cue_positions(low: str) -> list[int]:
    """The cue offsets whose words may state a meeting of their own (not 'leaders')."""
    return sorted(_scan(low)[2])


def may_state_meeting(text: str, low: str | None = None) -> bool:
    """False when `text` surely states no diplomatic meeting; True when it might."""
    low = lower(text) if low is None else low
    return _scan(low)[0]
