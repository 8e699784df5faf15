# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE cluster adapter, driven by the resource engine against the emulator (the ske fixture, conftest.py)."""

from __future__ import annotations

import time

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    DuplicateNameError,
    ReplaceRefused,
    Resource,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.adapters import ClusterAdapter

pytest.importorskip("flask")
pytest.importorskip("cryptography")

CREATE = {
    "name": "unit-c1",
    "kubernetes_version": "v1.31.8",
    "vpc_id": "vpc-1",
    "subnet_id": "subnet-1",
    "volume_id": "vol-1",
    "security_group_id_list": ["sg-1"],
}


def fast_sleep(seconds):
    time.sleep(min(seconds, 0.02))


def engine(ske, params, check_mode=False, wait=True, state="present"):
    adapter = ClusterAdapter(
        ske.client,
        cluster_id=params.get("cluster_id"),
        name=params.get("name"),
        tags=params.get("tags"),
        wait_timeout=30,
        state=state,
        sleep=fast_sleep,
    )
    return Resource(model.CLUSTER_SPEC, adapter, check_mode=check_mode, wait=wait)


def calls(ske, method=None):
    return list(ske.admin.log(cloud="ske", method=method))


# --- the cluster lifecycle --------------------------------------------------------------------------------


def test_create_waits_until_running_and_rerun_changes_nothing(ske):
    result = engine(ske, CREATE).run("present", CREATE, name="unit-c1")
    cluster = result["cluster"]
    assert result["changed"] is True and cluster["status"] == "RUNNING"
    assert cluster["security_group_id_list"] == ["sg-1"] and cluster["cloud_logging_enabled"] is False
    assert result["diff"]["before"] == {} and result["diff"]["after"]["name"] == "unit-c1"

    ske.admin.clear_log()
    again = engine(ske, CREATE).run("present", CREATE, name="unit-c1")
    assert again["changed"] is False
    assert [entry["template"] for entry in calls(ske)] == ["/v1/clusters", "/v1/clusters/<cluster_id>"]

    ske.admin.clear_log()
    by_id = dict(CREATE, cluster_id=cluster["id"])
    assert engine(ske, by_id).run("present", by_id, name="unit-c1")["changed"] is False
    assert len(calls(ske)) == 1


def test_check_mode_creates_nothing(ske):
    result = engine(ske, CREATE, check_mode=True).run("present", CREATE, name="unit-c1")
    assert result["changed"] is True
    assert calls(ske, "POST") == []
    assert ske.client.clusters_named("unit-c1") == []


def test_update_in_place_and_refused_changes(ske):
    cluster = engine(ske, CREATE).run("present", CREATE)["cluster"]
    changed = dict(CREATE, cloud_logging_enabled=True, security_group_id_list=["sg-2", "sg-1"])
    result = engine(ske, changed).run("present", changed)
    assert result["changed"] is True
    assert (
        result["diff"]["before"]["cloud_logging_enabled"] is False
        and result["diff"]["after"]["cloud_logging_enabled"] is True
    )
    current = ske.client.get_cluster(cluster["id"])
    assert current["cloud_logging_enabled"] is True and current["status"] == "RUNNING"
    assert sorted(item["id"] for item in current["security_group_list"]) == ["sg-1", "sg-2"]

    reordered = dict(changed, security_group_id_list=["sg-1", "sg-2"])
    assert engine(ske, reordered).run("present", reordered)["changed"] is False

    moved = dict(changed, vpc_id="vpc-2")
    ske.admin.clear_log()
    with pytest.raises(ReplaceRefused) as caught:
        engine(ske, moved).run("present", moved)
    assert "vpc_id" in str(caught.value) and "kubernetes_version" not in str(caught.value)
    assert calls(ske, "PUT") == [] and calls(ske, "POST") == []


# --- day two: upgrades and access control ---------------------------------------------------------------------


def test_an_upgrade_goes_one_minor_version_at_a_time_through_the_versions_on_offer(ske):
    old = dict(CREATE, kubernetes_version="v1.30.10")
    cluster = engine(ske, old).run("present", old)["cluster"]
    ske.admin.clear_log()
    upgraded = dict(old, kubernetes_version="v1.32.5")
    result = engine(ske, upgraded).run("present", upgraded)
    assert result["changed"] is True
    assert result["diff"]["before"]["kubernetes_version"] == "v1.30.10"
    assert result["cluster"]["kubernetes_version"] == "v1.32.5" and result["cluster"]["status"] == "RUNNING"
    puts = calls(ske, "PUT")
    assert [entry["path"].rsplit("/", 1)[-1] for entry in puts] == ["upgrade", "upgrade"]
    # v1.31.8 is the newest v1.31 on offer, then the version asked for.
    stored = ske.state.store.collection("ske", "clusters").get(cluster["id"])
    assert stored["kubernetes_version"] == "v1.32.5"
    assert engine(ske, upgraded).run("present", upgraded)["changed"] is False


