"""End to end through a real broker: `parley worker` against a faust no-op passthrough.

    python -m tests.bench.end_to_end                    # saturation + latency, a few minutes
    python -m tests.bench.end_to_end --articles 50000 --seconds 60
    python -m tests.bench.end_to_end --phase latency --rate 200   # below the worker's knee
    python -m tests.bench.end_to_end --memory           # RSS after 10k and 100k articles
    python -m tests.bench.end_to_end --memory --checkpoints 100000,1000000
    python -m tests.bench.end_to_end --workers 2        # one vs two worker processes

The broker is KAFKA_BOOTSTRAP_SERVERS when set, otherwise a local single-node KRaft
broker that this script starts on --port under PARLEY_HOME and stops (and removes)
at the end. Both apps run as subprocesses with the same faust configuration, read
the same bytes from 4-partition input topics and write to 4-partition output topics;
every run uses fresh topics, consumer groups, web ports and data directories, and
deletes its topics afterwards.

What is measured (timestamps are Kafka record timestamps, CreateTime, one clock):

* Saturation. N realistic articles are loaded before the app starts, so the app
  drains a backlog. Two figures per app. (1) N / (last - first output record
  timestamp), as the issue asks. The passthrough outputs one record per article,
  so this is exact; the worker outputs one record per event (about 5 % of the
  realistic stream, spread evenly over it), so its first and last event records
  bracket all but a few dozen of the N articles, which overstates its rate by about
  2/(events+1). (2) Steady state: the time between 10 % and 90 % of the articles
  being done, polled every 0.25 s from the outside in the same way for both apps
  (passthrough: output end offsets; worker: its parley_articles_processed_total
  plus parley_dead_letters_total), which leaves out start-up and rebalancing.
* Latency at a fixed offered load (default 500 articles/s for 20 s, realistic
  stream, each input record stamped with its send time). Passthrough: every
  article, input timestamp to its output record's timestamp. Worker: only articles
  that yield a published event (about 5 % of the realistic stream), one sample per
  (article, event) pair: input timestamp to the MeetingEvent record whose `sources`
  first lists the article. The passthrough is also shown on the same articles.
  `--latency-stream diplomatic` offers the all-diplomatic stream instead, so every
  worker article is measured. "drained" is how long after the last offer the app
  finished; when it is more than about a second the app did not keep up, and its
  latency figures measure a growing queue rather than the app.
* Memory (--memory). One worker fed in stages up to the last checkpoint (default
  10k and 100k articles with 40-120-word bodies); after each stage it is waited on,
  then, once the heap trim timer has run with the worker idle (12 s), VmRSS is read
  from /proc five times a second apart (the median is the row's figure, memory at
  rest) and the dedup gauge parley_dedup_state_events from /metrics. VmRSS is also
  read every 0.5 s while the stage is fed and processed; the highest of those
  readings is shown beside it. Event time advances so that the dedup window is full
  at the first checkpoint, after which state, and so memory, should stay flat.
* Scaling (--workers N). One worker process, then N processes of one app (one
  consumer group), on a 4-partition input topic; the articles are loaded only once
  the processes' partition assignment has settled (see _scale for why).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient

from parley.broker import local
from parley.kafka.admin import ensure_topics
from parley.native import core_build
from parley.settings import Settings, load_settings
from parley.stream.allocator import TRIM_INTERVAL_S
from tests.bench.corpus_gen import (
    DEFAULT_SEED,
    Generated,
    StreamSpec,
    generate,
    memory_stream,
    rss_mb,
)

PARTITIONS = 4
DEFAULT_PORT = 39092  # away from the 9092 / 19092 brokers of day-to-day work
_WORKER_CMD = ("-m", "parley.cli.main", "worker", "--loglevel", "warning")
_PASSTHROUGH_CMD = ("-m", "tests.bench.passthrough")
_ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- helpers


def _say(message: str) -> None:
    # Progress goes to stderr so that stdout holds only the figures.
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pct(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    k = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def _metric(text: str, name: str) -> float:
    """Sum of every sample of one Prometheus metric, over all its label sets."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and line[len(name) : len(name) + 1] in ("{", " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


# --------------------------------------------------------------------------- broker


@dataclass
class Broker:
    bootstrap: str
    # Set only when this script started the broker: then, and only then, it stops it.
    port: int | None = None
    home: Path | None = None
    created_dir: bool = False

    def stop(self) -> None:
        if self.port is None or self.home is None:
            return
        _say(f"stopping the broker this run started on port {self.port}")
        local.stop(self.home, self.port)
        if self.created_dir:
            shutil.rmtree(local.broker_dir(self.home, self.port), ignore_errors=True)


def _broker(port: int) -> Broker:
    env = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if env:
        _say(f"using the broker at KAFKA_BOOTSTRAP_SERVERS={env}")
        return Broker(env)
    home = local.default_home()
    status = local.status(home, port)
    if status.running:
        # Someone else's broker: use it, never stop it.
        _say(f"using the local broker already running on port {port}")
        return Broker(status.bootstrap)
    created = not local.broker_dir(home.expanduser().resolve(), port).exists()
    _say(f"starting a local broker on 127.0.0.1:{port} (state under {home})")
    bootstrap = local.start(home, port, progress=_say)
    return Broker(bootstrap, port, home.expanduser().resolve(), created)


# --------------------------------------------------------------------------- apps


@dataclass
class App:
    """One `parley worker` or passthrough subprocess."""

    kind: str  # "worker" | "passthrough"
    settings: Settings
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> App:
        env = {**os.environ, **self.settings.to_env(), "PYTHONUNBUFFERED": "1"}
        cmd = _WORKER_CMD if self.kind == "worker" else _PASSTHROUGH_CMD
        with self.log.open("wb") as out:
            # The child keeps its own copy of the file descriptor.
            self.proc = subprocess.Popen(
                [sys.executable, *cmd],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                # The passthrough is a module of tests.bench, found from the repository root.
                cwd=_ROOT,
            )
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def _url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}{path}"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def check(self) -> None:
        if not self.alive():
            raise RuntimeError(f"{self.kind} exited early; see {self.log}:\n{self._tail()}")

    def _tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-25:])
        except OSError:
            return ""

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until the app's consumer has partitions assigned (its /readyz says 200)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check()
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(self._url("/readyz"), timeout=2) as resp,
            ):
                if resp.status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"{self.kind} not ready after {timeout:.0f} s; see {self.log}")

    def input_partitions(self, topic: str) -> set[int]:
        """The partitions of `topic` this process owns, from the worker's /readyz body."""
        try:
            with urllib.request.urlopen(self._url("/readyz"), timeout=2) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:  # a 503 (not ready yet) still has a body
            raw = exc.read()
        except OSError:
            return set()
        try:
            owned = orjson.loads(raw).get("partitions") or []
        except (orjson.JSONDecodeError, AttributeError):
            return set()
        return {int(p.rsplit("/", 1)[1]) for p in owned if p.rsplit("/", 1)[0] == topic}

    def metrics(self, *names: str) -> str:
        """The worker's /metrics, only the series `names` when given."""
        query = "&".join(f"name[]={name}" for name in names)
        with urllib.request.urlopen(self._url(f"/metrics?{query}"), timeout=5) as resp:
            return str(resp.read().decode())

    def processed(self) -> int:
        """Articles the worker has finished, with or without events, plus dead letters."""
        # Polled every 0.25 s while the worker is measured: two series, not all of them
        # rendered on its event loop each time.
        text = self.metrics("parley_articles_processed_total", "parley_dead_letters_total")
        done = _metric(text, "parley_articles_processed_total")
        return int(done + _metric(text, "parley_dead_letters_total"))

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


