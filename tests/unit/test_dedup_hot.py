"""A hot meeting: every report is a mention, count-only updates coalesce, cost stays flat."""

from __future__ import annotations

import gc
import itertools
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
import orjson

from parley.dedup import Deduplicator, DedupSettings
from parley.model import Candidate
from tests.bench.hot_meeting import hot_articles
from tests.unit.test_dedup_engine import MACRON, NOW, SCHOLZ, report

SCHEMAS = Path(__file__).parents[2] / "schemas"
MENTION = jsonschema.Draft202012Validator(
    json.loads((SCHEMAS / "meeting_mention.v1.json").read_text())
)
EVENT = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "meeting_event.v1.json").read_text()))


def _copy(i: int) -> Candidate:
    """Report i of one Scholz-Macron meeting, from outlet i; all copies say the same."""
    return report(
        f"r{i:05d}",
        SCHOLZ,
        MACRON,
        city="Paris",
        country="FR",
        source=f"outlet{i}",
        url=f"https://outlet{i}.example/story",
        published_at=f"2022-02-28T{10 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z",
        confidence=0.9,
    )


def _run(n: int, settings: DedupSettings | None = None) -> tuple[Any, list[Any], list[Any]]:
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, {}, settings or DedupSettings())
    records, mentions = [], []
    for i in range(n):
        out = dedup.outcome(f"r{i:05d}", f"fp{i}", [_copy(i)], NOW)
        records += out.records
        mentions += out.mentions
    return events, records, mentions


def test_every_report_is_one_valid_mention_naming_its_event_and_version() -> None:
    """300 reports of one meeting: 300 schema-valid mentions of the one event, versions
    never ahead of the published records, and every record schema-valid."""
    events, records, mentions = _run(300)
    (event_id,) = events
    assert len(mentions) == 300
    for m in mentions:
        MENTION.validate(m)
    for r in records:
        EVENT.validate(r)
    assert {m["event_id"] for m in mentions} == {event_id}
    assert [m["article_id"] for m in mentions] == [f"r{i:05d}" for i in range(300)]
    published = {r["version"] for r in records}
    assert {m["event_version"] for m in mentions} <= published


def test_count_only_updates_are_coalesced_by_steps_of_ten_and_ten_percent() -> None:
    """Once the record stops changing but for its count, a record goes out only when the
    count has grown by 10 reports and 10 %; versions stay gapless."""
    _, records, _ = _run(400)
    counts = [r["source_count"] for r in records]
    assert counts[0] == 1
    assert [r["version"] for r in records] == list(range(1, len(records) + 1))
    late = [c for c in counts if c > 100]
    assert late, counts
    for before, after in itertools.pairwise(counts):
        if after > 100:
            assert after >= before + max(10, before * 0.1) - 1e-9, counts
    assert len(records) < 80


def test_publishing_every_count_is_a_setting() -> None:
    """count_update_min_step=1 and growth 0 publish a record for every report."""
    settings = DedupSettings(count_update_min_step=1, count_update_growth=0.0)
    _, records, _ = _run(60, settings)
    assert [r["source_count"] for r in records] == list(range(1, 61))


def test_the_record_and_state_stay_small_and_per_report_cost_stays_flat() -> None:
    """3,000 reports: the record keeps 20 sources and source_count, the stored state and
    every record stay under 64 KiB, and the last 100 reports cost under 3x the first 100
    (median CPU time per report, which a busy machine disturbs least)."""
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, {})
    laps = []
    records = []
    # A collection pause landing in one window would say nothing about dedup.
    gc.disable()
    try:
        for i in range(3000):
            start = time.process_time()
            records += dedup.process(f"r{i:05d}", f"fp{i}", [_copy(i)], NOW)
            laps.append(time.process_time() - start)
    finally:
        gc.enable()
    (state,) = events.values()
    assert len(orjson.dumps(state)) < 64 * 1024
    assert max(len(orjson.dumps(r)) for r in records) < 64 * 1024
    last = records[-1]
    assert len(last["sources"]) == 20
    assert last["sources"][0]["article_id"] == "r00000"
    assert last["source_count"] >= 2700
    first_cost, last_cost = statistics.median(laps[1:101]), statistics.median(laps[-100:])
    assert last_cost < 3 * first_cost, (first_cost, last_cost)


