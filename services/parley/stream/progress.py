"""Stall detection: a stage with input waiting whose committed offsets do not move.

Progress is read where it is final, in the consumer group's committed offsets, which
the lag monitor fetches anyway (stream/lag.py). Whatever holds a stage up shows there
alike: deliveries the brokers keep refusing, an agent that stopped, a consumer that
no longer commits. Acks or log lines would miss the last of these.

A partition is stalled when it has had messages waiting (end offset above the
committed one) at every observation for `stall_seconds`, and its committed offset did
not change in that time. Only partitions this worker holds count, so that /readyz
takes out of service the worker that is stuck, not every worker of the group.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["StallDetector"]

#: (topic, partition)
Partition = tuple[str, int]


@dataclass(slots=True)
class _Seen:
    position: int
    since: float  # when the current wait without progress began


class StallDetector:
    """Turns successive (committed position, end offset) readings into stalled stages."""

    def __init__(
        self,
        stages: Mapping[str, str],
        stall_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`stages` maps each input topic to the stage that consumes it."""
        self.stages = dict(stages)
        self.stall_seconds = stall_seconds
        self._clock = clock
        self._seen: dict[Partition, _Seen] = {}
        self.stalled: dict[str, bool] = dict.fromkeys(self.stages.values(), False)
        #: The stalled partitions of the last update, for /readyz's answer.
        self.partitions: list[Partition] = []
        self._since: float | None = None

    def update(
        self,
        offsets: Mapping[Partition, tuple[int, int]],
        assigned: Iterable[Partition] | None = None,
    ) -> dict[str, bool]:
        """Record one reading of (position, end) per partition; returns stage -> stalled.

        `assigned` limits the verdict to this worker's partitions (None: all of them).
        """
        now = self._clock()
        mine = None if assigned is None else set(assigned)
        stalled_parts: list[Partition] = []
        for tp, (position, end) in offsets.items():
            seen = self._seen.get(tp)
            waiting = end > position
            if seen is None or seen.position != position or not waiting:
                # Moved, or nothing to do: a new wait starts from here.
                self._seen[tp] = _Seen(position, now)
                continue
            if now - seen.since >= self.stall_seconds and (mine is None or tp in mine):
                stalled_parts.append(tp)
        for tp in list(self._seen):
            if tp not in offsets:
                del self._seen[tp]
        self.partitions = sorted(stalled_parts)
        self._since = min((self._seen[tp].since for tp in stalled_parts), default=None)
        stages = {self.stages.get(topic) for topic, _ in stalled_parts}
        self.stalled = {stage: stage in stages for stage in self.stalled}
        return dict(self.stalled)

    @property
    def any_stalled(self) -> bool:
        return any(self.stalled.values())

    def stalled_for(self) -> float:
        """Seconds the longest-stalled partition has waited without progress; 0 if none."""
        return 0.0 if self._since is None else self._clock() - self._since
