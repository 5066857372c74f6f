"""HTTP endpoints on the worker's web server: /metrics, /healthz, /readyz."""

from __future__ import annotations

from typing import Any

import faust
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from parley.stream.metrics import Metrics

__all__ = ["add_routes"]


def add_routes(app: faust.App, metrics: Metrics) -> None:
    """Register the monitoring pages on `app`."""

    @app.page("/metrics")
    async def _metrics(web: Any, request: Any) -> Any:
        return web.bytes(
            generate_latest(metrics.registry), content_type=CONTENT_TYPE_LATEST.split(";")[0]
        )

    @app.page("/healthz")
    async def _healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "alive"})

    @app.page("/readyz")
    async def _readyz(web: Any, request: Any) -> Any:
        assigned = list(app.consumer.assignment()) if app.consumer else []
        ready = bool(assigned)
        body = {
            "ready": ready,
            "partitions": sorted(f"{tp.topic}/{tp.partition}" for tp in assigned),
        }
        return web.json(body, status=200 if ready else 503)
