"""Which sentences state a meeting, of what kind, by what medium, and whether it happened.

Patterns run on folded text (lower case, no diacritics). A sentence can carry a
meeting word and still state no meeting: a negation, a demand, a hypothesis, or a
meeting of the wrong sort (a board, a central bank, a football match). Those are
ruled out here, per sentence, before anyone looks for participants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.extract.gate import Gated, WordIndex
from parley.translate import lower

__all__ = [
    "Trigger",
    "anaphoric_kind",
    "cancelling_at",
    "find_call_verb",
    "find_trigger",
    "refers_back",
]

# "spoke today with", "spoke again to": one adverb may sit between the verb and its object.
_ADVERB = r"(?:today|yesterday|tonight|earlier|later|again|also|separately|briefly|this\s+(?:morning|afternoon|evening))"

# Order matters: the first pattern that matches decides kind and mode.
_KINDS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "summit",
        "video",
        re.compile(
            r"\b(?:virtual|online|video)\s+(?:[\w'-]+\s+){0,3}?summit\b"
            r"|\bsummit\b[^.;]{0,40}?\b(?:via|by|over)\s+video"
        ),
    ),
    (
        "call",
        "video",
        re.compile(
            r"\b(?:video\s*(?:call|conference|conferencing|link|chat)|videoconference|videocall"
            r"|virtual(?:ly)?\s+(?:\w+\s+)?(?:meeting|talks|call|conversation|discussion)s?"
            r"|(?:held|hold|holds|had)\s+(?:a\s+)?(?:meeting|talks)\s+(?:virtually|online|via video)"
            r"|(?:met|meet|meets|spoke|speak|talked)\s+(?:\w+\s+){0,4}?(?:virtually|online|via video|by video)"
            r"|online\s+(?:meeting|talks|conversation))\b"
        ),
    ),
    (
        "call",
        "phone",
        re.compile(
            r"\b(?:tele)?phone\s+(?:call|conversation|talks?|discussion|conference)s?\b"
            r"|\b(?:tele)?phoned\b|\btelephoned\b|\b(?:by|over the|on the|via)\s+(?:tele)?phone\b"
            r"|\btelephonic\b|\bphone\s+with\b|\bdialled\b|\bdialed\b"
        ),
    ),
    (
        "call",
        "remote",
        re.compile(
            r"\b(?:conference|secure|joint|separate|brief|hour-long|\w+-minute)\s+call\b"
            r"|\b(?:held|had|hold|holds|have|has|made|make|received|took|join(?:ed)?|in)\s+"
            r"(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}?call\s+"
            r"(?:(?:today|yesterday|tonight|earlier|on\s+\w+day)\s+)?(?:with|between|to|from)\b"
            r"|\bcall\s+(?:with|between)\b|\bcalls\s+with\b"
            r"|\b(?:on|in|during|joined|join|joins|joining)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?call\b(?!\s+for\b)"
            r"|\bcall\s+(?:convened|organi[sz]ed|hosted|initiated|chaired|arranged)\b"
            r"|\b(?:spoke|speaks|speak|talked)\s+(?:"
            + _ADVERB
            + r"\s+)?(?:with|to)\b(?=\s+(?:his|her|their|the|[a-z]+\s+)?(?:\w+\s+){0,4}?"
            r"(?:president|prime minister|chancellor|minister|counterpart|secretary|king|leader|emir|crown prince))"
        ),
    ),
    (
        "summit",
        "in_person",
        re.compile(
            r"\bsummit\b|\bministerial\s+(?:meeting|conference)\b|\bconference\s+of\s+(?:\w+\s+)?ministers\b"
            # "the meeting of the Council of Heads of State of the SCO"
            r"|\bmeeting\s+of\s+the\s+(?:council\s+of\s+)?heads\s+of\s+(?:state|government)\b"
            r"|\bcouncil\s+of\s+(?:foreign\s+|defen[cs]e\s+)?ministers\b"
        ),
    ),
    (
        "visit",
        "in_person",
        re.compile(
            r"\b(?:state|official|working|first|two-day|three-day|four-day|five-day|day-long|maiden|surprise|\w+-nation)\s+(?:\w+\s+)?visit\b"
            r"|\bvisit(?:ed|ing|s)?\s+(?:to\s+)?(?:the\s+)?[a-z]+\b(?<!\bvisits to)"
            # "paid a courtesy call on", "called on Emperor Naruhito" (not "called on X to act")
            r"|\bpa(?:id|ys|y)\s+(?:a\s+|an\s+)?(?:courtesy\s+|official\s+)?(?:call|visit)\s+(?:on|to)\b"
            r"|\bcall(?:ed|s)\s+on\s+(?![\w'-]+\s+(?:[\w'-]+\s+){0,5}?to\s)"
        ),
    ),
    (
        "talks",
        "in_person",
        re.compile(
            r"\b(?:held|hold|holds|holding|had|have|has|for|in|of|during|resumed|began"
            r"|concluded|opened)\s+"
            # "held what both sides called constructive talks"
            r"(?:[\w-]+\s+){0,5}?(?:talks|negotiations|consultations|discussions|dialogue)\b"
            r"|\b(?:talks|negotiations|consultations)\s+(?:with|between)\b"
            r"|\bround\s+of\s+(?:[\w-]+\s+){0,3}?(?:talks|negotiations|consultations)\b"
        ),
    ),
    (
        "meeting",
        "in_person",
        re.compile(
            r"\b(?:met|meets|meet|meeting)\s+(?:with\s+)?\b"
            r"|\bmeeting\b|\bhosted\b|\bhosts\b|\bhosting\b|\breceived\b|\breceives\b|\bwelcomed\b"
            r"|\b(?:to|will|would|shall)\s+(?:also\s+)?(?:host|receive|welcome)\b"
            r"|\bsidelines\b|\bsideline\b|\bfringes\b|\bbilateral\b|\baudience\b|\bsat down\b|\bsits down\b"
            r"|\b(?:had|held|hosted|gave|over|at)\s+(?:a\s+)?(?:working\s+|private\s+|state\s+|official\s+)?"
            r"(?:lunch|luncheon|dinner|breakfast|banquet)\s+(?:with|for)\b"
            r"|\bheld\s+(?:a\s+)?(?:\w+\s+)?(?:meeting|tete-a-tete|conversation)\b"
        ),
    ),
]

# "call" followed by no word character, or "calls" and a space: every match of the
# remote-call pattern's call alternatives has one, and "called the proposal a ..." not.
_CALL_WORD = re.compile(r"call(?:\b|s\s)")
# The visit pattern's "paid a courtesy call on" and "called on Emperor Naruhito".
_PAY = re.compile(r"pa(?:id|ys|y)\s")
_CALL_ON = re.compile(r"call(?:ed|s)\s+on\s")


# Words without which each pattern above cannot match, in the same order: a set test
# on the sentence's words (one WordIndex pass) is far cheaper than the pattern. Each
# names words that every match of its pattern contains.
_KIND_WORDS = (
    frozenset({"summit"}),
    frozenset({"video", "virtual", "online"}),
    frozenset({"phone", "dial"}),
    frozenset({"spoke", "speak", "talked"}),  # or "call", as _kinds_open tells
    frozenset({"summit", "ministerial", "conference", "heads of", "council of"}),
    frozenset({"visit"}),  # or "call", as _kinds_open tells
    frozenset({"talks", "negotiations", "consultations", "discussions", "dialogue"}),
    frozenset(
        {"met", "meet", "host", "receiv", "welcom", "sideline", "fringes", "bilateral"}
        | {"audience", "sat down", "sits down", "held", "lunch", "dinner", "breakfast"}
        | {"banquet"}
    ),
)
_TRAVEL_WORDS = frozenset({"arrive", "travel", "trip", "tour"})  # every _WEAK_VISIT match


def _kinds_open(s: str, found: frozenset[str]) -> tuple[bool, ...]:
    """Per pattern of _KINDS, whether it can match `s`, whose gate words are `found`."""
    opened = [not words.isdisjoint(found) for words in _KIND_WORDS]
    if "call" in found:
        # The remote-call and visit patterns' "call" readings need more than the word.
        opened[3] = opened[3] or _CALL_WORD.search(s) is not None
        opened[5] = opened[5] or _PAY.search(s) is not None or _CALL_ON.search(s) is not None
    return tuple(opened)


# Travel words state a visit only when no other meeting word says what happened there.
_WEAK_VISIT = re.compile(
    r"\barrived\s+in\b|\barrives\s+in\b|\btravel(?:l)?(?:ed|s)?\s+to\b|\btrip\s+to\b|\btour\s+of\b"
)
_MEDIUM = frozenset({"phone", "video"})

# Things that look like a meeting and are not, or meetings that did not take place.
_NEGATED = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|do not|don't|will not|won't|would not|has not|have not|"
    r"had not|hasn't|haven't|never|no longer|not)\s+(?:\w+\s+){0,2}?"
    r"(?:meet|met|hold|held|visit|visited|speak|spoken|spoke|talk|call|called|travel|attend"
    r"|take part|took part|participate|participated|join|joined)\b"
    r"|\bno\s+(?:[\w-]+\s+){0,2}?(?:plans?|meetings?|talks|calls?|contacts?|visits?|summits?)\b"
    r"|\b(?:refused|declined|rejected|ruled out|refuses|declines|rejects|snubbed)\s+(?:\w+\s+){0,3}?"
    r"(?:to\s+)?(?:meet|talks|hold|a meeting|an invitation|visit|call)"
    r"|\bwithout\s+(?:meeting|talks|holding)\b"
)
# Every match of _NEGATED holds one of these.
_NEGATING = frozenset(
    {"no", "n't", "never", "refuse", "decline", "reject", "ruled out", "snubbed", "without"}
)
_WISH = Gated(
    r"\b(?:called|calls|calling|call|urged|urges|urging|pressed|appealed|appeals|demanded|demands"
    r"|pushed|pushing|proposed|proposes|suggested|suggests|offered|offers|invited|invites|hopes?|hoped"
    r"|wants?|wanted|seeks?|sought|asked|asks)\s+(?:\w+\s+){0,4}?"
    r"(?:for\s+(?:\w+\s+){0,3}?(?:talks|dialogue|negotiations|a meeting|a summit|meeting)"
    r"|to\s+(?:\w+\s+){0,2}?(?:hold talks|meet|visit|host|negotiate|sit down|return to talks|resume talks|attend)"
    r"|to\s+(?:\w+\s+){0,2}?(?:hold|realize|realise|arrange|organi[sz]e|have|set up)\s+(?:a\s+|an\s+)?(?:\w+\s+)?(?:summit|meeting|talks|call))"
    r"|\b(?:would|could|might|may)\s+(?:be\s+)?(?:\w+\s+)?(?:ready|willing|open|prepared|happy|able)\s+to\s+(?:\w+\s+)?(?:meet|talk|hold|visit|host)"
    r"|\b(?:ready|willing|open|prepared)\s+(?:to|for)\s+(?:[\w']+\s+){0,2}?(?:meet|meeting|talks|dialogue|negotiations|a meeting)"
    r"|\b(?:could|might|may)\s+(?:\w+\s+)?(?:meet|visit|hold talks)\b"
    r"|\bif\s+(?:\w+\s+){0,5}?(?:met|meet|meets|talks)\b"
    # "Zelensky had proposed meeting Putin in Turkiye"
    r"|\b(?:proposed|proposes|suggested|suggests|offered|offers)\s+(?:meeting|holding talks|talks)\b"
    # "did not say whether he would meet Blinken": an open question, not a plan
    r"|\bwhether\s+(?:\w+\s+){0,4}?(?:meet|visit|hold talks|speak|talk|attend)\b"
    r"|\bpossib(?:le|ility of)\s+(?:\w+\s+)?(?:meeting|talks|summit|visit)"
    # "his intent to meet", "eager to meet", "would continue to seek a summit"
    r"|\b(?:intent(?:ion)?|desire|willingness|readiness|eager|keen|wish)\s+to\s+(?:\w+\s+)?(?:meet|visit|hold|talk)"
    r"|\bseek(?:s|ing)?\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:summit|meeting|talks|visit)\b"
    # "the invitation for Obama to visit remained open": an offer, not a plan
    r"|\binvitation\b[^.;]{0,40}\b(?:remains|remained|stands|is still)\s+open\b",
    # the first word of each way to express one
    "call",
    "urg",
    "press",
    "appeal",
    "demand",
    "push",
    "propos",
    "suggest",
    "offer",
    "invit",
    "hope",
    "want",
    "seek",
    "sought",
    "ask",
    "would",
    "could",
    "might",
    "may",
    "ready",
    "willing",
    "open",
    "prepared",
    "if",
    "whether",
    "possib",
    "intent",
    "desire",
    "readiness",
    "eager",
    "keen",
    "wish",
)
# A sports league, not the Arab League: "Premier League", "league match", "league leaders".
_SPORTS_LEAGUE = (
    r"|\b(?:premier|football|soccer|basketball|champions|super|major|rugby|cricket|hockey|nations)\s+league\b"
    r"|\bleague\s+(?:match|game|title|season|table|leaders|fixture|cup|champions|win|defeat)"
)
# Meetings of other sorts, each reading behind words it cannot do without: as one
# pattern they ran at every position of every sentence with a meeting word.
_WRONG_SORTS = (
    Gated(
        r"\b(?:board|shareholders?'?|annual general|agm|policy|rate-setting|monetary policy|fomc|"
        r"cabinet|party|congress|parliamentary|plenary|caucus|faculty|town hall|committee"
        r"|council of ministers)\s+meeting\b",
        *("board", "shareholder", "annual general", "agm", "policy", "rate-setting", "fomc"),
        *("cabinet", "party", "congress", "parliamentary", "plenary", "caucus", "faculty"),
        *("town hall", "committee", "council of ministers"),
    ),
    Gated(r"\bmet\s+(?:with\s+)?(?:heavy|fierce|stiff|strong)\s+resistance\b", "resistance"),
    Gated(
        r"\b(?:meet|met|meets|meeting)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?"
        r"(?:target|targets|demand|deadline|goal|needs|criteria|expectations|press|reporters"
        r"|journalists|voters|supporters)\b",
        *("target", "demand", "deadline", "goal", "needs", "criteria", "expectations"),
        *("press", "reporters", "journalists", "voters", "supporters"),
    ),
    Gated(
        r"\b(?:semi-?final|quarter-?final|final|match|fixture|tournament|cup|world cup|olympics?"
        r"|grand prix)\b",
        *("final", "match", "fixture", "tournament", "cup", "olympic", "grand prix"),
    ),
    Gated(_SPORTS_LEAGUE.removeprefix("|"), "league"),
    # "The visiting side struggled", "fans turned out to welcome the players home"
    Gated(
        r"\bvisiting\s+(?:side|team|club|fans|supporters|players|squad)\b"
        r"|\bwelcom\w*\s+(?:the\s+)?(?:players|squad|team)\b",
        "visiting",
        "welcom",
    ),
    Gated(
        r"\b(?:transfer|contract|wage|pay|labou?r|union|merger|takeover|trade union)\s+talks\b",
        *("transfer", "contract", "wage", "pay", "labo", "union", "merger", "takeover"),
    ),
    Gated(
        r"\b(?:earnings|conference)\s+call\b(?=.*\b(?:analysts|investors|shareholders)\b)",
        "earnings",
        "conference",
    ),
    Gated(
        r"\bpress\s+conference\b(?!.*\b(?:after|following)\s+(?:their|the)\s+(?:talks|meeting))",
        "press",
    ),
)


def _wrong_sort(s: str, found: frozenset[str]) -> bool:
    return any(rx.search(s, found=found) is not None for rx in _WRONG_SORTS)
_PLANNED = Gated(
    r"\b(?:will|shall|would|is to|are to|'ll)\s+(?:also\s+)?(?:\w+\s+)?(?:co-)?(?:meet|hold|visit|travel|host|speak|attend|receive|pay|have|take part|participate|convene|chair|lead|head|call|fly|attend|arrive|stop|go|come|return|join)\b"
    r"|\b(?:will|would)\s+(?:also\s+)?be\s+(?:joined|received|hosted|welcomed)\b"
    r"|\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:expected|scheduled|due|set|slated|poised|planning|preparing|going)\s+to\b"
    # "Beijing expected Xi to pay a state visit next spring"
    r"|\bexpect(?:s|ed)?\s+(?:[\w'-]+\s+){1,4}?to\s+(?:visit|meet|pay|travel|hold|attend|host)\b"
    r"|\b(?:is|are)\s+(?:\w+\s+)?(?:due|expected)\s+(?:in|at|on)\b"
    r"|\b(?:plans|planned|intends|intend|aims)\s+to\s+(?:\w+\s+)?(?:meet|visit|hold|travel|host|speak)"
    r"|\b(?:ahead of|before|in preparation for|to prepare for|preparations for)\s+(?:the\s+|a\s+|his\s+|her\s+|their\s+|next\s+)?(?:[\w'-]+\s+){0,3}?(?:talks|meeting|visit|summit|call)\b"
    r"|\b(?:next|upcoming|forthcoming|coming)\s+(?:week|month|weekend|\w+day|summit|visit|meeting|talks)\b"
    r"|\btomorrow\b|\blater this (?:week|month|year)\b|\bto visit\b|\bto meet\b|\bto hold talks\b"
    # "Starmer is hosting a summit on Sunday": an arrangement for a coming day
    r"|\b(?:is|are)\s+(?:hosting|holding|visiting|travelling|traveling|flying|heading)\b"
    r"(?=[^.;]*\b(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next)\b)"
    # News writes the near future in the present tense: "the summit opens on Saturday".
    r"|\b(?:opens|begins|starts|gather|gathers|convene|convenes|kicks off|arrives|heads|travels|flies)"
    r"\s+(?:[\w-]+\s+){0,4}?(?:on\s+\w+day|next|this|tomorrow|later)\b"
    r"|\binvit(?:ed|es|ation)\b(?:\s+[\w-]+){0,6}?\s+(?:visit|summit|talks)\b",
    # words each way to tell of a plan holds
    *("will", "shall", "would", "is to", "are to", "'ll", "expect", "scheduled", "due", "set"),
    *("slated", "poised", "plan", "prepar", "going", "intend", "aims", "ahead of", "before"),
    *("next", "coming", "tomorrow", "later this", "to visit", "to meet", "to hold talks"),
    *("hosting", "holding", "visiting", "travel", "flying", "heading", "opens", "begins"),
    *("starts", "gather", "convene", "kicks off", "arrives", "heads", "flies", "invit"),
)
# "becoming the first Indian leader to visit Ukraine": a record, not a plan
_FIRST_TO = re.compile(
    r"\b(?:first|last|only)\s+(?:[\w-]+\s+){0,3}?to\s+(?:visit|meet|hold talks)\b"
    r"(?!.*\b(?:will|would|is to|are to|expected|scheduled|due|set to|plans?)\b)"
)
_SCHEDULED = re.compile(
    r"\b(?:scheduled|due|set|planned|slated|was to|were to|had been expected)\b"
)
_CANCELLED = Gated(
    r"\b(?:cancel(?:l)?ed|cancels|cancel(?:l)?ing|called off|calls off|postponed|postpones|postponing"
    r"|scrapped|scraps|put off|delayed|deferred|shelved|suspended"
    # the bare verb after a modal: "he will postpone the summit"
    r"|(?:will|would|to|may|might)\s+(?:\w+\s+)?(?:cancel|postpone|call off|scrap|put off|delay))\b",
    "cancel",
    "call",
    "postpon",
    "scrap",
    "put off",
    "delay",
    "deferred",
    "shelved",
    "suspended",
)


# The words of every gate that find_trigger asks about a sentence, read in one pass.
_WORDS = WordIndex(
    [
        *(w for words in _KIND_WORDS for w in words),
        "call",
        *_TRAVEL_WORDS,
        *_NEGATING,
        *(w for gate in (_WISH, _PLANNED, _CANCELLED, *_WRONG_SORTS) for w in gate.words),
    ]
)


def cancelling_at(folded_sentence: str) -> int | None:
    """Where the sentence's word of cancelling starts ("called off", "postponed"), if any."""
    m = _CANCELLED.search(folded_sentence)
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


