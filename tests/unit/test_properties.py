"""Property-based tests: decoding, extraction and dead letters hold for any input at all."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from functools import cache
from typing import Any

import jsonschema
import orjson
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from parley.extract import extract
from parley.ingest.decode import Rejected, decode_article, parse_published_at
from parley.ingest.schemas import load_schema
from parley.model import Article, Candidate
from parley.offline import OfflinePipeline
from parley.publish.dead_letter import dead_letter
from parley.settings import load_settings
from tests.conftest import CORPUS, ROOT

# Deterministic (the same examples on every run, no example database) and without a
# per-example deadline: a slow shared CI machine must not turn into a flaky failure.
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCHEMAS = ROOT / "schemas"
FIELDS = ("id", "body", "title", "url", "source", "published_at", "language")
DECODE_REASONS = frozenset(
    {
        "not_json",
        "invalid_utf8",
        "not_object",
        "schema_violation",
        "body_too_large",
        "empty_body",
        "no_text",
        "unsupported_language",
    }
)


@cache
def _schema(name: str) -> dict[str, Any]:
    """A contract schema as published in the repository's schemas/ directory."""
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.v1.json").read_text("utf-8"))
    return loaded


@cache
def _corpus_sentences() -> tuple[str, ...]:
    """Sentences of the development corpus, to splice into generated bodies."""
    out: list[str] = []
    for name in ("a.articles.jsonl", "b.articles.jsonl"):
        for line in (CORPUS / name).read_bytes().splitlines():
            if line.strip():
                body = orjson.loads(line)["body"]
                out.extend(s for s in re.split(r"(?<=[.!?])\s+|\n+", body) if s.strip())
    return tuple(out)


def _enum(schema: dict[str, Any], field: str) -> set[Any]:
    return set(schema["properties"][field]["enum"])


def _check_decoded(raw: bytes | None, result: Article | Rejected) -> None:
    if isinstance(result, Rejected):
        assert result.reason in DECODE_REASONS, result
        assert isinstance(result.detail, str)
        assert result.detail
    else:
        assert isinstance(result, Article), type(result)
        assert raw is not None


# -- strategies ----------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
field_names = st.sampled_from(FIELDS) | st.text(max_size=12)
# Values that are sometimes right for a NewsArticle field, so that some objects pass
# schema validation and reach the later checks.
plausible = (
    st.text(min_size=1, max_size=30)
    | st.sampled_from(["en", "EN", "en-US", "de", "fr_FR", "2023-04-05", "2023-04-05T10:00Z"])
    | json_values
)
markup = st.sampled_from(["<p>", "</p>", "<br/>", "<div class='x'>", "</div>", "&amp;", "&nbsp;"])
# Corpus sentences twice as often as random text: most of them state meetings, so that
# the extractor's deeper paths run on arbitrary surroundings too.
sentences = st.sampled_from(_corpus_sentences())
body_parts = st.lists(
    st.text(max_size=80) | sentences | sentences | markup, min_size=1, max_size=12
)
# Real instants in the pattern's shapes: a date or time that does not exist (month 13,
# hour 25) is a schema violation even where the pattern matches.
published = st.none() | st.builds(
    lambda moment, shape: moment.strftime(shape),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31)),
    st.sampled_from(
        ["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S.%f+02:00"]
    ),
)
languages = st.none() | st.sampled_from(["en", "EN", "en-GB", "en_us"])


@st.composite
def valid_articles(draw: st.DrawFn) -> dict[str, Any]:
    """NewsArticle v1 objects with arbitrary unicode bodies and optional fields."""
    sep = draw(st.sampled_from([" ", "\n", "\n\n", ""]))
    article: dict[str, Any] = {
        "id": draw(st.text(min_size=1, max_size=256)),
        "body": sep.join(draw(body_parts)),
    }
    if draw(st.booleans()):
        article["title"] = draw(st.none() | st.text(max_size=120))
    if draw(st.booleans()):
        article["url"] = draw(st.none() | st.text(max_size=60))
    if draw(st.booleans()):
        article["source"] = draw(st.none() | st.text(max_size=30))
    if draw(st.booleans()):
        article["published_at"] = draw(published)
    if draw(st.booleans()):
        article["language"] = draw(languages)
    return article


# -- decoding ------------------------------------------------------------------------


@PROPERTY
@given(st.binary(max_size=2048) | st.none())
def test_arbitrary_bytes_decode_to_an_article_or_a_known_reason(raw: bytes | None) -> None:
    """Any bytes at all (or a tombstone) decode to an Article or a known reason, never raise."""
    _check_decoded(raw, decode_article(raw))