def test_an_upgrade_in_check_mode_shows_the_new_version_and_sends_nothing(ske):
    engine(ske, CREATE).run("present", CREATE)
    upgraded = dict(CREATE, kubernetes_version="v1.32.1")
    ske.admin.clear_log()
    result = engine(ske, upgraded, check_mode=True).run("present", upgraded)
    assert result["changed"] is True and result["diff"]["after"]["kubernetes_version"] == "v1.32.1"
    assert calls(ske, "PUT") == [] and [entry["path"] for entry in calls(ske, "GET")][-1].endswith(
        "/v1/kubernetes-versions"
    )


@pytest.mark.parametrize(
    "version,fragment",
    [
        ("v1.30.10", "older than the cluster's version v1.31.8; SKE does not downgrade"),
        ("v1.32.9", "v1.32.9 is not on offer (SKE offers v1.29.8, v1.30.10, v1.31.8, v1.32.1, v1.32.5, v1.33.1)"),
    ],
)
def test_an_upgrade_that_cannot_be_made_is_refused_before_any_change(ske, version, fragment):
    engine(ske, CREATE).run("present", CREATE)
    wanted = dict(CREATE, kubernetes_version=version, cloud_logging_enabled=True)
    ske.admin.clear_log()
    with pytest.raises(ResourceError) as caught:
        engine(ske, wanted).run("present", wanted)
    assert fragment in str(caught.value)
    assert caught.value.details["refused"]["kubernetes_version"] == {"current": "v1.31.8", "desired": version}
    assert calls(ske, "PUT") == []


def test_a_missing_minor_on_the_way_is_named():
    path, reason = model.upgrade_path("v1.29.8", "v1.32.1", ["v1.29.8", "v1.31.8", "v1.32.1"])
    assert path is None and reason == "no version 1.30 is on offer to upgrade through from v1.29.8 to v1.32.1"
    assert model.upgrade_path("v1.29.8", "v1.32.1", ["v1.30.1", "v1.30.4", "v1.31.8", "v1.32.1"])[0] == [
        "v1.30.4",
        "v1.31.8",
        "v1.32.1",
    ]
    assert model.upgrade_path("v1.31.2", "v1.31.8", ["v1.31.8"]) == (["v1.31.8"], None)
    assert model.upgrade_path("v1.31.8", "v1.31.8", []) == ([], None)


def test_access_control_changes_in_place_one_call_after_the_other(ske):
    cluster = engine(ske, CREATE).run("present", CREATE)["cluster"]
    assert "public_endpoint_url" not in cluster or not cluster["public_endpoint_url"]
    resources = [{"id": "vm-1", "name": "bastion", "type": "vm"}]
    changed = dict(
        CREATE,
        public_endpoint_access_control_ip="198.51.100.0/24",
        private_endpoint_access_control_resources=resources,
        kubernetes_version="v1.32.1",
    )
    ske.admin.clear_log()
    result = engine(ske, changed).run("present", changed)
    assert result["changed"] is True
    assert result["cluster"]["public_endpoint_access_control_ip"] == "198.51.100.0/24"
    assert result["cluster"]["public_endpoint_url"].startswith("https://")
    assert result["cluster"]["private_endpoint_access_control_resources"] == resources
    assert result["cluster"]["kubernetes_version"] == "v1.32.1"
    assert [entry["path"].rsplit("/", 1)[-1] for entry in calls(ske, "PUT")] == [
        "public-access-control",
        "private-access-control",
        "upgrade",
    ]
    assert engine(ske, changed).run("present", changed)["changed"] is False


def test_check_mode_update_sends_no_write(ske):
    engine(ske, CREATE).run("present", CREATE)
    changed = dict(CREATE, cloud_logging_enabled=True)
    ske.admin.clear_log()
    result = engine(ske, changed, check_mode=True).run("present", changed)
    assert result["changed"] is True and result["diff"]["after"]["cloud_logging_enabled"] is True
    assert calls(ske, "PUT") == []


