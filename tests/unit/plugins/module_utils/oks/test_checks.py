# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OKS option checks: every value the API would refuse is refused first, naming the option (no network)."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import checks

# --- option checks -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ab", "a1", "prod-eu-2", "a" * 40])
def test_valid_names(name):
    checks.check_name("name", name)


@pytest.mark.parametrize("name", ["A1", "1abc", "abc-", "a_b", "a" * 41, "a", ""])
def test_invalid_names_name_the_option_and_the_pattern(name):
    with pytest.raises(InputError) as raised:
        checks.check_name("project_name", name)
    assert str(raised.value).startswith("project_name: ")
    assert checks.NAME_PATTERN.pattern in str(raised.value)


@pytest.mark.parametrize(
    "cidr, fragment",
    [
        ("10.50.0.0/16", None),
        ("192.168.0.0/23", None),
        ("10.50.0.0/24", "between /16 and /23"),
        ("10.0.0.0/8", "between /16 and /23"),
        ("8.8.0.0/16", "RFC 1918"),
        ("10.50.0.1/16", "not a valid CIDR"),
        ("fd00::/64", "IPv6"),
        ("nonsense", "not a valid CIDR"),
    ],
)
def test_project_cidr(cidr, fragment):
    params = {"name": "p1", "cidr": cidr}
    if fragment is None:
        checks.validate_project_params(params)
    else:
        with pytest.raises(InputError, match=fragment):
            checks.validate_project_params(params)


def cluster_params(**overrides):
    params = {
        "state": "present",
        "name": "c1",
        "project_name": None,
        "version": None,
        "cidr_pods": None,
        "cidr_service": None,
        "cluster_dns": None,
        "admin_whitelist": None,
        "cp_subregions": None,
        "auto_maintenances": None,
    }
    params.update(overrides)
    return params


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        ({"version": "1.30.2"}, "version: '1.30.2' is not a Kubernetes version in the form X.Y"),
        ({"cidr_pods": "100.64.0.0/16"}, "cidr_pods"),
        (
            {"cidr_service": "10.100.0.0/16", "cluster_dns": "10.92.0.10"},
            "cluster_dns: 10.92.0.10 is not inside cidr_service",
        ),
        ({"cp_subregions": ["2a", "2b"]}, "which OKS builds on at least 3 subregions"),
        ({"cluster_dns": "fd00::10"}, "IPv6"),
        ({"admin_whitelist": ["10.1.2.3"]}, "private RFC 1918"),
        ({"admin_whitelist": ["127.0.0.1/32"]}, "loopback"),
        ({"admin_whitelist": ["2001:db8::/32"]}, "IPv6"),
        ({"admin_whitelist": ["203.0.113.7/24"]}, "admin_whitelist"),
        ({"cp_subregions": []}, "at least one subregion"),
        ({"cp_subregions": ["2a", "2a"]}, "unique"),
        (
            {"auto_maintenances": {"minor_upgrade_maintenance": {"start_hour": 24}}},
            "auto_maintenances.minor_upgrade_maintenance.start_hour: 24 is out of range, use an hour from 0 to 23",
        ),
        (
            {"auto_maintenances": {"patch_upgrade_maintenance": {"duration_hours": -1}}},
            "auto_maintenances.patch_upgrade_maintenance.duration_hours",
        ),
    ],
)
def test_cluster_options_refused(overrides, fragment):
    with pytest.raises(InputError) as raised:
        checks.validate_cluster_params(cluster_params(**overrides))
    assert fragment in str(raised.value)


def test_cluster_options_accepted():
    checks.validate_cluster_params(
        cluster_params(
            version="1.31",
            cidr_pods="10.91.0.0/16",
            cidr_service="10.100.0.0/16",
            cluster_dns="10.100.0.10",
            admin_whitelist=["203.0.113.0/24", "198.51.100.7", "0.0.0.0/0"],
            cp_subregions=["2a", "2b", "2c"],
            auto_maintenances={"minor_upgrade_maintenance": {"start_hour": 0, "duration_hours": 23}},
        )
    )


@pytest.mark.parametrize(
    "ttl, seconds",
    [
        ("30s", 30),
        ("15m", 900),
        ("5h", 18000),
        ("1d", 86400),
        ("2w", 1209600),
        (None, None),
        ("3600", 3600),
        (86400, 86400),
    ],
)
def test_ttl_seconds(ttl, seconds):
    assert checks.ttl_seconds(ttl) == seconds


def test_the_api_gets_the_ttl_in_its_largest_whole_unit():
    assert [checks.api_ttl(value) for value in (86400, "3600", "90", "36h", "2w", None)] == [
        "1d",
        "1h",
        "90s",
        "36h",
        "2w",
        None,
    ]


@pytest.mark.parametrize("ttl", ["1y", "0h", "h", "-1d", 0, True])
def test_ttl_refused(ttl):
    with pytest.raises(InputError, match="ttl"):
        checks.ttl_seconds(ttl)


@pytest.mark.parametrize("option, value", [("user", "system:admin"), ("group", "oks:admins")])
def test_reserved_kubeconfig_identities(option, value):
    with pytest.raises(InputError, match="reserved"):
        checks.validate_kubeconfig_params({option: value})
