"""A real Apache Kafka broker (KRaft, combined broker+controller) on 127.0.0.1.

The jars come from Maven Central through ``deploy/kafka/pom.xml`` and are cached
under ``$PARLEY_HOME/kafka-<version>/libs``; each broker keeps its state in
``$PARLEY_HOME/broker-<port>/``.  Brokers run as detached JVMs so they outlive the
``parley broker start`` that launched them, and are found again through pid files.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_PORT",
    "KAFKA_VERSION",
    "BrokerError",
    "BrokerStatus",
    "ClusterLayout",
    "NodeLayout",
    "NodeStatus",
    "broker_dir",
    "configured_nodes",
    "default_home",
    "ensure_jars",
    "find_java",
    "format_command",
    "java_command",
    "plan_cluster",
    "render_properties",
    "server_properties",
    "start",
    "status",
    "stop",
]

KAFKA_VERSION = "4.1.1"
DEFAULT_PORT = 9092
MIN_JAVA = 17  # Kafka 4.x brokers refuse to run on anything older.

# Nodes of a multi-node cluster sit this far apart, each with its controller
# listener on the next port, so `--port 19092 --nodes 3` uses 19092..19093,
# 19102..19103 and 19112..19113.
NODE_PORT_STRIDE = 10

# The heap stays small so that a 3-node cluster plus the service under test fit
# on a 2-core dev/CI machine.  Measured there, start-up took the same ~3 s with
# G1 and SerialGC; SerialGC is kept because it runs no concurrent GC threads to
# compete with the broker and the service for two cores.  -XX:TieredStopAtLevel=1
# starts ~0.8 s faster but lowers the broker's peak throughput, which the
# benchmarks need, so it is left to PARLEY_BROKER_JAVA_OPTS.  A dynamic CDS archive
# gained nothing measurable.
JVM_OPTS: tuple[str, ...] = (
    "-Xms256m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-Djava.awt.headless=true",
)

_STOP_GRACE = 30.0
_PROBE_TIMEOUT = 3.0
_Progress = Callable[[str], None]


class BrokerError(Exception):
    """Starting, stopping or fetching a local broker failed.

    ``retriable`` is true when the same call may succeed later unchanged (a
    network hiccup while fetching jars, a broker slow to come up), and false
    when something must be fixed first (Java missing, port taken).
    """

    def __init__(self, message: str, *, retriable: bool = False) -> None:
        super().__init__(message)
        self.retriable = retriable


@dataclass(frozen=True)
class NodeStatus:
    """One broker+controller process of a local cluster."""

    node_id: int
    port: int
    controller_port: int
    directory: Path
    pid: int | None
    alive: bool

    @property
    def log_path(self) -> Path:
        return self.directory / "broker.log"


@dataclass(frozen=True)
class BrokerStatus:
    """What ``status`` found for the broker (or cluster) registered on a port."""

    running: bool
    pids: tuple[int, ...]
    bootstrap: str
    log_path: Path
    state_dir: Path
    nodes: tuple[NodeStatus, ...] = field(default=())
    answering: bool = False
    cluster_id: str | None = None

    @property
    def pid(self) -> int | None:
        return self.pids[0] if self.pids else None


# --------------------------------------------------------------------------- paths


def default_home() -> Path:
    """``$PARLEY_HOME`` if set, else ``~/.cache/parley``."""
    env = os.environ.get("PARLEY_HOME")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "parley"


def broker_dir(home: Path, port: int = DEFAULT_PORT) -> Path:
    """The directory holding all state of the broker (or cluster) on ``port``."""
    return Path(home) / f"broker-{port}"


def _deploy_dir() -> Path:
    env = os.environ.get("PARLEY_KAFKA_DEPLOY_DIR")
    if env:
        return Path(env)
    # services/parley/broker/local.py -> repository root; the Maven project and
    # logging config live in the repo, not in the Python package.
    return Path(__file__).resolve().parents[3] / "deploy" / "kafka"


def _deploy_file(name: str) -> Path:
    path = _deploy_dir() / name
    if not path.is_file():
        raise BrokerError(
            f"{path} not found: run parley from a checkout of the repository "
            "or set PARLEY_KAFKA_DEPLOY_DIR to its deploy/kafka directory"
        )
    return path


def _kafka_version() -> str:
    return os.environ.get("PARLEY_KAFKA_VERSION", KAFKA_VERSION)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise parley processes working on the same cache or broker directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- tools


def find_java() -> Path:
    """The ``java`` to run Kafka with: ``$JAVA_HOME/bin/java`` or the one on PATH.

    Raises BrokerError if there is none or it is older than Java 17.
    """
    hint = (
        f"install openjdk-{MIN_JAVA}-jre-headless (apt) or another Java {MIN_JAVA}+ "
        "and put it on PATH, or set JAVA_HOME"
    )
    java_home = os.environ.get("JAVA_HOME")
    candidate: str | None = None
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        candidate = str(Path(java_home) / "bin" / "java")
    else:
        candidate = shutil.which("java")
    if candidate is None:
        raise BrokerError(f"Java {MIN_JAVA}+ not found: {hint}")
    try:
        proc = subprocess.run(
            [candidate, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BrokerError(f"cannot run {candidate}: {exc}; {hint}") from exc
    major = _java_major(proc.stderr + proc.stdout)
    if major is None:
        raise BrokerError(f"cannot tell the version of {candidate}; {hint}")
    if major < MIN_JAVA:
        raise BrokerError(f"{candidate} is Java {major}, Kafka needs Java {MIN_JAVA}+: {hint}")
    return Path(candidate)


def _java_major(version_output: str) -> int | None:
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if match is None:
        return None
    first = int(match.group(1))
    # Java 8 and older report themselves as "1.8.0_x".
    if first == 1 and match.group(2) is not None:
        return int(match.group(2))
    return first


def _find_maven() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerError(
            "Maven not found, and it is needed once to fetch the Kafka jars from Maven "
            "Central: install maven (apt) or put mvn on PATH"
        )
    return mvn


# --------------------------------------------------------------------------- jars

_MARKER = ".parley-complete.json"


def _libs_complete(libs: Path, pom_digest: str | None) -> bool:
    try:
        marker = json.loads((libs / _MARKER).read_text())
    except (OSError, ValueError):
        return False
    if pom_digest is not None and marker.get("pom_sha256") != pom_digest:
        return False
    jars = marker.get("jars")
    return isinstance(jars, list) and bool(jars) and all((libs / j).is_file() for j in jars)


def ensure_jars(
    home: Path, *, version: str | None = None, progress: _Progress | None = None
) -> Path:
    """Return the directory of Kafka's jars, fetching them with Maven if needed.

    The download is skipped when a marker written after the last successful
    fetch is present and was made from the current pom.
    """
    version = version or _kafka_version()
    base = Path(home) / f"kafka-{version}"
    libs = base / "libs"
    pom = _deploy_dir() / "pom.xml"
    digest = hashlib.sha256(pom.read_bytes()).hexdigest() if pom.is_file() else None
    if _libs_complete(libs, digest):
        return libs
    pom = _deploy_file("pom.xml")
    with _locked(base.with_name(base.name + ".lock")):
        # Another process may have finished the fetch while we waited for the lock.
        if _libs_complete(libs, digest):
            return libs
        mvn = _find_maven()
        if progress:
            progress(f"fetching Kafka {version} jars from Maven Central into {libs}")
        base.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="libs.", dir=base))
        try:
            cmd = [
                mvn,
                "-B",
                "-q",
                "-Dstyle.color=never",
                "-f",
                str(pom),
                f"-Dkafka.version={version}",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={staging}",
            ]
            try:
                proc = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=1800, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise BrokerError(
                    "Maven took over 30 minutes fetching the Kafka jars", retriable=True
                ) from exc
            if proc.returncode != 0:
                tail = _tail_text(proc.stdout + proc.stderr, 30)
                raise BrokerError(
                    f"Maven failed fetching Kafka {version} (exit {proc.returncode}):\n{tail}",
                    retriable=True,
                )
            jars = sorted(p.name for p in staging.glob("*.jar"))
            if not any(j.startswith(f"kafka_2.13-{version}") for j in jars):
                raise BrokerError(f"Maven succeeded but fetched no kafka_2.13-{version} jar")
            (staging / _MARKER).write_text(
                json.dumps({"kafka_version": version, "pom_sha256": digest, "jars": jars})
            )
            # Swap in whole so a broker never sees a half-filled classpath.
            if libs.exists():
                old = base / f"libs.old-{os.getpid()}"
                libs.rename(old)
                shutil.rmtree(old, ignore_errors=True)
            # mkdtemp made it private; the jars are no secret and other users may run brokers.
            staging.chmod(0o755)
            staging.rename(libs)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return libs


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class NodeLayout:
    """Where one node of a local cluster keeps its files, and its ports and ids."""

    node_id: int
    port: int
    controller_port: int
    directory: Path
    directory_id: str

    @property
    def props(self) -> Path:
        return self.directory / "server.properties"

    @property
    def pid_file(self) -> Path:
        return self.directory / "broker.pid"

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def out_path(self) -> Path:
        return self.directory / "broker.out"

    @property
    def log_path(self) -> Path:
        return self.directory / "broker.log"


@dataclass(frozen=True)
class ClusterLayout:
    """The fixed shape of a local cluster, saved as ``broker-<port>/cluster.json``."""

    port: int
    cluster_id: str
    kafka_version: str
    nodes: tuple[NodeLayout, ...]

    @property
    def bootstrap(self) -> str:
        return ",".join(f"127.0.0.1:{n.port}" for n in self.nodes)

    def to_json(self) -> dict[str, Any]:
        return {
            "port": self.port,
            "cluster_id": self.cluster_id,
            "kafka_version": self.kafka_version,
            "nodes": [
                {
                    "node_id": n.node_id,
                    "port": n.port,
                    "controller_port": n.controller_port,
                    "directory_id": n.directory_id,
                }
                for n in self.nodes
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], base: Path) -> ClusterLayout:
        size = len(data["nodes"])
        return cls(
            port=int(data["port"]),
            cluster_id=str(data["cluster_id"]),
            kafka_version=str(data["kafka_version"]),
            nodes=tuple(
                NodeLayout(
                    node_id=int(n["node_id"]),
                    port=int(n["port"]),
                    controller_port=int(n["controller_port"]),
                    directory=_node_dir(base, int(n["node_id"]), size),
                    directory_id=str(n["directory_id"]),
                )
                for n in data["nodes"]
            ),
        )


def _node_dir(base: Path, node_id: int, size: int) -> Path:
    # Not stored in the manifest, so that a moved $PARLEY_HOME keeps working.
    return base if size == 1 else base / f"node-{node_id}"


def configured_nodes(home: Path, port: int = DEFAULT_PORT) -> int | None:
    """How many nodes the cluster on ``port`` was set up with; None if never started."""
    cluster = _load_cluster(broker_dir(Path(home).expanduser().resolve(), port))
    return None if cluster is None else len(cluster.nodes)


def _manifest_path(base: Path) -> Path:
    return base / "cluster.json"


def _load_cluster(base: Path) -> ClusterLayout | None:
    try:
        return ClusterLayout.from_json(json.loads(_manifest_path(base).read_text()), base)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BrokerError(
            f"{_manifest_path(base)} is unreadable ({exc}); remove {base} to start afresh"
        ) from exc


def _kafka_uuid() -> str:
    """A random id in Kafka's Uuid text form (URL-safe base64, no padding)."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        # Kafka rejects ids starting with '-' (they read as command-line flags).
        if not text.startswith("-"):
            return text


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port(avoid: set[int]) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port not in avoid:
            return port


