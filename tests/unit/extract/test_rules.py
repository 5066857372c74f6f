"""Every rule of extract/rules/ is proven by its examples and counterexamples.

A rule's examples must match its pattern and have its effect on find_trigger (a
trigger rule's kind and mode; a negation, wish or wrong sort: no meeting; a plan or a
cancellation: that status), on find_call_verb (a call phrasing: a call; an in-person
word: none) or on find_mentions (a word round a title: a former office-holder, a
lesser office, an office-holder elect); its counterexamples must not match its pattern.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest

from parley.extract.lexicon import lexicon
from parley.extract.people import Mention, find_mentions
from parley.extract.prefilter import cue_positions
from parley.extract.ruleset import (
    ATTENDANCE_ROLES,
    CALL_ROLES,
    TITLE_ROLES,
    Rule,
    RuleBook,
    load,
    read_rules,
    text_for,
    word_list,
)
from parley.extract.text import fold_aligned
from parley.extract.triggers import RULES, find_call_verb, find_trigger
from parley.knowledge import KnowledgeBase
from parley.knowledge import load as load_knowledge

_RULES = load()
_EXAMPLES = [(rule, example) for rule in _RULES for example in rule.examples]
_COUNTER = [(rule, counter) for rule in _RULES for counter in rule.counterexamples]


def _id(case: tuple[Rule, str]) -> str:
    return f"{case[0].id}: {case[1][:40]}"


def _matches(rule: Rule, sentence: str) -> bool:
    """Whether the rule's pattern matches the sentence as the rule reads it; a word-list
    rule (titles.toml) matches a whole word of its list."""
    if rule.role in ("former", "lesser"):
        return re.search(rf"\b(?:{rule.pattern})\b", text_for(rule, sentence)) is not None
    return re.search(rule.pattern, text_for(rule, sentence)) is not None


@cache
def _knowledge() -> KnowledgeBase:
    return load_knowledge()


def _mentions(sentence: str) -> list[Mention]:
    """The people find_mentions reads in one sentence, on a day in late 2024."""
    hits = lexicon().scan(sentence, fold_aligned(sentence))
    return find_mentions(_knowledge(), sentence, hits, date(2024, 11, 20))


def _title_effect(rule: Rule, example: str) -> None:
    """The example's person is read as the title rule says."""
    mentions = _mentions(example)
    if rule.role == "former":
        assert any(m.former for m in mentions), "no one read as a former office-holder"
    elif rule.role == "lesser":
        words = word_list([rule], "lesser")
        roles = [m.participant.role or "" for m in mentions]
        assert any(r.split()[:1] and r.split()[0] in words for r in roles), roles
    else:  # elect: taking part under the title, not as a former office-holder
        assert any(
            (m.participant.role or "").endswith(("-elect", "-designate")) and not m.former
            for m in mentions
        ), [m.participant for m in mentions]


def test_the_core_has_rules_of_every_role() -> None:
    """The engine reads the data folder: every role has rules."""
    roles = {rule.role for rule in _RULES}
    assert set(ATTENDANCE_ROLES) | set(CALL_ROLES) | set(TITLE_ROLES) <= roles
    assert roles - set(ATTENDANCE_ROLES) - set(CALL_ROLES) - set(TITLE_ROLES) == {
        "trigger",
        "negation",
        "wish",
        "planned",
        "cancelled",
        "not-cancelled",
        "wrong-sort",
    }
    assert len(_RULES) >= 60


@pytest.mark.parametrize("rule", _RULES, ids=[r.id for r in _RULES])
def test_every_rule_has_examples(rule: Rule) -> None:
    """A rule without an example is a rule nobody has seen work."""
    assert rule.examples, f"{rule.source}: {rule.id} has no examples"


