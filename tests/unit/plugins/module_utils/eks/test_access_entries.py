# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eks_access_entry's flow (tasks.access_entry) against the emulator run in-process."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import client as eks_client, tasks
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.eks.test_client import (
    create_payload,
    params_for,
    requests_logged,
)

PRINCIPAL = "arn:aws:iam::123456789012:role/developers"
VIEW = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import eks as eks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[eks_cloud.CLOUD], discover=False, config={"speed": 200})


def make_cluster(emulator, mode="API"):
    client = eks_client.client_from_params(params_for(emulator))
    client.create_cluster(create_payload("c1", accessConfig={"authenticationMode": mode}))
    emulator.admin.advance(30)
    emulator.admin.clear_log()
    return client


def entry_params(emulator, **overrides):
    params = params_for(
        emulator,
        cluster_name="c1",
        principal_arn=PRINCIPAL,
        state="present",
        type=None,
        kubernetes_groups=None,
        username=None,
        access_policies=None,
        purge_access_policies=True,
        tags=None,
        purge_tags=True,
    )
    params.update(overrides)
    return params


def run(emulator, check_mode=False, **overrides):
    return tasks.access_entry(entry_params(emulator, **overrides), check_mode=check_mode)


def writes(emulator):
    return [(entry["method"], entry["template"]) for entry in requests_logged(emulator) if entry["method"] != "GET"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"principal_arn": "developers"}, r"^principal_arn: 'developers' is not the ARN of an IAM role or user"),
        ({"type": "EC2_LINUX", "kubernetes_groups": ["g"]}, r"^kubernetes_groups: an access entry of type EC2_LINUX"),
        (
            {"access_policies": [{"policy_arn": VIEW, "access_scope": {"type": "namespace", "namespaces": None}}]},
            r"^access_policies\[0\].access_scope.namespaces: required",
        ),
        (
            {
                "access_policies": [
                    {"policy_arn": VIEW, "access_scope": None},
                    {"policy_arn": VIEW, "access_scope": None},
                ]
            },
            r"^access_policies: each policy once",
        ),
    ],
)
def test_bad_options_are_refused_before_any_call(emulator, overrides, message):
    with pytest.raises(InputError, match=message):
        run(emulator, **overrides)
    assert requests_logged(emulator) == []


def test_a_config_map_cluster_is_refused_naming_the_mode(emulator):
    make_cluster(emulator, mode="CONFIG_MAP")
    with pytest.raises(ResourceError, match=r"^cluster_name: .*access_config.authentication_mode CONFIG_MAP"):
        run(emulator, check_mode=True)
    with pytest.raises(ResourceError, match=r"authentication_mode CONFIG_MAP"):
        run(emulator)
    assert writes(emulator) == []
    assert run(emulator, state="absent")["changed"] is False


def test_entry_and_policies_lifecycle(emulator):
    make_cluster(emulator)
    policies = [
        {"policy_arn": "AmazonEKSViewPolicy", "access_scope": {"type": "namespace", "namespaces": ["b", "a"]}},
        {"policy_arn": ADMIN, "access_scope": None},
    ]
    check = run(emulator, check_mode=True, kubernetes_groups=["devs"], access_policies=policies)
    assert check["changed"] and writes(emulator) == []
    created = run(emulator, kubernetes_groups=["devs"], access_policies=policies, tags={"t": "1"})
    entry = created["access_entry"]
    assert entry["type"] == "STANDARD" and entry["kubernetes_groups"] == ["devs"]
    assert sorted(item["policy_arn"] for item in entry["access_policies"]) == [ADMIN, VIEW]
    assert {"policy_arn": VIEW, "access_scope": {"type": "namespace", "namespaces": ["a", "b"]}} in entry[
        "access_policies"
    ]
    emulator.admin.clear_log()
    again = run(emulator, kubernetes_groups=["devs"], access_policies=list(reversed(policies)), tags={"t": "1"})
    assert again["changed"] is False
    assert [entry["method"] for entry in requests_logged(emulator)] == ["GET", "GET"]
    # one more namespace for the view policy, the admin policy dropped, other groups
    changed = run(
        emulator,
        kubernetes_groups=["ops"],
        access_policies=[{"policy_arn": VIEW, "access_scope": {"type": "namespace", "namespaces": ["a", "b", "c"]}}],
    )
    assert [item["type"] for item in changed["updates"]] == [
        "UpdateAccessEntry",
        "AssociateAccessPolicy",
        "DisassociateAccessPolicy",
    ]
    assert changed["access_entry"]["kubernetes_groups"] == ["ops"]
    assert [item["policy_arn"] for item in changed["access_entry"]["access_policies"]] == [VIEW]
    # without purge, a new policy is added and the others stay
    added = run(emulator, access_policies=[{"policy_arn": ADMIN, "access_scope": None}], purge_access_policies=False)
    assert [item["type"] for item in added["updates"]] == ["AssociateAccessPolicy"]
    assert len(added["access_entry"]["access_policies"]) == 2
    with pytest.raises(ResourceError, match=r"cannot change type"):
        run(emulator, type="EC2_LINUX")
    deleted = run(emulator, state="absent")
    assert deleted["changed"] is True and deleted["access_entry"] == {}
    assert run(emulator, state="absent")["changed"] is False
