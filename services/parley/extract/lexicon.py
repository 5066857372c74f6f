"""One pass over an article finds every known name, country, organisation and title.

An Aho-Corasick automaton over the folded text matches all surface forms of the
knowledge base at once, which costs the same whether it knows 500 or 50,000 forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from ahocorasick_rs import BytesAhoCorasick, Implementation

from parley.extract.text import fold_aligned, tokens_only
from parley.knowledge import KnowledgeBase, load

__all__ = ["Hit", "Lexicon", "lexicon"]


class Hit(NamedTuple):
    """A known form found in the text. A named tuple rather than a frozen dataclass:
    an article makes dozens, and a frozen dataclass sets each field through
    object.__setattr__, which made building them a third of the scan's Python time."""

    start: int
    end: int
    kind: str  # person, surname, country, adjective, capital, city, org, role, orgrole, metonym
    value: str


# Kinds that name something and so must be written with a capital in the text.
_PROPER = frozenset(
    {"person", "surname", "country", "adjective", "capital", "city", "org", "metonym"}
)
# Kinds worth keeping when a longer match of another kind covers the same words.
_PRIORITY = {
    "orgrole": 0,
    "person": 1,
    "role": 2,
    "org": 3,
    "country": 4,
    "adjective": 5,
    "capital": 6,
    "city": 7,
    "metonym": 8,
    "surname": 9,
}


class Lexicon:
    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        table: dict[str, list[tuple[str, str]]] = {}
        for surface, kind, value in entries:
            # The knowledge base folds its own way; fold again as the text is folded, and
            # pad with spaces so that a match can only start and end on word boundaries.
            words = tokens_only(fold_aligned(surface.strip())).strip()
            if len(words) < 2:
                continue
            surface = f" {words} "
            bucket = table.setdefault(surface, [])
            if (kind, value) not in bucket:
                bucket.append((kind, value))
        patterns = list(table)
        # Per pattern: its readings, each with what scan needs to sort and check it.
        self._readings = [
            tuple((kind, value, _PRIORITY.get(kind, 10), kind in _PROPER) for kind, value in values)
            for values in table.values()
        ]
        # The contiguous NFA measured fastest for these ~5,000 padded keys in overlapping
        # search (25 us for a 4,700-character article, against 36 for the default); the
        # DFA takes 12 MB more. Over bytes, not str: for a str the library first maps
        # every byte offset of the text to a character offset, a quarter of the search's
        # cost, where on ASCII text, nearly all of it, the two are the same.
        self._automaton = BytesAhoCorasick(
            [p.encode() for p in patterns], implementation=Implementation.ContiguousNFA
        )

    def scan(self, text: str, folded: str) -> list[Hit]:
        """Non-overlapping hits, longest first, each on word boundaries and checked for case."""
        # (start, -length, priority, order found, kind, value): sorting these tuples is
        # the stable sort by start, longest first, then kind; Hit objects are made only
        # for the hits that are kept.
        raw: list[tuple[int, int, int, int, str, str]] = []
        for pattern, start, pad_end in self._keys(folded):
            # The key's leading pad sits one place before its word; the text has no pad.
            end = pad_end - 2
            span = text[start:end]
            # Most spans are a capitalised word of letters, which every kind accepts
            # when it has more than three (_proper_case); only the rest need the test.
            plain = span.isalpha() and span[0].isupper() and len(span) > 3
            for kind, value, priority, proper in self._readings[pattern]:
                if proper and not plain and not _proper_case(span, kind):
                    continue
                raw.append((start, start - end, priority, len(raw), kind, value))
        raw.sort()
        kept: list[Hit] = []
        last_start = last_end = -1
        for start, neg_length, _, _, kind, value in raw:
            end = start - neg_length
            if start >= last_end:
                kept.append(Hit(start, end, kind, value))
                last_start, last_end = start, end
            elif start == last_start and end == last_end:
                kept.append(Hit(start, end, kind, value))  # same words, another reading
        return kept

    def _keys(self, folded: str) -> list[tuple[int, int, int]]:
        """(key, start, end) of every key in ` {tokens_only(folded)} `, overlapping ones
        too, in characters."""
        if folded.isascii():
            # A byte table does what tokens_only does, at a few instructions a character
            # against a dozen for str.translate.
            padded = b" " + folded.encode().translate(_ASCII_WORDS) + b" "
        else:
            padded = f" {tokens_only(folded)} ".encode()
        # Overlapping: a padded key shares its closing space with the next key's opening
        # one, and shorter names sit inside longer ones.
        found = self._automaton.find_matches_as_indexes(padded, overlapping=True)
        if len(padded) == len(folded) + 2:
            return found  # one byte a character: offsets in bytes are in characters
        # Keys begin and end with a space, so every offset falls between two characters
        # of the UTF-8 text and its prefix decodes; few texts reach here, with few keys.
        return [(p, len(padded[:s].decode()), len(padded[:e].decode())) for p, s, e in found]


# tokens_only for ASCII, one byte for one character; bytes outside ASCII never occur.
_ASCII_WORDS = bytes(ord(tokens_only(chr(b))) if b < 128 else b for b in range(256))


def _proper_case(span: str, kind: str) -> bool:
    # Most spans are one word of letters: the span is then its own list of letters.
    letters = span if span.isalpha() else [c for c in span if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    # Short forms such as US, UK, UN must be capitals throughout, or "us" the pronoun
    # and "un" the prefix would count; short names ("Xi", "Li") need only the capital.
    if kind in ("person", "surname"):
        return True
    return len(letters) > 3 or all(c.isupper() for c in letters)


def _entries(kb: KnowledgeBase) -> Iterable[tuple[str, str, str]]:
    # A bare surname is read as a later mention, resolved in context, not as a full name.
    forms = {(fold_aligned(f), p.name) for p in kb.people for f in p.forms}
    bare = {(fold_aligned(s), p.name) for p in kb.people for s in p.surnames} - forms
    for surface, kind, value in kb.lexicon():
        if kind == "person" and (fold_aligned(surface), value) in bare:
            continue
        yield surface, kind, value
    for org in kb.orgs.values():
        for title in org.officer_titles:
            yield title, "orgrole", f"{org.acronym}|{title}"
    for person in kb.people:
        for surname in person.surnames:
            yield surname, "surname", person.name


@cache
def lexicon() -> Lexicon:
    """The lexicon of the shipped knowledge base, built once per process."""
    return Lexicon(_entries(load()))
