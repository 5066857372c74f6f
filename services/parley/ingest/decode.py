"""Ingest stage: raw bytes from `news.articles` -> a validated Article, or a reason to reject.

Every way an input can be wrong maps to one machine-readable reason code, which
becomes the `reason` of the DeadLetter record; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import fastjsonschema
import orjson

from parley.extract.text import plain_text
from parley.ingest.schemas import validator
from parley.model import Article

__all__ = ["Rejected", "decode_article"]


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


def decode_article(
    value: bytes | None,
    *,
    max_body_bytes: int = 1_000_000,
    languages: frozenset[str] = frozenset({"en"}),
) -> Article | Rejected:
    """Validate one input message against NewsArticle v1 and the service's own limits."""
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
        published_at=data.get("published_at"),
        language=language,
    )
