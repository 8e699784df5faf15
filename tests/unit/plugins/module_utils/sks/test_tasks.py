# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS tasks against the emulator: the info and kubeconfig flows, and the wiring of the cluster task."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import tasks


def sks_requests(emulator, method=None):
    return [(entry["method"], entry["template"]) for entry in emulator.admin.log(cloud="sks", method=method)]


def test_cluster_info_checks_the_id_before_any_call(emulator):
    with pytest.raises(InputError, match="is not an SKS cluster id"):
        tasks.cluster_info({"id": "c1", "name": None, "include_deprecated_versions": False})
    assert sks_requests(emulator) == []


def connection(emulator):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    credentials = for_cloud("sks")
    return {
        "endpoint": emulator.cloud_url("sks"),
        "zone": "ch-gva-2",
        "api_key": credentials["api_key"],
        "api_secret": credentials["api_secret"],
        "validate_certs": True,
        "request_timeout": 10,
    }


def test_cluster_info_lists_the_clusters_and_the_versions(emulator):
    seeded = emulator.admin.seed("sks", count=1, name="seeded")["seeded"][0]
    result = tasks.cluster_info(dict(connection(emulator), id=None, name="seeded", include_deprecated_versions=False))
    assert not result["changed"]
    assert [cluster["id"] for cluster in result["clusters"]] == [seeded]
    assert result["clusters"][0]["zone"] == "ch-gva-2"
    assert result["versions"][0] == "1.33.2"


def cluster_params(emulator, **params):
    return dict(
        connection(emulator),
        **dict(
            {
                "state": "present",
                "id": None,
                "name": "c1",
                "description": None,
                "labels": None,
                "level": "starter",
                "cni": None,
                "auto_upgrade": None,
                "oidc": None,
                "addons": None,
                "version": None,
                "delete_nodepools": False,
                "wait": True,
                "wait_timeout": 30,
            },
            **params,
        ),
    )


def test_cluster_checks_before_any_call_and_plans_in_check_mode(emulator):
    with pytest.raises(InputError, match="version must look like 1.31.2"):
        tasks.cluster(cluster_params(emulator, version="1.31"))
    assert sks_requests(emulator) == []
    planned = tasks.cluster(cluster_params(emulator), check_mode=True)
    assert planned["changed"] and planned["diff"]["after"]["level"] == "starter"
    assert all(method == "GET" for method, _template in sks_requests(emulator))


def test_nodepool_refuses_an_unknown_instance_type(emulator):
    emulator.admin.seed("sks", count=1, name="c1")
    params = dict(
        connection(emulator),
        state="present",
        cluster="c1",
        name="workers",
        description=None,
        instance_type="standard.colossal",
        size=1,
        disk_size=20,
        labels=None,
        taints=None,
        security_groups=None,
        anti_affinity_groups=None,
        private_networks=None,
        instance_prefix=None,
        wait=True,
        wait_timeout=30,
    )
    with pytest.raises(InputError, match="'standard.colossal' is not an instance type of zone ch-gva-2"):
        tasks.nodepool(params)


def test_kubeconfig_cluster_id(client, emulator):
    cluster = {"id": emulator.admin.seed("sks", count=1, name="c1")["seeded"][0]}
    emulator.admin.clear_log()
    assert tasks.kubeconfig_cluster_id(client, cluster["id"]) == cluster["id"]
    assert sks_requests(emulator) == []
    assert tasks.kubeconfig_cluster_id(client, "c1") == cluster["id"]
    with pytest.raises(ResourceError, match="no SKS cluster 'c2'"):
        tasks.kubeconfig_cluster_id(client, "c2")


# --- cluster extras and credential rotations -------------------------------------------------------------------

TOKEN = "audit-bearer-token-value"


def writes(emulator):
    return [request for request in sks_requests(emulator) if request[0] != "GET"]


