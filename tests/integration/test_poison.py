"""Over ten thousand mixed poison and valid messages through a real broker and worker.

Every message is accounted for exactly: the counters add up, the dead-letter topic
holds one record per bad input with its reason and its original key and value bytes,
and the one worker process survives them all with its offsets at the end.
"""

from __future__ import annotations

import base64
import json
import random
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient

from parley.extract import extract
from parley.ingest.decode import Rejected, decode_article
from parley.settings import Settings, load_settings
from tests.conftest import CORPUS, ROOT
from tests.integration.workers import read_topic, run_cli, wait_caught_up, worker

pytestmark = pytest.mark.integration

SEED = 20_240_605
TOTAL = 10_400
MAX_BODY = 4096  # above every corpus body (under 2 kB), so only the generated ones exceed it
# Loggers of the worker itself; aiokafka logs a fresh broker's transient errors.
OWN_LOGGERS = ("parley", "faust", "mode")
PROCESSED = ("with_events", "without_events")
VALID = "valid"  # the expected "reason" of a message that must not become a dead letter


@dataclass(frozen=True, slots=True)
class Sent:
    key: bytes | None
    value: bytes | None
    expected: str  # a dead-letter reason code, or VALID


def _corpus() -> list[dict[str, Any]]:
    return [
        orjson.loads(line)
        for name in ("a.articles.jsonl", "b.articles.jsonl")
        for line in (CORPUS / name).read_bytes().splitlines()
        if line.strip()
    ]


