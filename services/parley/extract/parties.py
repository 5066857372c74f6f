"""Who took part in the meeting a sentence states: the clause that states it, its parties, its organiser."""

from __future__ import annotations

import re
from datetime import date

from parley.extract.draft import Draft, Sentence, add_participant, same_person
from parley.extract.gate import CaseBlind
from parley.extract.lexicon import Hit
from parley.extract.people import Mention
from parley.extract.triggers import (
    Trigger,
)
from parley.knowledge import KnowledgeBase
from parley.knowledge.leaders import leader_of
from parley.model import Participant

__all__ = [
    "CLAUSE_END",
    "PRONOUN",
    "REFERENCE",
    "at_the",
    "clause_end_at",
    "clause_scope",
    "enough_parties",
    "grouping_of",
    "host_state_leader",
    "in_where_clause",
    "last_named",
    "last_two_named",
    "may_refer",
    "organizer_of",
    "pronoun_subject",
    "sentence_participants",
    "split_pairs",
    "their_holders",
    "visited_states",
]
_ORGANIZER = re.compile(r"\b(?:organi[sz]ed|convened|hosted|chaired|called|initiated)\s+by\s+$")
_HOST_VERB = re.compile(
    r"^\s*(?:,[^,]{0,60},\s*)?(?:on \w+\s+)?"
    # "is scheduled to host", "will receive"
    r"(?:(?:is|are|was|were)\s+(?:\w+\s+)?to\s+|will\s+(?:also\s+)?)?"
    r"(?:hosted|hosts|host|received|receives|receive|welcomed|welcomes|welcome|convened|convenes"
    r"|convene|chaired|chairs|chair)\b"
    # who receives a call does not make it: the caller does
    r"(?!\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?call\b)"
)
# "received a congratulatory call today from H.E. Mr. Mohamed Muizzu"
_CALL_FROM = re.compile(
    r"\b(?:call|conversation)\s+(?:(?:today|yesterday|tonight|on\s+\w+day)\s+)?from\s+"
    r"(?:[\w.]+\s+){0,3}$"
)
_SPEAKER = re.compile(
    r"^\s*(?:,[^,]{0,40},\s*)?(?:said|says|told|added|noted|stressed|wrote|tweeted|posted)\b"
)


