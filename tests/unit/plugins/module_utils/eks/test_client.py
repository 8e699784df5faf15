# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EKS client and adapters against the emulator run in-process (signatures checked by botocore there)."""

from __future__ import annotations

import json

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import adapters, client as eks_client, model

ROLE = "arn:aws:iam::123456789012:role/eks"
SUBNETS = ["subnet-01", "subnet-02"]


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import eks as eks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[eks_cloud.CLOUD], discover=False, config={"speed": 200})


def params_for(emulator, **overrides):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    credentials = for_cloud("eks")
    params = {
        "endpoint": emulator.cloud_url("eks"),
        "access_key": credentials["access_key"],
        "secret_key": credentials["secret_key"],
        "session_token": None,
        "profile": None,
        "region": "eu-west-1",
        "validate_certs": True,
        "ca_path": None,
        "request_timeout": 10,
    }
    params.update(overrides)
    return params


@pytest.fixture
def client(emulator):
    return eks_client.client_from_params(params_for(emulator))


def requests_logged(emulator, method=None, path_regex=None):
    return emulator.admin.log(cloud="eks", method=method, path_regex=path_regex)


def create_payload(name, token="token-1", **extra):
    return dict(
        {"name": name, "roleArn": ROLE, "resourcesVpcConfig": {"subnetIds": SUBNETS}, "clientRequestToken": token},
        **extra,
    )


def cluster_params(**overrides):
    params = {
        "name": "c1",
        "state": "present",
        "version": "1.29",
        "role_arn": ROLE,
        "subnets": SUBNETS,
        "security_groups": None,
        "endpoint_public_access": None,
        "endpoint_private_access": None,
        "public_access_cidrs": None,
        "logging": None,
        "kubernetes_network_config": None,
        "tags": {"team": "a"},
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 60,
    }
    params.update(overrides)
    return params


def run_cluster(client, check_mode=False, **overrides):
    params = cluster_params(**overrides)
    adapter = adapters.ClusterAdapter(client, params, wait=params["wait"], sleep=lambda _seconds: None)
    resource = Resource(model.cluster_spec(params["purge_tags"]), adapter, check_mode=check_mode, wait=params["wait"])
    return resource.run(params["state"], params, name=params["name"]), adapter


# --- signatures --------------------------------------------------------------------------------------------


def test_a_wrong_secret_is_refused_as_aws_does(emulator):
    client = eks_client.client_from_params(params_for(emulator, secret_key="not-the-secret"))
    with pytest.raises(ApiError) as caught:
        client.list_cluster_names()
    assert (caught.value.status, caught.value.code) == (403, "InvalidSignatureException")
    assert "does not match" in caught.value.message


def test_an_unknown_key_is_refused(emulator):
    client = eks_client.client_from_params(params_for(emulator, access_key="AKIAUNKNOWN000000000"))
    with pytest.raises(ApiError) as caught:
        client.describe_cluster("c1")
    assert caught.value.code == "UnrecognizedClientException"


def test_session_credentials_sign_their_token(emulator):
    from mockcloud.clouds.eks import SESSION_CREDENTIALS  # pylint: disable=import-outside-toplevel

    good = eks_client.client_from_params(params_for(emulator, **SESSION_CREDENTIALS))
    assert good.list_cluster_names() == []
    tampered = eks_client.client_from_params(params_for(emulator, **dict(SESSION_CREDENTIALS, session_token="another")))
    with pytest.raises(ApiError) as caught:
        tampered.list_cluster_names()
    assert caught.value.status == 403


def test_a_signed_arn_in_the_path_round_trips(client, emulator):
    cluster = client.create_cluster(create_payload("c1"))
    client.tag_resource(cluster["arn"], {"a": "1", "b": "2"})
    client.untag_resource(cluster["arn"], ["a"])
    assert client.list_tags(cluster["arn"]) == {"b": "2"}
    paths = [entry["path"] for entry in requests_logged(emulator, path_regex="/tags/")]
    assert paths and all(path.endswith("cluster/c1") for path in paths)


# --- the emulator's EKS rules ----------------------------------------------------------------------------


def test_bodies_are_checked_against_the_service_model(client):
    with pytest.raises(ApiError) as caught:
        client.http.post(
            "/clusters", json=dict(create_payload("c1"), resourcesVpcConfig={"subnetIds": "subnet-01"}, extra=1)
        )
    assert (caught.value.status, caught.value.code) == (400, "InvalidParameterException")
    assert "subnetIds: expected a list" in caught.value.message and "'extra' is not a member" in caught.value.message


