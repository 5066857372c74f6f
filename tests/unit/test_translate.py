"""Run-by-run translation, and the folds built on it, agree with whole-string forms.

The folds are compared with the plain way of computing them (one normalisation of
the whole string, one regular expression), which is what they were before tables
and runs made them cheap: a fingerprint stored by an older worker must still match.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.dedup.text import _fold_words as dedup_fold
from parley.knowledge import base as kb
from parley.translate import WORD_CHARS, LearningTable, _by_runs, mostly_ascii, translate

# Mostly ASCII with the odd accented or non-Latin letter: the shape run-by-run is for;
# and any text at all, with the characters that fold in unusual ways thrown in.
_MOSTLY_ASCII = st.lists(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40) | st.text(max_size=2),
    max_size=12,
).map("".join)
_AWKWARD = "ΣσςΟΔΥΣΣΕΑΣ İıßæŒøŁđþ`´’‘—–\u00a0\u0301\u0308\u0327ﬁ①²Å_é"
_ANY = st.text(
    alphabet=st.sampled_from(_AWKWARD) | st.characters(max_codepoint=0x2FFFF), max_size=80
)


def _kb_fold_whole(text: str) -> str:
    text = text.translate(kb._TRANSLATE)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def _dedup_fold_whole(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", _kb_fold_whole(text)).split())


@settings(max_examples=400)
@given(_MOSTLY_ASCII)
def test_run_by_run_matches_whole_string(text: str) -> None:
    upper = LearningTable(str.upper)
    assert _by_runs(text, upper, str.upper) == text.upper()
    assert _by_runs(text, WORD_CHARS, None) == text.translate(WORD_CHARS)
    assert translate(text, upper, str.upper) == text.upper()


@settings(max_examples=600)
@given(_MOSTLY_ASCII | _ANY)
def test_knowledge_fold_matches_whole_string_normalisation(text: str) -> None:
    assert kb.fold_key(text) == _kb_fold_whole(text)


@settings(max_examples=600)
@given(_MOSTLY_ASCII | _ANY)
def test_dedup_fold_matches_the_regular_expression(text: str) -> None:
    assert dedup_fold(text) == _dedup_fold_whole(text)


def test_final_sigma_is_lowered_by_its_place_in_the_word() -> None:
    # The one case where lower case depends on neighbours: the table must not lower.
    for text in ("ΟΔΥΣΣΕΑΣ Σ", "Ωραίος, Κύριε ΚΑΛΟΣ."):
        folded = kb.fold_key(text)
        assert folded == _kb_fold_whole(text)
        assert "\u03c2" in folded  # the final form, as whole-string lower case gives


def test_mostly_ascii_counts_utf8_bytes() -> None:
    assert mostly_ascii("a" * 31 + "é")
    assert not mostly_ascii("a" * 15 + "é")
