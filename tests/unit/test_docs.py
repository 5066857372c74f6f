"""The README and docs/: short enough, every link resolves, and the example is true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from parley.dedup import make_event_id
from parley.dedup.seen import identity_epoch
from parley.publish.dead_letter import utc_now
from parley.settings import Settings
from tests.conftest import ROOT

README = ROOT / "README.md"
PAGES = [README, ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 10_000

# [text](target) outside code; images and plain URLs alike.
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _links(page: Path) -> list[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return _LINK.findall(text)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    return {_anchor(m) for m in re.findall(r"^#+ (.+)$", text, re.M)}


def test_the_readme_stays_short() -> None:
    """The README is a user's page of at most about 10,000 characters."""
    assert len(README.read_text(encoding="utf-8")) <= README_LIMIT


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves(page: Path) -> None:
    """Each relative link names a file or folder of the repository, and its #anchor a
    heading of that page; a link to the web is not allowed to stand in for a page."""
    assert page.exists()
    broken = []
    for target in _links(page):
        assert not target.startswith(("http://", "https://")), f"{page.name}: {target}"
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        missing_anchor = bool(anchor) and dest.suffix == ".md" and anchor not in _anchors(dest)
        if not dest.exists() or missing_anchor:
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)}: {broken}"


def test_the_readme_opens_with_what_parley_does_and_an_example() -> None:
    """The first section says what Parley does; the second is the example event."""
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", _FENCE.sub("", text), re.M)
    assert headings[0] == "An example"
    assert "diplomatic-meeting events" in " ".join(text.split("## An example")[0].split())


def test_the_readmes_example_is_what_extract_prints() -> None:
    """The README's example article, run through `parley extract`, gives the record it
    shows (apart from the processing times)."""
    text = README.read_text(encoding="utf-8")
    article = re.search(r"^echo '(.+)' \| \.venv/bin/parley extract$", text, re.M)
    shown = re.search(r"^```json\n(.+?)^```", text, re.S | re.M)
    assert article
    assert shown
    done = subprocess.run(
        [sys.executable, "-m", "parley.cli.main", "extract"],
        input=article.group(1).encode(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    printed = [orjson.loads(line) for line in done.stdout.splitlines()]
    expected = orjson.loads(shown.group(1))
    assert len(printed) == 1
    # An id carries the identity epoch of the day it is made (dedup/seen.py); the README
    # shows the first epoch's.
    article_id = orjson.loads(article.group(1))["id"]
    epoch = identity_epoch(utc_now()[:10], Settings().seen_days)
    assert printed[0]["event_id"] == make_event_id(article_id, 0, epoch)
    assert expected["event_id"] == make_event_id(article_id, 0)
    for record in (printed[0], expected):
        del record["first_seen_at"], record["updated_at"], record["event_id"]
    assert printed[0] == expected
