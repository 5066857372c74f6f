"""What was discussed, as short normalized labels.

A label is chosen when one of its cue words appears in the sentences that describe
the meeting; the table is small on purpose so the labels stay stable for users.
"""

from __future__ import annotations

import re

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


def topics_of(folded_sentences: list[str]) -> tuple[str, ...]:
    """The labels whose cues occur in the given folded sentences, in table order."""
    joined = " ".join(folded_sentences)
    return tuple(label for label, rx in _COMPILED if rx.search(joined))
