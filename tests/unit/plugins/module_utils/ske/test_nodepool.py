# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE node pool: options checks, payloads, and the adapter driven by the engine against the emulator."""

from __future__ import annotations

import time

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    ReplaceRefused,
    Resource,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import checks, model, tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.adapters import NodepoolAdapter

POOL = {
    "name": "workers",
    "image_os": "ubuntu",
    "image_os_version": "22.04",
    "server_type_id": "s1v2m4",
    "volume_type_name": "SSD",
    "volume_size": 104,
    "keypair_name": "ops",
    "auto_scale_enabled": False,
    "auto_recovery_enabled": True,
    "desired_node_count": 2,
}


def fast_sleep(seconds):
    time.sleep(min(seconds, 0.02))


def engine(ske, params, check_mode=False, wait=True, state="present"):
    adapter = NodepoolAdapter(
        ske.client,
        cluster_id=params.get("cluster_id"),
        cluster_name=params.get("cluster_name"),
        nodepool_id=params.get("nodepool_id"),
        name=params.get("name"),
        custom_image_id=params.get("custom_image_id"),
        wait_timeout=30,
        state=state,
        sleep=fast_sleep,
    )
    return Resource(model.NODEPOOL_SPEC, adapter, check_mode=check_mode, wait=wait)


def calls(ske, method=None):
    return list(ske.admin.log(cloud="ske", method=method))


def a_cluster(ske, version="v1.31.8"):
    return ske.admin.seed("ske", 1, name_prefix="np", kubernetes_version=version)["seeded"][0]


# --- checks and payloads (no API) ---------------------------------------------------------------------------


def params(**changes):
    base = dict(
        POOL,
        api_version="ske 1.3",
        cluster_id="a" * 32,
        cluster_name=None,
        nodepool_id=None,
        kubernetes_version=None,
        min_node_count=None,
        max_node_count=None,
        wait_timeout=60,
    )
    base.update(changes)
    return base


@pytest.mark.parametrize(
    "changes,fragment",
    [
        ({"name": "a-name-longer-than-twenty"}, "name: 'a-name-longer-than-twenty' is not a valid SKE node pool name"),
        ({"name": None}, "name: give the node pool's name"),
        ({"cluster_id": None}, "cluster_id or cluster_name: give the cluster of node pool 'workers'"),
        ({"cluster_id": "c1"}, "cluster_id: 'c1' is not an SKE cluster id"),
        ({"auto_scale_enabled": True}, "desired_node_count: not with auto_scale_enabled=true"),
        ({"desired_node_count": None, "min_node_count": 1}, "min_node_count, max_node_count: only with"),
        (
            {"auto_scale_enabled": True, "desired_node_count": None, "min_node_count": 4, "max_node_count": 2},
            "min_node_count: 4 is more than max_node_count 2",
        ),
        (
            {"auto_scale_enabled": True, "desired_node_count": None, "min_node_count": 0, "max_node_count": 2},
            "min_node_count: must be 1 or more",
        ),
        ({"desired_node_count": -1}, "desired_node_count: must be 0 or more"),
        ({"kubernetes_version": "1.31"}, "kubernetes_version: '1.31'"),
        ({"api_version": "ske 2"}, "api_version: 'ske 2'"),
    ],
)
def test_bad_options_are_refused_naming_the_option(changes, fragment):
    with pytest.raises(InputError) as caught:
        checks.nodepool_options(params(**changes))
    assert fragment in str(caught.value)


def test_good_options_pass():
    checks.nodepool_options(params())
    checks.nodepool_options(
        params(auto_scale_enabled=True, desired_node_count=None, min_node_count=1, max_node_count=3)
    )
    checks.nodepool_options(params(cluster_id=None, name=None, nodepool_id="bdfda539-bd2e-4a5c-9021-ec6d52d1ca79"))


def test_a_creation_names_every_missing_option():
    with pytest.raises(InputError) as caught:
        checks.check_nodepool_create({"name": "workers", "auto_scale_enabled": True})
    assert str(caught.value).endswith(
        "image_os, image_os_version, server_type_id, volume_type_name, volume_size, keypair_name, "
        "auto_recovery_enabled, min_node_count, max_node_count"
    )