def plan_cluster(base: Path, port: int, nodes: int, version: str) -> ClusterLayout:
    """Choose ports and ids for a new cluster; fixed for its lifetime once formatted."""
    planned: list[NodeLayout] = []
    used: set[int] = set()
    for index in range(nodes):
        node_port = port + index * NODE_PORT_STRIDE
        controller_port = node_port + 1
        # A taken neighbour port is not worth failing over: the controller
        # listener is internal, so any free port does.
        if controller_port in used or not _port_free(controller_port):
            controller_port = _any_free_port(used | {node_port})
        used.update({node_port, controller_port})
        planned.append(
            NodeLayout(
                node_id=index + 1,
                port=node_port,
                controller_port=controller_port,
                directory=_node_dir(base, index + 1, nodes),
                directory_id=_kafka_uuid(),
            )
        )
    return ClusterLayout(
        port=port, cluster_id=_kafka_uuid(), kafka_version=version, nodes=tuple(planned)
    )


def server_properties(cluster: ClusterLayout, node: NodeLayout) -> dict[str, str]:
    """The broker configuration for one node of ``cluster``, as key/value pairs."""
    size = len(cluster.nodes)
    replication = str(min(3, size))
    voters = ",".join(f"127.0.0.1:{n.controller_port}" for n in cluster.nodes)
    return {
        "process.roles": "broker,controller",
        "node.id": str(node.node_id),
        # Kafka 4.x dynamic quorum: nodes find the controllers through this list,
        # and the voter set itself was written into the log by `format`.
        "controller.quorum.bootstrap.servers": voters,
        "listeners": (
            f"PLAINTEXT://127.0.0.1:{node.port},CONTROLLER://127.0.0.1:{node.controller_port}"
        ),
        "advertised.listeners": (
            f"PLAINTEXT://127.0.0.1:{node.port},CONTROLLER://127.0.0.1:{node.controller_port}"
        ),
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(node.data_dir),
        "num.partitions": "1",
        "auto.create.topics.enable": "true",
        # Internal topics default to 3 replicas and would never be created on
        # a single node; a 3-node cluster keeps the production-like defaults.
        "offsets.topic.replication.factor": replication,
        "transaction.state.log.replication.factor": replication,
        "transaction.state.log.min.isr": "2" if size >= 3 else "1",
        "share.coordinator.state.topic.replication.factor": replication,
        "share.coordinator.state.topic.min.isr": "2" if size >= 3 else "1",
        "default.replication.factor": replication,
        # Consumers in tests join one at a time; waiting 3 s for more members
        # would only slow every first poll.
        "group.initial.rebalance.delay.ms": "0",
    }


