"""Event summaries: incremental, order-independent, bounded, and equal to the old summarize."""

from __future__ import annotations

import random
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.dedup.dates import published_day
from parley.dedup.merge import summarize
from parley.dedup.record import RECORD_MAX_BYTES, build_record, fit_record, member_from_candidate
from parley.dedup.summary import SOURCES_MAX, add_report, combine, content, new_summary
from parley.model import Candidate, Location, Participant, SourceRef

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Each person in the ways reports name them; a report names each person at most once.
PEOPLE = (
    (
        Participant("Olaf Scholz", "Chancellor", "DE"),
        Participant("Scholz", None, "DE"),
        Participant(None, "Chancellor", "DE"),
        Participant(None, None, "DE"),
        Participant("Olaf Scholz", "chancellor", None),
    ),
    (
        Participant("Emmanuel Macron", "President", "FR"),
        Participant("Macron", "President", None),
        Participant(None, "President", "FR"),
    ),
    (
        Participant("Jens Stoltenberg", "Secretary-General", None, "NATO"),
        Participant("Stoltenberg", None, None, "NATO"),
        Participant(None, None, None, "NATO"),
    ),
)
CITIES = (
    None,
    Location("Paris", "FR"),
    Location("paris", None, "Elysee"),
    Location("Berlin", "DE"),
)
DATES = (("2022-02-28", "day"), ("2022-03-01", "day"), ("2022-02-28", "week"), (None, None))

report_specs = st.lists(
    st.tuples(
        st.sampled_from(["meeting", "talks", "visit", "summit", "call"]),
        st.sampled_from(["in_person", "phone", "video", "remote", "unknown"]),
        st.sampled_from(["occurred", "planned", "cancelled"]),
        st.sampled_from(DATES),
        st.sampled_from(CITIES),
        st.lists(st.tuples(st.integers(0, 2), st.integers(0, 4)), min_size=1, max_size=3),
        st.lists(st.sampled_from(["trade", "Ukraine", "energy", " trade "]), max_size=3),
        st.sampled_from([None, "Scholz", "scholz", "Macron"]),
        st.integers(0, 5),  # outlet
        st.integers(0, 3),  # url
        st.integers(0, 2),  # wording
        st.integers(0, 8),  # publication hour, 0 = unknown
        st.sampled_from([0.4, 0.55, 0.7, 0.9]),
    ),
    min_size=1,
    max_size=8,
)


