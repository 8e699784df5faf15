# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS model: payload mapping both ways, names of instance types, versions."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import model as api

CLUSTER_ID = "8561ee34-09f0-42da-a765-abde807f944b"


# --- payload mapping -----------------------------------------------------------------------------------------


def test_cluster_payload_uses_the_api_names_and_drops_unset_values():
    desired = {
        "name": "c1",
        "description": "d",
        "labels": {"a": "b"},
        "level": "pro",
        "cni": "cilium",
        "auto_upgrade": True,
        "addons": ["metrics-server", "exoscale-cloud-controller", "metrics-server"],
        "version": "1.33.2",
        "oidc": {
            "client_id": "k8s",
            "issuer_url": "https://id.example.com",
            "groups_claim": None,
            "required_claim": {"hd": "example.com"},
        },
    }
    assert api.cluster_payload(desired) == {
        "name": "c1",
        "description": "d",
        "labels": {"a": "b"},
        "level": "pro",
        "cni": "cilium",
        "auto-upgrade": True,
        "addons": ["exoscale-cloud-controller", "metrics-server"],
        "version": "1.33.2",
        "oidc": {"client-id": "k8s", "issuer-url": "https://id.example.com", "required-claim": {"hd": "example.com"}},
    }


def test_update_payload_never_carries_version_level_or_cni():
    changes = {"version": "1.33.2", "level": "pro", "cni": "cilium", "description": "new", "auto_upgrade": False}
    assert api.cluster_payload(changes, api.CLUSTER_UPDATE_FIELDS) == {"description": "new", "auto-upgrade": False}


def test_cluster_state_round_trips_the_payload():
    desired = {
        "name": "c1",
        "description": "d",
        "labels": {"a": "b"},
        "level": "starter",
        "cni": "calico",
        "auto_upgrade": False,
        "addons": ["metrics-server"],
        "version": "1.32.6",
        "oidc": {"client_id": "k8s", "issuer_url": "https://id.example.com", "username_claim": "email"},
        "feature_gates": ["InPlacePodVerticalScaling"],
        "enable_kube_proxy": False,
    }
    record = dict(api.cluster_payload(desired), id=CLUSTER_ID, state="running")
    state = api.cluster_state(record)
    assert state.pop("id") == CLUSTER_ID
    # Read-only in the record: audit (answered without its token) and the default security group's id.
    assert state.pop("audit") == {"enabled": False}
    assert state.pop("create_default_security_group") is False
    assert state == desired


def test_create_only_cluster_options_are_sent_at_creation_and_never_in_an_update():
    desired = {"name": "c1", "create_default_security_group": True, "enable_kube_proxy": False}
    assert api.cluster_payload(desired) == {
        "name": "c1",
        "create-default-security-group": True,
        "enable-kube-proxy": False,
    }
    assert api.cluster_payload(desired, api.CLUSTER_UPDATE_FIELDS) == {"name": "c1"}
    assert set(api.CLUSTER_SPEC.create_only) == {"cni", "create_default_security_group", "enable_kube_proxy"}
    state = api.cluster_state({"id": CLUSTER_ID, "default-security-group-id": CLUSTER_ID, "enable-kube-proxy": True})
    assert state["create_default_security_group"] is True and state["enable_kube_proxy"] is True


def test_audit_payloads_carry_the_token_and_the_state_never_does():
    audit = {"enabled": True, "endpoint": "https://audit.example.com", "initial_backoff": "30s"}
    assert api.audit_payload(audit, "t0ken-value", create=True) == {
        "endpoint": "https://audit.example.com",
        "initial-backoff": "30s",
        "bearer-token": "t0ken-value",
    }
    assert api.audit_payload({"enabled": False}, "t0ken-value", create=True) is None
    assert api.audit_payload({"enabled": False}) == {"enabled": False}
    record_audit = {"enabled": True, "endpoint": "https://audit.example.com", "initial-backoff": "30s"}
    assert api.audit_state(record_audit) == audit
    assert api.audit_state(None) == {"enabled": False}


def test_cluster_state_normalises_missing_fields():
    state = api.cluster_state({"id": CLUSTER_ID, "name": "c1", "level": "pro", "version": "1.33.2"})
    assert state["description"] == ""
    assert state["labels"] == {}
    assert state["addons"] == []
    assert state["oidc"] is None
    assert state["auto_upgrade"] is False


def test_cluster_output_summarises_node_pools_and_adds_the_zone():
    record = {
        "id": CLUSTER_ID,
        "name": "c1",
        "state": "running",
        "endpoint": "https://x",
        "nodepools": [
            {
                "id": "p1",
                "name": "workers",
                "state": "running",
                "size": 3,
                "instance-type": {"id": "t1"},
                "disk-size": 50,
                "version": "1.33.2",
                "labels": {"secret": "not returned"},
            }
        ],
    }
    output = api.cluster_output(record, "de-fra-1")
    assert output["zone"] == "de-fra-1"
    assert output["nodepools"] == [
        {
            "id": "p1",
            "name": "workers",
            "state": "running",
            "size": 3,
            "instance_type": "t1",
            "disk_size": 50,
            "version": "1.33.2",
        }
    ]


