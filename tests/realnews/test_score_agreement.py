"""`parley eval`'s event-level scorer gives every figure of the corpus's score.py."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.evaluation.events import FIGURES, score_events
from parley.evaluation.realnews import ScopeResult
from tests.realnews.conftest import need_corpus
from tests.realnews.scoring import reference_figures


def test_every_scope_gets_the_same_figures_as_score_py(
    scope_results: list[ScopeResult], corpus_dir: Path, tmp_path: Path
) -> None:
    """On the pipeline's own output for all sets, each set and both halves, no figure
    differs from score.py's."""
    names = ["all", "real-1", "real-2", "real-3", "real-4", "tune", "set-aside"]
    assert [r.name for r in scope_results] == names
    for r in scope_results:
        folder = tmp_path / r.name
        folder.mkdir()
        ref = reference_figures(corpus_dir, folder, r.gold.gold, r.gold.negatives, r.records)
        assert list(ref) == list(FIGURES)
        assert r.scores.figures == ref, r.name


# Small pools, so that random gold and predictions collide often: shared articles,
# people matched by surname or only by country, equal ranks that only order breaks.
_ARTICLES = ["a1", "a2", "a3", "a4"]
_PEOPLE = [
    {"name": "Ana Lima", "country": "BR", "org": None},
    {"name": "Lima", "country": None, "org": None},
    {"name": "Jon Ek", "country": "SE", "org": None},
    {"name": "Mara Ek-Holm", "country": "SE", "org": None},
    {"name": "Ilse Vos", "country": None, "org": "OSCE"},
    {"name": None, "country": "KE", "org": None},
    {"name": None, "country": None, "org": "osce"},
    {"name": "Tomás Ruiz", "country": "AR", "org": None},
    {"name": "Tomas Ruiz", "country": "ar", "org": None},
]
_DATES = [None, "2024-03-04", "2024-03-05", "2024-03-07", "2024-3-5"]
_MODES = [None, "in_person", "phone", "video", "remote", "virtual", "unknown"]
_STATUS = [None, "occurred", "planned", "cancelled"]
_SALIENCE = ["primary", "secondary", "optional"]

_people = st.lists(st.sampled_from(_PEOPLE), min_size=0, max_size=4)
_articles = st.lists(st.sampled_from(_ARTICLES), min_size=1, max_size=3, unique=True)


@st.composite
def _gold(draw: Any, n: int) -> dict[str, Any]:
    articles = draw(_articles)
    mentions = {
        a: {"status": "occurred", "salience": draw(st.sampled_from(_SALIENCE))}
        for a in articles
        if draw(st.booleans())
    }
    return {
        "event_id": f"g{n}",
        "articles": articles,
        "status": draw(st.sampled_from(_STATUS)),
        "mode": draw(st.sampled_from(_MODES)),
        "date": draw(st.sampled_from(_DATES)),
        "participants": draw(_people),
        "salience": draw(st.sampled_from(_SALIENCE)),
        "mentions": mentions,
    }


@st.composite
def _record(draw: Any, gold: list[dict[str, Any]]) -> dict[str, Any]:
    # Mostly the people of some gold meeting, give or take one, so that pairs form.
    people = draw(_people)
    if gold and draw(st.integers(0, 3)):
        people = list(draw(st.sampled_from(gold))["participants"])
        if people and draw(st.booleans()):
            people.pop(draw(st.integers(0, len(people) - 1)))
        people += draw(st.lists(st.sampled_from(_PEOPLE), max_size=1))
    record = {
        "event_id": draw(st.sampled_from(["e1", "e2", "e3", "e4", "e5", "e6"])),
        "version": draw(st.sampled_from([None, 1, 2, 3])),
        "status": draw(st.sampled_from([*_STATUS, "retracted"])),
        "mode": draw(st.sampled_from(_MODES)),
        "date": draw(st.sampled_from(_DATES)),
        "participants": people,
        "sources": [{"article_id": a} for a in draw(_articles)],
    }
    if draw(st.integers(0, 5)) == 0:
        record["merged_into"] = "e1"
    return record


@st.composite
def _case(draw: Any) -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]]:
    n = draw(st.integers(0, 6))
    gold = [draw(_gold(i)) for i in range(n)]
    # The same people told twice in one article (a call, then a visit): pairs that tie
    # on everything but their order.
    for i in range(1, n):
        if draw(st.booleans()):
            twin = gold[draw(st.integers(0, i - 1))]
            gold[i] = {**gold[i], **{k: twin[k] for k in ("articles", "participants")}}
    negatives = draw(st.lists(st.sampled_from([*_ARTICLES, "n1"]), max_size=3))
    records = draw(st.lists(_record(gold), max_size=10))
    return gold, negatives, records


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_case())
def test_random_streams_get_the_same_figures_as_score_py(
    case: tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]],
) -> None:
    """Made-up gold and record streams full of ties, versions, merges, cancellations and
    optional meetings: every figure equals score.py's."""
    gold, negatives, records = case
    corpus = need_corpus()
    with tempfile.TemporaryDirectory() as folder:
        ref = reference_figures(corpus, Path(folder), gold, negatives, records)
    assert score_events(gold, negatives, records).figures == ref

