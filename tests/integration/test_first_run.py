"""A new user's first run: every command of the README's command-line table, once, as
a user types it (the console script, in a directory with no `.parley` yet, the worker
started by hand rather than by `make run`), and each bad input a user is likely to
give, with the one line and the exit code each must produce.

The test starts its own local broker with `parley broker start`, as the README says,
sharing the machine's Kafka jars.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from tests.conftest import CORPUS, ROOT
from tests.integration.isolation import broker_home, free_port, unique_settings

pytestmark = pytest.mark.integration

SAMPLE = ROOT / "deploy" / "local" / "sample-news.jsonl"
_SCRIPT = Path(sys.executable).parent / "parley"
PARLEY = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "parley.cli.main"]


@dataclass
class User:
    """A shell in a fresh directory, with the environment a user would export."""

    cwd: Path
    env: dict[str, str]
    home: Path
    port: int

    def run(
        self, *args: str, stdin: bytes | None = None, timeout: float = 120, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*PARLEY, *args],
            cwd=self.cwd,
            env={**self.env, **extra},
            input=stdin,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        return subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )

    def broker(self, action: str) -> subprocess.CompletedProcess[str]:
        return self.run("broker", action, "--port", str(self.port), "--home", str(self.home))


def _one_line(done: subprocess.CompletedProcess[str], code: int, *needles: str) -> str:
    """The command failed with `code` and said so in one line holding every needle."""
    assert done.returncode == code, f"exit {done.returncode}, wanted {code}\n{done.stderr}"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> Iterator[User]:
    """A user with a broker of their own, started and stopped through the CLI."""
    base = tmp_path_factory.mktemp("first-run")
    cwd = base / "clone"
    cwd.mkdir()
    port = free_port(2)
    settings = unique_settings(f"127.0.0.1:{port}", cwd / "unused", app_prefix="first-run")
    env = {**os.environ, **settings.to_env(), "PYTHONUNBUFFERED": "1"}
    # The worker's default data directory, relative to where the user stands.
    del env["PARLEY_DATA_DIR"]
    who = User(cwd=cwd, env=env, home=broker_home(base / "home"), port=port)
    started = who.broker("start")
    try:
        assert started.returncode == 0, started.stderr
        # stdout holds the bootstrap address alone, for `BOOTSTRAP=$(parley broker start)`.
        assert started.stdout == f"127.0.0.1:{port}\n"
        yield who
    finally:
        stopped = who.broker("stop")
        assert stopped.returncode == 0, stopped.stderr
        assert f"stopped broker on port {port}" in stopped.stdout


def _ready(port: int, worker: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, f"the worker exited\n{log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"the worker never became ready\n{log.read_text()[-3000:]}")


def test_every_command_of_the_readme_once(user: User, tmp_path: Path) -> None:
    """--version, broker fetch/status, topics create, worker (creating .parley/worker
    itself), feed, tail from the end, from the beginning and since a time, the pretty
    printer, extract, eval: each does its job and exits 0."""
    version = user.run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("parley 0.")

    assert user.broker("fetch").returncode == 0
    status = user.broker("status")
    assert status.returncode == 0
    assert status.stdout.startswith("running")

    created = user.run("topics", "create")
    assert created.returncode == 0, created.stderr
    assert f"created {user.env['PARLEY_INPUT_TOPIC']}" in created.stdout

    assert not (user.cwd / ".parley").exists()
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [*PARLEY, "worker"], cwd=user.cwd, env=user.env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _ready(int(user.env["PARLEY_WEB_PORT"]), worker, log)
        assert (user.cwd / ".parley" / "worker").is_dir()

        since = datetime.now(UTC).isoformat()
        fed = user.run("feed", str(SAMPLE), "--no-progress")
        assert fed.returncode == 0, fed.stderr
        assert f"sent 18 message(s) to {user.env['PARLEY_INPUT_TOPIC']}" in fed.stderr
        assert "1 not JSON" in fed.stderr

        first = user.run("tail", "--from-beginning", "--limit", "1", "--idle-timeout", "90")
        assert first.returncode == 0, first.stderr
        assert orjson.loads(first.stdout)["schema"] == "parley.meeting_event/1"
        # Give the worker the time to publish the rest, then read them all.
        events = user.run("tail", "--from-beginning", "--idle-timeout", "10")
        records = [orjson.loads(line) for line in events.stdout.splitlines()]
        assert len(records) >= 20
        recent = user.run("tail", "--since", since, "--idle-timeout", "5")
        assert sorted(recent.stdout.splitlines()) == sorted(events.stdout.splitlines())
        # Tail's default is the end of the topic: nothing new arrives, nothing printed.
        fresh = user.run("tail", "--idle-timeout", "5")
        assert fresh.returncode == 0, fresh.stderr
        assert fresh.stdout == ""

        pretty = subprocess.run(
            [sys.executable, "-m", "parley.cli.pretty"],
            input=events.stdout.encode(),
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert pretty.splitlines()[0].startswith("op      event")
        assert f"created {records[0]['event_id']}" in pretty

        dead = user.run(
            "tail",
            "--topic",
            user.env["PARLEY_DLQ_TOPIC"],
            "--from-beginning",
            "--limit",
            "2",
            "--idle-timeout",
            "30",
        )
        details = {r["reason"]: r["detail"] for r in map(orjson.loads, dead.stdout.splitlines())}
        assert details["not_json"].startswith("not JSON: it stops being JSON at character 1")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

    out = tmp_path / "events.jsonl"
    offline = user.run("extract", "-i", str(SAMPLE), "-o", str(out))
    assert offline.returncode == 0, offline.stderr
    assert offline.stderr.strip().endswith("2 of 18 line(s) skipped")
    assert out.read_bytes().count(b"\n") == len(records)

    scored = user.run(
        "eval",
        "--articles",
        str(CORPUS / "a.articles.jsonl"),
        "--gold",
        str(CORPUS / "a.gold.jsonl"),
    )
    assert scored.returncode == 0, scored.stderr
    assert "F1" in scored.stdout


def test_help_points_to_the_settings(user: User) -> None:
    """`worker --help` explains --loglevel and lists the environment variables."""
    shown = user.run("worker", "--help").stdout
    assert "least severe level logged" in shown
    assert "KAFKA_BOOTSTRAP_SERVERS [127.0.0.1:9092]" in shown
    assert "PARLEY_DATA_DIR" in shown
    assert "parley worker --help" in user.run("feed", "--help").stdout


def test_unusable_data_directory(user: User, tmp_path: Path) -> None:
    """A worker whose PARLEY_DATA_DIR is a file, or under one, says so in one line, exit 2."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    _one_line(
        user.run("worker", PARLEY_DATA_DIR=str(blocker)),
        2,
        "parley worker: PARLEY_DATA_DIR",
        "is not a directory",
    )
    _one_line(user.run("worker", PARLEY_DATA_DIR=str(blocker / "sub")), 2, "Not a directory")