# Where the clause that states the meeting ends: people named after this are what
# was said or who else was involved, not who met. Every way to end one opens with a
# comma, semicolon, colon or space, which the pattern reads first as one class and
# then tells apart by looking back: a pattern that opens with a class is searched
# for only where the class matches, one opening with alternatives at every position.
# The definition of CLAUSE_END as first written, slower (an alternation tried at every
# position); CLAUSE_END is its rewrite for speed, and tests/unit/test_pattern_rewrites.py
# checks on generated text that both find the same starts. Change both together.
CLAUSE_END_DEFINITION = (
    r",\s+(?:saying|adding|noting|stressing|urging|calling|telling|who|whose|which|while"
    r"|as(?! well as)|after|amid|but|where|when|according|in what|a day|days|hours|weeks"
    r"|shortly|just|even|despite"
    r"|one of)\b"
    r"|;|\s+-{1,2}\s+|\s+—\s+|:\s"
    r"|,?\s+and\s+(?:also\s+)?(?:briefed|informed|updated|urged|thanked)\b"
    r"|,\s+with\s+(?=(?:[\w'.-]+\s+){1,8}?(?:offering|saying|adding|urging|hoping|calling)\b)"
)
CLAUSE_END = re.compile(
    r"[,;:\s](?:"
    r"(?<=,)\s+(?:saying|adding|noting|stressing|urging|calling|telling|who|whose|which|while|as(?! well as)|after|"
    r"amid|but|where|when|according|in what|a day|days|hours|weeks|shortly|just|even|despite"
    # "with Modi, one of several leaders Macron invited as guests"
    r"|one of)\b"
    r"|(?<=;)|(?<=\s)\s*-{1,2}\s+|(?<=\s)\s*—\s+|(?<=:)\s"
    # "met Macron, and also briefed British officials": what else the visitor did
    r"|(?<=,)\s+and\s+(?:also\s+)?(?:briefed|informed|updated|urged|thanked)\b"
    r"|(?<=\s)\s*and\s+(?:also\s+)?(?:briefed|informed|updated|urged|thanked)\b"
    # "..., with Hungarian Prime Minister Viktor Orban offering to host": an aside
    r"|(?<=,)\s+with\s+(?=(?:[\w'.-]+\s+){1,8}?(?:offering|saying|adding|urging|hoping|calling)\b)"
    r")"
)
_POSSESSED = re.compile(
    r"'s?\s+(?!(?:[\w-]+\s+)?(?:visit|meeting|talks|call|trip|summit|conversation|tour|arrival)\b)"
)
_ATTRIBUTIVE = re.compile(
    r"\s+(?:administration|government|campaign|era|presidency|cabinet|team|camp|aides?|allies"
    r"|doctrine|policy|policies|plan|tariffs?)\b"
)
# Words just before a name that keep its bearer away from the table: "an aide to
# President Putin" (named to place someone else), "Lavrov rather than President Putin",
# "on behalf of Obama", "a trip that drew condemnation from EU leaders". One pattern,
# searched once per mention.
_NOT_AT_TABLE = CaseBlind(
    r"(?:\b(?:aide|adviser|advisor|spokesman|spokeswoman|spokesperson|envoy|representative"
    r"|deputy|son|daughter|wife|husband|chief of staff|ally|critic|rival|predecessor|successor)"
    # the one served is a person ("to Putin", "to Russian President Putin"), not a
    # region ("Special Envoy for the Middle East Steve Witkoff")
    r"\s+(?:to|for|of)\s+(?:(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:president|prime minister|premier"
    r"|chancellor|king|queen|emir|crown prince|secretary|minister|leader)\s+)?"
    r"|\b(?:rather than|instead of|in place of|on behalf of|not)\s+(?:by\s+)?"
    r"|\b(?:his|her|their|its)\s+(?:predecessor|successor)\s+"
    r"|\b(?:condemnation|criticism|criticized|criticised|condemned|rebuked|denounced|protests?"
    r"|objections?|warnings?|rebukes?)\s+(?:from|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2})$"
)
# "Before the meeting with Putin, ...": a reference to another meeting, not a participant.
REFERENCE = re.compile(
    r"\b(?:before|after|ahead of|following|prior to|since|during|at)\s+(?:the|his|her|their|a|its)\s+"
    r"(?:[\w'-]+\s+){0,2}?(?:meeting|talks|call|visit|summit|conversation)s?\s+(?:with|between)\s+[^,;]*"
    # "on the sidelines of the G20 summit hosted by Merkel": the host of the summit
    # is not a party to the bilateral held beside it
    r"|\b(?:sidelines|margins)\s+of\s+[^,;]*"
    # "Ahead of the summit, Modi met Biden": the summit only dates the meeting
    r"|\b(?:ahead of|before|after|following|prior to)\s+(?:the|this|a|his|her|their|its)\s+"
    r"(?:[\w'-]+\s+){0,3}?(?:meeting|talks|call|visit|summit|conversation)s?\b"
)


def may_refer(fs: str) -> bool:
    """Whether REFERENCE can match: each of its matches holds a meeting word and one
    of the words that place it ("with", "before", "sidelines", ...)."""
    return (
        "meeting" in fs
        or "talks" in fs
        or "call" in fs
        or "visit" in fs
        or "summit" in fs
        or "conversation" in fs
        or "sidelines" in fs
        or "margins" in fs
    ) and (
        "with" in fs
        or "between" in fs
        or "sidelines" in fs
        or "margins" in fs
        or "before" in fs
        or "after" in fs
        or "ahead of" in fs
        or "following" in fs
        or "prior to" in fs
    )


def clause_end_at(sentence: Sentence, trig: Trigger | None) -> int:
    s, e, fs = sentence.start, sentence.end, sentence.folded
    if trig is not None:
        m = CLAUSE_END.search(fs, trig.end)
        if m:
            return s + m.start()
    return e


