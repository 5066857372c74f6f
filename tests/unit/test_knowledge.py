"""The shipped knowledge base: table integrity and the lookups the extractor relies on."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise

import pycountry
import pytest

from parley.knowledge import Country, KnowledgeBase, Org, Person, Role, fold_key, load
from parley.knowledge import base as kb_module
from parley.knowledge.leaders import leader_of
from parley.knowledge.outlets import home_country

CALL_DAY = date(2022, 2, 28)

# Kosovo has no ISO 3166-1 code; XK is the user-assigned code in common use.
NON_ISO_CODES = {"XK"}

# Two holders of one head-of-state office at once, as history really had it.
KNOWN_OVERLAPS = {
    ("President", "KR"),  # Choi Sang-mok acted while Yoon Suk Yeol was suspended
    ("President", "CI"),  # the disputed 2010-2011 presidency of Ivory Coast
}

# (name, role, country, org) of each participant in the 28 February 2022 call.
CALL_PARTICIPANTS = [
    ("Joe Biden", "President", "US", None),
    ("Jens Stoltenberg", "Secretary-General", None, "NATO"),
    ("Boris Johnson", "Prime Minister", "GB", None),
    ("Justin Trudeau", "Prime Minister", "CA", None),
    ("Emmanuel Macron", "President", "FR", None),
    ("Olaf Scholz", "Chancellor", "DE", None),
    ("Mario Draghi", "Prime Minister", "IT", None),
    ("Andrzej Duda", "President", "PL", None),
    ("Klaus Iohannis", "President", "RO", None),
    ("Ursula von der Leyen", "President of the European Commission", None, "EU"),
    ("Charles Michel", "President of the European Council", None, "EU"),
    ("Fumio Kishida", "Prime Minister", "JP", None),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The knowledge base as the service loads it."""
    return load()


# -- table integrity ------------------------------------------------------------------


def test_at_least_550_people_rows(kb: KnowledgeBase) -> None:
    """The people table holds at least 550 (person, office, term) rows."""
    assert len(kb.people) >= 550


def test_every_person_row_is_valid(kb: KnowledgeBase) -> None:
    """Each row has a known role, one valid country or known org, and start <= end."""
    iso = {c.alpha_2 for c in pycountry.countries} | NON_ISO_CODES
    for p in kb.people:
        assert p.role in kb.roles, p
        assert (p.country is None) != (p.org is None), p
        if p.country is not None:
            assert p.country in iso, p
            assert p.country in kb.countries, p
        if p.org is not None:
            assert p.org in kb.orgs, p
        assert p.end is None or p.start <= p.end, p
        assert p.surnames, p


def test_every_pycountry_country_has_a_row(kb: KnowledgeBase) -> None:
    """Every ISO 3166-1 country that pycountry knows has a row in countries.tsv."""
    missing = {c.alpha_2 for c in pycountry.countries} - set(kb.countries)
    assert not missing


def test_country_rows_name_themselves(kb: KnowledgeBase) -> None:
    """Each country's own names resolve back to its code."""
    for country in kb.countries.values():
        for name in country.names:
            assert kb.country_code(name) == country.code, name


def test_every_role_variant_resolves_to_its_role(kb: KnowledgeBase) -> None:
    """Every surface variant in roles.tsv maps back to its canonical role."""
    for role in kb.roles.values():
        for variant in role.variants:
            assert kb.role_of(variant) == role.name, variant


def test_required_canonical_roles_exist(kb: KnowledgeBase) -> None:
    """The canonical roles the extractor names are all defined."""
    required = {
        "President", "Vice President", "Prime Minister", "Deputy Prime Minister",
        "Chancellor", "King", "Queen", "Emperor", "Crown Prince", "Emir", "Sultan",
        "Supreme Leader", "Pope", "Foreign Minister", "Foreign Secretary",
        "Secretary of State", "Defence Minister", "Defence Secretary",
        "Secretary of Defense", "National Security Adviser", "Secretary-General",
        "Director-General", "Managing Director", "President of the European Commission",
        "President of the European Council", "High Representative", "Chairperson",
        "Special Envoy", "Ambassador", "Finance Minister", "Trade Minister",
        "Interior Minister", "Minister", "Head of State", "Leader",
    }  # fmt: skip
    assert required <= set(kb.roles)


