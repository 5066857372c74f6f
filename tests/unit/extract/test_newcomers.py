"""A back-reference naming someone new tells a meeting of its own (extract/newcomers.py)."""

from __future__ import annotations

from parley.extract import extract
from parley.model import Article


def _pairs(body: str) -> list[set[str]]:
    found = extract(Article(id="t1", body=body, published_at="2024-03-06T10:00:00Z"))
    return [{p.name for p in c.participants if p.name} for c in found]


_LEAD = (
    "External Affairs Minister S. Jaishankar met Russian Foreign Minister Sergei Lavrov "
    "in New Delhi on Wednesday.\n"
)


def test_his_meeting_with_someone_new_is_another_meeting() -> None:
    """'During his meeting with Kenya's minister X, ...' after talks with Lavrov: two."""
    pairs = _pairs(
        _LEAD + "During his meeting with Kenyan Foreign Minister Musalia Mudavadi, Jaishankar "
        "underlined the need for more trade."
    )
    assert {"S. Jaishankar", "Musalia Mudavadi"} in pairs
    assert {"S. Jaishankar", "Sergei Lavrov"} in pairs
    assert len(pairs) == 2


def test_the_meeting_with_the_same_person_adds_to_it() -> None:
    """'During the meeting with Lavrov, ...' is more of the talks just reported."""
    pairs = _pairs(
        _LEAD + "During the meeting with Lavrov, Jaishankar underlined the need for trade."
    )
    assert pairs == [{"S. Jaishankar", "Sergei Lavrov"}]


def test_a_described_subject_is_the_person_of_the_story() -> None:
    """'Later, the head of state held talks with X': the president named before meets X."""
    pairs = _pairs(
        "President William Ruto opened a new road in Nakuru on Monday.\n"
        "Later, the head of state held talks with Austrian Chancellor Karl Nehammer at "
        "State House."
    )
    assert pairs == [{"William Ruto", "Karl Nehammer"}]


def test_a_described_subject_after_other_words_is_not_read() -> None:
    """'The head of state said ... met' is no description of the meeting's subject."""
    pairs = _pairs(
        "President William Ruto opened a new road in Nakuru on Monday.\n"
        "The head of state said farmers had met Austrian Chancellor Karl Nehammer."
    )
    assert {"William Ruto", "Karl Nehammer"} not in pairs


def test_a_roundups_later_meeting_takes_the_day_of_the_one_before() -> None:
    """'During the meeting with X, ...' after a dated meeting: X's is on that day too."""
    found = extract(
        Article(
            id="t1",
            body=_LEAD + "During the meeting with Kenyan Foreign Minister Musalia Mudavadi, "
            "Jaishankar underlined the need for more trade.",
            published_at="2024-03-06T10:00:00Z",
        )
    )
    assert [c.date for c in found] == ["2024-03-06", "2024-03-06"]
