"""Configuration and command-line building for the local Kafka broker; no broker runs."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import socket
import stat
from pathlib import Path

import pytest

from parley.broker import local
from parley.cli import broker_cmd


def _props(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parley")
    broker_cmd.register(parser.add_subparsers(dest="command", required=True))
    return parser


def _fake_java(tmp_path: Path, version_line: str) -> Path:
    java_home = tmp_path / "jdk"
    (java_home / "bin").mkdir(parents=True)
    java = java_home / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return java_home


def test_single_node_properties(tmp_path: Path) -> None:
    """A one-node cluster is a combined broker+controller with replication factors of 1."""
    cluster = local.plan_cluster(tmp_path / "broker-19092", 19092, 1, "4.1.1")
    (node,) = cluster.nodes
    props = _props(local.render_properties(local.server_properties(cluster, node)))

    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["listeners"] == (
        f"PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:{node.controller_port}"
    )
    assert props["advertised.listeners"] == props["listeners"]
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["controller.quorum.bootstrap.servers"] == f"127.0.0.1:{node.controller_port}"
    assert props["log.dirs"] == str(tmp_path / "broker-19092" / "data")
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "num.partitions",
    ):
        assert props[key] == "1", key
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["auto.create.topics.enable"] == "true"
    assert cluster.bootstrap == "127.0.0.1:19092"


def test_three_node_layout(tmp_path: Path) -> None:
    """Three nodes get distinct ids, ports, directories and one shared controller quorum."""
    base = tmp_path / "broker-19300"
    cluster = local.plan_cluster(base, 19300, 3, "4.1.1")

    assert [n.node_id for n in cluster.nodes] == [1, 2, 3]
    assert [n.port for n in cluster.nodes] == [19300, 19310, 19320]
    assert [n.directory for n in cluster.nodes] == [
        base / "node-1",
        base / "node-2",
        base / "node-3",
    ]
    ports = [n.port for n in cluster.nodes] + [n.controller_port for n in cluster.nodes]
    assert len(set(ports)) == 6
    assert len({n.directory_id for n in cluster.nodes}) == 3
    assert cluster.bootstrap == "127.0.0.1:19300,127.0.0.1:19310,127.0.0.1:19320"

    quorum = ",".join(f"127.0.0.1:{n.controller_port}" for n in cluster.nodes)
    for node in cluster.nodes:
        props = local.server_properties(cluster, node)
        assert props["controller.quorum.bootstrap.servers"] == quorum
        assert props["offsets.topic.replication.factor"] == "3"
        assert props["transaction.state.log.min.isr"] == "2"
        assert props["default.replication.factor"] == "3"


def test_layout_survives_json_round_trip(tmp_path: Path) -> None:
    """The saved cluster.json restores the same layout, with directories derived from the base."""
    base = tmp_path / "broker-19300"
    cluster = local.plan_cluster(base, 19300, 3, "4.1.1")
    data = json.loads(json.dumps(cluster.to_json()))
    assert local.ClusterLayout.from_json(data, base) == cluster


def test_taken_controller_port_is_replaced(tmp_path: Path) -> None:
    """When port+1 is busy the controller listener moves to some other free port."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        cluster = local.plan_cluster(tmp_path, busy - 1, 1, "4.1.1")
    assert cluster.nodes[0].controller_port != busy
    assert cluster.nodes[0].controller_port != busy - 1


def test_cluster_ids_are_kafka_uuids(tmp_path: Path) -> None:
    """Cluster and directory ids are 16 bytes in URL-safe base64 that never start with '-'."""
    for _ in range(200):
        cluster = local.plan_cluster(tmp_path, 19092, 1, "4.1.1")
        for text in (cluster.cluster_id, cluster.nodes[0].directory_id):
            assert len(text) == 22
            assert not text.startswith("-")
            assert len(base64.urlsafe_b64decode(text + "==")) == 16


def test_format_command_standalone_and_initial_controllers(tmp_path: Path) -> None:
    """One node formats with --standalone; three nodes name every initial controller."""
    java, libs = Path("/usr/bin/java"), tmp_path / "libs"
    single = local.plan_cluster(tmp_path / "a", 19092, 1, "4.1.1")
    cmd = local.format_command(java, libs, single, single.nodes[0])
    assert cmd[0] == "/usr/bin/java"
    assert cmd[cmd.index("-cp") + 1] == f"{libs}/*"
    tail = cmd[cmd.index("kafka.tools.StorageTool") :]
    assert tail[:2] == ["kafka.tools.StorageTool", "format"]
    assert tail[tail.index("-t") + 1] == single.cluster_id
    assert tail[tail.index("-c") + 1] == str(single.nodes[0].props)
    assert "--standalone" in tail

    triple = local.plan_cluster(tmp_path / "b", 19300, 3, "4.1.1")
    cmd = local.format_command(java, libs, triple, triple.nodes[1])
    assert "--standalone" not in cmd
    voters = cmd[cmd.index("--initial-controllers") + 1].split(",")
    assert voters == [
        f"{n.node_id}@127.0.0.1:{n.controller_port}:{n.directory_id}" for n in triple.nodes
    ]


def test_java_command_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The JVM gets a modest heap, Kafka's jars as a wildcard classpath, and extra options last."""
    monkeypatch.setenv("PARLEY_BROKER_JAVA_OPTS", "-Xmx1g -XX:TieredStopAtLevel=1")
    cmd = local.java_command(Path("/j/bin/java"), tmp_path, "kafka.Kafka", "server.properties")
    assert cmd[0] == "/j/bin/java"
    assert "-Xmx512m" in cmd
    assert "-Xms256m" in cmd
    assert cmd.index("-Xmx1g") > cmd.index("-Xmx512m")
    assert cmd[-4:] == ["-cp", f"{tmp_path}/*", "kafka.Kafka", "server.properties"]


