# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The waiter at fleet scale: many hosts wait on one API at once (playbooks/provision.yml with --forks).

- From the moment a resource settles to the moment wait_for returns, at most one capped poll interval passes
  (MAX_DELAY), however long the resource took: a fleet's slowest cluster is not made slower by its waiter.
- Every wait of every cloud goes through core/waiter.py (no module_utils code sleeps on its own), so the backoff and
  its cap are the same for every cloud; the HTTP layer's retries (core/http.py) are the only other place that
  sleeps, with full jitter on 429 and 5xx.
- A fleet of waiters polls less and less often: the calls of N hosts waiting T seconds grow with log(T), not T.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import waiter
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import wait_for

MODULE_UTILS = pathlib.Path(waiter.__file__).resolve().parents[1]
SLEEPERS = {("core", "waiter.py"), ("core", "http.py")}


class FakeTime:
    """A clock that moves only when the waiter sleeps, and a resource that settles at a given moment."""

    def __init__(self, settles_at, fetch_cost=0.0):
        self.now = 0.0
        self.settles_at = settles_at
        self.fetch_cost = fetch_cost
        self.calls = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.now += seconds

    def fetch(self):
        self.now += self.fetch_cost
        self.calls.append(self.now)
        return "ready" if self.now >= self.settles_at else "creating"


def wait(fake, **options):
    return wait_for(
        fake.fetch, lambda value: value == "ready", timeout=10_000, sleep=fake.sleep, clock=fake.clock, **options
    )


@pytest.mark.parametrize("settles_at", [0.0, 0.5, 1.0, 3.3, 7.0, 12.0, 29.9, 61.0, 299.5, 600.0, 840.0, 1799.0])
def test_returns_within_one_capped_interval_after_settling(settles_at):
    fake = FakeTime(settles_at)
    assert wait(fake) == "ready"
    assert fake.now >= settles_at
    assert fake.now - settles_at <= waiter.MAX_DELAY


@pytest.mark.parametrize("max_delay", [2.0, 5.0, 30.0])
def test_the_bound_is_the_cap_given(max_delay):
    for settles_at in (1.0, 17.5, 100.0, 450.25):
        fake = FakeTime(settles_at)
        wait(fake, max_delay=max_delay)
        assert fake.now - settles_at <= max_delay, (settles_at, fake.now)


def test_the_bound_holds_with_slow_calls():
    """A call that takes time (a loaded API) adds its own duration, never a second interval."""
    for settles_at in (5.0, 95.0, 601.0):
        fake = FakeTime(settles_at, fetch_cost=0.8)
        wait(fake)
        assert fake.now - settles_at <= waiter.MAX_DELAY + fake.fetch_cost


def test_a_settled_resource_costs_no_wait():
    fake = FakeTime(0.0)
    wait(fake, initial="ready")
    assert fake.calls == [] and fake.now == 0.0


def test_polls_grow_with_the_log_of_the_wait_until_the_cap():
    """A 15-minute creation costs about 80 calls, not one a second: a fleet of 20 makes about 2 calls a second.

    The bounds leave room for a jitter that sleeps between half the interval and the whole of it.
    """
    short, long_ = FakeTime(60.0), FakeTime(900.0)
    wait(short)
    wait(long_)
    ramp = 7  # 1, 1.5, 2.25 ... until the 12 s cap
    assert len(short.calls) <= ramp + 60 / (waiter.MAX_DELAY / 2) + 1
    assert len(long_.calls) <= ramp + 900 / (waiter.MAX_DELAY / 2) + 1
    gaps = [later - earlier for earlier, later in zip(long_.calls, long_.calls[1:])]
    assert max(gaps) <= waiter.MAX_DELAY
    assert sum(1 for gap in gaps if gap >= waiter.MAX_DELAY / 2) >= len(gaps) - ramp
    assert 20 * len(long_.calls) / 900.0 < 2.5


def _sleep_calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if name == "sleep" and not (
                isinstance(function, ast.Attribute) and function.value is not None and _is_self(function.value)
            ):
                found.append(node.lineno)
    return found


def _is_self(node):
    """self.sleep(...) is the adapter's injected sleep, handed to wait_for, not a sleep of its own."""
    return isinstance(node, ast.Name) and node.id == "self"


def test_only_the_waiter_and_the_http_layer_sleep():
    offenders = {}
    for path in sorted(MODULE_UTILS.rglob("*.py")):
        relative = path.relative_to(MODULE_UTILS).parts
        if relative[-2:] in SLEEPERS or relative in SLEEPERS:
            continue
        lines = _sleep_calls(path)
        if lines:
            offenders["/".join(relative)] = lines
    assert offenders == {}, "sleeps outside core/waiter.py and core/http.py: %s" % offenders


def test_every_cloud_waits_through_the_core_waiter():
    clouds = [path for path in MODULE_UTILS.iterdir() if path.is_dir() and (path / "adapters.py").is_file()]
    assert len(clouds) >= 5
    for cloud in clouds:
        source = (cloud / "adapters.py").read_text(encoding="utf-8")
        if "wait" not in source:
            continue
        assert "core.waiter import" in source or "from ..core import waiter" in source, cloud.name
