"""'Ambassador Maria Lopez of Chile': a state named after a titled person is theirs.

Lists of envoys and officials often put the state last ("High Commissioner Amina
Bello of Nigeria, Ambassador Jan Novak of Poland"); a person the knowledge base does
not know then has a title and no state, and cannot be told apart from the host's side.
"""

from __future__ import annotations

import re

from parley.extract.lexicon import Hit
from parley.extract.mention import Mention
from parley.model import Participant

__all__ = ["with_state_after"]

# ", of the Republic of", " of": what joins a name to the state that follows it
_OF = re.compile(
    r",?\s+of\s+(?:the\s+)?(?:(?:Republic|Kingdom|State|Federation)\s+of\s+(?:the\s+)?)?"
)


def with_state_after(mentions: list[Mention], text: str, hits: list[Hit]) -> list[Mention]:
    """`mentions` with the state named just after each titled person made theirs.

    In "Ambassador A of Chile, High Commissioner B of Peru" the title-and-name reader
    gives B the state before B ("Chile, High Commissioner B"); that state is A's, so B
    keeps only the one after B's own name.
    """
    if " of " not in text:
        return mentions
    states = {h.start: h.value for h in hits if h.kind == "country"}
    claimed: set[int] = set()  # where a state taken by the person before it starts
    out: list[Mention] = []
    for m in mentions:
        p = m.participant
        if p.name and p.role and p.org is None:
            joined = _OF.match(text, m.end)
            state = states.get(joined.end()) if joined is not None else None
            borrowed = m.start in claimed
            if state is not None and joined is not None and (p.country is None or borrowed):
                claimed.add(joined.end())
                m = _with_country(m, state)
            elif borrowed:
                m = _with_country(m, None)
        out.append(m)
    return out


def _with_country(m: Mention, country: str | None) -> Mention:
    # built directly: dataclasses.replace costs several times more, once per person
    p = m.participant
    return Mention(m.start, m.end, Participant(p.name, p.role, country, p.org), m.former, m.group)
