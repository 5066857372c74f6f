"""Rules as data: the phrasings of extract/rules/*.toml, compiled for the engine.

A rule is one table in a rules file: an `id`, a `pattern` (a regular expression over
folded text: lower case, no diacritics), what it sets (a trigger's `kind` and `mode`;
a status rule's role is its table's name), the `examples` it must match and the
`counterexamples` it must not. tests/unit/extract/test_rules.py runs every example.

The engine does the speed work. Rules that set the same thing form a family, searched
as one alternation in file order (so a family answers as one hand-written pattern
would: its leftmost match, the first rule at that place); each family stands behind
the words every match of one of its rules must hold, read from each pattern's parse
when the rules load (gate.required_words). A rule may name its own `gate` words, more
selective than the derived ones; they are proven from the parse too (gate.covers), and
the rules refuse to load if the proof fails. So no word list kept by hand can hide a
rule.

Most patterns read folded text; a rule with `reads = "written"` reads the sentence as
written (calls.toml: capitals tell names). The words round a title (titles.toml:
`former`, `lesser`) are lists of words, which people.py tests against the words right
before a title. A [define] piece may be used by its own file and the files after it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.extract.gate import WordIndex, covers, required_words
from parley.extract.text import fold_aligned, tokens_only

__all__ = [
    "CALL_ROLES",
    "RULES_DIR",
    "TITLE_ROLES",
    "Family",
    "Rule",
    "RuleBook",
    "families",
    "load",
    "read_rules",
    "shared_pieces",
    "text_for",
    "word_list",
]

RULES_DIR = Path(__file__).resolve().parent / "rules"
# The files of the core's rules, in the order their families rank.
_FILES = (
    "triggers.toml",
    "status.toml",
    "wrong-sorts.toml",
    "attendance.toml",
    "calls.toml",
    "titles.toml",
)
# The roles of attendance.toml: sentences telling who was at a meeting read already.
ATTENDANCE_ROLES = ("attending", "likewise", "led-by", "delegation-included", "leaders-including")
# The roles of calls.toml: calls told with a verb and a name ("Modi called Putin").
CALL_ROLES = ("called", "spoke-with", "in-person", "purpose")
# The roles of titles.toml: words round a title; `former` and `lesser` are word lists.
TITLE_ROLES = ("former", "lesser", "elect")
_WORD_ROLES = frozenset({"former", "lesser"})
_WORDS_ONLY = re.compile(r"[A-Za-z][A-Za-z -]*(?:\|[A-Za-z][A-Za-z -]*)*")
_READS = frozenset({"folded", "written"})
# A pattern may name a shared piece as {name}, defined in its file's [define] table; a
# repeat count ({0,3}) is digits, so it never reads as a name.
_PIECE = re.compile(r"\{([a-z_]+)\}")
_MEETING_WORDS = frozenset(
    {"meet", "met", "talk", "visit", "call", "summit", "host", "receiv", "welcom", "phone"}
)
# How many sets of a family's rules get an alternation of their own, at most (a few
# dozen occur; the bound keeps memory fixed whatever the text).
_OPEN_SETS = 256
_KEYS = frozenset(
    {"id", "pattern", "examples", "counterexamples", "kind", "mode", "gate", "weak", "note", "reads"}
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One phrasing: its pattern, what it sets, and the sentences that prove it."""

    id: str
    role: str
    pattern: str
    kind: str
    mode: str
    words: frozenset[str]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    weak: bool
    source: str
    reads: str = "folded"  # or "written": the sentence as written, capitals and all


def text_for(rule: Rule, sentence: str) -> str:
    """`sentence` as `rule` reads it: as written, or folded."""
    return sentence if rule.reads == "written" else fold_aligned(sentence)


def word_list(rules: tuple[Rule, ...] | list[Rule], role: str) -> tuple[str, ...]:
    """The words of the rules of a word-list role (titles.toml: `former`, `lesser`), in
    file order."""
    return tuple(w for r in rules if r.role == role for w in r.pattern.split("|"))


def gate_text(s: str) -> str:
    """`s` as gate words are looked for in it: every character that is no letter or
    digit a space, and a space at each end (so that a word's edge is a space)."""
    return f" {tokens_only(s)} "


