"""Dates told from the meeting just reported (meeting_dates.py) and on a summit's sidelines."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article


def _dates(body: str) -> list[str | None]:
    found = extract(Article(id="t1", body=body, published_at="2024-03-23T10:00:00Z"))
    return [c.date for c in found]


def test_four_days_later_counts_from_the_meeting_before() -> None:
    """'Four days later, he received X' is four days after the meeting just reported."""
    assert _dates(
        "President William Ruto met French President Emmanuel Macron in Nairobi on Monday. "
        "Four days later, he received Japanese Prime Minister Fumio Kishida at State House."
    ) == ["2024-03-18", "2024-03-22"]


def test_likewise_keeps_the_occasion_of_the_meeting_before() -> None:
    """'Likewise, he met X' is on the day of the meeting reported just before."""
    assert _dates(
        "President William Ruto met French President Emmanuel Macron in Nairobi on Monday. "
        "Likewise, Ruto held talks with Japanese Prime Minister Fumio Kishida."
    ) == ["2024-03-18", "2024-03-18"]


def test_an_undated_sideline_meeting_takes_the_day_of_the_last_one() -> None:
    """On a summit's sidelines an undated bilateral is on the day of the last dated one."""
    assert _dates(
        "On the sidelines of the summit in Rome, President William Ruto met French President "
        "Emmanuel Macron on Monday. Ruto's talks with Japanese Prime Minister Fumio Kishida "
        "covered trade."
    ) == ["2024-03-18", "2024-03-18"]


def test_a_plan_is_not_dated_by_the_day_it_was_told() -> None:
    """'X will meet Y, an aide said on Tuesday': Tuesday is the telling, not the meeting."""
    found = extract(
        Article(
            id="t1",
            body="Russian President Vladimir Putin will meet Chinese President Xi Jinping "
            "on the sidelines of the summit, an aide said on Tuesday.",
            published_at="2024-03-20T10:00:00Z",
        )
    )
    assert [(c.status, c.date) for c in found] == [("planned", None)]


def test_the_lead_names_the_day_of_the_meetings_after_it() -> None:
    """'X on Thursday met diplomats on the sidelines', filed on Friday: the bilaterals
    told next are on Thursday, not on the filing day."""
    found = extract(
        Article(
            id="t1",
            body="NEW YORK, March 22 - Foreign Minister Penny Wong on Thursday met diplomats "
            "from several countries on the sidelines of the assembly. Wong met her Japanese "
            "counterpart Yoko Kamikawa. She also met her French counterpart Stephane Sejourne.",
            published_at="2024-03-22T02:00:00Z",
        )
    )
    assert [c.date for c in found] == ["2024-03-21", "2024-03-21"]
