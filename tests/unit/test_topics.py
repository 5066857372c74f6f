"""Topic labels: the prefix scan only skips patterns that could not have matched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import topics

_FRAGMENTS = [
    *["ukraine", "russia's war", "russias invasion", "gaza", "israeli-palestinian"],
    *["nuclear weapon", "cop26", "cop2", "counterterror", "counter-terror", "defense ties"],
    *["ai", "said", "chips", "economy", "bank", "north korea", "indo-pacific", "grain"],
    *[" ", "-", "'", "the", "x"],
]


def _by_definition(folded_sentences: list[str]) -> tuple[str, ...]:
    joined = " ".join(folded_sentences)
    return tuple(label for label, rx in topics._COMPILED if rx.search(joined))


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map("".join), max_size=3))
def test_topics_match_running_every_pattern(sentences: list[str]) -> None:
    assert topics.topics_of(sentences) == _by_definition(sentences)


def test_alternatives_split_only_at_the_top_level() -> None:
    assert topics._alternatives(r"a[(|]b|c(d|e)|f\|g") == ["a[(|]b", "c(d|e)", r"f\|g"]


def test_literal_prefixes_stop_before_anything_optional() -> None:
    assert topics._literal_prefix(r"\bchips?\b") == "chip"
    assert topics._literal_prefix(r"russia'?s? (?:war)") == "russia"
    assert topics._literal_prefix(r"counter-?terror") == "counter"
    assert topics._literal_prefix(r"cop\d\d") == "cop"
    assert topics._literal_prefix(r"(?:a|b)") == ""


def test_every_label_is_prefiltered() -> None:
    """A label without prefixes would be run on every meeting: keep the table scannable."""
    assert not topics._ALWAYS
