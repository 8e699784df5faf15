# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared connection options are checked before any call: endpoint, request_timeout, retries, wait_timeout."""

from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import (
    connection_option_problem,
    version_option_problem,
)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"endpoint": None, "request_timeout": 30, "wait_timeout": 0},
        {"endpoint": "https://api.eu-west-2.oks.outscale.com/api/v2"},
        {"endpoint": "http://127.0.0.1:8765/sks/v2", "request_timeout": 1, "wait_timeout": 600},
        {"endpoint": "https://[::1]:8443/eks"},
        {"retries": 0},
        {"retries": 10},
    ],
)
def test_good_options_pass(params):
    assert connection_option_problem(params) is None


@pytest.mark.parametrize(
    "params, words",
    [
        ({"endpoint": "not a url"}, ["endpoint", "https://"]),
        ({"endpoint": "api.example.com"}, ["endpoint", "http://"]),
        ({"endpoint": "ftp://api.example.com"}, ["endpoint", "https://"]),
        ({"endpoint": "https://"}, ["endpoint"]),
        ({"endpoint": "https://[::1"}, ["endpoint"]),
        ({"request_timeout": 0}, ["request_timeout", "above 0"]),
        ({"request_timeout": -3}, ["request_timeout"]),
        ({"wait_timeout": -1}, ["wait_timeout", "0 or more"]),
        ({"retries": -1}, ["retries", "0", "got -1"]),
    ],
)
def test_bad_options_are_named(params, words):
    problem = connection_option_problem(params)
    assert problem is not None and all(word in problem for word in words), problem


@pytest.mark.parametrize("option", ["version", "kubernetes_version"])
@pytest.mark.parametrize("value, meant", [("1.3", "1.30"), ("1.2", "1.20")])
def test_an_unquoted_version_is_named_with_the_fix(option, value, meant):
    problem = version_option_problem({option: value})
    assert problem.startswith("%s: %r is not a Kubernetes version that exists" % (option, value))
    assert 'Quote it: %s: "%s"' % (option, meant) in problem


@pytest.mark.parametrize("value", [None, "1.30", "1.31.8", "v1.31.8", "1.33", "latest", 1])
def test_real_versions_pass(value):
    assert version_option_problem({"version": value, "kubernetes_version": value}) is None


def test_a_v_prefixed_short_version_is_not_taken_for_a_yaml_number():
    assert version_option_problem({"kubernetes_version": "v1.3"}) is None
