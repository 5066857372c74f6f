"""A faust no-op passthrough: the yardstick the end-to-end benchmark holds the worker to.

It reads the same input topic as `parley worker`, raw, and re-publishes every message
unchanged (same key, same value) to the output topic. Everything the worker pays for
besides its own work is here too: the same faust configuration (acks, guarantee,
serializers), the same consumer and producer, one agent over every input partition,
one awaited send per message. So worker/passthrough throughput is the share of the
broker-and-faust limit that Parley keeps, and the latency difference is Parley's own.

    PARLEY_APP_ID=bench-pt PARLEY_OUTPUT_TOPIC=bench-pt.out python -m tests.bench.passthrough

Not a product command, so it lives with the benchmarks rather than in the package:
it exists for `python -m tests.bench.end_to_end`, run from the repository's root. It is
configured by the worker's variables, and refuses to start on the worker's default
app id or output topic: with those it would join the real worker's consumer group,
take partitions away from it and write raw articles into the events topic.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

import faust

from parley.settings import Settings, load_settings

# The worker's own faust settings and consumer, so that the only difference between
# the two apps is what the agent does with a message.
from parley.stream.app import new_faust_app

__all__ = ["build_passthrough", "main"]


def build_passthrough(settings: Settings) -> faust.App:
    """The passthrough app for `settings`: input topic -> output topic, bytes unchanged."""
    app = new_faust_app(settings)
    source = app.topic(settings.input_topic, key_type=bytes, value_type=bytes)
    sink = app.topic(settings.output_topic, key_type=bytes, value_type=bytes)

    @app.agent(source, name="passthrough")
    async def forward(stream: Any) -> None:
        # events() rather than plain values, as the worker does: same per-message path.
        async for event in stream.events():
            msg = event.message
            # No timestamp is passed on purpose: the output record gets its own create
            # time, so output minus input timestamp is this app's latency.
            await sink.send(key=msg.key, value=msg.value)

    @app.page("/readyz")
    async def _readyz(web: Any, request: Any) -> Any:
        # The benchmark waits on this, as on the worker's, before offering load.
        assigned = list(app.consumer.assignment()) if app.consumer else []
        return web.json({"ready": bool(assigned)}, status=200 if assigned else 503)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.passthrough",
        description="faust no-op passthrough for the end-to-end benchmark; configured by "
        "the same environment variables as `parley worker`.",
    )
    parser.parse_args(argv)
    settings = load_settings()
    defaults = Settings()
    if settings.app_id == defaults.app_id or settings.output_topic == defaults.output_topic:
        print(
            "refusing to start: set PARLEY_APP_ID and PARLEY_OUTPUT_TOPIC to values of "
            f"its own (not {defaults.app_id!r} / {defaults.output_topic!r}), or the "
            "passthrough would share the worker's consumer group and output topic",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # Topics are created as the worker creates them, with the same partition counts.
    from parley.stream.worker import wait_for_topics

    wait_for_topics(settings)
    app = build_passthrough(settings)
    worker = faust.Worker(app, loglevel="INFO", quiet=True)
    # Runs until SIGTERM/SIGINT, then exits the process with the worker's code: it
    # never returns, as in `parley worker`.
    worker.execute_from_commandline()


if __name__ == "__main__":
    sys.exit(main())
