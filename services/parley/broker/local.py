"""A real Apache Kafka broker (KRaft, combined broker+controller) on 127.0.0.1.

The jars come from Maven Central through ``deploy/kafka/pom.xml`` and are cached
under ``$PARLEY_HOME/kafka-<version>/libs``; each broker keeps its state in
``$PARLEY_HOME/broker-<port>/``.  Brokers run as detached JVMs so they outlive the
``parley broker start`` that launched them, and are found again through pid files.

A cluster may be *secured* (``SecuredConfig``): its client listeners then speak
SASL_SSL with SCRAM users created when storage is formatted, while the brokers
talk to each other, and ``status`` probes them, over a PLAINTEXT listener bound to
loopback only.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
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
    "SecuredConfig",
    "broker_dir",
    "cluster_security",
    "configured_nodes",
    "default_home",
    "ensure_jars",
    "find_java",
    "format_command",
    "java_command",
    "plan_cluster",
    "render_properties",
    "scram_argument",
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

SCRAM_MECHANISMS: dict[str, str] = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}
# Kafka's own default and minimum for SCRAM; clients redo this work on every login.
SCRAM_ITERATIONS = 4096
# `--add-scram` splits its argument on ',' and '=' with no escaping, so names stay plain.
_SCRAM_NAME = re.compile(r"[A-Za-z0-9._@-]{1,128}")

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
    security_protocol: str = "PLAINTEXT"

    @property
    def pid(self) -> int | None:
        return self.pids[0] if self.pids else None


@dataclass(frozen=True)
class SecuredConfig:
    """A SASL_SSL client listener: TLS from a PEM keystore, SCRAM users.

    ``keystore`` is one PEM file holding the broker's unencrypted PKCS#8 private key
    followed by its certificate chain (``parley.broker.tls.generate_tls`` makes
    one).  ``users`` maps SCRAM user names to passwords; they are written into the
    cluster metadata when storage is first formatted, so they only count on the
    first start of a cluster, and are never stored or printed by Parley.
    """

    keystore: Path
    users: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    mechanism: str = "SCRAM-SHA-512"

    def __post_init__(self) -> None:
        if self.mechanism not in SCRAM_MECHANISMS:
            raise BrokerError(
                f"unsupported SASL mechanism {self.mechanism!r}: use one of "
                + ", ".join(SCRAM_MECHANISMS)
            )
        for name, password in self.users.items():
            if not _SCRAM_NAME.fullmatch(name):
                raise BrokerError(f"SCRAM user name {name!r} must be 1-128 letters, digits or ._@-")
            if not password:
                raise BrokerError(f"SCRAM user {name!r} needs a non-empty password")


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
    # The loopback PLAINTEXT listener between brokers of a secured cluster; None
    # when the client listener itself is PLAINTEXT and serves the brokers too.
    internal_port: int | None = None

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
    # Saved without its users: they live only in the formatted metadata log.
    secured: SecuredConfig | None = None

    @property
    def bootstrap(self) -> str:
        """The client listeners: what Parley and other clients connect to."""
        return ",".join(f"127.0.0.1:{n.port}" for n in self.nodes)

    @property
    def probe_bootstrap(self) -> str:
        """Listeners that answer without credentials, for readiness checks."""
        return ",".join(f"127.0.0.1:{n.internal_port or n.port}" for n in self.nodes)

    @property
    def security_protocol(self) -> str:
        return "PLAINTEXT" if self.secured is None else "SASL_SSL"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "port": self.port,
            "cluster_id": self.cluster_id,
            "kafka_version": self.kafka_version,
            "nodes": [
                {
                    "node_id": n.node_id,
                    "port": n.port,
                    "controller_port": n.controller_port,
                    "directory_id": n.directory_id,
                    **({} if n.internal_port is None else {"internal_port": n.internal_port}),
                }
                for n in self.nodes
            ],
        }
        if self.secured is not None:
            data["secured"] = {
                "keystore": str(self.secured.keystore),
                "mechanism": self.secured.mechanism,
            }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], base: Path) -> ClusterLayout:
        size = len(data["nodes"])
        secured = data.get("secured")
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
                    internal_port=(
                        int(n["internal_port"]) if n.get("internal_port") is not None else None
                    ),
                )
                for n in data["nodes"]
            ),
            secured=(
                None
                if secured is None
                else SecuredConfig(
                    keystore=Path(secured["keystore"]), mechanism=str(secured["mechanism"])
                )
            ),
        )


def _node_dir(base: Path, node_id: int, size: int) -> Path:
    # Not stored in the manifest, so that a moved $PARLEY_HOME keeps working.
    return base if size == 1 else base / f"node-{node_id}"


def configured_nodes(home: Path, port: int = DEFAULT_PORT) -> int | None:
    """How many nodes the cluster on ``port`` was set up with; None if never started."""
    cluster = _load_cluster(broker_dir(Path(home).expanduser().resolve(), port))
    return None if cluster is None else len(cluster.nodes)


def cluster_security(home: Path, port: int = DEFAULT_PORT) -> str | None:
    """The client listeners' protocol of the cluster on ``port``; None if never started."""
    cluster = _load_cluster(broker_dir(Path(home).expanduser().resolve(), port))
    return None if cluster is None else cluster.security_protocol


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