def test_head_flags_and_ranks(kb: KnowledgeBase) -> None:
    """Heads of state and government are rank 1 with head set; ministers are not heads."""
    for name in ("President", "Prime Minister", "Chancellor", "King", "Emir", "Pope"):
        assert kb.roles[name].head
        assert kb.roles[name].rank == 1
    assert not kb.roles["Foreign Minister"].head
    assert kb.roles["Foreign Minister"].rank == 3
    assert kb.roles["Deputy Prime Minister"].rank == 2


def test_every_officer_title_maps_to_its_org(kb: KnowledgeBase) -> None:
    """Every officer title in orgs.tsv maps back to its organisation."""
    for org in kb.orgs.values():
        for title in org.officer_titles:
            assert kb.org_of_title(title) == org.acronym, title


def test_no_unexpected_overlapping_heads(kb: KnowledgeBase) -> None:
    """No country has two heads in one single-holder office at once beyond handover days."""
    single = {"President", "Prime Minister", "Chancellor", "King", "Queen", "Emperor",
              "Emir", "Sultan", "Supreme Leader", "Pope", "Foreign Minister"}  # fmt: skip
    terms: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for p in kb.people:
        if p.role in single and p.country is not None:
            terms[(p.role, p.country)].append(p)
    for key, rows in terms.items():
        if key in KNOWN_OVERLAPS:
            continue
        rows.sort(key=lambda p: p.start)
        for before, after in pairwise(rows):
            assert before.end is not None, (before, after)
            assert after.start >= before.end, (before, after)


# -- the lookups the extractor relies on ------------------------------------------------


def test_merkel_was_chancellor_in_march_2019(kb: KnowledgeBase) -> None:
    """The German chancellor on 1 March 2019 was Angela Merkel."""
    found = kb.holders("Chancellor", country="DE", on=date(2019, 3, 1))
    assert [p.name for p in found] == ["Angela Merkel"]


def test_johnson_was_uk_prime_minister_on_call_day(kb: KnowledgeBase) -> None:
    """The British prime minister on 28 February 2022 was Boris Johnson."""
    found = kb.holders("Prime Minister", "GB", on=CALL_DAY)
    assert [p.name for p in found] == ["Boris Johnson"]


def test_holders_accept_variants_and_names(kb: KnowledgeBase) -> None:
    """holders() takes a role variant, a country name and an org name as well as codes."""
    assert [p.name for p in kb.holders("premier", "Britain", on=CALL_DAY)] == ["Boris Johnson"]
    found = kb.holders("secretary general", org="North Atlantic Treaty Organization", on=CALL_DAY)
    assert [p.name for p in found] == ["Jens Stoltenberg"]
    assert kb.holders("Prime Minister", "Atlantis") == []


def test_person_by_name_finds_biden(kb: KnowledgeBase) -> None:
    """A full name finds its person, latest office first when no date is given."""
    biden = kb.person_by_name("Joe Biden")
    assert biden is not None
    assert (biden.role, biden.country) == ("President", "US")
    assert kb.person_by_name("joseph r. biden") == biden


def test_person_by_name_prefers_office_held_on_date(kb: KnowledgeBase) -> None:
    """With a date, the office held on that day wins over other offices of the same person."""
    johnson = kb.person_by_name("Boris Johnson", on=date(2017, 6, 1))
    assert johnson is not None
    assert johnson.role == "Foreign Secretary"
    biden = kb.person_by_name("Joe Biden", on=date(2015, 1, 1))
    assert biden is not None
    assert biden.role == "Vice President"


def test_person_by_name_ignores_accents_case_and_titles(kb: KnowledgeBase) -> None:
    """Names match without diacritics, in any case, and behind a leading title."""
    erdogan = kb.person_by_name("RECEP TAYYIP ERDOGAN", on=CALL_DAY)
    assert erdogan is not None
    assert erdogan.name == "Recep Tayyip Erdoğan"
    assert erdogan.role == "President"
    mbs = kb.person_by_name("Crown Prince Mohammed bin Salman", on=date(2020, 1, 1))
    assert mbs is not None
    assert mbs.country == "SA"
    assert kb.person_by_name("Nobody Atall") is None


