"""The seed article through a real broker: feed, worker, output read by two clients."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import jsonschema
import orjson
import pytest

from parley.ingest.schemas import load_schema
from parley.settings import Settings
from tests.conftest import seed_article
from tests.integration.workers import read_topic, run_cli, values, worker

pytestmark = pytest.mark.integration

MALFORMED = b'{"id": "broken-1", "body": 42, "title": "\xc3\xa9 not a string body"}'


def _kcat() -> str:
    found = shutil.which("kcat") or shutil.which("kafkacat")
    if found is None:
        pytest.fail("kcat is not installed: `make deps` (or apt-get install kcat) installs it")
    return found


def test_seed_article_becomes_one_valid_event_and_bad_input_lands_on_dlq(
    settings: Settings, tmp_path: Path
) -> None:
    """The seed fed with `parley feed` yields a schema-valid call event naming Biden and
    Stoltenberg on 2022-02-28, read by kcat and kafka-python; a malformed line reaches the
    dead-letter topic with its bytes intact."""
    feed_file = tmp_path / "news.jsonl"
    feed_file.write_bytes(orjson.dumps(seed_article()) + b"\n" + MALFORMED + b"\n")
    run_cli(settings, "topics", "create")
    with worker(settings, tmp_path / "worker.log"):
        run_cli(settings, "feed", str(feed_file), "--no-progress")
        out = read_topic(settings, settings.output_topic, until=lambda r: len(r) >= 1)
        dlq = read_topic(settings, settings.dlq_topic, until=lambda r: len(r) >= 1)

    events = values(out)
    assert len(events) == 1, (tmp_path / "worker.log").read_text()[-3000:]
    event = events[0]
    jsonschema.validate(event, load_schema("meeting_event"))
    names = {p["name"] for p in event["participants"]}
    assert {"Joe Biden", "Jens Stoltenberg"} <= names
    assert event["date"] == "2022-02-28"
    assert event["kind"] == "call"
    assert out[0].key == event["event_id"].encode()

    kcat = subprocess.run(
        [_kcat(), "-b", settings.bootstrap_servers, "-C", "-t", settings.output_topic,
         "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n"],
        capture_output=True, timeout=60, check=True,
    )
    rows = [line.split(b"\t", 1) for line in kcat.stdout.splitlines() if line.strip()]
    assert [orjson.loads(v) for _, v in rows] == events
    assert rows[0][0] == event["event_id"].encode()

    letters = values(dlq)
    assert len(letters) == 1
    letter = letters[0]
    jsonschema.validate(letter, load_schema("dead_letter"))
    assert letter["reason"] == "schema_violation"
    assert base64.b64decode(letter["value_b64"]) == MALFORMED
    assert dlq[0].value and orjson.loads(dlq[0].value)["topic"] == settings.input_topic