def test_payloads_carry_the_counts_of_the_auto_scale_mode():
    body = model.nodepool_create_payload(POOL, "c" * 32, "v1.31.8", custom_image_id="img-1")
    assert body["is_auto_scale"] is False and body["desired_node_count"] == 2 and "min_node_count" not in body
    assert body["kubernetes_version"] == "v1.31.8" and body["custom_image_id"] == "img-1"
    auto = model.nodepool_create_payload(
        dict(POOL, auto_scale_enabled=True, min_node_count=1, max_node_count=4), "c" * 32, "v1.31.8"
    )
    assert (auto["min_node_count"], auto["max_node_count"]) == (1, 4) and "desired_node_count" not in auto
    record = {"auto_scale_enabled": True, "min_node_count": 1, "max_node_count": 4, "desired_node_count": 1}
    assert model.nodepool_update_payload({"max_node_count": 6}, record) == {
        "is_auto_scale": True,
        "min_node_count": 1,
        "max_node_count": 6,
    }
    assert model.nodepool_update_payload({"auto_scale_enabled": False, "desired_node_count": 3}, record) == {
        "is_auto_scale": False,
        "desired_node_count": 3,
    }
    assert model.nodepool_update_payload({"auto_recovery_enabled": False}, dict(record, auto_scale_enabled=False)) == {
        "is_auto_recovery": False
    }


# --- against the emulator -----------------------------------------------------------------------------------


def test_create_waits_until_running_and_rerun_by_id_reads_once(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id)
    result = engine(ske, wanted).run("present", wanted, name="workers")
    pool = result["nodepool"]
    assert result["changed"] is True and pool["status"] == "Running" and pool["current_node_count"] == 2
    assert pool["kubernetes_version"] == "v1.31.8" and pool["cluster_id"] == cluster_id
    assert result["diff"]["before"] == {}

    ske.admin.clear_log()
    again = dict(POOL, nodepool_id=pool["id"])
    assert engine(ske, again).run("present", again)["changed"] is False
    reads = calls(ske)
    assert len(reads) == 1 and reads[0]["method"] == "GET" and reads[0]["template"] == "/v1/nodepools/<nodepool_id>"

    by_name = dict(POOL, cluster_name=ske.client.get_cluster(cluster_id)["name"])
    assert engine(ske, by_name).run("present", by_name)["changed"] is False


def test_check_mode_creates_nothing_but_looks_up_the_cluster(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id)
    result = engine(ske, wanted, check_mode=True).run("present", wanted)
    assert result["changed"] is True and result["diff"]["after"]["desired_node_count"] == 2
    assert calls(ske, "POST") == [] and ske.client.list_nodepools(cluster_id) == []
    missing = dict(POOL, cluster_id="f" * 32)
    with pytest.raises(ResourceError, match="cluster_id: no SKE cluster has the id f"):
        engine(ske, missing, check_mode=True).run("present", missing)


def test_a_version_other_than_the_clusters_is_refused_at_creation(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id, kubernetes_version="v1.30.10")
    with pytest.raises(ResourceError, match="created at its cluster's version v1.31.8, not v1.30.10"):
        engine(ske, wanted).run("present", wanted)
    assert calls(ske, "POST") == []


def test_scale_switch_to_auto_scale_and_refuse_create_only_changes(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id)
    engine(ske, wanted).run("present", wanted)
    scaled = dict(wanted, desired_node_count=4)
    result = engine(ske, scaled).run("present", scaled)
    assert result["changed"] is True and result["nodepool"]["current_node_count"] == 4
    assert result["diff"]["before"]["desired_node_count"] == 2 and result["diff"]["after"]["desired_node_count"] == 4

    auto = {key: value for key, value in wanted.items() if key != "desired_node_count"}
    auto.update(auto_scale_enabled=True, min_node_count=1, max_node_count=3)
    result = engine(ske, auto).run("present", auto)
    assert result["nodepool"]["auto_scale_enabled"] is True and result["nodepool"]["current_node_count"] == 3
    assert engine(ske, auto).run("present", auto)["changed"] is False

    moved = dict(auto, server_type_id="s2v4m8", volume_size=200)
    ske.admin.clear_log()
    with pytest.raises(ReplaceRefused) as caught:
        engine(ske, moved).run("present", moved)
    assert "server_type_id, volume_size" in str(caught.value) and calls(ske, "PUT") == []


