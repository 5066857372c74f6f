"""The substring gates in front of the extractor's patterns never hide a match.

A gate is only safe if every string its pattern can match contains the gate word in
the lower-cased text; re.IGNORECASE breaks that for the few characters it matches to
an ASCII letter although their lower case is another character.
"""

from __future__ import annotations

import re
import sys
from datetime import date

from parley.extract import dates
from parley.extract.triggers import find_trigger


def test_case_traps_are_every_non_ascii_character_ignorecase_reads_as_a_letter() -> None:
    letter = re.compile("[a-z]", re.I)
    found = [c for c in map(chr, range(0x80, sys.maxunicode + 1)) if letter.fullmatch(c)]
    assert sorted(found) == sorted(dates.CASE_TRAPS)


def test_a_trap_character_turns_the_gates_off() -> None:
    tue = date(2022, 3, 1)
    # "tonıght" (dotless i) is "tonight" to the pattern but not to a substring test.
    found = dates.find_date("they spoke tonıght", tue, future=False)
    assert found is not None
    assert found.day == tue
    found = dates.find_date("they met laſt night", tue, future=False)
    assert found is not None
    assert found.day == date(2022, 2, 28)


def test_gated_patterns_still_find_what_they_did() -> None:
    tue = date(2022, 3, 1)
    cases = {
        "they met this morning": (tue, "day"),
        "they met overnight": (date(2022, 2, 28), "day"),
        "the day after tomorrow they meet": (date(2022, 3, 3), "day"),
        "talks were held early March": (date(2022, 3, 1), "month"),
        "talks were held last week": (date(2022, 2, 21), "week"),
        "talks were held last month": (date(2022, 2, 1), "month"),
        "they met on 3 March": (date(2022, 3, 3), "day"),
        "they met on 2022-02-11": (date(2022, 2, 11), "day"),
    }
    for sentence, (day, precision) in cases.items():
        found = dates.find_date(sentence, tue, future=False)
        assert found is not None, sentence
        assert (found.day, found.precision) == (day, precision), sentence


def test_trigger_gates_let_the_call_and_visit_forms_through() -> None:
    cases = {
        "he called on emperor naruhito at the palace": ("visit", "in_person"),
        "she paid a courtesy call on the king": ("visit", "in_person"),
        "the two held a brief call": ("call", "remote"),
        "they spoke by phone": ("call", "phone"),
        "officials said calls\twith kyiv were frequent": ("call", "remote"),
        "the minister arrived in paris": ("visit", "in_person"),
    }
    for sentence, (kind, mode) in cases.items():
        trig = find_trigger(sentence)
        assert trig is not None, sentence
        assert (trig.kind, trig.mode) == (kind, mode), sentence
    assert find_trigger("the opposition called the proposal a distraction") is None