def test_stoltenberg_by_surname_on_call_day(kb: KnowledgeBase) -> None:
    """The surname Stoltenberg on 28 February 2022 is Jens Stoltenberg, NATO Secretary-General."""
    found = kb.people_by_surname("Stoltenberg", on=CALL_DAY)
    assert len(found) == 1
    assert (found[0].name, found[0].role, found[0].org) == (
        "Jens Stoltenberg",
        "Secretary-General",
        "NATO",
    )


def test_surname_lookup_filters_by_date(kb: KnowledgeBase) -> None:
    """Without a date every office of a surname comes back; with one, only those then held."""
    assert len(kb.people_by_surname("Stoltenberg")) == 3
    assert kb.people_by_surname("Stoltenberg", on=date(2014, 1, 1)) == []
    assert [p.name for p in kb.people_by_surname("Erdogan", on=CALL_DAY)] == [
        "Recep Tayyip Erdoğan"
    ]


@pytest.mark.parametrize(("name", "role", "country", "org"), CALL_PARTICIPANTS)
def test_call_participants_hold_their_office(
    kb: KnowledgeBase, name: str, role: str, country: str | None, org: str | None
) -> None:
    """Each participant of the 28 February 2022 call holds the right office that day."""
    person = kb.person_by_name(name, on=CALL_DAY)
    assert person is not None
    assert person.in_office(CALL_DAY)
    assert (person.role, person.country, person.org) == (role, country, org)
    assert person in kb.holders(role, country=country, org=org, on=CALL_DAY)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("British", "GB"),
        ("U.S.", "US"),
        ("Emirati", "AE"),
        ("the United States", "US"),
        ("Britain's", "GB"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Czechia", "CZ"),
        ("Côte d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("DPRK", "KP"),
        ("South Korean", "KR"),
        ("Filipino", "PH"),
        ("Americans", "US"),
        ("Kosovo", "XK"),
    ],
)
def test_country_code_forms(kb: KnowledgeBase, text: str, code: str) -> None:
    """Names, adjectives and demonyms resolve to ISO codes, case- and accent-insensitively."""
    assert kb.country_code(text) == code
    assert kb.country_code(text.upper()) == code


def test_capitals_and_metonyms(kb: KnowledgeBase) -> None:
    """Capitals (with spelling variants) and government metonyms resolve to countries."""
    assert kb.capital_country("Kyiv") == kb.capital_country("Kiev") == "UA"
    assert kb.capital_country("Washington, D.C.") == "US"
    assert kb.metonym_country("the Kremlin") == "RU"
    assert kb.metonym_country("Élysée") == kb.metonym_country("Elysee") == "FR"
    assert kb.capital_country("Atlantis") is None


def test_org_of_title_european_council(kb: KnowledgeBase) -> None:
    """The President of the European Council is an EU officer."""
    assert kb.org_of_title("President of the European Council") == "EU"
    assert kb.org_of_title("NATO chief") == "NATO"
    assert kb.org_of_title("European Commission spokesman") == "EU"


def test_org_code_names_and_weak_aliases(kb: KnowledgeBase) -> None:
    """Org names and acronyms resolve; weak aliases only when asked for."""
    assert kb.org_code("Arab League") == "LAS"
    assert kb.org_code("World Bank") == "WB"
    assert kb.org_code("nato") == "NATO"
    assert kb.org_code("the Alliance") is None
    assert kb.org_code("the Alliance", weak=True) == "NATO"


def test_role_of_variants(kb: KnowledgeBase) -> None:
    """Surface role variants map to canonical roles, longest contained variant first."""
    assert kb.role_of("premier") == "Prime Minister"
    assert kb.role_of("Defense Secretary") == "Secretary of Defense"
    assert kb.role_of("defence secretary") == "Defence Secretary"
    assert kb.role_of("Chinese Foreign Minister") == "Foreign Minister"
    assert kb.role_of("Chancellor of the Exchequer") == "Finance Minister"
    assert kb.role_of("shopkeeper") is None


def test_fold_strips_accents_and_normalises_punctuation() -> None:
    """fold_key() lower-cases, strips diacritics and straightens apostrophes and dashes."""
    assert fold_key("Erdoğan") == "erdogan"
    assert fold_key("Côte d\u2019Ivoire") == "cote d'ivoire"
    assert fold_key("Ørsted  Łódź\u2013Straße") == "orsted lodz-strasse"
    assert fold_key("  Guðni   Þór ") == "gudni thor"


