"""The consumer-state report logged with a stall (stream/diagnosis.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import orjson
from faust.types import TP

from parley.settings import Settings
from parley.stream.app import build_app
from parley.stream.diagnosis import consumer_state


def _state(tmp_path: Path) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        app, _ = build_app(Settings(app_id="unit-diag", data_dir=str(tmp_path)))
        consumer = app.consumer
        tp = TP("unit-diag-candidates", 0)
        # An ack list with a hole at its head: the shape that stops commits.
        consumer._committed_offset[tp] = 40
        consumer._acked[tp].extend([45, 46, 47])
        consumer._read_offset[tp] = 48
        try:
            return consumer_state(app, [("unit-diag-candidates", 0)])
        finally:
            consumer._thread.thread_loop.close()

    return asyncio.run(run())


def test_stall_report_names_faust_bookkeeping_of_the_stalled_partition(tmp_path: Path) -> None:
    """The report carries the partition's read and committed offsets and its ack list,
    and serializes to JSON for the log line."""
    state = _state(tmp_path)
    part = state["partitions"]["unit-diag-candidates/0"]
    assert (part["read_offset"], part["committed_offset"]) == (48, 40)
    assert (part["acked"], part["acked_min"], part["acked_max"]) == (3, 45, 47)
    assert state["fetcher"]["running_tasks"] == 0  # never started
    assert state["tasks"] == {}
    assert orjson.loads(orjson.dumps(state))["partitions"]
