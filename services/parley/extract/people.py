"""Who is mentioned: people with their titles, later mentions, and delegations.

Works over the lexicon hits of the whole article, in reading order, so that a later
"Stoltenberg" or "the prime minister" resolves to the person introduced earlier.
A title written next to a name outranks the knowledge base, which only fills gaps
(a dated title with no name, a name with no title).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from parley.extract.gate import CaseBlind, WordIndex
from parley.extract.lexicon import Hit
from parley.extract.mention import (
    AIDE_WORDS,
    NAME,
    NOT_NAME,
    PLURAL_WORDS,
    Mention,
    WordsBefore,
    kb_participant,
    may_end_in,
)
from parley.extract.plural_titles import sides_of_lists
from parley.extract.ruleset import word_list
from parley.extract.triggers import RULES
from parley.extract.unnamed import (
    aides_of,
    groups_of,
    leading_title,
    looks_like_name,
    named_members,
    office_holders,
    resolve_title,
    unique_surname,
    unnamed_counterparts,
)
from parley.knowledge import KnowledgeBase, Person
from parley.model import Participant
from parley.translate import lower

__all__ = ["Mention", "find_mentions"]


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


# The words round a title are data: extract/rules/titles.toml.
_FORMER_WORDS = word_list(RULES.rules, "former")
_FORMER = CaseBlind(rf"\b(?:{'|'.join(_FORMER_WORDS)})[\s-]+$")


def _former(text: str, start: int) -> bool:
    """Whether the words before `start` make the office a past or future one."""
    window = text[max(0, start - 24) : start]
    return may_end_in(window, _FORMER_WORDS) and _FORMER.found(window)


_ELECT = re.compile(r"-(?:elect|designate)\b", re.I)
_ELECT_BEFORE = re.compile(
    r"\b(?:" + "|".join(f"(?:{r.pattern})" for r in RULES.rules if r.role == "elect") + r")\s+$",
    re.I,
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
_POSTED = re.compile(r"Ambassador|High Commissioner|Envoy|Charg|Consul")
_TO = re.compile(r"\s+to\s+(?:the\s+)?")


def _past_posting(role: str | None, text: str, hits: list[Hit], j: int, end: int) -> int:
    """'the Lao Ambassador to Vietnam Sengphet ...': where an envoy's title and the
    state of the posting end, so that the name after them is read; else `end`."""
    if not text.startswith(" to ", end) or role is None or _POSTED.search(role) is None:
        return end  # most titles: no posting follows
    to = _TO.match(text, end)
    if to is None:
        return end
    state = next((h for h in hits[j + 1 :] if h.start >= to.end()), None)
    if state is None or state.start != to.end() or state.kind != "country":
        return end
    return state.end + (1 if text.startswith(",", state.end) else 0)


_AND_TITLE = re.compile(
    r"\s+and\s+(?:the\s+)?(?:head|chief|chairman|chairwoman|director|president|governor)\s+of\s+"
    r"[^,()]{3,80}?\([A-Z]{2,8}\)\s+(?=[A-Z])"
)
_LESSER_WORDS = word_list(RULES.rules, "lesser")
_LESSER = WordsBefore(re.compile(rf"\b(?:{'|'.join(_LESSER_WORDS)})\s+$"), *_LESSER_WORDS)
_OTHER_GIVEN = re.compile(
    r" (?!(?:Says|Said|Meets|Met|Holds|Held|Calls|Visits|Arrives|Urges|Tells|Warns|Speaks|To|And"
    r"|In|On|At|For|With|Of|The|Is|Was|Has|Had|Will|Would|Administration|Government)\b)"
    r"[A-Z][a-z]+\b"
)


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
    reader = _MentionReader(kb, text, hits, on, home, present)
    for i, hit in enumerate(hits):
        if hit.kind == "person":
            reader.read_person(i, hit)
        elif hit.kind == "surname":
            reader.read_surname(i, hit)
    # Titles followed by a name the knowledge base does not know, and titles alone.
    i = 0
    while i < len(hits):
        hit = hits[i]
        if hit.kind not in ("role", "orgrole") or id(hit) in reader.used_title:
            i += 1
            continue
        i = reader.read_title(i)
    mentions = reader.mentions
    for g in groups_of(kb, text, hits):
        mentions.extend(named_members(g, text, reader.known, reader.first_at))
    mentions.extend(aides_of(kb, text, hits, mentions, on, present))
    mentions.extend(office_holders(kb, text, hits, on, present))
    mentions.sort(key=lambda m: m.start)
    mentions.extend(unnamed_counterparts(kb, text, hits, mentions, on, present))
    mentions.extend(sides_of_lists(kb, text, hits, mentions, on))
    mentions.sort(key=lambda m: m.start)
    return mentions


class _MentionReader:
    """The people of one article read in order, and what later mentions resolve by."""

    def __init__(
        self,
        kb: KnowledgeBase,
        text: str,
        hits: list[Hit],
        on: date | None,
        home: str | None,
        present: frozenset[str],
    ) -> None:
        self.kb = kb
        self.text = text
        self.hits = hits
        self.on = on
        self.home = home
        self.electing = "-elect" in present or "-designate" in present  # spares a pattern per name
        self.mentions: list[Mention] = []
        self.known: dict[str, Participant] = {}  # canonical name -> participant
        self.first_at: dict[str, int] = {}
        # How often each person is named: a bare "the Prime Minister" in a report about
        # Modi's trip means Modi, even when another prime minister was named last.
        self.salience: dict[str, int] = {}
        self.used_title: set[int] = set()
        # An article names the same people again and again; the lookup folds and
        # tokenises the name each time, and its answer cannot change within one call.
        self.looked_up: dict[str, Person | None] = {}

    def note(self, part: Participant, at: int) -> None:
        name = part.name or ""
        self.known[name] = part
        self.first_at.setdefault(name, at)
        self.salience[name] = self.salience.get(name, 0) + 1

    def person_for(self, name: str) -> Person | None:
        try:
            return self.looked_up[name]
        except KeyError:
            person = self.looked_up[name] = self.kb.person_by_name(name, self.on)
            return person

    def read_person(self, i: int, hit: Hit) -> None:
        """A name the knowledge base knows, with the title written before it."""
        kb, text, hits = self.kb, self.text, self.hits
        person = self.person_for(hit.value)
        run = _title_before(hits, i, text)
        role, country, org = _parse_title(kb, run, text)
        start = run[0].start if run else hit.start
        self.used_title.update(id(h) for h in run)
        former = _former(text, start)
        elect = (
            _ELECT_BEFORE.search(text, max(0, hit.start - 30), hit.start) if self.electing else None
        )
        if elect is not None:
            # "a call with President-elect Donald Trump": he takes part, though not
            # yet in the office
            former, role = False, text[elect.start() : elect.end()].strip().capitalize()
        if person is None:
            return
        # "Crown Prince Mohammed bin Salman" is one alias: its title is the role here
        role = role or leading_title(kb, text[hit.start : hit.end])
        part = kb_participant(person, role, country, org)
        part = _appositive(kb, text, hit.end, part)
        self.note(part, start)
        self.mentions.append(Mention(start, hit.end, part, former))
        close = _described(text, hit.end)
        if close:
            # "Kim Jong Un, general secretary of the party and president of the State
            # Affairs, and Putin": the titles between the commas are Kim's own
            self.used_title.update(
                id(h) for h in hits[i + 1 :] if h.start < close and h.kind in ("role", "orgrole")
            )

    def read_surname(self, i: int, hit: Hit) -> None:
        """A family name alone: someone named before, or a known office-holder."""
        kb, text, on = self.kb, self.text, self.on
        if _PLACE_AFTER.match(text, hit.end):
            return
        run = _title_before(self.hits, i, text)
        role, country, org = _parse_title(kb, run, text)
        start = run[0].start if run else hit.start
        self.used_title.update(id(h) for h in run)
        prior = self.known.get(hit.value)
        if prior is not None:
            self.note(prior, start)
            self.mentions.append(Mention(start, hit.end, prior))
            return
        person = self.person_for(hit.value)
        if person is None or on is None or not person.in_office(on):
            return
        if role is None and not unique_surname(kb, hit, on):
            return
        if role is not None and person.role != role and country not in (None, person.country):
            return
        part = kb_participant(person, role, country, org)
        self.note(part, start)
        self.mentions.append(Mention(start, hit.end, part))

    def read_title(self, i: int) -> int:
        """A title starting at hits[i] with no known name after it: a name the knowledge
        base does not know, or the title alone. Returns the index after the title."""
        kb, text, hits = self.kb, self.text, self.hits
        j = self._title_run_end(i)
        run = _title_before(hits, i, text) + hits[i : j + 1]
        if any(id(h) in self.used_title for h in run) or (
            j + 1 < len(hits)
            and hits[j + 1].kind in ("person", "surname")
            and _joins(text[hits[j].end : hits[j + 1].start] or " ")
        ):
            return j + 1
        role, country, org = _parse_title(kb, run, text)
        start, end = run[0].start, run[-1].end
        if _ELECT.match(text, end):
            return j + 1  # "President-elect": the office is not theirs yet
        country, end, after_of = self._title_tail(run, j, country, end)
        if not after_of and run[-1].kind != "country":
            end = _past_posting(role, text, self.hits, j, end)
        m = NAME.match(text, end)
        former = _former(text, start)
        if m and any(
            h.kind in ("person", "surname") and m.start(1) < h.start < m.end(1)
            for h in hits[j + 1 :]
        ):
            # "Prime Minister Muhammad Shehbaz Sharif": a known person under a longer name,
            # who is a mention already
            return j + 1
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
            and m.group(1).split()[0].rstrip(".") not in NOT_NAME
            and not after_of
            and looks_like_name(m.group(1), hits, m.start(1))
        ):
            name = m.group(1).strip()
            person = self.person_for(name.replace("-", " "))
            if person is not None:
                part = kb_participant(person, role, country, org)
            else:
                part = Participant(name=name, role=role, country=None if org else country, org=org)
            self.note(part, start)
            self.mentions.append(Mention(start, m.end(1), part, former))
        elif role is not None:
            earlier = [v for k, v in self.known.items() if self.first_at[k] < start]
            earlier.sort(key=lambda p: self.salience[p.name or ""])  # most named last
            resolved = resolve_title(kb, earlier, role, country, org, self.on, self.home)
            if resolved is not None:
                self.mentions.append(Mention(start, end, resolved, former))
        return j + 1

    def _title_run_end(self, i: int) -> int:
        """The last hit of the title run starting at hits[i] ("US Secretary of State")."""
        hits, text = self.hits, self.text
        j = i
        while (
            j + 1 < len(hits)
            and hits[j + 1].kind in ("role", "orgrole", "adjective", "country", "org")
            and _joins(text[hits[j].end : hits[j + 1].start] or " ")
        ):
            j += 1
        return j

    def _title_tail(
        self, run: list[Hit], j: int, country: str | None, end: int
    ) -> tuple[str | None, int, bool]:
        """What follows a title before the name: a second office, a portfolio, the state
        of a posting. Returns the state, where the title ends, and whether an "of"
        follows it that names no portfolio."""
        text, hits = self.text, self.hits
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
        return country, end, after_of is not None


# The words the substring tests above look for. Most articles hold none of them, so
# each test read the whole text, a dozen readings an article; the index reads it once.
_GATE_WORDS = ("-elect", "-designate", "counterpart", *AIDE_WORDS, *PLURAL_WORDS)
_GATES = WordIndex(_GATE_WORDS, rare=True)

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


# "Blair House", "Downing Street": a surname that names a place.
_PLACE_AFTER = re.compile(
    r"\s+(?:House|Palace|Hall|Street|Square|Centre|Center|Building|Road|Avenue|Bridge|Airport|University)\b"
)
