"""A hot meeting: one article told again and again by other outlets, as NewsArticle JSONL.

The seed article (../shared/seed, read at run time) is sent N times, each copy from
another outlet, under its own id and URL, with one sentence of its own appended, so that
no two copies share a fingerprint and every copy reports the same meeting. Publication
times advance one minute per copy from the seed's day.

    python -m tests.bench.hot_meeting -n 1200 -o /tmp/hot1200.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

__all__ = ["SEED_DIR", "hot_articles", "seed_text"]

SEED_DIR = Path(__file__).resolve().parents[3] / "shared" / "seed"
_START = datetime(2022, 3, 1, 6, 0, tzinfo=UTC)
# Words for each copy's own sentence, so that copies differ in text but not in meeting.
_DESKS = ("Brussels", "Washington", "London", "Berlin", "Paris", "Rome", "Warsaw", "Tokyo")
_WORDS = ("Reporting", "Additional reporting", "Writing", "Editing", "Research")


def seed_text(seed_dir: Path = SEED_DIR) -> tuple[str, str]:
    """The seed article's headline and body (first line, then the rest)."""
    path = sorted(seed_dir.glob("*.txt"))[0]
    head, _, body = path.read_text(encoding="utf-8").partition("\n")
    return head.strip(), body.strip()


def hot_articles(count: int, seed_dir: Path = SEED_DIR, prefix: str = "hot") -> Iterator[bytes]:
    """`count` NewsArticle v1 JSON values, each a copy of the seed from another outlet."""
    title, body = seed_text(seed_dir)
    for i in range(count):
        outlet = f"outlet{i:05d}.example"
        own = (
            f"{_WORDS[i % len(_WORDS)]} by desk {i} of {outlet} in "
            f"{_DESKS[(i // len(_WORDS)) % len(_DESKS)]}."
        )
        yield orjson.dumps(
            {
                "id": f"{prefix}-{i:05d}",
                "title": title,
                "body": f"{body}\n{own}",
                "url": f"https://{outlet}/world/{prefix}-{i:05d}",
                "source": outlet,
                "published_at": (_START + timedelta(minutes=i)).isoformat(),
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--prefix", default="hot", help="article id prefix")
    parser.add_argument("-o", "--output", type=Path, help="JSON lines file (default stdout)")
    args = parser.parse_args(argv)
    out = args.output.open("wb") if args.output else sys.stdout.buffer
    try:
        for value in hot_articles(args.count, prefix=args.prefix):
            out.write(value + b"\n")
    finally:
        if args.output:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
