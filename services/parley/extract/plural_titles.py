"""A plural title followed by a list of states: one unnamed side per state.

"received the new ambassadors of A, B and C", "met his counterparts from A and B",
"talks with the prime ministers of A and B": each state named is one side, holding the
title in the singular (a counterpart holds the office of the person just named). The
people are usually not named; the knowledge base may know who held the office then.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from parley.extract.lexicon import Hit
from parley.extract.mention import Mention
from parley.extract.unnamed import resolve_title
from parley.knowledge import KnowledgeBase
from parley.model import Participant
from parley.translate import lower

__all__ = ["ListedSide", "listed_sides", "sides_of_lists"]

# plural title -> the office each side holds ("" for a counterpart: the subject's office).
# "The leaders of A and B" name no office: heads of state or of government.
_TITLES = {
    "ambassadors": "Ambassador",
    "envoys": "Envoy",
    "presidents": "President",
    "prime ministers": "Prime Minister",
    "premiers": "Prime Minister",
    "foreign ministers": "Foreign Minister",
    "defence ministers": "Defence Minister",
    "defense ministers": "Defence Minister",
    "counterparts": "",
}
# Read backwards from a state: the plural title that opens its list, ending where the
# state starts (searched within the few characters before each state, not over the text)
_PLURAL_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(_TITLES, key=len, reverse=True)) + r")\s+(?:from|of)\s+(?:the\s+)?\Z",
    re.I,
)
_REACH = 40  # characters: the longest title with "from the" and some spaces
# what joins two states of one list: "A, B and C", "A, B, as well as C"
_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+)(?:the\s+)?")


# the characters a list joint may open with (_JOIN): a cheap test before the pattern
_JOIN_OPENS = frozenset(", \t\n")


class ListedSide(NamedTuple):
    start: int
    end: int
    office: str  # "" when the office is the subject's ("counterparts")
    country: str


def listed_sides(text: str, hits: list[Hit]) -> list[ListedSide]:
    """The states listed after each plural title of the text ("the presidents of A and
    B"), or before one ("A and B presidents", "the Kenyan and Ugandan presidents"), in
    order."""
    states = {h.start: h for h in hits if h.kind in ("country", "adjective")}
    out: list[ListedSide] = []
    reach = -1  # where the last list read ends: its states open no list of their own
    for start in sorted(states):
        if start <= reach:
            continue
        m = _PLURAL_BEFORE.search(text, max(0, start - _REACH), start)
        if m is None and (
            text[states[start].end : states[start].end + 1] not in _JOIN_OPENS
            or _JOIN.match(text, states[start].end) is None
        ):
            continue  # a state alone, in no list: most of them
        run = _run(text, states, start)
        if len(run) < 2:
            continue
        if m is None:
            after = _PLURAL_AFTER.match(text, run[-1].end)
            if after is None:
                continue
            office = _TITLES[lower(after.group(1))]
        else:
            office = _TITLES[lower(m.group(1))]
        reach = run[-1].end
        out.extend(ListedSide(h.start, h.end, office, h.value) for h in run)
    return out


def _run(text: str, states: dict[int, Hit], at: int) -> list[Hit]:
    """The states joined in one list from the one at `at` ("A, B and C")."""
    run: list[Hit] = []
    while (h := states.get(at)) is not None:
        run.append(h)
        join = _JOIN.match(text, h.end)
        if join is None:
            break
        at = join.end()
    return run


# "Somalia and South Sudan presidents": the plural title right after the list's last
# state (counterparts excepted: "A and B counterparts" names no list of states)
_PLURAL_AFTER = re.compile(
    r"\s+(" + "|".join(sorted(set(_TITLES) - {"counterparts"}, key=len, reverse=True)) + r")\b",
    re.I,
)


def sides_of_lists(
    kb: KnowledgeBase, text: str, hits: list[Hit], mentions: list[Mention], on: date | None
) -> list[Mention]:
    """One mention per listed state: the office's holder on the day when the knowledge
    base knows one, else an unnamed side with the office and the state."""
    out: list[Mention] = []
    for side in listed_sides(text, hits):
        office = side.office
        if not office:
            # a counterpart holds the office of the person named before the list
            subject = next(
                (
                    x.participant
                    for x in reversed(mentions)
                    if x.end <= side.start and x.participant.role
                ),
                None,
            )
            office = subject.role if subject is not None and subject.role else ""
        holder = resolve_title(kb, [], office, side.country, None, on) if office else None
        if holder is None or holder.name is None:
            holder = Participant(None, office or None, side.country, None)
        out.append(Mention(side.start, side.end, holder))
    return out
