"""One pass over an article finds every known name, country, organisation and title.

An Aho-Corasick automaton over the folded text matches all surface forms of the
knowledge base at once, which costs the same whether it knows 500 or 50,000 forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick

from parley.extract.text import fold, tokens_only
from parley.knowledge import KnowledgeBase, load

__all__ = ["Hit", "Lexicon", "lexicon"]


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    kind: str  # person, surname, country, adjective, capital, org, role, orgrole, metonym
    value: str


# Kinds that name something and so must be written with a capital in the text.
_PROPER = frozenset({"person", "surname", "country", "adjective", "capital", "org", "metonym"})
# Kinds worth keeping when a longer match of another kind covers the same words.
_PRIORITY = {
    "orgrole": 0,
    "person": 1,
    "role": 2,
    "org": 3,
    "country": 4,
    "adjective": 5,
    "capital": 6,
    "metonym": 7,
    "surname": 8,
}


class Lexicon:
    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        table: dict[str, list[tuple[str, str]]] = {}
        for surface, kind, value in entries:
            # The knowledge base folds its own way; fold again as the text is folded, and
            # pad with spaces so that a match can only start and end on word boundaries.
            words = tokens_only(fold(surface.strip())).strip()
            if len(words) < 2:
                continue
            surface = f" {words} "
            bucket = table.setdefault(surface, [])
            if (kind, value) not in bucket:
                bucket.append((kind, value))
        self._automaton = ahocorasick.Automaton()
        for surface, values in table.items():
            self._automaton.add_word(surface, (len(surface), tuple(values)))
        self._automaton.make_automaton()

    def scan(self, text: str, folded: str) -> list[Hit]:
        """Non-overlapping hits, longest first, each on word boundaries and checked for case."""
        raw: list[Hit] = []
        padded = f" {tokens_only(folded)} "
        for end_idx, (length, values) in self._automaton.iter(padded):
            # The key's leading pad sits one place before its word; the text has no pad.
            start = end_idx - length + 1
            end = start + length - 2
            span = text[start:end]
            for kind, value in values:
                if kind in _PROPER and not _proper_case(span, kind):
                    continue
                raw.append(Hit(start, end, kind, value))
        raw.sort(key=lambda h: (h.start, -(h.end - h.start), _PRIORITY.get(h.kind, 9)))
        kept: list[Hit] = []
        last_end = -1
        for hit in raw:
            if hit.start >= last_end:
                kept.append(hit)
                last_end = hit.end
            elif kept and (hit.start, hit.end) == (kept[-1].start, kept[-1].end):
                kept.append(hit)  # same words, another reading: keep both
        return kept


def _proper_case(span: str, kind: str) -> bool:
    letters = [c for c in span if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    # Short forms such as US, UK, UN must be capitals throughout, or "us" the pronoun
    # and "un" the prefix would count; short names ("Xi", "Li") need only the capital.
    if kind in ("person", "surname"):
        return True
    return len(letters) > 3 or all(c.isupper() for c in letters)


def _entries(kb: KnowledgeBase) -> Iterable[tuple[str, str, str]]:
    # A bare surname is read as a later mention, resolved in context, not as a full name.
    forms = {(fold(f), p.name) for p in kb.people for f in p.forms}
    bare = {(fold(s), p.name) for p in kb.people for s in p.surnames} - forms
    for surface, kind, value in kb.lexicon():
        if kind == "person" and (fold(surface), value) in bare:
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