def clause_scope(
    text: str, sentence: Sentence, trig: Trigger | None
) -> tuple[int, list[tuple[int, int]]]:
    """End of the meeting clause, and spans that only refer to other meetings."""
    s, _e, fs = sentence.start, sentence.end, sentence.folded
    end = clause_end_at(sentence, trig)
    refs = [(s + m.start(), s + m.end()) for m in REFERENCE.finditer(fs)] if may_refer(fs) else []
    if trig is not None and any(a <= s + trig.start < b for a, b in refs):
        refs = []  # the reference is the only meeting the sentence states
    return end, refs


def sentence_participants(
    mentions: list[Mention],
    text: str,
    s: int,
    e: int,
    trig: Trigger | None = None,
    fs: str | None = None,
) -> list[Participant]:
    chosen: list[Participant] = []
    named_countries: set[str] = set()
    speakers = []
    end, refs = clause_scope(text, Sentence(s, e, fs), trig) if fs is not None else (e, [])
    begin = s
    if fs is not None and trig is not None and "when " in fs[: trig.start]:
        # "Putin and Scholz sat at a long table, a setting also used when Macron held
        # talks with Putin": the meeting is the clause's, and so are its people
        w = _WHEN.search(fs, 0, trig.start)
        if w is not None:
            begin = s + w.end()
    for m in mentions:
        if m.start >= begin and m.start < e and _WHO_TOOK_PART.match(text, m.end):
            # "..., Russian presidential aide Yury Ushakov, who took part in the talks,
            # told reporters": a speaker, perhaps after the clause, but at the table
            add_participant(chosen, m.participant)
            continue
        if m.former or m.start >= end or m.start < begin or any(a <= m.start < b for a, b in refs):
            continue
        if _NOT_AT_TABLE.found(text, max(s, m.start - 40), m.start):
            continue
        if _POSSESSED.match(text, m.end) or _ATTRIBUTIVE.match(text, m.end):
            continue  # "Zelensky's party", "the Trump administration": not the person
        if _BROKER.match(text, m.end):
            continue  # "a summit ... that Macron had sought to broker": not at it
        if _SPEAKER.match(text[m.end : min(e, m.end + 60)]):
            speakers.append(m)
            continue
        add_participant(chosen, m.participant)
    if len(chosen) < 2:
        for m in speakers:
            add_participant(chosen, m.participant)
    named_countries = {p.country or p.org or "" for p in chosen if p.name}
    return [p for p in chosen if p.name or (p.country or p.org) not in named_countries]


def organizer_of(mentions: list[Mention], text: str, s: int, e: int) -> str | None:
    for m in mentions:
        if m.participant.name and _CALL_FROM.search(text, max(s, m.start - 40), m.start):
            return m.participant.name
    for m in mentions:
        if not m.participant.name:
            continue
        if _ORGANIZER.search(text[max(s, m.start - 30) : m.start]) or _HOST_VERB.match(
            text[m.end : min(e, m.end + 80)]
        ):
            return m.participant.name
    return None


def enough_parties(parts: list[Participant], trig: Trigger, text_fold: str) -> bool:
    named = [p for p in parts if p.name]
    if len(parts) >= 2 and named:
        return True
    if len(named) == 0 and len({p.country or p.org for p in parts}) >= 2:
        return True  # "Russian and Ukrainian delegations held talks"
    if len(named) == 1 and trig.kind == "summit":
        return True
    return bool(
        len(named) == 1
        and trig.kind in ("visit", "call")
        and re.search(
            r"\bcounterparts?\b|\b(?:with|to)\s+(?:international|world|allied|other|fellow)\s+leaders\b",
            text_fold,
        )
    )


