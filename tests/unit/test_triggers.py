"""Triggers: which sentences state a meeting, and of what kind, mode and status."""

from __future__ import annotations

import pytest

from parley.extract.text import fold_aligned
from parley.extract.triggers import find_call_verb, find_trigger


@pytest.mark.parametrize(
    ("sentence", "kind", "mode", "status"),
    [
        (
            "Stoltenberg participated in a secure conference call with leaders.",
            "call",
            "remote",
            "occurred",
        ),
        ("Modi spoke by phone with Macron on Monday.", "call", "phone", "occurred"),
        ("The two leaders held a video conference.", "call", "video", "occurred"),
        ("Erdogan paid an official visit to Qatar.", "visit", "in_person", "occurred"),
        ("Blinken held talks with Wang Yi in Beijing.", "talks", "in_person", "occurred"),
        ("Scholz will meet Macron in Paris on Friday.", "meeting", "in_person", "planned"),
        ("The leaders are expected to hold talks next week.", "talks", "in_person", "planned"),
        ("The summit in Brussels was postponed.", "summit", "in_person", "cancelled"),
        ("Leaders gathered for a virtual summit of the G20.", "summit", "video", "occurred"),
        (
            "The king chaired the Extraordinary Virtual G20 Leaders' Summit by video link.",
            "summit",
            "video",
            "occurred",
        ),
        (
            "The president said he will postpone a summit that he had hoped to host in June.",
            "summit",
            "in_person",
            "cancelled",
        ),
        (
            "The summit will be postponed after four members said they would not attend.",
            "summit",
            "in_person",
            "cancelled",
        ),
    ],
)
def test_meeting_sentences(sentence: str, kind: str, mode: str, status: str) -> None:
    """A sentence that states a meeting gives its kind, mode and status."""
    trig = find_trigger(fold_aligned(sentence))
    assert trig is not None
    assert (trig.kind, trig.mode, trig.status) == (kind, mode, status)


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin did not meet Zelensky during the trip.",
        "Zelensky called for talks with Moscow.",
        "The minister said he would be ready to meet his counterpart.",
        "Germany will meet France in the semi-final on Sunday.",
        "The Federal Reserve's policy meeting ended without a rate change.",
        "The company failed to meet its targets.",
        "Troops met fierce resistance near the town.",
        "The government refused to hold talks with the rebels.",
    ],
)
def test_non_meetings(sentence: str) -> None:
    """Negations, demands, hypotheticals and meetings of the wrong sort are not meetings."""
    assert find_trigger(fold_aligned(sentence)) is None


@pytest.mark.parametrize(
    ("sentence", "kind", "status"),
    [
        ("Trump called on Emperor Naruhito at the Imperial Palace on Monday.", "visit", "occurred"),
        ("The minister paid a courtesy call on the prime minister in Tokyo.", "visit", "occurred"),
        ("Putin had a working lunch with Lukashenko on Thursday.", "meeting", "occurred"),
        ("Xi and Biden sat down for four hours on Wednesday.", "meeting", "occurred"),
    ],
)
def test_courtesy_calls_and_meals(sentence: str, kind: str, status: str) -> None:
    """A courtesy call is a visit; a working lunch or sitting down together is a meeting."""
    trig = find_trigger(fold_aligned(sentence))
    assert trig is not None
    assert (trig.kind, trig.status) == (kind, status)


def test_calling_on_someone_to_act_is_no_visit() -> None:
    """'called on Xi to help' is a demand, not a call on him."""
    assert find_trigger(fold_aligned("Macron called on Xi to help end the war.")) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Kishida conveyed his intent to meet the North Korean leader as early as possible.",
        "Tokyo would continue to seek a summit with Pyongyang.",
        "No leader-level talks between the two countries have taken place in two decades.",
    ],
)
def test_intentions_and_absences_are_not_meetings(sentence: str) -> None:
    """An intent to meet, seeking a summit, and 'no talks' state no meeting."""
    assert find_trigger(fold_aligned(sentence)) is None


def test_a_wish_in_a_later_clause_leaves_the_meeting() -> None:
    """'Modi met Harris ..., and invited her to visit India': the meeting stands."""
    trig = find_trigger(
        fold_aligned(
            "On Thursday, Modi met Vice President Kamala Harris, and invited her to visit India."
        )
    )
    assert trig is not None
    assert (trig.kind, trig.status) == ("meeting", "occurred")


def test_a_sports_league_is_wrong_but_the_arab_league_is_not() -> None:
    """'Premier League match' rules a sentence out; 'Arab League headquarters' does not."""
    assert find_trigger(fold_aligned("The teams meet in a Premier League match on Sunday.")) is None
    trig = find_trigger(
        fold_aligned("The minister met the Arab League chief at the league's headquarters.")
    )
    assert trig is not None


def test_a_visiting_side_is_sport_but_a_visiting_premier_is_not() -> None:
    """Sports teams visit and are welcomed home; a premier who visits is still a visit."""
    for sentence in (
        "The visiting side struggled to create chances after losing their captain.",
        "Fans lined the streets to welcome the players home after the trip.",
    ):
        assert find_trigger(fold_aligned(sentence)) is None, sentence
    trig = find_trigger(
        fold_aligned("The visiting Chinese premier met Scholz in Berlin on Monday.")
    )
    assert trig is not None
    trig = find_trigger(fold_aligned("Modi will welcome the Japanese prime minister on Friday."))
    assert trig is not None


def test_a_statement_made_before_the_summit_is_no_plan() -> None:
    """'X told reporters before the summit that ...' was said; the summit is no announcement."""
    trig = find_trigger(
        fold_aligned("The president told reporters before the summit that aid would go on.")
    )
    assert trig is not None
    assert trig.status == "occurred"


@pytest.mark.parametrize(
    "sentence",
    [
        "Modi and Zelensky embraced before holding talks at the Mariinsky Palace.",
        "Modi arrived in Kyiv on Friday, becoming the first Indian leader to visit Ukraine.",
    ],
)
def test_records_and_what_came_before_are_no_plans(sentence: str) -> None:
    """'embraced before holding talks' happened; 'the first leader to visit' is a record."""
    trig = find_trigger(fold_aligned(sentence))
    assert trig is not None
    assert trig.status == "occurred"


def test_a_call_reported_with_an_adverb_and_a_purpose() -> None:
    """'spoke today with X to discuss the upcoming summit' is a call, not the summit."""
    sentence = (
        "President Joe Biden spoke today with Prime Minister Fumio Kishida of Japan to "
        "discuss the upcoming trilateral summit at Camp David."
    )
    trig = find_trigger(fold_aligned(sentence))
    assert trig is not None
    assert (trig.kind, trig.status) == ("call", "occurred")
    verb = find_call_verb("Biden spoke again to Kishida to discuss the summit at Camp David.")
    assert verb is not None
    assert verb.kind == "call"


@pytest.mark.parametrize(
    "sentence",
    [
        "Lula spoke with Ramaphosa on Friday, but he did not meet the Chinese delegation.",
        "Albanese called Hipkins on Sunday morning; no visit is planned.",
    ],
)
def test_a_call_verb_and_a_meeting_word_share_one_status(sentence: str) -> None:
    """Status comes from one decision for both readings: a denial in a later clause
    leaves the call stated, as it leaves a meeting word's meeting."""
    trigger = find_call_verb(sentence)
    assert trigger is not None
    assert trigger.status == "occurred"
    folded = fold_aligned(sentence)
    worded = find_trigger(folded.replace(" spoke with ", " met ").replace(" called ", " met "))
    assert worded is not None
    assert worded.status == trigger.status