def find_trigger(folded_sentence: str) -> Trigger | None:
    """The meeting stated by one sentence (folded), or None if it states none."""
    s = folded_sentence
    words = _WORDS.found(s)
    found: list[tuple[int, int, str, str]] = []
    for (kind, mode, rx), gate_open in zip(_KINDS, _kinds_open(s, words), strict=True):
        if not gate_open:
            continue
        m = rx.search(s)
        if m is not None:
            found.append((m.start(), m.end(), kind, mode))
    if not found:
        if _TRAVEL_WORDS.isdisjoint(words):
            return None
        m = _WEAK_VISIT.search(s)
        if m is None:
            return None
        found.append((m.start(), m.end(), "visit", "in_person"))
    if _wrong_sort(s, words) and not _strong_diplomatic(s):
        return None
    # A stated medium makes it a call whatever else the sentence says ("held talks by
    # phone"); otherwise the first meeting word in the sentence is the main one.
    medium = [f for f in found if f[3] in _MEDIUM]
    # Of two readings starting together the longer says more: "received a call from".
    start, end, kind, mode = medium[0] if medium else min(found, key=lambda f: (f[0], -f[1]))
    if kind == "meeting" and s.startswith("host", start):
        # "Starmer is hosting a summit of European leaders": what is hosted is the kind
        hosted = [f for f in found if f[2] == "summit" and f[0] < start + 40]
        if hosted:
            start, end, kind, mode = hosted[0]
    # In a cancellation, "would not attend" or "had hoped to host" explain it.
    # searched once: both the denial test and the status need it
    cancelled = _CANCELLED.search(s, found=words) is not None
    called_off = cancelled and not _NOT_CANCELLED.search(s)
    if not called_off and (
        (_may_negate(words) and _denies(_NEGATED.search(s), s, end))
        or _denies(_WISH.search(s, found=words), s, end)
    ):
        return None
    status = "occurred"
    if cancelled:
        status = "cancelled"
        scheduled = bool(_SCHEDULED.search(s))
    elif (
        (planned := _PLANNED.search(s, found=words)) is not None
        and not _past_dominates(s, planned)
        and not _FIRST_TO.search(s)
        and not (medium and _DURING_CALL.search(s, max(0, start - 30), end + 1))
    ):
        status = "planned"
    strength = 0.9 if kind in ("call", "summit", "visit", "talks") else 0.75
    forward = status == "planned" or (status == "cancelled" and scheduled)
    return Trigger(kind, mode, status, start, end, strength, forward)


