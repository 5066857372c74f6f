"""A meeting word that looks back but names someone new: another meeting.

"During his meeting with Kenya's foreign minister, Jaishankar stressed trade", after a
report of Jaishankar's talks with Lavrov, reads like more about those talks ("his
meeting") but names the person met, who was not at them: it tells a meeting of its
own (the roundups of docs/real-news.md). A back-reference that names nobody new
("during the meeting, the two discussed trade") still adds to the meeting just
reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from parley.extract.draft import Draft, Sentence, same_person
from parley.extract.mention import Mention
from parley.extract.triggers import Trigger

__all__ = ["dated_as", "described_subject", "with_someone_new"]

_REACH = 70  # characters after "meeting with": the counterpart's title and name


def with_someone_new(
    current: Draft, in_sentence: list[Mention], sentence: Sentence, trig: Trigger
) -> bool:
    """Whether the meeting word is "... with" a named person of a side other than the
    current meeting's people, who was not at it."""
    fs = sentence.folded
    if not fs.endswith("with ", 0, trig.end) and not fs.startswith(" with ", trig.end - 1):
        return False
    at = sentence.start + trig.end
    for m in in_sentence:
        if m.start < at - 1 or m.start > at + _REACH:
            continue
        p = m.participant
        if p.name is None or m.former:
            continue
        if any(q.name and same_person(q.name, p.name) for q in current.participants):
            return False
        # someone of a side the current meeting has, unnamed there, may be its own
        sides = {q.country or q.org for q in current.participants}
        return (p.country or p.org) not in sides
    return False


# "Later, the head of state held talks with ...", "The Cuban diplomat also met ...": a
# subject told by a description instead of a name or a pronoun
_DESCRIBED = re.compile(
    r"\W*(?:(?:later|then|afterwards|subsequently|earlier|meanwhile|separately)\W+)?"
    r"the\s+(?:[\w-]+\s+){0,2}?(?:head\s+of\s+state|head\s+of\s+government|diplomat|statesman"
    r"|head\s+of\s+(?:[\w-]+\s+)?diplomacy|top\s+diplomat|visiting\s+(?:[\w-]+\s+)?(?:leader|minister)"
    r"|(?:[\w-]+\s+)?leader)"
    r"\s+(?:also\s+|later\s+|then\s+)?(?=\S)"
)


def described_subject(
    fs: str, trig: Trigger, mentions: list[Mention], starts: list[int], sentence_start: int
) -> bool:
    """Whether the sentence's subject, just before its meeting word, is a description
    of the person the story is about ("the head of state"), nobody being named before
    the meeting word (`mentions` of the report, their `starts` in order)."""
    m = _DESCRIBED.match(fs)
    # "the head of state held talks": the trigger's own words may begin inside the
    # description ("of state held talks"), never after words between the two
    if m is None or m.end() < trig.start:
        return False
    lo = bisect_left(starts, sentence_start)
    hi = bisect_left(starts, sentence_start + trig.start)
    return not any(x.participant.name for x in mentions[lo:hi])


def dated_as(current: Draft, added: list[Draft]) -> None:
    """Meetings told as 'during his meeting with X' after another, with no day of their
    own: a roundup's, on the day of the meeting before (assumed, so a later sentence
    that dates them corrects it)."""
    if current.day is None:
        return
    for d in added:
        if d.day is None and d.trigger.status == current.trigger.status:
            d.day, d.precision, d.assumed = current.day, current.precision, True