def test_a_replayed_report_after_coalescing_gets_a_new_version_not_a_different_same_one() -> None:
    """Replaying a held report whose count was held back publishes version + 1 with the
    current count, so one version never stands for two different records."""
    events: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, seen)
    records = []
    for i in range(45):
        records += dedup.process(f"r{i:05d}", f"fp{i}", [_copy(i)], NOW)
    last = records[-1]
    assert last["source_count"] < 45
    del seen["id:r00044"], seen["fp:fp44"]
    (again,) = dedup.process("r00044", "fp44", [_copy(44)], NOW)
    assert again["version"] == last["version"] + 1
    assert again["source_count"] == 45
    assert {k: v for k, v in again.items() if k not in ("version", "op", "updated_at")} != {
        k: v for k, v in last.items() if k not in ("version", "op", "updated_at")
    }
    del seen["id:r00044"], seen["fp:fp44"]
    (same,) = dedup.process("r00044", "fp44", [_copy(44)], NOW)
    assert same == again


def test_parley_extract_writes_the_mentions_of_a_hot_meeting(tmp_path: Path) -> None:
    """`parley extract --mentions` on 30 copies of the seed writes a valid mention for
    every candidate of every copy, each naming an event of the record stream."""
    src, out, mentions = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "m.jsonl"
    src.write_bytes(b"".join(v + b"\n" for v in hot_articles(30)))
    cli = "import sys; from parley.cli.main import main; sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", cli, "extract", "-i", str(src), "-o", str(out),
         "--mentions", str(mentions)],
        check=True,
    )  # fmt: skip
    rows = [orjson.loads(line) for line in mentions.read_bytes().splitlines()]
    events = {orjson.loads(line)["event_id"] for line in out.read_bytes().splitlines()}
    for m in rows:
        MENTION.validate(m)
    assert {m["article_id"] for m in rows} == {f"hot-{i:05d}" for i in range(30)}
    assert {m["event_id"] for m in rows} <= events


def test_a_sentence_as_long_as_a_body_is_cut_before_any_topic() -> None:
    """A 300,000-character evidence "sentence" reaches no record whole: the candidate
    sent between the stages, the mention and the event's sources are all cut."""
    from dataclasses import replace

    from parley.dedup.record import MENTION_EVIDENCE_MAX, bounded_candidate

    long = _copy(0)
    long = replace(long, source=replace(long.source, evidence="word " * 60_000))
    assert len(bounded_candidate(long).source.evidence) == MENTION_EVIDENCE_MAX
    out = Deduplicator({}, {}, {}).outcome("r00000", "fp0", [long], NOW)
    assert len(out.mentions[0]["evidence"]) == MENTION_EVIDENCE_MAX
    assert max(len(s["evidence"]) for s in out.records[0]["sources"]) <= 600


def test_a_busy_day_writes_small_index_values() -> None:
    """3,000 unrelated meetings on one day: no day_index value the changelog carries
    grows past a few KB, and expiry still removes every one of them."""
    from datetime import date

    from parley.model import Participant

    index: dict[str, Any] = {}
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, index, {})
    for i in range(3000):
        a = Participant(f"Leader{i} Alpha{i}", "President", None)
        b = Participant(f"Leader{i} Beta{i}", "Minister", None)
        dedup.process(f"d{i}", f"fpd{i}", [report(f"d{i}", a, b)], NOW)
    assert len(events) == 3000
    assert max(len(orjson.dumps(v)) for v in index.values()) < 8 * 1024
    assert dedup.expire(date(2022, 6, 1)) == 3000
    assert not index
