# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS without a server: option checks, payload mapping, the update planner, and the engine with a fake API."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils import eks_resources as eks
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import ReplaceRefused, Resource, ResourceError

ROLE = "arn:aws:iam::123456789012:role/eks"

API_CLUSTER = {
    "name": "c1",
    "arn": "arn:aws:eks:eu-west-1:123456789012:cluster/c1",
    "createdAt": 1700000000.5,
    "version": "1.29",
    "endpoint": "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
    "roleArn": ROLE,
    "resourcesVpcConfig": {"subnetIds": ["subnet-1", "subnet-2"], "securityGroupIds": ["sg-1"], "clusterSecurityGroupId": "sg-c",
                           "vpcId": "vpc-1", "endpointPublicAccess": True, "endpointPrivateAccess": False,
                           "publicAccessCidrs": ["0.0.0.0/0"]},
    "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4", "elasticLoadBalancing": {"enabled": False}},
    "logging": {"clusterLogging": [{"types": ["audit", "api"], "enabled": True},
                                   {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": False}]},
    "identity": {"oidc": {"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/XYZ"}},
    "status": "ACTIVE",
    "certificateAuthority": {"data": "Q0E="},
    "platformVersion": "eks.7",
    "tags": {"team": "a", "env": "prod"},
    "health": {"issues": [{"code": "Other", "message": "m", "resourceIds": ["r"]}]},
}


def cluster_params(**overrides):
    params = {"name": "c1", "state": "present", "version": None, "role_arn": ROLE, "subnets": ["subnet-1", "subnet-2"],
              "security_groups": None, "endpoint_public_access": None, "endpoint_private_access": None, "public_access_cidrs": None,
              "logging": None, "kubernetes_network_config": None, "tags": None, "purge_tags": True, "wait": True, "wait_timeout": 60}
    params.update(overrides)
    return params


# --- option checks -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["c", "C1", "a-b_c", "9" * 100])
def test_valid_cluster_names(name):
    eks.check_name(name)


@pytest.mark.parametrize("name", ["", "-a", "_a", "a.b", "a b", "é", "a" * 101])
def test_invalid_cluster_names_name_the_option(name):
    with pytest.raises(ResourceError, match=r"^name: .*1 to 100 characters"):
        eks.check_name(name)


@pytest.mark.parametrize("overrides, message", [
    ({"subnets": ["subnet-1"]}, r"^subnets: .*at least two"),
    ({"subnets": ["subnet-1", "subnet-1"]}, r"^subnets: .*at least two"),
    ({"version": "1.29.3"}, r"^version: '1.29.3' is not a Kubernetes minor version"),
    ({"role_arn": "arn:aws:iam::12:role/x"}, r"^role_arn: "),
    ({"security_groups": ["sg-%d" % index for index in range(6)]}, r"^security_groups: at most 5"),
    ({"public_access_cidrs": ["10.0.0.1/8"]}, r"^public_access_cidrs: '10.0.0.1/8' is not a valid CIDR"),
    ({"public_access_cidrs": ["2001:db8::/32"]}, r"^public_access_cidrs: .*not an IPv4"),
    ({"endpoint_public_access": False, "endpoint_private_access": False}, r"at least one of the two endpoints"),
    ({"kubernetes_network_config": {"service_ipv4_cidr": "100.64.0.0/16"}}, r"service_ipv4_cidr: .*inside 10.0.0.0/8"),
    ({"kubernetes_network_config": {"service_ipv4_cidr": "10.0.0.0/8"}}, r"service_ipv4_cidr: .*/12 to /24"),
    ({"tags": {"aws:reserved": "x"}}, r"^tags: the key 'aws:reserved' uses the reserved prefix"),
    ({"tags": {"k%d" % index: "v" for index in range(51)}}, r"^tags: at most 50 tags"),
    ({"tags": {"k": "v" * 257}}, r"^tags: the value of 'k'"),
    ({"wait_timeout": -1}, r"^wait_timeout: "),
])
def test_cluster_option_checks(overrides, message):
    with pytest.raises(ResourceError, match=message):
        eks.check_cluster_options(cluster_params(**overrides))


def test_absent_needs_only_a_valid_name():
    eks.check_cluster_options(cluster_params(state="absent", subnets=["only-one"], version="nonsense"))


def test_valid_cluster_options_pass():
    eks.check_cluster_options(cluster_params(version="1.31", security_groups=["sg-1"], public_access_cidrs=["203.0.113.0/24"],
                                             kubernetes_network_config={"service_ipv4_cidr": "172.20.0.0/16"}, tags={"a": "b"}))


@pytest.mark.parametrize("overrides, message", [
    ({"scaling_config": {"min_size": 3, "max_size": 2}}, r"min_size \(3\) is larger than max_size \(2\)"),
    ({"scaling_config": {"min_size": 1, "max_size": 2, "desired_size": 3}}, r"desired_size \(3\) must lie between"),
    ({"scaling_config": {"min_size": 2, "desired_size": 1}}, r"desired_size \(1\) must lie between"),
    ({"update_config": {"max_unavailable_percentage": 101}}, r"max_unavailable_percentage: must be between 1 and 100"),
    ({"taints": [{"key": "k" * 64, "effect": "NO_SCHEDULE"}]}, r"^taints: "),
    ({"launch_template": {"version": "2"}}, r"^launch_template: give the id or the name"),
    ({"name": "bad name"}, r"^name: "),
    ({"version": "latest"}, r"^version: "),
    ({"disk_size": 0}, r"^disk_size: must be 1 or more"),
])
def test_nodegroup_option_checks(overrides, message):
    params = {"name": "ng", "cluster_name": "c1", "state": "present", "node_role": ROLE, "subnets": ["subnet-1"],
              "scaling_config": None, "update_config": None, "taints": None, "launch_template": None, "tags": None, "version": None}
    params.update(overrides)
    with pytest.raises(ResourceError, match=message):
        eks.check_nodegroup_options(params)


# --- mapping -------------------------------------------------------------------------------------------------

def test_cluster_state_uses_option_names():
    assert eks.cluster_state(API_CLUSTER) == {
        "name": "c1", "version": "1.29", "role_arn": ROLE, "subnets": ["subnet-1", "subnet-2"], "security_groups": ["sg-1"],
        "endpoint_public_access": True, "endpoint_private_access": False, "public_access_cidrs": ["0.0.0.0/0"],
        "logging": ["api", "audit"], "kubernetes_network_config": {"service_ipv4_cidr": "10.100.0.0/16", "ip_family": "ipv4"},
        "tags": {"team": "a", "env": "prod"},
    }


def test_cluster_output_adds_what_users_ask_for():
    output = eks.cluster_output(API_CLUSTER)
    assert output["endpoint"] == API_CLUSTER["endpoint"]
    assert output["certificate_authority_data"] == "Q0E="
    assert output["oidc_issuer"] == "https://oidc.eks.eu-west-1.amazonaws.com/id/XYZ"
    assert output["status"] == "ACTIVE"
    assert output["created_at"] == "2023-11-14T22:13:20.500000+00:00"
    assert output["health_issues"] == [{"code": "Other", "message": "m", "resource_ids": ["r"]}]
    assert output["cluster_security_group_id"] == "sg-c"


def test_a_creating_cluster_maps_without_endpoint_or_identity():
    creating = {"name": "c1", "status": "CREATING", "endpoint": None, "certificateAuthority": {}, "identity": None,
                "resourcesVpcConfig": {"subnetIds": ["subnet-1", "subnet-2"]}}
    output = eks.cluster_output(creating)
    assert output["endpoint"] is None and output["oidc_issuer"] is None and output["certificate_authority_data"] is None
    assert output["logging"] == [] and output["tags"] == {}


def test_create_payload_maps_every_option_and_omits_the_unset():
    desired = {"name": "c1", "role_arn": ROLE, "subnets": ["subnet-1", "subnet-2"], "version": "1.31", "security_groups": ["sg-1"],
               "endpoint_private_access": True, "public_access_cidrs": ["203.0.113.0/24"], "logging": ["audit"],
               "kubernetes_network_config": {"service_ipv4_cidr": "172.20.0.0/16"}, "tags": {"a": "b"}}
    assert eks.cluster_create_payload(desired, "token-1") == {
        "name": "c1", "roleArn": ROLE, "clientRequestToken": "token-1", "version": "1.31",
        "resourcesVpcConfig": {"subnetIds": ["subnet-1", "subnet-2"], "securityGroupIds": ["sg-1"], "endpointPrivateAccess": True,
                               "publicAccessCidrs": ["203.0.113.0/24"]},
        "kubernetesNetworkConfig": {"serviceIpv4Cidr": "172.20.0.0/16"},
        "logging": {"clusterLogging": [{"types": ["audit"], "enabled": True},
                                       {"types": ["api", "authenticator", "controllerManager", "scheduler"], "enabled": False}]},
        "tags": {"a": "b"},
    }
    minimal = eks.cluster_create_payload({"name": "c1", "role_arn": ROLE, "subnets": ["subnet-1", "subnet-2"], "tags": {}}, "t")
    assert set(minimal) == {"name", "roleArn", "resourcesVpcConfig", "clientRequestToken"}


def test_logging_payload_enables_and_disables_every_type():
    assert eks.logging_payload([]) == {"clusterLogging": [{"types": list(eks.api.LOG_TYPES), "enabled": False}]}
    assert eks.logging_payload(list(eks.api.LOG_TYPES))["clusterLogging"] == [{"types": sorted(eks.api.LOG_TYPES), "enabled": True}]


def test_nodegroup_state_and_create_payload_round_trip():
    desired = {"name": "ng", "node_role": ROLE, "subnets": ["subnet-1"], "scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 2},
               "disk_size": 40, "instance_types": ["m6i.large"], "ami_type": "AL2023_x86_64_STANDARD",
               "remote_access": {"ec2_ssh_key": "key", "source_sg": ["sg-1"]}, "update_config": {"max_unavailable_percentage": 25},
               "labels": {"a": "b"}, "taints": [{"key": "k", "effect": "NO_SCHEDULE"}], "capacity_type": "SPOT", "version": "1.30",
               "release_version": "1.30.11-20250505", "tags": {"t": "v"}}
    payload = eks.nodegroup_create_payload(desired, "token")
    assert payload["nodegroupName"] == "ng" and payload["clientRequestToken"] == "token"
    assert payload["scalingConfig"] == {"minSize": 1, "maxSize": 3, "desiredSize": 2}
    assert payload["remoteAccess"] == {"ec2SshKey": "key", "sourceSecurityGroups": ["sg-1"]}
    assert payload["updateConfig"] == {"maxUnavailablePercentage": 25}
    record = dict(payload, clusterName="c1", status="ACTIVE")
    state = eks.nodegroup_state(record)
    assert {key: state[key] for key in desired} == desired


# --- the planner ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("current, target, path", [
    ("1.29", "1.29", []),
    ("1.29", "1.30", ["1.30"]),
    ("1.29", "1.31", ["1.30", "1.31"]),
    ("1.28", "1.33", ["1.29", "1.30", "1.31", "1.32", "1.33"]),
])
def test_version_path_goes_one_minor_at_a_time(current, target, path):
    assert eks.version_path(current, target) == path


