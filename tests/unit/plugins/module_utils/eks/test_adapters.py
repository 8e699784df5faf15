# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The EKS adapters on the engine with a fake API: what is decided before any write."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    ReplaceRefused,
    Resource,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import adapters, model
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.eks.samples import (
    API_CLUSTER,
    cluster_params,
)


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
    adapter = adapters.ClusterAdapter(client, params, wait=True, sleep=lambda _seconds: None)
    resource = Resource(model.cluster_spec(params["purge_tags"]), adapter, check_mode=check_mode, wait=True)
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
        ("TagUpdate", {"set": {"new": "x"}, "remove": []}),
        ("VersionUpdate", {"version": "1.30"}),
        ("VersionUpdate", {"version": "1.31"}),
    ]
    assert client.calls == [("describe_cluster", "c1")]


def test_downgrade_is_refused_in_check_mode_too():
    client = FakeClient(dict(API_CLUSTER))
    with pytest.raises(ResourceError, match="from 1.29 to 1.28"):
        run_engine(client, check_mode=True, version="1.28")


def test_create_only_changes_are_refused_with_the_differences():
    client = FakeClient(dict(API_CLUSTER))
    with pytest.raises(ReplaceRefused) as caught:
        run_engine(
            client,
            role_arn="arn:aws:iam::123456789012:role/other",
            kubernetes_network_config={"service_ipv4_cidr": "10.200.0.0/16"},
        )
    assert set(caught.value.details["refused"]) == {"role_arn", "kubernetes_network_config"}
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
    spec = model.nodegroup_spec()
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


# --- day two settings ---------------------------------------------------------------------------------------------

KEY = "arn:aws:kms:eu-west-1:123456789012:key/k1"
ENCRYPTED = dict(API_CLUSTER, encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": KEY}}])


@pytest.mark.parametrize("wanted, verb", [({"key_arn": "alias/other"}, "change"), ({}, "remove")])
def test_encryption_cannot_change_nor_go_away(wanted, verb):
    client = FakeClient(dict(ENCRYPTED))
    with pytest.raises(
        ReplaceRefused,
        match=r"^encryption_config: .* encrypted with the KMS key %s; EKS cannot %s"
        % (
            KEY,
            verb,
        ),
    ):
        run_engine(client, check_mode=True, encryption_config=wanted)
    assert client.calls == [("describe_cluster", "c1")]


def test_the_same_key_or_no_encryption_asked_is_no_change():
    assert run_engine(FakeClient(dict(ENCRYPTED)), encryption_config={"key_arn": KEY})[0]["changed"] is False
    assert run_engine(FakeClient(dict(API_CLUSTER)), encryption_config={})[0]["changed"] is False


def test_bootstrap_permissions_are_create_only_when_eks_shows_them():
    shown = dict(
        API_CLUSTER, accessConfig={"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": True}
    )
    with pytest.raises(ReplaceRefused, match=r"^access_config.bootstrap_cluster_creator_admin_permissions: can only"):
        run_engine(FakeClient(shown), access_config={"bootstrap_cluster_creator_admin_permissions": False})
    hidden = dict(API_CLUSTER, accessConfig={"authenticationMode": "API"})
    result, _adapter = run_engine(
        FakeClient(hidden),
        access_config={"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": False},
    )
    assert result["changed"] is False


def test_check_mode_plans_the_day_two_updates():
    result, adapter = run_engine(
        FakeClient(dict(API_CLUSTER)),
        check_mode=True,
        access_config={"authentication_mode": "API_AND_CONFIG_MAP"},
        upgrade_policy={"support_type": "STANDARD"},
        deletion_protection=True,
    )
    assert [item["type"] for item in adapter.planned] == [
        "AccessConfigUpdate",
        "UpgradePolicyUpdate",
        "DeletionProtectionUpdate",
    ]
    assert result["diff"]["before"]["upgrade_policy"] == {"support_type": "EXTENDED"}
    assert result["diff"]["after"]["upgrade_policy"] == {"support_type": "STANDARD"}
    assert result["diff"]["after"]["deletion_protection"] is True


def test_a_protected_cluster_is_not_deleted_without_deletion_protection_false():
    client = FakeClient(dict(API_CLUSTER, deletionProtection=True))
    with pytest.raises(ResourceError, match=r"^deletion_protection: EKS cluster 'c1' has deletion protection enabled"):
        run_engine(client, state="absent")
    assert client.calls == [("describe_cluster", "c1")]


def test_deletion_protection_false_lifts_the_protection_then_deletes():
    client = FakeClient(dict(API_CLUSTER, deletionProtection=True))
    result, adapter = run_engine(client, check_mode=True, state="absent", deletion_protection=False)
    assert result["changed"] is True
    assert [item["type"] for item in adapter.planned] == ["DeletionProtectionUpdate"]
    assert client.calls == [("describe_cluster", "c1")]


def test_creating_without_upgrade_policy_warns_about_extended_support():
    warnings = []
    params = cluster_params()
    adapter = adapters.ClusterAdapter(FakeClient(None), params, warn=warnings.append, sleep=lambda _seconds: None)
    Resource(model.cluster_spec(), adapter, check_mode=True).run("present", params, name="c1")
    assert len(warnings) == 1 and "EXTENDED" in warnings[0] and "upgrade_policy.support_type: STANDARD" in warnings[0]
    params = cluster_params(upgrade_policy={"support_type": "EXTENDED"})
    adapter = adapters.ClusterAdapter(FakeClient(None), params, warn=warnings.append, sleep=lambda _seconds: None)
    Resource(model.cluster_spec(), adapter, check_mode=True).run("present", params, name="c1")
    assert len(warnings) == 1


def test_every_day_two_refusal_is_named_in_one_failure():
    record = dict(ENCRYPTED, accessConfig={"authenticationMode": "API"})
    with pytest.raises(ResourceError) as caught:
        run_engine(
            FakeClient(record),
            version="1.28",
            encryption_config={"key_arn": "alias/other"},
            access_config={"authentication_mode": "CONFIG_MAP"},
        )
    message = str(caught.value)
    assert "access_config.authentication_mode: " in message and "back to CONFIG_MAP" in message
    assert "encryption_config: " in message and "from 1.29 to 1.28" in message
    assert set(caught.value.details["refused"]) == {"encryption_config"}
