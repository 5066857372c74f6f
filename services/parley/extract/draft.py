"""The extractor's state: the report (Report), its sentences (Sentence), the meetings
read so far (Draft, Discourse), and how two readings of people and days compare."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from parley.extract.dates import DateFinding
from parley.extract.kind import working_kind
from parley.extract.lexicon import Hit
from parley.extract.people import Mention
from parley.extract.text import fold_aligned
from parley.extract.triggers import (
    Trigger,
)
from parley.knowledge import KnowledgeBase
from parley.model import Article, Participant

__all__ = [
    "COMPAT",
    "Discourse",
    "Draft",
    "Report",
    "Sentence",
    "add_participant",
    "already_reported",
    "domestic",
    "near_days",
    "new_kind",
    "new_people",
    "overlap",
    "redate",
    "same_day",
    "same_person",
]
# Within one article, any two in-person kinds may describe the same occasion (a
# two-leader "summit" is their meeting); people, not words, keep meetings apart.
_IN_PERSON = {"meeting", "talks", "visit", "summit"}
COMPAT = {"call": {"call"}, **dict.fromkeys(_IN_PERSON, _IN_PERSON)}


@dataclass(slots=True)
class Draft:
    trigger: Trigger
    start: int
    end: int
    evidence: str
    participants: list[Participant]
    organizer: str | None
    day: date | None
    precision: str | None
    folded: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    gathering: bool = False  # a summit or ministerial meeting of many states
    group: str | None = None  # the grouping whose gathering this is ("G20")
    part_of_day: str | None = None  # "morning", "afternoon", "evening", when stated
    # The day came from the report's own date, not from words about the meeting: a
    # later sentence that dates the same meeting corrects it.
    assumed: bool = False

    @property
    def kind(self) -> str:
        """The meeting's kind so far; the final pass decides it (kind.decide_kind)."""
        return working_kind(self.trigger.kind, self.gathering)

    @classmethod
    def told(
        cls,
        text: str,
        sentence: Sentence,
        trigger: Trigger,
        participants: list[Participant],
        found: DateFinding | None = None,
        **facts: Any,
    ) -> Draft:
        """A meeting as the sentence text[s:e] (folded: fs) tells it, dated by `found`."""
        s, e, fs = sentence.start, sentence.end, sentence.folded
        return cls(
            trigger=trigger,
            start=s,
            end=e,
            evidence=text[s:e].strip(),
            participants=participants,
            organizer=facts.pop("organizer", None),
            day=facts.pop("day", found.day if found else None),
            precision=facts.pop("precision", found.precision if found else None),
            folded=[fs],
            spans=[(s, e)],
            **facts,
        )


def same_person(a: str, b: str) -> bool:
    """Spelling variants of one name: hyphens, accents, Zelensky and Zelenskyy."""
    fa, fb = fold_aligned(a).replace("-", " ").split(), fold_aligned(b).replace("-", " ").split()
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        short, other = (fa, fb) if len(fa) == 1 else (fb, fa)
        return other[-1][:6] == short[0][:6] and len(short[0]) >= 4
    return False


def add_participant(out: list[Participant], p: Participant) -> None:
    for i, q in enumerate(out):
        if p.name and q.name and same_person(p.name, q.name):
            if len(p.name) > len(q.name) and " " not in q.name:
                out[i] = replace(p, role=p.role or q.role)
                return
            if q.role is None and p.role is not None:
                out[i] = replace(q, role=p.role)
            return
        if not p.name and not q.name and (p.country, p.org) == (q.country, q.org):
            return
    out.append(p)


def overlap(a: list[Participant], b: list[Participant]) -> int:
    names = {p.name for p in a if p.name}
    return sum(1 for p in b if p.name and p.name in names)