@pytest.mark.parametrize("current, target", [("1.31", "1.30"), ("1.29", "2.0"), ("1.29", "1.9")])
def test_version_path_refuses_downgrades(current, target):
    with pytest.raises(ResourceError, match="never downgrades"):
        eks.version_path(current, target)


def test_tag_changes_with_and_without_purge():
    assert eks.tag_changes({"a": "1", "b": "2"}, {"a": "1", "c": "3"}, purge=True) == ({"c": "3"}, ["b"])
    assert eks.tag_changes({"a": "1", "b": "2"}, {"a": "9"}, purge=False) == ({"a": "9"}, [])
    assert eks.merged_tags({"a": "1"}, {"b": "2"}, purge=False) == {"a": "1", "b": "2"}
    assert eks.merged_tags({"a": "1"}, {"b": "2"}, purge=True) == {"b": "2"}


def test_planner_orders_tags_config_kinds_then_upgrades():
    current = eks.cluster_state(API_CLUSTER)
    changes = {"tags": {"team": "b"}, "version": "1.31", "logging": [], "endpoint_private_access": True,
               "public_access_cidrs": ["203.0.113.0/24"], "security_groups": ["sg-2"]}
    steps = eks.plan_cluster_updates(current, changes)
    assert [(step.kind, step.update_type) for step in steps] == [
        ("tags", None), ("config", "EndpointAccessUpdate"), ("config", "VpcConfigUpdate"), ("config", "LoggingUpdate"),
        ("version", "VersionUpdate"), ("version", "VersionUpdate")]
    assert steps[0].tags == {"team": "b"} and steps[0].untag == ["env"]
    assert steps[1].payload == {"resourcesVpcConfig": {"endpointPrivateAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]}}
    assert steps[2].payload == {"resourcesVpcConfig": {"securityGroupIds": ["sg-2"]}}
    assert steps[3].payload == {"logging": {"clusterLogging": [{"types": list(eks.api.LOG_TYPES), "enabled": False}]}}
    assert [step.version for step in steps[4:]] == ["1.30", "1.31"]


def test_planner_sends_each_kind_of_config_change_alone():
    current = eks.cluster_state(API_CLUSTER)
    assert [step.update_type for step in eks.plan_cluster_updates(current, {"logging": ["api"]})] == ["LoggingUpdate"]
    assert eks.plan_cluster_updates(current, {}) == []


def test_nodegroup_planner_puts_config_in_one_update_and_version_in_another():
    current = {"scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 2}, "labels": {"a": "1", "b": "2"},
               "taints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}, {"key": "x", "effect": "NO_EXECUTE"}],
               "tags": {}, "version": "1.29", "launch_template": {"id": "lt-1", "version": "1"}}
    changes = {"scaling_config": {"desired_size": 3}, "labels": {"a": "1", "c": "3"},
               "taints": [{"key": "x", "effect": "NO_EXECUTE"}, {"key": "n", "effect": "PREFER_NO_SCHEDULE"}],
               "version": "1.30", "launch_template": {"id": "lt-1", "version": "2"}, "update_config": {"max_unavailable": 2}}
    config, version = eks.plan_nodegroup_updates(current, changes)
    assert config.payload == {
        "scalingConfig": {"minSize": 1, "maxSize": 3, "desiredSize": 3},
        "updateConfig": {"maxUnavailable": 2},
        "labels": {"addOrUpdateLabels": {"c": "3"}, "removeLabels": ["b"]},
        "taints": {"addOrUpdateTaints": [{"key": "n", "effect": "PREFER_NO_SCHEDULE"}],
                   "removeTaints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}]},
    }
    assert version.payload == {"version": "1.30", "launchTemplate": {"id": "lt-1", "version": "2"}}


def test_update_summary_flattens_params_and_errors():
    summary = eks.update_summary({"id": "u1", "type": "VersionUpdate", "status": "Failed",
                                  "params": [{"type": "Version", "value": "1.30"}],
                                  "errors": [{"errorCode": "Unknown", "errorMessage": "boom", "resourceIds": ["c1"]}]})
    assert summary == {"id": "u1", "type": "VersionUpdate", "status": "Failed", "params": {"Version": "1.30"},
                       "errors": [{"code": "Unknown", "message": "boom", "resource_ids": ["c1"]}]}


# --- the engine with a fake API: what is decided before any write --------------------------------------------

class FakeClient:
    """Answers DescribeCluster from a dict and records every other call."""

    region = "eu-west-1"

    def __init__(self, cluster=None):
        self.cluster = cluster
        self.calls = []

    def describe_cluster(self, name):
        self.calls.append(("describe_cluster", name))
        return self.cluster

    def __getattr__(self, name):
        def record(*args):
            self.calls.append((name,) + args)
            raise AssertionError("unexpected write %s in this test" % name)
        return record


def run_engine(client, check_mode=False, **overrides):
    params = cluster_params(**overrides)
    adapter = eks.ClusterAdapter(client, params, wait=True, sleep=lambda _seconds: None)
    resource = Resource(eks.cluster_spec(params["purge_tags"]), adapter, check_mode=check_mode, wait=True)
    return resource.run(params["state"], params, name=params["name"]), adapter


def test_unchanged_cluster_costs_one_read():
    client = FakeClient(dict(API_CLUSTER))
    result, adapter = run_engine(client, version="1.29", logging=["audit", "api"], tags={"env": "prod", "team": "a"})
    assert result["changed"] is False
    assert client.calls == [("describe_cluster", "c1")]
    assert adapter.updates == []


def test_check_mode_plans_an_upgrade_without_writing():
    client = FakeClient(dict(API_CLUSTER))
    result, adapter = run_engine(client, check_mode=True, version="1.31", tags={"new": "x"}, purge_tags=False)
    assert result["changed"] is True
    assert result["diff"]["after"]["version"] == "1.31"
    assert result["diff"]["after"]["tags"] == {"team": "a", "env": "prod", "new": "x"}
    assert [(item["type"], item["params"]) for item in adapter.planned] == [
        ("TagUpdate", {"set": {"new": "x"}, "remove": []}), ("VersionUpdate", {"version": "1.30"}), ("VersionUpdate", {"version": "1.31"})]
    assert client.calls == [("describe_cluster", "c1")]


def test_downgrade_is_refused_in_check_mode_too():
    client = FakeClient(dict(API_CLUSTER))
    with pytest.raises(ResourceError, match="from 1.29 to 1.28"):
        run_engine(client, check_mode=True, version="1.28")


def test_create_only_changes_are_refused_with_the_differences():
    client = FakeClient(dict(API_CLUSTER))
    with pytest.raises(ReplaceRefused) as caught:
        run_engine(client, role_arn="arn:aws:iam::123456789012:role/other", subnets=["subnet-2", "subnet-3"])
    assert set(caught.value.details["refused"]) == {"role_arn", "subnets"}
    assert "role/other" in str(caught.value)
    assert client.calls == [("describe_cluster", "c1")]


def test_subnets_in_another_order_are_not_a_change():
    client = FakeClient(dict(API_CLUSTER))
    result, _adapter = run_engine(client, subnets=["subnet-2", "subnet-1"])
    assert result["changed"] is False


def test_a_missing_cluster_without_role_or_subnets_is_refused_before_creating():
    client = FakeClient(None)
    with pytest.raises(ResourceError, match=r"^role_arn and subnets: required to create EKS cluster 'c1'"):
        run_engine(client, check_mode=True, role_arn=None, subnets=None)


def test_a_failed_cluster_fails_at_once_with_its_health_issues():
    client = FakeClient(dict(API_CLUSTER, status="FAILED"))
    with pytest.raises(Exception, match=r"status FAILED \(Other: m\)"):
        run_engine(client)
    assert client.calls == [("describe_cluster", "c1")]


def test_taints_compare_whatever_the_key_order():
    spec = eks.nodegroup_spec()
    engine = Resource(spec, api=None)
    current = {"taints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}]}
    assert engine.changes({"taints": [{"effect": "NO_SCHEDULE", "value": "v", "key": "k"}]}, current) == {}
    assert engine.changes({"taints": []}, current) == {"taints": []}


class GoneOnDelete(FakeClient):
    """A cluster that disappears before the DELETE call reaches it (a retried delete, a concurrent one)."""

    def describe_cluster(self, name):
        self.calls.append(("describe_cluster", name))
        return self.cluster if len(self.calls) == 1 else None

    def delete_cluster(self, name):
        self.calls.append(("delete_cluster", name))
        raise ApiError(status=404, code="ResourceNotFoundException", message="No cluster found for name: c1.")


def test_a_cluster_gone_before_its_delete_is_deleted_without_waiting():
    client = GoneOnDelete(dict(API_CLUSTER))
    result, _adapter = run_engine(client, state="absent")
    assert result["changed"] is True
    assert client.calls == [("describe_cluster", "c1"), ("delete_cluster", "c1")]
