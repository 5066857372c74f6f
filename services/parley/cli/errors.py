"""What a `parley` command says when it cannot do its job, and the exit code it uses.

One exit-code scheme for every command, so that scripts can tell the cases apart:

    0    done
    1    the job failed: the brokers answered with an error, or the input held
         nothing usable (every line bad), or `feed` stopped at a line it cannot send
    2    it could not start: a file that cannot be opened, malformed settings or
         arguments (argparse's own code), credentials or certificates the brokers refuse
    3    no broker reachable
    130  interrupted (Ctrl-C)
    141  the reader of its output went away (`parley extract | head`), as for any tool
         that a closed pipe stops (128 + SIGPIPE)
"""

from __future__ import annotations

import errno
import os

__all__ = [
    "EXIT_CLOSED_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandError",
    "cannot_open",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_CLOSED_PIPE = 141


class CommandError(Exception):
    """A command stops with `message` (one line, printed after ``parley <command>: ``)."""

    def __init__(self, command: str, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.command = command
        self.message = message
        self.exit_code = exit_code

    def line(self) -> str:
        return f"parley {self.command}: {self.message}"


def cannot_open(command: str, path: str, exc: OSError, *, writing: bool = False) -> CommandError:
    """The failure to open `path` as one line: the file and the system's reason."""
    what = "cannot write" if writing else "cannot read"
    reason = exc.strerror or os.strerror(exc.errno or errno.EIO)
    return CommandError(command, f"{what} {path}: {reason}", EXIT_USAGE)