# "He also met ...", "In the evening he will join ...": the subject is a pronoun.
PRONOUN = re.compile(
    r"^\W*(?:(?:on|in|at|from|after|before|later|earlier|shortly|hours|minutes"
    # "Four days later, he received ..."
    r"|(?:a|an|one|two|three|four|five|six|seven|\d{1,2}|several|a few)\s+(?:days|weeks|hours)\s+(?:later|earlier))"
    r"\b[^,;]{0,40}?,?\s+){0,2}"
    r"(?:(?:later|earlier|separately|meanwhile|also|then)\W+)?(?:he|she)\b"
)
# ... unless the pronoun only reports: "He said Scholz and Duda would meet"
_REPORTS = re.compile(
    r"\b(?:said|says|told|tells|added|noted|stressed|insisted|announced|hopes?|hoped|wants?)\b"
)
# "held separate calls with A and B" splits; "a separate video call with A" is one call.
_SEPARATE = re.compile(
    r"\bseparately\b|\brespectively\b|\beach of\b"
    r"|\bseparate\s+(?:[\w-]+\s+){0,2}?(?:meetings|calls|conversations|bilaterals|sessions|talks)\b"
)


def at_the(fs: str) -> re.Match[str] | None:
    # every match holds one of these words; most sentences hold none
    if "part" in fs or "present" in fs or "attended" in fs or "joined" in fs:
        return _AT_THE.search(fs)
    return None


_BROKER = re.compile(
    r"\s+(?:had\s+|has\s+)?(?:sought|tried|offered|proposed|hoped|wanted)\s+to\s+"
    r"(?:broker|mediate|arrange|host|organi[sz]e)\b"
)
_WHO_TOOK_PART = re.compile(
    r",\s+who\s+(?:also\s+)?(?:took part|participated|attended|was present|sat in)\b"
)
_WHEN = re.compile(r",[^,;]{0,40}?\bwhen\b(?=[^,;]*$)")
# "X, who took part in the talks, said": one person placed at the meeting just reported.
_AT_THE = re.compile(
    r"\b(?:took part|taking part|participated|present|attended|joined)\s+(?:in\s+|at\s+)?(?:the|those)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:talks|meeting|call|conversation|negotiations|summit|session)\b"
    r"|\b(?:was|were)\s+(?:also\s+)?present\b"
)


def visited_states(hits: list[Hit], text: str, start: int, end: int) -> list[str]:
    """The states a visit phrase names as destinations ("will visit France and Serbia")."""
    out: list[str] = []
    last = -1
    for h in hits:
        if h.kind not in ("country", "capital") or h.start < start:
            continue
        if out and not _AND.match(text, last, h.start):
            break  # the list of destinations has ended
        if not out and h.start >= end:
            break
        out.append(h.value)
        last = h.end
    return out


def grouping_of(tagged: list[Hit], named_summits: list[Hit], s: int, at: int) -> str | None:
    """The grouping a gathering belongs to: named beside its summit word, else earlier."""
    near = [h.value for h in tagged if h.kind == "org" and at - 60 <= h.start <= at + 40]
    if near:
        return near[0]
    earlier = [h.value for h in named_summits if h.start < s]
    return earlier[-1] if earlier else None


def last_two_named(mentions: list[Mention], before: int) -> list[Participant]:
    out: list[Participant] = []
    for m in reversed(mentions):
        if m.start >= before or not m.participant.name or m.former:
            continue
        if not any(same_person(m.participant.name, p.name or "") for p in out):
            out.append(m.participant)
        if len(out) == 2:
            return out[::-1]
    return []


_ONE_OFFICE = {
    "foreign secretaries": "Foreign Secretary",
    "foreign ministers": "Foreign Minister",
    "defence ministers": "Defence Minister",
    "defense ministers": "Defence Minister",
    "national security advisers": "National Security Adviser",
    "trade ministers": "Trade Minister",
    "finance ministers": "Finance Minister",
}


def their_holders(
    kb: KnowledgeBase, current: Draft, m: re.Match[str] | None, on: date | None
) -> list[Participant]:
    if m is None or on is None:
        return []
    role = _ONE_OFFICE[m.group(1)]
    out: list[Participant] = []
    for country in dict.fromkeys(p.country for p in current.participants if p.country):
        holders = kb.holders(role, country=country, on=on)
        if len({h.name for h in holders}) == 1:
            h = holders[0]
            out.append(Participant(h.name, role, h.country, None))
        else:
            out.append(Participant(None, role, country, None))
    return out if len(out) >= 2 else []


