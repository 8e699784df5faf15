# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE option checks, made before any API call: each raises core.errors.InputError naming the option."""

from __future__ import annotations

import datetime
import ipaddress
import re

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import model

CLUSTER_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")
CLUSTER_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
CLUSTER_NAME_LENGTH = (3, 30)
NAME_FILTER_PATTERN = re.compile(r"^[a-z0-9-]+$")
KUBERNETES_VERSION_PATTERN = re.compile(r"^v[0-9]\.[0-9]{1,2}\.[0-9]{1,2}$")
PAGE_SIZE_RANGE = (1, 100)
CREATE_REQUIRED = ("name", "kubernetes_version", "vpc_id", "subnet_id", "volume_id", "security_group_id_list")
NODEPOOL_NAME_LENGTH = (3, 20)
NODEPOOL_CREATE_REQUIRED = (
    "name",
    "image_os",
    "image_os_version",
    "server_type_id",
    "volume_type_name",
    "volume_size",
    "keypair_name",
    "auto_scale_enabled",
    "auto_recovery_enabled",
)
PRIVATE_ACCESS_KEYS = ("id", "name", "type")


# --- API versions ------------------------------------------------------------------------------------------


def _versions(numbers):
    return ", ".join(model.API_VERSION_PREFIX + item for item in numbers)


def api_version_number(value):
    """'1.3' for 'ske 1.3', 'SKE 1.3', '1.3' or 'v1.3'; InputError naming the option and the allowed values."""
    text = model.api_version_text(value)
    if text not in model.API_VERSION_NOT_BEFORE:
        raise InputError(
            "api_version: %r is not an SKE API version; use one of %s (default ske %s)"
            % (value, _versions(model.API_VERSIONS), model.LATEST_API_VERSION)
        )
    return text


def api_version_header(value):
    return model.API_VERSION_PREFIX + api_version_number(value)


def deprecation_warning(value, today=None):
    """The warning to show when the API version is past its "not before" date, else None."""
    number = api_version_number(value)
    not_before = model.API_VERSION_NOT_BEFORE[number]
    today = today or datetime.date.today()
    if not_before is None or today < not_before:
        return None
    return (
        'api_version: ske %s is deprecated; its "not before" date %s has passed and Samsung Cloud Platform '
        "may no longer serve it: use ske %s" % (number, not_before.isoformat(), model.LATEST_API_VERSION)
    )


def check_kubeconfig_api_version(value, today=None):
    """The API version number for GET /v1/clusters/{id}/user-kubeconfig.

    The vendor's reference documents that path for ske 1.0 to 1.3 and marks 1.0 DEPRECATED, not supported from its
    "not before" date (2025-12-31) on: from that day, ske 1.0 is refused for that reason, before any call.
    """
    number = api_version_number(value)
    retired = model.KUBECONFIG_DEPRECATED.get(number)
    today = today or datetime.date.today()
    if retired is not None and today >= retired:
        raise InputError(
            "api_version: ske %s of the user-kubeconfig API is deprecated and Samsung Cloud Platform no longer "
            'supports it since its "not before" date %s; use one of %s (default ske %s)'
            % (number, retired.isoformat(), _versions(model.KUBECONFIG_API_VERSIONS), model.LATEST_API_VERSION)
        )
    if number not in model.KUBECONFIG_API_VERSIONS + tuple(model.KUBECONFIG_DEPRECATED):
        raise InputError(
            "api_version: ske %s has no user-kubeconfig endpoint; use one of %s (default ske %s)"
            % (number, _versions(model.KUBECONFIG_API_VERSIONS), model.LATEST_API_VERSION)
        )
    return number


# --- single options ----------------------------------------------------------------------------------------


def check_cluster_id(value, option="cluster_id"):
    if not CLUSTER_ID_PATTERN.match(str(value)):
        raise InputError(
            "%s: %r is not an SKE cluster id (32 lowercase hexadecimal digits, "
            "such as 70a599e031e749b7b260868f441e862b)" % (option, value)
        )
    return value


def check_cluster_name(value, option="name"):
    low, high = CLUSTER_NAME_LENGTH
    text = str(value)
    if not low <= len(text) <= high or not CLUSTER_NAME_PATTERN.match(text):
        raise InputError(
            "%s: %r is not a valid SKE cluster name: %d to %d characters, lowercase letters, digits and "
            "'-', starting with a letter and ending with a letter or digit" % (option, value, low, high)
        )
    return text


