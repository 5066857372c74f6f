"""`parley worker`: make sure the topics exist, then run the faust worker."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from parley.settings import Settings, SettingsError

if TYPE_CHECKING:
    from parley.kafka.failures import BrokerFailure

__all__ = ["run_worker", "wait_for_topics"]

log = logging.getLogger("parley.worker")


def wait_for_topics(settings: Settings, *, max_wait_s: float = 300.0) -> None:
    """Create the topics, retrying with backoff while the broker cannot be reached.

    Gives up with a `BrokerFailure` once `max_wait_s` have passed on the clock, or at
    once when the broker turned the client away (credentials, certificate, protocol):
    waiting cannot mend settings.
    """
    from kafka.errors import KafkaError

    from parley.kafka.admin import ensure_topics
    from parley.kafka.failures import EXIT_UNREACHABLE, explain, watch_connections

    # Measured on the clock, and each attempt bounded by the time left: an attempt
    # lasts as long as the admin client's bootstrap timeout, so counting only our
    # sleeps would wait far longer than asked.  Attempts of at most 10 s (not the
    # client's 30) so that the log says every few seconds that we are still waiting.
    deadline = time.monotonic() + max_wait_s
    delay = 0.5
    while True:
        with watch_connections() as evidence:
            try:
                left = max(deadline - time.monotonic(), 1.0)
                created = ensure_topics(settings, connect_timeout_s=min(left, 10.0))
                if created:
                    log.info("created topics %s", ", ".join(created))
                return
            except (KafkaError, OSError) as exc:
                error: BaseException = exc
        failure = explain("worker start-up", settings, evidence, error)
        if failure.certain and failure.exit_code != EXIT_UNREACHABLE:
            raise failure from error
        left = deadline - time.monotonic()
        if left <= 0:
            raise failure from error
        pause = min(delay, left)
        log.warning(
            "broker %s not reachable (%s); retrying in %.1fs",
            settings.bootstrap_servers,
            error,
            pause,
        )
        time.sleep(pause)
        delay = min(delay * 2, 10.0)


def _reach_brokers(settings: Settings) -> BrokerFailure | None:
    """Check the settings and create the topics; the reason to stop, if any."""
    from parley.kafka.failures import BrokerFailure, settings_failure
    from parley.kafka.security import check

    try:
        check(settings)
        wait_for_topics(settings, max_wait_s=settings.broker_wait_s)
    except SettingsError as exc:
        return settings_failure("worker start-up", settings, exc)
    except BrokerFailure as exc:
        return exc
    return None


def run_worker(settings: Settings, *, loglevel: str = "info") -> int:
    """Run until stopped; returns the process exit code.

    Raises `UnusableDataDir` before anything starts when PARLEY_DATA_DIR cannot be used.
    """
    import faust

    from parley.stream.app import build_app
    from parley.stream.datadir import prepare_data_dir
    from parley.stream.logs import configure_logging
    from parley.stream.watchdog import watch_faust_loops
    from parley.stream.web import add_routes

    prepare_data_dir(settings.data_dir)
    configure_logging(loglevel)
    log.info("settings", extra={"settings": settings.masked()})
    failure = _reach_brokers(settings)
    if failure is not None:
        # One line, in the log's own format, instead of a traceback.
        log.critical("%s", failure.message, extra={"exit_code": failure.exit_code})
        return failure.exit_code
    app, metrics = build_app(settings)
    add_routes(app, metrics, settings)
    # faust's recovery and fetcher loops can end without a word (stream/watchdog.py).
    watch_faust_loops(app)
    # Keep our JSON handler: by default faust replaces the root handlers with its own.
    worker = faust.Worker(app, loglevel=loglevel.upper(), quiet=True, override_logging=False)
    # faust's start-up spinner draws with terminal escape codes, even into a log file.
    worker.spinner = None
    # Runs until a signal stops it, then exits the process with the worker's code.
    worker.execute_from_commandline()