def test_a_retried_create_with_its_token_answers_the_same_cluster(client, emulator):
    emulator.admin.once({"method": "POST", "path_regex": "/eks/clusters$", "kind": "reset_after"})
    client.http.sleep = lambda _seconds: None
    cluster = client.create_cluster(create_payload("c1", token="retry-token"))
    assert cluster["name"] == "c1" and cluster["clientRequestToken"] == "retry-token"
    posts = requests_logged(emulator, method="POST")
    assert [entry["fault"] for entry in posts] == ["reset_after", None]
    assert client.list_cluster_names() == ["c1"]
    with pytest.raises(ApiError) as caught:
        client.create_cluster(create_payload("c1", token="another-token"))
    assert (caught.value.status, caught.value.code) == (409, "ResourceInUseException")


def test_one_kind_of_config_update_per_call_and_no_op_updates_are_refused(client, emulator):
    client.create_cluster(create_payload("c1"))
    emulator.admin.advance(30)
    with pytest.raises(ApiError, match="Only one type of update"):
        client.update_cluster_config(
            "c1", {"resourcesVpcConfig": {"endpointPrivateAccess": True}, "logging": model.logging_payload(["api"])}
        )
    with pytest.raises(ApiError, match="already at the desired configuration"):
        client.update_cluster_config("c1", {"resourcesVpcConfig": {"endpointPublicAccess": True}})


def test_upgrades_go_one_minor_version_at_a_time(client, emulator):
    client.create_cluster(create_payload("c1", version="1.29"))
    emulator.admin.advance(30)
    with pytest.raises(ApiError, match="Unsupported Kubernetes minor version update from 1.29 to 1.31"):
        client.update_cluster_version("c1", "1.31")
    update = client.update_cluster_version("c1", "1.30")
    assert update["status"] == "InProgress" and update["type"] == "VersionUpdate"
    with pytest.raises(ApiError) as caught:
        client.update_cluster_version("c1", "1.31")
    assert caught.value.code == "ResourceInUseException"
    emulator.admin.advance(30)
    assert client.describe_update("c1", update["id"])["status"] == "Successful"
    assert client.describe_cluster("c1")["version"] == "1.30"


def test_list_cluster_names_follows_every_page(client, emulator):
    emulator.admin.seed("eks", count=230, region="eu-west-1")
    emulator.admin.seed("eks", count=3, region="us-east-1", prefix="elsewhere")
    names = client.list_cluster_names()
    assert len(names) == 230 and names == sorted(names)
    assert len(requests_logged(emulator, method="GET", path_regex="/clusters$")) == 3


# --- adapters with the engine --------------------------------------------------------------------------------


def test_cluster_lifecycle_create_rerun_upgrade_delete(client, emulator):
    created, _adapter = run_cluster(client)
    assert created["changed"] and created["cluster"]["status"] == "ACTIVE"
    assert created["cluster"]["endpoint"].startswith("https://") and created["cluster"]["oidc_issuer"]

    emulator.admin.clear_log()
    again, _adapter = run_cluster(client)
    assert again["changed"] is False
    assert [(entry["method"], entry["path"]) for entry in requests_logged(emulator)] == [("GET", "/eks/clusters/c1")]

    emulator.admin.clear_log()
    upgraded, adapter = run_cluster(client, version="1.31", logging=["api"])
    assert upgraded["cluster"]["version"] == "1.31" and upgraded["cluster"]["logging"] == ["api"]
    assert [(item["type"], item["status"]) for item in adapter.updates] == [
        ("LoggingUpdate", "Successful"),
        ("VersionUpdate", "Successful"),
        ("VersionUpdate", "Successful"),
    ]
    assert len(requests_logged(emulator, method="POST", path_regex="/clusters/c1/updates$")) == 2

    emulator.admin.clear_log()
    deleted, _adapter = run_cluster(client, state="absent")
    assert deleted["changed"] and deleted["cluster"] == {}
    log = requests_logged(emulator)
    assert log[-1]["method"] == "GET" and log[-1]["status"] == 404
    assert client.describe_cluster("c1") is None


