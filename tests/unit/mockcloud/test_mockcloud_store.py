# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's store: collections, scheduled changes driven by the emulated clock, the speed factor."""

from __future__ import annotations

import pytest

from mockcloud.store import Clock, Store


class FakeMonotonic:
    def __init__(self):
        self.value = 100.0

    def __call__(self):
        return self.value


@pytest.fixture
def real():
    return FakeMonotonic()


def test_clock_runs_speed_times_faster_and_advances(real):
    clock = Clock(speed=10, monotonic=real, wall=lambda: 1000.0)
    real.value += 2
    assert clock.now() == pytest.approx(20)
    clock.advance(5)
    assert clock.now() == pytest.approx(25)
    clock.speed = 1
    real.value += 3
    assert clock.now() == pytest.approx(28)
    assert clock.wall() == pytest.approx(1028)
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        Clock(speed=0)


def test_scheduled_changes_apply_when_due(real):
    store = Store(Clock(monotonic=real))
    cluster = store.collection("sks", "clusters").add({"id": "c1", "state": "creating"})
    store.schedule(cluster, 30, {"state": "running"})
    assert store.tick() == 0 and cluster["state"] == "creating"
    store.clock.advance(29)
    assert store.tick() == 0
    real.value += 1
    assert store.tick() == 1 and cluster["state"] == "running"
    assert store.pending() == []


def test_speed_factor_shortens_waits(real):
    store = Store(Clock(speed=10, monotonic=real))
    record = {"state": "creating"}
    store.schedule(record, 60, {"state": "ready"})
    real.value += 5.5
    assert store.tick() == 0
    real.value += 0.5
    assert store.tick() == 1 and record["state"] == "ready"


def test_chained_changes_keep_their_spacing(real):
    store = Store(Clock(monotonic=real))
    clusters = store.collection("oks", "clusters")
    record = clusters.add({"id": "c1", "state": "deleting"})
    seen = []

    def gone(item):
        seen.append(store.clock.now())
        clusters.pop(item["id"])

    store.schedule(record, 10, lambda item: store.schedule(item, 5, gone))
    store.clock.advance(100)
    assert store.tick() == 2
    assert "c1" not in clusters and len(seen) == 1


def test_changes_apply_in_due_order_and_can_be_cancelled(real):
    store = Store(Clock(monotonic=real))
    record = {"history": []}
    store.schedule(record, 20, lambda item: item["history"].append("second"))
    store.schedule(record, 10, lambda item: item["history"].append("first"))
    other = {"state": "a"}
    store.schedule(other, 5, {"state": "b"})
    assert store.cancel(other) == 1
    store.clock.advance(30)
    assert store.tick() == 2
    assert record["history"] == ["first", "second"] and other["state"] == "a"


def test_collections_find_and_reset(real):
    store = Store(Clock(monotonic=real))
    items = store.collection("eks", "clusters")
    assert store.collection("eks", "clusters") is items
    items.add({"id": "a", "name": "x"})
    items.add({"id": "b", "name": "y"})
    assert [item["id"] for item in items.find(name="y")] == ["b"]
    assert store.dump("eks") == {"eks": {"clusters": items.values()}}
    store.schedule(items.get("a"), 1, {"name": "z"})
    store.reset()
    assert len(items) == 0 and store.pending() == []
    assert store.new_id("p-").startswith("p-") and store.new_id() != store.new_id()
