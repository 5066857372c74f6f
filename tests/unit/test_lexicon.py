"""The lexicon's key search over bytes finds what a search over the text finds.

The scan searches the UTF-8 bytes of the text and turns byte offsets into character
offsets only where the two differ; these tests hold it to a plain search for every
key, on text with letters outside ASCII before, inside and after the names.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.lexicon import Hit, Lexicon
from parley.extract.text import fold_aligned, tokens_only

_ENTRIES = [
    ("Þórdís Gylfadóttir", "person", "Þórdís Kolbrún Reykfjörð Gylfadóttir"),
    ("Gylfadóttir", "surname", "Þórdís Kolbrún Reykfjörð Gylfadóttir"),
    ("Antony Blinken", "person", "Antony Blinken"),
    ("Blinken", "surname", "Antony Blinken"),
    ("Iceland", "country", "IS"),
    ("Icelandic", "adjective", "IS"),
    ("foreign minister", "role", "Foreign Minister"),
    ("minister", "role", "Minister"),
    ("Reykjavík", "capital", "IS"),
]
_LEXICON = Lexicon(_ENTRIES)
_PIECES = [
    *" ,.-'’\n",
    *["Þórdís", "Gylfadóttir", "Antony", "Blinken", "Iceland", "Icelandic", "Reykjavík"],
    *["foreign", "minister", "Minister", "met", "é", "ð", "中文", "İ", "ß", "straße"],
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _plain_keys(folded: str) -> list[tuple[str, int, int]]:
    """Every padded key, found with str.find, as (key, start, end) in characters."""
    padded = f" {tokens_only(folded)} "
    keys = {f" {tokens_only(fold_aligned(s.strip())).strip()} " for s, _, _ in _ENTRIES}
    found = []
    for key in keys:
        at = padded.find(key)
        while at >= 0:
            found.append((key, at, at + len(key)))
            at = padded.find(key, at + 1)
    return sorted(found, key=lambda k: (k[1], k[2]))


def _keys(folded: str) -> list[tuple[str, int, int]]:
    padded = f" {tokens_only(folded)} "
    found = [(padded[s:e], s, e) for _, s, e in _LEXICON._keys(folded)]
    return sorted(found, key=lambda k: (k[1], k[2]))


@settings(max_examples=400)
@given(_TEXT)
def test_keys_are_those_a_plain_search_finds(text: str) -> None:
    folded = fold_aligned(text)
    assert _keys(folded) == _plain_keys(folded)


def test_hits_after_letters_outside_ascii_are_where_the_text_has_them() -> None:
    text = "In Reykjavík, Icelandic Foreign Minister Þórdís Gylfadóttir met Antony Blinken."
    hits = _LEXICON.scan(text, fold_aligned(text))
    assert [text[h.start : h.end] for h in hits] == [
        "Reykjavík",
        "Icelandic",
        "Foreign Minister",
        "Þórdís Gylfadóttir",
        "Antony Blinken",
    ]
    assert hits[-1] == Hit(64, 78, "person", "Antony Blinken")
