"""Envoys presenting credentials, listed apart from the ceremony (extract/rosters.py)."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article, Candidate


def _meetings(body: str) -> list[Candidate]:
    return extract(Article(id="t1", body=body, published_at="2024-03-06T10:00:00Z"))


def _sides(found: list[Candidate]) -> list[tuple[tuple[str | None, str | None], ...]]:
    return [tuple((p.name, p.country) for p in c.participants) for c in found]


def test_a_roster_after_the_ceremony_gives_one_meeting_per_envoy() -> None:
    """'The three envoys are A of X, B of Y and C of Z' after a ceremony: three meetings."""
    found = _meetings(
        "President William Ruto on Tuesday received the letters of credence of three new "
        "envoys at State House.\n"
        "The three envoys are Marta Solvik of Norway, Pablo Ferrand Ruiz of Chile and "
        "Kenji Arakawa of Japan."
    )
    assert _sides(found) == [
        (("William Ruto", "KE"), ("Marta Solvik", "NO")),
        (("William Ruto", "KE"), ("Pablo Ferrand Ruiz", "CL")),
        (("William Ruto", "KE"), ("Kenji Arakawa", "JP")),
    ]
    assert {c.date for c in found} == {"2024-03-05"}


def test_they_are_and_the_rest_are_both_list_envoys() -> None:
    """A roster may run over two sentences ('They are ... The rest are ...')."""
    found = _meetings(
        "Four new ambassadors presented their credentials to President William Ruto.\n"
        "They are Marta Solvik from Norway and Kenji Arakawa from Japan. "
        "The rest are Pablo Ferrand Ruiz from Chile and Dr Lena Hartog from the Netherlands."
    )
    assert sorted(c for _, (_, c) in _sides(found)) == ["CL", "JP", "NL", "NO"]
    assert all(side[0] == ("William Ruto", "KE") for side in _sides(found))


def test_titled_envoys_named_without_the_host_meet_the_host() -> None:
    """'Those presenting their credentials were Ambassador A of X, ...': each meets the
    head of state named before, not the other envoys."""
    found = _meetings(
        "President William Ruto received the credentials of new ambassadors on Friday.\n"
        "Those presenting their credentials were Ambassador Marta Solvik of Norway and "
        "Ambassador Kenji Arakawa of Japan."
    )
    assert sorted(_sides(found)) == [
        (("William Ruto", "KE"), ("Kenji Arakawa", "JP")),
        (("William Ruto", "KE"), ("Marta Solvik", "NO")),
    ]


def test_credentials_of_another_sort_list_nobody() -> None:
    """A candidate's 'credentials' and a list after them are no ceremony."""
    found = _meetings(
        "President William Ruto praised the credentials of the new board on Friday.\n"
        "They are Marta Solvik of Norway and Kenji Arakawa of Japan."
    )
    assert found == []


def test_a_sentence_after_the_ceremony_that_is_no_roster_adds_nobody() -> None:
    """Only a listing sentence ('They are', 'The envoys were') names the envoys."""
    found = _meetings(
        "President William Ruto received the credentials of two new envoys on Friday.\n"
        "Marta Solvik of Norway later spoke to reporters about fishing quotas."
    )
    assert found == []
