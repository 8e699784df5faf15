# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option checks of the HSS modules: each bad value is an InputError naming the option, before any call."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import checks, model

pytest.importorskip("cryptography")

UTC = datetime.timezone.utc
FIRST = datetime.datetime(2031, 1, 1, tzinfo=UTC)


def make_kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


def millis(moment):
    return int(moment.timestamp() * 1000)


def params(**overrides):
    base = {
        "state": "present",
        "name": "unit-hss",
        "provider": "self_built_idc",
        "server": None,
        "kubeconfig": make_kubeconfig(not_after=FIRST),
        "kubeconfig_path": None,
        "force_kubeconfig_update": False,
        "current_expiration_date": None,
        "certificate_expiration_date": None,
        "image_repo": None,
        "image_repo_username": None,
        "image_repo_password": None,
        "organization": None,
        "image_repo_type": None,
        "image_arch": None,
        "anp_proxy": None,
        "hostguard_proxy": None,
        "container_name": None,
        "dns_policy": None,
        "dns_config": None,
        "enterprise_project_id": None,
        "wait_for_connection": False,
        "wait": True,
        "wait_timeout": 30,
    }
    base.update(overrides)
    return base


# --- input checks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a", "dc1-prod", "x" * 64, "集群-1", "with space inside"])
def test_valid_names(name):
    assert checks.check_name(name) == name


@pytest.mark.parametrize("name", ["", "x" * 65, " padded", "tab\there", None])
def test_invalid_names_name_the_option_and_the_rule(name):
    with pytest.raises(InputError, match=r"^name: .*1 to 64 characters"):
        checks.check_name(name)


@pytest.mark.parametrize(
    "server", ["https://203.0.113.10:6443", "https://k8s.example.com", "http://[2001:db8::1]:6443"]
)
def test_valid_servers(server):
    assert checks.check_server(server) == server


@pytest.mark.parametrize("server", ["203.0.113.10:6443", "ftp://host", "https://", "https://host:99999", "https://a b"])
def test_invalid_servers(server):
    with pytest.raises(InputError, match=r"^server: "):
        checks.check_server(server)


def test_dns_config_is_normalised_to_the_api_form():
    assert checks.check_dns_config(" 10.0.0.10 ; 2001:db8::53;") == "10.0.0.10;2001:db8::53"


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("", "give one to 3"),
        ("10.0.0.10;dns.example.com", "'dns.example.com' is not an IP address"),
        ("10.0.0.1;10.0.0.2;10.0.0.3;10.0.0.4", "at most 3"),
        ("10.0.0.0/24", "is not an IP address"),
    ],
)
def test_invalid_dns_config(value, fragment):
    with pytest.raises(InputError) as caught:
        checks.check_dns_config(value)
    assert str(caught.value).startswith("dns_config: ") and fragment in str(caught.value)


def test_enterprise_project_all_is_accepted_for_registrations_too():
    # the seed's example registration: POST .../clusters?enterprise_project_id=all_granted_eps
    assert checks.check_enterprise_project_id("all_granted_eps") == "all_granted_eps"
    options = checks.check_cluster_params(
        dict(
            name="x",
            state="present",
            enterprise_project_id="all_granted_eps",
            provider=None,
            server="https://203.0.113.10:6443",
            page_size=200,
        ),
        None,
    )
    assert options["enterprise_project_id"] == "all_granted_eps"


@pytest.mark.parametrize("limit, ok", [(10, True), (200, True), (9, False), (201, False), ("50", False)])
def test_list_limit_range(limit, ok):
    if ok:
        assert checks.check_list_limit(limit) == limit
    else:
        with pytest.raises(InputError, match="page_size: .* 10 to 200"):
            checks.check_list_limit(limit)


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (1814079596667, 1814079596667),
        ("1814079596667", 1814079596667),
        ("2030-06-30", 1909008000000),
        ("2030-06-30T00:00:00Z", 1909008000000),
        ("2030-06-30T02:00:00+02:00", 1909008000000),
        ("2030-06-30T00:00:00", 1909008000000),
        (datetime.date(2030, 6, 30), 1909008000000),
        (None, None),
    ],
)
def test_dates_become_milliseconds(value, expected):
    assert checks.to_millis(value, "current_expiration_date") == expected


@pytest.mark.parametrize("value", ["tomorrow", True, -5, 0, "2030-13-01", 10**16])
def test_invalid_dates_name_the_option(value):
    with pytest.raises(InputError, match=r"^certificate_expiration_date: "):
        checks.to_millis(value, "certificate_expiration_date")


# --- option checks ---------------------------------------------------------------------------------------


def checked(**overrides):
    values = params(**overrides)
    facts = model.read_kubeconfig(values)
    return checks.check_cluster_params(values, facts), facts


def test_options_are_normalised_for_the_api():
    options, _facts = checked(
        dns_policy="none", dns_config="10.0.0.10 ;10.0.0.11", current_expiration_date="2030-06-30"
    )
    assert options["server"] == "https://203.0.113.10:6443"
    assert options["dns_config"] == "10.0.0.10;10.0.0.11"
    assert options["current_expiration_date"] == 1909008000000


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        ({"dns_policy": "none"}, "dns_policy=none"),
        ({"dns_config": "not-an-ip"}, "dns_config: 'not-an-ip'"),
        ({"name": ""}, "name: "),
        ({"server": "k8s.example.com:6443"}, "server: "),
        (
            {"kubeconfig": make_kubeconfig(server="")},
            "server: the kubeconfig's current context names no cluster server",
        ),
        (
            {"certificate_expiration_date": "2040-01-01"},
            "certificate_expiration_date: the kubeconfig's client certificate",
        ),
        ({"current_expiration_date": "next year"}, "current_expiration_date: "),
        ({"enterprise_project_id": "eps 1"}, "enterprise_project_id: "),
        ({"image_repo": "swr example.com"}, "image_repo: "),
        ({"wait_for_connection": True, "wait": False}, "wait_for_connection=true"),
        ({"wait_timeout": -1}, "wait_timeout: "),
    ],
)
def test_invalid_options_are_refused_before_any_call(overrides, fragment):
    with pytest.raises(InputError) as caught:
        checked(**overrides)
    assert fragment in str(caught.value)


def test_certificate_date_is_accepted_for_a_token_kubeconfig_and_when_it_agrees():
    options, _facts = checked(kubeconfig=make_kubeconfig(token="t0ken-value"), certificate_expiration_date="2040-01-01")
    assert options["certificate_expiration_date"] == 2208988800000
    agreeing, _facts = checked(certificate_expiration_date=millis(FIRST))
    assert agreeing["certificate_expiration_date"] == millis(FIRST)


def test_absent_needs_no_kubeconfig():
    options = checks.check_cluster_params(params(state="absent", kubeconfig=None, provider=None), None)
    assert options["name"] == "unit-hss"
