"""Visits: the visitor's meeting with their counterpart in the host country is the visit."""

from __future__ import annotations

from parley.extract.visits import Encounter, visit_kinds
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
    return Encounter(kind, "in_person", people, place, says_talks=kind == "talks")


def test_the_first_host_of_the_visitors_rank_gives_the_visit() -> None:
    """Macron in Beijing: talks with Xi are the visit; the premier's meeting is not."""
    kinds = visit_kinds(
        load(),
        [_meeting("talks", XI, MACRON, place="CN"), _meeting("meeting", MACRON, LI)],
        {"CN"},
        summit_trip=False,
    )
    assert kinds == ["visit", "meeting"]


def test_a_minister_visits_his_counterpart_and_meets_the_leader() -> None:
    """Lavrov in Cairo: the foreign minister is his counterpart, the president is not."""
    kinds = visit_kinds(
        load(),
        [_meeting("meeting", SISI, LAVROV), _meeting("talks", LAVROV, SHOUKRY)],
        {"EG"},
        summit_trip=False,
    )
    assert kinds == ["meeting", "visit"]


def test_the_head_of_an_organisation_visits_the_hosts_leader() -> None:
    """Guterres in Moscow: talks with Putin are the visit, with Lavrov talks."""
    kinds = visit_kinds(
        load(),
        [_meeting("talks", PUTIN, GUTERRES, place="RU"), _meeting("talks", GUTERRES, LAVROV)],
        set(),
        summit_trip=False,
    )
    assert kinds == ["visit", "talks"]


def test_no_host_or_a_summit_trip_leaves_the_words_kind() -> None:
    """Without a known host country, or on a trip made for a summit, nothing changes."""
    meetings = [_meeting("talks", XI, MACRON)]
    assert visit_kinds(load(), meetings, set(), summit_trip=False) == ["talks"]
    placed = [_meeting("talks", XI, MACRON, place="CN")]
    assert visit_kinds(load(), placed, {"CN"}, summit_trip=True) == ["talks"]