def render_properties(props: dict[str, str]) -> str:
    """Java properties text; values here never hold characters needing escapes."""
    lines = ["# Written by `parley broker start`; rewritten on every start."]
    lines += [f"{key}={value}" for key, value in props.items()]
    return "\n".join(lines) + "\n"


def java_command(
    java: Path, libs: Path, main_class: str, *args: str, jvm_opts: tuple[str, ...] = ()
) -> list[str]:
    """The command line running ``main_class`` from Kafka's jars with our JVM options."""
    # Last so that they win: the JVM takes the last of repeated -X options.
    extra = tuple(os.environ.get("PARLEY_BROKER_JAVA_OPTS", "").split())
    return [str(java), *JVM_OPTS, *jvm_opts, *extra, "-cp", f"{libs}/*", main_class, *args]


def format_command(java: Path, libs: Path, cluster: ClusterLayout, node: NodeLayout) -> list[str]:
    """The ``StorageTool format`` invocation preparing ``node``'s data directory."""
    base = java_command(
        java,
        libs,
        "kafka.tools.StorageTool",
        "format",
        "-t",
        cluster.cluster_id,
        "-c",
        str(node.props),
    )
    if len(cluster.nodes) == 1:
        return [*base, "--standalone"]
    controllers = ",".join(
        f"{n.node_id}@127.0.0.1:{n.controller_port}:{n.directory_id}" for n in cluster.nodes
    )
    return [*base, "--initial-controllers", controllers]


