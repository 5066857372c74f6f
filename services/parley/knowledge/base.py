"""The knowledge base: people in office, countries, organisations and roles.

Seven tab-separated tables ship with the package under ``data/``: :func:`load` reads
five of them once (people, roles, countries, cities, organisations), and ``leaders.py``
and ``outlets.py`` the other two.  Everything here is plain Python and immutable once
built; the extractor asks it who held an office on a day, what a surface form stands
for, and builds its matcher from :meth:`KnowledgeBase.lexicon`.

Conventions:

* Every lookup folds its input with :func:`fold_key` (lower case, no diacritics, plain
  apostrophes and hyphens), so ``"Erdoğan"`` and ``"ERDOGAN"`` are the same key.
* A term of office runs from ``start`` to ``end`` inclusive; ``end`` is ``None`` while
  the holder is still in office.  On a handover day both holders count as in office.
* One :class:`Person` is one row: one person in one office for one term.  People who
  held several offices appear several times, with the same ``name``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from parley.translate import LearningTable, lower, translate

__all__ = [
    "Country",
    "KnowledgeBase",
    "LexiconKind",
    "Org",
    "OrgKind",
    "Person",
    "Role",
    "fold_key",
    "load",
]

LexiconKind = Literal["person", "country", "adjective", "capital", "city", "org", "role", "metonym"]
OrgKind = Literal["alliance", "union", "un_agency", "bank", "forum", "organisation", "court"]

_ORG_KINDS: dict[str, OrgKind] = {
    "alliance": "alliance",
    "union": "union",
    "un_agency": "un_agency",
    "bank": "bank",
    "forum": "forum",
    "organisation": "organisation",
    "court": "court",
}

# Characters that NFKD leaves alone but that readers treat as plain letters, plus the
# typographic apostrophes and dashes that news text carries.
_TRANSLATE = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "þ": "th",
        "Þ": "th",
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u00a0": " ",
    }
)

_TOKEN = re.compile(r"[^\s,;:()\[\]{}\"!?]+")

# Words that may precede a name without being part of it; stripped by person_by_name.
_HONORIFICS: tuple[str, ...] = (
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sir",
    "dame",
    "lord",
    "lady",
    "baroness",
    "sheikh",
    "sheikha",
    "shaikh",
    "prince",
    "princess",
    "king",
    "queen",
    "emir",
    "sultan",
    "crown prince",
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "pope",
    "cardinal",
    "archbishop",
    "ayatollah",
    "general",
    "gen.",
    "senior general",
    "field marshal",
    "his majesty",
    "her majesty",
    "his highness",
    "her highness",
    "his royal highness",
    "hrh",
    "h.e.",
    "his excellency",
    "her excellency",
)

# Short all-capital forms ("US", "WHO", "PM") collide with ordinary words once folded.
_EXACT_CASE_MAX_LETTERS = 4


def fold_key(text: str) -> str:
    """Fold text for matching: lower case, no diacritics, plain apostrophes and hyphens.

    Whitespace runs become one space and the ends are trimmed.
    """
    if text.isascii():
        return " ".join(lower(_plain_apostrophes(text)).split())
    return " ".join(lower(translate(text, _UNMARKED, _plain_apostrophes)).split())


def _plain_apostrophes(ascii_text: str) -> str:
    # All that _TRANSLATE changes in ASCII.
    return ascii_text.replace("`", "'")


def _unmarked(ch: str) -> str:
    # Decomposition and dropping marks go character by character, so a table can hold
    # them. Lower case cannot: a final capital sigma lowers unlike one inside a word.
    decomposed = unicodedata.normalize("NFKD", ch.translate(_TRANSLATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_UNMARKED = LearningTable(_unmarked)


def _words(text: str) -> list[str]:
    """Folded tokens with list punctuation, possessives and sentence full stops removed."""
    out: list[str] = []
    for tok in _TOKEN.findall(fold_key(text)):
        if tok.endswith("'s"):
            tok = tok[:-2]
        elif tok.endswith("'"):
            tok = tok[:-1]
        if tok.endswith(".") and "." not in tok[:-1]:
            tok = tok[:-1]
        if tok:
            out.append(tok)
    return out


# The extractor looks up the same few hundred names and titles in article after
# article; a bounded cache keeps a worker's memory flat whatever it reads.
@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return " ".join(_words(text))


def _without_article(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def _split(field: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in field.split(";"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Person:
    """One person in one office for one term."""

    name: str
    surnames: tuple[str, ...]
    aliases: tuple[str, ...]
    role: str
    country: str | None
    org: str | None
    start: date
    end: date | None

    def in_office(self, on: date) -> bool:
        """True when ``on`` falls within the term, both ends included."""
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def forms(self) -> tuple[str, ...]:
        """The full name followed by its aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Role:
    """A canonical office and the surface forms news uses for it."""

    name: str
    variants: tuple[str, ...]
    rank: int
    head: bool


