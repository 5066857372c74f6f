"""Who is mentioned: people with their titles, later mentions, and delegations.

Works over the lexicon hits of the whole article, in reading order, so that a later
"Stoltenberg" or "the prime minister" resolves to the person introduced earlier.
A title written next to a name outranks the knowledge base, which only fills gaps
(a dated title with no name, a name with no title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from parley.extract.gate import CaseBlind, WordIndex
from parley.extract.lexicon import Hit
from parley.extract.plural_titles import listed_sides
from parley.knowledge import KnowledgeBase, Person
from parley.knowledge.leaders import leader_of
from parley.model import Participant
from parley.translate import lower

__all__ = ["Mention", "find_mentions"]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    participant: Participant
    former: bool = False
    group: bool = False  # a delegation or a body of people rather than one person


_JOIN = re.compile(
    r"(?:\s+|\s*'s\s+|\s+of\s+(?:the\s+)?|\s+and\s+|\s*-\s*|\s*,\s*"
    # "Prime Minister Shri Narendra Modi", "the President, H.E. Mr. Emmanuel Macron"
    r"|,?\s+(?:(?:Shri|Smt\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|H\.\s?E\.|His Excellency|Her Excellency)\s+)+)$"
)
# What _joins answers, as one pattern: slower, kept as its definition for
# tests/unit/test_pattern_rewrites.py. Change both together.
JOIN_DEFINITION = (
    r"^(?![\s\S]*\n)(?:\s+|\s*'s\s+|\s+of\s+(?:the\s+)?|\s+and\s+|\s*-\s*|\s*,\s*"
    r"|,?\s+(?:(?:Shri|Smt\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|H\.\s?E\.|His Excellency"
    r"|Her Excellency)\s+)+)$"
)


def _joins(gap: str) -> bool:
    """Whether `gap` is what may stand between the words of one title and name."""
    if gap == " ":
        return True  # most gaps; the pattern would say so after a call
    # Never across a line break: headlines end with no full stop, so a headline's
    # "... receives Venezuelan ambassador" and the lead's "Prime Minister X" are two
    # titles. Tested after the pattern, which fails at once on the long gaps between
    # words far apart, where a scan for line breaks would read the whole gap.
    return _JOIN.match(gap) is not None and "\n" not in gap


# A name's words stay on one line, and only an initial or a short abbreviation ("R.",
# "Jr.") carries a full stop: "Aizaz Ahmad Chaudhry. He ..." ends with Chaudhry.
_NAME = re.compile(
    r"\s*((?:[A-Z][\w'-]*|[A-Z][a-z]{0,2}\.|al-[A-Z][\w'-]*)(?:[^\S\n]+(?:[A-Z][\w'-]*"
    r"|[A-Z][a-z]{0,2}\.|al-[A-Z][\w'-]*|(?:bin|bint|ibn|al|el|de|da|do|dos|das|van|von|der|den|del"
    r"|della|la|le|du|y|abu)\b)){0,4})"
)
_NOT_NAME = frozenset(
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


def _may_end_in(window: str, words: tuple[str, ...]) -> bool:
    """False when `window`, ASCII, does not end in one of `words` (lower case) followed by
    nothing but spaces and hyphens: no pattern that can match only so can match it."""
    return not window.isascii() or lower(window.rstrip(_TRAIL)).endswith(words)


class _Before:
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
        if not _may_end_in(text[pos:endpos], self.last):
            return None
        return self.pattern.search(text, pos, endpos)


_FORMER_WORDS = (
    "former",
    "ex",
    "late",
    "then",
    "incoming",
    "ousted",
    "deposed",
    "toppled",
    "jailed",
    "exiled",
    "president-elect",
    "prime minister-designate",
)
_FORMER = CaseBlind(rf"\b(?:{'|'.join(_FORMER_WORDS)})[\s-]+$")


def _former(text: str, start: int) -> bool:
    """Whether the words before `start` make the office a past or future one."""
    window = text[max(0, start - 24) : start]
    return _may_end_in(window, _FORMER_WORDS) and _FORMER.found(window)


_ELECT = re.compile(r"-(?:elect|designate)\b", re.I)
_ELECT_BEFORE = re.compile(
    r"\b(?:president|prime minister|chancellor)-(?:elect|designate)\s+$", re.I
)
_GROUP_WORDS = (
    r"delegation|delegations|officials|negotiators|leaders|allies|ministers|foreign ministers"
    r"|defence ministers|defense ministers|counterparts|envoys|diplomats|team|government"
)
_GROUP_AFTER = re.compile(
    rf"\s+(?:(?:high-level|senior|top|trade|military|official|parliamentary)\s+)?({_GROUP_WORDS})\b",
    re.I,
)
_GROUP_BEFORE = _Before(
    re.compile(
        r"\b(?:delegation|delegations|officials|envoys|team|teams|diplomats|negotiators|mediators"
        r"|ministers|leaders)"
        r"\s+(?:from|of)\s+(?:the\s+)?$",
        re.I,
    ),
    *("from", "of", "the"),
)
_OF = re.compile(r"\s+of\s+")
# The words of a ministry's name, so that the name after it can be told from it.
_PORTFOLIO_WORDS = (
    "Public|Security|Foreign|Affairs|Defen[cs]e|Trade|Industry|Commerce|Finance|Economy|Economic"
    "|Justice|Interior|Home|State|National|Internal|External|International|Cooperation"
    "|Development|Energy|Health|Education|Agriculture|Environment|Transport|Planning|Investment"
    "|Culture|Tourism|Information|Communications?|Labou?r|Social|Welfare|Emergency|Situations"
    "|Science|Technology|Digital|Maritime|Fisheries|Mines|Petroleum|Oil|Gas|Water|Resources"
    "|Natural|Land|Housing|Urban|Infrastructure|Budget|Treasury|Legal|Parliamentary|Relations"
    "|European|Integration|Regional|Local|Government|Youth|Sports?|Women|Family|Veterans|War"
    "|Intelligence|Police|Immigration|Migration|Customs|Border|Religious|Human|Rights|Overseas"
    "|Diaspora|Power|Electricity|Media|Arts|Heritage|Defence|Reconstruction|Strategic"
)
_PORTFOLIO = re.compile(
    rf"(?:the\s+)?(?:(?:{_PORTFOLIO_WORDS})(?:,\s+|\s+and\s+|\s+)){{1,5}}(?=[A-Z])"
)


def _other_person(text: str, h: Hit) -> bool:
    """'Wang Xiaohong' after the hit 'Wang' (Wang Yi): someone else. Not so 'Kishida
    Fumio' (the name turned round) or 'Kim Jong-un' (the name going on)."""
    m = _OTHER_GIVEN.match(text, h.end)
    if m is None:
        return False
    given = m.group().strip()
    words = h.value.replace("-", " ").split()
    surname = text[h.start : h.end]
    goes_on = " ".join(words).startswith(f"{surname} {given}")
    return not goes_on and words[0] != given


