"""The stream topology, top to bottom: topics, tables, the two agents.

    news.articles ──extract──▶ <app>-candidates (1 partition) ──dedup──▶ diplomatic.meetings
          └──────────────────▶ news.articles.dlq                  └──▶ diplomatic.meetings.mentions

`extract` runs on every input partition in parallel and does the costly work:
decoding, validation and extraction. Matching reports of one meeting needs to see
every candidate, and which reports belong together is not known from any key, so
candidates are repartitioned onto one partition where `dedup` keeps its tables.
Dedup is cheap next to extraction, so one partition does not bound throughput.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import faust
import orjson

from parley.codec import candidate_from_dict
from parley.dedup import Deduplicator, DedupSettings, content_fingerprint
from parley.dedup.clock import EventClock
from parley.dedup.record import bounded_candidate
from parley.dedup.seen import SeenArticles
from parley.extract import extract
from parley.ingest.decode import Rejected, decode_article
from parley.kafka.failures import Undeliverable, retriable
from parley.kafka.security import faust_credentials
from parley.knowledge.gazetteer import gazetteer
from parley.publish.dead_letter import dead_letter, utc_now
from parley.settings import Settings
from parley.stream.allocator import TRIM_INTERVAL_S, fix_mmap_threshold, trim
from parley.stream.batching import Batch, Pending
from parley.stream.changelog import ChangelogTable
from parley.stream.metrics import Metrics
from parley.stream.staging import StagedMapping
from parley.stream.transport import StreamApp

__all__ = ["build_app", "new_faust_app"]

log = logging.getLogger("parley.stream")

#: The most records the consumer thread decodes per hand-over to faust (see below).
MAX_POLL_RECORDS = 1000
#: The most messages an agent processes before it waits for their outputs' acks.
MAX_BATCH = 500

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
        # Equal to the max.message.bytes of the topics Parley creates (kafka/admin.py):
        # whatever the producer accepts, those topics take.
        "producer_max_request_size": settings.max_message_bytes,
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
        candidates_topic,
        key_type=bytes,
        value_type=bytes,
        partitions=1,
        internal=True,
        config={"max.message.bytes": str(settings.max_message_bytes)},
    )

    # Three tables on the single dedup partition; values are JSON so that the same
    # dedup core runs here and on plain dicts in `parley extract`.
    schema: Any = faust.Schema(key_serializer="json", value_serializer="json")

    def _table(name: str) -> Any:
        return app.Table(name, default=None, partitions=1, schema=schema)

    events, day_index, seen = _table("events"), _table("day-index"), _table("seen")
    # Article ids and texts known for PARLEY_SEEN_DAYS (dedup/seen.py), and the
    # position of the event-time clock, so that a restart does not reset it.
    seen_long, clock_state = _table("seen-long"), _table("clock")
    dedup_settings = DedupSettings(window_days=settings.dedup_window_days)
    tolerance = timedelta(hours=settings.future_tolerance_hours)

    async def _deliver(
        topic: str, key: bytes | None, value: bytes, context: dict[str, Any]
    ) -> None:
        """Send one record and wait until the brokers acknowledge it, retrying with backoff.

        Straight to the Kafka client, past faust's send buffer: waiting on a buffered
        send from inside an agent can deadlock a rebalance, which waits for the agent
        while the buffer waits for the rebalance. A refused record (an error the client
        does not retry itself) is tried again while a retry can help: the partition
        stalls, visibly (parley_stage_stalled, /readyz), instead of moving past a record
        that was never written. One that no retry can fix (over a size limit, not
        authorized, invalid: kafka/failures.py) raises `Undeliverable` at once, for the
        caller to dead-letter the message it came from.
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
                if not retriable(exc):
                    metrics.delivery_refused(topic)
                    log.error(
                        "delivery to %s refused for good (%s: %s); not retrying",
                        topic,
                        type(exc).__name__,
                        exc,
                        extra=context,
                    )
                    raise Undeliverable(topic, exc) from exc
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
        where = {"topic": msg.topic, "partition": msg.partition, "offset": msg.offset}
        # A key too long to repeat whole is cut in the record (dead_letter.py), and so
        # is the key it is sent with.
        key = msg.key if msg.key is None or len(msg.key) <= 256 else msg.key[:256]
        record = dead_letter(
            reason,
            detail,
            key=msg.key,
            value=msg.value,
            topic=msg.topic,
            partition=msg.partition,
            offset=msg.offset,
            max_bytes=settings.max_message_bytes,
        )
        try:
            await _deliver(settings.dlq_topic, key, orjson.dumps(record), where)
        except Undeliverable as exc:
            # The dead-letter topic refuses even a record cut to the limit (a smaller
            # max.message.bytes, no write access). Nothing more can be done with the
            # message; the log line with its offset is its only trace.
            log.critical(
                "dead letter could not be written, message skipped: %s",
                exc,
                extra={**where, "reason": reason},
            )
        metrics.dead_letter(reason)
        log.warning(
            "dead letter: %s",
            reason,
            extra={**where, "reason": reason, "detail": detail[:200]},
        )

    async def _send(topic: str, key: bytes | None, value: bytes) -> Any:
        # Straight to the Kafka client, as _deliver does; the acknowledgement is awaited
        # by Batch.settle, for the whole batch at once (stream/batching.py).
        return await app.producer.send(topic, key, value, None, None, None)

    async def _send_changelog(topic: str, key: bytes, value: bytes | None, partition: int) -> Any:
        return await app.producer.send(topic, key, value, partition, None, None)

    def _batch() -> Batch:
        return Batch(_send, _deliver, max_messages=MAX_BATCH)

    async def _extract_one(msg: Any, batch: Batch, pending: Pending) -> None:
        metrics.consumed()
        article = decode_article(
            msg.value,
            max_body_bytes=settings.max_body_bytes,
            languages=settings.language_set,
            max_future=tolerance,
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
            # Evidence cut as dedup cuts it: no candidate record can be refused for size.
            # orjson writes the dataclasses as candidate_to_dict would, without the
            # deep copies of dataclasses.asdict (which cost more than the extraction).
            "candidates": [bounded_candidate(c) for c in found],
        }
        await batch.send(pending, candidates_topic, _DEDUP_KEY, orjson.dumps(payload), where)

    # Acks are manual in both agents: a message is done only once what it produced is
    # acknowledged by the brokers. With automatic acks faust acks the current event
    # even when the agent raises or is cancelled, and the next commit skips it for good.
    # Both agents send as they go and settle a batch of messages at once when the
    # stream has nothing more buffered (stream/batching.py): one wait for the brokers
    # per batch instead of one per article.
    @app.agent(articles, name="extract")
    async def extract_agent(stream: Any) -> None:
        manual = stream.noack()
        batch = _batch()
        async for event in manual.events():
            pending = batch.add(event)
            await _extract_one(event.message, batch, pending)
            if batch.full(manual.channel.empty()):
                for done in await batch.settle():
                    if done.refused is not None:
                        await _dead("output_rejected", str(done.refused), done.event.message)
                    await manual.ack(done.event)

    def _published(record: dict[str, Any], context: dict[str, Any], timestamp_ms: Any) -> Any:
        def done() -> None:
            metrics.published(record, timestamp_ms)
            log.info(
                "event %s v%d (%s)%s",
                record["op"],
                record["version"],
                record["kind"],
                f", merged into {record['merged_into']}" if record.get("merged_into") else "",
                extra=context,
            )

        return done

    async def _publish(
        batch: Batch,
        pending: Pending,
        records: list[dict[str, Any]],
        where: dict[str, Any],
        timestamp_ms: int | None,
    ) -> None:
        """Send one article's event records in order (versions of one key must not
        overtake each other: the client keeps the order of sends to one partition),
        each logged and counted once acknowledged. A record refused for good is left
        out: the event's state moves on without this version, and the consumer sees a
        gap in its versions, never a rewind."""
        for record in records:
            context = {"event_id": record["event_id"], **where}
            if record.get("merged_into"):
                context["merged_into"] = record["merged_into"]
            await batch.send(
                pending,
                settings.output_topic,
                record["event_id"].encode(),
                orjson.dumps(record),
                context,
                _published(record, context, timestamp_ms),
            )

    @app.agent(candidates, name="dedup")
    async def dedup_agent(stream: Any) -> None:
        tables = tuple(ChangelogTable(t) for t in (events, day_index, seen, seen_long, clock_state))
        stages = tuple(StagedMapping(t) for t in tables)
        dedup = Deduplicator(stages[0], stages[1], stages[2], dedup_settings)
        guard = SeenArticles(dedup, stages[3], days=settings.seen_days)
        clock = EventClock(guard, stages[4], tolerance=tolerance)
        # The place index (published records' coordinates) builds in about a second:
        # off the event loop, before the first record needs it.
        await asyncio.to_thread(gazetteer)
        manual = stream.noack()
        batch = _batch()
        async for event in manual.events():
            pending = batch.add(event)
            # What this article writes can be undone alone; the batch's earlier
            # articles keep theirs (stream/staging.py).
            for stage in stages:
                stage.savepoint()
            try:
                payload = orjson.loads(event.value)
                found = [candidate_from_dict(c) for c in payload["candidates"]]
                outcome = guard.outcome(
                    payload["article_id"], payload["fingerprint"], found, utc_now()
                )
                clock.observe(payload.get("published_at"))
            except Exception as exc:
                # An exception escaping the agent would crash it: faust restarts it, but
                # the message stays unacked and no offset of the partition is committed
                # again. The message is dead-lettered instead, the state left untouched.
                for stage in stages:
                    stage.rollback()
                pending.extra = f"{type(exc).__name__}: {exc}"
            else:
                where = payload.get("input", {})
                # A merge publishes the survivor, then each absorbed event's last record
                # (merged_into); all of them are acknowledged before the staged tables
                # commit, so a crash in between replays the same versions.
                await _publish(batch, pending, outcome.records, where, payload.get("timestamp_ms"))
                if settings.mentions_topic:
                    # One mention per report, keyed by its event.
                    for m in outcome.mentions:
                        await batch.send(
                            pending,
                            settings.mentions_topic,
                            m["event_id"].encode(),
                            orjson.dumps(m),
                            {"event_id": m["event_id"], **where},
                        )
            if not batch.full(manual.channel.empty()):
                continue
            settled = await batch.settle()
            # Only now may the state say the batch's articles are done (see
            # stream/staging.py). This runs inside the agent because faust records
            # table writes only while an event is being processed. A key written by
            # many articles of the batch goes to its changelog once.
            for stage in stages:
                stage.commit()
            # faust's offset commit flushes the client first: these records are
            # acknowledged before any offset of the batch is committed.
            partition = settled[-1].event.message.partition
            for table in tables:
                await table.flush(_send_changelog, partition)
            for done in settled:
                if done.extra is not None:
                    await _dead("dedup_error", done.extra, done.event.message)
                elif done.refused is not None:
                    await _dead("output_rejected", str(done.refused), done.event.message)
                else:
                    metrics.article_done(True)
                await manual.ack(done.event)
            metrics.state_size(len(events))

    return app, metrics
