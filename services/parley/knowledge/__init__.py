"""Curated facts about people in office, countries, organisations and roles."""

from __future__ import annotations

from parley.knowledge.base import (
    Country,
    KnowledgeBase,
    LexiconKind,
    Org,
    OrgKind,
    Person,
    Role,
    fold_key,
    load,
)

__all__ = [
    "Country",
    "KnowledgeBase",
    "LexiconKind",
    "Org",
    "OrgKind",
    "Person",
    "Role",
    "fold_key",
    "load",
]