def test_delete_waits_until_gone_and_again_is_a_no_op(ske):
    cluster = engine(ske, CREATE).run("present", CREATE)["cluster"]
    result = engine(ske, CREATE, state="absent").run("absent", CREATE)
    assert result["changed"] is True and result["diff"]["after"] == {}
    assert ske.client.get_cluster(cluster["id"]) is None
    again = engine(ske, CREATE, state="absent").run("absent", CREATE)
    assert again["changed"] is False


def test_delete_of_a_creating_cluster_lets_the_creation_finish_first(ske):
    first = engine(ske, CREATE, wait=False).run("present", CREATE)["cluster"]
    assert first["status"] == "CREATING"
    engine(ske, CREATE, state="absent").run("absent", CREATE)
    assert ske.client.get_cluster(first["id"]) is None


@pytest.mark.parametrize("status", ["ERROR", "DELETE_FAILED"])
def test_a_cluster_in_an_undocumented_status_is_deleted_directly(ske, status):
    """Terraform's Delete calls DeleteCluster at once and waits for DELETED with no pending states: no wait for
    RUNNING, and no status counts as a failure while the cluster goes."""
    cluster_id = ske.admin.seed("ske", 1, name_prefix="broken", status=status)["seeded"][0]
    params = {"name": "broken-0000"}
    result = engine(ske, params, state="absent").run("absent", params)
    assert result["changed"] is True and ske.client.get_cluster(cluster_id) is None
    assert [entry["method"] for entry in calls(ske, "DELETE")] == ["DELETE"]


def test_unknown_cluster_id_with_state_present_is_an_error(ske):
    params = {"cluster_id": "f" * 32, "cloud_logging_enabled": True}
    with pytest.raises(ResourceError, match="no SKE cluster has the id"):
        engine(ske, params, check_mode=True).run("present", params)


def test_duplicate_names_are_refused(ske):
    ske.admin.seed("ske", 2, name_prefix="dup")
    for record in ske.state.store.collection("ske", "clusters").values():
        record["name"] = "dup-twin"
    with pytest.raises(DuplicateNameError):
        engine(ske, dict(CREATE, name="dup-twin")).run("present", dict(CREATE, name="dup-twin"))


def test_lost_create_answer_adopts_the_cluster_without_a_second_post(ske):
    ske.admin.once({"method": "POST", "path_regex": "/v1/clusters$", "kind": "reset_after"})
    result = engine(ske, CREATE).run("present", CREATE)
    assert result["changed"] is True and result["cluster"]["status"] == "RUNNING"
    assert len(calls(ske, "POST")) == 1
    assert len(ske.client.clusters_named("unit-c1")) == 1


def test_create_refused_with_5xx_before_anything_happened_is_sent_once_more(ske):
    ske.admin.once({"method": "POST", "path_regex": "/v1/clusters$", "kind": "500"})
    result = engine(ske, CREATE).run("present", CREATE)
    assert result["changed"] is True
    assert [entry["status"] for entry in calls(ske, "POST")] == [500, 202]
    assert len(ske.client.clusters_named("unit-c1")) == 1


def test_create_validation_error_is_not_retried(ske):
    bad = dict(CREATE, kubernetes_version="latest")
    with pytest.raises(ApiError) as caught:
        engine(ske, bad).run("present", bad)
    assert caught.value.status == 400 and "kubernetes_version" in caught.value.message
    assert len(calls(ske, "POST")) == 1


def test_tags_and_public_endpoint_are_sent_at_creation(ske):
    params = dict(CREATE, public_endpoint_access_control_ip="203.0.113.0/24", tags={"team": "web"})
    cluster = engine(ske, params).run("present", params)["cluster"]
    assert cluster["public_endpoint_url"].startswith("https://")
    stored = ske.state.store.collection("ske", "clusters").get(cluster["id"])
    assert stored["_tags"] == {"team": "web"}
    assert engine(ske, params).run("present", params)["changed"] is False


def test_the_delete_wait_goes_through_any_status_until_the_cluster_is_gone():
    class Stub:
        def __init__(self):
            self.answers = [{"id": "c", "status": "DELETING"}, {"id": "c", "status": "DELETE_IN_PROGRESS"}, None]

        def get_cluster(self, cluster_id):
            return self.answers.pop(0)

    stub = Stub()
    ClusterAdapter(stub, cluster_id="c", wait_timeout=30, sleep=fast_sleep).wait_deleted({"id": "c"})
    assert stub.answers == []
