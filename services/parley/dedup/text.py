"""Text folding shared by fingerprints, participant identity and place comparison.

`fold_words` is the knowledge base's `fold_key` (case, diacritics, apostrophes) with
words only: punctuation goes and spacing is one space. The extractor's `fold_aligned`
folds letters the same way but keeps every character at its offset.
"""

from __future__ import annotations

from functools import lru_cache

from parley.knowledge import fold_key
from parley.translate import WORD_CHARS, translate

__all__ = ["fold", "fold_words", "last_token"]


def _fold_words(text: str) -> str:
    return " ".join(translate(fold_key(text), WORD_CHARS).split())


# Names, roles and cities repeat endlessly across reports: folding each once pays.
_fold_cached = lru_cache(maxsize=1 << 16)(_fold_words)


def fold_words(text: str) -> str:
    """Case, diacritics, punctuation and spacing folded away: 'Zelenskyy,' == 'ZELENSKYY'."""
    if len(text) > 60:
        # Sentences and bodies are each seen once: caching them would only hold every
        # evidence sentence of a stream in memory (the worker's RSS grew with it) and
        # evict the short, hot entries.
        return _fold_words(text)
    return _fold_cached(text)


# The name the dedup modules import (issue #14 renamed the function while they were
# being reworked elsewhere): drop it once they import fold_words.
fold = fold_words


def last_token(folded: str) -> str:
    """The last word of a folded name, which reports use alone ('Scholz')."""
    return folded.rsplit(" ", 1)[-1]