# --------------------------------------------------------------------------- kafka side


class Kafka:
    """Producer, reader and admin for the benchmark's own topics."""

    def __init__(self, settings: Settings) -> None:
        self._cfg = settings.kafka_python_config()
        self._consumer = KafkaConsumer(
            **self._cfg,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id="parley-bench-reader",
        )

    def close(self) -> None:
        self._consumer.close()

    def producer(self, *, linger_ms: int) -> KafkaProducer:
        return KafkaProducer(
            **self._cfg,
            acks="all",
            linger_ms=linger_ms,
            batch_size=256 * 1024,
            client_id="parley-bench-feed",
        )

    def load(self, topic: str, items: Iterable[Generated]) -> int:
        """Send as fast as the broker takes them; returns how many, all acknowledged."""
        producer = self.producer(linger_ms=20)
        sent = 0
        failed: list[BaseException] = []
        try:
            for item in items:
                future = producer.send(topic, key=item.article_id.encode(), value=item.value)
                future.add_errback(failed.append)
                sent += 1
            producer.flush()
        finally:
            producer.close()
        if failed:
            # A backlog with holes would make every figure of the run wrong.
            raise RuntimeError(f"{len(failed)} of {sent} articles not delivered: {failed[0]!r}")
        return sent

    def partitions(self, topic: str, timeout: float = 60.0) -> list[TopicPartition]:
        # A topic faust declares at start-up may not be in the metadata yet.
        deadline = time.monotonic() + timeout
        while True:
            parts = self._consumer.partitions_for_topic(topic)
            if parts:
                return [TopicPartition(topic, p) for p in sorted(parts)]
            if time.monotonic() > deadline:
                raise RuntimeError(f"topic {topic} has no partitions after {timeout:.0f} s")
            time.sleep(0.5)

    def count(self, topic: str) -> int:
        tps = self.partitions(topic)
        ends = self._consumer.end_offsets(tps)
        begins = self._consumer.beginning_offsets(tps)
        return sum(ends[tp] - begins[tp] for tp in tps)

    def records(self, topic: str, timeout: float = 300.0) -> Iterator[Any]:
        """Every record the topic holds now, partition by partition order."""
        tps = self.partitions(topic)
        ends = self._consumer.end_offsets(tps)
        self._consumer.assign(tps)
        self._consumer.seek_to_beginning(*tps)
        left = {tp for tp in tps if ends[tp] > 0}
        deadline = time.monotonic() + timeout
        while left:
            if time.monotonic() > deadline:
                raise RuntimeError(f"reading {topic} timed out")
            for tp, recs in self._consumer.poll(timeout_ms=1000).items():
                for rec in recs:
                    if rec.offset < ends[tp]:
                        yield rec
            for tp in list(left):
                if self._consumer.position(tp) >= ends[tp]:
                    left.discard(tp)
        self._consumer.unsubscribe()

    def timestamps(self, topic: str) -> list[int]:
        return sorted(rec.timestamp for rec in self.records(topic))

    def delete_prefix(self, prefix: str) -> None:
        admin = KafkaAdminClient(**self._cfg, client_id="parley-bench-admin")
        try:
            doomed = [t for t in admin.list_topics() if t.startswith(prefix)]
            if doomed:
                admin.delete_topics(doomed, timeout_ms=30_000)
        finally:
            admin.close()


