"""A faust table written straight to its store, its changelog records sent by the agent.

Each assignment to a faust Table goes through faust's send buffer: a FutureMessage
and a PendingMessage per write, a task that hands them to the client one by one, and
a conductor that, past 100 waiting records, stops the stream to flush them ("producer
buffer full"), one 0.1 s-bounded wait per record. The dedup agent writes about ten
table values per article; a profile of the worker on the diplomatic-heavy stream had
as much CPU in that machinery as in the dedup core itself. Here the agent writes the
store (what `table[key] = value` changes in memory or RocksDB) and sends the same
changelog record faust would (key and value JSON with the table's codec, a tombstone
for a delete, the same partition) directly to the client, without waiting.

Delivery guarantee: unchanged. The records are sent only after the outputs of the
articles that wrote them are acknowledged (stream/staging.py), and faust's offset
commit flushes the client before it commits, as it did for its own buffer. RocksDB
stores still learn the offset each record reached (faust's `_on_changelog_sent`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Any

import orjson

__all__ = ["ChangelogTable"]

_DELETED = object()

#: The client's send: topic, key, value, partition -> a future of the acknowledgement.
SendFn = Callable[[str, bytes, bytes | None, int], Awaitable[Any]]


class ChangelogTable(MutableMapping[str, Any]):
    """A faust Table's store as a mapping; writes are queued for `flush`.

    Values must be JSON (as the tables' json schema requires).
    """

    def __init__(self, table: Any) -> None:
        self._table = table
        self._writes: dict[str, Any] = {}

    @property
    def _store(self) -> Any:
        # Looked up on every use: faust may replace the store (a new RocksDB handle)
        # across a rebalance.
        return self._table.data

    def __getitem__(self, key: str) -> Any:
        return self._store[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._store[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self._store

    def __iter__(self) -> Iterator[str]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def __setitem__(self, key: str, value: Any) -> None:
        self._store[key] = value
        self._writes[key] = value

    def __delitem__(self, key: str) -> None:
        del self._store[key]
        self._writes[key] = _DELETED

    async def flush(self, send: SendFn, partition: int) -> int:
        """Send the changelog record of every key written since the last flush (its
        latest value, or a tombstone) to the client; returns how many."""
        writes, self._writes = self._writes, {}
        topic = self._table.changelog_topic.get_topic_name()
        on_sent = self._table._on_changelog_sent
        for key, value in writes.items():
            ack = await send(
                topic,
                orjson.dumps(key),
                None if value is _DELETED else orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS),
                partition,
            )
            add_done_callback = getattr(ack, "add_done_callback", None)
            if add_done_callback is not None:
                add_done_callback(on_sent)
        return len(writes)