def _log_opts(node: NodeLayout) -> list[str]:
    return [
        f"-Dkafka.logs.dir={node.directory}",
        f"-Dlog4j2.configurationFile={_deploy_file('log4j2.properties')}",
    ]


# --------------------------------------------------------------------------- processes


def _read_pid(node: NodeLayout) -> int | None:
    try:
        return int(node.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _is_our_broker(pid: int, node: NodeLayout) -> bool:
    """True if ``pid`` is alive and is the JVM running ``node`` (not a reused pid)."""
    proc = Path("/proc") / str(pid)
    try:
        stat = (proc / "stat").read_text()
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    # A zombie has exited but not been reaped yet: it will never answer again.
    if stat.rsplit(")", 1)[-1].split()[0] in {"Z", "X"}:
        return False
    return b"kafka.Kafka" in cmdline and str(node.props).encode() in cmdline


def _live_pid(node: NodeLayout) -> int | None:
    pid = _read_pid(node)
    return pid if pid is not None and _is_our_broker(pid, node) else None


def _spawn_detached(cmd: list[str], cwd: Path, out_path: Path) -> int:
    """Start ``cmd`` in its own session, not as our child, and return its pid.

    A small shell starts the JVM in the background and exits, so the JVM is
    re-parented to init: it survives the CLI, and a long-lived caller such as a
    test run never holds a zombie or a Popen for it.
    """
    with out_path.open("ab") as out:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        out.write(f"\n=== parley broker start {stamp} ===\n".encode())
    script = '"$@" </dev/null >>"$0" 2>&1 & echo $!'
    proc = subprocess.run(
        ["/bin/sh", "-c", script, str(out_path), *cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        start_new_session=True,
        check=False,
        timeout=30,
    )
    try:
        return int(proc.stdout.strip())
    except ValueError as exc:
        raise BrokerError(f"could not start the broker JVM: {proc.stderr.strip()}") from exc


def _tail_text(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _tail_file(path: Path, lines: int = 20) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64_000))
            return _tail_text(handle.read().decode(errors="replace"), lines)
    except OSError:
        return ""


def _diagnostics(node: NodeLayout) -> str:
    parts = []
    for path in (node.out_path, node.log_path):
        tail = _tail_file(path, 15)
        if tail:
            parts.append(f"--- last lines of {path}:\n{tail}")
    return "\n".join(parts)


# --------------------------------------------------------------------------- probing


def _accepting(bootstrap: str) -> bool:
    """True if every listed listener accepts TCP connections."""
    for address in bootstrap.split(","):
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=1.0):
                pass
        except OSError:
            return False
    return True