class Poison:
    """Seeded generators of input messages, one per kind, each with the reason it must get."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.articles = _corpus()
        self.n = 0

    def _article(self) -> dict[str, Any]:
        self.n += 1
        base = self.rng.choice(self.articles)
        return {**base, "id": f"{base['id']}~{self.n}"}

    def _noise(self, size: int) -> str:
        alphabet = 'abcdefghij KLMNOP \n\t{}[]",:0123456789é€😀\\/<>&'
        return "".join(self.rng.choice(alphabet) for _ in range(size))

    def valid(self) -> bytes:
        art = self._article()
        roll = self.rng.random()
        if roll < 0.1:
            art.pop("language", None)
        elif roll < 0.2:
            art["language"] = self.rng.choice(["EN", "en-GB", "en_us", None])
        elif roll < 0.3:
            art["extra"] = {"nested": [1, 2.5, None], "unknown": True}
        elif roll < 0.4:
            art["body"] = f"<article><p>{art['body']}</p></article>"
        elif roll < 0.45:
            # Just at the byte limit, with multi-byte characters: still accepted.
            art["body"] = ("Leaders said little. " * 400).encode()[: MAX_BODY - 2].decode()
            art["body"] += "é"
        elif roll < 0.55:
            art["body"] = self.rng.choice(
                [
                    "Heavy rain is expected across the north on Tuesday.",
                    "Shares rose 2% in early trading as investors awaited data.",
                    "The museum reopens next week after a two-year renovation.",
                ]
            )
        return orjson.dumps(art)

    def invalid_utf8(self) -> bytes:
        bad = self.rng.choice([b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80"])
        roll = self.rng.random()
        if roll < 0.4:
            # Inside the body string, so that the JSON around it stays well formed.
            raw = orjson.dumps(self._article())
            cut = raw.index(b'"body":"') + 8 + self.rng.randrange(40)
            return raw[:cut] + bad + raw[cut:]
        if roll < 0.7:
            noise = bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(1, 200)))
            pos = self.rng.randrange(len(noise) + 1)
            return noise[:pos] + b"\xff" + noise[pos:]
        # Latin-1 where UTF-8 was promised, a classic.
        text = json.dumps(
            {"id": f"latin-{self.n}", "body": "Café crème, señor"}, ensure_ascii=False
        )
        return text.encode("latin-1")

    def not_json(self) -> bytes:
        art = orjson.dumps(self._article())
        makers: list[Callable[[], bytes]] = [
            lambda: art[: self.rng.randrange(1, len(art) - 1)],  # truncated
            lambda: b"",
            lambda: b"   \n\t ",
            lambda: ("# " + self._noise(self.rng.randrange(0, 300))).encode(),
            lambda: b"<html><body>" + self._noise(50).encode() + b"</body></html>",
            lambda: art + b"\n" + art,  # two JSON lines in one message
            lambda: art[:-1] + b",}",  # trailing comma
            lambda: b"\xef\xbb\xbf" + art,  # a byte-order mark first
            lambda: b"{'id': 'single-quoted', 'body': 'python repr'}",
            lambda: b"NaN",
            lambda: b'{"id": "a", "body": "unterminated',
        ]
        return self.rng.choice(makers)()

    def not_object(self) -> bytes:
        makers: list[Callable[[], bytes]] = [
            lambda: orjson.dumps([self._article(), self._article()]),
            lambda: orjson.dumps(self.rng.randrange(-(10**9), 10**9)),
            lambda: orjson.dumps(self.rng.random()),
            lambda: orjson.dumps(self._noise(40)),
            lambda: b"null",
            lambda: b"true",
            lambda: b"[]",
            lambda: b" [[[[[[[[[[1]]]]]]]]]] ",
            # The article JSON encoded twice: a JSON string, not an object.
            lambda: orjson.dumps(orjson.dumps(self._article()).decode()),
        ]
        return self.rng.choice(makers)()

    def schema_violation(self) -> bytes:
        art = self._article()
        mutation = self.rng.randrange(12)
        if mutation == 0:
            del art["id"]
        elif mutation == 1:
            del art["body"]
        elif mutation == 2:
            art["id"] = ""
        elif mutation == 3:
            art["id"] = "x" * 257
        elif mutation == 4:
            art["id"] = self.rng.choice([7, None, ["a"], {"id": "a"}, True])
        elif mutation == 5:
            art["body"] = self.rng.choice([5, None, ["text"], {"text": "x"}, False, 1.5])
        elif mutation == 6:
            art["title"] = self.rng.choice([3, ["t"], {"t": 1}, True])
        elif mutation == 7:
            art["url"] = self.rng.choice([1, ["https://x.test"], {}])
        elif mutation == 8:
            art["source"] = self.rng.choice([0, [None], {"name": "x"}])
        elif mutation == 9:
            art["published_at"] = self.rng.choice(
                ["yesterday", "2023/01/02", "02.01.2023", 1_700_000_000, "2023-1-2", ""]
            )
        elif mutation == 10:
            art["language"] = self.rng.choice(["english", "e", "en-", 5, ["en"], "e1"])
        else:
            art = {"title": art["title"], "text": art["body"]}  # another feed's format
        return orjson.dumps(art)

    def body_too_large(self) -> bytes:
        art = self._article()
        if self.rng.random() < 0.5:
            # Fewer characters than the limit, more bytes: the limit is in bytes.
            art["body"] = "é" * (MAX_BODY // 2 + 1 + self.rng.randrange(100))
        else:
            body = art["body"]
            while len(body.encode()) <= MAX_BODY:
                body += "\n\n" + art["body"]
            art["body"] = body[: MAX_BODY + 1 + self.rng.randrange(4 * MAX_BODY)]
        return orjson.dumps(art)

    def empty_body(self) -> bytes:
        art = self._article()
        art["body"] = self.rng.choice(["", " ", "\n\n", "\t \r\n", "\u00a0", "\u2003\u3000"])
        return orjson.dumps(art)

    def no_text(self) -> bytes:
        art = self._article()
        art["body"] = self.rng.choice(
            [
                "<p></p>",
                "<br/><br/>",
                "<div><span> </span></div>",
                "<script>var x = '<b>met</b>';</script>",
                "<!-- Biden met Xi -->",
                "<style>p { color: red }</style><p>\n</p>",
                "<p>&nbsp;</p>",
                "<table><tr><td></td></tr></table>",
            ]
        )
        return orjson.dumps(art)

    def unsupported_language(self) -> bytes:
        art = self._article()
        art["language"] = self.rng.choice(["de", "fr", "es", "zh-CN", "ru", "pt_BR", "ar", "JA"])
        return orjson.dumps(art)

    def tombstone(self) -> None:
        return None

    def key(self, value: bytes | None) -> bytes | None:
        roll = self.rng.random()
        if roll < 0.2 and value is not None:  # Kafka wants a key or a value
            return None
        if roll < 0.3:
            # Keys are bytes too, and must come back untouched.
            return bytes(self.rng.randrange(256) for _ in range(self.rng.randrange(1, 24)))
        return f"key-{self.n}-{self.rng.randrange(10**6)}".encode()

    def messages(self, total: int) -> list[Sent]:
        kinds: list[tuple[str, Callable[[], bytes | None], str, float]] = [
            ("valid", self.valid, VALID, 22),
            ("invalid_utf8", self.invalid_utf8, "invalid_utf8", 8),
            ("not_json", self.not_json, "not_json", 12),
            ("tombstone", self.tombstone, "not_json", 0.5),
            ("not_object", self.not_object, "not_object", 8),
            ("schema_violation", self.schema_violation, "schema_violation", 15),
            ("body_too_large", self.body_too_large, "body_too_large", 5),
            ("empty_body", self.empty_body, "empty_body", 8),
            ("no_text", self.no_text, "no_text", 8),
            ("unsupported_language", self.unsupported_language, "unsupported_language", 8),
        ]
        weights = [k[3] for k in kinds]
        out = []
        for _ in range(total):
            _, make, expected, _ = self.rng.choices(kinds, weights)[0]
            value = make()
            out.append(Sent(self.key(value), value, expected))
        return out


def _expected_outcome(settings: Settings, sent: Sent) -> str:
    """What the worker must do with `sent`, checked against how it was generated."""
    result = decode_article(
        sent.value, max_body_bytes=settings.max_body_bytes, languages=settings.language_set
    )
    if isinstance(result, Rejected):
        assert result.reason == sent.expected, (sent, result)
        return result.reason
    assert sent.expected == VALID, (sent, result)
    return "with_events" if extract(result) else "without_events"


def _http(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def _metrics(port: int) -> dict[str, float]:
    """The worker's /metrics as {'name{labels}': value}."""
    status, body = _http(f"http://127.0.0.1:{port}/metrics")
    assert status == 200
    out: dict[str, float] = {}
    for line in body.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def _family(samples: dict[str, float], name: str, label: str) -> dict[str, float]:
    prefix = f'{name}{{{label}="'
    return {k[len(prefix) : -2]: v for k, v in samples.items() if k.startswith(prefix) and v}