def test_nodepool_payload_maps_references_and_taints():
    desired = {
        "name": "workers",
        "instance_type": "t1",
        "size": 2,
        "disk_size": 50,
        "labels": {"role": "w"},
        "taints": [{"key": "dedicated", "value": "batch", "effect": "NoSchedule"}],
        "security_groups": ["sg2", "sg1"],
        "anti_affinity_groups": [],
        "private_networks": ["pn1"],
        "instance_prefix": "w",
        "description": None,
    }
    assert api.nodepool_payload(desired) == {
        "name": "workers",
        "size": 2,
        "disk-size": 50,
        "labels": {"role": "w"},
        "instance-prefix": "w",
        "instance-type": {"id": "t1"},
        "taints": {"dedicated": {"value": "batch", "effect": "NoSchedule"}},
        "security-groups": [{"id": "sg1"}, {"id": "sg2"}],
        "anti-affinity-groups": [],
        "private-networks": [{"id": "pn1"}],
    }


def test_nodepool_payload_maps_the_node_settings():
    desired = {
        "name": "workers",
        "public_ip_assignment": "dual",
        "kubelet_image_gc": {"high_threshold": 90, "low_threshold": 70, "min_age": "5m"},
        "deploy_target": "",
    }
    created = api.nodepool_payload(desired)
    assert created == {
        "name": "workers",
        "public-ip-assignment": "dual",
        "kubelet-image-gc": {"high-threshold": 90, "low-threshold": 70, "min-age": "5m"},
    }
    # In an update, "" removes the deploy target (null); only the fields asked for are sent; size never is.
    assert api.nodepool_payload({"deploy_target": "", "size": 3}, ["deploy_target"]) == {"deploy-target": None}
    assert api.nodepool_payload({"size": 3}, []) == {}
    assert api.nodepool_payload({"deploy_target": "d1"}, ["deploy_target"]) == {"deploy-target": {"id": "d1"}}
    state = api.nodepool_state(dict(created, **{"deploy-target": {"id": "d1"}}))
    assert state["public_ip_assignment"] == "dual"
    assert state["kubelet_image_gc"] == desired["kubelet_image_gc"]
    assert state["deploy_target"] == "d1"
    bare = api.nodepool_state({"name": "workers"})
    assert (bare["public_ip_assignment"], bare["kubelet_image_gc"], bare["deploy_target"]) == ("inet4", {}, "")


def test_nodepool_update_payload_is_limited_to_the_fields_asked():
    assert api.nodepool_payload({"size": 4, "labels": {}}, ["labels"]) == {"labels": {}}


def test_nodepool_state_round_trips_the_payload():
    desired = {
        "name": "workers",
        "description": "",
        "instance_type": "t1",
        "size": 2,
        "disk_size": 50,
        "labels": {},
        "taints": [
            {"key": "a", "value": "1", "effect": "NoExecute"},
            {"key": "b", "value": "2", "effect": "NoSchedule"},
        ],
        "security_groups": ["sg1"],
        "anti_affinity_groups": ["aag1"],
        "private_networks": [],
        "instance_prefix": "pool",
        "public_ip_assignment": "dual",
        "kubelet_image_gc": {"high_threshold": 85, "low_threshold": 80, "min_age": "2m"},
        "deploy_target": "d1",
    }
    state = api.nodepool_state(dict(api.nodepool_payload(desired), id="p1"))
    assert state.pop("id") == "p1"
    assert state == desired


@pytest.mark.parametrize(
    "wanted, expected",
    [
        ("standard.medium", ["m"]),
        ("medium", ["m"]),
        ("STANDARD.Medium", ["m"]),
        ("cpu.medium", ["c"]),
        ("5d0c7bb2-0000-4c1e-9d36-000000000001", ["5d0c7bb2-0000-4c1e-9d36-000000000001"]),
        ("standard.huge", []),
    ],
)
def test_match_instance_type_accepts_ids_and_names_like_the_cli(wanted, expected):
    types = [
        {"id": "m", "family": "standard", "size": "medium"},
        {"id": "c", "family": "cpu", "size": "medium"},
        {"id": "5d0c7bb2-0000-4c1e-9d36-000000000001", "family": "gpu", "size": "small"},
    ]
    assert [item["id"] for item in api.match_instance_type(types, wanted)] == expected


def test_versions_are_compared_as_numbers():
    assert api.newest_version(["1.9.10", "1.31.2", "1.31.10", "1.30.14"]) == "1.31.10"
    assert api.newest_version([]) is None
