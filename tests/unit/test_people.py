"""The fast paths of find_mentions agree with the plain definitions they replace."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import mention, people, unnamed
from parley.extract.people import _GATE_WORDS, _GATES

# The words themselves, their overlapping pieces ("aidenvoy"), and letters outside ASCII.
_PIECES = [*_GATE_WORDS, "aid", "nvoy", "-designat", "e", "s", " ", "é", "中", "\ud800", "Aide"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@settings(max_examples=500)
@given(_TEXT)
def test_present_words_are_those_a_substring_test_finds(text: str) -> None:
    assert _GATES.found(text) == {w for w in _GATE_WORDS if w in text}


def test_a_word_run_into_another_is_still_found() -> None:
    assert _GATES.found("an aidenvoy, a president-designatenvoy") == {"aide", "-designate", "envoy"}


# Words of the patterns before a hit and their near misses, in any case, with every
# kind of space and hyphen that may follow them, and letters that re.I folds to ASCII.
_BEFORE_WORDS = [
    *people._FORMER_WORDS,
    *people._LESSER_WORDS,
    *unnamed._REGIONS,
    *["delegation", "Ministers", "leaders", "presidents", "prime ministers", "chancellors"],
    *["from", "of", "the", "THE", "Of", "formerly", "next", "Deputy-", "Souths", "Ex"],
    *["leaders of", "Delegation from the", "presidents of\tthe", "team of\x1c", "envoys  of"],
]
_BEFORE_PIECES = [*_BEFORE_WORDS, *" \t\n\r\x0b\x0c\x1c\x1f\xa0\u2009-", "ſ", "K", "é", "x"]
_WINDOW = st.tuples(
    st.lists(st.sampled_from(_BEFORE_PIECES), max_size=12).map("".join),
    st.integers(0, 40),
    st.integers(0, 3),
)


@pytest.mark.parametrize(
    "before",
    [unnamed._GROUP_BEFORE, people._LESSER, unnamed._PLURAL_OFFICE, unnamed._REGION_BEFORE],
    ids=["group", "lesser", "plural office", "region"],
)
@settings(max_examples=300)
@given(window=_WINDOW)
def test_a_pattern_before_a_hit_finds_what_its_search_finds(
    before: mention.WordsBefore, window: tuple[str, int, int]
) -> None:
    text, back, cut = window
    end = max(0, len(text) - cut)
    pos = max(0, end - back)
    fast = before.search(text, pos, end)
    plain = before.pattern.search(text, pos, end)
    assert (fast and fast.span()) == (plain and plain.span())


@settings(max_examples=500)
@given(window=_WINDOW)
def test_former_is_the_case_blind_pattern(window: tuple[str, int, int]) -> None:
    text, _, cut = window
    start = max(0, len(text) - cut)
    plain = people._FORMER.found(text[max(0, start - 24) : start])
    assert people._former(text, start) == plain
