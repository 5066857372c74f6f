"""Ingest: every malformed input maps to one reason code; valid input to an Article."""

from __future__ import annotations

import orjson
import pytest

from parley.ingest.decode import Rejected, decode_article
from parley.model import Article


def _msg(**fields: object) -> bytes:
    return orjson.dumps({"id": "a1", "body": "Leaders met in Paris.", **fields})


def test_valid_article_decodes_with_optional_fields() -> None:
    """A valid message becomes an Article carrying its optional fields."""
    art = decode_article(_msg(title="T", published_at="2022-02-28T10:00:00Z", extra=1))
    assert isinstance(art, Article)
    assert (art.id, art.title, art.published_at) == ("a1", "T", "2022-02-28T10:00:00Z")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json at all", "not_json"),
        (b'{"id": "a", "body": "x\xff\xfe"}', "invalid_utf8"),
        (b"[1, 2, 3]", "not_object"),
        (b'{"body": "no id"}', "schema_violation"),
        (b'{"id": "a", "body": 5}', "schema_violation"),
        (b'{"id": "", "body": "empty id"}', "schema_violation"),
        (b'{"id": "a", "body": "x", "published_at": "yesterday"}', "schema_violation"),
        (b'{"id": "a", "body": "   "}', "empty_body"),
        (b'{"id": "a", "body": "<p> </p><br/>"}', "no_text"),
        (b'{"id": "a", "body": "Hallo", "language": "de"}', "unsupported_language"),
        (None, "not_json"),
    ],
)
def test_each_malformed_input_has_its_reason(raw: bytes | None, reason: str) -> None:
    """Each kind of bad input is rejected with its own machine-readable reason."""
    result = decode_article(raw)
    assert isinstance(result, Rejected)
    assert result.reason == reason
    assert result.detail


def test_body_over_the_limit_is_rejected() -> None:
    """A body longer than the configured byte limit is rejected as body_too_large."""
    result = decode_article(_msg(body="é" * 600), max_body_bytes=1000)
    assert isinstance(result, Rejected)
    assert result.reason == "body_too_large"


def test_id_of_256_chars_passes_and_257_fails() -> None:
    """The id length bounds of NewsArticle v1 are enforced exactly."""
    assert isinstance(decode_article(orjson.dumps({"id": "x" * 256, "body": "b"})), Article)
    assert isinstance(decode_article(orjson.dumps({"id": "x" * 257, "body": "b"})), Rejected)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"hello world", "at character 1, near 'hello world'"),
        (b'{"id": "a", "body": tru}', "at character 21, near 'tru}'"),
        (b'{"id": "a", "body": "x"', "ends early"),
        (b"   ", "empty"),
    ],
)
def test_a_line_that_is_not_json_says_so_and_where(raw: bytes, where: str) -> None:
    """The not_json detail opens with "not JSON" and says where parsing stopped."""
    result = decode_article(raw)
    assert isinstance(result, Rejected)
    assert result.detail.startswith("not JSON: ")
    assert where in result.detail
    assert "expected 'true'" not in result.detail
