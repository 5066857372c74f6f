"""Gold sets in the event-level format: articles, gold meetings and hard negatives.

A set is a folder with `articles.jsonl` (NewsArticle lines), `gold.jsonl` (one line per
real-world meeting, with the `articles` that tell it) and `negatives.txt`
(`id<TAB>why`, the articles that tell no meeting); `../shared/corpus/real-*` are such
folders. A set can also be given as three files, and cut down to some of its articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

__all__ = ["GoldSet", "is_event_level", "join", "load_files", "load_folder", "read_jsonl"]


@dataclass(frozen=True)
class GoldSet:
    """Articles (raw JSON lines, in file order), their ids, gold meetings and negatives."""

    name: str
    lines: tuple[bytes, ...]
    article_ids: tuple[str, ...]
    gold: tuple[dict[str, Any], ...]
    negatives: tuple[str, ...]

    def only(self, name: str, keep: Iterable[str]) -> GoldSet:
        """The part of the set about the articles in `keep`: those articles, the gold
        meetings any of them tells, and those of the negatives."""
        wanted = set(keep)
        pairs = [(i, ln) for i, ln in zip(self.article_ids, self.lines, strict=True) if i in wanted]
        return GoldSet(
            name=name,
            lines=tuple(ln for _, ln in pairs),
            article_ids=tuple(i for i, _ in pairs),
            gold=tuple(g for g in self.gold if wanted & set(g.get("articles") or ())),
            negatives=tuple(n for n in self.negatives if n in wanted),
        )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, blank lines skipped."""
    return [orjson.loads(ln) for ln in path.read_bytes().splitlines() if ln.strip()]


def is_event_level(path: Path) -> bool:
    """Whether a gold file holds meetings across articles (`event_id`, `articles`) rather
    than the team's per-article lists (`article_id`, `events`)."""
    for ln in path.read_bytes().splitlines():
        if ln.strip():
            row = orjson.loads(ln)
            return "articles" in row and "event_id" in row
    return False


def _negatives(path: Path | None) -> list[str]:
    if path is None or not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [ln.split("\t")[0].strip() for ln in text.splitlines() if ln.strip()]


def load_files(
    name: str,
    articles: Sequence[Path],
    gold: Sequence[Path],
    negatives: Sequence[Path] = (),
) -> GoldSet:
    """A set from files: the articles in the order given, all gold meetings, all negatives."""
    lines = tuple(ln for path in articles for ln in path.read_bytes().splitlines() if ln.strip())
    return GoldSet(
        name=name,
        lines=lines,
        article_ids=tuple(str(orjson.loads(ln).get("id")) for ln in lines),
        gold=tuple(g for path in gold for g in read_jsonl(path)),
        negatives=tuple(n for path in negatives for n in _negatives(path)),
    )


def load_folder(folder: Path) -> GoldSet:
    """A set folder (articles.jsonl, gold.jsonl, negatives.txt), named after the folder."""
    return load_files(
        folder.name,
        [folder / "articles.jsonl"],
        [folder / "gold.jsonl"],
        [folder / "negatives.txt"],
    )


def join(name: str, sets: Sequence[GoldSet]) -> GoldSet:
    """Several sets as one, in the order given (as `cat` of their files would make it)."""
    return GoldSet(
        name=name,
        lines=tuple(ln for s in sets for ln in s.lines),
        article_ids=tuple(i for s in sets for i in s.article_ids),
        gold=tuple(g for s in sets for g in s.gold),
        negatives=tuple(n for s in sets for n in s.negatives),
    )