_TO_STATE_COMMA = re.compile(
    r"(?:\s+to\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})?,\s+(?=[A-Z])"
)
_AND_TITLE = re.compile(
    r"\s+and\s+(?:the\s+)?(?:head|chief|chairman|chairwoman|director|president|governor)\s+of\s+"
    r"[^,()]{3,80}?\([A-Z]{2,8}\)\s+(?=[A-Z])"
)
_LESSER_WORDS = ("Assistant", "Deputy", "Under", "Junior", "Associate")
_LESSER = _Before(re.compile(rf"\b(?:{'|'.join(_LESSER_WORDS)})\s+$"), *_LESSER_WORDS)
_OTHER_GIVEN = re.compile(
    r" (?!(?:Says|Said|Meets|Met|Holds|Held|Calls|Visits|Arrives|Urges|Tells|Warns|Speaks|To|And"
    r"|In|On|At|For|With|Of|The|Is|Was|Has|Had|Will|Would|Administration|Government)\b)"
    r"[A-Z][a-z]+\b"
)
_COUNTERPART = re.compile(r"\bcounterparts?\b", re.I)


def _title_before(hits: list[Hit], i: int, text: str) -> list[Hit]:
    """The run of title words (adjective, country, role, org) that ends right before hits[i]."""
    run: list[Hit] = []
    j = i - 1
    pos = hits[i].start
    while j >= 0:
        h = hits[j]
        if h.kind not in ("adjective", "country", "role", "orgrole", "org"):
            break
        gap = text[h.end : pos]
        if gap != "" and not _joins(gap):
            break
        run.insert(0, h)
        pos = h.start
        j -= 1
    # a run that does not contain a role is just "British Boris Johnson": keep the country
    return run


