"""Text preparation: markup removal, offset-preserving folding, sentence spans."""

from __future__ import annotations

from parley.extract.text import fold, plain_text, sentences


def test_html_becomes_paragraphs_of_plain_text() -> None:
    """Tags go, entities are decoded, and block elements become paragraph breaks."""
    text = plain_text("<p>Leaders&nbsp;met.</p><p>They &amp; aides talked.</p><script>x()</script>")
    assert text == "Leaders met.\n\nThey & aides talked."


def test_fold_keeps_offsets() -> None:
    """Folding removes case and diacritics without moving any character."""
    raw = "Erdoğan met Łukasz in Zürich"
    assert fold(raw) == "erdogan met lukasz in zurich"
    assert len(fold(raw)) == len(raw)


def test_sentences_respect_abbreviations_and_initials() -> None:
    """U.S., Mr. and initials such as S. do not end a sentence."""
    text = "Mr. Modi met U.S. President Joe Biden. External Affairs Minister S. Jaishankar joined."
    got = [text[s:e] for s, e in sentences(text)]
    assert got == [
        "Mr. Modi met U.S. President Joe Biden.",
        "External Affairs Minister S. Jaishankar joined.",
    ]
