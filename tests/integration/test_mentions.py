"""The mentions topic on the real broker: every report of a hot meeting, read by tail."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import orjson
import pytest

from parley.ingest.schemas import load_schema
from parley.settings import Settings
from tests.bench.hot_meeting import hot_articles
from tests.integration.workers import (
    assert_versions_gapless,
    latest_per_event,
    read_topic,
    run_cli,
    values,
    worker,
)

pytestmark = pytest.mark.integration

COPIES = 40


def test_every_report_of_a_hot_meeting_is_one_mention_and_tail_reads_them(
    settings: Settings, tmp_path: Path
) -> None:
    """40 outlets' copies of the seed through a worker: one schema-valid mention per
    candidate on the mentions topic, each naming a published event; the event records
    carry source_count and at most 20 sources; `parley tail --mentions` prints them all."""
    feed_file = tmp_path / "hot.jsonl"
    feed_file.write_bytes(b"".join(v + b"\n" for v in hot_articles(COPIES)))
    expected = {f"hot-{i:05d}" for i in range(COPIES)}
    run_cli(settings, "topics", "create")
    with worker(settings, tmp_path / "worker.log"):
        run_cli(settings, "feed", str(feed_file), "--no-progress")
        mentions = values(
            read_topic(
                settings,
                settings.mentions_topic,
                until=lambda r: {m["article_id"] for m in values(r)} >= expected,
                timeout=120,
            )
        )
        out = values(
            read_topic(
                settings,
                settings.output_topic,
                until=lambda r: (
                    {(m["event_id"], m["event_version"]) for m in mentions}
                    <= {(e["event_id"], e["version"]) for e in values(r)}
                ),
            )
        )
    log = (tmp_path / "worker.log").read_text()[-3000:]
    assert {m["article_id"] for m in mentions} == expected, log
    schema = load_schema("meeting_mention")
    for m in mentions:
        jsonschema.validate(m, schema)
    per_article = {a: sum(m["article_id"] == a for m in mentions) for a in expected}
    # The seed states the call and recalls the summit: the same count for every copy.
    assert len(set(per_article.values())) == 1, per_article
    latest = latest_per_event(out)
    published = {(e["event_id"], e["version"]) for e in out}
    assert {(m["event_id"], m["event_version"]) for m in mentions} <= published
    assert_versions_gapless(out)
    biggest = max(latest.values(), key=lambda e: e["source_count"])
    assert biggest["source_count"] >= COPIES - 10
    assert len(biggest["sources"]) == 20
    assert max(len(orjson.dumps(e)) for e in out) < 64 * 1024

    tailed = run_cli(settings, "tail", "--mentions", "--from-beginning", "--idle-timeout", "5")
    lines = [orjson.loads(line) for line in tailed.stdout.splitlines() if line.strip()]
    assert len(lines) == len(mentions)
    assert {m["article_id"] for m in lines} == expected