def _parse_title(
    kb: KnowledgeBase, run: list[Hit], text: str
) -> tuple[str | None, str | None, str | None]:
    role = country = org = None
    for h in run:
        if h.kind == "role" and role is None:
            role = h.value
            # a variant that names the state: "German chancellor", "US defense secretary"
            words = text[h.start : h.end].split()
            country = country or (kb.country_code(words[0]) if len(words) > 1 else None)
        elif h.kind == "orgrole":
            acronym, title = h.value.split("|", 1)
            org = org or acronym
            role = role or kb.role_of(title) or title
        elif h.kind in ("adjective", "country") and country is None:
            country = h.value
        elif h.kind == "org" and org is None:
            org = h.value
    return role, country, org


def _kb_participant(
    person: Person, role: str | None, country: str | None, org: str | None
) -> Participant:
    # "Chinese leader Xi Jinping" holds an office the knowledge base names exactly.
    if role is not None and role in _GENERIC and person.role:
        role = person.role
    return Participant(
        name=person.name,
        role=role or person.role,
        country=country if country and not person.org else person.country,
        org=person.org or (org if not person.country else None),
    )


def find_mentions(
    kb: KnowledgeBase, text: str, hits: list[Hit], on: date | None, home: str | None = None
) -> list[Mention]:
    """Every person or group mentioned in `text`, in order, with titles resolved.

    `home` is the country the outlet speaks from: a bare title nobody earlier holds
    is its office-holder ("The Prime Minister" in a Downing Street readout).
    """
    # "Wang Xiaohong", "Kim Yong Chol": a known family name followed by another given
    # name is somebody else, whom the knowledge base does not know
    hits = [h for h in hits if h.kind != "surname" or not _other_person(text, h)]
    present = _GATES.found(text)
    electing = "-elect" in present or "-designate" in present  # spares a pattern per name
    mentions: list[Mention] = []
    known: dict[str, Participant] = {}  # canonical name -> participant, for later mentions
    first_at: dict[str, int] = {}
    # How often each person is named: a bare "the Prime Minister" in a report about
    # Modi's trip means Modi, even when another prime minister was named last.
    salience: dict[str, int] = {}
    used_title: set[int] = set()

    def note(part: Participant, at: int) -> None:
        name = part.name or ""
        known[name] = part
        first_at.setdefault(name, at)
        salience[name] = salience.get(name, 0) + 1

    # An article names the same people again and again; the lookup folds and
    # tokenises the name each time, and its answer cannot change within one call.
    looked_up: dict[str, Person | None] = {}

    def person_for(name: str) -> Person | None:
        try:
            return looked_up[name]
        except KeyError:
            person = looked_up[name] = kb.person_by_name(name, on)
            return person

    for i, hit in enumerate(hits):
        if hit.kind == "person":
            person = person_for(hit.value)
            run = _title_before(hits, i, text)
            role, country, org = _parse_title(kb, run, text)
            start = run[0].start if run else hit.start
            used_title.update(id(h) for h in run)
            former = _former(text, start)
            elect = (
                _ELECT_BEFORE.search(text, max(0, hit.start - 30), hit.start) if electing else None
            )
            if elect is not None:
                # "a call with President-elect Donald Trump": he takes part, though not
                # yet in the office
                former, role = False, text[elect.start() : elect.end()].strip().capitalize()
            if person is None:
                continue
            # "Crown Prince Mohammed bin Salman" is one alias: its title is the role here
            role = role or _leading_title(kb, text[hit.start : hit.end])
            part = _kb_participant(person, role, country, org)
            part = _appositive(kb, text, hit.end, part)
            note(part, start)
            mentions.append(Mention(start, hit.end, part, former))
            close = _described(text, hit.end)
            if close:
                # "Kim Jong Un, general secretary of the party and president of the State
                # Affairs, and Putin": the titles between the commas are Kim's own
                used_title.update(
                    id(h)
                    for h in hits[i + 1 :]
                    if h.start < close and h.kind in ("role", "orgrole")
                )
        elif hit.kind == "surname":
            if _PLACE_AFTER.match(text, hit.end):
                continue
            run = _title_before(hits, i, text)
            role, country, org = _parse_title(kb, run, text)
            start = run[0].start if run else hit.start
            used_title.update(id(h) for h in run)
            prior = known.get(hit.value)
            if prior is not None:
                note(prior, start)
                mentions.append(Mention(start, hit.end, prior))
                continue
            person = person_for(hit.value)
            if person is None or on is None or not person.in_office(on):
                continue
            if role is None and not _unique_surname(kb, hit, on):
                continue
            if role is not None and person.role != role and country not in (None, person.country):
                continue
            part = _kb_participant(person, role, country, org)
            note(part, start)
            mentions.append(Mention(start, hit.end, part))
    # Titles followed by a name the knowledge base does not know, and titles alone.
    i = 0
    while i < len(hits):
        hit = hits[i]
        if hit.kind not in ("role", "orgrole") or id(hit) in used_title:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(hits)
            and hits[j + 1].kind in ("role", "orgrole", "adjective", "country", "org")
            and _joins(text[hits[j].end : hits[j + 1].start] or " ")
        ):
            j += 1
        run = _title_before(hits, i, text) + hits[i : j + 1]
        if any(id(h) in used_title for h in run) or (
            j + 1 < len(hits)
            and hits[j + 1].kind in ("person", "surname")
            and _joins(text[hits[j].end : hits[j + 1].start] or " ")
        ):
            i = j + 1
            continue
        role, country, org = _parse_title(kb, run, text)
        start, end = run[0].start, run[-1].end
        if _ELECT.match(text, end):
            i = j + 1
            continue  # "President-elect": the office is not theirs yet
        second = _AND_TITLE.match(text, end)
        if second is not None:
            # "Vice President and head of the Atomic Energy Organization of Iran (AEOI)
            # Mohammad Eslami": a second office before the name, which may name the state
            country = country or next(
                (
                    h.value
                    for h in hits[j + 1 :]
                    if h.start < second.end() and h.kind in ("country", "adjective")
                ),
                None,
            )
            end = second.end()
        after_of = _OF.match(text, end)
        if after_of is not None:
            # "Minister of Public Security Wang Xiaohong": the portfolio, then the name
            portfolio = _PORTFOLIO.match(text, after_of.end())
            if portfolio is not None:
                end, after_of = portfolio.end(), None
        elif run[-1].kind == "country":
            # "the Ambassador of Japan to Azerbaijan, Tomoyuki Ishikawa": the state the
            # office serves, where it is posted, then the name
            posted = _TO_STATE_COMMA.match(text, end)
            if posted is not None:
                end = posted.end()
        m = _NAME.match(text, end)
        former = _former(text, start)
        if m and any(
            h.kind in ("person", "surname") and m.start(1) < h.start < m.end(1)
            for h in hits[j + 1 :]
        ):
            # "Prime Minister Muhammad Shehbaz Sharif": a known person under a longer name,
            # who is a mention already
            i = j + 1
            continue
        lesser = _LESSER.search(text, max(0, start - 12), start)
        if lesser is not None:
            # "US Assistant Secretary of State Donald Lu" holds a lesser office than the
            # title's: keep the words as they stand, and the state named before them
            role = text[lesser.start() : end]
            country = next(
                (
                    h.value
                    for h in reversed(hits[:i])
                    if h.kind in ("adjective", "country") and 0 <= lesser.start() - h.end <= 2
                ),
                country,
            )
            start = lesser.start()
        if (
            m
            and m.group(1).split()[0].rstrip(".") not in _NOT_NAME
            and not after_of
            and _looks_like_name(m.group(1), hits, m.start(1))
        ):
            name = m.group(1).strip()
            person = person_for(name.replace("-", " "))
            if person is not None:
                part = _kb_participant(person, role, country, org)
            else:
                part = Participant(name=name, role=role, country=None if org else country, org=org)
            note(part, start)
            mentions.append(Mention(start, m.end(1), part, former))
        elif role is not None:
            earlier = [v for k, v in known.items() if first_at[k] < start]
            earlier.sort(key=lambda p: salience[p.name or ""])  # most named last
            resolved = _resolve_title(kb, earlier, role, country, org, on, home)
            if resolved is not None:
                mentions.append(Mention(start, end, resolved, former))
        i = j + 1
    for g in _groups(kb, text, hits):
        mentions.extend(_named_members(g, text, known, first_at))
    mentions.extend(_aides(kb, text, hits, mentions, on, present))
    mentions.extend(_office_holders(kb, text, hits, on, present))
    mentions.sort(key=lambda m: m.start)
    mentions.extend(_unnamed_counterparts(kb, text, hits, mentions, on, present))
    mentions.extend(_listed_sides(kb, text, hits, mentions, on))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _listed_sides(
    kb: KnowledgeBase, text: str, hits: list[Hit], mentions: list[Mention], on: date | None
) -> list[Mention]:
    """'The ambassadors of A, B and C': one side per state (plural_titles.py), the
    office's holder on the day when the knowledge base knows one."""
    out: list[Mention] = []
    for side in listed_sides(text, hits):
        office = side.office
        if not office:
            subject = next(
                (
                    x.participant
                    for x in reversed(mentions)
                    if x.end <= side.start and x.participant.role
                ),
                None,
            )
            office = subject.role if subject is not None and subject.role else ""
        holder = _resolve_title(kb, [], office, side.country, None, on) if office else None
        if holder is None or holder.name is None:
            holder = Participant(None, office or None, side.country, None)
        out.append(Mention(side.start, side.end, holder))
    return out


