"""Shared fixtures: paths, the seed article, and sample articles built in code."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_747c0f689b1e39e4.txt"
CORPUS = ROOT / "tests" / "corpus"
SEED_STANDIN = "a-081"


def seed_article() -> dict[str, object]:
    """The seed report as a NewsArticle: the shared file when present, else our own sample."""
    if SEED.exists():
        lines = SEED.read_text(encoding="utf-8").splitlines()
        title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    else:
        # Our own report of the same call, which names all twelve leaders too.
        for line in (CORPUS / "a.articles.jsonl").read_bytes().splitlines():
            article = orjson.loads(line)
            if article["id"] == SEED_STANDIN:
                return {**article, "id": "seed-000"}
        raise FileNotFoundError(SEED_STANDIN)
    return {
        "id": "seed-000",
        "title": title,
        "body": body,
        "url": "https://example-news.test/seed-000",
        "source": "ANI",
        "published_at": None,
        "language": "en",
    }


@pytest.fixture
def seed() -> dict[str, object]:
    """The seed article as a NewsArticle dict."""
    return seed_article()