def test_cluster_extras_are_created_compared_changed_and_refused(emulator):
    from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ReplaceRefused

    audit = {"endpoint": "https://audit.example.com", "bearer_token": TOKEN, "initial_backoff": None, "enabled": True}
    extras = {
        "feature_gates": ["InPlacePodVerticalScaling"],
        "create_default_security_group": True,
        "enable_kube_proxy": False,
        "audit": dict(audit),
    }
    created = tasks.cluster(cluster_params(emulator, **extras))
    assert created["changed"]
    cluster = created["cluster"]
    assert cluster["feature_gates"] == ["InPlacePodVerticalScaling"] and cluster["enable_kube_proxy"] is False
    assert cluster["create_default_security_group"] and cluster["default_security_group_id"]
    assert cluster["audit"] == {"enabled": True, "endpoint": "https://audit.example.com", "initial_backoff": "10s"}
    assert TOKEN not in repr(created)
    emulator.admin.clear_log()
    others = {key: value for key, value in extras.items() if key != "audit"}
    # a fresh audit dict: the first run may have changed the one it was given
    again = tasks.cluster(cluster_params(emulator, audit=dict(audit), **others))
    assert not again["changed"] and sks_requests(emulator) == [("GET", "/sks-cluster")]

    changed = tasks.cluster(
        cluster_params(emulator, feature_gates=[], audit={"enabled": False, "endpoint": None, "bearer_token": None})
    )
    assert changed["changed"] and changed["cluster"]["feature_gates"] == []
    assert changed["cluster"]["audit"]["enabled"] is False
    assert changed["diff"]["before"]["feature_gates"] == ["InPlacePodVerticalScaling"]

    emulator.admin.clear_log()
    with pytest.raises(ReplaceRefused, match="enable_kube_proxy"):
        tasks.cluster(cluster_params(emulator, enable_kube_proxy=True))
    with pytest.raises(InputError, match="audit.bearer_token is required to enable audit logging"):
        tasks.cluster(cluster_params(emulator, audit={"enabled": True, "bearer_token": None}))
    assert writes(emulator) == []


def test_turning_audit_back_on_sends_the_new_token_and_answers_never_carry_it(emulator):
    tokens = emulator.state.store.collection("sks", "audit-tokens")
    audit = {"endpoint": "https://audit.example.com", "bearer_token": TOKEN, "enabled": True}
    cluster_id = tasks.cluster(cluster_params(emulator, audit=dict(audit)))["cluster"]["id"]
    assert tokens.get(cluster_id)["bearer-token"] == TOKEN
    tasks.cluster(cluster_params(emulator, audit={"enabled": False}))
    emulator.admin.clear_log()
    enabled = tasks.cluster(cluster_params(emulator, audit=dict(audit, bearer_token="second-token-value")))
    assert enabled["changed"] and enabled["cluster"]["audit"]["enabled"] is True
    assert tokens.get(cluster_id)["bearer-token"] == "second-token-value"
    assert "second-token-value" not in repr(enabled)
    assert writes(emulator) == [("PUT", "/sks-cluster/<cluster_id>")]


def test_a_cluster_with_audit_needs_an_endpoint_and_a_token_before_any_call(emulator):
    with pytest.raises(InputError, match="audit.bearer_token is required to create SKS cluster 'c1'"):
        tasks.cluster(cluster_params(emulator, audit={"enabled": True, "endpoint": "https://a.example.com"}))
    assert writes(emulator) == []


def test_rotations_are_actions_reported_as_changes(emulator):
    tasks.cluster(cluster_params(emulator, addons=["exoscale-cloud-controller"]))
    emulator.admin.clear_log()
    planned = tasks.cluster(cluster_params(emulator, rotate_credentials=["ccm", "operators_ca"]), check_mode=True)
    assert planned["changed"] and planned["rotated"] == ["ccm", "operators_ca"]
    assert writes(emulator) == []

    done = tasks.cluster(cluster_params(emulator, rotate_credentials=["operators_ca", "ccm"]))
    assert done["changed"] and done["rotated"] == ["operators_ca", "ccm"]
    assert done["cluster"]["state"] == "running"
    assert writes(emulator) == [
        ("PUT", "/sks-cluster/<cluster_id>/rotate-operators-ca"),
        ("PUT", "/sks-cluster/<cluster_id>/rotate-ccm-credentials"),
    ]

    emulator.admin.clear_log()
    assert not tasks.cluster(cluster_params(emulator))["changed"]
    with pytest.raises(
        ResourceError, match="karpenter needs the karpenter addon, which SKS cluster 'c1' does not have"
    ):
        tasks.cluster(cluster_params(emulator, rotate_credentials=["ccm", "karpenter"]))
    assert writes(emulator) == []


