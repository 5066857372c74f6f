"""A person or group an article names (Mention), and the pieces of title reading that
people.py and unnamed.py share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.knowledge import KnowledgeBase, Person
from parley.model import Participant
from parley.translate import lower

__all__ = [
    "AIDE_WORDS",
    "GENERIC_TITLES",
    "NAME",
    "NOT_NAME",
    "PLURAL_WORDS",
    "Mention",
    "WordsBefore",
    "is_leader",
    "is_minister",
    "kb_participant",
    "may_end_in",
]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    participant: Participant
    former: bool = False
    group: bool = False  # a delegation or a body of people rather than one person


# A name's words stay on one line, and only an initial or a short abbreviation ("R.",
# "Jr.") carries a full stop: "Aizaz Ahmad Chaudhry. He ..." ends with Chaudhry.
NAME = re.compile(
    r"\s*((?:[A-Z][\w'-]*|[A-Z][a-z]{0,2}\.|al-[A-Z][\w'-]*)(?:[^\S\n]+(?:[A-Z][\w'-]*"
    r"|[A-Z][a-z]{0,2}\.|al-[A-Z][\w'-]*|(?:bin|bint|ibn|al|el|de|da|do|dos|das|van|von|der|den|del"
    r"|della|la|le|du|y|abu)\b)){0,4})"
)
NOT_NAME = frozenset(
    [
        "The",
        "A",
        "An",
        "On",
        "In",
        "At",
        "And",
        "But",
        "For",
        "With",
        "After",
        "Before",
        "During",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "He",
        "She",
        "They",
        "It",
        "His",
        "Her",
        "Their",
        "This",
        "That",
        "These",
        "Those",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Sir",
        "Said",
        "Told",
        "Also",
        "Was",
        "Were",
        "Has",
        "Had",
        "Will",
        "Who",
        "Which",
        "While",
        "When",
        "As",
        "Office",
        "Ministry",
        "Government",
        "Palace",
        "House",
        "Spokesman",
        "Spokesperson",
        "Press",
        "Department",
        "Council",
        "Cabinet",
    ]
)
# What [\s-] matches in ASCII: the characters str.isspace calls space, and the hyphen.
_TRAIL = "".join(chr(c) for c in range(128) if chr(c).isspace()) + "-"


def may_end_in(window: str, words: tuple[str, ...]) -> bool:
    """False when `window`, ASCII, does not end in one of `words` (lower case) followed by
    nothing but spaces and hyphens: no pattern that can match only so can match it."""
    return not window.isascii() or lower(window.rstrip(_TRAIL)).endswith(words)


class WordsBefore:
    """A pattern for the words right before a hit, `...(?:last words)\\s+$`, searched in
    a window that ends at the hit.

    Python's engine tries such a pattern at every position of the window, where most
    windows ("... said the ") fail a test of their last word that costs a few C calls.
    """

    __slots__ = ("last", "pattern")

    def __init__(self, pattern: re.Pattern[str], *last: str) -> None:
        self.pattern = pattern
        self.last = tuple(lower(w) for w in last)

    def search(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        if not may_end_in(text[pos:endpos], self.last):
            return None
        return self.pattern.search(text, pos, endpos)


def kb_participant(
    person: Person, role: str | None, country: str | None, org: str | None
) -> Participant:
    # "Chinese leader Xi Jinping" holds an office the knowledge base names exactly.
    if role is not None and role in GENERIC_TITLES and person.role:
        role = person.role
    return Participant(
        name=person.name,
        role=role or person.role,
        country=country if country and not person.org else person.country,
        org=person.org or (org if not person.country else None),
    )


# Offices outside the canonical roles still make someone a participant when they sat
# at the table: "Kremlin aide Yury Ushakov", "special envoy Steve Witkoff".
AIDE_WORDS = ("aide", "advis", "negotiator", "envoy", "led by", "headed by")


PLURAL_WORDS = ("presidents", "ministers", "chancellors")


def is_minister(kb: KnowledgeBase, role: str | None) -> bool:
    return role is not None and ("Minister" in role or "Secretary" in role)


def is_leader(kb: KnowledgeBase, role: str | None) -> bool:
    return role is not None and role in kb.roles and kb.roles[role].head


# Generic titles and the offices they can stand for.
GENERIC_TITLES = {"Minister": is_minister, "Leader": is_leader}
