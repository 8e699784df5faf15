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
    emulator.admin.set_speed(0.001)  # time moves by the advances below: at speed 100 a busy machine saw the update end
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


# --- the contract: botocore's model checks both directions --------------------------------------------------------


def test_the_contract_refuses_a_wrong_request_with_invalid_parameter(emulator):
    from mockcloud.clouds.eks_model import CONTRACT  # pylint: disable=import-outside-toplevel

    good = '{"name":"c1","roleArn":"%s","resourcesVpcConfig":{"subnetIds":["subnet-1","subnet-2"]}}' % ROLE
    assert CONTRACT.check_request("POST", "/clusters", {}, good) is None
    typo = good.replace('"roleArn"', '"rolearn"')
    assert "'rolearn' is not a member of CreateClusterRequest" in CONTRACT.check_request("POST", "/clusters", {}, typo)
    assert "the required member 'roleArn' is missing" in CONTRACT.check_request("POST", "/clusters", {}, typo)
    assert "maxResults: 'many' is not an integer" in CONTRACT.check_request(
        "GET", "/clusters", {"maxResults": "many"}, ""
    )
    assert "'foo' is not a query parameter" in CONTRACT.check_request("GET", "/clusters", {"foo": "1"}, "")
    arn = "arn:aws:eks:eu-west-1:123456789012:cluster/c1"
    assert CONTRACT.operation("DELETE", "/tags/" + arn).name == "UntagResource"
    assert "tagKeys" in CONTRACT.check_request("DELETE", "/tags/" + arn, {}, "")
    assert "not an operation" in CONTRACT.check_request("PUT", "/clusters/c1", {}, "")
    # through the frame: EKS's bad request answer, before the view
    from botocore.config import Config  # pylint: disable=import-outside-toplevel

    unchecked = make_client(emulator, config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as caught:
        unchecked.create_cluster(
            name="c1", roleArn=ROLE, resourcesVpcConfig={"subnetIds": ["subnet-1"]}, tags={"": "x"}
        )
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "does not match the service model" in caught.value.response["Error"]["Message"]


def test_the_contract_catches_a_wrong_answer(emulator, monkeypatch):
    from mockcloud.clouds import eks as eks_cloud  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds.eks_model import CONTRACT  # pylint: disable=import-outside-toplevel

    answer = {"cluster": {"name": "c1", "status": "RUNNING", "createdAt": 1.5, "version": 1.3, "colour": "red"}}
    problems = CONTRACT.check_response("GET", "/clusters/c1", 200, answer)
    assert "cluster.status: 'RUNNING' is not one of CREATING, ACTIVE, DELETING, FAILED, UPDATING, PENDING" in problems
    assert "cluster.version: expected a string, got float" in problems
    assert "cluster: 'colour' is not a member of Cluster" in problems
    assert CONTRACT.check_response("GET", "/clusters", 200, {"clusters": ["a"], "nextToken": None}) == []
    # through the frame: an emulator answer that breaks the model becomes a 500
    real_public = eks_cloud.public
    monkeypatch.setattr(eks_cloud, "public", lambda record: dict(real_public(record), status="RUNNING"))
    eks = make_client(emulator)
    eks.meta.events.register("needs-retry.*", lambda **kwargs: None, unique_id="no-retry")
    with pytest.raises(ClientError) as caught:
        create(eks)
    assert caught.value.response["Error"]["Code"] == "EmulatorContractViolation"
    assert "'RUNNING' is not one of" in caught.value.response["Error"]["Message"]


def test_an_untag_of_aws_keys_is_refused_and_a_degraded_node_group_can_be_seeded(eks, emulator):
    arn = create(eks)["arn"]
    emulator.admin.seed("eks", aws_tags={"cluster": "c1", "region": "eu-west-1", "tags": {"aws:x": "y"}})
    eks.tag_resource(resourceArn=arn, tags={"mine": "1"})
    with pytest.raises(ClientError) as caught:
        eks.untag_resource(resourceArn=arn, tagKeys=["aws:x"])
    assert caught.value.response["Error"]["Code"] == "BadRequestException"
    assert eks.list_tags_for_resource(resourceArn=arn)["tags"] == {"aws:x": "y", "mine": "1"}
    emulator.admin.advance(30)
    eks.create_nodegroup(clusterName="c1", nodegroupName="ng", subnets=["subnet-1"], nodeRole=ROLE)
    eks.get_waiter("nodegroup_active").wait(
        clusterName="c1", nodegroupName="ng", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
    )
    emulator.admin.seed("eks", nodegroup_health={"cluster": "c1", "nodegroup": "ng", "region": "eu-west-1"})
    # botocore's NodegroupActive waiter fails on CREATE_FAILED only: DEGRADED is no failure for it
    described = eks.describe_nodegroup(clusterName="c1", nodegroupName="ng")["nodegroup"]
    assert described["status"] == "DEGRADED"
    assert described["health"]["issues"][0]["code"] == "AsgInstanceLaunchFailures"
    eks.update_nodegroup_config(clusterName="c1", nodegroupName="ng", scalingConfig={"desiredSize": 1})


def test_a_cluster_whose_deletion_fails_trips_botocores_cluster_deleted_waiter(eks):
    create(eks, tags={"mockcloud/fail-delete": "true"})
    eks.get_waiter("cluster_active").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    eks.delete_cluster(name="c1")
    with pytest.raises(WaiterError, match="ACTIVE"):
        eks.get_waiter("cluster_deleted").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})


