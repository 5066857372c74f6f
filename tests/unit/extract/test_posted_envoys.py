"""An envoy named after where he is posted: 'the Japanese ambassador to Kenya X'."""

from __future__ import annotations

from parley.extract.extractor import read_report
from parley.model import Article


def _named(body: str) -> list[tuple[str | None, str | None]]:
    report = read_report(Article(id="t1", body=body, published_at="2023-09-16T10:00:00Z"))
    assert report is not None
    return [(m.participant.name, m.participant.country) for m in report.mentions]


def test_the_name_after_the_posting_is_the_envoys() -> None:
    """'the Japanese ambassador to Kenya Ken Okaniwa' names Okaniwa, of Japan."""
    assert ("Aiko Tanabe", "JP") in _named(
        "President William Ruto met the Japanese ambassador to Kenya Aiko Tanabe on Monday."
    )


def test_an_envoy_posted_with_no_name_stays_unnamed() -> None:
    """'the Japanese ambassador to Kenya on Monday' names nobody: the state is no name."""
    assert (None, "JP") in _named(
        "President William Ruto met the Japanese ambassador to Kenya on Monday."
    )