# "Baerbock met her Chinese counterpart in Berlin": the holder of her office in China.
# "his Iranian counterpart Ali Bagheri Kani", a name the knowledge base lacks: someone
# holding the subject's office in that country.
_UNNAMED_COUNTERPART = re.compile(
    r"\b(?:his|her|their)\s+(\S+)\s+counterpart\b(?:(?!\s*,?\s+[A-Z])|,?(?=\s+[A-Z]))"
)


def _unnamed_counterparts(
    kb: KnowledgeBase,
    text: str,
    hits: list[Hit],
    mentions: list[Mention],
    on: date | None,
    present: frozenset[str],
) -> list[Mention]:
    if "counterpart" not in present:
        return []
    out: list[Mention] = []
    for m in _UNNAMED_COUNTERPART.finditer(text):
        country = next(
            (h.value for h in hits if h.start == m.start(1) and h.kind in ("adjective", "country")),
            None,
        )
        subject = next(
            (
                x.participant
                for x in reversed(mentions)
                if x.end <= m.start() and m.start() - x.end < 200 and x.participant.role
            ),
            None,
        )
        if country is None or subject is None or subject.role is None:
            continue
        named = _NAME.match(text, m.end())
        if named is not None:
            start, end = named.start(1), named.end(1)
            if any(x.start < end and start < x.end for x in mentions):
                continue  # a name the knowledge base knows is already a mention
            name = named.group(1).strip()
            if name.split()[0] not in _NOT_NAME and _looks_like_name(name, hits, start):
                side = Participant(name=name, role=subject.role, country=country, org=None)
                out.append(Mention(m.start(), end, side))
                continue
        holder = _resolve_title(kb, [], subject.role, country, None, on)
        if holder is not None and holder.name is not None:  # an unnamed side adds only noise
            out.append(Mention(m.start(), m.end(), holder))
    return out


