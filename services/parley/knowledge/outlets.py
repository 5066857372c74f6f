"""Which country an outlet speaks from, so that its bare "the Prime Minister" resolves.

A Downing Street readout says "The Prime Minister spoke to President Lula"; Yonhap's
"the president" is South Korea's. The table maps outlet names (matched as whole words
of the `source` field) and web domains to a country. International wires (Reuters,
AP, AFP) are deliberately absent: their bare titles follow the story, not the outlet.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from parley.knowledge.base import _read_table

__all__ = ["home_country"]


@cache
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = _read_table("outlets.tsv", ("name", "country"))
    names = {r["name"].lower(): r["country"] for r in rows}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])", re.I), names


def home_country(source: str | None, url: str | None) -> str | None:
    """The country the outlet speaks from, by its name or its web address, if known."""
    return _by_name(source) or _by_name(_host(url))


@lru_cache(maxsize=4096)  # a stream has few outlets and hosts; bounded all the same
def _by_name(field: str | None) -> str | None:
    if not field:
        return None
    pattern, names = _table()
    m = pattern.search(field)
    if m:
        return names[m.group().lower()]
    return "GB" if _UK.search(field) else None


_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", re.I)
_UK = re.compile(r"\.uk$")


def _host(url: str | None) -> str | None:
    m = _HOST.match(url) if url else None
    return m.group(1).lower() if m else None
