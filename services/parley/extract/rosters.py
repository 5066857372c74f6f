"""Envoys presenting their credentials, listed apart from the sentence that says so.

"The president received the letters of credence of five new ambassadors on Monday.
The five envoys are Ana Lind of Estavia, Tom Berg of Morania, ..." tells one meeting
per envoy (ANNOTATION.md counts ambassadors as participants), but the list sentence
holds no meeting word and its names carry no title, so the sentence-by-sentence
reading (discourse.py) never sees them. This pass reads each credentials ceremony
with the roster sentences that follow it ("They are ...", "Those presenting ... were
...", "The rest are ..."), and makes one meeting of the host with each envoy.
"""

from __future__ import annotations

import re
from dataclasses import replace

from parley.extract.dates import find_date
from parley.extract.draft import Draft, Report, Sentence, same_person
from parley.extract.mention import NAME, NOT_NAME, Mention
from parley.extract.text import sentences_at
from parley.extract.triggers import Trigger
from parley.model import Participant

__all__ = ["roster_meetings"]

# the ceremony: credentials presented, received or accepted
_CEREMONY = re.compile(r"\b(?:credentials|letters?\s+of\s+credence|credence)\b")
_HANDED = re.compile(r"\b(?:present\w*|receiv\w*|accept\w*|handed|hand\w*\s+over|submitt\w*)\b")
# the opening of a sentence that only lists who they were
_ROSTER = re.compile(
    r"\W*(?:they\s+(?:are|were|included?)"
    r"|those\s+[^.;]{0,80}?\b(?:are|were)"
    r"|the\s+(?:[\w-]+\s+){0,3}?(?:envoys|ambassadors|diplomats|high\s+commissioners"
    r"|heads\s+of\s+mission|representatives)\s+(?:are|were|included?)"
    r"|the\s+(?:rest|others|other\s+\w+)\s+(?:are|were)"
    r"|among\s+them\s+(?:are|were))\b"
)
# "Ana Lind of Estavia", "Tom Berg from the Republic of Morania": a name, then its state
_OF_STATE = re.compile(r"[^\S\n]+(?:of|from)[^\S\n]+")
_ENVOY = re.compile(r"\b(?:Ambassador|High Commissioner|Envoy|Nuncio|Charg)", re.I)
_HONORIFIC = re.compile(r"(?:Dr|Mr|Mrs|Ms|Prof|Amb|H\.\s?E)\.?[^\S\n]+")
_ROSTER_REACH = 3  # sentences: how far after a ceremony its roster may run


def roster_meetings(report: Report, drafts: list[Draft]) -> list[Draft]:
    """`drafts` with one meeting per envoy of each credentials ceremony whose envoys
    are listed: meetings of the host with several envoys at once give way to them."""
    folded = report.folded
    if "creden" not in folded:
        return drafts
    text = report.text
    spans = sentences_at(text, [m.start() for m in _CEREMONY.finditer(folded)])
    done: set[tuple[int, int]] = set()
    for s, e in spans:
        if (s, e) in done or _HANDED.search(folded, s, e) is None:
            continue
        host = _host(report, s, e)
        if host is None:
            continue
        envoys = _envoys(report, s, e, host)
        # the roster sentences that follow the ceremony
        at, reach = e, 0
        while reach < _ROSTER_REACH:
            nxt = _next_sentence(text, at)
            if nxt is None or not _ROSTER.match(folded, nxt[0], nxt[1]):
                break
            envoys += _envoys(report, nxt[0], nxt[1], host)
            done.add(nxt)
            at, reach = nxt[1], reach + 1
        if len(envoys) >= 2 or reach:
            drafts = _one_each(report, drafts, Sentence(s, e, folded[s:e]), host, envoys)
    return drafts


def _next_sentence(text: str, at: int) -> tuple[int, int] | None:
    """The sentence after the one ending at `at`, if any."""
    n = len(text)
    while at < n and not text[at].isalnum():
        at += 1
    if at >= n:
        return None
    found = sentences_at(text, [at])
    return found[0] if found else None


def _host(report: Report, s: int, e: int) -> Participant | None:
    """Who received the credentials: the person of a state named in the ceremony
    sentence who is no envoy, else the last such person named before it."""
    mentions = report.mentions
    here = [m for m in mentions if s <= m.start < e and _receives(m)]
    if here:
        return here[0].participant
    before = [m for m in mentions if s - 1500 <= m.start < s and _receives(m)]
    return before[-1].participant if before else None


def _receives(m: Mention) -> bool:
    p = m.participant
    return bool(p.name and p.country and not m.former and not (p.role and _ENVOY.search(p.role)))


