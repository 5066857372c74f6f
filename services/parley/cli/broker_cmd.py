"""``parley broker start | stop | status``: a local Kafka broker for development and tests."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from parley.broker import local
from parley.settings import SettingsError, load_settings

__all__ = ["register"]


def _default_port() -> int:
    raw = os.environ.get("PARLEY_BROKER_PORT")
    if not raw:
        return local.DEFAULT_PORT
    try:
        return int(raw)
    except ValueError:
        # A bad environment must not break every other parley subcommand at
        # parser-build time; argparse reports it once the broker command runs.
        return -1


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535 - 2 * local.NODE_PORT_STRIDE - 1:
        raise argparse.ArgumentTypeError(f"port out of range: {port}")
    return port


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _home(args: argparse.Namespace) -> Path:
    return Path(args.home) if args.home else local.default_home()


def _port_of(args: argparse.Namespace) -> int:
    port: int = args.port
    if port < 0:
        raise local.BrokerError(
            f"PARLEY_BROKER_PORT={os.environ.get('PARLEY_BROKER_PORT')!r} is not a port number"
        )
    return port


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _fail(exc: local.BrokerError) -> int:
    hint = " (may succeed if retried)" if exc.retriable else ""
    _say(f"parley broker: error{hint}: {exc}")
    return 2


def _secured(home: Path, port: int) -> local.SecuredConfig:
    """The SASL_SSL setup of ``--sasl-ssl``: a CA of its own, the user from the environment.

    The certificate is made once, in the broker's directory, so that clients
    keep trusting the same CA across restarts.  The SCRAM user is the one Parley's
    clients log in as (KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD), so one set of
    variables serves both sides.
    """
    from parley.broker.tls import generate_tls

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise local.BrokerError(str(exc)) from exc
    if not settings.sasl_username or not settings.sasl_password:
        # A new cluster gets its users when it is formatted, i.e. now or never.
        raise local.BrokerError(
            "--sasl-ssl creates the SCRAM user KAFKA_SASL_USERNAME with password "
            "KAFKA_SASL_PASSWORD: set both"
        )
    tls_dir = local.broker_dir(home.expanduser().resolve(), port) / "tls"
    keystore = tls_dir / "broker.keystore.pem"
    if not keystore.is_file():
        keystore = generate_tls(tls_dir).keystore
    return local.SecuredConfig(
        keystore=keystore,
        users={settings.sasl_username: settings.sasl_password},
        mechanism=settings.sasl_mechanism,
    )


def _cmd_start(args: argparse.Namespace) -> int:
    t0 = time.monotonic()
    home = _home(args)
    try:
        port = _port_of(args)
        # Without --nodes, restart whatever shape this port's cluster already has.
        nodes = args.nodes or local.configured_nodes(home, port) or 1
        secured = None
        if args.sasl_ssl:
            current = local.cluster_security(home, port)
            if current == "PLAINTEXT":
                raise local.BrokerError(
                    f"port {port} holds a PLAINTEXT cluster, which cannot become SASL_SSL: "
                    f"use another --port, or stop it and remove {local.broker_dir(home, port)}"
                )
            # An existing secured cluster keeps its certificate and users.
            secured = _secured(home, port) if current is None else None
        bootstrap = local.start(
            home, port=port, nodes=nodes, timeout=args.timeout, progress=_say, secured=secured
        )
        state = local.status(home, port)
    except local.BrokerError as exc:
        return _fail(exc)
    pids = " ".join(str(p) for p in state.pids)
    _say(
        f"broker answering on {bootstrap} after {time.monotonic() - t0:.1f}s "
        f"(pid {pids}); logs: {state.log_path}"
    )
    ca_file = state.state_dir / "tls" / "ca.pem"
    if state.security_protocol != "PLAINTEXT" and ca_file.is_file():
        _say(
            f"clients need KAFKA_SECURITY_PROTOCOL={state.security_protocol} "
            f"KAFKA_SSL_CAFILE={ca_file} and their SCRAM user in "
            "KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD"
        )
    # The bootstrap string alone on stdout, so `BOOTSTRAP=$(parley broker start)` works.
    print(bootstrap, flush=True)
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    t0 = time.monotonic()
    try:
        libs = local.ensure_jars(_home(args), progress=_say)
    except local.BrokerError as exc:
        return _fail(exc)
    print(f"Kafka jars ready in {libs} ({time.monotonic() - t0:.1f}s)")
    return 0


def _cmd_stop(args: argparse.Namespace) -> int:
    t0 = time.monotonic()
    try:
        port = _port_of(args)
        stopped = local.stop(_home(args), port=port)
    except local.BrokerError as exc:
        return _fail(exc)
    if stopped:
        print(f"stopped broker on port {port} in {time.monotonic() - t0:.1f}s")
    else:
        print(f"no broker was running on port {port}")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    try:
        state = local.status(_home(args), port=_port_of(args))
    except local.BrokerError as exc:
        return _fail(exc)
    if args.json:
        print(
            json.dumps(
                {
                    "running": state.running,
                    "answering": state.answering,
                    "bootstrap": state.bootstrap,
                    "pids": list(state.pids),
                    "log_path": str(state.log_path),
                    "state_dir": str(state.state_dir),
                    "cluster_id": state.cluster_id,
                    "security_protocol": state.security_protocol,
                    "nodes": [
                        {
                            "node_id": n.node_id,
                            "port": n.port,
                            "controller_port": n.controller_port,
                            "pid": n.pid,
                            "log_path": str(n.log_path),
                        }
                        for n in state.nodes
                    ],
                }
            )
        )
    elif state.running:
        pids = " ".join(str(p) for p in state.pids)
        secured = "" if state.security_protocol == "PLAINTEXT" else f"  {state.security_protocol}"
        print(f"running   {state.bootstrap}{secured}  pid {pids}")
        print(f"logs      {state.log_path}")
    elif state.pids:
        print(f"unhealthy {state.bootstrap}: processes {list(state.pids)} up, not answering")
        print(f"logs      {state.log_path}")
    else:
        print(f"stopped   {state.bootstrap}")
        if state.log_path.exists():
            print(f"logs      {state.log_path}")
    # Non-zero when not running, so scripts can `parley broker status || ...`.
    return 0 if state.running else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``broker`` command with its ``start``, ``stop`` and ``status`` subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--port",
        type=_port,
        default=_default_port(),
        help="client port of the broker (default: $PARLEY_BROKER_PORT or 9092)",
    )
    common.add_argument(
        "--home",
        default=None,
        help="where jars and broker state live (default: $PARLEY_HOME or ~/.cache/parley)",
    )
    common.add_argument(
        "--nodes",
        type=_positive,
        default=None,
        help=f"start: number of broker+controller nodes, {local.NODE_PORT_STRIDE} ports apart "
        "(default: as first started on this port, else 1); stop and status find every "
        "node by themselves",
    )

    broker = subparsers.add_parser(
        "broker",
        help="run a local Apache Kafka broker (KRaft) on 127.0.0.1",
        description="Run a real single-node (or 3-node) Kafka cluster on 127.0.0.1, "
        "with jars fetched from Maven Central on first use.",
    )
    actions = broker.add_subparsers(dest="broker_command", metavar="{start,stop,status,fetch}")
    actions.required = True

    start = actions.add_parser(
        "start",
        parents=[common],
        help="start the broker, wait until it answers, print its bootstrap address",
    )
    start.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds to wait for the broker to answer (default: 120)",
    )
    start.add_argument(
        "--sasl-ssl",
        action="store_true",
        help="on first start, make the client listener SASL_SSL: a CA and certificate of its "
        "own in the broker directory, SCRAM user KAFKA_SASL_USERNAME with password "
        "KAFKA_SASL_PASSWORD (mechanism KAFKA_SASL_MECHANISM); later starts keep it",
    )
    start.set_defaults(func=_cmd_start)

    stop = actions.add_parser("stop", parents=[common], help="stop the broker, keeping its data")
    stop.set_defaults(func=_cmd_stop)

    status = actions.add_parser(
        "status", parents=[common], help="report whether the broker runs and where it logs"
    )
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(func=_cmd_status)

    fetch = actions.add_parser(
        "fetch", parents=[common], help="fetch the Kafka jars from Maven Central (done once)"
    )
    fetch.set_defaults(func=_cmd_fetch)
