"""Text folding shared by fingerprints, participant identity and place comparison."""

from __future__ import annotations

from functools import lru_cache

from parley.knowledge import fold as kb_fold
from parley.translate import WORD_CHARS, translate

__all__ = ["fold", "last_token"]


def _fold(text: str) -> str:
    # The knowledge base's folding (case, diacritics, apostrophes), then words only.
    return " ".join(translate(kb_fold(text), WORD_CHARS).split())


# Names, roles and cities repeat endlessly across reports: folding each once pays.
_fold_cached = lru_cache(maxsize=1 << 16)(_fold)


def fold(text: str) -> str:
    """Case, diacritics, punctuation and spacing folded away: 'Zelenskyy,' == 'ZELENSKYY'."""
    if len(text) > 60:
        # Sentences and bodies are each seen once: caching them would only hold every
        # evidence sentence of a stream in memory (the worker's RSS grew with it) and
        # evict the short, hot entries.
        return _fold(text)
    return _fold_cached(text)


def last_token(folded: str) -> str:
    """The last word of a folded name, which reports use alone ('Scholz')."""
    return folded.rsplit(" ", 1)[-1]
