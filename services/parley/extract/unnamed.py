"""People a report names without a name of their own: unnamed counterparts, aides, the
holders of an office, groups; and titles with no name resolved to people."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from parley.extract.lexicon import Hit
from parley.extract.mention import (
    AIDE_WORDS,
    GENERIC_TITLES,
    NAME,
    NOT_NAME,
    PLURAL_WORDS,
    Mention,
    WordsBefore,
    kb_participant,
)
from parley.knowledge import KnowledgeBase
from parley.knowledge.leaders import leader_of
from parley.model import Participant
from parley.translate import lower

__all__ = [
    "aides_of",
    "groups_of",
    "leading_title",
    "looks_like_name",
    "named_members",
    "office_holders",
    "resolve_title",
    "unique_surname",
    "unnamed_counterparts",
]
_GROUP_WORDS = (
    r"delegation|delegations|officials|negotiators|leaders|allies|ministers|foreign ministers"
    r"|defence ministers|defense ministers|counterparts|envoys|diplomats|team|government"
)
_GROUP_AFTER = re.compile(
    rf"\s+(?:(?:high-level|senior|top|trade|military|official|parliamentary)\s+)?({_GROUP_WORDS})\b",
    re.I,
)
_GROUP_BEFORE = WordsBefore(
    re.compile(
        r"\b(?:delegation|delegations|officials|envoys|team|teams|diplomats|negotiators|mediators"
        r"|ministers|leaders)"
        r"\s+(?:from|of)\s+(?:the\s+)?$",
        re.I,
    ),
    *("from", "of", "the"),
)
_COUNTERPART = re.compile(r"\bcounterparts?\b", re.I)


# "Baerbock met her Chinese counterpart in Berlin": the holder of her office in China.
# "his Iranian counterpart Ali Bagheri Kani", a name the knowledge base lacks: someone
# holding the subject's office in that country.
_UNNAMED_COUNTERPART = re.compile(
    r"\b(?:his|her|their)\s+(\S+)\s+counterpart\b(?:(?!\s*,?\s+[A-Z])|,?(?=\s+[A-Z]))"
)


def unnamed_counterparts(
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
        named = NAME.match(text, m.end())
        if named is not None:
            start, end = named.start(1), named.end(1)
            if any(x.start < end and start < x.end for x in mentions):
                continue  # a name the knowledge base knows is already a mention
            name = named.group(1).strip()
            if name.split()[0] not in NOT_NAME and looks_like_name(name, hits, start):
                side = Participant(name=name, role=subject.role, country=country, org=None)
                out.append(Mention(m.start(), end, side))
                continue
        holder = resolve_title(kb, [], subject.role, country, None, on)
        if holder is not None and holder.name is not None:  # an unnamed side adds only noise
            out.append(Mention(m.start(), m.end(), holder))
    return out


_AIDE = re.compile(
    # "the Ukrainian side was headed by David Arakhamia": who led a side at the table
    r"\b(?:aide|adviser|advisor|negotiator|envoy|led by|headed by)\s+"
    r"(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})\b"
)


def aides_of(
    kb: KnowledgeBase,
    text: str,
    hits: list[Hit],
    known: list[Mention],
    on: date | None,
    present: frozenset[str],
) -> list[Mention]:
    out: list[Mention] = []
    if present.isdisjoint(AIDE_WORDS):
        return out  # a substring test spares the pattern on most articles
    taken = [(m.start, m.end) for m in known]
    for m in _AIDE.finditer(text):
        start, end = m.start("name"), m.end("name")
        if any(a < end and start < b for a, b in taken):
            continue
        if m.group("name").split()[0] in NOT_NAME or not looks_like_name(
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
            part = kb_participant(person, None, country, None)
        else:
            part = Participant(name=name, role=None, country=country, org=None)
        out.append(Mention(m.start(), end, part))
    return out


# "the presidents of Russia and the United States": each state's holder on the day.
_PLURAL_OFFICE = WordsBefore(
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


def office_holders(
    kb: KnowledgeBase, text: str, hits: list[Hit], on: date | None, present: frozenset[str]
) -> list[Mention]:
    out: list[Mention] = []
    if on is None or present.isdisjoint(PLURAL_WORDS):
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
                out.append(Mention(h.start, h.end, kb_participant(holders[0], role, None, None)))
        i += 1
    return out


def leading_title(kb: KnowledgeBase, surface: str) -> str | None:
    """The role that opens a matched alias ('Crown Prince ...', 'King Salman'), if any."""
    words = surface.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        role = kb.role_of(lower(" ".join(words[:n])))
        if role is not None:
            return role
    return None


def looks_like_name(name: str, hits: list[Hit], at: int) -> bool:
    # A capitalised run that the lexicon reads as a country or a title is not a name.
    return not any(
        h.start == at
        and h.kind
        in ("country", "adjective", "role", "org", "orgrole", "capital", "city", "metonym")
        for h in hits
    )


def unique_surname(kb: KnowledgeBase, hit: Hit, on: date) -> bool:
    surname = hit.value
    person = kb.person_by_name(surname, on)
    if person is None:
        return False
    return len({p.name for p in kb.people_by_surname(person.surnames[0], on)}) <= 1


def resolve_title(
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
    if role in GENERIC_TITLES and (country is not None or org is not None):
        # "the Russian minister", "the Chinese leader": the one named earlier who fits
        for part in reversed(known):
            if (
                part.name
                and (country is None or part.country == country)
                and (org is None or part.org == org)
                and GENERIC_TITLES[role](kb, part.role)
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
            return kb_participant(head, None, None, None)
    if role == "Leader" and country is not None and on is not None:
        # "the British leader": whoever led Britain on the day
        leader = leader_of(kb, country, on)
        if leader is not None:
            return kb_participant(leader, None, None, None)
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
        return kb_participant(holders[0], role, country, org)
    return Participant(name=None, role=role, country=country if not org else None, org=org)


# "U.S. and Ukrainian officials": the lexicon's hit for "U.S" leaves its last dot out.
_AND = re.compile(r"^\.?\s*(?:,|and|,\s*and)\s*(?:the\s+)?$")


_REGIONS = ("North", "South", "Latin", "Central", "East", "West", "Southeast", "Northeast")
_REGION_BEFORE = WordsBefore(re.compile(rf"\b(?:{'|'.join(_REGIONS)})\s+$"), *_REGIONS)


# "The EU officials then held a call": the officers of the organisation named before.
_THE_OFFICERS = re.compile(r"\s+(?:officials|leaders|team|delegation|chiefs)\b")


def named_members(
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


def groups_of(kb: KnowledgeBase, text: str, hits: list[Hit]) -> list[Mention]:
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
