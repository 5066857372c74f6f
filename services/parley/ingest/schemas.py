"""The versioned JSON Schemas in `schemas/`, loaded and compiled once.

The files are the authoritative contract; this module only finds them (inside the
package when installed, beside it in a checkout) and compiles validators.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import orjson

__all__ = ["SCHEMA_DIR", "load_schema", "validator"]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

_FILES = {
    "news_article": "news_article.v1.json",
    "meeting_event": "meeting_event.v1.json",
    "dead_letter": "dead_letter.v1.json",
    "meeting_mention": "meeting_mention.v1.json",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed JSON Schema called `name` (news_article, meeting_event, dead_letter,
    meeting_mention)."""
    schema: dict[str, Any] = orjson.loads((SCHEMA_DIR / _FILES[name]).read_bytes())
    return schema


@cache
def validator(name: str) -> Callable[[Any], Any]:
    """A compiled validator that raises fastjsonschema.JsonSchemaException on a violation."""
    # date-time format checks are left to the producers of those fields (our own code).
    compiled: Callable[[Any], Any] = fastjsonschema.compile(load_schema(name), formats={})
    return compiled
