"""str.translate at C speed for news text: tables that learn, applied run by run.

str.translate only has a fast path for ASCII strings; for any other string it looks
each character up from Python's side, about 30 ns a character, and a table worked out
in Python per character (Unicode decomposition, say) costs far more. News in English
is a few accented names among thousands of ASCII characters, so `translate` halves
such text until each piece is ASCII, which goes through the fast path, or short. A
slice knows whether it is ASCII once made, so this costs a few copies of the text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

__all__ = ["TABLE_LIMIT", "WORD_CHARS", "LearningTable", "lower", "mostly_ascii", "translate"]

# A worker reads text in any script for months; a table that learnt every character it
# met could grow to the whole of Unicode. Past this many, characters are worked out on
# each use instead of remembered: slower for exotic text, never more memory.
TABLE_LIMIT = 8192

# str.lower called as an object. mypyc (setup.py) compiles `s.lower()` to a routine of
# its own that lowers a final capital sigma as a medial one ("ΟΔΟΣ" gives "οδοσ" where
# Python gives "οδος"); the compiled modules lower case through `lower`, so that they
# and their sources give the same answers.
_STR_LOWER: Callable[[str], str] = str.lower


def lower(text: str) -> str:
    """`text.lower()`, the same whether the calling module is compiled or not."""
    return _STR_LOWER(text)


# Below this length a piece outside ASCII is translated whole rather than halved again.
_PIECE = 32


class LearningTable(dict[int, str]):
    """A str.translate table that works each new character out once, with `convert`."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, code: int) -> str:
        out = self._convert(chr(code))
        if len(self) < TABLE_LIMIT:
            self[code] = out
        return out


def _word_char(ch: str) -> str:
    # What a regular expression's [\W_] leaves: letters and digits of any script.
    return ch if ch.isalnum() else " "


#: Letters and digits kept, every other character (underscore too) a space.
WORD_CHARS = LearningTable(_word_char)


def mostly_ascii(text: str) -> bool:
    """Whether fewer than one character in 16 lies outside ASCII.

    UTF-8 spends one extra byte or more on each such character; where they are more,
    runs are short and run-by-run costs more than it saves.
    """
    return (len(text.encode("utf-8", "surrogatepass")) - len(text)) * 16 < len(text)


def translate(
    text: str, table: Mapping[int, str], ascii_part: Callable[[str], str] | None = None
) -> str:
    """`text.translate(table)`; `ascii_part(piece)`, when given, must equal that on ASCII.

    `ascii_part` may be cheaper than the table (str.lower for a case fold). A table
    translates each character on its own, never by its neighbours, so the pieces'
    translations joined are the whole text's.
    """
    if text.isascii():
        return text.translate(table) if ascii_part is None else ascii_part(text)
    if mostly_ascii(text):
        return _by_runs(text, table, ascii_part)
    return text.translate(table)


def _by_runs(
    text: str, table: Mapping[int, str], ascii_part: Callable[[str], str] | None
) -> str:
    if text.isascii():
        return text.translate(table) if ascii_part is None else ascii_part(text)
    if len(text) <= _PIECE:
        return text.translate(table)
    half = len(text) // 2
    return _by_runs(text[:half], table, ascii_part) + _by_runs(text[half:], table, ascii_part)
