"""The dateline's quick test (no mark in its 120 characters: no dateline) answers as the
pattern does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import extractor

_PIECES = ["SEOUL", "WASHINGTON", ",", " ", "May", "4", "12", "(Yonhap)", "(Reuters)", "/TASS/",
           ".", "-", "--", "—", ":", "The", "two", "leaders", "met", "\n", "a" * 60]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


def _pattern_only(text: str, start: int) -> int:
    m = extractor._DATELINE.match(text, start)
    return m.end() if m and m.end() - start < 120 else start


@settings(max_examples=2000)
@given(_TEXT)
def test_the_quick_test_hides_no_dateline(text: str) -> None:
    """Wherever the pattern reads a dateline, the quick test lets it through."""
    assert extractor._dateline_end(text, 0) == _pattern_only(text, 0)


def test_a_dateline_is_cut_and_a_plain_opening_is_not() -> None:
    """A wire dateline ends after its dash; a paragraph with no mark keeps its start."""
    text = "SEOUL, May 4 (Yonhap) -- The two leaders met."
    assert text[extractor._dateline_end(text, 0) :] == "The two leaders met."
    assert extractor._dateline_end("The two leaders met on Monday.", 0) == 0
