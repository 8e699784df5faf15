# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared unit-test fixtures: put tests/ on sys.path so the emulator frame imports as ``mockcloud``."""

from __future__ import annotations

import os
import pathlib
import sys

import pytest

TESTS_DIR = str(pathlib.Path(__file__).resolve().parent.parent)
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

try:
    from hypothesis import settings
except ImportError:  # the property tests skip themselves
    settings = None
if settings is not None:
    # The same examples on every run, so that a run passes or fails for the code's sake; HYPOTHESIS_PROFILE=explore
    # draws new ones, to look for edge cases by hand.
    settings.register_profile("repeatable", derandomize=True)
    settings.register_profile("explore", derandomize=False)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def _load_the_emulated_clouds():
    """Import every emulated cloud (their vendor contracts take about 3 s to load) once per test process.

    ansible-test runs each unit test in a fork of its worker: what the worker holds, every test inherits, while what
    a test loads itself is lost when its fork ends.
    """
    try:
        from mockcloud import clouds  # pylint: disable=import-outside-toplevel
    except ImportError:  # the emulator's requirements are missing: the tests that need it fail on their own
        return
    clouds.discover()


_load_the_emulated_clouds()


@pytest.fixture
def start_mockcloud():
    """start_mockcloud(extra_clouds=None, config=None, port=0, discover=True) -> a running emulator on loopback.

    The emulator has .url, .admin (mockcloud.admin.Admin), .state (store, faults, log) and .cloud_url(name);
    every emulator started by a test is stopped when the test ends.
    """
    from mockcloud.testing import ServerPool  # pylint: disable=import-outside-toplevel

    pool = ServerPool()
    yield pool.start
    pool.stop_all()


@pytest.fixture(autouse=True)
def forget_learned_secrets():
    """Secrets registered for redaction live for one module run; in tests, for one test."""
    from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import forget_secrets  # pylint: disable=import-outside-toplevel

    forget_secrets()
    yield
    forget_secrets()
