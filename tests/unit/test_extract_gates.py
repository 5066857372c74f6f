"""The substring gates in front of the extractor's patterns never hide a match.

A gate is only safe if every string its pattern can match contains the gate word in
the lower-cased text; re.IGNORECASE breaks that for the few characters it matches to
an ASCII letter although their lower case is another character.
"""

from __future__ import annotations

import re
import sys
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract import dates, parties, triggers
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


# Words of the gated patterns, their near misses, and separators, so that random
# sentences often come close to a match.
_WORDS = [
    *[
        "on",
        "in",
        "of",
        "to",
        "the",
        "a",
        "his",
        "her",
        "their",
        "with",
        "between",
        "for",
        ",",
        ".",
        ";",
        "-",
        "'",
    ],
    *[
        "call",
        "calls",
        "called",
        "rang",
        "dialled",
        "paid",
        "pays",
        "pay",
        "courtesy",
        "official",
        "visit",
        "visits",
        "visited",
    ],
    *[
        "spoke",
        "speaks",
        "speak",
        "talked",
        "talks",
        "meeting",
        "met",
        "meets",
        "summit",
        "video",
        "virtual",
        "online",
        "phone",
    ],
    *[
        "conference",
        "ministerial",
        "sidelines",
        "margins",
        "conversation",
        "arrived",
        "arrives",
        "travelled",
        "trip",
    ],
    *[
        "tour",
        "before",
        "after",
        "ahead",
        "following",
        "prior",
        "since",
        "during",
        "not",
        "no",
        "never",
        "didn't",
        "refused",
    ],
    *[
        "declined",
        "without",
        "snubbed",
        "ruled",
        "out",
        "president",
        "minister",
        "emperor",
        "naruhito",
        "biden",
        "putin",
    ],
    *[
        "today",
        "tonight",
        "this",
        "morning",
        "yesterday",
        "last",
        "night",
        "overnight",
        "tomorrow",
        "week",
        "month",
    ],
    *[
        "monday",
        "Friday",
        "SUNDAY",
        "march",
        "Sept",
        "dec.",
        "12",
        "3rd",
        "2024",
        "2024-03-01",
        "early",
        "late",
        "mid-",
        "İ",
        "ı",
        "ſ",
        "K",
    ],
]
_SEPARATORS = [" ", "  ", "\n", "\t", "", "-", "_", ",", "\u2019", "\u00a0"]
_SENTENCE = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), max_size=14
).map(lambda parts: "".join(w + sep for w, sep in parts))


@settings(max_examples=3000, deadline=None)
@given(_SENTENCE)
def test_a_closed_gate_means_the_pattern_cannot_match(sentence: str) -> None:
    low = sentence.lower()
    book = triggers.RULES
    families = [*book.triggers, book.negation, book.wish, book.planned, book.cancelled]
    for s in (sentence, low):
        found = book.words_in(s)
        every = [*families, book.not_cancelled, *book.wrong_sorts, *book.attendance.values()]
        for family in every:
            # a closed gate means the pattern finds nothing, told the words found or not
            if family.search(s, found) is None:
                assert family.pattern.search(s) is None
            if family.search(s) is None:
                assert family.pattern.search(s) is None
    for s in (sentence, low):
        if not parties.may_refer(s):
            assert parties.REFERENCE.search(s) is None
    # the call phrasings (calls.toml), most read as written behind plain substrings
    for family in book.calls.values():
        for s in (sentence, low):
            if family.search(s) is None:
                assert family.pattern.search(s) is None
    gate_text = dates._gate_text(sentence)
    if gate_text is None:
        return
    checks = [
        (dates._WEEKDAY.blind, any(name in gate_text for name in dates._WEEKDAY_NAMES)),
        (dates._WEEK.blind, "week" in gate_text),
        (dates._MONTHREL.blind, "month" in gate_text),
        (dates._MONTH_ONLY.blind, dates._may_name_month(gate_text)),
        (dates._ISO, dates._DIGIT.search(sentence) is not None),
        (dates._EXPLICIT.blind, dates._DIGIT.search(sentence) is not None),
    ]
    for (blind, _, _), words in zip(dates._RELATIVE, dates._RELATIVE_GATES, strict=True):
        checks.append((blind.blind, any(w in gate_text for w in words)))
    for rx, open_ in checks:
        assert open_ or rx.search(sentence) is None, rx.pattern
