"""Sentences stating no meeting of their own that tell who was at one already read:
"X also took part", "The prime minister was accompanied by ...", "The Russian
delegation at the table also included Lavrov". The phrasings are data:
extract/rules/attendance.toml.
"""

from __future__ import annotations

from parley.extract.continuations import attach
from parley.extract.draft import COMPAT, Discourse, Draft, Report, Sentence
from parley.extract.parties import at_the
from parley.extract.people import Mention
from parley.extract.triggers import RULES

__all__ = ["background"]

# The attendance phrasings: extract/rules/attendance.toml
_ATTENDING = RULES.attendance["attending"]
_LIKEWISE = RULES.attendance["likewise"]
_LED_BY = RULES.attendance["led-by"]
_INCLUDED = RULES.attendance["delegation-included"]
_LEADERS_INCLUDING = RULES.attendance["leaders-including"]


def background(
    report: Report,
    discourse: Discourse,
    sentence: Sentence,
    in_sentence: list[Mention],
    ana: str | None,
) -> None:
    """A sentence stating no meeting of its own: who else was at one already read."""
    _s, _e, fs = sentence.start, sentence.end, sentence.folded
    drafts = discourse.drafts
    current = discourse.current
    gathering = next((d for d in reversed(drafts) if d.gathering), None)
    if (
        gathering is not None
        and current is not gathering
        and "also attending" in fs
        and not at_the(fs)
    ):
        # "Ramaphosa, who is also attending, is expected to press Putin": at the
        # summit, not at the talks reported just before
        attach(gathering, in_sentence, report.text, sentence)
        return
    # the attendance phrasings' gate words: found once in read_report if the sentence
    # was asked for its meeting
    found = report.gate_words.get((sentence.start, sentence.end))
    if found is None:
        found = RULES.words_in(fs)
    if in_sentence and _LED_BY.search(fs, found):
        # "The prime minister was accompanied by ...": the meeting of the person the
        # sentence is about, even if another was reported since
        lead = in_sentence[0].participant.name
        current = next(
            (d for d in reversed(drafts) if any(p.name == lead for p in d.participants)),
            current,
        )
    if current and _tells_attendance(current, fs, found, in_sentence, ana):
        attach(current, in_sentence, report.text, sentence)


def _tells_attendance(
    current: Draft, fs: str, found: frozenset[str], in_sentence: list[Mention], ana: str | None
) -> bool:
    """Whether a sentence with no meeting of its own (folded: `fs`, its gate words:
    `found`) tells who was at `current`."""
    return bool(
        (ana and ana in COMPAT[current.kind])
        # "Kishida and leaders including Widodo and Anwar agreed ...": at the summit
        or (current.gathering and _LEADERS_INCLUDING.search(fs, found) is not None)
        or (
            _ATTENDING.search(fs, found)
            and (
                len(in_sentence) >= 2
                or at_the(fs)
                or "delegation" in fs
                or _LIKEWISE.search(fs, found) is not None
            )
        )
        or (_LED_BY.search(fs, found) and in_sentence)
        # "The Russian delegation at the table also included Lavrov"
        or ("delegation" in fs and _INCLUDED.search(fs, found) is not None)
    )