# Offices outside the canonical roles still make someone a participant when they sat
# at the table: "Kremlin aide Yury Ushakov", "special envoy Steve Witkoff".
_AIDE_WORDS = ("aide", "advis", "negotiator", "envoy", "led by", "headed by")
_AIDE = re.compile(
    # "the Ukrainian side was headed by David Arakhamia": who led a side at the table
    r"\b(?:aide|adviser|advisor|negotiator|envoy|led by|headed by)\s+"
    r"(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})\b"
)


def _aides(
    kb: KnowledgeBase,
    text: str,
    hits: list[Hit],
    known: list[Mention],
    on: date | None,
    present: frozenset[str],
) -> list[Mention]:
    out: list[Mention] = []
    if present.isdisjoint(_AIDE_WORDS):
        return out  # a substring test spares the pattern on most articles
    taken = [(m.start, m.end) for m in known]
    for m in _AIDE.finditer(text):
        start, end = m.start("name"), m.end("name")
        if any(a < end and start < b for a, b in taken):
            continue
        if m.group("name").split()[0] in _NOT_NAME or not _looks_like_name(
            m.group("name"), hits, start
        ):
            continue
        name = m.group("name")
        person = kb.person_by_name(name, on) or kb.person_by_name(name, None)
        # "the Russian side was headed by presidential aide Vladimir Medinsky"
        country = next(
            (
                h.value
                for h in reversed(hits)
                if h.end <= m.start()
                and m.start() - h.end <= 60
                and h.kind in ("adjective", "country")
                and not any(c in text[h.end : m.start()] for c in ",;")
            ),
            None,
        )
        if person is not None:
            part = _kb_participant(person, None, country, None)
        else:
            part = Participant(name=name, role=None, country=country, org=None)
        out.append(Mention(m.start(), end, part))
    return out


