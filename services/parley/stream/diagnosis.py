"""What faust's consumer believes about a stalled partition, for the log line that says so.

A stall (stream/progress.py) says that committed offsets stopped while input waits, not
why. The usual suspects all live inside faust's consumer and leave no other trace: a
partition left paused after a rebalance, a fetcher task that ended, a read offset
ahead of the committed one (messages below it are dropped unseen), an ack list with a
hole at its head (nothing above it is committed again), an agent stuck on an await.
`consumer_state` reads those, all private attributes of faust 0.15, each defensively:
a faust that renames one gives a shorter report, never an error in the worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

__all__ = ["consumer_state"]

# An agent's stack is kept to its last lines: where it waits is what matters.
_STACK_LINES = 12


def _tp_name(tp: Any) -> str:
    return f"{getattr(tp, 'topic', '?')}/{getattr(tp, 'partition', '?')}"


def _get(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name)
    except Exception:  # a property of a half-started service may raise
        return None


def _partition(consumer: Any, tp: Any) -> dict[str, Any]:
    """faust's bookkeeping for one partition."""
    acked = list((_get(consumer, "_acked") or {}).get(tp) or ())
    gaps = (_get(consumer, "_gap") or {}).get(tp)
    unacked = sorted(
        m.offset for m in list(_get(consumer, "_unacked_messages") or ()) if tuple(m.tp) == tp
    )
    return {
        "read_offset": (_get(consumer, "_read_offset") or {}).get(tp),
        "committed_offset": (_get(consumer, "_committed_offset") or {}).get(tp),
        "acked": len(acked),
        "acked_min": min(acked, default=None),
        "acked_max": max(acked, default=None),
        # The head decides the next commit: faust commits only its first consecutive run.
        "acked_head": sorted(acked)[:5],
        "gaps": [(g.begin, g.end) for g in sorted(gaps)][:5] if gaps else [],
        "unacked": len(unacked),
        "unacked_min": unacked[0] if unacked else None,
    }


def _awaiting(coro: Any) -> list[str]:
    """Where a suspended coroutine waits: its own frame, then each one it awaits.
    (A task's get_stack() shows only the outermost frame.)"""
    where: list[str] = []
    while coro is not None and len(where) < 64:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is not None:
            code = frame.f_code
            where.append(f"{code.co_filename.rsplit('/', 2)[-1]}:{frame.f_lineno} {code.co_name}")
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return where


def _tasks(names: Iterable[str]) -> dict[str, list[str]]:
    """Where the asyncio tasks whose name or coroutine names one of `names` wait."""
    wanted = tuple(names)
    out: dict[str, list[str]] = {}
    for task in asyncio.all_tasks():
        # mode names a service's task after the coroutine it wraps.
        label = f"{task.get_name()} {task.get_coro()!r}"
        if any(n in label for n in wanted):
            out[f"{label[:80]}#{id(task):x}"] = _awaiting(task.get_coro())[-_STACK_LINES:]
    return out


def consumer_state(app: Any, partitions: Iterable[tuple[str, int]]) -> dict[str, Any]:
    """A JSON-ready snapshot of the consumer, flow control, recovery and agents of
    `app`, with faust's per-partition bookkeeping for `partitions` (topic, number)."""
    consumer = _get(app, "consumer")
    wanted = set(partitions)
    state: dict[str, Any] = {
        "generation": _get(app, "consumer_generation_id"),
        "rebalancing": _get(app, "rebalancing"),
        "consumer_flow_active": _get(consumer, "flow_active"),
    }
    flow = _get(app, "flow_control")
    if flow is not None:
        try:
            state["app_flow_active"] = flow.is_active()
        except Exception:
            state["app_flow_active"] = None
    try:
        assignment = list(consumer.assignment()) if consumer is not None else []
    except Exception:
        assignment = []
    state["assignment"] = sorted(_tp_name(tp) for tp in assignment)
    for key in ("_paused_partitions", "_active_partitions", "_buffered_partitions"):
        tps = _get(consumer, key)
        state[key.strip("_")] = sorted(_tp_name(tp) for tp in tps) if tps is not None else None
    # faust keys its maps by TP, a named tuple: a plain (topic, number) finds the entry.
    state["partitions"] = {f"{t}/{n}": _partition(consumer, (t, n)) for t, n in sorted(wanted)}
    fetcher = _get(app, "_fetcher")
    # mode forgets a service's finished tasks: 0 running means the drain loop ended.
    state["fetcher"] = {
        "state": _get(fetcher, "state"),
        "running_tasks": len(_get(fetcher, "_futures") or ()),
    }
    tables = _get(app, "tables")
    recovery = _get(tables, "_recovery") or _get(tables, "recovery")
    if recovery is not None:
        completed = _get(recovery, "completed")
        state["recovery"] = {
            "in_recovery": _get(recovery, "in_recovery"),
            "completed": completed.is_set() if completed is not None else None,
        }
    buffer = _get(_get(app, "producer"), "buffer")
    state["producer_buffer"] = _get(buffer, "size")
    state["tasks"] = _tasks(
        ("dedup_agent", "extract_agent", "_fetcher", "_drain_messages", "_restart_recovery")
    )
    return state
