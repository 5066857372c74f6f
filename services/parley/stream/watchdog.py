"""Exit when one of faust's own background loops has ended under a running worker.

Two loops of faust 0.15 carry every message, and each can end without a word:

* `Recovery._restart_recovery` runs once per rebalance: it restores the tables, seeks
  to the committed offsets and resumes the partitions that `_on_partitions_assigned`
  paused. Every step waits through `Recovery._wait`, which reads a timeout
  (`broker_request_timeout`, 90 s: a producer flush, a highwater or committed-offset
  query while the brokers are slow or away) as "service stopped"; the loop then
  breaks out for good, logging only at faust's dev level. From the next rebalance on,
  the worker's partitions stay paused: it heartbeats, answers /livez, and processes
  nothing.
* `Fetcher._fetcher` drains the consumer into the agents. When it is cancelled
  outside a rebalance, it ends, and nothing starts it again.

The stall detector catches both, once input waits and PARLEY_STALL_EXIT_SECONDS pass
(stream/progress.py). This catches the cause itself, with nothing waiting yet and in
seconds: a worker whose loop has ended for `grace` seconds logs a critical line with
the consumer state and exits 1 for its supervisor to restart it. The fetcher is not
judged while a rebalance is in progress, when faust restarts it on purpose; recovery
always is: with it dead, the rebalance never ends.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import orjson

from parley.stream.diagnosis import consumer_state

__all__ = ["LoopWatch", "ended_loops", "watch_faust_loops"]

log = logging.getLogger("parley.stream")

#: (what, the service attribute on the app, the task's coroutine name, whether faust
#: stops it itself during a rebalance)
_LOOPS = (
    ("table recovery", ("tables", "_recovery"), "_restart_recovery", False),
    ("fetcher", ("_fetcher",), "_fetcher", True),
)


def _service(app: Any, path: tuple[str, ...]) -> Any:
    obj = app
    for name in path:
        obj = getattr(obj, name, None) if obj is not None else None
    return obj


def _runs(service: Any, coro_name: str) -> bool:
    for fut in list(getattr(service, "_futures", ()) or ()):
        # mode runs a service task inside a wrapper and keeps the task's own coroutine
        # on the future as __wrapped__.
        coro = getattr(fut, "__wrapped__", None)
        if getattr(coro, "__name__", None) == coro_name and not fut.done():
            return True
    return False


def ended_loops(app: Any) -> list[str]:
    """faust's loops that have ended while their service still counts as running; the
    fetcher not while the app rebalances, when faust restarts it on purpose."""
    ended = []
    rebalancing = getattr(app, "rebalancing", False)
    for what, path, coro_name, restarted_in_rebalance in _LOOPS:
        if rebalancing and restarted_in_rebalance:
            continue
        service = _service(app, path)
        state = getattr(service, "state", None)
        # A crashed service is ended too: faust restarts its fetcher after a crash in a
        # rebalance, and one still crashed past the grace period was not restarted.
        if state == "crashed" or (state == "running" and not _runs(service, coro_name)):
            ended.append(what)
    return ended


class LoopWatch:
    """Turns successive checks of `ended_loops` into the loops ended for `grace` s."""

    def __init__(self, grace: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.grace = grace
        self._clock = clock
        self._since: dict[str, float] = {}

    def late(self, app: Any) -> list[str]:
        """The loops seen ended at every check for `grace` seconds; none while the app
        stops. A rebalance that never ends is the very shape of a dead recovery loop, so
        recovery is judged throughout."""
        now = self._clock()
        ended = [] if getattr(app, "should_stop", False) else ended_loops(app)
        self._since = {what: self._since.get(what, now) for what in ended}
        return sorted(what for what, t in self._since.items() if now - t >= self.grace)


def watch_faust_loops(app: Any, *, interval: float = 5.0, grace: float = 15.0) -> None:
    """Check every `interval` seconds; exit 1 once a loop was seen ended for `grace`.

    Not an `app.timer`: faust starts timers and tasks only once the first table
    recovery has completed, and a worker whose first recovery never completes is one
    this watch is for. It starts at the first partition assignment instead, which
    comes before that recovery, as a future of the app, so faust stops it with the app.
    """
    watch = LoopWatch(grace)
    started = False

    async def _check() -> None:
        late = watch.late(app)
        if not late:
            return
        state = consumer_state(app, [])
        log.critical(
            "faust's %s loop has ended; exiting for a restart. consumer state: %s",
            " and ".join(late),
            orjson.dumps(state).decode(),
        )
        # As for a stall: should stopping hang on what broke, leave anyway.
        guard = threading.Timer(30.0, os._exit, args=(1,))
        guard.daemon = True
        guard.start()
        await app.crash(RuntimeError(f"faust's {' and '.join(late)} loop ended"))

    async def _watch() -> None:
        while not app.should_stop:
            await asyncio.sleep(interval)
            await _check()

    async def _on_assigned(sender: Any, assigned: Any, **kwargs: Any) -> None:
        nonlocal started
        if not started:
            started = True
            app.add_future(_watch())

    app.on_partitions_assigned.connect(_on_assigned)
