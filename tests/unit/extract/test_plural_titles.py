"""A plural title with a list of states: one side per state (extract/plural_titles.py)."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article


def test_new_ambassadors_of_three_states_are_three_meetings() -> None:
    """Credentials of three ambassadors: one meeting with each, the ambassador unnamed."""
    found = extract(
        Article(
            id="t1",
            body="President Xi Jinping received the credentials of the new ambassadors of "
            "Chile, Egypt and Poland in Beijing on Tuesday.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    sides = [[(p.name, p.role, p.country) for p in c.participants] for c in found]
    assert sides == [
        [("Xi Jinping", "President", "CN"), (None, "Ambassador", country)]
        for country in ("CL", "EG", "PL")
    ]
    assert {c.date for c in found} == {"2024-03-05"}


def test_counterparts_from_a_list_hold_the_subjects_office() -> None:
    """'His counterparts from A and B' are the foreign ministers of A and B."""
    found = extract(
        Article(
            id="t1",
            body="Iran's foreign minister Hossein Amir-Abdollahian on Tuesday held meetings "
            "with his counterparts from Kenya and Norway in Geneva.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    assert [c.participants[1].country for c in found] == ["KE", "NO"]
    assert all(c.participants[1].role == "Foreign Minister" for c in found)


def test_the_leaders_of_a_list_get_no_office() -> None:
    """'The leaders of A and B' name no office, so no office-holder is guessed."""
    found = extract(
        Article(
            id="t1",
            body="Prime Minister Fumio Kishida took part in a call convened by President Joe "
            "Biden on Tuesday with the leaders of Canada and Italy.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    named = {p.name for c in found for p in c.participants}
    assert named <= {"Fumio Kishida", "Joe Biden", None}


def test_states_before_a_plural_title_are_one_side_each() -> None:
    """'Talks with the Chilean and Egyptian presidents in two separate meetings': one
    meeting with each state's president."""
    found = extract(
        Article(
            id="t1",
            body="President William Ruto on Tuesday held talks with the Chilean and Egyptian "
            "presidents in two separate meetings at State House.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    assert [c.participants[1].country for c in found] == ["CL", "EG"]
    assert all(c.participants[1].role == "President" for c in found)


def test_states_before_counterparts_make_no_list() -> None:
    """'The Chilean and Egyptian counterparts' is read as before: no office is guessed."""
    found = extract(
        Article(
            id="t1",
            body="President William Ruto on Tuesday held talks with his Chilean and Egyptian "
            "counterparts at State House.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    assert all(p.role != "Counterpart" for c in found for p in c.participants)