def test_upgrade_follows_the_cluster_and_only_to_its_version(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id)
    engine(ske, wanted).run("present", wanted)
    ahead = dict(wanted, kubernetes_version="v1.32.5")
    with pytest.raises(ResourceError, match="upgraded to its cluster's version, which is v1.31.8"):
        engine(ske, ahead).run("present", ahead)
    ske.client.upgrade_cluster(cluster_id, "v1.32.5")
    ske.admin.advance(10)
    result = engine(ske, dict(ahead, desired_node_count=3)).run("present", dict(ahead, desired_node_count=3))
    assert result["nodepool"]["kubernetes_version"] == "v1.32.5" and result["nodepool"]["current_node_count"] == 3
    assert [entry["path"].rsplit("/", 1)[-1] for entry in calls(ske, "PUT")][-2:][1] == "upgrade"
    down = dict(wanted, kubernetes_version="v1.31.8")
    with pytest.raises(ResourceError, match="SKE does not downgrade"):
        engine(ske, down).run("present", down)


def test_a_lost_create_answer_adopts_the_pool_without_a_second_post(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id)
    ske.admin.once({"method": "POST", "path_regex": "/v1/nodepools$", "kind": "reset_after"})
    result = engine(ske, wanted).run("present", wanted)
    assert result["changed"] is True and result["nodepool"]["status"] == "Running"
    assert len(calls(ske, "POST")) == 1 and len(ske.client.list_nodepools(cluster_id)) == 1


def test_delete_waits_until_gone_and_again_is_a_no_op(ske):
    cluster_id = a_cluster(ske)
    wanted = dict(POOL, cluster_id=cluster_id)
    pool = engine(ske, wanted, wait=False).run("present", wanted)["nodepool"]
    assert pool["status"] == "ScalingUp"
    result = engine(ske, wanted, state="absent").run("absent", wanted)
    assert result["changed"] is True and ske.client.get_nodepool(pool["id"]) is None
    assert engine(ske, wanted, state="absent").run("absent", wanted)["changed"] is False
    gone_cluster = dict(POOL, cluster_name="no-such-cluster")
    assert engine(ske, gone_cluster, state="absent").run("absent", gone_cluster)["changed"] is False


def test_the_task_and_the_info_module_list_pools_and_versions(ske):
    cluster_id = a_cluster(ske)
    task_params = dict(
        ske.params,
        state="present",
        wait=True,
        wait_timeout=60,
        cluster_id=cluster_id,
        cluster_name=None,
        nodepool_id=None,
        kubernetes_version=None,
        min_node_count=None,
        max_node_count=None,
        custom_image_id=None,
        **POOL,
    )
    created = tasks.nodepool(task_params)
    assert created["changed"] is True and created["nodepool"]["status"] == "Running"
    info = tasks.cluster_info(
        dict(
            ske.params,
            cluster_id=cluster_id,
            name=None,
            status=None,
            details=False,
            page_size=50,
            nodepools=True,
            kubernetes_versions=True,
        )
    )
    pools = info["clusters"][0]["nodepools"]
    assert [pool["name"] for pool in pools] == ["workers"] and pools[0]["desired_node_count"] == 2
    assert "v1.32.5" in [item["kubernetes_version"] for item in info["kubernetes_versions"]]
    plain = tasks.cluster_info(
        dict(ske.params, cluster_id=cluster_id, name=None, status=None, details=False, page_size=50)
    )
    assert "kubernetes_versions" not in plain and "nodepools" not in plain["clusters"][0]


# --- the cluster's day-two options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,fragment",
    [
        ({"public_endpoint_access_control_ip": " "}, "public_endpoint_access_control_ip: must not be empty"),
        (
            {"private_endpoint_access_control_resources": [{"id": "vm-1", "name": "", "type": "vm"}]},
            "private_endpoint_access_control_resources[0]: give name",
        ),
    ],
)
def test_cluster_access_control_options_are_checked(changes, fragment):
    cluster = dict(
        cluster_id=None,
        name="web",
        kubernetes_version="v1.31.8",
        security_group_id_list=None,
        public_endpoint_access_control_ip=None,
        private_endpoint_access_control_resources=None,
        wait_timeout=60,
        state="present",
    )
    with pytest.raises(InputError) as caught:
        checks.check_cluster_params(dict(cluster, **changes))
    assert fragment in str(caught.value)
    checks.check_cluster_params(
        dict(cluster, private_endpoint_access_control_resources=[{"id": "vm-1", "name": "bastion", "type": "vm"}])
    )