@dataclass(frozen=True, slots=True)
class Country:
    """An ISO 3166-1 country (plus Kosovo, XK) and the words that point at it."""

    code: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    gov_metonyms: tuple[str, ...]
    # Other cities where leaders meet ("Munich", "Sochi"): places, never governments
    cities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Org:
    """An international organisation or grouping.

    ``weak_names`` ("the Alliance", "the bloc") stand for the organisation only when it
    is already in context; they are left out of the lexicon.
    """

    acronym: str
    name: str
    names: tuple[str, ...]
    weak_names: tuple[str, ...]
    officer_titles: tuple[str, ...]
    kind: OrgKind


def _add(index: dict[str, str], key: str, value: str, what: str) -> None:
    if not key:
        return
    old = index.setdefault(key, value)
    if old != value:
        raise ValueError(f"{what} {key!r} is claimed by both {old!r} and {value!r}")


class KnowledgeBase:
    """Indexes over the five tables :func:`load` reads; build it with :func:`load`."""

    countries: Mapping[str, Country]
    orgs: Mapping[str, Org]
    roles: Mapping[str, Role]
    people: tuple[Person, ...]

    def __init__(
        self,
        countries: Iterable[Country],
        orgs: Iterable[Org],
        roles: Iterable[Role],
        people: Iterable[Person],
    ) -> None:
        self.countries = MappingProxyType({c.code: c for c in countries})
        self.orgs = MappingProxyType({o.acronym: o for o in orgs})
        self.roles = MappingProxyType({r.name: r for r in roles})
        self.people = tuple(people)

        self._country: dict[str, str] = {}
        self._capital: dict[str, str] = {}
        self._metonym: dict[str, str] = {}
        for c in self.countries.values():
            for form in (*c.names, *c.adjectives, *c.demonyms):
                _add(self._country, _key(form), c.code, "country form")
            for form in c.capitals:
                _add(self._capital, _key(form), c.code, "capital")
            for form in c.gov_metonyms:
                _add(self._metonym, _key(form), c.code, "metonym")

        self._role: dict[str, str] = {}
        for r in self.roles.values():
            for form in (r.name, *r.variants):
                _add(self._role, _key(form), r.name, "role variant")
        self._role_max_words = max((k.count(" ") + 1 for k in self._role), default=1)

        self._org: dict[str, str] = {}
        self._org_weak: dict[str, str] = {}
        self._title: dict[str, str] = {}
        for o in self.orgs.values():
            for form in (o.acronym, *o.names):
                key = _key(form)
                _add(self._org, key, o.acronym, "organisation name")
                if key.startswith("the "):
                    _add(self._org, key[4:], o.acronym, "organisation name")
            for form in o.weak_names:
                self._org_weak.setdefault(_without_article(_key(form)), o.acronym)
            for form in o.officer_titles:
                _add(self._title, _key(form), o.acronym, "officer title")
        self._org_max_words = max((k.count(" ") + 1 for k in self._org), default=1)

        by_name: dict[str, list[Person]] = {}
        by_surname: dict[str, list[Person]] = {}
        by_role: dict[str, list[Person]] = {}
        for p in self.people:
            if p.role not in self.roles:
                raise ValueError(f"{p.name}: unknown role {p.role!r}")
            if p.country is not None and p.country not in self.countries:
                raise ValueError(f"{p.name}: unknown country {p.country!r}")
            if p.org is not None and p.org not in self.orgs:
                raise ValueError(f"{p.name}: unknown organisation {p.org!r}")
            if (p.country is None) == (p.org is None):
                raise ValueError(f"{p.name}: give exactly one of country and org")
            if p.end is not None and p.end < p.start:
                raise ValueError(f"{p.name}: term ends before it starts")
            for key in {_key(f) for f in p.forms}:
                by_name.setdefault(key, []).append(p)
            for key in {_key(s) for s in p.surnames}:
                by_surname.setdefault(key, []).append(p)
            by_role.setdefault(p.role, []).append(p)
        newest_first = _newest_first
        self._by_name = {k: tuple(sorted(v, key=newest_first)) for k, v in by_name.items()}
        self._by_surname = {k: tuple(sorted(v, key=newest_first)) for k, v in by_surname.items()}
        self._by_role = {k: tuple(sorted(v, key=newest_first)) for k, v in by_role.items()}
        # The holders of one office of one state or organisation, newest first: the
        # extractor asks for them a dozen times an article, and a role's whole list
        # runs to hundreds of people. Keys tell states from organisations, whose codes
        # may coincide (AU).
        by_seat: dict[tuple[str, str, str], list[Person]] = {}
        for role, holders in self._by_role.items():
            for p in holders:
                seat = ("country", p.country) if p.country is not None else ("org", p.org or "")
                by_seat.setdefault((role, *seat), []).append(p)
        self._by_seat = {k: tuple(v) for k, v in by_seat.items()}
        by_org: dict[str, list[Person]] = {}
        for p in self.people:
            if p.org is not None:
                by_org.setdefault(p.org, []).append(p)
        self._by_org = {k: tuple(v) for k, v in by_org.items()}
        # The extractor asks who held the same few offices on the same day a dozen
        # times an article, and article after article; the tables never change, so an
        # answer holds for good. Bounded, so that a worker's memory stays flat.
        self._held = lru_cache(maxsize=4096)(self._holders)

    # -- countries ---------------------------------------------------------------

    def country_code(self, text: str) -> str | None:
        """The ISO code for a country name, adjective or demonym ("U.S.", "Emirati")."""
        key = _key(text)
        return self._country.get(key) or self._country.get(_without_article(key))

    def capital_country(self, city: str) -> str | None:
        """The country whose capital (or seat of government) this city is."""
        key = _key(city)
        return self._capital.get(key) or self._capital.get(_without_article(key))

    def metonym_country(self, text: str) -> str | None:
        """The country whose government a metonym stands for ("Kremlin" -> "RU")."""
        key = _key(text)
        return self._metonym.get(key) or self._metonym.get(_without_article(key))

    # -- roles and organisations -------------------------------------------------

    def role_of(self, text: str) -> str | None:
        """The canonical role for a surface form; else the longest role named inside it."""
        key = _without_article(_key(text))
        hit = self._role.get(key)
        if hit is not None:
            return hit
        return _longest_within(key.split(" "), self._role, self._role_max_words)

    def org_code(self, text: str, *, weak: bool = False) -> str | None:
        """The acronym for an organisation's name, alias or acronym.

        Weak names such as "the Alliance" count only when ``weak`` is true.
        """
        key = _key(text)
        hit = self._org.get(key) or self._org.get(_without_article(key))
        if hit is None and weak:
            hit = self._org_weak.get(_without_article(key))
        return hit

    def org_of_title(self, text: str) -> str | None:
        """The organisation an officer's title belongs to ("NATO chief" -> "NATO")."""
        key = _without_article(_key(text))
        hit = self._title.get(key)
        if hit is not None:
            return hit
        return _longest_within(key.split(" "), self._org, self._org_max_words)

    # -- people --------------------------------------------------------------------

    def person_by_name(self, name: str, on: date | None = None) -> Person | None:
        """The row for a full name or alias, preferring the office held on ``on``.

        Without a date, the most recent office wins; leading honorifics and titles
        ("President", "Sheikh") are tried away when the whole text is unknown.
        """
        key = _key(name)
        while True:
            rows = self._by_name.get(key)
            if rows:
                return self._choose(rows, on)
            for prefix in _HONORIFICS:
                if key.startswith(prefix + " "):
                    key = key[len(prefix) + 1 :]
                    break
            else:
                return None

    def people_by_surname(self, surname: str, on: date | None = None) -> list[Person]:
        """Rows whose surname matches; only those in office on ``on`` when it is given.

        With a date, the most senior office comes first; without one, the newest.
        """
        rows = self._by_surname.get(_key(surname), ())
        if on is None:
            return list(rows)
        found = [p for p in rows if p.in_office(on)]
        found.sort(key=self._rank)
        return found

    def holders(
        self,
        role: str,
        country: str | None = None,
        org: str | None = None,
        on: date | None = None,
    ) -> list[Person]:
        """Who held a role (optionally for one country or organisation, on one day).

        ``role`` may be canonical or any variant; ``country`` a code or a name; ``org``
        an acronym or a name.  The newest term comes first.
        """
        return list(self._held(role, country, org, on))

    def _holders(
        self, role: str, country: str | None, org: str | None, on: date | None
    ) -> tuple[Person, ...]:
        canonical = role if role in self.roles else self.role_of(role)
        if canonical is None:
            return ()
        code = None
        if country is not None:
            code = country if country in self.countries else self.country_code(country)
            if code is None:
                return ()
        acronym = None
        if org is not None:
            acronym = org if org in self.orgs else self.org_code(org)
            if acronym is None:
                return ()
        if code is not None:
            rows = self._by_seat.get((canonical, "country", code), ())
        elif acronym is not None:
            rows = self._by_seat.get((canonical, "org", acronym), ())
        else:
            rows = self._by_role.get(canonical, ())
        return tuple(
            p
            for p in rows
            if (code is None or p.country == code)
            and (acronym is None or p.org == acronym)
            and (on is None or p.in_office(on))
        )

    def org_head(self, org: str, on: date) -> Person | None:
        """Who led an organisation on a day: "the IAEA chief" in March 2023."""
        serving = [p for p in self._by_org.get(org, ()) if p.in_office(on)]
        return min(serving, key=self._rank) if serving else None

    def _rank(self, p: Person) -> tuple[int, int]:
        """Sort key: most senior office first, then the newest term."""
        return (self.roles[p.role].rank, -p.start.toordinal())

    def _choose(self, rows: tuple[Person, ...], on: date | None) -> Person:
        """One row of one name: the office held on ``on``, else the nearest term.

        Without a date: a current office before a past one, the latest-ending first.
        """
        if len(rows) == 1:
            return rows[0]  # most names: each rule below picks the only row
        if on is None:
            return min(
                rows,
                key=lambda p: (p.end is not None, -(p.end or p.start).toordinal(), self._rank(p)),
            )
        current = [p for p in rows if p.in_office(on)]
        if current:
            return min(current, key=self._rank)
        day = on.toordinal()

        def distance(p: Person) -> int:
            if day < p.start.toordinal():
                return p.start.toordinal() - day
            return day - (p.end or p.start).toordinal()

        return min(rows, key=distance)

    # -- matching ----------------------------------------------------------------

    def lexicon(self) -> Iterator[tuple[str, LexiconKind, str]]:
        """Every surface form as ``(folded surface, kind, value)``, each triple once.

        Values: a person's full name (for full names, aliases and surnames alike), an
        ISO code (country, adjective, capital, metonym), an organisation acronym, or a
        canonical role.  One surface may carry several triples: "washington" is both a
        capital and a metonym, "lee" names several people, and an officer title such
        as "nato chief" yields both its role and its organisation.  Callers should keep
        every triple of a surface, match names only where the text capitalises them,
        and check :meth:`exact_case` for short acronyms.
        """
        seen: set[tuple[str, str, str]] = set()

        def emit(
            surface: str, kind: LexiconKind, value: str
        ) -> Iterator[tuple[str, LexiconKind, str]]:
            folded = fold_key(surface)
            item = (folded, kind, value)
            if folded and item not in seen:
                seen.add(item)
                yield (folded, kind, value)

        for p in self.people:
            for form in (*p.forms, *p.surnames):
                yield from emit(form, "person", p.name)
        for c in self.countries.values():
            for form in c.names:
                yield from emit(form, "country", c.code)
            for form in (*c.adjectives, *c.demonyms):
                yield from emit(form, "adjective", c.code)
            for form in c.capitals:
                yield from emit(form, "capital", c.code)
            for form in c.cities:
                yield from emit(form, "city", c.code)
            for form in c.gov_metonyms:
                yield from emit(form, "metonym", c.code)
        for o in self.orgs.values():
            for form in o.names:
                yield from emit(form, "org", o.acronym)
            for form in o.officer_titles:
                yield from emit(form, "org", o.acronym)
                title_role = self.role_of(form)
                if title_role is not None:
                    yield from emit(form, "role", title_role)
        for r in self.roles.values():
            for form in (r.name, *r.variants):
                yield from emit(form, "role", r.name)

    def exact_case(self, surface: str) -> str | None:
        """The spelling a short all-capital form must have in text to count, if any.

        "us" -> "US", "who" -> "WHO", "pm" -> "PM": folded, these are common words.
        """
        return self._exact_case.get(fold_key(surface))

    @cached_property
    def _exact_case(self) -> dict[str, str]:
        spellings: dict[str, set[str]] = {}
        forms: list[str] = []
        for c in self.countries.values():
            forms += [*c.names, *c.adjectives, *c.demonyms, *c.capitals, *c.gov_metonyms]
        for o in self.orgs.values():
            forms += [*o.names, *o.officer_titles]
        for r in self.roles.values():
            forms += r.variants
        for p in self.people:
            forms += [*p.forms, *p.surnames]
        for form in forms:
            spellings.setdefault(fold_key(form), set()).add(form)
        exact: dict[str, str] = {}
        for folded, seen in spellings.items():
            letters = [ch for ch in folded if ch.isalpha()]
            if not letters or len(letters) > _EXACT_CASE_MAX_LETTERS or " " in folded:
                continue
            if all(form == form.upper() for form in seen):
                exact[folded] = min(seen)
        return exact