class Family:
    """Rules of one role that set the same thing, searched as one pattern behind the
    union of their gate words."""

    __slots__ = (
        "_open",
        "_rule_words",
        "_word_list",
        "kind",
        "mode",
        "pattern",
        "role",
        "rules",
        "weak",
        "words",
        "written",
    )

    def __init__(self, rules: list[Rule]) -> None:
        first = rules[0]
        self.role = first.role
        self.kind = first.kind
        self.mode = first.mode
        self.weak = first.weak
        # read as written: the gate words are plain substrings of the text
        self.written = first.reads == "written"
        if any(r.reads != first.reads for r in rules):
            raise ValueError(f"the {first.role} rules of one family must read the same text")
        self.rules = tuple(rules)
        # Non-capturing groups are read in line by the compiler: the alternation of the
        # rules compiles as the one pattern they were cut from would.
        pattern = "|".join(f"(?:{r.pattern})" for r in rules)
        self.pattern = re.compile(pattern)
        # not tightened: each rule's own words must be in the index (_open below)
        self.words = frozenset(w for r in rules for w in r.words)
        # the same, iterated when a sentence's words are not given: a tuple loops natively
        self._word_list = tuple(sorted(self.words))
        # Each rule's words, and the alternation of just the rules a sentence can match
        # (the others' words are not in it), compiled once per such set: it answers as
        # the whole does, and a sentence with only "called" in it tries one rule.
        self._rule_words = tuple(r.words for r in rules)
        self._open: dict[tuple[int, ...], re.Pattern[str]] = {}

    def search(
        self, s: str, found: frozenset[str] | None = None, pos: int = 0
    ) -> re.Match[str] | None:
        """The family's leftmost match in `s` from `pos`, or None at once when `s` holds
        none of its gate words; `found`, when given, holds the gate words `s` holds
        (RuleBook.words_in)."""
        if found is None:
            text = s if self.written else gate_text(s)
            if len(self.rules) == 1:
                # one rule: its first word found opens it (no set built)
                for w in self._word_list:
                    if w in text:
                        return self.pattern.search(s, pos)
                return None
            found = frozenset([w for w in self._word_list if w in text])
        if self.words.isdisjoint(found):
            return None
        if len(self.rules) == 1:
            return self.pattern.search(s, pos)
        opened = tuple(i for i, words in enumerate(self._rule_words) if not words.isdisjoint(found))
        pattern = self._open.get(opened)
        if pattern is None:
            if len(self._open) >= _OPEN_SETS:
                return self.pattern.search(s, pos)
            pattern = re.compile("|".join(f"(?:{self.rules[i].pattern})" for i in opened))
            self._open[opened] = pattern
        return pattern.search(s, pos)

    def rule_at(self, s: str, m: re.Match[str]) -> Rule:
        """The rule that made the match `m` (the first that matches where it starts)."""
        for rule in self.rules:
            own = re.compile(rule.pattern).match(s, m.start())
            if own is not None and own.end() == m.end():
                return rule
        raise LookupError(f"no rule of the family makes {m.group()!r}")


def _expand(pattern: str, pieces: dict[str, str], where: str) -> str:
    def piece(m: re.Match[str]) -> str:
        if m.group(1) not in pieces:
            raise ValueError(f"{where}: no piece named {m.group(1)!r} in [define]")
        return pieces[m.group(1)]

    return _PIECE.sub(piece, pattern)


def _rule(
    role: str, table: dict[str, Any], pieces: dict[str, str], source: str, common: frozenset[str]
) -> Rule:
    where = f"{source} [{role}] {table.get('id', '?')}"
    unknown = set(table) - _KEYS
    if unknown or "id" not in table or "pattern" not in table:
        raise ValueError(f"{where}: needs id and pattern; unknown keys {sorted(unknown)}")
    pattern = _expand(str(table["pattern"]), pieces, where)
    if role in _WORD_ROLES and not _WORDS_ONLY.fullmatch(pattern):
        raise ValueError(f"{where}: a {role} rule's pattern is words joined by |, nothing else")
    reads = str(table.get("reads", "folded"))
    if reads not in _READS:
        raise ValueError(f"{where}: reads is 'folded' or 'written', not {reads!r}")
    compiled = re.compile(pattern)
    if compiled.groups:
        raise ValueError(f"{where}: use (?:...) groups; a rule's pattern captures nothing")
    given = table.get("gate")
    # A pattern reading the sentence as written is gated by plain substrings of it (a
    # few, tested directly); the others by words with edges, looked for in gate_text.
    edges = reads != "written"
    if given is not None:
        # a space at a word's end stands for a character that is no letter or digit
        raw = frozenset(str(w) for w in given)
        if not covers(pattern, raw, edges=edges):
            raise ValueError(f"{where}: some match of the pattern holds none of gate {given}")
    else:
        derived = required_words(pattern, common, edges=edges)
        if derived is None:
            raise ValueError(f"{where}: no word every match holds; write the pattern round one")
        raw = derived
    # looked for in gate_text: punctuation, as there, a space
    words = frozenset(tokens_only(w) for w in raw) if edges else raw
    return Rule(
        id=str(table["id"]),
        role=role,
        pattern=pattern,
        kind=str(table.get("kind", "")),
        mode=str(table.get("mode", "")),
        words=words,
        examples=tuple(str(e) for e in table.get("examples", ())),
        counterexamples=tuple(str(e) for e in table.get("counterexamples", ())),
        weak=bool(table.get("weak", False)),
        source=source,
        reads=reads,
    )


