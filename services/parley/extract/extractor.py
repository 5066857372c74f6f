"""The extractor: sentences that state meetings become Candidates.

Reading order matters. A meeting is usually stated once ("X held talks with Y on
Monday") and then described by sentences that refer back to it ("The call included
...", "The two leaders discussed ..."); those sentences add participants and topics
to the meeting they follow instead of starting another one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from parley.extract.dates import DateFinding, anchor_date, date_line, dateline_day, find_date
from parley.extract.gate import CaseBlind, Gated
from parley.extract.gatherings import is_gathering, opening_day
from parley.extract.lexicon import Hit, lexicon
from parley.extract.people import Mention, find_mentions
from parley.extract.places import location_of
from parley.extract.prefilter import cue_positions, may_state_meeting, stating_cue_positions
from parley.extract.text import fold_aligned, plain_text, sentences_at
from parley.extract.topics import topics_of
from parley.extract.triggers import (
    Trigger,
    anaphoric_kind,
    cancelling_at,
    find_call_verb,
    find_trigger,
    refers_back,
)
from parley.extract.visits import Encounter, destinations, visit_kinds
from parley.knowledge import KnowledgeBase, load
from parley.knowledge.leaders import leader_of
from parley.knowledge.outlets import home_country
from parley.model import Article, Candidate, Location, Participant, SourceRef
from parley.translate import lower

__all__ = ["extract"]

_DATELINE = re.compile(
    r"[A-Z][\w .,'\[\]()/-]{0,70}?(?:\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\b\d{1,2}\s+[A-Z][a-z]{2,8})?"
    # "(Reuters) -", "(PTI)" with no dash, "/TASS/.", or a bare colon or dash
    r"(?:\s*\([A-Za-z .]+\)\s*(?::|--|-|—)?|\.?\s*/[A-Z]+/\.?|\s*(?::|--|-|—))\s+"
)
_INCLUDES = Gated(
    r"\b(?:included|includes|including|attended|attending|joined|took part|participated|were present|were among|led by|headed by|represented by|part of|"
    r"was present|along with|together with|accompanied by|also present)\b",
    "includ",
    "attend",
    "joined",
    "part",
    "present",
    "among",
    " by",
    "with",
)
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
# Within one article, any two in-person kinds may describe the same occasion (a
# two-leader "summit" is their meeting); people, not words, keep meetings apart.
_IN_PERSON = {"meeting", "talks", "visit", "summit"}
_COMPAT = {"call": {"call"}, **dict.fromkeys(_IN_PERSON, _IN_PERSON)}


@dataclass(slots=True)
class _Draft:
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

    @classmethod
    def told(
        cls,
        text: str,
        s: int,
        e: int,
        fs: str,
        trigger: Trigger,
        participants: list[Participant],
        found: DateFinding | None = None,
        **facts: Any,
    ) -> _Draft:
        """A meeting as the sentence text[s:e] (folded: fs) tells it, dated by `found`."""
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


def _dateline_end(text: str, start: int) -> int:
    """Where the wire dateline ("SEOUL, May 4 (Yonhap) --") at `start` ends, or `start`."""
    m = _DATELINE.match(text, start)
    return m.end() if m and m.end() - start < 120 else start


# Where the clause that states the meeting ends: people named after this are what
# was said or who else was involved, not who met. Every way to end one opens with a
# comma, semicolon, colon or space, which the pattern reads first as one class and
# then tells apart by looking back: a pattern that opens with a class is searched
# for only where the class matches, one opening with alternatives at every position.
_CLAUSE_END = re.compile(
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
# Where a sentence about the meeting just reported turns to something else: "The call,
# described as candid, came as Yellen prepares to travel to China".
_ASIDE = re.compile(
    r"\s+(?:came|comes)\s+(?:as|amid|after|ahead of|before|days|weeks|a day|hours|just)\b"
    # "The call followed a visit to Moscow by Witkoff": another meeting, told for context
    r"|\s+(?:followed|follows|preceded|precedes)\s+(?:a|an|the|his|her|their)\b"
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
_REFERENCE = re.compile(
    r"\b(?:before|after|ahead of|following|prior to|since|during|at)\s+(?:the|his|her|their|a|its)\s+"
    r"(?:[\w'-]+\s+){0,2}?(?:meeting|talks|call|visit|summit|conversation)s?\s+(?:with|between)\s+[^,;]*"
    # "on the sidelines of the G20 summit hosted by Merkel": the host of the summit
    # is not a party to the bilateral held beside it
    r"|\b(?:sidelines|margins)\s+of\s+[^,;]*"
    # "Ahead of the summit, Modi met Biden": the summit only dates the meeting
    r"|\b(?:ahead of|before|after|following|prior to)\s+(?:the|this|a|his|her|their|its)\s+"
    r"(?:[\w'-]+\s+){0,3}?(?:meeting|talks|call|visit|summit|conversation)s?\b"
)


def _may_refer(fs: str) -> bool:
    """Whether _REFERENCE can match: each of its matches holds a meeting word and one
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


def _sentence_trigger(sentence: str, fs: str) -> Trigger | None:
    """The meeting a sentence states, read first without its references to other meetings;
    `fs` is the sentence folded.

    "Before the meeting with Putin, Guterres held talks with Lavrov" states the talks.
    """
    masked = _REFERENCE.sub(lambda m: " " * len(m.group()), fs) if _may_refer(fs) else fs
    if masked != fs:
        trig = find_trigger(masked)
        # "The visit comes ahead of X's meeting with Biden": what is left only refers
        # back, so the meeting stated is the one in the reference.
        if trig is not None and not refers_back(masked, trig):
            return trig
        if trig is not None:
            ref = _REFERENCE.search(fs)
            assert ref is not None
            inside = find_trigger(" " * ref.start() + fs[ref.start() :])
            if inside is not None:
                return inside
    return find_trigger(fs) or find_call_verb(sentence)


def _clause_end(fs: str, s: int, e: int, trig: Trigger | None) -> int:
    if trig is not None:
        m = _CLAUSE_END.search(fs, trig.end)
        if m:
            return s + m.start()
    return e


def _scope(
    text: str, fs: str, s: int, e: int, trig: Trigger | None
) -> tuple[int, list[tuple[int, int]]]:
    """End of the meeting clause, and spans that only refer to other meetings."""
    end = _clause_end(fs, s, e, trig)
    refs = [(s + m.start(), s + m.end()) for m in _REFERENCE.finditer(fs)] if _may_refer(fs) else []
    if trig is not None and any(a <= s + trig.start < b for a, b in refs):
        refs = []  # the reference is the only meeting the sentence states
    return end, refs


