"""Dedup on the real broker: redeliveries, several workers, crashes — one event per meeting."""

from __future__ import annotations

import random
import signal
from pathlib import Path
from typing import Any

import orjson
import pytest

from parley.offline import OfflinePipeline
from parley.settings import Settings, load_settings
from tests.integration.workers import (
    assert_versions_gapless,
    by_reports,
    corpus_lines,
    dedup_order,
    latest_per_event,
    read_topic,
    run_cli,
    values,
    wait_caught_up,
    wait_for_reports,
    worker,
)

pytestmark = pytest.mark.integration

# The corpus spans 2010-2026; a window covering it keeps expiry out of these tests.
WINDOW = {"PARLEY_DEDUP_WINDOW_DAYS": "36500", "PARLEY_INPUT_PARTITIONS": "4"}


def _by_id(lines: list[bytes]) -> dict[str, bytes]:
    return {orjson.loads(line)["id"]: line for line in lines}


def _with(settings: Settings, **extra: str) -> Settings:
    return load_settings({**settings.to_env(), **extra})


def _offline(settings: Settings, lines: list[bytes]) -> dict[str, dict[str, Any]]:
    records = [r for r in OfflinePipeline(settings).run(lines) if isinstance(r, dict)]
    return latest_per_event(records)


def test_corpus_three_times_shuffled_with_two_workers_equals_offline(
    settings: Settings, tmp_path: Path
) -> None:
    """The corpus fed three times, shuffled, with redelivered ids, to a 4-partition topic
    read by two workers ends in the same events as `parley extract` on the corpus."""
    settings = _with(settings, **WINDOW)
    corpus = corpus_lines()
    rng = random.Random(7)
    copies = [corpus[:], corpus[:], corpus[:]]
    for copy in copies[1:]:
        rng.shuffle(copy)
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\n".join(line for copy in copies for line in copy) + b"\n")
    run_cli(settings, "topics", "create")
    second = {
        "PARLEY_WEB_PORT": str(settings.web_port + 1),
        "PARLEY_DATA_DIR": str(tmp_path / "w2"),
    }
    with worker(settings, tmp_path / "w1.log"), worker(settings, tmp_path / "w2.log", **second):
        run_cli(settings, "feed", str(feed), "--no-progress")
        reports = [r for r in OfflinePipeline(settings).run(corpus) if isinstance(r, dict)]
        wait_for_reports(settings, {s["article_id"] for r in reports for s in r["sources"]})
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    assert_versions_gapless(records)
    stream = latest_per_event(records)
    # Greedy matching depends on arrival order when one report bridges two others, so
    # `parley extract` gets the articles in the order the dedup partition saw them.
    expected = _offline(settings, dedup_order(settings, _by_id(corpus)))
    assert len(stream) == len(expected)
    assert by_reports(stream) == by_reports(expected)


def test_worker_killed_five_times_mid_stream_loses_and_duplicates_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    """SIGKILL of the worker while it publishes, five times, each followed by a restart,
    gives the events of an undisturbed run with no lost or duplicated event and gapless
    versions."""
    # Static membership lets each restart take the partitions back without waiting
    # for the killed member's session to time out.
    settings = _with(settings, PARLEY_INSTANCE_ID="worker-a", **WINDOW)
    corpus = corpus_lines()
    parts = [corpus[i::6] for i in range(6)]
    run_cli(settings, "topics", "create")
    log = tmp_path / "worker.log"
    published = 0
    for n, part in enumerate(parts[:5]):
        chunk = tmp_path / f"part{n}.jsonl"
        chunk.write_bytes(b"\n".join(part) + b"\n")
        with worker(settings, log) as proc:
            run_cli(settings, "feed", str(chunk), "--no-progress")
            # Kill as soon as this run has published something: mid-stream, with more
            # of the chunk still to come.
            out = read_topic(
                settings,
                settings.output_topic,
                until=lambda r, k=published: len(r) > k,
                timeout=90,
            )
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        published = len(out)
    last = tmp_path / "part5.jsonl"
    last.write_bytes(b"\n".join(parts[5]) + b"\n")
    with worker(settings, log):
        run_cli(settings, "feed", str(last), "--no-progress")
        wait_caught_up(settings, [settings.input_topic, f"{settings.app_id}-candidates"])
    records = values(read_topic(settings, settings.output_topic, until=lambda r: False, timeout=8))
    assert_versions_gapless(records)
    stream = latest_per_event(records)
    assert by_reports(stream) == by_reports(
        _offline(settings, dedup_order(settings, _by_id(corpus)))
    )