def plan_cluster(
    base: Path, port: int, nodes: int, version: str, *, secured: SecuredConfig | None = None
) -> ClusterLayout:
    """Choose ports and ids for a new cluster; fixed for its lifetime once formatted.

    A secured cluster's nodes get a third port, for the brokers' own PLAINTEXT
    listener, next after the controller's.
    """
    planned: list[NodeLayout] = []
    used: set[int] = set()
    for index in range(nodes):
        node_port = port + index * NODE_PORT_STRIDE
        used.add(node_port)
        # A taken neighbour port is not worth failing over: the controller and
        # internal listeners are not what clients are told, so any free port does.
        controller_port = _neighbour_port(node_port + 1, used)
        internal_port = None if secured is None else _neighbour_port(node_port + 2, used)
        planned.append(
            NodeLayout(
                node_id=index + 1,
                port=node_port,
                controller_port=controller_port,
                directory=_node_dir(base, index + 1, nodes),
                directory_id=_kafka_uuid(),
                internal_port=internal_port,
            )
        )
    return ClusterLayout(
        port=port,
        cluster_id=_kafka_uuid(),
        kafka_version=version,
        nodes=tuple(planned),
        secured=None if secured is None else _stored(secured),
    )


def _neighbour_port(wanted: int, used: set[int]) -> int:
    """``wanted`` if it is free and not yet planned, else any free port; marks it used."""
    port = wanted if wanted not in used and _port_free(wanted) else _any_free_port(used)
    used.add(port)
    return port


