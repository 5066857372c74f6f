"""`parley eval`: score the pipeline against gold-annotated articles (the team's format here,
the event-level format in `events_eval`)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

import orjson

from parley.cli import events_eval
from parley.cli.events_eval import DEFAULT_SETASIDE
from parley.evaluation import evaluate
from parley.evaluation.corpus import is_event_level
from parley.evaluation.realnews import NO_EXPIRY_DAYS
from parley.offline import LineError, OfflinePipeline
from parley.settings import load_settings

__all__ = ["register"]


def register(sub: Any) -> None:
    """Add `parley eval` to the `parley` parser."""
    p = sub.add_parser(
        "eval",
        help="score extraction and dedup against gold annotations",
        description="Score against the team's per-article gold (tests/corpus) or against "
        "event-level gold (../shared/corpus: meetings across articles, negatives), "
        "with the figures of that corpus's score.py.",
    )
    p.add_argument("--articles", nargs="+", help="NewsArticle JSONL file(s)")
    p.add_argument("--gold", nargs="+", help="gold JSONL file(s), either format")
    p.add_argument("--negatives", nargs="+", default=[], help="event-level: negatives.txt file(s)")
    p.add_argument(
        "--corpus",
        type=Path,
        help="event-level: a folder of sets (real-1, real-2, ...) or one set folder",
    )
    p.add_argument("--sets", nargs="+", help="event-level: which sets of --corpus (default all)")
    p.add_argument(
        "--setaside",
        type=Path,
        help=f"event-level: list of set-aside article ids (default {DEFAULT_SETASIDE} if present)",
    )
    p.add_argument(
        "--no-setaside", action="store_true", help="event-level: no tune/set-aside halves"
    )
    p.add_argument(
        "--errors-of",
        metavar="SCOPE",
        help="event-level: list the errors of this scope (default: the tune half, else all)",
    )
    p.add_argument("--json", action="store_true", help="event-level: figures as JSON per scope")
    p.add_argument(
        "--save-records",
        type=Path,
        metavar="DIR",
        help="event-level: write each scope's published records to DIR/SCOPE.jsonl",
    )
    p.add_argument("--show-errors", action="store_true", help="list misses and false alarms")
    p.add_argument(
        "--show-dedup",
        action="store_true",
        help="list gold meetings split over several events, and events mixing gold meetings",
    )
    p.set_defaults(func=_eval)


def _eval(args: argparse.Namespace) -> int:
    if args.corpus is not None:
        return events_eval.run(args)
    if not args.articles or not args.gold:
        print("parley eval: give --articles and --gold, or --corpus", file=sys.stderr)
        return 2
    levels = {is_event_level(Path(path)) for path in args.gold}
    if levels == {True}:
        return events_eval.run(args)
    if levels == {True, False}:
        print("parley eval: the gold files mix the two formats", file=sys.stderr)
        return 2
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in args.gold:
        for line in Path(path).read_bytes().splitlines():
            if line.strip():
                row = orjson.loads(line)
                gold[row["article_id"]] = row["events"]
    lines = [
        line
        for path in args.articles
        for line in Path(path).read_bytes().splitlines()
        if line.strip()
    ]
    settings = dataclasses.replace(load_settings(), dedup_window_days=NO_EXPIRY_DAYS)
    pipeline = OfflinePipeline(settings)
    latest: dict[str, dict[str, Any]] = {}
    for item in pipeline.run(lines):
        if isinstance(item, LineError):
            print(f"line {item.line_no}: {item.reason}: {item.detail}")
            continue
        latest[item["event_id"]] = item
    # With no expiry every event is still in the dedup state, with its reports: which
    # event holds each report is known exactly, not guessed from evidence sentences.
    held = {
        (str(m["article_id"]), int(m["index"])): event_id
        for event_id, state in pipeline.events.items()
        for m in state["members"]
    }
    scores = evaluate(gold, pipeline.candidates_by_article, latest.values(), held)
    print(f"articles {len(lines)}  gold events {sum(len(v) for v in gold.values())}")
    print(scores.report())
    if args.show_errors:
        for miss in scores.misses:
            print("MISS  ", miss)
        for fa in scores.false_alarms:
            print("FALSE ", fa)
        for mm in scores.mismatches:
            print("DIFF  ", mm)
    if args.show_dedup:
        for row in _dedup_lines(scores.dedup_reports, latest):
            print(row)
    return 0


def _dedup_lines(
    reports: list[tuple[str, str, str]], latest: dict[str, dict[str, Any]]
) -> list[str]:
    """SPLIT: a gold meeting whose reports ended in several events; MIXED: an event
    holding reports of several gold meetings. Each with its events' facts."""
    by_meeting: dict[str, dict[str, list[str]]] = {}
    by_event: dict[str, dict[str, list[str]]] = {}
    for meeting, event_id, article_id in reports:
        by_meeting.setdefault(meeting, {}).setdefault(event_id, []).append(article_id)
        by_event.setdefault(event_id, {}).setdefault(meeting, []).append(article_id)
    out = []
    for label, groups in (("SPLIT", by_meeting), ("MIXED", by_event)):
        for key in sorted(groups):
            parts = groups[key]
            if len(parts) < 2:
                continue
            out.append(f"{label} {key}")
            for part in sorted(parts):
                facts = _facts(latest.get(part if label == "SPLIT" else key))
                out.append(f"    {part}: {', '.join(sorted(parts[part]))}  {facts}")
    return out


def _facts(record: dict[str, Any] | None) -> str:
    if record is None:
        return ""
    loc = record.get("location") or {}
    place = "/".join(str(loc.get(k)) for k in ("city", "country") if loc.get(k)) or "-"
    people = "; ".join(
        str(p.get("name") or p.get("org") or p.get("country")) for p in record["participants"]
    )
    return (
        f"[{record['kind']} {record['status']} {record['date'] or '-'}"
        f" {record['date_precision'] or ''} {place}; {people}; topics {record['topics']}]"
    )
