"""Visits: the visitor's meeting with their counterpart in the host country is the visit's
main meeting (PRINCIPAL); their other meetings with the host side are OTHER."""

from __future__ import annotations

from parley.extract.kind import OTHER, PRINCIPAL
from parley.extract.visits import Encounter, visit_roles
from parley.knowledge import load
from parley.model import Participant

MACRON = Participant(name="Emmanuel Macron", role="President", country="FR", org=None)
XI = Participant(name="Xi Jinping", role="President", country="CN", org=None)
LI = Participant(name="Li Qiang", role="Prime Minister", country="CN", org=None)
LAVROV = Participant(name="Sergei Lavrov", role="Foreign Minister", country="RU", org=None)
SHOUKRY = Participant(name="Sameh Shoukry", role="Foreign Minister", country="EG", org=None)
SISI = Participant(name="Abdel Fattah el-Sisi", role="President", country="EG", org=None)
GUTERRES = Participant(name="António Guterres", role="Secretary-General", country=None, org="UN")
PUTIN = Participant(name="Vladimir Putin", role="President", country="RU", org=None)


def _meeting(kind: str, *people: Participant, place: str | None = None) -> Encounter:
    return Encounter(kind, "in_person", people, place)


def test_the_first_host_of_the_visitors_rank_gives_the_visit() -> None:
    """Macron in Beijing: talks with Xi are the visit; the premier's meeting is not."""
    roles = visit_roles(
        load(),
        [_meeting("talks", XI, MACRON, place="CN"), _meeting("meeting", MACRON, LI)],
        {"CN"},
        summit_trip=False,
    )
    assert roles == [PRINCIPAL, OTHER]


def test_a_minister_visits_his_counterpart_and_meets_the_leader() -> None:
    """Lavrov in Cairo: the foreign minister is his counterpart, the president is not."""
    roles = visit_roles(
        load(),
        [_meeting("meeting", SISI, LAVROV), _meeting("talks", LAVROV, SHOUKRY)],
        {"EG"},
        summit_trip=False,
    )
    assert roles == [OTHER, PRINCIPAL]


def test_the_head_of_an_organisation_visits_the_hosts_leader() -> None:
    """Guterres in Moscow: talks with Putin are the visit; those with Lavrov, placed
    nowhere, get no role and keep their words' kind."""
    roles = visit_roles(
        load(),
        [_meeting("talks", PUTIN, GUTERRES, place="RU"), _meeting("talks", GUTERRES, LAVROV)],
        set(),
        summit_trip=False,
    )
    assert roles == [PRINCIPAL, None]


def test_no_host_or_a_summit_trip_gives_no_role() -> None:
    """Without a known host country, or on a trip made for a summit, the rule says nothing."""
    meetings = [_meeting("talks", XI, MACRON)]
    assert visit_roles(load(), meetings, set(), summit_trip=False) == [None]
    placed = [_meeting("talks", XI, MACRON, place="CN")]
    assert visit_roles(load(), placed, {"CN"}, summit_trip=True) == [None]
