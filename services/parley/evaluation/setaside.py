"""The set-aside third of the real articles: chosen once by a hash, kept as a fixed list.

Rules are tuned on the other two thirds; the set-aside figures say whether they fit
language or only the articles they were written on. A meeting told by several articles
must not sit on both sides (tuning would see half of it), so the unit of the choice is
a *group*: articles connected through shared gold meetings, directly or in a chain. A
group goes aside when the SHA-256 of its smallest article id, salted, is 0 modulo 3.

The list is written once to the repository (`tests/realnews/setaside.txt`) and read from
there: a later change of rule or corpus does not silently move articles between sides.

    python -m parley.evaluation.setaside ../shared/corpus/real-* > tests/realnews/setaside.txt
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["SALT", "groups", "read_list", "set_aside", "write_list"]

SALT = "parley-setaside/"


def groups(article_ids: Iterable[str], gold: Iterable[Mapping[str, Any]]) -> list[set[str]]:
    """Articles connected through shared gold meetings; an article alone is its own group."""
    parent: dict[str, str] = {a: a for a in article_ids}

    def root(a: str) -> str:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for g in gold:
        told = list(g.get("articles") or ())
        for other in told[1:]:
            parent[root(other)] = root(told[0])
    out: dict[str, set[str]] = {}
    for a in list(parent):
        out.setdefault(root(a), set()).add(a)
    return sorted(out.values(), key=min)


def _aside(group: set[str]) -> bool:
    digest = hashlib.sha256((SALT + min(group)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 3 == 0


def set_aside(article_ids: Iterable[str], gold: Iterable[Mapping[str, Any]]) -> set[str]:
    """The article ids the rule puts aside."""
    return {a for group in groups(article_ids, gold) if _aside(group) for a in group}


def write_list(ids: Iterable[str]) -> str:
    """The list file's text: a header saying what it is, then one id a line, sorted."""
    header = (
        "# Real-news articles set aside: never look at their errors, never tune on them.\n"
        "# Made by `python -m parley.evaluation.setaside` (see parley/evaluation/setaside.py);\n"
        "# groups of articles sharing gold meetings stay together.\n"
    )
    return header + "".join(f"{a}\n" for a in sorted(ids))


def read_list(path: Path) -> set[str]:
    """The ids of a list file (comments and blank lines skipped)."""
    text = path.read_text(encoding="utf-8")
    return {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}


def main(argv: Sequence[str]) -> int:
    """Print the list for the set folders given."""
    from parley.evaluation.corpus import load_folder

    ids: list[str] = []
    gold: list[Mapping[str, Any]] = []
    for folder in argv:
        s = load_folder(Path(folder))
        ids += s.article_ids
        gold += s.gold
    sys.stdout.write(write_list(set_aside(ids, gold)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