# --------------------------------------------------------------------------- a run


@dataclass
class Progress:
    """(wall-clock seconds, articles done) as polled while an app drains its input."""

    samples: list[tuple[float, int]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.samples[-1][1] if self.samples else 0

    def crossing(self, target: float) -> float | None:
        """When the count reached `target`, interpolated between the two polls around it."""
        prev_t, prev_n = None, 0
        for t, n in self.samples:
            if n >= target:
                if prev_t is None or n == prev_n:
                    return t
                return prev_t + (t - prev_t) * (target - prev_n) / (n - prev_n)
            prev_t, prev_n = t, n
        return None


@dataclass
class Bench:
    base: Settings
    kafka: Kafka
    run_id: str
    workdir: Path
    apps: list[App] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"bench-{self.run_id}"

    def settings(self, name: str, input_topic: str | None = None) -> Settings:
        """Fresh names for one app (or one group of workers) of this run."""
        app_id = f"{self.prefix}-{name}"
        data_dir = self.workdir / name
        data_dir.mkdir(parents=True, exist_ok=True)
        return dataclasses.replace(
            self.base,
            app_id=app_id,
            input_topic=input_topic or f"{app_id}.in",
            output_topic=f"{app_id}.out",
            dlq_topic=f"{app_id}.dlq",
            input_partitions=PARTITIONS,
            output_partitions=PARTITIONS,
            web_port=_free_port(),
            data_dir=str(data_dir),
        )

    def start(self, kind: str, settings: Settings, tag: str = "") -> App:
        # Same topics, same partitions, before either app starts.
        ensure_topics(settings)
        app = App(kind, settings, self.workdir / f"{settings.app_id}{tag}.log").start()
        self.apps.append(app)
        return app

    def stop_all(self) -> None:
        for app in self.apps:
            app.stop()

    def wait_done(
        self, app_or_apps: App | list[App], expected: int, stall: float, every: float = 0.25
    ) -> Progress:
        """Until `expected` articles are through; gives up after `stall` s without progress."""
        apps = app_or_apps if isinstance(app_or_apps, list) else [app_or_apps]
        progress = Progress()
        last, last_change = -1, time.monotonic()
        while True:
            for app in apps:
                app.check()
            if apps[0].kind == "worker":
                done = sum(app.processed() for app in apps)
            else:
                done = self.kafka.count(apps[0].settings.output_topic)
            progress.samples.append((time.time(), done))
            if done >= expected:
                return progress
            if done != last:
                last, last_change = done, time.monotonic()
            elif time.monotonic() - last_change > stall:
                _say(f"no progress for {stall:.0f} s at {done}/{expected}; giving up")
                return progress
            time.sleep(every)


def _stream(count: int, seed: int, share: float, **kw: Any) -> list[Generated]:
    return list(generate(StreamSpec(count, seed, diplomatic_share=share, **kw)))


# --------------------------------------------------------------------------- saturation


@dataclass(frozen=True)
class Saturation:
    articles: int
    rate: float  # N / (last - first output record timestamp)
    steady: float  # 10 % to 90 % of the articles done, polled

    @staticmethod
    def of(articles: int, first_ms: int, last_ms: int, progress: Progress) -> Saturation:
        rate = articles / max(1e-3, (last_ms - first_ms) / 1000)
        t10, t90 = progress.crossing(0.1 * articles), progress.crossing(0.9 * articles)
        steady = float("nan")
        if t10 is not None and t90 is not None and t90 > t10:
            steady = 0.8 * articles / (t90 - t10)
        return Saturation(articles, rate, steady)


def _saturate(bench: Bench, kind: str, input_topic: str, n: int, workers: int = 1) -> Saturation:
    name = f"sat-{kind}" if workers == 1 else f"sat-{kind}-x{workers}"
    settings = bench.settings(name, input_topic)
    apps = [bench.start(kind, settings)]
    # Extra processes of the same app: same group and topics, own web port and state.
    for k in range(1, workers):
        extra = dataclasses.replace(
            settings, web_port=_free_port(), data_dir=f"{settings.data_dir}-{k}"
        )
        apps.append(bench.start(kind, extra, tag=f"-{k}"))
    _say(f"{name}: draining {n} pre-loaded articles")
    for app in apps:
        app.wait_ready()
    progress = bench.wait_done(apps, n, stall=60)
    for app in apps:
        app.stop()
    stamps = bench.kafka.timestamps(settings.output_topic)
    if progress.done < n or not stamps:
        raise RuntimeError(f"{name} finished {progress.done} of {n} articles; see the logs")
    return Saturation.of(n, stamps[0], stamps[-1], progress)


# --------------------------------------------------------------------------- latency


@dataclass(frozen=True)
class Latency:
    offered: float  # articles/s actually sent
    drained: float  # seconds from the last offer until every article was processed
    all_ms: list[float]  # every measured article
    subset_ms: list[float]  # articles that yield events (the worker's measurable set)

    def line(self, which: str) -> tuple[str, str, str, str]:
        values = self.all_ms if which == "all" else self.subset_ms
        if not values:
            return ("-", "-", "-", "0")
        return (
            f"{_pct(values, 50):.0f}",
            f"{_pct(values, 95):.0f}",
            f"{_pct(values, 99):.0f}",
            str(len(values)),
        )


def _offer(bench: Bench, topic: str, items: Sequence[Generated], rate: float) -> dict[str, int]:
    """Send at `rate` articles/s; returns article id -> input record timestamp (ms)."""
    producer = bench.kafka.producer(linger_ms=0)
    stamps: dict[str, int] = {}
    start = time.monotonic()
    try:
        for i, item in enumerate(items):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            ts = int(time.time() * 1000)
            # The send time is the record's timestamp: latency counts from the offer.
            producer.send(topic, key=item.article_id.encode(), value=item.value, timestamp_ms=ts)
            stamps[item.article_id] = ts
        producer.flush()
    finally:
        producer.close()
    return stamps


def _warm_up(bench: Bench, app: App, seed: int) -> None:
    """A few diplomatic articles first: the worker loads its knowledge base on first use."""
    warm = _stream(20, seed + 99, 1.0, id_prefix="warm")
    bench.kafka.load(app.settings.input_topic, warm)
    bench.wait_done(app, len(warm), stall=60)


def _latency(
    bench: Bench, kind: str, items: Sequence[Generated], rate: float, seed: int
) -> Latency:
    settings = bench.settings(f"lat-{kind}")
    app = bench.start(kind, settings)
    app.wait_ready()
    _warm_up(bench, app, seed)
    done0 = app.processed() if kind == "worker" else bench.kafka.count(settings.output_topic)
    _say(f"lat-{kind}: offering {len(items)} articles at {rate:.0f}/s")
    t0 = time.monotonic()
    stamps = _offer(bench, settings.input_topic, items, rate)
    offered = len(items) / (time.monotonic() - t0)
    last_offer = time.time()
    progress = bench.wait_done(app, done0 + len(items), stall=60)
    finished = progress.crossing(done0 + len(items)) or progress.samples[-1][0]
    app.stop()
    eventful = {g.article_id for g in items if g.diplomatic}
    all_ms: list[float] = []
    subset_ms: list[float] = []
    if kind == "passthrough":
        for rec in bench.kafka.records(settings.output_topic):
            key = rec.key.decode()
            if key in stamps:
                ms = rec.timestamp - stamps[key]
                all_ms.append(ms)
                if key in eventful:
                    subset_ms.append(ms)
    else:
        # An event's record lists every article merged into it; the new entry of each
        # version is the article that caused it.
        known: dict[str, set[str]] = {}
        for rec in bench.kafka.records(settings.output_topic):
            event = orjson.loads(rec.value)
            ids = {s["article_id"] for s in event["sources"]}
            fresh = ids - known.setdefault(event["event_id"], set())
            known[event["event_id"]] |= ids
            for article_id in fresh:
                if article_id in stamps:
                    all_ms.append(rec.timestamp - stamps[article_id])
        subset_ms = all_ms
    return Latency(offered, max(0.0, finished - last_offer), sorted(all_ms), sorted(subset_ms))


# --------------------------------------------------------------------------- modes


def _default_mode(bench: Bench, args: argparse.Namespace) -> None:
    print()
    print(
        f"end to end, {os.cpu_count()} cores, broker {bench.base.bootstrap_servers}, "
        f"{PARTITIONS} input partitions, same faust config for both apps; {core_build()}"
    )
    if args.phase in ("both", "saturation"):
        _say(f"generating {args.articles} realistic articles (seed {args.seed})")
        items = _stream(args.articles, args.seed, 0.05)
        topic = f"{bench.prefix}-sat.in"
        ensure_topics(bench.settings("sat-topic", topic))
        _say(f"pre-loading {len(items)} articles into {topic}")
        bench.kafka.load(topic, items)
        p, w = (_saturate(bench, k, topic, len(items)) for k in ("passthrough", "worker"))
        print()
        print(f"saturation: {p.articles} realistic articles pre-loaded, then drained")
        print(f"{'':<34}{'passthrough':>12}{'worker':>10}{'ratio':>8}")
        for label, a, b in (
            ("articles/s, first to last output", p.rate, w.rate),
            ("articles/s, steady (10-90 % done)", p.steady, w.steady),
        ):
            print(f"{label:<34}{a:>12,.0f}{b:>10,.0f}{b / a:>8.2f}", flush=True)
    if args.phase in ("both", "latency"):
        share = 1.0 if args.latency_stream == "diplomatic" else 0.05
        items = _stream(int(args.rate * args.seconds), args.seed + 1, share)
        lp, lw = (
            _latency(bench, k, items, args.rate, args.seed) for k in ("passthrough", "worker")
        )
        stream = "all-diplomatic" if share == 1.0 else "realistic (5 % diplomatic)"
        print()
        print(
            f"latency at {args.rate:.0f} articles/s offered for {args.seconds:.0f} s, {stream} "
            f"stream (achieved {lp.offered:.0f} / {lw.offered:.0f} articles/s); input to output "
            "record timestamp, ms"
        )
        print(f"{'':<40}{'p50':>7}{'p95':>7}{'p99':>7}{'n':>7}{'drained':>9}")
        rows = (
            ("passthrough, every article", lp.line("all"), f"{lp.drained:.1f} s"),
            ("passthrough, articles with events", lp.line("subset"), ""),
            ("worker, (article, event) pairs", lw.line("all"), f"{lw.drained:.1f} s"),
        )
        for label, (p50, p95, p99, n), drained in rows:
            print(f"{label:<40}{p50:>7}{p95:>7}{p99:>7}{n:>7}{drained:>9}")
        if lp.subset_ms and lw.all_ms:
            ratios = (_pct(lw.all_ms, q) / max(1.0, _pct(lp.subset_ms, q)) for q in (50, 95, 99))
            print(
                f"{'ratio worker/passthrough (same articles)':<40}"
                + "".join(f"{r:>7.1f}" for r in ratios)
            )
        print(
            "drained = time from the last article offered until the app had processed all; "
            "above a second or so the app did not keep up with the offered load"
        )


def _memory_mode(bench: Bench, args: argparse.Namespace) -> None:
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    stages, spec = memory_stream(
        checkpoints, args.samples, args.seed, args.min_words, args.max_words
    )
    settings = bench.settings("mem-worker")
    app = bench.start("worker", settings)
    app.wait_ready()
    items = generate(spec)
    print()
    print(
        f"memory: one worker, realistic stream with {args.min_words}-{args.max_words}-word "
        f"bodies, {spec.articles_per_day} articles per event-time day, dedup window "
        f"{bench.base.dedup_window_days} days"
    )
    print(
        f"{'articles':>10}{'event day':>12}{'RSS MB at rest':>16}{'highest in stage':>18}"
        f"{'dedup events':>14}"
    )
    sent = 0
    rows: dict[int, float] = {}
    highest = 0.0
    for stage in stages:
        _say(f"memory: feeding up to {stage} articles")
        with _RssSampler(app.pid) as during:
            sent += bench.kafka.load(
                settings.input_topic, (next(items) for _ in range(stage - sent))
            )
            bench.wait_done(app, stage, stall=120, every=1.0)
        # The table flushes, and the heap trim timer runs at least once while the worker
        # is idle: what it kept from the last seconds of work is given back then.
        time.sleep(TRIM_INTERVAL_S + 2)
        rss = _rss_at_rest(app.pid)
        events = _metric(app.metrics("parley_dedup_state_events"), "parley_dedup_state_events")
        rows[stage] = rss
        highest = max(highest, during.highest)
        day = spec.start.toordinal() + (stage - 1) // spec.articles_per_day
        print(
            f"{stage:>10}{date.fromordinal(day).isoformat():>12}{rss:>16.0f}"
            f"{during.highest:>18.0f}{events:>14.0f}",
            flush=True,
        )
    app.stop()
    first, last = rows[checkpoints[0]], rows[spec.count]
    print(
        f"RSS at rest after {spec.count} vs after {checkpoints[0]} articles: "
        f"{last / first - 1:+.1%}; highest reading while processing: {highest:.0f} MB"
    )


def _rss_at_rest(pid: int, readings: int = 5, every: float = 1.0) -> float:
    """The median of a few readings a second apart once the worker is idle.

    While it works, the worker's main heap swings by 10-50 MB within seconds, and
    what is freed stays resident until the trim timer gives it back (every
    TRIM_INTERVAL_S, stream/allocator.py): a reading taken before that says more
    about the last seconds of work than about what the worker keeps. The swings are
    shown apart, as the highest reading while the stage was processed.
    """
    values = []
    for i in range(readings):
        if i:
            time.sleep(every)
        values.append(rss_mb(pid) or float("nan"))
    return statistics.median(values)


class _RssSampler:
    """Reads a process's RSS every `every` s on a thread while the block runs."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        self._pid, self._every = pid, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.highest = 0.0

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.highest = max(self.highest, rss_mb(self._pid) or 0.0)

    def __enter__(self) -> _RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _scale(bench: Bench, items: Sequence[Generated], workers: int) -> Saturation:
    """Start `workers` processes of one app on an empty topic, then give them a backlog.

    Loading first and starting later would let the first process drain part of the
    backlog alone, and the rebalance when the next one joins would hand it messages
    that are then processed twice (at-least-once), inflating the count. Waiting for a
    settled assignment before any article exists avoids both.
    """
    name = f"scale-x{workers}"
    settings = bench.settings(name)
    apps = [bench.start("worker", settings)]
    for k in range(1, workers):
        extra = dataclasses.replace(
            settings, web_port=_free_port(), data_dir=f"{settings.data_dir}-{k}"
        )
        apps.append(bench.start("worker", extra, tag=f"-{k}"))
    for app in apps:
        app.wait_ready()
    _settled(apps, settings.input_topic)
    _say(f"{name}: loading {len(items)} articles into the running workers")
    bench.kafka.load(settings.input_topic, items)
    progress = bench.wait_done(apps, len(items), stall=60)
    for app in apps:
        app.stop()
    stamps = bench.kafka.timestamps(settings.output_topic)
    if progress.done < len(items) or not stamps:
        raise RuntimeError(f"{name} finished {progress.done} of {len(items)}; see the logs")
    return Saturation.of(len(items), stamps[0], stamps[-1], progress)


def _settled(apps: list[App], topic: str, timeout: float = 120.0) -> None:
    """Until every input partition is owned, each process owns some, for 3 s running."""
    deadline, stable_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        owned = [app.input_partitions(topic) for app in apps]
        union = set().union(*owned)
        if len(union) == PARTITIONS and all(owned):
            stable_since = stable_since or time.monotonic()
            if time.monotonic() - stable_since >= 3:
                return
        else:
            stable_since = None
        time.sleep(0.5)
    raise RuntimeError(f"the workers did not settle on {topic} in {timeout:.0f} s")


def _workers_mode(bench: Bench, args: argparse.Namespace) -> None:
    _say(f"generating {args.articles} realistic articles (seed {args.seed})")
    items = _stream(args.articles, args.seed, 0.05)
    results = {n: _scale(bench, items, n) for n in sorted({1, args.workers})}
    print()
    print(
        f"scaling: {len(items)} realistic articles loaded into a {PARTITIONS}-partition topic "
        f"once the workers' assignment had settled; {os.cpu_count()} cores shared with the "
        "broker and the loader"
    )
    print(f"{'worker processes':<18}{'art/s first-last':>18}{'art/s steady':>14}{'speed-up':>10}")
    one = results[1]
    for n, r in results.items():
        print(f"{n:<18}{r.rate:>18,.0f}{r.steady:>14,.0f}{r.steady / one.steady:>10.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--memory", action="store_true", help="worker RSS and dedup state size")
    mode.add_argument("--workers", type=int, help="one vs this many worker processes")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="local broker port")
    parser.add_argument(
        "--phase", choices=("both", "saturation", "latency"), default="both", help="default mode"
    )
    parser.add_argument("--articles", type=int, default=10_000, help="saturation backlog")
    parser.add_argument("--rate", type=float, default=500.0, help="offered load, articles/s")
    parser.add_argument("--seconds", type=float, default=20.0, help="offered load duration")
    parser.add_argument(
        "--latency-stream", choices=("realistic", "diplomatic"), default="realistic"
    )
    parser.add_argument("--checkpoints", default="10000,100000", help="memory: article counts")
    parser.add_argument("--samples", type=int, default=5, help="memory: extra evenly spaced rows")
    parser.add_argument("--min-words", type=int, default=40, help="memory: shortest body")
    parser.add_argument("--max-words", type=int, default=120, help="memory: longest body")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", action="store_true", help="keep topics, logs and broker")
    args = parser.parse_args(argv)

    broker = _broker(args.port)
    base = dataclasses.replace(load_settings(), bootstrap_servers=broker.bootstrap)
    workdir = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    run_id = f"{time.strftime('%H%M%S')}{os.getpid() % 1000:03d}"
    kafka = Kafka(base)
    bench = Bench(base, kafka, run_id, workdir)
    code, keep_logs = 0, args.keep
    try:
        if args.memory:
            _memory_mode(bench, args)
        elif args.workers:
            _workers_mode(bench, args)
        else:
            _default_mode(bench, args)
    except KeyboardInterrupt:
        code = 130
    except Exception:
        # The app logs are what explains a failure: keep them and say where.
        code, keep_logs = 1, True
        raise
    finally:
        bench.stop_all()
        if not args.keep:
            with contextlib.suppress(Exception):
                kafka.delete_prefix(bench.prefix)
        kafka.close()
        if not args.keep:
            broker.stop()
        if keep_logs:
            _say(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
