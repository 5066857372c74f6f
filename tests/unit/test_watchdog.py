"""The watch on faust's recovery and fetcher loops (stream/watchdog.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from parley.stream.watchdog import LoopWatch, ended_loops


class _Future:
    """A mode service future: its task's own coroutine is kept as __wrapped__."""

    def __init__(self, name: str, *, done: bool = False) -> None:
        self.__wrapped__ = SimpleNamespace(__name__=name)
        self._done = done

    def done(self) -> bool:
        return self._done


def _app(*, recovery: list[_Future], fetcher: list[_Future], **flags: Any) -> Any:
    return SimpleNamespace(
        tables=SimpleNamespace(_recovery=SimpleNamespace(state="running", _futures=recovery)),
        _fetcher=SimpleNamespace(state="running", _futures=fetcher),
        rebalancing=flags.get("rebalancing", False),
        should_stop=flags.get("should_stop", False),
    )


def test_ended_loops_names_a_running_service_whose_loop_is_gone() -> None:
    """Recovery without its _restart_recovery task (only _slurp_changelogs left) and a
    fetcher without its drain task, or crashed, are ended; services not started or
    stopping are not judged."""
    healthy = _app(
        recovery=[_Future("_restart_recovery"), _Future("_slurp_changelogs")],
        fetcher=[_Future("_fetcher")],
    )
    assert ended_loops(healthy) == []
    broken = _app(recovery=[_Future("_slurp_changelogs")], fetcher=[_Future("_fetcher", done=True)])
    assert ended_loops(broken) == ["table recovery", "fetcher"]
    broken._fetcher.state = "init"
    assert ended_loops(broken) == ["table recovery"]
    broken._fetcher.state = "crashed"
    assert ended_loops(broken) == ["table recovery", "fetcher"]
    broken._fetcher.state = "stopping"
    assert ended_loops(broken) == ["table recovery"]


def test_a_loop_must_stay_ended_for_the_grace_period_outside_rebalances() -> None:
    """Late only after `grace` seconds of checks that all found it ended; a check that
    found it running, or for the fetcher one during a rebalance, starts the count again."""
    now = [0.0]
    watch = LoopWatch(15.0, clock=lambda: now[0])
    app = _app(recovery=[_Future("_slurp_changelogs")], fetcher=[_Future("_fetcher")])
    assert watch.late(app) == []
    now[0] = 10
    assert watch.late(app) == []
    now[0] = 16
    assert watch.late(app) == ["table recovery"]
    # With recovery dead the rebalance never ends: it is judged throughout one.
    app.rebalancing = True
    now[0] = 20
    assert watch.late(app) == ["table recovery"]
    app.rebalancing = False
    app.tables._recovery._futures.append(_Future("_restart_recovery"))
    now[0] = 25
    assert watch.late(app) == []
    # A fetcher restarted by faust during a rebalance is not counted until it is over.
    app._fetcher._futures.clear()
    app.rebalancing = True
    now[0] = 45
    assert watch.late(app) == []
    app.rebalancing = False
    now[0] = 50
    assert watch.late(app) == []
    now[0] = 65
    assert watch.late(app) == ["fetcher"]
