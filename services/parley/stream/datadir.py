"""The worker's data directory (PARLEY_DATA_DIR): created before faust needs it.

faust creates its data directory without parents, so a fresh clone's default
`.parley/worker` failed deep inside its start-up with a traceback. Here the whole
path is created, and a path that cannot hold the worker's state (a file, a
read-only place) is reported in one line before anything starts.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

__all__ = ["UnusableDataDir", "prepare_data_dir"]


class UnusableDataDir(Exception):
    """The data directory cannot be created or written; `str()` says why."""


def prepare_data_dir(path: str | Path) -> Path:
    """Create `path` with its parents and check that files can be written in it."""
    where = Path(path)
    try:
        where.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UnusableDataDir(f"{where} exists and is not a directory") from None
    except OSError as exc:
        raise UnusableDataDir(f"cannot create {where}: {exc.strerror or exc}") from None
    try:
        # A real write: permission bits alone do not tell (root, read-only mounts).
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as exc:
        raise UnusableDataDir(f"cannot write in {where}: {exc.strerror or exc}") from None
    return where
