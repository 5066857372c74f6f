"""The extractor: sentences that state meetings become Candidates.

Reading order matters. A meeting is usually stated once ("X held talks with Y on
Monday") and then described by sentences that refer back to it ("The call included
...", "The two leaders discussed ..."); those sentences add participants and topics
to the meeting they follow instead of starting another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from parley.extract.dates import anchor_date, dateline_day, find_date
from parley.extract.lexicon import Hit, lexicon
from parley.extract.people import Mention, find_mentions
from parley.extract.places import location_of
from parley.extract.prefilter import may_state_meeting
from parley.extract.text import fold, plain_text, sentences
from parley.extract.topics import topics_of
from parley.extract.triggers import Trigger, anaphoric_kind, find_trigger
from parley.knowledge import KnowledgeBase, load
from parley.model import Article, Candidate, Participant, SourceRef

__all__ = ["extract"]

_DATELINE = re.compile(
    r"^[A-Z][\w .,'\[\]()/-]{0,70}?(?:\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\b\d{1,2}\s+[A-Z][a-z]{2,8})?"
    r"\s*(?:\([A-Za-z .]+\)|/[A-Z]+/\.?)?\s*(?::|--|-|—)\s+"
)
_INCLUDES = re.compile(
    r"\b(?:included|includes|including|attended|joined|took part|participated|were present|"
    r"was present|along with|together with|accompanied by|also present|with)\b"
)
_ORGANIZER = re.compile(r"\b(?:organi[sz]ed|convened|hosted|chaired|called|initiated|led)\s+by\s+$")
_HOST_VERB = re.compile(r"^\s*(?:,[^,]{0,60},\s*)?(?:on \w+\s+)?(?:hosted|hosts|received|receives|welcomed|welcomes|convened|convenes|chaired|chairs)\b")
_SPEAKER = re.compile(r"^\s*(?:,[^,]{0,40},\s*)?(?:said|says|told|added|noted|stressed|wrote|tweeted|posted)\b")
_COMPAT = {
    "call": {"call"},
    "summit": {"summit"},
    "meeting": {"meeting", "talks", "visit"},
    "talks": {"meeting", "talks", "visit"},
    "visit": {"meeting", "talks", "visit"},
}


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


def _dateline_end(text: str) -> int:
    m = _DATELINE.match(text)
    return m.end() if m and m.end() < 120 else 0


def _participants(mentions: list[Mention], text: str, s: int, e: int) -> list[Participant]:
    chosen: list[Participant] = []
    named_countries: set[str] = set()
    speakers = []
    for m in mentions:
        if m.former:
            continue
        if _SPEAKER.match(text[m.end:min(e, m.end + 60)]):
            speakers.append(m)
            continue
        _add(chosen, m.participant)
    if len(chosen) < 2:
        for m in speakers:
            _add(chosen, m.participant)
    named_countries = {p.country or p.org or "" for p in chosen if p.name}
    return [p for p in chosen if p.name or (p.country or p.org) not in named_countries]


def _add(out: list[Participant], p: Participant) -> None:
    for i, q in enumerate(out):
        if p.name and q.name and p.name == q.name:
            if q.role is None and p.role is not None:
                out[i] = replace(q, role=p.role)
            return
        if not p.name and not q.name and (p.country, p.org) == (q.country, q.org):
            return
    out.append(p)


def _organizer(mentions: list[Mention], text: str, s: int, e: int) -> str | None:
    for m in mentions:
        if not m.participant.name:
            continue
        if _ORGANIZER.search(text[max(s, m.start - 30):m.start]) or _HOST_VERB.match(text[m.end:min(e, m.end + 80)]):
            return m.participant.name
    return None


def _overlap(a: list[Participant], b: list[Participant]) -> int:
    names = {p.name for p in a if p.name}
    return sum(1 for p in b if p.name and p.name in names)


def _enough(parts: list[Participant], trig: Trigger, text_fold: str) -> bool:
    named = [p for p in parts if p.name]
    if len(parts) >= 2 and named:
        return True
    if len(named) == 1 and trig.kind in ("visit", "call") and re.search(
        r"\bcounterparts?\b|\b(?:with|to)\s+(?:international|world|allied|other|fellow)\s+leaders\b", text_fold
    ):
        return True
    return False


def extract(article: Article, kb: KnowledgeBase | None = None) -> list[Candidate]:
    """The meetings that `article` states, one Candidate each, in reading order."""
    text = plain_text(article.body)
    if not may_state_meeting(text):
        return []
    kb = kb or load()
    folded = fold(text)
    anchor = anchor_date(article.published_at, text)
    if anchor is None:
        anchor = dateline_day(text, None)
    hits: list[Hit] = lexicon().scan(text, folded)
    mentions = find_mentions(kb, text, hits, anchor)
    skip = _dateline_end(text)
    drafts: list[_Draft] = []
    for s, e in sentences(text):
        s = max(s, skip) if s < skip else s
        if s >= e:
            continue
        fs = folded[s:e]
        in_sentence = [m for m in mentions if s <= m.start < e]
        trig = find_trigger(fs)
        ana = anaphoric_kind(fs)
        current = drafts[-1] if drafts else None
        if trig is None:
            if current and ana and ana in _COMPAT[current.trigger.kind]:
                _attach(current, in_sentence, text, s, e, fs)
            continue
        parts = _participants(in_sentence, text, s, e)
        found = find_date(text[s:e], anchor, future=trig.status == "planned")
        if current and (
            (ana and ana in _COMPAT[current.trigger.kind] and not _new_people(current, parts))
            or (_overlap(current.participants, parts) >= min(2, len([p for p in parts if p.name]))
                and parts and trig.kind in _COMPAT[current.trigger.kind]
                and (found is None or current.day is None or found.day == current.day))
        ):
            _attach(current, in_sentence, text, s, e, fs, trig=trig, found=found)
            continue
        if not _enough(parts, trig, fs):
            continue
        drafts.append(_Draft(
            trigger=trig, start=s, end=e, evidence=text[s:e].strip(), participants=parts,
            organizer=_organizer(in_sentence, text, s, e),
            day=found.day if found else None, precision=found.precision if found else None,
            folded=[fs], spans=[(s, e)],
        ))
    return [_candidate(kb, article, d, text, hits) for d in drafts]


def _new_people(d: _Draft, parts: list[Participant]) -> bool:
    names = {p.name for p in d.participants}
    fresh = [p for p in parts if p.name and p.name not in names]
    return len(fresh) >= 2


def _attach(d: _Draft, mentions: list[Mention], text: str, s: int, e: int, fs: str,
            trig: Trigger | None = None, found: object = None) -> None:
    d.folded.append(fs)
    d.spans.append((s, e))
    if _INCLUDES.search(fs) or trig is not None:
        for p in _participants(mentions, text, s, e):
            _add(d.participants, p)
        named = {p.country or p.org for p in d.participants if p.name}
        d.participants[:] = [p for p in d.participants if p.name or (p.country or p.org) not in named]
    if d.day is None:
        f = find_date(text[s:e], None, future=False) if found is None else found
        if f is not None and hasattr(f, "day"):
            d.day = f.day
            d.precision = f.precision
    if d.organizer is None:
        d.organizer = _organizer(mentions, text, s, e)
    if trig is not None and d.trigger.mode in ("remote", "unknown") and trig.mode in ("phone", "video"):
        d.trigger = replace(d.trigger, mode=trig.mode)


def _candidate(kb: KnowledgeBase, article: Article, d: _Draft, text: str, hits: list[Hit]) -> Candidate:
    trig = d.trigger
    location = None
    if trig.mode == "in_person":
        for s, e in d.spans:
            location = location_of(kb, text, hits, s, e)
            if location:
                break
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
        topics=topics_of(d.folded),
        source=SourceRef(
            article_id=article.id, url=article.url, source=article.source,
            published_at=article.published_at, evidence=d.evidence,
        ),
        confidence=round(confidence, 3),
    )