def check_name_filter(value, option="name"):
    """The list API's name filter accepts lowercase letters, digits and '-'."""
    if not NAME_FILTER_PATTERN.match(str(value)):
        raise InputError(
            "%s: %r can match no SKE cluster; names have only lowercase letters, digits and '-'" % (option, value)
        )
    return value


def check_kubernetes_version(value, option="kubernetes_version"):
    """The version in SKE's own form: 1.31.8 (the collection's form on every cloud) and v1.31.8 both give v1.31.8."""
    text = str(value).strip()
    if text[:1].isdigit():
        text = "v" + text
    if not KUBERNETES_VERSION_PATTERN.match(text):
        raise InputError("%s: %r is not an SKE Kubernetes version; write it like 1.31.8 (or v1.31.8)" % (option, value))
    return text


def check_kubeconfig_type(value):
    if value not in model.KUBECONFIG_TYPES:
        raise InputError("kubeconfig_type: %r is not one of %s" % (value, ", ".join(model.KUBECONFIG_TYPES)))
    return value


def check_access_control_ip(value):
    for item in str(value).split(","):
        try:
            ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            raise InputError(
                "public_endpoint_access_control_ip: %r is not an IP address or CIDR block "
                "(such as 203.0.113.10 or 203.0.113.0/24; separate several with commas)" % item.strip()
            ) from None
    return value


# --- each module's options -----------------------------------------------------------------------------------


def check_cluster_params(params):
    """The first invalid option of ske_cluster (the API version apart: see cluster_options)."""
    if params.get("cluster_id"):
        check_cluster_id(params["cluster_id"])
    if params.get("name") is not None:
        check_cluster_name(params["name"])
    if params.get("kubernetes_version") is not None:
        params["kubernetes_version"] = check_kubernetes_version(params["kubernetes_version"])
    groups = params.get("security_group_id_list")
    if groups is not None and (not groups or not all(isinstance(item, str) and item.strip() for item in groups)):
        raise InputError("security_group_id_list: give at least one security group id, with no empty item")
    for option in ("vpc_id", "subnet_id", "volume_id"):
        if params.get(option) is not None and not str(params[option]).strip():
            raise InputError("%s: must not be empty" % option)
    if params.get("public_endpoint_access_control_ip") is not None:
        if not str(params["public_endpoint_access_control_ip"]).strip():
            raise InputError(
                "public_endpoint_access_control_ip: must not be empty; give the addresses allowed to reach the "
                "public endpoint (an IP address or CIDR block, several separated by commas)"
            )
        check_access_control_ip(params["public_endpoint_access_control_ip"])
    if params.get("private_endpoint_access_control_resources") is not None:
        check_private_access_resources(params["private_endpoint_access_control_resources"])
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        raise InputError("wait_timeout: must be 0 or more seconds")
    if params.get("state") == "absent" and not params.get("cluster_id") and not params.get("name"):
        raise InputError("state=absent needs cluster_id or name")


def check_private_access_resources(resources, option="private_endpoint_access_control_resources"):
    """Each item has a non-empty id, name and type."""
    for index, item in enumerate(resources):
        missing = [
            key for key in PRIVATE_ACCESS_KEYS if not isinstance(item, dict) or not str(item.get(key) or "").strip()
        ]
        if missing:
            raise InputError(
                "%s[%d]: give %s (each item is a resource with id, name and type)" % (option, index, ", ".join(missing))
            )
    return resources


def check_create(desired):
    """What a creation needs (asked only when the cluster does not exist yet, check mode too)."""
    missing = [option for option in CREATE_REQUIRED if desired.get(option) in (None, "", [])]
    if missing:
        raise InputError(
            "SKE cluster '%s' does not exist, and creating it needs these options too: %s"
            % (desired.get("name"), ", ".join(missing))
        )


def cluster_options(params):
    """ske_cluster: the API version, then the cluster options."""
    api_version_number(params["api_version"])
    check_cluster_params(params)


def cluster_info_options(params):
    """ske_cluster_info: the API version, the id or name filter, the page size."""
    api_version_number(params["api_version"])
    if params.get("cluster_id"):
        check_cluster_id(params["cluster_id"])
    if params.get("name"):
        check_name_filter(params["name"])
    low, high = PAGE_SIZE_RANGE
    if not low <= params["page_size"] <= high:
        raise InputError("page_size: %d is out of range; use %d to %d" % (params["page_size"], low, high))


