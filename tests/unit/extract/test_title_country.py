"""A state named after a titled person is theirs (extract/title_country.py)."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article


def _sides(body: str) -> list[list[tuple[str | None, str | None]]]:
    found = extract(Article(id="t1", body=body, published_at="2024-03-06T10:00:00Z"))
    return [[(p.name, p.country) for p in c.participants] for c in found]


def test_each_envoy_of_a_list_gets_the_state_after_the_name() -> None:
    """'Ambassador A of X, Ambassador B of Y': one meeting each, each with its own state."""
    assert _sides(
        "President Paul Kagame received credentials from Ambassador Hanna Vettel of Chile, "
        "Ambassador Olek Darsky of Peru at State House on Monday."
    ) == [
        [("Paul Kagame", "RW"), ("Hanna Vettel", "CL")],
        [("Paul Kagame", "RW"), ("Olek Darsky", "PE")],
    ]


def test_envoys_of_untold_states_are_still_one_meeting_each() -> None:
    """Two named ambassadors whose states are not told are still two sides."""
    found = _sides(
        "President Paul Kagame received credentials from Ambassador Hanna Vettel and "
        "Ambassador Olek Darsky at State House on Monday."
    )
    assert len(found) == 2


def test_a_headline_title_is_not_the_leads_person() -> None:
    """A headline ending in a title and a lead opening with another title and a name
    are two people: the lead's person keeps the lead's title."""
    found = extract(
        Article(
            id="t1",
            body="Prime Minister receives outgoing Chilean ambassador\nPrime Minister Fumio "
            "Kishida hosted a reception for Chilean Ambassador Hanna Vettel in Tokyo on Tuesday.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    assert [[(p.name, p.role, p.country) for p in c.participants] for c in found] == [
        [("Fumio Kishida", "Prime Minister", "JP"), ("Hanna Vettel", "Ambassador", "CL")]
    ]
