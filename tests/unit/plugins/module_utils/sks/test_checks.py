# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SKS option checks: each names the bad option, before any call."""

from __future__ import annotations

import re

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import checks

ISSUER = "https://login.example.com"


# --- option checks -------------------------------------------------------------------------------------------


def cluster_options(**overrides):
    params = {
        "id": None,
        "name": "c1",
        "description": None,
        "labels": None,
        "version": None,
        "oidc": None,
        "addons": None,
    }
    params.update(overrides)
    return params


def test_cluster_params_normalise_oidc_and_addons():
    params = checks.cluster_params(
        cluster_options(
            oidc={
                "client_id": "k8s",
                "issuer_url": ISSUER,
                "username_claim": None,
                "username_prefix": None,
                "groups_claim": "groups",
                "groups_prefix": None,
                "required_claim": {},
            },
            addons=["metrics-server", "exoscale-cloud-controller", "metrics-server"],
        )
    )
    assert params["oidc"] == {"client_id": "k8s", "issuer_url": ISSUER, "groups_claim": "groups"}
    assert params["addons"] == ["exoscale-cloud-controller", "metrics-server"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": None}, "one of name or id"),
        ({"id": "c1"}, "id: 'c1' is not an SKS cluster id"),
        ({"name": "x" * 256}, "name must be 1 to 255 characters long, got 256"),
        ({"description": "d" * 256}, "description must be 0 to 255"),
        ({"labels": {"bad key!": "v"}}, "labels: 'bad key!' is not a valid label key"),
        ({"labels": {"k": 3}}, "the value of 'k' must be a string"),
        ({"version": "1.31"}, "version must look like 1.31.2"),
        ({"oidc": {"client_id": "k8s"}}, "oidc.issuer_url is required"),
        (
            {"oidc": {"client_id": "k8s", "issuer_url": "http://plain.example.com"}},
            "oidc.issuer_url must be an https:// URL",
        ),
        (
            {"oidc": {"client_id": "k8s", "issuer_url": ISSUER, "groups_prefix": "p" * 256}},
            "oidc.groups_prefix must be 1 to 255",
        ),
        (
            {"oidc": {"client_id": "k8s", "issuer_url": ISSUER, "required_claim": {"hd": 1}}},
            "oidc.required_claim must map",
        ),
    ],
)
def test_cluster_params_name_the_bad_option(overrides, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(".", r"\.")):
        checks.cluster_params(cluster_options(**overrides))


def nodepool_options(**overrides):
    params = {
        "name": "workers",
        "description": None,
        "instance_prefix": None,
        "size": None,
        "disk_size": None,
        "labels": None,
        "taints": None,
        "security_groups": None,
        "anti_affinity_groups": None,
        "private_networks": None,
    }
    params.update(overrides)
    return params


def test_nodepool_params_sort_taints_and_ids():
    sg1, sg2 = "8561ee34-09f0-42da-a765-abde807f944b", "0561EE34-09F0-42DA-A765-ABDE807F944B"
    params = checks.nodepool_params(
        nodepool_options(
            taints=[
                {"effect": "NoSchedule", "value": "2", "key": "b"},
                {"key": "a", "value": "1", "effect": "NoExecute"},
            ],
            security_groups=[sg1, sg2, sg1],
        )
    )
    assert params["taints"] == [
        {"key": "a", "value": "1", "effect": "NoExecute"},
        {"key": "b", "value": "2", "effect": "NoSchedule"},
    ]
    assert params["security_groups"] == [sg2.lower(), sg1]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"disk_size": 19}, "disk_size must be between 20 and 51200"),
        ({"disk_size": 51201}, "disk_size must be between 20 and 51200"),
        ({"size": -1}, "size must be at least 0"),
        ({"name": "Workers"}, "name: node pool names are lowercase only, got 'Workers'"),
        ({"instance_prefix": "Workers"}, "instance_prefix must be lowercase"),
        ({"instance_prefix": "w" * 31}, "instance_prefix must be 1 to 30"),
        ({"security_groups": ["web"]}, "security_groups: 'web' is not an id"),
        ({"anti_affinity_groups": ["%08d-0000-0000-0000-000000000000" % index for index in range(9)]}, "at most 8"),
        (
            {
                "taints": [
                    {"key": "a", "value": "1", "effect": "NoSchedule"},
                    {"key": "a", "value": "2", "effect": "NoSchedule"},
                ]
            },
            "given twice",
        ),
    ],
)
def test_nodepool_params_name_the_bad_option(overrides, message):
    with pytest.raises(InputError, match=message):
        checks.nodepool_params(nodepool_options(**overrides))


def test_nodepool_params_allow_size_0_which_scale_sks_nodepool_accepts():
    # openapi.json: scale-sks-nodepool's size has minimum 0; only create-sks-nodepool's is exclusive of 0
    assert checks.nodepool_params(nodepool_options(size=0))["size"] == 0
    with pytest.raises(InputError, match="size must be at least 1 to create node pool 'workers', got 0"):
        checks.check_nodepool_create({"name": "workers", "size": 0, "disk_size": 20, "instance_type": "t1"})


def test_karpenter_needs_the_cloud_controller():
    with pytest.raises(InputError, match="addons: karpenter needs exoscale-cloud-controller"):
        checks.cluster_params(cluster_options(addons=["karpenter", "metrics-server"]))
    assert checks.cluster_params(cluster_options(addons=["karpenter", "exoscale-cloud-controller"]))["addons"] == [
        "exoscale-cloud-controller",
        "karpenter",
    ]


