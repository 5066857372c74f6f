"""The fast paths of find_mentions agree with the plain definitions they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.people import _GATE_WORDS, _present

# The words themselves, their overlapping pieces ("aidenvoy"), and letters outside ASCII.
_PIECES = [*_GATE_WORDS, "aid", "nvoy", "-designat", "e", "s", " ", "é", "中", "\ud800", "Aide"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@settings(max_examples=500)
@given(_TEXT)
def test_present_words_are_those_a_substring_test_finds(text: str) -> None:
    assert _present(text) == {w for w in _GATE_WORDS if w in text}


def test_a_word_run_into_another_is_still_found() -> None:
    assert _present("an aidenvoy, a president-designatenvoy") == {"aide", "-designate", "envoy"}
