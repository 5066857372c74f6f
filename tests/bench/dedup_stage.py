"""The dedup stage against extraction, on the same candidates: time, throughput, memory.

    # the all-diplomatic benchmark stream (tests/bench/extraction.py's stream b)
    python -m tests.bench.dedup_stage --share 1.0 --count 600
    # the diplomatic-heavy stream of issue #16: 2 copies x 50,000 all-diplomatic
    # articles, the second told one day later (same meetings, dates moved one day)
    python -m tests.bench.dedup_stage --share 1.0 --count 50000 --copies 2 \
        --save /tmp/heavy.cands
    # dedup alone on saved candidates (A/B: PYTHONPATH=<old tree>/services ...)
    python -m tests.bench.dedup_stage --load /tmp/heavy.cands
    # a hot meeting (tests/bench/hot_meeting.py) mixed into the realistic stream
    python -m tests.bench.dedup_stage --share 0.05 --count 20000 --hot 5000

Extraction (decode_article + extract, as `parley extract` and the worker's extract
agent do) runs once; the candidates of every article that has any are kept in memory
(or written with --save). The dedup stage then runs over them as the worker's dedup
agent does: Deduplicator.outcome per article, the event-time clock fed with each
article's published_at. Times are CPU time of this process (steadier than wall time on
a shared machine). Reported: both times and their ratio, dedup articles/s and
candidates/s, the largest published record and the largest stored event value (what
the events table's changelog carries), and the RSS before and after the dedup pass:
the difference is what the dedup state holds (events, index, seen, caches).
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson

from parley.codec import candidate_from_dict, candidate_to_dict
from parley.dedup import Deduplicator, DedupSettings, content_fingerprint
from parley.dedup.clock import EventClock
from parley.extract import extract
from parley.ingest.decode import Rejected, decode_article
from parley.model import Candidate
from parley.publish.dead_letter import utc_now
from tests.bench.corpus_gen import DEFAULT_SEED, START_DAY, StreamSpec, generate, rss_mb
from tests.bench.hot_meeting import hot_articles

__all__ = ["Prepared", "dedup_pass", "prepare"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article's input to the dedup stage, as the worker's candidates topic carries it."""

    article_id: str
    fingerprint: str
    published_at: str | None
    candidates: list[Candidate]


def _articles(
    count: int, share: float, copies: int, hot: int, seed: int, per_day: int = 2000
) -> Iterator[bytes]:
    streams: list[list[bytes]] = []
    for k in range(copies):
        spec = StreamSpec(
            count,
            seed,
            diplomatic_share=share,
            start=START_DAY + timedelta(days=k),
            id_prefix=f"c{k}",
            articles_per_day=per_day,
        )
        streams.append([g.value for g in generate(spec)])
    # Copies follow one another, as a day-later retelling would arrive.
    values = [v for stream in streams for v in stream]
    if hot:
        # The hot meeting's reports spread evenly through the stream, in their order.
        rng = random.Random(seed)
        slots = sorted(rng.sample(range(len(values) + hot), hot))
        hot_values = iter(hot_articles(hot))
        mixed: list[bytes] = []
        it = iter(values)
        taken = set(slots)
        for i in range(len(values) + hot):
            mixed.append(next(hot_values) if i in taken else next(it))
        values = mixed
    yield from values


def prepare(values: Iterator[bytes]) -> tuple[list[Prepared], int, float]:
    """Decode and extract every article: (what reaches dedup, articles, CPU seconds)."""
    out: list[Prepared] = []
    n = 0
    start = time.process_time()
    for value in values:
        n += 1
        article = decode_article(value)
        if isinstance(article, Rejected):
            continue
        found = extract(article)
        if found:
            out.append(
                Prepared(article.id, content_fingerprint(article), article.published_at, found)
            )
    return out, n, time.process_time() - start