# "the presidents of Russia and the United States": each state's holder on the day.
_PLURAL_OFFICE = _Before(
    re.compile(
        r"\b(presidents|prime ministers|foreign ministers|defen[cs]e ministers|chancellors)"
        r"\s+of\s+(?:the\s+)?$"
    ),
    *("of", "the"),
)
_PLURAL_AFTER = re.compile(
    r"\s+(presidents|prime ministers|foreign ministers|defen[cs]e ministers|chancellors)\b"
)
_SINGULAR = {
    "presidents": "President",
    "prime ministers": "Prime Minister",
    "foreign ministers": "Foreign Minister",
    "defence ministers": "Defence Minister",
    "defense ministers": "Defence Minister",
    "chancellors": "Chancellor",
}


def _office_holders(
    kb: KnowledgeBase, text: str, hits: list[Hit], on: date | None, present: frozenset[str]
) -> list[Mention]:
    out: list[Mention] = []
    if on is None or present.isdisjoint(_PLURAL_WORDS):
        return out  # a substring test spares the patterns on most articles
    places = [h for h in hits if h.kind in ("country", "adjective")]
    i = 0
    while i < len(places):
        first = places[i]
        run = [first]
        while i + 1 < len(places) and _AND.match(text[run[-1].end : places[i + 1].start]):
            i += 1
            run.append(places[i])
        # "the presidents of Russia and the US", "the Russian and US presidents"
        m = _PLURAL_OFFICE.search(text, max(0, first.start - 40), first.start)
        if m is None:
            m = _PLURAL_AFTER.match(text, run[-1].end)
        if m is None:
            i += 1
            continue
        role = _SINGULAR[lower(m.group(1))]
        for h in run:
            holders = kb.holders(role, country=h.value, on=on)
            if len({p.name for p in holders}) == 1:
                out.append(Mention(h.start, h.end, _kb_participant(holders[0], role, None, None)))
        i += 1
    return out


_PLURAL_WORDS = ("presidents", "ministers", "chancellors")

