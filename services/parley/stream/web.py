"""HTTP endpoints on the worker's web server (faust's aiohttp server, PARLEY_WEB_PORT).

| path | for |
| --- | --- |
| `/metrics` | Prometheus text format |
| `/healthz` | liveness: the process answers |
| `/readyz` | readiness: partitions assigned, brokers reachable, no stage stalled (else 503) |
| `/`, `/events` | the live page: latest events and counters, for people |
| `/api/events` | the page's data, JSON; `?since=SEQ` skips an unchanged event list |
| `/static/*` | the page's script and style sheet |
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from importlib import resources
from typing import Any

import faust
import orjson
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from parley.settings import Settings
from parley.stream.diagnosis import consumer_state
from parley.stream.lag import LagMonitor
from parley.stream.metrics import Metrics

__all__ = ["add_routes", "event_view"]

log = logging.getLogger("parley.stream")

_STATIC = {
    "index.html": "text/html",
    "app.js": "application/javascript",
    "style.css": "text/css",
}
# The page must never show a cached copy of a list that changes every few seconds.
_NO_CACHE = {"Cache-Control": "no-store"}


def _static(name: str) -> bytes:
    return (resources.files("parley.stream") / "static" / name).read_bytes()


def event_view(record: dict[str, Any]) -> dict[str, Any]:
    """The fields of a stored MeetingEvent the page shows; evidence only of the last source.

    Full records carry every source's evidence sentence; sending 200 of them every two
    seconds would cost far more than the page uses.
    """
    sources = record.get("sources") or []
    last = sources[-1] if sources else {}
    return {
        "event_id": record.get("event_id"),
        "version": record.get("version"),
        "op": record.get("op"),
        "status": record.get("status"),
        "kind": record.get("kind"),
        "mode": record.get("mode"),
        "date": record.get("date"),
        "date_precision": record.get("date_precision"),
        "location": record.get("location"),
        "participants": record.get("participants") or [],
        "organizer": record.get("organizer"),
        "topics": record.get("topics") or [],
        "confidence": record.get("confidence"),
        "updated_at": record.get("updated_at"),
        "seen_at": record.get("seen_at"),
        "seq": record.get("seq"),
        "source_count": len(sources),
        "source": {
            "source": last.get("source"),
            "url": last.get("url"),
            "published_at": last.get("published_at"),
            "evidence": last.get("evidence"),
        },
    }


def _names(events: list[dict[str, Any]], parties: list[dict[str, Any]]) -> dict[str, Any]:
    """Full names of the country codes and organisation acronyms on the page (tooltips).

    Two maps, because a code can be both (AU: Australia and the African Union).
    """
    from parley.knowledge import load

    kb = load()
    countries: set[str] = {p["party"] for p in parties if p["party_type"] == "country"}
    orgs: set[str] = {p["party"] for p in parties if p["party_type"] == "org"}
    for e in events:
        countries.add((e.get("location") or {}).get("country") or "")
        for p in e["participants"]:
            countries.add(p.get("country") or "")
            orgs.add(p.get("org") or "")
    return {
        "countries": {c: kb.countries[c].name for c in sorted(countries) if c in kb.countries},
        "orgs": {o: kb.orgs[o].name for o in sorted(orgs) if o in kb.orgs},
    }


def add_routes(
    app: faust.App,
    metrics: Metrics,
    settings: Settings | None = None,
    *,
    lag_interval: float = 3.0,
) -> LagMonitor | None:
    """Register the monitoring endpoints and the live page on `app`.

    With `settings`, also start a `LagMonitor` with the worker (it feeds the lag
    gauges and the broker half of /readyz) and stop it with the worker; returns it.
    """
    def _assigned_pairs() -> list[tuple[str, int]]:
        return [(tp.topic, tp.partition) for tp in _assigned()]

    monitor = (
        LagMonitor(settings, metrics, interval=lag_interval, assigned=_assigned_pairs)
        if settings
        else None
    )
    static = {name: _static(name) for name in _STATIC}
    worker_name = f"{socket.gethostname()}:{os.getpid()}"
    candidates_topic = f"{app.conf.id}-candidates"

    if monitor is not None:
        lag_monitor = monitor

        exit_after = settings.stall_exit_seconds if settings else 0

        async def _lag_monitor() -> None:
            # faust cancels its tasks on shutdown; the finally stops the thread then.
            lag_monitor.start()
            reported = False
            try:
                while True:
                    await asyncio.sleep(1.0)
                    stalled_for = lag_monitor.stalls.stalled_for()
                    if lag_monitor.stalls.any_stalled and not reported:
                        # What faust's consumer believes, for finding out why later.
                        state = consumer_state(app, lag_monitor.stalls.partitions)
                        log.warning("stalled; consumer state: %s", orjson.dumps(state).decode())
                    reported = lag_monitor.stalls.any_stalled
                    # Only with the brokers answering: through an outage, waiting is
                    # right, and a restart would find the same outage.
                    if exit_after and lag_monitor.reachable and stalled_for >= exit_after:
                        break
            finally:
                lag_monitor.stop(timeout=1.0)
            where = ", ".join(f"{t}/{p}" for t, p in lag_monitor.stalls.partitions)
            log.critical(
                "no progress on %s for %.0fs with input waiting; exiting for a restart",
                where,
                stalled_for,
            )
            # A stopped agent or a consumer that no longer commits is not recovered
            # from inside; a new process resumes from the committed offsets, and the
            # replay is harmless (at-least-once, idempotent dedup).
            # Should stopping hang on the very thing that stalled, leave anyway.
            guard = threading.Timer(30.0, os._exit, args=(1,))
            guard.daemon = True
            guard.start()
            await app.crash(RuntimeError(f"stalled for {stalled_for:.0f}s on {where}"))

        app.task(_lag_monitor)

    def _assigned() -> list[Any]:
        consumer = getattr(app, "consumer", None)
        return list(consumer.assignment()) if consumer is not None else []

    @app.page("/metrics")
    async def _metrics(web: Any, request: Any) -> Any:
        # ?name[]=a&name[]=b asks for those series only, as prometheus_client's own
        # exporter allows: a poller that wants one counter need not have every series
        # rendered each time, on the worker's event loop.
        names = request.query.getall("name[]", [])
        registry = metrics.registry.restricted_registry(names) if names else metrics.registry
        return web.bytes(generate_latest(registry), content_type=CONTENT_TYPE_LATEST.split(";")[0])

    @app.page("/healthz")
    async def _healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "alive"})

    @app.page("/readyz")
    async def _readyz(web: Any, request: Any) -> Any:
        assigned = _assigned()
        reachable = monitor.reachable if monitor is not None else None
        # Stalled: input waiting and no committed progress for PARLEY_STALL_SECONDS on
        # a partition this worker holds (stream/progress.py).
        stalls = monitor.stalls if monitor is not None else None
        stalled = sorted(k for k, v in stalls.stalled.items() if v) if stalls else []
        ready = bool(assigned) and reachable is not False and not stalled
        body = {
            "ready": ready,
            "stalled_stages": stalled,
            "stalled_partitions": [f"{t}/{p}" for t, p in stalls.partitions] if stalls else [],
            "partitions_assigned": len(assigned),
            "partitions": sorted(f"{tp.topic}/{tp.partition}" for tp in assigned),
            "broker_reachable": reachable,
            "rebalancing": bool(getattr(app, "rebalancing", False)),
        }
        return web.json(body, status=200 if ready else 503)

    async def _page(web: Any, request: Any) -> Any:
        return web.bytes(static["index.html"], content_type="text/html", headers=_NO_CACHE)

    # "/" is also the path of faust's own status index, which faust mounts later when
    # its web server starts; the route registered first answers.
    app.page("/")(_page)
    app.page("/events", name="parley_events_page")(_page)

    for name, ctype in _STATIC.items():
        if name == "index.html":
            continue

        async def _asset(web: Any, request: Any, _n: str = name, _t: str = ctype) -> Any:
            return web.bytes(static[_n], content_type=_t, headers=_NO_CACHE)

        app.page(f"/static/{name}", name=f"parley_static_{name}")(_asset)

    @app.page("/api/events")
    async def _api_events(web: Any, request: Any) -> Any:
        seq = metrics.latest.seq
        counters = metrics.summary()
        assigned = _assigned()
        body: dict[str, Any] = {
            "seq": seq,
            "worker": worker_name,
            "now": time.time(),
            "dedup_here": any(tp.topic == candidates_topic for tp in assigned),
            "partitions_assigned": len(assigned),
            "counters": counters,
        }
        since = request.query.get("since")
        if since is not None and since == str(seq):
            body["unchanged"] = True
        else:
            try:
                limit = min(int(request.query.get("limit", "200")), 1000)
            except ValueError:
                limit = 200
            events = [event_view(r) for r in metrics.latest.snapshot(limit)]
            body["events"] = events
            body["names"] = _names(events, counters["events_by_party"])
        return web.json(body, headers=_NO_CACHE)

    return monitor