def read_rules(
    text: str, source: str = "<text>", inherited: dict[str, str] | None = None
) -> list[Rule]:
    """The rules of one rules file's text, in file order; `inherited` holds the [define]
    pieces of the files read before it."""
    data = tomllib.loads(text)
    pieces = {**(inherited or {}), **{str(k): str(v) for k, v in data.pop("define", {}).items()}}
    rules: list[Rule] = []
    for role, tables in data.items():
        if not isinstance(tables, list):
            raise ValueError(f"{source}: {role} must be an array of tables ([[{role}]])")
        # The meeting words are in nearly every sentence the other roles are asked
        # about: their gates look for other words where the pattern allows.
        common = frozenset() if role == "trigger" else _MEETING_WORDS
        rules += [_rule(role, table, pieces, source, common) for table in tables]
    return rules


def load(paths: list[Path] | None = None) -> list[Rule]:
    """Every rule of the given files (by default the core's), files in order."""
    chosen = paths if paths is not None else [RULES_DIR / name for name in _FILES]
    rules: list[Rule] = []
    pieces: dict[str, str] = {}
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        rules += read_rules(text, path.name, pieces)
        pieces.update({str(k): str(v) for k, v in tomllib.loads(text).get("define", {}).items()})
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"{rule.source}: rule id {rule.id!r} used twice")
        seen.add(rule.id)
    return rules


def shared_pieces(paths: list[Path] | None = None) -> dict[str, str]:
    """The [define] pieces of the given files (by default the core's), for code that
    builds patterns of its own round the same words."""
    chosen = paths if paths is not None else [RULES_DIR / name for name in _FILES]
    pieces: dict[str, str] = {}
    for path in chosen:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        pieces.update({str(k): str(v) for k, v in data.get("define", {}).items()})
    return pieces


def families(rules: list[Rule], role: str) -> list[Family]:
    """The families of one role: rules setting the same kind, mode and weakness, ranked
    by where their first rule stands."""
    grouped: dict[tuple[str, str, bool], list[Rule]] = {}
    for rule in rules:
        if rule.role == role:
            grouped.setdefault((rule.kind, rule.mode, rule.weak), []).append(rule)
    return [Family(members) for members in grouped.values()]


@dataclass(frozen=True, slots=True)
class RuleBook:
    """The compiled rules: one family list per role."""

    rules: tuple[Rule, ...]
    triggers: tuple[Family, ...]
    negation: Family
    wish: Family
    planned: Family
    cancelled: Family
    not_cancelled: Family
    # Each wrong sort stands behind its own words: any one rules the sentence out.
    wrong_sorts: tuple[Family, ...]
    # Every gate word of the book, found in a sentence in one pass.
    index: WordIndex
    # The attendance phrasings, by role (ATTENDANCE_ROLES).
    attendance: dict[str, Family]
    # The call phrasings, by role (CALL_ROLES); their words are not in `index`: they
    # are asked about other sentences than the rest, mostly read as written.
    calls: dict[str, Family]

    @classmethod
    def of(cls, rules: list[Rule]) -> RuleBook:
        def one(role: str) -> Family:
            found = families(rules, role)
            if len(found) != 1:
                raise ValueError(f"the {role} rules must set one thing; they make {len(found)}")
            return found[0]

        triggers = families(rules, "trigger")
        single = [one(role) for role in ("negation", "wish", "planned", "cancelled")]
        not_cancelled = one("not-cancelled")
        wrong_sorts = [Family([r]) for r in rules if r.role == "wrong-sort"]
        words: set[str] = set()
        for family in (*triggers, *single, not_cancelled):
            words |= family.words
        for family in wrong_sorts:
            words |= family.words
        attendance = {
            role: one(role) for role in ATTENDANCE_ROLES if any(r.role == role for r in rules)
        }
        for family in attendance.values():
            words |= family.words
        calls = {role: one(role) for role in CALL_ROLES if any(r.role == role for r in rules)}
        return cls(
            rules=tuple(rules),
            triggers=tuple(triggers),
            negation=single[0],
            wish=single[1],
            planned=single[2],
            cancelled=single[3],
            not_cancelled=not_cancelled,
            wrong_sorts=tuple(wrong_sorts),
            index=WordIndex(words),
            attendance=attendance,
            calls=calls,
        )

    def words_in(self, s: str) -> frozenset[str]:
        """The gate words of the book that `s` holds, found in one pass."""
        return self.index.found(gate_text(s))

    def pattern_of(self, rule_id: str) -> str:
        """The pattern of the rule named `rule_id`."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule.pattern
        raise KeyError(rule_id)
