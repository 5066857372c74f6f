"""The consumer both stream apps build: faust's, with a short fetch wait and large fetches.

The fetch wait is set through a private aiokafka attribute (see stream/transport.py);
these tests build the aiokafka consumer, without connecting, so that an upgrade which
renames it fails here rather than quietly bringing back the 1.5 s stalls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parley.settings import Settings
from parley.stream.app import new_faust_app
from parley.stream.passthrough import build_passthrough
from parley.stream.transport import FETCH_MAX_WAIT_MS

# (fetch wait ms, max bytes per partition, faust's consumer_max_fetch_size)
Consumer = tuple[int, int, int]


def _consumer_of(make_app: Callable[[], Any]) -> Consumer:
    """What the aiokafka consumer of the app `make_app` builds would fetch with."""

    async def build() -> Consumer:
        # Inside the loop, so that faust's services bind to it and go away with it.
        app = make_app()
        thread = app.consumer._thread
        consumer = thread._create_worker_consumer(app.transport)
        try:
            return (
                consumer._fetch_max_wait_ms,
                consumer._max_partition_fetch_bytes,
                app.conf.consumer_max_fetch_size,
            )
        finally:
            await consumer.stop()
            # The consumer thread's own loop, made up front though the thread never ran.
            thread.thread_loop.close()

    return asyncio.run(build())


def _settings(tmp_path: Path, name: str) -> Settings:
    return Settings(app_id=name, output_topic=f"{name}.out", data_dir=str(tmp_path / name))


def test_worker_consumer_waits_briefly_for_fetches_and_fetches_4_mib(tmp_path: Path) -> None:
    wait, per_partition, _ = _consumer_of(lambda: new_faust_app(_settings(tmp_path, "unit-w")))
    assert (wait, per_partition) == (FETCH_MAX_WAIT_MS, 4 * 1024 * 1024)
    assert FETCH_MAX_WAIT_MS < 1500  # faust's own


def test_passthrough_builds_the_same_consumer(tmp_path: Path) -> None:
    worker = _consumer_of(lambda: new_faust_app(_settings(tmp_path, "unit-w")))
    passthrough = _consumer_of(lambda: build_passthrough(_settings(tmp_path, "unit-pt")))
    assert passthrough == worker
