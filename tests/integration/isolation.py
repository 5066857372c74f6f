"""Ports and names of each test's own, so tests never share a topic, group or port."""

from __future__ import annotations

import random
import socket
import uuid
from pathlib import Path

from parley.settings import Settings, load_settings

__all__ = ["broker_home", "free_port", "unique_settings"]


def _ephemeral_floor() -> int:
    """The lowest port the kernel hands out to outgoing connections (Linux), else 32768."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port(span: int = 1) -> int:
    """A free loopback port whose next ``span - 1`` neighbours are free too.

    Chosen below the kernel's ephemeral range: a port found free there can be taken a
    moment later by any client's outgoing connection before the broker binds it.
    """
    ceiling = _ephemeral_floor() - span
    for _ in range(200):
        port = random.randrange(20000, ceiling)
        holders: list[socket.socket] = []
        try:
            for candidate in range(port, port + span):
                holder = socket.socket()
                holders.append(holder)
                holder.bind(("127.0.0.1", candidate))
            return port
        except OSError:
            continue
        finally:
            for holder in holders:
                holder.close()
    raise RuntimeError("no free port range found")


def unique_settings(
    bootstrap: str, data_dir: Path, *, app_prefix: str = "parley-test", **extra: str
) -> Settings:
    """Settings with topics, consumer group, web port and state directory of their own."""
    tag = uuid.uuid4().hex[:8]
    return load_settings(
        {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "PARLEY_INPUT_TOPIC": f"articles-{tag}",
            "PARLEY_OUTPUT_TOPIC": f"meetings-{tag}",
            "PARLEY_DLQ_TOPIC": f"dlq-{tag}",
            "PARLEY_MENTIONS_TOPIC": f"mentions-{tag}",
            "PARLEY_APP_ID": f"{app_prefix}-{tag}",
            "PARLEY_DATA_DIR": str(data_dir),
            "PARLEY_WEB_PORT": str(free_port()),
            "PARLEY_INPUT_PARTITIONS": "2",
            "PARLEY_OUTPUT_PARTITIONS": "2",
            **extra,
        }
    )


def broker_home(directory: Path) -> Path:
    """A PARLEY_HOME for one test's broker state that shares the machine's Kafka jars.

    Broker data then goes away with the test's temporary directory, and the jars are
    fetched once per machine, not once per test.
    """
    from parley.broker import local

    libs = local.ensure_jars(local.default_home())
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / libs.parent.name
    if not link.exists():
        link.symlink_to(libs.parent, target_is_directory=True)
    return directory
