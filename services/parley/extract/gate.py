"""Patterns that run only on text holding one of the words every match must hold.

Python's regular-expression engine tries a pattern that opens with a word boundary
or a class at every position of the text, 20-40 ns a character for the extractor's
long alternations, while a substring test runs at memory speed. Most sentences lack
the words a given pattern is built around, so a substring test in front of it spares
most searches. `tests/unit/test_gate.py` proves from each pattern's parse that every
match holds one of its gate words, so a gate can never hide a match.
"""

from __future__ import annotations

import re
import sys

__all__ = ["Gated"]


class Gated:
    """A compiled pattern behind a substring test: `search` runs the pattern only when
    the string holds one of `words`, and otherwise answers None, as the pattern would."""

    __slots__ = ("pattern", "words")

    def __init__(self, pattern: str, *words: str) -> None:
        if not words:
            raise ValueError("a gate needs at least one word")
        self.pattern = re.compile(pattern)
        self.words = words

    def search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        # The words are looked for in the whole string: a word outside pos..endpos only
        # lets the pattern run, it never stops it.
        for word in self.words:
            if word in s:
                return self.pattern.search(s, pos, endpos)
        return None
