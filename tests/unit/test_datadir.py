"""The worker's data directory: created with its parents, refused in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.stream.datadir import UnusableDataDir, prepare_data_dir


def test_a_missing_directory_is_created_with_its_parents(tmp_path: Path) -> None:
    """A path two levels below nothing that exists yet becomes a directory."""
    where = prepare_data_dir(tmp_path / ".parley" / "worker")
    assert where.is_dir()


def test_a_file_in_the_way_is_reported(tmp_path: Path) -> None:
    """A regular file at the path, or above it, is an UnusableDataDir naming the path."""
    blocker = tmp_path / "state"
    blocker.write_text("")
    with pytest.raises(UnusableDataDir, match="exists and is not a directory"):
        prepare_data_dir(blocker)
    with pytest.raises(UnusableDataDir, match=r"cannot create .*state/worker"):
        prepare_data_dir(blocker / "worker")
