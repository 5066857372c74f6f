"""`parley worker`: make sure the topics exist, then run the faust worker."""

from __future__ import annotations

import logging
import time

from parley.settings import Settings

__all__ = ["run_worker", "wait_for_topics"]

log = logging.getLogger("parley.worker")


def wait_for_topics(settings: Settings, *, max_wait_s: float = 300.0) -> None:
    """Create the topics, retrying with backoff while the broker cannot be reached."""
    from kafka.errors import KafkaError

    from parley.kafka.admin import ensure_topics

    # Measured on the clock: each failed attempt itself takes the admin client's own
    # bootstrap timeout, so counting only our sleeps would wait far longer than asked.
    deadline = time.monotonic() + max_wait_s
    delay = 0.5
    while True:
        try:
            created = ensure_topics(settings)
            if created:
                log.info("created topics %s", ", ".join(created))
            return
        except (KafkaError, OSError) as exc:
            if time.monotonic() >= deadline:
                raise
            log.warning(
                "broker %s not reachable (%s); retrying in %.1fs",
                settings.bootstrap_servers,
                exc,
                delay,
            )
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


def run_worker(settings: Settings, *, loglevel: str = "info") -> int:
    """Run until stopped; returns the process exit code."""
    import faust

    from parley.stream.app import build_app
    from parley.stream.logs import configure_logging
    from parley.stream.web import add_routes

    configure_logging(loglevel)
    log.info("settings", extra={"settings": settings.masked()})
    wait_for_topics(settings)
    app, metrics = build_app(settings)
    add_routes(app, metrics, settings)
    # Keep our JSON handler: by default faust replaces the root handlers with its own.
    worker = faust.Worker(app, loglevel=loglevel.upper(), quiet=True, override_logging=False)
    # faust's start-up spinner draws with terminal escape codes, even into a log file.
    worker.spinner = None
    # Runs until a signal stops it, then exits the process with the worker's code.
    worker.execute_from_commandline()