def kubeconfig_options(params):
    """ske_kubeconfig: an API version with a user-kubeconfig endpoint, the cluster id or name."""
    check_kubeconfig_api_version(params["api_version"])
    if params.get("cluster_id"):
        check_cluster_id(params["cluster_id"])
    if params.get("cluster_name"):
        check_cluster_name(params["cluster_name"], option="cluster_name")


# --- node pools ----------------------------------------------------------------------------------------------


def check_nodepool_name(value, option="name"):
    low, high = NODEPOOL_NAME_LENGTH
    text = str(value)
    if not low <= len(text) <= high or not CLUSTER_NAME_PATTERN.match(text):
        raise InputError(
            "%s: %r is not a valid SKE node pool name: %d to %d characters, lowercase letters, digits and "
            "'-', starting with a letter and ending with a letter or digit" % (option, value, low, high)
        )
    return text


def check_node_counts(params):
    """desired_node_count without auto scale, min_node_count and max_node_count with it (as the vendor's Terraform
    provider reads them); every count 0 or more, min 1 or more and not above max."""
    for option in ("desired_node_count", "min_node_count", "max_node_count", "volume_size"):
        if params.get(option) is not None and params[option] < 0:
            raise InputError("%s: must be 0 or more" % option)
    auto_scale = params.get("auto_scale_enabled")
    if auto_scale is True and params.get("desired_node_count") is not None:
        raise InputError(
            "desired_node_count: not with auto_scale_enabled=true; give min_node_count and max_node_count "
            "(the autoscaler sets the node count between them)"
        )
    if auto_scale is False and (params.get("min_node_count") is not None or params.get("max_node_count") is not None):
        raise InputError(
            "min_node_count, max_node_count: only with auto_scale_enabled=true; without auto scale, give "
            "desired_node_count"
        )
    if (
        auto_scale is None
        and params.get("desired_node_count") is not None
        and (params.get("min_node_count") is not None or params.get("max_node_count") is not None)
    ):
        raise InputError(
            "desired_node_count: not together with min_node_count or max_node_count; set auto_scale_enabled too"
        )
    low, high = params.get("min_node_count"), params.get("max_node_count")
    if low is not None and low < 1:
        raise InputError("min_node_count: must be 1 or more")
    if low is not None and high is not None and low > high:
        raise InputError("min_node_count: %d is more than max_node_count %d" % (low, high))


def nodepool_options(params):
    """ske_nodepool: the API version, the node pool and cluster names or ids, the counts."""
    api_version_number(params["api_version"])
    if params.get("cluster_id"):
        check_cluster_id(params["cluster_id"])
    if params.get("cluster_name"):
        check_cluster_name(params["cluster_name"], option="cluster_name")
    if params.get("name") is not None:
        check_nodepool_name(params["name"])
    if params.get("nodepool_id") is not None and not str(params["nodepool_id"]).strip():
        raise InputError("nodepool_id: must not be empty")
    if not params.get("nodepool_id") and not params.get("name"):
        raise InputError("name: give the node pool's name (with cluster_id or cluster_name), or nodepool_id")
    if not params.get("nodepool_id") and not params.get("cluster_id") and not params.get("cluster_name"):
        raise InputError("cluster_id or cluster_name: give the cluster of node pool '%s'" % params.get("name"))
    if params.get("kubernetes_version") is not None:
        params["kubernetes_version"] = check_kubernetes_version(params["kubernetes_version"])
    for option in ("image_os", "image_os_version", "server_type_id", "volume_type_name", "keypair_name"):
        if params.get(option) is not None and not str(params[option]).strip():
            raise InputError("%s: must not be empty" % option)
    check_node_counts(params)
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        raise InputError("wait_timeout: must be 0 or more seconds")


def check_nodepool_create(desired):
    """What a node pool creation needs (asked only when the pool does not exist yet, check mode too)."""
    missing = [option for option in NODEPOOL_CREATE_REQUIRED if desired.get(option) in (None, "")]
    if desired.get("auto_scale_enabled"):
        missing += [option for option in ("min_node_count", "max_node_count") if desired.get(option) is None]
    elif desired.get("auto_scale_enabled") is False and desired.get("desired_node_count") is None:
        missing.append("desired_node_count")
    if missing:
        raise InputError(
            "SKE node pool '%s' does not exist, and creating it needs these options too: %s"
            % (desired.get("name"), ", ".join(missing))
        )
