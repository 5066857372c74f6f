"""Debian programs that the deploy tests run (dockerd, prometheus, promtool).

Where the tests are meant to run in full (CI=true, or PARLEY_IMAGE_TEST=1 from `make
deploy-test`) and as root, a missing program is installed from Debian's archive, so a
fresh machine needs nothing by hand; elsewhere its test is skipped with the command
that installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

__all__ = ["require_program", "wanted_in_full"]


def wanted_in_full() -> bool:
    """Whether this run should install what it lacks rather than skip."""
    return os.environ.get("CI") == "true" or os.environ.get("PARLEY_IMAGE_TEST") == "1"


def require_program(program: str, package: str) -> str:
    """The path of `program`, installing Debian's `package` first if this run should."""
    found = shutil.which(program)
    if found:
        return found
    if wanted_in_full() and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, f"{' '.join(cmd)}: {done.stderr[-2000:]}"
        found = shutil.which(program)
        assert found, f"{package} installed no {program}"
        return found
    pytest.skip(f"no {program} (apt-get install {package})")
