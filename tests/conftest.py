"""Shared fixtures: paths, the seed article, and sample articles built in code."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_747c0f689b1e39e4.txt"
CORPUS = ROOT / "tests" / "corpus"


def seed_article() -> dict[str, object]:
    """The seed report as a NewsArticle: the shared file when present, else our own sample."""
    if SEED.exists():
        lines = SEED.read_text(encoding="utf-8").splitlines()
        title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    else:
        sample = (CORPUS / "seed_sample.txt").read_text(encoding="utf-8").splitlines()
        title, body = sample[0].strip(), "\n".join(sample[1:]).strip()
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