# The words the substring tests above look for. Most articles hold none of them, so
# each test read the whole text, a dozen readings an article; the index reads it once.
_GATE_WORDS = ("-elect", "-designate", "counterpart", *_AIDE_WORDS, *_PLURAL_WORDS)
_GATES = WordIndex(_GATE_WORDS, rare=True)


def _leading_title(kb: KnowledgeBase, surface: str) -> str | None:
    """The role that opens a matched alias ('Crown Prince ...', 'King Salman'), if any."""
    words = surface.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        role = kb.role_of(lower(" ".join(words[:n])))
        if role is not None:
            return role
    return None


def _looks_like_name(name: str, hits: list[Hit], at: int) -> bool:
    # A capitalised run that the lexicon reads as a country or a title is not a name.
    return not any(
        h.start == at
        and h.kind
        in ("country", "adjective", "role", "org", "orgrole", "capital", "city", "metonym")
        for h in hits
    )


def _unique_surname(kb: KnowledgeBase, hit: Hit, on: date) -> bool:
    surname = hit.value
    person = kb.person_by_name(surname, on)
    if person is None:
        return False
    return len({p.name for p in kb.people_by_surname(person.surnames[0], on)}) <= 1


def _resolve_title(
    kb: KnowledgeBase,
    known: list[Participant],
    role: str,
    country: str | None,
    org: str | None,
    on: date | None,
    home: str | None = None,
) -> Participant | None:
    """A title with no name: an earlier person with that title, else its holder on the day.

    `known` holds the people named before the title, the most salient last.
    """
    for part in reversed(known):
        if (
            part.role == role
            and (country is None or part.country == country)
            and (org is None or part.org == org)
        ):
            return part
    if role in _GENERIC and (country is not None or org is not None):
        # "the Russian minister", "the Chinese leader": the one named earlier who fits
        for part in reversed(known):
            if (
                part.name
                and (country is None or part.country == country)
                and (org is None or part.org == org)
                and _GENERIC[role](kb, part.role)
            ):
                return part
    if org is not None and role not in kb.roles:
        # "the IAEA chief", "the UN chief": a title naming no office but the
        # organisation's head, whoever of it was named, else who led it on the day
        for part in reversed(known):
            if part.name and part.org == org:
                return part
        head = kb.org_head(org, on) if on is not None else None
        if head is not None:
            return _kb_participant(head, None, None, None)
    if role == "Leader" and country is not None and on is not None:
        # "the British leader": whoever led Britain on the day
        leader = leader_of(kb, country, on)
        if leader is not None:
            return _kb_participant(leader, None, None, None)
    if on is not None:
        # Someone named earlier who also holds this office ("Crown Prince and Prime
        # Minister Mohammed bin Salman", later "the crown prince").
        for part in reversed(known):
            if part.name and (country is None or part.country == country):
                holders = kb.holders(role, country=part.country, org=part.org, on=on)
                if any(h.name == part.name for h in holders):
                    return replace(part, role=role)
    if country is None and org is None:
        if home is None or not kb.holders(role, country=home, org=None, on=on):
            return None
        country = home
    holders = kb.holders(role, country=country, org=org, on=on) if on else []
    if len({p.name for p in holders}) == 1:
        return _kb_participant(holders[0], role, country, org)
    return Participant(name=None, role=role, country=country if not org else None, org=org)


def _is_minister(kb: KnowledgeBase, role: str | None) -> bool:
    return role is not None and ("Minister" in role or "Secretary" in role)


def _is_leader(kb: KnowledgeBase, role: str | None) -> bool:
    return role is not None and role in kb.roles and kb.roles[role].head


# Generic titles and the offices they can stand for.
_GENERIC = {"Minister": _is_minister, "Leader": _is_leader}

_DESCRIBED = re.compile(r", (?:the )?[a-z]")


def _described(text: str, end: int) -> int:
    """Where a lower-case description set off by commas after a name closes, or 0."""
    if not _DESCRIBED.match(text, end):
        return 0
    close = text.find(",", end + 2, end + 160)
    return max(close, 0)


