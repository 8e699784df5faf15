# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import (
    WaitFailed,
    WaitTimeout,
    status_waiter,
    wait_for,
)


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def sequence(*values):
    items = list(values)
    calls = []

    def fetch():
        calls.append(1)
        return items.pop(0) if len(items) > 1 else items[0]

    fetch.calls = calls
    return fetch


def test_returns_once_ready_with_capped_backoff():
    clock = FakeClock()
    fetch = sequence(*(["creating"] * 8 + ["ready"]))
    result = wait_for(
        fetch, lambda value: value == "ready", timeout=600, sleep=clock.sleep, clock=clock.clock, jitter=lambda: 1.0
    )
    assert result == "ready"
    assert clock.sleeps[0] == 1.0
    assert clock.sleeps[1] == 1.5
    assert max(clock.sleeps) <= 12.0
    assert clock.sleeps == sorted(clock.sleeps)


def test_each_sleep_is_jittered_between_half_the_interval_and_the_whole():
    draws = iter([0.0, 0.5, 0.999] * 10)
    clock = FakeClock()
    fetch = sequence(*(["creating"] * 12 + ["ready"]))
    wait_for(
        fetch,
        lambda value: value == "ready",
        timeout=600,
        sleep=clock.sleep,
        clock=clock.clock,
        jitter=lambda: next(draws),
    )
    intervals = [min(1.0 * 1.5**index, 12.0) for index in range(len(clock.sleeps))]
    assert clock.sleeps[:3] == [0.5, 0.75 * 1.5, pytest.approx(0.9995 * 2.25)]
    assert all(interval / 2 <= slept <= interval for slept, interval in zip(clock.sleeps, intervals))
    assert len({round(slept / interval, 6) for slept, interval in zip(clock.sleeps, intervals)}) == 3


def test_failed_state_ends_the_wait_at_once():
    clock = FakeClock()
    fetch = sequence("creating", "error")
    with pytest.raises(WaitFailed) as caught:
        wait_for(
            fetch,
            lambda value: value == "ready",
            failed=lambda value: "boom" if value == "error" else None,
            what="cluster c1",
            sleep=clock.sleep,
            clock=clock.clock,
        )
    assert "cluster c1 failed: boom" in str(caught.value)
    assert caught.value.last == "error"
    assert len(clock.sleeps) == 1


def test_never_sleeps_past_the_deadline():
    clock = FakeClock()
    with pytest.raises(WaitTimeout) as caught:
        wait_for(
            lambda: "creating",
            lambda value: False,
            timeout=20,
            describe=lambda value: value,
            sleep=clock.sleep,
            clock=clock.clock,
        )
    assert clock.now == pytest.approx(20.0)
    assert "timed out after 20s" in str(caught.value)
    assert "last state: creating" in str(caught.value)


def test_initial_value_costs_no_fetch_when_settled():
    fetch = sequence("ready")
    assert wait_for(fetch, lambda value: value == "ready", initial="ready") == "ready"
    assert fetch.calls == []


def test_initial_value_then_polls():
    clock = FakeClock()
    fetch = sequence("ready")
    assert (
        wait_for(fetch, lambda value: value == "ready", initial="pending", sleep=clock.sleep, clock=clock.clock)
        == "ready"
    )
    assert len(fetch.calls) == 1


def test_status_waiter_vocabulary():
    ready, failed = status_waiter(
        lambda value: value, settled={"ready"}, failed_states={"failed"}, transient={"pending", "deploying"}
    )
    assert ready("ready") and not ready("pending")
    assert failed("failed") == "status is failed"
    assert failed("pending") is None
    assert failed("exploded") == "unexpected status exploded"
    assert failed(None) is None
