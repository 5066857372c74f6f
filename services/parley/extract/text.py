"""Text preparation for the extractor: markup removal, folding, sentence splitting.

`fold` keeps every character at its offset so that spans found in folded text can
be cut straight out of the original, which is what the evidence field needs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

__all__ = ["fold", "plain_text", "sentences", "tokens_only"]

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]+>", re.S | re.I)
_BLOCK = re.compile(r"</?(p|br|div|li|h[1-6]|tr|blockquote|section|article)\b[^>]*>", re.I)
# Only runs and unusual spaces: replacing every single space costs a match per word.
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2009\u202f]{2,}|[\t\r\f\v\u00a0\u2009\u202f]")
_BLANKS = re.compile(r"\n\s*\n+")

_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def plain_text(body: str) -> str:
    """The body as plain text: tags removed, entities decoded, paragraphs as blank lines."""
    if "<" in body and ">" in body:
        body = _BLOCK.sub("\n\n", body)
        body = _TAG.sub(" ", body)
    if "&" in body:
        body = html.unescape(body)
    body = body.translate(_PUNCT)
    # Each substitution scans the whole body; most bodies need neither.
    if "  " in body or any(c in body for c in "\t\r\f\v\u2009\u202f"):
        body = _SPACES.sub(" ", body)
    if "\n " in body or "\n\n\n" in body or "\n\t" in body or " \n" in body:
        body = _BLANKS.sub("\n\n", body)
    return body.strip()


# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED = {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i", "ħ": "h"}


@cache
def _fold_char(ch: str) -> str:
    if ch in _UNDECOMPOSED:
        return _UNDECOMPOSED[ch]
    base = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in base if not unicodedata.combining(c)).lower()
    # A character whose folded form is not exactly one character (ß, ligatures) is kept
    # as its own lower case, or itself, so that offsets never shift.
    if len(base) == 1:
        return base
    low = ch.lower()
    return low if len(low) == 1 else ch


class _FoldTable(dict[int, str]):
    """A str.translate table that learns each new character once, so that folding
    runs in C for every character it has seen before."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, one output character per input character."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


class _TokenTable(dict[int, str]):
    """Maps every character that is not a letter or digit to a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch if ch.isalnum() else " "
        self[code] = out
        return out


_TOKENS = _TokenTable()


def tokens_only(folded: str) -> str:
    """`folded` with punctuation as spaces, same length: words are space-delimited."""
    return folded.translate(_TOKENS)


# A full stop ends a sentence unless it closes a known abbreviation or an initial.
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "sen",
        "rep",
        "gov",
        "rev",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "d.c",
        "h.e",
        "hon",
    ]
)
_SPLIT = re.compile(r"([.!?])([\"')\]]*)\s+(?=[\"'(\[]*[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)$")


def _ends_sentence(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return True
    m = _LAST_WORD.search(text, max(0, dot - 12), dot)
    if not m:
        return True
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "S. Jaishankar"
    return word.lower().rstrip(".") not in _ABBREV


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `text`; paragraphs always end a sentence."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start, p_end = para.span()
        for m in _SPLIT.finditer(text, start, p_end):
            if not _ends_sentence(text, m.start(1)):
                continue
            spans.append((start, m.end(2)))
            start = m.end()
        if start < p_end:
            spans.append((start, p_end))
    return [(s, e) for s, e in spans if text[s:e].strip()]
