"""Stress run of issue #17: SIGKILL-and-rebalance cycles with two workers.

    PARLEY_HOME=~/.cache/parley .venv/bin/python -m tests.integration.stress_rebalance \
        --cycles 20

Starts a broker of its own on a free port (or uses KAFKA_BOOTSTRAP_SERVERS), feeds the
development corpus twelve times under new ids (2,220 articles) in `cycles` chunks to a
4-partition topic read by two workers, and after each chunk SIGKILLs one of them (in
turn) a random moment later and starts it again: its new member joins at once and the
killed one is expelled after the 10 s session timeout, two rebalances per cycle. At the
end it requires, within a deadline, that the group's committed offsets reach the end
of every input and candidates partition, that every event's versions run 1..n, and
that the final events equal `parley extract`'s over the same articles in the order
the dedup partition saw them. Exit 0 when all hold; the worker logs stay in the
printed directory.

With `--mixed`, each cycle stops the worker that holds the dedup partition (read from
/readyz), by SIGTERM (a graceful leave) and SIGKILL in turn, restarts it at once, and
stops and restarts the other worker while the first one recovers its tables: joins,
leaves and recoveries overlap.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import orjson

from parley.broker import local
from parley.offline import OfflinePipeline
from parley.settings import Settings
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import (
    assert_versions_gapless,
    by_reports,
    corpus_lines,
    dedup_order,
    latest_per_event,
    read_topic,
    run_cli,
    start_member,
    stop_worker,
    values,
    wait_caught_up,
)

COPIES = 12


def _dedup_holder(settings: Settings, names: list[str]) -> str | None:
    """The worker whose /readyz names the candidates partition, if one does now."""
    wanted = f"{settings.app_id}-candidates/0"
    for n, name in enumerate(names):
        try:
            url = f"http://127.0.0.1:{settings.web_port + n}/readyz"
            with urllib.request.urlopen(url, timeout=2) as resp:
                if wanted in orjson.loads(resp.read()).get("partitions", []):
                    return name
        except OSError:
            continue
    return None


def _articles() -> list[bytes]:
    base = [orjson.loads(line) for line in corpus_lines()]
    return [orjson.dumps({**a, "id": f"{a['id']}~{n}"}) for n in range(COPIES) for a in base]


def run(bootstrap: str, workdir: Path, cycles: int, seed: int, mixed: bool = False) -> int:
    rng = random.Random(seed)
    settings = unique_settings(
        bootstrap,
        workdir / "worker",
        app_prefix="parley-stress",
        PARLEY_INPUT_PARTITIONS="4",
        # Equal to `parley extract` needs the same expiry; the corpus spans 2010-2026.
        PARLEY_DEDUP_WINDOW_DAYS="36500",
        PARLEY_SESSION_TIMEOUT_S="10",
    )
    lines = _articles()
    chunks = [lines[i::cycles] for i in range(cycles)]
    run_cli(settings, "topics", "create")
    names = ["w1", "w2"]
    logs = {name: workdir / f"{name}.log" for name in names}
    procs = {name: start_member(settings, logs[name], name, n) for n, name in enumerate(names)}
    started = time.monotonic()
    try:
        for cycle, chunk in enumerate(chunks):
            path = workdir / f"chunk{cycle}.jsonl"
            path.write_bytes(b"\n".join(chunk) + b"\n")
            run_cli(settings, "feed", str(path), "--no-progress")
            time.sleep(rng.uniform(0.5, 4.0))
            victim = names[cycle % 2]
            how = signal.SIGKILL
            if mixed:
                victim = _dedup_holder(settings, names) or victim
                how = signal.SIGTERM if cycle % 2 else signal.SIGKILL
            procs[victim].send_signal(how)
            procs[victim].wait()
            time.sleep(rng.uniform(0.0, 0.5) if mixed else rng.uniform(0.5, 3.0))
            procs[victim] = start_member(settings, logs[victim], victim, names.index(victim))
            if mixed:
                # The other one leaves and comes back while the first recovers.
                other = names[1 - names.index(victim)]
                time.sleep(rng.uniform(0.5, 2.0))
                procs[other].send_signal(signal.SIGTERM)
                procs[other].wait()
                procs[other] = start_member(settings, logs[other], other, names.index(other))
            print(
                f"cycle {cycle + 1}/{cycles}: fed {len(chunk)}, stopped {victim}"
                f" ({how.name}){' and the other' if mixed else ''}",
                flush=True,
            )
        topics = [settings.input_topic, f"{settings.app_id}-candidates"]
        wait_caught_up(settings, topics, timeout=600)
        caught_up = time.monotonic() - started
        exits = {name: p.poll() for name, p in procs.items()}
    finally:
        for proc in procs.values():
            stop_worker(proc)
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    assert_versions_gapless(records)
    by_id = {orjson.loads(line)["id"]: line for line in lines}
    order = dedup_order(settings, by_id)
    offline: list[dict[str, Any]] = [
        r for r in OfflinePipeline(settings).run(order) if isinstance(r, dict)
    ]
    stream, expected = latest_per_event(records), latest_per_event(offline)
    equal = by_reports(stream) == by_reports(expected)
    print(
        f"{len(lines)} articles, {cycles} kill-and-restart cycles: committed offsets at the end"
        f" of every partition after {caught_up:.0f}s; {len(records)} records,"
        f" {len(stream)} events (parley extract: {len(expected)}); equal: {equal};"
        f" workers alive at the end: {exits}"
    )
    return 0 if equal and all(code is None for code in exits.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--mixed", action="store_true", help="graceful leaves too, overlapping recoveries"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="parley-stress-"))
    print(f"logs in {workdir}", flush=True)
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        return run(given, workdir, args.cycles, args.seed, args.mixed)
    home, port = broker_home(workdir / "kafka-home"), free_port(2)
    try:
        return run(local.start(home, port=port), workdir, args.cycles, args.seed, args.mixed)
    finally:
        local.stop(home, port=port)


if __name__ == "__main__":
    sys.exit(main())