def near_days(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= 3


def already_reported(drafts: list[Draft], parts: list[Participant]) -> bool:
    names = {p.name for p in parts}
    return any({p.name for p in d.participants} >= names for d in drafts)


# Offices that face inward: one state's holder of them with an official of no known
# state is a government meeting ("Interior Minister Siemoniak and Defence Minister
# Kosiniak-Kamysz attended the crisis meeting").
_INWARD = frozenset(
    {"Interior Minister", "Defence Minister", "Finance Minister", "Economy Minister", "Minister",
     "Military Chief", "Chief of Staff", "Prosecutor", "Trade Minister"}
)  # fmt: skip


def domestic(parts: list[Participant]) -> bool:
    """Officials of one state among themselves: a cabinet or crisis meeting, not diplomacy."""
    if any(p.org is not None for p in parts):
        return False
    countries = {p.country for p in parts}
    if len(countries) == 1:
        return None not in countries
    return (
        len(countries) == 2
        and None in countries
        and all(p.country is not None or p.role in _INWARD for p in parts)
    )


def new_kind(trig: Trigger, d: Draft) -> bool:
    return trig.kind not in COMPAT[d.kind]


def same_day(found: DateFinding | None, d: Draft) -> bool:
    return found is None or d.day is None or d.assumed or found.day == d.day


def redate(d: Draft, found: DateFinding | None) -> None:
    """Dates `d` by a later mention's day when its own day was only assumed (the
    report's day, given to a headline that names none) or missing."""
    if found is not None and (d.day is None or d.assumed):
        d.day, d.precision, d.assumed = found.day, found.precision, False


def new_people(d: Draft, parts: list[Participant], limit: int = 2) -> bool:
    names = {p.name for p in d.participants}
    sides = {p.country or p.org for p in d.participants}
    # "Blinken's trip to China ... talks with Qin Gang": Qin names the Chinese side
    unnamed = {p.country or p.org for p in d.participants if not p.name}
    fresh = [
        p
        for p in parts
        if (p.name and p.name not in names and (p.country or p.org) not in unnamed)
        or (not p.name and (p.country or p.org) not in sides)
    ]
    return len(fresh) >= limit


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a report: where it lies in the text, and its folded form.

    A class rather than a NamedTuple: compiled, mypyc builds it natively, where a
    NamedTuple is built by Python code."""

    start: int
    end: int
    folded: str


@dataclass(slots=True)
class Report:
    """What an article tells as a whole, read once before its sentences."""

    article: Article
    text: str
    folded: str  # the text folded (fold_aligned: same offsets)
    kb: KnowledgeBase
    anchor: date | None  # the day the report speaks from ("today")
    head_day: date | None  # the day its lead meeting happened unless it says otherwise
    hits: list[Hit]  # the lexicon's names of states, organisations, people
    mentions: list[Mention]  # the people it names, sorted by start
    starts: list[int]  # each mention's start, for slicing a sentence's out
    tagged: list[Hit]  # the hits naming an organisation, a country or its adjective
    named_summits: list[Hit]  # organisations named just before "summit"
    beside: bool  # whether it tells of a summit's sidelines
    triggers: dict[tuple[int, int], Trigger | None]  # the meeting each sentence states
    # the rules' gate words of each sentence asked for its meeting (RULES.words_in)
    gate_words: dict[tuple[int, int], frozenset[str]]
    spans: list[tuple[int, int]]  # the sentences with a meeting cue, in order


@dataclass(slots=True)
class Discourse:
    """The meetings read so far: what decides whether the next sentence starts a
    meeting, continues one, or tells one in the background."""

    drafts: list[Draft] = field(default_factory=list)
    # meetings told in side clauses ("visited Kyiv, where he met Zelensky"), added at
    # the end unless reported anyway
    told: list[Draft] = field(default_factory=list)
    first: bool = True  # no meeting read yet: the lead's is dated by the date line

    @property
    def current(self) -> Draft | None:
        """The meeting read last, which the next sentence may continue."""
        return self.drafts[-1] if self.drafts else None
