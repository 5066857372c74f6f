"""A real worker's /metrics, /healthz, /readyz, JSON logs and live page, seen in Chromium.

The screenshot of the live page is kept as tests/artifacts/live-page.png (git-ignored)
so that a person can look at what the test saw.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from parley.settings import Settings
from tests.conftest import ROOT, seed_article
from tests.integration.workers import run_cli, worker

pytestmark = pytest.mark.integration

ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOT = ARTIFACTS / "live-page.png"
NOT_JSON = b"this line is not JSON"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _wait(what: str, check: Callable[[], Any], log: Path, timeout: float = 90.0) -> Any:
    """Poll `check` until it returns something truthy; fail with the worker log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except (OSError, ValueError):
            result = None
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}\n{log.read_text(errors='replace')[-4000:]}")


def _samples(text: str) -> dict[str, float]:
    """Prometheus text format as {'name{labels}': value}."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            out[key] = float(value)
    return out


def _total(samples: dict[str, float], name: str) -> float:
    return sum(v for k, v in samples.items() if k == name or k.startswith(name + "{"))


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: `make deps` (or apt-get install chromium)")
    return found


def _headless(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--window-size=1280,900",
            "--virtual-time-budget=5000",
            *args,
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_worker_exposes_metrics_health_and_a_live_page(settings: Settings, tmp_path: Path) -> None:
    """After feeding the seed and a bad line, /metrics counts both, health and readiness answer,
    the log is JSON lines, and the live page in headless Chromium lists the event."""
    feed_file = tmp_path / "news.jsonl"
    feed_file.write_bytes(orjson.dumps(seed_article()) + b"\n" + NOT_JSON + b"\n")
    base = f"http://127.0.0.1:{settings.web_port}"
    log = tmp_path / "worker.log"
    run_cli(settings, "topics", "create")
    with worker(settings, log):
        status, body = _wait("/healthz", lambda: _get(f"{base}/healthz"), log)
        assert status == 200
        assert json.loads(body)["status"] == "alive"

        ready = _wait("/readyz 200", lambda: _get(f"{base}/readyz")[0] == 200, log)
        assert ready
        readiness = json.loads(_get(f"{base}/readyz")[1])
        assert readiness["broker_reachable"] is True
        assert readiness["partitions_assigned"] > 0

        run_cli(settings, "feed", str(feed_file), "--no-progress")

        def metrics_done() -> dict[str, float] | None:
            status, text = _get(f"{base}/metrics")
            samples = _samples(text.decode())
            published = _total(samples, "parley_events_published_total")
            lag = [k for k in samples if k.startswith("parley_consumer_lag_messages{")]
            consumed = _total(samples, "parley_articles_consumed_total")
            done = _total(samples, "parley_articles_processed_total") + _total(
                samples, "parley_dead_letters_total"
            )
            lag_total = sum(samples[k] for k in lag)
            settled = consumed == 2 and done == 2 and published >= 1 and lag and lag_total == 0
            return samples if status == 200 and settled else None

        samples = _wait("counters and a settled lag gauge", metrics_done, log)
        assert samples['parley_dead_letters_total{reason="not_json"}'] == 1
        assert samples['parley_articles_processed_total{outcome="with_events"}'] == 1
        assert _total(samples, "parley_events_by_party_total") >= 2
        assert samples["parley_broker_up"] == 1
        assert samples["parley_processing_latency_seconds_count"] >= 1
        assert samples["parley_extraction_seconds_count"] == 1
        status, text = _get(f"{base}/metrics?name[]=parley_dead_letters_total")
        assert status == 200
        assert _samples(text.decode()) == {'parley_dead_letters_total{reason="not_json"}': 1}
        lag_topics = {
            topic
            for k in samples
            if k.startswith("parley_consumer_lag_messages{")
            for topic in re.findall(r'topic="([^"]+)"', k)
        }
        assert settings.input_topic in lag_topics

        status, body = _get(f"{base}/api/events")
        assert status == 200
        api = json.loads(body)
        calls = [e for e in api["events"] if e["kind"] == "call"]
        assert calls, api
        names = {p["name"] for p in calls[0]["participants"]}
        assert {"Joe Biden", "Jens Stoltenberg"} <= names
        assert api["counters"]["articles_consumed"] == 2
        assert api["counters"]["dead_letters"] == 1
        assert api["dedup_here"] is True
        unchanged = json.loads(_get(f"{base}/api/events?since={api['seq']}")[1])
        assert unchanged.get("unchanged") is True
        assert "events" not in unchanged

        status, page = _get(f"{base}/")
        assert status == 200
        assert b"/static/app.js" in page
        for asset in ("app.js", "style.css"):
            assert _get(f"{base}/static/{asset}")[0] == 200

        # The page as a browser renders it, after its script has polled the API.
        dom = _headless(tmp_path, "--dump-dom", f"{base}/")
        assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
        rendered = dom.stdout.decode()
        assert "Jens Stoltenberg" in rendered
        assert "Joe Biden" in rendered

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.unlink(missing_ok=True)
        shot = _headless(tmp_path, f"--screenshot={SCREENSHOT}", f"{base}/")
        assert shot.returncode == 0, shot.stderr.decode(errors="replace")[-2000:]

    assert SCREENSHOT.exists()
    assert _png_size(SCREENSHOT) == (1280, 900)
    # A blank or error page compresses to a few kilobytes; the rendered list does not.
    assert SCREENSHOT.stat().st_size > 40_000

    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]
    assert all({"time", "level", "logger", "message"} <= r.keys() for r in records)
    dead = [r for r in records if r["message"].startswith("dead letter")]
    assert dead
    assert dead[0]["topic"] == settings.input_topic
    assert isinstance(dead[0]["partition"], int)
    assert isinstance(dead[0]["offset"], int)
    published = [r for r in records if "event_id" in r]
    assert published
    assert published[0]["topic"] == settings.input_topic