def _probe(bootstrap: str, timeout: float = _PROBE_TIMEOUT) -> dict[str, Any] | None:
    """Ask the cluster to describe itself; None if it does not answer (yet)."""
    # kafka-python 3.0 leaks a socket per refused connection (a ResourceWarning
    # that the test suite makes fatal), so only talk Kafka once TCP is up.
    if not _accepting(bootstrap):
        return None
    # Imported here: kafka-python is heavy and most parley commands never probe.
    from kafka import KafkaAdminClient

    wanted = {
        "bootstrap_servers": bootstrap.split(","),
        "client_id": "parley-broker-probe",
        "request_timeout_ms": int(timeout * 1000),
        # kafka-python 3.x and 2.x name their bootstrap time limit differently.
        "bootstrap_timeout_ms": int(timeout * 1000),
        "api_version_auto_timeout_ms": int(timeout * 1000),
        "reconnect_backoff_max_ms": 500,
    }
    known = getattr(KafkaAdminClient, "DEFAULT_CONFIG", wanted)
    config = {key: value for key, value in wanted.items() if key in known}
    admin = None
    try:
        admin = KafkaAdminClient(**config)
        described = admin.describe_cluster()
    except Exception:
        # Any failure here (refused, timed out, not ready, protocol error) means
        # "not answering yet"; the caller decides whether that is fatal.
        return None
    finally:
        if admin is not None:
            with contextlib.suppress(Exception):
                admin.close()
    return described if isinstance(described, dict) else None


