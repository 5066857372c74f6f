"""Which sentences state a meeting, of what kind, by what medium, and whether it happened.

Patterns run on folded text (lower case, no diacritics). A sentence can carry a
meeting word and still state no meeting: a negation, a demand, a hypothesis, or a
meeting of the wrong sort (a board, a central bank, a football match). Those are
ruled out here, per sentence, before anyone looks for participants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.extract.ruleset import RuleBook, load
from parley.translate import lower

__all__ = [
    "RULES",
    "Trigger",
    "anaphoric_kind",
    "cancelling_at",
    "find_call_verb",
    "find_trigger",
    "refers_back",
    "status_of",
]

# The vocabulary (meeting words, negations, wishes, plans, cancellations, meetings of
# the wrong sort) is data: extract/rules/*.toml, compiled by ruleset.py.
RULES = RuleBook.of(load())
_MEDIUM = frozenset({"phone", "video"})

# "becoming the first Indian leader to visit Ukraine": a record, not a plan
_FIRST_TO = re.compile(
    r"\b(?:first|last|only)\s+(?:[\w-]+\s+){0,3}?to\s+(?:visit|meet|hold talks)\b"
    r"(?!.*\b(?:will|would|is to|are to|expected|scheduled|due|set to|plans?)\b)"
)
_SCHEDULED = re.compile(
    r"\b(?:scheduled|due|set|planned|slated|was to|were to|had been expected)\b"
)


def cancelling_at(folded_sentence: str) -> int | None:
    """Where the sentence's word of cancelling starts ("called off", "postponed"), if any."""
    m = RULES.cancelled.search(folded_sentence)
    return m.start() if m else None


# "had agreed to meet in Budapest during a phone call last Thursday": the call was held;
# the plan was made in it
_DURING_CALL = re.compile(
    r"\b(?:during|in|on|over)\s+(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?:phone\s+|video\s+)?(?:call|conversation)\b"
)
# Anchored, so tried at the sentence's start only: no gate (gate.py refuses one).
_ANAPHORA = re.compile(
    r"^(?:\W*)(?:during|in|at|after|following|throughout|on)?\s*(?:the|their|this|that|today's|monday's|"
    r"tuesday's|wednesday's|thursday's|friday's|saturday's|sunday's|the two leaders')\s+"
    r"(?:\w+\s+){0,2}?(call|conversation|meeting|talks|visit|summit|discussion|discussions|video conference|session)\b"
)
_ANAPHORA_KIND = {
    "call": "call",
    "conversation": "call",
    "video conference": "call",
    "meeting": "meeting",
    "talks": "talks",
    "discussion": "talks",
    "discussions": "talks",
    "visit": "visit",
    "summit": "summit",
    "session": "meeting",
}


# Where one trigger family matched a sentence, and what it says: start, end, kind, mode.
# A plain tuple: compiled, a NamedTuple is built by Python code.
Reading = tuple[int, int, str, str]


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    mode: str
    status: str
    start: int
    end: int
    strength: float
    # Whether a bare weekday in the sentence points forward: announcements, and
    # cancellations that name the day the meeting had been scheduled for.
    forward: bool = False


def _readings(s: str, words: frozenset[str], rules: RuleBook) -> list[Reading]:
    """Each trigger family's leftmost match in `s`, in the families' rank; the weak
    (travel) families only when no other matches."""
    found = []
    for weak in (False, True):
        for family in rules.triggers:
            if family.weak is weak and (m := family.search(s, words)) is not None:
                found.append((m.start(), m.end(), family.kind, family.mode))
        if found:
            break
    return found


def _main_reading(s: str, found: list[Reading]) -> Reading:
    """The reading that says what the meeting was."""
    # A stated medium makes it a call whatever else the sentence says ("held talks by
    # phone"); otherwise the first meeting word in the sentence is the main one.
    medium = [f for f in found if f[3] in _MEDIUM]
    # Of two readings starting together the longer says more: "received a call from".
    main = medium[0] if medium else min(found, key=lambda f: (f[0], -f[1]))
    if main[2] == "meeting" and s.startswith("host", main[0]):
        # "Starmer is hosting a summit of European leaders": what is hosted is the kind
        hosted = [f for f in found if f[2] == "summit" and f[0] < main[0] + 40]
        if hosted:
            return hosted[0]
    return main


