"""Ingest stage: raw bytes from `news.articles` -> a validated Article, or a reason to reject.

Every way an input can be wrong maps to one machine-readable reason code, which
becomes the `reason` of the DeadLetter record; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import fastjsonschema
import orjson

from parley.extract.text import plain_text
from parley.ingest.schemas import validator
from parley.model import Article

__all__ = ["Rejected", "decode_article", "parse_published_at"]


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why an input message cannot be processed; `reason` is a DeadLetter v1 code."""

    reason: str
    detail: str


def _parse(value: bytes) -> Any:
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        # orjson reports bad UTF-8 as a JSON error; users need to tell the two apart.
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as uexc:
            raise _Reject("invalid_utf8", f"byte {uexc.start}: {uexc.reason}") from None
        raise _Reject("not_json", _where_not_json(value, exc)) from None


def _where_not_json(value: bytes, exc: orjson.JSONDecodeError) -> str:
    """"not JSON", the character where parsing stopped and the text there.

    The parser's own words ("invalid literal, expected 'true'") describe its state,
    not the input; a person needs the position and a glimpse of what is there.
    """
    text = value.decode("utf-8", "replace")
    if not text.strip():
        return "not JSON: the message is empty"
    near = text[exc.pos : exc.pos + 24]
    if not near:
        return f"not JSON: the text ends early, after {len(text)} characters"
    return f"not JSON: it stops being JSON at character {exc.pos + 1}, near {near!r}"


class _Reject(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def parse_published_at(value: str) -> datetime | None:
    """The instant of a `published_at` that matched the schema's pattern, in UTC; None
    for a date or time that does not exist (2024-13-45, 2023-02-29, 25:00).

    The pattern only checks the shape. A date without a time is its day's start, a time
    without an offset is taken as UTC; a leap second counts as the second before it.
    """
    text = value.upper()
    if text[16:19] == ":60":
        text = text[:17] + "59" + text[19:]
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        return None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def decode_article(
    value: bytes | None,
    *,
    max_body_bytes: int = 1_000_000,
    languages: frozenset[str] = frozenset({"en"}),
    max_future: timedelta | None = None,
    now: datetime | None = None,
) -> Article | Rejected:
    """Validate one input message against NewsArticle v1 and the service's own limits.

    With `max_future`, an article published more than that after `now` (the wall
    clock by default) is rejected as `published_in_future`: no report can be from the
    future, and its date would otherwise take the dedup clock years ahead.
    """
    if value is None:
        return Rejected("not_json", "message has no value (tombstone)")
    try:
        data = _parse(value)
    except _Reject as rej:
        return Rejected(rej.reason, rej.detail)
    if not isinstance(data, dict):
        return Rejected("not_object", f"top-level JSON is {type(data).__name__}, not an object")
    try:
        validator("news_article")(data)
    except fastjsonschema.JsonSchemaException as exc:
        return Rejected("schema_violation", str(exc))
    published_at = data.get("published_at")
    if published_at is not None:
        instant = parse_published_at(published_at)
        if instant is None:
            return Rejected(
                "schema_violation", f"data.published_at {published_at!r} is not a real date-time"
            )
        if max_future is not None and instant > (now or datetime.now(UTC)) + max_future:
            return Rejected(
                "published_in_future",
                f"published_at {published_at} is more than {max_future} ahead of the clock",
            )
    body: str = data["body"]
    size = len(body.encode("utf-8"))
    if size > max_body_bytes:
        return Rejected("body_too_large", f"body is {size} bytes, limit {max_body_bytes}")
    if not body.strip():
        return Rejected("empty_body", "body is empty")
    language = data.get("language")
    if language and language.lower()[:2] not in languages:
        return Rejected("unsupported_language", f"language {language!r} not in {sorted(languages)}")
    if "<" in body and not plain_text(body).strip():
        return Rejected("no_text", "body has markup but no text")
    return Article(
        id=data["id"],
        body=body,
        title=data.get("title"),
        url=data.get("url"),
        source=data.get("source"),
        published_at=published_at,
        language=language,
    )