# --- node pool extras and evictions ----------------------------------------------------------------------------


def nodepool_params(emulator, **params):
    return dict(
        connection(emulator),
        **dict(
            {
                "state": "present",
                "cluster": "c1",
                "name": "workers",
                "description": None,
                "instance_type": "standard.small",
                "size": 3,
                "disk_size": 20,
                "labels": None,
                "taints": None,
                "security_groups": None,
                "anti_affinity_groups": None,
                "private_networks": None,
                "instance_prefix": None,
                "public_ip_assignment": None,
                "kubelet_image_gc": None,
                "deploy_target": None,
                "evict_nodes": None,
                "wait": True,
                "wait_timeout": 30,
            },
            **params,
        ),
    )


def test_nodepool_settings_are_created_compared_and_changed(emulator):
    emulator.admin.seed("sks", count=1, name="c1", nodepools=0)
    gc = {"high_threshold": 90, "low_threshold": 70, "min_age": "5m"}
    created = tasks.nodepool(
        nodepool_params(emulator, public_ip_assignment="dual", kubelet_image_gc=dict(gc), deploy_target="edge-gva")
    )
    pool = created["nodepool"]
    assert pool["public_ip_assignment"] == "dual" and pool["kubelet_image_gc"] == gc
    assert pool["deploy_target"] and pool["deploy_target"] != "edge-gva"
    emulator.admin.clear_log()
    again = tasks.nodepool(
        nodepool_params(emulator, instance_type=pool["instance_type"], kubelet_image_gc={"min_age": "5m"})
    )
    assert not again["changed"] and sks_requests(emulator) == [("GET", "/sks-cluster")]

    changed = tasks.nodepool(nodepool_params(emulator, kubelet_image_gc={"high_threshold": 95}, deploy_target=""))
    assert changed["changed"]
    assert changed["nodepool"]["kubelet_image_gc"] == dict(gc, high_threshold=95)
    assert changed["nodepool"]["deploy_target"] == ""
    with pytest.raises(ResourceError, match="low_threshold \\(70\\) must be less than high_threshold \\(60\\)"):
        tasks.nodepool(nodepool_params(emulator, kubelet_image_gc={"high_threshold": 60}))
    with pytest.raises(InputError, match="deploy_target: 'nowhere' is not a deploy target of zone ch-gva-2"):
        tasks.nodepool(nodepool_params(emulator, deploy_target="nowhere"))


def test_evicted_nodes_are_replaced_and_a_rerun_evicts_nothing(emulator):
    emulator.admin.seed("sks", count=1, name="c1", nodepools=0)
    created = tasks.nodepool(nodepool_params(emulator))["nodepool"]
    members = emulator_members(emulator, created["instance_pool_id"])
    assert len(members) == 3
    old = members[0]
    emulator.admin.clear_log()

    planned = tasks.nodepool(nodepool_params(emulator, evict_nodes=[old["name"]]), check_mode=True)
    assert planned["changed"] and planned["evicted"] == [{"id": old["id"], "name": old["name"]}]
    assert planned["diff"]["before"]["size"] == 2 and planned["diff"]["after"]["size"] == 3
    assert writes(emulator) == []

    done = tasks.nodepool(nodepool_params(emulator, evict_nodes=[old["name"], "not-a-node"]))
    assert done["changed"] and done["evicted"] == [{"id": old["id"], "name": old["name"]}]
    assert done["nodepool"]["size"] == 3
    assert writes(emulator) == [
        ("PUT", "/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>:evict"),
        ("PUT", "/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>:scale"),
    ]
    now = emulator_members(emulator, created["instance_pool_id"])
    assert len(now) == 3 and old["id"] not in [item["id"] for item in now]

    emulator.admin.clear_log()
    rerun = tasks.nodepool(nodepool_params(emulator, evict_nodes=[old["name"], old["id"]]))
    assert not rerun["changed"] and rerun["evicted"] == []
    assert writes(emulator) == []


def emulator_members(emulator, instance_pool_id):
    """The node pool's compute instances, as the API lists them."""
    from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.client import client_from_params

    return client_from_params(connection(emulator)).instance_pool_members(instance_pool_id)