@pytest.mark.parametrize(("rule", "example"), _EXAMPLES, ids=[_id(c) for c in _EXAMPLES])
def test_every_example_has_its_rules_effect(rule: Rule, example: str) -> None:
    """The example matches the rule's own pattern and the core reads it as the rule says."""
    assert _matches(rule, example), "the rule's pattern misses its example"
    folded = fold_aligned(example)
    found = find_trigger(folded)
    if rule.role in ("called", "spoke-with", "purpose"):
        call = find_call_verb(example)
        assert call is not None
        assert call.kind == "call"
    elif rule.role == "in-person":
        # a call phrasing the in-person word rules out
        assert RULES.calls["spoke-with"].search(example) is not None
        assert find_call_verb(example) is None
    elif rule.role in TITLE_ROLES:
        _title_effect(rule, example)
    elif rule.role == "trigger":
        assert found is not None
        assert (found.kind, found.mode) == (rule.kind, rule.mode)
        # the prefilter's cue words must not hide the sentence
        assert cue_positions(folded), "no prefilter cue in the example"
    elif rule.role in ATTENDANCE_ROLES:
        # read by discourse.py about sentences stating no meeting: the pattern is the test
        return
    elif rule.role in ("negation", "wish", "wrong-sort"):
        assert found is None
    elif rule.role in ("planned", "cancelled"):
        assert found is not None
        assert found.status == rule.role
    else:  # not-cancelled: the negation beside it still rules the meeting out
        assert found is None


@pytest.mark.parametrize(("rule", "counter"), _COUNTER, ids=[_id(c) for c in _COUNTER])
def test_no_counterexample_matches_its_rule(rule: Rule, counter: str) -> None:
    """A counterexample is a near miss the pattern must leave alone."""
    assert not _matches(rule, counter)


def test_the_rules_in_use_are_the_data_folders() -> None:
    """triggers.RULES is compiled from the same files the tests read."""
    assert [r.id for r in RULES.rules] == [r.id for r in _RULES]


_ZOOM_SENTENCE = fold_aligned(
    "The leaders of Chile and Peru held a Zoom call with each other on Friday."
)
_ZOOM_ENTRY = """
[[trigger]]
id = "zoom-call"
kind = "call"
mode = "video"
pattern = '''\\bzoom\\s+(?:call|meeting)s?\\b'''
examples = ["The two presidents held a Zoom call with each other on Monday."]
"""


def test_a_zoom_call_takes_one_data_entry_with_one_example() -> None:
    """Issue #14's case: without the entry a Zoom call reads as a call of unknown medium,
    with it (and nothing else changed) as a video call."""
    without = [rule for rule in _RULES if rule.id != "zoom-call"]
    before = find_trigger(_ZOOM_SENTENCE, RuleBook.of(without))
    assert before is not None
    assert before.mode == "remote"
    # the entry is added after the other video-call rules: its family ranks as before
    at = next(i for i, r in enumerate(without) if r.id == "online-meeting") + 1
    added = without[:at] + read_rules(_ZOOM_ENTRY) + without[at:]
    after = find_trigger(_ZOOM_SENTENCE, RuleBook.of(added))
    assert after is not None
    assert (after.kind, after.mode) == ("call", "video")
    # and the core's own rules hold that entry
    assert find_trigger(_ZOOM_SENTENCE) == after


def test_a_rule_whose_gate_could_hide_a_match_does_not_load() -> None:
    """A hand-given gate is proven from the pattern's parse when the rules load."""
    bad = """
[[trigger]]
id = "bad-gate"
kind = "call"
mode = "video"
gate = ["zoom"]
pattern = '''\\b(?:zoom|teams)\\s+call\\b'''
examples = ["They held a Teams call."]
"""
    with pytest.raises(ValueError, match="holds none of gate"):
        read_rules(bad)
    good = bad.replace('gate = ["zoom"]', 'gate = ["zoom", "teams"]')
    assert read_rules(good)[0].words == frozenset({"zoom", "teams"})


def test_a_rule_without_a_word_every_match_holds_does_not_load() -> None:
    """The engine refuses a pattern no gate can stand in front of."""
    with pytest.raises(ValueError, match="no word every match holds"):
        read_rules("[[trigger]]\nid = 'any'\nkind = 'call'\nmode = 'video'\npattern = '\\w+'\n")


def test_a_rule_pattern_captures_nothing() -> None:
    """Families are alternations of rules: a capturing group would shift their groups."""
    with pytest.raises(ValueError, match="captures nothing"):
        read_rules(
            "[[trigger]]\nid = 'cap'\nkind = 'call'\nmode = 'video'\npattern = '(zoom) call'\n"
        )


def test_a_family_tells_which_rule_matched() -> None:
    """rule_at names the rule behind a family's match, for explaining a reading."""
    video = next(f for f in RULES.triggers if (f.kind, f.mode) == ("call", "video"))
    m = video.search(_ZOOM_SENTENCE)
    assert m is not None
    assert video.rule_at(_ZOOM_SENTENCE, m).id == "zoom-call"
