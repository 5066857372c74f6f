"""deploy/prometheus with a real Prometheus: it scrapes a real worker and the stall alert
fires while the worker is stalled and clears when it recovers.

Debian's `prometheus` runs with one-second scrape and evaluation intervals on a loopback
port and scrapes a `parley worker` on 127.0.0.1. The stall is a real one: the test starts
a broker of its own (never the session's, which other tests share), feeds thousands of
articles and stops the broker while they are still waiting. The worker goes on answering
scrapes; its lag monitor keeps the last reading, in which input waits, and after
PARLEY_STALL_SECONDS without committed progress sets parley_stage_stalled to 1, which
the alert's gauge branch reads. Starting the broker again lets the work through and the
alert clears.

An error that no retry cures (a record over max.message.bytes) is no longer a stall: the
worker dead-letters it and moves on (kafka/failures.py), and min.insync.replicas above
the replication factor does not refuse acks=all records on this Kafka 4.1; a broker
outage is the one stall here that is both deterministic and undone at will.

The rules are deploy/prometheus/rules.yml with the stall alert's windows shortened from
minutes to seconds, its expression otherwise the same.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from parley.broker import local
from parley.settings import Settings
from tests.debian_tools import require_program
from tests.integration.isolation import broker_home, free_port, unique_settings
from tests.integration.workers import corpus_lines, run_cli, wait_caught_up, worker

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"
SAMPLE = ROOT / "deploy" / "local" / "sample-news.jsonl"
ALERT = "ParleyStalled"
# Short enough for a test, long enough that a few one-second scrapes fall in each window
# and a healthy worker's gaps between articles never look like a stall.
WINDOW, HOLD_SECONDS = "20s", 5
HOLD = f"{HOLD_SECONDS}s"
# parley_stage_stalled goes to 1 after this long with input waiting and nothing committed.
STALL_SECONDS = 5


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


@dataclass(frozen=True)
class OwnBroker:
    """A broker started for one test, which the test may stop and start again."""

    home: Path
    port: int
    settings: Settings

    def stop(self) -> None:
        assert local.stop(self.home, port=self.port), "the test's broker was not running"

    def start(self) -> None:
        local.start(self.home, port=self.port)


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[OwnBroker]:
    """A broker of this test's own, stopped at the end whatever happens."""
    home, port = broker_home(tmp_path / "kafka-home"), free_port(2)
    try:
        bootstrap = local.start(home, port=port)
        settings = unique_settings(
            bootstrap,
            tmp_path / "worker",
            PARLEY_STALL_SECONDS=str(STALL_SECONDS),
            PARLEY_INPUT_PARTITIONS="1",
            PARLEY_OUTPUT_PARTITIONS="1",
        )
        yield OwnBroker(home, port, settings)
    finally:
        local.stop(home, port=port)


