"""Synthetic NewsArticle v1 streams for the benchmarks, from the team's own templates.

A benchmark is only as honest as its input. Real news is mostly sport, business,
crime and domestic politics, and a lot of that text uses the words the prefilter
looks for ("called", "minister", "meeting", "visit"), so the general-news templates
below deliberately use them the way newsrooms do. About one article in twenty is a
diplomatic report naming real office-holders from the knowledge base, so that the
extractor resolves people, countries and dates exactly as it would in production.

Everything is drawn from `random.Random` generators seeded from `seed`: the same
arguments always give the same bytes, so two runs (or two apps in one run) see
identical input. The sentence pools are small, so a long article repeats sentences;
that does not flatter the extractor, which memoizes nothing per sentence (its cost
depends on length and wording, not on novelty), but keep it in mind before using
this corpus to judge extraction quality rather than speed.

    python -m tests.bench.corpus_gen -n 1000 -o /tmp/news.jsonl           # ~5 % diplomatic
    python -m tests.bench.corpus_gen -n 1000 --share 1 -o /tmp/dipl.jsonl # all diplomatic
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import orjson

from parley.knowledge import KnowledgeBase, Person, load

__all__ = [
    "DEFAULT_SEED",
    "DIPLOMATIC_SHARE",
    "Generated",
    "StreamSpec",
    "all_diplomatic",
    "generate",
    "realistic",
]

DEFAULT_SEED = 6061
DIPLOMATIC_SHARE = 0.05
# A Monday in a period the knowledge base covers well, so that every generated date
# has office-holders on both sides of a meeting.
START_DAY = date(2023, 1, 2)

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "Jan",
    "Feb",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)
_CATEGORIES = ("politics", "business", "sports", "science", "crime", "weather")

# Offices whose holders meet foreign counterparts in the normal course of their job;
# deputies and envoys are left out so that most meetings are the headline kind, and
# titles that already name their body ("President of the European Council") are left
# out because "EU President of the European Council X" is not how anyone writes.
_DIPLOMATIC_ROLES = frozenset(
    {
        "President",
        "Prime Minister",
        "Foreign Minister",
        "Chancellor",
        "King",
        "Crown Prince",
        "Emir",
        "Secretary of State",
        "Foreign Secretary",
        "Secretary-General",
        "Defence Minister",
        "Finance Minister",
    }
)

# ----------------------------------------------------------------- vocabulary
# Invented people, companies, teams and outlets: general news must name people, but
# none of them may be a knowledge-base office-holder or the article would stop being
# the non-diplomatic control it is meant to be.

_FIRST = (
    "Alina",
    "Tomas",
    "Greta",
    "Marcus",
    "Priya",
    "Jonah",
    "Elif",
    "Rafael",
    "Nadia",
    "Owen",
    "Ingrid",
    "Kofi",
    "Lucia",
    "Dmitri",
    "Hana",
    "Samuel",
    "Yara",
    "Felix",
    "Amara",
    "Henrik",
    "Mei",
    "Declan",
    "Soraya",
    "Viktor",
    "Leila",
    "Bram",
    "Chiara",
    "Idris",
    "Maren",
    "Tobias",
)
_LAST = (
    "Kessling",
    "Marwood",
    "Okafor",
    "Lindqvist",
    "Harrow",
    "Castellan",
    "Brennick",
    "Vasquez",
    "Thorne",
    "Nakamura-Blythe",
    "Oduya",
    "Pellerin",
    "Szabo",
    "Ferrante",
    "Winslade",
    "Achebe",
    "Morland",
    "Haddad",
    "Quist",
    "Delacroix",
    "Renner",
    "Ostrova",
    "Galloway",
    "Ibarra",
    "Falkner",
    "Mbeki-Shaw",
    "Rowntree",
    "Tamsin",
    "Vell",
    "Ashdown",
)
_COMPANIES = (
    "Northwind Logistics",
    "Halvard Foods",
    "Brightwater Energy",
    "Corvel Semiconductors",
    "Tallis Pharma",
    "Meridian Rail",
    "Oakhurst Insurance",
    "Kestrel Airlines",
    "Lumen Retail Group",
    "Sable Mining",
    "Granite Peak Bank",
    "Verity Telecom",
)
_TEAMS = (
    "Eastfield United",
    "Harbour City",
    "the Riverside Rovers",
    "Northgate Athletic",
    "the Valley Falcons",
    "Kingsmoor Town",
    "the Coastline Sharks",
    "Westbridge Wanderers",
)
_CITIES = (
    "Leeds",
    "Porto",
    "Osaka",
    "Denver",
    "Lyon",
    "Gdansk",
    "Adelaide",
    "Valencia",
    "Hamburg",
    "Calgary",
    "Turin",
    "Bristol",
    "Cork",
    "Graz",
    "Malmo",
    "Bilbao",
    "Tampere",
    "Utrecht",
)
_REGIONS = ("northern", "southern", "coastal", "eastern", "western", "central", "upland")
_JOURNALS = (
    "Cell Reports",
    "the Journal of Applied Ecology",
    "Physical Review Letters",
    "The Lancet Regional Health",
    "Geophysical Research Letters",
    "Nature Communications",
)
_SCIENCE_TOPICS = (
    "soil bacteria",
    "deep-sea corals",
    "a new battery chemistry",
    "migratory songbirds",
    "a common blood pressure drug",
    "glacier melt",
    "sleep and memory",
    "urban heat islands",
)
_BILLS = (
    "housing bill",
    "pension reform",
    "budget amendment",
    "transport levy",
    "schools funding plan",
    "water charges bill",
    "data protection bill",
    "energy price cap",
)
_SOURCES = (
    ("The Morning Courier", "morningcourier.example"),
    ("Metro Wire", "metrowire.example"),
    ("Harbour Times", "harbourtimes.example"),
    ("Continental Press", "continentalpress.example"),
    ("Daily Ledger", "dailyledger.example"),
)
_TOPICS = (
    "trade and investment",
    "energy security",
    "regional security",
    "climate finance",
    "migration",
    "critical minerals",
    "debt relief",
    "food security",
    "maritime security",
    "visa arrangements",
    "defence cooperation",
    "infrastructure financing",
    "public health",
    "nuclear safety",
    "cyber security",
    "grain exports",
)
_VENUES = (
    "the presidential palace",
    "the foreign ministry",
    "a government guesthouse",
    "the prime minister's office",
    "a hotel near the conference centre",
)

# ------------------------------------------------------------------ templates
# General news, one pool per desk. Placeholders: {P1} {P2} people, {S2} a surname,
# {city} {co} {co2} {t1} {t2} {n} {n2} {pct} {wd} {age} {region} {journal} {topic}
# {uni} {bill}. Domestic politics says "minister", "called" and "meeting" on purpose.

_POLITICS = (
    "Lawmakers in {city} voted {n} to {n2} on {wd} to send the {bill} back to committee.",
    "{P1}, who chairs the finance committee, said the figures in the {bill} did not add up.",
    "The opposition called the proposal a distraction from the rising cost of living.",
    "The interior minister defended the plan in a radio interview, saying it would shorten "
    "waiting times.",
    "A cabinet meeting on {wd} is expected to settle the final wording before the summer recess.",
    "Polls published this week put support for the governing coalition at {pct} percent.",
    "{P2}, a backbencher from the {region} districts, said voters wanted action rather "
    "than another review.",
    "Council officials in {city} said the changes would cost about {n} million over four years.",
    "The party leader told supporters at a rally that the next election would be decided "
    "on housing.",
    "Critics said the timetable left too little room for public consultation.",
    "The health minister is due to answer questions in parliament on {wd} about hospital budgets.",
    "Officials said a second reading of the {bill} could take place before the end of the month.",
    "Several members called for an independent inquiry into how the contracts were awarded.",
    "The mayor of {city} said the city would go ahead with its own scheme if the national "
    "plan stalled.",
    "Union representatives said they had not been consulted and warned of possible strikes.",
    "In a statement, the ministry said the reform would be phased in from next spring.",
    "{S2} told reporters outside the chamber that the vote was closer than anyone had expected.",
    "The committee will hear evidence from regional officials and business groups next week.",
)
_BUSINESS = (
    "{co} reported quarterly revenue of {n} million dollars, up {pct} percent from a year earlier.",
    "Shares of {co} rose {pct} percent in early trading in {city} after the results were "
    "published.",
    "Chief executive {P1} told analysts on a conference call that demand had stabilised "
    "since the spring.",
    "The company expects to complete its purchase of {co2} before the end of the year, "
    "pending approval.",
    "{co} said it would cut about {n} jobs as part of a plan to save costs in its {region} "
    "operations.",
    "Analysts had expected a smaller profit, citing higher financing costs and weaker "
    "consumer spending.",
    "The board will ask shareholders to approve the dividend at the annual meeting in "
    "{city} next month.",
    "{P2}, an analyst at a brokerage in {city}, said the outlook was cautious but credible.",
    "Inflation in the eurozone eased to {pct} percent last month, official estimates "
    "showed on {wd}.",
    "The central bank kept interest rates unchanged and signalled that cuts were not imminent.",
    "Rival {co2} has been gaining market share with cheaper products aimed at younger customers.",
    "Freight volumes through the port of {city} fell for a third straight month, the "
    "operator said.",
    "The firm's finance chief said capital spending would stay at about {n} million "
    "dollars next year.",
    "Regulators are reviewing whether the deal would reduce competition in the {region} market.",
    "{co} plans to open {n2} new stores over the next two years, mostly in smaller towns.",
    "Trading volumes were thin ahead of a public holiday in several markets.",
)
_SPORTS = (
    "{t1} beat {t2} {n2}-1 on {wd} night in front of {n} supporters.",
    "{P1} scored twice in the second half as {t1} came from behind to win.",
    "The visiting side struggled to create chances after losing their captain to injury early on.",
    "Coach {P2} said after the match that the squad had shown real character.",
    "{t2} have now gone {n2} games without a win and sit just above the relegation places.",
    "The club confirmed that {S2} will miss the next month with a hamstring problem.",
    "{P1} was called up to the national squad for the first time last week.",
    "Ticket sales for the final have already passed {n} thousand, organisers said.",
    "Both teams meet again in the cup quarter-finals in {city} later this month.",
    "The league's disciplinary panel will review an incident from the first half on {wd}.",
    "{t1}'s manager praised the young defenders, who kept a clean sheet for the {n2}th "
    "time this season.",
    "Fans in {city} lined the streets to welcome the players home after the trip.",
    "The referee's decision to award a late penalty drew loud protests from the home bench.",
    "A spokesperson for the league said the new schedule would be published on {wd}.",
)
_SCIENCE = (
    "Researchers at the University of {uni} reported in {journal} that {topic} respond to "
    "warming faster than expected.",
    "The study followed more than {n} samples collected over {n2} years.",
    "Lead author {P1} said the results surprised the team and would need to be repeated.",
    "The findings could help engineers design longer-lasting materials, the authors wrote.",
    "{P2}, who was not involved in the research, called the work careful but limited in scope.",
    "Funding came from a national research council and two private foundations.",
    "The team now plans a larger trial with volunteers in {city} and two other cities.",
    "Earlier work had suggested a link, but the samples were too small to be sure.",
    "Measurements were taken every {n2} hours using sensors placed across the {region} valley.",
    "The data have been made public so that other groups can check the analysis.",
    "A separate group at the same institute is studying {topic} in laboratory conditions.",
    "The space agency said the probe would reach its target orbit in about {n2} months.",
)
_CRIME = (
    "Police in {city} arrested a {age}-year-old man on {wd} in connection with a series of "
    "burglaries.",
    "Officers were called to an address in the {region} part of the city shortly after midnight.",
    "A woman aged {age} was taken to hospital with injuries that were not life-threatening.",
    "Detectives have appealed for witnesses and asked residents to check doorbell cameras.",
    "The suspect is due to appear before magistrates in {city} on {wd}.",
    "{P1}, a spokesperson for the force, said the investigation was at an early stage.",
    "Court documents show the company paid more than {n} thousand dollars in fines over "
    "five years.",
    "The jury retired to consider its verdict after a trial lasting {n2} weeks.",
    "Prosecutors said {S2} had used a network of shell accounts to move the money.",
    "A police chief said patrols in the area would be increased over the weekend.",
    "Neighbours said they had heard shouting before a car drove off at speed.",
    "The judge adjourned the hearing until next month to allow time for medical reports.",
)
_WEATHER = (
    "Forecasters expect up to {n2}0 millimetres of rain across the {region} region by {wd}.",
    "Temperatures in {city} are set to climb to {n2}5 degrees, well above the seasonal average.",
    "The national weather service issued a yellow warning for strong winds along the coast.",
    "Drivers were advised to allow extra time for journeys because of fog in low-lying areas.",
    "Several flights were delayed at {city} airport as crews cleared snow from the runways.",
    "{P1}, a meteorologist, said the pattern was typical for this time of year but "
    "unusually persistent.",
    "Rivers in the {region} districts rose sharply overnight, and some roads were closed.",
    "Farmers said the dry spell had already reduced the expected harvest by about {pct} percent.",
    "Power companies reported outages affecting about {n} homes after the storm passed.",
    "Conditions should improve from {wd}, with lighter winds and sunny spells.",
    "Emergency services rescued {n2} people from vehicles stranded in flood water.",
    "The outlook for next week remains uncertain, forecasters said.",
)
_DESKS = {
    "politics": _POLITICS,
    "business": _BUSINESS,
    "sports": _SPORTS,
    "science": _SCIENCE,
    "crime": _CRIME,
    "weather": _WEATHER,
}
_TITLES = {
    "politics": (
        "Vote on {bill} delayed after late objections",
        "Coalition under pressure over {bill}",
    ),
    "business": ("{co} results beat forecasts", "{co} to cut jobs as costs climb"),
    "sports": ("{t1} edge past {t2}", "Late goal lifts {t1}"),
    "science": ("Study links {topic} to warming", "New findings on {topic}"),
    "crime": ("Arrest after burglaries in {city}", "Trial of {S2} nears its end"),
    "weather": ("Wind and rain warnings for {region} areas", "Heat to build across {city}"),
}

# Diplomatic lead sentences, per kind. {A} and {B} are full descriptions such as
# "French President Emmanuel Macron"; {As}/{Bs} the surnames used on second mention.
_LEADS = {
    "talks": (
        "{A} held talks with {B} in {city} on {wd}, with {topic} high on the agenda.",
        "{A} and {B} held talks in {city} on {wd} that officials said focused on {topic}.",
    ),
    "meeting": (
        "{A} met {B} in {city} on {wd} to discuss {topic} and {topic2}.",
        "{A} met with {B} at {venue} in {city} on {wd}, their first meeting since the spring.",
    ),
    "call": (
        "{A} spoke by phone with {B} on {wd} about {topic}, according to a statement from "
        "{As}'s office.",
        "{A} held a video call with {B} on {wd} to discuss {topic}.",
    ),
    "visit": (
        "{B} arrived in {city} on {wd} for an official visit and was received by {A} at {venue}.",
        "{B} began a two-day visit to {country} on {wd}, meeting {A} in {city}.",
    ),
    "summit": (
        "{A} hosted a summit of regional leaders in {city} on {wd}, attended by {B}, {C} and {D}.",
        "Leaders gathered in {city} on {wd} for a summit on {topic}, with {A}, {B} and {C} "
        "among those taking part.",
    ),
}
_FOLLOW = (
    "The two leaders also discussed {topic2}, officials said.",
    "{As} told reporters afterwards that the talks had been frank and useful.",
    "Both sides agreed to keep in close contact and asked their ministers to prepare "
    "follow-up proposals.",
    "{Bs} said the two countries shared an interest in a stable and predictable relationship.",
)
_SECOND = (
    "Earlier in the day, {As} also met {E} to discuss {topic2}.",
    "{As} is due to travel on to {city2} later in the week.",
)
_BACKGROUND = (
    "Relations between the two countries have improved steadily since a trade dispute was "
    "settled two years ago.",
    "Analysts said the agenda reflected growing concern about {topic} across the region.",
    "Officials have been working for months on a package of agreements covering {topic} "
    "and {topic2}.",
    "Trade between the two countries reached about {n} billion dollars last year, "
    "according to official figures.",
    "Diplomats cautioned that several issues remained unresolved, including {topic2}.",
    "A joint statement is expected to be published later in the week.",
    "The government has made closer ties with its neighbours a priority since taking office.",
    "Business groups welcomed the contacts and urged both governments to simplify customs rules.",
    "Opposition figures questioned whether the agreements would survive a change of government.",
    "Human rights groups urged the delegations to raise the cases of detained journalists.",
)


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """What to generate; the defaults give the realistic stream of the issue."""

    count: int
    seed: int = DEFAULT_SEED
    diplomatic_share: float = DIPLOMATIC_SHARE
    min_words: int = 300
    max_words: int = 1200
    start: date = START_DAY
    # Event time advances one day per this many articles; the memory benchmark sets
    # it so that the dedup window fills early in the run.
    articles_per_day: int = 2000
    id_prefix: str = "bench"


@dataclass(frozen=True, slots=True)
class Generated:
    """One article: its key, its NewsArticle v1 JSON bytes, and what it was made as."""

    article_id: str
    value: bytes
    diplomatic: bool


class _Leaders:
    """Office-holders of a day, cached for the latest day asked about.

    A stream's days only move forward, so one entry is as good as a cache of every day;
    keeping them all would grow by a list per event-time day, and the memory benchmark
    runs this generator in the very process whose memory it reads.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._eligible = [
            p
            for p in kb.people
            if p.role in _DIPLOMATIC_ROLES
            and ((p.country and p.country in kb.countries) or (p.org and p.org in kb.orgs))
        ]
        self._day: date | None = None
        self._holders: list[Person] = []

    def on(self, day: date) -> list[Person]:
        if day != self._day:
            self._holders = [p for p in self._eligible if p.in_office(day)]
            self._day = day
        return self._holders

    def describe(self, p: Person) -> str:
        """How a wire story introduces someone: "French President Emmanuel Macron"."""
        if p.country:
            country = self._kb.countries[p.country]
            if country.adjectives:
                return f"{country.adjectives[0]} {p.role} {p.name}"
            return f"{p.role} {p.name} of {country.name}"
        return f"{p.org} {p.role} {p.name}"

    def capital(self, p: Person) -> tuple[str, str]:
        """(capital city, country name) of the person's country; org people sit in Brussels."""
        if p.country:
            country = self._kb.countries[p.country]
            if country.capitals:
                return country.capitals[0], country.name
            return country.name, country.name
        return "Brussels", "Belgium"


