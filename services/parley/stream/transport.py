"""faust's aiokafka transport with a short fetch wait, for the worker and the passthrough.

faust builds its aiokafka consumer with `fetch_max_wait_ms=1500` and offers no setting
for it. aiokafka keeps at most one fetch in flight per broker, and after 0.1 s with
records buffered for some partitions it fetches the others on their own. A fetch for
partitions with nothing new, such as the worker's one candidates partition between
bursts, then sits at the broker for the whole wait, and while it does no fetch for the
input partitions can leave for that broker: the agents drain what they have and idle
for up to 1.5 s. With one broker (the benchmark, the tests, small deployments) every
partition shares that one fetch slot.

Measured with a pre-loaded backlog of 20,000 realistic articles on the 2-core machine,
a 100 ms wait together with 4 MiB fetches (app.py) took the worker from 940-960 to
1,440-2,100 articles/s, and the passthrough, which uses this transport too so that both
apps keep one consumer configuration, from 1,030-1,050 to 2,290-2,790/s (its four
input partitions are not always buffered together either, so it waited in the same
way, if less often). An idle consumer now asks each broker for records ten times a
second instead of once in 1.5 s.

It also gives the clients' metadata refresh an exponential backoff. aiokafka has no
reconnect backoff: a connection refused makes `_get_conn` ask for new metadata at
once, and the producer's sender, holding batches whose leader is unknown, asks again
as soon as the previous answer (a failure) comes back. With the brokers away and work
in flight that loop took half a core on the 2-core machine (py-spy: most samples in
`_md_synchronizer` -> `_metadata_update` -> `create_conn`). After each failed refresh
the client now waits 0.1 s, doubling up to `METADATA_BACKOFF_MAX_S`, before it
answers; the first success resets it. Recovery after an outage is at most that much
later.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka

__all__ = ["FETCH_MAX_WAIT_MS", "METADATA_BACKOFF_MAX_S", "StreamApp", "back_off_metadata"]

log = logging.getLogger("parley.stream")

#: How long a broker may hold a fetch that finds no new records.
FETCH_MAX_WAIT_MS = 100
#: The longest pause between metadata refreshes that keep failing.
METADATA_BACKOFF_MAX_S = 2.0


def back_off_metadata(client: Any, first_s: float = 0.1) -> bool:
    """Make an aiokafka client pause, exponentially, after each failed metadata refresh.

    Wraps the client's private `_metadata_update`; returns False (and changes
    nothing) if this aiokafka has none.
    """
    original = getattr(client, "_metadata_update", None)
    if original is None:
        log.warning("cannot back off metadata refreshes with this aiokafka version")
        return False
    delay = 0.0

    async def _metadata_update(cluster: Any, topics: Any) -> Any:
        nonlocal delay
        updated = await original(cluster, topics)
        if updated:
            delay = 0.0
        else:
            delay = min(METADATA_BACKOFF_MAX_S, max(first_s, delay * 2))
            await asyncio.sleep(delay)
        return updated

    client._metadata_update = _metadata_update
    return True


class _ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        # aiokafka reads this when the consumer starts and builds its fetcher, which
        # has not happened yet here. A private attribute: if a new aiokafka renames it,
        # say so and keep faust's wait rather than fail to start.
        if hasattr(consumer, "_fetch_max_wait_ms"):
            consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS
        else:
            log.warning("cannot shorten the consumer's fetch wait with this aiokafka version")
        back_off_metadata(getattr(consumer, "_client", None))
        return consumer


class _Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _ConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class _Producer(faust_aiokafka.Producer):
    def _new_producer(self, transactional_id: str | None = None) -> Any:
        producer = super()._new_producer(transactional_id)
        back_off_metadata(getattr(producer, "client", None))
        return producer


class _Transport(faust_aiokafka.Transport):
    Consumer = _Consumer
    Producer = _Producer


class StreamApp(faust.App):
    """A faust app whose consumer uses `FETCH_MAX_WAIT_MS`; otherwise faust's own."""

    def _new_transport(self) -> Any:
        return _Transport(self.conf.broker_consumer, self)
