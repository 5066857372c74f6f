"""Subcommands that move articles and events: extract, worker, feed, tail, topics."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

import orjson

from parley.cli.errors import EXIT_USAGE, CommandError, cannot_open
from parley.offline import LineError, OfflinePipeline
from parley.settings import Settings, SettingsError, load_settings

__all__ = ["register"]


_ENV_POINTER = (
    "Brokers, topic names and security come from environment variables "
    "(KAFKA_BOOTSTRAP_SERVERS, PARLEY_INPUT_TOPIC, ...): `parley worker --help` lists them."
)


def _settings_epilog() -> str:
    """Every environment variable of `Settings`, with its default and meaning."""
    lines = ["environment variables (default in brackets):"]
    for f in fields(Settings):
        default = "" if f.metadata["secret"] else f" [{f.default}]"
        lines.append(f"  {f.metadata['env']}{default}")
        lines.append(f"      {f.metadata['doc']}")
    return "\n".join(lines)


def register(sub: Any) -> None:
    """Add the pipeline subcommands to the `parley` parser."""
    p = sub.add_parser(
        "extract",
        help="offline: NewsArticle JSONL in, MeetingEvent JSONL out",
        description="Offline, no Kafka: the worker's extraction and deduplication over a "
        "NewsArticle JSONL file. Bad lines are reported on stderr and skipped; exit 1 when "
        "no line was usable.",
    )
    p.add_argument("-i", "--input", default="-", help="input JSONL file (default stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSONL file (default stdout)")
    p.set_defaults(func=_extract)

    p = sub.add_parser(
        "worker",
        help="run the stream processor",
        description="Run the stream processor: creates the topics if missing, then reads "
        "the input topic and publishes events until stopped (Ctrl-C or SIGTERM). Its web "
        "server serves the live page, /metrics, /healthz and /readyz.",
        epilog=_settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--loglevel",
        default="info",
        type=str.lower,
        choices=("debug", "info", "warning", "error", "critical"),
        help="least severe level logged, as JSON lines on stderr (default: info)",
    )
    p.set_defaults(func=_worker)

    p = sub.add_parser(
        "feed",
        help="produce NewsArticle JSONL to the input topic",
        description="Send each line of a JSONL file to the input topic, keyed by its id, "
        "and wait until the brokers have acknowledged every one.",
        epilog=_ENV_POINTER,
    )
    p.add_argument("file", help="JSONL file, or - for stdin")
    p.add_argument("--topic", help="target topic (default the input topic)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--skip-oversized",
        action="store_true",
        help="leave out (and count) lines too large to send, instead of stopping at the first",
    )
    p.set_defaults(func=_feed)

    p = sub.add_parser(
        "tail",
        help="print output-topic records as they arrive",
        description="Print the records of the output topic (or --topic) as they arrive, one "
        "JSON line each. Starts at the end of the topic, as kafka-console-consumer does; "
        "--from-beginning reads what is already there first.",
        epilog=_ENV_POINTER,
    )
    p.add_argument("--topic", help="topic to read (default the output topic)")
    start = p.add_mutually_exclusive_group()
    start.add_argument(
        "--from-beginning", action="store_true", help="read the topic from its first record"
    )
    start.add_argument(
        "--since",
        type=_timestamp,
        metavar="TIME",
        help="start at the first record written at or after TIME (ISO 8601, e.g. "
        "2026-01-31T09:00:00Z)",
    )
    # The default now; still accepted so that older scripts keep working.
    start.add_argument("--latest", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--limit", type=int, help="stop after this many records")
    p.add_argument("--idle-timeout", type=float, help="stop after this many idle seconds")
    p.set_defaults(func=_tail)

    p = sub.add_parser("topics", help="manage Parley's topics", epilog=_ENV_POINTER)
    tsub = p.add_subparsers(dest="action", required=True)
    c = tsub.add_parser(
        "create",
        help="create the topics with their partitions and configs",
        epilog=_ENV_POINTER,
    )
    c.set_defaults(func=_topics_create)


def _timestamp(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    # A time without a zone is the user's local time, as `date` prints it.
    return when if when.tzinfo else when.astimezone()


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


def _open(command: str, path: str, mode: str) -> BinaryIO:
    writing = "w" in mode
    try:
        if not writing and Path(path).is_dir():
            # open() would succeed on some systems and fail on read on others.
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        return cast(BinaryIO, open(path, mode))
    except OSError as exc:
        raise cannot_open(command, path, exc, writing=writing) from None


def _extract(args: argparse.Namespace) -> int:
    settings = _settings()
    # Input first: a missing input must not leave an empty output file behind.
    src = sys.stdin.buffer if args.input == "-" else _open("extract", args.input, "rb")
    try:
        dst = sys.stdout.buffer if args.output == "-" else _open("extract", args.output, "wb")
    except CommandError:
        if src is not sys.stdin.buffer:
            src.close()
        raise
    bad = total = 0

    def lines() -> Iterator[bytes]:
        nonlocal total
        for raw in src:
            if raw.strip():
                total += 1
                yield raw.rstrip(b"\r\n")

    try:
        # Nothing here reads the candidates afterwards: keeping them would grow per line.
        for item in OfflinePipeline(settings, keep_candidates=False).run(lines()):
            if isinstance(item, LineError):
                bad += 1
                print(f"line {item.line_no}: {item.reason}: {item.detail}", file=sys.stderr)
                continue
            dst.write(orjson.dumps(item) + b"\n")
    finally:
        if src is not sys.stdin.buffer:
            src.close()
        if dst is not sys.stdout.buffer:
            dst.close()
        else:
            dst.flush()
    if bad and bad == total:
        raise CommandError("extract", f"all {total} line(s) skipped: none is a NewsArticle")
    if bad:
        print(f"{bad} of {total} line(s) skipped", file=sys.stderr)
    return 0


def _worker(args: argparse.Namespace) -> int:
    from parley.stream.datadir import UnusableDataDir
    from parley.stream.worker import run_worker

    try:
        return run_worker(_settings(), loglevel=args.loglevel)
    except UnusableDataDir as exc:
        raise CommandError("worker", f"PARLEY_DATA_DIR: {exc}", EXIT_USAGE) from None


def _count_lines(path: str) -> tuple[int, int]:
    """(non-blank lines, lines that parse as JSON) of a file, before anything is sent."""
    from parley.kafka.feed import is_json, read_lines

    total = json_lines = 0
    with _open("feed", path, "rb") as fh:
        for _, line in read_lines(fh):
            total += 1
            json_lines += is_json(line)
    return total, json_lines


def _feed(args: argparse.Namespace) -> int:
    from parley.kafka.feed import (
        MAX_REQUEST_BYTES,
        DeliveryFailed,
        FeedReport,
        OversizedLine,
        feed,
        read_lines,
    )

    settings = _settings()
    target = args.topic or settings.input_topic
    total: int | None = None
    if args.file != "-":
        total, json_lines = _count_lines(args.file)
        if total and not json_lines:
            # Most likely the wrong file: sending it would fill the dead-letter topic.
            raise CommandError(
                "feed",
                f"{args.file}: none of its {total} line(s) is JSON "
                "(NewsArticle JSONL has one JSON object a line); nothing sent",
            )
    src = sys.stdin.buffer if args.file == "-" else _open("feed", args.file, "rb")
    try:
        with _brokers("feed", settings):
            report: FeedReport = feed(
                settings,
                read_lines(src),
                total=total,
                topic=target,
                progress=not args.no_progress,
                skip_oversized=args.skip_oversized,
            )
    except OversizedLine as exc:
        raise CommandError(
            "feed",
            f"line {exc.line_no} is too large to send ({exc.size} bytes; a message may "
            f"have {MAX_REQUEST_BYTES}); stopped after sending the {exc.report.sent} line(s) "
            f"before it to {target} (--skip-oversized leaves such lines out)",
        ) from None
    except DeliveryFailed as exc:
        raise CommandError("feed", str(exc)) from None
    finally:
        if src is not sys.stdin.buffer:
            src.close()
    message = f"sent {report.sent} message(s) to {target}"
    if report.skipped:
        shown = ", ".join(map(str, report.skipped[:5]))
        if len(report.skipped) > 5:
            shown += ", ..."
        message += f"; skipped {len(report.skipped)} line(s) too large to send (line {shown})"
    if report.not_json:
        message += f"; {report.not_json} not JSON (the worker sets those aside as dead letters)"
    print(message, file=sys.stderr)
    if report.sent and report.not_json == report.sent:
        raise CommandError("feed", f"none of the {report.sent} line(s) sent is JSON")
    return 0


def _tail(args: argparse.Namespace) -> int:
    from parley.kafka.tail import NoSuchTopic, tail

    settings = _settings()
    try:
        with _brokers("tail", settings):
            tail(
                settings,
                topic=args.topic,
                from_beginning=args.from_beginning,
                since=args.since,
                limit=args.limit,
                idle_timeout_s=args.idle_timeout,
            )
    except NoSuchTopic as exc:
        raise CommandError("tail", f"topic {exc} does not exist") from None
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
