"""A headline's meeting dated only by the report's day takes the day the body names."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article, Candidate


def _meetings(body: str) -> list[Candidate]:
    # published on a Wednesday
    return extract(Article(id="t1", body=body, published_at="2024-03-06T10:00:00Z"))


def _dated(found: list[Candidate]) -> dict[frozenset[str], str | None]:
    return {frozenset(p.name for p in c.participants if p.name): c.date for c in found}


def test_a_headline_side_takes_the_day_its_list_names_below() -> None:
    """'Holds phone talks with Kenyan leaders', then a list named on Monday: all on Monday."""
    found = _meetings(
        "President Emmanuel Macron holds phone talks with Kenyan leaders\n"
        "French President Emmanuel Macron held separate phone talks with Kenyan President "
        "William Ruto and Japanese Prime Minister Fumio Kishida on Monday."
    )
    assert _dated(found) == {
        frozenset({"Emmanuel Macron", "William Ruto"}): "2024-03-04",
        frozenset({"Emmanuel Macron", "Fumio Kishida"}): "2024-03-04",
    }


def test_a_headline_without_a_dated_body_keeps_the_reports_day() -> None:
    """With no day in the body, the headline's meeting stays on the report's own day."""
    found = _meetings(
        "President Emmanuel Macron holds phone talks with Kenyan leaders\n"
        "French President Emmanuel Macron held separate phone talks with Kenyan President "
        "William Ruto and Japanese Prime Minister Fumio Kishida."
    )
    assert _dated(found)[frozenset({"Emmanuel Macron", "William Ruto"})] == "2024-03-06"
