"""The consumer both stream apps build: faust's, with a short fetch wait, large fetches
and a cap on the records decoded per hand-over.

The fetch wait is set through a private aiokafka attribute (see stream/transport.py);
these tests build the aiokafka consumer, without connecting, so that an upgrade which
renames it fails here rather than quietly bringing back the 1.5 s stalls.
"""

from __future__ import annotations

import asyncio
import ctypes
import platform
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parley.settings import Settings
from parley.stream.allocator import MMAP_THRESHOLD, fix_mmap_threshold, trim
from parley.stream.app import MAX_POLL_RECORDS, new_faust_app
from parley.stream.transport import FETCH_MAX_WAIT_MS
from tests.bench.passthrough import build_passthrough

# (fetch wait ms, max bytes per partition, faust's consumer_max_fetch_size,
#  records per hand-over to faust)
Consumer = tuple[int, int, int, int | None]


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
                consumer._max_poll_records,
            )
        finally:
            await consumer.stop()
            # The consumer thread's own loop, made up front though the thread never ran.
            thread.thread_loop.close()

    return asyncio.run(build())


def _settings(tmp_path: Path, name: str) -> Settings:
    return Settings(app_id=name, output_topic=f"{name}.out", data_dir=str(tmp_path / name))


def test_worker_consumer_waits_briefly_for_fetches_and_fetches_4_mib(tmp_path: Path) -> None:
    wait, per_partition, _, _ = _consumer_of(lambda: new_faust_app(_settings(tmp_path, "unit-w")))
    assert (wait, per_partition) == (FETCH_MAX_WAIT_MS, 4 * 1024 * 1024)
    assert FETCH_MAX_WAIT_MS < 1500  # faust's own


def test_worker_consumer_hands_faust_at_most_max_poll_records_a_call(tmp_path: Path) -> None:
    """faust's default (None) would decode every buffered record of a fetch at once."""
    *_, per_call = _consumer_of(lambda: new_faust_app(_settings(tmp_path, "unit-w")))
    assert per_call == MAX_POLL_RECORDS


def test_a_whole_partition_fetch_is_above_the_mmap_threshold(tmp_path: Path) -> None:
    """So that every full fetch buffer gets a mapping of its own and is unmapped when freed."""
    _, per_partition, _, _ = _consumer_of(lambda: new_faust_app(_settings(tmp_path, "unit-w")))
    assert per_partition > MMAP_THRESHOLD


def test_an_article_body_of_the_longest_allowed_size_stays_below_the_threshold() -> None:
    """Article bodies come from the malloc arenas; only buffers larger than any of them map."""
    assert Settings().max_body_bytes < MMAP_THRESHOLD


def test_the_mmap_threshold_is_fixed_on_glibc() -> None:
    """This machine's Linux uses glibc, whose mallopt accepts the threshold."""
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    assert fix_mmap_threshold() is True


@pytest.mark.parametrize("call", [fix_mmap_threshold, trim], ids=["mallopt", "malloc_trim"])
def test_without_the_c_library_call_it_is_a_no_op(
    call: Callable[[], bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A C library without the function makes the call return False instead of failing
    start-up or the trim timer."""

    def no_libc(name: object) -> object:
        raise OSError("no C library here")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert call() is False


# Holes of 96 KiB (below glibc's starting mmap threshold, so on the heap) between
# blocks that stay: only the heap's top could be given back without malloc_trim.
_FRAGMENT_AND_TRIM = """
from parley.stream.allocator import trim

def rss_kb():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1])

blocks = [bytearray(96 * 1024) for _ in range(400)]
del blocks[::2]
before = rss_kb()
assert trim()
print(before - rss_kb())
"""


def test_trim_gives_back_the_free_pages_inside_a_heap() -> None:
    """200 freed 96 KiB blocks among live ones: about 19 MB that only malloc_trim returns."""
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        pytest.skip("glibc only")
    # A process of its own: this one's heap holds whatever earlier tests left in it.
    out = subprocess.run(
        [sys.executable, "-c", _FRAGMENT_AND_TRIM], capture_output=True, text=True, check=True
    )
    released_kb = int(out.stdout)
    assert released_kb > 15 * 1024, released_kb


def test_both_apps_trim_their_heaps_on_a_timer(tmp_path: Path) -> None:
    """The worker's and the passthrough's faust apps both run the trim timer."""
    for app in (
        new_faust_app(_settings(tmp_path, "unit-w")),
        build_passthrough(_settings(tmp_path, "unit-pt")),
    ):
        # faust keeps an app's tasks and timers in this list until the worker starts them.
        assert "trim_heaps" in [task.__name__ for task in app._app_tasks]


def test_passthrough_builds_the_same_consumer(tmp_path: Path) -> None:
    worker = _consumer_of(lambda: new_faust_app(_settings(tmp_path, "unit-w")))
    passthrough = _consumer_of(lambda: build_passthrough(_settings(tmp_path, "unit-pt")))
    assert passthrough == worker