def _surname(p: Person) -> str:
    return p.surnames[0] if p.surnames else p.name.split()[-1]


def _side(p: Person) -> str:
    # Two people from one country (or one organisation) would not be a diplomatic meeting.
    return p.country or p.org or p.name


class _Writer:
    def __init__(self, spec: StreamSpec, kb: KnowledgeBase) -> None:
        self._spec = spec
        self._rng = random.Random(spec.seed)
        self._leaders = _Leaders(kb)

    # -- shared pieces -------------------------------------------------------------

    def _numbers(self, slots: dict[str, str]) -> None:
        # Fresh figures per paragraph: repeated numbers would make articles look alike.
        rng = self._rng
        slots["n"] = str(rng.randint(12, 980))
        slots["n2"] = str(rng.randint(2, 9))
        slots["pct"] = f"{rng.randint(1, 19)}.{rng.randint(0, 9)}"
        slots["age"] = str(rng.randint(19, 71))

    def _general_slots(self, day: date) -> dict[str, str]:
        rng = self._rng
        p1 = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        last2 = rng.choice(_LAST)
        co, co2 = rng.sample(_COMPANIES, 2)
        t1, t2 = rng.sample(_TEAMS, 2)
        slots = {
            "P1": p1,
            "P2": f"{rng.choice(_FIRST)} {last2}",
            "S2": last2,
            "city": rng.choice(_CITIES),
            "co": co,
            "co2": co2,
            "t1": t1,
            "t2": t2,
            "wd": _WEEKDAYS[(day - timedelta(days=rng.randint(0, 3))).weekday()],
            "region": rng.choice(_REGIONS),
            "journal": rng.choice(_JOURNALS),
            "topic": rng.choice(_SCIENCE_TOPICS),
            "uni": rng.choice(_CITIES),
            "bill": rng.choice(_BILLS),
        }
        self._numbers(slots)
        return slots

    def _fill(
        self, paragraphs: list[str], pool: tuple[str, ...], slots: dict[str, str], target: int
    ) -> None:
        """Append paragraphs of 2-5 sentences from `pool` until about `target` words."""
        rng = self._rng
        words = sum(p.count(" ") + 1 for p in paragraphs)
        while words < target:
            self._numbers(slots)
            sentences: list[str] = []
            for template in rng.sample(pool, min(len(pool), rng.randint(2, 5))):
                sentence = template.format_map(slots)
                sentences.append(sentence)
                words += sentence.count(" ") + 1
                if words >= target:
                    break
            paragraphs.append(" ".join(sentences))

    def _published(self, index: int) -> tuple[date, str]:
        spec = self._spec
        day = spec.start + timedelta(days=index // max(1, spec.articles_per_day))
        minute = self._rng.randrange(6 * 60, 23 * 60)
        return day, f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00Z"

    def _record(
        self, index: int, desk: str, title: str, body: str, published: str
    ) -> tuple[str, bytes]:
        spec = self._spec
        article_id = f"{spec.id_prefix}-{spec.seed}-{index:07d}"
        outlet, domain = self._rng.choice(_SOURCES)
        value = orjson.dumps(
            {
                "id": article_id,
                "title": title,
                "body": body,
                "url": f"https://{domain}/{desk}/{article_id}",
                "source": outlet,
                "published_at": published,
                "language": "en",
            }
        )
        return article_id, value

    # -- the two kinds of article --------------------------------------------------

    def general(self, index: int) -> Generated:
        rng = self._rng
        day, published = self._published(index)
        desk = rng.choice(_CATEGORIES)
        slots = self._general_slots(day)
        paragraphs: list[str] = []
        target = rng.randint(self._spec.min_words, self._spec.max_words)
        self._fill(paragraphs, _DESKS[desk], slots, target)
        title = rng.choice(_TITLES[desk]).format_map(slots)
        article_id, value = self._record(index, desk, title, "\n\n".join(paragraphs), published)
        return Generated(article_id, value, False)

    def diplomatic(self, index: int) -> Generated:
        rng = self._rng
        day, published = self._published(index)
        leaders = self._leaders.on(day)
        kind = rng.choice(("talks", "talks", "meeting", "meeting", "call", "visit", "summit"))
        # Distinct sides: a summit needs four, a bilateral two, plus one for a second
        # meeting. Bounded, so that a date the knowledge base barely covers fails loudly
        # instead of spinning.
        chosen: list[Person] = []
        sides: set[str] = set()
        needed = (4 if kind == "summit" else 2) + 1
        for _ in range(10_000):
            p = rng.choice(leaders)
            if _side(p) not in sides:
                sides.add(_side(p))
                chosen.append(p)
                if len(chosen) == needed:
                    break
        if len(chosen) < needed:
            raise ValueError(f"too few office-holders in the knowledge base on {day}")
        host, guest, third = chosen[0], chosen[1], chosen[2]
        city, country = self._leaders.capital(host)
        city2, _ = self._leaders.capital(third)
        meeting_day = day - timedelta(days=rng.choice((0, 1, 1, 2, 3)))
        topic, topic2 = rng.sample(_TOPICS, 2)
        slots = self._general_slots(day)
        slots.update(
            A=self._leaders.describe(host),
            B=self._leaders.describe(guest),
            C=self._leaders.describe(third),
            D=self._leaders.describe(chosen[3]) if kind == "summit" else "",
            E=self._leaders.describe(third),
            As=_surname(host),
            Bs=_surname(guest),
            city=city,
            city2=city2,
            country=country,
            venue=rng.choice(_VENUES),
            wd=_WEEKDAYS[meeting_day.weekday()],
            topic=topic,
            topic2=topic2,
        )
        lead = rng.choice(_LEADS[kind]).format_map(slots)
        if rng.random() < 0.7:
            # Most wire copy opens with a dateline; the extractor must skip it.
            month = _MONTHS[day.month - 1]
            lead = f"{city.upper()}, {month} {day.day} - {lead}"
        first = [lead, *(t.format_map(slots) for t in rng.sample(_FOLLOW, 2))]
        paragraphs = [" ".join(first)]
        if kind != "summit" and rng.random() < 0.2:
            # A second, separate meeting on the same trip, as readouts often report.
            paragraphs.append(rng.choice(_SECOND).format_map(slots))
        target = rng.randint(self._spec.min_words, self._spec.max_words)
        # Background first, then domestic politics: the rest of a real diplomatic story.
        self._fill(paragraphs, _BACKGROUND, slots, min(target, 150 + 60 * len(paragraphs)))
        self._fill(paragraphs, _POLITICS, slots, target)
        title = f"{_surname(host)} and {_surname(guest)} discuss {topic}"
        article_id, value = self._record(index, "world", title, "\n\n".join(paragraphs), published)
        return Generated(article_id, value, True)


def generate(spec: StreamSpec, kb: KnowledgeBase | None = None) -> Iterator[Generated]:
    """The articles of `spec`, in order; lazily, so a million fit in no memory at all."""
    writer = _Writer(spec, kb or load())
    # A separate stream of draws picks the kind, so that changing the share does not
    # reshuffle every article's text.
    picker = random.Random(spec.seed ^ 0x5EED)
    for index in range(spec.count):
        if picker.random() < spec.diplomatic_share:
            yield writer.diplomatic(index)
        else:
            yield writer.general(index)


def realistic(count: int, seed: int = DEFAULT_SEED, **kw: object) -> list[Generated]:
    """About 5 % diplomatic articles among general news, 300 to 1,200 words each."""
    return list(generate(StreamSpec(count, seed, **kw)))  # type: ignore[arg-type]


def all_diplomatic(count: int, seed: int = DEFAULT_SEED, **kw: object) -> list[Generated]:
    """Every article reports at least one diplomatic meeting."""
    return list(generate(StreamSpec(count, seed, diplomatic_share=1.0, **kw)))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--share", type=float, default=DIPLOMATIC_SHARE, help="diplomatic share")
    parser.add_argument("--min-words", type=int, default=300)
    parser.add_argument("--max-words", type=int, default=1200)
    parser.add_argument("-o", "--output", type=Path, help="JSON lines file (default stdout)")
    args = parser.parse_args(argv)
    spec = StreamSpec(args.count, args.seed, args.share, args.min_words, args.max_words)
    out = args.output.open("wb") if args.output else sys.stdout.buffer
    size = diplomatic = 0
    try:
        for item in generate(spec):
            out.write(item.value + b"\n")
            size += len(item.value) + 1
            diplomatic += item.diplomatic
    finally:
        if args.output:
            out.close()
    print(
        f"{spec.count} articles, {diplomatic} diplomatic, {size / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())


def memory_stream(
    checkpoints: list[int], samples: int, seed: int, min_words: int, max_words: int
) -> tuple[list[int], StreamSpec]:
    """The article counts to read memory at, and the stream both memory benchmarks feed.

    The dedup window is in event time: one day per `checkpoints[0] // 50` articles puts
    the first checkpoint 50 days in, so the window is full by then.
    """
    top = checkpoints[-1]
    stages = sorted(set(checkpoints) | {top * k // samples for k in range(1, samples + 1)})
    spec = StreamSpec(
        top,
        seed,
        min_words=min_words,
        max_words=max_words,
        articles_per_day=max(1, checkpoints[0] // 50),
        id_prefix="mem",
    )
    return stages, spec


def rss_mb(pid: int | str = "self") -> float | None:
    """A process's resident memory in MB, from /proc (Linux only, as the benchmarks are)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
