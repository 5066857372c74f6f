"""`parley eval`: score the pipeline against gold-annotated articles."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

import orjson

from parley.evaluation import evaluate
from parley.offline import LineError, OfflinePipeline
from parley.settings import load_settings

__all__ = ["register"]

_NO_EXPIRY_DAYS = 365 * 100


def register(sub: Any) -> None:
    """Add `parley eval` to the `parley` parser."""
    p = sub.add_parser("eval", help="score extraction and dedup against gold annotations")
    p.add_argument("--articles", nargs="+", required=True, help="NewsArticle JSONL file(s)")
    p.add_argument("--gold", nargs="+", required=True, help="gold JSONL file(s)")
    p.add_argument("--show-errors", action="store_true", help="list misses and false alarms")
    p.add_argument(
        "--show-dedup",
        action="store_true",
        help="list gold meetings split over several events, and events mixing gold meetings",
    )
    p.set_defaults(func=_eval)


def _eval(args: argparse.Namespace) -> int:
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
    # A gold corpus gathers meetings from many years in no particular order; event-time
    # expiry, right for a live stream, would part reports that arrive years apart here.
    settings = dataclasses.replace(load_settings(), dedup_window_days=_NO_EXPIRY_DAYS)
    pipeline = OfflinePipeline(settings)
    latest: dict[str, dict[str, Any]] = {}
    for item in pipeline.run(lines):
        if isinstance(item, LineError):
            print(f"line {item.line_no}: {item.reason}: {item.detail}")
            continue
        latest[item["event_id"]] = item
    # Which event holds each report is known exactly from the mentions, merges
    # followed, not guessed from evidence sentences.
    held = pipeline.holders()
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