def _participants(
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
    end, refs = _scope(text, fs, s, e, trig) if fs is not None else (e, [])
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
            _add(chosen, m.participant)
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
        _add(chosen, m.participant)
    if len(chosen) < 2:
        for m in speakers:
            _add(chosen, m.participant)
    named_countries = {p.country or p.org or "" for p in chosen if p.name}
    return [p for p in chosen if p.name or (p.country or p.org) not in named_countries]


def _same_person(a: str, b: str) -> bool:
    """Spelling variants of one name: hyphens, accents, Zelensky and Zelenskyy."""
    fa, fb = fold_aligned(a).replace("-", " ").split(), fold_aligned(b).replace("-", " ").split()
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        short, other = (fa, fb) if len(fa) == 1 else (fb, fa)
        return other[-1][:6] == short[0][:6] and len(short[0]) >= 4
    return False


def _add(out: list[Participant], p: Participant) -> None:
    for i, q in enumerate(out):
        if p.name and q.name and _same_person(p.name, q.name):
            if len(p.name) > len(q.name) and " " not in q.name:
                out[i] = replace(p, role=p.role or q.role)
                return
            if q.role is None and p.role is not None:
                out[i] = replace(q, role=p.role)
            return
        if not p.name and not q.name and (p.country, p.org) == (q.country, q.org):
            return
    out.append(p)


def _organizer(mentions: list[Mention], text: str, s: int, e: int) -> str | None:
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


def _overlap(a: list[Participant], b: list[Participant]) -> int:
    names = {p.name for p in a if p.name}
    return sum(1 for p in b if p.name and p.name in names)


def _enough(parts: list[Participant], trig: Trigger, text_fold: str) -> bool:
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


_PAIR = re.compile(
    r"\b(?:the two|both|the)\s+(?:leaders|sides|presidents|prime ministers|ministers|heads of state|"
    r"foreign ministers|counterparts|men|women|pair|officials)\b(?!')"
)
# "The leaders met at the base with their aides": a sentence whose subject points back
# at the people just reported tells more of their meeting, whoever else it names.
_PAIR_OPENS = re.compile(r"^\W*(?:" + _PAIR.pattern + ")")
# Words that place a meeting on the occasion just reported ("He also met ...").
_SAME_OCCASION = re.compile(
    r"\b(?:also|earlier in the day|later in the day|on the same day|the same day|earlier|later|"
    r"then|separately|meanwhile|during the visit|during his visit|during her visit|on the sidelines|"
    r"in the morning|in the afternoon|in the evening|on the margins|came as|comes as|"
    # "Before heading to the White House, Modi met Waltz": the same day's programme
    r"(?:before|just before|shortly before)\s+(?:heading|going|driving|walking)\s+to|"
    # "Before the ceremony, X met Y": the ceremony just reported dates it
    r"(?:before|after|prior to|ahead of|following)\s+the\s+(?:[\w-]+\s+){0,2}?(?:ceremony|signing|"
    r"summit|talks|meeting|session|dinner|lunch|luncheon|banquet|reception))\b"
)
# "He also met ...", "In the evening he will join ...": the subject is a pronoun.
_PRONOUN = re.compile(
    r"^\W*(?:(?:on|in|at|from|after|before|later|earlier|shortly|hours|minutes)\b[^,;]{0,40}?,?\s+){0,2}"
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
# "The US delegation was led by ...": who spoke for a side already reported.
_APART = re.compile(
    r"\bseparate(?:ly)?\b|\b(?:his|her|their) own\b|\bbilateral\b|\bone-on-one\b|\bsidelines\b|\bmargins\b"
    r"|^\W*(?:before|after|ahead of|following|prior to)\b"
)
_AFTER_THE = re.compile(
    r"^\W*(?:after|following)\s+(?:the|their|these|those)\s+(?:[\w-]+\s+)?"
    r"(?:talks|meeting|meetings|call|summit|ceremony)\b"
)


def _at_the(fs: str) -> re.Match[str] | None:
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
# "Iohannis likewise took part": in the meeting just reported
_LIKEWISE = re.compile(
    r"\b(?:also|likewise|too)\s+(?:took part|attended|participated|joined)\b"
    r"|\b(?:took part|attended|participated|joined)\s+(?:as well|too)\b"
)
_INCLUDED = re.compile(r"\bdelegation\b[^.;]{0,60}?\b(?:also\s+)?(?:included|includes|comprised)\b")
_LEADERS_INCLUDING = re.compile(r"\bleaders\s+(?:including|such as|from|of)\b")
_LED_BY = Gated(
    r"\b(?:led|headed|represented|accompanied|joined)\s+by\b|\balong with\b", "by", "along"
)
_ATTENDING = Gated(
    r"\b(?:attended|attending|attend|took part|taking part|participated|joined|were among"
    r"|(?:was|were)\s+(?:also\s+)?present"
    # "Dmitriev, who was also part of the Russian delegation"
    r"|(?:was|were)\s+(?:also\s+)?(?:part|members?)\s+of\s+(?:the|his|her|their)\s+(?:[\w-]+\s+)?delegation)\b",
    "attend",
    "took part",
    "taking part",
    "participated",
    "joined",
    "among",
    "present",
    "delegation",
)
# "X, who took part in the talks, said": one person placed at the meeting just reported.
_AT_THE = re.compile(
    r"\b(?:took part|taking part|participated|present|attended|joined)\s+(?:in\s+|at\s+)?(?:the|those)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:talks|meeting|call|conversation|negotiations|summit|session)\b"
    r"|\b(?:was|were)\s+(?:also\s+)?present\b"
)


def extract(article: Article, kb: KnowledgeBase | None = None) -> list[Candidate]:
    """The meetings that `article` states, one Candidate each, in reading order."""
    text = plain_text(article.body)
    low = lower(text)
    if not may_state_meeting(text, low):
        return []
    # Read only the sentences with a meeting cue, and stop before the costly name and
    # title resolution when none of them states a meeting.
    spans = _cue_sentences(text, cue_positions(low))
    stating = stating_cue_positions(low)
    # Folded once for all: the whole text costs about what its cue sentences would.
    folded = fold_aligned(text)
    # a sentence read only for 'leaders' or 'delegation' tells who attended: no trigger
    triggers = {
        (s, e): _sentence_trigger(text[s:e], folded[s:e]) if _holds(stating, s, e) else None
        for s, e in spans
    }
    if not any(triggers.values()):
        return []
    kb = kb or load()
    anchor = anchor_date(article.published_at, text)
    filed = dateline_day(text, anchor)
    if anchor is not None and filed is not None and 0 < (anchor - filed).days <= 2:
        # "WASHINGTON, 15th September (WAM) -- ... today signed", published after
        # midnight in Abu Dhabi: "today" is the day the reporter filed from
        anchor = filed
    # A report's lead meeting with no date of its own happened on the day the report
    # speaks from: its date line, else its publication day ("Putin had a telephone
    # conversation with Macron", published the same day).
    head_day = date_line(text) or anchor
    hits: list[Hit] = lexicon().scan(text, folded)
    mentions = find_mentions(kb, text, hits, anchor, home_country(article.source, article.url))
    starts = [m.start for m in mentions]
    kinds = ("org", "country", "adjective")
    tagged = [h for h in hits if h.kind in kinds]
    # "on the sidelines of the G20 summit": where an organisation's summit is named,
    # a later "the summit" is that gathering
    named_summits = [
        h
        for h in tagged
        if h.kind == "org"
        and "summit" in folded[h.end : h.end + 40]
        and _SUMMIT_NEXT.match(folded, h.end)
    ]
    drafts: list[_Draft] = []
    told: list[_Draft] = []  # meetings told in relative clauses, added at the end
    # whether the article tells of a summit's sidelines, where talks may be bilaterals
    beside = "sidelines" in folded or "margins" in folded
    first = True
    for s, e in spans:
        fs = folded[s:e]
        # mentions come sorted by start: the sentence's are one slice
        in_sentence = mentions[bisect_left(starts, s) : bisect_left(starts, e)]
        told_before = len(told)
        _where_met(
            told,
            in_sentence,
            text,
            s,
            e,
            fs,
            anchor,
            drafts[-1] if drafts and drafts[-1].participants else None,
        )
        trig = triggers[(s, e)]
        ana = anaphoric_kind(fs)
        current = drafts[-1] if drafts else None
        if trig is not None and is_gathering(
            fs,
            trig,
            [h for h in tagged if s <= h.start < e],
            s,
            any(d.gathering for d in drafts) or any(h.start < s for h in named_summits),
        ):
            _gathering(
                drafts,
                trig,
                in_sentence,
                text,
                s,
                e,
                fs,
                anchor,
                head_day if first and s < _LEAD else None,
                _group(tagged, named_summits, s, s + trig.start),
            )
            first = False
            continue
        if (
            trig is not None
            and current is not None
            and not current.gathering
            and _at_the(fs) is not None
            and not _APART.search(fs)
        ):
            # "MBS attended the 30-minute meeting, and Erdogan joined by phone": who
            # took part in the meeting just reported, however they joined
            _attach(current, in_sentence, text, s, e, fs, trig=trig)
            continue
        if (
            trig is not None
            and current is not None
            and _HOSTED_THE.search(fs)
            and not _new_kind(trig, current)
        ):
            # "X hosted the meeting": the host of the meeting just reported
            _attach(current, in_sentence, text, s, e, fs, trig=trig)
            if current.organizer is None and in_sentence and in_sentence[0].participant.name:
                current.organizer = in_sentence[0].participant.name
            continue
        if (
            trig is not None
            and current is not None
            and refers_back(fs, trig)
            and (
                trig.kind == current.trigger.kind
                # "present at the meeting" after a virtual meeting: who attended it
                or _at_the(fs) is not None
                or (
                    trig.kind in _COMPAT[current.trigger.kind]
                    and _same_day(find_date(text[s:e], anchor, future=trig.forward), current)
                )
            )
        ):
            # "the summit", "their meeting": more about the meeting already reported
            ana = current.trigger.kind if _at_the(fs) else trig.kind
            trig = None
        if trig is None:
            gathering = next((d for d in reversed(drafts) if d.gathering), None)
            if (
                gathering is not None
                and current is not gathering
                and "also attending" in fs
                and not _at_the(fs)
            ):
                # "Ramaphosa, who is also attending, is expected to press Putin": at the
                # summit, not at the talks reported just before
                _attach(gathering, in_sentence, text, s, e, fs)
                continue
            if in_sentence and _LED_BY.search(fs):
                # "The prime minister was accompanied by ...": the meeting of the person
                # the sentence is about, even if another was reported since
                lead = in_sentence[0].participant.name
                current = next(
                    (d for d in reversed(drafts) if any(p.name == lead for p in d.participants)),
                    current,
                )
            if current and (
                (ana and ana in _COMPAT[current.trigger.kind])
                # "Kishida and leaders including Widodo and Anwar agreed ...": at the summit
                or (current.gathering and _LEADERS_INCLUDING.search(fs) is not None)
                or (
                    _ATTENDING.search(fs)
                    and (
                        len(in_sentence) >= 2
                        or _at_the(fs)
                        or "delegation" in fs
                        or _LIKEWISE.search(fs) is not None
                    )
                )
                or (_LED_BY.search(fs) and in_sentence)
                # "The Russian delegation at the table also included Lavrov"
                or ("delegation" in fs and _INCLUDED.search(fs) is not None)
            ):
                _attach(current, in_sentence, text, s, e, fs)
            continue
        parts = _participants(in_sentence, text, s, e, trig, fs)
        # Two people named meeting beside a gathering, or apart from a larger meeting
        # ("a separate meeting", "Before the ceremony, X met Y"), hold their own.
        named = sum(1 for p in parts if p.name)
        aside = bool(
            current
            and named >= 2
            and (
                current.gathering
                or (
                    sum(1 for p in current.participants if p.name) > named
                    and _APART.search(fs) is not None
                )
                # "After the talks, Xi attended a trilateral meeting with ...": a
                # meeting placed after the one reported is another
                or (_AFTER_THE.match(fs) is not None and _new_people(current, parts, 1))
            )
        )
        theirs = (
            _their_holders(kb, current, _THEIR_OFFICE.search(fs), anchor)
            if current
            and "their " in fs
            # named only as who said it: "..., Mr Sharif said"
            and {p.name for p in parts if p.name} <= {p.name for p in current.participants}
            else []
        )
        if theirs:
            # "The two leaders agreed that their foreign secretaries would meet": each
            # side's holder of that office on the day
            parts = theirs
        elif current and len([p for p in parts if p.name]) < 2 and _PAIR.search(fs):
            merged = list(current.participants)
            for p in parts:
                _add(merged, p)
            parts = merged
        elif current and not any(p.name for p in parts) and "same format" in fs:
            # "A summit in the same format was called off": the same people
            parts = [*current.participants, *parts]
        elif not current and not any(p.name for p in parts) and _THE_TWO.search(fs):
            # "the two presidents met privately" before any meeting was reported: the
            # last two people named
            parts = _last_two(mentions, s)
        elif any(p.name for p in parts) and _pronoun_subject(fs, trig):
            # "He also met X": the subject is whoever led the meeting just reported;
            # "Pezeshkian addressed the assembly. Later he met Macron": with no meeting
            # reported yet, the person the story was about so far
            subject = current.participants[0] if current else _last_named(mentions, s, parts)
            if subject is not None and all(p.name != subject.name for p in parts):
                parts = [subject, *parts]
        # Before any meeting is reported nothing below needs the date until the sentence
        # proves to name enough people, which few sentences with a meeting word do.
        found = _meeting_date(text, fs, s, e, trig, anchor, current, drafts) if current else None
        if (
            current
            and not aside
            and (
                (ana and ana in _COMPAT[current.trigger.kind] and not _new_people(current, parts))
                or (
                    _PAIR_OPENS.match(fs) is not None
                    and trig.status == current.trigger.status
                    and trig.kind in _COMPAT[current.trigger.kind]
                    and _same_day(found, current)
                )
                or (
                    parts
                    and not _new_people(current, parts, 1)
                    and _overlap(current.participants, parts) >= 1
                    and trig.kind in _COMPAT[current.trigger.kind]
                    and _same_day(found, current)
                )
            )
        ):
            _attach(current, in_sentence, text, s, e, fs, trig=trig, found=found)
            continue
        if (
            trig.kind == "visit"
            and sum(1 for p in parts if p.name) == 1
            and not fs.startswith("arriv", trig.start)
            and not _COMMENT.match(fs)
            # "visited Kyiv, where he met Zelensky" names the host already
            and len(told) == told_before
        ):
            # "Blinken is expected to travel to China": the host state is the other side
            # (an arrival alone, or "It was Putin's first visit", reports no visit event)
            for host in _visited(hits, text, s + trig.start, min(e, s + trig.end + 25)):
                if any(host in (p.country, p.org) for p in parts):
                    continue
                # "his visit to South Korea, which was to include talks with President
                # Yoon": the host named later in the sentence
                hosts_named = [
                    m.participant
                    for m in in_sentence
                    if m.participant.name and m.participant.country == host and not m.former
                ]
                side = hosts_named[0] if hosts_named else Participant(None, None, host, None)
                parts = [*parts, side]
        if not _enough(parts, trig, fs):
            parts = _in_where_clause(in_sentence, text, s, e, fs, trig, parts)
        if trig.kind == "summit" and not any(p.name for p in parts) and anchor is not None:
            # "A South Asian summit that Pakistan was due to host": its host's leader
            parts = [*parts, *_host_state(kb, text, hits, s, e, anchor)]
        if not _enough(parts, trig, fs):
            continue
        if not current:
            found = _meeting_date(text, fs, s, e, trig, anchor, current, drafts)
        earlier = _same_meeting(drafts, parts, trig, found)
        if earlier is not None:
            # "As Rutte met Zelensky, ...": the visit reported two paragraphs up
            _attach(earlier, in_sentence, text, s, e, fs, trig=trig, found=found)
            continue
        day, precision = (found.day, found.precision) if found else (None, None)
        if (
            day is None
            and first
            and s < _LEAD
            and head_day is not None
            and trig.status == "occurred"
        ):
            # A readout's own date line dates the meeting its first sentence reports.
            day, precision = head_day, "day"
        organizer = _organizer(in_sentence, text, s, e)
        for group in _split(parts, trig, fs, beside):
            drafts.append(
                _Draft.told(
                    text,
                    s,
                    e,
                    fs,
                    trig,
                    group,
                    organizer=organizer,
                    day=day,
                    precision=precision,
                    assumed=found is None and day is not None,
                    part_of_day=_part_of_day(fs, trig.start, None, s, e, trig),
                )
            )
        if trig.status == "occurred":
            _again(drafts, drafts[-1], text, s, e, fs, trig, anchor)
            if trig.kind == "call" and "after" in fs:
                _held_off(drafts, drafts[-1], text, s, e, fs)
        first = False
    drafts += [x for x in told if not _reported(drafts, x.participants)]
    # Each draft's place is read once: summits compare theirs with every other draft's.
    placed: dict[int, Location | None] = {}

    def where(d: _Draft) -> Location | None:
        if id(d) not in placed:
            placed[id(d)] = _place(kb, d, text, hits)
        return placed[id(d)]

    drafts = [
        d
        for d in _with_attendees(drafts, where, _ranker(kb))
        # a summit is a gathering of states even when only its host is named
        if d.gathering or d.trigger.kind == "summit" or not _domestic(d.participants)
        # people no state or organisation is known for cannot show a diplomatic meeting
        if any(p.country or p.org for p in d.participants)
    ]
    visiting = bool(_VISITING.search(folded[:400]))
    places = [where(d) for d in drafts]
    elsewhere = {p.name for d in drafts if not d.gathering for p in d.participants}
    for d in drafts:
        if d.gathering and d.group:
            # "a communique read by ECOWAS Commission President Omar Touray": the
            # grouping's own officers named in a report of its summit, and at no other
            # meeting of it, were at the summit
            for m in mentions:
                p = m.participant
                if p.name and p.org == d.group and not m.former and p.name not in elsewhere:
                    _add(d.participants, p)
    for d, place in zip(drafts, places, strict=True):
        if d.gathering and place is not None and place.country and d.day is not None:
            # a summit held in a state has that state's leader at the table, as host
            head = leader_of(kb, place.country, d.day)
            if head is not None and all(p.name != head.name for p in d.participants):
                d.participants.append(Participant(head.name, head.role, head.country, None))
    encounters = [
        Encounter(
            kind=_text_kind(d, i == 0 and visiting),
            mode=d.trigger.mode,
            participants=d.participants,
            place=place.country if place else None,
            says_talks=any("talks" in f for f in d.folded),
        )
        for i, (d, place) in enumerate(zip(drafts, places, strict=True))
    ]
    summit_trip = any(d.gathering for d in drafts) or "summit" in folded
    decided = visit_kinds(kb, encounters, destinations(folded, hits), summit_trip)
    return [
        _candidate(article, d, kind, place)
        for d, kind, place in zip(drafts, decided, places, strict=True)
    ]


_COMMENT = re.compile(r"^\W*(?:it|this|that)\s+(?:was|is|will be|would be|marks|marked)\b")


def _visited(hits: list[Hit], text: str, start: int, end: int) -> list[str]:
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


_NOT_POSSESSIVE = re.compile(r"\bsummit\b(?!')")


def _group(tagged: list[Hit], named_summits: list[Hit], s: int, at: int) -> str | None:
    """The grouping a gathering belongs to: named beside its summit word, else earlier."""
    near = [h.value for h in tagged if h.kind == "org" and at - 60 <= h.start <= at + 40]
    if near:
        return near[0]
    earlier = [h.value for h in named_summits if h.start < s]
    return earlier[-1] if earlier else None


def _gathering(
    drafts: list[_Draft],
    trig: Trigger,
    mentions: list[Mention],
    text: str,
    s: int,
    e: int,
    fs: str,
    anchor: date | None,
    head_day: date | None,
    group: str | None = None,
) -> None:
    """A sentence about a summit of many states: the gathering's own event, new or known."""
    opens = _OPENS.search(fs)
    found = None
    if opens is not None:
        # "... for the G7 summit, which opens Friday": the day it opens
        found = find_date(text[s + opens.end() : e], anchor, future=trig.forward)
    hosting = _WHICH_HOSTS.search(fs, trig.end) if "which" in fs else None
    if found is None and hosting is not None:
        # "the APEC leaders' meeting, which Biden will host on Thursday and Friday"
        found = find_date(text[s + hosting.end() : e], anchor, future=True)
    if found is None:
        found = _meeting_date(text, fs, s, e, trig, anchor, None)
    day = opening_day(fs, found.day if found else None)
    for d in reversed(drafts):
        if d.gathering and d.trigger.status == trig.status and _near(d.day, day):
            # "Trump has cast doubt on the summit's priorities": about it, not at it
            about = fs.startswith("'", trig.end) and not _NOT_POSSESSIVE.search(fs, trig.end)
            _attach(d, [] if about else mentions, text, s, e, fs, found=found)
            d.group = d.group or group
            host = _organizer(mentions, text, s, e)
            if host is not None:
                for m in mentions:
                    if m.participant.name == host:
                        _add(d.participants, m.participant)
            return
    precision = found.precision if found and day else None
    if day is None and head_day is not None and trig.status == "occurred":
        day, precision = head_day, "day"
    parts = _participants(mentions, text, s, e, trig, fs)
    if hosting is not None:
        for m in mentions:
            if s + hosting.start() <= m.start < s + hosting.end() and m.participant.name:
                _add(parts, m.participant)  # its host sits at it
    if drafts and _THE_TWO.search(fs):
        # "the two will be joined by Trudeau for the summit": the two just reported
        for p in drafts[-1].participants:
            _add(parts, p)
    drafts.append(
        _Draft.told(
            text,
            s,
            e,
            fs,
            replace(trig, kind="summit"),
            parts,
            organizer=_organizer(mentions, text, s, e),
            day=day,
            precision=precision,
            gathering=True,
            group=group,
        )
    )


_THE_TWO = re.compile(r"\b(?:the two|both)\b(?!-|\s+(?:countries|nations|states|sides)\b)")
_WHICH_HOSTS = re.compile(
    r",\s+which\s+[^,;]{2,60}?\s+(?:will\s+|is\s+to\s+|is\s+due\s+to\s+)?(?:host|hosts|chair|chairs)\b"
)
_OPENS = re.compile(
    r"\b(?:opens|opened|open|begins|began|begin|starts|started|start|kicks off|kicked off"
    r"|gets under way|got under way)\s+(?:on\s+)?(?=\w+day\b|\w+ \d|\d|today|tomorrow|next)"
)


def _near(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= 3


_BESIDE = re.compile(r"\b(?:sidelines|margins|fringes)\b")


def _ranker(kb: KnowledgeBase) -> Callable[[Participant], int]:
    def rank(p: Participant) -> int:
        role = kb.roles.get(p.role or "")
        return role.rank if role is not None else 9

    return rank


def _with_attendees(
    drafts: list[_Draft],
    where: Callable[[_Draft], Location | None],
    rank: Callable[[Participant], int],
) -> list[_Draft]:
    """Gatherings count who met beside them; gatherings with nobody known are dropped.

    Leaders who held talks on a summit's sidelines, or on its days, attended it, and
    reports often name them only there, unless they met in another city. Their
    ministers at those talks did not sit at a leaders' summit; at a ministers'
    meeting (a minister among its own people) they did.
    """
    out: list[_Draft] = []
    for d in drafts:
        if d.gathering:
            city = _city(where(d))
            ceiling = 3 if any(p.name and rank(p) == 3 for p in d.participants) else 2
            for o in drafts:
                if o.gathering or o.trigger.mode != "in_person" or d.trigger.status == "cancelled":
                    continue
                # on its sidelines, whether the summit is told as opening or as held, and
                # even when the talks beside it were called off: both came for it
                beside = any(_BESIDE.search(f) for f in o.folded)
                if o.trigger.status == "cancelled" and not beside:
                    continue
                # on its days, or on its eve by someone who came for it ("hours after
                # Biden landed for the summit")
                first = -1 if any("summit" in f for f in o.folded) else 0
                same_days = (
                    (o.trigger.status == d.trigger.status or first < 0)
                    and d.day is not None
                    and o.day is not None
                    and first <= (o.day - d.day).days <= 1
                )
                elsewhere = city is not None and _city(where(o)) not in (None, city)
                if (beside or same_days) and not elsewhere:
                    for p in o.participants:
                        if p.name and rank(p) <= ceiling:
                            _add(d.participants, p)
            if not d.participants:
                continue
        out.append(d)
    return out


def _city(place: Location | None) -> str | None:
    return place.city if place is not None else None


_LEAD = 400  # characters: how far into the text the lead sentence may start

_HOSTED_THE = re.compile(
    r"\b(?:hosted|chaired|mediated|facilitated|organi[sz]ed|convened|brokered)\s+the\s+"
    r"(?:[\w-]+\s+)?(?:meeting|talks|summit|call|negotiations|session)\b"
    # "Erdogan welcomed the delegations and addressed them before the talks began"
    r"|\b(?:welcomed|greeted|received)\s+(?:the|both)\s+(?:two\s+)?"
    r"(?:delegations|leaders|participants|sides|negotiators)\b"
)


def _last_two(mentions: list[Mention], before: int) -> list[Participant]:
    out: list[Participant] = []
    for m in reversed(mentions):
        if m.start >= before or not m.participant.name or m.former:
            continue
        if not any(_same_person(m.participant.name, p.name or "") for p in out):
            out.append(m.participant)
        if len(out) == 2:
            return out[::-1]
    return []


# "after a trip to Moscow, where he met Putin", "Witkoff, who met Putin last week": a
# meeting told inside a clause of a sentence about something else.
_WHERE_MET = re.compile(
    r",?\s+(?:where|during which|at which|who|when)\s+(?:he|she|they)?\s*(?:also\s+)?"
    r"(?P<verb>met(?:\s+with)?|held talks with|held a meeting with|spoke with|spoke to)\s+"
)


_TRIP_BEFORE = re.compile(r"\b(?:visit|trip)\b")
# "He then flies to Doha, where the Emir will receive him": the host is the clause's subject
_WHERE_HOSTED = re.compile(
    r",\s+where\s+(?P<host>[^,;]{3,90}?)\s+(?:will|is to|is due to|is expected to|is set to)\s+"
    r"(?P<verb>receive|meet|host|welcome|hold talks with)\s+(?:him|her|them)\b"
)


# "Trudeau spoke with Trump on Monday and the two were due to speak again at 3 p.m."
_AGAIN = re.compile(
    r"\b(?:to|will|would|agreed to|plan to|planned to|are due to|were due to|is due to)\s+"
    r"(?P<verb>meet|speak|talk|hold talks)\s+again\b"
)
_CLOCK = re.compile(r"\bat\s+\d{1,2}(?::\d\d)?\s*(?:a\.?m|p\.?m)")


def _again(
    drafts: list[_Draft],
    held: _Draft,
    text: str,
    s: int,
    e: int,
    fs: str,
    trig: Trigger,
    anchor: date | None,
) -> None:
    """A meeting the people just reported agreed to hold again: its own planned event."""
    if "again" not in fs:
        return
    m = _AGAIN.search(fs, trig.end)
    if m is None:
        return
    verb = m.group("verb")
    kind, mode = ("call", "remote") if verb in ("speak", "talk") else ("meeting", "in_person")
    if verb == "hold talks":
        kind = "talks"
    if held.trigger.kind == "call" and verb == "meet":
        mode = "in_person"
    found = find_date(text[s + m.end() : e], anchor, future=True)
    day, precision = (found.day, found.precision) if found else (None, None)
    if day is None and _CLOCK.search(fs, m.end()):
        day, precision = held.day, held.precision  # "again at 3 p.m.": later that day
    drafts.append(
        _Draft.told(
            text,
            s,
            e,
            fs,
            Trigger(kind, mode, "planned", m.start("verb"), m.end("verb"), 0.75, True),
            list(held.participants),
            part_of_day=_part_of_day(fs, m.end(), len(fs)),  # "again at 3 p.m."
            day=day,
            precision=precision,
        )
    )


# "A preparatory meeting between Rubio and Lavrov was put on hold after the two spoke
# by phone": the meeting called off is an event besides the call
_HELD_OFF = re.compile(
    r"\b(?P<noun>meeting|summit|talks|visit)\b[^.;]{0,120}?\b(?:put on hold|called off|cancell?ed"
    r"|postponed|shelved|scrapped)\s+(?:\w+\s+)?after\b"
)


# The part of the day a meeting is placed in: two calls of one pair on one day differ by it.
_PART_OF_DAY = re.compile(
    r"\b(?P<morning>morning|a\.m\.)|\b(?P<afternoon>afternoon|noon)\b|\b(?P<evening>evening|tonight|night)\b"
    r"|\bat\s+(?P<hour>\d{1,2})(?::\d\d)?\s*(?P<half>a\.?m|p\.?m)"
)
_DAY_PART_WORDS = ("morning", "a.m.", "afternoon", "noon", "evening", "tonight", "night", "m.")
_ZONE_AFTER = re.compile(r"\s*\(?(?:[a-z]+\s+)?time\b")


def _part_of_day(
    fs: str,
    start: int,
    end: int | None,
    s: int = 0,
    e: int = 0,
    trig: Trigger | None = None,
) -> str | None:
    """The part of the day named from the meeting word on, else anywhere in its clause
    (up to `end`, or the end of the clause of `trig` in the sentence at s..e)."""
    if not any(w in fs for w in _DAY_PART_WORDS):
        return None  # a substring test spares the patterns on most sentences
    if end is None:
        end = _clause_end(fs, s, e, trig) - s
    m = _PART_OF_DAY.search(fs, start, end) or _PART_OF_DAY.search(fs, 0, end)
    if m is None or _ZONE_AFTER.match(fs, m.end()):
        return None  # "Tuesday morning Beijing time" is Monday evening elsewhere
    if m.group("hour"):
        hour = int(m.group("hour")) % 12 + (12 if m.group("half").startswith("p") else 0)
        return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    return next(k for k in ("morning", "afternoon", "evening") if m.group(k))


def _held_off(drafts: list[_Draft], call: _Draft, text: str, s: int, e: int, fs: str) -> None:
    m = _HELD_OFF.search(fs)
    if m is None or m.start() > call.trigger.start:
        return
    kind = {"summit": "summit", "talks": "talks", "visit": "visit"}.get(m.group("noun"), "meeting")
    drafts.append(
        _Draft.told(
            text,
            s,
            e,
            fs,
            Trigger(kind, "in_person", "cancelled", m.start("noun"), m.end("noun"), 0.75),
            list(call.participants),
        )
    )


def _where_hosted(
    drafts: list[_Draft],
    mentions: list[Mention],
    text: str,
    s: int,
    e: int,
    fs: str,
    anchor: date | None,
    last: _Draft | None,
) -> None:
    """'Zelensky flies to London, where Starmer will receive him on Saturday': a visit."""
    if "where " not in fs or not ("him" in fs or "her" in fs or "them" in fs):
        return  # a substring test spares the pattern on most sentences
    m = _WHERE_HOSTED.search(fs)
    if m is None:
        return
    hosts = [
        x.participant
        for x in mentions
        if s + m.start("host") <= x.start < s + m.end("host") and x.participant.name
    ]
    before = [x for x in mentions if x.start < s + m.start() and x.participant.name]
    # "He then flies to Doha, where ...": he is who the story follows
    subject = last.participants[0] if last is not None else None
    visitor = before[0].participant if before else subject if _PRONOUN.match(fs) else None
    if not hosts or visitor is None:
        return
    parts = [visitor]
    for p in hosts:
        _add(parts, p)
    if len(parts) < 2 or _domestic(parts) or _reported(drafts, parts):
        return
    found = find_date(text[s + m.end() : e], anchor, future=True) or find_date(
        text[s : s + m.start()], anchor, future=True
    )
    if found is None and last is not None and last.day and _SAME_OCCASION.search(fs):
        # "He then flies to Doha, where ...": later the same day
        found = DateFinding(last.day, last.precision or "day", s, e)
    drafts.append(
        _Draft.told(
            text,
            s,
            e,
            fs,
            Trigger("visit", "in_person", "planned", m.start("verb"), m.end("verb"), 0.7),
            parts,
            found,
            organizer=hosts[0].name,
        )
    )


def _where_met(
    drafts: list[_Draft],
    mentions: list[Mention],
    text: str,
    s: int,
    e: int,
    fs: str,
    anchor: date | None,
    last: _Draft | None = None,
) -> None:
    """Add the meeting a relative clause tells, if it is not one reported already.

    `last` is the meeting reported last: its first person is who "he" may be.
    """
    if not ("where " in fs or "which " in fs or "who " in fs or "when " in fs):
        return  # substring tests spare the pattern on most sentences
    m = _WHERE_MET.search(fs)
    if m is None:
        _where_hosted(drafts, mentions, text, s, e, fs, anchor, last)
        return
    before = [x for x in mentions if x.start < s + m.start() and x.participant.name]
    stop = _CLAUSE_END.search(fs, m.end())
    clause_end = s + stop.start() if stop else e
    met = [
        x.participant
        for x in mentions
        if s + m.end() <= x.start < clause_end and x.participant.name
    ]
    if not before or not met:
        return
    # "he" is the sentence's subject; "who" is the person named just before
    subject = (
        before[-1].participant
        if fs[m.start() : m.end()].lstrip(", ").startswith("who")
        else before[0].participant
    )
    parts = [subject]
    for p in met:
        _add(parts, p)
    if len(parts) < 2 or _domestic(parts):
        return
    if _reported(drafts, parts):
        return
    verb = m.group("verb")
    kind = "talks" if "talks" in verb else ("call" if "spoke" in verb else "meeting")
    mode = "remote" if kind == "call" else "in_person"
    found = find_date(text[s + m.end() : clause_end], anchor, future=False)
    opener = fs[m.start() : m.end()].lstrip(", ")
    if found is None and (
        opener.startswith("where")
        or (opener.startswith("who") and _TRIP_BEFORE.search(fs, max(0, m.start() - 80), m.start()))
    ):
        # "Orban visited Kyiv on Tuesday, where he met Zelensky", "a visit to Moscow last
        # Thursday by Witkoff, who met Putin": the stay's day
        found = find_date(text[s + max(0, m.start() - 80) : s + m.start()], anchor, future=False)
    drafts.append(
        _Draft.told(
            text,
            s,
            e,
            fs,
            Trigger(kind, mode, "occurred", m.start("verb"), m.end("verb"), 0.7),
            parts,
            found,
        )
    )


def _reported(drafts: list[_Draft], parts: list[Participant]) -> bool:
    names = {p.name for p in parts}
    return any({p.name for p in d.participants} >= names for d in drafts)


# Offices that face inward: one state's holder of them with an official of no known
# state is a government meeting ("Interior Minister Siemoniak and Defence Minister
# Kosiniak-Kamysz attended the crisis meeting").
_INWARD = frozenset(
    {"Interior Minister", "Defence Minister", "Finance Minister", "Economy Minister", "Minister",
     "Military Chief", "Chief of Staff", "Prosecutor", "Trade Minister"}
)  # fmt: skip


def _domestic(parts: list[Participant]) -> bool:
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


def _same_meeting(
    drafts: list[_Draft], parts: list[Participant], trig: Trigger, found: DateFinding | None
) -> _Draft | None:
    """An earlier meeting of exactly these people, of a compatible sort, on no other day."""
    names = {p.name for p in parts if p.name}
    if len(names) < 2:
        return None
    for d in reversed(drafts):
        if (
            not d.gathering
            and {p.name for p in d.participants if p.name} == names
            and d.trigger.status == trig.status
            and trig.kind in _COMPAT[d.trigger.kind]
            and _same_day(found, d)
        ):
            return d
    return None


_BEGAN = re.compile(r",\s+which\s+began\s+")
_TOLD_DURING = re.compile(
    r"\b(?:told|telling)\s+(?:reporters|journalists)\s+(?:during|at|before|after)\s+"
    r"(?:a|an|his|her|the|their)\s+(?:[\w-]+\s+)?meeting\b"
)
_SUMMIT_NEXT = re.compile(r"[^.\n]{0,40}?summit")  # in the same sentence
_THEIR_OFFICE = re.compile(
    r"\btheir\s+(foreign secretaries|foreign ministers|defen[cs]e ministers"
    r"|national security advisers|trade ministers|finance ministers)\b"
)
_ONE_OFFICE = {
    "foreign secretaries": "Foreign Secretary",
    "foreign ministers": "Foreign Minister",
    "defence ministers": "Defence Minister",
    "defense ministers": "Defence Minister",
    "national security advisers": "National Security Adviser",
    "trade ministers": "Trade Minister",
    "finance ministers": "Finance Minister",
}


def _their_holders(
    kb: KnowledgeBase, current: _Draft, m: re.Match[str] | None, on: date | None
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


def _host_state(
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


def _in_where_clause(
    mentions: list[Mention],
    text: str,
    s: int,
    e: int,
    fs: str,
    trig: Trigger,
    parts: list[Participant],
) -> list[Participant]:
    """'A planned summit in Amman, where King Abdullah was to host Biden, Sisi and Abbas,
    was called off': the clause that names who was to meet names the meeting's people."""
    w = _WHERE_CLAUSE.search(fs, trig.end)
    if w is None or w.start() - trig.end > 60:
        return parts
    stop = _CLAUSE_END.search(fs, w.end())
    # the list inside the clause runs over commas: end it at the clause's verb's object
    close = fs.find(", was", w.end())
    end = s + (close if close > 0 else stop.start() if stop else len(fs))
    out = list(parts)
    for m in mentions:
        if s + w.end() <= m.start < end and not m.former and m.participant.name:
            _add(out, m.participant)
    return out


def _pronoun_subject(fs: str, trig: Trigger) -> bool:
    if "he " not in fs[: trig.start]:
        return False  # "he" and "she" both end so; most sentences name their subject
    m = _PRONOUN.match(fs)
    return m is not None and _REPORTS.search(fs, m.end(), max(m.end(), trig.start)) is None


def _last_named(mentions: list[Mention], s: int, parts: list[Participant]) -> Participant | None:
    """The last person named before `s` who is not among `parts`."""
    names = {p.name for p in parts}
    for m in reversed(mentions):
        if m.start < s and m.participant.name and m.participant.name not in names:
            return m.participant if not m.former else None
    return None


def _new_kind(trig: Trigger, d: _Draft) -> bool:
    return trig.kind not in _COMPAT[d.trigger.kind]


def _same_day(found: DateFinding | None, d: _Draft) -> bool:
    return found is None or d.day is None or d.assumed or found.day == d.day


def _holds(positions: list[int], s: int, e: int) -> bool:
    i = bisect_left(positions, s)
    return i < len(positions) and positions[i] < e


def _cue_sentences(text: str, cues: list[int]) -> list[tuple[int, int]]:
    """Spans of the sentences that hold a meeting cue, datelines cut off, in order."""
    out: list[tuple[int, int]] = []
    for s, e in sentences_at(text, cues):
        if s < 600 and (s == 0 or text[s - 1] == "\n"):
            # Datelines only open the first paragraphs; their date is the filing day.
            s = _dateline_end(text, s)
        if s < e:
            out.append((s, e))
    return out


_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?$")


def _split(
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
_DAY_BEFORE = re.compile(
    r"\b(?:a day earlier|the (?:previous|preceding) day|the day before|a day before|"
    r"(?:came|comes|come)\s+a day after)\b"
)
_DAY_APART = re.compile(r"\b(?:a|one) day (after|before)\s+(?:\w+ing\s+)?$")
_DAY_AFTER = re.compile(r"\b(?:a day later|the (?:next|following) day|the day after)\b")


_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose|where)\b[^,;]*")
_SAME_DAY = re.compile(
    r"\b(?:earlier in the day|later in the day|(?:on )?the same day|in the (?:morning|afternoon|evening))\b"
)


# ", the White House said Wednesday": the day of the statement, not of the meeting
_SAID_TAIL = re.compile(r",\s+(?:[\w.'-]+\s+){0,5}?(?:said|says|told|announced|reported)\b")


def _meeting_date(
    text: str,
    fs: str,
    s: int,
    e: int,
    trig: Trigger,
    anchor: date | None,
    current: _Draft | None,
    drafts: list[_Draft] | None = None,
) -> DateFinding | None:
    """The date of the meeting a sentence states, looked for where it is most likely.

    First in the clause that states the meeting, then on the occasion just reported
    ("earlier in the day", "a day later", "He also met ..."), and last in the rest of
    the sentence without its relative clauses ("X, who took office last month, ...").
    """
    # only the clause end: the reference spans _scope also finds are not needed here
    clause_end = _clause_end(fs, s, e, trig)
    cancelled = trig.status == "cancelled"
    found = None
    clause = None
    if cancelled:
        # "called off on Thursday a meeting planned for Saturday": a cancelled meeting
        # keeps the day it was set for, which follows the meeting word.
        after = text[s + trig.end : e]
        said = _SAID_TAIL.search(after)
        after = after[: said.start()] if said else after
        found = find_date(after, anchor, future=True, calendar_first=True)
    began = _BEGAN.search(fs, trig.end) if found is None and "began" in fs else None
    if began is not None:
        # "Talks between ... in Minsk, which began on Wednesday evening, ended on
        # Thursday": a meeting over two days is dated by the day it began
        found = find_date(text[s + began.end() : s + began.end() + 40], anchor, future=False)
    if found is None:
        # "Trudeau, who arrived Monday, is to meet X on Wednesday": the relative
        # clause dates something else
        whole = text[s:clause_end]
        clause = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group()), whole)
        found = find_date(clause, anchor, future=trig.forward, calendar_first=cancelled)
        # find_date is pure: with no relative clause blanked, asking again is the same call
        if found is None and clause != whole:
            found = find_date(whole, anchor, future=trig.forward, calendar_first=cancelled)
        if cancelled and _cancel_day(found, fs, trig):
            found = None
    if found is not None and not (current and _SAME_DAY.search(fs)):
        shift = _DAY_APART.search(text, s, s + trig.start) if "day " in fs else None
        if shift is not None and found.start < trig.start:
            own = find_date(text[s + trig.end : clause_end], anchor, future=False)
            if own is not None:
                return own  # "a day after meeting Austin on Friday"
            # "said on Sunday, a day after meeting Austin": the day before the saying
            days = 1 if shift.group(1) == "before" else -1
            return DateFinding(found.day + timedelta(days=days), found.precision, s, e)
        return found
    if current is None and anchor is not None and _SAME_DAY.search(fs) and found is None:
        return DateFinding(anchor, "day", s, e)  # the report's own day
    if current is not None and current.day is not None:
        if _SAME_DAY.search(fs):
            return DateFinding(current.day, current.precision or "day", s, e)
        near = _relative_to(fs, current.day, s, e)
        if near is not None:
            return near
    if (
        current is not None
        and found is None
        and _SAME_OCCASION.search(fs)
        and not _LATER_DATE.search(fs)
    ):
        # "Modi also met Pezeshkian on the margins": the occasion last reported as this
        # one is, past or planned (a plan told in between is not it)
        occasion = next(
            (d for d in reversed(drafts or [current]) if d.trigger.status == trig.status),
            None,
        )
        if occasion is not None and occasion.day is not None:
            return DateFinding(occasion.day, occasion.precision or "day", s, e)
    if found is not None:
        return found
    if (
        anchor is not None
        and trig.status == "occurred"
        and "told" in fs
        and _TOLD_DURING.search(fs)
    ):
        # "Trump told reporters during a meeting with Rutte": the statement this report
        # carries was made at the meeting, on the report's day
        return DateFinding(anchor, "day", s, e)
    rest = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group()), text[s:e])
    if not cancelled and rest == clause:
        return None  # the same call as the clause's above, which found nothing
    found = find_date(rest, anchor, future=trig.forward)
    return None if cancelled and _cancel_day(found, fs, trig) else found


# "invited Albanese for a state visit at a later date": a plan with no day yet
_LATER_DATE = re.compile(
    r"\b(?:at a later date|at a (?:mutually )?convenient time|in the future|at some point)\b"
)


def _cancel_day(found: DateFinding | None, fs: str, trig: Trigger) -> bool:
    """'Trump on Tuesday called off a visit': the day of calling off, not of the visit."""
    verb = cancelling_at(fs)
    return found is not None and verb is not None and found.start < verb < trig.start


def _relative_to(fs: str, day: date, s: int, e: int) -> DateFinding | None:
    """'A day earlier' and 'the next day' count from the meeting stated just before."""
    if _DAY_BEFORE.search(fs):
        return DateFinding(day - timedelta(days=1), "day", s, e)
    if _DAY_AFTER.search(fs):
        return DateFinding(day + timedelta(days=1), "day", s, e)
    return None


def _new_people(d: _Draft, parts: list[Participant], limit: int = 2) -> bool:
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


def _attach(
    d: _Draft,
    mentions: list[Mention],
    text: str,
    s: int,
    e: int,
    fs: str,
    trig: Trigger | None = None,
    found: DateFinding | None = None,
) -> None:
    d.folded.append(fs)
    d.spans.append((s, e))
    if _INCLUDES.search(fs) or trig is not None:
        aside = (
            _ASIDE.search(fs)
            if "came " in fs or "comes " in fs or "follow" in fs or "preced" in fs
            else None
        )
        end = s + aside.start() if aside else e
        if trig is not None:
            # "Zarif met Macron for hours, and also briefed British officials": the
            # meeting's clause names its people
            end = min(end, _clause_end(fs, s, e, trig))
        for p in _participants(mentions, text, s, end):
            _add(d.participants, p)
        named = {p.country or p.org for p in d.participants if p.name}
        d.participants[:] = [
            p for p in d.participants if p.name or (p.country or p.org) not in named
        ]
    if d.day is None or (d.assumed and found is not None):
        f = find_date(text[s:e], None, future=False) if found is None else found
        if f is not None:
            d.day = f.day
            d.precision = f.precision
            d.assumed = False
    if d.organizer is None:
        d.organizer = _organizer(mentions, text, s, e)
    if (
        trig is not None
        and d.trigger.mode in ("remote", "unknown")
        and trig.mode in ("phone", "video")
    ):
        d.trigger = replace(d.trigger, mode=trig.mode)


# Talks held by a visitor with the host are the visit itself.
_VISITING = Gated(
    r"\b(?:visit|visits|visited|visiting|arrived in|arrives in|trip to|tour of)\b",
    "visit",
    "arrive",
    "trip",
    "tour",
)


def _text_kind(d: _Draft, on_visit: bool) -> str:
    """The kind the words say: talks held by a traveller are read as the visit."""
    if d.trigger.kind in ("meeting", "talks") and (
        on_visit or _VISITING.search(" ".join(d.folded))
    ):
        return "visit"
    return d.trigger.kind


def _place(kb: KnowledgeBase, d: _Draft, text: str, hits: list[Hit]) -> Location | None:
    if d.trigger.mode != "in_person":
        return None
    # a visit to a state named only as the host: "will visit France, Serbia and Hungary"
    hosts = [p.country for p in d.participants if not p.name and p.country]
    host = hosts[0] if d.trigger.kind == "visit" and len(hosts) == 1 else None
    for s, e in d.spans:
        location = location_of(kb, text, hits, s, e)
        if location:
            if host is not None and location.country != host:
                return Location(city=None, country=host, venue=None)
            return location
    return None


def _candidate(article: Article, d: _Draft, kind: str, location: Location | None) -> Candidate:
    trig = replace(d.trigger, kind=kind)
    named = sum(1 for p in d.participants if p.name)
    confidence = min(0.95, 0.4 + 0.3 * trig.strength + 0.1 * min(named, 2) + (0.05 if d.day else 0))
    return Candidate(
        kind=trig.kind,  # type: ignore[arg-type]
        mode=trig.mode,  # type: ignore[arg-type]
        status=trig.status,  # type: ignore[arg-type]
        date=d.day.isoformat() if d.day else None,
        date_precision=d.precision if d.day else None,  # type: ignore[arg-type]
        location=location,
        participants=tuple(d.participants),
        organizer=d.organizer,
        # the grouping's name labels its gathering, so reports of it find each other
        topics=((lower(d.group),) if d.group else ()) + topics_of(d.folded),
        source=SourceRef(
            article_id=article.id,
            url=article.url,
            source=article.source,
            published_at=article.published_at,
            evidence=d.evidence,
        ),
        confidence=round(confidence, 3),
        part_of_day=d.part_of_day,
    )