def test_exact_case_guards_short_acronyms(kb: KnowledgeBase) -> None:
    """Short all-capital forms that fold to common words must keep their capitals."""
    assert kb.exact_case("us") == "US"
    assert kb.exact_case("who") == "WHO"
    assert kb.exact_case("pm") == "PM"
    assert kb.exact_case("nato") is None
    assert kb.exact_case("biden") is None


def test_lexicon_covers_every_kind(kb: KnowledgeBase) -> None:
    """The lexicon is folded, has no repeated triples and carries every kind of surface."""
    items = list(kb.lexicon())
    assert len(items) == len(set(items))
    assert {kind for _, kind, _ in items} == {
        "person", "country", "adjective", "capital", "city", "org", "role", "metonym",
    }  # fmt: skip
    assert all(surface == fold_key(surface) for surface, _, _ in items)
    assert ("biden", "person", "Joe Biden") in items
    assert ("erdogan", "person", "Recep Tayyip Erdoğan") in items
    assert ("u.s.", "country", "US") in items
    assert ("emirati", "adjective", "AE") in items
    assert ("kremlin", "metonym", "RU") in items
    assert ("premier", "role", "Prime Minister") in items
    assert ("nato chief", "org", "NATO") in items


def test_conflicting_surface_forms_are_rejected() -> None:
    """Building a knowledge base where one adjective names two countries fails loudly."""
    one = Country("AA", "Aland", ("Aland",), ("Alandic",), (), (), ())
    two = Country("BB", "Bland", ("Bland",), ("Alandic",), (), (), ())
    role = Role("President", ("president",), 1, True)
    org = Org("XO", "Example Org", ("XO",), (), (), "forum")
    with pytest.raises(ValueError, match="alandic"):
        KnowledgeBase([one, two], [org], [role], [])


def test_load_is_cached() -> None:
    """load() returns one shared object, built again only after the cache is cleared.

    How long the build takes is a benchmark figure (tests.bench.extraction prints the
    warm-up), not a timed test: a loaded machine made a time limit here flake.
    """
    first = load()
    assert first is load()
    kb_module.load.cache_clear()
    fresh = load()
    assert fresh is not first
    assert fresh is load()


def test_home_country_of_an_outlet() -> None:
    """National outlets and government sites speak from a country; world wires do not."""
    assert home_country("Prime Minister's Office, 10 Downing Street", None) == "GB"
    assert home_country("Yonhap News Agency", None) == "KR"
    assert home_country(None, "https://www.gov.uk/government/news/x") == "GB"
    assert home_country("Reuters", "https://example-news.test/a") is None
    # a whole word of the name, not a part of another word
    assert home_country("Spanish Daily", None) is None


def test_the_leader_of_a_state_among_leaders() -> None:
    """Germany is led by its chancellor, France by its president, a one-head state by its head."""
    kb = load()
    day = date(2022, 2, 28)
    led = {c: getattr(leader_of(kb, c, day), "name", None) for c in ("DE", "FR", "GB", "QA")}
    assert led == {
        "DE": "Olaf Scholz",
        "FR": "Emmanuel Macron",
        "GB": "Boris Johnson",
        "QA": "Tamim bin Hamad Al Thani",
    }


def test_other_cities_are_places_of_their_country_only(kb: KnowledgeBase) -> None:
    """Munich is a city of Germany in the lexicon, never a capital or a government."""
    readings = {(kind, value) for surface, kind, value in kb.lexicon() if surface == "munich"}
    assert readings == {("city", "DE")}
    # no city repeats a capital of its own country
    for c in kb.countries.values():
        assert not set(c.cities) & set(c.capitals), c.code


def test_holders_of_a_seat_are_the_role_filtered_by_it(kb: KnowledgeBase) -> None:
    """The per-seat index answers what filtering the role's whole list would."""
    for role in ("President", "Prime Minister", "Foreign Minister", "Secretary-General"):
        everyone = kb.holders(role)
        assert everyone, role
        for seat in {(p.country, p.org) for p in everyone}:
            country, org = seat
            expected = [p for p in everyone if (p.country, p.org) == seat]
            assert kb.holders(role, country=country, org=org) == expected, seat
