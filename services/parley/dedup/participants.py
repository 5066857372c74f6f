"""Who is who across reports: participant identity, pair matching and set union.

Reports name the same people differently: in full ("Olaf Scholz"), by surname
("Scholz"), by title only ({"name": null, "country": "DE", "role": "Chancellor"}), or as
a whole delegation ({"name": null, "country": "US"}). Every comparison goes through a
folded `PersonKey`; the blocking tokens make the engine's candidate search and the pair
search below skip pairs that cannot match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, Self, TypeVar

from parley.dedup.settings import DedupSettings
from parley.dedup.text import fold, last_token
from parley.dedup.votes import top, top_folded
from parley.model import Participant

__all__ = [
    "PersonGroup",
    "PersonKey",
    "index_tokens",
    "index_tokens_of",
    "match_participants",
    "pair_strength",
    "person_key",
    "probe_tokens",
    "probe_tokens_of",
    "unite",
    "unite_groups",
]


@dataclass(frozen=True, slots=True)
class PersonKey:
    """The comparable form of a participant: folded name, surname, role, org; upper country."""

    name: str | None
    last: str | None
    role: str | None
    country: str | None
    org: str | None


@lru_cache(maxsize=1 << 15)
def person_key(p: Participant) -> PersonKey:
    """The folded key of a participant (empty strings count as absent)."""
    name = fold(p.name) if p.name else ""
    role = fold(p.role) if p.role else ""
    org = fold(p.org) if p.org else ""
    country = p.country.strip().upper() if p.country else ""
    return PersonKey(
        name=name or None,
        last=last_token(name) if name else None,
        role=role or None,
        country=country or None,
        org=org or None,
    )


def _same_name(a: str, b: str) -> bool:
    # A bare surname matches the full name it ends: "scholz" ~ "olaf scholz".
    if a == b:
        return True
    if " " not in a:
        return b.endswith(" " + a)
    if " " not in b:
        return a.endswith(" " + b)
    return False


def _conflict(a: PersonKey, b: PersonKey) -> bool:
    return bool(
        (a.country and b.country and a.country != b.country) or (a.org and b.org and a.org != b.org)
    )


def _shares_affiliation(a: PersonKey, b: PersonKey) -> bool:
    return bool((a.country and a.country == b.country) or (a.org and a.org == b.org))


def pair_strength(a: PersonKey, b: PersonKey, settings: DedupSettings) -> float:
    """How surely two participants are the same: 0 (not), titled/delegation match, or named.

    Two names must agree; an unnamed side needs the same country or org, and a role that
    does not contradict (equal roles make a titled match, a missing role a delegation).
    """
    if _conflict(a, b):
        return 0.0
    if a.name and b.name:
        return settings.named_match if _same_name(a.name, b.name) else 0.0
    if not _shares_affiliation(a, b):
        return 0.0
    if a.role and b.role:
        return settings.titled_match if a.role == b.role else 0.0
    return settings.delegation_match


@lru_cache(maxsize=1 << 15)
def index_tokens_of(k: PersonKey) -> frozenset[str]:
    """The tokens under which an event holding this participant is listed."""
    out = set()
    if k.name:
        out.add("n:" + str(k.last))
    else:
        # "u:" marks an unnamed participant that any named one of its country may be.
        if k.country:
            out.add("u:" + k.country)
        if k.org:
            out.add("uo:" + k.org)
    if k.country:
        out.add("c:" + k.country)
    if k.org:
        out.add("o:" + k.org)
    return frozenset(out)


@lru_cache(maxsize=1 << 15)
def probe_tokens_of(k: PersonKey) -> frozenset[str]:
    """The tokens this participant of a report looks events up by."""
    # A named probe meets named participants by surname and unnamed ones by affiliation;
    # an unnamed probe meets anyone of its affiliation. Every pair with a nonzero
    # `pair_strength` shares a token, so the search built on these misses nothing.
    out = set()
    if k.name:
        out.add("n:" + str(k.last))
        if k.country:
            out.add("u:" + k.country)
        if k.org:
            out.add("uo:" + k.org)
    else:
        if k.country:
            out.add("c:" + k.country)
        if k.org:
            out.add("o:" + k.org)
    return frozenset(out)


def index_tokens(keys: Iterable[PersonKey]) -> set[str]:
    """The tokens an event is found by."""
    out: set[str] = set()
    for k in keys:
        out |= index_tokens_of(k)
    return out


def probe_tokens(keys: Iterable[PersonKey]) -> set[str]:
    """The tokens a candidate searches with; they meet `index_tokens` of any possible match."""
    out: set[str] = set()
    for k in keys:
        out |= probe_tokens_of(k)
    return out


def match_participants(
    a: Sequence[PersonKey], b: Sequence[PersonKey], settings: DedupSettings
) -> tuple[float, int]:
    """Summed strength and count of a one-to-one pairing of `a` with `b`, strongest first."""
    by_token: dict[str, list[int]] = {}
    for j, kb in enumerate(b):
        for token in index_tokens_of(kb):
            by_token.setdefault(token, []).append(j)
    pairs: list[tuple[float, int, int]] = []
    for i, ka in enumerate(a):
        tried: set[int] = set()
        for token in probe_tokens_of(ka):
            for j in by_token.get(token, ()):
                if j not in tried:
                    tried.add(j)
                    strength = pair_strength(ka, b[j], settings)
                    if strength > 0.0:
                        pairs.append((strength, i, j))
    # Greedy on strength, ties by position: optimal is not needed for a score, only
    # determinism and that a named pair is never displaced by a weaker one.
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    total, count = 0.0, 0
    for strength, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            total += strength
            count += 1
    return total, count


class _Group:
    """Everything the reports said about one person or one unnamed seat."""

    __slots__ = ("_row", "countries", "names", "orgs", "reports", "roles")

    def __init__(self) -> None:
        self.names: list[str] = []
        self.roles: list[str] = []
        self.countries: list[str] = []
        self.orgs: list[str] = []
        self.reports: set[int] = set()
        self._row: dict[str, Any] | None = None

    def add(self, p: Mapping[str, Any], report: int) -> None:
        if p.get("name"):
            self.names.append(p["name"])
        if p.get("role"):
            self.roles.append(p["role"])
        if p.get("country"):
            self.countries.append(str(p["country"]).strip().upper())
        if p.get("org"):
            self.orgs.append(p["org"])
        self.reports.add(report)
        self._row = None

    @property
    def report_count(self) -> int:
        return len(self.reports)

    def absorb(self, other: _Group) -> None:
        self.names += other.names
        self.roles += other.roles
        self.countries += other.countries
        self.orgs += other.orgs
        self.reports |= other.reports
        self._row = None

    def drop_roles(self) -> None:
        self.roles.clear()
        self._row = None

    def row(self) -> dict[str, Any]:
        if self._row is None:
            self._row = {
                "name": _full_name(self.names),
                "role": top_folded(self.roles),
                "country": top(self.countries),
                "org": top_folded(self.orgs),
            }
        return self._row

    def key(self) -> PersonKey:
        row = self.row()
        return person_key(Participant(row["name"], row["role"], row["country"], row["org"]))


def _full_name(names: list[str]) -> str | None:
    # "Olaf Scholz" is shown even where more reports said only "Scholz".
    if not names or names.count(names[0]) == len(names):
        return names[0] if names else None
    counts = Counter(names)
    return min(counts.items(), key=lambda kv: (-len(fold(kv[0]).split()), -kv[1], kv[0]))[0]


def unite(reports: Sequence[Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The participants of all reports, each person once, as record dicts (see `unite_groups`).

    Groups every mention by folded name, or by unnamed seat, and unites the groups; a
    report counts once per person, also across the spellings that turn out to be one.
    """
    named: dict[str, _Group] = {}
    unnamed: dict[tuple[str, ...], _Group] = {}
    for r, participants in enumerate(reports):
        for p in participants:
            k = person_key(
                Participant(p.get("name"), p.get("role"), p.get("country"), p.get("org"))
            )
            if k.name:
                slot: Any = k.name
                table: dict[Any, _Group] = named
            else:
                slot, table = (k.country or "", k.org or "", k.role or ""), unnamed
            group = table.get(slot)
            if group is None:
                group = table[slot] = _Group()
            group.add(p, r)
    return unite_groups(named, unnamed)


