# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE cluster in option names: API versions, status vocabulary, the create payload, state and output.

API versions are sent as ``Scp-API-Version: ske 1.x``; each has a "not before" date after which the vendor stops
supporting it (checks.deprecation_warning). DEFAULT_API_VERSION is the one place the default is written.
"""

from __future__ import annotations

import datetime

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ResourceSpec

API_VERSION_PREFIX = "ske "
# "not before" dates from the vendor's API reference: the version is unsupported from that day on.
API_VERSION_NOT_BEFORE = {
    "1.0": datetime.date(2025, 12, 31),
    "1.1": datetime.date(2026, 9, 19),
    "1.2": datetime.date(2026, 10, 14),
    "1.3": None,
}
API_VERSIONS = tuple(API_VERSION_NOT_BEFORE)
LATEST_API_VERSION = "1.3"
DEFAULT_API_VERSION = API_VERSION_PREFIX + LATEST_API_VERSION
KUBECONFIG_API_VERSIONS = ("1.1", "1.2", "1.3")
# The vendor's reference documents user-kubeconfig for 1.0 as well, DEPRECATED: unsupported from this date on.
KUBECONFIG_DEPRECATED = {"1.0": API_VERSION_NOT_BEFORE["1.0"]}
KUBECONFIG_TYPES = ("private", "public")

CLUSTER_STATUSES = ("CREATING", "RUNNING", "UPDATING", "DELETING")
CLUSTER_SETTLED = ("RUNNING",)
CLUSTER_TRANSIENT = ("CREATING", "UPDATING")

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    update_keys=("cloud_logging_enabled", "security_group_id_list"),
    create_only=(
        "name",
        "kubernetes_version",
        "vpc_id",
        "subnet_id",
        "volume_id",
        "service_watch_logging_enabled",
        "public_endpoint_access_control_ip",
    ),
    unordered=("security_group_id_list",),
)

CREATE_FIELDS = (
    "name",
    "kubernetes_version",
    "vpc_id",
    "subnet_id",
    "volume_id",
    "security_group_id_list",
    "cloud_logging_enabled",
    "service_watch_logging_enabled",
    "public_endpoint_access_control_ip",
)

INFO_FIELDS = (
    "account_id",
    "cluster_namespace",
    "created_at",
    "created_by",
    "modified_at",
    "modified_by",
    "node_count",
    "max_node_count",
    "private_endpoint_url",
    "public_endpoint_url",
    "private_kubeconfig_download_yn",
    "public_kubeconfig_download_yn",
)


def api_version_text(value):
    """'1.3' for 'ske 1.3', 'SKE 1.3', '1.3' or 'v1.3' (not checked: see checks.api_version_number)."""
    text = str(value or "").strip().lower()
    if text.startswith(API_VERSION_PREFIX):
        text = text[len(API_VERSION_PREFIX) :].strip()
    if text.startswith("v"):
        text = text[1:]
    return text


def tags_payload(tags):
    """The API's [{key, value}] from a dict (or a list already in that shape)."""
    if not tags:
        return []
    if isinstance(tags, dict):
        return [{"key": str(key), "value": "" if value is None else str(value)} for key, value in sorted(tags.items())]
    return [{"key": str(item["key"]), "value": str(item.get("value", ""))} for item in tags]


def create_payload(desired, tags=None):
    body = {key: desired[key] for key in CREATE_FIELDS if desired.get(key) is not None}
    body.setdefault("cloud_logging_enabled", False)
    body.setdefault("service_watch_logging_enabled", False)
    if tags:
        body["tags"] = tags_payload(tags)
    return body


def _resource_id(value):
    return value.get("id") if isinstance(value, dict) else value


def cluster_status(cluster):
    return cluster.get("status") if cluster else None


def cluster_state(cluster):
    """A cluster (show answer, or list summary) in option names."""
    groups = cluster.get("security_group_list")
    state = {
        "id": cluster.get("id"),
        "name": cluster.get("name"),
        "status": cluster.get("status"),
        "kubernetes_version": cluster.get("kubernetes_version"),
        "vpc_id": _resource_id(cluster.get("vpc")),
        "subnet_id": _resource_id(cluster.get("subnet")) or cluster.get("subnet_id"),
        "volume_id": _resource_id(cluster.get("volume")),
        "security_group_id_list": [_resource_id(item) for item in groups] if groups is not None else None,
        "cloud_logging_enabled": cluster.get("cloud_logging_enabled"),
        "service_watch_logging_enabled": cluster.get("service_watch_logging_enabled"),
        "public_endpoint_access_control_ip": cluster.get("public_endpoint_access_control_ip"),
    }
    return {key: value for key, value in state.items() if value is not None}


def cluster_info(cluster):
    """What the modules return about a cluster: cluster_state() plus the read-only facts."""
    info = cluster_state(cluster)
    info.update({key: cluster[key] for key in INFO_FIELDS if key in cluster})
    return info
