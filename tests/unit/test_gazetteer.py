"""Places on the map: GeoNames ids and coordinates for a record's location."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from parley.dedup import Deduplicator, DedupSettings
from parley.knowledge.gazetteer import gazetteer, on_map
from parley.model import Candidate, Location, Participant, SourceRef

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "schemas" / "meeting_event.v1.json").read_text(encoding="utf-8")
)


def _place(city: str | None, country: str | None) -> dict[str, str | None]:
    return {"city": city, "country": country, "venue": None}


@pytest.mark.parametrize(
    ("city", "country", "geonames_id", "lat", "lon"),
    [
        ("Geneva", "CH", 2660646, 46.2, 6.15),
        ("Genève", "CH", 2660646, 46.2, 6.15),  # its own name, accented
        ("Kyiv", "UA", 703448, 50.45, 30.52),
        ("Kiev", "UA", 703448, 50.45, 30.52),  # an older English name
        ("Washington", "US", 4140963, 38.9, -77.04),  # the capital, not a smaller namesake
        ("Addis Ababa", "ET", 344979, 9.02, 38.75),
        ("Nuku‘alofa", "TO", 4032402, -21.14, -175.2),  # a typographic quote
        ("Hamburg", "DE", 2911298, 53.55, 9.99),
        ("Paris", None, 2988507, 48.85, 2.35),  # no country: the most populous Paris
    ],
)
def test_known_cities_get_their_geonames_id_and_coordinates(
    city: str, country: str | None, geonames_id: int, lat: float, lon: float
) -> None:
    """The city's id, and its latitude and longitude to about a kilometre."""
    out = on_map(_place(city, country))
    assert out is not None
    assert out["geonames_id"] == geonames_id
    assert out["lat"] == pytest.approx(lat, abs=0.01)
    assert out["lon"] == pytest.approx(lon, abs=0.01)
    assert (out["city"], out["country"]) == (city, country)


def test_a_country_alone_gets_the_countrys_id_and_no_coordinates() -> None:
    """GeoNames gives countries no point: only the id is added."""
    out = on_map(_place(None, "FR"))
    assert out == {**_place(None, "FR"), "geonames_id": 3017382}


@pytest.mark.parametrize(
    "place",
    [
        _place("Atlantis", "FR"),  # a city nobody knows: not even its country's id
        _place("Hamburg", "US"),  # a real city, in the wrong country
        _place(None, None),
        _place(None, "XX"),
    ],
)
def test_unknown_places_leave_the_fields_out(place: dict[str, str | None]) -> None:
    """Nothing is added, and the location comes back equal and as a copy."""
    out = on_map(place)
    assert out == place
    assert out is not place


def test_no_location_stays_none() -> None:
    """A call has no location, and gets none."""
    assert on_map(None) is None


def test_the_index_is_built_once() -> None:
    """Every lookup uses the same index."""
    assert gazetteer() is gazetteer()


def _candidate(city: str, country: str) -> Candidate:
    return Candidate(
        kind="talks",
        mode="in_person",
        status="occurred",
        date="2024-06-03",
        date_precision="day",
        location=Location(city=city, country=country),
        participants=(
            Participant("Amara Diallo", "Foreign Minister", "SN"),
            Participant("Piet de Wit", "Foreign Minister", "NL"),
        ),
        organizer=None,
        topics=(),
        source=SourceRef("m-1", None, None, "2024-06-03T10:00:00Z", "They met in The Hague."),
    )


def test_published_records_carry_the_place_and_fit_the_schema() -> None:
    """The dedup's record of a meeting in The Hague has its coordinates and validates."""
    dedup = Deduplicator({}, {}, {}, DedupSettings())
    [record] = dedup.process("m-1", "fp-1", [_candidate("The Hague", "NL")], "2024-06-03T11:00:00Z")
    assert record["location"]["geonames_id"] == 2747373
    assert record["location"]["lat"] == pytest.approx(52.08, abs=0.01)
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
