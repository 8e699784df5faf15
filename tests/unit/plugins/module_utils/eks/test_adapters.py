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
