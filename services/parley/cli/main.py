"""The `parley` console script: one subcommand per user task (see the README)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from parley.cli import broker_cmd, eval_cmd, run_cmds

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="Diplomatic-meeting events from a Kafka stream of news articles.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run_cmds.register(sub)
    eval_cmd.register(sub)
    broker_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse arguments and run the chosen command."""
    from parley.kafka.failures import BrokerFailure

    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokerFailure as exc:
        print(f"parley: {exc.message}", file=sys.stderr)
        return exc.exit_code
    return code


if __name__ == "__main__":
    sys.exit(main())
