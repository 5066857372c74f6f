"""What was discussed, as short normalized labels.

A label is chosen when one of its cue words appears in the sentences that describe
the meeting; the table is small on purpose so the labels stay stable for users.
"""

from __future__ import annotations

import re

from ahocorasick_rs import AhoCorasick

__all__ = ["topics_of"]

_LABELS: list[tuple[str, str]] = [
    ("russia-ukraine war", r"ukrain|russia'?s? (?:war|invasion|aggression)|kyiv|donbas|zelensk"),
    (
        "gaza",
        r"\bgaza\b|hamas|hostage|israel(?:i)?-palestinian|two-state|west bank|ceasefire in gaza",
    ),
    (
        "nuclear programme",
        r"nuclear (?:programme|program|deal|talks|weapons?|issue)|denucleari[sz]|enrichment|jcpoa",
    ),
    ("trade", r"\btrade\b|tariff|export|import|free trade|market access|commerce"),
    ("investment", r"investment|investor"),
    ("energy", r"\benergy\b|\bgas\b|\boil\b|pipeline|lng|electricity|power grid|renewable"),
    ("climate", r"climate|emission|cop\d\d|net zero|global warming|carbon"),
    ("security", r"\bsecurity\b|terror|counter-?terror|\bdefen[cs]e\b|military|arms|weapons"),
    (
        "defence cooperation",
        r"defen[cs]e (?:cooperation|ties|industry|deal)|military cooperation|joint exercises|arms sales",
    ),
    ("migration", r"migra|refugee|asylum|border crossing"),
    ("economy", r"\beconom|\bfinanc|\bdebt\b|inflation|growth|\bbank"),
    ("health", r"covid|pandemic|vaccine|health"),
    (
        "bilateral relations",
        r"bilateral (?:ties|relations|cooperation|partnership|issues)|relations between|ties between|strategic partnership",
    ),
    ("sanctions", r"sanction|restrictive measures"),
    (
        "technology",
        r"technolog|semiconductor|\bchips?\b|artificial intelligence|\bai\b|digital|cyber",
    ),
    ("korean peninsula", r"north korea|pyongyang|korean peninsula|dprk"),
    ("middle east", r"middle east|syria|lebanon|yemen|red sea|houthi"),
    ("food security", r"food security|grain|fertili[sz]er"),
    ("humanitarian aid", r"humanitarian"),
    (
        "regional stability",
        r"regional (?:stability|security|situation|issues)|indo-pacific|south china sea|taiwan strait",
    ),
]
_COMPILED = [(label, re.compile(rx)) for label, rx in _LABELS]

# Characters that stand for themselves in the patterns above.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 -'")


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # an escaped character is never a bracket or a bar
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _literal_prefix(alternative: str) -> str:
    """The plain text every match of `alternative` starts with ("" when none)."""
    body = alternative.removeprefix("\\b")
    n = 0
    while n < len(body) and body[n] in _PLAIN:
        n += 1
    if n < len(body) and body[n] in "?*{":
        n -= 1  # the last plain character is optional
    return body[:n]


def _prefilter() -> tuple[AhoCorasick | None, list[frozenset[int]], frozenset[int]]:
    """An automaton over the literal prefixes of every label's alternatives.

    A label can only match where one of its prefixes occurs, so one scan for all the
    prefixes says which few of the twenty patterns are worth running at all. Labels
    with an alternative that has no prefix are always run.
    """
    owners: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, (_, rx) in enumerate(_LABELS):
        prefixes = [_literal_prefix(a) for a in _alternatives(rx)]
        if not all(prefixes):
            always.add(i)
            continue
        for prefix in prefixes:
            owners.setdefault(prefix, set()).add(i)
    automaton = AhoCorasick(list(owners)) if owners else None
    return automaton, [frozenset(v) for v in owners.values()], frozenset(always)


_PREFIXES, _OWNERS, _ALWAYS = _prefilter()


def topics_of(folded_sentences: list[str]) -> tuple[str, ...]:
    """The labels whose cues occur in the given folded sentences, in table order."""
    joined = " ".join(folded_sentences)
    candidates = set(_ALWAYS)
    if _PREFIXES is not None:
        for prefix, _, _ in _PREFIXES.find_matches_as_indexes(joined, overlapping=True):
            candidates |= _OWNERS[prefix]
    return tuple(
        label for i, (label, rx) in enumerate(_COMPILED) if i in candidates and rx.search(joined)
    )