def _envoys(report: Report, s: int, e: int, host: Participant) -> list[Participant]:
    """The envoys a sentence names: titled ones the mentions hold, untitled "NAME of
    STATE" ones, and "the Estavian Ambassador, NAME" where the name follows an unnamed
    title."""
    text = report.text
    out: list[Participant] = []
    taken: list[tuple[int, int]] = []
    for m in report.mentions:
        if not s <= m.start < e:
            continue
        p = m.participant
        if p.name and host.name and same_person(p.name, host.name):
            continue
        if p.country == host.country or not (p.country or p.org):
            continue
        if p.name is None:
            named = _name_after(text, m.end, e)
            if named is None:
                continue
            p = replace(p, name=named[0])
            taken.append((m.start, named[1]))
        else:
            taken.append((m.start, m.end))
        out.append(replace(p, role=p.role or "Ambassador"))
    states = [h for h in report.hits if s <= h.start < e and h.kind == "country"]
    for h in states:
        if h.value == host.country or any(a <= h.start < b for a, b in taken):
            continue
        named = _name_before(text, s, h.start)
        if named is None or any(a <= named[1] < b for a, b in taken):
            continue
        out.append(Participant(named[0], "Ambassador", h.value, None))
        taken.append((named[1], h.end))
    return out


def _name_after(text: str, at: int, e: int) -> tuple[str, int] | None:
    """'the Estavian Ambassador, Ana Lind': the name after a comma, and where it ends."""
    if not text.startswith(",", at):
        return None
    m = NAME.match(text, at + 1, e)
    if m is None or not _is_name(m.group(1)):
        return None
    return m.group(1), m.end(1)


def _name_before(text: str, s: int, state: int) -> tuple[str, int] | None:
    """'Ana Lind of the Republic of Estavia': the name before 'of' or 'from' that leads
    to the state at `state` with no comma between, and where it starts."""
    clause_start = max(s, max(text.rfind(",", s, state), text.rfind(";", s, state)) + 1)
    between = text[clause_start:state]
    # the last joint first: "A of X and B of Y"; then earlier ones, for a state's long
    # name ("Ana Lind from the Federal Republic of Estavia")
    for joint in reversed(list(_OF_STATE.finditer(between))):
        if len(between) - joint.end() > 45:
            break
        head = between[: joint.start()]
        # the item's own words: after "are", "and", an honorific
        words = _ITEM_START.split(head)[-1].strip()
        words = _HONORIFIC.sub("", words).strip()
        if _is_name(words):
            return words, clause_start + head.rindex(words)
    return None


_ITEM_START = re.compile(r"\b(?:are|were|and|include[ds]?|including)\b")


def _is_name(words: str) -> bool:
    parts = words.split()
    return (
        2 <= len(parts) <= 6
        and parts[0][:1].isupper()
        and parts[0] not in NOT_NAME
        and parts[-1][:1].isupper()
        and not _ENVOY.search(words)
    )


def _one_each(
    report: Report,
    drafts: list[Draft],
    sentence: Sentence,
    host: Participant,
    envoys: list[Participant],
) -> list[Draft]:
    """The ceremony as one meeting per envoy: meetings already read of the host with
    one of them stay, those of the host with several or with an unnamed side of an
    envoy's state give way."""
    found = find_date(report.text[sentence.start : sentence.end], report.anchor, future=False)
    theirs = {p.country for p in envoys}

    def of_roster(d: Draft) -> bool:
        # "Those presenting their credentials were A, B and C" read as a meeting of
        # the envoys among themselves, or the host with several, or with a state
        others = [p for p in d.participants if p.country != host.country]
        return (
            len(others) >= 1
            and len(others) >= len(d.participants) - 1
            and all(p.country in theirs for p in others)
            and (len(others) >= 2 or any(p.name is None for p in others))
        )

    kept = [d for d in drafts if not of_roster(d)]
    dropped = [d for d in drafts if of_roster(d)]
    day = found.day if found else next((d.day for d in dropped if d.day), None)
    precision = found.precision if found else next((d.precision for d in dropped if d.day), None)
    told = report.triggers.get((sentence.start, sentence.end))
    # "to begin their tour of duty" may read as a visit: a ceremony is a meeting
    trig = Trigger("meeting", "in_person", told.status if told else "occurred", 0, 0, 1.0)
    for envoy in envoys:
        if any(
            p.name and envoy.name and same_person(p.name, envoy.name)
            for d in kept
            for p in d.participants
        ):
            continue
        kept.append(
            Draft.told(report.text, sentence, trig, [host, envoy], day=day, precision=precision)
        )
    return kept