def test_files_that_cannot_be_opened(user: User, tmp_path: Path) -> None:
    """Missing files, a directory and an unwritable output: one line naming the file, exit 2."""
    _one_line(
        user.run("feed", "missing.jsonl"),
        2,
        "parley feed: cannot read missing.jsonl: No such file or directory",
    )
    (user.cwd / "somedir").mkdir(exist_ok=True)
    _one_line(user.run("feed", "somedir/"), 2, "cannot read somedir/: Is a directory")
    _one_line(user.run("extract", "-i", "missing.jsonl"), 2, "parley extract: cannot read")
    _one_line(
        user.run("extract", "-i", str(SAMPLE), "-o", "/nonexistent/dir/out.jsonl"),
        2,
        "cannot write /nonexistent/dir/out.jsonl",
    )


def test_a_closed_pipe_ends_quietly(user: User, tmp_path: Path) -> None:
    """`parley extract | head -n 1`: the reader leaves, extract stops without a word (141)."""
    # Enough records that extract is still writing when the reader has gone.
    many = tmp_path / "many.jsonl"
    many.write_bytes(b"".join(SAMPLE.read_bytes() for _ in range(20)))
    proc = subprocess.Popen(
        [*PARLEY, "extract", "-i", str(many)],
        cwd=user.cwd,
        env=user.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout
    assert proc.stderr
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()
    assert proc.wait(timeout=120) == 141
    with proc.stderr:
        assert b"Traceback" not in proc.stderr.read()


def test_an_oversized_line_stops_the_feed_or_is_skipped(user: User, tmp_path: Path) -> None:
    """A 5 MB line stops the feed after the line before it, saying which (exit 1);
    with --skip-oversized it is left out and counted (exit 0)."""
    good = SAMPLE.read_bytes().splitlines()[0]
    huge = orjson.dumps({"id": "huge", "body": "word " * 1_000_000})
    path = tmp_path / "with-huge.jsonl"
    path.write_bytes(b"\n".join([good, huge, good]) + b"\n")
    line = _one_line(
        user.run("feed", str(path), "--no-progress"),
        1,
        "line 2 is too large to send",
        "stopped after sending the 1 line(s) before it",
        "--skip-oversized",
    )
    assert "broker" not in line
    skipped = user.run("feed", str(path), "--no-progress", "--skip-oversized")
    assert skipped.returncode == 0, skipped.stderr
    assert "sent 2 message(s)" in skipped.stderr
    assert "skipped 1 line(s) too large to send (line 2)" in skipped.stderr


def test_a_binary_file_is_not_news(user: User, tmp_path: Path) -> None:
    """A binary file: feed refuses it before sending, from stdin it says none was JSON,
    and extract says every line was skipped; each exits 1."""
    binary = tmp_path / "photo.bin"
    binary.write_bytes(bytes((i * 37 + 11) % 256 for i in range(8000)))
    _one_line(user.run("feed", str(binary)), 1, "none of its", "is JSON", "nothing sent")
    piped = user.run("feed", "-", "--no-progress", stdin=binary.read_bytes())
    assert piped.returncode == 1
    assert "none of the" in piped.stderr.strip().splitlines()[-1]
    done = user.run("extract", "-i", str(binary))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("parley extract: all ")