def _cluster_ready(described: dict[str, Any] | None, cluster: ClusterLayout) -> bool:
    if described is None:
        return False
    if described.get("cluster_id") not in (None, cluster.cluster_id):
        return False
    brokers = described.get("brokers") or []
    # kafka-python 3.x says broker_id, 2.x's metadata fallback says node_id.
    unfenced: set[int] = set()
    for broker in brokers:
        if not isinstance(broker, dict) or broker.get("is_fenced", False):
            continue
        ident = broker.get("broker_id", broker.get("node_id"))
        if isinstance(ident, int):
            unfenced.add(ident)
    return all(n.node_id in unfenced for n in cluster.nodes)


# --------------------------------------------------------------------------- public API


def start(
    home: Path,
    port: int = DEFAULT_PORT,
    nodes: int = 1,
    timeout: float = 120.0,
    *,
    progress: _Progress | None = None,
) -> str:
    """Start (or find running) the local broker on ``port``; return its bootstrap string.

    Idempotent: if the cluster is already running and answering this returns at
    once.  Otherwise it fetches jars if needed, writes the configuration,
    formats storage on first use, launches one detached JVM per node and waits
    until every node is registered and unfenced, or raises BrokerError.
    """
    if nodes < 1:
        raise BrokerError(f"--nodes must be at least 1, not {nodes}")
    # Absolute, because the pid check matches the config path on the JVM's command line.
    home = Path(home).expanduser().resolve()
    base = broker_dir(home, port)
    existing = _load_cluster(base)
    if existing is not None and len(existing.nodes) != nodes:
        raise BrokerError(
            f"{base} holds a {len(existing.nodes)}-node cluster, not a {nodes}-node one: "
            f"use --nodes {len(existing.nodes)}, another --port, or stop it and remove {base}"
        )
    if (
        existing is not None
        and all(_live_pid(n) for n in existing.nodes)
        and _cluster_ready(_probe(existing.bootstrap), existing)
    ):
        return existing.bootstrap

    java = find_java()
    libs = ensure_jars(home, progress=progress)
    base.mkdir(parents=True, exist_ok=True)
    with _locked(base / ".lock"):
        cluster = _load_cluster(base)
        if cluster is None:
            cluster = plan_cluster(base, port, nodes, _kafka_version())
            _manifest_path(base).write_text(json.dumps(cluster.to_json(), indent=2) + "\n")
        launched: list[NodeLayout] = []
        for node in cluster.nodes:
            node.directory.mkdir(parents=True, exist_ok=True)
            if _live_pid(node) is not None:
                continue
            for needed in (node.port, node.controller_port):
                if not _port_free(needed):
                    raise BrokerError(
                        f"port {needed} on 127.0.0.1 is taken by a process that is not this "
                        f"broker (node {node.node_id} in {node.directory}); stop it or use "
                        "another --port"
                    )
            node.props.write_text(render_properties(server_properties(cluster, node)))
            if not (node.data_dir / "meta.properties").is_file():
                _format(java, libs, cluster, node)
        t0 = time.monotonic()
        for node in cluster.nodes:
            if _live_pid(node) is not None:
                continue
            cmd = java_command(java, libs, "kafka.Kafka", str(node.props))
            cmd[1:1] = _log_opts(node)
            pid = _spawn_detached(cmd, node.directory, node.out_path)
            node.pid_file.write_text(f"{pid}\n")
            launched.append(node)
        if progress:
            progress(f"waiting for {cluster.bootstrap} (logs: {cluster.nodes[0].log_path})")
        try:
            _wait_ready(cluster, t0 + timeout)
        except BrokerError:
            # Leave nothing half-started behind: the next start begins cleanly.
            _terminate(launched)
            raise
    return cluster.bootstrap


