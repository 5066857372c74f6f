"""Order-independent choices among the values reports give for one field.

Each chooser looks only at counts and breaks ties by a fixed order, so the choice is
the same whatever order the reports arrived in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from parley.dedup.text import fold

__all__ = ["top", "top_folded"]


def top(values: Iterable[str | None]) -> str | None:
    """The most common non-empty value, ties to the smallest."""
    present = [v for v in values if v]
    if not present or present.count(present[0]) == len(present):
        # Reports usually agree; counting is only needed when they do not.
        return present[0] if present else None
    counts = Counter(present)
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def top_folded(values: Iterable[str | None]) -> str | None:
    """Like `top`, but spellings that fold alike ("Chancellor", "chancellor") vote together.

    The winning group is shown in its own most common spelling.
    """
    present = [v for v in values if v]
    if not present or present.count(present[0]) == len(present):
        return present[0] if present else None
    counts = Counter(present)
    folded: Counter[str] = Counter()
    for value, n in counts.items():
        folded[fold(value)] += n
    winner = min(folded.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    spellings = {v: n for v, n in counts.items() if fold(v) == winner}
    return min(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]
