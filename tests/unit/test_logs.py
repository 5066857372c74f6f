"""The repeat filter that keeps a down broker from burying the worker's log."""

from __future__ import annotations

import io
import json
import logging

import pytest

from parley.stream.logs import RepeatFilter, configure_logging


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _record(name: str, msg: str, *args: object, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


CONNECT = "Unable connect to node with id %s: %s"
REFUSED = "[Errno 111] Connect call failed ('127.0.0.1', 9092)"


def test_identical_client_errors_pass_once_per_window_with_a_count() -> None:
    clock = _Clock()
    flt = RepeatFilter(10.0, clock=clock)
    passed = []
    for _ in range(50):
        rec = _record("aiokafka", CONNECT, 1, REFUSED)
        if flt.filter(rec):
            passed.append(rec)
        clock.now += 0.1  # 50 copies over 5 s: one window
    assert len(passed) == 1
    assert not hasattr(passed[0], "suppressed_repeats")

    clock.now += 6  # the next window opens
    rec = _record("aiokafka", CONNECT, 1, REFUSED)
    assert flt.filter(rec)
    assert rec.suppressed_repeats == 49
    # Counting starts again after the line that reported the count.
    clock.now += 10
    again = _record("aiokafka", CONNECT, 1, REFUSED)
    assert flt.filter(again)
    assert not hasattr(again, "suppressed_repeats")


def test_different_messages_levels_and_loggers_do_not_hide_each_other() -> None:
    flt = RepeatFilter(10.0, clock=_Clock())
    assert flt.filter(_record("aiokafka", CONNECT, 1, REFUSED))
    # Another node, another level, another client logger: each a first sighting.
    assert flt.filter(_record("aiokafka", CONNECT, 2, REFUSED))
    assert flt.filter(_record("aiokafka", CONNECT, 1, REFUSED, level=logging.WARNING))
    assert flt.filter(_record("aiokafka.consumer.fetcher", CONNECT, 1, REFUSED))
    assert flt.filter(_record("kafka.net.manager", CONNECT, 1, REFUSED))
    assert not flt.filter(_record("kafka.net.manager", CONNECT, 1, REFUSED))


def test_own_lines_and_client_info_always_pass() -> None:
    flt = RepeatFilter(10.0, clock=_Clock())
    retry = "broker %s not reachable (%s); retrying in %.1fs"
    for _ in range(20):
        assert flt.filter(_record("parley.worker", retry, "b:1", "refused", 2.0, level=30))
        assert flt.filter(_record("aiokafka.consumer", "joined", level=logging.INFO))
    # A logger that merely starts with a client's name is not that client.
    assert flt.filter(_record("kafkaesque", "x"))
    assert flt.filter(_record("kafkaesque", "x"))


def test_memory_stays_bounded_under_ever_new_messages() -> None:
    clock = _Clock()
    flt = RepeatFilter(1.0, clock=clock, max_keys=10)
    for port in range(1000):
        assert flt.filter(_record("aiokafka", CONNECT, port, REFUSED))
        clock.now += 0.01
    assert len(flt._seen) <= 10


@pytest.mark.usefixtures("restore_logging")
def test_configured_log_collapses_a_flood_and_keeps_the_worker_lines() -> None:
    stream = io.StringIO()
    configure_logging("info", stream=stream)
    for i in range(200):
        logging.getLogger("aiokafka").error(CONNECT, 1, REFUSED)
        logging.getLogger("aiokafka").error("Unable to update metadata from [1]")
        if i % 50 == 0:
            logging.getLogger("parley.worker").warning("retrying in %.1fs", 1.0)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [d["logger"] for d in lines].count("aiokafka") == 2
    assert [d["logger"] for d in lines].count("parley.worker") == 4


@pytest.mark.usefixtures("restore_logging")
def test_kafka_python_debug_lines_stay_out_even_at_debug_level() -> None:
    """kafka-python's admin client logs its whole configuration, SASL password
    included, at DEBUG: the `kafka` logger stays at WARNING whatever the level."""
    stream = io.StringIO()
    configure_logging("debug", stream=stream)
    secret = "pw-never-in-a-log"
    logging.getLogger("kafka.admin.client").debug(
        "Starting KafkaAdminClient with configuration: %s", {"sasl_plain_password": secret}
    )
    logging.getLogger("kafka.net.connection").info("%s: authenticated as parley", "conn")
    logging.getLogger("parley.worker").debug("still shown")
    assert secret not in stream.getvalue()
    assert logging.getLogger("kafka.admin.client").getEffectiveLevel() == logging.WARNING
    assert [json.loads(x)["logger"] for x in stream.getvalue().splitlines()] == ["parley.worker"]
