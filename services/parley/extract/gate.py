"""Patterns made cheaper to run: behind the words every match holds, or without re.I.

Python's regular-expression engine tries a pattern that opens with a word boundary
or a class at every position of the text, 20-40 ns a character for the extractor's
long alternations, while a substring test runs at memory speed. Most sentences lack
the words a given pattern is built around, so a substring test in front of it spares
most searches. `tests/unit/test_gate.py` proves from each pattern's parse that every
match holds one of its gate words, so a gate can never hide a match.

re.IGNORECASE costs in another way: the engine folds the case of every character it
tries. On ASCII text the lower-cased text read case-sensitively finds the same.
"""

from __future__ import annotations

import re
import sys

from ahocorasick_rs import AhoCorasick, Implementation

__all__ = ["CaseBlind", "Gated"]


# Up to this many words, substring tests one by one; beyond, one Aho-Corasick pass.
# For a 130-character sentence holding none of them: 42 words one by one 4.0 us, the
# automaton 0.7 us whatever their number; two words one by one about 0.15 us.
_FEW = 4


class Gated:
    """A compiled pattern behind a substring test: `search` runs the pattern only when
    the string holds one of `words`, and otherwise answers None, as the pattern would."""

    __slots__ = ("_automaton", "pattern", "words")

    def __init__(self, pattern: str, *words: str) -> None:
        if not words:
            raise ValueError("a gate needs at least one word")
        self.pattern = re.compile(pattern)
        self.words = words
        self._automaton = (
            AhoCorasick(list(words), implementation=Implementation.DFA)
            if len(words) > _FEW
            else None
        )

    def search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        # A match lies within pos..endpos, and so do its words (the proof counts only
        # characters a match consumes): a window is tested on its own.
        part = s if pos == 0 and endpos >= len(s) else s[pos:endpos]
        if self._automaton is not None:
            if self._automaton.find_matches_as_indexes(part):
                return self.pattern.search(s, pos, endpos)
            return None
        for word in self.words:
            if word in part:
                return self.pattern.search(s, pos, endpos)
        return None


class CaseBlind:
    """A case-insensitive pattern, written in lower case, that reads ASCII text
    lower-cased with a case-sensitive copy of itself. Only whether it is found is
    asked, so its offsets need not be the text's."""

    __slots__ = ("blind", "lower")

    def __init__(self, pattern: str) -> None:
        # An upper-case letter would be a literal the lower-cased text never holds, or
        # an escape such as \S whose meaning lower-casing would change.
        if any(c.isupper() for c in pattern):
            raise ValueError(f"write a case-blind pattern in lower case: {pattern!r}")
        self.blind = re.compile(pattern, re.IGNORECASE)
        self.lower = re.compile(pattern)

    def found(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether the pattern matches in s[pos:endpos], reading the character before pos
        as re.search(s, pos, endpos) does (for \b)."""
        start = max(0, pos - 1)
        part = s[start:endpos]
        at = pos - start if pos > 0 else 0
        if part.isascii():
            return self.lower.search(part.lower(), at) is not None
        return self.blind.search(part, at) is not None

