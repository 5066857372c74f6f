"""Issue #17, the silent stop: freeze the broker right after a rebalance's assignment.

    PARLEY_HOME=~/.cache/parley .venv/bin/python -m tests.integration.freeze_during_rebalance

Starts a broker of its own and one worker, feeds 60 corpus articles, starts a second
worker and, within milliseconds of the first worker logging its new assignment,
stops the broker with SIGSTOP for `--freeze` seconds (default 100, past faust's 90 s
broker_request_timeout), then SIGCONT. faust's table recovery waits time out, its
recovery loop ends (docs/reliability.md, section 7) and, without Parley's watchdog,
the worker sits with its partitions paused for good. Prints each worker's exit code
and /readyz 100 s after the broker resumed; the logs stay in the printed directory.
A worker whose recovery loop ended should have exited 1 with "faust's table recovery
loop has ended" in its log. Not part of the suite: it takes about four minutes.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from parley.broker import local
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import corpus_lines, run_cli, start_member, stop_worker


def _readyz(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as resp:
            return f"{resp.status} {resp.read()[:200]!r}"
    except urllib.error.HTTPError as err:
        return f"{err.code} {err.read()[:200]!r}"
    except OSError as exc:
        return f"no answer ({exc})"


def run(workdir: Path, freeze: float) -> int:
    home, port = broker_home(workdir / "kafka-home"), free_port(2)
    bootstrap = local.start(home, port=port)
    broker_pid = local.status(home, port=port).pid
    assert broker_pid is not None
    procs: list[subprocess.Popen[bytes]] = []
    try:
        settings = unique_settings(bootstrap, workdir / "worker", PARLEY_INPUT_PARTITIONS="2")
        run_cli(settings, "topics", "create")
        procs.append(start_member(settings, workdir / "w1.log", "w1", 0))
        log1 = workdir / "w1.log"
        while b"Worker ready" not in log1.read_bytes():
            time.sleep(0.5)
        feed = workdir / "feed.jsonl"
        feed.write_bytes(b"\n".join(corpus_lines()[:60]) + b"\n")
        run_cli(settings, "feed", str(feed), "--no-progress")
        time.sleep(3)
        seen = log1.read_bytes().count(b"generation id")
        procs.append(start_member(settings, workdir / "w2.log", "w2", 1))
        # Recovery logs "generation id N" as it begins: freeze the broker right then.
        while log1.read_bytes().count(b"generation id") == seen:
            time.sleep(0.005)
        os.kill(broker_pid, signal.SIGSTOP)
        print(f"broker frozen for {freeze:.0f}s right after a rebalance's assignment", flush=True)
        time.sleep(freeze)
        os.kill(broker_pid, signal.SIGCONT)
        run_cli(settings, "feed", str(feed), "--no-progress")
        time.sleep(100)
        for n, proc in enumerate(procs):
            print(f"w{n + 1}: exit code {proc.poll()}, /readyz {_readyz(settings.web_port + n)}")
    finally:
        for proc in procs:
            stop_worker(proc)
        os.kill(broker_pid, signal.SIGCONT)
        local.stop(home, port=port)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--freeze", type=float, default=100.0)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="parley-freeze-"))
    print(f"logs in {workdir}", flush=True)
    return run(workdir, args.freeze)


if __name__ == "__main__":
    sys.exit(main())
