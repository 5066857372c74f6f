"""The fast paths of text preparation agree with the plain definitions they replace.

Each fast path (run-by-run translation, the line-by-line blank test, one pattern per
sentence mark) is checked against the slow, obvious way of computing the same thing,
on text built to hit its edges: accents among ASCII, abbreviations, initials, closing
quotes, loose blank lines, unusual spaces.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import text as t
from parley.translate import TABLE_LIMIT, WORD_CHARS

_PIECES = [
    *" \n\t\r\u00a0\u2009\u202f\u3000\u2028.!?\"')([]AbSMrnoK\u212aİıßéŁø’“—1_",
    *["Mr", "mr", "U.S", "u.k", "Prof", "Gen", "Jr", "etc", "Sept", "trip", "Biden"],
    *["abcdefghijklmn", "...", "\n\n", "  ", " \n", "\n ", "\n\n\n", "<p>", "&amp;"],
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
# Mostly ASCII with the odd accented or non-Latin letter: the shape run-by-run is for.
_MOSTLY_ASCII = st.lists(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40) | st.text(max_size=2),
    max_size=12,
).map("".join)


def _sentences_by_definition(text: str) -> list[tuple[int, int]]:
    """Paragraph by paragraph, every candidate mark checked on its own."""
    split = re.compile(r"([.!?])([\"')\]]*)\s+(?=[\"'(\[]*[A-Z0-9])")
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start, p_end = para.span()
        for m in split.finditer(text, start, p_end):
            if not t._ends_sentence(text, m.start(1)):
                continue
            spans.append((start, m.end(2)))
            start = m.end()
        if start < p_end:
            spans.append((start, p_end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@settings(max_examples=400)
@given(_TEXT)
def test_sentences_match_their_definition(text: str) -> None:
    assert t.sentences(text) == _sentences_by_definition(text)


@settings(max_examples=400)
@given(_TEXT, st.lists(st.integers(min_value=0, max_value=200), max_size=8))
def test_sentences_at_positions_are_the_sentences_holding_them(
    text: str, positions: list[int]
) -> None:
    at = sorted({p for p in positions if p < len(text)})
    expected = [(s, e) for s, e in t.sentences(text) if any(s <= p < e for p in at)]
    assert t.sentences_at(text, at) == expected


@settings(max_examples=400)
@given(_TEXT | _MOSTLY_ASCII)
def test_fold_and_tokens_match_whole_string_translation(text: str) -> None:
    assert t.fold_aligned(text) == text.translate(t._FOLD)
    folded = text.translate(t._FOLD)
    assert t.tokens_only(folded) == folded.translate(WORD_CHARS)


@settings(max_examples=400)
@given(_TEXT)
def test_loose_lines_is_the_four_substring_tests(text: str) -> None:
    expected = any(p in text for p in ("\n ", "\n\n\n", "\n\t", " \n"))
    assert t._loose_lines(text) == expected


@settings(max_examples=400)
@given(_TEXT)
def test_punctuation_replacement_matches_translate(text: str) -> None:
    out = text
    for src, dst in t._PUNCT_PAIRS:
        out = out.replace(src, dst)
    assert out == text.translate(t._PUNCT)


def test_learning_tables_stop_growing_at_their_limit() -> None:
    """Text in every script must not make the tables hold all of Unicode."""
    text = "".join(chr(c) for c in range(0x4E00, 0x4E00 + TABLE_LIMIT + 500))
    try:
        assert t.fold_aligned(text) == "".join(t._fold_char(c) for c in text)
        assert t.tokens_only(text) == text  # CJK ideographs are letters
        assert len(t._FOLD) <= TABLE_LIMIT
        assert len(WORD_CHARS) <= TABLE_LIMIT
    finally:
        # The tables relearn what they need; leave them as small as other tests expect.
        t._FOLD.clear()
        WORD_CHARS.clear()
