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
    scores = evaluate(gold, pipeline.candidates_by_article, latest.values())
    print(f"articles {len(lines)}  gold events {sum(len(v) for v in gold.values())}")
    print(scores.report())
    if args.show_errors:
        for miss in scores.misses:
            print("MISS  ", miss)
        for fa in scores.false_alarms:
            print("FALSE ", fa)
        for mm in scores.mismatches:
            print("DIFF  ", mm)
    return 0
