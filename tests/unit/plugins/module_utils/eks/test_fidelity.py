# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EKS tasks against the in-process emulator, where the emulator follows botocore's model and waiters (issue 15)."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import client as eks_client, tasks

ROLE = "arn:aws:iam::123456789012:role/eks"
SUBNETS = ["subnet-01", "subnet-02"]
REGION = "eu-west-1"
STACK_TAG = {"aws:cloudformation:stack-name": "eksctl-c1-cluster"}


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import eks as eks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[eks_cloud.CLOUD], discover=False, config={"speed": 500})


def connection(emulator):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    credentials = for_cloud("eks")
    return {
        "endpoint": emulator.cloud_url("eks"),
        "access_key": credentials["access_key"],
        "secret_key": credentials["secret_key"],
        "session_token": None,
        "profile": None,
        "region": REGION,
        "validate_certs": True,
        "ca_path": None,
        "request_timeout": 10,
    }


def cluster(emulator, warnings=None, check_mode=False, **overrides):
    params = dict(
        connection(emulator),
        name="c1",
        state="present",
        version="1.30",
        role_arn=ROLE,
        subnets=SUBNETS,
        security_groups=None,
        endpoint_public_access=None,
        endpoint_private_access=None,
        public_access_cidrs=None,
        logging=None,
        kubernetes_network_config=None,
        tags={"team": "a"},
        purge_tags=True,
        wait=True,
        wait_timeout=120,
    )
    params.update(overrides)
    return tasks.cluster(params, check_mode=check_mode, warn=(warnings if warnings is not None else []).append)


def nodegroup(emulator, warnings=None, check_mode=False, **overrides):
    params = dict(
        connection(emulator),
        name="ng",
        cluster_name="c1",
        state="present",
        node_role=ROLE,
        subnets=["subnet-01"],
        scaling_config={"min_size": 1, "max_size": 3, "desired_size": 1},
        update_config=None,
        disk_size=None,
        instance_types=None,
        ami_type=None,
        remote_access=None,
        capacity_type=None,
        launch_template=None,
        labels=None,
        taints=None,
        version=None,
        release_version=None,
        tags={"t": "1"},
        purge_tags=True,
        wait=True,
        wait_timeout=120,
    )
    params.update(overrides)
    return tasks.nodegroup(params, check_mode=check_mode, warn=(warnings if warnings is not None else []).append)


def writes(emulator, path_regex):
    return [
        (entry["method"], entry["path"])
        for entry in emulator.admin.log(cloud="eks", path_regex=path_regex)
        if entry["method"] != "GET"
    ]


# --- 1. purge_tags never touches aws: keys --------------------------------------------------------------------


def test_purge_tags_leaves_the_aws_keys_of_a_cluster_alone(emulator):
    arn = cluster(emulator)["cluster"]["arn"]
    emulator.admin.seed("eks", aws_tags={"cluster": "c1", "region": REGION, "tags": STACK_TAG})
    client = eks_client.client_from_params(connection(emulator))
    with pytest.raises(ApiError) as refused:
        client.untag_resource(arn, list(STACK_TAG))
    assert (refused.value.status, refused.value.code) == (400, "BadRequestException")
    emulator.admin.clear_log()
    again = cluster(emulator)
    assert again["changed"] is False and writes(emulator, "/tags/") == []
    changed = cluster(emulator, tags={"team": "b"})
    assert changed["changed"] is True
    assert changed["cluster"]["tags"] == dict(STACK_TAG, team="b")
    assert [method for method, _path in writes(emulator, "/tags/")] == ["POST"]


def test_purge_tags_leaves_the_aws_keys_of_a_node_group_alone(emulator):
    cluster(emulator)
    nodegroup(emulator, tags={"t": "1", "old": "x"})
    emulator.admin.seed("eks", aws_tags={"cluster": "c1", "nodegroup": "ng", "region": REGION, "tags": STACK_TAG})
    emulator.admin.clear_log()
    result = nodegroup(emulator)
    assert result["changed"] is True and result["nodegroup"]["tags"] == dict(STACK_TAG, t="1")
    untagged = [path for method, path in writes(emulator, "/tags/") if method == "DELETE"]
    assert len(untagged) == 1
    assert nodegroup(emulator)["changed"] is False


# --- 2. a DEGRADED node group is settled ------------------------------------------------------------------------


def test_a_degraded_node_group_is_settled_warned_about_and_can_be_scaled(emulator):
    cluster(emulator)
    nodegroup(emulator)
    emulator.admin.seed("eks", nodegroup_health={"cluster": "c1", "nodegroup": "ng", "region": REGION})
    warnings = []
    unchanged = nodegroup(emulator, warnings)
    assert unchanged["changed"] is False and unchanged["nodegroup"]["status"] == "DEGRADED"
    assert any("DEGRADED" in warning and "AsgInstanceLaunchFailures" in warning for warning in warnings)
    scaled = nodegroup(emulator, scaling_config={"min_size": 1, "max_size": 3, "desired_size": 2})
    assert scaled["changed"] is True and scaled["nodegroup"]["scaling_config"]["desired_size"] == 2
    assert [(item["type"], item["status"]) for item in scaled["updates"]] == [("ConfigUpdate", "Successful")]


# --- 3. IPv6 public_access_cidrs -------------------------------------------------------------------------------


