# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""scripts/mockcloud start|status|stop, run for real on a free port."""

from __future__ import annotations

import os
import pathlib
import random
import shutil
import socket
import subprocess
import sys

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[3] / "scripts" / "mockcloud"

pytestmark = pytest.mark.skipif(
    not SCRIPT.exists() or shutil.which("bash") is None, reason="needs bash and scripts/mockcloud"
)


def run(command, port):
    env = dict(os.environ, MOCKCLOUD_PORT=str(port), PYTHON=sys.executable, MOCKCLOUD_CLOUDS="none")
    return subprocess.run(
        ["bash", str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def free_port_outside_the_ephemeral_range():
    """A port the kernel never hands out for port 0, so emulators of parallel test workers cannot take it meanwhile.
    Drawn from the system generator: the two ansible-cores run their units side by side, each with a seeded random."""
    for port in random.SystemRandom().sample(range(20000, 30000), 50):  # not the seeded module generator
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port between 20000 and 30000")


def test_start_status_stop_are_idempotent():
    pytest.importorskip("flask")
    port = free_port_outside_the_ephemeral_range()
    try:
        assert run("status", port).returncode == 3
        started = run("start", port)
        assert started.returncode == 0, started.stderr
        assert run("start", port).returncode == 0
        status = run("status", port)
        assert status.returncode == 0 and "running (pid" in status.stdout
    finally:
        stopped = run("stop", port)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert run("stop", port).returncode == 0 and run("status", port).returncode == 3
    (SCRIPT.parents[1] / "build" / "mockcloud" / f"mockcloud-{port}.log").unlink(missing_ok=True)
