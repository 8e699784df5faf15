# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS payload mapping and the update planner, without a server."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import model
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.eks.samples import (
    API_CLUSTER,
    ROLE,
)


def test_cluster_state_uses_option_names():
    assert model.cluster_state(API_CLUSTER) == {
        "name": "c1",
        "version": "1.29",
        "role_arn": ROLE,
        "subnets": ["subnet-1", "subnet-2"],
        "security_groups": ["sg-1"],
        "endpoint_public_access": True,
        "endpoint_private_access": False,
        "public_access_cidrs": ["0.0.0.0/0"],
        "logging": ["api", "audit"],
        "kubernetes_network_config": {"service_ipv4_cidr": "10.100.0.0/16", "ip_family": "ipv4"},
        # what EKS does when CreateCluster does not say: CONFIG_MAP, EXTENDED, no zonal shift, no protection
        "access_config": {"authentication_mode": "CONFIG_MAP"},
        "upgrade_policy": {"support_type": "EXTENDED"},
        "zonal_shift": False,
        "deletion_protection": False,
        "encryption_config": {},
        "tags": {"team": "a", "env": "prod"},
    }


def test_day_two_settings_map_both_ways():
    key = "arn:aws:kms:eu-west-1:123456789012:key/k1"
    record = dict(
        API_CLUSTER,
        accessConfig={"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
        upgradePolicy={"supportType": "STANDARD"},
        zonalShiftConfig={"enabled": True},
        deletionProtection=True,
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
    )
    state = model.cluster_state(record)
    assert state["access_config"] == {
        "authentication_mode": "API",
        "bootstrap_cluster_creator_admin_permissions": False,
    }
    assert state["upgrade_policy"] == {"support_type": "STANDARD"}
    assert (state["zonal_shift"], state["deletion_protection"]) == (True, True)
    assert state["encryption_config"] == {"key_arn": key}
    payload = model.cluster_create_payload(
        dict(state, role_arn=ROLE, subnets=["subnet-1", "subnet-2"], logging=[], tags={}), "token"
    )
    assert payload["accessConfig"] == {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False}
    assert payload["upgradePolicy"] == {"supportType": "STANDARD"}
    assert payload["zonalShiftConfig"] == {"enabled": True} and payload["deletionProtection"] is True
    assert payload["encryptionConfig"] == record["encryptionConfig"]


def test_day_two_changes_plan_one_update_each_and_the_mode_one_step_at_a_time():
    current = model.cluster_state(API_CLUSTER)
    changes = {
        "access_config": {"authentication_mode": "API"},
        "upgrade_policy": {"support_type": "STANDARD"},
        "zonal_shift": True,
        "deletion_protection": True,
        "encryption_config": {"key_arn": "alias/eks"},
    }
    steps = model.plan_cluster_updates(current, changes)
    assert [(step.update_type, step.payload) for step in steps] == [
        ("AccessConfigUpdate", {"accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}}),
        ("AccessConfigUpdate", {"accessConfig": {"authenticationMode": "API"}}),
        ("UpgradePolicyUpdate", {"upgradePolicy": {"supportType": "STANDARD"}}),
        ("ZonalShiftConfigUpdate", {"zonalShiftConfig": {"enabled": True}}),
        ("DeletionProtectionUpdate", {"deletionProtection": True}),
        (
            "AssociateEncryptionConfig",
            {"encryptionConfig": [{"resources": ["secrets"], "provider": {"keyArn": "alias/eks"}}]},
        ),
    ]
    assert steps[-1].kind == "encryption"
    with pytest.raises(ResourceError, match=r"^access_config.authentication_mode: .* from API back to CONFIG_MAP"):
        model.plan_cluster_updates(
            dict(current, access_config={"authentication_mode": "API"}),
            {"access_config": {"authentication_mode": "CONFIG_MAP"}},
        )


def test_cluster_output_adds_what_users_ask_for():
    output = model.cluster_output(API_CLUSTER)
    assert output["endpoint"] == API_CLUSTER["endpoint"]
    assert output["certificate_authority_data"] == "Q0E="
    assert output["oidc_issuer"] == "https://oidc.eks.eu-west-1.amazonaws.com/id/XYZ"
    assert output["status"] == "ACTIVE"
    assert output["created_at"] == "2023-11-14T22:13:20.500000+00:00"
    assert output["health_issues"] == [{"code": "Other", "message": "m", "resource_ids": ["r"]}]
    assert output["cluster_security_group_id"] == "sg-c"


def test_a_creating_cluster_maps_without_endpoint_or_identity():
    creating = {
        "name": "c1",
        "status": "CREATING",
        "endpoint": None,
        "certificateAuthority": {},
        "identity": None,
        "resourcesVpcConfig": {"subnetIds": ["subnet-1", "subnet-2"]},
    }
    output = model.cluster_output(creating)
    assert output["endpoint"] is None and output["oidc_issuer"] is None and output["certificate_authority_data"] is None
    assert output["logging"] == [] and output["tags"] == {}


def test_create_payload_maps_every_option_and_omits_the_unset():
    desired = {
        "name": "c1",
        "role_arn": ROLE,
        "subnets": ["subnet-1", "subnet-2"],
        "version": "1.31",
        "security_groups": ["sg-1"],
        "endpoint_private_access": True,
        "public_access_cidrs": ["203.0.113.0/24"],
        "logging": ["audit"],
        "kubernetes_network_config": {"service_ipv4_cidr": "172.20.0.0/16"},
        "tags": {"a": "b"},
    }
    assert model.cluster_create_payload(desired, "token-1") == {
        "name": "c1",
        "roleArn": ROLE,
        "clientRequestToken": "token-1",
        "version": "1.31",
        "resourcesVpcConfig": {
            "subnetIds": ["subnet-1", "subnet-2"],
            "securityGroupIds": ["sg-1"],
            "endpointPrivateAccess": True,
            "publicAccessCidrs": ["203.0.113.0/24"],
        },
        "kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16"},
        "logging": {
            "clusterLogging": [
                {"types": ["audit"], "enabled": True},
                {"types": ["api", "authenticator", "controllerManager", "scheduler"], "enabled": False},
            ]
        },
        "tags": {"a": "b"},
    }
    minimal = model.cluster_create_payload(
        {"name": "c1", "role_arn": ROLE, "subnets": ["subnet-1", "subnet-2"], "tags": {}}, "t"
    )
    assert set(minimal) == {"name", "roleArn", "resourcesVpcConfig", "clientRequestToken"}


def test_logging_payload_enables_and_disables_every_type():
    assert model.logging_payload([]) == {"clusterLogging": [{"types": list(model.LOG_TYPES), "enabled": False}]}
    assert model.logging_payload(list(model.LOG_TYPES))["clusterLogging"] == [
        {"types": sorted(model.LOG_TYPES), "enabled": True}
    ]


def test_nodegroup_state_and_create_payload_round_trip():
    desired = {
        "name": "ng",
        "node_role": ROLE,
        "subnets": ["subnet-1"],
        "scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 2},
        "disk_size": 40,
        "instance_types": ["m6i.large"],
        "ami_type": "AL2023_x86_64_STANDARD",
        "remote_access": {"ec2_ssh_key": "key", "source_sg": ["sg-1"]},
        "update_config": {"max_unavailable_percentage": 25, "update_strategy": "DEFAULT"},
        "node_repair_config": {"enabled": False},
        "labels": {"a": "b"},
        "taints": [{"key": "k", "effect": "NO_SCHEDULE"}],
        "capacity_type": "SPOT",
        "version": "1.30",
        "release_version": "1.30.11-20250505",
        "tags": {"t": "v"},
    }
    payload = model.nodegroup_create_payload(desired, "token")
    assert payload["nodegroupName"] == "ng" and payload["clientRequestToken"] == "token"
    assert payload["scalingConfig"] == {"minSize": 1, "maxSize": 3, "desiredSize": 2}
    assert payload["remoteAccess"] == {"ec2SshKey": "key", "sourceSecurityGroups": ["sg-1"]}
    assert payload["updateConfig"] == {"maxUnavailablePercentage": 25, "updateStrategy": "DEFAULT"}
    record = dict(payload, clusterName="c1", status="ACTIVE")
    state = model.nodegroup_state(record)
    assert {key: state[key] for key in desired} == desired


# --- the planner ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "current, target, path",
    [
        ("1.29", "1.29", []),
        ("1.29", "1.30", ["1.30"]),
        ("1.29", "1.31", ["1.30", "1.31"]),
        ("1.28", "1.33", ["1.29", "1.30", "1.31", "1.32", "1.33"]),
    ],
)
def test_version_path_goes_one_minor_at_a_time(current, target, path):
    assert model.version_path(current, target) == path


@pytest.mark.parametrize("current, target", [("1.31", "1.30"), ("1.29", "2.0"), ("1.29", "1.9")])
def test_version_path_refuses_downgrades(current, target):
    with pytest.raises(ResourceError, match="never downgrades"):
        model.version_path(current, target)


def test_tag_changes_with_and_without_purge():
    assert model.tag_changes({"a": "1", "b": "2"}, {"a": "1", "c": "3"}, purge=True) == ({"c": "3"}, ["b"])
    assert model.tag_changes({"a": "1", "b": "2"}, {"a": "9"}, purge=False) == ({"a": "9"}, [])
    assert model.merged_tags({"a": "1"}, {"b": "2"}, purge=False) == {"a": "1", "b": "2"}
    assert model.merged_tags({"a": "1"}, {"b": "2"}, purge=True) == {"b": "2"}


def test_planner_orders_tags_config_kinds_then_upgrades():
    current = model.cluster_state(API_CLUSTER)
    changes = {
        "tags": {"team": "b"},
        "version": "1.31",
        "logging": [],
        "endpoint_private_access": True,
        "public_access_cidrs": ["203.0.113.0/24"],
        "security_groups": ["sg-2"],
    }
    steps = model.plan_cluster_updates(current, changes)
    assert [(step.kind, step.update_type) for step in steps] == [
        ("tags", None),
        ("config", "EndpointAccessUpdate"),
        ("config", "VpcConfigUpdate"),
        ("config", "LoggingUpdate"),
        ("version", "VersionUpdate"),
        ("version", "VersionUpdate"),
    ]
    assert steps[0].tags == {"team": "b"} and steps[0].untag == ["env"]
    assert steps[1].payload == {
        "resourcesVpcConfig": {"endpointPrivateAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]}
    }
    assert steps[2].payload == {"resourcesVpcConfig": {"securityGroupIds": ["sg-2"]}}
    assert steps[3].payload == {"logging": {"clusterLogging": [{"types": list(model.LOG_TYPES), "enabled": False}]}}
    assert [step.version for step in steps[4:]] == ["1.30", "1.31"]


def test_planner_sends_each_kind_of_config_change_alone():
    current = model.cluster_state(API_CLUSTER)
    assert [step.update_type for step in model.plan_cluster_updates(current, {"logging": ["api"]})] == ["LoggingUpdate"]
    assert model.plan_cluster_updates(current, {}) == []


def test_nodegroup_planner_puts_config_in_one_update_and_version_in_another():
    current = {
        "scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 2},
        "labels": {"a": "1", "b": "2"},
        "taints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}, {"key": "x", "effect": "NO_EXECUTE"}],
        "tags": {},
        "version": "1.29",
        "launch_template": {"id": "lt-1", "version": "1"},
    }
    changes = {
        "scaling_config": {"desired_size": 3},
        "labels": {"a": "1", "c": "3"},
        "taints": [{"key": "x", "effect": "NO_EXECUTE"}, {"key": "n", "effect": "PREFER_NO_SCHEDULE"}],
        "version": "1.30",
        "launch_template": {"id": "lt-1", "version": "2"},
        "update_config": {"max_unavailable": 2},
    }
    config, version = model.plan_nodegroup_updates(current, changes)
    assert config.payload == {
        "scalingConfig": {"minSize": 1, "maxSize": 3, "desiredSize": 3},
        "updateConfig": {"maxUnavailable": 2},
        "labels": {"addOrUpdateLabels": {"c": "3"}, "removeLabels": ["b"]},
        "taints": {
            "addOrUpdateTaints": [{"key": "n", "effect": "PREFER_NO_SCHEDULE"}],
            "removeTaints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}],
        },
    }
    assert version.payload == {"version": "1.30", "launchTemplate": {"id": "lt-1", "version": "2"}}


def test_update_summary_flattens_params_and_errors():
    summary = model.update_summary(
        {
            "id": "u1",
            "type": "VersionUpdate",
            "status": "Failed",
            "params": [{"type": "Version", "value": "1.30"}],
            "errors": [{"errorCode": "Unknown", "errorMessage": "boom", "resourceIds": ["c1"]}],
        }
    )
    assert summary == {
        "id": "u1",
        "type": "VersionUpdate",
        "status": "Failed",
        "params": {"Version": "1.30"},
        "errors": [{"code": "Unknown", "message": "boom", "resource_ids": ["c1"]}],
    }


def test_health_note_lists_the_issues_for_failure_messages():
    assert model.health_note(API_CLUSTER) == " (Other: m)"
    two = {"health": {"issues": [{"code": "A", "message": "x"}, {"code": "B", "message": "y"}]}}
    assert model.health_note(two) == " (A: x; B: y)"
    assert model.health_note({"health": {"issues": []}}) == "" and model.health_note({}) == ""


def test_update_strategy_node_repair_and_force_in_the_node_group_plan():
    current = {
        "update_config": {"max_unavailable": 1, "update_strategy": "DEFAULT"},
        "node_repair_config": {"enabled": False},
        "version": "1.29",
    }
    changes = {
        "update_config": {"max_unavailable_percentage": 50, "update_strategy": "MINIMAL"},
        "node_repair_config": {"enabled": True},
        "version": "1.30",
    }
    config, version = model.plan_nodegroup_updates(current, changes, force=True)
    # giving the percentage replaces the count; the strategy goes with it; node repair in the same update
    assert config.payload == {
        "updateConfig": {"maxUnavailablePercentage": 50, "updateStrategy": "MINIMAL"},
        "nodeRepairConfig": {"enabled": True},
    }
    assert version.payload == {"version": "1.30", "force": True}
    (only,) = model.plan_nodegroup_updates(current, {"update_config": {"update_strategy": "MINIMAL"}})
    assert only.payload == {"updateConfig": {"maxUnavailable": 1, "updateStrategy": "MINIMAL"}}
    assert "force" not in model.plan_nodegroup_updates(current, {"version": "1.30"})[0].payload
    payload = model.nodegroup_create_payload(
        {
            "name": "ng",
            "node_role": "r",
            "subnets": ["s"],
            "update_config": {"update_strategy": "MINIMAL"},
            "node_repair_config": {"enabled": True},
        },
        "token",
    )
    assert payload["updateConfig"] == {"updateStrategy": "MINIMAL"}
    assert payload["nodeRepairConfig"] == {"enabled": True}