def dedup_pass(items: list[Prepared]) -> dict[str, Any]:
    """Run the dedup stage over `items`; its CPU time and what it produced."""
    events: dict[str, Any] = {}
    index: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    dedup = Deduplicator(events, index, seen, DedupSettings())
    clock = EventClock(dedup)
    records = largest = largest_state = 0
    now = utc_now()
    outcome = getattr(dedup, "outcome", None)
    start = time.process_time()
    for k, item in enumerate(items):
        if outcome is not None:
            published = outcome(item.article_id, item.fingerprint, item.candidates, now).records
        else:  # the tree before mentions existed
            published = dedup.process(item.article_id, item.fingerprint, item.candidates, now)
        clock.observe(item.published_at)
        records += len(published)
        for r in published:
            largest = max(largest, len(orjson.dumps(r)))
            if k % 50 == 0:
                state = events.get(r["event_id"])
                if state is not None:
                    largest_state = max(largest_state, len(orjson.dumps(state)))
    cpu = time.process_time() - start
    largest_state = max([largest_state, *(len(orjson.dumps(s)) for s in events.values())])
    return {
        "cpu_s": cpu,
        "articles": len(items),
        "candidates": sum(len(i.candidates) for i in items),
        "records": records,
        "largest_record": largest,
        "largest_state": largest_state,
        "events_at_end": len(events),
    }


def _save(path: Path, items: list[Prepared]) -> None:
    with path.open("wb") as f:
        for i in items:
            row = {
                "article_id": i.article_id,
                "fingerprint": i.fingerprint,
                "published_at": i.published_at,
                "candidates": [candidate_to_dict(c) for c in i.candidates],
            }
            f.write(orjson.dumps(row) + b"\n")


def _load(path: Path) -> list[Prepared]:
    out = []
    with path.open("rb") as f:
        for line in f:
            row = orjson.loads(line)
            out.append(
                Prepared(
                    row["article_id"],
                    row["fingerprint"],
                    row["published_at"],
                    [candidate_from_dict(c) for c in row["candidates"]],
                )
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=600, help="articles per copy")
    parser.add_argument("--share", type=float, default=1.0, help="diplomatic share")
    parser.add_argument("--copies", type=int, default=1, help="copies, each one day later")
    parser.add_argument("--hot", type=int, default=0, help="hot-meeting reports mixed in")
    parser.add_argument(
        "--per-day", type=int, default=2000, help="articles per event-time day (density)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--save", type=Path, help="write the candidates here")
    parser.add_argument("--load", type=Path, help="dedup only, on candidates saved before")
    args = parser.parse_args(argv)
    if args.load:
        items = _load(args.load)
        articles, extract_s = None, None
    else:
        values = _articles(args.count, args.share, args.copies, args.hot, args.seed, args.per_day)
        # Warm-up: the knowledge base and lexicon load on first use.
        extract(decode_article(next(iter(hot_articles(1)))))  # type: ignore[arg-type]
        items, articles, extract_s = prepare(values)
        if args.save:
            _save(args.save, items)
    gc.collect()
    before_mb = rss_mb() or 0.0
    result = dedup_pass(items)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    after_mb = rss_mb() or 0.0
    dedup_s = result["cpu_s"]
    if articles is not None and extract_s is not None:
        total = extract_s + dedup_s
        print(
            f"articles {articles}, with candidates {result['articles']}, "
            f"candidates {result['candidates']}"
        )
        print(
            f"extract {extract_s:.1f} s CPU ({articles / extract_s:.0f} articles/s), "
            f"dedup {dedup_s:.2f} s CPU: {100 * dedup_s / total:.1f} % of extract+dedup, "
            f"extract+dedup {articles / total:.0f} articles/s"
        )
    else:
        print(f"articles with candidates {result['articles']}, candidates {result['candidates']}")
    print(
        f"dedup alone: {result['articles'] / dedup_s:.0f} articles/s, "
        f"{1e6 * dedup_s / result['candidates']:.0f} µs per candidate, "
        f"records {result['records']}, largest record {result['largest_record']} B, "
        f"largest event state {result['largest_state']} B, events at end "
        f"{result['events_at_end']}"
    )
    print(
        f"RSS with the candidates loaded {before_mb:.0f} MB, after dedup {after_mb:.0f} MB "
        f"(+{after_mb - before_mb:.0f} MB of dedup state), process peak {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
