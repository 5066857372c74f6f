"""Table writes held back until the records they describe are safely published.

faust sends every table assignment to its changelog at once. If the worker died after
the changelog write but before the output record left, a restart would find the
article marked as seen and never publish it. Staging the writes and applying them
only after the broker acknowledged the outputs turns that into the harmless case: a
restart replays the article and publishes the same record again.

The dedup agent stages the writes of a whole batch of articles (stream/batching.py)
and commits them together; a key written by several articles of the batch reaches the
table, and its changelog, once. `savepoint()` before each article lets `rollback()`
undo that article's writes alone.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

__all__ = ["StagedMapping"]

_DELETED = object()
_ABSENT = object()


class StagedMapping(MutableMapping[str, Any]):
    """Reads see pending writes; `commit()` applies them to the underlying mapping."""

    def __init__(self, base: MutableMapping[str, Any]) -> None:
        self._base = base
        self._pending: dict[str, Any] = {}
        # (key, its pending value before the write) since the last savepoint, if any.
        self._undo: list[tuple[str, Any]] | None = None

    def __getitem__(self, key: str) -> Any:
        if key in self._pending:
            value = self._pending[key]
            if value is _DELETED:
                raise KeyError(key)
            return value
        return self._base[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if self._undo is not None:
            self._undo.append((key, self._pending.get(key, _ABSENT)))
        self._pending[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        if self._undo is not None:
            self._undo.append((key, self._pending.get(key, _ABSENT)))
        self._pending[key] = _DELETED

    def __contains__(self, key: object) -> bool:
        if key in self._pending:
            return self._pending[key] is not _DELETED
        return key in self._base

    def __iter__(self) -> Iterator[str]:
        for key in self._base:
            if key not in self._pending:
                yield key
        for key, value in self._pending.items():
            if value is not _DELETED:
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def commit(self) -> int:
        """Apply the pending writes in order; returns how many there were."""
        count = len(self._pending)
        for key, value in self._pending.items():
            if value is _DELETED:
                if key in self._base:
                    del self._base[key]
            else:
                self._base[key] = value
        self._pending.clear()
        self._undo = None
        return count

    def savepoint(self) -> None:
        """Mark the point `rollback()` returns to; the writes before it stay pending."""
        self._undo = []

    def rollback(self) -> None:
        """Forget the pending writes since the last savepoint (all of them if none)."""
        if self._undo is None:
            self._pending.clear()
            return
        for key, before in reversed(self._undo):
            if before is _ABSENT:
                del self._pending[key]
            else:
                self._pending[key] = before
        self._undo = []
