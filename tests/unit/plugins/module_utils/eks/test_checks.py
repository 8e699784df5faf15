# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS option checks: every bad value refused before any call, naming its option."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import checks
from ansible_collections.managedk8s.clusters.tests.unit.plugins.module_utils.eks.samples import ROLE, cluster_params


@pytest.mark.parametrize("name", ["c", "C1", "a-b_c", "9" * 100])
def test_valid_cluster_names(name):
    checks.check_name(name)


@pytest.mark.parametrize("name", ["", "-a", "_a", "a.b", "a b", "é", "a" * 101])
def test_invalid_cluster_names_name_the_option(name):
    with pytest.raises(InputError, match=r"^name: .*1 to 100 characters"):
        checks.check_name(name)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"subnets": ["subnet-1"]}, r"^subnets: .*at least two"),
        ({"subnets": ["subnet-1", "subnet-1"]}, r"^subnets: .*at least two"),
        ({"version": "1.29.3"}, r"^version: '1.29.3' is not a Kubernetes minor version"),
        ({"role_arn": "arn:aws:iam::12:role/x"}, r"^role_arn: "),
        ({"security_groups": ["sg-%d" % index for index in range(6)]}, r"^security_groups: at most 5"),
        ({"public_access_cidrs": ["10.0.0.1/8"]}, r"^public_access_cidrs: '10.0.0.1/8' is not a valid CIDR"),
        (
            {"public_access_cidrs": ["2001:db8::/32"], "kubernetes_network_config": {"ip_family": "ipv4"}},
            r"^public_access_cidrs: '2001:db8::/32' is an IPv6 CIDR block, which EKS accepts only when",
        ),
        ({"endpoint_public_access": False, "endpoint_private_access": False}, r"at least one of the two endpoints"),
        (
            {"kubernetes_network_config": {"service_ipv4_cidr": "100.64.0.0/16"}},
            r"service_ipv4_cidr: .*inside 10.0.0.0/8",
        ),
        ({"kubernetes_network_config": {"service_ipv4_cidr": "10.0.0.0/8"}}, r"service_ipv4_cidr: .*/12 to /24"),
        ({"tags": {"aws:reserved": "x"}}, r"^tags: the key 'aws:reserved' uses the reserved prefix"),
        ({"tags": {"k%d" % index: "v" for index in range(51)}}, r"^tags: at most 50 tags"),
        ({"tags": {"k": "v" * 257}}, r"^tags: the value of 'k'"),
        ({"wait_timeout": -1}, r"^wait_timeout: "),
        ({"encryption_config": {"key_arn": "my-key"}}, r"^encryption_config.key_arn: 'my-key' is not a KMS key ARN"),
        (
            {"encryption_config": {"key_arn": "arn:aws:iam::123456789012:role/r"}},
            r"^encryption_config.key_arn: .* is not a KMS key ARN",
        ),
    ],
)
def test_cluster_option_checks(overrides, message):
    with pytest.raises(InputError, match=message):
        checks.check_cluster_options(cluster_params(**overrides))


def test_absent_needs_only_a_valid_name():
    checks.check_cluster_options(cluster_params(state="absent", subnets=["only-one"], version="nonsense"))


def test_valid_cluster_options_pass():
    checks.check_cluster_options(
        cluster_params(
            version="1.31",
            security_groups=["sg-1"],
            public_access_cidrs=["203.0.113.0/24"],
            kubernetes_network_config={"service_ipv4_cidr": "172.20.0.0/16"},
            tags={"a": "b"},
            encryption_config={"key_arn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab"},
        )
    )
    checks.check_cluster_options(cluster_params(encryption_config={"key_arn": "alias/eks-secrets"}))


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"scaling_config": {"min_size": 3, "max_size": 2}}, r"min_size \(3\) is larger than max_size \(2\)"),
        ({"scaling_config": {"min_size": 1, "max_size": 2, "desired_size": 3}}, r"desired_size \(3\) must lie between"),
        ({"scaling_config": {"min_size": 2, "desired_size": 1}}, r"desired_size \(1\) must lie between"),
        (
            {"update_config": {"max_unavailable_percentage": 101}},
            r"max_unavailable_percentage: must be between 1 and 100",
        ),
        ({"taints": [{"key": "k" * 64, "effect": "NO_SCHEDULE"}]}, r"^taints: "),
        ({"launch_template": {"version": "2"}}, r"^launch_template: give the id or the name"),
        ({"name": "bad name"}, r"^name: "),
        ({"version": "latest"}, r"^version: "),
        ({"disk_size": 0}, r"^disk_size: must be 1 or more"),
    ],
)
def test_nodegroup_option_checks(overrides, message):
    params = {
        "name": "ng",
        "cluster_name": "c1",
        "state": "present",
        "node_role": ROLE,
        "subnets": ["subnet-1"],
        "scaling_config": None,
        "update_config": None,
        "taints": None,
        "launch_template": None,
        "tags": None,
        "version": None,
    }
    params.update(overrides)
    with pytest.raises(InputError, match=message):
        checks.check_nodegroup_options(params)
