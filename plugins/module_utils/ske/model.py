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
    update_keys=(
        "cloud_logging_enabled",
        "security_group_id_list",
        "kubernetes_version",
        "public_endpoint_access_control_ip",
        "private_endpoint_access_control_resources",
    ),
    create_only=(
        "name",
        "vpc_id",
        "subnet_id",
        "volume_id",
        "service_watch_logging_enabled",
    ),
    unordered=("security_group_id_list", "private_endpoint_access_control_resources"),
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
    "private_endpoint_access_control_resources",
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
        "private_endpoint_access_control_resources": private_access_resources(
            cluster.get("private_endpoint_access_control_resources")
        ),
    }
    return {key: value for key, value in state.items() if value is not None}


def private_access_resources(resources):
    """[{id, name, type}] of the API's list (None stays None)."""
    if resources is None:
        return None
    return [
        {key: str(item.get(key) or "") for key in ("id", "name", "type")}
        for item in resources
        if isinstance(item, dict)
    ]


# --- Kubernetes versions ---------------------------------------------------------------------------------------


def version_key(version):
    """(major, minor, patch) of 'v1.31.8', for ordering; None when it is not such a version."""
    parts = str(version or "").lstrip("v").split(".")
    try:
        return tuple(int(part) for part in parts[:3]) if len(parts) == 3 else None
    except ValueError:
        return None


def upgrade_path(current, target, offered):
    """The versions to upgrade through, one minor at a time, from current to target.

    Each intermediate minor is the newest patch of that minor on offer; the last step is target itself.
    (None, reason) when there is no such path: target older than current, target not on offer, or a minor in
    between with no version on offer. ([], None) when current is target.
    """
    have, want = version_key(current), version_key(target)
    offered_keys = sorted({version_key(item): item for item in offered if version_key(item)}.items())
    if have == want:
        return [], None
    if want is None or have is None:
        return None, "%s cannot be compared with the cluster's version %s" % (target, current)
    if want < have:
        return None, "%s is older than the cluster's version %s; SKE does not downgrade" % (target, current)
    if want[0] != have[0]:
        return None, "%s is another major version than the cluster's %s" % (target, current)
    if target not in offered:
        return None, "%s is not on offer (SKE offers %s)" % (target, ", ".join(item for _key, item in offered_keys))
    path = []
    minor = have[:2]
    while minor[1] + 1 < want[1]:
        following = (minor[0], minor[1] + 1)
        candidates = [item for key, item in offered_keys if key[:2] == following]
        if not candidates:
            return None, "no version %d.%d is on offer to upgrade through from %s to %s" % (
                following[0],
                following[1],
                current,
                target,
            )
        path.append(candidates[-1])
        minor = following
    path.append(target)
    return path, None


# --- node pools ------------------------------------------------------------------------------------------------

NODEPOOL_STATUSES = ("ScalingUp", "ScalingDown", "Updating", "Running", "Deleting")
NODEPOOL_SETTLED = ("Running",)
NODEPOOL_TRANSIENT = ("ScalingUp", "ScalingDown", "Updating")

NODEPOOL_SPEC = ResourceSpec(
    "nodepool",
    update_keys=(
        "desired_node_count",
        "auto_scale_enabled",
        "min_node_count",
        "max_node_count",
        "auto_recovery_enabled",
        "kubernetes_version",
    ),
    create_only=(
        "name",
        "image_os",
        "image_os_version",
        "server_type_id",
        "volume_type_name",
        "volume_size",
        "keypair_name",
    ),
)
# The options sent by PUT /v1/nodepools/{id} (request field names on the right).
NODEPOOL_UPDATE_FIELDS = {
    "desired_node_count": "desired_node_count",
    "auto_scale_enabled": "is_auto_scale",
    "min_node_count": "min_node_count",
    "max_node_count": "max_node_count",
    "auto_recovery_enabled": "is_auto_recovery",
}
NODEPOOL_INFO_FIELDS = (
    "account_id",
    "status",
    "current_node_count",
    "created_at",
    "created_by",
    "modified_at",
    "modified_by",
)


