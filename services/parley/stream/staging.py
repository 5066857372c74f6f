"""Table writes held back until the records they describe are safely published.

faust sends every table assignment to its changelog at once. If the worker died after
the changelog write but before the output record left, a restart would find the
article marked as seen and never publish it. Staging the writes and applying them
only after the broker acknowledged the outputs turns that into the harmless case: a
restart replays the article and publishes the same record again.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

__all__ = ["StagedMapping"]

_DELETED = object()


class StagedMapping(MutableMapping[str, Any]):
    """Reads see pending writes; `commit()` applies them to the underlying mapping."""

    def __init__(self, base: MutableMapping[str, Any]) -> None:
        self._base = base
        self._pending: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._pending:
            value = self._pending[key]
            if value is _DELETED:
                raise KeyError(key)
            return value
        return self._base[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._pending[key] = value

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
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
        return count

    def rollback(self) -> None:
        """Forget the pending writes."""
        self._pending.clear()
