"""The extractor: sentences that state meetings become Candidates.

Reading order matters. A meeting is usually stated once ("X held talks with Y on
Monday") and then described by sentences that refer back to it ("The call included
...", "The two leaders discussed ..."); those sentences add participants and topics
to the meeting they follow instead of starting another one.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from parley.extract.dates import anchor_date, date_line, dateline_day
from parley.extract.discourse import read_sentence
from parley.extract.draft import (
    Discourse,
    Report,
    Sentence,
    already_reported,
)
from parley.extract.final_pass import (
    finish,
)
from parley.extract.lexicon import Hit, lexicon
from parley.extract.parties import (
    REFERENCE,
    may_refer,
)
from parley.extract.people import find_mentions
from parley.extract.prefilter import cue_positions, may_state_meeting, stating_cue_positions
from parley.extract.retold import fold_retold
from parley.extract.rosters import roster_meetings
from parley.extract.text import fold_aligned, plain_text, sentences_at
from parley.extract.title_country import with_state_after
from parley.extract.triggers import (
    RULES,
    Trigger,
    find_call_verb,
    find_trigger,
    refers_back,
)
from parley.knowledge import KnowledgeBase, load
from parley.knowledge.outlets import home_country
from parley.model import Article, Candidate
from parley.translate import lower

__all__ = ["extract"]

_DATELINE = re.compile(
    r"[A-Z][\w .,'\[\]()/-]{0,70}?(?:\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\b\d{1,2}\s+[A-Z][a-z]{2,8})?"
    # "(Reuters) -", "(PTI)" with no dash, "/TASS/.", or a bare colon or dash
    r"(?:\s*\([A-Za-z .]+\)\s*(?::|--|-|—)?|\.?\s*/[A-Z]+/\.?|\s*(?::|--|-|—))\s+"
)


# Every dateline ends in one of these ("(Reuters) -", "/TASS/", ":", "--"), within the
# 120 characters a dateline may take: a paragraph without any there opens with none,
# and the pattern, slow to fail (a lazy run tried at every length), is spared.
_DATELINE_MARKS = ("(", "/", ":", "-", "—")


def _dateline_end(text: str, start: int) -> int:
    """Where the wire dateline ("SEOUL, May 4 (Yonhap) --") at `start` ends, or `start`."""
    window = text[start : start + 120]
    if not any(mark in window for mark in _DATELINE_MARKS):
        return start
    m = _DATELINE.match(text, start)
    return m.end() if m and m.end() - start < 120 else start


def _sentence_trigger(sentence: str, fs: str, words: frozenset[str]) -> Trigger | None:
    """The meeting a sentence states, read first without its references to other meetings;
    `fs` is the sentence folded, `words` the rules' gate words it holds.

    "Before the meeting with Putin, Guterres held talks with Lavrov" states the talks.
    """
    masked = REFERENCE.sub(lambda m: " " * len(m.group()), fs) if may_refer(fs) else fs
    if masked != fs:
        trig = find_trigger(masked)
        # "The visit comes ahead of X's meeting with Biden": what is left only refers
        # back, so the meeting stated is the one in the reference.
        if trig is not None and not refers_back(masked, trig):
            return trig
        if trig is not None:
            ref = REFERENCE.search(fs)
            assert ref is not None
            inside = find_trigger(" " * ref.start() + fs[ref.start() :])
            if inside is not None:
                return inside
    return find_trigger(fs, words=words) or find_call_verb(sentence)


def extract(article: Article, kb: KnowledgeBase | None = None) -> list[Candidate]:
    """The meetings that `article` states, one Candidate each, in reading order.

    Three steps: the report as a whole (its sentences with a meeting cue, the trigger
    each states, the people and places it names, the day it speaks from); each
    sentence in turn, deciding against the meetings read so far whether it starts a
    meeting, adds to one, or tells one in the background; a final pass over the
    meetings found (attendees, places, kinds).
    """
    report = read_report(article, kb)
    if report is None:
        return []
    discourse = Discourse()
    for start, end in report.spans:
        read_sentence(report, discourse, Sentence(start, end, report.folded[start:end]))
    drafts = discourse.drafts
    drafts += [x for x in discourse.told if not already_reported(drafts, x.participants)]
    return finish(report, fold_retold(roster_meetings(report, drafts)))


def read_report(article: Article, kb: KnowledgeBase | None = None) -> Report | None:
    """What the article tells as a whole, or None when no sentence of it states a meeting."""
    text = plain_text(article.body)
    low = lower(text)
    if not may_state_meeting(text, low):
        return None
    # Read only the sentences with a meeting cue, and stop before the costly name and
    # title resolution when none of them states a meeting.
    spans = _cue_sentences(text, cue_positions(low))
    stating = stating_cue_positions(low)
    # Folded once for all: the whole text costs about what its cue sentences would.
    folded = fold_aligned(text)
    # The rules' gate words of each sentence asked for its meeting, found once: the
    # sentences found to state none are asked again who attended one.
    gate_words = {(s, e): RULES.words_in(folded[s:e]) for s, e in spans if _holds(stating, s, e)}
    # a sentence read only for 'leaders' or 'delegation' tells who attended: no trigger
    triggers = {
        (s, e): _sentence_trigger(text[s:e], folded[s:e], gate_words[(s, e)])
        if (s, e) in gate_words
        else None
        for s, e in spans
    }
    if not any(triggers.values()):
        return None
    kb = kb or load()
    anchor = anchor_date(article.published_at, text)
    filed = dateline_day(text, anchor)
    if anchor is not None and filed is not None and 0 < (anchor - filed).days <= 2:
        # "WASHINGTON, 15th September (WAM) -- ... today signed", published after
        # midnight in Abu Dhabi: "today" is the day the reporter filed from
        anchor = filed
    hits: list[Hit] = lexicon().scan(text, folded)
    mentions = with_state_after(
        find_mentions(kb, text, hits, anchor, home_country(article.source, article.url)),
        text,
        hits,
    )
    tagged = [h for h in hits if h.kind in ("org", "country", "adjective")]
    return Report(
        article=article,
        text=text,
        folded=folded,
        kb=kb,
        anchor=anchor,
        # A report's lead meeting with no date of its own happened on the day the
        # report speaks from: its date line, else its publication day ("Putin had a
        # telephone conversation with Macron", published the same day).
        head_day=date_line(text) or anchor,
        hits=hits,
        mentions=mentions,
        starts=[m.start for m in mentions],
        tagged=tagged,
        # "on the sidelines of the G20 summit": where an organisation's summit is
        # named, a later "the summit" is that gathering
        named_summits=[
            h
            for h in tagged
            if h.kind == "org"
            and "summit" in folded[h.end : h.end + 40]
            and _SUMMIT_NEXT.match(folded, h.end)
        ],
        # whether the article tells of a summit's sidelines, where talks may be bilaterals
        beside="sidelines" in folded or "margins" in folded,
        triggers=triggers,
        gate_words=gate_words,
        spans=spans,
    )


_SUMMIT_NEXT = re.compile(r"[^.\n]{0,40}?summit")  # in the same sentence


def _holds(positions: list[int], s: int, e: int) -> bool:
    i = bisect_left(positions, s)
    return i < len(positions) and positions[i] < e


def _cue_sentences(text: str, cues: list[int]) -> list[tuple[int, int]]:
    """Spans of the sentences that hold a meeting cue, datelines cut off, in order."""
    out: list[tuple[int, int]] = []
    for s, e in sentences_at(text, cues):
        if s < 600 and (s == 0 or text[s - 1] == "\n"):
            # Datelines only open the first paragraphs; their date is the filing day.
            s = _dateline_end(text, s)
        if s < e:
            out.append((s, e))
    return out
