"""The hot-meeting table: `parley extract` on N copies of one meeting, time and record sizes.

    python -m tests.bench.hot_extract 250 500 1000 2000 3000

For each N it writes the hot-meeting stream (tests/bench/hot_meeting.py) to a temporary
file, runs `parley extract` on it in a fresh process and prints its wall and CPU time, the
number of records, and the sizes of the last and of the largest record.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.hot_meeting import hot_articles

__all__ = ["measure"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(count: int, workdir: Path) -> tuple[float, float, int, int, int]:
    """(wall s, CPU s, records, last record bytes, largest record bytes) for `count`
    copies; CPU time is the child's, which a busy machine disturbs less than wall time."""
    src = workdir / f"hot{count}.jsonl"
    out = workdir / f"hot{count}.out.jsonl"
    with src.open("wb") as f:
        for value in hot_articles(count):
            f.write(value + b"\n")
    # The console script's entry point under this interpreter, so that PYTHONPATH can
    # point it at another tree (A/B runs against a copy of the old code).
    cli = "import sys; from parley.cli.main import main; sys.exit(main())"
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-c", cli, "extract", "-i", str(src), "-o", str(out)], check=True
    )
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    sizes = [len(line) for line in out.read_bytes().splitlines()]
    return wall, cpu, len(sizes), (sizes[-1] if sizes else 0), max(sizes, default=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", type=int, nargs="*", default=[250, 500, 1000])
    args = parser.parse_args(argv)
    print("reports  wall_s   cpu_s  records  last_bytes  max_bytes")
    with tempfile.TemporaryDirectory(prefix="parley-hot-") as tmp:
        for n in args.counts:
            wall, cpu, records, last, largest = measure(n, Path(tmp))
            print(
                f"{n:7d}  {wall:6.2f}  {cpu:6.2f}  {records:7d}  {last:10d}  {largest:9d}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
