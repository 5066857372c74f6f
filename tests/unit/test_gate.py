"""Every gated pattern's words are proven, from the pattern's parse, to be in every match.

The proof walks the parse tree that Python's own compiler builds (re._parser, a private
module: if an upgrade moves it this test fails rather than passing blind). A node is
covered when every string it can match contains a gate word: a run of literal characters
that holds one, any item of a sequence that is covered, a group or a repeat of at least
one whose body is covered, an alternation whose every branch is. Anything else (classes,
optional parts, back-references) is not, so the proof can only err on the side of
refusing a gate.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import re._constants as c  # type: ignore[import-not-found]
import re._parser as parser  # type: ignore[import-not-found]
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parley.extract
from parley.extract.gate import CaseBlind, Gated, WordIndex, required_words
from parley.extract.ruleset import Rule, load

# Zero-width items do not break a run of literals: in "\bby\b" the match holds "by".
_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}


def _covered_sequence(items: Any, words: tuple[str, ...]) -> bool:
    items = list(items)
    run: list[str] = []
    for at, (op, av) in enumerate(items):
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            continue
        if any(w in "".join(run) for w in words):
            return True
        if op is c.SUBPATTERN:
            # a group is read in line: "(will|would) meet" is "will meet" or "would meet"
            return _covered_sequence(
                [(c.LITERAL, ord(ch)) for ch in run] + list(av[-1]) + items[at + 1 :], words
            )
        if op is c.BRANCH:
            # The parser draws a shared first letter out of the alternatives ("w" of
            # "will|would"): each alternative is read with the letters before it and
            # the rest of the sequence after it.
            before = [(c.LITERAL, ord(ch)) for ch in run]
            if all(
                _covered_sequence(before + list(branch) + items[at + 1 :], words)
                for branch in av[1]
            ):
                return True
        elif _covered(op, av, words):
            return True
        run = []
    return any(w in "".join(run) for w in words)


def _covered(op: Any, av: Any, words: tuple[str, ...]) -> bool:
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, body = av
        return bool(low >= 1 and _covered_sequence(body, words))
    return False


def covers(pattern: re.Pattern[str], words: tuple[str, ...]) -> bool:
    """Whether every match of `pattern` holds one of `words`."""
    if pattern.flags & re.IGNORECASE:
        return False  # a substring test is case-sensitive
    return _covered_sequence(parser.parse(pattern.pattern, pattern.flags), words)


def _gated() -> list[tuple[str, Gated]]:
    found = []
    for info in pkgutil.iter_modules(parley.extract.__path__):
        module = importlib.import_module(f"parley.extract.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Gated):
                found.append((f"{info.name}.{name}", value))
            elif isinstance(value, tuple):
                found += [
                    (f"{info.name}.{name}[{i}]", v)
                    for i, v in enumerate(value)
                    if isinstance(v, Gated)
                ]
    return found


_ALL = _gated()
_RULES = load()


@pytest.mark.parametrize("rule", _RULES, ids=[r.id for r in _RULES])
def test_the_words_derived_for_a_rule_pass_the_proof(rule: Rule) -> None:
    """The engine derives each rule's gate from the parse; this proof is written apart.

    It reads words without their edges: that the engine's edged words (" call ") also
    hold is tested on generated sentences (test_extract_gates)."""
    derived = required_words(rule.pattern)
    assert derived is not None
    assert covers(re.compile(rule.pattern), tuple(derived))
    edged = required_words(rule.pattern, edges=True)
    assert edged is not None
    # an edge stands only at a word's ends: without them the words are the pattern's own
    assert covers(re.compile(rule.pattern), tuple(w.strip() for w in edged))


def test_edged_words_stand_where_the_pattern_demands_no_letter() -> None:
    """A word boundary after a letter and a whitespace class become a space in the word."""
    assert required_words(r"\bcall\s+with\b", edges=True) == {" call "}
    assert required_words(r"\bcalls?\b", edges=True) == {" call"}
    assert required_words(r"call(?:ed|s)\s+on", edges=True) == {"called ", "calls "}
    assert required_words(r"\bsat down\b", edges=True) == {" sat down "}
    # a boundary before a non-letter says a letter stands before it: no edge
    assert required_words(r"x\b'll", edges=True) == {"x'll"}
    assert required_words(r"\b'll\b", edges=True) == {"'ll "}


def test_derived_words_are_those_every_match_must_hold() -> None:
    """Alternatives, shared first letters, groups and repeats are read as the proof reads them."""
    assert required_words(r"\b(?:met|meets|meet|meeting)\s+(?:with\s+)?\b") == {"met", "meet"}
    assert required_words(r"\b(?:will|would)\s+meet") == {"meet"}
    assert required_words(r"\b(?:will|would)\s+meet", common=("meet",)) == {"will", "would"}
    assert required_words(r"(?:tele)?phone") == {"phone"}
    assert required_words(r"(?:to\s+)+visit|(?:to\s+)+call") == {"visit", "call"}
    assert required_words(r"b[yz]") == {"b"}
    assert required_words(r"[a-z]+") is None
    assert required_words(r"(?:met\s+)?\w+") is None


def test_the_extractor_has_gated_patterns() -> None:
    assert len(_ALL) >= 3


@pytest.mark.parametrize(("name", "gated"), _ALL, ids=[n for n, _ in _ALL])
def test_every_match_holds_a_gate_word(name: str, gated: Gated) -> None:
    assert covers(gated.pattern, gated.words), name


def test_the_proof_refuses_what_a_match_can_lack() -> None:
    assert covers(re.compile(r"\b(?:led|headed)\s+by\b|\balong with\b"), ("by", "along"))
    assert covers(re.compile(r"\bmeet(?:s|ing)?\b"), ("meet",))
    assert covers(re.compile(r"(?:to\s+)+visit"), ("to",))
    # an alternative without the word, an optional word, a word split by a class
    assert not covers(re.compile(r"\b(?:led|headed)\s+by\b|\bwith\b"), ("by",))
    assert not covers(re.compile(r"(?:met\s+)?by"), ("met",))
    assert not covers(re.compile(r"b[yz]"), ("by",))
    assert not covers(re.compile(r"(?:to\s+)*visit"), ("to",))
    assert not covers(re.compile(r"by", re.I), ("by",))
    # a shared first letter drawn out of the alternatives, a group read in line
    assert covers(re.compile(r"\b(?:will|would)\s+meet"), ("will", "would"))
    assert covers(re.compile(r"(will|would) meet"), ("ll meet", "ld meet"))
    assert not covers(re.compile(r"\b(?:will|would|shall)\s+meet"), ("will", "would"))


def test_an_anchored_pattern_gets_no_gate() -> None:
    """Tried at the start alone, it is cheaper than the gate would be."""
    for anchored in (r"^the\s+talks\b", r"\Athe\s+talks\b"):
        with pytest.raises(ValueError, match="anchored"):
            Gated(anchored, "talks")


def test_a_gate_answers_as_the_pattern_does() -> None:
    gated = Gated(r"\b(?:led|headed)\s+by\b", "by")
    assert gated.search("a delegation led by the minister") is not None
    assert gated.search("a delegation of ministers") is None
    assert gated.search("led by", 1) is None  # positions are the pattern's
    assert gated.search("was led by him", 4, 10) is not None
    assert gated.search("was led by him", 0, 7) is None  # 'by' is outside the window
    with pytest.raises(ValueError, match="at least one word"):
        Gated(r"x")


_INDEXED = ("meet", "meeting", "if", "no", "n't", "led by", "by")


@pytest.mark.parametrize("rare", [False, True], ids=["overlapping", "rare"])
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_INDEXED, "met", "y", "ing", " ", "n", "'t", "é"]), max_size=12))
def test_a_word_index_finds_each_word_a_substring_test_finds(rare: bool, parts: list[str]) -> None:
    text = "".join(parts)
    index = WordIndex(_INDEXED, rare=rare)
    assert index.found(text) == {w for w in _INDEXED if w in text}
    # a gate told the words found answers as the pattern does
    gated = Gated(r"\b(?:led|headed)\s+by\b", "by")
    assert (gated.search(text, found=index.found(text)) is None) == (
        gated.pattern.search(text) is None
    )


def _case_blind() -> list[tuple[str, CaseBlind]]:
    found = []
    for info in pkgutil.iter_modules(parley.extract.__path__):
        module = importlib.import_module(f"parley.extract.{info.name}")
        found += [
            (f"{info.name}.{name}", v)
            for name, v in vars(module).items()
            if isinstance(v, CaseBlind)
        ]
    return found


_BLIND = _case_blind()
_BLIND_WORDS = [
    *("Former", "EX", "late", "in", "To", "visiting", "tour of", "war in", "the"),
    *("aide", "to", "President", "rather than", "Not", "son", "Kelvin", "K", "ſ", "é"),
    *(" ", "  ", "-", ",", "\n"),
]


def test_the_extractor_has_case_blind_patterns() -> None:
    assert len(_BLIND) >= 3


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(_BLIND_WORDS), max_size=10).map(" ".join),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=60),
)
def test_case_blind_patterns_find_what_re_ignorecase_finds(text: str, pos: int, end: int) -> None:
    pos = min(pos, len(text))
    end = max(pos, min(end, len(text)))
    for name, blind in _BLIND:
        assert blind.found(text, pos, end) == (blind.blind.search(text, pos, end) is not None), name
        assert blind.found(text) == (blind.blind.search(text) is not None), name


def test_a_case_blind_pattern_must_be_written_in_lower_case() -> None:
    assert CaseBlind(r"\bformer\s+$").found("the FORMER ")
    assert not CaseBlind(r"\bformer\s+$").found("the formerly ")
    assert CaseBlind(r"\bex\b").found("Mr ex", 3) is True  # the pattern sees the space before
    assert CaseBlind(r"\bex\b").found("next", 1) is False  # and the letter before
    for upper in (r"[A-Z]+", r"\bFormer\b"):
        with pytest.raises(ValueError, match="lower case"):
            CaseBlind(upper)
    # escapes and group syntax are no letters of the text
    assert CaseBlind(r"(?P<mon>jan)\S*").found("JANUARY")
