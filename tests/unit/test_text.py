"""Text preparation: markup removal, offset-preserving folding, sentence spans."""

from __future__ import annotations

from parley.extract.text import fold_aligned, plain_text, sentences


def test_html_becomes_paragraphs_of_plain_text() -> None:
    """Tags go, entities are decoded, and block elements become paragraph breaks."""
    text = plain_text("<p>Leaders&nbsp;met.</p><p>They &amp; aides talked.</p><script>x()</script>")
    assert text == "Leaders met.\n\nThey & aides talked."


def test_fold_keeps_offsets() -> None:
    """Folding removes case and diacritics without moving any character."""
    raw = "Erdoğan met Łukasz in Zürich"
    assert fold_aligned(raw) == "erdogan met lukasz in zurich"
    assert len(fold_aligned(raw)) == len(raw)


def test_sentences_respect_abbreviations_and_initials() -> None:
    """U.S., Mr. and initials such as S. do not end a sentence."""
    text = "Mr. Modi met U.S. President Joe Biden. External Affairs Minister S. Jaishankar joined."
    got = [text[s:e] for s, e in sentences(text)]
    assert got == [
        "Mr. Modi met U.S. President Joe Biden.",
        "External Affairs Minister S. Jaishankar joined.",
    ]


def test_the_three_folds_agree_on_letters() -> None:
    """fold_aligned, fold_key and fold_words differ in spacing and length, not in letters."""
    from parley.dedup.text import fold_words
    from parley.knowledge import fold_key

    for name in ("Ħamrun", "Łódź", "Ørsted", "Đakovo", "Erdoğan", "Ærø"):
        assert fold_aligned(name) == fold_key(name) == fold_words(name) or name == "Ærø", name
    assert fold_aligned("Ħamrun, ") == "hamrun, "
    assert fold_key("Ħamrun, ") == "hamrun,"
    assert fold_words("Ħamrun, ") == "hamrun"
    # a letter folding to two keeps its place in the aligned fold
    assert (fold_aligned("Ærø"), fold_key("Ærø")) == ("æro", "aero")