def test_without_wait_the_last_update_is_only_started(client, emulator):
    run_cluster(client)
    result, adapter = run_cluster(client, version="1.31", wait=False)
    assert [item["status"] for item in adapter.updates] == ["Successful", "InProgress"]
    assert result["cluster"]["status"] == "UPDATING"


def test_a_failed_update_fails_with_its_errors(client):
    run_cluster(client, tags={"mockcloud/fail-updates": "true"})
    with pytest.raises(WaitFailed, match=r"status Failed \(Unknown: mockcloud: the update failed on request"):
        run_cluster(client, tags={"mockcloud/fail-updates": "true"}, logging=["audit"])


def test_a_failed_cluster_fails_before_the_deadline(client):
    with pytest.raises(WaitFailed, match="status FAILED"):
        run_cluster(client, tags={"mockcloud/fail": "true"}, wait_timeout=3600)
    assert client.describe_cluster("c1")["status"] == "FAILED"


def test_nodegroup_lifecycle(client, emulator):
    run_cluster(client, version="1.30")
    params = {
        "name": "ng",
        "cluster_name": "c1",
        "state": "present",
        "node_role": ROLE,
        "subnets": ["subnet-01"],
        "scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 1},
        "labels": {"a": "1"},
        "version": "1.29",
        "taints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}],
        "tags": {"t": "1"},
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 60,
    }

    def run(check_mode=False, **overrides):
        merged = dict(params, **overrides)
        adapter = adapters.NodegroupAdapter(client, merged, wait=True, sleep=lambda _seconds: None)
        resource = Resource(model.nodegroup_spec(merged["purge_tags"]), adapter, check_mode=check_mode, wait=True)
        return resource.run(merged["state"], merged, name=merged["name"]), adapter

    created, _adapter = run()
    assert created["nodegroup"]["status"] == "ACTIVE" and created["nodegroup"]["version"] == "1.29"
    emulator.admin.clear_log()
    assert run()[0]["changed"] is False
    assert len(requests_logged(emulator)) == 1

    updated, adapter = run(
        scaling_config={"desired_size": 3}, labels={"b": "2"}, taints=[], tags={"u": "2"}, version="1.30"
    )
    assert [item["type"] for item in adapter.updates] == ["TagUpdate", "ConfigUpdate", "VersionUpdate"]
    node_group = updated["nodegroup"]
    assert (
        node_group["scaling_config"]["desired_size"] == 3
        and node_group["labels"] == {"b": "2"}
        and node_group["taints"] == []
    )
    assert node_group["tags"] == {"u": "2"} and node_group["version"] == "1.30"
    assert client.list_tags(node_group["arn"]) == {"u": "2"}

    deleted, _adapter = run(state="absent")
    assert deleted["changed"] and client.describe_nodegroup("c1", "ng") is None


def test_security_groups_change_through_a_vpc_config_update(client):
    created, _adapter = run_cluster(client, security_groups=["sg-0001"])
    assert created["cluster"]["security_groups"] == ["sg-0001"]
    changed, adapter = run_cluster(client, security_groups=["sg-0002", "sg-0003"])
    assert [(item["type"], item["status"]) for item in adapter.updates] == [("VpcConfigUpdate", "Successful")]
    assert sorted(changed["cluster"]["security_groups"]) == ["sg-0002", "sg-0003"]
    assert run_cluster(client, security_groups=["sg-0003", "sg-0002"])[0]["changed"] is False


@pytest.mark.parametrize(
    "status,headers,body,code,message,request_id",
    [
        (
            404,
            {"X-Amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/", "x-amzn-RequestId": "r-2"},
            {"message": "No cluster found for name: c1."},
            "ResourceNotFoundException",
            "No cluster found for name: c1.",
            "r-2",
        ),
        (
            400,
            {"x-amz-request-id": "r-3"},
            {"__type": "InvalidParameterException", "message": "bad subnet"},
            "InvalidParameterException",
            "bad subnet",
            "r-3",
        ),
        (400, {}, {"message": "invalid zone"}, None, "invalid zone", None),
        (502, {}, "<html>Bad gateway</html>", None, "<html>Bad gateway</html>", None),
        (500, {}, "", None, "HTTP 500", None),
    ],
)
def test_parse_error_reads_the_eks_shapes(status, headers, body, code, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = eks_client.parse_error(status, headers, raw, "GET", "https://x/y")
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)
    assert error.to_dict()["status"] == status
    assert str(status) in str(error)
    assert eks_client.is_not_found(error) == (status == 404)