def find_trigger(
    folded_sentence: str, rules: RuleBook = RULES, words: frozenset[str] | None = None
) -> Trigger | None:
    """The meeting stated by one sentence (folded), or None if it states none; `words`,
    when given, are the gate words of `rules` the sentence holds (rules.words_in)."""
    s = folded_sentence
    if words is None:
        words = rules.words_in(s)
    found = _readings(s, words, rules)
    if not found:
        return None
    if _wrong_sort(s, words, rules) and not _strong_diplomatic(s):
        return None
    start, end, kind, mode = _main_reading(s, found)
    status = status_of(s, words, rules, start, end, mode)
    if status is None:
        return None
    strength = 0.9 if kind in ("call", "summit", "visit", "talks") else 0.75
    return Trigger(kind, mode, status[0], start, end, strength, status[1])


def status_of(
    s: str, words: frozenset[str], rules: RuleBook, start: int, end: int, mode: str
) -> tuple[str, bool] | None:
    """The status of the meeting that folded sentence `s` states at [start, end) —
    occurred, planned or cancelled — and whether its date lies ahead of the report; None
    where the sentence denies the meeting or only wishes for it. The one place a stated
    meeting's status is decided, whichever reading (meeting word or call verb) found it."""
    # In a cancellation, "would not attend" or "had hoped to host" explain it.
    # searched once: both the denial test and the status need it
    cancelled = rules.cancelled.search(s, words) is not None
    called_off = cancelled and rules.not_cancelled.search(s, words) is None
    if not called_off and (
        _denies(rules.negation.search(s, words), s, end)
        or _denies(rules.wish.search(s, words), s, end)
    ):
        return None
    if cancelled:
        return ("cancelled", bool(_SCHEDULED.search(s)))
    if (
        (planned := rules.planned.search(s, words)) is not None
        and not _past_dominates(s, planned)
        and not _FIRST_TO.search(s)
        and not (mode in _MEDIUM and _DURING_CALL.search(s, max(0, start - 30), end + 1))
    ):
        return ("planned", True)
    return ("occurred", False)


def _wrong_sort(s: str, found: frozenset[str], rules: RuleBook) -> bool:
    return any(family.search(s, found) is not None for family in rules.wrong_sorts)


# "Biden called Albanese on Tuesday", "Trudeau spoke with Trump": calls told with a verb
# and a named person; the phrasings are data (extract/rules/calls.toml).
_CALLED = RULES.calls["called"]
_SPOKE = RULES.calls["spoke-with"]
_IN_PERSON = RULES.calls["in-person"]
_PURPOSE = RULES.calls["purpose"]


def find_call_verb(sentence: str) -> Trigger | None:
    """A call stated with a verb and a named person ("Modi called Putin", "Trudeau spoke
    with Trump"), not face to face."""
    # each family first tests its few words (plain substrings: "called", "spoke")
    m = _CALLED.search(sentence)
    if m is None:
        m = _SPOKE.search(sentence)
        if m is None:
            return None
        # "spoke with X to discuss the upcoming summit": what they spoke about is no place
        about = _PURPOSE.search(sentence, None, m.end())
        if _IN_PERSON.search(lower(sentence[: about.start() if about else None])) is not None:
            return None
    s = lower(sentence)
    status = status_of(s, RULES.words_in(s), RULES, m.start(), m.end(), "remote")
    if status is None:
        return None
    return Trigger("call", "remote", status[0], m.start(), m.end(), 0.8, status[1])


_LATER_CLAUSE = re.compile(r",\s+(?:and|but|while|where|as|after|before|then)\b|;")


