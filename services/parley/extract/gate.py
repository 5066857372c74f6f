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
import re._constants as _sre  # type: ignore[import-not-found]
import re._parser as _sre_parser  # type: ignore[import-not-found]
import sys
from collections.abc import Iterable, Iterator, Set
from typing import Any

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

from parley.translate import WORD_CHARS, lower, translate

# The gate words are read from a pattern's parse by Python's own compiler's parser, a
# private module: if an upgrade moves it, importing the core fails loudly rather than
# gating blind.

__all__ = ["CaseBlind", "Gated", "WordIndex", "covers", "required_words", "tighter"]


# Up to this many words, substring tests one by one; beyond, one Aho-Corasick pass.
# For a 130-character sentence holding none of them: 42 words one by one 4.0 us, the
# automaton 0.7 us whatever their number; two words one by one about 0.15 us.
_FEW = 4


class Gated:
    """A compiled pattern behind a substring test: `search` runs the pattern only when
    the string holds one of `words`, and otherwise answers None, as the pattern would."""

    __slots__ = ("_automaton", "_wordset", "pattern", "words")

    def __init__(self, pattern: str, *words: str) -> None:
        if not words:
            raise ValueError("a gate needs at least one word")
        if pattern.startswith(("^", "\\A")):
            # The engine tries an anchored pattern at the start alone, faster than any
            # gate can read the string (0.2 against 1.1 us for a sentence).
            raise ValueError(f"an anchored pattern needs no gate: {pattern[:40]!r}")
        self.pattern = re.compile(pattern)
        self.words = words
        self._wordset = frozenset(words)
        self._automaton = (
            AhoCorasick(list(words), implementation=Implementation.DFA)
            if len(words) > _FEW
            else None
        )

    def search(
        self,
        s: str,
        pos: int = 0,
        endpos: int = sys.maxsize,
        found: Set[str] | None = None,
    ) -> re.Match[str] | None:
        """`found`, when given, holds every gate word that occurs in `s` (a WordIndex
        built with this gate's words answers that): the gate is then a set test."""
        if found is not None:
            return None if self._wordset.isdisjoint(found) else self.pattern.search(s, pos, endpos)
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


class WordIndex:
    """Which of a set of words a string holds, found in one automaton pass.

    A trigger sentence is asked about by a dozen gates, and each substring test or gate
    automaton reads it again; the index reads it once (about 1.2 us for a 170-character
    sentence and 150 words) and each gate is then answered by a set test. Its short
    words often sit inside each other ("meet" in "meeting"), so the search reports
    every occurrence, overlapping ones too.

    `rare=True` is for long texts that mostly lack the words (a whole article and a
    dozen words): a leftmost-first search over the UTF-8 bytes skips ahead with a
    prefilter, about seven times cheaper, but reports no word inside or across one it
    has reported, so the words that can share characters with a reported one are
    looked for again on their own ("aidenvoy" hides "envoy")."""

    __slots__ = ("_automaton", "_hidden", "_ordered", "_rare_automaton", "words")

    def __init__(self, words: Iterable[str], *, rare: bool = False) -> None:
        self.words = frozenset(words)
        self._ordered = sorted(self.words)
        self._automaton: AhoCorasick | None = None
        self._rare_automaton: BytesAhoCorasick | None = None
        self._hidden: dict[str, tuple[str, ...]] = {}
        if rare:
            self._rare_automaton = BytesAhoCorasick(
                [w.encode() for w in self._ordered], matchkind=MatchKind.LeftmostFirst
            )
            self._hidden = {
                w: tuple(v for v in self._ordered if v != w and _overlapping(w, v))
                for w in self._ordered
            }
        else:
            self._automaton = AhoCorasick(self._ordered, implementation=Implementation.DFA)

    def found(self, s: str) -> frozenset[str]:
        """The words that occur in `s`, those inside others included ("meet" in "meeting")."""
        if self._automaton is not None:
            return frozenset(self._automaton.find_matches_as_strings(s, overlapping=True))
        assert self._rare_automaton is not None
        # UTF-8 writes a word only with the word's own bytes, so byte and text
        # searches find the same words.
        reported = self._rare_automaton.find_matches_as_indexes(s.encode("utf-8", "surrogatepass"))
        present = {self._ordered[k] for k, _, _ in reported}
        for word in list(present):
            present.update(v for v in self._hidden[word] if v not in present and v in s)
        return frozenset(present)


