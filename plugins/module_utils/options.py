# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs shared by the modules: connection options per cloud, waiting, kubeconfig delivery.

The doc fragments under plugins/doc_fragments/ document exactly these options; a unit test compares them.
Credentials have no default and no env fallback here: credentials.resolve_<cloud>() applies the vendor's
precedence (options, then environment variables, then config files).
"""

from __future__ import annotations

import copy

CLOUDS = ("oks", "sks", "eks", "ske", "huawei")

DEFAULT_SKE_API_VERSION = "ske 1.3"


def _public(**extra):
    return dict(type="str", no_log=False, **extra)


def _secret(**extra):
    return dict(type="str", no_log=True, **extra)


def _plain(**extra):
    return dict(type="str", **extra)


_CREDENTIAL_SPECS = {
    "oks": {
        "access_key": _public(),
        "secret_key": _secret(),
        "username": _plain(),
        "password": _secret(),
        "access_token": _secret(),
        "refresh_token": _secret(),
        "otp_code": _secret(),
        "region": _plain(),
        "profile": _plain(),
    },
    "sks": {
        "api_key": _public(),
        "api_secret": _secret(),
        "zone": _plain(),
        "profile": _plain(),
    },
    "eks": {
        "access_key": _public(aliases=["aws_access_key_id"]),
        "secret_key": _secret(aliases=["aws_secret_access_key"]),
        "session_token": _secret(aliases=["aws_session_token"]),
        "profile": _plain(aliases=["aws_profile"]),
        "region": _plain(aliases=["aws_region"]),
    },
    "ske": {
        "access_key": _public(),
        "secret_key": _secret(),
        "account_id": _plain(),
        "auth_token": _secret(),
        "api_version": _plain(default=DEFAULT_SKE_API_VERSION),
    },
    "huawei": {
        "access_key": _public(),
        "secret_key": _secret(),
        "security_token": _secret(),
        "auth_token": _secret(),
        "project_id": _plain(),
        "region": _plain(),
    },
}

_CONSTRAINTS = {
    "oks": {
        "required_together": [["access_key", "secret_key"], ["username", "password"]],
        "mutually_exclusive": [
            ["access_key", "username", "access_token"],
            ["profile", "access_key"], ["profile", "username"], ["profile", "access_token"],
        ],
        "required_by": {"refresh_token": ["access_token"]},
    },
    "sks": {
        "required_together": [["api_key", "api_secret"]],
        "mutually_exclusive": [["profile", "api_key"]],
        "required_by": {},
    },
    "eks": {
        "required_together": [["access_key", "secret_key"]],
        "mutually_exclusive": [["profile", "access_key"]],
        "required_by": {"session_token": ["access_key"]},
    },
    "ske": {
        "required_together": [["access_key", "secret_key"]],
        "mutually_exclusive": [],
        "required_by": {"auth_token": ["access_key"]},
    },
    "huawei": {
        "required_together": [["access_key", "secret_key"]],
        "mutually_exclusive": [["access_key", "auth_token"]],
        "required_by": {"security_token": ["access_key"]},
    },
}


def _check_cloud(cloud):
    if cloud not in CLOUDS:
        raise ValueError("unknown cloud %r, expected one of %s" % (cloud, ", ".join(CLOUDS)))


def common_argument_spec(cloud):
    """The connection options every cloud has: endpoint, validate_certs, ca_path, request_timeout."""
    _check_cloud(cloud)
    endpoint = _plain()
    if cloud == "eks":
        endpoint["aliases"] = ["endpoint_url", "aws_endpoint_url"]
    return {
        "endpoint": endpoint,
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path", "aliases": ["ca_bundle"]},
        "request_timeout": {"type": "int", "default": 30},
    }


def connection_argument_spec(cloud):
    """A new argument_spec fragment: the common connection options plus the credentials of cloud."""
    spec = common_argument_spec(cloud)
    spec.update(copy.deepcopy(_CREDENTIAL_SPECS[cloud]))
    return spec


def connection_constraints(cloud):
    """A new dict of AnsibleModule keyword arguments (required_together, mutually_exclusive, required_by) for cloud."""
    _check_cloud(cloud)
    return copy.deepcopy(_CONSTRAINTS[cloud])


def connection_required_together(cloud):
    return connection_constraints(cloud)["required_together"]


def connection_mutually_exclusive(cloud):
    return connection_constraints(cloud)["mutually_exclusive"]


def connection_required_by(cloud):
    return connection_constraints(cloud)["required_by"]


def wait_argument_spec(default_timeout=900):
    """wait and wait_timeout (seconds), documented by the managedk8s.clusters.wait fragment."""
    return {
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "int", "default": default_timeout},
    }


def kubeconfig_argument_spec():
    """The options of every kubeconfig module, documented by the managedk8s.clusters.kubeconfig fragment."""
    return {
        "dest": {"type": "path", "required": True},
        "force": {"type": "bool", "default": False},
        "renew_before": {"type": "int", "default": 3600},
        "return_content": {"type": "bool", "default": False},
        "mode": {"type": "raw", "default": "0600"},
    }