def _denies(m: re.Match[str] | None, s: str, trigger_end: int) -> bool:
    """Whether a negation or wish `m` found in `s` bears on the meeting stated up to
    `trigger_end`.

    One in a later clause speaks of something else: "Modi met Harris, and invited her
    to visit India".
    """
    if m is None:
        return False
    return m.start() < trigger_end or not _LATER_CLAUSE.search(s, trigger_end, m.start())


_DIPLOMATIC_WORD = re.compile(
    r"\b(?:bilateral|counterpart|foreign minister|prime minister|president)\b"
)
_SPORTS_OR_BUSINESS = re.compile(
    r"\b(?:semi-?final|quarter-?final|match|cup|olympics?|board meeting|shareholders)\b"
    + "|"
    + RULES.pattern_of("sports-league")
)


def _strong_diplomatic(s: str) -> bool:
    return bool(_DIPLOMATIC_WORD.search(s)) and not _SPORTS_OR_BUSINESS.search(s)


_PAST_MAIN = re.compile(
    r"\b(?:met|held|hosted|spoke|visited|telephoned|phoned|received|welcomed|greeted|embraced"
    r"|said|told|announced)\b"
)
# Words ending in -ed that announce rather than report.
_ANNOUNCING = frozenset(
    {"expected", "scheduled", "planned", "invited", "slated", "reported", "said", "agreed"}
)


def _past_word_before(s: str, at: int) -> bool:
    """A verb in the past just before "before ..." ("embraced before holding talks")."""
    head = s[:at].rstrip()
    word = head[head.rfind(" ") + 1 :]
    return len(word) >= 5 and word.endswith("ed") and word not in _ANNOUNCING


_PAST_VERB = re.compile(
    r"\b(?:met|held talks|hosted|spoke|visited|telephoned|phoned|called on|paid)\b"
)
_BEFORE_MEETING = re.compile(r"^(?:ahead of|before|in preparation for|to prepare for)\b")


def _past_dominates(s: str, planned: re.Match[str]) -> bool:
    """Whether the sentence's main verb is past though `planned` (a match of _PLANNED in
    it) speaks of a plan: "X, who will visit Y next week, met Z on Monday"."""
    past = _PAST_VERB.search(s)
    if _BEFORE_MEETING.match(planned.group()) and (
        _PAST_MAIN.search(s) or _past_word_before(s, planned.start())
    ):
        # "Before the meeting with Putin, Guterres held talks with Lavrov"; "Modi and
        # Zelensky embraced before holding talks"
        return True
    return bool(
        past and past.start() < planned.start() and "next" not in s[past.start() : planned.start()]
    )


_ANOTHER = re.compile(r"\b(?:own|separate|another|new|second|third)\s+(?:[\w-]+\s+)?$")
_DEFINITE = re.compile(r"\b(?:the|their|this|that|its|his|her)\s+(?:[\w-]+\s+){0,2}?$")


# Only a meeting noun can refer back; "on the sidelines" places a new meeting.
_NOUNS = frozenset(
    (
        "meeting",
        "meetings",
        "talks",
        "call",
        "calls",
        "conversation",
        "visit",
        "summit",
        "negotiations",
        "consultations",
        "discussions",
        "dialogue",
        "conference",
        "session",
    )
)


def refers_back(folded_sentence: str, trig: Trigger) -> bool:
    """Whether the meeting word is a definite reference ("the summit", "their meeting")."""
    # The meeting noun is the last such word of the match ("of the talks", "the visit comes").
    nouns = [
        m
        for m in re.finditer(r"\w+", folded_sentence[trig.start : trig.end])
        if m.group() in _NOUNS
    ]
    if not nouns:
        return False
    at = trig.start + nouns[-1].start()
    before = folded_sentence[max(0, at - 40) : at]
    # "held her own talks with Xi", "a separate meeting": another meeting, not that one
    return bool(_DEFINITE.search(before)) and not _ANOTHER.search(before)


def anaphoric_kind(folded_sentence: str) -> str | None:
    """The kind of an earlier meeting that a sentence opens by referring to ("The call ...")."""
    m = _ANAPHORA.search(folded_sentence)
    return _ANAPHORA_KIND.get(m.group(1)) if m else None
