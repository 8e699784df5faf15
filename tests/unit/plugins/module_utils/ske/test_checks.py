# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE option checks: API versions, single options and each module's options, all refused with InputError."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import checks

CLUSTER_ID = "70a599e031e749b7b260868f441e862b"
CREATE = {
    "name": "unit-c1",
    "kubernetes_version": "v1.31.8",
    "vpc_id": "vpc-1",
    "subnet_id": "subnet-1",
    "volume_id": "vol-1",
    "security_group_id_list": ["sg-1"],
}


# --- API versions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,number", [("ske 1.3", "1.3"), ("SKE 1.2", "1.2"), ("1.1", "1.1"), ("v1.0", "1.0"), (" ske 1.3 ", "1.3")]
)
def test_api_version_forms(value, number):
    assert checks.api_version_number(value) == number
    assert checks.api_version_header(value) == "ske " + number


@pytest.mark.parametrize("value", ["ske 1.4", "2", "", None, "ske1.3x"])
def test_unknown_api_version_names_the_option_and_the_choices(value):
    with pytest.raises(InputError) as caught:
        checks.api_version_number(value)
    assert "api_version" in str(caught.value)
    assert "ske 1.0, ske 1.1, ske 1.2, ske 1.3 (default ske 1.3)" in str(caught.value)


@pytest.mark.parametrize(
    "version,today,warns",
    [
        ("1.1", datetime.date(2026, 9, 18), False),
        ("1.1", datetime.date(2026, 9, 19), True),
        ("1.2", datetime.date(2026, 10, 13), False),
        ("1.2", datetime.date(2026, 10, 14), True),
        ("1.0", datetime.date(2025, 12, 31), True),
        ("1.3", datetime.date(2099, 1, 1), False),
    ],
)
def test_deprecation_warning_from_the_not_before_dates(version, today, warns):
    message = checks.deprecation_warning("ske " + version, today=today)
    assert bool(message) is warns
    if warns:
        assert "ske %s" % version in message and "use ske 1.3" in message


def test_kubeconfig_refuses_api_version_1_0_as_retired_on_2025_12_31():
    """Seed 003 documents user-kubeconfig for ske 1.0, DEPRECATED with "not before" 20251231: retired, not absent."""
    with pytest.raises(InputError) as caught:
        checks.check_kubeconfig_api_version("ske 1.0", today=datetime.date(2025, 12, 31))
    message = str(caught.value)
    assert message.startswith("api_version: ske 1.0 of the user-kubeconfig API is deprecated")
    assert "no longer supports it since" in message and "2025-12-31" in message
    assert "use one of ske 1.1, ske 1.2, ske 1.3" in message and "has no user-kubeconfig endpoint" not in message
    # Before that date the vendor still served it (the client factory warns that it is deprecated).
    assert checks.check_kubeconfig_api_version("ske 1.0", today=datetime.date(2025, 12, 30)) == "1.0"
    assert checks.check_kubeconfig_api_version("1.1") == "1.1"


# --- single options -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "check,value,fragment",
    [
        (checks.check_cluster_name, "ab", "3 to 30 characters"),
        (checks.check_cluster_name, "a" * 31, "3 to 30 characters"),
        (checks.check_cluster_name, "Web", "lowercase"),
        (checks.check_cluster_name, "web-", "ending with a letter or digit"),
        (checks.check_cluster_name, "1web", "starting with a letter"),
        (checks.check_cluster_id, "70A599E031E749B7B260868F441E862B", "32 lowercase hexadecimal digits"),
        (checks.check_kubernetes_version, "1.31", "like 1.31.8 (or v1.31.8)"),
        (checks.check_kubernetes_version, "v1.31.8-ske", "like 1.31.8 (or v1.31.8)"),
        (checks.check_name_filter, "Web", "lowercase letters, digits and '-'"),
        (checks.check_kubeconfig_type, "admin", "kubeconfig_type: 'admin' is not one of private, public"),
        (checks.check_access_control_ip, "203.0.113.1, nope", "public_endpoint_access_control_ip: 'nope'"),
    ],
)
def test_input_checks(check, value, fragment):
    with pytest.raises(InputError) as caught:
        check(value)
    assert fragment in str(caught.value)