def _format(java: Path, libs: Path, cluster: ClusterLayout, node: NodeLayout) -> None:
    cmd = format_command(java, libs, cluster, node)
    cmd[1:1] = _log_opts(node)
    try:
        proc = subprocess.run(
            cmd, cwd=node.directory, capture_output=True, text=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BrokerError("formatting broker storage timed out", retriable=True) from exc
    if proc.returncode != 0:
        raise BrokerError(
            f"formatting {node.data_dir} failed (exit {proc.returncode}):\n"
            + _tail_text(proc.stdout + proc.stderr, 20)
        )


def _wait_ready(cluster: ClusterLayout, deadline: float) -> None:
    while True:
        for node in cluster.nodes:
            if _live_pid(node) is None:
                raise BrokerError(
                    f"broker node {node.node_id} exited during start-up\n{_diagnostics(node)}"
                )
        if _cluster_ready(_probe(cluster.bootstrap), cluster):
            return
        if time.monotonic() >= deadline:
            raise BrokerError(
                f"broker on {cluster.bootstrap} did not answer in time\n"
                + _diagnostics(cluster.nodes[0]),
                retriable=True,
            )
        time.sleep(0.25)


def _terminate(nodes: list[NodeLayout] | tuple[NodeLayout, ...]) -> bool:
    """SIGTERM every live node, wait for clean exits, SIGKILL what is left."""
    pids = {node: pid for node in nodes if (pid := _live_pid(node)) is not None}
    for pid in pids.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_GRACE
    while time.monotonic() < deadline and any(_is_our_broker(p, n) for n, p in pids.items()):
        time.sleep(0.1)
    for node, pid in pids.items():
        if _is_our_broker(pid, node):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    for node, pid in pids.items():
        # SIGKILL is not instant; give the kernel a moment so ports are free
        # when we return.
        for _ in range(50):
            if not _is_our_broker(pid, node):
                break
            time.sleep(0.1)
        node.pid_file.unlink(missing_ok=True)
    for node in nodes:
        if node not in pids:
            node.pid_file.unlink(missing_ok=True)
    return bool(pids)


def stop(home: Path, port: int = DEFAULT_PORT) -> bool:
    """Stop the broker (every node of the cluster) on ``port``.

    Returns True if something was running and has been stopped, False if
    nothing was running.  Data is kept, so a later ``start`` resumes it.
    """
    base = broker_dir(Path(home).expanduser().resolve(), port)
    cluster = _load_cluster(base)
    if cluster is None:
        return False
    with _locked(base / ".lock"):
        return _terminate(cluster.nodes)


def status(home: Path, port: int = DEFAULT_PORT) -> BrokerStatus:
    """Report whether the broker on ``port`` runs and answers, its pids and logs."""
    base = broker_dir(Path(home).expanduser().resolve(), port)
    cluster = _load_cluster(base)
    if cluster is None:
        return BrokerStatus(
            running=False,
            pids=(),
            bootstrap=f"127.0.0.1:{port}",
            log_path=base / "broker.log",
            state_dir=base,
        )
    node_states = []
    for node in cluster.nodes:
        pid = _live_pid(node)
        node_states.append(
            NodeStatus(
                node_id=node.node_id,
                port=node.port,
                controller_port=node.controller_port,
                directory=node.directory,
                pid=pid,
                alive=pid is not None,
            )
        )
    alive = all(n.alive for n in node_states)
    answering = any(n.alive for n in node_states) and _cluster_ready(
        _probe(cluster.bootstrap), cluster
    )
    return BrokerStatus(
        running=alive and answering,
        pids=tuple(n.pid for n in node_states if n.pid is not None),
        bootstrap=cluster.bootstrap,
        log_path=cluster.nodes[0].log_path,
        state_dir=base,
        nodes=tuple(node_states),
        answering=answering,
        cluster_id=cluster.cluster_id,
    )