class PersonGroup(Protocol):
    """What `unite_groups` needs of a group of mentions, however it keeps them."""

    @property
    def report_count(self) -> int:
        """The reports that mention this person or seat."""

    def key(self) -> PersonKey:
        """The folded key of the group's current row."""

    def row(self) -> dict[str, Any]:
        """The record dict the group's votes give."""

    def absorb(self, other: Self) -> None:
        """Take over `other`'s mentions and reports."""

    def drop_roles(self) -> None:
        """Forget the roles mentioned so far."""


_G = TypeVar("_G", bound=PersonGroup)


def unite_groups(named: dict[str, _G], unnamed: dict[tuple[str, ...], _G]) -> list[dict[str, Any]]:
    """The rows of person groups (by folded name) and seat groups (by folded country,
    org, role), each person once; the dicts and their groups are consumed.

    A bare surname joins the one full name it ends; an unnamed participant joins a named
    one of the same country/org whose role does not contradict (lending its role when
    the named one has none); a delegation joins a titled seat of its country. The result
    depends only on the groups: they are visited in sorted order and every choice is a
    count with a fixed tie-break. Most reported come first.
    """
    # Only a full name ending in the surname can take it: index them by that word.
    by_last: dict[str, list[str]] = {}
    for full in sorted(named):
        if " " in full:
            by_last.setdefault(last_token(full), []).append(full)
    for name in sorted(n for n in named if " " not in n):
        gk = named[name].key()
        fuller = [
            full
            for full in by_last.get(name, ())
            if _same_name(name, full) and not _conflict(gk, named[full].key())
        ]
        if len(fuller) == 1:
            named[fuller[0]].absorb(named.pop(name))

    for slot in sorted(unnamed):
        seat = unnamed[slot]
        sk = seat.key()
        for full in sorted(named):
            nk = named[full].key()
            if _conflict(sk, nk) or not _shares_affiliation(sk, nk):
                continue
            if sk.role and nk.role and sk.role != nk.role:
                continue
            if nk.role:
                # Its role already wins; the seat's copy would only add weight to it.
                seat.drop_roles()
            named[full].absorb(unnamed.pop(slot))
            break

    for slot in sorted(s for s in unnamed if not s[2]):
        titled = [s for s in sorted(unnamed) if s[2] and s[:2] == slot[:2]]
        if titled:
            unnamed[titled[0]].absorb(unnamed.pop(slot))

    rows = []
    for g in [*named.values(), *unnamed.values()]:
        row = g.row()
        name, role, org = row["name"], row["role"], row["org"]
        order = (
            -g.report_count,
            name is None,
            fold(name) if name else "",
            row["country"] or "",
            fold(org) if org else "",
            fold(role) if role else "",
        )
        rows.append((order, row))
    rows.sort(key=lambda t: t[0])
    return [row for _, row in rows]
