# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault decisions: repeatable with a seed, filtered, one-shot rules, validation."""

from __future__ import annotations

import pytest

from mockcloud.faults import FaultInjector


def decisions(config, requests=200):
    injector = FaultInjector()
    injector.configure(config)
    result = []
    for index in range(requests):
        fault = injector.decide("sks", "GET", "/sks/v2/sks-cluster/%d" % index)
        result.append(fault.kind if fault else None)
    return result


def test_same_seed_same_faults():
    config = {"rate": 0.3, "seed": 42, "kinds": ["500", "503", "reset_before"]}
    first = decisions(config)
    assert first == decisions(config)
    assert first != decisions(dict(config, seed=43))
    assert 30 < sum(1 for kind in first if kind) < 90
    assert {kind for kind in first if kind} == {"500", "503", "reset_before"}


def test_rate_zero_and_one():
    assert decisions({"rate": 0}, 20) == [None] * 20
    assert decisions({"rate": 1, "kinds": ["502"]}, 20) == ["502"] * 20


@pytest.mark.parametrize(
    "config",
    [
        {"clouds": ["oks"]},
        {"methods": ["POST"]},
        {"path_regex": "/nodepool$"},
    ],
)
def test_filters(config):
    injector = FaultInjector()
    injector.configure(dict(config, rate=1, kinds=["500"]))
    assert injector.decide("sks", "GET", "/sks/v2/sks-cluster") is None
    matching = (
        "oks" if "clouds" in config else "sks",
        "POST" if "methods" in config else "GET",
        "/sks/v2/sks-cluster/x/nodepool" if "path_regex" in config else "/p",
    )
    assert injector.decide(*matching).kind == "500"


def test_once_rules_fire_in_order_then_stop():
    injector = FaultInjector()
    injector.configure(
        {
            "once": [
                {"method": "POST", "path_regex": "/sks-cluster$", "kind": "reset_after"},
                {"method": "GET", "kind": "503", "times": 2, "retry_after": 4},
            ]
        }
    )
    assert injector.decide("sks", "GET", "/sks/v2/sks-cluster").kind == "503"
    post = injector.decide("sks", "POST", "/sks/v2/sks-cluster")
    assert (post.kind, post.source) == ("reset_after", "once")
    assert injector.decide("sks", "POST", "/sks/v2/sks-cluster") is None
    second = injector.decide("sks", "GET", "/sks/v2/sks-cluster")
    assert (second.kind, second.retry_after, second.status) == ("503", 4, 503)
    assert injector.decide("sks", "GET", "/sks/v2/sks-cluster") is None
    assert injector.describe()["once"] == []


def test_latency_is_drawn_within_the_range():
    injector = FaultInjector()
    injector.configure({"rate": 1, "kinds": ["latency"], "latency_ms": [10, 20], "seed": 1})
    delays = [injector.decide("eks", "GET", "/eks/clusters").latency for _draw in range(50)]
    assert all(0.010 <= delay <= 0.020 for delay in delays) and len(set(delays)) > 1


@pytest.mark.parametrize(
    "config",
    [
        {"rate": 2},
        {"kinds": ["418"]},
        {"latency_ms": [20, 10]},
        {"once": [{"kind": "explode"}]},
        {"path_regex": "("},
    ],
)
def test_invalid_configuration_is_refused_and_changes_nothing(config):
    injector = FaultInjector()
    injector.configure({"rate": 0.5, "seed": 7})
    with pytest.raises(ValueError):
        injector.configure(config)
    assert injector.describe()["rate"] == 0.5