def test_ipv6_public_access_cidrs_on_an_ipv6_cluster(emulator):
    created = cluster(
        emulator,
        kubernetes_network_config={"ip_family": "ipv6"},
        public_access_cidrs=["0.0.0.0/0", "::/0"],
    )
    assert sorted(created["cluster"]["public_access_cidrs"]) == ["0.0.0.0/0", "::/0"]
    narrowed = cluster(emulator, public_access_cidrs=["203.0.113.0/24", "2001:db8::/32"])
    assert narrowed["changed"] is True
    assert sorted(narrowed["cluster"]["public_access_cidrs"]) == ["2001:db8::/32", "203.0.113.0/24"]


def test_ipv6_cidrs_on_an_ipv4_cluster_are_refused_before_any_call(emulator):
    cluster(emulator)
    emulator.admin.clear_log()
    with pytest.raises(InputError, match=r"^public_access_cidrs: 2001:db8::/32 are IPv6 CIDR blocks.*is ipv4"):
        cluster(emulator, public_access_cidrs=["2001:db8::/32"])
    assert writes(emulator, "/eks/") == []


# --- 4. launch_template with both id and name ---------------------------------------------------------------


def test_a_launch_template_with_id_and_name_is_refused_before_any_call(emulator):
    cluster(emulator)
    emulator.admin.clear_log()
    with pytest.raises(InputError, match=r"^launch_template: .*not both"):
        nodegroup(emulator, launch_template={"id": "lt-0123", "name": "workers", "version": "1"})
    assert writes(emulator, "node-groups") == []
    # EKS refuses it too
    client = eks_client.client_from_params(connection(emulator))
    payload = {
        "nodegroupName": "ng",
        "nodeRole": ROLE,
        "subnets": ["subnet-01"],
        "launchTemplate": {"id": "lt-0123", "name": "workers"},
    }
    with pytest.raises(ApiError) as refused:
        client.create_nodegroup("c1", payload)
    assert (refused.value.status, refused.value.code) == (400, "InvalidParameterException")


# --- 5. subnets and security groups change in place ---------------------------------------------------------


def test_subnets_and_security_groups_change_through_one_vpc_config_update(emulator):
    cluster(emulator, security_groups=["sg-0001"])
    changed = cluster(emulator, subnets=["subnet-03", "subnet-04"], security_groups=["sg-0002"])
    assert changed["changed"] is True
    assert [(item["type"], item["status"]) for item in changed["updates"]] == [("VpcConfigUpdate", "Successful")]
    assert sorted(changed["cluster"]["subnets"]) == ["subnet-03", "subnet-04"]
    assert changed["cluster"]["security_groups"] == ["sg-0002"]
    assert cluster(emulator, subnets=["subnet-04", "subnet-03"], security_groups=["sg-0002"])["changed"] is False


# --- 6. the delete waiter fails as botocore's ClusterDeleted does -------------------------------------------


def test_a_deletion_that_does_not_go_through_fails_at_once(emulator):
    cluster(emulator, tags={"mockcloud/fail-delete": "true"})
    with pytest.raises(WaitFailed, match="the deletion did not go through: the cluster is ACTIVE again"):
        cluster(emulator, state="absent", wait_timeout=20)


# --- 7. throttling answered with HTTP 400 is retried ---------------------------------------------------------


@pytest.mark.parametrize("code", ["ThrottlingException", "Throttling", "RequestThrottledException"])
def test_throttling_answered_with_400_is_retried_as_botocore_does(emulator, code):
    emulator.admin.seed("eks", throttle={"times": 2, "method": "POST", "path_regex": "/clusters$", "code": code})
    client = eks_client.client_from_params(connection(emulator))
    client.http.sleep = lambda _seconds: None
    created = client.create_cluster(
        {"name": "c1", "roleArn": ROLE, "resourcesVpcConfig": {"subnetIds": SUBNETS}, "clientRequestToken": "t-1"}
    )
    assert created["name"] == "c1"
    assert [entry["status"] for entry in emulator.admin.log(cloud="eks", method="POST")] == [400, 400, 200]


def test_other_400_answers_are_not_retried(emulator):
    client = eks_client.client_from_params(connection(emulator))
    with pytest.raises(ApiError) as refused:
        client.create_cluster({"name": "c1", "roleArn": "not-a-role", "resourcesVpcConfig": {"subnetIds": SUBNETS}})
    assert refused.value.code == "InvalidParameterException" and client.http.calls == 1


@pytest.mark.parametrize(
    "status, code, retried",
    [
        (400, "ThrottlingException", True),
        (400, "Throttling", True),
        (400, "ThrottledException", True),
        (400, "RequestThrottledException", True),
        (400, "ProvisionedThroughputExceededException", True),
        (509, None, True),
        (400, "InvalidParameterException", False),
        (409, "ThrottlingException", False),
    ],
)
def test_the_throttling_answers_of_botocores_retry_policy(status, code, retried):
    assert eks_client.is_throttled(ApiError(status=status, code=code)) is retried


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_node_group_of_a_missing_cluster_fails_the_same_way_in_check_mode(emulator, check_mode):
    """Check mode read the node group only, found none and planned it: the real run then failed on the cluster."""
    with pytest.raises(ResourceError, match="cluster_name: no EKS cluster is named 'ghost'"):
        nodegroup(emulator, check_mode=check_mode, cluster_name="ghost")
    assert writes(emulator, "node-groups") == []