def nodepool_status(pool):
    return pool.get("status") if pool else None


def nodepool_create_payload(desired, cluster_id, kubernetes_version, custom_image_id=None):
    """The POST /v1/nodepools body. Counts: desired_node_count without auto scale, min and max with it."""
    auto_scale = bool(desired.get("auto_scale_enabled"))
    body = {
        "cluster_id": cluster_id,
        "name": desired["name"],
        "kubernetes_version": desired.get("kubernetes_version") or kubernetes_version,
        "image_os": desired["image_os"],
        "image_os_version": desired["image_os_version"],
        "server_type_id": desired["server_type_id"],
        "volume_type_name": desired["volume_type_name"],
        "volume_size": desired["volume_size"],
        "keypair_name": desired["keypair_name"],
        "is_auto_scale": auto_scale,
        "is_auto_recovery": bool(desired.get("auto_recovery_enabled")),
    }
    if custom_image_id:
        body["custom_image_id"] = custom_image_id
    if auto_scale:
        body["min_node_count"] = desired["min_node_count"]
        body["max_node_count"] = desired["max_node_count"]
    else:
        body["desired_node_count"] = desired["desired_node_count"]
    return body


def nodepool_update_payload(changes, record):
    """The PUT /v1/nodepools/{id} body for changes (option names), with what the API needs alongside: the counts
    of the auto scale mode the pool will be in."""
    current = nodepool_state(record)
    wanted = dict(current, **changes)
    body = {field: changes[option] for option, field in NODEPOOL_UPDATE_FIELDS.items() if option in changes}
    if wanted.get("auto_scale_enabled"):
        body.pop("desired_node_count", None)
        body["is_auto_scale"] = True
        body.setdefault("min_node_count", wanted.get("min_node_count"))
        body.setdefault("max_node_count", wanted.get("max_node_count"))
    else:
        body.pop("min_node_count", None)
        body.pop("max_node_count", None)
        if "auto_scale_enabled" in changes or "desired_node_count" in changes:
            body["is_auto_scale"] = False
            body["desired_node_count"] = wanted.get("desired_node_count")
    return body


def nodepool_state(pool):
    """A node pool (show answer, or list summary) in option names. min and max are compared only with auto scale,
    desired_node_count only without it (the API sets the others from them)."""
    image = pool.get("image") or {}
    state = {
        "id": pool.get("id"),
        "name": pool.get("name"),
        "cluster_id": (pool.get("cluster") or {}).get("id"),
        "kubernetes_version": pool.get("kubernetes_version"),
        "auto_scale_enabled": pool.get("auto_scale_enabled"),
        "auto_recovery_enabled": pool.get("auto_recovery_enabled"),
        "desired_node_count": pool.get("desired_node_count"),
        "min_node_count": pool.get("min_node_count"),
        "max_node_count": pool.get("max_node_count"),
        "image_os": image.get("os"),
        "image_os_version": image.get("os_version"),
        "custom_image_name": image.get("custom_image_name"),
        "server_type_id": (pool.get("server_type") or {}).get("id"),
        "volume_type_name": (pool.get("volume_type") or {}).get("name"),
        "volume_size": pool.get("volume_size"),
        "keypair_name": (pool.get("keypair") or {}).get("name"),
    }
    return {key: value for key, value in state.items() if value is not None}


def nodepool_info(pool):
    """What the modules return about a node pool: nodepool_state() plus the read-only facts."""
    info = nodepool_state(pool)
    info.update({key: pool[key] for key in NODEPOOL_INFO_FIELDS if key in pool})
    return info


def cluster_info(cluster):
    """What the modules return about a cluster: cluster_state() plus the read-only facts."""
    info = cluster_state(cluster)
    info.update({key: cluster[key] for key in INFO_FIELDS if key in cluster})
    return info