def _overlapping(a: str, b: str) -> bool:
    """Whether an occurrence of `a` and one of `b` can share characters."""
    shortest = min(len(a), len(b))
    return (
        a in b or b in a or any(a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, shortest))
    )


_SYNTAX = re.compile(r"\\.|\(\?P[<=]")


class CaseBlind:
    """A case-insensitive pattern, written in lower case, that reads lower-cased text
    with a case-sensitive copy of itself.

    `found` lower-cases ASCII text itself. The methods that give matches take the
    caller's lower-cased text, `low`, which must have the text's length (so offsets
    agree) and hold none of the characters re.I reads as an ASCII letter though their
    lower case is not that letter (dates.CASE_TRAPS); with `low` None they read the
    text itself with re.I."""

    __slots__ = ("blind", "lower")

    def __init__(self, pattern: str) -> None:
        # An upper-case letter would be a literal, or a class bound, that lower-cased
        # text never holds; escapes (\S) and group syntax (?P<name>) are not letters
        # of the text.
        if any(c.isupper() for c in _SYNTAX.sub("", pattern)):
            raise ValueError(f"write a case-blind pattern in lower case: {pattern!r}")
        self.blind = re.compile(pattern, re.IGNORECASE)
        self.lower = re.compile(pattern)

    def found(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether the pattern matches in s[pos:endpos], reading the character before pos
        as re.search(s, pos, endpos) does for a word boundary."""
        start = max(0, pos - 1)
        part = s[start:endpos]
        at = pos - start if pos > 0 else 0
        if part.isascii():
            return self.lower.search(lower(part), at) is not None
        return self.blind.search(part, at) is not None

    def finditer(self, s: str, low: str | None) -> Iterator[re.Match[str]]:
        return self.lower.finditer(low) if low is not None else self.blind.finditer(s)

    def search(
        self, s: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if low is not None:
            return self.lower.search(low, pos, endpos)
        return self.blind.search(s, pos, endpos)


# Zero-width items do not break a run of literals: in "\bby\b" every match holds "by".
_ZERO_WIDTH = frozenset({_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT})
_REPEATS = frozenset({_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT})


def _parse(pattern: str) -> list[Any]:
    compiled = re.compile(pattern)
    if compiled.flags & ~re.UNICODE:
        raise ValueError(
            f"a gated pattern takes no flags (a substring test sees case): {pattern!r}"
        )
    return list(_sre_parser.parse(pattern, compiled.flags))


def _literals(run: str) -> list[Any]:
    return [(_sre.LITERAL, ord(ch)) for ch in run]


def tighter(words: Iterable[str]) -> frozenset[str]:
    """`words` without those holding another of them: a match holding "meeting" holds "meet"."""
    given = frozenset(words)
    return frozenset(w for w in given if not any(v != w and v in w for v in given))


# Words in most sentences: a gate of them opens for nearly every sentence it is asked
# about. Looked up whole (a word's edges stripped).
_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with", "between", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "held", "hold", "said", "says", "also", "after", "before", "his", "her", "their", "its", "this", "that"]
)


def _rank(words: frozenset[str], common: frozenset[str]) -> tuple[bool, bool, int, int]:
    # Function words are in most sentences, the `common` words in most of those read;
    # short words are common in text, and fewer words are cheaper to look for. An edge
    # (a space at an end) is no letter: " to " is as common as "to".
    bare = [w.strip() for w in words]
    function = any(w in _FUNCTION_WORDS for w in bare)
    near = any(w in c or c in w for w in bare for c in common)
    return (not function, not near, min(len(w) for w in bare), -len(words))


# In a word read with its edges, this marks "a character that is no letter or digit"
# (or the end of the text) where the pattern demands one: a word boundary after a
# letter, a whitespace class. Gate words with edges are looked for in the text with
# every such character as a space (RuleBook.words_in), padded with a space at each end.
EDGE = "\x00"


def _is_space_class(op: Any, av: Any) -> bool:
    """Whether the item matches one whitespace character or more (\\s, \\s+)."""
    if op is _sre.IN:
        return bool(av == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)])
    if op in _REPEATS and av[0] >= 1 and len(av[2]) == 1:
        return _is_space_class(*av[2][0])
    return False


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _extend(run: str, ch: str) -> str:
    """`run` with the literal `ch` after it; an edge before it is `ch` itself, or (before
    a letter, which no match can hold) nothing to keep."""
    if run.endswith(EDGE):
        run = run[:-1]
    return run + ch


class _Walk:
    """One reading of a pattern's parse, shared by the derivation of gate words
    (_Derive) and the proof of given ones (_Prove): literal runs with their edges,
    zero-width items skipped, groups read in line, and, at each item that ends a run,
    what the outcome makes of it. With `edges`, a run keeps EDGE where the pattern
    demands a character that is no letter or digit next to it."""

    def __init__(self, edges: bool) -> None:
        self.edges = edges
        self.done = False  # the outcome is known: read no further

    def run_ends(self, run: str) -> None:
        """A literal run ends: before a space, an item no literal, or the sequence's end."""

    def item_starts(self, run: str) -> bool:
        """An item that is no literal starts after `run`: whether the outcome is known."""
        return False

    def branch(self, run: str, alternatives: list[Any], rest: list[Any]) -> bool:
        """Alternatives after `run`, followed by `rest`: whether they account for `run`."""
        return False

    def repeat(self, body: list[Any]) -> None:
        """A repeat of at least one `body`."""

    def walk(self, items: list[Any]) -> None:
        run = ""
        at = 0
        while at < len(items) and not self.done:
            op, av = items[at]
            if op is _sre.LITERAL:
                ch = chr(av)
                if ch == EDGE:
                    run += EDGE  # carried into a branch from the run before it
                elif run == EDGE and _is_word_char(ch):
                    run = EDGE + ch
                else:
                    run = _extend(run, ch)
                at += 1
                continue
            if self.edges and op is _sre.AT and av is _sre.AT_BOUNDARY:
                if run and _is_word_char(run[-1]):
                    run += EDGE  # "\\bcall\\b": no letter after "call"
                elif not run:
                    run = EDGE  # "\\bcall": none before it (the text is padded)
                at += 1
                continue
            if op in _ZERO_WIDTH:
                at += 1
                continue
            if self.item_starts(run):
                return
            if op is _sre.SUBPATTERN:
                # a group is read in line: "(?:held|had) talks" reads "held talks" or "had talks"
                items = items[:at] + list(av[-1]) + items[at + 1 :]
                continue
            if self.edges and _is_space_class(op, av):
                self.run_ends(run + EDGE)
                run = EDGE  # the next run starts after a space
                at += 1
                continue
            spent = False
            if op is _sre.BRANCH:
                spent = self.branch(run, av[1], items[at + 1 :])
            elif op in _REPEATS and av[0] >= 1:
                self.repeat(list(av[2]))
            if not spent and not self.done:
                self.run_ends(run)
            run = ""
            at += 1
        if not self.done:
            self.run_ends(run)


class _Derive(_Walk):
    """Words of which every match of a sequence holds one: the best of what its literal
    runs, branches (each read after the letters before it: the parser draws a shared
    first letter out of "will|would") and repeats of at least one give."""

    def __init__(self, common: frozenset[str], edges: bool) -> None:
        super().__init__(edges)
        self.common = common
        self.choices: list[frozenset[str]] = []

    def words(self) -> frozenset[str] | None:
        return max(self.choices, key=lambda c: _rank(c, self.common)) if self.choices else None

    def run_ends(self, run: str) -> None:
        if run.strip(EDGE):
            self.choices.append(frozenset({_edged(run)}))

    def branch(self, run: str, alternatives: list[Any], rest: list[Any]) -> bool:
        # what stands right after the alternatives says where their words end
        after = rest[:1] if self.edges else []
        if after and not (after[0][0] is _sre.AT or _is_space_class(*after[0])):
            after = []
        branches = [
            _sequence_words(_literals(run) + list(b) + after, self.common, self.edges)
            for b in alternatives
        ]
        if all(b is not None for b in branches):
            self.choices.append(tighter(frozenset().union(*(b for b in branches if b))))
            return True  # each branch's words hold the run before them
        return False

    def repeat(self, body: list[Any]) -> None:
        words = _sequence_words(body, self.common, self.edges)
        if words is not None:
            self.choices.append(words)


class _Prove(_Walk):
    """Whether every match of a sequence holds one of `words`: a run holding one, every
    branch (read with the rest of its sequence) covered, or a repeat's body covered."""

    def __init__(self, words: frozenset[str], edges: bool) -> None:
        super().__init__(edges)
        self.words = words

    def run_ends(self, run: str) -> None:
        self.done = _holds_one(run, self.words, self.edges)

    def item_starts(self, run: str) -> bool:
        self.done = _holds_one(run, self.words, self.edges)
        return self.done

    def branch(self, run: str, alternatives: list[Any], rest: list[Any]) -> bool:
        self.done = all(
            _covered_sequence(_literals(run) + list(b) + rest, self.words, self.edges)
            for b in alternatives
        )
        return False

    def repeat(self, body: list[Any]) -> None:
        self.done = _covered_sequence(body, self.words, self.edges)


def _sequence_words(items: list[Any], common: frozenset[str], edges: bool) -> frozenset[str] | None:
    derive = _Derive(common, edges)
    derive.walk(items)
    return derive.words()


def _holds_one(run: str, words: frozenset[str], edges: bool) -> bool:
    if edges:
        # as the text is read for edged words: every non-letter a space
        run = translate(_edged(run), WORD_CHARS)
    return any(w in run for w in words)


def _covered_sequence(items: list[Any], words: frozenset[str], edges: bool) -> bool:
    prove = _Prove(words, edges)
    prove.walk(items)
    return prove.done


def _edged(run: str) -> str:
    # an edge is a space in the text the words are looked for in
    return run.replace(EDGE + EDGE, EDGE).replace(EDGE, " ")


def required_words(
    pattern: str, common: Iterable[str] = (), *, edges: bool = False
) -> frozenset[str] | None:
    """Words of which every match of `pattern` holds one, told from its parse; None when
    the parse shows none (a class or an optional part can make up any match). Where the
    pattern offers a choice, words apart from `common` ones are taken first. With
    `edges`, a space in a word stands for any character that is no letter or digit (or
    either end of the text), as the pattern demands ("\\bcall\\b" gives " call "): such
    words are looked for in the text with every such character made a space."""
    return _sequence_words(_parse(pattern), frozenset(common), edges)


def covers(pattern: str, words: Iterable[str], *, edges: bool = False) -> bool:
    """Whether every match of `pattern` holds one of `words`: the proof a hand-given
    gate must pass (each branch read with the rest of its sequence, so "(will|would)
    meet" is covered by "ll meet"). With `edges`, words are read as required_words
    gives them: in the text with every non-letter a space and a space at each end, so
    " call " is "call" with no letter either side."""
    chosen = frozenset(translate(w, WORD_CHARS) for w in words) if edges else frozenset(words)
    return _covered_sequence(_parse(pattern), chosen, edges)