def _members(specs: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    out = []
    for i, spec in enumerate(specs):
        kind, mode, status, (day, precision), loc, who, topics, organizer = spec[:8]
        outlet, url, wording, hour, confidence = spec[8:]
        people: dict[int, Participant] = {}
        for person, variant in who:
            options = PEOPLE[person]
            people.setdefault(person, options[variant % len(options)])
        candidate = Candidate(
            kind=kind,
            mode=mode,
            status=status,
            date=day,
            date_precision=precision,
            location=loc,
            participants=tuple(people.values()),
            organizer=organizer,
            topics=tuple(topics),
            source=SourceRef(
                f"a{i}",
                f"https://o{outlet}.example/{url}" if url else None,
                f"Outlet {outlet}",
                f"2022-02-28T{hour:02d}:00:00Z" if hour else None,
                f"Sentence number {wording}.",
            ),
            confidence=confidence,
        )
        out.append(member_from_candidate(candidate, f"a{i}", 0))
    return out


def _fold(members: list[dict[str, Any]]) -> dict[str, Any]:
    s = new_summary()
    for m in members:
        s = add_report(s, m, published_day(m["source"]["published_at"]))
    return s


@PROPERTY
@given(report_specs, st.randoms(use_true_random=False))
def test_the_summary_equals_the_old_summarize_in_every_arrival_order(
    specs: list[tuple[Any, ...]], rnd: random.Random
) -> None:
    """Folding reports in a shuffled order gives the content summarize gave for the set."""
    members = _members(specs)
    expected = {**summarize(members), "source_count": len(members)}
    shuffled = list(members)
    rnd.shuffle(shuffled)
    assert content(_fold(shuffled)) == expected


@PROPERTY
@given(report_specs, st.integers(0, 8))
def test_combining_two_summaries_equals_folding_all_reports(
    specs: list[tuple[Any, ...]], cut: int
) -> None:
    """A merge of two events says what one event of all their reports would say."""
    members = _members(specs)
    cut = min(cut, len(members) - 1)
    left, right = members[: cut + 1], members[cut + 1 :]
    parts = [_fold(left)] + ([_fold(right)] if right else [])
    assert content(combine(parts)) == content(_fold(members))


def test_thousands_of_reports_keep_the_summary_and_the_record_small() -> None:
    """5,000 reports from 5,000 outlets: summary and record stay far below 64 KiB."""
    people = [
        Participant(f"Leader{k} Surname{k}", "Minister", "DE" if k % 2 else "FR")
        for k in range(300)
    ]
    rng = random.Random(3)
    s = new_summary()
    for i in range(5000):
        candidate = Candidate(
            kind="summit",
            mode="in_person",
            status="occurred",
            date="2022-03-01",
            date_precision="day",
            location=Location(f"City{rng.randrange(200)}", "BE", f"Venue {rng.randrange(200)}"),
            participants=tuple(rng.sample(people, 4)),
            organizer=f"Host {rng.randrange(200)}",
            topics=tuple(f"topic{rng.randrange(500)}" for _ in range(3)),
            source=SourceRef(
                f"r{i}",
                f"https://outlet{i}.example/story",
                f"outlet{i}",
                f"2022-03-01T{i % 24:02d}:00:00Z",
                "A sentence of evidence. " * 40,
            ),
            confidence=0.5,
        )
        m = member_from_candidate(candidate, f"r{i}", 0)
        s = add_report(s, m, "2022-03-01")
    assert len(orjson.dumps(s)) < 48 * 1024
    shown = content(s)
    assert shown["source_count"] == 5000
    assert len(shown["sources"]) == SOURCES_MAX
    record = build_record(shown, event_id="evt_x", version=9, first_seen_at="t", updated_at="t")
    assert len(orjson.dumps(record)) < RECORD_MAX_BYTES
    assert "truncated" not in record


def test_an_oversized_record_is_cut_to_fit_and_says_so() -> None:
    """A record over the limit loses evidence and list tails until it fits, marked truncated."""
    shown = content(_fold(_members([("meeting", "in_person", "occurred", DATES[0], None,
                                     [(0, 0)], [], None, 1, 1, 1, 1, 0.5)])))  # fmt: skip
    record = build_record(shown, event_id="evt_x", version=1, first_seen_at="t", updated_at="t")
    big = {
        **record,
        "sources": [{**record["sources"][0], "evidence": "x" * 5000}] * 40,
        "topics": [f"topic {k}" for k in range(3000)],
    }
    cut = fit_record(big, 16 * 1024)
    assert len(orjson.dumps(cut)) <= 16 * 1024
    assert cut["truncated"] is True
    assert cut["sources"]
    assert cut["topics"] == big["topics"][: len(cut["topics"])]
    assert fit_record(record) is record


def _casing(text: str, bits: int) -> str:
    """`text` with letter j upper-cased when bit j % 12 of `bits` is set."""
    return "".join(c.upper() if (bits >> (j % 12)) & 1 else c for j, c in enumerate(text))


def test_a_pathological_summary_is_thinned_to_fit_the_changelog() -> None:
    """Reports naming 64 people, each in ever new long spellings that fold alike: the
    summary (well over 100 KiB unthinned) encodes to at most 40 KiB and gives a record."""
    s = new_summary()
    for i in range(600):
        people = tuple(
            Participant(_casing(f"person{k} " + "longname" * 10, i), _casing("role" * 12, i), "DE")
            for k in range(i % 64, i % 64 + 8)
        )
        candidate = Candidate(
            kind="summit",
            mode="in_person",
            status="occurred",
            date="2022-03-01",
            date_precision="day",
            location=None,
            participants=people,
            organizer=None,
            topics=(),
            source=SourceRef(f"r{i}", f"https://o{i}.example/", f"o{i}", None, "E. " * 300),
        )
        s = add_report(s, member_from_candidate(candidate, f"r{i}", 0), None)
    assert len(orjson.dumps(s)) <= 40 * 1024
    assert len(content(s)["participants"]) >= 8
