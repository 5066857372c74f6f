"""Subcommands that move articles and events: extract, worker, feed, tail, topics."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from parley.offline import LineError, OfflinePipeline
from parley.settings import Settings, SettingsError, load_settings

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add the pipeline subcommands to the `parley` parser."""
    p = sub.add_parser("extract", help="offline: NewsArticle JSONL in, MeetingEvent JSONL out")
    p.add_argument("-i", "--input", default="-", help="input JSONL file (default stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSONL file (default stdout)")
    p.add_argument(
        "--mentions",
        metavar="FILE",
        help="also write one MeetingMention v1 line per report that went into an event",
    )
    p.set_defaults(func=_extract)

    p = sub.add_parser("worker", help="run the stream processor")
    p.add_argument("--loglevel", default="info")
    p.set_defaults(func=_worker)

    p = sub.add_parser("feed", help="produce NewsArticle JSONL to the input topic")
    p.add_argument("file", help="JSONL file, or - for stdin")
    p.add_argument("--topic", help="target topic (default the input topic)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_feed)

    p = sub.add_parser("tail", help="print output-topic records as they arrive")
    p.add_argument("--topic", help="topic to read (default the output topic)")
    p.add_argument(
        "--mentions", action="store_true", help="read the mentions topic (PARLEY_MENTIONS_TOPIC)"
    )
    p.add_argument("--latest", action="store_true", help="only records that arrive from now on")
    p.add_argument("--limit", type=int, help="stop after this many records")
    p.add_argument("--idle-timeout", type=float, help="stop after this many idle seconds")
    p.set_defaults(func=_tail)

    p = sub.add_parser("topics", help="manage Parley's topics")
    tsub = p.add_subparsers(dest="action", required=True)
    c = tsub.add_parser("create", help="create the topics with their partitions and configs")
    c.set_defaults(func=_topics_create)


def _settings() -> Any:
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


@contextmanager
def _brokers(action: str, settings: Settings) -> Iterator[None]:
    """Turn a failure to reach or log in to the brokers into one `BrokerFailure`.

    The CLI's entry point prints its message and exits with its code; a traceback
    would bury the one fact that matters (which broker, which login) in library frames.
    """
    from kafka.errors import KafkaError

    from parley.kafka.failures import explain, settings_failure, watch_connections
    from parley.kafka.security import check

    try:
        check(settings)
    except SettingsError as exc:
        raise settings_failure(action, settings, exc) from None
    with watch_connections() as evidence:
        try:
            yield
        except KafkaError as exc:
            raise explain(action, settings, evidence, exc) from None


def _extract(args: argparse.Namespace) -> int:
    src = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    dst = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")  # noqa: SIM115
    mentions = open(args.mentions, "wb") if args.mentions else None  # noqa: SIM115
    bad = 0

    def write_mention(mention: dict[str, Any]) -> None:
        if mentions is not None:
            mentions.write(orjson.dumps(mention) + b"\n")

    try:
        lines = (raw.rstrip(b"\r\n") for raw in src if raw.strip())
        # Nothing here reads the candidates afterwards: keeping them would grow per line.
        pipeline = OfflinePipeline(
            _settings(), keep_candidates=False, on_mention=write_mention if mentions else None
        )
        for item in pipeline.run(lines):
            if isinstance(item, LineError):
                bad += 1
                print(f"line {item.line_no}: {item.reason}: {item.detail}", file=sys.stderr)
                continue
            dst.write(orjson.dumps(item) + b"\n")
    finally:
        if mentions is not None:
            mentions.close()
        if src is not sys.stdin.buffer:
            src.close()
        if dst is not sys.stdout.buffer:
            dst.close()
        else:
            dst.flush()
    if bad:
        print(f"{bad} line(s) skipped", file=sys.stderr)
    return 0


def _worker(args: argparse.Namespace) -> int:
    from parley.stream.worker import run_worker

    return run_worker(_settings(), loglevel=args.loglevel)


def _feed(args: argparse.Namespace) -> int:
    from parley.kafka.feed import feed, read_lines

    settings = _settings()
    if args.file == "-":
        with _brokers("feed", settings):
            sent = feed(
                settings,
                read_lines(sys.stdin.buffer),
                topic=args.topic,
                progress=not args.no_progress,
            )
    else:
        with open(args.file, "rb") as fh:
            total = sum(1 for line in fh if line.strip())
        with open(args.file, "rb") as fh, _brokers("feed", settings):
            sent = feed(
                settings,
                read_lines(fh),
                total=total,
                topic=args.topic,
                progress=not args.no_progress,
            )
    print(f"sent {sent} message(s) to {args.topic or settings.input_topic}", file=sys.stderr)
    return 0


def _tail(args: argparse.Namespace) -> int:
    from parley.kafka.tail import tail

    settings = _settings()
    with _brokers("tail", settings):
        tail(
            settings,
            topic=settings.mentions_topic if args.mentions else args.topic,
            from_beginning=not args.latest,
            limit=args.limit,
            idle_timeout_s=args.idle_timeout,
        )
    return 0


def _topics_create(args: argparse.Namespace) -> int:
    from parley.kafka.admin import ensure_topics

    settings = _settings()
    with _brokers("topics create", settings):
        created = ensure_topics(settings)
    for name in created:
        print(f"created {name}")
    if not created:
        print("all topics already exist")
    return 0
