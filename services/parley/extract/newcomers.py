"""A meeting word that looks back but names someone new: another meeting.

"During his meeting with Kenya's foreign minister, Jaishankar stressed trade", after a
report of Jaishankar's talks with Lavrov, reads like more about those talks ("his
meeting") but names the person met, who was not at them: it tells a meeting of its
own (the roundups of docs/real-news.md). A back-reference that names nobody new
("during the meeting, the two discussed trade") still adds to the meeting just
reported.
"""

from __future__ import annotations

from parley.extract.draft import Draft, Sentence, same_person
from parley.extract.mention import Mention
from parley.extract.triggers import Trigger

__all__ = ["with_someone_new"]

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
