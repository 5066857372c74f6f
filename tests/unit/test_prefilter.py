"""The prefilter: one scan answers both questions, for whole-word cues only."""

from __future__ import annotations

from parley.extract.prefilter import cue_positions, may_state_meeting


def test_cues_are_whole_words_and_office_words_are_not() -> None:
    """'metal' holds no cue; 'ministers' and 'presidential' hold words of office."""
    low = "the ministers met. metal prices rose; presidential talks, talks"
    assert cue_positions(low) == [14, 51, 58]
    assert may_state_meeting(low, low)
    assert not may_state_meeting("Metal prices met resistance", None)  # no office word
    assert not may_state_meeting("The minister's metallic telephones")  # no whole cue


def test_adjacent_cues_share_their_space() -> None:
    assert cue_positions("met met") == [0, 4]


def test_an_equal_text_gets_the_same_answer_as_the_one_remembered() -> None:
    low = "the president met the king"
    assert cue_positions(low) == cue_positions("".join(["the president ", "met the king"]))
    assert may_state_meeting(low, low)
    assert not may_state_meeting("the weather", "the weather")


def test_offsets_are_characters_in_text_outside_ascii() -> None:
    """A letter outside ASCII is part of its word, and offsets count characters."""
    assert cue_positions("émet café met") == [10]
    assert cue_positions("café met") == cue_positions("cafe met") == [5]


def test_attendance_words_pick_sentences_but_state_no_meeting_alone() -> None:
    """'leaders' lets a sentence be read, but only meeting cues let an article in."""
    from parley.extract.prefilter import stating_cue_positions

    low = "the leaders of the party met. the delegation flew home."
    assert len(cue_positions(low)) == 3  # leaders, met, delegation
    assert [low[i : i + 3] for i in stating_cue_positions(low)] == ["met"]
    assert not may_state_meeting("EU leaders argued over the budget, the minister said.")
