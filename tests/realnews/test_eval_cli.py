"""`parley eval --corpus`: the figures of every scope, and the tune half's errors only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.cli.main import main
from tests.realnews.conftest import SETASIDE


def test_the_table_has_every_scope_and_errors_come_from_the_tune_half(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One column per scope; --show-errors lists the tune half and names no set-aside article."""
    code = main(["eval", "--corpus", str(corpus_dir), "--setaside", str(SETASIDE), "--show-errors"])
    out = capsys.readouterr().out
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("scope"))
    sets = ["real-1", "real-2", "real-3", "real-4"]
    assert header.split() == ["scope", "all", *sets, "tune", "set-aside"]
    assert "errors of tune" in out
    listing = out.split("errors of tune", 1)[1]
    aside = {ln for ln in SETASIDE.read_text().splitlines() if ln and not ln.startswith("#")}
    assert not [a for a in aside if a in listing]


def test_json_gives_score_py_names_for_the_sets_chosen(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--sets real-1 real-2 --json: a scope for the two together, each, and both halves."""
    args = ["eval", "--corpus", str(corpus_dir), "--sets", "real-1", "real-2", "--json"]
    assert main([*args, "--setaside", str(SETASIDE)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert list(figures) == ["real-1+real-2", "real-1", "real-2", "tune", "set-aside"]
    whole = figures["real-1+real-2"]
    assert whole["negatives"] == figures["real-1"]["negatives"] + figures["real-2"]["negatives"]
    assert 0.0 < whole["event_F1"] <= 1.0
