"""deploy/prometheus with a real Prometheus: it scrapes a real worker and the stall alert
fires while the worker is stalled and clears when it recovers.

Debian's `prometheus` runs with one-second scrape and evaluation intervals on a loopback
port and scrapes a `parley worker` on 127.0.0.1. The stall is a real one: the output
topic's max.message.bytes is set below any event's size, so the brokers refuse every
event and the dedup stage retries the same one forever (app.py's _deliver) while the
extract stage goes on consuming and the web server goes on answering scrapes. Setting
the limit back lets the retry through. The rules are deploy/prometheus/rules.yml with
the stall alert's windows shortened from minutes to seconds, its expression otherwise
the same.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

from parley.settings import Settings, load_settings
from tests.debian_tools import require_program
from tests.integration.isolation import free_port
from tests.integration.workers import run_cli, worker

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"
SAMPLE = ROOT / "deploy" / "local" / "sample-news.jsonl"
ALERT = "ParleyStalled"
# Short enough for a test, long enough that a few one-second scrapes fall in each window
# and a healthy worker's gaps between articles never look like a stall.
WINDOW, HOLD = "20s", "5s"


def _fast_rules(target: Path) -> None:
    """rules.yml with the stall alert's range windows and `for` shortened."""
    doc = yaml.safe_load(RULES.read_text())
    (rule,) = [r for g in doc["groups"] for r in g["rules"] if r.get("alert") == ALERT]
    rule["expr"], count = re.subn(r"\[\d+[smh]\]", f"[{WINDOW}]", rule["expr"])
    assert count >= 2, "the stall alert should read progress over a window"
    rule["for"] = HOLD
    target.write_text(yaml.safe_dump(doc))


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())


class Prom:
    """A Prometheus server on a loopback port, queried over its HTTP API."""

    def __init__(self, base: str) -> None:
        self.base = base

    def query(self, expr: str) -> list[dict[str, Any]]:
        q = urllib.parse.urlencode({"query": expr})
        result: list[dict[str, Any]] = _get(f"{self.base}/api/v1/query?{q}")["data"]["result"]
        return result

    def alerts(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = _get(f"{self.base}/api/v1/alerts")["data"]["alerts"]
        return [a for a in found if a["labels"]["alertname"] == ALERT]

    def wait(self, what: str, check: Callable[[], bool], timeout: float) -> float:
        """Seconds until `check()` holds; fails the test after `timeout`."""
        start = time.monotonic()
        while not check():
            assert time.monotonic() - start < timeout, f"timed out waiting for {what}"
            time.sleep(1)
        return time.monotonic() - start

    def value(self, expr: str) -> float:
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else float("nan")


@pytest.fixture
def prometheus(settings: Settings, tmp_path: Path) -> Iterator[Prom]:
    """Debian's Prometheus scraping the test worker's port every second."""
    binary = require_program("prometheus", "prometheus")
    _fast_rules(tmp_path / "rules.yml")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": ["rules.yml"],
        "scrape_configs": [
            {
                "job_name": "parley",
                "static_configs": [{"targets": [f"127.0.0.1:{settings.web_port}"]}],
            }
        ],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = tmp_path / "prometheus.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                binary,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    prom = Prom(f"http://127.0.0.1:{port}")

    def ready() -> bool:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            with urllib.request.urlopen(f"{prom.base}/-/ready", timeout=2) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    try:
        prom.wait("Prometheus to start", ready, 60)
        yield prom
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _set_output_limit(settings: Settings, limit: str) -> None:
    """max.message.bytes of the output topic; kafka-python alters it alone (incrementally)."""
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        resource = ConfigResource(
            ConfigResourceType.TOPIC, settings.output_topic, configs={"max.message.bytes": limit}
        )
        admin.alter_configs([resource])
    finally:
        admin.close()


def test_stall_alert_fires_on_a_stalled_worker_and_clears_when_it_recovers(
    settings: Settings, prometheus: Prom, tmp_path: Path
) -> None:
    """A worker whose every event the brokers refuse keeps answering scrapes while its
    candidates wait: ParleyStalled fires for the candidates topic (not before the stall),
    and clears once the output topic accepts the event again and the backlog drains."""
    settings = load_settings(
        {**settings.to_env(), "PARLEY_INPUT_PARTITIONS": "1", "PARLEY_DEDUP_WINDOW_DAYS": "36500"}
    )
    lines = [line for line in SAMPLE.read_bytes().splitlines() if line.strip()]
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_bytes(b"\n".join(lines[:6]) + b"\n")
    rest.write_bytes(b"\n".join(lines[6:]) + b"\n")
    candidates = f"{settings.app_id}-candidates"
    log = tmp_path / "worker.log"
    run_cli(settings, "topics", "create")
    with worker(settings, log) as proc:
        # A healthy worker: scraped, everything processed, no alert.
        run_cli(settings, "feed", str(first), "--no-progress")
        prometheus.wait(
            "the first articles to be processed",
            lambda: (
                prometheus.value("parley_articles_consumed_total") == 6
                and prometheus.value("sum(parley_consumer_lag_messages)") == 0
            ),
            120,
        )
        with_events = prometheus.value('parley_articles_processed_total{outcome="with_events"}')
        assert with_events >= 1, log.read_text()[-3000:]
        time.sleep(25)  # a whole window of an idle, caught-up worker
        assert prometheus.alerts() == [], "a caught-up idle worker is no stall"

        # The stall: every event refused, retried forever; extraction goes on.
        _set_output_limit(settings, "64")
        run_cli(settings, "feed", str(rest), "--no-progress")
        fired = prometheus.wait(
            "ParleyStalled to fire",
            lambda: any(a["state"] == "firing" for a in prometheus.alerts()),
            150,
        )
        (alert,) = prometheus.alerts()
        assert alert["labels"]["topic"] == candidates
        assert alert["labels"]["severity"] == "critical"
        # Still scraped, still extracting: a stall, not a dead worker.
        assert proc.poll() is None
        assert prometheus.value('up{job="parley"}') == 1
        assert prometheus.value("parley_articles_consumed_total") == len(lines)
        assert (
            prometheus.value('parley_articles_processed_total{outcome="with_events"}')
            == with_events
        )
        assert prometheus.value(f'max(parley_consumer_lag_messages{{topic="{candidates}"}})') > 0

        # Recovery: the topic takes events again; the retry (at most 10 s apart) goes
        # through, dedup drains its backlog and the alert goes away.
        _set_output_limit(settings, "1048588")
        cleared = prometheus.wait("ParleyStalled to clear", lambda: prometheus.alerts() == [], 90)
        prometheus.wait(
            "the backlog to drain",
            lambda: prometheus.value("sum(parley_consumer_lag_messages)") == 0,
            60,
        )
        assert (
            prometheus.value('parley_articles_processed_total{outcome="with_events"}') > with_events
        )
        assert "delivery to" in log.read_text(), "the worker logged its refused deliveries"
    print(f"\nParleyStalled fired {fired:.0f}s after the stall began, cleared {cleared:.0f}s after")
