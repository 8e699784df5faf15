# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The frame served for real on loopback: drops, error faults, verify hooks, the log, counters, reset, seed, clock."""

from __future__ import annotations

import sys
import textwrap

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("flask")

from mockcloud import clouds as clouds_package  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.__main__ import clouds_to_discover  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.testing import example_cloud  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def emulator(start_mockcloud, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return start_mockcloud(extra_clouds=[example_cloud()], discover=False)


@pytest.fixture
def items_url(emulator):
    return emulator.cloud_url("example") + "/items"


def test_reset_after_drops_the_connection_after_the_view_ran(emulator, items_url):
    emulator.admin.once({"method": "POST", "path_regex": "/items$", "kind": "reset_after"})
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(items_url, json={"name": "kept"}, timeout=5)
    assert [item["name"] for item in requests.get(items_url, timeout=5).json()["items"]] == ["kept"]
    assert [(entry["method"], entry["status"], entry["fault"]) for entry in emulator.admin.log()] == [
        ("POST", 201, "reset_after"),
        ("GET", 200, None),
    ]


def test_reset_before_drops_the_connection_before_the_view(emulator, items_url):
    emulator.admin.once({"method": "POST", "kind": "reset_before"})
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(items_url, json={"name": "lost"}, timeout=5)
    assert requests.get(items_url, timeout=5).json()["items"] == []
    assert emulator.admin.log(method="POST")[0]["status"] is None


def test_error_faults_use_the_cloud_error_shape_and_retry_after(emulator, items_url):
    emulator.admin.once({"kind": "429", "retry_after": 3}, {"kind": "500"})
    throttled = requests.get(items_url, timeout=5)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "3"
    assert throttled.json() == {"code": "TooManyRequests", "message": "injected fault: too many requests"}
    assert requests.get(items_url, timeout=5).status_code == 500
    assert requests.get(items_url, timeout=5).status_code == 200


def test_random_faults_repeat_with_the_same_seed(emulator, items_url):
    def run():
        emulator.admin.faults(rate=0.5, seed=3, kinds=["500", "503"])
        return [requests.get(items_url, timeout=5).status_code for _attempt in range(12)]

    first = run()
    assert first == run() and set(first) == {200, 500, 503}


def test_verify_hook_and_unknown_paths_answer_in_the_cloud_shape(emulator, items_url):
    refused = requests.get(items_url, headers={"X-Example-Key": "wrong"}, timeout=5)
    assert refused.status_code == 403 and refused.json()["message"] == "bad signature"
    missing = requests.get(emulator.cloud_url("example") + "/nothing-here", timeout=5)
    assert missing.status_code == 404 and missing.json()["code"] == "NotFound"


def test_log_filters_and_counters_skip_admin_requests(emulator, items_url):
    created = requests.post(items_url, json={"name": "a"}, timeout=5).json()
    requests.get(items_url + "/" + created["id"], timeout=5)
    requests.get(items_url + "/" + created["id"], params={"view": "full"}, timeout=5)
    emulator.admin.health()
    log = emulator.admin.log()
    assert [entry["seq"] for entry in log] == [1, 2, 3]
    assert log[2]["query"] == "view=full" and log[2]["template"] == "/items/<item_id>" and log[2]["cloud"] == "example"
    assert [entry["seq"] for entry in emulator.admin.log(since=1, method="get")] == [2, 3]
    assert emulator.admin.log(path_regex="/items$") == [log[0]]
    assert emulator.admin.counters() == {"example": {"GET /items/<item_id>": 2, "POST /items": 1}}
    emulator.admin.clear_log()
    assert emulator.admin.log() == [] and emulator.admin.counters() == {}


def test_reset_clears_everything_and_calls_the_cloud(emulator, items_url):
    spec = emulator.state.clouds["example"]
    requests.post(items_url, json={"name": "a"}, timeout=5)
    emulator.admin.faults(rate=1)
    emulator.admin.reset()
    assert emulator.admin.fault_config()["rate"] == 0 and emulator.admin.log() == []
    assert requests.get(items_url, timeout=5).json()["items"] == [] and spec.resets == [True]


def test_seed_and_clock_drive_asynchronous_states(emulator, items_url):
    seeded = emulator.admin.seed("example", count=2)["seeded"]
    assert len(seeded) == 2
    created = requests.post(items_url, json={"name": "a"}, timeout=5).json()
    assert created["state"] == "creating"
    emulator.admin.advance(9)
    assert requests.get(items_url + "/" + created["id"], timeout=5).json()["state"] == "creating"
    assert emulator.admin.advance(2)["applied"] == 1
    assert requests.get(items_url + "/" + created["id"], timeout=5).json()["state"] == "ready"
    assert emulator.admin.store("example", "items")["example"]["items"][-1]["state"] == "ready"


def test_admin_refuses_bad_input(emulator):
    for call, payload in (("/faults", {"rate": 5}), ("/seed", {"cloud": "nope"}), ("/clock", {"advance": -1})):
        assert requests.post(emulator.url + "/_admin" + call, json=payload, timeout=5).status_code in (400, 404)


def test_clouds_are_discovered_from_the_package(tmp_path, monkeypatch):
    for name in ("demo", "other"):
        (tmp_path / (name + ".py")).write_text(
            textwrap.dedent(
                """
            from flask import Blueprint
            from mockcloud.spec import CloudSpec
            CLOUD = CloudSpec(name="%s", blueprint=Blueprint("%s", __name__), prefix="%s/")
        """
                % (name, name, name)
            ),
            encoding="utf-8",
        )
    (tmp_path / "helper.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "_private.py").write_text("raise RuntimeError('never imported')\n", encoding="utf-8")
    monkeypatch.setattr(clouds_package, "__path__", [str(tmp_path)])
    try:
        assert [(spec.name, spec.prefix) for spec in clouds_package.discover()] == [
            ("demo", "/demo"),
            ("other", "/other"),
        ]
        assert [spec.name for spec in clouds_package.discover(["other"])] == ["other"]
    finally:
        for name in ("demo", "other", "helper"):
            sys.modules.pop("%s.%s" % (clouds_package.__name__, name), None)


def test_clouds_option_of_the_command_line():
    assert clouds_to_discover("all") is True and clouds_to_discover("none") is False
    assert clouds_to_discover("sks, eks") == ["sks", "eks"]
