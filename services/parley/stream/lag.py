"""Consumer lag per partition, from the group's committed offsets and the end offsets.

Burrow, the usual lag exporter, cannot talk to Kafka 4, and faust's own sensors only
know the partitions one worker holds. The broker knows the whole group: asking it with
kafka-python's admin client gives the same numbers on every worker, whichever
partitions it owns, and tells at the same time whether the brokers answer at all,
which is half of what /readyz needs.

`compute_lag` is the arithmetic, `fetch_lag` the three admin requests, and
`LagMonitor` refreshes both in a daemon thread so that a scrape never waits on Kafka.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from parley.settings import Settings
from parley.stream.metrics import Metrics
from parley.stream.progress import StallDetector

__all__ = ["LagMonitor", "Partition", "compute_lag", "fetch_lag", "fetch_positions"]

log = logging.getLogger("parley.lag")

#: (topic, partition)
Partition = tuple[str, int]


def compute_lag(
    end: Mapping[Partition, int],
    committed: Mapping[Partition, int | None],
    earliest: Mapping[Partition, int] | None = None,
) -> dict[Partition, int]:
    """Messages not yet consumed per partition: end offset minus committed offset.

    A partition with no committed offset (Kafka reports -1) is read from its earliest
    retained offset, as the worker's `auto_offset_reset=earliest` would; a committed
    offset below the earliest one (retention deleted the messages) counts from there
    too, because those messages can no longer be consumed.
    """
    lags: dict[Partition, int] = {}
    for tp, end_offset in end.items():
        start = (earliest or {}).get(tp, 0)
        done = committed.get(tp)
        position = start if done is None or done < 0 else max(done, start)
        lags[tp] = max(0, end_offset - position)
    return lags


def fetch_lag(admin: Any, group_id: str, topics: Iterable[str]) -> dict[Partition, int]:
    """The lag of `group_id` on every partition of `topics`, asking the brokers.

    `admin` is a kafka-python `KafkaAdminClient`. Topics that do not exist (yet) are
    left out rather than failing the whole refresh.
    """
    return {tp: end - pos for tp, (pos, end) in fetch_positions(admin, group_id, topics).items()}


def fetch_positions(
    admin: Any, group_id: str, topics: Iterable[str]
) -> dict[Partition, tuple[int, int]]:
    """(where `group_id` resumes, end offset) on every partition of `topics`."""
    from kafka import TopicPartition
    from kafka.admin import OffsetSpec

    described = admin.describe_topics(sorted(set(topics)))
    tps = [
        TopicPartition(t["name"], p["partition_index"])
        for t in described
        if t.get("error_code", 0) == 0
        for p in t["partitions"]
    ]
    if not tps:
        return {}
    committed_raw = admin.list_group_offsets({group_id: tps}).get(group_id, {})
    end_raw = admin.list_partition_offsets(dict.fromkeys(tps, OffsetSpec.LATEST))
    earliest_raw = admin.list_partition_offsets(dict.fromkeys(tps, OffsetSpec.EARLIEST))

    def plain(raw: Mapping[Any, Any]) -> dict[Partition, int]:
        return {(tp.topic, tp.partition): int(v.offset) for tp, v in raw.items()}

    end = plain(end_raw)
    lags = compute_lag(end, plain(committed_raw), plain(earliest_raw))
    return {tp: (end[tp] - lag, end[tp]) for tp, lag in lags.items()}


class LagMonitor:
    """Refreshes `Metrics` lag gauges every `interval` seconds in a daemon thread.

    `reachable` is true while the last successful exchange with the brokers is recent;
    /readyz uses it. The admin client is kept between refreshes and rebuilt after any
    error, so a restarted broker is picked up on the next round.
    """

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        *,
        topics: Iterable[str] | None = None,
        group_id: str | None = None,
        interval: float = 10.0,
        admin_factory: Callable[[], Any] | None = None,
        assigned: Callable[[], Iterable[Partition]] | None = None,
    ) -> None:
        """`assigned` names this worker's partitions, which the stall verdict is about."""
        self.settings = settings
        self.metrics = metrics
        # The worker's group consumes the input topic and the internal candidates
        # topic (named in app.py); table changelogs are read without group commits.
        self.topics = list(topics or [settings.input_topic, f"{settings.app_id}-candidates"])
        self.group_id = group_id or settings.app_id
        self.interval = interval
        self._admin_factory = admin_factory or self._default_admin
        self._admin: Any = None
        self._last_ok: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._was_reachable: bool | None = None
        self._assigned = assigned
        stages = {self.topics[0]: "extract", **dict.fromkeys(self.topics[1:2], "dedup")}
        self.stalls = StallDetector(stages, settings.stall_seconds)
        self._positions: dict[Partition, tuple[int, int]] = {}

    @property
    def reachable(self) -> bool:
        """Whether the brokers answered within the last three refresh intervals."""
        last = self._last_ok
        return last is not None and time.monotonic() - last <= max(3 * self.interval, 15.0)

    def refresh(self) -> bool:
        """One round: ask the brokers, update the gauges; returns whether they answered."""
        try:
            if self._admin is None:
                self._admin = self._admin_factory()
            positions = fetch_positions(self._admin, self.group_id, self.topics)
        except Exception as exc:
            # The monitor must outlive any broker trouble; the worker's own clients
            # report the details, here one line per change of state is enough.
            self._close_admin()
            self.metrics.broker_unreachable()
            if self._was_reachable is not False:
                log.warning("lag refresh failed, brokers not reachable: %s", exc)
            self._was_reachable = False
            # Nothing can move while the brokers are away: the last reading stands, and
            # input that was waiting then is still waiting, so the stall clock runs on.
            self._judge(self._positions)
            return False
        self.metrics.set_lag({tp: end - pos for tp, (pos, end) in positions.items()})
        self._positions = positions
        self._judge(positions)
        self._last_ok = time.monotonic()
        if self._was_reachable is False:
            log.info("brokers reachable again")
        self._was_reachable = True
        return True

    def _judge(self, positions: dict[Partition, tuple[int, int]]) -> None:
        try:
            assigned = None if self._assigned is None else list(self._assigned())
        except Exception:
            # The consumer is being rebuilt (a rebalance); judge every partition this
            # once rather than none.
            assigned = None
        before = self.stalls.any_stalled
        self.metrics.set_stalled(self.stalls.update(positions, assigned))
        if self.stalls.any_stalled and not before:
            log.error(
                "stalled: input waiting and no committed progress for %ss on %s",
                self.stalls.stall_seconds,
                ", ".join(f"{t}/{p}" for t, p in self.stalls.partitions),
            )
        elif before and not self.stalls.any_stalled:
            log.info("progress resumed")

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="parley-lag", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                # Still inside a request; it ends with its own timeout, and closing
                # the client under it would only turn that into a confusing error.
                return
        self._close_admin()

    def _run(self) -> None:
        while not self._stop.is_set():
            ok = self.refresh()
            # While the brokers are away, look again every second: readiness should
            # come back as soon as they do, not one full interval later.
            self._stop.wait(self.interval if ok else min(self.interval, 1.0))

    def _default_admin(self) -> Any:
        from kafka.admin import KafkaAdminClient

        # Short timeouts: a refresh that hangs would only delay the next one, and the
        # readiness verdict must not trail a broker outage by kafka-python's 30 s.
        return KafkaAdminClient(
            client_id=f"{self.settings.app_id}-lag",
            request_timeout_ms=5000,
            bootstrap_timeout_ms=5000,
            # kafka-python backs off exponentially per broker from 50 ms; a new client
            # after each failed refresh would start from there again.
            reconnect_backoff_ms=250,
            reconnect_backoff_max_ms=2000,
            **self.settings.kafka_python_config(),
        )

    def _close_admin(self) -> None:
        admin, self._admin = self._admin, None
        if admin is not None:
            try:
                admin.close()
            except Exception:
                log.debug("closing the lag admin client failed", exc_info=True)
