"""Dates: relative expressions resolve against the article's anchor day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from parley.extract.dates import anchor_date, dateline_day, find_date

TUE = date(2022, 3, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "future", "expected", "precision"),
    [
        ("participated on Monday (local time) in a call", False, date(2022, 2, 28), "day"),
        ("they met on Tuesday", False, date(2022, 3, 1), "day"),
        ("they will meet on Friday", True, date(2022, 3, 4), "day"),
        ("the two spoke yesterday", False, date(2022, 2, 28), "day"),
        ("they talk today", False, date(2022, 3, 1), "day"),
        ("met on 27 February", False, date(2022, 2, 27), "day"),
        ("met on Feb. 26, 2021", False, date(2021, 2, 26), "day"),
        ("held talks last week", False, date(2022, 2, 21), "week"),
        ("will visit next week", True, date(2022, 3, 7), "week"),
        ("met earlier this month", False, date(2022, 3, 1), "month"),
    ],
)
def test_relative_and_explicit_dates(
    sentence: str, future: bool, expected: date, precision: str
) -> None:
    """Each expression gives the right day and precision for a report published on a Tuesday."""
    found = find_date(sentence, TUE, future=future)
    assert found is not None
    assert (found.day, found.precision) == (expected, precision)


def test_no_date_expression_gives_none() -> None:
    """A sentence with no date words yields no date rather than a guess."""
    assert find_date("The leaders discussed trade.", TUE, future=False) is None


def test_year_less_date_in_january_report_refers_to_december() -> None:
    """A December date in an early-January report falls in the previous year."""
    found = find_date("met on December 30", date(2023, 1, 2), future=False)
    assert found is not None
    assert found.day == date(2022, 12, 30)


def test_anchor_from_published_at_then_date_line() -> None:
    """published_at anchors the article; without it a date line near the top does."""
    assert anchor_date("2022-02-28T23:10:00Z", "x") == date(2022, 2, 28)
    assert anchor_date(None, "Feb 28, 2022\n\nBrussels, March 1: text") == date(2022, 2, 28)
    assert anchor_date(None, "No date here") is None


def test_dateline_day_takes_year_from_anchor() -> None:
    """A dateline without a year takes the anchor's year."""
    assert dateline_day("Brussels [Belgium], March 1 : NATO chief", date(2022, 2, 28)) == date(
        2022, 3, 1
    )


def test_date_of_another_event_is_not_the_meetings() -> None:
    """'since July' or 'took office in January' dates something else than the meeting."""
    assert (
        find_date("their first meeting since Pezeshkian took office in July", TUE, future=False)
        is None
    )
    assert find_date("Faye, whom the bloc appointed in July, met Tinubu", TUE, future=False) is None


def test_that_evening_keeps_the_date_it_refers_to() -> None:
    """'took office on Monday and spoke to him that evening' is dated by the Monday."""
    found = find_date("who took office on Monday, spoke to him that evening", TUE, future=False)
    assert found is not None
    assert found.day == TUE - timedelta(days=1)


def test_announced_weekday_equal_to_the_report_day_is_that_day() -> None:
    """'The summit begins on Tuesday' in Tuesday's report is today; 'next Tuesday' is not."""
    found = find_date("the summit begins on Tuesday", TUE, future=True)
    assert found is not None
    assert found.day == TUE
    later = find_date("they will meet next Tuesday", TUE, future=True)
    assert later is not None
    assert later.day == TUE + timedelta(days=7)


@pytest.mark.parametrize(
    "sentence",
    [
        "joined a call early Tuesday Japan time with the leaders",
        "held a virtual meeting on Tuesday morning Beijing time",
    ],
)
def test_an_early_hour_far_east_is_the_previous_day_elsewhere(sentence: str) -> None:
    found = find_date(sentence, TUE, future=False)
    assert found is not None
    assert found.day == date(2022, 2, 28)


def test_a_far_east_evening_keeps_its_day() -> None:
    found = find_date("met on Tuesday evening Beijing time", TUE, future=False)
    assert found is not None
    assert found.day == TUE


def test_the_day_of_a_statement_does_not_date_the_meeting() -> None:
    found = find_date(
        "Scholz will travel to Beijing next week for talks, the government said on Tuesday",
        TUE,
        future=True,
    )
    assert found is not None
    assert (found.day, found.precision) == (date(2022, 3, 7), "week")


def test_dateline_with_the_day_before_the_month() -> None:
    text = "WASHINGTON, 15th September, 2020 (WAM) -- The minister today signed the accord."
    assert dateline_day(text, date(2020, 9, 16)) == date(2020, 9, 15)


def test_a_written_date_glossing_a_relative_day_is_the_day_meant() -> None:
    """'today (Tuesday 22 November)' in a paper of Monday 21 November is the 22nd."""
    found = find_date(
        "The president is on a state visit between today (Tuesday 22 November) and tomorrow.",
        date(2022, 11, 21),
        future=False,
    )
    assert found is not None
    assert found.day == date(2022, 11, 22)


def test_a_weekday_with_its_date_after_a_comma_is_that_date() -> None:
    """'on Thursday, 24 November' in a paper of 5 December is the 24th, not the 1st."""
    found = find_date(
        "They met on Thursday, 24 November, in Pretoria.", date(2022, 12, 5), future=False
    )
    assert found is not None
    assert found.day == date(2022, 11, 24)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council sits on 14 and 15 March in the capital.", date(2022, 3, 14)),
        ("The forum meets on 8-9 April.", date(2022, 4, 8)),
        ("The envoys confer from 21 to 23 March.", date(2022, 3, 21)),
        ("The summit runs on April 8-9.", date(2022, 4, 8)),
    ],
)
def test_a_span_of_days_is_dated_by_its_first_day(sentence: str, expected: date) -> None:
    """A meeting over several days written with one month is dated by the day it opens."""
    found = find_date(sentence, TUE, future=True)
    assert found is not None
    assert (found.day, found.precision) == (expected, "day")