def test_ipv6_clusters_default_to_both_public_cidrs_and_ipv4_ones_refuse_ipv6(eks):
    cluster = create(eks, kubernetesNetworkConfig={"ipFamily": "ipv6"})
    assert cluster["resourcesVpcConfig"]["publicAccessCidrs"] == ["0.0.0.0/0", "::/0"]
    with pytest.raises(ClientError) as caught:
        eks.create_cluster(
            name="c2",
            roleArn=ROLE,
            resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"], "publicAccessCidrs": ["::/0"]},
        )
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"


def test_botocore_retries_the_emulators_400_throttling(eks, emulator):
    emulator.admin.seed("eks", throttle={"times": 2, "method": "GET", "path_regex": "/clusters$"})
    assert eks.list_clusters()["clusters"] == []
    assert [entry["status"] for entry in emulator.admin.log(cloud="eks", method="GET")] == [400, 400, 200]


# --- day two settings of a cluster ----------------------------------------------------------------------------------


def _settle(eks, emulator, update):
    emulator.admin.advance(30)
    return eks.describe_update(name="c1", updateId=update["id"])["update"]


def test_cluster_settings_at_creation_and_their_defaults(eks):
    plain = create(eks, name="plain")
    assert plain["upgradePolicy"] == {"supportType": "EXTENDED"}
    assert plain["accessConfig"]["authenticationMode"] == "CONFIG_MAP"
    assert plain["deletionProtection"] is False and "encryptionConfig" not in plain
    key = "arn:aws:kms:eu-west-1:123456789012:key/0f0e0d0c"
    cluster = create(
        eks,
        upgradePolicy={"supportType": "STANDARD"},
        accessConfig={"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
        zonalShiftConfig={"enabled": True},
        deletionProtection=True,
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}],
    )
    assert cluster["upgradePolicy"] == {"supportType": "STANDARD"}
    assert cluster["accessConfig"] == {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False}
    assert cluster["zonalShiftConfig"] == {"enabled": True} and cluster["deletionProtection"] is True
    assert cluster["encryptionConfig"][0]["provider"]["keyArn"] == key
    with pytest.raises(ClientError) as caught:
        create(eks, name="badkey", encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": "mykey"}}])
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"


def test_deletion_protection_refuses_the_delete_until_lifted(eks, emulator):
    emulator.admin.set_speed(0.001)
    create(eks, deletionProtection=True)
    emulator.admin.advance(30)
    with pytest.raises(ClientError) as caught:
        eks.delete_cluster(name="c1")
    assert caught.value.response["Error"]["Code"] == "InvalidRequestException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    update = eks.update_cluster_config(name="c1", deletionProtection=False)["update"]
    assert update["type"] == "DeletionProtectionUpdate"
    assert update["params"] == [{"type": "DeletionProtection", "value": "false"}]
    assert _settle(eks, emulator, update)["status"] == "Successful"
    eks.delete_cluster(name="c1")
    assert eks.describe_cluster(name="c1")["cluster"]["status"] == "DELETING"


def test_upgrade_policy_zonal_shift_access_and_encryption_updates(eks, emulator):
    emulator.admin.set_speed(0.001)
    create(eks)
    emulator.admin.advance(30)
    changes = (
        ({"upgradePolicy": {"supportType": "STANDARD"}}, "UpgradePolicyUpdate", "UpgradePolicy"),
        ({"zonalShiftConfig": {"enabled": True}}, "ZonalShiftConfigUpdate", "ZonalShiftConfig"),
        ({"accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}}, "AccessConfigUpdate", "AuthenticationMode"),
    )
    for change, kind, param in changes:
        update = eks.update_cluster_config(name="c1", **change)["update"]
        assert (update["type"], update["params"][0]["type"]) == (kind, param)
        assert _settle(eks, emulator, update)["status"] == "Successful"
    cluster = eks.describe_cluster(name="c1")["cluster"]
    assert cluster["upgradePolicy"] == {"supportType": "STANDARD"} and cluster["zonalShiftConfig"] == {"enabled": True}
    assert cluster["accessConfig"]["authenticationMode"] == "API_AND_CONFIG_MAP"
    with pytest.raises(ClientError) as caught:  # no way back to CONFIG_MAP
        eks.update_cluster_config(name="c1", accessConfig={"authenticationMode": "CONFIG_MAP"})
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as caught:  # the same value is no change
        eks.update_cluster_config(name="c1", upgradePolicy={"supportType": "STANDARD"})
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    key = "arn:aws:kms:eu-west-1:123456789012:key/1"
    config = [{"resources": ["secrets"], "provider": {"keyArn": key}}]
    update = eks.associate_encryption_config(clusterName="c1", encryptionConfig=config)["update"]
    assert update["type"] == "AssociateEncryptionConfig"
    assert _settle(eks, emulator, update)["status"] == "Successful"
    assert eks.describe_cluster(name="c1")["cluster"]["encryptionConfig"] == config
    with pytest.raises(ClientError) as caught:  # once only
        eks.associate_encryption_config(clusterName="c1", encryptionConfig=config)
    assert caught.value.response["Error"]["Code"] == "InvalidRequestException"


# --- managed add-ons ------------------------------------------------------------------------------------------------


def test_addon_versions_tell_the_default_from_the_latest(eks):
    answer = eks.describe_addon_versions(addonName="vpc-cni", kubernetesVersion="1.31")
    (info,) = answer["addons"]
    versions = [item["addonVersion"] for item in info["addonVersions"]]
    assert versions == ["v1.19.5-eksbuild.1", "v1.19.2-eksbuild.1", "v1.18.6-eksbuild.1"]
    defaults = [
        item["addonVersion"]
        for item in info["addonVersions"]
        for entry in item["compatibilities"]
        if entry["clusterVersion"] == "1.31" and entry["defaultVersion"]
    ]
    assert defaults == ["v1.19.2-eksbuild.1"]
    assert (
        eks.describe_addon_versions(addonName="vpc-cni", kubernetesVersion="1.28")["addons"][0]["addonVersions"][0][
            "addonVersion"
        ]
        == "v1.19.2-eksbuild.1"
    )
    pages = list(eks.get_paginator("describe_addon_versions").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(page["addons"]) for page in pages] == [2, 2]


def test_addon_lifecycle_with_botocore(eks, emulator):
    emulator.admin.set_speed(0.001)
    create(eks, version="1.31")
    emulator.admin.advance(30)
    with pytest.raises(ClientError) as caught:
        eks.create_addon(clusterName="c1", addonName="vpc-cni", addonVersion="v1.0.0-eksbuild.1")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as caught:
        eks.create_addon(clusterName="c1", addonName="vpc-cni", configurationValues="[not, an, object]")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    addon = eks.create_addon(
        clusterName="c1", addonName="vpc-cni", clientRequestToken="t1", tags={"a": "b"}, configurationValues='{"x": 1}'
    )["addon"]
    assert addon["status"] == "CREATING" and addon["addonVersion"] == "v1.19.2-eksbuild.1"
    assert (
        eks.create_addon(clusterName="c1", addonName="vpc-cni", clientRequestToken="t1")["addon"]["addonArn"]
        == (addon["addonArn"])
    )
    with pytest.raises(ClientError) as caught:
        eks.create_addon(clusterName="c1", addonName="vpc-cni")
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    emulator.admin.advance(30)
    eks.get_waiter("addon_active").wait(clusterName="c1", addonName="vpc-cni", WaiterConfig={"Delay": 1})
    update = eks.update_addon(
        clusterName="c1", addonName="vpc-cni", addonVersion="v1.19.5-eksbuild.1", resolveConflicts="OVERWRITE"
    )["update"]
    assert update["type"] == "AddonUpdate"
    assert {"type": "ResolveConflicts", "value": "OVERWRITE"} in update["params"]
    assert eks.describe_addon(clusterName="c1", addonName="vpc-cni")["addon"]["status"] == "UPDATING"
    emulator.admin.advance(30)
    assert eks.describe_update(name="c1", updateId=update["id"], addonName="vpc-cni")["update"]["status"] == (
        "Successful"
    )
    with pytest.raises(ClientError):  # the update belongs to the add-on, not the cluster
        eks.describe_update(name="c1", updateId=update["id"])
    with pytest.raises(ClientError) as caught:  # no downgrade
        eks.update_addon(clusterName="c1", addonName="vpc-cni", addonVersion="v1.19.2-eksbuild.1")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    arn = addon["addonArn"]
    eks.tag_resource(resourceArn=arn, tags={"c": "d"})
    assert eks.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "b", "c": "d"}
    assert eks.list_addons(clusterName="c1")["addons"] == ["vpc-cni"]
    assert eks.delete_addon(clusterName="c1", addonName="vpc-cni")["addon"]["status"] == "DELETING"
    emulator.admin.advance(30)
    eks.get_waiter("addon_deleted").wait(clusterName="c1", addonName="vpc-cni", WaiterConfig={"Delay": 1})


def test_a_failed_addon_trips_botocores_waiter_and_addons_go_with_their_cluster(eks, emulator):
    create(eks)
    emulator.admin.advance(30)
    eks.get_waiter("cluster_active").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    eks.create_addon(clusterName="c1", addonName="coredns", tags={"mockcloud/fail": "true"})
    with pytest.raises(WaiterError, match="CREATE_FAILED"):
        eks.get_waiter("addon_active").wait(
            clusterName="c1", addonName="coredns", WaiterConfig={"Delay": 1, "MaxAttempts": 10}
        )
    eks.delete_cluster(name="c1")
    eks.get_waiter("cluster_deleted").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    create(eks)
    eks.get_waiter("cluster_active").wait(name="c1", WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    assert eks.list_addons(clusterName="c1")["addons"] == []


# --- access entries -------------------------------------------------------------------------------------------------

NODE_ROLE = "arn:aws:iam::123456789012:role/nodes"
ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"


def test_access_entries_need_an_api_authentication_mode(eks, emulator):
    create(eks)
    emulator.admin.advance(30)
    with pytest.raises(ClientError) as caught:
        eks.create_access_entry(clusterName="c1", principalArn=ROLE)
    assert caught.value.response["Error"]["Code"] == "InvalidRequestException"
    assert "authentication mode" in caught.value.response["Error"]["Message"]


def test_access_entries_and_policies_with_botocore(eks, emulator):
    create(eks, accessConfig={"authenticationMode": "API"})
    emulator.admin.advance(30)
    entry = eks.create_access_entry(clusterName="c1", principalArn=ROLE, kubernetesGroups=["devs"], tags={"a": "b"})[
        "accessEntry"
    ]
    assert entry["type"] == "STANDARD" and entry["username"].startswith("arn:aws:sts::123456789012:assumed-role/eks/")
    with pytest.raises(ClientError) as caught:
        eks.create_access_entry(clusterName="c1", principalArn=ROLE)
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    eks.associate_access_policy(
        clusterName="c1", principalArn=ROLE, policyArn=VIEW, accessScope={"type": "namespace", "namespaces": ["a"]}
    )
    eks.associate_access_policy(clusterName="c1", principalArn=ROLE, policyArn=ADMIN, accessScope={"type": "cluster"})
    listed = eks.list_associated_access_policies(clusterName="c1", principalArn=ROLE)["associatedAccessPolicies"]
    assert [(item["policyArn"], item["accessScope"]["type"]) for item in listed] == [
        (ADMIN, "cluster"),
        (VIEW, "namespace"),
    ]
    eks.disassociate_access_policy(clusterName="c1", principalArn=ROLE, policyArn=VIEW)
    assert (
        len(eks.list_associated_access_policies(clusterName="c1", principalArn=ROLE)["associatedAccessPolicies"]) == 1
    )
    updated = eks.update_access_entry(clusterName="c1", principalArn=ROLE, kubernetesGroups=["ops"])["accessEntry"]
    assert updated["kubernetesGroups"] == ["ops"]
    eks.tag_resource(resourceArn=entry["accessEntryArn"], tags={"c": "d"})
    assert eks.list_tags_for_resource(resourceArn=entry["accessEntryArn"])["tags"] == {"a": "b", "c": "d"}
    node = eks.create_access_entry(clusterName="c1", principalArn=NODE_ROLE, type="EC2_LINUX")["accessEntry"]
    assert node["username"] == "system:node:{{EC2PrivateDNSName}}"
    with pytest.raises(ClientError) as caught:
        eks.associate_access_policy(
            clusterName="c1", principalArn=NODE_ROLE, policyArn=ADMIN, accessScope={"type": "cluster"}
        )
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    assert eks.list_access_entries(clusterName="c1")["accessEntries"] == [ROLE, NODE_ROLE]
    eks.delete_access_entry(clusterName="c1", principalArn=ROLE)
    with pytest.raises(ClientError) as caught:
        eks.describe_access_entry(clusterName="c1", principalArn=ROLE)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert len(eks.list_access_policies()["accessPolicies"]) == 4


def test_node_group_update_strategy_and_node_repair_with_botocore(eks, emulator):
    emulator.admin.set_speed(0.001)
    create(eks)
    emulator.admin.advance(30)
    nodegroup = eks.create_nodegroup(
        clusterName="c1", nodegroupName="ng", subnets=["subnet-1"], nodeRole=ROLE, updateConfig={"maxUnavailable": 2}
    )["nodegroup"]
    assert nodegroup["nodeRepairConfig"] == {"enabled": False}
    emulator.admin.advance(30)
    update = eks.update_nodegroup_config(
        clusterName="c1",
        nodegroupName="ng",
        updateConfig={"maxUnavailable": 2, "updateStrategy": "MINIMAL"},
        nodeRepairConfig={"enabled": True},
    )["update"]
    assert {"type": "UpdateStrategy", "value": "MINIMAL"} in update["params"]
    assert {"type": "NodeRepairEnabled", "value": "true"} in update["params"]
    emulator.admin.advance(30)
    described = eks.describe_nodegroup(clusterName="c1", nodegroupName="ng")["nodegroup"]
    assert described["updateConfig"] == {"maxUnavailable": 2, "updateStrategy": "MINIMAL"}
    assert described["nodeRepairConfig"] == {"enabled": True}
    forced = eks.update_nodegroup_version(clusterName="c1", nodegroupName="ng", force=True)["update"]
    assert forced["type"] == "VersionUpdate"


# --- Fargate profiles -----------------------------------------------------------------------------------------------


def test_fargate_profiles_with_botocore(eks, emulator):
    emulator.admin.set_speed(0.001)
    create(eks)
    emulator.admin.advance(30)
    with pytest.raises(ClientError) as caught:
        eks.create_fargate_profile(clusterName="c1", fargateProfileName="fp", podExecutionRoleArn=ROLE, selectors=[])
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"
    profile = eks.create_fargate_profile(
        clusterName="c1",
        fargateProfileName="fp",
        podExecutionRoleArn=ROLE,
        selectors=[{"namespace": "batch", "labels": {"a": "b"}}],
        clientRequestToken="t1",
    )["fargateProfile"]
    assert profile["status"] == "CREATING" and profile["subnets"] == ["subnet-1", "subnet-2"]
    again = eks.create_fargate_profile(
        clusterName="c1",
        fargateProfileName="fp",
        podExecutionRoleArn=ROLE,
        selectors=[{"namespace": "x"}],
        clientRequestToken="t1",
    )["fargateProfile"]
    assert again["fargateProfileArn"] == profile["fargateProfileArn"]
    eks.create_fargate_profile(
        clusterName="c1", fargateProfileName="fp2", podExecutionRoleArn=ROLE, selectors=[{"namespace": "y"}]
    )
    emulator.admin.advance(30)
    assert eks.describe_fargate_profile(clusterName="c1", fargateProfileName="fp")["fargateProfile"]["status"] == (
        "ACTIVE"
    )
    assert eks.list_fargate_profiles(clusterName="c1")["fargateProfileNames"] == ["fp", "fp2"]
    with pytest.raises(ClientError) as caught:
        eks.delete_cluster(name="c1")
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    eks.delete_fargate_profile(clusterName="c1", fargateProfileName="fp")
    with pytest.raises(ClientError) as caught:  # one deletion at a time
        eks.delete_fargate_profile(clusterName="c1", fargateProfileName="fp2")
    assert caught.value.response["Error"]["Code"] == "InvalidRequestException"
    emulator.admin.advance(30)
    with pytest.raises(ClientError) as caught:
        eks.describe_fargate_profile(clusterName="c1", fargateProfileName="fp")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
