"""Memory of the worker's core, without Kafka: where does RSS go as articles pass?

    python -m tests.bench.memory                          # 100k articles, a few minutes
    python -m tests.bench.memory --checkpoints 100000,1000000
    python -m tests.bench.memory --trace --checkpoints 100000,300000  # tracemalloc growth
    python -m tests.bench.memory --trim    # free heap pages returned before RSS is read

Runs decode, extract and dedup in this process, in the worker's order, on the same
generated stream as `end_to_end --memory` (short bodies, event time advancing so that
the dedup window is full at the first checkpoint). At each checkpoint it prints RSS,
the Python heap as tracemalloc or the allocator sees it, and the dedup state's size.
With --trace it also prints the source lines whose live allocations grew most since
the first checkpoint: growth there is ours (an unbounded cache, state that never
expires); growth of RSS with a flat count of live blocks is the allocator holding freed memory
(--trim returns glibc's free pages first, so what is left is live or fragmented).
Under --trace, RSS and blocks also count tracemalloc's own records and, from the
second row on, the snapshot kept of the first checkpoint (some 50 MB and 300k blocks
at 100k articles): compare traced MB there, and RSS from runs without --trace.

Without Kafka and faust this isolates the core: if RSS is flat here and grows in the
worker, the growth is in faust, aiokafka or the table store.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import sys
import time
import tracemalloc
from datetime import date

from parley.offline import OfflinePipeline
from tests.bench.corpus_gen import DEFAULT_SEED, generate, memory_stream, rss_mb


def _trim() -> bool:
    """Hand glibc's free heap pages back to the system; False where there is no glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    libc.malloc_trim(0)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoints", default="10000,100000", help="article counts")
    parser.add_argument("--samples", type=int, default=5, help="extra evenly spaced rows")
    parser.add_argument("--min-words", type=int, default=40)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--trace", action="store_true", help="tracemalloc: lines that grew")
    parser.add_argument("--top", type=int, default=15, help="--trace: lines to print")
    parser.add_argument(
        "--trim",
        action="store_true",
        help="malloc_trim before reading RSS: what is left is live or fragmented memory",
    )
    args = parser.parse_args(argv)

    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    stages, spec = memory_stream(
        checkpoints, args.samples, args.seed, args.min_words, args.max_words
    )
    # The worker keeps no candidates once they are deduplicated; neither does this run
    # (kept, they would add one dict entry per article between checkpoints).
    pipeline = OfflinePipeline(keep_candidates=False)
    if args.trace:
        tracemalloc.start(1)
    items = generate(spec)
    print(
        f"memory of the core (decode, extract, dedup), one process; {args.min_words}-"
        f"{args.max_words}-word bodies, {spec.articles_per_day} articles per event-time day, "
        f"dedup window "
        f"{pipeline.settings.dedup_window_days} days{'; tracemalloc on' if args.trace else ''}"
    )
    print(
        f"{'articles':>10}{'event day':>12}{'RSS MB':>9}{'blocks k':>10}"
        f"{'traced MB':>11}{'dedup events':>14}{'art/s':>8}"
    )
    done = 0
    baseline: tracemalloc.Snapshot | None = None
    rss: dict[int, float] = {}
    for stage in stages:
        start = time.perf_counter()
        # Lazily: a list of the stage's messages would itself be the biggest thing here.
        for _ in pipeline.run(next(items).value for _ in range(stage - done)):
            pass
        rate = (stage - done) / (time.perf_counter() - start)
        done = stage
        gc.collect()
        if args.trim:
            _trim()
        rss[stage] = rss_mb() or float("nan")
        traced = tracemalloc.get_traced_memory()[0] / 1e6 if args.trace else float("nan")
        day = spec.start.toordinal() + (stage - 1) // spec.articles_per_day
        print(
            f"{stage:>10}{date.fromordinal(day).isoformat():>12}{rss[stage]:>9.1f}"
            f"{sys.getallocatedblocks() / 1e3:>10.0f}{traced:>11.1f}"
            f"{len(pipeline.events):>14}{rate:>8.0f}",
            flush=True,
        )
        if args.trace and stage == checkpoints[0]:
            baseline = tracemalloc.take_snapshot()
    first, last = rss[checkpoints[0]], rss[spec.count]
    print(f"RSS after {spec.count} vs after {checkpoints[0]} articles: {last / first - 1:+.1%}")
    if baseline is not None:
        print(f"\nlines whose live allocations grew most after {checkpoints[0]} articles:")
        growth = tracemalloc.take_snapshot().compare_to(baseline, "lineno")
        for stat in growth[: args.top]:
            print(
                f"  {stat.size_diff / 1e6:+8.2f} MB {stat.count_diff:+9d} blocks  {stat.traceback}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
