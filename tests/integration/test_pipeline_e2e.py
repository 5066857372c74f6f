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


def _is_call(event: dict[str, object]) -> bool:
    names = {p["name"] for p in event["participants"]}  # type: ignore[attr-defined]
    return event["kind"] == "call" and "Joe Biden" in names


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
        dlq = read_topic(settings, settings.dlq_topic, until=lambda r: len(r) >= 1)
        out = read_topic(
            settings, settings.output_topic, until=lambda r: any(_is_call(v) for v in values(r))
        )

    events = values(out)
    calls = [e for e in events if _is_call(e)]
    # The article also recalls last week's NATO summit, which may be an event of its
    # own; the call itself must be exactly one event.
    assert len(calls) == 1, (tmp_path / "worker.log").read_text()[-3000:]
    event = calls[0]
    jsonschema.validate(event, load_schema("meeting_event"))
    names = {p["name"] for p in event["participants"]}
    assert {"Joe Biden", "Jens Stoltenberg"} <= names
    assert event["date"] == "2022-02-28"
    assert event["kind"] == "call"
    assert all(r.key == orjson.loads(r.value)["event_id"].encode() for r in out)

    kcat = subprocess.run(
        [
            _kcat(),
            "-b",
            settings.bootstrap_servers,
            "-C",
            "-t",
            settings.output_topic,
            "-o",
            "beginning",
            "-e",
            "-q",
            "-f",
            "%k\t%s\n",
        ],
        capture_output=True,
        timeout=60,
        check=True,
    )
    rows = [line.split(b"\t", 1) for line in kcat.stdout.splitlines() if line.strip()]

    def _by_id(items: list[dict[str, object]]) -> list[dict[str, object]]:
        return sorted(items, key=lambda e: str(e["event_id"]))

    assert _by_id([orjson.loads(v) for _, v in rows]) == _by_id(events)
    assert all(k == orjson.loads(v)["event_id"].encode() for k, v in rows)

    letters = values(dlq)
    assert len(letters) == 1
    letter = letters[0]
    jsonschema.validate(letter, load_schema("dead_letter"))
    assert letter["reason"] == "schema_violation"
    assert base64.b64decode(letter["value_b64"]) == MALFORMED
    assert dlq[0].value
    assert orjson.loads(dlq[0].value)["topic"] == settings.input_topic
