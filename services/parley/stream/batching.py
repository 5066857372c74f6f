"""Sending an agent's records without waiting on each one, and settling them in batches.

Waiting for the brokers' acknowledgement of every record before the next message was
most of what the agents did on a busy stream: the extract agent spent its time in one
produce round trip per article, the dedup agent in two or three. Here an agent hands
its records to the Kafka client as it goes (`Batch.send`: queued in the client, in
order, nothing awaited but room in its buffer) and settles the whole batch when the
stream has nothing more buffered or the batch is full (`Batch.settle`): it waits for
every acknowledgement, and only then may the agent say its messages are done (commit
its staged table writes, ack the events). The guarantee is the one of sending each
record and waiting: no message is acked before everything it produced is acknowledged.

When a send of the batch failed, every record from the first message with a failure
on is sent again one at a time through the agent's own retrying delivery, in the
original order: versions of one key may repeat (at least once, as after a crash) but
the last one written is the latest. A record no retry can cure (kafka/failures.py)
ends as `Undeliverable` against its own message only, as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from parley.kafka.failures import Undeliverable

__all__ = ["Batch", "Pending", "Sent"]

#: The agent's producer: topic, key, value -> a future of the acknowledgement.
SendFn = Callable[[str, bytes | None, bytes], Awaitable[Awaitable[Any]]]
#: The agent's retrying delivery: topic, key, value, log context; raises Undeliverable.
DeliverFn = Callable[[str, bytes | None, bytes, dict[str, Any]], Awaitable[None]]


@dataclass(slots=True)
class Sent:
    """One record handed to the client, and what to do once it is acknowledged."""

    topic: str
    key: bytes | None
    value: bytes
    context: dict[str, Any]
    ack: Awaitable[Any] | None
    on_delivered: Callable[[], None] | None = None


@dataclass(slots=True)
class Pending:
    """One input message of the batch: its event and the records it produced."""

    event: Any
    sent: list[Sent] = field(default_factory=list)
    #: Set by `Batch.settle`: the last refusal no retry can cure, if any.
    refused: Undeliverable | None = None
    #: Free for the agent: what to do with the message once it is settled.
    extra: Any = None


class Batch:
    """The messages an agent has processed but not yet acked, in order."""

    def __init__(self, send: SendFn, deliver: DeliverFn, *, max_messages: int) -> None:
        self._send = send
        self._deliver = deliver
        self.max_messages = max_messages
        self.messages: list[Pending] = []

    def __len__(self) -> int:
        return len(self.messages)

    def add(self, event: Any) -> Pending:
        """Start the entry of the next message."""
        pending = Pending(event)
        self.messages.append(pending)
        return pending

    async def send(
        self,
        pending: Pending,
        topic: str,
        key: bytes | None,
        value: bytes,
        context: dict[str, Any],
        on_delivered: Callable[[], None] | None = None,
    ) -> None:
        """Queue one record of `pending`'s message in the client, in call order."""
        try:
            ack: Awaitable[Any] | None = await self._send(topic, key, value)
        except asyncio.CancelledError:
            raise
        except Exception:
            # Not even queued (buffer full past the client's wait, client closing):
            # `settle` delivers it the slow way.
            ack = None
        pending.sent.append(Sent(topic, key, value, context, ack, on_delivered))

    def full(self, stream_empty: bool) -> bool:
        """Whether to settle now: nothing more is buffered, or the batch is at its cap."""
        return bool(self.messages) and (stream_empty or len(self.messages) >= self.max_messages)

    async def settle(self) -> list[Pending]:
        """Wait until every record of the batch is acknowledged (or refused for good);
        return the batch's messages, in order, and start a new batch."""
        batch, self.messages = self.messages, []
        acks = [s.ack for p in batch for s in p.sent if s.ack is not None]
        results = await asyncio.gather(*acks, return_exceptions=True) if acks else []
        failed = iter(results)
        first_bad = len(batch)
        for k, pending in enumerate(batch):
            bad = False
            for s in pending.sent:
                if s.ack is None or isinstance(next(failed), BaseException):
                    bad = True
            if bad:
                first_bad = k
                break
        for pending in batch[:first_bad]:
            for s in pending.sent:
                if s.on_delivered is not None:
                    s.on_delivered()
        for pending in batch[first_bad:]:
            for s in pending.sent:
                try:
                    await self._deliver(s.topic, s.key, s.value, s.context)
                except Undeliverable as exc:
                    pending.refused = exc
                    continue
                if s.on_delivered is not None:
                    s.on_delivered()
        return batch
