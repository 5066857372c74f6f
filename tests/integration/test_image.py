"""The worker image, built and run: the container makes the events `parley extract` makes.

Builds the image with `deploy/image/build.sh` (a Debian base made with debootstrap, no
image registry), runs `parley topics create` and `parley worker` from it with the
host's network against the session's broker on 127.0.0.1, feeds
deploy/local/sample-news.jsonl from the host and reads the output topic back.

A Docker engine is needed: the one DOCKER_HOST (or the default socket) names when it
answers, else a private dockerd started here as root on its own socket, with no bridge
and no iptables rules, and stopped at the end (docker.io and debootstrap are installed
if missing). It runs in CI (CI=true) and with PARLEY_IMAGE_TEST=1 (`make deploy-test`),
not in a developer's plain `make test`: it takes minutes, and two runs side by side
would share one private dockerd.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from parley.settings import Settings
from tests.debian_tools import require_program, wanted_in_full
from tests.integration.isolation import free_port
from tests.integration.workers import (
    by_reports,
    latest_per_event,
    read_topic,
    run_cli,
    values,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not wanted_in_full(),
        reason="builds the image and starts dockerd: runs in CI, else PARLEY_IMAGE_TEST=1"
        " (`make deploy-test`)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "deploy" / "local" / "sample-news.jsonl"
IMAGE = os.environ.get("IMAGE", "parley:test")
PRIVATE_SOCKET = "/run/parley-dockerd.sock"
# The image's own choices that the test keeps: RocksDB state in its volume.
IMAGE_OWNED = {"PARLEY_STORE", "PARLEY_DATA_DIR", "PARLEY_WEB_BIND"}


def _answers(env: dict[str, str]) -> bool:
    probe = subprocess.run(
        ["docker", "version", "--format", "{{.Server.Version}}"],
        env=env,
        capture_output=True,
        check=False,
        timeout=30,
    )
    return probe.returncode == 0


@pytest.fixture(scope="module")
def docker_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment for `docker` commands: an engine that answers, started if need be."""
    require_program("dockerd", "docker.io")
    require_program("docker", "docker.io")
    env = dict(os.environ)
    if _answers(env):
        yield env
        return
    # The private socket, never the default one: the other integration tests would
    # take an engine there for one that can run their Kafka image.
    env["DOCKER_HOST"] = f"unix://{PRIVATE_SOCKET}"
    if _answers(env):
        yield env
        return
    if os.geteuid() != 0:
        pytest.fail("no Docker engine answers, and starting dockerd needs root")
    log = tmp_path_factory.mktemp("dockerd") / "dockerd.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                "dockerd",
                "--bridge=none",
                "--iptables=false",
                "--ip6tables=false",
                "-H",
                env["DOCKER_HOST"],
                "--data-root",
                "/var/lib/parley-docker",
                "--exec-root",
                "/run/parley-docker",
                "--pidfile",
                "/run/parley-dockerd.pid",
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not _answers(env):
            assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(1)
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def image(docker_env: dict[str, str]) -> str:
    """The worker image, built by the documented command (`make image` runs the same script)."""
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / "image" / "build.sh")],
        env={**docker_env, "IMAGE": IMAGE},
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]
    print(done.stdout.splitlines()[-1])  # "built IMAGE from BASE in Ns: N MB"
    return IMAGE


def _container_env(settings: Settings) -> list[str]:
    args: list[str] = []
    for name, value in settings.to_env().items():
        if name not in IMAGE_OWNED and value not in ("", "None"):
            args += ["-e", f"{name}={value}"]
    # Host networking: listening on every interface would mean every host interface.
    return [*args, "-e", "PARLEY_WEB_BIND=127.0.0.1"]


def _docker(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        ["docker", *args], env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    assert done.returncode == 0, f"docker {' '.join(args[:3])}: {done.stderr[-3000:]}"
    return done.stdout


def _metrics(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
        return str(resp.read().decode())


def test_container_turns_sample_news_into_the_events_of_parley_extract(
    docker_env: dict[str, str], image: str, bootstrap: str, tmp_path: Path
) -> None:
    """The worker container, on the host's network, publishes for the sample news exactly the
    events `parley extract` makes of the same file (ids, versions and times aside)."""
    from tests.integration.isolation import unique_settings

    # One input partition keeps the file's order, which is the order extract sees; the
    # sample spans fifteen years, so the dedup window must too (as in deploy/local/run.sh).
    settings = unique_settings(
        bootstrap,
        tmp_path / "unused",
        PARLEY_INPUT_PARTITIONS="1",
        PARLEY_DEDUP_WINDOW_DAYS="36500",
        PARLEY_WEB_PORT=str(free_port()),
    )
    offline = run_cli(settings, "extract", "-i", str(SAMPLE)).stdout.splitlines()
    expected = by_reports(latest_per_event([orjson.loads(line) for line in offline]))
    assert len(expected) >= 5, "the sample should make several events"

    env = _container_env(settings)
    run = ["run", "--network", "host", *env]
    _docker(docker_env, *run, "--rm", image, "topics", "create")
    name = f"parley-image-test-{uuid.uuid4().hex[:8]}"
    _docker(docker_env, *run, "-d", "--name", name, image, "worker")
    try:
        run_cli(settings, "feed", str(SAMPLE), "--no-progress")
        records = read_topic(
            settings,
            settings.output_topic,
            until=lambda r: by_reports(latest_per_event(values(r))) == expected,
            timeout=240,
        )
        logs = subprocess.run(
            ["docker", "logs", "--tail", "40", name],
            env=docker_env,
            capture_output=True,
            text=True,
            check=False,
        )
        got = by_reports(latest_per_event(values(records)))
        assert got == expected, logs.stdout + logs.stderr
        # The container's own web server answers on the host's loopback.
        articles = sum(1 for line in SAMPLE.read_bytes().splitlines() if line.strip())
        assert f"parley_articles_consumed_total {float(articles)}" in _metrics(settings.web_port)
        user = _docker(docker_env, "exec", name, "id", "-un").strip()
        assert user == "parley", "the worker runs as the image's unprivileged user"
    finally:
        subprocess.run(
            ["docker", "rm", "-f", name], env=docker_env, capture_output=True, check=False
        )