@PROPERTY
@given(
    st.dictionaries(field_names, plausible, max_size=9),
    st.booleans(),
    st.binary(max_size=3),
)
def test_arbitrary_json_objects_decode_consistently_with_the_schema(
    data: dict[str, Any], ascii_only: bool, suffix: bytes
) -> None:
    """JSON objects with random fields and types decode without raising, and are rejected
    as schema violations exactly when NewsArticle v1 says they are invalid."""
    raw = json.dumps(data, ensure_ascii=ascii_only).encode("utf-8")
    result = decode_article(raw, max_body_bytes=200)
    _check_decoded(raw, result)
    try:
        # orjson refuses integers beyond 64 bits, which json.dumps happily writes.
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        assert isinstance(result, Rejected)
        assert result.reason == "not_json"
        return
    valid = jsonschema.Draft202012Validator(_schema("news_article")).is_valid(data)
    violation = isinstance(result, Rejected) and result.reason == "schema_violation"
    if not valid:
        assert violation, result
    elif violation:
        # Python's `$` also matches before a final newline, so jsonschema accepts
        # "2023-04-05\n" where the ECMA-262 regex the schema means (and fastjsonschema)
        # does not; that is the only disagreement allowed.
        patterned = (data.get(f) for f in ("published_at", "language"))
        impossible = isinstance(data.get("published_at"), str) and (
            parse_published_at(data["published_at"]) is None
        )
        assert impossible or any(
            isinstance(v, str) and v.endswith("\n") for v in patterned
        ), result
    if isinstance(result, Article):
        assert result.id == data["id"]
        assert result.body == data["body"]
        assert 0 < len(result.body.encode("utf-8")) <= 200
    # Trailing garbage after the object makes the whole message something else.
    if suffix.strip() and not suffix.isspace():
        _check_decoded(raw + suffix, decode_article(raw + suffix))


# -- extraction ----------------------------------------------------------------------


def _check_candidate(article: Article, c: Candidate) -> None:
    event = _schema("meeting_event")
    assert isinstance(c, Candidate), type(c)
    assert c.kind in _enum(event, "kind")
    assert c.mode in _enum(event, "mode")
    assert c.status in _enum(event, "status")
    assert c.date_precision in _enum(event, "date_precision")
    if c.date is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", c.date), c.date
        datetime.strptime(c.date, "%Y-%m-%d")  # a real calendar day
    alpha2 = re.compile(r"[A-Z]{2}")
    if c.location is not None:
        assert c.location.country is None or alpha2.fullmatch(c.location.country)
    for p in c.participants:
        assert p.country is None or alpha2.fullmatch(p.country), p
        assert all(v is None or isinstance(v, str) for v in (p.name, p.role, p.org)), p
    assert all(isinstance(t, str) for t in c.topics)
    assert 0.0 <= c.confidence <= 1.0
    assert c.source.article_id == article.id
    assert isinstance(c.source.evidence, str)
    assert c.source.evidence


@PROPERTY
@given(valid_articles())
def test_valid_articles_with_arbitrary_bodies_extract_within_the_enums(
    data: dict[str, Any],
) -> None:
    """A valid article with any unicode body decodes (or has no text), and extraction never
    raises and only returns Candidates whose fields are within MeetingEvent v1's enums."""
    result = decode_article(orjson.dumps(data))
    if isinstance(result, Rejected):
        assert result.reason in {"empty_body", "no_text"}, result
        return
    assert result.id == data["id"]
    found = extract(result)
    assert isinstance(found, list)
    event(f"candidates: {min(len(found), 3)}")
    for candidate in found:
        _check_candidate(result, candidate)


@PROPERTY
@given(st.lists(valid_articles(), min_size=1, max_size=4))
def test_records_built_from_arbitrary_articles_validate_as_meeting_events(
    articles: list[dict[str, Any]],
) -> None:
    """Whatever the articles say, every record the pipeline would publish is a valid
    MeetingEvent v1."""
    pipeline = OfflinePipeline(load_settings({"PARLEY_DEDUP_WINDOW_DAYS": "36500"}))
    validator = jsonschema.Draft202012Validator(_schema("meeting_event"))
    for n, article in enumerate(articles):
        article["id"] = f"{n}-{article['id']}"
    for record in pipeline.run(orjson.dumps(a) for a in articles):
        if isinstance(record, dict):
            validator.validate(orjson.loads(orjson.dumps(record)))


# -- dead letters --------------------------------------------------------------------


@PROPERTY
@given(
    reason=st.sampled_from(sorted(_enum(load_schema("dead_letter"), "reason"))),
    detail=st.text(max_size=200),
    key=st.none() | st.binary(max_size=64),
    value=st.none() | st.binary(max_size=4096),
    topic=st.none() | st.text(min_size=1, max_size=40),
    partition=st.none() | st.integers(min_value=0, max_value=2**31 - 1),
    offset=st.none() | st.integers(min_value=0, max_value=2**63 - 1),
)
def test_dead_letter_round_trips_the_original_bytes(
    reason: str,
    detail: str,
    key: bytes | None,
    value: bytes | None,
    topic: str | None,
    partition: int | None,
    offset: int | None,
) -> None:
    """A DeadLetter record carries any key and value bytes untruncated (base64) and, as sent
    on the wire, validates against DeadLetter v1."""
    record = dead_letter(
        reason, detail, key=key, value=value, topic=topic, partition=partition, offset=offset
    )
    wire = orjson.loads(orjson.dumps(record))
    jsonschema.Draft202012Validator(
        _schema("dead_letter"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(wire)
    for original, field in ((key, "key_b64"), (value, "value_b64")):
        if original is None:
            assert wire[field] is None
        else:
            assert base64.b64decode(wire[field], validate=True) == original
    assert (wire["reason"], wire["detail"]) == (reason, detail)
    assert (wire["topic"], wire["partition"], wire["offset"]) == (topic, partition, offset)
    # jsonschema has no date-time checker without an optional package; check it here.
    assert datetime.fromisoformat(wire["failed_at"]).tzinfo is not None
