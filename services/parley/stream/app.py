"""The stream topology, top to bottom: topics, tables, the two agents.

    news.articles ──extract──▶ <app>-candidates (1 partition) ──dedup──▶ diplomatic.meetings
          └──────────────────▶ news.articles.dlq

`extract` runs on every input partition in parallel and does the costly work:
decoding, validation and extraction. Matching reports of one meeting needs to see
every candidate, and which reports belong together is not known from any key, so
candidates are repartitioned onto one partition where `dedup` keeps its tables.
Dedup is cheap next to extraction, so one partition does not bound throughput.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import faust
import orjson

from parley.codec import candidate_from_dict, candidate_to_dict
from parley.dedup import Deduplicator, DedupSettings, content_fingerprint
from parley.dedup.clock import EventClock
from parley.extract import extract
from parley.ingest.decode import Rejected, decode_article
from parley.kafka.security import faust_credentials
from parley.knowledge.gazetteer import gazetteer
from parley.publish.dead_letter import dead_letter, utc_now
from parley.settings import Settings
from parley.stream.allocator import TRIM_INTERVAL_S, fix_mmap_threshold, trim
from parley.stream.metrics import Metrics
from parley.stream.staging import StagedMapping
from parley.stream.transport import StreamApp

__all__ = ["build_app", "new_faust_app"]

log = logging.getLogger("parley.stream")

#: The most records the consumer thread decodes per hand-over to faust (see below).
MAX_POLL_RECORDS = 1000

# Every candidate goes to one key so that the single dedup partition sees them all.
_DEDUP_KEY = b"dedup"


def _faust_config(settings: Settings) -> dict[str, Any]:
    return {
        "broker": [f"kafka://{h.strip()}" for h in settings.bootstrap_servers.split(",")],
        "store": settings.store,
        "datadir": settings.data_dir,
        "web_port": settings.web_port,
        "web_host": "127.0.0.1",
        "web_bind": settings.web_bind,
        "processing_guarantee": "at_least_once",
        # On stop and on rebalance, commit what is acked instead of waiting for every
        # message in flight: one whose output the brokers keep refusing would otherwise
        # hold shutdown until SIGKILL. Unacked messages are simply processed again.
        "stream_wait_empty": False,
        "producer_acks": -1,
        "consumer_auto_offset_reset": "earliest",
        "topic_replication_factor": settings.replication_factor,
        "topic_allow_declare": True,
        "key_serializer": "raw",
        "value_serializer": "raw",
        "table_cleanup_interval": 60.0,
        # No standby copies: a standby worker replays the changelog that the active
        # one keeps writing and was seen to hold its own input partitions paused
        # meanwhile. The dedup state is small; a new owner rebuilds it in seconds.
        "table_standby_replicas": 0,
        "broker_session_timeout": float(settings.session_timeout_s),
        "consumer_group_instance_id": settings.instance_id or None,
        # TLS and SASL for faust's consumer, producer and topic admin alike; None
        # (faust's default) for PLAINTEXT.
        "broker_credentials": faust_credentials(settings),
        # 4 MiB per partition and fetch instead of faust's 1 MiB (about 200 articles of
        # 5 kB): each fetch round trip, when the broker is busy, is time the agents can
        # spend waiting, so fewer, larger fetches drain a backlog faster.
        "consumer_max_fetch_size": 4 * 1024 * 1024,
        # aiokafka keeps each fetch as raw bytes and decodes records only as they are
        # asked for, but faust asks for every buffered record at once unless this is
        # set: with 4 MiB fetches of short articles, several thousand per partition,
        # decoded in the consumer thread's malloc arena ahead of the agents. Capped at
        # 1,000 a call, the memory benchmark's RSS after 100k articles went from 162 to
        # 118 MB. Fetch sizes are unchanged, and the agents' backlog is still the
        # stream buffer (faust's 4,096 messages per agent).
        "broker_max_poll_records": MAX_POLL_RECORDS,
    }


def new_faust_app(settings: Settings) -> faust.App:
    """An empty faust app with Parley's configuration and consumer (stream/transport.py).

    The worker and the benchmark's passthrough both start here, so that they differ
    only in their agents.
    """
    # Before faust's consumer thread starts, so that its first fetch buffers are mapped.
    fix_mmap_threshold()
    app = StreamApp(settings.app_id, **_faust_config(settings))

    async def trim_heaps() -> None:
        # Freed memory held inside the heaps is given back (see stream/allocator.py).
        trim()

    app.timer(interval=TRIM_INTERVAL_S, name="parley.trim_heaps")(trim_heaps)
    return app


def build_app(settings: Settings, metrics: Metrics | None = None) -> tuple[faust.App, Metrics]:
    """The faust application for `settings`; nothing connects until a worker starts it."""
    metrics = metrics or Metrics()
    app = new_faust_app(settings)

    articles = app.topic(settings.input_topic, key_type=bytes, value_type=bytes)
    candidates_topic = f"{settings.app_id}-candidates"
    candidates = app.topic(
        candidates_topic, key_type=bytes, value_type=bytes, partitions=1, internal=True
    )

    # Three tables on the single dedup partition; values are JSON so that the same
    # dedup core runs here and on plain dicts in `parley extract`.
    schema: Any = faust.Schema(key_serializer="json", value_serializer="json")

    def _table(name: str) -> Any:
        return app.Table(name, default=None, partitions=1, schema=schema)

    events, day_index, seen = _table("events"), _table("day-index"), _table("seen")
    dedup_settings = DedupSettings(window_days=settings.dedup_window_days)

    async def _deliver(
        topic: str, key: bytes | None, value: bytes, context: dict[str, Any]
    ) -> None:
        """Send one record and wait until the brokers acknowledge it, retrying with backoff.

        Straight to the Kafka client, past faust's send buffer: waiting on a buffered
        send from inside an agent can deadlock a rebalance, which waits for the agent
        while the buffer waits for the rebalance. A refused record (an error the client
        does not retry itself, such as MESSAGE_TOO_LARGE) is tried again: the partition
        stalls, visibly, instead of moving past a record that was never written.
        """
        delay = 0.5
        while True:
            try:
                await app.producer.send_and_wait(topic, key, value, None, None, None)
                return
            except Exception as exc:
                if app.should_stop:
                    # Stopping: the message stays unacked, so its offset is not committed
                    # and the next start processes it again.
                    raise
                log.error(
                    "delivery to %s failed (%s: %s); retrying in %.1fs",
                    topic,
                    type(exc).__name__,
                    exc,
                    delay,
                    extra=context,
                )
            await app.sleep(delay)  # returns at once when the worker stops
            delay = min(delay * 2, 10.0)

    async def _dead(reason: str, detail: str, msg: Any) -> None:
        record = dead_letter(
            reason,
            detail,
            key=msg.key,
            value=msg.value,
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
        )
        where = {"topic": msg.topic, "partition": msg.partition, "offset": msg.offset}
        await _deliver(settings.dlq_topic, msg.key, orjson.dumps(record), where)
        metrics.dead_letter(reason)
        log.warning(
            "dead letter: %s",
            reason,
            extra={**where, "reason": reason, "detail": detail[:200]},
        )

    async def _extract_one(msg: Any) -> None:
        metrics.consumed()
        article = decode_article(
            msg.value,
            max_body_bytes=settings.max_body_bytes,
            languages=settings.language_set,
        )
        if isinstance(article, Rejected):
            await _dead(article.reason, article.detail, msg)
            return
        try:
            with metrics.extraction_timer():
                found = extract(article)
        except Exception as exc:
            await _dead("extraction_error", f"{type(exc).__name__}: {exc}", msg)
            return
        if not found:
            # Nothing to deduplicate: most of a news stream stops here.
            metrics.article_done(False)
            return
        where = {"topic": msg.topic, "partition": msg.partition, "offset": msg.offset}
        payload = {
            "article_id": article.id,
            "input": where,
            "fingerprint": content_fingerprint(article),
            "published_at": article.published_at,
            "timestamp_ms": msg.timestamp and int(msg.timestamp * 1000),
            "candidates": [candidate_to_dict(c) for c in found],
        }
        await _deliver(candidates_topic, _DEDUP_KEY, orjson.dumps(payload), where)

    # Acks are manual in both agents: a message is done only once what it produced is
    # acknowledged by the brokers. With automatic acks faust acks the current event
    # even when the agent raises or is cancelled, and the next commit skips it for good.
    @app.agent(articles, name="extract")
    async def extract_agent(stream: Any) -> None:
        manual = stream.noack()
        async for event in manual.events():
            await _extract_one(event.message)
            await manual.ack(event)

    @app.agent(candidates, name="dedup")
    async def dedup_agent(stream: Any) -> None:
        stages = (StagedMapping(events), StagedMapping(day_index), StagedMapping(seen))
        dedup = Deduplicator(stages[0], stages[1], stages[2], dedup_settings)
        clock = EventClock(dedup)
        # The place index (published records' coordinates) builds in about a second:
        # off the event loop, before the first record needs it.
        await asyncio.to_thread(gazetteer)
        manual = stream.noack()
        async for event in manual.events():
            payload = orjson.loads(event.value)
            found = [candidate_from_dict(c) for c in payload["candidates"]]
            records = dedup.process(payload["article_id"], payload["fingerprint"], found, utc_now())
            clock.observe(payload.get("published_at"))
            where = payload.get("input", {})
            # A merge publishes the survivor, then each absorbed event's last record
            # (merged_into); all of them are acknowledged before the staged tables
            # commit, so a crash in between replays the same versions.
            for record in records:
                context = {"event_id": record["event_id"], **where}
                if record.get("merged_into"):
                    context["merged_into"] = record["merged_into"]
                await _deliver(
                    settings.output_topic,
                    record["event_id"].encode(),
                    orjson.dumps(record),
                    context,
                )
                metrics.published(record, payload.get("timestamp_ms"))
                log.info(
                    "event %s v%d (%s)%s",
                    record["op"],
                    record["version"],
                    record["kind"],
                    f", merged into {record['merged_into']}" if record.get("merged_into") else "",
                    extra=context,
                )
            # Only now may the state say the article is done (see stream/staging.py).
            # This runs inside the agent because faust records table writes only while
            # an event is being processed.
            for stage in stages:
                stage.commit()
            metrics.article_done(True)
            metrics.state_size(len(events))
            await manual.ack(event)

    return app, metrics