@pytest.fixture
def prometheus(own_broker: OwnBroker, tmp_path: Path) -> Iterator[Prom]:
    """Debian's Prometheus scraping the test worker's port every second."""
    binary = require_program("prometheus", "prometheus")
    _fast_rules(tmp_path / "rules.yml")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": ["rules.yml"],
        "scrape_configs": [
            {
                "job_name": "parley",
                "static_configs": [{"targets": [f"127.0.0.1:{own_broker.settings.web_port}"]}],
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


def _active_at(alert: dict[str, Any]) -> float:
    """The wall-clock second an alert became pending (Prometheus gives nanoseconds)."""
    stamp = dt.datetime.strptime(alert["activeAt"][:19], "%Y-%m-%dT%H:%M:%S")
    return stamp.replace(tzinfo=dt.UTC).timestamp()


def _many_articles(target: Path) -> int:
    """The development corpus 60 times over under fresh ids: minutes of work on one
    partition under this machine's load, so input still waits when the broker stops."""
    articles = [orjson.loads(line) for line in corpus_lines()]
    lines = [orjson.dumps({**a, "id": f"{a['id']}~{n}"}) for n in range(60) for a in articles]
    target.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


def test_stall_alert_fires_on_a_stalled_worker_and_clears_when_it_recovers(
    own_broker: OwnBroker, prometheus: Prom, tmp_path: Path
) -> None:
    """A worker whose broker stops with input waiting keeps answering scrapes while
    parley_stage_stalled says 1: ParleyStalled fires (not during the healthy idle period
    before, and only after the stop), and clears once the broker is back and work moves."""
    settings = own_broker.settings
    sample = [line for line in SAMPLE.read_bytes().splitlines() if line.strip()]
    many = tmp_path / "many.jsonl"
    count = _many_articles(many)
    log = tmp_path / "worker.log"
    input_lag = f'sum(parley_consumer_lag_messages{{topic="{settings.input_topic}"}})'
    run_cli(settings, "topics", "create")
    with worker(settings, log) as proc:
        # A healthy worker: scraped, everything processed, no alert.
        run_cli(settings, "feed", str(SAMPLE), "--no-progress")
        prometheus.wait(
            "the sample news to be processed",
            lambda: (
                prometheus.value("parley_articles_consumed_total") == len(sample)
                and prometheus.value("sum(parley_consumer_lag_messages)") == 0
            ),
            180,
        )
        with_events = prometheus.value('parley_articles_processed_total{outcome="with_events"}')
        assert with_events >= 1, log.read_text()[-3000:]
        time.sleep(25)  # a whole window of an idle, caught-up worker
        assert prometheus.alerts() == [], "a caught-up idle worker is no stall"
        assert prometheus.value("max(parley_stage_stalled)") == 0

        # The stall: thousands of articles wait on the input topic, then the broker goes.
        run_cli(settings, "feed", str(many), "--no-progress", timeout=300)
        prometheus.wait(
            "the worker to see input waiting", lambda: prometheus.value(input_lag) > 0, 60
        )
        own_broker.stop()
        stopped = time.time()
        fired = prometheus.wait(
            "ParleyStalled to fire",
            lambda: any(a["state"] == "firing" for a in prometheus.alerts()),
            150,
        )
        alerts = prometheus.alerts()
        assert all(_active_at(a) >= stopped - 1 for a in alerts), alerts
        # Pending for the rule's whole `for`, never at once. The gauge's own delay counts
        # from the last committed progress, which may come before the stop: not added.
        assert fired >= HOLD_SECONDS, fired
        gauge = [a for a in alerts if a["state"] == "firing" and "stage" in a["labels"]]
        assert gauge, f"the gauge branch should fire: {alerts}"
        assert {a["labels"]["severity"] for a in alerts} == {"critical"}
        # Still scraped, knowingly cut off: a stall, not a dead worker.
        assert proc.poll() is None
        assert prometheus.value('up{job="parley"}') == 1
        assert prometheus.value("max(parley_stage_stalled)") == 1
        assert prometheus.value("max(parley_broker_up)") == 0

        # Recovery: the broker is back, the worker reconnects and the work moves again.
        own_broker.start()
        restarted = time.monotonic()
        prometheus.wait("ParleyStalled to clear", lambda: prometheus.alerts() == [], 240)
        cleared = time.monotonic() - restarted
        assert prometheus.value("max(parley_stage_stalled)") == 0
        wait_caught_up(
            settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=600
        )
        prometheus.wait(
            "every article to be counted",
            lambda: prometheus.value("parley_articles_consumed_total") >= len(sample) + count,
            60,
        )
        assert (
            prometheus.value('parley_articles_processed_total{outcome="with_events"}') > with_events
        )
        assert "stalled: input waiting" in log.read_text(), "the worker logged its stall"
    branches = sorted(a["labels"].get("stage") or a["labels"]["topic"] for a in alerts)
    print(
        f"\nParleyStalled fired {fired:.0f}s after the broker stopped (on {', '.join(branches)}), "
        f"cleared {cleared:.0f}s after it was back"
    )