# "Biden called Albanese on Tuesday": a call, told apart from "called for", "called
# off" and "so-called" by the capitalised name that must follow.
_CALLED = re.compile(
    r"\b(?:called|calls|rang|dialled|dialed)\s+(?:up\s+)?(?:his|her|their)?\s*"
    r"(?:[A-Z][\w.'-]+\s+){0,3}?(?:counterpart\s+)?[A-Z][\w'-]+"
    # what follows the name shows a conversation, not a judgement ("called Biden a ...")
    r"[^.;\"]{0,60}?\b(?:on\s+\w+day|to\s+(?:discuss|inform|congratulate|express|offer|thank|brief|"
    r"convey|tell|say|ask|urge|assure)|and\s+(?:discussed|spoke|talked|told|asked|urged)|yesterday|today|"
    r"earlier|last\s+\w+|this\s+(?:morning|evening|week))"
)


# "Trudeau spoke with Trump on Monday": a conversation with a named person, not face
# to face (that would say where, or be on the sidelines of something).
_SPOKE = re.compile(
    r"\b(?:spoke|speaks|talked)\s+(?:"
    + _ADVERB
    + r"\s+)?(?:with|to)\s+(?:[A-Z][\w.'-]+\s+)*[A-Z][\w'-]+"
)
_IN_PERSON = re.compile(
    r"\b(?:sidelines?|margins|in person|face-to-face|met|meeting|visit|summit)\b"
)


