"""process() stays cheap against a realistic amount of state, and against a hot meeting.

    python -m tests.bench.dedup_speed     # prints the hot-meeting figures
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

import orjson

from parley.dedup import Deduplicator
from parley.model import Candidate, Location, Participant, SourceRef

NOW = "2024-02-01T00:00:00+00:00"
START = date(2024, 1, 1)


def _candidate(rng: random.Random, article_id: str, people: list[Participant]) -> Candidate:
    day = START + timedelta(days=rng.randrange(30))
    kind = rng.choice(["meeting", "talks", "visit", "call", "summit"])
    n = rng.randint(5, 12) if kind == "summit" else rng.choice([2, 2, 2, 3])
    city = None if kind == "call" else Location(f"City{rng.randrange(120)}", None)
    return Candidate(
        kind=kind,  # type: ignore[arg-type]
        mode="phone" if kind == "call" else "in_person",
        status="occurred",
        date=day.isoformat(),
        date_precision="day",
        location=city,
        participants=tuple(rng.sample(people, n)),
        organizer=None,
        topics=("trade",),
        source=SourceRef(
            article_id,
            None,
            f"outlet{rng.randrange(50)}",
            f"{day.isoformat()}T12:00:00Z",
            f"Evidence of {article_id}.",
        ),
    )


def test_process_costs_far_less_than_a_millisecond_against_5000_events() -> None:
    """With ~5,000 events over 30 days, one report costs well under 1 ms on average."""
    rng = random.Random(11)
    codes = [a + b for a in "ABCDEFGHIJKLMN" for b in "ABCDEFGHIJKLMN"][:190]
    people = [Participant(f"Leader{c} Surname{c}", "President", c) for c in codes]
    people += [Participant(f"Minister{c} Family{c}", "Foreign Minister", c) for c in codes]
    events: dict[str, Any] = {}
    dedup = Deduplicator(events, {}, {})
    n = 0
    while len(events) < 5000:
        dedup.process(f"s{n}", f"fs{n}", [_candidate(rng, f"s{n}", people)], NOW)
        n += 1
    batch = [_candidate(rng, f"t{k}", people) for k in range(500)]
    start = time.perf_counter()
    for k, cand in enumerate(batch):
        dedup.process(f"t{k}", f"ft{k}", [cand], NOW)
    mean = (time.perf_counter() - start) / len(batch)
    assert mean < 1e-3, f"{mean * 1e6:.0f} µs per report"


def _hot_candidates(count: int) -> list[tuple[str, list[Candidate]]]:
    """`count` reports of the seed's meetings, as `parley extract` finds them in the
    hot-meeting stream: the seed's candidates, each copy under its own id and outlet."""
    from dataclasses import replace

    from parley.extract import extract
    from parley.ingest.decode import Rejected, decode_article
    from tests.bench.hot_meeting import hot_articles

    article = decode_article(next(iter(hot_articles(1))))
    if isinstance(article, Rejected):
        raise ValueError(f"the seed article was rejected: {article.reason}")
    found = extract(article)
    out = []
    for i in range(count):
        aid = f"hot-{i:05d}"
        source = f"outlet{i:05d}.example"
        out.append(
            (
                aid,
                [
                    replace(
                        c,
                        source=replace(
                            c.source,
                            article_id=aid,
                            url=f"https://{source}/world/{aid}",
                            source=source,
                        ),
                    )
                    for c in found
                ],
            )
        )
    return out


def hot_meeting_costs(count: int = 10_000, window: int = 100) -> tuple[float, float, int]:
    """Median dedup CPU time per report (s) over the first and the last `window`
    reports of `count` reports of one meeting, and the largest record's size in bytes.
    CPU time and medians: a shared machine's other work disturbs them least."""
    reports = _hot_candidates(count)
    dedup = Deduplicator({}, {}, {})
    laps: list[float] = []
    largest = 0
    for aid, cands in reports:
        start = time.process_time()
        records = dedup.process(aid, f"fp-{aid}", cands, NOW)
        laps.append(time.process_time() - start)
        for r in records:
            largest = max(largest, len(orjson.dumps(r)))
    # The very first report creates the event and is no report of a hot meeting.
    return statistics.median(laps[1 : window + 1]), statistics.median(laps[-window:]), largest


def test_a_report_costs_the_same_at_the_10000th_as_in_the_first_100() -> None:
    """10,000 reports of one meeting: the last 100 cost at most 2x the first 100 each
    (trimmed means), and no record exceeds 64 KiB."""
    first, last, largest = hot_meeting_costs()
    assert last <= 2 * first, f"{first * 1e6:.0f} µs vs {last * 1e6:.0f} µs per report"
    assert largest <= 64 * 1024


if __name__ == "__main__":
    first, last, largest = hot_meeting_costs()
    print(
        f"hot meeting, 10,000 reports: first 100 {first * 1e6:.0f} µs/report, "
        f"last 100 {last * 1e6:.0f} µs/report ({last / first:.2f}x), "
        f"largest record {largest} bytes"
    )