def _produce(settings: Settings, messages: list[Sent]) -> dict[tuple[int, int], Sent]:
    """Send the raw bytes, untouched; returns each message by (partition, offset)."""
    producer = KafkaProducer(
        acks="all", linger_ms=20, batch_size=256 * 1024, **settings.kafka_python_config()
    )
    try:
        futures = [
            (producer.send(settings.input_topic, key=m.key, value=m.value), m) for m in messages
        ]
        producer.flush(timeout=120)
        placed = {}
        for future, m in futures:
            meta = future.get(timeout=60)
            placed[(meta.partition, meta.offset)] = m
    finally:
        producer.close()
    return placed


def _wait_for(what: str, check: Callable[[], Any], log: Path, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except OSError:
            last = None
        if last:
            return last
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:]
    pytest.fail(f"timed out waiting for {what}\n{tail}")


def _end_offsets(settings: Settings, topic: str) -> dict[int, int]:
    consumer = KafkaConsumer(group_id=None, **settings.kafka_python_config())
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
        return {tp.partition: off for tp, off in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()


def _committed(settings: Settings, topic: str) -> dict[int, int]:
    admin = KafkaAdminClient(**settings.kafka_python_config())
    try:
        offsets = admin.list_group_offsets({settings.app_id: None})[settings.app_id]
    finally:
        admin.close()
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic}


