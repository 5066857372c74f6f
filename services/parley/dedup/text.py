"""Text folding shared by fingerprints, participant identity and place comparison."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "last_token"]

_NON_WORD = re.compile(r"[\W_]+")
# Letters Unicode does not decompose into a base letter plus a combining mark.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "æ": "ae",
        "Æ": "ae",
    }
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


# Names, roles and cities repeat endlessly across reports: folding each once pays.
_fold_cached = lru_cache(maxsize=1 << 16)(_fold)


def fold(text: str) -> str:
    """Case, diacritics, punctuation and spacing folded away: 'Zelenskyy,' == 'ZELENSKYY'."""
    if len(text) > 200:
        # Long texts (article bodies) would only evict the short, hot entries.
        return _fold(text)
    return _fold_cached(text)


def last_token(folded: str) -> str:
    """The last word of a folded name, which reports use alone ('Scholz')."""
    return folded.rsplit(" ", 1)[-1]
