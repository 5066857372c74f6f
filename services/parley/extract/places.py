"""Where an in-person meeting took place: venue, city and country.

Only places tied to the meeting by a preposition count ("in Paris", "at the
Elysee Palace", "visit to China"); the dateline city is where the reporter filed,
not where the leaders met, so it is never taken by default.
"""

from __future__ import annotations

import re

from parley.extract.gate import CaseBlind
from parley.extract.lexicon import Hit
from parley.knowledge import KnowledgeBase
from parley.model import Location

__all__ = ["location_of"]

_VENUE = re.compile(
    r"\bat\s+(?:the\s+)?((?:[A-Z][\w'-]*\s+){0,4}(?:Palace|House|Hall|Hotel|Centre|Center|Building|"
    r"Castle|Residence|Kremlin|Elysee|Élysée|Chancellery|Ministry|Office|Headquarters|Villa|Fort|Pavilion|Mansion))\b"
)
_IN = CaseBlind(
    r"(?:\bin|\bto|\bat|\bvisit(?:ing|ed)?|\btour of|\bcapital,?|\bcity of)\s+(?:the\s+)?$"
)
# "ending the war in Ukraine": a place the talks were about, not where they were held
_ABOUT = CaseBlind(
    r"\b(?:war|conflict|crisis|fighting|situation|peace|invasion|occupation|ceasefire|truce)\s+in\s+$"
)

_ONWARD_WORDS = ("back", "home", "return", "leav", "left", "depart", "head", "bound", "before", "then")
# "before flying back to Vienna", "then leaves for Doha": the next leg of a trip
_ONWARD = re.compile(
    r"\b(?:(?:back|home|return(?:s|ed|ing)?)\s+to"
    r"|(?:leav(?:e|es|ing)|left|depart(?:s|ed|ing)?|head(?:s|ed|ing)?|bound)\s+(?:for|to)"
    r"|before\s+(?:flying|travell?ing|heading|going|moving)\s+(?:on\s+)?to"
    r"|then\s+(?:flies|fly|travels|heads|goes|moves)\s+(?:on\s+)?to)\s+(?:the\s+)?$",
    re.I,
)

_SINCE = re.compile(r"\bsince\b")
# "Obama, who stayed in Washington" (another person's place), not "Marcos, who is
# visiting Japan" (the visitor's stay)
_WHO = re.compile(r",\s+who\b(?![^,;]*\b(?:visit\w*|is in|arrived|is on)\b)[^,;]*$")
_NEXT_ONE = re.compile(
    r"\b(?:next|future|another)\s+(?:meeting|round|summit|talks|session)\b[^.;]{0,40}$", re.I
)
_VISITOR = re.compile(
    r"\s+(?:[A-Z][\w-]*\s+){0,3}?(?:President|Prime|Minister|Secretary|Foreign|Defen[cs]e|Chancellor"
    r"|King|Queen|Emir|Crown|Vice|Deputy|Assistant|Special|Envoy|delegation|officials?|leader)\b"
)
# "at Hyderabad House" (in New Delhi): a city's name inside a venue's is not the city
_VENUE_NAME = re.compile(
    r"\s+(?:House|Palace|Hall|Hotel|Centre|Center|Building|Castle|Residence|Street|Road|Airport"
    r"|University|Stadium)\b"
)


def location_of(
    kb: KnowledgeBase, text: str, hits: list[Hit], start: int, end: int
) -> Location | None:
    """The place of the meeting stated in text[start:end], or None if none is stated."""
    city = country = venue = None
    for hit in hits:
        if hit.start < start or hit.end > end:
            continue
        before = text[max(start, hit.start - 30) : hit.start]
        if not _IN.found(before) or _ABOUT.found(before):
            continue
        if any(w in before for w in _ONWARD_WORDS) and _ONWARD.search(before):
            continue
        if _VENUE_NAME.match(text, hit.end):
            continue
        if "next" in text[start : hit.start] and _NEXT_ONE.search(text, start, hit.start):
            continue  # "suggested the next meeting be held in Moscow": another meeting
        if "who" in text[start : hit.start] and _WHO.search(text, start, hit.start):
            continue  # "Obama, who stayed in Washington": where someone else was
        if before.endswith("visiting ") and _VISITOR.match(text, hit.end):
            continue  # "visiting US Assistant Secretary Donald Lu" came from the US
        if "since" in text[start : hit.start] and _SINCE.search(text, start, hit.start):
            continue  # "their first meeting since Biden visited Israel": another time
        if hit.kind in ("capital", "city") and city is None:
            city = text[hit.start : hit.end]
            country = country or hit.value
        elif hit.kind == "country" and country is None:
            country = hit.value
    m = _VENUE.search(text, start, end)
    if m:
        venue = m.group(1).strip()
        # "at the White House": the seat of a government places the meeting in its state
        seat = kb.metonym_country(venue)
        if seat is not None and seat != country:
            city, country = None, seat
    if city is None and country is None and venue is None:
        return None
    return Location(city=city, country=country, venue=venue)