def test_valid_inputs_pass():
    assert checks.check_cluster_name("web-prod-1") == "web-prod-1"
    assert checks.check_cluster_id(CLUSTER_ID) == CLUSTER_ID
    assert checks.check_kubernetes_version("v1.31.8") == "v1.31.8"
    # the form every other cloud's module takes, without the v, is SKE's own once checked
    assert checks.check_kubernetes_version("1.31.8") == "v1.31.8"
    assert checks.check_kubeconfig_type("public") == "public"


# --- each module's options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params,fragment",
    [
        ({"name": "x"}, "name: 'x' is not a valid SKE cluster name"),
        (dict(CREATE, security_group_id_list=[]), "security_group_id_list: give at least one"),
        (dict(CREATE, public_endpoint_access_control_ip="300.1.1.1"), "public_endpoint_access_control_ip: '300.1.1.1'"),
        (dict(CREATE, kubernetes_version="1.31"), "kubernetes_version: '1.31'"),
        (dict(CREATE, vpc_id=" "), "vpc_id: must not be empty"),
        ({"state": "absent"}, "state=absent needs cluster_id or name"),
        ({"cluster_id": "xyz", "state": "absent"}, "cluster_id: 'xyz'"),
        (dict(CREATE, wait_timeout=-1), "wait_timeout"),
    ],
)
def test_check_cluster_params(params, fragment):
    with pytest.raises(InputError) as caught:
        checks.check_cluster_params(params)
    assert fragment in str(caught.value)


def test_check_cluster_params_accepts_a_full_create_and_an_update_by_id():
    checks.check_cluster_params(
        dict(CREATE, state="present", public_endpoint_access_control_ip="203.0.113.1, 198.51.100.0/24")
    )
    checks.check_cluster_params({"cluster_id": "a" * 32, "cloud_logging_enabled": True, "state": "present"})


def test_cluster_options_check_the_api_version_first():
    with pytest.raises(InputError, match="api_version: 'ske 9'"):
        checks.cluster_options({"api_version": "ske 9", "name": "x"})
    checks.cluster_options(dict(CREATE, api_version="ske 1.3", state="present"))


INFO = {"api_version": "ske 1.3", "cluster_id": None, "name": None, "page_size": 50}


@pytest.mark.parametrize(
    "change,fragment",
    [
        ({"api_version": "1.9"}, "api_version: '1.9' is not an SKE API version"),
        ({"cluster_id": "nope"}, "cluster_id: 'nope' is not an SKE cluster id"),
        ({"name": "Web"}, "name: 'Web' can match no SKE cluster"),
        ({"page_size": 0}, "page_size: 0 is out of range; use 1 to 100"),
        ({"page_size": 101}, "page_size: 101 is out of range; use 1 to 100"),
    ],
)
def test_cluster_info_options(change, fragment):
    with pytest.raises(InputError) as caught:
        checks.cluster_info_options(dict(INFO, **change))
    assert str(caught.value).startswith(fragment)


def test_cluster_info_options_accept_the_defaults_and_filters():
    checks.cluster_info_options(INFO)
    checks.cluster_info_options(dict(INFO, name="web-1", page_size=100))
    checks.cluster_info_options(dict(INFO, cluster_id=CLUSTER_ID, page_size=1))


KUBECONFIG = {"api_version": "ske 1.3", "cluster_id": None, "cluster_name": None}


@pytest.mark.parametrize(
    "change,fragment",
    [
        ({"api_version": "ske 1.0"}, "api_version: ske 1.0 of the user-kubeconfig API is deprecated"),
        ({"api_version": "ske 2"}, "api_version: 'ske 2' is not an SKE API version"),
        ({"cluster_id": "nope"}, "cluster_id: 'nope' is not an SKE cluster id"),
        ({"cluster_name": "Web"}, "cluster_name: 'Web' is not a valid SKE cluster name"),
    ],
)
def test_kubeconfig_options(change, fragment):
    with pytest.raises(InputError) as caught:
        checks.kubeconfig_options(dict(KUBECONFIG, **change))
    assert str(caught.value).startswith(fragment)


def test_check_create_names_what_only_a_creation_needs():
    with pytest.raises(InputError, match="creating it needs these options too: kubernetes_version, vpc_id"):
        checks.check_create({"name": "web-1"})
    checks.check_create(dict(CREATE))
