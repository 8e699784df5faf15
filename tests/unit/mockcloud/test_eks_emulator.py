# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EKS emulator driven by botocore itself: its requests must pass, its answers must parse as the real API's."""

from __future__ import annotations

import datetime

import pytest

botocore_session = pytest.importorskip("botocore.session")
from botocore.exceptions import ClientError, WaiterError  # noqa: E402  pylint: disable=wrong-import-position

ROLE = "arn:aws:iam::123456789012:role/eks"


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import eks as eks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[eks_cloud.CLOUD], discover=False, config={"speed": 100})


def make_client(emulator, region="eu-west-1", **credentials):
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    known = for_cloud("eks")
    credentials.setdefault("aws_access_key_id", known["access_key"])
    credentials.setdefault("aws_secret_access_key", known["secret_key"])
    return botocore_session.get_session().create_client(
        "eks", region_name=region, endpoint_url=emulator.cloud_url("eks"), **credentials
    )


@pytest.fixture
def eks(emulator):
    return make_client(emulator)


def create(eks, name="c1", **extra):
    return eks.create_cluster(
        name=name, roleArn=ROLE, resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"]}, **extra
    )["cluster"]


def test_cluster_goes_creating_then_active_as_botocore_waits(eks):
    cluster = create(eks, version="1.30", tags={"a": "b"})
    assert cluster["status"] == "CREATING" and cluster.get("endpoint") is None
    assert isinstance(cluster["createdAt"], datetime.datetime)
    assert cluster["clientRequestToken"]
    eks.get_waiter("cluster_active").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    active = eks.describe_cluster(name="c1")["cluster"]
    assert active["status"] == "ACTIVE" and active["endpoint"].startswith("https://")
    assert active["identity"]["oidc"]["issuer"].startswith("https://oidc.eks.eu-west-1.amazonaws.com/id/")
    assert active["arn"] == "arn:aws:eks:eu-west-1:123456789012:cluster/c1"


def test_errors_parse_as_aws_errors(eks):
    with pytest.raises(ClientError) as caught:
        eks.describe_cluster(name="missing")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ClientError) as caught:
        create(eks, version="1.12")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"


def test_botocore_tokens_make_create_idempotent(eks):
    first = create(eks, clientRequestToken="same-token")
    second = create(eks, clientRequestToken="same-token")
    assert first["arn"] == second["arn"]
    with pytest.raises(ClientError) as caught:
        create(eks)
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"


def test_a_failed_cluster_trips_botocores_waiter(eks):
    create(eks, tags={"mockcloud/fail": "true"})
    with pytest.raises(WaiterError, match="FAILED"):
        eks.get_waiter("cluster_active").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    assert eks.describe_cluster(name="c1")["cluster"]["health"]["issues"][0]["code"] == "Ec2SubnetNotFound"


def test_updates_with_botocore(eks, emulator):
    create(eks, version="1.29")
    emulator.admin.advance(30)
    update = eks.update_cluster_version(name="c1", version="1.30")["update"]
    assert update["status"] == "InProgress"
    assert eks.describe_cluster(name="c1")["cluster"]["status"] == "UPDATING"
    emulator.admin.advance(30)
    assert eks.describe_update(name="c1", updateId=update["id"])["update"]["status"] == "Successful"
    logging_update = eks.update_cluster_config(
        name="c1", logging={"clusterLogging": [{"types": ["audit"], "enabled": True}]}
    )["update"]
    assert logging_update["type"] == "LoggingUpdate"
    emulator.admin.advance(30)
    assert eks.list_updates(name="c1")["updateIds"] == [update["id"], logging_update["id"]]
    setups = eks.describe_cluster(name="c1")["cluster"]["logging"]["clusterLogging"]
    assert {"types": ["audit"], "enabled": True} in setups


def test_tags_and_pagination_with_botocore(eks, emulator):
    emulator.admin.seed("eks", count=120, region="eu-west-1")
    arn = eks.describe_cluster(name="seed-00007")["cluster"]["arn"]
    eks.tag_resource(resourceArn=arn, tags={"x": "1", "y": "2"})
    eks.untag_resource(resourceArn=arn, tagKeys=["x", "env"])
    assert eks.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "team-0", "y": "2"}
    pages = list(eks.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 50}))
    assert [len(page["clusters"]) for page in pages] == [50, 50, 20]


def test_node_groups_with_botocore(eks, emulator):
    create(eks)
    emulator.admin.advance(30)
    nodegroup = eks.create_nodegroup(
        clusterName="c1", nodegroupName="ng", subnets=["subnet-1"], nodeRole=ROLE, labels={"a": "1"}, tags={"t": "1"}
    )["nodegroup"]
    assert nodegroup["status"] == "CREATING"
    eks.get_waiter("nodegroup_active").wait(
        clusterName="c1", nodegroupName="ng", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
    )
    update = eks.update_nodegroup_config(
        clusterName="c1", nodegroupName="ng", scalingConfig={"desiredSize": 1}, labels={"removeLabels": ["a"]}
    )["update"]
    emulator.admin.advance(30)
    assert eks.describe_update(name="c1", updateId=update["id"], nodegroupName="ng")["update"]["status"] == "Successful"
    described = eks.describe_nodegroup(clusterName="c1", nodegroupName="ng")["nodegroup"]
    assert described["scalingConfig"]["desiredSize"] == 1 and described["labels"] == {}
    eks.tag_resource(resourceArn=described["nodegroupArn"], tags={"u": "2"})
    assert eks.list_tags_for_resource(resourceArn=described["nodegroupArn"])["tags"] == {"t": "1", "u": "2"}
    with pytest.raises(ClientError) as caught:
        eks.delete_cluster(name="c1")
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    eks.delete_nodegroup(clusterName="c1", nodegroupName="ng")
    eks.get_waiter("nodegroup_deleted").wait(
        clusterName="c1", nodegroupName="ng", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
    )
    eks.delete_cluster(name="c1")
    eks.get_waiter("cluster_deleted").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})


def test_botocore_with_a_wrong_secret_gets_invalid_signature(emulator):
    with pytest.raises(ClientError) as caught:
        make_client(emulator, aws_secret_access_key="wrong").list_clusters()
    assert caught.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
