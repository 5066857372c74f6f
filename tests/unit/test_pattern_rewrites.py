"""Patterns rewritten for speed find what their plain forms find.

Each plain form is the pattern as first written, kept as its definition beside the
fast one in the module that uses it.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import dates, parties, people

_CLAUSE_END_PLAIN = re.compile(parties.CLAUSE_END_DEFINITION)
_JOIN_PLAIN = re.compile(people.JOIN_DEFINITION)

_PIECES = [
    *("saying", "as", "as well as", "and", "also", "briefed", "with", "offering", "one of"),
    *("who", "a day", "met", "Macron", "of", "the", "'s", "Mr.", "H. E.", "His Excellency"),
    *(",", ";", ":", "-", "--", "—", " ", "  ", "\n", "\n \n", "\t", "x"),
]
_TEXT = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", ", ", "\n"])), max_size=12
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=3000, deadline=None)
@given(_TEXT, st.integers(min_value=0, max_value=40))
def test_clause_end_starts_where_its_plain_form_does(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    plain = _CLAUSE_END_PLAIN.search(text, pos)
    fast = parties.CLAUSE_END.search(text, pos)
    assert (plain and plain.start()) == (fast and fast.start())


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_joins_is_its_plain_form(gap: str) -> None:
    assert people._joins(gap) == (_JOIN_PLAIN.match(gap) is not None)


def test_the_rewrites_still_read_real_cases() -> None:
    fs = "zarif met macron for hours, and also briefed british officials"
    m = parties.CLAUSE_END.search(fs, 10)
    assert m is not None
    assert fs[m.start() :].startswith(", and also briefed")
    assert people._joins(", H. E. Mr. ")
    assert not people._joins(" \n\n ")


_DAY_WORDS = [
    *("Monday", "tuesday", "WEDNESDAY", "Sunday", "today", "day", "last", "next", "this", "on"),
    *("Tonight", "YESTERDAY", "week", "Month", "early", "March", "12", "2024", "since", "in"),
    *("said", "took office", "that day", "met", "İ", "ı", "ſ", "K", "é", " ", "  ", ","),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_DAY_WORDS), max_size=10).map(" ".join))
def test_case_blind_date_patterns_on_the_twin_find_what_re_i_finds(sentence: str) -> None:
    twin = dates._twin(sentence, dates._gate_text(sentence))
    patterns = [dates._WEEKDAY, dates._EXPLICIT, dates._WEEK, dates._MONTHREL, dates._MONTH_ONLY]
    patterns += [dates._THAT_DAY, dates._OTHER_EVENT, dates._STATED]
    patterns += [rx for rx, _, _ in dates._RELATIVE]
    for rx in patterns:
        fast = [m.span() for m in rx.finditer(sentence, twin)]
        plain = [m.span() for m in rx.blind.finditer(sentence)]
        assert fast == plain, rx.blind.pattern
        fast_groups = [
            tuple((g or "").lower() for g in m.groups()) for m in rx.finditer(sentence, twin)
        ]
        plain_groups = [
            tuple((g or "").lower() for g in m.groups()) for m in rx.blind.finditer(sentence)
        ]
        assert fast_groups == plain_groups, rx.blind.pattern
