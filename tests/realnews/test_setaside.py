"""The set-aside list in the repository: the hash rule's choice, whole meetings, a third."""

from __future__ import annotations

from parley.evaluation.corpus import GoldSet
from parley.evaluation.setaside import read_list, set_aside
from tests.realnews.conftest import SETASIDE


def test_the_kept_list_is_what_the_rule_chooses_on_the_corpus(real_sets: list[GoldSet]) -> None:
    """The file holds exactly the articles the hash rule puts aside (regenerate it with
    `python -m parley.evaluation.setaside` only when the corpus itself grows)."""
    ids = [a for s in real_sets for a in s.article_ids]
    gold = [g for s in real_sets for g in s.gold]
    assert read_list(SETASIDE) == set_aside(ids, gold)


def test_no_meeting_is_told_on_both_sides(real_sets: list[GoldSet]) -> None:
    """Every gold meeting's articles are all tune or all set aside."""
    aside = read_list(SETASIDE)
    torn = [
        g["event_id"]
        for s in real_sets
        for g in s.gold
        if 0 < len(set(g["articles"]) & aside) < len(g["articles"])
    ]
    assert torn == []


def test_about_a_third_of_the_articles_and_meetings_are_set_aside(
    real_sets: list[GoldSet],
) -> None:
    """Between a quarter and two fifths of the articles, and of the gold meetings."""
    aside = read_list(SETASIDE)
    ids = [a for s in real_sets for a in s.article_ids]
    gold = [g for s in real_sets for g in s.gold]
    assert 0.25 <= sum(a in aside for a in ids) / len(ids) <= 0.40
    assert 0.25 <= sum(bool(set(g["articles"]) & aside) for g in gold) / len(gold) <= 0.40
