"""Staged table writes: invisible to the base mapping until committed."""

from __future__ import annotations

from typing import Any

from parley.stream.staging import StagedMapping


def test_writes_reach_the_base_only_on_commit() -> None:
    """Sets and deletes are seen through the stage at once and in the base after commit."""
    base: dict[str, Any] = {"a": 1, "b": 2}
    stage = StagedMapping(base)
    stage["c"] = 3
    del stage["a"]
    assert dict(stage) == {"b": 2, "c": 3}
    assert "a" not in stage
    assert base == {"a": 1, "b": 2}
    assert stage.commit() == 2
    assert base == {"b": 2, "c": 3}


def test_rollback_forgets_pending_writes() -> None:
    """A rolled-back stage leaves the base untouched and reads it again."""
    base: dict[str, Any] = {"a": 1}
    stage = StagedMapping(base)
    stage["a"] = 5
    stage.rollback()
    assert stage["a"] == 1
    assert base == {"a": 1}


def test_rollback_after_a_savepoint_undoes_only_the_writes_since() -> None:
    """Writes staged before the savepoint stay pending; the later set and delete are undone."""
    base: dict[str, Any] = {"a": 1, "b": 2}
    stage = StagedMapping(base)
    stage["a"] = 10
    stage["c"] = 3
    stage.savepoint()
    stage["a"] = 20
    stage["d"] = 4
    del stage["b"]
    del stage["c"]
    stage.rollback()
    assert dict(stage) == {"a": 10, "b": 2, "c": 3}
    assert stage.commit() == 2
    assert base == {"a": 10, "b": 2, "c": 3}
