# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eks_addon's flow (tasks.addon) against the emulator run in-process: versions resolved, create, update, delete."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import client as eks_client, model, tasks
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.eks.test_client import (
    create_payload,
    params_for,
    requests_logged,
)


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import eks as eks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[eks_cloud.CLOUD], discover=False, config={"speed": 200})


@pytest.fixture
def cluster(emulator):
    client = eks_client.client_from_params(params_for(emulator))
    client.create_cluster(create_payload("c1", version="1.31"))
    emulator.admin.advance(30)
    emulator.admin.clear_log()
    return client


def addon_params(emulator, **overrides):
    params = params_for(
        emulator,
        name="vpc-cni",
        cluster_name="c1",
        state="present",
        addon_version=None,
        service_account_role_arn=None,
        configuration_values=None,
        resolve_conflicts=None,
        preserve=False,
        tags=None,
        purge_tags=True,
        wait=True,
        wait_timeout=120,
    )
    params.update(overrides)
    return params


def run(emulator, check_mode=False, **overrides):
    return tasks.addon(addon_params(emulator, **overrides), check_mode=check_mode)


def writes(emulator):
    return [entry for entry in requests_logged(emulator) if entry["method"] != "GET"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": "VPC CNI"}, r"^name: 'VPC CNI' is not an add-on name"),
        ({"cluster_name": "-bad"}, r"^cluster_name: "),
        ({"addon_version": "newest"}, r"^addon_version: 'newest' is not an add-on version"),
        ({"service_account_role_arn": "role"}, r"^service_account_role_arn: "),
        ({"tags": {"aws:x": "y"}}, r"^tags: "),
    ],
)
def test_bad_options_are_refused_before_any_call(emulator, overrides, message):
    with pytest.raises(InputError, match=message):
        run(emulator, **overrides)
    assert requests_logged(emulator) == []


def test_latest_and_default_resolve_from_describe_addon_versions(emulator, cluster):
    check = run(emulator, check_mode=True, addon_version="latest")
    assert check["changed"] and check["diff"]["after"]["addon_version"] == "v1.19.5-eksbuild.1"
    assert writes(emulator) == []
    created = run(emulator, addon_version="default", configuration_values={"env": {"A": "1"}}, tags={"t": "1"})
    assert created["changed"] and created["addon"]["status"] == "ACTIVE"
    assert created["addon"]["addon_version"] == "v1.19.2-eksbuild.1"
    assert created["addon"]["configuration_values"] == {"env": {"A": "1"}}
    again = run(emulator, addon_version="default", configuration_values={"env": {"A": "1"}}, tags={"t": "1"})
    assert again["changed"] is False and again["updates"] == []
    upgraded = run(emulator, addon_version="latest", resolve_conflicts="OVERWRITE", configuration_values={})
    assert [(item["type"], item["status"]) for item in upgraded["updates"]] == [("AddonUpdate", "Successful")]
    assert upgraded["updates"][0]["params"]["AddonVersion"] == "v1.19.5-eksbuild.1"
    assert upgraded["updates"][0]["params"]["ResolveConflicts"] == "OVERWRITE"
    assert upgraded["addon"]["addon_version"] == "v1.19.5-eksbuild.1"
    assert upgraded["addon"]["configuration_values"] == {}


def test_an_explicit_version_costs_one_read_when_unchanged_and_is_checked_when_it_changes(emulator, cluster):
    run(emulator, addon_version="v1.19.2-eksbuild.1")
    emulator.admin.clear_log()
    assert run(emulator, addon_version="v1.19.2-eksbuild.1")["changed"] is False
    assert [entry["method"] for entry in requests_logged(emulator)] == ["GET"]
    with pytest.raises(
        ResourceError, match=r"^addon_version: v1.17.0-eksbuild.1 .* not compatible with Kubernetes 1.31"
    ):
        run(emulator, addon_version="v1.17.0-eksbuild.1")
    with pytest.raises(ResourceError, match=r"^addon_version: EKS does not downgrade add-ons"):
        run(emulator, check_mode=True, addon_version="v1.18.6-eksbuild.1")
    assert writes(emulator) == []


def test_a_missing_cluster_is_named(emulator):
    with pytest.raises(ResourceError, match=r"^cluster_name: no EKS cluster is named 'c1'"):
        run(emulator, check_mode=True)


def test_a_failed_addon_fails_at_once_and_delete_waits_until_gone(emulator, cluster):
    with pytest.raises(WaitFailed, match="CREATE_FAILED"):
        run(emulator, name="coredns", tags={"mockcloud/fail": "true"}, wait_timeout=3600)
    deleted = run(emulator, name="coredns", state="absent")
    assert deleted["changed"] is True and deleted["addon"] == {}
    assert cluster.describe_addon("c1", "coredns") is None
    assert run(emulator, name="coredns", state="absent")["changed"] is False


def test_preserve_is_sent_with_the_delete(emulator, cluster):
    run(emulator, name="kube-proxy")
    run(emulator, name="kube-proxy", state="absent", preserve=True)
    (delete,) = [entry for entry in requests_logged(emulator) if entry["method"] == "DELETE"]
    assert delete["query"] == "preserve=true"


def test_configuration_values_compare_as_data():
    assert model.parse_configuration('{"b": 1, "a": {"c": "x"}}') == {"a": {"c": "x"}, "b": 1}
    assert model.parse_configuration("a: 1\nb: two\n") == {"a": 1, "b": "two"}
    assert model.parse_configuration("") == {} and model.parse_configuration(None) == {}
    assert model.configuration_payload({"b": 1, "a": 2}) == '{"a":2,"b":1}'
    assert model.configuration_payload({}) == ""
