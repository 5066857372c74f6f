"""The `parley` console script: one subcommand per user task (see the README).

Exit codes are the same for every command: see `parley.cli.errors`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from parley.cli import broker_cmd, eval_cmd, run_cmds
from parley.cli.errors import EXIT_CLOSED_PIPE, EXIT_INTERRUPTED, CommandError

__all__ = ["build_parser", "main"]


def _version() -> str:
    try:
        return version("parley")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Diplomatic-meeting events from a Kafka stream of news articles.",
        epilog="`parley COMMAND --help` describes each command. Exit codes: 0 done, 1 failed, "
        "2 could not start (files, settings, arguments, credentials), 3 no broker reachable.",
    )
    parser.add_argument("--version", action="version", version=f"parley {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_cmds.register(sub)
    eval_cmd.register(sub)
    broker_cmd.register(sub)
    return parser


def _silence_stdout() -> None:
    # The reader is gone: point stdout at /dev/null so that the interpreter's final
    # flush does not raise a second BrokenPipeError on the way out.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse arguments and run the chosen command."""
    from parley.kafka.failures import BrokerFailure

    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLOSED_PIPE
    except CommandError as exc:
        print(exc.line(), file=sys.stderr)
        return exc.exit_code
    except BrokerFailure as exc:
        print(f"parley: {exc.message}", file=sys.stderr)
        return exc.exit_code
    return code


if __name__ == "__main__":
    sys.exit(main())