def test_missing_java_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without any java the error says which package to install, and is not retriable."""
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(local.BrokerError, match="openjdk-17-jre-headless") as info:
        local.find_java()
    assert "Java 17+ not found" in str(info.value)
    assert info.value.retriable is False


def test_old_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Java 8 or 11 found through JAVA_HOME is rejected with its version in the message."""
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path, 'openjdk version "1.8.0_412"')))
    with pytest.raises(local.BrokerError, match="Java 8"):
        local.find_java()


def test_recent_java_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Java 21 found through JAVA_HOME is used in preference to the one on PATH."""
    java_home = _fake_java(tmp_path, 'openjdk version "21.0.3" 2024-04-16')
    monkeypatch.setenv("JAVA_HOME", str(java_home))
    assert local.find_java() == java_home / "bin" / "java"


def test_cached_jars_skip_maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A libs directory with a marker from the current pom is used without running Maven."""
    pom = Path(local.__file__).resolve().parents[3] / "deploy" / "kafka" / "pom.xml"
    libs = tmp_path / f"kafka-{local.KAFKA_VERSION}" / "libs"
    libs.mkdir(parents=True)
    jar = f"kafka_2.13-{local.KAFKA_VERSION}.jar"
    (libs / jar).write_bytes(b"")
    marker = {"pom_sha256": hashlib.sha256(pom.read_bytes()).hexdigest(), "jars": [jar]}
    (libs / ".parley-complete.json").write_text(json.dumps(marker))
    monkeypatch.setenv("PATH", "")  # so any attempt to run mvn would fail
    assert local.ensure_jars(tmp_path) == libs


def test_incomplete_jars_without_maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no complete cache and no mvn on PATH the error says to install maven."""
    libs = tmp_path / f"kafka-{local.KAFKA_VERSION}" / "libs"
    libs.mkdir(parents=True)
    (libs / f"kafka_2.13-{local.KAFKA_VERSION}.jar").write_bytes(b"")  # but no marker
    monkeypatch.setenv("PATH", "")
    with pytest.raises(local.BrokerError, match="install maven"):
        local.ensure_jars(tmp_path)


def test_status_and_stop_of_unknown_broker(tmp_path: Path) -> None:
    """A port that never had a broker reports stopped, and stopping it is a no-op."""
    state = local.status(tmp_path, 19555)
    assert state.running is False
    assert state.pids == ()
    assert state.pid is None
    assert state.bootstrap == "127.0.0.1:19555"
    assert state.log_path == tmp_path.resolve() / "broker-19555" / "broker.log"
    assert local.stop(tmp_path, 19555) is False
    assert local.configured_nodes(tmp_path, 19555) is None


def test_stale_pid_file_is_not_running(tmp_path: Path) -> None:
    """A pid file naming some other live process (here pytest itself) is not taken for a broker."""
    base = tmp_path / "broker-19556"
    cluster = local.plan_cluster(base, 19556, 1, "4.1.1")
    base.mkdir()
    (base / "cluster.json").write_text(json.dumps(cluster.to_json()))
    (base / "broker.pid").write_text(f"{os.getpid()}\n")
    assert local.status(tmp_path, 19556).running is False
    assert local.stop(tmp_path, 19556) is False
    assert not (base / "broker.pid").exists()


def test_node_count_mismatch_is_refused(tmp_path: Path) -> None:
    """Starting 3 nodes where a 1-node cluster was set up fails before anything runs."""
    base = tmp_path / "broker-19557"
    base.mkdir()
    cluster = local.plan_cluster(base, 19557, 1, "4.1.1")
    (base / "cluster.json").write_text(json.dumps(cluster.to_json()))
    with pytest.raises(local.BrokerError, match="1-node cluster"):
        local.start(tmp_path, 19557, nodes=3)


def test_cli_parses_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`broker start` takes --port, --nodes and --home, and PARLEY_BROKER_PORT sets the default."""
    monkeypatch.setenv("PARLEY_BROKER_PORT", "19400")
    args = _parser().parse_args(["broker", "start", "--nodes", "3", "--home", str(tmp_path)])
    assert (args.port, args.nodes, args.home) == (19400, 3, str(tmp_path))
    assert callable(args.func)
    for action in ("stop", "status"):
        args = _parser().parse_args(["broker", action, "--port", "19401"])
        assert args.port == 19401
        assert callable(args.func)
    with pytest.raises(SystemExit):
        _parser().parse_args(["broker", "start", "--nodes", "0"])


def test_cli_reports_errors_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A BrokerError becomes a one-line message on stderr and exit code 2."""

    def fail(*_args: object, **_kwargs: object) -> str:
        raise local.BrokerError("Java 17+ not found: install openjdk-17-jre-headless")

    monkeypatch.setattr(local, "start", fail)
    args = _parser().parse_args(["broker", "start", "--home", str(tmp_path), "--port", "19402"])
    assert args.func(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "openjdk-17-jre-headless" in captured.err


def test_cli_status_of_stopped_broker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`broker status` of a never-started port says stopped and exits 1; --json is parseable."""
    args = _parser().parse_args(["broker", "status", "--home", str(tmp_path), "--port", "19403"])
    assert args.func(args) == 1
    assert "stopped" in capsys.readouterr().out
    args = _parser().parse_args(
        ["broker", "status", "--json", "--home", str(tmp_path), "--port", "19403"]
    )
    assert args.func(args) == 1
    assert json.loads(capsys.readouterr().out)["running"] is False
