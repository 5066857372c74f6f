"""One meeting told by its states and again by its people (extract/retold.py)."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article, Candidate


def _meetings(body: str) -> list[Candidate]:
    # no publication day: the knowledge base cannot say who held an office, so the
    # headline's presidents stay unnamed
    return extract(Article(id="t1", body=body))


def test_a_headline_of_states_and_a_body_of_people_are_one_meeting() -> None:
    """'Kenyan, Chilean presidents meet' over 'President Ruto hosted President Boric'."""
    found = _meetings(
        "Kenyan, Chilean presidents meet in Nairobi\n\n"
        "President William Ruto hosted Chilean President Gabriel Boric at State House in "
        "Nairobi for talks on trade."
    )
    assert len(found) == 1
    assert {p.name for p in found[0].participants} == {"William Ruto", "Gabriel Boric"}


def test_states_of_another_meeting_stay_apart() -> None:
    """A headline naming a state the body's meeting lacks is not that meeting."""
    found = _meetings(
        "Kenyan, Egyptian presidents meet in Nairobi\n\n"
        "President William Ruto hosted Chilean President Gabriel Boric at State House in "
        "Nairobi for talks on trade."
    )
    assert len(found) == 2
