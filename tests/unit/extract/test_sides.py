"""Counterparts of different sides in one list: one bilateral each (extract/sides.py)."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article, Candidate


def _meetings(body: str) -> list[Candidate]:
    return extract(Article(id="t1", body=body, published_at="2024-03-06T10:00:00Z"))


def _pairs(found: list[Candidate]) -> list[set[str]]:
    return [{p.name for p in c.participants if p.name} for c in found]


def test_counterparts_of_three_states_are_three_bilaterals() -> None:
    """A leader's talks with three leaders of three states give one meeting with each."""
    found = _meetings(
        "Prime Minister Narendra Modi on Monday held talks with French President Emmanuel "
        "Macron, Japanese Prime Minister Fumio Kishida and Kenyan President William Ruto in Rome."
    )
    assert _pairs(found) == [
        {"Narendra Modi", "Emmanuel Macron"},
        {"Narendra Modi", "Fumio Kishida"},
        {"Narendra Modi", "William Ruto"},
    ]
    assert all(c.date == "2024-03-04" for c in found)


def test_a_trilateral_stays_one_meeting() -> None:
    """'Trilateral' joins the list at one table."""
    found = _meetings(
        "Prime Minister Narendra Modi on Monday held trilateral talks with French President "
        "Emmanuel Macron and Japanese Prime Minister Fumio Kishida in Rome."
    )
    assert _pairs(found) == [{"Narendra Modi", "Emmanuel Macron", "Fumio Kishida"}]


def test_a_dinner_for_two_guests_stays_one_meeting() -> None:
    """A host's dinner for two guests of two states is one table."""
    found = _meetings(
        "On Monday evening, President Emmanuel Macron hosted Japanese Prime Minister Fumio "
        "Kishida and Kenyan President William Ruto for dinner at the Elysee Palace."
    )
    assert len(found) == 1


def test_a_name_that_places_the_meeting_is_no_counterpart() -> None:
    """A person named in the place of the meeting ('at the residence of') joins no list."""
    found = _meetings(
        "French President Emmanuel Macron held talks with Japanese Prime Minister Fumio Kishida "
        "on Monday at the residence of Kenyan President William Ruto in Nairobi."
    )
    assert len(found) == 1


def test_a_passive_host_splits_nothing() -> None:
    """'Was received by A and B': the listed are the hosts, one meeting."""
    found = _meetings(
        "Japanese Prime Minister Fumio Kishida was received on Monday by French President "
        "Emmanuel Macron and Kenyan President William Ruto at the palace."
    )
    assert len(found) <= 1


def test_a_conference_call_stays_one_call() -> None:
    """'Held a call with' leaders of several states is one conference call."""
    found = _meetings(
        "President Emmanuel Macron held a video call on Monday with Japanese Prime Minister "
        "Fumio Kishida and Kenyan President William Ruto."
    )
    assert len(found) == 1


def test_his_counterparts_take_the_subject_of_the_story() -> None:
    """'The Iranian FM held meetings with his counterparts from A and B', the minister
    named only in the sentence before: one meeting of the minister with each."""
    found = _meetings(
        "Iran's foreign minister Hossein Amir-Abdollahian held talks with Pakistan's foreign "
        "minister Bilawal Bhutto Zardari in Geneva on Monday. The Iranian FM on Tuesday held "
        "meetings with his counterparts from Kenya and Norway."
    )
    assert [c.participants[0].name for c in found] == ["Hossein Amir-Abdollahian"] * 3
    assert [c.participants[1].country for c in found] == ["PK", "KE", "NO"]


def test_a_side_of_a_list_named_later_is_the_same_meeting() -> None:
    """'Talks with the leaders of A, B and C ... Meanwhile he held talks with B's
    president X': X joins B's meeting, which no longer counts an unnamed side."""
    found = _meetings(
        "Prime Minister Abiy Ahmed on Monday held talks with the leaders of Kenya, Chile "
        "and Norway on the sidelines of the summit. Meanwhile, Prime Minister Abiy held "
        "talks with Kenyan President William Ruto on trade."
    )
    sides = [[(p.name, p.country) for p in c.participants] for c in found]
    assert sides == [
        [("Abiy Ahmed", "ET"), ("William Ruto", "KE")],
        [("Abiy Ahmed", "ET"), (None, "CL")],
        [("Abiy Ahmed", "ET"), (None, "NO")],
    ]


def test_they_after_the_list_keeps_one_table() -> None:
    """'X met his counterparts from A and B. They reaffirmed ...': one meeting of all."""
    found = _meetings(
        "Secretary of State Antony Blinken met with his counterparts from Kenya and Norway "
        "in Oslo on Monday. They reaffirmed their support for the peace talks."
    )
    assert len(found) == 1
    assert {p.country for p in found[0].participants} == {"US", "KE", "NO"}


def test_a_list_told_again_is_the_same_meetings() -> None:
    """A list of envoys told in the lead and again under the date line stays one
    meeting per side, not two."""
    lead = (
        "President William Ruto hosted receptions in Nairobi on Tuesday for the new "
        "ambassadors of Chile, Norway and Japan, who presented their credentials."
    )
    found = _meetings(f"{lead}\n\nNAIROBI - {lead}")
    sides = sorted(tuple(sorted(str(p.country) for p in c.participants)) for c in found)
    assert len(found) == 3
    assert len(set(sides)) == 3


def test_those_who_met_a_host_included_a_list_of_sides() -> None:
    """'Those who met X included A and B': X met each of them, not A with B."""
    found = _meetings(
        "Those who met President William Ruto on Monday included Chilean Foreign Minister "
        "Alberto van Klaveren and Norwegian Foreign Minister Espen Barth Eide."
    )
    assert _pairs(found) == [
        {"William Ruto", "Alberto van Klaveren"},
        {"William Ruto", "Espen Barth Eide"},
    ]
