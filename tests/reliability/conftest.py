# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the reliability tests: emulators run in-process on free loopback ports, 20 times faster than real."""

from __future__ import annotations

import json

import harness
import pytest

EMULATOR_SPEED = 20.0


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def start_emulator():
    """start_emulator() -> a new emulator of the five clouds (.url, .admin, .state), stopped after the test."""
    from mockcloud.testing import ServerPool  # pylint: disable=import-outside-toplevel

    pool = ServerPool()
    yield lambda: pool.start(config={"speed": EMULATOR_SPEED})
    pool.stop_all()


@pytest.fixture
def emulator(start_emulator):
    return start_emulator()


def pytest_terminal_summary(terminalreporter):
    """Print the figures the tests of this run recorded (kept in build/reliability/figures/)."""
    figures = harness.all_figures(harness.RECORDED_SECTIONS)
    if figures:
        terminalreporter.section("reliability figures")
        terminalreporter.write_line(json.dumps(figures, indent=2, sort_keys=True))
