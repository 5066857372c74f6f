"""The set-aside rule: groups of articles joined by shared meetings go to one side."""

from __future__ import annotations

from pathlib import Path

from parley.evaluation.setaside import groups, read_list, set_aside, write_list

IDS = [f"x-{i:03d}" for i in range(300)]


def test_articles_joined_by_a_chain_of_meetings_are_one_group() -> None:
    """a-b share one meeting and b-c another: a, b and c are one group; d is alone."""
    gold = [{"articles": ["a", "b"]}, {"articles": ["c", "b"]}]
    assert groups(["a", "b", "c", "d"], gold) == [{"a", "b", "c"}, {"d"}]


def test_a_group_goes_aside_whole_and_the_choice_does_not_depend_on_order() -> None:
    """Chained articles land on one side, and shuffling the input changes nothing."""
    gold = [{"articles": [IDS[i], IDS[i + 1]]} for i in range(0, 60, 3)]
    aside = set_aside(IDS, gold)
    for g in gold:
        assert len(set(g["articles"]) & aside) in (0, 2)
    assert set_aside(list(reversed(IDS)), list(reversed(gold))) == aside


def test_the_hash_puts_about_a_third_aside() -> None:
    """On 300 lone articles the share is near one third."""
    assert 0.27 <= len(set_aside(IDS, [])) / len(IDS) <= 0.40


def test_the_list_file_reads_back_without_its_comments(tmp_path: Path) -> None:
    """write_list then read_list gives the same ids."""
    path = tmp_path / "setaside.txt"
    path.write_text(write_list({"b-2", "a-1"}), encoding="utf-8")
    assert read_list(path) == {"a-1", "b-2"}
    assert path.read_text(encoding="utf-8").splitlines()[-2:] == ["a-1", "b-2"]