_APPOSITIVE = re.compile(r"^,\s+(?:the\s+|who\s+is\s+(?:also\s+)?the\s+)?")


def _appositive(kb: KnowledgeBase, text: str, end: int, part: Participant) -> Participant:
    """Boris Johnson, the British prime minister, ...: take the title that follows the name."""
    tail = text[end : end + 80]
    m = _APPOSITIVE.match(tail)
    if not m:
        return part
    role = None
    rest = lower(tail[m.end() :])
    for words in range(4, 0, -1):
        phrase = " ".join(rest.split()[:words]).strip(",.;")
        role = kb.role_of(phrase)
        if role:
            break
    return replace(part, role=role) if role and part.role is None else part


# "U.S. and Ukrainian officials": the lexicon's hit for "U.S" leaves its last dot out.
_AND = re.compile(r"^\.?\s*(?:,|and|,\s*and)\s*(?:the\s+)?$")
# "Blair House", "Downing Street": a surname that names a place.
_PLACE_AFTER = re.compile(
    r"\s+(?:House|Palace|Hall|Street|Square|Centre|Center|Building|Road|Avenue|Bridge|Airport|University)\b"
)


_REGIONS = ("North", "South", "Latin", "Central", "East", "West", "Southeast", "Northeast")
_REGION_BEFORE = _Before(re.compile(rf"\b(?:{'|'.join(_REGIONS)})\s+$"), *_REGIONS)


# "The EU officials then held a call": the officers of the organisation named before.
_THE_OFFICERS = re.compile(r"\s+(?:officials|leaders|team|delegation|chiefs)\b")


def _named_members(
    g: Mention, text: str, known: dict[str, Participant], first_at: dict[str, int]
) -> list[Mention]:
    org = g.participant.org
    if (
        org is None
        or lower(text[max(0, g.start - 4) : g.start]) != "the "
        or not _THE_OFFICERS.match(text, g.end)
    ):
        return [g]
    members = [p for k, p in known.items() if p.org == org and p.name and first_at[k] < g.start]
    return [Mention(g.start, g.end, p, group=True) for p in members] or [g]


def _groups(kb: KnowledgeBase, text: str, hits: list[Hit]) -> list[Mention]:
    out: list[Mention] = []
    # one hit per place in the text: "U.S" is both a country and an adjective
    hits = [h for i, h in enumerate(hits) if i == 0 or h.start != hits[i - 1].start]
    for i, hit in enumerate(hits):
        if hit.kind not in ("adjective", "country", "org"):
            continue
        if _REGION_BEFORE.search(text, max(0, hit.start - 12), hit.start):
            continue  # "North American leaders" are not American ones
        after = _GROUP_AFTER.match(text, hit.end)
        # "Russian and Ukrainian delegations": the group word follows the last of a list.
        k = i
        while (
            after is None
            and k + 1 < len(hits)
            and hits[k + 1].kind in ("adjective", "country", "org")
            and _AND.match(text[hits[k].end : hits[k + 1].start])
        ):
            k += 1
            after = _GROUP_AFTER.match(text, hits[k].end)
        # "leaders of Britain, Canada and France": the group word precedes the first.
        first = i
        while (
            first > 0
            and hits[first - 1].kind in ("country", "adjective")
            and _AND.match(text[hits[first - 1].end : hits[first].start])
        ):
            first -= 1
        lead = hits[first].start
        before = _GROUP_BEFORE.search(text, max(0, lead - 40), lead)
        if not (after or before):
            continue
        if _COUNTERPART.search(text[hit.end : hit.end + 20]):
            continue
        end = hit.end
        start = before.start() if before else hit.start
        if hit.kind == "org" and kb.orgs[hit.value].kind == "forum":
            continue  # "G20 leaders" are leaders of states, not officers of the G20
        if hit.kind == "org":
            part = Participant(name=None, role=None, country=None, org=hit.value)
        else:
            part = Participant(name=None, role=None, country=hit.value, org=None)
        out.append(Mention(start, end, part, group=True))
    return out
