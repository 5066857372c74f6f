"""process() stays cheap against a realistic amount of state (a smoke bound, not a benchmark)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import Any

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