def test_cluster_info_params_check_the_id():
    with pytest.raises(InputError, match="id: 'c1' is not an SKS cluster id"):
        checks.cluster_info_params({"id": "c1", "name": None})
    assert checks.cluster_info_params({"id": None, "name": "c1"}) == {"id": None, "name": "c1"}


def test_nodepool_create_needs_size_disk_and_type():
    with pytest.raises(InputError, match="instance_type is required to create node pool 'workers'"):
        checks.check_nodepool_create({"name": "workers", "size": 1, "disk_size": 20})
    checks.check_nodepool_create({"name": "workers", "size": 1, "disk_size": 20, "instance_type": "t1"})


def kubeconfig_options(**overrides):
    return dict({"user": "admin", "groups": ["system:masters"], "ttl": None, "renew_before": None}, **overrides)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"user": ""}, "user must not be empty"),
        ({"groups": ["a", ""]}, "groups must not hold empty names"),
        ({"ttl": 0}, "ttl: 0 is not a duration"),
        ({"ttl": "forever"}, "ttl: 'forever' is not a duration"),
        ({"ttl": 60, "renew_before": 120}, r"ttl \(60\) must be greater than renew_before \(120\)"),
    ],
)
def test_kubeconfig_params_name_the_bad_option(overrides, message):
    with pytest.raises(InputError, match=message):
        checks.kubeconfig_params(kubeconfig_options(**overrides))


# --- node settings, audit, feature gates and the explicit actions ---------------------------------------------


def test_audit_keeps_the_token_apart_and_defaults_to_enabled():
    params = checks.cluster_params(
        cluster_options(
            audit={"endpoint": "https://audit.example.com", "bearer_token": "s3cret-token", "initial_backoff": None},
            feature_gates=[
                "InPlacePodVerticalScaling",
                "AnonymousAuthConfigurableEndpoints",
                "InPlacePodVerticalScaling",
            ],
            rotate_credentials=["ccm", "operators_ca", "ccm"],
        )
    )
    assert params["audit"] == {"endpoint": "https://audit.example.com", "enabled": True}
    assert params["audit_bearer_token"] == "s3cret-token"
    assert params["feature_gates"] == ["AnonymousAuthConfigurableEndpoints", "InPlacePodVerticalScaling"]
    assert params["rotate_credentials"] == ["ccm", "operators_ca"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"audit": {"endpoint": "audit.example.com"}}, "audit.endpoint must be an http:// or https:// URL"),
        ({"audit": {"endpoint": "https://a.example.com/" + "x" * 2000}}, "audit.endpoint must be 1 to 2000"),
        ({"audit": {"initial_backoff": "10 seconds"}}, "audit.initial_backoff must be a duration"),
        ({"audit": {"initial_backoff": "1000000000s"}}, "audit.initial_backoff must be 1 to 10"),
        ({"audit": {"bearer_token": ""}}, "audit.bearer_token must be 1 to 2000"),
        ({"feature_gates": ["Foo=true"]}, "feature_gates: 'Foo=true' is not a Kubernetes feature gate name"),
        ({"rotate_credentials": ["ccm"], "state": "absent"}, "rotate_credentials: credentials can only be rotated"),
        ({"rotate_credentials": ["dns"]}, "rotate_credentials: 'dns' not one of ccm, csi, karpenter, operators_ca"),
    ],
)
def test_cluster_extras_name_the_bad_option(overrides, message):
    with pytest.raises(InputError, match=re.escape(message)):
        checks.cluster_params(cluster_options(**overrides))


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"kubelet_image_gc": {"high_threshold": 101}}, "kubelet_image_gc.high_threshold must be a percentage"),
        ({"kubelet_image_gc": {"low_threshold": -1}}, "kubelet_image_gc.low_threshold must be a percentage"),
        (
            {"kubelet_image_gc": {"high_threshold": 80, "low_threshold": 80}},
            "low_threshold (80) must be less than high_threshold (80)",
        ),
        ({"kubelet_image_gc": {"min_age": "two minutes"}}, "kubelet_image_gc.min_age must be a duration"),
        ({"evict_nodes": ["pool-1"], "state": "absent"}, "evict_nodes: nodes can only be evicted with state=present"),
        ({"evict_nodes": [""]}, "evict_nodes must not hold empty"),
    ],
)
def test_nodepool_extras_name_the_bad_option(overrides, message):
    with pytest.raises(InputError, match=re.escape(message)):
        checks.nodepool_params(nodepool_options(**overrides))


def test_kubelet_image_gc_accepts_go_durations_and_drops_unset_fields():
    params = checks.nodepool_params(
        nodepool_options(kubelet_image_gc={"high_threshold": 90, "low_threshold": None, "min_age": "1h30m"})
    )
    assert params["kubelet_image_gc"] == {"high_threshold": 90, "min_age": "1h30m"}


@pytest.mark.parametrize("ttl, seconds", [(86400, 86400), ("86400", 86400), ("12h", 43200), ("7d", 604800)])
def test_the_ttl_takes_seconds_or_a_duration_as_on_every_cloud(ttl, seconds):
    assert checks.kubeconfig_params(kubeconfig_options(ttl=ttl))["ttl"] == seconds
