"""A fixed mmap threshold for glibc's malloc, so that fetch buffers go back to the OS.

Each fetch response carries up to `consumer_max_fetch_size` (4 MiB) of records per
partition, read by aiokafka in faust's consumer thread into one bytes object that lives
until the last record in it has been handed out. glibc serves requests above its mmap
threshold (128 KiB at first) with a mapping of their own and unmaps them on free, but
each such free raises the threshold to the freed size, up to 32 MiB, and the trim
threshold to twice that. After the first fetch buffer is freed, the next ones come from
the consumer thread's malloc arena instead, among the small allocations made there too,
and an arena gives pages back to the OS only from its top.

In the memory benchmark (`tests.bench.end_to_end --memory`, 4 MiB fetches) the worker's
RSS was 162 MB after 100k articles and 195-198 MB from 200k to 400k, that thread's
arena alone 51-64 MB. With both thresholds fixed here and the record cap of app.py,
the arena stays at 9 MB or less; two runs to 1M articles read 112-128 MB at every
checkpoint in one, and 112-115 MB up to 600k in the other, where the main thread's
heap then grew (125-178 MB from 700k to 1M). It is set once, before faust starts its
consumer thread.

Setting the threshold also stops glibc from moving it, which is the point. A buffer of
a MiB or more is rare outside fetches, and one mmap and munmap per fetch buffer is
little next to decoding the thousand or more records in it; alternated with the tree
before this change, saturation throughput and CPU time per article did not move beyond
the machine's noise. On a C library other than glibc (musl's mallopt does nothing) this
is a no-op.

Fixed thresholds do not keep the main thread's heap from holding freed memory: glibc
gives back only the free space at a heap's top, and a burst of allocations freed
around a few that live on leaves holes below it. In one run to 1M articles the heap
grew from 33 to 86 MB within 3 s and stayed there (178 MB RSS against 116 MB at 100k).
Caught in such a state by gdb, the heap held 48 MB of which 26 MB were free chunks, and
malloc_trim(0), which also releases the whole free pages inside a heap, took the RSS
from 134 to 108 MB. `trim` does that; new_faust_app calls it every TRIM_INTERVAL_S.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

__all__ = ["MMAP_THRESHOLD", "TRIM_INTERVAL_S", "fix_mmap_threshold", "trim"]

log = logging.getLogger("parley.stream")

#: Requests at least this large get a mapping of their own, unmapped when freed: below
#: a partition's fetch size (app.py), above the longest body an article may have (1 MB).
MMAP_THRESHOLD = 1024 * 1024

#: How much free memory the top of the main heap may keep before malloc gives it back:
#: glibc's starting value, which its moving mmap threshold raises along with itself.
TRIM_THRESHOLD = 128 * 1024

#: How often the apps give freed heap pages back (`trim`). The call walks the free
#: chunks of every arena: under 2 ms in an 86 MB process of article-sized blocks, so
#: 0.02 % of a core; pages given back and wanted again soon cost a fault each. A swing
#: of the heap lasts this long at most.
TRIM_INTERVAL_S = 10.0

# Parameter numbers from glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _libc(name: str, *argtypes: type[ctypes.c_int] | type[ctypes.c_size_t]) -> Any:
    """The C library's function `name`, returning an int; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix malloc's mmap threshold for this process; False where the C library ignores it."""
    mallopt = _libc("mallopt", ctypes.c_int, ctypes.c_int)
    if mallopt is None:
        return False
    # Imports and start-up may have moved both thresholds already (a free of a large
    # mapped block raises the trim threshold to twice the new mmap threshold), and
    # fixing the one does not bring the other back.
    applied = bool(mallopt(_M_MMAP_THRESHOLD, threshold))
    applied = bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)) and applied
    if not applied:
        log.debug("malloc ignored the mmap threshold; fetch buffers may stay resident")
    return applied


def trim() -> bool:
    """Give every whole free page of every malloc arena back to the OS (glibc's
    malloc_trim(0)); False where the C library has no such call."""
    malloc_trim = _libc("malloc_trim", ctypes.c_size_t)
    if malloc_trim is None:
        return False
    # Its result says whether any memory was released, which is not a failure either way.
    malloc_trim(0)
    return True