def _stored(secured: SecuredConfig) -> SecuredConfig:
    """What the manifest keeps of ``secured``: no users, an absolute keystore path."""
    return SecuredConfig(
        keystore=Path(secured.keystore).expanduser().resolve(), mechanism=secured.mechanism
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
        **_listener_properties(cluster, node),
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


def _listener_properties(cluster: ClusterLayout, node: NodeLayout) -> dict[str, str]:
    controller = f"CONTROLLER://127.0.0.1:{node.controller_port}"
    secured = cluster.secured
    if secured is None or node.internal_port is None:
        listeners = f"PLAINTEXT://127.0.0.1:{node.port},{controller}"
        return {
            "listeners": listeners,
            "advertised.listeners": listeners,
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        }
    # Settings prefixed with the listener's name apply to it alone, so nothing
    # about TLS or SASL leaks onto the internal and controller listeners.
    prefix = "listener.name.sasl_ssl."
    listeners = (
        f"SASL_SSL://127.0.0.1:{node.port},INTERNAL://127.0.0.1:{node.internal_port},{controller}"
    )
    return {
        "listeners": listeners,
        "advertised.listeners": listeners,
        "controller.listener.names": "CONTROLLER",
        # Brokers replicate over loopback PLAINTEXT: a local test cluster gains
        # nothing from encrypting traffic that never leaves the machine, and the
        # readiness probe needs no credentials there.
        "inter.broker.listener.name": "INTERNAL",
        "listener.security.protocol.map": (
            "SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"
        ),
        f"{prefix}sasl.enabled.mechanisms": secured.mechanism,
        # The server side of SCRAM reads its users from the cluster metadata; the
        # login module needs no options.
        f"{prefix}{secured.mechanism.lower()}.sasl.jaas.config": (
            "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        ),
        f"{prefix}ssl.keystore.type": "PEM",
        f"{prefix}ssl.keystore.location": str(secured.keystore),
        f"{prefix}ssl.client.auth": "none",
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


def scram_argument(
    mechanism: str,
    name: str,
    password: str,
    *,
    iterations: int = SCRAM_ITERATIONS,
    salt: bytes | None = None,
) -> str:
    """A ``--add-scram`` value for ``StorageTool format`` creating one SCRAM user.

    It carries the salted password (RFC 5802 ``Hi``, which is PBKDF2-HMAC) rather
    than the password, so the password itself never appears on a command line
    that ``ps`` shows, and may hold characters the tool's parser would split on.
    """
    digest = SCRAM_MECHANISMS.get(mechanism)
    if digest is None:
        raise BrokerError(f"unsupported SASL mechanism {mechanism!r}")
    if not _SCRAM_NAME.fullmatch(name):
        raise BrokerError(f"SCRAM user name {name!r} must be 1-128 letters, digits or ._@-")
    salt = secrets.token_bytes(32) if salt is None else salt
    # Kafka hashes the password's UTF-8 bytes as they are, without SASLprep.
    salted = hashlib.pbkdf2_hmac(digest, password.encode("utf-8"), salt, iterations)
    b64 = base64.b64encode
    return (
        f"{mechanism}=[name={name},iterations={iterations},"
        f'salt="{b64(salt).decode()}",saltedpassword="{b64(salted).decode()}"]'
    )


def format_command(
    java: Path,
    libs: Path,
    cluster: ClusterLayout,
    node: NodeLayout,
    *,
    scram: tuple[str, ...] = (),
) -> list[str]:
    """The ``StorageTool format`` invocation preparing ``node``'s data directory.

    ``scram`` holds ``scram_argument`` values: users written into the initial
    metadata, which is how a KRaft cluster gets SCRAM users before any client
    can log in to create them.
    """
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
    for argument in scram:
        base += ["--add-scram", argument]
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
    secured: SecuredConfig | None = None,
) -> str:
    """Start (or find running) the local broker on ``port``; return its bootstrap string.

    Idempotent: if the cluster is already running and answering this returns at
    once.  Otherwise it fetches jars if needed, writes the configuration,
    formats storage on first use, launches one detached JVM per node and waits
    until every node is registered and unfenced, or raises BrokerError.

    With ``secured`` a new cluster gets SASL_SSL client listeners (see
    ``SecuredConfig``); a cluster first started secured stays secured on every
    later start, with or without it.
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
    if existing is not None and secured is not None and existing.secured is None:
        raise BrokerError(
            f"{base} holds a PLAINTEXT cluster, which cannot become a secured one: "
            f"use another --port, or stop it and remove {base}"
        )
    if (
        existing is not None
        and all(_live_pid(n) for n in existing.nodes)
        and _cluster_ready(_probe(existing.probe_bootstrap), existing)
    ):
        if secured is not None and existing.secured != _stored(secured):
            raise BrokerError(
                f"the cluster on {existing.bootstrap} runs with another keystore; "
                "stop it first to change its certificate"
            )
        return existing.bootstrap

    java = find_java()
    libs = ensure_jars(home, progress=progress)
    base.mkdir(parents=True, exist_ok=True)
    with _locked(base / ".lock"):
        cluster = _load_cluster(base)
        if cluster is None:
            cluster = plan_cluster(base, port, nodes, _kafka_version(), secured=secured)
            _save_cluster(base, cluster)
        elif secured is not None and cluster.secured != _stored(secured):
            # A new certificate for a stopped cluster: the properties written
            # below pick it up.
            cluster = replace(cluster, secured=_stored(secured))
            _save_cluster(base, cluster)
        if cluster.secured is not None and not cluster.secured.keystore.is_file():
            raise BrokerError(f"keystore {cluster.secured.keystore} of {base} not found")
        # Computed once so that every node formats with the same salts.
        scram = (
            tuple(scram_argument(secured.mechanism, n, p) for n, p in secured.users.items())
            if secured is not None
            else ()
        )
        launched: list[NodeLayout] = []
        for node in cluster.nodes:
            node.directory.mkdir(parents=True, exist_ok=True)
            if _live_pid(node) is not None:
                continue
            for needed in (node.port, node.controller_port, node.internal_port):
                if needed is not None and not _port_free(needed):
                    raise BrokerError(
                        f"port {needed} on 127.0.0.1 is taken by a process that is not this "
                        f"broker (node {node.node_id} in {node.directory}); stop it or use "
                        "another --port"
                    )
            node.props.write_text(render_properties(server_properties(cluster, node)))
            if not (node.data_dir / "meta.properties").is_file():
                _format(java, libs, cluster, node, scram)
            elif scram and progress:
                progress(
                    f"node {node.node_id} was formatted before: its SCRAM users are the ones "
                    "given on its first start"
                )
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
            progress(
                f"waiting for {cluster.security_protocol} {cluster.bootstrap} "
                f"(logs: {cluster.nodes[0].log_path})"
            )
        try:
            _wait_ready(cluster, t0 + timeout)
        except BrokerError:
            # Leave nothing half-started behind: the next start begins cleanly.
            _terminate(launched)
            raise
    return cluster.bootstrap


def _save_cluster(base: Path, cluster: ClusterLayout) -> None:
    _manifest_path(base).write_text(json.dumps(cluster.to_json(), indent=2) + "\n")


def _format(
    java: Path,
    libs: Path,
    cluster: ClusterLayout,
    node: NodeLayout,
    scram: tuple[str, ...] = (),
) -> None:
    cmd = format_command(java, libs, cluster, node, scram=scram)
    cmd[1:1] = _log_opts(node)
    try:
        proc = subprocess.run(
            cmd, cwd=node.directory, capture_output=True, text=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BrokerError("formatting broker storage timed out", retriable=True) from exc
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        # The tool may echo a bad argument; a salted password stands in for the
        # password itself, so it must not reach an exception message.
        for argument in scram:
            output = output.replace(argument, "[--add-scram value withheld]")
        raise BrokerError(
            f"formatting {node.data_dir} failed (exit {proc.returncode}):\n"
            + _tail_text(output, 20)
        )


def _wait_ready(cluster: ClusterLayout, deadline: float) -> None:
    while True:
        for node in cluster.nodes:
            if _live_pid(node) is None:
                raise BrokerError(
                    f"broker node {node.node_id} exited during start-up\n{_diagnostics(node)}"
                )
        if _cluster_ready(_probe(cluster.probe_bootstrap), cluster):
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
        _probe(cluster.probe_bootstrap), cluster
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
        security_protocol=cluster.security_protocol,
    )
