"""Which country an outlet speaks from, so that its bare "the Prime Minister" resolves.

A Downing Street readout says "The Prime Minister spoke to President Lula"; Yonhap's
"the president" is South Korea's. The table maps outlet names (matched as whole words
of the `source` field) and web domains to a country. International wires (Reuters,
AP, AFP) are deliberately absent: their bare titles follow the story, not the outlet.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

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
    pattern, names = _table()
    for field in (source, _host(url)):
        if field:
            m = pattern.search(field)
            if m:
                return names[m.group().lower()]
    host = _host(url)
    if host and re.search(r"\.gov\.uk$|\.uk$", host):
        return "GB"
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
