"""Text preparation for the extractor: markup removal, folding, sentence splitting.

`fold_aligned` keeps every character at its offset so that spans found in folded text
can be cut straight out of the original, which is what the evidence field needs. It
folds letters as the knowledge base's `fold_key` does (lower case, no diacritics);
unlike it, it keeps spacing, and a letter whose fold is longer than one character
("ß" -> "ss") stays as it is. The dedup's `fold_words` is `fold_key` with words only.
"""

from __future__ import annotations

import html
import re
import unicodedata

from parley.translate import WORD_CHARS, LearningTable, lower, translate

__all__ = ["fold_aligned", "plain_text", "sentences", "sentences_at", "tokens_only"]

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


# The same mapping as pairs, for bodies outside ASCII: str.translate with a dict runs
# a Python-level lookup per character there (about 30 ns each, ten times a replace).
_PUNCT_PAIRS = tuple((chr(code), out) for code, out in _PUNCT.items())


def plain_text(body: str) -> str:
    """The body as plain text: tags removed, entities decoded, paragraphs as blank lines."""
    if "<" in body and ">" in body:
        body = _BLOCK.sub("\n\n", body)
        body = _TAG.sub(" ", body)
    if "&" in body:
        body = html.unescape(body)
    ascii_only = body.isascii()
    if not ascii_only:
        # Every replacement is ASCII and no key is, so one replace after another maps
        # each character exactly once, as translate would.
        for src, dst in _PUNCT_PAIRS:
            if src in body:
                body = body.replace(src, dst)
    # Each substitution scans the whole body; most bodies need neither. One-character
    # searches run at memchr speed, two-character ones with a common last character
    # (a space) do not, hence the line-by-line test for loose blank lines.
    if (
        "  " in body
        or "\t" in body
        or "\r" in body
        or "\f" in body
        or "\v" in body
        or (not ascii_only and ("\u2009" in body or "\u202f" in body))
    ):
        body = _SPACES.sub(" ", body)
    if "\n" in body and _loose_lines(body):
        body = _BLANKS.sub("\n\n", body)
    return body.strip()


def _loose_lines(body: str) -> bool:
    """Whether `body` holds "\\n ", "\\n\\t", " \\n" or three newlines in a row."""
    lines = body.split("\n")
    last = len(lines) - 1
    empty_before = False
    for i, line in enumerate(lines):
        if not line:
            # Two empty lines in a row with a newline on each side: "\\n\\n\\n".
            if empty_before and i < last:
                return True
            empty_before = i > 0
            continue
        empty_before = False
        if i > 0 and (line[0] == " " or line[0] == "\t"):
            return True
        if i < last and line[-1] == " ":
            return True
    return False


# Lower-case letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED = {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ħ": "h"}


def _fold_char(ch: str) -> str:
    # Looked up in lower case: "Ħamrun" folds to "hamrun", as fold_key has it.
    single = lower(ch)
    if single in _UNDECOMPOSED:
        return _UNDECOMPOSED[single]
    base = unicodedata.normalize("NFKD", ch)
    base = lower("".join(c for c in base if not unicodedata.combining(c)))
    # A character whose folded form is not exactly one character (ß, ligatures) is kept
    # as its own lower case, or itself, so that offsets never shift.
    if len(base) == 1:
        return base
    low = lower(ch)
    return low if len(low) == 1 else ch


# Folding runs in C for every character the table has seen before.
_FOLD = LearningTable(_fold_char)


def fold_aligned(text: str) -> str:
    """Lower case without diacritics, one output character per input character."""
    return translate(text, _FOLD, str.lower)


def tokens_only(folded: str) -> str:
    """`folded` with punctuation as spaces, same length: words are space-delimited."""
    return translate(folded, WORD_CHARS)


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
        "h.h",
        "h.m",
        "h.r.h",
        "hon",
        "amb",
    ]
)
# Where a sentence may end: the mark, any closing quotes or brackets, then spaces (not
# a newline: paragraphs end sentences on their own) before what opens the next one.
# The empty group is set when the word before a full stop is shorter than five
# letters, the only case in which it can be an abbreviation or an initial; the other
# full stops need no look at the word at all. Each mark has its own pattern because
# a pattern that starts with a literal is searched for at memchr speed, and a class
# such as [.!?] is not.
_TAIL = r"[\"')\]]*([^\S\n]+)(?=[\"'(\[]*[A-Z0-9])"
_FULL_STOP = re.compile(r"\.(?:(?<=\w\w\w\w\w\.)|())" + _TAIL)
_OTHER_STOPS = tuple((mark, re.compile("\\" + mark + "()" + _TAIL)) for mark in "!?")
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
    return lower(word).rstrip(".") not in _ABBREV


def _breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for every break in text[start:end], a line.

    A break's match never holds a newline, nor another mark, so a line read on its own
    has the breaks that a reading of the whole text would find in it."""
    # The spaces' span is (end of this sentence, start of the next) in one call.
    found = [
        m.span(2)
        for m in _FULL_STOP.finditer(text, start, end)
        if m.group(1) is None or _ends_sentence(text, m.start())
    ]
    merge = False
    for mark, pattern in _OTHER_STOPS:
        if text.find(mark, start, end) >= 0:
            found.extend(m.span(2) for m in pattern.finditer(text, start, end))
            merge = True
    if merge:
        # No match consumes another mark, so the patterns together find exactly the
        # breaks that one pattern over all three marks would.
        found.sort()
    return found


def _line_sentences(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Add the sentences of the non-empty line text[start:end] to `spans`."""
    at = start
    for sentence_end, next_start in _breaks(text, start, end):
        spans.append((at, sentence_end))
        at = next_start
    # A break is always followed by a letter, digit or opening mark, so only a line
    # with no break at all can be nothing but spaces.
    if at != start or not text[start:end].isspace():
        spans.append((at, end))


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of `text`; paragraphs always end a sentence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line:
            _line_sentences(text, pos, pos + len(line), spans)
        pos += len(line) + 1
    return spans


def sentences_at(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The sentences of `text` that hold one of `positions` (ascending), each once, in
    order: those of sentences(text), found by reading only the paragraphs they are in.

    Most of a news article lacks a meeting word; splitting it all into sentences cost
    a fifth of the extraction of an article that turns out to state no meeting."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(positions)
    while i < n:
        start = text.rfind("\n", 0, positions[i]) + 1
        end = text.find("\n", positions[i])
        if end < 0:
            end = len(text)
        line: list[tuple[int, int]] = []
        if start < end:
            _line_sentences(text, start, end, line)
        for s, e in line:
            while i < n and positions[i] < s:
                i += 1
            if i < n and positions[i] < e:
                spans.append((s, e))
        while i < n and positions[i] <= end:  # the rest of this paragraph's positions
            i += 1
    return spans