def _newest_first(p: Person) -> tuple[int, str]:
    return (-p.start.toordinal(), p.role)


def _longest_within(tokens: list[str], index: Mapping[str, str], max_words: int) -> str | None:
    """The value of the longest run of ``tokens`` that is a key of ``index``."""
    for n in range(min(max_words, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            hit = index.get(" ".join(tokens[i : i + n]))
            if hit is not None:
                return hit
    return None


# -- reading the tables -------------------------------------------------------------


def _read_table(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    lines = text.splitlines()
    header = tuple(lines[0].split("\t"))
    if header != columns:
        raise ValueError(f"{name}: expected columns {columns}, found {header}")
    rows: list[dict[str, str]] = []
    width = len(columns)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) > width:
            raise ValueError(f"{name}:{number}: {len(cells)} cells, expected {width}")
        cells += [""] * (width - len(cells))
        rows.append(dict(zip(columns, (c.strip() for c in cells), strict=True)))
    return rows


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{where}: bad date {text!r}") from exc


def _surnames(name: str, field: str) -> tuple[str, ...]:
    given = _split(field)
    if given:
        return given
    return (name.split()[-1],)


def _read_people() -> list[Person]:
    people: list[Person] = []
    for row in _read_table(
        "people.tsv", ("name", "aliases", "surname", "role", "country", "org", "start", "end")
    ):
        where = f"people.tsv: {row['name']} ({row['role']})"
        name = row["name"]
        people.append(
            Person(
                name=name,
                surnames=_surnames(name, row["surname"]),
                aliases=tuple(a for a in _split(row["aliases"]) if a != name),
                role=row["role"],
                country=row["country"] or None,
                org=row["org"] or None,
                start=_date(row["start"], where),
                end=_date(row["end"], where) if row["end"] else None,
            )
        )
    return people


def _read_roles() -> list[Role]:
    roles: list[Role] = []
    for row in _read_table("roles.tsv", ("role", "variants", "rank", "head")):
        if row["head"] not in ("0", "1"):
            raise ValueError(f"roles.tsv: {row['role']}: head must be 0 or 1")
        roles.append(
            Role(
                name=row["role"],
                variants=_split(row["variants"]),
                rank=int(row["rank"]),
                head=row["head"] == "1",
            )
        )
    return roles


def _read_cities() -> dict[str, tuple[str, ...]]:
    cities: dict[str, tuple[str, ...]] = {}
    for row in _read_table("cities.tsv", ("code", "cities")):
        if row["code"] in cities:
            raise ValueError(f"cities.tsv: {row['code']} appears twice")
        cities[row["code"]] = _split(row["cities"])
    return cities


def _read_countries() -> list[Country]:
    countries: list[Country] = []
    cities = _read_cities()
    for row in _read_table(
        "countries.tsv",
        ("code", "names", "adjectives", "demonyms", "capitals", "gov_metonyms"),
    ):
        names = _split(row["names"])
        if not names:
            raise ValueError(f"countries.tsv: {row['code']} has no name")
        countries.append(
            Country(
                code=row["code"],
                name=names[0],
                names=names,
                adjectives=_split(row["adjectives"]),
                demonyms=_split(row["demonyms"]),
                capitals=_split(row["capitals"]),
                gov_metonyms=_split(row["gov_metonyms"]),
                cities=cities.pop(row["code"], ()),
            )
        )
    if cities:
        raise ValueError(f"cities.tsv: unknown country codes {sorted(cities)}")
    return countries


def _org_kind(text: str, acronym: str) -> OrgKind:
    kind = _ORG_KINDS.get(text)
    if kind is None:
        raise ValueError(f"orgs.tsv: {acronym}: unknown kind {text!r}")
    return kind


def _read_orgs() -> list[Org]:
    orgs: list[Org] = []
    for row in _read_table(
        "orgs.tsv", ("acronym", "names", "weak_names", "officer_titles", "kind")
    ):
        acronym = row["acronym"]
        names = _split(row["names"])
        full = [n for n in names if n != acronym]
        orgs.append(
            Org(
                acronym=acronym,
                name=full[0] if full else acronym,
                names=names,
                weak_names=_split(row["weak_names"]),
                officer_titles=_split(row["officer_titles"]),
                kind=_org_kind(row["kind"], acronym),
            )
        )
    return orgs


@cache
def load() -> KnowledgeBase:
    """Read the shipped tables once and index them; later calls return the same object."""
    return KnowledgeBase(
        countries=_read_countries(),
        orgs=_read_orgs(),
        roles=_read_roles(),
        people=_read_people(),
    )
