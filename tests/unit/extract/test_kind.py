"""A meeting's kind is decided in one place, kind.decide_kind: one test per rule of it."""

from __future__ import annotations

from parley.extract.kind import (
    OTHER,
    PRINCIPAL,
    KindEvidence,
    decide_kind,
    mode_of,
    noun_kind,
    verb_kind,
    working_kind,
)


def _evidence(
    said: str,
    *,
    gathering: bool = False,
    on_trip: bool = False,
    says_talks: bool = False,
    visit_role: str | None = None,
) -> KindEvidence:
    return KindEvidence(said, gathering, on_trip, says_talks, visit_role)


def test_the_words_decide_when_nothing_else_bears_on_the_kind() -> None:
    """With no other evidence the kind is the one the meeting's words say."""
    for said in ("meeting", "talks", "visit", "summit", "call"):
        assert decide_kind(_evidence(said)) == said


def test_a_gathering_of_many_states_is_a_summit() -> None:
    """ "EU foreign ministers met": a gathering is a summit whatever word told it."""
    assert decide_kind(_evidence("meeting", gathering=True)) == "summit"
    assert working_kind("meeting", True) == "summit"
    assert working_kind("meeting", False) == "meeting"


def test_a_travellers_meeting_or_talks_are_the_visit() -> None:
    """Talks told with a visit cue are the visit; a call on a trip stays a call."""
    assert decide_kind(_evidence("talks", on_trip=True)) == "visit"
    assert decide_kind(_evidence("meeting", on_trip=True)) == "visit"
    assert decide_kind(_evidence("call", on_trip=True)) == "call"
    assert decide_kind(_evidence("meeting", gathering=True, on_trip=True)) == "summit"


def test_the_visits_main_meeting_is_the_visit() -> None:
    """The visitor's meeting with their counterpart is the visit, whatever the verb."""
    assert decide_kind(_evidence("meeting", visit_role=PRINCIPAL)) == "visit"
    assert decide_kind(_evidence("talks", visit_role=PRINCIPAL)) == "visit"


def test_a_visitors_other_meetings_are_talks_or_meetings() -> None:
    """A visitor's other meeting is talks when told as talks, else a meeting."""
    assert decide_kind(_evidence("visit", visit_role=OTHER)) == "meeting"
    assert decide_kind(_evidence("visit", says_talks=True, visit_role=OTHER)) == "talks"
    assert decide_kind(_evidence("talks", visit_role=OTHER)) == "talks"
    # talks read as the visit by a trip cue, not the main one: told as talks or not
    assert decide_kind(_evidence("talks", on_trip=True, visit_role=OTHER)) == "meeting"


def test_verbs_and_nouns_say_their_kinds() -> None:
    """The verbs of side clauses and the nouns of called-off meetings map to kinds."""
    assert [verb_kind(v) for v in ("met", "met with", "held a meeting with", "meet")] == [
        "meeting"
    ] * 4
    assert [verb_kind(v) for v in ("held talks with", "hold talks")] == ["talks", "talks"]
    assert [verb_kind(v) for v in ("spoke with", "spoke to", "speak", "talk")] == ["call"] * 4
    assert [noun_kind(n) for n in ("summit", "talks", "visit", "meeting")] == [
        "summit",
        "talks",
        "visit",
        "meeting",
    ]


def test_a_side_clause_verb_implies_its_mode() -> None:
    """A verb read as a call is remote; met or held talks is in person."""
    assert mode_of(verb_kind("spoke")) == "remote"
    assert mode_of(verb_kind("met")) == "in_person"
    assert mode_of(verb_kind("held talks")) == "in_person"
