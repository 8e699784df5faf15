# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eks_fargate_profile's flow (tasks.fargate_profile) against the emulator run in-process."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ReplaceRefused
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import client as eks_client, tasks
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.eks.test_client import (
    ROLE,
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
    client.create_cluster(create_payload("c1"))
    emulator.admin.advance(30)
    emulator.admin.clear_log()
    return client


def profile_params(emulator, **overrides):
    params = params_for(
        emulator,
        name="fp",
        cluster_name="c1",
        state="present",
        pod_execution_role_arn=ROLE,
        subnets=None,
        selectors=[{"namespace": "batch", "labels": None}],
        tags=None,
        purge_tags=True,
        wait=True,
        wait_timeout=120,
    )
    params.update(overrides)
    return params


def run(emulator, check_mode=False, **overrides):
    return tasks.fargate_profile(profile_params(emulator, **overrides), check_mode=check_mode)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"selectors": []}, r"^selectors: a Fargate profile has 1 to 5 selectors, got 0"),
        ({"pod_execution_role_arn": "role"}, r"^pod_execution_role_arn: "),
        ({"selectors": [{"namespace": "a", "labels": {str(n): "v" for n in range(6)}}]}, r"^selectors\[0\].labels: "),
    ],
)
def test_bad_options_are_refused_before_any_call(emulator, overrides, message):
    with pytest.raises(InputError, match=message):
        run(emulator, **overrides)
    assert requests_logged(emulator) == []


def test_profile_lifecycle_and_changes_refused(emulator, cluster):
    with pytest.raises(ResourceError, match=r"^cluster_name: no EKS cluster is named 'c2'"):
        run(emulator, check_mode=True, cluster_name="c2")
    assert run(emulator, check_mode=True)["changed"] is True
    assert cluster.describe_fargate_profile("c1", "fp") is None
    created = run(emulator, tags={"a": "b"})
    assert created["fargate_profile"]["status"] == "ACTIVE"
    assert created["fargate_profile"]["subnets"] == ["subnet-01", "subnet-02"]
    emulator.admin.clear_log()
    assert run(emulator, tags={"a": "b"})["changed"] is False
    assert len(requests_logged(emulator)) == 1
    tagged = run(emulator, tags={"c": "d"})
    assert [item["type"] for item in tagged["updates"]] == ["TagUpdate"]
    assert tagged["fargate_profile"]["tags"] == {"c": "d"}
    with pytest.raises(ReplaceRefused) as caught:
        run(emulator, selectors=[{"namespace": "other", "labels": None}], subnets=["subnet-09"])
    assert set(caught.value.details["refused"]) == {"selectors", "subnets"}
    deleted = run(emulator, state="absent")
    assert deleted["changed"] is True and deleted["fargate_profile"] == {}
    assert cluster.describe_fargate_profile("c1", "fp") is None
    assert run(emulator, state="absent")["changed"] is False


def test_a_failed_profile_fails_at_once(emulator, cluster):
    with pytest.raises(WaitFailed, match="CREATE_FAILED"):
        run(emulator, tags={"mockcloud/fail": "true"}, wait_timeout=3600)
