"""Batch: records sent without waiting, settled together, resent in order on failure."""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError

from parley.kafka.failures import Undeliverable
from parley.stream.batching import Batch


class _Client:
    """Acknowledges each record with the outcome scripted for its value."""

    def __init__(self, fail_first: dict[bytes, BaseException]) -> None:
        self.fail_first = dict(fail_first)
        self.queued: list[bytes] = []
        self.delivered: list[bytes] = []

    async def send(self, topic: str, key: bytes | None, value: bytes) -> Any:
        self.queued.append(value)
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        error = self.fail_first.pop(value, None)
        if error is None:
            ack.set_result(None)
        else:
            ack.set_exception(error)
        return ack

    async def deliver(
        self, topic: str, key: bytes | None, value: bytes, context: dict[str, Any]
    ) -> None:
        if value.startswith(b"huge"):
            raise Undeliverable(topic, MessageSizeTooLargeError())
        self.delivered.append(value)


def _run(client: _Client, messages: list[list[bytes]]) -> tuple[list[Any], list[str]]:
    done: list[str] = []

    async def go() -> list[Any]:
        batch = Batch(client.send, client.deliver, max_messages=10)
        for n, values in enumerate(messages):
            pending = batch.add(f"m{n}")
            for v in values:
                await batch.send(pending, "t", None, v, {}, lambda v=v: done.append(v.decode()))
        return await batch.settle()

    return asyncio.run(go()), done


def test_all_acknowledged_settles_without_resending() -> None:
    """With every ack good, nothing is delivered again and every callback runs once."""
    client = _Client({})
    settled, done = _run(client, [[b"a1", b"a2"], [b"b1"]])
    assert [p.event for p in settled] == ["m0", "m1"]
    assert all(p.refused is None for p in settled)
    assert client.delivered == []
    assert done == ["a1", "a2", "b1"]


def test_a_failed_ack_resends_from_its_message_on_in_order() -> None:
    """A timeout on the second message's record resends that message's and every later
    message's records in the original order; the first message is not sent again."""
    client = _Client({b"b1": KafkaTimeoutError()})
    settled, done = _run(client, [[b"a1"], [b"b1", b"b2"], [b"c1"]])
    assert client.delivered == [b"b1", b"b2", b"c1"]
    assert done == ["a1", "b1", "b2", "c1"]
    assert all(p.refused is None for p in settled)


def test_a_record_refused_for_good_marks_only_its_message() -> None:
    """A record too large for the brokers leaves its message refused and the others clean."""
    client = _Client({b"huge": MessageSizeTooLargeError()})
    settled, done = _run(client, [[b"a1"], [b"huge"], [b"c1"]])
    assert [p.refused is not None for p in settled] == [False, True, False]
    assert done == ["a1", "c1"]


def test_orjson_writes_a_candidate_as_candidate_to_dict_does() -> None:
    """The extract agent serializes candidates with orjson's dataclass support; the
    bytes equal those of the dict form the dedup agent reads back."""
    import orjson

    from parley.codec import candidate_from_dict, candidate_to_dict
    from parley.model import Candidate, Location, Participant, SourceRef

    c = Candidate(
        kind="meeting",
        mode="in_person",
        status="occurred",
        date="2026-12-01",
        date_precision="day",
        location=Location("Paris", "FR", None),
        participants=(Participant("Ana Silva", "President", "BR"), Participant(None, None, "FR")),
        organizer=None,
        topics=("trade",),
        source=SourceRef("a1", "https://news.example/a1", "News", "2026-12-01T10:00:00Z", "Met."),
        confidence=0.75,
    )
    assert orjson.dumps(c) == orjson.dumps(candidate_to_dict(c))
    assert candidate_from_dict(orjson.loads(orjson.dumps(c))) == c