def test_ten_thousand_mixed_messages_are_all_accounted_for(
    settings: Settings, tmp_path: Path
) -> None:
    """10,400 seeded garbage and valid messages through a real worker end with consumed equal
    to with_events + without_events + dead letters exactly, one dead letter per bad input
    with its reason and original bytes, the same worker process and offsets at the end."""
    settings = load_settings(
        {
            **settings.to_env(),
            "PARLEY_MAX_BODY_BYTES": str(MAX_BODY),
            "PARLEY_DEDUP_WINDOW_DAYS": "36500",
            "PARLEY_INPUT_PARTITIONS": "3",
        }
    )
    messages = Poison(SEED).messages(TOTAL)
    outcomes = Counter(_expected_outcome(settings, m) for m in messages)
    dead_expected = {
        k: v for k, v in outcomes.items() if k not in ("with_events", "without_events")
    }
    # The mix really is mixed: every kind of failure the decoder knows, and both outcomes.
    assert len(dead_expected) == 8, outcomes
    assert outcomes["with_events"] > 1000
    assert outcomes["without_events"] > 100

    log = tmp_path / "worker.log"
    run_cli(settings, "topics", "create")
    with worker(settings, log) as proc:
        base = f"http://127.0.0.1:{settings.web_port}"
        _wait_for("/readyz", lambda: _http(f"{base}/readyz")[0] == 200, log)
        pid = proc.pid
        started = time.monotonic()
        placed = _produce(settings, messages)
        assert len(placed) == TOTAL
        wait_caught_up(
            settings, [settings.input_topic, f"{settings.app_id}-candidates"], timeout=240
        )

        def settled() -> dict[str, float] | None:
            samples = _metrics(settings.web_port)
            done = sum(_family(samples, "parley_articles_processed_total", "outcome").values())
            done += sum(_family(samples, "parley_dead_letters_total", "reason").values())
            consumed = samples["parley_articles_consumed_total"]
            return samples if consumed == TOTAL and done == TOTAL else None

        samples = _wait_for("the counters to settle", settled, log, timeout=60)
        elapsed = time.monotonic() - started
        assert proc.poll() is None, "the worker died"
        assert proc.pid == pid
        input_end = _end_offsets(settings, settings.input_topic)
        assert _committed(settings, settings.input_topic) == input_end
        assert sum(input_end.values()) == TOTAL

    # The counters: exactly what was sent, by outcome and by reason.
    processed = _family(samples, "parley_articles_processed_total", "outcome")
    dead = _family(samples, "parley_dead_letters_total", "reason")
    assert samples["parley_articles_consumed_total"] == TOTAL
    assert processed == {k: outcomes[k] for k in PROCESSED}
    assert dead == dead_expected
    assert samples["parley_articles_consumed_total"] == sum(processed.values()) + sum(dead.values())

    # The dead-letter topic: exactly one record per bad input, with its original bytes.
    n_dead = sum(dead_expected.values())
    assert sum(_end_offsets(settings, settings.dlq_topic).values()) == n_dead
    records = read_topic(settings, settings.dlq_topic, until=lambda r: len(r) >= n_dead, timeout=60)
    assert len(records) == n_dead
    schema = json.loads((ROOT / "schemas" / "dead_letter.v1.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    seen: set[tuple[int, int]] = set()
    by_reason: Counter[str] = Counter()
    for record in records:
        letter = orjson.loads(record.value)
        validator.validate(letter)
        assert letter["topic"] == settings.input_topic
        coords = (letter["partition"], letter["offset"])
        assert coords in placed, letter
        assert coords not in seen, f"two dead letters for {coords}"
        seen.add(coords)
        original = placed[coords]
        assert letter["reason"] == original.expected, (letter, original)
        value_b64, key_b64 = letter["value_b64"], letter["key_b64"]
        assert (None if value_b64 is None else base64.b64decode(value_b64)) == original.value
        assert (None if key_b64 is None else base64.b64decode(key_b64)) == original.key
        assert record.key == original.key
        by_reason[letter["reason"]] += 1
    assert by_reason == dead_expected

    # One process from start to end, and no agent of it ever crashed and restarted.
    lines = [json.loads(ln) for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    crashes = [
        r
        for r in lines
        if "Crashed reason" in r["message"]
        or "Restarting dead" in r["message"]
        or (r["level"] in ("ERROR", "CRITICAL") and r["logger"].startswith(OWN_LOGGERS))
    ]
    assert not crashes, crashes[:3]
    print(f"\n{TOTAL} messages processed in {elapsed:.1f}s; outcomes {dict(outcomes)}")