_HOSTS_AFTER = re.compile(
    r"\s+(?:was\s+|is\s+|had\s+been\s+)?(?:due\s+|set\s+|scheduled\s+|expected\s+)?"
    r"(?:to\s+host|will\s+host|hosts|hosted)\b"
)


def host_state_leader(
    kb: KnowledgeBase, text: str, hits: list[Hit], s: int, e: int, on: date
) -> list[Participant]:
    """The leader of the state a sentence says hosts the summit, else the state itself."""
    for h in hits:
        if s <= h.start < e and h.kind == "country" and _HOSTS_AFTER.match(text, h.end):
            leader = leader_of(kb, h.value, on)
            if leader is not None:
                return [Participant(leader.name, leader.role, leader.country, None)]
            return [Participant(None, None, h.value, None)]
    return []


_WHERE_CLAUSE = re.compile(r",\s+(?:where|at which|in which)\b")


def in_where_clause(
    mentions: list[Mention],
    text: str,
    sentence: Sentence,
    trig: Trigger,
    parts: list[Participant],
) -> list[Participant]:
    """'A planned summit in Amman, where King Abdullah was to host Biden, Sisi and Abbas,
    was called off': the clause that names who was to meet names the meeting's people."""
    s, _e, fs = sentence.start, sentence.end, sentence.folded
    w = _WHERE_CLAUSE.search(fs, trig.end)
    if w is None or w.start() - trig.end > 60:
        return parts
    stop = CLAUSE_END.search(fs, w.end())
    # the list inside the clause runs over commas: end it at the clause's verb's object
    close = fs.find(", was", w.end())
    end = s + (close if close > 0 else stop.start() if stop else len(fs))
    out = list(parts)
    for m in mentions:
        if s + w.end() <= m.start < end and not m.former and m.participant.name:
            add_participant(out, m.participant)
    return out


def pronoun_subject(fs: str, trig: Trigger) -> bool:
    if "he " not in fs[: trig.start]:
        return False  # "he" and "she" both end so; most sentences name their subject
    m = PRONOUN.match(fs)
    return m is not None and _REPORTS.search(fs, m.end(), max(m.end(), trig.start)) is None


def last_named(mentions: list[Mention], s: int, parts: list[Participant]) -> Participant | None:
    """The last person named before `s` who is not among `parts`."""
    names = {p.name for p in parts}
    for m in reversed(mentions):
        if m.start < s and m.participant.name and m.participant.name not in names:
            return m.participant if not m.former else None
    return None


_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$")


def split_pairs(
    parts: list[Participant], trig: Trigger, fs: str, sidelines: bool = False
) -> list[list[Participant]]:
    """'X held separate talks with A and B': one bilateral per counterpart; 'X will
    visit France, Serbia and Hungary': one visit per state. On a summit's sidelines,
    'X also held talks with A and B' are X's bilaterals, unless the words join them."""
    named = [p for p in parts if p.name]
    if trig.kind == "visit" and len(named) == 1 and len(parts) > 2:
        return [[named[0], host] for host in parts if not host.name]
    if trig.kind not in ("meeting", "talks", "call") or len(parts) < 3:
        return [parts]
    beside = (
        sidelines
        and _ALSO_WITH.search(fs) is not None
        and not _TOGETHER.search(fs)
        and len(named) == len(parts)
        and len({p.country or p.org for p in parts}) == len(parts)
    )
    if not beside and not _SEPARATE.search(fs):
        return [parts]
    lead, rest = parts[0], parts[1:]
    return [[lead, other] for other in rest]


_ALSO_WITH = re.compile(r"\balso\s+(?:held\s+(?:\w+\s+)?talks|met)\s+with\b|\balso\s+met\b")
_TOGETHER = re.compile(r"\b(?:trilateral|three-way|joint|jointly|together|both)\b")