_PURPOSE = re.compile(
    r"\b(?:to discuss|to review|to prepare|to coordinate|about|ahead of|on the upcoming)\b"
)


def find_call_verb(sentence: str) -> Trigger | None:
    """A call stated with the verb 'call' and a named person ("Modi called Putin")."""
    # Both patterns are case-sensitive; every match holds one of these verbs.
    called = "call" in sentence or "rang" in sentence or "dial" in sentence
    m = _CALLED.search(sentence) if called else None
    if m is None:
        if not ("spoke" in sentence or "speaks" in sentence or "talked" in sentence):
            return None
        m = _SPOKE.search(sentence)
        # "spoke with X to discuss the upcoming summit": what they spoke about is no place
        about = _PURPOSE.search(sentence, m.end()) if m else None
        if m is None or _IN_PERSON.search(lower(sentence[: about.start() if about else None])):
            return None
    s = lower(sentence)
    words = _WORDS.found(s)
    if (_may_negate(words) and _NEGATED.search(s)) or _WISH.search(s, found=words):
        return None
    planned = _PLANNED.search(s, found=words)
    status = "planned" if planned and not _past_dominates(s, planned) else "occurred"
    return Trigger("call", "remote", status, m.start(), m.end(), 0.8, status == "planned")


_NOT_CANCELLED = re.compile(
    r"\b(?:not|never|no)\s+(?:\w+\s+)?(?:cancel|postpone|call off|scrap|delay)"
)


_LATER_CLAUSE = re.compile(r",\s+(?:and|but|while|where|as|after|before|then)\b|;")


def _may_negate(found: frozenset[str]) -> bool:
    """Whether _NEGATED can match a sentence whose gate words are `found`."""
    return not _NEGATING.isdisjoint(found)


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
    + _SPORTS_LEAGUE
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
